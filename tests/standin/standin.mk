# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#
# The stand-in hypervisor (test fixture, see docs/standin.md):
# build/standin.bin. The image must be position independent, so it is
# linked at two bases and the two raw binaries must be identical.

STANDIN_DIR := tests/standin
STANDIN_OBJ := $(patsubst $(STANDIN_DIR)/%,$(B)/standin/%.o,\
	$(wildcard $(STANDIN_DIR)/*.c) $(STANDIN_DIR)/head.S)
STANDIN_CFLAGS := $(WARN) -O2 -g -ffreestanding -nostdinc \
	-isystem $(FW_GCC_INC) -Iinclude -mgeneral-regs-only -mstrict-align \
	-fno-pic -fno-pie -mcmodel=small -fno-stack-protector -fno-common \
	-fno-tree-loop-distribute-patterns -fno-builtin
STANDIN_LDFLAGS := -nostdlib -static -no-pie --no-warn-rwx-segments \
	-T $(STANDIN_DIR)/standin.lds
# Any two page-aligned bases do; the second is QEMU's hypervisor memory.
STANDIN_BASE_A := 0x0
STANDIN_BASE_B := 0x7fc00000

ALL_TARGETS += $(B)/standin.bin
.SECONDARY: $(STANDIN_OBJ) $(B)/standin/standin-A.elf \
	$(B)/standin/standin-B.elf

$(B)/standin/%.c.o: $(STANDIN_DIR)/%.c
	@mkdir -p $(dir $@)
	$(CC_FW) $(STANDIN_CFLAGS) -MMD -MP -c $< -o $@

$(B)/standin/%.S.o: $(STANDIN_DIR)/%.S
	@mkdir -p $(dir $@)
	$(CC_FW) -g -MMD -MP -c $< -o $@

$(B)/standin/standin-%.elf: $(STANDIN_OBJ) $(STANDIN_DIR)/standin.lds
	$(LD_FW) $(STANDIN_LDFLAGS) --defsym=STANDIN_BASE=$(STANDIN_BASE_$*) \
		-o $@ $(STANDIN_OBJ)

$(B)/standin/standin-%.bin: $(B)/standin/standin-%.elf
	$(OBJCOPY_FW) -O binary $< $@

$(B)/standin.bin: $(B)/standin/standin-A.bin $(B)/standin/standin-B.bin
	@cmp $^ || { echo "standin: image is not position independent" \
		"(links at $(STANDIN_BASE_A) and $(STANDIN_BASE_B) differ)"; \
		exit 1; }
	cp $< $@

-include $(wildcard $(B)/standin/*.d)
