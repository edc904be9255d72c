#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
# Build the demo/test initramfs: Debian's static busybox and tests/rootfs.
# Usage: mkinitramfs.sh BUSYBOX OUT.cpio.gz [EXTRA_FILE:DEST ...]
set -eu
busybox=$1 out=$2
shift 2
top=$(cd "$(dirname "$0")/.." && pwd)
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage/bin" "$stage/proc" "$stage/sys" "$stage/dev" "$stage/etc" \
	"$stage/tmp"
cp "$busybox" "$stage/bin/busybox"
chmod 755 "$stage/bin/busybox"
cp "$top/tests/rootfs/init" "$stage/init"
chmod 755 "$stage/init"
for f in "$@"; do
	src=${f%%:*} dst=${f#*:}
	mkdir -p "$stage/$(dirname "$dst")"
	cp "$src" "$stage/$dst"
	chmod 755 "$stage/$dst"
done
(cd "$stage" && find . | sort | cpio -o -H newc --quiet -R 0:0) |
	gzip -9n > "$out.tmp"
mv "$out.tmp" "$out"
