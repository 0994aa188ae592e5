/* test_smtp_util.h: a scripted SMTP server on loopback (a forked process)
 * and an event-loop helper, shared by the mail alert unit suites
 * (header-only: each test program includes it once). */
#ifndef TEST_SMTP_UTIL_H
#define TEST_SMTP_UTIL_H

#include <arpa/inet.h>
#include <check.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "event.h"
#include "smtp_alert.h"

struct server {
	int port;
	pid_t pid;
	char log[64];		/* what the server received */
};

/* The server: accept @conns connections; on each send @replies[0], then
 * for each next reply read one command (after "354": the message up to
 * its "." line) and answer with it; "" closes, "-" sends nothing.  What it
 * read goes to s->log. */
static inline void
serve(int lfd, const char *const *replies, size_t n, int conns, const char *log)
{
	FILE *f = fopen(log, "w");

	for (; conns > 0; conns--) {
		char buf[8192];
		size_t have = 0, i;
		int fd = accept(lfd, NULL, NULL);

		if (fd < 0)
			_exit(1);
		for (i = 0; i < n; i++) {
			bool body = i > 0 && strncmp(replies[i - 1], "354", 3) == 0;

			if (i > 0) {	/* read one command */
				const char *end = body ? "\r\n.\r\n" : "\r\n";
				char *e;

				for (;;) {
					ssize_t r;

					buf[have] = '\0';
					if ((e = strstr(buf, end)) != NULL)
						break;
					r = read(fd, buf + have, sizeof(buf) - 1 - have);
					if (r <= 0)
						goto next;
					have += (size_t)r;
				}
				e += strlen(end);
				fwrite(buf, 1, (size_t)(e - buf), f);
				fflush(f);
				memmove(buf, e, have - (size_t)(e - buf));
				have -= (size_t)(e - buf);
			}
			if (!replies[i][0])
				break;
			if (strcmp(replies[i], "-") == 0) {
				sleep(5);
				break;
			}
			if (write(fd, replies[i], strlen(replies[i])) < 0)
				break;
		}
next:
		close(fd);
	}
	fclose(f);
	_exit(0);
}

static inline void
server_start(struct server *s, const char *const *replies, size_t n, int conns)
{
	struct sockaddr_in a = { .sin_family = AF_INET };
	socklen_t len = sizeof(a);
	int lfd = socket(AF_INET, SOCK_STREAM, 0);

	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	ck_assert_int_ge(lfd, 0);
	ck_assert_int_eq(bind(lfd, (struct sockaddr *)&a, sizeof(a)), 0);
	ck_assert_int_eq(listen(lfd, 8), 0);
	ck_assert_int_eq(getsockname(lfd, (struct sockaddr *)&a, &len), 0);
	s->port = ntohs(a.sin_port);
	snprintf(s->log, sizeof(s->log), "/tmp/test_smtp_alert.%d.log", (int)getpid());
	s->pid = fork();
	ck_assert_int_ge(s->pid, 0);
	if (s->pid == 0)
		serve(lfd, replies, n, conns, s->log);
	close(lfd);
}

/* What the server has read so far (static buffer). */
static inline const char *
server_peek(const struct server *s)
{
	static char now[16384];
	FILE *f;
	size_t n = 0;

	if ((f = fopen(s->log, "r")) != NULL) {
		n = fread(now, 1, sizeof(now) - 1, f);
		fclose(f);
	}
	now[n] = '\0';
	return now;
}

/* What the server read (static buffer). */
static inline const char *
server_stop(struct server *s)
{
	static char got[16384];
	FILE *f;
	size_t n = 0;
	int i;

	/* let it finish its script (it logs what it read), then stop it */
	for (i = 0; i < 150 && waitpid(s->pid, NULL, WNOHANG) == 0; i++)
		usleep(10000);
	if (i == 150) {
		kill(s->pid, SIGKILL);
		waitpid(s->pid, NULL, 0);
	}
	got[0] = '\0';
	if ((f = fopen(s->log, "r")) != NULL) {
		n = fread(got, 1, sizeof(got) - 1, f);
		fclose(f);
	}
	got[n] = '\0';
	unlink(s->log);
	return got;
}

/* Run the loop until the client is idle or @max_ms passed. */
static inline void
run_until_idle(struct event_loop *loop, struct smtp_alert *sa, int max_ms)
{
	uint64_t end = event_now_us(loop) + (uint64_t)max_ms * 1000u;

	while (smtp_alert_busy(sa) && event_now_us(loop) < end)
		event_run_once(loop, 50);
}

static const char *const good[] = {
	"220 sink ESMTP\r\n", "250 hello\r\n", "250 ok\r\n", "250 ok\r\n", "250 ok\r\n",
	"354 go ahead\r\n", "250 queued\r\n", "221 bye\r\n",
};

#endif
