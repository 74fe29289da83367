#!/usr/bin/env bats
# kata report: the storyboards as static, printable HTML, and the learning
# report of a period. Checked as files, and in headless Chromium (Debian's
# chromium package): the DOM it builds and the PDF it prints.

load helper

setup() {
	kata_setup
	demo_learner
	# alice: text a browser must show as text, not run or parse
	EVIL='<script>alert("x")</script> & <b>bold</b> it'"'"'s'
	kata obstacle add "Reviewers are in meetings all morning" >/dev/null
	kata obstacle add "CI takes 40 minutes & more" >/dev/null
	FOCUS=$(obstacle_ids | sed -n 2p)
	kata obstacle focus "$FOCUS" >/dev/null
	kata step "Run CI on the reviewer's machine" --expect "review starts within 1 hour" >/dev/null
	kata step done --happened "started after 3 hours" --learned "$EVIL" >/dev/null
	kata step "Post new reviews in the team chat" --expect "someone picks it up in 30 min" \
		--see-by "tomorrow 10:00" >/dev/null
	kata measure review_wait 30 --at -2d >/dev/null
	kata measure review_wait 20 --at yesterday >/dev/null
	kata measure review_wait 12.5 >/dev/null
	# bob: a second learner, with a short storyboard
	kata learner add bob --name "Bob Builder" >/dev/null
	kata start -l bob --challenge "Every build green" --target "Build under 5 minutes" \
		--by 2026-12-05 --metric build --unit min --goal 5 --lower-is-better >/dev/null
	kata measure -l bob build 12 >/dev/null
}

# ---- helpers ----

# Headless Chromium, kept from the network and from the user's profile.
chromium_run() {
	timeout 60 chromium --headless --no-sandbox --disable-gpu --no-first-run \
		--user-data-dir="$BATS_TEST_TMPDIR/chromium-profile" \
		--host-resolver-rules="MAP * ~NOTFOUND" "$@" 2>/dev/null
}

need_chromium() {
	command -v chromium >/dev/null || skip "chromium is not installed"
}

# The pages of a PDF: its /Type /Page objects (not /Pages).
pdf_pages() {
	grep -aoE '/Type */Page($|[^s])' "$1" | wc -l
}

# Prints FILE.html to FILE.pdf; fails unless Chromium wrote it.
print_pdf() {
	rm -f "${1%.html}.pdf"
	chromium_run --no-pdf-header-footer --print-to-pdf="${1%.html}.pdf" "file://$1" >/dev/null
	[ -s "${1%.html}.pdf" ] || fail "chromium printed no PDF of $1"
}

# The first page's size in points, "W H".
pdf_size() {
	grep -aoE '/MediaBox \[0 0 [0-9.]+ [0-9.]+\]' "$1" | head -n 1 |
		awk '{ printf "%d %d\n", $4 + 0.5, substr($5, 1, length($5) - 1) + 0.5 }'
}

# The columns of a page whose content is cut at their edge (none: ""):
# a copy of the page with a probe that measures each one, laid out in a
# window larger than the sheet, so that the screen's layout is the
# printed one. (The page itself has no script.)
cut_columns() {
	local probe=${1%.html}.probe.html
	sed 's|</body>|<script>document.body.dataset.cut = [...document.querySelectorAll(".col, .sheet")].filter(c => c.scrollHeight > c.clientHeight + 1).map(c => c.className).join(",") + ";";</script></body>|' \
		"$1" >"$probe"
	chromium_run --window-size=1700,1300 --dump-dom "file://$probe" |
		grep -o 'data-cut="[^"]*"' | sed 's/^data-cut="//; s/;"$//'
}

# ---- the files ----

