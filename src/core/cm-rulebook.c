/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "cm-rulebook"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "cm-check-catalog.h"
#include "cm-core-resources.h"
#include "cm-rule-private.h"
#include "cm-rulebook-private.h"
#include "cm-text.h"

/* A rulebook is read whole and checked before anything uses it: a rule
 * whose check or parameter is misspelt would otherwise be silently skipped,
 * and a kitchen judged by a rule that is not the one written. The format is
 * described in data/rules/README.md. */

#define RULEBOOK_FORMAT        1
#define DEFAULT_RULEBOOK_PATH  RESOURCE_PREFIX "/rules/reglas-operacion.json"

struct _CmRulebook
{
  GObject     parent_instance;

  GBytes     *bytes;
  char       *sha256;
  char       *edition;
  char       *description;
  GPtrArray  *rules;      /* CmRule, every version, in file order */
  GHashTable *by_code;    /* code → GPtrArray of CmRule, oldest first */
};

G_DEFINE_FINAL_TYPE (CmRulebook, cm_rulebook, G_TYPE_OBJECT)

G_DEFINE_QUARK (cm-rulebook-error-quark, cm_rulebook_error)

static void
cm_rulebook_finalize (GObject *object)
{
  CmRulebook *self = (CmRulebook *)object;

  g_clear_pointer (&self->bytes, g_bytes_unref);
  g_free (self->sha256);
  g_free (self->edition);
  g_free (self->description);
  g_clear_pointer (&self->rules, g_ptr_array_unref);
  g_clear_pointer (&self->by_code, g_hash_table_unref);

  G_OBJECT_CLASS (cm_rulebook_parent_class)->finalize (object);
}

static void
cm_rulebook_class_init (CmRulebookClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cm_rulebook_finalize;
}

static void
cm_rulebook_init (CmRulebook *self)
{
  self->rules = g_ptr_array_new_with_free_func (g_object_unref);
  self->by_code = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                         (GDestroyNotify) g_ptr_array_unref);
}

/* Reading. */

static gboolean
fail (GError          **error,
      CmRulebookError   code,
      const char       *format,
      ...) G_GNUC_PRINTF (3, 4);

static gboolean
fail (GError          **error,
      CmRulebookError   code,
      const char       *format,
      ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_set_error_literal (error, CM_RULEBOOK_ERROR, code, message);

  return FALSE;
}

static gboolean
check_keys (JsonObject          *object,
            const char * const  *known,
            const char          *code,
            GError             **error)
{
  g_autoptr(GList) members = json_object_get_members (object);

  for (GList *l = members; l != NULL; l = l->next)
    if (!g_strv_contains (known, l->data))
      {
        if (code != NULL)
          return fail (error, CM_RULEBOOK_ERROR_INVALID,
                       _("Rule “%s” has an unknown field “%s”."),
                       code, (const char *) l->data);
        return fail (error, CM_RULEBOOK_ERROR_INVALID,
                     _("The rulebook has an unknown field “%s”."), (const char *) l->data);
      }

  return TRUE;
}

/* A member that is absent or null gives NULL and TRUE; one of another type
 * fails. */
static gboolean
get_optional_string (JsonObject  *object,
                     const char  *name,
                     const char **value)
{
  JsonNode *node = json_object_get_member (object, name);

  *value = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return FALSE;

  *value = json_node_get_string (node);
  return TRUE;
}

static gboolean
is_blank (const char *text)
{
  if (text == NULL)
    return TRUE;
  for (; *text != '\0'; text++)
    if (!g_ascii_isspace (*text))
      return FALSE;
  return TRUE;
}

/* Letters, digits, '.', '_' and '-': codes are printed, typed and used in
 * file names. */
