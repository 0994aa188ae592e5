/* parent.c: life cycle of ipvsd's main process: start, signals, stop.
 *
 * Start: open IPVS netlink, set health to the start states, take over the
 * kernel table (adopt what matches, one batch for the rest), set
 * lvs_timeouts, open the control socket, READY=1, fork the health and
 * VRRP children (with -P: no IPVS and no health child).  SIGHUP reloads
 * (reload.c), SIGUSR1/SIGUSR2 dump (dump.c), SIGTERM/SIGINT stop: the
 * VRRP child is stopped, then the health child, then the services this
 * configuration names are removed (or the whole table with
 * lvs_flush_onstop, or nothing with -I), omega quorum_down scripts run,
 * pid files removed.
 */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "control.h"
#include "ipvs_nl.h"
#include "log.h"
#include "parent.h"
#include "parent_health.h"
#include "parent_vrrp.h"
#include "sdnotify.h"

static void
stop_table(struct parent *p)
{
	struct lvs_table cur = { 0 }, owned = { 0 };
	struct lvs_ops ops = { 0 };
	struct lvs_apply_result res = { 0 };
	int r;

	if (p->o->dont_release_ipvs) {
		log_info("leaving the IPVS table in place (--dont-release-ipvs)");
		return;
	}
	if ((r = lvs_kernel_load(p->nl, &cur)) < 0 ||
	    (r = lvs_services_build(p->conf, &owned)) < 0 ||
	    (r = lvs_diff_stop(&cur, &owned, p->conf->global.lvs_flush_onstop, &ops)) < 0) {
		log_warnx("stop: cannot compute the services to remove: %s", strerror(-r));
	} else if (ops.n > 0) {
		r = lvs_apply(p->nl, &ops, &res);
		log_info("ipvs sync (stop): %zu operation%s applied, %zu failed%s", res.sent,
			 res.sent == 1 ? "" : "s", res.failed, r < 0 ? " (transport failure)" : "");
	}
	lvs_apply_result_free(&res);
	lvs_ops_free(&ops);
	lvs_table_free(&owned);
	lvs_table_free(&cur);
}

static void
stop_events(struct parent *p)
{
	struct lvs_events ev = { 0 };
	size_t i;

	if (lvs_quorum_stop_events(p->conf, &ev) < 0)
		return;
	for (i = 0; i < ev.n; i++) {
		const struct conf_vs *vs = &p->conf->vs[ev.v[i].vs];

		parent_notify_stop_rs(p, ev.v[i].vs);
		script_run(&p->scripts, p->loop, &vs->quorum_down, "quorum_down (omega, stopping)");
		parent_notify_vs(p, ev.v[i].vs, false);
	}
	lvs_events_free(&ev);
}

/* Stop order (keepalived's): the VRRP child first (masters send priority
 * 0 and remove their addresses while the table still serves), then the
 * health child, then the IPVS clean-up. */
static void
health_stopped(void *arg)
{
	struct parent *p = arg;

	if (!p->o->lvs_disabled) {
		stop_table(p);
		parent_restore_timeouts(p);
		stop_events(p);
	}
	event_stop(p->loop, p->exit_code);
}

static void
vrrp_stopped(void *arg)
{
	parent_health_stop(arg, health_stopped, arg);
}

static void
on_term(struct event_signal *s, int signo, void *arg)
{
	struct parent *p = arg;

	(void)s;
	if (p->stopping)
		return;
	p->stopping = true;
	log_info("signal %d (%s): stopping", signo, strsignal(signo));
	sdnotify_stopping();
	event_timer_cancel(&p->t_retry);
	parent_vrrp_stop(p, vrrp_stopped, p);
}

static void
on_hup(struct event_signal *s, int signo, void *arg)
{
	(void)s;
	(void)signo;
	if (((struct parent *)arg)->stopping)
		return;
	log_info("SIGHUP: reloading the configuration");
	reload_run(arg, NULL);
}

static void
on_usr(struct event_signal *s, int signo, void *arg)
{
	struct parent *p = arg;
	const char *path = signo == SIGUSR1 ? DUMP_DATA_FILE : DUMP_STATS_FILE;
	int r;

	(void)s;
	r = signo == SIGUSR1 ? dump_data(p, path) : dump_stats(p, path);
	if (signo == SIGUSR1 && parent_health_dump_req(p) == 0)
		log_info("health-check state requested, for %s", DUMP_HEALTH_FILE);
	if (signo == SIGUSR1 && parent_vrrp_dump_req(p) == 0)
		log_info("VRRP state requested, for %s", DUMP_VRRP_FILE);
	if (r < 0)
		log_warnx("cannot write %s: %s", path, strerror(-r));
	else
		log_info("%s written", path);
}

static int
add_signals(struct parent *p)
{
	int r;

	signal(SIGPIPE, SIG_IGN);
	if ((r = event_signal_add(p->loop, &p->s_hup, SIGHUP, on_hup, p)) < 0 ||
	    (r = event_signal_add(p->loop, &p->s_term, SIGTERM, on_term, p)) < 0 ||
	    (r = event_signal_add(p->loop, &p->s_int, SIGINT, on_term, p)) < 0 ||
	    (r = event_signal_add(p->loop, &p->s_usr1, SIGUSR1, on_usr, p)) < 0 ||
	    (r = event_signal_add(p->loop, &p->s_usr2, SIGUSR2, on_usr, p)) < 0)
		return r;
	return 0;
}

