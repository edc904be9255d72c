# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#
# jhboot build. `make` builds the host tools (build/bin/), the firmware
# (build/jhboot.bin), jhboot's configs, the demo inmate and the stand-in
# hypervisor test fixture. Each part below the top keeps its rules in a
# fragment (*.mk) next to its sources; this file holds what they share.

CROSS_COMPILE ?= aarch64-linux-gnu-
HOSTCC ?= gcc
CC_FW := $(CROSS_COMPILE)gcc
LD_FW := $(CROSS_COMPILE)ld
OBJCOPY_FW := $(CROSS_COMPILE)objcopy
PYTHON ?= python3

B := build
CACHE := $(B)/cache
LIBFDT_FW := $(CACHE)/libfdt-arm64/usr/lib/aarch64-linux-gnu/libfdt.a

WARN := -std=c11 -Wall -Wextra -Werror
HOST_CFLAGS := $(WARN) -O2 -g -Iinclude -Ilib -D_DEFAULT_SOURCE
HOST_LDLIBS := -lfdt
FW_GCC_INC := $(shell $(CC_FW) -print-file-name=include 2>/dev/null)
# Freestanding aarch64: our own tiny libc headers, no host headers at all.
FW_CFLAGS := $(WARN) -O2 -g -ffreestanding -nostdinc -isystem $(FW_GCC_INC) \
	-Iboot/libc/include -Iinclude -Ilib -fno-stack-protector \
	-fno-pic -fno-pie -mcmodel=small -mstrict-align -mno-outline-atomics -fno-common \
	-ffunction-sections -fdata-sections -DJHBOOT_FIRMWARE
FW_ASFLAGS := -g -D__ASSEMBLY__ -Iinclude -Iboot/arch/aarch64/include
FW_LDFLAGS := -nostdlib -static --gc-sections --no-warn-rwx-segments

# Host library objects: everything in lib/, compiled for the host.
LIB_SRC := $(wildcard lib/*.c)
LIB_HOST_OBJ := $(patsubst %.c,$(B)/host/%.o,$(LIB_SRC))
LIB_FW_OBJ := $(patsubst %.c,$(B)/fw/%.o,$(LIB_SRC))

TOOLS := $(patsubst tools/%.c,$(B)/bin/%,$(wildcard tools/*.c))

ALL_TARGETS := $(TOOLS)

.PHONY: all deps clean format format-check test unit e2e fuzz bench run
.DEFAULT_GOAL := all

$(B)/host/%.o: %.c
	@mkdir -p $(dir $@)
	$(HOSTCC) $(HOST_CFLAGS) -MMD -MP -c $< -o $@

$(B)/fw/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC_FW) $(FW_CFLAGS) -MMD -MP -c $< -o $@

$(B)/fw/%.o: %.S
	@mkdir -p $(dir $@)
	$(CC_FW) $(FW_ASFLAGS) -MMD -MP -c $< -o $@

$(B)/bin/%: $(B)/host/tools/%.o $(LIB_HOST_OBJ)
	@mkdir -p $(dir $@)
	$(HOSTCC) $(HOST_CFLAGS) $^ -o $@ $(HOST_LDLIBS)

# Parts: firmware, configs, inmates, the stand-in, tests. Each adds to
# ALL_TARGETS and defines its own rules.
include $(sort $(wildcard */*.mk */*/*.mk))

all: $(ALL_TARGETS)

deps:
	./scripts/deps.sh

# Format: .clang-format is the style; format-check fails on any diff.
FORMAT_SRC = $(shell git ls-files '*.c' '*.h' 2>/dev/null)
format:
	clang-format -i $(FORMAT_SRC)
format-check:
	@./scripts/format-check.sh $(FORMAT_SRC)

clean:
	rm -rf $(B)/host $(B)/fw $(B)/bin $(B)/tests $(B)/*.bin $(B)/*.elf \
		$(B)/configs $(B)/inmates $(B)/standin $(B)/demo

-include $(shell find $(B)/host $(B)/fw -name '*.d' 2>/dev/null)
