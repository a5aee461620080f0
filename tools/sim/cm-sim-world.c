/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "comedores-sim"

#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <sqlite3.h>

#include "cm-db.h"
#include "cm-demo.h"
#include "cm-sim-json.h"
#include "cm-sim-world.h"

const CmSimFormField cm_sim_form_fields[] = {
  { "comedor", "string", "Folio del comedor" },
  { "fecha", "date", "Fecha del reporte" },
  { "raciones_pagadas", "int", "Raciones pagadas" },
  { "raciones_gratuitas", "int", "Raciones gratuitas" },
  { "cuota_cobrada", "decimal", "Cuota cobrada (pesos)" },
  { "gasto_total", "decimal", "Gasto total (pesos)" },
  { "comensales", "structure", "Comensales atendidos" },
  { "comensales/ninas_ninos", "int", "Niñas y niños" },
  { "comensales/personas_adultas", "int", "Personas adultas" },
  { "comensales/personas_mayores", "int", "Personas mayores" },
  { "comensales/personas_discapacidad", "int", "Personas con discapacidad" },
  { "integrantes_presentes", "int", "Integrantes del comité presentes" },
  { "solo_para_llevar", "string", "¿Sólo se entregaron raciones para llevar?" },
  { "incidencias", "string", "Incidencias" },
  { "ubicacion", "geopoint", "Ubicación del comedor" },
  { "foto", "binary", "Foto de la comida del día" },
  { "compras", "repeat", "Compras" },
  { "compras/concepto", "string", "Concepto" },
  { "compras/monto", "decimal", "Monto (pesos)" },
  { "compras/ticket", "binary", "Foto del ticket" },
  { "meta", "structure", NULL },
  { "meta/instanceID", "string", NULL },
};

const guint cm_sim_n_form_fields = G_N_ELEMENTS (cm_sim_form_fields);

struct _CmSimWorld
{
  char         *tmp_dir;      /* the generated demo's folder, removed at the end */
  char         *db_path;
  sqlite3      *handle;
  sqlite3_stmt *select_raw;
  GPtrArray    *submissions;  /* of CmSimSubmission, oldest first */
  GHashTable   *by_instance;  /* instance_id → CmSimSubmission */
  GHashTable   *by_kobo;      /* _id, _uuid and root uuid, as text → CmSimSubmission */
  guint64       version;
  gint64        last_stamp;
};

static void
submission_free (gpointer data)
{
  CmSimSubmission *s = data;

  g_free (s->instance_id);
  g_free (s->version_id);
  g_free (s->deprecated_id);
  g_free (s->review_state);
  g_free (s->raw);
  if (s->validation != NULL)
    {
      g_free (s->validation->uid);
      g_free (s->validation->label);
      g_free (s->validation->by_whom);
      g_free (s->validation);
    }
  g_clear_pointer (&s->comments, g_ptr_array_unref);
  g_free (s);
}

static void
comment_free (gpointer data)
{
  CmSimComment *c = data;

  g_free (c->body);
  g_free (c);
}

const char *
cm_sim_validation_label (const char *uid)
{
  if (g_strcmp0 (uid, "validation_status_approved") == 0)
    return "Approved";
  if (g_strcmp0 (uid, "validation_status_not_approved") == 0)
    return "Not Approved";
  if (g_strcmp0 (uid, "validation_status_on_hold") == 0)
    return "On Hold";
  return NULL;
}

static void
set_validation (CmSimSubmission *s,
                const char      *uid,
                gint64           timestamp)
{
  if (s->validation != NULL)
    {
      g_free (s->validation->uid);
      g_free (s->validation->label);
      g_free (s->validation->by_whom);
      g_clear_pointer (&s->validation, g_free);
    }
  if (uid == NULL)
    return;

  s->validation = g_new0 (CmSimValidation, 1);
  s->validation->uid = g_strdup (uid);
  s->validation->label = g_strdup (cm_sim_validation_label (uid));
  s->validation->timestamp = timestamp;
  s->validation->by_whom = g_strdup ("monitor");
}

