/* test_health_http.c: HTTP_GET and SSL_GET against tiny servers on
 * 127.0.0.1: status codes, digest, Host header, several urls, slow-loris
 * and hanging peers (per-step deadline), oversized and empty replies, and
 * SSL_GET against `openssl s_server` with a certificate made at test time. */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>

#include "test_health_util.h"
#include "ck_run.h"

/* A forked server: one connection per character of @script:
 * 'o' 200 "hello", '5' 503, 's' trickles a reply 1 byte / 100 ms,
 * 'b' 200 with an endless body, 'c' closes without a reply, 'h' never answers.
 * The request headers of each connection are written to @req_fd. */
static void
serve_one(int s, char mode, int req_fd)
{
	static const char ok[] = "HTTP/1.0 200 OK\r\nContent-Length: 5\r\n\r\nhello";
	static const char e503[] = "HTTP/1.0 503 Busy\r\nContent-Length: 0\r\n\r\n";
	char buf[4096], big[65536];
	ssize_t n;
	size_t i;

	n = recv(s, buf, sizeof(buf), 0);
	if (n > 0)
		(void)!write(req_fd, buf, (size_t)n);
	if (mode == 'c')
		return;
	if (mode == 'o')
		(void)!send(s, ok, sizeof(ok) - 1, MSG_NOSIGNAL);
	else if (mode == '5')
		(void)!send(s, e503, sizeof(e503) - 1, MSG_NOSIGNAL);
	else if (mode == 's')
		for (i = 0; i < sizeof(ok) - 1; i++) {
			if (send(s, ok + i, 1, MSG_NOSIGNAL) < 0)
				break;
			usleep(100000);
		}
	else if (mode == 'b') {
		memset(big, 'x', sizeof(big));
		(void)!send(s, "HTTP/1.0 200 OK\r\n\r\n", 19, MSG_NOSIGNAL);
		while (send(s, big, sizeof(big), MSG_NOSIGNAL) > 0)
			;
	} else if (mode == 'h')
		sleep(5);
}

struct server {
	pid_t pid;
	unsigned port;
	int req_rd;
};

static void
server_start(struct server *sv, const char *script)
{
	int l = th_listen(16, &sv->port), p[2];

	ck_assert_int_eq(pipe(p), 0);
	sv->pid = fork();
	ck_assert_int_ge(sv->pid, 0);
	if (sv->pid == 0) {
		close(p[0]);
		for (; *script; script++) {
			int s = accept(l, NULL, NULL);

			if (s < 0)
				_exit(1);
			serve_one(s, *script, p[1]);
			close(s);
		}
		_exit(0);
	}
	close(l);
	close(p[1]);
	sv->req_rd = p[0];
}

static void
server_stop(struct server *sv, char *req, size_t len)
{
	ssize_t n = 0;

	kill(sv->pid, SIGKILL);
	waitpid(sv->pid, NULL, 0);
	if (req) {
		n = read(sv->req_rd, req, len - 1);
		req[n > 0 ? n : 0] = '\0';
	}
	close(sv->req_rd);
}

static struct conf *
http_conf(const char *type, unsigned port, const char *urls, const char *extra)
{
	char buf[2048];

	snprintf(buf, sizeof(buf),
		 "virtual_server 10.0.0.1 80 {\n real_server 127.0.0.1 %u {\n"
		 "  %s {\n   connect_timeout 0.5\n%s%s  }\n }\n}\n", port, type, extra, urls);
	return th_load(buf);
}

#define URL_OK "   url {\n    path /health\n   }\n"

START_TEST(test_http_ok_and_request)
{
	struct server sv;
	struct conf *c;
	struct th_att at;
	char req[4096];

	server_start(&sv, "o");
	c = http_conf("HTTP_GET", sv.port, URL_OK, "   virtualhost www.example.org\n");
	ck_assert_int_eq(th_attempt(c, 0, &at), HC_OK);
	server_stop(&sv, req, sizeof(req));
	ck_assert_ptr_nonnull(strstr(req, "GET /health HTTP/1."));
	ck_assert_ptr_nonnull(strstr(req, "Host: www.example.org\r\n"));
	conf_free(c);
}
END_TEST

