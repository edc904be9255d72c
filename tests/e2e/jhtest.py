# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
"""jhboot's end-to-end test harness: bundles, QEMU runs, console checks.

Habits (after Hafnium's hftest):
* every QEMU run has a hard limit: QEMU runs under coreutils `timeout`, and
  every wait has its own deadline;
* one console log per test, kept: build/tests/e2e-logs/<test-name>.log
  (the QEMU command line and the bundle's inputs are written at its top);
* a test passes on explicit markers it waits for, and fails as soon as a
  bad string (BAD_STRINGS, or jhboot's banner a second time = a reset)
  shows up on the console, unless the test says that string is expected;
* Jailhouse cannot power the machine off, so the harness stops QEMU itself
  once it has seen what it waits for.

Several cells share one UART, so characters of different cells interleave
(jailhouse-interface.md §14.8): wait for short regexes anywhere in the
transcript, count heartbeats by their increasing numbers, never whole
lines.
"""
import os
import pathlib
import re
import shlex
import subprocess
import time

import pexpect
import pytest

REPO = pathlib.Path(__file__).resolve().parents[2]
BUILD = REPO / "build"
LOG_DIR = BUILD / "tests" / "e2e-logs"
JHBOOT = BUILD / "jhboot.bin"
MKBUNDLE = BUILD / "bin" / "jhboot-mkbundle"
STANDIN = BUILD / "standin.bin"
QV = BUILD / "configs" / "qemu-virt"
DEMO_BIN = BUILD / "inmates" / "demo.bin"
KERNEL = BUILD / "cache" / "Image"
ROOTFS = BUILD / "demo" / "rootfs.cpio.gz"
QEMU = "qemu-system-aarch64"
MACHINE = ["-M", "virt,virtualization=on,gic-version=3,its=off",
           "-cpu", "cortex-a57"]

BANNER = "jhboot 0.1: type-1 boot"
# Strings that fail a run wherever they appear (a test may allow some).
BAD_STRINGS = (
    "jhboot: PANIC",
    "jhboot: ERROR:",
    "unhandled exception",
    "Unhandled",
    "standin: CHECK FAILED",
    "Kernel panic",
    "WARNING: CPU:",
    "BUG:",
    "Oops",
)
# Extra bad strings for runs with a root Linux: what a kernel says when the
# boot stage handed it CPUs or memory in a bad state.
LINUX_BAD_STRINGS = (
    "failed to boot CPU",
    "CPUs started in inconsistent modes",
    "Unable to handle kernel",
    "Out of memory",
    "SError",
    "reserved mem: failed",
)


class ConsoleFailure(AssertionError):
    """A console check failed; the message ends with the console's tail."""


def log_name(nodeid_name):
    """Test name -> a file name without brackets or slashes."""
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", nodeid_name).strip("-")


def _run(cmd, what, timeout=120):
    r = subprocess.run([str(c) for c in cmd], stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, text=True, timeout=timeout)
    if r.returncode != 0:
        pytest.fail(f"{what} failed (exit {r.returncode}):\n"
                    f"$ {shlex.join(str(c) for c in cmd)}\n{r.stdout}")
    return r.stdout


class Cell:
    """One --cell of a bundle: config, images as (file, cell address)."""

    def __init__(self, config, images=(), args=None, extra=()):
        self.config = config
        self.images = list(images)
        self.args = args
        self.extra = list(extra)

    def options(self):
        opts = ["--cell", self.config]
        for path, addr in self.images:
            opts += ["--image", f"{path}@{addr:#x}"]
        if self.args is not None:
            opts += ["--args", self.args]
        return opts + self.extra


def make_bundle(out_dir, hypervisor, system, cells=(), linux=None,
                initrd=None, bootargs=None, extra=(), name="bundle.itb"):
    """Build a boot bundle with jhboot-mkbundle in out_dir (a per-test tmp
    directory); returns its path. Fails the test when the tool refuses."""
    out = pathlib.Path(out_dir) / name
    cmd = [MKBUNDLE, "-o", out, "--hypervisor", hypervisor,
           "--system", system]
    for cell in cells:
        cmd += cell.options()
    if linux is not None:
        cmd += ["--linux", linux]
        if initrd is not None:
            cmd += ["--initrd", initrd]
        if bootargs is not None:
            cmd += ["--bootargs", bootargs]
    cmd += list(extra)
    _run(cmd, "jhboot-mkbundle")
    return out


class _Tee:
    """pexpect logfile_read target: the log file and the transcript."""

    def __init__(self, logfile, console):
        self.logfile = logfile
        self.console = console

    def write(self, data):
        self.logfile.write(data)
        self.console._append(data)

    def flush(self):
        self.logfile.flush()


def mixed_end(text, literal, pos, slack):
    """literal's characters in order from text[pos] (which is its first),
    within len(literal) + slack characters: the end offset, or -1."""
    at, end = pos, pos + len(literal) + slack
    for ch in literal[1:]:
        at = text.find(ch, at + 1, end)
        if at < 0:
            return -1
    return at + 1


