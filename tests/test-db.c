/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "cm-db-private.h"
#include "cm-test-util.h"

typedef struct
{
  char *dir;
  char *path;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->dir = cm_test_make_tmp_dir ("test-db");
  f->path = g_build_filename (f->dir, "test.db", NULL);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  cm_test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

static char *
file_digest (const char *path)
{
  g_autofree char *contents = NULL;
  gsize length;

  if (!g_file_get_contents (path, &contents, &length, NULL))
    return g_strdup ("(none)");
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, length);
}

static void
test_create_and_reopen (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CmDb) db = NULL;
  sqlite3_stmt *stmt;

  db = cm_db_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (db);
  g_assert_cmpint (cm_db_get_schema_version (db), ==, cm_db_get_latest_version ());
  g_assert_cmpint (cm_db_query_int (db, "PRAGMA application_id", NULL), ==, CM_DB_APPLICATION_ID);
  g_assert_cmpint (cm_db_query_int (db, "SELECT count(*) FROM alcaldia", NULL), ==, 16);
  g_assert_true (cm_db_is_empty (db));

  /* WAL and foreign keys are on. */
  stmt = cm_db_prepare (db, "PRAGMA journal_mode", &error);
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "wal");
  sqlite3_reset (stmt);
  g_assert_cmpint (cm_db_query_int (db, "PRAGMA foreign_keys", NULL), ==, 1);

  /* The statement cache gives back the same statement, reset. */
  g_assert_true (cm_db_prepare (db, "PRAGMA journal_mode", NULL) == stmt);

  g_assert_true (cm_db_exec (db,
                             "INSERT INTO canteen (folio, name, modality, alcaldia_code)"
                             " VALUES ('CC001', 'Comedor Uno', 'comunitario', '09007')",
                             &error));
  g_assert_no_error (error);
  g_clear_object (&db);

  /* Reopening keeps the data and applies nothing again. */
  db = cm_db_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cm_db_get_schema_version (db), ==, cm_db_get_latest_version ());
  g_assert_cmpint (cm_db_query_int (db, "SELECT count(*) FROM canteen", NULL), ==, 1);
  g_assert_false (cm_db_is_empty (db));
}

static void
test_foreign_keys (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CmDb) db = cm_db_open (f->path, &error);

  g_assert_no_error (error);

  /* A kitchen in an alcaldía that does not exist is refused. */
  g_assert_false (cm_db_exec (db,
                              "INSERT INTO canteen (folio, name, modality, alcaldia_code)"
                              " VALUES ('CC002', 'X', 'comunitario', '09099')",
                              &error));
  g_assert_error (error, CM_DB_ERROR, CM_DB_ERROR_QUERY);
  g_clear_error (&error);

  /* A committee member of a kitchen that does not exist is refused. */
  g_assert_false (cm_db_exec (db,
                              "INSERT INTO committee_member (canteen_id, name, role, since)"
                              " VALUES (999, 'Nadie', 'vocal', '2020-01-01')",
                              &error));
  g_assert_error (error, CM_DB_ERROR, CM_DB_ERROR_QUERY);
  g_clear_error (&error);

  /* Deleting a report takes its purchases with it. */
  g_assert_true (cm_db_exec (db,
                             "INSERT INTO report (instance_id, folio_sent, report_date, raw)"
                             " VALUES ('uuid:1', 'CC001', '2026-11-02', '{}');"
                             "INSERT INTO purchase (report_id, position, concept, amount_cents)"
                             " VALUES (1, 1, 'Verdura', 12000);"
                             "DELETE FROM report;",
                             &error));
  g_assert_no_error (error);
  g_assert_cmpint (cm_db_query_int (db, "SELECT count(*) FROM purchase", NULL), ==, 0);

  /* An instance id is stored once. */
  g_assert_true (cm_db_exec (db,
                             "INSERT INTO report (instance_id, folio_sent, report_date, raw)"
                             " VALUES ('uuid:2', 'CC001', '2026-11-02', '{}')", &error));
  g_assert_false (cm_db_exec (db,
                              "INSERT INTO report (instance_id, folio_sent, report_date, raw)"
                              " VALUES ('uuid:2', 'CC001', '2026-11-03', '{}')", &error));
  g_clear_error (&error);
}

