/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "cm-boundary-import"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "cm-alcaldias.h"
#include "cm-audit.h"
#include "cm-boundary-import.h"
#include "cm-geo.h"
#include "cm-text.h"

/* A feature whose cvegeo appears twice is refused with its twin: which of
 * two boundaries is the right one is for a person to say, not for the
 * order of the file. An alcaldía the file leaves out keeps its boundary. */

typedef struct
{
  char       *code;
  char       *name;       /* as in the alcaldia table */
  guint       feature;    /* from 1 */
  CmGeoShape *shape;
  char       *json;       /* the shape's normal form, what is stored */
} Accepted;

struct _CmBoundaryImport
{
  GObject         parent_instance;

  CmDb           *db;
  GArray         *accepted;   /* Accepted, by code */
  CmImportReport *report;
  gboolean        applied;
};

G_DEFINE_FINAL_TYPE (CmBoundaryImport, cm_boundary_import, G_TYPE_OBJECT)

static void
accepted_clear (gpointer data)
{
  Accepted *a = data;

  g_free (a->code);
  g_free (a->name);
  g_clear_pointer (&a->shape, cm_geo_shape_unref);
  g_free (a->json);
}

static void
cm_boundary_import_finalize (GObject *object)
{
  CmBoundaryImport *self = (CmBoundaryImport *) object;

  g_clear_object (&self->db);
  g_array_unref (self->accepted);
  g_clear_object (&self->report);

  G_OBJECT_CLASS (cm_boundary_import_parent_class)->finalize (object);
}

static void
cm_boundary_import_class_init (CmBoundaryImportClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cm_boundary_import_finalize;
}

static void
cm_boundary_import_init (CmBoundaryImport *self)
{
  self->accepted = g_array_new (FALSE, FALSE, sizeof (Accepted));
  g_array_set_clear_func (self->accepted, accepted_clear);
  self->report = cm_import_report_new ();
}

/* A property by name, in any case: some exports write CVEGEO. */
static JsonNode *
get_property (JsonObject *properties,
              const char *name)
{
  JsonObjectIter iter;
  const char *member;
  JsonNode *node;

  json_object_iter_init (&iter, properties);
  while (json_object_iter_next (&iter, &member, &node))
    if (g_ascii_strcasecmp (member, name) == 0)
      return node;
  return NULL;
}

/* cvegeo as text; a number (9002) gets back its leading zero. */
static char *
get_code (JsonNode *node)
{
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return NULL;
  if (json_node_get_value_type (node) == G_TYPE_STRING)
    return g_strstrip (g_strdup (json_node_get_string (node)));
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    return g_strdup_printf ("%05" G_GINT64_FORMAT, json_node_get_int (node));
  return NULL;
}

/* The alcaldía table's codes and names. */
static GHashTable *
read_alcaldias (CmDb    *db,
                GError **error)
{
  g_autoptr(GHashTable) names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  sqlite3_stmt *stmt;
  int rc;

  if (!(stmt = cm_db_prepare (db, "SELECT code, name FROM alcaldia", error)))
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_hash_table_insert (names, g_strdup ((const char *) sqlite3_column_text (stmt, 0)),
                         g_strdup ((const char *) sqlite3_column_text (stmt, 1)));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      cm_db_set_error_from_handle (db, error);
      return NULL;
    }
  return g_steal_pointer (&names);
}

