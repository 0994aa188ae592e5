/* udp_payload.c: UDP_CHECK hex payloads and reply matching. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "health/udp_payload.h"

/* 0..15, 16 for a wildcard (if allowed), -1 otherwise. */
static int
nibble(char c, bool wild)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	if (wild && (c == 'x' || c == 'X'))
		return 16;
	return -1;
}

/* Decode one word, appending to @p (capacity checked by the caller). */
static int
decode_word(const char *w, bool wild, struct udp_pattern *p, bool *any_wild)
{
	while (*w == ' ' || *w == '\t')
		w++;
	while (*w) {
		int hi = nibble(*w++, wild), lo = -2;
		uint8_t v, m;

		if (hi < 0)
			return -EINVAL;
		if (*w && *w != ' ' && *w != '\t' && (lo = nibble(*w++, wild)) < 0)
			return -EINVAL;
		if (p->len >= UDP_PAYLOAD_MAX)
			return -EINVAL;
		if (lo == -2) {		/* lone digit: a byte of its own */
			v = hi == 16 ? 0 : (uint8_t)hi;
			m = hi == 16 ? 0x0f : 0;
		} else {
			v = (uint8_t)(((hi & 15) << 4) | (lo & 15));
			m = (uint8_t)((hi == 16 ? 0xf0 : 0) | (lo == 16 ? 0x0f : 0));
			if (hi == 16)
				v &= 0x0f;
			if (lo == 16)
				v &= 0xf0;
		}
		p->data[p->len] = v;
		p->mask[p->len++] = m;
		*any_wild |= m != 0;
		while (*w == ' ' || *w == '\t')
			w++;
	}
	return 0;
}

int
udp_hex_decode(const char *const *words, size_t n, bool allow_wildcard,
	       struct udp_pattern *ret)
{
	struct udp_pattern p = { 0 };
	size_t cap = 0, i;
	bool any_wild = false;
	int r = 0;

	for (i = 0; i < n; i++)
		cap += strlen(words[i]);
	cap = cap > UDP_PAYLOAD_MAX ? UDP_PAYLOAD_MAX : cap;
	if (cap == 0)
		return -EINVAL;
	p.data = malloc(cap);
	p.mask = malloc(cap);
	if (!p.data || !p.mask) {
		udp_pattern_free(&p);
		return -ENOMEM;
	}
	for (i = 0; i < n && r == 0; i++)
		r = decode_word(words[i], allow_wildcard, &p, &any_wild);
	if (r == 0 && p.len == 0)
		r = -EINVAL;
	if (r < 0) {
		udp_pattern_free(&p);
		return r;
	}
	if (!any_wild) {
		free(p.mask);
		p.mask = NULL;
	}
	*ret = p;
	return 0;
}

void
udp_pattern_free(struct udp_pattern *p)
{
	free(p->data);
	free(p->mask);
	p->data = p->mask = NULL;
	p->len = 0;
}

enum hc_result
udp_reply_check(const uint8_t *reply, size_t len, const struct udp_pattern *pat,
		size_t min_len, size_t max_len)
{
	size_t n, i;

	if (!pat || !pat->len)
		return HC_OK;
	if (len < min_len || len > max_len)
		return HC_REPLY_MISMATCH;
	n = len < pat->len ? len : pat->len;
	for (i = 0; i < n; i++) {
		uint8_t care = pat->mask ? (uint8_t)~pat->mask[i] : 0xff;

		if ((reply[i] ^ pat->data[i]) & care)
			return HC_REPLY_MISMATCH;
	}
	return HC_OK;
}
