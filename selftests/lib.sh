# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# Shared helpers for the htpm test scripts. Source it; it defines functions
# and a few variables and runs nothing else:
#
#   HTPM_TREE   top of the htpm source tree
#   HTPM_CACHE  cache for expensive artefacts (default /var/cache/htpm)
#   KVER, KDIR  the guest kernel: the newest /lib/modules/*/ with a
#               /boot/vmlinuz-$KVER, and its build tree
#
# Functions: htpm_log, htpm_die, htpm_detect_kernel, htpm_install_missing,
# htpm_apt_mirror, htpm_now, htpm_elapsed.

HTPM_TREE=${HTPM_TREE:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
HTPM_CACHE=${HTPM_CACHE:-/var/cache/htpm}
export HTPM_TREE HTPM_CACHE

# Packages the host needs for build + tests (see DESIGN.md §6).
HTPM_HOST_PACKAGES=(linux-image-amd64 linux-headers-amd64 qemu-system-x86
	debootstrap linux-source-6.1 flex bison bc sparse e2fsprogs tpm2-tools
	swtpm swtpm-tools libssl-dev build-essential libelf-dev python3 kmod
	cpio xz-utils clang libclang-rt-14-dev)

htpm_log()
{
	printf 'htpm: %s\n' "$*" >&2
}

htpm_die()
{
	printf 'htpm: error: %s\n' "$*" >&2
	exit 1
}

# Seconds since the epoch, with fraction.
htpm_now()
{
	date +%s.%N
}

# htpm_elapsed START: seconds since START, one decimal.
htpm_elapsed()
{
	awk -v s="$1" -v e="$(htpm_now)" 'BEGIN { printf "%.1f", e - s }'
}

# Set KVER and KDIR. KVER may be preset by the caller; otherwise the newest
# /lib/modules/*/ that has a bootable /boot/vmlinuz-$KVER.
htpm_detect_kernel()
{
	local d v best=

	if [[ -z ${KVER:-} ]]; then
		for d in /lib/modules/*/; do
			v=$(basename "$d")
			[[ -e /boot/vmlinuz-$v ]] || continue
			best+="$v"$'\n'
		done
		KVER=$(printf '%s' "$best" | sort -V | tail -n1)
	fi
	[[ -n $KVER ]] || htpm_die "no /lib/modules/<kver> with a /boot/vmlinuz-<kver>; install linux-image-amd64"
	[[ -r /boot/vmlinuz-$KVER ]] || htpm_die "/boot/vmlinuz-$KVER missing or unreadable"
	KDIR=${KDIR:-/lib/modules/$KVER/build}
	export KVER KDIR
}

# Install the packages in HTPM_HOST_PACKAGES (or the arguments) that dpkg
# says are missing. apt-get update runs at most once per process.
htpm_install_missing()
{
	local p missing=()
	local pkgs=("$@")

	((${#pkgs[@]})) || pkgs=("${HTPM_HOST_PACKAGES[@]}")
	for p in "${pkgs[@]}"; do
		dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
	done
	((${#missing[@]})) || return 0
	[[ $(id -u) -eq 0 ]] || htpm_die "missing packages (${missing[*]}) and not root"
	htpm_log "installing: ${missing[*]}"
	if [[ -z ${HTPM_APT_UPDATED:-} ]]; then
		apt-get update -q || htpm_die "apt-get update failed"
		HTPM_APT_UPDATED=1
		export HTPM_APT_UPDATED
	fi
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
		--no-install-recommends "${missing[@]}" ||
		htpm_die "apt-get install ${missing[*]} failed"
}

# Print the Debian mirror URI the host's apt uses (the first one serving
# the main archive, not -security), from deb822 .sources or sources.list.
htpm_apt_mirror()
{
	local f uri=

	for f in /etc/apt/sources.list.d/*.sources; do
		[[ -r $f ]] || continue
		uri=$(awk '
			/^[ \t]*$/ { if (u != "" && s !~ /security/) { print u; exit } u = ""; s = "" }
			/^URIs:/ { u = $2 }
			/^Suites:/ { s = $0 }
			END { if (u != "" && s !~ /security/) print u }
		' "$f" | head -n1)
		[[ -n $uri ]] && break
	done
	if [[ -z $uri && -r /etc/apt/sources.list ]]; then
		uri=$(awk '$1 == "deb" && $0 !~ /security/ {
				for (i = 2; i <= NF; i++) if ($i ~ /^[a-z]+:\/\//) { print $i; exit }
			}' /etc/apt/sources.list)
	fi
	[[ -n $uri ]] || htpm_die "no Debian mirror found in /etc/apt/sources.list{,.d}"
	printf '%s\n' "$uri"
}
