# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
"""The U-Boot path: QEMU starts Debian's U-Boot (u-boot-qemu), which
starts jhboot with `booti` and the bundle as its initrd, unattended
(scripts/uboot-qemu.sh, docs/boot-from-u-boot.md)."""
import pathlib

import pytest

import jhtest
from test_e2e_boot import (DEMO_RAM, HV_MEM, check_root_linux, demo_bundle,
                           steps_until_cells)

UBOOT_BIN = pathlib.Path("/usr/lib/u-boot/qemu_arm64/u-boot.bin")
SCRIPT = jhtest.REPO / "scripts" / "uboot-qemu.sh"


@pytest.fixture
def uboot(built):
    if not UBOOT_BIN.exists():
        pytest.fail(f"{UBOOT_BIN} missing: run `make deps` (u-boot-qemu)")


def test_boot_through_uboot(hv, uboot, qemu, tmp_path):
    """U-Boot -> booti jhboot -> hypervisor, demo cell, root Linux on
    CPUs 0-2, with the same checks as a direct boot."""
    bundle = demo_bundle(tmp_path, hv, linux=True)
    con = qemu.spawn([str(SCRIPT), str(bundle)], timeout=200,
                     bad=jhtest.LINUX_BAD_STRINGS)
    ready = con.wait(r"jhboot-init: ready", timeout=190)
    con.assert_in_order([r"U-Boot 20\d\d\.\d\d",
                         r"jhboot: U-Boot starts jhboot with booti",
                         *steps_until_cells(hv, 4, "demo", 3),
                         r"jhboot: starting the root Linux",
                         r"jhboot-init: reached /init"])
    check_root_linux(con, ready, 3, {"the hypervisor memory": HV_MEM,
                                     "the demo cell's memory": DEMO_RAM})
    con.wait_increasing(r"demo\[e2e\]: heartbeat (\d+)", 2, timeout=20,
                        since=ready.end())
