/* test_proc.c: fork, child setup, privilege drop, respawn, shutdown. */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "event.h"
#include "ipc.h"
#include "log.h"
#include "proc.h"
#include "ck_run.h"

enum { MSG_REPORT = 1 };

struct report {
	int32_t pid, ppid;
	uint32_t uid[3], gid[3];
	int32_t ngroups;
	uint64_t cap_eff, cap_prm;
	int32_t bnd_net_admin, bnd_net_raw, bnd_sys_admin;
	int32_t setuid0_ok;
	int32_t leaked_fd_open;
	int32_t sigterm_blocked;
	int32_t sigterm_ignored;
	char name[16];
};

static int leaked_fd = -1;	/* opened without CLOEXEC before spawning */

static void
fill_report(struct report *r)
{
	struct __user_cap_header_struct h = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct d[2];
	struct sigaction sa;
	sigset_t cur;
	uid_t u[3];
	gid_t g[3];

	memset(r, 0, sizeof(*r));
	r->pid = getpid();
	r->ppid = getppid();
	getresuid(&u[0], &u[1], &u[2]);
	getresgid(&g[0], &g[1], &g[2]);
	for (int i = 0; i < 3; i++) {
		r->uid[i] = u[i];
		r->gid[i] = g[i];
	}
	r->ngroups = getgroups(0, NULL);
	syscall(SYS_capget, &h, d);
	r->cap_eff = d[0].effective | (uint64_t)d[1].effective << 32;
	r->cap_prm = d[0].permitted | (uint64_t)d[1].permitted << 32;
	r->bnd_net_admin = prctl(PR_CAPBSET_READ, CAP_NET_ADMIN, 0, 0, 0);
	r->bnd_net_raw = prctl(PR_CAPBSET_READ, CAP_NET_RAW, 0, 0, 0);
	r->bnd_sys_admin = prctl(PR_CAPBSET_READ, CAP_SYS_ADMIN, 0, 0, 0);
	r->leaked_fd_open = fcntl(leaked_fd, F_GETFD) >= 0;
	sigprocmask(SIG_SETMASK, NULL, &cur);
	r->sigterm_blocked = sigismember(&cur, SIGTERM);
	sigaction(SIGTERM, NULL, &sa);
	r->sigterm_ignored = sa.sa_handler == SIG_IGN;
	prctl(PR_GET_NAME, r->name, 0, 0, 0);
	r->setuid0_ok = setuid(0) == 0;		/* last: it may succeed */
}

static void
send_report(int fd)
{
	struct report r;
	struct ipc_chan *ch;
	struct pollfd p = { .fd = fd, .events = POLLOUT };

	fill_report(&r);
	if (ipc_chan_new(NULL, fd, NULL, NULL, &ch) < 0)
		_exit(50);
	if (ipc_send(ch, MSG_REPORT, 0, -1, &r, sizeof(r)) < 0)
		_exit(51);
	while (ipc_queued(ch) > 0) {
		poll(&p, 1, 1000);
		ipc_flush(ch);
	}
	/* keep fd open: do not free the channel */
}

static int
main_report_wait(int fd, void *arg)
{
	(void)arg;
	send_report(fd);
	for (;;)
		pause();
	return 0;
}

static int
main_report_exit(int fd, void *arg)
{
	send_report(fd);
	return *(int *)arg;
}

static int
main_ignore_term(int fd, void *arg)
{
	(void)arg;
	signal(SIGTERM, SIG_IGN);
	send_report(fd);
	for (;;)
		pause();
	return 0;
}

/* ---- parent-side recorder ---- */

struct rec {
	int starts, exits, reports;
	struct report last;
	int statuses[16];
	const char *exit_names[16];
	uint64_t start_ms[16];
};

static uint64_t
mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static void
on_start(struct proc_child *c, void *arg)
{
	struct rec *r = arg;

	(void)c;
	if (r->starts < 16)
		r->start_ms[r->starts] = mono_ms();
	r->starts++;
}

