/* conf_kw_check.c: keyword tables of the checker blocks of a real_server
 * (keepalived check/check_api.c and check_{tcp,http,smtp,dns,udp,ping,
 * misc,file}.c). */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "conf_kw.h"

#define CK struct conf_checker
#define CN struct conf_conn
#define U struct conf_url

static const char *const check_names[] = { "TCP_CHECK", "HTTP_GET", "SSL_GET", "SMTP_CHECK",
	"DNS_CHECK", "UDP_CHECK", "PING_CHECK", "MISC_CHECK", "FILE_CHECK", "BFD_CHECK", NULL };

/* Connection options, valid in every checker and in SMTP_CHECK host{}. */
#define CONN_ROWS(T, pre) \
	KW_ADDR("connect_ip", T, pre connect_ip), \
	KW_INT("connect_port", T, pre connect_port, 1, 65535), \
	KW_ADDR("bindto", T, pre bindto), \
	KW_INT("bind_port", T, pre bind_port, 1, 65535), \
	KW_STR("bind_if", T, pre bind_if), \
	KW_TIMER("connect_timeout", T, pre connect_timeout, 1, 86400 * US), \
	KW_INT("fwmark", T, pre fwmark, 0, UINT32_MAX)

static int
kw_alpha(struct conf_pctx *p, void *obj, const struct conf_stmt *st)
{
	bool b = true;

	if (st->argc > 1 && conf_arg_bool(p, st, 1, &b) < 0)
		return -EINVAL;
	((CK *)obj)->alpha = b;
	return 0;
}

static void
pr_alpha(struct conf_out *o, const void *obj)
{
	const CK *c = obj;

	if (c->alpha != CONF_UNSET)
		conf_out_line(o, "alpha %s", c->alpha ? "on" : "off");
}

#define COMMON_ROWS \
	CONN_ROWS(CK, conn.), \
	KW_INT("retry", CK, retry, 0, UINT32_MAX), \
	KW_TIMER("delay_before_retry", CK, delay_before_retry, 0, 86400 * US), \
	KW_TIMER("warmup", CK, warmup, 0, 86400 * US), \
	KW_TIMER("delay_loop", CK, delay_loop, 1, 86400 * US), \
	KW_FN("alpha", kw_alpha, pr_alpha), \
	KW_FLAG("log_all_failures", CK, log_all_failures)

/* ---- url { } ---- */

/* status_code 200 | 200-299 ... */
static int
kw_status(struct conf_pctx *p, void *obj, const struct conf_stmt *st)
{
	U *u = obj;
	size_t i;
	int64_t lo, hi, c;
	char *dash;

	if (conf_need_args(p, st, 1, SIZE_MAX) < 0)
		return -EINVAL;
	for (i = 1; i < st->argc; i++) {
		char buf[32];
		snprintf(buf, sizeof(buf), "%s", st->argv[i]);
		dash = strchr(buf, '-');
		if (dash)
			*dash++ = '\0';
		if (conf_parse_int(buf, &lo) < 0 || (dash && conf_parse_int(dash, &hi) < 0) ||
		    lo < 100 || (dash ? hi : lo) > 599 || (dash && hi < lo)) {
			conf_err(p, st, "status_code: invalid code or range '%s'", st->argv[i]);
			continue;
		}
		if (!dash)
			hi = lo;
		for (c = lo; c <= hi; c++)
			u->status[(c - 100) / 8] |= (uint8_t)(1u << ((c - 100) % 8));
		u->status_set = true;
	}
	return 0;
}

static void
pr_status(struct conf_out *o, const void *obj)
{
	const U *u = obj;
	char line[4096];
	size_t l = 0;
	int c, start = -1;

	if (!u->status_set)
		return;
	l = (size_t)snprintf(line, sizeof(line), "status_code");
	for (c = 100; c <= 600; c++) {
		bool on = c < 600 && (u->status[(c - 100) / 8] & (1u << ((c - 100) % 8)));
		if (on && start < 0)
			start = c;
		if (!on && start >= 0) {
			if (start == c - 1)
				l += (size_t)snprintf(line + l, sizeof(line) - l, " %d", start);
			else
				l += (size_t)snprintf(line + l, sizeof(line) - l, " %d-%d", start, c - 1);
			start = -1;
			if (l >= sizeof(line))
				break;
		}
	}
	conf_out_line(o, "%s", line);
}

