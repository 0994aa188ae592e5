/* test_health_checkers.c: SMTP_CHECK, DNS_CHECK, UDP_CHECK, PING_CHECK
 * (setup only), MISC_CHECK and FILE_CHECK of the health engine: the pure
 * rules (exit code and file value to state and weight, per-type timing
 * defaults) and attempts against real peers on loopback (forked
 * responders). */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "daemon/conf.h"
#include "event.h"
#include "health/hc.h"
#include "health/hc_file.h"
#include "health/hc_misc.h"
#include "health/hc_proto.h"
#include "health/hc_sched.h"
#include "health/health_int.h"
#include "ipc.h"
#include "test_health_util.h"
#include "ck_run.h"

/* ---- pure rules ---- */

START_TEST(misc_exit_codes)
{
	static const struct {
		uint32_t outcome;
		int32_t status;
		bool dynamic;
		enum hc_result r;
		bool has_w;
		int64_t w;
	} t[] = {
		{ HC_SCRIPT_EXITED, 0, false, HC_OK, false, 0 },
		{ HC_SCRIPT_EXITED, 0, true, HC_OK, false, 0 },
		{ HC_SCRIPT_EXITED, 1, false, HC_SCRIPT_FAILED, false, 0 },
		{ HC_SCRIPT_EXITED, 1, true, HC_SCRIPT_FAILED, false, 0 },
		{ HC_SCRIPT_EXITED, 2, true, HC_OK, true, 0 },
		{ HC_SCRIPT_EXITED, 12, true, HC_OK, true, 10 },
		{ HC_SCRIPT_EXITED, 255, true, HC_OK, true, 253 },
		{ HC_SCRIPT_EXITED, 12, false, HC_SCRIPT_FAILED, false, 0 },
		{ HC_SCRIPT_EXITED, 127, false, HC_SCRIPT_FAILED, false, 0 },
		{ HC_SCRIPT_SIGNALED, 9, true, HC_SCRIPT_SIGNAL, false, 0 },
		{ HC_SCRIPT_TIMEDOUT, 15, true, HC_SCRIPT_TIMEOUT, false, 0 },
		{ HC_SCRIPT_REFUSED, 1, false, HC_SCRIPT_NOT_RUN, false, 0 },
		{ 77, 0, false, HC_SCRIPT_NOT_RUN, false, 0 },
	};

	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		struct hc_misc_verdict v = hc_misc_verdict(t[i].outcome, t[i].status, t[i].dynamic);

		ck_assert_msg(v.r == t[i].r, "case %zu: %s", i, hc_result_str(v.r));
		ck_assert_msg(v.has_weight == t[i].has_w, "case %zu", i);
		if (t[i].has_w)
			ck_assert_int_eq(v.weight, t[i].w);
	}
}
END_TEST

START_TEST(file_values)
{
	static const struct {
		const char *text;
		int ret;
		int64_t val;
	} t[] = {
		{ "0\n", 0, 0 }, { "5", 0, 5 }, { "  -7 trailing", 0, -7 },
		{ "0x10\n", 0, 16 }, { "010", 0, 8 }, { "", 0, 0 }, { "abc", 0, 0 },
		{ "2147483647", 0, 2147483647 }, { "-2147483648", 0, -2147483648LL },
		{ "2147483648", -ERANGE, 0 }, { "99999999999999999999", -ERANGE, 0 },
	};
	int64_t v;

	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		v = 12345;
		ck_assert_int_eq(hc_file_parse(t[i].text, strlen(t[i].text), &v), t[i].ret);
		if (t[i].ret == 0)
			ck_assert_msg(v == t[i].val, "'%s' -> %lld", t[i].text, (long long)v);
	}
	/* only the first HC_FILE_READ_MAX bytes count */
	{
		char big[300];

		memset(big, ' ', sizeof(big));
		memcpy(big + 200, "42", 2);
		ck_assert_int_eq(hc_file_parse(big, sizeof(big), &v), 0);
		ck_assert_int_eq(v, 0);
	}
}
END_TEST