static gint64
find_submitter_id (const char *raw)
{
  const char *p = strstr (raw, "\"submitterId\":\"");

  if (p == NULL)
    return G_MININT64;
  return g_ascii_strtoll (p + strlen ("\"submitterId\":\""), NULL, 10);
}

static void
index_submission (CmSimWorld      *world,
                  CmSimSubmission *s)
{
  g_hash_table_replace (world->by_instance, s->instance_id, s);
  g_hash_table_replace (world->by_kobo, g_strdup_printf ("%" G_GINT64_FORMAT, s->kobo_id), s);
  if (g_str_has_prefix (s->instance_id, "uuid:"))
    g_hash_table_replace (world->by_kobo, g_strdup (s->instance_id + 5), s);
  if (g_str_has_prefix (s->version_id, "uuid:"))
    g_hash_table_replace (world->by_kobo, g_strdup (s->version_id + 5), s);
}

static gboolean
generate (CmSimWorld               *world,
          const CmSimWorldOptions  *options,
          GError                  **error)
{
  g_autoptr(CmDb) db = NULL;
  CmDemoOptions demo;

  world->tmp_dir = g_dir_make_tmp ("comedores-sim-XXXXXX", error);
  if (world->tmp_dir == NULL)
    return FALSE;
  world->db_path = g_build_filename (world->tmp_dir, "world.db", NULL);

  db = cm_db_open (world->db_path, error);
  if (db == NULL)
    return FALSE;

  cm_demo_options_init_default (&demo);
  demo.seed = options->seed;
  demo.kitchens = options->kitchens;
  demo.months = options->months;
  if (g_date_valid (&options->end))
    demo.end = options->end;

  return cm_demo_generate (db, &demo, NULL, NULL, error);
}

static gboolean
load (CmSimWorld               *world,
      const CmSimWorldOptions  *options,
      GError                  **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  rc = sqlite3_open_v2 (world->db_path, &world->handle, SQLITE_OPEN_READONLY, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_prepare_v2 (world->handle,
                             "SELECT id, instance_id, submitted_at, updated_at, review_state, raw"
                             " FROM report ORDER BY submitted_at, id", -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_prepare_v2 (world->handle, "SELECT raw FROM report WHERE id = ?1", -1,
                             &world->select_raw, NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("The reports in “%s” cannot be read: %s"), world->db_path,
                   world->handle != NULL ? sqlite3_errmsg (world->handle) : sqlite3_errstr (rc));
      sqlite3_finalize (stmt);
      return FALSE;
    }

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      CmSimSubmission *s;
      const char *submitted = (const char *) sqlite3_column_text (stmt, 2);
      const char *updated = (const char *) sqlite3_column_text (stmt, 3);
      const char *review = (const char *) sqlite3_column_text (stmt, 4);
      const char *raw = (const char *) sqlite3_column_text (stmt, 5);

      if (options->submissions > 0 && world->submissions->len >= options->submissions)
        break;

      s = g_new0 (CmSimSubmission, 1);
      s->seq = world->submissions->len;
      s->report_id = sqlite3_column_int64 (stmt, 0);
      s->kobo_id = s->seq + 1;
      s->instance_id = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      s->version_id = g_strdup (s->instance_id);
      s->submission_ms = cm_sim_parse_timestamp (submitted);
      s->version_ms = s->submission_ms;
      s->updated_ms = updated != NULL ? cm_sim_parse_timestamp (updated) : G_MININT64;
      s->review_state = g_strdup (review);
      s->submitter_id = raw != NULL ? find_submitter_id (raw) : G_MININT64;
      s->comments = g_ptr_array_new_with_free_func (comment_free);

      if (s->instance_id == NULL || s->submission_ms == G_MININT64)
        {
          g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, s->report_id);

          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       _("The report %s in “%s” has no instance id or no "
                         "submission time, so it cannot be served."),
                       id, world->db_path);
          submission_free (s);
          sqlite3_finalize (stmt);
          return FALSE;
        }

      /* Kobo's validation status, from the review the row already has */
      if (g_strcmp0 (review, "approved") == 0)
        set_validation (s, "validation_status_approved", s->updated_ms / 1000);
      else if (g_strcmp0 (review, "hasIssues") == 0)
        set_validation (s, "validation_status_on_hold", s->updated_ms / 1000);
      else if (g_strcmp0 (review, "rejected") == 0)
        set_validation (s, "validation_status_not_approved", s->updated_ms / 1000);

      world->last_stamp = MAX (world->last_stamp, MAX (s->submission_ms, s->updated_ms));
      g_ptr_array_add (world->submissions, s);
      index_submission (world, s);
    }
  sqlite3_finalize (stmt);

  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("The reports in “%s” cannot be read: %s"), world->db_path,
                   sqlite3_errmsg (world->handle));
      return FALSE;
    }

  return TRUE;
}

