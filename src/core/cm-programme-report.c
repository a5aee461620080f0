/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "cm-programme-report"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "cm-canteen.h"
#include "cm-check-result.h"
#include "cm-checks.h"
#include "cm-programme-report.h"
#include "cm-publication-private.h"
#include "cm-rulebook.h"
#include "cm-sanction.h"
#include "cm-summary.h"
#include "cm-text.h"

/* The colours of the verdicts, as the map and the Summary show them. */
static const guint32 verdict_colors[] = {
  [CM_VERDICT_NOT_EVALUATED] = 0x9a9996,
  [CM_VERDICT_COMPLIES] = 0x2ec27e,
  [CM_VERDICT_COMPLIES_WITH_REMARKS] = 0xe5a50a,
  [CM_VERDICT_DOES_NOT_COMPLY] = 0xc01c28,
};

typedef struct
{
  char   *folio;
  char   *name;
  char   *alcaldia;
  guint   due_days;
  guint   missing;
  guint   findings;      /* open at some time in the period */
  guint   open_findings; /* still open when the data was pulled */
  guint   sanctions[3];  /* decided in the period, by CmSanctionKind */
  CmVerdict verdict;     /* the latest evaluated in the period */
} Kitchen;

static void
kitchen_free (Kitchen *kitchen)
{
  g_free (kitchen->folio);
  g_free (kitchen->name);
  g_free (kitchen->alcaldia);
  g_free (kitchen);
}

static void
string_free (GString *string)
{
  g_string_free (string, TRUE);
}

static const char *
column_text (sqlite3_stmt *stmt,
             int           column)
{
  const char *text = (const char *) sqlite3_column_text (stmt, column);

  return text != NULL ? text : "";
}

static char *
format_share (guint part,
              guint whole)
{
  if (whole == 0)
    return g_strdup ("—");
  return g_strdup_printf ("%.1f %%", 100.0 * part / whole);
}

/* Each kitchen's figures of the period, by id; and the manifest's record
 * of each: its row, its verdicts and every report of the period. */
