/* test_event.c: event loop timers (fake clock), fds, signals, children. */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "event.h"
#include "ck_run.h"

static uint64_t fake_now;

static uint64_t
fake_clock(void *arg)
{
	(void)arg;
	return fake_now;
}

/* Records the order in which callbacks fire. */
struct trace {
	char log[64];
	size_t n;
};

struct tobj {
	struct event_timer t;
	struct trace *tr;
	char tag;
};

static void
tobj_fire(struct event_timer *t, void *arg)
{
	struct tobj *o = arg;

	ck_assert_ptr_eq(t, &o->t);
	ck_assert(!event_timer_armed(t));	/* disarmed before the call */
	if (o->tr->n < sizeof(o->tr->log) - 1)
		o->tr->log[o->tr->n++] = o->tag;
}

static struct event_loop *
fake_loop(void)
{
	struct event_loop *loop;

	ck_assert_int_eq(event_loop_new(&loop), 0);
	fake_now = 1000000;
	event_loop_set_clock(loop, fake_clock, NULL);
	return loop;
}

START_TEST(test_timer_order)
{
	struct event_loop *loop = fake_loop();
	struct trace tr = { .n = 0 };
	struct tobj a = { .tr = &tr, .tag = 'a' }, b = { .tr = &tr, .tag = 'b' },
		    c = { .tr = &tr, .tag = 'c' }, d = { .tr = &tr, .tag = 'd' },
		    e = { .tr = &tr, .tag = 'e' };

	ck_assert_int_eq(event_timer_add_ms(loop, &c.t, 30, tobj_fire, &c), 0);
	ck_assert_int_eq(event_timer_add_ms(loop, &a.t, 10, tobj_fire, &a), 0);
	ck_assert_int_eq(event_timer_add_ms(loop, &d.t, 30, tobj_fire, &d), 0);
	ck_assert_int_eq(event_timer_add_us(loop, &b.t, 20000, tobj_fire, &b), 0);
	ck_assert_int_eq(event_timer_add_ms(loop, &e.t, 1000, tobj_fire, &e), 0);
	ck_assert_uint_eq(event_timer_remaining_us(&a.t), 10000);

	ck_assert_int_eq(event_run_once(loop, 0), 0);	/* nothing due */
	fake_now += 9999;
	ck_assert_int_eq(event_run_once(loop, 0), 0);
	fake_now += 1;
	ck_assert_int_eq(event_run_once(loop, 0), 1);
	ck_assert_str_eq(tr.log, "a");
	fake_now += 25000;	/* b, c, d due: c and d equal, arming order */
	ck_assert_int_eq(event_run_once(loop, 0), 3);
	ck_assert_str_eq(tr.log, "abcd");
	ck_assert(event_timer_armed(&e.t));
	fake_now += 10000000;
	ck_assert_int_eq(event_run_once(loop, 0), 1);
	ck_assert_str_eq(tr.log, "abcde");
	ck_assert_int_eq(event_run_once(loop, 0), 0);
	event_loop_free(loop);
}
END_TEST

START_TEST(test_timer_many_random)
{
	struct event_loop *loop = fake_loop();
	enum { N = 500 };
	struct tobj *o = calloc(N, sizeof(*o));
	struct trace tr = { .n = 0 };
	uint64_t last = 0, dl;
	unsigned seed = 12345;
	int i, fired = 0;

	for (i = 0; i < N; i++) {
		seed = seed * 1103515245u + 12345u;
		o[i].tr = &tr;
		ck_assert_int_eq(event_timer_add_us(loop, &o[i].t,
			(seed >> 8) % 100000, tobj_fire, &o[i]), 0);
	}
	for (i = 0; i < N; i += 3)	/* cancel a third */
		event_timer_cancel(&o[i].t);
	for (;;) {
		/* step to the next deadline and check monotonic firing */
		dl = UINT64_MAX;
		for (i = 0; i < N; i++)
			if (event_timer_armed(&o[i].t) && o[i].t.deadline < dl)
				dl = o[i].t.deadline;
		if (dl == UINT64_MAX)
			break;
		ck_assert(dl >= last);
		last = dl;
		fake_now = dl;
		fired += event_run_once(loop, 0);
	}
	ck_assert_int_eq(fired, N - (N + 2) / 3);
	free(o);
	event_loop_free(loop);
}
END_TEST

struct canceller {
	struct event_timer t;
	struct event_timer *victim;
	int fired;
};

