/* test_ipvsctl_compat.c: ipvsctl's ipvsadm grammar, table-driven.
 *
 * Error cases: argv -> (kind, exit status, exact stderr text), the texts
 * and statuses as Debian's ipvsadm 1.31 prints them (recorded in the lab).
 * Success cases: argv -> request fields.  Name resolution is stubbed.
 */
#include <arpa/inet.h>
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "ck_run.h"
#include "ipvsctl/compat.h"
#include "ipvsctl/compat_val.h"
#include "ipvsctl/popt_lex.h"
#include "ipvsctl/restore.h"

static int
stub_host(const char *name, struct in_addr *ret)
{
	if (strcmp(name, "localhost") == 0)
		return inet_aton("127.0.0.1", ret) ? 0 : -1;
	if (strcmp(name, "myhost") == 0)
		return inet_aton("10.9.9.9", ret) ? 0 : -1;
	return -1;
}

static int
stub_service(const char *name, const char *proto)
{
	if (strcmp(name, "http") == 0 && strcmp(proto, "udp") != 0)
		return 80;
	if (strcmp(name, "domain") == 0)
		return 53;
	return -1;
}

static const struct compat_resolver stub = { stub_host, stub_service };

/* Split @line on spaces into argv (argv[0] = "ipvsadm"); '' is an empty word. */
static int
split(const char *line, char *buf, size_t len, const char **argv, int max)
{
	int n = 0;
	char *save = NULL, *w;

	snprintf(buf, len, "%s", line);
	argv[n++] = "ipvsadm";
	for (w = strtok_r(buf, " ", &save); w && n < max - 1;
	     w = strtok_r(NULL, " ", &save))
		argv[n++] = strcmp(w, "''") == 0 ? "" : w;
	argv[n] = NULL;
	return n;
}

static int
parse(const char *line, struct compat_req *req, struct compat_err *err)
{
	static char buf[1024];
	static const char *argv[64];
	int argc = split(line, buf, sizeof(buf), argv, 64);

	return compat_parse(argc, argv, &stub, req, err);
}

#define TRYHELP "Try `ipvsadm -h' or 'ipvsadm --help' for more information."

