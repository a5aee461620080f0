/* SPDX-License-Identifier: GPL-3.0-or-later */

/* A sync killed with SIGKILL at any moment, then run again, ends with
 * exactly the server's rows in a sound database. comedores-cli does the
 * syncing, as a monitor would run it; the server's rows are read here
 * over HTTP, without the sync engine, to compare against. */

#include "config.h"

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <signal.h>
#include <string.h>

#include "cm-db.h"
#include "cm-source.h"
#include "cm-sync.h"
#include "cm-test-sim.h"
#include "cm-test-util.h"

#define CENTRAL_USER     "monitor@example.org"
#define CENTRAL_PASSWORD "comedores-demo-2021"
#define KOBO_TOKEN       "0123456789abcdef0123456789abcdef01234567"

/* 1 239 submissions: five pages of the engine's default size, a sync of
 * a third of a second (Central) or a second (Kobo) on an idle desk. */
#define WORLD "--kitchens", "30", "--months", "2", "--end", "2026-10-31"

static char *tmp_dir;

typedef enum
{
  KILL_EARLY,          /* while starting, opening the database, logging in */
  KILL_MID_PAGE,       /* some time after a page was stored */
  KILL_BETWEEN_PAGES,  /* right after a page was stored */
  KILL_NEAR_END,       /* while the last page comes or is stored */
} KillMoment;

static const char * const moment_names[] = {
  "early", "mid-page", "between pages", "near the end",
};

typedef struct
{
  CmSourceKind  kind;
  const char   *name;
  const char   *secret;
  char         *db_path;
  GHashTable   *server;     /* instance id → the row as the server serves it */
  guint         page_size;  /* the engine's default, which the CLI uses */
  gint64        last_run;   /* the newest sync_run id seen so far */
  gint64        reports;    /* reports after the last round */
  guint         killed;
  guint         finished;
} Account;

/* --- the server's rows, read without the engine ------------------------ */

static JsonNode *
fetch_json (SoupSession *session,
            const char  *method,
            const char  *url,
            const char  *authorization,
            const char  *body)
{
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  const char *data;
  gsize size;

  g_assert_nonnull (msg);
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Accept", "application/json");
  if (authorization != NULL)
    soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", authorization);
  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));

      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
    }

  answer = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, SOUP_STATUS_OK);

  data = g_bytes_get_data (answer, &size);
  json_parser_load_from_data (parser, data, (gssize) size, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
  return json_node_copy (json_parser_get_root (parser));
}

static void
remember_row (GHashTable *rows,
              JsonNode   *row,
              const char *instance_id)
{
  g_assert_nonnull (instance_id);
  g_assert_false (g_hash_table_contains (rows, instance_id));
  g_hash_table_insert (rows, g_strdup (instance_id), json_node_ref (row));
}

static GHashTable *
new_row_table (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) json_node_unref);
}

/* Central: a session, then the OData feed page by page, following
 * @odata.nextLink as the server wrote it. */
static GHashTable *
central_rows (const CmTestSim *sim)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(JsonNode) login = NULL;
  g_autofree char *url = NULL;
  g_autofree char *bearer = NULL;
  GHashTable *rows = new_row_table ();
  gint64 count = -1;

  url = g_strconcat (sim->base_url, "/v1/sessions", NULL);
  login = fetch_json (session, "POST", url, NULL,
                      "{\"email\":\"" CENTRAL_USER "\",\"password\":\"" CENTRAL_PASSWORD "\"}");
  bearer = g_strdup_printf ("Bearer %s", json_object_get_string_member (json_node_get_object (login), "token"));

  g_free (url);
  url = g_strconcat (sim->base_url,
                     "/v1/projects/1/forms/reporte_diario.svc/Submissions?%24top=700&%24count=true&%24expand=*",
                     NULL);
  while (url != NULL)
    {
      g_autoptr(JsonNode) root = fetch_json (session, "GET", url, bearer, NULL);
      JsonObject *page = json_node_get_object (root);
      JsonArray *value = json_object_get_array_member (page, "value");

      count = json_object_get_int_member (page, "@odata.count");
      for (guint i = 0; i < json_array_get_length (value); i++)
        {
          JsonNode *row = json_array_get_element (value, i);

          remember_row (rows, row, json_object_get_string_member (json_node_get_object (row), "__id"));
        }

      g_free (url);
      url = g_strdup (json_object_get_string_member_with_default (page, "@odata.nextLink", NULL));
    }

  g_assert_cmpint (g_hash_table_size (rows), ==, count);
  return rows;
}

