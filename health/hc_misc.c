/* hc_misc.c: MISC_CHECK (see hc_misc.h for the exit code rules).  The
 * health child never forks: each attempt asks the parent to run the
 * script (HC_MSG_SCRIPT_RUN, hc_proto.h) and ends when its
 * HC_MSG_SCRIPT_DONE arrives.  Should the parent not answer within
 * misc_timeout + 10 s (it kills the script at misc_timeout), the attempt
 * fails as a timeout and a later answer is dropped. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "daemon/conf.h"
#include "event.h"
#include "ipc.h"
#include "health/hc.h"
#include "health/hc_misc.h"
#include "health/hc_proto.h"

#define MISC_GRACE_US (10 * 1000000ull)

struct hc_script_wait {
	uint32_t id;
	struct hc_check *c;
	struct hc_script_wait *next;
};

struct misc_att {
	struct hc_script_wait wait;
	bool waiting;			/* on c->scripts->head */
	struct event_timer t;
	enum hc_result early;		/* HC_OK: request sent */
	char why[64];
};

struct hc_misc_verdict
hc_misc_verdict(uint32_t outcome, int32_t status, bool dynamic)
{
	struct hc_misc_verdict v = { .r = HC_OK };

	switch (outcome) {
	case HC_SCRIPT_EXITED:
		if (status == 0)
			break;
		if (dynamic && status >= 2 && status <= 255) {
			v.has_weight = true;
			v.weight = status - 2;
			break;
		}
		v.r = HC_SCRIPT_FAILED;
		break;
	case HC_SCRIPT_SIGNALED:
		v.r = HC_SCRIPT_SIGNAL;
		break;
	case HC_SCRIPT_TIMEDOUT:
		v.r = HC_SCRIPT_TIMEOUT;
		break;
	default:
		v.r = HC_SCRIPT_NOT_RUN;
	}
	return v;
}

static void
wait_unlink(struct hc_scripts *s, struct hc_script_wait *w)
{
	struct hc_script_wait **pp;

	for (pp = &s->head; *pp; pp = &(*pp)->next)
		if (*pp == w) {
			*pp = w->next;
			return;
		}
}

static void
misc_release(struct hc_check *c)
{
	struct misc_att *a = c->priv;

	if (!a)
		return;
	if (a->waiting)
		wait_unlink(c->scripts, &a->wait);
	event_timer_cancel(&a->t);
	free(a);
	c->priv = NULL;
}

static const char *
misc_cmd(const struct hc_check *c)
{
	return c->ck->misc_path.n ? c->ck->misc_path.v[0] : "?";
}

static void
misc_fire(struct event_timer *t, void *arg)
{
	struct hc_check *c = arg;
	struct misc_att *a = c->priv;
	enum hc_result r = a->early;
	char why[64];

	(void)t;
	memcpy(why, a->why, sizeof(why));
	misc_release(c);
	if (r == HC_OK)
		hc_check_done(c, HC_SCRIPT_TIMEOUT, "MISC_CHECK %s: no answer from the parent",
			      misc_cmd(c));
	else
		hc_check_done(c, r, "MISC_CHECK %s: cannot run: %s", misc_cmd(c), why);
}

static uint32_t
misc_timeout_ms(const struct hc_check *c)
{
	uint64_t us = c->ck->misc_timeout != CONF_UNSET && c->ck->misc_timeout > 0 ?
		      (uint64_t)c->ck->misc_timeout : c->delay_loop_us;
	uint64_t ms = us / 1000;

	return ms == 0 ? 1 : ms > UINT32_MAX ? UINT32_MAX : (uint32_t)ms;
}

/* Send the request.  0, or -errno with a->why set. */
static int
misc_request(struct hc_check *c, struct misc_att *a)
{
	struct hc_scripts *s = c->scripts;
	struct hc_msg_script_run m;
	int r;

	if (!s || !s->ch || !s->conf) {
		snprintf(a->why, sizeof(a->why), "no channel to the parent");
		return -ENOTCONN;
	}
	memset(&m, 0, sizeof(m));
	m.req_id = ++s->next_id;
	m.vs_idx = (uint32_t)(c->vs - s->conf->vs);
	m.rs_idx = (uint32_t)(c->rs - c->vs->rs);
	m.checker_idx = (uint32_t)(c->ck - c->rs->checker);
	m.timeout_ms = misc_timeout_ms(c);
	r = ipc_send(s->ch, HC_MSG_SCRIPT_RUN, 0, -1, &m, sizeof(m));
	if (r < 0) {
		snprintf(a->why, sizeof(a->why), "request failed: %s", strerror(-r));
		return r;
	}
	a->wait.id = m.req_id;
	a->wait.c = c;
	a->wait.next = s->head;
	s->head = &a->wait;
	a->waiting = true;
	return 0;
}

static int
misc_start(struct hc_check *c)
{
	struct misc_att *a = calloc(1, sizeof(*a));
	uint64_t delay;
	int err;

	if (!a)
		return -ENOMEM;
	c->priv = a;
	if (misc_request(c, a) < 0) {
		a->early = HC_SCRIPT_NOT_RUN;
		delay = 0;	/* report from the loop */
	} else {
		delay = (uint64_t)misc_timeout_ms(c) * 1000 + MISC_GRACE_US;
	}
	err = event_timer_add_us(c->loop, &a->t, delay, misc_fire, c);
	if (err < 0)
		misc_release(c);
	return err;
}

static void
misc_report(struct hc_check *c, const struct hc_msg_script_done *d)
{
	struct hc_misc_verdict v = hc_misc_verdict(d->outcome, d->status, c->ck->misc_dynamic);
	char text[HC_SCRIPT_TEXT_MAX];

	memcpy(text, d->text, sizeof(text));
	text[sizeof(text) - 1] = '\0';
	if (v.has_weight) {
		c->wkind = HC_W_SET;
		c->wval = v.weight;
	}
	switch (d->outcome) {
	case HC_SCRIPT_EXITED:
		if (v.has_weight)
			hc_check_done(c, v.r, "MISC_CHECK %s: exit %d, weight %lld", misc_cmd(c),
				      (int)d->status, (long long)v.weight);
		else
			hc_check_done(c, v.r, "MISC_CHECK %s: exit %d", misc_cmd(c),
				      (int)d->status);
		break;
	case HC_SCRIPT_SIGNALED:
	case HC_SCRIPT_TIMEDOUT:
		hc_check_done(c, v.r, "MISC_CHECK %s: %s (signal %d)", misc_cmd(c),
			      d->outcome == HC_SCRIPT_TIMEDOUT ? "killed after misc_timeout"
							       : "killed", (int)d->status);
		break;
	default:
		hc_check_done(c, v.r, "MISC_CHECK %s: not run: %s", misc_cmd(c),
			      text[0] ? text : strerror((int)d->status));
	}
}

int
hc_scripts_done(struct hc_scripts *s, const struct hc_msg_script_done *d)
{
	struct hc_script_wait *w;
	struct hc_check *c;

	for (w = s->head; w; w = w->next)
		if (w->id == d->req_id)
			break;
	if (!w)
		return -ENOENT;
	c = w->c;
	misc_release(c);	/* unlinks w */
	misc_report(c, d);
	return 0;
}

void
hc_scripts_reset(struct hc_scripts *s)
{
	s->head = NULL;
}

const struct hc_ops hc_misc_ops = {
	.name = "MISC_CHECK",
	.start = misc_start,
	.cancel = misc_release,
};
