/* Unit tests of registry: the versioning flags of registry.xml, read from
 * small files written here (excerpts of the product's registry.xml as in
 * shared/wso2-reference/config-samples/), errors as "file:line: message". */
#include "unit.h"

#include "registry.h"
#include "util.h"

/* A new file under /tmp holding text; returns its path (caller unlinks and
 * frees with drop_file). */
static char *temp_file(const char *text)
{
	char *path = xstrdup("/tmp/amdelta-test-registry-XXXXXX");
	int fd = mkstemp(path);
	size_t len = strlen(text);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, len), (ssize_t)len);
	assert_int_equal(close(fd), 0);
	return path;
}

static void drop_file(char *path)
{
	unlink(path);
	free(path);
}

/* Fails unless text starts with "path:line: " (or "path: " when line is 0)
 * and contains want. */
static void expect_error(const char *text, const char *path, long line, const char *want)
{
	char *prefix = line ? xasprintf("%s:%ld: ", path, line) : xasprintf("%s: ", path);

	if (strncmp(text, prefix, strlen(prefix)) || !strstr(text, want))
		fail_msg("want \"%s...%s\", got \"%s\"", prefix, want, text);
	free(prefix);
}

/* The flags of path read with success. */
static struct registry_versioning read_ok(const char *path)
{
	struct registry_versioning v = { 7, 7, 7, 7 };
	struct strbuf err = STRBUF_INIT;

	if (registry_versioning_read(path, &v, &err))
		fail_msg("unexpected error: %s", strbuf_str(&err));
	assert_int_equal(err.len, 0);
	strbuf_release(&err);
	return v;
}

/* Reads the text (in a temp file) expecting failure; returns err's text
 * (caller frees) and the path in *pathp (caller drops).  *out must be left
 * all absent. */
static char *read_bad(const char *text, char **pathp)
{
	struct registry_versioning v = { 1, 1, 1, 1 };
	struct strbuf err = STRBUF_INIT;

	*pathp = temp_file(text);
	assert_int_equal(registry_versioning_read(*pathp, &v, &err), -1);
	assert_int_equal(v.properties, REG_FLAG_ABSENT);
	assert_int_equal(v.comments, REG_FLAG_ABSENT);
	assert_int_equal(v.tags, REG_FLAG_ABSENT);
	assert_int_equal(v.ratings, REG_FLAG_ABSENT);
	assert_true(err.len > 0);
	return strbuf_detach(&err);
}

static void expect_flags(const struct registry_versioning *v, int properties, int comments,
			 int tags, int ratings)
{
	assert_int_equal(v->properties, properties);
	assert_int_equal(v->comments, comments);
	assert_int_equal(v->tags, tags);
	assert_int_equal(v->ratings, ratings);
}

/* An excerpt of the product's registry.xml with every flag set to value,
 * lines ending in eol (the samples use CRLF but for one); v320 adds the
 * handlers 3.2.0 has before <staticConfiguration>.  Caller frees. */
