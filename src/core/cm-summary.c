/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "cm-summary"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "cm-alcaldias.h"
#include "cm-canteen.h"
#include "cm-period.h"
#include "cm-summary.h"
#include "cm-text.h"
#include "cm-workdays.h"

G_DEFINE_QUARK (cm-summary-error-quark, cm_summary_error)

/* Kitchens now, by alcaldía and status. */
static const char status_sql[] =
  "SELECT ifnull (alcaldia_code, ''), status, count(*) FROM canteen GROUP BY 1, 2";

/* Each kitchen of the period with its latest verdict in it, counted by
 * alcaldía and verdict (NULL: not evaluated). */
static const char verdict_sql[] =
  "SELECT alcaldia, verdict, count(*) FROM"
  " (SELECT ifnull (c.alcaldia_code, '') AS alcaldia,"
  "         (SELECT v.verdict FROM check_verdict v"
  "           WHERE v.canteen_id = c.id AND v.period BETWEEN ?1 AND ?2"
  "             AND v.verdict <> 'sin_evaluar'"
  "           ORDER BY v.period DESC LIMIT 1) AS verdict"
  "    FROM canteen c"
  "   WHERE c.status <> 'closed'"
  "      OR EXISTS (SELECT 1 FROM check_verdict v"
  "                  WHERE v.canteen_id = c.id AND v.period BETWEEN ?1 AND ?2))"
  " GROUP BY 1, 2";

/* The reports of kitchens in the period, month by month. */
static const char month_sql[] =
  "SELECT substr (report_date, 1, 7), count(*), total (rations_paid), total (rations_free),"
  "       total (fee_cents), total (spending_cents)"
  "  FROM report WHERE report_date >= ?1 AND report_date < ?2 AND canteen_id IS NOT NULL"
  " GROUP BY 1";

static const char span_sql[] =
  "SELECT min (report_date), max (report_date) FROM report WHERE canteen_id IS NOT NULL";

/* The days due, as the checks count them (cm-checks.h): from the first to
 * the last day on which a tenth of the kitchens not closed reported. */
static const char busy_sql[] =
  "SELECT min (report_date), max (report_date) FROM"
  " (SELECT report_date FROM report GROUP BY report_date"
  "   HAVING count(*) >= (SELECT max (1, count(*) / 10) FROM canteen WHERE status <> 'closed'))";

static const char kitchen_sql[] =
  "SELECT id, ifnull (alcaldia_code, ''), opened_on, closed_on, status, last_report_date"
  "  FROM canteen ORDER BY id";

static const char change_sql[] =
  "SELECT canteen_id, effective_on, new_status FROM status_change"
  " ORDER BY canteen_id, effective_on, id";

static const char reported_sql[] =
  "SELECT DISTINCT canteen_id, report_date FROM report"
  " WHERE report_date >= ?1 AND report_date <= ?2 AND canteen_id IS NOT NULL"
  " ORDER BY canteen_id, report_date";

typedef struct
{
  guint32 from;      /* julian day the decision took effect */
  gboolean open;     /* the kitchen works from then on */
} Change;



static guint32
julian_of (const char *iso_date)
{
  GDate date;

  if (!cm_text_parse_date (iso_date, &date))
    return 0;
  return g_date_get_julian (&date);
}

static int
status_index (const char *status)
{
  if (g_strcmp0 (status, "active") == 0)
    return CM_CANTEEN_STATUS_ACTIVE;
  if (g_strcmp0 (status, "suspended") == 0)
    return CM_CANTEEN_STATUS_SUSPENDED;
  if (g_strcmp0 (status, "closed") == 0)
    return CM_CANTEEN_STATUS_CLOSED;
  return -1;
}

static const char *
column_text (sqlite3_stmt *stmt,
             int           column)
{
  return (const char *) sqlite3_column_text (stmt, column);
}

