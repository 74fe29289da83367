#!/usr/bin/env bats
# The usage each command prints and the SYNOPSIS of its man page agree (as
# git's t0450): doc/kata-CMD.1.scd for every command of `kata help`, and no
# page for a command that does not exist.

load helper

DOC=$BATS_TEST_DIRNAME/../../doc

# The commands `kata help` lists, one a line: the first word of each line of
# its "commands:" section.
commands() {
	kata help | awk '
		/^commands:$/ { on = 1; next }
		on && /^$/ { exit }
		on { print $1 }'
}

# The usage lines of a usage text on stdin, without "usage: " / "   or: ".
usage_lines() {
	sed -n -e 's/^usage: //p' -e 's/^   or: //p'
}

# The SYNOPSIS of an scdoc page, one line a usage line: the non-empty lines
# between "# SYNOPSIS" and the next heading, without scdoc's markup (*bold*,
# _underline_, a forced line break "++"; "\*" and "\_" are a literal * and _).
synopsis() {
	awk '
		/^# / { on = ($0 == "# SYNOPSIS"); next }
		on && NF { print }' "$1" |
		sed -e 's/\\\*/\x01/g' -e 's/\\_/\x02/g' -e 's/[*_]//g' \
			-e 's/\x01/*/g' -e 's/\x02/_/g' -e 's/ *++$//' -e 's/[[:space:]]*$//'
}

# Fails, showing both, unless the usage and the synopsis are the same lines.
same_lines() {
	local what=$1 usage=$2 page=$3
	if [[ -z $usage ]]; then
		fail "$what printed no usage lines"
		return 1
	fi
	if [[ $usage != "$(synopsis "$page")" ]]; then
		fail "$what and the SYNOPSIS of ${page#"$DOC"/} differ:
$(diff -u --label "$what" --label "${page#"$DOC"/} SYNOPSIS" \
			<(printf '%s\n' "$usage") <(synopsis "$page"))"
		return 1
	fi
}

@test "kata help lists commands" {
	run_kata help
	assert_success
	[ -n "$(commands)" ]
}

@test "kata's usage is the SYNOPSIS of kata(1)" {
	[ -f "$DOC/kata.1.scd" ] || fail "no man page doc/kata.1.scd"
	run_kata help
	assert_success
	same_lines "kata help" "$(usage_lines <<<"$output")" "$DOC/kata.1.scd"
	run_kata --help
	assert_success
	same_lines "kata --help" "$(usage_lines <<<"$output")" "$DOC/kata.1.scd"
}

@test "kata help CMD prints the SYNOPSIS of kata-CMD(1)" {
	local cmd
	for cmd in $(commands); do
		[ -f "$DOC/kata-$cmd.1.scd" ] ||
			fail "'$cmd' is a command, but doc/kata-$cmd.1.scd does not exist"
		run_kata help "$cmd"
		[ "$status" -eq 0 ] || fail "kata help $cmd: exit status $status"
		[ -z "$stderr" ] || fail "kata help $cmd wrote to stderr: $stderr"
		same_lines "kata help $cmd" "$(usage_lines <<<"$output")" "$DOC/kata-$cmd.1.scd"
	done
}

@test "kata CMD -h and --help print the same usage and exit 0" {
	local cmd opt help
	for cmd in $(commands); do
		help=$(kata help "$cmd")
		for opt in -h --help; do
			run_kata "$cmd" "$opt"
			[ "$status" -eq 0 ] || fail "kata $cmd $opt: exit status $status"
			[ -z "$stderr" ] || fail "kata $cmd $opt wrote to stderr: $stderr"
			[ "$output" = "$help" ] || fail "kata $cmd $opt differs from kata help $cmd:
$(diff -u <(printf '%s\n' "$help") <(printf '%s\n' "$output"))"
			same_lines "kata $cmd $opt" "$(usage_lines <<<"$output")" \
				"$DOC/kata-$cmd.1.scd"
		done
	done
}

@test "every man page is of a command" {
	local page name cmds
	cmds=" $(commands | tr '\n' ' ') "
	for page in "$DOC"/kata-*.1.scd; do
		[ -e "$page" ] || fail "no man page in $DOC"
		name=${page##*/kata-}
		name=${name%.1.scd}
		[[ $cmds == *" $name "* ]] ||
			fail "doc/kata-$name.1.scd documents '$name', which is not a kata command"
	done
}

@test "kata(1) names every command, and doc/meson.build builds every page" {
	local cmd page name
	for cmd in $(commands); do
		grep -qF "*kata-$cmd*(1)" "$DOC/kata.1.scd" ||
			fail "kata(1) does not name *kata-$cmd*(1)"
	done
	for page in "$DOC"/*.1.scd; do
		name=${page##*/}
		name=${name%.1.scd}
		grep -qE "^[[:space:]]*'$name',\$" "$DOC/meson.build" ||
			fail "doc/meson.build does not list '$name'"
	done
}

@test "every man page is valid scdoc" {
	command -v scdoc >/dev/null || skip "scdoc is not installed"
	local page
	for page in "$DOC"/*.1.scd; do
		run scdoc <"$page"
		[ "$status" -eq 0 ] || fail "scdoc rejects ${page#"$DOC"/}: $output"
	done
}

# The long options an scdoc page documents: each *--name* that starts a
# line (the term of an entry) of its OPTIONS section.
page_options() {
	awk '/^# / { on = ($0 == "# OPTIONS"); next } on' "$1" |
		grep -oE '^\*-[^ ]*\*(, \*--[a-z-]+\*)?|^\*--[a-z-]+\*' |
		grep -oE -- '--[a-z-]+' | sort -u
}

@test "kata CMD --help explains every option its man page documents" {
	local cmd opt help missing
	for cmd in $(commands); do
		help=$(kata "$cmd" --help)
		missing=
		for opt in $(page_options "$DOC/kata-$cmd.1.scd"); do
			# The options common to every command are kata(1)'s.
			case $opt in --help | --learner | --json | --color) continue ;; esac
			grep -qE -- "(^|[ ,])$opt( |=|\$)" <<<"$help" || missing+=" $opt"
		done
		[ -z "$missing" ] || fail "kata $cmd --help does not explain:$missing"
	done
}

@test "kata CMD --help explains the options of its subcommands" {
	run_kata target --help
	assert_output --partial '--note'
	run_kata step --help
	assert_line --regexp '^step done:$'
	assert_output --partial '--happened'
	run_kata coach --help
	assert_output --partial '--minutes'
	run_kata learner --help
	assert_output --partial '--second-coach'
}
