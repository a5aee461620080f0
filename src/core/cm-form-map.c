/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "cm-form-map"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "cm-core-resources.h"
#include "cm-form-map.h"

/* A field map says which answer of a server's row fills which report column
 * (data/forms/README.md describes the format). The code knows our columns and
 * how to read each kind of value; the map knows the form's names and shapes,
 * so that a changed form needs a new map rather than new code. */

#define FORMS_RESOURCE_PATH RESOURCE_PREFIX "/forms/"
#define MAP_FORMAT          1

G_DEFINE_QUARK (cm-form-map-error-quark, cm_form_map_error)

/* How the map says a value is written. */
typedef enum
{
  TYPE_TEXT,
  TYPE_DATE,
  TYPE_COUNT,
  TYPE_MONEY,
  TYPE_YES_NO,
  TYPE_GEOPOINT,
  TYPE_TIMESTAMP,
  TYPE_CHOICE,
  TYPE_MEDIA,
  TYPE_ITEMS,
  TYPE_MEDIA_COUNT,
  N_TYPES
} FieldType;

static const char * const type_names[N_TYPES] = {
  "text", "date", "count", "money", "yes-no", "geopoint", "timestamp", "choice",
  "media", "items", "media-count",
};

#define T(type) (1u << (type))

typedef enum
{
  PART_LATITUDE,
  PART_LONGITUDE,
  PART_ALTITUDE,
  PART_ACCURACY,
} GeoPart;

static const char * const part_names[] = { "latitude", "longitude", "altitude", "accuracy" };

/* A column of CmMappedReport or CmMappedPurchase. The types it accepts
 * also say how it is stored: text, date, timestamp, choice and media fill a
 * char *; count, money, items and media-count a gint64; yes-no a gboolean;
 * geopoint a double. */
typedef struct
{
  const char *name;
  gsize       offset;
  guint       types;    /* the FieldTypes it accepts */
  gboolean    needed;   /* required whatever the map says: the table needs it */
} Column;

#define REPORT_COLUMN(name, types, needed) \
  { #name, G_STRUCT_OFFSET (CmMappedReport, name), types, needed }
#define PURCHASE_COLUMN(name, types, needed) \
  { #name, G_STRUCT_OFFSET (CmMappedPurchase, name), types, needed }

static const Column report_columns[] = {
  REPORT_COLUMN (instance_id, T (TYPE_TEXT), TRUE),
  REPORT_COLUMN (folio_sent, T (TYPE_TEXT) | T (TYPE_CHOICE), TRUE),
  REPORT_COLUMN (report_date, T (TYPE_DATE), TRUE),
  REPORT_COLUMN (rations_paid, T (TYPE_COUNT), FALSE),
  REPORT_COLUMN (rations_free, T (TYPE_COUNT), FALSE),
  REPORT_COLUMN (fee_cents, T (TYPE_MONEY), FALSE),
  REPORT_COLUMN (spending_cents, T (TYPE_MONEY), FALSE),
  REPORT_COLUMN (diners_children, T (TYPE_COUNT), FALSE),
  REPORT_COLUMN (diners_adults, T (TYPE_COUNT), FALSE),
  REPORT_COLUMN (diners_older, T (TYPE_COUNT), FALSE),
  REPORT_COLUMN (diners_disabled, T (TYPE_COUNT), FALSE),
  REPORT_COLUMN (members_present, T (TYPE_COUNT), FALSE),
  REPORT_COLUMN (takeaway_only, T (TYPE_YES_NO), FALSE),
  REPORT_COLUMN (incidents, T (TYPE_TEXT), FALSE),
  REPORT_COLUMN (latitude, T (TYPE_GEOPOINT), FALSE),
  REPORT_COLUMN (longitude, T (TYPE_GEOPOINT), FALSE),
  REPORT_COLUMN (gps_accuracy, T (TYPE_GEOPOINT), FALSE),
  REPORT_COLUMN (device_id, T (TYPE_TEXT), FALSE),
  REPORT_COLUMN (submitter, T (TYPE_TEXT), FALSE),
  REPORT_COLUMN (submitted_at, T (TYPE_TIMESTAMP), FALSE),
  REPORT_COLUMN (updated_at, T (TYPE_TIMESTAMP), FALSE),
  REPORT_COLUMN (review_state, T (TYPE_CHOICE), FALSE),
  REPORT_COLUMN (form_version, T (TYPE_TEXT), FALSE),
  REPORT_COLUMN (attachments_expected, T (TYPE_COUNT) | T (TYPE_ITEMS) | T (TYPE_MEDIA_COUNT), FALSE),
  REPORT_COLUMN (attachments_present, T (TYPE_COUNT) | T (TYPE_ITEMS) | T (TYPE_MEDIA_COUNT), FALSE),
};

static const Column purchase_columns[] = {
  PURCHASE_COLUMN (concept, T (TYPE_TEXT), TRUE),
  PURCHASE_COLUMN (amount_cents, T (TYPE_MONEY), TRUE),
  PURCHASE_COLUMN (receipt_photo, T (TYPE_MEDIA), FALSE),
};

typedef struct
{
  const Column  *column;
  FieldType      type;
  char         **paths;      /* alternatives, the first present one wins */
  gboolean       required;
  char          *yes;
  char          *no;
  GeoPart        part;
  GHashTable    *values;     /* choice: the server's value → ours */
} Field;

struct _CmFormMap
{
  gatomicrefcount   ref_count;
  CmFormMapFlavour  flavour;
  char             *form_id;
  GPtrArray        *fields;           /* Field, report columns */
  char             *repeat_path;      /* NULL: the form has no purchases */
  GPtrArray        *repeat_fields;    /* Field, purchase columns */
  char            **media;            /* paths of binary answers outside the repeat */
};

static void
field_free (Field *field)
{
  g_strfreev (field->paths);
  g_free (field->yes);
  g_free (field->no);
  g_clear_pointer (&field->values, g_hash_table_unref);
  g_free (field);
}

static void
mapped_purchase_free (CmMappedPurchase *purchase)
{
  g_free (purchase->concept);
  g_free (purchase->receipt_photo);
  g_free (purchase);
}

/* Writing JSON back. json_to_string() in json-glib 1.6 prints doubles with
 * 17 digits (402.34 becomes 402.33999999999997), so the row is written here
 * with the shortest digits that read back as the same double. */

/* The shortest decimal digits that read back as @value. */
static void
format_shortest (double value,
                 char   buf[G_ASCII_DTOSTR_BUF_SIZE])
{
  for (int digits = 15; digits <= 17; digits++)
    {
      char format[8];

      g_snprintf (format, sizeof format, "%%.%dg", digits);
      g_ascii_formatd (buf, G_ASCII_DTOSTR_BUF_SIZE, format, value);
      if (g_ascii_strtod (buf, NULL) == value)
        return;
    }
}

static void
append_double (GString *out,
               double   value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  format_shortest (value, buf);
  g_string_append (out, buf);
  /* keep it a double when read back, as the row had it */
  if (strpbrk (buf, ".eEn") == NULL)
    g_string_append (out, ".0");
}

static void
append_string (GString    *out,
               const char *value)
{
  g_string_append_c (out, '"');
  for (const char *p = value; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;

      switch (c)
        {
        case '"': g_string_append (out, "\\\""); break;
        case '\\': g_string_append (out, "\\\\"); break;
        case '\b': g_string_append (out, "\\b"); break;
        case '\f': g_string_append (out, "\\f"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\r': g_string_append (out, "\\r"); break;
        case '\t': g_string_append (out, "\\t"); break;
        default:
          if (c < 0x20)
            g_string_append_printf (out, "\\u%04x", c);
          else
            g_string_append_c (out, (char) c);
        }
    }
  g_string_append_c (out, '"');
}

static void append_node (GString  *out,
                         JsonNode *node);

static void
append_object (GString    *out,
               JsonObject *object)
{
  JsonObjectIter iter;
  const char *name;
  JsonNode *member;
  gboolean first = TRUE;

  g_string_append_c (out, '{');
  json_object_iter_init_ordered (&iter, object);
  while (json_object_iter_next_ordered (&iter, &name, &member))
    {
      if (!first)
        g_string_append_c (out, ',');
      first = FALSE;
      append_string (out, name);
      g_string_append_c (out, ':');
      append_node (out, member);
    }
  g_string_append_c (out, '}');
}

static void
append_node (GString  *out,
             JsonNode *node)
{
  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_OBJECT:
      append_object (out, json_node_get_object (node));
      break;

    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);
        guint n = json_array_get_length (array);

        g_string_append_c (out, '[');
        for (guint i = 0; i < n; i++)
          {
            if (i > 0)
              g_string_append_c (out, ',');
            append_node (out, json_array_get_element (array, i));
          }
        g_string_append_c (out, ']');
      }
      break;

    case JSON_NODE_VALUE:
      switch (json_node_get_value_type (node))
        {
        case G_TYPE_INT64:
          g_string_append_printf (out, "%" G_GINT64_FORMAT, json_node_get_int (node));
          break;
        case G_TYPE_DOUBLE:
          append_double (out, json_node_get_double (node));
          break;
        case G_TYPE_BOOLEAN:
          g_string_append (out, json_node_get_boolean (node) ? "true" : "false");
          break;
        case G_TYPE_STRING:
          append_string (out, json_node_get_string (node));
          break;
        default:
          g_string_append (out, "null");
          break;
        }
      break;

    case JSON_NODE_NULL:
    default:
      g_string_append (out, "null");
      break;
    }
}

