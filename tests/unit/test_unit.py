# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
"""pytest wrapper of the host unit tests.

* builds once with `make unit-bins` (test binaries, jhboot-config, the
  qemu-virt configs);
* runs every build/tests/unit/test_* binary (one per tests/unit/test_*.c)
  as its own test;
* golden tests of `jhboot-config show` on build/configs/qemu-virt/*.cell
  (tests/unit/golden/NAME.txt; JHBOOT_UPDATE_GOLDEN=1 rewrites them);
* `jhboot-config check` exit codes and messages on good and broken
  configs;
* upstream's real .cell files when JAILHOUSE_DIR is set.
"""
import json
import os
import pathlib
import shutil
import subprocess

import pytest

REPO = pathlib.Path(__file__).resolve().parents[2]
BUILD = REPO / "build"
TOOL = BUILD / "bin" / "jhboot-config"
QV = pathlib.Path("build/configs/qemu-virt")  # relative to REPO
GOLDEN = REPO / "tests" / "unit" / "golden"
UNIT_TESTS = sorted(p.stem for p in (REPO / "tests" / "unit").glob("test_*.c"))
QV_NAMES = sorted(p.stem for p in (REPO / "configs" / "qemu-virt").glob("*.c"))

# Byte offsets used to craft broken files (jailhouse-interface.md §4.2/4.3)
CELL_NAME_OFF = 8  # char name[32] of a cell descriptor
SYS_HV_PHYS_OFF = 12  # hypervisor_memory.phys_start of a system config


@pytest.fixture(scope="session")
def built():
    r = subprocess.run(["make", "-C", str(REPO), "-j2", "unit-bins"],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       text=True)
    if r.returncode != 0:
        pytest.fail("make unit-bins failed:\n" + r.stdout[-4000:])
    return True


def tool(*args, cwd=REPO):
    return subprocess.run([str(TOOL), *map(str, args)], cwd=cwd,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          text=True, timeout=60)


@pytest.mark.parametrize("name", UNIT_TESTS)
def test_binary(built, name):
    binary = BUILD / "tests" / "unit" / name
    r = subprocess.run([str(binary)], cwd=REPO, stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, text=True, timeout=300)
    assert r.returncode == 0, r.stdout[-6000:]


# ---------------------------------------------------------------- show

@pytest.mark.parametrize("name", QV_NAMES)
def test_show_golden(built, name):
    r = tool("show", QV / f"{name}.cell")
    assert r.returncode == 0, r.stderr
    golden = GOLDEN / f"{name}.txt"
    if os.environ.get("JHBOOT_UPDATE_GOLDEN"):
        golden.write_text(r.stdout)
    assert r.stdout == golden.read_text()


def test_show_json(built):
    files = [QV / f"{n}.cell" for n in QV_NAMES]
    r = tool("show", "--json", *files)
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert [d["file"] for d in data] == [str(f) for f in files]
    by_name = {pathlib.Path(d["file"]).stem: d for d in data}
    system = by_name["system"]
    assert system["kind"] == "system"
    assert system["root_cell"]["name"] == "qemu-virt"
    assert system["root_cell"]["cpus"] == [0, 1, 2, 3]
    assert system["hypervisor_memory"] == {"phys_start": 0x7fc00000,
                                           "size": 0x400000}
    assert system["debug_console"]["type"] == "PL011"
    demo = by_name["demo"]
    assert demo["kind"] == "cell" and demo["cpus"] == [3]
    ram = demo["mem_regions"][0]
    assert ram["phys_start"] == 0x7fa00000 and ram["virt_start"] == 0
    assert ram["flags_names"] == ["READ", "WRITE", "EXECUTE", "LOADABLE"]
    assert by_name["linux"]["cpus"] == [1, 2]


