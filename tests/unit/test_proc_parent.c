/* test_proc_parent.c: the core modules composed the way ipvsd's parent
 * uses them: one event loop with SIGHUP/SIGTERM, a child managed by proc
 * talking over ipc (with its own loop), the control socket, and sd_notify.
 * Also the reference for wiring them together in daemon/main.c. */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "control.h"
#include "ctl_client.h"
#include "event.h"
#include "ipc.h"
#include "log.h"
#include "proc.h"
#include "sdnotify.h"
#include "ck_run.h"

enum { MSG_HELLO = 1, MSG_RELOAD, MSG_RELOADED };

/* ---- the child: its own loop, SIGTERM handled through it ---- */

struct child_state {
	struct event_loop *loop;
	struct ipc_chan *ch;
	struct event_signal s_term;
	uint32_t reloads;
};

static void
child_term(struct event_signal *s, int signo, void *arg)
{
	struct child_state *cs = arg;

	(void)s;
	(void)signo;
	event_stop(cs->loop, 0);	/* clean exit: status 0 */
}

static void
child_msg(struct ipc_chan *ch, struct ipc_msg *msg, void *arg)
{
	struct child_state *cs = arg;
	uint32_t gen;

	if (msg->type != MSG_RELOAD || ipc_get(msg, &gen, sizeof(gen)) < 0)
		return;
	cs->reloads++;
	ipc_send(ch, MSG_RELOADED, 0, -1, &gen, sizeof(gen));
}

static void
child_close(struct ipc_chan *ch, int err, void *arg)
{
	(void)ch;
	(void)err;
	event_stop(((struct child_state *)arg)->loop, 3);
}

static const struct ipc_ops child_ops = { child_msg, child_close };

static int
child_main(int fd, void *arg)
{
	struct child_state cs = { 0 };
	pid_t me = getpid();

	(void)arg;
	if (event_loop_new(&cs.loop) < 0 ||
	    ipc_chan_new(cs.loop, fd, &child_ops, &cs, &cs.ch) < 0 ||
	    event_signal_add(cs.loop, &cs.s_term, SIGTERM, child_term, &cs) < 0)
		return 2;
	ipc_send(cs.ch, MSG_HELLO, 0, -1, &me, sizeof(me));
	return event_run(cs.loop);
}

/* ---- the parent ---- */

struct parent {
	struct event_loop *loop;
	struct proc_mgr *mgr;
	struct proc_child *child;
	struct ctl_server *ctl;
	struct event_signal s_hup, s_term;
	uint32_t generation;	/* reloads requested */
	uint32_t acked;		/* reloads the child confirmed */
	int hellos;
	int child_status;
};

static void
parent_msg(struct proc_child *c, struct ipc_msg *msg, void *arg)
{
	struct parent *p = arg;
	uint32_t gen;
	pid_t pid;

	switch (msg->type) {
	case MSG_HELLO:
		ck_assert_int_eq(ipc_get(msg, &pid, sizeof(pid)), 0);
		ck_assert_int_eq(pid, proc_child_pid(c));
		p->hellos++;
		sdnotify_ready("1 child");
		break;
	case MSG_RELOADED:
		ck_assert_int_eq(ipc_get(msg, &gen, sizeof(gen)), 0);
		p->acked = gen;
		if (p->acked == p->generation)
			sdnotify_ready(NULL);	/* reload finished */
		break;
	default:
		log_warnx("unknown message %u from %s", msg->type,
			  proc_child_name(c));
	}
}

static void
parent_child_exit(struct proc_child *c, int status, void *arg)
{
	(void)c;
	((struct parent *)arg)->child_status = status;
}

static const struct proc_ops parent_ops = { NULL, parent_msg, parent_child_exit };

static void
on_hup(struct event_signal *s, int signo, void *arg)
{
	struct parent *p = arg;

	(void)s;
	(void)signo;
	sdnotify_reloading();
	p->generation++;
	ck_assert_int_eq(proc_send(p->child, MSG_RELOAD, 0, -1, &p->generation,
				   sizeof(p->generation)), 0);
}

static void
all_stopped(void *arg)
{
	struct parent *p = arg;

	ctl_server_close(p->ctl);
	p->ctl = NULL;
	event_stop(p->loop, 0);
}

static void
on_term(struct event_signal *s, int signo, void *arg)
{
	struct parent *p = arg;

	(void)s;
	(void)signo;
	sdnotify_stopping();
	proc_mgr_shutdown(p->mgr, 2000, all_stopped, p);
}

static int
ctl_status(const struct ctl_frame *req, struct ctl_out *out, void *arg)
{
	struct parent *p = arg;

	(void)req;
	ctl_out_printf(out, "{\"child\":%d,\"reloads\":%u}",
		       (int)proc_child_pid(p->child), p->acked);
	return CTL_ST_OK;
}

/* ---- helpers on the test side ---- */

static int notify_fd = -1;
static char notify_path[64], ctl_path[64];