static char *sample_text(const char *value, const char *eol, int v320)
{
	static const char *const head[] = {
		"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>",
		"",
		"<!--",
		"  ~ Copyright 2005-2011 WSO2, Inc. (http://wso2.com)",
		"  -->",
		"<wso2registry>",
		"    <currentDBConfig>wso2registry</currentDBConfig>",
		"    <readOnly>false</readOnly>",
		"    <dbConfig name=\"wso2registry\">",
		"        <dataSource>jdbc/WSO2CarbonDB</dataSource>",
		"    </dbConfig>",
	};
	static const char *const handlers_320[] = {
		"    <!--This handler clears the caches when tenant-config is updated.-->",
		"    <handler class=\"org.wso2.carbon.apimgt.impl.handlers.TenantConfigMediaTypeHandler\" methods=\"PUT,DELETE\">",
		"        <filter class=\"org.wso2.carbon.registry.core.jdbc.handlers.filters.MediaTypeMatcher\">",
		"            <property name=\"mediaType\">tenant-config</property>",
		"        </filter>",
		"    </handler>",
	};
	static const char *const before[] = {
		"    <!-- NOTE: You can edit the options under \"StaticConfiguration\" only before the",
		"     startup. -->",
		"    <staticConfiguration>",
	};
	static const char *const names[] = {
		"versioningProperties", "versioningComments", "versioningTags", "versioningRatings",
	};
	static const char *const after[] = {
		"        <!-- Location you want to add service and default location will be /services/ -->",
		"        <servicePath>/trunk/services/</servicePath>",
		"    </staticConfiguration>",
		"",
		"    <versionResourcesOnChange>false</versionResourcesOnChange>",
		"</wso2registry>",
	};
	struct strbuf sb = STRBUF_INIT;

	for (size_t i = 0; i < sizeof(head) / sizeof(head[0]); i++)
		strbuf_addf(&sb, "%s%s", head[i], eol);
	for (size_t i = 0; v320 && i < sizeof(handlers_320) / sizeof(handlers_320[0]); i++)
		strbuf_addf(&sb, "%s%s", handlers_320[i], eol);
	for (size_t i = 0; i < sizeof(before) / sizeof(before[0]); i++)
		strbuf_addf(&sb, "%s%s", before[i], eol);
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		strbuf_addf(&sb, "        <%s>%s</%s>%s", names[i], value, names[i], eol);
	for (size_t i = 0; i < sizeof(after) / sizeof(after[0]); i++)
		strbuf_addf(&sb, "%s%s", after[i], eol);
	return strbuf_detach(&sb);
}

/* The four samples of shared/wso2-reference/config-samples/, as excerpts. */
static void test_samples(void **state)
{
	static const struct {
		const char *name;        /* the sample it stands for */
		const char *value;       /* of every flag */
		const char *eol;
		int v320;
		int want;                /* every flag */
	} samples[] = {
		{ "registry-3.0.0-default.xml", "false", "\r\n", 0, REG_FLAG_FALSE },
		{ "registry-versioning-enabled.xml", "true", "\r\n", 0, REG_FLAG_TRUE },
		{ "registry-versioning-disabled.xml", "false", "\n", 0, REG_FLAG_FALSE },
		{ "registry-3.2.0-default.xml", "false", "\r\n", 1, REG_FLAG_FALSE },
	};
	(void)state;

	for (size_t i = 0; i < sizeof(samples) / sizeof(samples[0]); i++) {
		char *text = sample_text(samples[i].value, samples[i].eol, samples[i].v320);
		char *path = temp_file(text);
		struct registry_versioning v = read_ok(path);
		int w = samples[i].want;

		if (v.properties != w || v.comments != w || v.tags != w || v.ratings != w ||
		    registry_versioning_on(&v) != (w == REG_FLAG_TRUE ? 1 : 0))
			fail_msg("%s: want every flag %d, got %d %d %d %d", samples[i].name, w,
				 v.properties, v.comments, v.tags, v.ratings);
		drop_file(path);
		free(text);
	}
}

/* Flags differ from each other; one absent; describe names each. */
static void test_mixed(void **state)
{
	char *path = temp_file("<wso2registry>\n"
			       "  <staticConfiguration>\n"
			       "    <versioningRatings>false</versioningRatings>\n"
			       "    <versioningProperties>true</versioningProperties>\n"
			       "    <versioningComments>false</versioningComments>\n"
			       "  </staticConfiguration>\n"
			       "</wso2registry>\n");
	char *off = temp_file("<wso2registry>\n"
			      "  <staticConfiguration>\n"
			      "    <versioningComments>false</versioningComments>\n"
			      "  </staticConfiguration>\n"
			      "</wso2registry>\n");
	struct strbuf sb = STRBUF_INIT;
	struct registry_versioning v = read_ok(path);
	(void)state;

	expect_flags(&v, REG_FLAG_TRUE, REG_FLAG_FALSE, REG_FLAG_ABSENT, REG_FLAG_FALSE);
	assert_int_equal(registry_versioning_on(&v), 1);
	registry_versioning_describe(&v, &sb);
	assert_string_equal(strbuf_str(&sb), "properties=true comments=false tags=absent ratings=false");

	/* One flag false, the others absent: off, not unknown. */
	v = read_ok(off);
	expect_flags(&v, REG_FLAG_ABSENT, REG_FLAG_FALSE, REG_FLAG_ABSENT, REG_FLAG_ABSENT);
	assert_int_equal(registry_versioning_on(&v), 0);
	drop_file(path);
	drop_file(off);
	strbuf_release(&sb);
}

