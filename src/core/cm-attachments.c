/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "cm-attachments"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <errno.h>
#include <string.h>

#include "cm-attachments.h"
#include "cm-sync-private.h"

/* Attachments live in a content-addressed folder: a file is named by the
 * SHA-256 of its bytes, so the name a server gives never becomes a path
 * and the same photo sent twice is stored once. */

#define N_WORKERS 2

typedef struct
{
  gint64  id;
  char   *name;
  char   *instance_id;
  char   *kobo_url;      /* Kobo's download_url, when the row names one */
} Wanted;

typedef struct
{
  CmDb                *db;
  CmSource            *source;
  const char          *secret;
  const CmSyncOptions *options;
  const char          *folder;
  GCancellable        *cancellable;

  GMutex               lock;      /* guards what follows */
  GPtrArray           *queue;     /* Wanted, taken from the end */
  guint                fetched;
  GError              *error;     /* the first failure that stops the fetch */
} Fetch;

static void
wanted_free (Wanted *wanted)
{
  g_free (wanted->name);
  g_free (wanted->instance_id);
  g_free (wanted->kobo_url);
  g_free (wanted);
}

/**
 * cm_attachments_get_default_folder:
 *
 * Returns: (transfer full): `$XDG_DATA_HOME/comedores/attachments`
 */
char *
cm_attachments_get_default_folder (void)
{
  return g_build_filename (g_get_user_data_dir (), "comedores", "attachments", NULL);
}

/**
 * cm_attachments_get_folder_for_db:
 * @db: the database
 *
 * The folder beside the database file, so that a database opened with
 * `--db` keeps its photos with it; the default folder for one in memory.
 * Files are named by content, so two databases in one folder share them
 * harmlessly.
 *
 * Returns: (transfer full): `<folder of the database>/attachments`
 */
char *
cm_attachments_get_folder_for_db (CmDb *db)
{
  const char *path;
  g_autofree char *dir = NULL;

  g_return_val_if_fail (CM_IS_DB (db), NULL);

  path = cm_db_get_path (db);
  if (path == NULL || *path == '\0' || g_str_equal (path, ":memory:"))
    return cm_attachments_get_default_folder ();

  dir = g_path_get_dirname (path);
  return g_build_filename (dir, "attachments", NULL);
}

/**
 * cm_attachments_relative_path:
 * @sha256: the file's SHA-256, in hexadecimal
 * @name: the name the server gave it
 *
 * Only the extension of @name is kept, and only when it is plain letters
 * and digits: nothing from the server can climb out of the folder.
 *
 * Returns: (transfer full): `ab/abcdef…​.jpg`, relative to the folder
 */
char *
cm_attachments_relative_path (const char *sha256,
                              const char *name)
{
  const char *dot = name ? strrchr (name, '.') : NULL;
  g_autofree char *extension = NULL;

  g_return_val_if_fail (sha256 != NULL && strlen (sha256) == 64, NULL);

  if (dot != NULL && dot[1] != '\0' && strlen (dot + 1) <= 8)
    {
      gboolean plain = TRUE;

      for (const char *p = dot + 1; *p; p++)
        plain &= g_ascii_isalnum (*p);
      if (plain)
        extension = g_ascii_strdown (dot, -1);
    }

  return g_strdup_printf ("%.2s%c%s%s", sha256, G_DIR_SEPARATOR, sha256, extension ? extension : "");
}

static void
record (Fetch      *fetch,
        gint64      id,
        const char *state,
        gsize       size,
        const char *sha256,
        const char *path)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (cm_db_get_mutex (fetch->db));
  sqlite3_stmt *stmt;

  stmt = cm_db_prepare (fetch->db,
                        "UPDATE attachment SET state = ?2, size = ?3, sha256 = ?4, local_path = ?5"
                        " WHERE id = ?1",
                        NULL);
  if (stmt == NULL)
    return;
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_text (stmt, 2, state, -1, SQLITE_STATIC);
  if (sha256 != NULL)
    {
      sqlite3_bind_int64 (stmt, 3, (gint64) size);
      sqlite3_bind_text (stmt, 4, sha256, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 5, path, -1, SQLITE_TRANSIENT);
    }
  cm_db_step_done (fetch->db, stmt, NULL);
}

/**
 * cm_attachments_store_bytes:
 * @folder: the content-addressed folder
 * @bytes: a file's contents
 * @name: (nullable): the file's name, for its extension only
 * @out_sha256: (out) (optional): the SHA-256 of @bytes, in hexadecimal
 * @out_relative: (out) (optional): where it lies, relative to @folder
 * @error: return location for a #GError
 *
 * Keeps @bytes in @folder under their SHA-256 (see
 * cm_attachments_relative_path()); bytes already there are not written
 * again. Reports' attachments and visits' photos share the folder.
 *
 * Returns: %TRUE when the file is in the folder
 */
