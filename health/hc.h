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
#include <netinet/in.h>
#include <sys/socket.h>

#include "health/hc_result.h"
#include "event.h"

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

/* An IPv4 or IPv6 socket address, sized to need (not sockaddr_storage:
 * there is one per checker). */
union hc_sockaddr {
	struct sockaddr sa;
	struct sockaddr_in in;
	struct sockaddr_in6 in6;
};

/* Where an attempt connects (resolved once from the configuration). */
struct hc_target {
	union hc_sockaddr dst;			/* connect_ip/port or the RS */
	socklen_t dst_len;
	union hc_sockaddr src;			/* bindto/bind_port */
	socklen_t src_len;			/* 0: no bind */
	const char *bind_if;			/* SO_BINDTODEVICE, or NULL */
	uint32_t fwmark;			/* SO_MARK, 0: none */
	uint64_t timeout_us;			/* per-step deadline */
};

typedef void hc_done_fn(struct hc_check *c, enum hc_result r, void *arg);

/* What an attempt says about the real server's weight (MISC_CHECK with
 * misc_dynamic, FILE_CHECK with a weight).  The type sets it before
 * hc_check_done(); the runner resets it to HC_W_KEEP before each start. */
enum hc_wkind {
	HC_W_KEEP = 0,		/* no news: the last reported value stands */
	HC_W_SET,		/* the weight is wval (misc_dynamic) */
	HC_W_DELTA,		/* the weight is the configured one + wval
				 * (FILE_CHECK) */
};

/* The child's channel for MISC_CHECK scripts, which the parent runs
 * (hc_proto.h HC_MSG_SCRIPT_RUN/DONE).  One per engine; ch NULL: scripts
 * cannot run (attempts fail with HC_SCRIPT_NOT_RUN). */
struct ipc_chan;
struct conf;
struct hc_msg_script_done;
struct hc_script_wait;
struct hc_scripts {
	struct ipc_chan *ch;
	const struct conf *conf;	/* to name checkers by index */
	uint32_t next_id;
	struct hc_script_wait *head;	/* requests in flight */
};

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
	uint64_t delay_loop_us;
	bool recovering;
	enum hc_wkind wkind;			/* see enum hc_wkind */
	struct hc_scripts *scripts;		/* MISC_CHECK only */
	int64_t wval;
	void *priv;				/* the type's attempt state */
	hc_done_fn *done;
	void *done_arg;
	char detail[HC_DETAIL_MAX];		/* why the last attempt failed */
};

extern const struct hc_ops hc_tcp_ops;
extern const struct hc_ops hc_http_ops;	/* HTTP_GET */
extern const struct hc_ops hc_ssl_ops;	/* SSL_GET */
extern const struct hc_ops hc_smtp_ops;	/* SMTP_CHECK, hc_smtp.c */
extern const struct hc_ops hc_dns_ops;	/* DNS_CHECK, hc_dns.c */
extern const struct hc_ops hc_udp_ops;	/* UDP_CHECK, hc_udp.c */
extern const struct hc_ops hc_ping_ops;	/* PING_CHECK, hc_ping.c */
extern const struct hc_ops hc_misc_ops;	/* MISC_CHECK, hc_misc.c */
extern const struct hc_ops hc_file_ops;	/* FILE_CHECK, hc_file.c */

/* hc_scripts_done: HC_MSG_SCRIPT_DONE arrived: finish the MISC_CHECK
 * attempt waiting for it.  0, or -ENOENT if none waits for that req_id
 * (late answer to a cancelled attempt: drop it). */
int hc_scripts_done(struct hc_scripts *s, const struct hc_msg_script_done *d);
/* hc_scripts_reset: forget every request in flight (engine teardown; the
 * attempts themselves are cancelled by their runners). */
void hc_scripts_reset(struct hc_scripts *s);

/* hc_dgram_open: a non-blocking, close-on-exec datagram socket of
 * @proto (IPPROTO_UDP, IPPROTO_ICMP, IPPROTO_ICMPV6) and @type
 * (SOCK_DGRAM or SOCK_RAW) for @t, with bindto/bind_port, bind_if and
 * fwmark applied, IP(V6)_RECVERR set and connected to t->dst (port 0 for
 * ICMP).  Returns the fd or -errno; *res says how to report a failure. */
int hc_dgram_open(const struct hc_target *t, int type, int proto,
		  enum hc_result *res);
/* hc_dgram_errno_result: a failed send/recv on such a socket as a result
 * (ECONNREFUSED: HC_REFUSED, EHOSTUNREACH/ENETUNREACH: HC_UNREACHABLE...). */
enum hc_result hc_dgram_errno_result(int err);

/* The part every datagram checker's attempt has (UDP, DNS, PING): the
 * socket, its read watch, the attempt's deadline, and a failure that
 * happened before the loop ran (reported from the loop, never from inside
 * start()). */
struct hc_dgram {
	int fd;
	struct event_fd w;
	struct event_timer deadline;
	enum hc_result early;
	int early_err;
};

/* hc_dgram_send: send @len bytes on d->fd (open).  0, or -errno with
 * d->early set and the socket closed (d->fd -1). */
int hc_dgram_send(struct hc_dgram *d, const void *pkt, size_t len);
/* hc_dgram_arm: the end of a start(): @send_r is what opening and sending
 * returned.  On success the socket is watched with @readable and the
 * deadline armed at the target's timeout; on failure the deadline fires at
 * once so that @deadline reports d->early.  0 or -errno (then the caller
 * releases the attempt). */
int hc_dgram_arm(struct hc_check *c, struct hc_dgram *d, int send_r,
		 event_fd_cb *readable, event_timer_cb *deadline);
/* hc_dgram_start: the start() of a datagram checker: a zeroed attempt of
 * @size bytes, whose first member is its struct hc_dgram, becomes c->priv;
 * @send opens and sends (-errno with d.early set), then hc_dgram_arm.  On
 * failure @release frees the attempt.  0 or -errno. */
int hc_dgram_start(struct hc_check *c, size_t size, int (*send)(struct hc_check *c),
		   event_fd_cb *readable, event_timer_cb *deadline,
		   void (*release)(struct hc_check *c));
/* hc_dgram_release: stop watching, cancel the deadline, close. */
void hc_dgram_release(struct hc_dgram *d);

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
