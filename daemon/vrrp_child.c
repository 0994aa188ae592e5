/* vrrp_child.c: the VRRP process: the engine on its own event loop,
 * driven by the parent's channel or standalone (see vrrp_child.h). */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ipc.h"
#include "log.h"
#include "vrrp_child.h"
#include "vrrp_engine.h"
#include "vrrp_fsm.h"
#include "vrrp_proto.h"

struct vchild {
	struct event_loop *ev;
	const struct vrrp_child_opts *o;
	struct vrrp_engine *e;
	struct ipc_chan *ch;		/* NULL standalone or once closed */
	struct conf *owned;		/* tree loaded by the last reload */
	bool started;
	bool handing_over;		/* graceful stop running */
	int result;			/* of vrrp_child_run */
};

/* ---- towards the parent ---- */

static void
hook_state(void *arg, size_t inst_idx, const char *name, int old_state,
	   int new_state, unsigned priority)
{
	struct vchild *c = arg;
	struct vrrp_msg_state m;
	int r;

	if (c->ch == NULL)
		return;
	memset(&m, 0, sizeof(m));
	m.inst_idx = (uint32_t)inst_idx;
	m.old_state = (uint8_t)old_state;
	m.state = (uint8_t)new_state;
	m.priority = (uint8_t)(priority > 255 ? 255 : priority);
	if ((r = vrrp_engine_inst_held(c->e, inst_idx)) > 0)
		m.held = (uint8_t)r;
	snprintf(m.name, sizeof(m.name), "%s", name ? name : "");
	if ((r = ipc_send(c->ch, VRRP_MSG_STATE, 0, -1, &m, sizeof(m))) < 0)
		log_warnx("parent channel: cannot report a state change: %s",
			  strerror(-r));
}

static void
send_result(struct vchild *c, uint32_t type, int32_t res)
{
	if (c->ch != NULL)
		ipc_send(c->ch, type, 0, -1, &res, sizeof(res));
}

/* ---- requests ---- */

static void
do_start(struct vchild *c)
{
	int r;

	if (c->started)
		return;
	c->started = true;
	if ((r = vrrp_engine_start(c->e)) < 0) {
		log_warnx("cannot start the VRRP instances: %s", strerror(-r));
		c->result = r;
		event_stop(c->ev, 1);
	}
}

static void
log_diag(const struct conf_diag *d)
{
	size_t k;

	for (k = 0; k < d->n; k++) {
		if (d->msg[k].sev == CONF_SEV_ERROR)
			log_warnx("reload: %s", d->msg[k].text);
		else
			log_debug("reload: %s", d->msg[k].text);
	}
}

/* Read the file again (the parent accepted it a moment ago) with the
 * options reload_load (daemon/reload_carry.c) uses, then switch in place. */
static int
do_reload(struct vchild *c)
{
	struct conf_load_opts lo = { .config_id = c->o ? c->o->config_id : NULL,
				     .check_interfaces = false,
				     .part = c->o ? c->o->part : CONF_PART_ALL };
	struct conf_diag diag = { 0 };
	struct conf *newc = NULL;
	int r;

	if (c->o == NULL || c->o->conf_file == NULL)
		return -ENOTSUP;
	r = conf_load(c->o->conf_file, &lo, &newc, &diag);
	log_diag(&diag);
	conf_diag_free(&diag);
	if (r < 0) {
		log_warnx("reload: %s: cannot load (%s); keeping the running "
			  "configuration", c->o->conf_file, strerror(-r));
		return r;
	}
	if ((r = vrrp_engine_reload(c->e, newc)) < 0) {
		log_warnx("reload: %s; keeping the running configuration",
			  strerror(-r));
		conf_free(newc);
		return r;
	}
	/* the inherited tree belongs to the parent's image: only ours is freed */
	conf_free(c->owned);
	c->owned = newc;
	log_info("reload done: %zu VRRP instance(s)", newc->n_vrrp);
	return 0;
}

static void
do_dump(struct vchild *c)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	int r = -ENOMEM;

	if (f != NULL) {
		vrrp_engine_dump_json(c->e, f);
		r = fclose(f) == 0 ? 0 : -ENOMEM;
	}
	if (r == 0 && len + 1 > IPC_MAX_PAYLOAD) {
		free(buf);
		buf = strdup("{\"error\":\"dump too large for one message\"}\n");
		len = buf ? strlen(buf) : 0;
	}
	if (buf != NULL && c->ch != NULL &&
	    (r = ipc_send(c->ch, VRRP_MSG_DUMP, 0, -1, buf, len + 1)) < 0)
		log_warnx("parent channel: cannot send the dump: %s", strerror(-r));
	free(buf);
}

static void
do_ready(struct vchild *c, const struct ipc_msg *msg)
{
	struct vrrp_msg_ready m;
	int r;

	if (ipc_get(msg, &m, sizeof(m)) < 0) {
		log_warnx("parent channel: malformed readiness dropped");
		return;
	}
	r = vrrp_engine_set_ready(c->e, m.inst_idx, m.ready != 0);
	if (r < 0)
		log_warnx("parent channel: readiness of instance %u: %s",
			  m.inst_idx, strerror(-r));
}

