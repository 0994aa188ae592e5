/* conf.h: the keepalived.conf configuration tree of ipvsd and its loader.
 *
 * The tree is plain data: every object is a POD struct, lists are arrays
 * with a count, strings are heap copies owned by the tree.  Nothing here
 * refers to global state; a tree is built by conf_load() and released by
 * conf_free().
 *
 * Numeric fields are int64_t.  CONF_UNSET marks a value the configuration
 * did not give and that has no default (for example a checker's retry, which
 * inherits from its real server).  Timers are in microseconds.
 */
#ifndef IPVSD_CONF_H
#define IPVSD_CONF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "ipvs_types.h"

#define CONF_UNSET INT64_MIN

/* An IPv4 or IPv6 address; af == 0 when unset. */
struct conf_addr {
	uint16_t af;
	union ipvs_addr a;
};

/* A vector of strings (arguments of a script, list block items...). */
struct conf_strv {
	char **v;
	size_t n;
};

/* A flag keepalived tells apart from its absence (its -1), read by KT_TRI:
 * zero, the default of a zeroed struct, is "not given". */
enum conf_tri { CONF_TRI_UNSET = 0, CONF_TRI_YES, CONF_TRI_NO };

/* Where an object was defined, for messages. */
struct conf_loc {
	const char *file;	/* points into conf->files */
	unsigned line;
};

/* ---- global_defs ---- */
struct conf_sync_daemon {
	char *ifname;		/* interface */
	char *instance;		/* VRRP instance whose state drives it */
	int64_t syncid;
	int64_t maxlen;
	int64_t port;
	int64_t ttl;
	struct conf_addr group;
};

struct conf_global {
	char *router_id;
	struct conf_strv notification_email;
	char *notification_email_from;
	char *smtp_server;	/* host name or address */
	int64_t smtp_port;
	char *smtp_helo_name;
	int64_t smtp_connect_timeout;	/* seconds */
	int8_t smtp_alert;		/* enum conf_tri, as the 2 below */
	int8_t smtp_alert_vrrp;
	int8_t smtp_alert_checker;
	bool no_email_faults;
	bool no_checker_emails;	/* real server mails only when its state changes */
	bool checker_log_all_failures;
	char *default_interface;
	struct conf_strv script_user;	/* user [group] */
	bool enable_script_security;
	struct conf_strv notify_fifo;	/* path [user [group]] */
	struct conf_strv notify_fifo_script;
	struct conf_strv vrrp_notify_fifo;
	struct conf_strv vrrp_notify_fifo_script;
	struct conf_strv lvs_notify_fifo;
	struct conf_strv lvs_notify_fifo_script;
	bool vrrp_notify_priority_changes;
	int64_t lvs_timeout_tcp;	/* seconds; CONF_UNSET = leave kernel value */
	int64_t lvs_timeout_tcpfin;
	int64_t lvs_timeout_udp;
	bool lvs_flush;
	bool lvs_flush_onstop;
	struct conf_sync_daemon lvs_sync_daemon;	/* ifname NULL if unset */
	struct conf_addr vrrp_mcast_group4;
	struct conf_addr vrrp_mcast_group6;
	int64_t vrrp_garp_master_delay;		/* seconds */
	int64_t vrrp_garp_master_repeat;
	int64_t vrrp_garp_master_refresh;	/* seconds, 0 = off */
	int64_t vrrp_garp_master_refresh_repeat;
	int64_t vrrp_garp_lower_prio_delay;
	int64_t vrrp_garp_lower_prio_repeat;
	int64_t vrrp_garp_interval;		/* microseconds */
	int64_t vrrp_gna_interval;		/* microseconds */
	int64_t vrrp_down_timer_adverts;
	bool vrrp_lower_prio_no_advert;
	bool vrrp_higher_prio_send_advert;
	int64_t vrrp_version;
	bool vrrp_check_unicast_src;
	bool vrrp_skip_check_adv_addr;
	bool vrrp_strict;
	int64_t vrrp_startup_delay;		/* microseconds */
	bool vrrp_lvs_ready_guard;	/* ipvsd: hold VRRP takeover until the
					 * fronted virtual servers are ready
					 * (doc/failback.md); default on */
	bool vrrp_graceful_handover;	/* ipvsd: a stopping master keeps its
					 * addresses until a new master speaks
					 * (vrrp_handover.h); default on */
	int64_t max_auto_priority;
	int64_t umask;
	char *instance;
	char *net_namespace;
	bool dynamic_interfaces;
	bool use_symlink_paths;
};

