#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#
# QEMU 10 from Debian's bookworm-backports in a private folder, BESIDE the
# system QEMU (7.2), which stays what it is. make bench uses it only for
# the real-Jailhouse runs under -icount: QEMU 7.2 livelocks in Jailhouse's
# enable under icount (fixed upstream in QEMU 8.1; platform-qemu.md).
#
# What it does, each step only when needed (idempotent):
#   1. adds the bookworm-backports suite to the apt sources, on the same
#      mirror as the system's bookworm suite (backports are never installed
#      by default: apt pins them at priority 100), and runs apt-get update;
#   2. asks apt (a simulation, nothing installed) which packages
#      qemu-system-arm from backports would bring or upgrade, downloads
#      exactly those with apt-get download and unpacks them with
#      dpkg-deb -x into build/cache/qemu10/root;
#   3. writes build/cache/qemu10/qemu-system-aarch64, a wrapper that runs
#      that QEMU with its own libraries (LD_LIBRARY_PATH), modules
#      (QEMU_MODULE_DIR) and data files (-L), and checks that it starts.
# Uses sudo only when not root, and only for step 1.
# Environment: JHBOOT_QEMU10 (the folder; default build/cache/qemu10).
# Prints the wrapper's path as its last line.
set -eu

TOP=$(cd "$(dirname "$0")/.." && pwd)
DEST=${JHBOOT_QEMU10:-$TOP/build/cache/qemu10}
SUITE=bookworm-backports
LIST=/etc/apt/sources.list.d/jhboot-$SUITE.sources
WRAP=$DEST/qemu-system-aarch64
SUDO=
[ "$(id -u)" -eq 0 ] || SUDO=sudo

say() { echo "deps-qemu10: $*" >&2; }

works() {
	[ -x "$WRAP" ] && [ -f "$DEST/.done" ] &&
		"$WRAP" --version 2>/dev/null | grep -q "version 10\."
}

if works; then
	say "QEMU 10 already in $DEST: $("$WRAP" --version | head -n1)"
	echo "$WRAP"
	exit 0
fi

# 1. the backports suite
suites() {
	# shellcheck disable=SC2016 # apt's own $(FIELD) placeholders
	apt-get indextargets --format '$(REPO_URI) $(RELEASE) $(COMPONENT)' \
		2>/dev/null | sort -u
}
if ! suites | grep -q " $SUITE main\$"; then
	uri=$(suites | awk '$2 == "bookworm" && $3 == "main" { print $1; exit }')
	if [ -z "$uri" ]; then
		say "no Debian bookworm suite in the apt sources: cannot add $SUITE"
		exit 1
	fi
	say "adding $SUITE (from $uri) to the apt sources: $LIST"
	printf 'Types: deb\nURIs: %s\nSuites: %s\nComponents: main\nSigned-By: %s\n' \
		"$uri" "$SUITE" /usr/share/keyrings/debian-archive-keyring.gpg |
		$SUDO tee "$LIST" >/dev/null
	say "apt-get update"
	$SUDO apt-get update -qq
elif ! apt-cache madison qemu-system-arm 2>/dev/null | grep -q "$SUITE"; then
	say "apt-get update (no $SUITE package lists yet)"
	$SUDO apt-get update -qq
fi

# 2. the packages: what installing it would bring, simulated
say "resolving qemu-system-arm from $SUITE (simulation, nothing is installed)"
plan=$(apt-get install -s -qq --no-install-recommends -t "$SUITE" \
	qemu-system-arm 2>&1) || {
	echo "$plan" >&2
	say "apt cannot resolve qemu-system-arm from $SUITE"
	exit 1
}
# "Inst NAME [OLD] (NEW SUITE [ARCH])" -> NAME=NEW
pkgs=$(echo "$plan" | sed -n 's/^Inst \([^ ]*\) \(\[[^]]*\] \)\{0,1\}(\([^ ]*\) .*/\1=\3/p')
if ! echo "$pkgs" | grep -q '^qemu-system-arm=1:10\.'; then
	echo "$plan" >&2
	say "apt offers no qemu-system-arm 10.x from $SUITE"
	exit 1
fi
say "downloading and unpacking into $DEST/root:" "$(echo "$pkgs" | tr "\n" " ")"
rm -rf "$DEST/dl" "$DEST/root" "$DEST/.done" "$WRAP"
mkdir -p "$DEST/dl" "$DEST/root"
(
	cd "$DEST/dl"
	# shellcheck disable=SC2086 # one word per package
	apt-get download -qq $pkgs
) 2>&1 | grep -v unsandboxed >&2 || true
n=0
for deb in "$DEST"/dl/*.deb; do
	[ -f "$deb" ] || continue
	dpkg-deb -x "$deb" "$DEST/root"
	n=$((n + 1))
done
if [ "$n" -ne "$(echo "$pkgs" | wc -w)" ]; then
	say "downloaded $n packages of $(echo "$pkgs" | wc -w)"
	exit 1
fi
rm -rf "$DEST/dl"

# 3. the wrapper
ma=$(uname -m)-linux-gnu
cat >"$WRAP" <<EOF
#!/bin/sh
# Written by scripts/deps-qemu10.sh: QEMU 10 from $SUITE, private copy.
R=$DEST/root
export LD_LIBRARY_PATH="\$R/usr/lib/$ma:\$R/lib/$ma\${LD_LIBRARY_PATH:+:\$LD_LIBRARY_PATH}"
export QEMU_MODULE_DIR="\$R/usr/lib/$ma/qemu"
exec "\$R/usr/bin/qemu-system-aarch64" -L "\$R/usr/share/qemu" "\$@"
EOF
chmod +x "$WRAP"
missing=$(LD_LIBRARY_PATH="$DEST/root/usr/lib/$ma:$DEST/root/lib/$ma" \
	ldd "$DEST/root/usr/bin/qemu-system-aarch64" | grep "not found" || true)
if [ -n "$missing" ]; then
	echo "$missing" >&2
	say "libraries missing for the private QEMU"
	exit 1
fi
touch "$DEST/.done"
if ! works; then
	"$WRAP" --version >&2 || true
	rm -f "$DEST/.done"
	say "the private QEMU does not start"
	exit 1
fi
say "ready: $("$WRAP" --version | head -n1) (system QEMU untouched:" \
	"$(qemu-system-aarch64 --version 2>/dev/null | head -n1))"
echo "$WRAP"
