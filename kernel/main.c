// SPDX-License-Identifier: GPL-2.0
/*
 * htpm: a TPM 2.0 for every network namespace, executed in the kernel.
 *
 * Module init and exit, and the module parameters.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/moduleparam.h>

#include "htpm.h"

static unsigned int workers;
module_param(workers, uint, 0444);
MODULE_PARM_DESC(workers, "worker threads executing TPM commands, and as many for key generation (default: one per online CPU)");

unsigned int htpm_max_ltpms = 1024;
module_param_named(max_ltpms, htpm_max_ltpms, uint, 0644);
MODULE_PARM_DESC(max_ltpms, "most LTPMs alive at once (default 1024)");

unsigned int htpm_nv_quota = 32768;
module_param_named(nv_quota, htpm_nv_quota, uint, 0644);
MODULE_PARM_DESC(nv_quota, "bytes of NV storage each new LTPM's indices may take (default 32768)");

static char *root_key;
module_param(root_key, charp, 0444);
MODULE_PARM_DESC(root_key, "logon or encrypted keyring key holding the root secret (default: random root per load)");

/* The TPM core numbers chips below this; leave room for hardware TPMs. */
#define HTPM_MAX_LTPMS_LIMIT	65000
#define HTPM_MAX_WORKERS	1024

static int __init htpm_init(void)
{
	int rc;

	if (workers > HTPM_MAX_WORKERS ||
	    !htpm_max_ltpms || htpm_max_ltpms > HTPM_MAX_LTPMS_LIMIT) {
		pr_err("workers must be <= %u and max_ltpms in 1..%u\n",
		       HTPM_MAX_WORKERS, HTPM_MAX_LTPMS_LIMIT);
		return -EINVAL;
	}

	rc = htpm_root_init(root_key);
	if (rc)
		return rc;
	rc = htpm_chip_init();
	if (rc)
		goto err_root;
	rc = htpm_pool_init(workers);
	if (rc)
		goto err_chip;
	rc = htpm_ltpm_init();
	if (rc)
		goto err_pool;
	rc = htpm_ctl_init();
	if (rc)
		goto err_ltpm;

	pr_info("ready: %u workers, up to %u LTPMs\n", htpm_pool_workers(),
		htpm_max_ltpms);
	return 0;

err_ltpm:
	htpm_ltpm_exit();
err_pool:
	htpm_pool_exit();
err_chip:
	htpm_chip_exit();
err_root:
	htpm_root_exit();
	return rc;
}

static void __exit htpm_exit(void)
{
	/* No new LTPMs; then every LTPM goes, as if its namespace exited. */
	htpm_ctl_exit();
	htpm_ltpm_exit();
	/* Workers finish what is queued; the last requests free the LTPMs. */
	htpm_pool_exit();
	htpm_chip_exit();
	htpm_root_exit();
}

module_init(htpm_init);
module_exit(htpm_exit);

MODULE_LICENSE("GPL");
MODULE_AUTHOR("htpm developers");
MODULE_DESCRIPTION("Logical TPM 2.0 devices, one per network namespace, executed in the kernel");
MODULE_VERSION("0.1");
