/* list_json.c: JSON output of the listings (-o json).  One compact
 * document per command, newline-terminated; schema in doc/ipvsctl-json.md.
 * Addresses are always numeric: JSON output never does name lookups. */
#include <arpa/inet.h>
#include <string.h>
#include <sys/socket.h>
#include "list_fmt.h"

/* Length of a valid UTF-8 sequence at @s (1..4), or 0 if invalid. */
static size_t
utf8_len(const unsigned char *s)
{
	size_t n, i;

	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		n = 2;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		n = 3;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		n = 4;
	else
		return 0;
	for (i = 1; i < n; i++)
		if ((s[i] & 0xc0) != 0x80)
			return 0;
	if (s[0] == 0xe0 && s[1] < 0xa0)	/* overlong */
		return 0;
	if (s[0] == 0xed && s[1] >= 0xa0)	/* surrogate */
		return 0;
	if (s[0] == 0xf0 && s[1] < 0x90)	/* overlong */
		return 0;
	if (s[0] == 0xf4 && s[1] >= 0x90)	/* > U+10FFFF */
		return 0;
	return n;
}

void
list_json_string(FILE *out, const char *str)
{
	const unsigned char *s = (const unsigned char *)str;

	fputc('"', out);
	while (*s) {
		size_t n;

		if (*s == '"' || *s == '\\') {
			fputc('\\', out);
			fputc(*s++, out);
		} else if (*s == '\n') {
			fputs("\\n", out), s++;
		} else if (*s == '\t') {
			fputs("\\t", out), s++;
		} else if (*s < 0x20 || *s == 0x7f) {
			fprintf(out, "\\u%04x", *s++);
		} else if (*s < 0x80) {
			fputc(*s++, out);
		} else if ((n = utf8_len(s)) > 0) {
			fwrite(s, 1, n, out);
			s += n;
		} else {
			fputs("\\ufffd", out);	/* invalid byte: replacement char */
			s++;
		}
	}
	fputc('"', out);
}

/* A bounded kernel string (may lack its NUL). */
static void
json_strn(FILE *out, const char *s, size_t max)
{
	char buf[257];
	size_t n = strnlen(s, max < sizeof(buf) - 1 ? max : sizeof(buf) - 1);

	memcpy(buf, s, n);
	buf[n] = '\0';
	list_json_string(out, buf);
}

static void
json_key(FILE *out, const char *key, bool first)
{
	if (!first)
		fputc(',', out);
	list_json_string(out, key);
	fputc(':', out);
}

static void
json_u64(FILE *out, const char *key, uint64_t v, bool first)
{
	json_key(out, key, first);
	fprintf(out, "%llu", (unsigned long long)v);
}

static void
json_i64(FILE *out, const char *key, long long v)
{
	json_key(out, key, false);
	fprintf(out, "%lld", v);
}

static void
json_bool(FILE *out, const char *key, bool v)
{
	json_key(out, key, false);
	fputs(v ? "true" : "false", out);
}

static const char *
family_name(int af)
{
	return af == AF_INET6 ? "inet6" : af == AF_INET ? "inet" : "unspec";
}

static void
json_addr(FILE *out, const char *key, int af, const union ipvs_addr *a)
{
	char buf[INET6_ADDRSTRLEN];

	json_key(out, key, false);
	if (inet_ntop(af, a, buf, sizeof(buf)) == NULL)
		fputs("null", out);
	else
		list_json_string(out, buf);
}

static void
json_stats(FILE *out, const struct ipvs_stats *s)
{
	json_key(out, "stats", false);
	fputc('{', out);
	json_u64(out, "conns", s->conns, true);
	json_u64(out, "inpkts", s->inpkts, false);
	json_u64(out, "outpkts", s->outpkts, false);
	json_u64(out, "inbytes", s->inbytes, false);
	json_u64(out, "outbytes", s->outbytes, false);
	json_u64(out, "cps", s->cps, false);
	json_u64(out, "inpps", s->inpps, false);
	json_u64(out, "outpps", s->outpps, false);
	json_u64(out, "inbps", s->inbps, false);
	json_u64(out, "outbps", s->outbps, false);
	fputc('}', out);
}

static const char *
json_proto(uint16_t proto)
{
	switch (proto) {
	case IPPROTO_TCP:
		return "tcp";
	case IPPROTO_UDP:
		return "udp";
	case IPPROTO_SCTP:
		return "sctp";
	default:
		return NULL;
	}
}

