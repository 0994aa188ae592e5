/* test_health_sched.c: checker timing (keepalived semantics) on the event
 * loop's injectable clock: timing cascade and defaults, warmup, retry and
 * delay_before_retry, delay_loop, alpha, seeding, and the engine's
 * real-server verdicts over several checkers. */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "daemon/conf.h"
#include "event.h"
#include "health/hc_sched.h"
#include "health/health_int.h"
#include "ck_run.h"

#define S 1000000ull
#define MS 1000ull

static uint64_t fake_now;

static uint64_t
fake_clock(void *arg)
{
	(void)arg;
	return fake_now;
}

static struct event_loop *
fake_loop(void)
{
	struct event_loop *loop;

	ck_assert_int_eq(event_loop_new(&loop), 0);
	fake_now = 1000 * S;
	event_loop_set_clock(loop, fake_clock, NULL);
	return loop;
}

/* advance the fake clock 1 ms at a time up to @t, running due callbacks */
static void
run_to(struct event_loop *loop, uint64_t t)
{
	while (fake_now < t) {
		fake_now += MS;
		while (event_run_once(loop, 0) > 0)
			;
	}
}

static struct conf *
load(const char *text)
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

/* ---- timing resolution ---- */
START_TEST(test_resolve_defaults)
{
	struct conf *c = load(
		"virtual_server 10.0.0.1 80 {\n"
		" real_server 10.0.0.2 80 {\n  TCP_CHECK {\n  }\n  HTTP_GET {\n   url {\n    path /\n   }\n  }\n }\n}\n");
	const struct conf_vs *vs = &c->vs[0];
	struct hc_timing t;

	hc_timing_resolve(&t, vs, &vs->rs[0], &vs->rs[0].checker[0]);
	ck_assert_uint_eq(t.delay_loop_us, 60 * S);
	ck_assert_uint_eq(t.connect_timeout_us, 5 * S);
	ck_assert_uint_eq(t.delay_before_retry_us, 1 * S);
	ck_assert_uint_eq(t.warmup_us, 60 * S);
	ck_assert_uint_eq(t.retry, 1);
	ck_assert(!t.alpha);
	hc_timing_resolve(&t, vs, &vs->rs[0], &vs->rs[0].checker[1]);
	ck_assert_uint_eq(t.delay_before_retry_us, 3 * S);
	conf_free(c);
}
END_TEST

START_TEST(test_resolve_cascade)
{
	struct conf *c = load(
		"virtual_server 10.0.0.1 80 {\n delay_loop 10\n retry 4\n alpha\n"
		" connect_timeout 7\n"
		" real_server 10.0.0.2 80 {\n  delay_loop 6\n  warmup 2\n"
		"  TCP_CHECK {\n   delay_before_retry 0.25\n   connect_timeout 2\n  }\n"
		"  TCP_CHECK {\n   retry 0\n   alpha off\n   warmup 0\n  }\n }\n}\n");
	const struct conf_vs *vs = &c->vs[0];
	struct hc_timing t;

	hc_timing_resolve(&t, vs, &vs->rs[0], &vs->rs[0].checker[0]);
	ck_assert_uint_eq(t.delay_loop_us, 6 * S);
	ck_assert_uint_eq(t.connect_timeout_us, 2 * S);
	ck_assert_uint_eq(t.delay_before_retry_us, 250 * MS);
	ck_assert_uint_eq(t.warmup_us, 2 * S);
	ck_assert_uint_eq(t.retry, 4);
	ck_assert(t.alpha);
	hc_timing_resolve(&t, vs, &vs->rs[0], &vs->rs[0].checker[1]);
	ck_assert_uint_eq(t.connect_timeout_us, 7 * S);
	ck_assert_uint_eq(t.retry, 0);
	ck_assert_uint_eq(t.warmup_us, 0);
	ck_assert(!t.alpha);
	conf_free(c);
}
END_TEST

