/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <math.h>
#include <string.h>

#include "cm-audit.h"
#include "cm-canteen.h"
#include "cm-canteen-edit.h"
#include "cm-canteen-list.h"
#include "cm-db.h"
#include "cm-test-db.h"
#include "cm-test-util.h"

#define ACTOR "Rosa Monitora"

typedef struct
{
  char  *dir;
  CmDb  *db;
  GDate  today;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  f->dir = cm_test_make_tmp_dir ("test-canteen-edit");
  path = g_build_filename (f->dir, "edit.db", NULL);
  f->db = cm_db_open (path, &error);
  g_assert_no_error (error);
  cm_test_db_exec (f->db,
        "INSERT INTO canteen (id, folio, name, modality, address, colonia, alcaldia_code,"
        "                     latitude, longitude, schedule, capacity, tablet_id) VALUES"
        "  (1, 'CC001', 'Comedor Uno', 'comunitario', 'Calle 1', 'Centro', '09007',"
        "   19.35, -99.05, 'L-V 11:00-16:00', 150, 'TAB-1'),"
        "  (2, 'CC002', 'Comedor Dos', 'comunitario', 'Calle 2', 'Norte', '09005',"
        "   NULL, NULL, '', NULL, 'TAB-2');"
        /* New kitchens are due everywhere; the tests watch what edits add. */
        "DELETE FROM check_dirty;");
  g_date_clear (&f->today, 1);
  g_date_set_dmy (&f->today, 15, G_DATE_JUNE, 2025);
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
n_audit (Fixture *f)
{
  return cm_test_db_int (f->db, "SELECT count (*) FROM audit");
}

static CmCanteen *
load_canteen (Fixture *f,
              gint64   id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) list = cm_canteen_list_load (f->db, &f->today, &error);
  guint n;

  g_assert_no_error (error);
  n = g_list_model_get_n_items (list);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CmCanteen) c = g_list_model_get_item (list, i);

      if (cm_canteen_get_id (c) == id)
        return g_steal_pointer (&c);
    }
  g_assert_not_reached ();
}

/* The record of kitchen 1 as loaded, for a test to change one field of. */
static void
record_of (Fixture         *f,
           CmCanteen      **keep,
           CmCanteenRecord *record)
{
  *keep = load_canteen (f, 1);
  cm_canteen_record_init_from (record, *keep);
}

static void
assert_verified (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  gint64 rows = 0, bad = 0;

  g_assert_true (cm_audit_verify (f->db, &rows, &bad, &error));
  g_assert_no_error (error);
  g_assert_cmpint (rows, ==, n_audit (f));
}

