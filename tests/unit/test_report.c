/* Unit tests of the reporters: text names every database, state and
 * non-applied delta; JSON has the documented shape. */
#include "unit.h"

#include <jansson.h>

#include "report.h"

static struct delta scope = {
	.id = "am-scope", .db = "WSO2AM_DB", .component = "apim", .release = "3.2.0",
	.op = DOP_CREATE_TABLE, .table = "AM_SCOPE",
};
static struct delta users = {
	.id = "am-user", .db = "WSO2AM_DB", .component = "apim", .release = "3.1.0",
	.op = DOP_CREATE_TABLE, .table = "AM_USER",
};

static void build(struct run *run)
{
	struct db_run *d;

	memset(run, 0, sizeof(*run));
	run->command = "status";
	run->ndbs = 3;
	d = &run->dbs[0];
	d->name = strdup("WSO2AM_DB");
	d->dialect = strdup("postgresql");
	d->state = DB_PARTIAL;
	d->identity_state = strdup("5.9.0");
	d->ndeltas = d->deltas_alloc = 2;
	d->deltas = calloc(2, sizeof(*d->deltas));
	d->deltas[0] = (struct delta_result){ &scope, DS_MISSING, -1, strdup("table does not exist") };
	d->deltas[1] = (struct delta_result){ &users, DS_APPLIED, -1, NULL };
	run->dbs[1].name = strdup("SHARED_DB");
	run->dbs[1].state = DB_NOT_CONFIGURED;
	run->dbs[2].name = strdup("APIM_ANALYTICS_DB");
	run->dbs[2].state = DB_ERROR;
	run->dbs[2].error = strdup("cannot connect to APIM_ANALYTICS_DB: refused");
}

static void test_text(void **state)
{
	struct run run;
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	(void)state;

	build(&run);
	report_text_write(f, &run);
	fclose(f);
	assert_non_null(strstr(buf, "WSO2AM_DB"));
	assert_non_null(strstr(buf, "partial"));
	assert_non_null(strstr(buf, "am-scope"));
	assert_non_null(strstr(buf, "AM_SCOPE"));
	assert_null(strstr(buf, "am-user"));           /* applied deltas are not listed */
	assert_non_null(strstr(buf, "not-configured"));
	assert_non_null(strstr(buf, "refused"));
	assert_non_null(strstr(buf, "identity migration pending"));
	free(buf);
	run_release(&run);
}

static void test_json(void **state)
{
	struct run run;
	struct strbuf err = STRBUF_INIT;
	char path[] = "/tmp/amdelta-json-XXXXXX";
	int fd = mkstemp(path);
	json_t *root, *db, *delta;
	json_error_t jerr;
	(void)state;

	assert_true(fd >= 0);
	close(fd);
	build(&run);
	assert_int_equal(report_json_write(path, &run, &err), 0);
	root = json_load_file(path, 0, &jerr);
	assert_non_null(root);
	assert_int_equal(json_array_size(json_object_get(root, "databases")), 3);
	db = json_array_get(json_object_get(root, "databases"), 0);
	assert_string_equal(json_string_value(json_object_get(db, "name")), "WSO2AM_DB");
	assert_string_equal(json_string_value(json_object_get(db, "state")), "partial");
	delta = json_array_get(json_object_get(db, "deltas"), 0);
	assert_string_equal(json_string_value(json_object_get(delta, "id")), "am-scope");
	assert_string_equal(json_string_value(json_object_get(delta, "table")), "AM_SCOPE");
	assert_string_equal(json_string_value(json_object_get(delta, "status")), "missing");
	assert_string_equal(json_string_value(json_object_get(delta, "detail")), "table does not exist");
	db = json_array_get(json_object_get(root, "databases"), 1);
	assert_string_equal(json_string_value(json_object_get(db, "state")), "not-configured");
	json_decref(root);
	unlink(path);
	assert_int_equal(report_json_write("/nonexistent-dir/x.json", &run, &err), -1);
	assert_non_null(strstr(strbuf_str(&err), "/nonexistent-dir/x.json"));
	strbuf_release(&err);
	run_release(&run);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_text),
		cmocka_unit_test(test_json),
	};
	return cmocka_run_group_tests_name("report", tests, NULL, NULL);
}
