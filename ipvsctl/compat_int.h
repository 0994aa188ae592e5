/* compat_int.h: internals shared by compat.c (sequence), compat_opts.c
 * (option table and handlers) and compat_check.c (post-parse checks). */
#ifndef IPVSCTL_COMPAT_INT_H
#define IPVSCTL_COMPAT_INT_H

#include "compat.h"
#include "popt_lex.h"

#define COMPAT_MAX_TIMEOUT (86400 * 31)	/* 31 days */
#define COMPAT_PERSIST_DEFAULT 360		/* -p without a value */
#define COMPAT_DEF_SCHED "wlc"
#define COMPAT_DEF_MCAST_IFN "eth0"

struct compat_parse {
	struct compat_req *req;
	const struct compat_resolver *res;
	struct compat_err *err;
	const char *prog;
	const char *sched_flags;	/* last -b argument */
	struct popt_lex lx;
};

struct compat_optdef;
typedef int (*compat_opt_fn)(struct compat_parse *p,
			     const struct compat_optdef *d, const char *arg);

/* One row of the option table: popt spelling, the OPTC_* column it sets
 * (-1: none, repeatable), the command it selects (first option only), and
 * the handler applying its argument. */
struct compat_optdef {
	const char *lname;
	char sname;
	enum popt_argtype type;
	int optc;
	enum compat_cmd cmd;
	compat_opt_fn fn;
	int data;			/* handler parameter */
};

extern const struct compat_optdef compat_optdefs[];
extern const char *const compat_optnames[OPTC__COUNT];
extern const char *const compat_cmdnames[];
#define COMPAT_NOPTDEFS 60

/* compat_popt_table: the popt view of compat_optdefs (tag = row index). */
void compat_popt_table(struct popt_opt tab[COMPAT_NOPTDEFS]);

/* compat_errf: fill @err; returns -1. */
int compat_errf(struct compat_err *err, enum compat_fail kind, int status,
		const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* compat_check: ipvsadm's checks after parsing (compatibility table,
 * per-command rules, tunnel table) and the defaults it fills in. */
int compat_check(struct compat_req *req, struct compat_err *err);

#endif
