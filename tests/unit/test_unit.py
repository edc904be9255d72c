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
    assert f"{short}: num_irqchips: array runs past the end of the " \
        "file (1)" in r.stdout
    tiny = tmp_path / "tiny.cell"
    tiny.write_bytes(full[:100])
    r = tool("check", qv("system"), tiny)
    assert f"{tiny}: file_size: file ends inside the 132-byte cell header" \
        in r.stdout
    longer = tmp_path / "long.cell"
    longer.write_bytes(full + b"\0" * 4)
    r = tool("check", qv("system"), longer)
    assert r.returncode == 1
    assert f"{longer}: file_size: 4 bytes after the end of the 332-byte " \
        "config (336)" in r.stdout


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


# ---------------------------------------------------------------- verify
# `jhboot-config verify BUNDLE.itb` on bundles made by jhboot-mkbundle
# from the build's stand-in hypervisor, demo inmate and qemu-virt configs;
# the broken ones with --force, or by editing the written file.

MKBUNDLE = BUILD / "bin" / "jhboot-mkbundle"
STANDIN = BUILD / "standin.bin"
DEMO_BIN = BUILD / "inmates" / "demo.bin"


@pytest.fixture(scope="session")
def bundle_inputs(built):
    r = subprocess.run(["make", "-C", str(REPO), "-j2",
                        "build/bin/jhboot-mkbundle", "build/standin.bin",
                        "build/inmates/demo.bin"],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       text=True)
    if r.returncode != 0:
        pytest.fail("make (mkbundle, stand-in, demo) failed:\n"
                    + r.stdout[-4000:])
    return True


def mkbundle(out, *opts, hypervisor=STANDIN, force=False, expect_ok=True):
    """A bundle with the qemu-virt system config and the given cell
    options; returns the finished process."""
    cmd = [str(MKBUNDLE), "-o", str(out), "--hypervisor", str(hypervisor),
           "--system", str(qv("system")), *map(str, opts)]
    if force:
        cmd.append("--force")
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       text=True, timeout=120)
    if expect_ok:
        assert r.returncode == 0 and out.exists(), r.stderr
    return r


def demo_cell(cfg=None, load=0, args="name=verify"):
    opts = ["--cell", cfg or qv("demo"), "--image", f"{DEMO_BIN}@{load:#x}"]
    return opts + (["--args", args] if args else [])


def problems(r, path):
    """The problem lines of a verify run (its stdout) for one bundle."""
    return [line for line in r.stdout.splitlines()
            if line.startswith(f"{path}: ")]


def test_verify_good(bundle_inputs, tmp_path):
    b = tmp_path / "good.itb"
    mkbundle(b, *demo_cell())
    r = tool("verify", b)
    assert r.returncode == 0, r.stdout + r.stderr
    assert r.stdout == (f"ok: {b}: hypervisor, system config, 1 cell "
                        "verified, no problems\n")
    # two cells on different CPUs and memory are fine as well
    b2 = tmp_path / "two.itb"
    mkbundle(b2, *demo_cell(), "--cell", qv("linux"), "--image",
             f"{DEMO_BIN}@0x0")
    r = tool("verify", b2, b)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "2 cells verified, no problems" in r.stdout


def test_verify_hash_mismatch(bundle_inputs, tmp_path):
    import hashlib

    b = tmp_path / "flip.itb"
    mkbundle(b, *demo_cell())
    image = DEMO_BIN.read_bytes()
    data = bytearray(b.read_bytes())
    at = data.find(image)
    assert at > 0 and data.find(image, at + 1) < 0
    data[at + 100] ^= 0x5a
    b.write_bytes(bytes(data))
    expected = hashlib.sha256(image).hexdigest()
    actual = hashlib.sha256(bytes(data[at:at + len(image)])).hexdigest()
    r = tool("verify", b)
    assert r.returncode == 1
    assert problems(r, b) == [
        f"{b}: /images/cell0-img0/hash-1: sha256 mismatch, the image is "
        f"corrupt (expected {expected}, actual {actual})",
        f"{b}: 1 problem found"]


