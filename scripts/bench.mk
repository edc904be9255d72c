# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#
# `make bench`: what a type-1 boot is bought for (scripts/bench.sh,
# docs/bench.md). Deterministic work under QEMU -icount (jhboot's own
# instructions until the first cell starts, copy and hash cost per byte)
# and wall-clock end-to-end times of the demo (median of 5 runs), then one
# `bench: hv=...` summary line and build/bench/timeline.svg.
# The stand-in hypervisor by default; the real Jailhouse when JAILHOUSE_DIR
# names an upstream build tree. Never fails on timing.

bench:
	./scripts/deps.sh
	$(MAKE) all $(B)/demo/rootfs.cpio.gz
	./scripts/bench.sh
