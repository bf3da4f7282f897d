/* Unit tests of toml: every deployment.toml of
 * shared/wso2-reference/config-samples parses, with the values the samples
 * hold; the subset's syntax from small texts; every refusal as
 * "file:line: message", never quoting a value. */
#include "unit.h"

#include <dirent.h>

#include "toml.h"
#include "util.h"

/* shared/wso2-reference/config-samples, from AMDELTA_SHARED (make sets
 * it).  Fails, never skips, when it is not there. */
static char *samples_dir(void)
{
	const char *shared = getenv("AMDELTA_SHARED");
	char *dir;
	DIR *d;

	if (!shared || !*shared)
		fail_msg("AMDELTA_SHARED is not set: run through make unit, or set it to .../shared");
	dir = xasprintf("%s/wso2-reference/config-samples", shared);
	d = opendir(dir);
	if (!d)
		fail_msg("cannot open %s: the config samples are needed by this test", dir);
	closedir(d);
	return dir;
}

/* The deployment*.toml files of dir, sorted; their count in *n.  Caller
 * frees each and the array. */
static char **sample_files(const char *dir, size_t *n)
{
	struct dirent **list;
	int cnt = scandir(dir, &list, NULL, alphasort);
	char **out;

	assert_true(cnt >= 0);
	out = xcalloc((size_t)cnt + 1, sizeof(*out));
	*n = 0;
	for (int i = 0; i < cnt; i++) {
		size_t len = strlen(list[i]->d_name);

		if (len > 5 && !strcmp(list[i]->d_name + len - 5, ".toml"))
			out[(*n)++] = xstrdup(list[i]->d_name);
		free(list[i]);
	}
	free(list);
	return out;
}

static struct toml *parse_ok(const char *text)
{
	struct toml *t = NULL;
	struct strbuf err = STRBUF_INIT;

	if (toml_parse_mem("t.toml", text, strlen(text), &t, &err))
		fail_msg("unexpected error: %s", strbuf_str(&err));
	assert_non_null(t);
	assert_int_equal(err.len, 0);
	strbuf_release(&err);
	return t;
}

/* Parses len bytes expecting failure; returns err's text (caller frees). */
static char *parse_bad_len(const char *text, size_t len)
{
	struct toml *t = (struct toml *)&t;   /* must become NULL */
	struct strbuf err = STRBUF_INIT;

	assert_int_equal(toml_parse_mem("t.toml", text, len, &t, &err), -1);
	assert_null(t);
	assert_true(err.len > 0);
	assert_null(strchr(strbuf_str(&err), '\n'));
	return strbuf_detach(&err);
}

/* Fails unless parsing text fails with "t.toml:line: " and want. */
static void expect_bad(const char *text, long line, const char *want)
{
	char *err = parse_bad_len(text, strlen(text));
	char *prefix = xasprintf("t.toml:%ld: ", line);

	if (strncmp(err, prefix, strlen(prefix)) || !strstr(err, want))
		fail_msg("for %s\nwant \"%s...%s\", got \"%s\"", text, prefix, want, err);
	free(prefix);
	free(err);
}

static const struct toml_value *get(const struct toml *t, const char *path, enum toml_kind kind)
{
	const struct toml_value *v = toml_lookup(t->root, path);

	if (!v)
		fail_msg("no value at %s", path);
	if (v->kind != kind)
		fail_msg("%s is of kind %d, want %d", path, (int)v->kind, (int)kind);
	return v;
}

static void expect_str(const struct toml *t, const char *path, const char *want)
{
	const char *got = toml_get(t, path);

	if (!got || strcmp(got, want))
		fail_msg("%s: want \"%s\", got \"%s\"", path, want, got ? got : "(none)");
}

/* Every sample parses; the values amdelta and the tests rely on are there,
 * as the files say them. */
