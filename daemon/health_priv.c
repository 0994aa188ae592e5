/* health_priv.c: privileges of the health-check child (see health_priv.h). */
#include "config.h"

#include <errno.h>
#include <linux/capability.h>
#include <pwd.h>
#include <stddef.h>
#include <unistd.h>

#include "conf.h"
#include "log.h"
#include "health_priv.h"
#include "proc.h"

static uint64_t
conn_caps(const struct conf_conn *co)
{
	uint64_t caps = 0;

	if (co->bind_port != CONF_UNSET && co->bind_port > 0 && co->bind_port < 1024)
		caps |= PROC_CAP(CAP_NET_BIND_SERVICE);
	if (co->fwmark != CONF_UNSET && co->fwmark > 0)
		caps |= PROC_CAP(CAP_NET_ADMIN);
	return caps;
}

uint64_t
health_priv_caps(const struct conf *c)
{
	uint64_t caps = PROC_CAP(CAP_NET_RAW);
	size_t i, j, k;

	for (i = 0; i < c->n_vs; i++)
		for (j = 0; j < c->vs[i].n_rs; j++)
			for (k = 0; k < c->vs[i].rs[j].n_checker; k++)
				caps |= conn_caps(&c->vs[i].rs[j].checker[k].conn);
	return caps;
}

int
health_priv_user(const char *const *users, uid_t *uid, gid_t *gid, const char **name)
{
	const struct passwd *pw;

	for (; *users; users++) {
		pw = getpwnam(*users);
		if (pw) {
			*uid = pw->pw_uid;
			*gid = pw->pw_gid;
			*name = *users;
			return 0;
		}
	}
	return -ENOENT;
}

void
health_priv_apply(const struct conf *c, struct proc_conf *pc)
{
	static const char *const users[] = { HEALTH_PRIV_USER, HEALTH_PRIV_FALLBACK_USER, NULL };
	const char *name = NULL;
	uid_t uid;
	gid_t gid;

	pc->keep_caps = health_priv_caps(c);
	pc->no_new_privs = true;
	pc->groups = NULL;
	pc->ngroups = 0;
	if (geteuid() != 0) {
		pc->uid = (uid_t)-1;
		pc->gid = (gid_t)-1;
		return;
	}
	if (health_priv_user(users, &uid, &gid, &name) < 0) {
		log_warnx("health: neither user %s nor %s exists; the health-check child "
			  "stays root (with capabilities %#llx only)", users[0], users[1],
			  (unsigned long long)pc->keep_caps);
		pc->uid = (uid_t)-1;
		pc->gid = (gid_t)-1;
		return;
	}
	pc->uid = uid;
	pc->gid = gid;
	log_info("health: checker runs as %s (uid %u), capabilities %#llx", name,
		 (unsigned)uid, (unsigned long long)pc->keep_caps);
}
