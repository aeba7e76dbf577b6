#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# shellcheck disable=SC2317 # cleanup runs from the trap
# shellcheck disable=SC2119 # htpm_load without module parameters
#
# The guest side of `make bench` (selftests/bench.sh boots the guest with
# it): one LTPM (htpm) against one swtpm behind tpm_vtpm_proxy, in the same
# guest, with the same raw command loops (selftests/build/tpmbench, one
# process writing a command to /dev/tpmN and reading the response):
#
#   getrandom, extend   GetRandom(32), PCR_Extend(SHA-256, PCR 16) per s
#   getrandom-rm        GetRandom(32) per s through /dev/tpmrmN
#   sign-rsa, sign-ecc  TPM2_Sign per s (RSASSA-SHA256 RSA-2048, ECDSA P-256)
#   quote-ecc           TPM2_Quote per s (SHA-256 PCRs 0-7, ECDSA P-256,
#                       restricted key)
#   nv-read             TPM2_NV_Read(64 bytes) per s, password session
#   cp-rsa-*, cp-ecc-*  TPM2_CreatePrimary (owner hierarchy, a new unique
#                       field each time): median and p99 in ms
#   getrandom-busy      GetRandom(32) per s on the bench instance while a
#                       second instance of the same TPM makes RSA-2048
#                       primaries in a loop (htpm: its key generation runs
#                       on the low-priority workers; swtpm: another
#                       process)
#   create              one instance made and registered, until its
#                       /dev/tpmN answers a GetRandom: median ms
#   mem-kernel          kernel memory per idle instance, KiB
#   mem-total           the same plus the swtpm process's PSS, KiB
#   mem-avail           MemAvailable drop per idle instance, KiB
#
# The rates and CreatePrimary alternate between the two TPMs (tpmbench
# does that), and so does instance creation, so that the slow phases of a
# shared host hit both alike. Every measurement is one line on the console:
#   BENCH: PASS METRIC IMPL ok VALUE [DETAIL...]
#   BENCH: PASS METRIC IMPL na REASON...
# IMPL is htpm, swtpm, or (rates) ratio: the median of the per-round
# htpm/swtpm ratios. Plus "BENCH: info KEY VALUE..." lines and "BENCH:
# done" at the end. Nothing here asserts a target: the host prints the
# table.
#
# Arguments (KEY=VALUE): slice= (seconds per rate slice, 1), rounds= (slices
# per TPM and rate, 5), passes= (2),
# rsa= (CreatePrimary RSA runs, 10), ecc= (CreatePrimary ECC runs, 20),
# create= (instances per creation median, 5), mem= (LTPMs for the memory
# figure, 64), memsw= (swtpm instances for it, 16).

set -uo pipefail
# shellcheck source=selftests/guest/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

TPMBENCH=$HTPM_TREE/selftests/build/tpmbench
SLICE=1 ROUNDS=5 PASSES=2 RSA_N=10 ECC_N=20 CREATE_N=5 MEM_N=64 MEMSW_N=16
PRIMARY_MAX=90	# seconds one CreatePrimary series may take
for a in "$@"; do
	case $a in
	slice=*) SLICE=${a#*=} ;;
	rounds=*) ROUNDS=${a#*=} ;;
	passes=*) PASSES=${a#*=} ;;
	rsa=*) RSA_N=${a#*=} ;;
	ecc=*) ECC_N=${a#*=} ;;
	create=*) CREATE_N=${a#*=} ;;
	mem=*) MEM_N=${a#*=} ;;
	memsw=*) MEMSW_N=${a#*=} ;;
	*) echo "bench.sh: unknown argument '$a'" >&2; exit 1 ;;
	esac
done

# swtpm state lives on the ext4 root (a virtio disk), not on tmpfs, so that
# its state files do not count as memory.
work=/var/tmp/htpm-bench
sw_pids=()

cleanup()
{
	local p
	for p in "${sw_pids[@]}"; do
		kill "$p" 2>/dev/null
	done
	ip -all netns del 2>/dev/null
	rm -rf "$work"
}
trap cleanup EXIT

out()
{
	echo "BENCH: $*"
}

