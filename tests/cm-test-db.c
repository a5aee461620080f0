/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <string.h>

#include "cm-compliance.h"
#include "cm-demo.h"
#include "cm-test-db.h"

void
cm_test_db_exec (CmDb       *db,
                 const char *sql)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (cm_db_exec (db, sql, &error));
  g_assert_no_error (error);
}

gint64
cm_test_db_int (CmDb       *db,
                const char *sql)
{
  g_autoptr(GError) error = NULL;
  gint64 value = cm_db_query_int (db, sql, &error);

  g_assert_no_error (error);
  return value;
}

/* The first column of the first row, or NULL. */
char *
cm_test_db_text (CmDb       *db,
                 const char *sql)
{
  sqlite3_stmt *stmt = cm_db_prepare (db, sql, NULL);
  char *text = NULL;

  g_assert_nonnull (stmt);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    text = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);
  return text;
}

/* @sql must fail, with @because (when given) in SQLite's message. */
void
cm_test_db_refused (CmDb       *db,
                    const char *sql,
                    const char *because)
{
  g_autoptr(GError) error = NULL;

  if (cm_db_exec (db, sql, &error))
    g_error ("the database accepted “%s”", sql);
  g_assert_error (error, CM_DB_ERROR, CM_DB_ERROR_QUERY);
  if (because != NULL && strstr (error->message, because) == NULL)
    g_error ("“%s” was refused, but not because “%s”: %s", sql, because, error->message);
}

/* A check result as the checks engine stores it, with a day of evidence. */
void
cm_test_db_add_check (CmDb       *db,
                      gint64      rulebook_id,
                      gint64      canteen_id,
                      const char *period,
                      const char *rule_code,
                      const char *outcome,
                      int         failures)
{
  sqlite3_stmt *stmt = cm_db_prepare (db,
                                      "INSERT INTO check_result (canteen_id, period, rule_code, outcome, failures,"
                                      "                          evidence, rulebook_id, computed_at)"
                                      " VALUES (?1, ?2, ?3, ?4, ?5, json_object ('days', json_array (?2 || '-05')),"
                                      "         ?6, '2024-03-01T06:00:00Z')",
                                      NULL);

  g_assert_nonnull (stmt);
  sqlite3_bind_int64 (stmt, 1, canteen_id);
  sqlite3_bind_text (stmt, 2, period, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, rule_code, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, outcome, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 5, failures);
  sqlite3_bind_int64 (stmt, 6, rulebook_id);
  g_assert_true (cm_db_step_done (db, stmt, NULL));
}

/* A demo world of @kitchens over @months at @path with its checks
 * evaluated, as after a sync: a window opened on it has nothing to evaluate
 * first. */
CmDb *
cm_test_db_new_checked (const char *path,
                        guint       kitchens,
                        guint       months)
{
  g_autoptr(GError) error = NULL;
  CmDemoOptions options;
  CmDb *db;

  db = cm_db_open (path, &error);
  g_assert_no_error (error);

  cm_demo_options_init_default (&options);
  options.kitchens = kitchens;
  options.months = months;
  g_assert_true (cm_demo_generate (db, &options, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (cm_compliance_update (db, NULL, NULL, NULL, &error));
  g_assert_no_error (error);

  return db;
}
