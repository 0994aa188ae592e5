/* conf_kw.h: handlers and tables shared between the conf_kw_*.c files. */
#ifndef IPVSD_CONF_KW_H
#define IPVSD_CONF_KW_H

#include "conf_parse.h"

extern const struct conf_block conf_global_block;
void conf_global_init(struct conf_global *g);
int conf_kw_umask(struct conf_pctx *p, void *obj, const struct conf_stmt *st);
void conf_pr_umask(struct conf_out *o, const void *obj);

/* conf_kw_vrrp.c */
int conf_kw_static_ipaddress(struct conf_pctx *p, void *obj, const struct conf_stmt *st);
int conf_kw_static_routes(struct conf_pctx *p, void *obj, const struct conf_stmt *st);
int conf_kw_static_rules(struct conf_pctx *p, void *obj, const struct conf_stmt *st);
int conf_kw_vrrp_sync_group(struct conf_pctx *p, void *obj, const struct conf_stmt *st);
int conf_kw_vrrp_instance(struct conf_pctx *p, void *obj, const struct conf_stmt *st);
int conf_kw_vrrp_script(struct conf_pctx *p, void *obj, const struct conf_stmt *st);
int conf_kw_track_file(struct conf_pctx *p, void *obj, const struct conf_stmt *st);
extern const struct conf_block conf_vrrp_block, conf_vgroup_block,
	conf_vscript_block, conf_tfile_block, conf_auth_block;
void conf_print_vip(struct conf_out *o, const struct conf_vip *v);
void conf_print_route(struct conf_out *o, const struct conf_route *r);
void conf_print_tracks(struct conf_out *o, const char *kw, const struct conf_track *t, size_t n);

/* conf_kw_lvs.c */
int conf_kw_vsg(struct conf_pctx *p, void *obj, const struct conf_stmt *st);
int conf_kw_vs(struct conf_pctx *p, void *obj, const struct conf_stmt *st);
extern const struct conf_block conf_vs_block, conf_rs_block;
void conf_print_vsg(struct conf_out *o, const struct conf_vsg *g);
void conf_print_fwd(struct conf_out *o, const char *kw, const struct conf_fwd *f);
void conf_rs_init(struct conf_rs *rs);

/* conf_kw_check.c */
int conf_kw_checker(struct conf_pctx *p, void *obj, const struct conf_stmt *st);
void conf_print_checkers(struct conf_out *o, const struct conf_rs *rs);
/* conf_checker_free: release what @c owns (the options of its type). */
void conf_checker_free(struct conf_checker *c);
/* conf_checkers_share: once @vs is closed, let HTTP_GET/SSL_GET checkers
 * whose url lists equal an earlier one's of @vs use that list (url_shared):
 * one copy per virtual server instead of one per real server. */
void conf_checkers_share(struct conf_vs *vs);

#endif
