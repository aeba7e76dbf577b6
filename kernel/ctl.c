// SPDX-License-Identifier: GPL-2.0
/*
 * /dev/htpm: the control device. See uapi/linux/htpm.h for the ABI.
 */

#include <linux/capability.h>
#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <net/net_namespace.h>

#include <linux/htpm.h>

#include "htpm.h"

/* Most ids one LIST copies out; more are counted but not copied. */
#define HTPM_LIST_MAX	65536

static bool htpm_nonzero(const void *p, size_t len)
{
	return memchr_inv(p, 0, len);
}

/* The identity and device numbers that CREATE and INFO both return. */
static void htpm_export_ids(const struct htpm_ltpm_info *info, __u8 *uuid,
			    __u32 *tpm_major, __u32 *tpm_minor,
			    __u32 *tpmrm_major, __u32 *tpmrm_minor)
{
	export_uuid(uuid, &info->uuid);
	*tpm_major = MAJOR(info->tpm_devt);
	*tpm_minor = MINOR(info->tpm_devt);
	*tpmrm_major = MAJOR(info->tpmrm_devt);
	*tpmrm_minor = MINOR(info->tpmrm_devt);
}

static long htpm_ioc_version(void __user *argp)
{
	struct htpm_version v = {
		.abi = HTPM_ABI_VERSION,
		.max_ltpms = htpm_max_ltpms,
		.nr_ltpms = htpm_ltpm_count(),
		.workers = htpm_pool_workers(),
	};

	return copy_to_user(argp, &v, sizeof(v)) ? -EFAULT : 0;
}

static long htpm_ioc_create(void __user *argp)
{
	struct htpm_ltpm_info info;
	struct htpm_create c;
	struct net *net;
	int rc;

	if (copy_from_user(&c, argp, sizeof(c)))
		return -EFAULT;
	if (c.flags || htpm_nonzero(c.reserved, sizeof(c.reserved)))
		return -EINVAL;

	net = get_net_ns_by_fd(c.netns_fd);
	if (IS_ERR(net))
		return PTR_ERR(net);
	rc = htpm_ltpm_create(net, &info);
	put_net(net);
	if (rc)
		return rc;

	c.id = info.id;
	c.tpm_index = info.tpm_index;
	htpm_export_ids(&info, c.uuid, &c.tpm_major, &c.tpm_minor,
			&c.tpmrm_major, &c.tpmrm_minor);
	if (copy_to_user(argp, &c, sizeof(c))) {
		/* Nobody would learn the id: do not leave it behind. */
		htpm_ltpm_destroy_id(info.id);
		return -EFAULT;
	}
	return 0;
}

static long htpm_ioc_destroy(void __user *argp)
{
	struct htpm_destroy d;

	if (copy_from_user(&d, argp, sizeof(d)))
		return -EFAULT;
	if (d.flags || htpm_nonzero(d.reserved, sizeof(d.reserved)))
		return -EINVAL;
	return htpm_ltpm_destroy_id(d.id);
}

static long htpm_ioc_init(void __user *argp)
{
	struct htpm_init in;

	if (copy_from_user(&in, argp, sizeof(in)))
		return -EFAULT;
	if (in.flags || htpm_nonzero(in.reserved, sizeof(in.reserved)))
		return -EINVAL;
	return htpm_ltpm_init_id(in.id);
}

static long htpm_ioc_info(void __user *argp)
{
	struct htpm_ltpm_info info;
	struct htpm_info i;
	struct net *net;
	int rc;

	if (copy_from_user(&i, argp, sizeof(i)))
		return -EFAULT;
	if ((i.flags & ~HTPM_INFO_BY_NETNS) ||
	    htpm_nonzero(i.reserved, sizeof(i.reserved)))
		return -EINVAL;

	if (i.flags & HTPM_INFO_BY_NETNS) {
		net = get_net_ns_by_fd(i.netns_fd);
		if (IS_ERR(net))
			return PTR_ERR(net);
		rc = htpm_ltpm_info_net(net, &info);
		put_net(net);
	} else {
		if (i.netns_fd)
			return -EINVAL;
		rc = htpm_ltpm_info_id(i.id, &info);
	}
	if (rc)
		return rc;

	i.id = info.id;
	i.tpm_index = info.tpm_index;
	htpm_export_ids(&info, i.uuid, &i.tpm_major, &i.tpm_minor,
			&i.tpmrm_major, &i.tpmrm_minor);
	i.netns_ino = info.netns_ino;
	i.commands = info.commands;
	return copy_to_user(argp, &i, sizeof(i)) ? -EFAULT : 0;
}

static long htpm_ioc_list(void __user *argp)
{
	struct htpm_list l;
	u32 *ids = NULL;
	u32 max, n;
	int rc = 0;

	if (copy_from_user(&l, argp, sizeof(l)))
		return -EFAULT;
	if (l.flags || htpm_nonzero(l.reserved, sizeof(l.reserved)))
		return -EINVAL;

	max = min_t(u32, l.count, min_t(u32, htpm_max_ltpms, HTPM_LIST_MAX));
	if (max) {
		ids = kvcalloc(max, sizeof(*ids), GFP_KERNEL);
		if (!ids)
			return -ENOMEM;
	}
	n = htpm_ltpm_list(ids, max);
	if (max && copy_to_user(u64_to_user_ptr(l.ids), ids,
				min(n, max) * sizeof(*ids)))
		rc = -EFAULT;
	kvfree(ids);
	if (rc)
		return rc;

	l.count = n;
	return copy_to_user(argp, &l, sizeof(l)) ? -EFAULT : 0;
}

static long htpm_ctl_ioctl(struct file *file, unsigned int cmd,
			   unsigned long arg)
{
	void __user *argp = (void __user *)arg;

	switch (cmd) {
	case HTPM_IOC_VERSION:
		return htpm_ioc_version(argp);
	case HTPM_IOC_CREATE:
	case HTPM_IOC_DESTROY:
	case HTPM_IOC_INFO:
	case HTPM_IOC_LIST:
	case HTPM_IOC_INIT:
		break;
	default:
		return -ENOTTY;
	}

	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;

	switch (cmd) {
	case HTPM_IOC_CREATE:
		return htpm_ioc_create(argp);
	case HTPM_IOC_DESTROY:
		return htpm_ioc_destroy(argp);
	case HTPM_IOC_INFO:
		return htpm_ioc_info(argp);
	case HTPM_IOC_INIT:
		return htpm_ioc_init(argp);
	default:
		return htpm_ioc_list(argp);
	}
}

static const struct file_operations htpm_ctl_fops = {
	.owner = THIS_MODULE,
	.open = nonseekable_open,
	.unlocked_ioctl = htpm_ctl_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
	.llseek = noop_llseek,
};

static struct miscdevice htpm_ctl_dev = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = HTPM_DEVICE_NAME,
	.fops = &htpm_ctl_fops,
	.mode = 0600,
};

/**
 * htpm_ctl_init() - create /dev/htpm
 *
 * Return: 0 or a negative errno.
 */
int htpm_ctl_init(void)
{
	return misc_register(&htpm_ctl_dev);
}

/**
 * htpm_ctl_exit() - remove /dev/htpm
 */
void htpm_ctl_exit(void)
{
	misc_deregister(&htpm_ctl_dev);
}
