/* test_ipc.c: framing, queueing, size checks, fd passing, dispatch. */
#include "config.h"

#include <check.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "event.h"
#include "ipc.h"
#include "ck_run.h"

static int
count_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *de;
	int n = 0;

	ck_assert_ptr_nonnull(d);
	while ((de = readdir(d)) != NULL)
		if (de->d_name[0] != '.')
			n++;
	closedir(d);
	return n;
}

static void
pair(struct ipc_chan **a, struct ipc_chan **b, int *rawb)
{
	int sv[2];

	ck_assert_int_eq(ipc_socketpair(sv), 0);
	ck_assert_int_eq(ipc_chan_new(NULL, sv[0], NULL, NULL, a), 0);
	if (b != NULL)
		ck_assert_int_eq(ipc_chan_new(NULL, sv[1], NULL, NULL, b), 0);
	else
		*rawb = sv[1];
}

struct point { uint32_t x, y, z; };

START_TEST(test_roundtrip)
{
	struct ipc_chan *a, *b;
	struct ipc_msg m;
	struct point p = { 1, 2, 3 }, q = { 0, 0, 0 };
	uint64_t wrong = 99;
	const char *s;

	pair(&a, &b, NULL);
	ck_assert_int_eq(ipc_send(a, 7, 42, -1, &p, sizeof(p)), 0);
	ck_assert_int_eq(ipc_send(a, 8, 0, -1, NULL, 0), 0);
	ck_assert_int_eq(ipc_send(a, 9, 1, -1, "hi", 3), 0);
	ck_assert_uint_eq(ipc_queued(a), 0);

	ck_assert_int_eq(ipc_recv(b, &m), 0);
	ck_assert_uint_eq(m.type, 7);
	ck_assert_uint_eq(m.peer_id, 42);
	ck_assert_uint_eq(m.len, sizeof(p));
	ck_assert_int_eq(m.fd, -1);
	ck_assert_int_eq(ipc_get(&m, &wrong, sizeof(wrong)), -EBADMSG);
	ck_assert(wrong == 99);		/* untouched on mismatch */
	ck_assert_int_eq(ipc_get(&m, &q, sizeof(q) - 1), -EBADMSG);
	ck_assert_int_eq(ipc_get(&m, &q, sizeof(q)), 0);
	ck_assert_uint_eq(q.x, 1);
	ck_assert_uint_eq(q.y, 2);
	ck_assert_int_eq(ipc_get_str(&m, &s), -EBADMSG);	/* no NUL */
	ipc_msg_done(&m);

	ck_assert_int_eq(ipc_recv(b, &m), 0);
	ck_assert_uint_eq(m.type, 8);
	ck_assert_uint_eq(m.len, 0);
	ck_assert_int_eq(ipc_get(&m, NULL, 0), 0);
	ck_assert_int_eq(ipc_get(&m, &q, sizeof(q)), -EBADMSG);
	ck_assert_int_eq(ipc_get_str(&m, &s), -EBADMSG);	/* empty */

	ck_assert_int_eq(ipc_recv(b, &m), 0);
	ck_assert_int_eq(ipc_get_str(&m, &s), 0);
	ck_assert_str_eq(s, "hi");

	ck_assert_int_eq(ipc_recv(b, &m), -EAGAIN);
	ck_assert_int_eq(ipc_send(a, 1, 0, -1, NULL, IPC_MAX_PAYLOAD + 1), -EMSGSIZE);
	ipc_chan_free(a);
	ck_assert_int_eq(ipc_recv(b, &m), -EPIPE);
	ipc_chan_free(b);
}
END_TEST

START_TEST(test_embedded_nul_string)
{
	struct ipc_chan *a, *b;
	struct ipc_msg m;
	const char *s = NULL;

	pair(&a, &b, NULL);
	ck_assert_int_eq(ipc_send(a, 1, 0, -1, "a\0b", 4), 0);
	ck_assert_int_eq(ipc_recv(b, &m), 0);
	ck_assert_int_eq(ipc_get_str(&m, &s), -EBADMSG);
	ck_assert_ptr_null(s);
	ipc_chan_free(a);
	ipc_chan_free(b);
}
END_TEST

