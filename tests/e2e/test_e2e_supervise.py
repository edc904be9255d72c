# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
"""Supervised mode (docs/supervised-mode.md): jhboot stays the root cell,
watches the cells, restarts them per policy, takes commands on the console
and requests from cells through their mailboxes.

Every test with the `hv` fixture runs on the stand-in (CI) and, when
JAILHOUSE_DIR is set, on the real Jailhouse. The Linux-cell tests that need
a virtual GIC run on the real Jailhouse only; on the stand-in the Linux
cell's kernel starts and stops at its GIC, which still tests jhboot's side
(placement, DT fix-up, entry stub, restart of a hung Linux cell).

The bundles use jhboot's qemu-virt configs: demo on CPU 3 (RAM 0x7fa00000,
shared page 0x7fb00000), peer on CPU 2 (0x7f800000, 0x7fb02000), linux on
CPUs 1-2 (0x70000000, 0x7fb01000).
"""
import re

import pytest

import jhtest
from jhtest import Cell

SMP = 4
DEMO_MBOX = 0x7fb00000
PEER_MBOX = 0x7fb02000
LINUX_MBOX = 0x7fb01000
HB_OFF = 0x18  # the mailbox's heartbeat word (jhboot_mailbox.h)
LOGGED = r"jhboot:   \[ *\d+\.\d{3} s\] "  # an entry of `log`
CELL_BOOTARGS = "console=ttyAMA0 cma=0 nokaslr rdinit=/sbin/jhboot-cell-init"
# Jailhouse reports the deliberate crash with "Unhandled data read"
CRASH_ALLOW = ["Unhandled"]
FREQ = 62500000  # QEMU virt's counter


def demo_cell(args, extra=(), config="demo.cell", name="demo"):
    return Cell(jhtest.QV / config, [(jhtest.DEMO_BIN, 0)],
                f"name={name} {args}", list(extra))


def supervised(tmp_path, hv, cells):
    return jhtest.make_bundle(tmp_path, hv.image, jhtest.QV / "system.cell",
                              cells=cells, extra=["--supervise"])


def boot(qemu, bundle, timeout=60, allow=(), bad=()):
    con = qemu.boot(bundle, smp=SMP, timeout=timeout, allow=allow, bad=bad)
    # a Linux cell may already print on the same UART
    con.wait_mixed("] supervisor started, ", timeout=40)
    return con


def command(con, line, answer, timeout=20):
    """A control command on the console; answer: a regex of its reply."""
    mark = len(con.text)
    con.send(line)
    return con.wait(answer, timeout=timeout, since=mark)


def event_log(con, n=40):
    """The supervisor's event log as the `log` command prints it, one
    event per line. Cells print on the same UART and can split jhboot's
    lines as they happen (jailhouse-interface.md §14.8); ask for the log
    once the cells are quiet and check order and timestamps there."""
    mark = len(con.text)
    con.send(f"log {n}")
    head = con.wait(r"jhboot: log: last (\d+) of \d+ event", timeout=20,
                    since=mark)
    want = int(head.group(1))
    entry = re.compile(r"jhboot:   \[ *\d+\.\d{3} s\] [^\r\n]*\r*\n")
    found = con.wait_for(
        lambda t: (lambda e: e if len(e) >= want else None)(
            entry.findall(t, head.end())),
        f"{want} log entries", 20)
    return "".join(found)


def in_order(text, regexes):
    """Every regex in text, each after the previous one."""
    pos = 0
    for rx in regexes:
        m = re.compile(rx).search(text, pos)
        assert m, f"/{rx}/ not found in order in:\n{text}"
        pos = m.end()


def assert_no_root_linux(con):
    """In supervised mode the root is jhboot: no Linux ever runs there."""
    con.assert_absent(["jhboot: starting the root Linux",
                       "jhboot: root DT:"])
    # (a Linux cell may already print on the same UART)
    con.wait_mixed("jhboot: supervised mode: jhboot stays the root cell on "
                   "CPU 0", timeout=1)


def latencies(con):
    """(crash counter, detection counter) pairs -> detection latencies in
    ms; the demo prints its counter right before it faults."""
    crashes = [int(c) for c in re.findall(r"crashing at counter (\d+)",
                                          con.text)]
    detects = sorted({int(c) for c in re.findall(
        r"detected: failed \(cell state FAILED\) \(counter (\d+)", con.text)})
    out = []
    for d in detects:
        before = [c for c in crashes if c < d]
        if before:
            out.append((d - max(before)) * 1000.0 / FREQ)
    return out


