-- amdelta plan: WSO2AM_DB, db2, offline from 3.0.0: 30 steps, 31 statements
-- the expected 3.0.0 catalog stands in for the database: keys to drop are found at run time by table and columns
-- run with: db2 -td/ -vsf FILE

-- am-api-categories (AM_API_CATEGORIES): API categories table
CREATE TABLE AM_API_CATEGORIES (
    UUID VARCHAR(50) NOT NULL,
    NAME VARCHAR(255) NOT NULL,
    DESCRIPTION VARCHAR(1024),
    TENANT_ID INTEGER DEFAULT -1 NOT NULL,
    PRIMARY KEY (UUID),
    UNIQUE (NAME, TENANT_ID)
)
/

-- am-system-apps-tenant-domain (AM_SYSTEM_APPS): system applications per tenant domain
ALTER TABLE AM_SYSTEM_APPS ADD COLUMN TENANT_DOMAIN VARCHAR(255) DEFAULT 'carbon.super'
/

-- am-user (AM_USER): API-M user id mapping table
CREATE TABLE AM_USER (
    USER_ID VARCHAR(255) NOT NULL,
    USER_NAME VARCHAR(255) NOT NULL,
    PRIMARY KEY (USER_ID)
)
/

-- am-security-audit-uuid-mapping (AM_SECURITY_AUDIT_UUID_MAPPING): security audit report id per API
CREATE TABLE AM_SECURITY_AUDIT_UUID_MAPPING (
    API_ID INTEGER NOT NULL,
    AUDIT_UUID VARCHAR(255) NOT NULL,
    PRIMARY KEY (API_ID),
    FOREIGN KEY (API_ID) REFERENCES AM_API (API_ID)
)
/

-- am-key-manager (AM_KEY_MANAGER): key manager registry table
CREATE TABLE AM_KEY_MANAGER (
    UUID VARCHAR(50) NOT NULL,
    NAME VARCHAR(100) NOT NULL,
    DISPLAY_NAME VARCHAR(100),
    DESCRIPTION VARCHAR(256),
    TYPE VARCHAR(45),
    CONFIGURATION BLOB,
    ENABLED SMALLINT DEFAULT 1,
    TENANT_DOMAIN VARCHAR(100) NOT NULL,
    PRIMARY KEY (UUID),
    UNIQUE (NAME, TENANT_DOMAIN)
)
/

-- am-gw-published-api-details (AM_GW_PUBLISHED_API_DETAILS): gateway published API details table
CREATE TABLE AM_GW_PUBLISHED_API_DETAILS (
    API_ID VARCHAR(255) NOT NULL,
    TENANT_DOMAIN VARCHAR(255),
    API_PROVIDER VARCHAR(255),
    API_NAME VARCHAR(255),
    API_VERSION VARCHAR(255),
    PRIMARY KEY (API_ID)
)
/

-- am-gw-api-artifacts (AM_GW_API_ARTIFACTS): gateway API artifacts table
CREATE TABLE AM_GW_API_ARTIFACTS (
    API_ID VARCHAR(255) NOT NULL,
    ARTIFACT BLOB,
    GATEWAY_INSTRUCTION VARCHAR(20),
    GATEWAY_LABEL VARCHAR(255) NOT NULL,
    TIME_STAMP TIMESTAMP NOT NULL GENERATED ALWAYS FOR EACH ROW ON UPDATE AS ROW CHANGE TIMESTAMP,
    PRIMARY KEY (GATEWAY_LABEL, API_ID),
    FOREIGN KEY (API_ID) REFERENCES AM_GW_PUBLISHED_API_DETAILS (API_ID)
)
/

-- am-app-registration-key-manager (AM_APPLICATION_REGISTRATION): key manager of each application registration
ALTER TABLE AM_APPLICATION_REGISTRATION ADD COLUMN KEY_MANAGER VARCHAR(255) DEFAULT 'Resident Key Manager' NOT NULL
/

-- am-app-registration-unique (AM_APPLICATION_REGISTRATION): registration unique per key manager
ALTER TABLE AM_APPLICATION_REGISTRATION ADD UNIQUE (SUBSCRIBER_ID, APP_ID, TOKEN_TYPE, KEY_MANAGER)
/

