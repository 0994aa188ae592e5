/* compat.h: ipvsadm 1.31's command-line grammar -> one request.
 *
 * compat_parse() reproduces ipvsadm's option processing exactly: the popt
 * grammar (popt_lex.h), the order in which options are applied (later
 * options see the effects of earlier ones, e.g. "-r" before "-t"), the
 * command/option compatibility table, the tunnel table and every check with
 * its message and exit status.  It does not talk to the kernel: name
 * resolution goes through a replaceable resolver so tests and the fuzzer
 * never touch the network.
 */
#ifndef IPVSCTL_COMPAT_H
#define IPVSCTL_COMPAT_H

#include <stdbool.h>
#include <stdint.h>
#include <netinet/in.h>

#include "ipvs_types.h"
#include "cmd_list.h"

/* Commands, in ipvsadm's order (the compatibility table rows). */
enum compat_cmd {
	COMPAT_NONE = 0,
	COMPAT_ADD, COMPAT_EDIT, COMPAT_DEL, COMPAT_FLUSH, COMPAT_LIST,
	COMPAT_ADDDEST, COMPAT_DELDEST, COMPAT_EDITDEST, COMPAT_TIMEOUT,
	COMPAT_STARTDAEMON, COMPAT_STOPDAEMON, COMPAT_RESTORE, COMPAT_SAVE,
	COMPAT_ZERO,
	COMPAT_HELP,		/* -h first: usage on stdout, exit 0 */
	COMPAT_VERSION,		/* -v first: version on stdout, exit 0 */
};

/* Options, in ipvsadm's order (the compatibility table columns). */
enum compat_opt {
	OPTC_NUMERIC, OPTC_CONNECTION, OPTC_SERVICE, OPTC_SCHEDULER,
	OPTC_PERSISTENT, OPTC_NETMASK, OPTC_SERVER, OPTC_FORWARD, OPTC_WEIGHT,
	OPTC_UTHRESHOLD, OPTC_LTHRESHOLD, OPTC_MCAST, OPTC_TIMEOUT, OPTC_DAEMON,
	OPTC_STATS, OPTC_RATE, OPTC_THRESHOLDS, OPTC_PERSISTENTCONN,
	OPTC_NOSORT, OPTC_SYNCID, OPTC_EXACT, OPTC_ONEPACKET, OPTC_PE,
	OPTC_SCHED_FLAGS, OPTC_MCAST_GROUP, OPTC_MCAST_PORT, OPTC_MCAST_TTL,
	OPTC_SYNC_MAXLEN, OPTC_TUN_INFO, OPTC_TUN_TYPE, OPTC_TUN_PORT,
	OPTC_TUN_NOCSUM, OPTC_TUN_CSUM, OPTC_TUN_REMCSUM,
	OPTC_OUTPUT,		/* ours: --json / --output FORMAT (list only) */
	OPTC__COUNT
};

#define COMPAT_OPT(o) (1ULL << (o))

/* Name resolution (ipvsadm: gethostbyname, getservbyname). */
struct compat_resolver {
	/* 0 and *ret set, or -1 if @name has no IPv4 address. */
	int (*host)(const char *name, struct in_addr *ret);
	/* host-order port, or -1; @proto is "tcp", "udp" or "sctp". */
	int (*service)(const char *name, const char *proto);
};

/* The system resolver (libc), as ipvsadm uses it. */
extern const struct compat_resolver compat_sys_resolver;

struct compat_req {
	enum compat_cmd cmd;
	uint64_t options;		/* COMPAT_OPT(OPTC_*) given */
	struct ipvs_service svc;	/* protocol 0 for fwmark services */
	struct ipvs_dest dest;
	struct ipvs_timeouts timeout;	/* --set */
	struct ipvs_daemon daemon;	/* --start-daemon/--stop-daemon */
	struct list_opts list;		/* -L/-S output options */
};

/* How a parse failed, which decides what ipvsadm does next. */
enum compat_fail {
	COMPAT_OK = 0,
	COMPAT_FAIL,		/* fail(): msg, exit 2; fatal in -R too */
	COMPAT_POPT,		/* popt error: msg, exit 255; -R goes on */
	COMPAT_TRYHELP,		/* "Try `prog -h'...", exit 255; fatal in -R */
	COMPAT_CRASH,		/* ipvsadm dereferences NULL here (-b ",") */
};

struct compat_err {
	enum compat_fail kind;
	int status;		/* exit status ipvsadm uses */
	char msg[320];		/* stderr text without the final newline */
};

/* compat_parse: parse one ipvsadm command line (argv[0] is the program).
 * Returns 0 with @req filled, or -1 with @err filled.  -ENOMEM is reported
 * as a COMPAT_FAIL with strerror's text. */
int compat_parse(int argc, const char *const *argv, const struct compat_resolver *res,
		 struct compat_req *req, struct compat_err *err);

/* compat_tryhelp: ipvsadm's "Try ..." line for @prog (no newline). */
void compat_tryhelp(const char *prog, char *buf, size_t len);

#endif
