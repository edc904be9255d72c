# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
"""Shared by every test folder: say in pytest's header what will run."""
import os
import pathlib

REPO = pathlib.Path(__file__).resolve().parents[1]


def pytest_report_header(config):
    jh = os.environ.get("JAILHOUSE_DIR")
    return [
        f"jhboot: repo {REPO}",
        "jhboot: real Jailhouse from JAILHOUSE_DIR=" + jh if jh else
        "jhboot: JAILHOUSE_DIR not set: real-Jailhouse tests are skipped",
        "jhboot: FUZZ_SECONDS=" + os.environ.get("FUZZ_SECONDS", "(default)"),
        "jhboot: QEMU console logs in build/tests/e2e-logs/",
    ]
