/* compat.c: ipvsadm 1.31's option processing -> struct compat_req.
 *
 * Mirrors ipvsadm's sequence: the first option must be a command; the
 * others are applied in order (set_option() rejects repeats); then --set's
 * three values, stray arguments, scheduler flags; then the command/option
 * table, per-command checks and the tunnel table.  Every message and exit
 * status is ipvsadm's.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compat.h"
#include "compat_int.h"
#include "compat_val.h"
#include "popt_lex.h"

int
compat_errf(struct compat_err *err, enum compat_fail kind, int status,
	    const char *fmt, ...)
{
	va_list ap;

	err->kind = kind;
	err->status = status;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	return -1;
}

void
compat_tryhelp(const char *prog, char *buf, size_t len)
{
	snprintf(buf, len, "Try `%s -h' or '%s --help' for more information.",
		 prog, prog);
}

static int
tryhelp(struct compat_parse *p)
{
	p->err->kind = COMPAT_TRYHELP;
	p->err->status = 255;
	compat_tryhelp(p->prog, p->err->msg, sizeof(p->err->msg));
	return -1;
}

static void
req_defaults(struct compat_req *req)
{
	memset(req, 0, sizeof(*req));
	req->dest.weight = 1;
	req->dest.conn_flags = IP_VS_CONN_F_DROUTE;
	req->svc.netmask = 0xffffffffu;
	req->list.sort = true;
}

/* The first option: it must be a command. */
static int
parse_command(struct compat_parse *p)
{
	const struct compat_optdef *d;
	const char *arg;
	int c = popt_next(&p->lx, &arg);

	if (c < 0)
		return tryhelp(p);
	d = &compat_optdefs[c];
	if (d->cmd == COMPAT_NONE)
		return tryhelp(p);
	p->req->cmd = d->cmd;
	return d->fn ? d->fn(p, d, arg) : 0;
}

static int
set_option(struct compat_parse *p, int optc)
{
	if (optc < 0)
		return 0;
	if (p->req->options & COMPAT_OPT(optc))
		return compat_errf(p->err, COMPAT_FAIL, 2,
				   "multiple '%s' options specified",
				   compat_optnames[optc]);
	p->req->options |= COMPAT_OPT(optc);
	return 0;
}

/* The remaining options, in order. */
static int
parse_rest(struct compat_parse *p)
{
	const char *arg;
	int c;

	while ((c = popt_next(&p->lx, &arg)) >= 0) {
		const struct compat_optdef *d = &compat_optdefs[c];

		if (d->cmd != COMPAT_NONE)
			return compat_errf(p->err, COMPAT_FAIL, 2,
					   "invalid option `%s'",
					   popt_bad_option(&p->lx));
		if (set_option(p, d->optc) != 0)
			return -1;
		if (d->fn != NULL && d->fn(p, d, arg) != 0)
			return -1;
	}
	if (c < POPT_END)
		return compat_errf(p->err, COMPAT_POPT, 255, "%s: %s",
				   popt_bad_option(&p->lx), popt_strerror(c));
	return 0;
}

static int
parse_timeouts(struct compat_parse *p)
{
	const char *a[3];
	int v[3];

	for (int i = 0; i < 3; i++)
		if ((a[i] = popt_get_arg(&p->lx)) == NULL)
			return compat_errf(p->err, COMPAT_FAIL, 2,
					   "--set option requires 3 timeout values");
	for (int i = 0; i < 3; i++) {
		v[i] = compat_number(a[i], 0, COMPAT_MAX_TIMEOUT);
		if (v[i] == -1)
			return compat_errf(p->err, COMPAT_FAIL, 2,
					   "invalid timeout value `%s' specified",
					   a[i]);
	}
	p->req->timeout.tcp = (uint32_t)v[0];
	p->req->timeout.tcp_fin = (uint32_t)v[1];
	p->req->timeout.udp = (uint32_t)v[2];
	return 0;
}

/* What ipvsadm's parse_options() does after the option loop. */
static int
parse_tail(struct compat_parse *p)
{
	const char *extra;
	uint32_t flags;

	if (p->req->cmd == COMPAT_TIMEOUT && parse_timeouts(p) != 0)
		return -1;
	if ((extra = popt_get_arg(&p->lx)) != NULL)
		return compat_errf(p->err, COMPAT_FAIL, 2,
				   "unexpected argument %s", extra);
	if (p->sched_flags != NULL && p->sched_flags[0] != '\0') {
		if (compat_sched_flags(p->req->svc.sched_name, p->sched_flags,
				       &flags, p->err) != 0)
			return -1;
		p->req->svc.flags &= ~(uint32_t)(IP_VS_SVC_F_SCHED1 |
						 IP_VS_SVC_F_SCHED2 |
						 IP_VS_SVC_F_SCHED3);
		p->req->svc.flags |= flags;
	}
	return 0;
}

static int
parse_all(struct compat_parse *p)
{
	if (parse_command(p) != 0)
		return -1;
	if (p->req->cmd == COMPAT_HELP || p->req->cmd == COMPAT_VERSION)
		return 0;
	if (parse_rest(p) != 0 || parse_tail(p) != 0)
		return -1;
	return compat_check(p->req, p->err);
}

static bool
posix_env(void)
{
	return getenv("POSIXLY_CORRECT") != NULL ||
	       getenv("POSIX_ME_HARDER") != NULL;
}

int
compat_parse(int argc, const char *const *argv, const struct compat_resolver *res,
	     struct compat_req *req, struct compat_err *err)
{
	struct popt_opt tab[COMPAT_NOPTDEFS];
	struct compat_parse p = {
		.req = req, .res = res, .err = err,
		.prog = argc > 0 && argv[0] ? argv[0] : "ipvsadm",
	};
	int rc;

	memset(err, 0, sizeof(*err));
	req_defaults(req);
	compat_popt_table(tab);
	if (popt_init(&p.lx, argc, argv, tab, COMPAT_NOPTDEFS, posix_env()) != 0)
		return compat_errf(err, COMPAT_FAIL, 2, "%s", strerror(ENOMEM));
	rc = parse_all(&p);
	popt_fini(&p.lx);
	return rc;
}
