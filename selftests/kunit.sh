#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Run the htpm KUnit suites (kernel/tests/*_kunit.c) on a UML kernel.
#
# Debian's kernel has no KUnit, so this builds one from linux-source-6.1:
#
#   $HTPM_CACHE/kunit/linux-source-6.1/   the tarball, extracted once
#       drivers/htpm_kunit/Kconfig     -> <project>/selftests/kunit/Kconfig
#       drivers/htpm_kunit/Makefile    -> <project>/selftests/kunit/Makefile
#       drivers/htpm_kunit/kernel      -> <project>/kernel
#       drivers/htpm_kunit/uapi        -> <project>/uapi
#     (the links are refreshed on every run: the project path may change;
#     drivers/Kconfig and drivers/Makefile get one line each, once)
#   $HTPM_CACHE/kunit/build/              kunit.py --build_dir, kept warm
#   $HTPM_CACHE/kunit/last.log            kunit.py output of the last run
#
# Usage: selftests/kunit.sh [FILTER_GLOB]    e.g. 'htpm_queue*'
#
# Prints "PASS: kunit.<suite>.<case>", "FAIL: ..." or "SKIP: ..." per test
# case; "FAIL: kunit_build" if the kernel does not build or boot. Exits
# non-zero on any failure.
#
# Environment: HTPM_CACHE (default /var/cache/htpm), HTPM_KUNIT_JOBS
# (default nproc), HTPM_KUNIT_TIMEOUT (seconds for the test run, default
# 600), PYTHON (default python3).

set -u -o pipefail

PROJECT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
HTPM_CACHE=${HTPM_CACHE:-/var/cache/htpm}
TARBALL=${HTPM_LINUX_SOURCE:-/usr/src/linux-source-6.1.tar.xz}
KUNIT_DIR=$HTPM_CACHE/kunit
TREE=$KUNIT_DIR/linux-source-6.1
BUILD=$KUNIT_DIR/build
LOG=$KUNIT_DIR/last.log
JOBS=${HTPM_KUNIT_JOBS:-$(nproc)}
TIMEOUT=${HTPM_KUNIT_TIMEOUT:-600}
PYTHON=${PYTHON:-python3}
FILTER=${1:-}
JSON=

log()
{
	printf 'kunit: %s\n' "$*" >&2
}

# fail_build REASON [LOGFILE]: report a build/setup failure and exit.
fail_build()
{
	echo "FAIL: kunit_build: $1"
	if [[ -n ${2:-} && -s $2 ]]; then
		log "last 40 lines of $2:"
		tail -n 40 "$2" | sed 's/^/    /' >&2
	fi
	exit 1
}

elapsed()
{
	echo $((SECONDS - $1))
}

# Extract the tarball unless the tree in the cache came from this very
# tarball (size and mtime recorded in a stamp).
extract_tree()
{
	local want have tmp

	[[ -r $TARBALL ]] ||
		fail_build "$TARBALL missing (apt-get install linux-source-6.1)"
	want=$(stat -c '%s %Y' "$TARBALL")
	have=$(cat "$TREE/.htpm-extracted" 2>/dev/null)
	[[ $want == "$have" ]] && return 0

	log "extracting $TARBALL into $TREE"
	tmp=$KUNIT_DIR/extract.tmp
	rm -rf "$tmp" "$TREE" "$BUILD" || fail_build "cannot clean $KUNIT_DIR"
	mkdir -p "$tmp" || fail_build "cannot create $tmp"
	tar -xJf "$TARBALL" -C "$tmp" ||
		fail_build "cannot extract $TARBALL"
	mv "$tmp/linux-source-6.1" "$TREE" ||
		fail_build "$TARBALL has no linux-source-6.1/"
	rmdir "$tmp"
	echo "$want" >"$TREE/.htpm-extracted"
}

# append_once FILE LINE
append_once()
{
	grep -qxF -- "$2" "$1" || printf '\n%s\n' "$2" >>"$1"
}

# Link the project's sources into the tree as drivers/htpm_kunit/.
wire_sources()
{
	local dir=$TREE/drivers/htpm_kunit f

	mkdir -p "$dir" || fail_build "cannot create $dir"
	for f in Kconfig Makefile; do
		ln -sfn "$PROJECT/selftests/kunit/$f" "$dir/$f" ||
			fail_build "cannot link $dir/$f"
	done
	for f in kernel uapi; do
		ln -sfn "$PROJECT/$f" "$dir/$f" ||
			fail_build "cannot link the project's $f/ into $dir"
	done
	append_once "$TREE/drivers/Kconfig" 'source "drivers/htpm_kunit/Kconfig"'
	# shellcheck disable=SC2016 # a make variable, not a shell one
	append_once "$TREE/drivers/Makefile" \
		'obj-$(CONFIG_HTPM_KUNIT_TEST) += htpm_kunit/'

	# Objects built from another checkout may look newer than this one's
	# sources: drop them when the project path changes.
	if [[ $(cat "$BUILD/.htpm-project" 2>/dev/null) != "$PROJECT" ]]; then
		rm -rf "$BUILD/drivers/htpm_kunit"
		mkdir -p "$BUILD" && echo "$PROJECT" >"$BUILD/.htpm-project"
	fi
}

