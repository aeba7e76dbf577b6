/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Bounds-checked reading of untrusted TPM bytes and writing of responses.
 * A reader never reads past its end; a writer never writes past its end and
 * remembers that it overflowed instead.
 */
#ifndef _HTPM_TPM2_MARSHAL_H
#define _HTPM_TPM2_MARSHAL_H

#include "tpm2_types.h"

/**
 * struct tpm2_rd - cursor over bytes being unmarshaled
 * @p: next byte
 * @left: bytes left
 */
struct tpm2_rd {
	const u8 *p;
	u32 left;
};

/**
 * struct tpm2_wr - cursor over a buffer being marshaled into
 * @buf: start of the buffer
 * @len: bytes written
 * @max: size of @buf
 * @overflow: a write did not fit; @len stopped growing
 */
struct tpm2_wr {
	u8 *buf;
	u32 len;
	u32 max;
	bool overflow;
};

static inline void tpm2_rd_init(struct tpm2_rd *rd, const u8 *buf, u32 len)
{
	rd->p = buf;
	rd->left = len;
}

static inline void tpm2_wr_init(struct tpm2_wr *wr, u8 *buf, u32 max)
{
	wr->buf = buf;
	wr->len = 0;
	wr->max = max;
	wr->overflow = false;
}

/* Attach the position of a format-one error to a non-zero response code. */
static inline u32 tpm2_rc_param(u32 rc, unsigned int n)
{
	return rc ? rc + TPM2E_RC_P + TPM2E_RC_N(n) : rc;
}

static inline u32 tpm2_rc_handle(u32 rc, unsigned int n)
{
	return rc ? rc + TPM2E_RC_H + TPM2E_RC_N(n) : rc;
}

static inline u32 tpm2_rc_session(u32 rc, unsigned int n)
{
	return rc ? rc + TPM2E_RC_S + TPM2E_RC_N(n) : rc;
}

u32 tpm2_rd_u8(struct tpm2_rd *rd, u8 *v);
u32 tpm2_rd_u16(struct tpm2_rd *rd, u16 *v);
u32 tpm2_rd_u32(struct tpm2_rd *rd, u32 *v);
u32 tpm2_rd_u64(struct tpm2_rd *rd, u64 *v);
u32 tpm2_rd_bytes(struct tpm2_rd *rd, void *dst, u32 n);
u32 tpm2_rd_split(struct tpm2_rd *rd, u32 n, struct tpm2_rd *sub);
u32 tpm2_rd_sized(struct tpm2_rd *rd, struct tpm2_rd *sub);
u32 tpm2_rd_tpm2b(struct tpm2_rd *rd, u8 *dst, u16 max, u16 *size);
u32 tpm2_rd_yes_no(struct tpm2_rd *rd, u8 *v);

void tpm2_wr_u8(struct tpm2_wr *wr, u8 v);
void tpm2_wr_u16(struct tpm2_wr *wr, u16 v);
void tpm2_wr_u32(struct tpm2_wr *wr, u32 v);
void tpm2_wr_u64(struct tpm2_wr *wr, u64 v);
void tpm2_wr_bytes(struct tpm2_wr *wr, const void *src, u32 n);
void tpm2_wr_tpm2b(struct tpm2_wr *wr, const u8 *src, u16 size);
void tpm2_wr_patch_u32(struct tpm2_wr *wr, u32 at, u32 v);

#endif /* _HTPM_TPM2_MARSHAL_H */
