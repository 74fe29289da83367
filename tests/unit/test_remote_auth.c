#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <git2.h>
#include <git2/sys/credential.h>
#include <nettle/base64.h>

#include "helpers.h"
#include "../../lib/remote_auth.h"

/*
 * The callbacks of lib/remote_auth.c called as libgit2 calls them, without
 * a server (tests/e2e/remote.bats has the servers): which credential comes
 * in which order, that every source is offered once, the host key checks
 * against known_hosts, and the one line of each error.
 */

struct world {
	char *home;
	struct remote_auth a;
	git_remote_callbacks cbs;
};

static int setup(void **state)
{
	struct world *w = calloc(1, sizeof(*w));

	w->home = th_tmpdir();
	setenv("HOME", w->home, 1);
	unsetenv("XDG_CONFIG_HOME");
	unsetenv("SSH_AUTH_SOCK");
	unsetenv("KATA_HTTP_USERNAME");
	unsetenv("KATA_HTTP_PASSWORD");
	unsetenv("SSL_CERT_FILE");
	unsetenv("SSL_CERT_DIR");
	*state = w;
	return 0;
}

static int teardown(void **state)
{
	struct world *w = *state;

	remote_auth_release(&w->a);
	th_rmtree(w->home);
	free(w->home);
	free(w);
	return 0;
}

static void start(struct world *w, const char *url)
{
	struct kata_error err;

	kata_error_init(&err);
	remote_auth_release(&w->a);
	assert_int_equal(remote_auth_init(&w->a, NULL, url, &err), 0);
	git_remote_init_callbacks(&w->cbs, GIT_REMOTE_CALLBACKS_VERSION);
	remote_auth_callbacks(&w->cbs, &w->a);
	kata_error_release(&err);
}

/* The user and password of the next http credential; asserts one came. */
static void next_userpass(struct world *w, const char *url, const char *user_from_url,
			  const char *user, const char *pass)
{
	git_credential *cred = NULL;
	git_credential_userpass_plaintext *up;

	assert_int_equal(w->cbs.credentials(&cred, url, user_from_url,
					    GIT_CREDENTIAL_USERPASS_PLAINTEXT, w->cbs.payload), 0);
	assert_non_null(cred);
	assert_int_equal(cred->credtype, GIT_CREDENTIAL_USERPASS_PLAINTEXT);
	up = (git_credential_userpass_plaintext *)cred;
	assert_string_equal(up->username, user);
	assert_string_equal(up->password, pass);
	git_credential_free(cred);
}

/* No credential is left: the callback says so, and why. */
static void no_more(struct world *w, const char *url, const char *user_from_url,
		    unsigned allowed, const char *why)
{
	git_credential *cred = NULL;

	assert_int_equal(w->cbs.credentials(&cred, url, user_from_url, allowed,
					    w->cbs.payload), GIT_EAUTH);
	assert_null(cred);
	assert_non_null(w->a.why);
	if (!strstr(w->a.why, why))
		fail_msg("'%s' does not say '%s'", w->a.why, why);
	assert_string_equal(git_error_last()->message, w->a.why);
}

static void test_http_sources_in_order_once_each(void **state)
{
	struct world *w = *state;
	const char *url = "https://git.example.com:8443/team.git";
	char *f = th_path(w->home, ".git-credentials");
	const char *lines = "https://alice:nope@other.example.com:8443\n"
			    "https://alice:nope@git.example.com\n"
			    "http://alice:nope@git.example.com:8443\n"
			    "https://alice:fr%40m%20file@git.example.com:8443/some/path\n"
			    "https://alice:second@git.example.com:8443\n";

	th_write_file(f, lines, strlen(lines));
	setenv("KATA_HTTP_USERNAME", "carol", 1);
	setenv("KATA_HTTP_PASSWORD", "from env", 1);
	start(w, url);
	next_userpass(w, url, NULL, "carol", "from env");
	/* the scheme, host and port match, the path does not count; %-decoded */
	next_userpass(w, url, NULL, "alice", "fr@m file");
	no_more(w, url, NULL, GIT_CREDENTIAL_USERPASS_PLAINTEXT,
		"authentication refused (tried KATA_HTTP_USERNAME/KATA_HTTP_PASSWORD, "
		"~/.git-credentials)");
	/* and again: a refusal does not loop */
	no_more(w, url, NULL, GIT_CREDENTIAL_USERPASS_PLAINTEXT, "authentication refused");

	/* the next talk with the remote starts the tries anew */
	remote_auth_callbacks(&w->cbs, &w->a);
	next_userpass(w, url, NULL, "carol", "from env");
	free(f);
}

