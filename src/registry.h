/*
 * registry: the registry versioning flags of an API Manager registry.xml
 * (repository/conf/registry.xml of a 3.0.0 pack), the config file that
 * decides whether SHARED_DB needs the guide's versioning clean-up.
 *
 *   <wso2registry>
 *     ...
 *     <staticConfiguration>
 *       <versioningProperties>false</versioningProperties>
 *       <versioningComments>false</versioningComments>
 *       <versioningTags>false</versioningTags>
 *       <versioningRatings>false</versioningRatings>
 *       <servicePath>/trunk/services/</servicePath>
 *     </staticConfiguration>
 *   </wso2registry>
 *
 * The file is read through xmldoc (no network, no grammar).  Flags are read
 * only from <staticConfiguration> children of the root; an element of the
 * same name elsewhere is ignored.  Every <staticConfiguration> child of the
 * root counts, so a flag set in two of them is a flag given twice.  Other
 * children of <staticConfiguration> (servicePath, profilesPath,
 * versioningAssociations) are ignored.
 *
 * A flag's value is its text content with blanks trimmed, "true" or
 * "false" in any case.  The registry kernel itself (carbon-kernel's
 * RegistryConfigurationProcessor) is stricter: it sets a flag to
 * getText().equals("true"), so " TRUE " is false there and anything else
 * than "true" too.  amdelta reads " TRUE " as true and refuses "yes": it
 * may over-report versioning, never under-report it.
 *
 * Default: in the registry kernel an absent flag is false, not true (the
 * static fields of org.wso2.carbon.registry.core.config.StaticConfiguration
 * start false and the processor only sets the flags it finds; the product's
 * 3.0.0 and 3.2.0 registry.xml both say false explicitly).  amdelta still
 * reports an absent flag as REG_FLAG_ABSENT and leaves the decision to the
 * caller: see registry_versioning_on().
 */
#ifndef AMDELTA_REGISTRY_H
#define AMDELTA_REGISTRY_H

#include "util.h"

/* tri-state per flag */
enum reg_flag { REG_FLAG_ABSENT = -1, REG_FLAG_FALSE = 0, REG_FLAG_TRUE = 1 };

/* The four <staticConfiguration> versioning flags of one registry.xml. */
struct registry_versioning {
	int properties, comments, tags, ratings;   /* enum reg_flag each */
};

/* Reads path; fills *out. Returns 0, or -1 with "path:line: message" in err (not an XML file,
 * no <wso2registry> root, a flag whose text is not true/false (case-insensitive, blanks trimmed),
 * a flag given twice). The root element is wso2registry; flags are read only from
 * wso2registry/staticConfiguration.
 * On -1 every flag of *out is REG_FLAG_ABSENT; err gets the first semantic
 * error only (xmldoc's lines for a file libxml2 cannot parse; "path: cannot
 * read the file: ..." for a missing file).  Nothing is allocated for the
 * caller but err's text. */
int registry_versioning_read(const char *path, struct registry_versioning *out, struct strbuf *err);

/* 1 when any flag is true, 0 when every flag present is false and at least one is present,
 * -1 when none is present.  -1 is kept distinct on purpose: the registry
 * kernel's default for an absent flag is false (see the top of this file),
 * so a caller that follows the kernel treats -1 as off, but a registry.xml
 * with no versioning flags at all is unusual enough to be worth saying.
 * A mix of false and absent flags is 0: an absent flag is never true. */
int registry_versioning_on(const struct registry_versioning *v);

/* Appends "properties=true comments=false ..." to sb: all four flags in
 * this order, one blank between them, each true, false or absent, as in
 * "properties=true comments=false tags=absent ratings=false". */
void registry_versioning_describe(const struct registry_versioning *v, struct strbuf *sb);

#endif
