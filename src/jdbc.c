/* jdbc: deployment.toml's JDBC URLs as ODBC connection strings (see jdbc.h). */
#include "jdbc.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "banned.h"

/* A JDBC URL taken apart. */
struct url {
	char *host;                    /* NULL for an Oracle descriptor or alias */
	int ipv6;                      /* host was written [bracketed] */
	long port;                     /* 0 until given */
	char *database;                /* database, Oracle service name or SID */
	char *instance;                /* SQL Server named instance, or NULL */
	char *dbq;                     /* Oracle: the DBQ value */
	char *user, *password;         /* from the URL, or NULL */
};

/* How read_props reads a property list. */
enum {
	PROP_PCT = 1,                  /* values are percent-encoded */
	PROP_BRACES = 2,               /* values may be {braced}, '}' doubled inside */
	PROP_MSSQL = 4,                /* SQL Server's server, port, database, instance names */
};

struct scheme;
/* Parses what follows a scheme's prefix into u. */
typedef int url_parse_fn(const char *rest, const struct scheme *sc, struct url *u,
			 struct strbuf *err);

/* One JDBC URL form amdelta reads, as the dialect's entry has it (struct
 * dialect_jdbc). */
struct scheme {
	const char *word;              /* the word after "jdbc:" */
	const char *prefix;            /* what the URL starts with after "jdbc:" (any case) */
	const struct dialect *dia;
	url_parse_fn *parse;           /* NULL: refused (dia->jdbc.refused) */
	long default_port;
	const char *form;              /* the form, for messages */
};

static url_parse_fn parse_mysql, parse_postgresql, parse_sqlserver, parse_oracle, parse_db2;

/* The reader of each syntax. */
static url_parse_fn *const readers[] = {
	[JDBC_REFUSED] = NULL,
	[JDBC_MYSQL] = parse_mysql,
	[JDBC_POSTGRESQL] = parse_postgresql,
	[JDBC_SQLSERVER] = parse_sqlserver,
	[JDBC_ORACLE] = parse_oracle,
	[JDBC_DB2] = parse_db2,
};

/* Fills sc with form i of dialect id; returns 0, or -1 when it has no such
 * form. */
static int scheme_get(enum dialect_id id, size_t i, struct scheme *sc)
{
	const struct dialect *d = dialect_get(id);
	const struct jdbc_form *f;

	if (i >= sizeof(d->jdbc.forms) / sizeof(d->jdbc.forms[0]) || !d->jdbc.forms[i].word)
		return -1;
	f = &d->jdbc.forms[i];
	sc->word = f->word;
	sc->prefix = f->prefix;
	sc->form = f->form;
	sc->dia = d;
	sc->parse = readers[d->jdbc.syntax];
	sc->default_port = d->jdbc.default_port;
	return 0;
}

/* Each section: its name in deployment.toml, its database, its variable. */
static const struct {
	const char *name, *dbname, *env;
} sections[JDBC_SECTION_COUNT] = {
	[JDBC_APIM_DB] = { "apim_db", "WSO2AM_DB", "AMDELTA_WSO2AM_DB_PASSWORD" },
	[JDBC_SHARED_DB] = { "shared_db", "SHARED_DB", "AMDELTA_SHARED_DB_PASSWORD" },
	[JDBC_USER] = { "user", "USER_DB", "AMDELTA_USER_DB_PASSWORD" },
	[JDBC_CONFIG] = { "config", "CONFIG_DB", "AMDELTA_CONFIG_DB_PASSWORD" },
};

/* The order in which same_as looks for another section. */
static const enum jdbc_section same_as_order[] = {
	JDBC_SHARED_DB, JDBC_APIM_DB, JDBC_USER, JDBC_CONFIG,
};

void jdbc_drivers_init(struct jdbc_drivers *d)
{
	memset(d, 0, sizeof(*d));
	for (int id = 0; id < DIALECT_COUNT; id++)
		d->name[id] = dialect_get((enum dialect_id)id)->jdbc.odbc_driver;
}

const char *jdbc_section_name(enum jdbc_section s)
{
	return sections[s].name;
}

const char *jdbc_section_dbname(enum jdbc_section s)
{
	return sections[s].dbname;
}

