/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "cm-test-util.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#include "cm-check-catalog.h"
#include "cm-check-result.h"
#include "cm-checks.h"
#include "cm-db.h"
#include "cm-demo.h"
#include "cm-rulebook.h"
#include "cm-workdays.h"

/* Each automatic rule on kitchens and reports written with SQL into a fresh
 * database, then the demo's planted anomalies against what the checks find. */

static char *tmp_dir;

static CmDb *
open_new_db (const char *name)
{
  g_autofree char *path = g_build_filename (tmp_dir, name, NULL);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autoptr(GError) error = NULL;
  CmDb *db;

  g_remove (path);
  g_remove (wal);
  db = cm_db_open (path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (db);
  return db;
}

static void
exec (CmDb       *db,
      const char *sql)
{
  g_autoptr(GError) error = NULL;

  cm_db_exec (db, sql, &error);
  g_assert_no_error (error);
}

static gint64
query_int (CmDb       *db,
           const char *sql)
{
  g_autoptr(GError) error = NULL;
  gint64 value = cm_db_query_int (db, sql, &error);

  g_assert_no_error (error);
  return value;
}

typedef struct
{
  const char *modality;    /* NULL: comunitario */
  double      latitude;    /* 0: none */
  double      longitude;
  gint64      capacity;    /* 0: none */
  const char *status;      /* NULL: active */
  const char *opened_on;   /* NULL: 2015-01-01 */
  const char *closed_on;
  const char *tablet_id;   /* NULL: tab-<id> */
} Kitchen;

static void
add_kitchen (CmDb          *db,
             gint64         id,
             const Kitchen *k)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *folio = g_strdup_printf ("CC%03" G_GINT64_FORMAT, id);
  g_autofree char *tablet = g_strdup_printf ("tab-%" G_GINT64_FORMAT, id);
  sqlite3_stmt *stmt;

  stmt = cm_db_prepare (db,
                        "INSERT INTO canteen (id, folio, name, modality, latitude, longitude, capacity,"
                        " status, opened_on, closed_on, tablet_id)"
                        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)", &error);
  g_assert_no_error (error);
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_text (stmt, 2, folio, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, folio, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, k->modality ? k->modality : "comunitario", -1, SQLITE_STATIC);
  if (k->latitude != 0)
    {
      sqlite3_bind_double (stmt, 5, k->latitude);
      sqlite3_bind_double (stmt, 6, k->longitude);
    }
  if (k->capacity > 0)
    sqlite3_bind_int64 (stmt, 7, k->capacity);
  sqlite3_bind_text (stmt, 8, k->status ? k->status : "active", -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 9, k->opened_on ? k->opened_on : "2015-01-01", -1, SQLITE_STATIC);
  if (k->closed_on != NULL)
    sqlite3_bind_text (stmt, 10, k->closed_on, -1, SQLITE_STATIC);
  if (g_strcmp0 (k->tablet_id, "") != 0)
    sqlite3_bind_text (stmt, 11, k->tablet_id ? k->tablet_id : tablet, -1, SQLITE_TRANSIENT);
  g_assert_true (cm_db_step_done (db, stmt, &error));
  g_assert_no_error (error);
}

typedef struct
{
  gint64      paid;          /* -1: 100 */
  gint64      free_rations;
  gint64      fee_cents;     /* -1: paid × the fee of the day */
  double      latitude;      /* 0: the kitchen's own point, NAN: none */
  double      longitude;
  const char *device;        /* NULL: tab-<kitchen>; "": none */
  const char *submitted_at;  /* NULL: 17:00 that day, Mexico City */
  const char *folio;         /* reports of no kitchen */
} Report;

static gint64 next_report = 1;

/* A report of @canteen_id (0: of no kitchen) for @date; returns its id. */
static gint64
add_report (CmDb         *db,
            gint64        canteen_id,
            const char   *date,
            const Report *r)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *instance = g_strdup_printf ("uuid:test-%" G_GINT64_FORMAT, next_report);
  g_autofree char *device = g_strdup_printf ("tab-%" G_GINT64_FORMAT, canteen_id);
  g_autofree char *folio = g_strdup_printf ("CC%03" G_GINT64_FORMAT, canteen_id);
  g_autofree char *submitted = NULL;
  Report defaults = { -1, 0, -1, 0, 0, NULL, NULL, NULL };
  sqlite3_stmt *stmt;
  gint64 paid, fee;

  if (r == NULL)
    r = &defaults;
  paid = r->paid >= 0 ? r->paid : 100;
  fee = r->fee_cents >= 0 ? r->fee_cents : paid * (strcmp (date, "2020-01-01") < 0 ? 1000 : 1100);
  /* 17:00 in Mexico City is 23:00 UTC (22:00 under the summer time before 2023). */
  submitted = r->submitted_at ? g_strdup (r->submitted_at) : g_strdup_printf ("%sT22:30:00.000Z", date);

  stmt = cm_db_prepare (db,
                        "INSERT INTO report (id, instance_id, canteen_id, folio_sent, report_date,"
                        " rations_paid, rations_free, fee_cents, latitude, longitude, device_id,"
                        " submitted_at, raw)"
                        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8,"
                        "  CASE WHEN ?9 IS NULL THEN (SELECT latitude FROM canteen WHERE id = ?3) ELSE ?9 END,"
                        "  CASE WHEN ?10 IS NULL THEN (SELECT longitude FROM canteen WHERE id = ?3) ELSE ?10 END,"
                        "  ?11, ?12, '{}')",
                        &error);
  g_assert_no_error (error);
  sqlite3_bind_int64 (stmt, 1, next_report);
  sqlite3_bind_text (stmt, 2, instance, -1, SQLITE_TRANSIENT);
  if (canteen_id > 0)
    sqlite3_bind_int64 (stmt, 3, canteen_id);
  sqlite3_bind_text (stmt, 4, r->folio ? r->folio : folio, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, date, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 6, paid);
  sqlite3_bind_int64 (stmt, 7, r->free_rations);
  sqlite3_bind_int64 (stmt, 8, fee);
  if (r->latitude != 0 && !isnan (r->latitude))
    {
      sqlite3_bind_double (stmt, 9, r->latitude);
      sqlite3_bind_double (stmt, 10, r->longitude);
    }
  if (g_strcmp0 (r->device, "") != 0)
    sqlite3_bind_text (stmt, 11, r->device ? r->device : device, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 12, submitted, -1, SQLITE_TRANSIENT);
  g_assert_true (cm_db_step_done (db, stmt, &error));
  g_assert_no_error (error);

  /* "no point at all": NULL wherever the kitchen's was */
  if (r->latitude != 0 && isnan (r->latitude))
    {
      g_autofree char *sql = g_strdup_printf ("UPDATE report SET latitude = NULL, longitude = NULL"
                                              " WHERE id = %" G_GINT64_FORMAT, next_report);
      exec (db, sql);
    }

  return next_report++;
}

/* A report for every operating day of @month from @from_day to @to_day. */
static void
add_month (CmDb       *db,
           gint64      canteen_id,
           const char *month,
           guint       from_day,
           guint       to_day,
           const char *skip)   /* comma-separated days to leave out, or NULL */
{
  GDate first, last;
  g_auto(GStrv) skipped = g_strsplit (skip ? skip : "", ",", -1);

  g_assert_true (cm_checks_parse_period (month, &first, &last));
  for (guint d = from_day; d <= MIN (to_day, g_date_get_day (&last)); d++)
    {
      g_autofree char *date = g_strdup_printf ("%s-%02u", month, d);
      g_autofree char *day = g_strdup_printf ("%u", d);
      GDate when;

      g_date_clear (&when, 1);
      g_date_set_dmy (&when, d, g_date_get_month (&first), g_date_get_year (&first));
      if (!cm_workdays_is_operating_day (&when) || g_strv_contains ((const char * const *) skipped, day))
        continue;
      add_report (db, canteen_id, date, NULL);
    }
}

