/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "cm-sync-queries"

#include "config.h"

#include <glib/gi18n.h>

#include "cm-sync-queries.h"

static char *
column_text (sqlite3_stmt *stmt,
             int           column)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, column));
}

/* --- CmSyncRun ---------------------------------------------------------- */

struct _CmSyncRun
{
  GObject  parent_instance;

  gint64   id;
  gint64   source_id;
  char    *source_name;
  char    *started_at;
  char    *finished_at;
  char    *state;
  guint    received;
  guint    inserted;
  guint    updated;
  guint    quarantined;
  char    *error;
};

G_DEFINE_FINAL_TYPE (CmSyncRun, cm_sync_run, G_TYPE_OBJECT)

static void
cm_sync_run_finalize (GObject *object)
{
  CmSyncRun *self = CM_SYNC_RUN (object);

  g_free (self->source_name);
  g_free (self->started_at);
  g_free (self->finished_at);
  g_free (self->state);
  g_free (self->error);

  G_OBJECT_CLASS (cm_sync_run_parent_class)->finalize (object);
}

static void
cm_sync_run_class_init (CmSyncRunClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cm_sync_run_finalize;
}

static void
cm_sync_run_init (CmSyncRun *self)
{
}

gint64
cm_sync_run_get_id (CmSyncRun *self)
{
  g_return_val_if_fail (CM_IS_SYNC_RUN (self), 0);
  return self->id;
}

gint64
cm_sync_run_get_source_id (CmSyncRun *self)
{
  g_return_val_if_fail (CM_IS_SYNC_RUN (self), 0);
  return self->source_id;
}

const char *
cm_sync_run_get_source_name (CmSyncRun *self)
{
  g_return_val_if_fail (CM_IS_SYNC_RUN (self), NULL);
  return self->source_name;
}

const char *
cm_sync_run_get_started_at (CmSyncRun *self)
{
  g_return_val_if_fail (CM_IS_SYNC_RUN (self), NULL);
  return self->started_at;
}

const char *
cm_sync_run_get_finished_at (CmSyncRun *self)
{
  g_return_val_if_fail (CM_IS_SYNC_RUN (self), NULL);
  return self->finished_at;
}

const char *
cm_sync_run_get_state (CmSyncRun *self)
{
  g_return_val_if_fail (CM_IS_SYNC_RUN (self), NULL);
  return self->state;
}

guint
cm_sync_run_get_received (CmSyncRun *self)
{
  g_return_val_if_fail (CM_IS_SYNC_RUN (self), 0);
  return self->received;
}

guint
cm_sync_run_get_inserted (CmSyncRun *self)
{
  g_return_val_if_fail (CM_IS_SYNC_RUN (self), 0);
  return self->inserted;
}

guint
cm_sync_run_get_updated (CmSyncRun *self)
{
  g_return_val_if_fail (CM_IS_SYNC_RUN (self), 0);
  return self->updated;
}

guint
cm_sync_run_get_quarantined (CmSyncRun *self)
{
  g_return_val_if_fail (CM_IS_SYNC_RUN (self), 0);
  return self->quarantined;
}

const char *
cm_sync_run_get_error (CmSyncRun *self)
{
  g_return_val_if_fail (CM_IS_SYNC_RUN (self), NULL);
  return self->error;
}

#define RUN_SELECT \
  "SELECT r.id, r.source_id, s.name, r.started_at, r.finished_at, r.state, r.received," \
  "       r.inserted, r.updated, r.quarantined, r.error" \
  "  FROM sync_run r JOIN source s ON s.id = r.source_id"

static CmSyncRun *
run_from_row (sqlite3_stmt *stmt)
{
  CmSyncRun *run = g_object_new (CM_TYPE_SYNC_RUN, NULL);

  run->id = sqlite3_column_int64 (stmt, 0);
  run->source_id = sqlite3_column_int64 (stmt, 1);
  run->source_name = column_text (stmt, 2);
  run->started_at = column_text (stmt, 3);
  run->finished_at = column_text (stmt, 4);
  run->state = column_text (stmt, 5);
  run->received = (guint) MAX (0, sqlite3_column_int64 (stmt, 6));
  run->inserted = (guint) MAX (0, sqlite3_column_int64 (stmt, 7));
  run->updated = (guint) MAX (0, sqlite3_column_int64 (stmt, 8));
  run->quarantined = (guint) MAX (0, sqlite3_column_int64 (stmt, 9));
  run->error = column_text (stmt, 10);

  return run;
}

