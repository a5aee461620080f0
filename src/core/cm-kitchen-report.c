/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "cm-kitchen-report"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "cm-canteen.h"
#include "cm-check-result.h"
#include "cm-checks.h"
#include "cm-committee-member.h"
#include "cm-finding.h"
#include "cm-kitchen-report.h"
#include "cm-publication-private.h"
#include "cm-review.h"
#include "cm-rulebook.h"
#include "cm-sanction.h"
#include "cm-text.h"

typedef struct
{
  char   month[8];
  gint64 reports;
  gint64 rations_paid;
  gint64 rations_free;
  gint64 fee_cents;
  gint64 spending_cents;
  gint64 purchases;
  gint64 receipts;
  guint  due_days;
  guint  missing;
  gboolean evaluated;
} Month;

typedef struct
{
  CmDb           *db;
  const CmPeriod *period;
  CmDocument     *document;
  CmManifest     *manifest;
  CmRulebook     *rulebook;
  GDate           first_day;
  GDate           last_day;
  GDate           reference;   /* the day the data was pulled: what “overdue” is counted from */
  gint64          canteen_id;
  char           *folio;
  char           *name;
  GArray         *months;      /* Month, every month of the period */
  GListModel     *reviews;     /* CmReview, the kitchen's, read once */
} Report;

static void
report_clear (Report *report)
{
  g_clear_object (&report->document);
  g_clear_object (&report->manifest);
  g_clear_object (&report->rulebook);
  g_clear_pointer (&report->folio, g_free);
  g_clear_pointer (&report->name, g_free);
  g_clear_pointer (&report->months, g_array_unref);
  g_clear_object (&report->reviews);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Report, report_clear)

static const char *
text_or_dash (const char *text)
{
  return text != NULL && *text != '\0' ? text : "—";
}

static char *
day_or_dash (const char *iso_date)
{
  char *day = cm_text_format_long_date (iso_date);

  return day != NULL ? day : g_strdup ("—");
}

static const char *
column_text (sqlite3_stmt *stmt,
             int           column)
{
  return (const char *) sqlite3_column_text (stmt, column);
}

static gboolean
finish_rows (CmDb          *db,
             sqlite3_stmt  *stmt,
             int            rc,
             GError       **error)
{
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      cm_db_set_error_from_handle (db, error);
      return FALSE;
    }
  return TRUE;
}

static Month *
find_month (Report     *report,
            const char *month)
{
  for (guint i = 0; i < report->months->len; i++)
    if (g_str_equal (g_array_index (report->months, Month, i).month, month))
      return &g_array_index (report->months, Month, i);
  return NULL;
}

/* Identity */