# Turn kunit.py's JSON into one result line per test case.
report()
{
	"$PYTHON" - "$1" "$LOG" <<'EOF'
import json
import sys


def status_of(case):
    s = case.get("status", "FAIL")
    return s if s in ("PASS", "SKIP") else "FAIL"


def group_status(group):
    """A parameterised case: FAIL if any parameter failed, SKIP if all
    were skipped, else PASS."""
    st = [status_of(c) for c in group.get("test_cases", [])]
    st += [group_status(g) for g in group.get("sub_groups", [])]
    if not st or "FAIL" in st:
        return "FAIL"
    if all(s == "SKIP" for s in st):
        return "SKIP"
    return "PASS"


with open(sys.argv[1]) as f:
    top = json.load(f)

counts = {"PASS": 0, "FAIL": 0, "SKIP": 0}
suites = 0


def emit(status, name, raw=None):
    counts[status] += 1
    if status == "FAIL":
        why = "crashed" if raw == "ERROR" else "failed"
        print(f"FAIL: kunit.{name}: {why} (output below, log {sys.argv[2]})")
    else:
        print(f"{status}: kunit.{name}")


# A suite that produced no test cases (e.g. its init failed) shows up as a
# case of the top group.
for case in top.get("test_cases", []):
    suites += 1
    emit(status_of(case), case["name"], case.get("status"))
for suite in top.get("sub_groups", []):
    suites += 1
    for case in suite.get("test_cases", []):
        emit(status_of(case), f'{suite["name"]}.{case["name"]}',
             case.get("status"))
    for param in suite.get("sub_groups", []):
        emit(group_status(param), f'{suite["name"]}.{param["name"]}')

print(f"kunit: {suites} suites: {counts['PASS']} passed, "
      f"{counts['FAIL']} failed, {counts['SKIP']} skipped", file=sys.stderr)
print(suites)
sys.exit(1 if counts["FAIL"] else 0)
EOF
}

# The test output of failed cases, from kunit.py's parsed log.
show_failures()
{
	log "failures (full log: $LOG):"
	sed -n '/Starting KUnit Kernel/,$p' "$LOG" |
		grep -v -e '\[PASSED\]' -e '\[SKIPPED\]' -e '=====' \
			-e 'stty:' | sed 's/^/    /' >&2
}

main()
{
	local start=$SECONDS files nfiles rc out suites t status=0

	command -v "$PYTHON" >/dev/null ||
		fail_build "$PYTHON not found (kunit.py needs python3)"
	for t in flex bison bc gcc make flock; do
		command -v $t >/dev/null || fail_build "$t not installed"
	done

	shopt -s nullglob
	files=("$PROJECT"/kernel/tests/*_kunit.c)
	shopt -u nullglob
	nfiles=${#files[@]}
	if ((nfiles == 0)); then
		echo "SKIP: kunit: no kernel/tests/*_kunit.c suites yet"
		return 0
	fi

	mkdir -p "$KUNIT_DIR" || fail_build "cannot create $KUNIT_DIR"
	exec 9>"$KUNIT_DIR/lock"
	flock 9 || fail_build "cannot lock $KUNIT_DIR/lock"

	extract_tree
	wire_sources

	JSON=$(mktemp) || fail_build "mktemp failed"
	trap 'rm -f "$JSON"' EXIT

	log "building and running ($nfiles suite files, $JOBS jobs; log: $LOG)"
	"$PYTHON" "$TREE/tools/testing/kunit/kunit.py" run \
		--build_dir="$BUILD" \
		--kunitconfig="$PROJECT/selftests/kunit/.kunitconfig" \
		--jobs="$JOBS" --timeout="$TIMEOUT" \
		--json="$JSON" ${FILTER:+"$FILTER"} >"$LOG" 2>&1
	rc=$?

	if [[ ! -s $JSON ]]; then
		if grep -q 'Starting KUnit Kernel' "$LOG"; then
			fail_build "the UML kernel did not produce results" "$LOG"
		fi
		fail_build "kunit.py exited $rc before running tests" "$LOG"
	fi

	out=$(report "$JSON") || status=1
	suites=$(tail -n1 <<<"$out")
	if [[ ! $suites =~ ^[0-9]+$ ]]; then
		echo "FAIL: kunit_parse: cannot read kunit.py's results"
		printf '%s\n' "$out" >&2
		return 1
	fi
	sed '$d' <<<"$out"
	((status == 0)) || show_failures

	# Each *_kunit.c defines at least one suite: fewer means some never ran.
	if [[ -z $FILTER ]] && ((suites < nfiles)); then
		echo "FAIL: kunit_suites: $suites suites reported for $nfiles files"
		status=1
	fi
	if ((rc != 0 && status == 0)); then
		echo "FAIL: kunit_run: kunit.py exited $rc"
		tail -n 40 "$LOG" | sed 's/^/    /' >&2
		status=1
	fi
	log "done in $(elapsed "$start")s"
	return $status
}

main "$@"