static void
on_msg(struct proc_child *c, struct ipc_msg *msg, void *arg)
{
	struct rec *r = arg;

	ck_assert_uint_eq(msg->type, MSG_REPORT);
	ck_assert_int_eq(ipc_get(msg, &r->last, sizeof(r->last)), 0);
	ck_assert_int_eq(r->last.pid, proc_child_pid(c));
	r->reports++;
}

static void
on_exit_cb(struct proc_child *c, int status, void *arg)
{
	struct rec *r = arg;

	if (r->exits < 16) {
		r->statuses[r->exits] = status;
		r->exit_names[r->exits] = proc_child_name(c);
	}
	r->exits++;
}

static const struct proc_ops ops = { on_start, on_msg, on_exit_cb };

static struct event_loop *loop;
static struct proc_mgr *mgr;
static struct rec rec;

static void
setup(void)
{
	int pfd[2];

	memset(&rec, 0, sizeof(rec));
	log_init("test_proc", true, 0);
	ck_assert_int_eq(event_loop_new(&loop), 0);
	ck_assert_int_eq(pipe(pfd), 0);	/* no CLOEXEC on purpose */
	leaked_fd = pfd[0];
}

static void
teardown(void)
{
	proc_mgr_free(mgr);
	mgr = NULL;
	event_loop_free(loop);
}

static void
run_until(const int *counter, int want, int max_ms)
{
	uint64_t end = mono_ms() + (uint64_t)max_ms;

	while (*counter < want && mono_ms() < end)
		event_run_once(loop, 20);
	ck_assert_msg(*counter >= want, "counter %d, want %d", *counter, want);
}

static void
set_flag(void *arg)
{
	*(int *)arg = 1;
}

static void
shutdown_all(unsigned timeout_ms)
{
	int done = 0;

	proc_mgr_shutdown(mgr, timeout_ms, set_flag, &done);
	run_until(&done, 1, 5000);
}

static struct proc_conf
base_conf(int (*fn)(int, void *), void *arg)
{
	struct proc_conf c = { .name = "tst", .main = fn, .arg = arg,
		.uid = (uid_t)-1, .gid = (gid_t)-1, .keep_caps = PROC_CAPS_ALL };
	return c;
}

START_TEST(test_spawn_setup)
{
	struct proc_conf conf = base_conf(main_report_wait, NULL);
	struct proc_child *c;
	sigset_t block;

	/* the parent's blocked signals must not leak into the child */
	sigemptyset(&block);
	sigaddset(&block, SIGTERM);
	sigprocmask(SIG_BLOCK, &block, NULL);
	signal(SIGTERM, SIG_IGN);
	ck_assert_int_eq(proc_mgr_new(loop, &ops, &rec, NULL, &mgr), 0);
	ck_assert_int_eq(proc_spawn(mgr, &conf, &c), 0);
	ck_assert_int_gt(proc_child_pid(c), 0);
	ck_assert_str_eq(proc_child_name(c), "tst");
	run_until(&rec.reports, 1, 5000);
	ck_assert_int_eq(rec.starts, 1);
	ck_assert_int_eq(rec.last.ppid, getpid());
	ck_assert_str_eq(rec.last.name, "ipvsd-tst");
	ck_assert_int_eq(rec.last.leaked_fd_open, 0);
	ck_assert_int_eq(rec.last.sigterm_blocked, 0);
	ck_assert_int_eq(rec.last.sigterm_ignored, 0);
	ck_assert_uint_eq(rec.last.uid[1], getuid());
	shutdown_all(2000);
	ck_assert_int_eq(rec.exits, 1);
	ck_assert(WIFSIGNALED(rec.statuses[0]) && WTERMSIG(rec.statuses[0]) == SIGTERM);
	ck_assert_int_eq(proc_child_pid(c), 0);
	ck_assert_int_eq(proc_send(c, 1, 0, -1, NULL, 0), -ENOTCONN);
	ck_assert_int_eq(rec.starts, 1);	/* no respawn while stopping */
}
END_TEST