static char *
read_boundary (CmDb        *db,
               const char  *code,
               gboolean    *found,
               GError     **error)
{
  sqlite3_stmt *stmt;
  char *boundary = NULL;
  int rc;

  if (!(stmt = cm_db_prepare (db, "SELECT boundary FROM alcaldia WHERE code = ?1", error)))
    return NULL;
  sqlite3_bind_text (stmt, 1, code, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  *found = rc == SQLITE_ROW;
  if (rc == SQLITE_ROW)
    boundary = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  else if (rc != SQLITE_DONE)
    cm_db_set_error_from_handle (db, error);
  sqlite3_reset (stmt);
  return boundary;
}

static int
compare_accepted (gconstpointer a,
                  gconstpointer b)
{
  return strcmp (((const Accepted *) a)->code, ((const Accepted *) b)->code);
}

/* Sets the counts from what the database holds now: the preview's, and
 * again inside apply()'s transaction. */
static gboolean
count_changes (CmBoundaryImport *self,
               GError          **error)
{
  gint64 added = 0, updated = 0, unchanged = 0;

  for (guint i = 0; i < self->accepted->len; i++)
    {
      Accepted *a = &g_array_index (self->accepted, Accepted, i);
      g_autoptr(GError) local_error = NULL;
      g_autofree char *current = NULL;
      gboolean found;

      current = read_boundary (self->db, a->code, &found, &local_error);
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      if (current == NULL)
        added++;
      else if (strcmp (current, a->json) == 0)
        unchanged++;
      else
        updated++;
    }

  cm_import_report_set_count (self->report, "unchanged", unchanged);
  cm_import_report_set_count (self->report, "added", added);
  cm_import_report_set_count (self->report, "updated", updated);
  return TRUE;
}

/**
 * cm_boundary_import_new_from_bytes:
 * @db: the database, read (under its lock) and not changed
 * @contents: the file's bytes
 * @error: set to a #CmImportError when the file as a whole is refused: not
 *   UTF-8, not JSON, not a FeatureCollection, or without features
 *
 * Reads the file and previews the import: which alcaldías get a boundary,
 * which features are refused and why, which alcaldías the file leaves out.
 *
 * Returns: (transfer full) (nullable): the import, ready to apply, or %NULL
 *   with @error set
 */
CmBoundaryImport *
cm_boundary_import_new_from_bytes (CmDb    *db,
                                   GBytes  *contents,
                                   GError **error)
{
  g_autoptr(CmBoundaryImport) self = NULL;
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GHashTable) names = NULL;
  g_autoptr(GHashTable) seen = NULL;   /* code → GArray of feature numbers */
  g_autoptr(GMutexLocker) locker = NULL;
  JsonNode *root;
  JsonObject *collection;
  JsonNode *features_node;
  JsonArray *features;
  const char *type;
  gint64 refused = 0, duplicates = 0, missing = 0;
  gsize length;
  const char *data;

  g_return_val_if_fail (CM_IS_DB (db), NULL);
  g_return_val_if_fail (contents != NULL, NULL);

  if (!cm_import_check_utf8 (contents, error))
    return NULL;
  data = g_bytes_get_data (contents, &length);
  if (!json_parser_load_from_data (parser, length > 0 ? data : "", length, &local_error))
    {
      g_set_error (error, CM_IMPORT_ERROR, CM_IMPORT_ERROR_FORMAT,
                   _("The file is not valid GeoJSON: %s"), local_error->message);
      return NULL;
    }
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, CM_IMPORT_ERROR, CM_IMPORT_ERROR_FORMAT,
                   _("The file is not a GeoJSON FeatureCollection."));
      return NULL;
    }
  collection = json_node_get_object (root);
  type = json_object_get_string_member_with_default (collection, "type", "");
  if (strcmp (type, "FeatureCollection") != 0)
    {
      g_set_error (error, CM_IMPORT_ERROR, CM_IMPORT_ERROR_FORMAT,
                   _("The file is a GeoJSON “%s”, not a FeatureCollection with a Feature for each alcaldía."),
                   type);
      return NULL;
    }
  features_node = json_object_get_member (collection, "features");
  if (features_node == NULL || !JSON_NODE_HOLDS_ARRAY (features_node) ||
      json_array_get_length (features = json_node_get_array (features_node)) == 0)
    {
      g_set_error (error, CM_IMPORT_ERROR, CM_IMPORT_ERROR_FORMAT,
                   _("The FeatureCollection has no features."));
      return NULL;
    }

  self = g_object_new (CM_TYPE_BOUNDARY_IMPORT, NULL);
  self->db = g_object_ref (db);

  locker = g_mutex_locker_new (cm_db_get_mutex (db));
  if (!(names = read_alcaldias (db, error)))
    return NULL;

  seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_array_unref);
  for (guint i = 0; i < json_array_get_length (features); i++)
    {
      JsonNode *node = json_array_get_element (features, i);
      guint number = i + 1;
      JsonObject *feature;
      JsonNode *properties;
      g_autofree char *code = NULL;
      JsonNode *nomgeo;
      const char *name;
      g_autoptr(GError) geo_error = NULL;
      Accepted a = { 0 };
      GArray *numbers;

      if (!JSON_NODE_HOLDS_OBJECT (node) ||
          g_strcmp0 (json_object_get_string_member_with_default (feature = json_node_get_object (node), "type", NULL),
                     "Feature") != 0)
        {
          cm_import_report_add_problem (self->report, number,
                                        _("Feature %u is not a GeoJSON Feature."), number);
          refused++;
          continue;
        }
      properties = json_object_get_member (feature, "properties");
      if (properties == NULL || !JSON_NODE_HOLDS_OBJECT (properties) ||
          (code = get_code (get_property (json_node_get_object (properties), "cvegeo"))) == NULL ||
          *code == '\0')
        {
          cm_import_report_add_problem (self->report, number,
                                        _("Feature %u has no “cvegeo” property, the INEGI code of its alcaldía."),
                                        number);
          refused++;
          continue;
        }
      if ((name = g_hash_table_lookup (names, code)) == NULL)
        {
          cm_import_report_add_problem (self->report, number,
                                        _("Feature %u: cvegeo “%s” is not an alcaldía of Mexico City (09002 to 09017)."),
                                        number, code);
          refused++;
          continue;
        }
      nomgeo = get_property (json_node_get_object (properties), "nomgeo");
      if (nomgeo != NULL && JSON_NODE_HOLDS_VALUE (nomgeo) &&
          json_node_get_value_type (nomgeo) == G_TYPE_STRING)
        {
          const CmAlcaldiaInfo *info = cm_alcaldias_find_by_name (json_node_get_string (nomgeo));

          if (info == NULL || strcmp (info->code, code) != 0)
            {
              cm_import_report_add_problem (self->report, number,
                                            _("Feature %u: its nomgeo “%s” does not name %s, the alcaldía of its cvegeo %s."),
                                            number, json_node_get_string (nomgeo), name, code);
              refused++;
              continue;
            }
        }
      a.shape = cm_geo_shape_new_from_node (json_object_get_member (feature, "geometry"), &geo_error);
      if (a.shape == NULL)
        {
          cm_import_report_add_problem (self->report, number, _("Feature %u (%s): %s"),
                                        number, name, geo_error->message);
          refused++;
          continue;
        }

      if ((numbers = g_hash_table_lookup (seen, code)) == NULL)
        {
          numbers = g_array_new (FALSE, FALSE, sizeof (guint));
          g_hash_table_insert (seen, g_strdup (code), numbers);
        }
      g_array_append_val (numbers, number);

      a.code = g_steal_pointer (&code);
      a.name = g_strdup (name);
      a.feature = number;
      a.json = cm_geo_shape_to_json (a.shape);
      g_array_append_val (self->accepted, a);
    }

  /* Twins out, both of them. */
  for (guint i = self->accepted->len; i-- > 0;)
    {
      Accepted *a = &g_array_index (self->accepted, Accepted, i);
      GArray *numbers = g_hash_table_lookup (seen, a->code);

      if (numbers->len < 2)
        continue;
      if (g_array_index (numbers, guint, 0) == a->feature)
        {
          g_autofree char *list = cm_import_join_numbers (numbers);

          cm_import_report_add_problem (self->report, a->feature,
                                        _("The cvegeo %s (%s) is on features %s: none of them is imported."),
                                        a->code, a->name, list);
          duplicates++;
        }
      g_array_remove_index (self->accepted, i);
    }
  g_array_sort (self->accepted, compare_accepted);

  {
    g_autoptr(GHashTable) imported = g_hash_table_new (g_str_hash, g_str_equal);
    const CmAlcaldiaInfo *all;
    guint n;

    for (guint i = 0; i < self->accepted->len; i++)
      g_hash_table_add (imported, g_array_index (self->accepted, Accepted, i).code);
    all = cm_alcaldias_get_all (&n);
    for (guint i = 0; i < n; i++)
      if (!g_hash_table_contains (imported, all[i].code))
        {
          cm_import_report_add_problem (self->report, 0,
                                        _("%s (%s) gets no boundary from this file: it keeps the one it has, if any."),
                                        all[i].name, all[i].code);
          missing++;
        }
  }

  if (!count_changes (self, error))
    return NULL;
  cm_import_report_set_count (self->report, "refused", refused);
  cm_import_report_set_count (self->report, "duplicates", duplicates);
  cm_import_report_set_count (self->report, "missing", missing);

  return g_steal_pointer (&self);
}

