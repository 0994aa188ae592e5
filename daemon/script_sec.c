/* script_sec.c: script credentials and the script security check (see
 * script_sec.h).
 *
 * The check follows keepalived 2.2's rules: a script needs protection when
 * it would run with uid 0 or gid 0, or is set-uid/set-gid root.  Then every
 * element of its real path, from "/" down to the file itself, must be
 * owned by root and writable by nobody but root: not other-writable, and
 * not group-writable unless the group is root.  A sticky directory (/tmp)
 * only needs a root owner.  Symbolic links are resolved first, so a link
 * in a safe directory to a file in an unsafe one is refused too.
 */
#include "config.h"

#include <errno.h>
#include <grp.h>
#include <limits.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "script_sec.h"

#define DEFAULT_SCRIPT_USER "keepalived_script"

/* "user [group]" -> uid, gid (the user's primary group without a group). */
static int
cred_from_names(const struct conf_strv *u, struct script_cred *ret, char *err, size_t errlen)
{
	const struct passwd *pw;
	const struct group *gr;

	if ((pw = getpwnam(u->v[0])) == NULL) {
		snprintf(err, errlen, "unknown user %s", u->v[0]);
		return -ENOENT;
	}
	ret->uid = pw->pw_uid;
	ret->gid = pw->pw_gid;
	if (u->n > 1) {
		if ((gr = getgrnam(u->v[1])) == NULL) {
			snprintf(err, errlen, "unknown group %s", u->v[1]);
			return -ENOENT;
		}
		ret->gid = gr->gr_gid;
	}
	ret->set = true;
	return 0;
}

int
script_cred_resolve(const struct conf *conf, const struct conf_strv *user,
		    struct script_cred *ret, char *err, size_t errlen)
{
	const struct passwd *pw;

	*ret = (struct script_cred){ .uid = 0, .gid = 0, .set = false };
	if (err != NULL && errlen > 0)
		err[0] = '\0';
	if (user != NULL && user->n > 0)
		return cred_from_names(user, ret, err, errlen);
	if (conf != NULL && conf->global.script_user.n > 0)
		return cred_from_names(&conf->global.script_user, ret, err, errlen);
	if ((pw = getpwnam(DEFAULT_SCRIPT_USER)) != NULL) {
		ret->uid = pw->pw_uid;
		ret->gid = pw->pw_gid;
		ret->set = true;
	}
	return 0;
}

/* May @cred execute the file described by @st (keepalived's rule: root may
 * run anything with an x bit; others by owner/group/other bits). */
static bool
cred_can_exec(const struct stat *st, uid_t uid, gid_t gid)
{
	if (uid == 0)
		return (st->st_mode & (S_IXUSR | S_IXGRP | S_IXOTH)) != 0;
	if (uid == st->st_uid)
		return (st->st_mode & S_IXUSR) != 0;
	if (gid == st->st_gid)
		return (st->st_mode & S_IXGRP) != 0;
	return (st->st_mode & S_IXOTH) != 0;
}

/* Look @name up in $PATH as execvp(3) would; @out gets the first regular
 * file found.  0 or -ENOENT. */
static int
path_search(const char *name, char *out, size_t outlen)
{
	const char *p = getenv("PATH");
	struct stat st;

	if (p == NULL || *p == '\0')
		p = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
	while (*p != '\0') {
		size_t n = strcspn(p, ":");
		int w = snprintf(out, outlen, "%.*s%s%s", (int)n, p, n > 0 ? "/" : "", name);

		if (w > 0 && (size_t)w < outlen && stat(out, &st) == 0 && S_ISREG(st.st_mode))
			return 0;
		p += n;
		if (*p == ':')
			p++;
	}
	return -ENOENT;
}

/* Is the path element @st unsafe for a script run as root? */
static bool
element_unsafe(const struct stat *st)
{
	bool writable = (st->st_gid != 0 && (st->st_mode & S_IWGRP)) ||
			(st->st_mode & S_IWOTH);

	if (st->st_uid != 0)
		return true;
	if (S_ISDIR(st->st_mode) && (st->st_mode & S_ISVTX))
		return false;
	return writable;
}

static int
check_element(const char *p, char *err, size_t errlen)
{
	struct stat st;

	if (stat(p, &st) < 0)
		return -errno;
	if (!element_unsafe(&st))
		return 0;
	snprintf(err, errlen, "unsafe permissions on %s (owner uid %u, mode %04o)",
		 p, (unsigned)st.st_uid, (unsigned)(st.st_mode & 07777));
	return 1;
}

/* Check "/", every directory of the absolute, canonical @real and @real
 * itself.  0 if all are safe, 1 with @err naming the first unsafe one,
 * -errno if one cannot be read. */
static int
walk_elements(const char *real, char *err, size_t errlen)
{
	char buf[PATH_MAX];
	size_t len = strlen(real), i;
	int r;

	if (len >= sizeof(buf))
		return -ENAMETOOLONG;
	if ((r = check_element("/", err, errlen)) != 0)
		return r;
	for (i = 1; i <= len; i++) {
		if (i < len && real[i] != '/')
			continue;
		memcpy(buf, real, i);
		buf[i] = '\0';
		if ((r = check_element(buf, err, errlen)) != 0)
			return r;
	}
	return 0;
}

/* Does a script run as @cred, or the file @st, need protection? */
static bool
needs_protection(const struct stat *st, uid_t uid, gid_t gid)
{
	return uid == 0 || gid == 0 ||
	       (st->st_uid == 0 && (st->st_mode & S_ISUID) && (st->st_mode & S_IXUSR)) ||
	       (st->st_gid == 0 && (st->st_mode & S_ISGID) && (st->st_mode & S_IXGRP));
}

int
script_sec_check(const struct conf *conf, const char *path,
		 const struct script_cred *cred, bool *warned,
		 char *err, size_t errlen)
{
	char found[PATH_MAX], real[PATH_MAX];
	uid_t uid = cred != NULL && cred->set ? cred->uid : 0;
	gid_t gid = cred != NULL && cred->set ? cred->gid : 0;
	struct stat st;
	int r;

	if (warned != NULL)
		*warned = false;
	if (path == NULL || *path == '\0') {
		snprintf(err, errlen, "empty script path");
		return -ENOENT;
	}
	if (strchr(path, '/') == NULL) {
		if (path_search(path, found, sizeof(found)) < 0) {
			snprintf(err, errlen, "cannot find %s in PATH", path);
			return -ENOENT;
		}
		path = found;
	}
	if (realpath(path, real) == NULL || stat(real, &st) < 0) {
		r = -errno;
		snprintf(err, errlen, "cannot access %s: %s", path, strerror(-r));
		return r;
	}
	if (!S_ISREG(st.st_mode) || !cred_can_exec(&st, uid, gid)) {
		snprintf(err, errlen, "%s is not an executable file for uid %u gid %u",
			 path, (unsigned)uid, (unsigned)gid);
		return -EACCES;
	}
	if (!needs_protection(&st, uid, gid))
		return 0;
	if ((r = walk_elements(real, err, errlen)) < 0) {
		snprintf(err, errlen, "cannot check %s: %s", real, strerror(-r));
		return r;
	}
	if (r == 0)
		return 0;
	if (conf != NULL && conf->global.enable_script_security)
		return -EPERM;
	if (warned != NULL)
		*warned = true;
	return 0;
}