def test_verify_bad_hypervisor_header(bundle_inputs, tmp_path):
    hv = bytearray(STANDIN.read_bytes())
    assert hv[:8] == b"JAILHOUS"
    bad = tmp_path / "not-jailhouse.bin"
    bad.write_bytes(b"JAILHOUX" + bytes(hv[8:]))
    b = tmp_path / "badhv.itb"
    r = mkbundle(b, *demo_cell(), hypervisor=bad, expect_ok=False)
    assert r.returncode == 1 and not b.exists()  # refused without --force
    r = mkbundle(b, *demo_cell(), hypervisor=bad, force=True)
    assert "warning: " in r.stderr and "signature" in r.stderr
    r = tool("verify", b)
    assert r.returncode == 1
    assert (f"{b}: /images/hypervisor/signature: not a Jailhouse "
            'hypervisor: no "JAILHOUS" header at offset 0 ("JAILHOUX")'
            in r.stdout)
    assert "1 problem found" in r.stdout
    # the right signature, but sizes the firmware refuses
    hv[16:24] = (0x1234).to_bytes(8, "little")    # percpu_size
    hv[24:32] = (1 << 28).to_bytes(8, "little")   # entry
    sizes = tmp_path / "sizes.bin"
    sizes.write_bytes(bytes(hv))
    b2 = tmp_path / "sizes.itb"
    mkbundle(b2, *demo_cell(), hypervisor=sizes, force=True)
    r = tool("verify", b2)
    assert r.returncode == 1
    assert (f"{b2}: /images/hypervisor/percpu_size: zero or not a multiple "
            "of 4 KiB (0x1234)") in r.stdout
    assert (f"{b2}: /images/hypervisor/entry: entry offset outside the "
            f"{len(hv):#x}-byte image (0x10000000)") in r.stdout


def test_verify_cpu_conflict(bundle_inputs, tmp_path):
    twin = renamed(qv("demo"), tmp_path / "demo2.cell", "demo2")
    b = tmp_path / "conflict.itb"
    opts = demo_cell() + demo_cell(twin)
    r = mkbundle(b, *opts, expect_ok=False)
    assert r.returncode == 1 and not b.exists()
    mkbundle(b, *opts, force=True)
    r = tool("verify", b)
    assert r.returncode == 1
    assert problems(r, b) == [
        f"{b}: /images/cell1/cpus: CPU already assigned to another cell "
        "(3)",
        f"{b}: /images/cell1/mem_regions[0].phys_start: memory already "
        "assigned to another cell (0x7fa00000)",
        f"{b}: 2 problems found"]


def test_verify_truncated(bundle_inputs, tmp_path):
    b = tmp_path / "good.itb"
    mkbundle(b, *demo_cell())
    full = b.read_bytes()
    image = DEMO_BIN.read_bytes()
    at = full.find(image)
    short = tmp_path / "short.itb"
    short.write_bytes(full[:at + 100])  # inside the demo image's data
    r = tool("verify", short)
    assert r.returncode == 1
    assert problems(r, short) == [
        f"{short}: /images/cell0-img0/data-size: image data [{at:#x}, "
        f"{at + len(image):#x}) runs past the end of the {at + 100:#x}-byte "
        f"file, truncated? ({len(image):#x})",
        f"{short}: 1 problem found"]
    fdt_size = int.from_bytes(full[4:8], "big")
    tiny = tmp_path / "tiny.itb"
    tiny.write_bytes(full[:fdt_size // 2])  # inside the device tree
    r = tool("verify", tiny)
    assert r.returncode == 1
    assert (f"{tiny}: fdt/totalsize: file truncated: the device tree alone "
            f"needs more than the file's {fdt_size // 2:#x} bytes "
            f"({fdt_size:#x})") in r.stdout
    empty = tmp_path / "empty.itb"
    empty.write_bytes(b"")
    r = tool("verify", empty)
    assert r.returncode == 1
    assert (f"{empty}: fdt: file too short for a device tree header (0)"
            in r.stdout)
    cell = tool("verify", qv("demo"))  # a config is not a bundle
    assert cell.returncode == 1 and "fdt/magic: not a FIT image" \
        in cell.stdout


def test_verify_cell_problems(bundle_inputs, tmp_path):
    """Image outside the cell's loadable memory, parameter string after
    it, root kernel that is not an arm64 Image: each named, all at once."""
    b = tmp_path / "cell.itb"
    mkbundle(b, *demo_cell(load=0xff000), "--linux", DEMO_BIN, force=True)
    r = tool("verify", b)
    assert r.returncode == 1
    lines = problems(r, b)
    end = 0xff000 + DEMO_BIN.stat().st_size
    assert (f"{b}: /images/cell0-img0/jhboot,load: image [0xff000, "
            f"{end:#x}) is not inside one loadable (LOADABLE + WRITE) "
            "memory region of the cell (0xff000)") in lines
    assert (f"{b}: /images/cell0/jhboot,args: parameter string at image 0 "
            "+ 0x1000 is not inside a loadable memory region (0x100000)"
            ) in lines
    assert any(line.startswith(f"{b}: /images/linux/magic: not an arm64 "
                               "Linux Image") for line in lines)
    assert lines[-1].endswith("problems found")


def test_verify_usage(built, tmp_path):
    r = tool("verify")
    assert r.returncode == 2 and "missing BUNDLE.itb" in r.stderr
    r = tool("verify", "--bogus", tmp_path / "x.itb")
    assert r.returncode == 2 and "unknown option: --bogus" in r.stderr
    r = tool("verify", tmp_path / "none.itb")
    assert r.returncode == 1 and "none.itb: cannot open" in r.stderr
    r = tool("-h")
    assert "verify BUNDLE.itb" in r.stdout
