/* conf.c: loading and freeing a configuration tree, diagnostics, and the
 * checks that span several objects. */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "conf_kw.h"

void
conf_diag_vadd(struct conf_diag *d, enum conf_severity sev, const char *file,
	       unsigned line, const char *fmt, va_list ap)
{
	struct conf_diag_msg *m;
	char msg[1024], *text;
	int len;

	vsnprintf(msg, sizeof(msg), fmt, ap);
	if (file != NULL && line > 0)
		len = asprintf(&text, "%s:%u: %s%s", file, line,
			       sev == CONF_SEV_WARNING ? "warning: " : "", msg);
	else
		len = asprintf(&text, "%s%s%s%s", file ? file : "", file ? ": " : "",
			       sev == CONF_SEV_WARNING ? "warning: " : "", msg);
	if (len < 0)
		return;
	m = conf_vec_push(&d->msg, &d->n, sizeof(*m));
	if (m == NULL) {
		free(text);
		return;
	}
	m->sev = sev;
	m->text = text;
	if (sev == CONF_SEV_ERROR)
		d->errors++;
	else
		d->warnings++;
}

void
conf_diag_add(struct conf_diag *d, enum conf_severity sev, const char *file,
	      unsigned line, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	conf_diag_vadd(d, sev, file, line, fmt, ap);
	va_end(ap);
}

void
conf_diag_free(struct conf_diag *d)
{
	size_t i;

	for (i = 0; i < d->n; i++)
		free(d->msg[i].text);
	free(d->msg);
	memset(d, 0, sizeof(*d));
}

void
conf_diag_print(FILE *f, const struct conf_diag *d)
{
	size_t i;

	for (i = 0; i < d->n; i++)
		fprintf(f, "%s\n", d->msg[i].text);
}

/* Arrays grow to the next power of two, so the capacity is implicit:
 * storage is reallocated only when the count is 0 or a power of two. */
void *
conf_vec_push(void *vp, size_t *n, size_t size)
{
	void **v = vp;
	char *nv = *v;
	size_t cap;

	if (*n >= SIZE_MAX / size / 4)
		return NULL;
	if (*n == 0 || (*n & (*n - 1)) == 0) {
		cap = *n ? *n * 2 : 1;
		nv = realloc(*v, cap * size);
		if (nv == NULL)
			return NULL;
		*v = nv;
	}
	memset(nv + *n * size, 0, size);
	return nv + (*n)++ * size;
}

int
conf_strv_push(struct conf_strv *sv, const char *s, long len)
{
	char **slot = conf_vec_push(&sv->v, &sv->n, sizeof(char *));

	if (slot == NULL)
		return -ENOMEM;
	*slot = len < 0 ? strdup(s) : strndup(s, (size_t)len);
	if (*slot == NULL) {
		sv->n--;
		return -ENOMEM;
	}
	return 0;
}

void
conf_strv_free(struct conf_strv *sv)
{
	size_t i;

	for (i = 0; i < sv->n; i++)
		free(sv->v[i]);
	free(sv->v);
	sv->v = NULL;
	sv->n = 0;
}

/* ---- free ---- */

/* Free the strings and string vectors of @obj named by the rows of @b. */
static void
free_fields(const struct conf_block *b, void *obj)
{
	size_t i;

	for (i = 0; i < b->n; i++) {
		void *f = (char *)obj + b->kw[i].off;
		switch (b->kw[i].type) {
		case KT_STR:
			free(*(char **)f);
			*(char **)f = NULL;
			break;
		case KT_ARGV:
		case KT_LIST:
			conf_strv_free(f);
			break;
		default:
			break;
		}
	}
}

static void
free_vips(struct conf_vip *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(v[i].dev);
		free(v[i].label);
		free(v[i].scope);
		free(v[i].track_group);
	}
	free(v);
}

static void
free_routes(struct conf_route *r, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		conf_strv_free(&r[i].words);
	free(r);
}

static void
free_tracks(struct conf_track *t, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(t[i].name);
	free(t);
}

static void
free_checker(struct conf_checker *c)
{
	free(c->conn.bind_if);
	conf_checker_free(c);
}

static void
free_rs(struct conf_rs *rs)
{
	size_t i;

	conf_strv_free(&rs->notify_up);
	conf_strv_free(&rs->notify_down);
	free(rs->virtualhost);
	for (i = 0; i < rs->n_checker; i++)
		free_checker(&rs->checker[i]);
	free(rs->checker);
}