/* Reading the map. */

static gboolean
map_error (GError     **error,
           const char  *format,
           ...) G_GNUC_PRINTF (2, 3);

static gboolean
map_error (GError     **error,
           const char  *format,
           ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_set_error_literal (error, CM_FORM_MAP_ERROR, CM_FORM_MAP_ERROR_INVALID_MAP, message);

  return FALSE;
}

static gboolean
is_valid_path (const char *path)
{
  return path != NULL && *path != '\0' && *path != '/' && !g_str_has_suffix (path, "/") &&
         strstr (path, "//") == NULL;
}

static char **
read_paths (JsonNode *node)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    {
      if (!is_valid_path (json_node_get_string (node)))
        return NULL;
      g_strv_builder_add (builder, json_node_get_string (node));
    }
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);
      guint n = json_array_get_length (array);

      if (n == 0)
        return NULL;
      for (guint i = 0; i < n; i++)
        {
          JsonNode *element = json_array_get_element (array, i);

          if (!JSON_NODE_HOLDS_VALUE (element) ||
              json_node_get_value_type (element) != G_TYPE_STRING ||
              !is_valid_path (json_node_get_string (element)))
            return NULL;
          g_strv_builder_add (builder, json_node_get_string (element));
        }
    }
  else
    return NULL;

  return g_strv_builder_end (builder);
}

static const char *
get_string_member (JsonObject *object,
                   const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

static Field *
read_field (const Column  *column,
            JsonNode      *node,
            GError       **error)
{
  static const char * const known_keys[] = {
    "path", "type", "required", "yes", "no", "part", "values", "comment", NULL,
  };
  g_autoptr(GList) members = NULL;
  JsonObject *spec;
  JsonNode *member;
  const char *type_name;
  Field *field;
  guint type;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      map_error (error, _("The field map says nothing usable about the column “%s”: it is not a JSON object."),
                 column->name);
      return NULL;
    }
  spec = json_node_get_object (node);

  members = json_object_get_members (spec);
  for (GList *l = members; l != NULL; l = l->next)
    if (!g_strv_contains (known_keys, l->data))
      {
        map_error (error, _("The field map gives the column “%s” an unknown key “%s”."),
                   column->name, (const char *) l->data);
        return NULL;
      }

  type_name = get_string_member (spec, "type");
  if (type_name == NULL)
    {
      map_error (error, _("The field map gives the column “%s” no type."), column->name);
      return NULL;
    }
  for (type = 0; type < N_TYPES; type++)
    if (strcmp (type_names[type], type_name) == 0)
      break;
  if (type == N_TYPES)
    {
      map_error (error, _("The field map gives the column “%s” the unknown type “%s”."),
                 column->name, type_name);
      return NULL;
    }
  if ((column->types & T (type)) == 0)
    {
      map_error (error, _("The field map gives the column “%s” the type “%s”, which that column cannot hold."),
                 column->name, type_name);
      return NULL;
    }

  field = g_new0 (Field, 1);
  field->column = column;
  field->type = type;
  field->required = column->needed;

  member = json_object_get_member (spec, "path");
  if (type == TYPE_MEDIA_COUNT)
    {
      if (member != NULL)
        {
          map_error (error, _("The field map gives the column “%s” a path, but the type “%s” reads none."),
                     column->name, type_name);
          goto fail;
        }
    }
  else if (member == NULL || (field->paths = read_paths (member)) == NULL)
    {
      map_error (error, _("The field map gives the column “%s” no path, or a path that is not valid."),
                 column->name);
      goto fail;
    }

  member = json_object_get_member (spec, "required");
  if (member != NULL)
    {
      if (!JSON_NODE_HOLDS_VALUE (member) || json_node_get_value_type (member) != G_TYPE_BOOLEAN)
        {
          map_error (error, _("The field map gives the column “%s” a “%s” that is not valid."),
                     column->name, "required");
          goto fail;
        }
      field->required = column->needed || json_node_get_boolean (member);
    }

  if (type == TYPE_YES_NO)
    {
      const char *yes = get_string_member (spec, "yes");
      const char *no = get_string_member (spec, "no");

      if (yes == NULL || no == NULL || *yes == '\0' || *no == '\0' || strcmp (yes, no) == 0)
        {
          map_error (error, _("The field map gives the column “%s” a “%s” that is not valid."),
                     column->name, "yes/no");
          goto fail;
        }
      field->yes = g_strdup (yes);
      field->no = g_strdup (no);
    }
  else if (json_object_has_member (spec, "yes") || json_object_has_member (spec, "no"))
    {
      map_error (error, _("The field map gives the column “%s” a “%s” that is not valid."),
                 column->name, "yes/no");
      goto fail;
    }

  if (type == TYPE_GEOPOINT)
    {
      const char *part = get_string_member (spec, "part");
      guint i;

      for (i = 0; part != NULL && i < G_N_ELEMENTS (part_names); i++)
        if (strcmp (part_names[i], part) == 0)
          break;
      if (part == NULL || i == G_N_ELEMENTS (part_names))
        {
          map_error (error, _("The field map gives the column “%s” a “%s” that is not valid."),
                     column->name, "part");
          goto fail;
        }
      field->part = i;
    }
  else if (json_object_has_member (spec, "part"))
    {
      map_error (error, _("The field map gives the column “%s” a “%s” that is not valid."),
                 column->name, "part");
      goto fail;
    }

  if (type == TYPE_CHOICE)
    {
      JsonNode *values = json_object_get_member (spec, "values");
      JsonObjectIter iter;
      const char *name;

      if (values == NULL || !JSON_NODE_HOLDS_OBJECT (values) ||
          json_object_get_size (json_node_get_object (values)) == 0)
        {
          map_error (error, _("The field map gives the column “%s” a “%s” that is not valid."),
                     column->name, "values");
          goto fail;
        }

      field->values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      json_object_iter_init_ordered (&iter, json_node_get_object (values));
      while (json_object_iter_next_ordered (&iter, &name, &member))
        {
          if (!JSON_NODE_HOLDS_VALUE (member) || json_node_get_value_type (member) != G_TYPE_STRING)
            {
              map_error (error, _("The field map gives the column “%s” a “%s” that is not valid."),
                         column->name, "values");
              goto fail;
            }
          g_hash_table_insert (field->values, g_strdup (name),
                               g_strdup (json_node_get_string (member)));
        }
    }
  else if (json_object_has_member (spec, "values"))
    {
      map_error (error, _("The field map gives the column “%s” a “%s” that is not valid."),
                 column->name, "values");
      goto fail;
    }

  return field;

fail:
  field_free (field);
  return NULL;
}

