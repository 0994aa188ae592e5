/* http_digest.c: streaming MD5 over OpenSSL EVP. */
#include <errno.h>
#include <stdio.h>
#include <strings.h>

#include <openssl/evp.h>

#include "health/http_digest.h"

int
http_digest_init(struct http_digest *d)
{
	EVP_MD_CTX *c = EVP_MD_CTX_new();

	d->ctx = NULL;
	if (!c)
		return -ENOMEM;
	if (EVP_DigestInit_ex(c, EVP_md5(), NULL) != 1) {
		EVP_MD_CTX_free(c);
		return -EIO;
	}
	d->ctx = c;
	return 0;
}

int
http_digest_update(struct http_digest *d, const void *data, size_t len)
{
	if (!d->ctx)
		return -EINVAL;
	if (len && EVP_DigestUpdate(d->ctx, data, len) != 1)
		return -EIO;
	return 0;
}

int
http_digest_body_cb(void *arg, const uint8_t *data, size_t len)
{
	return http_digest_update(arg, data, len);
}

int
http_digest_final_hex(struct http_digest *d, char hex[HTTP_DIGEST_HEX_LEN + 1])
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int n = 0, i;
	int ok;

	if (!d->ctx)
		return -EINVAL;
	ok = EVP_DigestFinal_ex(d->ctx, md, &n) == 1 && n == HTTP_DIGEST_LEN;
	http_digest_free(d);
	if (!ok)
		return -EIO;
	for (i = 0; i < HTTP_DIGEST_LEN; i++)
		snprintf(hex + 2 * i, 3, "%02x", md[i]);
	return 0;
}

void
http_digest_free(struct http_digest *d)
{
	EVP_MD_CTX_free(d->ctx);
	d->ctx = NULL;
}

bool
http_digest_hex_valid(const char *s)
{
	size_t i;

	for (i = 0; i < HTTP_DIGEST_HEX_LEN; i++) {
		char c = s[i];

		if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
		      (c >= 'A' && c <= 'F')))
			return false;
	}
	return s[i] == '\0';
}

bool
http_digest_hex_equal(const char *a, const char *b)
{
	return http_digest_hex_valid(a) && http_digest_hex_valid(b) &&
	       strcasecmp(a, b) == 0;
}
