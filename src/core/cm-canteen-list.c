/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "cm-canteen-list"

#include "config.h"

#include <math.h>

#include "cm-canteen.h"
#include "cm-canteen-list.h"

/* The kitchens, with the last report date the database keeps on each. */
static const char list_sql[] =
  "SELECT c.id, c.folio, c.name, c.modality, c.address, c.colonia,"
  "       c.alcaldia_code, a.name, c.latitude, c.longitude, c.schedule,"
  "       c.capacity, c.status, c.opened_on, c.tablet_id, c.last_report_date,"
  "       l.verdict, l.period"
  "  FROM canteen c LEFT JOIN alcaldia a ON a.code = c.alcaldia_code"
  "       LEFT JOIN check_latest l ON l.canteen_id = c.id"
  " ORDER BY c.folio";

/* The reports of the last 30 days per kitchen: one range of the
 * (report_date, canteen_id) index, about a twelfth of it for a year. */
static const char recent_sql[] =
  "SELECT canteen_id, count (*) FROM report"
  " WHERE report_date > ?1 AND report_date <= ?2 AND canteen_id IS NOT NULL"
  " GROUP BY canteen_id";

/* Each kitchen's active committee members and, of those, the office
 * holders: one pass over the committee, a few rows per kitchen. Active is
 * no end, or an end after the reference day: from its until day on, the
 * person no longer sits on the committee. */
static const char committee_sql[] =
  "SELECT canteen_id, count (*), sum (holds_office) FROM committee_member"
  " WHERE until IS NULL OR until > ?1"
  " GROUP BY canteen_id";

typedef struct
{
  guint active;
  guint office;
} CommitteeCounts;

static const char *
column_text (sqlite3_stmt *stmt,
             int           column)
{
  return (const char *) sqlite3_column_text (stmt, column);
}

static double
column_double_or_nan (sqlite3_stmt *stmt,
                      int           column)
{
  if (sqlite3_column_type (stmt, column) == SQLITE_NULL)
    return NAN;
  return sqlite3_column_double (stmt, column);
}

/**
 * cm_canteen_list_load:
 * @db: the database
 * @today: the day “recent reports” counts back 30 days from
 * @error: return location for a #GError
 *
 * Loads every kitchen, ordered by folio, with its last report date, the
 * number of reports of the last 30 days, and its committee's active members
 * and office holders on @today. Takes the database lock.
 *
 * Returns: (transfer full): a #GListModel of #CmCanteen, or %NULL with @error set
 */
GListModel *
cm_canteen_list_load (CmDb         *db,
                      const GDate  *today,
                      GError      **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GListStore) store = NULL;
  g_autoptr(GHashTable) recent = g_hash_table_new (NULL, NULL);
  g_autoptr(GHashTable) committee = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  char from[16], until[16];
  GDate start;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (CM_IS_DB (db), NULL);
  g_return_val_if_fail (today != NULL && g_date_valid (today), NULL);

  start = *today;
  g_date_subtract_days (&start, 30);
  g_date_strftime (from, sizeof from, "%Y-%m-%d", &start);
  g_date_strftime (until, sizeof until, "%Y-%m-%d", today);

  locker = g_mutex_locker_new (cm_db_get_mutex (db));

  if (!(stmt = cm_db_prepare (db, recent_sql, error)))
    return NULL;

  sqlite3_bind_text (stmt, 1, from, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, until, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_hash_table_insert (recent,
                         GSIZE_TO_POINTER ((gsize) sqlite3_column_int64 (stmt, 0)),
                         GUINT_TO_POINTER ((guint) sqlite3_column_int (stmt, 1)));
  if (rc != SQLITE_DONE)
    {
      cm_db_set_error_from_handle (db, error);
      sqlite3_reset (stmt);
      return NULL;
    }
  sqlite3_reset (stmt);

  if (!(stmt = cm_db_prepare (db, committee_sql, error)))
    return NULL;

  sqlite3_bind_text (stmt, 1, until, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      CommitteeCounts *counts = g_new (CommitteeCounts, 1);

      counts->active = (guint) sqlite3_column_int (stmt, 1);
      counts->office = (guint) sqlite3_column_int (stmt, 2);
      g_hash_table_insert (committee, GSIZE_TO_POINTER ((gsize) sqlite3_column_int64 (stmt, 0)), counts);
    }
  if (rc != SQLITE_DONE)
    {
      cm_db_set_error_from_handle (db, error);
      sqlite3_reset (stmt);
      return NULL;
    }
  sqlite3_reset (stmt);

  if (!(stmt = cm_db_prepare (db, list_sql, error)))
    return NULL;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      CommitteeCounts *counts = g_hash_table_lookup (committee, GSIZE_TO_POINTER ((gsize) id));
      CmCanteenFields f = {
        .id = id,
        .folio = column_text (stmt, 1),
        .name = column_text (stmt, 2),
        .modality = column_text (stmt, 3),
        .address = column_text (stmt, 4),
        .colonia = column_text (stmt, 5),
        .alcaldia_code = column_text (stmt, 6),
        .alcaldia_name = column_text (stmt, 7),
        .latitude = column_double_or_nan (stmt, 8),
        .longitude = column_double_or_nan (stmt, 9),
        .schedule = column_text (stmt, 10),
        .capacity = sqlite3_column_type (stmt, 11) == SQLITE_NULL ? -1 : sqlite3_column_int64 (stmt, 11),
        .status = column_text (stmt, 12),
        .opened_on = column_text (stmt, 13),
        .tablet_id = column_text (stmt, 14),
        .last_report = column_text (stmt, 15),
        .compliance = column_text (stmt, 16),
        .compliance_period = column_text (stmt, 17),
        .recent_reports = GPOINTER_TO_UINT (g_hash_table_lookup (recent, GSIZE_TO_POINTER ((gsize) id))),
        .committee_known = TRUE,
        .committee_active = counts ? counts->active : 0,
        .committee_office = counts ? counts->office : 0,
      };

      g_ptr_array_add (items, cm_canteen_new (&f));
    }

  if (rc != SQLITE_DONE)
    {
      cm_db_set_error_from_handle (db, error);
      sqlite3_reset (stmt);
      return NULL;
    }
  sqlite3_reset (stmt);

  store = g_list_store_new (CM_TYPE_CANTEEN);
  g_list_store_splice (store, 0, 0, items->pdata, items->len);

  return G_LIST_MODEL (g_steal_pointer (&store));
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GError *error = NULL;
  GListModel *model;

  model = cm_canteen_list_load (CM_DB (source_object), task_data, &error);
  if (model == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, model, g_object_unref);
}

/**
 * cm_canteen_list_load_async:
 * @db: the database
 * @today: as for cm_canteen_list_load()
 * @cancellable: (nullable): a #GCancellable
 * @callback: called in the thread-default main context when done
 * @user_data: data for @callback
 *
 * Loads the kitchens in a worker thread.
 */
void
cm_canteen_list_load_async (CmDb                *db,
                            const GDate         *today,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (CM_IS_DB (db));

  task = g_task_new (db, cancellable, callback, user_data);
  g_task_set_source_tag (task, cm_canteen_list_load_async);
  g_task_set_task_data (task, g_memdup2 (today, sizeof *today), g_free);
  g_task_run_in_thread (task, load_thread);
}

/**
 * cm_canteen_list_load_finish:
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Returns: (transfer full): a #GListModel of #CmCanteen, or %NULL with @error set
 */
GListModel *
cm_canteen_list_load_finish (GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
