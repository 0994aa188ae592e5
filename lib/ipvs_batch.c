/* ipvs_batch.c: pipelined IPVS requests.
 *
 * Requests are encoded into one buffer as they are queued.  Commit sends
 * them in windows: each window is one sendmsg() of up to nl->window
 * consecutive messages with consecutive sequence numbers.  The kernel's
 * netlink_rcv_skb() runs every message of the skb in order and answers a
 * failing one with an error message even without NLM_F_ACK, so only the
 * window's last request asks for an ack: a clean window costs one send and
 * one receive.  Errors are mapped back to the queue index by sequence
 * number.  The window is sized so that even an all-failing window's error
 * messages fit the receive buffer; should they not (ENOBUFS, messages
 * lost), what is still queued is drained, every request of the window
 * without an answer is reported with -ENOBUFS (its outcome is unknown),
 * and the window is halved.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <linux/netlink.h>

#include "ipvs_nl.h"
#include "ipvs_nl_priv.h"

/* One sendmsg stays well below the socket's send buffer. */
#define BATCH_CHUNK_BYTES (128 * 1024)

struct ipvs_batch {
	struct ipvs_nl *nl;
	struct ipvs_msgbuf buf;
	size_t *off;		/* off[i]: offset of request i in buf */
	uint8_t *ops;		/* ops[i]: its enum ipvs_op */
	size_t n, cap;
};

int
ipvs_ackwin_feed(struct ipvs_ackwin *w, const uint8_t *buf, size_t len)
{
	struct ipvs_msgview m;
	uint32_t seq, slot;
	int r, err;

	while ((r = ipvs_msg_next(&buf, &len, &m)) == 1) {
		if (m.type != NLMSG_ERROR)
			continue;
		if (ipvs_msg_parse_ack(&m, &err, &seq, w->extack, sizeof(w->extack)) < 0)
			return -EBADMSG;
		slot = seq - w->first_seq;
		if (slot >= w->count || w->answered[slot])
			continue;
		w->answered[slot] = 1;
		if (err < 0) {
			size_t idx = w->first_index + slot;

			w->failed++;
			w->fn(w->arg, idx, (enum ipvs_op)w->ops[idx], err,
			      w->extack[0] ? w->extack : NULL);
		}
		if (slot == w->count - 1)
			w->done = true;
	}
	return r;
}

int
ipvs_batch_new(struct ipvs_nl *nl, struct ipvs_batch **ret)
{
	struct ipvs_batch *b = calloc(1, sizeof(*b));

	if (b == NULL)
		return -ENOMEM;
	b->nl = nl;
	ipvs_msgbuf_init(&b->buf);
	*ret = b;
	return 0;
}

void
ipvs_batch_free(struct ipvs_batch *b)
{
	if (b == NULL)
		return;
	ipvs_msgbuf_free(&b->buf);
	free(b->off);
	free(b->ops);
	free(b);
}

size_t
ipvs_batch_len(const struct ipvs_batch *b)
{
	return b->n;
}

static int
batch_grow(struct ipvs_batch *b)
{
	size_t cap = b->cap ? b->cap * 2 : 256;
	size_t *off;
	uint8_t *ops;

	/* one extra offset slot: off[n] marks the end of the last request */
	off = realloc(b->off, (cap + 1) * sizeof(*off));
	if (off == NULL)
		return -ENOMEM;
	b->off = off;
	ops = realloc(b->ops, cap);
	if (ops == NULL)
		return -ENOMEM;
	b->ops = ops;
	b->cap = cap;
	return 0;
}

static int
batch_queue(struct ipvs_batch *b, const struct ipvs_req *r)
{
	size_t start = b->buf.len;
	int ret;

	if (b->n == b->cap && (ret = batch_grow(b)) < 0)
		return ret;
	if ((ret = ipvs_msg_put_req(&b->buf, b->nl->family, 0, 0, r)) < 0)
		return ret;
	b->off[b->n] = start;
	b->ops[b->n] = (uint8_t)r->op;
	b->n++;
	return 0;
}

int
ipvs_batch_svc(struct ipvs_batch *b, enum ipvs_op op, const struct ipvs_service *svc)
{
	struct ipvs_req r = { .op = op, .svc = svc };

	switch (op) {
	case IPVS_OP_SVC_ADD:
	case IPVS_OP_SVC_EDIT:
	case IPVS_OP_SVC_DEL:
		if (svc == NULL)
			return -EINVAL;
		break;
	case IPVS_OP_FLUSH:
		r.svc = NULL;
		break;
	case IPVS_OP_ZERO:
		break;
	default:
		return -EINVAL;
	}
	return batch_queue(b, &r);
}

