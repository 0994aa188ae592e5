/* smtp_msg.c: mail alert texts and the SMTP client dialogue (see
 * smtp_msg.h). */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "conf.h"
#include "smtp_msg.h"

void
smtp_msg_subject_rs(char *buf, size_t len, const char *rid, const char *rs,
		    const char *vs, bool up)
{
	snprintf(buf, len, "[%s] Realserver %s of virtual server %s - %s", rid, rs, vs,
		 up ? "UP" : "DOWN");
}

void
smtp_msg_subject_vs(char *buf, size_t len, const char *rid, const char *vs, bool up)
{
	snprintf(buf, len, "[%s] Virtualserver %s - %s", rid, vs, up ? "UP" : "DOWN");
}

void
smtp_msg_vrrp(char *subj, size_t slen, char *body, size_t blen, const char *rid,
	      bool group, const char *name, enum smtp_msg_vrrp_state s)
{
	static const char *const what[] = {
		[SMTP_VRRP_MASTER] = "Entering MASTER state",
		[SMTP_VRRP_BACKUP] = "Entering BACKUP state",
		[SMTP_VRRP_FAULT] = "Entering FAULT state",
		[SMTP_VRRP_STOP] = "Stopping",
	};
	static const char *const inst_body[] = {
		[SMTP_VRRP_MASTER] = "=> VRRP Instance is now owning VRRP VIPs <=",
		[SMTP_VRRP_BACKUP] = "=> VRRP Instance is no longer owning VRRP VIPs <=",
		[SMTP_VRRP_FAULT] = "=> VRRP Instance is no longer owning VRRP VIPs <=",
		[SMTP_VRRP_STOP] = "=> VRRP Instance stopping <=",
	};
	static const char *const group_state[] = {
		[SMTP_VRRP_MASTER] = "in MASTER state", [SMTP_VRRP_BACKUP] = "in BACKUP state",
		[SMTP_VRRP_FAULT] = "in FAULT state", [SMTP_VRRP_STOP] = "stopping",
	};
	unsigned k = (unsigned)s <= SMTP_VRRP_STOP ? (unsigned)s : SMTP_VRRP_STOP;

	snprintf(subj, slen, "[%s] VRRP %s %s - %s", rid, group ? "Group" : "Instance", name,
		 what[k]);
	if (group)
		snprintf(body, blen, "=> All VRRP group instances are now %s <=", group_state[k]);
	else
		snprintf(body, blen, "%s", inst_body[k]);
}

const char *
smtp_msg_body_rs_gone(bool stopping)
{
	return stopping ? "=> Shutting down <=" : "=> Removing <=";
}

void
smtp_msg_body_check(char *buf, size_t len, int type, bool up, const char *reason)
{
	const char *ok = up ? "succeed" : "failed";

	switch (type) {
	case CONF_CHK_TCP:
		snprintf(buf, len, "=> TCP CHECK %s on service <=", ok);
		break;
	case CONF_CHK_DNS:
		snprintf(buf, len, "=> DNS_CHECK: %s on service <=", ok);
		break;
	case CONF_CHK_UDP:
		snprintf(buf, len, "=> UDP CHECK %s on service <=", ok);
		break;
	case CONF_CHK_PING:
		snprintf(buf, len, "=> ICMP CHECK %s on service <=", ok);
		break;
	case CONF_CHK_MISC:
		snprintf(buf, len, "=> MISC CHECK %s on service <=", ok);
		break;
	case CONF_CHK_FILE:
		snprintf(buf, len, "=> FILE CHECK %s on service <=", ok);
		break;
	case CONF_CHK_BFD:
		snprintf(buf, len, "=> BFD CHECK %s on service <=", up ? "succeeded" : "failed");
		break;
	case CONF_CHK_HTTP:
	case CONF_CHK_SSL:
		snprintf(buf, len, up ? "=> CHECK succeed on service <="
				      : "=> CHECK failed on service : HTTP request failed <=");
		break;
	default:	/* SMTP_CHECK: keepalived names the failed step */
		if (up || reason == NULL || !*reason)
			snprintf(buf, len, "=> CHECK %s on service <=", ok);
		else
			snprintf(buf, len, "=> CHECK failed on service : %s <=", reason);
	}
}

