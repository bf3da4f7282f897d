/* Unit tests of apply: the lock's name, and the step loop against a
 * scripted server (conn_script.h): the lock, each step run, the catalog
 * read again, the delta confirmed, the plan made again; refusals and
 * failures.  The catalogs come from the read_catalog hook (introspect reads
 * them with ODBC catalog functions, which the seam does not carry).  Against
 * real servers: tests/integration/t_60_apply.sh. */
#include "unit.h"

#include "apply.h"
#include "conn_script.h"
#include "run.h"

static void test_lock_name(void **state)
{
	struct conn c;
	struct strbuf sb = STRBUF_INIT;
	(void)state;

	memset(&c, 0, sizeof(c));
	/* PostgreSQL: advisory locks belong to the database already */
	c.dialect = dialect_get(DIALECT_POSTGRESQL);
	snprintf(c.schema, sizeof(c.schema), "public");
	apply_lock_name(&c, "WSO2AM_DB", &sb);
	assert_string_equal(sb.buf, "amdelta:WSO2AM_DB");
	strbuf_reset(&sb);
	/* MySQL: GET_LOCK names are server-wide, so the database goes in, and
	 * what could end the literal does not */
	c.dialect = dialect_get(DIALECT_MYSQL);
	snprintf(c.schema, sizeof(c.schema), "apim's db");
	apply_lock_name(&c, "WSO2AM_DB", &sb);
	assert_string_equal(sb.buf, "amdelta:WSO2AM_DB:apim_s_db");
	strbuf_reset(&sb);
	/* at most 64 characters, MySQL's limit */
	memset(c.schema, 'x', 100);
	c.schema[100] = '\0';
	apply_lock_name(&c, "APIM_ANALYTICS_DB", &sb);
	assert_int_equal(sb.len, 64);
	assert_true(!strncmp(sb.buf, "amdelta:APIM_ANALYTICS_DB:xxx", 29));
	strbuf_release(&sb);
}

/* Every dialect either has both halves of a lock query or none. */
static void test_lock_sql_table(void **state)
{
	(void)state;
	for (int i = 0; i < DIALECT_COUNT; i++) {
		const struct dialect *d = dialect_get((enum dialect_id)i);

		assert_true(!d->try_lock_sql[0] == !d->try_lock_sql[1]);
	}
	assert_non_null(dialect_get(DIALECT_POSTGRESQL)->try_lock_sql[0]);
	assert_non_null(dialect_get(DIALECT_MYSQL)->try_lock_sql[0]);
	assert_true(dialect_get(DIALECT_MYSQL)->lock_server_wide);
	assert_false(dialect_get(DIALECT_POSTGRESQL)->lock_server_wide);
}

/* ---- the step loop ---- */

static void add_col(struct table *t, const char *name, enum col_type type, long size, int nullable)
{
	struct column c = { .name = (char *)name, .type = type, .size = size, .nullable = nullable };

	table_add_column(t, &c);
}

static struct delta *add_delta(struct delta_set *set, const char *id, enum delta_op op,
			       const char *table, const char *column)
{
	struct delta *d;

	ALLOC_GROW(set->items, set->n + 1, set->alloc);
	d = &set->items[set->n++];
	memset(d, 0, sizeof(*d));
	d->id = xstrdup(id);
	d->db = DBI_AM;
	d->component = COMP_APIM;
	d->release = xstrdup("3.2.0");
	d->op = op;
	d->table = xstrdup(table);
	d->column = xstrdup(column);
	d->title = xstrdup(id);
	d->dialects = (1u << DIALECT_COUNT) - 1;
	return d;
}

/* The catalogs the server shows, one per read (the last one again once they
 * run out); a table read alone takes that table from the next one. */
struct reads {
	struct catalog *states[4];
	size_t nstates, n, alone;
	char tables[8][64];        /* the tables read alone, in order */
	int locked, stepped;       /* hook calls */
};

static int read_catalog(void *ctx, struct conn *c, const struct catalog *old, const char *table,
			struct catalog **out, struct strbuf *err)
{
	struct reads *r = ctx;
	const struct catalog *now = r->states[r->n < r->nstates ? r->n : r->nstates - 1];
	const struct table *t;