START_TEST(file_verdicts)
{
	static const struct {
		int64_t val, weight;
		bool reverse, up;
		int64_t delta;
	} t[] = {
		/* weight 0: a flag */
		{ 0, 0, false, true, 0 }, { 1, 0, false, false, 0 }, { -3, 0, false, false, 0 },
		{ 0, 0, true, false, 0 }, { 1, 0, true, true, 0 },
		/* weighted: offset, down only at the bottom */
		{ 0, 1, false, true, 0 }, { 5, 1, false, true, 5 }, { -5, 2, false, true, -10 },
		{ 5, 2, true, true, -10 }, { -65535, 1, false, false, 0 },
		{ -70000, 1, false, false, 0 }, { 30000, 254, false, true, 65534 },
		{ 65535, 1, true, false, 0 },
	};
	int64_t d;

	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		ck_assert_msg(hc_file_verdict(t[i].val, t[i].weight, t[i].reverse, &d) == t[i].up,
			      "case %zu", i);
		ck_assert_msg(d == t[i].delta, "case %zu: delta %lld", i, (long long)d);
	}
}
END_TEST

START_TEST(timing_defaults)
{
	struct conf *c = th_load(
		"virtual_server 10.0.0.1 53 {\n delay_loop 7\n"
		" real_server 10.0.1.1 53 {\n"
		"  MISC_CHECK { misc_path /bin/true }\n"
		"  DNS_CHECK { }\n"
		"  FILE_CHECK { track_file f }\n"
		"  UDP_CHECK { }\n"
		"  FILE_CHECK { track_file f\n delay_loop 3\n retry 2 }\n"
		" }\n}\ntrack_file f { file /tmp/x }\n");
	const struct conf_vs *vs = &c->vs[0];
	const struct conf_rs *rs = &vs->rs[0];
	struct hc_timing t;

	hc_timing_resolve(&t, vs, rs, &rs->checker[0]);
	ck_assert_uint_eq(t.retry, 0);
	ck_assert_uint_eq(t.delay_loop_us, 7000000);
	hc_timing_resolve(&t, vs, rs, &rs->checker[1]);
	ck_assert_uint_eq(t.retry, 3);
	hc_timing_resolve(&t, vs, rs, &rs->checker[2]);
	ck_assert_uint_eq(t.retry, 0);
	ck_assert_uint_eq(t.delay_loop_us, 1000000);
	ck_assert_uint_eq(t.warmup_us, 0);
	hc_timing_resolve(&t, vs, rs, &rs->checker[3]);
	ck_assert_uint_eq(t.retry, 1);
	hc_timing_resolve(&t, vs, rs, &rs->checker[4]);
	ck_assert_uint_eq(t.retry, 2);
	ck_assert_uint_eq(t.delay_loop_us, 3000000);
	for (size_t i = 0; i < rs->n_checker; i++)
		ck_assert_ptr_nonnull(hc_ops_for(rs->checker[i].type));
	conf_free(c);
}
END_TEST

/* ---- attempts against forked responders ---- */

typedef size_t reply_fn(const uint8_t *q, size_t qlen, uint8_t *out);

/* A UDP socket on 127.0.0.1 answering one datagram with @fn (NULL: read
 * it and stay silent).  Returns the responder's pid; *port is set. */
static pid_t
udp_responder(reply_fn *fn, unsigned *port)
{
	struct sockaddr_in a = { .sin_family = AF_INET };
	socklen_t len = sizeof(a);
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	pid_t pid;

	ck_assert_int_ge(fd, 0);
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	ck_assert_int_eq(bind(fd, (struct sockaddr *)&a, sizeof(a)), 0);
	ck_assert_int_eq(getsockname(fd, (struct sockaddr *)&a, &len), 0);
	*port = ntohs(a.sin_port);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		uint8_t q[2048], out[2048];
		struct sockaddr_storage from;
		socklen_t fl = sizeof(from);
		ssize_t n;

		alarm(10);
		n = recvfrom(fd, q, sizeof(q), 0, (struct sockaddr *)&from, &fl);
		if (n >= 0 && fn) {
			size_t m = fn(q, (size_t)n, out);

			sendto(fd, out, m, 0, (struct sockaddr *)&from, fl);
		}
		if (!fn)
			pause();	/* silent: killed by the test */
		_exit(0);
	}
	close(fd);
	return pid;
}

static void
reap(pid_t pid)
{
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
}

/* The config of one checker block @ck in a real server on 127.0.0.1,
 * connecting to @port. */
static struct conf *
load_one(const char *ck, unsigned port)
{
	char text[2048];

	snprintf(text, sizeof(text),
		 "virtual_server 127.0.0.1 %u {\n protocol UDP\n real_server 127.0.0.1 %u {\n"
		 "  %s\n }\n}\n", port, port, ck);
	return th_load(text);
}

