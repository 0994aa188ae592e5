/* icmp_echo.c: ICMP / ICMPv6 echo build and match (see icmp_echo.h). */
#include <errno.h>
#include <string.h>

#include "buf.h"
#include "health/icmp_echo.h"

#define ICMP4_ECHO_REPLY 0
#define ICMP4_UNREACH 3
#define ICMP4_ECHO 8
#define ICMP6_UNREACH 1
#define ICMP6_ECHO 128
#define ICMP6_ECHO_REPLY 129

uint16_t
icmp_checksum(const uint8_t *data, size_t len)
{
	uint32_t sum = 0;
	size_t i;

	for (i = 0; i + 1 < len; i += 2)
		sum += (uint32_t)(data[i] << 8 | data[i + 1]);
	if (len & 1)
		sum += (uint32_t)data[len - 1] << 8;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

int
icmp_echo_build(enum icmp_family fam, uint8_t *buf, size_t cap, uint16_t id,
		uint16_t seq, const void *payload, size_t plen)
{
	struct buf_writer w;

	buf_writer_init(&w, buf, cap);
	if (buf_put_u8(&w, fam == ICMP_V6 ? ICMP6_ECHO : ICMP4_ECHO) < 0 ||
	    buf_put_u8(&w, 0) < 0 || buf_put_be16(&w, 0) < 0 ||
	    buf_put_be16(&w, id) < 0 || buf_put_be16(&w, seq) < 0 ||
	    (plen && buf_put_bytes(&w, payload, plen) < 0))
		return -ENOBUFS;
	if (fam == ICMP_V4 && buf_set_be16(&w, 2, icmp_checksum(buf, w.len)) < 0)
		return -ENOBUFS;
	return (int)w.len;
}

int
icmp_echo_check(enum icmp_family fam, const uint8_t *pkt, size_t len,
		int id, uint16_t seq, const void *payload, size_t plen,
		enum hc_result *res)
{
	struct buf_reader r;
	uint8_t type, code;
	uint16_t csum, rid, rseq;
	const void *body;

	buf_reader_init(&r, pkt, len);
	if (buf_get_u8(&r, &type) < 0 || buf_get_u8(&r, &code) < 0 ||
	    buf_get_be16(&r, &csum) < 0) {
		*res = HC_BAD_REPLY;
		return ICMP_ECHO_IGNORE;
	}
	if (type == (fam == ICMP_V6 ? ICMP6_UNREACH : ICMP4_UNREACH)) {
		*res = HC_REFUSED;
		return ICMP_ECHO_FINAL;
	}
	*res = HC_WRONG_ICMP;
	if (type != (fam == ICMP_V6 ? ICMP6_ECHO_REPLY : ICMP4_ECHO_REPLY))
		return ICMP_ECHO_IGNORE;
	if (buf_get_be16(&r, &rid) < 0 || buf_get_be16(&r, &rseq) < 0 ||
	    buf_get_ptr(&r, &body, plen) < 0) {
		*res = HC_BAD_REPLY;
		return ICMP_ECHO_IGNORE;
	}
	if (rseq != seq || (id != ICMP_ECHO_ANY_ID && rid != (uint16_t)id) ||
	    (plen && memcmp(body, payload, plen) != 0))
		return ICMP_ECHO_IGNORE;
	*res = HC_OK;
	return ICMP_ECHO_FINAL;
}
