/* test_hc_dns.c: DNS_CHECK query builder and reply checker
 * (health/dns_pkt.c). */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "health/dns_pkt.h"
#include "ck_run.h"

/* A reply builder for the tests: header + question copied from @q + RRs. */
struct pkt {
	uint8_t b[1024];
	size_t len;
};

static void
put(struct pkt *p, const void *d, size_t n)
{
	ck_assert_uint_le(p->len + n, sizeof(p->b));
	memcpy(p->b + p->len, d, n);
	p->len += n;
}

static void
put16(struct pkt *p, unsigned v)
{
	uint8_t b[2] = { (uint8_t)(v >> 8), (uint8_t)v };

	put(p, b, 2);
}

static void
reply_head(struct pkt *p, const struct dns_query *q, unsigned id, unsigned flags,
	   unsigned qd, unsigned an)
{
	p->len = 0;
	put16(p, id);
	put16(p, flags);
	put16(p, qd);
	put16(p, an);
	put16(p, 0);
	put16(p, 0);
	if (qd)	/* echo our question */
		put(p, q->buf + DNS_HDR_LEN, q->qname_len + 4);
}

/* RR whose owner is a pointer to the question name (offset 12). */
static void
rr(struct pkt *p, unsigned type, const void *rdata, unsigned rdlen)
{
	static const uint8_t ptr[2] = { 0xc0, 12 };

	put(p, ptr, 2);
	put16(p, type);
	put16(p, 1);
	put16(p, 0);
	put16(p, 300);
	put16(p, rdlen);
	put(p, rdata, rdlen);
}

START_TEST(test_query_build)
{
	static const uint8_t want[] = {
		0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0,
		3, 'w', 'w', 'w', 7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 3, 'c', 'o', 'm', 0,
		0, 28, 0, 1,
	};
	struct dns_query q;
	char longlab[80];
	char longname[300];
	uint16_t t;

	ck_assert_int_eq(dns_query_build(&q, 0x1234, "www.example.com", DNS_T_AAAA), 0);
	ck_assert_uint_eq(q.len, sizeof(want));
	ck_assert(memcmp(q.buf, want, sizeof(want)) == 0);
	ck_assert_int_eq(dns_query_build(&q, 0x1234, "www.example.com.", DNS_T_AAAA), 0);
	ck_assert(memcmp(q.buf, want, sizeof(want)) == 0);
	ck_assert_int_eq(dns_query_build(&q, 1, ".", DNS_T_SOA), 0);
	ck_assert_uint_eq(q.len, 12 + 1 + 4);
	ck_assert_uint_eq(q.buf[12], 0);
	ck_assert_int_eq(dns_query_build(&q, 1, NULL, DNS_T_SOA), 0);
	ck_assert_uint_eq(q.len, 17);
	ck_assert_int_eq(dns_query_build(&q, 1, "a..b", DNS_T_A), -EINVAL);
	ck_assert_int_eq(dns_query_build(&q, 1, ".a", DNS_T_A), -EINVAL);
	memset(longlab, 'x', 64);
	longlab[64] = '\0';
	ck_assert_int_eq(dns_query_build(&q, 1, longlab, DNS_T_A), -EINVAL);
	longlab[63] = '\0';
	ck_assert_int_eq(dns_query_build(&q, 1, longlab, DNS_T_A), 0);
	for (size_t i = 0; i < 290; i += 2) {
		longname[i] = 'a';
		longname[i + 1] = '.';
	}
	longname[290] = '\0';
	ck_assert_int_eq(dns_query_build(&q, 1, longname, DNS_T_A), -EINVAL);

	ck_assert_int_eq(dns_type_parse("aaaa", &t), 0);
	ck_assert_uint_eq(t, DNS_T_AAAA);
	ck_assert_int_eq(dns_type_parse(NULL, &t), 0);
	ck_assert_uint_eq(t, DNS_T_SOA);
	ck_assert_int_eq(dns_type_parse("ANY", &t), 0);
	ck_assert_uint_eq(t, DNS_T_ANY);
	ck_assert_int_eq(dns_type_parse("PTR", &t), -EINVAL);
	ck_assert_str_eq(dns_type_name(DNS_T_MX), "MX");
	ck_assert_str_eq(dns_type_name(99), "unknown");
}
END_TEST