static void
cancel_other(struct event_timer *t, void *arg)
{
	struct canceller *c = arg;

	(void)t;
	c->fired++;
	event_timer_cancel(c->victim);
	event_timer_cancel(c->victim);	/* twice: no-op */
}

START_TEST(test_timer_cancel)
{
	struct event_loop *loop = fake_loop();
	struct trace tr = { .n = 0 };
	struct tobj a = { .tr = &tr, .tag = 'a' }, b = { .tr = &tr, .tag = 'b' };
	struct event_timer never;	/* zeroed: unarmed */
	struct canceller c = { .victim = &b.t };

	memset(&never, 0, sizeof(never));
	event_timer_cancel(&never);		/* unarmed: no-op */
	ck_assert(!event_timer_armed(&never));
	ck_assert_uint_eq(event_timer_remaining_us(&never), 0);

	ck_assert_int_eq(event_timer_add_ms(loop, &a.t, 5, tobj_fire, &a), 0);
	event_timer_cancel(&a.t);
	event_timer_cancel(&a.t);		/* cancelled: no-op */
	ck_assert(!event_timer_armed(&a.t));

	/* c fires first and cancels b, due in the same pass */
	ck_assert_int_eq(event_timer_add_ms(loop, &c.t, 5, cancel_other, &c), 0);
	ck_assert_int_eq(event_timer_add_ms(loop, &b.t, 5, tobj_fire, &b), 0);
	fake_now += 10000;
	ck_assert_int_eq(event_run_once(loop, 0), 1);
	ck_assert_int_eq(c.fired, 1);
	ck_assert_str_eq(tr.log, "");

	/* re-arming moves the timer instead of adding a second one */
	ck_assert_int_eq(event_timer_add_ms(loop, &a.t, 5, tobj_fire, &a), 0);
	ck_assert_int_eq(event_timer_add_ms(loop, &a.t, 50, tobj_fire, &a), 0);
	fake_now += 10000;
	ck_assert_int_eq(event_run_once(loop, 0), 0);
	fake_now += 50000;
	ck_assert_int_eq(event_run_once(loop, 0), 1);
	ck_assert_int_eq(event_run_once(loop, 0), 0);
	ck_assert_str_eq(tr.log, "a");
	event_loop_free(loop);
}
END_TEST

struct rearm2 {
	struct event_loop *loop;
	struct event_timer t;
	int fired;
};

static void
rearm2_fire(struct event_timer *t, void *arg)
{
	struct rearm2 *r = arg;

	r->fired++;
	ck_assert_int_eq(event_timer_add_us(r->loop, t, 0, rearm2_fire, r), 0);
}

START_TEST(test_timer_zero_rearm_no_spin)
{
	struct event_loop *loop = fake_loop();
	struct rearm2 r = { .loop = loop };

	ck_assert_int_eq(event_timer_add_us(loop, &r.t, 0, rearm2_fire, &r), 0);
	ck_assert_int_eq(event_run_once(loop, 0), 1);	/* not forever */
	ck_assert_int_eq(r.fired, 1);
	ck_assert_int_eq(event_run_once(loop, 0), 1);
	ck_assert_int_eq(r.fired, 2);
	event_timer_cancel(&r.t);
	event_loop_free(loop);
}
END_TEST

static void
stop_timer(struct event_timer *t, void *arg)
{
	(void)t;
	event_stop(arg, 42);
}

START_TEST(test_real_clock_wait)
{
	struct event_loop *loop;
	struct event_timer t = { 0 };
	struct timespec a, b;
	long ms;

	ck_assert_int_eq(event_loop_new(&loop), 0);
	clock_gettime(CLOCK_MONOTONIC, &a);
	ck_assert_int_eq(event_timer_add_ms(loop, &t, 30, stop_timer, loop), 0);
	ck_assert_int_eq(event_run(loop), 42);
	clock_gettime(CLOCK_MONOTONIC, &b);
	ms = (b.tv_sec - a.tv_sec) * 1000 + (b.tv_nsec - a.tv_nsec) / 1000000;
	ck_assert_msg(ms >= 29 && ms < 2000, "waited %ld ms", ms);
	event_loop_free(loop);
}
END_TEST

struct pipe_obj {
	struct event_fd w;
	int fds[2];
	int reads;
	unsigned last;
	struct pipe_obj *other;	/* deleted from our callback */
};

