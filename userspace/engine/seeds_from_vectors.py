#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
#
# Seed inputs for fuzz_engine from the shared command vectors
# (kernel/tests/engine_vectors.h): one file per vector, its command after a
# TPM2_Startup(CLEAR) unless the vector wants a fresh engine, joined by the
# 0xFE 0xFF separator fuzz_engine.c splits on. Then a few command sequences
# of our own that no single vector reaches: hash and event sequences
# (HashSequenceStart, SequenceUpdate, SequenceComplete,
# EventSequenceComplete), the object slots, ContextSave, ContextLoad and
# FlushContext, PCR_SetAuthValue and PCR_SetAuthPolicy, and HMAC sessions
# (StartAuthSession, commands authorized by them, session contexts), and
# the hierarchy commands (HierarchyChangeAuth, HierarchyControl,
# SetPrimaryPolicy, Clear, ClearControl, ChangePPS, ChangeEPS) with the
# GetCapability, Hash and ReadClock that show what they did; and key
# objects: CreatePrimary, Create, Load (of a blob no engine made), ReadPublic,
# Unseal, HMAC, HMAC_Start, EncryptDecrypt, EncryptDecrypt2 and TestParms.
# Then policy and trial sessions with every policy command, sessions that
# encrypt parameters (AES-CFB, XOR; unbound and unsalted, so their empty
# HMACs are right and the encrypted commands run), an ECC-salted session
# and the dictionary-attack commands. Then NV indices of each type with
# every NV command, PolicyNV and PolicyAuthorizeNV; the attestation
# commands (Quote, Certify, CertifyCreation, GetTime, the audit digests,
# NV_Certify) with an ECC signing key; command audit
# (SetCommandCodeAuditStatus); MakeCredential, ActivateCredential,
# Duplicate, Import and Rewrap; and ECC_Parameters, EC_Ephemeral and
# ZGen_2Phase (with the P-256 generator as both points, so that the
# sequence reaches the products).
# Objects and sessions are named by the handles the engine gives now
# (0x80000000 + slot, 0x02000000 + slot); the fuzzer mutates the rest.
# nonceTPM is random, so no HMAC here is right: these sequences reach the
# parsing and checking of sessions, not the commands they would authorize.
#
# Usage: seeds_from_vectors.py VECTORS_H OUTDIR

import os
import re
import struct
import sys

STARTUP_CLEAR = bytes.fromhex('80010000000c000001440000')
SEP = b'\xfe\xff'
VECTOR = re.compile(r'\.name = "([^"]+)",\s*\.fresh = (\w+),\s*'
                    r'\.cmd = ENGINE_VEC_HEX\((.*?)\),\s*\.rsp', re.S)

ST_NO_SESSIONS = 0x8001
ST_SESSIONS = 0x8002
RS_PW = 0x40000009
RH_OWNER = 0x40000001
RH_NULL = 0x40000007
RH_PLATFORM = 0x4000000C
RH_ENDORSEMENT = 0x4000000B
RH_LOCKOUT = 0x4000000A
RH_PLATFORM_NV = 0x4000000D
ALG_SHA1 = 0x0004
ALG_AES = 0x0006
ALG_XOR = 0x000A
ALG_SHA256 = 0x000B
ALG_SHA384 = 0x000C
ALG_SHA512 = 0x000D
ALG_NULL = 0x0010
ALG_CFB = 0x0043
OBJ0 = 0x80000000
SESSION0 = 0x02000000
SAVED_SESSIONS = 0x03000000
SA_CONTINUE = 0x01
SA_DECRYPT = 0x20
SA_AUDIT = 0x80

CC_HIERARCHY_CONTROL = 0x0121
CC_CHANGE_EPS = 0x0124
CC_CHANGE_PPS = 0x0125
CC_CLEAR = 0x0126
CC_CLEAR_CONTROL = 0x0127
CC_HIERARCHY_CHANGE_AUTH = 0x0129
CC_SET_PRIMARY_POLICY = 0x012E
CC_HASH = 0x017D
CC_READ_CLOCK = 0x0181
CC_PCR_SET_AUTH_POLICY = 0x012C
CC_SEQUENCE_COMPLETE = 0x013E
CC_SEQUENCE_UPDATE = 0x015C
CC_CONTEXT_LOAD = 0x0161
CC_CONTEXT_SAVE = 0x0162
CC_FLUSH_CONTEXT = 0x0165
CC_GET_CAPABILITY = 0x017A
CC_PCR_READ = 0x017E
CC_PCR_SET_AUTH_VALUE = 0x0183
CC_EVENT_SEQUENCE_COMPLETE = 0x0185
CC_HASH_SEQUENCE_START = 0x0186
CC_START_AUTH_SESSION = 0x0176
CC_GET_RANDOM = 0x017B
CC_PCR_EXTEND = 0x0182
CC_CREATE_PRIMARY = 0x0131
CC_CREATE = 0x0153
CC_HMAC = 0x0155
CC_LOAD = 0x0157
CC_HMAC_START = 0x015B
CC_UNSEAL = 0x015E
CC_ENCRYPT_DECRYPT = 0x0164
CC_READ_PUBLIC = 0x0173
CC_TEST_PARMS = 0x018A
CC_ENCRYPT_DECRYPT2 = 0x0193
ALG_HMAC = 0x0005
ALG_ECDSA = 0x0018
ALG_ECDH = 0x0019
CC_NV_UNDEFINE_SPACE_SPECIAL = 0x011F
CC_NV_UNDEFINE_SPACE = 0x0122
CC_NV_DEFINE_SPACE = 0x012A
CC_NV_GLOBAL_WRITE_LOCK = 0x0132
CC_GET_COMMAND_AUDIT_DIGEST = 0x0133
CC_NV_INCREMENT = 0x0134
CC_NV_SET_BITS = 0x0135
CC_NV_EXTEND = 0x0136
CC_NV_WRITE = 0x0137
CC_NV_WRITE_LOCK = 0x0138
CC_NV_CHANGE_AUTH = 0x013B
CC_SET_COMMAND_CODE_AUDIT_STATUS = 0x0140
CC_ACTIVATE_CREDENTIAL = 0x0147
CC_CERTIFY = 0x0148
CC_POLICY_NV = 0x0149
CC_CERTIFY_CREATION = 0x014A
CC_DUPLICATE = 0x014B
CC_GET_TIME = 0x014C
CC_GET_SESSION_AUDIT_DIGEST = 0x014D
CC_NV_READ = 0x014E
CC_NV_READ_LOCK = 0x014F
CC_REWRAP = 0x0152
CC_IMPORT = 0x0156
CC_QUOTE = 0x0158
CC_MAKE_CREDENTIAL = 0x0168
CC_NV_READ_PUBLIC = 0x0169
CC_NV_CERTIFY = 0x0184
CC_ECC_PARAMETERS = 0x0178
CC_ZGEN_2PHASE = 0x018D
CC_EC_EPHEMERAL = 0x018E
CC_POLICY_AUTHORIZE_NV = 0x0192
# TPMA_NV: ownerwrite|authwrite, ownerread|authread, no_da; the types
NV_RW = 0x00000006 | 0x00060000 | 0x02000000
NT_COUNTER = 0x10
NT_BITS = 0x20
NT_EXTEND = 0x40
NT_PIN_FAIL = 0x80
NV_POLICYREAD = 0x00080000
NV_WRITE_STCLEAR = 0x00004000
NV_READ_STCLEAR = 0x80000000
NV_GLOBALLOCK = 0x00008000
NV_WRITEDEFINE = 0x00002000
NV0 = 0x01000000
ALG_KEYEDHASH = 0x0008
ALG_SYMCIPHER = 0x0025
ALG_CBC = 0x0042
# TPMA_OBJECT: fixedTPM, fixedParent, sensitiveDataOrigin, userWithAuth,
# restricted, decrypt, sign
OA_FIXED = 0x00000012
OA_SDO = 0x00000020
OA_USER = 0x00000040
OA_STORAGE = 0x00030000 | OA_FIXED | OA_SDO | OA_USER
OA_SIGN = 0x00040000
OA_DECRYPT = 0x00020000


