/* dump.c: status text, JSON dump, SIGUSR1/SIGUSR2 files (see parent.h). */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "ipvs_nl.h"
#include "json_out.h"
#include "names.h"
#include "parent.h"
#include "parent_health.h"
#include "parent_vrrp.h"
#include "vrrp_fsm.h"
#include "vrrp_handover.h"

/* What the reconciler makes of one real server right now. */
struct rs_view {
	const struct conf_rs *rs;
	const struct lvs_rs_health *h;
	const struct parent_rs *info;
	bool drained;
	bool present;		/* in the kernel table */
	int32_t weight;		/* its weight there */
};

static bool
quorum_up(const struct parent *p, size_t vs)
{
	return vs < p->state.n_vs && p->state.q[vs].known ? p->state.q[vs].up : true;
}

static void
rs_view(const struct parent *p, size_t vs, size_t rs, struct rs_view *v)
{
	const struct conf_vs *cvs = &p->conf->vs[vs];
	struct lvs_place pl;

	v->rs = &cvs->rs[rs];
	v->h = lvs_health_at(&p->health, vs, rs);
	v->info = v->h ? &p->rs[v->h - p->health.rs] : NULL;
	v->drained = drain_has(&p->drains, vs, rs);
	pl = v->h ? lvs_rs_place(cvs, v->rs, v->h, quorum_up(p, vs))
		  : (struct lvs_place){ false, 0 };
	v->present = pl.present;
	v->weight = v->drained ? 0 : pl.weight;
}

static void
status_vs(const struct parent *p, size_t i, FILE *f)
{
	const struct conf_vs *vs = &p->conf->vs[i];
	char name[NAMES_LEN];
	size_t j;

	fprintf(f, "VS %s sched %s quorum %s (%lld, hysteresis %lld)%s\n",
		names_vs(vs, name, sizeof(name)), vs->sched ? vs->sched : "wlc",
		quorum_up(p, i) ? "up" : "down", (long long)vs->quorum,
		(long long)vs->hysteresis, vs->sorry ? ", sorry_server configured" : "");
	for (j = 0; j < vs->n_rs; j++) {
		struct rs_view v;

		rs_view(p, i, j, &v);
		fprintf(f, "  RS %s weight %d (configured %lld) health %s%s%s",
			names_rs(v.rs, name, sizeof(name)), v.present ? v.weight : 0,
			(long long)v.rs->weight, v.h && v.h->up ? "up" : "down",
			v.drained ? " drained" : "", v.present ? "" : " not-in-table");
		if (v.rs->n_checker == 0)
			fprintf(f, " (no checker)");
		if (v.info && v.info->reason[0])
			fprintf(f, " reason \"%s\"", v.info->reason);
		fputc('\n', f);
	}
}

static const char *
vrrp_state_name(int state)
{
	return state < 0 ? "UNKNOWN" : vrrp_state_str((enum vrrp_state)state);
}

/* "VRRP child pid N" and one line per instance, as last reported. */
static void
status_vrrp(const struct parent *p, FILE *f)
{
	const struct parent_vrrp_inst *in;
	size_t i;

	if (p->o->vrrp_disabled) {
		fprintf(f, "VRRP: disabled (-C)%s\n", p->conf->n_vrrp ?
			", vrrp_instance blocks ignored" : "");
		return;
	}
	if (parent_vrrp_pid(p) > 0)
		fprintf(f, "VRRP child pid %d, restarts %u\n", parent_vrrp_pid(p),
			parent_vrrp_restarts(p));
	else
		fprintf(f, "VRRP child: %s\n", p->conf->n_vrrp ? "not running" : "none");
	for (i = 0; (in = parent_vrrp_inst(p, i)) != NULL; i++) {
		fprintf(f, "VRRP instance %s state %s priority %u transitions %llu",
			in->name, vrrp_state_name(in->state), in->priority, in->transitions);
		/* preempted or stopping, the addresses stay for a grace time */
		if (in->held != VRRP_HELD_NONE)
			fprintf(f, " vips_held %s", vrrp_held_str((enum vrrp_held)in->held));
		fprintf(f, "%s\n", in->ready == 0 ? " (LVS side not ready: holding)" : "");
	}
}