static void test_samples(void **state)
{
	char *dir = samples_dir();
	size_t n, ntoml = 0;
	char **files = sample_files(dir, &n);
	(void)state;

	for (size_t i = 0; i < n; i++) {
		char *path = xasprintf("%s/%s", dir, files[i]);
		struct strbuf err = STRBUF_INIT;
		struct toml *t = NULL;
		const struct toml_value *v;

		if (toml_parse_file(path, &t, &err))
			fail_msg("%s does not parse: %s", files[i], strbuf_str(&err));
		assert_string_equal(t->name, path);
		/* in every sample */
		expect_str(t, "server.hostname", "localhost");
		expect_str(t, "server.mode", "single");           /* a comment after the value */
		expect_str(t, "super_admin.username", "admin");
		v = get(t, "super_admin.create_admin_account", TOML_BOOL);
		assert_int_equal(v->boolean, 1);
		expect_str(t, "keystore.tls.file_name", "wso2carbon.jks");
		expect_str(t, "service_provider.sp_name_regex", "^[\\sa-zA-Z0-9._-]*$");
		v = get(t, "apim.cors.allow_methods", TOML_ARRAY);
		assert_int_equal(v->n, 6);
		assert_string_equal(v->items[0]->str, "GET");
		assert_string_equal(v->items[5]->str, "OPTIONS");
		v = get(t, "apim.cors.allow_credentials", TOML_BOOL);
		assert_int_equal(v->boolean, 0);
		/* [[apim.gateway.environment]]: one table in an array */
		v = get(t, "apim.gateway.environment", TOML_ARRAY);
		assert_int_equal(v->n, 1);
		assert_int_equal(v->items[0]->kind, TOML_TABLE);
		assert_string_equal(toml_table_get(v->items[0], "type")->str, "hybrid");
		assert_string_equal(toml_table_get(v->items[0], "password")->str, "${admin.password}");
		assert_int_equal(toml_table_get(v->items[0], "show_as_token_endpoint_url")->boolean, 1);
		v = get(t, "event_handler", TOML_ARRAY);
		assert_int_equal(v->n, 1);
		v = toml_table_get(v->items[0], "subscriptions");
		assert_int_equal(v->kind, TOML_ARRAY);
		assert_string_equal(v->items[0]->str, "POST_ADD_USER");
		assert_non_null(toml_get(t, "database.apim_db.url"));
		assert_non_null(toml_get(t, "database.shared_db.url"));
		assert_non_null(toml_get_table(t, "database.apim_db"));

		if (strstr(files[i], "3.2.0")) {
			/* [[event_listener]] then [event_listener.properties]: into its last table */
			v = get(t, "event_listener", TOML_ARRAY);
			assert_int_equal(v->n, 1);
			assert_int_equal(toml_table_get(v->items[0], "order")->num, 1);
			v = toml_lookup(v->items[0], "properties");
			assert_non_null(v);
			assert_string_equal(toml_table_get(v, "header.X-WSO2-KEY-MANAGER")->str, "default");
			assert_null(toml_lookup(v, "header.X-WSO2-KEY-MANAGER"));
			assert_null(toml_get(t, "event_listener.properties.username"));
			expect_str(t, "user_store.type", "database_unique_id");
			assert_int_equal(get(t, "apim.cors.allow_headers", TOML_ARRAY)->n, 6);
			expect_str(t, "database.local.url",
				   "jdbc:h2:./repository/database/WSO2CARBON_DB;DB_CLOSE_ON_EXIT=FALSE");
		} else {
			expect_str(t, "user_store.type", "database");
			assert_int_equal(get(t, "apim.cors.allow_headers", TOML_ARRAY)->n, 4);
		}
		if (!strstr(files[i], "default")) {
			/* the migration tool's samples */
			v = get(t, "indexing.re_indexing", TOML_INT);
			assert_int_equal(v->num, 1);
			assert_int_equal(get(t, "apim.devportal.display_multiple_versions",
					     TOML_BOOL)->boolean, 1);
			/* keys after the last live header, below commented-out ones */
			expect_str(t, "apim.cors.username", "yasas");
			expect_str(t, "database.user.username", "root");
			v = get(t, "database.apim_db", TOML_TABLE);
			assert_int_equal(v->line, 24);
			assert_int_equal(toml_table_get(v, "url")->line, 26);
			assert_null(toml_get_table(t, "database.config"));
		}
		ntoml++;
		toml_free(t);
		strbuf_release(&err);
		free(path);
		free(files[i]);
	}
	if (ntoml < 6)
		fail_msg("%s: want at least the 6 deployment samples, found %zu", dir, ntoml);
	free(files);
	free(dir);
}

