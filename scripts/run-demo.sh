#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#
# The QEMU demo (`make run`, which builds everything first): jhboot enables
# the hypervisor on the 4 CPUs of QEMU virt, starts the demo cell on CPU 3
# (its heartbeat lines appear on the shared console), then boots Debian's
# kernel on CPUs 0-2 with a busybox shell. Ctrl-A X quits QEMU.
#
# Hypervisor: the real Jailhouse when JAILHOUSE_DIR names an upstream build
# tree ($JAILHOUSE_DIR/hypervisor/jailhouse.bin), otherwise the stand-in
# test fixture build/standin.bin, which isolates NOTHING.
# Environment: JAILHOUSE_DIR, RUN_TIMEOUT (seconds; for unattended runs),
# QEMU_EXTRA (more QEMU options), RUN_UBOOT=1 (`make run-uboot`: QEMU starts
# Debian's U-Boot, which starts jhboot with booti: scripts/uboot-qemu.sh).
set -euo pipefail
cd "$(dirname "$0")/.."

B=build
QV=$B/configs/qemu-virt
BUNDLE=$B/demo/demo.itb

. scripts/common.sh
pick_hypervisor run-demo

need_files run-demo run "$HV" $B/jhboot.bin $B/bin/jhboot-mkbundle \
	"$QV/system.cell" "$QV/demo.cell" $B/inmates/demo.bin $B/cache/Image \
	$B/demo/rootfs.cpio.gz

$B/bin/jhboot-mkbundle -o "$BUNDLE" --hypervisor "$HV" \
	--system "$QV/system.cell" \
	--cell "$QV/demo.cell" --image $B/inmates/demo.bin@0x0 \
	--args "name=demo" \
	--linux $B/cache/Image --initrd $B/demo/rootfs.cpio.gz \
	--bootargs "console=ttyAMA0 nokaslr"

if [ -z "${JAILHOUSE_DIR:-}" ]; then
	cat <<'WARN'

 ###########################################################################
 #                                                                         #
 #   WARNING: NO ISOLATION. This demo runs the STAND-IN hypervisor,        #
 #   a CI TEST FIXTURE (tests/standin/), NOT Jailhouse. It answers the     #
 #   hypercalls jhboot makes and starts the cell, but it does NOT          #
 #   isolate anything: the root Linux runs unconfined and can read and     #
 #   write the cell's and the hypervisor's memory and every device.        #
 #   Never use it for anything real.                                       #
 #                                                                         #
 #   For the real thing: JAILHOUSE_DIR=/path/to/jailhouse make run         #
 #                                                                         #
 ###########################################################################

WARN
else
	echo "run-demo: hypervisor: real Jailhouse from $HV"
fi
echo "run-demo: bundle $BUNDLE; QEMU virt, 4 CPUs (cell \"demo\" on CPU 3," \
	"root Linux on CPUs 0-2). Quit QEMU with Ctrl-A X."
[ -n "${JAILHOUSE_DIR:-}" ] || sleep 2

if [ -n "${RUN_UBOOT:-}" ]; then
	echo "run-demo: through U-Boot: QEMU -bios u-boot.bin, then booti"
	cmd=(./scripts/uboot-qemu.sh "$BUNDLE")
else
	cmd=(qemu-system-aarch64 -M virt,virtualization=on,gic-version=3,its=off
		-cpu cortex-a57 -smp 4 -m 1G -nographic -nic none
		-kernel $B/jhboot.bin -initrd "$BUNDLE")
fi
# shellcheck disable=SC2206 # QEMU_EXTRA is split on purpose
cmd+=(${QEMU_EXTRA:-})
if [ -n "${RUN_TIMEOUT:-}" ]; then
	exec timeout -k 5 "$RUN_TIMEOUT" "${cmd[@]}"
fi
exec "${cmd[@]}"
