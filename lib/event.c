/* event.c: epoll loop with a timer heap, signalfd and child reaping. */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "event.h"

#define EVENT_MAX_READY	64
#define EVENT_NSIG	65	/* Linux _NSIG: signals 1..64 */

struct event_loop {
	int epfd;
	int sigfd;			/* -1 until the first signal watch */
	struct event_fd sig_watch;	/* the signalfd's own fd watch */
	sigset_t sigmask;		/* signals routed to sigfd */
	struct event_signal *sig[EVENT_NSIG];
	struct event_child *children;
	bool reap_pending;		/* sweep waitpid() next iteration */

	struct event_timer **heap;
	size_t heap_len, heap_cap;
	uint64_t timer_seq;

	event_clock_fn *clock;
	void *clock_arg;
	bool cache_on;			/* event_loop_cache_now() */
	bool now_valid;			/* now holds this iteration's time */
	uint64_t now;

	/* Readiness being dispatched, so that event_fd_del() can void it. */
	struct epoll_event *ready;
	int nready;

	bool stop;
	int stop_code;
};

static uint64_t
event_clock_monotonic(void *arg)
{
	struct timespec ts;

	(void)arg;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

int
event_loop_new(struct event_loop **ret)
{
	struct event_loop *loop = calloc(1, sizeof(*loop));

	if (loop == NULL)
		return -ENOMEM;
	loop->epfd = epoll_create1(EPOLL_CLOEXEC);
	if (loop->epfd < 0) {
		int err = errno;

		free(loop);
		return -err;
	}
	loop->sigfd = -1;
	sigemptyset(&loop->sigmask);
	loop->clock = event_clock_monotonic;
	*ret = loop;
	return 0;
}

void
event_loop_free(struct event_loop *loop)
{
	if (loop == NULL)
		return;
	if (loop->sigfd >= 0)
		close(loop->sigfd);
	close(loop->epfd);
	free(loop->heap);
	free(loop);
}

void
event_loop_set_clock(struct event_loop *loop, event_clock_fn *fn, void *arg)
{
	loop->clock = fn ? fn : event_clock_monotonic;
	loop->clock_arg = fn ? arg : NULL;
}

uint64_t
event_now_us(struct event_loop *loop)
{
	if (loop->now_valid)
		return loop->now;
	return loop->clock(loop->clock_arg);
}

void
event_loop_cache_now(struct event_loop *loop, bool on)
{
	loop->cache_on = on;
}

/* ---- fd watches ---- */

static uint32_t
event_to_epoll(unsigned events)
{
	return (events & EVENT_READ ? EPOLLIN : 0) |
	       (events & EVENT_WRITE ? EPOLLOUT : 0) |
	       (events & EVENT_EDGE ? EPOLLET : 0);
}

int
event_fd_add(struct event_loop *loop, struct event_fd *w, int fd,
	     unsigned events, event_fd_cb *cb, void *arg)
{
	struct epoll_event ev = { .events = event_to_epoll(events) };

	if (w->loop != NULL)
		return -EBUSY;
	ev.data.ptr = w;
	if (epoll_ctl(loop->epfd, EPOLL_CTL_ADD, fd, &ev) < 0)
		return -errno;
	w->loop = loop;
	w->fd = fd;
	w->events = events;
	w->cb = cb;
	w->arg = arg;
	return 0;
}

int
event_fd_modify(struct event_fd *w, unsigned events)
{
	struct epoll_event ev = { .events = event_to_epoll(events) };

	if (w->loop == NULL)
		return -EINVAL;
	if (events == w->events)
		return 0;
	ev.data.ptr = w;
	if (epoll_ctl(w->loop->epfd, EPOLL_CTL_MOD, w->fd, &ev) < 0)
		return -errno;
	w->events = events;
	return 0;
}

void
event_fd_forget(struct event_fd *w)
{
	struct event_loop *loop = w->loop;
	int i;

	if (loop == NULL)
		return;
	for (i = 0; i < loop->nready; i++)
		if (loop->ready[i].data.ptr == w)
			loop->ready[i].data.ptr = NULL;
	w->loop = NULL;
}

void
event_fd_del(struct event_fd *w)
{
	if (w->loop == NULL)
		return;
	epoll_ctl(w->loop->epfd, EPOLL_CTL_DEL, w->fd, NULL);
	event_fd_forget(w);
}

bool
event_fd_armed(const struct event_fd *w)
{
	return w->loop != NULL;
}

/* ---- timers: binary min-heap on (deadline, seq) ---- */

static bool
timer_before(const struct event_timer *a, const struct event_timer *b)
{
	if (a->deadline != b->deadline)
		return a->deadline < b->deadline;
	return a->seq < b->seq;
}

static void
heap_set(struct event_loop *loop, size_t i, struct event_timer *t)
{
	loop->heap[i] = t;
	t->heap_idx = i;
}

static void
heap_up(struct event_loop *loop, size_t i)
{
	struct event_timer *t = loop->heap[i];

	while (i > 0 && timer_before(t, loop->heap[(i - 1) / 2])) {
		heap_set(loop, i, loop->heap[(i - 1) / 2]);
		i = (i - 1) / 2;
	}
	heap_set(loop, i, t);
}

static void
heap_down(struct event_loop *loop, size_t i)
{
	struct event_timer *t = loop->heap[i];
	size_t c;

	for (;;) {
		c = 2 * i + 1;
		if (c >= loop->heap_len)
			break;
		if (c + 1 < loop->heap_len &&
		    timer_before(loop->heap[c + 1], loop->heap[c]))
			c++;
		if (!timer_before(loop->heap[c], t))
			break;
		heap_set(loop, i, loop->heap[c]);
		i = c;
	}
	heap_set(loop, i, t);
}

static void
heap_remove(struct event_loop *loop, struct event_timer *t)
{
	size_t i = t->heap_idx;
	struct event_timer *last = loop->heap[--loop->heap_len];

	if (last != t) {
		heap_set(loop, i, last);
		if (i > 0 && timer_before(last, loop->heap[(i - 1) / 2]))
			heap_up(loop, i);
		else
			heap_down(loop, i);
	}
	t->loop = NULL;
}

static int
heap_reserve(struct event_loop *loop)
{
	struct event_timer **h;
	size_t cap;

	if (loop->heap_len < loop->heap_cap)
		return 0;
	cap = loop->heap_cap ? loop->heap_cap * 2 : 16;
	h = realloc(loop->heap, cap * sizeof(*h));
	if (h == NULL)
		return -ENOMEM;
	loop->heap = h;
	loop->heap_cap = cap;
	return 0;
}

int
event_timer_add_us(struct event_loop *loop, struct event_timer *t,
		   uint64_t delay_us, event_timer_cb *cb, void *arg)
{
	uint64_t now = event_now_us(loop);

	if (t->loop != NULL)
		heap_remove(t->loop, t);
	if (heap_reserve(loop) < 0)
		return -ENOMEM;
	t->deadline = delay_us > UINT64_MAX - now ? UINT64_MAX : now + delay_us;
	t->seq = ++loop->timer_seq;
	t->cb = cb;
	t->arg = arg;
	t->loop = loop;
	heap_set(loop, loop->heap_len++, t);
	heap_up(loop, t->heap_idx);
	return 0;
}

int
event_timer_add_ms(struct event_loop *loop, struct event_timer *t,
		   uint64_t delay_ms, event_timer_cb *cb, void *arg)
{
	uint64_t us = delay_ms > UINT64_MAX / 1000 ? UINT64_MAX : delay_ms * 1000;

	return event_timer_add_us(loop, t, us, cb, arg);
}

void
event_timer_cancel(struct event_timer *t)
{
	if (t->loop != NULL)
		heap_remove(t->loop, t);
}

bool
event_timer_armed(const struct event_timer *t)
{
	return t->loop != NULL;
}

uint64_t
event_timer_remaining_us(const struct event_timer *t)
{
	uint64_t now;

	if (t->loop == NULL)
		return 0;
	now = event_now_us(t->loop);
	return t->deadline > now ? t->deadline - now : 0;
}

/* Fire every timer due now that was armed before this pass began. */
static int
timers_run(struct event_loop *loop)
{
	uint64_t now = event_now_us(loop), seq_limit = loop->timer_seq;
	struct event_timer *t;
	int n = 0;

	while (loop->heap_len > 0 && !loop->stop) {
		t = loop->heap[0];
		if (t->deadline > now || t->seq > seq_limit)
			break;
		heap_remove(loop, t);
		t->cb(t, t->arg);
		n++;
	}
	return n;
}

/* epoll_wait timeout in ms: until the first deadline, capped by @max. */
static int
timers_timeout_ms(struct event_loop *loop, int max)
{
	uint64_t now, wait_ms;

	if (loop->heap_len == 0)
		return max;
	now = event_now_us(loop);
	if (loop->heap[0]->deadline <= now)
		return 0;
	wait_ms = (loop->heap[0]->deadline - now + 999) / 1000;
	if (wait_ms > INT32_MAX)
		wait_ms = INT32_MAX;
	if (max >= 0 && (uint64_t)max < wait_ms)
		return max;
	return (int)wait_ms;
}

/* ---- signals and children ---- */

static void signals_read(struct event_fd *w, unsigned revents, void *arg);

/* Route @signo to the loop's signalfd (blocking it), creating the fd. */
static int
signals_route(struct event_loop *loop, int signo)
{
	sigset_t one, mask = loop->sigmask;
	int fd, r;

	if (sigismember(&loop->sigmask, signo) == 1)
		return 0;
	sigaddset(&mask, signo);
	sigemptyset(&one);
	sigaddset(&one, signo);
	if (sigprocmask(SIG_BLOCK, &one, NULL) < 0)
		return -errno;
	fd = signalfd(loop->sigfd, &mask, SFD_NONBLOCK | SFD_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (loop->sigfd < 0) {
		r = event_fd_add(loop, &loop->sig_watch, fd, EVENT_READ,
				 signals_read, loop);
		if (r < 0) {
			close(fd);
			return r;
		}
		loop->sigfd = fd;
	}
	loop->sigmask = mask;
	return 0;
}

int
event_signal_add(struct event_loop *loop, struct event_signal *s, int signo,
		 event_signal_cb *cb, void *arg)
{
	int r;

	if (signo <= 0 || signo >= EVENT_NSIG || signo == SIGKILL ||
	    signo == SIGSTOP)
		return -EINVAL;
	if (s->loop != NULL || loop->sig[signo] != NULL)
		return -EBUSY;
	r = signals_route(loop, signo);
	if (r < 0)
		return r;
	s->loop = loop;
	s->signo = signo;
	s->cb = cb;
	s->arg = arg;
	loop->sig[signo] = s;
	return 0;
}

void
event_signal_del(struct event_signal *s)
{
	if (s->loop == NULL)
		return;
	s->loop->sig[s->signo] = NULL;
	s->loop = NULL;
}

int
event_child_add(struct event_loop *loop, struct event_child *c, pid_t pid,
		event_child_cb *cb, void *arg)
{
	struct event_child *it;
	int r;

	if (c->loop != NULL || pid <= 0)
		return c->loop != NULL ? -EBUSY : -EINVAL;
	for (it = loop->children; it != NULL; it = it->next)
		if (it->pid == pid)
			return -EBUSY;
	r = signals_route(loop, SIGCHLD);
	if (r < 0)
		return r;
	c->loop = loop;
	c->pid = pid;
	c->cb = cb;
	c->arg = arg;
	c->next = loop->children;
	loop->children = c;
	/* The child may have exited before SIGCHLD was blocked. */
	loop->reap_pending = true;
	return 0;
}

void
event_child_del(struct event_child *c)
{
	struct event_child **pp;

	if (c->loop == NULL)
		return;
	for (pp = &c->loop->children; *pp != NULL; pp = &(*pp)->next) {
		if (*pp == c) {
			*pp = c->next;
			break;
		}
	}
	c->loop = NULL;
	c->next = NULL;
}

bool
event_child_armed(const struct event_child *c)
{
	return c->loop != NULL;
}

/* Reap every exited child; call the watch of those we know. */
static int
children_reap(struct event_loop *loop)
{
	struct event_child *c;
	int status, n = 0;
	pid_t pid;

	loop->reap_pending = false;
	while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
		for (c = loop->children; c != NULL; c = c->next)
			if (c->pid == pid)
				break;
		if (c == NULL)
			continue;
		event_child_del(c);
		c->cb(c, pid, status, c->arg);
		n++;
	}
	return n;
}

static void
signals_read(struct event_fd *w, unsigned revents, void *arg)
{
	struct event_loop *loop = arg;
	struct signalfd_siginfo si;
	struct event_signal *s;
	int signo;

	(void)w;
	(void)revents;
	while (read(loop->sigfd, &si, sizeof(si)) == (ssize_t)sizeof(si)) {
		signo = (int)si.ssi_signo;
		if (signo <= 0 || signo >= EVENT_NSIG)
			continue;
		if (signo == SIGCHLD)
			loop->reap_pending = true;
		s = loop->sig[signo];
		if (s != NULL)
			s->cb(s, signo, s->arg);
		if (loop->stop)
			break;
	}
}

/* ---- running ---- */

static int
fds_dispatch(struct event_loop *loop, struct epoll_event *evs, int n)
{
	struct event_fd *w;
	unsigned rev;
	int i, ran = 0;

	loop->ready = evs;
	loop->nready = n;
	for (i = 0; i < n && !loop->stop; i++) {
		w = evs[i].data.ptr;
		if (w == NULL)
			continue;
		rev = (evs[i].events & EPOLLIN ? EVENT_READ : 0) |
		      (evs[i].events & EPOLLOUT ? EVENT_WRITE : 0) |
		      (evs[i].events & EPOLLHUP ? EVENT_HUP : 0) |
		      (evs[i].events & EPOLLERR ? EVENT_ERR : 0);
		w->cb(w, rev, w->arg);
		ran++;
	}
	loop->ready = NULL;
	loop->nready = 0;
	return ran;
}

int
event_run_once(struct event_loop *loop, int max_wait_ms)
{
	struct epoll_event evs[EVENT_MAX_READY];
	int n, ran, timeout;

	loop->stop = false;
	timeout = loop->reap_pending ? 0 : timers_timeout_ms(loop, max_wait_ms);
	n = epoll_wait(loop->epfd, evs, EVENT_MAX_READY, timeout);
	if (n < 0)
		return errno == EINTR ? 0 : -errno;
	if (loop->cache_on && loop->clock == event_clock_monotonic) {
		loop->now = loop->clock(loop->clock_arg);
		loop->now_valid = true;
	}
	ran = fds_dispatch(loop, evs, n);
	if (loop->reap_pending && !loop->stop)
		ran += children_reap(loop);
	if (!loop->stop)
		ran += timers_run(loop);
	loop->now_valid = false;
	return ran;
}

int
event_run(struct event_loop *loop)
{
	int r;

	do {
		r = event_run_once(loop, -1);
		if (r < 0)
			return r;
	} while (!loop->stop);
	return loop->stop_code;
}

void
event_stop(struct event_loop *loop, int code)
{
	loop->stop = true;
	loop->stop_code = code;
}
