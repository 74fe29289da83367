#!/usr/bin/env bats
# kata sync through every kind of network remote, each against its real
# server on loopback (servers.bash): git daemon, sshd, git http-backend
# behind lighttpd over http and https; credentials, host keys, the CA, and
# every remote error as one line that leaves the local repository as it was.

load helper
load servers

setup() {
	kata_setup
	# nothing of the developer's own ssh or TLS setup leaks in
	unset SSH_AUTH_SOCK SSH_AGENT_PID SSL_CERT_FILE SSL_CERT_DIR \
		KATA_HTTP_USERNAME KATA_HTTP_PASSWORD
	mkdir srv
	bare_repo srv/team.git
	demo_learner
	cd "$BATS_TEST_TMPDIR"
}

teardown() {
	stop_servers
	kata_teardown
}

# ---- helpers ----

# alice's repository (repo/) gets URL as its origin.
origin() {
	git -C repo remote add origin "$1"
}

# The coach's work, straight into the team's repository with the real git
# (no server): a new learner bob.
coach_adds_bob() {
	rm -rf coach
	git clone -q srv/team.git coach
	(cd coach && kata learner add bob --name "Bob Example" --email bob@example.com >/dev/null &&
		git push -q origin HEAD)
}

# kata sync in alice's repository.
sync() {
	cd repo || return 1
	run_kata sync "$@"
	cd ..
}

# Syncs alice's repository through its origin both ways: her records go
# out (the team's repository holds her HEAD), the coach's come in.
sync_both_ways() {
	sync
	if [[ $status -ne 0 ]]; then
		printf 'stdout: %s\nstderr: %s\n' "$output" "$stderr" >&2
		fail "the first kata sync failed (status $status)"
		return 1
	fi
	assert_equal "$(git -C srv/team.git rev-parse main)" "$(git -C repo rev-parse HEAD)"
	coach_adds_bob
	sync
	if [[ $status -ne 0 ]]; then
		printf 'stdout: %s\nstderr: %s\n' "$output" "$stderr" >&2
		fail "the second kata sync failed (status $status)"
		return 1
	fi
	[[ -e repo/learners/bob/learner.yaml ]] || fail "bob did not come in"
	assert_equal "$(git -C srv/team.git rev-parse main)" "$(git -C repo rev-parse HEAD)"
	repo_clean repo
}

# What the local repository is: every ref, HEAD, the work tree and index.
local_state() {
	(cd repo && fingerprint && git for-each-ref --format='%(refname) %(objectname)')
}

remember_local() {
	local_state >"$BATS_TEST_TMPDIR/local-before"
	git -C srv/team.git for-each-ref >"$BATS_TEST_TMPDIR/team-before"
}

# The sync failed with one clear line and changed nothing on either side.
refused_unchanged() {
	[[ -z ${REMOTE_SHOW:-} ]] || printf '# %s\n' "$stderr" >&3
	assert_error
	local now
	now=$(local_state)
	if [[ $now != "$(cat "$BATS_TEST_TMPDIR/local-before")" ]]; then
		fail "the local repository changed:
$(diff "$BATS_TEST_TMPDIR/local-before" - <<<"$now")"
		return 1
	fi
	assert_equal "$(git -C srv/team.git for-each-ref)" "$(cat "$BATS_TEST_TMPDIR/team-before")"
}

ssh_url() {
	echo "ssh://$SSHD_USER@127.0.0.1:$SSHD_PORT$BATS_TEST_TMPDIR/srv/${1:-team.git}"
}

# ---- the servers themselves, with the real git ----

@test "the test servers serve the real git: git daemon, sshd, http and https" {
	git init -q -b main w
	git -C w commit -q --allow-empty -m first
	start_git_daemon "$PWD/srv"
	git -C w push -q "git://127.0.0.1:$GIT_DAEMON_PORT/team.git" main
	git clone -q "git://127.0.0.1:$GIT_DAEMON_PORT/team.git" c1
	assert_equal "$(git -C c1 log --format=%s)" first

	start_sshd
	git -C w commit -q --allow-empty -m second
	git_ssh -C w push -q "$(ssh_url)" main
	git_ssh clone -q "$(ssh_url)" c2
	assert_equal "$(git -C c2 log -1 --format=%s)" second

	start_httpd "$PWD/srv"
	git -C w commit -q --allow-empty -m third
	git -C w push -q "http://127.0.0.1:$HTTP_PORT/git/team.git" main
	GIT_SSL_CAINFO=$TEST_CA git clone -q "https://localhost:$HTTPS_PORT/git/team.git" c3
	assert_equal "$(git -C c3 log -1 --format=%s)" third
	git clone -q "http://alice:$HTTP_PASSWORD@127.0.0.1:$HTTP_PORT/auth/team.git" c4
	run git clone -q "http://alice:wrong@127.0.0.1:$HTTP_PORT/auth/team.git" c5
	assert_failure
	run env GIT_SSL_CAINFO="$OTHER_CA" git clone -q "https://localhost:$HTTPS_PORT/git/team.git" c6
	assert_failure
}

