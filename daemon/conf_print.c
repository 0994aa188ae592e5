/* conf_print.c: the normalized dump of a configuration tree, in
 * keepalived.conf syntax, driven by the same keyword tables as the parser.
 * Every value is printed in one canonical form, so dumping the result of
 * parsing a dump gives the same text. */
#include "config.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <stdarg.h>
#include <string.h>

#include "conf_kw.h"

void
conf_out_line(struct conf_out *o, const char *fmt, ...)
{
	va_list ap;

	fprintf(o->f, "%*s", o->ind * 4, "");
	va_start(ap, fmt);
	vfprintf(o->f, fmt, ap);
	va_end(ap);
	fputc('\n', o->f);
}

void
conf_out_open(struct conf_out *o, const char *fmt, ...)
{
	va_list ap;

	fprintf(o->f, "%*s", o->ind * 4, "");
	va_start(ap, fmt);
	vfprintf(o->f, fmt, ap);
	va_end(ap);
	fputs(" {\n", o->f);
	o->ind++;
}

void
conf_out_close(struct conf_out *o)
{
	o->ind--;
	conf_out_line(o, "}");
}

const char *
conf_out_word(const char *s, char *buf, size_t len)
{
	size_t o = 0, i;

	if (*s != '\0' && strpbrk(s, " \t\r\n\v\f\"'{}#!\\$") == NULL) {
		snprintf(buf, len, "%s", s);
		return buf;
	}
	buf[o++] = '"';
	for (i = 0; s[i] && o + 5 < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '"' || c == '\\') {
			buf[o++] = '\\';
			buf[o++] = (char)c;
		} else if (c == '$' && (s[i + 1] == '{' || s[i + 1] == '_' ||
					isalpha((unsigned char)s[i + 1]))) {
			/* parameter substitution happens before unquoting: keep a
			 * literal "$NAME" out of its reach */
			memcpy(buf + o, "\\x24", 4);
			o += 4;
		} else if (c < 0x20 || c == 0x7f) {
			o += (size_t)snprintf(buf + o, len - o, "\\%03o", c);
		} else {
			buf[o++] = (char)c;
		}
	}
	buf[o++] = '"';
	buf[o] = '\0';
	return buf;
}

const char *
conf_out_addr(const struct conf_addr *a, char *buf, size_t len)
{
	if (inet_ntop(a->af, &a->a, buf, (socklen_t)len) == NULL)
		snprintf(buf, len, "?");
	return buf;
}

const char *
conf_out_timer(int64_t us, char *buf, size_t len)
{
	int n;

	if (us % 1000000 == 0) {
		snprintf(buf, len, "%lld", (long long)(us / 1000000));
		return buf;
	}
	n = snprintf(buf, len, "%lld.%06lld", (long long)(us / 1000000), (long long)(us % 1000000));
	while (n > 0 && buf[n - 1] == '0')
		buf[--n] = '\0';
	return buf;
}

/* A keyword followed by words (a script with its arguments...). */
void
conf_out_strv(struct conf_out *o, const char *kw, const struct conf_strv *sv)
{
	char line[8192], w[2048];
	size_t i, l;

	if (sv->n == 0)
		return;
	l = (size_t)snprintf(line, sizeof(line), "%s", kw);
	for (i = 0; i < sv->n && l < sizeof(line); i++)
		l += (size_t)snprintf(line + l, sizeof(line) - l, " %s", conf_out_word(sv->v[i], w, sizeof(w)));
	conf_out_line(o, "%s", line);
}

static void
print_list(struct conf_out *o, const char *kw, const struct conf_strv *sv)
{
	char w[2048];
	size_t i;

	if (sv->n == 0)
		return;
	conf_out_open(o, "%s", kw);
	for (i = 0; i < sv->n; i++)
		conf_out_line(o, "%s", conf_out_word(sv->v[i], w, sizeof(w)));
	conf_out_close(o);
}

