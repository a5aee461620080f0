/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <string.h>

#include "cm-audit.h"
#include "cm-db.h"
#include "cm-finding.h"
#include "cm-review.h"
#include "cm-rulebook.h"
#include "cm-test-db.h"
#include "cm-test-util.h"
#include "cm-text.h"

#define MONITOR    "Ana Monitora"
#define SUPERVISOR "Beatriz Supervisora"

typedef struct
{
  char   *dir;
  CmDb   *db;
  gint64  rulebook_id;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CmRulebook) rulebook = NULL;
  g_autofree char *path = NULL;

  f->dir = cm_test_make_tmp_dir ("test-finding");
  path = g_build_filename (f->dir, "finding.db", NULL);
  f->db = cm_db_open (path, &error);
  g_assert_no_error (error);
  cm_test_db_exec (f->db,
        "INSERT INTO canteen (id, folio, name, modality) VALUES"
        "  (1, 'CC001', 'Comedor Uno', 'comunitario'),"
        "  (2, 'CC002', 'Comedor Dos', 'comunitario');");
  rulebook = cm_rulebook_load_in_use (f->db, &f->rulebook_id, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->db);
  cm_test_remove_tree (f->dir);
  g_free (f->dir);
}

static void
add_check (Fixture    *f,
           gint64      canteen_id,
           const char *period,
           const char *code,
           const char *outcome)
{
  cm_test_db_add_check (f->db, f->rulebook_id, canteen_id, period, code, outcome, g_str_equal (outcome, "fail"));
}

/* Today where the kitchens are, as the core counts it. */
static void
today (GDate *date)
{
  g_autoptr(GDateTime) now = g_date_time_new_now (cm_text_programme_timezone ());

  g_date_clear (date, 1);
  g_date_set_dmy (date, (GDateDay) g_date_time_get_day_of_month (now),
                  (GDateMonth) g_date_time_get_month (now), (GDateYear) g_date_time_get_year (now));
}

static void
assert_date (const GDate *date,
             const char  *expected)
{
  char text[16];

  g_date_strftime (text, sizeof text, "%Y-%m-%d", date);
  g_assert_cmpstr (text, ==, expected);
}

/* Counted in operating days: weekends and official holidays do not count. */
static void
test_default_due (void)
{
  GDate friday, due;

  g_date_clear (&friday, 1);
  g_date_set_dmy (&friday, 15, G_DATE_MARCH, 2024);   /* Monday the 18th is a holiday */

  cm_finding_default_due (CM_RULE_SEVERITY_CLOSURE, &friday, &due);
  assert_date (&due, "2024-03-21");
  cm_finding_default_due (CM_RULE_SEVERITY_SUSPENSION, &friday, &due);
  assert_date (&due, "2024-03-25");
  cm_finding_default_due (CM_RULE_SEVERITY_WARNING, &friday, &due);
  assert_date (&due, "2024-04-01");
  cm_finding_default_due (CM_RULE_SEVERITY_OBSERVATION, &friday, &due);
  assert_date (&due, "2024-04-15");
}

