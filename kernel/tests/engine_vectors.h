/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Command/response pairs the engine must answer byte for byte, checked by
 * both builds: the KUnit suite (kernel/tests/engine_kunit.c) and the
 * userspace tests (userspace/engine/engine_test.c). Each is a NULL-ended
 * list of hex fragments; spaces are ignored. The engine config secret is
 * 32 bytes of 0x5A.
 */
#ifndef _HTPM_ENGINE_VECTORS_H
#define _HTPM_ENGINE_VECTORS_H

#define ENGINE_VEC_SAME		0	/* continue on the previous engine */
#define ENGINE_VEC_FRESH	1	/* a new engine, before Startup */
#define ENGINE_VEC_STARTED	2	/* a new engine after Startup(CLEAR) */

#define ENGINE_VEC_HEX(...)	((const char * const []){ __VA_ARGS__, NULL })

struct engine_vector {
	const char *name;
	int fresh;
	const char * const *cmd;
	const char * const *rsp;
};

static const struct engine_vector engine_vectors[] = {
	{
		.name = "startup_clear",
		.fresh = ENGINE_VEC_FRESH,
		.cmd = ENGINE_VEC_HEX("8001 0000000c 00000144",
				      "0000"),
		.rsp = ENGINE_VEC_HEX("8001 0000000a 00000000"),
	},
	{
		.name = "selftest_before_startup",
		.fresh = ENGINE_VEC_FRESH,
		.cmd = ENGINE_VEC_HEX("8001 0000000b 00000143",
				      "00"),
		.rsp = ENGINE_VEC_HEX("8001 0000000a 00000100"),
	},
	{
		.name = "bad_tag_tpm12",
		.fresh = ENGINE_VEC_FRESH,
		.cmd = ENGINE_VEC_HEX("00c1 0000000a 00000065"),
		.rsp = ENGINE_VEC_HEX("00c4 0000000a 0000001e"),
	},
	{
		.name = "short_header",
		.fresh = ENGINE_VEC_FRESH,
		.cmd = ENGINE_VEC_HEX("8001"),
		.rsp = ENGINE_VEC_HEX("8001 0000000a 0000009a"),
	},
	{
		.name = "size_mismatch",
		.fresh = ENGINE_VEC_FRESH,
		.cmd = ENGINE_VEC_HEX("8001 0000000b 0000017b",
				      "0008"),
		.rsp = ENGINE_VEC_HEX("8001 0000000a 00000142"),
	},
	{
		.name = "startup_bad_type",
		.fresh = ENGINE_VEC_FRESH,
		.cmd = ENGINE_VEC_HEX("8001 0000000c 00000144",
				      "0002"),
		.rsp = ENGINE_VEC_HEX("8001 0000000a 000001c4"),
	},
	{
		.name = "unknown_cc",
		.fresh = ENGINE_VEC_STARTED,
		.cmd = ENGINE_VEC_HEX("8001 0000000a 00000199"),
		.rsp = ENGINE_VEC_HEX("8001 0000000a 00000143"),
	},
	{
		.name = "get_random_trailing",
		.fresh = ENGINE_VEC_STARTED,
		.cmd = ENGINE_VEC_HEX("8001 0000000d 0000017b",
				      "000800"),
		.rsp = ENGINE_VEC_HEX("8001 0000000a 00000095"),
	},
	{
		.name = "get_random_truncated",
		.fresh = ENGINE_VEC_STARTED,
		.cmd = ENGINE_VEC_HEX("8001 0000000b 0000017b",
				      "00"),
		.rsp = ENGINE_VEC_HEX("8001 0000000a 000001da"),
	},
	{
		.name = "pw_session_no_auth",
		.fresh = ENGINE_VEC_STARTED,
		.cmd = ENGINE_VEC_HEX("8002 00000019 0000017b",
				      "00000009 40000009 00000100 000008"),
		.rsp = ENGINE_VEC_HEX("8001 0000000a 0000098b"),
	},
	{
		.name = "hmac_session_not_loaded",
		.fresh = ENGINE_VEC_STARTED,
		.cmd = ENGINE_VEC_HEX("8002 00000019 0000017b",
				      "00000009 02000000 00000000 000008"),
		.rsp = ENGINE_VEC_HEX("8001 0000000a 00000910"),
	},
	{
		.name = "auth_size_short",
		.fresh = ENGINE_VEC_STARTED,
		.cmd = ENGINE_VEC_HEX("8002 00000019 0000017b",
				      "00000008 40000009 00000100 000008"),
		.rsp = ENGINE_VEC_HEX("8001 0000000a 00000095"),
	},
	{
		.name = "cap_total_commands",
		.fresh = ENGINE_VEC_STARTED,
		.cmd = ENGINE_VEC_HEX("8001 00000016 0000017a",
				      "00000006 00000129 00000001"),
		.rsp = ENGINE_VEC_HEX("8001 0000001b 00000000",
				      "01000000 06000000 01000001 29000000 08"),
	},
	{
		.name = "cap_commands_all",
		.fresh = ENGINE_VEC_STARTED,
		.cmd = ENGINE_VEC_HEX("8001 00000016 0000017a",
				      "00000002 0000011f 00000100"),
		.rsp = ENGINE_VEC_HEX("8001 00000033 00000000",
				      "00000000 02000000 08004001 42004001 43004001 44004001",
				      "45004001 46000001 7a000001 7b000001 7c"),
	},
	{
		.name = "cap_commands_page",
		.fresh = ENGINE_VEC_STARTED,
		.cmd = ENGINE_VEC_HEX("8001 00000016 0000017a",
				      "00000002 00000144 00000002"),
		.rsp = ENGINE_VEC_HEX("8001 0000001b 00000000",
				      "01000000 02000000 02004001 44004001 45"),
	},
	{
		.name = "cap_pcrs",
		.fresh = ENGINE_VEC_STARTED,
		.cmd = ENGINE_VEC_HEX("8001 00000016 0000017a",
				      "00000005 00000000 00000001"),
		.rsp = ENGINE_VEC_HEX("8001 0000001f 00000000",
				      "00000000 05000000 02000403 ffffff00 0b03ffff ff"),
	},
	{
		.name = "cap_fixed_all",
		.fresh = ENGINE_VEC_STARTED,
		.cmd = ENGINE_VEC_HEX("8001 00000016 0000017a",
				      "00000006 00000100 0000007f"),
		.rsp = ENGINE_VEC_HEX("8001 00000183 00000000",
				      "00000000 06000000 2e000001 00322e30 00000001 01000000",
				      "00000001 02000000 9f000001 03000001 38000001 04000007",
				      "e3000001 05485450 4d000001 06687470 6d000001 072d6e65",
				      "74000001 086e7300 00000001 09000000 00000001 0a000000",
				      "01000001 0b000100 00000001 0c000000 00000001 0d000004",
				      "00000001 0e000000 03000001 0f000000 07000001 10000000",
				      "03000001 11000000 40000001 12000000 18000001 13000000",
				      "03000001 140000ff ff000001 16000000 00000001 17000008",
				      "00000001 18000000 06000001 19000010 00000001 1a000000",
				      "0b000001 1b000000 06000001 1c000001 00000001 1d000000",
				      "ff000001 1e000010 00000001 1f000010 00000001 20000000",
				      "40000001 21000005 00000001 22000001 00000001 23000000",
				      "01000001 24000000 00000001 25000000 69000001 26000000",
				      "00000001 27000000 00000001 28000000 00000001 29000000",
				      "08000001 2a000000 08000001 2b000000 00000001 2c000004",
				      "00000001 2d000000 00000001 2e000004 00"),
	},
	{
		.name = "cap_var_all",
		.fresh = ENGINE_VEC_STARTED,
		.cmd = ENGINE_VEC_HEX("8001 00000016 0000017a",
				      "00000006 00000200 0000007f"),
		.rsp = ENGINE_VEC_HEX("8001 000000bb 00000000",
				      "00000000 06000000 15000002 00000000 00000002 01000000",
				      "0f000002 02000000 00000002 03000000 00000002 04000000",
				      "03000002 05000000 00000002 06000000 40000002 07000000",
				      "03000002 08000000 00000002 09000000 07000002 0a000000",
				      "00000002 0b000000 00000002 0c000000 00000002 0d000000",
				      "00000002 0e000000 00000002 0f000000 03000002 10000003",
				      "e8000002 11000003 e8000002 12000000 00000002 13000000",
				      "00000002 14000000 00"),
	},
	{
		.name = "cap_max_digest",
		.fresh = ENGINE_VEC_STARTED,
		.cmd = ENGINE_VEC_HEX("8001 00000016 0000017a",
				      "00000006 00000120 00000001"),
		.rsp = ENGINE_VEC_HEX("8001 0000001b 00000000",
				      "01000000 06000000 01000001 20000000 40"),
	},
	{
		.name = "cap_unsupported",
		.fresh = ENGINE_VEC_STARTED,
		.cmd = ENGINE_VEC_HEX("8001 00000016 0000017a",
				      "00000099 00000000 00000001"),
		.rsp = ENGINE_VEC_HEX("8001 0000000a 000001c4"),
	},
	{
		.name = "cap_pcrs_bad_property",
		.fresh = ENGINE_VEC_STARTED,
		.cmd = ENGINE_VEC_HEX("8001 00000016 0000017a",
				      "00000005 00000001 00000001"),
		.rsp = ENGINE_VEC_HEX("8001 0000000a 000002c4"),
	},
	{
		.name = "self_test_full",
		.fresh = ENGINE_VEC_STARTED,
		.cmd = ENGINE_VEC_HEX("8001 0000000b 00000143",
				      "01"),
		.rsp = ENGINE_VEC_HEX("8001 0000000a 00000000"),
	},
	{
		.name = "incremental_self_test",
		.fresh = ENGINE_VEC_STARTED,
		.cmd = ENGINE_VEC_HEX("8001 00000010 00000142",
				      "00000001 000b"),
		.rsp = ENGINE_VEC_HEX("8001 0000000e 00000000",
				      "00000000"),
	},
	{
		.name = "get_test_result",
		.fresh = ENGINE_VEC_STARTED,
		.cmd = ENGINE_VEC_HEX("8001 0000000a 0000017c"),
		.rsp = ENGINE_VEC_HEX("8001 00000010 00000000",
				      "00000000 0000"),
	},
	{
		.name = "shutdown_state",
		.fresh = ENGINE_VEC_STARTED,
		.cmd = ENGINE_VEC_HEX("8001 0000000c 00000145",
				      "0001"),
		.rsp = ENGINE_VEC_HEX("8001 0000000a 00000000"),
	},
	{
		.name = "stir_random",
		.fresh = ENGINE_VEC_STARTED,
		.cmd = ENGINE_VEC_HEX("8001 0000000f 00000146",
				      "00030102 03"),
		.rsp = ENGINE_VEC_HEX("8001 0000000a 00000000"),
	},
	{
		.name = "startup_again",
		.fresh = ENGINE_VEC_STARTED,
		.cmd = ENGINE_VEC_HEX("8001 0000000c 00000144",
				      "0000"),
		.rsp = ENGINE_VEC_HEX("8001 0000000a 00000100"),
	},
};

#endif /* _HTPM_ENGINE_VECTORS_H */