int
ipvs_batch_dest(struct ipvs_batch *b, enum ipvs_op op,
		const struct ipvs_service *svc, const struct ipvs_dest *dest)
{
	struct ipvs_req r = { .op = op, .svc = svc, .dest = dest };

	if (op != IPVS_OP_DEST_ADD && op != IPVS_OP_DEST_EDIT && op != IPVS_OP_DEST_DEL)
		return -EINVAL;
	return batch_queue(b, &r);
}

/* How many requests from @i go into the next sendmsg. */
static size_t
window_len(const struct ipvs_batch *b, size_t i, size_t window)
{
	size_t j = i + 1;

	while (j < b->n && j - i < window && b->off[j + 1] - b->off[i] <= BATCH_CHUNK_BYTES)
		j++;
	return j - i;
}

/* After ENOBUFS: take what is still queued, then give up on the rest. */
static void
window_lost(struct ipvs_nl *nl, struct ipvs_ackwin *w)
{
	size_t count, i, k;

	while (!w->done && ipvs_nl_recv(nl, &count, 1) == 0)
		for (i = 0; i < count; i++)
			(void)ipvs_ackwin_feed(w, ipvs_nl_rx_slot(nl, i), nl->rxlen[i]);
	for (k = 0; k < w->count; k++) {
		if (w->answered[k])
			continue;
		w->failed++;
		w->fn(w->arg, w->first_index + k, (enum ipvs_op)w->ops[w->first_index + k],
		      -ENOBUFS, NULL);
	}
}

/* Collect the answers of one sent window.  Returns 0, -ENOBUFS (window
 * reported as lost) or another -errno (transport broken). */
static int
window_collect(struct ipvs_nl *nl, struct ipvs_ackwin *w)
{
	size_t count, i;
	int ret;

	while (!w->done) {
		ret = ipvs_nl_recv(nl, &count, 0);
		if (ret == -ENOBUFS) {
			window_lost(nl, w);
			return -ENOBUFS;
		}
		if (ret < 0)
			return ret;
		for (i = 0; i < count; i++) {
			w->extack[0] = '\0';
			ret = ipvs_ackwin_feed(w, ipvs_nl_rx_slot(nl, i), nl->rxlen[i]);
			if (ret < 0)
				return ret;
			if (w->extack[0])
				memcpy(nl->extack, w->extack, sizeof(nl->extack));
		}
	}
	return 0;
}

/* Send requests i .. i+count-1 and collect their answers. */
static int
window_run(struct ipvs_batch *b, size_t i, size_t count, struct ipvs_ackwin *w,
	   bool *sent)
{
	struct ipvs_nl *nl = b->nl;
	size_t k;
	int ret;

	w->first_seq = nl->seq + 1;
	w->first_index = i;
	w->count = count;
	w->done = false;
	memset(w->answered, 0, count);
	for (k = 0; k < count; k++)
		ipvs_msg_set_seq(&b->buf, b->off[i + k], w->first_seq + (uint32_t)k);
	nl->seq += (uint32_t)count;
	ipvs_msg_add_flags(&b->buf, b->off[i + count - 1], NLM_F_ACK);
	*sent = false;
	ret = ipvs_nl_send(nl, b->buf.data + b->off[i], b->off[i + count] - b->off[i]);
	if (ret < 0)
		return ret;
	*sent = true;
	return window_collect(nl, w);
}

int
ipvs_batch_commit(struct ipvs_batch *b, ipvs_batch_err_fn fn, void *arg)
{
	struct ipvs_ackwin w = { .ops = b->ops, .fn = fn, .arg = arg };
	size_t i = 0, count, window = b->nl->window;
	int ret = 0;

	b->nl->extack[0] = '\0';
	if (b->n)
		b->off[b->n] = b->buf.len;
	w.answered = malloc(window ? window : 1);
	if (w.answered == NULL)
		ret = -ENOMEM;
	while (ret == 0 && i < b->n) {
		bool sent;

		count = window_len(b, i, window);
		ret = window_run(b, i, count, &w, &sent);
		if (!sent && window > 1 &&
		    (ret == -EMSGSIZE || ret == -ENOBUFS || ret == -ENOMEM)) {
			/* the kernel took nothing: retry with smaller sends */
			window /= 2;
			ret = 0;
			continue;
		}
		if (sent && ret == -ENOBUFS) {
			/* reported as lost; leave more room for answers */
			if (window > 1)
				window /= 2;
			ret = 0;
		}
		i += count;
	}
	free(w.answered);
	b->n = 0;
	b->buf.len = 0;
	return ret < 0 ? ret : (int)w.failed;
}