static CmSummaryAlcaldia *
find_alcaldia (CmSummary  *summary,
               const char *code)
{
  CmSummaryAlcaldia unknown = { 0 };

  for (guint i = 0; i < summary->alcaldias->len; i++)
    {
      CmSummaryAlcaldia *a = &g_array_index (summary->alcaldias, CmSummaryAlcaldia, i);

      if (g_strcmp0 (a->code, code) == 0)
        return a;
    }

  /* No alcaldía, or a code the city does not have: one row for both. */
  for (guint i = 0; i < summary->alcaldias->len; i++)
    {
      CmSummaryAlcaldia *a = &g_array_index (summary->alcaldias, CmSummaryAlcaldia, i);

      if (a->name == NULL)
        return a;
    }
  g_array_append_val (summary->alcaldias, unknown);
  return &g_array_index (summary->alcaldias, CmSummaryAlcaldia, summary->alcaldias->len - 1);
}

static gboolean
step_error (CmDb         *db,
            sqlite3_stmt *stmt,
            int           rc,
            GError      **error)
{
  if (rc == SQLITE_DONE)
    {
      sqlite3_reset (stmt);
      return TRUE;
    }
  cm_db_set_error_from_handle (db, error);
  sqlite3_reset (stmt);
  return FALSE;
}

static gboolean
read_span (CmDb        *db,
           const char  *sql,
           char       **first,
           char       **last,
           GError     **error)
{
  sqlite3_stmt *stmt = cm_db_prepare (db, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *first = g_strdup (column_text (stmt, 0));
      *last = g_strdup (column_text (stmt, 1));
      rc = SQLITE_DONE;
    }
  return step_error (db, stmt, rc, error);
}

static gboolean
read_status (CmDb       *db,
             CmSummary  *summary,
             GError    **error)
{
  sqlite3_stmt *stmt = cm_db_prepare (db, status_sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      int status = status_index (column_text (stmt, 1));
      guint n = (guint) sqlite3_column_int64 (stmt, 2);

      summary->kitchens += n;
      if (status < 0)
        continue;
      summary->by_status[status] += n;
      find_alcaldia (summary, column_text (stmt, 0))->by_status[status] += n;
    }
  return step_error (db, stmt, rc, error);
}

static gboolean
read_verdicts (CmDb       *db,
               CmSummary  *summary,
               GError    **error)
{
  sqlite3_stmt *stmt = cm_db_prepare (db, verdict_sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, summary->first_month, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, summary->last_month, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      CmVerdict verdict = CM_VERDICT_NOT_EVALUATED;
      guint n = (guint) sqlite3_column_int64 (stmt, 2);

      if (sqlite3_column_type (stmt, 1) != SQLITE_NULL &&
          !cm_verdict_from_string (column_text (stmt, 1), &verdict))
        verdict = CM_VERDICT_NOT_EVALUATED;
      summary->by_verdict[verdict] += n;
      find_alcaldia (summary, column_text (stmt, 0))->by_verdict[verdict] += n;
    }
  return step_error (db, stmt, rc, error);
}

static gboolean
read_months (CmDb        *db,
             CmSummary   *summary,
             int          first_index,
             const char  *from,
             const char  *before,
             GError     **error)
{
  sqlite3_stmt *stmt = cm_db_prepare (db, month_sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, from, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, before, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      int index = cm_month_index (column_text (stmt, 0)) - first_index;
      CmSummaryMonth *m;

      if (index < 0 || (guint) index >= summary->months->len)
        continue;
      m = &g_array_index (summary->months, CmSummaryMonth, index);
      m->reports = sqlite3_column_int64 (stmt, 1);
      m->rations_paid = (gint64) sqlite3_column_double (stmt, 2);
      m->rations_free = (gint64) sqlite3_column_double (stmt, 3);
      m->fee_cents = (gint64) sqlite3_column_double (stmt, 4);
      m->spending_cents = (gint64) sqlite3_column_double (stmt, 5);
      summary->reports += m->reports;
      summary->rations_paid += m->rations_paid;
      summary->rations_free += m->rations_free;
      summary->fee_cents += m->fee_cents;
      summary->spending_cents += m->spending_cents;
    }
  return step_error (db, stmt, rc, error);
}

