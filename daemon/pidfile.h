/* pidfile.h: keepalived-style pid files ("<pid>\n"), locked while we run.
 *
 * The file stays open with an flock(LOCK_EX) for the daemon's lifetime, so
 * "is it running" is answered by the lock, not by a pid that may have been
 * reused: a file whose lock nobody holds is stale and is taken over.
 */
#ifndef IPVSD_PIDFILE_H
#define IPVSD_PIDFILE_H

#include <sys/types.h>

struct pidfile {
	char *path;
	int fd;
};
#define PIDFILE_INIT { .path = NULL, .fd = -1 }

/* pidfile_create: create or take over @path, lock it and write our pid.
 * -EEXIST if another live process holds it (its pid in *holder if
 * non-NULL, 0 if unreadable), other -errno. */
int pidfile_create(const char *path, struct pidfile *ret, pid_t *holder);
/* pidfile_update: rewrite the current pid (after a fork that keeps it). */
int pidfile_update(struct pidfile *pf);
/* pidfile_check: 1 and *pid if a live process holds @path, 0 if absent or
 * stale, -errno. */
int pidfile_check(const char *path, pid_t *pid);
/* pidfile_remove: unlink and close (on exit).  A no-op on PIDFILE_INIT or
 * on a pid file already removed or closed. */
void pidfile_remove(struct pidfile *pf);
/* pidfile_close: close without unlinking (in a forked child). */
void pidfile_close(struct pidfile *pf);

#endif
