/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <math.h>
#include <string.h>

#include "cm-canteen.h"
#include "cm-db.h"
#include "cm-summary.h"
#include "cm-text.h"
#include "cm-test-util.h"

/* A small world in February and March 2024, whose figures are counted by
 * hand below. The holidays of those months are written out here rather
 * than asked of cm-workdays: 5 February (first Monday) and 18 March (third
 * Monday). Operating days: February 20, March up to the 28th (the last day
 * reported) 19.
 *
 *   1 CC001 Iztapalapa  active, every day but 14 Feb, 5 and 20 Mar; a
 *                       Saturday report and a duplicate; one in January
 *   2 CC002 Iztapalapa  active, opened 11 Mar, reports 11–15 Mar and 8 Mar
 *   3 CC003 Tlalpan     suspended from 18 Mar by decision; reports every
 *                       February day and 1–8 Mar
 *   4 CC004 Coyoacán    closed on 6 Mar; reports 1–9 Feb
 *   5 CP005 (none)      active, never reported
 *   6 CC006 Tlalpan     closed with no date; reports every February day up
 *                       to the 28th but the 20th
 */

typedef struct
{
  char  *dir;
  CmDb  *db;
  guint  instance;
} Fixture;

static gboolean
is_operating (const GDate *date)
{
  GDateWeekday wd = g_date_get_weekday (date);
  guint d = g_date_get_day (date), m = g_date_get_month (date);

  if (wd == G_DATE_SATURDAY || wd == G_DATE_SUNDAY)
    return FALSE;
  return !((m == 2 && d == 5) || (m == 3 && d == 18));
}

static void
exec (CmDb       *db,
      const char *sql)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (cm_db_exec (db, sql, &error));
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

static void
add_report (Fixture    *f,
            gint64      canteen_id,
            const char *date,
            int         paid,
            int         free,
            int         fee_cents,
            int         spending_cents)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *instance = g_strdup_printf ("uuid:%u", ++f->instance);
  sqlite3_stmt *stmt = cm_db_prepare (f->db,
                                      "INSERT INTO report (instance_id, canteen_id, folio_sent, report_date,"
                                      " rations_paid, rations_free, fee_cents, spending_cents, raw)"
                                      " VALUES (?1, ?2, 'X', ?3, ?4, ?5, ?6, ?7, '{}')",
                                      &error);

  g_assert_no_error (error);
  sqlite3_bind_text (stmt, 1, instance, -1, SQLITE_TRANSIENT);
  if (canteen_id > 0)
    sqlite3_bind_int64 (stmt, 2, canteen_id);
  else
    sqlite3_bind_null (stmt, 2);
  sqlite3_bind_text (stmt, 3, date, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 4, paid);
  sqlite3_bind_int (stmt, 5, free);
  sqlite3_bind_int (stmt, 6, fee_cents);
  sqlite3_bind_int (stmt, 7, spending_cents);
  g_assert_true (cm_db_step_done (f->db, stmt, &error));
  g_assert_no_error (error);
}

/* Reports of @canteen_id on the operating days from @first to @last
 * (YYYY-MM-DD), save those listed in @skip. */
