/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "cm-check-result"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "cm-check-result.h"
#include "cm-text.h"
#include "cm-workdays.h"

struct _CmCheckResult
{
  GObject         parent_instance;

  gint64          canteen_id;
  char            period[8];
  char           *rule_code;
  CmCheckOutcome  outcome;
  gint64          failures;
  char           *evidence;
  gint64          rulebook_id;
  char           *computed_at;
};

G_DEFINE_FINAL_TYPE (CmCheckResult, cm_check_result, G_TYPE_OBJECT)

static void
cm_check_result_finalize (GObject *object)
{
  CmCheckResult *self = (CmCheckResult *)object;

  g_free (self->rule_code);
  g_free (self->evidence);
  g_free (self->computed_at);

  G_OBJECT_CLASS (cm_check_result_parent_class)->finalize (object);
}

static void
cm_check_result_class_init (CmCheckResultClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cm_check_result_finalize;
}

static void
cm_check_result_init (CmCheckResult *self)
{
}

gint64
cm_check_result_get_canteen_id (CmCheckResult *self)
{
  g_return_val_if_fail (CM_IS_CHECK_RESULT (self), 0);
  return self->canteen_id;
}

const char *
cm_check_result_get_period (CmCheckResult *self)
{
  g_return_val_if_fail (CM_IS_CHECK_RESULT (self), NULL);
  return self->period;
}

const char *
cm_check_result_get_rule_code (CmCheckResult *self)
{
  g_return_val_if_fail (CM_IS_CHECK_RESULT (self), NULL);
  return self->rule_code;
}

CmCheckOutcome
cm_check_result_get_outcome (CmCheckResult *self)
{
  g_return_val_if_fail (CM_IS_CHECK_RESULT (self), CM_CHECK_OUTCOME_NOT_APPLICABLE);
  return self->outcome;
}

gint64
cm_check_result_get_failures (CmCheckResult *self)
{
  g_return_val_if_fail (CM_IS_CHECK_RESULT (self), 0);
  return self->failures;
}

const char *
cm_check_result_get_evidence (CmCheckResult *self)
{
  g_return_val_if_fail (CM_IS_CHECK_RESULT (self), NULL);
  return self->evidence;
}

gint64
cm_check_result_get_rulebook_id (CmCheckResult *self)
{
  g_return_val_if_fail (CM_IS_CHECK_RESULT (self), 0);
  return self->rulebook_id;
}

const char *
cm_check_result_get_computed_at (CmCheckResult *self)
{
  g_return_val_if_fail (CM_IS_CHECK_RESULT (self), NULL);
  return self->computed_at;
}

/* Describing the evidence. */

#define MAX_LISTED 6

