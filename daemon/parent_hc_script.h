/* parent_hc_script.h: MISC_CHECK scripts, run by the parent for the
 * health-check child (health/hc_proto.h HC_MSG_SCRIPT_RUN/DONE), which
 * runs unprivileged and never forks.
 *
 * For each request the parent looks the checker up in its own tree (the
 * child's is the same), splits misc_path (script_split), picks the
 * credentials (the checker's "user", else the global script user:
 * script_cred_resolve) and checks the executable (script_sec_check: under
 * enable_script_security an unsafe script that would run as root is
 * refused).  The script runs in its own session and process group, as
 * that user, with stdin on /dev/null and default signal handling.  At
 * timeout_ms its process group gets SIGTERM, 2 s later SIGKILL (as
 * keepalived); it then counts as timed out.  Exactly one SCRIPT_DONE
 * answers each request, unless the child restarted meanwhile (the answer
 * would reach a child that never asked).
 */
#ifndef IPVSD_PARENT_HC_SCRIPT_H
#define IPVSD_PARENT_HC_SCRIPT_H

#include <stdint.h>

struct conf;
struct event_loop;
struct proc_child;
struct hc_msg_script_run;
struct parent_hc_scripts;

/* parent_hc_scripts_new: an empty set.  0 or -ENOMEM. */
int parent_hc_scripts_new(struct event_loop *loop, struct parent_hc_scripts **ret);
/* parent_hc_script_run: serve @m from @child under @conf.  Failures are
 * answered (HC_SCRIPT_REFUSED) and logged, never returned. */
void parent_hc_script_run(struct parent_hc_scripts *s, const struct conf *conf,
			  struct proc_child *child, const struct hc_msg_script_run *m);
/* parent_hc_scripts_free: SIGKILL the process group of every script still
 * running, stop watching them, free @s (NULL is fine). */
void parent_hc_scripts_free(struct parent_hc_scripts *s);

#endif