/* The subset, each form once. */
static void test_syntax(void **state)
{
	struct toml *t = parse_ok(
		"# top comment\n"
		"top = 'literal \\n kept'\n"
		"\"quoted key\" = \"a\\tb\\\"c\\\\d\\u00e9\\U0001F600\\b\\f\\r\\n\"\n"
		"'lit.key' = 1\n"
		"\"\" = \"empty key\"\n"
		"dotted . inner.x = -17   # dotted, blanks around dots\n"
		"dotted.inner.y = +1_000_000\n"
		"dotted.z = 9223372036854775807\n"
		"neg = -9223372036854775808\n"
		"zero = 0\n"
		"f1 = 3.25\n"
		"f2 = -1e3\n"
		"f3 = 6.626E-34\n"
		"f4 = 1_0.5_0e+0_1\n"
		"t = true\n"
		"f = false\n"
		"\t\n"
		"[server]   # comment\n"
		"  hostname=\"h\"\n"
		"[ a . b ]\n"
		"c = [ 1, [2, [\"x\"]], 'y', [], true, 1.5 ]\n"
		"multi = [\n"
		"  \"one\", # comment inside\n"
		"\n"
		"  \"two\",\n"
		"]\n"
		"[a]\n"
		"d = 1\n"
		"[[arr]]\n"
		"n = 1\n"
		"[arr.sub]\n"
		"k = 'first'\n"
		"[[arr]]\n"
		"n = 2\n"
		"[[arr.inner]]\n"
		"m = 1\n"
		"[arr.sub]\n"
		"k = 'second'\n"
		"[x.y.z]\n"
		"[x]\n"
		"w = 1\n");
	const struct toml_value *v;
	(void)state;

	expect_str(t, "top", "literal \\n kept");
	assert_string_equal(toml_table_get(t->root, "quoted key")->str,
			    "a\tb\"c\\d\xc3\xa9\xf0\x9f\x98\x80\b\f\r\n");
	assert_int_equal(toml_table_get(t->root, "lit.key")->num, 1);
	assert_string_equal(toml_table_get(t->root, "")->str, "empty key");
	assert_int_equal(get(t, "dotted.inner.x", TOML_INT)->num, -17);
	assert_int_equal(get(t, "dotted.inner.y", TOML_INT)->num, 1000000);
	assert_true(get(t, "dotted.z", TOML_INT)->num == INT64_MAX);
	assert_true(get(t, "neg", TOML_INT)->num == INT64_MIN);
	assert_int_equal(get(t, "zero", TOML_INT)->num, 0);
	assert_true(get(t, "f1", TOML_FLOAT)->flt == 3.25);
	assert_true(get(t, "f2", TOML_FLOAT)->flt == -1000.0);
	assert_true(get(t, "f3", TOML_FLOAT)->flt > 6.6e-34 && get(t, "f3", TOML_FLOAT)->flt < 6.7e-34);
	assert_true(get(t, "f4", TOML_FLOAT)->flt == 105.0);
	assert_int_equal(get(t, "t", TOML_BOOL)->boolean, 1);
	assert_int_equal(get(t, "f", TOML_BOOL)->boolean, 0);
	assert_int_equal(get(t, "dotted", TOML_TABLE)->line, 6);
	expect_str(t, "server.hostname", "h");
	assert_int_equal(get(t, "server", TOML_TABLE)->line, 18);

	v = get(t, "a.b.c", TOML_ARRAY);
	assert_int_equal(v->n, 6);
	assert_int_equal(v->items[0]->num, 1);
	assert_int_equal(v->items[1]->kind, TOML_ARRAY);
	assert_int_equal(v->items[1]->items[0]->num, 2);
	assert_string_equal(v->items[1]->items[1]->items[0]->str, "x");
	assert_string_equal(v->items[2]->str, "y");
	assert_int_equal(v->items[3]->n, 0);
	assert_int_equal(v->items[4]->boolean, 1);
	assert_true(v->items[5]->flt == 1.5);
	v = get(t, "a.b.multi", TOML_ARRAY);
	assert_int_equal(v->n, 2);
	assert_string_equal(v->items[1]->str, "two");
	assert_int_equal(v->line, 22);
	/* [a] after [a.b]: a was only implied */
	assert_int_equal(get(t, "a.d", TOML_INT)->num, 1);
	assert_int_equal(get(t, "a", TOML_TABLE)->line, 27);

	v = get(t, "arr", TOML_ARRAY);
	assert_int_equal(v->n, 2);
	assert_int_equal(toml_table_get(v->items[0], "n")->num, 1);
	assert_string_equal(toml_lookup(v->items[0], "sub.k")->str, "first");
	assert_string_equal(toml_lookup(v->items[1], "sub.k")->str, "second");
	assert_int_equal(toml_lookup(v->items[1], "inner")->n, 1);
	assert_null(toml_get(t, "arr.n"));       /* lookups do not walk arrays */
	assert_int_equal(get(t, "x.w", TOML_INT)->num, 1);
	assert_non_null(toml_get_table(t, "x.y.z"));
	toml_free(t);
}