static size_t
echo_reply(const uint8_t *q, size_t qlen, uint8_t *out)
{
	memcpy(out, q, qlen);
	return qlen;
}

static enum hc_result
udp_try(const char *opts, reply_fn *fn)
{
	char ck[512];
	struct th_att at;
	struct conf *c;
	unsigned port;
	pid_t pid = udp_responder(fn, &port);
	enum hc_result r;

	snprintf(ck, sizeof(ck), "UDP_CHECK { connect_timeout 1\n %s }", opts);
	c = load_one(ck, port);
	r = th_attempt(c, 0, &at);
	reap(pid);
	conf_free(c);
	return r;
}

START_TEST(udp_checks)
{
	unsigned port;
	int fd;
	struct conf *c;
	struct th_att at;

	ck_assert_int_eq(udp_try("payload 41 42 43", echo_reply), HC_OK);
	ck_assert_int_eq(udp_try("payload 4142\n require_reply 41 4x", echo_reply), HC_OK);
	ck_assert_int_eq(udp_try("payload 4142\n require_reply 41 43", echo_reply),
			 HC_REPLY_MISMATCH);
	ck_assert_int_eq(udp_try("payload 01", NULL), HC_OK);	/* silence is fine */
	ck_assert_int_eq(udp_try("payload 01\n require_reply", NULL), HC_NO_REPLY);
	/* a closed port: ICMP port unreachable */
	{
		struct sockaddr_in a = { .sin_family = AF_INET };
		socklen_t len = sizeof(a);

		fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
		a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		ck_assert_int_eq(bind(fd, (struct sockaddr *)&a, sizeof(a)), 0);
		ck_assert_int_eq(getsockname(fd, (struct sockaddr *)&a, &len), 0);
		port = ntohs(a.sin_port);
		close(fd);	/* now closed: port unreachable */
	}
	c = load_one("UDP_CHECK { connect_timeout 2 }", port);
	ck_assert_int_eq(th_attempt(c, 0, &at), HC_REFUSED);
	ck_assert_msg(strstr(at.detail, "UDP_CHECK 127.0.0.1:") != NULL, "%s", at.detail);
	conf_free(c);
}
END_TEST

/* DNS replies: copy the query, set QR (+ rcode), optionally change the id. */
static int dns_rcode;
static int dns_bad_id;
static int dns_qname;	/* 1: upper-case the name, 2: change a letter */

static size_t
dns_reply(const uint8_t *q, size_t qlen, uint8_t *out)
{
	memcpy(out, q, qlen);
	out[2] |= 0x80;
	out[3] = (uint8_t)(0x80 | dns_rcode);
	if (dns_bad_id)
		out[1] ^= 0x5a;
	if (dns_qname == 1 && qlen > 14)
		out[13] = (uint8_t)(out[13] - 32);	/* "example" -> "Example" */
	if (dns_qname == 2 && qlen > 14)
		out[14] = 'z';
	return qlen;
}

static enum hc_result
dns_try(int rcode, int bad_id, char *detail, size_t dlen)
{
	struct th_att at;
	struct conf *c;
	unsigned port;
	pid_t pid;
	enum hc_result r;

	dns_rcode = rcode;
	dns_bad_id = bad_id;
	pid = udp_responder(dns_reply, &port);
	c = load_one("DNS_CHECK { connect_timeout 1\n type A\n name example.org }", port);
	r = th_attempt(c, 0, &at);
	snprintf(detail, dlen, "%s", at.detail);
	reap(pid);
	conf_free(c);
	return r;
}

START_TEST(dns_checks)
{
	char d[HC_DETAIL_MAX];

	ck_assert_int_eq(dns_try(0, 0, d, sizeof(d)), HC_OK);
	ck_assert_msg(strstr(d, "A example.org answered") != NULL, "%s", d);
	ck_assert_int_eq(dns_try(3, 0, d, sizeof(d)), HC_DNS_RCODE);
	ck_assert_msg(strstr(d, "rcode 3") != NULL, "%s", d);
	ck_assert_int_eq(dns_try(0, 1, d, sizeof(d)), HC_WRONG_DNS_ID);
	ck_assert_msg(strstr(d, "wrong dns id: 1 reply(ies) ignored") != NULL, "%s", d);
	dns_qname = 1;	/* case differs: still our question */
	ck_assert_int_eq(dns_try(0, 0, d, sizeof(d)), HC_OK);
	dns_qname = 2;	/* another name: not ours */
	ck_assert_int_eq(dns_try(0, 0, d, sizeof(d)), HC_BAD_REPLY);
	ck_assert_msg(strstr(d, "another question") != NULL, "%s", d);
	dns_qname = 0;
}
END_TEST

