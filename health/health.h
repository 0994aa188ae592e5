/* health.h: entry point of the health-check child process.
 *
 * The parent forks the child after parsing the configuration (the child
 * inherits the tree) and drops its privileges (daemon/proc.c); then it calls
 * health_main() with its end of the IPC channel.  The protocol on the
 * channel is health/hc_proto.h.
 */
#ifndef IPVSD_HEALTH_H
#define IPVSD_HEALTH_H

struct conf;
struct event_loop;

/* health_main: run the checkers of @conf until the channel closes or
 * SIGTERM/SIGINT arrives (SIGPIPE, SIGHUP, SIGUSR1/2 are ignored: reload
 * and dumps go over the channel).  @ev may be NULL: a loop is then created (and
 * freed) here; a loop passed in is left to the caller.  Takes ownership of
 * @ipc_fd.  Returns the process exit status (0 on a normal stop, 1 on a
 * setup failure).  @conf must stay valid and unchanged while it runs. */
int health_main(struct event_loop *ev, int ipc_fd, const struct conf *conf);

#endif