/* ---- VRRP ---- */
/* A virtual or static IP address line. */
struct conf_vip {
	struct conf_loc loc;
	struct conf_addr addr;
	int64_t prefix;		/* prefix length */
	struct conf_addr brd;
	struct conf_addr peer;
	char *dev;
	char *label;
	char *scope;
	bool home;
	bool nodad;
	bool noprefixroute;
	bool autojoin;
	bool no_track;
	bool use_vmac;
	bool mngtmpaddr;
	int64_t preferred_lft;	/* seconds, CONF_PREFERRED_FOREVER, or CONF_UNSET */
	char *track_group;
};
#define CONF_PREFERRED_FOREVER 0xffffffffLL

/* A route or rule line, kept as its words (iproute2 syntax), with the
 * destination (first address-like word) checked at parse time. */
struct conf_route {
	struct conf_loc loc;
	struct conf_strv words;
};

/* track_interface / track_script / track_file / track_process item. */
struct conf_track {
	struct conf_loc loc;
	char *name;
	int64_t weight;		/* CONF_UNSET = use the tracked object's */
	bool reverse;
};

/* unicast_peer item */
struct conf_peer {
	struct conf_addr addr;
	int64_t min_ttl;
	int64_t max_ttl;
};

enum conf_vrrp_state { CONF_STATE_BACKUP = 0, CONF_STATE_MASTER = 1 };
enum conf_auth_type { CONF_AUTH_NONE = 0, CONF_AUTH_PASS, CONF_AUTH_AH };

struct conf_auth {
	int64_t type;		/* enum conf_auth_type */
	char *pass;		/* at most 8 bytes are used */
};

struct conf_vrrp {
	struct conf_loc loc;
	char *name;
	int64_t state;		/* enum conf_vrrp_state; CONF_UNSET: BACKUP */
	char *interface;
	int64_t vrid;		/* virtual_router_id, 1..255 */
	int64_t priority;	/* 1..255, default 100 */
	int64_t advert_int;	/* microseconds, default 1s */
	int64_t version;	/* 2 or 3; CONF_UNSET = global vrrp_version */
	bool nopreempt;
	int64_t preempt_delay;	/* microseconds */
	struct conf_auth auth;
	struct conf_addr mcast_src_ip;
	struct conf_addr unicast_src_ip;
	struct conf_peer *unicast_peer;
	size_t n_unicast_peer;
	int64_t unicast_ttl;
	struct conf_vip *vip;
	size_t n_vip;
	struct conf_vip *evip;		/* virtual_ipaddress_excluded */
	size_t n_evip;
	struct conf_route *vroute;
	size_t n_vroute;
	struct conf_route *vrule;
	size_t n_vrule;
	struct conf_track *track_if;
	size_t n_track_if;
	struct conf_track *track_script;
	size_t n_track_script;
	struct conf_track *track_file;
	size_t n_track_file;
	bool dont_track_primary;
	struct conf_strv notify_master;
	struct conf_strv notify_backup;
	struct conf_strv notify_fault;
	struct conf_strv notify_stop;
	struct conf_strv notify_deleted;
	struct conf_strv notify;
	struct conf_strv notify_master_rx_lower_pri;
	int8_t smtp_alert;	/* enum conf_tri */
	bool notify_priority_changes;
	char *lvs_sync_daemon_interface;
	int64_t garp_master_delay;
	int64_t garp_master_repeat;
	int64_t garp_master_refresh;
	int64_t garp_master_refresh_repeat;
	int64_t garp_lower_prio_delay;
	int64_t garp_lower_prio_repeat;
	int64_t down_timer_adverts;
	bool lower_prio_no_advert;
	bool higher_prio_send_advert;
	bool use_vmac;
	char *vmac_name;		/* use_vmac NAME */
	bool vmac_xmit_base;
	int64_t accept;			/* 1 accept, 0 no_accept, CONF_UNSET */
	bool strict_mode;
	bool skip_check_adv_addr;
	bool check_unicast_src;
	bool promote_secondaries;
	bool native_ipv6;
	bool no_virtual_ipaddress;
	int64_t debug;
};

