/* lvs_probe.c: drive the reconciler core (daemon/liblvs.a) against the
 * kernel, for tests/lab/scenarios/50-lvs-apply.sh.
 *
 *   lvs_probe sync CONF [--old OLDCONF] [--down VS:RS]... [--weight VS:RS:W]...
 *       desired table of CONF (servers in their start state, except those
 *       given), kernel table, diff (services of OLDCONF are ours to delete;
 *       global_defs lvs_flush deletes every other service), apply.
 *   lvs_probe stop CONF
 *       delete the services CONF owns (one FLUSH with lvs_flush_onstop).
 *
 * Prints every operation sent, one per line, then "sent N failed M"; each
 * failure as "error INDEX OP: TEXT".  Exit status 0 if nothing failed.
 * Stateless on purpose: every run starts from config + kernel, as ipvsd does
 * after kill -9.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>

#include "lvs.h"

static void
put_addr(uint16_t af, const union ipvs_addr *a, uint16_t port)
{
	char buf[INET6_ADDRSTRLEN];

	inet_ntop(af, a, buf, sizeof(buf));
	printf(af == AF_INET6 ? "[%s]:%u" : "%s:%u", buf, port);
}

static void
print_op(const struct lvs_op *o)
{
	printf("%s", lvs_op_name(o->op));
	if (o->op == IPVS_OP_FLUSH) {
		putchar('\n');
		return;
	}
	if (o->svc.fwmark)
		printf(" FWM %u", o->svc.fwmark);
	else {
		printf(" %s ", o->svc.protocol == IPPROTO_UDP ? "UDP" :
		       o->svc.protocol == IPPROTO_SCTP ? "SCTP" : "TCP");
		put_addr(o->svc.af, &o->svc.addr, o->svc.port);
	}
	if (o->op == IPVS_OP_DEST_ADD || o->op == IPVS_OP_DEST_EDIT || o->op == IPVS_OP_DEST_DEL) {
		printf(" -> ");
		put_addr(o->dest.af, &o->dest.addr, o->dest.port);
		printf(" w=%d", o->dest.weight);
	}
	putchar('\n');
}

static struct conf *
load(const char *path)
{
	struct conf_load_opts opts = { 0 };
	struct conf_diag d = { 0 };
	struct conf *c = NULL;

	if (conf_load(path, &opts, &c, &d) < 0) {
		conf_diag_print(stderr, &d);
		conf_diag_free(&d);
		exit(2);
	}
	conf_diag_free(&d);
	return c;
}

/* --down VS:RS / --weight VS:RS:W */
static int
health_arg(struct lvs_health *h, const char *opt, const char *arg)
{
	unsigned long vs, rs;
	long w = 0;
	struct lvs_rs_health *e;
	int n = strcmp(opt, "--weight") == 0 ? 3 : 2;

	if ((n == 3 ? sscanf(arg, "%lu:%lu:%ld", &vs, &rs, &w) : sscanf(arg, "%lu:%lu", &vs, &rs)) != n ||
	    (e = lvs_health_at(h, vs, rs)) == NULL) {
		fprintf(stderr, "lvs_probe: bad %s %s\n", opt, arg);
		return -EINVAL;
	}
	if (n == 3) {
		e->has_weight = true;
		e->weight = w;
	} else {
		e->up = false;
	}
	return 0;
}

static int
run(struct ipvs_nl *nl, const struct lvs_ops *ops)
{
	struct lvs_apply_result res;
	size_t i;
	int r;

	for (i = 0; i < ops->n; i++)
		print_op(&ops->v[i]);
	r = lvs_apply(nl, ops, &res);
	printf("sent %zu failed %zu\n", res.sent, res.failed);
	for (i = 0; i < res.n_err; i++)
		printf("error %zu %s: %s%s%s\n", res.err[i].index, lvs_op_name(res.err[i].op),
		       ipvs_strerror(res.err[i].op, res.err[i].err),
		       res.err[i].extack[0] ? ": " : "", res.err[i].extack);
	if (r < 0)
		fprintf(stderr, "lvs_probe: apply: %s\n", strerror(-r));
	r = r < 0 || res.failed ? 1 : 0;
	lvs_apply_result_free(&res);
	return r;
}