static void
pipe_ready(struct event_fd *w, unsigned revents, void *arg)
{
	struct pipe_obj *p = arg;
	char c;

	ck_assert_ptr_eq(w, &p->w);
	p->reads++;
	p->last = revents;
	if (revents & EVENT_READ)
		(void)!read(p->fds[0], &c, 1);
	if (p->other != NULL)
		event_fd_del(&p->other->w);
}

START_TEST(test_fd_pipe)
{
	struct event_loop *loop;
	struct pipe_obj p = { .reads = 0 };

	ck_assert_int_eq(event_loop_new(&loop), 0);
	ck_assert_int_eq(pipe(p.fds), 0);
	ck_assert_int_eq(event_fd_add(loop, &p.w, p.fds[0], EVENT_READ,
				      pipe_ready, &p), 0);
	ck_assert_int_eq(event_fd_add(loop, &p.w, p.fds[0], EVENT_READ,
				      pipe_ready, &p), -EBUSY);
	ck_assert_int_eq(event_run_once(loop, 0), 0);
	ck_assert_int_eq(p.reads, 0);
	ck_assert_int_eq(write(p.fds[1], "x", 1), 1);
	ck_assert_int_eq(event_run_once(loop, 1000), 1);
	ck_assert_int_eq(p.reads, 1);
	ck_assert_uint_eq(p.last & EVENT_READ, EVENT_READ);
	ck_assert_int_eq(event_run_once(loop, 0), 0);	/* drained */

	/* paused watch: data pending but not reported */
	ck_assert_int_eq(event_fd_modify(&p.w, 0), 0);
	ck_assert_int_eq(write(p.fds[1], "y", 1), 1);
	ck_assert_int_eq(event_run_once(loop, 0), 0);
	ck_assert_int_eq(event_fd_modify(&p.w, EVENT_READ), 0);
	ck_assert_int_eq(event_run_once(loop, 0), 1);

	/* writer end: writable at once */
	{
		struct pipe_obj q = { .reads = 0 };

		q.fds[0] = p.fds[1];
		ck_assert_int_eq(event_fd_add(loop, &q.w, p.fds[1], EVENT_WRITE,
					      pipe_ready, &q), 0);
		ck_assert_int_eq(event_run_once(loop, 0), 1);
		ck_assert_uint_eq(q.last, EVENT_WRITE);
		event_fd_del(&q.w);
	}
	/* hang-up reported when the writer closes */
	close(p.fds[1]);
	ck_assert_int_eq(event_run_once(loop, 1000), 1);
	ck_assert(p.last & EVENT_HUP);
	event_fd_del(&p.w);
	event_fd_del(&p.w);	/* no-op */
	ck_assert(!event_fd_armed(&p.w));
	close(p.fds[0]);
	event_loop_free(loop);
}
END_TEST

START_TEST(test_fd_del_pending)
{
	struct event_loop *loop;
	struct pipe_obj a = { .reads = 0 }, b = { .reads = 0 };

	ck_assert_int_eq(event_loop_new(&loop), 0);
	ck_assert_int_eq(pipe(a.fds), 0);
	ck_assert_int_eq(pipe(b.fds), 0);
	a.other = &b;
	b.other = &a;
	ck_assert_int_eq(event_fd_add(loop, &a.w, a.fds[0], EVENT_READ,
				      pipe_ready, &a), 0);
	ck_assert_int_eq(event_fd_add(loop, &b.w, b.fds[0], EVENT_READ,
				      pipe_ready, &b), 0);
	ck_assert_int_eq(write(a.fds[1], "x", 1), 1);
	ck_assert_int_eq(write(b.fds[1], "x", 1), 1);
	/* both ready; whichever runs first deletes the other */
	ck_assert_int_eq(event_run_once(loop, 1000), 1);
	ck_assert_int_eq(a.reads + b.reads, 1);
	event_fd_del(&a.w);
	event_fd_del(&b.w);
	event_loop_free(loop);
}
END_TEST

static void
count_cb(struct event_fd *w, unsigned revents, void *arg)
{
	(void)w;
	(void)revents;
	(*(int *)arg)++;
}

/* EVENT_EDGE reports a new arrival once even if unread; modify with the
 * same events is a no-op; event_fd_forget() disarms without epoll_ctl. */