static gboolean
is_valid_code (const char *code)
{
  if (code == NULL || *code == '\0' || strlen (code) > 32)
    return FALSE;
  for (const char *p = code; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_' && *p != '.')
      return FALSE;
  return TRUE;
}

/* A text field of a rule or of one of its versions: the version's own, or
 * the rule's. */
static gboolean
read_text (JsonObject  *rule,
           JsonObject  *version,
           const char  *name,
           const char  *code,
           gboolean     required,
           const char **value,
           GError     **error)
{
  const char *from_rule = NULL, *from_version = NULL;

  if (!get_optional_string (rule, name, &from_rule) ||
      (version != NULL && !get_optional_string (version, name, &from_version)))
    return fail (error, CM_RULEBOOK_ERROR_INVALID,
                 _("Rule “%s”: the field “%s” must be text."), code, name);

  *value = from_version != NULL ? from_version : from_rule;
  if (required && is_blank (*value))
    return fail (error, CM_RULEBOOK_ERROR_INVALID,
                 _("Rule “%s” has no “%s”."), code, name);

  return TRUE;
}

static gboolean
read_date (JsonObject  *version,
           const char  *name,
           const char  *code,
           GDate       *date,
           GError     **error)
{
  const char *text = NULL;

  g_date_clear (date, 1);
  if (!get_optional_string (version, name, &text) ||
      (text != NULL && (strlen (text) != 10 || !cm_text_parse_date (text, date))))
    return fail (error, CM_RULEBOOK_ERROR_INVALID,
                 _("Rule “%s”: “%s” must be a date written as YYYY-MM-DD, or null."),
                 code, name);

  return TRUE;
}

static gboolean
is_time (const char *text)
{
  return strlen (text) == 5 && g_ascii_isdigit (text[0]) && g_ascii_isdigit (text[1]) &&
         text[2] == ':' && g_ascii_isdigit (text[3]) && g_ascii_isdigit (text[4]) &&
         (text[0] - '0') * 10 + (text[1] - '0') < 24 && text[3] < '6';
}

static gboolean
read_parameters (JsonObject         *version,
                 const CmCheckInfo  *info,
                 const char         *code,
                 JsonObject        **out,
                 GError            **error)
{
  JsonNode *node = json_object_get_member (version, "parameters");
  g_autoptr(GList) members = NULL;
  JsonObject *parameters;

  *out = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    parameters = json_object_new ();
  else if (JSON_NODE_HOLDS_OBJECT (node))
    parameters = json_object_ref (json_node_get_object (node));
  else
    return fail (error, CM_RULEBOOK_ERROR_INVALID,
                 _("Rule “%s”: “parameters” must be a JSON object."), code);

  members = json_object_get_members (parameters);
  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *name = l->data;
      const CmCheckParam *param = cm_check_catalog_find_param (info, name);
      JsonNode *value = json_object_get_member (parameters, name);

      if (param == NULL)
        {
          json_object_unref (parameters);
          if (g_strcmp0 (info->name, CM_CHECK_CATALOG_CHECKLIST) == 0)
            return fail (error, CM_RULEBOOK_ERROR_UNKNOWN_PARAMETER,
                         _("Rule “%s”: checklist rules take no parameter “%s”."), code, name);
          return fail (error, CM_RULEBOOK_ERROR_UNKNOWN_PARAMETER,
                       _("Rule “%s”: the check “%s” takes no parameter “%s”."),
                       code, info->name, name);
        }

      if (JSON_NODE_HOLDS_NULL (value) && !param->required)
        continue;

      if (param->type == CM_CHECK_PARAM_NUMBER &&
          (!JSON_NODE_HOLDS_VALUE (value) ||
           (json_node_get_value_type (value) != G_TYPE_INT64 &&
            json_node_get_value_type (value) != G_TYPE_DOUBLE) ||
           json_node_get_double (value) < param->min))
        {
          json_object_unref (parameters);
          return fail (error, CM_RULEBOOK_ERROR_INVALID,
                       _("Rule “%s”: the parameter “%s” must be a number, at least %g."),
                       code, name, param->min);
        }

      if (param->type == CM_CHECK_PARAM_TIME &&
          (!JSON_NODE_HOLDS_VALUE (value) || json_node_get_value_type (value) != G_TYPE_STRING ||
           !is_time (json_node_get_string (value))))
        {
          json_object_unref (parameters);
          return fail (error, CM_RULEBOOK_ERROR_INVALID,
                       _("Rule “%s”: the parameter “%s” must be a time written as HH:MM."),
                       code, name);
        }
    }

  for (const CmCheckParam *p = info->params; p->name != NULL; p++)
    {
      JsonNode *value = json_object_get_member (parameters, p->name);

      if (p->required && (value == NULL || JSON_NODE_HOLDS_NULL (value)))
        {
          json_object_unref (parameters);
          return fail (error, CM_RULEBOOK_ERROR_INVALID,
                       _("Rule “%s”: the check “%s” needs the parameter “%s” in every version."),
                       code, info->name, p->name);
        }
    }

  *out = parameters;
  return TRUE;
}