# ------------------------------------------------------------ recovery


def test_crash_restarted_until_limit(hv, qemu, tmp_path):
    """A cell that crashes (FAILED) is restarted from its pristine image,
    each detection and restart logged with its time; after N restarts it
    stays down and says why."""
    con = boot(qemu, supervised(tmp_path, hv, [
        demo_cell("heartbeat-ms=200 crash-after=2",
                  ["--restart", "on-failure:3"])]), allow=CRASH_ALLOW)
    con.wait(r'stays down: failed \(cell state FAILED\), restart limit 3 '
             r'reached', timeout=40)
    steps = []
    for n in (1, 2, 3):
        steps += [
            LOGGED + r'cell "demo": detected: failed \(cell state FAILED\)',
            LOGGED + rf'cell "demo": restarted \(automatic restart {n} of '
            r'3\) in \d+\.\d+ ms, \d+\.\d+ ms after detection']
    in_order(event_log(con), steps + [
        LOGGED + r'cell "demo": detected: failed',
        LOGGED + r'cell "demo": stays down'])
    assert con.count_mixed("demo[demo]: started on CPU 3") == 4
    lat = latencies(con)
    assert len(lat) >= 3, f"crash/detection pairs: {lat}"
    print(f"{hv.name}: crash detection latencies (ms): "
          f"{', '.join(f'{x:.1f}' for x in lat)}")
    # polled every 10 ms; generous for a loaded TCG host
    assert max(lat) < 1000, f"detection took {max(lat):.0f} ms"
    assert_no_root_linux(con)


@pytest.mark.parametrize("args, hb, cause", [
    ("heartbeat-ms=200 hang-after=3 shared=0x7fb00018", "0x7fb00018:600",
     r"missed heartbeat \(word at 0x7fb00018 stuck at 3 for \d+ ms, "
     r"timeout 600 ms\)"),
    ("heartbeat-ms=200", "0x7fb00018:300:800",
     r"no first heartbeat \(word at 0x7fb00018 still 0 \d+ ms after the "
     r"start, allowed 800 ms\)"),
], ids=["hang", "never-beats"])
def test_hung_cell_restarted(hv, qemu, tmp_path, args, hb, cause):
    """A cell whose heartbeat word stops moving (or never starts) is
    restarted; its CPU is taken back first."""
    con = boot(qemu, supervised(tmp_path, hv, [
        demo_cell(args, ["--restart", "on-failure:2", "--heartbeat", hb,
                         "--mailbox", f"{DEMO_MBOX:#x}"])]))
    con.wait(r'stays down: ' + cause, timeout=40)
    log = event_log(con)
    in_order(log, [LOGGED + r'cell "demo": detected: ' + cause,
                   LOGGED + r'cell "demo": restarted \(automatic restart '
                   r'1 of 2\)',
                   LOGGED + r'cell "demo": detected: ' + cause,
                   LOGGED + r'cell "demo": restarted \(automatic restart '
                   r'2 of 2\)',
                   LOGGED + r'cell "demo": detected: ' + cause,
                   LOGGED + r'cell "demo": stays down: ' + cause +
                   r', restart limit 2 reached'])
    assert con.count_mixed("]: started on CPU 3 at counter") == 3


def test_shut_down_cell(hv, qemu, tmp_path):
    """A cell that sets its state to SHUT_DOWN is restarted on-failure,
    and left down with policy never (the default)."""
    con = boot(qemu, supervised(tmp_path, hv, [
        demo_cell("heartbeat-ms=200 shutdown-after=2",
                  ["--restart", "on-failure:1"]),
        demo_cell("heartbeat-ms=200 shutdown-after=3", [],
                  config="peer.cell", name="peer")]))
    con.wait(r'SHUT_DOWN\) \(restart policy: never\)', timeout=40)
    con.wait(r'SHUT_DOWN\), restart limit 1 reached', timeout=20)
    log = event_log(con)
    in_order(log, [LOGGED + r'cell "demo": detected: shut down \(cell '
                   r'state SHUT_DOWN\)',
                   LOGGED + r'cell "demo": restarted \(automatic restart 1 '
                   r'of 1\)',
                   LOGGED + r'cell "demo": stays down: shut down \(cell '
                   r'state SHUT_DOWN\), restart limit 1 reached'])
    in_order(log, [LOGGED + r'cell "peer": detected: shut down',
                   LOGGED + r'cell "peer": stays down: shut down \(cell '
                   r'state SHUT_DOWN\) \(restart policy: never\)'])


