/* test_health_priv.c: the health-check child's user and capabilities
 * (daemon/health_priv.c), and the drop itself through proc_setup_child()
 * when the test runs as root. */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <linux/capability.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "conf.h"
#include "health_priv.h"
#include "proc.h"
#include "ck_run.h"

/* One virtual server, one real server, @n checkers with default options. */
static struct conf *
conf_with(size_t n)
{
	struct conf *c = calloc(1, sizeof(*c));
	size_t i;

	ck_assert_ptr_nonnull(c);
	c->vs = calloc(1, sizeof(*c->vs));
	c->n_vs = 1;
	c->vs->rs = calloc(1, sizeof(*c->vs->rs));
	c->vs->n_rs = 1;
	c->vs->rs->checker = calloc(n, sizeof(*c->vs->rs->checker));
	c->vs->rs->n_checker = n;
	for (i = 0; i < n; i++) {
		c->vs->rs->checker[i].conn.bind_port = CONF_UNSET;
		c->vs->rs->checker[i].conn.fwmark = CONF_UNSET;
	}
	return c;
}

static void
conf_done(struct conf *c)
{
	free(c->vs->rs->checker);
	free(c->vs->rs);
	free(c->vs);
	free(c);
}

START_TEST(caps_from_config)
{
	struct conf *c = conf_with(3);
	struct conf_conn *co0 = &c->vs->rs->checker[0].conn;
	struct conf_conn *co2 = &c->vs->rs->checker[2].conn;

	ck_assert_uint_eq(health_priv_caps(c), PROC_CAP(CAP_NET_RAW));
	co0->bind_port = 1024;
	ck_assert_uint_eq(health_priv_caps(c), PROC_CAP(CAP_NET_RAW));
	co0->bind_port = 0;
	ck_assert_uint_eq(health_priv_caps(c), PROC_CAP(CAP_NET_RAW));
	co0->bind_port = 1023;
	ck_assert_uint_eq(health_priv_caps(c),
			  PROC_CAP(CAP_NET_RAW) | PROC_CAP(CAP_NET_BIND_SERVICE));
	co2->fwmark = 7;
	ck_assert_uint_eq(health_priv_caps(c), PROC_CAP(CAP_NET_RAW) |
			  PROC_CAP(CAP_NET_BIND_SERVICE) | PROC_CAP(CAP_NET_ADMIN));
	co0->bind_port = CONF_UNSET;
	co2->fwmark = 0;
	ck_assert_uint_eq(health_priv_caps(c), PROC_CAP(CAP_NET_RAW));
	conf_done(c);
}
END_TEST

START_TEST(user_lookup)
{
	const char *const none[] = { "ipvsd-no-such-user-1", "ipvsd-no-such-user-2", NULL };
	const char *const some[] = { "ipvsd-no-such-user-1", "root", NULL };
	const char *name = NULL;
	uid_t uid = 77;
	gid_t gid = 77;

	ck_assert_int_eq(health_priv_user(none, &uid, &gid, &name), -ENOENT);
	ck_assert_int_eq(health_priv_user(some, &uid, &gid, &name), 0);
	ck_assert_str_eq(name, "root");
	ck_assert_uint_eq(uid, 0);
	ck_assert_uint_eq(gid, 0);
}
END_TEST

/* Value of a "Name:\tvalue" line of /proc/self/status, or "". */
static void
status_line(const char *key, char *out, size_t len)
{
	char line[256];
	FILE *f = fopen("/proc/self/status", "r");
	size_t kl = strlen(key);

	out[0] = 0;
	while (f && fgets(line, sizeof(line), f))
		if (strncmp(line, key, kl) == 0 && line[kl] == ':') {
			snprintf(out, len, "%s", line + kl + 2);
			out[strcspn(out, "\n")] = 0;
		}
	if (f)
		fclose(f);
}

/* As root: a child set up like ipvsd's health child ends unprivileged. */
START_TEST(drop_in_child)
{
	struct conf *c = conf_with(1);
	struct proc_conf pc = { .name = "htest" };
	const char *const users[] = { HEALTH_PRIV_USER, HEALTH_PRIV_FALLBACK_USER, NULL };
	const char *name;
	uid_t want;
	gid_t g;
	pid_t pid, parent = getpid();
	int st;

	if (geteuid() != 0 || health_priv_user(users, &want, &g, &name) < 0) {
		fprintf(stderr, "drop_in_child: skipped (not root, or no %s/%s user)\n",
			users[0], users[1]);
		conf_done(c);
		return;
	}
	health_priv_apply(c, &pc);
	ck_assert_uint_eq(pc.uid, want);
	ck_assert(pc.no_new_privs);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		char v[128], w[128];

		if (proc_setup_child(&pc, parent, -1) < 0)
			_exit(10);
		if (getuid() != want || geteuid() != want || getgid() != g)
			_exit(11);
		status_line("CapEff", v, sizeof(v));
		status_line("CapPrm", w, sizeof(w));
		if (strcmp(v, "0000000000002000") != 0 || strcmp(w, v) != 0)
			_exit(12);
		status_line("NoNewPrivs", v, sizeof(v));
		if (strcmp(v, "1") != 0)
			_exit(13);
		if (setuid(0) == 0)
			_exit(14);
		_exit(0);
	}
	ck_assert_int_eq(waitpid(pid, &st, 0), pid);
	ck_assert_msg(WIFEXITED(st) && WEXITSTATUS(st) == 0, "child status %#x", st);
	conf_done(c);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("health_priv");
	TCase *tc = tcase_create("priv");

	tcase_add_test(tc, caps_from_config);
	tcase_add_test(tc, user_lookup);
	tcase_add_test(tc, drop_in_child);
	suite_add_tcase(s, tc);
	return ck_run(s);
}
