/* test_hc_genhash.c: interoperability with keepalived's genhash.
 *
 * For each canned response, a one-shot server on 127.0.0.1 serves it to
 * genhash (the reference for what HTTP_GET "digest" compares); the digest
 * genhash prints must equal the one http_resp + http_digest compute in
 * HTTP_BODY_RAW mode, and the request genhash sent must equal what
 * http_req_build() writes for the same path, host and protocol.
 * Skipped (exit 77) when genhash is not installed.
 */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "health/http_digest.h"
#include "health/http_req.h"
#include "health/http_resp.h"
#include "ck_run.h"

static const char *genhash_path;

struct gh_case {
	const char *proto;	/* genhash -P */
	enum http_proto hp;
	const char *vhost;	/* genhash -V, or NULL */
	const char *resp;
};

static const struct gh_case gh_cases[] = {
	{ "1.0", HTTP_PROTO_1_0, NULL,
	  "HTTP/1.0 200 OK\r\nContent-Length: 3\r\n\r\nabcEXTRA" },
	{ "1.0c", HTTP_PROTO_1_0C, "www.example.com",
	  "HTTP/1.0 200 OK\r\nServer: t\r\n\r\nThe quick brown fox jumps over the lazy dog" },
	{ "1.1", HTTP_PROTO_1_1, NULL,
	  "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
	  "3;foo=bar\r\nabc\r\nA\r\n0123456789\r\n0\r\nX-T: 1\r\n\r\n" },
	{ "1.1", HTTP_PROTO_1_1, "vh.test",
	  "HTTP/1.1 404 Not Found\r\nContent-Length: 9\r\nConnection: close\r\n\r\nnot found" },
};

/* Serve @resp once on @lfd; send the request received through @wfd. */
static void
serve_once(int lfd, int wfd, const char *resp)
{
	char req[4096];
	size_t n = 0;
	int c;

	alarm(20);
	c = accept(lfd, NULL, NULL);
	if (c < 0)
		_exit(1);
	while (n < sizeof(req) - 1) {
		ssize_t r = read(c, req + n, sizeof(req) - 1 - n);

		if (r <= 0)
			break;
		n += (size_t)r;
		req[n] = '\0';
		if (strstr(req, "\r\n\r\n"))
			break;
	}
	if (write(wfd, req, n) != (ssize_t)n ||
	    write(c, resp, strlen(resp)) != (ssize_t)strlen(resp))
		_exit(1);
	close(c);
	_exit(0);
}

static int
listen_lo(unsigned *port)
{
	struct sockaddr_in a = { .sin_family = AF_INET };
	socklen_t al = sizeof(a);
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(bind(fd, (struct sockaddr *)&a, sizeof(a)), 0);
	ck_assert_int_eq(listen(fd, 1), 0);
	ck_assert_int_eq(getsockname(fd, (struct sockaddr *)&a, &al), 0);
	*port = ntohs(a.sin_port);
	return fd;
}

/* Run genhash; return the last line of its output in @out. */
static void
run_genhash(const struct gh_case *c, unsigned port, char *out, size_t cap)
{
	char cmd[512], line[256];
	FILE *f;

	snprintf(cmd, sizeof(cmd), "%s -s 127.0.0.1 -p %u -u /probe -P %s -t 10%s%s 2>&1",
		 genhash_path, port, c->proto, c->vhost ? " -V " : "",
		 c->vhost ? c->vhost : "");
	f = popen(cmd, "r");
	ck_assert_ptr_nonnull(f);
	out[0] = '\0';
	while (fgets(line, sizeof(line), f))
		if (line[0] != '\n')
			snprintf(out, cap, "%s", line);
	pclose(f);
	out[strcspn(out, "\r\n")] = '\0';
}

static void
our_digest(const char *resp, char hex[33])
{
	struct http_digest d;
	struct http_resp p;
	int r;

	ck_assert_int_eq(http_digest_init(&d), 0);
	http_resp_init(&p, NULL, HTTP_BODY_RAW, http_digest_body_cb, &d);
	r = http_resp_feed(&p, resp, strlen(resp));
	if (r == HTTP_RESP_MORE)
		r = http_resp_eof(&p);
	ck_assert_int_eq(r, HTTP_RESP_DONE);
	ck_assert_int_eq(http_digest_final_hex(&d, hex), 0);
}

START_TEST(test_genhash_case)
{
	const struct gh_case *c = &gh_cases[_i];
	char theirs[256], ours[33], got_req[4096], want_req[512];
	struct http_req rq = { .path = "/probe", .vhost = c->vhost,
			       .addr = "127.0.0.1", .proto = c->hp };
	unsigned port;
	int lfd, pfd[2], st;
	ssize_t n;
	pid_t pid;

	lfd = listen_lo(&port);
	ck_assert_int_eq(pipe(pfd), 0);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		close(pfd[0]);
		serve_once(lfd, pfd[1], c->resp);
	}
	close(pfd[1]);
	close(lfd);
	run_genhash(c, port, theirs, sizeof(theirs));
	n = read(pfd[0], got_req, sizeof(got_req) - 1);
	close(pfd[0]);
	ck_assert_int_eq(waitpid(pid, &st, 0), pid);
	ck_assert(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	ck_assert_int_gt(n, 0);
	got_req[n] = '\0';

	our_digest(c->resp, ours);
	ck_assert_str_eq(ours, theirs);
	rq.port = port;
	ck_assert_int_gt(http_req_build(want_req, sizeof(want_req), &rq), 0);
	ck_assert_str_eq(got_req, want_req);
}
END_TEST

static const char *
find_genhash(void)
{
	static const char *const paths[] = { "/usr/bin/genhash", "/usr/local/bin/genhash",
					     "/usr/sbin/genhash" };

	for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++)
		if (access(paths[i], X_OK) == 0)
			return paths[i];
	return NULL;
}

int
main(void)
{
	Suite *s = suite_create("hc_genhash");
	TCase *tc = tcase_create("core");

	genhash_path = find_genhash();
	if (!genhash_path) {
		fprintf(stderr, "genhash not installed: skipped\n");
		return 77;
	}
	signal(SIGPIPE, SIG_IGN);
	tcase_set_timeout(tc, 30);
	tcase_add_loop_test(tc, test_genhash_case, 0, sizeof(gh_cases) / sizeof(gh_cases[0]));
	suite_add_tcase(s, tc);
	return ck_run(s);
}
