/* conf_parse.c: the block walker over keyword tables, and the value
 * parsers shared by the tables. */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "conf_parse.h"

static void vdiag(struct conf_pctx *p, enum conf_severity sev, const struct conf_stmt *st,
		  const char *fmt, va_list ap) __attribute__((format(printf, 4, 0)));

static void
vdiag(struct conf_pctx *p, enum conf_severity sev, const struct conf_stmt *st,
      const char *fmt, va_list ap)
{
	conf_diag_vadd(p->diag, sev, st ? st->file : NULL, st ? st->line : 0, fmt, ap);
}

void
conf_err(struct conf_pctx *p, const struct conf_stmt *st, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vdiag(p, CONF_SEV_ERROR, st, fmt, ap);
	va_end(ap);
}

void
conf_warn(struct conf_pctx *p, const struct conf_stmt *st, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vdiag(p, CONF_SEV_WARNING, st, fmt, ap);
	va_end(ap);
}

void
conf_loc_set(struct conf_loc *loc, const struct conf_stmt *st)
{
	loc->file = st->file;
	loc->line = st->line;
}

void
conf_str_set(struct conf_pctx *p, char **dst, const char *s)
{
	char *c = strdup(s);

	if (c == NULL) {
		p->nomem = true;
		return;
	}
	free(*dst);
	*dst = c;
}

void *
conf_push(struct conf_pctx *p, void *vec, size_t *n, size_t size)
{
	void *e = conf_vec_push(vec, n, size);

	if (e == NULL)
		p->nomem = true;
	return e;
}

static int
next_stmt(struct conf_pctx *p, struct conf_stmt *st)
{
	int r = conf_lex_next(p->lex, st);

	if (r < 0)
		p->nomem = true;
	return r;
}

void
conf_skip_block(struct conf_pctx *p)
{
	struct conf_stmt st;
	unsigned depth = 1;

	while (depth > 0 && next_stmt(p, &st) == 1) {
		if (st.open)
			depth++;
		if (st.close)
			depth--;
		conf_stmt_clear(&st);
	}
}

bool
conf_open_block(struct conf_pctx *p, const struct conf_stmt *st)
{
	const struct conf_stmt *nx;
	struct conf_stmt tmp;

	if (st->open)
		return true;
	if (conf_lex_peek(p->lex, &nx) == 1 && nx->open && nx->argc == 0) {
		next_stmt(p, &tmp);
		conf_stmt_clear(&tmp);
		return true;
	}
	conf_err(p, st, "'%s' needs a { } block", st->argv[0]);
	return false;
}

bool
conf_part_skip(struct conf_pctx *p, const struct conf_stmt *st, enum conf_part side)
{
	const struct conf_stmt *nx;
	struct conf_stmt tmp;

	if (p->part == CONF_PART_ALL || p->part == side)
		return false;
	p->conf->n_skipped++;
	if (!st->open && conf_lex_peek(p->lex, &nx) == 1 && nx->open && nx->argc == 0) {
		next_stmt(p, &tmp);
		conf_stmt_clear(&tmp);
		conf_skip_block(p);
	} else if (st->open) {
		conf_skip_block(p);
	}
	return true;
}

static const struct conf_kw *
find_kw(const struct conf_block *b, const char *name)
{
	size_t i;

	for (i = 0; i < b->n; i++)
		if (strcmp(b->kw[i].name, name) == 0)
			return &b->kw[i];
	return NULL;
}

static void
parse_enum(struct conf_pctx *p, const struct conf_kw *kw, void *field,
	   const struct conf_stmt *st)
{
	const char *const *names = kw->aux;
	int64_t i;

	if (conf_need_args(p, st, 1, 1) < 0)
		return;
	for (i = 0; names[i]; i++)
		if (strcasecmp(names[i], st->argv[1]) == 0) {
			*(int64_t *)field = i;
			return;
		}
	conf_err(p, st, "%s: invalid value '%s'", st->argv[0], st->argv[1]);
}