/* ---- the pure decision ---- */
START_TEST(test_sched_retry_then_down)
{
	struct hc_timing t = { .delay_loop_us = 5 * S, .delay_before_retry_us = S,
			       .retry = 2 };
	struct hc_sched s;
	uint64_t next;

	hc_sched_init(&s, &t);
	ck_assert(s.up);
	ck_assert_int_eq(hc_sched_result(&s, true, &next), HC_CHANGE_NONE);
	ck_assert_uint_eq(next, 5 * S);
	ck_assert_int_eq(hc_sched_result(&s, false, &next), HC_CHANGE_NONE);
	ck_assert_uint_eq(next, S);
	ck_assert_int_eq(hc_sched_result(&s, false, &next), HC_CHANGE_NONE);
	ck_assert_uint_eq(next, S);
	ck_assert_int_eq(hc_sched_result(&s, false, &next), HC_CHANGE_DOWN);
	ck_assert_uint_eq(next, 5 * S);
	ck_assert(!s.up);
	/* down: no retries, no repeated transition */
	ck_assert_int_eq(hc_sched_result(&s, false, &next), HC_CHANGE_NONE);
	ck_assert_uint_eq(next, 5 * S);
	/* one success brings it up */
	ck_assert_int_eq(hc_sched_result(&s, true, &next), HC_CHANGE_UP);
	ck_assert_uint_eq(next, 5 * S);
	/* a success in the middle of retries resets the count */
	ck_assert_int_eq(hc_sched_result(&s, false, &next), HC_CHANGE_NONE);
	ck_assert_int_eq(hc_sched_result(&s, true, &next), HC_CHANGE_NONE);
	ck_assert_uint_eq(s.retry_it, 0);
	ck_assert_int_eq(hc_sched_result(&s, false, &next), HC_CHANGE_NONE);
	ck_assert_int_eq(hc_sched_result(&s, false, &next), HC_CHANGE_NONE);
	ck_assert_int_eq(hc_sched_result(&s, false, &next), HC_CHANGE_DOWN);
}
END_TEST

START_TEST(test_sched_alpha_seed_warmup)
{
	struct hc_timing t = { .delay_loop_us = 5 * S, .warmup_us = 3 * S,
			       .alpha = true };
	struct hc_sched s;
	uint64_t next, r;

	hc_sched_init(&s, &t);
	ck_assert(!s.up);
	for (r = 0; r < 100000; r += 997)
		ck_assert_uint_le(hc_sched_first_delay(&s, r * 7919 * 104729), 3 * S);
	ck_assert_uint_eq(hc_sched_first_delay(&s, 3 * S), 3 * S);
	ck_assert_uint_eq(hc_sched_first_delay(&s, 3 * S + 1), 0);
	ck_assert_int_eq(hc_sched_result(&s, false, &next), HC_CHANGE_NONE);
	hc_sched_seed(&s, true);
	ck_assert_int_eq(hc_sched_result(&s, false, &next), HC_CHANGE_DOWN);
	t.warmup_us = 0;
	hc_sched_init(&s, &t);
	ck_assert_uint_eq(hc_sched_first_delay(&s, 12345), 0);
}
END_TEST

/* ---- the runner on the fake clock, with a scripted check type ---- */
struct script {
	const char *res;	/* 'o' ok, 'f' fail, per attempt */
	size_t i;
	uint64_t start_at[32];
	uint64_t took_us;	/* attempt duration */
	struct event_timer t;
	struct hc_check *c;
	int cancels;
};

static struct script *cur;

static void
script_end(struct event_timer *t, void *arg)
{
	struct script *sc = arg;
	char r = sc->res[sc->i - 1];

	(void)t;
	hc_check_done(sc->c, r == 'o' ? HC_OK : HC_REFUSED, "scripted %c", r);
}

static int
script_start(struct hc_check *c)
{
	struct script *sc = cur;

	ck_assert_uint_lt(sc->i, strlen(sc->res));
	sc->start_at[sc->i++] = fake_now;
	sc->c = c;
	return event_timer_add_us(c->loop, &sc->t, sc->took_us, script_end, sc);
}