/* The instance id a Kobo document carries, where data/forms/kobo.json
 * looks for it. */
static const char *
kobo_instance_id (JsonObject *row)
{
  const char *id = json_object_get_string_member_with_default (row, "meta/rootUuid", NULL);

  return id != NULL ? id : json_object_get_string_member_with_default (row, "meta/instanceID", NULL);
}

/* Kobo: the data/ list page by page, following "next". */
static GHashTable *
kobo_rows (const CmTestSim *sim)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *url = NULL;
  GHashTable *rows = new_row_table ();
  gint64 count = -1;

  url = g_strconcat (sim->base_url, "/api/v2/assets/aReporteDiario/data/?format=json&limit=700", NULL);
  while (url != NULL)
    {
      g_autoptr(JsonNode) root = fetch_json (session, "GET", url, "Token " KOBO_TOKEN, NULL);
      JsonObject *page = json_node_get_object (root);
      JsonArray *results = json_object_get_array_member (page, "results");

      count = json_object_get_int_member (page, "count");
      for (guint i = 0; i < json_array_get_length (results); i++)
        {
          JsonNode *row = json_array_get_element (results, i);

          remember_row (rows, row, kobo_instance_id (json_node_get_object (row)));
        }

      g_free (url);
      url = g_strdup (json_object_get_string_member_with_default (page, "next", NULL));
    }

  g_assert_cmpint (g_hash_table_size (rows), ==, count);
  return rows;
}

/* --- what the database holds -------------------------------------------- */

static CmDb *
open_db (Account *account)
{
  g_autoptr(GError) error = NULL;
  CmDb *db = cm_db_open (account->db_path, &error);

  g_assert_no_error (error);
  return db;
}

static gint64
count (CmDb       *db,
       const char *sql)
{
  g_autoptr(GError) error = NULL;
  gint64 n = cm_db_query_int (db, sql, &error);

  g_assert_no_error (error);
  return n;
}

static void
assert_integrity (CmDb *db)
{
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt = cm_db_prepare (db, "PRAGMA integrity_check", &error);

  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "ok");
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_reset (stmt);
}

/* The instance ids held in report and in quarantine: each once in report,
 * none in both, and every one the server's. A row quarantined by two
 * killed runs is the same row, so quarantine counts distinct ids. */
static GHashTable *
held_ids (CmDb    *db,
          Account *account)
{
  const char *queries[] = {
    "SELECT instance_id FROM report",
    "SELECT DISTINCT instance_id FROM quarantine WHERE instance_id IS NOT NULL",
  };
  GHashTable *held = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint q = 0; q < G_N_ELEMENTS (queries); q++)
    {
      g_autoptr(GError) error = NULL;
      sqlite3_stmt *stmt = cm_db_prepare (db, queries[q], &error);

      g_assert_no_error (error);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          const char *id = (const char *) sqlite3_column_text (stmt, 0);

          g_assert_true (g_hash_table_contains (account->server, id));
          g_assert_true (g_hash_table_add (held, g_strdup (id)));
        }
      sqlite3_reset (stmt);
    }

  return held;
}

/* Central rows are behind the cursor when both their times are; Kobo
 * rows when their _id is. */
static gboolean
row_behind_cursor (Account    *account,
                   JsonObject *row,
                   JsonObject *cursor)
{
  if (account->kind == CM_SOURCE_KOBO)
    return json_object_get_int_member (row, "_id") <= json_object_get_int_member (cursor, "last_id");
  else
    {
      JsonObject *system = json_object_get_object_member (row, "__system");
      const char *since = json_object_get_string_member (cursor, "since");
      const char *submitted = json_object_get_string_member (system, "submissionDate");
      const char *updated = json_object_get_string_member_with_default (system, "updatedAt", NULL);

      return strcmp (submitted, since) <= 0 && (updated == NULL || strcmp (updated, since) <= 0);
    }
}

/* Rows received so far by the run newer than @after_run; -1 before it
 * begins. */