START_TEST(test_fd_edge_forget)
{
	struct event_loop *loop;
	struct event_fd w = { 0 };
	int fds[2], n = 0;

	ck_assert_int_eq(event_loop_new(&loop), 0);
	ck_assert_int_eq(pipe(fds), 0);
	ck_assert_int_eq(event_fd_add(loop, &w, fds[0], EVENT_READ | EVENT_EDGE,
				      count_cb, &n), 0);
	ck_assert_int_eq(write(fds[1], "x", 1), 1);
	ck_assert_int_eq(event_run_once(loop, 1000), 1);
	ck_assert_int_eq(event_run_once(loop, 0), 0);	/* unread, no new edge */
	ck_assert_int_eq(write(fds[1], "y", 1), 1);
	ck_assert_int_eq(event_run_once(loop, 1000), 1);
	ck_assert_int_eq(n, 2);
	ck_assert_int_eq(event_fd_modify(&w, EVENT_READ | EVENT_EDGE), 0);
	event_fd_forget(&w);
	ck_assert(!event_fd_armed(&w));
	event_fd_forget(&w);	/* no-op */
	close(fds[0]);		/* close() takes it out of the epoll set */
	ck_assert_int_eq(event_run_once(loop, 0), 0);
	close(fds[1]);
	event_loop_free(loop);
}
END_TEST

struct now_obj {
	struct event_timer t;
	struct event_loop *loop;
	uint64_t a, b;
};

static void
now_twice(struct event_timer *t, void *arg)
{
	struct now_obj *o = arg;
	struct timespec ts = { 0, 3000000 };

	(void)t;
	o->a = event_now_us(o->loop);
	nanosleep(&ts, NULL);
	o->b = event_now_us(o->loop);
}

/* event_loop_cache_now: one time per iteration inside callbacks only */
START_TEST(test_cache_now)
{
	struct now_obj o = { .a = 0 };
	struct timespec ts = { 0, 3000000 };
	uint64_t t0;
	int i;

	ck_assert_int_eq(event_loop_new(&o.loop), 0);
	for (i = 0; i < 2; i++) {
		event_loop_cache_now(o.loop, i == 0);
		ck_assert_int_eq(event_timer_add_us(o.loop, &o.t, 0, now_twice, &o), 0);
		ck_assert_int_eq(event_run_once(o.loop, 1000), 1);
		if (i == 0)
			ck_assert_uint_eq(o.a, o.b);		/* cached */
		else
			ck_assert_uint_ge(o.b, o.a + 3000);	/* read each time */
	}
	/* outside callbacks the clock is always read */
	event_loop_cache_now(o.loop, true);
	t0 = event_now_us(o.loop);
	nanosleep(&ts, NULL);
	ck_assert_uint_ge(event_now_us(o.loop), t0 + 3000);
	event_loop_free(o.loop);
}
END_TEST

struct sig_obj {
	struct event_signal s;
	int count;
	int signo;
};

static void
sig_seen(struct event_signal *s, int signo, void *arg)
{
	struct sig_obj *o = arg;

	ck_assert_ptr_eq(s, &o->s);
	o->count++;
	o->signo = signo;
}

START_TEST(test_signal)
{
	struct event_loop *loop;
	struct sig_obj u1 = { .count = 0 }, u2 = { .count = 0 }, dup = { .count = 0 };

	ck_assert_int_eq(event_loop_new(&loop), 0);
	ck_assert_int_eq(event_signal_add(loop, &u1.s, SIGUSR1, sig_seen, &u1), 0);
	ck_assert_int_eq(event_signal_add(loop, &u2.s, SIGUSR2, sig_seen, &u2), 0);
	ck_assert_int_eq(event_signal_add(loop, &dup.s, SIGUSR1, sig_seen, &dup), -EBUSY);
	ck_assert_int_eq(event_signal_add(loop, &dup.s, SIGKILL, sig_seen, &dup), -EINVAL);
	ck_assert_int_eq(event_signal_add(loop, &dup.s, 0, sig_seen, &dup), -EINVAL);
	ck_assert_int_eq(kill(getpid(), SIGUSR1), 0);	/* blocked: no death */
	ck_assert_int_eq(event_run_once(loop, 1000), 1);
	ck_assert_int_eq(u1.count, 1);
	ck_assert_int_eq(u1.signo, SIGUSR1);
	ck_assert_int_eq(u2.count, 0);
	ck_assert_int_eq(kill(getpid(), SIGUSR2), 0);
	ck_assert_int_eq(event_run_once(loop, 1000), 1);
	ck_assert_int_eq(u2.count, 1);
	event_signal_del(&u1.s);
	event_signal_del(&u1.s);	/* no-op */
	ck_assert_int_eq(kill(getpid(), SIGUSR1), 0);	/* still blocked */
	event_run_once(loop, 0);
	ck_assert_int_eq(u1.count, 1);
	event_signal_del(&u2.s);
	event_loop_free(loop);
}
END_TEST

