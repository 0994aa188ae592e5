/* popt_lex.c: libpopt-compatible tokenizer (see popt_lex.h). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "popt_lex.h"

int
popt_init(struct popt_lex *lx, int argc, const char *const *argv,
	  const struct popt_opt *tab, int ntab, bool posix)
{
	memset(lx, 0, sizeof(*lx));
	lx->left = calloc(argc > 0 ? (size_t)argc : 1, sizeof(*lx->left));
	if (lx->left == NULL)
		return -ENOMEM;
	lx->argc = argc;
	lx->argv = argv;
	lx->next = 1;
	lx->tab = tab;
	lx->ntab = ntab;
	lx->posix = posix;
	return 0;
}

void
popt_fini(struct popt_lex *lx)
{
	free(lx->left);
	lx->left = NULL;
}

static const struct popt_opt *
find_short(const struct popt_lex *lx, char c)
{
	for (int i = 0; i < lx->ntab; i++)
		if (c != '\0' && lx->tab[i].sname == c)
			return &lx->tab[i];
	return NULL;
}

static const struct popt_opt *
find_long(const struct popt_lex *lx, const char *name, size_t len)
{
	for (int i = 0; i < lx->ntab; i++) {
		const char *l = lx->tab[i].lname;

		if (l != NULL && strlen(l) == len && strncmp(l, name, len) == 0)
			return &lx->tab[i];
	}
	return NULL;
}

/* The argument of @o taken from the following word, if allowed. */
static int
take_next_word(struct popt_lex *lx, const struct popt_opt *o, const char **arg)
{
	if (lx->next >= lx->argc) {
		if (o->type != POPT_ARG_OPTIONAL)
			return POPT_ERR_NOARG;
		return o->tag;
	}
	if (o->type == POPT_ARG_OPTIONAL && lx->argv[lx->next][0] == '-')
		return o->tag;
	*arg = lx->argv[lx->next++];
	return o->tag;
}

static int
next_short(struct popt_lex *lx, const char **arg)
{
	const char *p = lx->cluster;
	const struct popt_opt *o = find_short(lx, *p);

	lx->cluster = NULL;
	if (o == NULL)
		return POPT_ERR_BADOPT;
	p++;
	if (o->type == POPT_ARG_NO) {
		if (*p == '=')
			return POPT_ERR_UNWANTEDARG;
		if (*p != '\0')
			lx->cluster = p;
		return o->tag;
	}
	if (*p != '\0') {
		*arg = p + (*p == '=');
		return o->tag;
	}
	return take_next_word(lx, o, arg);
}

static int
next_long(struct popt_lex *lx, const char *name, const char **arg)
{
	const char *eq = strchr(name, '=');
	size_t len = eq ? (size_t)(eq - name) : strlen(name);
	const struct popt_opt *o = find_long(lx, name, len);

	if (o == NULL)
		return POPT_ERR_BADOPT;
	if (o->type == POPT_ARG_NO)
		return eq ? POPT_ERR_UNWANTEDARG : o->tag;
	if (eq != NULL) {
		*arg = eq + 1;
		return o->tag;
	}
	return take_next_word(lx, o, arg);
}

int
popt_next(struct popt_lex *lx, const char **arg)
{
	*arg = NULL;
	for (;;) {
		const char *w;

		if (lx->cluster != NULL)
			return next_short(lx, arg);
		if (lx->next >= lx->argc)
			return POPT_END;
		w = lx->argv[lx->next++];
		if (lx->rest || w[0] != '-' || w[1] == '\0') {
			if (lx->posix)
				lx->rest = true;
			lx->left[lx->nleft++] = lx->next - 1;
			continue;
		}
		if (w[1] == '-' && w[2] == '\0') {
			lx->rest = true;
			continue;
		}
		if (w[1] == '-')
			return next_long(lx, w + 2, arg);
		lx->cluster = w + 1;
	}
}

const char *
popt_bad_option(const struct popt_lex *lx)
{
	if (lx->next > 0 && lx->next <= lx->argc)
		return lx->argv[lx->next - 1];
	return NULL;
}

const char *
popt_strerror(int err)
{
	switch (err) {
	case POPT_ERR_NOARG:
		return "missing argument";
	case POPT_ERR_BADOPT:
		return "unknown option";
	case POPT_ERR_UNWANTEDARG:
		return "option does not take an argument";
	default:
		return "unknown error";
	}
}

const char *
popt_get_arg(struct popt_lex *lx)
{
	if (lx->getleft >= lx->nleft)
		return NULL;
	return lx->argv[lx->left[lx->getleft++]];
}