-- am-app-registration-unique-drop (AM_APPLICATION_REGISTRATION): old registration key without the key manager
BEGIN
    DECLARE n VARCHAR(128);
    SET n = (SELECT MIN(tc.CONSTNAME) FROM SYSCAT.TABCONST tc
        WHERE tc.TABSCHEMA = CURRENT SCHEMA AND tc.TABNAME = 'AM_APPLICATION_REGISTRATION' AND tc.TYPE = 'U'
        AND (SELECT COUNT(*) FROM SYSCAT.KEYCOLUSE k WHERE k.TABSCHEMA = tc.TABSCHEMA
             AND k.TABNAME = tc.TABNAME AND k.CONSTNAME = tc.CONSTNAME) = 3
        AND (SELECT COUNT(*) FROM SYSCAT.KEYCOLUSE k WHERE k.TABSCHEMA = tc.TABSCHEMA
             AND k.TABNAME = tc.TABNAME AND k.CONSTNAME = tc.CONSTNAME
             AND UPPER(k.COLNAME) IN ('SUBSCRIBER_ID', 'APP_ID', 'TOKEN_TYPE')) = 3);
    WHILE n IS NOT NULL DO
        EXECUTE IMMEDIATE 'ALTER TABLE AM_APPLICATION_REGISTRATION DROP UNIQUE "' || n || '"';
        SET n = (SELECT MIN(tc.CONSTNAME) FROM SYSCAT.TABCONST tc
        WHERE tc.TABSCHEMA = CURRENT SCHEMA AND tc.TABNAME = 'AM_APPLICATION_REGISTRATION' AND tc.TYPE = 'U'
        AND (SELECT COUNT(*) FROM SYSCAT.KEYCOLUSE k WHERE k.TABSCHEMA = tc.TABSCHEMA
             AND k.TABNAME = tc.TABNAME AND k.CONSTNAME = tc.CONSTNAME) = 3
        AND (SELECT COUNT(*) FROM SYSCAT.KEYCOLUSE k WHERE k.TABSCHEMA = tc.TABSCHEMA
             AND k.TABNAME = tc.TABNAME AND k.CONSTNAME = tc.CONSTNAME
             AND UPPER(k.COLNAME) IN ('SUBSCRIBER_ID', 'APP_ID', 'TOKEN_TYPE')) = 3);
    END WHILE;
    SET n = (SELECT MIN(i.INDNAME) FROM SYSCAT.INDEXES i
        WHERE i.TABSCHEMA = CURRENT SCHEMA AND i.INDSCHEMA = CURRENT SCHEMA
        AND i.TABNAME = 'AM_APPLICATION_REGISTRATION' AND i.UNIQUERULE = 'U'
        AND (SELECT COUNT(*) FROM SYSCAT.INDEXCOLUSE k WHERE k.INDSCHEMA = i.INDSCHEMA
             AND k.INDNAME = i.INDNAME) = 3
        AND (SELECT COUNT(*) FROM SYSCAT.INDEXCOLUSE k WHERE k.INDSCHEMA = i.INDSCHEMA
             AND k.INDNAME = i.INDNAME AND UPPER(k.COLNAME) IN ('SUBSCRIBER_ID', 'APP_ID', 'TOKEN_TYPE')) = 3);
    WHILE n IS NOT NULL DO
        EXECUTE IMMEDIATE 'DROP INDEX "' || n || '"';
        SET n = (SELECT MIN(i.INDNAME) FROM SYSCAT.INDEXES i
        WHERE i.TABSCHEMA = CURRENT SCHEMA AND i.INDSCHEMA = CURRENT SCHEMA
        AND i.TABNAME = 'AM_APPLICATION_REGISTRATION' AND i.UNIQUERULE = 'U'
        AND (SELECT COUNT(*) FROM SYSCAT.INDEXCOLUSE k WHERE k.INDSCHEMA = i.INDSCHEMA
             AND k.INDNAME = i.INDNAME) = 3
        AND (SELECT COUNT(*) FROM SYSCAT.INDEXCOLUSE k WHERE k.INDSCHEMA = i.INDSCHEMA
             AND k.INDNAME = i.INDNAME AND UPPER(k.COLNAME) IN ('SUBSCRIBER_ID', 'APP_ID', 'TOKEN_TYPE')) = 3);
    END WHILE;
