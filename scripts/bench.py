#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
"""make bench, the measuring half (scripts/bench.sh prepares; docs/bench.md).

Runs QEMU one instance at a time, each under `timeout`, reads the console
as it arrives and stamps lines with the host clock:

1. bench mode of the firmware under -icount shift=0 (1 instruction = 1 ns):
   copy and SHA-256 cost in instructions per byte;
2. the demo bundle under -icount: jhboot's own work until the first cell
   starts (the timeline's own-work line), the boot timeline, and the
   end-to-end guest times (reported, never the headline);
3. the demo bundle in plain TCG, N times: host time from QEMU start to the
   demo cell's first line, to jhboot's jump into the root Linux and to the
   root's /init; medians.

Prints every run's figures, then one summary line, and writes the boot
timeline as an SVG. Never fails on timing: what cannot be measured is n/a.
"""
import argparse
import html
import math
import os
import re
import select
import signal
import statistics
import subprocess
import sys
import time

MACHINE = "virt,virtualization=on,gic-version=3,its=off"
BASE = ["-cpu", "cortex-a57", "-smp", "4", "-m", "1G", "-nographic",
        "-nic", "none"]
ICOUNT = ["-icount", "shift=0,sleep=off",
          "-rtc", "base=2024-01-01T00:00:00,clock=vm"]

RE_DEMO = re.compile(r"demo\[([^\]]*)\]: started on CPU (\d+) at counter "
                     r"(\d+) \(freq (\d+) Hz\)")
RE_LINUX = re.compile(r"jhboot: starting the root Linux")
RE_INIT = re.compile(r"jhboot-init: reached /init at uptime ([0-9.]+) s")
RE_OWN = re.compile(r"jhboot: timeline: own work until the first cell "
                    r"start: (\d+) us \(hypervisor calls excluded: (\d+) us"
                    r"(?:, waits excluded: (\d+) us)?\)")
RE_TLHEAD = re.compile(r"jhboot: timeline: counter frequency (\d+) Hz, "
                       r"entry at counter (\d+)")
RE_TL = re.compile(r"jhboot: timeline: +(\d+)\.(\d{3}) ms +cpu(\d+) +"
                   r"(.*?)\s*$", re.M)
RE_BENCH = re.compile(r"jhboot: bench: (.+?) (\d+) bytes: (\d+) ns")
RE_BENCH_DONE = re.compile(r"jhboot: bench mode: done")


def say(*a):
    print("bench:", *a, flush=True)


class Run:
    """One QEMU run: console text, and when (host seconds after the
    start) each watched pattern first appeared."""

    def __init__(self, name):
        self.name = name
        self.text = ""
        self.when = {}
        self.match = {}
        self.timed_out = False
        self.rc = None


def run_qemu(name, qemu, args, watch, until, timeout, logdir):
    """Start QEMU under `timeout`, watch the console for the patterns in
    `watch` (name -> regex) and stop it once `until` has been seen."""
    cmd = ["timeout", "-k", "5", str(timeout), qemu] + args
    r = Run(name)
    buf = bytearray()
    scanned = {k: 0 for k in watch}
    t0 = time.monotonic()
    p = subprocess.Popen(cmd, stdin=subprocess.DEVNULL,
                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    fd = p.stdout.fileno()
    try:
        while True:
            ready, _, _ = select.select([fd], [], [], 1.0)
            if not ready:
                if p.poll() is not None:
                    break
                continue
            chunk = os.read(fd, 65536)
            now = time.monotonic() - t0
            if not chunk:
                break
            buf += chunk
            text = buf.decode("latin-1")
            for k, rx in watch.items():
                if k in r.when:
                    continue
                # a match may straddle chunks: rescan a little backwards
                m = rx.search(text, max(0, scanned[k] - 300))
                scanned[k] = len(text)
                if m:
                    r.when[k] = now
                    r.match[k] = m
            if until in r.when:
                break
    finally:
        if p.poll() is None:
            p.send_signal(signal.SIGTERM)  # timeout passes it on to QEMU
        try:
            rest, _ = p.communicate(timeout=15)
            buf += rest or b""
        except subprocess.TimeoutExpired:
            p.kill()
            p.communicate()
    r.rc = p.returncode
    r.timed_out = until not in r.when
    r.text = buf.decode("latin-1")
    with open(os.path.join(logdir, name + ".log"), "w") as f:
        f.write("# " + " ".join(cmd) + "\n" + r.text)
    return r


def parse_timeline(text):
    head = RE_TLHEAD.search(text)
    if not head:
        return None
    # the table printed last (there is one per boot)
    start = text.rfind("jhboot: timeline: counter frequency")
    head = RE_TLHEAD.search(text, start)
    body = text[start:]
    end = body.find("jhboot: timeline: own work")
    if end < 0:
        end = body.find("jhboot: starting")
    if end > 0:
        body = body[:end]
    events = [(int(a) + int(b) / 1000.0, int(c), d)
              for a, b, c, d in RE_TL.findall(body)]
    return {"freq": int(head.group(1)), "entry": int(head.group(2)),
            "events": events}


def fmt(v, nd):
    return "n/a" if v is None else f"{v:.{nd}f}"


def median(vals):
    vals = [v for v in vals if v is not None]
    return statistics.median(vals) if vals else None


# ---- the SVG ------------------------------------------------------------

PALETTE = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f",
           "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac",
           "#86bcb6", "#d37295", "#8cd17d", "#499894", "#f1ce63"]


