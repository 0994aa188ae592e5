/* conf_lex_macro.c: keepalived.conf parameter definitions, $NAME / ${NAME}
 * substitution and ~SEQ / ~SEQx / ~LST repetition (see keepalived.conf(5),
 * "Parameter substitution", "Sequence blocks" and "List blocks"). */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf_lex_int.h"

#define SUBST_MAX_REPLACE 1000
#define SUBST_MAX_LEN (64u << 10)

size_t
lex_name_len(const char *s)
{
	size_t n = 0;

	if (!isalpha((unsigned char)s[0]) && s[0] != '_')
		return 0;
	while (isalnum((unsigned char)s[n]) || s[n] == '_')
		n++;
	return n;
}

struct lex_def *
lex_def_find(struct lex_defs *d, const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < d->n; i++)
		if (strlen(d->v[i].name) == len && memcmp(d->v[i].name, name, len) == 0)
			return &d->v[i];
	return NULL;
}

int
lex_def_set(struct lex_defs *d, const char *name, size_t len,
	    const char *value, const struct conf_strv *lines)
{
	struct lex_def *def = lex_def_find(d, name, len);
	size_t i;

	if (def == NULL) {
		def = conf_vec_push(&d->v, &d->n, sizeof(*def));
		if (def == NULL || (def->name = strndup(name, len)) == NULL)
			return -ENOMEM;
	}
	free(def->value);
	def->value = NULL;
	conf_strv_free(&def->lines);
	def->multiline = lines != NULL;
	if (lines != NULL) {
		for (i = 0; i < lines->n; i++)
			if (conf_strv_push(&def->lines, lines->v[i], -1) < 0)
				return -ENOMEM;
		return 0;
	}
	def->value = strdup(value);
	return def->value ? 0 : -ENOMEM;
}

void
lex_defs_free(struct lex_defs *d)
{
	size_t i;

	for (i = 0; i < d->n; i++) {
		free(d->v[i].name);
		free(d->v[i].value);
		conf_strv_free(&d->v[i].lines);
	}
	free(d->v);
	d->v = NULL;
	d->n = 0;
}

/* The value of a multi-line definition used inside a line: its lines
 * joined by spaces. */
static char *
def_value(const struct lex_def *def)
{
	size_t i, len = 1;
	char *s;

	if (!def->multiline)
		return strdup(def->value);
	for (i = 0; i < def->lines.n; i++)
		len += strlen(def->lines.v[i]) + 1;
	s = calloc(1, len);
	if (s == NULL)
		return NULL;
	for (i = 0; i < def->lines.n; i++) {
		if (i)
			strcat(s, " ");
		strcat(s, def->lines.v[i]);
	}
	return s;
}

/* ${_RANDOM [MIN [MAX]]} */
static char *
random_value(const char *args)
{
	unsigned long lo = 0, hi = 32767;
	char buf[32];
	char *end;

	while (*args == ' ' || *args == '\t')
		args++;
	if (*args) {
		lo = strtoul(args, &end, 10);
		args = end;
		if (*args)
			hi = strtoul(args, &end, 10);
	}
	if (hi < lo)
		hi = lo;
	snprintf(buf, sizeof(buf), "%lu", lo + (unsigned long)random() % (hi - lo + 1));
	return strdup(buf);
}

/* Value of the name at @s (@len bytes; @args is what follows the name
 * inside braces), or NULL with *known false if not defined. */
static char *
lookup(struct lex_defs *d, const char *s, size_t len, const char *args,
       const char *pwd, const char *instance, bool *known)
{
	static const struct { const char *n; const char *v; } fixed[] = {
		{ "_HASH", "#" }, { "_BANG", "!" },
	};
	struct lex_def *def;
	size_t i;

	*known = true;
	for (i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++)
		if (strlen(fixed[i].n) == len && memcmp(s, fixed[i].n, len) == 0)
			return strdup(fixed[i].v);
	if (len == 4 && memcmp(s, "_PWD", 4) == 0)
		return strdup(pwd);
	if (len == 9 && memcmp(s, "_INSTANCE", 9) == 0)
		return strdup(instance);
	if (len == 7 && memcmp(s, "_RANDOM", 7) == 0 && args != NULL)
		return random_value(args);
	def = lex_def_find(d, s, len);
	if (def != NULL)
		return def_value(def);
	*known = false;
	return NULL;
}

