/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <string.h>

#include "cm-attachments.h"
#include "cm-audit.h"
#include "cm-db.h"
#include "cm-review.h"
#include "cm-rulebook.h"
#include "cm-test-db.h"
#include "cm-test-util.h"

#define MONITOR    "Ana Monitora"
#define SUPERVISOR "Beatriz Supervisora"

typedef struct
{
  char       *dir;
  char       *photos;
  CmDb       *db;
  CmRulebook *rulebook;
  gint64      rulebook_id;
  GDate       visit;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  f->dir = cm_test_make_tmp_dir ("test-review");
  f->photos = g_build_filename (f->dir, "attachments", NULL);
  path = g_build_filename (f->dir, "review.db", NULL);
  f->db = cm_db_open (path, &error);
  g_assert_no_error (error);
  cm_test_db_exec (f->db,
        "INSERT INTO canteen (id, folio, name, modality, capacity) VALUES"
        "  (1, 'CC001', 'Comedor Uno', 'comunitario', 200),"
        "  (2, 'CC002', 'Comedor Dos', 'comunitario', 150);");
  f->rulebook = cm_rulebook_load_in_use (f->db, &f->rulebook_id, &error);
  g_assert_no_error (error);
  g_date_clear (&f->visit, 1);
  g_date_set_dmy (&f->visit, 15, G_DATE_MARCH, 2024);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->rulebook);
  g_clear_object (&f->db);
  cm_test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->photos);
}

static CmReview *
create (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  CmReview *review = cm_review_create (f->db, 1, &f->visit, MONITOR, MONITOR, &error);

  g_assert_no_error (error);
  g_assert_nonnull (review);
  return review;
}

static void
answer (CmReview       *review,
        Fixture        *f,
        const char     *code,
        CmReviewAnswer  value,
        const char     *note)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (cm_review_answer (review, f->db, code, value, note, MONITOR, &error));
  g_assert_no_error (error);
}

/* Every item of the checklist, as an array of borrowed codes. */
static GPtrArray *
codes_of (CmReview *review)
{
  GListModel *items = cm_review_get_items (review);
  GPtrArray *codes = g_ptr_array_new ();

  for (guint i = 0; i < g_list_model_get_n_items (items); i++)
    {
      g_autoptr(CmReviewItem) item = g_list_model_get_item (items, i);
      g_ptr_array_add (codes, (gpointer) cm_review_item_get_code (item));
    }
  return codes;
}

static void
answer_all_yes (CmReview *review,
                Fixture  *f)
{
  g_autoptr(GPtrArray) codes = codes_of (review);

  for (guint i = 0; i < codes->len; i++)
    if (cm_review_item_get_answer (cm_review_get_item (review, codes->pdata[i])) == CM_REVIEW_ANSWER_NONE)
      answer (review, f, codes->pdata[i], CM_REVIEW_ANSWER_YES, NULL);
}

static void
assert_score (CmReview        *review,
              double           score,
              CmReviewVerdict  verdict)
{
  g_assert_true (cm_review_has_score (review));
  g_assert_cmpfloat_with_epsilon (cm_review_get_score (review), score, 0.05);
  g_assert_cmpint (cm_review_get_verdict (review), ==, verdict);
}

