# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
"""What jhboot does when the hypervisor refuses or loses a step: the
stand-in with injected faults (tests/standin/standin_faults.py). A user
must see a clear error naming the cell and the error, and the rest of the
system must come up anyway."""
import pytest

import jhtest
from jhtest import Cell
from test_e2e_boot import (BOOTARGS, HEARTBEAT, HV_MEM, check_root_linux)

STARTED = r"demo\[e2e\]: started on CPU 3"


def faulty_bundle(tmp_path, spec, linux=False):
    qv = jhtest.QV
    return jhtest.make_bundle(
        tmp_path, jhtest.standin_with_faults(tmp_path, spec),
        qv / "system.cell",
        cells=[Cell(qv / "demo.cell", [(jhtest.DEMO_BIN, 0)],
                    "name=e2e heartbeat-ms=300")],
        linux=jhtest.KERNEL if linux else None,
        initrd=jhtest.ROOTFS if linux else None,
        bootargs=BOOTARGS if linux else None)


@pytest.fixture
def standin(built):
    if not jhtest.STANDIN.exists():
        pytest.fail(f"{jhtest.STANDIN} was not built")


def test_lost_start_is_reissued(standin, qemu, tmp_path):
    """§14.1: a CELL_START that returns 0 but never reaches the CPU is
    noticed and re-issued; the cell then runs, started once."""
    con = qemu.boot(faulty_bundle(tmp_path, "lose-start@demo=1"),
                    timeout=60)
    started = con.wait(STARTED, timeout=40)
    con.wait_increasing(HEARTBEAT, 2, timeout=20, since=started.end())
    con.assert_in_order([
        r'jhboot: WARNING: cell "demo": CPU 3 did not take CELL_START',
        r'jhboot: cell "demo" \(id 1\) running on CPU 3 \(START re-issued\)',
        r"jhboot: cells: 1 of 1 running",
    ])
    assert con.text.count("demo[e2e]: started") == 1, \
        "the demo cell was started more than once"


@pytest.mark.parametrize("spec, messages", [
    ("create@demo=-22", [
        r'jhboot: ERROR: cell "demo": CELL_CREATE failed: -22 \(EINVAL\)',
        r'jhboot: ERROR: cell "demo": SKIPPED']),
    ("start@demo=-16", [
        r'jhboot: ERROR: cell "demo": CELL_START failed: -16 \(EBUSY\)',
        r'jhboot: ERROR: cell "demo": SKIPPED',
        r'jhboot: cell "demo": destroyed']),
], ids=["create-refused", "start-refused"])
def test_refused_cell_is_skipped(standin, qemu, tmp_path, spec, messages):
    """A cell the hypervisor refuses is reported, cleaned up and skipped;
    the boot goes on."""
    con = qemu.boot(faulty_bundle(tmp_path, spec), timeout=60,
                    allow=["jhboot: ERROR:"])
    con.wait(r"jhboot: root Linux not started", timeout=40)
    con.assert_in_order([r"jhboot: hypervisor enabled on 4 CPUs",
                         *messages, r"jhboot: cells: 0 of 1 running"])
    # a cell that must not exist: nothing in the time of 5 heartbeats
    con.assert_not_seen(r"demo\[e2e\]", 1.5)


def test_enable_failure_boots_linux_natively(standin, qemu, tmp_path):
    """The hypervisor refuses to start: jhboot says so loudly, starts no
    cell and boots the root Linux natively on every CPU, keeping it out of
    the hypervisor's memory."""
    con = qemu.boot(faulty_bundle(tmp_path, "entry=-19", linux=True),
                    timeout=150, allow=["jhboot: ERROR:"],
                    bad=jhtest.LINUX_BAD_STRINGS)
    ready = con.wait(r"jhboot-init: ready", timeout=130)
    con.assert_in_order([
        r"jhboot: ERROR: hypervisor entry failed on the root CPUs: -19",
        r"system runs WITHOUT the hypervisor",
        r"jhboot: starting the root Linux natively at EL2",
        r"CPU: All CPU\(s\) started at EL2",
    ])
    con.assert_absent(['jhboot: cell "demo": creating', "demo[e2e]"])
    check_root_linux(con, ready, 4, {"the hypervisor memory": HV_MEM})
