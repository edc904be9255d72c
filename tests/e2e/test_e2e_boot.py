# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
"""QEMU end-to-end tests of the whole type-1 boot.

Each test builds a bundle with jhboot-mkbundle, boots QEMU virt with
jhboot.bin and checks what a user sees on the console. Every test that
takes the `hv` fixture runs twice: on the stand-in hypervisor (a test
fixture, no isolation) and on the real Jailhouse from JAILHOUSE_DIR.
"""
import re
import subprocess

import pytest

import jhtest
from jhtest import Cell

SMP = 4
# jhboot's qemu-virt configs (configs/qemu-virt/*.c)
HV_MEM = (0x7fc00000, 0x7fffffff)
DEMO_RAM = (0x7fa00000, 0x7fafffff)
DEMO_ARGS = "name=e2e heartbeat-ms=500"
HEARTBEAT = r"heartbeat (\d+)"
BOOTARGS = "console=ttyAMA0 nokaslr"


def steps_until_cells(hv, smp, cell, cpu):
    """jhboot's messages from reset to the cells, in order."""
    return [
        r"jhboot 0\.1: type-1 boot",
        rf"jhboot: CPUs: {smp} of {smp} up",
        r"jhboot: bundle at 0x[0-9a-f]+",
        rf"jhboot: entering the hypervisor on {smp} CPUs",
        *hv.banner,
        rf"jhboot: hypervisor enabled on {smp} CPUs",
        rf'jhboot: cell "{cell}": creating',
        rf'jhboot: cell "{cell}" \(id 1\) running on CPU {cpu}',
        r"jhboot: cells: 1 of 1 running",
    ]


ROOT_LINUX_STEPS = [
    r"jhboot: root DT: ",
    r"jhboot: root Linux: kernel \d+ bytes at 0x",
    r"jhboot: timeline: ",
    r"jhboot: starting the root Linux",
    r"jhboot-init: reached /init",
]


def demo_bundle(tmp_path, hv, linux=False):
    qv = jhtest.QV
    return jhtest.make_bundle(
        tmp_path, hv.image, qv / "system.cell",
        cells=[Cell(qv / "demo.cell", [(jhtest.DEMO_BIN, 0)], DEMO_ARGS)],
        linux=jhtest.KERNEL if linux else None,
        initrd=jhtest.ROOTFS if linux else None,
        bootargs=BOOTARGS if linux else None)


def shell_query(con, expr, tries=3, timeout=20):
    """Have the root Linux shell print $(expr) between two tokens and
    return the value; only a complete, uninterrupted token counts (other
    cells write to the same UART)."""
    token = "Q7"
    rx = re.compile(rf"{token}:([0-9a-f ,x-]*):{token}")
    for attempt in range(tries):
        mark = len(con.text)
        con.send(f'echo "{token}:$({expr}):{token}"')
        try:
            return con.wait_for(lambda t: rx.search(t, mark), f"answer "
                                f"to {expr!r}", timeout).group(1)
        except jhtest.ConsoleFailure:
            if attempt == tries - 1 or not con.failed.startswith("timeout"):
                raise
            con.failed = None
    raise AssertionError("unreachable")


def assert_started_once(con, name):
    """A cell that is started twice during boot restarts from scratch:
    state lost, heartbeat numbering back to 1."""
    n = con.text.count(f"demo[{name}]: started on CPU")
    assert n == 1, f"the demo cell printed its start banner {n} times"


def check_root_linux(con, ready, nproc, forbidden):
    """nproc and System RAM of the root Linux, asked on its shell."""
    got = shell_query(con, "nproc")
    assert int(got) == nproc, f"root Linux has {got} CPUs, expected {nproc}"
    listing = shell_query(con, "grep 'System RAM' /proc/iomem | cut -d' ' "
                          "-f1 | tr '\\n' ,")
    ram = [tuple(int(x, 16) for x in r.split("-"))
           for r in listing.split(",") if r]
    assert ram, f"no System RAM in /proc/iomem: {listing!r}"
    for name, (start, end) in forbidden.items():
        bad = jhtest.overlaps(ram, start, end)
        assert not bad, (f"root Linux System RAM {[f'{a:#x}-{b:#x}' for a, b in bad]}"
                         f" overlaps {name} {start:#x}-{end:#x}")
    # (/init printed the same facts, but cells printing on the same UART
    # can split those lines: the shell's answers above are what counts)
    return ram


