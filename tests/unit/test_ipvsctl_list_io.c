/* test_ipvsctl_list_io.c: -c parsing of /proc/net/ip_vs_conn and the JSON
 * output, which a strict JSON parser in this file validates. */
#include <errno.h>
#include "ck_run.h"
#include "test_ipvsctl_list_util.h"

/* ---- a strict JSON validator (RFC 8259, UTF-8 checked) ---- */

struct jp {
	const char *p;
	int depth;
};

static bool j_value(struct jp *j);

static void
j_ws(struct jp *j)
{
	while (*j->p == ' ' || *j->p == '\t' || *j->p == '\n' || *j->p == '\r')
		j->p++;
}

static bool
j_lit(struct jp *j, const char *lit)
{
	size_t n = strlen(lit);

	if (strncmp(j->p, lit, n) != 0)
		return false;
	j->p += n;
	return true;
}

static bool
j_utf8(struct jp *j)
{
	const unsigned char *s = (const unsigned char *)j->p;
	size_t n, i;

	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		n = 2;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		n = 3;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		n = 4;
	else
		return false;
	for (i = 1; i < n; i++)
		if ((s[i] & 0xc0) != 0x80)
			return false;
	j->p += n;
	return true;
}

static bool
j_string(struct jp *j)
{
	if (*j->p++ != '"')
		return false;
	while (*j->p != '"') {
		unsigned char c = (unsigned char)*j->p;

		if (c < 0x20)
			return false;
		if (c == '\\') {
			j->p++;
			if (*j->p == 'u') {
				int i;

				for (i = 1; i <= 4; i++)
					if (!strchr("0123456789abcdefABCDEF", j->p[i]) || !j->p[i])
						return false;
				j->p += 5;
			} else if (*j->p && strchr("\"\\/bfnrt", *j->p)) {
				j->p++;
			} else {
				return false;
			}
		} else if (c >= 0x80) {
			if (!j_utf8(j))
				return false;
		} else {
			j->p++;
		}
	}
	j->p++;
	return true;
}

static bool
j_digits(struct jp *j)
{
	const char *s = j->p;

	while (*j->p >= '0' && *j->p <= '9')
		j->p++;
	return j->p > s;
}

static bool
j_number(struct jp *j)
{
	if (*j->p == '-')
		j->p++;
	if (*j->p == '0')
		j->p++;
	else if (!j_digits(j))
		return false;
	if (*j->p == '.') {
		j->p++;
		if (!j_digits(j))
			return false;
	}
	if (*j->p == 'e' || *j->p == 'E') {
		j->p++;
		if (*j->p == '+' || *j->p == '-')
			j->p++;
		if (!j_digits(j))
			return false;
	}
	return true;
}

static bool
j_members(struct jp *j, char close, bool object)
{
	j_ws(j);
	if (*j->p == close) {
		j->p++;
		return true;
	}
	for (;;) {
		j_ws(j);
		if (object) {
			if (*j->p != '"' || !j_string(j))
				return false;
			j_ws(j);
			if (*j->p++ != ':')
				return false;
		}
		if (!j_value(j))
			return false;
		j_ws(j);
		if (*j->p == ',') {
			j->p++;
			continue;
		}
		return *j->p++ == close;
	}
}

static bool
j_value(struct jp *j)
{
	bool ok;

	j_ws(j);
	if (++j->depth > 64)
		return false;
	switch (*j->p) {
	case '{':
		j->p++;
		ok = j_members(j, '}', true);
		break;
	case '[':
		j->p++;
		ok = j_members(j, ']', false);
		break;
	case '"':
		ok = j_string(j);
		break;
	case 't':
		ok = j_lit(j, "true");
		break;
	case 'f':
		ok = j_lit(j, "false");
		break;
	case 'n':
		ok = j_lit(j, "null");
		break;
	default:
		ok = j_number(j);
		break;
	}
	j->depth--;
	return ok;
}

/* One complete document followed by exactly one newline. */
static bool
json_valid(const char *doc)
{
	struct jp j = { .p = doc };

	if (!j_value(&j))
		return false;
	return strcmp(j.p, "\n") == 0;
}

START_TEST(test_validator_rejects)
{
	ck_assert(json_valid("{\"a\":[1,-2.5e3,true,null,\"\\u00e9\"]}\n"));
	ck_assert(!json_valid("{\"a\":01}\n"));
	ck_assert(!json_valid("{\"a\":\"\x01\"}\n"));
	ck_assert(!json_valid("{\"a\":\"\xff\"}\n"));
	ck_assert(!json_valid("{\"a\":1,}\n"));
	ck_assert(!json_valid("{\"a\":1}"));
	ck_assert(!json_valid("[1 2]\n"));
}
END_TEST

