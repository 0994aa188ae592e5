/* event.h: the epoll event loop of every ipvsd process.
 *
 * One struct event_loop per process, created by the process entry and passed
 * down explicitly (no global loop).  Watches are handles owned and stored by
 * the object they serve (STYLE.md section 8): a zero-initialised handle is
 * "not armed", and deleting or cancelling a handle that is not armed is a
 * no-op, so `event_timer_cancel(&obj->t_adver)` is always safe.  A handle
 * must stay at the same address while armed and must be cancelled before
 * its memory is freed.
 *
 * Time is a monotonic microsecond count read through an injectable clock
 * (CLOCK_MONOTONIC by default) so that tests can drive timers by hand.
 * Signals arrive through a signalfd (the loop blocks them in the process
 * mask); child exits are delivered per pid after the loop reaps them with
 * waitpid().  Nothing here logs; errors are returned as -errno.
 *
 * After fork(), the child must not use the parent's loop: call
 * event_loop_free() on it (it closes the descriptors without touching the
 * epoll interest list the parent shares) and create a new one.
 */
#ifndef IPVSD_EVENT_H
#define IPVSD_EVENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct event_loop;

/* Readiness bits for fd watches (requested and reported). */
#define EVENT_READ	0x1u
#define EVENT_WRITE	0x2u
/* Reported only: peer hung up / error condition on the fd. */
#define EVENT_HUP	0x4u
#define EVENT_ERR	0x8u
/* Requested only: edge-triggered (EPOLLET).  The callback must then do I/O
 * until EAGAIN; one registration for READ|WRITE|EVENT_EDGE serves a whole
 * request/response exchange without event_fd_modify() calls. */
#define EVENT_EDGE	0x10u

struct event_fd;
struct event_timer;
struct event_signal;
struct event_child;

typedef void event_fd_cb(struct event_fd *w, unsigned revents, void *arg);
typedef void event_timer_cb(struct event_timer *t, void *arg);
typedef void event_signal_cb(struct event_signal *s, int signo, void *arg);
/* @status as returned by waitpid() (use WIFEXITED etc.). */
typedef void event_child_cb(struct event_child *c, pid_t pid, int status,
			    void *arg);
/* Clock: monotonic microseconds. */
typedef uint64_t event_clock_fn(void *arg);

/* Handles: the fields are private to event.c. */
struct event_fd {
	struct event_loop *loop;
	int fd;
	unsigned events;
	event_fd_cb *cb;
	void *arg;
};

struct event_timer {
	struct event_loop *loop;	/* non-NULL while armed */
	uint64_t deadline;
	uint64_t seq;
	size_t heap_idx;
	event_timer_cb *cb;
	void *arg;
};

struct event_signal {
	struct event_loop *loop;
	int signo;
	event_signal_cb *cb;
	void *arg;
};

struct event_child {
	struct event_loop *loop;
	pid_t pid;
	event_child_cb *cb;
	void *arg;
	struct event_child *next;
};

/* event_loop_new: 0 and *ret, or -errno (epoll_create1/malloc failure). */
int event_loop_new(struct event_loop **ret);
/* event_loop_free: close the loop's descriptors and free it.  Does not
 * unblock signals (the caller owns the process signal mask) and does not
 * touch the epoll interest list (safe in a forked child).  Handles still
 * armed must not be used afterwards.  NULL is a no-op. */
void event_loop_free(struct event_loop *loop);

/* event_loop_set_clock: replace the clock (tests); NULL restores
 * CLOCK_MONOTONIC.  Armed timers keep their absolute deadlines. */
void event_loop_set_clock(struct event_loop *loop, event_clock_fn *fn,
			  void *arg);
/* event_now_us: the loop's current time. */
uint64_t event_now_us(struct event_loop *loop);
/* event_loop_cache_now: with @on, event_now_us() called from a callback
 * returns the time read once when the loop woke up (one clock read per
 * iteration instead of one per timer armed: each clock_gettime() is a real
 * system call in some guests).  Timers armed from a callback then count
 * from the wake-up time.  Only for the default clock; off by default. */
