/* ipvs_nl.h: IPVS client over generic netlink (libnl-genl-3).
 *
 * The only file that includes libnl headers is lib/ipvs_nl.c.  Every call
 * returns 0 (or a count) on success and a negative errno on failure; nothing
 * here logs.  Turn an error into text with ipvs_strerror(op, err), passing
 * the operation that failed explicitly (no hidden "last call" state).
 *
 * Minimum kernel: 4.x genl IPVS (IPVS_CMD_*, 64-bit stats when present,
 * tunnel attributes from 5.2 on; older kernels reject them with EINVAL).
 */
#ifndef IPVSD_IPVS_NL_H
#define IPVSD_IPVS_NL_H

#include <stddef.h>
#include "ipvs_types.h"

struct ipvs_nl;

/* The operations, for error texts and batch reports. */
enum ipvs_op {
	IPVS_OP_INFO,
	IPVS_OP_SVC_ADD,
	IPVS_OP_SVC_EDIT,
	IPVS_OP_SVC_DEL,
	IPVS_OP_SVC_GET,
	IPVS_OP_SVC_DUMP,
	IPVS_OP_DEST_ADD,
	IPVS_OP_DEST_EDIT,
	IPVS_OP_DEST_DEL,
	IPVS_OP_DEST_DUMP,
	IPVS_OP_ZERO,
	IPVS_OP_FLUSH,
	IPVS_OP_TIMEOUT_GET,
	IPVS_OP_TIMEOUT_SET,
	IPVS_OP_DAEMON_START,
	IPVS_OP_DAEMON_STOP,
	IPVS_OP_DAEMON_DUMP,
	IPVS_OP__COUNT
};

/* ipvs_nl_open: connect and resolve the "IPVS" genl family.
 * Returns 0 and sets *ret, or -errno: -ENOPROTOOPT when the kernel has no
 * IPVS (module not loaded).  Opening needs no privilege: without
 * CAP_NET_ADMIN every later request fails with -EPERM.
 *
 * Field conventions (see ipvs_types.h): IP_VS_SVC_F_HASHED is the kernel's
 * own bit; it is never sent and is cleared in what dumps return. */
int ipvs_nl_open(struct ipvs_nl **ret);
void ipvs_nl_close(struct ipvs_nl *nl);

/* ipvs_nl_last_extack: the kernel's extended-ack text of the last failed
 * request on this handle, or NULL.  Cleared when a new request starts, so it
 * belongs to the most recent call (for a batch: its last failing request). */
const char *ipvs_nl_last_extack(const struct ipvs_nl *nl);

/* ipvs_nl_set_trace: call @fn with every datagram sent (@dir 0) and
 * received (@dir 1) on this handle; NULL turns it off.  For recording
 * kernel replies (tests/unit/nl/) and debugging; never needed otherwise. */
typedef void (*ipvs_nl_trace_fn)(void *arg, int dir, const void *buf, size_t len);
void ipvs_nl_set_trace(struct ipvs_nl *nl, ipvs_nl_trace_fn fn, void *arg);

int ipvs_nl_get_info(struct ipvs_nl *nl, struct ipvs_info *ret);

/* Services.  add/edit take every field; del needs only the identity. */
int ipvs_nl_svc_add(struct ipvs_nl *nl, const struct ipvs_service *svc);
int ipvs_nl_svc_edit(struct ipvs_nl *nl, const struct ipvs_service *svc);
int ipvs_nl_svc_del(struct ipvs_nl *nl, const struct ipvs_service *svc);
/* ipvs_nl_svc_get: look one service up by identity (-ESRCH if absent). */
int ipvs_nl_svc_get(struct ipvs_nl *nl, const struct ipvs_service *key,
		    struct ipvs_service *ret);
/* ipvs_nl_svc_dump: all services of both families, in kernel order.
 * *ret is malloc'ed (free()), *n its length.  Untouched on failure. */
int ipvs_nl_svc_dump(struct ipvs_nl *nl, struct ipvs_service **ret, size_t *n);

/* Destinations of service @svc (identity fields only are used). */
int ipvs_nl_dest_add(struct ipvs_nl *nl, const struct ipvs_service *svc,
		     const struct ipvs_dest *dest);
int ipvs_nl_dest_edit(struct ipvs_nl *nl, const struct ipvs_service *svc,
		      const struct ipvs_dest *dest);
int ipvs_nl_dest_del(struct ipvs_nl *nl, const struct ipvs_service *svc,
		     const struct ipvs_dest *dest);
int ipvs_nl_dest_dump(struct ipvs_nl *nl, const struct ipvs_service *svc,
		      struct ipvs_dest **ret, size_t *n);

/* ipvs_nl_zero: zero the counters of @svc, or of everything if NULL. */
int ipvs_nl_zero(struct ipvs_nl *nl, const struct ipvs_service *svc);
/* ipvs_nl_flush: delete every service. */
int ipvs_nl_flush(struct ipvs_nl *nl);

int ipvs_nl_timeout_get(struct ipvs_nl *nl, struct ipvs_timeouts *ret);
/* A zero field is left unchanged by the kernel. */
int ipvs_nl_timeout_set(struct ipvs_nl *nl, const struct ipvs_timeouts *t);

int ipvs_nl_daemon_start(struct ipvs_nl *nl, const struct ipvs_daemon *d);
/* Only d->state (and d->syncid is ignored) is used to pick what to stop. */
int ipvs_nl_daemon_stop(struct ipvs_nl *nl, const struct ipvs_daemon *d);
/* Up to two entries (master, backup); *n is set to how many run. */
int ipvs_nl_daemon_dump(struct ipvs_nl *nl, struct ipvs_daemon ret[2], size_t *n);

/* Pipelined batch: queue many add/edit/del requests, send them all, then
 * collect every ack.  Each failed request is reported through the callback
 * with its 0-based index in queue order, its op and -errno; the other
 * requests still take effect (there is no rollback).  Requests run in queue
 * order.  @extack is the kernel's text for that request or NULL.  The
 * callback must not use the handle.  Should the kernel's answers ever
 * overflow the socket (it is sized so they do not), the requests whose
 * answer was lost are reported with -ENOBUFS: their outcome is unknown. */
struct ipvs_batch;
typedef void (*ipvs_batch_err_fn)(void *arg, size_t index, enum ipvs_op op,
				  int err, const char *extack);
int ipvs_batch_new(struct ipvs_nl *nl, struct ipvs_batch **ret);
/* op is IPVS_OP_SVC_ADD/EDIT/DEL, IPVS_OP_FLUSH or IPVS_OP_ZERO (svc may be NULL). */
int ipvs_batch_svc(struct ipvs_batch *b, enum ipvs_op op, const struct ipvs_service *svc);
/* op is IPVS_OP_DEST_ADD/EDIT/DEL. */
int ipvs_batch_dest(struct ipvs_batch *b, enum ipvs_op op,
		    const struct ipvs_service *svc, const struct ipvs_dest *dest);
size_t ipvs_batch_len(const struct ipvs_batch *b);
/* ipvs_batch_commit: returns the number of failed requests (>= 0), or
 * -errno if the transport itself failed.  The batch is empty afterwards
 * and may be reused. */
int ipvs_batch_commit(struct ipvs_batch *b, ipvs_batch_err_fn fn, void *arg);
void ipvs_batch_free(struct ipvs_batch *b);

/* ipvs_strerror: the message for @err (negative or positive errno) returned
 * by @op.  The texts match ipvsadm's, so ipvsctl can print them unchanged. */
const char *ipvs_strerror(enum ipvs_op op, int err);

#endif
