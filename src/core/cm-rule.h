/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* One version of one operating rule, as a rulebook (cm-rulebook.h) holds it:
 * immutable once loaded. */

typedef enum
{
  CM_RULE_SEVERITY_OBSERVATION,
  CM_RULE_SEVERITY_WARNING,
  CM_RULE_SEVERITY_SUSPENSION,   /* cause for suspension */
  CM_RULE_SEVERITY_CLOSURE,      /* cause for permanent closure */
} CmRuleSeverity;

typedef enum
{
  CM_RULE_KIND_AUTOMATIC,        /* computed from a period's reports */
  CM_RULE_KIND_CHECKLIST,        /* answered by a person during a visit */
} CmRuleKind;

#define CM_TYPE_RULE (cm_rule_get_type ())
G_DECLARE_FINAL_TYPE (CmRule, cm_rule, CM, RULE, GObject)

const char     *cm_rule_get_code          (CmRule     *self);
const char     *cm_rule_get_title         (CmRule     *self);   /* Spanish */
const char     *cm_rule_get_description   (CmRule     *self);   /* Spanish */
const char     *cm_rule_get_category      (CmRule     *self);   /* Spanish */
/* Where the rule comes from (a law, the operating rules, "por confirmar"), or NULL. */
const char     *cm_rule_get_source        (CmRule     *self);
CmRuleSeverity  cm_rule_get_severity      (CmRule     *self);
CmRuleKind      cm_rule_get_kind          (CmRule     *self);
/* The automatic check that implements the rule ("daily_report", ...), or NULL
 * for a checklist rule. */
const char     *cm_rule_get_check         (CmRule     *self);
/* First and last day in force; an invalid GDate is an open end. */
const GDate    *cm_rule_get_valid_from    (CmRule     *self);
const GDate    *cm_rule_get_valid_until   (CmRule     *self);
gboolean        cm_rule_is_in_force       (CmRule     *self,
                                           const GDate *date);
gboolean        cm_rule_has_param         (CmRule     *self,
                                           const char *name);
double          cm_rule_get_param_double  (CmRule     *self,
                                           const char *name,
                                           double      fallback);
const char     *cm_rule_get_param_string  (CmRule     *self,
                                           const char *name);
/* Every parameter as the rulebook gives it (values may be null: declared,
 * not confirmed). Borrowed; do not change it. */
JsonObject     *cm_rule_get_parameters    (CmRule     *self);

const char     *cm_rule_severity_to_string (CmRuleSeverity severity); /* "observation", ... */
const char     *cm_rule_severity_get_label (CmRuleSeverity severity); /* translated */
gboolean        cm_rule_severity_from_string (const char     *name,
                                              CmRuleSeverity *severity);
const char     *cm_rule_kind_to_string     (CmRuleKind     kind);     /* "automatic", "checklist" */

G_END_DECLS
