/* hc_result.c: names of health check outcomes. */
#include "health/hc_result.h"

static const char *const hc_result_names[HC_RESULT_COUNT] = {
	[HC_OK] = "ok",
	[HC_REFUSED] = "connection refused",
	[HC_TIMEOUT] = "timeout",
	[HC_CONNECT_ERROR] = "connect error",
	[HC_WRITE_ERROR] = "write error",
	[HC_READ_ERROR] = "read error",
	[HC_NO_REPLY] = "no reply",
	[HC_BAD_REPLY] = "malformed reply",
	[HC_REPLY_TOO_LARGE] = "reply too large",
	[HC_HEADER_TOO_LARGE] = "reply header too large",
	[HC_WRONG_STATUS] = "unexpected status code",
	[HC_DIGEST_MISMATCH] = "digest mismatch",
	[HC_REGEX_MISMATCH] = "regex mismatch",
	[HC_TLS_ERROR] = "tls error",
	[HC_WRONG_DNS_ID] = "wrong dns id",
	[HC_DNS_RCODE] = "dns error rcode",
	[HC_DNS_NO_ANSWER] = "no dns answer of the asked type",
	[HC_SMTP_CODE] = "unexpected smtp reply code",
	[HC_REPLY_MISMATCH] = "reply data mismatch",
	[HC_WRONG_ICMP] = "unexpected icmp reply",
	[HC_SCRIPT_FAILED] = "script reported failure",
	[HC_SCRIPT_TIMEOUT] = "script timeout",
	[HC_INTERNAL] = "internal error",
	[HC_UNREACHABLE] = "destination unreachable",
	[HC_SCRIPT_SIGNAL] = "script killed by signal",
	[HC_SCRIPT_NOT_RUN] = "script could not run",
	[HC_FILE_DOWN] = "file value says down",
};

const char *
hc_result_str(enum hc_result r)
{
	if ((unsigned)r >= HC_RESULT_COUNT || !hc_result_names[r])
		return "unknown result";
	return hc_result_names[r];
}
