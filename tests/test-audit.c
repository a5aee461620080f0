/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <string.h>
#include <sys/wait.h>

#include "cm-audit.h"
#include "cm-db.h"
#include "cm-outbox.h"
#include "cm-test-db.h"
#include "cm-test-util.h"

typedef struct
{
  char *dir;
  char *path;
  CmDb *db;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = cm_test_make_tmp_dir ("test-audit");
  f->path = g_build_filename (f->dir, "audit.db", NULL);
  f->db = cm_db_open (f->path, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->db);
  cm_test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

/* Appends one row in a transaction of its own, as a change would. */
static void
append (CmDb       *db,
        const char *actor,
        const char *action,
        gint64      entity_id,
        const char *before,
        const char *after)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (cm_db_begin (db, &error));
  g_assert_true (cm_audit_append (db, actor, action, "finding", entity_id, before, after, &error));
  g_assert_no_error (error);
  g_assert_true (cm_db_commit (db, &error));
}

static void
append_five (CmDb *db)
{
  append (db, "Ana Monitora", "open", 1, NULL, "{\"id\":1,\"state\":\"open\"}");
  append (db, "Ana Monitora", "open", 2, NULL, "{\"id\":2,\"state\":\"open\"}");
  append (db, "Beatriz Supervisora", "resolve", 1, "{\"id\":1,\"state\":\"open\"}",
          "{\"id\":1,\"state\":\"closed\"}");
  append (db, "Ana Monitora", "open", 3, NULL, "{\"id\":3,\"nota\":\"Sin báscula\"}");
  append (db, "Beatriz Supervisora", "resolve", 2, "{\"id\":2}", "{\"id\":2,\"state\":\"closed\"}");
}

/* The hash of a row, by the encoding documented in cm-audit.c, written
 * again here so that a change of encoding cannot pass unnoticed. */
static char *
documented_hash (const char * const fields[9])
{
  g_autoptr(GString) text = g_string_new ("cm-audit-1");

  for (guint i = 0; i < 9; i++)
    {
      if (fields[i] == NULL)
        g_string_append_c (text, '~');
      else
        g_string_append_printf (text, "%zu:%s", strlen (fields[i]), fields[i]);
    }
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, text->str, (gssize) text->len);
}

static void
test_chain (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) rows = NULL;
  g_autofree char *head = NULL;
  gint64 n = -1, bad = -1;

  /* An empty log is a whole chain. */
  g_assert_true (cm_audit_verify (f->db, &n, &bad, &error));
  g_assert_no_error (error);
  g_assert_cmpint (n, ==, 0);
  g_assert_cmpint (bad, ==, 0);

  append_five (f->db);
  g_assert_true (cm_audit_verify (f->db, &n, &bad, &error));
  g_assert_no_error (error);
  g_assert_cmpint (n, ==, 5);
  g_assert_cmpint (bad, ==, 0);

  rows = cm_audit_list (f->db, NULL, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, 5);

  /* The first row starts from 64 zeros, every other from its predecessor,
   * and each hash is the documented encoding's. */
  for (guint i = 0; i < 5; i++)
    {
      g_autoptr(CmAuditEntry) entry = g_list_model_get_item (rows, i);
      g_autofree char *sql = g_strdup_printf ("SELECT prev_hash FROM audit WHERE id = %u", i + 1);
      g_autofree char *prev = cm_test_db_text (f->db, sql);
      g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, cm_audit_entry_get_id (entry));
      g_autofree char *expected = NULL;
      g_autoptr(GDateTime) at = g_date_time_new_from_iso8601 (cm_audit_entry_get_at (entry), NULL);
      const char *fields[9] = {
        id, prev, cm_audit_entry_get_at (entry), cm_audit_entry_get_actor (entry),
        cm_audit_entry_get_action (entry), cm_audit_entry_get_entity (entry),
        cm_audit_entry_get_entity_id (entry), cm_audit_entry_get_before (entry),
        cm_audit_entry_get_after (entry)
      };

      g_assert_cmpint (cm_audit_entry_get_id (entry), ==, i + 1);
      if (i == 0)
        g_assert_cmpstr (prev, ==, "0000000000000000000000000000000000000000000000000000000000000000");
      else
        {
          g_autoptr(CmAuditEntry) previous = g_list_model_get_item (rows, i - 1);
          g_assert_cmpstr (prev, ==, cm_audit_entry_get_hash (previous));
        }
      expected = documented_hash (fields);
      g_assert_cmpstr (cm_audit_entry_get_hash (entry), ==, expected);

      /* The time is UTC ISO 8601. */
      g_assert_nonnull (at);
      g_assert_true (g_str_has_suffix (cm_audit_entry_get_at (entry), "Z"));
    }

  /* Filtered by record. */
  {
    g_autoptr(GListModel) one = cm_audit_list (f->db, "finding", 1, &error);
    g_autoptr(CmAuditEntry) last = NULL;

    g_assert_no_error (error);
    g_assert_cmpuint (g_list_model_get_n_items (one), ==, 2);
    last = g_list_model_get_item (one, 1);
    g_assert_cmpstr (cm_audit_entry_get_action (last), ==, "resolve");
    g_assert_cmpstr (cm_audit_entry_get_actor (last), ==, "Beatriz Supervisora");
  }

  head = cm_audit_get_head (f->db, &error);
  g_assert_no_error (error);
  {
    g_autoptr(CmAuditEntry) last = g_list_model_get_item (rows, 4);
    g_assert_cmpstr (head, ==, cm_audit_entry_get_hash (last));
  }
}

