#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Hostile input to an LTPM through /dev/tpmN and /dev/tpmrmN (tpmcmd.py
# hostile): truncated commands, lying size fields, unknown tags and command
# codes, broken authorization areas, and a few hundred seeded random
# commands. Each must give a well-formed error response or fail the write
# with an errno; afterwards GetRandom must still work.

set -uo pipefail
# shellcheck source=selftests/guest/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

SEED=${HTPM_HOSTILE_SEED:-20251125}
COUNT=${HTPM_HOSTILE_COUNT:-300}

trap 'ip netns del htpm-hostile 2>/dev/null' EXIT
ip netns del htpm-hostile 2>/dev/null
if ! ip netns add htpm-hostile || ! ltpm_create /run/netns/htpm-hostile; then
	fail hostile_setup "${ERR:-ip netns add failed}"
	exit 1
fi
note "hostile: seed $SEED, $COUNT random commands per device, $LT_DEV and $LT_DEVRM"

timeout -k 5 600 python3 "$TPMCMD" hostile "$LT_DEV" hostile_tpm "$SEED" "$COUNT"
rc=$?
((rc == 124 || rc == 137)) && fail hostile_tpm "timed out"
((rc)) && htpm_failed=$((htpm_failed + 1))
timeout -k 5 600 python3 "$TPMCMD" hostile "$LT_DEVRM" hostile_tpmrm "$((SEED + 1))" "$COUNT"
rc=$?
((rc == 124 || rc == 137)) && fail hostile_tpmrm "timed out"
((rc)) && htpm_failed=$((htpm_failed + 1))

exit $((htpm_failed ? 1 : 0))