/**
 * cm_boundary_import_new_from_file:
 * @db: the database, read and not changed
 * @file: a GeoJSON file
 * @cancellable: (nullable): a #GCancellable for reading it
 * @error: set to a #CmImportError when the file cannot be read or is refused
 *
 * The same as cm_boundary_import_new_from_bytes(), from a file.
 *
 * Returns: (transfer full) (nullable): the import, ready to apply
 */
CmBoundaryImport *
cm_boundary_import_new_from_file (CmDb          *db,
                                  GFile         *file,
                                  GCancellable  *cancellable,
                                  GError       **error)
{
  g_autoptr(GBytes) contents = cm_import_read_file (file, cancellable, error);

  if (contents == NULL)
    return NULL;
  return cm_boundary_import_new_from_bytes (db, contents, error);
}

/**
 * cm_boundary_import_get_report:
 * @self: an import
 *
 * Returns: (transfer none): its report: the preview's, or what apply() did
 */
CmImportReport *
cm_boundary_import_get_report (CmBoundaryImport *self)
{
  g_return_val_if_fail (CM_IS_BOUNDARY_IMPORT (self), NULL);

  return self->report;
}

/**
 * cm_boundary_import_get_n_accepted:
 * @self: an import
 *
 * Returns: how many alcaldías the file gives a valid boundary for
 */
