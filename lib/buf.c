/* buf.c: bounded big-endian reader and writer. */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "buf.h"

void
buf_reader_init(struct buf_reader *r, const void *data, size_t len)
{
	r->data = data;
	r->len = data ? len : 0;
	r->pos = 0;
}

size_t
buf_left(const struct buf_reader *r)
{
	return r->len - r->pos;
}

static int
buf_take(struct buf_reader *r, size_t len, const uint8_t **ret)
{
	if (buf_left(r) < len)
		return -EBADMSG;
	*ret = r->data + r->pos;
	r->pos += len;
	return 0;
}

int
buf_get_u8(struct buf_reader *r, uint8_t *ret)
{
	const uint8_t *p;

	if (buf_take(r, 1, &p) < 0)
		return -EBADMSG;
	*ret = p[0];
	return 0;
}

int
buf_get_be16(struct buf_reader *r, uint16_t *ret)
{
	const uint8_t *p;

	if (buf_take(r, 2, &p) < 0)
		return -EBADMSG;
	*ret = (uint16_t)((unsigned)p[0] << 8 | p[1]);
	return 0;
}

int
buf_get_be32(struct buf_reader *r, uint32_t *ret)
{
	const uint8_t *p;

	if (buf_take(r, 4, &p) < 0)
		return -EBADMSG;
	*ret = (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
	return 0;
}

int
buf_get_be64(struct buf_reader *r, uint64_t *ret)
{
	const uint8_t *p;
	uint64_t v = 0;
	int i;

	if (buf_take(r, 8, &p) < 0)
		return -EBADMSG;
	for (i = 0; i < 8; i++)
		v = v << 8 | p[i];
	*ret = v;
	return 0;
}

int
buf_get_bytes(struct buf_reader *r, void *ret, size_t len)
{
	const uint8_t *p;

	if (buf_take(r, len, &p) < 0)
		return -EBADMSG;
	if (len)
		memcpy(ret, p, len);
	return 0;
}

int
buf_get_ptr(struct buf_reader *r, const void **ret, size_t len)
{
	const uint8_t *p;

	if (buf_take(r, len, &p) < 0)
		return -EBADMSG;
	*ret = p;
	return 0;
}

int
buf_skip(struct buf_reader *r, size_t len)
{
	const uint8_t *p;

	return buf_take(r, len, &p);
}

int
buf_get_sub(struct buf_reader *r, struct buf_reader *sub, size_t len)
{
	const uint8_t *p;

	if (buf_take(r, len, &p) < 0)
		return -EBADMSG;
	buf_reader_init(sub, p, len);
	return 0;
}

void
buf_writer_init(struct buf_writer *w, void *data, size_t cap)
{
	w->data = data;
	w->cap = data ? cap : 0;
	w->len = 0;
}

static int
buf_room(struct buf_writer *w, size_t len, uint8_t **ret)
{
	if (w->cap - w->len < len)
		return -ENOBUFS;
	*ret = w->data + w->len;
	w->len += len;
	return 0;
}

int
buf_put_u8(struct buf_writer *w, uint8_t v)
{
	uint8_t *p;

	if (buf_room(w, 1, &p) < 0)
		return -ENOBUFS;
	p[0] = v;
	return 0;
}

int
buf_put_be16(struct buf_writer *w, uint16_t v)
{
	uint8_t *p;

	if (buf_room(w, 2, &p) < 0)
		return -ENOBUFS;
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
	return 0;
}

int
buf_put_be32(struct buf_writer *w, uint32_t v)
{
	uint8_t *p;
	int i;

	if (buf_room(w, 4, &p) < 0)
		return -ENOBUFS;
	for (i = 3; i >= 0; i--, v >>= 8)
		p[i] = (uint8_t)v;
	return 0;
}

int
buf_put_be64(struct buf_writer *w, uint64_t v)
{
	uint8_t *p;
	int i;

	if (buf_room(w, 8, &p) < 0)
		return -ENOBUFS;
	for (i = 7; i >= 0; i--, v >>= 8)
		p[i] = (uint8_t)v;
	return 0;
}

int
buf_put_bytes(struct buf_writer *w, const void *src, size_t len)
{
	uint8_t *p;

	if (buf_room(w, len, &p) < 0)
		return -ENOBUFS;
	if (len)
		memcpy(p, src, len);
	return 0;
}

int
buf_put_zero(struct buf_writer *w, size_t len)
{
	uint8_t *p;

	if (buf_room(w, len, &p) < 0)
		return -ENOBUFS;
	if (len)
		memset(p, 0, len);
	return 0;
}

int
buf_set_be16(struct buf_writer *w, size_t off, uint16_t v)
{
	if (off > w->len || w->len - off < 2)
		return -ENOBUFS;
	w->data[off] = (uint8_t)(v >> 8);
	w->data[off + 1] = (uint8_t)v;
	return 0;
}
