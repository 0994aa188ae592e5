/* notify_fifo.h: keepalived's notify FIFOs (global_defs notify_fifo,
 * vrrp_notify_fifo, lvs_notify_fifo and their *_script).
 *
 * A FIFO is created if missing (mode 0644, then given to the configured
 * "user [group]" if any), its script (if configured) is started with the
 * FIFO's path as its last argument, and the FIFO is opened read-write and
 * non-blocking, as keepalived does: the open never waits for a reader, a
 * write never blocks the daemon and never raises SIGPIPE; a line that does
 * not fit (no reader for 64 KiB of lines) is dropped and counted.
 *
 * Lines are keepalived 2.2's, one event each, ending in '\n':
 *	RS [10.0.0.2]:tcp:80 [10.0.0.100]:tcp:80 UP|DOWN
 *	VS [10.0.0.100]:tcp:80 UP|DOWN		(quorum)
 *	INSTANCE "VI_1" MASTER|BACKUP|FAULT|STOP 100
 *	GROUP "G1" MASTER|BACKUP|FAULT|STOP 0
 * A virtual server is named "[ADDR]:PROTO:PORT", "FWM N", or for a group
 * "[NAME]:0"; a real server "[ADDR]:PROTO:PORT" with its service's
 * protocol.
 */
#ifndef IPVSD_NOTIFY_FIFO_H
#define IPVSD_NOTIFY_FIFO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "conf.h"

struct script_set;
struct event_loop;

struct notify_fifo {
	bool open;		/* a zeroed struct is a closed FIFO */
	int fd;
	char *path;
	bool created;		/* we made it: unlinked by notify_fifo_close */
	uint64_t lines;		/* written */
	uint64_t dropped;	/* not written (full, error) */
};

/* notify_fifo_open: open the FIFO of @cfg ("path [user [group]]"); an
 * empty @cfg closes @f and is not an error.  If @f is already open on the
 * same path it is kept as it is (a reload does not restart its reader).
 * If @script ("command [user [group]]", may be NULL or empty) is given and
 * @scripts is non-NULL, it is started through @scripts with the FIFO path
 * appended to its arguments.  0 or -errno with @err filled. */
int notify_fifo_open(struct notify_fifo *f, const struct conf_strv *cfg,
		     const struct conf_strv *script, struct script_set *scripts,
		     struct event_loop *loop, char *err, size_t errlen);

/* notify_fifo_write_line: write one line (printf format, without the
 * trailing newline, which is added).  Never blocks.  0, or -errno (the
 * line is dropped); a closed @f (or NULL) is 0 and does nothing. */
int notify_fifo_write_line(struct notify_fifo *f, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Formatting of the LVS lines above (NUL-terminated, truncated to @len). */
const char *notify_fifo_fmt_vs(const struct conf_vs *vs, char *buf, size_t len);
const char *notify_fifo_fmt_rs(const struct conf_vs *vs, const struct conf_rs *rs,
			       char *buf, size_t len);

/* notify_fifo_rs / notify_fifo_vs: the RS and VS (quorum) lines, written
 * to each of the open FIFOs in @f (n of them, NULL entries skipped). */
void notify_fifo_rs(struct notify_fifo *const *f, size_t n, const struct conf_vs *vs,
		    const struct conf_rs *rs, bool up);
void notify_fifo_vs(struct notify_fifo *const *f, size_t n, const struct conf_vs *vs,
		    bool up);

/* notify_fifo_vrrp: an INSTANCE (@group false) or GROUP line, @state one of
 * "MASTER", "BACKUP", "FAULT", "STOP"; @prio is 0 for a group. */
void notify_fifo_vrrp(struct notify_fifo *const *f, size_t n, bool group,
		      const char *name, const char *state, int prio);

/* notify_fifo_close: close, unlink the FIFO if we created it. */
void notify_fifo_close(struct notify_fifo *f);

#endif
