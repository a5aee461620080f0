/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "cm-rule"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "cm-rule-private.h"

struct _CmRule
{
  GObject         parent_instance;

  char           *code;
  char           *title;
  char           *description;
  char           *category;
  char           *source;
  CmRuleSeverity  severity;
  CmRuleKind      kind;
  char           *check;
  GDate           valid_from;
  GDate           valid_until;
  JsonObject     *parameters;
};

G_DEFINE_FINAL_TYPE (CmRule, cm_rule, G_TYPE_OBJECT)

static const char * const severity_names[] = {
  "observation", "warning", "suspension", "closure",
};

static void
cm_rule_finalize (GObject *object)
{
  CmRule *self = (CmRule *)object;

  g_free (self->code);
  g_free (self->title);
  g_free (self->description);
  g_free (self->category);
  g_free (self->source);
  g_free (self->check);
  g_clear_pointer (&self->parameters, json_object_unref);

  G_OBJECT_CLASS (cm_rule_parent_class)->finalize (object);
}

static void
cm_rule_class_init (CmRuleClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cm_rule_finalize;
}

static void
cm_rule_init (CmRule *self)
{
  g_date_clear (&self->valid_from, 1);
  g_date_clear (&self->valid_until, 1);
}

CmRule *
_cm_rule_new (const char     *code,
              const char     *title,
              const char     *description,
              const char     *category,
              const char     *source,
              CmRuleSeverity  severity,
              CmRuleKind      kind,
              const char     *check,
              const GDate    *valid_from,
              const GDate    *valid_until,
              JsonObject     *parameters)
{
  CmRule *self = g_object_new (CM_TYPE_RULE, NULL);

  self->code = g_strdup (code);
  self->title = g_strdup (title);
  self->description = g_strdup (description);
  self->category = g_strdup (category);
  self->source = g_strdup (source);
  self->severity = severity;
  self->kind = kind;
  self->check = g_strdup (check);
  if (valid_from != NULL && g_date_valid (valid_from))
    self->valid_from = *valid_from;
  if (valid_until != NULL && g_date_valid (valid_until))
    self->valid_until = *valid_until;
  self->parameters = parameters != NULL ? json_object_ref (parameters) : json_object_new ();

  return self;
}

const char *
cm_rule_get_code (CmRule *self)
{
  g_return_val_if_fail (CM_IS_RULE (self), NULL);
  return self->code;
}

const char *
cm_rule_get_title (CmRule *self)
{
  g_return_val_if_fail (CM_IS_RULE (self), NULL);
  return self->title;
}

const char *
cm_rule_get_description (CmRule *self)
{
  g_return_val_if_fail (CM_IS_RULE (self), NULL);
  return self->description;
}

const char *
cm_rule_get_category (CmRule *self)
{
  g_return_val_if_fail (CM_IS_RULE (self), NULL);
  return self->category;
}

const char *
cm_rule_get_source (CmRule *self)
{
  g_return_val_if_fail (CM_IS_RULE (self), NULL);
  return self->source;
}

CmRuleSeverity
cm_rule_get_severity (CmRule *self)
{
  g_return_val_if_fail (CM_IS_RULE (self), CM_RULE_SEVERITY_OBSERVATION);
  return self->severity;
}

CmRuleKind
cm_rule_get_kind (CmRule *self)
{
  g_return_val_if_fail (CM_IS_RULE (self), CM_RULE_KIND_CHECKLIST);
  return self->kind;
}

const char *
cm_rule_get_check (CmRule *self)
{
  g_return_val_if_fail (CM_IS_RULE (self), NULL);
  return self->check;
}

const GDate *
cm_rule_get_valid_from (CmRule *self)
{
  g_return_val_if_fail (CM_IS_RULE (self), NULL);
  return &self->valid_from;
}

const GDate *
cm_rule_get_valid_until (CmRule *self)
{
  g_return_val_if_fail (CM_IS_RULE (self), NULL);
  return &self->valid_until;
}

/**
 * cm_rule_is_in_force:
 * @self: a #CmRule
 * @date: a valid date
 *
 * Returns: %TRUE when @date falls between the version's first and last day
 *   in force, both included (an open end is no limit)
 */
