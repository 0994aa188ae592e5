/* sdnotify.h: the sd_notify(3) protocol without libsystemd.
 *
 * One datagram per call to the AF_UNIX socket named by $NOTIFY_SOCKET (a
 * path, or "@name" for the abstract namespace).  Without $NOTIFY_SOCKET
 * (not started by systemd, or Type= other than notify) every call is a
 * no-op returning 0.  Each returns 1 if sent, 0 if there is nowhere to
 * send, or -errno.
 */
#ifndef IPVSD_SDNOTIFY_H
#define IPVSD_SDNOTIFY_H

#include <stdint.h>

/* sdnotify_send_to: send @msg (e.g. "READY=1\nSTATUS=up") to @addr, a
 * NOTIFY_SOCKET value; NULL or "" sends nothing.  -EINVAL for an address
 * that is neither absolute nor abstract, -ENAMETOOLONG if too long. */
int sdnotify_send_to(const char *addr, const char *msg);
/* sdnotify_send: sdnotify_send_to(getenv("NOTIFY_SOCKET"), msg). */
int sdnotify_send(const char *msg);

/* READY=1 (with STATUS=@status if non-NULL). */
int sdnotify_ready(const char *status);
/* RELOADING=1 with MONOTONIC_USEC=<now>, as Type=notify-reload expects;
 * send sdnotify_ready() when the reload is done. */
int sdnotify_reloading(void);
/* STOPPING=1. */
int sdnotify_stopping(void);
/* STATUS=<printf text>; newlines are replaced by spaces. */
int sdnotify_status(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* MAINPID=<pid>, for a daemon whose main process changes. */
int sdnotify_mainpid(int pid);

#endif
