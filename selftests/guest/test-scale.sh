#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# shellcheck disable=SC2317 # cleanup runs from the trap
#
# 256 LTPMs: create one per network namespace (ip netns add + htpmctl
# create --netns), use a few, destroy half by HTPM_IOC_DESTROY and half by
# deleting the namespace; all devices, sysfs entries and list entries must
# go, and kernel memory must come back to its baseline.
#
# Memory criterion, and why: a warm-up round (HTPM_SCALE_WARMUP LTPMs) runs
# first so that one-time allocations (slab pages of the caches involved,
# the worker pool, netns infrastructure, IDR nodes) are not counted. Then,
# after each round, caches are dropped and every slab cache shrunk, and
# unreclaimable slab + vmalloc + percpu memory is read from /proc/meminfo.
# The measured round may leave at most HTPM_SCALE_TOL_KB (default 1024 KiB)
# more than the warm-up left: 4 KiB per LTPM for 256 LTPMs. A live LTPM
# costs far more than that (printed as "per LTPM"), so leaking any LTPM,
# chip, engine state or request buffer fails the test, while slab pages
# held on per-CPU lists (tens of KiB, varying between runs) do not. The
# caches that grew most are printed to help find what leaked.

set -uo pipefail
# shellcheck source=selftests/guest/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

N=${HTPM_SCALE_N:-256}
WARMUP=${HTPM_SCALE_WARMUP:-32}
TOL_KB=${HTPM_SCALE_TOL_KB:-1024}
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

netns_settled()
{
	(($(nr_netns) <= netns_base))
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
# under TCG), then drop caches and shrink every slab cache.
settle()
{
	local f
	wait_until 120 netns_settled ||
		note "scale: $(nr_netns) network namespaces alive, $netns_base before"
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

# round NAME COUNT: create COUNT LTPMs, use some, destroy them all.
# Prints PASS/FAIL lines only when NAME is not "warmup".
round()
{
	local name=$1 n=$2 i out created=0 ferr='' t0 ids=() devs=()
	local base_entries base_ltpms peak_kb

	base_entries=$(nr_tpm_entries)
	base_ltpms=$(nr_ltpms)
	for ((i = 0; i < n; i++)); do
		echo "netns add htpm-s$i"
	done | ip -batch - || { fail "${name}_netns" "ip netns add failed"; return 1; }

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
	ip -all netns del 2>/dev/null
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
settle
kb0=$(kmem_kb)
slab_bytes >"$work/slab0"

round scale "$N"
settle
kb1=$(kmem_kb)
slab_bytes >"$work/slab1"

peak=$(cat "$work/peak_kb" 2>/dev/null || echo "$kb0")
grow=$((kb1 - kb0))
note "scale: kernel memory (SUnreclaim+VmallocUsed+Percpu) before $kb0 KiB, with $N LTPMs $peak KiB (per LTPM ~$(((peak - kb0) / N)) KiB), after $kb1 KiB (growth $grow KiB, tolerance $TOL_KB KiB)"
note "scale: caches that grew most (bytes):"
join "$work/slab0" "$work/slab1" | awk '{ d = $3 - $2; if (d > 0) print d, $1 }' |
	sort -rn | head -n 5 | while read -r d c; do note "  $c +$d"; done
if ((grow <= TOL_KB)); then
	pass scale_memory_baseline
else
	fail scale_memory_baseline "kernel memory grew by $grow KiB after $N LTPMs came and went (tolerance $TOL_KB KiB)"
fi

exit $((htpm_failed ? 1 : 0))
