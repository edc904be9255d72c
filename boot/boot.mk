# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#
# The firmware: build/jhboot.bin, an arm64 Image (static PIE).

BOOT_C := $(wildcard boot/common/*.c boot/libc/*.c boot/plat/*/*.c)
BOOT_S := $(wildcard boot/arch/aarch64/*.S)
BOOT_OBJ := $(patsubst %.c,$(B)/fw/%.o,$(BOOT_C)) \
	$(patsubst %.S,$(B)/fw/%.o,$(BOOT_S)) $(LIB_FW_OBJ)
FW_INC := $(B)/fw/include
FW_CFLAGS += -I$(FW_INC) -Iboot/arch/aarch64/include -Iboot/common

# Debian's libfdt headers, copied next to our own libc headers so that no
# host header is seen by the firmware build.
$(FW_INC)/libfdt.h: /usr/include/libfdt.h
	@mkdir -p $(dir $@)
	cp /usr/include/libfdt.h /usr/include/fdt.h /usr/include/libfdt_env.h \
		$(dir $@)

$(BOOT_OBJ): $(FW_INC)/libfdt.h

$(B)/jhboot.elf: $(BOOT_OBJ) boot/arch/aarch64/jhboot.lds $(LIBFDT_FW)
	$(LD_FW) $(FW_LDFLAGS) -pie --no-dynamic-linker -z notext \
		-T boot/arch/aarch64/jhboot.lds -o $@ $(BOOT_OBJ) $(LIBFDT_FW)
	@./scripts/check-relocs.sh $(CROSS_COMPILE) $@

$(B)/jhboot.bin: $(B)/jhboot.elf
	$(OBJCOPY_FW) -O binary $< $@

ALL_TARGETS += $(B)/jhboot.bin

# The SHA-256 instructions, only where their use is guarded at run time.
# Runs at EL1 with the MMU on (Normal memory): unaligned loads are fine.
$(B)/fw/boot/common/sha256_arm.o: FW_CFLAGS += -march=armv8-a+crypto \
	-mno-strict-align -funroll-loops
