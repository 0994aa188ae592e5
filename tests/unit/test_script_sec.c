/* test_script_sec.c: script credentials, the script security check,
 * scripts run under their credentials, and notify FIFOs.
 *
 * The permission cases build real trees under /tmp with chmod/chown (the
 * suite runs as root; without root those cases are skipped with a note).
 */
#include "config.h"

#include <arpa/inet.h>
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "event.h"
#include "notify_fifo.h"
#include "script.h"
#include "script_sec.h"
#include "ck_run.h"

#define NOBODY 65534

static char top[64];
static char err[512];
static struct conf conf;	/* zeroed: no script_user, security off */

static void
sh(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void
sh(const char *fmt, ...)
{
	char cmd[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	ck_assert_msg(system(cmd) == 0, "command failed: %s", cmd);
}

static void
setup(void)
{
	snprintf(top, sizeof(top), "/tmp/ipvsd-sec-%d", (int)getpid());
	sh("rm -rf %s && mkdir -m 755 %s && mkdir -m 755 %s/safe", top, top, top);
	sh("printf '#!/bin/sh\\nexit 0\\n' > %s/safe/run.sh && chmod 755 %s/safe/run.sh", top, top);
	memset(&conf, 0, sizeof(conf));
}

static void
teardown(void)
{
	sh("rm -rf %s", top);
}

static bool
root(void)
{
	if (geteuid() == 0)
		return true;
	fprintf(stderr, "test_script_sec: not root, permission case skipped\n");
	return false;
}

static int
check_as(const char *rel, const struct script_cred *c, bool *warned)
{
	char path[128];

	snprintf(path, sizeof(path), "%s/%s", top, rel);
	return script_sec_check(&conf, path, c, warned, err, sizeof(err));
}

static const struct script_cred as_root = { 0, 0, true };
static const struct script_cred as_nobody = { NOBODY, NOBODY, true };

START_TEST(safe_tree_runs)
{
	bool w = true;

	ck_assert_int_eq(check_as("safe/run.sh", &as_root, &w), 0);
	ck_assert(!w);
	conf.global.enable_script_security = true;
	ck_assert_int_eq(check_as("safe/run.sh", &as_root, &w), 0);
}
END_TEST

START_TEST(other_writable_file_refused)
{
	bool w;

	sh("chmod 757 %s/safe/run.sh", top);
	conf.global.enable_script_security = true;
	ck_assert_int_eq(check_as("safe/run.sh", &as_root, &w), -EPERM);
	ck_assert_msg(strstr(err, "safe/run.sh") != NULL, "%s", err);
	/* security off: allowed with a warning */
	conf.global.enable_script_security = false;
	ck_assert_int_eq(check_as("safe/run.sh", &as_root, &w), 0);
	ck_assert(w);
	/* a non-root script user needs no protection */
	conf.global.enable_script_security = true;
	ck_assert_int_eq(check_as("safe/run.sh", &as_nobody, &w), 0);
	ck_assert(!w);
}
END_TEST

START_TEST(group_writable)
{
	bool w;

	if (!root())
		return;
	conf.global.enable_script_security = true;
	sh("chmod 775 %s/safe/run.sh", top);	/* group root: fine */
	ck_assert_int_eq(check_as("safe/run.sh", &as_root, &w), 0);
	sh("chgrp nogroup %s/safe/run.sh", top);
	ck_assert_int_eq(check_as("safe/run.sh", &as_root, &w), -EPERM);
	sh("chmod 755 %s/safe/run.sh", top);
	ck_assert_int_eq(check_as("safe/run.sh", &as_root, &w), 0);
}
END_TEST

START_TEST(dir_owner_and_modes)
{
	char want[128];
	bool w;

	if (!root())
		return;
	conf.global.enable_script_security = true;
	sh("chown nobody %s/safe", top);
	ck_assert_int_eq(check_as("safe/run.sh", &as_root, &w), -EPERM);
	snprintf(want, sizeof(want), "on %s/safe ", top);
	ck_assert_msg(strstr(err, want) != NULL, "%s", err);
	sh("chown root %s/safe && chmod 777 %s/safe", top, top);
	ck_assert_int_eq(check_as("safe/run.sh", &as_root, &w), -EPERM);
	sh("chmod 1777 %s/safe", top);		/* sticky, root-owned: fine */
	ck_assert_int_eq(check_as("safe/run.sh", &as_root, &w), 0);
	sh("chown root %s/safe/run.sh && chown nobody %s/safe/run.sh", top, top);
	ck_assert_int_eq(check_as("safe/run.sh", &as_root, &w), -EPERM);
	/* the top directory, not only the last one */
	sh("chmod 755 %s/safe && chown root %s/safe/run.sh && chown nobody %s", top, top, top);
	ck_assert_int_eq(check_as("safe/run.sh", &as_root, &w), -EPERM);
	snprintf(want, sizeof(want), "on %s ", top);
	ck_assert_msg(strstr(err, want) != NULL, "%s", err);
}
END_TEST

START_TEST(symlink_resolved)
{
	bool w;

	conf.global.enable_script_security = true;
	sh("mkdir -m 777 %s/open && cp -p %s/safe/run.sh %s/open/x.sh", top, top, top);
	sh("ln -s ../open/x.sh %s/safe/link.sh", top);
	ck_assert_int_eq(check_as("safe/link.sh", &as_root, &w), -EPERM);
	ck_assert_msg(strstr(err, "/open") != NULL, "%s", err);
}
END_TEST

START_TEST(setuid_root_needs_protection)
{
	bool w;

	if (!root())
		return;
	conf.global.enable_script_security = true;
	sh("chmod 777 %s/safe && chmod 4755 %s/safe/run.sh", top, top);
	ck_assert_int_eq(check_as("safe/run.sh", &as_nobody, &w), -EPERM);
	sh("chmod 755 %s/safe/run.sh", top);
	ck_assert_int_eq(check_as("safe/run.sh", &as_nobody, &w), 0);
}
END_TEST

START_TEST(missing_and_not_executable)
{
	bool w;

	ck_assert_int_eq(check_as("safe/none.sh", &as_root, &w), -ENOENT);
	ck_assert_msg(strstr(err, "none.sh") != NULL, "%s", err);
	sh("chmod 644 %s/safe/run.sh", top);
	ck_assert_int_eq(check_as("safe/run.sh", &as_root, &w), -EACCES);
	sh("chmod 744 %s/safe/run.sh", top);	/* only the owner (root) may run it */
	ck_assert_int_eq(check_as("safe/run.sh", &as_root, &w), 0);
	ck_assert_int_eq(check_as("safe/run.sh", &as_nobody, &w), -EACCES);
	sh("chmod 755 %s/safe", top);
	ck_assert_int_eq(script_sec_check(&conf, "", &as_root, &w, err, sizeof(err)), -ENOENT);
}
END_TEST

START_TEST(path_search)
{
	bool w;

	conf.global.enable_script_security = true;
	ck_assert_int_eq(script_sec_check(&conf, "true", &as_root, &w, err, sizeof(err)), 0);
	ck_assert_int_eq(script_sec_check(&conf, "no-such-command-xyz", &as_root, &w, err,
					  sizeof(err)), -ENOENT);
	ck_assert_msg(strstr(err, "PATH") != NULL, "%s", err);
}
END_TEST

START_TEST(cred_resolve)
{
	struct script_cred c;
	char *u1[] = { "nobody" }, *u2[] = { "nobody", "root" }, *bad[] = { "no-such-user-x" };
	char *badg[] = { "nobody", "no-such-group-x" };
	struct conf_strv s1 = { u1, 1 }, s2 = { u2, 2 }, sb = { bad, 1 }, sg = { badg, 2 };

	ck_assert_int_eq(script_cred_resolve(&conf, &s1, &c, err, sizeof(err)), 0);
	ck_assert(c.set);
	ck_assert_uint_eq(c.uid, getpwnam("nobody")->pw_uid);
	ck_assert_uint_eq(c.gid, getpwnam("nobody")->pw_gid);
	ck_assert_int_eq(script_cred_resolve(&conf, &s2, &c, err, sizeof(err)), 0);
	ck_assert_uint_eq(c.gid, 0);
	ck_assert_int_eq(script_cred_resolve(&conf, &sb, &c, err, sizeof(err)), -ENOENT);
	ck_assert_str_eq(err, "unknown user no-such-user-x");
	ck_assert_int_eq(script_cred_resolve(&conf, &sg, &c, err, sizeof(err)), -ENOENT);
	ck_assert_str_eq(err, "unknown group no-such-group-x");
	/* global script_user, then a per-script user wins over it */
	conf.global.script_user = s1;
	ck_assert_int_eq(script_cred_resolve(&conf, NULL, &c, err, sizeof(err)), 0);
	ck_assert(c.set && c.uid == getpwnam("nobody")->pw_uid);
	ck_assert_int_eq(script_cred_resolve(&conf, &s2, &c, err, sizeof(err)), 0);
	ck_assert_uint_eq(c.gid, 0);
	/* default: keepalived_script if it exists, else root */
	memset(&conf, 0, sizeof(conf));
	ck_assert_int_eq(script_cred_resolve(&conf, NULL, &c, err, sizeof(err)), 0);
	if (getpwnam("keepalived_script") == NULL)
		ck_assert(!c.set);
	else
		ck_assert(c.set && c.uid == getpwnam("keepalived_script")->pw_uid);
}
END_TEST

/* Run the event loop until @s has no running script (or 5 s). */
static void
drain_scripts(struct event_loop *loop, struct script_set *s)
{
	time_t end = time(NULL) + 5;

	while (s->running > 0 && time(NULL) < end)
		event_run_once(loop, 100);
	ck_assert_uint_eq(s->running, 0);
}

START_TEST(run_as_user)
{
	struct event_loop *loop;
	struct script_set s = { 0 };
	char cmd[256], out[128], *u[] = { "nobody" };
	char *argv[1] = { cmd };
	struct conf_strv c = { argv, 1 }, user = { u, 1 };
	unsigned uid = 1, gid = 1;
	FILE *f;

	if (!root())
		return;
	ck_assert_int_eq(event_loop_new(&loop), 0);
	sh("mkdir -m 777 %s/out", top);
	snprintf(out, sizeof(out), "%s/out/id", top);
	snprintf(cmd, sizeof(cmd), "/bin/sh -c 'echo $(id -u) $(id -g) $(id -G) > %s'", out);
	ck_assert_int_eq(script_set_configure(&s, &conf, err, sizeof(err)), 0);
	ck_assert_int_eq(script_run_as(&s, loop, &c, &user, "test"), 0);
	drain_scripts(loop, &s);
	ck_assert_uint_eq(s.failed, 0);
	ck_assert_ptr_nonnull(f = fopen(out, "r"));
	ck_assert_int_eq(fscanf(f, "%u %u", &uid, &gid), 2);
	{
		char rest[64] = "";

		ck_assert_ptr_nonnull(fgets(rest, sizeof(rest), f));
		ck_assert_str_eq(rest, " 65534\n");	/* supplementary groups: only its own */
	}
	fclose(f);
	ck_assert_uint_eq(uid, NOBODY);
	ck_assert_uint_eq(gid, NOBODY);
	/* global script_user through script_set_configure */
	conf.global.script_user = user;
	unlink(out);
	ck_assert_int_eq(script_set_configure(&s, &conf, err, sizeof(err)), 0);
	ck_assert_int_eq(script_run(&s, loop, &c, "test"), 0);
	drain_scripts(loop, &s);
	ck_assert_ptr_nonnull(f = fopen(out, "r"));
	ck_assert_int_eq(fscanf(f, "%u", &uid), 1);
	fclose(f);
	ck_assert_uint_eq(uid, NOBODY);
	script_set_forget(&s);
	event_loop_free(loop);
}
END_TEST

START_TEST(run_refused)
{
	struct event_loop *loop;
	struct script_set s = { 0 };
	char cmd[256];
	char *argv[1] = { cmd };
	struct conf_strv c = { argv, 1 };

	ck_assert_int_eq(event_loop_new(&loop), 0);
	sh("chmod 777 %s/safe", top);
	snprintf(cmd, sizeof(cmd), "%s/safe/run.sh arg", top);
	conf.global.enable_script_security = true;
	ck_assert_int_eq(script_set_configure(&s, &conf, err, sizeof(err)), 0);
	ck_assert_int_eq(script_run(&s, loop, &c, "test"), -EPERM);
	ck_assert_uint_eq(s.refused, 1);
	ck_assert_uint_eq(s.started, 0);
	/* security off: it runs (warned once) */
	conf.global.enable_script_security = false;
	ck_assert_int_eq(script_set_configure(&s, &conf, err, sizeof(err)), 0);
	ck_assert_int_eq(script_run(&s, loop, &c, "test"), 0);
	ck_assert_int_eq(script_run(&s, loop, &c, "test"), 0);
	ck_assert_uint_eq(s.n_warned, 1);
	drain_scripts(loop, &s);
	ck_assert_uint_eq(s.started, 2);
	ck_assert_uint_eq(s.failed, 0);
	/* a missing script is refused before any fork */
	snprintf(cmd, sizeof(cmd), "%s/safe/none.sh", top);
	ck_assert_int_eq(script_run(&s, loop, &c, "test"), -ENOENT);
	ck_assert_uint_eq(s.refused, 2);
	/* so is a script whose own user does not exist */
	{
		char *u[] = { "no-such-user-x" };
		struct conf_strv user = { u, 1 };

		snprintf(cmd, sizeof(cmd), "%s/safe/run.sh", top);
		ck_assert_int_eq(script_run_as(&s, loop, &c, &user, "test"), -ENOENT);
		ck_assert_uint_eq(s.refused, 3);
		ck_assert_uint_eq(s.started, 2);
	}
	script_set_forget(&s);
	event_loop_free(loop);
}
END_TEST

/* Read what is in the FIFO (non-blocking) into @buf. */
static size_t
fifo_read(const char *path, char *buf, size_t len)
{
	int fd = open(path, O_RDONLY | O_NONBLOCK);
	ssize_t n;

	ck_assert_int_ge(fd, 0);
	n = read(fd, buf, len - 1);
	close(fd);
	buf[n > 0 ? n : 0] = '\0';
	return n > 0 ? (size_t)n : 0;
}

START_TEST(fifo_lines)
{
	struct notify_fifo f = { 0 }, g = { 0 };
	struct notify_fifo *both[3] = { &f, NULL, &g };
	char path[128], path2[128], *v[1] = { path }, *v2[1] = { path2 }, buf[4096];
	struct conf_strv cfg = { v, 1 }, cfg2 = { v2, 1 };
	struct conf_vs vs = { 0 };
	struct conf_rs rs = { 0 };
	struct stat st;
	int rfd;

	snprintf(path, sizeof(path), "%s/fifo", top);
	snprintf(path2, sizeof(path2), "%s/fifo2", top);
	ck_assert_int_eq(notify_fifo_open(&f, &cfg, NULL, NULL, NULL, err, sizeof(err)), 0);
	ck_assert_int_eq(notify_fifo_open(&g, &cfg2, NULL, NULL, NULL, err, sizeof(err)), 0);
	ck_assert(f.open && f.created);
	ck_assert_int_eq(stat(path, &st), 0);
	ck_assert(S_ISFIFO(st.st_mode));
	ck_assert_uint_eq(st.st_mode & 0777, 0644);
	/* a reader that keeps it open, so that lines stay in the pipe */
	rfd = open(path, O_RDONLY | O_NONBLOCK);
	ck_assert_int_ge(rfd, 0);
	vs.kind = CONF_VS_ADDR;
	vs.addr.af = AF_INET;
	vs.addr.a.in.s_addr = htonl(0x0a000064);
	vs.protocol = CONF_PROTO_TCP;
	vs.port = 80;
	rs.addr.af = AF_INET;
	rs.addr.a.in.s_addr = htonl(0x0a000002);
	rs.port = 8080;
	notify_fifo_rs(both, 3, &vs, &rs, false);
	notify_fifo_vs(both, 3, &vs, true);
	notify_fifo_vrrp(both, 3, false, "VI_1", "MASTER", 100);
	notify_fifo_vrrp(both, 3, true, "G1", "BACKUP", 100);
	vs.kind = CONF_VS_FWMARK;
	vs.fwmark = 7;
	notify_fifo_vs(both, 1, &vs, false);
	vs.kind = CONF_VS_GROUP;
	vs.group = "web";
	notify_fifo_vs(both, 1, &vs, false);
	ck_assert_uint_eq(f.lines, 6);
	ck_assert_uint_eq(g.lines, 4);
	{
		ssize_t n = read(rfd, buf, sizeof(buf) - 1);

		ck_assert_int_gt(n, 0);
		buf[n] = '\0';
	}
	ck_assert_str_eq(buf,
			 "RS [10.0.0.2]:tcp:8080 [10.0.0.100]:tcp:80 DOWN\n"
			 "VS [10.0.0.100]:tcp:80 UP\n"
			 "INSTANCE \"VI_1\" MASTER 100\n"
			 "GROUP \"G1\" BACKUP 0\n"
			 "VS FWM 7 DOWN\n"
			 "VS [web]:0 DOWN\n");
	ck_assert_uint_gt(fifo_read(path2, buf, sizeof(buf)), 0);
	ck_assert_ptr_nonnull(strstr(buf, "GROUP \"G1\" BACKUP 0\n"));
	close(rfd);
	/* reopen on the same path keeps it; close unlinks what we created */
	ck_assert_int_eq(notify_fifo_open(&f, &cfg, NULL, NULL, NULL, err, sizeof(err)), 0);
	ck_assert(f.open);
	notify_fifo_close(&f);
	notify_fifo_close(&g);
	ck_assert_int_eq(stat(path, &st), -1);
}
END_TEST

START_TEST(fifo_never_blocks)
{
	struct notify_fifo f = { 0 };
	char path[128], *v[3] = { path, "nobody", "nogroup" }, line[200];
	struct conf_strv cfg = { v, 3 };
	struct stat st;
	unsigned i;
	time_t t0 = time(NULL);

	snprintf(path, sizeof(path), "%s/fifo", top);
	ck_assert_int_eq(notify_fifo_open(&f, &cfg, NULL, NULL, NULL, err, sizeof(err)), 0);
	ck_assert_int_eq(stat(path, &st), 0);
	if (geteuid() == 0) {
		ck_assert_uint_eq(st.st_uid, NOBODY);
		ck_assert_uint_eq(st.st_gid, NOBODY);
	}
	memset(line, 'x', sizeof(line) - 1);
	line[sizeof(line) - 1] = '\0';
	/* nobody reads: the pipe fills, lines are dropped, nothing blocks */
	for (i = 0; i < 2000; i++)
		notify_fifo_write_line(&f, "%s", line);
	ck_assert_uint_gt(f.dropped, 0);
	ck_assert_uint_gt(f.lines, 0);
	ck_assert_uint_eq(f.lines + f.dropped, 2000);
	ck_assert_int_le(time(NULL) - t0, 2);
	notify_fifo_close(&f);
	/* a path that exists and is not a FIFO is an error */
	sh("touch %s/plain", top);
	snprintf(path, sizeof(path), "%s/plain", top);
	ck_assert_int_eq(notify_fifo_open(&f, &cfg, NULL, NULL, NULL, err, sizeof(err)), -EEXIST);
	ck_assert(!f.open);
	ck_assert_int_eq(notify_fifo_write_line(&f, "x"), 0);	/* closed: nothing */
}
END_TEST

START_TEST(fifo_script_reads)
{
	struct event_loop *loop;
	struct script_set s = { 0 };
	struct notify_fifo f = { 0 };
	char path[128], script[256], out[128], *v[1] = { path }, *sv[1] = { script };
	struct conf_strv cfg = { v, 1 }, scfg = { sv, 1 };
	char buf[256] = "";
	time_t end;
	FILE *o;

	ck_assert_int_eq(event_loop_new(&loop), 0);
	snprintf(path, sizeof(path), "%s/fifo", top);
	snprintf(out, sizeof(out), "%s/got", top);
	snprintf(script, sizeof(script), "%s/safe/reader.sh", top);
	sh("printf '#!/bin/sh\\nhead -n 1 \"$2\" > %s\\n' > %s && chmod 755 %s", out, script,
	   script);
	snprintf(script, sizeof(script), "%s/safe/reader.sh first", top);
	ck_assert_int_eq(notify_fifo_open(&f, &cfg, &scfg, &s, loop, err, sizeof(err)), 0);
	ck_assert_uint_eq(s.started, 1);
	notify_fifo_write_line(&f, "RS [10.0.0.2]:tcp:80 [10.0.0.1]:tcp:80 UP");
	drain_scripts(loop, &s);
	ck_assert_uint_eq(s.failed, 0);
	end = time(NULL) + 3;
	while (time(NULL) < end) {
		if ((o = fopen(out, "r")) != NULL) {
			if (fgets(buf, sizeof(buf), o) == NULL)
				buf[0] = '\0';
			fclose(o);
			if (buf[0] != '\0')
				break;
		}
		usleep(20000);
	}
	ck_assert_str_eq(buf, "RS [10.0.0.2]:tcp:80 [10.0.0.1]:tcp:80 UP\n");
	notify_fifo_close(&f);
	script_set_forget(&s);
	event_loop_free(loop);
}
END_TEST

static Suite *
suite(void)
{
	Suite *s = suite_create("script_sec");
	TCase *t = tcase_create("sec");

	tcase_add_checked_fixture(t, setup, teardown);
	tcase_set_timeout(t, 20);
	tcase_add_test(t, safe_tree_runs);
	tcase_add_test(t, other_writable_file_refused);
	tcase_add_test(t, group_writable);
	tcase_add_test(t, dir_owner_and_modes);
	tcase_add_test(t, symlink_resolved);
	tcase_add_test(t, setuid_root_needs_protection);
	tcase_add_test(t, missing_and_not_executable);
	tcase_add_test(t, path_search);
	tcase_add_test(t, cred_resolve);
	tcase_add_test(t, run_as_user);
	tcase_add_test(t, run_refused);
	tcase_add_test(t, fifo_lines);
	tcase_add_test(t, fifo_never_blocks);
	tcase_add_test(t, fifo_script_reads);
	suite_add_tcase(s, t);
	return s;
}

int
main(void)
{
	return ck_run(suite());
}