guint
cm_boundary_import_get_n_accepted (CmBoundaryImport *self)
{
  g_return_val_if_fail (CM_IS_BOUNDARY_IMPORT (self), 0);

  return self->accepted->len;
}

#define ALCALDIA_SNAPSHOT \
  "SELECT json_object ('code', code, 'name', name, 'boundary_sha256'," \
  "                    CASE WHEN boundary IS NULL THEN NULL ELSE ?2 END)" \
  "  FROM alcaldia WHERE code = ?1"

static char *
snapshot (CmDb        *db,
          const char  *code,
          const char  *boundary,
          GError     **error)
{
  g_autofree char *sha = boundary ? g_compute_checksum_for_string (G_CHECKSUM_SHA256, boundary, -1) : NULL;
  sqlite3_stmt *stmt;
  char *json = NULL;

  if (!(stmt = cm_db_prepare (db, ALCALDIA_SNAPSHOT, error)))
    return NULL;
  sqlite3_bind_text (stmt, 1, code, -1, SQLITE_TRANSIENT);
  if (sha != NULL)
    sqlite3_bind_text (stmt, 2, sha, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    json = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  else
    cm_db_set_error_from_handle (db, error);
  sqlite3_reset (stmt);
  return json;
}

/**
 * cm_boundary_import_apply:
 * @self: an import, not applied yet
 * @actor: the person who imports
 * @error: set when the database refuses; then nothing is changed
 *
 * Writes every accepted boundary to `alcaldia.boundary` in one transaction,
 * each change in the audit log with the boundary's SHA-256 before and
 * after (the text itself is in the table). The counts are set again from
 * what the database held at that moment.
 *
 * Returns: %TRUE when the import is written
 */
gboolean
cm_boundary_import_apply (CmBoundaryImport  *self,
                          const char        *actor,
                          GError           **error)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_val_if_fail (CM_IS_BOUNDARY_IMPORT (self), FALSE);

  if (!cm_import_may_apply (self->applied, actor, error))
    return FALSE;

  locker = g_mutex_locker_new (cm_db_get_mutex (self->db));
  if (!cm_db_begin (self->db, error))
    return FALSE;
  if (!count_changes (self, error))
    goto fail;

  for (guint i = 0; i < self->accepted->len; i++)
    {
      Accepted *a = &g_array_index (self->accepted, Accepted, i);
      g_autofree char *current = NULL;
      g_autofree char *before = NULL;
      g_autofree char *after = NULL;
      g_autoptr(GError) local_error = NULL;
      sqlite3_stmt *stmt;
      gboolean found;

      current = read_boundary (self->db, a->code, &found, &local_error);
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          goto fail;
        }
      if (g_strcmp0 (current, a->json) == 0)
        continue;

      if (!(before = snapshot (self->db, a->code, current, error)))
        goto fail;
      if (!(stmt = cm_db_prepare (self->db, "UPDATE alcaldia SET boundary = ?2 WHERE code = ?1", error)))
        goto fail;
      sqlite3_bind_text (stmt, 1, a->code, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, a->json, -1, SQLITE_TRANSIENT);
      if (!cm_db_step_done (self->db, stmt, error))
        goto fail;
      if (!(after = snapshot (self->db, a->code, a->json, error)) ||
          !cm_audit_append (self->db, actor, "import_boundary", "alcaldia",
                            g_ascii_strtoll (a->code, NULL, 10), before, after, error))
        goto fail;
    }

  if (!cm_db_commit (self->db, error))
    goto fail;

  self->applied = TRUE;
  return TRUE;

fail:
  cm_db_rollback (self->db);
  return FALSE;
}
