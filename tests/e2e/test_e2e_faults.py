# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
"""What jhboot does when the hypervisor refuses or loses a step: the
stand-in with injected faults (tests/standin/standin_faults.py). A user
must see a clear error naming the cell and the error, and the rest of the
system must come up anyway."""
import re

import pytest

import jhtest
from jhtest import Cell
from test_e2e_boot import (BOOTARGS, DEMO_RAM, HEARTBEAT, HV_MEM,
                           check_root_linux)

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


# ------------------------------------------- one bad piece, the rest boots
#
# Two demo cells (demo on CPU 3, peer on CPU 2, configs/qemu-virt/peer.c) and the root Linux; one
# piece is broken each time. The tests check that exactly that piece is
# skipped, with a message naming it, and everything else comes up.

PEER_RAM = (0x7f800000, 0x7f8fffff)
STARTED2 = r"demo\[two\]: started on CPU 2"
REGION0_PHYS = 132 + 8  # jh_cell_desc, then cpus[8], then regions[0]
PEER_TAIL = b"\0peer-image-tail"


def peer_image(tmp_path):
    """demo.bin with a tail, so that its bytes are unique in a bundle."""
    img = tmp_path / "peer.bin"
    img.write_bytes(jhtest.DEMO_BIN.read_bytes() + PEER_TAIL)
    return img


def two_cells_bundle(tmp_path, hv_image, peer=None, peer_images=None,
                     linux=True, kernel=None, extra=(), system=None,
                     demo_args=""):
    qv = jhtest.QV
    cells = [Cell(qv / "demo.cell", [(jhtest.DEMO_BIN, 0)],
                  "name=e2e heartbeat-ms=300 " + demo_args),
             Cell(peer or qv / "peer.cell",
                  peer_images if peer_images is not None
                  else [(peer_image(tmp_path), 0)],
                  "name=two heartbeat-ms=300")]
    return jhtest.make_bundle(
        tmp_path, hv_image, system or qv / "system.cell", cells=cells,
        linux=(kernel or jhtest.KERNEL) if linux else None,
        initrd=jhtest.ROOTFS if linux else None,
        bootargs=BOOTARGS if linux else None, extra=list(extra))


def flip_byte(bundle, data, at=None):
    """Corrupt one byte of the stored copy of `data` inside the bundle."""
    blob = bytearray(bundle.read_bytes())
    pos = blob.find(data)
    assert pos >= 0, "image not found verbatim in the bundle"
    assert blob.find(data, pos + 1) < 0, "image stored twice"
    pos += len(data) // 2 if at is None else at
    blob[pos] ^= 0x5a
    bundle.write_bytes(bytes(blob))


def wait_linux_and_demo(con, nproc, forbidden, timeout=150):
    """The root Linux reached /init with nproc CPUs and no RAM in the
    forbidden ranges, and demo still beats; returns its System RAM."""
    ready = con.wait(r"jhboot-init: ready", timeout=timeout)
    ram = check_root_linux(con, ready, nproc, forbidden)
    con.wait_increasing(r"demo\[e2e\]: heartbeat (\d+)", 2, timeout=20,
                        since=ready.end())
    return ram


def test_conflicting_cell_is_skipped(hv, qemu, tmp_path):
    """peer's RAM overlaps demo's (written with --force): peer is
    skipped before any hypercall, demo and the root Linux boot; CPU 2 stays
    with the root."""
    bad = bytearray((jhtest.QV / "peer.cell").read_bytes())
    bad[REGION0_PHYS:REGION0_PHYS + 8] = (0x7fa00000).to_bytes(8, "little")
    overlap = tmp_path / "peer-overlap.cell"
    overlap.write_bytes(bytes(bad))
    con = qemu.boot(two_cells_bundle(tmp_path, hv.image, peer=overlap,
                                     extra=["--force"]),
                    timeout=180, allow=["jhboot: ERROR:"],
                    bad=jhtest.LINUX_BAD_STRINGS)
    wait_linux_and_demo(con, 3, {"the hypervisor memory": HV_MEM,
                                 "demo's memory": DEMO_RAM},
                        timeout=170)
    con.assert_in_order([
        r'jhboot: cell "demo" \(id 1\) running on CPU 3',
        r'jhboot: cell "peer": creating',
        r'cell "peer" config: .*memory already assigned to another cell',
        r'jhboot: ERROR: cell "peer": SKIPPED: config conflicts',
        r"jhboot: cells: 1 of 2 running",
    ])
    con.assert_absent(["demo[two]"])


