/* conf_kw_global.c: keyword tables of the top level, global_defs and the
 * checker SSL block (keepalived core/global_parser.c, check/check_parser.c). */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "conf_parse.h"
#include "conf_kw.h"

#define G struct conf_global
#define MAXT (86400LL * 31)	/* lvs timeouts: 31 days */

/* smtp_server HOST [PORT] */
static int
kw_smtp_server(struct conf_pctx *p, void *obj, const struct conf_stmt *st)
{
	G *g = obj;

	if (conf_need_args(p, st, 1, 2) < 0)
		return -EINVAL;
	conf_str_set(p, &g->smtp_server, st->argv[1]);
	if (st->argc > 2)
		conf_arg_int(p, st, 2, 1, 65535, &g->smtp_port);
	return 0;
}

static void
pr_smtp_server(struct conf_out *o, const void *obj)
{
	const G *g = obj;
	char w[1024];

	if (g->smtp_server)
		conf_out_line(o, "smtp_server %s %lld", conf_out_word(g->smtp_server, w, sizeof(w)),
			      (long long)g->smtp_port);
}

/* lvs_timeouts [tcp N] [tcpfin N] [udp N] */
static int
kw_lvs_timeouts(struct conf_pctx *p, void *obj, const struct conf_stmt *st)
{
	G *g = obj;
	size_t i;
	int64_t *f;

	if (conf_need_args(p, st, 2, 6) < 0)
		return -EINVAL;
	for (i = 1; i + 1 < st->argc; i += 2) {
		if (strcmp(st->argv[i], "tcp") == 0)
			f = &g->lvs_timeout_tcp;
		else if (strcmp(st->argv[i], "tcpfin") == 0)
			f = &g->lvs_timeout_tcpfin;
		else if (strcmp(st->argv[i], "udp") == 0)
			f = &g->lvs_timeout_udp;
		else {
			conf_err(p, st, "lvs_timeouts: unknown protocol '%s'", st->argv[i]);
			continue;
		}
		conf_arg_int(p, st, i + 1, 0, MAXT, f);
	}
	if (i < st->argc)
		conf_err(p, st, "lvs_timeouts: '%s' has no value", st->argv[i]);
	return 0;
}

static void
pr_lvs_timeouts(struct conf_out *o, const void *obj)
{
	const G *g = obj;

	if (g->lvs_timeout_tcp != CONF_UNSET)
		conf_out_line(o, "lvs_timeouts tcp %lld", (long long)g->lvs_timeout_tcp);
	if (g->lvs_timeout_tcpfin != CONF_UNSET)
		conf_out_line(o, "lvs_timeouts tcpfin %lld", (long long)g->lvs_timeout_tcpfin);
	if (g->lvs_timeout_udp != CONF_UNSET)
		conf_out_line(o, "lvs_timeouts udp %lld", (long long)g->lvs_timeout_udp);
}

/* lvs_sync_daemon IF INSTANCE [id N] [maxlen N] [port N] [ttl N] [group ADDR] */
static int
kw_lvs_sync_daemon(struct conf_pctx *p, void *obj, const struct conf_stmt *st)
{
	struct conf_sync_daemon *d = &((G *)obj)->lvs_sync_daemon;
	size_t i;

	if (conf_need_args(p, st, 2, 12) < 0)
		return -EINVAL;
	conf_str_set(p, &d->ifname, st->argv[1]);
	conf_str_set(p, &d->instance, st->argv[2]);
	for (i = 3; i + 1 < st->argc; i += 2) {
		const char *k = st->argv[i];
		if (strcmp(k, "id") == 0)
			conf_arg_int(p, st, i + 1, 0, 255, &d->syncid);
		else if (strcmp(k, "maxlen") == 0)
			conf_arg_int(p, st, i + 1, 1, 65535 - 20 - 8, &d->maxlen);
		else if (strcmp(k, "port") == 0)
			conf_arg_int(p, st, i + 1, 1, 65535, &d->port);
		else if (strcmp(k, "ttl") == 0)
			conf_arg_int(p, st, i + 1, 1, 255, &d->ttl);
		else if (strcmp(k, "group") == 0)
			conf_arg_addr(p, st, i + 1, &d->group, NULL);
		else
			conf_err(p, st, "lvs_sync_daemon: unknown option '%s'", k);
	}
	if (i < st->argc)
		conf_err(p, st, "lvs_sync_daemon: '%s' has no value", st->argv[i]);
	return 0;
}