START_TEST(test_http_status)
{
	struct server sv;
	struct conf *c;
	struct th_att at;

	server_start(&sv, "5");
	c = http_conf("HTTP_GET", sv.port, URL_OK, "");
	ck_assert_int_eq(th_attempt(c, 0, &at), HC_WRONG_STATUS);
	ck_assert_ptr_nonnull(strstr(at.detail, "503"));
	server_stop(&sv, NULL, 0);
	conf_free(c);
	/* 503 accepted when configured */
	server_start(&sv, "5");
	c = http_conf("HTTP_GET", sv.port,
		      "   url {\n    path /\n    status_code 503\n   }\n", "");
	ck_assert_int_eq(th_attempt(c, 0, &at), HC_OK);
	server_stop(&sv, NULL, 0);
	conf_free(c);
}
END_TEST

START_TEST(test_http_digest)
{
	struct server sv;
	struct conf *c;
	struct th_att at;

	server_start(&sv, "o");
	c = http_conf("HTTP_GET", sv.port,
		      "   url {\n    path /\n    digest 5d41402abc4b2a76b9719d911017c592\n   }\n", "");
	ck_assert_int_eq(th_attempt(c, 0, &at), HC_OK);
	server_stop(&sv, NULL, 0);
	conf_free(c);
	server_start(&sv, "o");
	c = http_conf("HTTP_GET", sv.port,
		      "   url {\n    path /\n    digest 00000000000000000000000000000000\n   }\n", "");
	ck_assert_int_eq(th_attempt(c, 0, &at), HC_DIGEST_MISMATCH);
	ck_assert_ptr_nonnull(strstr(at.detail, "5d41402abc4b2a76b9719d911017c592"));
	server_stop(&sv, NULL, 0);
	conf_free(c);
}
END_TEST

START_TEST(test_http_several_urls)
{
	struct server sv;
	struct conf *c;
	struct th_att at;

	server_start(&sv, "oo");
	c = http_conf("HTTP_GET", sv.port, URL_OK URL_OK, "");
	ck_assert_int_eq(th_attempt(c, 0, &at), HC_OK);
	ck_assert_ptr_nonnull(strstr(at.detail, "2 url(s) ok"));
	server_stop(&sv, NULL, 0);
	conf_free(c);
	server_start(&sv, "o5");
	c = http_conf("HTTP_GET", sv.port, URL_OK URL_OK, "");
	ck_assert_int_eq(th_attempt(c, 0, &at), HC_WRONG_STATUS);
	server_stop(&sv, NULL, 0);
	conf_free(c);
}
END_TEST

START_TEST(test_http_slowloris_and_hang)
{
	struct server sv;
	struct conf *c;
	struct th_att at;

	/* the whole reply would take 4 s: the read deadline (0.5 s) holds
	 * although bytes keep arriving */
	server_start(&sv, "s");
	c = http_conf("HTTP_GET", sv.port, URL_OK, "");
	ck_assert_int_eq(th_attempt(c, 0, &at), HC_TIMEOUT);
	ck_assert_ptr_nonnull(strstr(at.detail, "read"));
	server_stop(&sv, NULL, 0);
	conf_free(c);
	server_start(&sv, "h");
	c = http_conf("HTTP_GET", sv.port, URL_OK, "");
	ck_assert_int_eq(th_attempt(c, 0, &at), HC_TIMEOUT);
	server_stop(&sv, NULL, 0);
	conf_free(c);
}
END_TEST

START_TEST(test_http_oversized_and_empty)
{
	struct server sv;
	struct conf *c;
	struct th_att at;

	server_start(&sv, "b");
	c = http_conf("HTTP_GET", sv.port, URL_OK, "   connect_timeout 5\n");
	ck_assert_int_eq(th_attempt(c, 0, &at), HC_REPLY_TOO_LARGE);
	server_stop(&sv, NULL, 0);
	conf_free(c);
	server_start(&sv, "c");
	c = http_conf("HTTP_GET", sv.port, URL_OK, "");
	ck_assert_int_eq(th_attempt(c, 0, &at), HC_NO_REPLY);
	server_stop(&sv, NULL, 0);
	conf_free(c);
}
END_TEST