static int
kw_digest(struct conf_pctx *p, void *obj, const struct conf_stmt *st)
{
	U *u = obj;
	size_t i;

	if (conf_need_args(p, st, 1, 1) < 0)
		return -EINVAL;
	for (i = 0; st->argv[1][i]; i++)
		if (!isxdigit((unsigned char)st->argv[1][i]))
			break;
	if (st->argv[1][i] != '\0' || i != 32) {
		conf_err(p, st, "digest: '%s' is not an MD5 digest (32 hex digits)", st->argv[1]);
		return -EINVAL;
	}
	conf_str_set(p, &u->digest, st->argv[1]);
	for (i = 0; u->digest && u->digest[i]; i++)
		u->digest[i] = (char)tolower((unsigned char)u->digest[i]);
	return 0;
}

static void
pr_digest(struct conf_out *o, const void *obj)
{
	if (((const U *)obj)->digest)
		conf_out_line(o, "digest %s", ((const U *)obj)->digest);
}

static const struct conf_kw url_kw[] = {
	KW_STR("path", U, path),
	KW_FN("digest", kw_digest, pr_digest),
	KW_FN("status_code", kw_status, pr_status),
	KW_STR("virtualhost", U, virtualhost),
	KW_STR("regex", U, regex),
	KW_FLAG("regex_no_match", U, regex_no_match),
	KW_ARGV("regex_options", U, regex_options),
	KW_INT("regex_min_offset", U, regex_min_offset, 0, UINT32_MAX),
	KW_INT("regex_max_offset", U, regex_max_offset, 0, UINT32_MAX),
	KW_UNSUP("regex_stack"),
	KW_FLAG("tls_compliant", U, tls_compliant),
};
static const struct conf_block url_block = CONF_BLOCK("url", url_kw);

static int
kw_url(struct conf_pctx *p, void *obj, const struct conf_stmt *st)
{
	CK *c = obj;
	U *u;

	if (!conf_open_block(p, st))
		return -EINVAL;
	u = conf_push(p, &c->url, &c->n_url, sizeof(*u));
	if (u == NULL) {
		conf_skip_block(p);
		return -ENOMEM;
	}
	conf_loc_set(&u->loc, st);
	u->regex_min_offset = u->regex_max_offset = CONF_UNSET;
	conf_parse_block(p, &url_block, u, st);
	if (u->path == NULL)
		conf_err(p, st, "url: no path given");
	return 0;
}

static void
pr_url(struct conf_out *o, const void *obj)
{
	const CK *c = obj;
	size_t i;

	for (i = 0; i < c->n_url; i++) {
		conf_out_open(o, "url");
		conf_print_fields(o, &url_block, &c->url[i]);
		conf_out_close(o);
	}
}

/* ---- SMTP_CHECK host { } ---- */
static const struct conf_kw host_kw[] = { CONN_ROWS(CN, ) };
static const struct conf_block host_block = CONF_BLOCK("host", host_kw);

static int
kw_host(struct conf_pctx *p, void *obj, const struct conf_stmt *st)
{
	CK *c = obj;
	CN *h;

	if (!conf_open_block(p, st))
		return -EINVAL;
	h = conf_push(p, &c->host, &c->n_host, sizeof(*h));
	if (h == NULL) {
		conf_skip_block(p);
		return -ENOMEM;
	}
	conf_loc_set(&h->loc, st);
	h->connect_port = h->bind_port = h->connect_timeout = h->fwmark = CONF_UNSET;
	conf_parse_block(p, &host_block, h, st);
	return 0;
}

static void
pr_host(struct conf_out *o, const void *obj)
{
	const CK *c = obj;
	size_t i;

	for (i = 0; i < c->n_host; i++) {
		conf_out_open(o, "host");
		conf_print_fields(o, &host_block, &c->host[i]);
		conf_out_close(o);
	}
}

/* FILE_CHECK weight N [reverse] */
static int
kw_fweight(struct conf_pctx *p, void *obj, const struct conf_stmt *st)
{
	CK *c = obj;

	if (conf_need_args(p, st, 1, 2) < 0)
		return -EINVAL;
	c->weight_reverse = st->argc > 2 && strcmp(st->argv[2], "reverse") == 0;
	if (st->argc > 2 && !c->weight_reverse)
		conf_err(p, st, "weight: unexpected '%s'", st->argv[2]);
	return conf_arg_int(p, st, 1, -254, 254, &c->weight);
}

static void
pr_fweight(struct conf_out *o, const void *obj)
{
	const CK *c = obj;

	if (c->weight != CONF_UNSET)
		conf_out_line(o, "weight %lld%s", (long long)c->weight, c->weight_reverse ? " reverse" : "");
}

/* require_reply [HEX...] */
static int
kw_require_reply(struct conf_pctx *p, void *obj, const struct conf_stmt *st)
{
	CK *c = obj;

	c->require_reply = true;
	conf_strv_free(&c->reply);
	return conf_args_strv(p, st, 1, &c->reply);
}