const char *jdbc_section_env(enum jdbc_section s)
{
	return sections[s].env;
}

static int fail(struct strbuf *err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int fail(struct strbuf *err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(err, fmt, ap);
	va_end(ap);
	return -1;
}

static int starts_with_ci(const char *s, const char *prefix)
{
	size_t n = strlen(prefix);

	return strlen(s) >= n && !strncasecmp(s, prefix, n);
}

static void url_release(struct url *u)
{
	free(u->host);
	free(u->database);
	free(u->instance);
	free(u->dbq);
	free(u->user);
	free(u->password);
	memset(u, 0, sizeof(*u));
}

/* Replaces *field with value (taken). */
static void set_field(char **field, char *value)
{
	free(*field);
	*field = value;
}

static int hex_digit(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* The n bytes at s, %XX-decoded when pct; a new string in *out.  what
 * names the part for messages (never its text). */
static int take(const char *s, size_t n, int pct, const char *what, char **out, struct strbuf *err)
{
	struct strbuf sb = STRBUF_INIT;
	int rc = -1;

	*out = NULL;
	for (size_t i = 0; i < n; i++) {
		int hi, lo;

		if (!pct || s[i] != '%') {
			strbuf_addch(&sb, s[i]);
			continue;
		}
		hi = i + 2 < n ? hex_digit((unsigned char)s[i + 1]) : -1;
		lo = hi >= 0 ? hex_digit((unsigned char)s[i + 2]) : -1;
		if (hi < 0 || lo < 0 || (hi == 0 && lo == 0)) {
			fail(err, "bad percent-encoding in the %s", what);
			goto out;
		}
		strbuf_addch(&sb, hi * 16 + lo);
		i += 2;
	}
	*out = strbuf_detach(&sb);
	rc = 0;
out:
	strbuf_release(&sb);
	return rc;
}

static int parse_port(const char *s, size_t n, long *port, struct strbuf *err)
{
	long v = 0;

	if (!n || n > 5)
		goto bad;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			goto bad;
		v = v * 10 + (s[i] - '0');
	}
	if (v < 1 || v > 65535)
		goto bad;
	*port = v;
	return 0;
bad:
	return fail(err, "bad port number in the URL (want 1-65535)");
}

static int is_host_char(int c, int ipv6)
{
	if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' ||
	    c == '-' || c == '_')
		return 1;
	return ipv6 && (c == ':' || c == '%');
}

/* Parses "host[:port]" or "[v6][:port]", exactly the n bytes at s, into
 * u->host and u->port (left 0 when absent).  An empty host is
 * localhost. */
static int parse_host_port(const char *s, size_t n, struct url *u, struct strbuf *err)
{
	size_t hs = 0, he, i;
	int ipv6 = n > 0 && s[0] == '[';

	if (memchr(s, ',', n))
		return fail(err, "several hosts in the URL (failover, load balancing) are not supported");
	if (ipv6) {
		const char *close = memchr(s, ']', n);

		if (!close)
			return fail(err, "'[' without ']' around the host in the URL");
		hs = 1;
		he = (size_t)(close - s);
		i = he + 1;
	} else {
		const char *colon = memchr(s, ':', n);

		he = colon ? (size_t)(colon - s) : n;
		i = he;
	}
	for (size_t k = hs; k < he; k++)
		if (!is_host_char((unsigned char)s[k], ipv6))
			return fail(err, "bad host name in the URL");
	if (i < n) {
		if (s[i] != ':')
			return fail(err, "bad host name in the URL");
		if (parse_port(s + i + 1, n - i - 1, &u->port, err))
			return -1;
	}
	set_field(&u->host, he > hs ? xstrndup(s + hs, he - hs) : xstrdup("localhost"));
	u->ipv6 = ipv6 && he > hs;
	return 0;
}

/* The URL properties amdelta reads, and what each sets. */
enum prop_field { PF_USER, PF_PASSWORD, PF_DATABASE, PF_SERVER, PF_PORT, PF_INSTANCE };