/* SMTP: a forked server running one scripted dialogue. */
static pid_t
smtp_server(const char *greeting, unsigned *port)
{
	int lfd = th_listen(4, port);
	pid_t pid = fork();

	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		char buf[512];
		int fd;
		ssize_t n;

		alarm(10);
		fd = accept(lfd, NULL, NULL);
		if (write(fd, greeting, strlen(greeting)) < 0)
			_exit(1);
		while ((n = read(fd, buf, sizeof(buf) - 1)) > 0) {
			buf[n] = '\0';
			if (strncmp(buf, "HELO ", 5) == 0 &&
			    strstr(buf, "smtpchecker.keepalived.org\r\n"))
				n = write(fd, "250-hello\r\n250 ok\r\n", 19);
			else if (strcmp(buf, "QUIT\r\n") == 0)
				n = write(fd, "221 bye\r\n", 9);
			else
				n = write(fd, "500 what\r\n", 10);
			(void)n;
		}
		_exit(0);
	}
	close(lfd);
	return pid;
}

static enum hc_result
smtp_try(const char *greeting, char *detail, size_t dlen)
{
	struct th_att at;
	struct conf *c;
	unsigned port;
	pid_t pid = smtp_server(greeting, &port);
	enum hc_result r;

	c = load_one("SMTP_CHECK { connect_timeout 2 }", port);
	r = th_attempt(c, 0, &at);
	snprintf(detail, dlen, "%s", at.detail);
	reap(pid);
	conf_free(c);
	return r;
}

START_TEST(smtp_checks)
{
	char d[HC_DETAIL_MAX];

	ck_assert_int_eq(smtp_try("220 mail ready\r\n", d, sizeof(d)), HC_OK);
	ck_assert_int_eq(smtp_try("220-multi\r\n220 line\r\n", d, sizeof(d)), HC_OK);
	ck_assert_int_eq(smtp_try("554 go away\r\n", d, sizeof(d)), HC_SMTP_CODE);
	ck_assert_msg(strstr(d, "greeting: code 554") != NULL, "%s", d);
}
END_TEST

/* FILE_CHECK and MISC_CHECK need the engine's script/conf handle. */
static enum hc_result
attempt_with(const struct conf *conf, struct hc_scripts *s, bool recovering,
	     enum hc_wkind *wk, int64_t *wv, char *detail, size_t dlen)
{
	const struct conf_vs *vs = &conf->vs[0];
	const struct conf_rs *rs = &vs->rs[0];
	struct th_att at = { 0 };
	struct hc_timing t;
	struct hc_check chk = { .vs = vs, .rs = rs, .ck = &rs->checker[0], .scripts = s,
				.done = th_done, .done_arg = &at, .recovering = recovering };

	ck_assert_int_eq(event_loop_new(&chk.loop), 0);
	chk.ops = hc_ops_for(chk.ck->type);
	hc_timing_resolve(&t, vs, rs, chk.ck);
	ck_assert_int_eq(hc_target_resolve(&chk.tgt, rs, chk.ck, t.connect_timeout_us), 0);
	chk.delay_loop_us = t.delay_loop_us;
	ck_assert_int_eq(chk.ops->start(&chk), 0);
	ck_assert(!at.done);
	for (int i = 0; i < 100 && !at.done; i++)
		event_run_once(chk.loop, 10);
	ck_assert(at.done);
	ck_assert_ptr_null(chk.priv);
	event_loop_free(chk.loop);
	*wk = chk.wkind;
	*wv = chk.wval;
	snprintf(detail, dlen, "%s", at.detail);
	return at.r;
}