static void
script_cancel(struct hc_check *c)
{
	(void)c;
	event_timer_cancel(&cur->t);
	cur->cancels++;
}

static const struct hc_ops script_ops = { "SCRIPT", script_start, script_cancel };

struct changes {
	enum hc_change ch[16];
	uint64_t at[16];
	size_t n;
};

static void
on_change(struct hc_runner *r, enum hc_change ch, void *arg)
{
	struct changes *cs = arg;

	(void)r;
	cs->ch[cs->n] = ch;
	cs->at[cs->n++] = fake_now;
}

START_TEST(test_runner_timeline)
{
	struct event_loop *loop = fake_loop();
	struct script sc = { .res = "offfoo", .took_us = 100 * MS };
	struct hc_timing t = { .delay_loop_us = 10 * S, .delay_before_retry_us = 2 * S,
			       .retry = 2, .connect_timeout_us = S };
	struct hc_check chk = { .loop = loop, .ops = &script_ops };
	struct changes cs = { .n = 0 };
	struct hc_runner r;
	uint64_t t0 = fake_now;

	cur = &sc;
	hc_runner_init(&r, &chk, &t, on_change, &cs);
	ck_assert_int_eq(hc_runner_start(&r, 1500 * MS), 0);	/* warmup draw */
	run_to(loop, t0 + 40 * S);
	ck_assert_uint_eq(sc.i, 6);
	/* first at warmup; ok -> +delay_loop; fail -> +dbr, fail -> +dbr,
	 * fail (retries used up) -> down, then delay_loop; ok -> up */
	ck_assert_uint_eq(sc.start_at[0] - t0, 1500 * MS);
	ck_assert_uint_eq(sc.start_at[1] - sc.start_at[0], 100 * MS + 10 * S);
	ck_assert_uint_eq(sc.start_at[2] - sc.start_at[1], 100 * MS + 2 * S);
	ck_assert_uint_eq(sc.start_at[3] - sc.start_at[2], 100 * MS + 2 * S);
	ck_assert_uint_eq(sc.start_at[4] - sc.start_at[3], 100 * MS + 10 * S);
	ck_assert_uint_eq(sc.start_at[5] - sc.start_at[4], 100 * MS + 10 * S);
	ck_assert_uint_eq(cs.n, 2);
	ck_assert_int_eq(cs.ch[0], HC_CHANGE_DOWN);
	ck_assert_uint_eq(cs.at[0], sc.start_at[3] + 100 * MS);
	ck_assert_int_eq(cs.ch[1], HC_CHANGE_UP);
	ck_assert_uint_eq(cs.at[1], sc.start_at[4] + 100 * MS);
	ck_assert_int_eq(r.last, HC_OK);
	ck_assert_str_eq(r.chk.detail, "scripted o");
	ck_assert_uint_eq(r.n_ok, 3);
	ck_assert_uint_eq(r.n_fail, 3);
	/* stop while an attempt is in flight: cancelled, never completes */
	sc.res = "ooooooo";
	sc.i = 0;
	run_to(loop, t0 + 46150 * MS);	/* 7th attempt at 46.1 s */
	ck_assert(r.in_flight);
	hc_runner_stop(&r);
	ck_assert_int_eq(sc.cancels, 1);
	run_to(loop, fake_now + 30 * S);
	ck_assert_uint_eq(sc.i, 1);
	event_loop_free(loop);
}
END_TEST

START_TEST(test_runner_alpha)
{
	struct event_loop *loop = fake_loop();
	struct script sc = { .res = "fo", .took_us = 0 };
	struct hc_timing t = { .delay_loop_us = 3 * S, .delay_before_retry_us = S,
			       .retry = 5, .alpha = true };
	struct hc_check chk = { .loop = loop, .ops = &script_ops };
	struct changes cs = { .n = 0 };
	struct hc_runner r;
	uint64_t t0 = fake_now;

	cur = &sc;
	hc_runner_init(&r, &chk, &t, on_change, &cs);
	ck_assert(!r.s.up);
	ck_assert_int_eq(hc_runner_start(&r, 0), 0);
	run_to(loop, t0 + 4 * S);
	/* down: a failure is not retried, next attempt after delay_loop */
	ck_assert_uint_eq(sc.i, 2);
	ck_assert_uint_eq(sc.start_at[1] - sc.start_at[0], 3 * S);
	ck_assert_uint_eq(cs.n, 1);
	ck_assert_int_eq(cs.ch[0], HC_CHANGE_UP);
	hc_runner_stop(&r);
	event_loop_free(loop);
}
END_TEST


