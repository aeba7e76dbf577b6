// SPDX-License-Identifier: GPL-2.0
/*
 * Block cipher modes over the platform's AES block operation. CFB is the
 * TPM's mode for context blobs and parameter encryption.
 */
#include "engine_int.h"

/**
 * tpm2_aes_cfb() - AES in full-block CFB mode, in place
 * @aes: expanded key
 * @iv: initial vector, TPM2_PLAT_AES_BLOCK bytes; left as the chaining
 *	value after the last full block, as TPM 2.0 Part 1's CFB defines it
 * @buf: data, encrypted or decrypted in place
 * @len: bytes in @buf; the last block may be partial
 * @encrypt: encrypt, else decrypt
 */
void tpm2_aes_cfb(const struct tpm2_plat_aes *aes, u8 *iv, u8 *buf, u32 len,
		  bool encrypt)
{
	u8 ks[TPM2_PLAT_AES_BLOCK];
	u32 n, i;

	while (len) {
		n = min_t(u32, len, TPM2_PLAT_AES_BLOCK);
		tpm2_plat_aes_encrypt(aes, ks, iv);
		for (i = 0; i < n; i++) {
			u8 c = encrypt ? buf[i] ^ ks[i] : buf[i];

			if (!encrypt)
				buf[i] ^= ks[i];
			else
				buf[i] = c;
			iv[i] = c;
		}
		buf += n;
		len -= n;
	}
	tpm2_plat_zeroize(ks, sizeof(ks));
}

/* The next counter block: a 128-bit big-endian increment */
static void tpm2_ctr_inc(u8 *ctr)
{
	int i;

	for (i = TPM2_PLAT_AES_BLOCK - 1; i >= 0; i--)
		if (++ctr[i])
			break;
}

/**
 * tpm2_aes_mode() - AES in one of the TPM's block cipher modes, in place
 * @aes: expanded key
 * @mode: TPM_ALG_CFB, CBC, ECB, OFB or CTR
 * @iv: TPM2_PLAT_AES_BLOCK bytes (ignored for ECB); left as the value to
 *	continue with: the last ciphertext block (CBC, CFB), the last
 *	keystream block (OFB), the next counter (CTR)
 * @buf: data
 * @len: bytes in @buf; a multiple of the block size for CBC and ECB
 * @encrypt: encrypt, else decrypt
 *
 * Return: 0, or -EINVAL for an unknown mode or a partial CBC/ECB block.
 */
int tpm2_aes_mode(const struct tpm2_plat_aes *aes, u16 mode, u8 *iv,
		  u8 *buf, u32 len, bool encrypt)
{
	u8 ks[TPM2_PLAT_AES_BLOCK], c[TPM2_PLAT_AES_BLOCK];
	u32 n, i;

	if ((mode == TPM2E_ALG_CBC || mode == TPM2E_ALG_ECB) &&
	    len % TPM2_PLAT_AES_BLOCK)
		return -EINVAL;
	switch (mode) {
	case TPM2E_ALG_CFB:
		tpm2_aes_cfb(aes, iv, buf, len, encrypt);
		return 0;
	case TPM2E_ALG_CBC:
	case TPM2E_ALG_ECB:
	case TPM2E_ALG_OFB:
	case TPM2E_ALG_CTR:
		break;
	default:
		return -EINVAL;
	}
	for (; len; buf += n, len -= n) {
		n = min_t(u32, len, TPM2_PLAT_AES_BLOCK);
		switch (mode) {
		case TPM2E_ALG_ECB:
			if (encrypt)
				tpm2_plat_aes_encrypt(aes, buf, buf);
			else
				tpm2_plat_aes_decrypt(aes, buf, buf);
			break;
		case TPM2E_ALG_CBC:
			if (encrypt) {
				for (i = 0; i < n; i++)
					buf[i] ^= iv[i];
				tpm2_plat_aes_encrypt(aes, buf, buf);
				memcpy(iv, buf, n);
			} else {
				memcpy(c, buf, n);
				tpm2_plat_aes_decrypt(aes, buf, buf);
				for (i = 0; i < n; i++)
					buf[i] ^= iv[i];
				memcpy(iv, c, n);
			}
			break;
		case TPM2E_ALG_OFB:
			tpm2_plat_aes_encrypt(aes, iv, iv);
			for (i = 0; i < n; i++)
				buf[i] ^= iv[i];
			break;
		default:
			tpm2_plat_aes_encrypt(aes, ks, iv);
			tpm2_ctr_inc(iv);
			for (i = 0; i < n; i++)
				buf[i] ^= ks[i];
			break;
		}
	}
	tpm2_plat_zeroize(ks, sizeof(ks));
	tpm2_plat_zeroize(c, sizeof(c));
	return 0;
}
