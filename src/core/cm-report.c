/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "cm-report"

#include "config.h"

#include "cm-report.h"

struct _CmReport
{
  GObject  parent_instance;

  gint64   id;
  gint64   source_id;      /* 0: made here (the demo), so no server to review it on */
  char    *instance_id;
  char    *date;
  gint64   rations_paid;
  gint64   rations_free;
  gint64   fee_cents;
  gint64   spending_cents;
  char    *submitted_at;
  char    *device_id;
  char    *review_state;
};

G_DEFINE_FINAL_TYPE (CmReport, cm_report, G_TYPE_OBJECT)

static void
cm_report_finalize (GObject *object)
{
  CmReport *self = (CmReport *)object;

  g_free (self->instance_id);
  g_free (self->date);
  g_free (self->submitted_at);
  g_free (self->device_id);
  g_free (self->review_state);

  G_OBJECT_CLASS (cm_report_parent_class)->finalize (object);
}

static void
cm_report_class_init (CmReportClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cm_report_finalize;
}

static void
cm_report_init (CmReport *self)
{
}

gint64
cm_report_get_id (CmReport *self)
{
  g_return_val_if_fail (CM_IS_REPORT (self), 0);
  return self->id;
}

/* The server account the report came from, or 0. */
gint64
cm_report_get_source_id (CmReport *self)
{
  g_return_val_if_fail (CM_IS_REPORT (self), 0);
  return self->source_id;
}

const char *
cm_report_get_instance_id (CmReport *self)
{
  g_return_val_if_fail (CM_IS_REPORT (self), NULL);
  return self->instance_id;
}

const char *
cm_report_get_date (CmReport *self)
{
  g_return_val_if_fail (CM_IS_REPORT (self), NULL);
  return self->date;
}

gint64
cm_report_get_rations_paid (CmReport *self)
{
  g_return_val_if_fail (CM_IS_REPORT (self), 0);
  return self->rations_paid;
}

gint64
cm_report_get_rations_free (CmReport *self)
{
  g_return_val_if_fail (CM_IS_REPORT (self), 0);
  return self->rations_free;
}

gint64
cm_report_get_fee_cents (CmReport *self)
{
  g_return_val_if_fail (CM_IS_REPORT (self), 0);
  return self->fee_cents;
}

gint64
cm_report_get_spending_cents (CmReport *self)
{
  g_return_val_if_fail (CM_IS_REPORT (self), 0);
  return self->spending_cents;
}

const char *
cm_report_get_submitted_at (CmReport *self)
{
  g_return_val_if_fail (CM_IS_REPORT (self), NULL);
  return self->submitted_at;
}

const char *
cm_report_get_device_id (CmReport *self)
{
  g_return_val_if_fail (CM_IS_REPORT (self), NULL);
  return self->device_id;
}

const char *
cm_report_get_review_state (CmReport *self)
{
  g_return_val_if_fail (CM_IS_REPORT (self), NULL);
  return self->review_state;
}

/**
 * cm_report_list_latest:
 * @db: the database
 * @canteen_id: the kitchen
 * @limit: how many reports at most
 * @error: return location for a #GError
 *
 * Loads a kitchen's most recent reports, newest first. Takes the database
 * lock.
 *
 * Returns: (transfer full): a #GListModel of #CmReport, or %NULL
 */
GListModel *
cm_report_list_latest (CmDb    *db,
                       gint64   canteen_id,
                       guint    limit,
                       GError **error)
{
  g_autoptr(GListStore) store = g_list_store_new (CM_TYPE_REPORT);
  g_autoptr(GMutexLocker) locker = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (CM_IS_DB (db), NULL);

  locker = g_mutex_locker_new (cm_db_get_mutex (db));

  stmt = cm_db_prepare (db,
                        "SELECT id, instance_id, report_date, rations_paid, rations_free,"
                        "       fee_cents, spending_cents, submitted_at, device_id, review_state,"
                        "       ifnull (source_id, 0)"
                        "  FROM report WHERE canteen_id = ?1"
                        " ORDER BY report_date DESC, submitted_at DESC LIMIT ?2",
                        error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, canteen_id);
  sqlite3_bind_int (stmt, 2, (int) limit);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(CmReport) report = g_object_new (CM_TYPE_REPORT, NULL);

      report->id = sqlite3_column_int64 (stmt, 0);
      report->instance_id = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      report->date = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      report->rations_paid = sqlite3_column_int64 (stmt, 3);
      report->rations_free = sqlite3_column_int64 (stmt, 4);
      report->fee_cents = sqlite3_column_int64 (stmt, 5);
      report->spending_cents = sqlite3_column_int64 (stmt, 6);
      report->submitted_at = g_strdup ((const char *) sqlite3_column_text (stmt, 7));
      report->device_id = g_strdup ((const char *) sqlite3_column_text (stmt, 8));
      report->review_state = g_strdup ((const char *) sqlite3_column_text (stmt, 9));
      report->source_id = sqlite3_column_int64 (stmt, 10);
      g_list_store_append (store, report);
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
 * cm_report_count_by_day:
 * @db: the database
 * @canteen_id: the kitchen
 * @first: the first day
 * @last: the last day, included
 * @error: return location for a #GError
 *
 * Counts a kitchen's reports per day, for a calendar of expected versus
 * received reports. Takes the database lock.
 *
 * Returns: (transfer full): `YYYY-MM-DD` → count (as GUINT_TO_POINTER), or %NULL
 */
GHashTable *
cm_report_count_by_day (CmDb         *db,
                        gint64        canteen_id,
                        const GDate  *first,
                        const GDate  *last,
                        GError      **error)
{
  g_autoptr(GHashTable) counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  char from[16], until[16];
  g_autoptr(GMutexLocker) locker = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (CM_IS_DB (db), NULL);

  locker = g_mutex_locker_new (cm_db_get_mutex (db));

  g_date_strftime (from, sizeof from, "%Y-%m-%d", first);
  g_date_strftime (until, sizeof until, "%Y-%m-%d", last);

  stmt = cm_db_prepare (db,
                        "SELECT report_date, count (*) FROM report"
                        " WHERE canteen_id = ?1 AND report_date BETWEEN ?2 AND ?3"
                        " GROUP BY report_date",
                        error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, canteen_id);
  sqlite3_bind_text (stmt, 2, from, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, until, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_hash_table_insert (counts,
                         g_strndup ((const char *) sqlite3_column_text (stmt, 0), 10),
                         GUINT_TO_POINTER (sqlite3_column_int (stmt, 1)));

  if (rc != SQLITE_DONE)
    {
      cm_db_set_error_from_handle (db, error);
      sqlite3_reset (stmt);
      return NULL;
    }
  sqlite3_reset (stmt);

  return g_steal_pointer (&counts);
}
