/* dns_pkt.c: DNS_CHECK query builder and reply checker (see dns_pkt.h). */
#include <errno.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>

#include "buf.h"
#include "health/dns_pkt.h"

#define DNS_FLAG_QR 0x8000
#define DNS_FLAG_TC 0x0200
#define DNS_FLAG_RD 0x0100
#define DNS_MAX_PTRS 64

static const struct {
	const char *name;
	uint16_t type;
} dns_types[] = {
	{ "A", DNS_T_A }, { "NS", DNS_T_NS }, { "CNAME", DNS_T_CNAME },
	{ "SOA", DNS_T_SOA }, { "MX", DNS_T_MX }, { "TXT", DNS_T_TXT },
	{ "AAAA", DNS_T_AAAA }, { "ANY", DNS_T_ANY },
};

int
dns_type_parse(const char *s, uint16_t *ret)
{
	size_t i;

	if (!s) {
		*ret = DNS_T_SOA;
		return 0;
	}
	for (i = 0; i < sizeof(dns_types) / sizeof(dns_types[0]); i++)
		if (strcasecmp(s, dns_types[i].name) == 0) {
			*ret = dns_types[i].type;
			return 0;
		}
	return -EINVAL;
}

const char *
dns_type_name(uint16_t t)
{
	size_t i;

	for (i = 0; i < sizeof(dns_types) / sizeof(dns_types[0]); i++)
		if (dns_types[i].type == t)
			return dns_types[i].name;
	return "unknown";
}

int
dns_id_random(uint16_t *ret)
{
	uint16_t v;

	if (getrandom(&v, sizeof(v), GRND_NONBLOCK) != (ssize_t)sizeof(v))
		return errno ? -errno : -EIO;
	*ret = v;
	return 0;
}

/* Text name -> wire QNAME.  Returns its length or -EINVAL. */
static int
name_to_wire(const char *name, uint8_t *out, size_t cap)
{
	size_t o = 0;
	const char *s = name ? name : "";

	if (strcmp(s, ".") == 0)
		s = "";
	while (*s) {
		const char *e = strchr(s, '.');
		size_t n = e ? (size_t)(e - s) : strlen(s);

		if (n == 0 || n > 63 || o + 1 + n + 1 > cap)
			return -EINVAL;
		out[o++] = (uint8_t)n;
		memcpy(out + o, s, n);
		o += n;
		s += n;
		if (*s == '.')
			s++;
	}
	out[o++] = 0;
	return (int)o;
}

int
dns_query_build(struct dns_query *q, uint16_t id, const char *name,
		uint16_t qtype)
{
	uint8_t qname[DNS_NAME_MAX];
	struct buf_writer w;
	int n = name_to_wire(name, qname, sizeof(qname));

	if (n < 0)
		return n;
	memset(q, 0, sizeof(*q));
	buf_writer_init(&w, q->buf, sizeof(q->buf));
	if (buf_put_be16(&w, id) < 0 || buf_put_be16(&w, DNS_FLAG_RD) < 0 ||
	    buf_put_be16(&w, 1) < 0 || buf_put_zero(&w, 6) < 0 ||
	    buf_put_bytes(&w, qname, (size_t)n) < 0 ||
	    buf_put_be16(&w, qtype) < 0 || buf_put_be16(&w, DNS_C_IN) < 0)
		return -EINVAL;
	q->len = w.len;
	q->id = id;
	q->qtype = qtype;
	q->qname_len = (size_t)n;
	return 0;
}

/* Read the (possibly compressed) name at *off into @out (wire form,
 * lower-cased, at most DNS_NAME_MAX bytes) and move *off past it in the
 * record.  -EBADMSG if it runs off the packet, loops or is too long. */
static int
name_read(const uint8_t *pkt, size_t len, size_t *off, uint8_t *out,
	  size_t *out_len)
{
	size_t pos = *off, o = 0, end = 0, floor = *off;
	unsigned ptrs = 0;

	for (;;) {
		uint8_t l;

		if (pos >= len)
			return -EBADMSG;
		l = pkt[pos];
		if ((l & 0xc0) == 0xc0) {
			size_t tgt;

			if (pos + 1 >= len || ++ptrs > DNS_MAX_PTRS)
				return -EBADMSG;
			tgt = ((size_t)(l & 0x3f) << 8) | pkt[pos + 1];
			if (!end)
				end = pos + 2;
			if (tgt >= floor)	/* strictly backwards only */
				return -EBADMSG;
			floor = tgt;
			pos = tgt;
			continue;
		}
		if (l & 0xc0)
			return -EBADMSG;	/* 0x40/0x80: reserved label types */
		if (o + 1 + l > DNS_NAME_MAX || pos + 1 + l > len)
			return -EBADMSG;
		out[o++] = l;
		for (size_t i = 0; i < l; i++) {
			uint8_t c = pkt[pos + 1 + i];

			out[o++] = (c >= 'A' && c <= 'Z') ? (uint8_t)(c + 32) : c;
		}
		pos += 1 + (size_t)l;
		if (l == 0)
			break;
	}
	*off = end ? end : pos;
	*out_len = o;
	return 0;
}