static void
pr_lvs_sync_daemon(struct conf_out *o, const void *obj)
{
	const struct conf_sync_daemon *d = &((const G *)obj)->lvs_sync_daemon;
	char a[1024], b[1024], g[64], line[2300];
	size_t l;

	if (d->ifname == NULL)
		return;
	l = (size_t)snprintf(line, sizeof(line), "lvs_sync_daemon %s %s id %lld",
			     conf_out_word(d->ifname, a, sizeof(a)),
			     conf_out_word(d->instance, b, sizeof(b)), (long long)d->syncid);
	if (d->maxlen != CONF_UNSET)
		l += (size_t)snprintf(line + l, sizeof(line) - l, " maxlen %lld", (long long)d->maxlen);
	if (d->port != CONF_UNSET)
		l += (size_t)snprintf(line + l, sizeof(line) - l, " port %lld", (long long)d->port);
	if (d->ttl != CONF_UNSET)
		l += (size_t)snprintf(line + l, sizeof(line) - l, " ttl %lld", (long long)d->ttl);
	if (d->group.af)
		snprintf(line + l, sizeof(line) - l, " group %s", conf_out_addr(&d->group, g, sizeof(g)));
	conf_out_line(o, "%s", line);
}

/* vrrp_lvs_ready_guard [on|off] (ipvsd only, doc/failback.md): a VRRP
 * instance fronting virtual servers holds preemption until they are
 * ready.  On by default; "off" gives keepalived's behaviour. */
static int
kw_lvs_ready_guard(struct conf_pctx *p, void *obj, const struct conf_stmt *st)
{
	bool on = true;

	if (conf_need_args(p, st, 0, 1) < 0)
		return -EINVAL;
	if (st->argc > 1 && conf_arg_bool(p, st, 1, &on) < 0)
		return -EINVAL;
	((G *)obj)->vrrp_lvs_ready_guard = on;
	return 0;
}

static void
pr_lvs_ready_guard(struct conf_out *o, const void *obj)
{
	if (!((const G *)obj)->vrrp_lvs_ready_guard)
		conf_out_line(o, "vrrp_lvs_ready_guard off");
}

/* vrrp_graceful_handover [on|off] (ipvsd only, daemon/vrrp_handover.h):
 * a stopping master keeps its addresses until a new master advertises.
 * On by default; "off" gives keepalived's behaviour. */
static int
kw_graceful_handover(struct conf_pctx *p, void *obj, const struct conf_stmt *st)
{
	bool on = true;

	if (conf_need_args(p, st, 0, 1) < 0)
		return -EINVAL;
	if (st->argc > 1 && conf_arg_bool(p, st, 1, &on) < 0)
		return -EINVAL;
	((G *)obj)->vrrp_graceful_handover = on;
	return 0;
}

static void
pr_graceful_handover(struct conf_out *o, const void *obj)
{
	if (!((const G *)obj)->vrrp_graceful_handover)
		conf_out_line(o, "vrrp_graceful_handover off");
}

