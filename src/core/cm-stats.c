/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "cm-stats"

#include "config.h"

#include <string.h>

#include "cm-stats.h"

/* Each figure is one fixed query; the order here is the order shown. */
static const struct { const char *key; const char *sql; } queries[] = {
  { "schema_version", "PRAGMA user_version" },
  { "alcaldias", "SELECT count(*) FROM alcaldia" },
  { "kitchens", "SELECT count(*) FROM canteen" },
  { "kitchens_active", "SELECT count(*) FROM canteen WHERE status = 'active'" },
  { "kitchens_suspended", "SELECT count(*) FROM canteen WHERE status = 'suspended'" },
  { "kitchens_closed", "SELECT count(*) FROM canteen WHERE status = 'closed'" },
  { "committee_members", "SELECT count(*) FROM committee_member" },
  { "committee_members_active", "SELECT count(*) FROM committee_member WHERE until IS NULL" },
  { "reports", "SELECT count(*) FROM report" },
  { "reports_unmatched", "SELECT count(*) FROM report WHERE canteen_id IS NULL" },
  { "purchases", "SELECT count(*) FROM purchase" },
  { "attachments", "SELECT count(*) FROM attachment" },
  { "sources", "SELECT count(*) FROM source" },
  { "sync_runs", "SELECT count(*) FROM sync_run" },
  { "quarantined", "SELECT count(*) FROM quarantine" },
  { "outbox_pending", "SELECT count(*) FROM outbox WHERE pushed_at IS NULL" },
  { "audit_entries", "SELECT count(*) FROM audit" },
};

/**
 * cm_stat_free:
 * @stat: (transfer full) (nullable): a figure
 */
void
cm_stat_free (CmStat *stat)
{
  if (stat == NULL)
    return;

  g_free (stat->key);
  g_free (stat);
}

/**
 * cm_stats_collect:
 * @db: a database
 * @error: return location for a #GError
 *
 * Counts what @db holds: kitchens (and by status), committee members,
 * reports, purchases, quarantined rows, review actions waiting to be pushed,
 * the schema version and more, always in the same order. Reads in one
 * transaction, so the figures agree with each other.
 *
 * Returns: (transfer container) (element-type CmStat): the figures, or %NULL
 *   with @error set; free with g_ptr_array_unref()
 */
GPtrArray *
cm_stats_collect (CmDb    *db,
                  GError **error)
{
  g_autoptr(GPtrArray) stats = NULL;
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_val_if_fail (CM_IS_DB (db), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  locker = g_mutex_locker_new (cm_db_get_mutex (db));
  stats = g_ptr_array_new_with_free_func ((GDestroyNotify) cm_stat_free);

  if (!cm_db_exec (db, "BEGIN", error))
    return NULL;

  for (guint i = 0; i < G_N_ELEMENTS (queries); i++)
    {
      CmStat *stat;
      gint64 value = cm_db_query_int (db, queries[i].sql, error);

      if (value < 0)
        {
          cm_db_rollback (db);
          return NULL;
        }

      stat = g_new0 (CmStat, 1);
      stat->key = g_strdup (queries[i].key);
      stat->value = value;
      g_ptr_array_add (stats, stat);
    }

  cm_db_rollback (db); /* nothing was written: ending the read is enough */

  return g_steal_pointer (&stats);
}

/**
 * cm_stats_lookup:
 * @stats: (element-type CmStat): figures from cm_stats_collect()
 * @key: the key of a figure
 * @value: (out) (optional): its value
 *
 * Returns: %TRUE when @stats has @key
 */
gboolean
cm_stats_lookup (GPtrArray  *stats,
                 const char *key,
                 gint64     *value)
{
  g_return_val_if_fail (stats != NULL, FALSE);
  g_return_val_if_fail (key != NULL, FALSE);

  for (guint i = 0; i < stats->len; i++)
    {
      const CmStat *stat = g_ptr_array_index (stats, i);

      if (strcmp (stat->key, key) == 0)
        {
          if (value != NULL)
            *value = stat->value;
          return TRUE;
        }
    }

  return FALSE;
}