static GHashTable *
load_kitchens (CmDb            *db,
               const CmPeriod  *period,
               CmRulebook      *rulebook,
               CmManifest      *manifest,
               GError         **error)
{
  g_autoptr(GHashTable) kitchens = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                                          (GDestroyNotify) kitchen_free);
  g_autoptr(GHashTable) contents = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                                          (GDestroyNotify) string_free);
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (cm_db_get_mutex (db));
  g_autofree char *first = g_strdup_printf ("%s-01", period->first_month);
  g_autofree char *last = g_strdup_printf ("%s-31", period->last_month);
  GHashTableIter iter;
  gpointer key, value;
  sqlite3_stmt *stmt;
  int rc;

  stmt = cm_db_prepare (db,
                        "SELECT c.id, c.folio, c.name, ifnull (a.name, ''), c.status, c.modality,"
                        " ifnull (c.opened_on, ''), ifnull (c.closed_on, ''), ifnull (c.alcaldia_code, '')"
                        " FROM canteen c LEFT JOIN alcaldia a ON a.code = c.alcaldia_code",
                        error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      Kitchen *kitchen = g_new0 (Kitchen, 1);
      GString *content = g_string_new (NULL);

      kitchen->folio = g_strdup (column_text (stmt, 1));
      kitchen->name = g_strdup (column_text (stmt, 2));
      kitchen->alcaldia = g_strdup (column_text (stmt, 3));
      g_string_append_printf (content, "%s\x1f%s\x1f%s\x1f%s\x1f%s\x1f%s\x1f%s\x1e", column_text (stmt, 2),
                              column_text (stmt, 4), column_text (stmt, 5), column_text (stmt, 6),
                              column_text (stmt, 7), column_text (stmt, 8), column_text (stmt, 3));
      g_hash_table_insert (kitchens, g_memdup2 (&(gint64) { sqlite3_column_int64 (stmt, 0) }, sizeof (gint64)),
                           kitchen);
      g_hash_table_insert (contents, g_memdup2 (&(gint64) { sqlite3_column_int64 (stmt, 0) }, sizeof (gint64)),
                           content);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    goto failed;

  /* Reports in a fixed order, so that the same reports hash the same. */
  stmt = cm_db_prepare (db,
                        "SELECT canteen_id, instance_id, report_date, rations_paid, rations_free, fee_cents,"
                        " spending_cents, ifnull (updated_at, '')"
                        " FROM report WHERE canteen_id IS NOT NULL AND report_date BETWEEN ? AND ?"
                        " ORDER BY canteen_id, instance_id",
                        error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, first, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, last, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = (gint64) sqlite3_column_int64 (stmt, 0);
      GString *content = g_hash_table_lookup (contents, &id);

      if (content != NULL)
        g_string_append_printf (content, "%s\x1f%s\x1f%" G_GINT64_FORMAT "\x1f%" G_GINT64_FORMAT "\x1f%"
                                G_GINT64_FORMAT "\x1f%" G_GINT64_FORMAT "\x1f%s\x1e",
                                column_text (stmt, 1), column_text (stmt, 2), (gint64) sqlite3_column_int64 (stmt, 3),
                                (gint64) sqlite3_column_int64 (stmt, 4), (gint64) sqlite3_column_int64 (stmt, 5),
                                (gint64) sqlite3_column_int64 (stmt, 6), column_text (stmt, 7));
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    goto failed;

  /* The findings that concern the period, as the kitchen's report counts
   * them (cm-kitchen-report.c): raised on one of its months, or at a visit
   * that reviewed one, or else open at some time in it. Then the
   * sanctions decided in it. */
  stmt = cm_db_prepare (db,
                        "SELECT f.canteen_id, f.id, f.rule_code, f.opened_at, ifnull (f.closed_at, ''),"
                        " f.closed_at IS NULL"
                        " FROM finding f LEFT JOIN review v ON v.id = f.review_id"
                        " WHERE CASE WHEN f.period IS NOT NULL THEN f.period BETWEEN ?3 AND ?4"
                        "            WHEN v.id IS NOT NULL THEN v.period_start <= ?4 AND v.period_end >= ?3"
                        "            ELSE f.opened_at <= ?2 || 'T99' AND (f.closed_at IS NULL OR f.closed_at >= ?1)"
                        "       END"
                        " ORDER BY f.canteen_id, f.id",
                        error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, first, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, last, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, period->first_month, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, period->last_month, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = (gint64) sqlite3_column_int64 (stmt, 0);
      Kitchen *kitchen = g_hash_table_lookup (kitchens, &id);
      GString *content = g_hash_table_lookup (contents, &id);

      if (kitchen == NULL)
        continue;
      kitchen->findings++;
      kitchen->open_findings += sqlite3_column_int (stmt, 5);
      g_string_append_printf (content, "F%" G_GINT64_FORMAT "\x1f%s\x1f%s\x1f%s\x1e", (gint64) sqlite3_column_int64 (stmt, 1),
                              column_text (stmt, 2), column_text (stmt, 3), column_text (stmt, 4));
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    goto failed;

  stmt = cm_db_prepare (db,
                        "SELECT canteen_id, id, kind, decided_on FROM sanction"
                        " WHERE decided_on BETWEEN ? AND ? ORDER BY canteen_id, id",
                        error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, first, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, last, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = (gint64) sqlite3_column_int64 (stmt, 0);
      Kitchen *kitchen = g_hash_table_lookup (kitchens, &id);
      GString *content = g_hash_table_lookup (contents, &id);
      CmSanctionKind kind;

      if (kitchen == NULL || !cm_sanction_kind_from_string (column_text (stmt, 2), &kind))
        continue;
      kitchen->sanctions[kind]++;
      g_string_append_printf (content, "S%" G_GINT64_FORMAT "\x1f%s\x1f%s\x1e", (gint64) sqlite3_column_int64 (stmt, 1),
                              column_text (stmt, 2), column_text (stmt, 3));
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    goto failed;
  g_clear_pointer (&locker, g_mutex_locker_free);

  /* Verdicts and missing reports, as the checks computed them. */
  {
    g_autoptr(GPtrArray) verdicts = cm_check_verdict_load (db, -1, period->first_month, period->last_month, error);
    g_autoptr(GPtrArray) results = NULL;

    if (verdicts == NULL)
      return NULL;
    for (guint i = 0; i < verdicts->len; i++)
      {
        CmCheckVerdict *verdict = g_ptr_array_index (verdicts, i);
        Kitchen *kitchen = g_hash_table_lookup (kitchens, &verdict->canteen_id);
        GString *content = g_hash_table_lookup (contents, &verdict->canteen_id);

        if (kitchen == NULL)
          continue;
        kitchen->due_days += verdict->due_days;
        if (verdict->verdict != CM_VERDICT_NOT_EVALUATED)
          kitchen->verdict = verdict->verdict;  /* by month: the last one stays */
        g_string_append_printf (content, "V%s\x1f%s\x1f%u\x1e", verdict->period,
                                cm_verdict_to_string (verdict->verdict), verdict->due_days);
      }

    if (!(results = cm_check_result_load (db, -1, period->first_month, period->last_month, error)))
      return NULL;
    for (guint i = 0; i < results->len; i++)
      {
        CmCheckResult *result = g_ptr_array_index (results, i);
        gint64 id = cm_check_result_get_canteen_id (result);
        Kitchen *kitchen = g_hash_table_lookup (kitchens, &id);
        GDate day;
        CmRule *rule = NULL;

        if (kitchen == NULL ||
            !cm_checks_parse_period (cm_check_result_get_period (result), NULL, &day))
          continue;
        rule = cm_rulebook_lookup (rulebook, cm_check_result_get_rule_code (result), &day);
        /* The daily report's failures are its missing days. */
        if (rule != NULL && g_strcmp0 (cm_rule_get_check (rule), "daily_report") == 0)
          kitchen->missing += (guint) cm_check_result_get_failures (result);
      }
  }

  g_hash_table_iter_init (&iter, contents);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      Kitchen *kitchen = g_hash_table_lookup (kitchens, key);
      GString *content = value;

      cm_manifest_add_record (manifest, "kitchen", kitchen->folio, content->str, content->len);
    }
  return g_steal_pointer (&kitchens);

failed:
  cm_db_set_error_from_handle (db, error);
  return NULL;
}

static void
add_overview (CmDocument      *document,
              const CmSummary *summary)
{
  g_autoptr(CmDocumentTable) table = cm_document_table_new ();
  g_autofree char *kitchens = cm_text_format_count (summary->kitchens);
  g_autofree char *active = cm_text_format_count (summary->by_status[CM_CANTEEN_STATUS_ACTIVE]);
  g_autofree char *suspended = cm_text_format_count (summary->by_status[CM_CANTEEN_STATUS_SUSPENDED]);
  g_autofree char *closed = cm_text_format_count (summary->by_status[CM_CANTEEN_STATUS_CLOSED]);
  g_autofree char *reports = cm_text_format_count (summary->reports);
  g_autofree char *paid = cm_text_format_count (summary->rations_paid);
  g_autofree char *free = cm_text_format_count (summary->rations_free);
  g_autofree char *fee = cm_text_format_money (summary->fee_cents);
  g_autofree char *spending = cm_text_format_money (summary->spending_cents);
  g_autofree char *due = cm_text_format_count (summary->due_days);
  g_autofree char *missing_count = cm_text_format_count (summary->missing);
  g_autofree char *share = format_share (summary->missing, summary->due_days);
  /* Translators: a count of missing reports, then its share of the reports due */
  g_autofree char *missing = g_strdup_printf (_("%s (%s of those due)"), missing_count, share);

  cm_document_add_heading (document, _("The period at a glance"));
  cm_document_table_add_column (table, NULL, 2, CM_DOCUMENT_ALIGN_START);
  cm_document_table_add_column (table, NULL, 3, CM_DOCUMENT_ALIGN_START);
  cm_document_table_add_row (table, CM_DOCUMENT_ROW_NORMAL, _("Kitchens in the registry"), kitchens, NULL);
  cm_document_table_add_row (table, CM_DOCUMENT_ROW_NORMAL, _("Active today"), active, NULL);
  cm_document_table_add_row (table, CM_DOCUMENT_ROW_NORMAL, _("Suspended today"), suspended, NULL);
  cm_document_table_add_row (table, CM_DOCUMENT_ROW_NORMAL, C_("kitchens", "Closed"), closed, NULL);
  cm_document_table_add_row (table, CM_DOCUMENT_ROW_NORMAL, _("Daily reports received"), reports, NULL);
  cm_document_table_add_row (table, CM_DOCUMENT_ROW_NORMAL, _("Paid rations"), paid, NULL);
  cm_document_table_add_row (table, CM_DOCUMENT_ROW_NORMAL, _("Free rations"), free, NULL);
  cm_document_table_add_row (table, CM_DOCUMENT_ROW_NORMAL, _("Fees collected"), fee, NULL);
  cm_document_table_add_row (table, CM_DOCUMENT_ROW_NORMAL, _("Spending reported"), spending, NULL);
  cm_document_table_add_row (table, CM_DOCUMENT_ROW_NORMAL, _("Daily reports due"), due, NULL);
  cm_document_table_add_row (table, CM_DOCUMENT_ROW_NORMAL, _("Daily reports missing"), missing, NULL);
  cm_document_add_table (document, table);
}

static void
add_alcaldias (CmDocument      *document,
               const CmSummary *summary)
{
  g_autoptr(CmDocumentTable) table = cm_document_table_new ();
  CmSummaryAlcaldia total = { "", NULL };

  cm_document_add_heading (document, _("Kitchens by alcaldía"));
  cm_document_table_add_column (table, _("Alcaldía"), 2.2, CM_DOCUMENT_ALIGN_START);
  cm_document_table_add_column (table, C_("kitchens", "Active"), 0.9, CM_DOCUMENT_ALIGN_END);
  cm_document_table_add_column (table, C_("kitchens", "Suspended"), 1.2, CM_DOCUMENT_ALIGN_END);
  cm_document_table_add_column (table, C_("kitchens", "Closed"), 0.9, CM_DOCUMENT_ALIGN_END);
  cm_document_table_add_column (table, _("Complies"), 1.1, CM_DOCUMENT_ALIGN_END);
  cm_document_table_add_column (table, _("With remarks"), 1.3, CM_DOCUMENT_ALIGN_END);
  cm_document_table_add_column (table, _("Does not comply"), 1.1, CM_DOCUMENT_ALIGN_END);
  cm_document_table_add_column (table, _("Not evaluated"), 1.1, CM_DOCUMENT_ALIGN_END);
  cm_document_table_add_column (table, _("Reports missing"), 1.5, CM_DOCUMENT_ALIGN_END);

  for (guint i = 0; i <= summary->alcaldias->len; i++)
    {
      gboolean is_total = i == summary->alcaldias->len;
      const CmSummaryAlcaldia *a = is_total ? &total : &g_array_index (summary->alcaldias, CmSummaryAlcaldia, i);
      g_autofree char *cells[8] = { NULL };
      g_autofree char *share = format_share (a->missing, a->due_days);
      g_autofree char *missing_count = cm_text_format_count (a->missing);

      if (!is_total)
        {
          for (guint s = 0; s < 3; s++)
            total.by_status[s] += a->by_status[s];
          for (guint v = 0; v < 4; v++)
            total.by_verdict[v] += a->by_verdict[v];
          total.due_days += a->due_days;
          total.missing += a->missing;
        }
      cells[0] = cm_text_format_count (a->by_status[CM_CANTEEN_STATUS_ACTIVE]);
      cells[1] = cm_text_format_count (a->by_status[CM_CANTEEN_STATUS_SUSPENDED]);
      cells[2] = cm_text_format_count (a->by_status[CM_CANTEEN_STATUS_CLOSED]);
      cells[3] = cm_text_format_count (a->by_verdict[CM_VERDICT_COMPLIES]);
      cells[4] = cm_text_format_count (a->by_verdict[CM_VERDICT_COMPLIES_WITH_REMARKS]);
      cells[5] = cm_text_format_count (a->by_verdict[CM_VERDICT_DOES_NOT_COMPLY]);
      cells[6] = cm_text_format_count (a->by_verdict[CM_VERDICT_NOT_EVALUATED]);
      /* Translators: missing reports, then their share of those due */
      cells[7] = g_strdup_printf (_("%s (%s)"), missing_count, share);
      cm_document_table_add_row (table, is_total ? CM_DOCUMENT_ROW_TOTAL : CM_DOCUMENT_ROW_NORMAL,
                                 is_total ? _("Mexico City") : a->name != NULL ? a->name : _("No alcaldía"),
                                 cells[0], cells[1], cells[2], cells[3], cells[4], cells[5], cells[6], cells[7],
                                 NULL);
      for (guint c = 0; c < G_N_ELEMENTS (cells); c++)
        g_clear_pointer (&cells[c], g_free);
    }
  cm_document_add_table (document, table);
  cm_document_add_note (document,
                        _("Status is as it stands when the data was pulled. Compliance is each kitchen’s latest "
                          "verdict within the period; kitchens closed before the period are not counted."));
}

static void
add_months (CmDocument      *document,
            const CmSummary *summary)
{
  g_autoptr(CmDocumentTable) table = cm_document_table_new ();
  guint n = summary->months->len;
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) ration_labels = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) spending_labels = g_ptr_array_new_with_free_func (g_free);
  g_autofree double *rations = g_new0 (double, MAX (n, 1));
  g_autofree double *spending = g_new0 (double, MAX (n, 1));

  cm_document_add_heading (document, _("Rations and spending per month"));
  cm_document_table_add_column (table, _("Month"), 1.8, CM_DOCUMENT_ALIGN_START);
  cm_document_table_add_column (table, _("Reports"), 1, CM_DOCUMENT_ALIGN_END);
  cm_document_table_add_column (table, _("Paid rations"), 1.2, CM_DOCUMENT_ALIGN_END);
  cm_document_table_add_column (table, _("Free rations"), 1.1, CM_DOCUMENT_ALIGN_END);
  cm_document_table_add_column (table, _("Fees collected"), 1.6, CM_DOCUMENT_ALIGN_END);
  cm_document_table_add_column (table, _("Spending"), 1.6, CM_DOCUMENT_ALIGN_END);
  cm_document_table_add_column (table, _("Reports missing"), 1.2, CM_DOCUMENT_ALIGN_END);

  for (guint i = 0; i < n; i++)
    {
      const CmSummaryMonth *m = &g_array_index (summary->months, CmSummaryMonth, i);
      g_autofree char *reports = cm_text_format_count (m->reports);
      g_autofree char *paid = cm_text_format_count (m->rations_paid);
      g_autofree char *free = cm_text_format_count (m->rations_free);
      g_autofree char *fee = cm_text_format_money (m->fee_cents);
      g_autofree char *spent = cm_text_format_money (m->spending_cents);
      g_autofree char *missing = cm_text_format_count (m->missing);
      g_autofree char *month = NULL;
      CmPeriod one;

      cm_period_set_months (&one, m->month, m->month);
      month = cm_period_get_label (&one);
      cm_document_table_add_row (table, CM_DOCUMENT_ROW_NORMAL, month, reports, paid, free, fee, spent, missing,
                                 NULL);
      g_ptr_array_add (labels, cm_summary_month_label (m->month));
      rations[i] = (double) (m->rations_paid + m->rations_free);
      spending[i] = m->spending_cents / 100.0;
    }
  {
    g_autofree char *reports = cm_text_format_count (summary->reports);
    g_autofree char *paid = cm_text_format_count (summary->rations_paid);
    g_autofree char *free = cm_text_format_count (summary->rations_free);
    g_autofree char *fee = cm_text_format_money (summary->fee_cents);
    g_autofree char *spent = cm_text_format_money (summary->spending_cents);
    g_autofree char *missing = cm_text_format_count (summary->missing);

    cm_document_table_add_row (table, CM_DOCUMENT_ROW_TOTAL, _("Period"), reports, paid, free, fee, spent, missing,
                               NULL);
  }
  cm_document_add_table (document, table);

  if (n > 0)
    {
      gboolean thousands = FALSE;

      /* Seven-digit labels would run into each other over twelve bars. */
      for (guint i = 0; i < n; i++)
        thousands |= rations[i] >= 1e6 || spending[i] >= 1e6;
      g_ptr_array_set_size (ration_labels, 0);
      g_ptr_array_set_size (spending_labels, 0);
      for (guint i = 0; i < n; i++)
        {
          if (thousands)
            {
              rations[i] /= 1000;
              spending[i] /= 1000;
            }
          g_ptr_array_add (ration_labels, cm_text_format_count ((gint64) (rations[i] + 0.5)));
          g_ptr_array_add (spending_labels, cm_text_format_count ((gint64) (spending[i] + 0.5)));
        }
      cm_document_add_bar_chart (document,
                                 thousands ? _("Rations served per month, paid and free (thousands)")
                                           : _("Rations served per month, paid and free"),
                                 n, (const char * const *) labels->pdata, rations,
                                 (const char * const *) ration_labels->pdata);
      cm_document_add_bar_chart (document,
                                 thousands ? _("Spending reported per month (thousands of pesos)")
                                           : _("Spending reported per month (pesos)"),
                                 n, (const char * const *) labels->pdata, spending,
                                 (const char * const *) spending_labels->pdata);
    }
}