# --------------------------------------------------------------- tests


def test_enable_and_demo_cell(hv, qemu, tmp_path):
    """No root Linux: the hypervisor is enabled on every CPU, the demo cell
    starts on CPU 3 with its parameters and keeps beating."""
    con = qemu.boot(demo_bundle(tmp_path, hv), smp=SMP, timeout=60)
    started = con.wait(r"demo\[e2e\]: started on CPU 3 at counter \d+",
                       timeout=40)
    con.wait_increasing(HEARTBEAT, 2, timeout=20, since=started.end())
    con.assert_in_order(steps_until_cells(hv, SMP, "demo", 3))
    con.assert_in_order([r"jhboot: entering the hypervisor",
                         r"demo\[e2e\]: started on CPU 3"])
    con.wait(r"jhboot: root Linux not started", timeout=10)
    assert_started_once(con, "e2e")
    # the timeline names every step of the boot
    con.assert_in_order([r"jhboot: timeline: .*jhboot entry",
                         r"jhboot: timeline: .*hypervisor enabled",
                         r'jhboot: timeline: .*cell started "demo"'])


def test_root_linux(hv, qemu, tmp_path):
    """Issue 4: the root Linux boots on what is left (3 CPUs, RAM without
    the hypervisor's and the demo cell's memory) while the cell beats on."""
    con = qemu.boot(demo_bundle(tmp_path, hv, linux=True), smp=SMP,
                    timeout=150, bad=jhtest.LINUX_BAD_STRINGS)
    ready = con.wait(r"jhboot-init: ready", timeout=130)
    con.assert_in_order(steps_until_cells(hv, SMP, "demo", 3)
                        + ROOT_LINUX_STEPS)
    before = [int(n) for n in re.findall(HEARTBEAT, con.text[:ready.start()])]
    assert before, "no demo heartbeat while the root Linux booted"
    check_root_linux(con, ready, SMP - 1,
                     {"the hypervisor memory": HV_MEM,
                      "the demo cell's RAM": DEMO_RAM})
    # the cell was not restarted or stopped by the root Linux boot
    after = con.wait_increasing(HEARTBEAT, 2, timeout=20, since=ready.end())
    assert_started_once(con, "e2e")
    assert after[0] > max(before), (
        f"heartbeat numbering restarted: up to {max(before)} before "
        f"/init, then {after}")


def bus_dtb(tmp_path, smp):
    """QEMU virt's own DT, with the UART and the GIC moved under
    simple-buses whose `ranges` translate (as on TI K3 or i.MX8 boards):
    jhboot must read their CPU addresses through the ranges."""
    dumped = tmp_path / "virt.dtb"
    subprocess.run([jhtest.QEMU, "-M", "virt,virtualization=on,"
                    f"gic-version=3,its=off,dumpdtb={dumped}",
                    "-cpu", "cortex-a57", "-smp", str(smp), "-m", "1G",
                    "-nographic", "-nic", "none"], check=True,
                   capture_output=True)
    dts = subprocess.run(["dtc", "-q", "-I", "dtb", "-O", "dts", dumped],
                         check=True, capture_output=True, text=True).stdout

    def move(dts, node, bus, base, size, new_reg):
        m = re.search(r"\n\t" + re.escape(node) + r" \{\n(.*?)\n\t\};",
                      dts, re.S)
        assert m, f"{node} not in QEMU's DT"
        body = re.sub(r"reg = <[^>]*>;", f"reg = <{new_reg}>;", m.group(1))
        body = body.replace("\n\t\t", "\n\t\t\t")
        name = node.split("@")[0]
        wrapped = (f"\n\t{bus} {{\n\t\tcompatible = \"simple-bus\";\n"
                   f"\t\t#address-cells = <1>;\n\t\t#size-cells = <1>;\n"
                   f"\t\tranges = <0x0 0x0 {base:#x} {size:#x}>;\n"
                   f"\t\t{name}@0 {{\n\t{body}\n\t\t}};\n\t}};")
        return dts[:m.start()] + wrapped + dts[m.end():], f"/{bus}/{name}@0"

    dts, uart = move(dts, "pl011@9000000", "bus@9000000", 0x9000000,
                     0x1000, "0x0 0x1000")
    dts, _ = move(dts, "intc@8000000", "bus@8000000", 0x8000000,
                  0x1000000, "0x0 0x10000 0xa0000 0xf60000")
    dts = re.sub(r'stdout-path = "[^"]*";', f'stdout-path = "{uart}";', dts)
    src = tmp_path / "bus.dts"
    src.write_text(dts)
    out = tmp_path / "bus.dtb"
    subprocess.run(["dtc", "-q", "-I", "dts", "-O", "dtb", "-o", out, src],
                   check=True)
    return out