static void
test_edit_each_field (Fixture       *f,
                      gconstpointer  data)
{
  static const struct
  {
    const char *field;
    const char *column_sql;
    const char *want;
    const char *before;
    const char *after;
  } cases[] = {
    { "name", "SELECT name FROM canteen WHERE id = 1", "Comedor La Esperanza",
      "{\"name\":\"Comedor Uno\"}", "{\"name\":\"Comedor La Esperanza\"}" },
    { "address", "SELECT address FROM canteen WHERE id = 1", "Av. Ermita 20",
      "{\"address\":\"Calle 1\"}", "{\"address\":\"Av. Ermita 20\"}" },
    { "colonia", "SELECT colonia FROM canteen WHERE id = 1", "San Lorenzo",
      "{\"colonia\":\"Centro\"}", "{\"colonia\":\"San Lorenzo\"}" },
    { "alcaldia", "SELECT alcaldia_code FROM canteen WHERE id = 1", "09012",
      "{\"alcaldia_code\":\"09007\"}", "{\"alcaldia_code\":\"09012\"}" },
    { "schedule", "SELECT schedule FROM canteen WHERE id = 1", "L-V 10:00-16:00",
      "{\"schedule\":\"L-V 11:00-16:00\"}", "{\"schedule\":\"L-V 10:00-16:00\"}" },
    { "capacity", "SELECT capacity FROM canteen WHERE id = 1", "220",
      "{\"capacity\":150}", "{\"capacity\":220}" },
    { "tablet", "SELECT tablet_id FROM canteen WHERE id = 1", "TAB-9",
      "{\"tablet_id\":\"TAB-1\"}", "{\"tablet_id\":\"TAB-9\"}" },
    { "point", "SELECT printf ('%.4f,%.4f', latitude, longitude) FROM canteen WHERE id = 1", "19.4000,-99.1000",
      "{\"latitude\":19.35,\"longitude\":-99.05}", "{\"latitude\":19.4,\"longitude\":-99.1}" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(CmCanteen) keep = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(GListModel) entries = NULL;
      g_autoptr(CmAuditEntry) entry = NULL;
      g_autofree char *stored = NULL;
      CmCanteenRecord record;
      gint64 before_rows = n_audit (f);
      gboolean changed = FALSE;

      g_test_message ("field %s", cases[i].field);
      record_of (f, &keep, &record);
      if (g_str_equal (cases[i].field, "name"))
        record.name = cases[i].want;
      else if (g_str_equal (cases[i].field, "address"))
        record.address = cases[i].want;
      else if (g_str_equal (cases[i].field, "colonia"))
        record.colonia = cases[i].want;
      else if (g_str_equal (cases[i].field, "alcaldia"))
        record.alcaldia_code = cases[i].want;
      else if (g_str_equal (cases[i].field, "schedule"))
        record.schedule = cases[i].want;
      else if (g_str_equal (cases[i].field, "capacity"))
        record.capacity = 220;
      else if (g_str_equal (cases[i].field, "tablet"))
        record.tablet_id = cases[i].want;
      else
        {
          record.latitude = 19.4;
          record.longitude = -99.1;
        }

      g_assert_true (cm_canteen_edit_record (f->db, 1, &record, ACTOR, &changed, &error));
      g_assert_no_error (error);
      g_assert_true (changed);

      stored = cm_test_db_text (f->db, cases[i].column_sql);
      g_assert_cmpstr (stored, ==, cases[i].want);
      g_assert_cmpint (n_audit (f), ==, before_rows + 1);

      entries = cm_audit_list (f->db, "canteen", 1, &error);
      g_assert_no_error (error);
      entry = g_list_model_get_item (entries, g_list_model_get_n_items (entries) - 1);
      g_assert_cmpstr (cm_audit_entry_get_actor (entry), ==, ACTOR);
      g_assert_cmpstr (cm_audit_entry_get_action (entry), ==, "edit");
      g_assert_cmpstr (cm_audit_entry_get_before (entry), ==, cases[i].before);
      g_assert_cmpstr (cm_audit_entry_get_after (entry), ==, cases[i].after);
    }

  assert_verified (f);
}

static void
test_edit_no_op (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(CmCanteen) keep = NULL;
  g_autoptr(GError) error = NULL;
  CmCanteenRecord record;
  gboolean changed = TRUE;

  record_of (f, &keep, &record);
  /* Surrounding spaces and a point as the editor shows it (six decimals)
   * change nothing. */
  record.name = "  Comedor Uno ";
  record.latitude = 19.350000;
  g_assert_true (cm_canteen_edit_record (f->db, 1, &record, ACTOR, &changed, &error));
  g_assert_no_error (error);
  g_assert_false (changed);
  g_assert_cmpint (n_audit (f), ==, 0);
  g_assert_cmpint (cm_test_db_int (f->db, "SELECT count (*) FROM check_dirty"), ==, 0);

  /* A kitchen with no point, no capacity: saving it as it is writes nothing. */
  g_clear_object (&keep);
  keep = load_canteen (f, 2);
  cm_canteen_record_init_from (&record, keep);
  g_assert_true (cm_canteen_edit_record (f->db, 2, &record, ACTOR, &changed, &error));
  g_assert_no_error (error);
  g_assert_false (changed);
  g_assert_cmpint (n_audit (f), ==, 0);
}

static void
assert_refused (Fixture               *f,
                const CmCanteenRecord *record,
                gint64                 canteen_id,
                int                    code)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *before = cm_test_db_text (f->db, "SELECT json_group_array (json_array (name, address, colonia, alcaldia_code, latitude, longitude, schedule, capacity, tablet_id)) FROM canteen");
  g_autofree char *after = NULL;
  gint64 rows = n_audit (f);

  g_assert_false (cm_canteen_edit_record (f->db, canteen_id, record, ACTOR, NULL, &error));
  g_assert_error (error, CM_CANTEEN_EDIT_ERROR, code);
  g_assert_nonnull (error->message);
  g_test_message ("refused: %s", error->message);

  after = cm_test_db_text (f->db, "SELECT json_group_array (json_array (name, address, colonia, alcaldia_code, latitude, longitude, schedule, capacity, tablet_id)) FROM canteen");
  g_assert_cmpstr (after, ==, before);
  g_assert_cmpint (n_audit (f), ==, rows);
}