static void
notify_expect(struct parent *p, const char *prefix)
{
	char buf[256];
	ssize_t n = -1;
	int i;

	for (i = 0; i < 200 && n < 0; i++) {
		n = recv(notify_fd, buf, sizeof(buf) - 1, MSG_DONTWAIT);
		if (n < 0)
			event_run_once(p->loop, 20);
	}
	ck_assert_int_gt(n, 0);
	buf[n] = '\0';
	ck_assert_msg(strncmp(buf, prefix, strlen(prefix)) == 0,
		      "notify '%s', want '%s...'", buf, prefix);
}

struct waiter { struct event_child c; int status; bool done; };

static void
waiter_done(struct event_child *c, pid_t pid, int status, void *arg)
{
	struct waiter *w = arg;

	(void)c;
	(void)pid;
	w->status = status;
	w->done = true;
}

/* ipvsctl's side, in a child, while the parent loop serves it. */
static void
status_query(struct parent *p, const char *want)
{
	struct waiter w = { .done = false };
	pid_t pid = fork();
	int i;

	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		struct ctl_reply rep;

		signal(SIGTERM, SIG_DFL);
		if (ctl_client_request(ctl_path, CTL_REQ_STATUS, NULL, 3000, &rep) < 0)
			_exit(1);
		_exit(rep.status == CTL_ST_OK && strcmp(rep.payload, want) == 0 ? 0 : 2);
	}
	ck_assert_int_eq(event_child_add(p->loop, &w.c, pid, waiter_done, &w), 0);
	for (i = 0; i < 200 && !w.done; i++)
		event_run_once(p->loop, 20);
	ck_assert(w.done && WIFEXITED(w.status) && WEXITSTATUS(w.status) == 0);
}

START_TEST(test_parent_lifecycle)
{
	struct proc_conf conf = { .name = "worker", .main = child_main,
		.uid = (uid_t)-1, .gid = (gid_t)-1, .keep_caps = PROC_CAPS_ALL };
	struct ctl_server_conf cc = { .path = ctl_path, .gid = (gid_t)-1 };
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	struct parent p = { 0 };
	char want[64];
	int i;

	log_init("test_parent", true, 0);
	snprintf(notify_path, sizeof(notify_path), "/tmp/ipvsd-pn-%d", (int)getpid());
	snprintf(ctl_path, sizeof(ctl_path), "/tmp/ipvsd-pc-%d/ctl", (int)getpid());
	unlink(notify_path);
	notify_fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	strcpy(sa.sun_path, notify_path);
	ck_assert_int_eq(bind(notify_fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	setenv("NOTIFY_SOCKET", notify_path, 1);

	ck_assert_int_eq(event_loop_new(&p.loop), 0);
	ck_assert_int_eq(event_signal_add(p.loop, &p.s_hup, SIGHUP, on_hup, &p), 0);
	ck_assert_int_eq(event_signal_add(p.loop, &p.s_term, SIGTERM, on_term, &p), 0);
	ck_assert_int_eq(ctl_server_open(p.loop, &cc, &p.ctl), 0);
	ck_assert_int_eq(ctl_server_set_handler(p.ctl, CTL_REQ_STATUS, ctl_status, &p), 0);
	ck_assert_int_eq(proc_mgr_new(p.loop, &parent_ops, &p, NULL, &p.mgr), 0);
	ck_assert_int_eq(proc_spawn(p.mgr, &conf, &p.child), 0);

	notify_expect(&p, "READY=1\nSTATUS=1 child");
	ck_assert_int_eq(p.hellos, 1);

	/* two reloads through real signals */
	for (i = 1; i <= 2; i++) {
		ck_assert_int_eq(kill(getpid(), SIGHUP), 0);
		notify_expect(&p, "RELOADING=1\nMONOTONIC_USEC=");
		notify_expect(&p, "READY=1");
		ck_assert_uint_eq(p.acked, (uint32_t)i);
	}
	snprintf(want, sizeof(want), "{\"child\":%d,\"reloads\":2}",
		 (int)proc_child_pid(p.child));
	status_query(&p, want);

	/* SIGTERM: STOPPING, the child exits cleanly through its own loop */
	ck_assert_int_eq(kill(getpid(), SIGTERM), 0);
	ck_assert_int_eq(event_run(p.loop), 0);
	notify_expect(&p, "STOPPING=1");
	ck_assert(WIFEXITED(p.child_status) && WEXITSTATUS(p.child_status) == 0);
	ck_assert_int_eq(proc_child_restarts(p.child), 0);
	ck_assert_int_eq(access(ctl_path, F_OK), -1);

	proc_mgr_free(p.mgr);
	event_loop_free(p.loop);
	close(notify_fd);
	unlink(notify_path);
	snprintf(want, sizeof(want), "/tmp/ipvsd-pc-%d", (int)getpid());
	rmdir(want);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("proc_parent");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_parent_lifecycle);
	tcase_set_timeout(tc, 30);
	suite_add_tcase(s, tc);
	return ck_run(s);
}
