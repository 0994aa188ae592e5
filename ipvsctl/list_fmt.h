/* list_fmt.h: pure formatters behind ipvsctl's listings.
 *
 * Everything here takes already-fetched objects (services, destinations,
 * timeouts, daemons, /proc/net/ip_vs_conn lines) and writes text or JSON to
 * a FILE *; nothing talks to the kernel, so the unit tests drive these
 * directly.  Output is byte-for-byte what ipvsadm 1.31 prints.
 */
#ifndef IPVSCTL_LIST_FMT_H
#define IPVSCTL_LIST_FMT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include "ipvs_types.h"

/* Which table layout to print (ipvsadm's FMT_* precedence order). */
enum list_view {
	LIST_VIEW_DEFAULT = 0,	/* Forward Weight ActiveConn InActConn */
	LIST_VIEW_STATS,	/* --stats */
	LIST_VIEW_RATE,		/* --rate */
	LIST_VIEW_THRESHOLDS,	/* --thresholds */
	LIST_VIEW_PERSISTCONN,	/* --persistent-conn */
	LIST_VIEW_TUNINFO,	/* --tun-info */
	LIST_VIEW_RULE,		/* -S */
};

struct list_names;

/* Output switches shared by the text formatters. */
struct list_style {
	enum list_view view;
	bool numeric;		/* -n: no name lookups */
	struct list_names *names;	/* lookup cache without -n, or NULL */
	bool exact;		/* --exact: no K/M/G scaling */
	bool sort;		/* sort services and destinations (ipvsadm's default) */
};

/* ---- names (list_names.c) ---- */

/* list_names_new: a cache of host and service names for one listing, so
 * each address and port is looked up once (ipvsadm looks them up for
 * every line and would get the same answers).  0 or -ENOMEM. */
int list_names_new(struct list_names **ret);
void list_names_free(struct list_names *nc);

/* A replacement resolver (for tests): each returns true and writes a
 * NUL-terminated name into @out (@len bytes) when it has one. */
struct list_resolver {
	bool (*host)(void *arg, int af, const union ipvs_addr *addr, char *out, size_t len);
	bool (*serv)(void *arg, uint16_t port, uint16_t proto, char *out, size_t len);
	void *arg;
};
/* list_names_new_resolver: as list_names_new, looking names up through
 * @res (NULL: the system's gethostbyaddr/getservbyport). */
int list_names_new_resolver(struct list_names **ret, const struct list_resolver *res);

/* list_fmt_addrport: "addr:port" ("[addr]:port" for IPv6) as ipvsadm's
 * addrport_to_anyname prints it, into @buf (at least LIST_ADDRPORT_LEN).
 * Without @numeric the address and port are looked up (hosts, services
 * for @proto; through @nc when not NULL) and fall back to numbers.
 * Truncated to 59 characters. */
#define LIST_ADDRPORT_LEN 60
void list_fmt_addrport(char *buf, int af, const union ipvs_addr *addr,
		       uint16_t port, uint16_t proto, bool numeric,
		       struct list_names *nc);

/* list_fmt_largenum: one counter column (width 9, K/M/G/T scaling unless
 * @exact). */
void list_fmt_largenum(FILE *out, uint64_t v, bool exact);

/* list_fmt_sched_flags: "flag-1,flag-2" / "sh-fallback,sh-port" /
 * "mh-fallback,mh-port" for @svc's scheduler, into @buf (>= 64 bytes);
 * "" when none applies. */
void list_fmt_sched_flags(char *buf, const struct ipvs_service *svc);

/* Names of kernel values; fwd names are NULL for unknown methods. */
const char *list_fmt_proto_name(uint16_t proto);	/* "TCP", "?" */
const char *list_fmt_fwd_name(uint32_t conn_flags);	/* "Masq", "Route"... */
const char *list_fmt_fwd_switch(uint32_t conn_flags);	/* "-m", "-g", "-i" */
const char *list_fmt_tun_name(uint8_t tun_type);	/* "ipip", NULL */

/* Sorting exactly as ipvsadm 1.31 (libipvs ipvs_cmp_services/dests, with
 * their 32-bit wrap-around arithmetic, through glibc qsort). */
void list_sort_services(struct ipvs_service *svcs, size_t n);
void list_sort_dests(struct ipvs_dest *dests, size_t n);

/* ---- text (list_text.c) ---- */

/* "IP Virtual Server version 1.2.1 (size=4096)\n" */
void list_text_header(FILE *out, const struct ipvs_info *info);
/* The column titles for @st->view (nothing for LIST_VIEW_RULE). */
void list_text_title(FILE *out, const struct list_style *st);
/* One service and its destinations; sorts @dests in place if st->sort. */
void list_text_service(FILE *out, const struct list_style *st,
		       const struct ipvs_service *svc,
		       struct ipvs_dest *dests, size_t ndests);
/* "Timeout (tcp tcpfin udp): 900 120 300\n" */
void list_text_timeouts(FILE *out, const struct ipvs_timeouts *t);
/* "master sync daemon (mcast=eth0, syncid=1, ...)\n" per running daemon. */
void list_text_daemons(FILE *out, const struct ipvs_daemon *d, size_t n);

/* ---- -S rules (list_save.c) ---- */
void list_save_service(FILE *out, const struct list_style *st,
		       const struct ipvs_service *svc,
		       struct ipvs_dest *dests, size_t ndests);

/* ---- /proc/net/ip_vs_conn (list_conn.c) ---- */

/* One parsed connection line (fields as the kernel prints them). */
struct list_conn {
	char protocol[8];
	int af;				/* of client and virtual address */
	int daf;			/* of destination address */
	union ipvs_addr caddr, vaddr, daddr;
	uint16_t cport, vport, dport;
	char state[16];
	unsigned int expires;		/* seconds */
	char pe_name[IPVS_PE_NAME_LEN + 1];
	char pe_data[256];
	int nfields;			/* sscanf-style count, 11 with PE data */
};

/* list_conn_parse: parse one line; returns 0, or -EINVAL for a line with
 * no fields at all (ipvsadm stops listing there with status 1). */
int list_conn_parse(const char *line, struct list_conn *c);
void list_conn_title(FILE *out, bool persistent);
void list_conn_print(FILE *out, const struct list_conn *c, bool numeric,
		     bool persistent, struct list_names *nc);
/* list_conn_stream: the whole -c listing (text, or JSON if @json) from
 * @in, whose first line is the kernel's header.  Returns 0, or 1 (after
 * writing ipvsadm's message, if it has one, to @err). */
int list_conn_stream(FILE *in, const char *path, FILE *out, FILE *err,
		     bool numeric, bool persistent, bool json,
		     struct list_names *nc);

/* ---- JSON (list_json.c); schema in doc/ipvsctl-json.md ---- */
struct list_json_svc {
	const struct ipvs_service *svc;
	struct ipvs_dest *dests;		/* owned by the caller */
	size_t ndests;
};
void list_json_services(FILE *out, const struct ipvs_info *info,
			const struct list_json_svc *s, size_t n);
void list_json_timeouts(FILE *out, const struct ipvs_timeouts *t);
void list_json_daemons(FILE *out, const struct ipvs_daemon *d, size_t n);
void list_json_conns_begin(FILE *out);
void list_json_conn(FILE *out, const struct list_conn *c, bool first);
void list_json_conns_end(FILE *out);
/* list_json_string: a JSON string literal with every needed escape. */
void list_json_string(FILE *out, const char *s);

#endif