def command(tag, cc, body=b''):
    return struct.pack('>HII', tag, 10 + len(body), cc) + body


def tpm2b(data):
    return struct.pack('>H', len(data)) + data


def pw_session(password=b''):
    return struct.pack('>IHB', RS_PW, 0, 0) + tpm2b(password)


def with_auth(cc, handles, passwords, params):
    sessions = b''.join(pw_session(p) for p in passwords)
    body = b''.join(struct.pack('>I', h) for h in handles)
    body += struct.pack('>I', len(sessions)) + sessions + params
    return command(ST_SESSIONS, cc, body)


def public(type_, attrs, parms, unique=b''):
    return tpm2b(struct.pack('>HHI', type_, ALG_SHA256, attrs) + tpm2b(b'') +
                 b''.join(struct.pack('>H', p) for p in parms) +
                 tpm2b(unique))


def create(cc, parent, pub, auth=b'', sens=b'', password=b''):
    params = tpm2b(tpm2b(auth) + tpm2b(sens)) + pub + tpm2b(b'outside')
    params += struct.pack('>IHB3B', 1, ALG_SHA256, 3, 0, 0, 1)
    return with_auth(cc, [parent], [password], params)


def storage_public(unique=b'u'):
    return public(ALG_SYMCIPHER, OA_STORAGE, [ALG_AES, 128, ALG_CFB], unique)


def hmac_public(attrs=OA_FIXED | OA_USER | OA_SIGN):
    return public(ALG_KEYEDHASH, attrs, [ALG_HMAC, ALG_SHA256])


def aes_public(mode=ALG_NULL):
    return public(ALG_SYMCIPHER, OA_FIXED | OA_USER | OA_SDO | OA_SIGN |
                  OA_DECRYPT, [ALG_AES, 128, mode])


def data(n, seed=0):
    # no 0xFE 0xFF pair can appear: every byte is under 0x80
    return bytes(((i * 7 + seed) ^ (i >> 7)) & 0x7F for i in range(n))


def hash_seq_start(alg, auth=b''):
    return command(ST_NO_SESSIONS, CC_HASH_SEQUENCE_START,
                   tpm2b(auth) + struct.pack('>H', alg))


def seq_update(handle, buf, password=b''):
    return with_auth(CC_SEQUENCE_UPDATE, [handle], [password], tpm2b(buf))


def seq_complete(handle, buf, hierarchy, password=b''):
    return with_auth(CC_SEQUENCE_COMPLETE, [handle], [password],
                     tpm2b(buf) + struct.pack('>I', hierarchy))


def event_complete(pcr, handle, buf, password=b''):
    return with_auth(CC_EVENT_SEQUENCE_COMPLETE, [pcr, handle],
                     [b'', password], tpm2b(buf))


def context_save(handle):
    return command(ST_NO_SESSIONS, CC_CONTEXT_SAVE, struct.pack('>I', handle))


def context_load(sequence, saved_handle, hierarchy, blob):
    return command(ST_NO_SESSIONS, CC_CONTEXT_LOAD,
                   struct.pack('>QII', sequence, saved_handle, hierarchy) +
                   tpm2b(blob))


def flush_context(handle):
    return command(ST_NO_SESSIONS, CC_FLUSH_CONTEXT,
                   struct.pack('>I', handle))


def get_cap(cap, prop, count):
    return command(ST_NO_SESSIONS, CC_GET_CAPABILITY,
                   struct.pack('>III', cap, prop, count))


def pcr_read(alg, pcr):
    select = (1 << pcr).to_bytes(3, 'little')
    return command(ST_NO_SESSIONS, CC_PCR_READ,
                   struct.pack('>IHB', 1, alg, 3) + select)


def start_auth_session(hash_alg=ALG_SHA256, bind=RH_NULL, tpm_key=RH_NULL,
                       nonce=None, salt=b'', se=0, sym=(ALG_NULL,)):
    if nonce is None:
        nonce = data(16, 5)
    return command(ST_NO_SESSIONS, CC_START_AUTH_SESSION,
                   struct.pack('>II', tpm_key, bind) + tpm2b(nonce) +
                   tpm2b(salt) + struct.pack('>B', se) +
                   b''.join(struct.pack('>H', s) for s in sym) +
                   struct.pack('>H', hash_alg))


