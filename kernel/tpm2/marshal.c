// SPDX-License-Identifier: GPL-2.0
/*
 * Bounds-checked primitives under every TPM type. Unmarshal failures are the
 * format-one codes the TPM 2.0 specification gives: TPM_RC_INSUFFICIENT when
 * the bytes run out, TPM_RC_SIZE when a size field is over its type's limit,
 * TPM_RC_VALUE for a value outside its type.
 */
#include "marshal.h"

/**
 * tpm2_rd_bytes() - take @n bytes
 * @rd: reader
 * @dst: where to copy them, or NULL to skip them
 * @n: bytes
 *
 * Return: TPM_RC_SUCCESS, or TPM_RC_INSUFFICIENT with @rd unchanged.
 */
u32 tpm2_rd_bytes(struct tpm2_rd *rd, void *dst, u32 n)
{
	if (rd->left < n)
		return TPM2E_RC_INSUFFICIENT;
	if (dst && n)
		memcpy(dst, rd->p, n);
	rd->p += n;
	rd->left -= n;
	return TPM2E_RC_SUCCESS;
}

/**
 * tpm2_rd_u8() - unmarshal a big-endian u8
 * @rd: reader
 * @v: the value
 *
 * Return: TPM_RC_SUCCESS, or TPM_RC_INSUFFICIENT with @rd unchanged.
 */
u32 tpm2_rd_u8(struct tpm2_rd *rd, u8 *v)
{
	if (rd->left < 1)
		return TPM2E_RC_INSUFFICIENT;
	*v = rd->p[0];
	rd->p++;
	rd->left--;
	return TPM2E_RC_SUCCESS;
}

/**
 * tpm2_rd_u16() - unmarshal a big-endian u16
 * @rd: reader
 * @v: the value
 *
 * Return: TPM_RC_SUCCESS, or TPM_RC_INSUFFICIENT with @rd unchanged.
 */
u32 tpm2_rd_u16(struct tpm2_rd *rd, u16 *v)
{
	if (rd->left < 2)
		return TPM2E_RC_INSUFFICIENT;
	*v = get_unaligned_be16(rd->p);
	rd->p += 2;
	rd->left -= 2;
	return TPM2E_RC_SUCCESS;
}

/**
 * tpm2_rd_u32() - unmarshal a big-endian u32
 * @rd: reader
 * @v: the value
 *
 * Return: TPM_RC_SUCCESS, or TPM_RC_INSUFFICIENT with @rd unchanged.
 */
u32 tpm2_rd_u32(struct tpm2_rd *rd, u32 *v)
{
	if (rd->left < 4)
		return TPM2E_RC_INSUFFICIENT;
	*v = get_unaligned_be32(rd->p);
	rd->p += 4;
	rd->left -= 4;
	return TPM2E_RC_SUCCESS;
}

/**
 * tpm2_rd_u64() - unmarshal a big-endian u64
 * @rd: reader
 * @v: the value
 *
 * Return: TPM_RC_SUCCESS, or TPM_RC_INSUFFICIENT with @rd unchanged.
 */
u32 tpm2_rd_u64(struct tpm2_rd *rd, u64 *v)
{
	if (rd->left < 8)
		return TPM2E_RC_INSUFFICIENT;
	*v = get_unaligned_be64(rd->p);
	rd->p += 8;
	rd->left -= 8;
	return TPM2E_RC_SUCCESS;
}

/**
 * tpm2_rd_split() - cut the next @n bytes off into their own reader
 * @rd: reader; advanced past the @n bytes
 * @n: bytes
 * @sub: new reader over them
 *
 * Return: TPM_RC_SUCCESS, or TPM_RC_INSUFFICIENT with @rd unchanged.
 */
u32 tpm2_rd_split(struct tpm2_rd *rd, u32 n, struct tpm2_rd *sub)
{
	if (rd->left < n)
		return TPM2E_RC_INSUFFICIENT;
	tpm2_rd_init(sub, rd->p, n);
	rd->p += n;
	rd->left -= n;
	return TPM2E_RC_SUCCESS;
}

/**
 * tpm2_rd_sized() - the structure inside a sized TPM2B (TPM2B_PUBLIC...)
 * @rd: reader; advanced past the TPM2B
 * @sub: new reader over exactly the structure
 *
 * Return: TPM_RC_SUCCESS; TPM_RC_SIZE for a size of 0 (the structure is
 * required), TPM_RC_INSUFFICIENT when the bytes run out.
 */