static void
update (CmDb          *db,
        CmChecksStats *stats)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (cm_checks_update_with_stats (db, NULL, stats, NULL, &error));
  g_assert_no_error (error);
}

typedef struct
{
  CmCheckOutcome outcome;
  gint64         failures;
  JsonNode      *evidence;
} Got;

static void
got_clear (Got *got)
{
  g_clear_pointer (&got->evidence, json_node_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Got, got_clear)

/* The stored result of @code for @canteen_id (0: no kitchen) in @period;
 * FALSE when there is none. */
static gboolean
result (CmDb       *db,
        gint64      canteen_id,
        const char *period,
        const char *code,
        Got        *got)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) results = cm_check_result_load (db, canteen_id, period, period, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < results->len; i++)
    {
      CmCheckResult *r = g_ptr_array_index (results, i);

      if (g_strcmp0 (cm_check_result_get_rule_code (r), code) != 0)
        continue;
      got->outcome = cm_check_result_get_outcome (r);
      got->failures = cm_check_result_get_failures (r);
      got->evidence = json_from_string (cm_check_result_get_evidence (r), &error);
      g_assert_no_error (error);
      g_assert_true (JSON_NODE_HOLDS_OBJECT (got->evidence));
      /* every result can be said in words */
      g_free (cm_check_result_describe (r));
      return TRUE;
    }

  return FALSE;
}

static void
assert_result (CmDb           *db,
               gint64          canteen_id,
               const char     *period,
               const char     *code,
               CmCheckOutcome  outcome,
               gint64          failures)
{
  g_auto(Got) got = { 0 };

  if (!result (db, canteen_id, period, code, &got))
    g_error ("no %s result for kitchen %" G_GINT64_FORMAT " in %s", code, canteen_id, period);
  if (got.outcome != outcome || got.failures != failures)
    g_error ("%s of kitchen %" G_GINT64_FORMAT " in %s: %s with %" G_GINT64_FORMAT " failures, "
             "expected %s with %" G_GINT64_FORMAT "; evidence %s",
             code, canteen_id, period, cm_check_outcome_to_string (got.outcome), got.failures,
             cm_check_outcome_to_string (outcome), failures, json_to_string (got.evidence, FALSE));
}

static JsonArray *
evidence_array (Got        *got,
                const char *member)
{
  JsonObject *object = json_node_get_object (got->evidence);

  g_assert_true (json_object_has_member (object, member));
  return json_object_get_array_member (object, member);
}

/* The strings of @member, or its items' @field, joined by commas. */
static char *
evidence_list (Got        *got,
               const char *member,
               const char *field)
{
  JsonArray *array = evidence_array (got, member);
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *item = json_array_get_element (array, i);

      if (out->len > 0)
        g_string_append_c (out, ',');
      if (field == NULL)
        g_string_append (out, json_node_get_string (item));
      else
        {
          JsonNode *value = json_object_get_member (json_node_get_object (item), field);

          if (json_node_get_value_type (value) == G_TYPE_STRING)
            g_string_append (out, json_node_get_string (value));
          else
            g_string_append_printf (out, "%" G_GINT64_FORMAT, json_node_get_int (value));
        }
    }

  return g_string_free (out, FALSE);
}

/* The operating days @canteen_id had to report in its months from @first
 * to @last (-1: every kitchen), as a verdict's reader counts them. */
static guint
due_days_of (CmDb       *db,
             gint64      canteen_id,
             const char *first,
             const char *last)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) verdicts = cm_check_verdict_load (db, canteen_id, first, last, &error);
  guint due = 0;

  g_assert_no_error (error);
  for (guint i = 0; i < verdicts->len; i++)
    due += ((CmCheckVerdict *) g_ptr_array_index (verdicts, i))->due_days;
  return due;
}

static char *
verdict_of (CmDb       *db,
            gint64      canteen_id,
            const char *period)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) verdicts = cm_check_verdict_load (db, canteen_id, period, period, &error);

  g_assert_no_error (error);
  if (verdicts->len == 0)
    return NULL;
  g_assert_cmpuint (verdicts->len, ==, 1);
  return g_strdup (cm_verdict_to_string (((CmCheckVerdict *) g_ptr_array_index (verdicts, 0))->verdict));
}

/* The days a kitchen must report: weekdays minus holidays, inside the days
 * it was open and the span the reports cover. */
static void
test_daily_report (void)
{
  g_autoptr(CmDb) db = open_new_db ("daily.db");
  g_auto(Got) got = { 0 };
  g_autofree char *missing = NULL;
  g_autofree char *holidays = NULL;
  g_autofree char *verdict = NULL;
  Kitchen k = { 0 };

  /* March 2021: 23 weekdays, the third Monday (the 15th) a holiday. */
  add_kitchen (db, 1, &k);                                /* misses the 4th and the 10th */
  add_month (db, 1, "2021-03", 1, 31, "4,10");
  add_kitchen (db, 2, &k);                                /* misses nothing */
  add_month (db, 2, "2021-03", 1, 31, NULL);
  k.opened_on = "2021-03-22";
  add_kitchen (db, 3, &k);                                /* opened on the 22nd */
  add_month (db, 3, "2021-03", 22, 31, NULL);
  k.opened_on = NULL;
  add_kitchen (db, 4, &k);                                /* suspended from the 16th, on record */
  add_month (db, 4, "2021-03", 1, 12, NULL);
  exec (db, "INSERT INTO status_change (canteen_id, old_status, new_status, effective_on, decided_by,"
            " reason, recorded_at) VALUES (4, 'active', 'suspended', '2021-03-16', 'Supervisora',"
            " 'Prueba', '2021-03-16T12:00:00Z')");
  k.status = "closed";
  k.closed_on = "2021-03-12";
  add_kitchen (db, 5, &k);                                /* closed on the 12th */
  add_month (db, 5, "2021-03", 1, 11, NULL);
  k.status = "suspended";
  k.closed_on = NULL;
  add_kitchen (db, 6, &k);                                /* suspended with no date: its last report */
  add_month (db, 6, "2021-03", 1, 5, NULL);
  k.status = NULL;
  add_kitchen (db, 7, &k);                                /* a report on a holiday and a Saturday */
  add_month (db, 7, "2021-03", 1, 31, NULL);
  add_report (db, 7, "2021-03-15", NULL);
  add_report (db, 7, "2021-03-06", NULL);

  update (db, NULL);

  assert_result (db, 1, "2021-03", "INF-01", CM_CHECK_OUTCOME_FAIL, 2);
  g_assert_true (result (db, 1, "2021-03", "INF-01", &got));
  missing = evidence_list (&got, "missing", NULL);
  g_assert_cmpstr (missing, ==, "2021-03-04,2021-03-10");
  holidays = evidence_list (&got, "holidays", NULL);
  g_assert_cmpstr (holidays, ==, "2021-03-15");
  g_assert_cmpuint (due_days_of (db, 1, "2021-03", "2021-03"), ==, 22);
  got_clear (&got);

  assert_result (db, 2, "2021-03", "INF-01", CM_CHECK_OUTCOME_PASS, 0);
  assert_result (db, 3, "2021-03", "INF-01", CM_CHECK_OUTCOME_PASS, 0);
  /* Suspended from the 16th: the 13th and 14th are a weekend, the 15th a holiday. */
  assert_result (db, 4, "2021-03", "INF-01", CM_CHECK_OUTCOME_PASS, 0);
  assert_result (db, 5, "2021-03", "INF-01", CM_CHECK_OUTCOME_PASS, 0);
  assert_result (db, 6, "2021-03", "INF-01", CM_CHECK_OUTCOME_PASS, 0);

  /* Reports on days it does not operate, with why. */
  assert_result (db, 7, "2021-03", "INF-04", CM_CHECK_OUTCOME_FAIL, 2);
  g_assert_true (result (db, 7, "2021-03", "INF-04", &got));
  missing = (g_free (missing), evidence_list (&got, "off_days", "reason"));
  g_assert_cmpstr (missing, ==, "weekend,holiday");
  got_clear (&got);
  assert_result (db, 2, "2021-03", "INF-04", CM_CHECK_OUTCOME_PASS, 0);

  /* Observations and warnings only: cumple con observaciones. */
  verdict = verdict_of (db, 1, "2021-03");
  g_assert_cmpstr (verdict, ==, "cumple_con_observaciones");
  g_free (verdict);
  verdict = verdict_of (db, 2, "2021-03");
  g_assert_cmpstr (verdict, ==, "cumple");
  g_assert_cmpint (due_days_of (db, 2, "2021-03", "2021-03"), ==, 22);
  g_assert_cmpint (due_days_of (db, 3, "2021-03", "2021-03"), ==, 8);
  g_assert_cmpint (due_days_of (db, 5, "2021-03", "2021-03"), ==, 9);
  g_assert_cmpint (due_days_of (db, 4, "2021-03", "2021-03"), ==, 10);
  g_assert_cmpint (due_days_of (db, 6, "2021-03", "2021-03"), ==, 5);
}