START_TEST(test_max_payload)
{
	struct ipc_chan *a, *b;
	struct ipc_msg m;
	uint8_t *big = malloc(IPC_MAX_PAYLOAD);
	size_t i;

	for (i = 0; i < IPC_MAX_PAYLOAD; i++)
		big[i] = (uint8_t)(i * 7);
	pair(&a, &b, NULL);
	ck_assert_int_eq(ipc_send(a, 3, 0, -1, big, IPC_MAX_PAYLOAD), 0);
	ck_assert_int_eq(ipc_recv(b, &m), 0);
	ck_assert_uint_eq(m.len, IPC_MAX_PAYLOAD);
	ck_assert(memcmp(m.data, big, IPC_MAX_PAYLOAD) == 0);
	free(big);
	ipc_chan_free(a);
	ipc_chan_free(b);
}
END_TEST

/* The socket buffer fills: messages stay queued in order until the peer
 * reads, then a flush delivers them all, none lost or reordered. */
START_TEST(test_queue_when_full)
{
	struct ipc_chan *a, *b;
	struct ipc_msg m;
	uint8_t chunk[4000];
	uint32_t i, sent = 0, next = 0;
	int r;

	pair(&a, &b, NULL);
	memset(chunk, 0xab, sizeof(chunk));
	for (i = 0; i < 2000 && ipc_queued(a) < 10; i++) {
		memcpy(chunk, &i, sizeof(i));
		ck_assert_int_eq(ipc_send(a, 5, i, -1, chunk, sizeof(chunk)), 0);
		sent++;
	}
	ck_assert_uint_ge(ipc_queued(a), 10);	/* the kernel pushed back */
	ck_assert_int_eq(ipc_flush(a), -EAGAIN);
	for (;;) {
		r = ipc_recv(b, &m);
		if (r == -EAGAIN) {
			if (ipc_queued(a) == 0)
				break;
			r = ipc_flush(a);
			ck_assert(r == 0 || r == -EAGAIN);
			continue;
		}
		ck_assert_int_eq(r, 0);
		ck_assert_uint_eq(m.peer_id, next);
		ck_assert_uint_eq(m.len, sizeof(chunk));
		ck_assert(memcmp(m.data, &next, sizeof(next)) == 0);
		next++;
	}
	ck_assert_uint_eq(next, sent);
	ck_assert_uint_eq(ipc_queued(a), 0);
	ipc_chan_free(a);
	ipc_chan_free(b);
}
END_TEST

START_TEST(test_queue_limit_and_free_with_queue)
{
	struct ipc_chan *a, *b;
	static uint8_t chunk[60000];
	int r = 0, i, pfd[2], before;

	before = count_fds();
	ck_assert_int_eq(pipe(pfd), 0);
	pair(&a, &b, NULL);
	for (i = 0; i < 1000 && r == 0; i++)
		r = ipc_send(a, 5, 0, i % 2 ? pfd[0] : -1, chunk, sizeof(chunk));
	ck_assert_int_eq(r, -ENOBUFS);
	ck_assert_uint_gt(ipc_queued(a), 100);
	ipc_chan_free(a);	/* closes the duplicated fds still queued */
	ipc_chan_free(b);	/* closes the ones in flight */
	close(pfd[0]);
	close(pfd[1]);
	ck_assert_int_eq(count_fds(), before);
}
END_TEST

START_TEST(test_fd_passing)
{
	struct ipc_chan *a, *b;
	struct ipc_msg m;
	int pfd[2], got;
	char c = 0;

	pair(&a, &b, NULL);
	ck_assert_int_eq(pipe(pfd), 0);
	ck_assert_int_eq(ipc_send(a, 11, 3, pfd[1], "w", 2), 0);
	close(pfd[1]);		/* the channel sent its own duplicate */
	ck_assert_int_eq(ipc_recv(b, &m), 0);
	ck_assert_uint_eq(m.type, 11);
	ck_assert_int_ge(m.fd, 0);
	ck_assert(fcntl(m.fd, F_GETFD) & FD_CLOEXEC);
	got = ipc_msg_take_fd(&m);
	ck_assert_int_eq(m.fd, -1);
	ipc_msg_done(&m);		/* must not close the taken fd */
	ck_assert_int_eq(write(got, "z", 1), 1);
	ck_assert_int_eq(read(pfd[0], &c, 1), 1);
	ck_assert_int_eq(c, 'z');
	close(got);
	close(pfd[0]);

	/* an fd not taken is closed by ipc_msg_done */
	ck_assert_int_eq(pipe(pfd), 0);
	ck_assert_int_eq(ipc_send(a, 12, 0, pfd[1], NULL, 0), 0);
	close(pfd[1]);
	ck_assert_int_eq(ipc_recv(b, &m), 0);
	ipc_msg_done(&m);
	ck_assert_int_eq(read(pfd[0], &c, 1), 0);	/* all writers gone */
	close(pfd[0]);
	ck_assert_int_eq(ipc_send(a, 12, 0, 9999, NULL, 0), -EBADF);
	ipc_chan_free(a);
	ipc_chan_free(b);
}
END_TEST