static void
test_from_check (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CmFinding) finding = NULL;
  g_autoptr(CmFinding) other = NULL;
  GDate now, expected_due, past, later;
  char expected[16];
  gint64 id, second;

  add_check (f, 1, "2024-01", "INF-01", "fail");
  add_check (f, 1, "2024-01", "RAC-01", "pass");
  add_check (f, 1, "2024-01", "GAS-01", "fail");

  id = cm_finding_open_from_check (f->db, 1, "INF-01", "2024-01", NULL, NULL, MONITOR, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);

  finding = cm_finding_load (f->db, id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cm_finding_get_canteen_id (finding), ==, 1);
  g_assert_cmpstr (cm_finding_get_folio (finding), ==, "CC001");
  g_assert_cmpstr (cm_finding_get_rule_code (finding), ==, "INF-01");
  g_assert_cmpstr (cm_finding_get_period (finding), ==, "2024-01");
  g_assert_cmpint (cm_finding_get_review_id (finding), ==, 0);
  g_assert_cmpstr (cm_finding_get_opened_by (finding), ==, MONITOR);
  g_assert_true (cm_finding_is_open (finding));
  /* The rule's title and the month, when nobody wrote a description. */
  g_assert_cmpstr (cm_finding_get_description (finding), ==, "Informe diario de cada día de servicio (2024-01)");
  /* A warning: due in ten operating days. */
  today (&now);
  cm_finding_default_due (CM_RULE_SEVERITY_WARNING, &now, &expected_due);
  g_date_strftime (expected, sizeof expected, "%Y-%m-%d", &expected_due);
  g_assert_cmpstr (cm_finding_get_due_on (finding), ==, expected);

  g_assert_cmpint (cm_test_db_int (f->db, "SELECT count(*) FROM audit WHERE entity = 'finding' AND action = 'open'"
                                     " AND actor = 'Ana Monitora' AND before IS NULL"
                                     " AND json_extract (after, '$.rule_code') = 'INF-01'"), ==, 1);

  /* One open finding per kitchen and rule. */
  g_assert_cmpint (cm_finding_open_from_check (f->db, 1, "INF-01", "2024-01", "Otra vez", NULL, MONITOR, &error), ==, 0);
  g_assert_error (error, CM_FINDING_ERROR, CM_FINDING_ERROR_STATE);
  g_clear_error (&error);

  /* Only what failed. */
  g_assert_cmpint (cm_finding_open_from_check (f->db, 1, "RAC-01", "2024-01", NULL, NULL, MONITOR, &error), ==, 0);
  g_assert_error (error, CM_FINDING_ERROR, CM_FINDING_ERROR_STATE);
  g_clear_error (&error);
  g_assert_cmpint (cm_finding_open_from_check (f->db, 2, "INF-01", "2024-01", NULL, NULL, MONITOR, &error), ==, 0);
  g_assert_error (error, CM_FINDING_ERROR, CM_FINDING_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpint (cm_finding_open_from_check (f->db, 1, "GAS-01", "enero", NULL, NULL, MONITOR, &error), ==, 0);
  g_assert_error (error, CM_FINDING_ERROR, CM_FINDING_ERROR_INVALID);
  g_clear_error (&error);

  /* Due before it is opened: refused; a date of the person's: kept. */
  past = now;
  g_date_subtract_days (&past, 1);
  g_assert_cmpint (cm_finding_open_from_check (f->db, 1, "GAS-01", "2024-01", NULL, &past, MONITOR, &error), ==, 0);
  g_assert_error (error, CM_FINDING_ERROR, CM_FINDING_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (cm_finding_open_from_check (f->db, 1, "GAS-01", "2024-01", NULL, NULL, "", &error), ==, 0);
  g_assert_error (error, CM_AUDIT_ERROR, CM_AUDIT_ERROR_NO_ACTOR);
  g_clear_error (&error);
  later = now;
  g_date_add_days (&later, 40);
  second = cm_finding_open_from_check (f->db, 1, "GAS-01", "2024-01", "  Tres compras sin nota  ", &later,
                                       MONITOR, &error);
  g_assert_no_error (error);
  other = cm_finding_load (f->db, second, &error);
  g_assert_cmpstr (cm_finding_get_description (other), ==, "Tres compras sin nota");
  g_date_strftime (expected, sizeof expected, "%Y-%m-%d", &later);
  g_assert_cmpstr (cm_finding_get_due_on (other), ==, expected);

  g_assert_cmpint (cm_test_db_int (f->db, "SELECT count(*) FROM finding"), ==, 2);
}

/* A signed review with every item yes but @no_code, answered no. */
static gint64
signed_review (Fixture    *f,
               const char *no_code,
               gboolean    sign)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CmReview) review = NULL;
  GListModel *items;
  GDate visit;

  g_date_clear (&visit, 1);
  g_date_set_dmy (&visit, 15, G_DATE_MARCH, 2024);
  review = cm_review_create (f->db, 1, &visit, MONITOR, MONITOR, &error);
  g_assert_no_error (error);
  items = cm_review_get_items (review);
  for (guint i = 0; i < g_list_model_get_n_items (items); i++)
    {
      g_autoptr(CmReviewItem) item = g_list_model_get_item (items, i);
      const char *code = cm_review_item_get_code (item);
      gboolean no = g_str_equal (code, no_code);

      g_assert_true (cm_review_answer (review, f->db, code, no ? CM_REVIEW_ANSWER_NO : CM_REVIEW_ANSWER_YES,
                                       no ? "Excremento de roedor en la bodega" : NULL, MONITOR, &error));
      g_assert_no_error (error);
    }
  if (sign)
    {
      g_assert_true (cm_review_sign (review, f->db, SUPERVISOR, &error));
      g_assert_no_error (error);
    }
  return cm_review_get_id (review);
}