static void test_http_user_of_url(void **state)
{
	struct world *w = *state;
	const char *url = "http://bob@git.example.com/team.git";

	/* the URL's user: only a line for that user, and the env's password for him */
	th_make(w->home, ".config/git/credentials",
		"http://alice:hers@git.example.com\nhttp://bob:his@git.example.com\n");
	setenv("KATA_HTTP_PASSWORD", "env", 1);
	start(w, url);
	next_userpass(w, url, "bob", "bob", "env");
	next_userpass(w, url, "bob", "bob", "his");
	no_more(w, url, "bob", GIT_CREDENTIAL_USERPASS_PLAINTEXT,
		"the credentials in $XDG_CONFIG_HOME/git");
}

static void test_http_nothing_says_where(void **state)
{
	struct world *w = *state;
	const char *url = "https://git.example.com/team.git";

	start(w, url);
	no_more(w, url, NULL, GIT_CREDENTIAL_USERPASS_PLAINTEXT,
		"there is none for git.example.com: put them in the URL, in "
		"KATA_HTTP_USERNAME and KATA_HTTP_PASSWORD, or in ~/.git-credentials");
}

static void test_url_password_never_shown(void **state)
{
	struct world *w = *state;
	struct kata_error err;

	start(w, "https://alice:s3cret@git.example.com:8443/team.git");
	assert_string_equal(w->a.shown, "https://alice@git.example.com:8443/team.git");
	git_error_set_str(GIT_ERROR_NET, "unexpected http status code: 401");
	kata_error_init(&err);
	remote_auth_error(&w->a, -1, "cannot fetch from 'origin'", &err);
	assert_string_equal(err.message, "cannot fetch from 'origin' "
			    "(https://alice@git.example.com:8443/team.git): authentication "
			    "refused: unexpected http status code: 401");
	kata_error_release(&err);
}

static void test_errors_one_line(void **state)
{
	struct world *w = *state;
	struct kata_error err;

	start(w, "git://127.0.0.1:9/team.git");
	git_error_set_str(GIT_ERROR_OS, "failed to connect to 127.0.0.1: Connection refused");
	kata_error_init(&err);
	remote_auth_error(&w->a, -1, "cannot fetch from 'origin'", &err);
	assert_string_equal(err.message, "cannot fetch from 'origin' (git://127.0.0.1:9/team.git): "
			    "cannot connect to 127.0.0.1 port 9: connection refused "
			    "(is the server running?)");
	kata_error_release(&err);

	git_error_set_str(GIT_ERROR_SSL, "the SSL certificate is invalid: 0x0c - first\nsecond\n");
	assert_int_equal(w->cbs.certificate_check(NULL, 1, "x", w->cbs.payload), 0);
	{
		git_cert cert = { GIT_CERT_X509 };

		assert_int_equal(w->cbs.certificate_check(&cert, 0, "localhost", w->cbs.payload),
				 GIT_PASSTHROUGH);
	}
	kata_error_init(&err);
	remote_auth_error(&w->a, GIT_ECERTIFICATE, "cannot fetch from 'origin'", &err);
	assert_null(strchr(err.message, '\n'));
	assert_non_null(strstr(err.message, "the certificate of localhost is not trusted "
			       "(the SSL certificate is invalid: 0x0c - first; second)"));
	kata_error_release(&err);

	/* a hook's refusal, in the server's own words */
	start(w, "git://127.0.0.1:9/team.git");
	w->cbs.sideband_progress("no pushes", 9, w->cbs.payload);
	w->cbs.sideband_progress(" today\nhook", 11, w->cbs.payload);
	assert_int_equal(w->cbs.push_update_reference("refs/heads/main",
						      "pre-receive hook declined",
						      w->cbs.payload), 0);
	kata_error_init(&err);
	remote_auth_error(&w->a, 0, "cannot push to 'origin'", &err);
	assert_string_equal(err.message, "cannot push to 'origin' (git://127.0.0.1:9/team.git): "
			    "the remote refused refs/heads/main: pre-receive hook declined "
			    "(remote: no pushes today)");
	kata_error_release(&err);
}

/* ---- ssh ---- */