/* Only flags in <staticConfiguration> under the root count: none at all
 * is -1, whatever the same names say elsewhere. */
static void test_absent(void **state)
{
	char *none = temp_file("<wso2registry>\n"
			       "  <versioningTags>true</versioningTags>\n"
			       "  <dbConfig name=\"wso2registry\">\n"
			       "    <versioningProperties>true</versioningProperties>\n"
			       "  </dbConfig>\n"
			       "  <handler><staticConfiguration>\n"
			       "    <versioningTags>true</versioningTags>\n"
			       "  </staticConfiguration></handler>\n"
			       "  <versionResourcesOnChange>true</versionResourcesOnChange>\n"
			       "</wso2registry>\n");
	char *empty = temp_file("<wso2registry>\n"
				"  <staticConfiguration>\n"
				"    <servicePath>/trunk/services/</servicePath>\n"
				"    <versioningAssociations>true</versioningAssociations>\n"
				"  </staticConfiguration>\n"
				"</wso2registry>\n");
	struct registry_versioning v;
	(void)state;

	v = read_ok(none);
	expect_flags(&v, REG_FLAG_ABSENT, REG_FLAG_ABSENT, REG_FLAG_ABSENT, REG_FLAG_ABSENT);
	assert_int_equal(registry_versioning_on(&v), -1);
	v = read_ok(empty);
	expect_flags(&v, REG_FLAG_ABSENT, REG_FLAG_ABSENT, REG_FLAG_ABSENT, REG_FLAG_ABSENT);
	assert_int_equal(registry_versioning_on(&v), -1);
	drop_file(none);
	drop_file(empty);
}

/* Blanks are trimmed and case is ignored; comments inside a value are not
 * part of it; two <staticConfiguration> elements both count. */
static void test_blanks_case(void **state)
{
	char *path = temp_file("<wso2registry>\n"
			       "  <staticConfiguration>\n"
			       "    <versioningProperties>  TRUE </versioningProperties>\n"
			       "    <versioningComments>\n\tFalse\n    </versioningComments>\n"
			       "  </staticConfiguration>\n"
			       "  <staticConfiguration>\n"
			       "    <versioningTags>tRuE<!-- on --></versioningTags>\n"
			       "    <versioningRatings><![CDATA[false]]></versioningRatings>\n"
			       "  </staticConfiguration>\n"
			       "</wso2registry>\n");
	struct registry_versioning v = read_ok(path);
	(void)state;

	expect_flags(&v, REG_FLAG_TRUE, REG_FLAG_FALSE, REG_FLAG_TRUE, REG_FLAG_FALSE);
	drop_file(path);
}

/* A value that is not true/false: the flag's file and line, its name and
 * the value. */
static void test_bad_value(void **state)
{
	char *path, *err;
	(void)state;

	err = read_bad("<wso2registry>\n"
		       "  <staticConfiguration>\n"
		       "    <versioningProperties>false</versioningProperties>\n"
		       "\n"
		       "    <versioningTags>yes</versioningTags>\n"
		       "  </staticConfiguration>\n"
		       "</wso2registry>\n", &path);
	expect_error(err, path, 5, "versioningTags is 'yes', not true or false");
	drop_file(path);
	free(err);

	/* Empty is no value either; "1" is not true. */
	err = read_bad("<wso2registry><staticConfiguration>\n"
		       "  <versioningRatings/>\n"
		       "</staticConfiguration></wso2registry>\n", &path);
	expect_error(err, path, 2, "versioningRatings is ''");
	drop_file(path);
	free(err);
	err = read_bad("<wso2registry><staticConfiguration>\n"
		       "  <versioningComments>true</versioningComments>\n"
		       "  <versioningProperties>1</versioningProperties>\n"
		       "</staticConfiguration></wso2registry>\n", &path);
	expect_error(err, path, 3, "versioningProperties is '1'");
	drop_file(path);
	free(err);
}

