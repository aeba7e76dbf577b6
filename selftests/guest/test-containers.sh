#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# shellcheck disable=SC2317 # functions run via declare -f / traps
#
# Three containers (unshare net+mount+pid, a private tmpfs /dev), each given
# its own LTPM as /dev/tpm0 + /dev/tpmrm0 by `htpmctl attach`, each running
# tpm2-tools over both devices. Checks: every command works, each container
# sees only its own TPM, the random bytes differ, a stale device node does
# not reach another container's LTPM, and a container's exit (its netns
# going away) removes its LTPM.

set -uo pipefail
# shellcheck source=selftests/guest/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

NR=3
work=$(mktemp -d /tmp/htpm-containers.XXXXXX)
declare -a upid cpid ids devs

# Runs inside the container: PID 1 of its pid namespace.
container_main()
{
	local dir=$1 t n
	mount -t tmpfs -o mode=755,size=1m htpm-dev /dev || exit 1
	mknod -m 666 /dev/null c 1 3
	mknod -m 666 /dev/zero c 1 5
	mknod -m 666 /dev/random c 1 8
	mknod -m 666 /dev/urandom c 1 9
	echo $$ >"$dir/ready"
	for ((n = 0; n < 600; n++)); do
		[[ -e $dir/go ]] && break
		sleep 0.1
	done
	ls -A /dev >"$dir/devlist"
	stat -c '%t:%T' /dev/tpm0 >"$dir/tpm0.devno" 2>&1
	stat -c '%t:%T' /dev/tpmrm0 >"$dir/tpmrm0.devno" 2>&1
	for t in tpm0 tpmrm0; do
		tpm2_getrandom -T "device:/dev/$t" 16 --hex >"$dir/$t.getrandom" 2>"$dir/$t.getrandom.err"
		echo "getrandom $t $?" >>"$dir/rc"
		tpm2_getcap -T "device:/dev/$t" properties-fixed >"$dir/$t.properties" 2>"$dir/$t.properties.err"
		echo "getcap_properties $t $?" >>"$dir/rc"
		tpm2_getcap -T "device:/dev/$t" commands >"$dir/$t.commands" 2>"$dir/$t.commands.err"
		echo "getcap_commands $t $?" >>"$dir/rc"
		tpm2_selftest -T "device:/dev/$t" -f >"$dir/$t.selftest" 2>"$dir/$t.selftest.err"
		echo "selftest $t $?" >>"$dir/rc"
	done
	touch "$dir/done"
	for ((n = 0; n < 3000; n++)); do
		[[ -e $dir/exit ]] && break
		sleep 0.1
	done
}

# PID (in our pid namespace) of the container's init: the child of unshare.
container_pid()
{
	local p
	p=$(cat "/proc/$1/task/$1/children" 2>/dev/null)
	[[ -n $p ]] || p=$(pgrep -P "$1")
	echo "${p%% *}"
}

cleanup()
{
	local c
	for ((c = 1; c <= NR; c++)); do
		touch "$work/c$c/exit" 2>/dev/null
		[[ -n ${upid[c]:-} ]] && kill "${upid[c]}" 2>/dev/null
	done
	wait 2>/dev/null
	rm -rf "$work"
}
trap cleanup EXIT

if [[ ! -x $HTPMCTL ]]; then
	fail containers "htpmctl missing ($HTPMCTL)"
	exit 1
fi

# Start all three; keep them alive together.
for ((c = 1; c <= NR; c++)); do
	mkdir "$work/c$c"
	unshare --net --mount --pid --fork --mount-proc --propagation private \
		bash -c "$(declare -f container_main); container_main $work/c$c" &
	upid[c]=$!
done
for ((c = 1; c <= NR; c++)); do
	if ! wait_until 30 test -s "$work/c$c/ready"; then
		fail containers_start_c$c "container did not start"
		exit 1
	fi
	cpid[c]=$(container_pid "${upid[c]}")
done

for ((c = 1; c <= NR; c++)); do
	out=$("$HTPMCTL" attach --pid "${cpid[c]}" --path /dev/tpm0 --pathrm /dev/tpmrm0 2>&1)
	rc=$?
	read -r tag id _ dev _ <<<"$out"
	if ((rc != 0)) || [[ $tag != ltpm || ! $dev =~ ^/dev/tpm[0-9]+$ ]]; then
		fail containers_attach_c$c "htpmctl attach --pid ${cpid[c]}: rc $rc: $out"
	else
		pass containers_attach_c$c
		ids[c]=$id
		devs[c]=$dev
	fi
	touch "$work/c$c/go"
done

for ((c = 1; c <= NR; c++)); do
	wait_until 300 test -e "$work/c$c/done" || fail containers_run_c$c "tpm2-tools did not finish in 300 s"
done

list=$("$HTPMCTL" list 2>&1)
note "htpmctl list:"
while read -r l; do note "  $l"; done <<<"$list"

