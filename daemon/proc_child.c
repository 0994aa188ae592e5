/* proc_child.c: what a freshly forked child does before its main():
 * signals, descriptors, name, privilege drop, parent-death signal. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <grp.h>
#include <linux/capability.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "log.h"
#include "proc.h"

static void
signals_reset(void)
{
	sigset_t none;
	int sig;

	for (sig = 1; sig < 65; sig++)
		if (sig != SIGKILL && sig != SIGSTOP)
			signal(sig, SIG_DFL);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
}

/* Close every descriptor above 2 except @keep. */
static int
fds_close_others(int keep)
{
	DIR *d;
	struct dirent *de;
	int fd, dfd;

	if (keep < 3) {
		if (close_range(3, ~0U, 0) == 0)
			return 0;
	} else if (close_range(3, (unsigned)keep - 1, 0) == 0 &&
		   close_range((unsigned)keep + 1, ~0U, 0) == 0) {
		return 0;
	}
	d = opendir("/proc/self/fd");	/* kernels before 5.9 */
	if (d == NULL)
		return -errno;
	dfd = dirfd(d);
	while ((de = readdir(d)) != NULL) {
		fd = atoi(de->d_name);
		if (fd > 2 && fd != keep && fd != dfd)
			close(fd);
	}
	closedir(d);
	return 0;
}

static int
cap_last(void)
{
	int cap;

	for (cap = 0; cap < 64; cap++)
		if (prctl(PR_CAPBSET_READ, (unsigned long)cap, 0, 0, 0) < 0)
			break;
	return cap - 1;
}

static int
caps_bound(uint64_t keep)
{
	int cap, last = cap_last();

	for (cap = 0; cap <= last; cap++) {
		if (keep & PROC_CAP(cap))
			continue;
		if (prctl(PR_CAPBSET_READ, (unsigned long)cap, 0, 0, 0) != 1)
			continue;
		if (prctl(PR_CAPBSET_DROP, (unsigned long)cap, 0, 0, 0) < 0)
			return -errno;
	}
	return 0;
}

/* Permitted and effective become (permitted & keep); inheritable empty. */
static int
caps_limit(uint64_t keep)
{
	struct __user_cap_header_struct h = {
		.version = _LINUX_CAPABILITY_VERSION_3, .pid = 0 };
	struct __user_cap_data_struct d[2];
	int i;

	if (syscall(SYS_capget, &h, d) < 0)
		return -errno;
	for (i = 0; i < 2; i++) {
		d[i].permitted &= (uint32_t)(keep >> (32 * i));
		d[i].effective = d[i].permitted;
		d[i].inheritable = 0;
	}
	if (syscall(SYS_capset, &h, d) < 0)
		return -errno;
	return 0;
}

static int
ids_change(const struct proc_conf *conf)
{
	uid_t r, e, s;

	if (conf->keep_caps != 0 && prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0) < 0)
		return -errno;
	if (setgroups(conf->ngroups, conf->groups) < 0 ||
	    setresgid(conf->gid, conf->gid, conf->gid) < 0 ||
	    setresuid(conf->uid, conf->uid, conf->uid) < 0)
		return -errno;
	if (prctl(PR_SET_KEEPCAPS, 0, 0, 0, 0) < 0)
		return -errno;
	if (getresuid(&r, &e, &s) < 0 || r != conf->uid || e != conf->uid ||
	    s != conf->uid)
		return -EPERM;
	return 0;
}

static int
privileges_drop(const struct proc_conf *conf)
{
	bool limit = conf->keep_caps != PROC_CAPS_ALL;
	int r = 0;

	if (limit)
		r = caps_bound(conf->keep_caps);
	if (r == 0 && conf->uid != (uid_t)-1)
		r = ids_change(conf);
	if (r == 0 && limit)
		r = caps_limit(conf->keep_caps);
	/* paranoia: without CAP_SETUID there must be no way back */
	if (r == 0 && conf->uid != (uid_t)-1 && conf->uid != 0 &&
	    !(conf->keep_caps & PROC_CAP(CAP_SETUID)) && setuid(0) == 0)
		r = -EPERM;
	if (r == 0 && conf->no_new_privs &&
	    prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		r = -errno;
	return r;
}

int
proc_setup_child(const struct proc_conf *conf, pid_t parent, int keep_fd)
{
	char name[16];
	int r;

	signals_reset();
	r = fds_close_others(keep_fd);
	if (r < 0)
		return r;
	snprintf(name, sizeof(name), "ipvsd-%s", conf->name);
	prctl(PR_SET_NAME, name, 0, 0, 0);
	r = privileges_drop(conf);
	if (r < 0) {
		errno = -r;
		log_warn("cannot drop privileges");
		return r;
	}
	/* after the credential change, which clears the death signal */
	if (prctl(PR_SET_PDEATHSIG, SIGTERM, 0, 0, 0) < 0)
		return -errno;
	if (getppid() != parent)
		return -ESRCH;	/* the parent died before we got here */
	return 0;
}