void event_loop_cache_now(struct event_loop *loop, bool on);

/* event_fd_add: watch @fd for @events (EVENT_READ|EVENT_WRITE).
 * -EBUSY if @w is already armed, -errno from epoll_ctl. */
int event_fd_add(struct event_loop *loop, struct event_fd *w, int fd,
		 unsigned events, event_fd_cb *cb, void *arg);
/* event_fd_modify: change the watched events.  With 0 the watch is paused,
 * but the kernel still reports EVENT_HUP/EVENT_ERR.  No system call when
 * @events are those already watched. */
int event_fd_modify(struct event_fd *w, unsigned events);
/* event_fd_del: stop watching; no-op if not armed.  Does not close the fd:
 * call it before closing (epoll keeps reporting a closed fd whose file is
 * still open elsewhere, e.g. in a forked child).
 * Safe from inside any callback, including for a watch whose readiness is
 * pending in the current iteration (it will not be called). */
void event_fd_del(struct event_fd *w);
bool event_fd_armed(const struct event_fd *w);
/* event_fd_forget: like event_fd_del() but without the epoll_ctl() call,
 * for a caller that closes the fd right after and never shared it (no
 * dup(), no fork() since it was opened): closing removes it from epoll. */
void event_fd_forget(struct event_fd *w);

/* event_timer_add_us: (re)arm @t to fire once, @delay_us from now.  An armed
 * timer is moved.  Timers with equal deadlines fire in arming order.  A
 * timer armed from a callback fires at the earliest in the next iteration.
 * Returns 0 or -ENOMEM. */
int event_timer_add_us(struct event_loop *loop, struct event_timer *t,
		       uint64_t delay_us, event_timer_cb *cb, void *arg);
int event_timer_add_ms(struct event_loop *loop, struct event_timer *t,
		       uint64_t delay_ms, event_timer_cb *cb, void *arg);
/* event_timer_cancel: disarm; no-op if not armed. */
void event_timer_cancel(struct event_timer *t);
bool event_timer_armed(const struct event_timer *t);
/* event_timer_remaining_us: time until it fires (0 if due or unarmed). */
uint64_t event_timer_remaining_us(const struct event_timer *t);

/* event_signal_add: deliver @signo through the loop.  Blocks the signal in
 * the process mask.  -EBUSY if the signal already has a handler or @s is
 * armed, -EINVAL for SIGKILL/SIGSTOP/out of range.  SIGCHLD may be watched
 * too; child watches still work. */
int event_signal_add(struct event_loop *loop, struct event_signal *s,
		     int signo, event_signal_cb *cb, void *arg);
/* event_signal_del: no-op if not armed.  Leaves the signal blocked. */
void event_signal_del(struct event_signal *s);

/* event_child_add: call @cb once when @pid exits (after the loop has reaped
 * it).  Once any child is watched, the loop reaps every child of the
 * process (waitpid(-1)), so code that forks must watch its children here
 * rather than wait for them itself; exits of unwatched children are
 * dropped.  Blocks SIGCHLD.  Register before the loop runs again after fork():
 * an exit is never missed then, even if the child is already gone.
 * -EBUSY if @s is armed or @pid is already watched. */
int event_child_add(struct event_loop *loop, struct event_child *c, pid_t pid,
		    event_child_cb *cb, void *arg);
/* event_child_del: no-op if not armed (the child is then not reaped for
 * this watch; the loop still reaps it and drops its status). */
void event_child_del(struct event_child *c);
bool event_child_armed(const struct event_child *c);

/* event_run_once: wait at most @max_wait_ms (-1: until something happens,
 * 0: poll), then dispatch ready fds, signals, child exits and due timers.
 * Returns the number of callbacks run, or -errno from epoll_wait (EINTR is
 * reported as 0). */
int event_run_once(struct event_loop *loop, int max_wait_ms);
/* event_run: iterate until event_stop(); returns the code given to it. */
int event_run(struct event_loop *loop);
/* event_stop: make event_run() return @code after the current callback. */
void event_stop(struct event_loop *loop, int code);

#endif