	(void)c;
	(void)err;
	if (!table) {
		r->n++;
		*out = catalog_dup(now);
		return 0;
	}
	if (!(t = catalog_table(now, table)))
		return 1;
	r->n++;
	snprintf(r->tables[r->alone++ % 8], sizeof(r->tables[0]), "%s", table);
	*out = catalog_dup(old);
	catalog_put_table(*out, t);
	return 0;
}

static void locked(void *ctx, struct conn *c)
{
	(void)c;
	((struct reads *)ctx)->locked++;
}

static void stepped(void *ctx, struct conn *c, const struct delta *d)
{
	(void)c;
	(void)d;
	((struct reads *)ctx)->stepped++;
}

/* A WSO2AM_DB at 3.0.0 as far as two deltas look: AM_SUBSCRIPTION without
 * TIER_ID_PENDING (an add-column), no AM_KEY_MANAGER (a create-table). */
struct afx {
	struct delta_set set;
	struct catalog *expected;
	struct reads reads;
	struct apply_hooks hooks;
	struct apply_opts opts;
	struct script script;
	struct conn c;
	struct db_run dbr;
	char *text;
	size_t textlen;
	FILE *out;
};

static void afx_init(struct afx *f, enum dialect_id dialect, const struct script_entry *entries,
		     size_t n)
{
	struct catalog *cat;
	struct table *t;

	memset(f, 0, sizeof(*f));
	add_delta(&f->set, "am-subscription-tier-id-pending", DOP_ADD_COLUMN, "AM_SUBSCRIPTION",
		  "TIER_ID_PENDING");
	add_delta(&f->set, "am-key-manager", DOP_CREATE_TABLE, "AM_KEY_MANAGER", NULL);
	f->expected = cat = catalog_new();
	add_col(catalog_add_table(cat, "AM_API"), "API_ID", COL_INTEGER, 0, 0);
	add_col(catalog_add_table(cat, "AM_APPLICATION"), "APPLICATION_ID", COL_INTEGER, 0, 0);
	add_col(catalog_add_table(cat, "AM_SUBSCRIBER"), "SUBSCRIBER_ID", COL_INTEGER, 0, 0);
	t = catalog_add_table(cat, "AM_SUBSCRIPTION");
	add_col(t, "SUBSCRIPTION_ID", COL_INTEGER, 0, 0);
	add_col(t, "TIER_ID_PENDING", COL_VARCHAR, 50, 1);
	t = catalog_add_table(cat, "AM_KEY_MANAGER");
	add_col(t, "UUID", COL_VARCHAR, 50, 0);
	add_col(t, "NAME", COL_VARCHAR, 100, 1);
	{
		char **k = catalog_cols_split("UUID", &(size_t){ 0 });

		table_add_key(t, KEY_PRIMARY, NULL, 1, (const char *const *)k, NULL, NULL);
		catalog_cols_free(k, 1);
	}
	/* 3.0.0, then the column added, then 3.2.0 */
	f->reads.states[0] = catalog_dup(cat);
	catalog_remove_table(f->reads.states[0], "AM_KEY_MANAGER");
	table_remove_column(catalog_table(f->reads.states[0], "AM_SUBSCRIPTION"), "TIER_ID_PENDING");
	f->reads.states[1] = catalog_dup(f->reads.states[0]);
	add_col(catalog_table(f->reads.states[1], "AM_SUBSCRIPTION"), "TIER_ID_PENDING", COL_VARCHAR,
		50, 1);
	f->reads.states[2] = catalog_dup(cat);
	f->reads.nstates = 3;

	f->hooks.ctx = &f->reads;
	f->hooks.read_catalog = read_catalog;
	f->hooks.locked = locked;
	f->hooks.stepped = stepped;
	f->opts.lock_timeout_s = 0;
	f->opts.batch_rows = 1000;
	f->opts.hooks = &f->hooks;
	script_add(&f->script, entries, n);
	script_conn(&f->c, &f->script, "WSO2AM_DB", dialect, 0);
	f->dbr.id = DBI_AM;
	f->dbr.name = db_name(DBI_AM);
	f->out = open_memstream(&f->text, &f->textlen);
	assert_non_null(f->out);
}

