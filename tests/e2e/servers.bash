# Real git servers on loopback for the remote tests, loaded after
# helper.bash: git daemon (git://), Debian's sshd (ssh), and git
# http-backend behind lighttpd (http, https with a test CA, basic auth).
# Each start_* function starts its server on 127.0.0.1 on a free port under
# $BATS_TEST_TMPDIR/servers, waits until it answers (bounded) and records
# its process group; stop_servers (call it from teardown) stops them all.
# Keys and the CA are made once per test file ($BATS_FILE_TMPDIR/keys).

SERVERS_WAIT=${SERVERS_WAIT:-10}	# seconds a server may take to answer
SSHD=${SSHD:-/usr/sbin/sshd}		# sshd re-executes itself: an absolute path
LIGHTTPD=${LIGHTTPD:-$(command -v lighttpd || echo /usr/sbin/lighttpd)}
GIT_HTTP_BACKEND=$(git --exec-path)/git-http-backend

servers_dir() {
	local d=$BATS_TEST_TMPDIR/servers
	mkdir -p "$d" && echo "$d"
}

# A TCP port nobody listens on now (the kernel's choice).
free_port() {
	python3 -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])'
}

# Waits until 127.0.0.1:PORT accepts a connection, while PID lives.
wait_answers() {
	local port=$1 pid=$2 log=$3 i
	for ((i = 0; i < SERVERS_WAIT * 20; i++)); do
		if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
			return 0
		fi
		if ! alive "$pid"; then
			fail "the server on port $port died: $(cat "$log" 2>/dev/null)"
			return 1
		fi
		sleep 0.05
	done
	fail "nothing answered on port $port within ${SERVERS_WAIT}s: $(cat "$log" 2>/dev/null)"
	return 1
}