static void
test_audit_append_only (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CmDb) db = cm_db_open (f->path, &error);

  g_assert_no_error (error);
  g_assert_true (cm_db_exec (db,
                             "INSERT INTO audit (at, actor, action, entity, entity_id, prev_hash, hash)"
                             " VALUES ('2026-11-26T10:00:00Z', 'ana', 'create', 'canteen', '1', '', 'h1')",
                             &error));
  g_assert_false (cm_db_exec (db, "UPDATE audit SET actor = 'eve'", &error));
  g_assert_error (error, CM_DB_ERROR, CM_DB_ERROR_QUERY);
  g_clear_error (&error);
  g_assert_false (cm_db_exec (db, "DELETE FROM audit", &error));
  g_clear_error (&error);
  g_assert_cmpint (cm_db_query_int (db, "SELECT count(*) FROM audit WHERE actor = 'ana'", NULL), ==, 1);
}

static void
test_not_a_database (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CmDb) db = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *wal = g_strconcat (f->path, "-wal", NULL);
  const char *text = "ID,Nombre,Tipo\nCC001,Comedor,Comunitario\n"
                     "This is a CSV file, not a database. It is long enough to look like one.\n";

  g_assert_true (g_file_set_contents (f->path, text, -1, NULL));
  before = file_digest (f->path);

  db = cm_db_open (f->path, &error);
  g_assert_null (db);
  g_assert_error (error, CM_DB_ERROR, CM_DB_ERROR_NOT_A_DATABASE);
  g_assert_nonnull (strstr (error->message, f->path));

  after = file_digest (f->path);
  g_assert_cmpstr (before, ==, after);
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
}

static void
test_foreign_sqlite (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CmDb) db = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  sqlite3 *handle;

  /* Another program's SQLite file. */
  g_assert_cmpint (sqlite3_open (f->path, &handle), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (handle, "CREATE TABLE songs (title TEXT); INSERT INTO songs VALUES ('x');",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (handle);
  before = file_digest (f->path);

  db = cm_db_open (f->path, &error);
  g_assert_null (db);
  g_assert_error (error, CM_DB_ERROR, CM_DB_ERROR_NOT_A_DATABASE);

  after = file_digest (f->path);
  g_assert_cmpstr (before, ==, after);
}

static void
test_too_new (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CmDb) db = cm_db_open (f->path, &error);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *bump = NULL;

  g_assert_no_error (error);
  bump = g_strdup_printf ("PRAGMA user_version = %d", cm_db_get_latest_version () + 1);
  g_assert_true (cm_db_exec (db, bump, NULL));
  g_assert_true (cm_db_exec (db, "PRAGMA wal_checkpoint(TRUNCATE)", NULL));
  g_clear_object (&db);
  before = file_digest (f->path);

  db = cm_db_open (f->path, &error);
  g_assert_null (db);
  g_assert_error (error, CM_DB_ERROR, CM_DB_ERROR_TOO_NEW);

  after = file_digest (f->path);
  g_assert_cmpstr (before, ==, after);
}

