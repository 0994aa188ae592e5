/* smtp_resp.c: SMTP reply parser and SMTP_CHECK dialogue (see smtp_resp.h). */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "health/smtp_resp.h"

void
smtp_resp_init(struct smtp_resp *r)
{
	memset(r, 0, sizeof(*r));
	r->result = HC_OK;
}

static int
resp_fail(struct smtp_resp *r, enum hc_result res, int err)
{
	r->result = res;
	r->err = err;
	return err;
}

/* One complete line (terminator stripped) in r->line. */
static int
line_done(struct smtp_resp *r)
{
	const char *l = r->line;
	size_t len = r->line_len;
	int code;

	if (len && l[len - 1] == '\r')
		len--;
	r->line_len = 0;
	if (len < 3 || l[0] < '2' || l[0] > '5' || l[1] < '0' || l[1] > '9' ||
	    l[2] < '0' || l[2] > '9')
		return resp_fail(r, HC_BAD_REPLY, -EBADMSG);
	if (len > 3 && l[3] != '-' && l[3] != ' ')
		return resp_fail(r, HC_BAD_REPLY, -EBADMSG);
	code = (l[0] - '0') * 100 + (l[1] - '0') * 10 + (l[2] - '0');
	if (r->lines++ == 0)
		r->code = code;
	else if (code != r->code)
		return resp_fail(r, HC_BAD_REPLY, -EBADMSG);
	if (len > 3 && l[3] == '-') {
		if (r->lines >= SMTP_REPLY_MAX_LINES)
			return resp_fail(r, HC_REPLY_TOO_LARGE, -EMSGSIZE);
		return SMTP_RESP_MORE;
	}
	r->done = 1;
	return SMTP_RESP_DONE;
}

int
smtp_resp_feed(struct smtp_resp *r, const void *data, size_t len,
	       size_t *consumed)
{
	const char *d = data;
	size_t used = 0;
	int ret = SMTP_RESP_MORE;

	if (r->err)
		ret = r->err;
	else if (r->done)
		ret = SMTP_RESP_DONE;
	while (ret == SMTP_RESP_MORE && used < len) {
		const char *lf = memchr(d + used, '\n', len - used);
		size_t n = lf ? (size_t)(lf - (d + used)) + 1 : len - used;
		size_t add = lf ? n - 1 : n;

		if (n > SMTP_LINE_MAX - r->line_len ||
		    n > SMTP_REPLY_MAX_BYTES - r->bytes) {
			ret = resp_fail(r, HC_REPLY_TOO_LARGE, -EMSGSIZE);
			break;
		}
		memcpy(r->line + r->line_len, d + used, add);
		r->line_len += add;
		r->bytes += n;
		used += n;
		if (lf)
			ret = line_done(r);
	}
	if (consumed)
		*consumed = used;
	return ret;
}

int
smtp_dialog_init(struct smtp_dialog *d, const char *helo_name)
{
	const char *s;

	if (!helo_name || !*helo_name || strlen(helo_name) > 255)
		return -EINVAL;
	for (s = helo_name; *s; s++)
		if ((unsigned char)*s <= 0x20 || *s == 0x7f)
			return -EINVAL;
	d->step = SMTP_STEP_BANNER;
	d->helo_name = helo_name;
	return 0;
}

/* Copy the command @cmd (with @arg appended, if any, and CRLF) to @out. */
static enum hc_result
put_cmd(char *out, size_t cap, size_t *out_len, const char *cmd, const char *arg)
{
	int n = 0;

	if (cmd)
		n = snprintf(out, cap, "%s%s%s\r\n", cmd, arg ? " " : "",
			     arg ? arg : "");
	else if (cap)
		out[0] = '\0';
	if (n < 0 || (size_t)n >= cap)
		return HC_INTERNAL;
	*out_len = (size_t)n;
	return HC_OK;
}

enum hc_result
smtp_dialog_reply(struct smtp_dialog *d, int code, char *out, size_t cap,
		  size_t *out_len)
{
	enum hc_result res;

	switch (d->step) {
	case SMTP_STEP_BANNER:
		if (code != 220)
			return HC_SMTP_CODE;
		res = put_cmd(out, cap, out_len, "HELO", d->helo_name);
		break;
	case SMTP_STEP_HELO:
		if (code != 250)
			return HC_SMTP_CODE;
		res = put_cmd(out, cap, out_len, "QUIT", NULL);
		break;
	case SMTP_STEP_QUIT:
		res = put_cmd(out, cap, out_len, NULL, NULL);
		break;
	default:
		return HC_INTERNAL;
	}
	if (res == HC_OK)
		d->step = (enum smtp_step)(d->step + 1);
	return res;
}