/* The fee in force on the day: 10 pesos until 2019, 11 from 2020;
 * públicos charge nothing; charging more is graver than a mismatch. */
static void
test_fee (void)
{
  g_autoptr(CmDb) db = open_new_db ("fee.db");
  g_auto(Got) got = { 0 };
  g_autofree char *verdict = NULL;
  Kitchen k = { 0 };
  Kitchen publico = { .modality = "publico" };
  Report r = { -1, 0, -1, 0, 0, NULL, NULL, NULL };

  add_kitchen (db, 1, &k);
  add_kitchen (db, 2, &publico);
  add_kitchen (db, 3, &publico);
  add_kitchen (db, 4, &k);
  add_kitchen (db, 5, &k);

  r.paid = 80;
  r.fee_cents = 80 * 1000;
  add_report (db, 1, "2019-12-02", &r);            /* 10 pesos in 2019: right */
  add_report (db, 1, "2020-01-06", &r);            /* 10 pesos in 2020: short */
  r.paid = 0;
  r.free_rations = 120;
  r.fee_cents = 0;
  add_report (db, 2, "2020-01-06", &r);            /* free: right */
  r.fee_cents = 30 * 1000;
  add_report (db, 3, "2020-01-06", &r);            /* a público that charged */
  r.paid = 90;
  r.free_rations = 0;
  r.fee_cents = 90 * 1500;
  add_report (db, 4, "2020-01-06", &r);            /* more than the fee */
  add_report (db, 4, "2021-06-01", &r);
  r.fee_cents = 90 * 1100;
  add_report (db, 5, "2021-06-01", &r);            /* right */

  update (db, NULL);

  assert_result (db, 1, "2019-12", "CUO-01", CM_CHECK_OUTCOME_PASS, 0);
  assert_result (db, 1, "2020-01", "CUO-01", CM_CHECK_OUTCOME_FAIL, 1);
  assert_result (db, 1, "2020-01", "CUO-02", CM_CHECK_OUTCOME_PASS, 0);
  g_assert_true (result (db, 1, "2020-01", "CUO-01", &got));
  {
    JsonObject *item = json_array_get_object_element (evidence_array (&got, "mismatches"), 0);

    g_assert_cmpint (json_object_get_int_member (item, "expected_cents"), ==, 80 * 1100);
    g_assert_cmpint (json_object_get_int_member (item, "got_cents"), ==, 80 * 1000);
    g_assert_cmpint (json_object_get_int_member (item, "rations_paid"), ==, 80);
    g_autofree char *instance = g_strdup_printf ("uuid:test-%" G_GINT64_FORMAT,
                                                 json_object_get_int_member (item, "report_id"));

    g_assert_cmpstr (json_object_get_string_member (item, "instance_id"), ==, instance);
    g_assert_cmpstr (json_object_get_string_member (item, "date"), ==, "2020-01-06");
  }
  got_clear (&got);

  assert_result (db, 2, "2020-01", "CUO-01", CM_CHECK_OUTCOME_PASS, 0);
  assert_result (db, 3, "2020-01", "CUO-01", CM_CHECK_OUTCOME_FAIL, 1);
  assert_result (db, 3, "2020-01", "CUO-02", CM_CHECK_OUTCOME_FAIL, 1);
  assert_result (db, 4, "2020-01", "CUO-02", CM_CHECK_OUTCOME_FAIL, 1);
  assert_result (db, 4, "2021-06", "CUO-02", CM_CHECK_OUTCOME_FAIL, 1);
  assert_result (db, 5, "2021-06", "CUO-01", CM_CHECK_OUTCOME_PASS, 0);
  assert_result (db, 5, "2021-06", "CUO-02", CM_CHECK_OUTCOME_PASS, 0);

  /* A cause for suspension (2020) or closure (since April 2021): no cumple. */
  verdict = verdict_of (db, 4, "2020-01");
  g_assert_cmpstr (verdict, ==, "no_cumple");
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM check_verdict WHERE canteen_id = 4"
                                  " AND period = '2020-01' AND worst_severity = 'suspension'"), ==, 1);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM check_verdict WHERE canteen_id = 4"
                                  " AND period = '2021-06' AND worst_severity = 'closure'"), ==, 1);
  g_free (verdict);
  verdict = verdict_of (db, 1, "2020-01");
  g_assert_cmpstr (verdict, ==, "cumple_con_observaciones");

  /* The list's compliance column: the latest month evaluated. */
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM check_latest WHERE canteen_id = 4"
                                  " AND period = '2021-06' AND verdict = 'no_cumple'"), ==, 1);
}

static void
test_rations (void)
{
  g_autoptr(CmDb) db = open_new_db ("rations.db");
  Kitchen k = { .capacity = 100 };
  Kitchen unknown = { 0 };
  Report r = { -1, 0, -1, 0, 0, NULL, NULL, NULL };

  add_kitchen (db, 1, &k);
  add_kitchen (db, 2, &k);
  add_kitchen (db, 3, &k);
  add_kitchen (db, 4, &unknown);

  r.paid = 95;
  r.free_rations = 5;
  add_report (db, 1, "2021-06-01", &r);           /* exactly the capacity */
  r.free_rations = 6;
  add_report (db, 2, "2021-06-01", &r);           /* one over */
  r.paid = 40;
  r.free_rations = 9;
  add_report (db, 3, "2021-06-01", &r);           /* under half */
  add_report (db, 4, "2021-06-01", &r);

  update (db, NULL);

  assert_result (db, 1, "2021-06", "RAC-01", CM_CHECK_OUTCOME_PASS, 0);
  assert_result (db, 1, "2021-06", "RAC-02", CM_CHECK_OUTCOME_PASS, 0);
  assert_result (db, 2, "2021-06", "RAC-01", CM_CHECK_OUTCOME_FAIL, 1);
  assert_result (db, 3, "2021-06", "RAC-01", CM_CHECK_OUTCOME_PASS, 0);
  assert_result (db, 3, "2021-06", "RAC-02", CM_CHECK_OUTCOME_FAIL, 1);
  assert_result (db, 4, "2021-06", "RAC-01", CM_CHECK_OUTCOME_NOT_APPLICABLE, 0);
  assert_result (db, 4, "2021-06", "RAC-02", CM_CHECK_OUTCOME_NOT_APPLICABLE, 0);
}

