/* conf_lex.c: keepalived.conf lexer: sources (files and expansions),
 * comments, continuation, include, conditional lines, words and
 * statements.  Definitions and repetition live in conf_lex_macro.c. */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>

#include "conf_lex_int.h"

#define LEX_MAX_DEPTH 32		/* nested sources */
#define LEX_DEFAULT_MAX_LINES 10000000u

/* One input source: a file, a memory buffer, or expanded lines. */
struct lex_src {
	FILE *f;			/* file or fmemopen'd buffer */
	const char *file;		/* name for messages */
	char *dir;			/* directory for include and _PWD */
	unsigned line;			/* last physical line read */
	struct lex_mline *m;		/* expanded lines */
	size_t nm, im;
};

struct conf_lex {
	struct lex_src src[LEX_MAX_DEPTH];
	size_t depth;
	const struct conf_load_opts *opts;
	struct conf_diag *diag;
	struct conf_strv *files;
	struct lex_defs defs;
	char config_id[256];
	size_t lines, max_lines;
	size_t subst_work;		/* bytes of expansion left for this load */
	bool stopped;
	struct conf_stmt *q;		/* queued statements */
	size_t nq, iq;
};

static void
lex_err(struct conf_lex *lx, const char *file, unsigned line, const char *msg,
	const char *arg)
{
	conf_diag_add(lx->diag, CONF_SEV_ERROR, file, line, "%s%s%s%s", msg,
		      arg ? " '" : "", arg ? arg : "", arg ? "'" : "");
}

/* fopen for reading that refuses directories (errno EISDIR). */
static FILE *
open_file(const char *path)
{
	FILE *f = fopen(path, "r");
	struct stat st;

	if (f != NULL && fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
		fclose(f);
		errno = EISDIR;
		return NULL;
	}
	return f;
}

/* Remember @path in the file list; returns the stored copy. */
static const char *
intern_file(struct conf_lex *lx, const char *path)
{
	size_t i;

	for (i = 0; i < lx->files->n; i++)
		if (strcmp(lx->files->v[i], path) == 0)
			return lx->files->v[i];
	if (conf_strv_push(lx->files, path, -1) < 0)
		return NULL;
	return lx->files->v[lx->files->n - 1];
}

static char *
dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (slash == NULL)
		return strdup(".");
	if (slash == path)
		return strdup("/");
	return strndup(path, (size_t)(slash - path));
}

static int
push_file(struct conf_lex *lx, const char *path, FILE *f, const char *file,
	  unsigned line)
{
	struct lex_src *s;

	if (lx->depth == LEX_MAX_DEPTH) {
		fclose(f);
		lex_err(lx, file, line, "include nesting too deep at", path);
		return 0;
	}
	s = &lx->src[lx->depth];
	memset(s, 0, sizeof(*s));
	s->f = f;
	s->file = intern_file(lx, path);
	s->dir = dir_of(path);
	if (s->file == NULL || s->dir == NULL) {
		fclose(f);
		free(s->dir);
		return -ENOMEM;
	}
	lx->depth++;
	return 0;
}

/* Push expanded lines (taking ownership of the strings in @sv). */
static int
push_lines(struct conf_lex *lx, struct conf_strv *sv, const char *file,
	   unsigned line)
{
	struct lex_src *s, *parent = &lx->src[lx->depth - 1];
	size_t i;

	if (lx->depth == LEX_MAX_DEPTH) {
		lex_err(lx, file, line, "expansion nesting too deep", NULL);
		conf_strv_free(sv);
		return 0;
	}
	s = &lx->src[lx->depth];
	memset(s, 0, sizeof(*s));
	s->m = calloc(sv->n ? sv->n : 1, sizeof(*s->m));
	s->dir = strdup(parent->dir);
	if (s->m == NULL || s->dir == NULL) {
		free(s->m);
		free(s->dir);
		conf_strv_free(sv);
		return -ENOMEM;
	}
	for (i = 0; i < sv->n; i++)
		s->m[i] = (struct lex_mline){ sv->v[i], file, line };
	s->nm = sv->n;
	s->file = file;
	s->line = line;
	free(sv->v);
	sv->v = NULL;
	sv->n = 0;
	lx->depth++;
	return 0;
}

