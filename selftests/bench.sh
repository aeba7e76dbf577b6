#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# `make bench`: htpm against swtpm + tpm_vtpm_proxy, in one QEMU guest run.
#
# Builds the module, htpmctl and selftests/build/tpmbench, boots the test
# guest (selftests/run-guest.sh) with selftests/guest/bench.sh, which
# measures one LTPM and one swtpm side by side with the same raw command
# loops, and prints one table: a row per metric, the htpm and swtpm
# figures, their ratio (oriented so that > 1 means htpm is better), the
# ratio of the second measurement pass (to show the noise) and the
# project's target. Targets are reported, never asserted: the exit status
# is 0 whenever the benchmark ran, 1 only if it could not (build, boot, or
# the guest script did not finish).
#
# Environment:
#   HTPM_BENCH_SLICE    seconds per throughput slice (default 1)
#   HTPM_BENCH_ROUNDS   slices per TPM and throughput figure (default 5;
#                       the slices alternate between htpm and swtpm)
#   HTPM_BENCH_PASSES   measurement passes (default 2; the second one
#                       repeats the rates, CreatePrimary ECC and instance
#                       creation)
#   HTPM_BENCH_RSA_N    CreatePrimary RSA-2048 runs (default 10)
#   HTPM_BENCH_ECC_N    CreatePrimary ECC P-256 runs (default 20)
#   HTPM_BENCH_CREATE_N instances per creation-time median (default 5)
#   HTPM_BENCH_MEM_N    LTPMs for the memory figure (default 64)
#   HTPM_BENCH_MEMSW_N  swtpm instances for it (default 16)
#   HTPM_BENCH_TIMEOUT  seconds for the guest run (default 900)
#   HTPM_BENCH_NOBUILD  set: do not run make first
#   HTPM_IMG            rootfs image (default: build-rootfs.sh's)

set -uo pipefail

# shellcheck source=selftests/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

cd "$HTPM_TREE" || exit 1
htpm_detect_kernel

if [[ -z ${HTPM_BENCH_NOBUILD:-} ]]; then
	blog=$(mktemp /tmp/htpm-bench-build.XXXXXX)
	if ! { make KDIR="$KDIR" && make -C selftests; } >"$blog" 2>&1; then
		tail -n 30 "$blog"
		htpm_die "build failed (log $blog)"
	fi
	rm -f "$blog"
fi
[[ -f htpm.ko && -x userspace/htpmctl && -x selftests/build/tpmbench ]] ||
	htpm_die "htpm.ko, userspace/htpmctl or selftests/build/tpmbench missing"

img=${HTPM_IMG:-}
if [[ -z $img ]]; then
	img=$(bash selftests/build-rootfs.sh) || htpm_die "rootfs build failed"
fi

mkdir -p "$HTPM_CACHE/logs"
log=$HTPM_CACHE/logs/bench-$(date -u +%Y%m%dT%H%M%S)-$$.log
args=("slice=${HTPM_BENCH_SLICE:-1}" "rounds=${HTPM_BENCH_ROUNDS:-5}"
	"passes=${HTPM_BENCH_PASSES:-2}"
	"rsa=${HTPM_BENCH_RSA_N:-10}" "ecc=${HTPM_BENCH_ECC_N:-20}"
	"create=${HTPM_BENCH_CREATE_N:-5}" "mem=${HTPM_BENCH_MEM_N:-64}"
	"memsw=${HTPM_BENCH_MEMSW_N:-16}")

# The guest's progress notes and failures as they come; the measurements
# stay in the console log and make the table below.
HTPM_IMG=$img bash selftests/run-guest.sh -t "${HTPM_BENCH_TIMEOUT:-900}" \
	-l "$log" selftests/guest/bench.sh "${args[@]}" |
	grep --line-buffered -aE '^(# bench|FAIL: |BENCH: fatal)'
grc=${PIPESTATUS[0]}