START_TEST(test_privdrop_user)
{
	static const gid_t none[1] = { 0 };
	struct proc_conf conf = base_conf(main_report_wait, NULL);
	struct proc_child *c;

	if (getuid() != 0) {
		fprintf(stderr, "test_privdrop_user: skipped, needs root\n");
		return;
	}
	conf.uid = 65534;
	conf.gid = 65534;
	conf.groups = none;
	conf.ngroups = 0;
	conf.keep_caps = PROC_CAP(CAP_NET_RAW);
	conf.no_new_privs = true;
	ck_assert_int_eq(proc_mgr_new(loop, &ops, &rec, NULL, &mgr), 0);
	ck_assert_int_eq(proc_spawn(mgr, &conf, &c), 0);
	run_until(&rec.reports, 1, 5000);
	for (int i = 0; i < 3; i++) {
		ck_assert_uint_eq(rec.last.uid[i], 65534);
		ck_assert_uint_eq(rec.last.gid[i], 65534);
	}
	ck_assert_int_eq(rec.last.ngroups, 0);
	ck_assert(rec.last.cap_prm == PROC_CAP(CAP_NET_RAW));
	ck_assert(rec.last.cap_eff == PROC_CAP(CAP_NET_RAW));
	ck_assert_int_eq(rec.last.bnd_net_raw, 1);
	ck_assert_int_eq(rec.last.bnd_net_admin, 0);
	ck_assert_int_eq(rec.last.setuid0_ok, 0);
	shutdown_all(2000);
}
END_TEST

START_TEST(test_privdrop_caps_only)
{
	struct proc_conf conf = base_conf(main_report_wait, NULL);
	struct proc_child *c;
	uint64_t want = PROC_CAP(CAP_NET_ADMIN) | PROC_CAP(CAP_NET_RAW);

	if (getuid() != 0) {
		fprintf(stderr, "test_privdrop_caps_only: skipped, needs root\n");
		return;
	}
	conf.keep_caps = want;		/* stays uid 0, but weakened */
	ck_assert_int_eq(proc_mgr_new(loop, &ops, &rec, NULL, &mgr), 0);
	ck_assert_int_eq(proc_spawn(mgr, &conf, &c), 0);
	run_until(&rec.reports, 1, 5000);
	ck_assert_uint_eq(rec.last.uid[1], 0);
	ck_assert(rec.last.cap_eff == want);
	ck_assert(rec.last.cap_prm == want);
	ck_assert_int_eq(rec.last.bnd_net_admin, 1);
	ck_assert_int_eq(rec.last.bnd_sys_admin, 0);
	shutdown_all(2000);
}
END_TEST

START_TEST(test_respawn_backoff)
{
	static int code = 3;
	struct proc_backoff bo = { .min_ms = 100, .max_ms = 400, .stable_ms = 60000 };
	struct proc_conf conf = base_conf(main_report_exit, &code);
	struct proc_child *c;

	ck_assert_int_eq(proc_mgr_new(loop, &ops, &rec, &bo, &mgr), 0);
	ck_assert_int_eq(proc_spawn(mgr, &conf, &c), 0);
	run_until(&rec.starts, 5, 5000);
	ck_assert_uint_ge(proc_child_restarts(c), 4);
	/* delays 100, 200, 400, 400 (capped; uncapped would be 800) */
	ck_assert_uint_ge(rec.start_ms[1] - rec.start_ms[0], 100);
	ck_assert_uint_ge(rec.start_ms[2] - rec.start_ms[1], 200);
	ck_assert_uint_ge(rec.start_ms[3] - rec.start_ms[2], 400);
	ck_assert_uint_ge(rec.start_ms[4] - rec.start_ms[3], 400);
	ck_assert_uint_lt(rec.start_ms[4] - rec.start_ms[3], 750);
	ck_assert(WIFEXITED(rec.statuses[0]) && WEXITSTATUS(rec.statuses[0]) == 3);
	ck_assert_int_ge(rec.reports, 4);	/* drained before the exit */
	shutdown_all(2000);
	/* no restart after shutdown */
	{
		int starts = rec.starts;
		uint64_t end = mono_ms() + 300;

		while (mono_ms() < end)
			event_run_once(loop, 50);
		ck_assert_int_eq(rec.starts, starts);
	}
}
END_TEST