static char *
describe_start (const GDate *date)
{
  char buf[16];

  if (!g_date_valid (date))
    return g_strdup (_("the beginning"));

  g_snprintf (buf, sizeof buf, "%04u-%02u-%02u", g_date_get_year (date),
              g_date_get_month (date), g_date_get_day (date));
  return g_strdup (buf);
}

/* Oldest first; an open start is the oldest of all. */
static int
compare_versions (gconstpointer a,
                  gconstpointer b)
{
  const GDate *da = cm_rule_get_valid_from (*(CmRule **) a);
  const GDate *db = cm_rule_get_valid_from (*(CmRule **) b);

  if (!g_date_valid (da))
    return g_date_valid (db) ? -1 : 0;
  if (!g_date_valid (db))
    return 1;
  return g_date_compare (da, db);
}

static gboolean
check_overlaps (GPtrArray   *versions,
                const char  *code,
                GError     **error)
{
  g_ptr_array_sort (versions, compare_versions);

  for (guint i = 1; i < versions->len; i++)
    {
      CmRule *prev = g_ptr_array_index (versions, i - 1);
      CmRule *cur = g_ptr_array_index (versions, i);
      const GDate *prev_until = cm_rule_get_valid_until (prev);
      const GDate *cur_from = cm_rule_get_valid_from (cur);

      if (!g_date_valid (prev_until) || !g_date_valid (cur_from) ||
          g_date_compare (prev_until, cur_from) >= 0)
        {
          g_autofree char *a = describe_start (cm_rule_get_valid_from (prev));
          g_autofree char *b = describe_start (cur_from);

          return fail (error, CM_RULEBOOK_ERROR_OVERLAP,
                       _("Rule “%s”: its version in force from %s and its version in force "
                         "from %s overlap; a version must end before the next one begins."),
                       code, a, b);
        }
    }

  return TRUE;
}

