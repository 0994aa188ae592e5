/* buf.h: bounded wire reader and writer (big-endian integers, raw bytes).
 *
 * A reader walks a caller-owned byte range; every getter checks the
 * remaining length first and returns -EBADMSG on a short read without
 * moving the cursor or touching the out-parameter.  A writer fills a
 * caller-owned buffer and returns -ENOBUFS when a put would overflow, again
 * without writing anything.  Byte order conversion happens here and in the
 * wire codecs built on top, never in their callers.
 */
#ifndef IPVSD_BUF_H
#define IPVSD_BUF_H

#include <stddef.h>
#include <stdint.h>

struct buf_reader {
	const uint8_t *data;
	size_t len;
	size_t pos;
};

struct buf_writer {
	uint8_t *data;
	size_t cap;
	size_t len;
};

/* buf_reader_init: read @len bytes starting at @data. */
void buf_reader_init(struct buf_reader *r, const void *data, size_t len);
/* buf_left: bytes not yet consumed. */
size_t buf_left(const struct buf_reader *r);

/* Getters: 0 on success, -EBADMSG if fewer bytes remain than needed. */
int buf_get_u8(struct buf_reader *r, uint8_t *ret);
int buf_get_be16(struct buf_reader *r, uint16_t *ret);
int buf_get_be32(struct buf_reader *r, uint32_t *ret);
int buf_get_be64(struct buf_reader *r, uint64_t *ret);
/* buf_get_bytes: copy @len bytes to @ret. */
int buf_get_bytes(struct buf_reader *r, void *ret, size_t len);
/* buf_get_ptr: point *ret at the next @len bytes (no copy) and consume them. */
int buf_get_ptr(struct buf_reader *r, const void **ret, size_t len);
/* buf_skip: consume @len bytes. */
int buf_skip(struct buf_reader *r, size_t len);
/* buf_get_sub: split the next @len bytes off into their own reader @sub. */
int buf_get_sub(struct buf_reader *r, struct buf_reader *sub, size_t len);

/* buf_writer_init: write into @cap bytes at @data. */
void buf_writer_init(struct buf_writer *w, void *data, size_t cap);
/* Putters: 0 on success, -ENOBUFS if it would not fit (nothing written). */
int buf_put_u8(struct buf_writer *w, uint8_t v);
int buf_put_be16(struct buf_writer *w, uint16_t v);
int buf_put_be32(struct buf_writer *w, uint32_t v);
int buf_put_be64(struct buf_writer *w, uint64_t v);
int buf_put_bytes(struct buf_writer *w, const void *src, size_t len);
/* buf_put_zero: append @len zero bytes. */
int buf_put_zero(struct buf_writer *w, size_t len);
/* buf_set_be16: overwrite two bytes at @off (< len) in place, e.g. a length
 * or checksum field written after the body. -ENOBUFS if out of range. */
int buf_set_be16(struct buf_writer *w, size_t off, uint16_t v);

#endif
