/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Parameters and results of each command, and its three steps: unmarshal
 * the parameters, execute, marshal the results. Grouped as TPM 2.0 Part 3
 * groups them; the command table in dispatch.c ties them together.
 */
#ifndef _HTPM_TPM2_COMMANDS_H
#define _HTPM_TPM2_COMMANDS_H

#include "marshal.h"

struct tpm2_engine;
struct tpm2_cmd;

/* Part 3 chapter 9: Start-up */
struct tpm2_startup_in {
	u16 startup_type;
};

struct tpm2_shutdown_in {
	u16 shutdown_type;
};

/* Part 3 chapter 10: Testing */
struct tpm2_self_test_in {
	u8 full_test;
};

struct tpm2_alg_list {
	u32 count;
	u16 algs[TPM2E_MAX_ALG_LIST_SIZE];
};

struct tpm2_get_test_result_out {
	u16 out_size;
	u32 test_result;
};

/* Part 3 chapter 16: Random Number Generator */
struct tpm2_get_random_in {
	u16 bytes_requested;
};

struct tpm2_get_random_out {
	u16 size;
	u8 bytes[TPM2E_MAX_DIGEST_SIZE];
};

struct tpm2_stir_random_in {
	u16 size;
	u8 data[TPM2E_MAX_SYM_DATA];
};

/* Part 3 chapter 30: Capability Commands */
struct tpm2_get_capability_in {
	u32 capability;
	u32 property;
	u32 property_count;
};

struct tpm2_tagged_property {
	u32 property;
	u32 value;
};

struct tpm2_pcr_selection {
	u16 hash;
	u8 size_of_select;
	u8 select[TPM2E_PCR_SELECT_SIZE];
};

struct tpm2_get_capability_out {
	u8 more_data;
	u32 capability;
	u32 count;
	union {
		u32 command_attrs[TPM2E_MAX_CAP_CC];
		struct tpm2_tagged_property props[TPM2E_MAX_TPM_PROPERTIES];
		struct tpm2_pcr_selection pcrs[TPM2E_PCR_BANKS];
	};
};

union tpm2_cmd_in {
	struct tpm2_startup_in startup;
	struct tpm2_shutdown_in shutdown;
	struct tpm2_self_test_in self_test;
	struct tpm2_alg_list incremental_self_test;
	struct tpm2_get_random_in get_random;
	struct tpm2_stir_random_in stir_random;
	struct tpm2_get_capability_in get_capability;
};

union tpm2_cmd_out {
	struct tpm2_alg_list incremental_self_test;
	struct tpm2_get_test_result_out get_test_result;
	struct tpm2_get_random_out get_random;
	struct tpm2_get_capability_out get_capability;
};

u32 tpm2_startup_unmarshal(struct tpm2_rd *rd, union tpm2_cmd_in *in);
u32 tpm2_startup_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
		      const union tpm2_cmd_in *in, union tpm2_cmd_out *out);

u32 tpm2_shutdown_unmarshal(struct tpm2_rd *rd, union tpm2_cmd_in *in);
u32 tpm2_shutdown_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
		       const union tpm2_cmd_in *in, union tpm2_cmd_out *out);

u32 tpm2_self_test_unmarshal(struct tpm2_rd *rd, union tpm2_cmd_in *in);
u32 tpm2_self_test_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
			const union tpm2_cmd_in *in, union tpm2_cmd_out *out);

u32 tpm2_incremental_self_test_unmarshal(struct tpm2_rd *rd, union tpm2_cmd_in *in);
u32 tpm2_incremental_self_test_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
				    const union tpm2_cmd_in *in, union tpm2_cmd_out *out);
void tpm2_incremental_self_test_marshal(const union tpm2_cmd_out *out,
					struct tpm2_wr *wr);

u32 tpm2_get_test_result_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
			      const union tpm2_cmd_in *in, union tpm2_cmd_out *out);
void tpm2_get_test_result_marshal(const union tpm2_cmd_out *out,
				  struct tpm2_wr *wr);

u32 tpm2_get_random_unmarshal(struct tpm2_rd *rd, union tpm2_cmd_in *in);
u32 tpm2_get_random_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
			 const union tpm2_cmd_in *in, union tpm2_cmd_out *out);
void tpm2_get_random_marshal(const union tpm2_cmd_out *out,
			     struct tpm2_wr *wr);

u32 tpm2_stir_random_unmarshal(struct tpm2_rd *rd, union tpm2_cmd_in *in);
u32 tpm2_stir_random_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
			  const union tpm2_cmd_in *in, union tpm2_cmd_out *out);

u32 tpm2_get_capability_unmarshal(struct tpm2_rd *rd, union tpm2_cmd_in *in);
u32 tpm2_get_capability_exec(struct tpm2_engine *e, struct tpm2_cmd *c,
			     const union tpm2_cmd_in *in, union tpm2_cmd_out *out);
void tpm2_get_capability_marshal(const union tpm2_cmd_out *out,
				 struct tpm2_wr *wr);

#endif /* _HTPM_TPM2_COMMANDS_H */
