/* log.c: stderr/syslog logging with a process-name prefix. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <time.h>

#include "log.h"

static const char *log_procname = "ipvsd";
static bool log_to_stderr = true;
static enum log_level log_level = LOG_LVL_INFO;

void
log_init(const char *procname, bool to_stderr, int facility)
{
	log_procname = procname;
	log_to_stderr = to_stderr;
	if (!to_stderr)
		openlog(procname, LOG_PID | LOG_NDELAY, facility);
}

void
log_set_level(enum log_level level)
{
	log_level = level;
}

enum log_level
log_get_level(void)
{
	return log_level;
}

void
log_set_procname(const char *procname)
{
	log_procname = procname;
}

static void
log_emit(enum log_level lvl, const char *fmt, va_list ap, int err)
{
	static const int prio[] = { LOG_ERR, LOG_WARNING, LOG_INFO, LOG_DEBUG };
	char msg[2048];
	int n;

	if (lvl > log_level)
		return;
	n = vsnprintf(msg, sizeof(msg), fmt, ap);
	if (err && n >= 0 && (size_t)n < sizeof(msg))
		snprintf(msg + n, sizeof(msg) - (size_t)n, ": %s", strerror(err));
	if (log_to_stderr)
		fprintf(stderr, "%s: %s\n", log_procname, msg);
	else
		syslog(prio[lvl], "%s", msg);
}

#define LOG_BODY(lvl, err)                      \
	do {                                    \
		int saved = errno;              \
		va_list ap;                     \
		va_start(ap, fmt);              \
		log_emit((lvl), fmt, ap, (err)); \
		va_end(ap);                     \
		errno = saved;                  \
	} while (0)

void log_warn(const char *fmt, ...) { LOG_BODY(LOG_LVL_WARN, errno); }
void log_warnx(const char *fmt, ...) { LOG_BODY(LOG_LVL_WARN, 0); }
void log_info(const char *fmt, ...) { LOG_BODY(LOG_LVL_INFO, 0); }
void log_debug(const char *fmt, ...) { LOG_BODY(LOG_LVL_DEBUG, 0); }

void
fatal(const char *fmt, ...)
{
	LOG_BODY(LOG_LVL_ERR, errno);
	exit(1);
}

void
fatalx(const char *fmt, ...)
{
	LOG_BODY(LOG_LVL_ERR, 0);
	exit(1);
}

bool
log_ratelimit(struct log_ratelimit *st, unsigned burst, unsigned interval_s)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	if (ts.tv_sec - st->window_start >= (long)interval_s) {
		st->window_start = ts.tv_sec;
		st->count = 0;
	}
	if (st->count < burst) {
		st->count++;
		return true;
	}
	st->suppressed++;
	return false;
}
