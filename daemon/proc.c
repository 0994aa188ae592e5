/* proc.c: the parent's view of its children: fork, channel, respawn with
 * backoff, ordered shutdown. */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "event.h"
#include "ipc.h"
#include "log.h"
#include "proc.h"

struct proc_child {
	struct proc_mgr *m;
	struct proc_child *next;
	struct proc_conf conf;
	char procname[32];		/* "ipvsd-<name>" for logs */
	pid_t pid;			/* 0 while down */
	struct ipc_chan *chan;
	struct event_child w_exit;
	struct event_timer t_restart;
	struct event_timer t_kill;
	struct event_timer t_chan_lost;	/* channel gone, child still up */
	uint64_t started_us;
	unsigned backoff_ms;
	unsigned restarts;
};

struct proc_mgr {
	struct event_loop *loop;
	const struct proc_ops *ops;
	void *arg;
	struct proc_backoff backoff;
	struct proc_child *children;	/* in spawn order */
	bool shutting_down;
	unsigned stop_timeout_ms;
	struct proc_child *stopping;
	void (*done)(void *arg);
	void *done_arg;
};

int
proc_mgr_new(struct event_loop *loop, const struct proc_ops *ops, void *arg,
	     const struct proc_backoff *backoff, struct proc_mgr **ret)
{
	struct proc_mgr *m = calloc(1, sizeof(*m));

	if (m == NULL)
		return -ENOMEM;
	m->loop = loop;
	m->ops = ops;
	m->arg = arg;
	m->backoff.min_ms = backoff && backoff->min_ms ? backoff->min_ms : 100;
	m->backoff.max_ms = backoff && backoff->max_ms ? backoff->max_ms : 30000;
	m->backoff.stable_ms = backoff && backoff->stable_ms ?
			       backoff->stable_ms : 60000;
	*ret = m;
	return 0;
}

void
proc_mgr_free(struct proc_mgr *m)
{
	struct proc_child *c, *next;

	if (m == NULL)
		return;
	for (c = m->children; c != NULL; c = next) {
		next = c->next;
		event_child_del(&c->w_exit);
		event_timer_cancel(&c->t_restart);
		event_timer_cancel(&c->t_kill);
		event_timer_cancel(&c->t_chan_lost);
		ipc_chan_free(c->chan);
		free(c);
	}
	free(m);
}

/* ---- channel ---- */

static void
chan_msg(struct ipc_chan *ch, struct ipc_msg *msg, void *arg)
{
	struct proc_child *c = arg;

	(void)ch;
	if (c->m->ops && c->m->ops->on_msg)
		c->m->ops->on_msg(c, msg, c->m->arg);
}

static void
chan_lost(struct event_timer *t, void *arg)
{
	struct proc_child *c = arg;

	(void)t;
	if (c->pid == 0)
		return;
	/* a child we cannot talk to is no use: have it restarted */
	log_warnx("%s: pid %d lost its channel, stopping it", c->procname,
		  (int)c->pid);
	kill(c->pid, SIGTERM);
}

static void
chan_close(struct ipc_chan *ch, int err, void *arg)
{
	struct proc_child *c = arg;

	ipc_chan_free(ch);
	c->chan = NULL;
	if (c->pid == 0)
		return;
	if (err != -EPIPE)
		log_warnx("%s: bad message from pid %d: %s", c->procname,
			  (int)c->pid, strerror(-err));
	/* EOF usually means the child is exiting: give it time to be reaped
	 * before deciding it is alive but deaf. */
	event_timer_add_ms(c->m->loop, &c->t_chan_lost, err == -EPIPE ? 1000 : 0,
			   chan_lost, c);
}

static const struct ipc_ops chan_ops = { chan_msg, chan_close };

/* Deliver what the child sent before dying, then drop the channel. */
static void
chan_drain(struct proc_child *c)
{
	struct ipc_msg msg;

	while (c->chan != NULL && ipc_recv(c->chan, &msg) == 0) {
		chan_msg(c->chan, &msg, c);
		ipc_msg_done(&msg);
	}
	ipc_chan_free(c->chan);
	c->chan = NULL;
}

