/* health_main.c: the health child's entry point and its side of the
 * channel to the parent (hc_proto.h). */
#include "config.h"

#include <errno.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "event.h"
#include "ipc.h"
#include "log.h"
#include "health/health.h"
#include "health/health_int.h"
#include "health/hc_proto.h"

static int
on_init_state(struct ipc_chan *ch, struct ipc_msg *msg, void *arg)
{
	struct health *h = arg;
	struct hc_msg_init_state m;
	int err;

	(void)ch;
	err = ipc_get(msg, &m, sizeof(m));
	if (err < 0)
		return err;
	err = health_seed(h, m.vs_idx, m.rs_idx, m.up != 0);
	if (err == -ENOENT)
		return 0;	/* no checked real server there: nothing to seed */
	return err;
}

static int
on_start(struct ipc_chan *ch, struct ipc_msg *msg, void *arg)
{
	(void)ch;
	if (msg->len != 0)
		return -EBADMSG;
	return health_start(arg);
}

static int
on_dump_req(struct ipc_chan *ch, struct ipc_msg *msg, void *arg)
{
	size_t cap = IPC_MAX_PAYLOAD, len;
	char *buf;
	int err;

	if (msg->len != 0)
		return -EBADMSG;
	buf = malloc(cap);
	if (!buf)
		return -ENOMEM;
	len = health_dump(arg, buf, cap);
	err = ipc_send(ch, HC_MSG_DUMP, 0, -1, buf, len + 1);
	free(buf);
	return err;
}

static int
on_script_done(struct ipc_chan *ch, struct ipc_msg *msg, void *arg)
{
	struct health *h = arg;
	struct hc_msg_script_done d;
	int err;

	(void)ch;
	err = ipc_get(msg, &d, sizeof(d));
	if (err < 0)
		return err;
	if (hc_scripts_done(&h->scripts, &d) == -ENOENT)
		log_debug("health: late script answer %u dropped", d.req_id);
	return 0;
}

static const struct ipc_handler handlers[] = {
	{ HC_MSG_INIT_STATE, "INIT_STATE", on_init_state },
	{ HC_MSG_START, "START", on_start },
	{ HC_MSG_DUMP_REQ, "DUMP_REQ", on_dump_req },
	{ HC_MSG_SCRIPT_DONE, "SCRIPT_DONE", on_script_done },
};
#define N_HANDLERS (sizeof(handlers) / sizeof(handlers[0]))

static void
chan_msg(struct ipc_chan *ch, struct ipc_msg *msg, void *arg)
{
	int err = ipc_dispatch(handlers, N_HANDLERS, ch, msg, arg);
	const char *name = ipc_type_name(handlers, N_HANDLERS, msg->type);

	if (err == -ENOMSG)
		log_warnx("health: unknown message type %u dropped", msg->type);
	else if (err < 0)
		log_warnx("health: message %s failed: %s", name ? name : "?",
			  strerror(-err));
}

static void
chan_close(struct ipc_chan *ch, int err, void *arg)
{
	struct health *h = arg;

	(void)ch;
	if (err != -EPIPE)
		log_warnx("health: channel to the parent failed: %s", strerror(-err));
	event_stop(h->loop, 0);
}

static const struct ipc_ops chan_ops = { .on_msg = chan_msg, .on_close = chan_close };

static void
on_stop_signal(struct event_signal *s, int signo, void *arg)
{
	struct health *h = arg;

	(void)s;
	log_info("health: signal %d, stopping", signo);
	event_stop(h->loop, 0);
}

#ifdef __GLIBC__
/* Every checker's first attempt starts within its warmup (one delay_loop by
 * default): at 10,000 HTTP_GET real servers that is about 6 MB of attempts
 * at once, freed as they end but kept by the heap, scattered between live
 * blocks.  Every TRIM_EVERY_US, if the heap holds more than TRIM_MIN_FREE
 * free bytes, give their pages back (malloc_trim releases free pages
 * anywhere in the heap, not only at its top). */
#define TRIM_EVERY_US	(10 * 1000000ull)
#define TRIM_MIN_FREE	(1024 * 1024)

static void
trim_tick(struct event_timer *t, void *arg)
{
	struct event_loop *loop = arg;
	struct mallinfo2 mi = mallinfo2();

	if (mi.fordblks > TRIM_MIN_FREE)
		(void)malloc_trim(0);
	/* on -ENOMEM the heap is just not trimmed again */
	(void)event_timer_add_us(loop, t, TRIM_EVERY_US, trim_tick, loop);
}
#endif

static int
run(struct event_loop *loop, int ipc_fd, const struct conf *conf)
{
	struct health h;
	struct event_signal s_term = { 0 }, s_int = { 0 };
	struct event_timer trim = { 0 };
	int err;

	err = health_build(&h, loop, conf);
	if (err < 0) {
		log_warnx("health: cannot set up the checkers: %s", strerror(-err));
		close(ipc_fd);
		return 1;
	}
	err = ipc_chan_new(loop, ipc_fd, &chan_ops, &h, &h.ch);
	if (err < 0)
		close(ipc_fd);
	h.scripts.ch = h.ch;
	if (err >= 0)
		err = event_signal_add(loop, &s_term, SIGTERM, on_stop_signal, &h);
	if (err >= 0)
		err = event_signal_add(loop, &s_int, SIGINT, on_stop_signal, &h);
	if (err < 0) {
		log_warnx("health: setup failed: %s", strerror(-err));
	} else {
		log_info("health: %zu checker(s) on %zu real server(s)", h.n_item, h.n_rss);
#ifdef __GLIBC__
		/* the heap inherited from the parent holds memory it had freed
		 * (netlink dumps, parse buffers): give those pages back */
		(void)malloc_trim(0);
		(void)event_timer_add_us(loop, &trim, TRIM_EVERY_US, trim_tick, loop);
#endif
		event_run(loop);
	}
	event_timer_cancel(&trim);
	event_signal_del(&s_term);
	event_signal_del(&s_int);
	health_free(&h);
	ipc_chan_free(h.ch);
	return err < 0 ? 1 : 0;
}

int
health_main(struct event_loop *ev, int ipc_fd, const struct conf *conf)
{
	struct event_loop *loop = ev;
	int ret;

	signal(SIGPIPE, SIG_IGN);	/* SSL_write() on a reset connection */
	/* reload and dumps come over the channel: a stray HUP/USR sent to
	 * the process group must not kill the checker */
	signal(SIGHUP, SIG_IGN);
	signal(SIGUSR1, SIG_IGN);
	signal(SIGUSR2, SIG_IGN);
	if (!loop && event_loop_new(&loop) < 0) {
		log_warnx("health: cannot create the event loop");
		return 1;
	}
	/* one clock read per loop iteration, not one per timer armed (every
	 * check arms two or three; clock_gettime is a system call in UML) */
	event_loop_cache_now(loop, true);
	ret = run(loop, ipc_fd, conf);
	if (!ev)
		event_loop_free(loop);
	return ret;
}