static void keygen(struct world *w, const char *name, const char *passphrase)
{
	th_make(w->home, ".ssh/", NULL);
	assert_int_equal(th_run(w->home, "ssh-keygen -q -t ed25519 -N '%s' -f .ssh/%s >&2",
				passphrase, name), 0);
}

static void next_key(struct world *w, const char *user, const char *file)
{
	git_credential *cred = NULL;
	git_credential_ssh_key *k;
	char *want = file ? th_path(w->home, file) : NULL;

	assert_int_equal(w->cbs.credentials(&cred, "ssh://h/x", user,
					    GIT_CREDENTIAL_SSH_KEY | GIT_CREDENTIAL_USERPASS_PLAINTEXT,
					    w->cbs.payload), 0);
	assert_non_null(cred);
	assert_int_equal(cred->credtype, GIT_CREDENTIAL_SSH_KEY);
	k = (git_credential_ssh_key *)cred;
	assert_string_equal(k->username, user);
	if (file) {
		assert_string_equal(k->privatekey, want);
	} else {
		assert_null(k->privatekey);	/* the agent's */
	}
	assert_null(k->passphrase);
	git_credential_free(cred);
	free(want);
}

static void test_ssh_agent_then_key_files_once(void **state)
{
	struct world *w = *state;
	char *sock = th_path(w->home, "agent.sock");

	keygen(w, "id_ecdsa", "");
	keygen(w, "id_rsa", "locked");
	/* an agent is a socket there */
	assert_int_equal(th_run(w->home, "python3 -c 'import socket; "
				"socket.socket(socket.AF_UNIX).bind(\"agent.sock\")'"), 0);
	setenv("SSH_AUTH_SOCK", sock, 1);
	start(w, "ssh://git@h:2222/x");
	next_key(w, "git", NULL);
	next_key(w, "git", ".ssh/id_ecdsa");
	no_more(w, "ssh://git@h:2222/x", "git", GIT_CREDENTIAL_SSH_KEY,
		"ssh: h refused 'git' with every key (tried ssh-agent, ~/.ssh/id_ecdsa); "
		"~/.ssh/id_rsa needs a passphrase: add it to ssh-agent (ssh-add)");
	free(sock);
}

static void test_ssh_locked_key_only(void **state)
{
	struct world *w = *state;

	keygen(w, "id_ed25519", "locked");
	start(w, "git@h:x.git");
	no_more(w, "git@h:x.git", "git", GIT_CREDENTIAL_SSH_KEY,
		"ssh: ~/.ssh/id_ed25519 needs a passphrase, which kata does not ask for");
}

static void test_ssh_user_from_login(void **state)
{
	struct world *w = *state;
	git_credential *cred = NULL;

	start(w, "ssh://h/x");
	assert_int_equal(w->cbs.credentials(&cred, "ssh://h/x", NULL, GIT_CREDENTIAL_USERNAME,
					    w->cbs.payload), 0);
	assert_int_equal(cred->credtype, GIT_CREDENTIAL_USERNAME);
	assert_true(strlen(((git_credential_username *)cred)->username) > 0);
	git_credential_free(cred);
	no_more(w, "ssh://h/x", "me", GIT_CREDENTIAL_SSH_KEY, "no key to log in to h as 'me'");
}

static void test_ssh_password_only_server(void **state)
{
	struct world *w = *state;

	/* an http password is for http: not sent to an ssh server */
	setenv("KATA_HTTP_USERNAME", "me", 1);
	setenv("KATA_HTTP_PASSWORD", "secret", 1);
	start(w, "ssh://me@h/x");
	no_more(w, "ssh://me@h/x", "me", GIT_CREDENTIAL_USERPASS_PLAINTEXT,
		"ssh: the server takes no key to log in");
}

/* A host key as libgit2 hands it over, from an OpenSSH .pub file. */
static void hostkey_of(git_cert_hostkey *k, uint8_t *raw, size_t size, const char *pub)
{
	char *text = th_read_file(pub, NULL), *b64, *end;
	struct base64_decode_ctx ctx;
	size_t len = size;

	assert_non_null(text);
	b64 = strchr(text, ' ') + 1;
	end = strchr(b64, ' ');
	*end = '\0';
	base64_decode_init(&ctx);
	assert_true(base64_decode_update(&ctx, &len, raw, strlen(b64), b64));
	memset(k, 0, sizeof(*k));
	k->parent.cert_type = GIT_CERT_HOSTKEY_LIBSSH2;
	k->type = GIT_CERT_SSH_RAW;
	k->raw_type = GIT_CERT_SSH_RAW_TYPE_KEY_ED25519;
	k->hostkey = (const char *)raw;
	k->hostkey_len = len;
	free(text);
}

