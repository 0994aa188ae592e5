/* main.c: ipvsd command line, compatible with keepalived 2.2's.
 *
 * -t tests the configuration.  Otherwise ipvsd loads the configuration
 * (errors: "file:line: msg" on stderr, exit 1), forks into the background
 * unless -n, sets up logging (syslog, or the console with -l; -D debug
 * detail; -S facility) and runs the parent (parent.c).  As keepalived:
 * by default both sides run (the LVS side in the parent with its health
 * child, VRRP in its own child, doc/daemon.md); -C runs only the LVS side,
 * -P only VRRP (no IPVS access, no health child); both together mean both.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <syslog.h>
#include <unistd.h>

#include "conf.h"
#include "log.h"
#include "parent.h"
#include "pidfile.h"
#include "strnum.h"

#define DEFAULT_CONF "/etc/keepalived/keepalived.conf"
#define DEFAULT_PID "/run/ipvsd/ipvsd.pid"
#define DEFAULT_CHECKERS_PID "/run/ipvsd/checkers.pid"
#define DEFAULT_VRRP_PID "/run/ipvsd/vrrp.pid"

struct opts {
	const char *conf_file;
	const char *config_id;
	bool config_test;
	const char *test_log;	/* -t=FILE */
	bool dump;		/* -d */
	bool dont_fork;		/* -n */
	bool log_console;	/* -l */
	bool log_detail;	/* -D */
	bool vrrp_only;		/* -P */
	bool check_only;	/* -C */
	bool dont_release_ipvs;	/* -I */
	bool dont_release_vrrp;	/* -V */
	int facility;		/* -S */
	const char *pid_file;
	const char *checkers_pid_file;
	const char *vrrp_pid_file;
	const char *ctl_path;	/* --control-socket */
};

static void
usage(FILE *f)
{
	fprintf(f,
		"Usage: ipvsd [OPTION...]\n"
		"  -f, --use-file=FILE          Use the specified configuration file\n"
		"                                default '" DEFAULT_CONF "'\n"
		"  -t, --config-test[=LOG_FILE] Check the configuration and exit, output to\n"
		"                                stderr by default (with -d: also print the\n"
		"                                normalized configuration on stdout)\n"
		"  -i, --config-id id           Skip any configuration lines beginning '@' that don't match id\n"
		"                                or any lines beginning @^ that do match.\n"
		"                                The config-id defaults to the node name if option not used\n"
		"  -d, --dump-conf              Dump the configuration data\n"
		"  -P, --vrrp                   Only run the VRRP side (no IPVS, no health checks)\n"
		"  -C, --check                  Only run the LVS and health-check side\n"
		"                                (default: both; -P -C: both)\n"
		"  -n, --dont-fork              Don't fork the daemon process\n"
		"  -l, --log-console            Log messages to the console (stderr)\n"
		"  -D, --log-detail             Detailed (debug) log messages\n"
		"  -S, --log-facility=FAC       Syslog facility: 0-7 (local0-7), local0-7, user, daemon\n"
		"  -V, --dont-release-vrrp      Don't remove VRRP VIPs on stop (no priority 0 sent)\n"
		"  -I, --dont-release-ipvs      Don't remove IPVS entries on stop\n"
		"  -p, --pid=FILE               Main pid file (default " DEFAULT_PID ")\n"
		"  -c, --checkers_pid=FILE      Checkers pid file (default " DEFAULT_CHECKERS_PID ")\n"
		"  -r, --vrrp_pid=FILE          VRRP child pid file (default " DEFAULT_VRRP_PID ")\n"
		"      --control-socket=PATH    Control socket (default /run/ipvsd/ipvsd.ctl)\n"
		"  -v, --version                Display the version number\n"
		"  -h, --help                   Display this help message\n"
		"Accepted for keepalived compatibility, no effect: -B --all -G -u MASK -X -R\n"
		"  -b FILE -a -x -A FILE -s NAME -m -M[PATN] -e\n"
		"      --signum=NAME            Print the signal number of STOP, RELOAD, DATA\n"
		"                                (SIGUSR1: " DUMP_DATA_FILE "), STATS (SIGUSR2:\n"
		"                                " DUMP_STATS_FILE ")\n");
}