static gboolean
read_rule (CmRulebook  *self,
           JsonNode    *node,
           guint        position,
           GHashTable  *positions,
           GError     **error)
{
  static const char * const rule_keys[] = {
    "code", "title", "description", "category", "source", "kind", "check", "severity",
    "versions", NULL,
  };
  static const char * const version_keys[] = {
    "valid_from", "valid_until", "title", "description", "source", "severity", "parameters",
    NULL,
  };
  g_autoptr(GPtrArray) versions = NULL;
  JsonObject *rule;
  JsonNode *versions_node;
  JsonArray *array;
  const char *code, *kind_name, *check, *category;
  const CmCheckInfo *info;
  CmRuleKind kind;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return fail (error, CM_RULEBOOK_ERROR_SYNTAX,
                 _("Rule number %u is not a JSON object."), position);
  rule = json_node_get_object (node);

  if (!get_optional_string (rule, "code", &code) || code == NULL)
    return fail (error, CM_RULEBOOK_ERROR_INVALID, _("Rule number %u has no code."), position);
  if (!is_valid_code (code))
    return fail (error, CM_RULEBOOK_ERROR_INVALID,
                 _("Rule number %u: the code “%s” must be 1 to 32 letters, digits, "
                   "dots, hyphens or underscores."), position, code);

  if (g_hash_table_contains (positions, code))
    return fail (error, CM_RULEBOOK_ERROR_DUPLICATE,
                 _("Rule “%s” appears twice (rules number %u and %u). Each rule has one "
                   "code; its changes over time are versions in its “versions”."),
                 code, GPOINTER_TO_UINT (g_hash_table_lookup (positions, code)), position);
  g_hash_table_insert (positions, (gpointer) code, GUINT_TO_POINTER (position));

  if (!check_keys (rule, rule_keys, code, error))
    return FALSE;

  if (!get_optional_string (rule, "kind", &kind_name) || kind_name == NULL)
    return fail (error, CM_RULEBOOK_ERROR_INVALID, _("Rule “%s” has no “%s”."), code, "kind");
  if (strcmp (kind_name, "automatic") == 0)
    kind = CM_RULE_KIND_AUTOMATIC;
  else if (strcmp (kind_name, "checklist") == 0)
    kind = CM_RULE_KIND_CHECKLIST;
  else
    return fail (error, CM_RULEBOOK_ERROR_UNKNOWN_KIND,
                 _("Rule “%s”: the kind “%s” is unknown; it is “automatic” or “checklist”."),
                 code, kind_name);

  if (!get_optional_string (rule, "check", &check))
    return fail (error, CM_RULEBOOK_ERROR_INVALID,
                 _("Rule “%s”: the field “%s” must be text."), code, "check");
  if (kind == CM_RULE_KIND_AUTOMATIC)
    {
      if (check == NULL)
        return fail (error, CM_RULEBOOK_ERROR_INVALID,
                     _("Rule “%s” is automatic but names no “check”."), code);
      info = cm_check_catalog_lookup (check);
      if (info == NULL || strcmp (check, CM_CHECK_CATALOG_CHECKLIST) == 0)
        return fail (error, CM_RULEBOOK_ERROR_UNKNOWN_KIND,
                     _("Rule “%s”: Comedores has no automatic check “%s”."), code, check);
    }
  else
    {
      if (check != NULL)
        return fail (error, CM_RULEBOOK_ERROR_INVALID,
                     _("Rule “%s” is answered on a visit and cannot name an automatic check."),
                     code);
      info = cm_check_catalog_lookup (CM_CHECK_CATALOG_CHECKLIST);
    }

  if (!read_text (rule, NULL, "category", code, TRUE, &category, error))
    return FALSE;

  versions_node = json_object_get_member (rule, "versions");
  if (versions_node == NULL || !JSON_NODE_HOLDS_ARRAY (versions_node) ||
      json_array_get_length (json_node_get_array (versions_node)) == 0)
    return fail (error, CM_RULEBOOK_ERROR_INVALID,
                 _("Rule “%s” needs “versions”: a list of at least one version."), code);
  array = json_node_get_array (versions_node);

  versions = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *vnode = json_array_get_element (array, i);
      g_autoptr(JsonObject) parameters = NULL;
      JsonObject *version;
      const char *title, *description, *source, *severity_name;
      CmRuleSeverity severity;
      GDate from, until;

      if (!JSON_NODE_HOLDS_OBJECT (vnode))
        return fail (error, CM_RULEBOOK_ERROR_SYNTAX,
                     _("Rule “%s”: version number %u is not a JSON object."), code, i + 1);
      version = json_node_get_object (vnode);

      if (!check_keys (version, version_keys, code, error) ||
          !read_text (rule, version, "title", code, TRUE, &title, error) ||
          !read_text (rule, version, "description", code, TRUE, &description, error) ||
          !read_text (rule, version, "source", code, FALSE, &source, error) ||
          !read_text (rule, version, "severity", code, TRUE, &severity_name, error) ||
          !read_date (version, "valid_from", code, &from, error) ||
          !read_date (version, "valid_until", code, &until, error))
        return FALSE;

      if (!cm_rule_severity_from_string (severity_name, &severity))
        return fail (error, CM_RULEBOOK_ERROR_UNKNOWN_KIND,
                     _("Rule “%s”: the severity “%s” is unknown; it is “observation”, "
                       "“warning”, “suspension” or “closure”."), code, severity_name);

      if (g_date_valid (&from) && g_date_valid (&until) && g_date_compare (&until, &from) < 0)
        {
          g_autofree char *a = describe_start (&from);
          g_autofree char *b = describe_start (&until);

          return fail (error, CM_RULEBOOK_ERROR_DATES,
                       _("Rule “%s”: a version ends on %s, before it begins on %s."),
                       code, b, a);
        }

      if (!read_parameters (version, info, code, &parameters, error))
        return FALSE;

      g_ptr_array_add (versions,
                       _cm_rule_new (code, title, description, category, source, severity, kind,
                                     kind == CM_RULE_KIND_AUTOMATIC ? check : NULL,
                                     &from, &until, parameters));
    }

  /* File order in rules; date order in by_code. */
  for (guint i = 0; i < versions->len; i++)
    g_ptr_array_add (self->rules, g_object_ref (g_ptr_array_index (versions, i)));

  if (!check_overlaps (versions, code, error))
    return FALSE;

  g_hash_table_insert (self->by_code, g_strdup (code), g_steal_pointer (&versions));
  return TRUE;
}

