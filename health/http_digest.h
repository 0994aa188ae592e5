/* http_digest.h: streaming MD5 of an HTTP body, as HTTP_GET/SSL_GET
 * "digest" compares it (OpenSSL EVP).
 *
 * Feed it the bytes http_resp delivers in HTTP_BODY_RAW mode to get the
 * same value keepalived and genhash print (see http_resp.h for exactly
 * which bytes that is).
 */
#ifndef IPVSD_HTTP_DIGEST_H
#define IPVSD_HTTP_DIGEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define HTTP_DIGEST_LEN 16
#define HTTP_DIGEST_HEX_LEN (2 * HTTP_DIGEST_LEN)

struct http_digest {
	void *ctx;		/* EVP_MD_CTX, opaque to callers */
};

/* http_digest_init: start a new MD5.  0, or -ENOMEM. */
int http_digest_init(struct http_digest *d);
/* http_digest_update: add @len bytes.  0, or -EIO (OpenSSL failure). */
int http_digest_update(struct http_digest *d, const void *data, size_t len);
/* http_digest_body_cb: http_body_cb adapter; @arg is a struct http_digest. */
int http_digest_body_cb(void *arg, const uint8_t *data, size_t len);
/* http_digest_final_hex: finish and write 32 lower-case hex digits and a
 * NUL to @hex.  0, or -EIO.  The context is freed either way. */
int http_digest_final_hex(struct http_digest *d, char hex[HTTP_DIGEST_HEX_LEN + 1]);
/* http_digest_free: release the context (safe twice, safe after final). */
void http_digest_free(struct http_digest *d);

/* http_digest_hex_valid: is @s exactly 32 hex digits (either case)? */
bool http_digest_hex_valid(const char *s);
/* http_digest_hex_equal: case-insensitive compare of two digests in hex;
 * false if either is not valid. */
bool http_digest_hex_equal(const char *a, const char *b);

#endif
