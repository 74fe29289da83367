#!/bin/sh
# Fails, naming them, on test files in tests/ that meson.build does not list.
cd "$(dirname "$0")" || exit 1
status=0
for f in unit/test_*.c e2e/*.bats; do
	[ -e "$f" ] || continue
	found=no
	for l in "$@"; do
		[ "$l" = "$f" ] && found=yes
	done
	if [ $found = no ]; then
		echo "tests/$f is not listed in tests/meson.build" >&2
		status=1
	fi
done
exit $status