/* Reads one section ("columns", "system", "repeat"/"columns") into @fields;
 * @seen marks the columns named so far, by index. */
static gboolean
read_section (JsonObject    *section,
              const Column  *columns,
              guint          n_columns,
              gboolean      *seen,
              GPtrArray     *fields,
              GError       **error)
{
  JsonObjectIter iter;
  const char *name;
  JsonNode *node;

  json_object_iter_init_ordered (&iter, section);
  while (json_object_iter_next_ordered (&iter, &name, &node))
    {
      Field *field;
      guint i;

      for (i = 0; i < n_columns; i++)
        if (strcmp (columns[i].name, name) == 0)
          break;
      if (i == n_columns)
        return map_error (error, _("The field map names an unknown column “%s”."), name);
      if (seen[i])
        return map_error (error, _("The field map names the column “%s” twice."), name);
      seen[i] = TRUE;

      field = read_field (&columns[i], node, error);
      if (field == NULL)
        return FALSE;
      g_ptr_array_add (fields, field);
    }

  return TRUE;
}

static gboolean
check_needed (const Column  *columns,
              guint          n_columns,
              const gboolean *seen,
              GError       **error)
{
  for (guint i = 0; i < n_columns; i++)
    if (columns[i].needed && !seen[i])
      return map_error (error, _("The field map does not fill the column “%s”, which every report needs."),
                        columns[i].name);

  return TRUE;
}

static JsonObject *
get_object_member (JsonObject *object,
                   const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static gboolean
read_map (CmFormMap   *self,
          JsonNode    *root,
          GError     **error)
{
  static const char * const known_keys[] = {
    "format", "form_id", "flavour", "columns", "system", "repeat", "media", "comment", NULL,
  };
  gboolean seen[G_N_ELEMENTS (report_columns)] = { FALSE, };
  g_autoptr(GList) members = NULL;
  JsonObject *map;
  JsonObject *section;
  JsonNode *node;
  const char *text;

  if (root == NULL)
    return map_error (error, _("The field map is empty."));
  if (!JSON_NODE_HOLDS_OBJECT (root))
    return map_error (error, _("The field map is not a JSON object."));
  map = json_node_get_object (root);

  members = json_object_get_members (map);
  for (GList *l = members; l != NULL; l = l->next)
    if (!g_strv_contains (known_keys, l->data))
      return map_error (error, _("The field map has an unknown key “%s”."), (const char *) l->data);

  node = json_object_get_member (map, "format");
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_INT64 ||
      json_node_get_int (node) != MAP_FORMAT)
    return map_error (error, _("The field map is not in format %d, the one this version of Comedores reads."),
                      MAP_FORMAT);

  text = get_string_member (map, "form_id");
  if (text == NULL || *text == '\0')
    return map_error (error, _("The field map’s “%s” is missing or not valid."), "form_id");
  self->form_id = g_strdup (text);

  text = get_string_member (map, "flavour");
  if (g_strcmp0 (text, "central") == 0)
    self->flavour = CM_FORM_MAP_CENTRAL;
  else if (g_strcmp0 (text, "kobo") == 0)
    self->flavour = CM_FORM_MAP_KOBO;
  else
    return map_error (error, _("The field map’s “%s” is missing or not valid."), "flavour");

  section = get_object_member (map, "columns");
  if (section == NULL)
    return map_error (error, _("The field map’s “%s” is missing or not valid."), "columns");
  if (!read_section (section, report_columns, G_N_ELEMENTS (report_columns), seen,
                     self->fields, error))
    return FALSE;

  if (json_object_has_member (map, "system"))
    {
      section = get_object_member (map, "system");
      if (section == NULL)
        return map_error (error, _("The field map’s “%s” is missing or not valid."), "system");
      if (!read_section (section, report_columns, G_N_ELEMENTS (report_columns), seen,
                         self->fields, error))
        return FALSE;
    }

  if (!check_needed (report_columns, G_N_ELEMENTS (report_columns), seen, error))
    return FALSE;

  if (json_object_has_member (map, "repeat"))
    {
      gboolean repeat_seen[G_N_ELEMENTS (purchase_columns)] = { FALSE, };
      JsonObject *repeat = get_object_member (map, "repeat");
      const char *path = repeat != NULL ? get_string_member (repeat, "path") : NULL;

      if (repeat == NULL || !is_valid_path (path))
        return map_error (error, _("The field map’s “%s” is missing or not valid."), "repeat/path");
      self->repeat_path = g_strdup (path);

      g_autoptr(GList) repeat_members = json_object_get_members (repeat);

      for (GList *l = repeat_members; l != NULL; l = l->next)
        if (strcmp (l->data, "path") != 0 && strcmp (l->data, "columns") != 0 &&
            strcmp (l->data, "comment") != 0)
          return map_error (error, _("The field map has an unknown key “%s”."),
                            (const char *) l->data);

      section = get_object_member (repeat, "columns");
      if (section == NULL)
        return map_error (error, _("The field map’s “%s” is missing or not valid."), "repeat/columns");
      if (!read_section (section, purchase_columns, G_N_ELEMENTS (purchase_columns), repeat_seen,
                         self->repeat_fields, error) ||
          !check_needed (purchase_columns, G_N_ELEMENTS (purchase_columns), repeat_seen, error))
        return FALSE;
    }

  node = json_object_get_member (map, "media");
  if (node != NULL)
    {
      self->media = read_paths (node);
      if (self->media == NULL)
        return map_error (error, _("The field map’s “%s” is missing or not valid."), "media");
    }
  else
    self->media = g_new0 (char *, 1);

  return TRUE;
}