def hmac_session(handle, size=32, attrs=SA_CONTINUE, seed=1):
    # an HMAC session entry: nonceCaller, attributes, an HMAC of @size bytes
    return (struct.pack('>I', handle) + tpm2b(data(size, seed + 1)) +
            struct.pack('>B', attrs) + tpm2b(data(size, seed)))


def with_sessions(cc, handles, sessions, params):
    area = b''.join(sessions)
    body = b''.join(struct.pack('>I', h) for h in handles)
    body += struct.pack('>I', len(area)) + area + params
    return command(ST_SESSIONS, cc, body)


def pcr_extend(pcr, sessions, fill=1):
    return with_sessions(CC_PCR_EXTEND, [pcr], sessions,
                         struct.pack('>IH', 1, ALG_SHA256) +
                         bytes([fill]) * 32)


def change_auth(hierarchy, new_auth, password=b''):
    return with_auth(CC_HIERARCHY_CHANGE_AUTH, [hierarchy], [password],
                     tpm2b(new_auth))


def hierarchy_control(auth, enable, state, password=b''):
    return with_auth(CC_HIERARCHY_CONTROL, [auth], [password],
                     struct.pack('>IB', enable, state))


def set_primary_policy(hierarchy, policy, alg, password=b''):
    return with_auth(CC_SET_PRIMARY_POLICY, [hierarchy], [password],
                     tpm2b(policy) + struct.pack('>H', alg))


def clear_control(auth, disable, password=b''):
    return with_auth(CC_CLEAR_CONTROL, [auth], [password],
                     struct.pack('>B', disable))


def hash_ticket(hierarchy, buf=b'ticket'):
    return command(ST_NO_SESSIONS, CC_HASH,
                   tpm2b(buf) + struct.pack('>HI', ALG_SHA256, hierarchy))


READ_CLOCK = command(ST_NO_SESSIONS, CC_READ_CLOCK)
PERMANENT = get_cap(6, 0x200, 2)


# A blob shaped as the engine seals one: TPM2B integrity, then the state.
FAKE_BLOB = tpm2b(data(32, 9)) + data(120, 3)

POLICY0 = 0x03000000
ALG_ECC = 0x0023
CURVE_P256 = 0x0003
SA_ENCRYPT = 0x40


def session(handle, attrs=SA_CONTINUE, hmac=b'', nonce=16):
    # a session entry with an HMAC chosen by the caller (empty: right for an
    # unbound, unsalted session authorizing an entity with no authValue)
    return (struct.pack('>I', handle) + tpm2b(data(nonce, 3)) +
            struct.pack('>B', attrs) + tpm2b(hmac))


def policy(cc, params=b'', handles=(POLICY0,)):
    return command(ST_NO_SESSIONS, cc,
                   b''.join(struct.pack('>I', h) for h in handles) + params)


def ecc_storage_public():
    return tpm2b(struct.pack('>HHI', ALG_ECC, ALG_SHA256, OA_STORAGE) +
                 tpm2b(b'') +
                 struct.pack('>HHHHHH', ALG_AES, 128, ALG_CFB, ALG_NULL,
                             CURVE_P256, ALG_NULL) +
                 tpm2b(b'') + tpm2b(b''))


def ecc_sign_public():
    return tpm2b(struct.pack('>HHI', ALG_ECC, ALG_SHA256,
                             OA_FIXED | OA_SDO | OA_USER | OA_SIGN) +
                 tpm2b(b'') +
                 struct.pack('>HHHHH', ALG_NULL, ALG_ECDSA, ALG_SHA256,
                             CURVE_P256, ALG_NULL) +
                 tpm2b(b'') + tpm2b(b''))


def ecc_ecdh_public():
    return tpm2b(struct.pack('>HHI', ALG_ECC, ALG_SHA256,
                             OA_FIXED | OA_SDO | OA_USER | OA_DECRYPT) +
                 tpm2b(b'') +
                 struct.pack('>HHHHH', ALG_NULL, ALG_ECDH, ALG_SHA256,
                             CURVE_P256, ALG_NULL) +
                 tpm2b(b'') + tpm2b(b''))


# The generator of P-256 (FIPS 186-4 D.1.2.3) as a TPM2B_ECC_POINT
P256_G = tpm2b(tpm2b(bytes.fromhex(
    '6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296')) +
    tpm2b(bytes.fromhex(
        '4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5')))


def nv_public(index, attrs, size, policy=b''):
    return tpm2b(struct.pack('>IHI', index, ALG_SHA256, attrs) +
                 tpm2b(policy) + struct.pack('>H', size))


def nv_define(index, attrs, size, auth=b'', policy=b''):
    return with_auth(CC_NV_DEFINE_SPACE, [RH_OWNER], [b''],
                     tpm2b(auth) + nv_public(index, attrs, size, policy))


def nv_cmd(cc, index, params=b'', auth=None, password=b''):
    return with_auth(cc, [index if auth is None else auth, index],
                     [password], params)


ECDSA_SHA256 = struct.pack('>HH', ALG_ECDSA, ALG_SHA256)


PCR16_SHA256 = struct.pack('>IHB3B', 1, ALG_SHA256, 3, 0, 0, 1)


