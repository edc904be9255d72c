#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#
# The supervised-mode demo (`make run-supervised`, which builds everything
# first; docs/supervised-mode.md). jhboot enables the hypervisor on the 4
# CPUs of QEMU virt and stays the root cell on CPU 0; no Linux runs in the
# root. The demo cell (CPU 3) crashes every few heartbeats and is restarted
# automatically, at most 3 times.
#
# With JAILHOUSE_DIR (the real Jailhouse): a Linux cell on CPUs 1-2 owns the
# console; in its shell try
#     jhctl list
#     jhctl restart demo     (allowed: --may status,restart:demo,start:demo)
#     jhctl stop demo        (refused: no right)
# Without it, the stand-in test fixture runs instead (no isolation, no
# virtual GIC, so no Linux cell): a second bare-metal cell "peer" (CPU 2)
# asks jhboot through its mailbox, and the console takes jhboot's commands:
#     list | restart NAME | stop NAME | start NAME | log [N] | help
#
# Environment: JAILHOUSE_DIR, RUN_TIMEOUT (seconds; for unattended runs),
# CRASH_AFTER (demo heartbeats between crashes, default 4), QEMU_EXTRA.
# Ctrl-A X quits QEMU.
set -euo pipefail
cd "$(dirname "$0")/.."

B=build
QV=$B/configs/qemu-virt
BUNDLE=$B/demo/supervised.itb
CRASH_AFTER=${CRASH_AFTER:-4}

. scripts/common.sh
pick_hypervisor run-supervised

need_files run-supervised run-supervised "$HV" $B/jhboot.bin $B/bin/jhboot-mkbundle \
	"$QV/system.cell" "$QV/demo.cell" "$QV/peer.cell" "$QV/linux.cell" "$QV/linux-cell.dtb" \
	$B/inmates/demo.bin $B/cache/Image $B/demo/rootfs.cpio.gz $B/jhctl

# The demo cell: crashes after CRASH_AFTER heartbeats; its heartbeat word
# is the mailbox's (0x7fb00000 + 0x18).
demo=(--cell "$QV/demo.cell" --image "$B/inmates/demo.bin@0x0"
	--args "name=demo heartbeat-ms=1000 crash-after=$CRASH_AFTER shared=0x7fb00018"
	--restart on-failure:3 --heartbeat 0x7fb00018:3000
	--mailbox 0x7fb00000)

if [ -n "${JAILHOUSE_DIR:-}" ]; then
	# shellcheck disable=SC2054 # the commas are in option values
	# Linux on CPUs 1-2; its first process starts `jhctl heartbeat`
	# (tools/jhctl/jhboot-cell-init): 3 s timeout once it beats, 120 s
	# for the boot.
	others=(--cell "$QV/linux.cell" --linux-image "$B/cache/Image"
		--linux-dtb "$QV/linux-cell.dtb"
		--linux-initrd "$B/demo/rootfs.cpio.gz"
		--bootargs "console=ttyAMA0 cma=0 nokaslr rdinit=/sbin/jhboot-cell-init"
		--mailbox 0x7fb01000 --heartbeat 0x7fb01018:3000:120000
		--may status,restart:demo,start:demo --restart on-failure:3)
else
	# shellcheck disable=SC2054 # the commas are in option values
	# peer on CPU 2: after 8 heartbeats it asks for the status, a restart
	# of demo (granted) and a stop of demo (refused)
	others=(--cell "$QV/peer.cell" --image "$B/inmates/demo.bin@0x0"
		--args "name=peer heartbeat-ms=1000 mailbox=0x7fb02000 request-after=8 request=status,restart:demo,stop:demo"
		--mailbox 0x7fb02000 --may status,restart:demo)
fi

$B/bin/jhboot-mkbundle -o "$BUNDLE" --hypervisor "$HV" \
	--system "$QV/system.cell" "${others[@]}" "${demo[@]}" --supervise

if [ -z "${JAILHOUSE_DIR:-}" ]; then
	cat <<'WARN'

 ###########################################################################
 #                                                                         #
 #   WARNING: NO ISOLATION. This demo runs the STAND-IN hypervisor,        #
 #   a CI TEST FIXTURE (tests/standin/), NOT Jailhouse. It answers the     #
 #   hypercalls jhboot makes and starts the cells, but it does NOT         #
 #   isolate anything. It has no virtual GIC either, so there is no        #
 #   Linux cell in this variant. Never use it for anything real.           #
 #                                                                         #
 #   For the real thing: JAILHOUSE_DIR=/path/to/jailhouse                  #
 #                       make run-supervised                               #
 #                                                                         #
 ###########################################################################

WARN
	echo "run-supervised: cells \"peer\" (CPU 2) and \"demo\" (CPU 3);" \
		"type jhboot's commands on this console: list, log, restart demo," \
		"stop demo, start demo, help."
else
	echo "run-supervised: hypervisor: real Jailhouse from $HV"
	echo "run-supervised: cells \"linux\" (CPUs 1-2, owns the console) and" \
		"\"demo\" (CPU 3). In the Linux shell: jhctl list;" \
		"jhctl restart demo; jhctl stop demo (refused)."
fi
echo "run-supervised: bundle $BUNDLE; jhboot is the root cell on CPU 0" \
	"(no root Linux); demo crashes every $CRASH_AFTER heartbeats and is" \
	"restarted up to 3 times. Quit QEMU with Ctrl-A X."
[ -n "${JAILHOUSE_DIR:-}" ] || sleep 2

# shellcheck disable=SC2054 # the commas are in option values
cmd=(qemu-system-aarch64 -M virt,virtualization=on,gic-version=3,its=off
	-cpu cortex-a57 -smp 4 -m 1G -nographic -nic none
	-kernel "$B/jhboot.bin" -initrd "$BUNDLE")
# shellcheck disable=SC2206 # QEMU_EXTRA is split on purpose
cmd+=(${QEMU_EXTRA:-})
if [ -n "${RUN_TIMEOUT:-}" ]; then
	exec timeout -k 5 "$RUN_TIMEOUT" "${cmd[@]}"
fi
exec "${cmd[@]}"
