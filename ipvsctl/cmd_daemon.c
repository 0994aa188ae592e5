/* cmd_daemon.c: ipvsctl's control-socket subcommands (see cmd_daemon.h). */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd_daemon.h"
#include "ctl_client.h"
#include "ctl_proto.h"
#include "strnum.h"

struct sub {
	const char *word;
	uint16_t type;
	int nargs;		/* positional arguments */
	const char *usage;
};

static const struct sub subs[] = {
	{ "status", CTL_REQ_STATUS, 0, "status" },
	{ "reload", CTL_REQ_RELOAD, 0, "reload" },
	{ "drain", CTL_REQ_DRAIN, 2, "drain VIRTUAL_SERVER REAL_SERVER" },
	{ "undrain", CTL_REQ_UNDRAIN, 2, "undrain VIRTUAL_SERVER REAL_SERVER" },
	{ "dump", CTL_REQ_STATUS, 0, "dump [--json]" },
};

static const struct sub *
sub_find(const char *word)
{
	size_t i;

	for (i = 0; word != NULL && i < sizeof(subs) / sizeof(subs[0]); i++)
		if (strcmp(subs[i].word, word) == 0)
			return &subs[i];
	return NULL;
}

bool
cmd_daemon_is(const char *word)
{
	return sub_find(word) != NULL;
}

static int
usage(const char *prog, const struct sub *s)
{
	fprintf(stderr, "Usage: %s %s [--socket PATH] [--timeout MS]\n"
		"  VIRTUAL_SERVER: ADDR:PORT[/tcp|/udp|/sctp], [ADDR6]:PORT, fwmark:N, group:NAME\n"
		"  REAL_SERVER:    ADDR[:PORT], [ADDR6][:PORT]\n", prog, s->usage);
	return 2;
}

static const char *
conn_error(int err)
{
	switch (err) {
	case -ENOENT:
	case -ECONNREFUSED:
		return "ipvsd is not running (no control socket)";
	case -EACCES:
		return "permission denied on the control socket";
	case -ETIMEDOUT:
		return "ipvsd did not answer in time";
	default:
		return strerror(-err);
	}
}

struct req {
	const char *path;
	int timeout_ms;
	bool json;
	const char *pos[2];
	int npos;
};

static int
parse(int argc, char **argv, const struct sub *s, struct req *q)
{
	uint32_t ms;
	int i;

	for (i = 2; i < argc; i++) {
		if (strcmp(argv[i], "--socket") == 0 && i + 1 < argc) {
			q->path = argv[++i];
		} else if (strcmp(argv[i], "--timeout") == 0 && i + 1 < argc) {
			if (strnum_u32(argv[++i], 1, 3600000, &ms) < 0)
				return -1;
			q->timeout_ms = (int)ms;
		} else if (strcmp(argv[i], "--json") == 0 && s->type == CTL_REQ_STATUS &&
			   strcmp(s->word, "dump") == 0) {
			q->json = true;
		} else if (argv[i][0] != '-' && q->npos < s->nargs) {
			q->pos[q->npos++] = argv[i];
		} else {
			return -1;
		}
	}
	return q->npos == s->nargs ? 0 : -1;
}

int
cmd_daemon_main(int argc, char **argv)
{
	const struct sub *s = sub_find(argc > 1 ? argv[1] : NULL);
	struct req q = { .path = getenv("IPVSD_CONTROL_SOCKET"), .timeout_ms = 30000 };
	struct ctl_reply rep = { 0 };
	char arg[CTL_MAX_REQ_PAYLOAD];
	uint16_t type;
	int r;

	if (s == NULL)
		return 2;
	if (parse(argc, argv, s, &q) < 0)
		return usage(argv[0], s);
	type = q.json ? CTL_REQ_DUMP_JSON : s->type;
	if (s->nargs == 2)
		snprintf(arg, sizeof(arg), "%s %s", q.pos[0], q.pos[1]);
	r = ctl_client_request(q.path, type, s->nargs ? arg : NULL, q.timeout_ms, &rep);
	if (r < 0) {
		fprintf(stderr, "%s %s: %s\n", argv[0], s->word, conn_error(r));
		return 2;
	}
	if (rep.status == CTL_ST_OK) {
		fputs(rep.payload, stdout);
	} else {
		fputs(rep.payload, stderr);
		fprintf(stderr, "%s %s: %s\n", argv[0], s->word, ctl_status_str(rep.status));
	}
	r = rep.status == CTL_ST_OK ? 0 : 1;
	ctl_reply_free(&rep);
	return r;
}