static const struct option long_opts[] = {
	{ "use-file", required_argument, NULL, 'f' },
	{ "vrrp", no_argument, NULL, 'P' },
	{ "check", no_argument, NULL, 'C' },
	{ "no_bfd", no_argument, NULL, 'B' },
	{ "all", no_argument, NULL, 3 },
	{ "log-console", no_argument, NULL, 'l' },
	{ "log-detail", no_argument, NULL, 'D' },
	{ "log-facility", required_argument, NULL, 'S' },
	{ "no-syslog", no_argument, NULL, 'G' },
	{ "umask", required_argument, NULL, 'u' },
	{ "release-vips", no_argument, NULL, 'X' },
	{ "dont-release-vrrp", no_argument, NULL, 'V' },
	{ "dont-release-ipvs", no_argument, NULL, 'I' },
	{ "dont-respawn", no_argument, NULL, 'R' },
	{ "dont-fork", no_argument, NULL, 'n' },
	{ "dump-conf", no_argument, NULL, 'd' },
	{ "pid", required_argument, NULL, 'p' },
	{ "vrrp_pid", required_argument, NULL, 'r' },
	{ "checkers_pid", required_argument, NULL, 'c' },
	{ "address-monitoring", no_argument, NULL, 'a' },
	{ "bfd_pid", required_argument, NULL, 'b' },
	{ "snmp", no_argument, NULL, 'x' },
	{ "snmp-agent-socket", required_argument, NULL, 'A' },
	{ "namespace", required_argument, NULL, 's' },
	{ "core-dump", no_argument, NULL, 'm' },
	{ "core-dump-pattern", optional_argument, NULL, 'M' },
	{ "all-config", no_argument, NULL, 'e' },
	{ "config-id", required_argument, NULL, 'i' },
	{ "signum", required_argument, NULL, 4 },
	{ "config-test", optional_argument, NULL, 't' },
	{ "version", no_argument, NULL, 'v' },
	{ "help", no_argument, NULL, 'h' },
	{ "control-socket", required_argument, NULL, 5 },
	{ NULL, 0, NULL, 0 },
};

/* -S: 0-7 are local0-7, as in keepalived; names are accepted too. */
static int
parse_facility(const char *s)
{
	static const int local[8] = { LOG_LOCAL0, LOG_LOCAL1, LOG_LOCAL2, LOG_LOCAL3,
				      LOG_LOCAL4, LOG_LOCAL5, LOG_LOCAL6, LOG_LOCAL7 };
	int n;

	if (strnum_int(s, 0, 7, &n) == 0)
		return local[n];
	if (strncasecmp(s, "local", 5) == 0 && strnum_int(s + 5, 0, 7, &n) == 0)
		return local[n];
	if (strcasecmp(s, "user") == 0)
		return LOG_USER;
	if (strcasecmp(s, "daemon") == 0)
		return LOG_DAEMON;
	return -1;
}

/* --signum=NAME: the signal ipvsd acts on, as keepalived prints it, for
 * `kill -s $(ipvsd --signum=DATA) PID`. */
static int
print_signum(const char *name)
{
	static const struct { const char *name; int sig; } sigs[] = {
		{ "STOP", SIGTERM }, { "RELOAD", SIGHUP }, { "DATA", SIGUSR1 },
		{ "STATS", SIGUSR2 },
	};
	size_t i;

	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		if (strcasecmp(name, sigs[i].name) == 0) {
			printf("%d\n", sigs[i].sig);
			return 0;
		}
	fprintf(stderr, "ipvsd: unknown signal function '%s' (STOP, RELOAD, DATA, STATS)\n", name);
	return 1;
}

