/*
 * test_cbs.c - mt_cbs reader and mt_cbb builder
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/cbs.h"

static void
test_get_ints(void **state)
{
	static const uint8_t in[] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 };
	struct mt_cbs cbs;
	uint8_t u8;
	uint16_t u16;
	uint32_t u24, u32;

	mt_cbs_init(&cbs, in, sizeof(in));
	assert_true(mt_cbs_get_u8(&cbs, &u8));
	assert_int_equal(u8, 1);
	assert_true(mt_cbs_get_u16(&cbs, &u16));
	assert_int_equal(u16, 0x0203);
	assert_true(mt_cbs_get_u24(&cbs, &u24));
	assert_int_equal(u24, 0x040506);
	assert_true(mt_cbs_get_u32(&cbs, &u32));
	assert_int_equal(u32, 0x0708090a);
	assert_int_equal(mt_cbs_len(&cbs), 0);
	assert_int_equal(mt_cbs_offset(&cbs), sizeof(in));
	assert_false(mt_cbs_get_u8(&cbs, &u8));
}

static void
test_failed_get_does_not_advance(void **state)
{
	static const uint8_t in[] = { 0x00, 0x05, 'a', 'b' };
	struct mt_cbs cbs, sub;
	uint32_t u32;

	mt_cbs_init(&cbs, in, sizeof(in));
	assert_false(mt_cbs_get_u16_prefixed(&cbs, &sub));	/* 5 > 2 left */
	assert_int_equal(mt_cbs_len(&cbs), 4);
	assert_true(mt_cbs_get_u32(&cbs, &u32));
	assert_false(mt_cbs_get_u32(&cbs, &u32));
}

/* Every proper prefix of a valid u8/u16/u24-prefixed message must fail. */
static void
test_prefixed_every_prefix(void **state)
{
	static const uint8_t in[] = { 2, 'h', 'i', 0, 1, 'x', 0, 0, 2, 'o',
	    'k' };
	struct mt_cbs cbs, a, b, c;
	size_t n;

	for (n = 0; n <= sizeof(in); n++) {
		bool ok;

		mt_cbs_init(&cbs, in, n);
		ok = mt_cbs_get_u8_prefixed(&cbs, &a) &&
		    mt_cbs_get_u16_prefixed(&cbs, &b) &&
		    mt_cbs_get_u24_prefixed(&cbs, &c) &&
		    mt_cbs_len(&cbs) == 0;
		if (n < sizeof(in))
			assert_false(ok);
		else {
			assert_true(ok);
			assert_int_equal(mt_cbs_len(&a), 2);
			assert_memory_equal(mt_cbs_data(&c), "ok", 2);
		}
	}
}

static void
test_strdup_rejects_nul(void **state)
{
	static const uint8_t good[] = { 'a', 'b' }, bad[] = { 'a', 0, 'b' };
	struct mt_cbs cbs;
	char *s = NULL;

	mt_cbs_init(&cbs, good, sizeof(good));
	assert_true(mt_cbs_strdup(&cbs, &s));
	assert_string_equal(s, "ab");
	free(s);
	mt_cbs_init(&cbs, bad, sizeof(bad));
	assert_false(mt_cbs_strdup(&cbs, &s));
}

static void
test_cbb_nested_prefixes(void **state)
{
	static const uint8_t want[] = { 0x16, 0x00, 0x08, 0x00, 0x00, 0x03,
	    0x01, 0x02, 0x03, 0xff, 0xee };
	uint8_t buf[64];
	struct mt_cbb cbb;
	size_t n;

	mt_cbb_init(&cbb, buf, sizeof(buf));
	assert_true(mt_cbb_add_u8(&cbb, 0x16));
	assert_true(mt_cbb_open_u16(&cbb));
	assert_true(mt_cbb_open_u24(&cbb));
	assert_true(mt_cbb_add_bytes(&cbb, (const uint8_t *)"\1\2\3", 3));
	assert_true(mt_cbb_close(&cbb));
	assert_true(mt_cbb_add_u16(&cbb, 0xffee));
	assert_false(mt_cbb_finish(&cbb, &n));	/* one block still open */
	assert_true(mt_cbb_close(&cbb));
	assert_true(mt_cbb_finish(&cbb, &n));
	assert_int_equal(n, sizeof(want));
	assert_memory_equal(buf, want, sizeof(want));
}

static void
test_cbb_capacity(void **state)
{
	uint8_t buf[4];
	struct mt_cbb cbb;
	size_t n;

	mt_cbb_init(&cbb, buf, sizeof(buf));
	assert_true(mt_cbb_open_u8(&cbb));
	assert_true(mt_cbb_add_u16(&cbb, 1));
	assert_false(mt_cbb_add_u16(&cbb, 2));		/* would be 5 bytes */
	assert_false(mt_cbb_close(&cbb));		/* stays failed */
	assert_false(mt_cbb_finish(&cbb, &n));
}

static void
test_cbb_u8_prefix_overflow(void **state)
{
	uint8_t buf[512], big[300];
	struct mt_cbb cbb;

	memset(big, 'x', sizeof(big));
	mt_cbb_init(&cbb, buf, sizeof(buf));
	assert_true(mt_cbb_open_u8(&cbb));
	assert_true(mt_cbb_add_bytes(&cbb, big, sizeof(big)));
	assert_false(mt_cbb_close(&cbb));		/* 300 > 255 */
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_get_ints),
		cmocka_unit_test(test_failed_get_does_not_advance),
		cmocka_unit_test(test_prefixed_every_prefix),
		cmocka_unit_test(test_strdup_rejects_nul),
		cmocka_unit_test(test_cbb_nested_prefixes),
		cmocka_unit_test(test_cbb_capacity),
		cmocka_unit_test(test_cbb_u8_prefix_overflow),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