SEQUENCES = {
    'seq_hash_sha256': [
        hash_seq_start(ALG_SHA256, b'pw'),
        seq_update(OBJ0, data(1024), b'pw'),
        seq_update(OBJ0, b'', b'pw'),
        seq_complete(OBJ0, data(100, 1), RH_OWNER, b'pw'),
    ],
    'seq_hash_generated': [
        hash_seq_start(ALG_SHA1),
        seq_complete(OBJ0, b'\xffTCG' + data(12), RH_OWNER),
    ],
    'seq_hash_short_first': [
        hash_seq_start(ALG_SHA512, b'a\0\0'),
        seq_update(OBJ0, data(3), b'a'),
        seq_update(OBJ0, data(1000, 2), b'a'),
        seq_complete(OBJ0, b'', RH_PLATFORM, b'a'),
    ],
    'seq_event_pcr16': [
        hash_seq_start(ALG_NULL, b'ev'),
        seq_update(OBJ0, data(500), b'ev'),
        event_complete(16, OBJ0, data(20, 4), b'ev'),
        pcr_read(ALG_SHA256, 16),
    ],
    'seq_event_null_pcr': [
        hash_seq_start(ALG_NULL),
        event_complete(RH_NULL, OBJ0, data(64)),
    ],
    'seq_bad_password': [
        hash_seq_start(ALG_SHA256, b'right'),
        seq_update(OBJ0, data(8), b'wrong'),
        seq_complete(OBJ0, data(8), RH_NULL, b'right'),
    ],
    'seq_wrong_kind': [
        hash_seq_start(ALG_NULL),
        hash_seq_start(ALG_SHA256),
        seq_complete(OBJ0, b'', RH_NULL),
        event_complete(16, OBJ0 + 1, b''),
    ],
    'seq_slots_full': [
        hash_seq_start(ALG_SHA1),
        hash_seq_start(ALG_NULL),
        hash_seq_start(ALG_SHA512),
        hash_seq_start(ALG_SHA256),
        get_cap(1, 0x80000000, 8),
        get_cap(6, 0x207, 1),
        flush_context(OBJ0 + 1),
        hash_seq_start(ALG_SHA256),
        get_cap(1, 0x80000000, 8),
    ],
    'context_save_flush_load': [
        hash_seq_start(ALG_SHA256, b'k'),
        seq_update(OBJ0, data(200), b'k'),
        context_save(OBJ0),
        flush_context(OBJ0),
        context_load(1, 0x80000001, RH_NULL, FAKE_BLOB),
        seq_update(OBJ0, data(10), b'k'),
        flush_context(OBJ0),
    ],
    'context_load_bad': [
        context_load(1, 0x80000001, RH_NULL, b''),
        context_load(1, 0x80000001, RH_NULL, FAKE_BLOB[:20]),
        context_load(2, 0x80000000, RH_OWNER, FAKE_BLOB),
        context_load(3, 0x02000000, RH_NULL, FAKE_BLOB),
        context_load(4, 0x81000000, RH_NULL, FAKE_BLOB),
    ],
    'context_save_event': [
        hash_seq_start(ALG_NULL),
        seq_update(OBJ0, data(300)),
        context_save(OBJ0),
        context_save(OBJ0),
        context_save(OBJ0 + 1),
    ],
    'flush_context_kinds': [
        flush_context(OBJ0),
        flush_context(0x02000000),
        flush_context(0x03000001),
        flush_context(RH_OWNER),
        flush_context(0x81000000),
        flush_context(5),
    ],
    'pcr_set_auth_value': [
        with_auth(CC_PCR_SET_AUTH_VALUE, [16], [b''], tpm2b(data(32))),
        with_auth(CC_PCR_SET_AUTH_VALUE, [24], [b''], tpm2b(data(32))),
    ],
    'pcr_set_auth_policy': [
        with_auth(CC_PCR_SET_AUTH_POLICY, [RH_PLATFORM], [b''],
                  tpm2b(data(32)) + struct.pack('>HI', ALG_SHA256, 16)),
        with_auth(CC_PCR_SET_AUTH_POLICY, [RH_PLATFORM], [b''],
                  tpm2b(data(31)) + struct.pack('>HI', ALG_SHA256, 16)),
        with_auth(CC_PCR_SET_AUTH_POLICY, [RH_PLATFORM], [b''],
                  tpm2b(b'') + struct.pack('>HI', ALG_NULL, 0)),
    ],
    'session_hmac_extend': [
        start_auth_session(ALG_SHA256),
        get_cap(1, SESSION0, 8),
        get_cap(6, 0x203, 4),
        pcr_extend(16, [hmac_session(SESSION0)]),
        pcr_extend(16, [hmac_session(SESSION0, attrs=0)]),
        pcr_extend(16, [hmac_session(SESSION0, size=31)]),
        flush_context(SESSION0),
        get_cap(1, SESSION0, 8),
    ],
    'session_bound_sequence': [
        hash_seq_start(ALG_SHA256, b'pw'),
        start_auth_session(ALG_SHA1, bind=OBJ0, nonce=data(20, 2)),
        seq_update(OBJ0, data(64), b'pw'),
        with_sessions(CC_SEQUENCE_UPDATE, [OBJ0],
                      [hmac_session(SESSION0, size=20)], tpm2b(data(10))),
        with_sessions(CC_EVENT_SEQUENCE_COMPLETE, [16, OBJ0],
                      [pw_session(), hmac_session(SESSION0, size=20)],
                      tpm2b(data(10))),
        start_auth_session(ALG_SHA512, bind=RH_OWNER, nonce=data(64, 3)),
        with_sessions(CC_SEQUENCE_COMPLETE, [OBJ0],
                      [hmac_session(SESSION0 + 1, size=64)],
                      tpm2b(b'') + struct.pack('>I', RH_OWNER)),
    ],
    'session_save_load': [
        start_auth_session(ALG_SHA384, bind=RH_ENDORSEMENT),
        context_save(SESSION0),
        get_cap(1, SAVED_SESSIONS, 8),
        get_cap(1, SESSION0, 8),
        pcr_extend(16, [hmac_session(SESSION0, size=48)]),
        context_save(SESSION0),
        context_load(1, SESSION0, RH_NULL, FAKE_BLOB),
        context_load(2, SESSION0 + 1, RH_NULL, FAKE_BLOB),
        flush_context(SESSION0),
        context_load(1, SESSION0, RH_NULL, FAKE_BLOB),
    ],
    'session_limits': [
        start_auth_session(ALG_SHA1, nonce=data(20, 1)),
        start_auth_session(ALG_SHA256),
        start_auth_session(ALG_SHA512, nonce=data(64, 2)),
        start_auth_session(ALG_SHA384),
        context_save(SESSION0 + 1),
        start_auth_session(ALG_SHA384),
        get_cap(6, 0x203, 4),
        get_cap(1, SAVED_SESSIONS, 64),
        flush_context(SESSION0 + 1),
        get_cap(6, 0x203, 4),
    ],
    'session_start_errors': [
        start_auth_session(tpm_key=OBJ0),
        start_auth_session(tpm_key=0x81000000),
        start_auth_session(bind=0x01000000),
        start_auth_session(bind=OBJ0 + 2),
        start_auth_session(bind=0x40000010),
        start_auth_session(nonce=data(15)),
        start_auth_session(salt=data(32)),
        start_auth_session(se=1),
        start_auth_session(se=2),
        start_auth_session(sym=(ALG_AES, 128, ALG_CFB)),
        start_auth_session(sym=(ALG_AES, 192, ALG_CFB)),
        start_auth_session(sym=(ALG_XOR, ALG_SHA256)),
        start_auth_session(sym=(ALG_XOR, ALG_NULL)),
        start_auth_session(hash_alg=ALG_NULL),
    ],
    'session_attributes': [
        start_auth_session(ALG_SHA256),
        start_auth_session(ALG_SHA1, nonce=data(20)),
        pcr_extend(16, [hmac_session(SESSION0, attrs=SA_DECRYPT | 1)]),
        pcr_extend(16, [hmac_session(SESSION0, attrs=SA_AUDIT | 1)]),
        pcr_extend(16, [hmac_session(SESSION0), hmac_session(SESSION0)]),
        pcr_extend(16, [pw_session(), hmac_session(SESSION0 + 1, 20)]),
        pcr_extend(16, [hmac_session(SESSION0 + 5)]),
        pcr_extend(16, [hmac_session(SAVED_SESSIONS)]),
        with_sessions(CC_GET_RANDOM, [], [hmac_session(SESSION0)],
                      struct.pack('>H', 8)),
    ],
    'hierarchy_change_auth': [
        change_auth(RH_OWNER, b'owner\0\0'),
        PERMANENT,
        change_auth(RH_OWNER, b'x', b'wrong'),
        change_auth(RH_OWNER, data(64), b'owner'),
        change_auth(RH_OWNER, data(65), data(64)),
        change_auth(RH_ENDORSEMENT, b'\0\0'),
        change_auth(RH_PLATFORM, b'plat'),
        change_auth(RH_LOCKOUT, b'lock'),
        change_auth(RH_LOCKOUT, b'', b'guess'),
        change_auth(RH_NULL, b'x'),
        change_auth(RH_PLATFORM_NV, b'x'),
        PERMANENT,
    ],
    'hierarchy_control': [
        hierarchy_control(RH_PLATFORM, RH_OWNER, 0),
        get_cap(6, 0x201, 1),
        hierarchy_control(RH_OWNER, RH_OWNER, 1),
        hierarchy_control(RH_ENDORSEMENT, RH_ENDORSEMENT, 0),
        hierarchy_control(RH_ENDORSEMENT, RH_PLATFORM_NV, 0),
        hierarchy_control(RH_PLATFORM, RH_LOCKOUT, 0),
        hierarchy_control(RH_PLATFORM, RH_PLATFORM_NV, 2),
        hierarchy_control(RH_PLATFORM, RH_PLATFORM, 0),
        hierarchy_control(RH_PLATFORM, RH_PLATFORM, 1),
        hash_ticket(RH_OWNER),
        get_cap(6, 0x201, 1),
    ],
    'set_primary_policy': [
        set_primary_policy(RH_OWNER, data(32), ALG_SHA256),
        set_primary_policy(RH_ENDORSEMENT, data(20), ALG_SHA1),
        set_primary_policy(RH_PLATFORM, data(64), ALG_SHA512),
        set_primary_policy(RH_LOCKOUT, b'', ALG_NULL),
        set_primary_policy(RH_OWNER, data(31), ALG_SHA256),
        set_primary_policy(RH_OWNER, data(32), ALG_NULL),
        set_primary_policy(RH_OWNER, data(32), ALG_AES),
        set_primary_policy(RH_OWNER, data(65), ALG_SHA512),
    ],
    'clear': [
        change_auth(RH_LOCKOUT, b'lock'),
        hash_ticket(RH_OWNER),
        clear_control(RH_LOCKOUT, 1, b'lock'),
        with_auth(CC_CLEAR, [RH_LOCKOUT], [b'lock'], b''),
        clear_control(RH_LOCKOUT, 0, b'lock'),
        clear_control(RH_PLATFORM, 0),
        with_auth(CC_CLEAR, [RH_OWNER], [b''], b''),
        with_auth(CC_CLEAR, [RH_LOCKOUT], [b'lock'], b''),
        PERMANENT,
        READ_CLOCK,
        hash_ticket(RH_OWNER),
        with_auth(CC_CLEAR, [RH_PLATFORM], [b''], b''),
    ],
    'change_pps_eps': [
        hash_ticket(RH_PLATFORM),
        with_auth(CC_CHANGE_PPS, [RH_PLATFORM], [b''], b''),
        hash_ticket(RH_PLATFORM),
        change_auth(RH_ENDORSEMENT, b'endo'),
        hierarchy_control(RH_ENDORSEMENT, RH_ENDORSEMENT, 0, b'endo'),
        with_auth(CC_CHANGE_EPS, [RH_PLATFORM], [b''], b''),
        with_auth(CC_CHANGE_EPS, [RH_OWNER], [b''], b''),
        hash_ticket(RH_ENDORSEMENT),
        get_cap(6, 0x200, 2),
    ],
    'hierarchy_sessions': [
        start_auth_session(ALG_SHA256, bind=RH_OWNER),
        with_sessions(CC_HIERARCHY_CHANGE_AUTH, [RH_OWNER],
                      [hmac_session(SESSION0)], tpm2b(b'new')),
        with_sessions(CC_CLEAR, [RH_LOCKOUT], [hmac_session(SESSION0)],
                      b''),
        with_sessions(CC_HIERARCHY_CONTROL, [RH_PLATFORM],
                      [hmac_session(SESSION0)],
                      struct.pack('>IB', RH_OWNER, 0)),
        start_auth_session(ALG_SHA1, bind=RH_OWNER, nonce=data(20, 4)),
    ],
    'key_create_load': [
        create(CC_CREATE_PRIMARY, RH_OWNER, storage_public()),
        create(CC_CREATE, OBJ0, hmac_public(), b'k', data(32, 1)),
        create(CC_CREATE, OBJ0, public(ALG_KEYEDHASH, OA_FIXED | OA_USER,
                                       [ALG_NULL]), b'', data(40, 2)),
        with_auth(CC_LOAD, [OBJ0], [b''],
                  tpm2b(tpm2b(data(32, 3)) + data(48, 4)) + hmac_public()),
        with_auth(CC_UNSEAL, [OBJ0], [b''], b''),
        command(ST_NO_SESSIONS, CC_READ_PUBLIC, struct.pack('>I', OBJ0)),
        command(ST_NO_SESSIONS, CC_CONTEXT_SAVE, struct.pack('>I', OBJ0)),
    ],
    'key_hmac': [
        create(CC_CREATE_PRIMARY, RH_NULL, hmac_public(
            OA_FIXED | OA_SDO | OA_USER | OA_SIGN)),
        with_auth(CC_HMAC, [OBJ0], [b''],
                  tpm2b(data(100, 5)) + struct.pack('>H', ALG_NULL)),
        with_auth(CC_HMAC_START, [OBJ0], [b''],
                  tpm2b(b'sq') + struct.pack('>H', ALG_SHA256)),
        with_auth(CC_SEQUENCE_UPDATE, [OBJ0 + 1], [b'sq'],
                  tpm2b(data(300, 6))),
        with_auth(CC_SEQUENCE_COMPLETE, [OBJ0 + 1], [b'sq'],
                  tpm2b(data(10, 7)) + struct.pack('>I', RH_OWNER)),
    ],
    'policy_session': [
        start_auth_session(se=1),
        policy(0x016C, struct.pack('>I', CC_UNSEAL)),
        policy(0x017F, tpm2b(b'') + PCR16_SHA256),
        policy(0x016B),
        policy(0x018C),
        policy(0x016F, b'\x01'),
        policy(0x016D, tpm2b(data(8, 4)) + struct.pack('>HH', 8, 3)),
        policy(0x0189),
        policy(0x0171, struct.pack('>I', 2) + tpm2b(data(32, 5)) +
               tpm2b(data(32, 6))),
        policy(0x0180),
        policy(0x016E, tpm2b(data(32, 7))),
        policy(0x0189),
        policy(0x0180),
        policy(0x0170, tpm2b(data(32, 8))),
        policy(0x0190, tpm2b(data(32, 9))),
        policy(0x018F, b'\x01'),
        policy(0x0188, tpm2b(data(34, 10)) + tpm2b(data(34, 11)) +
               b'\x01'),
        policy(0x0187),
        policy(0x016A, tpm2b(data(32, 12)) + tpm2b(b'') +
               tpm2b(data(34, 13)) +
               struct.pack('>HI', 0x8022, RH_OWNER) + tpm2b(data(32, 14))),
        policy(0x0172, tpm2b(data(8, 15)) + tpm2b(b'') + tpm2b(b'') +
               tpm2b(data(34, 16)) +
               struct.pack('>HI', 0x8023, RH_OWNER) + tpm2b(data(32, 17))),
        with_auth(0x0151, [RH_OWNER, POLICY0], [b''],
                  tpm2b(b'') + tpm2b(b'') + tpm2b(b'ref') +
                  struct.pack('>i', -10)),
        policy(0x0189),
        create(CC_CREATE_PRIMARY, RH_OWNER, ecc_storage_public()),
        policy(0x0160, tpm2b(b'') + tpm2b(b'') + tpm2b(b'') +
               struct.pack('>iHH', 0, 0x0018, ALG_SHA256) +
               tpm2b(data(32, 18)) + tpm2b(data(32, 19)),
               handles=(OBJ0, POLICY0)),
        with_sessions(CC_UNSEAL, [OBJ0], [session(POLICY0)], b''),
        context_save(POLICY0),
    ],
    'trial_session': [
        start_auth_session(se=3, hash_alg=ALG_SHA384, nonce=data(48, 2)),
        policy(0x017F, tpm2b(data(48, 3)) + PCR16_SHA256),
        policy(0x016C, struct.pack('>I', CC_CREATE)),
        policy(0x0171, struct.pack('>I', 3) + tpm2b(data(48, 4)) +
               tpm2b(data(48, 5)) + tpm2b(data(48, 6))),
        policy(0x0189),
        pcr_extend(16, [session(POLICY0)]),
    ],
    'encrypting_sessions': [
        start_auth_session(sym=(ALG_AES, 128, ALG_CFB)),
        with_sessions(CC_GET_RANDOM, [], [session(0x02000000, SA_CONTINUE |
                                                  SA_ENCRYPT)],
                      struct.pack('>H', 20)),
        with_sessions(CC_HASH, [], [session(0x02000000, SA_CONTINUE |
                                            SA_DECRYPT | SA_ENCRYPT)],
                      tpm2b(data(40, 20)) +
                      struct.pack('>HI', ALG_SHA256, RH_OWNER)),
        start_auth_session(sym=(ALG_XOR, ALG_SHA1), hash_alg=ALG_SHA1),
        with_sessions(CC_HIERARCHY_CHANGE_AUTH, [RH_OWNER],
                      [session(0x02000001, SA_CONTINUE | SA_DECRYPT)],
                      tpm2b(data(10, 21))),
        with_sessions(CC_GET_RANDOM, [], [session(0x02000000, SA_AUDIT |
                                                  SA_CONTINUE)],
                      struct.pack('>H', 8)),
    ],
    'salted_session': [
        create(CC_CREATE_PRIMARY, RH_OWNER, ecc_storage_public()),
        start_auth_session(tpm_key=OBJ0,
                           salt=tpm2b(data(32, 22)) + tpm2b(data(32, 23))),
        start_auth_session(tpm_key=OBJ0, bind=RH_OWNER, salt=data(70, 24)),
    ],
    'dictionary_attack': [
        with_auth(0x013A, [RH_LOCKOUT], [b''],
                  struct.pack('>III', 2, 10, 0)),
        with_auth(CC_CLEAR_CONTROL, [RH_LOCKOUT], [b'wrong'], b'\x00'),
        with_auth(0x0139, [RH_LOCKOUT], [b''], b''),
        get_cap(6, 0x20E, 4),
    ],
    'key_encrypt_decrypt': [
        create(CC_CREATE_PRIMARY, RH_ENDORSEMENT, aes_public()),
        with_auth(CC_ENCRYPT_DECRYPT2, [OBJ0], [b''],
                  tpm2b(data(64, 8)) + struct.pack('>BH', 0, ALG_CBC) +
                  tpm2b(data(16, 9))),
        with_auth(CC_ENCRYPT_DECRYPT, [OBJ0], [b''],
                  struct.pack('>BH', 1, ALG_CFB) + tpm2b(data(16, 10)) +
                  tpm2b(data(40, 11))),
        command(ST_NO_SESSIONS, CC_TEST_PARMS,
                struct.pack('>HHHH', ALG_SYMCIPHER, ALG_AES, 256, ALG_CBC)),
        command(ST_NO_SESSIONS, CC_TEST_PARMS,
                struct.pack('>HHH', ALG_KEYEDHASH, ALG_HMAC, ALG_SHA384)),
    ],
    'nv_indices': [
        nv_define(NV0, NV_RW | NV_WRITE_STCLEAR | NV_READ_STCLEAR |
                  NV_GLOBALLOCK, 64, b'nvpw'),
        nv_cmd(CC_NV_WRITE, NV0, tpm2b(data(32, 1)) + struct.pack('>H', 8),
               password=b'nvpw'),
        nv_cmd(CC_NV_READ, NV0, struct.pack('>HH', 16, 4), password=b'nvpw'),
        nv_cmd(CC_NV_READ, NV0, struct.pack('>HH', 8, 0), auth=RH_OWNER),
        command(ST_NO_SESSIONS, CC_NV_READ_PUBLIC, struct.pack('>I', NV0)),
        nv_cmd(CC_NV_WRITE_LOCK, NV0, password=b'nvpw'),
        nv_cmd(CC_NV_READ_LOCK, NV0, password=b'nvpw'),
        with_auth(CC_NV_GLOBAL_WRITE_LOCK, [RH_OWNER], [b''], b''),
        nv_define(NV0 + 1, NV_RW | NT_COUNTER, 8),
        nv_cmd(CC_NV_INCREMENT, NV0 + 1),
        nv_cmd(CC_NV_INCREMENT, NV0 + 1, auth=RH_OWNER),
        nv_define(NV0 + 2, NV_RW | NT_BITS, 8),
        nv_cmd(CC_NV_SET_BITS, NV0 + 2, struct.pack('>Q', 0x0102)),
        nv_define(NV0 + 3, NV_RW | NT_EXTEND, 32),
        nv_cmd(CC_NV_EXTEND, NV0 + 3, tpm2b(data(40, 2))),
        nv_cmd(CC_NV_READ, NV0 + 3, struct.pack('>HH', 32, 0)),
        nv_define(NV0 + 4, NV_RW | NT_PIN_FAIL, 8, b'pin'),
        nv_cmd(CC_NV_WRITE, NV0 + 4, tpm2b(struct.pack('>II', 0, 3)) +
               struct.pack('>H', 0), auth=RH_OWNER),
        nv_cmd(CC_NV_READ, NV0 + 4, struct.pack('>HH', 8, 0),
               password=b'wrong'),
        nv_cmd(CC_NV_CHANGE_AUTH, NV0, tpm2b(b'new'), password=b'nvpw'),
        get_cap(1, NV0, 16),
        get_cap(6, 0x20A, 2),
        with_auth(CC_NV_UNDEFINE_SPACE, [RH_OWNER, NV0 + 1], [b''], b''),
        with_auth(CC_NV_UNDEFINE_SPACE_SPECIAL, [NV0 + 2, RH_PLATFORM],
                  [b'', b''], b''),
        with_auth(CC_CLEAR, [RH_PLATFORM], [b''], b''),
    ],
    'nv_policy': [
        nv_define(NV0, NV_RW, 16),
        nv_cmd(CC_NV_WRITE, NV0, tpm2b(struct.pack('>HH', ALG_SHA256, 1) +
                                       data(12, 3)) + struct.pack('>H', 0)),
        start_auth_session(se=1),
        with_auth(CC_POLICY_NV, [NV0, NV0, POLICY0], [b''],
                  tpm2b(data(4, 4)) + struct.pack('>HH', 2, 0)),
        with_auth(CC_POLICY_AUTHORIZE_NV, [NV0, NV0, POLICY0], [b''], b''),
        policy(0x0189),
        nv_define(NV0 + 1, 0x00000008 | NV_POLICYREAD | 0x02000000, 8,
                  policy=data(32, 5)),
        with_sessions(CC_NV_READ, [NV0 + 1, NV0 + 1], [session(POLICY0)],
                      struct.pack('>HH', 8, 0)),
    ],
    'attestation': [
        create(CC_CREATE_PRIMARY, RH_ENDORSEMENT, ecc_storage_public()),
        create(CC_CREATE_PRIMARY, RH_OWNER, ecc_sign_public()),
        with_auth(CC_QUOTE, [OBJ0 + 1], [b''],
                  tpm2b(data(16, 1)) + ECDSA_SHA256 + PCR16_SHA256),
        with_auth(CC_QUOTE, [OBJ0 + 1], [b''],
                  tpm2b(b'') + struct.pack('>H', ALG_NULL) +
                  struct.pack('>I', 0)),
        with_auth(CC_CERTIFY, [OBJ0, OBJ0 + 1], [b'', b''],
                  tpm2b(data(8, 2)) + struct.pack('>H', ALG_NULL)),
        with_auth(CC_GET_TIME, [RH_ENDORSEMENT, OBJ0 + 1], [b'', b''],
                  tpm2b(b'') + ECDSA_SHA256),
        with_auth(CC_GET_TIME, [RH_ENDORSEMENT, RH_NULL], [b'', b''],
                  tpm2b(b'') + struct.pack('>H', ALG_NULL)),
        with_auth(CC_CERTIFY_CREATION, [OBJ0 + 1, OBJ0], [b''],
                  tpm2b(b'') + tpm2b(data(32, 3)) + ECDSA_SHA256 +
                  struct.pack('>HI', 0x8021, RH_ENDORSEMENT) +
                  tpm2b(data(32, 4))),
        start_auth_session(),
        with_sessions(CC_GET_RANDOM, [], [session(0x02000002, SA_AUDIT |
                                                  SA_CONTINUE)],
                      struct.pack('>H', 8)),
        with_auth(CC_GET_SESSION_AUDIT_DIGEST,
                  [RH_ENDORSEMENT, OBJ0 + 1, 0x02000002], [b'', b''],
                  tpm2b(b'') + ECDSA_SHA256),
        nv_define(NV0, NV_RW, 32),
        nv_cmd(CC_NV_WRITE, NV0, tpm2b(data(32, 5)) + struct.pack('>H', 0)),
        with_auth(CC_NV_CERTIFY, [OBJ0 + 1, NV0, NV0], [b'', b''],
                  tpm2b(data(4, 6)) + ECDSA_SHA256 +
                  struct.pack('>HH', 16, 8)),
    ],
    'command_audit': [
        with_auth(CC_SET_COMMAND_CODE_AUDIT_STATUS, [RH_OWNER], [b''],
                  struct.pack('>H', ALG_NULL) +
                  struct.pack('>III', 2, CC_GET_RANDOM, CC_READ_CLOCK) +
                  struct.pack('>I', 0)),
        command(ST_NO_SESSIONS, CC_GET_RANDOM, struct.pack('>H', 8)),
        command(ST_NO_SESSIONS, CC_READ_CLOCK),
        get_cap(4, 0, 64),
        get_cap(6, 0x213, 2),
        create(CC_CREATE_PRIMARY, RH_OWNER, ecc_sign_public()),
        with_auth(CC_GET_COMMAND_AUDIT_DIGEST, [RH_ENDORSEMENT, OBJ0],
                  [b'', b''], tpm2b(data(8, 1)) + ECDSA_SHA256),
        with_auth(CC_SET_COMMAND_CODE_AUDIT_STATUS, [RH_PLATFORM], [b''],
                  struct.pack('>HII', ALG_SHA384, 0, 0)),
    ],
    'credentials': [
        create(CC_CREATE_PRIMARY, RH_ENDORSEMENT, ecc_storage_public()),
        command(ST_NO_SESSIONS, CC_MAKE_CREDENTIAL,
                struct.pack('>I', OBJ0) + tpm2b(data(16, 1)) +
                tpm2b(struct.pack('>H', ALG_SHA256) + data(32, 2))),
        create(CC_CREATE_PRIMARY, RH_OWNER, ecc_sign_public()),
        with_auth(CC_ACTIVATE_CREDENTIAL, [OBJ0 + 1, OBJ0], [b'', b''],
                  tpm2b(tpm2b(data(32, 3)) + data(18, 4)) +
                  tpm2b(tpm2b(data(32, 5)) + tpm2b(data(32, 6)))),
        with_sessions(CC_DUPLICATE, [OBJ0 + 1, OBJ0], [session(0x02000000)],
                      tpm2b(b'') + struct.pack('>H', ALG_NULL)),
        with_auth(CC_IMPORT, [OBJ0], [b''],
                  tpm2b(b'') + ecc_sign_public() +
                  tpm2b(tpm2b(data(32, 7)) + data(40, 8)) +
                  tpm2b(tpm2b(data(32, 9)) + tpm2b(data(32, 10))) +
                  struct.pack('>H', ALG_NULL)),
        with_auth(CC_REWRAP, [OBJ0, RH_NULL], [b''],
                  tpm2b(tpm2b(data(32, 11)) + data(40, 12)) +
                  tpm2b(struct.pack('>H', ALG_SHA256) + data(32, 13)) +
                  tpm2b(b'')),
    ],
    'two_phase': [
        command(ST_NO_SESSIONS, CC_ECC_PARAMETERS,
                struct.pack('>H', CURVE_P256)),
        command(ST_NO_SESSIONS, CC_ECC_PARAMETERS, struct.pack('>H', 0x0005)),
        command(ST_NO_SESSIONS, CC_EC_EPHEMERAL, struct.pack('>H', CURVE_P256)),
        command(ST_NO_SESSIONS, CC_EC_EPHEMERAL, struct.pack('>H', CURVE_P256)),
        create(CC_CREATE_PRIMARY, RH_OWNER, ecc_ecdh_public()),
        with_auth(CC_ZGEN_2PHASE, [OBJ0], [b''],
                  P256_G + P256_G + struct.pack('>HH', ALG_ECDH, 1)),
        with_auth(CC_ZGEN_2PHASE, [OBJ0], [b''],
                  P256_G + P256_G + struct.pack('>HH', ALG_ECDH, 1)),
    ],
}


def write(out, name, cmds):
    for cmd in cmds:
        assert SEP not in cmd, '%s: a command holds the separator' % name
    with open(os.path.join(out, name), 'wb') as f:
        f.write(SEP.join(cmds))


def main():
    text = open(sys.argv[1]).read()
    out = sys.argv[2]
    os.makedirs(out, exist_ok=True)
    n = 0
    for name, fresh, frags in VECTOR.findall(text):
        hexs = ''.join(re.findall(r'"([^"]*)"', frags)).replace(' ', '')
        cmd = bytes.fromhex(hexs)
        if fresh != 'ENGINE_VEC_FRESH':
            cmd = STARTUP_CLEAR + SEP + cmd
        with open(os.path.join(out, name), 'wb') as f:
            f.write(cmd)
        n += 1
    vectors = n
    for name, cmds in SEQUENCES.items():
        write(out, name, [STARTUP_CLEAR] + cmds)
        n += 1
    print('%d seeds in %s (%d from vectors)' % (n, out, vectors))
    return 0 if vectors else 1


if __name__ == '__main__':
    sys.exit(main())