static gboolean
add_identity (Report  *report,
              GError **error)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (cm_db_get_mutex (report->db));
  g_autoptr(CmDocumentTable) table = cm_document_table_new ();
  g_autoptr(GString) content = g_string_new (NULL);
  g_autofree char *subtitle = NULL;
  g_autofree char *period = NULL;
  g_autofree char *opened = NULL;
  g_autofree char *closed = NULL;
  g_autofree char *capacity = NULL;
  g_autofree char *place = NULL;
  sqlite3_stmt *stmt;
  int rc;

  stmt = cm_db_prepare (report->db,
                        "SELECT c.id, c.name, c.modality, c.address, c.colonia, a.name, c.latitude,"
                        " c.longitude, c.schedule, c.capacity, c.status, c.opened_on, c.closed_on,"
                        " c.tablet_id"
                        " FROM canteen c LEFT JOIN alcaldia a ON a.code = c.alcaldia_code"
                        " WHERE c.folio = ?",
                        error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, report->folio, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      sqlite3_reset (stmt);
      if (rc != SQLITE_DONE)
        {
          cm_db_set_error_from_handle (report->db, error);
          return FALSE;
        }
      g_set_error (error, CM_CHECKS_ERROR, CM_CHECKS_ERROR_UNKNOWN_KITCHEN,
                   /* Translators: %s is a kitchen's folio */
                   _("There is no kitchen with folio %s."), report->folio);
      return FALSE;
    }

  report->canteen_id = (gint64) sqlite3_column_int64 (stmt, 0);
  report->name = g_strdup (column_text (stmt, 1));
  opened = day_or_dash (column_text (stmt, 11));
  closed = column_text (stmt, 12) != NULL ? day_or_dash (column_text (stmt, 12)) : NULL;
  if (sqlite3_column_type (stmt, 9) != SQLITE_NULL)
    capacity = cm_text_format_count ((gint64) sqlite3_column_int64 (stmt, 9));
  if (sqlite3_column_type (stmt, 6) != SQLITE_NULL && sqlite3_column_type (stmt, 7) != SQLITE_NULL)
    place = g_strdup_printf ("%.5f, %.5f", sqlite3_column_double (stmt, 6), sqlite3_column_double (stmt, 7));

  period = cm_period_get_label (report->period);
  /* Translators: a report's subtitle: folio · kitchen's name · period */
  subtitle = g_strdup_printf (_("%s · %s · %s"), report->folio, report->name, period);
  cm_document_add_title (report->document, _("Kitchen Compliance Report"), subtitle);

  cm_document_add_heading (report->document, _("Kitchen"));
  cm_document_table_add_column (table, NULL, 1, CM_DOCUMENT_ALIGN_START);
  cm_document_table_add_column (table, NULL, 3, CM_DOCUMENT_ALIGN_START);
  cm_document_table_add_row (table, CM_DOCUMENT_ROW_NORMAL, _("Folio"), report->folio, NULL);
  cm_document_table_add_row (table, CM_DOCUMENT_ROW_NORMAL, _("Name"), report->name, NULL);
  cm_document_table_add_row (table, CM_DOCUMENT_ROW_NORMAL, _("Modality"),
                             cm_canteen_modality_label (column_text (stmt, 2)), NULL);
  cm_document_table_add_row (table, CM_DOCUMENT_ROW_NORMAL, _("Status today"),
                             cm_canteen_status_label (column_text (stmt, 10)), NULL);
  cm_document_table_add_row (table, CM_DOCUMENT_ROW_NORMAL, _("Alcaldía"),
                             text_or_dash (column_text (stmt, 5)), NULL);
  cm_document_table_add_row (table, CM_DOCUMENT_ROW_NORMAL, _("Colonia"),
                             text_or_dash (column_text (stmt, 4)), NULL);
  cm_document_table_add_row (table, CM_DOCUMENT_ROW_NORMAL, _("Address"),
                             text_or_dash (column_text (stmt, 3)), NULL);
  cm_document_table_add_row (table, CM_DOCUMENT_ROW_NORMAL, _("Location"), text_or_dash (place), NULL);
  cm_document_table_add_row (table, CM_DOCUMENT_ROW_NORMAL, _("Schedule"),
                             text_or_dash (column_text (stmt, 8)), NULL);
  cm_document_table_add_row (table, CM_DOCUMENT_ROW_NORMAL, _("Daily ration capacity"),
                             text_or_dash (capacity), NULL);
  cm_document_table_add_row (table, CM_DOCUMENT_ROW_NORMAL, C_("kitchen", "Opened on"), opened, NULL);
  if (closed != NULL)
    cm_document_table_add_row (table, CM_DOCUMENT_ROW_NORMAL, C_("kitchen", "Closed on"), closed, NULL);
  cm_document_table_add_row (table, CM_DOCUMENT_ROW_NORMAL, _("Registered tablet"),
                             text_or_dash (column_text (stmt, 13)), NULL);
  cm_document_add_table (report->document, table);

  /* A period the kitchen was not open in says so, rather than show zeros
   * as if it had failed to report. */
  {
    g_autofree char *first_day = g_strdup_printf ("%s-01", report->period->first_month);
    g_autofree char *last_day = g_strdup_printf ("%s-31", report->period->last_month);

    if (closed != NULL && g_strcmp0 (column_text (stmt, 12), first_day) < 0)
      {
        /* Translators: %s is the day the kitchen closed */
        g_autofree char *note = g_strdup_printf (_("The kitchen closed on %s, before this period."), closed);

        cm_document_add_paragraph (report->document, note);
      }
    else if (column_text (stmt, 11) != NULL && g_strcmp0 (column_text (stmt, 11), last_day) > 0)
      {
        /* Translators: %s is the day the kitchen opened */
        g_autofree char *note = g_strdup_printf (_("The kitchen opened on %s, after this period."), opened);

        cm_document_add_paragraph (report->document, note);
      }
  }

  for (int c = 1; c <= 13; c++)
    g_string_append_printf (content, "%s\x1f", column_text (stmt, c) != NULL ? column_text (stmt, c) : "");
  cm_manifest_add_record (report->manifest, "kitchen", report->folio, content->str, content->len);

  rc = sqlite3_step (stmt);
  return finish_rows (report->db, stmt, rc, error);
}

static gboolean
add_committee (Report  *report,
               GError **error)
{
  g_autoptr(GListModel) members = NULL;
  g_autoptr(CmDocumentTable) table = cm_document_table_new ();
  g_autoptr(GString) content = g_string_new (NULL);
  g_autofree char *first = g_strdup_printf ("%s-01", report->period->first_month);
  g_autofree char *last = g_strdup_printf ("%s-31", report->period->last_month);
  guint shown = 0;

  if (!(members = cm_committee_member_list_for_canteen (report->db, report->canteen_id, error)))
    return FALSE;

  cm_document_add_heading (report->document, _("Management committee"));
  cm_document_table_add_column (table, _("Name"), 3, CM_DOCUMENT_ALIGN_START);
  cm_document_table_add_column (table, _("Role"), 2, CM_DOCUMENT_ALIGN_START);
  cm_document_table_add_column (table, _("Since"), 1.6, CM_DOCUMENT_ALIGN_START);
  cm_document_table_add_column (table, _("Until"), 1.6, CM_DOCUMENT_ALIGN_START);
  cm_document_table_add_column (table, _("Public or party office"), 1.4, CM_DOCUMENT_ALIGN_CENTER);

  for (guint i = 0; i < g_list_model_get_n_items (members); i++)
    {
      g_autoptr(CmCommitteeMember) member = g_list_model_get_item (members, i);
      const char *until = cm_committee_member_get_until (member);
      g_autofree char *since_text = day_or_dash (cm_committee_member_get_since (member));
      g_autofree char *until_text = until != NULL ? day_or_dash (until) : g_strdup (_("in office"));
      gboolean office = cm_committee_member_get_holds_office (member);

      /* Those who served at some time in the period. */
      if (g_strcmp0 (cm_committee_member_get_since (member), last) > 0 ||
          (until != NULL && g_strcmp0 (until, first) < 0))
        continue;
      cm_document_table_add_row (table, office ? CM_DOCUMENT_ROW_FAILED : CM_DOCUMENT_ROW_NORMAL,
                                 cm_committee_member_get_name (member),
                                 cm_committee_member_get_role_label (member), since_text, until_text,
                                 office ? _("Yes") : _("No"), NULL);
      g_string_append_printf (content, "%s\x1f%s\x1f%s\x1f%s\x1f%d\x1e", cm_committee_member_get_name (member),
                              cm_committee_member_get_role (member), cm_committee_member_get_since (member),
                              until != NULL ? until : "", office);
      shown++;
    }

  if (shown == 0)
    cm_document_add_paragraph (report->document, _("No committee member is recorded for the period."));
  else
    cm_document_add_table (report->document, table);
  if (shown < 3)
    cm_document_add_note (report->document,
                          _("The operating rules ask for a committee of at least three neighbours."));
  cm_manifest_add_record (report->manifest, "committee", report->folio, content->str, content->len);
  return TRUE;
}

