#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#
# make bench (docs/bench.md): builds the demo bundle (demo cell + root
# Linux + initramfs) for the chosen hypervisor and hands the measuring to
# scripts/bench.py, which runs QEMU (one instance at a time, always under
# `timeout`) and prints the figures, each run's and the summary line
#   bench: hv=stand-in|jailhouse jhboot_minsns=X copy_ipb=X hash_ipb=X
#          first_cell_ms=X root_init_ms=X ratio=X size_kib=X   (one line)
# and writes build/bench/timeline.svg.
#
# Hypervisor: the real Jailhouse when JAILHOUSE_DIR names an upstream
# build tree ($JAILHOUSE_DIR/hypervisor/jailhouse.bin), else the stand-in
# test fixture build/standin.bin. The system QEMU (7.2) runs everything
# except the real-Jailhouse runs under -icount: 7.2 livelocks in
# Jailhouse's enable there, so those use QEMU 10 from bookworm-backports,
# set up beside the system QEMU by scripts/deps-qemu10.sh.
# Environment: JAILHOUSE_DIR, BENCH_RUNS (wall-clock runs, default 5),
# BENCH_TIMEOUT (seconds per QEMU run, default 180).
set -euo pipefail
cd "$(dirname "$0")/.."

B=build
QV=$B/configs/qemu-virt
OUT=$B/bench

. scripts/common.sh
pick_hypervisor bench

need_files bench bench "$HV" $B/jhboot.bin $B/bin/jhboot-mkbundle \
	"$QV/system.cell" "$QV/demo.cell" $B/inmates/demo.bin $B/cache/Image \
	$B/demo/rootfs.cpio.gz

mkdir -p "$OUT"
BUNDLE=$OUT/demo-$HVNAME.itb
echo "bench: hypervisor $HVNAME ($HV); bundle $BUNDLE"
$B/bin/jhboot-mkbundle -o "$BUNDLE" --hypervisor "$HV" \
	--system "$QV/system.cell" \
	--cell "$QV/demo.cell" --image $B/inmates/demo.bin@0x0 \
	--args "name=demo" \
	--linux $B/cache/Image --initrd $B/demo/rootfs.cpio.gz \
	--bootargs "console=ttyAMA0 nokaslr" >/dev/null

QEMU=$(command -v qemu-system-aarch64)
ICOUNT_QEMU=$QEMU
ICOUNT_NA=
if [ "$HVNAME" = jailhouse ]; then
	echo "bench: real Jailhouse under -icount needs QEMU >= 8.1:" \
		"scripts/deps-qemu10.sh"
	if q10=$(./scripts/deps-qemu10.sh) && [ -x "$q10" ]; then
		ICOUNT_QEMU=$q10
	else
		ICOUNT_QEMU=
		ICOUNT_NA="QEMU 10 (bookworm-backports) could not be set up"
		ICOUNT_NA="$ICOUNT_NA, and QEMU 7.2 livelocks in Jailhouse's"
		ICOUNT_NA="$ICOUNT_NA enable under -icount"
	fi
fi

exec "${PYTHON:-python3}" scripts/bench.py --hv "$HVNAME" \
	--bundle "$BUNDLE" --jhboot $B/jhboot.bin --out "$OUT" \
	--qemu "$QEMU" --icount-qemu "$ICOUNT_QEMU" \
	--icount-na "$ICOUNT_NA" --runs "${BENCH_RUNS:-5}" \
	--timeout "${BENCH_TIMEOUT:-180}"