def test_show_bad_file(built, tmp_path):
    bad = tmp_path / "junk.cell"
    bad.write_bytes(b"hello world, not a config" * 10)
    r = tool("show", bad)
    assert r.returncode == 1
    assert f"{bad}: signature: not a Jailhouse cell config" in r.stdout
    r = tool("show", tmp_path / "missing.cell")
    assert r.returncode == 1
    assert "missing.cell: cannot open" in r.stderr


# ---------------------------------------------------------------- check

def qv(name):
    return REPO / QV / f"{name}.cell"


def test_check_clean(built):
    r = tool("check", qv("system"), qv("demo"), qv("linux"))
    assert r.returncode == 0, r.stdout + r.stderr
    assert "ok: 3 configs checked, no problems" in r.stdout


def renamed(src, dst, name):
    data = bytearray(src.read_bytes())
    field = name.encode().ljust(32, b"\0")
    data[CELL_NAME_OFF:CELL_NAME_OFF + 32] = field
    dst.write_bytes(bytes(data))
    return dst


def test_check_same_cell_twice(built, tmp_path):
    twin = renamed(qv("demo"), tmp_path / "demo2.cell", "demo2")
    r = tool("check", qv("system"), qv("demo"), twin)
    assert r.returncode == 1
    out = r.stdout
    assert f"{twin}: cpus: CPU already assigned to another cell (3)" in out
    assert (f"{twin}: mem_regions[0].phys_start: memory already assigned "
            "to another cell (0x7fa00000)") in out
    # the shared UART and page are ROOTSHARED: no conflict reported
    assert "mem_regions[1]" not in out and "mem_regions[3]" not in out
    assert "2 problems found" in out


def test_check_duplicate_name(built, tmp_path):
    twin = tmp_path / "demo-copy.cell"
    shutil.copy(qv("demo"), twin)
    r = tool("check", qv("system"), qv("linux"), twin)
    assert r.returncode == 0, r.stdout  # a copy of demo next to linux
    r = tool("check", qv("system"), qv("demo"), twin)
    assert r.returncode == 1
    assert f"{twin}: name: another cell has the same name" in r.stdout
    root_named = renamed(qv("linux"), tmp_path / "l.cell", "qemu-virt")
    r = tool("check", qv("system"), root_named)
    assert f"{root_named}: name: cell name equals the root cell's name" \
        in r.stdout


def test_check_field_errors(built, tmp_path):
    data = bytearray(qv("system").read_bytes())
    data[SYS_HV_PHYS_OFF:SYS_HV_PHYS_OFF + 8] = (0x7fd00000).to_bytes(8, "little")
    sysbad = tmp_path / "sys.cell"
    sysbad.write_bytes(bytes(data))
    r = tool("check", sysbad)
    assert r.returncode == 1
    assert (f"{sysbad}: hypervisor_memory.phys_start: hypervisor memory "
            "not 2 MiB aligned (0x7fd00000)") in r.stdout
    assert "1 problem found" in r.stdout
    # hypervisor memory moved down into the root's RAM and shared window
    data[SYS_HV_PHYS_OFF:SYS_HV_PHYS_OFF + 8] = (0x7fa00000).to_bytes(8, "little")
    sysbad.write_bytes(bytes(data))
    r = tool("check", sysbad, qv("demo"))
    assert r.returncode == 1
    for line in ("root_cell.mem_regions[1].phys_start: root region overlaps "
                 "hypervisor memory (0x40000000)",
                 "root_cell.mem_regions[2].phys_start: root region overlaps "
                 "hypervisor memory (0x7fb00000)",
                 f"{qv('demo')}: mem_regions[0].phys_start: region overlaps "
                 "hypervisor memory (0x7fa00000)",
                 f"{qv('demo')}: mem_regions[3].phys_start: region overlaps "
                 "hypervisor memory (0x7fb00000)"):
        assert line in r.stdout