# ------------------------------------------------------------ console


def test_console_commands(hv, qemu, tmp_path):
    """list, stop, start, restart, log on the hypervisor's debug UART."""
    con = boot(qemu, supervised(tmp_path, hv, [
        demo_cell("heartbeat-ms=300 shared=0x7fb00018",
                  ["--restart", "on-failure", "--heartbeat",
                   "0x7fb00018:2000", "--mailbox", f"{DEMO_MBOX:#x}"])]))
    con.wait(r"demo\[demo\]: heartbeat 1", timeout=20)
    command(con, "help", r"jhboot: commands: list \| restart NAME")
    command(con, "list", r"jhboot: demo +1 +running +3 +0/inf +\d+\.\ds "
            r"+heartbeat watched")
    command(con, "stop demo", r"jhboot: stop demo: ok")
    command(con, "list", r"jhboot: demo +1 +stopped +3 .*stopped by console")
    # stopped: no restart although the heartbeat stands still
    con.assert_not_seen(r'cell "demo": detected', 3)
    command(con, "start demo", r"jhboot: start demo: ok")
    command(con, "start demo", r"jhboot: start demo: not possible in the "
            r"cell's state")
    command(con, "restart demo", r"jhboot: restart demo: ok")
    command(con, "restart nope", r"jhboot: restart nope: no such cell")
    command(con, "frobnicate", r'jhboot: unknown command "frobnicate"')
    con.wait(r"demo\[demo\]: heartbeat 2", timeout=20,
             since=con.text.rfind("]: started on CPU 3"))
    command(con, "stop demo", r"jhboot: stop demo: ok")
    in_order(event_log(con), [
        LOGGED + r'cell "demo": stopped \(requested by console\)',
        LOGGED + r'cell "demo": start requested by console',
        LOGGED + r'cell "demo": started \(requested by console\) in '
        r'\d+\.\d{3} ms',
        LOGGED + r'cell "demo": restart requested by console',
        LOGGED + r'cell "demo": restarted \(requested by console\) in '
        r'\d+\.\d{3} ms',
        LOGGED + r'cell "demo": stopped \(requested by console\)'])
    assert con.count_mixed("]: started on CPU 3 at counter") == 3
    con.assert_absent(['cell "demo": detected'])


# ------------------------------------------------------------ mailboxes


def test_mailbox_requests_and_rights(hv, qemu, tmp_path):
    """A bare-metal cell asks jhboot through its mailbox: what its --may
    list grants is done, everything else is refused with EPERM."""
    con = boot(qemu, supervised(tmp_path, hv, [
        demo_cell("heartbeat-ms=300", ["--restart", "on-failure"]),
        demo_cell("heartbeat-ms=300 mailbox=0x7fb02000 request-after=2 "
                  "request=status,restart:demo,stop:demo,restart:peer",
                  ["--mailbox", f"{PEER_MBOX:#x}",
                   "--may", "status,restart:demo"],
                  config="peer.cell", name="peer")]))
    con.wait(r"reply: restart peer: refused", timeout=40)
    # what the peer printed, in order (jhboot's lines can cut into it)
    at = 0
    for text in ["request status: sent", "result 0 (ok)", "reply: demo",
                 "request restart demo: sent", "result 0 (ok)",
                 "request stop demo: sent", "result -1 (refused)",
                 "reply: stop demo: refused: no right",
                 "request restart peer: sent", "result -1 (refused)"]:
        at = con.wait_mixed(text, timeout=10, since=at)[1]
    assert con.count_mixed("]: started on CPU 2 at counter") == 1
    # the demo cell runs on after the refused stop
    con.wait(r"demo\[demo\]: heartbeat 3", timeout=20,
             since=con.text.rfind("]: started on CPU 3"))
    command(con, "stop peer", r"jhboot: stop peer: ok")
    command(con, "stop demo", r"jhboot: stop demo: ok")
    in_order(event_log(con), [
        LOGGED + r'cell "peer" asks: restart demo: allowed',
        LOGGED + r'cell "demo": restart requested by cell "peer"',
        LOGGED + r'cell "demo": restarted \(requested by cell "peer"\)',
        LOGGED + r'cell "peer" asks: stop demo: REFUSED \(its rights: '
        r'status,restart:demo\)',
        LOGGED + r'cell "peer" asks: restart peer: REFUSED'])
    # (demo's second "started" line, after the restart, can be cut by
    # jhboot's lines: the event log above is the record of the restart)


