# shellcheck shell=bash
# tests/db/lib.sh — throw-away PostgreSQL and MariaDB servers for tests.
#
# Source it, call db_init (installs the cleanup trap), then db_pg_start /
# db_maria_start. Every server lives in its own mktemp -d directory, listens
# on 127.0.0.1 on a free port only, and is stopped and removed by db_stop_all
# (on EXIT, INT, TERM, HUP). Nothing is registered system-wide: db_init points
# unixODBC at an empty private odbcinst.ini/odbc.ini, and connection strings
# name the driver .so by path.
#
# Exported after start (child test scripts use them through this file):
#   PG_PORT PG_DIR PG_BINDIR           MARIA_PORT MARIA_DIR MARIA_SOCK
#   DB_USER DB_PASSWORD                ODBCSYSINI ODBCINI (private, empty)
# Both servers have a superuser login DB_USER/DB_PASSWORD (amdelta /
# amdelta-secret); passwords are checked (scram-sha-256 / mysql_native).
#
# Functions (all return non-zero with a message on stderr on failure):
#   db_init  db_stop_all  db_tmpdir VAR NAME  db_odbc_add_dsn DSN CONNSTR
#   db_pg_start  db_pg_createdb NAME  db_pg_psql NAME [ARGS]  db_pg_query NAME SQL
#   db_pg_conn NAME  db_pg_table_count NAME
#   db_maria_start  db_maria_createdb NAME [CHARSET]  db_maria_sql NAME [ARGS]
#   db_maria_query NAME SQL  db_maria_conn NAME  db_maria_table_count NAME
#   db_ref_file D V DB  db_load_reference D V DB TARGET  db_ref_name D V DB
#   db_new_reference D V DB TARGET  db_apply_statements D TARGET FILE [FIRST [LAST]]
#   db_run_script D TARGET FILE  db_identity_client D DB TARGET
#
# Every failure is loud: message plus server log tail on stderr, non-zero
# status. Nothing here skips.

DB_LIB_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
DB_TOP=$(cd "$DB_LIB_DIR/../.." && pwd)
: "${SHARED:=$(cd "$DB_TOP/.." && pwd)/shared}"
export SHARED
export DB_USER=amdelta DB_PASSWORD=amdelta-secret

# Servers and directories owned by this shell (not by subshells or children).
_DB_OWNER=""
_DB_PG_DIRS=()
_DB_MARIA_DIRS=()
_DB_TMP_DIRS=()

_db_die() {
	echo "db: $*" >&2
	return 1
}

# Last lines of a server log, indented, to stderr.
_db_log_tail() {
	if [ -f "$1" ]; then
		echo "db: --- last lines of $1 ---" >&2
		tail -n 25 "$1" | sed 's/^/db:   /' >&2
	fi
}

_db_mktemp() {
	mktemp -d "${TMPDIR:-/tmp}/amdelta-db-$1.XXXXXX"
}

# A TCP port on 127.0.0.1 that nobody listens on right now, below the
# kernel's ephemeral range so outgoing connections do not take it.
_db_free_port() {
	perl -MIO::Socket::INET -e '
		for (1 .. 200) {
			my $p = 15000 + int(rand(17000));
			my $s = IO::Socket::INET->new(LocalAddr => "127.0.0.1",
				LocalPort => $p, Proto => "tcp", Listen => 1, ReuseAddr => 0)
				or next;
			close $s;
			print "$p\n";
			exit 0;
		}
		exit 1;' || _db_die "no free TCP port on 127.0.0.1"
}