/* Fields that differ only in where one ends and the next begins hash
 * differently: the encoding is length-prefixed, not a plain concatenation. */
static void
test_encoding_unambiguous (void)
{
  g_autofree char *a = cm_audit_compute_hash (1, "x", "t", "ab", "c", "e", "1", NULL, "{}");
  g_autofree char *b = cm_audit_compute_hash (1, "x", "t", "a", "bc", "e", "1", NULL, "{}");
  g_autofree char *c = cm_audit_compute_hash (1, "x", "t", "ab", "c", "e", "1", "", "{}");
  g_autofree char *d = cm_audit_compute_hash (11, "x", "t", "ab", "c", "e", "", NULL, "{}");

  g_assert_cmpstr (a, !=, b);
  g_assert_cmpstr (a, !=, c);   /* NULL is not the empty text */
  g_assert_cmpstr (a, !=, d);
  g_assert_cmpuint (strlen (a), ==, 64);
}

static void
test_append_only (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  append_five (f->db);

  /* The schema's own triggers refuse edits and deletions. */
  g_assert_false (cm_db_exec (f->db, "UPDATE audit SET actor = 'Nadie' WHERE id = 2", &error));
  g_assert_error (error, CM_DB_ERROR, CM_DB_ERROR_QUERY);
  g_assert_nonnull (strstr (error->message, "append-only"));
  g_clear_error (&error);
  g_assert_false (cm_db_exec (f->db, "DELETE FROM audit WHERE id = 2", &error));
  g_assert_error (error, CM_DB_ERROR, CM_DB_ERROR_QUERY);
  g_clear_error (&error);
  g_assert_cmpint (cm_test_db_int (f->db, "SELECT count(*) FROM audit WHERE actor = 'Nadie'"), ==, 0);

  /* Nobody's name, nobody's change. */
  g_assert_true (cm_db_begin (f->db, NULL));
  g_assert_false (cm_audit_append (f->db, "  ", "open", "finding", 9, NULL, "{}", &error));
  g_assert_error (error, CM_AUDIT_ERROR, CM_AUDIT_ERROR_NO_ACTOR);
  cm_db_rollback (f->db);
  g_assert_cmpint (cm_test_db_int (f->db, "SELECT count(*) FROM audit"), ==, 5);
}

static void
assert_broken (Fixture    *f,
               gint64      expected_bad,
               int         expected_code,
               const char *expected_words)
{
  g_autoptr(GError) error = NULL;
  gint64 bad = 0;

  g_assert_false (cm_audit_verify (f->db, NULL, &bad, &error));
  g_assert_error (error, CM_AUDIT_ERROR, expected_code);
  g_assert_cmpint (bad, ==, expected_bad);
  if (strstr (error->message, expected_words) == NULL)
    g_error ("“%s” does not say “%s”", error->message, expected_words);
}

static void
test_edited_row (Fixture       *f,
                 gconstpointer  data)
{
  append_five (f->db);

  /* Somebody with the file in hand drops the guard and edits row 3. */
  cm_test_db_exec (f->db, "DROP TRIGGER audit_no_update");
  cm_test_db_exec (f->db, "UPDATE audit SET actor = 'Otra Persona' WHERE id = 3");
  assert_broken (f, 3, CM_AUDIT_ERROR_ALTERED, "Row 3 of the audit log was altered");
}

static void
test_edited_json (Fixture       *f,
                  gconstpointer  data)
{
  append_five (f->db);

  /* One character of the record after the change. */
  cm_test_db_exec (f->db, "DROP TRIGGER audit_no_update");
  cm_test_db_exec (f->db, "UPDATE audit SET after = replace (after, 'báscula', 'bascula') WHERE id = 4");
  assert_broken (f, 4, CM_AUDIT_ERROR_ALTERED, "Row 4");
}

