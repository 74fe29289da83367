# Loaded by the coach*.bats files after helper.bash: the coach, the second
# coach and the records of a coaching cycle.

# The coach and the second coach: other people than the learner.
as_coach() {
	export GIT_AUTHOR_NAME="Bob Coach" GIT_AUTHOR_EMAIL=bob@example.com
}

as_second_coach() {
	export GIT_AUTHOR_NAME="Carol Second" GIT_AUTHOR_EMAIL=carol@example.com
}

# The author of the last commit, "Name <email>".
author() {
	git log -1 --format='%an <%ae>'
}

# The files of a kind of record of alice's target, oldest first.
files_of() {
	find "$(target_dir)/$1" -name '*.yaml' 2>/dev/null | sort
}

# The record the last commit's Kata-Record trailer names.
record_of_commit() {
	local id
	id=$(trailer Kata-Record)
	find learners -name "*-$id.yaml"
}

# The answers of a learner's first cycle (no last_step).
first_answers() {
	cat <<-'EOF'
	target: Review wait under 4 hours
	actual: Reviews wait 2 days, the oldest 5
	measure: 30
	obstacle: nobody looks at the review queue
	next_step:
	  step: Pair on the oldest review each morning
	  expect: the oldest review under 1 day
	see_by: tomorrow 10:00
	note: good first cycle
	EOF
}

# kata.yaml names questions/ours.yaml (committed with git), which is $1.
own_questions() {
	mkdir -p questions
	cat >questions/ours.yaml
	printf 'questions: questions/ours.yaml\n' >>kata.yaml
	git add kata.yaml questions/ours.yaml
	git commit -q -m "our own question set"
}

# The questions of a set of our own about the last step (skipped on a
# first cycle unless $1 is "asked"), and those that plan the next one:
# the obstacle, the step, when to go and see.
our_reflection() {
	printf -- '- key: last_step\n  ask: Your last step?\n'
	[[ ${1:-} == asked ]] || printf '  first_cycle: skip\n'
	cat <<-'EOF'
	  required: true
	  parts:
	  - key: happened
	    ask: What happened?
	  - key: learned
	    ask: What did you learn?
	EOF
}

our_plan() {
	cat <<-'EOF'
	- key: obstacle
	  ask: Which obstacle now?
	  required: true
	- key: next_step
	  ask: Next step?
	  required: true
	  parts:
	  - key: step
	    ask: What will you do?
	  - key: expect
	    ask: What do you expect?
	- key: see_by
	  ask: When do we look?
	  required: true
	EOF
}