# db_init: install the cleanup traps and the private ODBC configuration.
# Idempotent per shell; db_*_start call it themselves.
db_init() {
	[ "$_DB_OWNER" = "$BASHPID" ] && return 0
	_DB_OWNER=$BASHPID
	_DB_PG_DIRS=()
	_DB_MARIA_DIRS=()
	_DB_TMP_DIRS=()
	trap db_stop_all EXIT
	# exit runs the EXIT trap; 128+signal like a shell killed by it.
	trap 'exit 129' HUP
	trap 'exit 130' INT
	trap 'exit 143' TERM
	# Find the drivers while the system odbcinst.ini is still visible.
	DB_ODBC_PG_DRIVER=$(_db_odbc_driver pg) || return 1
	DB_ODBC_MARIA_DRIVER=$(_db_odbc_driver maria) || return 1
	export DB_ODBC_PG_DRIVER DB_ODBC_MARIA_DRIVER
	local odbc
	odbc=$(_db_mktemp odbc) || return 1
	_DB_TMP_DIRS+=("$odbc")
	: >"$odbc/odbcinst.ini"
	: >"$odbc/odbc.ini"
	: >"$odbc/user-odbc.ini"
	# System DSNs go to $ODBCSYSINI/odbc.ini; user DSNs stay empty.
	export ODBCSYSINI=$odbc ODBCINSTINI=odbcinst.ini ODBCINI=$odbc/user-odbc.ini
}

# db_tmpdir VAR NAME: set VAR to a new temp dir that db_stop_all removes
# (a variable, not output: $(...) would run in a subshell).
db_tmpdir() {
	local d
	db_init || return 1
	d=$(_db_mktemp "$2") || return 1
	_DB_TMP_DIRS+=("$d")
	printf -v "$1" '%s' "$d"
}

# db_stop_all: stop every server this shell started, remove its temp dirs.
# Safe to call twice; never fails (it runs from the EXIT trap).
db_stop_all() {
	[ "$_DB_OWNER" = "$BASHPID" ] || return 0
	local d pid i
	for d in "${_DB_PG_DIRS[@]}"; do
		if [ -f "$d/data/postmaster.pid" ]; then
			pid=$(head -n 1 "$d/data/postmaster.pid" 2>/dev/null || true)
			_db_pg_as_owner "$d" "$PG_BINDIR/pg_ctl" -D "$d/data" -m immediate -w -t 10 stop \
				>/dev/null 2>&1 || true
			if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
				kill -KILL "$pid" 2>/dev/null || true
			fi
		fi
		rm -rf "$d"
	done
	for d in "${_DB_MARIA_DIRS[@]}"; do
		pid=$(cat "$d/mariadbd.pid" 2>/dev/null || cat "$d/launch.pid" 2>/dev/null || true)
		if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
			kill -TERM "$pid" 2>/dev/null || true
			for ((i = 0; i < 100; i++)); do
				kill -0 "$pid" 2>/dev/null || break
				sleep 0.1
			done
			kill -KILL "$pid" 2>/dev/null || true
		fi
		rm -rf "$d"
	done
	for d in "${_DB_TMP_DIRS[@]}"; do
		rm -rf "$d"
	done
	_DB_PG_DIRS=()
	_DB_MARIA_DIRS=()
	_DB_TMP_DIRS=()
	return 0
}

# ---------------------------------------------------------------- ODBC