static void
test_draft (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CmReview) review = create (f);
  g_autoptr(CmReview) loaded = NULL;
  g_autoptr(CmReview) old_visit = NULL;
  g_autoptr(GPtrArray) in_force = cm_rulebook_rules_in_force (f->rulebook, &f->visit, CM_RULE_KIND_CHECKLIST);
  g_autoptr(GPtrArray) codes = NULL;
  g_autoptr(GListModel) list = NULL;
  GDate in_2020;

  g_assert_cmpint (cm_review_get_canteen_id (review), ==, 1);
  g_assert_cmpstr (cm_review_get_visit_date (review), ==, "2024-03-15");
  g_assert_cmpint (cm_review_get_rulebook_id (review), ==, f->rulebook_id);
  g_assert_cmpstr (cm_review_get_visitor (review), ==, MONITOR);
  /* The month before the visit. */
  g_assert_cmpstr (cm_review_get_period_start (review), ==, "2024-02");
  g_assert_cmpstr (cm_review_get_period_end (review), ==, "2024-02");
  g_assert_false (cm_review_is_signed (review));
  g_assert_false (cm_review_has_score (review));
  g_assert_cmpint (cm_review_get_verdict (review), ==, CM_REVIEW_VERDICT_NONE);
  g_assert_cmpstr (cm_review_get_automatic (review), ==, "[]");

  /* The checklist: the rulebook's checklist rules in force that day. */
  g_assert_cmpuint (in_force->len, >=, 10);
  g_assert_cmpuint (g_list_model_get_n_items (cm_review_get_items (review)), ==, in_force->len);
  for (guint i = 0; i < in_force->len; i++)
    {
      CmRule *rule = g_ptr_array_index (in_force, i);
      g_autoptr(CmReviewItem) item = g_list_model_get_item (cm_review_get_items (review), i);

      g_assert_true (cm_rule_get_kind (rule) == CM_RULE_KIND_CHECKLIST);
      g_assert_cmpstr (cm_review_item_get_code (item), ==, cm_rule_get_code (rule));
      g_assert_cmpint (cm_review_item_get_answer (item), ==, CM_REVIEW_ANSWER_NONE);
    }
  g_assert_cmpuint (cm_review_get_n_answered (review), ==, 0);
  codes = codes_of (review);
  g_assert_true (g_ptr_array_find_with_equal_func (codes, "HIG-03", g_str_equal, NULL));
  g_assert_false (g_ptr_array_find_with_equal_func (codes, "SAL-01", g_str_equal, NULL));

  /* A visit of May 2020 asks the take-away rule of the time, and not the
   * committee rule of the 2021 reform. */
  g_date_clear (&in_2020, 1);
  g_date_set_dmy (&in_2020, 4, G_DATE_MAY, 2020);
  old_visit = cm_review_create (f->db, 2, &in_2020, MONITOR, MONITOR, &error);
  g_assert_no_error (error);
  g_clear_pointer (&codes, g_ptr_array_unref);
  codes = codes_of (old_visit);
  g_assert_true (g_ptr_array_find_with_equal_func (codes, "SAL-01", g_str_equal, NULL));
  g_assert_false (g_ptr_array_find_with_equal_func (codes, "COM-11", g_str_equal, NULL));

  /* Saved as it goes: another load sees the same. */
  answer (review, f, "HIG-01", CM_REVIEW_ANSWER_YES, "Lavabo con jabón");
  loaded = cm_review_load (f->db, cm_review_get_id (review), &error);
  g_assert_no_error (error);
  g_assert_cmpint (cm_review_item_get_answer (cm_review_get_item (loaded, "HIG-01")), ==, CM_REVIEW_ANSWER_YES);
  g_assert_cmpstr (cm_review_item_get_note (cm_review_get_item (loaded, "HIG-01")), ==, "Lavabo con jabón");
  g_assert_cmpuint (cm_review_get_n_answered (loaded), ==, 1);

  list = cm_review_list (f->db, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 1);

  /* Each change is in the audit log. */
  g_assert_cmpint (cm_test_db_int (f->db, "SELECT count(*) FROM audit WHERE entity = 'review' AND action = 'create'"), ==, 2);
  g_assert_cmpint (cm_test_db_int (f->db, "SELECT count(*) FROM audit WHERE entity = 'review' AND action = 'answer'"
                                     " AND actor = 'Ana Monitora'"
                                     " AND json_extract (before, '$.answer') IS NULL"
                                     " AND json_extract (after, '$.answer') = 'yes'"
                                     " AND json_extract (after, '$.rule_code') = 'HIG-01'"), ==, 1);
}