static GListModel *
collect_runs (CmDb          *db,
              sqlite3_stmt  *stmt,
              GError       **error)
{
  g_autoptr(GListStore) store = g_list_store_new (CM_TYPE_SYNC_RUN);
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(CmSyncRun) run = run_from_row (stmt);
      g_list_store_append (store, run);
    }
  if (rc != SQLITE_DONE)
    {
      cm_db_set_error_from_handle (db, error);
      sqlite3_reset (stmt);
      return NULL;
    }
  sqlite3_reset (stmt);

  return G_LIST_MODEL (g_steal_pointer (&store));
}

/**
 * cm_sync_run_list:
 * @db: the database
 * @limit: how many runs at most
 * @error: return location for a #GError
 *
 * Loads the history of sync runs, newest first. Takes the database lock.
 *
 * Returns: (transfer full): a #GListModel of #CmSyncRun, or %NULL
 */
GListModel *
cm_sync_run_list (CmDb    *db,
                  guint    limit,
                  GError **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (CM_IS_DB (db), NULL);

  locker = g_mutex_locker_new (cm_db_get_mutex (db));
  stmt = cm_db_prepare (db, RUN_SELECT " ORDER BY r.id DESC LIMIT ?1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, limit);

  return collect_runs (db, stmt, error);
}

/**
 * cm_sync_run_list_last:
 * @db: the database
 * @error: return location for a #GError
 *
 * Loads the latest run of each account. Takes the database lock.
 *
 * Returns: (transfer full): a #GListModel of #CmSyncRun, or %NULL
 */
GListModel *
cm_sync_run_list_last (CmDb    *db,
                       GError **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (CM_IS_DB (db), NULL);

  locker = g_mutex_locker_new (cm_db_get_mutex (db));
  stmt = cm_db_prepare (db,
                        RUN_SELECT " WHERE r.id IN (SELECT max (id) FROM sync_run GROUP BY source_id)"
                        " ORDER BY s.name",
                        error);
  if (stmt == NULL)
    return NULL;

  return collect_runs (db, stmt, error);
}

/* --- CmQuarantineItem --------------------------------------------------- */

struct _CmQuarantineItem
{
  GObject  parent_instance;

  gint64   id;
  char    *source_name;
  char    *received_at;
  char    *instance_id;
  char    *reason;
};

G_DEFINE_FINAL_TYPE (CmQuarantineItem, cm_quarantine_item, G_TYPE_OBJECT)

static void
cm_quarantine_item_finalize (GObject *object)
{
  CmQuarantineItem *self = CM_QUARANTINE_ITEM (object);

  g_free (self->source_name);
  g_free (self->received_at);
  g_free (self->instance_id);
  g_free (self->reason);

  G_OBJECT_CLASS (cm_quarantine_item_parent_class)->finalize (object);
}

static void
cm_quarantine_item_class_init (CmQuarantineItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cm_quarantine_item_finalize;
}

static void
cm_quarantine_item_init (CmQuarantineItem *self)
{
}

gint64
cm_quarantine_item_get_id (CmQuarantineItem *self)
{
  g_return_val_if_fail (CM_IS_QUARANTINE_ITEM (self), 0);
  return self->id;
}

/* NULL once its account was removed. */
const char *
cm_quarantine_item_get_source_name (CmQuarantineItem *self)
{
  g_return_val_if_fail (CM_IS_QUARANTINE_ITEM (self), NULL);
  return self->source_name;
}

const char *
cm_quarantine_item_get_received_at (CmQuarantineItem *self)
{
  g_return_val_if_fail (CM_IS_QUARANTINE_ITEM (self), NULL);
  return self->received_at;
}

const char *
cm_quarantine_item_get_instance_id (CmQuarantineItem *self)
{
  g_return_val_if_fail (CM_IS_QUARANTINE_ITEM (self), NULL);
  return self->instance_id;
}

const char *
cm_quarantine_item_get_reason (CmQuarantineItem *self)
{
  g_return_val_if_fail (CM_IS_QUARANTINE_ITEM (self), NULL);
  return self->reason;
}

/**
 * cm_quarantine_list:
 * @db: the database
 * @limit: how many rows at most
 * @error: return location for a #GError
 *
 * Loads the rows that could not be mapped, newest first, without their raw
 * text (see cm_quarantine_get_raw()). Takes the database lock.
 *
 * Returns: (transfer full): a #GListModel of #CmQuarantineItem, or %NULL
 */
GListModel *
cm_quarantine_list (CmDb    *db,
                    guint    limit,
                    GError **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(GListStore) store = g_list_store_new (CM_TYPE_QUARANTINE_ITEM);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (CM_IS_DB (db), NULL);

  locker = g_mutex_locker_new (cm_db_get_mutex (db));
  stmt = cm_db_prepare (db,
                        "SELECT q.id, s.name, q.received_at, q.instance_id, q.reason"
                        "  FROM quarantine q LEFT JOIN source s ON s.id = q.source_id"
                        " ORDER BY q.id DESC LIMIT ?1",
                        error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, limit);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(CmQuarantineItem) item = g_object_new (CM_TYPE_QUARANTINE_ITEM, NULL);

      item->id = sqlite3_column_int64 (stmt, 0);
      item->source_name = column_text (stmt, 1);
      item->received_at = column_text (stmt, 2);
      item->instance_id = column_text (stmt, 3);
      item->reason = column_text (stmt, 4);
      g_list_store_append (store, item);
    }
  if (rc != SQLITE_DONE)
    {
      cm_db_set_error_from_handle (db, error);
      sqlite3_reset (stmt);
      return NULL;
    }
  sqlite3_reset (stmt);

  return G_LIST_MODEL (g_steal_pointer (&store));
}