CmSimWorld *
cm_sim_world_new (const CmSimWorldOptions  *options,
                  GError                  **error)
{
  g_autoptr(CmSimWorld) world = g_new0 (CmSimWorld, 1);

  world->submissions = g_ptr_array_new_with_free_func (submission_free);
  world->by_instance = g_hash_table_new (g_str_hash, g_str_equal);
  world->by_kobo = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  world->version = 1;

  if (options->db_path != NULL)
    {
      if (!g_file_test (options->db_path, G_FILE_TEST_IS_REGULAR))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                       _("The database “%s” does not exist."), options->db_path);
          return NULL;
        }
      world->db_path = g_strdup (options->db_path);
    }
  else if (!generate (world, options, error))
    return NULL;

  if (!load (world, options, error))
    return NULL;

  return g_steal_pointer (&world);
}

static void
remove_if_there (const char *dir,
                 const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);

  if (g_remove (path) != 0 && errno != ENOENT)
    g_warning ("%s: %s", path, g_strerror (errno));
}

void
cm_sim_world_free (CmSimWorld *world)
{
  if (world == NULL)
    return;

  g_clear_pointer (&world->select_raw, sqlite3_finalize);
  g_clear_pointer (&world->handle, sqlite3_close);
  if (world->tmp_dir != NULL)
    {
      remove_if_there (world->tmp_dir, "world.db");
      remove_if_there (world->tmp_dir, "world.db-wal");
      remove_if_there (world->tmp_dir, "world.db-shm");
      remove_if_there (world->tmp_dir, "world.db-journal");
      g_rmdir (world->tmp_dir);
      g_free (world->tmp_dir);
    }
  g_free (world->db_path);
  g_clear_pointer (&world->by_instance, g_hash_table_unref);
  g_clear_pointer (&world->by_kobo, g_hash_table_unref);
  g_clear_pointer (&world->submissions, g_ptr_array_unref);
  g_free (world);
}

guint
cm_sim_world_get_n (CmSimWorld *world)
{
  return world->submissions->len;
}

CmSimSubmission *
cm_sim_world_get (CmSimWorld *world,
                  guint       seq)
{
  g_return_val_if_fail (seq < world->submissions->len, NULL);

  return g_ptr_array_index (world->submissions, seq);
}

CmSimSubmission *
cm_sim_world_lookup (CmSimWorld *world,
                     const char *instance_id)
{
  return g_hash_table_lookup (world->by_instance, instance_id);
}

CmSimSubmission *
cm_sim_world_lookup_kobo (CmSimWorld *world,
                          const char *id)
{
  return g_hash_table_lookup (world->by_kobo, id);
}

void
cm_sim_world_fill_filter_row (CmSimSubmission *s,
                              CmSimFilterRow  *row)
{
  row->instance_id = s->instance_id;
  row->submitter_id = s->submitter_id;
  row->submission_ms = s->submission_ms;
  row->updated_ms = s->updated_ms;
  row->review_state = s->review_state;
  row->deleted_ms = G_MININT64;
}