# _db_odbc_driver pg|maria: absolute path of the driver .so.
# Order: $AMDELTA_ODBC_PG_DRIVER / $AMDELTA_ODBC_MARIA_DRIVER, the system
# odbcinst.ini entry (relative names resolved against the package's files),
# dpkg -L, then the usual directories.
_db_odbc_driver() {
	local var name so pkg d f
	case $1 in
	pg) var=AMDELTA_ODBC_PG_DRIVER name="PostgreSQL Unicode" so=psqlodbcw.so pkg=odbc-postgresql ;;
	maria) var=AMDELTA_ODBC_MARIA_DRIVER name="MariaDB Unicode" so=libmaodbc.so pkg=odbc-mariadb ;;
	*) _db_die "unknown driver $1"; return 1 ;;
	esac
	if [ -n "${!var:-}" ]; then
		[ -f "${!var}" ] || { _db_die "$var=${!var}: no such file"; return 1; }
		echo "${!var}"
		return 0
	fi
	f=$(env -u ODBCSYSINI -u ODBCINSTINI odbcinst -q -d -n "$name" 2>/dev/null |
		sed -n 's/^Driver[[:space:]]*=[[:space:]]*//p' | head -n 1 || true)
	if [ -n "$f" ] && [ "${f#/}" != "$f" ] && [ -f "$f" ]; then
		echo "$f"
		return 0
	fi
	[ -n "$f" ] && so=$(basename "$f")
	f=$(dpkg -L "$pkg" 2>/dev/null | grep "/$so\$" | head -n 1 || true)
	if [ -n "$f" ] && [ -f "$f" ]; then
		echo "$f"
		return 0
	fi
	for d in /usr/lib/*/odbc /usr/lib/odbc /usr/lib64 /usr/local/lib /usr/lib; do
		if [ -f "$d/$so" ]; then
			echo "$d/$so"
			return 0
		fi
	done
	_db_die "ODBC driver $so not found (package $pkg; or set $var)"
}

# db_odbc_add_dsn DSN CONNSTR: define a system DSN in the private odbc.ini
# from a connection string ("Driver=/path.so;Server=...;..."), for tests of
# amdelta's DSN defaults. psqlODBC reads other key names from odbc.ini than
# from a connection string (Servername, Username, Password): renamed here.
db_odbc_add_dsn() {
	[ -n "${ODBCSYSINI:-}" ] || { _db_die "db_init not called"; return 1; }
	{
		echo "[$1]"
		tr ';' '\n' <<<"$2" | sed '/^[[:space:]]*$/d' | if [[ $2 == *psqlodbc* ]]; then
			sed -e 's/^Server=/Servername=/I' -e 's/^Uid=/Username=/I' -e 's/^Pwd=/Password=/I'
		else
			cat
		fi
		echo
	} >>"$ODBCSYSINI/odbc.ini"
}

# ---------------------------------------------------------------- PostgreSQL

# Binaries: $PG_BINDIR, else the newest /usr/lib/postgresql/*/bin, else PATH.
_db_pg_bindir() {
	local d
	if [ -n "${PG_BINDIR:-}" ]; then
		echo "$PG_BINDIR"
		return 0
	fi
	d=$(find /usr/lib/postgresql -mindepth 2 -maxdepth 2 -name bin 2>/dev/null | sort -V | tail -n 1)
	if [ -n "$d" ] && [ -x "$d/initdb" ]; then
		echo "$d"
		return 0
	fi
	d=$(command -v initdb 2>/dev/null) || { _db_die "initdb not found (postgresql package)"; return 1; }
	dirname "$d"
}

# Run a command as the owner of the cluster directory: postgres when we are
# root (postgres refuses to run as root), ourselves otherwise.
_db_pg_as_owner() {
	local dir=$1
	shift
	if [ "$(id -u)" = 0 ]; then
		(cd / && runuser -u postgres -- "$@")
	else
		"$@"
	fi
}

# db_pg_start: fresh cluster on a free port; sets PG_PORT, PG_DIR, PG_BINDIR.
db_pg_start() {
	db_init || return 1
	local dir port boot try
	PG_BINDIR=$(_db_pg_bindir) || return 1
	export PG_BINDIR
	dir=$(_db_mktemp pg) || return 1
	_DB_PG_DIRS+=("$dir")
	boot=$(id -un)
	if [ "$(id -u)" = 0 ]; then
		id postgres >/dev/null 2>&1 || { _db_die "running as root needs the 'postgres' OS user"; return 1; }
		boot=postgres
		chown postgres: "$dir"
		runuser -u postgres -- test -w "$dir" ||
			{ _db_die "user postgres cannot write $dir (TMPDIR=${TMPDIR:-})"; return 1; }
	fi
	if ! _db_pg_as_owner "$dir" "$PG_BINDIR/initdb" -D "$dir/data" -U "$boot" -E UTF8 --locale=C \
		--auth-local=trust --auth-host=scram-sha-256 --no-sync --no-instructions \
		>"$dir/initdb.log" 2>&1; then
		_db_die "initdb failed in $dir"
		_db_log_tail "$dir/initdb.log"
		return 1
	fi
	# Our settings, rewritten per attempt, included last.
	echo "include 'amdelta.conf'" >>"$dir/data/postgresql.conf"
	# Retry on a new port if another process took ours in the meantime.
	for try in 1 2 3; do
		port=$(_db_free_port) || return 1
		cat >"$dir/data/amdelta.conf" <<-EOF
			listen_addresses = '127.0.0.1'
			port = $port
			unix_socket_directories = '$dir'
			fsync = off
			synchronous_commit = off
			full_page_writes = off
			max_connections = 40
			shared_buffers = 32MB
			max_wal_size = 256MB
			logging_collector = off
			log_min_messages = warning
		EOF
		if [ "$(id -u)" = 0 ]; then chown postgres: "$dir/data/amdelta.conf"; fi
		if _db_pg_as_owner "$dir" "$PG_BINDIR/pg_ctl" -D "$dir/data" -l "$dir/server.log" \
			-w -t 30 start >"$dir/pg_ctl.log" 2>&1; then
			break
		fi
		if [ "$try" -lt 3 ] && grep -q 'could not bind\|Address already in use' "$dir/server.log" 2>/dev/null; then
			continue
		fi
		_db_die "PostgreSQL did not start (port $port, dir $dir)"
		_db_log_tail "$dir/pg_ctl.log"
		_db_log_tail "$dir/server.log"
		return 1
	done
	if ! _db_pg_as_owner "$dir" "$PG_BINDIR/psql" -X -q -h "$dir" -p "$port" -U "$boot" -d postgres \
		-v ON_ERROR_STOP=1 \
		-c "CREATE ROLE $DB_USER LOGIN SUPERUSER PASSWORD '$DB_PASSWORD'" >"$dir/role.log" 2>&1; then
		_db_die "cannot create role $DB_USER on PostgreSQL port $port"
		_db_log_tail "$dir/role.log"
		_db_log_tail "$dir/server.log"
		return 1
	fi
	PG_DIR=$dir
	PG_PORT=$port
	export PG_DIR PG_PORT
}