static const struct {
	const char *name;              /* matched in any case */
	enum prop_field field;
	int mssql;                     /* read only with PROP_MSSQL */
} props[] = {
	{ "user", PF_USER, 0 }, { "password", PF_PASSWORD, 0 }, { "userName", PF_USER, 1 },
	{ "databaseName", PF_DATABASE, 1 }, { "database", PF_DATABASE, 1 },
	{ "serverName", PF_SERVER, 1 }, { "server", PF_SERVER, 1 },
	{ "portNumber", PF_PORT, 1 }, { "port", PF_PORT, 1 },
	{ "instanceName", PF_INSTANCE, 1 }, { "instance", PF_INSTANCE, 1 },
};

/* The props[] row of the len bytes at name, or -1. */
static int prop_find(const char *name, size_t len, unsigned how)
{
	for (size_t i = 0; i < sizeof(props) / sizeof(props[0]); i++)
		if ((!props[i].mssql || (how & PROP_MSSQL)) && strlen(props[i].name) == len &&
		    !strncasecmp(name, props[i].name, len))
			return (int)i;
	return -1;
}

/* Sets the field of props[row] from text (taken). */
static int prop_set(int row, char *text, struct url *u, struct strbuf *err)
{
	int rc = -1;

	switch (props[row].field) {
	case PF_USER:
		set_field(&u->user, text);
		return 0;
	case PF_PASSWORD:
		set_field(&u->password, text);
		return 0;
	case PF_DATABASE:
		set_field(&u->database, text);
		return 0;
	case PF_INSTANCE:
		set_field(&u->instance, text);
		return 0;
	case PF_SERVER:
		for (const char *c = text; *c; c++)
			if (!is_host_char((unsigned char)*c, 0))
				goto bad_server;
		if (!*text)
			goto bad_server;
		set_field(&u->host, text);
		u->ipv6 = 0;
		return 0;
	case PF_PORT:
		rc = parse_port(text, strlen(text), &u->port, err);
		break;
	}
	free(text);
	return rc;
bad_server:
	free(text);
	return fail(err, "bad serverName in the URL");
}

/* Reads "k=v<sep>k=v..." (how: PROP_*) into u: the props[] it names, a
 * later one winning; others are skipped. */
static int read_props(const char *s, char sep, unsigned how, struct url *u, struct strbuf *err)
{
	struct strbuf val = STRBUF_INIT;
	int rc = -1;

	while (*s) {
		size_t name_len = strcspn(s, "=;&");
		const char *name = s, *v;
		char *text;
		int row;

		if (*s == sep) {
			s++;
			continue;
		}
		if (s[name_len] != '=') {   /* a flag without a value: not one we read */
			s += name_len;
			if (*s && *s != sep)
				s++;
			continue;
		}
		v = s + name_len + 1;
		strbuf_reset(&val);
		if ((how & PROP_BRACES) && *v == '{') {
			for (v++; *v != '}' || v[1] == '}'; v++) {
				if (!*v) {
					fail(err, "unterminated {value} in the URL's properties");
					goto out;
				}
				if (*v == '}')
					v++;
				strbuf_addch(&val, *v);
			}
			s = v + 1;
		} else {
			size_t vlen = strcspn(v, sep == ';' ? ";" : "&");

			strbuf_add(&val, v, vlen);
			s = v + vlen;
		}
		row = prop_find(name, name_len, how);
		if (row < 0)
			continue;
		if (take(strbuf_str(&val), val.len, how & PROP_PCT, "URL's properties", &text, err) ||
		    prop_set(row, text, u, err))
			goto out;
	}
	rc = 0;
out:
	strbuf_release(&val);
	return rc;
}

/* jdbc:mysql://[user[:password]@]host[:port]/database[?k=v&...], and
 * jdbc:mariadb:// the same. */
static int parse_mysql(const char *rest, const struct scheme *sc, struct url *u,
		       struct strbuf *err)
{
	size_t auth_len = strcspn(rest, "/?");
	const char *at = NULL, *host = rest, *p;
	(void)sc;