u32 tpm2_rd_sized(struct tpm2_rd *rd, struct tpm2_rd *sub)
{
	u16 size;
	u32 rc;

	rc = tpm2_rd_u16(rd, &size);
	if (rc)
		return rc;
	if (!size)
		return TPM2E_RC_SIZE;
	return tpm2_rd_split(rd, size, sub);
}

/**
 * tpm2_rd_tpm2b() - unmarshal a TPM2B: a 16-bit size, then that many bytes
 * @rd: reader
 * @dst: buffer of @max bytes
 * @max: largest size the TPM2B type allows
 * @size: the size read
 *
 * Return: TPM_RC_SUCCESS, TPM_RC_SIZE when the size is over @max, or
 * TPM_RC_INSUFFICIENT when the bytes run out.
 */
u32 tpm2_rd_tpm2b(struct tpm2_rd *rd, u8 *dst, u16 max, u16 *size)
{
	u32 rc;
	u16 n;

	rc = tpm2_rd_u16(rd, &n);
	if (rc)
		return rc;
	if (n > max)
		return TPM2E_RC_SIZE;
	rc = tpm2_rd_bytes(rd, dst, n);
	if (rc)
		return rc;
	*size = n;
	return TPM2E_RC_SUCCESS;
}

/**
 * tpm2_rd_yes_no() - unmarshal a TPMI_YES_NO
 * @rd: reader
 * @v: 0 or 1
 *
 * Return: TPM_RC_SUCCESS, TPM_RC_INSUFFICIENT, or TPM_RC_VALUE for any
 * other byte.
 */
u32 tpm2_rd_yes_no(struct tpm2_rd *rd, u8 *v)
{
	u32 rc;

	rc = tpm2_rd_u8(rd, v);
	if (rc)
		return rc;
	return *v > 1 ? TPM2E_RC_VALUE : TPM2E_RC_SUCCESS;
}

static u8 *tpm2_wr_room(struct tpm2_wr *wr, u32 n)
{
	u8 *p;

	if (wr->overflow || wr->max - wr->len < n) {
		wr->overflow = true;
		return NULL;
	}
	p = wr->buf + wr->len;
	wr->len += n;
	return p;
}

/**
 * tpm2_wr_u8() - marshal a big-endian u8
 * @wr: writer; marked overflowed when the value does not fit
 * @v: the value
 */
void tpm2_wr_u8(struct tpm2_wr *wr, u8 v)
{
	u8 *p = tpm2_wr_room(wr, 1);

	if (p)
		*p = v;
}

/**
 * tpm2_wr_u16() - marshal a big-endian u16
 * @wr: writer; marked overflowed when the value does not fit
 * @v: the value
 */
void tpm2_wr_u16(struct tpm2_wr *wr, u16 v)
{
	u8 *p = tpm2_wr_room(wr, 2);

	if (p)
		put_unaligned_be16(v, p);
}

/**
 * tpm2_wr_u32() - marshal a big-endian u32
 * @wr: writer; marked overflowed when the value does not fit
 * @v: the value
 */
void tpm2_wr_u32(struct tpm2_wr *wr, u32 v)
{
	u8 *p = tpm2_wr_room(wr, 4);

	if (p)
		put_unaligned_be32(v, p);
}

/**
 * tpm2_wr_u64() - marshal a big-endian u64
 * @wr: writer; marked overflowed when the value does not fit
 * @v: the value
 */
void tpm2_wr_u64(struct tpm2_wr *wr, u64 v)
{
	u8 *p = tpm2_wr_room(wr, 8);

	if (p)
		put_unaligned_be64(v, p);
}

/**
 * tpm2_wr_bytes() - marshal raw bytes
 * @wr: writer; marked overflowed when they do not fit
 * @src: bytes
 * @n: how many
 */
void tpm2_wr_bytes(struct tpm2_wr *wr, const void *src, u32 n)
{
	u8 *p = tpm2_wr_room(wr, n);

	if (p && n)
		memcpy(p, src, n);
}

/**
 * tpm2_wr_tpm2b() - marshal a TPM2B: a 16-bit size, then the bytes
 * @wr: writer
 * @src: bytes
 * @size: how many
 */
void tpm2_wr_tpm2b(struct tpm2_wr *wr, const u8 *src, u16 size)
{
	tpm2_wr_u16(wr, size);
	tpm2_wr_bytes(wr, src, size);
}

/**
 * tpm2_wr_patch_u32() - fill in a 32-bit field written earlier
 * @wr: writer
 * @at: offset of the field, as @wr->len was before it was written
 * @v: value
 */
void tpm2_wr_patch_u32(struct tpm2_wr *wr, u32 at, u32 v)
{
	if (at <= wr->len && wr->len - at >= 4)
		put_unaligned_be32(v, wr->buf + at);
}