/* Figures */

static gboolean
load_reports (Report  *report,
              GError **error)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (cm_db_get_mutex (report->db));
  g_autofree char *first = g_strdup_printf ("%s-01", report->period->first_month);
  g_autofree char *last = g_strdup_printf ("%s-31", report->period->last_month);
  sqlite3_stmt *stmt;
  int rc;

  stmt = cm_db_prepare (report->db,
                        "SELECT r.instance_id, r.report_date, r.rations_paid, r.rations_free,"
                        " r.fee_cents, r.spending_cents, r.updated_at, r.review_state,"
                        " count(p.id), count(p.receipt_photo), ifnull(group_concat(p.amount_cents, ','), '')"
                        " FROM report r LEFT JOIN purchase p ON p.report_id = r.id"
                        " WHERE r.canteen_id = ? AND r.report_date BETWEEN ? AND ?"
                        " GROUP BY r.id ORDER BY r.instance_id",
                        error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, report->canteen_id);
  sqlite3_bind_text (stmt, 2, first, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, last, -1, SQLITE_TRANSIENT);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      char month[8];
      Month *m;
      g_autofree char *content = NULL;

      g_strlcpy (month, column_text (stmt, 1), sizeof month);
      if ((m = find_month (report, month)) == NULL)
        continue;
      m->reports++;
      m->rations_paid += (gint64) sqlite3_column_int64 (stmt, 2);
      m->rations_free += (gint64) sqlite3_column_int64 (stmt, 3);
      m->fee_cents += (gint64) sqlite3_column_int64 (stmt, 4);
      m->spending_cents += (gint64) sqlite3_column_int64 (stmt, 5);
      m->purchases += (gint64) sqlite3_column_int64 (stmt, 8);
      m->receipts += (gint64) sqlite3_column_int64 (stmt, 9);

      /* What the document uses of a report, and the server's time of its
       * last edit: a report edited on the server no longer matches. */
      content = g_strdup_printf ("%s\x1f%" G_GINT64_FORMAT "\x1f%" G_GINT64_FORMAT "\x1f%" G_GINT64_FORMAT
                                 "\x1f%" G_GINT64_FORMAT "\x1f%s\x1f%s\x1f%" G_GINT64_FORMAT "\x1f%" G_GINT64_FORMAT
                                 "\x1f%s",
                                 column_text (stmt, 1), (gint64) sqlite3_column_int64 (stmt, 2),
                                 (gint64) sqlite3_column_int64 (stmt, 3), (gint64) sqlite3_column_int64 (stmt, 4),
                                 (gint64) sqlite3_column_int64 (stmt, 5), text_or_dash (column_text (stmt, 6)),
                                 text_or_dash (column_text (stmt, 7)), (gint64) sqlite3_column_int64 (stmt, 8),
                                 (gint64) sqlite3_column_int64 (stmt, 9), column_text (stmt, 10));
      cm_manifest_add_record (report->manifest, "report", column_text (stmt, 0), content, -1);
    }
  return finish_rows (report->db, stmt, rc, error);
}

