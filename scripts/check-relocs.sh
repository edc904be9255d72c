#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
# jhboot relocates itself with R_AARCH64_RELATIVE only (head.S): fail the
# build if the linker left any other dynamic relocation.
cross=$1 elf=$2
others=$(${cross}readelf -rW "$elf" | awk '/^[0-9a-f]+ +[0-9a-f]+ R_/ && $3 != "R_AARCH64_RELATIVE" && $3 != "R_AARCH64_NONE" {print $3}' | sort -u)
if [ -n "$others" ]; then
	echo "check-relocs: $elf has relocations head.S cannot apply: $others" >&2
	exit 1
fi
