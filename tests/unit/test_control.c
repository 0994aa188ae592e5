/* test_control.c: control socket server, client and protocol codec. */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "control.h"
#include "ctl_client.h"
#include "ctl_proto.h"
#include "event.h"
#include "log.h"
#include "ck_run.h"

static char tmpdir[64];
static char sockpath[128];
static struct event_loop *loop;

static void
setup(void)
{
	strcpy(tmpdir, "/tmp/ipvsd-ctl-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(tmpdir));
	ck_assert_int_eq(chmod(tmpdir, 0755), 0);	/* nobody must reach it */
	snprintf(sockpath, sizeof(sockpath), "%s/run/ipvsd/ipvsd.ctl", tmpdir);
	ck_assert_int_eq(event_loop_new(&loop), 0);
	log_init("test_control", true, 0);
}

static void
teardown(void)
{
	char cmd[128];

	event_loop_free(loop);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", tmpdir);
	(void)!system(cmd);
}

/* ---- handlers ---- */

static int
h_status(const struct ctl_frame *req, struct ctl_out *out, void *arg)
{
	(void)req;
	ctl_out_printf(out, "running, %d children", *(int *)arg);
	return CTL_ST_OK;
}

static int
h_drain(const struct ctl_frame *req, struct ctl_out *out, void *arg)
{
	(void)arg;
	if (req->len == 0)
		return CTL_ST_BADREQ;
	if (req->len == 7 && memcmp(req->payload, "missing", 7) == 0)
		return CTL_ST_NOTFOUND;
	ctl_out_append(out, "drained ", 8);
	ctl_out_append(out, req->payload, req->len);
	return CTL_ST_OK;
}

static int
h_big(const struct ctl_frame *req, struct ctl_out *out, void *arg)
{
	size_t i, n = *(size_t *)arg;

	(void)req;
	ctl_out_append(out, "[", 1);
	for (i = 0; i < n; i++)
		ctl_out_printf(out, "%s{\"rs\":%zu}", i ? "," : "", i);
	ctl_out_append(out, "]", 1);
	return CTL_ST_OK;
}

static int
h_bad_utf8(const struct ctl_frame *req, struct ctl_out *out, void *arg)
{
	(void)req;
	(void)arg;
	ctl_out_append(out, "\xff\xfe", 2);
	return CTL_ST_OK;
}

static uint64_t deferred_id;
static int deferred_calls;

static int
h_defer(const struct ctl_frame *req, struct ctl_out *out, void *arg)
{
	(void)req;
	(void)arg;
	deferred_calls++;
	ctl_out_append(out, "ignored", 7);
	deferred_id = ctl_out_defer(out);
	return CTL_ST_FAILED;	/* ignored too */
}

static int nchildren = 3;
static size_t big_n = 100000;

static struct ctl_server *
open_server(mode_t mode, gid_t gid, int timeout_ms, unsigned max_clients)
{
	struct ctl_server_conf conf = { .path = sockpath, .mode = mode,
		.gid = gid, .timeout_ms = timeout_ms, .max_clients = max_clients };
	struct ctl_server *srv;

	ck_assert_int_eq(ctl_server_open(loop, &conf, &srv), 0);
	ck_assert_int_eq(ctl_server_set_handler(srv, CTL_REQ_STATUS, h_status, &nchildren), 0);
	ck_assert_int_eq(ctl_server_set_handler(srv, CTL_REQ_DRAIN, h_drain, NULL), 0);
	ck_assert_int_eq(ctl_server_set_handler(srv, CTL_REQ_DUMP_JSON, h_big, &big_n), 0);
	ck_assert_int_eq(ctl_server_set_handler(srv, CTL_REQ_RELOAD, h_bad_utf8, NULL), 0);
	ck_assert_int_eq(ctl_server_set_handler(srv, 0, h_status, NULL), -EINVAL);
	ck_assert_int_eq(ctl_server_set_handler(srv, 99, h_status, NULL), -EINVAL);
	return srv;
}

/* ---- client in a child process; the parent serves ---- */

struct child_done { struct event_child c; int status; bool done; };

static void
child_exit(struct event_child *c, pid_t pid, int status, void *arg)
{
	struct child_done *d = arg;

	(void)c;
	(void)pid;
	d->status = status;
	d->done = true;
}

struct client_spec {
	uint16_t type;
	const char *arg;
	uid_t uid;		/* 0: stay root */
	int want_ret;		/* ctl_client_request() result */
	uint16_t want_status;
	const char *want_prefix;	/* payload prefix, or NULL */
	size_t want_len;	/* exact payload length if non-zero */
};

static int
client_main(const struct client_spec *s)
{
	struct ctl_reply rep = { 0 };
	int r;

	signal(SIGTERM, SIG_DFL);
	if (s->uid != 0 && (setgid(s->uid) < 0 || setuid(s->uid) < 0))
		return 10;
	r = ctl_client_request(sockpath, s->type, s->arg, 5000, &rep);
	if (r != s->want_ret) {
		fprintf(stderr, "client: ret %d, want %d\n", r, s->want_ret);
		return 11;
	}
	if (r < 0)
		return 0;
	if (rep.status != s->want_status) {
		fprintf(stderr, "client: status %u (%s), want %u\n", rep.status,
			rep.payload, s->want_status);
		return 12;
	}
	if (s->want_prefix && strncmp(rep.payload, s->want_prefix,
				      strlen(s->want_prefix)) != 0) {
		fprintf(stderr, "client: payload '%.80s'\n", rep.payload);
		return 13;
	}
	if (s->want_len && rep.len != s->want_len)
		return 14;
	if (strlen(rep.payload) != rep.len)
		return 15;
	ctl_reply_free(&rep);
	return 0;
}

static void
run_client(const struct client_spec *s)
{
	struct child_done d = { .done = false };
	pid_t pid = fork();
	int i;

	ck_assert_int_ge(pid, 0);
	if (pid == 0)
		_exit(client_main(s));
	ck_assert_int_eq(event_child_add(loop, &d.c, pid, child_exit, &d), 0);
	for (i = 0; i < 1000 && !d.done; i++)
		event_run_once(loop, 50);
	ck_assert(d.done);
	ck_assert_msg(WIFEXITED(d.status) && WEXITSTATUS(d.status) == 0,
		      "client status 0x%x", d.status);
}

START_TEST(test_roundtrip)
{
	struct ctl_server *srv = open_server(0, (gid_t)-1, 0, 0);
	struct client_spec s = { .type = CTL_REQ_STATUS, .want_status = CTL_ST_OK,
				 .want_prefix = "running, 3 children" };
	struct stat st;
	char dir[160];

	ck_assert_int_eq(stat(sockpath, &st), 0);
	ck_assert(S_ISSOCK(st.st_mode));
	ck_assert_uint_eq(st.st_mode & 07777, 0600);
	snprintf(dir, sizeof(dir), "%s/run/ipvsd", tmpdir);
	ck_assert_int_eq(stat(dir, &st), 0);
	ck_assert_uint_eq(st.st_mode & 07777, 0755);

	run_client(&s);
	s = (struct client_spec){ .type = CTL_REQ_DRAIN, .arg = "10.0.0.1:80 é",
		.want_status = CTL_ST_OK, .want_prefix = "drained 10.0.0.1:80 é" };
	run_client(&s);
	s = (struct client_spec){ .type = CTL_REQ_DRAIN, .arg = "missing",
		.want_status = CTL_ST_NOTFOUND };
	run_client(&s);
	s = (struct client_spec){ .type = CTL_REQ_DRAIN,
		.want_status = CTL_ST_BADREQ };
	run_client(&s);
	s = (struct client_spec){ .type = CTL_REQ_UNDRAIN, .arg = "x",
		.want_status = CTL_ST_UNKNOWN };	/* no handler */
	run_client(&s);
	s = (struct client_spec){ .type = 77, .want_status = CTL_ST_UNKNOWN };
	run_client(&s);
	s = (struct client_spec){ .type = CTL_REQ_RELOAD,
		.want_status = CTL_ST_FAILED, .want_prefix = "reply is not" };
	run_client(&s);
	s = (struct client_spec){ .type = CTL_REQ_STATUS, .arg = "\xc0\x80",
		.want_ret = -EINVAL };			/* overlong NUL */
	run_client(&s);
	ck_assert_uint_eq(ctl_server_nclients(srv), 0);
	ctl_server_close(srv);
	ck_assert_int_eq(access(sockpath, F_OK), -1);	/* unlinked */
	s = (struct client_spec){ .type = CTL_REQ_STATUS, .want_ret = -ENOENT };
	run_client(&s);
}
END_TEST

START_TEST(test_big_reply)
{
	struct ctl_server *srv = open_server(0, (gid_t)-1, 0, 0);
	struct client_spec s = { .type = CTL_REQ_DUMP_JSON,
		.want_status = CTL_ST_OK, .want_prefix = "[{\"rs\":0},{\"rs\":1}" };

	run_client(&s);		/* ~1.3 MB: many partial writes */
	big_n = 2000000;	/* > 16 MiB: refused cleanly */
	s.want_status = CTL_ST_FAILED;
	s.want_prefix = "reply too large";
	run_client(&s);
	ctl_server_close(srv);
}
END_TEST

START_TEST(test_peercred_refused)
{
	struct ctl_server *srv;
	struct client_spec s = { .type = CTL_REQ_STATUS, .uid = 65534,
		.want_status = CTL_ST_PERM, .want_prefix = "permission denied" };

	if (getuid() != 0) {
		fprintf(stderr, "test_peercred_refused: skipped, needs root\n");
		return;
	}
	/* mode 0600: the file system already refuses nobody */
	srv = open_server(0, (gid_t)-1, 0, 0);
	s.want_ret = -EACCES;
	run_client(&s);
	ctl_server_close(srv);

	/* world-writable socket: SO_PEERCRED must refuse */
	srv = open_server(0666, (gid_t)-1, 0, 0);
	s.want_ret = 0;
	run_client(&s);
	/* the allowed group lets the same peer in */
	ctl_server_set_gid(srv, 65534);
	s.want_status = CTL_ST_OK;
	s.want_prefix = "running";
	run_client(&s);
	ctl_server_close(srv);
}
END_TEST

START_TEST(test_group_socket_mode)
{
	struct ctl_server *srv;
	struct client_spec s = { .type = CTL_REQ_STATUS, .uid = 65534,
		.want_status = CTL_ST_OK, .want_prefix = "running" };
	struct stat st;

	if (getuid() != 0) {
		fprintf(stderr, "test_group_socket_mode: skipped, needs root\n");
		return;
	}
	srv = open_server(0660, 65534, 0, 0);
	ck_assert_int_eq(stat(sockpath, &st), 0);
	ck_assert_uint_eq(st.st_gid, 65534);
	ck_assert_uint_eq(st.st_mode & 07777, 0660);
	run_client(&s);
	ctl_server_close(srv);
}
END_TEST

/* ---- raw clients sending garbage, served from this process ---- */

static int
raw_connect(void)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0);

	ck_assert_int_ge(fd, 0);
	strcpy(sa.sun_path, sockpath);
	ck_assert_int_eq(connect(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	return fd;
}

/* Serve until @fd is closed by the server; return the reply's status code
 * (-1 if the server closed without a reply). */
static int
raw_result(int fd)
{
	uint8_t buf[4096];
	size_t len = 0;
	ssize_t n;
	int i;
	struct ctl_frame f;

	for (i = 0; i < 400; i++) {
		event_run_once(loop, 10);
		n = recv(fd, buf + len, sizeof(buf) - len, 0);
		if (n > 0) {
			len += (size_t)n;
			continue;
		}
		if (n == 0 || (n < 0 && errno != EAGAIN))
			break;
	}
	ck_assert_int_lt(i, 400);
	close(fd);
	if (len == 0)
		return -1;
	ck_assert_int_eq(ctl_frame_decode(buf, len, 4096, &f, NULL), (long)len);
	return f.code;
}

static int
raw_exchange(const void *data, size_t len)
{
	int fd = raw_connect();

	ck_assert_int_eq(send(fd, data, len, 0), (ssize_t)len);
	return raw_result(fd);
}

START_TEST(test_garbage)
{
	struct ctl_server *srv = open_server(0, (gid_t)-1, 300, 0);
	uint8_t frame[64];
	long n;
	int fd;

	ck_assert_int_eq(raw_exchange("GET / HTTP/1.0\r\n\r\n", 18), CTL_ST_BADREQ);
	/* right magic, huge length */
	memcpy(frame, "IPVC\0\1\0\1\xff\xff\xff\xff", 12);
	ck_assert_int_eq(raw_exchange(frame, 12), CTL_ST_BADREQ);
	/* wrong version */
	memcpy(frame, "IPVC\0\x09\0\1\0\0\0\0", 12);
	ck_assert_int_eq(raw_exchange(frame, 12), CTL_ST_VERSION);
	/* invalid UTF-8 argument */
	memcpy(frame, "IPVC\0\1\0\3\0\0\0\2\xc3\x28", 14);
	ck_assert_int_eq(raw_exchange(frame, 14), CTL_ST_BADREQ);
	/* embedded NUL */
	memcpy(frame, "IPVC\0\1\0\3\0\0\0\2a\0", 14);
	ck_assert_int_eq(raw_exchange(frame, 14), CTL_ST_BADREQ);
	/* unknown type */
	memcpy(frame, "IPVC\0\1\0\x63\0\0\0\0", 12);
	ck_assert_int_eq(raw_exchange(frame, 12), CTL_ST_UNKNOWN);
	/* a valid request byte by byte still works */
	n = ctl_frame_encode(CTL_REQ_STATUS, NULL, 0, 0, frame, sizeof(frame));
	ck_assert_int_eq(n, 12);
	fd = raw_connect();
	for (int i = 0; i < n; i++) {
		ck_assert_int_eq(send(fd, frame + i, 1, 0), 1);
		event_run_once(loop, 0);
	}
	ck_assert_int_eq(raw_result(fd), CTL_ST_OK);
	/* half a request then silence: the deadline closes it, no reply */
	fd = raw_connect();
	ck_assert_int_eq(send(fd, frame, 5, 0), 5);
	ck_assert_int_eq(raw_result(fd), -1);
	/* connect and hang up at once */
	close(raw_connect());
	for (int i = 0; i < 5; i++)
		event_run_once(loop, 10);
	ck_assert_uint_eq(ctl_server_nclients(srv), 0);
	ctl_server_close(srv);
}
END_TEST

START_TEST(test_max_clients)
{
	struct ctl_server *srv = open_server(0, (gid_t)-1, 0, 2);
	int a = raw_connect(), b = raw_connect(), c, i;
	char x;

	for (i = 0; i < 5; i++)
		event_run_once(loop, 10);
	ck_assert_uint_eq(ctl_server_nclients(srv), 2);
	c = raw_connect();
	ck_assert_int_eq(raw_result(c), -1);	/* dropped */
	ck_assert_uint_eq(ctl_server_nclients(srv), 2);
	ctl_server_close(srv);			/* drops a and b */
	ck_assert_int_eq(recv(a, &x, 1, 0), 0);
	ck_assert_int_eq(recv(b, &x, 1, 0), 0);
	close(a);
	close(b);
}
END_TEST

START_TEST(test_stale_and_busy)
{
	struct ctl_server_conf conf = { .path = sockpath, .gid = (gid_t)-1 };
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	struct ctl_server *srv, *srv2;
	char dir[160];
	int fd;

	/* a socket file nobody listens on is replaced */
	snprintf(dir, sizeof(dir), "%s/run", tmpdir);
	ck_assert_int_eq(mkdir(dir, 0700), 0);
	snprintf(dir, sizeof(dir), "%s/run/ipvsd", tmpdir);
	ck_assert_int_eq(mkdir(dir, 0700), 0);
	fd = socket(AF_UNIX, SOCK_STREAM, 0);
	strcpy(sa.sun_path, sockpath);
	ck_assert_int_eq(bind(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	close(fd);
	ck_assert_int_eq(ctl_server_open(loop, &conf, &srv), 0);
	/* a live server is not stolen from */
	ck_assert_int_eq(ctl_server_open(loop, &conf, &srv2), -EADDRINUSE);
	ck_assert_int_eq(access(sockpath, F_OK), 0);
	ctl_server_close(srv);
	/* a regular file is not removed */
	fd = open(sockpath, O_CREAT | O_WRONLY, 0600);
	ck_assert_int_ge(fd, 0);
	close(fd);
	ck_assert_int_eq(ctl_server_open(loop, &conf, &srv2), -EEXIST);
	ck_assert_int_eq(access(sockpath, F_OK), 0);
	ctl_server_close(NULL);
}
END_TEST

START_TEST(test_client_timeout)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	struct ctl_reply rep = { 0 };
	char dir[160];
	int fd, r;

	/* a listener that never answers: the client gives up on time */
	snprintf(dir, sizeof(dir), "%s/run", tmpdir);
	ck_assert_int_eq(mkdir(dir, 0755), 0);
	snprintf(dir, sizeof(dir), "%s/run/ipvsd", tmpdir);
	ck_assert_int_eq(mkdir(dir, 0755), 0);
	fd = socket(AF_UNIX, SOCK_STREAM, 0);
	strcpy(sa.sun_path, sockpath);
	ck_assert_int_eq(bind(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	ck_assert_int_eq(listen(fd, 4), 0);
	r = ctl_client_request(sockpath, CTL_REQ_STATUS, NULL, 200, &rep);
	ck_assert_int_eq(r, -ETIMEDOUT);
	ck_assert_ptr_null(rep.payload);
	ctl_reply_free(&rep);
	close(fd);
	/* nothing listening at all */
	ck_assert_int_eq(ctl_client_request(sockpath, CTL_REQ_STATUS, NULL, 200,
					    &rep), -ECONNREFUSED);
	ck_assert_int_eq(ctl_client_request("/nonexistent/ipvsd.ctl",
					    CTL_REQ_STATUS, NULL, 200, &rep), -ENOENT);
}
END_TEST

/* A deferred reply arrives when the daemon sends it; one for a client that
 * went away is refused cleanly. */
START_TEST(test_deferred_reply)
{
	struct ctl_server *srv = open_server(0, (gid_t)-1, 0, 0);
	uint8_t frame[64];
	long n;
	int fd, i;

	ck_assert_int_eq(ctl_server_set_handler(srv, CTL_REQ_UNDRAIN, h_defer, NULL), 0);
	n = ctl_frame_encode(CTL_REQ_UNDRAIN, "rs", 2, 64, frame, sizeof(frame));
	fd = raw_connect();
	ck_assert_int_eq(send(fd, frame, (size_t)n, 0), n);
	for (i = 0; i < 50 && deferred_calls == 0; i++)
		event_run_once(loop, 10);
	ck_assert_int_eq(deferred_calls, 1);
	/* more bytes while waiting do not start a second request */
	ck_assert_int_eq(send(fd, frame, (size_t)n, 0), n);
	for (i = 0; i < 5; i++)
		event_run_once(loop, 10);
	ck_assert_int_eq(deferred_calls, 1);
	ck_assert_int_eq(ctl_server_reply(srv, deferred_id + 100, 0, "x", 1), -ENOENT);
	ck_assert_int_eq(ctl_server_reply(srv, deferred_id, CTL_ST_OK, "undrained", 9), 0);
	ck_assert_int_eq(ctl_server_reply(srv, deferred_id, CTL_ST_OK, "again", 5), -ENOENT);
	ck_assert_int_eq(raw_result(fd), CTL_ST_OK);

	/* the client hangs up before the answer */
	fd = raw_connect();
	ck_assert_int_eq(send(fd, frame, (size_t)n, 0), n);
	for (i = 0; i < 50 && deferred_calls == 1; i++)
		event_run_once(loop, 10);
	close(fd);
	for (i = 0; i < 5; i++)
		event_run_once(loop, 10);
	ck_assert_uint_eq(ctl_server_nclients(srv), 0);
	ck_assert_int_eq(ctl_server_reply(srv, deferred_id, CTL_ST_OK, "late", 4), -ENOENT);
	ctl_server_close(srv);
}
END_TEST

/* ---- codec ---- */

START_TEST(test_codec)
{
	uint8_t buf[64];
	struct ctl_frame f;
	size_t need = 0;
	uint16_t t;
	long n;

	n = ctl_frame_encode(CTL_REQ_DRAIN, "rs1", 3, CTL_MAX_REQ_PAYLOAD, buf, sizeof(buf));
	ck_assert_int_eq(n, 15);
	ck_assert(memcmp(buf, "IPVC\0\1\0\3\0\0\0\3rs1", 15) == 0);
	for (size_t i = 0; i < 15; i++)
		ck_assert_int_eq(ctl_req_decode(buf, i, &f, NULL), -EAGAIN);
	ck_assert_int_eq(ctl_req_decode(buf, 12, &f, &need), -EAGAIN);
	ck_assert_uint_eq(need, 15);
	ck_assert_int_eq(ctl_req_decode(buf, 15, &f, NULL), 15);
	ck_assert_uint_eq(f.code, CTL_REQ_DRAIN);
	ck_assert_uint_eq(f.len, 3);
	ck_assert(memcmp(f.payload, "rs1", 3) == 0);
	ck_assert_int_eq(ctl_frame_encode(1, "abcd", 4, 3, buf, sizeof(buf)), -EMSGSIZE);
	ck_assert_int_eq(ctl_frame_encode(1, "abcd", 4, 10, buf, 15), -ENOBUFS);
	ck_assert_int_eq(ctl_frame_encode(1, "a\0", 2, 10, buf, sizeof(buf)), -EINVAL);
	buf[0] = 'X';
	ck_assert_int_eq(ctl_req_decode(buf, 4, &f, NULL), -EBADMSG);

	ck_assert(ctl_utf8_valid("plain ascii", 11));
	ck_assert(ctl_utf8_valid("\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80", 9));
	ck_assert(!ctl_utf8_valid("\xc3", 1));			/* truncated */
	ck_assert(!ctl_utf8_valid("\xe0\x80\xaf", 3));		/* overlong */
	ck_assert(!ctl_utf8_valid("\xed\xa0\x80", 3));		/* surrogate */
	ck_assert(!ctl_utf8_valid("\xf4\x90\x80\x80", 4));	/* > U+10FFFF */
	ck_assert(!ctl_utf8_valid("\x80", 1));
	ck_assert(ctl_utf8_valid(NULL, 0));

	ck_assert_int_eq(ctl_req_from_name("dump-json", &t), 0);
	ck_assert_uint_eq(t, CTL_REQ_DUMP_JSON);
	ck_assert_int_eq(ctl_req_from_name("dump", &t), -ENOENT);
	ck_assert_str_eq(ctl_req_name(CTL_REQ_UNDRAIN), "undrain");
	ck_assert_ptr_null(ctl_req_name(0));
	ck_assert_ptr_null(ctl_req_name(CTL_REQ__MAX + 1));
	ck_assert_str_eq(ctl_status_str(CTL_ST_PERM), "permission denied");
	ck_assert_str_eq(ctl_status_str(999), "unknown status");
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("control");
	TCase *tc = tcase_create("server");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_roundtrip);
	tcase_add_test(tc, test_big_reply);
	tcase_add_test(tc, test_peercred_refused);
	tcase_add_test(tc, test_group_socket_mode);
	tcase_add_test(tc, test_garbage);
	tcase_add_test(tc, test_max_clients);
	tcase_add_test(tc, test_stale_and_busy);
	tcase_add_test(tc, test_client_timeout);
	tcase_add_test(tc, test_deferred_reply);
	tcase_add_test(tc, test_codec);
	tcase_set_timeout(tc, 60);
	suite_add_tcase(s, tc);
	return ck_run(s);
}