def nice_step(span, n=10):
    raw = span / n
    mag = 10 ** math.floor(math.log10(raw))
    for m in (1, 2, 2.5, 5):
        if raw <= m * mag:
            return m * mag
    return 10 * mag


OWN_STAMPS = ("CPU up", "hypervisor entered")  # a CPU's own, per CPU


def bars_of(events):
    """Phase bars: a bar ends at its stamp. CPU 0 drives the boot: its
    bar starts at the previous stamp of the table that CPU 0 caused (its
    own, or another CPU's such as "cell started"; not the per-CPU stamps
    "CPU up" and "hypervisor entered" of other CPUs). Another CPU's bar
    starts at the later of its own previous stamp and the last CPU-0 stamp
    of another phase before it (what CPU 0 did that led to it)."""
    bars = []
    last = {}
    for i, (t, cpu, what) in enumerate(events):
        cause = 0.0
        for t0, c0, w0 in reversed(events[:i]):
            if cpu == 0:
                if c0 == 0 or kind(w0) not in OWN_STAMPS:
                    cause = t0
                    break
            elif c0 == 0 and kind(w0) != kind(what):
                cause = t0
                break
        start = cause if cpu == 0 else max(last.get(cpu, 0.0), cause)
        bars.append((cpu, start, t, what))
        last[cpu] = t
    return bars


def kind(what):
    return re.sub(r' ".*"$', "", what)


