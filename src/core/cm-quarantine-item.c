/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "cm-quarantine-item"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "cm-quarantine-item.h"

static char *
column_text (sqlite3_stmt *stmt,
             int           column)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, column));
}

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
