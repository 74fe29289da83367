#ifndef KATA_REMOTE_AUTH_H
#define KATA_REMOTE_AUTH_H

#include <stdbool.h>

#include <git2.h>

#include "kata/buf.h"
#include "kata/error.h"

/*
 * What goes into libgit2's remote callbacks for one talk with a remote (a
 * fetch or a push): credentials for ssh and http(s), the check of the
 * server's host key or certificate, the server's answer to a push, and
 * one clear line for whatever went wrong. See the README, "Remotes and
 * credentials", for where each comes from.
 *
 * kata runs no program to get a credential (no credential helper, no
 * askpass): ssh keys come from ssh-agent or the default key files, http
 * passwords from the URL, KATA_HTTP_USERNAME/KATA_HTTP_PASSWORD, or a file
 * in git-credential-store's format.
 */

/* Every source of a credential is offered once: at most this many tries. */
#define KATA_REMOTE_SSH_SOURCES 4	/* ssh-agent, id_ed25519, id_ecdsa, id_rsa */
#define KATA_REMOTE_HTTP_SOURCES 2	/* environment, credentials file */

struct remote_auth {
	char *url;		/* as configured (may hold a password) */
	char *shown;		/* the URL without its password, for messages */
	char *home;		/* $HOME, for ~/.ssh and ~/.git-credentials */
	char *xdg_config;	/* $XDG_CONFIG_HOME or ~/.config */
	unsigned ssh_next;	/* the next ssh source to offer */
	unsigned http_next;	/* the next http source to offer */
	struct kata_buf tried;	/* what was offered, ", "-separated */
	struct kata_buf locked;	/* keys skipped for their passphrase */
	char *why;		/* a refusal the callbacks explained */
	char *cert_host;	/* the https host whose certificate failed */
	char *refused_ref;	/* the first ref the server refused to update */
	char *refused_status;	/* and the server's reason */
	char remote_said[256];	/* the server's last line of progress text */
	struct kata_buf line;	/* the line the server is writing */
};

/*
 * Prepares the callbacks for a talk with url. For an https URL, also
 * points libgit2 (a process-wide setting of libgit2's) at the CA
 * certificates of git config http.sslCAInfo / http.sslCAPath of repo (with
 * the user's global config), else SSL_CERT_FILE / SSL_CERT_DIR; with none,
 * libgit2 keeps the system's. repo may be NULL (no config then).
 */
int remote_auth_init(struct remote_auth *a, git_repository *repo,
		     const char *url, struct kata_error *err);
void remote_auth_release(struct remote_auth *a);

/*
 * Sets credentials, certificate_check, push_update_reference and
 * sideband_progress of cbs, with a as their payload. A ref the server
 * refuses to update is left in refused_ref/refused_status for the caller. Call it before each
 * connection (each fetch, each push): it starts the count of tries anew.
 */
void remote_auth_callbacks(git_remote_callbacks *cbs, struct remote_auth *a);

/*
 * One clear line in err, "WHAT (URL): why", the URL without its password:
 * after a libgit2 remote call failed with code (<0), from what the
 * callbacks saw and libgit2's last error; or with code 0 after a push
 * whose ref the server refused (refused_status), with what the server
 * said last (a hook's words). KATA_ENOTFOUND for a missing repository,
 * else KATA_ERROR. Returns err->code.
 */
int remote_auth_error(const struct remote_auth *a, int code, const char *what,
		      struct kata_error *err);

#endif