static gint64
run_received (sqlite3 *watch,
              gint64   after_run)
{
  sqlite3_stmt *stmt = NULL;
  gint64 received = -1;

  g_assert_cmpint (sqlite3_prepare_v2 (watch, "SELECT received FROM sync_run WHERE id > ?1 ORDER BY id DESC LIMIT 1",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_int64 (stmt, 1, after_run);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    received = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);

  return received;
}

/* The cursor is never ahead of the data: every server row it says was
 * pulled is held, or the next run, starting from it, would miss it. */
static void
assert_cursor_not_ahead (CmDb       *db,
                         Account    *account,
                         GHashTable *held)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CmSource) source = cm_source_find (db, account->name, &error);
  g_autoptr(JsonParser) parser = json_parser_new ();
  const char *cursor;
  GHashTableIter iter;
  gpointer id, row;

  g_assert_no_error (error);
  cursor = cm_source_get_cursor (source);
  if (cursor == NULL)
    return;

  json_parser_load_from_data (parser, cursor, -1, &error);
  g_assert_no_error (error);

  g_hash_table_iter_init (&iter, account->server);
  while (g_hash_table_iter_next (&iter, &id, &row))
    if (row_behind_cursor (account, json_node_get_object (row), json_node_get_object (json_parser_get_root (parser))))
      g_assert_true (g_hash_table_contains (held, id));
}

/* What a killed run leaves must be a sound database that lost nothing.
 * Returns what the run had received, -1 when it had not begun. */
static gint64
check_after_kill (Account *account)
{
  g_autoptr(CmDb) db = open_db (account);
  g_autoptr(GHashTable) held = NULL;
  gint64 reports, received;

  assert_integrity (db);
  held = held_ids (db, account);
  reports = count (db, "SELECT count(*) FROM report");
  g_assert_cmpint (reports, >=, account->reports);
  assert_cursor_not_ahead (db, account, held);
  account->reports = reports;

  received = run_received (cm_db_get_handle (db), account->last_run);
  account->last_run = count (db, "SELECT coalesce(max(id), 0) FROM sync_run");
  return received;
}

/* Exactly the server's rows: each one once, in report (or quarantine), as
 * the server serves it; the folio and the date where the map puts them. */
static void
check_complete (Account *account)
{
  g_autoptr(CmDb) db = open_db (account);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) error = NULL;
  const char *queries[] = {
    "SELECT instance_id, raw, folio_sent, report_date FROM report",
    "SELECT DISTINCT instance_id, raw, NULL, NULL FROM quarantine WHERE instance_id IS NOT NULL",
  };

  assert_integrity (db);
  g_assert_cmpint (count (db, "SELECT count(*) FROM quarantine WHERE instance_id IS NULL"), ==, 0);

  for (guint q = 0; q < G_N_ELEMENTS (queries); q++)
    {
      sqlite3_stmt *stmt = cm_db_prepare (db, queries[q], &error);

      g_assert_no_error (error);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          const char *id = (const char *) sqlite3_column_text (stmt, 0);
          const char *folio = (const char *) sqlite3_column_text (stmt, 2);
          const char *date = (const char *) sqlite3_column_text (stmt, 3);
          g_autoptr(JsonParser) parser = json_parser_new ();
          gpointer key;
          JsonNode *row;

          g_assert_true (g_hash_table_lookup_extended (account->server, id, &key, (gpointer *) &row));
          g_assert_true (g_hash_table_add (seen, key));

          json_parser_load_from_data (parser, (const char *) sqlite3_column_text (stmt, 1), -1, &error);
          g_assert_no_error (error);
          g_assert_true (json_node_equal (json_parser_get_root (parser), row));

          if (folio != NULL)
            {
              JsonObject *object = json_node_get_object (row);

              g_assert_cmpstr (folio, ==, json_object_get_string_member (object, "comedor"));
              g_assert_cmpstr (date, ==, json_object_get_string_member (object, "fecha"));
            }
        }
      sqlite3_reset (stmt);
    }

  g_assert_cmpuint (g_hash_table_size (seen), ==, g_hash_table_size (account->server));
}

/* The newest sync_run row finished well; the killed ones may have stayed
 * "running", none says it failed. */