static void
add_daily (Fixture    *f,
           gint64      canteen_id,
           const char *first,
           const char *last,
           const char *skip[])
{
  GDate day, end;
  char buf[16];

  g_date_clear (&day, 1);
  g_date_clear (&end, 1);
  g_date_set_parse (&day, first);
  g_date_set_parse (&end, last);
  g_assert_true (g_date_valid (&day) && g_date_valid (&end));
  for (; g_date_compare (&day, &end) <= 0; g_date_add_days (&day, 1))
    {
      gboolean skipped = FALSE;

      g_date_strftime (buf, sizeof buf, "%Y-%m-%d", &day);
      for (guint i = 0; skip != NULL && skip[i] != NULL; i++)
        skipped |= g_str_equal (skip[i], buf);
      if (is_operating (&day) && !skipped)
        add_report (f, canteen_id, buf, 100 + (int) canteen_id, 7, 110000, 30000 + (int) canteen_id);
    }
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  gboolean empty = GPOINTER_TO_INT (data);
  const char *skip1[] = { "2024-02-14", "2024-03-05", "2024-03-20", NULL };
  const char *skip6[] = { "2024-02-20", NULL };

  f->dir = cm_test_make_tmp_dir ("test-summary");
  path = g_build_filename (f->dir, "summary.db", NULL);
  f->db = cm_db_open (path, &error);
  g_assert_no_error (error);
  if (empty)
    return;

  exec (f->db,
        "INSERT INTO canteen (id, folio, name, modality, alcaldia_code, status, opened_on, closed_on) VALUES"
        "  (1, 'CC001', 'Uno', 'comunitario', '09007', 'active', '2024-01-01', NULL),"
        "  (2, 'CC002', 'Dos', 'comunitario', '09007', 'active', '2024-03-11', NULL),"
        "  (3, 'CC003', 'Tres', 'comunitario', '09012', 'active', '2023-06-01', NULL),"
        "  (4, 'CC004', 'Cuatro', 'comunitario', '09003', 'closed', NULL, '2024-03-06'),"
        "  (5, 'CP005', 'Cinco', 'publico', NULL, 'active', NULL, NULL),"
        "  (6, 'CC006', 'Seis', 'comunitario', '09012', 'closed', NULL, NULL);"
        "INSERT INTO status_change (canteen_id, old_status, new_status, effective_on, decided_by,"
        "                           reason, recorded_at)"
        "  VALUES (3, 'active', 'suspended', '2024-03-18', 'Supervisora', 'Prueba', '2024-03-15T10:00:00Z');"
        "INSERT INTO rulebook (id, edition, sha256, body, loaded_at) VALUES (1, 'x', 'x', '{}', 'x');"
        "INSERT INTO check_verdict (canteen_id, period, verdict, rulebook_id, computed_at) VALUES"
        "  (1, '2024-02', 'no_cumple', 1, 'x'), (1, '2024-03', 'cumple', 1, 'x'),"
        "  (2, '2024-03', 'sin_evaluar', 1, 'x'),"
        "  (3, '2024-02', 'cumple_con_observaciones', 1, 'x'), (3, '2024-04', 'no_cumple', 1, 'x'),"
        "  (4, '2024-02', 'no_cumple', 1, 'x'),"
        "  (6, '2024-01', 'cumple', 1, 'x');");

  add_daily (f, 1, "2024-02-01", "2024-03-28", skip1);
  add_report (f, 1, "2024-02-10", 50, 0, 55000, 0);     /* a Saturday */
  add_report (f, 1, "2024-02-15", 100, 7, 110000, 0);   /* a duplicate */
  add_report (f, 1, "2024-01-31", 900, 90, 990000, 0);  /* before the period */
  add_daily (f, 2, "2024-03-11", "2024-03-15", NULL);
  add_report (f, 2, "2024-03-08", 10, 0, 11000, 0);     /* before it opened */
  add_daily (f, 3, "2024-02-01", "2024-03-08", NULL);
  add_daily (f, 4, "2024-02-01", "2024-02-09", NULL);
  add_daily (f, 6, "2024-02-01", "2024-02-28", skip6);
  add_report (f, 0, "2024-03-20", 999, 999, 999, 999);  /* of no kitchen */
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->db);
  cm_test_remove_tree (f->dir);
  g_free (f->dir);
}

static const CmSummaryAlcaldia *
alcaldia (CmSummary  *summary,
          const char *code)
{
  for (guint i = 0; i < summary->alcaldias->len; i++)
    {
      const CmSummaryAlcaldia *a = &g_array_index (summary->alcaldias, CmSummaryAlcaldia, i);

      if (g_str_equal (a->code, code))
        return a;
    }
  g_assert_not_reached ();
}

static const CmSummaryMonth *
month (CmSummary *summary,
       guint      i)
{
  g_assert_cmpuint (i, <, summary->months->len);
  return &g_array_index (summary->months, CmSummaryMonth, i);
}

