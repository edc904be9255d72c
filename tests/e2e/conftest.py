# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
"""Fixtures of the QEMU end-to-end tests (harness: jhtest.py).

* `built` (session): `make all` plus the test initramfs, once;
* `hv`: the hypervisor under test, "standin" (always) and "jailhouse"
  (the real one, from JAILHOUSE_DIR; skipped when it is unset);
* `qemu`: boots bundles, one log per test in build/tests/e2e-logs/;
  stops QEMU at the end of the test and fails it on a bad string
  printed after its last wait.
"""
import os
import pathlib
import shutil
import subprocess

import pytest

import jhtest


@pytest.fixture(scope="session")
def built():
    if shutil.which(jhtest.QEMU) is None:
        pytest.fail(f"{jhtest.QEMU} not on PATH: run `make deps`")
    for f in (jhtest.KERNEL, jhtest.BUILD / "cache" / "busybox"):
        if not f.exists():
            pytest.fail(f"{f} missing: run `make deps`")
    r = subprocess.run(["make", "-C", str(jhtest.REPO), "-j2", "all",
                        str(jhtest.ROOTFS.relative_to(jhtest.REPO))],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       text=True)
    if r.returncode != 0:
        pytest.fail("make all failed:\n" + r.stdout[-4000:])
    return True


def jailhouse_dir():
    """The upstream build tree, or skip the test."""
    d = os.environ.get("JAILHOUSE_DIR")
    if not d:
        pytest.skip("JAILHOUSE_DIR not set (an upstream Jailhouse build "
                    "tree is needed for the real-hypervisor runs)")
    d = pathlib.Path(d)
    if not (d / "hypervisor" / "jailhouse.bin").exists():
        pytest.fail(f"JAILHOUSE_DIR={d}: no hypervisor/jailhouse.bin "
                    "(build upstream Jailhouse for arm64 first)")
    return d


class Hypervisor:
    def __init__(self, name, image, banner):
        self.name = name
        self.image = image
        # console markers between "entering" and "enabled", in order
        self.banner = banner


def standin_hypervisor():
    if not jhtest.STANDIN.exists():
        pytest.fail(f"{jhtest.STANDIN} was not built")
    return Hypervisor("standin", jhtest.STANDIN,
                      [r"Stand-in hypervisor \(TEST FIXTURE"])


def real_hypervisor():
    d = jailhouse_dir()
    return Hypervisor("jailhouse", d / "hypervisor" / "jailhouse.bin",
                      [r"Initializing Jailhouse hypervisor",
                       r"Activating hypervisor"])


@pytest.fixture(params=["standin", "jailhouse"])
def hv(request, built):
    """Both hypervisors: the test runs once on each."""
    if request.param == "standin":
        return standin_hypervisor()
    return real_hypervisor()


@pytest.fixture
def standin_hv(built):
    """Only the stand-in (a test that cannot run on the real one)."""
    return standin_hypervisor()


@pytest.fixture
def jailhouse_hv(built):
    """Only the real Jailhouse (skipped without JAILHOUSE_DIR)."""
    return real_hypervisor()


@pytest.fixture
def upstream(built):
    """Upstream's arm64 QEMU configs and gic-demo (real Jailhouse only)."""
    d = jailhouse_dir()
    paths = {
        "hypervisor": d / "hypervisor" / "jailhouse.bin",
        "system": d / "configs" / "arm64" / "qemu-arm64.cell",
        "inmate_demo": d / "configs" / "arm64" / "qemu-arm64-inmate-demo.cell",
        "gic_demo": d / "inmates" / "demos" / "arm64" / "gic-demo.bin",
    }
    for what, p in paths.items():
        if not p.exists():
            pytest.fail(f"JAILHOUSE_DIR={d}: {p} ({what}) not built")
    return paths


@pytest.fixture
def qemu(request):
    runner = jhtest.QemuRunner(
        jhtest.LOG_DIR / (jhtest.log_name(request.node.name) + ".log"))
    yield runner
    problems = runner.close_all()
    if problems:
        pytest.fail("\n\n".join(problems))
