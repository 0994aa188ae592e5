/* conf_parse.h: the table-driven keepalived.conf parser.
 *
 * Each block of the configuration is described by a table of keywords
 * (struct conf_kw): the keyword, how its value is parsed (a generic type
 * with bounds, or a handler), where it is stored (offset in the block's
 * POD struct), and how it is printed back.  conf_parse_block() walks the
 * statements of a block over such a table, reports every problem as
 * "file:line: msg" and keeps going.  The tables live in conf_kw_*.c.
 */
#ifndef IPVSD_CONF_PARSE_H
#define IPVSD_CONF_PARSE_H

#include <stddef.h>
#include "conf.h"
#include "conf_lex.h"

struct conf_pctx {
	struct conf_lex *lex;
	struct conf_diag *diag;
	struct conf *conf;
	bool nomem;
	enum conf_part part;	/* sides read (conf_load_opts.part) */
};

enum conf_kt {
	KT_STR,		/* char *: one word */
	KT_FLAG,	/* bool: keyword alone sets it; optional on/off/yes/no/true/false */
	KT_NOFLAG,	/* bool: keyword clears it (e.g. preempt vs nopreempt) */
	KT_TRI,		/* int8_t enum conf_tri: as KT_FLAG, absence kept apart */
	KT_INT,		/* int64_t: integer within [min, max] */
	KT_TIMER,	/* int64_t microseconds: seconds with fraction, [min, max] in us */
	KT_ADDR,	/* struct conf_addr */
	KT_ENUM,	/* int64_t: index into aux (NULL-terminated names) */
	KT_ARGV,	/* struct conf_strv: all words of the line */
	KT_LIST,	/* struct conf_strv: words of a { } block (or of the line) */
	KT_BLOCK,	/* embedded struct at off, keywords in aux (struct conf_block) */
	KT_FN,		/* handler fn; printer pr */
	KT_UNSUP,	/* recognised, not implemented: warning, block skipped */
};

#define KWF_NOPRINT 1u	/* another row prints this field */
#define KWF_OBSOLETE 2u	/* accepted, with a warning that it is deprecated */

struct conf_out {
	FILE *f;
	int ind;
};

struct conf_kw {
	const char *name;
	enum conf_kt type;
	size_t off;
	int64_t min, max;
	const void *aux;
	int (*fn)(struct conf_pctx *p, void *obj, const struct conf_stmt *st);
	void (*pr)(struct conf_out *o, const void *obj);
	unsigned flags;
};

struct conf_block {
	const char *name;
	const struct conf_kw *kw;
	size_t n;
};

#define CONF_BLOCK(name_, tab_) { name_, tab_, sizeof(tab_) / sizeof(tab_[0]) }
/* Row helpers for the tables. */
#define KW_UNSUP(n) { n, KT_UNSUP, 0, 0, 0, NULL, NULL, NULL, 0 }
#define KW_STR(n, s, f) { n, KT_STR, offsetof(s, f), 0, 0, NULL, NULL, NULL, 0 }
#define KW_FLAG(n, s, f) { n, KT_FLAG, offsetof(s, f), 0, 0, NULL, NULL, NULL, 0 }
#define KW_TRI(n, s, f) { n, KT_TRI, offsetof(s, f), 0, 0, NULL, NULL, NULL, 0 }
#define KW_NOFLAG(n, s, f) { n, KT_NOFLAG, offsetof(s, f), 0, 0, NULL, NULL, NULL, KWF_NOPRINT }
#define KW_INT(n, s, f, lo, hi) { n, KT_INT, offsetof(s, f), lo, hi, NULL, NULL, NULL, 0 }
#define KW_TIMER(n, s, f, lo, hi) { n, KT_TIMER, offsetof(s, f), lo, hi, NULL, NULL, NULL, 0 }
#define KW_ADDR(n, s, f) { n, KT_ADDR, offsetof(s, f), 0, 0, NULL, NULL, NULL, 0 }
#define KW_ENUM(n, s, f, names) { n, KT_ENUM, offsetof(s, f), 0, 0, names, NULL, NULL, 0 }
#define KW_ARGV(n, s, f) { n, KT_ARGV, offsetof(s, f), 0, 0, NULL, NULL, NULL, 0 }
#define KW_LIST(n, s, f) { n, KT_LIST, offsetof(s, f), 0, 0, NULL, NULL, NULL, 0 }
#define KW_BLOCK(n, s, f, blk) { n, KT_BLOCK, offsetof(s, f), 0, 0, blk, NULL, NULL, 0 }
#define KW_FN(n, fn, pr) { n, KT_FN, 0, 0, 0, NULL, fn, pr, 0 }
#define KW_ALIAS(row) /* same field as another row, printed by that row */
#define US 1000000LL	/* microseconds per second */