struct conf_vrrp_group {
	struct conf_loc loc;
	char *name;
	struct conf_strv group;		/* instance names */
	struct conf_track *track_if;
	size_t n_track_if;
	struct conf_track *track_script;
	size_t n_track_script;
	struct conf_track *track_file;
	size_t n_track_file;
	struct conf_strv notify_master;
	struct conf_strv notify_backup;
	struct conf_strv notify_fault;
	struct conf_strv notify_stop;
	struct conf_strv notify;
	int8_t smtp_alert;	/* enum conf_tri */
	bool global_tracking;
	bool sync_group_tracking_weight;
	bool notify_priority_changes;
};

struct conf_vrrp_script {
	struct conf_loc loc;
	char *name;
	struct conf_strv script;
	int64_t interval;	/* microseconds, default 1s */
	int64_t timeout;	/* microseconds, CONF_UNSET = interval */
	int64_t weight;
	bool weight_reverse;
	int64_t rise;
	int64_t fall;
	struct conf_strv user;
	bool init_fail;
};

struct conf_track_file {
	struct conf_loc loc;
	char *name;
	char *file;
	int64_t weight;
	bool weight_reverse;
	bool init_file;
	int64_t init_value;
	bool init_overwrite;
};

/* ---- LVS ---- */
enum conf_lvs_method { CONF_FWD_NAT = 0, CONF_FWD_DR, CONF_FWD_TUN };
enum conf_tun_type { CONF_TUN_IPIP = 0, CONF_TUN_GUE, CONF_TUN_GRE };
enum conf_tun_csum { CONF_TUN_NOCSUM = 0, CONF_TUN_CSUM, CONF_TUN_REMCSUM };

struct conf_fwd {
	int64_t method;		/* enum conf_lvs_method, CONF_UNSET */
	int64_t tun_type;	/* enum conf_tun_type */
	int64_t tun_port;	/* GUE port */
	int64_t tun_csum;	/* enum conf_tun_csum */
};

struct conf_url {
	struct conf_loc loc;
	char *path;
	char *digest;		/* lower-case hex MD5 */
	uint8_t status[75];	/* bit (code - 100) for codes 100..699 */
	bool status_set;
	char *virtualhost;
	char *regex;
	bool regex_no_match;
	struct conf_strv regex_options;
	int64_t regex_min_offset;
	int64_t regex_max_offset;
	bool tls_compliant;
};

enum conf_check_type {
	CONF_CHK_TCP = 0, CONF_CHK_HTTP, CONF_CHK_SSL, CONF_CHK_SMTP,
	CONF_CHK_DNS, CONF_CHK_UDP, CONF_CHK_PING, CONF_CHK_MISC,
	CONF_CHK_FILE, CONF_CHK_BFD,
};

/* Connection options of a checker (and of an SMTP_CHECK host block). */
struct conf_conn {
	struct conf_loc loc;
	struct conf_addr connect_ip;
	int64_t connect_port;
	struct conf_addr bindto;
	int64_t bind_port;
	char *bind_if;
	int64_t connect_timeout;	/* microseconds */
	int64_t fwmark;
};

