#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
"""Make a copy of the stand-in hypervisor with injected faults.

The image holds a 256-byte NUL-padded ASCII buffer in .data that starts
with MARKER; the stand-in parses the text after it at enable time
(tests/standin/faults.c, docs/standin.md). Spec grammar, space-separated:

    STEP=ERRNO          every call of STEP fails with ERRNO
    STEP@NAME=ERRNO     only for the cell named NAME (not for entry)
    lose-start@NAME=N   the first N CELL_STARTs of NAME return 0 but do
                        not start its CPU (the lost START, §14.1)
    no-banner           do not print the banner line

STEP is one of entry, create, loadable, start, destroy, getstate; ERRNO a
decimal errno, negative as the hypercall returns it (e.g. -22).

CLI: standin_faults.py SRC DST SPEC
"""
import re
import sys

MARKER = b"STANDIN-FAULTS:"
BUF_SIZE = 256
STEPS = ("entry", "create", "loadable", "start", "destroy", "getstate")
_ITEM = re.compile(
    r"^(?:no-banner"
    r"|(?:%s)(?:@[^\s=@]{1,31})?=-?[0-9]{1,5}"
    r"|lose-start@[^\s=@]{1,31}=[0-9]{1,5})$" % "|".join(STEPS))


class FaultSpecError(ValueError):
    """The spec is malformed or does not fit the buffer."""


def check_spec(spec):
    """Raise FaultSpecError unless every item of spec is well-formed."""
    items = spec.split()
    faults = [i for i in items if i != "no-banner"]
    if len(faults) > 8:
        raise FaultSpecError("at most 8 fault items (got %d)" % len(faults))
    for item in items:
        if not _ITEM.match(item):
            raise FaultSpecError("bad fault item %r" % item)
        if item.startswith("entry@"):
            raise FaultSpecError("entry takes no cell name: %r" % item)
    encoded = " ".join(items).encode("ascii")
    if len(MARKER) + len(encoded) >= BUF_SIZE:
        raise FaultSpecError("spec too long (%d bytes)" % len(encoded))
    return encoded


def make_faulty(src, dst, spec):
    """Copy stand-in image src to dst with the fault spec written in."""
    encoded = check_spec(spec)
    with open(src, "rb") as f:
        image = bytearray(f.read())
    count = image.count(MARKER)
    if count != 1:
        raise FaultSpecError("%s: marker %r found %d times, expected 1" %
                             (src, MARKER.decode(), count))
    at = image.index(MARKER)
    if at + BUF_SIZE > len(image):
        raise FaultSpecError("%s: fault buffer runs past the end" % src)
    buf = MARKER + encoded
    image[at:at + BUF_SIZE] = buf + b"\0" * (BUF_SIZE - len(buf))
    with open(dst, "wb") as f:
        f.write(image)


def main(argv):
    if len(argv) != 4:
        sys.stderr.write("usage: %s SRC DST SPEC\n" % argv[0])
        return 2
    try:
        make_faulty(argv[1], argv[2], argv[3])
    except (OSError, FaultSpecError) as e:
        sys.stderr.write("standin_faults: %s\n" % e)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