# ------------------------------------------------------------ Linux cell


def linux_cell(may="status,restart:demo", hb="2000:60000", restart="never",
               bootargs=CELL_BOOTARGS):
    qv = jhtest.QV
    extra = ["--linux-image", jhtest.KERNEL, "--linux-dtb",
             qv / "linux-cell.dtb", "--linux-initrd", jhtest.ROOTFS,
             "--bootargs", bootargs, "--mailbox", f"{LINUX_MBOX:#x}",
             "--restart", restart]
    if may:
        extra += ["--may", may]
    if hb:
        extra += ["--heartbeat", f"{LINUX_MBOX + HB_OFF:#x}:{hb}"]
    return Cell(qv / "linux.cell", extra=extra)


def shell(con, line, answer, timeout=30):
    """Run a command on the Linux cell's shell; demo output may interleave
    with the answer, so the regexes are short."""
    mark = len(con.text)
    con.send(line)
    return con.wait(answer, timeout=timeout, since=mark)


def test_linux_cell_on_standin(standin_hv, qemu, tmp_path):
    """Stand-in only (no virtual GIC): jhboot places the kernel, initrd and
    fixed-up DT, its stub enters the kernel on the cell's first CPU, and
    the kernel, stopped at its GIC, never beats: the cell is restarted from
    the pristine images, then stays down, and the console it owned (it
    takes the UART interrupt) is jhboot's again."""
    hv = standin_hv  # the real Jailhouse runs all of it: test_linux_cell_jhctl
    con = boot(qemu, supervised(tmp_path, hv, [
        linux_cell(hb="300:3000", restart="on-failure:1",
                   bootargs="earlycon=pl011,0x09000000 console=ttyAMA0 "
                            "cma=0 test-marker=7")]),
        timeout=120)
    # the kernel prints all the time on the same UART: jhboot's lines are
    # read with wait_mixed
    detected = con.wait_mixed('cell "linux": detected: no first heartbeat',
                              timeout=90)
    con.wait_mixed('cell "linux": restarted (automatic restart 1 of 1)',
                   timeout=30, since=detected[1])
    # the kernel boots again (its first boot's lines run through jhboot's
    # timeline table, so that one is known from jhboot's events)
    con.wait_mixed("Booting Linux on physical CPU 0x0000000001", timeout=30,
                   since=detected[1])
    con.assert_in_order([
        r'jhboot: cell "linux": Linux: DT at 0x70000000, kernel at '
        r'0x70200000, initrd \d+ bytes at 0x7[0-9a-f]+, entry stub at 0x0'])
    at = 0
    for text in ["jhboot: cells: 1 of 1 running",
                 'cell "linux": detected: no first heartbeat']:
        at = con.wait_mixed(text, timeout=1, since=at)[1]
    # the kernel's own lines: the cell boots twice and its output can be
    # mixed with jhboot's, so each is looked for on its own
    for rx in (r"Machine model: jhboot linux cell on QEMU virt",
               r"node +0: \[mem 0x0000000070000000-0x0000000077ffffff\]",
               r"Kernel command line: earlycon=pl011,0x09000000 "
               r"console=ttyAMA0 cma=0 test-marker=7"):
        assert re.search(rx, con.text), f"/{rx}/ not on the console"
    # the cell owned the UART's interrupt: the console was its own until
    # it went down, then jhboot's again
    con.wait(r'cell "linux": stays down: no first heartbeat', timeout=30)
    con.wait(r"control: console input is jhboot's again", timeout=5)
    command(con, "list", r"jhboot: linux +1 +down +1,2 +1/1 ")
    # (printed while the kernel boots on the same UART)
    con.wait_mixed('control: console input belongs to cell "linux" '
                   "(it owns the UART interrupt 33)", timeout=1)
    assert_no_root_linux(con)


