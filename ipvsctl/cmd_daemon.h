/* cmd_daemon.h: ipvsctl subcommands that talk to a running ipvsd through
 * its control socket (lib/ctl_client.h):
 *
 *	ipvsctl status
 *	ipvsctl reload
 *	ipvsctl drain VIRTUAL_SERVER REAL_SERVER
 *	ipvsctl undrain VIRTUAL_SERVER REAL_SERVER
 *	ipvsctl dump [--json]
 *
 * each accepting --socket PATH (default $IPVSD_CONTROL_SOCKET, else
 * /run/ipvsd/ipvsd.ctl) and --timeout MS.  The words are not options, so
 * no ipvsadm command line starts with one of them: ipvsadm rejects a
 * leading bare word, and the dispatch happens only on an exact match of
 * argv[1].
 */
#ifndef IPVSCTL_CMD_DAEMON_H
#define IPVSCTL_CMD_DAEMON_H

#include <stdbool.h>

/* cmd_daemon_is: argv[1] names one of the subcommands above. */
bool cmd_daemon_is(const char *word);
/* cmd_daemon_main: run it; returns the exit status (0 ok, 1 the daemon
 * refused or failed the request, 2 usage error or no daemon to talk to). */
int cmd_daemon_main(int argc, char **argv);

#endif
