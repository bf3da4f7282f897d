-- amdelta plan: WSO2AM_DB, oracle, offline from 3.0.0: 31 steps, 32 statements
-- the expected 3.0.0 catalog stands in for the database: keys to drop are found at run time by table and columns
-- run with: sqlplus USER@DB @FILE (after WHENEVER SQLERROR EXIT FAILURE)

-- am-api-categories (AM_API_CATEGORIES): API categories table
CREATE TABLE AM_API_CATEGORIES (
    UUID VARCHAR2(50) NOT NULL,
    NAME VARCHAR2(255),
    DESCRIPTION VARCHAR2(1024),
    TENANT_ID INTEGER DEFAULT -1,
    PRIMARY KEY (UUID),
    UNIQUE (NAME, TENANT_ID)
)
/

-- am-system-apps-tenant-domain (AM_SYSTEM_APPS): system applications per tenant domain
ALTER TABLE AM_SYSTEM_APPS ADD (TENANT_DOMAIN VARCHAR2(255) DEFAULT 'carbon.super')
/

-- am-system-apps-name-unique-drop (AM_SYSTEM_APPS): system application names unique per tenant, not globally
DECLARE
    n VARCHAR2(128);
BEGIN
    LOOP
        SELECT MIN(c.CONSTRAINT_NAME) INTO n FROM USER_CONSTRAINTS c
            WHERE c.TABLE_NAME = 'AM_SYSTEM_APPS' AND c.CONSTRAINT_TYPE = 'U'
            AND (SELECT COUNT(*) FROM USER_CONS_COLUMNS k
                 WHERE k.CONSTRAINT_NAME = c.CONSTRAINT_NAME AND k.TABLE_NAME = c.TABLE_NAME) = 1
            AND (SELECT COUNT(*) FROM USER_CONS_COLUMNS k
                 WHERE k.CONSTRAINT_NAME = c.CONSTRAINT_NAME AND k.TABLE_NAME = c.TABLE_NAME
                 AND UPPER(k.COLUMN_NAME) IN ('NAME')) = 1;
        EXIT WHEN n IS NULL;
        EXECUTE IMMEDIATE 'ALTER TABLE AM_SYSTEM_APPS DROP CONSTRAINT "' || n || '"';
    END LOOP;
    LOOP
        SELECT MIN(i.INDEX_NAME) INTO n FROM USER_INDEXES i
            WHERE i.TABLE_NAME = 'AM_SYSTEM_APPS' AND i.UNIQUENESS = 'UNIQUE'
            AND NOT EXISTS (SELECT 1 FROM USER_CONSTRAINTS c
                WHERE c.TABLE_NAME = i.TABLE_NAME AND c.INDEX_NAME = i.INDEX_NAME)
            AND (SELECT COUNT(*) FROM USER_IND_COLUMNS k WHERE k.INDEX_NAME = i.INDEX_NAME) = 1
            AND (SELECT COUNT(*) FROM USER_IND_COLUMNS k WHERE k.INDEX_NAME = i.INDEX_NAME
                 AND UPPER(k.COLUMN_NAME) IN ('NAME')) = 1;
        EXIT WHEN n IS NULL;
        EXECUTE IMMEDIATE 'DROP INDEX "' || n || '"';
    END LOOP;
END;
/

-- am-user (AM_USER): API-M user id mapping table
CREATE TABLE AM_USER (
    USER_ID VARCHAR2(255) NOT NULL,
    USER_NAME VARCHAR2(255) NOT NULL,
    PRIMARY KEY (USER_ID)
)
/

-- am-security-audit-uuid-mapping (AM_SECURITY_AUDIT_UUID_MAPPING): security audit report id per API
CREATE TABLE AM_SECURITY_AUDIT_UUID_MAPPING (
    API_ID INTEGER NOT NULL,
    AUDIT_UUID VARCHAR2(255) NOT NULL,
    PRIMARY KEY (API_ID),
    FOREIGN KEY (API_ID) REFERENCES AM_API (API_ID)
)
/