static int afx_apply(struct afx *f)
{
	int rc = apply_database(&f->c, &f->dbr, &f->set, f->expected, &f->opts, f->out);

	fflush(f->out);
	return rc;
}

static void afx_release(struct afx *f)
{
	struct run run = { 0 };

	fclose(f->out);
	free(f->text);
	run.ndbs = 1;
	run.dbs[0] = f->dbr;
	run_release(&run);
	for (size_t i = 0; i < f->reads.nstates; i++)
		catalog_free(f->reads.states[i]);
	catalog_free(f->expected);
	delta_set_release(&f->set);
	script_release(&f->script);
}

/* The i-th line of the script's log (0-based), as a new string. */
static char *log_line(const struct script *s, size_t i)
{
	const char *p = strbuf_str(&s->log);

	while (i-- && (p = strchr(p, '\n')))
		p++;
	return p && *p ? xstrndup(p, strcspn(p, "\n")) : xstrdup("");
}

static void assert_log(const struct script *s, const char *const *want)
{
	size_t i = 0;

	for (; want[i]; i++) {
		char *line = log_line(s, i);

		if (strncmp(line, want[i], strlen(want[i])))
			fail_msg("statement %zu: \"%s\", want \"%s...\"\nthe log:\n%s", i, line, want[i],
				 strbuf_str(&s->log));
		free(line);
	}
	if (script_count(s, "\n") != i)
		fail_msg("%zu statements, want %zu; the log:\n%s", script_count(s, "\n"), i,
			 strbuf_str(&s->log));
}

/* Two steps, each in its transaction, each followed by a read of the table
 * it touched that finds it applied; then the plan is empty: 3.2.0. */
static void test_apply_steps(void **state)
{
	static const struct script_entry entries[] = {
		{ .pattern = "pg_try_advisory_lock(hashtext('amdelta:WSO2AM_DB'))", .rows = "1" },
		{ .pattern = "ALTER TABLE AM_SUBSCRIPTION ADD" },
		{ .pattern = "CREATE TABLE AM_KEY_MANAGER" },
	};
	static const char *const want[] = {
		"SELECT CASE WHEN pg_try_advisory_lock", "BEGIN", "ALTER TABLE AM_SUBSCRIPTION ADD",
		"COMMIT", "BEGIN", "CREATE TABLE AM_KEY_MANAGER", "COMMIT", NULL,
	};
	struct afx f;
	(void)state;

	afx_init(&f, DIALECT_POSTGRESQL, entries, sizeof(entries) / sizeof(entries[0]));
	assert_int_equal(afx_apply(&f), 0);
	assert_null(f.dbr.apply_error);
	assert_log(&f.script, want);
	assert_int_equal(f.script.unscripted, 0);
	assert_int_equal(f.dbr.state, DB_V320);
	assert_int_equal(f.dbr.nexecuted, 2);
	assert_string_equal(f.dbr.executed[0].id, "am-subscription-tier-id-pending");
	assert_string_equal(f.dbr.executed[1].id, "am-key-manager");
	assert_non_null(strstr(f.dbr.executed[1].sql, "CREATE TABLE AM_KEY_MANAGER"));
	/* the whole catalog once, then the table of each step alone */
	assert_int_equal(f.reads.n, 3);
	assert_int_equal(f.reads.alone, 2);
	assert_string_equal(f.reads.tables[0], "AM_SUBSCRIPTION");
	assert_string_equal(f.reads.tables[1], "AM_KEY_MANAGER");
	assert_int_equal(f.reads.locked, 1);
	assert_int_equal(f.reads.stepped, 2);
	assert_int_equal(f.dbr.plan.nsteps, 0);
	assert_non_null(strstr(f.text, "-- am-subscription-tier-id-pending (AM_SUBSCRIPTION): "));
	assert_non_null(strstr(f.text, "ALTER TABLE AM_SUBSCRIPTION ADD"));
	afx_release(&f);
}