/**
 * cm_form_map_new_from_data:
 * @json: the map, as JSON text (see data/forms/README.md)
 * @length: the length of @json in bytes, or -1 if it ends with a nul
 * @error: return location for a #GError
 *
 * Reads a field map. A map that is not valid JSON, names a column or a type
 * we do not know, gives a column a type it cannot hold or leaves out a column
 * every report needs is refused with %CM_FORM_MAP_ERROR_INVALID_MAP and a
 * message that names the problem.
 *
 * Returns: (transfer full) (nullable): the map, or %NULL on error
 */
CmFormMap *
cm_form_map_new_from_data (const char  *json,
                           gssize       length,
                           GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(CmFormMap) self = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (json != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, json, length, &local_error))
    {
      map_error (error, _("The field map is not valid JSON: %s"), local_error->message);
      return NULL;
    }

  self = g_new0 (CmFormMap, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->fields = g_ptr_array_new_with_free_func ((GDestroyNotify) field_free);
  self->repeat_fields = g_ptr_array_new_with_free_func ((GDestroyNotify) field_free);

  if (!read_map (self, json_parser_get_root (parser), error))
    return NULL;

  return g_steal_pointer (&self);
}

/**
 * cm_form_map_new_builtin:
 * @flavour: which server's rows the map reads
 *
 * Loads the map that ships with Comedores for the daily-report form
 * (data/forms/central.json or kobo.json, compiled into the core library).
 * Those maps are checked by the tests; one that does not load is a bug, and
 * aborts.
 *
 * Returns: (transfer full): the map
 */
CmFormMap *
cm_form_map_new_builtin (CmFormMapFlavour flavour)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CmFormMap) self = NULL;
  g_autofree char *path = NULL;
  const char *name;

  g_return_val_if_fail (flavour == CM_FORM_MAP_CENTRAL || flavour == CM_FORM_MAP_KOBO, NULL);

  name = flavour == CM_FORM_MAP_CENTRAL ? "central.json" : "kobo.json";
  path = g_strconcat (FORMS_RESOURCE_PATH, name, NULL);

  /* The resource by its handle, not through g_resources_lookup_data(): the
   * constructor that registers it globally may be dropped by the linker when
   * the core is a static library. */
  bytes = g_resource_lookup_data (cm_core_get_resource (), path,
                                  G_RESOURCE_LOOKUP_FLAGS_NONE, &error);
  if (bytes == NULL)
    g_error ("The built-in field map %s is missing: %s", name, error->message);

  self = cm_form_map_new_from_data (g_bytes_get_data (bytes, NULL),
                                    (gssize) g_bytes_get_size (bytes), &error);
  if (self == NULL)
    g_error ("The built-in field map %s is not valid: %s", name, error->message);
  if (self->flavour != flavour)
    g_error ("The built-in field map %s is for another server", name);

  return g_steal_pointer (&self);
}

/**
 * cm_form_map_ref:
 * @self: a #CmFormMap
 *
 * Returns: (transfer full): @self, with one more reference
 */