def test_linux_cell_jhctl(jailhouse_hv, qemu, tmp_path):
    """Real Jailhouse: Linux runs in a non-root cell; from its shell
    `jhctl list` and `jhctl restart demo` work, `jhctl stop demo` is
    refused (no right); when its heartbeat stops, the Linux cell is
    restarted."""
    hv = jailhouse_hv  # the stand-in has no virtual GIC: ..._on_standin
    con = boot(qemu, supervised(tmp_path, hv, [
        linux_cell(restart="on-failure:1"),
        demo_cell("heartbeat-ms=1000", ["--restart", "on-failure"])]),
        timeout=240, bad=jhtest.LINUX_BAD_STRINGS)
    con.wait(r"jhboot-init: ready", timeout=150)
    con.wait(r"jhboot-cell-init: mailbox found", timeout=1)
    shell(con, "jhctl list", r"status: ok")
    con.assert_in_order([r"linux +1 +running +1,2 ", r"demo +2 +running +3 "],
                        since=con.text.rfind("jhctl list"))
    shell(con, "jhctl restart demo; echo rc=$?", r"rc=0")
    con.assert_in_order([
        r'cell "linux" asks: restart demo: allowed',
        r'cell "demo": restarted \(requested by cell "linux"\)',
        r"restart demo: ok"], since=con.text.rfind("jhctl restart demo"))
    shell(con, "jhctl stop demo; echo rc=$?", r"rc=1")
    con.assert_in_order([
        r'cell "linux" asks: stop demo: REFUSED',
        r"stop demo: refused: no right"],
        since=con.text.rfind("jhctl stop demo"))
    assert con.count_mixed("demo[demo]: started on CPU 3") == 2
    # the heartbeat stops: jhboot restarts the Linux cell
    mark = len(con.text)
    con.send("kill $(pidof jhctl)")
    con.wait(r'cell "linux": detected: missed heartbeat', timeout=30,
             since=mark)
    con.wait(r'cell "linux": restarted \(automatic restart 1 of 1\)',
             timeout=60, since=mark)
    con.wait(r"jhboot-init: ready", timeout=150, since=mark)
    assert_no_root_linux(con)


def test_upstream_linux_demo(upstream, qemu, tmp_path):
    """Real Jailhouse, upstream's configs at -smp 16: Debian's kernel in
    upstream's linux-demo cell with upstream's inmate DT (fixed up by
    jhboot), next to gic-demo, with jhboot as the root."""
    from test_e2e_boot import shell_query
    d = upstream["hypervisor"].parents[1]
    cell = d / "configs" / "arm64" / "qemu-arm64-linux-demo.cell"
    dtb = d / "configs" / "arm64" / "dts" / "inmate-qemu-arm64.dtb"
    for p in (cell, dtb):
        if not p.exists():
            pytest.fail(f"JAILHOUSE_DIR={d}: {p} not built")
    bundle = jhtest.make_bundle(
        tmp_path, upstream["hypervisor"], upstream["system"], cells=[
            Cell(cell, extra=["--linux-image", jhtest.KERNEL,
                              "--linux-dtb", dtb,
                              "--linux-initrd", jhtest.ROOTFS,
                              "--bootargs", "console=ttyAMA0 cma=0 nokaslr",
                              "--restart", "on-failure:1"]),
            Cell(upstream["inmate_demo"], [(upstream["gic_demo"], 0)],
                 extra=["--restart", "on-failure"])],
        extra=["--supervise"])
    con = qemu.boot(bundle, smp=16, timeout=240,
                    bad=jhtest.LINUX_BAD_STRINGS)
    con.wait(r"jhboot-init: ready", timeout=220)
    con.assert_in_order([
        r'cell "qemu-arm64-linux-demo": DT: GICv3 redistributor range '
        r'0xf60000 -> 0x200000',
        r'cell "qemu-arm64-linux-demo" \(id 1\) running on CPU 2',
        r"\] supervisor started"])
    assert shell_query(con, "nproc") == "2"
    assert shell_query(con, "grep 'System RAM' /proc/iomem | cut -d' ' "
                       "-f1") == "70000000-77ffffff"
    con.wait(r"Timer fired", timeout=20, since=len(con.text))
    assert_no_root_linux(con)
