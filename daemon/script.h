/* script.h: notify scripts (quorum_up, quorum_down) run by the parent.
 *
 * A script is forked and exec'd directly (no shell), as keepalived 2.2
 * does: a single quoted configuration word such as "/bin/up.sh 10 x" is
 * split at white space (single and double quotes group words); several
 * words are used as they are.  The child gets default signal handling, an
 * empty signal mask and only descriptors 0-2.  Its exit is watched through
 * the event loop and logged.  Scripts are not killed when ipvsd exits
 * (quorum_down of an omega virtual_server runs at stop).
 */
#ifndef IPVSD_SCRIPT_H
#define IPVSD_SCRIPT_H

#include <stddef.h>
#include <stdint.h>

#include "conf.h"

struct event_loop;
struct script_job;

struct script_set {
	struct script_job *head;	/* running */
	unsigned running;
	uint64_t started;		/* total forked */
	uint64_t failed;		/* exited non-zero, killed, or exec failed */
};

/* script_split: the argv of @cmd (see above) into a NULL-terminated
 * malloc'ed vector (free with script_argv_free).  0, -EINVAL for an empty
 * command or an unterminated quote, -ENOMEM. */
int script_split(const struct conf_strv *cmd, char ***ret);
void script_argv_free(char **argv);

/* script_run: start @cmd for @what (a log label, e.g. "quorum_up of
 * [10.0.0.1]:tcp:80").  0 (exit reported later), -EINVAL, or -errno from
 * fork.  An empty @cmd (n == 0) is not an error: nothing runs, 0. */
int script_run(struct script_set *s, struct event_loop *loop,
	       const struct conf_strv *cmd, const char *what);
/* script_set_forget: stop watching every running script (they go on). */
void script_set_forget(struct script_set *s);

#endif