gboolean
cm_attachments_store_bytes (const char  *folder,
                            GBytes      *bytes,
                            const char  *name,
                            char       **out_sha256,
                            char       **out_relative,
                            GError     **error)
{
  gsize size;
  const guchar *data = g_bytes_get_data (bytes, &size);
  g_autofree char *sha256 = g_compute_checksum_for_data (G_CHECKSUM_SHA256, data, size);
  g_autofree char *relative = cm_attachments_relative_path (sha256, name);
  g_autofree char *path = g_build_filename (folder, relative, NULL);
  g_autofree char *dir = g_path_get_dirname (path);

  g_return_val_if_fail (folder != NULL, FALSE);
  g_return_val_if_fail (bytes != NULL, FALSE);

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      if (g_mkdir_with_parents (dir, 0700) != 0)
        {
          int saved = errno;

          g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                       _("The folder “%s” could not be made for the attachments."), dir);
          return FALSE;
        }
      /* Written beside and renamed, so a half-written file is never there. */
      if (!g_file_set_contents (path, (const char *) data, size, error))
        return FALSE;
    }

  if (out_sha256 != NULL)
    *out_sha256 = g_steal_pointer (&sha256);
  if (out_relative != NULL)
    *out_relative = g_steal_pointer (&relative);
  return TRUE;
}

static gboolean
store (Fetch       *fetch,
       Wanted      *wanted,
       GBytes      *bytes,
       GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *sha256 = NULL;
  g_autofree char *relative = NULL;

  if (!cm_attachments_store_bytes (fetch->folder, bytes, wanted->name, &sha256, &relative, &local_error))
    {
      /* The sync reports storage trouble in its own domain. */
      g_set_error_literal (error, CM_SYNC_ERROR, CM_SYNC_ERROR_STORAGE, local_error->message);
      return FALSE;
    }

  record (fetch, wanted->id, "present", g_bytes_get_size (bytes), sha256, relative);
  return TRUE;
}

static char *
wanted_url (Fetch        *fetch,
            CmSyncClient *client,
            Wanted       *wanted)
{
  CmSource *source = fetch->source;

  if (cm_source_get_kind (source) == CM_SOURCE_KOBO)
    return wanted->kobo_url ? _cm_sync_client_rebase (client, wanted->kobo_url) : NULL;

  {
    g_autofree char *project = g_uri_escape_string (cm_source_get_project (source), NULL, FALSE);
    g_autofree char *form = g_uri_escape_string (cm_source_get_form_id (source), NULL, FALSE);
    g_autofree char *instance = g_uri_escape_string (wanted->instance_id, NULL, FALSE);
    g_autofree char *name = g_uri_escape_string (wanted->name, NULL, FALSE);

    return g_strdup_printf ("%s/v1/projects/%s/forms/%s/submissions/%s/attachments/%s",
                            cm_source_get_base_url (source), project, form, instance, name);
  }
}

static gpointer
worker (gpointer data)
{
  Fetch *fetch = data;
  g_autoptr(CmSyncClient) client = _cm_sync_client_new (fetch->source, fetch->secret,
                                                        fetch->options, fetch->cancellable);
  g_autoptr(GError) error = NULL;

  if (!_cm_sync_client_login (client, &error))
    goto stop;

  for (;;)
    {
      Wanted *wanted = NULL;
      g_autofree char *url = NULL;
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(GError) local_error = NULL;

      g_mutex_lock (&fetch->lock);
      if (fetch->error == NULL && fetch->queue->len > 0)
        wanted = g_ptr_array_steal_index (fetch->queue, fetch->queue->len - 1);
      g_mutex_unlock (&fetch->lock);

      if (wanted == NULL)
        break;

      url = wanted_url (fetch, client, wanted);
      if (url == NULL)
        {
          record (fetch, wanted->id, "missing", 0, NULL, NULL);
          wanted_free (wanted);
          continue;
        }

      bytes = _cm_sync_client_send (client, "GET", url, NULL, &local_error);
      if (bytes != NULL && store (fetch, wanted, bytes, &local_error))
        {
          g_mutex_lock (&fetch->lock);
          fetch->fetched++;
          g_mutex_unlock (&fetch->lock);
        }
      else if (g_error_matches (local_error, CM_SYNC_ERROR, CM_SYNC_ERROR_NOT_FOUND))
        record (fetch, wanted->id, "missing", 0, NULL, NULL);
      else
        {
          record (fetch, wanted->id, "failed", 0, NULL, NULL);
          wanted_free (wanted);
          error = g_steal_pointer (&local_error);
          goto stop;
        }

      wanted_free (wanted);
    }

stop:
  if (error != NULL)
    {
      g_mutex_lock (&fetch->lock);
      if (fetch->error == NULL)
        fetch->error = g_steal_pointer (&error);
      g_mutex_unlock (&fetch->lock);
    }

  return NULL;
}

