/* vrrp_block.c: ipsets and firewall rules of no_accept mode (see
 * vrrp_block.h). */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <libipset/ipset.h>
#include <libipset/session.h>
#include <libipset/types.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "vrrp_block.h"

extern char **environ;

struct vrrp_block {
	unsigned refs;
	struct ipset *ipset;
	bool ready[2];		/* [0] IPv4, [1] IPv6: set and rules in place */
	bool rule_ours[2][2];	/* [family][in]: we inserted it */
	const char *bin[2];	/* iptables binary used, per family */
	char msg[256];		/* last libipset message */
};

/* One per process: every instance shares the sets, as in keepalived. */
static struct vrrp_block *block_state;

static const char *
set_name(int family)
{
	return family == AF_INET6 ? VRRP_BLOCK_SET6 : VRRP_BLOCK_SET4;
}

int
vrrp_block_set_line(char *buf, size_t cap, int family)
{
	int n;

	if (family != AF_INET && family != AF_INET6)
		return -EINVAL;
	n = snprintf(buf, cap, "create %s hash:ip family %s -exist",
		     set_name(family), family == AF_INET ? "inet" : "inet6");
	return n < 0 || (size_t)n >= cap ? -ENOBUFS : n;
}

int
vrrp_block_addr_line(char *buf, size_t cap, bool add, const struct rtnl_addr *a)
{
	char ip[INET6_ADDRSTRLEN];
	int n;

	if ((a->family != AF_INET && a->family != AF_INET6) ||
	    !inet_ntop(a->family, a->addr, ip, sizeof(ip)))
		return -EINVAL;
	n = snprintf(buf, cap, "%s %s %s -exist", add ? "add" : "del",
		     set_name(a->family), ip);
	return n < 0 || (size_t)n >= cap ? -ENOBUFS : n;
}

int
vrrp_block_rule_argv(const char *argv[16], char op, int family, bool in)
{
	static const char *const ops[] = { "-I", "-C", "-D" };
	int n = 0;

	if ((family != AF_INET && family != AF_INET6) ||
	    (op != 'I' && op != 'C' && op != 'D'))
		return -EINVAL;
	argv[n++] = family == AF_INET ? "iptables" : "ip6tables";
	argv[n++] = "-w";
	argv[n++] = ops[op == 'I' ? 0 : op == 'C' ? 1 : 2];
	argv[n++] = in ? "INPUT" : "OUTPUT";
	argv[n++] = "-m";
	argv[n++] = "set";
	argv[n++] = "--match-set";
	argv[n++] = set_name(family);
	argv[n++] = in ? "dst" : "src";
	argv[n++] = "-j";
	argv[n++] = "DROP";
	argv[n] = NULL;
	return n;
}

/* ---- runtime ---- */

static int block_custom_err(struct ipset *ipset, void *p, int status,
			    const char *msg, ...)
	__attribute__((format(printf, 4, 5)));

static int
block_custom_err(struct ipset *ipset, void *p, int status, const char *msg, ...)
{
	struct vrrp_block *b = p;
	va_list ap;

	va_start(ap, msg);
	vsnprintf(b->msg, sizeof(b->msg), msg, ap);
	va_end(ap);
	return -1;
}

static int
block_std_err(struct ipset *ipset, void *p)
{
	struct vrrp_block *b = p;
	const char *m = ipset_session_report_msg(ipset_session(ipset));

	snprintf(b->msg, sizeof(b->msg), "%s", m ? m : "ipset error");
	return -1;
}

static int
block_quiet(struct ipset_session *session, void *p, const char *fmt, ...)
{
	return 0;
}

static int
run_line(struct vrrp_block *b, char *line, char *err, size_t errlen)
{
	int r;

	b->msg[0] = '\0';
	r = ipset_parse_line(b->ipset, line);
	/* libipset aggregates commands (restore mode): send them now */
	if (r >= 0)
		r = ipset_commit(ipset_session(b->ipset));
	if (r < 0 && err && errlen)
		snprintf(err, errlen, "ipset %s: %s", line,
			 b->msg[0] ? b->msg : "failed");
	return r < 0 ? -EIO : 0;
}

/* Run iptables/ip6tables (its errors go to our stderr): its exit status,
 * or -errno. */
static int
run_argv(const char *const argv[], bool quiet)
{
	posix_spawn_file_actions_t fa;
	pid_t pid;
	int st, r;

	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
	if (quiet)
		posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
	r = posix_spawnp(&pid, argv[0], &fa, NULL, (char *const *)(uintptr_t)argv,
			 environ);
	posix_spawn_file_actions_destroy(&fa);
	if (r != 0)
		return -r;
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return -errno;
	return WIFEXITED(st) ? WEXITSTATUS(st) : -ECHILD;
}

