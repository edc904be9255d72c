# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#
# `make run`: the QEMU demo (scripts/run-demo.sh). jhboot boots the real
# Jailhouse when JAILHOUSE_DIR points at an upstream build tree, otherwise
# the stand-in test fixture (no isolation), starts the demo cell on CPU 3
# and then Debian's kernel with a busybox shell on CPUs 0-2.
# Ctrl-A X quits QEMU.

DEMO_ROOTFS := $(B)/demo/rootfs.cpio.gz

# The initramfs of the demo and of the e2e tests (tests/rootfs/init).
$(DEMO_ROOTFS): tests/rootfs/init scripts/mkinitramfs.sh $(CACHE)/busybox
	@mkdir -p $(dir $@)
	./scripts/mkinitramfs.sh $(CACHE)/busybox $@ $(DEMO_ROOTFS_EXTRA)

$(CACHE)/busybox $(CACHE)/Image:
	./scripts/deps.sh

run:
	./scripts/deps.sh
	$(MAKE) all $(DEMO_ROOTFS)
	./scripts/run-demo.sh