static guint
count_missing (CmCheckResult *result)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  JsonObject *evidence;

  if (!json_parser_load_from_data (parser, cm_check_result_get_evidence (result), -1, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return 0;
  evidence = json_node_get_object (json_parser_get_root (parser));
  if (g_strcmp0 (json_object_get_string_member_with_default (evidence, "check", ""), "daily_report") != 0 ||
      !json_object_has_member (evidence, "missing") ||
      !JSON_NODE_HOLDS_ARRAY (json_object_get_member (evidence, "missing")))
    return 0;
  return json_array_get_length (json_object_get_array_member (evidence, "missing"));
}

static void
add_figures (Report *report)
{
  g_autoptr(CmDocumentTable) table = cm_document_table_new ();
  Month total = { "", 0 };
  gboolean evaluated = FALSE;

  cm_document_add_heading (report->document, _("Figures of the period"));
  cm_document_table_add_column (table, _("Month"), 1.6, CM_DOCUMENT_ALIGN_START);
  cm_document_table_add_column (table, _("Operating days"), 1.1, CM_DOCUMENT_ALIGN_END);
  cm_document_table_add_column (table, _("Reports received"), 1.1, CM_DOCUMENT_ALIGN_END);
  cm_document_table_add_column (table, _("Reports missing"), 1.1, CM_DOCUMENT_ALIGN_END);
  cm_document_table_add_column (table, _("Paid rations"), 1.2, CM_DOCUMENT_ALIGN_END);
  cm_document_table_add_column (table, _("Free rations"), 1.1, CM_DOCUMENT_ALIGN_END);
  cm_document_table_add_column (table, _("Fee collected"), 1.4, CM_DOCUMENT_ALIGN_END);
  cm_document_table_add_column (table, _("Spending"), 1.4, CM_DOCUMENT_ALIGN_END);
  cm_document_table_add_column (table, _("Purchases with receipt"), 1.7, CM_DOCUMENT_ALIGN_END);

  for (guint i = 0; i <= report->months->len; i++)
    {
      gboolean is_total = i == report->months->len;
      Month *m = is_total ? &total : &g_array_index (report->months, Month, i);
      g_autofree char *label = NULL;
      g_autofree char *due = NULL;
      g_autofree char *reports = cm_text_format_count (m->reports);
      g_autofree char *missing = NULL;
      g_autofree char *paid = cm_text_format_count (m->rations_paid);
      g_autofree char *free = cm_text_format_count (m->rations_free);
      g_autofree char *fee = cm_text_format_money (m->fee_cents);
      g_autofree char *spending = cm_text_format_money (m->spending_cents);
      g_autofree char *receipts = NULL;
      g_autofree char *with_receipt = NULL;
      g_autofree char *purchases = NULL;

      if (is_total)
        label = g_strdup (_("Period"));
      else
        {
          CmPeriod one;

          cm_period_set_months (&one, m->month, m->month);
          label = cm_period_get_label (&one);
          total.reports += m->reports;
          total.rations_paid += m->rations_paid;
          total.rations_free += m->rations_free;
          total.fee_cents += m->fee_cents;
          total.spending_cents += m->spending_cents;
          total.purchases += m->purchases;
          total.receipts += m->receipts;
          total.due_days += m->due_days;
          total.missing += m->missing;
          total.evaluated |= m->evaluated;
          evaluated |= m->evaluated;
        }
      if (m->evaluated || (is_total && evaluated))
        {
          due = cm_text_format_count (m->due_days);
          missing = cm_text_format_count (m->missing);
        }
      with_receipt = cm_text_format_count (m->receipts);
      purchases = cm_text_format_count (m->purchases);
      /* Translators: purchases with a receipt photo, of all purchases */
      receipts = g_strdup_printf (_("%s of %s"), with_receipt, purchases);
      cm_document_table_add_row (table,
                                 is_total ? CM_DOCUMENT_ROW_TOTAL :
                                 m->missing > 0 ? CM_DOCUMENT_ROW_FAILED : CM_DOCUMENT_ROW_NORMAL,
                                 label, due != NULL ? due : "—", reports, missing != NULL ? missing : "—",
                                 paid, free, fee, spending, receipts, NULL);
    }
  cm_document_add_table (report->document, table);
  cm_document_add_note (report->document,
                        _("Operating days are the weekdays, other than holidays, on which the kitchen was open "
                          "and had to report; a missing report is an operating day without one. A month the "
                          "automatic checks have not evaluated shows “—”."));
}

/* Automatic rules */

/* The rule a result is of, in the version in force in its month. */
static CmRule *
result_rule (Report        *report,
             CmCheckResult *result)
{
  GDate day;

  if (!cm_checks_parse_period (cm_check_result_get_period (result), NULL, &day))
    return NULL;
  return cm_rulebook_lookup (report->rulebook, cm_check_result_get_rule_code (result), &day);
}

static gboolean
add_checks (Report  *report,
            GError **error)
{
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GPtrArray) verdicts = NULL;
  guint r = 0;

  if (!(results = cm_check_result_load (report->db, report->canteen_id, report->period->first_month,
                                        report->period->last_month, error)) ||
      !(verdicts = cm_check_verdict_load (report->db, report->canteen_id, report->period->first_month,
                                          report->period->last_month, error)))
    return FALSE;

  for (guint i = 0; i < verdicts->len; i++)
    {
      CmCheckVerdict *verdict = g_ptr_array_index (verdicts, i);
      Month *m = find_month (report, verdict->period);
      g_autofree char *content = g_strdup_printf ("%s\x1f%u\x1f%d", cm_verdict_to_string (verdict->verdict),
                                                  verdict->failed_rules, verdict->worst_severity);

      if (m != NULL)
        {
          m->due_days = verdict->due_days;
          m->evaluated = TRUE;
        }
      cm_manifest_add_record (report->manifest, "verdict", verdict->period, content, -1);
    }
  for (guint i = 0; i < results->len; i++)
    {
      CmCheckResult *result = g_ptr_array_index (results, i);
      Month *m = find_month (report, cm_check_result_get_period (result));

      if (m != NULL)
        m->missing += count_missing (result);
    }

  add_figures (report);

  cm_document_add_heading (report->document, _("Automatic rules"));
  cm_document_add_note (report->document,
                        _("Each rule of the rulebook that can be computed from the daily reports is checked "
                          "month by month. The evidence names the days and reports that failed, so that "
                          "anyone can check them against the reports."));
  if (results->len == 0)
    cm_document_add_paragraph (report->document,
                               _("The automatic rules have not been evaluated for this period."));

  for (guint i = 0; i < report->months->len; i++)
    {
      Month *m = &g_array_index (report->months, Month, i);
      g_autoptr(CmDocumentTable) table = NULL;
      g_autofree char *heading = NULL;
      g_autofree char *month_label = NULL;
      CmPeriod one;
      const char *verdict_label = cm_verdict_get_label (CM_VERDICT_NOT_EVALUATED);

      for (guint v = 0; v < verdicts->len; v++)
        if (g_str_equal (((CmCheckVerdict *) g_ptr_array_index (verdicts, v))->period, m->month))
          verdict_label = cm_verdict_get_label (((CmCheckVerdict *) g_ptr_array_index (verdicts, v))->verdict);

      while (r < results->len &&
             g_strcmp0 (cm_check_result_get_period (g_ptr_array_index (results, r)), m->month) < 0)
        r++;
      if (r >= results->len ||
          g_strcmp0 (cm_check_result_get_period (g_ptr_array_index (results, r)), m->month) != 0)
        continue;

      cm_period_set_months (&one, m->month, m->month);
      month_label = cm_period_get_label (&one);
      /* Translators: a month, then the kitchen's verdict in it */
      heading = g_strdup_printf (_("%s: %s"), month_label, verdict_label);
      cm_document_add_subheading (report->document, heading);

      table = cm_document_table_new ();
      cm_document_table_add_column (table, _("Rule"), 0.9, CM_DOCUMENT_ALIGN_START);
      cm_document_table_add_column (table, _("What it asks"), 2.6, CM_DOCUMENT_ALIGN_START);
      cm_document_table_add_column (table, _("Severity"), 1.5, CM_DOCUMENT_ALIGN_START);
      cm_document_table_add_column (table, _("Result"), 1.1, CM_DOCUMENT_ALIGN_START);
      cm_document_table_add_column (table, _("Evidence"), 3.9, CM_DOCUMENT_ALIGN_START);

      for (; r < results->len &&
             g_strcmp0 (cm_check_result_get_period (g_ptr_array_index (results, r)), m->month) == 0; r++)
        {
          CmCheckResult *result = g_ptr_array_index (results, r);
          CmCheckOutcome outcome = cm_check_result_get_outcome (result);
          g_autofree char *evidence = cm_check_result_describe (result);
          g_autofree char *id = g_strdup_printf ("%s/%s", m->month, cm_check_result_get_rule_code (result));
          g_autofree char *content = g_strdup_printf ("%s\x1f%" G_GINT64_FORMAT "\x1f%s",
                                                      cm_check_outcome_to_string (outcome),
                                                      cm_check_result_get_failures (result),
                                                      cm_check_result_get_evidence (result));
          CmRule *rule = result_rule (report, result);

          cm_document_table_add_row (table,
                                     outcome == CM_CHECK_OUTCOME_FAIL ? CM_DOCUMENT_ROW_FAILED
                                                                      : CM_DOCUMENT_ROW_NORMAL,
                                     cm_check_result_get_rule_code (result),
                                     rule != NULL ? cm_rule_get_title (rule) : cm_check_result_get_rule_code (result),
                                     rule != NULL ? cm_rule_severity_get_label (cm_rule_get_severity (rule)) : "",
                                     cm_check_outcome_get_label (outcome), evidence, NULL);
          cm_manifest_add_record (report->manifest, "check", id, content, -1);
        }
      cm_document_add_table (report->document, table);
    }
  return TRUE;
}