static void
test_receipts (void)
{
  g_autoptr(CmDb) db = open_new_db ("receipts.db");
  g_auto(Got) got = { 0 };
  g_autofree char *positions = NULL;
  Kitchen k = { 0 };
  gint64 id;
  g_autofree char *sql = NULL;

  add_kitchen (db, 1, &k);
  add_kitchen (db, 2, &k);
  id = add_report (db, 1, "2021-06-01", NULL);
  sql = g_strdup_printf ("INSERT INTO purchase (report_id, position, concept, amount_cents, receipt_photo)"
                         " VALUES (%1$" G_GINT64_FORMAT ", 0, 'Verdura', 50000, 'a.jpg'),"
                         " (%1$" G_GINT64_FORMAT ", 1, 'Pollo', 80000, NULL),"
                         " (%1$" G_GINT64_FORMAT ", 2, 'Gas LP', 40000, '')", id);
  exec (db, sql);
  g_free (sql);
  id = add_report (db, 2, "2021-06-01", NULL);
  sql = g_strdup_printf ("INSERT INTO purchase (report_id, position, concept, amount_cents, receipt_photo)"
                         " VALUES (%" G_GINT64_FORMAT ", 0, 'Verdura', 50000, 'b.jpg')", id);
  exec (db, sql);

  update (db, NULL);

  assert_result (db, 1, "2021-06", "GAS-01", CM_CHECK_OUTCOME_FAIL, 2);
  assert_result (db, 2, "2021-06", "GAS-01", CM_CHECK_OUTCOME_PASS, 0);
  g_assert_true (result (db, 1, "2021-06", "GAS-01", &got));
  {
    JsonObject *item = json_array_get_object_element (evidence_array (&got, "without_receipt"), 0);
    JsonArray *list = json_object_get_array_member (item, "positions");

    g_assert_cmpuint (json_array_get_length (list), ==, 2);
    g_assert_cmpint (json_array_get_int_element (list, 0), ==, 1);
    g_assert_cmpint (json_array_get_int_element (list, 1), ==, 2);
  }
}

static void
test_gps (void)
{
  g_autoptr(CmDb) db = open_new_db ("gps.db");
  g_auto(Got) got = { 0 };
  Kitchen k = { .latitude = 19.40, .longitude = -99.10 };
  Kitchen nowhere = { 0 };
  Report r = { -1, 0, -1, 0, 0, NULL, NULL, NULL };

  add_kitchen (db, 1, &k);
  add_kitchen (db, 2, &nowhere);

  /* A thousandth of a degree of latitude is about 111 m. */
  r.latitude = 19.4009;
  r.longitude = -99.10;
  add_report (db, 1, "2021-06-01", &r);           /* 100 m */
  r.latitude = 19.4027;
  add_report (db, 1, "2021-06-02", &r);           /* 300 m */
  r.latitude = NAN;
  add_report (db, 1, "2021-06-03", &r);           /* no point */
  r.latitude = 19.4027;
  add_report (db, 2, "2021-06-01", &r);

  update (db, NULL);

  assert_result (db, 1, "2021-06", "UBI-01", CM_CHECK_OUTCOME_FAIL, 1);
  g_assert_true (result (db, 1, "2021-06", "UBI-01", &got));
  {
    JsonObject *item = json_array_get_object_element (evidence_array (&got, "far"), 0);
    gint64 distance = json_object_get_int_member (item, "distance_m");

    g_assert_cmpint (distance, >=, 295);
    g_assert_cmpint (distance, <=, 305);
    g_assert_cmpstr (json_object_get_string_member (item, "date"), ==, "2021-06-02");
    g_assert_cmpint (json_object_get_int_member (json_node_get_object (got.evidence), "without_point"), ==, 1);
  }
  assert_result (db, 2, "2021-06", "UBI-01", CM_CHECK_OUTCOME_NOT_APPLICABLE, 0);
}

/* Mexico City's day, with the summer time it had until October 2022. */
static void
test_same_day (void)
{
  g_autoptr(CmDb) db = open_new_db ("same-day.db");
  g_auto(Got) got = { 0 };
  g_autofree char *problems = NULL;
  Kitchen k = { 0 };
  Report r = { -1, 0, -1, 0, 0, NULL, NULL, NULL };

  add_kitchen (db, 1, &k);

  r.submitted_at = "2021-06-02T04:30:00.000Z";    /* 23:30 of the 1st (UTC−5) */
  add_report (db, 1, "2021-06-01", &r);
  r.submitted_at = "2021-06-03T05:30:00.000Z";    /* 00:30 of the 3rd */
  add_report (db, 1, "2021-06-02", &r);
  r.submitted_at = "2021-06-02T20:00:00.000Z";    /* the day before */
  add_report (db, 1, "2021-06-03", &r);
  r.submitted_at = "2021-06-04T20:00:00+00:00";   /* another way of writing UTC */
  add_report (db, 1, "2021-06-04", &r);
  r.submitted_at = "2021-01-16T05:30:00.000Z";    /* 23:30 of the 15th (UTC−6) */
  add_report (db, 1, "2021-01-15", &r);

  update (db, NULL);

  assert_result (db, 1, "2021-06", "INF-02", CM_CHECK_OUTCOME_FAIL, 2);
  g_assert_true (result (db, 1, "2021-06", "INF-02", &got));
  problems = evidence_list (&got, "late", "problem");
  g_assert_cmpstr (problems, ==, "late,before");
  g_free (problems);
  problems = evidence_list (&got, "late", "local_date");
  g_assert_cmpstr (problems, ==, "2021-06-03,2021-06-02");
  assert_result (db, 1, "2021-01", "INF-02", CM_CHECK_OUTCOME_PASS, 0);
}

static void
test_device (void)
{
  g_autoptr(CmDb) db = open_new_db ("device.db");
  g_auto(Got) got = { 0 };
  g_autofree char *devices = NULL;
  Kitchen k = { 0 };
  Kitchen untracked = { .tablet_id = "" };
  Report r = { -1, 0, -1, 0, 0, NULL, NULL, NULL };

  add_kitchen (db, 1, &k);
  add_kitchen (db, 2, &untracked);
  add_report (db, 1, "2021-06-01", NULL);
  r.device = "tab-999";
  add_report (db, 1, "2021-06-02", &r);
  r.device = "";
  add_report (db, 1, "2021-06-03", &r);
  add_report (db, 2, "2021-06-01", &r);

  update (db, NULL);

  assert_result (db, 1, "2021-06", "DIS-01", CM_CHECK_OUTCOME_FAIL, 2);
  g_assert_true (result (db, 1, "2021-06", "DIS-01", &got));
  devices = evidence_list (&got, "other", "date");
  g_assert_cmpstr (devices, ==, "2021-06-02,2021-06-03");
  assert_result (db, 2, "2021-06", "DIS-01", CM_CHECK_OUTCOME_NOT_APPLICABLE, 0);
}

