# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
"""An image without a sha256 hash (a bundle made by hand with mkimage):
jhboot-config verify reports it, as the firmware refuses to use it."""
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
B = ROOT / "build"

ITS = """/dts-v1/;
/ {{
	description = "cell image without a hash";
	#address-cells = <1>;
	jhboot,bundle-version = <1>;
	images {{
		hypervisor {{ data = /incbin/("{b}/standin.bin"); type = "firmware";
			arch = "arm64"; compression = "none";
			hash-1 {{ algo = "sha256"; }}; }};
		system {{ data = /incbin/("{b}/configs/qemu-virt/system.cell");
			type = "firmware"; arch = "arm64"; compression = "none";
			hash-1 {{ algo = "sha256"; }}; }};
		cell0 {{ data = /incbin/("{b}/configs/qemu-virt/demo.cell");
			type = "firmware"; arch = "arm64"; compression = "none";
			jhboot,name = "demo"; jhboot,images = "cell0-img0";
			hash-1 {{ algo = "sha256"; }}; }};
		cell0-img0 {{ data = /incbin/("{b}/inmates/demo.bin");
			type = "standalone"; arch = "arm64"; compression = "none";
			jhboot,load = /bits/ 64 <0x0>; }};
	}};
	configurations {{
		default = "jhboot";
		jhboot {{ jhboot,hypervisor = "hypervisor";
			jhboot,system = "system"; jhboot,cells = "cell0"; }};
	}};
}};
"""


def test_verify_reports_unhashed_image(tmp_path):
    for f in ("bin/jhboot-config", "standin.bin", "inmates/demo.bin",
              "configs/qemu-virt/system.cell", "configs/qemu-virt/demo.cell"):
        if not (B / f).exists():
            pytest.fail(f"build/{f} missing: run make")
    its = tmp_path / "nohash.its"
    its.write_text(ITS.format(b=B))
    itb = tmp_path / "nohash.itb"
    subprocess.run(["mkimage", "-E", "-B", "0x1000", "-f", str(its),
                    str(itb)], check=True, capture_output=True)
    p = subprocess.run([str(B / "bin/jhboot-config"), "verify", str(itb)],
                       capture_output=True, text=True)
    assert p.returncode == 1, p.stdout + p.stderr
    assert ("/images/cell0-img0/hash: no sha256 hash: jhboot refuses "
            "unverified images") in p.stdout + p.stderr