/* ---- fork ---- */

static void child_exited(struct event_child *w, pid_t pid, int status,
			 void *arg);

static void __attribute__((noreturn))
child_run(struct proc_child *c, pid_t parent, int fd)
{
	int r;

	log_set_procname(c->procname);
	r = proc_setup_child(&c->conf, parent, fd);
	if (r < 0)
		_exit(PROC_EXIT_SETUP);
	_exit(c->conf.main(fd, c->conf.arg));
}

static int
child_fork(struct proc_child *c)
{
	pid_t parent = getpid(), pid;
	sigset_t all, old;
	int sv[2], r;

	r = ipc_socketpair(sv);
	if (r < 0)
		return r;
	/* No signal may run an inherited handler in the child before it has
	 * reset them: fork with everything blocked. */
	sigfillset(&all);
	sigprocmask(SIG_SETMASK, &all, &old);
	pid = fork();
	if (pid != 0)
		sigprocmask(SIG_SETMASK, &old, NULL);
	if (pid < 0) {
		r = -errno;
		close(sv[0]);
		close(sv[1]);
		return r;
	}
	if (pid == 0)
		child_run(c, parent, sv[1]);
	close(sv[1]);
	c->pid = pid;
	c->started_us = event_now_us(c->m->loop);
	r = event_child_add(c->m->loop, &c->w_exit, pid, child_exited, c);
	if (r == 0)
		r = ipc_chan_new(c->m->loop, sv[0], &chan_ops, c, &c->chan);
	else
		close(sv[0]);
	if (r < 0) {	/* cannot track it: do not leave it running */
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
		event_child_del(&c->w_exit);
		c->pid = 0;
		return r;
	}
	log_info("%s: started, pid %d", c->procname, (int)pid);
	if (c->m->ops && c->m->ops->on_start)
		c->m->ops->on_start(c, c->m->arg);
	return 0;
}

static void
child_restart(struct event_timer *t, void *arg)
{
	struct proc_child *c = arg;
	int r;

	(void)t;
	c->restarts++;
	r = child_fork(c);
	if (r < 0) {
		errno = -r;
		log_warn("%s: restart failed, retrying in %u ms", c->procname,
			 c->backoff_ms);
		event_timer_add_ms(c->m->loop, &c->t_restart, c->backoff_ms,
				   child_restart, c);
	}
}

int
proc_spawn(struct proc_mgr *m, const struct proc_conf *conf,
	   struct proc_child **ret)
{
	struct proc_child *c = calloc(1, sizeof(*c)), **pp;
	int r;

	if (c == NULL)
		return -ENOMEM;
	c->m = m;
	c->conf = *conf;
	snprintf(c->procname, sizeof(c->procname), "ipvsd-%s", conf->name);
	c->conf.name = c->procname + 6;
	c->backoff_ms = m->backoff.min_ms;
	r = child_fork(c);
	if (r < 0) {
		free(c);
		return r;
	}
	for (pp = &m->children; *pp != NULL; pp = &(*pp)->next)
		;
	*pp = c;
	*ret = c;
	return 0;
}

/* ---- exit, respawn, shutdown ---- */

static void stop_next(struct proc_mgr *m);

static void
log_exit(const struct proc_child *c, pid_t pid, int status, const char *then)
{
	if (WIFEXITED(status) && WEXITSTATUS(status) == PROC_EXIT_SETUP)
		log_warnx("%s: pid %d failed to set up (privileges, fds)%s",
			  c->procname, (int)pid, then);
	else if (WIFEXITED(status))
		log_warnx("%s: pid %d exited with status %d%s", c->procname,
			  (int)pid, WEXITSTATUS(status), then);
	else if (WIFSIGNALED(status))
		log_warnx("%s: pid %d killed by signal %d (%s)%s%s", c->procname,
			  (int)pid, WTERMSIG(status), strsignal(WTERMSIG(status)),
			  WCOREDUMP(status) ? ", core dumped" : "", then);
	else
		log_warnx("%s: pid %d gone, status 0x%x%s", c->procname,
			  (int)pid, (unsigned)status, then);
}