/* Returns -1 to go on, else an exit status. */
static int
parse_args(int argc, char **argv, struct opts *o)
{
	int c;

	while ((c = getopt_long(argc, argv, ":f:PCBlDS:Gu:XVIRndp:r:c:ab:xA:s:mM::ei:t::vhT",
				long_opts, NULL)) != -1) {
		switch (c) {
		case 'f': o->conf_file = optarg; break;
		case 'i': o->config_id = optarg; break;
		case 't': o->config_test = true; o->test_log = optarg; break;
		case 'd': o->dump = true; break;
		case 'n': o->dont_fork = true; break;
		case 'l': o->log_console = true; break;
		case 'D': o->log_detail = true; break;
		case 'P': o->vrrp_only = true; break;
		case 'C': o->check_only = true; break;
		case 'I': o->dont_release_ipvs = true; break;
		case 'V': o->dont_release_vrrp = true; break;
		case 'p': o->pid_file = optarg; break;
		case 'c': o->checkers_pid_file = optarg; break;
		case 'r': o->vrrp_pid_file = optarg; break;
		case 5: o->ctl_path = optarg; break;
		case 4: return print_signum(optarg);
		case 'S':
			if ((o->facility = parse_facility(optarg)) < 0) {
				fprintf(stderr, "ipvsd: invalid log facility '%s'\n", optarg);
				return 1;
			}
			break;
		case 'v': printf("ipvsd v%s (keepalived 2.2 configuration compatible)\n", PACKAGE_VERSION); return 0;
		case 'h': usage(stdout); return 0;
		case 'T':
			fprintf(stderr, "ipvsd: genhash mode (-T) is not supported\n");
			return 1;
		case ':':
			fprintf(stderr, "ipvsd: option '%s' needs an argument\n", argv[optind - 1]);
			usage(stderr);
			return 1;
		case '?':
			fprintf(stderr, "ipvsd: unknown option '%s'\n", argv[optind - 1]);
			usage(stderr);
			return 1;
		default:
			break;	/* accepted for compatibility, no effect yet */
		}
	}
	if (optind < argc) {
		fprintf(stderr, "ipvsd: unexpected argument '%s'\n", argv[optind]);
		usage(stderr);
		return 1;
	}
	return -1;
}

static int
config_test(const struct opts *o)
{
	struct conf_load_opts lo = { .config_id = o->config_id, .check_interfaces = true };
	struct conf_diag diag = { 0 };
	struct conf *conf = NULL;
	FILE *out = stderr;
	int r;

	if (o->test_log != NULL && (out = fopen(o->test_log, "a")) == NULL) {
		fprintf(stderr, "ipvsd: %s: %s\n", o->test_log, strerror(errno));
		out = stderr;
	}
	r = conf_load(o->conf_file, &lo, &conf, &diag);
	conf_diag_print(out, &diag);
	if (r == -ENOMEM)
		fprintf(out, "ipvsd: out of memory\n");
	else if (r < 0)
		fprintf(out, "%s: %zu error%s, %zu warning%s\n", o->conf_file, diag.errors,
			diag.errors == 1 ? "" : "s", diag.warnings, diag.warnings == 1 ? "" : "s");
	if (r == 0 && o->dump)
		conf_print(stdout, conf);
	if (out != stderr)
		fclose(out);
	conf_diag_free(&diag);
	conf_free(conf);
	return r == 0 ? 0 : 1;
}

/* Load the configuration for the daemon: errors on stderr, NULL. */
static struct conf *
daemon_conf(const struct opts *o)
{
	/* As at reload (reload_load): a missing VRRP interface is reported by
	 * the VRRP child when it builds the instance, not a load error.  -C
	 * alone reads only the LVS side, -P alone only VRRP (as keepalived's
	 * processes do): an error in the other side's blocks does not count. */
	bool lvs = !o->vrrp_only || o->check_only, vrrp = !o->check_only || o->vrrp_only;
	struct conf_load_opts lo = { .config_id = o->config_id, .check_interfaces = false,
				     .part = lvs && vrrp ? CONF_PART_ALL :
					     lvs ? CONF_PART_LVS : CONF_PART_VRRP };
	struct conf_diag diag = { 0 };
	struct conf *conf = NULL;
	int r = conf_load(o->conf_file, &lo, &conf, &diag);

	conf_diag_print(stderr, &diag);
	if (r < 0)
		fprintf(stderr, "ipvsd: %s: %s\n", o->conf_file, r == -ENOMEM ?
			"out of memory" : "configuration errors, not starting");
	conf_diag_free(&diag);
	return r < 0 ? NULL : conf;
}

