/* Unit tests of template: placeholders, statements, and the SQL blocks
 * compiled in from sql/. */
#include "unit.h"

#include "dialect.h"
#include "template.h"
#include "util.h"

static const struct template_var vars[] = {
	{ "table", "AM_API" },
	{ "ncols", "2" },
	{ "columns", "'A', 'B'" },
	{ "table_name", "'AM_API'" },
};
#define NVARS (sizeof(vars) / sizeof(vars[0]))

static void test_placeholders(void **state)
{
	struct strbuf out = STRBUF_INIT, err = STRBUF_INIT;
	(void)state;

	assert_int_equal(template_expand(&out, "ALTER TABLE {{table}} -- {{ncols}} of ({{columns}}), "
					 "{{table}} again", vars, NVARS, &err), 0);
	assert_string_equal(out.buf, "ALTER TABLE AM_API -- 2 of ('A', 'B'), AM_API again");
	strbuf_reset(&out);
	/* no placeholder: the text as it is */
	assert_int_equal(template_expand(&out, "SELECT 1", vars, NVARS, &err), 0);
	assert_string_equal(out.buf, "SELECT 1");
	strbuf_reset(&out);
	assert_int_equal(template_expand(&out, "", vars, NVARS, &err), 0);
	assert_string_equal(strbuf_str(&out), "");
	/* braces that are no placeholder are text: Java, JSON, '%{VAR %' */
	assert_int_equal(template_expand(&out, "x {{ y }} {{A}} {{a-b}} {{t '%{VAR %' {", vars,
					 NVARS, &err), 0);
	assert_string_equal(out.buf, "x {{ y }} {{A}} {{a-b}} {{t '%{VAR %' {");
	strbuf_reset(&out);
	/* a value is written as given, never expanded again */
	{
		const struct template_var v[] = { { "a", "{{b}}" }, { "b", "no" } };

		assert_int_equal(template_expand(&out, "[{{a}}]", v, 2, &err), 0);
		assert_string_equal(out.buf, "[{{b}}]");
		strbuf_reset(&out);
	}
	assert_string_equal(strbuf_str(&err), "");
	strbuf_release(&out);
	strbuf_release(&err);
}

static void test_unknown_placeholder(void **state)
{
	struct strbuf out = STRBUF_INIT, err = STRBUF_INIT;
	(void)state;

	assert_int_equal(template_expand(&out, "DROP {{table}} {{tabel}} x", vars, NVARS, &err), -1);
	assert_string_equal(out.buf, "DROP AM_API ");
	assert_non_null(strstr(err.buf, "{{tabel}}"));
	strbuf_release(&out);
	strbuf_release(&err);
}

struct collected {
	size_t n;
	char *items[8];
};

static void collect(void *ctx, const char *stmt)
{
	struct collected *c = ctx;

	assert_true(c->n < 8);
	c->items[c->n++] = xstrdup(stmt);
}

static void collected_release(struct collected *c)
{
	for (size_t i = 0; i < c->n; i++)
		free(c->items[i]);
	c->n = 0;
}

static void test_statements(void **state)
{
	struct collected c = { 0 };
	struct strbuf err = STRBUF_INIT;
	const struct template_var semi[] = { { "v", "x\n;\ny" } };
	(void)state;

	assert_int_equal(template_expand_statements("SET @s = {{table}}\n;\nPREPARE p FROM @s\n;\n"
						    "EXECUTE p", vars, NVARS, collect, &c, &err), 0);
	assert_int_equal(c.n, 3);
	assert_string_equal(c.items[0], "SET @s = AM_API");
	assert_string_equal(c.items[1], "PREPARE p FROM @s");
	assert_string_equal(c.items[2], "EXECUTE p");
	collected_release(&c);
	/* one statement; a ";" that ends a line is part of it */
	assert_int_equal(template_expand_statements("BEGIN\n    NULL;\nEND;", vars, NVARS, collect,
						    &c, &err), 0);
	assert_int_equal(c.n, 1);
	assert_string_equal(c.items[0], "BEGIN\n    NULL;\nEND;");
	collected_release(&c);
	/* a value never splits a statement */
	assert_int_equal(template_expand_statements("A {{v}}\n;\nB", semi, 1, collect, &c, &err), 0);
	assert_int_equal(c.n, 2);
	assert_string_equal(c.items[0], "A x\n;\ny");
	collected_release(&c);
	/* nothing is added when a placeholder has no value */
	assert_int_equal(template_expand_statements("A\n;\nB {{nope}}", vars, NVARS, collect, &c,
						    &err), -1);
	assert_int_equal(c.n, 0);
	strbuf_release(&err);
}

