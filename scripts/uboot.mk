# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#
# `make run-uboot`: the demo of `make run`, but QEMU starts Debian's U-Boot
# (u-boot-qemu), which starts jhboot with `booti` and hands it the bundle
# as its initrd, as on a board (docs/boot-from-u-boot.md).

.PHONY: run-uboot
run-uboot:
	./scripts/deps.sh
	$(MAKE) all $(DEMO_ROOTFS)
	RUN_UBOOT=1 ./scripts/run-demo.sh