static void
pop_src(struct conf_lex *lx)
{
	struct lex_src *s = &lx->src[--lx->depth];

	if (s->f)
		fclose(s->f);
	while (s->im < s->nm)
		free(s->m[s->im++].text);
	free(s->m);
	free(s->dir);
}

/* Cut a comment ('#' or '!' outside quotes) and trailing white space. */
static void
strip_comment(char *s)
{
	char quote = 0;
	size_t i, l;

	for (i = 0; s[i]; i++) {
		if (quote) {
			if (s[i] == '\\' && s[i + 1])
				i++;
			else if (s[i] == quote)
				quote = 0;
		} else if (s[i] == '"' || s[i] == '\'') {
			quote = s[i];
		} else if (s[i] == '#' || s[i] == '!') {
			s[i] = '\0';
			break;
		}
	}
	l = strlen(s);
	while (l && isspace((unsigned char)s[l - 1]))
		s[--l] = '\0';
}

/* Read one logical line of a file source: physical lines joined by a
 * trailing '\'.  The segments are returned in @seg. Returns 1, 0 at EOF,
 * -ENOMEM. */
static int
read_file_line(struct lex_src *s, struct conf_strv *seg, unsigned *first)
{
	char *buf = NULL;
	size_t cap = 0, l;
	ssize_t n;
	bool more = true;

	while (more && (n = getline(&buf, &cap, s->f)) >= 0) {
		s->line++;
		strip_comment(buf);
		l = strlen(buf);
		if (l == 0 && seg->n == 0)
			continue;
		if (seg->n == 0)
			*first = s->line;
		more = l > 0 && buf[l - 1] == '\\';
		if (l == 0)
			more = true;	/* blank lines do not end a continuation */
		if (more && l > 0)
			buf[--l] = '\0';
		if (l > 0 || seg->n == 0)
			if (conf_strv_push(seg, buf, (long)l) < 0) {
				free(buf);
				return -ENOMEM;
			}
	}
	free(buf);
	return seg->n > 0;
}

/* Next logical line from the source stack. */
static int
next_line(struct conf_lex *lx, struct conf_strv *seg, const char **file,
	  unsigned *line, struct lex_src **src)
{
	struct lex_src *s;
	int r;

	while (lx->depth > 0) {
		s = &lx->src[lx->depth - 1];
		*src = s;
		*file = s->file;
		if (s->f == NULL) {
			if (s->im == s->nm) {
				pop_src(lx);
				continue;
			}
			*line = s->m[s->im].line;
			*file = s->m[s->im].file;
			r = conf_strv_push(seg, s->m[s->im].text, -1);
			free(s->m[s->im++].text);
			return r < 0 ? r : 1;
		}
		r = read_file_line(s, seg, line);
		if (r != 0)
			return r;
		pop_src(lx);
	}
	return 0;
}

static int
do_include(struct conf_lex *lx, const char *pattern, struct lex_src *s,
	   const char *file, unsigned line)
{
	char path[4096];
	glob_t g;
	size_t i;
	int r = 0;
	FILE *f;

	if (lx->opts->no_include) {
		lex_err(lx, file, line, "include is disabled here:", pattern);
		return 0;
	}
	if (pattern[0] == '/')
		snprintf(path, sizeof(path), "%s", pattern);
	else
		snprintf(path, sizeof(path), "%s/%s", s->dir, pattern);
	if (glob(path, GLOB_BRACE | GLOB_NOCHECK, NULL, &g) != 0) {
		lex_err(lx, file, line, "include: cannot expand", pattern);
		return 0;
	}
	/* glob returns names sorted; push in reverse so they are read in order */
	for (i = g.gl_pathc; i-- > 0 && r == 0;) {
		f = open_file(g.gl_pathv[i]);
		if (f == NULL) {
			conf_diag_add(lx->diag, CONF_SEV_WARNING, file, line,
				      "include: cannot open '%s': %s", g.gl_pathv[i], strerror(errno));
			continue;
		}
		r = push_file(lx, g.gl_pathv[i], f, file, line);
	}
	globfree(&g);
	return r;
}