static void
test_duplicates_and_unknown (void)
{
  g_autoptr(CmDb) db = open_new_db ("duplicates.db");
  g_auto(Got) got = { 0 };
  g_autofree char *folios = NULL;
  Kitchen k = { 0 };
  Report r = { -1, 0, -1, 0, 0, NULL, NULL, "CC999" };

  add_kitchen (db, 1, &k);
  add_kitchen (db, 2, &k);
  add_report (db, 1, "2021-06-01", NULL);
  add_report (db, 1, "2021-06-01", NULL);
  add_report (db, 1, "2021-06-02", NULL);
  add_report (db, 1, "2021-06-02", NULL);
  add_report (db, 1, "2021-06-02", NULL);
  add_report (db, 2, "2021-06-01", NULL);
  add_report (db, 0, "2021-06-03", &r);

  update (db, NULL);

  assert_result (db, 1, "2021-06", "INF-03", CM_CHECK_OUTCOME_FAIL, 3);
  g_assert_true (result (db, 1, "2021-06", "INF-03", &got));
  g_assert_cmpuint (json_array_get_length (evidence_array (&got, "days")), ==, 2);
  got_clear (&got);
  assert_result (db, 2, "2021-06", "INF-03", CM_CHECK_OUTCOME_PASS, 0);

  /* Reports of no kitchen: one programme-wide result, kitchen 0. */
  assert_result (db, 0, "2021-06", "INF-05", CM_CHECK_OUTCOME_FAIL, 1);
  g_assert_true (result (db, 0, "2021-06", "INF-05", &got));
  folios = evidence_list (&got, "unknown", "folio_sent");
  g_assert_cmpstr (folios, ==, "CC999");
  got_clear (&got);
  g_assert_false (result (db, 1, "2021-06", "INF-05", &got));
  g_assert_false (result (db, 0, "2021-06", "INF-01", &got));
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM check_result WHERE canteen_id IS NULL"), ==, 1);
}

static void
test_committee (void)
{
  g_autoptr(CmDb) db = open_new_db ("committee.db");
  g_auto(Got) got = { 0 };
  g_autofree char *names = NULL;
  Kitchen k = { 0 };

  add_kitchen (db, 1, &k);
  add_kitchen (db, 2, &k);
  exec (db, "INSERT INTO committee_member (canteen_id, name, role, since, until, holds_office) VALUES"
            " (1, 'Ana Pérez', 'responsable', '2020-01-01', NULL, 1),"
            " (1, 'Rosa Díaz', 'vocal', '2020-01-01', NULL, 0),"
            " (2, 'Juan Cruz', 'tesoreria', '2020-01-01', '2021-05-31', 1)");
  add_report (db, 1, "2021-02-01", NULL);
  add_report (db, 1, "2021-06-01", NULL);
  add_report (db, 2, "2021-06-01", NULL);

  update (db, NULL);

  assert_result (db, 1, "2021-06", "COM-01", CM_CHECK_OUTCOME_FAIL, 1);
  g_assert_true (result (db, 1, "2021-06", "COM-01", &got));
  names = evidence_list (&got, "members", "name");
  g_assert_cmpstr (names, ==, "Ana Pérez");
  got_clear (&got);
  /* Not in force before the April 2021 reform: no result at all. */
  g_assert_false (result (db, 1, "2021-02", "COM-01", &got));
  assert_result (db, 1, "2021-02", "INF-01", CM_CHECK_OUTCOME_FAIL, 19);
  assert_result (db, 2, "2021-06", "COM-01", CM_CHECK_OUTCOME_PASS, 0);
}

/* A rule in force from the middle of a month counts only its days. */
static void
test_validity (void)
{
  g_autoptr(CmDb) db = open_new_db ("validity.db");
  g_autoptr(GError) error = NULL;
  g_autoptr(CmRulebook) rulebook = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_auto(Got) got = { 0 };
  g_autofree char *missing = NULL;
  Kitchen k = { 0 };
  static const char json[] =
    "{\"format\":1,\"edition\":\"Prueba de vigencia\",\"rules\":["
    "{\"code\":\"INF-01\",\"category\":\"Informes\",\"kind\":\"automatic\",\"check\":\"daily_report\","
    " \"title\":\"t\",\"description\":\"d\",\"severity\":\"warning\","
    " \"versions\":[{\"valid_from\":\"2021-06-16\"}]},"
    "{\"code\":\"CUO-01\",\"category\":\"Cuota\",\"kind\":\"automatic\",\"check\":\"fee_collected\","
    " \"title\":\"t\",\"description\":\"d\",\"severity\":\"warning\","
    " \"versions\":[{\"valid_until\":\"2021-06-09\",\"parameters\":{\"fee_pesos\":11}},"
    "              {\"valid_from\":\"2021-06-10\",\"parameters\":{\"fee_pesos\":12}}]}]}";

  add_kitchen (db, 1, &k);
  add_kitchen (db, 2, &k);
  add_report (db, 1, "2021-06-01", NULL);          /* 11 pesos: right on the 1st */
  add_month (db, 1, "2021-06", 16, 30, NULL);      /* 11 pesos: wrong from the 10th */
  add_month (db, 2, "2021-06", 16, 30, "21");

  bytes = g_bytes_new_static (json, sizeof json - 1);
  rulebook = cm_rulebook_new_from_bytes (bytes, &error);
  g_assert_no_error (error);
  g_assert_true (cm_rulebook_store (rulebook, db, NULL, &error));
  g_assert_no_error (error);

  update (db, NULL);

  assert_result (db, 1, "2021-06", "INF-01", CM_CHECK_OUTCOME_PASS, 0);
  assert_result (db, 2, "2021-06", "INF-01", CM_CHECK_OUTCOME_FAIL, 1);
  g_assert_true (result (db, 2, "2021-06", "INF-01", &got));
  missing = evidence_list (&got, "missing", NULL);
  g_assert_cmpstr (missing, ==, "2021-06-21");
  got_clear (&got);
  /* 11 reports from the 16th, each short of the new fee */
  assert_result (db, 1, "2021-06", "CUO-01", CM_CHECK_OUTCOME_FAIL, 11);
  g_assert_true (result (db, 1, "2021-06", "CUO-01", &got));
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (got.evidence), "fee_pesos"), ==, 12);
  got_clear (&got);
  /* only the rules of this rulebook */
  g_assert_false (result (db, 1, "2021-06", "INF-02", &got));
  g_assert_cmpint (query_int (db, "SELECT count(DISTINCT rule_code) FROM check_result"), ==, 2);
}

/* Every row of the results and verdicts but when and under which id they
 * were computed. */
static char *
dump_results (CmDb *db)
{
  g_autoptr(GError) error = NULL;
  GString *out = g_string_new (NULL);
  sqlite3_stmt *stmt;
  static const char * const queries[] = {
    "SELECT ifnull (canteen_id, 0), period, rule_code, outcome, failures, evidence FROM check_result"
    " ORDER BY 1, 2, 3",
    "SELECT canteen_id, period, verdict, failed_rules, ifnull (worst_severity, ''), open_days"
    " FROM check_verdict ORDER BY 1, 2",
    "SELECT canteen_id, period, verdict FROM check_latest ORDER BY 1",
  };

  for (guint q = 0; q < G_N_ELEMENTS (queries); q++)
    {
      stmt = cm_db_prepare (db, queries[q], &error);
      g_assert_no_error (error);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          for (int c = 0; c < sqlite3_column_count (stmt); c++)
            g_string_append_printf (out, "%s|", (const char *) sqlite3_column_text (stmt, c));
          g_string_append_c (out, '\n');
        }
      sqlite3_reset (stmt);
    }

  return g_string_free (out, FALSE);
}

