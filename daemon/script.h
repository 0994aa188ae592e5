/* script.h: notify scripts (quorum_up, quorum_down) run by the parent.
 *
 * A script is forked and exec'd directly (no shell), as keepalived 2.2
 * does: a single quoted configuration word such as "/bin/up.sh 10 x" is
 * split at white space (single and double quotes group words); several
 * words are used as they are.  The child gets default signal handling, an
 * empty signal mask and only descriptors 0-2.  Its exit is watched through
 * the event loop and logged.  Scripts are not killed when ipvsd exits
 * (quorum_down of an omega virtual_server runs at stop).
 *
 * Scripts run as the user script_sec.h chooses, and an insecure script
 * that would run as root is refused under enable_script_security.
 */
#ifndef IPVSD_SCRIPT_H
#define IPVSD_SCRIPT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "conf.h"
#include "script_sec.h"

struct event_loop;
struct script_job;

struct script_set {
	struct script_job *head;	/* running */
	unsigned running;
	uint64_t started;		/* total forked */
	uint64_t failed;		/* exited non-zero, killed, or exec failed */
	uint64_t refused;		/* not started: insecure, missing, bad user */
	/* Policy (script_set_configure): default credentials and
	 * enable_script_security.  Zeroed: run as the caller, no refusal. */
	struct script_cred cred;
	bool cred_pending;		/* default user not looked up yet */
	bool security;
	char **warned;			/* unsafe paths already warned about */
	size_t n_warned;
};

/* script_split: the argv of @cmd (see above) into a NULL-terminated
 * malloc'ed vector (free with script_argv_free).  0, -EINVAL for an empty
 * command or an unterminated quote, -ENOMEM. */
int script_split(const struct conf_strv *cmd, char ***ret);
void script_argv_free(char **argv);

/* script_set_configure: take the default script credentials (script_user,
 * else keepalived_script, else root) and enable_script_security from
 * @conf; call at start and after every reload.  0, or -ENOENT with @err
 * filled (the set keeps its previous policy). */
int script_set_configure(struct script_set *s, const struct conf *conf,
			 char *err, size_t errlen);

/* script_run: start @cmd for @what (a log label, e.g. "quorum_up of
 * [10.0.0.1]:tcp:80").  0 (exit reported later), -EINVAL, or -errno from
 * fork.  An empty @cmd (n == 0) is not an error: nothing runs, 0. */
int script_run(struct script_set *s, struct event_loop *loop,
	       const struct conf_strv *cmd, const char *what);
/* script_run_as: script_run with the credentials of a per-script "user
 * [group]" option (@user NULL or empty: the set's default).  Before the
 * fork the executable is checked (script_sec_check): a refused script is
 * logged with its reason, counted in @refused and -EPERM (insecure),
 * -ENOENT or -EACCES is returned.  The child drops to the credentials
 * (setgroups, setgid, setuid) before exec. */
int script_run_as(struct script_set *s, struct event_loop *loop,
		  const struct conf_strv *cmd, const struct conf_strv *user,
		  const char *what);
/* script_run_cb: script_run_as, but instead of logging the exit, call
 * @cb(@arg, pid, status) with the waitpid() status once the script has
 * exited (not called if it could not start: the error is returned then;
 * not called after script_set_forget).  *@ret_pid (if non-NULL) gets the
 * pid, leader of its own session (kill(-pid, ...) reaches its children).
 * For the VRRP track scripts (added by vrrp-track). */
typedef void script_done_cb(void *arg, pid_t pid, int status);
int script_run_cb(struct script_set *s, struct event_loop *loop,
		  const struct conf_strv *cmd, const struct conf_strv *user,
		  const char *what, script_done_cb *cb, void *arg, pid_t *ret_pid);
/* script_child_exec: in a freshly forked script process: default signal
 * handling, empty mask, own session, only descriptors 0-2 (stdin from
 * /dev/null), drop to @cred (when root), exec @argv[0] from PATH.  Exits
 * 126 if the drop fails, 127 if exec does. */
void script_child_exec(char **argv, const struct script_cred *cred)
	__attribute__((noreturn));

/* script_set_forget: stop watching every running script (they go on);
 * frees the warned-path list. */
void script_set_forget(struct script_set *s);

#endif