def test_dt_with_translating_buses(hv, qemu, tmp_path):
    """The UART and the GIC behind simple-bus `ranges`: jhboot finds them
    at their CPU addresses, boots the cell and the root Linux."""
    dtb = bus_dtb(tmp_path, SMP)
    con = qemu.boot(demo_bundle(tmp_path, hv, linux=True), smp=SMP,
                    timeout=150, bad=jhtest.LINUX_BAD_STRINGS,
                    extra_args=["-dtb", dtb])
    ready = con.wait(r"jhboot-init: ready", timeout=130)
    con.assert_in_order([r"jhboot: DT at 0x[0-9a-f]+ \(\d+ bytes\), 4 CPUs, "
                         r"GICv3 D 0x8000000 R 0x80a0000",
                         *steps_until_cells(hv, SMP, "demo", 3)[1:]])
    check_root_linux(con, ready, SMP - 1,
                     {"the hypervisor memory": HV_MEM,
                      "the demo cell's RAM": DEMO_RAM})


# ------------------------------------------- real Jailhouse, upstream configs

UPSTREAM_SMP = 16
TIMER = r"Timer fired, jitter"


def upstream_bundle(tmp_path, up, linux=False):
    return jhtest.make_bundle(
        tmp_path, up["hypervisor"], up["system"],
        cells=[Cell(up["inmate_demo"], [(up["gic_demo"], 0)])],
        linux=jhtest.KERNEL if linux else None,
        initrd=jhtest.ROOTFS if linux else None,
        bootargs=BOOTARGS if linux else None)


def check_upstream_enable(con):
    cpus = con.wait_count(r"CPU (\d+)\.\.\. OK", UPSTREAM_SMP, timeout=1)
    ids = sorted(int(m.group(1)) for m in cpus)
    assert ids == list(range(UPSTREAM_SMP)), f"CPUs initialised: {ids}"
    con.assert_in_order([
        rf"jhboot: entering the hypervisor on {UPSTREAM_SMP} CPUs",
        r"Initializing Jailhouse hypervisor",
        r"Activating hypervisor",
        rf"jhboot: hypervisor enabled on {UPSTREAM_SMP} CPUs",
        r'jhboot: cell "inmate-demo" \(id 1\) running on CPU 1',
        r"jhboot: cells: 1 of 1 running",
    ])
    # Jailhouse prints "Started cell" while the cell already runs and
    # prints on the same UART, so that line can be mixed with gic-demo's
    con.assert_in_order([r'Cell "inmate-demo" can be loaded',
                         r"Initializing the timer", TIMER])


def test_upstream_gic_demo(upstream, qemu, tmp_path):
    """Upstream's qemu-arm64 system config at -smp 16 with upstream's
    gic-demo cell: Jailhouse comes up on all 16 CPUs, the timer fires."""
    con = qemu.boot(upstream_bundle(tmp_path, upstream),
                    smp=UPSTREAM_SMP, timeout=120)
    con.wait_count(TIMER, 3, timeout=110)
    check_upstream_enable(con)


def test_upstream_gic_demo_root_linux(upstream, qemu, tmp_path):
    """The same plus Debian's kernel as the root Linux: it gets the 15
    CPUs and the RAM the cells leave, while gic-demo keeps running."""
    con = qemu.boot(upstream_bundle(tmp_path, upstream, linux=True),
                    smp=UPSTREAM_SMP, timeout=180,
                    bad=jhtest.LINUX_BAD_STRINGS)
    ready = con.wait(r"jhboot-init: ready", timeout=170)
    check_upstream_enable(con)
    con.assert_in_order(ROOT_LINUX_STEPS)
    check_root_linux(con, ready, UPSTREAM_SMP - 1,
                     {"the hypervisor and inmate-demo memory":
                      (0x7fa00000, 0x7fffffff)})
    con.wait_count(TIMER, 2, timeout=30, since=ready.end())