/* ---- the engine: seeding, start states, the dump ---- */
START_TEST(test_engine_seed_and_dump)
{
	struct conf *c = load(
		"virtual_server 10.0.0.1 80 {\n alpha\n"
		" real_server 127.0.0.1 9 {\n  TCP_CHECK {\n  }\n  TCP_CHECK {\n   connect_port 10\n  }\n }\n"
		" real_server 127.0.0.2 9 {\n }\n"
		" real_server 127.0.0.3 9 {\n  TCP_CHECK {\n  }\n }\n}\n");
	struct event_loop *loop = fake_loop();
	struct health h;
	char buf[4096], small[500];
	size_t n;

	ck_assert_int_eq(health_build(&h, loop, c), 0);
	/* a real server without checkers has no entry: 2 real servers, 3 checkers */
	ck_assert_uint_eq(h.n_item, 3);
	ck_assert_uint_eq(h.n_rss, 2);
	ck_assert_uint_eq(h.rss[1].rs_idx, 2);
	ck_assert(!h.rss[0].up);	/* alpha */
	ck_assert_int_eq(health_seed(&h, 0, 0, true), 0);
	ck_assert(h.rss[0].up);
	ck_assert(h.item[0].r.s.up && h.item[1].r.s.up);
	ck_assert_int_eq(health_seed(&h, 0, 1, true), -ENOENT);
	ck_assert_int_eq(health_seed(&h, 5, 0, true), -ENOENT);
	ck_assert_int_eq(health_start(&h), 0);
	ck_assert_int_eq(health_seed(&h, 0, 2, true), -EALREADY);
	n = health_dump(&h, buf, sizeof(buf));
	ck_assert_uint_eq(n, strlen(buf));
	ck_assert_ptr_nonnull(strstr(buf, "{\"started\":true,\"checkers\":[{\"vs\":0,\"rs\":0,\"checker\":0,"));
	ck_assert_ptr_nonnull(strstr(buf, "\"vs\":0,\"rs\":0,\"checker\":1,\"type\":\"TCP_CHECK\",\"target\":\"127.0.0.1:10\",\"up\":true"));
	ck_assert_ptr_nonnull(strstr(buf, "\"rs\":2,\"checker\":0,\"type\":\"TCP_CHECK\",\"target\":\"127.0.0.3:9\",\"up\":false"));
	ck_assert_str_eq(buf + n - 20, "],\"truncated\":false}");
	/* too small for every entry: whole entries only, still closed */
	strcpy(h.item[0].r.chk.detail, "quote\" back\\ nl\n");
	n = health_dump(&h, small, sizeof(small));
	ck_assert_uint_eq(n, strlen(small));
	ck_assert_ptr_nonnull(strstr(small, "quote\\\" back\\\\ nl\\u000a"));
	ck_assert_ptr_null(strstr(small, "127.0.0.3"));
	ck_assert_str_eq(small + n - 19, "],\"truncated\":true}");
	health_free(&h);
	event_loop_free(loop);
	conf_free(c);
}
END_TEST

static Suite *
health_sched_suite(void)
{
	Suite *s = suite_create("health_sched");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_resolve_defaults);
	tcase_add_test(tc, test_resolve_cascade);
	tcase_add_test(tc, test_sched_retry_then_down);
	tcase_add_test(tc, test_sched_alpha_seed_warmup);
	tcase_add_test(tc, test_runner_timeline);
	tcase_add_test(tc, test_runner_alpha);
	tcase_add_test(tc, test_engine_seed_and_dump);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return ck_run(health_sched_suite());
}