void
smtp_msg_body_quorum(char *buf, size_t len, bool up, bool init, bool stopping,
		     long long quorum, long long hysteresis, long long threshold,
		     long long weight)
{
	if (stopping) {
		snprintf(buf, len, "=> Shutting down <=");
		return;
	}
	snprintf(buf, len, "=> %s %lld+%lld=%lld <= %lld <=",
		 up ? (init ? "Starting with quorum up" : "Gained quorum")
		    : (init ? "Starting with quorum down" : "Lost quorum"),
		 quorum, hysteresis, threshold, weight);
}

void
smtp_msg_date(char *buf, size_t len, time_t t)
{
	struct tm tm;

	if (localtime_r(&t, &tm) == NULL || strftime(buf, len, "%a, %d %b %Y %H:%M:%S %z", &tm) == 0)
		snprintf(buf, len, "Thu, 01 Jan 1970 00:00:00 +0000");
}

bool
smtp_msg_addr_ok(const char *a)
{
	size_t n;

	if (a == NULL || (n = strlen(a)) == 0 || n > SMTP_MSG_ADDR_MAX)
		return false;
	for (; *a; a++)
		if ((unsigned char)*a <= 0x20 || *a == 0x7f || *a == '<' || *a == '>' ||
		    *a == ',')
			return false;
	return true;
}

/* Append @s to @out at *pos (NUL kept); false if it does not fit. */
static bool
put(char *out, size_t cap, size_t *pos, const char *s, size_t n)
{
	if (n >= cap - *pos)
		return false;
	memcpy(out + *pos, s, n);
	*pos += n;
	out[*pos] = '\0';
	return true;
}

/* A header "Name: value\r\n", control characters of @v as spaces. */
static bool
put_header(char *out, size_t cap, size_t *pos, const char *name, const char *v)
{
	size_t start;

	if (!put(out, cap, pos, name, strlen(name)) || !put(out, cap, pos, ": ", 2))
		return false;
	start = *pos;
	if (!put(out, cap, pos, v, strlen(v)))
		return false;
	for (; start < *pos; start++)
		if ((unsigned char)out[start] < 0x20 || out[start] == 0x7f)
			out[start] = ' ';
	return put(out, cap, pos, "\r\n", 2);
}

/* The body, CRLF line ends, dot-stuffed, ending with CRLF. */
static bool
put_body(char *out, size_t cap, size_t *pos, const char *body)
{
	const char *p = body;

	while (*p) {
		size_t n = strcspn(p, "\r\n");

		if ((*p == '.' && !put(out, cap, pos, ".", 1)) || !put(out, cap, pos, p, n) ||
		    !put(out, cap, pos, "\r\n", 2))
			return false;
		p += n;
		if (*p == '\r')
			p++;
		if (*p == '\n')
			p++;
	}
	return true;
}

long
smtp_msg_data(char *out, size_t cap, const char *date, const char *from,
	      const char *subject, const char *to, const char *body)
{
	size_t pos = 0;

	if (cap == 0)
		return -ENOSPC;
	out[0] = '\0';
	if (!put_header(out, cap, &pos, "Date", date) ||
	    !put_header(out, cap, &pos, "From", from) ||
	    !put_header(out, cap, &pos, "Subject", subject) ||
	    !put_header(out, cap, &pos, "X-Mailer", "Keepalived") ||
	    !put_header(out, cap, &pos, "To", to) || !put(out, cap, &pos, "\r\n", 2) ||
	    !put_body(out, cap, &pos, body) || !put(out, cap, &pos, "\r\n.\r\n", 5))
		return -ENOSPC;
	return (long)pos;
}

/* ---- the dialogue ---- */