	for (const char *c = rest; c < rest + auth_len; c++)
		if (*c == '@')
			at = c;
	if (at) {
		size_t info = (size_t)(at - rest), ulen = strcspn(rest, ":@");
		char *s;

		if (take(rest, ulen < info ? ulen : info, 1, "URL's user", &s, err))
			return -1;
		set_field(&u->user, s);
		if (ulen < info) {
			if (take(rest + ulen + 1, info - ulen - 1, 1, "URL's password", &s, err))
				return -1;
			set_field(&u->password, s);
		}
		host = at + 1;
	}
	if (parse_host_port(host, (size_t)(rest + auth_len - host), u, err))
		return -1;
	p = rest + auth_len;
	if (*p == '/') {
		size_t n = strcspn(++p, "?");
		char *s;

		if (take(p, n, 1, "database name", &s, err))
			return -1;
		set_field(&u->database, s);
		p += n;
	}
	return *p == '?' ? read_props(p + 1, '&', PROP_PCT, u, err) : 0;
}

/* jdbc:postgresql://host[:port]/database[?k=v&...] or
 * jdbc:postgresql:database[?...] (localhost). */
static int parse_postgresql(const char *rest, const struct scheme *sc, struct url *u,
			    struct strbuf *err)
{
	const char *p = rest;
	size_t n;
	char *s;
	(void)sc;

	if (!strncmp(p, "//", 2)) {
		p += 2;
		n = strcspn(p, "/?");
		if (parse_host_port(p, n, u, err))
			return -1;
		p += n;
		if (*p == '/')
			p++;
	} else {
		set_field(&u->host, xstrdup("localhost"));
		if (*p == '/')
			return fail(err, "bad jdbc:postgresql URL: want %s", sc->form);
	}
	n = strcspn(p, "?");
	if (take(p, n, 1, "database name", &s, err))
		return -1;
	set_field(&u->database, s);
	p += n;
	return *p == '?' ? read_props(p + 1, '&', PROP_PCT, u, err) : 0;
}

/* jdbc:sqlserver://[host[\instance][:port]][;k=v...] and
 * jdbc:jtds:sqlserver://host[:port][/database][;k=v...]. */
static int parse_sqlserver(const char *rest, const struct scheme *sc, struct url *u,
			   struct strbuf *err)
{
	int jtds = !strcmp(sc->word, "jtds");
	size_t n = strcspn(rest, jtds ? "/;" : ";");
	const char *bs = memchr(rest, '\\', n), *p = rest + n;

	if (bs) {
		size_t ilen = strcspn(bs + 1, ":;/");
		struct strbuf hp = STRBUF_INIT;
		int rc;

		if (bs + 1 + ilen > p || !ilen)
			return fail(err, "bad instance name in the URL");
		set_field(&u->instance, xstrndup(bs + 1, ilen));
		strbuf_add(&hp, rest, (size_t)(bs - rest));
		strbuf_add(&hp, bs + 1 + ilen, (size_t)(p - (bs + 1 + ilen)));
		rc = parse_host_port(hp.buf ? hp.buf : "", hp.len, u, err);
		strbuf_release(&hp);
		if (rc)
			return -1;
	} else if (parse_host_port(rest, n, u, err)) {
		return -1;
	}
	if (jtds && *p == '/') {
		size_t dlen = strcspn(++p, ";");

		set_field(&u->database, xstrndup(p, dlen));
		p += dlen;
	}
	return read_props(p, ';', PROP_BRACES | PROP_MSSQL, u, err);
}

/* A user or password of an Oracle URL, "quoted" or not. */
static char *oracle_word(const char *s, size_t n)
{
	if (n >= 2 && s[0] == '"' && s[n - 1] == '"')
		return xstrndup(s + 1, n - 2);
	return xstrndup(s, n);
}

/* jdbc:oracle:thin:[user[/password]]@target, target being
 * //host[:port]/service..., host[:port]/service, host:port:SID, a
 * (DESCRIPTION=...) or a tnsnames alias. */
static int parse_oracle(const char *rest, const struct scheme *sc, struct url *u,
			struct strbuf *err)
{
	const char *at = strrchr(rest, '@'), *t, *p;
	size_t n;