static void
test_refused (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CmReview) review = NULL;
  GDate future;

  g_date_clear (&future, 1);
  g_date_set_time_t (&future, time (NULL));
  g_date_add_days (&future, 2);
  g_assert_null (cm_review_create (f->db, 1, &future, MONITOR, MONITOR, &error));
  g_assert_error (error, CM_REVIEW_ERROR, CM_REVIEW_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_null (cm_review_create (f->db, 1, &f->visit, " ", MONITOR, &error));
  g_assert_error (error, CM_REVIEW_ERROR, CM_REVIEW_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_null (cm_review_create (f->db, 1, &f->visit, MONITOR, "", &error));
  g_assert_error (error, CM_AUDIT_ERROR, CM_AUDIT_ERROR_NO_ACTOR);
  g_clear_error (&error);

  g_assert_null (cm_review_create (f->db, 77, &f->visit, MONITOR, MONITOR, &error));
  g_assert_error (error, CM_REVIEW_ERROR, CM_REVIEW_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpint (cm_test_db_int (f->db, "SELECT count(*) FROM review"), ==, 0);

  review = create (f);
  g_assert_false (cm_review_answer (review, f->db, "NO-EXISTE", CM_REVIEW_ANSWER_YES, NULL, MONITOR, &error));
  g_assert_error (error, CM_REVIEW_ERROR, CM_REVIEW_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Periods: whole months, in order, not after the visit. */
  g_assert_false (cm_review_set_period (review, f->db, "2024-02", "2024-04", MONITOR, &error));
  g_assert_error (error, CM_REVIEW_ERROR, CM_REVIEW_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (cm_review_set_period (review, f->db, "2024-02", "2024-01", MONITOR, &error));
  g_assert_error (error, CM_REVIEW_ERROR, CM_REVIEW_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (cm_review_set_period (review, f->db, "2024-13", "2024-02", MONITOR, &error));
  g_assert_error (error, CM_REVIEW_ERROR, CM_REVIEW_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpstr (cm_review_get_period_start (review), ==, "2024-02");
  g_assert_true (cm_review_set_period (review, f->db, "2023-12", "2024-03", MONITOR, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (cm_review_get_period_start (review), ==, "2023-12");
  g_assert_cmpstr (cm_review_get_period_end (review), ==, "2024-03");
}

/* The score and the verdict follow every answer, by the rule's severity:
 * observation 1, warning 2, suspension 4, closure 8. */
static void
test_score (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(CmReview) review = create (f);
  g_autoptr(GError) error = NULL;

  /* Three warnings hold: 6 of 6. */
  answer (review, f, "HIG-01", CM_REVIEW_ANSWER_YES, NULL);
  assert_score (review, 100.0, CM_REVIEW_VERDICT_CUMPLE);
  answer (review, f, "ASI-01", CM_REVIEW_ANSWER_YES, NULL);
  answer (review, f, "CUO-10", CM_REVIEW_ANSWER_YES, NULL);
  assert_score (review, 100.0, CM_REVIEW_VERDICT_CUMPLE);

  /* An observation fails: 6 of 7. */
  answer (review, f, "MEN-01", CM_REVIEW_ANSWER_NO, "Sin postre");
  assert_score (review, 85.7, CM_REVIEW_VERDICT_CUMPLE_CON_OBSERVACIONES);

  /* Not applicable counts for nothing. */
  answer (review, f, "COM-11", CM_REVIEW_ANSWER_NOT_APPLICABLE, "Comité sin cambios");
  assert_score (review, 85.7, CM_REVIEW_VERDICT_CUMPLE_CON_OBSERVACIONES);

  /* A cause for suspension fails: no cumple, whatever the score (6 of 11). */
  answer (review, f, "HIG-03", CM_REVIEW_ANSWER_NO, "Sin agua potable");
  assert_score (review, 54.5, CM_REVIEW_VERDICT_NO_CUMPLE);

  /* Corrected on the spot: 10 of 11. */
  answer (review, f, "HIG-03", CM_REVIEW_ANSWER_YES, "Llegó la pipa");
  assert_score (review, 90.9, CM_REVIEW_VERDICT_CUMPLE_CON_OBSERVACIONES);

  /* Below 70 without anything grave: two warnings fail (10 of 15). */
  answer (review, f, "HIG-02", CM_REVIEW_ANSWER_NO, "Granos sin tapa");
  answer (review, f, "HIG-05", CM_REVIEW_ANSWER_NO, "Mesas sucias");
  assert_score (review, 66.7, CM_REVIEW_VERDICT_NO_CUMPLE);
  answer (review, f, "HIG-05", CM_REVIEW_ANSWER_YES, NULL);
  assert_score (review, 80.0, CM_REVIEW_VERDICT_CUMPLE_CON_OBSERVACIONES);

  /* Cleared, an answer counts no more. */
  answer (review, f, "HIG-02", CM_REVIEW_ANSWER_NONE, NULL);
  assert_score (review, 92.3, CM_REVIEW_VERDICT_CUMPLE_CON_OBSERVACIONES);

  /* The period's automatic results count too: a warning failed in
   * February and another held (14 of 17); a month outside the period and
   * another kitchen do not count. */
  cm_test_db_add_check (f->db, f->rulebook_id, 1, "2024-02", "INF-01", "fail", 3);
  cm_test_db_add_check (f->db, f->rulebook_id, 1, "2024-02", "RAC-01", "pass", 0);
  cm_test_db_add_check (f->db, f->rulebook_id, 1, "2024-01", "GAS-01", "fail", 2);
  cm_test_db_add_check (f->db, f->rulebook_id, 2, "2024-02", "UBI-01", "fail", 9);
  g_clear_object (&review);
  review = cm_review_load (f->db, 1, &error);
  g_assert_no_error (error);
  assert_score (review, 82.4, CM_REVIEW_VERDICT_CUMPLE_CON_OBSERVACIONES);
  g_assert_nonnull (strstr (cm_review_get_automatic (review), "\"rule_code\":\"INF-01\""));
  g_assert_null (strstr (cm_review_get_automatic (review), "GAS-01"));
  g_assert_null (strstr (cm_review_get_automatic (review), "UBI-01"));

  /* January joins the period: the receipts failed then (14 of 19). */
  g_assert_true (cm_review_set_period (review, f->db, "2024-01", "2024-02", MONITOR, &error));
  g_assert_no_error (error);
  assert_score (review, 73.7, CM_REVIEW_VERDICT_CUMPLE_CON_OBSERVACIONES);
  g_assert_nonnull (strstr (cm_review_get_automatic (review), "GAS-01"));

  /* A rule that failed in one month and passed in another failed. */
  cm_test_db_add_check (f->db, f->rulebook_id, 1, "2024-01", "INF-01", "pass", 0);
  g_clear_object (&review);
  review = cm_review_load (f->db, 1, &error);
  assert_score (review, 73.7, CM_REVIEW_VERDICT_CUMPLE_CON_OBSERVACIONES);

  /* The stored score is what was shown at the last change. */
  g_assert_cmpint (cm_test_db_int (f->db, "SELECT round (score * 10) FROM review WHERE id = 1"), ==, 737);
  g_assert_cmpint (cm_test_db_int (f->db, "SELECT verdict = 'cumple_con_observaciones' FROM review WHERE id = 1"), ==, 1);
}

static void
test_sign (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(CmReview) review = create (f);
  g_autoptr(CmReview) loaded = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) audit = NULL;
  g_autoptr(CmAuditEntry) last = NULL;
  g_autofree char *frozen = NULL;
  g_autofree char *frozen_sha256 = NULL;
  g_autofree char *expected_sha = NULL;
  guint n_items = g_list_model_get_n_items (cm_review_get_items (review));

  cm_test_db_add_check (f->db, f->rulebook_id, 1, "2024-02", "INF-01", "fail", 3);

  /* Incomplete: refused, naming what is missing. */
  answer (review, f, "HIG-01", CM_REVIEW_ANSWER_YES, NULL);
  g_assert_false (cm_review_sign (review, f->db, SUPERVISOR, &error));
  g_assert_error (error, CM_REVIEW_ERROR, CM_REVIEW_ERROR_INCOMPLETE);
  g_assert_nonnull (strstr (error->message, "not answered"));
  g_clear_error (&error);
  g_assert_false (cm_review_is_signed (review));

  /* A "no" must say what was seen. */
  answer (review, f, "HIG-04", CM_REVIEW_ANSWER_NO, "  ");
  answer_all_yes (review, f);
  g_assert_cmpuint (cm_review_get_n_answered (review), ==, n_items);
  g_assert_false (cm_review_sign (review, f->db, SUPERVISOR, &error));
  g_assert_error (error, CM_REVIEW_ERROR, CM_REVIEW_ERROR_INCOMPLETE);
  g_assert_nonnull (strstr (error->message, "HIG-04"));
  g_clear_error (&error);
  answer (review, f, "HIG-04", CM_REVIEW_ANSWER_NO, "Excremento de roedor en la bodega");

  /* Reports changed since the checks ran: they must run again first. */
  cm_test_db_exec (f->db, "INSERT INTO check_dirty (canteen_id, period) VALUES (1, '2024-02')");
  g_assert_false (cm_review_sign (review, f->db, SUPERVISOR, &error));
  g_assert_error (error, CM_REVIEW_ERROR, CM_REVIEW_ERROR_STALE);
  g_clear_error (&error);
  cm_test_db_exec (f->db, "DELETE FROM check_dirty");

  /* Nobody's name, no signature. */
  g_assert_false (cm_review_sign (review, f->db, "", &error));
  g_assert_error (error, CM_AUDIT_ERROR, CM_AUDIT_ERROR_NO_ACTOR);
  g_clear_error (&error);

  g_assert_true (cm_review_sign (review, f->db, SUPERVISOR, &error));
  g_assert_no_error (error);
  g_assert_true (cm_review_is_signed (review));
  g_assert_cmpstr (cm_review_get_signed_by (review), ==, SUPERVISOR);
  g_assert_nonnull (cm_review_get_signed_at (review));
  /* A cause for suspension failed. */
  g_assert_cmpint (cm_review_get_verdict (review), ==, CM_REVIEW_VERDICT_NO_CUMPLE);
  frozen = g_strdup (cm_review_get_automatic (review));
  g_assert_nonnull (strstr (frozen, "\"rule_code\":\"INF-01\",\"period\":\"2024-02\",\"outcome\":\"fail\""));
  g_assert_nonnull (strstr (frozen, "\"evidence\":{\"days\":[\"2024-02-05\"]}"));

  /* The checks run again later and pass: the signed review keeps what it
   * was signed with. */
  cm_test_db_exec (f->db, "UPDATE check_result SET outcome = 'pass', failures = 0");
  loaded = cm_review_load (f->db, cm_review_get_id (review), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (cm_review_get_automatic (loaded), ==, frozen);
  g_assert_cmpfloat (cm_review_get_score (loaded), ==, cm_review_get_score (review));

  /* Nothing changes it through the API... */
  g_assert_false (cm_review_answer (review, f->db, "HIG-04", CM_REVIEW_ANSWER_YES, NULL, MONITOR, &error));
  g_assert_error (error, CM_REVIEW_ERROR, CM_REVIEW_ERROR_SIGNED);
  g_clear_error (&error);
  g_assert_false (cm_review_set_notes (review, f->db, "Otra cosa", MONITOR, &error));
  g_assert_error (error, CM_REVIEW_ERROR, CM_REVIEW_ERROR_SIGNED);
  g_clear_error (&error);
  g_assert_false (cm_review_sign (review, f->db, SUPERVISOR, &error));
  g_assert_error (error, CM_REVIEW_ERROR, CM_REVIEW_ERROR_SIGNED);
  g_clear_error (&error);
  g_assert_false (cm_review_discard (review, f->db, MONITOR, &error));
  g_assert_error (error, CM_REVIEW_ERROR, CM_REVIEW_ERROR_SIGNED);
  g_clear_error (&error);

  /* The signature is audited with the hash of the frozen results. */
  audit = cm_audit_list (f->db, "review", cm_review_get_id (review), &error);
  g_assert_no_error (error);
  last = g_list_model_get_item (audit, g_list_model_get_n_items (audit) - 1);
  g_assert_cmpstr (cm_audit_entry_get_action (last), ==, "sign");
  g_assert_cmpstr (cm_audit_entry_get_actor (last), ==, SUPERVISOR);
  expected_sha = g_compute_checksum_for_string (G_CHECKSUM_SHA256, frozen, -1);
  frozen_sha256 = g_strdup_printf ("\"automatic_sha256\":\"%s\"", expected_sha);
  g_assert_nonnull (strstr (cm_audit_entry_get_after (last), frozen_sha256));
  g_assert_true (cm_audit_verify (f->db, NULL, NULL, &error));
  g_assert_no_error (error);
}

static GFile *
write_photo (Fixture    *f,
             const char *name,
             const char *tail)
{
  /* The eight bytes of a PNG signature, then whatever: enough to be an image. */
  g_autofree char *path = g_build_filename (f->dir, name, NULL);
  g_autofree char *contents = g_strdup_printf ("\x89PNG\r\n\x1a\n%s", tail);

  g_assert_true (g_file_set_contents (path, contents, -1, NULL));
  return g_file_new_for_path (path);
}

/* A signed review cannot be changed through SQL either: the database's own
 * triggers refuse, whatever program holds the file. */
static void
test_sql_immutable (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(CmReview) review = create (f);
  g_autoptr(CmReview) draft = create (f);
  g_autoptr(GFile) photo = write_photo (f, "bodega.png", "roedor");
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  const char *snapshot =
    "SELECT json_object ('review', (SELECT json_group_array (json_array (id, canteen_id, visit_date, period_start,"
    "                                period_end, rulebook_id, visitor, notes, score, verdict, automatic, corrects_id,"
    "                                created_at, updated_at, signed_by, signed_at)) FROM review WHERE id = 1),"
    "                    'items', (SELECT json_group_array (json_array (rule_code, answer, note))"
    "                               FROM review_item WHERE review_id = 1),"
    "                    'photos', (SELECT json_group_array (json_array (id, rule_code, sha256, file_name))"
    "                                FROM review_photo WHERE review_id = 1))";

  g_assert_cmpint (cm_review_get_id (review), ==, 1);
  answer (review, f, "HIG-04", CM_REVIEW_ANSWER_NO, "Excremento de roedor en la bodega");
  g_assert_cmpint (cm_review_add_photo (review, f->db, f->photos, "HIG-04", photo, MONITOR, &error), >, 0);
  g_assert_no_error (error);
  answer_all_yes (review, f);
  g_assert_true (cm_review_sign (review, f->db, SUPERVISOR, &error));
  g_assert_no_error (error);

  {
    sqlite3_stmt *stmt = cm_db_prepare (f->db, snapshot, NULL);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    before = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
    sqlite3_reset (stmt);
  }

  /* The review itself. */
  cm_test_db_refused (f->db, "UPDATE review SET verdict = 'cumple' WHERE id = 1", "a signed review cannot change");
  cm_test_db_refused (f->db, "UPDATE review SET score = 100 WHERE id = 1", "a signed review cannot change");
  cm_test_db_refused (f->db, "UPDATE review SET notes = 'nada' WHERE id = 1", "a signed review cannot change");
  cm_test_db_refused (f->db, "UPDATE review SET signed_at = NULL, signed_by = NULL WHERE id = 1", "a signed review cannot change");
  cm_test_db_refused (f->db, "UPDATE review SET automatic = '[]' WHERE id = 1", "a signed review cannot change");
  cm_test_db_refused (f->db, "DELETE FROM review WHERE id = 1", "a signed review cannot change");
  /* Its answers. */
  cm_test_db_refused (f->db, "UPDATE review_item SET answer = 'yes' WHERE review_id = 1 AND rule_code = 'HIG-04'", "a signed review cannot change");
  cm_test_db_refused (f->db, "UPDATE review_item SET note = '' WHERE review_id = 1", "a signed review cannot change");
  cm_test_db_refused (f->db, "DELETE FROM review_item WHERE review_id = 1 AND rule_code = 'HIG-04'", "a signed review cannot change");
  cm_test_db_refused (f->db, "INSERT INTO review_item (review_id, rule_code, answer) VALUES (1, 'XYZ-99', 'yes')", "a signed review cannot change");
  /* Nor can a draft's answer be moved into it. */
  cm_test_db_refused (f->db, "UPDATE review_item SET review_id = 1 WHERE review_id = 2 AND rule_code = 'SAL-01'"
                         " OR (review_id = 2 AND rule_code = 'HIG-01')", "a signed review cannot change");
  /* Its photos. */
  cm_test_db_refused (f->db, "UPDATE review_photo SET sha256 = 'otro' WHERE review_id = 1", "a signed review cannot change");
  cm_test_db_refused (f->db, "DELETE FROM review_photo WHERE review_id = 1", "a signed review cannot change");
  cm_test_db_refused (f->db, "INSERT INTO review_photo (review_id, rule_code, sha256, file_name, added_at)"
                         " VALUES (1, NULL, 'abc', 'x.png', '2024-03-15T00:00:00Z')", "a signed review cannot change");
  /* Deleting the kitchen does not take it away either. */
  g_assert_false (cm_db_exec (f->db, "DELETE FROM canteen WHERE id = 1", NULL));

  {
    sqlite3_stmt *stmt = cm_db_prepare (f->db, snapshot, NULL);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    after = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
    sqlite3_reset (stmt);
  }
  g_assert_cmpstr (after, ==, before);

  /* The draft beside it still changes freely. */
  cm_test_db_exec (f->db, "UPDATE review_item SET answer = 'yes' WHERE review_id = 2 AND rule_code = 'HIG-01'");
  cm_test_db_exec (f->db, "UPDATE review SET notes = 'borrador' WHERE id = 2");
}

static void
test_correct (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(CmReview) review = create (f);
  g_autoptr(CmReview) correction = NULL;
  g_autoptr(CmReview) again = NULL;
  g_autoptr(CmReview) original = NULL;
  g_autoptr(GFile) photo = write_photo (f, "agua.png", "garrafon");
  g_autoptr(GError) error = NULL;

  answer (review, f, "HIG-03", CM_REVIEW_ANSWER_NO, "Sin agua potable");
  g_assert_cmpint (cm_review_add_photo (review, f->db, f->photos, "HIG-03", photo, MONITOR, &error), >, 0);
  g_assert_true (cm_review_set_notes (review, f->db, "Visita sin aviso", MONITOR, &error));
  answer_all_yes (review, f);

  /* A draft is changed, not corrected. */
  g_assert_null (cm_review_correct (review, f->db, MONITOR, &error));
  g_assert_error (error, CM_REVIEW_ERROR, CM_REVIEW_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_true (cm_review_sign (review, f->db, SUPERVISOR, &error));
  g_assert_cmpint (cm_review_get_verdict (review), ==, CM_REVIEW_VERDICT_NO_CUMPLE);

  correction = cm_review_correct (review, f->db, SUPERVISOR, &error);
  g_assert_no_error (error);
  g_assert_nonnull (correction);
  g_assert_cmpint (cm_review_get_corrects_id (correction), ==, cm_review_get_id (review));
  g_assert_cmpint (cm_review_get_corrected_by_id (review), ==, cm_review_get_id (correction));
  g_assert_false (cm_review_is_signed (correction));
  /* The same visit, with the same answers, notes and photos. */
  g_assert_cmpstr (cm_review_get_visit_date (correction), ==, "2024-03-15");
  g_assert_cmpint (cm_review_get_rulebook_id (correction), ==, cm_review_get_rulebook_id (review));
  g_assert_cmpstr (cm_review_get_notes (correction), ==, "Visita sin aviso");
  g_assert_cmpuint (cm_review_get_n_answered (correction), ==, cm_review_get_n_answered (review));
  g_assert_cmpint (cm_review_item_get_answer (cm_review_get_item (correction, "HIG-03")), ==, CM_REVIEW_ANSWER_NO);
  g_assert_cmpstr (cm_review_item_get_note (cm_review_get_item (correction, "HIG-03")), ==, "Sin agua potable");
  g_assert_cmpuint (g_list_model_get_n_items (cm_review_get_photos (correction)), ==, 1);
  assert_score (correction, cm_review_get_score (review), CM_REVIEW_VERDICT_NO_CUMPLE);

  /* Corrected once: the next correction corrects the correction. */
  g_assert_null (cm_review_correct (review, f->db, SUPERVISOR, &error));
  g_assert_error (error, CM_REVIEW_ERROR, CM_REVIEW_ERROR_CORRECTED);
  g_clear_error (&error);

  /* The water was there: the note was about a neighbour's kitchen. */
  answer (correction, f, "HIG-03", CM_REVIEW_ANSWER_YES, "Corrección: había agua potable");
  g_assert_true (cm_review_sign (correction, f->db, SUPERVISOR, &error));
  g_assert_no_error (error);
  g_assert_cmpint (cm_review_get_verdict (correction), ==, CM_REVIEW_VERDICT_CUMPLE);

  /* The original stands as it was signed. */
  original = cm_review_load (f->db, cm_review_get_id (review), &error);
  g_assert_no_error (error);
  g_assert_cmpint (cm_review_get_verdict (original), ==, CM_REVIEW_VERDICT_NO_CUMPLE);
  g_assert_cmpint (cm_review_item_get_answer (cm_review_get_item (original, "HIG-03")), ==, CM_REVIEW_ANSWER_NO);
  g_assert_cmpint (cm_review_get_corrected_by_id (original), ==, cm_review_get_id (correction));

  again = cm_review_correct (correction, f->db, SUPERVISOR, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cm_review_get_corrects_id (again), ==, cm_review_get_id (correction));
  g_assert_cmpint (cm_test_db_int (f->db, "SELECT count(*) FROM audit WHERE action = 'correct'"), ==, 2);
}

static guint
count_files (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;
  guint n = 0;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *child = g_build_filename (dir, name, NULL);

      n += g_file_test (child, G_FILE_TEST_IS_DIR) ? count_files (child) : 1;
    }
  return n;
}

static void
test_photo (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(CmReview) review = create (f);
  g_autoptr(GFile) photo = write_photo (f, "IMG_0001.PNG", "cocina limpia");
  g_autoptr(GFile) not_photo = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CmReviewPhoto) stored = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *expected_sha = NULL;
  g_autofree char *path = NULL;
  g_autofree char *expected_path = NULL;
  g_autofree char *text_path = g_build_filename (f->dir, "notas.png", NULL);
  gsize length;
  gint64 id, second;

  g_assert_true (g_file_get_contents (g_file_peek_path (photo), &contents, &length, NULL));
  expected_sha = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, length);

  id = cm_review_add_photo (review, f->db, f->photos, "HIG-05", photo, MONITOR, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  g_assert_cmpuint (g_list_model_get_n_items (cm_review_get_photos (review)), ==, 1);
  stored = g_list_model_get_item (cm_review_get_photos (review), 0);
  g_assert_cmpint (cm_review_photo_get_id (stored), ==, id);
  g_assert_cmpstr (cm_review_photo_get_rule_code (stored), ==, "HIG-05");
  g_assert_cmpstr (cm_review_photo_get_file_name (stored), ==, "IMG_0001.PNG");
  g_assert_cmpstr (cm_review_photo_get_sha256 (stored), ==, expected_sha);

  /* Named by its content, in the attachments folder, with the same bytes. */
  path = cm_review_photo_get_path (stored, f->photos);
  expected_path = g_strdup_printf ("%s/%.2s/%s.png", f->photos, expected_sha, expected_sha);
  g_assert_cmpstr (path, ==, expected_path);
  {
    g_autofree char *copy = NULL;
    gsize copy_length;

    g_assert_true (g_file_get_contents (path, &copy, &copy_length, NULL));
    g_assert_cmpmem (copy, copy_length, contents, length);
  }

  /* The same photo twice for one item: refused. For another item or the
   * visit as a whole it is attached again, and stored once. */
  g_assert_cmpint (cm_review_add_photo (review, f->db, f->photos, "HIG-05", photo, MONITOR, &error), ==, 0);
  g_assert_error (error, CM_REVIEW_ERROR, CM_REVIEW_ERROR_INVALID);
  g_clear_error (&error);
  second = cm_review_add_photo (review, f->db, f->photos, NULL, photo, MONITOR, &error);
  g_assert_no_error (error);
  g_assert_cmpint (second, >, id);
  g_assert_cmpuint (count_files (f->photos), ==, 1);

  /* Not an image, or no such item. */
  g_assert_true (g_file_set_contents (text_path, "solo texto\n", -1, NULL));
  not_photo = g_file_new_for_path (text_path);
  g_assert_cmpint (cm_review_add_photo (review, f->db, f->photos, NULL, not_photo, MONITOR, &error), ==, 0);
  g_assert_error (error, CM_REVIEW_ERROR, CM_REVIEW_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (cm_review_add_photo (review, f->db, f->photos, "NO-EXISTE", photo, MONITOR, &error), ==, 0);
  g_assert_error (error, CM_REVIEW_ERROR, CM_REVIEW_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Removed from the draft; the bytes stay for whoever shares them. */
  g_assert_true (cm_review_remove_photo (review, f->db, second, MONITOR, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (cm_review_get_photos (review)), ==, 1);
  g_assert_false (cm_review_remove_photo (review, f->db, second, MONITOR, &error));
  g_assert_error (error, CM_REVIEW_ERROR, CM_REVIEW_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));

  g_assert_cmpint (cm_test_db_int (f->db, "SELECT count(*) FROM audit WHERE action = 'add_photo'"), ==, 2);
  g_assert_cmpint (cm_test_db_int (f->db, "SELECT count(*) FROM audit WHERE action = 'remove_photo'"
                                     " AND json_extract (before, '$.rule_code') IS NULL"), ==, 1);
}

static void
test_discard (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(CmReview) review = create (f);
  g_autoptr(GError) error = NULL;
  gint64 id = cm_review_get_id (review);

  answer (review, f, "HIG-01", CM_REVIEW_ANSWER_NO, "Sin jabón");
  g_assert_true (cm_review_discard (review, f->db, MONITOR, &error));
  g_assert_no_error (error);
  g_assert_cmpint (cm_test_db_int (f->db, "SELECT count(*) FROM review"), ==, 0);
  g_assert_cmpint (cm_test_db_int (f->db, "SELECT count(*) FROM review_item"), ==, 0);
  g_assert_null (cm_review_load (f->db, id, &error));
  g_assert_error (error, CM_REVIEW_ERROR, CM_REVIEW_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* The log keeps what the draft held. */
  g_assert_cmpint (cm_test_db_int (f->db, "SELECT count(*) FROM audit WHERE action = 'discard' AND after IS NULL"
                                     " AND json_extract (before, '$.items') LIKE '%Sin jabón%'"), ==, 1);
  g_assert_true (cm_audit_verify (f->db, NULL, NULL, &error));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/review/draft", test_draft);
  ADD ("/review/refused", test_refused);
  ADD ("/review/score", test_score);
  ADD ("/review/sign", test_sign);
  ADD ("/review/sql-immutable", test_sql_immutable);
  ADD ("/review/correct", test_correct);
  ADD ("/review/photo", test_photo);
  ADD ("/review/discard", test_discard);

#undef ADD

  return g_test_run ();
}