/* MySQL: DDL commits by itself, so no transaction; the lock's name holds
 * the schema. */
static void test_apply_steps_mysql(void **state)
{
	static const struct script_entry entries[] = {
		{ .pattern = "GET_LOCK('amdelta:WSO2AM_DB:wso2am', 0)", .rows = "1" },
		{ .pattern = "ALTER TABLE AM_SUBSCRIPTION ADD" },
		{ .pattern = "CREATE TABLE AM_KEY_MANAGER" },
	};
	static const char *const want[] = {
		"SELECT GET_LOCK", "ALTER TABLE AM_SUBSCRIPTION ADD", "CREATE TABLE AM_KEY_MANAGER", NULL,
	};
	struct afx f;
	(void)state;

	afx_init(&f, DIALECT_MYSQL, entries, sizeof(entries) / sizeof(entries[0]));
	assert_int_equal(afx_apply(&f), 0);
	assert_log(&f.script, want);
	assert_int_equal(f.dbr.state, DB_V320);
	afx_release(&f);
}

/* Nothing missing: the lock, one read, nothing run. */
static void test_apply_nothing(void **state)
{
	static const struct script_entry entries[] = {
		{ .pattern = "pg_try_advisory_lock", .rows = "1" },
	};
	struct afx f;
	(void)state;

	afx_init(&f, DIALECT_POSTGRESQL, entries, 1);
	for (size_t i = 0; i < f.reads.nstates; i++)
		catalog_free(f.reads.states[i]);
	f.reads.states[0] = catalog_dup(f.expected);
	f.reads.nstates = 1;
	assert_int_equal(afx_apply(&f), 0);
	assert_int_equal(script_count(&f.script, "\n"), 1);
	assert_int_equal(f.dbr.nexecuted, 0);
	assert_int_equal(f.dbr.state, DB_V320);
	assert_int_equal(f.dbr.apim, PART_NEW);
	assert_non_null(strstr(f.text, "-- nothing to apply: amdelta's part of WSO2AM_DB is 3.2.0"));
	afx_release(&f);
}

/* A step that runs but leaves its delta missing stops the run. */
static void test_apply_not_confirmed(void **state)
{
	static const struct script_entry entries[] = {
		{ .pattern = "pg_try_advisory_lock", .rows = "1" },
		{ .pattern = "ALTER TABLE AM_SUBSCRIPTION ADD" },
	};
	struct afx f;
	(void)state;

	afx_init(&f, DIALECT_POSTGRESQL, entries, 2);
	/* the server shows the column still missing after the step */
	catalog_free(f.reads.states[1]);
	f.reads.states[1] = catalog_dup(f.reads.states[0]);
	assert_int_equal(afx_apply(&f), -1);
	assert_non_null(f.dbr.apply_error);
	assert_non_null(strstr(f.dbr.apply_error, "WSO2AM_DB: step am-subscription-tier-id-pending "
			       "(AM_SUBSCRIPTION) ran, but the delta is still missing"));
	assert_int_equal(f.dbr.nexecuted, 1);
	assert_int_equal(script_count(&f.script, "CREATE TABLE"), 0);
	afx_release(&f);
}

/* Another run holds the lock: refused (1) once the time is up, nothing
 * read, nothing executed. */
static void test_apply_lock_refused(void **state)
{
	static const struct script_entry entries[] = {
		{ .pattern = "pg_try_advisory_lock", .rows = "0" },
	};
	struct afx f;
	(void)state;

	afx_init(&f, DIALECT_POSTGRESQL, entries, 1);
	assert_int_equal(afx_apply(&f), 1);
	assert_non_null(strstr(f.dbr.apply_error, "another amdelta apply holds the lock on WSO2AM_DB"));
	assert_int_equal(script_count(&f.script, "\n"), 1);
	assert_int_equal(f.dbr.nexecuted, 0);
	assert_int_equal(f.reads.n, 0);
	assert_int_equal(f.reads.locked, 0);
	afx_release(&f);
}