START_TEST(test_id_random)
{
	uint16_t a, b, c;

	ck_assert_int_eq(dns_id_random(&a), 0);
	ck_assert_int_eq(dns_id_random(&b), 0);
	ck_assert_int_eq(dns_id_random(&c), 0);
	ck_assert(!(a == b && b == c));	/* 1 in 2^32 false failure */
}
END_TEST

struct reply_case {
	const char *name;
	uint16_t qtype;
	unsigned id_delta, flags, qd, an;
	uint16_t rr_type;	/* 0: no RR added */
	int mode;
	int ret;
	enum hc_result res;
};

static const uint8_t a_rdata[4] = { 192, 0, 2, 1 };
static const uint8_t aaaa_rdata[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 1 };

static const struct reply_case reply_cases[] = {
	{ "A ok compat", DNS_T_A, 0, 0x8180, 1, 1, DNS_T_A, DNS_CHECK_COMPAT, DNS_REPLY_FINAL, HC_OK },
	{ "A ok strict", DNS_T_A, 0, 0x8180, 1, 1, DNS_T_A, DNS_CHECK_STRICT, DNS_REPLY_FINAL, HC_OK },
	{ "AAAA ok strict", DNS_T_AAAA, 0, 0x8180, 1, 1, DNS_T_AAAA, DNS_CHECK_STRICT, DNS_REPLY_FINAL, HC_OK },
	{ "ANY, A answer", DNS_T_ANY, 0, 0x8180, 1, 1, DNS_T_A, DNS_CHECK_STRICT, DNS_REPLY_FINAL, HC_OK },
	{ "no answer compat is ok", DNS_T_A, 0, 0x8180, 1, 0, 0, DNS_CHECK_COMPAT, DNS_REPLY_FINAL, HC_OK },
	{ "no answer strict", DNS_T_A, 0, 0x8180, 1, 0, 0, DNS_CHECK_STRICT, DNS_REPLY_FINAL, HC_DNS_NO_ANSWER },
	{ "answer of other type strict", DNS_T_AAAA, 0, 0x8180, 1, 1, DNS_T_A, DNS_CHECK_STRICT, DNS_REPLY_FINAL, HC_DNS_NO_ANSWER },
	{ "wrong id", DNS_T_A, 1, 0x8180, 1, 1, DNS_T_A, DNS_CHECK_COMPAT, DNS_REPLY_IGNORE, HC_WRONG_DNS_ID },
	{ "query not response", DNS_T_A, 0, 0x0100, 1, 1, DNS_T_A, DNS_CHECK_COMPAT, DNS_REPLY_IGNORE, HC_BAD_REPLY },
	{ "NXDOMAIN", DNS_T_A, 0, 0x8183, 1, 0, 0, DNS_CHECK_COMPAT, DNS_REPLY_FINAL, HC_DNS_RCODE },
	{ "SERVFAIL", DNS_T_A, 0, 0x8182, 1, 0, 0, DNS_CHECK_STRICT, DNS_REPLY_FINAL, HC_DNS_RCODE },
	{ "REFUSED", DNS_T_A, 0, 0x8185, 1, 0, 0, DNS_CHECK_COMPAT, DNS_REPLY_FINAL, HC_DNS_RCODE },
	{ "question missing strict", DNS_T_A, 0, 0x8180, 0, 0, 0, DNS_CHECK_STRICT, DNS_REPLY_FINAL, HC_BAD_REPLY },
	{ "ancount beyond packet strict", DNS_T_A, 0, 0x8180, 1, 3, DNS_T_A, DNS_CHECK_STRICT, DNS_REPLY_FINAL, HC_BAD_REPLY },
	{ "ancount beyond packet compat", DNS_T_A, 0, 0x8180, 1, 3, DNS_T_A, DNS_CHECK_COMPAT, DNS_REPLY_FINAL, HC_OK },
};