def test_corrupt_image_is_skipped(standin, qemu, tmp_path):
    """One byte of peer's image changed after the bundle was made: its
    hash check names the image with both digests; only peer is skipped."""
    bundle = two_cells_bundle(tmp_path, jhtest.STANDIN)
    flip_byte(bundle, peer_image(tmp_path).read_bytes())
    con = qemu.boot(bundle, timeout=150, allow=["jhboot: ERROR:"],
                    bad=jhtest.LINUX_BAD_STRINGS)
    wait_linux_and_demo(con, 3, {"the hypervisor memory": HV_MEM})
    con.assert_in_order([
        r'jhboot: ERROR: cell "peer" image \(cell1-img0\): sha256 mismatch',
        r"jhboot:   expected [0-9a-f]{64}",
        r"jhboot:   actual   [0-9a-f]{64}",
        r'jhboot: ERROR: cell "peer": SKIPPED: an image is missing or '
        r"fails its hash",
        r"jhboot: cells: 1 of 2 running",
    ])
    exp = re.search(r"expected ([0-9a-f]{64})", con.text).group(1)
    act = re.search(r"actual   ([0-9a-f]{64})", con.text).group(1)
    assert exp != act
    con.assert_absent(["demo[two]"])


def test_unloadable_cell_is_skipped(standin, qemu, tmp_path):
    """A cell with an image outside its loadable memory (written with
    --force) is skipped; demo runs."""
    images = [(peer_image(tmp_path), 0x200000)]
    message = (r'cell "peer": image cell1-img0 \(\d+ bytes at 0x200000\) '
               r"is not inside a loadable region")
    con = qemu.boot(two_cells_bundle(tmp_path, jhtest.STANDIN,
                                     peer_images=images, linux=False,
                                     extra=["--force"]),
                    timeout=60, allow=["jhboot: ERROR:"])
    con.wait(r"jhboot: root Linux not started", timeout=40)
    con.assert_in_order([r'jhboot: cell "peer": creating', message,
                         r"jhboot: cells: 1 of 2 running"])
    con.wait_increasing(r"demo\[e2e\]: heartbeat (\d+)", 2, timeout=20)
    con.assert_absent(["demo[two]"])


def test_refused_loadable_returns_the_cell(standin, qemu, tmp_path):
    """CELL_SET_LOADABLE refused for peer: it is destroyed, its CPU and
    RAM go back to the root, and the root Linux's DT says so."""
    bundle = two_cells_bundle(
        tmp_path, jhtest.standin_with_faults(tmp_path, "loadable@peer=-5"))
    con = qemu.boot(bundle, timeout=150, allow=["jhboot: ERROR:"],
                    bad=jhtest.LINUX_BAD_STRINGS)
    ram = wait_linux_and_demo(con, 3, {"the hypervisor memory": HV_MEM,
                                       "demo's memory": DEMO_RAM})
    con.assert_in_order([
        r'jhboot: ERROR: cell "peer": CELL_SET_LOADABLE failed: -5 '
        r"\(EIO\)",
        r'jhboot: ERROR: cell "peer": SKIPPED',
        r'jhboot: cell "peer": destroyed, its CPUs and memory return',
        r"jhboot: cells: 1 of 2 running",
    ])
    # peer's RAM is root RAM again
    assert any(a <= PEER_RAM[0] and PEER_RAM[1] <= b for a, b in ram), \
        f"peer's RAM is not back in the root's System RAM: {ram}"


@pytest.mark.parametrize("what", ["garbage-hypervisor", "bad-system-config",
                                  "corrupt-hypervisor"])
def test_unusable_hypervisor_boots_linux_natively(standin, qemu, tmp_path,
                                                  what):
    """A hypervisor image without a Jailhouse header or failing its hash,
    or a system config that fails its checks (written with --force): no
    cells, the root Linux natively on every CPU, one loud line saying
    why."""
    hv_image, system = jhtest.STANDIN, None
    if what == "garbage-hypervisor":
        hv_image = tmp_path / "garbage.bin"
        hv_image.write_bytes(bytes(range(256)) * 64)
        why = r"hypervisor image has no JAILHOUS header"
    elif what == "corrupt-hypervisor":
        why = r"hypervisor image: hash mismatch"
    else:
        cfg = bytearray((jhtest.QV / "system.cell").read_bytes())
        cfg[0:6] = b"XXXXXX"  # signature
        system = tmp_path / "bad-system.cell"
        system.write_bytes(bytes(cfg))
        why = r"system config"
    bundle = two_cells_bundle(tmp_path, hv_image, system=system,
                              extra=["--force"])
    if what == "corrupt-hypervisor":
        flip_byte(bundle, jhtest.STANDIN.read_bytes())
    con = qemu.boot(bundle,
                    timeout=150, allow=["jhboot: ERROR:"],
                    bad=jhtest.LINUX_BAD_STRINGS)
    ready = con.wait(r"jhboot-init: ready", timeout=140)
    if what == "corrupt-hypervisor":
        con.assert_in_order([r"jhboot: ERROR: hypervisor \(hypervisor\): "
                             r"sha256 mismatch", r"jhboot:   expected ",
                             r"jhboot:   actual "])
    con.assert_in_order([rf"system runs WITHOUT the hypervisor: .*{why}",
                         r"jhboot: starting the root Linux natively"])
    con.assert_absent(['jhboot: cell "demo": creating', "demo[e2e]"])
    # with a readable system config, its hypervisor memory stays out of
    # Linux; without one jhboot cannot know it
    check_root_linux(con, ready, 4, {"the hypervisor memory": HV_MEM}
                     if what != "bad-system-config" else {})