START_TEST(file_checks)
{
	char path[] = "/tmp/test_hc_fileXXXXXX", text[512], d[HC_DETAIL_MAX];
	int fd = mkstemp(path);
	struct conf *c;
	struct hc_scripts s = { 0 };
	enum hc_wkind wk;
	int64_t wv;

	ck_assert_int_ge(fd, 0);
	snprintf(text, sizeof(text),
		 "track_file tf { file %s\n weight 3 }\n"
		 "virtual_server 127.0.0.1 80 {\n protocol TCP\n real_server 127.0.0.1 80 {\n"
		 "  FILE_CHECK { track_file tf }\n }\n}\n", path);
	c = th_load(text);
	s.conf = c;
	ck_assert_int_eq(write(fd, "4\n", 2), 2);
	ck_assert_int_eq(attempt_with(c, &s, false, &wk, &wv, d, sizeof(d)), HC_OK);
	ck_assert_int_eq(wk, HC_W_DELTA);
	ck_assert_int_eq(wv, 12);
	ck_assert_msg(strstr(d, "value 4") != NULL, "%s", d);
	ck_assert_int_eq(ftruncate(fd, 0), 0);
	ck_assert_int_eq(pwrite(fd, "-99999\n", 7, 0), 7);
	ck_assert_int_eq(attempt_with(c, &s, false, &wk, &wv, d, sizeof(d)), HC_FILE_DOWN);
	ck_assert_int_eq(wk, HC_W_KEEP);
	/* invalid number: previous verdict stands */
	ck_assert_int_eq(pwrite(fd, "9999999999\n", 11, 0), 11);
	ck_assert_int_eq(attempt_with(c, &s, true, &wk, &wv, d, sizeof(d)), HC_FILE_DOWN);
	ck_assert_int_eq(attempt_with(c, &s, false, &wk, &wv, d, sizeof(d)), HC_OK);
	ck_assert_int_eq(wk, HC_W_KEEP);
	/* a missing file reads as 0 */
	unlink(path);
	ck_assert_int_eq(attempt_with(c, &s, false, &wk, &wv, d, sizeof(d)), HC_OK);
	ck_assert_int_eq(wv, 0);
	close(fd);
	conf_free(c);
}
END_TEST

START_TEST(misc_without_parent)
{
	struct conf *c = th_load(
		"virtual_server 127.0.0.1 80 {\n protocol TCP\n real_server 127.0.0.1 80 {\n"
		"  MISC_CHECK { misc_path \"/bin/true x\" }\n }\n}\n");
	struct hc_scripts s = { .conf = c };
	char d[HC_DETAIL_MAX];
	enum hc_wkind wk;
	int64_t wv;

	ck_assert_int_eq(attempt_with(c, &s, false, &wk, &wv, d, sizeof(d)), HC_SCRIPT_NOT_RUN);
	ck_assert_msg(strstr(d, "no channel to the parent") != NULL, "%s", d);
	conf_free(c);
}
END_TEST

/* The engine with a fake parent: MISC_CHECK asks for its script, the
 * answers set the state and (misc_dynamic) the weight, FILE_CHECK offsets
 * it, and each change reaches the parent as one RESULT. */
static void
child_msg(struct ipc_chan *ch, struct ipc_msg *msg, void *arg)
{
	(void)ch; (void)msg; (void)arg;
}

static const struct ipc_ops child_ops = { .on_msg = child_msg };

struct fake_parent {
	struct ipc_chan *ch;
	struct health *h;
	int exit_code;			/* the script's answer */
	unsigned runs;
	struct hc_msg_result last;
	unsigned results;
};

static void
parent_poll(struct fake_parent *fp)
{
	struct ipc_msg m;

	while (ipc_recv(fp->ch, &m) == 0) {
		if (m.type == HC_MSG_SCRIPT_RUN) {
			struct hc_msg_script_run run;
			struct hc_msg_script_done d = { .outcome = HC_SCRIPT_EXITED };

			ck_assert_int_eq(ipc_get(&m, &run, sizeof(run)), 0);
			ck_assert_uint_eq(run.vs_idx, 0);
			ck_assert_uint_eq(run.rs_idx, 0);
			ck_assert_uint_eq(run.checker_idx, 0);
			ck_assert_uint_eq(run.timeout_ms, 4000);	/* misc_timeout */
			d.req_id = run.req_id;
			d.status = fp->exit_code;
			fp->runs++;
			ck_assert_int_eq(hc_scripts_done(&fp->h->scripts, &d), 0);
			ck_assert_int_eq(hc_scripts_done(&fp->h->scripts, &d), -ENOENT);
		} else if (m.type == HC_MSG_RESULT) {
			ck_assert_int_eq(ipc_get(&m, &fp->last, sizeof(fp->last)), 0);
			fp->results++;
		}
		ipc_msg_done(&m);
	}
}

