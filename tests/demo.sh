#!/bin/sh
# Builds a demo repository with kata and prints its storyboard: a learner,
# a target condition, obstacles and a few PDCA cycles.
#
#   tests/demo.sh [KATA [DIR]]     (defaults: build/cmd/kata, a new temp dir)
set -eu
kata=${1:-build/cmd/kata}
case $kata in /*) ;; *) kata=$(pwd)/$kata ;; esac
dir=${2:-$(mktemp -d "${TMPDIR:-/tmp}/kata-demo-XXXXXX")}

# A fixed identity and clock, so the demo reads the same every time.
export GIT_AUTHOR_NAME="Alice Example" GIT_AUTHOR_EMAIL=alice@example.com
export TZ=UTC
at() { when=$1; shift; KATA_NOW="$when" "$kata" -C "$dir" "$@" >/dev/null; }

KATA_NOW=2026-11-16T08:00:00Z "$kata" init "$dir" --team "Press shop" >/dev/null
at 2026-11-16T08:01:00Z learner add alice --name "Alice Example" \
	--email alice@example.com --process "changeover on press 2"
at 2026-11-16T08:02:00Z start \
	--challenge "Every order shipped the day it comes in" \
	--target "Changeover on press 2 in under 10 minutes, every shift" \
	--by 2026-12-18 --current "changeovers take 25 minutes on average" \
	--metric changeover --unit min --goal 10 --lower-is-better
at 2026-11-16T08:03:00Z obstacle add "the tools are not at the machine"
at 2026-11-16T08:04:00Z obstacle add "no standard for setting the die"
at 2026-11-16T08:05:00Z obstacle add "the crane is shared with press 3"
focus=$(KATA_NOW=2026-11-16T08:06:00Z "$kata" -C "$dir" --json obstacle list |
	python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["id"])')
at 2026-11-16T08:06:00Z obstacle focus "$focus"
at 2026-11-16T09:00:00Z measure changeover 25
at 2026-11-16T09:10:00Z step "Put the tool cart beside press 2 before the changeover" \
	--expect "changeover down to about 20 minutes" --see-by "tomorrow 10:00"
at 2026-11-17T10:00:00Z measure changeover 21
at 2026-11-17T10:05:00Z step done --happened "21 minutes; the cart blocked the aisle" \
	--learned "the cart needs a marked place out of the aisle"
at 2026-11-17T10:10:00Z step "Tape a place for the cart beside the press" \
	--expect "changeover about 20 minutes, aisle free" --see-by "tomorrow 10:00"
at 2026-11-18T10:00:00Z measure changeover 19
at 2026-11-18T10:05:00Z step done --happened "19 minutes, aisle free" \
	--learned "the search for the right wrench takes 4 minutes"
at 2026-11-18T10:10:00Z step "Shadow board with the five wrenches on the cart" \
	--expect "changeover about 15 minutes" --see-by "2026-11-19 10:00"

KATA_NOW=2026-11-19T09:00:00Z "$kata" -C "$dir" show
echo
echo "demo repository: $dir (try: git -C $dir log --oneline)"
