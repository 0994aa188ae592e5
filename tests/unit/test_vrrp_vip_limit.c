/* test_vrrp_vip_limit.c: keepalived's limit on the virtual addresses of
 * one advert (daemon/vrrp_advert_max.h), in every mode, strict or not:
 * the count (255, the 8-bit field) and the MTU (1500: 89 IPv6 addresses);
 * the engine's part (vrrp_vip_advert_limit: the addresses beyond stay
 * installed, not advertised) and the configuration warning naming the
 * file:line of the first address left out (conf_check.c).
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "conf.h"
#include "vrrp_advert_max.h"
#include "vrrp_vip.h"
#include "ck_run.h"

START_TEST(test_max)
{
	/* IPv4: (1500 - 14 - 20 - 8 [- 8 auth]) / 4 > 255: the count field */
	ck_assert_uint_eq(vrrp_advert_max(AF_INET, 3, 0, false), 255);
	ck_assert_uint_eq(vrrp_advert_max(AF_INET, 2, 1500, false), 255);
	/* IPv6: (1500 - 14 - 40 - 8) / 16 = 89 */
	ck_assert_uint_eq(vrrp_advert_max(AF_INET6, 3, 1500, false), 89);
	ck_assert_uint_eq(vrrp_advert_max(AF_INET6, 3, 9000, false), 255);
	/* small links: IPv4 v3 at 576: (576 - 42) / 4 = 133; v2 + auth 131;
	 * v2 + AH (24 more) 125 */
	ck_assert_uint_eq(vrrp_advert_max(AF_INET, 3, 576, false), 133);
	ck_assert_uint_eq(vrrp_advert_max(AF_INET, 2, 576, false), 131);
	ck_assert_uint_eq(vrrp_advert_max(AF_INET, 2, 576, true), 125);
	ck_assert_uint_eq(vrrp_advert_max(AF_INET, 3, 40, false), 0);
}
END_TEST

static void
set_of(struct vrrp_vip_set *s, size_t n, size_t excluded)
{
	size_t i;

	s->n = n;
	s->v = calloc(n, sizeof(*s->v));
	ck_assert_ptr_nonnull(s->v);
	for (i = 0; i < n; i++) {
		s->v[i].a.family = AF_INET;
		s->v[i].a.addr[3] = (uint8_t)i;
		s->v[i].in_advert = i >= excluded;	/* excluded ones first */
	}
}

START_TEST(test_limit)
{
	struct vrrp_vip_set s;
	struct vrrp_ip out[300];

	set_of(&s, 300, 0);
	ck_assert_uint_eq(vrrp_vip_advert_limit(&s, 255), 45);
	ck_assert_uint_eq(vrrp_vip_advert(&s, out, 300), 255);
	ck_assert_uint_eq(out[254].addr[3], 254);	/* the first 255 stay */
	ck_assert(!s.v[255].in_advert && !s.v[299].in_advert);
	ck_assert_uint_eq(vrrp_vip_advert_limit(&s, 255), 0);	/* idempotent */
	vrrp_vip_set_free(&s);

	/* already-excluded addresses do not count */
	set_of(&s, 10, 4);
	ck_assert_uint_eq(vrrp_vip_advert_limit(&s, 5), 1);
	ck_assert_uint_eq(vrrp_vip_advert(&s, out, 10), 5);
	ck_assert_uint_eq(out[0].addr[3], 4);
	ck_assert(!s.v[9].in_advert && s.v[8].in_advert);
	vrrp_vip_set_free(&s);
}
END_TEST

/* a vrrp_instance with @n IPv6 (or IPv4) VIPs, one per line from line 9
 * (10 with vrrp_strict) */
static char *
conf_text(size_t n, bool v6, bool strict)
{
	size_t cap = 512 + n * 48, len, i;
	char *t = malloc(cap);

	ck_assert_ptr_nonnull(t);
	len = (size_t)snprintf(t, cap, "global_defs {\n%s}\nvrrp_instance VI_1 {\n"
			       "  interface eth0\n  virtual_router_id 51\n  priority 100\n"
			       "  advert_int 1\n  virtual_ipaddress {\n",
			       strict ? "  vrrp_strict\n" : "");
	for (i = 0; i < n; i++)
		len += (size_t)snprintf(t + len, cap - len, v6 ? "    fe80::%zx/64\n" :
					"    10.1.%zu.%zu/32\n", v6 ? i + 1 : i / 200, i % 200);
	snprintf(t + len, cap - len, "  }\n}\n");
	return t;
}

static const char *
diag_find(const struct conf_diag *d, const char *part)
{
	size_t i;

	for (i = 0; i < d->n; i++)
		if (strstr(d->msg[i].text, part))
			return d->msg[i].text;
	return NULL;
}

static void
check_conf(size_t n, bool v6, bool strict, const char *want)
{
	char *text = conf_text(n, v6, strict);
	struct conf_load_opts o = { .config_id = "t", .buf = text, .buf_len = strlen(text) };
	struct conf_diag d;
	struct conf *c = NULL;
	const char *msg;

	memset(&d, 0, sizeof(d));
	ck_assert_int_eq(conf_load("t.conf", &o, &c, &d), 0);	/* a warning */
	msg = diag_find(&d, "Number of VIPs");
	if (want == NULL) {
		ck_assert_msg(msg == NULL, "unexpected: %s", msg);
	} else {
		ck_assert_ptr_nonnull(msg);
		ck_assert_msg(strstr(msg, want) != NULL, "%s: want %s", msg, want);
	}
	conf_free(c);
	conf_diag_free(&d);
	free(text);
}

START_TEST(test_conf_warning)
{
	/* VIPs from line 9 (strict: 10): the first left out is the 256th */
	check_conf(255, false, false, NULL);
	check_conf(256, false, false, "t.conf:264: warning: (VI_1) Number of VIPs (256) exceeds the "
		   "space in one advert (max 255 addresses at MTU 1500)");
	check_conf(300, false, true, "t.conf:265: warning: (VI_1) Number of VIPs (300)");
	check_conf(89, true, false, NULL);
	check_conf(90, true, false, "t.conf:98: warning: (VI_1) Number of VIPs (90) exceeds the space "
		   "in one advert (max 89 addresses at MTU 1500)");
}
END_TEST

static Suite *
limit_suite(void)
{
	Suite *s = suite_create("vrrp_vip_limit");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_max);
	tcase_add_test(tc, test_limit);
	tcase_add_test(tc, test_conf_warning);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return ck_run(limit_suite());
}
