/* vrrp_engine_dump.c: the engine as one JSON object (vrrp_engine_dump_json;
 * the VRRP child sends it to the parent on SIGUSR1: /tmp/ipvsd_vrrp.json).
 *
 * {"instances":[{"name","interface","vrid","family","version","state",
 *   "priority","base_priority","advert_int_us","master_adver_int_us",
 *   "master_down_interval_us","master","master_priority","source",
 *   "nopreempt","link_up","vips_held","vips_held_reason","handover",
 *   "stats":{...},"addresses":[{"address","prefix",
 *   "ifindex","advertised","installed"}]}],
 *  "sockets":[{"interface","family","rx","accepted","unknown_vrid",
 *   "rx_errors","tx","tx_errors"}]}
 */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <sys/socket.h>

#include "json_out.h"
#include "vrrp_engine.h"
#include "vrrp_engine_int.h"

static const char *
family_str(int af)
{
	return af == AF_INET6 ? "inet6" : "inet";
}

static void
json_ip(FILE *f, int family, const uint8_t *addr)
{
	char buf[INET6_ADDRSTRLEN] = "";

	if (family == AF_INET || family == AF_INET6)
		inet_ntop(family, addr, buf, sizeof(buf));
	json_out_str(f, buf);
}

static void
json_stats(FILE *f, const struct vrrp_inst *i)
{
	const struct vrrp_fsm_stats *st = &i->fsm.stats;

	fprintf(f, "\"stats\":{\"transitions\":%llu,\"became_master\":%llu,"
		"\"adverts_sent\":%llu,\"adverts_received\":%llu,"
		"\"priority_zero_sent\":%llu,\"priority_zero_received\":%llu,"
		"\"lower_priority_received\":%llu,\"address_mismatch\":%llu}",
		(unsigned long long)st->trans_cnt,
		(unsigned long long)st->become_master,
		(unsigned long long)st->adver_sent,
		(unsigned long long)st->adver_rcvd,
		(unsigned long long)st->pri_zero_sent,
		(unsigned long long)st->pri_zero_rcvd,
		(unsigned long long)st->lower_prio_rcvd,
		(unsigned long long)i->adv_addr_mismatch);
}

static void
json_vips(FILE *f, const struct vrrp_inst *i)
{
	size_t k;

	fprintf(f, "\"addresses\":[");
	for (k = 0; k < i->vips.n; k++) {
		const struct vrrp_vip *v = &i->vips.v[k];

		fprintf(f, "%s{\"address\":", k ? "," : "");
		json_ip(f, v->a.family, v->a.addr);
		fprintf(f, ",\"prefix\":%u,\"ifindex\":%u,\"advertised\":%s,"
			"\"installed\":%s}", v->a.prefix, v->a.ifindex,
			v->in_advert ? "true" : "false",
			v->installed ? "true" : "false");
	}
	fputc(']', f);
}

static enum vrrp_held
inst_held(const struct vrrp_inst *i)
{
	return vrrp_held_of(i->fsm.vips_held, &i->ho);
}

int
vrrp_engine_inst_held(const struct vrrp_engine *e, size_t inst_idx)
{
	if (inst_idx >= e->n_inst)
		return -ENOENT;
	return (int)inst_held(&e->inst[inst_idx]);
}

static const char *
ho_phase_str(enum vrrp_ho_phase ph)
{
	switch (ph) {
	case VRRP_HO_WAIT: return "wait";
	case VRRP_HO_GRACE: return "grace";
	case VRRP_HO_DONE: return "done";
	default: return "idle";
	}
}

/* "vips_held":bool,"vips_held_reason":"preempted"|"stopping"|null,
 * "handover":"idle"|"wait"|"grace"|"done" */
static void
json_held(FILE *f, const struct vrrp_inst *i)
{
	enum vrrp_held h = inst_held(i);

	fprintf(f, "\"vips_held\":%s,\"vips_held_reason\":",
		h != VRRP_HELD_NONE ? "true" : "false");
	if (h != VRRP_HELD_NONE)
		fprintf(f, "\"%s\"", vrrp_held_str(h));
	else
		fputs("null", f);
	fprintf(f, ",\"handover\":\"%s\",", ho_phase_str(i->ho.phase));
}

static void
json_inst(FILE *f, const struct vrrp_inst *i, bool comma)
{
	const struct vrrp_fsm *m = &i->fsm;

	fprintf(f, "%s{\"name\":", comma ? "," : "");
	json_out_str(f, vrrp_inst_name(i));
	fprintf(f, ",\"interface\":");
	json_out_str(f, i->cv->interface);
	fprintf(f, ",\"vrid\":%lld,\"family\":\"%s\",\"version\":%u,\"state\":\"%s\","
		"\"priority\":%u,\"base_priority\":%u,\"advert_int_us\":%llu,"
		"\"master_adver_int_us\":%llu,\"master_down_interval_us\":%llu,"
		"\"master\":", (long long)i->cv->vrid, family_str(i->family),
		m->cfg.version, vrrp_state_str(m->state), m->priority,
		m->base_priority, (unsigned long long)m->cfg.adver_int_us,
		(unsigned long long)m->master_adver_int_us,
		(unsigned long long)m->master_down_interval_us);
	json_ip(f, m->master_addr.family, m->master_addr.addr);
	fprintf(f, ",\"master_priority\":%u,\"source\":", m->master_priority);
	json_ip(f, i->src.family, i->src.addr);
	fprintf(f, ",\"nopreempt\":%s,\"link_up\":%s,",
		m->cfg.nopreempt ? "true" : "false", i->link_up ? "true" : "false");
	json_held(f, i);
	json_stats(f, i);
	fputc(',', f);
	json_vips(f, i);
	fputc('}', f);
}

static void
json_sock(FILE *f, const struct vrrp_sock *s, bool comma)
{
	fprintf(f, "%s{\"interface\":", comma ? "," : "");
	json_out_str(f, s->ifname);
	fprintf(f, ",\"family\":\"%s\",\"rx\":%llu,\"accepted\":%llu,"
		"\"unknown_vrid\":%llu,\"rx_errors\":%llu,\"tx\":%llu,"
		"\"tx_errors\":%llu}", family_str(s->family),
		(unsigned long long)s->stats.rx,
		(unsigned long long)s->stats.accepted,
		(unsigned long long)s->stats.drop_vrid,
		(unsigned long long)s->stats.rx_err,
		(unsigned long long)s->stats.tx,
		(unsigned long long)s->stats.tx_err);
}

void
vrrp_engine_dump_json(const struct vrrp_engine *e, FILE *f)
{
	const struct vrrp_sock *s;
	size_t k;

	fprintf(f, "{\"instances\":[");
	for (k = 0; k < e->n_inst; k++)
		json_inst(f, &e->inst[k], k > 0);
	fprintf(f, "],\"sockets\":[");
	for (s = e->pool.head; s; s = s->next)
		json_sock(f, s, s != e->pool.head);
	fprintf(f, "]}\n");
}
