/* ctl_proto.c: control-socket frame codec (pure, no I/O). */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "buf.h"
#include "ctl_proto.h"

bool
ctl_utf8_valid(const void *data, size_t len)
{
	const uint8_t *p = data, *end = p + len;
	uint32_t cp;
	int n, i;

	while (p < end) {
		if (*p == 0)
			return false;
		if (*p < 0x80) {
			p++;
			continue;
		}
		if ((*p & 0xe0) == 0xc0) {
			n = 1;
			cp = *p & 0x1f;
		} else if ((*p & 0xf0) == 0xe0) {
			n = 2;
			cp = *p & 0x0f;
		} else if ((*p & 0xf8) == 0xf0) {
			n = 3;
			cp = *p & 0x07;
		} else {
			return false;
		}
		if (end - p <= n)
			return false;
		for (i = 1; i <= n; i++) {
			if ((p[i] & 0xc0) != 0x80)
				return false;
			cp = cp << 6 | (p[i] & 0x3f);
		}
		if ((n == 1 && cp < 0x80) || (n == 2 && cp < 0x800) ||
		    (n == 3 && cp < 0x10000) || cp > 0x10ffff ||
		    (cp >= 0xd800 && cp <= 0xdfff))
			return false;
		p += n + 1;
	}
	return true;
}

long
ctl_frame_encode(uint16_t code, const void *payload, size_t len,
		 size_t max_payload, uint8_t *out, size_t cap)
{
	struct buf_writer w;

	if (len > max_payload)
		return -EMSGSIZE;
	if (!ctl_utf8_valid(payload, len))
		return -EINVAL;
	buf_writer_init(&w, out, cap);
	if (buf_put_be32(&w, CTL_MAGIC) < 0 ||
	    buf_put_be16(&w, CTL_PROTO_VERSION) < 0 ||
	    buf_put_be16(&w, code) < 0 ||
	    buf_put_be32(&w, (uint32_t)len) < 0 ||
	    buf_put_bytes(&w, payload, len) < 0)
		return -ENOBUFS;
	return (long)w.len;
}

long
ctl_frame_decode(const uint8_t *data, size_t len, size_t max_payload,
		 struct ctl_frame *frame, size_t *need)
{
	struct buf_reader r;
	struct ctl_hdr h;
	const void *p;

	buf_reader_init(&r, data, len);
	if (buf_get_be32(&r, &h.magic) < 0)
		return -EAGAIN;
	if (h.magic != CTL_MAGIC)
		return -EBADMSG;
	if (buf_get_be16(&r, &h.version) < 0 || buf_get_be16(&r, &h.code) < 0 ||
	    buf_get_be32(&r, &h.len) < 0)
		return -EAGAIN;
	if (h.version != CTL_PROTO_VERSION) {
		frame->version = h.version;
		frame->code = h.code;
		frame->payload = NULL;
		frame->len = 0;
		return -EPROTONOSUPPORT;
	}
	if (h.len > max_payload)
		return -EMSGSIZE;
	if (need != NULL)
		*need = CTL_HDR_LEN + h.len;
	if (buf_get_ptr(&r, &p, h.len) < 0)
		return -EAGAIN;
	if (!ctl_utf8_valid(p, h.len))
		return -EBADMSG;
	frame->version = h.version;
	frame->code = h.code;
	frame->payload = p;
	frame->len = h.len;
	return (long)(CTL_HDR_LEN + h.len);
}

long
ctl_req_decode(const uint8_t *data, size_t len, struct ctl_frame *req,
	       size_t *need)
{
	long r = ctl_frame_decode(data, len, CTL_MAX_REQ_PAYLOAD, req, need);

	if (r >= 0 && (req->code == 0 || req->code > CTL_REQ__MAX))
		return -ENOENT;
	return r;
}

static const char *const req_names[] = {
	[CTL_REQ_STATUS] = "status",
	[CTL_REQ_RELOAD] = "reload",
	[CTL_REQ_DRAIN] = "drain",
	[CTL_REQ_UNDRAIN] = "undrain",
	[CTL_REQ_DUMP_JSON] = "dump-json",
};

const char *
ctl_req_name(uint16_t type)
{
	if (type == 0 || type > CTL_REQ__MAX)
		return NULL;
	return req_names[type];
}

int
ctl_req_from_name(const char *name, uint16_t *ret)
{
	uint16_t t;

	for (t = 1; t <= CTL_REQ__MAX; t++) {
		if (strcmp(name, req_names[t]) == 0) {
			*ret = t;
			return 0;
		}
	}
	return -ENOENT;
}

static const char *const status_names[] = {
	[CTL_ST_OK] = "ok",
	[CTL_ST_BADREQ] = "bad request",
	[CTL_ST_VERSION] = "unsupported protocol version",
	[CTL_ST_UNKNOWN] = "unknown request",
	[CTL_ST_FAILED] = "failed",
	[CTL_ST_PERM] = "permission denied",
	[CTL_ST_BUSY] = "busy",
	[CTL_ST_NOTFOUND] = "not found",
};

const char *
ctl_status_str(uint16_t status)
{
	if (status > CTL_ST__MAX)
		return "unknown status";
	return status_names[status];
}