/* Find the reference starting at cur[i] == '$': sets name, its length, the
 * end of the reference and the brace argument text.  Returns false if it is
 * not a well-formed reference. */
static bool
parse_ref(char *cur, size_t i, size_t *name, size_t *nlen, size_t *end,
	  char **args)
{
	char *close;

	*args = NULL;
	if (cur[i + 1] == '{') {
		*name = i + 2;
		*nlen = lex_name_len(cur + *name);
		close = strchr(cur + *name, '}');
		if (*nlen == 0 || close == NULL)
			return false;
		if (cur + *name + *nlen != close && cur[*name + *nlen] != ' ')
			return false;
		*args = cur + *name + *nlen;
		*end = (size_t)(close - cur) + 1;
		return true;
	}
	*name = i + 1;
	*nlen = lex_name_len(cur + *name);
	*end = *name + *nlen;
	return *nlen > 0 && (cur[*end] == '\0' || isspace((unsigned char)cur[*end]));
}

static char *
splice(char *cur, size_t from, size_t to, const char *val)
{
	size_t l = strlen(cur), vl = strlen(val);
	char *n = malloc(l - (to - from) + vl + 1);

	if (n == NULL)
		return NULL;
	memcpy(n, cur, from);
	memcpy(n + from, val, vl);
	memcpy(n + from + vl, cur + to, l - to + 1);
	free(cur);
	return n;
}

char *
lex_subst(struct lex_defs *d, const char *in, const char *pwd,
	  const char *instance, size_t *work, const char **err)
{
	char *cur = strdup(in), *val, *args, saved = 0;
	size_t i = 0, name, nlen, end, count = 0;
	bool known;

	while (cur != NULL && cur[i] != '\0') {
		if (cur[i] != '$' || !parse_ref(cur, i, &name, &nlen, &end, &args)) {
			i++;
			continue;
		}
		if (args != NULL) {
			saved = cur[end - 1];
			cur[end - 1] = '\0';
		}
		val = lookup(d, cur + name, nlen, args, pwd, instance, &known);
		if (args != NULL)
			cur[end - 1] = saved;
		if (!known) {
			i++;
			continue;
		}
		if (val != NULL && *work >= strlen(cur) + strlen(val))
			*work -= strlen(cur) + strlen(val);
		else if (val != NULL)
			count = SUBST_MAX_REPLACE;
		if (val == NULL || ++count > SUBST_MAX_REPLACE ||
		    strlen(cur) + strlen(val) > SUBST_MAX_LEN) {
			if (val != NULL)
				*err = "parameter expansion too deep or too long";
			free(val);
			free(cur);
			return NULL;
		}
		cur = splice(cur, i, end, val);
		free(val);
		/* rescan from i: the value may itself contain references */
	}
	return cur;
}

/* Split "a, b, c" (inside the parentheses) at top-level commas. */
static int
split_args(const char *s, size_t len, struct conf_strv *out)
{
	size_t i, start = 0, depth = 0, a, b;

	for (i = 0; i <= len; i++) {
		if (i < len && s[i] == '{')
			depth++;
		else if (i < len && s[i] == '}' && depth)
			depth--;
		else if (i == len || (s[i] == ',' && depth == 0)) {
			a = start;
			b = i;
			while (a < b && isspace((unsigned char)s[a]))
				a++;
			while (b > a && isspace((unsigned char)s[b - 1]))
				b--;
			if (conf_strv_push(out, s + a, (long)(b - a)) < 0)
				return -ENOMEM;
			start = i + 1;
		}
	}
	return 0;
}

static int
push_def(struct conf_strv *out, const char *var, const char *val)
{
	char buf[512];

	snprintf(buf, sizeof(buf), "$%s=%s", var, val);
	return conf_strv_push(out, buf, -1);
}

static bool
parse_ll(const char *s, long long *v)
{
	char *end;

	errno = 0;
	*v = strtoll(s, &end, 0);
	return *s != '\0' && *end == '\0' && errno == 0;
}