/* "include FILE" and its variants includer/m/w/b/a. Returns 1 if handled. */
static int
check_include(struct conf_lex *lx, char *l, struct lex_src *s,
	      const char *file, unsigned line)
{
	char *p;

	if (strncmp(l, "include", 7) != 0 ||
	    !(isspace((unsigned char)l[7]) || (l[7] && strchr("rmwba", l[7]) && isspace((unsigned char)l[8]))))
		return 0;
	p = l + 7;
	while (*p && !isspace((unsigned char)*p))
		p++;
	while (isspace((unsigned char)*p))
		p++;
	if (*p == '"' || *p == '\'') {
		char q = *p++, *e = strchr(p, q);
		if (e)
			*e = '\0';
	}
	if (*p == '\0') {
		lex_err(lx, file, line, "include needs a file name", NULL);
		return 1;
	}
	return do_include(lx, p, s, file, line) < 0 ? -ENOMEM : 1;
}

/* '@id rest' / '@^id rest': returns the rest to use, or NULL to skip. */
static char *
conditional(struct conf_lex *lx, char *l)
{
	bool neg = l[1] == '^';
	char *id = l + 1 + neg, *p = id;
	bool match;

	while (*p && !isspace((unsigned char)*p))
		p++;
	match = (size_t)(p - id) == strlen(lx->config_id) &&
		strncmp(id, lx->config_id, (size_t)(p - id)) == 0;
	if (match == neg)
		return NULL;
	while (isspace((unsigned char)*p))
		p++;
	return p;
}

static char *
trim(char *s)
{
	size_t l;

	while (isspace((unsigned char)*s))
		s++;
	l = strlen(s);
	while (l && isspace((unsigned char)s[l - 1]))
		s[--l] = '\0';
	return s;
}

/* "$NAME=value" (multi-line when value is empty and segments follow). */
static int
check_define(struct conf_lex *lx, char *l, struct conf_strv *seg)
{
	size_t n;
	struct conf_strv lines = { 0 };
	int r;

	if (l[0] != '$')
		return 0;
	n = lex_name_len(l + 1);
	if (n == 0 || l[1 + n] != '=')
		return 0;
	if (*trim(l + 2 + n) == '\0' && seg != NULL && seg->n > 1) {
		lines.v = seg->v + 1;
		lines.n = seg->n - 1;
		r = lex_def_set(&lx->defs, l + 1, n, NULL, &lines);
	} else {
		r = lex_def_set(&lx->defs, l + 1, n, trim(l + 2 + n), NULL);
	}
	return r < 0 ? r : 1;
}

/* A line that is just "$NAME" or "${NAME}" for a multi-line definition
 * is replaced by the definition's lines. */
static int
check_multiline_use(struct conf_lex *lx, const char *l, const char *file,
		    unsigned line)
{
	size_t n, off = l[1] == '{' ? 2 : 1;
	struct lex_def *def;
	struct conf_strv sv = { 0 };
	size_t i;

	if (l[0] != '$')
		return 0;
	n = lex_name_len(l + off);
	if (n == 0 || strcmp(l + off + n, off == 2 ? "}" : "") != 0)
		return 0;
	def = lex_def_find(&lx->defs, l + off, n);
	if (def == NULL || !def->multiline)
		return 0;
	for (i = 0; i < def->lines.n; i++)
		if (conf_strv_push(&sv, def->lines.v[i], -1) < 0) {
			conf_strv_free(&sv);
			return -ENOMEM;
		}
	return push_lines(lx, &sv, file, line) < 0 ? -ENOMEM : 1;
}

static int conf_lex_tokenize(struct conf_lex *lx, const char *l, const char *file,
		      unsigned line);

/* How many repetitions a ~SEQ/~LST line may produce: bounded by the line
 * budget and by the expansion byte budget (each copy is about as long as
 * the line itself). */
static size_t
repeat_budget(const struct conf_lex *lx, const char *l)
{
	size_t lines = lx->max_lines - lx->lines;
	size_t bytes = lx->subst_work / (strlen(l) + 1);

	return lines < bytes ? lines : bytes;
}