gboolean
cm_rule_is_in_force (CmRule      *self,
                     const GDate *date)
{
  g_return_val_if_fail (CM_IS_RULE (self), FALSE);
  g_return_val_if_fail (date != NULL && g_date_valid (date), FALSE);

  if (g_date_valid (&self->valid_from) && g_date_compare (date, &self->valid_from) < 0)
    return FALSE;
  if (g_date_valid (&self->valid_until) && g_date_compare (date, &self->valid_until) > 0)
    return FALSE;

  return TRUE;
}

/**
 * cm_rule_has_param:
 * @self: a #CmRule
 * @name: a parameter's name
 *
 * Returns: %TRUE when the version gives @name a value (not null)
 */
gboolean
cm_rule_has_param (CmRule     *self,
                   const char *name)
{
  JsonNode *node;

  g_return_val_if_fail (CM_IS_RULE (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  node = json_object_get_member (self->parameters, name);
  return node != NULL && !JSON_NODE_HOLDS_NULL (node);
}

/**
 * cm_rule_get_param_double:
 * @self: a #CmRule
 * @name: a parameter's name
 * @fallback: the value when the version gives none
 *
 * Returns: the parameter's value as a number, or @fallback
 */
double
cm_rule_get_param_double (CmRule     *self,
                          const char *name,
                          double      fallback)
{
  JsonNode *node;
  GType type;

  g_return_val_if_fail (CM_IS_RULE (self), fallback);
  g_return_val_if_fail (name != NULL, fallback);

  node = json_object_get_member (self->parameters, name);
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return fallback;

  type = json_node_get_value_type (node);
  if (type == G_TYPE_INT64 || type == G_TYPE_DOUBLE)
    return json_node_get_double (node);

  return fallback;
}

/**
 * cm_rule_get_param_string:
 * @self: a #CmRule
 * @name: a parameter's name
 *
 * Returns: (nullable): the parameter's value when it is text, or %NULL
 */
const char *
cm_rule_get_param_string (CmRule     *self,
                          const char *name)
{
  JsonNode *node;

  g_return_val_if_fail (CM_IS_RULE (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  node = json_object_get_member (self->parameters, name);
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

JsonObject *
cm_rule_get_parameters (CmRule *self)
{
  g_return_val_if_fail (CM_IS_RULE (self), NULL);
  return self->parameters;
}

/**
 * cm_rule_severity_to_string:
 * @severity: a severity
 *
 * Returns: the name the rulebook and the database use: "observation",
 *   "warning", "suspension" or "closure"
 */
const char *
cm_rule_severity_to_string (CmRuleSeverity severity)
{
  g_return_val_if_fail ((guint) severity < G_N_ELEMENTS (severity_names), NULL);
  return severity_names[severity];
}

/**
 * cm_rule_severity_from_string:
 * @name: a severity's name, as cm_rule_severity_to_string() gives it
 * @severity: (out): the severity
 *
 * Returns: %TRUE when @name is a severity
 */
gboolean
cm_rule_severity_from_string (const char     *name,
                              CmRuleSeverity *severity)
{
  for (guint i = 0; name != NULL && i < G_N_ELEMENTS (severity_names); i++)
    if (strcmp (severity_names[i], name) == 0)
      {
        *severity = (CmRuleSeverity) i;
        return TRUE;
      }

  return FALSE;
}

/**
 * cm_rule_severity_get_label:
 * @severity: a severity
 *
 * Returns: the severity in words, translated
 */
const char *
cm_rule_severity_get_label (CmRuleSeverity severity)
{
  switch (severity)
    {
    case CM_RULE_SEVERITY_OBSERVATION:
      return C_("severity", "Observation");
    case CM_RULE_SEVERITY_WARNING:
      return C_("severity", "Warning");
    case CM_RULE_SEVERITY_SUSPENSION:
      return C_("severity", "Cause for suspension");
    case CM_RULE_SEVERITY_CLOSURE:
      return C_("severity", "Cause for permanent closure");
    default:
      g_return_val_if_reached (NULL);
    }
}

const char *
cm_rule_kind_to_string (CmRuleKind kind)
{
  return kind == CM_RULE_KIND_AUTOMATIC ? "automatic" : "checklist";
}
