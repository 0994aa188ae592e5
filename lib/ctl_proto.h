/* ctl_proto.h: the control-socket protocol between ipvsd and ipvsctl.
 *
 * Transport: a UNIX stream socket (default CTL_DEFAULT_PATH), one request
 * and one reply per connection.  Every frame is a 12-byte header followed
 * by a payload, all integers big-endian:
 *
 *	0      4        6        8               12
 *	+------+--------+--------+---------------+---------------
 *	| magic| version| code   | payload length| payload ...
 *	+------+--------+--------+---------------+---------------
 *
 * magic is CTL_MAGIC ("IPVC").  In a request, code is an enum ctl_req_type
 * and the payload (at most CTL_MAX_REQ_PAYLOAD bytes) is an optional UTF-8
 * argument without NUL bytes (drain/undrain: the target, e.g.
 * "10.0.0.1:80").  In a reply, code is an enum ctl_status and the payload
 * (at most CTL_MAX_REPLY_PAYLOAD) is UTF-8 text or JSON (dump-json).
 * A server that does not speak the request's version answers
 * CTL_ST_VERSION with its own version in the reply header.
 *
 * The codec is pure (no I/O, no allocation): decoders take a byte range,
 * validate everything, and point into it.
 */
#ifndef IPVSD_CTL_PROTO_H
#define IPVSD_CTL_PROTO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CTL_DEFAULT_DIR		"/run/ipvsd"
#define CTL_DEFAULT_PATH	"/run/ipvsd/ipvsd.ctl"
#define CTL_MAGIC		0x49505643u	/* "IPVC" */
#define CTL_PROTO_VERSION	1u
#define CTL_HDR_LEN		12u
#define CTL_MAX_REQ_PAYLOAD	4096u
#define CTL_MAX_REPLY_PAYLOAD	(16u * 1024u * 1024u)

enum ctl_req_type {
	CTL_REQ_STATUS = 1,	/* short human-readable status */
	CTL_REQ_RELOAD = 2,	/* same as SIGHUP */
	CTL_REQ_DRAIN = 3,	/* weight 0 for a real server (argument) */
	CTL_REQ_UNDRAIN = 4,	/* restore its configured weight */
	CTL_REQ_DUMP_JSON = 5,	/* full state as JSON */
	CTL_REQ__MAX = CTL_REQ_DUMP_JSON
};

enum ctl_status {
	CTL_ST_OK = 0,
	CTL_ST_BADREQ = 1,	/* malformed frame or argument */
	CTL_ST_VERSION = 2,	/* unsupported protocol version */
	CTL_ST_UNKNOWN = 3,	/* no such request type */
	CTL_ST_FAILED = 4,	/* the handler failed; payload says why */
	CTL_ST_PERM = 5,	/* peer credentials refused */
	CTL_ST_BUSY = 6,	/* try again later (e.g. reload running) */
	CTL_ST_NOTFOUND = 7,	/* the argument names nothing we know */
	CTL_ST__MAX = CTL_ST_NOTFOUND
};

struct ctl_hdr {
	uint32_t magic;
	uint16_t version;
	uint16_t code;
	uint32_t len;
};

/* A decoded frame; @payload points into the decoded buffer. */
struct ctl_frame {
	uint16_t version;
	uint16_t code;
	const char *payload;
	size_t len;
};

/* ctl_frame_encode: write header and payload into @out.  Returns the frame
 * length, -EMSGSIZE if @len exceeds @max_payload, -ENOBUFS if @cap is too
 * small, -EINVAL if the payload is not valid UTF-8 without NUL. */
long ctl_frame_encode(uint16_t code, const void *payload, size_t len,
		      size_t max_payload, uint8_t *out, size_t cap);
/* ctl_frame_decode: decode one frame from the start of @data.
 * Returns the frame's total length on success, -EAGAIN if more bytes are
 * needed (*need, if non-NULL, is set to the total length needed when the
 * header is complete), -EBADMSG for a bad magic or a payload that is not
 * UTF-8 or contains NUL, -EMSGSIZE for a payload over @max_payload,
 * -EPROTONOSUPPORT for a version other than CTL_PROTO_VERSION (the header
 * is still returned in *frame with len 0). */
long ctl_frame_decode(const uint8_t *data, size_t len, size_t max_payload,
		      struct ctl_frame *frame, size_t *need);
/* ctl_req_decode: ctl_frame_decode for requests, plus -ENOENT for a
 * request type outside enum ctl_req_type (frame still filled). */
long ctl_req_decode(const uint8_t *data, size_t len, struct ctl_frame *req,
		    size_t *need);

/* ctl_utf8_valid: strict UTF-8 (no overlongs, no surrogates, <= U+10FFFF)
 * and no NUL byte. */
bool ctl_utf8_valid(const void *data, size_t len);

/* Names: "status", "reload", "drain", "undrain", "dump-json". */
const char *ctl_req_name(uint16_t type);
/* ctl_req_from_name: exact match; 0 and *ret, or -ENOENT. */
int ctl_req_from_name(const char *name, uint16_t *ret);
/* ctl_status_str: "ok", "bad request", ...; "unknown status" otherwise. */
const char *ctl_status_str(uint16_t status);

#endif