/* The compiled-in blocks: comments left out, no newline at the end, every
 * placeholder one that render fills, and each dialect's entry pointing at
 * its own. */
static void test_compiled_blocks(void **state)
{
	static const char *const known[] = {
		"table", "table_in_literal", "table_name", "quoted_table_in_literal", "ncols",
		"columns", "columns_nchar", "column_list", "trigger", "column",
	};
	struct template_var all[sizeof(known) / sizeof(known[0])];
	struct strbuf out = STRBUF_INIT, err = STRBUF_INIT;
	(void)state;

	for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++)
		all[i] = (struct template_var){ known[i], "v" };
	for (int id = 0; id < DIALECT_COUNT; id++) {
		const struct dialect *d = dialect_get((enum dialect_id)id);
		const char *blocks[] = {
			d->introspect->tables, d->introspect->columns, d->introspect->keys,
			d->introspect->col_fixups, d->introspect->triggers,
			d->lookup->drop_unique, d->lookup->drop_pk,
			d->ddl_sql->stamp_function, d->ddl_sql->stamp_trigger, d->ddl_sql->stamp_column,
			d->ddl.stamp_note, d->render.after_not_null,
		};

		assert_ptr_equal(d->introspect, &dialect_sql[id]);
		assert_ptr_equal(d->lookup, &dialect_lookup[id]);
		assert_ptr_equal(d->ddl_sql, &dialect_ddl_sql[id]);
		/* each way of writing the timestamp trigger has what it needs */
		if (d->ddl.stamp == STAMP_TRIGGER)
			assert_non_null(d->ddl_sql->stamp_trigger);
		else if (d->ddl.stamp == STAMP_COLUMN)
			assert_non_null(d->ddl_sql->stamp_column);
		if (d->ddl.stamp != STAMP_TRIGGER)
			assert_non_null(d->ddl.stamp_note);
		/* every dialect finds a unique key at run time */
		assert_non_null(d->lookup->drop_unique);
		for (size_t b = 0; b < sizeof(blocks) / sizeof(blocks[0]); b++) {
			const char *t = blocks[b];

			if (!t)
				continue;
			assert_true(*t && t[strlen(t) - 1] != '\n');
			assert_null(strstr(t, "\n--"));
			assert_true(strncmp(t, "--", 2) != 0);
			strbuf_reset(&out);
			assert_int_equal(template_expand(&out, t, all, sizeof(all) / sizeof(all[0]),
							 &err), 0);
		}
	}
	/* a file's text as written: PostgreSQL's DO block */
	assert_true(!strncmp(dialect_lookup[DIALECT_POSTGRESQL].drop_unique, "DO $$\nDECLARE\n", 14));
	assert_non_null(strstr(dialect_lookup[DIALECT_POSTGRESQL].drop_unique, "format('DROP INDEX %s', r.idx)"));
	assert_null(dialect_lookup[DIALECT_ORACLE].drop_pk);
	strbuf_release(&out);
	strbuf_release(&err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_placeholders),
		cmocka_unit_test(test_unknown_placeholder),
		cmocka_unit_test(test_statements),
		cmocka_unit_test(test_compiled_blocks),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