static gboolean
read_rulebook (CmRulebook  *self,
               GError     **error)
{
  static const char * const top_keys[] = { "format", "edition", "description", "rules", NULL };
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GHashTable) positions = g_hash_table_new (g_str_hash, g_str_equal);
  gsize size;
  const char *data = g_bytes_get_data (self->bytes, &size);
  JsonNode *root, *format, *rules;
  JsonObject *top;
  const char *edition, *description;
  JsonArray *array;

  /* The body is kept as text in the database and printed in reports. */
  if (size == 0 || !g_utf8_validate (data, (gssize) size, NULL))
    return fail (error, CM_RULEBOOK_ERROR_SYNTAX, _("The rulebook is not UTF-8 text."));

  if (!json_parser_load_from_data (parser, data, (gssize) size, &local_error))
    return fail (error, CM_RULEBOOK_ERROR_SYNTAX,
                 _("The rulebook is not valid JSON: %s"), local_error->message);

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return fail (error, CM_RULEBOOK_ERROR_SYNTAX,
                 _("The rulebook must be a JSON object with “format”, “edition” and “rules”."));
  top = json_node_get_object (root);

  if (!check_keys (top, top_keys, NULL, error))
    return FALSE;

  format = json_object_get_member (top, "format");
  if (format == NULL || !JSON_NODE_HOLDS_VALUE (format) ||
      json_node_get_value_type (format) != G_TYPE_INT64 ||
      json_node_get_int (format) != RULEBOOK_FORMAT)
    return fail (error, CM_RULEBOOK_ERROR_SYNTAX,
                 _("The rulebook must say “format”: %d, the format this version of "
                   "Comedores reads."), RULEBOOK_FORMAT);

  if (!get_optional_string (top, "edition", &edition) || is_blank (edition))
    return fail (error, CM_RULEBOOK_ERROR_INVALID,
                 _("The rulebook needs an “edition”: the text that names it in reviews "
                   "and reports."));
  if (!get_optional_string (top, "description", &description))
    return fail (error, CM_RULEBOOK_ERROR_INVALID,
                 _("The rulebook’s “description” must be text."));

  rules = json_object_get_member (top, "rules");
  if (rules == NULL || !JSON_NODE_HOLDS_ARRAY (rules) ||
      json_array_get_length (json_node_get_array (rules)) == 0)
    return fail (error, CM_RULEBOOK_ERROR_SYNTAX,
                 _("The rulebook needs “rules”: a list of at least one rule."));
  array = json_node_get_array (rules);

  for (guint i = 0; i < json_array_get_length (array); i++)
    if (!read_rule (self, json_array_get_element (array, i), i + 1, positions, error))
      return FALSE;

  self->edition = g_strdup (edition);
  self->description = g_strdup (description);
  return TRUE;
}

/**
 * cm_rulebook_new_from_bytes:
 * @json: the rulebook, UTF-8 JSON in the format of data/rules/README.md
 * @error: return location for a #GError
 *
 * Reads and checks a rulebook. One that is malformed, has two rules with one
 * code, an unknown kind, severity, check or parameter, a version that ends
 * before it begins, or two versions of a rule in force on one day is refused
 * with a %CM_RULEBOOK_ERROR whose message names the rule and the problem.
 *
 * Returns: (transfer full): the rulebook, or %NULL with @error set
 */
CmRulebook *
cm_rulebook_new_from_bytes (GBytes  *json,
                            GError **error)
{
  g_autoptr(CmRulebook) self = NULL;

  g_return_val_if_fail (json != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (CM_TYPE_RULEBOOK, NULL);
  self->bytes = g_bytes_ref (json);
  self->sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, json);

  if (!read_rulebook (self, error))
    return NULL;

  return g_steal_pointer (&self);
}

/**
 * cm_rulebook_new_from_file:
 * @file: a rulebook file
 * @error: return location for a #GError
 *
 * Like cm_rulebook_new_from_bytes(), from a file.
 *
 * Returns: (transfer full): the rulebook, or %NULL with @error set
 */
CmRulebook *
cm_rulebook_new_from_file (GFile   *file,
                           GError **error)
{
  g_autoptr(GBytes) bytes = NULL;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  bytes = g_file_load_bytes (file, NULL, NULL, error);
  if (bytes == NULL)
    return NULL;

  return cm_rulebook_new_from_bytes (bytes, error);
}

