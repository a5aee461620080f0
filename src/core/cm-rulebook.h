/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "cm-db.h"
#include "cm-rule.h"

G_BEGIN_DECLS

/* The programme's operating rules, as data (data/rules/, format in its
 * README.md). A rulebook is one JSON file with an edition; each rule has a
 * code and one or more versions, each valid over a span of dates that never
 * overlaps another version of the same rule. A CmRule is one such version. */

#define CM_RULEBOOK_ERROR (cm_rulebook_error_quark ())

typedef enum
{
  CM_RULEBOOK_ERROR_SYNTAX,            /* not JSON, or not the shape of a rulebook */
  CM_RULEBOOK_ERROR_INVALID,           /* a field missing, empty or of the wrong type */
  CM_RULEBOOK_ERROR_DUPLICATE,         /* two rules with one code */
  CM_RULEBOOK_ERROR_UNKNOWN_KIND,      /* a kind, severity or automatic check we do not know */
  CM_RULEBOOK_ERROR_UNKNOWN_PARAMETER, /* a parameter the rule's check does not take */
  CM_RULEBOOK_ERROR_OVERLAP,           /* two versions of a rule in force on one day */
  CM_RULEBOOK_ERROR_DATES,             /* a version that ends before it begins */
  CM_RULEBOOK_ERROR_NOT_FOUND,         /* no stored rulebook has that id */
} CmRulebookError;

#define CM_TYPE_RULEBOOK (cm_rulebook_get_type ())
G_DECLARE_FINAL_TYPE (CmRulebook, cm_rulebook, CM, RULEBOOK, GObject)

GQuark      cm_rulebook_error_quark     (void);

CmRulebook *cm_rulebook_new_from_bytes  (GBytes      *json,
                                         GError     **error);
CmRulebook *cm_rulebook_new_from_file   (GFile       *file,
                                         GError     **error);
/* The rulebook shipped with Comedores (a resource); it always loads. */
CmRulebook *cm_rulebook_new_default     (void);

const char *cm_rulebook_get_edition     (CmRulebook  *self);
const char *cm_rulebook_get_sha256      (CmRulebook  *self);   /* of its bytes */
GBytes     *cm_rulebook_get_bytes       (CmRulebook  *self);
/* Every version of every rule, in file order. */
GPtrArray  *cm_rulebook_get_rules       (CmRulebook  *self);
/* The rules of @kind in force on @date, in file order, as a new array of
 * borrowed CmRule. */
GPtrArray  *cm_rulebook_rules_in_force  (CmRulebook  *self,
                                         const GDate *date,
                                         CmRuleKind   kind);
/* Every version of @code, oldest first (borrowed), or NULL for an unknown code. */
GPtrArray  *cm_rulebook_get_versions    (CmRulebook  *self,
                                         const char  *code);
/* The version of @code in force on @date, or NULL. */
CmRule     *cm_rulebook_lookup          (CmRulebook  *self,
                                         const char  *code,
                                         const GDate *date);

/* The rulebook table keeps every rulebook ever used, since reviews name
 * theirs. store() adds this one (or finds it by hash) and makes it the one in
 * use; load_in_use() gives the one in use, storing the default on first use. */
gboolean    cm_rulebook_store           (CmRulebook  *self,
                                         CmDb        *db,
                                         gint64      *out_id,
                                         GError     **error);
CmRulebook *cm_rulebook_load_in_use     (CmDb        *db,
                                         gint64      *out_id,
                                         GError     **error);
CmRulebook *cm_rulebook_load_by_id      (CmDb        *db,
                                         gint64       id,
                                         GError     **error);

G_END_DECLS
