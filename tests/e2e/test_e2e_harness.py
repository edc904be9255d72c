# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
"""The harness itself must be able to fail: a console program (a shell
printing canned output, no QEMU) shows each bad pattern once."""
import pytest

import jhtest


def printer(text, then_sleep=30, later=""):
    """A fake console: prints text, then (after a second) later, then
    idles like a booted machine."""
    return ["sh", "-c", 'printf "%s" "$1"; sleep 1; printf "%s" "$3"; '
            'sleep "$2"', "fake", text, str(then_sleep), later]


@pytest.fixture
def runner(tmp_path):
    r = jhtest.QemuRunner(tmp_path / "console.log")
    yield r
    r.close_all()


BOOT_OK = ("jhboot 0.1: type-1 boot for the Jailhouse hypervisor\r\n"
           "jhboot: CPUs: 4 of 4 up\r\n")


@pytest.mark.parametrize("bad", [
    "jhboot: PANIC: no memory",
    "Unhandled data read at 0x40000000",
    "standin: CHECK FAILED: x",
    "Kernel panic - not syncing",
    "WARNING: CPU: 0 PID: 1 at x",
    "BUG: unable to handle",
    "Internal error: Oops: 96000004",
    "jhboot: ERROR: cell \"demo\": CELL_CREATE failed",
])
def test_bad_string_fails_early(runner, bad):
    con = runner.spawn(printer(BOOT_OK + bad + "\r\nlater\r\n"), 20)
    with pytest.raises(jhtest.ConsoleFailure, match="bad string"):
        con.wait(r"never printed", timeout=10)
    assert con.elapsed() < 8, "the bad string was not noticed at once"


def test_reset_is_a_failure(runner):
    con = runner.spawn(printer(BOOT_OK + "x\r\n" + BOOT_OK), 20)
    with pytest.raises(jhtest.ConsoleFailure, match="printed twice"):
        con.wait(r"never printed", timeout=10)


def test_allowed_string_and_late_bad_string(runner):
    con = runner.spawn(printer(BOOT_OK + "Unhandled trap\r\nready\r\n"
                               "heartbeat 1\r\nheartbeat 2\r\n"), 20,
                       allow=["Unhandled"])
    con.wait(r"ready", timeout=10)
    assert con.wait_increasing(r"heartbeat (\d+)", 2, timeout=5) == [1, 2]
    # a bad string after the last wait is still reported at the end
    late = runner.spawn(printer(BOOT_OK + "ready\r\n",
                                later="Kernel panic\r\n"), 20)
    late.wait(r"ready", timeout=10)
    assert "Kernel panic" not in late.text
    late.child.expect("panic", timeout=5)
    problems = runner.close_all()
    assert len(problems) == 1 and "Kernel panic" in problems[0]


def test_timeout_and_exit(runner):
    con = runner.spawn(printer(BOOT_OK, then_sleep=30), 20)
    with pytest.raises(jhtest.ConsoleFailure, match="timeout"):
        con.wait(r"ready", timeout=1)
    gone = runner.spawn(printer(BOOT_OK, then_sleep=0), 20)
    with pytest.raises(jhtest.ConsoleFailure, match="exited"):
        gone.wait(r"ready", timeout=10)


def test_interleaved_markers(runner):
    # two writers on one UART: markers cut by the other's characters
    text = ("heartbeat 3\r\njhboot-iTimer fired\r\nnit: ready\r\n"
            "heartbheartbeat 4\r\neat 9\r\nheartbeat 5\r\n")
    con = runner.spawn(printer(text), 20)
    assert con.wait_increasing(r"heartbeat (\d+)", 3, timeout=5) == [3, 4, 5]
    with pytest.raises(jhtest.ConsoleFailure, match="out of order"):
        con.assert_in_order([r"heartbeat 5", r"heartbeat 3"])


def test_wait_mixed(runner):
    # a kernel line cut into jhboot's: still found; a different line is not
    text = ("jhboot: [     0.416 s] supervisor [    0.0000started, 1 cell\r\n"
            "jhboot: supervisor stopped\r\n")
    con = runner.spawn(printer(text), 20)
    start, end = con.wait_mixed("] supervisor started, ", timeout=5)
    assert con.text[start] == "]" and con.text[end - 2:end] == ", "
    with pytest.raises(jhtest.ConsoleFailure, match="timeout"):
        con.wait_mixed("supervisor restarted", timeout=1, since=end)
    assert con.count_mixed("supervisor st") == 2