static void
test_from_review (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CmFinding) finding = NULL;
  GDate now, expected_due;
  char expected[16];
  gint64 draft = signed_review (f, "HIG-04", FALSE);
  gint64 review = signed_review (f, "HIG-04", TRUE);
  gint64 id;

  /* A draft can still change under the finding. */
  g_assert_cmpint (cm_finding_open_from_review (f->db, draft, "HIG-04", NULL, NULL, MONITOR, &error), ==, 0);
  g_assert_error (error, CM_FINDING_ERROR, CM_FINDING_ERROR_STATE);
  g_clear_error (&error);
  /* Only an item answered no. */
  g_assert_cmpint (cm_finding_open_from_review (f->db, review, "HIG-01", NULL, NULL, MONITOR, &error), ==, 0);
  g_assert_error (error, CM_FINDING_ERROR, CM_FINDING_ERROR_STATE);
  g_clear_error (&error);
  g_assert_cmpint (cm_finding_open_from_review (f->db, review, "XYZ-01", NULL, NULL, MONITOR, &error), ==, 0);
  g_assert_error (error, CM_FINDING_ERROR, CM_FINDING_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpint (cm_finding_open_from_review (f->db, 999, "HIG-04", NULL, NULL, MONITOR, &error), ==, 0);
  g_assert_error (error, CM_FINDING_ERROR, CM_FINDING_ERROR_NOT_FOUND);
  g_clear_error (&error);

  id = cm_finding_open_from_review (f->db, review, "HIG-04", NULL, NULL, MONITOR, &error);
  g_assert_no_error (error);
  finding = cm_finding_load (f->db, id, &error);
  g_assert_cmpint (cm_finding_get_review_id (finding), ==, review);
  g_assert_null (cm_finding_get_period (finding));
  g_assert_cmpstr (cm_finding_get_description (finding), ==,
                   "Control de plagas: Excremento de roedor en la bodega");
  /* A cause for suspension: due in five operating days. */
  today (&now);
  cm_finding_default_due (CM_RULE_SEVERITY_SUSPENSION, &now, &expected_due);
  g_date_strftime (expected, sizeof expected, "%Y-%m-%d", &expected_due);
  g_assert_cmpstr (cm_finding_get_due_on (finding), ==, expected);
}