_db_check_name() {
	[[ $1 =~ ^[A-Za-z_][A-Za-z0-9_]*$ ]] || { _db_die "bad database name '$1'"; return 1; }
}

# db_pg_psql NAME [psql args]: psql as amdelta over TCP, no psqlrc.
# ON_ERROR_STOP stays off unless the caller passes -v ON_ERROR_STOP=1.
db_pg_psql() {
	local name=$1
	shift
	[ -n "${PG_PORT:-}" ] || { _db_die "PostgreSQL not started"; return 1; }
	PGPASSWORD=$DB_PASSWORD PGCONNECT_TIMEOUT=10 "$PG_BINDIR/psql" -X -h 127.0.0.1 -p "$PG_PORT" \
		-U "$DB_USER" -d "$name" "$@"
}

# db_pg_query NAME SQL: run SQL, stop at the first error, print bare rows
# (unaligned, '|' between columns).
db_pg_query() {
	db_pg_psql "$1" -q -A -t -v ON_ERROR_STOP=1 -c "$2"
}

# db_pg_createdb NAME: an empty database.
db_pg_createdb() {
	_db_check_name "$1" || return 1
	db_pg_query postgres "CREATE DATABASE $1" ||
		{ _db_die "cannot create PostgreSQL database $1"; return 1; }
}

# db_pg_conn NAME: DSN-less ODBC connection string for database NAME.
db_pg_conn() {
	[ -n "${PG_PORT:-}" ] || { _db_die "PostgreSQL not started"; return 1; }
	: "${DB_ODBC_PG_DRIVER:=$(_db_odbc_driver pg)}"
	printf 'Driver=%s;Server=127.0.0.1;Port=%s;Database=%s;Uid=%s;Pwd=%s;\n' \
		"$DB_ODBC_PG_DRIVER" "$PG_PORT" "$1" "$DB_USER" "$DB_PASSWORD"
}

# db_pg_table_count NAME: number of base tables in schema public.
db_pg_table_count() {
	db_pg_query "$1" "SELECT count(*) FROM information_schema.tables
		WHERE table_schema = 'public' AND table_type = 'BASE TABLE'"
}

# ---------------------------------------------------------------- MariaDB

_db_maria_bin() {
	local b
	for b in "$@"; do
		if command -v "$b" >/dev/null 2>&1; then
			command -v "$b"
			return 0
		fi
		if [ -x "/usr/sbin/$b" ]; then
			echo "/usr/sbin/$b"
			return 0
		fi
	done
	_db_die "none of $* found (mariadb-server / mariadb-client)"
}