# Whether process PID runs (a zombie does not: its parent may be an init
# that does not reap).
alive() {
	local stat
	stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
	stat=${stat##*) }
	[[ ${stat:0:1} != Z ]]
}

# Starts a command in a session and process group of its own (setsid: the
# server and every child it forks without a session of its own), records
# its pid under NAME for stop_servers and prints it. The pid comes from the
# process itself, for setsid may fork.
start_server() {
	local name=$1 log=$2 f i
	shift 2
	f=$(servers_dir)/$name.pid
	rm -f "$f"
	setsid -f sh -c 'echo $$ >"$0.new" && mv "$0.new" "$0" && exec "$@"' \
		"$f" "$@" </dev/null >>"$log" 2>&1
	for ((i = 0; i < SERVERS_WAIT * 100; i++)); do
		[[ -s $f ]] && break
		sleep 0.01
	done
	cat "$f"
}

# Kills server NAME's process group at once (a cut in the middle of a
# transfer) and waits until it is gone.
kill_server() {
	local f pid i
	f=$(servers_dir)/$1.pid
	[[ -e $f ]] || return 0
	pid=$(cat "$f")
	kill -KILL -- "-$pid" 2>/dev/null
	for ((i = 0; i < 100; i++)); do
		alive "$pid" || break
		sleep 0.05
	done
	rm -f "$f"
}

# Stops every server the test started (teardown).
stop_servers() {
	local d=$BATS_TEST_TMPDIR/servers f pid i
	[[ -d $d ]] || return 0
	for f in "$d"/*.pid; do
		[[ -e $f ]] || continue
		pid=$(cat "$f")
		kill -TERM -- "-$pid" 2>/dev/null
		for ((i = 0; i < 100; i++)); do
			alive "$pid" || break
			sleep 0.02
		done
		kill -KILL -- "-$pid" 2>/dev/null
		rm -f "$f"
	done
	if [[ -n ${SSH_AGENT_PID:-} ]]; then
		kill "$SSH_AGENT_PID" 2>/dev/null
		unset SSH_AGENT_PID SSH_AUTH_SOCK
	fi
	return 0
}

# A bare repository $1 (a path) that accepts pushes from every server kind
# (http-backend asks for http.receivepack when nobody logged in).
bare_repo() {
	git init -q --bare -b main "$1" &&
		git -C "$1" config http.receivepack true
}

# ---- git:// ----

# git daemon serving every repository under BASE; sets GIT_DAEMON_PORT.
start_git_daemon() {
	local base=$1 d log pid
	d=$(servers_dir)
	log=$d/git-daemon.log
	GIT_DAEMON_PORT=$(free_port)
	pid=$(start_server git-daemon "$log" git daemon --export-all \
		--enable=receive-pack --base-path="$base" --reuseaddr \
		--listen=127.0.0.1 --port="$GIT_DAEMON_PORT" --informative-errors \
		"$base")
	wait_answers "$GIT_DAEMON_PORT" "$pid" "$log"
}

# ---- ssh ----

# The throwaway keys, once per test file: the server's host key and the
# user's key (no passphrase), and one with the passphrase "secret".
ssh_keys() {
	SSH_KEYS=$BATS_FILE_TMPDIR/keys/ssh
	[[ -e $SSH_KEYS/user_key ]] && return 0
	mkdir -p "$SSH_KEYS.$BASHPID" &&
		ssh-keygen -q -t ed25519 -N '' -C 'kata test host' -f "$SSH_KEYS.$BASHPID/host_key" &&
		ssh-keygen -q -t ed25519 -N '' -C 'kata test user' -f "$SSH_KEYS.$BASHPID/user_key" &&
		ssh-keygen -q -t ed25519 -N 'secret' -C 'kata test locked' -f "$SSH_KEYS.$BASHPID/locked_key" &&
		ssh-keygen -q -t ed25519 -N '' -C 'kata test stranger' -f "$SSH_KEYS.$BASHPID/stranger_key" ||
		return 1
	mv -T "$SSH_KEYS.$BASHPID" "$SSH_KEYS" 2>/dev/null || rm -r "$SSH_KEYS.$BASHPID"
}

# sshd on a loopback port, logging in the user running the tests with the
# keys listed in its own authorized_keys (user_key and locked_key); no
# PAM, no passwords. Sets SSHD_PORT, SSHD_USER and SSHD_KNOWN_HOSTS (the
# line for ~/.ssh/known_hosts). SSHD_FORCE_COMMAND, when set, runs instead
# of what the client asked (SSH_ORIGINAL_COMMAND holds that).
start_sshd() {
	local d log pid
	ssh_keys || return 1
	d=$(servers_dir)/sshd
	mkdir -p "$d"
	log=$d/log
	SSHD_PORT=$(free_port)
	SSHD_USER=$(id -un)
	cat "$SSH_KEYS/user_key.pub" "$SSH_KEYS/locked_key.pub" >"$d/authorized_keys"
	cat >"$d/config" <<-EOF
	Port $SSHD_PORT
	ListenAddress 127.0.0.1
	HostKey $SSH_KEYS/host_key
	PidFile $d/pid
	AuthorizedKeysFile $d/authorized_keys
	StrictModes no
	UsePAM no
	PasswordAuthentication no
	KbdInteractiveAuthentication no
	PubkeyAuthentication yes
	PermitRootLogin prohibit-password
	AllowAgentForwarding no
	AllowTcpForwarding no
	X11Forwarding no
	PrintMotd no
	PrintLastLog no
	LogLevel VERBOSE
	EOF
	if [[ -n ${SSHD_FORCE_COMMAND:-} ]]; then
		echo "ForceCommand $SSHD_FORCE_COMMAND" >>"$d/config"
	fi
	# run as root, sshd wants its privilege separation folder
	if [[ $(id -u) -eq 0 && ! -d /run/sshd ]]; then
		mkdir -p -m 0755 /run/sshd
	fi
	# libgit2 1.5.1 leaks in its ssh transport (see the file); its frames
	# have no frame pointers, so only the slow unwinder finds the caller
	export LSAN_OPTIONS=${LSAN_OPTIONS:+$LSAN_OPTIONS:}fast_unwind_on_malloc=0:print_suppressions=0:suppressions=${BASH_SOURCE[0]%/*}/libgit2-ssh.supp
	pid=$(start_server sshd "$log" "$SSHD" -D -e -f "$d/config")
	wait_answers "$SSHD_PORT" "$pid" "$log" || return 1
	SSHD_KNOWN_HOSTS="[127.0.0.1]:$SSHD_PORT $(cut -d' ' -f1-2 "$SSH_KEYS/host_key.pub")"
}

# Trusts the test sshd's host key in ~/.ssh/known_hosts.
trust_sshd() {
	mkdir -p "$HOME/.ssh" &&
		printf '%s\n' "$SSHD_KNOWN_HOSTS" >>"$HOME/.ssh/known_hosts"
}

# An ssh-agent for this test holding the user's key (or the key named,
# locked_key with its passphrase); sets SSH_AUTH_SOCK.
start_ssh_agent() {
	local out d
	ssh_keys || return 1
	d=$(servers_dir)
	out=$(ssh-agent -s -a "$d/agent.sock") || return 1
	eval "$out" >/dev/null
	export SSH_AUTH_SOCK SSH_AGENT_PID
	printf '#!/bin/sh\necho secret\n' >"$d/askpass"
	chmod +x "$d/askpass"
	SSH_ASKPASS=$d/askpass SSH_ASKPASS_REQUIRE=force DISPLAY=: \
		ssh-add -q "$SSH_KEYS/${1:-user_key}" </dev/null 2>/dev/null
}

# The real git program over ssh to the test sshd, with the user's key.
git_ssh() {
	GIT_SSH_COMMAND="ssh -i $SSH_KEYS/user_key -o IdentitiesOnly=yes \
-o UserKnownHostsFile=$(servers_dir)/sshd/known_hosts -o StrictHostKeyChecking=no \
-o BatchMode=yes -p $SSHD_PORT" git "$@"
}

# ---- http and https ----

# The test certificate authority and the server's certificate for
# 127.0.0.1 and localhost, once per test file; also a second CA that
# signed nothing of the server's. Sets TEST_CA (its certificate) and
# OTHER_CA.
test_ca() {
	local d=$BATS_FILE_TMPDIR/keys/ca t
	TEST_CA=$d/ca.pem OTHER_CA=$d/other-ca.pem
	[[ -e $d/server.pem ]] && return 0
	t=$d.$BASHPID
	mkdir -p "$t" || return 1
	(
		cd "$t" &&
			openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
				-keyout ca.key -out ca.pem -days 30 -subj '/CN=kata test CA' &&
			openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
				-keyout other-ca.key -out other-ca.pem -days 30 -subj '/CN=kata other CA' &&
			openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
				-keyout server.key -out server.csr -subj '/CN=127.0.0.1' &&
			printf '%s\n' 'subjectAltName=IP:127.0.0.1,DNS:localhost' \
				'basicConstraints=CA:FALSE' 'extendedKeyUsage=serverAuth' >ext &&
			openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key \
				-CAcreateserial -out server.pem -days 30 -extfile ext
	) >"$t.log" 2>&1 || {
		fail "openssl could not make the test CA: $(cat "$t.log")"
		return 1
	}
	mv -T "$t" "$d" 2>/dev/null || rm -r "$t"
}

# lighttpd running git http-backend for the repositories under ROOT, over
# http (HTTP_PORT) and https (HTTPS_PORT, certified by TEST_CA), at two
# places: /git/NAME open to all, /auth/NAME behind basic auth for
# alice:HTTP_PASSWORD. HTTP_THROTTLE, when set (bytes a second), slows
# every transfer both ways through pv, so that a test can cut one midway.
HTTP_PASSWORD=s3cret
start_httpd() {
	local root=$1 d log pid backend
	test_ca || return 1
	d=$(servers_dir)/httpd
	mkdir -p "$d/doc"
	log=$d/error.log
	HTTP_PORT=$(free_port)
	HTTPS_PORT=$(free_port)
	printf 'alice:%s\n' "$HTTP_PASSWORD" >"$d/users"
	backend=$GIT_HTTP_BACKEND
	if [[ -n ${HTTP_THROTTLE:-} ]]; then
		backend=$d/slow-backend
		cat >"$backend" <<-EOF
		#!/bin/sh
		# git http-backend with both directions slowed to $HTTP_THROTTLE bytes/s
		pv -q -L $HTTP_THROTTLE | "$GIT_HTTP_BACKEND" | pv -q -L $HTTP_THROTTLE
		EOF
		chmod +x "$backend"
	fi
	# The request body is kept whole before the CGI starts (the default):
	# libgit2 posts it chunked, which lighttpd hands a CGI only that way.
	cat >"$d/lighttpd.conf" <<-EOF
	server.modules = ("mod_auth", "mod_authn_file", "mod_alias", "mod_setenv", "mod_cgi", "mod_openssl")
	server.document-root = "$d/doc"
	server.bind = "127.0.0.1"
	server.port = $HTTP_PORT
	server.errorlog = "$log"
	server.stream-response-body = 2
	\$SERVER["socket"] == "127.0.0.1:$HTTPS_PORT" {
		ssl.engine = "enable"
		ssl.pemfile = "${TEST_CA%/*}/server.pem"
		ssl.privkey = "${TEST_CA%/*}/server.key"
	}
	alias.url = ("/git/" => "$backend/", "/auth/" => "$backend/")
	\$HTTP["url"] =~ "^/(git|auth)/" {
		cgi.assign = ("" => "")
		setenv.add-environment = ("GIT_PROJECT_ROOT" => "$root", "GIT_HTTP_EXPORT_ALL" => "")
	}
	auth.backend = "plain"
	auth.backend.plain.userfile = "$d/users"
	auth.require = ("/auth/" => ("method" => "basic", "realm" => "kata", "require" => "valid-user"))
	EOF
	pid=$(start_server httpd "$log" "$LIGHTTPD" -D -f "$d/lighttpd.conf")
	wait_answers "$HTTP_PORT" "$pid" "$log" &&
		wait_answers "$HTTPS_PORT" "$pid" "$log"
}