static const struct conf_kw global_kw[] = {
	KW_UNSUP("process_names"), KW_UNSUP("process_name"), KW_UNSUP("vrrp_process_name"),
	KW_UNSUP("checker_process_name"), KW_UNSUP("lvs_process_name"), KW_UNSUP("bfd_process_name"),
	KW_FLAG("use_symlink_paths", G, use_symlink_paths),
	KW_UNSUP("set_supplementary_groups"),
	KW_STR("router_id", G, router_id),
	KW_STR("notification_email_from", G, notification_email_from),
	KW_FN("smtp_server", kw_smtp_server, pr_smtp_server),
	KW_STR("smtp_helo_name", G, smtp_helo_name),
	KW_INT("smtp_connect_timeout", G, smtp_connect_timeout, 1, 3600),
	KW_LIST("notification_email", G, notification_email),
	KW_TRI("smtp_alert", G, smtp_alert),
	KW_UNSUP("startup_script"), KW_UNSUP("startup_script_timeout"),
	KW_UNSUP("shutdown_script"), KW_UNSUP("shutdown_script_timeout"),
	KW_INT("max_auto_priority", G, max_auto_priority, -1, 99),
	KW_UNSUP("min_auto_priority_delay"),
	KW_TRI("smtp_alert_vrrp", G, smtp_alert_vrrp),
	KW_TRI("smtp_alert_checker", G, smtp_alert_checker),
	KW_FLAG("checker_log_all_failures", G, checker_log_all_failures),
	KW_FLAG("dynamic_interfaces", G, dynamic_interfaces),
	KW_FLAG("no_email_faults", G, no_email_faults),
	KW_STR("default_interface", G, default_interface),
	KW_UNSUP("disable_local_igmp"), KW_UNSUP("v3_checksum_as_v2"),
	KW_FN("lvs_timeouts", kw_lvs_timeouts, pr_lvs_timeouts),
	KW_FLAG("lvs_flush", G, lvs_flush),
	KW_FLAG("lvs_flush_on_stop", G, lvs_flush_onstop),
	{ "lvs_flush_onstop", KT_FLAG, offsetof(G, lvs_flush_onstop), 0, 0, NULL, NULL, NULL, KWF_NOPRINT },
	KW_FN("lvs_sync_daemon", kw_lvs_sync_daemon, pr_lvs_sync_daemon),
	KW_ADDR("vrrp_mcast_group4", G, vrrp_mcast_group4),
	KW_ADDR("vrrp_mcast_group6", G, vrrp_mcast_group6),
	KW_INT("vrrp_garp_master_delay", G, vrrp_garp_master_delay, 0, 86400),
	KW_INT("vrrp_garp_master_repeat", G, vrrp_garp_master_repeat, 1, 10000),
	KW_INT("vrrp_garp_master_refresh", G, vrrp_garp_master_refresh, 0, 86400),
	KW_INT("vrrp_garp_master_refresh_repeat", G, vrrp_garp_master_refresh_repeat, 1, 10000),
	KW_INT("vrrp_garp_lower_prio_delay", G, vrrp_garp_lower_prio_delay, 0, 86400),
	KW_INT("vrrp_garp_lower_prio_repeat", G, vrrp_garp_lower_prio_repeat, 0, 10000),
	KW_INT("vrrp_down_timer_adverts", G, vrrp_down_timer_adverts, 3, 100),
	KW_TIMER("vrrp_garp_interval", G, vrrp_garp_interval, 0, 1000 * US),
	KW_TIMER("vrrp_gna_interval", G, vrrp_gna_interval, 0, 1000 * US),
	KW_UNSUP("vrrp_min_garp"), KW_UNSUP("vrrp_garp_extra_if"), KW_UNSUP("vrrp_vmac_garp_intvl"),
	KW_FLAG("vrrp_lower_prio_no_advert", G, vrrp_lower_prio_no_advert),
	KW_FLAG("vrrp_higher_prio_send_advert", G, vrrp_higher_prio_send_advert),
	KW_INT("vrrp_version", G, vrrp_version, 2, 3),
	KW_UNSUP("vrrp_iptables"), KW_UNSUP("vrrp_ipsets"), KW_UNSUP("nftables"),
	KW_UNSUP("nftables_priority"), KW_UNSUP("nftables_ifindex"),
	KW_FLAG("vrrp_check_unicast_src", G, vrrp_check_unicast_src),
	KW_FLAG("vrrp_skip_check_adv_addr", G, vrrp_skip_check_adv_addr),
	KW_FLAG("vrrp_strict", G, vrrp_strict),
	KW_UNSUP("vrrp_priority"), KW_UNSUP("vrrp_no_swap"), KW_UNSUP("vrrp_rt_priority"),
	KW_UNSUP("vrrp_cpu_affinity"), KW_UNSUP("vrrp_rlimit_rttime"), KW_UNSUP("vrrp_rlimit_rtime"),
	KW_UNSUP("nftables_ipvs"), KW_UNSUP("nftables_ipvs_priority"),
	KW_UNSUP("nftables_ipvs_start_fwmark"), KW_UNSUP("nftables_counters"),
	KW_ARGV("notify_fifo", G, notify_fifo),
	KW_ARGV("notify_fifo_script", G, notify_fifo_script),
	KW_ARGV("vrrp_notify_fifo", G, vrrp_notify_fifo),
	KW_ARGV("vrrp_notify_fifo_script", G, vrrp_notify_fifo_script),
	KW_FLAG("vrrp_notify_priority_changes", G, vrrp_notify_priority_changes),
	KW_UNSUP("fifo_write_vrrp_states_on_reload"),
	KW_ARGV("lvs_notify_fifo", G, lvs_notify_fifo),
	KW_ARGV("lvs_notify_fifo_script", G, lvs_notify_fifo_script),
	KW_UNSUP("checker_priority"), KW_UNSUP("checker_no_swap"), KW_UNSUP("checker_rt_priority"),
	KW_UNSUP("checker_cpu_affinity"), KW_UNSUP("checker_rlimit_rttime"), KW_UNSUP("checker_rlimit_rtime"),
	KW_UNSUP("bfd_priority"), KW_UNSUP("bfd_no_swap"), KW_UNSUP("bfd_rt_priority"),
	KW_UNSUP("bfd_cpu_affinity"), KW_UNSUP("bfd_rlimit_rttime"), KW_UNSUP("bfd_rlimit_rtime"),
	KW_UNSUP("snmp_socket"), KW_UNSUP("enable_traps"), KW_UNSUP("enable_snmp_vrrp"),
	KW_UNSUP("enable_snmp_keepalived"), KW_UNSUP("enable_snmp_rfc"), KW_UNSUP("enable_snmp_rfcv2"),
	KW_UNSUP("enable_snmp_rfcv3"), KW_UNSUP("enable_snmp_checker"),
	KW_UNSUP("snmp_vs_stats_update_interval"), KW_UNSUP("snmp_rs_stats_update_interval"),
	KW_UNSUP("enable_dbus"), KW_UNSUP("dbus_service_name"), KW_UNSUP("dbus_no_interface_name"),
	KW_ARGV("script_user", G, script_user),
	KW_FLAG("enable_script_security", G, enable_script_security),
	KW_UNSUP("vrrp_netlink_cmd_rcv_bufs"), KW_UNSUP("vrrp_netlink_cmd_rcv_bufs_force"),
	KW_UNSUP("vrrp_netlink_monitor_rcv_bufs"), KW_UNSUP("vrrp_netlink_monitor_rcv_bufs_force"),
	KW_UNSUP("process_monitor_rcv_bufs"), KW_UNSUP("process_monitor_rcv_bufs_force"),
	KW_UNSUP("lvs_netlink_cmd_rcv_bufs"), KW_UNSUP("lvs_netlink_cmd_rcv_bufs_force"),
	KW_UNSUP("lvs_netlink_monitor_rcv_bufs"), KW_UNSUP("lvs_netlink_monitor_rcv_bufs_force"),
	KW_UNSUP("rs_init_notifies"),
	KW_FLAG("no_checker_emails", G, no_checker_emails),
	KW_UNSUP("vrrp_rx_bufs_policy"), KW_UNSUP("vrrp_rx_bufs_multiplier"),
	KW_TIMER("vrrp_startup_delay", G, vrrp_startup_delay, 0, 3600 * US),
	KW_FN("vrrp_lvs_ready_guard", kw_lvs_ready_guard, pr_lvs_ready_guard),
	KW_FN("vrrp_graceful_handover", kw_graceful_handover, pr_graceful_handover),
	KW_UNSUP("vrrp_delay_after_boot"), KW_UNSUP("log_unknown_vrids"),
	KW_UNSUP("vrrp_owner_ignore_adverts"), KW_UNSUP("vmac_prefix"), KW_UNSUP("vmac_addr_prefix"),
	KW_FN("umask", conf_kw_umask, conf_pr_umask),
	KW_UNSUP("random_seed"), KW_UNSUP("reload_check_config"), KW_UNSUP("reload_time_file"),
	KW_UNSUP("reload_repeat"), KW_UNSUP("reload_file"), KW_UNSUP("include_check"),
	KW_UNSUP("config_save_dir"), KW_UNSUP("tmp_config_directory"), KW_UNSUP("data_use_instance"),
	KW_UNSUP("json_version"), KW_UNSUP("iproute_usr_dir"), KW_UNSUP("iproute_etc_dir"),
	KW_UNSUP("state_dump_file"), KW_UNSUP("stats_dump_file"), KW_UNSUP("json_dump_file"),
	KW_STR("instance", G, instance),
	KW_STR("net_namespace", G, net_namespace),
};
const struct conf_block conf_global_block = CONF_BLOCK("global_defs", global_kw);