static const struct {
	const char *args;
	enum compat_fail kind;
	int status;
	const char *msg;
} errcases[] = {
	/* first option must be a command */
	{ "-X", COMPAT_TRYHELP, 255, TRYHELP },
	{ "--bogus", COMPAT_TRYHELP, 255, TRYHELP },
	{ "foo", COMPAT_TRYHELP, 255, TRYHELP },
	{ "--add-serv -t 10.1.1.2:80", COMPAT_TRYHELP, 255, TRYHELP },
	{ "--tcp-service=10.1.1.3:80 -A", COMPAT_TRYHELP, 255, TRYHELP },
	{ "-A= -t 10.1.1.2:80", COMPAT_TRYHELP, 255, TRYHELP },
	{ "--start-daemon", COMPAT_TRYHELP, 255, TRYHELP },
	/* popt errors after the command */
	{ "-A -t", COMPAT_POPT, 255, "-t: missing argument" },
	{ "-Ax", COMPAT_POPT, 255, "-Ax: missing argument" },
	{ "-A -t 10.1.1.1:80 -Q", COMPAT_POPT, 255, "-Q: unknown option" },
	{ "-A -t 10.1.1.1:80 --bogus=5", COMPAT_POPT, 255, "--bogus=5: unknown option" },
	{ "-A -t 10.1.1.1:80 --numeric=5", COMPAT_POPT, 255,
	  "--numeric=5: option does not take an argument" },
	{ "-L -n=", COMPAT_POPT, 255, "-n=: option does not take an argument" },
	{ "-Ln=", COMPAT_POPT, 255, "-Ln=: option does not take an argument" },
	{ "-A -t 10.1.1.20:80 -p -1", COMPAT_POPT, 255, "-1: unknown option" },
	/* commands in the wrong place */
	{ "-A -E -t 10.1.1.18:80", COMPAT_FAIL, 2, "invalid option `-E'" },
	{ "-A -t 10.1.1.1:80 -h", COMPAT_FAIL, 2, "invalid option `-h'" },
	{ "-Ah", COMPAT_FAIL, 2, "invalid option `-Ah'" },
	{ "-A -t 10.1.1.1:80 --start-daemon master", COMPAT_FAIL, 2,
	  "invalid option `master'" },
	/* arguments */
	{ "-A -t 10.1.1.14:80 -- extra", COMPAT_FAIL, 2, "unexpected argument extra" },
	{ "-A -t 10.1.1.6:80 -p -", COMPAT_FAIL, 2, "unexpected argument -" },
	{ "-A -t 10.1.1.16:80 -t 10.1.1.17:80", COMPAT_FAIL, 2,
	  "multiple 'service-address' options specified" },
	{ "-a -t 10.1.1.1:80 -r 10.0.0.8 -g -m", COMPAT_FAIL, 2,
	  "multiple 'forwarding-method' options specified" },
	{ "--set 1 2", COMPAT_FAIL, 2, "--set option requires 3 timeout values" },
	{ "--set 1 2 3 4", COMPAT_FAIL, 2, "unexpected argument 4" },
	{ "--set 2678401 0 0", COMPAT_FAIL, 2, "invalid timeout value `2678401' specified" },
	{ "--set 10 -n 20 30", COMPAT_FAIL, 2, "Illegal 'numeric' option with the 'set' command" },
	/* values */
	{ "-A -t 10.1.1.5:80 -p ''", COMPAT_FAIL, 2, "invalid timeout value `' specified" },
	{ "-A -t 10.1.1.7:80 -p=", COMPAT_FAIL, 2, "invalid timeout value `' specified" },
	{ "-A -t 10.1.1.20:80 -p 0", COMPAT_FAIL, 2, "invalid timeout value `0' specified" },
	{ "-A -t 10.1.1.22:80 -p 2678401", COMPAT_FAIL, 2,
	  "invalid timeout value `2678401' specified" },
	{ "-A -t 10.1.1.21", COMPAT_FAIL, 2, "Zero port specified for non-persistent service" },
	{ "-A -t 2001:db8::8:80", COMPAT_FAIL, 2, "Zero port specified for non-persistent service" },
	{ "-A -t [2001:db8::7] -p", COMPAT_FAIL, 2, "illegal virtual server address[:port] specified" },
	{ "-A -t 10.1.1.31:65536", COMPAT_FAIL, 2, "illegal virtual server address[:port] specified" },
	{ "-A -t 10.1.1.31:-1", COMPAT_FAIL, 2, "illegal virtual server address[:port] specified" },
	{ "-A -t 10.1.1.31:nosuchsvc", COMPAT_FAIL, 2, "illegal virtual server address[:port] specified" },
	{ "-A -t 80", COMPAT_FAIL, 2, "illegal virtual server address[:port] specified" },
	{ "-A -t ''", COMPAT_FAIL, 2, "illegal virtual server address[:port] specified" },
	{ "-A -t nosuchhost:80", COMPAT_FAIL, 2, "illegal virtual server address[:port] specified" },
	{ "-A -u 10.1.1.1:http", COMPAT_FAIL, 2, "illegal virtual server address[:port] specified" },
	{ "-A -f 0", COMPAT_FAIL, 2, "invalid fwmark value `0' specified" },
	{ "-A -f 4294967296", COMPAT_FAIL, 2, "invalid fwmark value `4294967296' specified" },
	{ "-A -6 -f 6", COMPAT_FAIL, 2, "-6 used before -f\n" },
	{ "-A -t 10.1.1.29:80 -6", COMPAT_FAIL, 2, "-6 used before -f\n" },
	{ "-A -t 10.1.1.12:80 -b sh-port", COMPAT_FAIL, 2, "incompatible scheduler flag `sh-port'" },
	{ "-A -t 10.1.1.14:80 -b bogus", COMPAT_FAIL, 2, "invalid scheduler flag `bogus'" },
	{ "-A -t 10.1.1.14:80 -s sh -b sh-port,mh-port", COMPAT_FAIL, 2,
	  "incompatible scheduler flag `mh-port'" },
	{ "-A -t 10.1.1.9:80 -b ,", COMPAT_CRASH, 139, NULL },
	{ "-A -t 10.1.1.19:80 -o", COMPAT_FAIL, 2,
	  "One-Packet Scheduling is only for UDP virtual services" },
	{ "-A -t 10.1.1.25:80 -p 10 -M bogus", COMPAT_FAIL, 2,
	  "illegal virtual server persistent mask specified" },
	{ "-A -t [2001:db8::10]:80 -p 10 -M 129", COMPAT_FAIL, 2, "illegal ipv6 netmask specified" },
	{ "-A -t [2001:db8::10]:80 -p 10 -M 0", COMPAT_FAIL, 2, "illegal ipv6 netmask specified" },
	{ "-a -t 10.1.1.1:80 -r 10.0.0.5:8080 -m -w 2147483648", COMPAT_FAIL, 2, "illegal weight specified" },
	{ "-a -t 10.1.1.1:80 -r 10.0.0.5:8080 -m -w -1", COMPAT_FAIL, 2, "illegal weight specified" },
	{ "-a -t 10.1.1.1:80 -r 10.0.0.7 -x 2147483648", COMPAT_FAIL, 2, "illegal u_threshold specified" },
	{ "-a -t 10.1.1.1:80 -r 10.0.0.7 -y abc", COMPAT_FAIL, 2, "illegal l_threshold specified" },
	{ "-a -t 10.1.1.1:80 -r http", COMPAT_FAIL, 2, "illegal real server address[:port] specified" },
	{ "-a -r 10.0.0.17:http -t 10.1.1.1:80 -m", COMPAT_FAIL, 2,
	  "illegal real server address[:port] specified" },
	{ "-a -t 10.1.1.1:80 -r [2001:db8::2]:80 -m", COMPAT_FAIL, 2,
	  "Different address family is allowed only for tunneling servers" },
	/* tunnels */
	{ "-a -t 10.1.1.1:80 -r 10.0.0.9 -i --tun-type gue", COMPAT_FAIL, 2,
	  "You need to supply the 'tun-port' option for the 'gue' tunnel type" },
	{ "-a -t 10.1.1.1:80 -r 10.0.0.10 -i --tun-type gue --tun-port 6080 --tun-csum --tun-remcsum",
	  COMPAT_FAIL, 2,
	  "The option 'tun-remcsum' conflicts with the 'tun-csum' option in the 'gue' tunnel type" },
	{ "-a -t 10.1.1.1:80 -r 10.0.0.10 -i --tun-type gre --tun-port 6080", COMPAT_FAIL, 2,
	  "Illegal 'tun-port' option with the 'gre' tunnel type" },
	{ "-a -t 10.1.1.1:80 -r 10.0.0.10 -i --tun-type gre --tun-remcsum", COMPAT_FAIL, 2,
	  "Illegal 'tun-remcsum' option with the 'gre' tunnel type" },
	{ "-a -t 10.1.1.1:80 -r 10.0.0.12 -i --tun-port 5", COMPAT_FAIL, 2,
	  "Illegal 'tun-port' option with the 'ipip' tunnel type" },
	{ "-a -t 10.1.1.1:80 -r 10.0.0.12 -i --tun-type foo", COMPAT_FAIL, 2,
	  "illegal tunnel type specified" },
	{ "-a -t 10.1.1.1:80 -r 10.0.0.12 -m --tun-type gre", COMPAT_FAIL, 2,
	  "Tunnel options conflict with forward method" },
	{ "-a -t 10.1.1.1:80 -r 10.0.0.12 --tun-type ipip", COMPAT_FAIL, 2,
	  "Tunnel options conflict with forward method" },
	{ "-a -t 10.1.1.1:80 -r 10.0.0.12 -i --tun-type gue --tun-port 0", COMPAT_FAIL, 2,
	  "illegal tunnel port specified" },
	/* the command/option table */
	{ "-A", COMPAT_FAIL, 2, "You need to supply the 'service-address' option for the 'add-service' command" },
	{ "-D", COMPAT_FAIL, 2, "You need to supply the 'service-address' option for the 'delete-service' command" },
	{ "-a -t 10.1.1.1:80", COMPAT_FAIL, 2, "You need to supply the 'real-server' option for the 'add-server' command" },
	{ "-a -r 10.0.0.2", COMPAT_FAIL, 2, "You need to supply the 'service-address' option for the 'add-server' command" },
	{ "-A -t 10.1.1.29:80 -n", COMPAT_FAIL, 2, "Illegal 'numeric' option with the 'add-service' command" },
	{ "-A -t 10.1.1.29:80 -r 10.0.0.2", COMPAT_FAIL, 2, "Illegal 'real-server' option with the 'add-service' command" },
	{ "-a -t 10.1.1.1:80 -r 10.0.0.15 -s rr", COMPAT_FAIL, 2, "Illegal 'scheduler' option with the 'add-server' command" },
	{ "-d -t 10.1.1.1:80 -r 10.0.0.3:8080 -w 3", COMPAT_FAIL, 2, "Illegal 'weight' option with the 'delete-server' command" },
	{ "-C -n", COMPAT_FAIL, 2, "Illegal 'numeric' option with the 'flush' command" },
	{ "-C extra", COMPAT_FAIL, 2, "unexpected argument extra" },
	{ "-S -t 10.1.1.1:80", COMPAT_FAIL, 2, "Illegal 'service-address' option with the 'save' command" },
	{ "-R -n", COMPAT_FAIL, 2, "Illegal 'numeric' option with the 'restore' command" },
	{ "-L -o", COMPAT_FAIL, 2, "Illegal 'ops' option with the 'list' command" },
	{ "-A -t 10.1.1.1:80 --json", COMPAT_FAIL, 2, "Illegal 'output' option with the 'add-service' command" },
	{ "-L --output yaml", COMPAT_FAIL, 2, "invalid output format `yaml' specified" },
	{ "-L -c --stats", COMPAT_FAIL, 2, "options conflicts in the list command" },
	{ "-L --timeout --persistent-conn", COMPAT_FAIL, 2, "options conflicts in the list command" },
	{ "-L -c -t 10.1.1.1:80", COMPAT_FAIL, 2,
	  "The option 'service-address' conflicts with the 'connection' option in the 'list' command" },
	{ "-L --timeout --daemon", COMPAT_FAIL, 2,
	  "The option 'daemon' conflicts with the 'timeout' option in the 'list' command" },
	/* daemons */
	{ "--start-daemon foo", COMPAT_FAIL, 2, "illegal start-daemon parameter specified" },
	{ "--stop-daemon foo", COMPAT_FAIL, 2, "illegal start_daemon specified" },
	{ "--start-daemon backup --syncid 256", COMPAT_FAIL, 2, "illegal syncid specified" },
	{ "--start-daemon backup --mcast-group 10.0.0.1", COMPAT_FAIL, 2, "invalid IPv4 mcast-group `10.0.0.1'" },
	{ "--start-daemon backup --mcast-group 1::1", COMPAT_FAIL, 2, "invalid IPv6 mcast-group `1::1'" },
	{ "--start-daemon backup --mcast-ttl 0", COMPAT_FAIL, 2, "illegal mcast-ttl specified" },
	{ "--start-daemon backup --mcast-port 0", COMPAT_FAIL, 2, "illegal mcast-port specified" },
	{ "--start-daemon backup --sync-maxlen 65508", COMPAT_FAIL, 2, "illegal sync-maxlen specified" },
	{ "--stop-daemon backup --mcast-interface lo", COMPAT_FAIL, 2,
	  "Illegal 'mcast-interface' option with the 'stop-daemon' command" },
};

