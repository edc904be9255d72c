# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#
# inmates/demo: the bare-metal demo inmate, linked at 0 in cell space and
# turned into the raw image build/inmates/demo.bin (docs/demo-inmate.md).

DEMO_DIR := inmates/demo
DEMO_OUT := $(B)/inmates/demo
DEMO_OBJ := $(DEMO_OUT)/head.o $(DEMO_OUT)/demo.o
# MMU off in the cell: Device memory, so no unaligned accesses and no
# FP/SIMD (memcpy-style vector code) anywhere.
DEMO_CFLAGS := $(WARN) -O2 -g -ffreestanding -nostdinc \
	-isystem $(FW_GCC_INC) -Iinclude -fno-stack-protector -fno-pic \
	-fno-pie -mcmodel=small -mstrict-align -mgeneral-regs-only \
	-fno-common -fno-builtin
DEMO_ASFLAGS := -g -D__ASSEMBLY__ -Iinclude

$(DEMO_OUT)/%.o: $(DEMO_DIR)/%.c
	@mkdir -p $(dir $@)
	$(CC_FW) $(DEMO_CFLAGS) -MMD -MP -c $< -o $@

$(DEMO_OUT)/%.o: $(DEMO_DIR)/%.S
	@mkdir -p $(dir $@)
	$(CC_FW) $(DEMO_ASFLAGS) -MMD -MP -c $< -o $@

$(B)/inmates/demo.elf: $(DEMO_OBJ) $(DEMO_DIR)/demo.lds
	$(LD_FW) -nostdlib -static -no-pie --no-warn-rwx-segments \
		-T $(DEMO_DIR)/demo.lds $(DEMO_OBJ) -o $@

$(B)/inmates/demo.bin: $(B)/inmates/demo.elf
	$(OBJCOPY_FW) -O binary $< $@

.PHONY: demo
demo: $(B)/inmates/demo.bin

ALL_TARGETS += $(B)/inmates/demo.bin

-include $(DEMO_OBJ:.o=.d)
