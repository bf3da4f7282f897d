#!/usr/bin/env bash
# amdelta check: the failures users meet in WSO2's identity migration client
# (guide step 2.5), on PostgreSQL and MariaDB.
#   a clean 3.0.0 WSO2AM_DB + SHARED_DB pair passes the four checks (the
#   other dialect's skips);
#   duplicate IDN_OAUTH2_SCOPE (NAME, TENANT_ID) rows and IDN_OIDC_SCOPE
#   names that the client's copy into IDN_OAUTH2_SCOPE collides with fail,
#   with their rows, the other checks still passing;
#   PostgreSQL: a role that is no superuser, uuid-ossp not installed: the
#   client's CREATE EXTENSION "uuid-ossp" fails on both databases; installed
#   in one, on the other only;
#   MariaDB: IDN_OAUTH2_SCOPE_BINDING in utf8mb4 with ROW_FORMAT=COMPACT:
#   the client's UNIQUE (SCOPE_ID, SCOPE_BINDING, BINDING_TYPE) is over 767
#   bytes a column, and the client's step1 does stop there;
#   after the client's scripts the identity part is 5.10.0: the checks skip.
set -euo pipefail
# shellcheck source=SCRIPTDIR/helpers.sh
. "$TOP/tests/integration/helpers.sh"
# shellcheck source=SCRIPTDIR/am_fixture.sh
. "$TOP/tests/integration/am_fixture.sh"

NEW="identity-scope-duplicates oidc-scope-collisions postgresql-uuid-ossp mysql-identity-key-length"

# statuses FILE IDS...: "id:status" of each check, space-separated.
statuses() {
	local f=$1
	shift
	t_json "$f" "my %s = map { \$_->{id} => \$_->{status} } @{\$j->{checks}}; join ' ', map { \"\$_:\$s{\$_}\" } qw($*)"
}
rows_of() {
	t_json "$1" "my (\$c) = grep { \$_->{id} eq '$2' } @{\$j->{checks}}; join ' / ', @{\$c->{rows}}"
}
detail_of() {
	t_json "$1" "my (\$c) = grep { \$_->{id} eq '$2' } @{\$j->{checks}}; \$c->{detail}"
}

# two tenants' scopes: 'read' twice in the super tenant, 'write' three
# times in tenant 1, 'openid' both an OAuth2 and an OIDC scope of the super
# tenant, 'email' twice in IDN_OIDC_SCOPE; the same names in other tenants
# are fine
seed_scopes() {
	echo "INSERT INTO IDN_OAUTH2_SCOPE (SCOPE_ID, NAME, DISPLAY_NAME, TENANT_ID) VALUES (1, 'read', 'Read', -1234);"
	echo "INSERT INTO IDN_OAUTH2_SCOPE (SCOPE_ID, NAME, DISPLAY_NAME, TENANT_ID) VALUES (2, 'read', 'Read again', -1234);"
	echo "INSERT INTO IDN_OAUTH2_SCOPE (SCOPE_ID, NAME, DISPLAY_NAME, TENANT_ID) VALUES (3, 'read', 'Read', 1);"
	echo "INSERT INTO IDN_OAUTH2_SCOPE (SCOPE_ID, NAME, DISPLAY_NAME, TENANT_ID) VALUES (4, 'write', 'Write', 1);"
	echo "INSERT INTO IDN_OAUTH2_SCOPE (SCOPE_ID, NAME, DISPLAY_NAME, TENANT_ID) VALUES (5, 'write', 'Write', 1);"
	echo "INSERT INTO IDN_OAUTH2_SCOPE (SCOPE_ID, NAME, DISPLAY_NAME, TENANT_ID) VALUES (6, 'write', 'Write', 1);"
	echo "INSERT INTO IDN_OAUTH2_SCOPE (SCOPE_ID, NAME, DISPLAY_NAME, TENANT_ID) VALUES (7, 'openid', 'API openid', -1234);"
	echo "INSERT INTO IDN_OIDC_SCOPE (ID, NAME, TENANT_ID) VALUES (1, 'openid', -1234);"
	echo "INSERT INTO IDN_OIDC_SCOPE (ID, NAME, TENANT_ID) VALUES (2, 'email', -1234);"
	echo "INSERT INTO IDN_OIDC_SCOPE (ID, NAME, TENANT_ID) VALUES (3, 'openid', 1);"
	echo "INSERT INTO IDN_OIDC_SCOPE (ID, NAME, TENANT_ID) VALUES (4, 'email', -1234);"
}

