#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#
# Install everything jhboot needs on a Debian 12 machine, and fetch Debian's
# arm64 kernel and busybox into the build cache. Idempotent: each step checks
# first and says what it does. Uses sudo only when not root.
set -eu

CACHE=${JHBOOT_CACHE:-$(cd "$(dirname "$0")/.." && pwd)/build/cache}
SUDO=
[ "$(id -u)" -eq 0 ] || SUDO=sudo

PKGS="make gcc gcc-aarch64-linux-gnu binutils-aarch64-linux-gnu qemu-system-arm
u-boot-tools u-boot-qemu device-tree-compiler libfdt-dev libcmocka-dev
python3 python3-pytest python3-pexpect cpio clang libclang-rt-14-dev
clang-format"

say() { echo "deps: $*"; }

missing=
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
		missing="$missing $p"
done

if ! dpkg --print-foreign-architectures | grep -qx arm64; then
	say "enabling the arm64 architecture for downloads"
	$SUDO dpkg --add-architecture arm64
	updated=
else
	updated=yes
fi
# One update when anything is to be installed or arm64 is new.
if [ -n "$missing" ] || [ -z "$updated" ] ||
	! apt-cache show libfdt-dev:arm64 >/dev/null 2>&1; then
	say "apt-get update"
	$SUDO apt-get update -qq
fi
if [ -n "$missing" ]; then
	say "installing:$missing"
	$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
		--no-install-recommends $missing
else
	say "Debian packages already installed"
fi

mkdir -p "$CACHE"
fetch_deb() { # package:arch -> extracted into $CACHE/root-$2
	dir="$CACHE/$2"
	if [ -f "$dir/.done" ]; then
		return 0
	fi
	say "fetching $1"
	rm -rf "$dir" "$CACHE/dl" && mkdir -p "$dir" "$CACHE/dl"
	(cd "$CACHE/dl" && apt-get download -q "$1" >/dev/null)
	dpkg-deb -x "$CACHE"/dl/*.deb "$dir"
	rm -rf "$CACHE/dl"
	touch "$dir/.done"
}

# libfdt for the firmware: Debian's aarch64 static library.
fetch_deb libfdt-dev:arm64 libfdt-arm64
fetch_deb libfdt1:arm64 libfdt1-arm64

# The root Linux: the current Debian arm64 kernel (a plain arm64 Image).
if [ ! -f "$CACHE/Image" ]; then
	kpkg=$(apt-cache depends linux-image-arm64:arm64 2>/dev/null |
		sed -n 's/^ *Depends: \(linux-image-[0-9][^ ]*-arm64\).*/\1/p' |
		head -n1)
	[ -n "$kpkg" ] || { say "cannot resolve linux-image-arm64"; exit 1; }
	fetch_deb "$kpkg:arm64" kernel
	cp "$CACHE"/kernel/boot/vmlinuz-* "$CACHE/Image"
	say "kernel: $kpkg -> $CACHE/Image"
fi
if [ ! -f "$CACHE/busybox" ]; then
	fetch_deb busybox-static:arm64 busybox-deb
	cp "$CACHE/busybox-deb/bin/busybox" "$CACHE/busybox.tmp"
	mv "$CACHE/busybox.tmp" "$CACHE/busybox"
	say "busybox -> $CACHE/busybox"
fi
say "all dependencies present"
