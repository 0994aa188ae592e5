/* sdnotify.c: READY/RELOADING/STOPPING/STATUS datagrams to systemd. */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "sdnotify.h"

static int
sdnotify_addr(const char *addr, struct sockaddr_un *sa, socklen_t *len)
{
	size_t n = strlen(addr);

	if (addr[0] != '/' && addr[0] != '@')
		return -EINVAL;
	if (n < 2 || n >= sizeof(sa->sun_path))
		return n < 2 ? -EINVAL : -ENAMETOOLONG;
	memset(sa, 0, sizeof(*sa));
	sa->sun_family = AF_UNIX;
	memcpy(sa->sun_path, addr, n);
	if (addr[0] == '@') {
		sa->sun_path[0] = '\0';	/* abstract: length, not NUL, ends it */
		*len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + n);
	} else {
		*len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + n + 1);
	}
	return 0;
}

int
sdnotify_send_to(const char *addr, const char *msg)
{
	struct sockaddr_un sa;
	socklen_t salen;
	ssize_t n;
	int fd, r;

	if (addr == NULL || addr[0] == '\0')
		return 0;
	r = sdnotify_addr(addr, &sa, &salen);
	if (r < 0)
		return r;
	fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	n = sendto(fd, msg, strlen(msg), MSG_NOSIGNAL,
		   (struct sockaddr *)&sa, salen);
	r = n < 0 ? -errno : 1;
	close(fd);
	return r;
}

int
sdnotify_send(const char *msg)
{
	return sdnotify_send_to(getenv("NOTIFY_SOCKET"), msg);
}

/* STATUS= values are one line. */
static void
one_line(char *s)
{
	for (; *s != '\0'; s++)
		if (*s == '\n' || *s == '\r')
			*s = ' ';
}

int
sdnotify_ready(const char *status)
{
	char msg[512];

	if (status == NULL)
		return sdnotify_send("READY=1");
	snprintf(msg, sizeof(msg), "READY=1\nSTATUS=%s", status);
	one_line(msg + strlen("READY=1\n"));
	return sdnotify_send(msg);
}

int
sdnotify_reloading(void)
{
	struct timespec ts;
	char msg[64];

	clock_gettime(CLOCK_MONOTONIC, &ts);
	snprintf(msg, sizeof(msg), "RELOADING=1\nMONOTONIC_USEC=%llu",
		 (unsigned long long)ts.tv_sec * 1000000ULL +
		 (unsigned long long)ts.tv_nsec / 1000ULL);
	return sdnotify_send(msg);
}

int
sdnotify_stopping(void)
{
	return sdnotify_send("STOPPING=1");
}

int
sdnotify_status(const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	strcpy(msg, "STATUS=");
	va_start(ap, fmt);
	vsnprintf(msg + 7, sizeof(msg) - 7, fmt, ap);
	va_end(ap);
	one_line(msg);
	return sdnotify_send(msg);
}

int
sdnotify_mainpid(int pid)
{
	char msg[32];

	snprintf(msg, sizeof(msg), "MAINPID=%d", pid);
	return sdnotify_send(msg);
}