static void test_ssh_known_hosts(void **state)
{
	struct world *w = *state;
	uint8_t raw[512];
	git_cert_hostkey k;
	char *pub, *line, *kh;

	keygen(w, "host", "");
	keygen(w, "other", "");
	pub = th_path(w->home, ".ssh/host.pub");
	hostkey_of(&k, raw, sizeof(raw), pub);
	kh = th_path(w->home, ".ssh/known_hosts");

	/* unknown: refused with how to add it */
	start(w, "ssh://git@127.0.0.1:2222/x");
	assert_int_equal(w->cbs.certificate_check(&k.parent, 0, "127.0.0.1", w->cbs.payload),
			 GIT_ECERTIFICATE);
	assert_non_null(strstr(w->a.why, "ssh: [127.0.0.1]:2222 is not a known host"));
	assert_non_null(strstr(w->a.why, "ssh-keyscan -p 2222 127.0.0.1 >> ~/.ssh/known_hosts"));

	/* the key of another host, or of another port, is no match */
	line = th_capture(w->home, "printf '%%s %%s\\n' '[127.0.0.1]:2223' \"$(cut -d' ' -f1-2 .ssh/host.pub)\" "
			  "'[10.0.0.1]:2222' \"$(cut -d' ' -f1-2 .ssh/host.pub)\"");
	th_write_file(kh, line, strlen(line));
	free(line);
	start(w, "ssh://git@127.0.0.1:2222/x");
	assert_int_equal(w->cbs.certificate_check(&k.parent, 0, "127.0.0.1", w->cbs.payload),
			 GIT_ECERTIFICATE);
	assert_non_null(strstr(w->a.why, "is not a known host"));

	/* known (here, a hashed entry as ssh-keyscan -H writes): accepted */
	line = th_capture(w->home, "printf '%%s %%s\\n' '[127.0.0.1]:2222' \"$(cut -d' ' -f1-2 .ssh/host.pub)\" "
			  ">.ssh/known_hosts && ssh-keygen -q -H -f .ssh/known_hosts >&2 && cat .ssh/known_hosts");
	assert_non_null(strstr(line, "|1|"));
	free(line);
	start(w, "ssh://git@127.0.0.1:2222/x");
	assert_int_equal(w->cbs.certificate_check(&k.parent, 0, "127.0.0.1", w->cbs.payload), 0);
	assert_null(w->a.why);

	/* changed: refused loudly */
	line = th_capture(w->home, "printf '%%s %%s\\n' '[127.0.0.1]:2222' \"$(cut -d' ' -f1-2 .ssh/other.pub)\"");
	th_write_file(kh, line, strlen(line));
	free(line);
	start(w, "ssh://git@127.0.0.1:2222/x");
	assert_int_equal(w->cbs.certificate_check(&k.parent, 0, "127.0.0.1", w->cbs.payload),
			 GIT_ECERTIFICATE);
	assert_non_null(strstr(w->a.why, "the host key of [127.0.0.1]:2222 has CHANGED"));
	assert_non_null(strstr(w->a.why, "ssh-keygen -R '[127.0.0.1]:2222'"));

	/* port 22: the plain host name, and the advice without -p */
	start(w, "git@127.0.0.1:x.git");
	assert_int_equal(w->cbs.certificate_check(&k.parent, 0, "127.0.0.1", w->cbs.payload),
			 GIT_ECERTIFICATE);
	assert_non_null(strstr(w->a.why, "ssh: 127.0.0.1 is not a known host"));
	assert_non_null(strstr(w->a.why, "ssh-keyscan 127.0.0.1 >>"));
	free(pub);
	free(kh);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_http_sources_in_order_once_each, setup, teardown),
		cmocka_unit_test_setup_teardown(test_http_user_of_url, setup, teardown),
		cmocka_unit_test_setup_teardown(test_http_nothing_says_where, setup, teardown),
		cmocka_unit_test_setup_teardown(test_url_password_never_shown, setup, teardown),
		cmocka_unit_test_setup_teardown(test_errors_one_line, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ssh_agent_then_key_files_once, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ssh_locked_key_only, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ssh_user_from_login, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ssh_password_only_server, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ssh_known_hosts, setup, teardown),
	};
	int rc;

	git_libgit2_init();
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	git_libgit2_shutdown();
	return rc;
}