# ---- git:// ----

@test "sync through git daemon (git://)" {
	start_git_daemon "$PWD/srv"
	origin "git://127.0.0.1:$GIT_DAEMON_PORT/team.git"
	sync_both_ways
}

# ---- ssh ----

@test "sync over ssh with the key in ssh-agent, checking ~/.ssh/known_hosts" {
	start_sshd
	trust_sshd
	start_ssh_agent
	origin "$(ssh_url)"
	sync_both_ways
	# no key file: the agent's key logged in
	[[ ! -e $HOME/.ssh/id_ed25519 ]]
	grep -q 'Accepted publickey' "$(servers_dir)/sshd/log"
}

@test "sync over ssh with the default key file ~/.ssh/id_ed25519, the user from the login" {
	start_sshd
	trust_sshd
	cp "$SSH_KEYS/user_key" "$HOME/.ssh/id_ed25519"
	chmod 600 "$HOME/.ssh/id_ed25519"
	# no user in the URL: ssh's rule, the local login name
	origin "ssh://127.0.0.1:$SSHD_PORT$BATS_TEST_TMPDIR/srv/team.git"
	sync_both_ways
	grep -q "Accepted publickey for $SSHD_USER" "$(servers_dir)/sshd/log"
}

@test "an unknown ssh host is refused with how to add its key" {
	start_sshd
	mkdir -p "$HOME/.ssh"
	cp "$SSH_KEYS/user_key" "$HOME/.ssh/id_ed25519"
	origin "$(ssh_url)"
	remember_local
	sync
	refused_unchanged
	stderr_has "is not a known host"
	stderr_has "ssh-keyscan -p $SSHD_PORT 127.0.0.1 >> ~/.ssh/known_hosts"
	stderr_has "$(ssh-keygen -l -f "$SSH_KEYS/host_key.pub" | awk '{ print $2 }')"
	# no key was offered to a host nobody vouched for
	! grep -q 'Accepted publickey' "$(servers_dir)/sshd/log"
	# the advice works
	ssh-keyscan -p "$SSHD_PORT" 127.0.0.1 >>"$HOME/.ssh/known_hosts" 2>/dev/null
	sync
	assert_success
}

@test "a changed ssh host key is refused loudly" {
	start_sshd
	mkdir -p "$HOME/.ssh"
	cp "$SSH_KEYS/user_key" "$HOME/.ssh/id_ed25519"
	echo "[127.0.0.1]:$SSHD_PORT $(cut -d' ' -f1-2 "$SSH_KEYS/stranger_key.pub")" \
		>"$HOME/.ssh/known_hosts"
	origin "$(ssh_url)"
	remember_local
	sync
	refused_unchanged
	stderr_has "host key of [127.0.0.1]:$SSHD_PORT has CHANGED"
	stderr_has "ssh-keygen -R '[127.0.0.1]:$SSHD_PORT'"
}

@test "ssh: a key the server does not know is refused after one try each" {
	start_sshd
	trust_sshd
	cp "$SSH_KEYS/stranger_key" "$HOME/.ssh/id_ed25519"
	start_ssh_agent stranger_key
	origin "$(ssh_url)"
	remember_local
	sync
	refused_unchanged
	stderr_has "refused '$SSHD_USER' with every key (tried ssh-agent, ~/.ssh/id_ed25519)"
}

@test "ssh: a key with a passphrase is not asked for; the message says to use ssh-agent" {
	start_sshd
	trust_sshd
	cp "$SSH_KEYS/locked_key" "$HOME/.ssh/id_ed25519"
	origin "$(ssh_url)"
	remember_local
	sync
	refused_unchanged
	stderr_has "~/.ssh/id_ed25519 needs a passphrase"
	stderr_has "ssh-add"
	# as it says: in the agent, the same key logs in
	start_ssh_agent locked_key
	sync
	assert_success
}

@test "ssh: no key at all says how to get one" {
	start_sshd
	trust_sshd
	origin "$(ssh_url)"
	remember_local
	sync
	refused_unchanged
	stderr_has "no key to log in to 127.0.0.1 as '$SSHD_USER'"
}

# ---- http and https ----