START_TEST(test_setup_failure_exit_code)
{
	static gid_t many[1] = { 0 };
	struct proc_backoff bo = { .min_ms = 10000 };
	struct proc_conf conf = base_conf(main_report_wait, NULL);
	struct proc_child *c;

	if (getuid() != 0) {
		fprintf(stderr, "test_setup_failure_exit_code: skipped, needs root\n");
		return;
	}
	conf.uid = 65534;
	conf.gid = 65534;
	conf.groups = many;
	conf.ngroups = 1 << 20;		/* setgroups() refuses: EINVAL */
	ck_assert_int_eq(proc_mgr_new(loop, &ops, &rec, &bo, &mgr), 0);
	ck_assert_int_eq(proc_spawn(mgr, &conf, &c), 0);
	run_until(&rec.exits, 1, 5000);
	ck_assert_int_eq(rec.reports, 0);	/* main never ran */
	ck_assert(WIFEXITED(rec.statuses[0]) &&
		  WEXITSTATUS(rec.statuses[0]) == PROC_EXIT_SETUP);
	shutdown_all(2000);
}
END_TEST

START_TEST(test_stop_order_and_kill)
{
	struct proc_conf a = base_conf(main_report_wait, NULL);
	struct proc_conf b = base_conf(main_ignore_term, NULL);
	struct proc_child *ca, *cb;
	uint64_t t0;

	a.name = "first";
	a.stop_order = 2;
	b.name = "stubborn";
	b.stop_order = 1;
	ck_assert_int_eq(proc_mgr_new(loop, &ops, &rec, NULL, &mgr), 0);
	ck_assert_int_eq(proc_spawn(mgr, &a, &ca), 0);
	ck_assert_int_eq(proc_spawn(mgr, &b, &cb), 0);
	run_until(&rec.reports, 2, 5000);
	t0 = mono_ms();
	shutdown_all(200);
	ck_assert_uint_ge(mono_ms() - t0, 190);	/* waited for the timeout */
	ck_assert_int_eq(rec.exits, 2);
	ck_assert_str_eq(rec.exit_names[0], "stubborn");	/* lower first */
	ck_assert(WIFSIGNALED(rec.statuses[0]) && WTERMSIG(rec.statuses[0]) == SIGKILL);
	ck_assert_str_eq(rec.exit_names[1], "first");
	ck_assert(WIFSIGNALED(rec.statuses[1]) && WTERMSIG(rec.statuses[1]) == SIGTERM);
}
END_TEST

/* The child of a parent that dies gets SIGTERM (PR_SET_PDEATHSIG). */
START_TEST(test_parent_death)
{
	int sync[2], status;
	pid_t mid, grandchild = 0;

	ck_assert_int_eq(prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0), 0);
	ck_assert_int_eq(pipe(sync), 0);
	mid = fork();
	ck_assert_int_ge(mid, 0);
	if (mid == 0) {
		struct proc_conf conf = base_conf(main_report_wait, NULL);
		struct proc_child *c;

		signal(SIGTERM, SIG_DFL);
		if (proc_mgr_new(loop, &ops, &rec, NULL, &mgr) < 0 ||
		    proc_spawn(mgr, &conf, &c) < 0)
			_exit(1);
		while (rec.reports == 0)
			event_run_once(loop, 100);
		grandchild = proc_child_pid(c);
		(void)!write(sync[1], &grandchild, sizeof(grandchild));
		_exit(0);	/* dies without stopping its child */
	}
	ck_assert_int_eq(read(sync[0], &grandchild, sizeof(grandchild)),
			 (ssize_t)sizeof(grandchild));
	ck_assert_int_eq(waitpid(mid, &status, 0), mid);
	ck_assert_int_eq(waitpid(grandchild, &status, 0), grandchild);
	ck_assert(WIFSIGNALED(status) && WTERMSIG(status) == SIGTERM);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("proc");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_spawn_setup);
	tcase_add_test(tc, test_privdrop_user);
	tcase_add_test(tc, test_privdrop_caps_only);
	tcase_add_test(tc, test_respawn_backoff);
	tcase_add_test(tc, test_setup_failure_exit_code);
	tcase_add_test(tc, test_stop_order_and_kill);
	tcase_add_test(tc, test_parent_death);
	tcase_set_timeout(tc, 30);
	suite_add_tcase(s, tc);
	return ck_run(s);
}