-- am-key-manager (AM_KEY_MANAGER): key manager registry table
CREATE TABLE AM_KEY_MANAGER (
    UUID VARCHAR2(50) NOT NULL,
    NAME VARCHAR2(100),
    DISPLAY_NAME VARCHAR2(100),
    DESCRIPTION VARCHAR2(256),
    TYPE VARCHAR2(45),
    CONFIGURATION BLOB,
    ENABLED NUMBER(1) DEFAULT 1,
    TENANT_DOMAIN VARCHAR2(100),
    PRIMARY KEY (UUID),
    UNIQUE (NAME, TENANT_DOMAIN)
)
/

-- am-gw-published-api-details (AM_GW_PUBLISHED_API_DETAILS): gateway published API details table
CREATE TABLE AM_GW_PUBLISHED_API_DETAILS (
    API_ID VARCHAR2(255) NOT NULL,
    TENANT_DOMAIN VARCHAR2(255),
    API_PROVIDER VARCHAR2(255),
    API_NAME VARCHAR2(255),
    API_VERSION VARCHAR2(255),
    PRIMARY KEY (API_ID)
)
/

-- am-gw-api-artifacts (AM_GW_API_ARTIFACTS): gateway API artifacts table
CREATE TABLE AM_GW_API_ARTIFACTS (
    API_ID VARCHAR2(255) NOT NULL,
    ARTIFACT BLOB,
    GATEWAY_INSTRUCTION VARCHAR2(20),
    GATEWAY_LABEL VARCHAR2(255) NOT NULL,
    TIME_STAMP TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL,
    PRIMARY KEY (GATEWAY_LABEL, API_ID),
    FOREIGN KEY (API_ID) REFERENCES AM_GW_PUBLISHED_API_DETAILS (API_ID)
)
/

-- am-gw-api-artifacts-trigger-oracle (AM_GW_API_ARTIFACTS): trigger keeping AM_GW_API_ARTIFACTS.TIME_STAMP current
CREATE OR REPLACE TRIGGER UPDATE_TIMESTAMP
    BEFORE INSERT OR UPDATE ON AM_GW_API_ARTIFACTS
    FOR EACH ROW
BEGIN
    :NEW.TIME_STAMP := SYSTIMESTAMP;
END;
/

-- am-app-registration-key-manager (AM_APPLICATION_REGISTRATION): key manager of each application registration
ALTER TABLE AM_APPLICATION_REGISTRATION ADD (KEY_MANAGER VARCHAR2(255) DEFAULT 'Resident Key Manager' NOT NULL)
/

-- am-app-registration-unique (AM_APPLICATION_REGISTRATION): registration unique per key manager
ALTER TABLE AM_APPLICATION_REGISTRATION ADD UNIQUE (SUBSCRIBER_ID, APP_ID, TOKEN_TYPE, KEY_MANAGER)
/

-- am-app-registration-unique-drop (AM_APPLICATION_REGISTRATION): old registration key without the key manager
DECLARE
    n VARCHAR2(128);
BEGIN
    LOOP
        SELECT MIN(c.CONSTRAINT_NAME) INTO n FROM USER_CONSTRAINTS c
            WHERE c.TABLE_NAME = 'AM_APPLICATION_REGISTRATION' AND c.CONSTRAINT_TYPE = 'U'
            AND (SELECT COUNT(*) FROM USER_CONS_COLUMNS k
                 WHERE k.CONSTRAINT_NAME = c.CONSTRAINT_NAME AND k.TABLE_NAME = c.TABLE_NAME) = 3
            AND (SELECT COUNT(*) FROM USER_CONS_COLUMNS k
                 WHERE k.CONSTRAINT_NAME = c.CONSTRAINT_NAME AND k.TABLE_NAME = c.TABLE_NAME
                 AND UPPER(k.COLUMN_NAME) IN ('SUBSCRIBER_ID', 'APP_ID', 'TOKEN_TYPE')) = 3;
        EXIT WHEN n IS NULL;
        EXECUTE IMMEDIATE 'ALTER TABLE AM_APPLICATION_REGISTRATION DROP CONSTRAINT "' || n || '"';
    END LOOP;
    LOOP
        SELECT MIN(i.INDEX_NAME) INTO n FROM USER_INDEXES i
            WHERE i.TABLE_NAME = 'AM_APPLICATION_REGISTRATION' AND i.UNIQUENESS = 'UNIQUE'
            AND NOT EXISTS (SELECT 1 FROM USER_CONSTRAINTS c
                WHERE c.TABLE_NAME = i.TABLE_NAME AND c.INDEX_NAME = i.INDEX_NAME)
            AND (SELECT COUNT(*) FROM USER_IND_COLUMNS k WHERE k.INDEX_NAME = i.INDEX_NAME) = 3
            AND (SELECT COUNT(*) FROM USER_IND_COLUMNS k WHERE k.INDEX_NAME = i.INDEX_NAME
                 AND UPPER(k.COLUMN_NAME) IN ('SUBSCRIBER_ID', 'APP_ID', 'TOKEN_TYPE')) = 3;
        EXIT WHEN n IS NULL;
        EXECUTE IMMEDIATE 'DROP INDEX "' || n || '"';
    END LOOP;
