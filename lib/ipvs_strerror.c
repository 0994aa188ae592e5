/* ipvs_strerror.c: error texts for IPVS operations.
 *
 * The texts and the (operation, errno) pairs that select them are those of
 * ipvsadm 1.31 (libipvs ipvs_strerror), so that ipvsctl prints the same
 * lines.  A row with IPVS_OP__COUNT as op applies to every operation and is
 * consulted only after the operation's own rows; anything else falls back
 * to strerror().
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "ipvs_nl.h"

#define ANY_OP IPVS_OP__COUNT

static const struct {
	enum ipvs_op op;
	int err;
	const char *msg;
} ipvs_errtab[] = {
	{ IPVS_OP_SVC_ADD, EEXIST, "Service already exists" },
	{ IPVS_OP_SVC_ADD, ENOENT, "Scheduler or persistence engine not found" },
	{ IPVS_OP_SVC_EDIT, ESRCH, "No such service" },
	{ IPVS_OP_SVC_EDIT, ENOENT, "Scheduler or persistence engine not found" },
	{ IPVS_OP_SVC_DEL, ESRCH, "No such service" },
	{ IPVS_OP_ZERO, ESRCH, "No such service" },
	{ IPVS_OP_DEST_ADD, ESRCH, "Service not defined" },
	{ IPVS_OP_DEST_ADD, EEXIST, "Destination already exists" },
	{ IPVS_OP_DEST_EDIT, ESRCH, "Service not defined" },
	{ IPVS_OP_DEST_EDIT, ENOENT, "No such destination" },
	{ IPVS_OP_DEST_DEL, ESRCH, "Service not defined" },
	{ IPVS_OP_DEST_DEL, ENOENT, "No such destination" },
	{ IPVS_OP_DAEMON_START, EEXIST, "Daemon has already run" },
	{ IPVS_OP_DAEMON_STOP, ESRCH, "No daemon is running" },
	{ IPVS_OP_SVC_DUMP, ESRCH, "No such service" },
	{ IPVS_OP_DEST_DUMP, ESRCH, "No such service" },
	{ IPVS_OP_SVC_GET, ESRCH, "No such service" },
	{ ANY_OP, EPERM, "Permission denied (you must be root)" },
	{ ANY_OP, EINVAL, "Invalid operation.  Possibly wrong module version, address not unicast, ..." },
	{ ANY_OP, ENOPROTOOPT, "Protocol not available" },
	{ ANY_OP, ENOMEM, "Memory allocation problem" },
	{ ANY_OP, EOPNOTSUPP, "Operation not supported with IPv6" },
	{ ANY_OP, EAFNOSUPPORT, "Operation not supported with specified address family" },
	{ ANY_OP, EMSGSIZE, "Module is wrong version" },
};

const char *
ipvs_strerror(enum ipvs_op op, int err)
{
	size_t i;

	err = abs(err);
	for (i = 0; i < sizeof(ipvs_errtab) / sizeof(ipvs_errtab[0]); i++)
		if ((ipvs_errtab[i].op == op || ipvs_errtab[i].op == ANY_OP) &&
		    ipvs_errtab[i].err == err)
			return ipvs_errtab[i].msg;
	return strerror(err);
}