/* Not XML, not well-formed, or not there: xmldoc's errors. */
static void test_not_xml(void **state)
{
	struct registry_versioning v = { 1, 1, 1, 1 };
	struct strbuf err = STRBUF_INIT;
	char *path, *text;
	(void)state;

	text = read_bad("[registry.static_configuration]\nenable = true\n", &path);
	expect_error(text, path, 1, "");
	drop_file(path);
	free(text);
	/* <staticConfiguration> of line 2 is never closed. */
	text = read_bad("<wso2registry>\n  <staticConfiguration>\n</wso2registry>\n", &path);
	expect_error(text, path, 3, "");
	drop_file(path);
	free(text);

	assert_int_equal(registry_versioning_read("/nonexistent/amdelta/registry.xml", &v, &err), -1);
	expect_error(strbuf_str(&err), "/nonexistent/amdelta/registry.xml", 0, "cannot read the file");
	expect_flags(&v, REG_FLAG_ABSENT, REG_FLAG_ABSENT, REG_FLAG_ABSENT, REG_FLAG_ABSENT);
	strbuf_release(&err);
}

/* Well-formed XML whose root is not <wso2registry>, even with flags. */
static void test_missing_root(void **state)
{
	char *path, *err;
	(void)state;

	err = read_bad("<?xml version=\"1.0\"?>\n"
		       "\n"
		       "<registry>\n"
		       "  <staticConfiguration>\n"
		       "    <versioningTags>true</versioningTags>\n"
		       "  </staticConfiguration>\n"
		       "</registry>\n", &path);
	expect_error(err, path, 3, "root element is <registry>, not <wso2registry>");
	drop_file(path);
	free(err);
	/* The root's name in another case is another name. */
	err = read_bad("<WSO2Registry/>\n", &path);
	expect_error(err, path, 1, "<WSO2Registry>");
	drop_file(path);
	free(err);
}

/* A flag given twice, in one <staticConfiguration> or across two, even
 * with the same value: the second place, naming the first. */
static void test_duplicate(void **state)
{
	char *path, *err;
	(void)state;

	err = read_bad("<wso2registry>\n"
		       "  <staticConfiguration>\n"
		       "    <versioningTags>false</versioningTags>\n"
		       "    <versioningComments>false</versioningComments>\n"
		       "    <versioningTags>false</versioningTags>\n"
		       "  </staticConfiguration>\n"
		       "</wso2registry>\n", &path);
	expect_error(err, path, 5, "versioningTags given twice (first on line 3)");
	drop_file(path);
	free(err);
	err = read_bad("<wso2registry>\n"
		       "  <staticConfiguration>\n"
		       "    <versioningRatings>true</versioningRatings>\n"
		       "  </staticConfiguration>\n"
		       "  <staticConfiguration>\n"
		       "    <versioningRatings>false</versioningRatings>\n"
		       "  </staticConfiguration>\n"
		       "</wso2registry>\n", &path);
	expect_error(err, path, 6, "versioningRatings given twice (first on line 3)");
	drop_file(path);
	free(err);
}

/* registry_versioning_on and _describe on hand-built values; describe
 * appends. */
static void test_on_describe(void **state)
{
	const int A = REG_FLAG_ABSENT, F = REG_FLAG_FALSE, T = REG_FLAG_TRUE;
	struct registry_versioning none = { A, A, A, A }, last = { F, A, F, T }, off = { F, F, F, F };
	struct strbuf sb = STRBUF_INIT;
	(void)state;

	assert_int_equal(registry_versioning_on(&none), -1);
	assert_int_equal(registry_versioning_on(&last), 1);
	assert_int_equal(registry_versioning_on(&off), 0);
	strbuf_addstr(&sb, "registry: ");
	registry_versioning_describe(&none, &sb);
	assert_string_equal(strbuf_str(&sb),
			    "registry: properties=absent comments=absent tags=absent ratings=absent");
	strbuf_reset(&sb);
	registry_versioning_describe(&last, &sb);
	assert_string_equal(strbuf_str(&sb), "properties=false comments=absent tags=false ratings=true");
	strbuf_release(&sb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_samples),
		cmocka_unit_test(test_mixed),
		cmocka_unit_test(test_absent),
		cmocka_unit_test(test_blanks_case),
		cmocka_unit_test(test_bad_value),
		cmocka_unit_test(test_not_xml),
		cmocka_unit_test(test_missing_root),
		cmocka_unit_test(test_duplicate),
		cmocka_unit_test(test_on_describe),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
