# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#
# libFuzzer targets: every tests/fuzz/fuzz_*.c becomes build/tests/fuzz/
# fuzz_*, linked with all of lib/*.c (clang, ASan + UBSan).
#   make fuzz FUZZ_SECONDS=60   run each target that long; the seed corpus
#                               of each is build/tests/fuzz/corpus-NAME/:
#                               the qemu-virt .cell files, system and cells
#                               back to back, and tests/fuzz/seeds-NAME/*
#                               when that directory exists; fuzz_bundle's
#                               are bundles made with jhboot-mkbundle
#                               (tests/fuzz/bundle-seeds.sh) instead.
#   tests/fuzz/NAME.dict        libFuzzer dictionary of a target, if any.

FUZZ_CC ?= clang
FUZZ_SECONDS ?= 60
FUZZ_OUT := $(B)/tests/fuzz
FUZZ_OBJ := $(FUZZ_OUT)/obj
FUZZ_SRC := $(wildcard tests/fuzz/fuzz_*.c)
FUZZ_BINS := $(patsubst tests/fuzz/%.c,$(FUZZ_OUT)/%,$(FUZZ_SRC))
FUZZ_LIB_OBJ := $(patsubst %.c,$(FUZZ_OBJ)/%.o,$(LIB_SRC))
FUZZ_SAN := -fsanitize=address,undefined -fno-sanitize-recover=all
FUZZ_CFLAGS := $(WARN) -O1 -g -Iinclude -Ilib -D_DEFAULT_SOURCE \
	-fno-omit-frame-pointer $(FUZZ_SAN)
FUZZ_CELLS := $(patsubst configs/qemu-virt/%.c,$(B)/configs/qemu-virt/%.cell,\
	$(wildcard configs/qemu-virt/*.c))

# fuzz_bundle's seeds: real bundles from the build's hypervisor stand-in,
# demo inmate and qemu-virt configs.
FUZZ_BUNDLE_SEEDS := $(FUZZ_OUT)/bundle-seeds
FUZZ_BUNDLE_INPUTS := $(B)/bin/jhboot-mkbundle $(B)/standin.bin \
	$(B)/inmates/demo.bin $(FUZZ_CELLS) tests/fuzz/bundle-seeds.sh

$(FUZZ_BUNDLE_SEEDS)/.done: $(FUZZ_BUNDLE_INPUTS)
	@rm -rf $(FUZZ_BUNDLE_SEEDS)
	./tests/fuzz/bundle-seeds.sh $(FUZZ_BUNDLE_SEEDS) \
		$(B)/bin/jhboot-mkbundle $(B)/standin.bin \
		$(B)/inmates/demo.bin $(B)/configs/qemu-virt
	@touch $@

$(FUZZ_OBJ)/%.o: %.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -MMD -MP -c $< -o $@

$(FUZZ_OUT)/fuzz_%: $(FUZZ_OBJ)/tests/fuzz/fuzz_%.o $(FUZZ_LIB_OBJ)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer $^ -o $@ -lfdt

.SECONDARY: $(FUZZ_LIB_OBJ) $(patsubst tests/fuzz/%.c,$(FUZZ_OBJ)/tests/fuzz/%.o,$(FUZZ_SRC))

.PHONY: fuzz-bins fuzz-corpus
fuzz-bins: $(FUZZ_BINS)

fuzz-corpus: $(FUZZ_CELLS) $(FUZZ_BUNDLE_SEEDS)/.done
	@set -e; for f in $(notdir $(FUZZ_BINS)); do \
		d=$(FUZZ_OUT)/corpus-$$f; mkdir -p $$d; \
		if [ $$f = fuzz_bundle ]; then \
			cp $(FUZZ_BUNDLE_SEEDS)/*.itb $$d/; \
		else \
			cp $(FUZZ_CELLS) $$d/; \
			cat $(filter %/system.cell,$(FUZZ_CELLS)) \
			    $(filter-out %/system.cell,$(FUZZ_CELLS)) \
			    > $$d/all.bin; \
		fi; \
		if [ -d tests/fuzz/seeds-$$f ]; then \
			cp tests/fuzz/seeds-$$f/* $$d/; fi; \
	done

fuzz: fuzz-bins fuzz-corpus
	@set -e; for f in $(notdir $(FUZZ_BINS)); do \
		echo "== $$f for $(FUZZ_SECONDS) s"; \
		dict=; [ ! -f tests/fuzz/$$f.dict ] || \
			dict=-dict=tests/fuzz/$$f.dict; \
		$(FUZZ_OUT)/$$f -max_total_time=$(FUZZ_SECONDS) $$dict \
			-artifact_prefix=$(FUZZ_OUT)/$$f- -print_final_stats=1 \
			$(FUZZ_OUT)/corpus-$$f; \
	done

-include $(shell find $(FUZZ_OBJ) -name '*.d' 2>/dev/null)