@test "report -o writes a page per learner, every storyboard, and an index; writes nothing in the repository" {
	snapshot
	run_kata report -o "$BATS_TEST_TMPDIR/site"
	assert_success
	[ -z "$stderr" ]
	assert_equal "$(printf '%s\n' "${lines[@]}" | sort)" "$(printf '%s\n' \
		"$BATS_TEST_TMPDIR/site/alice.html" "$BATS_TEST_TMPDIR/site/bob.html" \
		"$BATS_TEST_TMPDIR/site/index.html" "$BATS_TEST_TMPDIR/site/storyboards.html" | sort)"
	[ "$(ls "$BATS_TEST_TMPDIR/site" | wc -l)" -eq 4 ]
	assert_unchanged
	# the index links each learner's page, with the target and its days left
	local index=$BATS_TEST_TMPDIR/site/index.html
	grep -q '<a href="alice.html">alice</a>' "$index"
	grep -q '<a href="bob.html">bob</a>' "$index"
	grep -q '<td class="text">Review wait under 4 hours</td><td>2026-12-20</td><td><span class="">29 days left</span>' "$index"
	grep -q '<td class="text">Build under 5 minutes</td><td>2026-12-05</td><td><span class="">14 days left</span>' "$index"
	grep -q 'href="storyboards.html"' "$index"
}

@test "report LEARNER writes only that learner's page; the index lists only them" {
	run_kata report bob -o site
	assert_success
	[ -f site/bob.html ] && [ ! -e site/alice.html ]
	grep -q 'href="bob.html"' site/index.html
	! grep -q 'alice' site/index.html
	run_kata report nobody -o site2
	assert_error
	[ ! -e site2 ]
}

@test "a page holds the storyboard's columns, in the paper's order, with every step in order" {
	run_kata report alice -o site
	assert_success
	local page=site/alice.html
	# the five columns, left to right
	assert_equal "$(grep -o '<h2>[^<]*</h2>' "$page" | tr '\n' '|')" \
		"<h2>Challenge</h2>|<h2>Target condition</h2>|<h2>Current condition</h2>|<h2>Obstacles parking lot</h2>|<h2>PDCA cycles record</h2>|"
	grep -q '<p class="text">Ship every change the day it is written</p>' "$page"
	grep -q '<p class="condition text">Review wait under 4 hours</p>' "$page"
	grep -q 'achieve by</span> 2026-12-20 <span class="days ">(29 days left)</span>' "$page"
	grep -q 'at start:</span> <span class="text">Reviews wait 2 days</span>' "$page"
	# the focus marked, and only it
	[ "$(grep -c 'class="obstacle focus"' "$page")" -eq 1 ]
	grep -q "<li class=\"obstacle focus\" data-id=\"$FOCUS" "$page"
	grep 'class="obstacle focus"' "$page" | grep -q 'CI takes 40 minutes &amp; more'
	# the steps in order, each with step, expected, happened, learned
	assert_equal "$(grep -o '<td class="step-text"><span class="text">[^<]*' "$page" | sed 's/.*"text">//')" \
		"Run CI on the reviewer&#39;s machine
Post new reviews in the team chat"
	grep -q '<td class="expect"><span class="text">review starts within 1 hour</span>' "$page"
	grep -q '<td class="happened"><span class="text">started after 3 hours</span>' "$page"
	grep -q '<tr class="step open"' "$page"
	grep -q 'go and see 2026-11-22 10:00</td>' "$page"
	! grep -q 'overdue' "$page"
	KATA_NOW=2026-11-23T09:00:00Z run_kata report alice -o site
	grep -q 'go and see 2026-11-22 10:00 <span class="overdue">(overdue)</span>' "$page"
}