	if (!at)
		return fail(err, "no '@' in the jdbc:oracle URL: want %s", sc->form);
	if (at > rest) {
		const char *slash = memchr(rest, '/', (size_t)(at - rest));

		n = slash ? (size_t)(slash - rest) : (size_t)(at - rest);
		set_field(&u->user, oracle_word(rest, n));
		if (slash)
			set_field(&u->password, oracle_word(slash + 1, (size_t)(at - slash - 1)));
	}
	t = at + 1;
	if (*t == '(') {
		set_field(&u->dbq, xstrdup(t));
		return 0;
	}
	if (!strncmp(t, "//", 2)) {
		t += 2;
		n = strcspn(t, "/");
		if (parse_host_port(t, n, u, err))
			return -1;
		if (t[n] != '/' || !t[n + 1])
			return fail(err, "no service name in the jdbc:oracle URL: want %s", sc->form);
		set_field(&u->database, xstrdup(t + n + 1));
		return 0;
	}
	if (*t == '[') {
		const char *close = strchr(t, ']');

		n = close ? (size_t)(close - t) + 1 : strlen(t);
	} else {
		n = strcspn(t, ":/");
	}
	p = t + n;
	if (*p == ':')
		for (p++; *p >= '0' && *p <= '9'; p++)
			;
	if (!*p && p == t + n) {   /* no port, no service: a tnsnames alias */
		for (const char *c = t; *c; c++)
			if (!is_host_char((unsigned char)*c, 0))
				return fail(err, "bad tnsnames alias in the jdbc:oracle URL");
		if (!*t)
			return fail(err, "nothing after '@' in the jdbc:oracle URL");
		set_field(&u->dbq, xstrdup(t));
		return 0;
	}
	if (parse_host_port(t, (size_t)(p - t), u, err))
		return -1;
	if ((*p != ':' && *p != '/') || !p[1])
		return fail(err, "no service name or SID in the jdbc:oracle URL: want %s", sc->form);
	set_field(&u->database, xstrdup(p + 1));
	if (*p == ':') {
		/* a SID: a descriptor names it, EZConnect cannot */
		set_field(&u->dbq, xasprintf("(DESCRIPTION=(ADDRESS=(PROTOCOL=TCP)(HOST=%s)(PORT=%ld))"
					     "(CONNECT_DATA=(SID=%s)))",
					     u->host, u->port ? u->port : sc->default_port, p + 1));
	}
	return 0;
}

/* jdbc:db2://host[:port]/database[:k=v;...]. */
static int parse_db2(const char *rest, const struct scheme *sc, struct url *u, struct strbuf *err)
{
	size_t n = strcspn(rest, "/");
	const char *p = rest + n;

	if (parse_host_port(rest, n, u, err))
		return -1;
	if (*p != '/')
		return fail(err, "no database name in the URL: want %s", sc->form);
	n = strcspn(++p, ":");
	set_field(&u->database, xstrndup(p, n));
	p += n;
	return *p == ':' ? read_props(p + 1, ';', 0, u, err) : 0;
}

/* Appends key=value; to sb, the value {braced} when ODBC needs it. */
static void add_attr(struct strbuf *sb, const char *key, const char *value)
{
	size_t len = strlen(value);
	int brace = strpbrk(value, ";{}") != NULL ||
		    (len && (value[0] == ' ' || value[0] == '\t' || value[len - 1] == ' ' ||
			     value[len - 1] == '\t'));

	strbuf_addf(sb, "%s=", key);
	if (!brace) {
		strbuf_addstr(sb, value);
	} else {
		strbuf_addch(sb, '{');
		for (const char *c = value; *c; c++) {
			if (*c == '}')
				strbuf_addch(sb, '}');
			strbuf_addch(sb, *c);
		}
		strbuf_addch(sb, '}');
	}
	strbuf_addch(sb, ';');
}

static void add_port(struct strbuf *sb, const char *key, long port)
{
	char buf[16];

	snprintf(buf, sizeof(buf), "%ld", port);
	add_attr(sb, key, buf);
}

/* The scheme of url, or NULL with the error in err. */
/* Fills sc with the form url has; returns 0, or -1 with err saying why
 * none fits. */
