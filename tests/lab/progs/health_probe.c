/* health_probe: lab driver of the health-check engine.
 *
 *   health_probe [-t SECONDS] [-d] [-s VS:RS:UP]... keepalived.conf
 *
 * Loads the configuration, forks a child running health_main() on one end
 * of a socketpair (as ipvsd does), seeds it with -s states, sends
 * HC_MSG_START, and prints every HC_MSG_RESULT as one line:
 *
 *   <ms since start> RESULT vs=<i> rs=<j> addr=<a>:<port> checker=<k>
 *       state=<up|down> reason=<hc_result> text=<...>
 *
 * The first line is "0 START epoch_ms=<wall clock at time 0>" so that a
 * script can put its own events on the same time line.
 * With -d, a HC_MSG_DUMP_REQ is sent before stopping and the JSON printed
 * as "<ms> DUMP <json>".  Stops after -t seconds (default 10): the child
 * gets SIGTERM and must exit 0.  Exit status 0, or 1 on any failure.
 */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "daemon/conf.h"
#include "ipc.h"
#include "log.h"
#include "health/hc_proto.h"
#include "health/hc_result.h"
#include "health/health.h"

static uint64_t
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static void
print_result(const struct conf *conf, const struct hc_msg_result *m, uint64_t t)
{
	char a[INET6_ADDRSTRLEN] = "?";
	const struct conf_rs *rs;

	if (m->vs_idx >= conf->n_vs || m->rs_idx >= conf->vs[m->vs_idx].n_rs) {
		printf("%llu RESULT bad index vs=%u rs=%u\n", (unsigned long long)t,
		       m->vs_idx, m->rs_idx);
		return;
	}
	rs = &conf->vs[m->vs_idx].rs[m->rs_idx];
	inet_ntop(rs->addr.af, &rs->addr.a, a, sizeof(a));
	printf("%llu RESULT vs=%u rs=%u addr=%s:%lld checker=%u state=%s reason=%s text=%.*s\n",
	       (unsigned long long)t, m->vs_idx, m->rs_idx, a, (long long)rs->port,
	       m->checker_idx, m->up ? "up" : "down",
	       hc_result_str((enum hc_result)m->reason), HC_TEXT_MAX, m->text);
	fflush(stdout);
}

static int
handle(struct ipc_chan *ch, const struct conf *conf, uint64_t t0, int *dumped)
{
	struct ipc_msg msg;
	struct hc_msg_result m;
	const char *s;
	int err;

	while ((err = ipc_recv(ch, &msg)) == 0) {
		if (msg.type == HC_MSG_RESULT && ipc_get(&msg, &m, sizeof(m)) == 0) {
			print_result(conf, &m, now_ms() - t0);
		} else if (msg.type == HC_MSG_DUMP && ipc_get_str(&msg, &s) == 0) {
			printf("%llu DUMP %s\n", (unsigned long long)(now_ms() - t0), s);
			*dumped = 1;
		} else if (msg.type == HC_MSG_CHECKED && msg.len == sizeof(struct hc_msg_checked)) {
			/* first round of a real server done: not shown */
		} else {
			printf("bad message type %u len %zu\n", msg.type, msg.len);
		}
		ipc_msg_done(&msg);
	}
	return err == -EAGAIN ? 0 : err;
}

static int
seed(struct ipc_chan *ch, const char *arg)
{
	struct hc_msg_init_state m;
	unsigned v, r, up;

	if (sscanf(arg, "%u:%u:%u", &v, &r, &up) != 3)
		return -EINVAL;
	memset(&m, 0, sizeof(m));
	m.vs_idx = v;
	m.rs_idx = r;
	m.up = up ? 1 : 0;
	return ipc_send(ch, HC_MSG_INIT_STATE, 0, -1, &m, sizeof(m));
}

static int
supervise(struct ipc_chan *ch, const struct conf *conf, pid_t pid,
	  unsigned secs, int dump)
{
	uint64_t t0 = now_ms(), end = t0 + secs * 1000ull;
	int status, dumped = 0, dump_sent = 0, err = 0;
	struct timespec rt;

	clock_gettime(CLOCK_REALTIME, &rt);
	printf("0 START epoch_ms=%llu\n", (unsigned long long)rt.tv_sec * 1000 +
	       (unsigned long long)rt.tv_nsec / 1000000);
	fflush(stdout);

	while (now_ms() < end || (dump && !dumped && now_ms() < end + 2000)) {
		if (dump && !dump_sent && now_ms() + 300 >= end) {
			ipc_send(ch, HC_MSG_DUMP_REQ, 0, -1, NULL, 0);
			dump_sent = 1;
		}
		ipc_flush(ch);
		err = handle(ch, conf, t0, &dumped);
		if (err < 0)
			break;
		usleep(5000);
	}
	kill(pid, SIGTERM);
	if (waitpid(pid, &status, 0) < 0)
		return 1;
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		fprintf(stderr, "health_probe: child status %d\n", status);
		return 1;
	}
	if (err < 0) {
		fprintf(stderr, "health_probe: channel: %s\n", strerror(-err));
		return 1;
	}
	return 0;
}

int
main(int argc, char **argv)
{
	struct conf *conf = NULL;
	struct conf_diag diag = { 0 };
	struct ipc_chan *ch;
	unsigned secs = 10;
	int opt, sv[2], dump = 0, nseed = 0;
	const char *seeds[64];
	pid_t pid;

	while ((opt = getopt(argc, argv, "t:ds:")) != -1) {
		if (opt == 't')
			secs = (unsigned)atoi(optarg);
		else if (opt == 'd')
			dump = 1;
		else if (opt == 's' && nseed < 64)
			seeds[nseed++] = optarg;
		else
			return 2;
	}
	if (optind != argc - 1) {
		fprintf(stderr, "usage: health_probe [-t secs] [-d] [-s vs:rs:up] conf\n");
		return 2;
	}
	log_init("health_probe", true, 0);
	if (conf_load(argv[optind], NULL, &conf, &diag) < 0) {
		conf_diag_print(stderr, &diag);
		return 1;
	}
	conf_diag_free(&diag);
	if (ipc_socketpair(sv) < 0)
		return 1;
	pid = fork();
	if (pid < 0)
		return 1;
	if (pid == 0) {
		close(sv[0]);
		_exit(health_main(NULL, sv[1], conf));
	}
	close(sv[1]);
	if (ipc_chan_new(NULL, sv[0], NULL, NULL, &ch) < 0)
		return 1;
	for (opt = 0; opt < nseed; opt++)
		if (seed(ch, seeds[opt]) < 0)
			return 2;
	ipc_send(ch, HC_MSG_START, 0, -1, NULL, 0);
	opt = supervise(ch, conf, pid, secs, dump);
	ipc_chan_free(ch);
	conf_free(conf);
	return opt;
}