/* Fails naming the first row where @got and @expected (dump_results ())
 * differ, rather than printing both dumps whole. */
static void
assert_same_results (const char *got,
                     const char *expected,
                     const char *when)
{
  g_auto(GStrv) a = g_strsplit (got, "\n", -1);
  g_auto(GStrv) b = g_strsplit (expected, "\n", -1);

  for (guint i = 0; a[i] != NULL || b[i] != NULL; i++)
    if (a[i] == NULL || b[i] == NULL || strcmp (a[i], b[i]) != 0)
      g_error ("%s, row %u: incremental %s, full evaluation %s", when, i,
               a[i] != NULL ? a[i] : "(none)", b[i] != NULL ? b[i] : "(none)");
}

static void
test_incremental (void)
{
  g_autoptr(CmDb) db = open_new_db ("incremental.db");
  g_auto(Got) got = { 0 };
  g_autofree char *incremental = NULL;
  g_autofree char *full = NULL;
  CmChecksStats stats;
  Kitchen k = { .capacity = 200 };

  for (gint64 id = 1; id <= 4; id++)
    {
      add_kitchen (db, id, &k);
      add_month (db, id, "2021-05", 1, 31, NULL);
      add_month (db, id, "2021-06", 1, 30, NULL);
    }

  update (db, &stats);
  g_assert_cmpuint (stats.full_periods, ==, 2);
  g_assert_cmpuint (stats.kitchen_periods, ==, 2 * 4 + 2);   /* and no kitchen's, each month */
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM check_dirty"), ==, 0);

  /* Nothing changed: nothing evaluated. */
  update (db, &stats);
  g_assert_cmpuint (stats.kitchen_periods, ==, 0);
  g_assert_cmpuint (stats.results, ==, 0);

  /* A report on a Saturday: that kitchen's month only. */
  add_report (db, 1, "2021-05-15", NULL);
  update (db, &stats);
  g_assert_cmpuint (stats.periods, ==, 1);
  g_assert_cmpuint (stats.full_periods, ==, 0);
  g_assert_cmpuint (stats.kitchen_periods, ==, 1);
  g_assert_cmpuint (stats.results, ==, 1);                     /* INF-04, and its verdict */
  assert_result (db, 1, "2021-05", "INF-04", CM_CHECK_OUTCOME_FAIL, 1);

  /* A kitchen added: every month, though it sent nothing. */
  add_kitchen (db, 5, &k);
  update (db, &stats);
  g_assert_cmpuint (stats.kitchen_periods, ==, 2);
  assert_result (db, 5, "2021-05", "INF-01", CM_CHECK_OUTCOME_FAIL, 21);
  assert_result (db, 5, "2021-06", "INF-01", CM_CHECK_OUTCOME_FAIL, 22);

  /* A kitchen's capacity and committee: its months. */
  exec (db, "UPDATE canteen SET capacity = 50 WHERE id = 2");
  update (db, &stats);
  g_assert_cmpuint (stats.kitchen_periods, ==, 2);
  assert_result (db, 2, "2021-06", "RAC-01", CM_CHECK_OUTCOME_FAIL, 22);
  exec (db, "INSERT INTO committee_member (canteen_id, name, role, since, holds_office)"
            " VALUES (3, 'Luis Ramos', 'vocal', '2021-06-10', 1)");
  update (db, &stats);
  g_assert_cmpuint (stats.kitchen_periods, ==, 2);
  assert_result (db, 3, "2021-05", "COM-01", CM_CHECK_OUTCOME_PASS, 0);
  assert_result (db, 3, "2021-06", "COM-01", CM_CHECK_OUTCOME_FAIL, 1);

  /* A report that turns out to be of no kitchen, and a month of reports gone. */
  exec (db, "UPDATE report SET canteen_id = NULL, folio_sent = 'CC404'"
            " WHERE canteen_id = 4 AND report_date = '2021-06-01'");
  exec (db, "DELETE FROM report WHERE canteen_id = 4 AND report_date BETWEEN '2021-06-02' AND '2021-06-30'");
  update (db, &stats);
  g_assert_cmpuint (stats.kitchen_periods, ==, 2);
  assert_result (db, 0, "2021-06", "INF-05", CM_CHECK_OUTCOME_FAIL, 1);
  assert_result (db, 4, "2021-06", "INF-01", CM_CHECK_OUTCOME_FAIL, 22);

  /* A suspension on record: the days after it are not due. */
  exec (db, "INSERT INTO status_change (canteen_id, old_status, new_status, effective_on, decided_by,"
            " reason, recorded_at) VALUES (4, 'active', 'suspended', '2021-06-07', 'Supervisora',"
            " 'Sin informes', '2021-06-07T12:00:00Z')");
  update (db, &stats);
  assert_result (db, 4, "2021-06", "INF-01", CM_CHECK_OUTCOME_FAIL, 4);   /* 1–4 June */

  /* The reports reach a new day: that month for every kitchen. */
  add_report (db, 1, "2021-07-01", NULL);
  update (db, &stats);
  g_assert_cmpuint (stats.full_periods, ==, 1);
  assert_result (db, 2, "2021-07", "INF-01", CM_CHECK_OUTCOME_FAIL, 1);

  /* And all of it is what a full evaluation finds. */
  incremental = dump_results (db);
  exec (db, "UPDATE check_state SET value = 'otro' WHERE key = 'rulebook_id'");
  update (db, &stats);
  g_assert_cmpuint (stats.full_periods, ==, 3);
  full = dump_results (db);
  g_assert_cmpstr (incremental, ==, full);
}

/* A sync a day, as the tablets send them: each day's update screens the new
 * reports and judges again only the kitchens they change, and after every
 * day the results are exactly those of a full evaluation. Some reports
 * arrive days late (for a day already due and missing), and some days an
 * old report is corrected, as a resubmission does. */
