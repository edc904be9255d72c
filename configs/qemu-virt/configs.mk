# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#
# configs/qemu-virt: each NAME.c is a Jailhouse config as C data; it is
# compiled for aarch64 and its .rodata becomes build/configs/qemu-virt/
# NAME.cell. The build fails when the binary is not exactly as long as the
# header's counts say (jhboot-config size), i.e. when the struct in the .c
# file and its counts disagree or the section holds anything else.

QV_SRC := $(wildcard configs/qemu-virt/*.c)
QV_OUT := $(B)/configs/qemu-virt
QV_CELLS := $(patsubst configs/qemu-virt/%.c,$(QV_OUT)/%.cell,$(QV_SRC))
QV_CFLAGS := $(WARN) -O2 -ffreestanding -nostdinc -isystem $(FW_GCC_INC) \
	-Iinclude -fno-common -fno-pic -fno-data-sections

$(QV_OUT)/%.o: configs/qemu-virt/%.c include/abi/jailhouse_config.h
	@mkdir -p $(dir $@)
	$(CC_FW) $(QV_CFLAGS) -c $< -o $@

$(QV_OUT)/%.cell: $(QV_OUT)/%.o $(B)/bin/jhboot-config
	$(OBJCOPY_FW) -O binary -j .rodata $< $@.tmp
	@have=$$(stat -c %s $@.tmp); \
	want=$$($(B)/bin/jhboot-config size $@.tmp) || { rm -f $@.tmp; exit 1; }; \
	if [ "$$have" != "$$want" ]; then \
		echo "$@: .rodata is $$have bytes, the config header says $$want" >&2; \
		rm -f $@.tmp; exit 1; \
	fi
	@mv $@.tmp $@

.PHONY: configs
configs: $(QV_CELLS)

ALL_TARGETS += $(QV_CELLS)

.SECONDARY: $(QV_CELLS:.cell=.o)
