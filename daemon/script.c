/* script.c: notify scripts run by the parent (see script.h). */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "event.h"
#include "log.h"
#include "script.h"

struct script_job {
	struct event_child c;
	struct script_set *set;
	struct script_job *next;
	script_done_cb *cb;		/* script_run_cb: told instead of logging */
	void *cb_arg;
	char what[128];
};

void
script_argv_free(char **argv)
{
	size_t i;

	if (argv == NULL)
		return;
	for (i = 0; argv[i] != NULL; i++)
		free(argv[i]);
	free(argv);
}

/* Split @s at white space, honouring '...' and "..." groups. */
static int
split_words(const char *s, char ***ret)
{
	size_t n = 0, len = strlen(s);
	char **v = calloc(len / 2 + 2, sizeof(*v));
	char *w;

	if (v == NULL)
		return -ENOMEM;
	while (*s != '\0') {
		char q = 0;
		size_t k = 0;

		while (*s == ' ' || *s == '\t')
			s++;
		if (*s == '\0')
			break;
		if ((w = malloc(len + 1)) == NULL)
			goto nomem;
		v[n++] = w;
		for (; *s != '\0' && (q || (*s != ' ' && *s != '\t')); s++) {
			if (q == 0 && (*s == '\'' || *s == '"'))
				q = *s;
			else if (q != 0 && *s == q)
				q = 0;
			else
				w[k++] = *s;
		}
		w[k] = '\0';
		if (q != 0) {
			script_argv_free(v);
			return -EINVAL;
		}
	}
	if (n == 0) {
		free(v);
		return -EINVAL;
	}
	*ret = v;
	return 0;
nomem:
	script_argv_free(v);
	return -ENOMEM;
}

int
script_split(const struct conf_strv *cmd, char ***ret)
{
	char **v;
	size_t i;

	if (cmd->n == 0)
		return -EINVAL;
	if (cmd->n == 1)
		return split_words(cmd->v[0], ret);
	if ((v = calloc(cmd->n + 1, sizeof(*v))) == NULL)
		return -ENOMEM;
	for (i = 0; i < cmd->n; i++)
		if ((v[i] = strdup(cmd->v[i])) == NULL) {
			script_argv_free(v);
			return -ENOMEM;
		}
	*ret = v;
	return 0;
}

static void
job_unlink(struct script_job *j)
{
	struct script_job **pp;

	for (pp = &j->set->head; *pp != NULL; pp = &(*pp)->next)
		if (*pp == j) {
			*pp = j->next;
			break;
		}
	j->set->running--;
}

static void
job_exited(struct event_child *c, pid_t pid, int status, void *arg)
{
	struct script_job *j = arg;
	script_done_cb *cb = j->cb;
	void *cb_arg = j->cb_arg;

	(void)c;
	if (cb != NULL) {
		if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
			j->set->failed++;
		job_unlink(j);
		free(j);
		cb(cb_arg, pid, status);
		return;
	}
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
		log_info("%s (pid %d) succeeded", j->what, (int)pid);
	} else {
		j->set->failed++;
		if (WIFEXITED(status))
			log_warnx("%s (pid %d) exited with status %d", j->what, (int)pid,
				  WEXITSTATUS(status));
		else
			log_warnx("%s (pid %d) killed by signal %d", j->what, (int)pid,
				  WIFSIGNALED(status) ? WTERMSIG(status) : 0);
	}
	job_unlink(j);
	free(j);
}

void
script_child_exec(char **argv, const struct script_cred *cred)
{
	sigset_t none;
	int sig, fd;

	sigemptyset(&none);
	for (sig = 1; sig < NSIG; sig++)
		signal(sig, SIG_DFL);
	sigprocmask(SIG_SETMASK, &none, NULL);
	setsid();
	for (fd = 3; fd < 1024; fd++)
		close(fd);
	if ((fd = open("/dev/null", O_RDONLY)) >= 0 && fd != 0) {
		dup2(fd, 0);
		close(fd);
	}
	/* A daemon that is not root (tests) cannot change users: the script
	 * runs as the daemon's user, which is no more privileged. */
	if (cred->set && geteuid() == 0 &&
	    (setgroups(1, &cred->gid) < 0 || setgid(cred->gid) < 0 || setuid(cred->uid) < 0))
		_exit(126);
	execvp(argv[0], argv);
	_exit(127);
}

int
script_set_configure(struct script_set *s, const struct conf *conf, char *err, size_t errlen)
{
	struct script_cred c = { .set = false };
	int r;

	/* A named script_user is resolved now, so that a wrong name is
	 * reported with the configuration.  The default (the user
	 * keepalived_script, if it exists) waits for the first script: the
	 * lookup can load NSS modules, which is slow, and most
	 * configurations run no script at all. */
	s->cred_pending = conf->global.script_user.n == 0;
	if (!s->cred_pending &&
	    (r = script_cred_resolve(conf, NULL, &c, err, errlen)) < 0)
		return r;
	s->cred = c;
	s->security = conf->global.enable_script_security;
	return 0;
}