/* CRLF line ends, a BOM, an empty file, comments only, no newline at the end. */
static void test_layout(void **state)
{
	struct toml *t = parse_ok("\xef\xbb\xbf[s]\r\na = \"b\" # c\r\n\r\n"
				  "[[x]]\r\nk = [\r\n 1,\r\n]\r\nz = 'end'");
	(void)state;

	expect_str(t, "s.a", "b");
	assert_int_equal(get(t, "x", TOML_ARRAY)->line, 4);
	assert_int_equal(toml_table_get(get(t, "x", TOML_ARRAY)->items[0], "z")->line, 8);
	toml_free(t);
	t = parse_ok("");
	assert_int_equal(t->root->n, 0);
	assert_non_null(toml_get_table(t, ""));
	toml_free(t);
	t = parse_ok("# only\n   # comments\n\n");
	assert_int_equal(t->root->n, 0);
	toml_free(t);
	t = parse_ok("a = 1 # \xc3\xa9 UTF-8 in a comment\nb = \"\xe2\x82\xac\"");
	expect_str(t, "b", "\xe2\x82\xac");
	toml_free(t);
}

/* Lookups: wrong kinds and missing keys are NULL; many keys (hashed). */
static void test_lookup(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	struct toml *t;
	(void)state;

	for (int i = 0; i < 2000; i++)
		strbuf_addf(&sb, "k%d = %d\n", i, i);
	strbuf_addstr(&sb, "[s]\nx = 1\ns = 'v'\n");
	t = parse_ok(strbuf_str(&sb));
	assert_int_equal(t->root->n, 2001);
	for (int i = 0; i < 2000; i += 7) {
		char key[16];

		snprintf(key, sizeof(key), "k%d", i);
		assert_int_equal(toml_table_get(t->root, key)->num, i);
	}
	assert_null(toml_table_get(t->root, "k2000"));
	assert_null(toml_table_get(t->root, "k"));
	assert_null(toml_get(t, "s.x"));              /* not a string */
	assert_null(toml_get(t, "s.x.y"));
	assert_null(toml_get(t, "s.nope"));
	assert_null(toml_get(t, "s"));
	assert_null(toml_get_table(t, "s.s"));
	assert_null(toml_get_table(t, "nope"));
	assert_null(toml_table_get(toml_table_get(t->root, "k1"), "x"));
	assert_null(toml_lookup(t->root, "s."));
	expect_str(t, "s.s", "v");
	assert_null(toml_get(NULL, "s.s"));
	toml_free(t);
	toml_free(NULL);
	strbuf_release(&sb);

	/* a duplicate among many keys is found through the hash too */
	strbuf_init(&sb);
	for (int i = 0; i < 100; i++)
		strbuf_addf(&sb, "k%d = %d\n", i, i);
	strbuf_addstr(&sb, "k57 = 0\n");
	expect_bad(strbuf_str(&sb), 101, "duplicate key k57 (first on line 58)");
	strbuf_release(&sb);
}

/* Redefinitions, as TOML refuses them: each with its line and the first one. */
static void test_redefinition(void **state)
{
	(void)state;
	expect_bad("a = 1\nb = 2\na = 3\n", 3, "duplicate key a (first on line 1)");
	expect_bad("[database.apim_db]\nurl = 'x'\n\nurl = 'y'\n", 4,
		   "duplicate key database.apim_db.url (first on line 2)");
	expect_bad("a = 1\n'a' = 2\n", 2, "duplicate key a");
	expect_bad("\"a b\" = 1\n'a b' = 2\n", 2, "duplicate key \"a b\"");
	expect_bad("[t]\nx.y = 1\nx.y = 2\n", 3, "duplicate key t.x.y (first on line 2)");
	expect_bad("[a]\n[b]\n[a]\n", 3, "table [a] defined twice (first on line 1)");
	expect_bad("[a.b]\nc = 1\n[a]\n[a.b]\n", 4, "table [a.b] defined twice");
	expect_bad("[a]\nb.c = 1\n[a.b]\n", 3, "table [a.b] was already defined by dotted keys on line 2");
	expect_bad("[a.b.c]\n[a]\nb.d = 1\n", 3, "dotted key cannot add to table [a.b]");
	expect_bad("a = 1\n[a]\n", 2, "a is a value (line 1), not a table");
	expect_bad("a = 1\n[a.b]\n", 2, "a is a value (line 1), not a table");
	expect_bad("a = 1\na.b = 2\n", 2, "a is a value (line 1), not a table");
	expect_bad("a = []\n[[a]]\n", 2, "[[a]]: a is defined on line 1 and is no array of tables");
	expect_bad("[a]\n[[a]]\n", 2, "[[a]]");
	expect_bad("[[a]]\n[a]\n", 2, "[a] is an array of tables (line 1), not a table");
	expect_bad("[[a]]\nb = 1\n[[a]]\nb = 1\nb = 2\n", 5, "duplicate key a.b (first on line 4)");
}