/* Handle one logical line after include detection. */
static int
process(struct conf_lex *lx, char *l, struct conf_strv *seg,
	const char *file, unsigned line, struct lex_src *s)
{
	struct conf_strv sv = { 0 };
	const char *err = NULL;
	char *sub, *owned = NULL;
	int r = 0, round;

	for (round = 0; round < 8; round++) {
		if (l[0] == '@' && (l = conditional(lx, l)) == NULL)
			break;
		if (*l == '\0')
			break;
		if ((r = check_define(lx, l, round == 0 ? seg : NULL)) != 0)
			break;
		r = lex_repeat(l, repeat_budget(lx, l), &sv, &err);
		if (r == -EINVAL)
			lex_err(lx, file, line, err, NULL);
		if (r == 1) {
			size_t cost = sv.n / 2 * (strlen(l) + 1);
			lx->subst_work = cost < lx->subst_work ? lx->subst_work - cost : 0;
			r = push_lines(lx, &sv, file, line);
			break;
		}
		if (r != 0 || (r = check_multiline_use(lx, l, file, line)) != 0)
			break;
		sub = lex_subst(&lx->defs, l, s->dir, lx->config_id, &lx->subst_work, &err);
		if (sub == NULL) {
			r = err == NULL ? -ENOMEM : 0;
			if (err != NULL)
				lex_err(lx, file, line, err, NULL);
			break;
		}
		if (strcmp(sub, l) == 0 || sub[0] != '@') {
			r = conf_lex_tokenize(lx, sub, file, line);
			free(sub);
			break;
		}
		free(owned);
		owned = sub;
		l = sub;	/* a substitution produced a conditional line */
	}
	free(owned);
	conf_strv_free(&sv);
	return r == -ENOMEM ? r : 0;
}

/* "$NAME=" alone on a line that continues: a multi-line definition. */
static bool
is_multiline_def(const char *l)
{
	size_t n;

	l += strspn(l, " \t");
	if (l[0] != '$' || (n = lex_name_len(l + 1)) == 0 || l[1 + n] != '=')
		return false;
	l += 2 + n;
	return l[strspn(l, " \t")] == '\0';
}

/* Join the segments of an ordinary continued line into seg->v[0]. */
static int
join_segments(struct conf_strv *seg)
{
	size_t i;
	char *j;

	for (i = 1; i < seg->n; i++) {
		j = malloc(strlen(seg->v[0]) + strlen(seg->v[i]) + 2);
		if (j == NULL)
			return -ENOMEM;
		sprintf(j, "%s %s", seg->v[0], seg->v[i]);
		free(seg->v[0]);
		seg->v[0] = j;
	}
	return 0;
}

/* Read until at least one statement is queued. */
static int
fill(struct conf_lex *lx)
{
	struct conf_strv seg = { 0 };
	struct lex_src *s = NULL;
	const char *file = NULL;
	unsigned line = 0;
	char *l;
	int r;

	while (lx->iq == lx->nq && !lx->stopped) {
		conf_strv_free(&seg);
		r = next_line(lx, &seg, &file, &line, &s);
		if (r <= 0)
			goto out;
		if (++lx->lines > lx->max_lines) {
			lex_err(lx, file, line, "too many configuration lines (expansion limit)", NULL);
			lx->stopped = true;
			break;
		}
		if (seg.n > 1 && !is_multiline_def(seg.v[0]) && join_segments(&seg) < 0) {
			r = -ENOMEM;
			goto out;
		}
		l = trim(seg.v[0]);
		memmove(seg.v[0], l, strlen(l) + 1);
		l = seg.v[0];
		r = check_include(lx, l, s, file, line);
		if (r == 0)
			r = process(lx, l, &seg, file, line, s);
		if (r < 0)
			goto out;
	}
	r = 0;
out:
	conf_strv_free(&seg);
	return r;
}

int
conf_lex_peek(struct conf_lex *lx, const struct conf_stmt **st)
{
	int r = fill(lx);

	if (r < 0)
		return r;
	if (lx->iq == lx->nq)
		return 0;
	*st = &lx->q[lx->iq];
	return 1;
}

int
conf_lex_next(struct conf_lex *lx, struct conf_stmt *st)
{
	const struct conf_stmt *p;
	int r;

	memset(st, 0, sizeof(*st));
	r = conf_lex_peek(lx, &p);
	if (r <= 0)
		return r;
	*st = lx->q[lx->iq++];
	if (lx->iq == lx->nq) {
		lx->iq = lx->nq = 0;
	}
	return 1;
}

