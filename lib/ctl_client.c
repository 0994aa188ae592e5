/* ctl_client.c: blocking control-socket client with a deadline. */
#include "config.h"

#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "ctl_client.h"
#include "ctl_proto.h"

static long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

/* Wait for @events on @fd until @deadline (ms, monotonic). */
static int
wait_fd(int fd, short events, long deadline)
{
	struct pollfd p = { .fd = fd, .events = events };
	long left;
	int r;

	for (;;) {
		left = deadline - now_ms();
		if (left <= 0)
			return -ETIMEDOUT;
		r = poll(&p, 1, (int)(left > 60000 ? 60000 : left));
		if (r > 0)
			return 0;
		if (r < 0 && errno != EINTR)
			return -errno;
	}
}

static int
ctl_connect(const char *path, long deadline, int *ret)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd, r;

	if (strlen(path) >= sizeof(sa.sun_path))
		return -ENAMETOOLONG;
	strcpy(sa.sun_path, path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0)
		return -errno;
	/* A full backlog gives EAGAIN on a UNIX socket: retry until the
	 * deadline rather than fail at once. */
	while (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		r = -errno;
		if (r == -EINTR)
			continue;
		if (r == -EAGAIN && now_ms() < deadline) {
			poll(NULL, 0, 10);
			continue;
		}
		close(fd);
		return r == -EAGAIN ? -ETIMEDOUT : r;
	}
	*ret = fd;
	return 0;
}

static int
write_all(int fd, const uint8_t *p, size_t len, long deadline)
{
	ssize_t n;
	int r;

	while (len > 0) {
		n = send(fd, p, len, MSG_NOSIGNAL);
		if (n > 0) {
			p += n;
			len -= (size_t)n;
			continue;
		}
		if (n < 0 && errno != EAGAIN && errno != EINTR)
			return -errno;
		r = wait_fd(fd, POLLOUT, deadline);
		if (r < 0)
			return r;
	}
	return 0;
}

/* Read exactly @len bytes; -EBADMSG on EOF before that. */
static int
read_all(int fd, uint8_t *p, size_t len, long deadline)
{
	ssize_t n;
	int r;

	while (len > 0) {
		n = recv(fd, p, len, 0);
		if (n > 0) {
			p += n;
			len -= (size_t)n;
			continue;
		}
		if (n == 0)
			return -EBADMSG;
		if (errno != EAGAIN && errno != EINTR)
			return -errno;
		r = wait_fd(fd, POLLIN, deadline);
		if (r < 0)
			return r;
	}
	return 0;
}

static int
read_reply(int fd, long deadline, struct ctl_reply *ret)
{
	uint8_t hdr[CTL_HDR_LEN], *frame;
	struct ctl_frame f;
	size_t need = 0;
	long r;

	r = read_all(fd, hdr, sizeof(hdr), deadline);
	if (r < 0)
		return (int)r;
	r = ctl_frame_decode(hdr, sizeof(hdr), CTL_MAX_REPLY_PAYLOAD, &f, &need);
	if (r == -EPROTONOSUPPORT) {
		ret->status = CTL_ST_VERSION;
		ret->version = f.version;
		ret->payload = strdup("");
		ret->len = 0;
		return ret->payload ? 0 : -ENOMEM;
	}
	if (r != -EAGAIN && r < 0)
		return r == -EMSGSIZE ? -EBADMSG : (int)r;
	if (r >= 0)
		need = CTL_HDR_LEN;
	frame = malloc(need + 1);
	if (frame == NULL)
		return -ENOMEM;
	memcpy(frame, hdr, sizeof(hdr));
	r = read_all(fd, frame + sizeof(hdr), need - sizeof(hdr), deadline);
	if (r == 0)
		r = ctl_frame_decode(frame, need, CTL_MAX_REPLY_PAYLOAD, &f, NULL);
	if (r < 0) {
		free(frame);
		return r == -EAGAIN ? -EBADMSG : (int)r;
	}
	memmove(frame, frame + CTL_HDR_LEN, f.len);
	frame[f.len] = '\0';
	ret->status = f.code;
	ret->version = f.version;
	ret->payload = (char *)frame;
	ret->len = f.len;
	return 0;
}

int
ctl_client_request(const char *path, uint16_t type, const char *arg,
		   int timeout_ms, struct ctl_reply *ret)
{
	uint8_t out[CTL_HDR_LEN + CTL_MAX_REQ_PAYLOAD];
	long deadline = now_ms() + (timeout_ms > 0 ? timeout_ms : 1);
	size_t arglen = arg ? strlen(arg) : 0;
	long len;
	int fd = -1, r;

	len = ctl_frame_encode(type, arg, arglen, CTL_MAX_REQ_PAYLOAD, out,
			       sizeof(out));
	if (len < 0)
		return (int)len;
	r = ctl_connect(path ? path : CTL_DEFAULT_PATH, deadline, &fd);
	if (r < 0)
		return r;
	r = write_all(fd, out, (size_t)len, deadline);
	/* A server that refuses us answers and hangs up without reading:
	 * the reply may be waiting even though our write failed. */
	if (r == 0 || r == -EPIPE || r == -ECONNRESET) {
		int rr = read_reply(fd, deadline, ret);

		r = r == 0 || rr == 0 ? rr : r;
	}
	close(fd);
	return r;
}

void
ctl_reply_free(struct ctl_reply *r)
{
	free(r->payload);
	r->payload = NULL;
	r->len = 0;
}