CmFormMap *
cm_form_map_ref (CmFormMap *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

/**
 * cm_form_map_unref:
 * @self: a #CmFormMap
 *
 * Drops a reference; the last one frees the map.
 */
void
cm_form_map_unref (CmFormMap *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  g_free (self->form_id);
  g_ptr_array_unref (self->fields);
  g_free (self->repeat_path);
  g_ptr_array_unref (self->repeat_fields);
  g_strfreev (self->media);
  g_free (self);
}

/**
 * cm_form_map_get_flavour:
 * @self: a #CmFormMap
 *
 * Returns: which server's row shape the map reads
 */
CmFormMapFlavour
cm_form_map_get_flavour (CmFormMap *self)
{
  g_return_val_if_fail (self != NULL, CM_FORM_MAP_CENTRAL);

  return self->flavour;
}

/**
 * cm_form_map_get_form_id:
 * @self: a #CmFormMap
 *
 * Returns: (transfer none): the id of the form the map is for
 */
const char *
cm_form_map_get_form_id (CmFormMap *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->form_id;
}

/* Reading a row. */

/* The value at @path in @object. A key may hold a slash itself (Kobo
 * flattens groups: "comensales/ninas_ninos"), so at each level the longest
 * run of segments that is a key wins, and the rest is looked up inside it. */
static JsonNode *
lookup_segments (JsonObject  *object,
                 char       **segments,
                 guint        first,
                 guint        n)
{
  for (guint last = n; last > first; last--)
    {
      g_autofree char *key = NULL;
      JsonNode *node;
      char *saved = segments[last];

      segments[last] = NULL;
      key = g_strjoinv ("/", segments + first);
      segments[last] = saved;

      node = json_object_get_member (object, key);
      if (node == NULL)
        continue;
      if (last == n)
        return node;
      if (JSON_NODE_HOLDS_OBJECT (node))
        {
          node = lookup_segments (json_node_get_object (node), segments, last, n);
          if (node != NULL)
            return node;
        }
    }

  return NULL;
}

/* An empty answer: absent, null, or a string of white space only (Central
 * gives null for an empty answer; Kobo leaves the key out). */
static gboolean
is_empty (JsonNode *node)
{
  const char *text;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return FALSE;

  for (text = json_node_get_string (node); *text != '\0'; text++)
    if (!g_ascii_isspace (*text))
      return FALSE;

  return TRUE;
}

static JsonNode *
lookup (JsonObject *object,
        const char *path)
{
  g_auto(GStrv) segments = NULL;

  if (strchr (path, '/') == NULL)
    return json_object_get_member (object, path);

  segments = g_strsplit (path, "/", -1);
  return lookup_segments (object, segments, 0, g_strv_length (segments));
}

/* The first of @paths that holds an answer; NULL when none does. */
static JsonNode *
lookup_any (JsonObject  *object,
            char       **paths)
{
  for (guint i = 0; paths[i] != NULL; i++)
    {
      JsonNode *node = lookup (object, paths[i]);

      if (!is_empty (node))
        return node;
    }

  return NULL;
}

/* A value as a message shows it: strings bare, the rest as JSON, cut short. */
static char *
describe (JsonNode *node)
{
  g_autoptr(GString) text = g_string_new (NULL);
  const char *end;

  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    g_string_append (text, json_node_get_string (node));
  else
    append_node (text, node);

  if (!g_utf8_validate (text->str, (gssize) text->len, &end))
    g_string_truncate (text, (gsize) (end - text->str));
  if (g_utf8_strlen (text->str, -1) > 60)
    {
      g_string_truncate (text, (gsize) (g_utf8_offset_to_pointer (text->str, 59) - text->str));
      g_string_append (text, "…");
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

typedef enum
{
  BAD_WHOLE_NUMBER,
  BAD_NEGATIVE,
  BAD_MONEY,
  BAD_TOO_LARGE,
  BAD_DATE,
  BAD_TIMESTAMP,
  BAD_CHOICE,
  BAD_GEOPOINT,
  BAD_TEXT,
  BAD_FILE_NAME,
  BAD_LIST,
  BAD_GROUP,
} BadKind;

static gboolean
bad_value (GError     **error,
           const char  *field_name,
           JsonNode    *node,
           BadKind      kind)
{
  g_autofree char *value = describe (node);

  switch (kind)
    {
    case BAD_WHOLE_NUMBER:
      g_set_error (error, CM_FORM_MAP_ERROR, CM_FORM_MAP_ERROR_BAD_VALUE,
                   _("The field “%s” holds “%s”, which is not a whole number."), field_name, value);
      break;
    case BAD_NEGATIVE:
      g_set_error (error, CM_FORM_MAP_ERROR, CM_FORM_MAP_ERROR_BAD_VALUE,
                   _("The field “%s” holds “%s”, which is below zero."), field_name, value);
      break;
    case BAD_MONEY:
      g_set_error (error, CM_FORM_MAP_ERROR, CM_FORM_MAP_ERROR_BAD_VALUE,
                   _("The field “%s” holds “%s”, which is not an amount of money."), field_name, value);
      break;
    case BAD_TOO_LARGE:
      g_set_error (error, CM_FORM_MAP_ERROR, CM_FORM_MAP_ERROR_BAD_VALUE,
                   _("The field “%s” holds “%s”, which is too large."), field_name, value);
      break;
    case BAD_DATE:
      g_set_error (error, CM_FORM_MAP_ERROR, CM_FORM_MAP_ERROR_BAD_VALUE,
                   _("The field “%s” holds “%s”, which is not a valid date written as YYYY-MM-DD."),
                   field_name, value);
      break;
    case BAD_TIMESTAMP:
      g_set_error (error, CM_FORM_MAP_ERROR, CM_FORM_MAP_ERROR_BAD_VALUE,
                   _("The field “%s” holds “%s”, which is not a date and time."), field_name, value);
      break;
    case BAD_CHOICE:
      g_set_error (error, CM_FORM_MAP_ERROR, CM_FORM_MAP_ERROR_BAD_VALUE,
                   _("The field “%s” holds “%s”, which is not one of the answers the field map knows."),
                   field_name, value);
      break;
    case BAD_GEOPOINT:
      g_set_error (error, CM_FORM_MAP_ERROR, CM_FORM_MAP_ERROR_BAD_VALUE,
                   _("The field “%s” holds “%s”, which is not a GPS point."), field_name, value);
      break;
    case BAD_TEXT:
      g_set_error (error, CM_FORM_MAP_ERROR, CM_FORM_MAP_ERROR_BAD_VALUE,
                   _("The field “%s” holds “%s”, which is not text."), field_name, value);
      break;
    case BAD_FILE_NAME:
      g_set_error (error, CM_FORM_MAP_ERROR, CM_FORM_MAP_ERROR_BAD_VALUE,
                   _("The field “%s” holds “%s”, which is not a file name."), field_name, value);
      break;
    case BAD_LIST:
      g_set_error (error, CM_FORM_MAP_ERROR, CM_FORM_MAP_ERROR_BAD_VALUE,
                   _("The field “%s” holds “%s”, which is not a list."), field_name, value);
      break;
    case BAD_GROUP:
    default:
      g_set_error (error, CM_FORM_MAP_ERROR, CM_FORM_MAP_ERROR_BAD_VALUE,
                   _("The field “%s” holds “%s”, which is not a group of answers."), field_name, value);
      break;
    }

  return FALSE;
}

static const char *
get_string (JsonNode *node)
{
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    return json_node_get_string (node);
  return NULL;
}

/* A string without the white space around it. */
static char *
strip_dup (const char *text)
{
  return g_strstrip (g_strdup (text));
}

typedef enum
{
  NUMBER_OK,
  NUMBER_INVALID,
  NUMBER_TOO_LARGE,
} NumberResult;

#define MAX_DIGITS 18   /* every 18-digit number fits in a gint64 */

/* A decimal number written in @text, times 10^@shift, rounded to a whole
 * number half away from zero, exactly: no binary floating point on the way,
 * so 1.005 pesos is 101 centavos. Accepts an exponent (Java writes large
 * decimals as 1.2345E7). */
static NumberResult
parse_decimal_scaled (const char *text,
                      int         shift,
                      gint64     *out)
{
  const char *p = text;
  char digits[MAX_DIGITS + 2];
  guint n_digits = 0;
  gboolean negative = FALSE;
  gboolean any = FALSE;
  gint64 scale = shift;               /* the value is digits × 10^scale */
  gint64 magnitude = 0;
  gint64 keep;

  if (*p == '+' || *p == '-')
    negative = *p++ == '-';

  for (; g_ascii_isdigit (*p); p++)
    {
      any = TRUE;
      if (n_digits == 0 && *p == '0')
        continue;
      if (n_digits < MAX_DIGITS + 1)
        digits[n_digits++] = *p;
      else
        scale++;   /* too large anyway, see below */
    }
  if (*p == '.')
    {
      p++;
      for (; g_ascii_isdigit (*p); p++)
        {
          any = TRUE;
          if (n_digits == 0 && *p == '0')
            scale--;
          else if (n_digits < MAX_DIGITS + 1)
            {
              digits[n_digits++] = *p;
              scale--;
            }
          /* else: past the 19th significant digit, never the rounding one */
        }
    }
  if (!any)
    return NUMBER_INVALID;

  if (*p == 'e' || *p == 'E')
    {
      gint64 exponent = 0;
      gboolean exponent_negative = FALSE;

      p++;
      if (*p == '+' || *p == '-')
        exponent_negative = *p++ == '-';
      if (!g_ascii_isdigit (*p))
        return NUMBER_INVALID;
      for (; g_ascii_isdigit (*p); p++)
        if (exponent < 10000)
          exponent = exponent * 10 + (*p - '0');
      scale += exponent_negative ? -exponent : exponent;
    }
  if (*p != '\0')
    return NUMBER_INVALID;

  if (n_digits == 0)
    {
      *out = 0;
      return NUMBER_OK;
    }

  /* keep the digits left of the point, round on the first one right of it */
  keep = (gint64) n_digits + scale;
  if (keep > MAX_DIGITS)
    return NUMBER_TOO_LARGE;
  for (gint64 i = 0; i < keep; i++)
    magnitude = magnitude * 10 + (i < n_digits ? digits[i] - '0' : 0);
  if (keep >= 0 && keep < n_digits && digits[keep] >= '5')
    magnitude++;

  *out = negative ? -magnitude : magnitude;
  return NUMBER_OK;
}

static gboolean
read_count (const char  *name,
            JsonNode    *node,
            gint64      *out,
            GError     **error)
{
  const char *text = get_string (node);
  gint64 value;

  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64)
    value = json_node_get_int (node);
  else if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_DOUBLE)
    {
      double d = json_node_get_double (node);

      if (!isfinite (d) || d != floor (d))
        return bad_value (error, name, node, BAD_WHOLE_NUMBER);
      if (fabs (d) >= 1e18)
        return bad_value (error, name, node, BAD_TOO_LARGE);
      value = (gint64) d;
    }
  else if (text != NULL)
    {
      g_autofree char *stripped = strip_dup (text);
      const char *p = stripped;

      if (*p == '-' || *p == '+')
        p++;
      if (*p == '\0')
        return bad_value (error, name, node, BAD_WHOLE_NUMBER);
      for (; *p != '\0'; p++)
        if (!g_ascii_isdigit (*p))
          return bad_value (error, name, node, BAD_WHOLE_NUMBER);
      if (parse_decimal_scaled (stripped, 0, &value) != NUMBER_OK)
        return bad_value (error, name, node, BAD_TOO_LARGE);
    }
  else
    return bad_value (error, name, node, BAD_WHOLE_NUMBER);

  if (value < 0)
    return bad_value (error, name, node, BAD_NEGATIVE);

  *out = value;
  return TRUE;
}

static gboolean
read_money (const char  *name,
            JsonNode    *node,
            gint64      *out,
            GError     **error)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  g_autofree char *stripped = NULL;
  const char *text;
  gint64 value;

  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64)
    {
      g_snprintf (buf, sizeof buf, "%" G_GINT64_FORMAT, json_node_get_int (node));
      text = buf;
    }
  else if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_DOUBLE)
    {
      if (!isfinite (json_node_get_double (node)))
        return bad_value (error, name, node, BAD_MONEY);
      /* as the device wrote it, so that 402.34 is 40234 centavos */
      format_shortest (json_node_get_double (node), buf);
      text = buf;
    }
  else if (get_string (node) != NULL)
    text = stripped = strip_dup (get_string (node));
  else
    return bad_value (error, name, node, BAD_MONEY);

  switch (parse_decimal_scaled (text, 2, &value))
    {
    case NUMBER_OK:
      break;
    case NUMBER_TOO_LARGE:
      return bad_value (error, name, node, BAD_TOO_LARGE);
    case NUMBER_INVALID:
    default:
      return bad_value (error, name, node, BAD_MONEY);
    }

  if (value < 0)
    return bad_value (error, name, node, BAD_NEGATIVE);

  *out = value;
  return TRUE;
}