# db_maria_start: fresh datadir on a free port; sets MARIA_PORT, MARIA_DIR,
# MARIA_SOCK. Server character set latin1, as on MySQL 5.7, which WSO2's
# scripts target (with utf8mb4 the analytics keys of 4 x VARCHAR(254) exceed
# InnoDB's 3072 bytes); table names case-sensitive (lower_case_table_names=0).
db_maria_start() {
	db_init || return 1
	local dir port try i pid user=() installdb mariadbd client
	installdb=$(_db_maria_bin mariadb-install-db mysql_install_db) || return 1
	mariadbd=$(_db_maria_bin mariadbd mysqld) || return 1
	client=$(_db_maria_bin mariadb mysql) || return 1
	dir=$(_db_mktemp maria) || return 1
	_DB_MARIA_DIRS+=("$dir")
	if [ "$(id -u)" = 0 ]; then user=(--user=root); fi
	# --no-defaults: ignore /etc/mysql (socket paths, bind-address, ...).
	if ! "$installdb" --no-defaults "${user[@]}" --datadir="$dir/data" \
		--auth-root-authentication-method=normal --skip-test-db --skip-name-resolve \
		>"$dir/install.log" 2>&1; then
		_db_die "mariadb-install-db failed in $dir"
		_db_log_tail "$dir/install.log"
		return 1
	fi
	for try in 1 2 3; do
		port=$(_db_free_port) || return 1
		: >"$dir/server.log"
		mkdir -p "$dir/tmp"
		# setsid: a Ctrl-C in the terminal must not reach the server first.
		# --tmpdir: information_schema queries build Aria temporary tables
		# there; in a shared /tmp another process removing them made
		# mariadbd 10.11 crash (signal 11 in ha_maria::drop_table).
		setsid "$mariadbd" --no-defaults "${user[@]}" --datadir="$dir/data" \
			--socket="$dir/mysqld.sock" --pid-file="$dir/mariadbd.pid" \
			--port="$port" --bind-address=127.0.0.1 --skip-name-resolve \
			--log-error="$dir/server.log" --skip-log-bin --tmpdir="$dir/tmp" \
			--character-set-server=latin1 --collation-server=latin1_swedish_ci \
			--innodb-buffer-pool-size=64M --innodb-log-file-size=32M \
			--innodb-flush-log-at-trx-commit=0 --innodb-doublewrite=0 \
			--innodb-flush-method=nosync --sync-frm=0 --max-connections=60 \
			</dev/null >>"$dir/server.log" 2>&1 &
		pid=$!
		echo "$pid" >"$dir/launch.pid"
		for ((i = 0; i < 300; i++)); do
			if "$client" --no-defaults -uroot --socket="$dir/mysqld.sock" \
				-e 'SELECT 1' >/dev/null 2>&1; then
				break
			fi
			kill -0 "$pid" 2>/dev/null || break
			sleep 0.1
		done
		if kill -0 "$pid" 2>/dev/null && [ "$i" -lt 300 ]; then
			break
		fi
		if [ "$try" -lt 3 ] && ! kill -0 "$pid" 2>/dev/null &&
			grep -q 'Address already in use\|Bind on TCP/IP port' "$dir/server.log"; then
			continue
		fi
		if kill -0 "$pid" 2>/dev/null; then
			_db_die "MariaDB not ready within 30 s (port $port, dir $dir)"
		else
			_db_die "MariaDB exited while starting (port $port, dir $dir)"
		fi
		_db_log_tail "$dir/server.log"
		return 1
	done
	if ! "$client" --no-defaults -uroot --socket="$dir/mysqld.sock" >"$dir/user.log" 2>&1 <<-EOF; then
		CREATE USER '$DB_USER'@'%' IDENTIFIED BY '$DB_PASSWORD';
		CREATE USER '$DB_USER'@'localhost' IDENTIFIED BY '$DB_PASSWORD';
		GRANT ALL PRIVILEGES ON *.* TO '$DB_USER'@'%' WITH GRANT OPTION;
		GRANT ALL PRIVILEGES ON *.* TO '$DB_USER'@'localhost' WITH GRANT OPTION;
	EOF
		_db_die "cannot create user $DB_USER on MariaDB port $port"
		_db_log_tail "$dir/user.log"
		_db_log_tail "$dir/server.log"
		return 1
	fi
	# Client option file so the password is never on a command line.
	cat >"$dir/client.cnf" <<-EOF
		[client]
		host=127.0.0.1
		port=$port
		protocol=tcp
		user=$DB_USER
		password=$DB_PASSWORD
		connect-timeout=10
	EOF
	chmod 600 "$dir/client.cnf"
	MARIA_DIR=$dir
	MARIA_PORT=$port
	MARIA_SOCK=$dir/mysqld.sock
	MARIA_CLIENT=$client
	export MARIA_DIR MARIA_PORT MARIA_SOCK MARIA_CLIENT
}