struct conf_checker {
	struct conf_loc loc;
	int64_t type;			/* enum conf_check_type */
	struct conf_conn conn;
	int64_t retry;
	int64_t delay_before_retry;	/* microseconds */
	int64_t warmup;
	int64_t delay_loop;
	int64_t alpha;			/* bool or CONF_UNSET (inherit) */
	bool log_all_failures;
	/* The options of one check type, in an anonymous union (the members
	 * keep their names): only those of ->type are set and may be read
	 * (conf_kw_checker initializes them, free_checker frees them). */
	union {
		struct {	/* HTTP_GET / SSL_GET */
			struct conf_url *url;
			size_t n_url;
			char *virtualhost;
			char *http_protocol;
			char *sni_name;
			bool enable_sni;
			bool fast_recovery;
			bool tls_compliant;
			bool url_shared;	/* url[] belongs to an earlier
						 * checker of the virtual server
						 * (conf_checkers_share) */
		};
		struct {	/* SMTP_CHECK */
			char *helo_name;
			struct conf_conn *host;
			size_t n_host;
		};
		struct {	/* DNS_CHECK */
			char *dns_type;
			char *dns_name;
		};
		struct {	/* UDP_CHECK */
			struct conf_strv payload;	/* hex words, as given */
			struct conf_strv reply;		/* require_reply's optional hex pattern */
			int64_t min_reply_length;
			int64_t max_reply_length;
			bool require_reply;
		};
		struct {	/* MISC_CHECK */
			struct conf_strv misc_path;
			struct conf_strv user;
			int64_t misc_timeout;	/* microseconds */
			bool misc_dynamic;
		};
		struct {	/* FILE_CHECK */
			char *track_file;
			int64_t weight;
			bool weight_reverse;
		};
		struct {	/* BFD_CHECK (not parsed: refused as unsupported) */
			char *bfd_name;
		};
	};
};

struct conf_rs {
	struct conf_loc loc;
	struct conf_addr addr;
	int64_t port;
	int64_t weight;		/* default 1 */
	struct conf_fwd fwd;
	int64_t uthreshold;
	int64_t lthreshold;
	int64_t inhibit_on_failure;	/* CONF_UNSET = from virtual_server */
	struct conf_strv notify_up;
	struct conf_strv notify_down;
	int64_t alpha;
	int64_t retry;
	int64_t delay_before_retry;
	int64_t warmup;
	int64_t connect_timeout;
	int64_t delay_loop;
	int8_t smtp_alert;	/* enum conf_tri */
	char *virtualhost;
	struct conf_checker *checker;
	size_t n_checker;
};

enum conf_vs_kind { CONF_VS_ADDR = 0, CONF_VS_FWMARK, CONF_VS_GROUP };
enum conf_proto { CONF_PROTO_TCP = 0, CONF_PROTO_UDP, CONF_PROTO_SCTP };

struct conf_vs {
	struct conf_loc loc;
	int64_t kind;		/* enum conf_vs_kind */
	struct conf_addr addr;
	int64_t port;
	int64_t fwmark;
	char *group;
	int64_t ip_family;	/* CONF_UNSET, 0 = inet, 1 = inet6 */
	int64_t delay_loop;	/* microseconds, default 60s */
	char *sched;		/* lb_algo / lvs_sched, default wlc */
	bool hashed;
	bool ops;
	bool flag1, flag2, flag3;
	struct conf_fwd fwd;	/* lb_kind / lvs_method, default NAT */
	char *persistence_engine;
	int64_t persistence_timeout;	/* seconds */
	struct conf_addr persistence_granularity;	/* netmask (v4) */
	int64_t persistence_prefix;	/* prefix (v6 or from a v4 mask) */
	int64_t protocol;	/* 0 TCP, 1 UDP, 2 SCTP (CONF_PROTO_*), CONF_UNSET */
	bool ha_suspend;
	int8_t smtp_alert;	/* enum conf_tri */
	char *virtualhost;
	bool alpha;
	bool omega;
	int64_t quorum;
	int64_t hysteresis;
	struct conf_strv quorum_up;
	struct conf_strv quorum_down;
	bool inhibit_on_failure;
	int64_t retry;
	int64_t delay_before_retry;
	int64_t warmup;
	int64_t connect_timeout;
	struct conf_rs *sorry;		/* sorry_server, NULL if none */
	bool sorry_inhibit;
	struct conf_rs *rs;
	size_t n_rs;
};

/* virtual_server_group item: an address range, or a fwmark. */
struct conf_vsg_entry {
	struct conf_loc loc;
	bool is_fwmark;
	struct conf_addr addr;
	int64_t range_end;	/* last value of the last octet (IPv4) or hextet
				 * (IPv6, written in hex), CONF_UNSET */
	int64_t port;
	int64_t fwmark;
};

