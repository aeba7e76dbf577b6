#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Boot the test kernel (/boot/vmlinuz-$KVER) under QEMU TCG on the rootfs
# image from build-rootfs.sh, with the htpm tree shared read-only at /htpm,
# and run one guest script in it. The serial console is copied to stdout
# (and to the log file); the guest's PASS/FAIL/SKIP lines come out there.
#
# Usage: run-guest.sh [-t SECONDS] [-l LOGFILE] [-q] SCRIPT [ARG...]
#   SCRIPT   guest script, relative to the tree (e.g. selftests/guest/run-tests.sh)
#   -t       timeout for the whole guest run (default 2700 s; FAIL: guest_timeout)
#   -l       where to keep the console log (default $HTPM_CACHE/logs/guest-<date>.log)
#   -q       do not copy the console to stdout, print only PASS/FAIL/SKIP lines
# Environment: HTPM_IMG (rootfs image; default: build-rootfs.sh output),
#   HTPM_QEMU_MEM (MiB, default 2048), HTPM_QEMU_SMP (default 2).
#
# Exit status: 0 if the guest ran the script to its end and it exited 0.

set -euo pipefail

# shellcheck source=selftests/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

timeout_s=2700
log=
quiet=
while getopts "t:l:q" opt; do
	case $opt in
	t) timeout_s=$OPTARG ;;
	l) log=$OPTARG ;;
	q) quiet=1 ;;
	*) htpm_die "usage: run-guest.sh [-t SECONDS] [-l LOGFILE] [-q] SCRIPT [ARG...]" ;;
	esac
done
shift $((OPTIND - 1))
(($#)) || htpm_die "usage: run-guest.sh [-t SECONDS] [-l LOGFILE] [-q] SCRIPT [ARG...]"
script=$1
shift
[[ -f $HTPM_TREE/$script ]] || htpm_die "no guest script $HTPM_TREE/$script"
for a in "$@"; do
	[[ $a != *[[:space:],]* ]] || htpm_die "guest argument '$a' contains a space or comma"
done

htpm_detect_kernel
initrd=/boot/initrd.img-$KVER
[[ -r $initrd ]] || htpm_die "$initrd missing"
command -v qemu-system-x86_64 >/dev/null || htpm_die "qemu-system-x86_64 missing"

img=${HTPM_IMG:-}
if [[ -z $img ]]; then
	img=$(bash "$HTPM_TREE/selftests/build-rootfs.sh") || htpm_die "rootfs build failed"
fi
[[ -s $img ]] || htpm_die "rootfs image $img missing"

if [[ -z $log ]]; then
	mkdir -p "$HTPM_CACHE/logs"
	log=$HTPM_CACHE/logs/guest-$(date -u +%Y%m%dT%H%M%S)-$$.log
fi
: >"$log"

args=$(IFS=,; echo "$*")
cmdline="root=/dev/vda rw rootfstype=ext4 console=ttyS0 panic=-1 quiet"
cmdline+=" mitigations=off init=/sbin/htpm-init htpm_run=$script"
[[ -n $args ]] && cmdline+=" htpm_args=$args"

qemu=(qemu-system-x86_64 -accel tcg -cpu max -m "${HTPM_QEMU_MEM:-2048}"
	-smp "${HTPM_QEMU_SMP:-2}" -display none -monitor none -serial stdio
	-no-reboot -kernel "/boot/vmlinuz-$KVER" -initrd "$initrd"
	-append "$cmdline"
	-drive "file=$img,if=virtio,format=raw,snapshot=on"
	-virtfs "local,path=$HTPM_TREE,mount_tag=htpm,security_model=none,readonly=on"
	-device virtio-rng-pci -nic none)

htpm_log "guest: $script (timeout ${timeout_s}s, log $log)"
state=$(mktemp)
trap 'rm -f "$state"' EXIT
start=$(htpm_now)

set +e
timeout -k 10 "$timeout_s" "${qemu[@]}" </dev/null 2>&1 |
	while IFS= read -r line || [[ -n $line ]]; do
		line=${line%$'\r'}
		case $line in
		"HTPM-INIT: start"*) echo "boot $(htpm_elapsed "$start")" >>"$state" ;;
		"HTPM-INIT: done"*) echo "done ${line#*rc=} $(htpm_elapsed "$start")" >>"$state" ;;
		esac
		printf '%s\n' "$line" >>"$log"
		if [[ -z $quiet ]]; then
			printf '%s\n' "$line"
		elif [[ $line =~ ^(PASS|FAIL|SKIP):\  ]]; then
			printf '%s\n' "$line"
		fi
	done
qrc=${PIPESTATUS[0]}
set -e
total=$(htpm_elapsed "$start")

boot=$(awk '$1 == "boot" { print $2 }' "$state")
done_rc=$(awk '$1 == "done" { split($2, a, " "); print a[1] }' "$state")
run_s=$(awk '$1 == "done" { print $NF }' "$state")
htpm_log "guest: boot ${boot:-?} s (QEMU start to init), total ${total} s, console log $log"
if [[ -n $boot && -n $run_s ]]; then
	htpm_log "guest: script ran $(awk -v a="$boot" -v b="$run_s" 'BEGIN { printf "%.1f", b - a }') s"
fi

if ((qrc == 124 || qrc == 137)); then
	echo "FAIL: guest_timeout: guest still running after ${timeout_s} s (log $log)"
	exit 1
fi
if [[ -z $boot ]]; then
	echo "FAIL: guest_boot: init never started (qemu exit $qrc, log $log)"
	exit 1
fi
if [[ -z $done_rc ]]; then
	echo "FAIL: guest_crash: guest script did not finish (qemu exit $qrc, log $log)"
	exit 1
fi
exit $((done_rc == 0 ? 0 : 1))
