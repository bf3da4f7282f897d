/* Unit tests of util: strbuf, string helpers, array growth. */
#include "unit.h"

#include "util.h"

static void test_strbuf(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	char *s;
	(void)state;

	assert_string_equal(strbuf_str(&sb), "");
	strbuf_addstr(&sb, "ab");
	strbuf_addch(&sb, 'c');
	strbuf_addf(&sb, "%d-%s", 42, "x");
	assert_string_equal(strbuf_str(&sb), "abc42-x");
	assert_int_equal(sb.len, 7);
	strbuf_reset(&sb);
	assert_string_equal(strbuf_str(&sb), "");
	for (int i = 0; i < 1000; i++)
		strbuf_addstr(&sb, "0123456789");
	assert_int_equal(sb.len, 10000);
	s = strbuf_detach(&sb);
	assert_int_equal(strlen(s), 10000);
	assert_null(sb.buf);
	free(s);
	s = strbuf_detach(&sb);
	assert_string_equal(s, "");
	free(s);
}

static void test_strings(void **state)
{
	char buf[] = "  Mixed Case \t";
	long v = 0;
	char *s;
	(void)state;

	assert_string_equal(str_trim(buf), "Mixed Case");
	assert_string_equal(str_upper(buf), "MIXED CASE");
	assert_true(str_caseeq("am_api", "AM_API"));
	assert_false(str_caseeq("am_api", NULL));
	assert_true(str_casecmp("a", "B") < 0);
	assert_int_equal(str_tolong("-1234", &v), 0);
	assert_int_equal(v, -1234);
	assert_int_equal(str_tolong("12x", &v), -1);
	assert_int_equal(str_tolong("", &v), -1);
	s = xasprintf("%s=%d", "k", 7);
	assert_string_equal(s, "k=7");
	free(s);
	assert_null(xstrdup(NULL));
	s = xstrndup("abcdef", 3);
	assert_string_equal(s, "abc");
	free(s);
}

static void test_alloc_grow(void **state)
{
	int *arr = NULL;
	size_t n = 0, alloc = 0;
	(void)state;

	for (int i = 0; i < 100; i++) {
		ALLOC_GROW(arr, n + 1, alloc);
		arr[n++] = i;
	}
	assert_true(alloc >= 100);
	assert_int_equal(arr[99], 99);
	free(arr);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_strbuf),
		cmocka_unit_test(test_strings),
		cmocka_unit_test(test_alloc_grow),
	};
	return cmocka_run_group_tests_name("util", tests, NULL, NULL);
}