char *
cm_sim_world_get_raw (CmSimWorld      *world,
                      CmSimSubmission *s)
{
  char *raw = NULL;

  if (s->raw != NULL)
    return g_strdup (s->raw);

  sqlite3_bind_int64 (world->select_raw, 1, s->report_id);
  if (sqlite3_step (world->select_raw) == SQLITE_ROW)
    raw = g_strdup ((const char *) sqlite3_column_text (world->select_raw, 0));
  sqlite3_reset (world->select_raw);

  if (raw == NULL)
    {
      g_warning ("report %" G_GINT64_FORMAT " vanished from %s", s->report_id, world->db_path);
      raw = g_strdup ("{}");
    }

  return raw;
}

JsonNode *
cm_sim_world_get_row (CmSimWorld      *world,
                      CmSimSubmission *s)
{
  g_autofree char *raw = cm_sim_world_get_raw (world, s);
  g_autoptr(GError) error = NULL;
  JsonNode *node = cm_sim_json_parse (raw, -1, &error);

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_warning ("report %" G_GINT64_FORMAT ": its row is not a JSON object: %s", s->report_id,
                 error != NULL ? error->message : "");
      g_clear_pointer (&node, json_node_unref);
      node = json_node_init_object (json_node_alloc (), json_object_new ());
    }

  return node;
}

guint64
cm_sim_world_get_version (CmSimWorld *world)
{
  return world->version;
}

gint64
cm_sim_world_new_stamp (CmSimWorld *world)
{
  gint64 now = g_get_real_time () / 1000;

  world->last_stamp = MAX (now, world->last_stamp + 1);
  return world->last_stamp;
}

static void
store_row (CmSimWorld      *world,
           CmSimSubmission *s,
           JsonNode        *row)
{
  g_free (s->raw);
  s->raw = cm_sim_json_to_string (row);
  world->version++;
}

static JsonObject *
system_of (JsonNode *row)
{
  JsonObject *object = json_node_get_object (row);
  JsonNode *system = json_object_get_member (object, "__system");

  if (system == NULL || !JSON_NODE_HOLDS_OBJECT (system))
    {
      json_object_set_object_member (object, "__system", json_object_new ());
      system = json_object_get_member (object, "__system");
    }

  return json_node_get_object (system);
}

void
cm_sim_world_set_review_state (CmSimWorld      *world,
                               CmSimSubmission *s,
                               const char      *state)
{
  g_autoptr(JsonNode) row = cm_sim_world_get_row (world, s);
  JsonObject *system = system_of (row);
  char stamp[32];

  s->updated_ms = cm_sim_world_new_stamp (world);
  cm_sim_format_timestamp (s->updated_ms, stamp);
  g_free (s->review_state);
  s->review_state = g_strdup (state);

  json_object_set_string_member (system, "updatedAt", stamp);
  if (state != NULL)
    json_object_set_string_member (system, "reviewState", state);
  else
    json_object_set_null_member (system, "reviewState");

  store_row (world, s, row);
}

char *
cm_sim_uuid_from (const char *text)
{
  g_autoptr(GChecksum) md5 = g_checksum_new (G_CHECKSUM_MD5);
  guint8 b[16];
  gsize length = sizeof b;

  g_checksum_update (md5, (const guchar *) text, -1);
  g_checksum_get_digest (md5, b, &length);
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;

  return g_strdup_printf ("%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
                          b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7],
                          b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]);
}

/* A new version of the submission: other values, a new meta/instanceID,
 * the same __id, reviewState edited, as Central shows an edit. */
