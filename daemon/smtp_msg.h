/* smtp_msg.h: keepalived's mail alerts as text, and the client side of
 * their SMTP dialogue (pure code: no sockets, no clock, no logging).
 *
 * Texts are keepalived 2.2's (core/smtp.c and its callers), which mail
 * filters key on:
 *	Subject: [ROUTER_ID] Realserver RS of virtual server VS - UP|DOWN
 *	Subject: [ROUTER_ID] Virtualserver VS - UP|DOWN
 *	Subject: [ROUTER_ID] VRRP Instance NAME - Entering MASTER state
 *	Subject: [ROUTER_ID] VRRP Group NAME - Entering BACKUP state
 * with a one-line body such as "=> TCP CHECK failed on service <=".  The
 * message is "Date, From, Subject, X-Mailer: Keepalived, To" headers, a
 * blank line, the body, and the terminating "." line.
 *
 * Dialogue (RFC 5321, as keepalived runs it): banner 220, HELO 250,
 * MAIL FROM:<from> 250, RCPT TO:<addr> 250 (or 251) once per recipient,
 * DATA 354, message 250, QUIT (any reply).  Any other code ends the
 * dialogue in failure (QUIT is still offered to the server).
 */
#ifndef IPVSD_SMTP_MSG_H
#define IPVSD_SMTP_MSG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#define SMTP_MSG_SUBJECT_MAX 256	/* keepalived MAX_HEADERS_LENGTH */
#define SMTP_MSG_BODY_MAX 512		/* keepalived MAX_BODY_LENGTH */
#define SMTP_MSG_ADDR_MAX 254		/* one mail address (RFC 5321 path) */

/* State words of a VRRP mail (enum vrrp_state is not needed here). */
enum smtp_msg_vrrp_state {
	SMTP_VRRP_MASTER, SMTP_VRRP_BACKUP, SMTP_VRRP_FAULT, SMTP_VRRP_STOP,
};

/* smtp_msg_subject_rs: "[rid] Realserver RS of virtual server VS - UP". */
void smtp_msg_subject_rs(char *buf, size_t len, const char *rid, const char *rs,
			 const char *vs, bool up);
/* smtp_msg_subject_vs: "[rid] Virtualserver VS - UP" (quorum). */
void smtp_msg_subject_vs(char *buf, size_t len, const char *rid, const char *vs,
			 bool up);
/* smtp_msg_vrrp: subject and body of an instance (@group false) or sync
 * group transition. */
void smtp_msg_vrrp(char *subj, size_t slen, char *body, size_t blen,
		   const char *rid, bool group, const char *name,
		   enum smtp_msg_vrrp_state s);
/* smtp_msg_body_check: the body of a real server mail from the checker
 * @type (enum conf_chk_type value) that changed, e.g. "=> TCP CHECK
 * succeed on service <="; @reason (may be NULL) details an SMTP_CHECK
 * failure. */
void smtp_msg_body_check(char *buf, size_t len, int type, bool up, const char *reason);
/* smtp_msg_body_rs_gone: the body of keepalived's mail for a live real
 * server taken out of the table by a reload ("=> Removing <=", subject
 * "... - DOWN") or at stop ("=> Shutting down <="). */
const char *smtp_msg_body_rs_gone(bool stopping);
/* smtp_msg_body_quorum: "=> Gained quorum 2+0=2 <= 3 <=" and the other
 * keepalived variants (Lost, Starting with quorum up/down, Shutting down). */
void smtp_msg_body_quorum(char *buf, size_t len, bool up, bool init, bool stopping,
			  long long quorum, long long hysteresis, long long threshold,
			  long long weight);

/* smtp_msg_date: RFC 5322 date of @t in local time ("Tue, 24 Nov 2026
 * 01:02:03 +0000"). */
void smtp_msg_date(char *buf, size_t len, time_t t);
/* smtp_msg_addr_ok: @a is usable in MAIL FROM/RCPT TO and in headers:
 * 1..SMTP_MSG_ADDR_MAX printable characters, no blank, '<', '>' or ','. */
bool smtp_msg_addr_ok(const char *a);
/* smtp_msg_data: the message (headers, body, final ".") for DATA into
 * @out.  Control characters in header values become spaces; body lines
 * starting with '.' are dot-stuffed; bare LF become CRLF.  Returns the
 * length, or -ENOSPC if @cap is too small. */
long smtp_msg_data(char *out, size_t cap, const char *date, const char *from,
		   const char *subject, const char *to, const char *body);

/* ---- the dialogue ---- */
enum smtp_dlg_step {
	SMTP_DLG_BANNER = 0, SMTP_DLG_HELO, SMTP_DLG_MAIL, SMTP_DLG_RCPT,
	SMTP_DLG_DATA, SMTP_DLG_BODY, SMTP_DLG_QUIT, SMTP_DLG_DONE,
};

/* What smtp_dlg_reply() returns. */
#define SMTP_DLG_SEND	0	/* send out/out_len, then read the next reply */
#define SMTP_DLG_END	1	/* over: close; ->sent tells the outcome */
#define SMTP_DLG_FAIL	2	/* refused: send out/out_len (QUIT), close */

struct smtp_dlg {
	enum smtp_dlg_step step;	/* whose reply is awaited */
	const char *helo, *from;
	const char *const *rcpt;
	size_t n_rcpt, next_rcpt;
	const char *data;		/* from smtp_msg_data() */
	size_t data_len;
	bool sent;			/* the server accepted the message */
	enum smtp_dlg_step fail_step;	/* where it failed (if FAIL) */
	int fail_code;
	const char *out;		/* next bytes to send */
	size_t out_len;
	char cmd[SMTP_MSG_ADDR_MAX + 16];
};

/* smtp_dlg_init: ready for the banner.  The strings must outlive @d.
 * -EINVAL if @helo is not one word of printable characters, if an address
 * fails smtp_msg_addr_ok() or if there is no recipient. */
int smtp_dlg_init(struct smtp_dlg *d, const char *helo, const char *from,
		  const char *const *rcpt, size_t n_rcpt, const char *data,
		  size_t data_len);
/* smtp_dlg_reply: the code of the complete reply to the current step;
 * sets d->out/out_len.  Returns SMTP_DLG_SEND, SMTP_DLG_END or
 * SMTP_DLG_FAIL (then fail_step/fail_code say why). */
int smtp_dlg_reply(struct smtp_dlg *d, int code);
/* smtp_dlg_step_str: "banner", "HELO", "MAIL FROM", "RCPT TO", "DATA",
 * "message", "QUIT", "end". */
const char *smtp_dlg_step_str(enum smtp_dlg_step s);

#endif