START_TEST(test_errors)
{
	struct compat_req req;
	struct compat_err err;
	const char *args = errcases[_i].args;

	ck_assert_msg(parse(args, &req, &err) == -1, "%s: parsed", args);
	ck_assert_msg(err.kind == errcases[_i].kind, "%s: kind %d", args, err.kind);
	ck_assert_msg(err.status == errcases[_i].status, "%s: status %d", args, err.status);
	if (errcases[_i].msg)
		ck_assert_str_eq(err.msg, errcases[_i].msg);
}
END_TEST

static struct compat_req
ok(const char *args)
{
	struct compat_req req;
	struct compat_err err;

	ck_assert_msg(parse(args, &req, &err) == 0, "%s: %s", args, err.msg);
	return req;
}

static uint32_t
v4(const char *s)
{
	struct in_addr a;

	ck_assert(inet_aton(s, &a));
	return a.s_addr;
}

START_TEST(test_service_forms)
{
	struct compat_req r;

	r = ok("-A -t 10.1.1.1:80 -s rr");
	ck_assert_int_eq(r.cmd, COMPAT_ADD);
	ck_assert_int_eq(r.svc.af, AF_INET);
	ck_assert_int_eq(r.svc.protocol, IPPROTO_TCP);
	ck_assert_uint_eq(r.svc.addr.in.s_addr, v4("10.1.1.1"));
	ck_assert_int_eq(r.svc.port, 80);
	ck_assert_str_eq(r.svc.sched_name, "rr");
	ck_assert_uint_eq(r.svc.netmask, 0xffffffffu);

	r = ok("-At10.1.1.9:http");
	ck_assert_int_eq(r.svc.port, 80);
	ck_assert_str_eq(r.svc.sched_name, "wlc");
	r = ok("-A -t=10.1.1.3:80 -s=rr");
	ck_assert_str_eq(r.svc.sched_name, "rr");
	r = ok("-A -t 10.1.1.4:80 -s=");
	ck_assert_str_eq(r.svc.sched_name, "wlc");
	r = ok("-A -t 10.1.1.12:80 -s -p");	/* -s takes "-p" */
	ck_assert_str_eq(r.svc.sched_name, "-p");
	r = ok("-A -t 10.1.1:80");		/* inet_aton forms */
	ck_assert_uint_eq(r.svc.addr.in.s_addr, v4("10.1.0.1"));
	r = ok("-A -t localhost:81");
	ck_assert_uint_eq(r.svc.addr.in.s_addr, v4("127.0.0.1"));
	r = ok("-A -u 10.1.1.32:domain");
	ck_assert_int_eq(r.svc.protocol, IPPROTO_UDP);
	ck_assert_int_eq(r.svc.port, 53);
	r = ok("-A --sctp-service 10.1.1.33:80");
	ck_assert_int_eq(r.svc.protocol, IPPROTO_SCTP);
	r = ok("-A -t [2001:db8::5]:80 -s rr");
	ck_assert_int_eq(r.svc.af, AF_INET6);
	ck_assert_int_eq(r.svc.port, 80);
	ck_assert_uint_eq(r.svc.netmask, 128);
	r = ok("-A -t 2001:db8::6 -p");
	ck_assert_int_eq(r.svc.af, AF_INET6);
	ck_assert_int_eq(r.svc.port, 0);
	ck_assert_uint_eq(r.svc.timeout, 360);
	r = ok("-A -t [1.2.3.4]:80 -p");	/* ipvsadm drops that port */
	ck_assert_int_eq(r.svc.af, AF_INET);
	ck_assert_int_eq(r.svc.port, 0);
	r = ok("-A -f 5 -6");
	ck_assert_int_eq(r.svc.af, AF_INET6);
	ck_assert_uint_eq(r.svc.fwmark, 5);
	ck_assert_int_eq(r.svc.protocol, 0);
	r = ok("-A -f 4294967295");
	ck_assert_uint_eq(r.svc.fwmark, 4294967295u);
	r = ok("-A -t 10.1.1.34:80 --");
	ck_assert_int_eq(r.cmd, COMPAT_ADD);
}
END_TEST