/* ---- JSON output ---- */

START_TEST(test_json_services)
{
	struct ipvs_info info = { .version = 0x010201, .conn_tab_size = 4096 };
	struct ipvs_service a = svc4(IPPROTO_TCP, "10.0.0.1", 80, "a\"b\\c\x01\xff\xc3\xa9");
	struct ipvs_service f = svcfw(AF_INET6, 8, "rr");
	struct ipvs_dest d[2] = {
		dst("10.0.0.2", 80, IP_VS_CONN_F_MASQ, 3),
		dst("10.0.0.3", 80, IP_VS_CONN_F_TUNNEL, 1),
	};
	struct list_json_svc e[2] = {
		{ .svc = &a, .dests = d, .ndests = 2 },
		{ .svc = &f, .dests = NULL, .ndests = 0 },
	};
	struct capture c;
	char *got;

	a.flags = IP_VS_SVC_F_PERSISTENT | IP_VS_SVC_F_SCHED1 | IP_VS_SVC_F_SCHED3;
	a.timeout = 300;
	a.netmask = 0xffffff00U;
	snprintf(a.pe_name, sizeof(a.pe_name), "sip");
	a.stats.outbytes = 18446744073709551615ULL;
	d[1].tun_type = IP_VS_CONN_F_TUNNEL_TYPE_GUE;
	d[1].tun_port = 6080;
	d[1].tun_flags = IP_VS_TUNNEL_ENCAP_FLAG_CSUM;
	list_json_services(cap_open(&c), &info, e, 2);
	got = cap_close(&c);
	ck_assert_msg(json_valid(got), "invalid JSON: %s", got);
	ck_assert_ptr_nonnull(strstr(got, "{\"info\":{\"version\":\"1.2.1\",\"version_code\":66049,\"conn_tab_size\":4096}"));
	ck_assert_ptr_nonnull(strstr(got, "\"scheduler\":\"a\\\"b\\\\c\\u0001\\ufffd\xc3\xa9\""));
	ck_assert_ptr_nonnull(strstr(got, "\"family\":\"inet\",\"protocol\":\"tcp\",\"address\":\"10.0.0.1\",\"port\":80,\"fwmark\":0"));
	ck_assert_ptr_nonnull(strstr(got, "\"sched_flags\":[\"flag-1\",\"flag-3\"]"));
	ck_assert_ptr_nonnull(strstr(got, "\"persistence\":{\"timeout\":300,\"netmask\":\"255.255.255.0\"},\"pe\":\"sip\""));
	ck_assert_ptr_nonnull(strstr(got, "\"outbytes\":18446744073709551615"));
	ck_assert_ptr_nonnull(strstr(got, "\"forward\":\"masq\",\"weight\":3"));
	ck_assert_ptr_nonnull(strstr(got, "\"tunnel\":{\"type\":\"gue\",\"port\":6080,\"checksum\":\"csum\"}"));
	ck_assert_ptr_nonnull(strstr(got, "\"family\":\"inet6\",\"protocol\":null,\"address\":null,\"port\":null,\"fwmark\":8"));
	ck_assert_ptr_nonnull(strstr(got, "\"persistence\":null,\"pe\":null"));
	free(got);
}
END_TEST

START_TEST(test_json_empty_and_misc)
{
	struct ipvs_timeouts t = { .tcp = 900, .tcp_fin = 120, .udp = 300 };
	struct ipvs_daemon dm[2];
	struct capture c;
	char *got;

	list_json_services(cap_open(&c), NULL, NULL, 0);
	got = cap_close(&c);
	ck_assert_str_eq(got, "{\"info\":null,\"services\":[]}\n");
	free(got);

	list_json_timeouts(cap_open(&c), &t);
	got = cap_close(&c);
	ck_assert_str_eq(got, "{\"timeouts\":{\"tcp\":900,\"tcp_fin\":120,\"udp\":300}}\n");
	free(got);

	memset(dm, 0, sizeof(dm));
	dm[0].state = IP_VS_STATE_BACKUP;
	snprintf(dm[0].mcast_ifn, sizeof(dm[0].mcast_ifn), "eth\"0");
	dm[0].syncid = 3;
	list_json_daemons(cap_open(&c), dm, 2);
	got = cap_close(&c);
	ck_assert_msg(json_valid(got), "invalid JSON: %s", got);
	ck_assert_str_eq(got, "{\"daemons\":[{\"state\":\"backup\",\"mcast_interface\":\"eth\\\"0\","
			 "\"syncid\":3,\"sync_maxlen\":0,\"mcast_group\":null,\"mcast_port\":0,"
			 "\"mcast_ttl\":0}]}\n");
	free(got);
}
END_TEST