static void
test_figures (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CmSummary) s = cm_summary_load (f->db, "2024-02", "2024-03", &error);
  const CmSummaryAlcaldia *iztapalapa, *tlalpan, *coyoacan, *none;

  g_assert_no_error (error);
  g_assert_nonnull (s);
  g_assert_cmpstr (s->first_month, ==, "2024-02");
  g_assert_cmpstr (s->last_month, ==, "2024-03");
  g_assert_cmpstr (s->data_first_month, ==, "2024-01");
  g_assert_cmpstr (s->data_last_month, ==, "2024-03");
  g_assert_cmpuint (s->months->len, ==, 2);
  g_assert_cmpstr (month (s, 0)->month, ==, "2024-02");
  g_assert_cmpstr (month (s, 1)->month, ==, "2024-03");

  /* Kitchens by status, against the table itself and by hand. */
  g_assert_cmpuint (s->kitchens, ==, query_int (f->db, "SELECT count(*) FROM canteen"));
  g_assert_cmpuint (s->by_status[CM_CANTEEN_STATUS_ACTIVE], ==,
                    query_int (f->db, "SELECT count(*) FROM canteen WHERE status = 'active'"));
  g_assert_cmpuint (s->by_status[CM_CANTEEN_STATUS_ACTIVE], ==, 3);
  g_assert_cmpuint (s->by_status[CM_CANTEEN_STATUS_SUSPENDED], ==, 1);
  g_assert_cmpuint (s->by_status[CM_CANTEEN_STATUS_CLOSED], ==, 2);

  iztapalapa = alcaldia (s, "09007");
  tlalpan = alcaldia (s, "09012");
  coyoacan = alcaldia (s, "09003");
  none = alcaldia (s, "");
  g_assert_null (none->name);
  g_assert_cmpstr (iztapalapa->name, ==, "Iztapalapa");
  g_assert_cmpuint (s->alcaldias->len, ==, 17);
  g_assert_cmpuint (iztapalapa->by_status[CM_CANTEEN_STATUS_ACTIVE], ==, 2);
  g_assert_cmpuint (tlalpan->by_status[CM_CANTEEN_STATUS_SUSPENDED], ==, 1);
  g_assert_cmpuint (tlalpan->by_status[CM_CANTEEN_STATUS_CLOSED], ==, 1);
  g_assert_cmpuint (coyoacan->by_status[CM_CANTEEN_STATUS_CLOSED], ==, 1);
  g_assert_cmpuint (none->by_status[CM_CANTEEN_STATUS_ACTIVE], ==, 1);
  g_assert_cmpuint (cm_summary_alcaldia_kitchens (tlalpan), ==,
                    query_int (f->db, "SELECT count(*) FROM canteen WHERE alcaldia_code = '09012'"));
  g_assert_cmpuint (cm_summary_alcaldia_kitchens (alcaldia (s, "09002")), ==, 0);

  /* Rations, fees and spending: against a query of each month's reports of
   * kitchens, which leaves out January, April and the report of no kitchen. */
  g_assert_cmpint (month (s, 0)->rations_paid, ==,
                   query_int (f->db, "SELECT sum (rations_paid) FROM report WHERE canteen_id IS NOT NULL"
                                     " AND report_date BETWEEN '2024-02-01' AND '2024-02-29'"));
  g_assert_cmpint (month (s, 1)->rations_free, ==,
                   query_int (f->db, "SELECT sum (rations_free) FROM report WHERE canteen_id IS NOT NULL"
                                     " AND report_date BETWEEN '2024-03-01' AND '2024-03-31'"));
  g_assert_cmpint (month (s, 1)->spending_cents, ==,
                   query_int (f->db, "SELECT sum (spending_cents) FROM report WHERE canteen_id IS NOT NULL"
                                     " AND report_date BETWEEN '2024-03-01' AND '2024-03-31'"));
  g_assert_cmpint (month (s, 0)->fee_cents, ==,
                   query_int (f->db, "SELECT sum (fee_cents) FROM report WHERE canteen_id IS NOT NULL"
                                     " AND report_date BETWEEN '2024-02-01' AND '2024-02-29'"));
  /* By hand: March is 17 reports of 1 (101 paid), 5 of 2 (102) and the
   * one before it opened (10), 6 of 3 (103). */
  g_assert_cmpint (month (s, 1)->reports, ==, 17 + 6 + 6);
  g_assert_cmpint (month (s, 1)->rations_paid, ==, 17 * 101 + 5 * 102 + 10 + 6 * 103);
  g_assert_cmpint (s->rations_paid, ==, month (s, 0)->rations_paid + month (s, 1)->rations_paid);
  g_assert_cmpint (s->reports, ==,
                   query_int (f->db, "SELECT count(*) FROM report WHERE canteen_id IS NOT NULL"
                                     " AND report_date >= '2024-02-01' AND report_date < '2024-04-01'"));

  /* The compliance distribution: 1 cumple (its latest), 3 with remarks
   * (April is out), 4 does not comply (closed, but evaluated in the period),
   * 2 and 5 not evaluated; 6 closed and evaluated only before: left out. */
  g_assert_cmpuint (s->by_verdict[CM_VERDICT_COMPLIES], ==, 1);
  g_assert_cmpuint (s->by_verdict[CM_VERDICT_COMPLIES_WITH_REMARKS], ==, 1);
  g_assert_cmpuint (s->by_verdict[CM_VERDICT_DOES_NOT_COMPLY], ==, 1);
  g_assert_cmpuint (s->by_verdict[CM_VERDICT_NOT_EVALUATED], ==, 2);
  g_assert_cmpuint (iztapalapa->by_verdict[CM_VERDICT_COMPLIES], ==, 1);
  g_assert_cmpuint (iztapalapa->by_verdict[CM_VERDICT_NOT_EVALUATED], ==, 1);
  g_assert_cmpfloat (cm_summary_alcaldia_compliance (iztapalapa), ==, 1.0);
  g_assert_cmpfloat (cm_summary_alcaldia_compliance (tlalpan), ==, 1.0);
  g_assert_cmpfloat (cm_summary_alcaldia_compliance (coyoacan), ==, 0.0);
  g_assert_true (isnan (cm_summary_alcaldia_compliance (none)));
  g_assert_true (isnan (cm_summary_alcaldia_compliance (alcaldia (s, "09002"))));

  /* Missing reports, counted by hand:
   *           February due/missing   March due/missing
   *   1       20 / 1                 19 / 2
   *   2        0 / 0                 13 / 8    (11–28 Mar, reports 11–15)
   *   3       20 / 0                 11 / 5    (suspended from the 18th)
   *   4       20 / 14                 3 / 3    (closed on the 6th)
   *   5       20 / 20                19 / 19
   *   6       19 / 1                  0 / 0    (until its last report) */
  g_assert_cmpuint (month (s, 0)->due_days, ==, 20 + 0 + 20 + 20 + 20 + 19);
  g_assert_cmpuint (month (s, 0)->missing, ==, 1 + 0 + 0 + 14 + 20 + 1);
  g_assert_cmpuint (month (s, 1)->due_days, ==, 19 + 13 + 11 + 3 + 19 + 0);
  g_assert_cmpuint (month (s, 1)->missing, ==, 2 + 8 + 5 + 3 + 19 + 0);
  g_assert_cmpuint (s->missing, ==, 36 + 37);
  g_assert_cmpuint (s->due_days, ==, 99 + 65);
  g_assert_cmpuint (iztapalapa->due_days, ==, 39 + 13);
  g_assert_cmpuint (iztapalapa->missing, ==, 3 + 8);
  g_assert_cmpuint (tlalpan->due_days, ==, 31 + 19);
  g_assert_cmpuint (tlalpan->missing, ==, 5 + 1);
  g_assert_cmpuint (coyoacan->due_days, ==, 23);
  g_assert_cmpuint (coyoacan->missing, ==, 17);
  g_assert_cmpuint (none->due_days, ==, 39);
  g_assert_cmpuint (none->missing, ==, 39);
}

