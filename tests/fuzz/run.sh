#!/bin/sh
# Runs each libFuzzer target of a -Dfuzz=true build for a bounded time, on
# a copy of its seed corpus (libFuzzer adds what it finds to the folder it
# is given, and the seeds stay as committed):
#
#   tests/fuzz/run.sh BUILD_DIR SECONDS_PER_TARGET [TARGET...]
#
# Prints "ok TARGET" or "not ok TARGET" for each, the latter with the input
# that made it crash, leak or time out, kept under BUILD_DIR/fuzz-artifacts/
# (replay it with BUILD_DIR/tests/fuzz/fuzz_TARGET FILE). Exits non-zero
# when any target failed.
set -u
if [ $# -lt 2 ]; then
	echo "usage: tests/fuzz/run.sh BUILD_DIR SECONDS_PER_TARGET [TARGET...]" >&2
	exit 2
fi
build=$1
seconds=$2
shift 2
here=$(cd "$(dirname "$0")" && pwd)
[ $# -gt 0 ] || set -- record answers questions config when

# A finding must stop the target: UBSan alone would report and go on.
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"

artifacts=$build/fuzz-artifacts
mkdir -p "$artifacts" || exit 1
work=$(mktemp -d "${TMPDIR:-/tmp}/kata-fuzz-XXXXXX") || exit 1
trap 'rm -rf "$work"' EXIT

failed=0
for t in "$@"; do
	exe=$build/tests/fuzz/fuzz_$t
	log=$artifacts/$t.log
	if [ ! -x "$exe" ]; then
		echo "not ok $t: no $exe (configure with -Dfuzz=true)"
		failed=$((failed + 1))
		continue
	fi
	mkdir -p "$work/$t"
	cp "$here/corpus/$t"/* "$work/$t/" 2>/dev/null
	rm -f "$artifacts/$t"-*
	"$exe" -max_total_time="$seconds" -timeout=5 -rss_limit_mb=1024 \
		-artifact_prefix="$artifacts/$t-" -print_final_stats=1 \
		"$work/$t" >"$log" 2>&1
	rc=$?
	found=$(ls "$artifacts/$t"-* 2>/dev/null | head -n 1)
	if [ "$rc" -eq 0 ] && [ -z "$found" ]; then
		runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
		echo "ok $t (${runs:-?} runs in ${seconds}s)"
		continue
	fi
	failed=$((failed + 1))
	echo "not ok $t: exit $rc, reproducer ${found:-none written}, log $log"
	grep -E '^(==[0-9]+==ERROR|SUMMARY|fuzz:)|runtime error' "$log" | head -n 5 | sed 's/^/#   /'
done
exit $((failed > 0))
