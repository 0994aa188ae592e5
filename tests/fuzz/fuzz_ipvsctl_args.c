/* fuzz_ipvsctl_args.c: ipvsctl's ipvsadm grammar under arbitrary argv.
 *
 * The input is split on NUL and newline into words, which become argv[1..]
 * of compat_parse() (parse only: no kernel, a stub resolver so nothing
 * touches the network).  Each input line also goes through restore_split(),
 * the -R word splitter, and is parsed the same way.
 */
#include <arpa/inet.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ipvsctl/compat.h"
#include "ipvsctl/restore.h"

#define MAX_WORDS 64

static int
stub_host(const char *name, struct in_addr *ret)
{
	if (strcmp(name, "localhost") != 0)
		return -1;
	ret->s_addr = htonl(INADDR_LOOPBACK);
	return 0;
}

static int
stub_service(const char *name, const char *proto)
{
	return strcmp(name, "http") == 0 ? 80 : -1;
}

static const struct compat_resolver stub = { stub_host, stub_service };

static void
parse_words(int argc, const char *const *argv)
{
	struct compat_req req;
	struct compat_err err;

	if (compat_parse(argc, argv, &stub, &req, &err) != 0 &&
	    memchr(err.msg, '\0', sizeof(err.msg)) == NULL)
		abort();
}

static void
fuzz_argv(char *buf, size_t size)
{
	const char *argv[MAX_WORDS + 2];
	int argc = 0;
	size_t i, start = 0;

	argv[argc++] = "ipvsadm";
	for (i = 0; i <= size && argc <= MAX_WORDS; i++) {
		if (i < size && buf[i] != '\0' && buf[i] != '\n')
			continue;
		if (i < size)
			buf[i] = '\0';
		argv[argc++] = buf + start;
		start = i + 1;
	}
	argv[argc] = NULL;
	parse_words(argc, argv);
}

static void
fuzz_restore_lines(const uint8_t *data, size_t size)
{
	const char *p = (const char *)data, *end = p + size;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t len = nl ? (size_t)(nl - p) + 1 : (size_t)(end - p);
		const char **argv;
		int argc = restore_split(p, len, "ipvsadm", &argv);

		if (argc >= 0) {
			parse_words(argc, argv);
			free((void *)argv);
		}
		p += len;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf = malloc(size + 1);

	if (buf == NULL)
		return 0;
	memcpy(buf, data, size);
	buf[size] = '\0';
	fuzz_argv(buf, size);
	free(buf);
	fuzz_restore_lines(data, size);
	return 0;
}