class Console:
    """A running QEMU and everything its console printed so far."""

    def __init__(self, cmd, log_path, hard_timeout, allow=(), bad=(),
                 run_no=1):
        allowed = set(allow)
        self.bad = [s for s in (*BAD_STRINGS, *bad) if s not in allowed]
        self.allow_reset = BANNER in allowed
        self.text = ""
        self._checked = 0
        self.failed = None
        self.closed = False
        self.started = time.monotonic()
        self.cmd = [str(c) for c in cmd]
        self.hard_timeout = hard_timeout
        self._log = open(log_path, "a", encoding="utf-8")
        self._log.write(f"==== run {run_no}: {shlex.join(self.cmd)}\n"
                        f"==== hard timeout {hard_timeout} s\n")
        self._log.flush()
        # SIGKILL 5 s after SIGTERM: QEMU never outlives its limit, even
        # when this process dies.
        self.child = pexpect.spawn(
            "timeout", ["-k", "5", str(hard_timeout), *self.cmd],
            cwd=str(REPO), encoding="utf-8", codec_errors="replace",
            timeout=hard_timeout, dimensions=(50, 200))
        self.child.logfile_read = _Tee(self._log, self)

    # ---------------------------------------------------------- transcript

    def _append(self, data):
        self.text += data

    def elapsed(self):
        return time.monotonic() - self.started

    def tail(self, n=3000):
        return self.text[-n:]

    def fail(self, why):
        self.failed = why
        raise ConsoleFailure(f"{why}\n--- console (last 3000 characters) "
                             f"---\n{self.tail()}\n--- end of console; "
                             f"{why}")

    def check_bad(self):
        """Fail on any bad string or a second banner in new output."""
        longest = max([len(s) for s in self.bad] + [len(BANNER)])
        start = max(0, self._checked - longest)
        window = self.text[start:]
        for s in self.bad:
            i = window.find(s)
            if i >= 0:
                at = start + i
                line_end = self.text.find("\n", at)
                line = self.text[self.text.rfind("\n", 0, at) + 1:
                                 line_end if line_end >= 0 else None]
                self.fail(f"bad string {s!r} on the console: "
                          f"{line.strip()!r}")
        if not self.allow_reset and self.text.count(BANNER) > 1:
            self.fail(f"jhboot's banner {BANNER!r} printed twice: the "
                      "machine was reset")
        self._checked = len(self.text)

    def _pump(self, timeout):
        """Read what is there (up to timeout s); False once QEMU is gone."""
        try:
            self.child.read_nonblocking(65536, timeout=timeout)
        except pexpect.TIMEOUT:
            pass
        except pexpect.EOF:
            self.check_bad()
            return False
        self.check_bad()
        return True

    # --------------------------------------------------------------- waits

    def wait_for(self, predicate, what, timeout):
        """Read the console until predicate(text) returns a true value
        (which is returned), a bad string shows up, QEMU exits or timeout
        seconds pass."""
        deadline = time.monotonic() + timeout
        while True:
            found = predicate(self.text)
            if found:
                return found
            left = deadline - time.monotonic()
            if left <= 0:
                self.fail(f"timeout: {what} not seen within {timeout} s "
                          f"({self.elapsed():.1f} s after QEMU started)")
            if not self._pump(min(left, 0.5)):
                found = predicate(self.text)
                if found:
                    return found
                self.child.close()
                self.fail(f"QEMU exited (status {self.child.exitstatus}, "
                          f"signal {self.child.signalstatus}) before {what}"
                          " was seen")

    def wait(self, regex, timeout=30, since=0):
        """Wait for regex anywhere in the transcript after offset since;
        returns the match (offsets into self.text)."""
        rx = re.compile(regex)
        return self.wait_for(lambda t: rx.search(t, since),
                             f"/{regex}/", timeout)

    def wait_mixed(self, literal, timeout=30, since=0, slack=400):
        """Wait for literal, allowing other output mixed into it: cells
        print on the same UART at the same time, character by character.
        The characters of literal must appear in order within
        len(literal) + slack characters. Returns (start, end) offsets."""
        state = {"start": since}

        def find(text):
            pos = text.find(literal[0], state["start"])
            while pos >= 0:
                end = mixed_end(text, literal, pos, slack)
                if end >= 0:
                    return (pos, end)
                if pos + len(literal) + slack > len(text):
                    break  # may still complete: look again later
                state["start"] = pos + 1
                pos = text.find(literal[0], pos + 1)
            return None

        return self.wait_for(find, f"{literal!r} (possibly mixed with "
                             "other output)", timeout)

    def count_mixed(self, literal, since=0, slack=80):
        """How often literal occurs, as wait_mixed finds it (other output
        mixed in), without overlaps."""
        n, pos = 0, self.text.find(literal[0], since)
        while pos >= 0:
            end = mixed_end(self.text, literal, pos, slack)
            if end >= 0:
                n += 1
            pos = self.text.find(literal[0], end if end >= 0 else pos + 1)
        return n

    def wait_increasing(self, regex, count, timeout=30, since=0):
        """Wait until regex (one group: a decimal number) matched with
        count strictly increasing numbers after offset since; returns the
        numbers. Interleaving can cut a match; the numbers still rise."""
        rx = re.compile(regex)

        def rising(text):
            seen = []
            for m in rx.finditer(text, since):
                n = int(m.group(1))
                if not seen or n > seen[-1]:
                    seen.append(n)
            return seen if len(seen) >= count else None

        return self.wait_for(rising, f"{count} x /{regex}/ with increasing "
                             "numbers", timeout)

    def wait_count(self, regex, count, timeout=30, since=0):
        """Wait until regex matched count times after offset since."""
        rx = re.compile(regex)

        def enough(text):
            found = list(rx.finditer(text, since))
            return found if len(found) >= count else None

        return self.wait_for(enough, f"{count} x /{regex}/", timeout)

    def assert_not_seen(self, regex, seconds, since=0):
        """Keep reading for seconds; fail if regex shows up after since."""
        rx = re.compile(regex)
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if rx.search(self.text, since):
                break
            if not self._pump(min(0.5, max(0.0, deadline - time.monotonic()))):
                break
        m = rx.search(self.text, since)
        if m:
            self.fail(f"/{regex}/ seen on the console: {m.group(0)!r}")

    def send(self, line):
        self.child.send(line + "\r")

    # ----------------------------------------------------------- checking

    def assert_in_order(self, regexes, since=0):
        """Every regex occurs in the transcript, each after the previous
        one; returns the matches."""
        pos, found = since, []
        for rx in regexes:
            m = re.compile(rx).search(self.text, pos)
            if not m:
                earlier = re.search(rx, self.text)
                where = (f" (it occurs only before /{regexes[len(found) - 1]}"
                         "/: out of order)") if earlier and found else ""
                self.fail(f"/{rx}/ not found after "
                          f"{[f.group(0) for f in found][-3:]}{where}")
            found.append(m)
            pos = m.end()
        return found

    def assert_absent(self, strings):
        for s in strings:
            if s in self.text:
                self.fail(f"{s!r} on the console")

    def close(self):
        """Stop QEMU (Jailhouse cannot power off) and close the log."""
        if self.closed:
            return
        self.closed = True
        if self.child.isalive():
            try:
                self._pump(0.1)
            except ConsoleFailure:
                pass
            self.child.terminate(force=True)
        self.child.close(force=True)
        self._log.write(f"\n==== QEMU stopped after {self.elapsed():.1f} s"
                        f"{' (FAILED: ' + self.failed + ')' if self.failed else ''}"
                        "\n")
        self._log.close()