/* Strings: what the subset refuses, and bad escapes.  No message holds
 * the string's text. */
static void test_bad_strings(void **state)
{
	(void)state;
	expect_bad("a = \"\"\"\nx\"\"\"\n", 1, "multi-line strings (\"\"\") are not supported");
	expect_bad("a = '''x'''\n", 1, "multi-line strings (''') are not supported");
	expect_bad("\n\npassword = \"s3cret\n", 3, "unterminated string");
	expect_bad("password = 's3cret\nb = 1\n", 1, "unterminated string");
	expect_bad("password = \"s3cret", 1, "unterminated string");
	expect_bad("password = \"s3c\\qret\"\n", 1, "invalid escape sequence in a string");
	expect_bad("a = \"\\u00\"\n", 1, "\\u needs 4 hexadecimal digits");
	expect_bad("a = \"\\U0001F60\"\n", 1, "\\U needs 8 hexadecimal digits");
	expect_bad("a = \"\\uD800\"\n", 1, "unicode escape of no unicode scalar value");
	expect_bad("a = \"\\U00110000\"\n", 1, "unicode escape of no unicode scalar value");
	expect_bad("a = \"x\\u0000y\"\n", 1, "\\u0000 is not allowed in a string");
	expect_bad("a = \"x\x01y\"\n", 1, "control character in a string");
	expect_bad("a = 'x\x7fy'\n", 1, "control character in a string");
	expect_bad("a = \"x\ry\"\n", 1, "unterminated string");
	expect_bad("\"k\\x\" = 1\n", 1, "invalid escape sequence");
	expect_bad("a = 1\n[\"t\n", 2, "unterminated string");

	/* never the text */
	{
		static const char *const texts[] = {
			"password = \"s3cret\\q\"\n", "password = \"s3cret\n",
			"password = 's3cret\n", "password = s3cret\n",
			"password = \"s3cret\" s3cret\n", "password = [\"s3cret\" \"s3cret\"]\n",
			"password = \"s3cret\x01\"\n", "password = 1s3cret\n",
		};
		for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
			char *err = parse_bad_len(texts[i], strlen(texts[i]));

			if (strstr(err, "s3cret"))
				fail_msg("the value is in the message: %s", err);
			free(err);
		}
	}
}

/* Numbers and other values outside the subset. */
static void test_bad_values(void **state)
{
	(void)state;
	expect_bad("a = { b = 1 }\n", 1, "inline tables ({ ... }) are not supported");
	expect_bad("a = 1979-05-27\n", 1, "dates and times are not supported");
	expect_bad("a = 1979-05-27T07:32:00Z\n", 1, "dates and times are not supported");
	expect_bad("a = 07:32:00\n", 1, "dates and times are not supported");
	expect_bad("a = 0xff\n", 1, "hexadecimal, octal and binary integers are not supported");
	expect_bad("a = 0o17\n", 1, "hexadecimal, octal and binary integers are not supported");
	expect_bad("a = -inf\n", 1, "inf and nan are not supported");
	expect_bad("a = nan\n", 1, "inf and nan are not supported");
	expect_bad("a = 012\n", 1, "leading zero in a number");
	expect_bad("a = -01.5\n", 1, "leading zero in a number");
	expect_bad("a = 1__0\n", 1, "invalid number");
	expect_bad("a = 1_\n", 1, "invalid number");
	expect_bad("a = 1.\n", 1, "invalid number");
	expect_bad("a = 1.e3\n", 1, "invalid number");
	expect_bad("a = 1e\n", 1, "invalid number");
	expect_bad("a = +.5\n", 1, "invalid number");
	expect_bad("a = 1.2.3\n", 1, "invalid number");
	expect_bad("a = 9223372036854775808\n", 1, "number out of range");
	expect_bad("a = -9223372036854775809\n", 1, "number out of range");
	expect_bad("a = 1e999\n", 1, "number out of range");
	expect_bad("a = True\n", 1, "expected a value");
	expect_bad("a = yes\n", 1, "expected a value");
	expect_bad("a = _1\n", 1, "expected a value");
	expect_bad("a = .5\n", 1, "expected a value");
	expect_bad("a = \n", 1, "missing value");
	expect_bad("a =", 1, "missing value");
	expect_bad("a = # c\n", 1, "missing value");
	expect_bad("a = @\n", 1, "expected a value");
}

