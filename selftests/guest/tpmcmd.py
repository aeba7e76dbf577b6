#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Raw TPM 2.0 commands on a /dev/tpmN or /dev/tpmrmN file descriptor.

  tpmcmd.py getrandom DEV [N]        one GetRandom, prints the bytes in hex
  tpmcmd.py count DEV N              N GetRandom commands, all must work
  tpmcmd.py loop DEV [READYFILE]     GetRandom in a loop until an error;
                                     touches READYFILE after 10 good rounds
  tpmcmd.py hostile DEV NAME [SEED] [COUNT]
                                     malformed commands; prints PASS/FAIL
                                     lines named NAME_<case>

Hash/event sequences, contexts and transient objects (test-rm.sh and
test-tools.sh); every digest is checked against hashlib. ALG is sha1,
sha256, sha384, sha512 or event (an event sequence). DEV may also be
swtpm:port=N, a TPM simulator's command port, to check the checks.

  tpmcmd.py check DEV CASE [SEED]    one case (CASES: caps hashseq eventseq
                                     eventseq_pcr ticket auth args handles
                                     list slots context tamper flush pcrauth,
                                     and spaces on /dev/tpmrmN); prints why
                                     it failed; nothing may stay loaded
  tpmcmd.py seqstart DEV ALG [N]     start N sequences, print their handles,
                                     exit without flushing them
  tpmcmd.py hold DEV N READYFILE [busy]
                                     start N sequences, write their handles
                                     to READYFILE, then sleep (busy: update
                                     them) until killed
  tpmcmd.py sessstart DEV N [save]   start N HMAC sessions (and ContextSave
                                     them), print their handles, exit
                                     without flushing them
  tpmcmd.py flush DEV HANDLE         FlushContext
  tpmcmd.py handles DEV              loaded transient handles, "avail N"
  tpmcmd.py su DEV startup|shutdown clear|state
  tpmcmd.py authcmd DEV CC HANDLE PASSWORD [PARAMS]
                                     one command CC with one handle,
                                     authorized by a password session
                                     (PASSWORD, PARAMS: hex, may be
                                     empty); prints "rc 0x..." (0x000 for
                                     success)
  tpmcmd.py rawcmd DEV CC [PARAMS]   one command CC without sessions
                                     (PARAMS: hex); prints "rc 0x..."
  tpmcmd.py ctxsave DEV ALG FILE     save a sequence's context to FILE
  tpmcmd.py ctxload DEV FILE         load it, go on, complete: prints "ok"
                                     or "rc 0x..." (exit 2)
  tpmcmd.py worker DEV SEED OPS      random interleaved sequences
  tpmcmd.py keycreate DEV HIER KIND KEYHEX PUB PRIV
                                     TPM2_Create of a key with the given
                                     key bytes (inSensitive.data), under
                                     the primary tpm2_createprimary -C HIER
                                     -G aes128cfb makes (o, e, p, n; made
                                     again here and flushed): KIND is
                                     aes128cbc, aes256ctr, ... (AES, mode
                                     cfb cbc ecb ofb ctr or null) or hmac
                                     (KEYEDHASH, scheme HMAC SHA-256);
                                     sign|decrypt (HMAC: sign), userWithAuth,
                                     no sensitiveDataOrigin; writes the
                                     TPM2B_PUBLIC and TPM2B_PRIVATE files
                                     tpm2_load -u/-r takes