START_TEST(test_reply_table)
{
	const struct reply_case *c = &reply_cases[_i];
	struct dns_reply_info info;
	struct dns_query q;
	struct pkt p;
	enum hc_result res = HC_INTERNAL;
	int r;

	ck_assert_int_eq(dns_query_build(&q, 0xbeef, "Svc.Example.ORG", c->qtype), 0);
	reply_head(&p, &q, (0xbeef + c->id_delta) & 0xffff, c->flags, c->qd, c->an);
	if (c->rr_type == DNS_T_A)
		rr(&p, DNS_T_A, a_rdata, sizeof(a_rdata));
	else if (c->rr_type == DNS_T_AAAA)
		rr(&p, DNS_T_AAAA, aaaa_rdata, sizeof(aaaa_rdata));
	r = dns_reply_check(p.b, p.len, &q, c->mode, &info, &res);
	ck_assert_msg(r == c->ret && res == c->res, "%s: %d %s", c->name, r,
		      hc_result_str(res));
	ck_assert_uint_eq(info.rcode, c->flags & 15);
	ck_assert_uint_eq(info.ancount, c->an);
}
END_TEST

/* Question echoed with different case still matches; different name,
 * type or class does not. */
START_TEST(test_reply_question)
{
	struct dns_query q;
	struct pkt p;
	enum hc_result res;
	static const uint8_t other[] = { 3, 'f', 'o', 'o', 0, 0, 1, 0, 1 };
	static const uint8_t upper[] = { 3, 'F', 'O', 'O', 0, 0, 1, 0, 1 };
	static const uint8_t chaos[] = { 3, 'f', 'o', 'o', 0, 0, 1, 0, 3 };

	ck_assert_int_eq(dns_query_build(&q, 7, "foo", DNS_T_A), 0);
	reply_head(&p, &q, 7, 0x8180, 0, 1);
	p.b[5] = 1;	/* qdcount 1, question added by hand */
	put(&p, upper, sizeof(upper));
	rr(&p, DNS_T_A, a_rdata, 4);
	ck_assert_int_eq(dns_reply_check(p.b, p.len, &q, DNS_CHECK_STRICT, NULL, &res), DNS_REPLY_FINAL);
	ck_assert_int_eq(res, HC_OK);
	ck_assert_int_eq(dns_query_build(&q, 7, "fob", DNS_T_A), 0);
	ck_assert_int_eq(dns_reply_check(p.b, p.len, &q, DNS_CHECK_STRICT, NULL, &res), DNS_REPLY_FINAL);
	ck_assert_int_eq(res, HC_BAD_REPLY);
	ck_assert_int_eq(dns_query_build(&q, 7, "foo", DNS_T_A), 0);
	memcpy(p.b + 12, chaos, sizeof(chaos));
	ck_assert_int_eq(dns_reply_check(p.b, p.len, &q, DNS_CHECK_STRICT, NULL, &res), DNS_REPLY_FINAL);
	ck_assert_int_eq(res, HC_BAD_REPLY);
	memcpy(p.b + 12, other, sizeof(other));
	ck_assert_int_eq(dns_reply_check(p.b, p.len, &q, DNS_CHECK_STRICT, NULL, &res), DNS_REPLY_FINAL);
	ck_assert_int_eq(res, HC_OK);
}
END_TEST