END
/

-- am-app-key-mapping-uuid (AM_APPLICATION_KEY_MAPPING): id of each application key mapping
ALTER TABLE AM_APPLICATION_KEY_MAPPING ADD COLUMN UUID VARCHAR(100)
/

-- am-app-key-mapping-uuid-fill (AM_APPLICATION_KEY_MAPPING): every application key mapping has a UUID
UPDATE AM_APPLICATION_KEY_MAPPING SET UUID = LOWER(HEX(GENERATE_UNIQUE())) WHERE UUID IS NULL
/

-- am-app-key-mapping-key-manager (AM_APPLICATION_KEY_MAPPING): key manager of each application key
ALTER TABLE AM_APPLICATION_KEY_MAPPING ADD COLUMN KEY_MANAGER VARCHAR(100) DEFAULT 'Resident Key Manager' NOT NULL
/

-- am-app-key-mapping-app-info (AM_APPLICATION_KEY_MAPPING): application info of each application key
ALTER TABLE AM_APPLICATION_KEY_MAPPING ADD COLUMN APP_INFO BLOB
/

-- am-app-key-mapping-unique (AM_APPLICATION_KEY_MAPPING): application keys unique per key manager
ALTER TABLE AM_APPLICATION_KEY_MAPPING ADD UNIQUE (APPLICATION_ID, KEY_TYPE, KEY_MANAGER)
/

-- am-app-key-mapping-pk-drop (AM_APPLICATION_KEY_MAPPING): old primary key without the key manager dropped
ALTER TABLE AM_APPLICATION_KEY_MAPPING DROP PRIMARY KEY
/

-- am-workflows-wf-metadata (AM_WORKFLOWS): workflow metadata
ALTER TABLE AM_WORKFLOWS ADD COLUMN WF_METADATA BLOB
/

-- am-workflows-wf-properties (AM_WORKFLOWS): workflow properties
ALTER TABLE AM_WORKFLOWS ADD COLUMN WF_PROPERTIES BLOB
/

-- am-subscription-tier-id-pending (AM_SUBSCRIPTION): pending tier of a subscription
ALTER TABLE AM_SUBSCRIPTION ADD COLUMN TIER_ID_PENDING VARCHAR(50)
/

-- am-policy-subscription-max-complexity (AM_POLICY_SUBSCRIPTION): GraphQL query complexity limit
ALTER TABLE AM_POLICY_SUBSCRIPTION ADD COLUMN MAX_COMPLEXITY INTEGER DEFAULT 0 NOT NULL
/

-- am-policy-subscription-max-depth (AM_POLICY_SUBSCRIPTION): GraphQL query depth limit
ALTER TABLE AM_POLICY_SUBSCRIPTION ADD COLUMN MAX_DEPTH INTEGER DEFAULT 0 NOT NULL
/

-- am-api-resource-scope-mapping (AM_API_RESOURCE_SCOPE_MAPPING): API resource to scope mapping table
CREATE TABLE AM_API_RESOURCE_SCOPE_MAPPING (
    SCOPE_NAME VARCHAR(256) NOT NULL,
    URL_MAPPING_ID INTEGER NOT NULL,
    TENANT_ID INTEGER NOT NULL,
    PRIMARY KEY (SCOPE_NAME, URL_MAPPING_ID),
    FOREIGN KEY (URL_MAPPING_ID) REFERENCES AM_API_URL_MAPPING (URL_MAPPING_ID) ON DELETE CASCADE
)
/

-- am-shared-scope (AM_SHARED_SCOPE): shared scopes table
CREATE TABLE AM_SHARED_SCOPE (
    NAME VARCHAR(255),
    UUID VARCHAR(256) NOT NULL,
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
    UUID VARCHAR(256) NOT NULL,
    API_ID INTEGER NOT NULL,
    TYPE VARCHAR(256) NOT NULL,
    FIELD VARCHAR(256) NOT NULL,
    COMPLEXITY_VALUE INTEGER,
    PRIMARY KEY (UUID),
    UNIQUE (API_ID, TYPE, FIELD),
    FOREIGN KEY (API_ID) REFERENCES AM_API (API_ID) ON DELETE CASCADE
)
/