static int
cmd_sync(struct ipvs_nl *nl, struct conf *c, int argc, char **argv)
{
	struct lvs_health h;
	struct lvs_state st;
	struct lvs_events ev = { 0 };
	struct lvs_table cur, want, owned;
	struct lvs_ops ops = { 0 };
	struct conf *old = NULL;
	int i, r;

	if (lvs_health_init(&h, c) < 0 || lvs_state_init(&st, c->n_vs) < 0)
		return 2;
	for (i = 0; i + 1 < argc; i += 2) {
		if (strcmp(argv[i], "--old") == 0)
			old = load(argv[i + 1]);
		else if (health_arg(&h, argv[i], argv[i + 1]) < 0)
			return 2;
	}
	lvs_table_init(&cur);
	lvs_table_init(&want);
	lvs_table_init(&owned);
	if ((r = lvs_kernel_load(nl, &cur)) < 0) {
		fprintf(stderr, "lvs_probe: kernel: %s\n", strerror(-r));
		return 2;
	}
	if (lvs_desired_build(c, &h, &st, &want, &ev) < 0 ||
	    (old && lvs_services_build(old, &owned) < 0) ||
	    lvs_diff(&cur, &want, old ? &owned : NULL, c->global.lvs_flush, &ops) < 0)
		return 2;
	/* Every run is a start (the probe keeps no state): a virtual server
	 * that has its quorum at start reports "gained" (keepalived's
	 * start-up quorum_up), which says nothing about this change. */
	for (i = 0; i < (int)ev.n; i++)
		if (!(ev.v[i].init && ev.v[i].type == LVS_EV_QUORUM_UP))
			printf("event %s vs %u\n",
			       ev.v[i].type == LVS_EV_QUORUM_UP ? "quorum_up" : "quorum_down",
			       ev.v[i].vs);
	r = run(nl, &ops);
	lvs_ops_free(&ops);
	lvs_table_free(&owned);
	lvs_table_free(&want);
	lvs_table_free(&cur);
	lvs_events_free(&ev);
	lvs_state_free(&st);
	lvs_health_free(&h);
	conf_free(old);
	return r;
}

static int
cmd_stop(struct ipvs_nl *nl, struct conf *c)
{
	struct lvs_table cur, owned;
	struct lvs_ops ops = { 0 };
	int r;

	lvs_table_init(&cur);
	lvs_table_init(&owned);
	if (lvs_kernel_load(nl, &cur) < 0 || lvs_services_build(c, &owned) < 0 ||
	    lvs_diff_stop(&cur, &owned, c->global.lvs_flush_onstop, &ops) < 0)
		return 2;
	r = run(nl, &ops);
	lvs_ops_free(&ops);
	lvs_table_free(&owned);
	lvs_table_free(&cur);
	return r;
}

int
main(int argc, char **argv)
{
	struct ipvs_nl *nl;
	struct conf *c;
	int r;

	if (argc < 3 || (strcmp(argv[1], "sync") != 0 && strcmp(argv[1], "stop") != 0)) {
		fprintf(stderr, "usage: lvs_probe sync|stop CONF [options]\n");
		return 2;
	}
	c = load(argv[2]);
	if ((r = ipvs_nl_open(&nl)) < 0) {
		fprintf(stderr, "lvs_probe: ipvs_nl_open: %s\n", strerror(-r));
		return 2;
	}
	r = strcmp(argv[1], "sync") == 0 ? cmd_sync(nl, c, argc - 3, argv + 3) : cmd_stop(nl, c);
	ipvs_nl_close(nl);
	conf_free(c);
	return r;
}
