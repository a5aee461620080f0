/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "cm-geojson-export"

#include "config.h"

#include <math.h>
#include <string.h>

#include "cm-canteen.h"
#include "cm-geojson-export.h"

/* The labels of the file, in Spanish on every desk: they are data for
 * another tool, not words of the interface. */
static const struct { const char *key; const char *label; } spanish_labels[] = {
  { "active", "Activo" },
  { "suspended", "Suspendido" },
  { "closed", "Cerrado" },
  { "cumple", "Cumple" },
  { "cumple_con_observaciones", "Cumple con observaciones" },
  { "no_cumple", "No cumple" },
  { "sin_evaluar", "Sin evaluar" },
};

static const char *
spanish_label (const char *key)
{
  for (guint i = 0; i < G_N_ELEMENTS (spanish_labels); i++)
    if (g_strcmp0 (spanish_labels[i].key, key) == 0)
      return spanish_labels[i].label;
  return key;
}

/* A JSON string (RFC 8259): quotes, backslashes and control characters
 * escaped, anything not UTF-8 made valid; NULL is null. */
static void
append_string (GString    *out,
               const char *text)
{
  g_autofree char *valid = NULL;

  if (text == NULL)
    {
      g_string_append (out, "null");
      return;
    }
  if (!g_utf8_validate (text, -1, NULL))
    text = valid = g_utf8_make_valid (text, -1);

  g_string_append_c (out, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;

      switch (c)
        {
        case '"':
          g_string_append (out, "\\\"");
          break;
        case '\\':
          g_string_append (out, "\\\\");
          break;
        case '\n':
          g_string_append (out, "\\n");
          break;
        case '\r':
          g_string_append (out, "\\r");
          break;
        case '\t':
          g_string_append (out, "\\t");
          break;
        default:
          if (c < 0x20)
            g_string_append_printf (out, "\\u%04x", c);
          else
            g_string_append_c (out, (char) c);
        }
    }
  g_string_append_c (out, '"');
}

static void
append_member (GString    *out,
               const char *name,
               const char *text)
{
  g_string_append_printf (out, ",\n        \"%s\": ", name);
  append_string (out, text);
}

/* A value that may be unknown: null rather than "" for a GIS. */
static void
append_optional (GString    *out,
                 const char *name,
                 const char *text)
{
  append_member (out, name, text != NULL && *text != '\0' ? text : NULL);
}

static void
append_coordinate (GString *out,
                   double   value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  /* Six decimals are 11 cm: more than any tablet's fix. */
  g_string_append (out, g_ascii_formatd (buf, sizeof buf, "%.6f", value));
}

static void
append_feature (GString   *out,
                CmCanteen *canteen)
{
  double lat = cm_canteen_get_latitude (canteen);
  double lon = cm_canteen_get_longitude (canteen);
  gint64 capacity = cm_canteen_get_capacity (canteen);
  const char *compliance = cm_canteen_get_compliance (canteen);

  g_string_append (out, "    {\n      \"type\": \"Feature\",\n      \"id\": ");
  append_string (out, cm_canteen_get_folio (canteen));
  g_string_append (out, ",\n      \"geometry\": ");
  if (isfinite (lat) && isfinite (lon) && fabs (lat) <= 90 && fabs (lon) <= 180)
    {
      g_string_append (out, "{ \"type\": \"Point\", \"coordinates\": [");
      append_coordinate (out, lon);
      g_string_append (out, ", ");
      append_coordinate (out, lat);
      g_string_append (out, "] }");
    }
  else
    g_string_append (out, "null");

  g_string_append (out, ",\n      \"properties\": {\n        \"folio\": ");
  append_string (out, cm_canteen_get_folio (canteen));
  append_member (out, "name", cm_canteen_get_name (canteen));
  append_member (out, "modality", cm_canteen_get_modality (canteen));
  append_member (out, "status", cm_canteen_get_status (canteen));
  append_member (out, "status_label", spanish_label (cm_canteen_get_status (canteen)));
  append_optional (out, "alcaldia", cm_canteen_get_alcaldia_name (canteen));
  append_optional (out, "alcaldia_code", cm_canteen_get_alcaldia_code (canteen));
  append_member (out, "address", cm_canteen_get_address (canteen));
  append_member (out, "colonia", cm_canteen_get_colonia (canteen));
  g_string_append (out, ",\n        \"capacity\": ");
  if (capacity >= 0)
    g_string_append_printf (out, "%" G_GINT64_FORMAT, capacity);
  else
    g_string_append (out, "null");
  append_optional (out, "last_report", cm_canteen_get_last_report (canteen));
  append_member (out, "compliance", compliance != NULL ? compliance : "sin_evaluar");
  append_member (out, "compliance_label", spanish_label (compliance != NULL ? compliance : "sin_evaluar"));
  append_optional (out, "compliance_period", cm_canteen_get_compliance_period (canteen));
  g_string_append (out, "\n      }\n    }");
}