static void
add_compliance (CmDocument      *document,
                const CmSummary *summary)
{
  static const CmVerdict order[] = { CM_VERDICT_COMPLIES, CM_VERDICT_COMPLIES_WITH_REMARKS,
                                     CM_VERDICT_DOES_NOT_COMPLY, CM_VERDICT_NOT_EVALUATED };
  CmDocumentShare shares[G_N_ELEMENTS (order)];

  cm_document_add_heading (document, _("Compliance"));
  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    {
      shares[i].label = cm_verdict_get_label (order[i]);
      shares[i].value = summary->by_verdict[order[i]];
      shares[i].color = verdict_colors[order[i]];
    }
  cm_document_add_shares (document, _("Kitchens by their latest verdict in the period"),
                          G_N_ELEMENTS (shares), shares);
}

static int
compare_by_folio (gconstpointer a,
                  gconstpointer b)
{
  return g_strcmp0 ((*(Kitchen **) a)->folio, (*(Kitchen **) b)->folio);
}

static int
compare_by_missing (gconstpointer a,
                    gconstpointer b)
{
  const Kitchen *ka = *(Kitchen **) a;
  const Kitchen *kb = *(Kitchen **) b;

  if (ka->missing != kb->missing)
    return ka->missing > kb->missing ? -1 : 1;
  return g_strcmp0 (ka->folio, kb->folio);
}

