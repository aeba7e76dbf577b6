# SPDX-License-Identifier: GPL-2.0
#
# make            build htpm.ko and userspace/htpmctl
# make check      install what is missing, run every test (KUnit, userspace,
#                 QEMU guest); ends with "N passed, N failed"
# make demo       boot the test kernel, give three containers their own TPM
# make bench      htpm against swtpm + tpm_vtpm_proxy in one QEMU guest; prints a table
# make checkpatch checkpatch.pl --strict on kernel/ and uapi/
# make sparse     the module built with sparse (C=1)

# Kernel to build against: the running one if it has headers, else the
# newest installed /lib/modules/*/build.
KDIR ?= $(shell d=/lib/modules/$$(uname -r)/build; \
	  if [ -d $$d ]; then echo $$d; else \
	  ls -d /lib/modules/*/build 2>/dev/null | sort -V | tail -n1; fi)

# Cache for expensive test artefacts (rootfs image, KUnit build).
HTPM_CACHE ?= /var/cache/htpm
export KDIR HTPM_CACHE

.PHONY: all module userspace check demo bench checkpatch sparse clean

all: module userspace

module:
	@test -n "$(KDIR)" -a -d "$(KDIR)" || \
		{ echo "htpm: no kernel build tree; install linux-headers or set KDIR" >&2; exit 1; }
	$(MAKE) -C $(KDIR) M=$(CURDIR) modules

userspace:
	$(MAKE) -C userspace

check:
	bash selftests/check.sh

demo:
	bash selftests/demo.sh

bench:
	bash selftests/bench.sh

checkpatch:
	bash selftests/checkpatch.sh

sparse:
	$(MAKE) -C $(KDIR) M=$(CURDIR) C=2 modules

clean:
	-$(MAKE) -C $(KDIR) M=$(CURDIR) clean
	$(MAKE) -C userspace clean
