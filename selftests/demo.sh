#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# `make demo`: install what is missing, build htpm, boot the test kernel in
# QEMU and run selftests/guest/demo.sh there: three containers, each with
# its own logical TPM as /dev/tpm0.

set -euo pipefail

# shellcheck source=selftests/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

cd "$HTPM_TREE"
htpm_install_missing "${HTPM_HOST_PACKAGES[@]}"
htpm_detect_kernel
htpm_log "building htpm against $KDIR"
log=$(mktemp /tmp/htpm-demo-build.XXXXXX)
if ! make KDIR="$KDIR" >"$log" 2>&1; then
	cat "$log"
	htpm_die "build failed"
fi
rm -f "$log"
htpm_log "preparing the guest root filesystem (cached after the first run)"
img=$(bash selftests/build-rootfs.sh)
htpm_log "booting the guest (QEMU TCG: this takes a minute)"
# The console is the demo; leave out kernel messages and the init's markers.
HTPM_IMG=$img bash selftests/run-guest.sh -t 600 selftests/guest/demo.sh |
	grep --line-buffered -vE '^\[ *[0-9]+\.[0-9]+\]|^HTPM-INIT: '