const char *
smtp_dlg_step_str(enum smtp_dlg_step s)
{
	static const char *const n[] = {
		[SMTP_DLG_BANNER] = "banner", [SMTP_DLG_HELO] = "HELO",
		[SMTP_DLG_MAIL] = "MAIL FROM", [SMTP_DLG_RCPT] = "RCPT TO",
		[SMTP_DLG_DATA] = "DATA", [SMTP_DLG_BODY] = "message",
		[SMTP_DLG_QUIT] = "QUIT", [SMTP_DLG_DONE] = "end",
	};

	return (unsigned)s <= SMTP_DLG_DONE ? n[s] : "?";
}

int
smtp_dlg_init(struct smtp_dlg *d, const char *helo, const char *from,
	      const char *const *rcpt, size_t n_rcpt, const char *data, size_t data_len)
{
	size_t i;

	memset(d, 0, sizeof(*d));
	if (!smtp_msg_addr_ok(helo) || !smtp_msg_addr_ok(from) || n_rcpt == 0 || data == NULL)
		return -EINVAL;
	for (i = 0; i < n_rcpt; i++)
		if (!smtp_msg_addr_ok(rcpt[i]))
			return -EINVAL;
	d->step = SMTP_DLG_BANNER;
	d->helo = helo;
	d->from = from;
	d->rcpt = rcpt;
	d->n_rcpt = n_rcpt;
	d->data = data;
	d->data_len = data_len;
	return 0;
}

/* Set d->out to "@verb@arg@end\r\n" (the arguments were checked at init). */
static void
dlg_cmd(struct smtp_dlg *d, const char *verb, const char *arg, const char *end)
{
	int n = snprintf(d->cmd, sizeof(d->cmd), "%s%s%s\r\n", verb, arg, end);

	d->out = d->cmd;
	d->out_len = n < 0 ? 0 : (size_t)n >= sizeof(d->cmd) ? sizeof(d->cmd) - 1 : (size_t)n;
}

static int
dlg_fail(struct smtp_dlg *d, int code)
{
	d->fail_step = d->step;
	d->fail_code = code;
	d->step = SMTP_DLG_DONE;
	dlg_cmd(d, "QUIT", "", "");
	return SMTP_DLG_FAIL;
}

int
smtp_dlg_reply(struct smtp_dlg *d, int code)
{
	d->out = NULL;
	d->out_len = 0;
	switch (d->step) {
	case SMTP_DLG_BANNER:
		if (code != 220)
			return dlg_fail(d, code);
		d->step = SMTP_DLG_HELO;
		dlg_cmd(d, "HELO ", d->helo, "");
		return SMTP_DLG_SEND;
	case SMTP_DLG_HELO:
		if (code != 250)
			return dlg_fail(d, code);
		d->step = SMTP_DLG_MAIL;
		dlg_cmd(d, "MAIL FROM:<", d->from, ">");
		return SMTP_DLG_SEND;
	case SMTP_DLG_MAIL:
	case SMTP_DLG_RCPT:
		if (code != 250 && !(d->step == SMTP_DLG_RCPT && code == 251))
			return dlg_fail(d, code);
		if (d->next_rcpt < d->n_rcpt) {
			d->step = SMTP_DLG_RCPT;
			dlg_cmd(d, "RCPT TO:<", d->rcpt[d->next_rcpt++], ">");
			return SMTP_DLG_SEND;
		}
		d->step = SMTP_DLG_DATA;
		dlg_cmd(d, "DATA", "", "");
		return SMTP_DLG_SEND;
	case SMTP_DLG_DATA:
		if (code != 354)
			return dlg_fail(d, code);
		d->step = SMTP_DLG_BODY;
		d->out = d->data;
		d->out_len = d->data_len;
		return SMTP_DLG_SEND;
	case SMTP_DLG_BODY:
		if (code != 250)
			return dlg_fail(d, code);
		d->sent = true;
		d->step = SMTP_DLG_QUIT;
		dlg_cmd(d, "QUIT", "", "");
		return SMTP_DLG_SEND;
	case SMTP_DLG_QUIT:
		d->step = SMTP_DLG_DONE;
		return SMTP_DLG_END;
	default:
		return SMTP_DLG_END;
	}
}