END;
/

-- am-app-key-mapping-uuid (AM_APPLICATION_KEY_MAPPING): id of each application key mapping
ALTER TABLE AM_APPLICATION_KEY_MAPPING ADD (UUID VARCHAR2(100))
/

-- am-app-key-mapping-uuid-fill (AM_APPLICATION_KEY_MAPPING): every application key mapping has a UUID
UPDATE AM_APPLICATION_KEY_MAPPING SET UUID = LOWER(REGEXP_REPLACE(RAWTOHEX(SYS_GUID()), '(.{8})(.{4})(.{4})(.{4})(.{12})', '\1-\2-\3-\4-\5')) WHERE UUID IS NULL
/

-- am-app-key-mapping-key-manager (AM_APPLICATION_KEY_MAPPING): key manager of each application key
ALTER TABLE AM_APPLICATION_KEY_MAPPING ADD (KEY_MANAGER VARCHAR2(100) DEFAULT 'Resident Key Manager' NOT NULL)
/

-- am-app-key-mapping-app-info (AM_APPLICATION_KEY_MAPPING): application info of each application key
ALTER TABLE AM_APPLICATION_KEY_MAPPING ADD (APP_INFO BLOB)
/

-- am-app-key-mapping-unique (AM_APPLICATION_KEY_MAPPING): application keys unique per key manager
ALTER TABLE AM_APPLICATION_KEY_MAPPING ADD UNIQUE (APPLICATION_ID, KEY_TYPE, KEY_MANAGER)
/

-- am-app-key-mapping-pk-drop (AM_APPLICATION_KEY_MAPPING): old primary key without the key manager dropped
ALTER TABLE AM_APPLICATION_KEY_MAPPING DROP PRIMARY KEY
/

-- am-workflows-wf-metadata (AM_WORKFLOWS): workflow metadata
ALTER TABLE AM_WORKFLOWS ADD (WF_METADATA BLOB)
/

-- am-workflows-wf-properties (AM_WORKFLOWS): workflow properties
ALTER TABLE AM_WORKFLOWS ADD (WF_PROPERTIES BLOB)
/

-- am-subscription-tier-id-pending (AM_SUBSCRIPTION): pending tier of a subscription
ALTER TABLE AM_SUBSCRIPTION ADD (TIER_ID_PENDING VARCHAR2(50))
/

-- am-policy-subscription-max-complexity (AM_POLICY_SUBSCRIPTION): GraphQL query complexity limit
ALTER TABLE AM_POLICY_SUBSCRIPTION ADD (MAX_COMPLEXITY INTEGER DEFAULT 0 NOT NULL)
/

-- am-policy-subscription-max-depth (AM_POLICY_SUBSCRIPTION): GraphQL query depth limit
ALTER TABLE AM_POLICY_SUBSCRIPTION ADD (MAX_DEPTH INTEGER DEFAULT 0 NOT NULL)
/

-- am-api-resource-scope-mapping (AM_API_RESOURCE_SCOPE_MAPPING): API resource to scope mapping table
CREATE TABLE AM_API_RESOURCE_SCOPE_MAPPING (
    SCOPE_NAME VARCHAR2(256) NOT NULL,
    URL_MAPPING_ID INTEGER NOT NULL,
    TENANT_ID INTEGER NOT NULL,
    PRIMARY KEY (SCOPE_NAME, URL_MAPPING_ID),
    FOREIGN KEY (URL_MAPPING_ID) REFERENCES AM_API_URL_MAPPING (URL_MAPPING_ID) ON DELETE CASCADE
)
/