static void
parse_list(struct conf_pctx *p, struct conf_strv *sv, const struct conf_stmt *st)
{
	struct conf_stmt it;

	if (conf_args_strv(p, st, 1, sv) < 0)
		return;
	if (!st->open && (st->argc > 1 || !conf_open_block(p, st)))
		return;
	while (next_stmt(p, &it) == 1 && !it.close) {
		if (it.open) {
			conf_err(p, &it, "unexpected block in the list of '%s'", st->argv[0]);
			conf_skip_block(p);
		}
		conf_args_strv(p, &it, 0, sv);
		conf_stmt_clear(&it);
	}
	conf_stmt_clear(&it);
}

/* Parse one statement @st whose keyword row is @kw, into @obj. */
static void
apply_kw(struct conf_pctx *p, const struct conf_kw *kw, void *obj,
	 const struct conf_stmt *st)
{
	void *field = (char *)obj + kw->off;
	bool b = true;

	switch (kw->type) {
	case KT_STR:
		if (conf_need_args(p, st, 1, 1) == 0)
			conf_str_set(p, field, st->argv[1]);
		break;
	case KT_FLAG:
	case KT_NOFLAG:
		if (st->argc > 1 && conf_arg_bool(p, st, 1, &b) < 0)
			break;
		*(bool *)field = kw->type == KT_FLAG ? b : !b;
		break;
	case KT_TRI:
		if (st->argc > 1 && conf_arg_bool(p, st, 1, &b) < 0)
			break;
		*(int8_t *)field = b ? CONF_TRI_YES : CONF_TRI_NO;
		break;
	case KT_INT:
		if (conf_need_args(p, st, 1, 1) == 0)
			conf_arg_int(p, st, 1, kw->min, kw->max, field);
		break;
	case KT_TIMER:
		if (conf_need_args(p, st, 1, 1) == 0)
			conf_arg_timer(p, st, 1, kw->min, kw->max, field);
		break;
	case KT_ADDR:
		if (conf_need_args(p, st, 1, 1) == 0)
			conf_arg_addr(p, st, 1, field, NULL);
		break;
	case KT_ENUM:
		parse_enum(p, kw, field, st);
		break;
	case KT_ARGV:
		if (conf_need_args(p, st, 1, SIZE_MAX) == 0) {
			conf_strv_free(field);
			conf_args_strv(p, st, 1, field);
		}
		break;
	case KT_LIST:
		parse_list(p, field, st);
		break;
	case KT_BLOCK:
		if (conf_open_block(p, st))
			conf_parse_block(p, kw->aux, field, st);
		break;
	case KT_FN:
		kw->fn(p, obj, st);
		break;
	case KT_UNSUP:
		break;
	}
}

static bool
kw_takes_block(const struct conf_kw *kw)
{
	return kw->type == KT_BLOCK || kw->type == KT_LIST || kw->type == KT_FN;
}

static void
unknown_kw(struct conf_pctx *p, const struct conf_block *b, const struct conf_stmt *st)
{
	size_t i;

	for (i = 0; conf_all_blocks[i]; i++)
		if (conf_all_blocks[i] != b && find_kw(conf_all_blocks[i], st->argv[0])) {
			conf_err(p, st, "keyword '%s' is not valid in %s (it belongs in %s)",
				 st->argv[0], b->name, conf_all_blocks[i]->name);
			return;
		}
	conf_err(p, st, "unknown keyword '%s' in %s", st->argv[0], b->name);
}