static void
test_rehashed_row (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *forged = NULL;
  g_autofree char *prev = NULL;
  g_autofree char *at = NULL;
  g_autofree char *sql = NULL;

  append_five (f->db);

  /* Cleverer: row 2 is edited and its own hash recomputed. Row 3 no longer
   * follows it. */
  prev = cm_test_db_text (f->db, "SELECT prev_hash FROM audit WHERE id = 2");
  at = cm_test_db_text (f->db, "SELECT at FROM audit WHERE id = 2");
  forged = cm_audit_compute_hash (2, prev, at, "Ana Monitora", "open", "finding", "2", NULL, "{\"id\":2}");
  sql = g_strdup_printf ("UPDATE audit SET after = '{\"id\":2}', hash = '%s' WHERE id = 2", forged);
  cm_test_db_exec (f->db, "DROP TRIGGER audit_no_update");
  cm_test_db_exec (f->db, sql);
  assert_broken (f, 3, CM_AUDIT_ERROR_UNLINKED, "Row 3 of the audit log does not follow row 2");
}

static void
test_deleted_row (Fixture       *f,
                  gconstpointer  data)
{
  append_five (f->db);

  cm_test_db_exec (f->db, "DROP TRIGGER audit_no_delete");
  cm_test_db_exec (f->db, "DELETE FROM audit WHERE id = 2");
  assert_broken (f, 3, CM_AUDIT_ERROR_GAP, "Row 2 of the audit log was removed");
}

static void
test_deleted_rows (Fixture       *f,
                   gconstpointer  data)
{
  append_five (f->db);

  cm_test_db_exec (f->db, "DROP TRIGGER audit_no_delete");
  cm_test_db_exec (f->db, "DELETE FROM audit WHERE id IN (1, 2)");
  assert_broken (f, 3, CM_AUDIT_ERROR_GAP, "Rows 1 to 2 of the audit log were removed");
}

static void
test_inserted_row (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *sql = NULL;
  g_autofree char *prev = NULL;
  g_autofree char *forged = NULL;

  append_five (f->db);

  /* A row slipped in between 2 and 3: it takes 3's id, 3 onwards move up.
   * Even with a correct hash of its own, the old row 3 no longer follows. */
  cm_test_db_exec (f->db, "DROP TRIGGER audit_no_update");
  cm_test_db_exec (f->db, "UPDATE audit SET id = id + 100 WHERE id >= 3");
  cm_test_db_exec (f->db, "UPDATE audit SET id = id - 99 WHERE id >= 103");
  prev = cm_test_db_text (f->db, "SELECT hash FROM audit WHERE id = 2");
  forged = cm_audit_compute_hash (3, prev, "2024-01-01T00:00:00Z", "Intruso", "open", "finding", "9", NULL, "{}");
  sql = g_strdup_printf ("INSERT INTO audit VALUES (3, '2024-01-01T00:00:00Z', 'Intruso', 'open', 'finding',"
                         " '9', NULL, '{}', '%s', '%s')", prev, forged);
  cm_test_db_exec (f->db, sql);
  assert_broken (f, 4, CM_AUDIT_ERROR_UNLINKED, "Row 4 of the audit log does not follow row 3");
}

/* The outbox's review of a report is written to the log with its change. */
static void
test_outbox_review (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) rows = NULL;
  g_autoptr(CmAuditEntry) entry = NULL;

  cm_test_db_exec (f->db,
        "INSERT INTO source (id, name, kind, base_url, project, form_id, created_at)"
        " VALUES (1, 'central', 'central', 'http://127.0.0.1:1', '1', 'reporte', '2024-01-01T00:00:00Z');"
        "INSERT INTO canteen (id, folio, name, modality) VALUES (1, 'CC001', 'Uno', 'comunitario');"
        "INSERT INTO report (id, source_id, instance_id, canteen_id, folio_sent, report_date, raw)"
        " VALUES (7, 1, 'uuid:7', 1, 'CC001', '2024-03-04', '{}');");

  /* Without a name nothing is queued. */
  g_assert_false (cm_outbox_queue_review (f->db, 7, CM_REVIEW_HAS_ISSUES, "Falta firma", "", &error));
  g_assert_error (error, CM_AUDIT_ERROR, CM_AUDIT_ERROR_NO_ACTOR);
  g_clear_error (&error);
  g_assert_cmpint (cm_outbox_count_pending (f->db), ==, 0);

  g_assert_true (cm_outbox_queue_review (f->db, 7, CM_REVIEW_HAS_ISSUES, "Falta firma", "Ana Monitora", &error));
  g_assert_no_error (error);
  g_assert_cmpint (cm_outbox_count_pending (f->db), ==, 2);

  rows = cm_audit_list (f->db, "report", 7, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, 1);
  entry = g_list_model_get_item (rows, 0);
  g_assert_cmpstr (cm_audit_entry_get_actor (entry), ==, "Ana Monitora");
  g_assert_cmpstr (cm_audit_entry_get_action (entry), ==, "queue_review");
  g_assert_nonnull (strstr (cm_audit_entry_get_before (entry), "\"review_state\":null"));
  g_assert_nonnull (strstr (cm_audit_entry_get_after (entry), "\"review_state\":\"hasIssues\""));
  g_assert_nonnull (strstr (cm_audit_entry_get_after (entry), "\"comment\":\"Falta firma\""));
  g_assert_true (cm_audit_verify (f->db, NULL, NULL, &error));
}

