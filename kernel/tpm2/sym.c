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