/* umask NUMBER, or symbolic IWGRP|IWOTH... (also as separate words) */
static int
umask_bits(const char *w, int64_t *v)
{
	static const struct { const char *n; int bits; } names[] = {
		{ "IRUSR", 0400 }, { "IWUSR", 0200 }, { "IXUSR", 0100 },
		{ "IRGRP", 040 }, { "IWGRP", 020 }, { "IXGRP", 010 },
		{ "IROTH", 04 }, { "IWOTH", 02 }, { "IXOTH", 01 },
	};
	char buf[256], *tok, *save = NULL;
	size_t i;

	snprintf(buf, sizeof(buf), "%s", w);
	for (tok = strtok_r(buf, "|", &save); tok; tok = strtok_r(NULL, "|", &save)) {
		for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
			if (strcmp(tok, names[i].n) == 0)
				break;
		if (i == sizeof(names) / sizeof(names[0]))
			return -EINVAL;
		*v |= names[i].bits;
	}
	return 0;
}

int
conf_kw_umask(struct conf_pctx *p, void *obj, const struct conf_stmt *st)
{
	char *end;
	long v;
	int64_t bits = 0;
	size_t i;

	if (conf_need_args(p, st, 1, SIZE_MAX) < 0)
		return -EINVAL;
	v = strtol(st->argv[1], &end, 0);
	if (*end == '\0' && st->argc == 2 && v >= 0 && v <= 0777) {
		((G *)obj)->umask = v;
		return 0;
	}
	for (i = 1; i < st->argc; i++)
		if (strcmp(st->argv[i], "|") != 0 && umask_bits(st->argv[i], &bits) < 0) {
			conf_err(p, st, "umask: invalid value '%s'", st->argv[i]);
			return -EINVAL;
		}
	((G *)obj)->umask = bits;
	return 0;
}