/* Status decisions by kitchen: id -> GArray of Change, in effect order. */
static GHashTable *
read_changes (CmDb    *db,
              GError **error)
{
  g_autoptr(GHashTable) changes = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                                         (GDestroyNotify) g_array_unref);
  sqlite3_stmt *stmt = cm_db_prepare (db, change_sql, error);
  int rc;

  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      Change change = {
        .from = julian_of (column_text (stmt, 1)),
        .open = g_strcmp0 (column_text (stmt, 2), "active") == 0,
      };
      GArray *list = g_hash_table_lookup (changes, &id);

      if (change.from == 0)
        continue;
      if (list == NULL)
        {
          list = g_array_new (FALSE, FALSE, sizeof (Change));
          g_hash_table_insert (changes, g_memdup2 (&id, sizeof id), list);
        }
      g_array_append_val (list, change);
    }
  if (!step_error (db, stmt, rc, error))
    return NULL;
  return g_steal_pointer (&changes);
}

/* Whether the kitchen worked on @julian, by its status decisions. */
static gboolean
open_by_changes (GArray  *changes,
                 guint32  julian)
{
  gboolean open = TRUE;

  for (guint i = 0; changes != NULL && i < changes->len; i++)
    {
      const Change *c = &g_array_index (changes, Change, i);

      if (c->from <= julian)
        open = c->open;
    }
  return open;
}

typedef struct
{
  guint32  first;       /* julian days of the period's due span */
  guint32  last;
  int      first_index; /* month index of the period's first month */
  guint8  *operating;   /* per day of the span */
  guint8  *reported;    /* per day of the span, for the kitchen at hand */
} Span;

static void
count_kitchen (CmSummary    *summary,
               Span         *span,
               const char   *alcaldia,
               guint32       opened,
               guint32       closed,
               guint32       inferred_end,
               GArray       *changes)
{
  CmSummaryAlcaldia *a = NULL;

  for (guint32 j = span->first; j <= span->last; j++)
    {
      guint d = j - span->first;
      CmSummaryMonth *m;
      GDate date;

      if (!span->operating[d])
        continue;
      if (opened != 0 && j < opened)
        continue;
      if (closed != 0 && j >= closed)
        continue;
      if (inferred_end != 0 && j > inferred_end)
        continue;
      if (!open_by_changes (changes, j))
        continue;

      g_date_clear (&date, 1);
      g_date_set_julian (&date, j);
      m = &g_array_index (summary->months, CmSummaryMonth,
                          (int) g_date_get_year (&date) * 12 + (int) g_date_get_month (&date) - 1
                          - span->first_index);
      if (a == NULL)
        a = find_alcaldia (summary, alcaldia);
      m->due_days++;
      a->due_days++;
      summary->due_days++;
      if (!span->reported[d])
        {
          m->missing++;
          a->missing++;
          summary->missing++;
        }
    }
}

/* Operating days without a report: the kitchens and their reported days are
 * read in the same order, one kitchen at a time. */