/* Every truncation of a valid reply is judged without reading past it. */
START_TEST(test_reply_truncated)
{
	struct dns_query q;
	struct pkt p;
	enum hc_result res;
	uint8_t *copy;

	ck_assert_int_eq(dns_query_build(&q, 0x4242, "a.example", DNS_T_A), 0);
	reply_head(&p, &q, 0x4242, 0x8180, 1, 2);
	rr(&p, DNS_T_CNAME, "\x01" "b\xc0\x0c", 4);
	rr(&p, DNS_T_A, a_rdata, 4);
	ck_assert_int_eq(dns_reply_check(p.b, p.len, &q, DNS_CHECK_STRICT, NULL, &res), DNS_REPLY_FINAL);
	ck_assert_int_eq(res, HC_OK);
	for (size_t n = 0; n < p.len; n++) {
		int r;

		copy = malloc(n ? n : 1);	/* exact size: ASan sees overreads */
		memcpy(copy, p.b, n);
		r = dns_reply_check(copy, n, &q, DNS_CHECK_STRICT, NULL, &res);
		if (n < DNS_HDR_LEN) {
			ck_assert_int_eq(r, DNS_REPLY_IGNORE);
			ck_assert_int_eq(res, HC_BAD_REPLY);
		} else {
			ck_assert_int_eq(r, DNS_REPLY_FINAL);
			ck_assert_msg(res == HC_BAD_REPLY, "len %zu: %s", n, hc_result_str(res));
		}
		free(copy);
	}
}
END_TEST

/* Compression pointers: loops, self-references and forward pointers are
 * rejected; a long backward chain is bounded. */
START_TEST(test_reply_compression)
{
	struct dns_query q;
	struct pkt p;
	enum hc_result res;
	size_t rr_off;

	ck_assert_int_eq(dns_query_build(&q, 9, "x", DNS_T_A), 0);
	/* answer owner pointing to itself */
	reply_head(&p, &q, 9, 0x8180, 1, 1);
	rr_off = p.len;
	rr(&p, DNS_T_A, a_rdata, 4);
	p.b[rr_off] = (uint8_t)(0xc0 | (rr_off >> 8));
	p.b[rr_off + 1] = (uint8_t)rr_off;
	ck_assert_int_eq(dns_reply_check(p.b, p.len, &q, DNS_CHECK_STRICT, NULL, &res), DNS_REPLY_FINAL);
	ck_assert_int_eq(res, HC_BAD_REPLY);
	/* forward pointer (to the rdata) */
	p.b[rr_off + 1] = (uint8_t)(rr_off + 12);
	ck_assert_int_eq(dns_reply_check(p.b, p.len, &q, DNS_CHECK_STRICT, NULL, &res), DNS_REPLY_FINAL);
	ck_assert_int_eq(res, HC_BAD_REPLY);
	/* two names pointing at each other: a -> b -> a */
	reply_head(&p, &q, 9, 0x8180, 1, 1);
	rr_off = p.len;
	put(&p, "\x01" "a\xc0\x00", 4);	/* patched below */
	put16(&p, DNS_T_A); put16(&p, 1); put16(&p, 0); put16(&p, 0); put16(&p, 4);
	put(&p, a_rdata, 4);
	p.b[rr_off + 3] = 12;	/* -> question name "x": legal */
	ck_assert_int_eq(dns_reply_check(p.b, p.len, &q, DNS_CHECK_STRICT, NULL, &res), DNS_REPLY_FINAL);
	ck_assert_int_eq(res, HC_OK);
	p.b[12] = 0xc0;		/* question name -> answer owner: loop */
	p.b[13] = (uint8_t)rr_off;
	ck_assert_int_eq(dns_reply_check(p.b, p.len, &q, DNS_CHECK_STRICT, NULL, &res), DNS_REPLY_FINAL);
	ck_assert_int_eq(res, HC_BAD_REPLY);
	/* reserved label type 0x40 */
	reply_head(&p, &q, 9, 0x8180, 1, 0);
	p.b[12] = 0x41;
	ck_assert_int_eq(dns_reply_check(p.b, p.len, &q, DNS_CHECK_STRICT, NULL, &res), DNS_REPLY_FINAL);
	ck_assert_int_eq(res, HC_BAD_REPLY);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("hc_dns");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_query_build);
	tcase_add_test(tc, test_id_random);
	tcase_add_loop_test(tc, test_reply_table, 0,
			    sizeof(reply_cases) / sizeof(reply_cases[0]));
	tcase_add_test(tc, test_reply_question);
	tcase_add_test(tc, test_reply_truncated);
	tcase_add_test(tc, test_reply_compression);
	suite_add_tcase(s, tc);
	return ck_run(s);
}