static gboolean
parse_digits (const char **p,
              guint        n,
              int         *out)
{
  int value = 0;

  for (guint i = 0; i < n; i++)
    {
      if (!g_ascii_isdigit ((*p)[i]))
        return FALSE;
      value = value * 10 + ((*p)[i] - '0');
    }
  *p += n;
  *out = value;
  return TRUE;
}

static gboolean
parse_date (const char *text,
            int        *year,
            int        *month,
            int        *day)
{
  const char *p = text;

  if (!parse_digits (&p, 4, year) || *p++ != '-' ||
      !parse_digits (&p, 2, month) || *p++ != '-' ||
      !parse_digits (&p, 2, day))
    return FALSE;
  if (*year < 1 || *month < 1 || *month > 12 || *day < 1 ||
      !g_date_valid_dmy ((GDateDay) *day, (GDateMonth) *month, (GDateYear) *year))
    return FALSE;

  return *p == '\0';
}

static gboolean
read_date (const char  *name,
           JsonNode    *node,
           char       **out,
           GError     **error)
{
  const char *text = get_string (node);
  int year, month, day;

  if (text == NULL || !parse_date (text, &year, &month, &day))
    return bad_value (error, name, node, BAD_DATE);

  *out = g_strdup (text);
  return TRUE;
}

/* ISO 8601 with an offset, or none for UTC (Kobo's naive
 * "2024-05-01T09:12:44"), to the microsecond, as UTC to the millisecond:
 * "2024-05-01T09:12:44.000Z", the way Central writes it. A number is Unix
 * time in seconds (Kobo's validation timestamp). */
static char *
parse_timestamp (JsonNode *node)
{
  g_autoptr(GDateTime) local = NULL;
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GTimeZone) zone = NULL;
  g_autofree char *seconds_text = NULL;
  const char *text = get_string (node);
  const char *p;
  int year, month, day, hour, minute, second = 0;
  gint64 usec = 0;

  if (JSON_NODE_HOLDS_VALUE (node) &&
      (json_node_get_value_type (node) == G_TYPE_INT64 ||
       json_node_get_value_type (node) == G_TYPE_DOUBLE))
    {
      double seconds = json_node_get_double (node);

      /* between 1970 and 9999 */
      if (!isfinite (seconds) || seconds < 0 || seconds >= 253402300800.0)
        return NULL;
      local = g_date_time_new_from_unix_utc ((gint64) floor (seconds));
      usec = (gint64) round ((seconds - floor (seconds)) * G_USEC_PER_SEC);
    }
  else if (text != NULL && strlen (text) >= 16 && text[10] == 'T')
    {
      g_autofree char *date = g_strndup (text, 10);

      if (!parse_date (date, &year, &month, &day))
        return NULL;
      p = text + 11;
      if (!parse_digits (&p, 2, &hour) || *p++ != ':' || !parse_digits (&p, 2, &minute))
        return NULL;
      if (*p == ':')
        {
          p++;
          if (!parse_digits (&p, 2, &second))
            return NULL;
          if (*p == '.' || *p == ',')
            {
              gint64 unit = G_USEC_PER_SEC;

              p++;
              if (!g_ascii_isdigit (*p))
                return NULL;
              for (; g_ascii_isdigit (*p); p++)
                if ((unit /= 10) > 0)
                  usec += (*p - '0') * unit;
            }
        }
      if (hour > 23 || minute > 59 || second > 59)
        return NULL;

      if (*p == '\0' || strcmp (p, "Z") == 0)
        zone = g_time_zone_new_utc ();
      else if (*p == '+' || *p == '-')
        {
          int offset_hours, offset_minutes = 0;
          const char *q = p + 1;

          if (!parse_digits (&q, 2, &offset_hours))
            return NULL;
          if (*q == ':')
            q++;
          if (*q != '\0' && !parse_digits (&q, 2, &offset_minutes))
            return NULL;
          if (*q != '\0' || offset_hours > 23 || offset_minutes > 59)
            return NULL;
          zone = g_time_zone_new_offset ((*p == '-' ? -1 : 1) *
                                         (offset_hours * 3600 + offset_minutes * 60));
        }
      else
        return NULL;

      local = g_date_time_new (zone, year, month, day, hour, minute, second);
    }

  if (local == NULL)
    return NULL;
  if (usec > 0)
    {
      GDateTime *later = g_date_time_add (local, usec);

      g_date_time_unref (local);
      local = later;
    }

  utc = g_date_time_to_utc (local);
  if (utc == NULL)
    return NULL;
  seconds_text = g_date_time_format (utc, "%Y-%m-%dT%H:%M:%S");
  return g_strdup_printf ("%s.%03dZ", seconds_text, g_date_time_get_microsecond (utc) / 1000);
}

static gboolean
read_timestamp (const char  *name,
                JsonNode    *node,
                char       **out,
                GError     **error)
{
  char *value = parse_timestamp (node);

  if (value == NULL)
    return bad_value (error, name, node, BAD_TIMESTAMP);

  *out = value;
  return TRUE;
}

static gboolean
parse_number (const char *text,
              double     *out)
{
  char *end;

  if (*text == '\0')
    return FALSE;
  *out = g_ascii_strtod (text, &end);
  return *end == '\0' && isfinite (*out);
}

static gboolean
get_number (JsonNode *node,
            double   *out)
{
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  if (json_node_get_value_type (node) != G_TYPE_INT64 &&
      json_node_get_value_type (node) != G_TYPE_DOUBLE)
    return FALSE;

  *out = json_node_get_double (node);
  return isfinite (*out);
}