static gboolean
read_missing (CmDb       *db,
              CmSummary  *summary,
              Span       *span,
              GError    **error)
{
  g_autoptr(GHashTable) changes = NULL;
  g_autofree char *from = NULL;
  g_autofree char *until = NULL;
  sqlite3_stmt *kitchens, *reported;
  guint n_days = span->last - span->first + 1;
  gboolean have_report = FALSE;
  gint64 report_kitchen = 0;
  guint32 report_day = 0;
  GDate date;
  int rc, rrc = SQLITE_DONE;

  if (!(changes = read_changes (db, error)))
    return FALSE;

  span->operating = g_new0 (guint8, n_days);
  span->reported = g_new0 (guint8, n_days);
  for (guint d = 0; d < n_days; d++)
    {
      g_date_clear (&date, 1);
      g_date_set_julian (&date, span->first + d);
      span->operating[d] = cm_workdays_is_operating_day (&date);
    }

  g_date_set_julian (&date, span->first);
  from = g_strdup_printf ("%04u-%02u-%02u", g_date_get_year (&date), g_date_get_month (&date),
                          g_date_get_day (&date));
  g_date_set_julian (&date, span->last);
  until = g_strdup_printf ("%04u-%02u-%02u", g_date_get_year (&date), g_date_get_month (&date),
                           g_date_get_day (&date));

  if (!(reported = cm_db_prepare (db, reported_sql, error)))
    return FALSE;
  sqlite3_bind_text (reported, 1, from, -1, SQLITE_STATIC);
  sqlite3_bind_text (reported, 2, until, -1, SQLITE_STATIC);
  /* Two statements stepped together: prepare the second before stepping. */
  if (!(kitchens = cm_db_prepare (db, kitchen_sql, error)))
    {
      sqlite3_reset (reported);
      return FALSE;
    }

#define NEXT_REPORT() G_STMT_START {                                   \
    rrc = sqlite3_step (reported);                                     \
    have_report = rrc == SQLITE_ROW;                                   \
    if (have_report)                                                   \
      {                                                                \
        report_kitchen = sqlite3_column_int64 (reported, 0);           \
        report_day = julian_of (column_text (reported, 1));            \
      }                                                                \
  } G_STMT_END

  NEXT_REPORT ();
  while ((rc = sqlite3_step (kitchens)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (kitchens, 0);
      const char *status = column_text (kitchens, 4);
      GArray *kchanges = g_hash_table_lookup (changes, &id);
      guint32 inferred_end = 0;

      memset (span->reported, 0, n_days);
      while (have_report && report_kitchen < id)
        NEXT_REPORT ();
      while (have_report && report_kitchen == id)
        {
          if (report_day >= span->first && report_day <= span->last)
            span->reported[report_day - span->first] = 1;
          NEXT_REPORT ();
        }

      /* Suspended or closed with no decision on record: it worked until
       * its last report, as far as the desk knows. */
      if (g_strcmp0 (status, "active") != 0 && kchanges == NULL &&
          (g_strcmp0 (status, "suspended") == 0 || sqlite3_column_type (kitchens, 3) == SQLITE_NULL))
        {
          inferred_end = julian_of (column_text (kitchens, 5));
          if (inferred_end == 0)
            continue;  /* never reported: never due */
        }

      count_kitchen (summary, span, column_text (kitchens, 1),
                     julian_of (column_text (kitchens, 2)), julian_of (column_text (kitchens, 3)),
                     inferred_end, kchanges);
    }
#undef NEXT_REPORT

  if (rrc != SQLITE_DONE && rrc != SQLITE_ROW)
    {
      cm_db_set_error_from_handle (db, error);
      sqlite3_reset (reported);
      sqlite3_reset (kitchens);
      return FALSE;
    }
  sqlite3_reset (reported);
  return step_error (db, kitchens, rc, error);
}

/**
 * cm_summary_load:
 * @db: the database
 * @first_month: (nullable): the period's first month, `YYYY-MM`
 * @last_month: (nullable): its last month
 * @error: return location for a #GError
 *
 * Computes the summary of a period (see cm-summary.h for what each figure
 * counts). Without months, the period is the last 12 months with reports,
 * from the last month with reports back, never before the first (the 12
 * months up to the current one when there are none); with only one of them,
 * the 12 months that start or end there. Takes the database lock; may run in
 * a worker thread.
 *
 * Returns: (transfer full): the summary, or %NULL with @error set
 */