/* The latest signed review */

static gboolean
add_review (Report  *report,
            GError **error)
{
  g_autoptr(CmReview) chosen = NULL;
  g_autoptr(CmDocumentTable) fields = NULL;
  g_autoptr(CmDocumentTable) items = NULL;
  g_autoptr(GString) content = g_string_new (NULL);
  g_autofree char *last = g_strdup_printf ("%s-31", report->period->last_month);
  g_autofree char *visit = NULL;
  g_autofree char *signed_on = NULL;
  g_autofree char *score = NULL;
  g_autofree char *covered = NULL;
  g_autofree char *id = NULL;
  char reference[11];
  GListModel *answers;
  CmPeriod reviewed;

  g_date_strftime (reference, sizeof reference, "%Y-%m-%d", &report->reference);

  if (!(report->reviews = cm_review_list (report->db, report->canteen_id, error)))
    return FALSE;

  /* The latest visit a supervisor signed, nobody corrected since, and
   * that reviewed months of the period (a visit in November reviews
   * October); failing that, the latest before the period ended. */
  for (int pass = 0; pass < 2 && chosen == NULL; pass++)
    for (guint i = 0; i < g_list_model_get_n_items (report->reviews); i++)
      {
        g_autoptr(CmReview) review = g_list_model_get_item (report->reviews, i);
        const char *visit_date = cm_review_get_visit_date (review);
        gboolean overlaps = g_strcmp0 (cm_review_get_period_start (review), report->period->last_month) <= 0 &&
                            g_strcmp0 (cm_review_get_period_end (review), report->period->first_month) >= 0;

        if (!cm_review_is_signed (review) || cm_review_get_corrected_by_id (review) != 0 ||
            (pass == 0 && (!overlaps || g_strcmp0 (visit_date, reference) > 0)) ||
            (pass == 1 && g_strcmp0 (visit_date, last) > 0))
          continue;
        if (chosen == NULL || g_strcmp0 (visit_date, cm_review_get_visit_date (chosen)) > 0 ||
            (g_strcmp0 (visit_date, cm_review_get_visit_date (chosen)) == 0 &&
             cm_review_get_id (review) > cm_review_get_id (chosen)))
          g_set_object (&chosen, review);
      }

  cm_document_add_heading (report->document, _("Latest signed review"));
  if (chosen == NULL)
    {
      cm_document_add_paragraph (report->document,
                                 _("No supervisor has signed a review of this kitchen up to the end of the period."));
      return TRUE;
    }

  visit = day_or_dash (cm_review_get_visit_date (chosen));
  signed_on = day_or_dash (cm_review_get_signed_at (chosen));
  cm_period_set_months (&reviewed, cm_review_get_period_start (chosen), cm_review_get_period_end (chosen));
  covered = cm_period_get_label (&reviewed);
  score = cm_review_has_score (chosen) ? g_strdup_printf ("%.1f", cm_review_get_score (chosen)) : g_strdup ("—");

  fields = cm_document_table_new ();
  cm_document_table_add_column (fields, NULL, 1, CM_DOCUMENT_ALIGN_START);
  cm_document_table_add_column (fields, NULL, 3, CM_DOCUMENT_ALIGN_START);
  cm_document_table_add_row (fields, CM_DOCUMENT_ROW_NORMAL, _("Visit"), visit, NULL);
  cm_document_table_add_row (fields, CM_DOCUMENT_ROW_NORMAL, _("Visited by"),
                             text_or_dash (cm_review_get_visitor (chosen)), NULL);
  cm_document_table_add_row (fields, CM_DOCUMENT_ROW_NORMAL, _("Months reviewed"), covered, NULL);
  cm_document_table_add_row (fields, CM_DOCUMENT_ROW_NORMAL, _("Score (0 to 100)"), score, NULL);
  cm_document_table_add_row (fields, CM_DOCUMENT_ROW_NORMAL, _("Verdict"),
                             text_or_dash (cm_review_verdict_get_label (cm_review_get_verdict (chosen))), NULL);
  cm_document_table_add_row (fields, CM_DOCUMENT_ROW_NORMAL, _("Signed by"),
                             text_or_dash (cm_review_get_signed_by (chosen)), NULL);
  cm_document_table_add_row (fields, CM_DOCUMENT_ROW_NORMAL, _("Signed on"), signed_on, NULL);
  cm_document_add_table (report->document, fields);

  items = cm_document_table_new ();
  cm_document_table_add_column (items, _("Rule"), 0.9, CM_DOCUMENT_ALIGN_START);
  cm_document_table_add_column (items, _("Question"), 4, CM_DOCUMENT_ALIGN_START);
  cm_document_table_add_column (items, _("Answer"), 1.1, CM_DOCUMENT_ALIGN_START);
  cm_document_table_add_column (items, _("Note"), 3, CM_DOCUMENT_ALIGN_START);
  answers = cm_review_get_items (chosen);
  for (guint i = 0; i < g_list_model_get_n_items (answers); i++)
    {
      g_autoptr(CmReviewItem) item = g_list_model_get_item (answers, i);
      CmReviewAnswer answer = cm_review_item_get_answer (item);

      cm_document_table_add_row (items, answer == CM_REVIEW_ANSWER_NO ? CM_DOCUMENT_ROW_FAILED
                                                                      : CM_DOCUMENT_ROW_NORMAL,
                                 cm_review_item_get_code (item), cm_review_item_get_title (item),
                                 text_or_dash (cm_review_answer_get_label (answer)),
                                 cm_review_item_get_note (item), NULL);
      g_string_append_printf (content, "%s\x1f%s\x1f%s\x1e", cm_review_item_get_code (item),
                              text_or_dash (cm_review_answer_to_string (answer)),
                              cm_review_item_get_note (item) != NULL ? cm_review_item_get_note (item) : "");
    }
  cm_document_add_subheading (report->document, _("Checklist"));
  cm_document_add_table (report->document, items);
  if (cm_review_get_notes (chosen) != NULL && *cm_review_get_notes (chosen) != '\0')
    {
      cm_document_add_subheading (report->document, _("Notes of the visit"));
      cm_document_add_paragraph (report->document, cm_review_get_notes (chosen));
    }

  g_string_append_printf (content, "%s\x1f%s\x1f%s\x1f%s\x1f%s\x1f%s\x1f%s\x1f%s",
                          cm_review_get_visit_date (chosen), text_or_dash (cm_review_get_visitor (chosen)),
                          cm_review_get_period_start (chosen), cm_review_get_period_end (chosen), score,
                          text_or_dash (cm_review_get_signed_by (chosen)),
                          text_or_dash (cm_review_get_signed_at (chosen)),
                          text_or_dash (cm_review_get_notes (chosen)));
  id = g_strdup_printf ("%s/%" G_GINT64_FORMAT, cm_review_get_visit_date (chosen), cm_review_get_id (chosen));
  cm_manifest_add_record (report->manifest, "review", id, content->str, content->len);
  return TRUE;
}