/* Each month only sees its own days, whatever the period around it. */
static void
test_bounds (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CmSummary) both = cm_summary_load (f->db, "2024-02", "2024-03", &error);
  g_autoptr(CmSummary) feb = cm_summary_load (f->db, "2024-02", "2024-02", &error);
  g_autoptr(CmSummary) mar = cm_summary_load (f->db, "2024-03", "2024-03", &error);
  g_autoptr(CmSummary) year = cm_summary_load (f->db, NULL, NULL, &error);
  g_autoptr(CmSummary) from = cm_summary_load (f->db, "2023-06", NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (feb->months->len, ==, 1);
  g_assert_cmpint (feb->rations_paid, ==, month (both, 0)->rations_paid);
  g_assert_cmpint (mar->rations_paid, ==, month (both, 1)->rations_paid);
  g_assert_cmpint (mar->reports, ==, month (both, 1)->reports);
  g_assert_cmpuint (feb->missing, ==, month (both, 0)->missing);
  g_assert_cmpuint (feb->due_days, ==, month (both, 0)->due_days);
  g_assert_cmpuint (mar->missing, ==, month (both, 1)->missing);
  g_assert_cmpuint (mar->due_days, ==, month (both, 1)->due_days);
  /* January alone is outside both, and its one report is its own. */
  g_assert_cmpint (feb->rations_paid + mar->rations_paid, <,
                   query_int (f->db, "SELECT sum (rations_paid) FROM report WHERE canteen_id IS NOT NULL"));

  /* March's verdicts: 1 cumple, 2 sin_evaluar; 3 and 4 have none there. */
  g_assert_cmpuint (mar->by_verdict[CM_VERDICT_COMPLIES], ==, 1);
  g_assert_cmpuint (mar->by_verdict[CM_VERDICT_COMPLIES_WITH_REMARKS], ==, 0);
  g_assert_cmpuint (mar->by_verdict[CM_VERDICT_DOES_NOT_COMPLY], ==, 0);
  g_assert_cmpuint (mar->by_verdict[CM_VERDICT_NOT_EVALUATED], ==, 3);

  /* By default the last 12 months with reports: to March 2024, from the
   * first report in January. */
  g_assert_cmpstr (year->first_month, ==, "2024-01");
  g_assert_cmpstr (year->last_month, ==, "2024-03");
  g_assert_cmpuint (year->months->len, ==, 3);
  g_assert_cmpint (year->rations_paid, ==,
                   query_int (f->db, "SELECT sum (rations_paid) FROM report WHERE canteen_id IS NOT NULL"));
  /* The reports cover January from its 31st only: a day due for 1, 3, 4,
   * 5 and 6 (2 had not opened), reported by 1. */
  g_assert_cmpuint (year->due_days, ==, both->due_days + 5);
  g_assert_cmpuint (year->missing, ==, both->missing + 4);
  g_assert_cmpstr (from->last_month, ==, "2024-05");

  /* Months that are not, and a period the wrong way round. */
  g_assert_null (cm_summary_load (f->db, "2024-13", "2024-03", &error));
  g_assert_error (error, CM_SUMMARY_ERROR, CM_SUMMARY_ERROR_INVALID_PERIOD);
  g_clear_error (&error);
  g_assert_null (cm_summary_load (f->db, "2024-03", "2024-02", &error));
  g_assert_error (error, CM_SUMMARY_ERROR, CM_SUMMARY_ERROR_INVALID_PERIOD);
}