static void
test_day_by_day (void)
{
  g_autoptr(CmDb) db = open_new_db ("day-by-day.db");
  g_autoptr(GError) error = NULL;
  CmDemoOptions options;
  CmDemoSummary summary;
  CmChecksStats stats;
  guint screened = 0, partial_days = 0, late_days = 0;
  GDate day, end;

  cm_demo_options_init_default (&options);
  options.kitchens = 400;
  options.months = 2;
  g_date_set_dmy (&options.end, 30, G_DATE_JUNE, 2025);
  g_assert_true (cm_demo_generate (db, &options, &summary, NULL, &error));
  g_assert_no_error (error);

  /* The reports from 10 June on arrive later, each on its own day, one in
   * thirteen three days late. */
  exec (db, "CREATE TEMP TABLE held_arrival AS SELECT id, CASE WHEN id % 13 = 0"
            "  THEN date (report_date, '+3 days') ELSE report_date END AS arrives"
            " FROM report WHERE report_date >= '2025-06-10';"
            "CREATE TEMP TABLE held_report AS SELECT * FROM report"
            " WHERE id IN (SELECT id FROM temp.held_arrival);"
            "CREATE TEMP TABLE held_purchase AS SELECT * FROM purchase"
            " WHERE report_id IN (SELECT id FROM temp.held_arrival);"
            "DELETE FROM report WHERE id IN (SELECT id FROM temp.held_arrival);");
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM temp.held_arrival a JOIN temp.held_report r"
                                  " ON r.id = a.id WHERE a.arrives <> r.report_date"), >, 0);
  /* Kitchen 5's June reports so far carry no point, so its GPS check does
   * not apply yet; kitchen 7 is suspended with no date on record, so its
   * window follows its last report. */
  exec (db, "UPDATE report SET latitude = NULL, longitude = NULL"
            " WHERE canteen_id = 5 AND report_date BETWEEN '2025-06-01' AND '2025-06-09';"
            "UPDATE canteen SET status = 'suspended' WHERE id = 7;");
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM temp.held_report"
                                  " WHERE canteen_id IN (5, 7) AND latitude IS NOT NULL"), >, 0);
  update (db, NULL);

  g_date_clear (&day, 1);
  g_date_set_dmy (&day, 10, G_DATE_JUNE, 2025);
  g_date_clear (&end, 1);
  g_date_set_dmy (&end, 3, G_DATE_JULY, 2025);
  for (; g_date_compare (&day, &end) <= 0; g_date_add_days (&day, 1))
    {
      char date[11];
      g_autofree char *arrive = NULL;
      g_autofree char *incremental = NULL;
      g_autofree char *full = NULL;
      guint kitchens_judged;

      g_date_strftime (date, sizeof date, "%Y-%m-%d", &day);
      arrive = g_strdup_printf ("BEGIN;"
                                "INSERT INTO report SELECT * FROM temp.held_report WHERE id IN"
                                " (SELECT id FROM temp.held_arrival WHERE arrives = '%s');"
                                "INSERT INTO purchase SELECT * FROM temp.held_purchase WHERE report_id IN"
                                " (SELECT id FROM temp.held_arrival WHERE arrives = '%s');"
                                "COMMIT;", date, date);
      exec (db, arrive);
      /* A resubmission corrects an old report every fifth day. */
      if (g_date_get_day (&day) % 5 == 0)
        exec (db, "UPDATE report SET fee_cents = fee_cents + 100"
                  " WHERE id = (SELECT min (id) FROM report WHERE report_date >= '2025-06-01')");

      update (db, &stats);
      screened += stats.screened;
      kitchens_judged = stats.kitchen_periods;
      if (stats.screened > 0 && kitchens_judged < 400)
        partial_days++;
      if (query_int (db, "SELECT count(*) FROM check_new_report") != 0)
        g_error ("new reports left unjudged on %s", date);

      incremental = dump_results (db);
      exec (db, "UPDATE check_state SET value = 'otro' WHERE key = 'rulebook_id'");
      update (db, NULL);
      full = dump_results (db);
      assert_same_results (incremental, full, date);

      if (query_int (db, "SELECT count(*) FROM report WHERE submitted_at > report_date || 'T23:59:59Z'"
                         " AND report_date < '2025-07-01'") > 0)
        late_days++;
    }

  /* Fifty kitchens' capacity corrected, an eighth of them: their months are
   * read kitchen by kitchen rather than from the whole month's entries. */
  {
    g_autofree char *incremental = NULL;
    g_autofree char *full = NULL;

    exec (db, "UPDATE canteen SET capacity = capacity + 5 WHERE id BETWEEN 101 AND 150");
    update (db, &stats);
    g_assert_cmpuint (stats.kitchen_periods, ==,
                      query_int (db, "SELECT count(*) FROM check_verdict WHERE canteen_id BETWEEN 101 AND 150"));
    incremental = dump_results (db);
    exec (db, "UPDATE check_state SET value = 'otro' WHERE key = 'rulebook_id'");
    update (db, NULL);
    full = dump_results (db);
    assert_same_results (incremental, full, "after the capacities");
  }

  /* The screening did its work: most kitchens, most days, were not read again. */
  g_test_message ("screened %u kitchen-months; %u days judged only some kitchens", screened, partial_days);
  g_assert_cmpuint (screened, >, 0);
  g_assert_cmpuint (partial_days, >, 5);
  g_assert_cmpuint (late_days, >, 0);
}

/* A report dated by mistake years back moves nobody's due days. */
static void
test_stray_date (void)
{
  g_autoptr(CmDb) db = open_new_db ("stray.db");
  g_auto(Got) got = { 0 };
  g_autofree char *reasons = NULL;
  CmChecksStats stats;
  Kitchen k = { 0 };

  for (gint64 id = 1; id <= 20; id++)
    {
      add_kitchen (db, id, &k);
      add_month (db, id, "2021-06", 1, 30, NULL);
    }
  update (db, NULL);

  add_report (db, 1, "1999-03-03", NULL);
  update (db, &stats);
  g_assert_cmpuint (stats.full_periods, ==, 0);
  g_assert_cmpuint (stats.kitchen_periods, ==, 2);        /* kitchen 1 in March 1999, and no kitchen's */
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM check_state"
                                  " WHERE key = 'due_first' AND value = '2021-06-01'"), ==, 1);
  assert_result (db, 1, "1999-03", "INF-01", CM_CHECK_OUTCOME_NOT_APPLICABLE, 0);
  assert_result (db, 1, "1999-03", "INF-04", CM_CHECK_OUTCOME_FAIL, 1);
  g_assert_true (result (db, 1, "1999-03", "INF-04", &got));
  reasons = evidence_list (&got, "off_days", "reason");
  g_assert_cmpstr (reasons, ==, "not_yet_open");
}

/* Another rulebook in use: every result again, under it. */
static void
test_rulebook_change (void)
{
  g_autoptr(CmDb) db = open_new_db ("rulebook-change.db");
  g_autoptr(GError) error = NULL;
  g_autoptr(CmRulebook) rulebook = NULL;
  g_autoptr(GBytes) bytes = NULL;
  CmChecksStats stats;
  Kitchen k = { 0 };
  gint64 id;
  static const char json[] =
    "{\"format\":1,\"edition\":\"Solo informes\",\"rules\":["
    "{\"code\":\"INF-01\",\"category\":\"Informes\",\"kind\":\"automatic\",\"check\":\"daily_report\","
    " \"title\":\"t\",\"description\":\"d\",\"severity\":\"suspension\","
    " \"versions\":[{\"parameters\":{\"tolerated_missing_days\":2}}]}]}";

  add_kitchen (db, 1, &k);
  add_month (db, 1, "2021-06", 1, 30, "9,10");
  update (db, &stats);
  g_assert_cmpint (query_int (db, "SELECT count(DISTINCT rule_code) FROM check_result"), >, 10);
  assert_result (db, 1, "2021-06", "INF-01", CM_CHECK_OUTCOME_FAIL, 2);

  bytes = g_bytes_new_static (json, sizeof json - 1);
  rulebook = cm_rulebook_new_from_bytes (bytes, &error);
  g_assert_no_error (error);
  g_assert_true (cm_rulebook_store (rulebook, db, &id, &error));
  update (db, &stats);
  g_assert_cmpuint (stats.full_periods, ==, 1);

  g_assert_cmpint (query_int (db, "SELECT count(DISTINCT rule_code) FROM check_result"), ==, 1);
  g_assert_cmpint (query_int (db, "SELECT count(DISTINCT rulebook_id) FROM check_result"), ==, 1);
  g_assert_cmpint (query_int (db, "SELECT rulebook_id FROM check_result LIMIT 1"), ==, id);
  /* two missing days tolerated */
  assert_result (db, 1, "2021-06", "INF-01", CM_CHECK_OUTCOME_PASS, 2);
}

