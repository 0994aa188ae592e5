/* script.c: notify scripts run by the parent (see script.h). */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
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

	(void)c;
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

/* In the child: clean process state, then exec. */
static void __attribute__((noreturn))
child_exec(char **argv)
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
	execvp(argv[0], argv);
	_exit(127);
}

int
script_run(struct script_set *s, struct event_loop *loop,
	   const struct conf_strv *cmd, const char *what)
{
	struct script_job *j;
	char **argv;
	pid_t pid;
	int r;

	if (cmd->n == 0)
		return 0;
	if ((r = script_split(cmd, &argv)) < 0)
		return r;
	if ((j = calloc(1, sizeof(*j))) == NULL) {
		script_argv_free(argv);
		return -ENOMEM;
	}
	snprintf(j->what, sizeof(j->what), "%s '%s'", what, argv[0]);
	if ((pid = fork()) < 0) {
		r = -errno;
		script_argv_free(argv);
		free(j);
		return r;
	}
	if (pid == 0)
		child_exec(argv);
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
	log_info("%s started (pid %d)", j->what, (int)pid);
	return 0;
}

void
script_set_forget(struct script_set *s)
{
	struct script_job *j, *next;

	for (j = s->head; j != NULL; j = next) {
		next = j->next;
		event_child_del(&j->c);
		free(j);
	}
	s->head = NULL;
	s->running = 0;
}