static void
pr_require_reply(struct conf_out *o, const void *obj)
{
	const CK *c = obj;

	if (c->reply.n)
		conf_out_strv(o, "require_reply", &c->reply);
	else if (c->require_reply)
		conf_out_line(o, "require_reply");
}

/* DNS_CHECK type: the query types keepalived knows. */
static int
kw_dns_type(struct conf_pctx *p, void *obj, const struct conf_stmt *st)
{
	static const char *const types[] = { "A", "NS", "CNAME", "SOA", "MX", "TXT", "AAAA", NULL };
	size_t i;

	if (conf_need_args(p, st, 1, 1) < 0)
		return -EINVAL;
	for (i = 0; types[i]; i++)
		if (strcasecmp(types[i], st->argv[1]) == 0) {
			conf_str_set(p, &((CK *)obj)->dns_type, types[i]);
			return 0;
		}
	conf_err(p, st, "DNS_CHECK: unknown type '%s'", st->argv[1]);
	return -EINVAL;
}

static void
pr_dns_type(struct conf_out *o, const void *obj)
{
	if (((const CK *)obj)->dns_type)
		conf_out_line(o, "type %s", ((const CK *)obj)->dns_type);
}

static const struct conf_kw tcp_kw[] = { COMMON_ROWS };
static const struct conf_kw ping_kw[] = { COMMON_ROWS };
static const struct conf_kw http_kw[] = {
	COMMON_ROWS,
	{ "nb_get_retry", KT_INT, offsetof(CK, retry), 0, UINT32_MAX, NULL, NULL, NULL, KWF_NOPRINT | KWF_OBSOLETE },
	KW_STR("virtualhost", CK, virtualhost),
	KW_STR("http_protocol", CK, http_protocol),
	KW_FLAG("enable_sni", CK, enable_sni),
	KW_STR("sni_name", CK, sni_name),
	KW_FLAG("fast_recovery", CK, fast_recovery),
	KW_FLAG("tls_compliant", CK, tls_compliant),
	KW_FN("url", kw_url, pr_url),
};
static const struct conf_kw smtp_kw[] = {
	COMMON_ROWS,
	KW_STR("helo_name", CK, helo_name),
	KW_FN("host", kw_host, pr_host),
};
static const struct conf_kw dns_kw[] = {
	COMMON_ROWS,
	KW_FN("type", kw_dns_type, pr_dns_type),
	KW_STR("name", CK, dns_name),
};
static const struct conf_kw udp_kw[] = {
	COMMON_ROWS,
	KW_ARGV("payload", CK, payload),
	KW_FN("require_reply", kw_require_reply, pr_require_reply),
	KW_INT("min_reply_length", CK, min_reply_length, 0, 65535),
	KW_INT("max_reply_length", CK, max_reply_length, 0, 65535),
};
static const struct conf_kw misc_kw[] = {
	COMMON_ROWS,
	KW_ARGV("misc_path", CK, misc_path),
	KW_TIMER("misc_timeout", CK, misc_timeout, 1, 86400 * US),
	KW_FLAG("misc_dynamic", CK, misc_dynamic),
	KW_ARGV("user", CK, user),
};
static const struct conf_kw file_kw[] = {
	COMMON_ROWS,
	KW_STR("track_file", CK, track_file),
	KW_FN("weight", kw_fweight, pr_fweight),
};

static const struct conf_block check_blocks[] = {
	CONF_BLOCK("TCP_CHECK", tcp_kw), CONF_BLOCK("HTTP_GET", http_kw),
	CONF_BLOCK("SSL_GET", http_kw), CONF_BLOCK("SMTP_CHECK", smtp_kw),
	CONF_BLOCK("DNS_CHECK", dns_kw), CONF_BLOCK("UDP_CHECK", udp_kw),
	CONF_BLOCK("PING_CHECK", ping_kw), CONF_BLOCK("MISC_CHECK", misc_kw),
	CONF_BLOCK("FILE_CHECK", file_kw),
};

/* The type's own options share a union (conf.h): set only its own. */
static void
checker_init(CK *c, int type)
{
	c->type = type;
	c->conn.connect_port = c->conn.bind_port = c->conn.connect_timeout = CONF_UNSET;
	c->conn.fwmark = CONF_UNSET;
	c->retry = c->delay_before_retry = c->warmup = c->delay_loop = c->alpha = CONF_UNSET;
	if (type == CONF_CHK_UDP)
		c->min_reply_length = c->max_reply_length = CONF_UNSET;
	else if (type == CONF_CHK_MISC)
		c->misc_timeout = CONF_UNSET;
	else if (type == CONF_CHK_FILE)
		c->weight = CONF_UNSET;
}

static void
free_urls(struct conf_url *url, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(url[i].path);
		free(url[i].digest);
		free(url[i].virtualhost);
		free(url[i].regex);
		conf_strv_free(&url[i].regex_options);
	}
	free(url);
}