/**
 * cm_rulebook_new_default:
 *
 * The rulebook shipped with Comedores (data/rules/reglas-operacion.json,
 * compiled into the core library). The tests check it; one that does not
 * load is a bug, and aborts.
 *
 * Returns: (transfer full): the rulebook
 */
CmRulebook *
cm_rulebook_new_default (void)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  CmRulebook *self;

  /* By the resource's handle: see cm_form_map_new_builtin(). */
  bytes = g_resource_lookup_data (cm_core_get_resource (), DEFAULT_RULEBOOK_PATH,
                                  G_RESOURCE_LOOKUP_FLAGS_NONE, &error);
  if (bytes == NULL)
    g_error ("The built-in rulebook is missing: %s", error->message);

  self = cm_rulebook_new_from_bytes (bytes, &error);
  if (self == NULL)
    g_error ("The built-in rulebook is not valid: %s", error->message);

  return self;
}

const char *
cm_rulebook_get_edition (CmRulebook *self)
{
  g_return_val_if_fail (CM_IS_RULEBOOK (self), NULL);
  return self->edition;
}

const char *
cm_rulebook_get_sha256 (CmRulebook *self)
{
  g_return_val_if_fail (CM_IS_RULEBOOK (self), NULL);
  return self->sha256;
}

/**
 * cm_rulebook_get_bytes:
 * @self: a #CmRulebook
 *
 * Returns: (transfer none): the rulebook exactly as it was read
 */
GBytes *
cm_rulebook_get_bytes (CmRulebook *self)
{
  g_return_val_if_fail (CM_IS_RULEBOOK (self), NULL);
  return self->bytes;
}

/**
 * cm_rulebook_get_rules:
 * @self: a #CmRulebook
 *
 * Returns: (transfer none) (element-type CmRule): every version of every
 *   rule, in the file's order
 */
GPtrArray *
cm_rulebook_get_rules (CmRulebook *self)
{
  g_return_val_if_fail (CM_IS_RULEBOOK (self), NULL);
  return self->rules;
}

/**
 * cm_rulebook_get_versions:
 * @self: a #CmRulebook
 * @code: a rule's code
 *
 * Returns: (transfer none) (element-type CmRule) (nullable): the versions
 *   of @code, oldest first, or %NULL when the rulebook has no such rule
 */
GPtrArray *
cm_rulebook_get_versions (CmRulebook *self,
                          const char *code)
{
  g_return_val_if_fail (CM_IS_RULEBOOK (self), NULL);
  g_return_val_if_fail (code != NULL, NULL);

  return g_hash_table_lookup (self->by_code, code);
}

/**
 * cm_rulebook_rules_in_force:
 * @self: a #CmRulebook
 * @date: a valid date
 * @kind: automatic or checklist rules
 *
 * Returns: (transfer container) (element-type CmRule): the rules of @kind in
 *   force on @date, one version per code, in the file's order
 */
GPtrArray *
cm_rulebook_rules_in_force (CmRulebook  *self,
                            const GDate *date,
                            CmRuleKind   kind)
{
  GPtrArray *in_force;

  g_return_val_if_fail (CM_IS_RULEBOOK (self), NULL);
  g_return_val_if_fail (date != NULL && g_date_valid (date), NULL);

  in_force = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < self->rules->len; i++)
    {
      CmRule *rule = g_ptr_array_index (self->rules, i);

      if (cm_rule_get_kind (rule) == kind && cm_rule_is_in_force (rule, date))
        g_ptr_array_add (in_force, g_object_ref (rule));
    }

  return in_force;
}

/**
 * cm_rulebook_lookup:
 * @self: a #CmRulebook
 * @code: a rule's code
 * @date: a valid date
 *
 * Returns: (transfer none) (nullable): the version of @code in force on
 *   @date, or %NULL when the rule is unknown or not in force that day
 */
CmRule *
cm_rulebook_lookup (CmRulebook  *self,
                    const char  *code,
                    const GDate *date)
{
  GPtrArray *versions;

  g_return_val_if_fail (CM_IS_RULEBOOK (self), NULL);
  g_return_val_if_fail (code != NULL, NULL);
  g_return_val_if_fail (date != NULL && g_date_valid (date), NULL);

  versions = g_hash_table_lookup (self->by_code, code);
  for (guint i = 0; versions != NULL && i < versions->len; i++)
    if (cm_rule_is_in_force (g_ptr_array_index (versions, i), date))
      return g_ptr_array_index (versions, i);

  return NULL;
}