/* A point as GeoJSON {"type":"Point","coordinates":[lon,lat(,alt)],
 * "properties":{"accuracy":a}}, as WKT "POINT (lon lat [alt])" (Central with
 * $wkt=true), or as ODK writes it, "lat lon [alt [acc]]" (Kobo). What a
 * shape does not give is NAN. */
static gboolean
parse_geopoint (JsonNode *node,
                double    parts[4])
{
  const char *text = get_string (node);

  for (guint i = 0; i < 4; i++)
    parts[i] = NAN;

  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *point = json_node_get_object (node);
      JsonObject *properties = get_object_member (point, "properties");
      JsonNode *coordinates = json_object_get_member (point, "coordinates");
      JsonArray *array;
      guint n;

      if (g_strcmp0 (get_string_member (point, "type"), "Point") != 0 ||
          coordinates == NULL || !JSON_NODE_HOLDS_ARRAY (coordinates))
        return FALSE;
      array = json_node_get_array (coordinates);
      n = json_array_get_length (array);
      if (n < 2 || n > 3)
        return FALSE;
      if (!get_number (json_array_get_element (array, 0), &parts[PART_LONGITUDE]) ||
          !get_number (json_array_get_element (array, 1), &parts[PART_LATITUDE]) ||
          (n == 3 && !get_number (json_array_get_element (array, 2), &parts[PART_ALTITUDE])))
        return FALSE;
      if (properties != NULL && json_object_has_member (properties, "accuracy") &&
          !JSON_NODE_HOLDS_NULL (json_object_get_member (properties, "accuracy")) &&
          !get_number (json_object_get_member (properties, "accuracy"), &parts[PART_ACCURACY]))
        return FALSE;
    }
  else if (text != NULL)
    {
      g_autofree char *stripped = strip_dup (text);
      g_auto(GStrv) words = NULL;
      gboolean wkt = g_ascii_strncasecmp (stripped, "POINT", 5) == 0;
      guint n;

      if (wkt)
        {
          char *open = strchr (stripped, '(');
          char *close = strrchr (stripped, ')');
          char *between = stripped + 5;

          if (open == NULL || close == NULL || close < open || close[1] != '\0')
            return FALSE;
          /* only white space or the Z of a 3D point before the parenthesis */
          for (; between < open; between++)
            if (!g_ascii_isspace (*between) && *between != 'Z' && *between != 'z')
              return FALSE;
          *close = '\0';
          words = g_strsplit_set (g_strstrip (open + 1), " \t", -1);
        }
      else
        words = g_strsplit_set (stripped, " \t", -1);

      /* runs of spaces give empty words */
      n = 0;
      for (guint i = 0; words[i] != NULL; i++)
        if (*words[i] != '\0')
          {
            char *word = words[i];

            words[i] = words[n];
            words[n++] = word;
          }

      if (wkt ? (n < 2 || n > 3) : (n < 2 || n > 4))
        return FALSE;
      for (guint i = 0; i < n; i++)
        {
          /* WKT is lon lat alt; ODK lat lon alt acc */
          static const GeoPart wkt_order[] = { PART_LONGITUDE, PART_LATITUDE, PART_ALTITUDE };
          static const GeoPart odk_order[] = { PART_LATITUDE, PART_LONGITUDE, PART_ALTITUDE, PART_ACCURACY };

          if (!parse_number (words[i], &parts[wkt ? wkt_order[i] : odk_order[i]]))
            return FALSE;
        }
    }
  else
    return FALSE;

  return parts[PART_LATITUDE] >= -90 && parts[PART_LATITUDE] <= 90 &&
         parts[PART_LONGITUDE] >= -180 && parts[PART_LONGITUDE] <= 180 &&
         (isnan (parts[PART_ACCURACY]) || parts[PART_ACCURACY] >= 0);
}

/* A media file's name as the server gives it: one name, never a path. */
static gboolean
is_file_name (const char *name)
{
  if (name == NULL || *name == '\0' || strcmp (name, ".") == 0 || strcmp (name, "..") == 0)
    return FALSE;
  for (const char *p = name; *p != '\0'; p++)
    if (*p == '/' || *p == '\\' || (guchar) *p < 0x20)
      return FALSE;

  return g_utf8_validate (name, -1, NULL);
}

/* Kobo's _attachments: those not deleted. */
static gboolean
count_items (JsonNode *node,
             gint64   *out)
{
  JsonArray *array;
  gint64 n = 0;

  if (!JSON_NODE_HOLDS_ARRAY (node))
    return FALSE;
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *item = json_array_get_element (array, i);
      JsonNode *deleted = JSON_NODE_HOLDS_OBJECT (item) ?
        json_object_get_member (json_node_get_object (item), "is_deleted") : NULL;

      if (deleted != NULL && JSON_NODE_HOLDS_VALUE (deleted) &&
          json_node_get_value_type (deleted) == G_TYPE_BOOLEAN && json_node_get_boolean (deleted))
        continue;
      n++;
    }

  *out = n;
  return TRUE;
}

static gboolean
apply_field (const Field  *field,
             JsonObject   *object,
             const char   *repeat_prefix,
             gpointer      target,
             GError      **error)
{
  g_autofree char *name = NULL;
  gpointer slot = G_STRUCT_MEMBER_P (target, field->column->offset);
  JsonNode *node;
  const char *text;

  if (field->type == TYPE_MEDIA_COUNT)
    return TRUE;   /* filled once the media are known */

  node = lookup_any (object, field->paths);

  /* the name a person would look for on the form: compras[2]/monto */
  if (repeat_prefix == NULL)
    name = g_strdup (field->paths[0]);
  else
    {
      const char *path = field->paths[0];
      const char *slash = strchr (repeat_prefix, '[');
      gsize base = slash != NULL ? (gsize) (slash - repeat_prefix) : strlen (repeat_prefix);

      /* Kobo keys repeat answers by their full path */
      if (strncmp (path, repeat_prefix, base) == 0 && path[base] == '/')
        path += base + 1;
      name = g_strdup_printf ("%s/%s", repeat_prefix, path);
    }

  if (node == NULL)
    {
      if (field->required)
        {
          g_set_error (error, CM_FORM_MAP_ERROR, CM_FORM_MAP_ERROR_MISSING_FIELD,
                       _("The field “%s” is missing or empty."), name);
          return FALSE;
        }
      return TRUE;
    }

  switch (field->type)
    {
    case TYPE_TEXT:
      if ((text = get_string (node)) == NULL)
        return bad_value (error, name, node, BAD_TEXT);
      g_free (*(char **) slot);
      *(char **) slot = g_strdup (text);
      return TRUE;

    case TYPE_MEDIA:
      if ((text = get_string (node)) == NULL || !is_file_name (text))
        return bad_value (error, name, node, BAD_FILE_NAME);
      g_free (*(char **) slot);
      *(char **) slot = g_strdup (text);
      return TRUE;

    case TYPE_CHOICE:
      if ((text = get_string (node)) == NULL ||
          (text = g_hash_table_lookup (field->values, text)) == NULL)
        return bad_value (error, name, node, BAD_CHOICE);
      g_free (*(char **) slot);
      *(char **) slot = g_strdup (text);
      return TRUE;

    case TYPE_DATE:
      g_free (*(char **) slot);
      *(char **) slot = NULL;
      return read_date (name, node, (char **) slot, error);

    case TYPE_TIMESTAMP:
      g_free (*(char **) slot);
      *(char **) slot = NULL;
      return read_timestamp (name, node, (char **) slot, error);

    case TYPE_COUNT:
      return read_count (name, node, (gint64 *) slot, error);

    case TYPE_MONEY:
      return read_money (name, node, (gint64 *) slot, error);

    case TYPE_ITEMS:
      if (!count_items (node, (gint64 *) slot))
        return bad_value (error, name, node, BAD_LIST);
      return TRUE;

    case TYPE_YES_NO:
      {
        g_autofree char *stripped = NULL;

        text = get_string (node);
        stripped = text != NULL ? strip_dup (text) : NULL;
        if (g_strcmp0 (stripped, field->yes) == 0)
          *(gboolean *) slot = TRUE;
        else if (g_strcmp0 (stripped, field->no) == 0)
          *(gboolean *) slot = FALSE;
        else
          {
            g_autofree char *value = describe (node);

            g_set_error (error, CM_FORM_MAP_ERROR, CM_FORM_MAP_ERROR_BAD_VALUE,
                         _("The field “%s” holds “%s”, which is neither “%s” nor “%s”."),
                         name, value, field->yes, field->no);
            return FALSE;
          }
        return TRUE;
      }

    case TYPE_GEOPOINT:
      {
        double parts[4];

        if (!parse_geopoint (node, parts))
          return bad_value (error, name, node, BAD_GEOPOINT);
        *(double *) slot = parts[field->part];
        return TRUE;
      }

    case TYPE_MEDIA_COUNT:
    case N_TYPES:
    default:
      g_assert_not_reached ();
    }

  return FALSE;
}