/* The top-level table, and every block table for hints (conf_kw_global.c). */
extern const struct conf_block conf_root_block;
extern const struct conf_block *const conf_all_blocks[];

/* conf_parse_top: parse all statements of @p->lex into @p->conf. */
void conf_parse_top(struct conf_pctx *p);
/* conf_parse_block: parse the body of a block just opened by @opener,
 * up to its '}', over table @b into @obj. */
void conf_parse_block(struct conf_pctx *p, const struct conf_block *b,
		      void *obj, const struct conf_stmt *opener);
/* conf_open_block: true if @st opened a block (or the next statement is a
 * lone '{', which is consumed); else reports an error. */
bool conf_open_block(struct conf_pctx *p, const struct conf_stmt *st);
/* conf_skip_block: skip statements up to the '}' closing a block. */
void conf_skip_block(struct conf_pctx *p);
/* conf_part_skip: true if the top-level block opened by @st belongs to a
 * side (@side: CONF_PART_LVS or CONF_PART_VRRP) this load does not read;
 * its block is then skipped unread. */
bool conf_part_skip(struct conf_pctx *p, const struct conf_stmt *st, enum conf_part side);
/* conf_parse_items: parse a list block: each line calls @fn(p, obj, line). */
typedef void (*conf_item_fn)(struct conf_pctx *p, void *obj,
			     const struct conf_stmt *item);
void conf_parse_items(struct conf_pctx *p, const struct conf_stmt *st,
		      void *obj, conf_item_fn fn);

void conf_err(struct conf_pctx *p, const struct conf_stmt *st, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void conf_warn(struct conf_pctx *p, const struct conf_stmt *st, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void conf_loc_set(struct conf_loc *loc, const struct conf_stmt *st);

/* Value parsers: argument @i of @st.  Each reports its own error (naming
 * the keyword argv[0]) and returns 0 or -EINVAL. */
int conf_need_args(struct conf_pctx *p, const struct conf_stmt *st, size_t min, size_t max);
int conf_arg_int(struct conf_pctx *p, const struct conf_stmt *st, size_t i,
		 int64_t lo, int64_t hi, int64_t *out);
int conf_arg_timer(struct conf_pctx *p, const struct conf_stmt *st, size_t i,
		   int64_t lo, int64_t hi, int64_t *out);
int conf_arg_bool(struct conf_pctx *p, const struct conf_stmt *st, size_t i, bool *out);
/* conf_arg_addr: an address; if @prefix is non-NULL "addr/len" is accepted
 * and the length stored there (CONF_UNSET when absent). */
int conf_arg_addr(struct conf_pctx *p, const struct conf_stmt *st, size_t i,
		  struct conf_addr *out, int64_t *prefix);
int conf_arg_str(struct conf_pctx *p, const struct conf_stmt *st, size_t i, char **out);
int conf_args_strv(struct conf_pctx *p, const struct conf_stmt *st, size_t from,
		   struct conf_strv *out);
/* conf_addr_parse: parse text into an address; 0 or -EINVAL. */
int conf_addr_parse(const char *s, struct conf_addr *out);
/* conf_parse_int / conf_parse_timer: the text forms; 0 or -EINVAL/-ERANGE. */
int conf_parse_int(const char *s, int64_t *out);
int conf_parse_timer(const char *s, int64_t *out);
/* conf_str_set: replace *dst with a copy of @s (sets p->nomem on failure). */
void conf_str_set(struct conf_pctx *p, char **dst, const char *s);
/* conf_push: conf_vec_push that records allocation failure in @p. */
void *conf_push(struct conf_pctx *p, void *vec, size_t *n, size_t size);

/* Printing (conf_print.c): generic rows of a block, and value printers. */
void conf_print_fields(struct conf_out *o, const struct conf_block *b, const void *obj);
void conf_out_line(struct conf_out *o, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* conf_out_word: one word, quoted if it needs quoting, into @buf. */
const char *conf_out_word(const char *s, char *buf, size_t len);
const char *conf_out_addr(const struct conf_addr *a, char *buf, size_t len);
const char *conf_out_timer(int64_t us, char *buf, size_t len);
void conf_out_strv(struct conf_out *o, const char *kw, const struct conf_strv *sv);
void conf_out_open(struct conf_out *o, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void conf_out_close(struct conf_out *o);

#endif
