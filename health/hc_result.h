/* hc_result.h: outcome of one health check attempt.
 *
 * Every checker (TCP, HTTP/SSL, SMTP, DNS, UDP, PING, MISC, FILE) ends an
 * attempt with exactly one of these values; HC_OK is the only success.
 * The protocol codecs in health/ report their failures with the same enum so
 * that a checker can pass a codec's verdict straight up, and the daemon can
 * log hc_result_str() as the reason.
 *
 * The numeric values cross process boundaries (health/hc_proto.h carries
 * one as a reason code): append new values before HC_RESULT_COUNT, never
 * renumber or remove.
 */
#ifndef IPVSD_HC_RESULT_H
#define IPVSD_HC_RESULT_H

enum hc_result {
	HC_OK = 0,
	HC_REFUSED,		/* connection refused / port unreachable */
	HC_TIMEOUT,		/* a step (connect, write, read) ran out of time */
	HC_CONNECT_ERROR,	/* connect failed otherwise (no route, ...) */
	HC_WRITE_ERROR,		/* send failed or was short */
	HC_READ_ERROR,		/* recv failed */
	HC_NO_REPLY,		/* peer closed before sending anything usable */
	HC_BAD_REPLY,		/* reply does not parse as the protocol */
	HC_REPLY_TOO_LARGE,	/* reply exceeded a byte limit */
	HC_HEADER_TOO_LARGE,	/* HTTP status line/header over a limit */
	HC_WRONG_STATUS,	/* HTTP status code not in the accepted set */
	HC_DIGEST_MISMATCH,	/* HTTP body MD5 differs from the configured one */
	HC_REGEX_MISMATCH,	/* HTTP body regex (no_)match failed */
	HC_TLS_ERROR,		/* TLS handshake or record error */
	HC_WRONG_DNS_ID,	/* DNS reply id differs from the query's */
	HC_DNS_RCODE,		/* DNS reply with non-zero rcode */
	HC_DNS_NO_ANSWER,	/* DNS reply without an answer of the asked type */
	HC_SMTP_CODE,		/* SMTP reply code not the expected one */
	HC_REPLY_MISMATCH,	/* UDP reply data or length not as required */
	HC_WRONG_ICMP,		/* ICMP reply of the wrong type, id or sequence */
	HC_SCRIPT_FAILED,	/* MISC_CHECK script exit status says down */
	HC_SCRIPT_TIMEOUT,	/* MISC_CHECK script killed after its timeout */
	HC_INTERNAL,		/* our own resource failure (socket, memory) */
	HC_UNREACHABLE,		/* ICMP destination (host/net) unreachable */
	HC_SCRIPT_SIGNAL,	/* MISC_CHECK script killed by a signal */
	HC_SCRIPT_NOT_RUN,	/* MISC_CHECK script refused or could not start */
	HC_FILE_DOWN,		/* FILE_CHECK value says down */
	HC_RESULT_COUNT
};

/* hc_result_str: short lower-case reason, never NULL ("unknown result" for
 * values outside the enum). */
const char *hc_result_str(enum hc_result r);

#endif