static int
seq_expand(const struct conf_strv *a, bool hex, const char *rest,
	   size_t budget, struct conf_strv *out, const char **err)
{
	long long v[3] = { 0, 0, 0 }, start, step, end, x;
	size_t i, n = a->n - 1, iter = 0;
	char buf[32];

	if (n < 1 || n > 3 || lex_name_len(a->v[0]) != strlen(a->v[0])) {
		*err = "~SEQ needs (var, [start, [step,]] end)";
		return -EINVAL;
	}
	for (i = 0; i < n; i++)
		if (!parse_ll(a->v[i + 1], &v[i])) {
			*err = "~SEQ parameter is not a number";
			return -EINVAL;
		}
	end = v[n - 1];
	start = n >= 2 ? v[0] : (end >= 0 ? 1 : -1);
	step = n == 3 ? v[1] : (end >= start ? 1 : -1);
	if (step == 0 || (hex && (start < 0 || end < 0))) {
		*err = step == 0 ? "~SEQ step must not be 0" :
			"~SEQx is only valid for positive numbers";
		return -EINVAL;
	}
	for (x = start; step > 0 ? x <= end : x >= end; x += step) {
		if (++iter > budget) {
			*err = "~SEQ expands to too many lines";
			return -EINVAL;
		}
		snprintf(buf, sizeof(buf), hex ? "%llx" : "%lld", x);
		if (push_def(out, a->v[0], buf) < 0 || conf_strv_push(out, rest, -1) < 0)
			return -ENOMEM;
	}
	return 0;
}

/* Strip one level of braces: "{a, b}" -> split into out. */
static int
unbrace(const char *s, struct conf_strv *out)
{
	size_t l = strlen(s);

	if (l >= 2 && s[0] == '{' && s[l - 1] == '}')
		return split_args(s + 1, l - 2, out);
	return conf_strv_push(out, s, -1);
}

static int
lst_expand(const struct conf_strv *a, const char *rest, size_t budget,
	   struct conf_strv *out, const char **err)
{
	struct conf_strv vars = { 0 }, vals = { 0 };
	size_t i, j;
	int r = 0;

	if (a->n < 2 || a->n - 1 > budget) {
		*err = a->n < 2 ? "~LST needs (var, value...)" : "~LST expands to too many lines";
		return -EINVAL;
	}
	if (unbrace(a->v[0], &vars) < 0)
		return -ENOMEM;
	for (i = 0; i < vars.n && r == 0; i++)
		if (lex_name_len(vars.v[i]) != strlen(vars.v[i]) || strlen(vars.v[i]) > 200) {
			*err = "~LST variable name is invalid";
			r = -EINVAL;
		}
	for (i = 1; i < a->n && r == 0; i++) {
		conf_strv_free(&vals);
		if (unbrace(a->v[i], &vals) < 0) {
			r = -ENOMEM;
			break;
		}
		if (vals.n != vars.n) {
			*err = "~LST value count does not match the variables";
			r = -EINVAL;
			break;
		}
		for (j = 0; j < vars.n && r == 0; j++)
			if (push_def(out, vars.v[j], vals.v[j]) < 0)
				r = -ENOMEM;
		if (r == 0 && conf_strv_push(out, rest, -1) < 0)
			r = -ENOMEM;
	}
	conf_strv_free(&vars);
	conf_strv_free(&vals);
	return r;
}

int
lex_repeat(const char *line, size_t budget, struct conf_strv *out,
	   const char **err)
{
	struct conf_strv a = { 0 };
	const char *open, *close, *rest;
	bool seq = false, hex = false;
	int r;

	if (strncmp(line, "~SEQx(", 6) == 0)
		seq = hex = true;
	else if (strncmp(line, "~SEQ(", 5) == 0)
		seq = true;
	else if (strncmp(line, "~LST(", 5) != 0)
		return 0;
	open = strchr(line, '(');
	close = strchr(open, ')');
	if (close == NULL) {
		*err = "~SEQ/~LST missing terminating ')'";
		return -EINVAL;
	}
	rest = close + 1;
	while (isspace((unsigned char)*rest))
		rest++;
	if (*rest == '\0') {
		*err = "~SEQ/~LST with nothing to repeat";
		return -EINVAL;
	}
	if (split_args(open + 1, (size_t)(close - open - 1), &a) < 0)
		return -ENOMEM;
	r = seq ? seq_expand(&a, hex, rest, budget, out, err) :
		lst_expand(&a, rest, budget, out, err);
	conf_strv_free(&a);
	return r < 0 ? r : 1;
}
