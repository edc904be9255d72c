#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#
# Boot jhboot through Debian's U-Boot (u-boot-qemu) in QEMU, unattended:
# U-Boot starts with an environment in pflash unit 1 (bootdelay=0, our
# bootcmd); jhboot.bin and the bundle are placed in RAM by QEMU's loader
# device, as a board's storage would be read by `load`. U-Boot's `go` and
# `bootelf` hang in this build, so jhboot is started with `booti`.
#
# Usage: uboot-qemu.sh BUNDLE [extra qemu args...]
# Env: JHBOOT_BIN (build/jhboot.bin), SMP (4), UBOOT_BIN, QEMU.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
bundle=$1
shift
jhboot=${JHBOOT_BIN:-$top/build/jhboot.bin}
uboot=${UBOOT_BIN:-/usr/lib/u-boot/qemu_arm64/u-boot.bin}
smp=${SMP:-4}
kaddr=0x40400000
baddr=0x48000000
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

size=$(stat -c %s "$bundle")
bend=$(printf '0x%x' $((baddr + size)))
# U-Boot 2023.01's `fdt chosen START SIZE` sets initrd-end one byte short,
# so the two /chosen properties are written with `fdt set`.
cat > "$work/env.txt" <<ENV
bootdelay=0
bootcmd=echo jhboot: U-Boot starts jhboot with booti; fdt addr \${fdtcontroladdr}; fdt resize 0x1000; fdt set /chosen linux,initrd-start <0x0 $baddr>; fdt set /chosen linux,initrd-end <0x0 $bend>; booti $kaddr - \${fdtcontroladdr}
ENV
mkenvimage -s 0x40000 -o "$work/flash1.img" "$work/env.txt"
truncate -s 64M "$work/flash1.img"
${QEMU:-qemu-system-aarch64} -M virt,virtualization=on,gic-version=3,its=off \
	-cpu cortex-a57 -smp "$smp" -m 1G -nographic -nic none \
	-bios "$uboot" \
	-drive if=pflash,format=raw,index=1,file="$work/flash1.img" \
	-device loader,file="$jhboot",addr=$kaddr,force-raw=on \
	-device loader,file="$bundle",addr=$baddr,force-raw=on "$@"