# db_maria_sql NAME [mariadb args]: the mariadb client as amdelta over TCP
# on database NAME; SQL on stdin or with -e. Stops at the first error
# unless the caller passes --force.
db_maria_sql() {
	local name=$1
	shift
	[ -n "${MARIA_PORT:-}" ] || { _db_die "MariaDB not started"; return 1; }
	"${MARIA_CLIENT:-mariadb}" --defaults-file="$MARIA_DIR/client.cnf" "$@" "$name"
}

# db_maria_query NAME SQL: run SQL, print bare rows (tab-separated).
db_maria_query() {
	db_maria_sql "$1" --batch --skip-column-names -e "$2"
}

# db_maria_createdb NAME [CHARSET]: an empty database, default latin1.
db_maria_createdb() {
	local cs=${2:-latin1}
	_db_check_name "$1" || return 1
	[[ $cs =~ ^[a-z0-9_]+$ ]] || { _db_die "bad charset '$cs'"; return 1; }
	db_maria_query mysql "CREATE DATABASE \`$1\` CHARACTER SET $cs" ||
		{ _db_die "cannot create MariaDB database $1"; return 1; }
}

# db_maria_conn NAME: DSN-less ODBC connection string for database NAME.
db_maria_conn() {
	[ -n "${MARIA_PORT:-}" ] || { _db_die "MariaDB not started"; return 1; }
	: "${DB_ODBC_MARIA_DRIVER:=$(_db_odbc_driver maria)}"
	printf 'Driver=%s;Server=127.0.0.1;Port=%s;Database=%s;Uid=%s;Pwd=%s;\n' \
		"$DB_ODBC_MARIA_DRIVER" "$MARIA_PORT" "$1" "$DB_USER" "$DB_PASSWORD"
}

# db_maria_table_count NAME: number of base tables in database NAME.
db_maria_table_count() {
	db_maria_query information_schema "SELECT count(*) FROM information_schema.tables
		WHERE table_schema = '$1' AND table_type = 'BASE TABLE'"
}

# ---------------------------------------------------------------- reference data

# db_ref_file DIALECT VERSION DB: path of a reference fresh-install script.
# DIALECT postgresql|pg|mysql|mariadb; VERSION 3.0.0|3.2.0;
# DB wso2am_db|shared_db|analytics_db (any case; apim_analytics_db too).
db_ref_file() {
	local dialect db f
	case $1 in
	postgresql | pg) dialect=postgresql ;;
	mysql | mariadb | maria) dialect=mysql ;;
	*) _db_die "unknown dialect '$1'"; return 1 ;;
	esac
	db=$(tr '[:upper:]' '[:lower:]' <<<"$3")
	[ "$db" = apim_analytics_db ] && db=analytics_db
	f=$SHARED/wso2-reference/$dialect/$2/$db.sql
	[ -f "$f" ] || { _db_die "no reference script $f (SHARED=$SHARED)"; return 1; }
	echo "$f"
}

