# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#
# Supervised mode (docs/supervised-mode.md):
#   make run-supervised   the QEMU demo (scripts/run-supervised.sh): jhboot
#                         stays the root cell, restarts a crashing demo
#                         cell; with JAILHOUSE_DIR also a Linux cell with
#                         jhctl
# The Linux cell's DT, and jhctl plus the cell's first process in the demo
# initramfs (scripts/mkinitramfs.sh extra SRC:DEST arguments).

LINUX_CELL_DTB := $(B)/configs/qemu-virt/linux-cell.dtb

$(LINUX_CELL_DTB): configs/qemu-virt/linux-cell.dts
	@mkdir -p $(dir $@)
	dtc -q -I dts -O dtb -o $@ $<

ALL_TARGETS += $(LINUX_CELL_DTB)

# (jhctl.mk is read after this file: name build/jhctl directly)
$(DEMO_ROOTFS): $(B)/jhctl tools/jhctl/jhboot-cell-init
DEMO_ROOTFS_EXTRA += $(B)/jhctl:/bin/jhctl \
	tools/jhctl/jhboot-cell-init:/sbin/jhboot-cell-init

.PHONY: run-supervised
run-supervised:
	./scripts/deps.sh
	$(MAKE) all $(DEMO_ROOTFS)
	./scripts/run-supervised.sh