START_TEST(test_service_options)
{
	struct compat_req r;

	r = ok("-A -t 10.1.1.5:80 -p 60");
	ck_assert_uint_eq(r.svc.timeout, 60);
	ck_assert(r.svc.flags & IP_VS_SVC_F_PERSISTENT);
	r = ok("-A -t 10.1.1.7:80 -p60");
	ck_assert_uint_eq(r.svc.timeout, 60);
	r = ok("-A -t 10.1.1.8:80 --persistent=61");
	ck_assert_uint_eq(r.svc.timeout, 61);
	r = ok("-A -t 10.1.1.6:80 -p -s rr");
	ck_assert_uint_eq(r.svc.timeout, 360);
	r = ok("-A -t 10.1.1.24:80 -p 10 -M 255.255.0");
	ck_assert_uint_eq(r.svc.netmask, 0xffff0000u);
	r = ok("-A -M 64 -t [2001:db8::11]:80 -p 10");	/* -t resets it */
	ck_assert_uint_eq(r.svc.netmask, 128);
	r = ok("-A -t [2001:db8::9]:80 -p 10 -M 64");
	ck_assert_uint_eq(r.svc.netmask, 64);
	r = ok("-A -t 10.1.1.17:80 -b sh-port -s sh");
	ck_assert_uint_eq(r.svc.flags & 0x38, IP_VS_SVC_F_SCHED2);
	r = ok("-A -t 10.1.1.15:80 -b flag-1,,flag-3");
	ck_assert_uint_eq(r.svc.flags & 0x38, IP_VS_SVC_F_SCHED1 | IP_VS_SVC_F_SCHED3);
	r = ok("-A -t 10.1.1.10:80 -b ''");
	ck_assert_uint_eq(r.svc.flags & 0x38, 0);
	r = ok("-A -u 10.1.1.18:53 -o");
	ck_assert(r.svc.flags & IP_VS_SVC_F_ONEPACKET);
	r = ok("-A -t 10.1.1.26:80 --pe sip -p");
	ck_assert_str_eq(r.svc.pe_name, "sip");
	r = ok("-A -t 10.1.1.27:80 --pe abcdefghijklmnopqrstuvwxyz -p");
	ck_assert_str_eq(r.svc.pe_name, "abcdefghijklmnop");
	r = ok("-A -t 10.1.1.28:80 -s abcdefghijklmnopqrstuvwxyz");
	ck_assert_str_eq(r.svc.sched_name, "abcdefghijklmno");
	r = ok("-A -t 10.1.1.29:80 --sort --sort");
	ck_assert_int_eq(r.cmd, COMPAT_ADD);
}
END_TEST

