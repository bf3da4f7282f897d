/*
 * toml: a reader of the TOML subset that WSO2 API Manager's
 * repository/conf/deployment.toml files use, enough to find the JDBC
 * connections of [database.*] (see jdbc.h).
 *
 * Read (TOML 1.0 rules for each):
 *   - [table] and [dotted.table] headers; [[array.of.tables]] headers, each
 *     adding one table to the array; a later [a.b] where a is an array of
 *     tables goes into its last table ([[event_listener]] then
 *     [event_listener.properties] in the 3.2.0 default file);
 *   - key = value, with bare keys (A-Za-z0-9_-), "quoted" and 'quoted'
 *     keys ('header.X-WSO2-KEY-MANAGER' is one key) and dotted keys (a.b = 1
 *     defines table a of the current table);
 *   - basic strings "..." with the escapes \b \t \n \f \r \" \\ \uXXXX
 *     \UXXXXXXXX, literal strings '...';
 *   - decimal integers (64 bits) and floats, with '_' between digits;
 *     true and false;
 *   - arrays, over several lines, with comments and a trailing comma, of any
 *     of these values (nested arrays too);
 *   - # comments; LF or CRLF line ends; a leading UTF-8 byte-order mark.
 * Refused with "file:line: message" (none of the samples in
 * shared/wso2-reference/config-samples uses them): multi-line strings
 * (""" and '''), inline tables { }, dates and times, hexadecimal, octal and
 * binary integers, inf and nan.  Refused as TOML refuses them: a key given
 * twice, a table defined twice, a [table] header for a table that dotted
 * keys made, dotted keys that add to a table a header made, [[a]] when a
 * is not an array of tables, invalid UTF-8, control characters in strings
 * and comments, a NUL anywhere, \u0000 (values are C strings).
 *
 * Bounds: at most TOML_MAX_SIZE bytes; no key path (header parts plus
 * dotted key parts) longer than TOML_MAX_DEPTH keys and no array nested
 * deeper than TOML_MAX_DEPTH, so nothing recurses deeper than that; a
 * table's keys are hashed, so a file with many keys parses in linear time.
 *
 * Error messages never quote a value (values may be passwords): they name
 * the key, the table and the line.
 */
#ifndef AMDELTA_TOML_H
#define AMDELTA_TOML_H

#include <stddef.h>
#include <stdint.h>

#include "util.h"

#define TOML_MAX_SIZE (4u << 20)
#define TOML_MAX_DEPTH 64

enum toml_kind { TOML_STRING, TOML_INT, TOML_FLOAT, TOML_BOOL, TOML_ARRAY, TOML_TABLE };

/* One value of the tree.  Owned by its struct toml; read-only for callers. */
struct toml_value {
	enum toml_kind kind;
	long line;                     /* line of the file where it was defined: the key's line,
	                                  or a table's header line (0 for the root) */
	unsigned flags;                /* private to toml.c */
	union {
		char *str;             /* TOML_STRING: the decoded text (UTF-8, no NUL inside) */
		int64_t num;           /* TOML_INT */
		double flt;            /* TOML_FLOAT */
		int boolean;           /* TOML_BOOL: 0 or 1 */
		struct {               /* TOML_ARRAY, TOML_TABLE */
			size_t n;                  /* number of items */
			struct toml_value **items; /* the n values, in file order */
			char **keys;               /* TOML_TABLE: keys[i] names items[i] */
			size_t alloc;              /* private: capacity of items (and keys) */
			size_t *slots;             /* private: hash index of keys, or NULL */
			size_t nslots;             /* private */
		};
	};
};

/* A parsed file. */
struct toml {
	char *name;                    /* the file name messages use */
	struct toml_value *root;       /* the top-level table */
};

/* Reads and parses the file path.  Returns 0 and a new tree in *out (free
 * it with toml_free), or -1 with *out NULL and one line added to err:
 * "path:line: message" for a syntax error, "path: cannot read the file:
 * <strerror>" or "path: larger than 4194304 bytes".  When err is not
 * empty, a newline goes before the line. */
int toml_parse_file(const char *path, struct toml **out, struct strbuf *err);

/* As toml_parse_file, for the len bytes at buf (no NUL needed at the end);
 * name stands for the file in messages and is copied. */
int toml_parse_mem(const char *name, const char *buf, size_t len, struct toml **out,
		   struct strbuf *err);

/* Frees t and all of its values; NULL is a no-op. */
void toml_free(struct toml *t);

/* The value of key (one key, taken whole: "a.b" is the key a.b) in table,
 * or NULL when there is none or table is not a TOML_TABLE. */
const struct toml_value *toml_table_get(const struct toml_value *table, const char *key);

/* The value at path under table: path is keys joined by '.', each taken
 * literally (so a key holding '.' or quotes cannot be reached this way: use
 * toml_table_get).  Only tables are walked: a path through an array of
 * tables gives NULL.  NULL when there is no such value. */
const struct toml_value *toml_lookup(const struct toml_value *table, const char *path);

/* The table at path ("database.apim_db") from the top of t, or NULL when
 * there is none or it is not a table.  "" is the top-level table. */
const struct toml_value *toml_get_table(const struct toml *t, const char *path);

/* The string at path ("database.apim_db.url") from the top of t, or NULL
 * when there is none or it is not a string.  Points into t. */
const char *toml_get(const struct toml *t, const char *path);

#endif