/**
 * cm_geojson_export_to_string:
 * @kitchens: a #GListModel of #CmCanteen
 * @n_features: (out) (optional): how many features were written
 *
 * Writes @kitchens as a GeoJSON FeatureCollection, in their order.
 *
 * Returns: (transfer full): the UTF-8 text of the file
 */
char *
cm_geojson_export_to_string (GListModel *kitchens,
                             guint      *n_features)
{
  GString *out;
  guint n;

  g_return_val_if_fail (G_IS_LIST_MODEL (kitchens), NULL);

  n = g_list_model_get_n_items (kitchens);
  out = g_string_sized_new (1024 + n * 640);
  g_string_append (out, "{\n  \"type\": \"FeatureCollection\",\n  \"features\": [");
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CmCanteen) canteen = g_list_model_get_item (kitchens, i);

      g_string_append (out, i == 0 ? "\n" : ",\n");
      append_feature (out, canteen);
    }
  g_string_append (out, n > 0 ? "\n  ]\n}\n" : "]\n}\n");

  if (n_features != NULL)
    *n_features = n;
  return g_string_free (out, FALSE);
}

/**
 * cm_geojson_export_write:
 * @kitchens: a #GListModel of #CmCanteen
 * @file: where to write
 * @n_features: (out) (optional): how many features were written
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Writes @kitchens to @file as GeoJSON. The file is replaced whole: a reader
 * sees the old file or the new one, never half of it.
 *
 * Returns: %TRUE on success
 */
gboolean
cm_geojson_export_write (GListModel    *kitchens,
                         GFile         *file,
                         guint         *n_features,
                         GCancellable  *cancellable,
                         GError       **error)
{
  g_autofree char *text = NULL;

  g_return_val_if_fail (G_IS_LIST_MODEL (kitchens), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  text = cm_geojson_export_to_string (kitchens, n_features);
  return g_file_replace_contents (file, text, strlen (text), NULL, FALSE,
                                  G_FILE_CREATE_REPLACE_DESTINATION, NULL, cancellable, error);
}

static void
replace_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!g_file_replace_contents_finish (G_FILE (object), result, NULL, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * cm_geojson_export_write_async:
 * @kitchens: a #GListModel of #CmCanteen
 * @file: where to write
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the file is written
 * @user_data: data for @callback
 *
 * Writes @kitchens to @file as cm_geojson_export_write() does: the text is
 * built at once, the file written without blocking.
 */
void
cm_geojson_export_write_async (GListModel          *kitchens,
                               GFile               *file,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GBytes) bytes = NULL;
  char *text;
  guint n = 0;

  g_return_if_fail (G_IS_LIST_MODEL (kitchens));
  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (file, cancellable, callback, user_data);
  g_task_set_source_tag (task, cm_geojson_export_write_async);
  text = cm_geojson_export_to_string (kitchens, &n);
  g_task_set_task_data (task, GUINT_TO_POINTER (n), NULL);
  bytes = g_bytes_new_take (text, strlen (text));
  g_file_replace_contents_bytes_async (file, bytes, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION,
                                       cancellable, replace_cb, g_steal_pointer (&task));
}

/**
 * cm_geojson_export_write_finish:
 * @result: the result given to the callback
 * @n_features: (out) (optional): how many features were written
 * @error: return location for a #GError
 *
 * Returns: %TRUE when the file was written
 */
gboolean
cm_geojson_export_write_finish (GAsyncResult  *result,
                                guint         *n_features,
                                GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), FALSE);

  if (n_features != NULL)
    *n_features = GPOINTER_TO_UINT (g_task_get_task_data (G_TASK (result)));
  return g_task_propagate_boolean (G_TASK (result), error);
}
