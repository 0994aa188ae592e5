/* test_lvs_util.c: helpers shared by the lvs unit suites. */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>

#include "test_lvs_util.h"

struct conf *
lvs_t_conf(const char *text)
{
	struct conf_load_opts o = { .config_id = "lvs", .buf = text, .buf_len = strlen(text) };
	struct conf_diag d;
	struct conf *c = NULL;
	int r;

	memset(&d, 0, sizeof(d));
	r = conf_load("t.conf", &o, &c, &d);
	ck_assert_msg(r == 0, "conf_load: %d: %s", r, d.n ? d.msg[0].text : "");
	conf_diag_free(&d);
	return c;
}

static const char *
proto_name(uint16_t p)
{
	return p == IPPROTO_TCP ? "TCP" : p == IPPROTO_UDP ? "UDP" : p == IPPROTO_SCTP ? "SCTP" : "?";
}

static void
put_addr(FILE *f, uint16_t af, const union ipvs_addr *a, uint16_t port)
{
	char buf[INET6_ADDRSTRLEN];

	inet_ntop(af, a, buf, sizeof(buf));
	if (af == AF_INET6)
		fprintf(f, "[%s]:%u", buf, port);
	else
		fprintf(f, "%s:%u", buf, port);
}

static void
put_svc(FILE *f, const struct ipvs_service *s)
{
	if (s->fwmark)
		fprintf(f, "FWM %u %s", s->fwmark, s->af == AF_INET6 ? "v6" : "v4");
	else {
		fprintf(f, "%s ", proto_name(s->protocol));
		put_addr(f, s->af, &s->addr, s->port);
	}
}

static void
put_svc_attrs(FILE *f, const struct ipvs_service *s)
{
	fprintf(f, " %s", s->sched_name);
	if (s->flags)
		fprintf(f, " f=%#x", s->flags);
	if (s->flags & IP_VS_SVC_F_PERSISTENT)
		fprintf(f, s->af == AF_INET6 ? " t=%u m=%u" : " t=%u m=%#x", s->timeout, s->netmask);
	if (s->pe_name[0])
		fprintf(f, " pe=%s", s->pe_name);
}

static void
put_dest(FILE *f, const struct ipvs_dest *d)
{
	static const char *const fwd[] = { "NAT", "LOCAL", "TUN", "DR", "BYPASS" };
	uint32_t m = d->conn_flags & IP_VS_CONN_F_FWD_MASK;

	put_addr(f, d->af, &d->addr, d->port);
	fprintf(f, " %s", m < 5 ? fwd[m] : "?");
	if (m == IP_VS_CONN_F_TUNNEL)
		fprintf(f, "(%u,%u,%u)", d->tun_type, d->tun_port, d->tun_flags);
	fprintf(f, " w=%d", d->weight);
	if (d->u_threshold || d->l_threshold)
		fprintf(f, " u=%u l=%u", d->u_threshold, d->l_threshold);
}

char *
lvs_t_table(const struct lvs_table *t)
{
	char *buf = NULL;
	size_t len = 0, i, j;
	FILE *f = open_memstream(&buf, &len);

	ck_assert_ptr_nonnull(f);
	for (i = 0; i < t->n; i++) {
		put_svc(f, &t->v[i].s);
		put_svc_attrs(f, &t->v[i].s);
		fputc('\n', f);
		for (j = 0; j < t->v[i].n_d; j++) {
			fputs("  ", f);
			put_dest(f, &t->v[i].d[j]);
			fputc('\n', f);
		}
	}
	fclose(f);
	return buf;
}

char *
lvs_t_ops(const struct lvs_ops *ops)
{
	char *buf = NULL;
	size_t len = 0, i;
	FILE *f = open_memstream(&buf, &len);

	ck_assert_ptr_nonnull(f);
	for (i = 0; i < ops->n; i++) {
		const struct lvs_op *o = &ops->v[i];

		fprintf(f, "%s", lvs_op_name(o->op));
		if (o->op != IPVS_OP_FLUSH) {
			fputc(' ', f);
			put_svc(f, &o->svc);
		}
		if (o->op == IPVS_OP_SVC_ADD || o->op == IPVS_OP_SVC_EDIT)
			put_svc_attrs(f, &o->svc);
		if (o->op == IPVS_OP_DEST_ADD || o->op == IPVS_OP_DEST_EDIT ||
		    o->op == IPVS_OP_DEST_DEL) {
			fputs(" -> ", f);
			put_dest(f, &o->dest);
		}
		fputc('\n', f);
	}
	fclose(f);
	return buf;
}

void
lvs_t_desired(const struct conf *conf, struct lvs_table *out)
{
	struct lvs_health h;
	struct lvs_state st;
	struct lvs_events ev = { 0 };

	ck_assert_int_eq(lvs_health_init(&h, conf), 0);
	ck_assert_int_eq(lvs_state_init(&st, conf->n_vs), 0);
	lvs_table_init(out);
	ck_assert_int_eq(lvs_desired_build(conf, &h, &st, out, &ev), 0);
	lvs_events_free(&ev);
	lvs_state_free(&st);
	lvs_health_free(&h);
}