Exit status: 0 on success (for loop: ended with an OS error), 2 for a
TPM error where one is printed, 1 otherwise.
"""

import errno
import hashlib
import json
import os
import random
import re
import signal
import socket
import struct
import sys
import time

ST_RSP_COMMAND = 0x00C4     # TPM 1.2 response tag
ST_NO_SESSIONS = 0x8001
ST_SESSIONS = 0x8002
TPM_RC_BAD_TAG = 0x01E
TPM_RS_PW = 0x40000009
TPM_RH_OWNER = 0x40000001
TPM_RH_LOCKOUT = 0x4000000A
TPM_RH_PLATFORM = 0x4000000C
TPM_RH_NULL = 0x40000007

CC_GET_RANDOM = 0x17B
CC_CLEAR = 0x126
CC_HASH = 0x17D
CC_GET_CAPABILITY = 0x17A
CC_PCR_READ = 0x17E
CC_CREATE_PRIMARY = 0x131
CC_FLUSH_CONTEXT = 0x165
CC_CONTEXT_LOAD = 0x161
CC_CONTEXT_SAVE = 0x162
CC_NV_READ_PUBLIC = 0x169
CC_READ_PUBLIC = 0x173
CC_START_AUTH_SESSION = 0x176
CC_PCR_EXTEND = 0x182
CC_LOAD = 0x157
CC_SELF_TEST = 0x143
CC_TEST_PARMS = 0x18A
CC_STIR_RANDOM = 0x146
CC_NV_DEFINE_SPACE = 0x12A
CC_POLICY_PCR = 0x17F
CC_SEQUENCE_UPDATE = 0x15C
CC_HASH_SEQUENCE_START = 0x186
CC_HMAC_START = 0x15B

# Command codes the random commands pick from, so that the parsers behind
# the header get exercised and not only the dispatcher's "unknown code".
KNOWN_CCS = [CC_GET_RANDOM, CC_HASH, CC_GET_CAPABILITY, CC_PCR_READ,
             CC_CREATE_PRIMARY, CC_FLUSH_CONTEXT, CC_CONTEXT_LOAD,
             CC_CONTEXT_SAVE, CC_NV_READ_PUBLIC, CC_READ_PUBLIC,
             CC_START_AUTH_SESSION, CC_PCR_EXTEND, CC_LOAD, CC_TEST_PARMS,
             CC_STIR_RANDOM, CC_NV_DEFINE_SPACE, CC_POLICY_PCR,
             CC_SEQUENCE_UPDATE, CC_HASH_SEQUENCE_START, CC_HMAC_START,
             0x121, 0x127, 0x128, 0x129, 0x12B, 0x12C, 0x12D, 0x12E, 0x130,
             0x132, 0x137, 0x138, 0x139, 0x13A, 0x14E, 0x153, 0x154, 0x155,
             0x156, 0x158, 0x159, 0x15D, 0x15E, 0x160, 0x163, 0x164, 0x167,
             0x16B, 0x16C, 0x16D, 0x16E, 0x171, 0x172, 0x174, 0x177, 0x178,
             0x17C, 0x181, 0x183, 0x185, 0x187, 0x189, 0x18B, 0x18C, 0x18D,
             0x18E, 0x18F, 0x190, 0x191, 0x192, 0x193, 0x197, 0x199, 0x19A]

CASE_TIMEOUT = 20       # seconds for one command before it counts as a hang
RSP_MAX = 4096


class Hang(Exception):
    pass


def _alarm(signum, frame):
    raise Hang()


def cmd(tag, cc, body=b"", size=None):
    """A command: header (size defaults to the real length) + body."""
    if size is None:
        size = 10 + len(body)
    return struct.pack(">HII", tag, size, cc) + body


def getrandom_cmd(n=8):
    return cmd(ST_NO_SESSIONS, CC_GET_RANDOM, struct.pack(">H", n))


def pw_session(hmac=b"", attrs=0):
    """A password authorization (TPMS_AUTH_COMMAND with TPM_RS_PW)."""
    return (struct.pack(">IH", TPM_RS_PW, 0) + bytes([attrs]) +
            struct.pack(">H", len(hmac)) + hmac)


def transact(fd, data):
    """Write one command, read its response.

    Returns ("rsp", bytes) or ("errno", errno, where) where errno came from
    write or read. Raises Hang if either blocks longer than CASE_TIMEOUT.
    """
    signal.alarm(CASE_TIMEOUT)
    try:
        try:
            os.write(fd, data)
        except OSError as e:
            return ("errno", e.errno, "write")
        try:
            rsp = os.read(fd, RSP_MAX)
        except OSError as e:
            return ("errno", e.errno, "read")
        return ("rsp", rsp)
    finally:
        signal.alarm(0)


# While a chip is being unregistered the kernel's resource manager
# (/dev/tpmrmN) may answer a command itself, without the TPM, with
# TSS2_RESMGR_TPM_RC_LAYER | TPM_RC_COMMAND_CODE (tpm-dev-common.c) rather
# than EPIPE: for a loop that runs until the device goes away, that too
# means gone.
RM_GONE_RC = (11 << 16) | 0x143


class RmGone(ValueError):
    """The resource manager answered for a chip that is going away."""


def check_rsp(rsp, allow_success, v12=False):
    """None if rsp is a well-formed TPM response, else the reason."""
    if len(rsp) < 10:
        return "short response (%d bytes): %s" % (len(rsp), rsp.hex())
    tag, size, rc = struct.unpack(">HII", rsp[:10])
    if size != len(rsp):
        return "size field %d != %d bytes read" % (size, len(rsp))
    # TPM_ST_RSP_COMMAND answers a bad command tag with TPM_RC_BAD_TAG
    # (Part 2, TPM_ST), and is what a TPM 1.2 command gets.
    if tag == ST_RSP_COMMAND:
        if rc != TPM_RC_BAD_TAG and not v12:
            return "response tag 0x00c4 with rc 0x%x (not TPM_RC_BAD_TAG)" % rc
    elif tag not in (ST_NO_SESSIONS, ST_SESSIONS):
        return "bad response tag 0x%04x (rc 0x%x)" % (tag, rc)
    if rc == 0 and not allow_success:
        return "malformed command accepted (rc 0)"
    if rc != 0 and size != 10:
        return "error response with %d bytes of body (rc 0x%x)" % (size - 10, rc)
    return None


def getrandom(fd, n=8):
    res = transact(fd, getrandom_cmd(n))
    if res[0] != "rsp":
        raise OSError(res[1], "GetRandom %s: %s" % (res[2], os.strerror(res[1])))
    rsp = res[1]
    bad = check_rsp(rsp, True)
    if bad:
        raise ValueError("GetRandom: " + bad)
    tag, size, rc = struct.unpack(">HII", rsp[:10])
    if rc == RM_GONE_RC:
        raise RmGone("the resource manager's own answer rc 0x%x" % rc)
    if rc != 0:
        raise ValueError("GetRandom: rc 0x%x" % rc)
    (n_out,) = struct.unpack(">H", rsp[10:12])
    if n_out != n or len(rsp) != 12 + n:
        raise ValueError("GetRandom: %d bytes for %d asked, %d-byte response"
                         % (n_out, n, len(rsp)))
    return rsp[12:]


def do_getrandom(argv):
    n = int(argv[1]) if len(argv) > 1 else 8
    fd = os.open(argv[0], os.O_RDWR)
    print(getrandom(fd, n).hex())
    return 0


def do_loop(argv):
    """GetRandom until the device goes away; the error ends the loop."""
    dev = argv[0]
    ready = argv[1] if len(argv) > 1 else None
    fd = os.open(dev, os.O_RDWR)
    n = 0
    while True:
        try:
            getrandom(fd)
        except OSError as e:
            print("loop %s: %d commands, then %s (%s)" %
                  (dev, n, errno.errorcode.get(e.errno, e.errno),
                   os.strerror(e.errno)), flush=True)
            return 0
        except RmGone as e:
            print("loop %s: %d commands, then %s" % (dev, n, e), flush=True)
            return 0
        except ValueError as e:
            print("loop %s: %d commands, then bad response: %s" % (dev, n, e),
                  flush=True)
            return 1
        n += 1
        if n == 10 and ready:
            with open(ready, "w") as f:
                f.write("%d\n" % os.getpid())


def do_count(argv):
    """COUNT GetRandom commands; all must succeed."""
    dev, count = argv[0], int(argv[1])
    fd = os.open(dev, os.O_RDWR)
    seen = set()
    for i in range(count):
        try:
            seen.add(getrandom(fd, 16))
        except (OSError, ValueError) as e:
            print("count %s: command %d of %d failed: %s" % (dev, i + 1, count, e))
            return 1
    if len(seen) != count:
        print("count %s: %d repeated random values in %d draws"
              % (dev, count - len(seen), count))
        return 1
    return 0


def hostile_cases():
    """(name, bytes, rc 0 allowed, TPM 1.2 response tag allowed)."""
    gr = getrandom_cmd()
    c = []
    c.append(("empty", b"", False, False))
    for n in (1, 2, 5, 6, 9):
        c.append(("header_trunc_%d" % n, gr[:n], False, False))
    c.append(("header_only", cmd(ST_NO_SESSIONS, CC_GET_RANDOM), False, False))
    c.append(("body_trunc", cmd(ST_NO_SESSIONS, CC_GET_RANDOM, b"\x00"),
              False, False))
    c.append(("size_gt_data_12_vs_20",
              cmd(ST_NO_SESSIONS, CC_GET_RANDOM, b"\x00\x08", size=20),
              True, False))
    c.append(("size_gt_data_4096",
              cmd(ST_NO_SESSIONS, CC_GET_RANDOM, b"\x00\x08", size=4096),
              True, False))
    c.append(("size_gt_bufsize",
              cmd(ST_NO_SESSIONS, CC_GET_RANDOM, b"\x00\x08", size=4097),
              False, False))
    c.append(("size_huge",
              cmd(ST_NO_SESSIONS, CC_GET_RANDOM, b"\x00\x08", size=0xFFFFFFFF),
              False, False))
    c.append(("size_lt_data",
              cmd(ST_NO_SESSIONS, CC_GET_RANDOM, b"\x00\x08" + b"\0" * 30,
                  size=11), False, False))
    c.append(("size_lt_header",
              cmd(ST_NO_SESSIONS, CC_GET_RANDOM, b"\x00\x08", size=6),
              False, False))
    c.append(("size_zero",
              cmd(ST_NO_SESSIONS, CC_GET_RANDOM, b"\x00\x08", size=0),
              False, False))
    c.append(("trailing_bytes",
              cmd(ST_NO_SESSIONS, CC_GET_RANDOM, b"\x00\x08\x01\x02\x03"),
              False, False))
    for tag in (0x0000, 0x1234, 0x8003, 0xFFFF):
        c.append(("tag_0x%04x" % tag, cmd(tag, CC_GET_RANDOM, b"\x00\x08"),
                  False, False))
    c.append(("tag_tpm12", cmd(0x00C1, 0x46, b"\x00\x00\x00\x08"),
              False, True))
    for cc in (0x0, 0x11F, 0x1A0, 0xFFFF, 0x20000000, 0x2000FFFF, 0x80000000,
               0xFFFFFFFF):
        c.append(("cc_0x%x" % cc, cmd(ST_NO_SESSIONS, cc, b"\x00" * 8),
                  False, False))
    clear_h = struct.pack(">I", TPM_RH_LOCKOUT)
    c.append(("sessions_tag_no_auth", cmd(ST_SESSIONS, CC_CLEAR, clear_h),
              False, False))
    c.append(("sessions_tag_getrandom_no_auth",
              cmd(ST_SESSIONS, CC_GET_RANDOM, b"\x00\x08"), False, False))
    c.append(("no_sessions_tag_auth_needed",
              cmd(ST_NO_SESSIONS, CC_CLEAR, clear_h), False, False))
    for n, asz in (("zero", 0), ("short", 5), ("one_too_few", 8),
                   ("beyond_cmd", 100), ("4096", 4096), ("2g", 0x7FFFFFFF),
                   ("4g", 0xFFFFFFFF)):
        c.append(("auth_size_" + n,
                  cmd(ST_SESSIONS, CC_CLEAR,
                      clear_h + struct.pack(">I", asz) + pw_session()),
                  False, False))
    s = pw_session()
    c.append(("auth_four_sessions",
              cmd(ST_SESSIONS, CC_CLEAR,
                  clear_h + struct.pack(">I", 4 * len(s)) + 4 * s),
              False, False))
    c.append(("auth_nonce_size_huge",
              cmd(ST_SESSIONS, CC_CLEAR, clear_h + struct.pack(">I", 9) +
                  struct.pack(">IH", TPM_RS_PW, 0xFFFF) + b"\0\0\0"),
              False, False))
    c.append(("auth_hmac_size_huge",
              cmd(ST_SESSIONS, CC_CLEAR, clear_h + struct.pack(">I", 9) +
                  struct.pack(">IHBH", TPM_RS_PW, 0, 0, 0xFFFF)),
              False, False))
    c.append(("auth_bad_session_handle",
              cmd(ST_SESSIONS, CC_CLEAR, clear_h + struct.pack(">I", 9) +
                  struct.pack(">IHBH", 0x02FFFFFF, 0, 0, 0)),
              False, False))
    c.append(("auth_wrong_password",
              cmd(ST_SESSIONS, CC_CLEAR, clear_h + struct.pack(">I", 13) +
                  pw_session(b"nope")), False, False))
    c.append(("hash_size_beyond_cmd",
              cmd(ST_NO_SESSIONS, CC_HASH, struct.pack(">H", 0xFFFF) +
                  b"abc" + struct.pack(">HI", 0x000B, TPM_RH_NULL)),
              False, False))
    c.append(("hash_bad_alg",
              cmd(ST_NO_SESSIONS, CC_HASH, struct.pack(">H", 3) + b"abc" +
                  struct.pack(">HI", 0x7777, TPM_RH_NULL)), False, False))
    c.append(("getcap_bad_cap",
              cmd(ST_NO_SESSIONS, CC_GET_CAPABILITY,
                  struct.pack(">III", 0x12345678, 0, 1)), False, False))
    c.append(("getcap_count_huge",
              cmd(ST_NO_SESSIONS, CC_GET_CAPABILITY,
                  struct.pack(">III", 2, 0x100, 0xFFFFFFFF)), True, False))
    c.append(("pcrread_select_huge",
              cmd(ST_NO_SESSIONS, CC_PCR_READ,
                  struct.pack(">IHB", 0xFFFFFFFF, 0x000B, 0xFF) + b"\xff" * 3),
              False, False))
    c.append(("pcrread_sizeofselect_255",
              cmd(ST_NO_SESSIONS, CC_PCR_READ,
                  struct.pack(">IHB", 1, 0x000B, 0xFF) + b"\xff" * 3),
              False, False))
    c.append(("contextload_garbage",
              cmd(ST_NO_SESSIONS, CC_CONTEXT_LOAD, os.urandom(64)),
              False, False))
    c.append(("contextload_blob_size_huge",
              cmd(ST_NO_SESSIONS, CC_CONTEXT_LOAD,
                  struct.pack(">QIIH", 1, 0x80000000, TPM_RH_OWNER, 0xFFFF)
                  + b"\0" * 8), False, False))
    c.append(("flush_bad_handle",
              cmd(ST_NO_SESSIONS, CC_FLUSH_CONTEXT,
                  struct.pack(">I", 0x80FFFFFF)), False, False))
    c.append(("readpublic_bad_handle",
              cmd(ST_NO_SESSIONS, CC_READ_PUBLIC,
                  struct.pack(">I", 0x81000000)), False, False))
    c.append(("createprimary_public_size_huge",
              cmd(ST_SESSIONS, CC_CREATE_PRIMARY,
                  struct.pack(">II", TPM_RH_NULL, 9) + pw_session() +
                  struct.pack(">HH", 0, 0) + struct.pack(">H", 0xFFFF)),
              False, False))
    c.append(("startauthsession_bad",
              cmd(ST_NO_SESSIONS, CC_START_AUTH_SESSION,
                  struct.pack(">II", 0x40000007, 0x40000007) +
                  struct.pack(">H", 0x4000) + b"\0" * 16),
              False, False))
    return c


def random_cases(seed, count):
    rnd = random.Random(seed)
    for i in range(count):
        kind = rnd.randrange(4)
        body = bytes(rnd.randrange(256) for _ in range(rnd.randrange(0, 200)))
        if kind == 0:           # pure noise
            data = bytes(rnd.randrange(256) for _ in range(rnd.randrange(0, 64)))
        elif kind == 1:         # good header, known code, noise body
            data = cmd(rnd.choice((ST_NO_SESSIONS, ST_SESSIONS)),
                       rnd.choice(KNOWN_CCS), body)
        elif kind == 2:         # sessions with a password session + noise
            h = struct.pack(">I", rnd.choice((TPM_RH_OWNER, TPM_RH_NULL,
                                               TPM_RH_LOCKOUT, TPM_RH_PLATFORM,
                                               0x80000000, 0x81000001)))
            s = pw_session(bytes(rnd.randrange(256)
                                 for _ in range(rnd.randrange(0, 8))))
            data = cmd(ST_SESSIONS, rnd.choice(KNOWN_CCS),
                       h + struct.pack(">I", len(s)) + s + body)
        else:                   # good command with a lying size field
            data = cmd(ST_NO_SESSIONS, rnd.choice(KNOWN_CCS), body,
                       size=rnd.choice((0, 9, 10, 11, len(body) + 5,
                                        len(body) + 10 + rnd.randrange(1, 64),
                                        rnd.randrange(0, 4097))))
        yield ("random_%03d" % i, data, True, True)


def do_hostile(argv):
    dev, name = argv[0], argv[1]
    seed = int(argv[2]) if len(argv) > 2 else 20240101
    count = int(argv[3]) if len(argv) > 3 else 300
    signal.signal(signal.SIGALRM, _alarm)
    fd = os.open(dev, os.O_RDWR)
    failed = 0
    errnos = {}
    random_bad = []

    def one(case, data, ok_rc0, v12):
        res = transact(fd, data)
        if res[0] == "errno":
            if res[1] == errno.EFAULT:
                # the TPM core turns a response whose size field disagrees
                # with recv()'s length into EFAULT: a driver bug
                return "%s EFAULT: the driver returned an inconsistent response" % res[2]
            if res[1] in (errno.EPIPE, errno.ENODEV):
                return "%s %s: the device went away" % (
                    res[2], errno.errorcode[res[1]])
            key = "%s:%s" % (res[2], errno.errorcode.get(res[1], res[1]))
            errnos[key] = errnos.get(key, 0) + 1
            return None
        return check_rsp(res[1], ok_rc0, v12)

    for case, data, ok_rc0, v12 in hostile_cases():
        try:
            bad = one(case, data, ok_rc0, v12)
        except Hang:
            print("FAIL: %s_%s: no answer within %d s" % (name, case, CASE_TIMEOUT))
            return 1
        if bad:
            failed += 1
            print("FAIL: %s_%s: %s (command %s)" % (name, case, bad, data[:32].hex()))
        else:
            print("PASS: %s_%s" % (name, case))

    for case, data, ok_rc0, v12 in random_cases(seed, count):
        try:
            bad = one(case, data, ok_rc0, v12)
        except Hang:
            print("FAIL: %s_random: %s: no answer within %d s (command %s)"
                  % (name, case, CASE_TIMEOUT, data[:32].hex()))
            return 1
        if bad:
            random_bad.append("%s: %s (command %s)" % (case, bad, data[:24].hex()))
    if random_bad:
        failed += 1
        print("FAIL: %s_random: %d of %d bad, e.g. %s" %
              (name, len(random_bad), count, "; ".join(random_bad[:3])))
    else:
        print("PASS: %s_random" % name)
    print("# %s: errnos seen: %s" % (name, errnos or "none"))

    try:
        getrandom(fd, 16)
        print("PASS: %s_getrandom_after" % name)
    except (OSError, ValueError) as e:
        failed += 1
        print("FAIL: %s_getrandom_after: %s" % (name, e))
    return 1 if failed else 0


# ---------------------------------------------------------------------------
# Hash and event sequences, contexts and transient objects, through a device
# with or without the kernel's resource manager (test-rm.sh, test-tools.sh).
# Every result is checked against hashlib.

ALG_SHA1 = 0x0004
ALG_SHA256 = 0x000B
ALG_SHA384 = 0x000C
ALG_SHA512 = 0x000D
ALG_NULL = 0x0010
HASH_ALGS = {"sha1": ALG_SHA1, "sha256": ALG_SHA256, "sha384": ALG_SHA384,
             "sha512": ALG_SHA512}
ALG_NAME = {v: k for k, v in HASH_ALGS.items()}
ALG_SIZE = {ALG_SHA1: 20, ALG_SHA256: 32, ALG_SHA384: 48, ALG_SHA512: 64}
# An event sequence hashes with every implemented algorithm, in alg-id order.
EVENT_ALGS = sorted(ALG_NAME)
TPM_GENERATED_VALUE = b"\xffTCG"
ST_HASHCHECK = 0x8024
TPM_RH_ENDORSEMENT = 0x4000000B
HIERARCHIES = {"o": TPM_RH_OWNER, "e": TPM_RH_ENDORSEMENT, "p": TPM_RH_PLATFORM}
NULL_TICKET = (ST_HASHCHECK, TPM_RH_NULL, b"")
SU_CLEAR = 0
SU_STATE = 1
TRANSIENT = 0x80000000
CTX_SEQ_HANDLE = 0x80000001     # TPMS_CONTEXT.savedHandle of a sequence

CC_SEQUENCE_COMPLETE = 0x13E
CC_PCR_SET_AUTH_POLICY = 0x12C
CC_PCR_RESET = 0x13D
CC_STARTUP = 0x144
CC_SHUTDOWN = 0x145
CC_PCR_SET_AUTH_VALUE = 0x183
CC_EVENT_SEQUENCE_COMPLETE = 0x185

TPM_CAP_HANDLES = 1
TPM_CAP_COMMANDS = 2
TPM_CAP_PCRS = 5
TPM_CAP_TPM_PROPERTIES = 6
PT_HR_TRANSIENT_MIN = 0x10E
PT_MAX_OBJECT_CONTEXT = 0x121
PT_HR_TRANSIENT_AVAIL = 0x207
NR_SLOTS = 3

RC_INITIALIZE = 0x100
RC_AUTH_MISSING = 0x125
RC_VALUE_H1 = 0x184             # TPM_RC_VALUE + TPM_RC_H + TPM_RC_1
RC_MODE_H1 = 0x189
RC_HANDLE_H1 = 0x18B
RC_VALUE_P1 = 0x1C4
RC_HANDLE_P1 = 0x1CB            # TPM_RC_HANDLE + TPM_RC_P + TPM_RC_1
RC_SIZE_P1 = 0x1D5
RC_INTEGRITY_P1 = 0x1DF
RC_MODE_H2 = 0x289
RC_HASH_P2 = 0x2C3
RC_VALUE_P2 = 0x2C4
RC_VALUE_P3 = 0x3C4
RC_OBJECT_MEMORY = 0x902
RC_LOCALITY = 0x907
RC_REFERENCE_H0 = 0x910
RC_REFERENCE_H1 = 0x911
RC_REFERENCE_S0 = 0x918
RC_AUTH_FAIL_S1 = 0x98E
RC_BAD_AUTH_S1 = 0x9A2
RC_VALUE = 0x084
# A wrong password: the engine's contract says TPM_RC_AUTH_FAIL; TPM 2.0
# Part 4 makes sequence objects DA-exempt, so TPM_RC_BAD_AUTH (what
# libtpms answers) is as right.
RC_WRONG_PW = (RC_AUTH_FAIL_S1, RC_BAD_AUTH_S1)

# The commands of the sequence/context work: name and TPMA_CC bits 22-29
# (nv, extensive, flushed, cHandles, rHandle, V) as TPM 2.0 Part 3 gives
# them. The kernel's resource manager maps handles by cHandles and rHandle.


def _tpma(nv=0, flushed=0, chandles=0, rhandle=0):
    return nv | flushed << 2 | chandles << 3 | rhandle << 6


NEW_CCS = {
    CC_SEQUENCE_COMPLETE: ("SequenceComplete", _tpma(flushed=1, chandles=1)),
    CC_SEQUENCE_UPDATE: ("SequenceUpdate", _tpma(chandles=1)),
    CC_CONTEXT_LOAD: ("ContextLoad", _tpma(rhandle=1)),
    CC_CONTEXT_SAVE: ("ContextSave", _tpma(chandles=1)),
    CC_FLUSH_CONTEXT: ("FlushContext", _tpma()),
    CC_PCR_SET_AUTH_POLICY: ("PCR_SetAuthPolicy", _tpma(nv=1, chandles=1)),
    CC_PCR_SET_AUTH_VALUE: ("PCR_SetAuthValue", _tpma(chandles=1)),
    CC_EVENT_SEQUENCE_COMPLETE: ("EventSequenceComplete",
                                 _tpma(nv=1, flushed=1, chandles=2)),
    CC_HASH_SEQUENCE_START: ("HashSequenceStart", _tpma(rhandle=1)),
}


class Fail(Exception):
    """A check failed; the message says why."""


class TpmError(Exception):
    """A command answered with a TPM error code."""

    def __init__(self, what, rc, command):
        super().__init__("%s: TPM rc 0x%03x (command %s)"
                         % (what, rc, short_hex(command)))
        self.what = what
        self.rc = rc
        self.command = command


def short_hex(b, n=40):
    if len(b) <= n:
        return b.hex()
    return "%s..(%d bytes)" % (b[:n].hex(), len(b))


def u8(v):
    return struct.pack(">B", v)


def u16(v):
    return struct.pack(">H", v)


def u32(v):
    return struct.pack(">I", v)


def tpm2b(b):
    return u16(len(b)) + b


class Reader:
    """Unmarshals a response's parameters; ValueError when they run out."""

    def __init__(self, buf, what):
        self.buf = buf
        self.off = 0
        self.what = what

    def take(self, n):
        if self.off + n > len(self.buf):
            raise ValueError("%s: response parameters end after %d bytes: %s"
                             % (self.what, len(self.buf), short_hex(self.buf)))
        b = self.buf[self.off:self.off + n]
        self.off += n
        return b

    def u8(self):
        return self.take(1)[0]

    def u16(self):
        return struct.unpack(">H", self.take(2))[0]

    def u32(self):
        return struct.unpack(">I", self.take(4))[0]

    def u64(self):
        return struct.unpack(">Q", self.take(8))[0]

    def tpm2b(self):
        return self.take(self.u16())

    def end(self):
        if self.off != len(self.buf):
            raise ValueError("%s: %d bytes left over in the response: %s"
                             % (self.what, len(self.buf) - self.off,
                                short_hex(self.buf)))