static gboolean
is_flagged (const Kitchen *kitchen)
{
  return kitchen->findings > 0 || kitchen->sanctions[0] + kitchen->sanctions[1] + kitchen->sanctions[2] > 0;
}

static gboolean
is_missing_reports (const Kitchen *kitchen)
{
  return kitchen->missing > 0;
}

/* The kitchens @keep keeps, in @compare's order (a table's rows). */
static GPtrArray *
select_kitchens (GHashTable     *kitchens,
                 gboolean      (*keep) (const Kitchen *kitchen),
                 GCompareFunc    compare)
{
  GPtrArray *selected = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, kitchens);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (keep (value))
      g_ptr_array_add (selected, value);
  g_ptr_array_sort (selected, compare);
  return selected;
}

static void
add_flagged (CmDocument *document,
             GHashTable *kitchens)
{
  g_autoptr(GPtrArray) flagged = select_kitchens (kitchens, is_flagged, compare_by_folio);
  g_autoptr(CmDocumentTable) table = cm_document_table_new ();

  cm_document_add_heading (document, _("Kitchens with findings or sanctions"));
  if (flagged->len == 0)
    {
      cm_document_add_paragraph (document, _("No kitchen had a finding open or a sanction decided in the period."));
      return;
    }
  cm_document_table_add_column (table, _("Folio"), 0.9, CM_DOCUMENT_ALIGN_START);
  cm_document_table_add_column (table, _("Kitchen"), 3, CM_DOCUMENT_ALIGN_START);
  cm_document_table_add_column (table, _("Alcaldía"), 2, CM_DOCUMENT_ALIGN_START);
  cm_document_table_add_column (table, _("Findings (still open)"), 1.4, CM_DOCUMENT_ALIGN_END);
  cm_document_table_add_column (table, _("Warnings"), 1, CM_DOCUMENT_ALIGN_END);
  cm_document_table_add_column (table, _("Suspensions"), 1.1, CM_DOCUMENT_ALIGN_END);
  cm_document_table_add_column (table, _("Closures"), 0.9, CM_DOCUMENT_ALIGN_END);
  cm_document_table_add_column (table, _("Latest verdict"), 1.8, CM_DOCUMENT_ALIGN_START);
  for (guint i = 0; i < flagged->len; i++)
    {
      Kitchen *k = g_ptr_array_index (flagged, i);
      /* Translators: findings in the period, then how many are still open */
      g_autofree char *findings = g_strdup_printf (_("%u (%u)"), k->findings, k->open_findings);
      g_autofree char *warnings = g_strdup_printf ("%u", k->sanctions[CM_SANCTION_WARNING]);
      g_autofree char *suspensions = g_strdup_printf ("%u", k->sanctions[CM_SANCTION_SUSPENSION]);
      g_autofree char *closures = g_strdup_printf ("%u", k->sanctions[CM_SANCTION_CLOSURE]);

      cm_document_table_add_row (table, k->sanctions[1] + k->sanctions[2] > 0 ? CM_DOCUMENT_ROW_FAILED
                                                                               : CM_DOCUMENT_ROW_NORMAL,
                                 k->folio, k->name, k->alcaldia, findings, warnings, suspensions, closures,
                                 cm_verdict_get_label (k->verdict), NULL);
    }
  cm_document_add_table (document, table);
}