static void
test_overdue (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) all = NULL;
  g_autoptr(GListModel) open = NULL;
  g_autoptr(GListModel) overdue = NULL;
  g_autoptr(GListModel) none = NULL;
  g_autoptr(GListModel) other = NULL;
  g_autoptr(CmFinding) first = NULL;
  GDate now, soon, late, judge;
  gint64 a, b, c;

  add_check (f, 1, "2024-01", "INF-01", "fail");
  add_check (f, 1, "2024-01", "GAS-01", "fail");
  add_check (f, 2, "2024-01", "INF-01", "fail");
  today (&now);
  soon = now;
  g_date_add_days (&soon, 5);
  late = now;
  g_date_add_days (&late, 30);

  a = cm_finding_open_from_check (f->db, 1, "INF-01", "2024-01", NULL, &late, MONITOR, &error);
  b = cm_finding_open_from_check (f->db, 1, "GAS-01", "2024-01", NULL, &soon, MONITOR, &error);
  c = cm_finding_open_from_check (f->db, 2, "INF-01", "2024-01", NULL, &soon, MONITOR, &error);
  g_assert_no_error (error);
  g_assert_true (cm_finding_resolve (f->db, c, "Entregó los informes atrasados", SUPERVISOR, &error));
  g_assert_no_error (error);

  /* Judged ten days on: the one due in five is overdue; the closed one
   * never is. */
  judge = now;
  g_date_add_days (&judge, 10);
  all = cm_finding_list (f->db, 0, CM_FINDING_FILTER_ALL, &judge, &error);
  open = cm_finding_list (f->db, 0, CM_FINDING_FILTER_OPEN, &judge, &error);
  overdue = cm_finding_list (f->db, 0, CM_FINDING_FILTER_OVERDUE, &judge, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (all), ==, 3);
  g_assert_cmpuint (g_list_model_get_n_items (open), ==, 2);
  g_assert_cmpuint (g_list_model_get_n_items (overdue), ==, 1);
  first = g_list_model_get_item (overdue, 0);
  g_assert_cmpint (cm_finding_get_id (first), ==, b);
  g_assert_true (cm_finding_is_overdue (first, &judge));
  g_assert_false (cm_finding_is_overdue (first, &now));
  g_clear_object (&first);
  /* Open ones first, the soonest due at the top. */
  first = g_list_model_get_item (all, 0);
  g_assert_cmpint (cm_finding_get_id (first), ==, b);
  g_clear_object (&first);
  first = g_list_model_get_item (all, 2);
  g_assert_cmpint (cm_finding_get_id (first), ==, c);
  g_assert_false (cm_finding_is_overdue (first, &judge));

  /* Today nothing is overdue; and per kitchen. */
  none = cm_finding_list (f->db, 0, CM_FINDING_FILTER_OVERDUE, NULL, &error);
  g_assert_cmpuint (g_list_model_get_n_items (none), ==, 0);
  other = cm_finding_list (f->db, 2, CM_FINDING_FILTER_ALL, NULL, &error);
  g_assert_cmpuint (g_list_model_get_n_items (other), ==, 1);
  g_assert_cmpint (a, >, 0);
}