typedef struct
{
  int   status;
  char *out;
  char *err;
} Run;

static void
run_clear (Run *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
}

static void
run_cli (Fixture    *f,
         Run        *run,
         const char *first,
         ...)
{
  const char *cli = g_getenv ("COMEDORES_CLI");
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) envp = g_environ_setenv (g_get_environ (), "XDG_DATA_HOME", f->dir, TRUE);
  const char *arg;
  int wait_status = 0;
  va_list args;

  g_assert_nonnull (cli);
  g_ptr_array_add (argv, (char *) cli);
  g_ptr_array_add (argv, (char *) "--db");
  g_ptr_array_add (argv, f->path);
  va_start (args, first);
  for (arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  run_clear (run);
  g_spawn_sync (NULL, (char **) argv->pdata, envp, G_SPAWN_DEFAULT, NULL, NULL,
                &run->out, &run->err, &wait_status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (wait_status));
  run->status = WEXITSTATUS (wait_status);
}

static void
test_cli (Fixture       *f,
          gconstpointer  data)
{
  g_auto(GStrv) lines = NULL;
  g_autofree char *head = NULL;
  g_autofree char *head_line = NULL;
  Run run = { 0 };

  run_cli (f, &run, "audit", "verify", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (g_str_has_prefix (run.out, "ok, 0 rows\n"));

  append_five (f->db);
  head = cm_audit_get_head (f->db, NULL);
  head_line = g_strdup_printf ("head: %s\n", head);
  run_cli (f, &run, "audit", "verify", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (g_str_has_prefix (run.out, "ok, 5 rows\n"));
  g_assert_nonnull (strstr (run.out, head_line));

  /* Listed, one change per line, by record. */
  run_cli (f, &run, "audit", "list", "--entity", "finding", "--id", "2", NULL);
  g_assert_cmpint (run.status, ==, 0);
  lines = g_strsplit (g_strchomp (run.out), "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 2);
  g_assert_true (g_str_has_prefix (lines[0], "2\t"));
  g_assert_nonnull (strstr (lines[1], "\tBeatriz Supervisora\tresolve\tfinding\t2\t"));
  run_cli (f, &run, "audit", "list", "--id", "2", NULL);
  g_assert_cmpint (run.status, ==, 2);

  /* A broken chain: exit status 1, the row named on standard output and in
   * a sentence on standard error. */
  cm_test_db_exec (f->db, "DROP TRIGGER audit_no_update");
  cm_test_db_exec (f->db, "UPDATE audit SET before = NULL WHERE id = 3");
  run_cli (f, &run, "audit", "verify", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_cmpstr (run.out, ==, "first_bad: 3\n");
  g_assert_nonnull (strstr (run.err, "Row 3 of the audit log was altered"));

  run_cli (f, &run, "audit", "frobnicate", NULL);
  g_assert_cmpint (run.status, ==, 2);

  run_clear (&run);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/audit/chain", test_chain);
  g_test_add_func ("/audit/encoding-unambiguous", test_encoding_unambiguous);
  ADD ("/audit/append-only", test_append_only);
  ADD ("/audit/edited-row", test_edited_row);
  ADD ("/audit/edited-json", test_edited_json);
  ADD ("/audit/rehashed-row", test_rehashed_row);
  ADD ("/audit/deleted-row", test_deleted_row);
  ADD ("/audit/deleted-rows", test_deleted_rows);
  ADD ("/audit/inserted-row", test_inserted_row);
  ADD ("/audit/outbox-review", test_outbox_review);
  ADD ("/audit/cli", test_cli);

#undef ADD

  return g_test_run ();
}