for d in pg maria; do
	dialect=$(dialect_of $d)
	am=t74_${d}_am sh=t74_${d}_sh
	db_new_reference $d 3.0.0 wso2am_db $am
	db_new_reference $d 3.0.0 shared_db $sh
	AM=$(conn $d $am) SH=$(conn $d $sh)

	# ------------------------------------------------------------ clean
	t_expect_rc 0 "$AMDELTA" check --am-db "$AM" --shared-db "$SH" --json "$T_TMP/clean-$d.json"
	if [ $d = pg ]; then want="pass pass pass skip"; else want="pass pass skip pass"; fi
	t_expect_eq "$(for id in $NEW; do printf '%s:%s ' $id "${want%% *}"; want=${want#* }; done | sed 's/ $//')" \
		"$(statuses "$T_TMP/clean-$d.json" $NEW)" "$dialect clean: the four checks"
	if [ $d = pg ]; then
		t_expect_eq "uuid-ossp: WSO2AM_DB: not installed; the role is a superuser and may create it; SHARED_DB: not installed; the role is a superuser and may create it" \
			"$(detail_of "$T_TMP/clean-$d.json" postgresql-uuid-ossp)" "$dialect clean: uuid-ossp may be created"
	else
		t_expect_eq "the 22 keys the identity client makes fit InnoDB's limits (the longest 546 bytes, on IDN_ASSOCIATED_ID)" \
			"$(detail_of "$T_TMP/clean-$d.json" mysql-identity-key-length)" "$dialect clean: every key measured (latin1)"
	fi
	t_expect_eq "14" "$(t_json "$T_TMP/clean-$d.json" 'scalar @{$j->{checks}}')" "$dialect: fourteen checks"

	# ------------------------------------------------------------ scopes
	seed_scopes | run_sql $d $am /dev/stdin >/dev/null
	t_expect_rc 1 "$AMDELTA" check --am-db "$AM" --shared-db "$SH" --json "$T_TMP/scopes-$d.json"
	f=$T_TMP/scopes-$d.json
	t_expect_eq "identity-scope-duplicates:fail oidc-scope-collisions:fail" \
		"$(statuses "$f" identity-scope-duplicates oidc-scope-collisions)" "$dialect scopes: both fail"
	t_expect_eq "tenant -1234: scope 'read' in 2 rows (SCOPE_ID 1, 2) / tenant 1: scope 'write' in 3 rows (SCOPE_ID 4, 5, 6)" \
		"$(rows_of "$f" identity-scope-duplicates)" "$dialect scopes: the duplicate rows"
	t_expect_contains "$(detail_of "$f" identity-scope-duplicates)" "2 scope names are held by more than one IDN_OAUTH2_SCOPE row of their tenant (5 rows)" \
		"$dialect scopes: duplicates' detail"
	t_expect_eq "tenant -1234: scope 'email' is IDN_OIDC_SCOPE ID 2 and IDN_OIDC_SCOPE ID 4 / tenant -1234: scope 'openid' is IDN_OIDC_SCOPE ID 1 and IDN_OAUTH2_SCOPE SCOPE_ID 7" \
		"$(rows_of "$f" oidc-scope-collisions)" "$dialect scopes: the colliding names"
	t_expect_contains "$(t_json "$f" 'map { $_->{remedy} } grep { $_->{id} eq "identity-scope-duplicates" } @{$j->{checks}}')" \
		"keep one IDN_OAUTH2_SCOPE row per (NAME, TENANT_ID)" "$dialect scopes: a remedy"
	if [ $d = pg ]; then want="postgresql-uuid-ossp:pass mysql-identity-key-length:skip"; else want="postgresql-uuid-ossp:skip mysql-identity-key-length:pass"; fi
	t_expect_eq "database-state:pass ddl-privileges:pass cross-tenant-subscriptions:pass identity-volume:pass $want" \
		"$(statuses "$f" database-state ddl-privileges cross-tenant-subscriptions identity-volume postgresql-uuid-ossp mysql-identity-key-length)" \
		"$dialect scopes: the other checks still pass"
	t_expect_eq "2" "$(t_json "$f" '$j->{verdict}{blockers_failed}')" "$dialect scopes: two blockers failed"

	if [ $d = pg ]; then
		# -------------------------------------------------------- uuid-ossp
		db_pg_query postgres "DROP ROLE IF EXISTS t74reader; CREATE ROLE t74reader LOGIN PASSWORD 'reader-pw'" >/dev/null
		for db in $am $sh; do
			db_pg_query $db "GRANT SELECT ON ALL TABLES IN SCHEMA public TO t74reader" >/dev/null
		done
		as_reader() { conn $d "$1" | sed 's/Uid=[^;]*;Pwd=[^;]*;/Uid=t74reader;Pwd=reader-pw;/'; }
		t_expect_rc 1 "$AMDELTA" check --am-db "$(as_reader $am)" --shared-db "$(as_reader $sh)" --json "$T_TMP/uuid-$d.json"
		f=$T_TMP/uuid-$d.json
		t_expect_eq "postgresql-uuid-ossp:fail" "$(statuses "$f" postgresql-uuid-ossp)" "$dialect: uuid-ossp fails"
		t_expect_eq "WSO2AM_DB: uuid-ossp is not installed in database $am, and role t74reader may not create it: no superuser, no CREATE on the database; gen_random_uuid() (PostgreSQL 13+) is there, but the client's scripts call uuid_generate_v4() / SHARED_DB: uuid-ossp is not installed in database $sh, and role t74reader may not create it: no superuser, no CREATE on the database; gen_random_uuid() (PostgreSQL 13+) is there, but the client's scripts call uuid_generate_v4()" \
			"$(rows_of "$f" postgresql-uuid-ossp)" "$dialect: uuid-ossp rows"
		# installed by a superuser in WSO2AM_DB; CREATE on SHARED_DB's
		# database is enough for a trusted extension (PostgreSQL 13+)
		db_pg_query $am 'CREATE EXTENSION "uuid-ossp"' >/dev/null
		t_expect_rc 1 "$AMDELTA" check --am-db "$(as_reader $am)" --shared-db "$(as_reader $sh)" --json "$T_TMP/uuid2-$d.json"
		t_expect_eq "SHARED_DB" "$(rows_of "$T_TMP/uuid2-$d.json" postgresql-uuid-ossp | cut -d: -f1)" "$dialect: installed in WSO2AM_DB, SHARED_DB left"
		db_pg_query postgres "GRANT CREATE ON DATABASE $sh TO t74reader" >/dev/null
		t_expect_rc 1 "$AMDELTA" check --am-db "$(as_reader $am)" --shared-db "$(as_reader $sh)" --json "$T_TMP/uuid3-$d.json"
		t_expect_eq "postgresql-uuid-ossp:pass" "$(statuses "$T_TMP/uuid3-$d.json" postgresql-uuid-ossp)" "$dialect: a trusted extension, CREATE on the database"
		t_expect_eq "uuid-ossp: WSO2AM_DB: installed; SHARED_DB: not installed; trusted, and the role has CREATE on the database" \
			"$(detail_of "$T_TMP/uuid3-$d.json" postgresql-uuid-ossp)" "$dialect: uuid-ossp detail"
		db_pg_query postgres "REVOKE CREATE ON DATABASE $sh FROM t74reader" >/dev/null
	else
		# -------------------------------------------------------- key length
		k=t74_${d}_key
		db_new_reference $d 3.0.0 wso2am_db $k
		db_maria_query $k "ALTER TABLE IDN_OAUTH2_SCOPE_BINDING CONVERT TO CHARACTER SET utf8mb4, ROW_FORMAT=COMPACT" >/dev/null
		t_expect_rc 1 "$AMDELTA" check --am-db "$(conn $d $k)" --json "$T_TMP/key-$d.json"
		f=$T_TMP/key-$d.json
		t_expect_eq "mysql-identity-key-length:fail" "$(statuses "$f" mysql-identity-key-length)" "$dialect: a key too long"
		t_expect_eq "WSO2AM_DB: IDN_OAUTH2_SCOPE_BINDING UNIQUE (SCOPE_ID, SCOPE_BINDING, BINDING_TYPE): SCOPE_BINDING 1020 bytes (utf8mb4), BINDING_TYPE 1020 bytes (utf8mb4), over the 767 bytes a key column may take with ROW_FORMAT=Compact" \
			"$(rows_of "$f" mysql-identity-key-length)" "$dialect: the key, its columns, bytes and limit"
		t_expect_contains "$(detail_of "$f" mysql-identity-key-length)" "1 of the 19 keys the identity client makes exceed" "$dialect: key detail"
		t_expect_eq "database-state:pass ddl-privileges:pass identity-scope-duplicates:pass oidc-scope-collisions:pass" \
			"$(statuses "$f" database-state ddl-privileges identity-scope-duplicates oidc-scope-collisions)" "$dialect key: the other checks pass"
		# what check foresaw: the client's step1 stops there
		t_run db_identity_client maria wso2am_db $k
		t_expect_ne 0 "$T_RC" "$dialect: the client's step1 fails on the COMPACT table"
		t_expect_contains "$(<"$T_ERR")" "The maximum column size is 767 bytes" "$dialect: MariaDB's refusal"
	fi

	# ------------------------------------------------------------ 5.10.0
	done_am=t74_${d}_done
	db_new_reference $d 3.0.0 wso2am_db $done_am
	db_identity_client $d wso2am_db $done_am
	t_run "$AMDELTA" check --am-db "$(conn $d $done_am)" --json "$T_TMP/done-$d.json"
	t_expect_eq "identity-scope-duplicates:skip oidc-scope-collisions:skip postgresql-uuid-ossp:skip mysql-identity-key-length:skip" \
		"$(statuses "$T_TMP/done-$d.json" $NEW)" "$dialect: identity at 5.10.0: nothing left for the client"
	t_expect_contains "$(detail_of "$T_TMP/done-$d.json" identity-scope-duplicates)" "already at 5.10.0" "$dialect: 5.10.0 skip says why"
done
t_log "done after $SECONDS s"
