# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#
# Sourced by the demo, supervised-demo and bench drivers (bash): choosing
# the hypervisor and checking that the build is complete.
#   pick_hypervisor PROG   sets HV (image) and HVNAME (jailhouse|stand-in):
#                          the real Jailhouse when JAILHOUSE_DIR names an
#                          upstream build tree, else the stand-in fixture
#   need_files PROG TARGET FILE...   exits with "run 'make TARGET'" when a
#                          file is missing, or QEMU is not installed

pick_hypervisor() {
	if [ -n "${JAILHOUSE_DIR:-}" ]; then
		HV=$JAILHOUSE_DIR/hypervisor/jailhouse.bin
		HVNAME=jailhouse
		if [ ! -f "$HV" ]; then
			echo "$1: JAILHOUSE_DIR=$JAILHOUSE_DIR has no" \
				"hypervisor/jailhouse.bin (build upstream" \
				"Jailhouse first)" >&2
			exit 1
		fi
	else
		HV=build/standin.bin
		HVNAME=stand-in
	fi
}

need_files() {
	local prog=$1 target=$2 f
	shift 2
	for f in "$@"; do
		if [ ! -f "$f" ]; then
			echo "$prog: $f missing: run 'make $target'" >&2
			exit 1
		fi
	done
	command -v qemu-system-aarch64 >/dev/null || {
		echo "$prog: qemu-system-aarch64 not found: run 'make deps'" >&2
		exit 1
	}
}