/**
 * cm_quarantine_count:
 * @db: the database
 *
 * Returns: how many rows are in quarantine
 */
gint64
cm_quarantine_count (CmDb *db)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_val_if_fail (CM_IS_DB (db), 0);

  locker = g_mutex_locker_new (cm_db_get_mutex (db));
  return MAX (0, cm_db_query_int (db, "SELECT count(*) FROM quarantine", NULL));
}

/**
 * cm_quarantine_get_raw:
 * @db: the database
 * @id: the quarantined row
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the text exactly as received, or %NULL
 */
char *
cm_quarantine_get_raw (CmDb    *db,
                       gint64   id,
                       GError **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  sqlite3_stmt *stmt;
  char *raw = NULL;
  int rc;

  g_return_val_if_fail (CM_IS_DB (db), NULL);

  locker = g_mutex_locker_new (cm_db_get_mutex (db));
  stmt = cm_db_prepare (db, "SELECT raw FROM quarantine WHERE id = ?1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    raw = column_text (stmt, 0);
  else if (rc == SQLITE_DONE)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                 _("This row is no longer in quarantine."));
  else
    cm_db_set_error_from_handle (db, error);
  sqlite3_reset (stmt);

  return raw;
}

/* --- accounts ----------------------------------------------------------- */

/**
 * cm_source_new_unsaved:
 * @name: the account's name
 * @kind: the server's kind
 * @base_url: the server
 * @project: (nullable): Central's project id
 * @form_id: Central's xmlFormId, or Kobo's asset uid
 * @username: (nullable): Central's email
 * @error: return location for a #GError
 *
 * Checks the fields as cm_source_add() does and makes an account that is in
 * no database, to test a connection before saving it. Its id is not one of
 * any database.
 *
 * Returns: (transfer full): the account, or %NULL with @error set
 */