static void
add_attachment (GPtrArray  *names,
                const char *name)
{
  if (name == NULL)
    return;
  for (guint i = 0; i < names->len; i++)
    if (strcmp (g_ptr_array_index (names, i), name) == 0)
      return;
  g_ptr_array_add (names, g_strdup (name));
}

static gboolean
apply_repeat (CmFormMap       *self,
              JsonObject      *row,
              CmMappedReport  *report,
              GError         **error)
{
  JsonNode *node = lookup (row, self->repeat_path);
  JsonArray *array;

  /* Central leaves a top-level repeat with no instances out (Part 5, R3),
   * gives {} for one inside a group; Kobo leaves it out. */
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (JSON_NODE_HOLDS_OBJECT (node) && json_object_get_size (json_node_get_object (node)) == 0)
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return bad_value (error, self->repeat_path, node, BAD_LIST);

  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char *prefix = g_strdup_printf ("%s[%u]", self->repeat_path, i + 1);
      JsonNode *item = json_array_get_element (array, i);
      CmMappedPurchase *purchase;

      if (!JSON_NODE_HOLDS_OBJECT (item))
        return bad_value (error, prefix, item, BAD_GROUP);

      purchase = g_new0 (CmMappedPurchase, 1);
      purchase->position = i;
      g_ptr_array_add (report->purchases, purchase);

      for (guint j = 0; j < self->repeat_fields->len; j++)
        if (!apply_field (g_ptr_array_index (self->repeat_fields, j),
                          json_node_get_object (item), prefix, purchase, error))
          return FALSE;
    }

  return TRUE;
}

static gboolean
apply_media (CmFormMap       *self,
             JsonObject      *row,
             CmMappedReport  *report,
             GError         **error)
{
  for (guint i = 0; self->media[i] != NULL; i++)
    {
      JsonNode *node = lookup (row, self->media[i]);
      const char *name;

      if (is_empty (node))
        continue;
      name = get_string (node);
      if (name == NULL || !is_file_name (name))
        return bad_value (error, self->media[i], node, BAD_FILE_NAME);
      add_attachment (report->attachment_names, name);
    }

  /* then each purchase's, in form order */
  for (guint i = 0; i < report->purchases->len; i++)
    for (guint j = 0; j < self->repeat_fields->len; j++)
      {
        const Field *field = g_ptr_array_index (self->repeat_fields, j);

        if (field->type == TYPE_MEDIA)
          add_attachment (report->attachment_names,
                          G_STRUCT_MEMBER (char *, g_ptr_array_index (report->purchases, i),
                                           field->column->offset));
      }

  for (guint i = 0; i < self->fields->len; i++)
    {
      const Field *field = g_ptr_array_index (self->fields, i);

      if (field->type == TYPE_MEDIA_COUNT)
        G_STRUCT_MEMBER (gint64, report, field->column->offset) = report->attachment_names->len;
    }

  return TRUE;
}

/**
 * cm_form_map_apply:
 * @self: a #CmFormMap
 * @row: one submission as the server's feed gives it
 * @error: return location for a #GError
 *
 * Maps a row to our report columns. A required answer that is absent or
 * null fails with %CM_FORM_MAP_ERROR_MISSING_FIELD; an answer of the wrong
 * kind (text where a whole number goes, a day that does not exist, a
 * negative count or amount) fails with %CM_FORM_MAP_ERROR_BAD_VALUE. The
 * message names the field and the value, for the quarantine. A folio that
 * matches no kitchen is not an error here.
 *
 * Returns: (transfer full) (nullable): the report, or %NULL on error
 */
CmMappedReport *
cm_form_map_apply (CmFormMap   *self,
                   JsonObject  *row,
                   GError     **error)
{
  g_autoptr(CmMappedReport) report = NULL;
  g_autoptr(GString) raw = NULL;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (row != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  report = g_new0 (CmMappedReport, 1);
  report->latitude = NAN;
  report->longitude = NAN;
  report->gps_accuracy = NAN;
  report->purchases = g_ptr_array_new_with_free_func ((GDestroyNotify) mapped_purchase_free);
  report->attachment_names = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < self->fields->len; i++)
    if (!apply_field (g_ptr_array_index (self->fields, i), row, NULL, report, error))
      return NULL;

  if (self->repeat_path != NULL && !apply_repeat (self, row, report, error))
    return NULL;

  if (!apply_media (self, row, report, error))
    return NULL;

  if (report->incidents == NULL)
    report->incidents = g_strdup ("");

  raw = g_string_sized_new (2048);
  append_object (raw, row);
  report->raw = g_string_free (g_steal_pointer (&raw), FALSE);

  return g_steal_pointer (&report);
}

/**
 * cm_mapped_report_free:
 * @report: (nullable): a #CmMappedReport
 *
 * Frees @report and everything it holds.
 */
void
cm_mapped_report_free (CmMappedReport *report)
{
  if (report == NULL)
    return;

  g_free (report->instance_id);
  g_free (report->folio_sent);
  g_free (report->report_date);
  g_free (report->incidents);
  g_free (report->device_id);
  g_free (report->submitter);
  g_free (report->submitted_at);
  g_free (report->updated_at);
  g_free (report->review_state);
  g_free (report->form_version);
  g_clear_pointer (&report->purchases, g_ptr_array_unref);
  g_clear_pointer (&report->attachment_names, g_ptr_array_unref);
  g_free (report->raw);
  g_free (report);
}