void
conf_pr_umask(struct conf_out *o, const void *obj)
{
	if (((const G *)obj)->umask != CONF_UNSET)
		conf_out_line(o, "umask 0%llo", (unsigned long long)((const G *)obj)->umask);
}

void
conf_global_init(struct conf_global *g)
{
	memset(g, 0, sizeof(*g));
	g->smtp_port = 25;
	g->smtp_connect_timeout = 30;
	g->lvs_timeout_tcp = g->lvs_timeout_tcpfin = g->lvs_timeout_udp = CONF_UNSET;
	g->lvs_sync_daemon.syncid = 0;
	g->lvs_sync_daemon.maxlen = g->lvs_sync_daemon.port = g->lvs_sync_daemon.ttl = CONF_UNSET;
	g->vrrp_garp_master_delay = 5;
	g->vrrp_garp_master_repeat = 5;
	g->vrrp_garp_master_refresh = 0;
	g->vrrp_garp_master_refresh_repeat = 1;
	g->vrrp_garp_lower_prio_delay = CONF_UNSET;
	g->vrrp_garp_lower_prio_repeat = CONF_UNSET;
	g->vrrp_garp_interval = 0;
	g->vrrp_gna_interval = 0;
	g->vrrp_down_timer_adverts = 3;
	g->vrrp_version = 2;
	g->vrrp_startup_delay = 0;
	g->vrrp_lvs_ready_guard = true;
	g->vrrp_graceful_handover = true;
	g->max_auto_priority = CONF_UNSET;
	g->umask = CONF_UNSET;
}

#define S struct conf_ssl
static const struct conf_kw ssl_kw[] = {
	KW_STR("password", S, password),
	KW_STR("ca", S, ca),
	KW_STR("certificate", S, certificate),
	KW_STR("key", S, key),
};
static const struct conf_block ssl_block = CONF_BLOCK("SSL", ssl_kw);

#define C struct conf
static const struct conf_kw root_kw[] = {
	KW_UNSUP("linkbeat_use_polling"),
	KW_STR("net_namespace", C, net_namespace),
	KW_UNSUP("net_namespace_ipvs"),
	KW_UNSUP("namespace_with_ipsets"),
	KW_FLAG("use_pid_dir", C, use_pid_dir),
	KW_STR("instance", C, instance),
	KW_INT("child_wait_time", C, child_wait_time, 0, 3600),
	KW_BLOCK("global_defs", C, global, &conf_global_block),
	KW_BLOCK("SSL", C, ssl, &ssl_block),
	KW_UNSUP("linkbeat_interfaces"),
	KW_UNSUP("track_group"),
	KW_FN("static_ipaddress", conf_kw_static_ipaddress, NULL),
	KW_FN("static_routes", conf_kw_static_routes, NULL),
	KW_FN("static_rules", conf_kw_static_rules, NULL),
	KW_FN("vrrp_sync_group", conf_kw_vrrp_sync_group, NULL),
	KW_UNSUP("garp_group"),
	KW_FN("vrrp_instance", conf_kw_vrrp_instance, NULL),
	KW_FN("vrrp_script", conf_kw_vrrp_script, NULL),
	KW_UNSUP("vrrp_track_process"),
	KW_FN("track_file", conf_kw_track_file, NULL),
	KW_FN("vrrp_track_file", conf_kw_track_file, NULL),
	KW_FN("virtual_server_group", conf_kw_vsg, NULL),
	KW_FN("virtual_server", conf_kw_vs, NULL),
	KW_UNSUP("bfd_instance"),
	KW_UNSUP("interface_up_down_delays"),
};
const struct conf_block conf_root_block = CONF_BLOCK("the top level", root_kw);

/* Blocks searched to tell where a misplaced keyword belongs. */
const struct conf_block *const conf_all_blocks[] = {
	&conf_root_block, &conf_global_block, &conf_vrrp_block, &conf_vgroup_block,
	&conf_vscript_block, &conf_tfile_block, &conf_auth_block, &conf_vs_block,
	&conf_rs_block, NULL,
};
