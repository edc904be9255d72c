#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#
# Run jhboot's tests with pytest: host unit tests, fuzzers, QEMU end-to-end
# tests (tests/ by default, or the paths/options given). The real-Jailhouse
# runs need JAILHOUSE_DIR (an upstream build tree) and are skipped without
# it. Writes build/tests/junit.xml, keeps one console log per QEMU test in
# build/tests/e2e-logs/, and ends with one line "N passed, N failed,
# N skipped". Exit status: 0 when nothing failed.
set -uo pipefail
cd "$(dirname "$0")/.."

# Debian's pytest and pexpect live in /usr/bin/python3; a python3 earlier
# on PATH (pyenv, venv) may lack them.
PY=python3
if ! "$PY" -c 'import pytest, pexpect' 2>/dev/null; then
	PY=/usr/bin/python3
fi
if ! "$PY" -c 'import pytest, pexpect' 2>/dev/null; then
	echo "run-tests: pytest or pexpect missing: run 'make deps'" >&2
	echo "0 passed, 1 failed, 0 skipped"
	exit 1
fi

# libFuzzer time per target: longer in CI.
if [ "${CI:-}" = true ]; then
	export FUZZ_SECONDS=${FUZZ_SECONDS:-60}
else
	export FUZZ_SECONDS=${FUZZ_SECONDS:-20}
fi

JUNIT=build/tests/junit.xml
mkdir -p build/tests
rm -f "$JUNIT"
[ $# -gt 0 ] || set -- tests
start=$(date +%s)
"$PY" -m pytest -v -rs --junitxml="$JUNIT" "$@"
rc=$?
echo "run-tests: pytest exit status $rc after $(($(date +%s) - start)) s" \
	"(FUZZ_SECONDS=$FUZZ_SECONDS, JAILHOUSE_DIR=${JAILHOUSE_DIR:-unset})"

# The one summary line, from the JUnit XML (a test with an error in its
# setup or teardown counts as failed).
summary=$("$PY" - "$JUNIT" <<'PYEOF'
import sys
import xml.etree.ElementTree as ET

passed = failed = skipped = 0
try:
    root = ET.parse(sys.argv[1]).getroot()
except (OSError, ET.ParseError):
    print("0 0 0 missing")
    sys.exit(0)
for case in root.iter("testcase"):
    tags = {child.tag for child in case}
    if tags & {"failure", "error"}:
        failed += 1
    elif "skipped" in tags:
        skipped += 1
    else:
        passed += 1
print(passed, failed, skipped)
PYEOF
)
read -r passed failed skipped missing <<<"$summary"
if [ -n "${missing:-}" ]; then
	echo "run-tests: no $JUNIT (pytest did not run)" >&2
	failed=1
fi
if [ "$rc" -ne 0 ] && [ "$failed" -eq 0 ]; then
	failed=1 # pytest failed without a failing test (usage, collection)
fi
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ] && [ "$rc" -eq 0 ]
