#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# `make check`: install what is missing, build, and run every test stage:
#
#   install    missing Debian packages (selftests/lib.sh)
#   build      make (htpm.ko + userspace), make -C selftests
#   lint       checkpatch.pl --strict on kernel/ and uapi/; sparse on the
#              module (any sparse warning fails)
#   kunit      selftests/kunit.sh (KUnit on UML), if present
#   userspace  make -C userspace check (engine tests)
#   fuzz       libFuzzer on the engine (userspace/engine fuzz_engine) for
#              HTPM_FUZZ_SECONDS (clang, from the install stage)
#   rootfs     selftests/build-rootfs.sh (cached; built in the background)
#   guest      selftests/run-guest.sh selftests/guest/run-tests.sh (QEMU)
#
# Every stage prints "PASS: <name>", "FAIL: <name>: <reason>" or
# "SKIP: <name>: <reason>" lines; at the end they are summed up and the last
# line is "N passed, N failed" (", N skipped" when any were skipped).
# Exit status: non-zero if anything failed or nothing ran.
#
# Environment:
#   HTPM_STAGES       stages to run (default: all, as listed above)
#   HTPM_GUEST_TESTS  guest tests to run (default: all; see run-tests.sh)
#   HTPM_GUEST_TIMEOUT seconds for the guest run (default 2700)
#   HTPM_CACHE        cache directory (default /var/cache/htpm)
#   HTPM_FUZZ_SECONDS how long the fuzz stage fuzzes (default 120)

set -uo pipefail

# shellcheck source=selftests/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

cd "$HTPM_TREE" || exit 1
STAGES=${HTPM_STAGES:-install build lint kunit userspace fuzz rootfs guest}
logdir=$(mktemp -d /tmp/htpm-check.XXXXXX)
results=$logdir/results
: >"$results"
t_all=$(htpm_now)
rootfs_pid=

want()
{
	[[ " $STAGES " == *" $1 "* ]]
}

# result LINE: record one PASS/FAIL/SKIP line (and print it).
result()
{
	echo "$1"
	echo "$1" >>"$results"
}

# collect FILE: record the PASS/FAIL/SKIP lines of a stage's output.
collect()
{
	grep -aE '^(PASS|FAIL|SKIP): ' "$1" >>"$results"
}

stage_begin()
{
	echo
	echo "===== $1"
	t_stage=$(htpm_now)
}

stage_end()
{
	echo "===== $1: $(htpm_elapsed "$t_stage") s"
	echo "$1 $(htpm_elapsed "$t_stage")" >>"$logdir/durations"
}

# run_stage NAME FAILNAME CMD...: run CMD with its output on the console and
# in the stage log; FAIL: FAILNAME if it exits non-zero without a FAIL line.
run_stage()
{
	local name=$1 failname=$2 rc
	shift 2
	"$@" 2>&1 | tee "$logdir/$name.log"
	rc=${PIPESTATUS[0]}
	collect "$logdir/$name.log"
	if ((rc)) && ! grep -qa '^FAIL: ' "$logdir/$name.log"; then
		result "FAIL: $failname: '$*' exited $rc"
	fi
	return "$rc"
}

if want install; then
	stage_begin install
	if (htpm_install_missing "${HTPM_HOST_PACKAGES[@]}"); then
		result "PASS: install_packages"
	else
		result "FAIL: install_packages: apt-get failed"
	fi
	stage_end install
fi

htpm_detect_kernel
echo "htpm: kernel $KVER, KDIR $KDIR, cache $HTPM_CACHE"

# The rootfs needs no build products: start it now, it is mostly waiting
# on the network and dpkg.
if want rootfs; then
	(
		t=$(htpm_now)
		bash selftests/build-rootfs.sh >"$logdir/rootfs.out" 2>"$logdir/rootfs.log"
		rc=$?
		htpm_elapsed "$t" >"$logdir/rootfs.time"
		exit $rc
	) &
	rootfs_pid=$!
fi

module_ok=
if want build; then
	stage_begin build
	if make KDIR="$KDIR" 2>&1 | tee "$logdir/build.log"; then
		result "PASS: build"
		module_ok=1
	else
		result "FAIL: build: make failed (see the output above)"
		[[ -f htpm.ko ]] && module_ok=1
	fi
	if [[ -f selftests/Makefile ]]; then
		if make -C selftests 2>&1 | tee "$logdir/build-selftests.log"; then
			result "PASS: build_selftests"
		else
			result "FAIL: build_selftests: make -C selftests failed"
		fi
	fi
	stage_end build
else
	[[ -f htpm.ko ]] && module_ok=1
fi

if want lint; then
	stage_begin lint
	run_stage checkpatch checkpatch bash selftests/checkpatch.sh
	# C=2: sparse on every file, built or not; its findings go to stderr
	# as "file:line:col: warning|error: ...".
	make -C "$KDIR" M="$HTPM_TREE" C=2 modules >"$logdir/sparse.log" 2>&1
	rc=$?
	if ((rc)); then
		result "FAIL: sparse: the sparse build exited $rc (see $logdir/sparse.log)"
	elif grep -qE ': (warning|error):' "$logdir/sparse.log"; then
		grep -E ': (warning|error):' "$logdir/sparse.log"
		result "FAIL: sparse: $(grep -cE ': (warning|error):' "$logdir/sparse.log") findings"
	else
		result "PASS: sparse"
	fi
	stage_end lint
fi

if want kunit; then
	stage_begin kunit
	if [[ -f selftests/kunit.sh ]]; then
		run_stage kunit kunit bash selftests/kunit.sh
	else
		result "SKIP: kunit: selftests/kunit.sh missing"
	fi
	stage_end kunit
