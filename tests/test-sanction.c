/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <string.h>

#include "cm-audit.h"
#include "cm-db.h"
#include "cm-sanction.h"
#include "cm-status-change.h"
#include "cm-test-db.h"
#include "cm-test-util.h"

#define ACTOR "Beatriz Supervisora"

typedef struct
{
  char *dir;
  CmDb *db;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  f->dir = cm_test_make_tmp_dir ("test-sanction");
  path = g_build_filename (f->dir, "sanction.db", NULL);
  f->db = cm_db_open (path, &error);
  g_assert_no_error (error);
  cm_test_db_exec (f->db,
        "INSERT INTO canteen (id, folio, name, modality) VALUES"
        "  (1, 'CC001', 'Comedor Uno', 'comunitario'),"
        "  (2, 'CC002', 'Comedor Dos', 'comunitario');");
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->db);
  cm_test_remove_tree (f->dir);
  g_free (f->dir);
}

static gint64
record (Fixture        *f,
        gint64          canteen_id,
        CmSanctionKind  kind,
        guint           day,
        const GDate    *status_from,
        GError        **error)
{
  g_autoptr(GDate) decided = g_date_new_dmy ((GDateDay) day, G_DATE_MARCH, 2024);
  CmSanctionFields fields = {
    .canteen_id = canteen_id,
    .kind = kind,
    .decided_on = decided,
    .decided_by = "Beatriz Supervisora",
    .reason = "Cobro mayor a la cuota de recuperación",
  };

  return cm_sanction_record (f->db, &fields, status_from, ACTOR, error);
}

