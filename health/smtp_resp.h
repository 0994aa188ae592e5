/* smtp_resp.h: SMTP reply parser and the SMTP_CHECK dialogue.
 *
 * A reply (RFC 5321 §4.2) is one or more lines "NNN-text" ending with a
 * line "NNN text" or "NNN"; every line carries the same code, the first
 * digit is 2..5.  The parser is push style and bounded: a line longer than
 * SMTP_LINE_MAX bytes (CRLF included), more than SMTP_REPLY_MAX_LINES
 * lines or SMTP_REPLY_MAX_BYTES bytes in one reply fail with
 * HC_REPLY_TOO_LARGE; anything else malformed fails with HC_BAD_REPLY.
 * Lines may end in CRLF or a bare LF.
 *
 * Dialogue, as keepalived runs it: read the banner, which must be 220;
 * send "HELO <helo_name>\r\n", whose reply must be 250; send "QUIT\r\n"
 * and read one reply, whatever its code.  A wrong code is HC_SMTP_CODE.
 */
#ifndef IPVSD_SMTP_RESP_H
#define IPVSD_SMTP_RESP_H

#include <stddef.h>

#include "health/hc_result.h"

#define SMTP_LINE_MAX 1000
#define SMTP_REPLY_MAX_LINES 64
#define SMTP_REPLY_MAX_BYTES 16384

struct smtp_resp {
	char line[SMTP_LINE_MAX + 1];
	size_t line_len;
	size_t bytes;		/* of this reply so far */
	unsigned lines;		/* complete lines of this reply */
	int code;		/* of the first line; final once DONE */
	int done;
	int err;		/* -errno once failed */
	enum hc_result result;
};

#define SMTP_RESP_MORE 0
#define SMTP_RESP_DONE 1

/* smtp_resp_init: ready for a new reply. */
void smtp_resp_init(struct smtp_resp *r);
/* smtp_resp_feed: parse up to @len bytes; *consumed (may be NULL) gets how
 * many were used: parsing stops right after the final line, so what
 * follows belongs to the next reply.  Returns SMTP_RESP_MORE,
 * SMTP_RESP_DONE (->code valid), or -EBADMSG / -EMSGSIZE with ->result. */
int smtp_resp_feed(struct smtp_resp *r, const void *data, size_t len,
		   size_t *consumed);

enum smtp_step { SMTP_STEP_BANNER = 0, SMTP_STEP_HELO, SMTP_STEP_QUIT,
		 SMTP_STEP_DONE };

struct smtp_dialog {
	enum smtp_step step;	/* whose reply we wait for */
	const char *helo_name;
};

/* smtp_dialog_init: start at the banner.  -EINVAL if @helo_name is empty
 * or holds spaces or control characters (no command injection). */
int smtp_dialog_init(struct smtp_dialog *d, const char *helo_name);
/* smtp_dialog_reply: feed the code of the complete reply to the current
 * step.  On HC_OK the command to send next (possibly none, len 0, once
 * the dialogue is over: step SMTP_STEP_DONE) is written with a NUL to @out
 * and its length to *out_len.  Returns HC_OK, HC_SMTP_CODE, or
 * HC_INTERNAL if @out is too small or the dialogue is already over. */
enum hc_result smtp_dialog_reply(struct smtp_dialog *d, int code, char *out,
				 size_t cap, size_t *out_len);

#endif
