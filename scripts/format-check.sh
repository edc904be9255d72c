#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
# Fail (and show the diff) when a C file differs from .clang-format's style.
bad=0
for f in "$@"; do
	if ! clang-format --style=file "$f" | diff -u "$f" - >/tmp/fmt.$$ 2>&1; then
		echo "format: $f differs from .clang-format:"
		head -n 40 /tmp/fmt.$$
		bad=1
	fi
done
rm -f /tmp/fmt.$$
[ $bad -eq 0 ] && echo "format: $# files clean"
exit $bad
