# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#
# Host unit tests (cmocka). Every tests/unit/test_*.c becomes
# build/tests/unit/test_*, linked with all of lib/*.c; everything here is
# built with ASan + UBSan and stops at the first finding.
#   make unit-bins   build the tests (and the tool + configs the pytest
#                    wrapper tests/unit/test_unit.py needs)
#   make unit        build and run every test binary

UNIT_OUT := $(B)/tests/unit
UNIT_OBJ := $(UNIT_OUT)/obj
UNIT_SRC := $(wildcard tests/unit/test_*.c)
UNIT_BINS := $(patsubst tests/unit/%.c,$(UNIT_OUT)/%,$(UNIT_SRC))
UNIT_LIB_OBJ := $(patsubst %.c,$(UNIT_OBJ)/%.o,$(LIB_SRC))
UNIT_CFLAGS := $(WARN) -O1 -g -Iinclude -Ilib -D_DEFAULT_SOURCE \
	-fsanitize=address,undefined -fno-sanitize-recover=all \
	-fno-omit-frame-pointer
UNIT_LDLIBS := -lcmocka -lfdt

$(UNIT_OBJ)/%.o: %.c
	@mkdir -p $(dir $@)
	$(HOSTCC) $(UNIT_CFLAGS) -MMD -MP -c $< -o $@

$(UNIT_OUT)/test_%: $(UNIT_OBJ)/tests/unit/test_%.o $(UNIT_LIB_OBJ)
	@mkdir -p $(dir $@)
	$(HOSTCC) $(UNIT_CFLAGS) $^ -o $@ $(UNIT_LDLIBS)

.PHONY: unit-bins
unit-bins: $(UNIT_BINS) $(B)/bin/jhboot-config \
	$(patsubst configs/qemu-virt/%.c,$(B)/configs/qemu-virt/%.cell,\
		$(wildcard configs/qemu-virt/*.c))

unit: unit-bins
	@set -e; for t in $(UNIT_BINS); do echo "== $$t"; ./$$t; done

-include $(shell find $(UNIT_OBJ) -name '*.d' 2>/dev/null)

# keep the objects (they are intermediate files of pattern rules)
.SECONDARY: $(UNIT_LIB_OBJ) $(patsubst tests/unit/%.c,$(UNIT_OBJ)/tests/unit/%.o,$(UNIT_SRC))
