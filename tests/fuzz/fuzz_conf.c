/* fuzz_conf.c: fuzz target of the keepalived.conf lexer and parser.
 * The input is a configuration file; include is disabled and expansions
 * are bounded.  A tree that loads is also dumped; the dump must load again
 * and dump to the same text (the normalized dump is a fixed point). */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char *
dump(const struct conf *c, size_t *len)
{
	char *out = NULL;
	FILE *f = open_memstream(&out, len);

	if (f == NULL)
		abort();
	conf_print(f, c);
	fclose(f);
	return out;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct conf_load_opts o = { .config_id = "fuzz", .no_include = true, .max_lines = 20000,
				    .buf = (const char *)data, .buf_len = size };
	struct conf_diag d = { 0 };
	struct conf *c = NULL, *c2 = NULL;
	char *out, *out2;
	size_t len = 0, len2 = 0;

	if (conf_load("fuzz.conf", &o, &c, &d) == 0) {
		out = dump(c, &len);
		conf_diag_free(&d);
		o.buf = out;
		o.buf_len = len;
		if (conf_load("dump.conf", &o, &c2, &d) != 0) {
			conf_diag_print(stderr, &d);
			fprintf(stderr, "--- dump:\n%s", out);
			abort();	/* a dump must always re-parse */
		}
		out2 = dump(c2, &len2);
		if (len2 != len || memcmp(out, out2, len) != 0) {
			fprintf(stderr, "--- dump:\n%s--- dump of the dump:\n%s", out, out2);
			abort();
		}
		conf_free(c2);
		free(out);
		free(out2);
	}
	conf_free(c);
	conf_diag_free(&d);
	return 0;
}
