/* script_sec.h: who runs a script, and may it run at all (keepalived's
 * script_user and enable_script_security).
 *
 * Every script ipvsd runs (notify scripts of the parent, VRRP notify and
 * track scripts, MISC_CHECK) runs as a user chosen as keepalived 2.2 does:
 * the script's own "user" option if it has one, else global_defs
 * script_user, else the user "keepalived_script" if it exists, else root.
 * With enable_script_security, a script that would run as root is refused
 * if its executable, or any directory on the way to it, can be written by a
 * non-root user (group- or other-writable, or owned by non-root); without
 * it such a script runs with a warning (logged once).  A refused script is
 * reported with the reason and counts as failed (MISC_CHECK: down).
 */
#ifndef IPVSD_SCRIPT_SEC_H
#define IPVSD_SCRIPT_SEC_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "conf.h"

struct script_cred {
	uid_t uid;
	gid_t gid;
	bool set;		/* false: run as the caller (root) */
};

/* script_cred_resolve: the credentials for a script with optional
 * per-script @user ("user [group]", NULL or n == 0 for none) under @conf's
 * global_defs.  0, or -ENOENT (with @err filled: "unknown user x") when a
 * named user or group does not exist. */
int script_cred_resolve(const struct conf *conf, const struct conf_strv *user,
			struct script_cred *ret, char *err, size_t errlen);

/* script_sec_check: may @path run as @cred?  0 if yes; -EPERM with @err
 * naming the unsafe file or directory when security is enabled and it is
 * unsafe; -ENOENT/-EACCES if the executable is missing or not executable.
 * With security disabled an unsafe script is allowed (0) and @warned, if
 * non-NULL, is set true so the caller can log a warning. */
int script_sec_check(const struct conf *conf, const char *path,
		     const struct script_cred *cred, bool *warned,
		     char *err, size_t errlen);

#endif