static void
check_runs (Account *account)
{
  g_autoptr(CmDb) db = open_db (account);
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt;

  g_assert_cmpint (count (db, "SELECT count(*) FROM sync_run WHERE state NOT IN ('running', 'ok')"), ==, 0);
  g_assert_cmpint (count (db, "SELECT count(*) FROM sync_run WHERE state = 'running'"), <=, account->killed);
  g_assert_cmpint (count (db, "SELECT count(*) FROM sync_run WHERE state = 'running' AND finished_at IS NOT NULL"), ==, 0);

  stmt = cm_db_prepare (db, "SELECT state, error, finished_at FROM sync_run ORDER BY id DESC LIMIT 1", &error);
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "ok");
  g_assert_cmpint (sqlite3_column_type (stmt, 1), ==, SQLITE_NULL);
  g_assert_cmpint (sqlite3_column_type (stmt, 2), !=, SQLITE_NULL);
  sqlite3_reset (stmt);
}

/* --- the rounds ---------------------------------------------------------- */

/* Waits until the new run has received @rows rows, or the process ended. */
static void
wait_received (GSubprocess *process,
               sqlite3     *watch,
               gint64       after_run,
               gint64       rows)
{
  while (g_subprocess_get_identifier (process) != NULL && run_received (watch, after_run) < rows)
    g_usleep (1000);
}

static void
kill_round (Account    *account,
            GRand      *rand,
            guint       round,
            KillMoment  moment)
{
  g_autoptr(GSubprocessLauncher) launcher = cm_test_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  gint64 rows = g_hash_table_size (account->server);
  gint64 pages = (rows + account->page_size - 1) / account->page_size;
  sqlite3 *watch = NULL;
  gint64 started, elapsed_ms, received;

  /* The watcher only reads; it opens before the run begins. */
  g_assert_cmpint (sqlite3_open_v2 (account->db_path, &watch, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (watch, 5000);

  g_subprocess_launcher_setenv (launcher, "COMEDORES_SECRET", account->secret, TRUE);
  started = g_get_monotonic_time ();
  process = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("COMEDORES_CLI"),
                                         "--db", account->db_path, "sync", NULL);
  g_assert_no_error (error);

  switch (moment)
    {
    case KILL_EARLY:
      g_usleep (g_rand_int_range (rand, 0, 60000));
      break;
    case KILL_MID_PAGE:
      wait_received (process, watch, account->last_run,
                     g_rand_int_range (rand, 0, (gint32) pages - 1) * account->page_size);
      g_usleep (g_rand_int_range (rand, 1000, 60000));
      break;
    case KILL_BETWEEN_PAGES:
      wait_received (process, watch, account->last_run,
                     g_rand_int_range (rand, 1, (gint32) pages) * account->page_size);
      break;
    case KILL_NEAR_END:
      wait_received (process, watch, account->last_run, rows - account->page_size);
      g_usleep (g_rand_int_range (rand, 0, 40000));
      break;
    default:
      g_assert_not_reached ();
    }

  /* Closed first, so that what the kill leaves is opened as the app would
   * find it after a crash. */
  sqlite3_close (watch);
  elapsed_ms = (g_get_monotonic_time () - started) / 1000;
  g_subprocess_force_exit (process);
  g_subprocess_wait (process, NULL, &error);
  g_assert_no_error (error);

  if (g_subprocess_get_if_signaled (process))
    {
      g_assert_cmpint (g_subprocess_get_term_sig (process), ==, SIGKILL);
      account->killed++;
    }
  else
    {
      /* It ended before the kill: then it ended well. */
      g_assert_true (g_subprocess_get_if_exited (process));
      g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);
      account->finished++;
    }

  received = check_after_kill (account);
  {
    g_autofree char *run = received < 0 ? g_strdup ("before its run began")
                                        : g_strdup_printf ("its run had received %" G_GINT64_FORMAT " rows", received);

    g_test_message ("round %u (%s): %s after %" G_GINT64_FORMAT " ms, %s; %" G_GINT64_FORMAT " reports held",
                    round, moment_names[moment], g_subprocess_get_if_signaled (process) ? "killed" : "finished",
                    elapsed_ms, run, account->reports);
  }
}

/* @n_rounds kills; the ones near the end come last, since a run that
 * finishes turns the next ones into short incremental runs. */