-- am-shared-scope (AM_SHARED_SCOPE): shared scopes table
CREATE TABLE AM_SHARED_SCOPE (
    NAME VARCHAR2(255),
    UUID VARCHAR2(256) NOT NULL,
    TENANT_ID INTEGER,
    PRIMARY KEY (UUID)
)
/

-- idn-oauth2-resource-scope-pk-drop (IDN_OAUTH2_RESOURCE_SCOPE): resource paths no longer unique
ALTER TABLE IDN_OAUTH2_RESOURCE_SCOPE DROP PRIMARY KEY
/

-- am-tenant-themes (AM_TENANT_THEMES): tenant theme table
CREATE TABLE AM_TENANT_THEMES (
    TENANT_ID INTEGER NOT NULL,
    THEME BLOB NOT NULL,
    PRIMARY KEY (TENANT_ID)
)
/

-- am-graphql-complexity (AM_GRAPHQL_COMPLEXITY): GraphQL complexity table
CREATE TABLE AM_GRAPHQL_COMPLEXITY (
    UUID VARCHAR2(256) NOT NULL,
    API_ID INTEGER NOT NULL,
    TYPE VARCHAR2(256),
    FIELD VARCHAR2(256),
    COMPLEXITY_VALUE INTEGER,
    PRIMARY KEY (UUID),
    UNIQUE (API_ID, TYPE, FIELD),
    FOREIGN KEY (API_ID) REFERENCES AM_API (API_ID) ON DELETE CASCADE
)
/

-- am-scope (AM_SCOPE): API-M scopes table
CREATE TABLE AM_SCOPE (
    SCOPE_ID INTEGER GENERATED BY DEFAULT AS IDENTITY NOT NULL,
    NAME VARCHAR2(255) NOT NULL,
    DISPLAY_NAME VARCHAR2(255) NOT NULL,
    DESCRIPTION VARCHAR2(512),
    TENANT_ID INTEGER DEFAULT -1 NOT NULL,
    SCOPE_TYPE VARCHAR2(255) NOT NULL,
    PRIMARY KEY (SCOPE_ID)
)
/

-- am-scope-trigger (AM_SCOPE): trigger numbering AM_SCOPE.SCOPE_ID
DECLARE
    n INTEGER;
BEGIN
    SELECT COUNT(*) INTO n FROM USER_SEQUENCES WHERE SEQUENCE_NAME = 'AM_SCOPE_SEQUENCE';
    IF n = 0 THEN
        EXECUTE IMMEDIATE 'CREATE SEQUENCE AM_SCOPE_SEQUENCE START WITH 1 INCREMENT BY 1 NOCACHE';
    END IF;
END;
/
CREATE OR REPLACE TRIGGER AM_SCOPE_TRIGGER
    BEFORE INSERT ON AM_SCOPE
    REFERENCING NEW AS NEW
    FOR EACH ROW
    WHEN (NEW.SCOPE_ID IS NULL)
BEGIN
    SELECT AM_SCOPE_SEQUENCE.NEXTVAL INTO :NEW.SCOPE_ID FROM DUAL;
END;
/

-- am-scope-binding (AM_SCOPE_BINDING): API-M scope bindings table
CREATE TABLE AM_SCOPE_BINDING (
    SCOPE_ID INTEGER NOT NULL,
    SCOPE_BINDING VARCHAR2(255) NOT NULL,
    BINDING_TYPE VARCHAR2(255) NOT NULL,
    FOREIGN KEY (SCOPE_ID) REFERENCES AM_SCOPE (SCOPE_ID) ON DELETE CASCADE
)
/

