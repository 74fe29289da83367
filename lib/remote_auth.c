#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <pwd.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <git2.h>
#include <libssh2.h>
#include <nettle/base64.h>

#include "kata/str.h"
#include "remote_auth.h"

/* A private key file larger than this is no key of ours. */
#define KEY_FILE_MAX (64 * 1024)
#define CRED_LINE_MAX 4096

static const char *const key_files[] = { "id_ed25519", "id_ecdsa", "id_rsa" };

/* ---- URLs ---- */

/* The parts of a remote URL that the callbacks need. */
struct url {
	char scheme[16];	/* "ssh", "https"; "ssh" for user@host:path */
	char *user, *pass;	/* percent-decoded; NULL when absent */
	char *host;		/* without the brackets of an IPv6 address */
	int port;		/* -1 when the URL names none */
};

static void url_release(struct url *u)
{
	free(u->user);
	free(u->pass);
	free(u->host);
	memset(u, 0, sizeof(*u));
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower(c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* A new copy of s[0..n), %XX decoded (git-credential-store writes them). */
static char *decode(const char *s, size_t n)
{
	char *out = malloc(n + 1), *o = out;
	size_t i;

	if (!out)
		return NULL;
	for (i = 0; i < n; i++) {
		int hi, lo;

		if (s[i] == '%' && i + 2 < n && (hi = hexval(s[i + 1])) >= 0 &&
		    (lo = hexval(s[i + 2])) >= 0) {
			*o++ = (char)(hi * 16 + lo);
			i += 2;
		} else {
			*o++ = s[i];
		}
	}
	*o = '\0';
	return out;
}

/*
 * Reads scheme://[user[:pass]@]host[:port][/path] and ssh's scp form
 * [user@]host:path. Returns 0, or -1 for something else (a path) or when
 * out of memory.
 */
static int url_parse(struct url *u, const char *s)
{
	const char *p, *at, *host, *hend, *end;
	size_t n;

	memset(u, 0, sizeof(*u));
	u->port = -1;
	if ((p = strstr(s, "://")) && (size_t)(p - s) < sizeof(u->scheme)) {
		memcpy(u->scheme, s, (size_t)(p - s));
		u->scheme[p - s] = '\0';
		p += 3;
		end = p + strcspn(p, "/?#");
	} else {
		/* scp form: a colon before any slash, and not a Windows drive */
		const char *colon = strchr(s, ':');

		if (!colon || (strchr(s, '/') && strchr(s, '/') < colon) ||
		    colon - s < 2)
			return -1;
		strcpy(u->scheme, "ssh");
		p = s;
		end = colon;
	}
	at = NULL;
	for (const char *q = p; q < end; q++)
		if (*q == '@')
			at = q;
	host = p;
	if (at) {
		const char *colon = memchr(p, ':', (size_t)(at - p));

		if (colon && !strstr(s, "://"))
			colon = NULL;	/* the scp form has no password */
		n = (size_t)((colon ? colon : at) - p);
		if (!(u->user = decode(p, n)))
			goto oom;
		if (colon && !(u->pass = decode(colon + 1, (size_t)(at - colon - 1))))
			goto oom;
		host = at + 1;
	}
	if (*host == '[') {
		hend = memchr(host, ']', (size_t)(end - host));
		if (!hend)
			goto bad;
		if (!(u->host = decode(host + 1, (size_t)(hend - host - 1))))
			goto oom;
		hend++;
	} else {
		hend = strstr(s, "://") ? memchr(host, ':', (size_t)(end - host)) : NULL;
		if (!hend)
			hend = end;
		if (!(u->host = decode(host, (size_t)(hend - host))))
			goto oom;
	}
	if (hend < end && *hend == ':' && hend + 1 < end) {
		char *e;
		long port = strtol(hend + 1, &e, 10);

		if (e != end || port <= 0 || port > 65535)
			goto bad;
		u->port = (int)port;
	}
	if (!*u->host)
		goto bad;
	return 0;
oom:
bad:
	url_release(u);
	return -1;
}

/* s without the password of its URL, if it has one; NULL when out of memory. */
static char *url_shown(const char *s)
{
	const char *p = strstr(s, "://"), *end, *at = NULL, *colon;

	if (!p)
		return strdup(s);
	p += 3;
	end = p + strcspn(p, "/?#");
	for (const char *q = p; q < end; q++)
		if (*q == '@')
			at = q;
	if (!at || !(colon = memchr(p, ':', (size_t)(at - p))))
		return strdup(s);
	return kata_str_newf("%.*s%s", (int)(colon - s), s, at);
}

/* The port a URL reaches: its own, or its scheme's. */
static int url_port(const struct url *u)
{
	if (u->port > 0)
		return u->port;
	if (!strcmp(u->scheme, "https"))
		return 443;
	if (!strcmp(u->scheme, "http"))
		return 80;
	if (!strcmp(u->scheme, "git"))
		return 9418;
	return 22;
}

/* ---- setup ---- */

static char *home_dir(void)
{
	const char *h = getenv("HOME");
	struct passwd *pw;

	if (h && *h)
		return strdup(h);
	pw = getpwuid(getuid());
	return strdup(pw && pw->pw_dir ? pw->pw_dir : "/");
}

/*
 * The CA certificates to trust: git's http.sslCAInfo / http.sslCAPath
 * (what a git user sets already), else OpenSSL's SSL_CERT_FILE /
 * SSL_CERT_DIR. Setting them replaces libgit2's default bundle, as curl's
 * CAINFO does for git.
 */
static int set_ca(git_repository *repo, struct kata_error *err)
{
	git_config *cfg = NULL;
	git_buf file = { 0 }, dir = { 0 };
	const char *f = NULL, *d = NULL, *from;
	int rc = 0;

	if (repo && git_repository_config_snapshot(&cfg, repo) == 0) {
		if (git_config_get_path(&file, cfg, "http.sslCAInfo") == 0)
			f = file.ptr;
		if (git_config_get_path(&dir, cfg, "http.sslCAPath") == 0)
			d = dir.ptr;
	}
	from = "git config http.sslCAInfo/http.sslCAPath";
	if (!f && !d) {
		f = getenv("SSL_CERT_FILE");
		d = getenv("SSL_CERT_DIR");
		f = f && *f ? f : NULL;
		d = d && *d ? d : NULL;
		from = "SSL_CERT_FILE/SSL_CERT_DIR";
	}
	if ((f || d) && git_libgit2_opts(GIT_OPT_SET_SSL_CERT_LOCATIONS, f, d) < 0) {
		const git_error *e = git_error_last();

		rc = kata_error_set(err, KATA_ECONFIG,
				    "cannot read the CA certificates of %s ('%s'): %s",
				    from, f ? f : d, e && e->message ? e->message : "unreadable");
	}
	git_buf_dispose(&file);
	git_buf_dispose(&dir);
	git_config_free(cfg);
	return rc;
}

int remote_auth_init(struct remote_auth *a, git_repository *repo,
		     const char *url, struct kata_error *err)
{
	const char *xdg = getenv("XDG_CONFIG_HOME");

	memset(a, 0, sizeof(*a));
	if (!(a->url = strdup(url)) || !(a->shown = url_shown(url)) ||
	    !(a->home = home_dir()))
		goto oom;
	a->xdg_config = xdg && *xdg ? strdup(xdg) : kata_str_newf("%s/.config", a->home);
	if (!a->xdg_config)
		goto oom;
	if (!strncmp(url, "https://", 8))
		return set_ca(repo, err);
	return 0;
oom:
	remote_auth_release(a);
	return kata_error_oom(err);
}

void remote_auth_release(struct remote_auth *a)
{
	if (!a)
		return;
	free(a->url);
	free(a->shown);
	free(a->home);
	free(a->xdg_config);
	kata_buf_release(&a->tried);
	kata_buf_release(&a->locked);
	kata_buf_release(&a->line);
	free(a->why);
	free(a->cert_host);
	free(a->refused_ref);
	free(a->refused_status);
	memset(a, 0, sizeof(*a));
}

/* Keeps the first explanation of a refusal, and gives it to libgit2. */
static int refuse(struct remote_auth *a, int klass, int code, char *why)
{
	if (!why) {
		git_error_set_oom();
		return -1;
	}
	git_error_set_str(klass, why);
	if (!a->why)
		a->why = why;
	else
		free(why);
	return code;
}

static void tried(struct remote_auth *a, const char *what)
{
	if (a->tried.len)
		kata_buf_adds(&a->tried, ", ");
	kata_buf_adds(&a->tried, what);
}

/* ---- ssh keys ---- */

/*
 * Whether a private key file needs a passphrase, from its own header
 * (OpenSSH's format names its cipher; PEM says Proc-Type ENCRYPTED).
 * 0 no, 1 yes, -1 unreadable or no key.
 */
static int key_locked(const char *path)
{
	static const char begin[] = "-----BEGIN OPENSSH PRIVATE KEY-----";
	static const char magic[] = "openssh-key-v1";
	char *text = NULL, *b64, *endp;
	uint8_t *bin = NULL;
	size_t n, len;
	struct base64_decode_ctx ctx;
	FILE *f;
	int rc = -1;

	if (!(f = fopen(path, "r")))
		return -1;
	if (!(text = malloc(KEY_FILE_MAX + 1)))
		goto done;
	n = fread(text, 1, KEY_FILE_MAX, f);
	text[n] = '\0';
	if (strstr(text, "Proc-Type: 4,ENCRYPTED") ||
	    strstr(text, "BEGIN ENCRYPTED PRIVATE KEY")) {
		rc = 1;
		goto done;
	}
	if (!(b64 = strstr(text, begin))) {
		rc = strstr(text, "PRIVATE KEY-----") ? 0 : -1;
		goto done;
	}
	b64 += sizeof(begin) - 1;
	if ((endp = strstr(b64, "-----END")))
		*endp = '\0';
	if (!(bin = malloc(BASE64_DECODE_LENGTH(strlen(b64)) + 1)))
		goto done;
	/* base64_decode_update skips the line breaks */
	base64_decode_init(&ctx);
	len = 0;
	if (!base64_decode_update(&ctx, &len, bin, strlen(b64), b64) ||
	    !base64_decode_final(&ctx) || len < sizeof(magic) + 4 ||
	    memcmp(bin, magic, sizeof(magic)))
		goto done;
	{
		const uint8_t *p = bin + sizeof(magic);
		uint32_t clen = (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
				(uint32_t)p[2] << 8 | p[3];

		if (clen > len - sizeof(magic) - 4)
			goto done;
		rc = !(clen == 4 && !memcmp(p + 4, "none", 4));
	}
done:
	free(bin);
	free(text);
	fclose(f);
	return rc;
}

static bool agent_there(void)
{
	const char *sock = getenv("SSH_AUTH_SOCK");
	struct stat st;

	return sock && *sock && stat(sock, &st) == 0 && S_ISSOCK(st.st_mode);
}

/* The local login name, as ssh uses when the URL names no user. */
static char *login_name(void)
{
	struct passwd *pw = getpwuid(getuid());
	const char *u = getenv("USER");

	if (pw && pw->pw_name)
		return strdup(pw->pw_name);
	return strdup(u && *u ? u : "git");
}

static int ssh_refused(struct remote_auth *a, const char *user)
{
	struct url u;
	const char *host = "the server";
	char *why;

	if (url_parse(&u, a->url) == 0)
		host = u.host;
	if (!a->tried.len && a->locked.len)
		why = kata_str_newf("ssh: %s needs a passphrase, which kata does not "
				    "ask for: add the key to ssh-agent (ssh-add) and sync again",
				    a->locked.buf);
	else if (!a->tried.len)
		why = kata_str_newf("ssh: no key to log in to %s as '%s': start ssh-agent "
				    "and add a key (ssh-add), or make ~/.ssh/id_ed25519",
				    host, user);
	else
		why = kata_str_newf("ssh: %s refused '%s' with every key (tried %s)%s%s%s",
				    host, user, a->tried.buf,
				    a->locked.len ? "; " : "",
				    a->locked.len ? a->locked.buf : "",
				    a->locked.len ? " needs a passphrase: add it to ssh-agent (ssh-add)" : "");
	if (a->tried.oom || a->locked.oom) {
		free(why);
		why = NULL;
	}
	if (u.host)
		url_release(&u);
	return refuse(a, GIT_ERROR_SSH, GIT_EAUTH, why);
}

/* The next ssh source that can be offered: the agent, then each key file. */
static int ssh_key(git_credential **out, struct remote_auth *a, const char *user)
{
	while (a->ssh_next < KATA_REMOTE_SSH_SOURCES) {
		unsigned i = a->ssh_next++;
		char *priv, *pub, shown[64];
		struct stat st;
		int locked, rc;

		if (i == 0) {
			if (!agent_there())
				continue;
			tried(a, "ssh-agent");
			return git_credential_ssh_key_from_agent(out, user);
		}
		snprintf(shown, sizeof(shown), "~/.ssh/%s", key_files[i - 1]);
		priv = kata_str_newf("%s/.ssh/%s", a->home, key_files[i - 1]);
		pub = kata_str_newf("%s/.ssh/%s.pub", a->home, key_files[i - 1]);
		if (!priv || !pub) {
			free(priv);
			free(pub);
			git_error_set_oom();
			return -1;
		}
		if (stat(priv, &st) != 0 || (locked = key_locked(priv)) < 0) {
			rc = 1;
		} else if (locked) {
			if (a->locked.len)
				kata_buf_adds(&a->locked, ", ");
			kata_buf_adds(&a->locked, shown);
			rc = 1;
		} else {
			tried(a, shown);
			rc = git_credential_ssh_key_new(out, user,
							stat(pub, &st) == 0 ? pub : NULL,
							priv, NULL);
		}
		free(priv);
		free(pub);
		if (rc <= 0)
			return rc;
	}
	return ssh_refused(a, user);
}

/* ---- http credentials ---- */

/*
 * The first line of a git-credential-store file for the URL's scheme,
 * host and port (and user, when the URL names one): the path is not
 * compared, as git does without credential.useHttpPath. 1 found, 0 not.
 */
static int store_lookup(const char *path, const struct url *want,
			char **user, char **pass)
{
	char line[CRED_LINE_MAX];
	FILE *f = fopen(path, "r");
	int found = 0;

	if (!f)
		return 0;
	while (!found && fgets(line, sizeof(line), f)) {
		struct url u;

		line[strcspn(line, "\r\n")] = '\0';
		if (!strstr(line, "://") || url_parse(&u, line) < 0)
			continue;
		if (!strcmp(u.scheme, want->scheme) && u.user && u.pass &&
		    !strcasecmp(u.host, want->host) && u.port == want->port &&
		    (!want->user || !strcmp(want->user, u.user))) {
			*user = u.user;
			*pass = u.pass;
			u.user = u.pass = NULL;
			found = 1;
		}
		url_release(&u);
	}
	fclose(f);
	return found;
}

static int http_refused(struct remote_auth *a, const struct url *u)
{
	char *why;

	if (a->tried.len)
		why = kata_str_newf("authentication refused (tried %s): check the "
				    "user name and password", a->tried.buf);
	else
		why = kata_str_newf("the server asks for a user name and password, "
				    "and there is none for %s: put them in the URL, in "
				    "KATA_HTTP_USERNAME and KATA_HTTP_PASSWORD, or in "
				    "~/.git-credentials", u->host);
	if (a->tried.oom) {
		free(why);
		why = NULL;
	}
	return refuse(a, GIT_ERROR_HTTP, GIT_EAUTH, why);
}

static int http_userpass(git_credential **out, struct remote_auth *a,
			 const char *user_from_url)
{
	struct url u;
	int rc = 1;

	if (url_parse(&u, a->url) < 0) {
		git_error_set_str(GIT_ERROR_HTTP, "cannot read the remote's URL");
		return -1;
	}
	if (u.user && u.pass && !a->tried.len)
		tried(a, "the URL's password");	/* libgit2 offered it first */
	while (rc > 0 && a->http_next < KATA_REMOTE_HTTP_SOURCES) {
		unsigned i = a->http_next++;
		char *user = NULL, *pass = NULL, *path;

		if (i == 0) {
			const char *eu = getenv("KATA_HTTP_USERNAME");
			const char *ep = getenv("KATA_HTTP_PASSWORD");

			if (!ep || !*ep || (!(eu && *eu) && !user_from_url))
				continue;
			tried(a, "KATA_HTTP_USERNAME/KATA_HTTP_PASSWORD");
			rc = git_credential_userpass_plaintext_new(out,
					eu && *eu ? eu : user_from_url, ep);
			break;
		}
		path = kata_str_newf("%s/.git-credentials", a->home);
		if (path && store_lookup(path, &u, &user, &pass)) {
			tried(a, "~/.git-credentials");
		} else {
			free(path);
			path = kata_str_newf("%s/git/credentials", a->xdg_config);
			if (path && store_lookup(path, &u, &user, &pass))
				tried(a, "the credentials in $XDG_CONFIG_HOME/git");
		}
		if (user)
			rc = git_credential_userpass_plaintext_new(out, user, pass);
		if (pass)
			memset(pass, 0, strlen(pass));
		free(user);
		free(pass);
		free(path);
	}
	if (rc > 0)
		rc = http_refused(a, &u);
	url_release(&u);
	return rc;
}

/* ---- the callbacks ---- */

/* Whether the remote is reached over ssh (its password is no http one). */
static bool is_ssh(const struct remote_auth *a)
{
	struct url u;
	bool ssh;

	if (url_parse(&u, a->url) < 0)
		return false;
	ssh = strstr(u.scheme, "ssh") != NULL;
	url_release(&u);
	return ssh;
}

static int credentials(git_credential **out, const char *url,
		       const char *username_from_url, unsigned int allowed,
		       void *payload)
{
	struct remote_auth *a = payload;
	char *user;
	int rc;

	(void)url;
	if (is_ssh(a) && !(allowed & (GIT_CREDENTIAL_SSH_KEY | GIT_CREDENTIAL_USERNAME)))
		return refuse(a, GIT_ERROR_SSH, GIT_EAUTH,
			      strdup("ssh: the server takes no key to log in, and kata "
				     "logs in to ssh with keys only"));
	if (allowed & GIT_CREDENTIAL_SSH_KEY) {
		if (username_from_url)
			return ssh_key(out, a, username_from_url);
		if (!(user = login_name())) {
			git_error_set_oom();
			return -1;
		}
		rc = ssh_key(out, a, user);
		free(user);
		return rc;
	}
	if (allowed & GIT_CREDENTIAL_USERNAME) {
		if (!(user = login_name())) {
			git_error_set_oom();
			return -1;
		}
		rc = git_credential_username_new(out, user);
		free(user);
		return rc;
	}
	if (allowed & GIT_CREDENTIAL_USERPASS_PLAINTEXT)
		return http_userpass(out, a, username_from_url);
	return refuse(a, GIT_ERROR_NET, GIT_EAUTH,
		      strdup("the server asks for a kind of login kata does not "
			     "offer (only keys for ssh, a password for http)"));
}

static int knownhost_keytype(git_cert_ssh_raw_type_t t)
{
	switch (t) {
	case GIT_CERT_SSH_RAW_TYPE_RSA:
		return LIBSSH2_KNOWNHOST_KEY_SSHRSA;
	case GIT_CERT_SSH_RAW_TYPE_DSS:
		return LIBSSH2_KNOWNHOST_KEY_SSHDSS;
	case GIT_CERT_SSH_RAW_TYPE_KEY_ECDSA_256:
		return LIBSSH2_KNOWNHOST_KEY_ECDSA_256;
	case GIT_CERT_SSH_RAW_TYPE_KEY_ECDSA_384:
		return LIBSSH2_KNOWNHOST_KEY_ECDSA_384;
	case GIT_CERT_SSH_RAW_TYPE_KEY_ECDSA_521:
		return LIBSSH2_KNOWNHOST_KEY_ECDSA_521;
	case GIT_CERT_SSH_RAW_TYPE_KEY_ED25519:
		return LIBSSH2_KNOWNHOST_KEY_ED25519;
	default:
		return LIBSSH2_KNOWNHOST_KEY_UNKNOWN;
	}
}

static const char *keytype_name(git_cert_ssh_raw_type_t t)
{
	switch (t) {
	case GIT_CERT_SSH_RAW_TYPE_RSA:
		return "rsa";
	case GIT_CERT_SSH_RAW_TYPE_DSS:
		return "dsa";
	case GIT_CERT_SSH_RAW_TYPE_KEY_ECDSA_256:
	case GIT_CERT_SSH_RAW_TYPE_KEY_ECDSA_384:
	case GIT_CERT_SSH_RAW_TYPE_KEY_ECDSA_521:
		return "ecdsa";
	case GIT_CERT_SSH_RAW_TYPE_KEY_ED25519:
		return "ed25519";
	default:
		return "ssh";
	}
}

/* "SHA256:..." as ssh prints a key's fingerprint (base64 without padding). */
static void fingerprint(char out[64], const git_cert_hostkey *k)
{
	char b64[BASE64_ENCODE_RAW_LENGTH(32) + 1];
	size_t n;

	if (!(k->type & GIT_CERT_SSH_SHA256)) {
		strcpy(out, "of unknown fingerprint");
		return;
	}
	base64_encode_raw(b64, 32, k->hash_sha256);
	n = BASE64_ENCODE_RAW_LENGTH(32);
	while (n && b64[n - 1] == '=')
		n--;
	b64[n] = '\0';
	snprintf(out, 64, "SHA256:%s", b64);
}

/*
 * libgit2 1.5 checks ~/.ssh/known_hosts itself and says whether the key
 * matched (valid), but neither reads /etc/ssh/ssh_known_hosts nor tells a
 * changed key from an unknown host. Both come from libssh2's knownhost
 * API here, on the raw key libgit2 hands over.
 */
static int check_hostkey(struct remote_auth *a, const git_cert_hostkey *k,
			 const char *host)
{
	LIBSSH2_SESSION *session = NULL;
	LIBSSH2_KNOWNHOSTS *known = NULL;
	char *files[2], where[300], portopt[16], fp[64], *why;
	struct url u;
	int port = 22, changed = -1, rc = GIT_ECERTIFICATE;

	if (url_parse(&u, a->url) == 0) {
		port = url_port(&u);
		url_release(&u);
	}
	files[0] = kata_str_newf("%s/.ssh/known_hosts", a->home);
	files[1] = strdup("/etc/ssh/ssh_known_hosts");
	fingerprint(fp, k);
	if (!(k->type & GIT_CERT_SSH_RAW)) {
		rc = refuse(a, GIT_ERROR_SSH, GIT_ECERTIFICATE,
			    kata_str_newf("ssh: cannot check the host key of %s", host));
		goto done;
	}
	if (!files[0] || !files[1] || !(session = libssh2_session_init())) {
		rc = refuse(a, GIT_ERROR_SSH, GIT_ECERTIFICATE, NULL);
		goto done;
	}
	for (int i = 0; i < 2 && changed < 0; i++) {
		struct libssh2_knownhost *entry = NULL;
		int check;

		if (!(known = libssh2_knownhost_init(session)))
			break;
		if (libssh2_knownhost_readfile(known, files[i],
					       LIBSSH2_KNOWNHOST_FILE_OPENSSH) >= 0) {
			check = libssh2_knownhost_checkp(known, host, port, k->hostkey,
					k->hostkey_len,
					LIBSSH2_KNOWNHOST_TYPE_PLAIN |
					LIBSSH2_KNOWNHOST_KEYENC_RAW |
					knownhost_keytype(k->raw_type), &entry);
			if (check == LIBSSH2_KNOWNHOST_CHECK_MATCH) {
				rc = 0;
				goto done;
			}
			if (check == LIBSSH2_KNOWNHOST_CHECK_MISMATCH)
				changed = i;
		}
		libssh2_knownhost_free(known);
		known = NULL;
	}
	portopt[0] = '\0';
	if (port == 22) {
		snprintf(where, sizeof(where), "%s", host);
	} else {
		snprintf(where, sizeof(where), "[%s]:%d", host, port);
		snprintf(portopt, sizeof(portopt), " -p %d", port);
	}
	if (changed >= 0)
		why = kata_str_newf("ssh: the host key of %s has CHANGED: it is now %s %s, "
				    "not the one in %s; someone may be listening in. If the "
				    "server's key really changed, remove the old one with "
				    "ssh-keygen -R '%s' and add the new one",
				    where, keytype_name(k->raw_type), fp,
				    changed ? files[1] : "~/.ssh/known_hosts", where);
	else
		why = kata_str_newf("ssh: %s is not a known host (its %s key is %s): if "
				    "that is its key, add it with ssh-keyscan%s %s >> "
				    "~/.ssh/known_hosts, or connect once with ssh",
				    where, keytype_name(k->raw_type), fp, portopt, host);
	rc = refuse(a, GIT_ERROR_SSH, GIT_ECERTIFICATE, why);
done:
	if (known)
		libssh2_knownhost_free(known);
	if (session)
		libssh2_session_free(session);
	free(files[0]);
	free(files[1]);
	return rc;
}

static int certificate_check(git_cert *cert, int valid, const char *host,
			     void *payload)
{
	struct remote_auth *a = payload;

	if (valid)
		return 0;
	if (cert->cert_type == GIT_CERT_HOSTKEY_LIBSSH2)
		return check_hostkey(a, (const git_cert_hostkey *)cert, host);
	/* libgit2's error says why the certificate failed: keep it */
	if (!a->cert_host)
		a->cert_host = strdup(host);
	return GIT_PASSTHROUGH;
}

/* The caller reads the refusal after the push (remote moved, or a hook). */
static int push_update_reference(const char *refname, const char *status,
				 void *payload)
{
	struct remote_auth *a = payload;

	if (status && !a->refused_ref) {
		a->refused_ref = strdup(refname);
		a->refused_status = strdup(status);
		if (!a->refused_ref || !a->refused_status) {
			git_error_set_oom();
			return -1;
		}
	}
	return 0;
}

/*
 * The server's progress text, in pieces that split lines anywhere; the
 * last whole line is what a refusing hook said last.
 */
static int sideband_progress(const char *str, int len, void *payload)
{
	struct remote_auth *a = payload;

	for (int i = 0; i < len; i++) {
		if (str[i] == '\n' || str[i] == '\r') {
			if (a->line.len && !a->line.oom)
				kata_str_cut(a->remote_said, sizeof(a->remote_said),
					     a->line.buf, 200);
			kata_buf_truncate(&a->line, 0);
		} else {
			kata_buf_add(&a->line, str + i, 1);
		}
	}
	return 0;
}

void remote_auth_callbacks(git_remote_callbacks *cbs, struct remote_auth *a)
{
	a->ssh_next = a->http_next = 0;
	kata_buf_truncate(&a->tried, 0);
	kata_buf_truncate(&a->locked, 0);
	cbs->credentials = credentials;
	cbs->certificate_check = certificate_check;
	cbs->push_update_reference = push_update_reference;
	cbs->sideband_progress = sideband_progress;
	cbs->payload = a;
}

/* ---- one clear line ---- */

static bool has(const char *msg, const char *s)
{
	return msg && strstr(msg, s);
}

/*
 * libgit2's message on one line: mbedTLS lists each reason a certificate
 * failed on a line of its own.
 */
static void one_line(char *out, size_t size, const char *msg)
{
	size_t n = 0;

	for (; *msg && n + 3 < size; msg++) {
		if (*msg == '\n' || *msg == '\r') {
			while (msg[1] == '\n' || msg[1] == '\r')
				msg++;
			if (msg[1]) {
				out[n++] = ';';
				out[n++] = ' ';
			}
		} else {
			out[n++] = *msg;
		}
	}
	out[n] = '\0';
}

int remote_auth_error(const struct remote_auth *a, int code, const char *what,
		      struct kata_error *err)
{
	const git_error *e = git_error_last();
	char line[1024];
	const char *msg = NULL;
	struct url u;
	char hostport[300];

	if (e && e->message) {
		one_line(line, sizeof(line), e->message);
		msg = line;
	}

	if (url_parse(&u, a->url) == 0) {
		snprintf(hostport, sizeof(hostport), "%.255s port %d", u.host, url_port(&u));
		url_release(&u);
	} else {
		snprintf(hostport, sizeof(hostport), "the server");
	}
	if (a->why)
		return kata_error_set(err, KATA_ERROR, "%s (%s): %s", what, a->shown, a->why);
	if (a->refused_ref && code >= 0)
		return kata_error_set(err, KATA_ERROR, "%s (%s): the remote refused %s: %s%s%s%s",
				      what, a->shown, a->refused_ref, a->refused_status,
				      a->remote_said[0] ? " (remote: " : "", a->remote_said,
				      a->remote_said[0] ? ")" : "");
	if (code == GIT_ECERTIFICATE && a->cert_host)
		return kata_error_set(err, KATA_ERROR, "%s (%s): the certificate of %s is not "
				      "trusted (%s): give kata its CA with git config "
				      "http.sslCAInfo FILE or SSL_CERT_FILE", what, a->shown,
				      a->cert_host, msg ? msg : "invalid");
	if (code == GIT_EAUTH || has(msg, "status code: 401") ||
	    has(msg, "status code: 403"))
		return kata_error_set(err, KATA_ERROR, "%s (%s): authentication refused%s%s",
				      what, a->shown, msg ? ": " : "", msg ? msg : "");
	if (has(msg, "onnection refused"))
		return kata_error_set(err, KATA_ERROR, "%s (%s): cannot connect to %s: "
				      "connection refused (is the server running?)",
				      what, a->shown, hostport);
	if (has(msg, "failed to connect"))
		return kata_error_set(err, KATA_ERROR, "%s (%s): cannot connect to %s: %s",
				      what, a->shown, hostport, msg);
	if (has(msg, "stream ended at an unexpected time") || has(msg, "early EOF") ||
	    has(msg, "onnection reset") || has(msg, "unexpected EOF") ||
	    has(msg, "hung up") || has(msg, "roken pipe"))
		return kata_error_set(err, KATA_ERROR, "%s (%s): the connection broke off "
				      "midway (%s); sync again to finish", what, a->shown, msg);
	if (has(msg, "failed to resolve address"))
		return kata_error_set(err, KATA_ERROR, "%s (%s): unknown host: %s",
				      what, a->shown, msg);
	if (has(msg, "status code: 404") || has(msg, "not found") ||
	    has(msg, "no such repository") || has(msg, "not exported") ||
	    has(msg, "does not appear to be a git repository") ||
	    has(msg, "not a git repository") || has(msg, "does not exist"))
		return kata_error_set(err, KATA_ENOTFOUND, "%s (%s): no repository there: %s",
				      what, a->shown, msg);
	return kata_error_set(err, KATA_ERROR, "%s (%s): %s", what, a->shown,
			      msg ? msg : "the remote failed");
}
