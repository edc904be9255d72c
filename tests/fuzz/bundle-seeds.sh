#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#
# Seed corpus of fuzz_bundle: real bundles made with jhboot-mkbundle from
# the build's own inputs, plus each bundle cut down to its device tree
# alone (the external image data dropped), which keeps the fuzzer's
# mutations on the FIT structure the reader parses.
#
#   tests/fuzz/bundle-seeds.sh OUTDIR MKBUNDLE HYPERVISOR DEMO.bin CONFIGDIR
#
# CONFIGDIR holds system.cell, demo.cell and linux.cell (qemu-virt).
set -eu
out=$1 mkbundle=$2 hv=$3 demo=$4 cfg=$5

tmp=$(mktemp -d "${TMPDIR:-/tmp}/jhboot-seeds.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
mkdir -p "$out"

# Stand-ins for a Linux kernel (arm64 Image header, "ARM\x64" at 56), a
# DT and an initrd: the bundle only checks their form, not their content.
{ head -c 56 /dev/zero; printf 'ARM\144'; head -c 4004 /dev/zero; } \
	>"$tmp/Image"
printf '/dts-v1/;\n/ { #address-cells = <2>; #size-cells = <2>;\n
	chosen { };\n
	memory@70000000 { device_type = "memory";
		reg = <0 0x70000000 0 0x8000000>; }; };\n' >"$tmp/cell.dts"
dtc -q -I dts -O dtb -o "$tmp/cell.dtb" "$tmp/cell.dts"
printf 'initrd seed\n' >"$tmp/initrd"

# 1. The plain case: one demo cell with its parameter string.
"$mkbundle" -o "$out/demo.itb" --hypervisor "$hv" \
	--system "$cfg/system.cell" \
	--cell "$cfg/demo.cell" --image "$demo@0" --args "name=seed"

# 2. Everything the reader knows: supervised-mode properties, a Linux
#    cell, a root Linux with initrd and bootargs.
"$mkbundle" --force -o "$out/full.itb" --hypervisor "$hv" \
	--system "$cfg/system.cell" \
	--cell "$cfg/demo.cell" --image "$demo@0" --image "$demo@0x4000" \
	--args "name=seed heartbeat-ms=100" --restart on-failure:3 \
	--may "status,restart:*,stop:linux" \
	--mailbox 0x7fb00000 --heartbeat 0x7fb00018:500 \
	--cell "$cfg/linux.cell" --linux-image "$tmp/Image" \
	--linux-dtb "$tmp/cell.dtb" --linux-initrd "$tmp/initrd" \
	--bootargs "console=ttyS0" \
	--linux "$tmp/Image" --initrd "$tmp/initrd" \
	--bootargs "console=ttyAMA0 rdinit=/init" --supervise \
	2>/dev/null

# 3. Two cells claiming the same CPU, as --force writes it.
"$mkbundle" --force -o "$out/conflict.itb" --hypervisor "$hv" \
	--system "$cfg/system.cell" \
	--cell "$cfg/demo.cell" --image "$demo@0" \
	--cell "$cfg/demo.cell" --image "$demo@0" 2>/dev/null

# The device tree alone: fdt_totalsize() is the big-endian word at 4.
for f in "$out"/demo.itb "$out"/full.itb "$out"/conflict.itb; do
	size=$(od -An -tu1 -j4 -N4 "$f" |
		awk '{ print ((($1 * 256 + $2) * 256 + $3) * 256 + $4) }')
	head -c "$size" "$f" >"${f%.itb}-fdt.itb"
done
