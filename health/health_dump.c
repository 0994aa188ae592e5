/* health_dump.c: the checker state dump answered to HC_MSG_DUMP_REQ. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "daemon/conf.h"
#include "event.h"
#include "health/health_int.h"

struct out {
	char *buf;
	size_t cap, len;
	bool full;
};

static void __attribute__((format(printf, 2, 3)))
out_printf(struct out *o, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (o->full)
		return;
	va_start(ap, fmt);
	n = vsnprintf(o->buf + o->len, o->cap - o->len, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= o->cap - o->len) {
		o->full = true;
		return;
	}
	o->len += (size_t)n;
}

/* out_jstr: @s as a JSON string (control characters escaped). */
static void
out_jstr(struct out *o, const char *s)
{
	out_printf(o, "\"");
	for (; *s && !o->full; s++) {
		unsigned char ch = (unsigned char)*s;

		if (ch == '"' || ch == '\\')
			out_printf(o, "\\%c", ch);
		else if (ch < 0x20 || ch == 0x7f)
			out_printf(o, "\\u%04x", ch);
		else
			out_printf(o, "%c", ch);
	}
	out_printf(o, "\"");
}

static void
dump_item(const struct health *h, const struct hc_item *it, struct out *o)
{
	const struct hc_runner *r = &it->r;
	const struct hc_rsst *rs = &h->rss[it->rs_i];
	char dst[64];

	hc_target_str(&r->chk.tgt, dst, sizeof(dst));
	out_printf(o, "{\"vs\":%u,\"rs\":%u,\"checker\":%u,\"type\":\"%s\","
		   "\"target\":\"%s\",\"up\":%s,\"rs_up\":%s,\"retry_it\":%u,"
		   "\"ok\":%llu,\"fail\":%llu,\"last\":\"%s\",\"detail\":",
		   rs->vs_idx, rs->rs_idx, it->checker_idx, r->chk.ops->name, dst,
		   r->s.up ? "true" : "false", rs->up ? "true" : "false",
		   r->s.retry_it, (unsigned long long)r->n_ok,
		   (unsigned long long)r->n_fail, hc_result_str(r->last));
	out_jstr(o, r->chk.detail);
	out_printf(o, ",\"in_flight\":%s,\"next_ms\":%llu}",
		   r->in_flight ? "true" : "false",
		   (unsigned long long)(event_timer_remaining_us(&r->timer) / 1000));
}

size_t
health_dump(const struct health *h, char *buf, size_t cap)
{
	/* room kept back for the closing text */
	static const size_t reserve = 32;
	struct out o = { .buf = buf, .cap = cap > reserve ? cap - reserve : 0 };
	bool trunc = false;
	size_t i, mark;

	if (cap == 0)
		return 0;
	buf[0] = '\0';
	out_printf(&o, "{\"started\":%s,\"checkers\":[", h->started ? "true" : "false");
	for (i = 0; i < h->n_item && !o.full; i++) {
		mark = o.len;
		if (i)
			out_printf(&o, ",");
		dump_item(h, &h->item[i], &o);
		if (o.full) {
			o.len = mark;
			trunc = true;
		}
	}
	o.cap = cap;
	o.full = false;
	out_printf(&o, "],\"truncated\":%s}", trunc ? "true" : "false");
	buf[o.len < cap ? o.len : cap - 1] = '\0';
	return o.len;
}