static int
open_ctl(struct parent *p)
{
	struct ctl_server_conf cc = { .path = p->o->ctl_path, .gid = (gid_t)-1 };
	int r;

	if ((r = ctl_server_open(p->loop, &cc, &p->ctl)) < 0) {
		log_warnx("control socket %s: %s", cc.path ? cc.path : CTL_DEFAULT_PATH,
			  strerror(-r));
		return r;
	}
	return ctl_handlers_register(p);
}

/* pidfile_create, creating a missing parent directory (0755) once. */
static int
pidfile_make(const char *path, struct pidfile *pf, pid_t *holder)
{
	char dir[512], *slash;
	int r = pidfile_create(path, pf, holder);

	if (r != -ENOENT || strlen(path) >= sizeof(dir))
		return r;
	strcpy(dir, path);
	if ((slash = strrchr(dir, '/')) == NULL || slash == dir)
		return r;
	*slash = '\0';
	if (mkdir(dir, 0755) < 0 && errno != EEXIST)
		return r;
	return pidfile_create(path, pf, holder);
}

static int
write_pidfiles(struct parent *p)
{
	pid_t holder = 0;
	int r;

	if (p->o->pid_file &&
	    (r = pidfile_make(p->o->pid_file, &p->pid_main, &holder)) < 0) {
		if (r == -EEXIST)
			log_warnx("%s: ipvsd is already running (pid %d)", p->o->pid_file,
				  (int)holder);
		else
			log_warnx("%s: %s", p->o->pid_file, strerror(-r));
		return r;
	}
	if (p->o->checkers_pid_file &&
	    (r = pidfile_make(p->o->checkers_pid_file, &p->pid_check, &holder)) < 0) {
		log_warnx("%s: %s", p->o->checkers_pid_file,
			  r == -EEXIST ? "held by another running process" : strerror(-r));
		return r;
	}
	return 0;
}

/* Everything up to the first complete kernel table. */
static int
parent_start(struct parent *p)
{
	int r;

	if ((r = event_loop_new(&p->loop)) < 0 || (r = add_signals(p)) < 0) {
		log_warnx("event loop: %s", strerror(-r));
		return r;
	}
	if ((r = write_pidfiles(p)) < 0)
		return r;
	if (!p->o->lvs_disabled && (r = ipvs_nl_open(&p->nl)) < 0) {
		log_warnx("cannot open IPVS netlink (is ip_vs loaded? are we root?): %s",
			  strerror(-r));
		return r;
	}
	if ((r = lvs_health_init(&p->health, p->conf)) < 0 ||
	    (r = lvs_state_init(&p->state, p->conf->n_vs)) < 0 ||
	    (r = parent_rs_state_init(p)) < 0)
		return r;
	parent_report_conf(p);
	parent_notify_configure(p);
	if (!p->o->lvs_disabled)
		parent_apply_timeouts(p);
	if ((r = open_ctl(p)) < 0)
		return r;
	if (p->o->lvs_disabled) {
		log_info("VRRP only (-P): the IPVS table is left alone (%zu LVS block(s) "
			 "not read)", p->conf->n_skipped);
		sdnotify_ready(NULL);
	} else {
		if (parent_sync(p, NULL, p->conf->global.lvs_flush, "start") < 0)
			log_warnx("the first synchronisation failed; retrying");
		parent_health_start(p);
	}
	parent_vrrp_start(p);
	sdnotify_status("%zu virtual server(s), %llu IPVS operation(s) at start",
			p->conf->n_vs, (unsigned long long)p->st.ops_sent);
	log_info("ipvsd started: %zu virtual server(s)", p->conf->n_vs);
	return 0;
}

static void
parent_cleanup(struct parent *p)
{
	parent_vrrp_free(p);
	parent_health_free(p);
	parent_notify_close(p);
	script_set_forget(&p->scripts);
	event_timer_cancel(&p->t_retry);
	ctl_server_close(p->ctl);
	event_signal_del(&p->s_hup);
	event_signal_del(&p->s_term);
	event_signal_del(&p->s_int);
	event_signal_del(&p->s_usr1);
	event_signal_del(&p->s_usr2);
	ipvs_nl_close(p->nl);
	lvs_health_free(&p->health);
	lvs_state_free(&p->state);
	lvs_table_free(&p->kcache);
	drain_free(&p->drains);
	free(p->rs);
	conf_free(p->conf);
	pidfile_remove(&p->pid_check);
	pidfile_remove(&p->pid_main);
	event_loop_free(p->loop);
}

int
parent_run(const struct parent_opts *o, struct conf *conf)
{
	struct parent p = { .o = o, .conf = conf, .pid_main = PIDFILE_INIT,
			    .pid_check = PIDFILE_INIT };
	int r;

	p.started = time(NULL);
	if (parent_start(&p) < 0) {
		parent_cleanup(&p);
		return 1;
	}
	r = event_run(p.loop);
	log_info("ipvsd stopped");
	parent_cleanup(&p);
	return r;
}