/* The default iptables first, then the legacy one (keepalived drives the
 * legacy tables through libiptc; some kernels lack nf_tables' filter
 * table).  The first that takes both rules is used until the end. */
static const char *const ipt_bins[2][2] = {
	{ "iptables", "iptables-legacy" }, { "ip6tables", "ip6tables-legacy" },
};

static void
rule_argv(const char *argv[16], char op, int family, bool in, const char *bin)
{
	vrrp_block_rule_argv(argv, op, family, in);
	argv[0] = bin;
}

static int
rules_try(struct vrrp_block *b, int family, const char *bin)
{
	const char *argv[16];
	int fi = family == AF_INET6, in;

	for (in = 1; in >= 0; in--) {
		rule_argv(argv, 'C', family, in, bin);
		if (run_argv(argv, true) == 0)
			continue;	/* already there (left by someone) */
		rule_argv(argv, 'I', family, in, bin);
		if (run_argv(argv, true) != 0)
			return -EIO;
		b->rule_ours[fi][in] = true;
	}
	return 0;
}

static void
rules_delete(struct vrrp_block *b, int family)
{
	const char *argv[16];
	int fi = family == AF_INET6, in;

	for (in = 0; in < 2; in++) {
		if (!b->rule_ours[fi][in])
			continue;
		rule_argv(argv, 'D', family, in, b->bin[fi]);
		run_argv(argv, false);
		b->rule_ours[fi][in] = false;
	}
}

static int
rules_insert(struct vrrp_block *b, int family, char *err, size_t errlen)
{
	int fi = family == AF_INET6, c;

	for (c = 0; c < 2; c++) {
		b->bin[fi] = ipt_bins[fi][c];
		if (rules_try(b, family, b->bin[fi]) == 0)
			return 0;
		rules_delete(b, family);
	}
	snprintf(err, errlen, "%s/%s -I INPUT/OUTPUT -m set --match-set %s failed",
		 ipt_bins[fi][0], ipt_bins[fi][1], set_name(family));
	return -EIO;
}

static int
family_init(struct vrrp_block *b, int family, char *err, size_t errlen)
{
	char line[128];
	int r;

	if (b->ready[family == AF_INET6])
		return 0;
	vrrp_block_set_line(line, sizeof(line), family);
	if ((r = run_line(b, line, err, errlen)) < 0)
		return r;
	if ((r = rules_insert(b, family, err, errlen)) < 0)
		return r;
	b->ready[family == AF_INET6] = true;
	return 0;
}

int
vrrp_block_get(struct vrrp_block **ret, char *err, size_t errlen)
{
	struct vrrp_block *b = block_state;

	if (!b) {
		b = calloc(1, sizeof(*b));
		if (!b)
			return -ENOMEM;
		ipset_load_types();
		b->ipset = ipset_init();
		if (!b->ipset) {
			free(b);
			snprintf(err, errlen, "ipset: cannot initialise libipset");
			return -ENOMEM;
		}
		ipset_custom_printf(b->ipset, block_custom_err, block_std_err, NULL, b);
		ipset_session_print_outfn(ipset_session(b->ipset), block_quiet, b);
		block_state = b;
	}
	b->refs++;
	*ret = b;
	return 0;
}

static void
family_fini(struct vrrp_block *b, int family)
{
	char line[64];
	int fi = family == AF_INET6;

	rules_delete(b, family);
	if (b->ready[fi]) {
		snprintf(line, sizeof(line), "destroy %s", set_name(family));
		run_line(b, line, NULL, 0);
	}
}

void
vrrp_block_put(struct vrrp_block *b)
{
	if (!b || --b->refs)
		return;
	family_fini(b, AF_INET);
	family_fini(b, AF_INET6);
	ipset_fini(b->ipset);
	free(b);
	block_state = NULL;
}

int
vrrp_block_prepare(struct vrrp_block *b, int family, char *err, size_t errlen)
{
	if (family != AF_INET && family != AF_INET6)
		return -EINVAL;
	return family_init(b, family, err, errlen);
}

int
vrrp_block_addr(struct vrrp_block *b, const struct rtnl_addr *a, bool block,
		char *err, size_t errlen)
{
	char line[128];
	int r;

	if (err && errlen)
		err[0] = '\0';
	if (!block && !b->ready[a->family == AF_INET6])
		return 0;
	if (block && (r = family_init(b, a->family, err, errlen)) < 0)
		return r;
	r = vrrp_block_addr_line(line, sizeof(line), block, a);
	if (r < 0)
		return r;
	return run_line(b, line, err, errlen);
}