/* Lines: keys, headers, arrays and what may follow them. */
static void test_bad_lines(void **state)
{
	(void)state;
	expect_bad("a = 1 2\n", 1, "unexpected text after the value");
	expect_bad("a = \"x\"y\n", 1, "unexpected text after the value");
	expect_bad("[a] b = 1\n", 1, "unexpected text after the header");
	expect_bad("[a]]\n", 1, "unexpected text after the header");
	expect_bad("a\n", 1, "expected '=' after the key");
	expect_bad("a b = 1\n", 1, "expected '=' after the key");
	expect_bad("= 1\n", 1, "expected a key");
	expect_bad("a. = 1\n", 1, "expected a key after '.'");
	expect_bad(".a = 1\n", 1, "expected a key");
	expect_bad("[]\n", 1, "expected a key");
	expect_bad("[a\n", 1, "expected ']' after the key");
	expect_bad("[[a]\n", 1, "expected ']]' after the key");
	expect_bad("[[a] ]\n", 1, "expected ']]' after the key");
	expect_bad("[ [a]]\n", 1, "expected a key");
	expect_bad("\n\na = [1,\n2\n", 3, "unterminated array");
	expect_bad("a = [1 2]\n", 1, "expected ',' or ']' after an array item");
	expect_bad("a = [,]\n", 1, "expected a value");
	expect_bad("a = [1,,2]\n", 1, "expected a value");
	expect_bad("a = [\n1,\n# c\n}\n", 4, "expected a value");
	expect_bad("a = 1\rb = 2\n", 1, "unexpected text after the value");
	expect_bad("a = 1\n\r\n\rb = 1\n", 3, "carriage return without line feed");
	expect_bad("a = [1,\r2]\n", 1, "carriage return without line feed");
	expect_bad("a = 1 # x\x01y\n", 1, "control character in a comment");
	expect_bad("# x\x7f\n", 1, "control character in a comment");
}

/* Bytes: NUL, invalid UTF-8 (with its line), the size bound. */
static void test_bad_bytes(void **state)
{
	char *err, *big;
	(void)state;

	err = parse_bad_len("a = 1\nb = \"x\0y\"\n", 16);
	assert_string_equal(err, "t.toml:2: NUL byte in the file");
	free(err);
	expect_bad("a = 1\n\nb = \"\xff\"\n", 3, "invalid UTF-8");
	expect_bad("# \xc3\n", 1, "invalid UTF-8");                  /* cut short */
	expect_bad("a = '\xc0\xaf'\n", 1, "invalid UTF-8");          /* overlong */
	expect_bad("a = '\xed\xa0\x80'\n", 1, "invalid UTF-8");      /* a surrogate */
	expect_bad("a = '\xf4\x90\x80\x80'\n", 1, "invalid UTF-8");  /* above U+10FFFF */
	expect_bad("a = '\x80'\n", 1, "invalid UTF-8");
	expect_bad("a = 'x'\n\xef\xbb\xbf", 2, "expected a key");    /* a BOM later is no BOM */

	big = xmalloc(TOML_MAX_SIZE + 1);
	memset(big, '#', TOML_MAX_SIZE + 1);
	err = parse_bad_len(big, TOML_MAX_SIZE + 1);
	assert_string_equal(err, "t.toml: larger than 4194304 bytes");
	free(err);
	/* exactly the bound is fine */
	{
		struct toml *t = NULL;
		struct strbuf sb = STRBUF_INIT;

		assert_int_equal(toml_parse_mem("t.toml", big, TOML_MAX_SIZE, &t, &sb), 0);
		toml_free(t);
		strbuf_release(&sb);
	}
	free(big);
}