/* Handle one statement of block @b; returns false at the block's end. */
static void
parse_stmt(struct conf_pctx *p, const struct conf_block *b, void *obj,
	   const struct conf_stmt *st)
{
	const struct conf_kw *kw;

	if (st->argc == 0) {
		conf_err(p, st, "unexpected '{'");
		conf_skip_block(p);
		return;
	}
	kw = find_kw(b, st->argv[0]);
	if (kw == NULL) {
		unknown_kw(p, b, st);
	} else if (kw->type == KT_UNSUP) {
		conf_warn(p, st, "keyword %s is not supported", st->argv[0]);
	} else {
		if (kw->flags & KWF_OBSOLETE)
			conf_warn(p, st, "keyword %s is deprecated", st->argv[0]);
		apply_kw(p, kw, obj, st);
		if (kw_takes_block(kw))
			return;
	}
	if (st->open) {
		if (kw != NULL && kw->type != KT_UNSUP)
			conf_err(p, st, "'%s' does not take a { } block", st->argv[0]);
		conf_skip_block(p);
	}
}

void
conf_parse_block(struct conf_pctx *p, const struct conf_block *b, void *obj,
		 const struct conf_stmt *opener)
{
	struct conf_stmt st;
	int r;

	while ((r = next_stmt(p, &st)) == 1 && !st.close) {
		parse_stmt(p, b, obj, &st);
		conf_stmt_clear(&st);
	}
	conf_stmt_clear(&st);
	if (r == 0)
		conf_err(p, opener, "'%s' block is not closed", opener->argv[0]);
}

void
conf_parse_top(struct conf_pctx *p)
{
	struct conf_stmt st;

	while (!p->nomem && next_stmt(p, &st) == 1) {
		if (st.close)
			conf_err(p, &st, "unexpected '}'");
		else
			parse_stmt(p, &conf_root_block, p->conf, &st);
		conf_stmt_clear(&st);
	}
}

void
conf_parse_items(struct conf_pctx *p, const struct conf_stmt *st, void *obj,
		 conf_item_fn fn)
{
	struct conf_stmt it;
	int r;

	if (!conf_open_block(p, st))
		return;
	while ((r = next_stmt(p, &it)) == 1 && !it.close) {
		if (it.open) {
			conf_err(p, &it, "unexpected block in '%s'", st->argv[0]);
			conf_skip_block(p);
		} else {
			fn(p, obj, &it);
		}
		conf_stmt_clear(&it);
	}
	conf_stmt_clear(&it);
	if (r == 0)
		conf_err(p, st, "'%s' block is not closed", st->argv[0]);
}

/* ---- value parsers ---- */

int
conf_need_args(struct conf_pctx *p, const struct conf_stmt *st, size_t min, size_t max)
{
	size_t n = st->argc - 1;

	if (n < min) {
		conf_err(p, st, "%s: missing argument", st->argv[0]);
		return -EINVAL;
	}
	if (n > max)	/* keepalived ignores extra words: warn, do not fail */
		conf_warn(p, st, "%s: extra arguments ignored", st->argv[0]);
	return 0;
}

int
conf_parse_int(const char *s, int64_t *out)
{
	char *end;
	long long v;

	errno = 0;
	v = strtoll(s, &end, 10);
	if (*s == '\0' || *end != '\0')
		return -EINVAL;
	if (errno == ERANGE)
		return -ERANGE;
	*out = v;
	return 0;
}

int
conf_parse_timer(const char *s, int64_t *out)
{
	int64_t whole = 0, frac = 0, scale = 100000;
	const char *q = s;

	if (*q == '\0' || *q == '-')
		return -EINVAL;
	for (; *q >= '0' && *q <= '9'; q++) {
		whole = whole * 10 + (*q - '0');
		if (whole > INT64_MAX / US / 10)
			return -ERANGE;
	}
	if (*q == '.')
		for (q++; *q >= '0' && *q <= '9'; q++, scale /= 10)
			frac += scale * (*q - '0');
	if (*q != '\0' || (q == s))
		return -EINVAL;
	*out = whole * US + frac;
	return 0;
}

int
conf_arg_int(struct conf_pctx *p, const struct conf_stmt *st, size_t i,
	     int64_t lo, int64_t hi, int64_t *out)
{
	int64_t v;
	int r = conf_parse_int(st->argv[i], &v);

	if (r == -EINVAL) {
		conf_err(p, st, "%s: invalid number '%s'", st->argv[0], st->argv[i]);
		return r;
	}
	if (r < 0 || v < lo || v > hi) {
		conf_err(p, st, "%s: value %s out of range [%lld, %lld]", st->argv[0],
			 st->argv[i], (long long)lo, (long long)hi);
		return -EINVAL;
	}
	*out = v;
	return 0;
}