void
dump_status(const struct parent *p, FILE *f)
{
	size_t i;

	fprintf(f, "ipvsd %s pid %d, up %lds, config %s\n", PACKAGE_VERSION, (int)getpid(),
		(long)(time(NULL) - p->started), p->o->conf_file);
	fprintf(f, "reloads %llu, failed %llu%s%s\n", (unsigned long long)p->st.reloads,
		(unsigned long long)p->st.reload_failures,
		p->last_reload_error[0] ? ", last error: " : "", p->last_reload_error);
	if (!p->o->lvs_disabled)
		fprintf(f, "ipvs syncs %llu, operations %llu sent, %llu failed, last pass %llu\n",
			(unsigned long long)p->st.syncs, (unsigned long long)p->st.ops_sent,
			(unsigned long long)p->st.ops_failed, (unsigned long long)p->st.last_ops);
	status_vrrp(p, f);
	if (p->o->lvs_disabled) {
		fprintf(f, "LVS side: disabled (-P), IPVS table and health checks not managed\n");
		return;
	}
	if (parent_health_pid(p) > 0)
		fprintf(f, "health-check child pid %d\n", parent_health_pid(p));
	else
		fprintf(f, "health-check child: none\n");
	fprintf(f, "virtual servers %zu, drained real servers %zu\n", p->conf->n_vs,
		p->drains.n);
	for (i = 0; i < p->conf->n_vs; i++)
		status_vs(p, i, f);
}

/* ---- JSON ---- */

static void
json_rs(const struct parent *p, size_t i, size_t j, FILE *f)
{
	char name[NAMES_LEN], a[INET6_ADDRSTRLEN + 1];
	struct rs_view v;

	rs_view(p, i, j, &v);
	fprintf(f, "%s{\"name\":", j ? "," : "");
	json_out_str(f, names_rs(v.rs, name, sizeof(name)));
	fprintf(f, ",\"address\":");
	json_out_str(f, names_addr(&v.rs->addr, a, sizeof(a)));
	fprintf(f, ",\"port\":%lld,\"weight\":%lld,\"effective_weight\":%d,"
		"\"in_table\":%s,\"up\":%s,\"drained\":%s,\"checkers\":%zu,\"reason\":",
		v.rs->port == CONF_UNSET ? 0LL : (long long)v.rs->port, (long long)v.rs->weight,
		v.present ? v.weight : 0, v.present ? "true" : "false",
		v.h && v.h->up ? "true" : "false", v.drained ? "true" : "false",
		v.rs->n_checker);
	json_out_str(f, v.info ? v.info->reason : "");
	fprintf(f, ",\"since\":%lld}", v.info ? (long long)v.info->since : 0LL);
}

static void
json_vs(const struct parent *p, size_t i, FILE *f)
{
	const struct conf_vs *vs = &p->conf->vs[i];
	char name[NAMES_LEN];
	size_t j;

	fprintf(f, "%s{\"name\":", i ? "," : "");
	json_out_str(f, names_vs(vs, name, sizeof(name)));
	fprintf(f, ",\"scheduler\":");
	json_out_str(f, vs->sched ? vs->sched : "wlc");
	fprintf(f, ",\"quorum\":%lld,\"hysteresis\":%lld,\"quorum_up\":%s,\"real_servers\":[",
		(long long)vs->quorum, (long long)vs->hysteresis,
		quorum_up(p, i) ? "true" : "false");
	for (j = 0; j < vs->n_rs; j++)
		json_rs(p, i, j, f);
	fprintf(f, "]}");
}

