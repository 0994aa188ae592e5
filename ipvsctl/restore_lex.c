/* restore_lex.c: splitting a -R input line into words, as ipvsadm's
 * config_stream does (see restore.h). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "restore.h"

static bool
is_sep(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Count the words (pieces of at most RESTORE_WORD_MAX bytes). */
static size_t
count_words(const char *line, size_t len)
{
	size_t n = 0, i = 0;

	while (i < len) {
		size_t w = 0;

		while (i < len && is_sep(line[i]))
			i++;
		while (i < len && !is_sep(line[i]) && w < RESTORE_WORD_MAX)
			i++, w++;
		n += w > 0;
	}
	return n;
}

int
restore_split(const char *line, size_t len, const char *prog,
	      const char ***argv)
{
	size_t nw = count_words(line, len), n = 0, i = 0;
	/* one block: the pointer array, then the words with their NULs */
	const char **v = malloc((nw + 2) * sizeof(*v) + len + nw + 1);
	char *out;

	if (v == NULL)
		return -ENOMEM;
	out = (char *)(v + nw + 2);
	v[n++] = prog;
	while (i < len) {
		size_t w = 0;

		while (i < len && is_sep(line[i]))
			i++;
		while (i + w < len && !is_sep(line[i + w]) && w < RESTORE_WORD_MAX)
			w++;
		if (w == 0)
			break;
		memcpy(out, line + i, w);
		out[w] = '\0';
		i += w;
		if (strcmp(out, "ipvsadm") != 0) {
			v[n++] = out;
			out += w + 1;
		}
	}
	v[n] = NULL;
	*argv = v;
	return (int)n;
}
