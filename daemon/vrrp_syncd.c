/* vrrp_syncd.c: IPVS sync daemon following a VRRP instance (see
 * vrrp_syncd.h). */
#include "config.h"

#include <errno.h>
#include <linux/ip_vs.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include "ipvs_nl.h"
#include "vrrp_syncd.h"

/* Linux 6.1 (lab): a sync daemon stopped within a few milliseconds of its
 * start never answers the stop request (measured: stop 2 ms after start
 * hangs, 300 ms after start returns at once).  A daemon we started is
 * therefore not stopped before this age; the wait only happens when the
 * role changes right after start-up (e.g. "state MASTER"). */
#define SYNCD_MIN_AGE_NS	300000000LL

struct vrrp_syncd {
	struct ipvs_nl *nl;
	struct ipvs_daemon d;
	uint32_t running;	/* IP_VS_STATE_MASTER/BACKUP, 0: none */
	bool stopped;		/* vrrp_syncd_stop: no more role changes */
	struct timespec started;	/* CLOCK_MONOTONIC of our last start */
};

static void
wait_min_age(const struct vrrp_syncd *s)
{
	struct timespec now, d;
	long long age;

	if (!s->started.tv_sec && !s->started.tv_nsec)
		return;
	clock_gettime(CLOCK_MONOTONIC, &now);
	age = (now.tv_sec - s->started.tv_sec) * 1000000000LL +
	      (now.tv_nsec - s->started.tv_nsec);
	if (age >= SYNCD_MIN_AGE_NS)
		return;
	d.tv_sec = 0;
	d.tv_nsec = (long)(SYNCD_MIN_AGE_NS - age);
	while (nanosleep(&d, &d) < 0 && errno == EINTR)
		;
}

/* The instance driving the old-style keyword: the first one that has it. */
static const struct conf_vrrp *
first_with_interface(const struct conf *c)
{
	size_t k;

	for (k = 0; k < c->n_vrrp; k++)
		if (c->vrrp[k].lvs_sync_daemon_interface)
			return &c->vrrp[k];
	return NULL;
}

int
vrrp_syncd_conf(const struct conf *c, const struct conf_vrrp *cv,
		struct ipvs_daemon *ret)
{
	const struct conf_sync_daemon *g = &c->global.lvs_sync_daemon;
	const char *ifname;

	memset(ret, 0, sizeof(*ret));
	if (g->ifname && g->instance) {
		if (!cv->name || strcmp(g->instance, cv->name) != 0)
			return 0;
		ifname = g->ifname;
	} else if (first_with_interface(c) == cv) {
		ifname = cv->lvs_sync_daemon_interface;
	} else {
		return 0;
	}
	if (strlen(ifname) > IPVS_IFNAME_LEN - 1 || !*ifname)
		return -EINVAL;
	strcpy(ret->mcast_ifn, ifname);
	/* keepalived: no "id" means the instance's VRID (the parser keeps 0
	 * for both, so an explicit "id 0" is taken as unset too) */
	ret->syncid = g->ifname && g->syncid > 0 ? (uint32_t)g->syncid
						   : (uint32_t)cv->vrid;
	if (!g->ifname)
		return 1;
	if (g->maxlen > 0)
		ret->sync_maxlen = (uint16_t)g->maxlen;
	if (g->port > 0)
		ret->mcast_port = (uint16_t)g->port;
	if (g->ttl > 0)
		ret->mcast_ttl = (uint8_t)g->ttl;
	if (g->group.af == AF_INET || g->group.af == AF_INET6) {
		ret->mcast_af = g->group.af;
		ret->mcast_group = g->group.a;
	}
	return 1;
}

static int
daemon_cmd(struct vrrp_syncd *s, bool start, uint32_t state, char *err,
	   size_t errlen)
{
	struct ipvs_daemon d = s->d;
	int r;

	d.state = state;
	if (!start)
		wait_min_age(s);
	r = start ? ipvs_nl_daemon_start(s->nl, &d) : ipvs_nl_daemon_stop(s->nl, &d);
	if (start && r == 0)
		clock_gettime(CLOCK_MONOTONIC, &s->started);
	if (r < 0 && err && errlen)
		snprintf(err, errlen, "%s %s sync daemon on %s: %s",
			 start ? "start" : "stop",
			 state == IP_VS_STATE_MASTER ? "master" : "backup",
			 d.mcast_ifn, ipvs_strerror(start ? IPVS_OP_DAEMON_START :
						    IPVS_OP_DAEMON_STOP, r));
	return r;
}

/* What the kernel runs now: master if it runs, else backup, else 0. */
static uint32_t
kernel_running(struct vrrp_syncd *s)
{
	struct ipvs_daemon d[2];
	size_t n = 0, k;
	uint32_t st = 0;

	if (ipvs_nl_daemon_dump(s->nl, d, &n) < 0)
		return 0;
	for (k = 0; k < n && k < 2; k++)
		if (d[k].state == IP_VS_STATE_MASTER ||
		    (d[k].state == IP_VS_STATE_BACKUP && !st))
			st = d[k].state;
	return st;
}

int
vrrp_syncd_open(struct vrrp_syncd **ret, const struct ipvs_daemon *d,
		char *err, size_t errlen)
{
	struct vrrp_syncd *s = calloc(1, sizeof(*s));
	int r;

	if (!s)
		return -ENOMEM;
	s->d = *d;
	r = ipvs_nl_open(&s->nl);
	if (r < 0) {
		snprintf(err, errlen, "IPVS: %s", ipvs_strerror(IPVS_OP_INFO, r));
		free(s);
		return r;
	}
	s->running = kernel_running(s);
	if (!s->running && (r = vrrp_syncd_role(s, false, err, errlen)) < 0) {
		vrrp_syncd_close(s);
		return r;
	}
	*ret = s;
	return 0;
}

int
vrrp_syncd_role(struct vrrp_syncd *s, bool master, char *err, size_t errlen)
{
	uint32_t want = master ? IP_VS_STATE_MASTER : IP_VS_STATE_BACKUP;
	int r;

	if (s->stopped || s->running == want)
		return 0;
	if (s->running) {
		daemon_cmd(s, false, s->running, NULL, 0);
		s->running = 0;
	}
	r = daemon_cmd(s, true, want, err, errlen);
	if (r == -EEXIST)
		r = 0;		/* already running (left over): adopt it */
	if (r < 0)
		return r;
	s->running = want;
	return 1;
}

void
vrrp_syncd_stop(struct vrrp_syncd *s)
{
	if (!s)
		return;
	s->stopped = true;
	if (s->running) {
		daemon_cmd(s, false, s->running, NULL, 0);
		s->running = 0;
	}
}

void
vrrp_syncd_close(struct vrrp_syncd *s)
{
	if (!s)
		return;
	ipvs_nl_close(s->nl);
	free(s);
}
