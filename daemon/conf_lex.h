/* conf_lex.h: keepalived.conf lexer.
 *
 * Turns the configuration text into statements: the words of one keyword
 * line, with '{' closing a statement (open = true) and '}' a statement of
 * its own (close = true).  On the way it handles what keepalived's
 * lib/parser.c handles before keywords are looked at: comments ('#', '!'),
 * quoting and escapes, '\' line continuation, include (with globs, relative
 * to the including file), '@id' / '@^id' conditional lines, '$NAME=value'
 * definitions (multi-line too) with $NAME / ${NAME} substitution and the
 * predefined _PWD, _INSTANCE, _RANDOM, _HASH, _BANG, and ~SEQ / ~SEQx / ~LST
 * repetition.  Problems are reported into a conf_diag as "file:line: msg".
 */
#ifndef IPVSD_CONF_LEX_H
#define IPVSD_CONF_LEX_H

#include <stdarg.h>
#include "conf.h"

struct conf_stmt {
	const char *file;	/* owned by the file list given to conf_lex_new */
	unsigned line;
	char **argv;		/* words, owned by the statement */
	size_t argc;
	bool open;		/* ended with '{' */
	bool close;		/* this statement is a lone '}' */
};

struct conf_lex;

/* conf_lex_new: start lexing @path (or opts->buf).  File names read are
 * appended to @files, which must outlive every statement.  Returns 0 or
 * -ENOMEM; a file that cannot be opened is reported into @diag and gives an
 * empty stream. */
int conf_lex_new(struct conf_lex **ret, const char *path,
		 const struct conf_load_opts *opts, struct conf_diag *diag,
		 struct conf_strv *files);
/* conf_lex_next: the next statement into *st (free with conf_stmt_clear).
 * Returns 1, 0 at the end of input, or -ENOMEM. */
int conf_lex_next(struct conf_lex *lex, struct conf_stmt *st);
/* conf_lex_peek: like conf_lex_next but leaves the statement queued; *st
 * points into the lexer and stays valid until the next call. */
int conf_lex_peek(struct conf_lex *lex, const struct conf_stmt **st);
void conf_lex_free(struct conf_lex *lex);
void conf_stmt_clear(struct conf_stmt *st);

/* Helpers shared by the conf_* files (conf.c). */
void conf_diag_add(struct conf_diag *diag, enum conf_severity sev,
		   const char *file, unsigned line, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
void conf_diag_vadd(struct conf_diag *diag, enum conf_severity sev,
		    const char *file, unsigned line, const char *fmt, va_list ap)
	__attribute__((format(printf, 5, 0)));
/* conf_strv_push: append a copy of @s (length @len, or strlen if -1). */
int conf_strv_push(struct conf_strv *sv, const char *s, long len);
void conf_strv_free(struct conf_strv *sv);
/* conf_vec_push: grow array *@v of *@n elements of @size by one zeroed
 * element and return it, or NULL on allocation failure. */
void *conf_vec_push(void *v, size_t *n, size_t size);

#endif