void
conf_checker_free(CK *c)
{
	size_t i;

	switch (c->type) {
	case CONF_CHK_HTTP: case CONF_CHK_SSL:
		if (!c->url_shared)
			free_urls(c->url, c->n_url);
		free(c->virtualhost);
		free(c->http_protocol);
		free(c->sni_name);
		break;
	case CONF_CHK_SMTP:
		for (i = 0; i < c->n_host; i++)
			free(c->host[i].bind_if);
		free(c->host);
		free(c->helo_name);
		break;
	case CONF_CHK_DNS:
		free(c->dns_type);
		free(c->dns_name);
		break;
	case CONF_CHK_UDP:
		conf_strv_free(&c->payload);
		conf_strv_free(&c->reply);
		break;
	case CONF_CHK_MISC:
		conf_strv_free(&c->misc_path);
		conf_strv_free(&c->user);
		break;
	case CONF_CHK_FILE:
		free(c->track_file);
		break;
	case CONF_CHK_BFD:
		free(c->bfd_name);
		break;
	}
}

/* ---- url lists shared by the real servers of a virtual server ---- */

static bool
str_eq(const char *a, const char *b)
{
	return a == b || (a && b && strcmp(a, b) == 0);
}

/* Only lists without regex options are shared: conf_check.c compiles and
 * reports each regex at its own url's line. */
static bool
url_shareable(const U *u)
{
	return !u->regex && !u->regex_no_match && u->regex_options.n == 0 &&
	       u->regex_min_offset == CONF_UNSET && u->regex_max_offset == CONF_UNSET;
}

static bool
url_eq(const U *a, const U *b)
{
	return str_eq(a->path, b->path) && str_eq(a->digest, b->digest) &&
	       a->status_set == b->status_set &&
	       memcmp(a->status, b->status, sizeof(a->status)) == 0 &&
	       str_eq(a->virtualhost, b->virtualhost) && a->tls_compliant == b->tls_compliant &&
	       url_shareable(a) && url_shareable(b);
}

static bool
urls_eq(const CK *a, const CK *b)
{
	size_t i;

	if (a->n_url != b->n_url)
		return false;
	for (i = 0; i < a->n_url; i++)
		if (!url_eq(&a->url[i], &b->url[i]))
			return false;
	return true;
}

void
conf_checkers_share(struct conf_vs *vs)
{
	size_t i, k;

	for (i = 1; i < vs->n_rs; i++)
		for (k = 0; k < vs->rs[i].n_checker; k++) {
			CK *c = &vs->rs[i].checker[k];
			const CK *o;

			if ((c->type != CONF_CHK_HTTP && c->type != CONF_CHK_SSL) || c->n_url == 0)
				continue;
			/* the same checker of the previous real server (the
			 * usual configuration repeats one block): linear */
			if (k >= vs->rs[i - 1].n_checker)
				continue;
			o = &vs->rs[i - 1].checker[k];
			if (o->type != c->type || !urls_eq(o, c))
				continue;
			free_urls(c->url, c->n_url);
			c->url = o->url;
			c->url_shared = true;
		}
}

int
conf_kw_checker(struct conf_pctx *p, void *obj, const struct conf_stmt *st)
{
	struct conf_rs *rs = obj;
	CK *c;
	int type;

	for (type = 0; check_names[type]; type++)
		if (strcmp(check_names[type], st->argv[0]) == 0)
			break;
	if (!conf_open_block(p, st))
		return -EINVAL;
	c = conf_push(p, &rs->checker, &rs->n_checker, sizeof(*c));
	if (c == NULL || type >= (int)(sizeof(check_blocks) / sizeof(check_blocks[0]))) {
		conf_skip_block(p);
		return -ENOMEM;
	}
	checker_init(c, type);
	conf_loc_set(&c->loc, st);
	conf_parse_block(p, &check_blocks[type], c, st);
	if (type == CONF_CHK_MISC && c->misc_path.n == 0)
		conf_err(p, st, "MISC_CHECK: no misc_path given");
	if (type == CONF_CHK_FILE && c->track_file == NULL)
		conf_err(p, st, "FILE_CHECK: no track_file given");
	if ((type == CONF_CHK_HTTP || type == CONF_CHK_SSL) && c->n_url == 0)
		conf_err(p, st, "%s: no url given", st->argv[0]);
	return 0;
}

void
conf_print_checkers(struct conf_out *o, const struct conf_rs *rs)
{
	size_t i;

	for (i = 0; i < rs->n_checker; i++) {
		const CK *c = &rs->checker[i];
		conf_out_open(o, "%s", check_names[c->type]);
		conf_print_fields(o, &check_blocks[c->type], c);
		conf_out_close(o);
	}
}
