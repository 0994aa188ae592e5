/* pidfile.c: create, lock, check and remove pid files. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "pidfile.h"
#include "strnum.h"

/* The pid written in the file at @fd, or 0 if unreadable. */
static pid_t
pidfile_read(int fd)
{
	char buf[32];
	ssize_t n = pread(fd, buf, sizeof(buf) - 1, 0);
	int pid;

	if (n <= 0)
		return 0;
	buf[n] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	if (strnum_int(buf, 1, 0x7fffffff, &pid) < 0)
		return 0;
	return (pid_t)pid;
}

static int
pidfile_write(int fd)
{
	char buf[32];
	int len = snprintf(buf, sizeof(buf), "%d\n", (int)getpid());

	if (ftruncate(fd, 0) < 0)
		return -errno;
	if (pwrite(fd, buf, (size_t)len, 0) != len)
		return errno ? -errno : -EIO;
	return 0;
}

int
pidfile_create(const char *path, struct pidfile *ret, pid_t *holder)
{
	char *copy;
	int fd, r;

	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644);
	if (fd < 0)
		return -errno;
	if (flock(fd, LOCK_EX | LOCK_NB) < 0) {
		r = errno == EWOULDBLOCK ? -EEXIST : -errno;
		if (holder != NULL)
			*holder = r == -EEXIST ? pidfile_read(fd) : 0;
		close(fd);
		return r;
	}
	r = pidfile_write(fd);
	copy = r == 0 ? strdup(path) : NULL;
	if (copy == NULL) {
		close(fd);
		return r < 0 ? r : -ENOMEM;
	}
	ret->path = copy;
	ret->fd = fd;
	return 0;
}

int
pidfile_update(struct pidfile *pf)
{
	return pidfile_write(pf->fd);
}

int
pidfile_check(const char *path, pid_t *pid)
{
	int fd, r;

	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0)
		return errno == ENOENT ? 0 : -errno;
	if (flock(fd, LOCK_SH | LOCK_NB) == 0) {
		r = 0;		/* nobody holds it: stale */
	} else if (errno == EWOULDBLOCK) {
		*pid = pidfile_read(fd);
		r = 1;
	} else {
		r = -errno;
	}
	close(fd);
	return r;
}

void
pidfile_remove(struct pidfile *pf)
{
	if (pf->path != NULL && pf->fd >= 0)
		unlink(pf->path);
	pidfile_close(pf);
}

void
pidfile_close(struct pidfile *pf)
{
	if (pf->fd >= 0)
		close(pf->fd);
	pf->fd = -1;
	free(pf->path);
	pf->path = NULL;
}