static void
default_config_id(char *buf, size_t len)
{
	struct utsname u;
	char *dot;

	if (uname(&u) != 0)
		u.nodename[0] = '\0';
	dot = strchr(u.nodename, '.');
	if (dot)
		*dot = '\0';
	snprintf(buf, len, "%s", u.nodename);
}

int
conf_lex_new(struct conf_lex **ret, const char *path,
	     const struct conf_load_opts *opts, struct conf_diag *diag,
	     struct conf_strv *files)
{
	struct conf_lex *lx = calloc(1, sizeof(*lx));
	FILE *f;
	int r = 0;

	if (lx == NULL)
		return -ENOMEM;
	lx->opts = opts;
	lx->diag = diag;
	lx->files = files;
	lx->max_lines = opts->max_lines ? opts->max_lines : LEX_DEFAULT_MAX_LINES;
	lx->subst_work = lx->max_lines * 4096;
	if (opts->config_id)
		snprintf(lx->config_id, sizeof(lx->config_id), "%s", opts->config_id);
	else
		default_config_id(lx->config_id, sizeof(lx->config_id));
	if (opts->buf)
		f = fmemopen((void *)(uintptr_t)opts->buf, opts->buf_len ? opts->buf_len : 1, "r");
	else
		f = open_file(path);
	if (opts->buf && opts->buf_len == 0 && f) {
		fclose(f);
		f = NULL;
	}
	if (f == NULL && !(opts->buf && opts->buf_len == 0))
		conf_diag_add(diag, CONF_SEV_ERROR, path, 0, "cannot open: %s", strerror(errno));
	if (f != NULL)
		r = push_file(lx, path, f, path, 0);
	if (r < 0) {
		conf_lex_free(lx);
		return r;
	}
	*ret = lx;
	return 0;
}

void
conf_stmt_clear(struct conf_stmt *st)
{
	size_t i;

	for (i = 0; i < st->argc; i++)
		free(st->argv[i]);
	free(st->argv);
	memset(st, 0, sizeof(*st));
}

void
conf_lex_free(struct conf_lex *lx)
{
	if (lx == NULL)
		return;
	while (lx->depth)
		pop_src(lx);
	while (lx->iq < lx->nq)
		conf_stmt_clear(&lx->q[lx->iq++]);
	free(lx->q);
	lex_defs_free(&lx->defs);
	free(lx);
}

static int
queue(struct conf_lex *lx, struct conf_stmt *st, const char *file,
      unsigned line)
{
	struct conf_stmt *q;

	st->file = file;
	st->line = line;
	q = conf_vec_push(&lx->q, &lx->nq, sizeof(*q));
	if (q == NULL) {
		conf_stmt_clear(st);
		return -ENOMEM;
	}
	*q = *st;
	memset(st, 0, sizeof(*st));
	return 0;
}

static int
conf_lex_tokenize(struct conf_lex *lx, const char *l, const char *file,
		  unsigned line)
{
	struct lex_word *w = NULL;
	struct conf_stmt st = { 0 };
	size_t n = 0, i;
	bool unterminated;
	int r = lex_words(l, &w, &n, &unterminated);

	if (unterminated)
		lex_err(lx, file, line, "unterminated quoted string", NULL);
	for (i = 0; i < n && r == 0; i++) {
		if (w[i].brace) {
			if (w[i].text[0] == '{') {
				st.open = true;
				r = queue(lx, &st, file, line);
			} else {
				if (st.argc)
					r = queue(lx, &st, file, line);
				st.close = true;
				if (r == 0)
					r = queue(lx, &st, file, line);
			}
			free(w[i].text);
			w[i].text = NULL;
			continue;
		}
		char **nv = realloc(st.argv, (st.argc + 1) * sizeof(*nv));
		if (nv == NULL) {
			r = -ENOMEM;
			break;
		}
		st.argv = nv;
		st.argv[st.argc++] = w[i].text;
		w[i].text = NULL;
	}
	if (r == 0 && st.argc)
		r = queue(lx, &st, file, line);
	conf_stmt_clear(&st);
	for (i = 0; i < n; i++)
		free(w[i].text);
	free(w);
	return r;
}