static void
json_stats(FILE *f, const struct ipvs_stats *s)
{
	fprintf(f, "\"stats\":{\"conns\":%llu,\"inpkts\":%llu,\"outpkts\":%llu,"
		"\"inbytes\":%llu,\"outbytes\":%llu,\"cps\":%llu}",
		(unsigned long long)s->conns, (unsigned long long)s->inpkts,
		(unsigned long long)s->outpkts, (unsigned long long)s->inbytes,
		(unsigned long long)s->outbytes, (unsigned long long)s->cps);
}

static void
json_kernel_svc(const struct parent *p, const struct ipvs_service *s, bool comma, FILE *f)
{
	char a[INET6_ADDRSTRLEN + 1];
	struct ipvs_dest *d = NULL;
	size_t n = 0, k;

	inet_ntop(s->af, &s->addr, a, sizeof(a));
	fprintf(f, "%s{\"af\":%u,\"protocol\":%u,\"address\":\"%s\",\"port\":%u,"
		"\"fwmark\":%u,\"scheduler\":", comma ? "," : "", s->af, s->protocol,
		s->fwmark ? "" : a, s->port, s->fwmark);
	json_out_str(f, s->sched_name);
	fprintf(f, ",\"flags\":%u,\"timeout\":%u,", s->flags, s->timeout);
	json_stats(f, &s->stats);
	fprintf(f, ",\"destinations\":[");
	if (ipvs_nl_dest_dump(p->nl, s, &d, &n) == 0)
		for (k = 0; k < n; k++) {
			inet_ntop(d[k].af, &d[k].addr, a, sizeof(a));
			fprintf(f, "%s{\"address\":\"%s\",\"port\":%u,\"weight\":%d,"
				"\"activeconns\":%u,\"inactconns\":%u,", k ? "," : "", a,
				d[k].port, d[k].weight, d[k].activeconns, d[k].inactconns);
			json_stats(f, &d[k].stats);
			fputc('}', f);
		}
	free(d);
	fprintf(f, "]}");
}

static void
json_vrrp(const struct parent *p, FILE *f)
{
	const struct parent_vrrp_inst *in;
	size_t i;

	for (i = 0; (in = parent_vrrp_inst(p, i)) != NULL; i++) {
		fprintf(f, "%s{\"name\":", i ? "," : "");
		json_out_str(f, in->name);
		fprintf(f, ",\"state\":\"%s\",\"priority\":%u,\"transitions\":%llu,"
			"\"since\":%lld,\"ready\":%s,\"vips_held\":%s,\"vips_held_reason\":",
			vrrp_state_name(in->state), in->priority, in->transitions,
			(long long)in->since,
			in->ready < 0 ? "null" : in->ready ? "true" : "false",
			in->held != VRRP_HELD_NONE ? "true" : "false");
		if (in->held != VRRP_HELD_NONE)
			json_out_str(f, vrrp_held_str((enum vrrp_held)in->held));
		else
			fputs("null", f);
		fputc('}', f);
	}
}

void
dump_json(const struct parent *p, FILE *f)
{
	struct ipvs_service *s = NULL;
	size_t i, n = 0;

	fprintf(f, "{\"version\":\"%s\",\"pid\":%d,\"started\":%lld,\"config\":",
		PACKAGE_VERSION, (int)getpid(), (long long)p->started);
	json_out_str(f, p->o->conf_file);
	fprintf(f, ",\"reloads\":%llu,\"reload_failures\":%llu,\"last_reload_error\":",
		(unsigned long long)p->st.reloads, (unsigned long long)p->st.reload_failures);
	json_out_str(f, p->last_reload_error);
	fprintf(f, ",\"ipvs\":{\"syncs\":%llu,\"ops_sent\":%llu,\"ops_failed\":%llu,"
		"\"last_ops\":%llu},\"vrrp_instances\":[", (unsigned long long)p->st.syncs,
		(unsigned long long)p->st.ops_sent, (unsigned long long)p->st.ops_failed,
		(unsigned long long)p->st.last_ops);
	json_vrrp(p, f);
	fprintf(f, "],\"vrrp\":{\"enabled\":%s,\"pid\":%d,\"restarts\":%u},"
		"\"lvs_enabled\":%s,\"virtual_servers\":[",
		p->o->vrrp_disabled ? "false" : "true", parent_vrrp_pid(p),
		parent_vrrp_restarts(p), p->o->lvs_disabled ? "false" : "true");
	for (i = 0; i < p->conf->n_vs; i++)
		json_vs(p, i, f);
	fprintf(f, "],\"kernel\":[");
	if (p->nl != NULL && ipvs_nl_svc_dump(p->nl, &s, &n) == 0)
		for (i = 0; i < n; i++)
			json_kernel_svc(p, &s[i], i > 0, f);
	free(s);
	fprintf(f, "]}\n");
}