def svg_panel(o, bars, ncpus, color, marker, tmax, y0, heading):
    """One chart: a lane per CPU, a bar per phase, 0..tmax ms."""
    left, right, lane_h, lane_gap, width = 70, 30, 30, 8, 1100
    plot_w = width - left - right
    top = y0 + 22
    lanes_h = ncpus * (lane_h + lane_gap)

    def x(t):
        return left + plot_w * min(t, tmax) / tmax

    o.append(f'<text x="{left}" y="{y0 + 10}" font-weight="bold">'
             f'{html.escape(heading)}</text>')
    if marker:
        o.append(f'<text x="{left + plot_w}" y="{y0 + 10}" fill="#c00" '
                 f'text-anchor="end">red line: {html.escape(marker[2])}'
                 f'</text>')
    step = nice_step(tmax)
    for i in range(int(tmax / step) + 1):
        t = i * step
        xx = x(t)
        o.append(f'<line x1="{xx:.1f}" y1="{top - 4}" x2="{xx:.1f}" '
                 f'y2="{top + lanes_h}" stroke="#ddd"/>')
        o.append(f'<text x="{xx:.1f}" y="{top + lanes_h + 14}" '
                 f'text-anchor="middle" fill="#555">{t:g}</text>')
    o.append(f'<text x="{left + plot_w / 2}" y="{top + lanes_h + 30}" '
             f'text-anchor="middle">ms since jhboot\'s first instruction'
             f'</text>')
    for cpu in range(ncpus):
        y = top + cpu * (lane_h + lane_gap)
        o.append(f'<rect x="{left}" y="{y}" width="{plot_w}" '
                 f'height="{lane_h}" fill="#f4f4f4"/>')
        o.append(f'<text x="{left - 10}" y="{y + lane_h / 2 + 4}" '
                 f'text-anchor="end" font-weight="bold">cpu{cpu}</text>')
    # a started cell keeps its CPU: a light band to the end of the chart
    for cpu, start, end, what in bars:
        if what.startswith("cell started") and end < tmax:
            y = top + cpu * (lane_h + lane_gap)
            name = what[len("cell started"):].strip()
            o.append(f'<rect x="{x(end):.1f}" y="{y + 7}" '
                     f'width="{x(tmax) - x(end):.1f}" '
                     f'height="{lane_h - 14}" fill="#cfe3cf">'
                     f'<title>cell {html.escape(name)} running</title>'
                     f'</rect>')
            if x(tmax) - x(end) > 8 * len(name) + 70:
                o.append(f'<text x="{x(tmax) - 4:.1f}" '
                         f'y="{y + lane_h / 2 + 4}" text-anchor="end" '
                         f'fill="#2d6a2d">cell {html.escape(name)} '
                         f'running</text>')
    for i, (cpu, start, end, what) in enumerate(bars):
        if start > tmax:
            continue
        y = top + cpu * (lane_h + lane_gap)
        w = max(1.5, x(end) - x(start))
        tip = f"cpu{cpu} {what}: {start:.3f} - {end:.3f} ms " \
              f"({end - start:.3f} ms)"
        o.append(f'<rect x="{x(start):.1f}" y="{y + 3}" width="{w:.1f}" '
                 f'height="{lane_h - 6}" fill="{color[kind(what)]}" '
                 f'stroke="#333" stroke-width="0.4"><title>'
                 f'{html.escape(tip)}</title></rect>')
        label = f"{i + 1} {what}"
        if w < 7 * len(label) + 6:
            label = f"{i + 1}"
        if w > 7 * len(label) + 2:
            o.append(f'<text x="{x(start) + w / 2:.1f}" '
                     f'y="{y + lane_h / 2 + 4}" text-anchor="middle" '
                     f'fill="white">{html.escape(label)}</text>')
    if marker and marker[0] <= tmax:
        mt, mcpu, mlabel = marker
        y = top + mcpu * (lane_h + lane_gap)
        o.append(f'<line x1="{x(mt):.1f}" y1="{y - 3}" x2="{x(mt):.1f}" '
                 f'y2="{y + lane_h + 3}" stroke="#c00" stroke-width="2">'
                 f'<title>{html.escape(mlabel)}</title></line>')
    return top + lanes_h + 50


def write_svg(path, tl, title, subtitle, marker):
    events = tl["events"]
    ncpus = max([e[1] for e in events] + [3]) + 1
    bars = bars_of(events)
    kinds = []
    for b in bars:
        if kind(b[3]) not in kinds:
            kinds.append(kind(b[3]))
    color = {k: PALETTE[i % len(PALETTE)] for i, k in enumerate(kinds)}
    tend = max([e[0] for e in events] + [marker[0] if marker else 0])
    first = [e[0] for e in events if e[2].startswith("cell started")]
    zoom = max(first[0], marker[0] if marker else 0) if first else None

    o = []
    y = 60
    body = []
    y = svg_panel(body, bars, ncpus, color, marker, tend * 1.03 or 1.0, y,
                  "The whole timeline, up to the root Linux")
    if zoom and zoom < 0.5 * tend:
        y = svg_panel(body, bars, ncpus, color, marker, zoom * 1.05, y,
                      "Zoom: up to the first cell's start")
    legend_top = y
    height = legend_top + 18 * (len(bars) + 1) + 20
    width = 1100
    o.append(f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" '
             f'height="{height}" viewBox="0 0 {width} {height}" '
             f'font-family="sans-serif" font-size="12">')
    o.append(f'<rect width="{width}" height="{height}" fill="white"/>')
    o.append(f'<text x="70" y="24" font-size="16" font-weight="bold">'
             f'{html.escape(title)}</text>')
    o.append(f'<text x="70" y="44" fill="#555">'
             f'{html.escape(subtitle)}</text>')
    o += body
    o.append(f'<text x="70" y="{legend_top}" font-weight="bold">'
             f'Phases (a bar ends at its stamp; hover a bar for its '
             f'times)</text>')
    for i, (cpu, start, end, what) in enumerate(bars):
        y = legend_top + 18 * (i + 1)
        o.append(f'<rect x="70" y="{y - 10}" width="12" height="12" '
                 f'fill="{color[kind(what)]}"/>')
        o.append(f'<text x="88" y="{y}">{i + 1}. cpu{cpu} '
                 f'{html.escape(what)}: {start:.3f} → {end:.3f} ms '
                 f'({end - start:.3f} ms)</text>')
    o.append("</svg>")
    with open(path, "w") as f:
        f.write("\n".join(o) + "\n")