static void
chan_msg(struct ipc_chan *ch, struct ipc_msg *msg, void *arg)
{
	struct vchild *c = arg;

	(void)ch;
	switch (msg->type) {
	case VRRP_MSG_START:
		do_start(c);
		break;
	case VRRP_MSG_READY:
		do_ready(c, msg);
		break;
	case VRRP_MSG_RELOAD:
		send_result(c, VRRP_MSG_RELOADED, do_reload(c));
		break;
	case VRRP_MSG_DUMP_REQ:
		do_dump(c);
		break;
	default:
		log_warnx("parent channel: unknown message type %#x dropped",
			  msg->type);
	}
}

static void
chan_close(struct ipc_chan *ch, int err, void *arg)
{
	struct vchild *c = arg;

	ipc_chan_free(ch);
	c->ch = NULL;
	log_info("parent channel closed (%s): stopping",
		 err == -EPIPE ? "parent gone" : strerror(-err));
	event_stop(c->ev, 0);
}

static const struct ipc_ops chan_ops = { chan_msg, chan_close };

/* ---- signals ---- */

static void
on_stop(struct event_signal *s, int signo, void *arg)
{
	struct vchild *c = arg;

	(void)s;
	if (c->handing_over) {	/* the parent's SIGTERM after ours */
		log_info("signal %d: already stopping (handover)", signo);
		return;
	}
	log_info("signal %d: stopping", signo);
	event_stop(c->ev, 0);
}

static void
on_usr1(struct event_signal *s, int signo, void *arg)
{
	(void)s;
	(void)signo;
	vrrp_engine_log_stats(arg);
}

static void
on_ignore(struct event_signal *s, int signo, void *arg)
{
	(void)s;
	(void)arg;
	log_debug("signal %d ignored (reloads come from the parent)", signo);
}

struct vsignals {
	struct event_signal term, intr, usr1, hup;
};

static int
signals_add(struct vchild *c, struct vsignals *s)
{
	int r;

	if ((r = event_signal_add(c->ev, &s->term, SIGTERM, on_stop, c)) < 0 ||
	    (r = event_signal_add(c->ev, &s->intr, SIGINT, on_stop, c)) < 0 ||
	    (r = event_signal_add(c->ev, &s->usr1, SIGUSR1, on_usr1, c->e)) < 0 ||
	    (r = event_signal_add(c->ev, &s->hup, SIGHUP, on_ignore, c)) < 0)
		return r;
	return 0;
}

static void
signals_del(struct vsignals *s)
{
	event_signal_del(&s->term);
	event_signal_del(&s->intr);
	event_signal_del(&s->usr1);
	event_signal_del(&s->hup);
}

/* ---- entry ---- */

static void
handover_done(void *arg)
{
	struct vchild *c = arg;

	c->handing_over = false;
	event_stop(c->ev, 0);
}

/* Graceful stop (vrrp_handover.h): masters keep their addresses until a
 * new master speaks, within a bounded time.  Signals and the parent
 * channel closing do not cut it short: the bound does. */
static void
handover(struct vchild *c)
{
	if (vrrp_engine_handover_begin(c->e, handover_done, c) <= 0)
		return;
	c->handing_over = true;
	while (c->handing_over)
		if (event_run(c->ev) < 0)
			break;
	c->handing_over = false;
}

static void
finish(struct vchild *c)
{
	if (c->started && c->o != NULL && c->o->dont_release) {
		log_info("leaving the virtual addresses in place (--dont-release-vrrp)");
	} else if (c->started) {
		handover(c);
		vrrp_engine_stop(c->e);
		if (c->ch != NULL)
			ipc_flush(c->ch);	/* the last state changes */
	}
	vrrp_engine_log_stats(c->e);
}

int
vrrp_child_run(struct event_loop *ev, int ipc_fd, const struct conf *conf,
	       const struct vrrp_child_opts *o)
{
	struct vchild c = { .ev = ev, .o = o };
	struct vrrp_engine_hooks hooks = { .state = hook_state, .arg = &c };
	struct vsignals s = { 0 };
	int r;

	signal(SIGPIPE, SIG_IGN);
	if ((r = vrrp_engine_new(ev, conf, &c.e)) < 0) {
		if (ipc_fd >= 0)
			close(ipc_fd);
		return r;
	}
	vrrp_engine_set_hooks(c.e, &hooks);
	r = signals_add(&c, &s);
	if (r == 0 && ipc_fd >= 0)
		r = ipc_chan_new(ev, ipc_fd, &chan_ops, &c, &c.ch);
	else if (r < 0 && ipc_fd >= 0)
		close(ipc_fd);
	if (r == 0 && ipc_fd < 0)
		do_start(&c);
	if (r == 0 && c.result == 0) {
		event_run(ev);
		finish(&c);
	}
	if (r == 0)
		r = c.result;
	ipc_chan_free(c.ch);
	signals_del(&s);
	vrrp_engine_free(c.e);
	conf_free(c.owned);
	return r;
}

int
vrrp_main(struct event_loop *ev, int ipc_fd, const struct conf *conf)
{
	return vrrp_child_run(ev, ipc_fd, conf, NULL);
}