static bool
run_until(struct event_loop *loop, struct fake_parent *fp, unsigned results)
{
	for (int i = 0; i < 600 && fp->results < results; i++) {
		event_run_once(loop, 10);
		parent_poll(fp);
	}
	return fp->results >= results;
}

START_TEST(engine_weights)
{
	char path[] = "/tmp/test_hc_engineXXXXXX", text[1024];
	int fd = mkstemp(path), sv[2];
	struct event_loop *loop;
	struct health h;
	struct fake_parent fp = { .exit_code = 12, .h = &h };
	struct conf *c;

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, "2\n", 2), 2);
	snprintf(text, sizeof(text),
		 "track_file tf { file %s }\n"
		 "virtual_server 127.0.0.1 80 {\n protocol TCP\n real_server 127.0.0.1 80 {\n"
		 "  weight 3\n"
		 "  MISC_CHECK { misc_path \"/bin/x y\"\n misc_dynamic\n misc_timeout 4\n"
		 "   delay_loop 1\n warmup 0 }\n"
		 "  FILE_CHECK { track_file tf }\n }\n}\n", path);
	c = th_load(text);
	ck_assert_int_eq(event_loop_new(&loop), 0);
	ck_assert_int_eq(ipc_socketpair(sv), 0);
	ck_assert_int_eq(health_build(&h, loop, c), 0);
	ck_assert_uint_eq(h.n_item, 2);
	ck_assert_int_eq(ipc_chan_new(loop, sv[0], &child_ops, NULL, &h.ch), 0);
	h.scripts.ch = h.ch;
	ck_assert_int_eq(ipc_chan_new(NULL, sv[1], NULL, NULL, &fp.ch), 0);
	ck_assert_int_eq(health_start(&h), 0);
	/* exit 12 -> weight 10, file 2 x 1 -> +2: one or two RESULTs, the
	 * last one with weight 12 */
	ck_assert(run_until(loop, &fp, 1));
	for (int i = 0; i < 300 && !(fp.last.has_weight && fp.last.weight == 12); i++) {
		event_run_once(loop, 10);
		parent_poll(&fp);
	}
	ck_assert_uint_eq(fp.last.up, 1);
	ck_assert_uint_eq(fp.last.has_weight, 1);
	ck_assert_int_eq(fp.last.weight, 12);
	ck_assert_uint_ge(fp.runs, 1);
	/* exit 1: down, the weight stands */
	fp.exit_code = 1;
	fp.results = 0;
	ck_assert(run_until(loop, &fp, 1));
	ck_assert_uint_eq(fp.last.up, 0);
	ck_assert_uint_eq(fp.last.reason, HC_SCRIPT_FAILED);
	ck_assert_uint_eq(fp.last.checker_idx, 0);
	ck_assert_int_eq(fp.last.weight, 12);
	ck_assert_msg(strstr(fp.last.text, "MISC_CHECK /bin/x y: exit 1") != NULL, "%s",
		      fp.last.text);
	/* the file drops to 0: weight 10, still down */
	ck_assert_int_eq(pwrite(fd, "0\n", 2, 0), 2);
	fp.results = 0;
	ck_assert(run_until(loop, &fp, 1));
	ck_assert_uint_eq(fp.last.up, 0);
	ck_assert_int_eq(fp.last.weight, 10);
	ck_assert_uint_eq(fp.last.checker_idx, 1);
	health_free(&h);
	ipc_chan_free(h.ch);
	ipc_chan_free(fp.ch);
	event_loop_free(loop);
	close(fd);
	unlink(path);
	conf_free(c);
}
END_TEST

static Suite *
suite(void)
{
	Suite *s = suite_create("health_checkers");
	TCase *t = tcase_create("rules");

	tcase_add_test(t, misc_exit_codes);
	tcase_add_test(t, file_values);
	tcase_add_test(t, file_verdicts);
	tcase_add_test(t, timing_defaults);
	suite_add_tcase(s, t);
	t = tcase_create("attempts");
	tcase_set_timeout(t, 60);
	tcase_add_test(t, udp_checks);
	tcase_add_test(t, dns_checks);
	tcase_add_test(t, smtp_checks);
	tcase_add_test(t, file_checks);
	tcase_add_test(t, misc_without_parent);
	tcase_add_test(t, engine_weights);
	suite_add_tcase(s, t);
	return s;
}

int
main(void)
{
	return ck_run(suite());
}
