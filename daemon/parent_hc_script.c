/* parent_hc_script.c: MISC_CHECK scripts run by the parent for the
 * health-check child (see parent_hc_script.h). */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "conf.h"
#include "event.h"
#include "hc_proto.h"
#include "log.h"
#include "parent_hc_script.h"
#include "proc.h"
#include "script.h"
#include "script_sec.h"

#define KILL_GRACE_MS 2000	/* SIGTERM -> SIGKILL, as keepalived */

enum job_state { JOB_RUNNING = 0, JOB_TERM_SENT, JOB_KILL_SENT };

struct hc_job {
	struct parent_hc_scripts *set;
	struct hc_job *next;
	struct event_child ec;
	struct event_timer t;
	struct proc_child *child;
	pid_t child_pid;		/* the health child that asked */
	pid_t pid;			/* the script (and its process group) */
	uint32_t req_id;
	enum job_state state;
	char what[96];
};

struct parent_hc_scripts {
	struct event_loop *loop;
	struct hc_job *head;
};

int
parent_hc_scripts_new(struct event_loop *loop, struct parent_hc_scripts **ret)
{
	struct parent_hc_scripts *s = calloc(1, sizeof(*s));

	if (s == NULL)
		return -ENOMEM;
	s->loop = loop;
	*ret = s;
	return 0;
}

static void
reply(struct proc_child *child, uint32_t req_id, uint32_t outcome, int32_t status,
      const char *text)
{
	struct hc_msg_script_done d;
	int r;

	memset(&d, 0, sizeof(d));
	d.req_id = req_id;
	d.outcome = outcome;
	d.status = status;
	snprintf(d.text, sizeof(d.text), "%s", text ? text : "");
	if ((r = proc_send(child, HC_MSG_SCRIPT_DONE, 0, -1, &d, sizeof(d))) < 0)
		log_warnx("health: cannot answer script request %u: %s", req_id, strerror(-r));
}

static void
job_free(struct hc_job *j)
{
	struct hc_job **pp;

	for (pp = &j->set->head; *pp != NULL; pp = &(*pp)->next)
		if (*pp == j) {
			*pp = j->next;
			break;
		}
	event_timer_cancel(&j->t);
	event_child_del(&j->ec);
	free(j);
}

static void
job_exited(struct event_child *c, pid_t pid, int status, void *arg)
{
	struct hc_job *j = arg;
	uint32_t outcome = HC_SCRIPT_EXITED;
	int32_t val = 0;

	(void)c;
	if (j->state != JOB_RUNNING)
		(void)kill(-pid, SIGKILL);	/* what it left behind */
	if (j->state != JOB_RUNNING && WIFSIGNALED(status)) {
		outcome = HC_SCRIPT_TIMEDOUT;
		val = WTERMSIG(status);
	} else if (WIFEXITED(status)) {
		val = WEXITSTATUS(status);
	} else {
		outcome = HC_SCRIPT_SIGNALED;
		val = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
	}
	log_debug("%s (pid %d): outcome %u, %d", j->what, (int)pid, outcome, (int)val);
	if (proc_child_pid(j->child) == j->child_pid)
		reply(j->child, j->req_id, outcome, val, NULL);
	job_free(j);
}

static void
job_timeout(struct event_timer *t, void *arg)
{
	struct hc_job *j = arg;

	(void)t;
	if (j->state == JOB_RUNNING) {
		log_debug("%s (pid %d): misc_timeout, terminating", j->what, (int)j->pid);
		j->state = JOB_TERM_SENT;
		(void)kill(-j->pid, SIGTERM);
		(void)event_timer_add_ms(j->set->loop, &j->t, KILL_GRACE_MS, job_timeout, j);
	} else {
		j->state = JOB_KILL_SENT;
		(void)kill(-j->pid, SIGKILL);
	}
}

/* The checker @m names, or NULL. */
static const struct conf_checker *
find_checker(const struct conf *conf, const struct hc_msg_script_run *m)
{
	const struct conf_rs *rs;

	if (m->vs_idx >= conf->n_vs || m->rs_idx >= conf->vs[m->vs_idx].n_rs)
		return NULL;
	rs = &conf->vs[m->vs_idx].rs[m->rs_idx];
	if (m->checker_idx >= rs->n_checker || rs->checker[m->checker_idx].type != CONF_CHK_MISC)
		return NULL;
	return &rs->checker[m->checker_idx];
}

/* Check and fork.  0 with *pid, or -errno with @err filled. */
static int
job_spawn(const struct conf *conf, const struct conf_checker *ck, pid_t *pid,
	  char *what, size_t whatlen, char *err, size_t errlen)
{
	struct script_cred cred;
	char **argv;
	bool warned = false;
	int r;

	if ((r = script_split(&ck->misc_path, &argv)) < 0) {
		snprintf(err, errlen, "cannot split misc_path: %s", strerror(-r));
		return r;
	}
	snprintf(what, whatlen, "MISC_CHECK '%s'", argv[0]);
	if ((r = script_cred_resolve(conf, &ck->user, &cred, err, errlen)) < 0 ||
	    (r = script_sec_check(conf, argv[0], &cred, &warned, err, errlen)) < 0) {
		script_argv_free(argv);
		return r;
	}
	if (warned)
		log_debug("%s: unsafe script runs as root (enable_script_security is off)", what);
	if ((*pid = fork()) < 0) {
		r = -errno;
		snprintf(err, errlen, "fork: %s", strerror(-r));
		script_argv_free(argv);
		return r;
	}
	if (*pid == 0)
		script_child_exec(argv, &cred);
	script_argv_free(argv);
	return 0;
}

void
parent_hc_script_run(struct parent_hc_scripts *s, const struct conf *conf,
		     struct proc_child *child, const struct hc_msg_script_run *m)
{
	const struct conf_checker *ck = find_checker(conf, m);
	struct hc_job *j;
	char err[128] = "";
	int r;

	if (ck == NULL) {
		log_warnx("health: script request %u for a checker that is no MISC_CHECK",
			  m->req_id);
		reply(child, m->req_id, HC_SCRIPT_REFUSED, EINVAL, "no such MISC_CHECK");
		return;
	}
	if ((j = calloc(1, sizeof(*j))) == NULL) {
		reply(child, m->req_id, HC_SCRIPT_REFUSED, ENOMEM, "out of memory");
		return;
	}
	if ((r = job_spawn(conf, ck, &j->pid, j->what, sizeof(j->what), err, sizeof(err))) < 0) {
		log_warnx("%s: not run: %s", j->what[0] ? j->what : "MISC_CHECK", err);
		reply(child, m->req_id, HC_SCRIPT_REFUSED, -r, err);
		free(j);
		return;
	}
	j->set = s;
	j->child = child;
	j->child_pid = proc_child_pid(child);
	j->req_id = m->req_id;
	j->next = s->head;
	s->head = j;
	if ((r = event_child_add(s->loop, &j->ec, j->pid, job_exited, j)) < 0 ||
	    (r = event_timer_add_ms(s->loop, &j->t, m->timeout_ms, job_timeout, j)) < 0) {
		(void)kill(-j->pid, SIGKILL);
		(void)kill(j->pid, SIGKILL);	/* before its setsid() */
		reply(child, m->req_id, HC_SCRIPT_REFUSED, -r, "cannot watch the script");
		job_free(j);
	}
}

void
parent_hc_scripts_free(struct parent_hc_scripts *s)
{
	if (s == NULL)
		return;
	while (s->head != NULL) {
		(void)kill(-s->head->pid, SIGKILL);
		job_free(s->head);
	}
	free(s);
}
