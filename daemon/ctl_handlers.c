/* ctl_handlers.c: the control-socket requests of ipvsd (lib/ctl_proto.h):
 * status, reload (synchronous, with the errors), drain/undrain "VS RS",
 * dump-json.  Each handler builds its text in a memory stream. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "control.h"
#include "log.h"
#include "names.h"
#include "parent.h"

/* Close the memory stream (which sets *buf and *len) and copy its text
 * into @out.  Returns @status, or CTL_ST_FAILED. */
static int
finish(FILE *f, char **buf, size_t *len, struct ctl_out *out, int status)
{
	int r = 0;

	if (f == NULL)
		return CTL_ST_FAILED;
	if (fclose(f) != 0)
		r = -ENOMEM;
	if (r == 0 && *len > 0)
		r = ctl_out_append(out, *buf, *len);
	free(*buf);
	*buf = NULL;
	return r < 0 ? CTL_ST_FAILED : status;
}

static int
h_status(const struct ctl_frame *req, struct ctl_out *out, void *arg)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	(void)req;
	if (f != NULL)
		dump_status(arg, f);
	return finish(f, &buf, &len, out, CTL_ST_OK);
}

static int
h_dump(const struct ctl_frame *req, struct ctl_out *out, void *arg)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	(void)req;
	if (f != NULL)
		dump_json(arg, f);
	return finish(f, &buf, &len, out, CTL_ST_OK);
}

static int
h_reload(const struct ctl_frame *req, struct ctl_out *out, void *arg)
{
	struct parent *p = arg;
	char *buf = NULL;
	size_t len = 0;
	FILE *f;
	int r;

	(void)req;
	if (p->stopping)
		return CTL_ST_BUSY;
	if ((f = open_memstream(&buf, &len)) == NULL)
		return CTL_ST_FAILED;
	log_info("control socket: reload requested");
	r = reload_run(p, f);
	return finish(f, &buf, &len, out, r == 0 ? CTL_ST_OK : CTL_ST_FAILED);
}

/* Parse "VS RS" against the running configuration. */
static int
find_target(const struct parent *p, const struct ctl_frame *req, size_t *vs, size_t *rs,
	    FILE *f)
{
	char text[CTL_MAX_REQ_PAYLOAD + 1], *sp;
	int r;

	memcpy(text, req->payload, req->len);
	text[req->len] = '\0';
	if ((sp = strpbrk(text, " \t")) == NULL) {
		fprintf(f, "usage: drain|undrain VIRTUAL_SERVER REAL_SERVER "
			"(e.g. 10.0.0.100:80 10.0.0.11:80, fwmark:1 10.0.0.11)\n");
		return CTL_ST_BADREQ;
	}
	*sp++ = '\0';
	sp += strspn(sp, " \t");
	if ((r = names_find_vs(p->conf, text, vs)) < 0 ||
	    (r = names_find_rs(&p->conf->vs[*vs], sp, rs)) < 0) {
		fprintf(f, "%s %s: %s\n", text, sp,
			r == -ENOENT ? "no such virtual/real server in the running configuration" :
			r == -EEXIST ? "ambiguous (add /tcp, /udp or a port)" : "malformed");
		return r == -ENOENT ? CTL_ST_NOTFOUND : CTL_ST_BADREQ;
	}
	return CTL_ST_OK;
}

static int
drain_req(const struct ctl_frame *req, struct ctl_out *out, struct parent *p, bool on)
{
	char *buf = NULL, vn[NAMES_LEN], rn[NAMES_LEN];
	size_t len = 0, vs, rs;
	FILE *f = open_memstream(&buf, &len);
	int st, r;

	if (f == NULL)
		return CTL_ST_FAILED;
	if (p->stopping) {
		fprintf(f, "ipvsd is stopping\n");
		return finish(f, &buf, &len, out, CTL_ST_BUSY);
	}
	if (p->o->lvs_disabled) {
		fprintf(f, "ipvsd runs VRRP only (-P): no virtual server is managed\n");
		return finish(f, &buf, &len, out, CTL_ST_FAILED);
	}
	if ((st = find_target(p, req, &vs, &rs, f)) != CTL_ST_OK)
		return finish(f, &buf, &len, out, st);
	names_vs(&p->conf->vs[vs], vn, sizeof(vn));
	names_rs(&p->conf->vs[vs].rs[rs], rn, sizeof(rn));
	r = on ? drain_add(&p->drains, vs, rs) : drain_del(&p->drains, vs, rs);
	if (r < 0) {
		fprintf(f, "%s\n", strerror(-r));
		return finish(f, &buf, &len, out, CTL_ST_FAILED);
	}
	if (r == 0) {
		fprintf(f, "RS %s of VS %s was already %s\n", rn, vn, on ? "drained" : "not drained");
		return finish(f, &buf, &len, out, CTL_ST_OK);
	}
	log_info("control socket: %s RS %s of VS %s", on ? "drain" : "undrain", rn, vn);
	r = parent_sync(p, NULL, false, on ? "drain" : "undrain");
	fprintf(f, "RS %s of VS %s %s: %llu IPVS operation(s)%s\n", rn, vn,
		on ? "drained (weight 0)" : "undrained", (unsigned long long)p->st.last_ops,
		r < 0 ? " (kernel update failed, retrying)" : "");
	return finish(f, &buf, &len, out, CTL_ST_OK);
}

static int
h_drain(const struct ctl_frame *req, struct ctl_out *out, void *arg)
{
	return drain_req(req, out, arg, true);
}

static int
h_undrain(const struct ctl_frame *req, struct ctl_out *out, void *arg)
{
	return drain_req(req, out, arg, false);
}

int
ctl_handlers_register(struct parent *p)
{
	int r;

	if ((r = ctl_server_set_handler(p->ctl, CTL_REQ_STATUS, h_status, p)) < 0 ||
	    (r = ctl_server_set_handler(p->ctl, CTL_REQ_RELOAD, h_reload, p)) < 0 ||
	    (r = ctl_server_set_handler(p->ctl, CTL_REQ_DRAIN, h_drain, p)) < 0 ||
	    (r = ctl_server_set_handler(p->ctl, CTL_REQ_UNDRAIN, h_undrain, p)) < 0 ||
	    (r = ctl_server_set_handler(p->ctl, CTL_REQ_DUMP_JSON, h_dump, p)) < 0)
		return r;
	return 0;
}