START_TEST(test_dest)
{
	struct compat_req r;

	r = ok("-a -t 10.1.1.1:80 -r 10.0.0.2");
	ck_assert_int_eq(r.cmd, COMPAT_ADDDEST);
	ck_assert_uint_eq(r.dest.addr.in.s_addr, v4("10.0.0.2"));
	ck_assert_int_eq(r.dest.port, 80);
	ck_assert_int_eq(r.dest.weight, 1);
	ck_assert_uint_eq(r.dest.conn_flags, IP_VS_CONN_F_DROUTE);
	r = ok("-a -t 10.1.1.1:80 -r 10.0.0.2:8080");	/* DR: service port */
	ck_assert_int_eq(r.dest.port, 80);
	r = ok("-a -t 10.1.1.1:80 -r 10.0.0.3:8080 -m -w 2147483647");
	ck_assert_int_eq(r.dest.port, 8080);
	ck_assert_int_eq(r.dest.weight, 2147483647);
	ck_assert_uint_eq(r.dest.conn_flags, IP_VS_CONN_F_MASQ);
	r = ok("-a -r 10.0.0.18 -t 10.1.1.1:80 -m");	/* -r first: port 0 */
	ck_assert_int_eq(r.dest.port, 0);
	r = ok("-a -t 10.1.1.1:80 -r 10.0.0.16:http -m");
	ck_assert_int_eq(r.dest.port, 80);
	r = ok("-a -t 10.1.1.1:80 -r [2001:db8::2]:80 -i");
	ck_assert_int_eq(r.dest.af, AF_INET6);
	r = ok("-a -t 10.1.1.1:80 -r 10.0.0.6 -x 65536 -y 2147483647");
	ck_assert_uint_eq(r.dest.u_threshold, 65536);
	ck_assert_uint_eq(r.dest.l_threshold, 2147483647u);
	r = ok("-a -t 10.1.1.1:80 -r 10.0.0.9 -i --tun-type gue --tun-port 6080 --tun-csum");
	ck_assert_int_eq(r.dest.tun_type, IP_VS_CONN_F_TUNNEL_TYPE_GUE);
	ck_assert_int_eq(r.dest.tun_port, 6080);
	ck_assert_int_eq(r.dest.tun_flags, IP_VS_TUNNEL_ENCAP_FLAG_CSUM);
	r = ok("-e -f 1 -r myhost:8080 -m -w 0");
	ck_assert_int_eq(r.cmd, COMPAT_EDITDEST);
	ck_assert_uint_eq(r.dest.addr.in.s_addr, v4("10.9.9.9"));
	ck_assert_int_eq(r.dest.weight, 0);
	r = ok("-d -t 10.1.1.1:80 -r 10.0.0.99");
	ck_assert_int_eq(r.cmd, COMPAT_DELDEST);
}
END_TEST