static void
test_resolve (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CmFinding) finding = NULL;
  gint64 id;

  add_check (f, 1, "2024-01", "INF-01", "fail");
  id = cm_finding_open_from_check (f->db, 1, "INF-01", "2024-01", NULL, NULL, MONITOR, &error);
  g_assert_no_error (error);

  /* Open findings are never deleted either. */
  cm_test_db_refused (f->db, "DELETE FROM finding", "findings are never deleted");

  g_assert_false (cm_finding_resolve (f->db, id, "   ", SUPERVISOR, &error));
  g_assert_error (error, CM_FINDING_ERROR, CM_FINDING_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (cm_finding_resolve (f->db, 404, "Nota", SUPERVISOR, &error));
  g_assert_error (error, CM_FINDING_ERROR, CM_FINDING_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_true (cm_finding_resolve (f->db, id, "Entregó los informes atrasados con firma del comité",
                                     SUPERVISOR, &error));
  g_assert_no_error (error);
  finding = cm_finding_load (f->db, id, &error);
  g_assert_false (cm_finding_is_open (finding));
  g_assert_cmpstr (cm_finding_get_closed_how (finding), ==, "resolved");
  g_assert_cmpstr (cm_finding_get_closed_by (finding), ==, SUPERVISOR);
  g_assert_cmpstr (cm_finding_get_closing_note (finding), ==, "Entregó los informes atrasados con firma del comité");
  g_assert_null (cm_finding_get_closing_period (finding));

  /* Closed for good. */
  g_assert_false (cm_finding_resolve (f->db, id, "Otra vez", SUPERVISOR, &error));
  g_assert_error (error, CM_FINDING_ERROR, CM_FINDING_ERROR_STATE);
  g_clear_error (&error);
  cm_test_db_refused (f->db, "UPDATE finding SET closed_at = NULL, closed_by = NULL, closed_how = NULL",
                      "a closed finding cannot change");
  cm_test_db_refused (f->db, "UPDATE finding SET closing_note = 'otra'", "a closed finding cannot change");
  cm_test_db_refused (f->db, "DELETE FROM finding", "findings are never deleted");
  g_assert_cmpint (cm_test_db_int (f->db, "SELECT count(*) FROM finding WHERE closed_how = 'resolved'"), ==, 1);

  /* A new failure may open a new finding for the rule. */
  add_check (f, 1, "2024-02", "INF-01", "fail");
  g_assert_cmpint (cm_finding_open_from_check (f->db, 1, "INF-01", "2024-02", NULL, NULL, MONITOR, &error), >, id);
  g_assert_no_error (error);

  g_assert_cmpint (cm_test_db_int (f->db, "SELECT count(*) FROM audit WHERE entity = 'finding' AND action = 'resolve'"
                                     " AND json_extract (before, '$.closed_at') IS NULL"
                                     " AND json_extract (after, '$.closed_how') = 'resolved'"), ==, 1);
  g_assert_true (cm_audit_verify (f->db, NULL, NULL, &error));
}

static void
test_check_passed (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CmFinding) closed = NULL;
  g_autoptr(CmFinding) still = NULL;
  g_autoptr(CmFinding) visit = NULL;
  GDate march, april;
  guint n = 99;
  gint64 fees, receipts, pests;
  gint64 review = signed_review (f, "HIG-04", TRUE);

  g_date_clear (&march, 1);
  g_date_set_dmy (&march, 20, G_DATE_MARCH, 2024);
  g_date_clear (&april, 1);
  g_date_set_dmy (&april, 10, G_DATE_APRIL, 2024);

  add_check (f, 1, "2024-01", "CUO-01", "fail");
  add_check (f, 1, "2024-01", "GAS-01", "fail");
  fees = cm_finding_open_from_check (f->db, 1, "CUO-01", "2024-01", NULL, NULL, MONITOR, &error);
  receipts = cm_finding_open_from_check (f->db, 1, "GAS-01", "2024-01", NULL, NULL, MONITOR, &error);
  pests = cm_finding_open_from_review (f->db, review, "HIG-04", NULL, NULL, MONITOR, &error);
  g_assert_no_error (error);

  /* February fails again, another kitchen and another rule pass, and March
   * passes while it is still under way: nothing closes. */
  add_check (f, 1, "2024-02", "CUO-01", "fail");
  add_check (f, 2, "2024-02", "CUO-01", "pass");
  add_check (f, 1, "2024-02", "RAC-01", "pass");
  add_check (f, 1, "2024-03", "CUO-01", "pass");
  add_check (f, 1, "2024-03", "GAS-01", "not_applicable");
  g_assert_true (cm_findings_update_from_checks (f->db, &march, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 0);

  /* March is over: the fee finding closes with it. */
  g_assert_true (cm_findings_update_from_checks (f->db, &april, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 1);
  closed = cm_finding_load (f->db, fees, &error);
  g_assert_false (cm_finding_is_open (closed));
  g_assert_cmpstr (cm_finding_get_closed_how (closed), ==, "check_passed");
  g_assert_cmpstr (cm_finding_get_closing_period (closed), ==, "2024-03");
  g_assert_cmpstr (cm_finding_get_closed_by (closed), ==, CM_AUDIT_ACTOR_SYSTEM);
  still = cm_finding_load (f->db, receipts, &error);
  g_assert_true (cm_finding_is_open (still));
  /* A checklist rule has no automatic check: a person closes it. */
  visit = cm_finding_load (f->db, pests, &error);
  g_assert_true (cm_finding_is_open (visit));

  /* Again: nothing more to close. */
  g_assert_true (cm_findings_update_from_checks (f->db, &april, &n, &error));
  g_assert_cmpuint (n, ==, 0);

  g_assert_cmpint (cm_test_db_int (f->db, "SELECT count(*) FROM audit WHERE entity = 'finding'"
                                     " AND action = 'close_check_passed' AND actor = '" CM_AUDIT_ACTOR_SYSTEM "'"
                                     " AND json_extract (after, '$.closing_period') = '2024-03'"), ==, 1);
  g_assert_true (cm_audit_verify (f->db, NULL, NULL, &error));
  g_assert_no_error (error);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  g_test_add_func ("/finding/default-due", test_default_due);
  ADD ("/finding/from-check", test_from_check);
  ADD ("/finding/from-review", test_from_review);
  ADD ("/finding/overdue", test_overdue);
  ADD ("/finding/resolve", test_resolve);
  ADD ("/finding/check-passed", test_check_passed);

#undef ADD

  return g_test_run ();
}