static int find_scheme(const char *url, struct scheme *sc, struct strbuf *err)
{
	const char *rest;
	size_t wlen;

	if (!starts_with_ci(url, "jdbc:"))
		return fail(err, "not a JDBC URL (it does not start with jdbc:)");
	rest = url + 5;
	for (int id = 0; id < DIALECT_COUNT; id++)
		for (size_t i = 0; !scheme_get((enum dialect_id)id, i, sc); i++)
			if (starts_with_ci(rest, sc->prefix))
				return 0;
	for (wlen = 0; wlen < 20 && ((rest[wlen] >= 'a' && rest[wlen] <= 'z') ||
				    (rest[wlen] >= 'A' && rest[wlen] <= 'Z') ||
				    (rest[wlen] >= '0' && rest[wlen] <= '9')); wlen++)
		;
	for (int id = 0; id < DIALECT_COUNT; id++)
		for (size_t i = 0; !scheme_get((enum dialect_id)id, i, sc); i++)
			if (strlen(sc->word) == wlen && !strncasecmp(rest, sc->word, wlen))
				return fail(err, "unsupported form of jdbc:%s URL: want %s", sc->word,
					    sc->form);
	return fail(err, "unsupported JDBC URL jdbc:%.*s...: want jdbc:mysql, jdbc:mariadb, "
		    "jdbc:postgresql, jdbc:sqlserver, jdbc:oracle:thin or jdbc:db2", (int)wlen, rest);
}

/* Why url's dialect is refused (a URL of a dialect without an ODBC driver:
 * H2), or NULL. */
static const char *refused_by(const char *url)
{
	struct scheme sc;
	struct strbuf err = STRBUF_INIT;
	int bad = find_scheme(url, &sc, &err);

	strbuf_release(&err);
	return !bad && !sc.parse ? sc.dia->jdbc.refused : NULL;
}

int jdbc_to_odbc(const char *url, const char *user, const char *password,
		 const struct jdbc_drivers *drivers, struct jdbc_odbc *out, struct strbuf *err)
{
	struct jdbc_drivers defaults;
	struct scheme scheme, *sc = &scheme;
	struct url u = { 0 };
	struct strbuf cs = STRBUF_INIT, where = STRBUF_INIT;
	const char *driver;
	long port;
	int rc = -1;

	memset(out, 0, sizeof(*out));
	if (!drivers) {
		jdbc_drivers_init(&defaults);
		drivers = &defaults;
	}
	if (find_scheme(url, sc, err))
		goto out;
	if (!sc->parse) {
		fail(err, "%s", sc->dia->jdbc.refused);
		goto out;
	}
	if (sc->parse(url + 5 + strlen(sc->prefix), sc, &u, err))
		goto out;
	if (!u.dbq && (!u.database || !*u.database)) {
		fail(err, "no database name in the URL: want %s", sc->form);
		goto out;
	}
	driver = drivers->name[sc->dia->id];
	if (!driver) {
		fail(err, "no ODBC driver is set for %s", sc->dia->name);
		goto out;
	}
	if (!user)
		user = u.user;
	if (!password)
		password = u.password;
	port = u.port ? u.port : sc->default_port;

	add_attr(&cs, "Driver", driver);
	if (u.host && u.ipv6)
		strbuf_addf(&where, "[%s]", u.host);
	else if (u.host)
		strbuf_addstr(&where, u.host);
	switch (sc->dia->jdbc.target) {
	case ODBC_DBQ:
		if (!u.dbq)
			u.dbq = xasprintf(u.ipv6 ? "//[%s]:%ld/%s" : "//%s:%ld/%s", u.host, port,
					  u.database);
		strbuf_reset(&where);
		strbuf_addstr(&where, u.dbq);
		add_attr(&cs, "DBQ", u.dbq);
		break;
	case ODBC_HOSTNAME:
		strbuf_addf(&where, ":%ld/%s", port, u.database);
		add_attr(&cs, "Hostname", u.host);
		add_port(&cs, "Port", port);
		add_attr(&cs, "Database", u.database);
		add_attr(&cs, "Protocol", "TCPIP");
		break;
	case ODBC_SERVER:
		add_attr(&cs, "Server", u.host);
		if (u.instance && !u.port) {
			strbuf_addf(&where, "\\%s", u.instance);
			add_attr(&cs, "Instance", u.instance);
		} else {
			strbuf_addf(&where, ":%ld", port);
			add_port(&cs, "Port", port);
		}
		strbuf_addf(&where, "/%s", u.database);
		add_attr(&cs, "Database", u.database);
		break;
	}
	if (user)
		add_attr(&cs, "Uid", user);
	if (password)
		add_attr(&cs, "Pwd", password);
	if (sc->dia->jdbc.extra_attr[0])
		add_attr(&cs, sc->dia->jdbc.extra_attr[0], sc->dia->jdbc.extra_attr[1]);
	out->dialect = sc->dia->id;
	out->conn = strbuf_detach(&cs);
	out->where = strbuf_detach(&where);
	out->user = xstrdup(user);
	rc = 0;
out:
	strbuf_release(&cs);
	strbuf_release(&where);
	url_release(&u);
	return rc;
}