/* Findings and sanctions */

/* A finding belongs to the report when it was raised on a month of the
 * period (a check's), or at a visit that reviewed one of its months, or
 * when it was open at some time in the period. */
static gboolean
finding_concerns_period (Report    *report,
                         CmFinding *finding)
{
  GListModel *reviews = report->reviews;
  g_autofree char *first = g_strdup_printf ("%s-01", report->period->first_month);
  g_autofree char *last = g_strdup_printf ("%s-31T99", report->period->last_month);
  const char *month = cm_finding_get_period (finding);
  const char *closed_at = cm_finding_get_closed_at (finding);

  if (month != NULL)
    return cm_period_contains_month (report->period, month);
  for (guint i = 0; i < g_list_model_get_n_items (reviews); i++)
    {
      g_autoptr(CmReview) review = g_list_model_get_item (reviews, i);

      if (cm_review_get_id (review) == cm_finding_get_review_id (finding))
        return g_strcmp0 (cm_review_get_period_start (review), report->period->last_month) <= 0 &&
               g_strcmp0 (cm_review_get_period_end (review), report->period->first_month) >= 0;
    }
  return g_strcmp0 (cm_finding_get_opened_at (finding), last) <= 0 &&
         (closed_at == NULL || g_strcmp0 (closed_at, first) >= 0);
}