/* ---- /proc/net/ip_vs_conn ---- */

#define CONN_HDR "Pro FromIP   FPrt ToIP     TPrt DestIP   DPrt State       Expires PEName PEData\n"
#define V4_LINE "TCP 0A000001 B322 0A000001 0050 01020304 0050 SYN_RECV         47\n"
#define V6_LINE "UDP 2001:0db8:0000:0000:0000:0000:0000:0009 1F90 " \
	"2001:0db8:0000:0000:0000:0000:0000:0001 0035 " \
	"2001:0db8:0000:0000:0000:0000:0000:0002 0035 UDP            299\n"
#define MIX_LINE "TCP C8000001 CC3C C8000001 01BB 2001:0db8:0000:0000:0000:0000:0000:0050 01BB NONE           590\n"
#define PE_LINE "UDP 0A000009 13C4 0A000001 13C4 0A000002 13C4 NONE             59 sip abc@host\n"

static int
run_conn(const char *input, bool persistent, bool json, char **out, char **err)
{
	struct capture o, e;
	FILE *in = fmemopen((void *)(uintptr_t)input, strlen(input), "r");
	FILE *of = cap_open(&o), *ef = cap_open(&e);
	int rc;

	ck_assert_ptr_nonnull(in);
	rc = list_conn_stream(in, "/proc/net/ip_vs_conn", of, ef, true, persistent, json, NULL);
	fclose(in);
	*out = cap_close(&o);
	*err = cap_close(&e);
	return rc;
}

START_TEST(test_conn_text)
{
	char *out, *err;
	int rc = run_conn(CONN_HDR V4_LINE V6_LINE MIX_LINE PE_LINE, false, false, &out, &err);

	ck_assert_int_eq(rc, 0);
	ck_assert_str_eq(err, "");
	ck_assert_str_eq(out,
		"IPVS connection entries\n"
		"pro expire state       source             virtual            destination\n"
		"TCP 00:47  SYN_RECV    10.0.0.1:45858     10.0.0.1:80        1.2.3.4:80\n"
		"UDP 04:59  UDP         [2001:db8::9]:8080 [2001:db8::1]:53   [2001:db8::2]:53\n"
		"TCP 09:50  NONE        200.0.0.1:52284    200.0.0.1:443      [2001:db8::50]:443\n"
		"UDP 00:59  NONE        10.0.0.9:5060      10.0.0.1:5060      10.0.0.2:5060\n");
	free(out);
	free(err);
}
END_TEST

START_TEST(test_conn_persistent)
{
	char *out, *err;
	int rc = run_conn(CONN_HDR V4_LINE PE_LINE, true, false, &out, &err);

	ck_assert_int_eq(rc, 0);
	ck_assert_str_eq(out,
		"IPVS connection entries\n"
		"pro expire state       source             virtual            destination        pe name          pe_data\n"
		"TCP 00:47  SYN_RECV    10.0.0.1:45858     10.0.0.1:80        1.2.3.4:80\n"
		"UDP 00:59  NONE        10.0.0.9:5060      10.0.0.1:5060      10.0.0.2:5060    sip                abc@host\n");
	free(out);
	free(err);
}
END_TEST

START_TEST(test_conn_errors)
{
	char *out, *err;
	int rc;

	rc = run_conn("", false, false, &out, &err);
	ck_assert_int_eq(rc, 1);
	ck_assert_str_eq(out, "");
	ck_assert_str_eq(err, "unexpected input from /proc/net/ip_vs_conn\n");
	free(out);
	free(err);

	rc = run_conn(CONN_HDR, false, false, &out, &err);
	ck_assert_int_eq(rc, 0);
	ck_assert_str_eq(out, "IPVS connection entries\n"
			 "pro expire state       source             virtual            destination\n");
	free(out);
	free(err);

	/* A blank line stops the listing with status 1, as in ipvsadm. */
	rc = run_conn(CONN_HDR V4_LINE "\n" V4_LINE, false, false, &out, &err);
	ck_assert_int_eq(rc, 1);
	ck_assert_ptr_nonnull(strstr(out, "SYN_RECV"));
	ck_assert_ptr_null(strstr(strstr(out, "SYN_RECV") + 1, "SYN_RECV"));
	free(out);
	free(err);
}
END_TEST