static void
test_failing_migration (Fixture       *f,
                        gconstpointer  data)
{
  const char *migrations[] = {
    _cm_db_migrations[0],
    "CREATE TABLE later_feature (id INTEGER PRIMARY KEY);"
    "ALTER TABLE canteen ADD COLUMN compliance TEXT;"
    "INSERT INTO no_such_table VALUES (1);", /* fails half-way */
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(CmDb) db = NULL;

  db = _cm_db_open_with_migrations (f->path, migrations, 1, &error);
  g_assert_no_error (error);
  g_assert_true (cm_db_exec (db,
                             "INSERT INTO canteen (folio, name, modality) VALUES ('CC001', 'Uno', 'comunitario')",
                             NULL));
  g_clear_object (&db);

  db = _cm_db_open_with_migrations (f->path, migrations, 2, &error);
  g_assert_null (db);
  g_assert_error (error, CM_DB_ERROR, CM_DB_ERROR_MIGRATION);
  g_clear_error (&error);

  /* The file is at version 1, without any part of migration 2, with its data. */
  db = _cm_db_open_with_migrations (f->path, migrations, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cm_db_get_schema_version (db), ==, 1);
  g_assert_cmpint (cm_db_query_int (db, "SELECT count(*) FROM sqlite_schema WHERE name = 'later_feature'", NULL), ==, 0);
  g_assert_cmpint (cm_db_query_int (db, "SELECT count(*) FROM pragma_table_info('canteen') WHERE name = 'compliance'", NULL), ==, 0);
  g_assert_cmpint (cm_db_query_int (db, "SELECT count(*) FROM canteen", NULL), ==, 1);
}

static void
test_empty_file_is_new (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CmDb) db = NULL;

  /* A zero-byte file (as `touch` makes) is an empty database, not a foreign one. */
  g_assert_true (g_file_set_contents (f->path, "", 0, NULL));
  db = cm_db_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cm_db_get_schema_version (db), ==, cm_db_get_latest_version ());
}

static char *
last_report_of (CmDb       *db,
                const char *folio)
{
  sqlite3_stmt *stmt = cm_db_prepare (db, "SELECT last_report_date FROM canteen WHERE folio = ?1", NULL);
  char *value;

  sqlite3_bind_text (stmt, 1, folio, -1, SQLITE_TRANSIENT);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);

  return value;
}

#define ASSERT_LAST(db, folio, expected) \
  G_STMT_START { \
    g_autofree char *last = last_report_of (db, folio); \
    g_assert_cmpstr (last, ==, expected); \
  } G_STMT_END

static void
test_last_report_date (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CmDb) db = cm_db_open (f->path, &error);

  g_assert_no_error (error);
  g_assert_true (cm_db_exec (db,
                             "INSERT INTO canteen (id, folio, name, modality) VALUES"
                             "  (1, 'CC001', 'Uno', 'comunitario'), (2, 'CC002', 'Dos', 'comunitario');"
                             "INSERT INTO report (instance_id, canteen_id, folio_sent, report_date, raw) VALUES"
                             "  ('uuid:a', 1, 'CC001', '2026-11-02', '{}'),"
                             "  ('uuid:b', 1, 'CC001', '2026-11-04', '{}'),"
                             "  ('uuid:c', 1, 'CC001', '2026-11-03', '{}'),"
                             "  ('uuid:x', NULL, 'CC999', '2026-11-20', '{}');",
                             &error));
  g_assert_no_error (error);

  /* The newest report wins, whatever order they arrive in. */
  ASSERT_LAST (db, "CC001", "2026-11-04");
  ASSERT_LAST (db, "CC002", NULL);

  /* A corrected date moves it; so does a report moved to another kitchen. */
  g_assert_true (cm_db_exec (db, "UPDATE report SET report_date = '2026-11-05' WHERE instance_id = 'uuid:a'", NULL));
  ASSERT_LAST (db, "CC001", "2026-11-05");
  g_assert_true (cm_db_exec (db, "UPDATE report SET canteen_id = 2 WHERE instance_id = 'uuid:a'", NULL));
  ASSERT_LAST (db, "CC001", "2026-11-04");
  ASSERT_LAST (db, "CC002", "2026-11-05");

  /* A report whose folio was unknown, once matched, counts. */
  g_assert_true (cm_db_exec (db, "UPDATE report SET canteen_id = 2 WHERE instance_id = 'uuid:x'", NULL));
  ASSERT_LAST (db, "CC002", "2026-11-20");

  /* Deleting the newest falls back to the one before; the last, to none. */
  g_assert_true (cm_db_exec (db, "DELETE FROM report WHERE instance_id = 'uuid:b'", NULL));
  ASSERT_LAST (db, "CC001", "2026-11-03");
  g_assert_true (cm_db_exec (db, "DELETE FROM report WHERE canteen_id = 1", NULL));
  ASSERT_LAST (db, "CC001", NULL);
}

