# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
"""The root-DT fix-up (lib/rootdt.c, the same code the firmware runs),
through `jhboot-config root-dt` on a small QEMU-virt-like DT."""
import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TOOL = ROOT / "build/bin/jhboot-config"
QV = ROOT / "build/configs/qemu-virt"

DTS = """
/dts-v1/;
/ {
	#address-cells = <2>;
	#size-cells = <2>;
	compatible = "linux,dummy-virt";
	psci { compatible = "arm,psci-1.0"; method = "hvc"; };
	memory@40000000 {
		device_type = "memory";
		reg = <0x0 0x40000000 0x0 0x40000000>;
	};
	flash@0 { compatible = "cfi-flash"; reg = <0x0 0x0 0x0 0x4000000>; };
	pl011@9000000 { compatible = "arm,pl011"; reg = <0x0 0x9000000 0x0 0x1000>; };
	cpus {
		#address-cells = <1>;
		#size-cells = <0>;
		cpu-map { cluster0 {
			core0 { cpu = <&c0>; }; core1 { cpu = <&c1>; };
			core2 { cpu = <&c2>; }; core3 { cpu = <&c3>; }; }; };
		c0: cpu@0 { device_type = "cpu"; compatible = "arm,cortex-a57"; reg = <0>; enable-method = "psci"; };
		c1: cpu@1 { device_type = "cpu"; compatible = "arm,cortex-a57"; reg = <1>; enable-method = "psci"; };
		c2: cpu@2 { device_type = "cpu"; compatible = "arm,cortex-a57"; reg = <2>; enable-method = "psci"; };
		c3: cpu@3 { device_type = "cpu"; compatible = "arm,cortex-a57"; reg = <3>; enable-method = "psci"; };
	};
	bus@7f800000 {
		compatible = "simple-bus";
		#address-cells = <1>;
		#size-cells = <1>;
		ranges = <0x0 0x0 0x7f800000 0x100000>;
		thing@0 { compatible = "test,thing"; reg = <0x0 0x1000>; };
	};
	chosen { };
};
"""


@pytest.fixture(scope="module")
def dtb(tmp_path_factory):
    for f in (TOOL, QV / "system.cell", QV / "linux.cell", QV / "demo.cell"):
        if not f.exists():
            pytest.fail(f"{f} missing: run make")
    d = tmp_path_factory.mktemp("rootdt")
    (d / "virt.dts").write_text(DTS)
    subprocess.run(["dtc", "-q", "-I", "dts", "-O", "dtb", "-o",
                    str(d / "virt.dtb"), str(d / "virt.dts")], check=True)
    return d / "virt.dtb"


def root_dt(dtb, *cells):
    p = subprocess.run([str(TOOL), "root-dt", "--dtb", str(dtb),
                        str(QV / "system.cell")] + [str(QV / c) for c in cells],
                       capture_output=True, text=True)
    assert p.returncode == 0, p.stderr
    return p.stdout + p.stderr


def cpus_left(text):
    return sorted(set(re.findall(r"\bcpu@(\d+) \{", text)))


def test_cells_in_the_middle(dtb):
    """A cell owning CPUs 1-2 leaves CPUs 0 and 3: logical ids are taken
    from the DT as it was, not renumbered after each removal."""
    out = root_dt(dtb, "linux.cell")
    removed = re.findall(r"removed CPU not owned by the root: cpu@(\d+)", out)
    assert removed == ["1", "2"]
    assert cpus_left(out) == ["0", "3"]
    assert "cpu-map" in out and "removed the CPU topology map" in out
    assert "psci" in out and '"smc"' in out


def test_last_cpu(dtb):
    out = root_dt(dtb, "demo.cell")
    assert re.findall(r"removed CPU not owned by the root: cpu@(\d+)",
                      out) == ["3"]
    assert cpus_left(out) == ["0", "1", "2"]
    assert "removed device outside the root cell: flash@0" in out


def test_device_behind_bus_ranges(dtb):
    """A device on a simple-bus is judged by its CPU address, through the
    bus's ranges: at 0x7f800000 it lies in peer's RAM."""
    out = root_dt(dtb, "peer.cell")
    assert re.search(r"removed device outside the root cell: thing@0 "
                     r"\(0x7f800000\)", out), out
    kept = root_dt(dtb, "demo.cell")
    assert "thing@0 {" in kept and "removed device outside the root " \
        "cell: thing@0" not in kept