# ---- main ---------------------------------------------------------------

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--hv", required=True)
    ap.add_argument("--bundle", required=True)
    ap.add_argument("--jhboot", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--qemu", required=True)
    ap.add_argument("--icount-qemu", default="")
    ap.add_argument("--icount-na", default="")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--timeout", type=int, default=180)
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    kernel = ["-kernel", a.jhboot]
    demo = kernel + ["-initrd", a.bundle]
    watch = {"cell": RE_DEMO, "linux": RE_LINUX, "init": RE_INIT}
    size_kib = os.path.getsize(a.jhboot) / 1024.0

    # 1. bench mode: instructions per byte
    say("[1/3] firmware bench mode under -icount shift=0 "
        "(1 instruction = 1 ns), system QEMU")
    r = run_qemu("icount-benchmode", a.qemu,
                 ["-M", MACHINE + ",dtb-randomness=off"] + BASE + ICOUNT
                 + kernel + ["-append", "jhboot.bench"],
                 {"done": RE_BENCH_DONE}, "done", a.timeout, a.out)
    ipb = {}
    for what, nbytes, ns in RE_BENCH.findall(r.text):
        ipb[what] = int(ns) / int(nbytes)
        say(f"  {what:22s} {int(nbytes) >> 20} MiB: {int(ns):>10d} "
            f"instructions = {ipb[what]:.3f} instructions/byte")
    if r.timed_out:
        say("  bench mode did not finish (see "
            f"{a.out}/icount-benchmode.log)")
    copy_ipb = ipb.get("copy")
    hash_ipb = ipb.get("sha256")

    # 2. own work (and the deterministic timeline) under icount
    minsns = None
    icount_tl = None
    icount_run = None
    if not a.icount_qemu:
        say("[2/3] own work under -icount: n/a:", a.icount_na)
    else:
        ver = subprocess.run([a.icount_qemu, "--version"],
                             capture_output=True, text=True).stdout
        ver = ver.splitlines()[0] if ver else "?"
        say(f"[2/3] demo bundle under -icount shift=0 ({ver})")
        r = run_qemu("icount-demo", a.icount_qemu,
                     ["-M", MACHINE + ",dtb-randomness=off"] + BASE
                     + ICOUNT + demo,
                     dict(watch, own=RE_OWN), "init", a.timeout, a.out)
        icount_run = r
        m = RE_OWN.search(r.text)
        if m:
            minsns = int(m.group(1)) / 1000.0
            say(f"  jhboot's own work until the first cell start: "
                f"{minsns:.3f} M instructions (hypervisor calls excluded: "
                f"{int(m.group(2)) / 1000.0:.3f} M)")
        else:
            say(f"  no own-work line (see {a.out}/icount-demo.log): n/a")
        icount_tl = parse_timeline(r.text)
        # end-to-end in guest time: reported, never the headline
        cell_ms = linux_ms = init_ms = None
        if "cell" in r.match:
            g = r.match["cell"]
            cell_ms = int(g.group(3)) * 1000.0 / int(g.group(4))
        if icount_tl:
            ent = [e[0] for e in icount_tl["events"]
                   if e[2].startswith("root Linux entered")]
            if ent:
                linux_ms = ent[0] + icount_tl["entry"] * 1000.0 / \
                    icount_tl["freq"]
        if "init" in r.match and linux_ms is not None:
            init_ms = linux_ms + float(r.match["init"].group(1)) * 1000
        say("  end to end in guest time (icount; not the headline: "
            "dominated by waits, see docs/bench.md):")
        say(f"    first cell {fmt(cell_ms, 3)} ms, root Linux entry "
            f"{fmt(linux_ms, 3)} ms, root /init >= {fmt(init_ms, 0)} ms "
            "(Linux entry + the uptime /init prints, which misses Linux's "
            "earliest boot)")

    # 3. wall clock, plain TCG
    say(f"[3/3] end to end, wall clock, plain TCG -smp 4, {a.runs} runs "
        "(host time from QEMU start)")
    load = os.getloadavg()
    say(f"  host load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} on "
        f"{os.cpu_count()} CPUs (other work on the host slows these)")
    runs = []
    for i in range(a.runs):
        r = run_qemu(f"tcg-{i + 1}", a.qemu, ["-M", MACHINE] + BASE + demo,
                     watch, "init", a.timeout, a.out)
        fc = r.when.get("cell")
        li = r.when.get("linux")
        it = r.when.get("init")
        ms = [None if v is None else v * 1000 for v in (fc, li, it)]
        runs.append((r, ms))
        guest = ""
        if "cell" in r.match:
            g = r.match["cell"]
            guest = (f"; the cell's counter at its first line "
                     f"{int(g.group(3)) * 1000.0 / int(g.group(4)):.1f} ms")
        up = ""
        if "init" in r.match:
            up = f"; /init at Linux uptime {r.match['init'].group(1)} s"
        say(f"  run {i + 1}: first_cell {fmt(ms[0], 0)} ms, root Linux "
            f"entry {fmt(ms[1], 0)} ms, root_init {fmt(ms[2], 0)} ms"
            f"{guest}{up}" + ("  (TIMED OUT)" if r.timed_out else ""))
    first_cell = median([m[0] for _, m in runs])
    root_linux = median([m[1] for _, m in runs])
    root_init = median([m[2] for _, m in runs])
    ratio = root_init / first_cell if first_cell and root_init else None
    say(f"  medians: first_cell {fmt(first_cell, 0)} ms, root Linux entry "
        f"{fmt(root_linux, 0)} ms, root_init {fmt(root_init, 0)} ms")
    guest_cell = median([int(r.match["cell"].group(3)) * 1000.0
                         / int(r.match["cell"].group(4))
                         for r, _ in runs if "cell" in r.match])
    say(f"  (median of the cell's own counter at its first line, i.e. "
        f"guest time since QEMU's reset: {fmt(guest_cell, 0)} ms)")

    # the timeline SVG: the deterministic run, else the first TCG run
    tl, src = icount_tl, "under -icount shift=0 (1 instruction = 1 ns)"
    run_for_marker = icount_run
    if not tl:
        for r, _ in runs:
            tl = parse_timeline(r.text)
            if tl:
                src, run_for_marker = "plain TCG (wall clock)", r
                break
    svg = os.path.join(a.out, "timeline.svg")
    if tl and tl["events"]:
        marker = None
        if run_for_marker and "cell" in run_for_marker.match:
            g = run_for_marker.match["cell"]
            mt = (int(g.group(3)) - tl["entry"]) * 1000.0 / int(g.group(4))
            marker = (mt, int(g.group(2)),
                      f"demo's first line ({mt:.3f} ms)")
        write_svg(svg, tl,
                  f"jhboot boot timeline, hv={a.hv}",
                  f"QEMU virt -smp 4, {src}; from jhboot's timeline "
                  f"(docs/timeline.md)", marker)
        say(f"timeline of one run ({src}) -> {svg}:")
        for t, cpu, what in tl["events"]:
            say(f"  {t:10.3f} ms  cpu{cpu:<2d} {what}")
    else:
        say("no timeline in any run: no SVG written")
    say(f"size of {a.jhboot}: {size_kib:.1f} KiB; logs in {a.out}/")
    if a.icount_na and minsns is None:
        say(f"jhboot_minsns n/a: {a.icount_na}")

    ratio_s = fmt(ratio, 1)
    print(f"bench: hv={a.hv} jhboot_minsns={fmt(minsns, 3)} "
          f"copy_ipb={fmt(copy_ipb, 3)} hash_ipb={fmt(hash_ipb, 3)} "
          f"first_cell_ms={fmt(first_cell, 0)} "
          f"root_init_ms={fmt(root_init, 0)} ratio={ratio_s} "
          f"size_kib={size_kib:.1f}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