# db_load_reference DIALECT VERSION DB TARGETDB: load a reference
# fresh-install script into the existing database TARGETDB; stop and fail
# on the first error.
# Measured on PostgreSQL 15 and MariaDB 10.11: all twelve scripts
# ({postgresql,mysql} x {3.0.0,3.2.0} x {wso2am_db,shared_db,analytics_db})
# load as they are, with no statement failing. PostgreSQL scripts carry
# their own BEGIN TRANSACTION/COMMIT and DROP ... IF EXISTS (notices are
# silenced); the MySQL scripts need no FOREIGN_KEY_CHECKS change.
db_load_reference() {
	local f
	[ $# -eq 4 ] || { _db_die "usage: db_load_reference DIALECT VERSION DB TARGETDB"; return 1; }
	f=$(db_ref_file "$1" "$2" "$3") || return 1
	case $1 in
	postgresql | pg)
		PGOPTIONS='-c client_min_messages=warning' \
			db_pg_psql "$4" -q -v ON_ERROR_STOP=1 -f "$f" >/dev/null ||
			{ _db_die "loading $f into PostgreSQL database $4 failed"; return 1; }
		;;
	*)
		db_maria_sql "$4" <"$f" >/dev/null ||
			{ _db_die "loading $f into MariaDB database $4 failed"; return 1; }
		;;
	esac
}

# db_ref_name DIALECT VERSION DB: name of the pristine copy of a reference,
# e.g. ref_pg_300_wso2am_db, ref_my_320_analytics_db. Never modify it.
db_ref_name() {
	local d db
	case $1 in
	postgresql | pg) d=pg ;;
	mysql | mariadb | maria) d=my ;;
	*) _db_die "unknown dialect '$1'"; return 1 ;;
	esac
	db=$(tr '[:upper:]' '[:lower:]' <<<"$3")
	[ "$db" = apim_analytics_db ] && db=analytics_db
	echo "ref_${d}_${2//./}_$db"
}

# db_new_reference DIALECT VERSION DB TARGETDB: create TARGETDB holding a
# fresh reference schema. PostgreSQL copies the pristine database
# (db_ref_name, loaded on first use) as a template, ~10x faster than a load;
# MariaDB has no templates and loads the script.
db_new_reference() {
	local ref
	[ $# -eq 4 ] || { _db_die "usage: db_new_reference DIALECT VERSION DB TARGETDB"; return 1; }
	case $1 in
	postgresql | pg)
		ref=$(db_ref_name "$@") || return 1
		if [ "$(db_pg_query postgres "SELECT count(*) FROM pg_database WHERE datname = '$ref'")" = 0 ]; then
			db_pg_createdb "$ref" && db_load_reference "$1" "$2" "$3" "$ref" || return 1
		fi
		_db_check_name "$4" || return 1
		db_pg_query postgres "CREATE DATABASE $4 TEMPLATE $ref" ||
			{ _db_die "cannot copy $ref to $4"; return 1; }
		;;
	*)
		db_maria_createdb "$4" && db_load_reference "$1" "$2" "$3" "$4"
		;;
	esac
}

# db_apply_statements DIALECT TARGETDB FILE [FIRST [LAST]]: run statements
# FIRST..LAST (1-based, inclusive; default all) of the SQL script FILE, as
# split by split-statements.pl, in ONE client session (the MySQL script
# keeps state in @sqlst between statements), stopping at the first error.
# DB_APPLY_CONTINUE=1 runs on past errors like a plain `psql -f` or
# `mariadb --force` would. Client output goes to stdout/stderr.
db_apply_statements() {
	local dialect first=${4:-1} last=${5:-0} opts=()
	[ $# -ge 3 ] || { _db_die "usage: db_apply_statements DIALECT TARGETDB FILE [FIRST [LAST]]"; return 1; }
	case $1 in
	postgresql | pg) dialect=postgresql ;;
	mysql | mariadb | maria) dialect=mysql ;;
	*) _db_die "unknown dialect '$1'"; return 1 ;;
	esac
	[ -f "$3" ] || { _db_die "no such script $3"; return 1; }
	[[ $first =~ ^[0-9]+$ && $last =~ ^[0-9]+$ ]] || { _db_die "bad statement range $first..$last"; return 1; }
	if [ "${DB_APPLY_CONTINUE:-0}" = 1 ]; then
		[ "$dialect" = mysql ] && opts=(--force)
	else
		[ "$dialect" = postgresql ] && opts=(-v ON_ERROR_STOP=1)
	fi
	# Re-terminate the chosen statements; MySQL bodies holding ';' get a
	# DELIMITER wrapper.
	perl "$DB_LIB_DIR/split-statements.pl" --dialect="$dialect" "$3" |
		perl -0 -ne '
			BEGIN { ($f, $l, $my) = splice(@ARGV, 0, 3) }
			chomp; $n++;
			next if $n < $f || ($l && $n > $l);
			if ($my && /;/) { print "DELIMITER //\n$_ //\nDELIMITER ;\n" } else { print "$_;\n" }
		' "$first" "$last" "$([ "$dialect" = mysql ] && echo 1 || echo 0)" |
		if [ "$dialect" = postgresql ]; then
			PGOPTIONS='-c client_min_messages=warning' db_pg_psql "$2" -q "${opts[@]}"
		else
			db_maria_sql "$2" "${opts[@]}"
		fi
}