/* ---- signal dumps ---- */

static FILE *
open_dump(const char *path)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0644);
	FILE *f;

	if (fd < 0)
		return NULL;
	if ((f = fdopen(fd, "w")) == NULL)
		close(fd);
	return f;
}

static int
close_dump(FILE *f)
{
	int bad = ferror(f);

	if (fclose(f) != 0 || bad)
		return -EIO;
	return 0;
}

int
dump_data(const struct parent *p, const char *path)
{
	FILE *f = open_dump(path);

	if (f == NULL)
		return -errno;
	fprintf(f, "------< ipvsd state >------\n");
	dump_status(p, f);
	fprintf(f, "------< configuration (normalized) >------\n");
	conf_print(f, p->conf);
	return close_dump(f);
}

static void
stats_line(FILE *f, const char *indent, const struct ipvs_stats *s)
{
	fprintf(f, "%sconns %llu inpkts %llu outpkts %llu inbytes %llu outbytes %llu\n",
		indent, (unsigned long long)s->conns, (unsigned long long)s->inpkts,
		(unsigned long long)s->outpkts, (unsigned long long)s->inbytes,
		(unsigned long long)s->outbytes);
}

int
dump_stats(const struct parent *p, const char *path)
{
	FILE *f = open_dump(path);
	struct ipvs_service *s = NULL;
	char a[INET6_ADDRSTRLEN + 1];
	size_t i, k, n = 0, nd;

	if (f == NULL)
		return -errno;
	fprintf(f, "------< ipvsd statistics >------\n");
	fprintf(f, "syncs %llu, operations %llu sent, %llu failed; reloads %llu, failed %llu\n",
		(unsigned long long)p->st.syncs, (unsigned long long)p->st.ops_sent,
		(unsigned long long)p->st.ops_failed, (unsigned long long)p->st.reloads,
		(unsigned long long)p->st.reload_failures);
	if (p->nl == NULL)
		fprintf(f, "kernel table: not managed (-P)\n");
	else if (ipvs_nl_svc_dump(p->nl, &s, &n) < 0)
		fprintf(f, "kernel table: unreadable\n");
	for (i = 0; i < n; i++) {
		struct ipvs_dest *d = NULL;

		inet_ntop(s[i].af, &s[i].addr, a, sizeof(a));
		if (s[i].fwmark)
			fprintf(f, "FWM %u %s\n", s[i].fwmark, s[i].sched_name);
		else
			fprintf(f, "%s [%s]:%u %s\n", s[i].protocol == IPPROTO_UDP ? "UDP" :
				s[i].protocol == IPPROTO_SCTP ? "SCTP" : "TCP", a, s[i].port,
				s[i].sched_name);
		stats_line(f, "  ", &s[i].stats);
		if (ipvs_nl_dest_dump(p->nl, &s[i], &d, &nd) < 0)
			continue;
		for (k = 0; k < nd; k++) {
			inet_ntop(d[k].af, &d[k].addr, a, sizeof(a));
			fprintf(f, "  -> [%s]:%u weight %d active %u inactive %u\n", a, d[k].port,
				d[k].weight, d[k].activeconns, d[k].inactconns);
			stats_line(f, "     ", &d[k].stats);
		}
		free(d);
	}
	free(s);
	return close_dump(f);
}