START_TEST(test_list_and_misc)
{
	struct compat_req r;

	r = ok("-Lnt 10.1.1.1:80");
	ck_assert_int_eq(r.cmd, COMPAT_LIST);
	ck_assert(r.list.numeric);
	ck_assert(r.list.have_filter);
	ck_assert_int_eq(r.list.filter.port, 80);
	r = ok("-l --stats --exact --nosort --thresholds --persistent-conn --tun-info --rate");
	ck_assert(r.list.stats && r.list.exact && r.list.nosort && !r.list.sort);
	ck_assert(r.list.thresholds && r.list.persistent_conn && r.list.tun_info && r.list.rate);
	ck_assert(!r.list.have_filter);
	r = ok("--list --json");
	ck_assert_int_eq(r.list.format, LIST_FMT_JSON);
	r = ok("-L --output=json -n");
	ck_assert_int_eq(r.list.format, LIST_FMT_JSON);
	r = ok("-L -c --persistent-conn");
	ck_assert(r.options & COMPAT_OPT(OPTC_CONNECTION));
	r = ok("-Sn");
	ck_assert_int_eq(r.cmd, COMPAT_SAVE);
	ck_assert(r.list.numeric);
	r = ok("--set 1 2 3");
	ck_assert_uint_eq(r.timeout.tcp, 1);
	ck_assert_uint_eq(r.timeout.tcp_fin, 2);
	ck_assert_uint_eq(r.timeout.udp, 3);
	r = ok("-Z");
	ck_assert_int_eq(r.cmd, COMPAT_ZERO);
	r = ok("-C");
	ck_assert_int_eq(r.cmd, COMPAT_FLUSH);
	r = ok("-h -A");
	ck_assert_int_eq(r.cmd, COMPAT_HELP);
	r = ok("--version");
	ck_assert_int_eq(r.cmd, COMPAT_VERSION);
	r = ok("-R");
	ck_assert_int_eq(r.cmd, COMPAT_RESTORE);
	r = ok("--start-daemon master");
	ck_assert_uint_eq(r.daemon.state, IP_VS_STATE_MASTER);
	ck_assert_str_eq(r.daemon.mcast_ifn, "eth0");
	r = ok("--start-daemon=backup --mcast-interface lo --syncid 5 --sync-maxlen 1000 "
	       "--mcast-group ff02::1 --mcast-port 9000 --mcast-ttl 3");
	ck_assert_uint_eq(r.daemon.state, IP_VS_STATE_BACKUP);
	ck_assert_str_eq(r.daemon.mcast_ifn, "lo");
	ck_assert_uint_eq(r.daemon.syncid, 5);
	ck_assert_uint_eq(r.daemon.sync_maxlen, 1000);
	ck_assert_int_eq(r.daemon.mcast_af, AF_INET6);
	ck_assert_uint_eq(r.daemon.mcast_port, 9000);
	ck_assert_uint_eq(r.daemon.mcast_ttl, 3);
	r = ok("--stop-daemon master --syncid 3");
	ck_assert_str_eq(r.daemon.mcast_ifn, "");
}
END_TEST