static gint64
record_ok (Fixture        *f,
           gint64          canteen_id,
           CmSanctionKind  kind,
           guint           day)
{
  g_autoptr(GError) error = NULL;
  gint64 id = record (f, canteen_id, kind, day, NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

static void
assert_ladder (Fixture  *f,
               gint64    canteen_id,
               guint     expected_warnings,
               guint     expected_suspensions,
               gboolean  expected_flag)
{
  g_autoptr(GError) error = NULL;
  guint warnings = 99, suspensions = 99;
  gboolean flag = !expected_flag;

  g_assert_true (cm_sanction_get_ladder (f->db, canteen_id, &warnings, &suspensions, &flag, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (warnings, ==, expected_warnings);
  g_assert_cmpuint (suspensions, ==, expected_suspensions);
  g_assert_cmpint (flag, ==, expected_flag);
}

static void
test_record (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) list = NULL;
  g_autoptr(GListModel) audit = NULL;
  g_autoptr(CmSanction) sanction = NULL;
  g_autoptr(CmAuditEntry) entry = NULL;
  gint64 id;

  id = record_ok (f, 1, CM_SANCTION_WARNING, 4);

  list = cm_sanction_list (f->db, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 1);
  sanction = g_list_model_get_item (list, 0);
  g_assert_cmpint (cm_sanction_get_id (sanction), ==, id);
  g_assert_cmpint (cm_sanction_get_kind (sanction), ==, CM_SANCTION_WARNING);
  g_assert_cmpstr (cm_sanction_get_decided_on (sanction), ==, "2024-03-04");
  g_assert_cmpstr (cm_sanction_get_decided_by (sanction), ==, "Beatriz Supervisora");
  g_assert_cmpstr (cm_sanction_get_reason (sanction), ==, "Cobro mayor a la cuota de recuperación");
  g_assert_cmpint (cm_sanction_get_finding_id (sanction), ==, 0);

  /* A warning changes no status. */
  g_assert_cmpint (cm_test_db_int (f->db, "SELECT count(*) FROM canteen WHERE id = 1 AND status = 'active'"), ==, 1);

  /* Audited, with the record as written. */
  audit = cm_audit_list (f->db, "sanction", id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (audit), ==, 1);
  entry = g_list_model_get_item (audit, 0);
  g_assert_cmpstr (cm_audit_entry_get_actor (entry), ==, ACTOR);
  g_assert_cmpstr (cm_audit_entry_get_action (entry), ==, "record");
  g_assert_null (cm_audit_entry_get_before (entry));
  g_assert_nonnull (strstr (cm_audit_entry_get_after (entry), "\"kind\":\"warning\""));
  g_assert_nonnull (strstr (cm_audit_entry_get_after (entry), "\"reason\":\"Cobro mayor a la cuota de recuperación\""));
  g_assert_true (cm_audit_verify (f->db, NULL, NULL, &error));
}

static void
test_refused (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDate) decided = g_date_new_dmy (4, G_DATE_MARCH, 2024);
  g_autoptr(GDate) tomorrow = g_date_new ();
  g_autoptr(GDate) before = g_date_new_dmy (1, G_DATE_MARCH, 2024);
  CmSanctionFields fields = {
    .canteen_id = 1, .kind = CM_SANCTION_SUSPENSION, .decided_on = decided,
    .decided_by = "Beatriz Supervisora", .reason = "   ",
  };

  /* No reason. */
  g_assert_cmpint (cm_sanction_record (f->db, &fields, NULL, ACTOR, &error), ==, 0);
  g_assert_error (error, CM_SANCTION_ERROR, CM_SANCTION_ERROR_INVALID);
  g_clear_error (&error);

  /* Nobody's name. */
  fields.reason = "Propaganda partidista en el local";
  g_assert_cmpint (cm_sanction_record (f->db, &fields, NULL, NULL, &error), ==, 0);
  g_assert_error (error, CM_AUDIT_ERROR, CM_AUDIT_ERROR_NO_ACTOR);
  g_clear_error (&error);

  /* A decision not yet made. */
  g_date_set_time_t (tomorrow, time (NULL));
  g_date_add_days (tomorrow, 2);
  fields.decided_on = tomorrow;
  g_assert_cmpint (cm_sanction_record (f->db, &fields, NULL, ACTOR, &error), ==, 0);
  g_assert_error (error, CM_SANCTION_ERROR, CM_SANCTION_ERROR_INVALID);
  g_clear_error (&error);
  fields.decided_on = decided;

  /* A status changed before the decision. */
  g_assert_cmpint (cm_sanction_record (f->db, &fields, before, ACTOR, &error), ==, 0);
  g_assert_error (error, CM_SANCTION_ERROR, CM_SANCTION_ERROR_INVALID);
  g_clear_error (&error);

  /* A warning with a status. */
  fields.kind = CM_SANCTION_WARNING;
  g_assert_cmpint (cm_sanction_record (f->db, &fields, decided, ACTOR, &error), ==, 0);
  g_assert_error (error, CM_SANCTION_ERROR, CM_SANCTION_ERROR_STATE);
  g_clear_error (&error);

  /* A kitchen, a finding and a review that do not exist. */
  fields.canteen_id = 99;
  g_assert_cmpint (cm_sanction_record (f->db, &fields, NULL, ACTOR, &error), ==, 0);
  g_assert_error (error, CM_SANCTION_ERROR, CM_SANCTION_ERROR_NOT_FOUND);
  g_clear_error (&error);
  fields.canteen_id = 1;
  fields.finding_id = 5;
  g_assert_cmpint (cm_sanction_record (f->db, &fields, NULL, ACTOR, &error), ==, 0);
  g_assert_error (error, CM_SANCTION_ERROR, CM_SANCTION_ERROR_NOT_FOUND);
  g_clear_error (&error);
  fields.finding_id = 0;

  /* A draft review can still change: no sanction follows it. */
  cm_test_db_exec (f->db,
        "INSERT INTO rulebook (id, edition, sha256, body, loaded_at, in_use)"
        "  VALUES (1, 'prueba', 'abc', '{}', '2024-01-01T00:00:00Z', 1);"
        "INSERT INTO review (id, canteen_id, visit_date, period_start, period_end, rulebook_id, visitor,"
        "                    created_at, updated_at)"
        "  VALUES (1, 1, '2024-03-01', '2024-02', '2024-02', 1, 'Ana', '2024-03-01T10:00:00Z',"
        "          '2024-03-01T10:00:00Z');");
  fields.review_id = 1;
  g_assert_cmpint (cm_sanction_record (f->db, &fields, NULL, ACTOR, &error), ==, 0);
  g_assert_error (error, CM_SANCTION_ERROR, CM_SANCTION_ERROR_STATE);
  g_clear_error (&error);

  /* Nothing of all that was written. */
  g_assert_cmpint (cm_test_db_int (f->db, "SELECT count(*) FROM sanction"), ==, 0);
  g_assert_cmpint (cm_test_db_int (f->db, "SELECT count(*) FROM status_change"), ==, 0);
  g_assert_cmpint (cm_test_db_int (f->db, "SELECT count(*) FROM audit"), ==, 0);

  /* Signed, it can. */
  cm_test_db_exec (f->db, "UPDATE review SET score = 40, verdict = 'no_cumple', signed_by = 'Beatriz',"
               " signed_at = '2024-03-02T10:00:00Z' WHERE id = 1");
  g_assert_cmpint (cm_sanction_record (f->db, &fields, NULL, ACTOR, &error), >, 0);
  g_assert_no_error (error);
  g_assert_cmpint (cm_test_db_int (f->db, "SELECT review_id FROM sanction"), ==, 1);
}

static void
test_ladder (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) flagged = NULL;

  assert_ladder (f, 1, 0, 0, FALSE);

  /* Four warnings and a suspension: not yet. */
  for (guint i = 0; i < 4; i++)
    record_ok (f, 1, CM_SANCTION_WARNING, 1 + i);
  record_ok (f, 1, CM_SANCTION_SUSPENSION, 6);
  assert_ladder (f, 1, 4, 1, FALSE);

  /* Five warnings alone: not either. */
  for (guint i = 0; i < 5; i++)
    record_ok (f, 2, CM_SANCTION_WARNING, 1 + i);
  assert_ladder (f, 2, 5, 0, FALSE);

  /* The fifth warning with the suspension: flagged for closure. */
  record_ok (f, 1, CM_SANCTION_WARNING, 7);
  assert_ladder (f, 1, 5, 1, TRUE);
  flagged = cm_sanction_list_flagged (f->db, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (flagged->len, ==, 1);
  g_assert_cmpint (g_array_index (flagged, gint64, 0), ==, 1);
  g_clear_pointer (&flagged, g_array_unref);

  /* Once the closure is decided, the flag has done its work. */
  record_ok (f, 1, CM_SANCTION_CLOSURE, 8);
  assert_ladder (f, 1, 5, 1, FALSE);
  flagged = cm_sanction_list_flagged (f->db, &error);
  g_assert_cmpuint (flagged->len, ==, 0);

  g_assert_false (cm_sanction_get_ladder (f->db, 99, NULL, NULL, NULL, &error));
  g_assert_error (error, CM_SANCTION_ERROR, CM_SANCTION_ERROR_NOT_FOUND);
}

static void
test_status_follows (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDate) from = g_date_new_dmy (11, G_DATE_MARCH, 2024);
  g_autoptr(GDate) reopen = g_date_new_dmy (1, G_DATE_APRIL, 2024);
  g_autoptr(GListModel) changes = NULL;
  g_autoptr(CmStatusChange) change = NULL;
  gint64 suspension, decision;

  /* A suspension with its status decision, in one go. */
  suspension = record (f, 1, CM_SANCTION_SUSPENSION, 8, from, &error);
  g_assert_no_error (error);
  g_assert_cmpint (suspension, >, 0);
  g_assert_cmpint (cm_test_db_int (f->db, "SELECT count(*) FROM canteen WHERE id = 1 AND status = 'suspended'"), ==, 1);

  changes = cm_status_change_list (f->db, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (changes), ==, 1);
  change = g_list_model_get_item (changes, 0);
  g_assert_cmpstr (cm_status_change_get_old_status (change), ==, "active");
  g_assert_cmpstr (cm_status_change_get_new_status (change), ==, "suspended");
  g_assert_cmpstr (cm_status_change_get_effective_on (change), ==, "2024-03-11");
  g_assert_cmpint (cm_status_change_get_sanction_id (change), ==, suspension);
  g_assert_cmpstr (cm_status_change_get_reason (change), ==, "Cobro mayor a la cuota de recuperación");
  g_assert_cmpint (cm_test_db_int (f->db, "SELECT count(*) FROM audit WHERE entity = 'status_change'"
                                     " AND action = 'decide_status'"
                                     " AND json_extract (before, '$.status') = 'active'"
                                     " AND json_extract (after, '$.canteen.status') = 'suspended'"), ==, 1);

  /* A second suspension cannot suspend it again: and the sanction that came
   * with it is not kept either. */
  g_assert_cmpint (record (f, 1, CM_SANCTION_SUSPENSION, 9, from, &error), ==, 0);
  g_assert_error (error, CM_SANCTION_ERROR, CM_SANCTION_ERROR_STATE);
  g_clear_error (&error);
  g_assert_cmpint (cm_test_db_int (f->db, "SELECT count(*) FROM sanction"), ==, 1);
  g_assert_cmpint (cm_test_db_int (f->db, "SELECT count(*) FROM audit"), ==, 2);

  /* The supervisor lifts it, with a reason. */
  g_assert_cmpint (cm_status_change_record (f->db, 1, CM_CANTEEN_STATUS_ACTIVE, reopen, "Beatriz Supervisora",
                                            "", ACTOR, &error), ==, 0);
  g_assert_error (error, CM_SANCTION_ERROR, CM_SANCTION_ERROR_INVALID);
  g_clear_error (&error);
  decision = cm_status_change_record (f->db, 1, CM_CANTEEN_STATUS_ACTIVE, reopen, "Beatriz Supervisora",
                                      "Devolvió lo cobrado de más y lo comprobó", ACTOR, &error);
  g_assert_no_error (error);
  g_assert_cmpint (decision, >, 0);
  g_assert_cmpint (cm_test_db_int (f->db, "SELECT count(*) FROM canteen WHERE id = 1 AND status = 'active'"), ==, 1);

  /* A closure with its date closes it. */
  g_assert_cmpint (record (f, 1, CM_SANCTION_CLOSURE, 20, reopen, &error), >, 0);
  g_assert_no_error (error);
  g_assert_cmpint (cm_test_db_int (f->db, "SELECT count(*) FROM canteen WHERE id = 1 AND status = 'closed'"
                                     " AND closed_on = '2024-04-01'"), ==, 1);
  g_clear_object (&changes);
  changes = cm_status_change_list (f->db, 1, &error);
  g_assert_cmpuint (g_list_model_get_n_items (changes), ==, 3);

  /* Deciding what already is changes nothing. */
  g_assert_cmpint (cm_status_change_record (f->db, 1, CM_CANTEEN_STATUS_CLOSED, reopen, "Beatriz Supervisora",
                                            "Otra vez", ACTOR, &error), ==, 0);
  g_assert_error (error, CM_SANCTION_ERROR, CM_SANCTION_ERROR_STATE);
  g_clear_error (&error);

  g_assert_true (cm_audit_verify (f->db, NULL, NULL, &error));
  g_assert_no_error (error);
}

static void
test_immutable (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDate) from = g_date_new_dmy (11, G_DATE_MARCH, 2024);

  g_assert_cmpint (record (f, 1, CM_SANCTION_SUSPENSION, 8, from, &error), >, 0);
  g_assert_no_error (error);

  cm_test_db_refused (f->db, "UPDATE sanction SET reason = 'Otra cosa'", "a recorded");
  cm_test_db_refused (f->db, "UPDATE sanction SET kind = 'warning'", "a recorded");
  cm_test_db_refused (f->db, "DELETE FROM sanction", "a recorded");
  cm_test_db_refused (f->db, "UPDATE status_change SET reason = 'Otra cosa'", "a recorded");
  cm_test_db_refused (f->db, "UPDATE status_change SET new_status = 'active'", "a recorded");
  cm_test_db_refused (f->db, "DELETE FROM status_change", "a recorded");

  g_assert_cmpint (cm_test_db_int (f->db, "SELECT count(*) FROM sanction WHERE kind = 'suspension'"
                                     " AND reason = 'Cobro mayor a la cuota de recuperación'"), ==, 1);
  g_assert_cmpint (cm_test_db_int (f->db, "SELECT count(*) FROM status_change WHERE new_status = 'suspended'"), ==, 1);
  g_assert_cmpint (cm_test_db_int (f->db, "SELECT count(*) FROM canteen WHERE id = 1 AND status = 'suspended'"), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/sanction/record", test_record);
  ADD ("/sanction/refused", test_refused);
  ADD ("/sanction/ladder", test_ladder);
  ADD ("/sanction/status-follows", test_status_follows);
  ADD ("/sanction/immutable", test_immutable);

#undef ADD

  return g_test_run ();
}