static char *
kobo_download_url (const char *attachments_json,
                   const char *name)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonArray *list;
  JsonNode *root;

  if (attachments_json == NULL || !json_parser_load_from_data (parser, attachments_json, -1, NULL))
    return NULL;
  root = json_parser_get_root (parser);
  if (!JSON_NODE_HOLDS_ARRAY (root))
    return NULL;

  list = json_node_get_array (root);
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonNode *node = json_array_get_element (list, i);
      JsonObject *entry;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      entry = json_node_get_object (node);
      if (g_strcmp0 (json_object_get_string_member_with_default (entry, "media_file_basename", NULL), name) == 0)
        return g_strdup (json_object_get_string_member_with_default (entry, "download_url", NULL));
    }

  return NULL;
}

/**
 * cm_attachments_fetch:
 * @db: the database
 * @source: the account the reports came from
 * @secret: its password or token
 * @options: (nullable): limits, or %NULL for the defaults
 * @folder: where attachments are kept
 * @report_id: one report's attachments, or 0 for every one still missing
 * @fetched: (out) (optional): how many files arrived
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError in %CM_SYNC_ERROR
 *
 * Downloads the attachments @source's reports name and this desk does not
 * have yet, two at a time, into @folder by content. One the server does
 * not have is marked missing; a network failure stops the fetch and what
 * is left is fetched next time. Blocks: run it in a worker thread.
 *
 * Returns: %TRUE unless the fetch had to stop
 */
gboolean
cm_attachments_fetch (CmDb                 *db,
                      CmSource             *source,
                      const char           *secret,
                      const CmSyncOptions  *options,
                      const char           *folder,
                      gint64                report_id,
                      guint                *fetched,
                      GCancellable         *cancellable,
                      GError              **error)
{
  Fetch fetch = { 0 };
  GThread *threads[N_WORKERS];

  g_return_val_if_fail (CM_IS_DB (db), FALSE);
  g_return_val_if_fail (CM_IS_SOURCE (source), FALSE);
  g_return_val_if_fail (folder != NULL, FALSE);

  fetch.db = db;
  fetch.source = source;
  fetch.secret = secret;
  fetch.options = options;
  fetch.folder = folder;
  fetch.cancellable = cancellable;
  fetch.queue = g_ptr_array_new_with_free_func ((GDestroyNotify) wanted_free);
  g_mutex_init (&fetch.lock);

  {
    g_autoptr(GMutexLocker) locker = g_mutex_locker_new (cm_db_get_mutex (db));
    sqlite3_stmt *stmt;

    stmt = cm_db_prepare (db,
                          "SELECT a.id, a.name, r.instance_id, json_extract (r.raw, '$._attachments')"
                          "  FROM attachment a JOIN report r ON r.id = a.report_id"
                          " WHERE r.source_id = ?1 AND a.state IN ('pending', 'failed')"
                          "   AND (?2 = 0 OR r.id = ?2)"
                          " ORDER BY a.id DESC",
                          error);
    if (stmt == NULL)
      {
        g_ptr_array_unref (fetch.queue);
        g_mutex_clear (&fetch.lock);
        return FALSE;
      }
    sqlite3_bind_int64 (stmt, 1, cm_source_get_id (source));
    sqlite3_bind_int64 (stmt, 2, report_id);
    while (sqlite3_step (stmt) == SQLITE_ROW)
      {
        Wanted *wanted = g_new0 (Wanted, 1);

        wanted->id = sqlite3_column_int64 (stmt, 0);
        wanted->name = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
        wanted->instance_id = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
        wanted->kobo_url = kobo_download_url ((const char *) sqlite3_column_text (stmt, 3), wanted->name);
        g_ptr_array_add (fetch.queue, wanted);
      }
    sqlite3_reset (stmt);
  }

  /* Two at a time: servers share a small connection pool among everyone. */
  if (fetch.queue->len > 0)
    {
      for (guint i = 0; i < N_WORKERS; i++)
        threads[i] = g_thread_new ("cm-attachments", worker, &fetch);
      for (guint i = 0; i < N_WORKERS; i++)
        g_thread_join (threads[i]);
    }

  if (fetched != NULL)
    *fetched = fetch.fetched;

  g_ptr_array_unref (fetch.queue);
  g_mutex_clear (&fetch.lock);

  if (fetch.error != NULL)
    {
      g_propagate_error (error, fetch.error);
      return FALSE;
    }

  return TRUE;
}