START_TEST(test_popt_leftovers)
{
	static const char *const argv[] = { "p", "a", "-x", "b", "--", "-y", NULL };
	static const struct popt_opt tab[] = { { "xx", 'x', POPT_ARG_NO, 7 } };
	struct popt_lex lx;
	const char *arg;

	ck_assert_int_eq(popt_init(&lx, 6, argv, tab, 1, false), 0);
	ck_assert_int_eq(popt_next(&lx, &arg), 7);
	ck_assert_int_eq(popt_next(&lx, &arg), POPT_END);
	ck_assert_str_eq(popt_get_arg(&lx), "a");
	ck_assert_str_eq(popt_get_arg(&lx), "b");
	ck_assert_str_eq(popt_get_arg(&lx), "-y");
	ck_assert_ptr_null(popt_get_arg(&lx));
	popt_fini(&lx);

	ck_assert_int_eq(popt_init(&lx, 6, argv, tab, 1, true), 0);
	ck_assert_int_eq(popt_next(&lx, &arg), POPT_END);	/* POSIXLY_CORRECT */
	ck_assert_str_eq(popt_get_arg(&lx), "a");
	ck_assert_str_eq(popt_get_arg(&lx), "-x");
	popt_fini(&lx);
}
END_TEST

START_TEST(test_restore_split)
{
	static const char line[] = "ipvsadm -A\t-t 10.1.1.9:80  ipvsadm \r\n";
	char big[RESTORE_WORD_MAX + 10];
	const char **argv;
	int argc = restore_split(line, sizeof(line) - 1, "prog", &argv);

	ck_assert_int_eq(argc, 4);
	ck_assert_str_eq(argv[0], "prog");
	ck_assert_str_eq(argv[1], "-A");
	ck_assert_str_eq(argv[2], "-t");
	ck_assert_str_eq(argv[3], "10.1.1.9:80");
	ck_assert_ptr_null(argv[4]);
	free((void *)argv);

	memset(big, 'a', sizeof(big));		/* long words are cut */
	argc = restore_split(big, sizeof(big), "prog", &argv);
	ck_assert_int_eq(argc, 3);
	ck_assert_uint_eq(strlen(argv[1]), RESTORE_WORD_MAX);
	ck_assert_str_eq(argv[2], "aaaaaaaaaa");
	free((void *)argv);

	argc = restore_split("a\0b c", 5, "prog", &argv);	/* NUL ends text */
	ck_assert_int_eq(argc, 3);
	ck_assert_str_eq(argv[1], "a");
	ck_assert_str_eq(argv[2], "c");
	free((void *)argv);

	argc = restore_split(" \t\r\n", 4, "prog", &argv);
	ck_assert_int_eq(argc, 1);
	free((void *)argv);
}
END_TEST

