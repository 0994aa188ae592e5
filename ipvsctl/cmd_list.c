/* cmd_list.c: fetch the kernel's IPVS state through lib/ipvs_nl and hand it
 * to the pure formatters (list_text.c, list_save.c, list_json.c,
 * list_conn.c).  Error texts and exit statuses follow ipvsadm 1.31. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "cmd_list.h"
#include "list_fmt.h"

#define CONN_PROC_FILE "/proc/net/ip_vs_conn"
#define OUT_BUF_SIZE 65536

/* A larger stdio buffer than the 4 KiB default for big tables; it must
 * outlive every later write to @out, hence static storage. */
static void
out_buffer(FILE *out)
{
	static char buf[OUT_BUF_SIZE];
	static FILE *done;

	if (done == NULL && !isatty(fileno(out)) && setvbuf(out, buf, _IOFBF, sizeof(buf)) == 0)
		done = out;
}

static struct list_style
style_of(const struct list_opts *o, bool rule)
{
	struct list_style st = {
		.numeric = o->numeric,
		.exact = o->exact,
		.sort = !o->nosort,	/* sorting is ipvsadm 1.31's default; --sort is a no-op */
	};

	if (rule)
		st.view = LIST_VIEW_RULE;
	else if (o->stats)
		st.view = LIST_VIEW_STATS;
	else if (o->rate)
		st.view = LIST_VIEW_RATE;
	else if (o->thresholds)
		st.view = LIST_VIEW_THRESHOLDS;
	else if (o->persistent_conn)
		st.view = LIST_VIEW_PERSISTCONN;
	else if (o->tun_info)
		st.view = LIST_VIEW_TUNINFO;
	else
		st.view = LIST_VIEW_DEFAULT;
	return st;
}

static int
fail_op(FILE *err, enum ipvs_op op, int rc)
{
	fprintf(err, "%s\n", ipvs_strerror(op, rc));
	return 1;
}

/* The services to list: the filtered one, or all of them (sorted). */
static int
fetch_services(struct ipvs_nl *nl, const struct list_opts *o, const struct list_style *st,
	       struct ipvs_service **svcs, size_t *n, FILE *err)
{
	int rc;

	if (o->have_filter) {
		*svcs = calloc(1, sizeof(**svcs));
		if (*svcs == NULL)
			return fail_op(err, IPVS_OP_SVC_GET, -ENOMEM);
		rc = ipvs_nl_svc_get(nl, &o->filter, *svcs);
		if (rc < 0) {
			free(*svcs);
			*svcs = NULL;
			return fail_op(err, IPVS_OP_SVC_GET, rc);
		}
		*n = 1;
		return 0;
	}
	rc = ipvs_nl_svc_dump(nl, svcs, n);
	if (rc < 0)
		return fail_op(err, IPVS_OP_SVC_DUMP, rc);
	if (st->sort)
		list_sort_services(*svcs, *n);
	return 0;
}

/* Text and -S: one destination dump per service, printed as it arrives
 * (ipvsadm's order of requests and output). */
static int
list_text_all(struct ipvs_nl *nl, const struct list_opts *o, const struct list_style *st,
	      FILE *out, FILE *err)
{
	struct ipvs_service *svcs = NULL;
	struct ipvs_info info;
	size_t n = 0, i;
	int rc;

	if (!o->have_filter && st->view != LIST_VIEW_RULE) {
		rc = ipvs_nl_get_info(nl, &info);
		if (rc < 0)
			return fail_op(err, IPVS_OP_INFO, rc);
		list_text_header(out, &info);
	}
	if (fetch_services(nl, o, st, &svcs, &n, err) != 0)
		return 1;
	list_text_title(out, st);
	for (i = 0; i < n; i++) {
		struct ipvs_dest *dests = NULL;
		size_t nd = 0;

		rc = ipvs_nl_dest_dump(nl, &svcs[i], &dests, &nd);
		if (rc < 0) {
			free(svcs);
			return fail_op(err, IPVS_OP_DEST_DUMP, rc);
		}
		list_text_service(out, st, &svcs[i], dests, nd);
		free(dests);
	}
	free(svcs);
	return 0;
}

static void
free_json_entries(struct list_json_svc *e, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(e[i].dests);
	free(e);
}