class QemuRunner:
    """Per-test factory of Console runs, all logged to one file."""

    def __init__(self, log_path):
        self.log_path = log_path
        self.consoles = []
        log_path.parent.mkdir(parents=True, exist_ok=True)
        log_path.write_text("")

    def boot(self, bundle, smp=4, timeout=60, allow=(), bad=(),
             extra_args=()):
        """Start QEMU virt with jhboot.bin and bundle; timeout is the hard
        limit of the whole run in seconds."""
        cmd = [QEMU, *MACHINE, "-smp", smp, "-m", "1G", "-nographic",
               "-nic", "none", "-kernel", JHBOOT, "-initrd", bundle,
               *extra_args]
        return self.spawn(cmd, timeout, allow=allow, bad=bad)

    def spawn(self, cmd, timeout, allow=(), bad=()):
        """Any console program under the same checks (harness tests)."""
        con = Console(cmd, self.log_path, timeout, allow=allow, bad=bad,
                      run_no=len(self.consoles) + 1)
        self.consoles.append(con)
        return con

    def close_all(self):
        """Stop every run; then fail if any transcript holds a bad string
        that no wait noticed (e.g. printed after the last marker)."""
        problems = []
        for con in self.consoles:
            if con.closed:
                continue
            already = con.failed
            con.close()
            if already:
                continue
            try:
                con._checked = 0
                con.check_bad()
            except ConsoleFailure as e:
                problems.append(str(e))
        return problems


def parse_iomem(text):
    """System RAM ranges in an iomem listing -> [(start, end)]."""
    return [(int(a, 16), int(b, 16)) for a, b in re.findall(
        r"\b([0-9a-f]{8,16})-([0-9a-f]{8,16}) : System RAM", text)]


def overlaps(ranges, start, end):
    """Ranges (inclusive ends) overlapping [start, end]."""
    return [(a, b) for a, b in ranges if a <= end and b >= start]


def standin_with_faults(out_dir, spec):
    """A copy of the stand-in with faults injected (tests/standin/
    standin_faults.py; spec e.g. "create@demo=-22")."""
    import sys
    sys.path.insert(0, str(REPO / "tests" / "standin"))
    try:
        import standin_faults
    finally:
        sys.path.pop(0)
    out = pathlib.Path(out_dir) / "standin-faulty.bin"
    standin_faults.make_faulty(str(STANDIN), str(out), spec)
    return out
