/*
 * libFuzzer harness of the deployment.toml reader: the bytes go to
 * toml_parse_mem; a tree that parses is walked whole, every string in it
 * is tried as a JDBC URL, and its [database.*] sections are read as
 * jdbc_config_read reads them.  Built and run by `make fuzz`.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "jdbc.h"
#include "toml.h"
#include "util.h"

/* A fixed environment, so that $env{} references resolve sometimes. */
static const char *fuzz_getenv(const char *name)
{
	if (!strcmp(name, "AMDELTA_SHARED_DB_PASSWORD"))
		return "env;pw}";
	if (!strcmp(name, "H"))
		return "db.example.com";
	return NULL;
}

static void check(int ok)
{
	if (!ok)
		abort();
}

/* Walks v (depth bounded by the reader), trying each string as a URL. */
static void walk(const struct toml_value *v, size_t depth)
{
	check(depth <= 3 * TOML_MAX_DEPTH);
	switch (v->kind) {
	case TOML_STRING: {
		struct jdbc_odbc o;
		struct strbuf err = STRBUF_INIT;

		if (jdbc_to_odbc(v->str, v->str, v->str, NULL, &o, &err) == 0)
			check(o.conn && o.where && !err.len);
		else
			check(!o.conn && err.len);
		jdbc_odbc_release(&o);
		strbuf_release(&err);
		break;
	}
	case TOML_ARRAY:
	case TOML_TABLE:
		for (size_t i = 0; i < v->n; i++) {
			walk(v->items[i], depth + 1);
			if (v->kind == TOML_TABLE)
				check(toml_table_get(v, v->keys[i]) == v->items[i]);
		}
		break;
	default:
		break;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct strbuf err = STRBUF_INIT;
	struct toml *t = NULL;

	if (toml_parse_mem("fuzz.toml", (const char *)data, size, &t, &err)) {
		check(!t && err.len && !strncmp(err.buf, "fuzz.toml:", 10) && !strchr(err.buf, '\n'));
	} else {
		struct jdbc_config cfg;

		check(t && !err.len);
		walk(t->root, 0);
		(void)toml_get(t, "database.apim_db.url");
		(void)toml_get_table(t, "database.shared_db");
		if (jdbc_config_read(t, NULL, fuzz_getenv, &cfg, &err) == 0) {
			for (int s = 0; s < JDBC_SECTION_COUNT; s++)
				check(cfg.db[s].present == (cfg.db[s].odbc.conn != NULL));
		} else {
			check(err.len && !strncmp(err.buf, "fuzz.toml:", 10));
		}
		jdbc_config_release(&cfg);
	}
	toml_free(t);
	strbuf_release(&err);
	return 0;
}