static gboolean
add_findings (Report  *report,
              GError **error)
{
  g_autoptr(GListModel) findings = NULL;
  g_autoptr(CmDocumentTable) table = cm_document_table_new ();
  guint shown = 0;

  if (!(findings = cm_finding_list (report->db, report->canteen_id, CM_FINDING_FILTER_ALL,
                                    &report->reference, error)))
    return FALSE;

  cm_document_add_heading (report->document, _("Findings"));
  cm_document_table_add_column (table, _("Rule"), 0.9, CM_DOCUMENT_ALIGN_START);
  cm_document_table_add_column (table, _("Finding"), 3.6, CM_DOCUMENT_ALIGN_START);
  cm_document_table_add_column (table, _("Opened"), 1.5, CM_DOCUMENT_ALIGN_START);
  cm_document_table_add_column (table, _("Due"), 1.5, CM_DOCUMENT_ALIGN_START);
  cm_document_table_add_column (table, _("State"), 2.2, CM_DOCUMENT_ALIGN_START);

  for (guint i = 0; i < g_list_model_get_n_items (findings); i++)
    {
      g_autoptr(CmFinding) finding = g_list_model_get_item (findings, i);
      const char *closed_at = cm_finding_get_closed_at (finding);
      g_autofree char *opened = day_or_dash (cm_finding_get_opened_at (finding));
      g_autofree char *due = day_or_dash (cm_finding_get_due_on (finding));
      g_autofree char *state = NULL;
      g_autofree char *id = NULL;
      g_autofree char *content = NULL;
      gboolean open = cm_finding_is_open (finding);

      if (!finding_concerns_period (report, finding))
        continue;

      if (open)
        state = g_strdup (cm_finding_is_overdue (finding, &report->reference) ? C_("finding", "Open, overdue") : C_("finding", "Open"));
      else
        {
          g_autofree char *closed = day_or_dash (closed_at);

          /* Translators: %s is the day a finding was closed */
          state = g_strdup_printf (g_strcmp0 (cm_finding_get_closed_how (finding), "check_passed") == 0
                                   ? _("Closed on %s: the rule passed again") : _("Closed on %s: resolved"),
                                   closed);
        }
      cm_document_table_add_row (table, open ? CM_DOCUMENT_ROW_FAILED : CM_DOCUMENT_ROW_NORMAL,
                                 text_or_dash (cm_finding_get_rule_code (finding)),
                                 cm_finding_get_description (finding), opened, due, state, NULL);
      id = g_strdup_printf ("%s/%" G_GINT64_FORMAT, text_or_dash (cm_finding_get_opened_at (finding)),
                            cm_finding_get_id (finding));
      content = g_strdup_printf ("%s\x1f%s\x1f%s\x1f%s\x1f%s\x1f%s", text_or_dash (cm_finding_get_rule_code (finding)),
                                 cm_finding_get_description (finding), text_or_dash (cm_finding_get_due_on (finding)),
                                 text_or_dash (closed_at), text_or_dash (cm_finding_get_closed_how (finding)),
                                 text_or_dash (cm_finding_get_closing_note (finding)));
      cm_manifest_add_record (report->manifest, "finding", id, content, -1);
      shown++;
    }

  if (shown == 0)
    cm_document_add_paragraph (report->document, _("No finding was open in the period."));
  else
    cm_document_add_table (report->document, table);
  return TRUE;
}