/* Has the unsafe @path been warned about?  Remember it if not. */
static bool
warned_before(struct script_set *s, const char *path)
{
	char **v;
	size_t i;

	for (i = 0; i < s->n_warned; i++)
		if (strcmp(s->warned[i], path) == 0)
			return true;
	if ((v = realloc(s->warned, (s->n_warned + 1) * sizeof(*v))) == NULL)
		return false;
	s->warned = v;
	if ((v[s->n_warned] = strdup(path)) != NULL)
		s->n_warned++;
	return false;
}

/* Credentials and security check of @argv0.  0 or -errno (logged). */
static int
vet_script(struct script_set *s, const char *argv0, const struct conf_strv *user,
	   const char *what, struct script_cred *cred)
{
	char err[PATH_MAX + 128];
	bool unsafe = false;
	int r;

	if (s->cred_pending) {	/* the default user, looked up once */
		script_cred_resolve(NULL, NULL, &s->cred, err, sizeof(err));
		s->cred_pending = false;
	}
	*cred = s->cred;
	if (user != NULL && user->n > 0 &&
	    (r = script_cred_resolve(NULL, user, cred, err, sizeof(err))) < 0)
		goto refused;
	if ((r = script_sec_check(NULL, argv0, cred, &unsafe, err, sizeof(err))) < 0)
		goto refused;
	if (unsafe && s->security) {
		r = -EPERM;
		goto refused;
	}
	if (unsafe && !warned_before(s, argv0))
		log_warnx("%s '%s': %s; it runs as root anyway (enable_script_security is off)",
			  what, argv0, err);
	return 0;
refused:
	s->refused++;
	log_warnx("%s '%s' refused: %s", what, argv0, err);
	return r;
}

static int
job_start(struct script_set *s, struct event_loop *loop, const struct conf_strv *cmd,
	  const struct conf_strv *user, const char *what, script_done_cb *cb,
	  void *cb_arg, pid_t *ret_pid)
{
	struct script_cred cred;
	struct script_job *j;
	char **argv;
	pid_t pid;
	int r;

	if (cmd->n == 0)
		return 0;
	if ((r = script_split(cmd, &argv)) < 0)
		return r;
	if ((r = vet_script(s, argv[0], user, what, &cred)) < 0 ||
	    (j = calloc(1, sizeof(*j))) == NULL) {
		script_argv_free(argv);
		return r < 0 ? r : -ENOMEM;
	}
	snprintf(j->what, sizeof(j->what), "%s '%s'", what, argv[0]);
	j->cb = cb;
	j->cb_arg = cb_arg;
	if ((pid = fork()) < 0) {
		r = -errno;
		script_argv_free(argv);
		free(j);
		return r;
	}
	if (pid == 0)
		script_child_exec(argv, &cred);
	script_argv_free(argv);
	j->set = s;
	j->next = s->head;
	s->head = j;
	s->running++;
	s->started++;
	if ((r = event_child_add(loop, &j->c, pid, job_exited, j)) < 0) {
		job_unlink(j);
		free(j);
		return r;
	}
	if (ret_pid != NULL)
		*ret_pid = pid;
	if (cb != NULL)
		log_debug("%s started (pid %d)", j->what, (int)pid);
	else if (cred.set)
		log_info("%s started (pid %d, uid %u gid %u)", j->what, (int)pid,
			 (unsigned)cred.uid, (unsigned)cred.gid);
	else
		log_info("%s started (pid %d)", j->what, (int)pid);
	return 0;
}

int
script_run_as(struct script_set *s, struct event_loop *loop,
	      const struct conf_strv *cmd, const struct conf_strv *user, const char *what)
{
	return job_start(s, loop, cmd, user, what, NULL, NULL, NULL);
}

int
script_run_cb(struct script_set *s, struct event_loop *loop,
	      const struct conf_strv *cmd, const struct conf_strv *user,
	      const char *what, script_done_cb *cb, void *arg, pid_t *ret_pid)
{
	return job_start(s, loop, cmd, user, what, cb, arg, ret_pid);
}

int
script_run(struct script_set *s, struct event_loop *loop,
	   const struct conf_strv *cmd, const char *what)
{
	return script_run_as(s, loop, cmd, NULL, what);
}

void
script_set_forget(struct script_set *s)
{
	struct script_job *j, *next;
	size_t i;

	for (j = s->head; j != NULL; j = next) {
		next = j->next;
		event_child_del(&j->c);
		free(j);
	}
	s->head = NULL;
	s->running = 0;
	for (i = 0; i < s->n_warned; i++)
		free(s->warned[i]);
	free(s->warned);
	s->warned = NULL;
	s->n_warned = 0;
}