void
cm_sim_world_edit (CmSimWorld      *world,
                   CmSimSubmission *s)
{
  g_autoptr(JsonNode) row = cm_sim_world_get_row (world, s);
  JsonObject *object = json_node_get_object (row);
  JsonObject *system = system_of (row);
  g_autofree char *seed = g_strdup_printf ("%s edit %s", s->instance_id, s->version_id);
  g_autofree char *uuid = cm_sim_uuid_from (seed);
  JsonNode *meta = json_object_get_member (object, "meta");
  gint64 present = 0;
  char stamp[32];

  if (json_object_has_member (object, "integrantes_presentes"))
    present = json_object_get_int_member (object, "integrantes_presentes");
  json_object_set_int_member (object, "integrantes_presentes", present + 1);
  json_object_set_string_member (object, "incidencias",
                                 "Corrección: faltó contar a una integrante del comité.");

  g_free (s->deprecated_id);
  s->deprecated_id = g_steal_pointer (&s->version_id);
  s->version_id = g_strconcat ("uuid:", uuid, NULL);
  if (meta != NULL && JSON_NODE_HOLDS_OBJECT (meta))
    json_object_set_string_member (json_node_get_object (meta), "instanceID", s->version_id);

  s->updated_ms = cm_sim_world_new_stamp (world);
  s->version_ms = s->updated_ms;
  cm_sim_format_timestamp (s->updated_ms, stamp);
  json_object_set_string_member (system, "updatedAt", stamp);
  json_object_set_string_member (system, "reviewState", "edited");
  json_object_set_int_member (system, "edits",
                              (json_object_has_member (system, "edits")
                               ? json_object_get_int_member (system, "edits") : 0) + 1);
  g_free (s->review_state);
  s->review_state = g_strdup ("edited");

  store_row (world, s, row);
  index_submission (world, s);
}

void
cm_sim_world_rename_photo (CmSimWorld      *world,
                           CmSimSubmission *s,
                           const char      *name)
{
  g_autoptr(JsonNode) row = cm_sim_world_get_row (world, s);

  json_object_set_string_member (json_node_get_object (row), "foto", name);
  store_row (world, s, row);
}

void
cm_sim_world_add_comment (CmSimWorld      *world,
                          CmSimSubmission *s,
                          const char      *body,
                          gint64           created_ms)
{
  CmSimComment *comment = g_new0 (CmSimComment, 1);

  comment->body = g_strdup (body);
  comment->created_ms = created_ms;
  g_ptr_array_add (s->comments, comment);
  world->version++;
}

void
cm_sim_world_set_validation (CmSimWorld      *world,
                             CmSimSubmission *s,
                             const char      *uid)
{
  set_validation (s, uid, g_get_real_time () / G_USEC_PER_SEC);
  world->version++;
}

guint
cm_sim_world_hold_back (CmSimWorld *world,
                        guint       n)
{
  guint held = 0;

  for (guint i = world->submissions->len; i > 0 && held < n; i--, held++)
    cm_sim_world_get (world, i - 1)->held_back = TRUE;
  world->version++;

  return held;
}

guint
cm_sim_world_release (CmSimWorld *world)
{
  guint released = 0;

  for (guint i = 0; i < world->submissions->len; i++)
    {
      CmSimSubmission *s = cm_sim_world_get (world, i);

      if (s->held_back)
        released++;
      s->held_back = FALSE;
    }
  world->version++;

  return released;
}

GPtrArray *
cm_sim_world_attachment_names (CmSimWorld      *world,
                               CmSimSubmission *s)
{
  g_autoptr(JsonNode) row = cm_sim_world_get_row (world, s);
  JsonObject *object = json_node_get_object (row);
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  JsonNode *compras;

  if (json_object_has_member (object, "foto") &&
      json_node_get_value_type (json_object_get_member (object, "foto")) == G_TYPE_STRING)
    g_ptr_array_add (names, g_strdup (json_object_get_string_member (object, "foto")));

  compras = json_object_get_member (object, "compras");
  if (compras != NULL && JSON_NODE_HOLDS_ARRAY (compras))
    {
      JsonArray *array = json_node_get_array (compras);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *item = json_array_get_element (array, i);
          JsonNode *ticket;

          if (!JSON_NODE_HOLDS_OBJECT (item))
            continue;
          ticket = json_object_get_member (json_node_get_object (item), "ticket");
          if (ticket != NULL && JSON_NODE_HOLDS_VALUE (ticket) &&
              json_node_get_value_type (ticket) == G_TYPE_STRING)
            g_ptr_array_add (names, g_strdup (json_node_get_string (ticket)));
        }
    }

  return names;
}

/* An 8×8 JPEG; a comment segment after its JFIF header makes each
 * attachment's bytes (and so its MD5) its own. */