@test "everything a learner typed is escaped: & < > \" '" {
	run_kata report -o site
	assert_success
	local f
	for f in site/*.html; do
		! grep -q '<script' "$f" || fail "$f holds a <script"
		! grep -q '<b>bold' "$f" || fail "$f holds the learner's markup"
	done
	grep -qF '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt; it&#39;s' site/alice.html
}

@test "nothing is loaded from anywhere: no URL, script, stylesheet, font or image" {
	run_kata report -o site
	assert_success
	! grep -rEn 'https?://' site || fail "a URL in the pages"
	! grep -rEin '<(script|link|img|iframe|object|embed)\b|@import|url\(|@font-face' site ||
		fail "something is loaded"
	# the only links are to the pages themselves
	assert_equal "$(grep -rhoE '(href|src)="[^"]*"' site | sort -u)" \
		'href="alice.html"
href="bob.html"
href="storyboards.html"'
	grep -q '<style>' site/alice.html
}

@test "the run chart: one point per value, joined in time order, the goal line at the goal's height" {
	run_kata report alice -o site
	assert_success
	python3 - site/alice.html <<-'EOF'
	import re, sys
	page = open(sys.argv[1], encoding="utf-8").read()
	svgs = re.findall(r'<svg class="chart".*?</svg>', page, re.S)
	assert len(svgs) == 1, len(svgs)
	svg = svgs[0]
	pts = [(float(v), float(x), float(y)) for v, x, y in
	       re.findall(r'<circle class="point" data-value="([^"]+)" cx="([^"]+)" cy="([^"]+)"', svg)]
	# the three measures, as single values, in time order
	assert [p[0] for p in pts] == [30, 20, 12.5], pts
	assert pts[0][1] < pts[1][1] < pts[2][1], pts
	# joined by one line through each point
	line = re.search(r'<polyline class="run" points="([^"]+)"', svg).group(1)
	joined = [tuple(map(float, p.split(","))) for p in line.split()]
	assert joined == [(p[1], p[2]) for p in pts], (joined, pts)
	# a higher value is higher on the page (a smaller y), on one linear scale
	(v1, _, y1), (v2, _, y2), (v3, _, y3) = pts
	slope = (y2 - y1) / (v2 - v1)
	assert slope < 0, slope
	assert abs(y1 + (v3 - v1) * slope - y3) < 0.05, pts
	goal = re.search(r'<line class="goal" data-value="4" x1="[^"]+" y1="([^"]+)" x2="[^"]+" y2="([^"]+)"', svg)
	assert goal, "no goal line"
	gy1, gy2 = float(goal.group(1)), float(goal.group(2))
	assert gy1 == gy2, (gy1, gy2)
	assert abs(y1 + (4 - v1) * slope - gy1) < 0.05, (gy1, pts)
	# the achieve-by day on the time axis, after the last value; axes labelled
	by = re.search(r'<line class="by" data-day="2026-12-20" x1="([^"]+)"', svg)
	assert by and float(by.group(1)) > pts[2][1], svg
	assert 'achieve by 2026-12-20</text>' in svg, svg
	assert 'rotate(-90)" text-anchor="middle">review_wait (h)</text>' in svg, svg
	assert '>date</text>' in svg, svg
	assert 'goal 4 h</text>' in svg, svg
	EOF
}

@test "a learner without a target condition, and one whose ID is a page of the report's own" {
	kata learner add index --name "Ines Dex" >/dev/null
	run_kata report -o site
	assert_success
	grep -q 'No target condition yet' site/index_.html
	grep -q '<a href="index_.html">index</a>' site/index.html
	grep -q '<td class="empty">no target condition yet</td>' site/index.html
}

@test "report: usage errors" {
	run_kata report
	assert_usage_error
	stderr_has "missing -o DIR"
	run_kata report -o site --paper a5
	assert_usage_error
	stderr_has "invalid --paper 'a5': expected a3, a4 or letter"
	run_kata report -o site --until today
	assert_usage_error
	stderr_has "--until goes with --since"
	run_kata report --json
	assert_usage_error
	run_kata report --since monday --json -o site
	assert_usage_error
	[ ! -e site ]
	touch afile
	run_kata report -o afile
	assert_error
	stderr_has "'afile' is not a folder"
}

# ---- in the browser ----

@test "chromium: the DOM has every step and the chart, the learner's <script> only as text" {
	need_chromium
	run_kata report -o "$BATS_TEST_TMPDIR/site"
	assert_success
	run chromium_run --dump-dom "file://$BATS_TEST_TMPDIR/site/alice.html"
	assert_success
	local dom=$output
	[ "$(grep -c '<script' <<<"$dom")" -eq 0 ] || fail "a <script> element in the DOM"
	[ "$(grep -c '<b>bold' <<<"$dom")" -eq 0 ] || fail "the learner's <b> became an element"
	grep -qF '&lt;script&gt;alert("x")&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt; it'"'"'s' <<<"$dom"
	[ "$(grep -o '<tr class="step' <<<"$dom" | wc -l)" -eq 2 ]
	[ "$(grep -o '<svg class="chart"' <<<"$dom" | wc -l)" -eq 1 ]
	[ "$(grep -o '<circle class="point"' <<<"$dom" | wc -l)" -eq 3 ]
	[ "$(grep -o '<line class="goal"' <<<"$dom" | wc -l)" -eq 1 ]
}

@test "chromium: one landscape page per learner on A3, A4 and Letter" {
	need_chromium
	local site=$BATS_TEST_TMPDIR/site paper size
	for paper in a3 a4 letter; do
		case $paper in
		a3) size="1191 842" ;;
		a4) size="842 595" ;;
		letter) size="792 612" ;;
		esac
		run_kata report -o "$site" --paper "$paper"
		assert_success
		print_pdf "$site/storyboards.html"
		[ "$(pdf_pages "$site/storyboards.pdf")" -eq 2 ] ||
			fail "$paper: storyboards.pdf has $(pdf_pages "$site/storyboards.pdf") pages, not 2"
		assert_equal "$(pdf_size "$site/storyboards.pdf")" "$size"
		[ "$paper" = letter ] && continue
		print_pdf "$site/alice.html"
		[ "$(pdf_pages "$site/alice.pdf")" -eq 1 ] ||
			fail "$paper: alice.pdf has $(pdf_pages "$site/alice.pdf") pages"
		assert_equal "$(cut_columns "$site/alice.html")" ""
	done
}

@test "chromium: a long PDCA record still prints on one page, its writing smaller" {
	need_chromium
	local i long
	long=$(printf 'and then some more words %.0s' {1..6})
	for i in $(seq 1 30); do
		kata step done --happened "happened $i $long" --learned "learned $i $long" >/dev/null
		kata step "step $i $long" --expect "expect $i $long" >/dev/null 2>&1
	done
	[ "$(ls "$(target_dir)/steps" | wc -l)" -ge 30 ]
	run_kata report alice -o "$BATS_TEST_TMPDIR/site" --paper a4
	assert_success
	# the PDCA record's writing is scaled down, the challenge's is not
	grep -q '<section class="col challenge" style="--f:1.00">' "$BATS_TEST_TMPDIR/site/alice.html"
	grep -qE '<section class="col pdca-col" style="--f:0\.[0-9]+">' "$BATS_TEST_TMPDIR/site/alice.html"
	print_pdf "$BATS_TEST_TMPDIR/site/alice.html"
	[ "$(pdf_pages "$BATS_TEST_TMPDIR/site/alice.pdf")" -eq 1 ]
	# and nothing of it is cut off
	assert_equal "$(cut_columns "$BATS_TEST_TMPDIR/site/alice.html")" ""
}

# ---- the learning report ----

# A month of two learners, each move at its own time, in order.
month() {
	cd "$BATS_TEST_TMPDIR" || return 1
	kata init team >/dev/null
	cd team || return 1
	at() { local when=$1; shift; KATA_NOW=$when kata "$@" >/dev/null 2>&1; }
	at 2026-11-02T08:00:00Z learner add alice --name "Alice Example" --email alice@example.com
	at 2026-11-02T08:01:00Z learner add bob --name "Bob Builder"
	at 2026-11-02T09:00:00Z start -l alice --challenge "Ship daily" --target "Review wait under 4 hours" \
		--by 2026-11-30 --metric review_wait --unit h --goal 4 --lower-is-better
	at 2026-11-03T09:00:00Z measure -l alice review_wait 30
	at 2026-11-03T09:05:00Z step -l alice "Pair on reviews" --expect "wait halves"
	at 2026-11-04T09:00:00Z start -l bob --challenge "Green builds" --target "Build under 5 min" \
		--by 2026-12-01 --metric build --unit min --goal 5 --lower-is-better
	at 2026-11-05T09:00:00Z step done -l alice --happened "it did not" --learned "lesson one"
	at 2026-11-06T09:00:00Z step -l alice "Review before standup" --expect "wait under a day"
	at 2026-11-09T09:00:00Z step -l bob "Split the tests" --expect "8 min"
	at 2026-11-10T09:00:00Z measure -l alice review_wait 20
	at 2026-11-10T09:05:00Z step done -l alice --happened "it did" --learned "lesson <two> & more"
	at 2026-11-11T09:00:00Z step done -l bob --happened "9 min" --learned "bob's lesson"
	at 2026-11-12T09:00:00Z step -l alice "Small changes only" --expect "wait under 4 h"
	at 2026-11-12T09:05:00Z target abandon -l bob --note "the build moves to another team"
	at 2026-11-13T09:00:00Z measure -l alice review_wait 3
	at 2026-11-13T09:05:00Z step done -l alice --happened "3 hours" --learned "lesson three"
	at 2026-11-14T09:00:00Z target done -l alice
	at 2026-11-16T09:00:00Z start -l alice --challenge "Ship daily" --target "Deploy in 10 minutes" \
		--by 2026-12-20 --metric deploy --unit min --goal 10 --lower-is-better
	at 2026-11-17T09:00:00Z step -l alice "Cache the build" --expect "deploy 20 min"
	# recorded on the 20th, seen on the 19th
	at 2026-11-20T09:00:00Z measure -l alice deploy 25 --at 2026-11-19
	[ "$(git rev-list --count HEAD)" -eq 21 ] || fail "month: a move failed"
}

@test "report --since --until --json: per learner and for the team, from the records' own dates" {
	month
	KATA_NOW=2026-11-21T09:00:00Z run_kata report --since 2026-11-06 --until 2026-11-13 --json
	assert_success
	[ -z "$stderr" ]
	python3 - "$output" <<-'EOF'
	import json, sys
	j = json.loads(sys.argv[1])
	assert list(j) == ["since", "until", "team", "learners"], list(j)
	assert j["since"] == "2026-11-06" and j["until"] == "2026-11-13", j
	team = j["team"]
	assert (team["targets_reached"], team["targets_abandoned"]) == (0, 1), team
	assert (team["steps_planned"], team["steps_done"]) == (3, 3), team
	# every lesson in order, with its date and whose it is
	assert [(x["date"], x["learner"], x["learned"]) for x in team["learned"]] == [
	    ("2026-11-10T09:05:00Z", "alice", "lesson <two> & more"),
	    ("2026-11-11T09:00:00Z", "bob", "bob's lesson"),
	    ("2026-11-13T09:05:00Z", "alice", "lesson three"),
	], team["learned"]
	assert [l["learner"] for l in j["learners"]] == ["alice", "bob"], j["learners"]
	alice, bob = j["learners"]
	# the second target started after the period: not in it
	assert [t["target"]["condition"] for t in alice["targets"]] == ["Review wait under 4 hours"], alice
	t = alice["targets"][0]
	# reached on the 14th, after the period: active in it
	assert t["outcome"] == "active", t
	assert (t["steps_planned"], t["steps_done"]) == (2, 2), t
	assert [x["learned"] for x in t["learned"]] == ["lesson <two> & more", "lesson three"], t
	assert [x["seq"] for x in t["learned"]] == [2, 3], t
	m = t["metric"]
	assert m["metric"] == "review_wait" and m["values"] == 2, m
	assert (m["first"]["value"], m["first"]["at"]) == (20, "2026-11-10T09:00:00Z"), m
	assert (m["last"]["value"], m["last"]["at"]) == (3, "2026-11-13T09:00:00Z"), m
	assert m["met"] is True, m
	assert (alice["targets_reached"], alice["steps_done"]) == (0, 2), alice
	b = bob["targets"][0]
	assert b["outcome"] == "abandoned" and bob["targets_abandoned"] == 1, bob
	assert b["metric"]["values"] == 0 and b["metric"]["first"] is None, b
	assert b["metric"]["met"] is None, b
	EOF
}

@test "report --since: reached in the period, and a value recorded later counts on its own day" {
	month
	KATA_NOW=2026-11-21T09:00:00Z run_kata report alice --since 2026-11-14 --json
	assert_success
	python3 - "$output" <<-'EOF'
	import json, sys
	j = json.loads(sys.argv[1])
	assert j["until"] == "2026-11-21T09:00:00Z", j
	assert [l["learner"] for l in j["learners"]] == ["alice"], j
	a = j["learners"][0]
	first, second = a["targets"]
	assert first["outcome"] == "reached" and a["targets_reached"] == 1, a
	assert first["steps_done"] == 0 and first["learned"] == [], first
	assert second["outcome"] == "active", second
	assert second["steps_planned"] == 1 and second["steps_done"] == 0, second
	assert second["metric"]["values"] == 1, second
	assert second["metric"]["first"]["at"] == "2026-11-19T00:00:00Z", second
	assert second["metric"]["met"] is False, second
	assert j["team"]["learned"] == [], j["team"]
	EOF
	# the 19th's value, recorded on the 20th, is in a period that ends on the 19th
	KATA_NOW=2026-11-21T09:00:00Z run_kata report alice --since 2026-11-19 --until 2026-11-19 --json
	assert_success
	python3 -c '
import json, sys
j = json.loads(sys.argv[1])
t = j["learners"][0]["targets"]
assert [x["metric"]["values"] for x in t] == [1], t
' "$output"
}

@test "report --since walks the history back to --since and no further" {
	month
	# take away the commits of the first days: a walk that reached them fails
	local c
	for c in $(git rev-list HEAD --until=2026-11-05T00:00:00Z); do
		rm ".git/objects/${c:0:2}/${c:2}"
	done
	run_kata log
	assert_error
	KATA_NOW=2026-11-21T09:00:00Z run_kata report --since 2026-11-12 --json
	assert_success
	python3 -c '
import json, sys
j = json.loads(sys.argv[1])
assert j["team"]["targets_reached"] == 1 and j["team"]["targets_abandoned"] == 1, j["team"]
' "$output"
}

@test "report --since -o DIR writes report.html: the team's lessons in order, escaped, and each learner's" {
	month
	KATA_NOW=2026-11-21T09:00:00Z run_kata report --since 2026-11-01 -o "$BATS_TEST_TMPDIR/lr"
	assert_success
	assert_output "$BATS_TEST_TMPDIR/lr/report.html"
	local r=$BATS_TEST_TMPDIR/lr/report.html
	assert_equal "$(grep -o '<span class="learned text">[^<]*' "$r" | head -n 4 | sed 's/.*text">//')" \
		"lesson one
lesson &lt;two&gt; &amp; more
bob&#39;s lesson
lesson three"
	grep -q '<section class="learner" id="alice">' "$r"
	grep -q '<section class="learner" id="bob">' "$r"
	grep -q '<span class="outcome reached">reached</span>' "$r"
	# each metric's movement: first and last value in the period against the goal
	grep -qF '<p class="movement"><span class="label">review_wait:</span> 30 h <span class="dim">(2026-11-03)</span> &rarr; 3 h <span class="dim">(2026-11-13)</span>, 3 values; goal 4, lower is better &middot; <span class="met">goal met</span></p>' "$r"
	grep -qF '<p class="movement"><span class="label">deploy:</span> 25 min <span class="dim">(2026-11-19)</span>, 1 value; goal 10, lower is better &middot; <span class="missed">goal not met yet</span></p>' "$r"
	grep -qF '<p class="movement"><span class="label">build:</span> no values in the period; goal 5' "$r"
	grep -q '<span class="outcome abandoned">abandoned</span>' "$r"
	grep -q '<tr><td>team</td><td>3</td><td>1</td><td>1</td><td>5</td><td>4</td><td>4</td></tr>' "$r"
	! grep -qE 'https?://|<script' "$r"
	if command -v chromium >/dev/null; then
		print_pdf "$r"
		[ "$(pdf_pages "${r%.html}.pdf")" -ge 1 ]
	fi
}

@test "the index of the whole team holds the board and the coaches' view" {
	kata learner add carol --name "Carol Coach" --email carol@example.com >/dev/null
	python3 - learners/alice/learner.yaml <<'PY'
import sys
open(sys.argv[1], "a").write("coach: carol\n")
PY
	git commit -qam "carol coaches alice"
	KATA_NOW=2026-11-25T09:00:00Z run_kata report -o site
	assert_success
	python3 - site/index.html <<'PY'
import sys, re
html = open(sys.argv[1]).read()
board = html[html.index('<table class="board">'):]
board = board[:board.index('</table>')]
rows = re.findall(r'<tr data-learner="([^"]+)"[^>]*>(.*?)</tr>', board)
assert {r[0] for r in rows} == {"alice", "bob", "carol"}, rows
alice = dict(rows)["alice"]
# four days without a step and the go-and-see passed: both flagged
assert "no-step-2d" in alice and "go-and-see-overdue" in alice, alice
assert "overdue" in alice
coaches = html[html.index('<table class="coaches">'):]
coaches = coaches[:coaches.index('</table>')]
assert re.search(r'<tr data-coach="carol"><td>carol</td><td>alice</td>', coaches), coaches
PY
	run_kata report bob -o site2
	! grep -q 'class="board"' site2/index.html
}