static void
print_row(struct conf_out *o, const struct conf_kw *kw, const void *obj)
{
	const void *f = (const char *)obj + kw->off;
	char buf[2048];
	int64_t v = 0;

	if (kw->type == KT_INT || kw->type == KT_TIMER || kw->type == KT_ENUM)
		v = *(const int64_t *)f;

	switch (kw->type) {
	case KT_STR:
		if (*(char *const *)f)
			conf_out_line(o, "%s %s", kw->name, conf_out_word(*(char *const *)f, buf, sizeof(buf)));
		break;
	case KT_FLAG:
		if (*(const bool *)f)
			conf_out_line(o, "%s", kw->name);
		break;
	case KT_TRI:
		if (*(const int8_t *)f != CONF_TRI_UNSET)
			conf_out_line(o, "%s%s", kw->name,
				      *(const int8_t *)f == CONF_TRI_NO ? " no" : "");
		break;
	case KT_INT:
		if (v != CONF_UNSET)
			conf_out_line(o, "%s %lld", kw->name, (long long)v);
		break;
	case KT_TIMER:
		if (v != CONF_UNSET)
			conf_out_line(o, "%s %s", kw->name, conf_out_timer(v, buf, sizeof(buf)));
		break;
	case KT_ADDR:
		if (((const struct conf_addr *)f)->af)
			conf_out_line(o, "%s %s", kw->name, conf_out_addr(f, buf, sizeof(buf)));
		break;
	case KT_ENUM:
		if (v != CONF_UNSET)
			conf_out_line(o, "%s %s", kw->name, ((const char *const *)kw->aux)[v]);
		break;
	case KT_ARGV:
		conf_out_strv(o, kw->name, f);
		break;
	case KT_LIST:
		print_list(o, kw->name, f);
		break;
	case KT_BLOCK:
		conf_out_open(o, "%s", kw->name);
		conf_print_fields(o, kw->aux, f);
		conf_out_close(o);
		break;
	case KT_FN:
		if (kw->pr)
			kw->pr(o, obj);
		break;
	case KT_NOFLAG:
	case KT_UNSUP:
		break;
	}
}

void
conf_print_fields(struct conf_out *o, const struct conf_block *b, const void *obj)
{
	size_t i;

	for (i = 0; i < b->n; i++)
		if (!(b->kw[i].flags & KWF_NOPRINT))
			print_row(o, &b->kw[i], obj);
}

void
conf_print_vip(struct conf_out *o, const struct conf_vip *v)
{
	char line[4096], a[64], w[1024];
	size_t l;

	l = (size_t)snprintf(line, sizeof(line), "%s/%lld", conf_out_addr(&v->addr, a, sizeof(a)),
			     (long long)v->prefix);
#define OPT_S(n, s) if (s && l < sizeof(line)) l += (size_t)snprintf(line + l, sizeof(line) - l, " " n " %s", conf_out_word(s, w, sizeof(w)))
#define OPT_A(n, x) if ((x).af && l < sizeof(line)) l += (size_t)snprintf(line + l, sizeof(line) - l, " " n " %s", conf_out_addr(&(x), a, sizeof(a)))
#define OPT_F(n, b) if (b && l < sizeof(line)) l += (size_t)snprintf(line + l, sizeof(line) - l, " " n)
	OPT_A("brd", v->brd);
	OPT_A("peer", v->peer);
	OPT_S("dev", v->dev);
	OPT_S("scope", v->scope);
	OPT_S("label", v->label);
	OPT_S("track_group", v->track_group);
	OPT_F("home", v->home);
	OPT_F("-nodad", v->nodad);
	OPT_F("noprefixroute", v->noprefixroute);
	OPT_F("autojoin", v->autojoin);
	OPT_F("no_track", v->no_track);
	OPT_F("use_vmac", v->use_vmac);
	OPT_F("mngtmpaddr", v->mngtmpaddr);
	if (v->preferred_lft == CONF_PREFERRED_FOREVER) {
		OPT_F("preferred_lft forever", true);
	} else if (v->preferred_lft != CONF_UNSET && l < sizeof(line))
		l += (size_t)snprintf(line + l, sizeof(line) - l, " preferred_lft %lld", (long long)v->preferred_lft);
	conf_out_line(o, "%s", line);
}

void
conf_print_route(struct conf_out *o, const struct conf_route *r)
{
	char line[8192], w[2048];
	size_t i, l = 0;

	line[0] = '\0';
	for (i = 0; i < r->words.n && l < sizeof(line); i++)
		l += (size_t)snprintf(line + l, sizeof(line) - l, "%s%s", i ? " " : "",
				      conf_out_word(r->words.v[i], w, sizeof(w)));
	conf_out_line(o, "%s", line);
}

void
conf_print_tracks(struct conf_out *o, const char *kw, const struct conf_track *t, size_t n)
{
	static const char *const names[] = { "track_if", "track_interface", "track_script",
		"track_script", "track_file", "track_file" };
	char w[1024];
	size_t i;

	for (i = 0; i < 6; i += 2)
		if (strcmp(kw, names[i]) == 0)
			kw = names[i + 1];
	if (n == 0)
		return;
	conf_out_open(o, "%s", kw);
	for (i = 0; i < n; i++) {
		if (t[i].weight != CONF_UNSET)
			conf_out_line(o, "%s weight %lld%s", conf_out_word(t[i].name, w, sizeof(w)),
				      (long long)t[i].weight, t[i].reverse ? " reverse" : "");
		else
			conf_out_line(o, "%s%s", conf_out_word(t[i].name, w, sizeof(w)), t[i].reverse ? " reverse" : "");
	}
	conf_out_close(o);
}