static void
json_svc_flags(FILE *out, const struct ipvs_service *svc)
{
	char sf[64], *tok, *save = NULL;
	bool first = true;

	json_key(out, "flags", false);
	fputc('{', out);
	json_u64(out, "raw", svc->flags, true);
	json_bool(out, "persistent", svc->flags & IP_VS_SVC_F_PERSISTENT);
	json_bool(out, "one_packet", svc->flags & IP_VS_SVC_F_ONEPACKET);
	json_key(out, "sched_flags", false);
	fputc('[', out);
	list_fmt_sched_flags(sf, svc);
	for (tok = strtok_r(sf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		if (!first)
			fputc(',', out);
		list_json_string(out, tok);
		first = false;
	}
	fputs("]}", out);
}

static void
json_persistence(FILE *out, const struct ipvs_service *svc)
{
	json_key(out, "persistence", false);
	if (!(svc->flags & IP_VS_SVC_F_PERSISTENT)) {
		fputs("null", out);
		return;
	}
	fputc('{', out);
	json_u64(out, "timeout", svc->timeout, true);
	if (svc->af == AF_INET) {
		struct in_addr m = { .s_addr = htonl(svc->netmask) };
		char buf[INET_ADDRSTRLEN];

		json_key(out, "netmask", false);
		list_json_string(out, inet_ntop(AF_INET, &m, buf, sizeof(buf)));
	} else {
		json_u64(out, "prefix_len", svc->netmask, false);
	}
	fputc('}', out);
}

static void
json_tunnel(FILE *out, const struct ipvs_dest *d)
{
	static const char *const csum[3] = { "nocsum", "csum", "remcsum" };
	const char *type = list_fmt_tun_name(d->tun_type);

	json_key(out, "tunnel", false);
	if ((d->conn_flags & IP_VS_CONN_F_FWD_MASK) != IP_VS_CONN_F_TUNNEL) {
		fputs("null", out);
		return;
	}
	fputc('{', out);
	json_key(out, "type", true);
	if (type)
		list_json_string(out, type);
	else
		fprintf(out, "%u", d->tun_type);
	json_u64(out, "port", d->tun_port, false);
	json_key(out, "checksum", false);
	if (d->tun_flags < 3)
		list_json_string(out, csum[d->tun_flags]);
	else
		fprintf(out, "%u", d->tun_flags);
	fputc('}', out);
}

static const char *
json_fwd(uint32_t conn_flags)
{
	static const char *const names[5] = { "masq", "local", "tunnel", "route", "bypass" };
	uint32_t m = conn_flags & IP_VS_CONN_F_FWD_MASK;

	return m < 5 ? names[m] : "unknown";
}

static void
json_dest(FILE *out, const struct ipvs_dest *d)
{
	fputc('{', out);
	json_key(out, "family", true);
	list_json_string(out, family_name(d->af));
	json_addr(out, "address", d->af, &d->addr);
	json_u64(out, "port", d->port, false);
	json_key(out, "forward", false);
	list_json_string(out, json_fwd(d->conn_flags));
	json_i64(out, "weight", d->weight);
	json_u64(out, "u_threshold", d->u_threshold, false);
	json_u64(out, "l_threshold", d->l_threshold, false);
	json_u64(out, "active_conns", d->activeconns, false);
	json_u64(out, "inactive_conns", d->inactconns, false);
	json_u64(out, "persistent_conns", d->persistconns, false);
	json_tunnel(out, d);
	json_stats(out, &d->stats);
	fputc('}', out);
}

static void
json_svc_identity(FILE *out, const struct ipvs_service *svc)
{
	const char *proto = json_proto(svc->protocol);

	json_key(out, "family", true);
	list_json_string(out, family_name(svc->af));
	json_key(out, "protocol", false);
	if (svc->fwmark)
		fputs("null", out);
	else if (proto)
		list_json_string(out, proto);
	else
		fprintf(out, "%u", svc->protocol);
	if (svc->fwmark) {
		fputs(",\"address\":null,\"port\":null", out);
	} else {
		json_addr(out, "address", svc->af, &svc->addr);
		json_u64(out, "port", svc->port, false);
	}
	json_u64(out, "fwmark", svc->fwmark, false);
}

static void
json_service(FILE *out, const struct list_json_svc *e)
{
	const struct ipvs_service *svc = e->svc;
	size_t i;

	fputc('{', out);
	json_svc_identity(out, svc);
	json_key(out, "scheduler", false);
	json_strn(out, svc->sched_name, sizeof(svc->sched_name));
	json_svc_flags(out, svc);
	json_persistence(out, svc);
	json_key(out, "pe", false);
	if (svc->pe_name[0])
		json_strn(out, svc->pe_name, sizeof(svc->pe_name));
	else
		fputs("null", out);
	json_stats(out, &svc->stats);
	json_key(out, "destinations", false);
	fputc('[', out);
	for (i = 0; i < e->ndests; i++) {
		if (i)
			fputc(',', out);
		json_dest(out, &e->dests[i]);
	}
	fputs("]}", out);
}

void
list_json_services(FILE *out, const struct ipvs_info *info,
		   const struct list_json_svc *s, size_t n)
{
	size_t i;

	fputs("{\"info\":", out);
	if (info) {
		fputc('{', out);
		json_key(out, "version", true);
		fprintf(out, "\"%u.%u.%u\"", (info->version >> 16) & 0xff,
			(info->version >> 8) & 0xff, info->version & 0xff);
		json_u64(out, "version_code", info->version, false);
		json_u64(out, "conn_tab_size", info->conn_tab_size, false);
		fputc('}', out);
	} else {
		fputs("null", out);
	}
	fputs(",\"services\":[", out);
	for (i = 0; i < n; i++) {
		if (i)
			fputc(',', out);
		json_service(out, &s[i]);
	}
	fputs("]}\n", out);
}

void
list_json_timeouts(FILE *out, const struct ipvs_timeouts *t)
{
	fputs("{\"timeouts\":{", out);
	json_u64(out, "tcp", t->tcp, true);
	json_u64(out, "tcp_fin", t->tcp_fin, false);
	json_u64(out, "udp", t->udp, false);
	fputs("}}\n", out);
}

static void
json_daemon(FILE *out, const struct ipvs_daemon *d)
{
	fputc('{', out);
	json_key(out, "state", true);
	list_json_string(out, (d->state & IP_VS_STATE_MASTER) ? "master" : "backup");
	json_key(out, "mcast_interface", false);
	json_strn(out, d->mcast_ifn, sizeof(d->mcast_ifn));
	json_u64(out, "syncid", d->syncid, false);
	json_u64(out, "sync_maxlen", d->sync_maxlen, false);
	if (d->mcast_af == AF_INET || d->mcast_af == AF_INET6)
		json_addr(out, "mcast_group", d->mcast_af, &d->mcast_group);
	else
		fputs(",\"mcast_group\":null", out);
	json_u64(out, "mcast_port", d->mcast_port, false);
	json_u64(out, "mcast_ttl", d->mcast_ttl, false);
	fputc('}', out);
}

void
list_json_daemons(FILE *out, const struct ipvs_daemon *d, size_t n)
{
	bool first = true;
	size_t i;

	fputs("{\"daemons\":[", out);
	for (i = 0; i < n && i < 2; i++) {
		if (!(d[i].state & (IP_VS_STATE_MASTER | IP_VS_STATE_BACKUP)))
			continue;
		if (!first)
			fputc(',', out);
		json_daemon(out, &d[i]);
		first = false;
	}
	fputs("]}\n", out);
}

void
list_json_conns_begin(FILE *out)
{
	fputs("{\"connections\":[", out);
}

static void
json_endpoint(FILE *out, const char *key, int af, const union ipvs_addr *a, uint16_t port)
{
	json_key(out, key, false);
	fputc('{', out);
	json_key(out, "family", true);
	list_json_string(out, family_name(af));
	json_addr(out, "address", af, a);
	json_u64(out, "port", port, false);
	fputc('}', out);
}

void
list_json_conn(FILE *out, const struct list_conn *c, bool first)
{
	if (!first)
		fputc(',', out);
	fputc('{', out);
	json_key(out, "protocol", true);
	list_json_string(out, c->protocol);
	json_key(out, "state", false);
	list_json_string(out, c->state);
	json_u64(out, "expires", c->expires, false);
	json_endpoint(out, "client", c->af, &c->caddr, c->cport);
	json_endpoint(out, "virtual", c->af, &c->vaddr, c->vport);
	json_endpoint(out, "destination", c->daf, &c->daddr, c->dport);
	json_key(out, "pe_name", false);
	if (c->nfields >= 10)
		list_json_string(out, c->pe_name);
	else
		fputs("null", out);
	json_key(out, "pe_data", false);
	if (c->nfields >= 11)
		list_json_string(out, c->pe_data);
	else
		fputs("null", out);
	fputc('}', out);
}

void
list_json_conns_end(FILE *out)
{
	fputs("]}\n", out);
}