# db_run_script DIALECT TARGETDB FILE: FILE through the server's own client
# (psql -f, mariadb < FILE) in one session, stopping at the first error.
db_run_script() {
	[ $# -eq 3 ] || { _db_die "usage: db_run_script DIALECT TARGETDB FILE"; return 1; }
	case $1 in
	postgresql | pg)
		PGOPTIONS='-c client_min_messages=warning' db_pg_psql "$2" -q -v ON_ERROR_STOP=1 -f "$3" >/dev/null ||
			{ _db_die "$3 failed on PostgreSQL database $2"; return 1; }
		;;
	*)
		db_maria_sql "$2" <"$3" >/dev/null ||
			{ _db_die "$3 failed on MariaDB database $2"; return 1; }
		;;
	esac
}

# db_identity_client DIALECT DB TARGETDB: what WSO2's identity migration
# client (5.9.0 -> 5.10.0, the guide's step 5) does to the schema of DB
# (wso2am_db or shared_db) in TARGETDB, as PROVENANCE.md lists its order:
#   wso2am_db  ScopeDataMigrator's IDN_OAUTH2_SCOPE.SCOPE_TYPE column (its
#              Java code adds it; written out here), then step1/identity
#              (step2/identity is not run in the API-M procedure)
#   shared_db  step1/um, step2/um, then deltas/reg-index.sql (rows only)
# PostgreSQL: the scripts create the uuid-ossp extension (superuser).
db_identity_client() {
	local d f id=$SHARED/wso2-reference/deltas/identity-5.9.0_to_5.10.0
	[ $# -eq 3 ] || { _db_die "usage: db_identity_client DIALECT DB TARGETDB"; return 1; }
	case $1 in
	postgresql | pg) d=postgresql ;;
	*) d=mysql ;;
	esac
	case $2 in
	wso2am_db | WSO2AM_DB)
		f=$(mktemp "${TMPDIR:-/tmp}/amdelta-scope-type.XXXXXX") || return 1
		echo "ALTER TABLE IDN_OAUTH2_SCOPE ADD SCOPE_TYPE VARCHAR(255) NOT NULL DEFAULT 'OAUTH2';" >"$f"
		db_run_script "$d" "$3" "$f" || { rm -f "$f"; return 1; }
		rm -f "$f"
		db_run_script "$d" "$3" "$id/step1/identity/$d.sql"
		;;
	shared_db | SHARED_DB)
		# step2/um's MySQL procedure looks for UM_USER.UM_USER_ID in every
		# schema of the server: limited here to this database, as on a
		# server that holds only it (the tests' servers hold many)
		f=$(mktemp "${TMPDIR:-/tmp}/amdelta-step2-um.XXXXXX") || return 1
		sed "s/WHERE TABLE_NAME='UM_USER' AND COLUMN_NAME/WHERE TABLE_SCHEMA=DATABASE() AND TABLE_NAME='UM_USER' AND COLUMN_NAME/" \
			"$id/step2/um/$d.sql" >"$f"
		db_run_script "$d" "$3" "$id/step1/um/$d.sql" &&
			db_run_script "$d" "$3" "$f" &&
			db_run_script "$d" "$3" "$SHARED/wso2-reference/deltas/reg-index.sql" || { rm -f "$f"; return 1; }
		rm -f "$f"
		;;
	*) _db_die "db_identity_client: no identity scripts for $2"; return 1 ;;
	esac
}