# run_tpmbench VAR ARGS...: tpmbench's output in VAR; returns its exit
# status (2: a TPM error on some device, "tpmK rc 0x... STEP").
run_tpmbench()
{
	local -n res_=$1
	local rc
	shift
	res_=$(timeout -k 5 600 "$TPMBENCH" "$@" 2>&1)
	rc=$?
	[[ -n $res_ ]] || res_="exit status $rc"
	return $rc
}

# na PASS METRIC IMPL REASON: a figure that could not be measured.
na()
{
	out "$1 $2 $3 na $4"
}

IMPL=(htpm swtpm)

# rate PASS METRIC OP DEV_HTPM DEV_SWTPM: both devices, alternating slices.
rate()
{
	local res rc tag st a b c
	run_tpmbench res rate "$3" "$SLICE" "$ROUNDS" "$4" "$5"
	rc=$?
	if ((rc != 0 && rc != 2)); then
		res=$(tail -n 1 <<<"$res")
		out "$1 $2 htpm na $res"
		out "$1 $2 swtpm na $res"
		return
	fi
	while read -r tag st a b c; do
		case $tag:$st in
		tpm[01]:ok)
			out "$1 $2 ${IMPL[${tag#tpm}]} ok $a median of $ROUNDS slices of $SLICE s, $b commands in $c s" ;;
		tpm[01]:rc)
			out "$1 $2 ${IMPL[${tag#tpm}]} na rc $a $b" ;;
		ratio:*)
			out "$1 $2 ratio ok $st per-round htpm/swtpm min $a max $b" ;;
		esac
	done <<<"$res"
}