static void
add_missing (CmDocument *document,
             GHashTable *kitchens)
{
  g_autoptr(GPtrArray) missing = select_kitchens (kitchens, is_missing_reports, compare_by_missing);
  g_autoptr(CmDocumentTable) table = cm_document_table_new ();

  cm_document_add_heading (document, _("Missing reports by kitchen"));
  if (missing->len == 0)
    {
      cm_document_add_paragraph (document, _("Every kitchen sent every report due in the period."));
      return;
    }
  cm_document_table_add_column (table, _("Folio"), 0.9, CM_DOCUMENT_ALIGN_START);
  cm_document_table_add_column (table, _("Kitchen"), 3.4, CM_DOCUMENT_ALIGN_START);
  cm_document_table_add_column (table, _("Alcaldía"), 2.2, CM_DOCUMENT_ALIGN_START);
  cm_document_table_add_column (table, _("Reports due"), 1.1, CM_DOCUMENT_ALIGN_END);
  cm_document_table_add_column (table, _("Missing"), 1, CM_DOCUMENT_ALIGN_END);
  cm_document_table_add_column (table, _("Share missing"), 1.2, CM_DOCUMENT_ALIGN_END);
  for (guint i = 0; i < missing->len; i++)
    {
      Kitchen *k = g_ptr_array_index (missing, i);
      g_autofree char *due = cm_text_format_count (k->due_days);
      g_autofree char *count = cm_text_format_count (k->missing);
      g_autofree char *share = format_share (k->missing, k->due_days);

      cm_document_table_add_row (table, CM_DOCUMENT_ROW_NORMAL, k->folio, k->name, k->alcaldia, due, count, share,
                                 NULL);
    }
  cm_document_add_table (document, table);
}

