/* log.h: the one logging API of ipvsd, ipvsctl and the health worker.
 *
 * Library code under lib/ never logs (it returns -errno); only program code
 * calls these.  Messages go to stderr or syslog and carry the process name.
 * errno is preserved across every call.
 */
#ifndef IPVSD_LOG_H
#define IPVSD_LOG_H

#include <stdarg.h>
#include <stdbool.h>

enum log_level { LOG_LVL_ERR = 0, LOG_LVL_WARN, LOG_LVL_INFO, LOG_LVL_DEBUG };

/* log_init: set the process name, whether to write to stderr (else syslog)
 * and the syslog facility (LOG_DAEMON etc.).  May be called again. */
void log_init(const char *procname, bool to_stderr, int facility);
/* log_set_level: messages above @level are dropped (debug is off by default). */
void log_set_level(enum log_level level);
enum log_level log_get_level(void);
/* log_set_procname: change the prefix (after fork). */
void log_set_procname(const char *procname);

/* log_warn appends ": strerror(errno)"; log_warnx does not. */
void log_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_warnx(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_debug(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* fatal/fatalx: only for broken invariants of our own, never for input. */
void fatal(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
void fatalx(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

/* log_ratelimit: true if a message keyed by @state may be logged now
 * (at most @burst per @interval_s seconds).  *state must start zeroed. */
struct log_ratelimit { long window_start; unsigned count; unsigned suppressed; };
bool log_ratelimit(struct log_ratelimit *state, unsigned burst, unsigned interval_s);

#endif