static void
test_edit_refused (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(CmCanteen) keep = NULL;
  g_autoptr(GError) error = NULL;
  CmCanteenRecord record, base;
  double lat, lon;

  record_of (f, &keep, &base);

  record = base;
  record.name = "   ";
  assert_refused (f, &record, 1, CM_CANTEEN_EDIT_ERROR_INVALID);

  record = base;
  record.latitude = NAN;   /* one without the other */
  assert_refused (f, &record, 1, CM_CANTEEN_EDIT_ERROR_INVALID);

  record = base;
  record.latitude = -99.1; /* swapped */
  record.longitude = 19.4;
  assert_refused (f, &record, 1, CM_CANTEEN_EDIT_ERROR_INVALID);

  record = base;
  record.latitude = 20.67; /* Guadalajara */
  record.longitude = -103.35;
  assert_refused (f, &record, 1, CM_CANTEEN_EDIT_ERROR_INVALID);

  record = base;
  record.capacity = -5;
  assert_refused (f, &record, 1, CM_CANTEEN_EDIT_ERROR_INVALID);

  record = base;
  record.alcaldia_code = "09099";
  record.name = "Otro nombre"; /* nothing of a refused change is kept */
  assert_refused (f, &record, 1, CM_CANTEEN_EDIT_ERROR_INVALID);

  record = base;
  record.tablet_id = " TAB-2 ";  /* kitchen 2's */
  record.schedule = "Otro horario";
  assert_refused (f, &record, 1, CM_CANTEEN_EDIT_ERROR_CONFLICT);

  assert_refused (f, &base, 99, CM_CANTEEN_EDIT_ERROR_NOT_FOUND);

  record = base;
  record.name = "Nuevo";
  g_assert_false (cm_canteen_edit_record (f->db, 1, &record, "  ", NULL, &error));
  g_assert_error (error, CM_AUDIT_ERROR, CM_AUDIT_ERROR_NO_ACTOR);
  g_clear_error (&error);
  g_assert_cmpint (n_audit (f), ==, 0);

  /* What a person types for a point. */
  g_assert_true (cm_canteen_edit_parse_point (" 19,35 ", "-99.05", &lat, &lon, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat_with_epsilon (lat, 19.35, 1e-9);
  g_assert_cmpfloat_with_epsilon (lon, -99.05, 1e-9);
  g_assert_true (cm_canteen_edit_parse_point ("", " ", &lat, &lon, &error));
  g_assert_true (isnan (lat) && isnan (lon));
  g_assert_false (cm_canteen_edit_parse_point ("19.35", "", &lat, &lon, &error));
  g_assert_error (error, CM_CANTEEN_EDIT_ERROR, CM_CANTEEN_EDIT_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (cm_canteen_edit_parse_point ("19.35N", "-99.05", &lat, &lon, &error));
  g_assert_error (error, CM_CANTEEN_EDIT_ERROR, CM_CANTEEN_EDIT_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "19.35N"));
  g_clear_error (&error);
  g_assert_false (cm_canteen_edit_parse_point ("19.35", "99.05", &lat, &lon, &error));
  g_assert_error (error, CM_CANTEEN_EDIT_ERROR, CM_CANTEEN_EDIT_ERROR_INVALID);
}

/* The point and the tablet feed the checks: changing them marks the
 * kitchen's evaluated months dirty; a name does not. */
static void
test_edit_marks_checks_dirty (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(CmCanteen) keep = NULL;
  g_autoptr(GError) error = NULL;
  CmCanteenRecord record;
  gint64 rulebook;

  cm_test_db_exec (f->db,
        "INSERT INTO rulebook (edition, sha256, body, loaded_at)"
        "  VALUES ('t', 'x', '{}', '2025-01-01T00:00:00Z');");
  rulebook = cm_test_db_int (f->db, "SELECT max (id) FROM rulebook");
  {
    g_autofree char *sql = g_strdup_printf (
        "INSERT INTO check_verdict (canteen_id, period, verdict, rulebook_id, computed_at)"
        "  VALUES (1, '2025-05', 'cumple', %" G_GINT64_FORMAT ", '2025-06-01T00:00:00Z');", rulebook);
    cm_test_db_exec (f->db, sql);
  }

  record_of (f, &keep, &record);
  record.name = "Solo el nombre";
  g_assert_true (cm_canteen_edit_record (f->db, 1, &record, ACTOR, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (cm_test_db_int (f->db, "SELECT count (*) FROM check_dirty"), ==, 0);

  record.tablet_id = "TAB-NUEVA";
  g_assert_true (cm_canteen_edit_record (f->db, 1, &record, ACTOR, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (cm_test_db_int (f->db, "SELECT count (*) FROM check_dirty WHERE canteen_id = 1 AND period = '2025-05'"), ==, 1);

  /* The committee's triggers too. */
  cm_test_db_exec (f->db, "DELETE FROM check_dirty;");
  {
    g_autoptr(GDate) since = g_date_new_dmy (1, G_DATE_MARCH, 2023);
    gint64 id = cm_canteen_edit_add_member (f->db, 1, "Ana", "vocal", since, &f->today, ACTOR, &error);

    g_assert_no_error (error);
    g_assert_cmpint (cm_test_db_int (f->db, "SELECT count (*) FROM check_dirty WHERE canteen_id = 1"), ==, 1);
    cm_test_db_exec (f->db, "DELETE FROM check_dirty;");
    g_assert_true (cm_canteen_edit_set_holds_office (f->db, id, TRUE, ACTOR, NULL, &error));
    g_assert_cmpint (cm_test_db_int (f->db, "SELECT count (*) FROM check_dirty WHERE canteen_id = 1"), ==, 1);
  }
}

static gint64
add_member (Fixture    *f,
            gint64      canteen_id,
            const char *name,
            guint       since_year)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDate) since = g_date_new_dmy (1, G_DATE_MARCH, (GDateYear) since_year);
  gint64 id = cm_canteen_edit_add_member (f->db, canteen_id, name, "vocal", since, &f->today, ACTOR, &error);

  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

static void
test_committee_edits (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDate) early = g_date_new_dmy (1, G_DATE_JANUARY, 2020);
  g_autoptr(GDate) tomorrow = g_date_new_dmy (16, G_DATE_JUNE, 2025);
  g_autoptr(GDate) end = g_date_new_dmy (10, G_DATE_JUNE, 2025);
  g_autoptr(GListModel) entries = NULL;
  g_autoptr(CmAuditEntry) entry = NULL;
  g_autofree char *after = NULL;
  gboolean changed = FALSE;
  gint64 ana, rows;

  ana = add_member (f, 1, " Ana Pérez ", 2022);
  g_assert_cmpint (cm_test_db_int (f->db, "SELECT count (*) FROM committee_member WHERE name = 'Ana Pérez' AND until IS NULL"), ==, 1);
  g_assert_cmpint (n_audit (f), ==, 1);
  entries = cm_audit_list (f->db, "committee_member", ana, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (entries), ==, 1);
  entry = g_list_model_get_item (entries, 0);
  g_assert_cmpstr (cm_audit_entry_get_action (entry), ==, "add_member");
  g_assert_null (cm_audit_entry_get_before (entry));
  g_assert_nonnull (strstr (cm_audit_entry_get_after (entry), "\"name\":\"Ana Pérez\""));
  g_assert_nonnull (strstr (cm_audit_entry_get_after (entry), "\"holds_office\":false"));

  /* Refused, nothing written. */
  g_assert_cmpint (cm_canteen_edit_add_member (f->db, 1, "", "vocal", early, &f->today, ACTOR, &error), ==, 0);
  g_assert_error (error, CM_CANTEEN_EDIT_ERROR, CM_CANTEEN_EDIT_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (cm_canteen_edit_add_member (f->db, 1, "Luis", "vocal", tomorrow, &f->today, ACTOR, &error), ==, 0);
  g_assert_error (error, CM_CANTEEN_EDIT_ERROR, CM_CANTEEN_EDIT_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (cm_canteen_edit_add_member (f->db, 42, "Luis", "vocal", early, &f->today, ACTOR, &error), ==, 0);
  g_assert_error (error, CM_CANTEEN_EDIT_ERROR, CM_CANTEEN_EDIT_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (cm_canteen_edit_end_membership (f->db, ana, early, &f->today, ACTOR, &error));
  g_assert_error (error, CM_CANTEEN_EDIT_ERROR, CM_CANTEEN_EDIT_ERROR_INVALID);  /* before since */
  g_clear_error (&error);
  g_assert_false (cm_canteen_edit_end_membership (f->db, ana, tomorrow, &f->today, ACTOR, &error));
  g_assert_error (error, CM_CANTEEN_EDIT_ERROR, CM_CANTEEN_EDIT_ERROR_INVALID);  /* future */
  g_clear_error (&error);
  g_assert_false (cm_canteen_edit_end_membership (f->db, 999, end, &f->today, ACTOR, &error));
  g_assert_error (error, CM_CANTEEN_EDIT_ERROR, CM_CANTEEN_EDIT_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpint (n_audit (f), ==, 1);
  g_assert_cmpint (cm_test_db_int (f->db, "SELECT count (*) FROM committee_member"), ==, 1);

  /* Office: marked, the same mark again writes nothing, unmarked. */
  g_assert_true (cm_canteen_edit_set_holds_office (f->db, ana, TRUE, ACTOR, &changed, &error));
  g_assert_no_error (error);
  g_assert_true (changed);
  g_assert_cmpint (cm_test_db_int (f->db, "SELECT holds_office FROM committee_member"), ==, 1);
  g_assert_cmpint (n_audit (f), ==, 2);
  g_assert_true (cm_canteen_edit_set_holds_office (f->db, ana, TRUE, ACTOR, &changed, &error));
  g_assert_false (changed);
  g_assert_cmpint (n_audit (f), ==, 2);
  after = cm_test_db_text (f->db, "SELECT before || ' ' || after FROM audit WHERE id = 2");
  g_assert_cmpstr (after, ==, "{\"holds_office\":false} {\"holds_office\":true}");
  g_clear_pointer (&after, g_free);
  g_assert_true (cm_canteen_edit_set_holds_office (f->db, ana, FALSE, ACTOR, &changed, &error));
  g_assert_true (changed);
  g_assert_cmpint (n_audit (f), ==, 3);

  /* Ended: kept, with its until; not ended twice. */
  g_assert_true (cm_canteen_edit_end_membership (f->db, ana, end, &f->today, ACTOR, &error));
  g_assert_no_error (error);
  after = cm_test_db_text (f->db, "SELECT until FROM committee_member WHERE id = 1");
  g_assert_cmpstr (after, ==, "2025-06-10");
  g_clear_pointer (&after, g_free);
  after = cm_test_db_text (f->db, "SELECT action || ' ' || before || ' ' || after FROM audit WHERE id = 4");
  g_assert_cmpstr (after, ==, "end_membership {\"until\":null} {\"until\":\"2025-06-10\"}");
  rows = n_audit (f);
  g_assert_false (cm_canteen_edit_end_membership (f->db, ana, end, &f->today, ACTOR, &error));
  g_assert_error (error, CM_CANTEEN_EDIT_ERROR, CM_CANTEEN_EDIT_ERROR_CONFLICT);
  g_clear_error (&error);
  g_assert_cmpint (n_audit (f), ==, rows);
  g_assert_cmpint (cm_test_db_int (f->db, "SELECT count (*) FROM committee_member"), ==, 1);

  assert_verified (f);
}

static void
test_committee_flags (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDate) past = g_date_new_dmy (1, G_DATE_MAY, 2025);
  g_autoptr(CmCanteen) c = NULL;
  g_autofree char *problems = NULL;
  gint64 third, office;

  /* Two active and one ended: flagged for its size. */
  add_member (f, 1, "Ana", 2021);
  add_member (f, 1, "Beto", 2021);
  third = add_member (f, 1, "Carla", 2021);
  g_assert_true (cm_canteen_edit_end_membership (f->db, third, past, &f->today, ACTOR, &error));
  g_assert_no_error (error);
  c = load_canteen (f, 1);
  g_assert_cmpuint (cm_canteen_get_committee_active (c), ==, 2);
  g_assert_cmpuint (cm_canteen_get_committee_flags (c), ==, CM_COMMITTEE_FLAGS_FEW_MEMBERS);
  problems = cm_canteen_dup_committee_problems (c);
  g_assert_nonnull (problems);
  g_assert_nonnull (strstr (problems, "2"));
  g_clear_pointer (&problems, g_free);
  g_clear_object (&c);

  /* Three active: not flagged. */
  add_member (f, 1, "Dora", 2024);
  c = load_canteen (f, 1);
  g_assert_cmpuint (cm_canteen_get_committee_active (c), ==, 3);
  g_assert_cmpuint (cm_canteen_get_committee_flags (c), ==, CM_COMMITTEE_FLAGS_NONE);
  g_assert_null (cm_canteen_dup_committee_problems (c));
  g_clear_object (&c);

  /* Three active, one holding office: flagged for the office. */
  office = cm_test_db_int (f->db, "SELECT id FROM committee_member WHERE name = 'Beto'");
  g_assert_true (cm_canteen_edit_set_holds_office (f->db, office, TRUE, ACTOR, NULL, &error));
  g_assert_no_error (error);
  c = load_canteen (f, 1);
  g_assert_cmpuint (cm_canteen_get_committee_flags (c), ==, CM_COMMITTEE_FLAGS_OFFICE);
  g_clear_object (&c);

  /* An ended member's office no longer counts. */
  g_assert_true (cm_canteen_edit_set_holds_office (f->db, office, FALSE, ACTOR, NULL, &error));
  g_assert_true (cm_canteen_edit_set_holds_office (f->db, third, TRUE, ACTOR, NULL, &error));
  g_assert_no_error (error);
  c = load_canteen (f, 1);
  g_assert_cmpuint (cm_canteen_get_committee_flags (c), ==, CM_COMMITTEE_FLAGS_NONE);
  g_clear_object (&c);

  /* A member whose until is the reference day is no longer active that
   * day; one ending after it still is (rows from elsewhere may have one). */
  cm_test_db_exec (f->db, "UPDATE committee_member SET until = '2025-06-15' WHERE name = 'Dora';"
                          "UPDATE committee_member SET until = '2025-06-16' WHERE name = 'Ana';");
  c = load_canteen (f, 1);
  g_assert_cmpuint (cm_canteen_get_committee_active (c), ==, 2);
  g_clear_object (&c);

  /* No committee at all: flagged; closed kitchens are not. */
  c = load_canteen (f, 2);
  g_assert_cmpuint (cm_canteen_get_committee_active (c), ==, 0);
  g_assert_cmpuint (cm_canteen_get_committee_flags (c), ==, CM_COMMITTEE_FLAGS_FEW_MEMBERS);
  g_clear_object (&c);
  cm_test_db_exec (f->db, "UPDATE canteen SET status = 'closed' WHERE id = 2;");
  c = load_canteen (f, 2);
  g_assert_cmpuint (cm_canteen_get_committee_flags (c), ==, CM_COMMITTEE_FLAGS_NONE);

  assert_verified (f);
}

/* A kitchen made elsewhere (an import's preview) has no committee loaded:
 * it is not flagged for it. */
static void
test_flags_unknown (void)
{
  CmCanteenFields fields = { .id = 1, .folio = "CC001", .name = "Uno" };
  g_autoptr(CmCanteen) c = cm_canteen_new (&fields);

  g_assert_cmpuint (cm_canteen_get_committee_flags (c), ==, CM_COMMITTEE_FLAGS_NONE);
  fields.committee_known = TRUE;
  fields.committee_active = 3;
  fields.committee_office = 2;
  g_clear_object (&c);
  c = cm_canteen_new (&fields);
  g_assert_cmpuint (cm_canteen_get_committee_flags (c), ==, CM_COMMITTEE_FLAGS_OFFICE);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/canteen-edit/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("record/each-field", test_edit_each_field);
  ADD ("record/no-op", test_edit_no_op);
  ADD ("record/refused", test_edit_refused);
  ADD ("record/checks-dirty", test_edit_marks_checks_dirty);
  ADD ("committee/edits", test_committee_edits);
  ADD ("committee/flags", test_committee_flags);
  g_test_add_func ("/canteen-edit/committee/flags-unknown", test_flags_unknown);

#undef ADD

  return g_test_run ();
}