static void
test_cancel (void)
{
  g_autoptr(CmDb) db = open_new_db ("cancel.db");
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  Kitchen k = { 0 };

  add_kitchen (db, 1, &k);
  add_month (db, 1, "2021-06", 1, 30, NULL);

  g_cancellable_cancel (cancellable);
  g_assert_false (cm_checks_update (db, NULL, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM check_result"), ==, 0);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM check_dirty"), >, 0);

  g_clear_error (&error);
  g_assert_false (cm_checks_evaluate_period (db, NULL, "2021-13", NULL, NULL, &error));
  g_assert_error (error, CM_CHECKS_ERROR, CM_CHECKS_ERROR_INVALID_PERIOD);
}

/* A month asked for outside the reports: evaluated, nothing due. */
static void
test_period_outside (void)
{
  g_autoptr(CmDb) db = open_new_db ("outside.db");
  g_autoptr(GError) error = NULL;
  g_autofree char *verdict = NULL;
  Kitchen k = { 0 };

  add_kitchen (db, 1, &k);
  add_month (db, 1, "2021-06", 1, 30, NULL);
  update (db, NULL);

  g_assert_true (cm_checks_ensure_period (db, NULL, "2021-02", NULL, &error));
  g_assert_no_error (error);
  assert_result (db, 1, "2021-02", "INF-01", CM_CHECK_OUTCOME_NOT_APPLICABLE, 0);
  verdict = verdict_of (db, 1, "2021-02");
  g_assert_cmpstr (verdict, ==, "sin_evaluar");
  /* the list shows the latest month that was evaluated */
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM check_latest WHERE period = '2021-06'"), ==, 1);
}

/* The checks and the catalog the rulebook is validated against agree: the
 * shipped rulebook reaches every check (one without code would abort). */
static void
test_catalog (void)
{
  g_autoptr(CmDb) db = open_new_db ("catalog.db");
  guint n;
  Kitchen k = { 0 };

  add_kitchen (db, 1, &k);
  add_report (db, 1, "2024-06-03", NULL);
  update (db, NULL);

  cm_check_catalog_get_all (&n);
  g_assert_cmpint (query_int (db, "SELECT count(DISTINCT json_extract (evidence, '$.check'))"
                                  " FROM check_result"), ==, n);
}

/* The demo's planted anomalies, each kind counted exactly. */
static void
test_demo (void)
{
  g_autoptr(CmDb) db = open_new_db ("demo.db");
  g_autoptr(GError) error = NULL;
  CmDemoOptions options;
  CmDemoSummary s;
  gint64 overcharged;

  cm_demo_options_init_default (&options);
  options.kitchens = 150;
  options.months = 4;
  g_date_set_dmy (&options.end, 30, G_DATE_JUNE, 2025);
  g_assert_true (cm_demo_generate (db, &options, &s, NULL, &error));
  g_assert_no_error (error);

  update (db, NULL);

#define SUM(code) query_int (db, "SELECT sum (failures) FROM check_result WHERE rule_code = '" code "'")
  g_test_message ("missing %u fee %u capacity %u gps %u late %u device %u receipts %u duplicates %u"
                  " off-day %u unknown %u office %u",
                  s.missing_days, s.fee_mismatches, s.over_capacity, s.gps_far, s.late_submissions,
                  s.unregistered_devices, s.missing_receipts, s.duplicate_days, s.offday_reports,
                  s.unknown_folios, s.members_holding_office);

  /* Every kind is planted at least once, or this test proves nothing. */
  g_assert_cmpuint (s.missing_days, >, 0);
  g_assert_cmpuint (s.fee_mismatches, >, 0);
  g_assert_cmpuint (s.over_capacity, >, 0);
  g_assert_cmpuint (s.gps_far, >, 0);
  g_assert_cmpuint (s.late_submissions, >, 0);
  g_assert_cmpuint (s.unregistered_devices, >, 0);
  g_assert_cmpuint (s.missing_receipts, >, 0);
  g_assert_cmpuint (s.duplicate_days, >, 0);
  g_assert_cmpuint (s.offday_reports, >, 0);
  g_assert_cmpuint (s.unknown_folios, >, 0);
  g_assert_cmpuint (s.members_holding_office, >, 0);

  g_assert_cmpint (SUM ("INF-01"), ==, s.missing_days);
  g_assert_cmpint (due_days_of (db, -1, "0000-01", "9999-12"), ==, s.expected_days);
  g_assert_cmpint (SUM ("CUO-01"), ==, s.fee_mismatches);
  g_assert_cmpint (SUM ("RAC-01"), ==, s.over_capacity);
  g_assert_cmpint (SUM ("RAC-02"), ==, 0);
  g_assert_cmpint (SUM ("UBI-01"), ==, s.gps_far);
  g_assert_cmpint (SUM ("INF-02"), ==, s.late_submissions);
  g_assert_cmpint (SUM ("DIS-01"), ==, s.unregistered_devices);
  g_assert_cmpint (SUM ("GAS-01"), ==, s.missing_receipts);
  g_assert_cmpint (SUM ("INF-03"), ==, s.duplicate_days);
  g_assert_cmpint (SUM ("INF-04"), ==, s.offday_reports);
  g_assert_cmpint (SUM ("INF-05"), ==, s.unknown_folios);
  g_assert_cmpint (query_int (db, "SELECT count (DISTINCT json_extract (m.value, '$.member_id'))"
                                  " FROM check_result, json_each (evidence, '$.members') m"
                                  " WHERE rule_code = 'COM-01'"), ==, s.members_holding_office);

  /* Overcharging is the part of the mismatches above the fee. */
  overcharged = query_int (db, "SELECT count(*) FROM report r JOIN canteen c ON c.id = r.canteen_id"
                               " WHERE r.fee_cents > CASE WHEN c.modality = 'comunitario'"
                               "   THEN r.rations_paid * 1100 ELSE 0 END");
  g_assert_cmpint (overcharged, >, 0);
  g_assert_cmpint (SUM ("CUO-02"), ==, overcharged);

  /* Each failing report is named by its id in the evidence. */
  g_assert_cmpint (query_int (db, "SELECT count (DISTINCT json_extract (m.value, '$.report_id'))"
                                  " FROM check_result, json_each (evidence, '$.far') m"
                                  " WHERE rule_code = 'UBI-01'"), ==, s.gps_far);

  /* Every kitchen has a compliance in the list. */
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM check_latest"), ==, s.kitchens);
#undef SUM
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);

  tmp_dir = cm_test_make_tmp_dir ("checks");

  g_test_add_func ("/checks/daily-report", test_daily_report);
  g_test_add_func ("/checks/fee", test_fee);
  g_test_add_func ("/checks/rations", test_rations);
  g_test_add_func ("/checks/receipts", test_receipts);
  g_test_add_func ("/checks/gps", test_gps);
  g_test_add_func ("/checks/same-day", test_same_day);
  g_test_add_func ("/checks/device", test_device);
  g_test_add_func ("/checks/duplicates-and-unknown", test_duplicates_and_unknown);
  g_test_add_func ("/checks/committee", test_committee);
  g_test_add_func ("/checks/validity", test_validity);
  g_test_add_func ("/checks/incremental", test_incremental);
  g_test_add_func ("/checks/day-by-day", test_day_by_day);
  g_test_add_func ("/checks/stray-date", test_stray_date);
  g_test_add_func ("/checks/rulebook-change", test_rulebook_change);
  g_test_add_func ("/checks/cancel", test_cancel);
  g_test_add_func ("/checks/period-outside", test_period_outside);
  g_test_add_func ("/checks/catalog", test_catalog);
  g_test_add_func ("/checks/demo", test_demo);

  status = g_test_run ();

  cm_test_remove_tree (tmp_dir);
  g_free (tmp_dir);
  return status;
}