@pytest.mark.parametrize("what", ["corrupt-kernel", "not-an-image"])
def test_bad_root_linux_leaves_cells_running(standin, qemu, tmp_path, what):
    """The root Linux kernel fails its hash, or is no arm64 Image: jhboot
    says so, parks the root CPUs, and both cells keep beating."""
    if what == "corrupt-kernel":
        bundle = two_cells_bundle(tmp_path, jhtest.STANDIN)
        flip_byte(bundle, jhtest.KERNEL.read_bytes()[:1 << 20], at=4096)
        message = r"root Linux kernel .*sha256 mismatch"
    else:
        bundle = two_cells_bundle(tmp_path, jhtest.STANDIN,
                                  kernel=jhtest.DEMO_BIN, extra=["--force"])
        message = r"not an arm64 Image"
    con = qemu.boot(bundle, timeout=90, allow=["jhboot: ERROR:"])
    con.wait(r"jhboot: root Linux not started: the cells keep running",
             timeout=60)
    con.assert_in_order([r"jhboot: cells: 2 of 2 running", message])
    t = len(con.text)
    con.wait_increasing(r"demo\[e2e\]: heartbeat (\d+)", 2, timeout=20,
                        since=t)
    con.wait_increasing(r"demo\[two\]: heartbeat (\d+)", 2, timeout=20,
                        since=t)
    con.assert_absent(["Booting Linux"])


def test_crashing_cell_leaves_the_rest_running(hv, qemu, tmp_path):
    """demo is told to read outside its cell after 3 heartbeats: the
    hypervisor stops it; peer and the root Linux keep running."""
    bundle = two_cells_bundle(tmp_path, hv.image, demo_args="crash-after=3")
    con = qemu.boot(bundle, timeout=200,
                    allow=["Unhandled", "FATAL", "jhboot: ERROR:"],
                    bad=jhtest.LINUX_BAD_STRINGS)
    crash = con.wait(r"demo\[e2e\]: crash-after reached", timeout=120)
    ready = con.wait(r"jhboot-init: ready", timeout=170)
    check_root_linux(con, ready, 2, {"the hypervisor memory": HV_MEM,
                                     "demo's memory": DEMO_RAM,
                                     "peer's memory": PEER_RAM})
    con.wait_increasing(r"demo\[two\]: heartbeat (\d+)", 2, timeout=20,
                        since=ready.end())
    beats = re.findall(r"demo\[e2e\]: heartbeat (\d+)", con.text)
    assert max(int(b) for b in beats) <= 3, "demo kept beating after its crash"
    if hv.name == "jailhouse":
        con.assert_in_order([r"demo\[e2e\]: crash-after reached",
                             r'Parking CPU 3 \(Cell: "demo"\)'],
                            since=crash.start())


def test_crashed_cell_reads_failed(hv, qemu, tmp_path):
    """Without a root Linux jhboot watches the cells: demo, crashing after
    2 heartbeats, is reported FAILED by the hypervisor; peer goes on."""
    bundle = two_cells_bundle(tmp_path, hv.image, linux=False,
                              demo_args="crash-after=2")
    con = qemu.boot(bundle, timeout=90, allow=["Unhandled", "FATAL"])
    failed = con.wait(r'jhboot: cell "demo" \(id 1\) is now FAILED '
                      r"\(CELL_GET_STATE 3\) at \d+ ms", timeout=60)
    con.assert_in_order([r"jhboot: root Linux not started",
                         r"demo\[e2e\]: crash-after reached",
                         r'cell "demo" \(id 1\) is now FAILED'])
    con.wait_increasing(r"demo\[two\]: heartbeat (\d+)", 2, timeout=20,
                        since=failed.end())
    con.assert_absent(['cell "peer" (id 2) is now'])