# The accelerator, as run-guest.sh starts QEMU.
accel=$(grep -oE -- '-accel [a-z]+' selftests/run-guest.sh | head -n 1)
accel=${accel#-accel }

tr -d '\r' <"$log" | awk -v accel="${accel:-?}" -v logf="$log" '
function hexnum(h,	i, n) {
	n = 0
	h = tolower(h)
	sub(/^0x/, "", h)
	for (i = 1; i <= length(h); i++)
		n = n * 16 + index("0123456789abcdef", substr(h, i, 1)) - 1
	return n
}
# A TPM response code by name (format-1 codes and a few others).
function rcname(rc,	n, f1, e, where) {
	n = hexnum(rc)
	split("ASYMMETRIC ATTRIBUTES HASH VALUE HIERARCHY - KEY_SIZE MGF MODE TYPE HANDLE KDF RANGE AUTH_FAIL NONCE PP - SCHEME - - SIZE SYMMETRIC TAG SELECTOR - INSUFFICIENT SIGNATURE KEY POLICY_FAIL - INTEGRITY TICKET RESERVED_BITS BAD_AUTH EXPIRED POLICY_CC BINDING CURVE ECC_POINT", f1, " ")
	if (int(n / 128) % 2) {
		e = f1[n % 64]
		if (e == "" || e == "-")
			return ""
		if (int(n / 64) % 2)
			where = "parameter " int(n / 256) % 16
		else if (int(n / 2048) % 2)
			where = "session " int(n / 256) % 8
		else
			where = "handle " int(n / 256) % 8
		return "TPM_RC_" e ", " where
	}
	if (n == 323) return "TPM_RC_COMMAND_CODE"
	if (n == 257) return "TPM_RC_FAILURE"
	if (n == 256) return "TPM_RC_INITIALIZE"
	if (n == 2306) return "TPM_RC_OBJECT_MEMORY"
	return ""
}
/^BENCH: info / {
	k = $3
	$1 = $2 = $3 = ""
	sub(/^ +/, "")
	info[k] = $0
	next
}
/^BENCH: fatal / { fatal = 1 }
/^BENCH: done/ { done = 1 }
/^BENCH: [0-9]+ / {
	p = $2; m = $3; impl = $4
	if ($5 == "ok") {
		val[p, m, impl] = $6
		nval++
		$1 = $2 = $3 = $4 = $5 = $6 = ""
		sub(/^ +/, "")
		det[p, m, impl] = $0
	} else {
		$1 = $2 = $3 = $4 = $5 = ""
		sub(/^ +/, "")
		na[p, m, impl] = $0
	}
	# "n=N ..." details: the number of runs behind the figure
	if (split(det[p, m, impl], w, " ") && w[1] ~ /^n=[0-9]+$/)
		nrun[m, impl] = substr(w[1], 3)
}
# Why a figure is missing, once per reason: "impl: reason" -> metrics.
function note(impl, m, r,	k) {
	sub(/-(med|p99)$/, "", m)
	k = impl ": " r
	if (!(k in why)) {
		order[++nnotes] = k
		why[k] = m
	} else if ((" " why[k] ",") !~ (" " m ",")) {
		why[k] = why[k] ", " m
	}
}
function cell(p, m, impl,	r, s, n) {
	if ((p, m, impl) in val)
		return val[p, m, impl]
	if ((p, m, impl) in na) {
		r = na[p, m, impl]
		if (r ~ /^rc 0x/) {
			split(r, s, " ")
			n = rcname(s[2])
			note(impl, m, r (n == "" ? "" : " (" n ")"))
			return "n/a (rc " s[2] ")"
		}
		note(impl, m, r)
		return "n/a (error)"
	}
	return "-"
}
# Runs behind a pass-1 figure: "N", or "H/S" if htpm and swtpm differ.
function runs(m,	h, s) {
	h = ((m, "htpm") in nrun) ? nrun[m, "htpm"] : "?"
	s = ((m, "swtpm") in nrun) ? nrun[m, "swtpm"] : "?"
	if (h == "?" || h == s)
		return s
	return s == "?" ? h : h "/" s
}
# Ratio oriented so that > 1 means htpm is better; for the rates the
# median of the per-round ratios (the slices alternate between the TPMs).
function ratio(p, m, up,	h, s) {
	if (up && (p, m, "ratio") in val)
		return sprintf("%.2fx", val[p, m, "ratio"])
	if (!((p, m, "htpm") in val) || !((p, m, "swtpm") in val))
		return "-"
	h = val[p, m, "htpm"]; s = val[p, m, "swtpm"]
	if ((up ? s : h) + 0 == 0)
		return "-"
	return sprintf("%.2fx", up ? h / s : s / h)
}
function row(label, m, up, target,	h, s, r, r2, met, t) {
	h = cell(1, m, "htpm"); s = cell(1, m, "swtpm")
	r = ratio(1, m, up); r2 = ratio(2, m, up)
	met = "n/a"
	if (target ~ /x$/ && r != "-") {
		t = substr(target, 3) + 0
		met = (substr(r, 1, length(r) - 1) + 0 >= t) ? "yes" : "NO"
		if (r2 != "-" && (substr(r2, 1, length(r2) - 1) + 0 >= t) != (met == "yes"))
			met = met " (pass 2: " (met == "yes" ? "NO" : "yes") ")"
	} else if (target ~ /KiB$/ && h !~ /^n\/a/ && h != "-") {
		met = (h + 0 <= substr(target, 3) + 0) ? "yes" : "NO"
	} else if (target == "-") {
		met = ""
	}
	printf "%-46s %14s %14s %8s %8s  %-8s %s\n", label, h, s, r, r2, target, met
}
END {
	if (!done && !fatal && !nval) {
		print "htpm: bench: the guest produced no measurements (console log " logf ")"
		exit 1
	}
	printf "\nhtpm vs swtpm (tpm_vtpm_proxy), one guest: kernel %s, %s vCPUs (%s), %s, QEMU accel %s\n",
		info["kernel"], info["vcpus"], info["cpu"], info["memtotal"], accel
	printf "%s; guest parameters: %s\n", info["swtpm"], info["params"]
	printf "ratio: htpm/swtpm for throughput, swtpm/htpm for latency and memory: > 1 means htpm is better\n"
	printf "rates: median of alternating 1-TPM slices; their ratio is the median of the per-round ratios\n"
	printf "pass 2: the ratio measured again in the same boot, to show the noise (- where not repeated)\n\n"
	printf "%-46s %14s %14s %8s %8s  %-8s %s\n", "metric", "htpm", "swtpm", "ratio", "pass 2", "target", "met"
	printf "%-46s %14s %14s %8s %8s  %-8s %s\n", "------", "----", "-----", "-----", "------", "------", "---"
	row("GetRandom(32) /dev/tpmN [cmd/s]", "getrandom", 1, ">=10x")
	row("PCR_Extend SHA-256 PCR16 /dev/tpmN [cmd/s]", "extend", 1, ">=10x")
	row("GetRandom(32) /dev/tpmrmN [cmd/s]", "getrandom-rm", 1, "-")
	row("GetRandom(32) next to RSA keygen [cmd/s]", "getrandom-busy", 1, "-")
	row("Sign RSA-2048 RSASSA-SHA256 [sig/s]", "sign-rsa", 1, ">=1x")
	row("Sign ECDSA P-256 SHA-256 [sig/s]", "sign-ecc", 1, ">=1x")
	row("Quote ECDSA P-256, 8 PCRs [quote/s]", "quote-ecc", 1, "-")
	row("NV_Read 64 bytes, password [cmd/s]", "nv-read", 1, "-")
	row("CreatePrimary RSA-2048 median [ms] N=" runs("cp-rsa-med"), "cp-rsa-med", 0, ">=1x")
	row("CreatePrimary RSA-2048 p99 [ms]", "cp-rsa-p99", 0, "-")
	row("CreatePrimary ECC P-256 median [ms] N=" runs("cp-ecc-med"), "cp-ecc-med", 0, ">=1x")
	row("CreatePrimary ECC P-256 p99 [ms]", "cp-ecc-p99", 0, "-")
	row("new instance until GetRandom, median [ms] N=" runs("create"), "create", 0, "-")
	row("kernel memory per idle instance [KiB]", "mem-kernel", 0, "<=16KiB")
	row("kernel + userspace per idle instance [KiB]", "mem-total", 0, "-")
	printf "\n"
	printf "memory: htpm over %s LTPMs, swtpm over %s instances; kernel = SUnreclaim + VmallocUsed\n",
		nrun["mem-kernel", "htpm"], nrun["mem-kernel", "swtpm"]
	printf "  (holds the vmapped kernel stacks) + Percpu + PageTables; userspace = swtpm PSS (%s);\n",
		det[1, "mem-total", "swtpm"]
	printf "  MemAvailable drop per instance (too noisy for the table): htpm %s, swtpm %s KiB\n",
		cell(1, "mem-avail", "htpm"), cell(1, "mem-avail", "swtpm")
	printf "CreatePrimary: owner hierarchy, unrestricted signing template, a new unique field each run;\n"
	printf "  p99 is the nearest-rank 99th percentile (the maximum for N < 100)\n"
	for (i = 1; i <= nnotes; i++)
		print (i == 1 ? "n/a: " : "     ") why[order[i]] " on " order[i]
	if ("splat" in info)
		print "WARNING: kernel splat during the run: " info["splat"]
	if (!done)
		print "WARNING: the guest script did not finish: the table is partial"
	print "console log: " logf
}' || exit 1

if ! grep -aq '^BENCH: done' "$log"; then
	htpm_log "bench: the guest script did not finish (run-guest.sh exit $grc, log $log)"
	exit 1
fi
exit 0