static void
add_method (CmDocument *document)
{
  const char *roles[] = { _("Prepared by"), _("Reviewed by"), _("Approved by (supervisor)") };

  cm_document_add_heading (document, _("Note on method"));
  cm_document_add_paragraph (document,
                             _("Figures are the sums of the daily reports that each kitchen’s tablet sent to the "
                               "programme’s server, dated within the period. A report is due on every weekday, "
                               "other than public holidays, on which the kitchen was open and not suspended; a "
                               "missing report is a due day without one."));
  cm_document_add_paragraph (document,
                             _("The automatic rules of the rulebook named in the footer are computed from those "
                               "reports month by month. A kitchen complies when no rule failed, complies with "
                               "remarks when only observations failed, and does not comply otherwise. Findings "
                               "and sanctions are those recorded by the programme’s monitors and supervisors."));
  cm_document_add_note (document,
                        _("The file carries a manifest of every kitchen’s records it was made from; "
                          "“comedores-cli verify-pdf” says whether it still matches the database."));
  cm_document_add_heading (document, _("Signatures"));
  cm_document_add_signatures (document, G_N_ELEMENTS (roles), roles, NULL);
}

/**
 * cm_programme_report_build:
 * @db: the database
 * @options: the months the report covers, the paper and the data's time
 *   to state
 * @manifest: (out) (optional) (transfer full): what it was made from
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the document, or %NULL with @error set
 */