/* Storing. */

static char *
now_utc (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return g_date_time_format_iso8601 (now);
}

gboolean
_cm_rulebook_store_locked (CmRulebook  *self,
                           CmDb        *db,
                           gboolean     make_in_use,
                           gint64      *out_id,
                           GError     **error)
{
  g_autofree char *loaded_at = NULL;
  sqlite3_stmt *stmt;
  gint64 id = 0;
  gsize size;
  const char *body;
  int rc;

  if (!cm_db_exec (db, "SAVEPOINT rulebook_store", error))
    return FALSE;

  if (!(stmt = cm_db_prepare (db, "SELECT id FROM rulebook WHERE sha256 = ?1", error)))
    goto fail;
  sqlite3_bind_text (stmt, 1, self->sha256, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    id = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      cm_db_set_error_from_handle (db, error);
      goto fail;
    }

  if (id == 0)
    {
      loaded_at = now_utc ();
      body = g_bytes_get_data (self->bytes, &size);
      if (!(stmt = cm_db_prepare (db,
                                  "INSERT INTO rulebook (edition, sha256, body, loaded_at, in_use)"
                                  " VALUES (?1, ?2, ?3, ?4, 0)", error)))
        goto fail;
      sqlite3_bind_text (stmt, 1, self->edition, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, self->sha256, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, body, (int) size, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 4, loaded_at, -1, SQLITE_STATIC);
      if (!cm_db_step_done (db, stmt, error))
        goto fail;
      id = sqlite3_last_insert_rowid (cm_db_get_handle (db));
    }

  if (make_in_use)
    {
      /* One in use at a time (a partial unique index): the old one first. */
      if (!(stmt = cm_db_prepare (db, "UPDATE rulebook SET in_use = 0 WHERE in_use = 1 AND id <> ?1",
                                  error)))
        goto fail;
      sqlite3_bind_int64 (stmt, 1, id);
      if (!cm_db_step_done (db, stmt, error))
        goto fail;

      if (!(stmt = cm_db_prepare (db, "UPDATE rulebook SET in_use = 1 WHERE id = ?1 AND in_use = 0",
                                  error)))
        goto fail;
      sqlite3_bind_int64 (stmt, 1, id);
      if (!cm_db_step_done (db, stmt, error))
        goto fail;
    }

  if (!cm_db_exec (db, "RELEASE rulebook_store", error))
    goto fail;

  if (out_id != NULL)
    *out_id = id;
  return TRUE;

fail:
  cm_db_exec (db, "ROLLBACK TO rulebook_store; RELEASE rulebook_store", NULL);
  return FALSE;
}

/**
 * cm_rulebook_store:
 * @self: a #CmRulebook
 * @db: a database
 * @out_id: (out) (optional): its id in the rulebook table
 * @error: return location for a #GError
 *
 * Keeps @self in @db (found by its SHA-256 when it is already there: a
 * rulebook is stored once, and never changed or removed) and makes it the
 * rulebook in use. Only a rulebook that loaded can be stored, so a bad one
 * never displaces the one in use.
 *
 * Returns: %TRUE on success
 */
gboolean
cm_rulebook_store (CmRulebook  *self,
                   CmDb        *db,
                   gint64      *out_id,
                   GError     **error)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_val_if_fail (CM_IS_RULEBOOK (self), FALSE);
  g_return_val_if_fail (CM_IS_DB (db), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  locker = g_mutex_locker_new (cm_db_get_mutex (db));
  return _cm_rulebook_store_locked (self, db, TRUE, out_id, error);
}

static CmRulebook *
parse_stored (gint64       id,
              const char  *body,
              int          size,
              GError     **error)
{
  g_autoptr(GBytes) bytes = g_bytes_new (body, (gsize) size);
  g_autoptr(GError) local_error = NULL;
  CmRulebook *rulebook = cm_rulebook_new_from_bytes (bytes, &local_error);

  /* Stored rulebooks were valid when stored; a newer Comedores may have
   * written one this version cannot read. */
  if (rulebook == NULL)
    {
      g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, id);

      g_set_error (error, CM_RULEBOOK_ERROR, local_error->code,
                   _("The stored rulebook number %s cannot be read by this version of "
                     "Comedores: %s"), number, local_error->message);
    }

  return rulebook;
}