-- not planned: made by WSO2's identity migration client (the guide's step 2.5), not by the database script; amdelta only verifies it:
--   idn-oauth2-authz-code-scope (IDN_OAUTH2_AUTHZ_CODE_SCOPE)
--   idn-oauth2-token-binding (IDN_OAUTH2_TOKEN_BINDING)
--   idn-oauth2-token-binding-idx (IDN_OAUTH2_TOKEN_BINDING)
--   idn-fed-auth-session-mapping (IDN_FED_AUTH_SESSION_MAPPING)
--   idn-fed-auth-session-mapping-idx (IDN_FED_AUTH_SESSION_MAPPING)
--   idn-oauth2-ciba-auth-code (IDN_OAUTH2_CIBA_AUTH_CODE)
--   idn-oauth2-ciba-request-scopes (IDN_OAUTH2_CIBA_REQUEST_SCOPES)
--   idn-oauth2-device-flow (IDN_OAUTH2_DEVICE_FLOW)
--   idn-oauth2-device-flow-scopes (IDN_OAUTH2_DEVICE_FLOW_SCOPES)
--   idn-oauth2-access-token-token-binding-ref (IDN_OAUTH2_ACCESS_TOKEN)
--   idn-oauth2-access-token-idp-id (IDN_OAUTH2_ACCESS_TOKEN)
--   idn-oauth2-access-token-unique-drop (IDN_OAUTH2_ACCESS_TOKEN)
--   idn-oauth2-access-token-unique (IDN_OAUTH2_ACCESS_TOKEN)
--   idn-oauth2-access-token-idx (IDN_OAUTH2_ACCESS_TOKEN)
--   idn-oauth2-access-token-audit-idp-id (IDN_OAUTH2_ACCESS_TOKEN_AUDIT)
--   idn-oauth2-authorization-code-idp-id (IDN_OAUTH2_AUTHORIZATION_CODE)
--   idn-associated-id-association-id (IDN_ASSOCIATED_ID)
--   idn-associated-id-idx (IDN_ASSOCIATED_ID)
--   sp-app-uuid (SP_APP)
--   sp-app-image-url (SP_APP)
--   sp-app-access-url (SP_APP)
--   sp-app-is-discoverable (SP_APP)
--   sp-app-uuid-unique (SP_APP)
--   idp-image-url (IDP)
--   idp-uuid (IDP)
--   idp-uuid-unique (IDP)
--   fido2-device-store-display-name (FIDO2_DEVICE_STORE)
--   fido2-device-store-is-usernameless-supported (FIDO2_DEVICE_STORE)
--   idn-oauth2-scope-binding-binding-type (IDN_OAUTH2_SCOPE_BINDING)
--   idn-oauth2-scope-binding-scope-binding (IDN_OAUTH2_SCOPE_BINDING)
--   idn-oauth2-scope-scope-type (IDN_OAUTH2_SCOPE)
--   idn-oauth2-scope-name-idx-drop (IDN_OAUTH2_SCOPE)
--   idn-oidc-scope-claim-mapping-unique (IDN_OIDC_SCOPE_CLAIM_MAPPING)

-- amdelta plan: SHARED_DB, oracle, offline from 3.0.0: 0 steps, 0 statements
-- the expected 3.0.0 catalog stands in for the database: keys to drop are found at run time by table and columns

-- not planned: registry versioning clean-up: only for an installation that ran 3.0.0 with registry versioning on (the guide's 'Preparing for Migration'); run only with --registry-xml naming that registry.xml, or --registry-cleanup:
--   reg-versioning-cleanup (REG_RESOURCE_PROPERTY)

-- not planned: made by WSO2's identity migration client (the guide's step 2.5), not by the database script; amdelta only verifies it:
--   um-uuid-domain-mapper (UM_UUID_DOMAIN_MAPPER)
--   um-uuid-domain-mapper-idx (UM_UUID_DOMAIN_MAPPER)
--   um-user-user-id (UM_USER)
--   um-user-user-id-unique (UM_USER)

-- amdelta plan: APIM_ANALYTICS_DB, oracle, offline from 3.0.0: 2 steps, 2 statements
-- the expected 3.0.0 catalog stands in for the database: keys to drop are found at run time by table and columns
-- run with: sqlplus USER@DB @FILE (after WHENEVER SQLERROR EXIT FAILURE)

-- apilastaccesssummary-pk-drop (APILASTACCESSSUMMARY): old last access summary key without the API version dropped
ALTER TABLE APILASTACCESSSUMMARY DROP PRIMARY KEY
/

-- apilastaccesssummary-pk (APILASTACCESSSUMMARY): last access summary per API version
ALTER TABLE APILASTACCESSSUMMARY ADD PRIMARY KEY (APINAME, APICREATOR, APIVERSION, APICREATORTENANTDOMAIN)
/
