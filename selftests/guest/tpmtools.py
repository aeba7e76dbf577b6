#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Expected values for test-tools.sh, computed with hashlib, and parsers of
tpm2-tools output.

The PCR model is a JSON file: {"banks": {"sha256": ["hex", ...24], ...}}.
It follows the PC Client PTP: after TPM2_Startup(CLEAR) PCRs 0-16 and 23
are zero and PCRs 17-22 (D-RTM, not started) are all ones; PCRs 0-15 keep
their values over Shutdown(STATE)+Startup(STATE), PCRs 16-23 do not.

  tpmtools.py init STATE                       fresh model, three banks
  tpmtools.py extend STATE PCR ALG=HEX...      TPM2_PCR_Extend
  tpmtools.py event STATE PCR FILE             TPM2_PCR_Event (every bank)
  tpmtools.py reset STATE PCR                  TPM2_PCR_Reset
  tpmtools.py startup STATE clear|state        TPM Reset / TPM Resume
  tpmtools.py banks STATE ALG,ALG...           allocation after TPM Reset
  tpmtools.py sync STATE PCRREAD              take the values read as the model
  tpmtools.py compare STATE PCRREAD [PCRS] [--all]
        PCRREAD is tpm2_pcrread output; PCRS a comma list (default: every
        PCR but 17-22). --all: the banks read must be exactly the model's.
        Prints the mismatches, exit 1 if any.
  tpmtools.py parse PCRREAD                    "ALG PCR HEX" lines
  tpmtools.py digest ALG FILE                  hex digest of FILE
  tpmtools.py events FILE EVENT_OUTPUT         check tpm2_pcrevent's list
  tpmtools.py algs GETCAP_OUTPUT               check tpm2_getcap algorithms
        against ALGS, the engine's list (TPM_CAP_ALGS: algorithm IDs in
        order, TPMA_ALGORITHM bits); prints the mismatches, exit 1 if any.