static void
free_vs(struct conf_vs *vs)
{
	size_t i;

	free(vs->group);
	free(vs->sched);
	free_fields(&conf_vs_block, vs);
	for (i = 0; i < vs->n_rs; i++)
		free_rs(&vs->rs[i]);
	free(vs->rs);
	if (vs->sorry)
		free_rs(vs->sorry);
	free(vs->sorry);
}

static void
free_vrrp(struct conf_vrrp *v)
{
	free(v->name);
	free_fields(&conf_vrrp_block, v);
	free(v->auth.pass);
	free(v->vmac_name);
	free(v->unicast_peer);
	free_vips(v->vip, v->n_vip);
	free_vips(v->evip, v->n_evip);
	free_routes(v->vroute, v->n_vroute);
	free_routes(v->vrule, v->n_vrule);
	free_tracks(v->track_if, v->n_track_if);
	free_tracks(v->track_script, v->n_track_script);
	free_tracks(v->track_file, v->n_track_file);
}

static void
free_vrrp_objects(struct conf *c)
{
	size_t i;

	for (i = 0; i < c->n_vrrp; i++)
		free_vrrp(&c->vrrp[i]);
	free(c->vrrp);
	for (i = 0; i < c->n_vgroup; i++) {
		free(c->vgroup[i].name);
		free_fields(&conf_vgroup_block, &c->vgroup[i]);
		free_tracks(c->vgroup[i].track_if, c->vgroup[i].n_track_if);
		free_tracks(c->vgroup[i].track_script, c->vgroup[i].n_track_script);
		free_tracks(c->vgroup[i].track_file, c->vgroup[i].n_track_file);
	}
	free(c->vgroup);
	for (i = 0; i < c->n_vscript; i++) {
		free(c->vscript[i].name);
		free_fields(&conf_vscript_block, &c->vscript[i]);
	}
	free(c->vscript);
	for (i = 0; i < c->n_tfile; i++) {
		free(c->tfile[i].name);
		free_fields(&conf_tfile_block, &c->tfile[i]);
	}
	free(c->tfile);
}

void
conf_free(struct conf *c)
{
	size_t i;

	if (c == NULL)
		return;
	free(c->net_namespace);
	free(c->instance);
	free_fields(&conf_global_block, &c->global);
	free(c->global.smtp_server);
	free(c->global.lvs_sync_daemon.ifname);
	free(c->global.lvs_sync_daemon.instance);
	free(c->ssl.password);
	free(c->ssl.ca);
	free(c->ssl.certificate);
	free(c->ssl.key);
	free_vips(c->static_ip, c->n_static_ip);
	free_routes(c->static_route, c->n_static_route);
	free_routes(c->static_rule, c->n_static_rule);
	free_vrrp_objects(c);
	for (i = 0; i < c->n_vsg; i++) {
		free(c->vsg[i].name);
		free(c->vsg[i].e);
	}
	free(c->vsg);
	for (i = 0; i < c->n_vs; i++)
		free_vs(&c->vs[i]);
	free(c->vs);
	conf_strv_free(&c->files);
	free(c);
}

/* ---- load ---- */

void conf_check(struct conf *c, struct conf_diag *d, bool check_interfaces);

int
conf_load(const char *path, const struct conf_load_opts *opts,
	  struct conf **ret, struct conf_diag *diag)
{
	static const struct conf_load_opts defaults;
	struct conf_pctx p = { 0 };
	struct conf *c = calloc(1, sizeof(*c));
	size_t errors = diag->errors;
	int r;

	if (c == NULL)
		return -ENOMEM;
	if (opts == NULL)
		opts = &defaults;
	conf_global_init(&c->global);
	c->child_wait_time = CONF_UNSET;
	r = conf_lex_new(&p.lex, path, opts, diag, &c->files);
	if (r < 0) {
		conf_free(c);
		return r;
	}
	p.diag = diag;
	p.conf = c;
	p.part = c->part = opts->part;
	conf_parse_top(&p);
	conf_lex_free(p.lex);
	if (p.nomem) {
		conf_free(c);
		return -ENOMEM;
	}
	conf_check(c, diag, opts->check_interfaces);
	if (diag->errors > errors) {
		conf_free(c);
		return -EINVAL;
	}
	*ret = c;
	return 0;
}