static bool
qname_equal(const uint8_t *a, size_t alen, const uint8_t *wire, size_t wlen)
{
	size_t i;

	if (alen != wlen)
		return false;
	for (i = 0; i < alen; i++) {
		uint8_t c = wire[i];

		if (c >= 'A' && c <= 'Z')
			c = (uint8_t)(c + 32);
		if (a[i] != c)
			return false;
	}
	return true;
}

/* Question section: exactly our question. */
static int
check_question(const uint8_t *pkt, size_t len, size_t *off,
	       const struct dns_query *q)
{
	uint8_t name[DNS_NAME_MAX];
	size_t nlen;
	struct buf_reader r;
	uint16_t qtype, qclass;

	if (name_read(pkt, len, off, name, &nlen) < 0)
		return -EBADMSG;
	if (!qname_equal(name, nlen, q->buf + DNS_HDR_LEN, q->qname_len))
		return -EBADMSG;
	buf_reader_init(&r, pkt + *off, len - *off);
	if (buf_get_be16(&r, &qtype) < 0 || buf_get_be16(&r, &qclass) < 0 ||
	    qtype != q->qtype || qclass != DNS_C_IN)
		return -EBADMSG;
	*off += 4;
	return 0;
}

/* Walk @count resource records, counting those of type @qtype. */
static int
walk_answers(const uint8_t *pkt, size_t len, size_t *off, unsigned count,
	     uint16_t qtype, unsigned *matched)
{
	uint8_t name[DNS_NAME_MAX];
	size_t nlen;

	for (unsigned i = 0; i < count; i++) {
		struct buf_reader r;
		uint16_t type, class, rdlen;
		uint32_t ttl;

		if (name_read(pkt, len, off, name, &nlen) < 0)
			return -EBADMSG;
		buf_reader_init(&r, pkt + *off, len - *off);
		if (buf_get_be16(&r, &type) < 0 || buf_get_be16(&r, &class) < 0 ||
		    buf_get_be32(&r, &ttl) < 0 || buf_get_be16(&r, &rdlen) < 0 ||
		    buf_skip(&r, rdlen) < 0)
			return -EBADMSG;
		*off += r.pos;
		if (type == qtype || qtype == DNS_T_ANY)
			(*matched)++;
	}
	return 0;
}

static enum hc_result
check_strict(const uint8_t *pkt, size_t len, const struct dns_query *q,
	     struct dns_reply_info *in)
{
	size_t off = DNS_HDR_LEN;

	if (in->qdcount != 1 || check_question(pkt, len, &off, q) < 0)
		return HC_BAD_REPLY;
	if (walk_answers(pkt, len, &off, in->ancount, q->qtype,
			 &in->answers_of_type) < 0)
		return HC_BAD_REPLY;
	return in->answers_of_type ? HC_OK : HC_DNS_NO_ANSWER;
}

int
dns_reply_check(const uint8_t *pkt, size_t len, const struct dns_query *q,
		enum dns_check_mode mode, struct dns_reply_info *info,
		enum hc_result *res)
{
	struct dns_reply_info in;
	struct buf_reader r;

	memset(&in, 0, sizeof(in));
	buf_reader_init(&r, pkt, len);
	if (buf_get_be16(&r, &in.id) < 0 || buf_get_be16(&r, &in.flags) < 0 ||
	    buf_get_be16(&r, &in.qdcount) < 0 || buf_get_be16(&r, &in.ancount) < 0 ||
	    buf_get_be16(&r, &in.nscount) < 0 || buf_get_be16(&r, &in.arcount) < 0) {
		*res = HC_BAD_REPLY;
		return DNS_REPLY_IGNORE;
	}
	in.rcode = (uint8_t)(in.flags & 0x0f);
	in.truncated = (in.flags & DNS_FLAG_TC) != 0;
	if (info)
		*info = in;
	if (in.id != q->id) {
		*res = HC_WRONG_DNS_ID;
		return DNS_REPLY_IGNORE;
	}
	if (!(in.flags & DNS_FLAG_QR)) {
		*res = HC_BAD_REPLY;
		return DNS_REPLY_IGNORE;
	}
	if (in.rcode != 0)
		*res = HC_DNS_RCODE;
	else if (mode == DNS_CHECK_STRICT)
		*res = check_strict(pkt, len, q, &in);
	else
		*res = HC_OK;
	if (info)
		*info = in;
	return DNS_REPLY_FINAL;
}
