# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#
#   make test   everything: dependencies (scripts/deps.sh, quick when all
#               is there), the build, format-check, then every test
#               (scripts/run-tests.sh: unit, fuzz, QEMU e2e); the last
#               line says "N passed, N failed, N skipped"
#   make e2e    only the QEMU end-to-end tests (tests/e2e)
# The real-Jailhouse variants run when JAILHOUSE_DIR names an upstream
# build tree; without it they are skipped (and say so).

test:
	./scripts/deps.sh
	$(MAKE) all $(DEMO_ROOTFS)
	$(MAKE) format-check
	./scripts/run-tests.sh

e2e:
	./scripts/deps.sh
	$(MAKE) all $(DEMO_ROOTFS)
	./scripts/run-tests.sh tests/e2e