void jdbc_odbc_release(struct jdbc_odbc *o)
{
	free(o->conn);
	free(o->where);
	free(o->user);
	memset(o, 0, sizeof(*o));
}

/* ---- deployment.toml ---- */

/* The references of deployment.toml values, $kind{name}. */
enum ref_kind { REF_ENV, REF_REF, REF_SECRET, REF_SYS, REF_PLAIN };

static const struct {
	const char *open;
	enum ref_kind kind;
} refs[] = {
	{ "$env{", REF_ENV }, { "$ref{", REF_REF }, { "$secret{", REF_SECRET },
	{ "$sys{", REF_SYS }, { "${", REF_PLAIN },
};

/* Appends "file:line: [database.x] " to err. */
static void where_error(struct strbuf *err, const struct toml *t, long line, enum jdbc_section s)
{
	if (err->len)
		strbuf_addch(err, '\n');
	strbuf_addf(err, "%s:%ld: [database.%s] ", t->name, line, sections[s].name);
}

/* in with its $env{} and $ref{} replaced, into *out (caller frees).  On
 * -1 the reason, naming the reference only, is added to msg. */
static int resolve(const struct toml *t, const char *(*getenv_fn)(const char *), const char *in,
		   char **out, struct strbuf *msg)
{
	struct strbuf sb = STRBUF_INIT;
	const char *p = in;
	int rc = -1;

	*out = NULL;
	while (*p) {
		size_t i, olen = 0;
		const char *close, *val = NULL;
		char *name;

		for (i = 0; i < sizeof(refs) / sizeof(refs[0]); i++) {
			olen = strlen(refs[i].open);
			if (!strncmp(p, refs[i].open, olen))
				break;
		}
		close = i < sizeof(refs) / sizeof(refs[0]) ? strchr(p + olen, '}') : NULL;
		if (!close) {
			strbuf_addch(&sb, *p++);
			continue;
		}
		name = xstrndup(p + olen, (size_t)(close - p - olen));
		switch (refs[i].kind) {
		case REF_ENV:
			val = getenv_fn ? getenv_fn(name) : NULL;
			if (!val)
				strbuf_addf(msg, "$env{%s} is not set", name);
			break;
		case REF_REF:
			val = toml_get(t, name);
			if (!val)
				strbuf_addf(msg, "$ref{%s} names no string of the file", name);
			break;
		case REF_SECRET:
			strbuf_addf(msg, "$secret{%s} is a secure-vault secret, which amdelta cannot "
				    "decrypt", name);
			break;
		case REF_SYS:
		case REF_PLAIN:
			strbuf_addf(msg, "%.*s%s} is a Java system property, which amdelta cannot read",
				    (int)olen, refs[i].open, name);
			break;
		}
		free(name);
		if (!val)
			goto out;
		strbuf_addstr(&sb, val);
		p = close + 1;
	}
	*out = strbuf_detach(&sb);
	rc = 0;
out:
	strbuf_release(&sb);
	return rc;
}

/* The string key of section s's table tab into *out (references
 * resolved; NULL when absent).  Caller frees. */
static int get_string(const struct toml *t, const struct toml_value *tab, enum jdbc_section s,
		      const char *key, const char *(*getenv_fn)(const char *), char **out,
		      struct strbuf *err)
{
	const struct toml_value *v = toml_table_get(tab, key);
	struct strbuf msg = STRBUF_INIT;
	int rc = -1;