static gboolean
add_sanctions (Report  *report,
               GError **error)
{
  g_autoptr(GListModel) sanctions = NULL;
  g_autoptr(CmDocumentTable) table = cm_document_table_new ();
  char reference[11];
  guint shown = 0;

  g_date_strftime (reference, sizeof reference, "%Y-%m-%d", &report->reference);

  if (!(sanctions = cm_sanction_list (report->db, report->canteen_id, error)))
    return FALSE;

  cm_document_add_heading (report->document, _("Sanctions"));
  cm_document_table_add_column (table, _("Decision"), 1.4, CM_DOCUMENT_ALIGN_START);
  cm_document_table_add_column (table, _("Decided on"), 1.6, CM_DOCUMENT_ALIGN_START);
  cm_document_table_add_column (table, _("Decided by"), 2, CM_DOCUMENT_ALIGN_START);
  cm_document_table_add_column (table, _("Reason"), 4.6, CM_DOCUMENT_ALIGN_START);

  for (guint i = 0; i < g_list_model_get_n_items (sanctions); i++)
    {
      g_autoptr(CmSanction) sanction = g_list_model_get_item (sanctions, i);
      g_autofree char *decided = day_or_dash (cm_sanction_get_decided_on (sanction));
      g_autofree char *id = NULL;
      g_autofree char *content = NULL;

      /* Every decision up to the day of the data: the ladder counts them all. */
      if (g_strcmp0 (cm_sanction_get_decided_on (sanction), reference) > 0)
        continue;
      cm_document_table_add_row (table, CM_DOCUMENT_ROW_NORMAL,
                                 cm_sanction_kind_get_label (cm_sanction_get_kind (sanction)), decided,
                                 cm_sanction_get_decided_by (sanction), cm_sanction_get_reason (sanction), NULL);
      id = g_strdup_printf ("%s/%" G_GINT64_FORMAT, cm_sanction_get_decided_on (sanction),
                            cm_sanction_get_id (sanction));
      content = g_strdup_printf ("%s\x1f%s\x1f%s", cm_sanction_kind_to_string (cm_sanction_get_kind (sanction)),
                                 cm_sanction_get_decided_by (sanction), cm_sanction_get_reason (sanction));
      cm_manifest_add_record (report->manifest, "sanction", id, content, -1);
      shown++;
    }

  if (shown == 0)
    cm_document_add_paragraph (report->document, _("No sanction has been decided on this kitchen."));
  else
    cm_document_add_table (report->document, table);
  return TRUE;
}

static void
add_closing (Report *report)
{
  const char *roles[] = { _("Prepared by (monitor)"), _("Approved by (supervisor)"),
                          _("Received by (committee)") };
  g_autofree char *count = cm_text_format_count (cm_manifest_count_kind (report->manifest, "report"));
  g_autofree char *method = NULL;

  cm_document_add_heading (report->document, _("Signatures"));
  cm_document_add_signatures (report->document, G_N_ELEMENTS (roles), roles, NULL);

  /* Translators: %s is a count of daily reports */
  method = g_strdup_printf (_("This report was made by Comedores from %s daily reports sent by the kitchen’s "
                              "tablet, the automatic rules computed from them and the records of the monitors "
                              "and supervisors. The file carries a manifest of every record it was made from; "
                              "“comedores-cli verify-pdf” says whether it still matches the database."),
                            count);
  cm_document_add_space (report->document, 6);
  cm_document_add_note (report->document, method);
}

/**
 * cm_kitchen_report_build:
 * @db: the database
 * @options: the kitchen (its folio), the months the report covers, the
 *   paper and the data's time to state
 * @manifest: (out) (optional) (transfer full): what the document was made from
 * @error: return location for a #GError
 *
 * Reads the kitchen's records and typesets its compliance report. The
 * automatic results are taken as stored: bring them up to date first
 * (cm_checks_update()). Nothing depends on the clock: findings are overdue
 * or not as of the day the data was pulled.
 *
 * Returns: (transfer full): the document, or %NULL with @error set
 */
CmDocument *
cm_kitchen_report_build (CmDb                       *db,
                         const CmPublicationOptions *options,
                         CmManifest                **manifest,
                         GError                    **error)
{
  const char *folio = options->folio;
  const CmPeriod *period = &options->period;
  g_auto(Report) report = { 0 };
  g_auto(CmProvenance) provenance = { 0 };
  g_autofree char *footer = NULL;
  g_autofree char *title = NULL;
  int first, last;

  g_return_val_if_fail (CM_IS_DB (db), NULL);
  g_return_val_if_fail (folio != NULL, NULL);

  if (!_cm_provenance_load (&provenance, db, period, options->data_pulled, error))
    return NULL;

  report.db = db;
  report.period = period;
  report.folio = g_strdup (folio);
  report.reference = provenance.data_day;
  report.rulebook = g_object_ref (provenance.rulebook);
  report.manifest = cm_manifest_new ("kitchen");
  cm_manifest_set_option (report.manifest, "folio", folio);
  _cm_provenance_sign (&provenance, report.manifest, period, options->paper);

  report.months = g_array_new (FALSE, TRUE, sizeof (Month));
  first = cm_month_index (period->first_month);
  last = cm_month_index (period->last_month);
  for (int i = first; i <= last; i++)
    {
      Month m = { "" };

      cm_month_write (i, m.month);
      g_array_append_val (report.months, m);
    }

  footer = _cm_provenance_footer (&provenance, period);
  /* Translators: the running title of a kitchen's report: its folio */
  title = g_strdup_printf (_("Compliance report %s"), folio);
  report.document = cm_document_new (options->paper, title, footer, options->own_font_map);

  if (!add_identity (&report, error) ||
      !add_committee (&report, error) ||
      !load_reports (&report, error) ||
      !add_checks (&report, error) ||
      !add_review (&report, error) ||
      !add_findings (&report, error) ||
      !add_sanctions (&report, error))
    return NULL;
  add_closing (&report);

  if (manifest != NULL)
    *manifest = g_steal_pointer (&report.manifest);
  return g_steal_pointer (&report.document);
}