@test "sync over http (git http-backend)" {
	start_httpd "$PWD/srv"
	origin "http://127.0.0.1:$HTTP_PORT/git/team.git"
	sync_both_ways
}

@test "sync over https with the test CA from git config http.sslCAInfo" {
	start_httpd "$PWD/srv"
	git -C repo config http.sslCAInfo "$TEST_CA"
	origin "https://localhost:$HTTPS_PORT/git/team.git"
	sync_both_ways
}

@test "sync over https with the test CA from SSL_CERT_FILE" {
	start_httpd "$PWD/srv"
	origin "https://localhost:$HTTPS_PORT/git/team.git"
	SSL_CERT_FILE=$TEST_CA sync_both_ways
}

@test "https: a certificate of an unknown CA is refused" {
	start_httpd "$PWD/srv"
	git -C repo config http.sslCAInfo "$OTHER_CA"
	origin "https://localhost:$HTTPS_PORT/git/team.git"
	remember_local
	sync
	refused_unchanged
	stderr_has "the certificate of localhost is not trusted"
	stderr_has "http.sslCAInfo"
}

@test "http basic auth with the password from ~/.git-credentials" {
	start_httpd "$PWD/srv"
	printf 'https://alice:other@example.com\nhttp://alice:%s@127.0.0.1:%s\n' \
		"$HTTP_PASSWORD" "$HTTP_PORT" >"$HOME/.git-credentials"
	origin "http://127.0.0.1:$HTTP_PORT/auth/team.git"
	sync_both_ways
	# the password went nowhere but the server
	! grep -rq "$HTTP_PASSWORD" repo/.git/config
}

@test "http basic auth from \$XDG_CONFIG_HOME/git/credentials, %-encoded" {
	start_httpd "$PWD/srv"
	printf 'alice:p@ss w:rd\n' >"$(servers_dir)/httpd/users"
	mkdir -p "$HOME/xdg/git"
	printf 'http://alice:p%%40ss%%20w%%3Ard@127.0.0.1:%s\n' "$HTTP_PORT" >"$HOME/xdg/git/credentials"
	origin "http://127.0.0.1:$HTTP_PORT/auth/team.git"
	XDG_CONFIG_HOME=$HOME/xdg sync_both_ways
}

@test "http basic auth from KATA_HTTP_USERNAME and KATA_HTTP_PASSWORD" {
	start_httpd "$PWD/srv"
	origin "http://127.0.0.1:$HTTP_PORT/auth/team.git"
	KATA_HTTP_USERNAME=alice KATA_HTTP_PASSWORD=$HTTP_PASSWORD sync_both_ways
}

@test "https basic auth with the user and password in the URL" {
	start_httpd "$PWD/srv"
	git -C repo config http.sslCAInfo "$TEST_CA"
	origin "https://alice:$HTTP_PASSWORD@localhost:$HTTPS_PORT/auth/team.git"
	sync_both_ways
}

@test "http: a wrong password is refused after one try of each source, and not shown" {
	start_httpd "$PWD/srv"
	printf 'http://alice:wrong2@127.0.0.1:%s\n' "$HTTP_PORT" >"$HOME/.git-credentials"
	origin "http://alice:wrong1@127.0.0.1:$HTTP_PORT/auth/team.git"
	remember_local
	KATA_HTTP_PASSWORD=wrong3 sync
	refused_unchanged
	stderr_has "authentication refused (tried the URL's password, KATA_HTTP_USERNAME/KATA_HTTP_PASSWORD, ~/.git-credentials)"
	[[ $stderr != *wrong1* ]] || fail "the URL's password is shown: $stderr"
	# each source once: the three tries and nothing more
	assert_equal "$(grep -c "password doesn't match" "$(servers_dir)/httpd/error.log")" 3
}

@test "http: no password anywhere says where to put one" {
	start_httpd "$PWD/srv"
	origin "http://127.0.0.1:$HTTP_PORT/auth/team.git"
	remember_local
	sync
	refused_unchanged
	stderr_has "asks for a user name and password"
	stderr_has "KATA_HTTP_USERNAME"
	stderr_has "~/.git-credentials"
}

# ---- remote errors ----

@test "a host that does not answer: connection refused, one line" {
	port=$(free_port)
	origin "git://127.0.0.1:$port/team.git"
	remember_local
	sync
	refused_unchanged
	stderr_has "cannot connect to 127.0.0.1 port $port: connection refused"
}