START_TEST(test_numbers)
{
	ck_assert_int_eq(compat_number("42", 0, 100), 42);
	ck_assert_int_eq(compat_number(" 42", 0, 100), 42);	/* strtol */
	ck_assert_int_eq(compat_number("+7", 0, 100), 7);
	ck_assert_int_eq(compat_number("", 0, 100), -1);
	ck_assert_int_eq(compat_number("42x", 0, 100), -1);
	ck_assert_int_eq(compat_number("101", 0, 100), -1);
	ck_assert_int_eq(compat_number("99999999999999999999", 0, 100), -1);
	ck_assert_int_eq(compat_tun_type("gre"), IP_VS_CONN_F_TUNNEL_TYPE_GRE);
	ck_assert_int_eq(compat_tun_type("GRE"), -1);
}
END_TEST

static Suite *
compat_suite(void)
{
	Suite *s = suite_create("ipvsctl_compat");
	TCase *tc = tcase_create("grammar");

	tcase_add_loop_test(tc, test_errors, 0, sizeof(errcases) / sizeof(errcases[0]));
	tcase_add_test(tc, test_service_forms);
	tcase_add_test(tc, test_service_options);
	tcase_add_test(tc, test_dest);
	tcase_add_test(tc, test_list_and_misc);
	tcase_add_test(tc, test_popt_leftovers);
	tcase_add_test(tc, test_restore_split);
	tcase_add_test(tc, test_numbers);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return ck_run(compat_suite());
}
