#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# checkpatch.pl --strict over the module's sources and the uapi header, and
# kernel-doc over the same files:
# kernel/**/*.[ch] and uapi/linux/*.h. Prints "PASS: checkpatch.<file>" or
# "FAIL: checkpatch.<file>" (followed by checkpatch's report, indented) per
# file; exits 1 if any file fails.
#
# checkpatch.pl comes from an extracted linux-source-6.1 in $HTPM_CACHE
# (default /var/cache/htpm): linux-source-6.1/ or kunit/linux-source-6.1/
# if there, else the files it needs are extracted from
# /usr/src/linux-source-6.1.tar.xz into checkpatch/linux-source-6.1/.
# CHECKPATCH=/path/to/checkpatch.pl overrides all that.

set -u -o pipefail

PROJECT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
HTPM_CACHE=${HTPM_CACHE:-/var/cache/htpm}
TARBALL=${HTPM_LINUX_SOURCE:-/usr/src/linux-source-6.1.tar.xz}

find_checkpatch()
{
	local d own=$HTPM_CACHE/checkpatch/linux-source-6.1 tmp
	local files=(scripts/checkpatch.pl scripts/spelling.txt
		     scripts/const_structs.checkpatch scripts/kernel-doc)

	if [[ -n ${CHECKPATCH:-} ]]; then
		echo "$CHECKPATCH"
		return
	fi
	for d in "$HTPM_CACHE/linux-source-6.1" \
		 "$HTPM_CACHE/kunit/linux-source-6.1" "$own"; do
		if [[ -x $d/scripts/checkpatch.pl && -r $d/scripts/spelling.txt &&
		      -r $d/scripts/kernel-doc ]]; then
			echo "$d/scripts/checkpatch.pl"
			return
		fi
	done

	[[ -r $TARBALL ]] || {
		echo "checkpatch: $TARBALL missing (apt-get install linux-source-6.1)" >&2
		return 1
	}
	echo "checkpatch: extracting checkpatch.pl from $TARBALL" >&2
	mkdir -p "$HTPM_CACHE/checkpatch" &&
		tmp=$(mktemp -d "$HTPM_CACHE/checkpatch/tmp.XXXXXX") || return 1
	if ! tar -xJf "$TARBALL" -C "$tmp" "${files[@]/#/linux-source-6.1/}"; then
		rm -rf "$tmp"
		return 1
	fi
	# Another run may have won the race; either copy will do. A copy from
	# an older version of this script may lack files: replace it.
	[[ -r $own/scripts/kernel-doc ]] || rm -rf "$own"
	mv -T "$tmp/linux-source-6.1" "$own" 2>/dev/null
	rm -rf "$tmp"
	[[ -x $own/scripts/checkpatch.pl ]] || return 1
	echo "$own/scripts/checkpatch.pl"
}

uapi=

# "N errors, N warnings, N checks" of a checkpatch report
summarize()
{
	local e w c

	e=$(grep -c '^ERROR:' <<<"$1")
	w=$(grep -c '^WARNING:' <<<"$1")
	c=$(grep -c '^CHECK:' <<<"$1")
	if ((e + w + c)); then
		echo "$e errors, $w warnings, $c checks"
	else
		echo "checkpatch.pl failed"
	fi
}

main()
{
	local cp f out dir path failed=0 files=()

	command -v perl >/dev/null || {
		echo "FAIL: checkpatch_setup: perl not installed"
		return 1
	}
	cp=$(find_checkpatch) || {
		echo "FAIL: checkpatch_setup: no checkpatch.pl"
		return 1
	}

	cd "$PROJECT" || return 1
	mapfile -t files < <(find kernel -type f -name '*.[ch]' ! -name '*.mod.c' |
			     LC_ALL=C sort; ls uapi/linux/*.h)
	if ((${#files[@]} == 0)); then
		echo "FAIL: checkpatch_setup: no sources found under $PROJECT"
		return 1
	fi

	# checkpatch applies its uapi rules (no BIT(), C99 types allowed, ...)
	# by path: show it uapi/ files where the kernel keeps them.
	uapi=$(mktemp -d) || return 1
	trap 'rm -rf "$uapi"' EXIT
	mkdir -p "$uapi/include" && cp -r uapi "$uapi/include/" || return 1

	for f in "${files[@]}"; do
		if [[ $f == uapi/* ]]; then
			dir=$uapi
			path=include/$f
		else
			dir=$PROJECT
			path=$f
		fi
		if out=$(cd "$dir" && perl "$cp" --strict --no-tree --show-types \
				 --color=never --no-summary -f "$path" 2>&1); then
			echo "PASS: checkpatch.$f"
		else
			echo "FAIL: checkpatch.$f: $(summarize "$out")"
			# drop checkpatch's boilerplate NOTEs, indent the rest
			printf '%s\n' "$out" | sed -e '/^$/d' -e '/^NOTE: /d' \
				-e '/^      [a-z]/d' -e '/has style problems/d' \
				-e 's/^/    /'
			failed=$((failed + 1))
		fi
	done
	echo "checkpatch: ${#files[@]} files, $failed failed" >&2

	# kernel-doc comments must parse: a malformed one is a warning here.
	if out=$(perl "$(dirname "$cp")/kernel-doc" -none "${files[@]}" 2>&1) &&
	   [[ -z $out ]]; then
		echo "PASS: kernel-doc"
	else
		echo "FAIL: kernel-doc: $(grep -c . <<<"$out") warnings"
		printf '%s\n' "$out" | sed 's/^/    /'
		failed=$((failed + 1))
	fi
	((failed == 0))
}

main "$@"
