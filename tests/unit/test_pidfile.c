/* test_pidfile.c: create, lock, stale take-over, remove. */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "pidfile.h"
#include "ck_run.h"

static char path[64];

static void
setup(void)
{
	snprintf(path, sizeof(path), "/tmp/ipvsd-pid-%d.pid", (int)getpid());
	unlink(path);
}

static void
teardown(void)
{
	unlink(path);
}

static pid_t
file_pid(void)
{
	FILE *f = fopen(path, "r");
	int pid = -1;

	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(fscanf(f, "%d\n", &pid), 1);
	fclose(f);
	return pid;
}

START_TEST(test_create_check_remove)
{
	struct pidfile pf = PIDFILE_INIT, pf2 = PIDFILE_INIT;
	pid_t pid = 0, holder = 0;
	char buf[32];
	int fd;
	ssize_t n;

	ck_assert_int_eq(pidfile_check(path, &pid), 0);		/* absent */
	ck_assert_int_eq(pidfile_create(path, &pf, NULL), 0);
	fd = open(path, O_RDONLY);
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	ck_assert_int_gt(n, 0);
	buf[n] = '\0';
	snprintf(buf + 16, 16, "%d\n", (int)getpid());
	ck_assert_str_eq(buf, buf + 16);			/* "<pid>\n" */
	ck_assert_int_eq(pidfile_check(path, &pid), 1);
	ck_assert_int_eq(pid, getpid());
	/* a second instance is refused and told who runs */
	ck_assert_int_eq(pidfile_create(path, &pf2, &holder), -EEXIST);
	ck_assert_int_eq(holder, getpid());
	pidfile_remove(&pf);
	ck_assert_int_eq(access(path, F_OK), -1);
	pidfile_remove(&pf);					/* no-op */
	pidfile_remove(&pf2);					/* never created */
}
END_TEST

START_TEST(test_stale_taken_over)
{
	struct pidfile pf = PIDFILE_INIT;
	pid_t pid = 0;
	FILE *f = fopen(path, "w");

	/* left behind by a crash: a pid (ours even) but no lock */
	ck_assert_ptr_nonnull(f);
	fprintf(f, "%d\n", 1);
	fclose(f);
	ck_assert_int_eq(pidfile_check(path, &pid), 0);
	ck_assert_int_eq(pidfile_create(path, &pf, NULL), 0);
	ck_assert_int_eq(file_pid(), getpid());
	pidfile_remove(&pf);
	/* garbage content is also just stale */
	f = fopen(path, "w");
	fputs("not a pid", f);
	fclose(f);
	ck_assert_int_eq(pidfile_create(path, &pf, NULL), 0);
	ck_assert_int_eq(file_pid(), getpid());
	pidfile_remove(&pf);
}
END_TEST

START_TEST(test_lock_held_by_other_process)
{
	struct pidfile pf = PIDFILE_INIT;
	int sync[2], i;
	pid_t child, pid = 0, holder = 0;
	char c;

	ck_assert_int_eq(pipe(sync), 0);
	child = fork();
	ck_assert_int_ge(child, 0);
	if (child == 0) {
		struct pidfile mine = PIDFILE_INIT;

		signal(SIGTERM, SIG_DFL);
		if (pidfile_create(path, &mine, NULL) < 0)
			_exit(1);
		(void)!write(sync[1], "k", 1);
		pause();
		_exit(0);
	}
	ck_assert_int_eq(read(sync[0], &c, 1), 1);
	ck_assert_int_eq(pidfile_check(path, &pid), 1);
	ck_assert_int_eq(pid, child);
	ck_assert_int_eq(pidfile_create(path, &pf, &holder), -EEXIST);
	ck_assert_int_eq(holder, child);
	/* the holder dies without cleaning up: the file is now stale */
	kill(child, SIGKILL);
	waitpid(child, NULL, 0);
	for (i = 0; i < 100 && pidfile_check(path, &pid) != 0; i++)
		usleep(10000);
	ck_assert_int_eq(pidfile_check(path, &pid), 0);
	ck_assert_int_eq(pidfile_create(path, &pf, NULL), 0);
	/* after a fork the new process rewrites its pid */
	ck_assert_int_eq(pidfile_update(&pf), 0);
	ck_assert_int_eq(file_pid(), getpid());
	pidfile_close(&pf);	/* no unlink */
	ck_assert_int_eq(access(path, F_OK), 0);
	close(sync[0]);
	close(sync[1]);
}
END_TEST

START_TEST(test_symlink_refused)
{
	struct pidfile pf = PIDFILE_INIT;

	ck_assert_int_eq(symlink("/tmp/elsewhere-ipvsd", path), 0);
	ck_assert_int_eq(pidfile_create(path, &pf, NULL), -ELOOP);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("pidfile");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_create_check_remove);
	tcase_add_test(tc, test_stale_taken_over);
	tcase_add_test(tc, test_lock_held_by_other_process);
	tcase_add_test(tc, test_symlink_refused);
	suite_add_tcase(s, tc);
	return ck_run(s);
}
