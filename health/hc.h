/* hc.h: one health check attempt, and the interface of a check type.
 *
 * A check type (TCP_CHECK in hc_tcp.c, HTTP_GET/SSL_GET in hc_http.c)
 * exposes a struct hc_ops.  The scheduler (hc_sched.h) calls ops->start()
 * for each attempt; the attempt runs as a small non-blocking state machine
 * on the event loop, each step (connect, write, read) under its own
 * deadline, and ends by calling hc_check_done() exactly once, always from
 * a loop callback (never from inside start()).  cancel() abandons an
 * attempt in flight without calling done (safe when none is in flight).
 */
#ifndef IPVSD_HC_H
#define IPVSD_HC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#include "health/hc_result.h"

struct event_loop;
struct conf_vs;
struct conf_rs;
struct conf_checker;
struct hc_check;

#define HC_DETAIL_MAX 128

struct hc_ops {
	const char *name;			/* "TCP_CHECK" */
	/* start: begin one attempt.  0, or -errno if it could not start
	 * (the scheduler then counts an HC_INTERNAL failure). */
	int (*start)(struct hc_check *c);
	/* cancel: abandon the attempt in flight; release its resources. */
	void (*cancel)(struct hc_check *c);
};

/* Where an attempt connects (resolved once from the configuration). */
struct hc_target {
	struct sockaddr_storage dst;		/* connect_ip/port or the RS */
	socklen_t dst_len;
	struct sockaddr_storage src;		/* bindto/bind_port */
	socklen_t src_len;			/* 0: no bind */
	const char *bind_if;			/* SO_BINDTODEVICE, or NULL */
	uint32_t fwmark;			/* SO_MARK, 0: none */
	uint64_t timeout_us;			/* per-step deadline */
};

typedef void hc_done_fn(struct hc_check *c, enum hc_result r, void *arg);

struct hc_check {
	struct event_loop *loop;
	const struct hc_ops *ops;
	const struct conf_vs *vs;
	const struct conf_rs *rs;
	const struct conf_checker *ck;
	struct hc_target tgt;
	/* set by the scheduler before each start(): the checker is down
	 * (alpha start or failed), and its delay_loop.  HTTP_GET/SSL_GET
	 * then fetch their urls delay_loop apart unless fast_recovery. */
	bool recovering;
	uint64_t delay_loop_us;
	void *priv;				/* the type's attempt state */
	hc_done_fn *done;
	void *done_arg;
	char detail[HC_DETAIL_MAX];		/* why the last attempt failed */
};

extern const struct hc_ops hc_tcp_ops;
extern const struct hc_ops hc_http_ops;	/* HTTP_GET */
extern const struct hc_ops hc_ssl_ops;	/* SSL_GET */

/* hc_ops_for: the ops of a conf_check_type, or NULL if not supported. */
const struct hc_ops *hc_ops_for(int64_t type);

/* hc_target_resolve: fill @t from the checker's connection options, the
 * real server's address/port and @timeout_us.  0 or -EINVAL (no port, or
 * bindto of another family). */
int hc_target_resolve(struct hc_target *t, const struct conf_rs *rs,
		      const struct conf_checker *ck, uint64_t timeout_us);

/* hc_check_done: end the attempt (called by the check types). */
void hc_check_done(struct hc_check *c, enum hc_result r, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* hc_sock_open: a non-blocking, close-on-exec TCP socket for @t with
 * bindto/bind_port, bind_if and fwmark applied, and connect() issued.
 * Returns the fd (connect in progress or done), or -errno; on -errno,
 * *res says how to report it (HC_REFUSED, HC_CONNECT_ERROR, HC_INTERNAL). */
int hc_sock_open(const struct hc_target *t, enum hc_result *res);
/* hc_sock_error: SO_ERROR of a connecting socket mapped to a result. */
enum hc_result hc_sock_error(int fd, int *err);

/* hc_target_str: "addr:port" ("[v6]:port") of the destination. */
void hc_target_str(const struct hc_target *t, char *buf, size_t len);

#endif
