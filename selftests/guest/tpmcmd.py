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

Exit status: 0 on success (for loop: ended with an OS error), 1 otherwise.
"""

import errno
import os
import random
import signal
import struct
import sys

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


def main():
    if len(sys.argv) < 3:
        print(__doc__, file=sys.stderr)
        return 1
    fn = {"getrandom": do_getrandom, "loop": do_loop, "count": do_count,
          "hostile": do_hostile}.get(sys.argv[1])
    if not fn:
        print(__doc__, file=sys.stderr)
        return 1
    sys.stdout.reconfigure(line_buffering=True)
    return fn(sys.argv[2:])


if __name__ == "__main__":
    sys.exit(main())