struct child_obj {
	struct event_child c;
	pid_t pid;
	int status;
	int calls;
};

static void
child_gone(struct event_child *c, pid_t pid, int status, void *arg)
{
	struct child_obj *o = arg;

	ck_assert_ptr_eq(c, &o->c);
	ck_assert(!event_child_armed(c));
	o->pid = pid;
	o->status = status;
	o->calls++;
}

static pid_t
spawn_exit(int code, unsigned delay_ms)
{
	sigset_t all, old;
	pid_t pid;

	/* check's runner installs a SIGTERM handler that signals the whole
	 * process group: the child must restore the default before any
	 * SIGTERM can reach it, so fork with signals blocked. */
	sigfillset(&all);
	sigprocmask(SIG_SETMASK, &all, &old);
	pid = fork();
	if (pid == 0) {
		signal(SIGTERM, SIG_DFL);
		sigprocmask(SIG_SETMASK, &old, NULL);
		usleep(delay_ms * 1000);
		_exit(code);
	}
	sigprocmask(SIG_SETMASK, &old, NULL);
	ck_assert_int_ge(pid, 0);
	return pid;
}

START_TEST(test_child_exit)
{
	struct event_loop *loop;
	struct child_obj a = { .calls = 0 }, b = { .calls = 0 };
	pid_t pa, pb;
	int i;

	ck_assert_int_eq(event_loop_new(&loop), 0);
	pa = spawn_exit(7, 50);
	pb = spawn_exit(9, 0);
	usleep(100 * 1000);	/* b is surely gone before we watch it */
	ck_assert_int_eq(event_child_add(loop, &a.c, pa, child_gone, &a), 0);
	ck_assert_int_eq(event_child_add(loop, &b.c, pb, child_gone, &b), 0);
	ck_assert_int_eq(event_child_add(loop, &a.c, pa, child_gone, &a), -EBUSY);
	for (i = 0; i < 50 && (a.calls == 0 || b.calls == 0); i++)
		event_run_once(loop, 100);
	ck_assert_int_eq(a.calls, 1);
	ck_assert_int_eq(b.calls, 1);
	ck_assert_int_eq(a.pid, pa);
	ck_assert(WIFEXITED(a.status) && WEXITSTATUS(a.status) == 7);
	ck_assert(WIFEXITED(b.status) && WEXITSTATUS(b.status) == 9);
	event_loop_free(loop);
}
END_TEST

START_TEST(test_child_killed_and_del)
{
	struct event_loop *loop;
	struct child_obj a = { .calls = 0 }, b = { .calls = 0 };
	pid_t pa, pb;
	int i;

	ck_assert_int_eq(event_loop_new(&loop), 0);
	pa = spawn_exit(0, 10000);
	pb = spawn_exit(3, 0);
	ck_assert_int_eq(event_child_add(loop, &a.c, pa, child_gone, &a), 0);
	ck_assert_int_eq(event_child_add(loop, &b.c, pb, child_gone, &b), 0);
	event_child_del(&b.c);
	event_child_del(&b.c);	/* no-op */
	ck_assert_int_eq(kill(pa, SIGTERM), 0);
	for (i = 0; i < 50 && a.calls == 0; i++)
		event_run_once(loop, 100);
	ck_assert_int_eq(a.calls, 1);
	ck_assert(WIFSIGNALED(a.status) && WTERMSIG(a.status) == SIGTERM);
	ck_assert_int_eq(b.calls, 0);
	event_loop_free(loop);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("event");
	TCase *tt = tcase_create("timers"), *tio = tcase_create("io");

	tcase_add_test(tt, test_timer_order);
	tcase_add_test(tt, test_timer_many_random);
	tcase_add_test(tt, test_timer_cancel);
	tcase_add_test(tt, test_timer_zero_rearm_no_spin);
	tcase_add_test(tt, test_real_clock_wait);
	tcase_add_test(tio, test_fd_pipe);
	tcase_add_test(tio, test_fd_del_pending);
	tcase_add_test(tio, test_fd_edge_forget);
	tcase_add_test(tt, test_cache_now);
	tcase_add_test(tio, test_signal);
	tcase_add_test(tio, test_child_exit);
	tcase_add_test(tio, test_child_killed_and_del);
	suite_add_tcase(s, tt);
	suite_add_tcase(s, tio);
	return ck_run(s);
}
