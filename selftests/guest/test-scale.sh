#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# shellcheck disable=SC2317 # cleanup runs from the trap
#
# 256 LTPMs: create one per network namespace (ip netns add + htpmctl
# create --netns), use a few, destroy half by HTPM_IOC_DESTROY and half by
# deleting the namespace; all devices, sysfs entries and list entries must
# go, and kernel memory must come back to its baseline.
#
# Memory criterion, and why: kernel memory that a leak would show up in
# (unreclaimable slab + vmalloc + percpu, from /proc/meminfo, after dropping
# caches and shrinking every slab cache) is compared between two rounds that
# differ only in the LTPMs:
#   control  N network namespaces created and deleted, no LTPMs
#   scale    N network namespaces, each with an LTPM, all destroyed
# after a small warm-up round with LTPMs (so one-time allocations such as
# slab pages of the caches involved, the worker pool and IDR nodes are not
# counted). A control round is needed because the kernel itself keeps
# memory after netns churn: the namespaces of the last cleanup batch stay
# allocated until the next batch (measured: 50 `ip netns add/del` without
# htpm leave 49 net_namespace objects, ~1 MiB for 256), and a one-netns
# "flush" after each round only partly helps. The scale round may end at
# most HTPM_SCALE_TOL_KB (default 512 KiB, 2 KiB per LTPM for 256) above the
# control round. A live LTPM costs far more (printed as "per LTPM"), so
# leaking LTPMs, chips, engine state or request buffers fails, while slab
# pages left on per-CPU lists (measured: under 100 KiB) do not. struct net
# objects still allocated at the end (namespaces whose asynchronous cleanup
# has not finished: up to 140 of 256 after minutes on a busy TCG guest) are
# left out of the growth; htpm takes no reference to a namespace. The caches
# that grew most are printed to help find what leaked.

set -uo pipefail
# shellcheck source=selftests/guest/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

N=${HTPM_SCALE_N:-256}
WARMUP=${HTPM_SCALE_WARMUP:-32}
TOL_KB=${HTPM_SCALE_TOL_KB:-512}
work=$(mktemp -d /tmp/htpm-scale.XXXXXX)

cleanup()
{
	ip -all netns del 2>/dev/null
	rm -rf "$work"
}
trap cleanup EXIT

nr_ltpms()
{
	"$HTPMCTL" list 2>/dev/null | grep -c '^ltpm '
}

nr_tpm_entries()
{
	local f n=0
	for f in /dev/tpm[0-9]* /dev/tpmrm[0-9]* /sys/class/tpm/tpm* /sys/class/tpmrm/tpmrm*; do
		[[ -e $f ]] && n=$((n + 1))
	done
	echo $n
}

# Kernel memory that a leak would show up in, in KiB.
kmem_kb()
{
	awk '/^(SUnreclaim|VmallocUsed|Percpu):/ { s += $2 } END { print s }' /proc/meminfo
}

# Live network namespaces, as the net_namespace slab cache counts them
# (shrunk first, so that free objects on per-CPU slabs do not count).
nr_netns()
{
	echo 1 >/sys/kernel/slab/net_namespace/shrink 2>/dev/null
	awk '$1 == "net_namespace" { print $2 }' /proc/slabinfo
}

# The last namespace deleted (the flush one) may stay until the next batch.
netns_settled()
{
	(($(nr_netns) <= netns_base + 1))
}

ltpms_are()
{
	(($(nr_ltpms) == $1))
}

tpm_entries_are()
{
	(($(nr_tpm_entries) == $1))
}