/* JSON: everything is fetched first, then written as one document. */
static int
list_json_all(struct ipvs_nl *nl, const struct list_opts *o, const struct list_style *st,
	      FILE *out, FILE *err)
{
	struct ipvs_service *svcs = NULL;
	struct list_json_svc *e;
	struct ipvs_info info;
	size_t n = 0, i;
	int rc;

	rc = ipvs_nl_get_info(nl, &info);
	if (rc < 0)
		return fail_op(err, IPVS_OP_INFO, rc);
	if (fetch_services(nl, o, st, &svcs, &n, err) != 0)
		return 1;
	e = calloc(n ? n : 1, sizeof(*e));
	if (e == NULL) {
		free(svcs);
		return fail_op(err, IPVS_OP_SVC_DUMP, -ENOMEM);
	}
	for (i = 0; i < n; i++) {
		struct ipvs_dest *dests = NULL;
		size_t nd = 0;

		rc = ipvs_nl_dest_dump(nl, &svcs[i], &dests, &nd);
		if (rc < 0) {
			free_json_entries(e, i);
			free(svcs);
			return fail_op(err, IPVS_OP_DEST_DUMP, rc);
		}
		if (st->sort)
			list_sort_dests(dests, nd);
		e[i] = (struct list_json_svc){ .svc = &svcs[i], .dests = dests, .ndests = nd };
	}
	list_json_services(out, &info, e, n);
	free_json_entries(e, n);
	free(svcs);
	return 0;
}

static int
finish(FILE *out, int rc)
{
	fflush(out);
	return rc;
}

/* Text listings without -n share one name cache; if it cannot be had,
 * names are looked up uncached (same output, slower). */
static int
list_text_named(struct ipvs_nl *nl, const struct list_opts *o, struct list_style *st,
		FILE *out, FILE *err)
{
	int rc;

	if (!st->numeric && list_names_new(&st->names) < 0)
		st->names = NULL;
	rc = list_text_all(nl, o, st, out, err);
	list_names_free(st->names);
	st->names = NULL;
	return finish(out, rc);
}

int
cmd_list_services(struct ipvs_nl *nl, const struct list_opts *o, FILE *out, FILE *err)
{
	struct list_style st = style_of(o, false);

	out_buffer(out);
	if (o->format == LIST_FMT_JSON)
		return finish(out, list_json_all(nl, o, &st, out, err));
	return list_text_named(nl, o, &st, out, err);
}

int
cmd_list_save(struct ipvs_nl *nl, const struct list_opts *o, FILE *out, FILE *err)
{
	struct list_style st = style_of(o, true);

	out_buffer(out);
	return list_text_named(nl, o, &st, out, err);
}

int
cmd_list_timeouts(struct ipvs_nl *nl, const struct list_opts *o, FILE *out, FILE *err)
{
	struct ipvs_timeouts t;

	/* ipvsadm exits 1 without a message when this fails. */
	if (ipvs_nl_timeout_get(nl, &t) < 0)
		return 1;
	if (o->format == LIST_FMT_JSON)
		list_json_timeouts(out, &t);
	else
		list_text_timeouts(out, &t);
	return finish(out, 0);
}

int
cmd_list_daemons(struct ipvs_nl *nl, const struct list_opts *o, FILE *out, FILE *err)
{
	struct ipvs_daemon d[2];
	size_t n = 0;

	memset(d, 0, sizeof(d));
	/* ipvsadm exits 1 without a message when this fails. */
	if (ipvs_nl_daemon_dump(nl, d, &n) < 0)
		return 1;
	if (o->format == LIST_FMT_JSON)
		list_json_daemons(out, d, n);
	else
		list_text_daemons(out, d, n);
	return finish(out, 0);
}

int
cmd_list_conns(const struct list_opts *o, FILE *out, FILE *err)
{
	FILE *in = fopen(CONN_PROC_FILE, "r");
	struct list_names *nc = NULL;
	bool json = o->format == LIST_FMT_JSON;
	int rc;

	if (in == NULL) {
		fprintf(err, "cannot open file %s\n", CONN_PROC_FILE);
		return 1;
	}
	out_buffer(out);
	if (!o->numeric && !json && list_names_new(&nc) < 0)
		nc = NULL;
	/* JSON is always numeric. */
	rc = list_conn_stream(in, CONN_PROC_FILE, out, err, o->numeric || json,
			      o->persistent_conn, json, nc);
	list_names_free(nc);
	fclose(in);
	return finish(out, rc);
}