/* Arm the restart timer; returns the delay chosen. */
static unsigned
schedule_restart(struct proc_child *c)
{
	struct proc_mgr *m = c->m;
	uint64_t up_ms = (event_now_us(m->loop) - c->started_us) / 1000;
	unsigned delay;

	if (up_ms >= m->backoff.stable_ms)
		c->backoff_ms = m->backoff.min_ms;
	delay = c->backoff_ms;
	c->backoff_ms = c->backoff_ms > m->backoff.max_ms / 2 ?
			m->backoff.max_ms : c->backoff_ms * 2;
	event_timer_add_ms(m->loop, &c->t_restart, delay, child_restart, c);
	return delay;
}

static void
child_exited(struct event_child *w, pid_t pid, int status, void *arg)
{
	struct proc_child *c = arg;
	struct proc_mgr *m = c->m;
	char then[64];

	(void)w;
	c->pid = 0;
	chan_drain(c);
	event_timer_cancel(&c->t_kill);
	event_timer_cancel(&c->t_chan_lost);
	if (m->shutting_down) {
		if ((WIFSIGNALED(status) && WTERMSIG(status) == SIGTERM) ||
		    (WIFEXITED(status) && WEXITSTATUS(status) == 0))
			log_info("%s: pid %d stopped", c->procname, (int)pid);
		else
			log_exit(c, pid, status, "");
	} else {
		snprintf(then, sizeof(then), "; restarting in %u ms",
			 schedule_restart(c));
		log_exit(c, pid, status, then);
	}
	if (m->ops && m->ops->on_exit)
		m->ops->on_exit(c, status, m->arg);
	if (m->shutting_down && m->stopping == c)
		stop_next(m);
}

static void
stop_kill(struct event_timer *t, void *arg)
{
	struct proc_child *c = arg;

	(void)t;
	if (c->pid == 0)
		return;
	log_warnx("%s: pid %d did not stop in time, killing it", c->procname,
		  (int)c->pid);
	kill(c->pid, SIGKILL);
}

static void
stop_next(struct proc_mgr *m)
{
	struct proc_child *c, *best = NULL;
	void (*done)(void *);

	for (c = m->children; c != NULL; c = c->next)
		if (c->pid != 0 && (best == NULL ||
				    c->conf.stop_order < best->conf.stop_order))
			best = c;
	m->stopping = best;
	if (best != NULL) {
		kill(best->pid, SIGTERM);
		event_timer_add_ms(m->loop, &best->t_kill, m->stop_timeout_ms,
				   stop_kill, best);
		return;
	}
	done = m->done;
	m->done = NULL;
	if (done != NULL)
		done(m->done_arg);
}

void
proc_mgr_shutdown(struct proc_mgr *m, unsigned timeout_ms,
		  void (*done)(void *arg), void *arg)
{
	struct proc_child *c;

	m->shutting_down = true;
	m->stop_timeout_ms = timeout_ms;
	m->done = done;
	m->done_arg = arg;
	for (c = m->children; c != NULL; c = c->next)
		event_timer_cancel(&c->t_restart);
	if (m->stopping == NULL)
		stop_next(m);
}

/* ---- accessors ---- */

int
proc_send(struct proc_child *c, uint32_t type, uint32_t peer_id, int fd,
	  const void *data, size_t len)
{
	if (c->pid == 0 || c->chan == NULL)
		return -ENOTCONN;
	return ipc_send(c->chan, type, peer_id, fd, data, len);
}

pid_t
proc_child_pid(const struct proc_child *c)
{
	return c->pid;
}

const char *
proc_child_name(const struct proc_child *c)
{
	return c->conf.name;
}

unsigned
proc_child_restarts(const struct proc_child *c)
{
	return c->restarts;
}