static void
test_upgrade_from_version_1 (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CmDb) db = NULL;

  /* A database as the first version wrote it, with reports. */
  db = _cm_db_open_with_migrations (f->path, _cm_db_migrations, 1, &error);
  g_assert_no_error (error);
  g_assert_true (cm_db_exec (db,
                             "INSERT INTO canteen (id, folio, name, modality) VALUES (1, 'CC001', 'Uno', 'comunitario');"
                             "INSERT INTO report (instance_id, canteen_id, folio_sent, report_date, raw) VALUES"
                             "  ('uuid:a', 1, 'CC001', '2026-10-30', '{}'), ('uuid:b', 1, 'CC001', '2026-11-02', '{}');",
                             &error));
  g_assert_no_error (error);
  g_clear_object (&db);

  /* Opening it brings it up to date and fills what the new version keeps. */
  db = cm_db_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cm_db_get_schema_version (db), ==, cm_db_get_latest_version ());
  ASSERT_LAST (db, "CC001", "2026-11-02");
  g_assert_cmpint (cm_db_query_int (db, "SELECT count(*) FROM report", NULL), ==, 2);
}

static void
test_unwritable_place (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CmDb) db = cm_db_open ("/nonexistent-dir/comedores/x.db", &error);

  g_assert_null (db);
  g_assert_error (error, CM_DB_ERROR, CM_DB_ERROR_OPEN);
}

/* One statement that rewrites every page of a table inside a transaction
 * keeps a statement journal of megabytes. SQLite 3.40 (Debian 12) answers
 * "database or disk is full" to it when SQLITE_CONFIG_STMTJRNL_SPILL is
 * raised past its 64 KiB default; the database must keep the default. */
static void
test_big_statement_journal (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CmDb) db = cm_db_open (f->path, &error);

  g_assert_no_error (error);
  g_assert_true (cm_db_exec (db,
                             "CREATE TABLE big (id INTEGER PRIMARY KEY, k TEXT UNIQUE, b TEXT);"
                             "CREATE TABLE big_log (id INTEGER PRIMARY KEY, k TEXT);"
                             "CREATE TRIGGER big_logged AFTER UPDATE ON big"
                             " BEGIN INSERT INTO big_log (k) VALUES (new.k); END;"
                             "WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000)"
                             " INSERT INTO big SELECT i, 'k' || i, hex (randomblob (100)) FROM n;",
                             &error));
  g_assert_no_error (error);

  g_assert_true (cm_db_begin (db, &error));
  g_assert_true (cm_db_exec (db, "UPDATE big SET b = b || 'x', k = k || 'y'", &error));
  g_assert_no_error (error);
  g_assert_true (cm_db_commit (db, &error));
  g_assert_cmpint (cm_db_query_int (db, "SELECT count(*) FROM big_log", NULL), ==, 20000);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/db/create-and-reopen", test_create_and_reopen);
  ADD ("/db/foreign-keys", test_foreign_keys);
  ADD ("/db/audit-append-only", test_audit_append_only);
  ADD ("/db/not-a-database", test_not_a_database);
  ADD ("/db/foreign-sqlite", test_foreign_sqlite);
  ADD ("/db/too-new", test_too_new);
  ADD ("/db/failing-migration", test_failing_migration);
  ADD ("/db/empty-file", test_empty_file_is_new);
  ADD ("/db/last-report-date", test_last_report_date);
  ADD ("/db/upgrade-from-1", test_upgrade_from_version_1);
  ADD ("/db/big-statement-journal", test_big_statement_journal);
#undef ADD
  g_test_add_func ("/db/unwritable", test_unwritable_place);

  return g_test_run ();
}