struct conf_vsg {
	struct conf_loc loc;
	char *name;
	struct conf_vsg_entry *e;
	size_t n_e;
};

struct conf_ssl {
	char *password;
	char *ca;
	char *certificate;
	char *key;
};

/* Which sides of the configuration a load reads.  As keepalived's checker
 * process (-C) never reads the VRRP blocks and its VRRP process (-P) never
 * reads the virtual servers, a load for one side skips the other side's
 * top-level blocks unread: errors there do not stop that side. */
enum conf_part {
	CONF_PART_ALL = 0,
	CONF_PART_LVS,		/* virtual_server(_group); no vrrp_*, static_* */
	CONF_PART_VRRP,		/* vrrp_*, static_*; no virtual_server(_group) */
};

/* The whole configuration. */
struct conf {
	struct conf_strv files;		/* every file read (owned) */
	enum conf_part part;		/* the sides that were read */
	size_t n_skipped;		/* top-level blocks of the other side */
	bool net_namespace_ipvs_set;
	char *net_namespace;		/* top-level net_namespace */
	char *instance;			/* top-level instance */
	bool use_pid_dir;
	int64_t child_wait_time;
	struct conf_global global;
	struct conf_ssl ssl;
	struct conf_vip *static_ip;
	size_t n_static_ip;
	struct conf_route *static_route;
	size_t n_static_route;
	struct conf_route *static_rule;
	size_t n_static_rule;
	struct conf_vrrp *vrrp;
	size_t n_vrrp;
	struct conf_vrrp_group *vgroup;
	size_t n_vgroup;
	struct conf_vrrp_script *vscript;
	size_t n_vscript;
	struct conf_track_file *tfile;
	size_t n_tfile;
	struct conf_vsg *vsg;
	size_t n_vsg;
	struct conf_vs *vs;
	size_t n_vs;
};

/* ---- diagnostics ---- */
enum conf_severity { CONF_SEV_WARNING = 0, CONF_SEV_ERROR = 1 };

struct conf_diag_msg {
	enum conf_severity sev;
	char *text;		/* "file:line: message" */
};

/* Every error and warning of one load, in the order found. */
struct conf_diag {
	struct conf_diag_msg *msg;
	size_t n;
	size_t errors;
	size_t warnings;
};

/* Options of conf_load(). */
struct conf_load_opts {
	const char *config_id;	/* for @id lines; NULL = node name up to the first '.' */
	bool no_include;	/* refuse include (fuzzing): an error each time */
	size_t max_lines;	/* bound on processed lines incl. expansions; 0 = 10,000,000 */
	bool check_interfaces;	/* error if a vrrp_instance interface does not exist
				 * on this host (as keepalived -t does), unless
				 * global_defs has dynamic_interfaces */
	const char *buf;	/* if non-NULL, parse this text instead of reading path */
	size_t buf_len;
	enum conf_part part;	/* CONF_PART_ALL (0): every block */
};

/* conf_load: read and parse @path (or opts->buf, named @path in messages).
 * Every error and warning is appended to @diag (which must be zeroed or
 * previously used; free it with conf_diag_free).  On success *ret is a new
 * tree and 0 is returned.  If any error was found, *ret is left untouched
 * and -EINVAL is returned; -ENOMEM on allocation failure. */
int conf_load(const char *path, const struct conf_load_opts *opts,
	      struct conf **ret, struct conf_diag *diag);
/* conf_free: release a tree from conf_load (NULL is fine). */
void conf_free(struct conf *conf);
/* conf_diag_free: release the messages of @diag and zero it. */
void conf_diag_free(struct conf_diag *diag);
/* conf_diag_print: write every message of @diag to @f, one per line, in the
 * order found.  Texts are "file:line: msg" for errors and
 * "file:line: warning: msg" for warnings (severity is also in ->sev). */
void conf_diag_print(FILE *f, const struct conf_diag *diag);

/* conf_print: write a normalized dump of @conf in keepalived.conf syntax.
 * Parsing the dump and dumping again gives the same text. */
void conf_print(FILE *f, const struct conf *conf);

#endif