def parse_context(ctx):
    """TPMS_CONTEXT -> (sequence, savedHandle, hierarchy, blob)"""
    r = Reader(ctx, "TPMS_CONTEXT")
    v = (r.u64(), r.u32(), r.u32(), r.tpm2b())
    r.end()
    return v


def make_context(seq, saved, hier, blob):
    return struct.pack(">QII", seq, saved, hier) + tpm2b(blob)


def rcs(want):
    return "/".join("0x%03x" % w for w in want)


class Tpm:
    """One open TPM: a device node (/dev/tpmN, /dev/tpmrmN) or a TPM
    simulator's command port, swtpm:port=N (to check the tests against a
    reference TPM)."""

    def __init__(self, dev):
        self.dev = dev
        self.rm = os.path.basename(dev).startswith("tpmrm")
        self.fd = None
        self.sock = None
        self.last = b""
        m = re.fullmatch(r"swtpm:(?:host=([^,]+),)?port=(\d+)", dev)
        if m:
            self.sock = socket.create_connection(
                (m.group(1) or "127.0.0.1", int(m.group(2))),
                timeout=CASE_TIMEOUT)
        else:
            self.fd = os.open(dev, os.O_RDWR)

    def close(self):
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None
        if self.sock is not None:
            self.sock.close()
            self.sock = None

    def _recv(self, n):
        b = b""
        while len(b) < n:
            c = self.sock.recv(n - len(b))
            if not c:
                raise OSError(errno.ECONNRESET, "simulator closed the connection")
            b += c
        return b

    def transact(self, data):
        self.last = data
        if self.sock is None:
            os.write(self.fd, data)
            return os.read(self.fd, RSP_MAX)
        # TCG simulator protocol: TPM_SEND_COMMAND, locality, size, command
        self.sock.sendall(struct.pack(">IBI", 8, 0, len(data)) + data)
        (n,) = struct.unpack(">I", self._recv(4))
        rsp = self._recv(n)
        self._recv(4)
        return rsp

    def run(self, cc, handles=(), params=b"", auths=None, rhandle=False,
            tag=None):
        """One command; auths: None for TPM_ST_NO_SESSIONS, else one
        password (a password session) per authorized handle.
        Returns (rc, response handle, response parameters)."""
        body = b"".join(u32(h) for h in handles)
        if auths is not None:
            area = b"".join(pw_session(a) for a in auths)
            body += u32(len(area)) + area
        if tag is None:
            tag = ST_NO_SESSIONS if auths is None else ST_SESSIONS
        data = cmd(tag, cc, body + params)
        rsp = self.transact(data)
        what = NEW_CCS.get(cc, ("command 0x%x" % cc,))[0]
        bad = check_rsp(rsp, True)
        if bad:
            raise ValueError("%s: %s (command %s)" % (what, bad, short_hex(data)))
        rtag, _, rc = struct.unpack(">HII", rsp[:10])
        if rc:
            return rc, None, b""
        r = Reader(rsp[10:], what)
        h = r.u32() if rhandle else None
        if rtag != (ST_SESSIONS if auths else ST_NO_SESSIONS):
            raise ValueError("%s: response tag 0x%04x for a command with %d "
                             "sessions" % (what, rtag, len(auths or ())))
        if rtag == ST_SESSIONS:
            p = r.take(r.u32())
            # One TPMS_AUTH_RESPONSE of a password session: no nonce, the
            # session attributes, no HMAC.
            for _ in auths:
                if r.u16() != 0 or (r.u8() & 0xFE) != 0 or r.u16() != 0:
                    raise ValueError("%s: bad password session in the response %s"
                                     % (what, short_hex(rsp)))
            r.end()
        else:
            p = r.take(len(rsp) - r.off - 10)
        return 0, h, p

    def call(self, what, cc, **kw):
        rc, h, p = self.run(cc, **kw)
        if rc:
            raise TpmError(what, rc, self.last)
        return h, p

    # -- sequences
    def start(self, alg, auth=b""):
        h, _ = self.call("HashSequenceStart", CC_HASH_SEQUENCE_START,
                         params=tpm2b(auth) + u16(alg), rhandle=True)
        return h

    def update(self, h, data, pw=b""):
        self.call("SequenceUpdate", CC_SEQUENCE_UPDATE, handles=(h,),
                  auths=[pw], params=tpm2b(data))

    def complete(self, h, data, hier=TPM_RH_NULL, pw=b""):
        _, p = self.call("SequenceComplete", CC_SEQUENCE_COMPLETE,
                         handles=(h,), auths=[pw],
                         params=tpm2b(data) + u32(hier))
        r = Reader(p, "SequenceComplete")
        digest = r.tpm2b()
        ticket = (r.u16(), r.u32(), r.tpm2b())
        r.end()
        return digest, ticket

    def event_complete(self, pcr, h, data, pw=b"", pcr_pw=b""):
        _, p = self.call("EventSequenceComplete", CC_EVENT_SEQUENCE_COMPLETE,
                         handles=(pcr, h), auths=[pcr_pw, pw],
                         params=tpm2b(data))
        r = Reader(p, "EventSequenceComplete")
        out = []
        for _ in range(r.u32()):
            alg = r.u16()
            if alg not in ALG_SIZE:
                raise ValueError("EventSequenceComplete: digest of unknown "
                                 "algorithm 0x%x in %s" % (alg, short_hex(p, 200)))
            out.append((alg, r.take(ALG_SIZE[alg])))
        r.end()
        return out

    def hash(self, data, alg, hier):
        _, p = self.call("Hash", CC_HASH,
                         params=tpm2b(data) + u16(alg) + u32(hier))
        r = Reader(p, "Hash")
        digest = r.tpm2b()
        ticket = (r.u16(), r.u32(), r.tpm2b())
        r.end()
        return digest, ticket

    # -- contexts
    def save(self, h):
        _, p = self.call("ContextSave", CC_CONTEXT_SAVE, handles=(h,))
        parse_context(p)
        return p

    def load(self, ctx):
        h, _ = self.call("ContextLoad", CC_CONTEXT_LOAD, params=ctx,
                         rhandle=True)
        return h

    def flush(self, h):
        self.call("FlushContext", CC_FLUSH_CONTEXT, params=u32(h))

    # -- capabilities and PCRs
    def getcap(self, cap, prop, count):
        _, p = self.call("GetCapability", CC_GET_CAPABILITY,
                         params=u32(cap) + u32(prop) + u32(count))
        r = Reader(p, "GetCapability")
        more = r.u8()
        if r.u32() != cap:
            raise ValueError("GetCapability 0x%x answered another capability: %s"
                             % (cap, short_hex(p)))
        return more, r

    def transient(self):
        """The loaded transient handles, as GetCapability lists them."""
        out = []
        prop = TRANSIENT
        while True:
            more, r = self.getcap(TPM_CAP_HANDLES, prop, 32)
            hs = [r.u32() for _ in range(r.u32())]
            r.end()
            out += hs
            if not more or not hs:
                return out
            prop = hs[-1] + 1

    def prop(self, pt):
        _, r = self.getcap(TPM_CAP_TPM_PROPERTIES, pt, 1)
        n = r.u32()
        if n < 1:
            return None
        p, v = r.u32(), r.u32()
        return v if p == pt else None

    def commands(self):
        out = {}
        prop = 0
        while True:
            more, r = self.getcap(TPM_CAP_COMMANDS, prop, 64)
            attrs = [r.u32() for _ in range(r.u32())]
            r.end()
            for a in attrs:
                out[a & 0xFFFF] = a
            if not more or not attrs:
                return out
            prop = (attrs[-1] & 0xFFFF) + 1

    def pcr_banks(self, pcr):
        """The hash algorithms with PCR pcr allocated."""
        _, r = self.getcap(TPM_CAP_PCRS, 0, 1)
        out = []
        for _ in range(r.u32()):
            alg = r.u16()
            sel = r.take(r.u8())
            if pcr // 8 < len(sel) and sel[pcr // 8] & (1 << (pcr % 8)):
                out.append(alg)
        return out

    def pcr_read(self, alg, pcr):
        sel = bytearray(3)
        sel[pcr // 8] = 1 << (pcr % 8)
        _, p = self.call("PCR_Read", CC_PCR_READ,
                         params=u32(1) + u16(alg) + u8(3) + bytes(sel))
        r = Reader(p, "PCR_Read")
        r.u32()
        for _ in range(r.u32()):
            r.u16()
            r.take(r.u8())
        digests = [r.tpm2b() for _ in range(r.u32())]
        r.end()
        if len(digests) != 1:
            raise ValueError("PCR_Read of %s PCR %d gave %d digests"
                             % (ALG_NAME.get(alg, alg), pcr, len(digests)))
        return digests[0]


class Seq:
    """What a sequence object holds: hashlib state and its first block."""

    def __init__(self, alg, auth=b""):
        self.alg = alg
        self.auth = auth
        algs = EVENT_ALGS if alg == ALG_NULL else [alg]
        self.h = {a: hashlib.new(ALG_NAME[a]) for a in algs}
        self.first = None
        self.size = 0

    def add(self, data):
        if self.first is None:
            self.first = data
        self.size += len(data)
        for h in self.h.values():
            h.update(data)

    def copy(self):
        c = Seq.__new__(Seq)
        c.alg, c.auth, c.first, c.size = self.alg, self.auth, self.first, self.size
        c.h = {a: h.copy() for a, h in self.h.items()}
        return c

    def ticket_safe(self):
        """A ticket only when the first block is 4 bytes or more and does
        not start with TPM_GENERATED_VALUE."""
        return (len(self.first) >= 4 and
                self.first[:4] != TPM_GENERATED_VALUE)

    def name(self):
        return "event" if self.alg == ALG_NULL else ALG_NAME[self.alg]


def expect_rc(want, what, fn, *args):
    """fn(*args) must fail with a TPM rc in want (an int or a tuple)."""
    want = want if isinstance(want, tuple) else (want,)
    try:
        fn(*args)
    except TpmError as e:
        if e.rc in want:
            return e.rc
        raise Fail("%s: rc 0x%03x, expected %s (command %s)"
                   % (what, e.rc, rcs(want), short_hex(e.command)))
    raise Fail("%s: succeeded, expected rc %s" % (what, rcs(want)))


def expect_errno(want, what, fn, *args):
    try:
        fn(*args)
    except TpmError as e:
        raise Fail("%s: TPM rc 0x%03x, expected %s from write()"
                   % (what, e.rc, errno.errorcode[want]))
    except OSError as e:
        if e.errno == want:
            return
        raise Fail("%s: %s, expected %s" % (what, e, errno.errorcode[want]))
    raise Fail("%s: succeeded, expected %s" % (what, errno.errorcode[want]))


def is_transient(h):
    return h is not None and h >> 24 == 0x80


def check_ticket(what, ticket, seq, hier):
    """The SequenceComplete ticket for seq (complete) and hier."""
    if hier == TPM_RH_NULL or not seq.ticket_safe():
        if ticket != NULL_TICKET:
            raise Fail("%s: ticket (0x%04x, 0x%08x, %s), expected the NULL "
                       "ticket (first block %s, hierarchy 0x%08x)"
                       % (what, ticket[0], ticket[1], ticket[2].hex(),
                          short_hex(seq.first, 8), hier))
    elif (ticket[0] != ST_HASHCHECK or ticket[1] != hier or
          len(ticket[2]) not in ALG_SIZE.values()):
        raise Fail("%s: ticket (0x%04x, 0x%08x, %s), expected tag 0x8024, "
                   "hierarchy 0x%08x and an HMAC"
                   % (what, ticket[0], ticket[1], ticket[2].hex(), hier))


def finish(t, h, seq, data, hier=TPM_RH_NULL, pcr=TPM_RH_NULL):
    """Complete sequence h (modelled by seq) with data; check the digest(s)
    and, for a hash sequence, the ticket, which is returned."""
    what = "%s sequence 0x%08x (%d bytes)" % (seq.name(), h, seq.size + len(data))
    if seq.alg == ALG_NULL:
        got = t.event_complete(pcr, h, data, seq.auth)
        seq.add(data)
        want = [(a, seq.h[a].digest()) for a in EVENT_ALGS]
        if got != want:
            raise Fail("%s: EventSequenceComplete gave %s, expected %s"
                       % (what, " ".join("%x:%s" % (a, d.hex()) for a, d in got),
                          " ".join("%x:%s" % (a, d.hex()) for a, d in want)))
        return None
    digest, ticket = t.complete(h, data, hier, seq.auth)
    seq.add(data)
    want = seq.h[seq.alg].digest()
    if digest != want:
        raise Fail("%s: digest %s, expected %s" % (what, digest.hex(), want.hex()))
    check_ticket(what, ticket, seq, hier)
    return ticket


def rand_data(rnd, lo=0, hi=1024):
    d = rnd.randbytes(rnd.randint(lo, hi))
    if d[:4] == TPM_GENERATED_VALUE:
        d = b"\0" + d[1:]
    return d


def case_caps(t, rnd):
    cmds = t.commands()
    bad = []
    for cc, (name, want) in sorted(NEW_CCS.items()):
        if cc not in cmds:
            bad.append("%s (0x%x) not listed" % (name, cc))
        elif (cmds[cc] >> 22) & 0xFF != want:
            bad.append("%s TPMA_CC 0x%08x, expected bits 22-29 = 0x%02x"
                       % (name, cmds[cc], want))
    if bad:
        raise Fail("GetCapability(TPM_CAP_COMMANDS): " + "; ".join(bad))
    v = t.prop(PT_HR_TRANSIENT_MIN)
    if v != NR_SLOTS:
        raise Fail("TPM_PT_HR_TRANSIENT_MIN %s, expected %d" % (v, NR_SLOTS))
    v = t.prop(PT_HR_TRANSIENT_AVAIL)
    if v != NR_SLOTS:
        raise Fail("TPM_PT_HR_TRANSIENT_AVAIL %s with nothing loaded, expected %d"
                   % (v, NR_SLOTS))
    v = t.prop(PT_MAX_OBJECT_CONTEXT)
    if not v or v > 4096:
        raise Fail("TPM_PT_MAX_OBJECT_CONTEXT %s" % v)


def case_hashseq(t, rnd):
    """Every hash algorithm: updates of 0..1024 bytes, then complete."""
    for alg in sorted(ALG_NAME):
        auth = rnd.randbytes(rnd.randint(0, 16))
        h = t.start(alg, auth)
        if not is_transient(h):
            raise Fail("HashSequenceStart(%s) gave handle 0x%08x, not a "
                       "transient one" % (ALG_NAME[alg], h))
        s = Seq(alg, auth)
        for n in [0, 1, 1024] + [rnd.randint(0, 1024) for _ in range(5)]:
            d = rand_data(rnd, n, n)
            t.update(h, d, auth)
            s.add(d)
        finish(t, h, s, rand_data(rnd))
    # The empty message, and an empty update then an empty complete.
    for updates in ([], [b""]):
        h = t.start(ALG_SHA256)
        s = Seq(ALG_SHA256)
        for d in updates:
            t.update(h, d)
            s.add(d)
        finish(t, h, s, b"")


def case_eventseq(t, rnd):
    """Event sequences into TPM_RH_NULL: four digests, alg-id order."""
    for nupd in (0, 1, 6):
        auth = rnd.randbytes(rnd.randint(0, 20))
        h = t.start(ALG_NULL, auth)
        s = Seq(ALG_NULL, auth)
        for _ in range(nupd):
            d = rand_data(rnd)
            t.update(h, d, auth)
            s.add(d)
        finish(t, h, s, rand_data(rnd))


def case_eventseq_pcr(t, rnd):
    """EventSequenceComplete into PCR 16 extends each allocated bank; PCR 17
    (locality 3 and 4 only) is refused and leaves the sequence loaded."""
    pcr = 16
    banks = t.pcr_banks(pcr)
    if not banks:
        raise Fail("GetCapability(TPM_CAP_PCRS): PCR %d in no bank" % pcr)
    before = {a: t.pcr_read(a, pcr) for a in banks}
    h = t.start(ALG_NULL)
    s = Seq(ALG_NULL)
    d = rand_data(rnd, 100)
    t.update(h, d)
    s.add(d)
    expect_rc(RC_LOCALITY, "EventSequenceComplete(PCR 17)",
              t.event_complete, 17, h, b"not hashed")
    finish(t, h, s, rand_data(rnd), pcr=pcr)
    for a in banks:
        want = hashlib.new(ALG_NAME[a], before[a] + s.h[a].digest()).digest()
        got = t.pcr_read(a, pcr)
        if got != want:
            raise Fail("%s PCR %d after EventSequenceComplete: %s, expected %s "
                       "(was %s)" % (ALG_NAME[a], pcr, got.hex(), want.hex(),
                                     before[a].hex()))


def case_ticket(t, rnd):
    """SequenceComplete tickets: per hierarchy, equal to TPM2_Hash's for
    the same data, NULL when the first block is short or starts with
    TPM_GENERATED_VALUE."""
    data = rand_data(rnd, 600, 600)
    tickets = {}
    for alg in sorted(ALG_NAME):
        for name, hier in sorted(HIERARCHIES.items()):
            h = t.start(alg)
            s = Seq(alg)
            t.update(h, data[:300])
            s.add(data[:300])
            tk = finish(t, h, s, data[300:], hier)
            _, htk = t.hash(data, alg, hier)
            if htk != tk:
                raise Fail("%s -C %s: SequenceComplete ticket %s, TPM2_Hash "
                           "ticket of the same data %s" % (ALG_NAME[alg], name,
                                                           tk[2].hex(), htk[2].hex()))
            tickets[(alg, name)] = tk
    for alg in sorted(ALG_NAME):
        if len({tickets[(alg, n)][2] for n in HIERARCHIES}) != 3:
            raise Fail("%s: the tickets of o, e and p are not all different"
                       % ALG_NAME[alg])
    # (updates, complete buffer, ticket expected)
    gen = TPM_GENERATED_VALUE + rand_data(rnd, 100, 100)
    body = rand_data(rnd, 500, 500)
    cases = [
        ([b"abc", body], b"", False),
        ([], b"ab", False),
        ([], b"", False),
        ([gen, body], b"", False),
        ([], gen, False),
        ([b"", body], b"xyz", False),
        ([b"abcd", gen], b"", True),
        ([body], b"a", True),
        ([body], gen, True),
        ([], b"abcd", True),
    ]
    for i, (updates, last, want) in enumerate(cases):
        h = t.start(ALG_SHA256)
        s = Seq(ALG_SHA256)
        for d in updates:
            t.update(h, d)
            s.add(d)
        what = "case %d (updates of %s bytes, then %d)" % (
            i, [len(d) for d in updates], len(last))
        try:
            tk = finish(t, h, s, last, TPM_RH_OWNER)
        except Fail as e:
            raise Fail("%s: %s" % (what, e)) from None
        if (tk != NULL_TICKET) != want:
            raise Fail("%s: ticket %s" % (what, tk))
        if want:
            whole = b"".join(updates) + last
            _, htk = t.hash(whole, ALG_SHA256, TPM_RH_OWNER)
            if htk != tk:
                raise Fail("%s: ticket %s, TPM2_Hash gives %s for the same data"
                           % (what, tk[2].hex(), htk[2].hex()))


def case_auth(t, rnd):
    """The sequence's auth is the password of SequenceUpdate/Complete."""
    auth = b"secret"
    h = t.start(ALG_SHA256, auth)
    s = Seq(ALG_SHA256, auth)
    d1, d2 = rand_data(rnd), rand_data(rnd)
    t.update(h, d1, b"secret")
    s.add(d1)
    t.update(h, d2, b"secret\0\0")
    s.add(d2)
    for pw in (b"wrong", b"", b"secre", b"secret!"):
        expect_rc(RC_WRONG_PW, "SequenceUpdate with password %r" % pw,
                  t.update, h, b"not hashed", pw)
    rc, _, _ = t.run(CC_SEQUENCE_UPDATE, handles=(h,), params=tpm2b(b"x"),
                     tag=ST_NO_SESSIONS)
    if rc != RC_AUTH_MISSING:
        raise Fail("SequenceUpdate without sessions: rc 0x%03x, expected 0x%03x"
                   % (rc, RC_AUTH_MISSING))
    expect_rc(RC_WRONG_PW, "SequenceComplete with a wrong password",
              t.complete, h, b"x", TPM_RH_NULL, b"nope")
    # A session that is not loaded (none can be yet) instead of TPM_RS_PW.
    for sh in (0x02000000, 0x03000000):
        area = u32(sh) + tpm2b(b"") + u8(1) + tpm2b(b"")
        rc, _, _ = t.run(CC_SEQUENCE_UPDATE, handles=(h,),
                         params=u32(len(area)) + area + tpm2b(b"x"),
                         tag=ST_SESSIONS)
        if rc != RC_REFERENCE_S0:
            raise Fail("SequenceUpdate with session 0x%08x: rc 0x%03x, expected "
                       "0x%03x (command %s)" % (sh, rc, RC_REFERENCE_S0,
                                                short_hex(t.last)))
    finish(t, h, s, b"")
    # Empty auth: an empty password or zeros; auth with trailing zeros.
    for auth, pw in ((b"", b""), (b"", b"\0\0"), (b"ab\0", b"ab"),
                     (b"ab", b"ab\0")):
        h = t.start(ALG_SHA1, auth)
        s = Seq(ALG_SHA1, pw)
        d = rand_data(rnd)
        t.update(h, d, pw)
        s.add(d)
        finish(t, h, s, b"")
    # 64 bytes is the most.
    auth = rnd.randbytes(64)
    h = t.start(ALG_SHA384, auth)
    finish(t, h, Seq(ALG_SHA384, auth), b"abcd")
    expect_rc(RC_SIZE_P1, "HashSequenceStart with a 65-byte auth",
              t.start, ALG_SHA384, rnd.randbytes(65))
    # An event sequence checks its password too.
    h = t.start(ALG_NULL, b"ev")
    expect_rc(RC_WRONG_PW, "SequenceUpdate of an event sequence, wrong password",
              t.update, h, b"x", b"ve")
    finish(t, h, Seq(ALG_NULL, b"ev"), b"x")


def case_args(t, rnd):
    """Bad algorithms, sizes and hierarchies change nothing."""
    for alg in (0x0001, 0x0012, 0x7777):
        expect_rc(RC_HASH_P2, "HashSequenceStart(alg 0x%04x)" % alg,
                  t.start, alg)
    h = t.start(ALG_SHA512)
    s = Seq(ALG_SHA512)
    d = rand_data(rnd)
    t.update(h, d)
    s.add(d)
    expect_rc(RC_SIZE_P1, "SequenceUpdate of 1025 bytes",
              t.update, h, bytes(1025))
    expect_rc(RC_SIZE_P1, "SequenceComplete with 1025 bytes",
              t.complete, h, bytes(1025), TPM_RH_NULL)
    expect_rc(RC_VALUE_P2, "SequenceComplete(hierarchy 0x40000002)",
              t.complete, h, b"x", 0x40000002)
    finish(t, h, s, b"", TPM_RH_OWNER)
    h = t.start(ALG_NULL)
    s = Seq(ALG_NULL)
    expect_rc(RC_VALUE_H1, "EventSequenceComplete(PCR 24)",
              t.event_complete, 24, h, b"x")
    expect_rc(RC_SIZE_P1, "EventSequenceComplete with 1025 bytes",
              t.event_complete, TPM_RH_NULL, h, bytes(1025))
    finish(t, h, s, rand_data(rnd))


def case_handles(t, rnd):
    """Handles that are no sequence, or no loaded one."""
    h1 = t.start(ALG_NULL)
    h2 = t.start(ALG_SHA256)
    s1, s2 = Seq(ALG_NULL), Seq(ALG_SHA256)
    expect_rc(RC_MODE_H1, "SequenceComplete of an event sequence",
              t.complete, h1, b"x", TPM_RH_NULL)
    expect_rc(RC_MODE_H2, "EventSequenceComplete of a hash sequence",
              t.event_complete, TPM_RH_NULL, h2, b"x")
    for h, rc in ((TPM_RH_OWNER, RC_VALUE_H1), (0x00000003, RC_VALUE_H1),
                  (0x81000001, RC_HANDLE_H1)):
        expect_rc(rc, "SequenceUpdate(0x%08x)" % h, t.update, h, b"x")
    d = rand_data(rnd)
    t.update(h1, d)
    s1.add(d)
    t.update(h2, d)
    s2.add(d)
    finish(t, h1, s1, b"")
    finish(t, h2, s2, b"abc")
    # h2 is gone: the TPM says not loaded, the resource manager (which
    # dropped the handle when the TPM flushed it) refuses it itself.
    for what, fn, args, rc in (
            ("SequenceUpdate", t.update, (h2, b"x"), RC_REFERENCE_H0),
            ("SequenceComplete", t.complete, (h2, b"x"), RC_REFERENCE_H0),
            ("EventSequenceComplete", t.event_complete,
             (TPM_RH_NULL, h2, b"x"), RC_REFERENCE_H1),
            ("ContextSave", t.save, (h2,), RC_REFERENCE_H0)):
        what = "%s of a completed sequence 0x%08x" % (what, h2)
        if t.rm:
            expect_errno(errno.EINVAL, what, fn, *args)
        else:
            expect_rc(rc, what, fn, *args)


def case_list(t, rnd):
    """GetCapability lists the loaded sequences, in increasing order (the
    resource manager maps them to its own handles, in its own order);
    TPM_PT_HR_TRANSIENT_AVAIL counts the free slots."""
    def state(want):
        got = t.transient()
        avail = t.prop(PT_HR_TRANSIENT_AVAIL)
        if ((sorted(got) if t.rm else got) != sorted(want) or
                avail != NR_SLOTS - len(want)):
            raise Fail("handles %s and %s slots free, expected %s and %d"
                       % (["0x%08x" % h for h in got], avail,
                          ["0x%08x" % h for h in sorted(want)],
                          NR_SLOTS - len(want)))

    state([])
    seqs = {}
    for alg in (ALG_SHA1, ALG_NULL, ALG_SHA384):
        h = t.start(alg)
        if h in seqs or not is_transient(h):
            raise Fail("HashSequenceStart gave 0x%08x, loaded: %s"
                       % (h, ["0x%08x" % x for x in seqs]))
        seqs[h] = Seq(alg)
        state(list(seqs))
    for h in list(seqs)[1::-1]:
        finish(t, h, seqs.pop(h), b"abcd")
        state(list(seqs))
    h = t.start(ALG_SHA256)
    seqs[h] = Seq(ALG_SHA256)
    state(list(seqs))
    for h in list(seqs):
        finish(t, h, seqs.pop(h), b"")
    state([])


def case_slots(t, rnd):
    """Three slots: a fourth sequence or context gets TPM_RC_OBJECT_MEMORY."""
    seqs = {}
    for alg in (ALG_SHA256, ALG_SHA512, ALG_NULL):
        h = t.start(alg, b"pw")
        seqs[h] = Seq(alg, b"pw")
    expect_rc(RC_OBJECT_MEMORY, "a fourth HashSequenceStart", t.start, ALG_SHA1)
    expect_rc(RC_OBJECT_MEMORY, "a fourth event sequence", t.start, ALG_NULL)
    h1 = list(seqs)[0]
    d = rand_data(rnd)
    t.update(h1, d, b"pw")
    seqs[h1].add(d)
    ctx = t.save(h1)
    saved = seqs[h1].copy()
    expect_rc(RC_OBJECT_MEMORY, "ContextLoad with three objects loaded",
              t.load, ctx)
    for h, s in seqs.items():
        d = rand_data(rnd)
        t.update(h, d, b"pw")
        s.add(d)
    h2 = list(seqs)[1]
    finish(t, h2, seqs.pop(h2), rand_data(rnd))
    h4 = t.start(ALG_SHA1)
    seqs[h4] = Seq(ALG_SHA1)
    expect_rc(RC_OBJECT_MEMORY, "ContextLoad with three objects loaded again",
              t.load, ctx)
    finish(t, h1, seqs.pop(h1), rand_data(rnd))
    h5 = t.load(ctx)
    seqs[h5] = saved
    for h in list(seqs):
        finish(t, h, seqs.pop(h), rand_data(rnd))


def case_context(t, rnd):
    """ContextSave keeps the object loaded; each load of a saved context is
    a new, independent copy that goes on from where it was saved."""
    maxctx = t.prop(PT_MAX_OBJECT_CONTEXT)
    auth = b"ctx-auth"
    for alg in (ALG_SHA384, ALG_NULL):
        h1 = t.start(alg, auth)
        s1 = Seq(alg, auth)
        d = rand_data(rnd, 700, 700)
        t.update(h1, d, auth)
        s1.add(d)
        c1 = t.save(h1)
        seq1, saved, hier, blob = parse_context(c1)
        if saved != CTX_SEQ_HANDLE or hier != TPM_RH_NULL:
            raise Fail("TPMS_CONTEXT savedHandle 0x%08x hierarchy 0x%08x, "
                       "expected 0x%08x and TPM_RH_NULL" % (saved, hier, CTX_SEQ_HANDLE))
        if not blob or (maxctx and len(blob) > maxctx):
            raise Fail("context blob of %d bytes, TPM_PT_MAX_OBJECT_CONTEXT %s"
                       % (len(blob), maxctx))
        # TPM 2.0 Part 1, context protections: the blob is encrypted.
        secret = bytes(range(0x40, 0x60))
        h0 = t.start(alg, secret)
        blob = parse_context(t.save(h0))[3]
        finish(t, h0, Seq(alg, secret), b"")
        if secret in blob:
            raise Fail("the context blob holds the sequence's auth in clear: %s"
                       % short_hex(blob, 200))
        c2 = t.save(h1)
        seq2 = parse_context(c2)[0]
        if seq2 <= seq1:
            raise Fail("context sequence %d after %d" % (seq2, seq1))
        at_save = s1.copy()
        d = rand_data(rnd)
        t.update(h1, d, auth)
        s1.add(d)
        h2 = t.load(c1)
        h3 = t.load(c2)
        if len({h1, h2, h3}) != 3 or not is_transient(h2) or not is_transient(h3):
            raise Fail("ContextLoad gave 0x%08x and 0x%08x with 0x%08x loaded"
                       % (h2, h3, h1))
        s2, s3 = at_save.copy(), at_save.copy()
        for h, s in ((h2, s2), (h3, s3), (h2, s2)):
            d = rand_data(rnd)
            t.update(h, d, auth)
            s.add(d)
        finish(t, h1, s1, rand_data(rnd))
        finish(t, h3, s3, rand_data(rnd))
        finish(t, h2, s2, b"")
        # The context outlives its object, and loads again.
        h4 = t.load(c1)
        finish(t, h4, at_save.copy(), rand_data(rnd))


def case_tamper(t, rnd):
    """A changed TPMS_CONTEXT does not load; the good one still does."""
    h = t.start(ALG_SHA256, b"tamper")
    s = Seq(ALG_SHA256, b"tamper")
    d = rand_data(rnd, 500)
    t.update(h, d, b"tamper")
    s.add(d)
    ctx = t.save(h)
    finish(t, h, s.copy(), b"")
    seq, saved, hier, blob = parse_context(ctx)

    def flip(i):
        b = bytearray(blob)
        b[i] ^= 0x01
        return bytes(b)

    bad = [
        ("blob byte 0", make_context(seq, saved, hier, flip(0)),
         (RC_INTEGRITY_P1, RC_SIZE_P1)),
        ("blob byte 2", make_context(seq, saved, hier, flip(2)), (RC_INTEGRITY_P1,)),
        ("blob middle byte", make_context(seq, saved, hier, flip(len(blob) // 2)),
         (RC_INTEGRITY_P1,)),
        ("blob last byte", make_context(seq, saved, hier, flip(len(blob) - 1)),
         (RC_INTEGRITY_P1,)),
        ("blob without its last byte", make_context(seq, saved, hier, blob[:-1]),
         (RC_INTEGRITY_P1,)),
        ("blob with a byte more", make_context(seq, saved, hier, blob + b"\0"),
         (RC_INTEGRITY_P1, RC_SIZE_P1)),
        ("blob cut to 16 bytes", make_context(seq, saved, hier, blob[:16]),
         (RC_SIZE_P1,)),
        ("empty blob", make_context(seq, saved, hier, b""), (RC_SIZE_P1,)),
        ("sequence + 1", make_context(seq + 1, saved, hier, blob), (RC_INTEGRITY_P1,)),
        ("sequence - 1", make_context(seq - 1, saved, hier, blob), (RC_INTEGRITY_P1,)),
        ("hierarchy owner", make_context(seq, saved, TPM_RH_OWNER, blob),
         (RC_INTEGRITY_P1,)),
        ("hierarchy endorsement", make_context(seq, saved, TPM_RH_ENDORSEMENT, blob),
         (RC_INTEGRITY_P1,)),
        # Other TPMI_DH_SAVED values: integrity; a session's: TPM_RC_HANDLE
        # (no such session was saved; the reference code checks integrity
        # first); no TPMI_DH_SAVED value: TPM_RC_VALUE.
        ("savedHandle 0x80000000", make_context(seq, TRANSIENT, hier, blob),
         (RC_INTEGRITY_P1,)),
        ("savedHandle 0x80000002", make_context(seq, TRANSIENT + 2, hier, blob),
         (RC_INTEGRITY_P1,)),
        ("savedHandle 0x02000000", make_context(seq, 0x02000000, hier, blob),
         (RC_HANDLE_P1, RC_INTEGRITY_P1)),
        ("savedHandle 0x03000000", make_context(seq, 0x03000000, hier, blob),
         (RC_HANDLE_P1, RC_INTEGRITY_P1)),
        ("savedHandle 0x80000003", make_context(seq, TRANSIENT + 3, hier, blob),
         (RC_VALUE_P1,)),
        ("savedHandle 0x40000001", make_context(seq, TPM_RH_OWNER, hier, blob),
         (RC_VALUE_P1,)),
    ]
    for what, c, want in bad:
        expect_rc(want, "ContextLoad, %s" % what, t.load, c)
    if t.transient():
        raise Fail("objects loaded after the refused ContextLoads: %s"
                   % t.transient())
    h = t.load(ctx)
    finish(t, h, s, rand_data(rnd))


def case_flush(t, rnd):
    """FlushContext: a loaded object goes; anything else is refused."""
    if not t.rm:
        # The kernel's resource manager (6.1) does not map FlushContext's
        # parameter, so a virtual handle cannot be flushed through it.
        hs = [t.start(alg) for alg in (ALG_SHA1, ALG_NULL)]
        t.flush(hs[0])
        if t.transient() != hs[1:]:
            raise Fail("after FlushContext(0x%08x) the handles are %s"
                       % (hs[0], t.transient()))
        expect_rc(RC_HANDLE_P1, "FlushContext of a flushed sequence",
                  t.flush, hs[0])
        t.flush(hs[1])
        expect_rc(RC_HANDLE_P1, "FlushContext of a flushed event sequence",
                  t.flush, hs[1])
        if t.transient():
            raise Fail("handles left after FlushContext: %s" % t.transient())
    for h, rc in ((0x02000000, RC_HANDLE_P1), (0x03000000, RC_HANDLE_P1), (0x40000001, RC_VALUE_P1),
                  (0x4000000C, RC_VALUE_P1), (0x81000000, RC_VALUE_P1),
                  (0x01000000, RC_VALUE_P1), (0x00000000, RC_VALUE_P1)):
        expect_rc(rc, "FlushContext(0x%08x)" % h, t.flush, h)


def case_pcrauth(t, rnd):
    """No PCR is in an authorization or a policy group (PC Client)."""
    for pcr in (0, 10, 16, 23):
        rc, _, _ = t.run(CC_PCR_SET_AUTH_VALUE, handles=(pcr,), auths=[b""],
                         params=tpm2b(rnd.randbytes(32)))
        # The contract says TPM_RC_VALUE + H + 1; the TPM 2.0 reference
        # code (and libtpms) returns a bare TPM_RC_VALUE.
        if rc not in (RC_VALUE_H1, RC_VALUE):
            raise Fail("PCR_SetAuthValue(PCR %d): rc 0x%03x, expected 0x%03x "
                       "(command %s)" % (pcr, rc, RC_VALUE_H1, short_hex(t.last)))
    for policy, alg, pcr, want in ((rnd.randbytes(32), ALG_SHA256, 16, RC_VALUE_P3),
                                   (rnd.randbytes(20), ALG_SHA1, 0, RC_VALUE_P3),
                                   (b"", ALG_NULL, 23, RC_VALUE_P3),
                                   (rnd.randbytes(20), ALG_SHA256, 16, RC_SIZE_P1),
                                   (rnd.randbytes(32), ALG_NULL, 16, RC_SIZE_P1)):
        rc, _, _ = t.run(CC_PCR_SET_AUTH_POLICY, handles=(TPM_RH_PLATFORM,),
                         auths=[b""],
                         params=tpm2b(policy) + u16(alg) + u32(pcr))
        if rc != want:
            raise Fail("PCR_SetAuthPolicy(%d-byte policy, alg 0x%x, PCR %d): rc "
                       "0x%03x, expected 0x%03x (command %s)"
                       % (len(policy), alg, pcr, rc, want, short_hex(t.last)))


def case_spaces(t, rnd):
    """Resource manager: three open files, three sequences each (nine
    objects for three slots), used in turn; each file sees its own
    handles, /dev/tpmN sees nothing loaded between commands."""
    if not t.rm:
        raise Fail("spaces is a /dev/tpmrmN case")
    raw = Tpm(re.sub(r"/tpmrm(\d+)$", r"/tpm\1", t.dev))
    fds = [t] + [Tpm(t.dev) for _ in range(2)]
    seqs = []
    algs = [ALG_SHA1, ALG_SHA256, ALG_SHA384, ALG_SHA512, ALG_NULL]
    for f in fds:
        mine = {}
        for _ in range(NR_SLOTS):
            alg = rnd.choice(algs)
            auth = rnd.randbytes(rnd.randint(0, 8))
            mine[f.start(alg, auth)] = Seq(alg, auth)
        seqs.append(mine)
    for f, mine in zip(fds, seqs):
        got = f.transient()
        if sorted(got) != sorted(mine):
            raise Fail("a file with sequences %s lists handles %s"
                       % (["0x%08x" % h for h in mine], ["0x%08x" % h for h in got]))
    got = raw.transient()
    if got or raw.prop(PT_HR_TRANSIENT_AVAIL) != NR_SLOTS:
        raise Fail("between commands %s lists handles %s, %s slots free"
                   % (raw.dev, got, raw.prop(PT_HR_TRANSIENT_AVAIL)))
    for _ in range(8):
        for f, mine in zip(fds, seqs):
            for h, s in mine.items():
                d = rand_data(rnd)
                f.update(h, d, s.auth)
                s.add(d)
    for f in fds:
        expect_rc(RC_OBJECT_MEMORY, "a fourth HashSequenceStart in one file",
                  f.start, ALG_SHA256)
    for f, mine in zip(fds, seqs):
        for h in list(mine):
            finish(f, h, mine.pop(h), rand_data(rnd))
        if f.transient():
            raise Fail("handles left in a file after its sequences completed: %s"
                       % f.transient())
    for f in fds[1:]:
        f.close()
    raw.close()


CASES = {"caps": case_caps, "hashseq": case_hashseq, "eventseq": case_eventseq,
         "eventseq_pcr": case_eventseq_pcr, "ticket": case_ticket,
         "auth": case_auth, "args": case_args, "handles": case_handles,
         "list": case_list, "slots": case_slots, "context": case_context,
         "tamper": case_tamper, "flush": case_flush, "pcrauth": case_pcrauth,
         "spaces": case_spaces}


def run_guarded(fn):
    """Run fn(); print why it failed. Returns the exit status."""
    try:
        fn()
    except Fail as e:
        print(e)
        return 1
    except TpmError as e:
        print("unexpected error: %s" % e)
        return 1
    except (OSError, ValueError) as e:
        print("%s: %s" % (type(e).__name__, e))
        return 1
    return 0


def do_check(argv):
    """check DEV CASE [SEED]: one case; afterwards nothing may be loaded."""
    dev, case = argv[0], argv[1]
    seed = int(argv[2]) if len(argv) > 2 else random.randrange(1 << 30)
    rnd = random.Random(seed)
    fn = CASES[case]
    t = Tpm(dev)

    def body():
        try:
            fn(t, rnd)
        except Fail as e:
            raise Fail("%s (seed %d)" % (e, seed)) from None
        left = t.transient()
        if left:
            raise Fail("handles left loaded after the case: %s"
                       % ["0x%08x" % h for h in left])

    rc = run_guarded(body)
    if not t.rm:
        # Whatever happened, leave the TPM's slots free.
        try:
            for h in t.transient():
                t.flush(h)
        except (OSError, ValueError, TpmError):
            pass
    return rc


def parse_alg(name):
    return ALG_NULL if name == "event" else HASH_ALGS[name]


def do_seqstart(argv):
    """seqstart DEV ALG [COUNT]: start sequences, print their handles and
    exit without flushing them."""
    t = Tpm(argv[0])
    count = int(argv[2]) if len(argv) > 2 else 1
    for _ in range(count):
        try:
            print("0x%08x" % t.start(parse_alg(argv[1])))
        except TpmError as e:
            print("rc 0x%03x" % e.rc)
            return 2
    return 0


def do_hold(argv):
    """hold DEV COUNT READYFILE [busy]: start COUNT sequences, touch
    READYFILE, then sleep (or, busy, update them) until killed."""
    t = Tpm(argv[0])
    count, ready = int(argv[1]), argv[2]
    busy = len(argv) > 3 and argv[3] == "busy"
    algs = [ALG_SHA256, ALG_NULL, ALG_SHA512]
    hs = [t.start(algs[i % 3]) for i in range(count)]
    with open(ready, "w") as f:
        f.write(" ".join("0x%08x" % h for h in hs) + "\n")
    i = 0
    while True:
        if busy and hs:
            t.update(hs[i % len(hs)], bytes(512))
            i += 1
        else:
            time.sleep(1)


def do_sessstart(argv):
    """sessstart DEV COUNT [save]: start COUNT unbound, unsalted HMAC
    sessions (SHA-256), ContextSave them when asked, print their handles
    and exit without flushing them."""
    t = Tpm(argv[0])
    save = len(argv) > 2 and argv[2] == "save"
    for _ in range(int(argv[1])):
        params = (tpm2b(os.urandom(32)) + tpm2b(b"") + u8(0) +
                  u16(ALG_NULL) + u16(ALG_SHA256))
        try:
            h, p = t.call("StartAuthSession", CC_START_AUTH_SESSION,
                          handles=(TPM_RH_NULL, TPM_RH_NULL), params=params,
                          rhandle=True)
            if len(p) != 2 + 32 or struct.unpack(">H", p[:2])[0] != 32:
                print("StartAuthSession: nonceTPM %s" % short_hex(p))
                return 1
            if save:
                t.save(h)
        except TpmError as e:
            print("rc 0x%03x" % e.rc)
            return 2
        print("0x%08x" % h)
    return 0


def do_flush(argv):
    """flush DEV HANDLE: FlushContext; prints the rc when it fails."""
    t = Tpm(argv[0])
    try:
        t.flush(int(argv[1], 0))
    except TpmError as e:
        print("rc 0x%03x" % e.rc)
        return 2
    return 0


def do_handles(argv):
    """handles DEV: the loaded transient handles; then 'avail N'."""
    t = Tpm(argv[0])
    for h in t.transient():
        print("0x%08x" % h)
    print("avail %s" % t.prop(PT_HR_TRANSIENT_AVAIL))
    return 0


def do_su(argv):
    """su DEV startup|shutdown clear|state: prints the rc when not 0."""
    t = Tpm(argv[0])
    cc = CC_STARTUP if argv[1] == "startup" else CC_SHUTDOWN
    rc, _, _ = t.run(cc, params=u16(SU_CLEAR if argv[2] == "clear" else SU_STATE))
    if rc:
        print("rc 0x%03x" % rc)
        return 2
    return 0


def do_authcmd(argv):
    """authcmd DEV CC HANDLE PASSWORD [PARAMS]: one command with a
    password session for HANDLE; prints its rc (0x000 for success)."""
    t = Tpm(argv[0])
    params = bytes.fromhex(argv[4]) if len(argv) > 4 else b""
    rc, _, _ = t.run(int(argv[1], 0), handles=(int(argv[2], 0),),
                     params=params, auths=[bytes.fromhex(argv[3])])
    print("rc 0x%03x" % rc)
    return 0


def do_rawcmd(argv):
    """rawcmd DEV CC [PARAMS]: one command without sessions; prints its
    rc (0x000 for success)."""
    t = Tpm(argv[0])
    params = bytes.fromhex(argv[2]) if len(argv) > 2 else b""
    rc, _, _ = t.run(int(argv[1], 0), params=params)
    print("rc 0x%03x" % rc)
    return 0


KC_HIERS = {"o": TPM_RH_OWNER, "e": 0x4000000B, "p": TPM_RH_PLATFORM,
            "n": TPM_RH_NULL}
KC_MODES = {"cfb": 0x43, "cbc": 0x42, "ecb": 0x44, "ofb": 0x41, "ctr": 0x40,
            "null": 0x10}
# TPMT_PUBLIC tpm2_createprimary -G aes128cfb sends (tpm2-tools 5.4):
# SYMCIPHER, SHA-256, fixedTPM|fixedParent|sensitiveDataOrigin|
# userWithAuth|restricted|decrypt, no policy, AES-128-CFB, empty unique.
KC_PRIMARY = (u16(0x25) + u16(0xB) + u32(0x30072) + tpm2b(b"") + u16(6) +
              u16(128) + u16(0x43) + tpm2b(b""))


def kc_template(kind):
    """TPMT_PUBLIC of a KIND key: fixedTPM|fixedParent|userWithAuth|
    decrypt|sign (0x60052; an HMAC key sign only, 0x40052), no
    sensitiveDataOrigin."""
    attrs = u32(0x60052)
    if kind == "hmac":
        return (u16(0x8) + u16(0xB) + u32(0x40052) + tpm2b(b"") + u16(0x5) +
                u16(0xB) + tpm2b(b""))
    m = re.fullmatch(r"aes(128|256)(cfb|cbc|ecb|ofb|ctr|null)", kind)
    if not m:
        raise ValueError("unknown key kind %s" % kind)
    return (u16(0x25) + u16(0xB) + attrs + tpm2b(b"") + u16(6) +
            u16(int(m.group(1))) + u16(KC_MODES[m.group(2)]) + tpm2b(b""))


def do_keycreate(argv):
    """keycreate DEV HIER KIND KEYHEX PUB PRIV (see the top)."""
    t = Tpm(argv[0])
    hier = KC_HIERS[argv[1]]
    key = bytes.fromhex(argv[3])
    empty_sens = tpm2b(tpm2b(b"") + tpm2b(b""))
    tail = tpm2b(b"") + u32(0)   # outsideInfo, creationPCR
    try:
        h, _ = t.call("CreatePrimary", CC_CREATE_PRIMARY, handles=(hier,),
                      auths=[b""], rhandle=True,
                      params=empty_sens + tpm2b(KC_PRIMARY) + tail)
        try:
            sens = tpm2b(tpm2b(b"") + tpm2b(key))
            _, p = t.call("Create", 0x153, handles=(h,), auths=[b""],
                          params=sens + tpm2b(kc_template(argv[2])) + tail)
        finally:
            t.flush(h)
    except TpmError as e:
        print("rc 0x%03x" % e.rc)
        return 2
    r = Reader(p, "Create")
    priv = r.tpm2b()
    pub = r.tpm2b()
    with open(argv[4], "wb") as f:
        f.write(tpm2b(pub))
    with open(argv[5], "wb") as f:
        f.write(tpm2b(priv))
    return 0


def do_ctxsave(argv):
    """ctxsave DEV ALG FILE: a sequence with random data is saved to FILE
    (with what the hash needs to go on), then completed."""
    t = Tpm(argv[0])
    alg = parse_alg(argv[1])
    rnd = random.Random()

    def body():
        auth = rnd.randbytes(8)
        h = t.start(alg, auth)
        s = Seq(alg, auth)
        data = b""
        for _ in range(3):
            d = rand_data(rnd, 4)
            t.update(h, d, auth)
            s.add(d)
            data += d
        ctx = t.save(h)
        finish(t, h, s, b"")
        with open(argv[2], "w") as f:
            json.dump({"alg": alg, "auth": auth.hex(), "data": data.hex(),
                       "first": s.first.hex(), "ctx": ctx.hex()}, f)

    return run_guarded(body)


def do_ctxload(argv):
    """ctxload DEV FILE: ContextLoad a ctxsave FILE, go on hashing and
    complete; prints "ok", or "rc 0x..." when ContextLoad fails (exit 2),
    or what was wrong (exit 1)."""
    t = Tpm(argv[0])
    with open(argv[1]) as f:
        saved = json.load(f)
    s = Seq(saved["alg"], bytes.fromhex(saved["auth"]))
    s.add(bytes.fromhex(saved["data"]))
    s.first = bytes.fromhex(saved["first"])
    try:
        h = t.load(bytes.fromhex(saved["ctx"]))
    except TpmError as e:
        print("rc 0x%03x" % e.rc)
        return 2
    except (OSError, ValueError) as e:
        print("ContextLoad: %s: %s" % (type(e).__name__, e))
        return 1

    def body():
        rnd = random.Random()
        d = rand_data(rnd)
        t.update(h, d, s.auth)
        s.add(d)
        finish(t, h, s, rand_data(rnd), TPM_RH_OWNER)

    rc = run_guarded(body)
    if rc == 0:
        print("ok")
    return rc


def do_worker(argv):
    """worker DEV SEED OPS: OPS random operations on up to three sequences
    at once (every algorithm and event sequences into TPM_RH_NULL, saved
    and loaded contexts, a fourth start refused); every digest checked."""
    dev, seed, ops = argv[0], int(argv[1]), int(argv[2])
    rnd = random.Random(seed)
    t = Tpm(dev)
    live = {}
    stats = {"updates": 0, "completed": 0, "refused": 0, "loaded": 0}
    algs = [ALG_SHA1, ALG_SHA256, ALG_SHA384, ALG_SHA512, ALG_NULL]

    def body():
        for i in range(ops):
            x = rnd.random()
            try:
                if not live or (len(live) < NR_SLOTS and x < 0.2):
                    alg = rnd.choice(algs)
                    auth = rnd.randbytes(rnd.randint(0, 12))
                    h = t.start(alg, auth)
                    if h in live:
                        raise Fail("HashSequenceStart gave 0x%08x, in use" % h)
                    live[h] = Seq(alg, auth)
                elif len(live) == NR_SLOTS and x < 0.05:
                    expect_rc(RC_OBJECT_MEMORY, "a fourth HashSequenceStart",
                              t.start, ALG_SHA256)
                    stats["refused"] += 1
                elif len(live) < NR_SLOTS and x < 0.3:
                    h = rnd.choice(list(live))
                    h2 = t.load(t.save(h))
                    if h2 in live:
                        raise Fail("ContextLoad gave 0x%08x, in use" % h2)
                    live[h2] = live[h].copy()
                    stats["loaded"] += 1
                elif x < 0.4:
                    h = rnd.choice(list(live))
                    hier = rnd.choice([TPM_RH_NULL, TPM_RH_OWNER])
                    finish(t, h, live.pop(h), rand_data(rnd), hier)
                    stats["completed"] += 1
                else:
                    h = rnd.choice(list(live))
                    d = rand_data(rnd)
                    t.update(h, d, live[h].auth)
                    live[h].add(d)
                    stats["updates"] += 1
            except (Fail, TpmError) as e:
                raise Fail("operation %d: %s" % (i, e)) from None
        for h in list(live):
            finish(t, h, live.pop(h), b"")
            stats["completed"] += 1
        left = t.transient()
        if left:
            raise Fail("handles left: %s" % left)

    rc = run_guarded(body)
    if rc == 0:
        print("worker %d: %s" % (seed, " ".join("%s %d" % kv for kv in
                                                sorted(stats.items()))))
    else:
        print("worker %d failed after %s" % (seed, stats))
    return rc


def main():
    if len(sys.argv) < 3:
        print(__doc__, file=sys.stderr)
        return 1
    fn = {"getrandom": do_getrandom, "loop": do_loop, "count": do_count,
          "hostile": do_hostile, "check": do_check, "seqstart": do_seqstart,
          "hold": do_hold, "flush": do_flush, "handles": do_handles,
          "su": do_su, "ctxsave": do_ctxsave, "ctxload": do_ctxload,
          "sessstart": do_sessstart, "authcmd": do_authcmd,
          "rawcmd": do_rawcmd,
          "worker": do_worker, "keycreate": do_keycreate}.get(sys.argv[1])
    if not fn:
        print(__doc__, file=sys.stderr)
        return 1
    sys.stdout.reconfigure(line_buffering=True)
    return fn(sys.argv[2:])


if __name__ == "__main__":
    sys.exit(main())