/* The last rulebook read from a database, by its hash: the checks load the
 * one in use on every update, and parsing and checking it again each time
 * costs more than a small update itself. */
static GMutex      last_read_lock;
static CmRulebook *last_read;

static CmRulebook *
find_last_read (const char *sha256)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&last_read_lock);

  if (last_read != NULL && sha256 != NULL && strcmp (last_read->sha256, sha256) == 0)
    return g_object_ref (last_read);
  return NULL;
}

static void
remember_last_read (CmRulebook *rulebook)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&last_read_lock);

  g_set_object (&last_read, rulebook);
}

CmRulebook *
_cm_rulebook_load_in_use_locked (CmDb    *db,
                                 gint64  *out_id,
                                 GError **error)
{
  g_autoptr(CmRulebook) rulebook = NULL;
  sqlite3_stmt *stmt;
  gint64 id = 0;
  int rc;

  if (!(stmt = cm_db_prepare (db, "SELECT id, sha256 FROM rulebook WHERE in_use = 1", error)))
    return NULL;

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      id = sqlite3_column_int64 (stmt, 0);
      rulebook = find_last_read ((const char *) sqlite3_column_text (stmt, 1));
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      cm_db_set_error_from_handle (db, error);
      return NULL;
    }

  if (rulebook == NULL && rc == SQLITE_ROW)
    {
      if (!(stmt = cm_db_prepare (db, "SELECT body FROM rulebook WHERE id = ?1", error)))
        return NULL;
      sqlite3_bind_int64 (stmt, 1, id);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        rulebook = parse_stored (id, (const char *) sqlite3_column_text (stmt, 0),
                                 sqlite3_column_bytes (stmt, 0), error);
      else
        cm_db_set_error_from_handle (db, error);
      sqlite3_reset (stmt);
      if (rulebook == NULL)
        return NULL;
      remember_last_read (rulebook);
    }
  else if (rulebook == NULL)
    {
      rulebook = cm_rulebook_new_default ();
      if (!_cm_rulebook_store_locked (rulebook, db, TRUE, &id, error))
        return NULL;
    }

  if (out_id != NULL)
    *out_id = id;
  return g_steal_pointer (&rulebook);
}

/**
 * cm_rulebook_load_in_use:
 * @db: a database
 * @out_id: (out) (optional): its id in the rulebook table
 * @error: return location for a #GError
 *
 * The rulebook in use in @db. A database that has none yet gets the
 * default one (cm_rulebook_new_default()), stored and in use from then on.
 *
 * Returns: (transfer full): the rulebook, or %NULL with @error set
 */
CmRulebook *
cm_rulebook_load_in_use (CmDb    *db,
                         gint64  *out_id,
                         GError **error)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_val_if_fail (CM_IS_DB (db), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  locker = g_mutex_locker_new (cm_db_get_mutex (db));
  return _cm_rulebook_load_in_use_locked (db, out_id, error);
}

/**
 * cm_rulebook_load_by_id:
 * @db: a database
 * @id: a rulebook's id, as a review names it
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the stored rulebook, or %NULL with @error set
 *   (%CM_RULEBOOK_ERROR_NOT_FOUND when there is none with @id)
 */
CmRulebook *
cm_rulebook_load_by_id (CmDb    *db,
                        gint64   id,
                        GError **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  CmRulebook *rulebook = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (CM_IS_DB (db), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  locker = g_mutex_locker_new (cm_db_get_mutex (db));

  if (!(stmt = cm_db_prepare (db, "SELECT body FROM rulebook WHERE id = ?1", error)))
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    rulebook = parse_stored (id, (const char *) sqlite3_column_text (stmt, 0),
                             sqlite3_column_bytes (stmt, 0), error);
  else if (rc == SQLITE_DONE)
    {
      g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, id);

      g_set_error (error, CM_RULEBOOK_ERROR, CM_RULEBOOK_ERROR_NOT_FOUND,
                   _("There is no stored rulebook number %s."), number);
    }
  else
    cm_db_set_error_from_handle (db, error);
  sqlite3_reset (stmt);

  return rulebook;
}