fi

if want userspace; then
	stage_begin userspace
	if [[ -f userspace/Makefile ]]; then
		run_stage userspace userspace_check make -C userspace check
	else
		result "SKIP: userspace_check: userspace/Makefile missing"
	fi
	stage_end userspace
fi

# The engine's libFuzzer target for a bounded time. The corpus lives in the
# cache (it grows from run to run), crash inputs in the log directory:
# neither goes into the tree.
fuzz_stage()
{
	local dir=$HTPM_CACHE/fuzz corpus seeds crashes secs=${HTPM_FUZZ_SECONDS:-120} rc crash

	# clang and its libFuzzer runtime (libclang-rt, only "recommended" by
	# clang) come with the install stage.
	if ! command -v clang >/dev/null; then
		result "FAIL: fuzz_engine: clang is not installed"
		return
	fi
	if ! make -C userspace/engine fuzz >"$logdir/fuzz-build.log" 2>&1; then
		tail -n 20 "$logdir/fuzz-build.log"
		result "FAIL: fuzz_engine: make -C userspace/engine fuzz failed (see $logdir/fuzz-build.log)"
		return
	fi
	corpus=$dir/corpus
	seeds=$logdir/fuzz-seeds
	crashes=$logdir/fuzz-crashes
	mkdir -p "$corpus" "$seeds" "$crashes" || {
		result "FAIL: fuzz_engine: cannot create $corpus"
		return
	}
	# Seeds: the shared command vectors, each after a Startup(CLEAR) (see
	# userspace/engine/seeds_from_vectors.py), else two of our own.
	if ! python3 userspace/engine/seeds_from_vectors.py \
		kernel/tests/engine_vectors.h "$seeds" >"$logdir/fuzz-seeds.log" 2>&1 ||
		[[ -z $(ls -A "$seeds") ]]; then
		printf '\x80\x01\x00\x00\x00\x0c\x00\x00\x01\x44\x00\x00' >"$seeds/startup"
		printf '\x80\x01\x00\x00\x00\x0c\x00\x00\x01\x44\x00\x00\xfe\xff\x80\x01\x00\x00\x00\x0c\x00\x00\x01\x7b\x00\x10' \
			>"$seeds/startup-getrandom"
	fi
	echo "fuzz_engine: ${secs} s, corpus $corpus, $(find "$seeds" -type f | wc -l) seeds"
	# New inputs go to the first directory, the cached corpus.
	userspace/engine/fuzz_engine -max_total_time="$secs" -timeout=20 \
		-max_len=4200 -rss_limit_mb=2048 -print_final_stats=1 \
		-artifact_prefix="$crashes/" "$corpus" "$seeds" >"$logdir/fuzz.log" 2>&1
	rc=$?
	tail -n 15 "$logdir/fuzz.log"
	crash=$(find "$crashes" -type f | head -n 1)
	if [[ -n $crash ]]; then
		result "FAIL: fuzz_engine: $crash (exit $rc; reproduce: userspace/engine/fuzz_engine $crash)"
	elif ((rc)); then
		result "FAIL: fuzz_engine: fuzz_engine exited $rc without a crash file (see $logdir/fuzz.log)"
	else
		result "PASS: fuzz_engine"
	fi
}

if want fuzz; then
	stage_begin fuzz
	fuzz_stage
	stage_end fuzz
fi

img=${HTPM_IMG:-}
if [[ -n $rootfs_pid ]]; then
	stage_begin rootfs
	if wait "$rootfs_pid"; then
		img=$(tail -n1 "$logdir/rootfs.out")
		result "PASS: rootfs"
	else
		result "FAIL: rootfs: build-rootfs.sh failed"
	fi
	cat "$logdir/rootfs.log"
	echo "===== rootfs: built or found in $(cat "$logdir/rootfs.time") s (in the background)"
	stage_end rootfs
fi

if want guest; then
	stage_begin guest
	if [[ -z $module_ok ]]; then
		result "SKIP: guest: htpm.ko did not build"
	elif [[ -z $img ]] && want rootfs; then
		result "SKIP: guest: no rootfs image"
	else
		# shellcheck disable=SC2086 # a list of test names
		HTPM_IMG=$img run_stage guest guest bash selftests/run-guest.sh \
			-t "${HTPM_GUEST_TIMEOUT:-2700}" -l "$logdir/guest-console.log" \
			selftests/guest/run-tests.sh ${HTPM_GUEST_TESTS:-}
		mkdir -p "$HTPM_CACHE/logs" 2>/dev/null &&
			cp "$logdir/guest-console.log" "$HTPM_CACHE/logs/last-check-guest.log" 2>/dev/null
	fi
	stage_end guest
fi

passed=$(grep -c '^PASS: ' "$results")
failed=$(grep -c '^FAIL: ' "$results")
skipped=$(grep -c '^SKIP: ' "$results")

echo
echo "===== summary"
while read -r s d; do
	printf '  %-10s %6s s\n' "$s" "$d"
done <"$logdir/durations"
printf '  %-10s %6s s\n' total "$(htpm_elapsed "$t_all")"
if ((failed)); then
	echo "failures:"
	grep '^FAIL: ' "$results" | sed 's/^/  /'
fi
if ((skipped)); then
	echo "skipped:"
	grep '^SKIP: ' "$results" | sed 's/^/  /'
fi
echo "logs: $logdir"
summary="$passed passed, $failed failed"
((skipped)) && summary+=", $skipped skipped"
echo "$summary"
((failed == 0 && passed > 0))
