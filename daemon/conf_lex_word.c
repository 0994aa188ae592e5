/* conf_lex_word.c: splitting a keepalived.conf line into words, with
 * keepalived's quoting rules (keepalived.conf(5), "Quoted strings"). */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "conf_lex_int.h"

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = (char)tolower((unsigned char)c);
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* Decode the escape at s[0] == '\\'; writes the byte to *out and returns
 * the number of input bytes used. */
static size_t
unescape(const char *s, char *out)
{
	static const char from[] = "abEfnrtv", to[] = "\a\b\033\f\n\r\t\v";
	const char *p;
	size_t i = 1;
	int v = 0;

	if (s[1] == '\0') {
		*out = '\\';
		return 1;
	}
	if ((p = strchr(from, s[1])) != NULL) {
		*out = to[p - from];
		return 2;
	}
	if (s[1] >= '0' && s[1] <= '7') {
		while (i <= 3 && s[i] >= '0' && s[i] <= '7')
			v = v * 8 + (s[i++] - '0');
		*out = (char)v;
		return i;
	}
	if (s[1] == 'x' && hexval(s[2]) >= 0) {
		for (i = 2; i < 4 && hexval(s[i]) >= 0; i++)
			v = v * 16 + hexval(s[i]);
		*out = (char)v;
		return i;
	}
	if (s[1] == 'c' && s[2]) {
		*out = (char)(toupper((unsigned char)s[2]) ^ 0x40);
		return 3;
	}
	*out = s[1];
	return 2;
}

static int
push_word(struct lex_word **w, size_t *n, const char *text, size_t len,
	  bool brace)
{
	struct lex_word *nw = realloc(*w, (*n + 1) * sizeof(**w));

	if (nw == NULL)
		return -ENOMEM;
	*w = nw;
	nw[*n].text = malloc(len + 1);
	if (nw[*n].text == NULL)
		return -ENOMEM;
	memcpy(nw[*n].text, text, len);
	nw[*n].text[len] = '\0';
	nw[*n].brace = brace;
	(*n)++;
	return 0;
}

int
lex_words(const char *l, struct lex_word **w, size_t *n, bool *unterminated)
{
	size_t len = strlen(l), o = 0;
	char *buf = malloc(len + 1), quote = 0;
	bool inword = false;
	int r = 0;

	if (buf == NULL)
		return -ENOMEM;
	*unterminated = false;
	while (r == 0) {
		char c = *l;

		if (quote) {
			if (c == '\0') {
				*unterminated = true;
				quote = 0;
				continue;
			}
			if (c == quote)
				quote = 0;
			else if (c == '\\')
				l += unescape(l, &buf[o++]) - 1;
			else
				buf[o++] = c;
			l++;
			continue;
		}
		if (c == '\0' || isspace((unsigned char)c) || c == '{' || c == '}') {
			if (inword)
				r = push_word(w, n, buf, o, false);
			inword = false;
			o = 0;
			if (r == 0 && (c == '{' || c == '}'))
				r = push_word(w, n, l, 1, true);
			if (c == '\0')
				break;
			l++;
			continue;
		}
		inword = true;
		if (c == '"' || c == '\'')
			quote = c;
		else
			buf[o++] = c;
		l++;
	}
	free(buf);
	return r;
}