# primary PASS ALG N: CreatePrimary on both devices, alternating.
primary()
{
	local res rc tag st n med p99 min max impl
	run_tpmbench res primary "$2" "$3" "$PRIMARY_MAX" "$H_DEV" "$S_DEV"
	rc=$?
	if ((rc != 0 && rc != 2)); then
		res=$(tail -n 1 <<<"$res")
		for impl in htpm swtpm; do
			out "$1 cp-$2-med $impl na $res"
			out "$1 cp-$2-p99 $impl na $res"
		done
		return
	fi
	while read -r tag st n med p99 min max; do
		[[ $tag == tpm[01] ]] || continue
		impl=${IMPL[${tag#tpm}]}
		if [[ $st == ok ]]; then
			out "$1 cp-$2-med $impl ok $med n=$n min $min max $max"
			out "$1 cp-$2-p99 $impl ok $p99 n=$n"
		else
			out "$1 cp-$2-med $impl na rc $n $med"
			out "$1 cp-$2-p99 $impl na rc $n $med"
		fi
	done <<<"$res"
}

# busy: GetRandom on each TPM's bench instance while a second instance of
# the same TPM generates RSA keys, one TPM at a time.
busy()
{
	local i dev2 res bg got tag st a b c
	local devs=("$H_DEV" "$S_DEV")

	ip netns add htpm-busy 2>/dev/null
	if ! ltpm_create /run/netns/htpm-busy; then
		na 1 getrandom-busy htpm "second LTPM: $ERR"
		na 1 getrandom-busy swtpm "second LTPM: $ERR"
		return
	fi
	local h2=$LT_DEV h2_id=$LT_ID
	if ! start_swtpm "$work/busy"; then
		na 1 getrandom-busy htpm "second swtpm: $ERR"
		na 1 getrandom-busy swtpm "second swtpm: $ERR"
		"$HTPMCTL" destroy "$h2_id" >/dev/null 2>&1
		return
	fi
	local s2=$SW_DEV s2_pid=$SW_PID
	for i in 0 1; do
		dev2=$h2
		((i)) && dev2=$s2
		"$TPMBENCH" primary rsa 100000 $((ROUNDS * SLICE + 60)) "$dev2" \
			>/dev/null 2>&1 &
		bg=$!
		sleep 2		# the key generation is under way
		run_tpmbench res rate getrandom "$SLICE" "$ROUNDS" "${devs[$i]}"
		kill "$bg" 2>/dev/null
		wait "$bg" 2>/dev/null
		got=
		while read -r tag st a b c; do
			[[ $tag == tpm0 ]] || continue
			got=1
			if [[ $st == ok ]]; then
				out "1 getrandom-busy ${IMPL[$i]} ok $a median of $ROUNDS slices of $SLICE s, $b commands in $c s"
			else
				out "1 getrandom-busy ${IMPL[$i]} na rc $a $b"
			fi
		done <<<"$res"
		[[ -n $got ]] || out "1 getrandom-busy ${IMPL[$i]} na $(tail -n 1 <<<"$res")"
	done
	kill "$s2_pid" 2>/dev/null
	"$HTPMCTL" destroy "$h2_id" >/dev/null 2>&1
	ip netns del htpm-busy 2>/dev/null
}

median()	# VALUES...
{
	printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 }
		END { if (NR % 2) print v[(NR + 1) / 2];
		      else printf "%.1f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# create PASS: CREATE_N LTPMs (each for a new netns) and CREATE_N swtpm
# processes (each killed after), alternating.
create()
{
	local i res ns d hms=() sms=() herr='' serr=''
	for ((i = 0; i < CREATE_N; i++)); do
		ns=htpm-bc$1-$i
		d=$work/create-$1-$i
		mkdir -p "$d"
		if [[ -z $herr ]] && ! ip netns add "$ns"; then
			herr="ip netns add failed"
		elif [[ -z $herr ]]; then
			if run_tpmbench res spawn wait 60 "$HTPMCTL" create --netns "/run/netns/$ns"; then
				hms+=("$(awk '{ print $2 }' <<<"$res")")
			else
				herr=$(tail -n 1 <<<"$res")
			fi
			ip netns del "$ns"
		fi
		if [[ -z $serr ]]; then
			if run_tpmbench res spawn kill 60 swtpm chardev --vtpm-proxy \
				--tpm2 --tpmstate "dir=$d" --flags startup-clear; then
				sms+=("$(awk '{ print $2 }' <<<"$res")")
			else
				serr=$(tail -n 1 <<<"$res")
			fi
		fi
		rm -rf "$d"
	done
	if [[ -n $herr ]]; then
		out "$1 create htpm na $herr"
	else
		out "$1 create htpm ok $(median "${hms[@]}") n=$CREATE_N all ${hms[*]}"
	fi
	if [[ -n $serr ]]; then
		out "$1 create swtpm na $serr"
	else
		out "$1 create swtpm ok $(median "${sms[@]}") n=$CREATE_N all ${sms[*]}"
	fi
}

# start_swtpm DIR: a swtpm daemon; sets SW_DEV, SW_PID, or ERR.
start_swtpm()
{
	local o
	mkdir -p "$1"
	o=$(swtpm chardev --vtpm-proxy --tpm2 --tpmstate "dir=$1" \
		--flags startup-clear --daemon --pid "file=$1/pid" 2>&1) ||
		{ ERR="swtpm: $o"; return 1; }
	SW_DEV=$(grep -o '/dev/tpm[0-9]*' <<<"$o" | head -n 1)
	SW_PID=$(cat "$1/pid" 2>/dev/null)
	[[ -n $SW_DEV && -n $SW_PID ]] || { ERR="swtpm said '$o'"; return 1; }
	sw_pids+=("$SW_PID")
	wait_until 30 "$TPMBENCH" getrandom "$SW_DEV" >/dev/null ||
		{ ERR="$SW_DEV does not answer"; return 1; }
}

# Kernel memory an idle instance holds, in KiB: unreclaimable slab,
# vmalloc (with CONFIG_VMAP_STACK this holds the kernel stacks too, so
# KernelStack is not added), per-CPU memory, page tables.
kmem_kb()
{
	awk '/^(SUnreclaim|VmallocUsed|Percpu|PageTables):/ { s += $2 } END { print s }' /proc/meminfo
}

avail_kb()
{
	awk '/^MemAvailable:/ { print $2 }' /proc/meminfo
}

# Live network namespaces, as the net_namespace slab cache counts them.
nr_netns()
{
	echo 1 >/sys/kernel/slab/net_namespace/shrink 2>/dev/null
	awk '$1 == "net_namespace" { print $2 }' /proc/slabinfo
}

netns_at_most()
{
	(($(nr_netns) <= $1))
}

nr_tpms()
{
	local f n=0
	for f in /sys/class/tpm/tpm*; do
		[[ -e $f ]] && n=$((n + 1))
	done
	echo "$n"
}

tpms_are()
{
	(($(nr_tpms) == $1))
}

# quiesce: before a memory baseline, wait for the namespaces deleted so far
# to be freed (cleanup_net is asynchronous and slow under TCG; one more
# add/del pushes the last batch out, and one may stay) and for the TPMs of
# killed swtpm processes to go.
quiesce()
{
	ip netns add htpm-flush && ip netns del htpm-flush
	wait_until 120 netns_at_most $((netns_live + 1)) ||
		note "bench: $(nr_netns) network namespaces allocated, $netns_live live"
	wait_until 60 tpms_are "$tpms_live" ||
		note "bench: $(nr_tpms) TPMs, $tpms_live expected"
}

settle()
{
	local f
	sync
	echo 3 >/proc/sys/vm/drop_caches
	for f in /sys/kernel/slab/*/shrink; do
		echo 1 >"$f" 2>/dev/null
	done
	sleep 1
}

per()	# DELTA_KB COUNT
{
	awk -v d="$1" -v n="$2" 'BEGIN { printf "%.1f", d / n }'
}

# all_answer DEV...: one GetRandom on each.
all_answer()
{
	local d
	for d in "$@"; do
		"$TPMBENCH" getrandom "$d" >/dev/null || return 1
	done
}

mem_htpm()
{
	local i k0 a0 k1 a1 devs=() dk
	for ((i = 0; i < MEM_N; i++)); do
		echo "netns add htpm-bm$i"
	done | ip -batch - || { na 1 mem-kernel htpm "ip netns add failed"; return; }
	netns_live=$((netns_live + MEM_N))
	quiesce
	settle
	k0=$(kmem_kb)
	a0=$(avail_kb)
	for ((i = 0; i < MEM_N; i++)); do
		if ! ltpm_create "/run/netns/htpm-bm$i"; then
			na 1 mem-kernel htpm "LTPM $i: $ERR"
			na 1 mem-total htpm "LTPM $i: $ERR"
			na 1 mem-avail htpm "LTPM $i: $ERR"
			return
		fi
		devs+=("$LT_DEV")
	done
	all_answer "${devs[@]}" || note "bench: an LTPM did not answer"
	settle
	all_answer "${devs[@]}" || note "bench: an LTPM did not answer"
	k1=$(kmem_kb)
	a1=$(avail_kb)
	dk=$(per $((k1 - k0)) "$MEM_N")
	out "1 mem-kernel htpm ok $dk n=$MEM_N kernel $k0 -> $k1 KiB"
	out "1 mem-total htpm ok $dk n=$MEM_N no process per LTPM"
	out "1 mem-avail htpm ok $(per $((a0 - a1)) "$MEM_N") n=$MEM_N MemAvailable $a0 -> $a1 KiB"
	for ((i = 0; i < MEM_N; i++)); do
		echo "netns del htpm-bm$i"
	done | ip -batch -
}

mem_swtpm()
{
	local i k0 a0 k1 a1 devs=() pids=() pss=0 rss=0 p dk
	quiesce
	settle
	k0=$(kmem_kb)
	a0=$(avail_kb)
	for ((i = 0; i < MEMSW_N; i++)); do
		if ! start_swtpm "$work/mem-$i"; then
			na 1 mem-kernel swtpm "instance $i: $ERR"
			na 1 mem-total swtpm "instance $i: $ERR"
			na 1 mem-avail swtpm "instance $i: $ERR"
			return
		fi
		devs+=("$SW_DEV")
		pids+=("$SW_PID")
	done
	settle
	all_answer "${devs[@]}" || note "bench: a swtpm did not answer"
	k1=$(kmem_kb)
	a1=$(avail_kb)
	for p in "${pids[@]}"; do
		pss=$((pss + $(awk '/^Pss:/ { print $2 }' "/proc/$p/smaps_rollup")))
		rss=$((rss + $(awk '/^VmRSS:/ { print $2 }' "/proc/$p/status")))
	done
	dk=$(per $((k1 - k0)) "$MEMSW_N")
	out "1 mem-kernel swtpm ok $dk n=$MEMSW_N kernel $k0 -> $k1 KiB"
	out "1 mem-total swtpm ok $(awk -v k="$dk" -v p="$pss" -v n="$MEMSW_N" 'BEGIN { printf "%.1f", k + p / n }') n=$MEMSW_N PSS $(per "$pss" "$MEMSW_N") KiB RSS $(per "$rss" "$MEMSW_N") KiB per process"
	out "1 mem-avail swtpm ok $(per $((a0 - a1)) "$MEMSW_N") n=$MEMSW_N MemAvailable $a0 -> $a1 KiB"
	for p in "${pids[@]}"; do
		kill "$p"
	done
}

# The live namespaces and TPMs outside a measurement: the root namespace,
# htpm-bench, its LTPM and the bench swtpm.
netns_live=0
tpms_live=0

dmesg -n 4 2>/dev/null
dmesg -c >/dev/null 2>&1
out "info kernel $(uname -r)"
out "info vcpus $(nproc)"
out "info memtotal $(awk '/^MemTotal:/ { print $2 " KiB" }' /proc/meminfo)"
out "info cpu $(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)"
out "info swtpm $(swtpm --version 2>&1 | head -n 1)"
out "info hwrng $(cat /sys/class/misc/hw_random/rng_current 2>/dev/null || echo none)"
out "info params slice=$SLICE rounds=$ROUNDS passes=$PASSES rsa=$RSA_N ecc=$ECC_N create=$CREATE_N mem=$MEM_N memsw=$MEMSW_N"

[[ -x $TPMBENCH ]] || { out "fatal $TPMBENCH missing (make -C selftests)"; exit 1; }
[[ -x $HTPMCTL ]] || { out "fatal $HTPMCTL missing (make)"; exit 1; }
modprobe tpm_vtpm_proxy || { out "fatal modprobe tpm_vtpm_proxy failed"; exit 1; }
if ! err=$(htpm_load); then
	out "fatal htpm.ko: $err"
	exit 1
fi
rm -rf "$work"
mkdir -p "$work"

netns_live=$(nr_netns)
ip netns add htpm-bench || { out "fatal ip netns add failed"; exit 1; }
netns_live=$((netns_live + 1))
ltpm_create /run/netns/htpm-bench || { out "fatal $ERR"; exit 1; }
H_DEV=$LT_DEV H_DEVRM=$LT_DEVRM
start_swtpm "$work/bench" || { out "fatal $ERR"; exit 1; }
S_DEV=$SW_DEV S_DEVRM=/dev/tpmrm${SW_DEV#/dev/tpm}
out "info devices htpm $H_DEV $H_DEVRM swtpm $S_DEV $S_DEVRM"
tpms_live=$(nr_tpms)

t_start=$SECONDS
for ((pass = 1; pass <= PASSES; pass++)); do
	note "bench: pass $pass: rates ($ROUNDS x $SLICE s on each TPM)"
	rate "$pass" getrandom getrandom "$H_DEV" "$S_DEV"
	rate "$pass" extend extend "$H_DEV" "$S_DEV"
	rate "$pass" getrandom-rm getrandom "$H_DEVRM" "$S_DEVRM"
	rate "$pass" sign-rsa sign-rsa "$H_DEV" "$S_DEV"
	rate "$pass" sign-ecc sign-ecc "$H_DEV" "$S_DEV"
	rate "$pass" quote-ecc quote-ecc "$H_DEV" "$S_DEV"
	rate "$pass" nv-read nv-read "$H_DEV" "$S_DEV"
	note "bench: pass $pass: CreatePrimary ECC x$ECC_N"
	primary "$pass" ecc "$ECC_N"
	if ((pass == 1)); then
		note "bench: CreatePrimary RSA x$RSA_N"
		primary "$pass" rsa "$RSA_N"
		note "bench: GetRandom next to another instance's RSA key generation"
		busy
	fi
	note "bench: pass $pass: instance creation x$CREATE_N"
	create "$pass"
done
note "bench: memory ($MEM_N LTPMs, $MEMSW_N swtpm)"
# swtpm first: the LTPMs' namespaces would still be going away after.
mem_swtpm
mem_htpm
note "bench: measured in $((SECONDS - t_start)) s"

splat=$(dmesg | grep -E 'BUG:|WARNING:|Oops|Call Trace|KASAN|UBSAN|soft lockup|RCU stall')
[[ -z $splat ]] || out "info splat $(head -n 3 <<<"$splat" | tr '\n' '|')"
out "done"
exit 0