CmDocument *
cm_programme_report_build (CmDb                       *db,
                           const CmPublicationOptions *options,
                           CmManifest                **manifest,
                           GError                    **error)
{
  const CmPeriod *period = &options->period;
  g_auto(CmProvenance) provenance = { 0 };
  g_autoptr(CmManifest) record = cm_manifest_new ("programme");
  g_autoptr(CmSummary) summary = NULL;
  g_autoptr(GHashTable) kitchens = NULL;
  g_autoptr(CmDocument) document = NULL;
  g_autofree char *footer = NULL;
  g_autofree char *label = NULL;
  g_autofree char *title = NULL;

  g_return_val_if_fail (CM_IS_DB (db), NULL);
  g_return_val_if_fail (options != NULL, NULL);

  if (!_cm_provenance_load (&provenance, db, period, options->data_pulled, error) ||
      !(summary = cm_summary_load (db, period->first_month, period->last_month, error)) ||
      !(kitchens = load_kitchens (db, period, provenance.rulebook, record, error)))
    return NULL;
  _cm_provenance_sign (&provenance, record, period, options->paper);

  footer = _cm_provenance_footer (&provenance, period);
  label = cm_period_get_label (period);
  /* Translators: the running title of the programme report: its period */
  title = g_strdup_printf (_("Programme report, %s"), label);
  document = cm_document_new (options->paper, title, footer, options->own_font_map);

  cm_document_add_title (document, _("Community Kitchens: Programme Report"), label);
  add_overview (document, summary);
  add_alcaldias (document, summary);
  add_months (document, summary);
  add_compliance (document, summary);
  add_flagged (document, kitchens);
  add_missing (document, kitchens);
  add_method (document);

  if (manifest != NULL)
    *manifest = g_steal_pointer (&record);
  return g_steal_pointer (&document);
}