"""

import hashlib
import json
import re
import sys

NR_PCRS = 24
SIZES = {"sha1": 20, "sha256": 32, "sha384": 48, "sha512": 64}
DRTM = range(17, 23)
# TPM_CAP_ALGS of the engine: (tpm2-tools name, TPM_ALG_ID, TPMA_ALGORITHM)
# in TPM_ALG_ID order. TPMA_ALGORITHM: asymmetric 0x1, symmetric 0x2,
# hash 0x4, object 0x8, signing 0x100, encrypting 0x200, method 0x400.
ALGS = [("rsa", 0x1, 0x9), ("sha1", 0x4, 0x4), ("hmac", 0x5, 0x104),
        ("aes", 0x6, 0x2), ("mgf1", 0x7, 0x404), ("keyedhash", 0x8, 0x10C),
        ("sha256", 0xB, 0x4), ("sha384", 0xC, 0x4), ("sha512", 0xD, 0x4),
        ("null", 0x10, 0x0), ("rsassa", 0x14, 0x101),
        ("rsaes", 0x15, 0x201), ("rsapss", 0x16, 0x101),
        ("oaep", 0x17, 0x205), ("ecdsa", 0x18, 0x101),
        ("ecdh", 0x19, 0x401), ("kdf1_sp800_108", 0x22, 0x404),
        ("ecc", 0x23, 0x9), ("symcipher", 0x25, 0x8),
        ("ctr", 0x40, 0x202), ("ofb", 0x41, 0x202), ("cbc", 0x42, 0x202),
        ("cfb", 0x43, 0x202), ("ecb", 0x44, 0x202)]
ALG_BITS = [("asymmetric", 0x1), ("symmetric", 0x2), ("hash", 0x4),
            ("object", 0x8), ("signing", 0x100), ("encrypting", 0x200),
            ("method", 0x400)]
NOT_SAVED = range(16, 24)       # reset by Startup(STATE) too


def init_value(alg, pcr):
    fill = "ff" if pcr in DRTM else "00"
    return fill * SIZES[alg]


def load(path):
    with open(path) as f:
        return json.load(f)


def save(path, model):
    with open(path, "w") as f:
        json.dump(model, f)


def fresh(banks):
    return {"banks": {a: [init_value(a, p) for p in range(NR_PCRS)]
                      for a in banks}}


def extend_one(alg, old, digest):
    return hashlib.new(alg, bytes.fromhex(old) + digest).hexdigest()


def parse_pcrread(text):
    """tpm2_pcrread output -> {alg: {pcr: hex}}"""
    out = {}
    alg = None
    for line in text.splitlines():
        m = re.match(r"^\s*(sha1|sha256|sha384|sha512|sm3_256):\s*$", line)
        if m:
            alg = m.group(1)
            out.setdefault(alg, {})
            continue
        m = re.match(r"^\s*(\d+)\s*:\s*0x([0-9A-Fa-f]+)\s*$", line)
        if m and alg:
            out[alg][int(m.group(1))] = m.group(2).lower()
    # A bank listed without PCRs (not allocated) is not read.
    return {a: v for a, v in out.items() if v}


def pcr_list(arg):
    if arg == "all":
        return list(range(NR_PCRS))
    return [int(x) for x in arg.split(",") if x != ""]


def cmd_compare(args):
    model = load(args[0])
    with open(args[1]) as f:
        read = parse_pcrread(f.read())
    rest = args[2:]
    check_all = "--all" in rest
    rest = [a for a in rest if a != "--all"]
    pcrs = pcr_list(rest[0]) if rest else \
        [p for p in range(NR_PCRS) if p not in DRTM]
    errs = []
    if check_all and sorted(read) != sorted(model["banks"]):
        errs.append("banks read %s, expected %s" %
                    (",".join(sorted(read)) or "none",
                     ",".join(sorted(model["banks"]))))
    for alg, vals in sorted(model["banks"].items()):
        got = read.get(alg)
        if got is None:
            errs.append("bank %s missing from the output" % alg)
            continue
        for p in pcrs:
            if p not in got:
                errs.append("%s PCR %d missing" % (alg, p))
            elif got[p] != vals[p]:
                errs.append("%s PCR %d is %s, expected %s" %
                            (alg, p, got[p], vals[p]))
    if errs:
        more = " (+%d more)" % (len(errs) - 3) if len(errs) > 3 else ""
        print("; ".join(errs[:3]) + more)
        return 1
    return 0


def cmd_events(args):
    """tpm2_pcrevent prints "alg: hex" for each bank the TPM hashed."""
    with open(args[0], "rb") as f:
        data = f.read()
    with open(args[1]) as f:
        text = f.read()
    got = {}
    for line in text.splitlines():
        m = re.match(r"^\s*(\w+)\s*:\s*([0-9A-Fa-f]+)\s*$", line)
        if m:
            got[m.group(1)] = m.group(2).lower()
    errs = []
    for alg in ("sha1", "sha256", "sha384"):
        if alg not in got:
            errs.append("no %s digest" % alg)
    for alg, hexd in sorted(got.items()):
        if alg not in SIZES:
            errs.append("unknown bank %s" % alg)
            continue
        want = hashlib.new(alg, data).hexdigest()
        if hexd != want:
            errs.append("%s digest %s, expected %s" % (alg, hexd, want))
    if errs:
        print("; ".join(errs))
        return 1
    return 0


def parse_algs(text):
    """tpm2_getcap algorithms -> [(name, value, attributes)], in order."""
    out = []
    cur = None
    for line in text.splitlines():
        m = re.match(r"^(\S+):\s*$", line)
        if m:
            cur = [m.group(1), None, 0]
            out.append(cur)
            continue
        m = re.match(r"^\s+(\w+):\s+(\S+)", line)
        if not m or cur is None:
            continue
        key, val = m.group(1), m.group(2)
        if key == "value":
            cur[1] = int(val, 0)
        elif key == "reserved":
            if int(val, 0):
                cur[2] |= 0x10000
        else:
            bit = dict(ALG_BITS).get(key)
            if bit is not None and int(val, 0):
                cur[2] |= bit
    return [tuple(a) for a in out]


def cmd_algs(args):
    with open(args[0]) as f:
        got = parse_algs(f.read())
    errs = []
    names = [a[0] for a in got]
    want_names = [a[0] for a in ALGS]
    if names != want_names:
        errs.append("algorithms %s, expected %s" % (" ".join(names),
                                                   " ".join(want_names)))
    have = {a[0]: a for a in got}
    for name, value, attrs in ALGS:
        g = have.get(name)
        if g is None:
            continue
        if g[1] != value:
            errs.append("%s value %s, expected 0x%x" % (
                name, "missing" if g[1] is None else "0x%x" % g[1], value))
        if g[2] != attrs:
            errs.append("%s attributes 0x%x, expected 0x%x" % (name, g[2],
                                                              attrs))
    if errs:
        print("; ".join(errs))
        return 1
    return 0


def main(argv):
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    op, args = argv[1], argv[2:]
    if op == "init":
        save(args[0], fresh(["sha1", "sha256", "sha384"]))
    elif op == "extend":
        model = load(args[0])
        pcr = int(args[1])
        for spec in args[2:]:
            alg, hexd = spec.split("=")
            if alg in model["banks"]:
                bank = model["banks"][alg]
                bank[pcr] = extend_one(alg, bank[pcr], bytes.fromhex(hexd))
        save(args[0], model)
    elif op == "event":
        model = load(args[0])
        pcr = int(args[1])
        with open(args[2], "rb") as f:
            data = f.read()
        for alg, bank in model["banks"].items():
            bank[pcr] = extend_one(alg, bank[pcr],
                                   hashlib.new(alg, data).digest())
        save(args[0], model)
    elif op == "reset":
        model = load(args[0])
        pcr = int(args[1])
        for alg, bank in model["banks"].items():
            bank[pcr] = "00" * SIZES[alg]
        save(args[0], model)
    elif op == "startup":
        model = load(args[0])
        for alg, bank in model["banks"].items():
            for p in range(NR_PCRS):
                if args[1] == "clear" or p in NOT_SAVED:
                    bank[p] = init_value(alg, p)
        save(args[0], model)
    elif op == "banks":
        save(args[0], fresh(args[1].split(",")))
    elif op == "sync":
        # Take the PCR values read as the model's, after a failure was
        # reported, so that later checks do not repeat it.
        model = load(args[0])
        with open(args[1]) as f:
            read = parse_pcrread(f.read())
        for alg, vals in read.items():
            bank = model["banks"].setdefault(
                alg, [init_value(alg, p) for p in range(NR_PCRS)])
            for p, v in vals.items():
                bank[p] = v
        save(args[0], model)
    elif op == "compare":
        return cmd_compare(args)
    elif op == "parse":
        with open(args[0]) as f:
            read = parse_pcrread(f.read())
        for alg in sorted(read):
            for p in sorted(read[alg]):
                print(alg, p, read[alg][p])
    elif op == "digest":
        with open(args[1], "rb") as f:
            print(hashlib.new(args[0], f.read()).hexdigest())
    elif op == "events":
        return cmd_events(args)
    elif op == "algs":
        return cmd_algs(args)
    else:
        print("unknown operation %s" % op, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