/* The lock query fails, or answers what no lock query answers: failed (-1);
 * a dialect without a session lock: refused (1).  Nothing executed. */
static void test_apply_lock_errors(void **state)
{
	static const struct script_entry failing[] = {
		{ .pattern = "GET_LOCK", .fail = "HY000: Lost connection to server" },
	};
	static const struct script_entry null_answer[] = {
		{ .pattern = "GET_LOCK", .rows = "\\N" },
	};
	struct afx f;
	(void)state;

	afx_init(&f, DIALECT_MYSQL, failing, 1);
	assert_int_equal(afx_apply(&f), -1);
	assert_non_null(strstr(f.dbr.apply_error, "WSO2AM_DB: cannot take apply's lock"));
	assert_non_null(strstr(f.dbr.apply_error, "Lost connection to server"));
	assert_int_equal(f.dbr.nexecuted, 0);
	afx_release(&f);

	afx_init(&f, DIALECT_MYSQL, null_answer, 1);
	assert_int_equal(afx_apply(&f), -1);
	assert_non_null(strstr(f.dbr.apply_error, "the server answered NULL"));
	afx_release(&f);

	afx_init(&f, DIALECT_ORACLE, NULL, 0);
	assert_int_equal(afx_apply(&f), 1);
	assert_non_null(strstr(f.dbr.apply_error, "apply is not available on oracle"));
	assert_int_equal(f.script.log.len, 0);
	afx_release(&f);
}

/* A step that fails: -1, the message names the database, the delta and the
 * server's words; PostgreSQL rolls it back, and nothing after it runs. */
static void test_apply_step_fails(void **state)
{
	static const struct script_entry entries[] = {
		{ .pattern = "pg_try_advisory_lock", .rows = "1" },
		{ .pattern = "ALTER TABLE AM_SUBSCRIPTION", .fail = "42501: must be owner of table am_subscription" },
	};
	static const char *const want[] = {
		"SELECT CASE WHEN pg_try_advisory_lock", "BEGIN", "ALTER TABLE AM_SUBSCRIPTION ADD",
		"ROLLBACK", NULL,
	};
	struct afx f;
	(void)state;

	afx_init(&f, DIALECT_POSTGRESQL, entries, 2);
	assert_int_equal(afx_apply(&f), -1);
	assert_log(&f.script, want);
	assert_non_null(strstr(f.dbr.apply_error, "WSO2AM_DB: step am-subscription-tier-id-pending "
			       "(AM_SUBSCRIPTION) failed, rolled back: "));
	assert_non_null(strstr(f.dbr.apply_error, "must be owner of table am_subscription"));
	assert_int_equal(f.dbr.nexecuted, 1);
	assert_int_equal(f.reads.stepped, 0);
	assert_int_equal(f.reads.n, 1);
	afx_release(&f);
}

/* A read after a step that fails stops the run, naming the database. */
static int read_fails_after_first(void *ctx, struct conn *c, const struct catalog *old,
				  const char *table, struct catalog **out, struct strbuf *err)
{
	struct reads *r = ctx;

	if (r->n) {
		strbuf_addstr(err, "statement failed on WSO2AM_DB: 57P01: terminating connection");
		return -1;
	}
	return read_catalog(ctx, c, old, table, out, err);
}

static void test_apply_read_fails(void **state)
{
	static const struct script_entry entries[] = {
		{ .pattern = "pg_try_advisory_lock", .rows = "1" },
		{ .pattern = "ALTER TABLE AM_SUBSCRIPTION ADD" },
	};
	struct afx f;
	(void)state;

	afx_init(&f, DIALECT_POSTGRESQL, entries, 2);
	f.hooks.read_catalog = read_fails_after_first;
	assert_int_equal(afx_apply(&f), -1);
	assert_non_null(strstr(f.dbr.apply_error, "WSO2AM_DB: cannot read the catalog after a step: "));
	assert_non_null(strstr(f.dbr.apply_error, "terminating connection"));
	assert_int_equal(f.dbr.nexecuted, 1);
	afx_release(&f);
}

