/* test_health_util.h: helpers shared by the health engine's unit tests
 * (header-only: each test program includes it once). */
#ifndef TEST_HEALTH_UTIL_H
#define TEST_HEALTH_UTIL_H

#include <check.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "daemon/conf.h"
#include "event.h"
#include "health/hc.h"
#include "health/hc_sched.h"

static struct conf *
th_load(const char *text)
{
	struct conf_load_opts o = { .buf = text, .buf_len = strlen(text) };
	struct conf_diag d = { 0 };
	struct conf *c = NULL;
	int err = conf_load("test.conf", &o, &c, &d);

	if (err)
		conf_diag_print(stderr, &d);
	conf_diag_free(&d);
	ck_assert_int_eq(err, 0);
	return c;
}

/* th_listen: a TCP socket bound to 127.0.0.1 (port chosen by the kernel),
 * listening with @backlog unless @backlog < 0.  *port is set. */
static int
th_listen(int backlog, unsigned *port)
{
	struct sockaddr_in a = { .sin_family = AF_INET };
	socklen_t len = sizeof(a);
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0), one = 1;

	ck_assert_int_ge(fd, 0);
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	ck_assert_int_eq(bind(fd, (struct sockaddr *)&a, sizeof(a)), 0);
	ck_assert_int_eq(getsockname(fd, (struct sockaddr *)&a, &len), 0);
	*port = ntohs(a.sin_port);
	if (backlog >= 0)
		ck_assert_int_eq(listen(fd, backlog), 0);
	return fd;
}

/* th_recovering: run th_attempt() as for a checker that is down */
static bool th_recovering;

/* One attempt of the first checker of the first real server. */
struct th_att {
	bool done;
	enum hc_result r;
	char detail[HC_DETAIL_MAX];
};

static void
th_done(struct hc_check *c, enum hc_result r, void *arg)
{
	struct th_att *at = arg;

	at->done = true;
	at->r = r;
	memcpy(at->detail, c->detail, sizeof(at->detail));
}

/* th_attempt: run one attempt of checker @ci of rs[0] of vs[0]; waits at
 * most 10 s; returns the result (and fills *at). */
static enum hc_result
th_attempt(const struct conf *conf, size_t ci, struct th_att *at)
{
	const struct conf_vs *vs = &conf->vs[0];
	const struct conf_rs *rs = &vs->rs[0];
	struct hc_timing t;
	struct hc_check chk = { .vs = vs, .rs = rs, .ck = &rs->checker[ci],
				.done = th_done, .done_arg = at };
	int i;

	memset(at, 0, sizeof(*at));
	ck_assert_int_eq(event_loop_new(&chk.loop), 0);
	chk.ops = hc_ops_for(chk.ck->type);
	ck_assert_ptr_nonnull(chk.ops);
	hc_timing_resolve(&t, vs, rs, chk.ck);
	ck_assert_int_eq(hc_target_resolve(&chk.tgt, rs, chk.ck, t.connect_timeout_us), 0);
	chk.recovering = th_recovering;
	chk.delay_loop_us = t.delay_loop_us;
	ck_assert_int_eq(chk.ops->start(&chk), 0);
	ck_assert(!at->done);	/* never completes inside start() */
	for (i = 0; i < 1000 && !at->done; i++)
		event_run_once(chk.loop, 10);
	if (!at->done)
		chk.ops->cancel(&chk);
	ck_assert_ptr_null(chk.priv);
	event_loop_free(chk.loop);
	ck_assert_msg(at->done, "attempt did not finish");
	return at->r;
}

#endif
