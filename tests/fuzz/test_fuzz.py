# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
"""Runs every libFuzzer target (tests/fuzz/fuzz_*.c) for FUZZ_SECONDS
(environment, default 30) on a copy of its seed corpus (made by
`make fuzz-corpus`, see tests/fuzz/fuzz.mk), with tests/fuzz/NAME.dict as
its dictionary when that file exists; any crash, leak or sanitizer report
fails the test and leaves the reproducer in the test's tmp directory (path
in the failure message)."""
import os
import pathlib
import shutil
import subprocess

import pytest

REPO = pathlib.Path(__file__).resolve().parents[2]
OUT = REPO / "build" / "tests" / "fuzz"
FUZZ_SECONDS = int(os.environ.get("FUZZ_SECONDS", "30"))
TARGETS = sorted(p.stem for p in (REPO / "tests" / "fuzz").glob("fuzz_*.c"))


@pytest.fixture(scope="session")
def built():
    r = subprocess.run(["make", "-C", str(REPO), "-j2", "fuzz-bins",
                        "fuzz-corpus"], stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, text=True)
    if r.returncode != 0:
        pytest.fail("make fuzz-bins failed:\n" + r.stdout[-4000:])


@pytest.mark.parametrize("name", TARGETS)
def test_fuzz(built, name, tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(OUT / f"corpus-{name}", corpus)
    assert any(corpus.iterdir()), f"empty seed corpus for {name}"
    dict_file = REPO / "tests" / "fuzz" / f"{name}.dict"
    opts = [f"-dict={dict_file}"] if dict_file.exists() else []
    r = subprocess.run([str(OUT / name), f"-max_total_time={FUZZ_SECONDS}",
                        f"-artifact_prefix={tmp_path}/", *opts,
                        "-print_final_stats=1", str(corpus)],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       text=True, timeout=FUZZ_SECONDS + 300)
    found = sorted(p.name for p in tmp_path.iterdir() if p.is_file())
    assert r.returncode == 0 and not found, (
        f"{name} found a problem ({found} in {tmp_path}):\n"
        + r.stdout[-6000:])
    assert "Done" in r.stdout, r.stdout[-2000:]