/* Depth: 64 is the bound for arrays and for key paths. */
static void test_depth(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	struct toml *t;
	(void)state;

	/* 64 nested arrays parse; 65 do not */
	strbuf_addstr(&sb, "a = ");
	for (int i = 0; i < 64; i++)
		strbuf_addch(&sb, '[');
	for (int i = 0; i < 64; i++)
		strbuf_addch(&sb, ']');
	t = parse_ok(strbuf_str(&sb));
	toml_free(t);
	strbuf_reset(&sb);
	strbuf_addstr(&sb, "a = ");
	for (int i = 0; i < 65; i++)
		strbuf_addch(&sb, '[');
	expect_bad(strbuf_str(&sb), 1, "arrays nested deeper than 64");
	strbuf_reset(&sb);
	strbuf_addstr(&sb, "a = ");
	for (int i = 0; i < 100000; i++)
		strbuf_addch(&sb, '[');
	expect_bad(strbuf_str(&sb), 1, "arrays nested deeper than 64");

	/* header of 64 parts with no key under it; 65 parts; 60 + 4 and 60 + 5 */
	strbuf_reset(&sb);
	strbuf_addstr(&sb, "[k");
	for (int i = 1; i < 64; i++)
		strbuf_addstr(&sb, ".k");
	strbuf_addstr(&sb, "]\n");
	t = parse_ok(strbuf_str(&sb));
	toml_free(t);
	strbuf_reset(&sb);
	strbuf_addstr(&sb, "[k");
	for (int i = 1; i < 65; i++)
		strbuf_addstr(&sb, ".k");
	strbuf_addstr(&sb, "]\n");
	expect_bad(strbuf_str(&sb), 1, "key path longer than 64 keys");
	strbuf_reset(&sb);
	strbuf_addstr(&sb, "[k");
	for (int i = 1; i < 60; i++)
		strbuf_addstr(&sb, ".k");
	strbuf_addstr(&sb, "]\na.b.c.d = 1\n");
	t = parse_ok(strbuf_str(&sb));
	toml_free(t);
	strbuf_reset(&sb);
	strbuf_addstr(&sb, "[k");
	for (int i = 1; i < 60; i++)
		strbuf_addstr(&sb, ".k");
	strbuf_addstr(&sb, "]\na.b.c.d.e = 1\n");
	expect_bad(strbuf_str(&sb), 2, "key path longer than 64 keys");
	strbuf_release(&sb);
}

/* Files: read from disk; a missing file; the error goes on a new line
 * after what err held. */
static void test_files(void **state)
{
	char path[] = "/tmp/amdelta-test-toml-XXXXXX";
	const char *text = "[database.apim_db]\nurl = \"jdbc:x\"\n\nurl = 'y'\n";
	struct strbuf err = STRBUF_INIT;
	struct toml *t = (struct toml *)&t;
	int fd = mkstemp(path);
	char *want;
	(void)state;

	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	assert_int_equal(close(fd), 0);
	strbuf_addstr(&err, "earlier");
	assert_int_equal(toml_parse_file(path, &t, &err), -1);
	assert_null(t);
	want = xasprintf("earlier\n%s:4: duplicate key database.apim_db.url (first on line 2)", path);
	assert_string_equal(strbuf_str(&err), want);
	free(want);
	unlink(path);

	strbuf_reset(&err);
	assert_int_equal(toml_parse_file("/nonexistent/amdelta/deployment.toml", &t, &err), -1);
	assert_null(t);
	assert_string_equal(strbuf_str(&err),
			    "/nonexistent/amdelta/deployment.toml: cannot read the file: No such file or directory");
	strbuf_reset(&err);
	assert_int_equal(toml_parse_file("/tmp", &t, &err), -1);
	assert_non_null(strstr(strbuf_str(&err), "/tmp: cannot read the file: "));
	strbuf_release(&err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_samples),
		cmocka_unit_test(test_syntax),
		cmocka_unit_test(test_layout),
		cmocka_unit_test(test_lookup),
		cmocka_unit_test(test_redefinition),
		cmocka_unit_test(test_bad_strings),
		cmocka_unit_test(test_bad_values),
		cmocka_unit_test(test_bad_lines),
		cmocka_unit_test(test_bad_bytes),
		cmocka_unit_test(test_depth),
		cmocka_unit_test(test_files),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
