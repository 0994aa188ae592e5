/* fuzz_vrrp_route.c: virtual_routes / virtual_rules word parsing, then the
 * rtnetlink message built from whatever parses.
 *
 * Input layout: byte 0 bit 0 selects a rule (1) or a route (0); the rest
 * is one configuration line, split on spaces into at most 64 words (the
 * configuration lexer never gives empty words).  A line that parses must
 * give a well-formed message no larger than the buffer; one that does not
 * must say why.
 */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "rtnl.h"
#include "vrrp_route.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static unsigned
ifindex_of(const char *name)
{
	return strcmp(name, "eth0") == 0 ? 2 : 0;
}

static size_t
split(char *line, char **words, size_t cap)
{
	size_t n = 0;
	char *p = line;

	while (*p && n < cap) {
		while (*p == ' ')
			*p++ = '\0';
		if (!*p)
			break;
		words[n++] = p;
		while (*p && *p != ' ')
			p++;
	}
	return n;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char line[1024];
	static char *words[64];
	uint8_t msg[RTNL_MSG_MAX];
	struct conf_strv w = { .v = words };
	struct rtnl_route rt;
	struct rtnl_rule ru;
	char err[256];
	size_t len;
	int r, m = 0;

	if (size < 1)
		return 0;
	len = size - 1 < sizeof(line) - 1 ? size - 1 : sizeof(line) - 1;
	memcpy(line, data + 1, len);
	line[len] = '\0';	/* a NUL inside ends the line, as in a file */
	w.n = split(line, words, 64);
	if (data[0] & 1) {
		r = vrrp_rule_parse(&w, &ru, err, sizeof(err));
		if (r == 0)
			m = rtnl_rule_msg(msg, sizeof(msg), 1, true, &ru);
	} else {
		r = vrrp_route_parse(&w, ifindex_of, &rt, err, sizeof(err));
		if (r == 0)
			m = rtnl_route_msg(msg, sizeof(msg), 1, true, &rt);
	}
	if (r < 0 && err[0] == '\0')
		abort();	/* a refusal without a reason */
	if (r == 0 && (m <= 0 || m > (int)sizeof(msg)))
		abort();	/* what parses must be sendable */
	return 0;
}
