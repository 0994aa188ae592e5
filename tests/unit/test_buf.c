/* test_buf.c: bounded reader/writer. */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "ck_run.h"

START_TEST(test_read_all_widths)
{
	static const uint8_t in[] = { 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07,
		0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f, 0x10, 'x', 'y' };
	struct buf_reader r;
	uint8_t u8;
	uint16_t u16;
	uint32_t u32;
	uint64_t u64;
	char two[2];

	buf_reader_init(&r, in, sizeof(in));
	ck_assert_int_eq(buf_get_u8(&r, &u8), 0);
	ck_assert_uint_eq(u8, 0x01);
	ck_assert_int_eq(buf_get_be16(&r, &u16), 0);
	ck_assert_uint_eq(u16, 0x0203);
	ck_assert_int_eq(buf_get_be32(&r, &u32), 0);
	ck_assert_uint_eq(u32, 0x04050607u);
	ck_assert_int_eq(buf_get_be64(&r, &u64), 0);
	ck_assert(u64 == 0x08090a0b0c0d0e0fULL);
	ck_assert_int_eq(buf_skip(&r, 1), 0);
	ck_assert_int_eq(buf_get_bytes(&r, two, 2), 0);
	ck_assert(memcmp(two, "xy", 2) == 0);
	ck_assert_uint_eq(buf_left(&r), 0);
	ck_assert_int_eq(buf_get_u8(&r, &u8), -EBADMSG);
}
END_TEST

START_TEST(test_short_read_leaves_state)
{
	static const uint8_t in[] = { 0xaa, 0xbb, 0xcc };
	struct buf_reader r, sub;
	uint32_t u32 = 0x12345678;
	uint64_t u64 = 7;
	uint16_t u16;
	const void *p = NULL;
	uint8_t big[4];

	buf_reader_init(&r, in, sizeof(in));
	ck_assert_int_eq(buf_get_be32(&r, &u32), -EBADMSG);
	ck_assert_uint_eq(u32, 0x12345678);	/* untouched */
	ck_assert_uint_eq(buf_left(&r), 3);	/* cursor unchanged */
	ck_assert_int_eq(buf_get_be64(&r, &u64), -EBADMSG);
	ck_assert(u64 == 7);
	ck_assert_int_eq(buf_get_bytes(&r, big, 4), -EBADMSG);
	ck_assert_int_eq(buf_get_ptr(&r, &p, 4), -EBADMSG);
	ck_assert_ptr_null(p);
	ck_assert_int_eq(buf_skip(&r, 4), -EBADMSG);
	ck_assert_int_eq(buf_get_sub(&r, &sub, 2), 0);
	ck_assert_uint_eq(buf_left(&r), 1);
	ck_assert_int_eq(buf_get_be16(&sub, &u16), 0);
	ck_assert_uint_eq(u16, 0xaabb);
	ck_assert_int_eq(buf_get_u8(&sub, big), -EBADMSG);	/* sub is bounded */
	ck_assert_int_eq(buf_get_sub(&r, &sub, 2), -EBADMSG);
	/* huge lengths must not wrap around */
	ck_assert_int_eq(buf_skip(&r, (size_t)-1), -EBADMSG);
	ck_assert_int_eq(buf_get_ptr(&r, &p, (size_t)-1), -EBADMSG);
}
END_TEST

START_TEST(test_empty_reader)
{
	struct buf_reader r;
	uint8_t u8;

	buf_reader_init(&r, NULL, 10);
	ck_assert_uint_eq(buf_left(&r), 0);
	ck_assert_int_eq(buf_get_u8(&r, &u8), -EBADMSG);
	ck_assert_int_eq(buf_get_bytes(&r, &u8, 0), 0);
}
END_TEST

START_TEST(test_write_and_overflow)
{
	uint8_t out[16];
	struct buf_writer w;
	static const uint8_t want[] = { 0x01, 0x02, 0x03, 0x04, 0x05, 0x06,
		0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f, 0x00 };

	memset(out, 0xee, sizeof(out));
	buf_writer_init(&w, out, sizeof(out));
	ck_assert_int_eq(buf_put_u8(&w, 0x01), 0);
	ck_assert_int_eq(buf_put_be16(&w, 0x0203), 0);
	ck_assert_int_eq(buf_put_be32(&w, 0x04050607u), 0);
	ck_assert_int_eq(buf_put_be64(&w, 0x08090a0b0c0d0e0fULL), 0);
	ck_assert_uint_eq(w.len, 15);
	ck_assert_int_eq(buf_put_be16(&w, 0xffff), -ENOBUFS);
	ck_assert_int_eq(buf_put_bytes(&w, "ab", 2), -ENOBUFS);
	ck_assert_int_eq(buf_put_be32(&w, 1), -ENOBUFS);
	ck_assert_int_eq(buf_put_be64(&w, 1), -ENOBUFS);
	ck_assert_int_eq(buf_put_zero(&w, 2), -ENOBUFS);
	ck_assert_uint_eq(w.len, 15);
	ck_assert_uint_eq(out[15], 0xee);	/* nothing written past */
	ck_assert_int_eq(buf_put_zero(&w, 1), 0);
	ck_assert(memcmp(out, want, sizeof(want)) == 0);
	ck_assert_int_eq(buf_put_u8(&w, 0), -ENOBUFS);
	ck_assert_int_eq(buf_set_be16(&w, 1, 0xbeef), 0);
	ck_assert_uint_eq(out[1], 0xbe);
	ck_assert_uint_eq(out[2], 0xef);
	ck_assert_int_eq(buf_set_be16(&w, 15, 1), -ENOBUFS);
	ck_assert_int_eq(buf_set_be16(&w, (size_t)-1, 1), -ENOBUFS);
}
END_TEST

START_TEST(test_roundtrip)
{
	uint8_t out[32];
	struct buf_writer w;
	struct buf_reader r;
	uint64_t v64;
	uint32_t v32;
	uint16_t v16;

	buf_writer_init(&w, out, sizeof(out));
	ck_assert_int_eq(buf_put_be64(&w, UINT64_MAX - 5), 0);
	ck_assert_int_eq(buf_put_be32(&w, 0x80000001u), 0);
	ck_assert_int_eq(buf_put_be16(&w, 0x8001), 0);
	buf_reader_init(&r, out, w.len);
	ck_assert_int_eq(buf_get_be64(&r, &v64), 0);
	ck_assert(v64 == UINT64_MAX - 5);
	ck_assert_int_eq(buf_get_be32(&r, &v32), 0);
	ck_assert_uint_eq(v32, 0x80000001u);
	ck_assert_int_eq(buf_get_be16(&r, &v16), 0);
	ck_assert_uint_eq(v16, 0x8001);
	ck_assert_uint_eq(buf_left(&r), 0);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("buf");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_read_all_widths);
	tcase_add_test(tc, test_short_read_leaves_state);
	tcase_add_test(tc, test_empty_reader);
	tcase_add_test(tc, test_write_and_overflow);
	tcase_add_test(tc, test_roundtrip);
	suite_add_tcase(s, tc);
	return ck_run(s);
}