static void
print_named(struct conf_out *o, const char *kw, const char *name,
	    const struct conf_block *b, const void *obj)
{
	char w[1024];

	conf_out_open(o, "%s %s", kw, conf_out_word(name, w, sizeof(w)));
	conf_print_fields(o, b, obj);
	conf_out_close(o);
}

static void
print_statics(struct conf_out *o, const struct conf *c)
{
	size_t i;

	if (c->n_static_ip) {
		conf_out_open(o, "static_ipaddress");
		for (i = 0; i < c->n_static_ip; i++)
			conf_print_vip(o, &c->static_ip[i]);
		conf_out_close(o);
	}
	if (c->n_static_route) {
		conf_out_open(o, "static_routes");
		for (i = 0; i < c->n_static_route; i++)
			conf_print_route(o, &c->static_route[i]);
		conf_out_close(o);
	}
	if (c->n_static_rule) {
		conf_out_open(o, "static_rules");
		for (i = 0; i < c->n_static_rule; i++)
			conf_print_route(o, &c->static_rule[i]);
		conf_out_close(o);
	}
}

static void
print_vs(struct conf_out *o, const struct conf_vs *vs)
{
	char a[64], w[1024];

	if (vs->kind == CONF_VS_FWMARK)
		conf_out_open(o, "virtual_server fwmark %lld", (long long)vs->fwmark);
	else if (vs->kind == CONF_VS_GROUP)
		conf_out_open(o, "virtual_server group %s", conf_out_word(vs->group, w, sizeof(w)));
	else
		conf_out_open(o, "virtual_server %s %lld", conf_out_addr(&vs->addr, a, sizeof(a)),
			      (long long)vs->port);
	conf_print_fields(o, &conf_vs_block, vs);
	conf_out_close(o);
}

void
conf_print(FILE *f, const struct conf *c)
{
	struct conf_out o = { f, 0 };
	char w[1024];
	size_t i;

	if (c->net_namespace)
		conf_out_line(&o, "net_namespace %s", conf_out_word(c->net_namespace, w, sizeof(w)));
	if (c->instance)
		conf_out_line(&o, "instance %s", conf_out_word(c->instance, w, sizeof(w)));
	if (c->use_pid_dir)
		conf_out_line(&o, "use_pid_dir");
	if (c->child_wait_time != CONF_UNSET)
		conf_out_line(&o, "child_wait_time %lld", (long long)c->child_wait_time);
	conf_out_open(&o, "global_defs");
	conf_print_fields(&o, &conf_global_block, &c->global);
	conf_out_close(&o);
	if (c->ssl.password || c->ssl.ca || c->ssl.certificate || c->ssl.key) {
		conf_out_open(&o, "SSL");
		if (c->ssl.password) conf_out_line(&o, "password %s", conf_out_word(c->ssl.password, w, sizeof(w)));
		if (c->ssl.ca) conf_out_line(&o, "ca %s", conf_out_word(c->ssl.ca, w, sizeof(w)));
		if (c->ssl.certificate) conf_out_line(&o, "certificate %s", conf_out_word(c->ssl.certificate, w, sizeof(w)));
		if (c->ssl.key) conf_out_line(&o, "key %s", conf_out_word(c->ssl.key, w, sizeof(w)));
		conf_out_close(&o);
	}
	print_statics(&o, c);
	for (i = 0; i < c->n_vscript; i++)
		print_named(&o, "vrrp_script", c->vscript[i].name, &conf_vscript_block, &c->vscript[i]);
	for (i = 0; i < c->n_tfile; i++)
		print_named(&o, "track_file", c->tfile[i].name, &conf_tfile_block, &c->tfile[i]);
	for (i = 0; i < c->n_vrrp; i++)
		print_named(&o, "vrrp_instance", c->vrrp[i].name, &conf_vrrp_block, &c->vrrp[i]);
	for (i = 0; i < c->n_vgroup; i++)
		print_named(&o, "vrrp_sync_group", c->vgroup[i].name, &conf_vgroup_block, &c->vgroup[i]);
	for (i = 0; i < c->n_vsg; i++)
		conf_print_vsg(&o, &c->vsg[i]);
	for (i = 0; i < c->n_vs; i++)
		print_vs(&o, &c->vs[i]);
}