# Wait for the namespaces to be freed (cleanup_net is asynchronous and slow
# under TCG: with the host busy, 256 of them have taken over a minute), then
# drop caches and shrink every slab cache.
settle()
{
	local f
	wait_until 240 netns_settled ||
		note "scale: $(nr_netns) network namespaces allocated, $netns_base before"
	sync
	echo 3 >/proc/sys/vm/drop_caches
	for f in /sys/kernel/slab/*/shrink; do
		echo 1 >"$f" 2>/dev/null
	done
	sleep 1
}

# Per-cache active bytes: "name bytes" lines.
slab_bytes()
{
	awk 'NR > 2 { print $1, $2 * $4 }' /proc/slabinfo | sort
}

# make_netns COUNT: network namespaces htpm-s0 .. htpm-s<COUNT-1>.
make_netns()
{
	local i
	for ((i = 0; i < $1; i++)); do
		echo "netns add htpm-s$i"
	done | ip -batch -
}

# Delete all namespaces, then one more, so that cleanup_net runs again for
# the batch before.
del_netns()
{
	ip -all netns del 2>/dev/null
	ip netns add htpm-flush && ip netns del htpm-flush
}

# control_round COUNT: namespaces without LTPMs.
control_round()
{
	make_netns "$1" || fail control_netns "ip netns add failed"
	del_netns
}

# round NAME COUNT: create COUNT LTPMs, use some, destroy them all.
# Prints PASS/FAIL lines only when NAME is not "warmup".
round()
{
	local name=$1 n=$2 i out created=0 ferr='' t0 ids=() devs=()
	local base_entries base_ltpms peak_kb

	base_entries=$(nr_tpm_entries)
	base_ltpms=$(nr_ltpms)
	make_netns "$n" || { fail "${name}_netns" "ip netns add failed"; return 1; }

	t0=$SECONDS
	for ((i = 0; i < n; i++)); do
		if ltpm_create "/run/netns/htpm-s$i"; then
			ids[i]=$LT_ID
			devs[i]=$LT_DEV
			created=$((created + 1))
		else
			ferr="$i: $ERR"
			break
		fi
	done
	note "$name: created $created LTPMs in $((SECONDS - t0)) s"
	peak_kb=$(kmem_kb)
	if [[ $name != warmup ]]; then
		if ((created == n)); then
			pass "${name}_create_$n"
		else
			fail "${name}_create_$n" "only $created created; netns $ferr"
		fi
		if [[ $(nr_ltpms) -eq $((base_ltpms + created)) &&
			$(nr_tpm_entries) -eq $((base_entries + 4 * created)) ]]; then
			pass "${name}_all_listed"
		else
			fail "${name}_all_listed" "htpmctl list has $(nr_ltpms) (expected $((base_ltpms + created))), $(nr_tpm_entries) tpm device+sysfs entries (expected $((base_entries + 4 * created)))"
		fi
		out=
		for i in 0 $((created / 2)) $((created - 1)); do
			((i >= 0)) || continue
			timeout 30 python3 "$TPMCMD" getrandom "${devs[i]}" 8 >/dev/null 2>&1 ||
				out+=" ${devs[i]}"
		done
		if [[ -z $out ]]; then
			pass "${name}_use"
		else
			fail "${name}_use" "GetRandom failed on$out"
		fi
		echo "$peak_kb" >"$work/peak_kb"
	fi

	t0=$SECONDS
	out=
	for ((i = 1; i < created; i += 2)); do
		"$HTPMCTL" destroy "${ids[i]}" >/dev/null 2>&1 || out+=" ${ids[i]}"
	done
	del_netns
	if ! wait_until 120 ltpms_are "$base_ltpms"; then
		[[ $name == warmup ]] && note "warmup: LTPMs left: $(nr_ltpms)"
	fi
	note "$name: destroyed in $((SECONDS - t0)) s"
	[[ $name == warmup ]] && return 0

	if [[ -z $out ]]; then
		pass "${name}_destroy"
	else
		fail "${name}_destroy" "htpmctl destroy failed for ids$out"
	fi
	if [[ $(nr_ltpms) -eq $base_ltpms ]] &&
		wait_until 10 tpm_entries_are "$base_entries"; then
		pass "${name}_all_gone"
	else
		fail "${name}_all_gone" "after 120 s: $(nr_ltpms) LTPMs listed (baseline $base_ltpms), $(nr_tpm_entries) tpm device+sysfs entries (baseline $base_entries)"
	fi
}

if [[ ! -x $HTPMCTL ]]; then
	fail scale "htpmctl missing ($HTPMCTL)"
	exit 1
fi

netns_base=$(nr_netns)
round warmup "$WARMUP"
control_round "$N"
settle
kb0=$(kmem_kb)
slab_bytes >"$work/slab0"

round scale "$N"
settle
kb1=$(kmem_kb)
slab_bytes >"$work/slab1"

peak=$(cat "$work/peak_kb" 2>/dev/null || echo "$kb0")
# struct net objects the kernel has not freed yet (their namespaces'
# cleanup is asynchronous; htpm holds no reference to a namespace) are the
# kernel's, not htpm's: their growth is left out, and printed.
netns_grow=$(join "$work/slab0" "$work/slab1" |
	awk '$1 == "net_namespace" { d = $3 - $2; print (d > 0 ? int(d / 1024) : 0) }')
grow=$((kb1 - kb0 - ${netns_grow:-0}))
note "scale: kernel memory (SUnreclaim+VmallocUsed+Percpu) after the control round $kb0 KiB, with $N LTPMs $peak KiB (per LTPM ~$(((peak - kb0) / N)) KiB), after the LTPM round $kb1 KiB (growth $grow KiB without $netns_grow KiB of struct net not freed yet, tolerance $TOL_KB KiB)"
note "scale: caches that grew most (bytes):"
join "$work/slab0" "$work/slab1" | awk '{ d = $3 - $2; if (d > 0) print d, $1 }' |
	sort -rn | head -n 5 | while read -r d c; do note "  $c +$d"; done
if ((grow <= TOL_KB)); then
	pass scale_memory_baseline
else
	fail scale_memory_baseline "kernel memory grew by $grow KiB after $N LTPMs came and went, compared with $N namespaces without LTPMs (tolerance $TOL_KB KiB)"
fi

exit $((htpm_failed ? 1 : 0))