static void
load_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  CmSummary **out = user_data;
  g_autoptr(GError) error = NULL;

  *out = cm_summary_load_finish (result, &error);
  g_assert_no_error (error);
}

static gboolean
is_set (gpointer data)
{
  return *(CmSummary **) data != NULL;
}

static void
test_empty (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CmSummary) s = cm_summary_load (f->db, NULL, NULL, &error);
  g_autoptr(CmSummary) async = NULL;
  char this_month[8];
  GDate today;

  g_assert_no_error (error);
  cm_text_get_today (&today);
  g_snprintf (this_month, sizeof this_month, "%04u-%02u", g_date_get_year (&today),
              g_date_get_month (&today));
  g_assert_cmpstr (s->last_month, ==, this_month);
  g_assert_cmpuint (s->months->len, ==, 12);
  g_assert_cmpstr (s->data_first_month, ==, "");
  g_assert_cmpuint (s->kitchens, ==, 0);
  g_assert_cmpuint (s->by_verdict[CM_VERDICT_NOT_EVALUATED], ==, 0);
  g_assert_cmpint (s->rations_paid, ==, 0);
  g_assert_cmpuint (s->missing, ==, 0);
  g_assert_cmpuint (s->alcaldias->len, ==, 16);

  /* The same from a worker thread. */
  cm_summary_load_async (f->db, NULL, NULL, NULL, load_cb, &async);
  g_assert_true (cm_test_wait_for (is_set, &async, 30));
  g_assert_cmpstr (async->last_month, ==, this_month);
  g_assert_cmpuint (async->kitchens, ==, 0);
}

static void
test_month_label (void)
{
  g_autofree char *label = cm_summary_month_label ("2024-03");
  g_autofree char *bad = cm_summary_month_label ("marzo");

  g_assert_cmpstr (label, ==, "Mar 2024");
  g_assert_cmpstr (bad, ==, "marzo");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/summary/figures", Fixture, GINT_TO_POINTER (FALSE),
              fixture_set_up, test_figures, fixture_tear_down);
  g_test_add ("/summary/bounds", Fixture, GINT_TO_POINTER (FALSE),
              fixture_set_up, test_bounds, fixture_tear_down);
  g_test_add ("/summary/empty", Fixture, GINT_TO_POINTER (TRUE),
              fixture_set_up, test_empty, fixture_tear_down);
  g_test_add_func ("/summary/month-label", test_month_label);

  return g_test_run ();
}