/* Fork into the background: the parent returns 0 to exit, the daemon -1. */
static int
daemonize(const struct opts *o)
{
	pid_t pid = fork();
	int fd;

	if (pid < 0) {
		fprintf(stderr, "ipvsd: fork: %s\n", strerror(errno));
		return 1;
	}
	if (pid > 0)
		return 0;
	setsid();
	if (chdir("/") < 0)
		return 1;
	if ((fd = open("/dev/null", O_RDWR | O_CLOEXEC)) >= 0) {
		dup2(fd, 0);
		if (!o->log_console) {
			dup2(fd, 1);
			dup2(fd, 2);
		}
		if (fd > 2)
			close(fd);
	}
	return -1;
}

/* Relative paths stop working once the daemon does chdir("/") (and a
 * reload reads the configuration again): make them absolute.  On failure
 * the path is kept as it is. */
static const char *
abs_path(const char *path, char **keep)
{
	char cwd[4096];

	if (path == NULL || path[0] == '/' || getcwd(cwd, sizeof(cwd)) == NULL ||
	    asprintf(keep, "%s/%s", cwd, path) < 0)
		return path;
	return *keep;
}

#define N_KEEP 5

static int
run_daemon_abs(const struct opts *o, char *keep[N_KEEP])
{
	bool lvs = !o->vrrp_only || o->check_only, vrrp = !o->check_only || o->vrrp_only;
	struct parent_opts po = {
		.conf_file = abs_path(o->conf_file, &keep[0]), .config_id = o->config_id,
		.pid_file = abs_path(o->pid_file ? o->pid_file : DEFAULT_PID, &keep[1]),
		.checkers_pid_file = lvs ? abs_path(o->checkers_pid_file ? o->checkers_pid_file :
						    DEFAULT_CHECKERS_PID, &keep[2]) : NULL,
		.vrrp_pid_file = vrrp ? abs_path(o->vrrp_pid_file ? o->vrrp_pid_file :
						 DEFAULT_VRRP_PID, &keep[4]) : NULL,
		.ctl_path = abs_path(o->ctl_path, &keep[3]),
		.dont_release_ipvs = o->dont_release_ipvs, .vrrp_disabled = !vrrp,
		.lvs_disabled = !lvs, .dont_release_vrrp = o->dont_release_vrrp,
	};
	struct conf *conf;
	pid_t holder;
	int r;

	if ((conf = daemon_conf(o)) == NULL)
		return 1;
	if (pidfile_check(po.pid_file, &holder) == 1) {
		fprintf(stderr, "ipvsd: already running (pid %d, %s)\n", (int)holder, po.pid_file);
		conf_free(conf);
		return 1;
	}
	if (!o->dont_fork && (r = daemonize(o)) >= 0) {
		conf_free(conf);
		return r;
	}
	log_init("ipvsd", o->log_console, o->facility);
	log_set_level(o->log_detail ? LOG_LVL_DEBUG : LOG_LVL_INFO);
	return parent_run(&po, conf);
}

static int
run_daemon(const struct opts *o)
{
	char *keep[N_KEEP] = { NULL, NULL, NULL, NULL, NULL };
	int r = run_daemon_abs(o, keep), k;

	for (k = 0; k < N_KEEP; k++)
		free(keep[k]);
	return r;
}

int
main(int argc, char **argv)
{
	struct opts o = { .conf_file = DEFAULT_CONF, .facility = LOG_DAEMON };
	int r = parse_args(argc, argv, &o);

	if (r >= 0)
		return r;
	if (o.config_test)
		return config_test(&o);
	return run_daemon(&o);
}
