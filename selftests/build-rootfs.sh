#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build the guest root filesystem: Debian bookworm (debootstrap minbase) with
# tpm2-tools, swtpm and python3, the host's /lib/modules/$KVER, and a fixed
# init (/sbin/htpm-init) that mounts the htpm tree over 9p and runs the
# guest script named on the kernel command line (htpm_run=PATH, relative
# to the tree).
#
# The result is a raw ext4 image in $HTPM_CACHE, keyed by a hash of this
# script (which holds the package list and the init) and KVER; it is built
# only when missing. The image path is printed on stdout.
#
# Usage: build-rootfs.sh [--force]

set -euo pipefail

# shellcheck source=selftests/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

SUITE=bookworm
PACKAGES=(tpm2-tools libtss2-tcti-device0 swtpm swtpm-tools python3 iproute2
	util-linux kmod procps keyutils openssl)

force=
[[ ${1:-} == --force ]] && force=1

htpm_detect_kernel
[[ -d /lib/modules/$KVER/kernel ]] || htpm_die "/lib/modules/$KVER/kernel missing"

key=$( { cat "${BASH_SOURCE[0]}"; echo "$KVER ${PACKAGES[*]}"; } |
	sha256sum | cut -c1-16)
img=$HTPM_CACHE/rootfs-$SUITE-$key.img

mkdir -p "$HTPM_CACHE"
# One builder at a time; a second caller waits and then finds the image.
exec 9>"$HTPM_CACHE/rootfs.lock"
flock 9

if [[ -s $img && -z $force ]]; then
	echo "$img"
	exit 0
fi

htpm_install_missing debootstrap e2fsprogs
mirror=$(htpm_apt_mirror)
start=$(htpm_now)

work=$(mktemp -d "$HTPM_CACHE/rootfs-build.XXXXXX")
cleanup()
{
	# debootstrap may leave /proc etc. mounted in the target on failure
	local m
	for m in proc sys dev/pts dev; do
		mountpoint -q "$work/root/$m" 2>/dev/null && umount -l "$work/root/$m"
	done
	rm -rf "$work"
}
trap cleanup EXIT

root=$work/root
include=$(IFS=,; echo "${PACKAGES[*]}")
htpm_log "debootstrap $SUITE from $mirror into $root (takes minutes)"
debootstrap --variant=minbase --include="$include" "$SUITE" "$root" "$mirror" \
	>"$work/debootstrap.log" 2>&1 || {
	tail -n 40 "$work/debootstrap.log" >&2
	htpm_die "debootstrap failed (log above)"
}
for p in "${PACKAGES[@]}"; do
	chroot "$root" dpkg -s "$p" >/dev/null 2>&1 || htpm_die "package $p missing in rootfs"
done

# Trim what a test guest never reads.
rm -rf "$root"/usr/share/doc/* "$root"/usr/share/man/* "$root"/usr/share/info/* \
	"$root"/var/cache/apt/*.bin "$root"/var/cache/apt/archives/*.deb \
	"$root"/var/lib/apt/lists/*

# The kernel modules of the guest kernel (9p, 9pnet_virtio, netfs,
# tpm_vtpm_proxy, ...), without the build/source links.
mkdir -p "$root/lib/modules/$KVER"
(cd "/lib/modules/$KVER" && tar -cf - --exclude=./build --exclude=./source .) |
	tar -xf - -C "$root/lib/modules/$KVER"
depmod -b "$root" "$KVER"

echo htpm-guest >"$root/etc/hostname"
printf '127.0.0.1\tlocalhost htpm-guest\n' >"$root/etc/hosts"
printf '/dev/vda / ext4 rw 0 1\n' >"$root/etc/fstab"
mkdir -p "$root/htpm"

cat >"$root/sbin/htpm-init" <<'INIT'
#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# PID 1 of the htpm test guest: mount the basics and the htpm tree (9p tag
# "htpm" at /htpm), run the script named by htpm_run= on the kernel
# command line (relative to /htpm) with bash, then power off.
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
export HOME=/root TERM=dumb LANG=C.UTF-8

mnt()	# TYPE DIR [OPTIONS]
{
	mkdir -p "$2"
	mountpoint -q "$2" || mount -t "$1" ${3:+-o "$3"} "$1" "$2"
}

mnt proc /proc
echo "HTPM-INIT: start uptime=$(cut -d' ' -f1 /proc/uptime)"
mnt sysfs /sys
mnt devtmpfs /dev
mnt devpts /dev/pts gid=5,mode=620
mnt tmpfs /dev/shm
mnt tmpfs /run mode=755
mnt tmpfs /tmp mode=1777
mountpoint -q /sys/kernel/debug || mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null
hostname htpm-guest
ip link set lo up 2>/dev/null

run= args=
for a in $(cat /proc/cmdline); do
	case $a in
	htpm_run=*) run=${a#htpm_run=} ;;
	htpm_args=*) args=${a#htpm_args=}; args=${args//,/ } ;;
	esac
done

rc=1
if ! modprobe -a 9p 9pnet_virtio; then
	echo "FAIL: guest_9p: modprobe 9p 9pnet_virtio failed"
elif ! mount -t 9p -o trans=virtio,version=9p2000.L,msize=512000 htpm /htpm; then
	echo "FAIL: guest_9p: mount of the htpm tree failed"
elif [ -z "$run" ] || [ ! -f "/htpm/$run" ]; then
	echo "FAIL: guest_script: no htpm_run= script ('$run')"
else
	cd /htpm || exit 1
	# shellcheck disable=SC2086
	bash "/htpm/$run" $args </dev/null
	rc=$?
fi
echo "HTPM-INIT: done rc=$rc uptime=$(cut -d' ' -f1 /proc/uptime)"
sync
echo o >/proc/sysrq-trigger
sleep 30
INIT
chmod 755 "$root/sbin/htpm-init"

size_mb=$(du -sm "$root" | cut -f1)
size_mb=$((size_mb * 13 / 10 + 256))
htpm_log "mke2fs ${size_mb}M image"
mke2fs -q -t ext4 -L htpm-root -d "$root" -F "$work/rootfs.img" "${size_mb}M" >&2
mv -f "$work/rootfs.img" "$img.tmp"
mv -f "$img.tmp" "$img"
# Images of older keys are stale now.
find "$HTPM_CACHE" -maxdepth 1 -name "rootfs-$SUITE-*.img" ! -name "${img##*/}" -delete
htpm_log "rootfs built in $(htpm_elapsed "$start") s: $img"
echo "$img"