for ((c = 1; c <= NR; c++)); do
	d=$work/c$c
	for t in tpm0 tpmrm0; do
		for cmd in getrandom getcap_properties getcap_commands selftest; do
			name=containers_c${c}_${t}_$cmd
			rc=$(awk -v c="$cmd" -v t="$t" '$1 == c && $2 == t { print $3 }' "$d/rc" 2>/dev/null)
			err=${cmd%%_*}
			[[ $cmd == getcap_* ]] && err=${cmd#getcap_}
			if [[ $rc == 0 ]]; then
				pass "$name"
			else
				fail "$name" "exit ${rc:-none}: $(tail -n 2 "$d/$t.$err.err" 2>/dev/null | tr '\n' ' ')"
			fi
		done
		if ! grep -Eqx '[0-9a-f]{32}' "$d/$t.getrandom" 2>/dev/null; then
			fail "containers_c${c}_${t}_random_format" "not 16 hex bytes: $(head -c 100 "$d/$t.getrandom" 2>/dev/null)"
		fi
	done
	grep -q TPM2_PT_MANUFACTURER "$d/tpm0.properties" 2>/dev/null ||
		fail "containers_c${c}_properties_content" "no TPM2_PT_MANUFACTURER in properties-fixed"

	# Only its own TPM: /dev has the four basics + tpm0 + tpmrm0, and those
	# are the device numbers of the LTPM bound to this container's netns.
	name=containers_c${c}_own_devices
	extra=$(grep -vxE 'null|zero|random|urandom|tpm0|tpmrm0' "$d/devlist" | tr '\n' ' ')
	ino=$(stat -L -c %i "/proc/${cpid[c]}/ns/net" 2>/dev/null)
	line=$(grep -F "netns:[$ino]" <<<"$list")
	read -r _ lid _ ldev ldevrm _ <<<"$line"
	if [[ -n $extra ]]; then
		fail "$name" "unexpected entries in the container's /dev: $extra"
	elif [[ -z $ino || -z $line ]]; then
		fail "$name" "htpmctl list has no LTPM for netns:[$ino]"
	elif [[ $lid != "${ids[c]:-}" ]]; then
		fail "$name" "LTPM of netns:[$ino] is $lid, attach said ${ids[c]:-?}"
	elif [[ $(cat "$d/tpm0.devno") != "$(devno "$ldev")" ||
		$(cat "$d/tpmrm0.devno") != "$(devno "$ldevrm")" ]]; then
		fail "$name" "container tpm0/tpmrm0 $(cat "$d/tpm0.devno")/$(cat "$d/tpmrm0.devno"), its LTPM $ldev/$ldevrm is $(devno "$ldev")/$(devno "$ldevrm")"
	else
		pass "$name"
	fi
done

# Random bytes: six draws (3 containers x 2 devices), all different.
draws=$(awk 1 "$work"/c*/tpm*.getrandom 2>/dev/null | grep -Ex '[0-9a-f]{32}')
if [[ $(sort -u <<<"$draws" | grep -c .) -eq $((2 * NR)) ]]; then
	pass containers_random_differ
else
	fail containers_random_differ "draws not all distinct: $(tr '\n' ' ' <<<"$draws")"
fi
if [[ $(printf '%s\n' "${ids[@]}" | sort -u | grep -c .) -eq $NR ]]; then
	pass containers_distinct_ltpms
else
	fail containers_distinct_ltpms "ids: ${ids[*]}"
fi

# A stale device node must not reach another namespace's LTPM: destroy
# c1's LTPM while c1 lives and give a new namespace an LTPM. The TPM core
# hands out the lowest free device number; htpm keeps c1's old number
# reserved while c1's namespace lives, so the new LTPM must get another one,
# and c1's /dev/tpm0 and /dev/tpmrm0 must fail.
stale_done=
stale_node_test()
{
	local name=containers_stale_node old=${devs[1]:-} out err t
	if [[ -z $old ]]; then
		skip $name "c1 has no LTPM"
		return
	fi
	if ! err=$(timeout 30 "$HTPMCTL" destroy "${ids[1]}" 2>&1); then
		fail $name "htpmctl destroy ${ids[1]}: $err"
		return
	fi
	stale_done=1
	ip netns add htpm-stale
	if ! ltpm_create /run/netns/htpm-stale; then
		fail $name "$ERR"
	else
		if [[ $LT_DEV == "$old" ]]; then
			fail ${name}_number_kept "the new LTPM got c1's old $old while c1's namespace lives"
		else
			pass ${name}_number_kept
		fi
		for t in tpm0 tpmrm0; do
			if out=$(nsenter -t "${cpid[1]}" -m -n -- timeout 20 \
				python3 "$TPMCMD" getrandom "/dev/$t" 8 2>&1); then
				fail ${name}_$t "after its LTPM was destroyed, container c1 drew random bytes ($out) through its /dev/$t from LTPM $LT_ID ($LT_DEV) of another network namespace"
			else
				pass ${name}_$t
				note "c1 /dev/$t after DESTROY: $(tail -n1 <<<"$out")"
			fi
		done
	fi
	"$HTPMCTL" destroy "$LT_ID" >/dev/null 2>&1
	ip netns del htpm-stale
}
stale_node_test

# A container's exit takes its LTPM with it (netns cleanup is async).
for ((c = 1; c <= NR; c++)); do
	touch "$work/c$c/exit"
	if ! wait_until 30 bash -c "! kill -0 ${upid[c]} 2>/dev/null"; then
		fail containers_exit_c$c "container did not exit"
		continue
	fi
	wait "${upid[c]}" 2>/dev/null
	upid[c]=
	if ((c == 1)) && [[ -n $stale_done ]]; then
		continue	# its LTPM was destroyed by the stale node test
	elif [[ -z ${ids[c]:-} ]]; then
		skip "netns_exit_removes_ltpm_c$c" "no LTPM was attached"
	elif wait_until 10 ltpm_gone "${ids[c]}" "${devs[c]}"; then
		pass "netns_exit_removes_ltpm_c$c"
	else
		fail "netns_exit_removes_ltpm_c$c" "LTPM ${ids[c]} (${devs[c]}) still present 10 s after its netns exited: $(ls -d "${devs[c]}" "/sys/class/tpm/${devs[c]#/dev/}" 2>&1 | tr '\n' ' ') $("$HTPMCTL" list | grep -w "^ltpm ${ids[c]}")"
	fi
done

exit $((htpm_failed ? 1 : 0))