static void
send_raw(int fd, const void *data, size_t len, int pass_fd)
{
	union { struct cmsghdr a; char b[CMSG_SPACE(sizeof(int))]; } cb;
	struct iovec iov = { .iov_base = (void *)(uintptr_t)data, .iov_len = len };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1 };
	struct cmsghdr *cm;

	if (pass_fd >= 0) {
		memset(&cb, 0, sizeof(cb));
		mh.msg_control = cb.b;
		mh.msg_controllen = sizeof(cb.b);
		cm = CMSG_FIRSTHDR(&mh);
		cm->cmsg_level = SOL_SOCKET;
		cm->cmsg_type = SCM_RIGHTS;
		cm->cmsg_len = CMSG_LEN(sizeof(int));
		memcpy(CMSG_DATA(cm), &pass_fd, sizeof(int));
	}
	ck_assert_int_eq(sendmsg(fd, &mh, 0), (ssize_t)len);
}

START_TEST(test_malformed_frames)
{
	struct ipc_chan *a;
	struct ipc_msg m;
	struct ipc_hdr h = { .type = 1, .len = 4 };
	uint8_t frame[sizeof(h) + 8];
	int raw, pfd[2], before;

	ck_assert_int_eq(pipe(pfd), 0);
	before = count_fds();
	pair(&a, NULL, &raw);
	before += 2;

	send_raw(raw, "abc", 3, -1);			/* short header */
	ck_assert_int_eq(ipc_recv(a, &m), -EBADMSG);
	memcpy(frame, &h, sizeof(h));
	send_raw(raw, frame, sizeof(h) + 8, -1);	/* len says 4, has 8 */
	ck_assert_int_eq(ipc_recv(a, &m), -EBADMSG);
	send_raw(raw, frame, sizeof(h) + 2, -1);	/* len says 4, has 2 */
	ck_assert_int_eq(ipc_recv(a, &m), -EBADMSG);
	h.flags = 0x80;					/* unknown flag */
	memcpy(frame, &h, sizeof(h));
	send_raw(raw, frame, sizeof(h) + 4, -1);
	ck_assert_int_eq(ipc_recv(a, &m), -EBADMSG);
	h.flags = IPC_F_FD;				/* flag, no fd */
	memcpy(frame, &h, sizeof(h));
	send_raw(raw, frame, sizeof(h) + 4, -1);
	ck_assert_int_eq(ipc_recv(a, &m), -EBADMSG);
	h.flags = 0;					/* fd, no flag */
	memcpy(frame, &h, sizeof(h));
	send_raw(raw, frame, sizeof(h) + 4, pfd[0]);
	ck_assert_int_eq(ipc_recv(a, &m), -EBADMSG);
	ck_assert_int_eq(count_fds(), before);		/* it was closed */
	send_raw(raw, frame, sizeof(h) + 4, -1);	/* still usable */
	ck_assert_int_eq(ipc_recv(a, &m), 0);
	ck_assert_uint_eq(m.len, 4);
	ipc_chan_free(a);
	close(raw);
	close(pfd[0]);
	close(pfd[1]);
}
END_TEST

static int
h_add(struct ipc_chan *ch, struct ipc_msg *msg, void *arg)
{
	uint32_t v;
	int r = ipc_get(msg, &v, sizeof(v));

	(void)ch;
	if (r < 0)
		return r;
	*(uint32_t *)arg += v;
	return 0;
}

static const struct ipc_handler table[] = {
	{ 1, "add", h_add },
	{ 2, "add-again", h_add },
};

START_TEST(test_dispatch)
{
	uint32_t total = 0, v = 5;
	struct ipc_msg m = { .type = 1, .data = &v, .len = sizeof(v), .fd = -1 };

	ck_assert_int_eq(ipc_dispatch(table, 2, NULL, &m, &total), 0);
	m.type = 2;
	ck_assert_int_eq(ipc_dispatch(table, 2, NULL, &m, &total), 0);
	ck_assert_uint_eq(total, 10);
	m.type = 3;
	ck_assert_int_eq(ipc_dispatch(table, 2, NULL, &m, &total), -ENOMSG);
	ck_assert_ptr_null(ipc_type_name(table, 2, 3));
	ck_assert_str_eq(ipc_type_name(table, 2, 2), "add-again");
	m.type = 1;
	m.len = 2;	/* size mismatch reaches the handler's ipc_get */
	ck_assert_int_eq(ipc_dispatch(table, 2, NULL, &m, &total), -EBADMSG);
	ck_assert_uint_eq(total, 10);
}
END_TEST

