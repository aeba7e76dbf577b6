#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# `make demo`, guest side: three containers, each with its own logical TPM
# as /dev/tpm0, used through unchanged tpm2-tools (random bytes, properties,
# a signing key of its own whose signature the host checks with OpenSSL);
# then one container exits and its TPM goes with it.

set -uo pipefail
# shellcheck disable=SC2317 # functions run via declare -f / traps
# shellcheck source=selftests/guest/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

NAMES=(web db cache)
work=$(mktemp -d /tmp/htpm-demo.XXXXXX)
declare -A upid cpid

say()
{
	printf '\n== %s\n' "$*"
}

show()	# run a command, showing it first
{
	printf '  $ %s\n' "$*"
	"$@" 2>&1 | sed 's/^/    /'
}

# Runs inside each container: wait until the host has attached its TPM,
# then show what the container sees, then wait to be told to exit.
container_main()
{
	local dir=$1 name=$2 n
	mount -t tmpfs -o mode=755,size=1m dev /dev
	mknod -m 666 /dev/null c 1 3
	echo ready >"$dir/ready"
	for ((n = 0; n < 600; n++)); do
		[[ -e $dir/go ]] && break
		sleep 0.1
	done
	{
		echo "[$name] my /dev: $(ls /dev | tr '\n' ' ')"
		echo "[$name] tpm2_getrandom 8 --hex: $(tpm2_getrandom -T device:/dev/tpm0 8 --hex)"
		echo "[$name] tpm2_getcap properties-fixed:"
		tpm2_getcap -T device:/dev/tpmrm0 properties-fixed | awk -v n="$name" '
			function flush() { if (p != "") print "[" n "]   " p " " (v != "" ? v : r); p = "" }
			/^TPM2_PT/ { flush() }
			/^TPM2_PT_(FAMILY_INDICATOR|MANUFACTURER|VENDOR_STRING_1|FIRMWARE_VERSION_1|TOTAL_COMMANDS):/ { p = $1; r = ""; v = "" }
			/^ +raw:/ { r = $2 }
			/^ +value:/ { v = $0; sub(/^ +value: */, "", v) }
			END { flush() }'
		# A signing key of its own, derived from its LTPM's seeds
		echo "hello from $name" >"$dir/msg"
		if tpm2_createprimary -T device:/dev/tpmrm0 -Q -C o -G ecc256:ecdsa-sha256 \
			-a 'fixedtpm|fixedparent|sensitivedataorigin|userwithauth|sign' \
			-c "$dir/key.ctx" &&
			tpm2_sign -T device:/dev/tpmrm0 -c "$dir/key.ctx" -g sha256 -f plain \
				-o "$dir/sig" "$dir/msg" &&
			tpm2_readpublic -T device:/dev/tpmrm0 -Q -c "$dir/key.ctx" -f pem \
				-o "$dir/key.pem"; then
			echo "[$name] tpm2_createprimary (ECC P-256), tpm2_sign: $(stat -c %s "$dir/sig")-byte ECDSA signature of \"$(cat "$dir/msg")\""
		else
			echo "[$name] signing failed"
		fi
	} >"$dir/out" 2>&1
	touch "$dir/done"
	for ((n = 0; n < 3000; n++)); do
		[[ -e $dir/exit ]] && break
		sleep 0.1
	done
}

cleanup()
{
	local n
	for n in "${NAMES[@]}"; do
		touch "$work/$n/exit" 2>/dev/null
	done
	wait 2>/dev/null
	rm -rf "$work"
}
trap cleanup EXIT

say "1. Load htpm: one kernel module, one logical TPM 2.0 per network namespace"
htpm_loaded && rmmod htpm
show insmod "$HTPM_KO"
wait_until 10 test -c /dev/htpm
dmesg --notime | grep -E '^htpm: ' | grep -v taints | sed 's/^/    /'

say "2. Start three containers (new net, mount and pid namespaces, a private /dev)"
for n in "${NAMES[@]}"; do
	mkdir "$work/$n"
	unshare --net --mount --pid --fork --mount-proc --propagation private \
		bash -c "$(declare -f container_main); container_main $work/$n $n" &
	upid[$n]=$!
done
for n in "${NAMES[@]}"; do
	wait_until 30 test -e "$work/$n/ready" || { echo "container $n did not start"; exit 1; }
	p=$(cat "/proc/${upid[$n]}/task/${upid[$n]}/children" 2>/dev/null)
	cpid[$n]=${p%% *}
	echo "  container $n: pid ${cpid[$n]}, $(readlink "/proc/${cpid[$n]}/ns/net")"
done

say "3. Give each container its own TPM as /dev/tpm0 + /dev/tpmrm0"
for n in "${NAMES[@]}"; do
	show "$HTPMCTL" attach --pid "${cpid[$n]}" --path /dev/tpm0 --pathrm /dev/tpmrm0
	touch "$work/$n/go"
done
for n in "${NAMES[@]}"; do
	wait_until 120 test -e "$work/$n/done"
done

say "4. Inside the containers: unchanged tpm2-tools on their own /dev/tpm0"
for n in "${NAMES[@]}"; do
	sed 's/^/  /' "$work/$n/out"
done

say "5. On the host, OpenSSL checks each container's signature with its public key"
for n in "${NAMES[@]}"; do
	printf '  %-5s key %s: ' "$n" "$(sha256sum "$work/$n/key.pem" 2>/dev/null | cut -c1-16)"
	openssl dgst -sha256 -verify "$work/$n/key.pem" -signature "$work/$n/sig" \
		"$work/$n/msg" 2>&1
done

say "6. The host's view: every LTPM and the namespace it belongs to"
show "$HTPMCTL" list
echo "  host /dev: $(cd /dev && echo tpm[0-9]* tpmrm[0-9]*)"

say "7. Container 'db' exits: its network namespace goes, and its TPM with it"
id=$("$HTPMCTL" list | awk -v ns="netns:[$(stat -L -c %i "/proc/${cpid[db]}/ns/net")]" '$NF == ns { print $2 }')
touch "$work/db/exit"
wait "${upid[db]}" 2>/dev/null
if wait_until 10 bash -c "! \"$HTPMCTL\" list | grep -q '^ltpm $id '"; then
	echo "  LTPM $id is gone"
else
	echo "  LTPM $id is still there"
fi
show "$HTPMCTL" list
echo "  host /dev: $(cd /dev && echo tpm[0-9]* tpmrm[0-9]*)"

say "Done."