CmSummary *
cm_summary_load (CmDb        *db,
                 const char  *first_month,
                 const char  *last_month,
                 GError     **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(CmSummary) summary = NULL;
  g_autofree char *data_first = NULL;
  g_autofree char *data_last = NULL;
  g_autofree char *busy_first = NULL;
  g_autofree char *busy_last = NULL;
  const CmAlcaldiaInfo *all;
  char from[16], before[16];
  int first_index, last_index;
  guint n;
  GDate today, last_day;
  Span span = { 0 };
  gboolean ok;

  g_return_val_if_fail (CM_IS_DB (db), NULL);

  if ((first_month != NULL && cm_month_index (first_month) < 0) ||
      (last_month != NULL && cm_month_index (last_month) < 0))
    {
      g_set_error (error, CM_SUMMARY_ERROR, CM_SUMMARY_ERROR_INVALID_PERIOD,
                   _("“%s” is not a month; write it as YYYY-MM, such as 2025-03."),
                   first_month != NULL && cm_month_index (first_month) < 0 ? first_month : last_month);
      return NULL;
    }

  locker = g_mutex_locker_new (cm_db_get_mutex (db));

  summary = g_new0 (CmSummary, 1);
  summary->months = g_array_new (FALSE, TRUE, sizeof (CmSummaryMonth));
  summary->alcaldias = g_array_new (FALSE, TRUE, sizeof (CmSummaryAlcaldia));

  if (!read_span (db, span_sql, &data_first, &data_last, error) ||
      !read_span (db, busy_sql, &busy_first, &busy_last, error))
    return NULL;
  if (data_first != NULL && data_last != NULL)
    {
      g_strlcpy (summary->data_first_month, data_first, 8);
      g_strlcpy (summary->data_last_month, data_last, 8);
    }

  cm_text_get_today (&today);
  if (last_month != NULL)
    last_index = cm_month_index (last_month);
  else if (first_month != NULL)
    last_index = cm_month_index (first_month) + 11;
  else if (summary->data_last_month[0] != '\0')
    last_index = cm_month_index (summary->data_last_month);
  else
    last_index = (int) g_date_get_year (&today) * 12 + (int) g_date_get_month (&today) - 1;
  first_index = first_month != NULL ? cm_month_index (first_month) : last_index - 11;
  /* By default, no months before the first report: nothing to show there. */
  if (first_month == NULL && last_month == NULL && summary->data_first_month[0] != '\0')
    first_index = MAX (first_index, cm_month_index (summary->data_first_month));

  if (first_index > last_index)
    {
      g_set_error (error, CM_SUMMARY_ERROR, CM_SUMMARY_ERROR_INVALID_PERIOD,
                   _("The period starts in %s, after it ends in %s: choose the months the other way round."),
                   first_month, last_month);
      return NULL;
    }

  cm_month_write (first_index, summary->first_month);
  cm_month_write (last_index, summary->last_month);
  for (int i = first_index; i <= last_index; i++)
    {
      CmSummaryMonth m = { 0 };

      cm_month_write (i, m.month);
      g_array_append_val (summary->months, m);
    }

  all = cm_alcaldias_get_all (&n);
  for (guint i = 0; i < n; i++)
    {
      CmSummaryAlcaldia a = { 0 };

      g_strlcpy (a.code, all[i].code, sizeof a.code);
      a.name = all[i].name;
      g_array_append_val (summary->alcaldias, a);
    }

  g_snprintf (from, sizeof from, "%s-01", summary->first_month);
  cm_month_write (last_index + 1, before);
  g_strlcat (before, "-01", sizeof before);

  if (!read_status (db, summary, error) ||
      !read_verdicts (db, summary, error) ||
      !read_months (db, summary, first_index, from, before, error))
    return NULL;

  /* The due span: the busy days, within the period, never after today. */
  cm_checks_parse_period (summary->last_month, NULL, &last_day);
  span.first = MAX (julian_of (busy_first), julian_of (from));
  span.last = MIN (julian_of (busy_last), g_date_get_julian (&last_day));
  span.last = MIN (span.last, g_date_get_julian (&today));
  span.first_index = first_index;
  if (busy_first == NULL || busy_last == NULL || span.first > span.last)
    return g_steal_pointer (&summary);

  ok = read_missing (db, summary, &span, error);
  g_free (span.operating);
  g_free (span.reported);
  if (!ok)
    return NULL;

  return g_steal_pointer (&summary);
}

typedef struct
{
  char *first_month;
  char *last_month;
} LoadData;