START_TEST(test_http_refused)
{
	unsigned port;
	int l = th_listen(-1, &port);
	struct conf *c = http_conf("HTTP_GET", port, URL_OK, "");
	struct th_att at;

	ck_assert_int_eq(th_attempt(c, 0, &at), HC_REFUSED);
	conf_free(c);
	close(l);
}
END_TEST

START_TEST(test_http_recovery_pacing)
{
	struct server sv;
	struct conf *c;
	struct th_att at;
	struct timespec t0, t1;
	long ms;
	int fast;

	for (fast = 0; fast < 2; fast++) {
		server_start(&sv, "ooo");
		c = http_conf("HTTP_GET", sv.port, URL_OK URL_OK URL_OK,
			      fast ? "   delay_loop 0.3\n   fast_recovery\n"
				   : "   delay_loop 0.3\n");
		th_recovering = true;
		clock_gettime(CLOCK_MONOTONIC, &t0);
		ck_assert_int_eq(th_attempt(c, 0, &at), HC_OK);
		clock_gettime(CLOCK_MONOTONIC, &t1);
		th_recovering = false;
		ms = (t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000;
		if (fast)
			ck_assert_int_lt(ms, 250);	/* all three at once */
		else
			ck_assert_int_ge(ms, 600);	/* 2 x delay_loop apart */
		ck_assert_int_lt(ms, 2000);
		server_stop(&sv, NULL, 0);
		conf_free(c);
	}
}
END_TEST

/* ---- SSL_GET ---- */
static int
sh(const char *cmd)
{
	int st = system(cmd);

	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

START_TEST(test_ssl_get)
{
	char dir[] = "/tmp/hc-ssl-XXXXXX", cmd[512], cert[64], key[64], portstr[16];
	unsigned port;
	int l, i, nul;
	pid_t pid;
	struct server sv;
	struct conf *c;
	struct th_att at;
	enum hc_result r = HC_INTERNAL;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(cert, sizeof(cert), "%s/c.pem", dir);
	snprintf(key, sizeof(key), "%s/k.pem", dir);
	snprintf(cmd, sizeof(cmd),
		 "openssl req -x509 -newkey rsa:2048 -nodes -subj /CN=rs.test -days 1 "
		 "-keyout %s -out %s >/dev/null 2>&1", key, cert);
	if (sh(cmd) != 0) {
		fprintf(stderr, "test_ssl_get: openssl not usable, skipped\n");
		return;
	}
	l = th_listen(-1, &port);
	close(l);
	snprintf(portstr, sizeof(portstr), "%u", port);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		nul = open("/dev/null", O_RDWR);
		dup2(nul, 0);
		dup2(nul, 1);
		dup2(nul, 2);
		execlp("openssl", "openssl", "s_server", "-quiet", "-www", "-accept",
		       portstr, "-cert", cert, "-key", key, (char *)NULL);
		_exit(127);
	}
	c = http_conf("SSL_GET", port, URL_OK, "   enable_sni\n   connect_timeout 3\n");
	for (i = 0; i < 100; i++) {	/* until s_server listens */
		r = th_attempt(c, 0, &at);
		if (r != HC_REFUSED)
			break;
		usleep(50000);
	}
	ck_assert_msg(r == HC_OK, "SSL_GET: %s", at.detail);
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	conf_free(c);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	sh(cmd);
	/* SSL_GET against a plain-text server fails the handshake */
	server_start(&sv, "o");
	c = http_conf("SSL_GET", sv.port, URL_OK, "");
	ck_assert_int_eq(th_attempt(c, 0, &at), HC_TLS_ERROR);
	server_stop(&sv, NULL, 0);
	conf_free(c);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("health_http");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_http_ok_and_request);
	tcase_add_test(tc, test_http_status);
	tcase_add_test(tc, test_http_digest);
	tcase_add_test(tc, test_http_several_urls);
	tcase_add_test(tc, test_http_slowloris_and_hang);
	tcase_add_test(tc, test_http_oversized_and_empty);
	tcase_add_test(tc, test_http_refused);
	tcase_add_test(tc, test_http_recovery_pacing);
	tcase_add_test(tc, test_ssl_get);
	suite_add_tcase(s, tc);
	return ck_run(s);
}
