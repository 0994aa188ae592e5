/* test_sdnotify.c: datagrams to a socket the test binds. */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "sdnotify.h"
#include "ck_run.h"

static int
bind_dgram(const char *addr)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	socklen_t len = sizeof(sa);
	int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK, 0);

	ck_assert_int_ge(fd, 0);
	strcpy(sa.sun_path, addr);
	if (addr[0] == '@') {
		sa.sun_path[0] = '\0';
		len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + strlen(addr));
	}
	ck_assert_int_eq(bind(fd, (struct sockaddr *)&sa, len), 0);
	return fd;
}

static void
expect(int fd, const char *want)
{
	char buf[600];
	ssize_t n = recv(fd, buf, sizeof(buf) - 1, 0);

	ck_assert_int_gt(n, 0);
	buf[n] = '\0';
	ck_assert_str_eq(buf, want);
}

START_TEST(test_path_socket)
{
	char path[64];
	int fd;

	snprintf(path, sizeof(path), "/tmp/ipvsd-notify-%d", (int)getpid());
	unlink(path);
	fd = bind_dgram(path);
	setenv("NOTIFY_SOCKET", path, 1);
	ck_assert_int_eq(sdnotify_ready(NULL), 1);
	expect(fd, "READY=1");
	ck_assert_int_eq(sdnotify_ready("3 services\nup"), 1);
	expect(fd, "READY=1\nSTATUS=3 services up");
	ck_assert_int_eq(sdnotify_stopping(), 1);
	expect(fd, "STOPPING=1");
	ck_assert_int_eq(sdnotify_status("vrrp %s, %d rs", "MASTER", 12), 1);
	expect(fd, "STATUS=vrrp MASTER, 12 rs");
	ck_assert_int_eq(sdnotify_mainpid(1234), 1);
	expect(fd, "MAINPID=1234");
	close(fd);
	unlink(path);
	/* socket gone: an error, not a crash */
	ck_assert_int_eq(sdnotify_stopping(), -ENOENT);
}
END_TEST

START_TEST(test_reloading_monotonic)
{
	char addr[64], buf[128], *p;
	struct timespec ts;
	unsigned long long us, now;
	ssize_t n;
	int fd;

	snprintf(addr, sizeof(addr), "@ipvsd-test-notify-%d", (int)getpid());
	fd = bind_dgram(addr);
	setenv("NOTIFY_SOCKET", addr, 1);
	ck_assert_int_eq(sdnotify_reloading(), 1);
	clock_gettime(CLOCK_MONOTONIC, &ts);
	now = (unsigned long long)ts.tv_sec * 1000000ULL + (unsigned long long)ts.tv_nsec / 1000;
	n = recv(fd, buf, sizeof(buf) - 1, 0);
	ck_assert_int_gt(n, 0);
	buf[n] = '\0';
	ck_assert(strncmp(buf, "RELOADING=1\nMONOTONIC_USEC=", 27) == 0);
	us = strtoull(buf + 27, &p, 10);
	ck_assert(*p == '\0');
	ck_assert(us <= now && now - us < 5000000ULL);
	close(fd);
}
END_TEST

START_TEST(test_no_socket_and_bad_addr)
{
	char big[200];

	unsetenv("NOTIFY_SOCKET");
	ck_assert_int_eq(sdnotify_ready(NULL), 0);
	ck_assert_int_eq(sdnotify_send_to("", "READY=1"), 0);
	ck_assert_int_eq(sdnotify_send_to(NULL, "READY=1"), 0);
	ck_assert_int_eq(sdnotify_send_to("relative/path", "READY=1"), -EINVAL);
	ck_assert_int_eq(sdnotify_send_to("@", "READY=1"), -EINVAL);
	memset(big, 'a', sizeof(big) - 1);
	big[0] = '/';
	big[sizeof(big) - 1] = '\0';
	ck_assert_int_eq(sdnotify_send_to(big, "READY=1"), -ENAMETOOLONG);
	ck_assert_int_eq(sdnotify_send_to("@ipvsd-nobody-listens-here", "X=1"),
			 -ECONNREFUSED);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("sdnotify");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_path_socket);
	tcase_add_test(tc, test_reloading_monotonic);
	tcase_add_test(tc, test_no_socket_and_bad_addr);
	suite_add_tcase(s, tc);
	return ck_run(s);
}