def test_check_truncated_and_trailing(built, tmp_path):
    full = qv("linux").read_bytes()
    short = tmp_path / "short.cell"
    short.write_bytes(full[:-1])
    r = tool("check", qv("system"), short)
    assert r.returncode == 1
    assert f"{short}: num_memory_regions: array runs past the end of the " \
        "file (5)" in r.stdout
    tiny = tmp_path / "tiny.cell"
    tiny.write_bytes(full[:100])
    r = tool("check", qv("system"), tiny)
    assert f"{tiny}: file_size: file ends inside the 132-byte cell header" \
        in r.stdout
    longer = tmp_path / "long.cell"
    longer.write_bytes(full + b"\0" * 4)
    r = tool("check", qv("system"), longer)
    assert r.returncode == 1
    assert f"{longer}: file_size: 4 bytes after the end of the 300-byte " \
        "config (304)" in r.stdout


def test_check_wrong_kind(built):
    r = tool("check", qv("demo"))
    assert r.returncode == 1
    assert "signature: cell config (JHCLL) where a system config (JHSYS) " \
        "is expected" in r.stdout
    r = tool("check", qv("system"), qv("system"))
    assert r.returncode == 1
    assert "system config (JHSYS) where a cell config" in r.stdout


def test_check_usage(built, tmp_path):
    r = tool("check")
    assert r.returncode == 2 and "missing SYSTEM.cell" in r.stderr
    r = tool("check", "--bogus", qv("system"))
    assert r.returncode == 2 and "unknown option: --bogus" in r.stderr
    r = tool("frobnicate")
    assert r.returncode == 2 and "unknown command: frobnicate" in r.stderr
    r = tool()
    assert r.returncode == 2
    r = tool("show")
    assert r.returncode == 2
    r = tool("-h")
    assert r.returncode == 0
    for cmd in ("show [--json] FILE", "check SYSTEM.cell", "Exit status"):
        assert cmd in r.stdout
    r = tool("check", tmp_path / "nope.cell")
    assert r.returncode == 1 and "nope.cell: cannot open" in r.stderr
    unreadable = tmp_path / "dir.cell"
    unreadable.mkdir()
    r = tool("check", qv("system"), unreadable)
    assert r.returncode == 1 and "dir.cell" in r.stderr


# ---------------------------------------------------------------- upstream

def upstream_dir():
    d = os.environ.get("JAILHOUSE_DIR")
    if not d:
        pytest.skip("JAILHOUSE_DIR not set (upstream Jailhouse build)")
    p = pathlib.Path(d) / "configs" / "arm64"
    if not (p / "qemu-arm64.cell").exists():
        pytest.skip(f"{p}/qemu-arm64.cell not built")
    return p


def test_upstream_qemu_clean(built):
    up = upstream_dir()
    r = tool("check", up / "qemu-arm64.cell", up / "qemu-arm64-inmate-demo.cell",
             up / "qemu-arm64-linux-demo.cell")
    assert r.returncode == 0, r.stdout + r.stderr


def test_upstream_same_cell_twice(built, tmp_path):
    up = upstream_dir()
    twin = renamed(up / "qemu-arm64-inmate-demo.cell",
                   tmp_path / "twin.cell", "inmate-twin")
    r = tool("check", up / "qemu-arm64.cell",
             up / "qemu-arm64-inmate-demo.cell", twin)
    assert r.returncode == 1
    assert f"{twin}: cpus: CPU already assigned to another cell (1)" \
        in r.stdout
    assert f"{twin}: mem_regions[6].phys_start: memory already assigned " \
        "to another cell (0x7fa00000)" in r.stdout
    assert f"{twin}: irqchips[0].pin_bitmap: interrupt already assigned " \
        "to another cell (144)" in r.stdout


def test_upstream_show_all(built):
    up = upstream_dir()
    for f in sorted(up.glob("*.cell")):
        r = tool("show", f)
        r2 = tool("show", "--json", f)
        if "aarch32" in f.name:
            # arm (32-bit) cells: refused with a clear message
            assert r.returncode == 1 and "architecture" in r.stdout
            continue
        assert r.returncode == 0, f"{f}: {r.stdout[-500:]}{r.stderr}"
        json.loads(r2.stdout)