static const char *
member_string (JsonObject *object,
               const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static char *
member_number_text (JsonObject *object,
                    const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return g_strdup ("?");
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
  g_ascii_formatd (buf, sizeof buf, "%g", json_node_get_double (node));
  return g_strdup (buf);
}

/* The first few values of @field in the array @name, then "…". Items that
 * are strings are listed as they are. */
static char *
list_items (JsonObject *evidence,
            const char *name,
            const char *field)
{
  JsonNode *node = json_object_get_member (evidence, name);
  JsonArray *array;
  GString *out = g_string_new (NULL);
  guint n;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return g_string_free (out, FALSE);

  array = json_node_get_array (node);
  n = json_array_get_length (array);
  for (guint i = 0; i < n && i < MAX_LISTED; i++)
    {
      JsonNode *item = json_array_get_element (array, i);
      const char *text = NULL;

      if (JSON_NODE_HOLDS_VALUE (item) && json_node_get_value_type (item) == G_TYPE_STRING)
        text = json_node_get_string (item);
      else if (JSON_NODE_HOLDS_OBJECT (item))
        text = member_string (json_node_get_object (item), field);

      if (out->len > 0)
        g_string_append (out, ", ");
      g_string_append (out, text != NULL ? text : "?");
    }
  if (n > MAX_LISTED)
    g_string_append (out, ", …");

  return g_string_free (out, FALSE);
}

static char *
describe_not_applicable (JsonObject *evidence)
{
  const char *reason = member_string (evidence, "reason");

  if (g_strcmp0 (reason, "no_capacity") == 0)
    return g_strdup (_("Not applicable: the kitchen has no registered capacity."));
  if (g_strcmp0 (reason, "no_kitchen_point") == 0)
    return g_strdup (_("Not applicable: the kitchen has no registered location."));
  if (g_strcmp0 (reason, "no_registered_tablet") == 0)
    return g_strdup (_("Not applicable: the kitchen has no registered tablet."));
  if (g_strcmp0 (member_string (evidence, "check"), "daily_report") == 0)
    return g_strdup (_("Not applicable: no operating day of the kitchen is due in the period."));
  if (g_strcmp0 (member_string (evidence, "check"), "committee_office") == 0)
    return g_strdup (_("Not applicable: the rule was not in force while the kitchen existed."));

  return g_strdup (_("Not applicable: no report in the period to check."));
}

/**
 * cm_check_result_describe:
 * @self: a #CmCheckResult
 *
 * Says in one translated sentence what the evidence shows: how many days,
 * reports or members failed and the first few of them.
 *
 * Returns: (transfer full): the sentence
 */
char *
cm_check_result_describe (CmCheckResult *self)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autofree char *list = NULL;
  JsonObject *ev;
  const char *check;
  guint n;
  gboolean failed;

  g_return_val_if_fail (CM_IS_CHECK_RESULT (self), NULL);

  if (!json_parser_load_from_data (parser, self->evidence, -1, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return g_strdup (_("The evidence of this result cannot be read."));

  ev = json_node_get_object (json_parser_get_root (parser));
  check = member_string (ev, "check");
  n = (guint) self->failures;
  failed = self->failures > 0;

  if (self->outcome == CM_CHECK_OUTCOME_NOT_APPLICABLE)
    return describe_not_applicable (ev);

  if (g_strcmp0 (check, "daily_report") == 0)
    {
      guint missing = 0;

      if (json_object_has_member (ev, "missing") &&
          JSON_NODE_HOLDS_ARRAY (json_object_get_member (ev, "missing")))
        missing = json_array_get_length (json_object_get_array_member (ev, "missing"));
      if (missing == 0)
        return g_strdup (_("A report for every operating day due."));
      list = list_items (ev, "missing", NULL);
      if (self->outcome != CM_CHECK_OUTCOME_FAIL)
        /* Translators: the days without a report, within the tolerance */
        return g_strdup_printf (ngettext ("%u operating day without a report, within what the rule tolerates: %s.",
                                          "%u operating days without a report, within what the rule tolerates: %s.",
                                          missing),
                                missing, list);
      return g_strdup_printf (ngettext ("%u operating day without a report: %s.",
                                        "%u operating days without a report: %s.", missing),
                              missing, list);
    }

  if (g_strcmp0 (check, "same_day_submission") == 0)
    {
      if (!failed)
        return g_strdup (_("Every report was sent on the day it reports."));
      list = list_items (ev, "late", "date");
      return g_strdup_printf (ngettext ("%u report was sent on another day than the one it reports: %s.",
                                        "%u reports were sent on another day than the one they report: %s.", n),
                              n, list);
    }

  if (g_strcmp0 (check, "duplicate_reports") == 0)
    {
      if (!failed)
        return g_strdup (_("One report per day."));
      list = list_items (ev, "days", "date");
      return g_strdup_printf (ngettext ("%u extra report on a day that already had one: %s.",
                                        "%u extra reports on days that already had one: %s.", n),
                              n, list);
    }

  if (g_strcmp0 (check, "non_operating_day_reports") == 0)
    {
      if (!failed)
        return g_strdup (_("No report of a day the kitchen does not operate."));
      list = list_items (ev, "off_days", "date");
      return g_strdup_printf (ngettext ("%u report of a day the kitchen does not operate: %s.",
                                        "%u reports of days the kitchen does not operate: %s.", n),
                              n, list);
    }

  if (g_strcmp0 (check, "unknown_folio") == 0)
    {
      if (!failed)
        return g_strdup (_("Every report names a registered kitchen."));
      list = list_items (ev, "unknown", "folio_sent");
      return g_strdup_printf (ngettext ("%u report names a folio that is no kitchen’s: %s.",
                                        "%u reports name a folio that is no kitchen’s: %s.", n),
                              n, list);
    }

  if (g_strcmp0 (check, "fee_collected") == 0)
    {
      if (!failed)
        return g_strdup (_("The fee matches the paid rations in every report."));
      list = list_items (ev, "mismatches", "date");
      return g_strdup_printf (ngettext ("%u report’s fee does not match the paid rations: %s.",
                                        "%u reports’ fees do not match the paid rations: %s.", n),
                              n, list);
    }

  if (g_strcmp0 (check, "fee_overcharge") == 0)
    {
      if (!failed)
        return g_strdup (_("No report collected more than the fee."));
      list = list_items (ev, "overcharged", "date");
      return g_strdup_printf (ngettext ("%u report collected more than the fee: %s.",
                                        "%u reports collected more than the fee: %s.", n), n, list);
    }

  if (g_strcmp0 (check, "rations_capacity") == 0)
    {
      g_autofree char *capacity = member_number_text (ev, "capacity");

      if (!failed)
        return g_strdup_printf (_("Every report is within the capacity of %s rations."), capacity);
      list = list_items (ev, "over", "date");
      return g_strdup_printf (ngettext ("%u report above the capacity of %s rations: %s.",
                                        "%u reports above the capacity of %s rations: %s.", n),
                              n, capacity, list);
    }

  if (g_strcmp0 (check, "rations_minimum") == 0)
    {
      if (!failed)
        return g_strdup (_("Every report reaches the committed minimum of rations."));
      list = list_items (ev, "under", "date");
      return g_strdup_printf (ngettext ("%u report below the committed minimum of rations: %s.",
                                        "%u reports below the committed minimum of rations: %s.", n),
                              n, list);
    }

  if (g_strcmp0 (check, "purchase_receipts") == 0)
    {
      if (!failed)
        return g_strdup (_("Every purchase has its receipt."));
      list = list_items (ev, "without_receipt", "date");
      return g_strdup_printf (ngettext ("%u purchase without a receipt, in the reports of %s.",
                                        "%u purchases without a receipt, in the reports of %s.", n),
                              n, list);
    }

  if (g_strcmp0 (check, "gps_distance") == 0)
    {
      g_autofree char *radius = member_number_text (ev, "radius_m");

      if (!failed)
        return g_strdup_printf (_("Every report was sent within %s m of the kitchen."), radius);
      list = list_items (ev, "far", "date");
      return g_strdup_printf (ngettext ("%u report was sent more than %s m from the kitchen: %s.",
                                        "%u reports were sent more than %s m from the kitchen: %s.", n),
                              n, radius, list);
    }

  if (g_strcmp0 (check, "registered_device") == 0)
    {
      if (!failed)
        return g_strdup (_("Every report came from the registered tablet."));
      list = list_items (ev, "other", "date");
      return g_strdup_printf (ngettext ("%u report came from another device: %s.",
                                        "%u reports came from other devices: %s.", n), n, list);
    }

  if (g_strcmp0 (check, "committee_office") == 0)
    {
      if (!failed)
        return g_strdup (_("Nobody on the committee holds public or party office."));
      list = list_items (ev, "members", "name");
      return g_strdup_printf (ngettext ("%u committee member holds public or party office: %s.",
                                        "%u committee members hold public or party office: %s.", n),
                              n, list);
    }

  return g_strdup_printf (ngettext ("%u failure.", "%u failures.", n), n);
}

/* Loading. */

static gboolean
step_rows (CmDb          *db,
           sqlite3_stmt  *stmt,
           GPtrArray     *out,
           gpointer     (*read_row) (sqlite3_stmt *stmt),
           GError       **error)
{
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (out, read_row (stmt));

  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      cm_db_set_error_from_handle (db, error);
      return FALSE;
    }
  return TRUE;
}

static gpointer
read_result (sqlite3_stmt *stmt)
{
  CmCheckResult *self = g_object_new (CM_TYPE_CHECK_RESULT, NULL);

  self->canteen_id = sqlite3_column_int64 (stmt, 0);
  g_strlcpy (self->period, (const char *) sqlite3_column_text (stmt, 1), sizeof self->period);
  self->rule_code = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
  if (!cm_check_outcome_from_string ((const char *) sqlite3_column_text (stmt, 3), &self->outcome))
    self->outcome = CM_CHECK_OUTCOME_NOT_APPLICABLE;
  self->failures = sqlite3_column_int64 (stmt, 4);
  self->evidence = g_strdup ((const char *) sqlite3_column_text (stmt, 5));
  self->rulebook_id = sqlite3_column_int64 (stmt, 6);
  self->computed_at = g_strdup ((const char *) sqlite3_column_text (stmt, 7));

  return self;
}

/**
 * cm_check_result_load:
 * @db: a database
 * @canteen_id: a kitchen's id; 0 for the reports of no kitchen; -1 for all
 * @first_period: the first month, `YYYY-MM`
 * @last_period: the last month, `YYYY-MM`
 * @error: return location for a #GError
 *
 * Returns: (transfer container) (element-type CmCheckResult): the stored
 *   results, by kitchen, month and rule code, or %NULL with @error set
 */
GPtrArray *
cm_check_result_load (CmDb        *db,
                      gint64       canteen_id,
                      const char  *first_period,
                      const char  *last_period,
                      GError     **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(GPtrArray) results = g_ptr_array_new_with_free_func (g_object_unref);
  sqlite3_stmt *stmt;

  g_return_val_if_fail (CM_IS_DB (db), NULL);
  g_return_val_if_fail (first_period != NULL && last_period != NULL, NULL);

  locker = g_mutex_locker_new (cm_db_get_mutex (db));

  if (canteen_id >= 0)
    stmt = cm_db_prepare (db,
                          "SELECT ifnull (canteen_id, 0), period, rule_code, outcome, failures, evidence,"
                          " rulebook_id, computed_at FROM check_result"
                          " WHERE ifnull (canteen_id, 0) = ?1 AND period BETWEEN ?2 AND ?3"
                          " ORDER BY period, rule_code",
                          error);
  else
    stmt = cm_db_prepare (db,
                          "SELECT ifnull (canteen_id, 0), period, rule_code, outcome, failures, evidence,"
                          " rulebook_id, computed_at FROM check_result"
                          " WHERE period BETWEEN ?2 AND ?3 ORDER BY ifnull (canteen_id, 0), period, rule_code",
                          error);
  if (stmt == NULL)
    return NULL;

  if (canteen_id >= 0)
    sqlite3_bind_int64 (stmt, 1, canteen_id);
  sqlite3_bind_text (stmt, 2, first_period, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, last_period, -1, SQLITE_TRANSIENT);

  if (!step_rows (db, stmt, results, read_result, error))
    return NULL;

  return g_steal_pointer (&results);
}

/**
 * cm_check_verdict_free:
 * @verdict: (transfer full) (nullable): a verdict
 */
void
cm_check_verdict_free (CmCheckVerdict *verdict)
{
  if (verdict == NULL)
    return;
  g_free (verdict->folio);
  g_free (verdict->name);
  g_free (verdict);
}

/* The operating days of @period its kitchen was open on (@open_days, bit 0
 * the 1st) within the span of days due, @due_first to @due_last. */
static guint
count_due_days (const char *period,
                guint32     open_days,
                const char *due_first,
                const char *due_last)
{
  GDate first, last, from, until, day;
  guint due = 0;

  if (due_first == NULL || due_last == NULL || !cm_text_parse_date (due_first, &from) ||
      !cm_text_parse_date (due_last, &until) || !cm_checks_parse_period (period, &first, &last))
    return 0;

  for (day = first; g_date_compare (&day, &last) <= 0; g_date_add_days (&day, 1))
    if ((open_days & (1u << (g_date_get_day (&day) - 1))) != 0 &&
        g_date_compare (&day, &from) >= 0 && g_date_compare (&day, &until) <= 0 &&
        cm_workdays_is_operating_day (&day))
      due++;

  return due;
}

static gpointer
read_verdict (sqlite3_stmt *stmt)
{
  CmCheckVerdict *v = g_new0 (CmCheckVerdict, 1);
  const char *severity = (const char *) sqlite3_column_text (stmt, 5);
  CmRuleSeverity s;

  v->canteen_id = sqlite3_column_int64 (stmt, 0);
  v->folio = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
  v->name = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
  g_strlcpy (v->period, (const char *) sqlite3_column_text (stmt, 3), sizeof v->period);
  if (!cm_verdict_from_string ((const char *) sqlite3_column_text (stmt, 4), &v->verdict))
    v->verdict = CM_VERDICT_NOT_EVALUATED;
  v->worst_severity = cm_rule_severity_from_string (severity, &s) ? (int) s : -1;
  v->failed_rules = (guint) sqlite3_column_int (stmt, 6);
  v->reports = (guint) sqlite3_column_int (stmt, 8);
  v->due_days = count_due_days (v->period, (guint32) sqlite3_column_int64 (stmt, 7),
                                (const char *) sqlite3_column_text (stmt, 9),
                                (const char *) sqlite3_column_text (stmt, 10));

  return v;
}

/**
 * cm_check_verdict_load:
 * @db: a database
 * @canteen_id: a kitchen's id, or -1 for every kitchen
 * @first_period: the first month, `YYYY-MM`
 * @last_period: the last month, `YYYY-MM`
 * @error: return location for a #GError
 *
 * Returns: (transfer container) (element-type CmCheckVerdict): the stored
 *   verdicts, by folio and month, or %NULL with @error set
 */
GPtrArray *
cm_check_verdict_load (CmDb        *db,
                       gint64       canteen_id,
                       const char  *first_period,
                       const char  *last_period,
                       GError     **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(GPtrArray) verdicts = g_ptr_array_new_with_free_func ((GDestroyNotify) cm_check_verdict_free);
  sqlite3_stmt *stmt;

  g_return_val_if_fail (CM_IS_DB (db), NULL);
  g_return_val_if_fail (first_period != NULL && last_period != NULL, NULL);

  locker = g_mutex_locker_new (cm_db_get_mutex (db));

  stmt = cm_db_prepare (db,
                        "SELECT v.canteen_id, c.folio, c.name, v.period, v.verdict, v.worst_severity,"
                        " v.failed_rules, v.open_days,"
                        " (SELECT count(*) FROM report r WHERE r.canteen_id = v.canteen_id"
                        "   AND r.report_date BETWEEN v.period || '-01' AND v.period || '-31'),"
                        " (SELECT value FROM check_state WHERE key = 'due_first'),"
                        " (SELECT value FROM check_state WHERE key = 'due_last')"
                        " FROM check_verdict v JOIN canteen c ON c.id = v.canteen_id"
                        " WHERE (?1 < 0 OR v.canteen_id = ?1) AND v.period BETWEEN ?2 AND ?3"
                        " ORDER BY c.folio, v.period",
                        error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, canteen_id);
  sqlite3_bind_text (stmt, 2, first_period, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, last_period, -1, SQLITE_TRANSIENT);

  if (!step_rows (db, stmt, verdicts, read_verdict, error))
    return NULL;

  return g_steal_pointer (&verdicts);
}