/* A fill data fix: asked only whether a row is left (the probe), run in
 * batches over the key range, asked again after its step; done when none
 * is left. */
static void test_apply_data_fix(void **state)
{
	static const struct script_entry entries[] = {
		{ .pattern = "pg_try_advisory_lock", .rows = "1" },
		{ .pattern = "IS NULL LIMIT 1) x", .rows = "1" },
		{ .pattern = "ORDER BY ID DESC LIMIT 1)", .rows = "1|2500" },
		{ .pattern = "UPDATE IDN_OAUTH_CONSUMER_APPS SET CALLBACK_URL", .changed = 1000, .repeat = 1 },
		{ .pattern = "IS NULL LIMIT 1) x", .rows = "0" },
	};
	struct afx f;
	struct delta *d;
	(void)state;

	/* the structure at 3.2.0 already: the fix alone is missing */
	afx_init(&f, DIALECT_POSTGRESQL, entries, sizeof(entries) / sizeof(entries[0]));
	d = add_delta(&f.set, "idn-oauth-consumer-apps-callback-url-fill", DOP_DATA_FIX,
		      "IDN_OAUTH_CONSUMER_APPS", "CALLBACK_URL");
	d->count_sql = xstrdup("SELECT COUNT(*) FROM IDN_OAUTH_CONSUMER_APPS WHERE CALLBACK_URL IS NULL");
	d->fill = xstrdup("''");
	for (size_t i = 0; i < f.reads.nstates; i++) {
		struct table *t;

		catalog_free(f.reads.states[i]);
		f.reads.states[i] = catalog_dup(f.expected);
		t = catalog_add_table(f.reads.states[i], "IDN_OAUTH_CONSUMER_APPS");
		add_col(t, "ID", COL_INTEGER, 0, 0);
		add_col(t, "CALLBACK_URL", COL_VARCHAR, 2048, 1);
		{
			char **k = catalog_cols_split("ID", &(size_t){ 0 });

			table_add_key(t, KEY_PRIMARY, NULL, 1, (const char *const *)k, NULL, NULL);
			catalog_cols_free(k, 1);
		}
	}
	catalog_put_table(f.expected, catalog_table(f.reads.states[0], "IDN_OAUTH_CONSUMER_APPS"));
	f.opts.batch_rows = 1000;
	if (afx_apply(&f))
		fail_msg("%s\nthe log:\n%s", f.dbr.apply_error, strbuf_str(&f.script.log));
	assert_int_equal(f.script.unscripted, 0);
	assert_int_equal(f.dbr.nexecuted, 1);
	assert_true(f.dbr.executed[0].batches >= 2);
	assert_int_equal(f.dbr.executed[0].rows, 1000 * f.dbr.executed[0].batches);
	/* three ranges of about batch_rows keys, the last one open */
	assert_true(script_sent(&f.script, "UPDATE IDN_OAUTH_CONSUMER_APPS SET CALLBACK_URL = '' "
				"WHERE CALLBACK_URL IS NULL AND ID >= 1 AND ID < 1001"));
	assert_true(script_sent(&f.script, "UPDATE IDN_OAUTH_CONSUMER_APPS SET CALLBACK_URL = '' "
				"WHERE CALLBACK_URL IS NULL AND ID >= 2001"));
	assert_int_equal(f.dbr.executed[0].batches, 3);
	assert_int_equal(script_count(&f.script, "IS NULL LIMIT 1) x"), 2);
	assert_int_equal(f.dbr.state, DB_V320);
	afx_release(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lock_name),
		cmocka_unit_test(test_lock_sql_table),
		cmocka_unit_test(test_apply_steps),
		cmocka_unit_test(test_apply_steps_mysql),
		cmocka_unit_test(test_apply_nothing),
		cmocka_unit_test(test_apply_not_confirmed),
		cmocka_unit_test(test_apply_lock_refused),
		cmocka_unit_test(test_apply_lock_errors),
		cmocka_unit_test(test_apply_step_fails),
		cmocka_unit_test(test_apply_read_fails),
		cmocka_unit_test(test_apply_data_fix),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
