/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The few functions of the kernel TPM core that htpm uses but that the
 * public <linux/tpm.h> does not declare: their prototypes live in the
 * private drivers/char/tpm/tpm.h, which kernel header packages do not ship.
 * All are EXPORT_SYMBOL_GPL.
 *
 * Checked against: Linux 6.1 (Debian 6.1.0-56, drivers/char/tpm/tpm.h).
 * Recheck these prototypes when supporting another kernel series.
 */
#ifndef _HTPM_TPM_CORE_H
#define _HTPM_TPM_CORE_H

#include <linux/tpm.h>

struct tpm_chip *tpm_chip_alloc(struct device *pdev,
				const struct tpm_class_ops *ops);
int tpm_chip_register(struct tpm_chip *chip);
void tpm_chip_unregister(struct tpm_chip *chip);

#endif /* _HTPM_TPM_CORE_H */