int
conf_arg_timer(struct conf_pctx *p, const struct conf_stmt *st, size_t i,
	       int64_t lo, int64_t hi, int64_t *out)
{
	int64_t v;
	char a[32], b[32];
	int r = conf_parse_timer(st->argv[i], &v);

	if (r == -EINVAL) {
		conf_err(p, st, "%s: invalid time '%s'", st->argv[0], st->argv[i]);
		return r;
	}
	if (r < 0 || v < lo || v > hi) {
		conf_err(p, st, "%s: value %s out of range [%s, %s] seconds", st->argv[0],
			 st->argv[i], conf_out_timer(lo, a, sizeof(a)), conf_out_timer(hi, b, sizeof(b)));
		return -EINVAL;
	}
	*out = v;
	return 0;
}

int
conf_arg_bool(struct conf_pctx *p, const struct conf_stmt *st, size_t i, bool *out)
{
	static const char *const yes[] = { "on", "true", "yes" }, *const no[] = { "off", "false", "no" };
	size_t k;

	for (k = 0; k < 3; k++) {
		if (strcasecmp(st->argv[i], yes[k]) == 0) {
			*out = true;
			return 0;
		}
		if (strcasecmp(st->argv[i], no[k]) == 0) {
			*out = false;
			return 0;
		}
	}
	conf_err(p, st, "%s: invalid boolean '%s'", st->argv[0], st->argv[i]);
	return -EINVAL;
}

int
conf_addr_parse(const char *s, struct conf_addr *out)
{
	struct conf_addr a = { 0 };

	if (inet_pton(AF_INET, s, &a.a.in) == 1)
		a.af = AF_INET;
	else if (inet_pton(AF_INET6, s, &a.a.in6) == 1)
		a.af = AF_INET6;
	else
		return -EINVAL;
	*out = a;
	return 0;
}

int
conf_arg_addr(struct conf_pctx *p, const struct conf_stmt *st, size_t i,
	      struct conf_addr *out, int64_t *prefix)
{
	char buf[INET6_ADDRSTRLEN + 8];
	char *slash;
	int64_t len = CONF_UNSET;

	snprintf(buf, sizeof(buf), "%s", st->argv[i]);
	slash = prefix ? strchr(buf, '/') : NULL;
	if (slash != NULL) {
		*slash = '\0';
		if (conf_parse_int(slash + 1, &len) < 0 || len < 0) {
			conf_err(p, st, "%s: invalid prefix length in '%s'", st->argv[0], st->argv[i]);
			return -EINVAL;
		}
	}
	if (strlen(st->argv[i]) >= sizeof(buf) - 1 || conf_addr_parse(buf, out) < 0) {
		conf_err(p, st, "%s: invalid address '%s'", st->argv[0], st->argv[i]);
		return -EINVAL;
	}
	if (len != CONF_UNSET && len > (out->af == AF_INET ? 32 : 128)) {
		conf_err(p, st, "%s: prefix length out of range in '%s'", st->argv[0], st->argv[i]);
		return -EINVAL;
	}
	if (prefix)
		*prefix = len;
	return 0;
}

int
conf_arg_str(struct conf_pctx *p, const struct conf_stmt *st, size_t i, char **out)
{
	conf_str_set(p, out, st->argv[i]);
	return p->nomem ? -ENOMEM : 0;
}

int
conf_args_strv(struct conf_pctx *p, const struct conf_stmt *st, size_t from,
	       struct conf_strv *out)
{
	size_t i;

	for (i = from; i < st->argc; i++)
		if (conf_strv_push(out, st->argv[i], -1) < 0) {
			p->nomem = true;
			return -ENOMEM;
		}
	return 0;
}