@test "a missing repository, over git://, ssh and http" {
	start_git_daemon "$PWD/srv"
	start_sshd
	trust_sshd
	start_ssh_agent
	start_httpd "$PWD/srv"
	for url in "git://127.0.0.1:$GIT_DAEMON_PORT/nope.git" "$(ssh_url nope.git)" \
		"http://127.0.0.1:$HTTP_PORT/git/nope.git"; do
		git -C repo remote remove origin 2>/dev/null || true
		origin "$url"
		remember_local
		sync
		refused_unchanged
		stderr_has "no repository there"
	done
}

@test "a push the server's hook refuses: its words, one line, nothing changed" {
	cat >srv/team.git/hooks/pre-receive <<-'EOF'
	#!/bin/sh
	echo "team.git takes no pushes today" >&2
	exit 1
	EOF
	chmod +x srv/team.git/hooks/pre-receive
	start_git_daemon "$PWD/srv"
	origin "git://127.0.0.1:$GIT_DAEMON_PORT/team.git"
	remember_local
	sync
	refused_unchanged
	stderr_has "pre-receive hook declined"
	stderr_has "team.git takes no pushes today"
}

# ---- a network cut ----

# A transfer of about 2 MB that cannot be compressed: alice's records come
# with a file of random bytes (kata syncs whatever the branch holds).
big_commit() {
	head -c 2000000 /dev/urandom >"$1/blob.bin"
	git -C "$1" add blob.bin
	git -C "$1" commit -q -m "a large file"
}

# Waits until the file pattern exists (bounded), for the cut to fall midway.
wait_for() {
	local i
	for ((i = 0; i < 200; i++)); do
		compgen -G "$1" >/dev/null && return 0
		sleep 0.05
	done
	fail "nothing matched $1"
}

# Starts kata sync in repo, cuts the server off once a file matching $1
# appears (libgit2's incoming pack for a fetch, receive-pack's quarantine
# for a push), and checks that it ends with one line beginning "$2", exit 1,
# and the clone as remember_local saw it.
sync_cut_off() {
	local glob=$1 what=$2 pid status=0 stderr
	(cd repo && kata sync) >"$BATS_TEST_TMPDIR/out" 2>"$BATS_TEST_TMPDIR/err" &
	pid=$!
	wait_for "$glob"
	sleep 0.5
	kill_server httpd
	wait "$pid" && fail "kata sync succeeded through the cut" || status=$?
	[[ -z ${REMOTE_SHOW:-} ]] || printf '# %s\n' "$(cat "$BATS_TEST_TMPDIR/err")" >&3
	((status == 1)) || fail "kata sync exited $status: $(cat "$BATS_TEST_TMPDIR/err")"
	stderr=$(cat "$BATS_TEST_TMPDIR/err")
	assert_equal "$(wc -l <"$BATS_TEST_TMPDIR/err")" 1
	[[ $stderr == "kata: error: $what 'origin' ("*"): the connection broke off midway"* ]] ||
		fail "$stderr"
	assert_equal "$(local_state)" "$(cat "$BATS_TEST_TMPDIR/local-before")"
}

@test "the network cut in the middle of a fetch: nothing changed, the next sync completes" {
	git -C repo push -q "$BATS_TEST_TMPDIR/srv/team.git" HEAD:main
	git clone -q srv/team.git coach
	big_commit coach
	git -C coach push -q origin HEAD:main
	HTTP_THROTTLE=400k start_httpd "$PWD/srv"
	origin "http://127.0.0.1:$HTTP_PORT/git/team.git"
	remember_local
	sync_cut_off 'repo/.git/objects/pack/pack_git2_*' "cannot fetch from"
	start_httpd "$PWD/srv"
	git -C repo remote set-url origin "http://127.0.0.1:$HTTP_PORT/git/team.git"
	sync
	assert_success
	[[ -e repo/blob.bin ]]
	repo_clean repo
}

@test "the network cut in the middle of a push: nothing changed, the next sync completes" {
	git -C repo push -q "$BATS_TEST_TMPDIR/srv/team.git" HEAD:main
	big_commit repo
	HTTP_THROTTLE=400k start_httpd "$PWD/srv"
	origin "http://127.0.0.1:$HTTP_PORT/git/team.git"
	git -C repo fetch -q origin
	git -C repo branch -q -u origin/main
	remember_local
	sync_cut_off 'srv/team.git/objects/tmp_objdir-incoming-*' "cannot push to"
	assert_equal "$(git -C srv/team.git for-each-ref)" "$(cat "$BATS_TEST_TMPDIR/team-before")"
	start_httpd "$PWD/srv"
	git -C repo remote set-url origin "http://127.0.0.1:$HTTP_PORT/git/team.git"
	sync
	assert_success
	assert_equal "$(git -C srv/team.git rev-parse main)" "$(git -C repo rev-parse HEAD)"
	git -C srv/team.git fsck --no-progress
}