CmSource *
cm_source_new_unsaved (const char    *name,
                       CmSourceKind   kind,
                       const char    *base_url,
                       const char    *project,
                       const char    *form_id,
                       const char    *username,
                       GError       **error)
{
  g_autoptr(CmDb) scratch = NULL;

  /* Until the core can make one, an account in a database in memory: the
   * same checks and the same normalised address as a saved one. */
  scratch = cm_db_open (":memory:", error);
  if (scratch == NULL)
    return NULL;

  return cm_source_add (scratch, name, kind, base_url, project, form_id, username, error);
}

/**
 * cm_source_update:
 * @db: the database
 * @id: the account's id
 * @name: its new name, unique
 * @kind: the server's kind
 * @base_url: the server
 * @project: (nullable): Central's project id
 * @form_id: Central's xmlFormId, or Kobo's asset uid
 * @username: (nullable): Central's email
 * @error: return location for a #GError
 *
 * Changes an account, with the checks of cm_source_add(). Its history, its
 * queued reviews and its reports stay; when it points at another server,
 * project or form, the next pull starts from the beginning.
 *
 * Returns: %TRUE on success
 */
gboolean
cm_source_update (CmDb          *db,
                  gint64         id,
                  const char    *name,
                  CmSourceKind   kind,
                  const char    *base_url,
                  const char    *project,
                  const char    *form_id,
                  const char    *username,
                  GError       **error)
{
  g_autoptr(CmSource) checked = NULL;
  g_autoptr(GMutexLocker) locker = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (CM_IS_DB (db), FALSE);

  checked = cm_source_new_unsaved (name, kind, base_url, project, form_id, username, error);
  if (checked == NULL)
    return FALSE;

  locker = g_mutex_locker_new (cm_db_get_mutex (db));
  stmt = cm_db_prepare (db,
                        "UPDATE source SET name = ?2, kind = ?3, base_url = ?4, project = ?5,"
                        "  form_id = ?6, username = ?7,"
                        "  cursor = CASE WHEN kind = ?3 AND base_url = ?4 AND project IS ?5"
                        "                 AND form_id = ?6 THEN cursor END"
                        " WHERE id = ?1",
                        error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_text (stmt, 2, cm_source_get_name (checked), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, cm_source_get_kind_name (checked), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, cm_source_get_base_url (checked), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, cm_source_get_project (checked), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 6, cm_source_get_form_id (checked), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 7, cm_source_get_username (checked), -1, SQLITE_TRANSIENT);

  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      if (sqlite3_extended_errcode (cm_db_get_handle (db)) == SQLITE_CONSTRAINT_UNIQUE)
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                     _("There is already an account named “%s”."), name);
      else
        cm_db_set_error_from_handle (db, error);
      sqlite3_reset (stmt);
      return FALSE;
    }
  sqlite3_reset (stmt);

  if (sqlite3_changes (cm_db_get_handle (db)) == 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("The account was removed meanwhile."));
      return FALSE;
    }

  return TRUE;
}

/* --- reports ------------------------------------------------------------ */

/**
 * cm_report_ids_with_source:
 * @db: the database
 * @canteen_id: the kitchen
 * @error: return location for a #GError
 *
 * The kitchen's reports that came from a server account, and so can be
 * reviewed there. Takes the database lock.
 *
 * Returns: (transfer full): a set of report ids (as gint64 pointers), or %NULL
 */
GHashTable *
cm_report_ids_with_source (CmDb    *db,
                           gint64   canteen_id,
                           GError **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(GHashTable) ids = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (CM_IS_DB (db), NULL);

  locker = g_mutex_locker_new (cm_db_get_mutex (db));
  stmt = cm_db_prepare (db, "SELECT id FROM report WHERE canteen_id = ?1 AND source_id IS NOT NULL", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, canteen_id);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_hash_table_add (ids, g_memdup2 (&(gint64) { sqlite3_column_int64 (stmt, 0) }, sizeof (gint64)));
  if (rc != SQLITE_DONE)
    {
      cm_db_set_error_from_handle (db, error);
      sqlite3_reset (stmt);
      return NULL;
    }
  sqlite3_reset (stmt);

  return g_steal_pointer (&ids);
}