START_TEST(test_conn_parse_fields)
{
	struct list_conn c;
	char buf[64];

	ck_assert_int_eq(list_conn_parse(PE_LINE, &c), 0);
	ck_assert_int_eq(c.nfields, 11);
	ck_assert_str_eq(c.pe_name, "sip");
	ck_assert_str_eq(c.pe_data, "abc@host");
	ck_assert_uint_eq(c.cport, 5060);
	ck_assert_uint_eq(c.expires, 59);
	ck_assert_int_eq(list_conn_parse(MIX_LINE, &c), 0);
	ck_assert_int_eq(c.af, AF_INET);
	ck_assert_int_eq(c.daf, AF_INET6);
	ck_assert_str_eq(inet_ntop(AF_INET6, &c.daddr.in6, buf, sizeof(buf)), "2001:db8::50");
	ck_assert_int_eq(list_conn_parse("   \n", &c), -EINVAL);
	/* Truncated lines parse as far as they go. */
	ck_assert_int_eq(list_conn_parse("TCP 0A000001", &c), 0);
	ck_assert_int_eq(c.nfields, 2);
}
END_TEST

START_TEST(test_conn_json)
{
	char *out, *err;
	int rc = run_conn(CONN_HDR V4_LINE V6_LINE PE_LINE, false, true, &out, &err);

	ck_assert_int_eq(rc, 0);
	ck_assert_msg(json_valid(out), "invalid JSON: %s", out);
	ck_assert_ptr_nonnull(strstr(out, "{\"connections\":[{\"protocol\":\"TCP\",\"state\":\"SYN_RECV\",\"expires\":47,"
				     "\"client\":{\"family\":\"inet\",\"address\":\"10.0.0.1\",\"port\":45858}"));
	ck_assert_ptr_nonnull(strstr(out, "\"destination\":{\"family\":\"inet6\",\"address\":\"2001:db8::2\",\"port\":53}"));
	ck_assert_ptr_nonnull(strstr(out, "\"pe_name\":\"sip\",\"pe_data\":\"abc@host\"}]}\n"));
	free(out);
	free(err);

	rc = run_conn(CONN_HDR, false, true, &out, &err);
	ck_assert_int_eq(rc, 0);
	ck_assert_str_eq(out, "{\"connections\":[]}\n");
	free(out);
	free(err);
}
END_TEST

/* Whatever bytes the connection table or a kernel string holds, the JSON
 * stays valid (deterministic pseudo-random inputs). */
START_TEST(test_json_random_bytes)
{
	uint32_t seed = 12345;
	char in[512], name[IPVS_SCHED_NAME_LEN];
	int iter;

	for (iter = 0; iter < 2000; iter++) {
		struct ipvs_service svc = svc4(IPPROTO_TCP, "10.0.0.1", 80, "rr");
		struct list_json_svc e = { .svc = &svc };
		size_t n = strlen(CONN_HDR), len, i;
		struct capture c;
		char *out, *err;

		seed = seed * 1103515245u + 12345u;
		len = (seed >> 16) % 200;
		memcpy(in, CONN_HDR, n);
		memcpy(in + n, "TCP 0A000001 B322 0A000001 0050 01020304 0050 ", 47);
		n += 47;
		for (i = 0; i < len; i++) {
			seed = seed * 1103515245u + 12345u;
			in[n++] = (char)((seed >> 16) & 0xff ? (seed >> 16) & 0xff : ' ');
		}
		in[n] = '\0';
		run_conn(in, true, true, &out, &err);
		ck_assert_msg(json_valid(out), "invalid JSON for input %d: %s", iter, out);
		free(out);
		free(err);

		for (i = 0; i + 1 < sizeof(name); i++) {
			seed = seed * 1103515245u + 12345u;
			name[i] = (char)(((seed >> 16) & 0xff) | 1);
		}
		name[i] = '\0';
		memcpy(svc.sched_name, name, sizeof(name));
		list_json_services(cap_open(&c), NULL, &e, 1);
		out = cap_close(&c);
		ck_assert_msg(json_valid(out), "invalid JSON for name %d: %s", iter, out);
		free(out);
	}
}
END_TEST

static Suite *
io_suite(void)
{
	Suite *s = suite_create("ipvsctl_list_io");
	TCase *tc = tcase_create("io");

	tcase_add_test(tc, test_validator_rejects);
	tcase_add_test(tc, test_json_services);
	tcase_add_test(tc, test_json_empty_and_misc);
	tcase_add_test(tc, test_conn_text);
	tcase_add_test(tc, test_conn_persistent);
	tcase_add_test(tc, test_conn_errors);
	tcase_add_test(tc, test_conn_parse_fields);
	tcase_add_test(tc, test_conn_json);
	tcase_add_test(tc, test_json_random_bytes);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return ck_run(io_suite());
}
