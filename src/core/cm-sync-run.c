/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "cm-sync-run"

#include "config.h"

#include "cm-sync-run.h"

static char *
column_text (sqlite3_stmt *stmt,
             int           column)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, column));
}

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