	*out = NULL;
	if (!v) {
		rc = 0;
		goto out;
	}
	if (v->kind != TOML_STRING) {
		where_error(err, t, v->line, s);
		strbuf_addf(err, "%s is not a string", key);
		goto out;
	}
	if (resolve(t, getenv_fn, v->str, out, &msg)) {
		where_error(err, t, v->line, s);
		strbuf_addf(err, "%s: %s", key, strbuf_str(&msg));
		if (!strcmp(key, "password") && strstr(v->str, "$secret{"))
			strbuf_addf(err, ": set %s", sections[s].env);
		goto out;
	}
	rc = 0;
out:
	strbuf_release(&msg);
	return rc;
}

/* Reads section s of t into db. */
static int read_section(const struct toml *t, enum jdbc_section s,
			const struct jdbc_drivers *drivers,
			const char *(*getenv_fn)(const char *), struct jdbc_db *db,
			struct strbuf *err)
{
	char path[64];
	const struct toml_value *tab, *url;
	const char *env = getenv_fn ? getenv_fn(sections[s].env) : NULL;
	char *url_text = NULL, *user = NULL, *password = NULL;
	const char *refused;
	struct strbuf msg = STRBUF_INIT;
	int rc = -1;

	snprintf(path, sizeof(path), "database.%s", sections[s].name);
	tab = toml_lookup(t->root, path);
	if (!tab)
		return 0;
	if (tab->kind != TOML_TABLE) {
		where_error(err, t, tab->line, s);
		strbuf_addstr(err, "is not a table");
		return -1;
	}
	db->present = 1;
	db->line = tab->line;
	url = toml_table_get(tab, "url");
	if (!url) {
		where_error(err, t, tab->line, s);
		strbuf_addstr(err, "has no url");
		goto out;
	}
	db->line = url->line;
	if (url->kind == TOML_STRING && (refused = refused_by(url->str))) {
		where_error(err, t, url->line, s);
		strbuf_addf(err, "url: %s", refused);
		goto out;
	}
	if (get_string(t, tab, s, "url", getenv_fn, &url_text, err) ||
	    get_string(t, tab, s, "username", getenv_fn, &user, err))
		goto out;
	if (env) {
		password = xstrdup(env);
		db->password_from_env = 1;
	} else if (get_string(t, tab, s, "password", getenv_fn, &password, err)) {
		goto out;
	}
	if (jdbc_to_odbc(url_text, user, password, drivers, &db->odbc, &msg)) {
		where_error(err, t, url->line, s);
		strbuf_addf(err, "url: %s", strbuf_str(&msg));
		goto out;
	}
	rc = 0;
out:
	strbuf_release(&msg);
	free(url_text);
	free(user);
	free(password);
	return rc;
}

static int same_database(const struct jdbc_db *a, const struct jdbc_db *b)
{
	const char *ua = a->odbc.user, *ub = b->odbc.user;

	return a->present && b->present && a->odbc.dialect == b->odbc.dialect &&
	       !strcmp(a->odbc.where, b->odbc.where) &&
	       ((!ua && !ub) || (ua && ub && !strcmp(ua, ub)));
}

int jdbc_config_read(const struct toml *t, const struct jdbc_drivers *drivers,
		     const char *(*getenv_fn)(const char *name), struct jdbc_config *out,
		     struct strbuf *err)
{
	int rc = -1;

	memset(out, 0, sizeof(*out));
	for (int s = 0; s < JDBC_SECTION_COUNT; s++) {
		out->db[s].same_as = -1;
		if (read_section(t, (enum jdbc_section)s, drivers, getenv_fn, &out->db[s], err))
			goto out;
	}
	for (int s = 0; s < JDBC_SECTION_COUNT; s++) {
		for (size_t i = 0; i < sizeof(same_as_order) / sizeof(same_as_order[0]); i++) {
			int o = (int)same_as_order[i];

			if (o != s && same_database(&out->db[s], &out->db[o])) {
				out->db[s].same_as = o;
				break;
			}
		}
	}
	rc = 0;
out:
	if (rc)
		jdbc_config_release(out);
	return rc;
}

void jdbc_config_release(struct jdbc_config *c)
{
	for (int s = 0; s < JDBC_SECTION_COUNT; s++)
		jdbc_odbc_release(&c->db[s].odbc);
	memset(c, 0, sizeof(*c));
}
