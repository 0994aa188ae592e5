/* conf_lex_int.h: internals shared by conf_lex.c and conf_lex_macro.c. */
#ifndef IPVSD_CONF_LEX_INT_H
#define IPVSD_CONF_LEX_INT_H

#include "conf_lex.h"

/* A line waiting in memory (expansion of ~SEQ, ~LST or a multi-line
 * definition), with the location it came from. */
struct lex_mline {
	char *text;
	const char *file;
	unsigned line;
};

struct lex_def {
	char *name;
	char *value;		/* single-line value */
	struct conf_strv lines;	/* multi-line value */
	bool multiline;
};

struct lex_defs {
	struct lex_def *v;
	size_t n;
};

/* Definition table (conf_lex_macro.c). */
struct lex_def *lex_def_find(struct lex_defs *d, const char *name, size_t len);
int lex_def_set(struct lex_defs *d, const char *name, size_t len,
		const char *value, const struct conf_strv *lines);
void lex_defs_free(struct lex_defs *d);

/* lex_subst: expand $NAME and ${NAME} in @in.  Returns a new string (NULL
 * on allocation failure); *@err is set to a message if the expansion limit
 * was hit.  @pwd and @instance give _PWD and _INSTANCE.  *@work is the
 * remaining byte budget of the whole load, decreased by each expansion. */
char *lex_subst(struct lex_defs *d, const char *in, const char *pwd,
		const char *instance, size_t *work, const char **err);

/* lex_repeat: if @line starts with ~SEQ, ~SEQx or ~LST, build the lines it
 * stands for ("$VAR=value" followed by the rest, per value) into *@out.
 * Returns 1 if handled, 0 if @line is not a repetition, -EINVAL (with
 * *@err set) on a syntax error, -ENOMEM. */
int lex_repeat(const char *line, size_t budget, struct conf_strv *out,
	       const char **err);

/* lex_is_name_char / lex_name_len: parameter name syntax. */
size_t lex_name_len(const char *s);

/* A word of a line: text and whether it was an unquoted brace. */
struct lex_word {
	char *text;
	bool brace;
};

/* lex_words: split @l into words (conf_lex_word.c): white space separates,
 * '"' and '\'' quote (escapes are decoded inside quotes), an unquoted '{'
 * or '}' is a word of its own.  *@unterminated is set when a quote is not
 * closed (the word runs to the end of the line).  Returns 0 or -ENOMEM. */
int lex_words(const char *l, struct lex_word **w, size_t *n, bool *unterminated);

#endif
