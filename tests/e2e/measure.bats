#!/usr/bin/env bats
# kata measure NAME VALUE [--at WHEN]: process-metric values.

load helper

setup() {
	kata_setup
	demo_learner
}

measure_files() {
	ls "$(target_dir)"/measures/*.yaml 2>/dev/null | sort
}

last_measure() {
	measure_files | tail -n 1
}

@test "measure records a value in one commit with trailers" {
	kata_commit measure review_wait 30
	output_has "review_wait"
	local f id
	f=$(last_measure)
	id=$(yaml_get "$f" id)
	[[ $(basename "$f") == *-$id.yaml ]]
	[ "$(yaml_get "$f" kind)" = measure ]
	[ "$(yaml_get "$f" metric)" = review_wait ]
	[ "$(yaml_get "$f" value)" = 30 ]
	[ "$(yaml_type "$f" value)" = int ]
	[ "$(yaml_get "$f" at)" = 2026-11-21T09:00:00Z ]
	[ "$(yaml_get "$f" target)" = "$(yaml_get "$(target_file)" id)" ]
	[ "$(trailer Kata-Learner)" = alice ]
	[ "$(trailer Kata-Action)" = measure ]
	[ "$(trailer Kata-Record)" = "$id" ]
	[[ $(git log -1 --format=%s) == "alice: measure "*"review_wait"*"30"* ]]
	fsck_clean
}

@test "a decimal value is stored as a float" {
	kata_commit measure review_wait 4.5
	[ "$(yaml_type "$(last_measure)" value)" = float ]
	[ "$(yaml_get "$(last_measure)" value)" = 4.5 ]
}

@test "negative values are values, not options" {
	kata_commit measure --new-metric delta -3
	[ "$(yaml_get "$(last_measure)" value)" = -3 ]
	[ "$(yaml_type "$(last_measure)" value)" = int ]
	kata_commit measure delta -0.25
	[ "$(yaml_get "$(last_measure)" value)" = -0.25 ]
	kata_commit measure --at yesterday delta -7
	[ "$(yaml_get "$(last_measure)" value)" = -7 ]
	[[ $(yaml_get "$(last_measure)" at) == 2026-11-20* ]]
}

@test "a negative value after '--' works as well" {
	kata_commit measure --new-metric delta -- -3
	[ "$(yaml_get "$(last_measure)" value)" = -3 ]
}

@test "--at yesterday dates the value the day before" {
	kata_commit measure review_wait 28 --at yesterday
	[[ $(yaml_get "$(last_measure)" at) == 2026-11-20* ]]
	kata_commit measure review_wait 27 --at 2026-11-19T14:00
	[ "$(yaml_get "$(last_measure)" at)" = 2026-11-19T14:00:00Z ]
	kata_commit measure review_wait 26 --at -3d
	[[ $(yaml_get "$(last_measure)" at) == 2026-11-18* ]]
}

@test "a non-numeric value is refused, nothing written" {
	snapshot
	for v in abc 12abc "" nan inf 0x10 1,5 "1 000" 1_000 "-" "." "4min" "1e999" "3 "; do
		run_kata measure review_wait "$v"
		assert_error
		stderr_has "'$v'"
	done
	assert_unchanged
}

@test "every value kata takes as a number, PyYAML reads as that number" {
	# SPEC 3: any YAML 1.1/1.2 parser reads every file: a value kata takes
	# for a number must be a number, the same number, for PyYAML as well.
	local v bad taken=()
	for v in 10 -3 4.5 .5 5. +3 1e5 -.5 1.5E3 010 08 2.5e-3; do
		run_kata measure review_wait "$v"
		[ "$status" -le 1 ] || fail "measure '$v': status $status"
		[ "$status" -eq 0 ] || continue	# refusing it is fine too
		taken+=("$(last_measure)" "$v")
	done
	# plain numbers are taken, whatever kata makes of the rest
	[[ " ${taken[*]} " == *" 10 "*" -3 "*" 4.5 "* ]] || fail "taken: ${taken[*]}"
	# each file with the value given, read in one python run
	bad=$(python3 - "${taken[@]}" <<-'EOF'
	import json, sys, yaml
	args = sys.argv[1:]
	for path, given in zip(args[::2], args[1::2]):
	    raw = open(path).read()
	    v = yaml.safe_load(raw).get("value")
	    ok = isinstance(v, (int, float)) and not isinstance(v, bool) \
	         and abs(v - float(given)) <= 1e-9 * max(1, abs(v))
	    if not ok:
	        line = " ".join(l for l in raw.splitlines() if l.startswith("value:"))
	        print("  kata measure m %s -> %s, PyYAML reads %s (%s)" % (given, line,
	              v if isinstance(v, str) else json.dumps(v, default=str),
	              type(v).__name__))
	EOF
	) || fail "PyYAML cannot read the measures: $bad"
	[ -z "$bad" ] || fail "values stored so that PyYAML reads another value:
$bad"
}

@test "an invalid --at is refused naming the input, nothing written" {
	snapshot
	for at in soon 2026-02-30 "yesterday 26:00" 2026/11/20; do
		run_kata measure review_wait 3 --at "$at"
		assert_error
		stderr_has "$at"
	done
	assert_unchanged
}

@test "measure needs a NAME and a VALUE" {
	snapshot
	run_kata measure review_wait
	assert_usage_error
	run_kata measure
	assert_usage_error
	run_kata measure a 1 2
	assert_usage_error
	assert_unchanged
}

@test "measures appear in show --json with numeric values" {
	kata measure review_wait 30 >/dev/null
	kata measure review_wait 12.5 >/dev/null
	run_kata show --json
	python3 -c '
import json, sys
m = json.loads(sys.argv[1])["measures"]
assert [x["value"] for x in m] == [30, 12.5], m
assert all(x["metric"] == "review_wait" and x["kind"] == "measure" for x in m), m
' "$output"
}

@test "a metric name that is not the target's is refused, naming it, unless meant" {
	kata_commit measure review_wait 30
	snapshot
	run_kata measure reveiw_wait 28
	assert_error
	[ "${stderr_lines[0]}" = "kata: error: the target condition's metric is 'review_wait', not 'reveiw_wait'; to measure another on purpose, give --new-metric" ] ||
		fail "unexpected: $stderr"
	assert_unchanged
	# another metric, on purpose: then it is known
	kata_commit measure --new-metric defects 2
	kata_commit measure defects 1
	[ "$(yaml_get "$(last_measure)" metric)" = defects ]
}

@test "a measure in the future is refused, nothing written" {
	snapshot
	local at
	for at in tomorrow +2h 2026-11-22 "today 18:00"; do
		run_kata measure review_wait 28 --at "$at"
		assert_error
		[[ ${stderr_lines[0]} == "kata: error: '$at' is in the future ("*"): a measure is a value seen, give it when it is" ]] ||
			fail "unexpected: $stderr"
	done
	assert_unchanged
	kata_commit measure review_wait 28 --at today
	kata_commit measure review_wait 27 --at "today 09:00"
}

@test "a value may carry the metric's unit, as at the coaching questions; another unit is refused" {
	kata_commit measure review_wait "21 h"
	[ "$(yaml_get "$(last_measure)" value)" = 21 ]
	[ "$(yaml_type "$(last_measure)" value)" = int ]
	kata_commit measure review_wait 3.5h
	[ "$(yaml_get "$(last_measure)" value)" = 3.5 ]
	snapshot
	run_kata measure review_wait "21 min"
	assert_error
	stderr_has "review_wait is measured in h, not 'min'"
	run_kata measure other_metric "3 h" --new-metric
	assert_error
	stderr_has "other_metric has no unit; give the number alone"
	assert_unchanged
}
