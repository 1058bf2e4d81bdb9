/*
 * test_target.c - target strings as an administrator types them
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "net/target.h"

static const struct {
	const char	*in;
	int		 want_rv;
	const char	*want_host;
	uint16_t	 want_port;	/* 0: none given */
	bool		 want_literal;
} cases[] = {
	{ "mx.example.org", 0, "mx.example.org", 0, false },
	{ "mx.example.org:587", 0, "mx.example.org", 587, false },
	{ "127.0.0.1:10025", 0, "127.0.0.1", 10025, true },
	{ "127.0.0.1", 0, "127.0.0.1", 0, true },
	{ "[::1]:465", 0, "::1", 465, true },
	{ "[2001:db8::25]", 0, "2001:db8::25", 0, true },
	{ "2001:db8::25", 0, "2001:db8::25", 0, true },
	{ "mx.example.org:0", -1, NULL, 0, false },
	{ "mx.example.org:65536", -1, NULL, 0, false },
	{ "mx.example.org:25x", -1, NULL, 0, false },
	{ "mx.example.org:", -1, NULL, 0, false },
	{ "[::1", -1, NULL, 0, false },
	{ "[::1]x", -1, NULL, 0, false },
	{ "", -1, NULL, 0, false },
	{ "mx example", -1, NULL, 0, false },
	{ "mx.example.org/25", -1, NULL, 0, false },
	{ "1:2:3:zz", -1, NULL, 0, false },
	{ "h\xc3\xa9llo.example", -1, NULL, 0, false },
};

static void
test_parse_table(void **state)
{
	struct mt_target_spec spec;
	struct mt_error err;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		mt_error_clear(&err);
		int rv = mt_target_parse(cases[i].in, &spec, &err);

		if (rv != cases[i].want_rv)
			fail_msg("%s: got %d, want %d (%s)", cases[i].in, rv,
			    cases[i].want_rv, err.msg);
		if (rv != 0) {
			assert_int_equal(err.code, MT_ERR_USAGE);
			assert_true(err.msg[0] != '\0');
			continue;
		}
		assert_string_equal(spec.host, cases[i].want_host);
		assert_int_equal(spec.port, cases[i].want_port);
		assert_int_equal(spec.is_literal, cases[i].want_literal);
	}
}

static void
test_parse_long(void **state)
{
	char big[2048];
	struct mt_target_spec spec;
	struct mt_error err;

	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	assert_int_equal(mt_target_parse(big, &spec, &err), -1);
	big[300] = '\0';
	assert_int_equal(mt_target_parse(big, &spec, &err), -1);
}

static void
test_resolve_literal(void **state)
{
	struct sockaddr_storage ss;
	struct mt_error err;
	socklen_t len;
	char num[64];

	assert_int_equal(mt_target_resolve("127.0.0.1", 25, AF_UNSPEC, &ss,
	    &len, num, sizeof(num), &err), 0);
	assert_string_equal(num, "127.0.0.1");
	/* An IPv4 literal cannot be had as IPv6: a clear resolve error. */
	assert_int_equal(mt_target_resolve("127.0.0.1", 25, AF_INET6, &ss,
	    &len, num, sizeof(num), &err), -1);
	assert_int_equal(err.code, MT_ERR_RESOLVE);
	assert_non_null(strstr(err.msg, "cannot resolve 127.0.0.1"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_table),
		cmocka_unit_test(test_parse_long),
		cmocka_unit_test(test_resolve_literal),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