static const guint8 tiny_jpeg[] = {
  0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01,
  0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0xff, 0xdb, 0x00, 0x43,
  0x00, 0x10, 0x0b, 0x0c, 0x0e, 0x0c, 0x0a, 0x10, 0x0e, 0x0d, 0x0e, 0x12,
  0x11, 0x10, 0x13, 0x18, 0x28, 0x1a, 0x18, 0x16, 0x16, 0x18, 0x31, 0x23,
  0x25, 0x1d, 0x28, 0x3a, 0x33, 0x3d, 0x3c, 0x39, 0x33, 0x38, 0x37, 0x40,
  0x48, 0x5c, 0x4e, 0x40, 0x44, 0x57, 0x45, 0x37, 0x38, 0x50, 0x6d, 0x51,
  0x57, 0x5f, 0x62, 0x67, 0x68, 0x67, 0x3e, 0x4d, 0x71, 0x79, 0x70, 0x64,
  0x78, 0x5c, 0x65, 0x67, 0x63, 0xff, 0xdb, 0x00, 0x43, 0x01, 0x11, 0x12,
  0x12, 0x18, 0x15, 0x18, 0x2f, 0x1a, 0x1a, 0x2f, 0x63, 0x42, 0x38, 0x42,
  0x63, 0x63, 0x63, 0x63, 0x63, 0x63, 0x63, 0x63, 0x63, 0x63, 0x63, 0x63,
  0x63, 0x63, 0x63, 0x63, 0x63, 0x63, 0x63, 0x63, 0x63, 0x63, 0x63, 0x63,
  0x63, 0x63, 0x63, 0x63, 0x63, 0x63, 0x63, 0x63, 0x63, 0x63, 0x63, 0x63,
  0x63, 0x63, 0x63, 0x63, 0x63, 0x63, 0x63, 0x63, 0x63, 0x63, 0x63, 0x63,
  0x63, 0x63, 0xff, 0xc0, 0x00, 0x11, 0x08, 0x00, 0x08, 0x00, 0x08, 0x03,
  0x01, 0x22, 0x00, 0x02, 0x11, 0x01, 0x03, 0x11, 0x01, 0xff, 0xc4, 0x00,
  0x15, 0x00, 0x01, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
  0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0xff, 0xc4, 0x00, 0x14,
  0x10, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
  0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xff, 0xc4, 0x00, 0x14, 0x01, 0x01,
  0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
  0x00, 0x00, 0x00, 0x05, 0xff, 0xc4, 0x00, 0x14, 0x11, 0x01, 0x00, 0x00,
  0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
  0x00, 0x00, 0xff, 0xda, 0x00, 0x0c, 0x03, 0x01, 0x00, 0x02, 0x11, 0x03,
  0x11, 0x00, 0x3f, 0x00, 0xb0, 0x02, 0xc8, 0xbf, 0xff, 0xd9,
};

#define JFIF_END 20

GBytes *
cm_sim_attachment_bytes (const char *instance_id,
                         const char *name)
{
  g_autoptr(GByteArray) out = g_byte_array_new ();
  g_autoptr(GChecksum) sha = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree char *label = g_strdup_printf ("comedores-sim %s %s ", instance_id, name);
  guint8 digest[32];
  gsize digest_length = sizeof digest;
  gsize comment_length = strlen (label) + sizeof digest;
  guint8 marker[4] = { 0xff, 0xfe, (guint8) ((comment_length + 2) >> 8),
                       (guint8) ((comment_length + 2) & 0xff) };

  g_checksum_update (sha, (const guchar *) label, -1);
  g_checksum_get_digest (sha, digest, &digest_length);

  g_byte_array_append (out, tiny_jpeg, JFIF_END);
  g_byte_array_append (out, marker, sizeof marker);
  g_byte_array_append (out, (const guint8 *) label, (guint) strlen (label));
  g_byte_array_append (out, digest, sizeof digest);
  g_byte_array_append (out, tiny_jpeg + JFIF_END, sizeof tiny_jpeg - JFIF_END);

  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}