static void
load_data_free (LoadData *data)
{
  g_free (data->first_month);
  g_free (data->last_month);
  g_free (data);
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  LoadData *data = task_data;
  GError *error = NULL;
  CmSummary *summary;

  summary = cm_summary_load (CM_DB (source_object), data->first_month, data->last_month, &error);
  if (summary == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, summary, (GDestroyNotify) cm_summary_free);
}

/**
 * cm_summary_load_async:
 * @db: the database
 * @first_month: (nullable): as for cm_summary_load()
 * @last_month: (nullable): as for cm_summary_load()
 * @cancellable: (nullable): a #GCancellable
 * @callback: called in the thread-default main context when done
 * @user_data: data for @callback
 *
 * Computes the summary in a worker thread.
 */
void
cm_summary_load_async (CmDb                *db,
                       const char          *first_month,
                       const char          *last_month,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  LoadData *data;

  g_return_if_fail (CM_IS_DB (db));

  data = g_new0 (LoadData, 1);
  data->first_month = g_strdup (first_month);
  data->last_month = g_strdup (last_month);

  task = g_task_new (db, cancellable, callback, user_data);
  g_task_set_source_tag (task, cm_summary_load_async);
  g_task_set_task_data (task, data, (GDestroyNotify) load_data_free);
  g_task_run_in_thread (task, load_thread);
}

/**
 * cm_summary_load_finish:
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the summary, or %NULL with @error set
 */
CmSummary *
cm_summary_load_finish (GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * cm_summary_free:
 * @summary: (nullable): a summary
 *
 * Frees @summary.
 */
void
cm_summary_free (CmSummary *summary)
{
  if (summary == NULL)
    return;
  g_clear_pointer (&summary->months, g_array_unref);
  g_clear_pointer (&summary->alcaldias, g_array_unref);
  g_free (summary);
}

/**
 * cm_summary_alcaldia_compliance:
 * @alcaldia: an alcaldía's figures
 *
 * Returns: the share (0 to 1) of its evaluated kitchens whose verdict is
 *   cumple or cumple con observaciones, or NAN when none was evaluated
 */
double
cm_summary_alcaldia_compliance (const CmSummaryAlcaldia *alcaldia)
{
  guint comply, evaluated;

  g_return_val_if_fail (alcaldia != NULL, NAN);

  comply = alcaldia->by_verdict[CM_VERDICT_COMPLIES] +
           alcaldia->by_verdict[CM_VERDICT_COMPLIES_WITH_REMARKS];
  evaluated = comply + alcaldia->by_verdict[CM_VERDICT_DOES_NOT_COMPLY];
  return evaluated > 0 ? (double) comply / evaluated : NAN;
}

/**
 * cm_summary_alcaldia_kitchens:
 * @alcaldia: an alcaldía's figures
 *
 * Returns: its kitchens, whatever their status
 */
guint
cm_summary_alcaldia_kitchens (const CmSummaryAlcaldia *alcaldia)
{
  g_return_val_if_fail (alcaldia != NULL, 0);
  return alcaldia->by_status[0] + alcaldia->by_status[1] + alcaldia->by_status[2];
}

/**
 * cm_summary_month_label:
 * @month: a month, `YYYY-MM`
 *
 * Returns: (transfer full): the month as a person reads it on a chart's
 *   axis (“Mar 2025”, translated), or a copy of @month when it is not one
 */
char *
cm_summary_month_label (const char *month)
{
  static const char *names[] = {
    NC_("month", "Jan"), NC_("month", "Feb"), NC_("month", "Mar"), NC_("month", "Apr"),
    NC_("month", "May"), NC_("month", "Jun"), NC_("month", "Jul"), NC_("month", "Aug"),
    NC_("month", "Sep"), NC_("month", "Oct"), NC_("month", "Nov"), NC_("month", "Dec"),
  };
  int index = cm_month_index (month);

  if (index < 0)
    return g_strdup (month);
  /* Translators: a month on a chart's axis: abbreviated name, then year */
  return g_strdup_printf (C_("month and year", "%s %d"),
                          g_dpgettext2 (GETTEXT_PACKAGE, "month", names[index % 12]), index / 12);
}