/* ---- with an event loop ---- */

struct peer {
	struct ipc_chan *ch;
	uint32_t total;
	int msgs, unknown, closed, close_err;
};

static void
peer_msg(struct ipc_chan *ch, struct ipc_msg *msg, void *arg)
{
	struct peer *p = arg;

	p->msgs++;
	if (ipc_dispatch(table, 2, ch, msg, &p->total) == -ENOMSG)
		p->unknown++;
}

static void
peer_close(struct ipc_chan *ch, int err, void *arg)
{
	struct peer *p = arg;

	p->closed++;
	p->close_err = err;
	ipc_chan_free(ch);	/* freeing from inside a callback */
	p->ch = NULL;
}

static const struct ipc_ops peer_ops = { peer_msg, peer_close };

START_TEST(test_loop_delivery)
{
	struct event_loop *loop;
	struct peer pa = { 0 }, pb = { 0 };
	static uint8_t chunk[30000];
	uint32_t one = 1;
	int sv[2], i;

	ck_assert_int_eq(event_loop_new(&loop), 0);
	ck_assert_int_eq(ipc_socketpair(sv), 0);
	ck_assert_int_eq(ipc_chan_new(loop, sv[0], &peer_ops, &pa, &pa.ch), 0);
	ck_assert_int_eq(ipc_chan_new(loop, sv[1], &peer_ops, &pb, &pb.ch), 0);
	/* overfill: the loop's write watch must drain the rest */
	for (i = 0; i < 100; i++)
		ck_assert_int_eq(ipc_send(pa.ch, 99, 0, -1, chunk, sizeof(chunk)), 0);
	ck_assert_uint_gt(ipc_queued(pa.ch), 0);
	ck_assert_int_eq(ipc_send(pa.ch, 1, 0, -1, &one, sizeof(one)), 0);
	ck_assert_int_eq(ipc_send(pa.ch, 2, 0, -1, &one, 2), 0);	/* bad size */
	for (i = 0; i < 1000 && pb.msgs < 102; i++)
		event_run_once(loop, 100);
	ck_assert_int_eq(pb.msgs, 102);
	ck_assert_int_eq(pb.unknown, 100);
	ck_assert_uint_eq(pb.total, 1);
	ck_assert_uint_eq(ipc_queued(pa.ch), 0);
	/* closing one side reports -EPIPE on the other */
	ipc_chan_free(pa.ch);
	for (i = 0; i < 100 && pb.closed == 0; i++)
		event_run_once(loop, 100);
	ck_assert_int_eq(pb.closed, 1);
	ck_assert_int_eq(pb.close_err, -EPIPE);
	ck_assert_ptr_null(pb.ch);
	event_loop_free(loop);
}
END_TEST

START_TEST(test_loop_garbage_closes)
{
	struct event_loop *loop;
	struct peer pb = { 0 };
	int sv[2], i;

	ck_assert_int_eq(event_loop_new(&loop), 0);
	ck_assert_int_eq(ipc_socketpair(sv), 0);
	ck_assert_int_eq(ipc_chan_new(loop, sv[1], &peer_ops, &pb, &pb.ch), 0);
	send_raw(sv[0], "garbage", 7, -1);
	for (i = 0; i < 100 && pb.closed == 0; i++)
		event_run_once(loop, 100);
	ck_assert_int_eq(pb.closed, 1);
	ck_assert_int_eq(pb.close_err, -EBADMSG);
	ck_assert_int_eq(pb.msgs, 0);
	close(sv[0]);
	event_loop_free(loop);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("ipc");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_roundtrip);
	tcase_add_test(tc, test_embedded_nul_string);
	tcase_add_test(tc, test_max_payload);
	tcase_add_test(tc, test_queue_when_full);
	tcase_add_test(tc, test_queue_limit_and_free_with_queue);
	tcase_add_test(tc, test_fd_passing);
	tcase_add_test(tc, test_malformed_frames);
	tcase_add_test(tc, test_dispatch);
	tcase_add_test(tc, test_loop_delivery);
	tcase_add_test(tc, test_loop_garbage_closes);
	tcase_set_timeout(tc, 20);
	suite_add_tcase(s, tc);
	return ck_run(s);
}