-- am-scope (AM_SCOPE): API-M scopes table
CREATE TABLE AM_SCOPE (
    SCOPE_ID INTEGER GENERATED BY DEFAULT AS IDENTITY (START WITH 1 INCREMENT BY 1) NOT NULL,
    NAME VARCHAR(255) NOT NULL,
    DISPLAY_NAME VARCHAR(255) NOT NULL,
    DESCRIPTION VARCHAR(512),
    TENANT_ID INTEGER DEFAULT -1 NOT NULL,
    SCOPE_TYPE VARCHAR(255) NOT NULL,
    PRIMARY KEY (SCOPE_ID)
)
/

-- am-scope-trigger (AM_SCOPE): trigger numbering AM_SCOPE.SCOPE_ID
BEGIN
    DECLARE n INTEGER;
    SELECT COUNT(*) INTO n FROM SYSCAT.SEQUENCES
        WHERE SEQSCHEMA = CURRENT SCHEMA AND SEQNAME = 'AM_SCOPE_SEQUENCE';
    IF n = 0 THEN
        EXECUTE IMMEDIATE 'CREATE SEQUENCE AM_SCOPE_SEQUENCE START WITH 1 INCREMENT BY 1 NOCACHE';
    END IF;
END
/
CREATE TRIGGER AM_SCOPE_TRIGGER NO CASCADE BEFORE INSERT ON AM_SCOPE
    REFERENCING NEW AS NEW FOR EACH ROW MODE DB2SQL
    WHEN (NEW.SCOPE_ID IS NULL)
    SET NEW.SCOPE_ID = NEXTVAL FOR AM_SCOPE_SEQUENCE
/

-- am-scope-binding (AM_SCOPE_BINDING): API-M scope bindings table
CREATE TABLE AM_SCOPE_BINDING (
    SCOPE_ID INTEGER NOT NULL,
    SCOPE_BINDING VARCHAR(255) NOT NULL,
    BINDING_TYPE VARCHAR(255) NOT NULL,
    FOREIGN KEY (SCOPE_ID) REFERENCES AM_SCOPE (SCOPE_ID) ON DELETE CASCADE
)
/

-- idn-oauth-consumer-apps-callback-url-fill (IDN_OAUTH_CONSUMER_APPS): no NULL OAuth callback URL
UPDATE IDN_OAUTH_CONSUMER_APPS SET CALLBACK_URL = '' WHERE CALLBACK_URL IS NULL
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

-- amdelta plan: SHARED_DB, db2, offline from 3.0.0: 0 steps, 0 statements
-- the expected 3.0.0 catalog stands in for the database: keys to drop are found at run time by table and columns

-- not planned: registry versioning clean-up: only for an installation that ran 3.0.0 with registry versioning on (the guide's 'Preparing for Migration'); run only with --registry-xml naming that registry.xml, or --registry-cleanup:
--   reg-versioning-cleanup (REG_RESOURCE_PROPERTY)

-- not planned: made by WSO2's identity migration client (the guide's step 2.5), not by the database script; amdelta only verifies it:
--   um-uuid-domain-mapper (UM_UUID_DOMAIN_MAPPER)
--   um-uuid-domain-mapper-idx (UM_UUID_DOMAIN_MAPPER)
--   um-user-user-id (UM_USER)
--   um-user-user-id-unique (UM_USER)

-- amdelta plan: APIM_ANALYTICS_DB, db2, offline from 3.0.0: 2 steps, 4 statements
-- the expected 3.0.0 catalog stands in for the database: keys to drop are found at run time by table and columns
-- run with: db2 -td/ -vsf FILE

-- apilastaccesssummary-pk-drop (APILASTACCESSSUMMARY): old last access summary key without the API version dropped
ALTER TABLE APILASTACCESSSUMMARY DROP PRIMARY KEY
/

-- apilastaccesssummary-pk (APILASTACCESSSUMMARY): last access summary per API version
ALTER TABLE APILASTACCESSSUMMARY ALTER COLUMN APIVERSION SET NOT NULL
/
CALL SYSPROC.ADMIN_CMD('REORG TABLE APILASTACCESSSUMMARY')
/
ALTER TABLE APILASTACCESSSUMMARY ADD PRIMARY KEY (APINAME, APICREATOR, APIVERSION, APICREATORTENANTDOMAIN)
/
