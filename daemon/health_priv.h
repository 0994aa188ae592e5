/* health_priv.h: the identity and capabilities the health-check child runs
 * with (daemon/parent_health.c hands them to proc_spawn()).
 *
 * The child parses untrusted replies (HTTP, TLS, DNS, SMTP), so it does not
 * run as root: it drops to the system user "ipvsd-health" (systemd/
 * ipvsd.sysusers.conf), or "nobody" where that user does not exist, with
 * no supplementary groups and PR_SET_NO_NEW_PRIVS.  It keeps only the
 * capabilities its checkers need, decided from the configuration:
 *   CAP_NET_RAW           always: bind_if (SO_BINDTODEVICE), SO_MARK on
 *                         kernels >= 5.17, raw ICMP when ping sockets are
 *                         not allowed;
 *   CAP_NET_BIND_SERVICE  when a checker has a bind_port below 1024;
 *   CAP_NET_ADMIN         when a checker sets fwmark (SO_MARK before 5.17).
 * A parent that is not root itself (tests) keeps its uid for the child.
 */
#ifndef IPVSD_HEALTH_PRIV_H
#define IPVSD_HEALTH_PRIV_H

#include <stdint.h>
#include <sys/types.h>

struct conf;
struct proc_conf;

#define HEALTH_PRIV_USER "ipvsd-health"
#define HEALTH_PRIV_FALLBACK_USER "nobody"

/* health_priv_caps: PROC_CAP() mask the checkers of @c need. */
uint64_t health_priv_caps(const struct conf *c);

/* health_priv_user: uid/gid of the first of @users (NULL-terminated) that
 * exists; its name in *@name.  0, or -ENOENT if none does. */
int health_priv_user(const char *const *users, uid_t *uid, gid_t *gid,
		     const char **name);

/* health_priv_apply: fill @pc's uid, gid, groups, keep_caps and
 * no_new_privs for @c (logs the choice once per spawn).  With no
 * unprivileged user at all the child stays root with the reduced
 * capabilities (logged as a warning). */
void health_priv_apply(const struct conf *c, struct proc_conf *pc);

#endif