static void
kill_rounds (Account *account,
             guint    n_rounds,
             guint    n_near_end)
{
  guint32 seed = g_test_rand_int ();
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  g_autofree KillMoment *moments = g_new (KillMoment, n_rounds);

  g_test_message ("kill delays from GRand seed %" G_GUINT32_FORMAT, seed);
  for (guint i = 0; i < n_rounds; i++)
    moments[i] = i < n_rounds - n_near_end ? (KillMoment) (i % KILL_NEAR_END) : KILL_NEAR_END;
  for (guint i = n_rounds - n_near_end; i > 1; i--)
    {
      guint j = (guint) g_rand_int_range (rand, 0, (gint32) i);
      KillMoment swap = moments[i - 1];

      moments[i - 1] = moments[j];
      moments[j] = swap;
    }

  for (guint i = 0; i < n_rounds; i++)
    kill_round (account, rand, i + 1, moments[i]);

  g_test_message ("%u runs killed, %u ended before their kill", account->killed, account->finished);
  /* Most kills must land before the sync ends, or this tests little. */
  g_assert_cmpuint (account->killed, >=, n_rounds / 2);
}

static void
add_account (Account         *account,
             const CmTestSim *sim)
{
  g_autofree char *input = g_strconcat (account->secret, "\n", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status;

  if (account->kind == CM_SOURCE_KOBO)
    status = cm_test_run_cli (input, &out, &err, "--db", account->db_path, "source", "add",
                              "--name", account->name, "--kind", "kobo", "--url", sim->base_url,
                              "--form", "aReporteDiario", "--secret-stdin", NULL);
  else
    status = cm_test_run_cli (input, &out, &err, "--db", account->db_path, "source", "add",
                              "--name", account->name, "--kind", "central", "--url", sim->base_url,
                              "--project", "1", "--form", "reporte_diario", "--user", CENTRAL_USER,
                              "--secret-stdin", NULL);
  g_assert_cmpint (status, ==, 0);
}

/* A whole sync; returns its output. */
static char *
sync_to_the_end (Account *account)
{
  g_autofree char *input = g_strconcat (account->secret, "\n", NULL);
  g_autofree char *err = NULL;
  char *out = NULL;

  g_assert_cmpint (cm_test_run_cli (input, &out, &err, "--db", account->db_path, "sync", "--secret-stdin", NULL),
                   ==, 0);
  return out;
}

static void
check_kills (CmSourceKind kind,
             guint        n_rounds,
             guint        n_near_end)
{
  Account account = { 0 };
  CmSyncOptions defaults;
  CmTestSim sim = { 0 };
  g_autofree char *out = NULL;

  cm_sync_options_init (&defaults);
  account.kind = kind;
  account.name = kind == CM_SOURCE_KOBO ? "kobo" : "central";
  account.secret = kind == CM_SOURCE_KOBO ? KOBO_TOKEN : CENTRAL_PASSWORD;
  account.page_size = defaults.page_size;
  account.db_path = g_strdup_printf ("%s/%s.db", tmp_dir, account.name);

  cm_test_sim_start (&sim, WORLD, NULL);
  account.server = kind == CM_SOURCE_KOBO ? kobo_rows (&sim) : central_rows (&sim);
  g_test_message ("the server has %u submissions", g_hash_table_size (account.server));
  g_assert_cmpuint (g_hash_table_size (account.server), >, 3 * account.page_size);
  add_account (&account, &sim);

  kill_rounds (&account, n_rounds, n_near_end);

  /* Run again to the end: exactly the server's rows. */
  out = sync_to_the_end (&account);
  check_complete (&account);
  check_runs (&account);

  /* And once more: nothing new, nothing doubled. */
  g_free (out);
  out = sync_to_the_end (&account);
  g_assert_nonnull (strstr (out, "\ninserted: 0\n"));
  g_assert_nonnull (strstr (out, "\nupdated: 0\n"));
  check_complete (&account);
  check_runs (&account);

  cm_test_sim_stop (&sim);
  g_hash_table_unref (account.server);
  g_free (account.db_path);
}

static void
test_kill_central (void)
{
  check_kills (CM_SOURCE_CENTRAL, 20, 5);
}

static void
test_kill_kobo (void)
{
  check_kills (CM_SOURCE_KOBO, 8, 2);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  tmp_dir = cm_test_make_tmp_dir ("test-sync-kill");

  g_test_add_func ("/sync-kill/central", test_kill_central);
  g_test_add_func ("/sync-kill/kobo", test_kill_kobo);

  status = g_test_run ();
  cm_test_remove_tree (tmp_dir);
  g_free (tmp_dir);
  return status;
}
