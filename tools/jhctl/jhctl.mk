# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#
# tools/jhctl: build/jhctl, a static aarch64 Linux program without a C
# library (raw system calls), for Linux cells in supervised mode
# (docs/supervised-mode.md). The supervised demo's initramfs ships it as
# /bin/jhctl (scripts/supervise.mk).

JHCTL := $(B)/jhctl
# No SIMD and no unaligned accesses: the mailbox is Device memory.
JHCTL_CFLAGS := $(WARN) -Os -g -ffreestanding -nostdinc \
	-isystem $(FW_GCC_INC) -Iinclude -fno-stack-protector -fno-builtin \
	-fno-tree-loop-distribute-patterns -mgeneral-regs-only -mstrict-align \
	-fno-pie -fno-asynchronous-unwind-tables
JHCTL_LDFLAGS := -nostdlib -static -no-pie -Wl,--build-id=none

$(JHCTL): tools/jhctl/jhctl.c include/abi/jhboot_mailbox.h \
		include/common/parse_num.h
	@mkdir -p $(dir $@)
	$(CC_FW) $(JHCTL_CFLAGS) $(JHCTL_LDFLAGS) $< -o $@

.PHONY: jhctl
jhctl: $(JHCTL)

ALL_TARGETS += $(JHCTL)
