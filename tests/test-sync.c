/* SPDX-License-Identifier: GPL-3.0-or-later */

/* The sync engine against comedores-sim over real HTTP on loopback. */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "cm-attachments.h"
#include "cm-db.h"
#include "cm-outbox.h"
#include "cm-source.h"
#include "cm-sync.h"
#include "cm-test-sim.h"
#include "cm-test-util.h"

#define CENTRAL_USER     "monitor@example.org"
#define CENTRAL_PASSWORD "comedores-demo-2021"
#define KOBO_TOKEN       "0123456789abcdef0123456789abcdef01234567"

static char *tmp_dir;

/* Starts the simulator with a small world and the given faults. */
static void
sim_start (CmTestSim  *sim,
           const char *first_arg,
           ...)
{
  static const char * const world[] = { "--kitchens", "6", "--months", "1", "--end", "2026-10-31", NULL };
  va_list ap;

  va_start (ap, first_arg);
  cm_test_sim_start_valist (sim, world, first_arg, ap);
  va_end (ap);
}

static CmDb *
new_db (const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (tmp_dir, name, NULL);
  CmDb *db;

  g_remove (path);
  db = cm_db_open (path, &error);
  g_assert_no_error (error);
  return db;
}

static CmSource *
add_central (CmDb            *db,
             const CmTestSim *sim)
{
  g_autoptr(GError) error = NULL;
  CmSource *source = cm_source_add (db, "central", CM_SOURCE_CENTRAL, sim->base_url,
                                    "1", "reporte_diario", CENTRAL_USER, &error);
  g_assert_no_error (error);
  return source;
}

static CmSource *
add_kobo (CmDb            *db,
          const CmTestSim *sim)
{
  g_autoptr(GError) error = NULL;
  CmSource *source = cm_source_add (db, "kobo", CM_SOURCE_KOBO, sim->base_url,
                                    NULL, "aReporteDiario", NULL, &error);
  g_assert_no_error (error);
  return source;
}

static CmSource *
reload (CmDb       *db,
        const char *name)
{
  g_autoptr(GError) error = NULL;
  CmSource *source = cm_source_find (db, name, &error);

  g_assert_no_error (error);
  return source;
}

static void
fast_options (CmSyncOptions *options)
{
  cm_sync_options_init (options);
  options->timeout_seconds = 2;
  options->page_size = 20;
  options->retry_cap_seconds = 2;
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

/* A clean pull brings every submission once; a second brings none again. */
static void
test_central_pull_and_repull (void)
{
  g_autoptr(CmDb) db = new_db ("central.db");
  g_autoptr(CmSource) source = NULL;
  g_autoptr(GError) error = NULL;
  CmSyncOptions options;
  CmSyncStats stats;
  CmTestSim sim = { 0 };
  gint64 reports;

  sim_start (&sim, NULL);
  source = add_central (db, &sim);
  fast_options (&options);

  g_assert_true (cm_sync_pull (db, source, CENTRAL_PASSWORD, &options, NULL, NULL, &stats, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (stats.expected, >, 40);
  g_assert_cmpuint (stats.received, ==, (guint) stats.expected);
  g_assert_cmpuint (stats.pages, >, 1);
  reports = count (db, "SELECT count(*) FROM report");
  g_assert_cmpint (reports + stats.quarantined, ==, stats.expected);
  g_assert_cmpint (count (db, "SELECT count(*) FROM sync_run WHERE state = 'ok'"), ==, 1);
  g_assert_cmpint (count (db, "SELECT count(*) FROM purchase"), >, 0);
  /* The cursor moved. */
  g_clear_object (&source);
  source = reload (db, "central");
  g_assert_nonnull (cm_source_get_cursor (source));

  /* Again: the overlap brings some rows back, none is doubled. */
  g_assert_true (cm_sync_pull (db, source, CENTRAL_PASSWORD, &options, NULL, NULL, &stats, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (stats.inserted, ==, 0);
  g_assert_cmpint (count (db, "SELECT count(*) FROM report"), ==, reports);

  cm_test_sim_stop (&sim);
}

static void
test_central_wrong_password (void)
{
  g_autoptr(CmDb) db = new_db ("wrong.db");
  g_autoptr(CmSource) source = NULL;
  g_autoptr(GError) error = NULL;
  CmSyncOptions options;
  CmTestSim sim = { 0 };

  sim_start (&sim, NULL);
  source = add_central (db, &sim);
  fast_options (&options);

  g_assert_false (cm_sync_pull (db, source, "not-the-password", &options, NULL, NULL, NULL, NULL, &error));
  g_assert_error (error, CM_SYNC_ERROR, CM_SYNC_ERROR_AUTH);
  /* The sentence names the account, never the password. */
  g_assert_nonnull (strstr (error->message, "central"));
  g_assert_null (strstr (error->message, "not-the-password"));
  g_assert_cmpint (count (db, "SELECT count(*) FROM sync_run WHERE state = 'failed' AND error IS NOT NULL"), ==, 1);
  g_assert_false (cm_sync_check (source, "not-the-password", &options, NULL, NULL));
  g_assert_true (cm_sync_check (source, CENTRAL_PASSWORD, &options, NULL, NULL));

  cm_test_sim_stop (&sim);
}

typedef struct
{
  CmDb   *db;
  gint64  cache_size;   /* PRAGMA cache_size after the last page */
} CacheSeen;

static void
note_cache_size (const CmSyncStats *stats,
                 gpointer           user_data)
{
  CacheSeen *seen = user_data;

  seen->cache_size = count (seen->db, "PRAGMA cache_size");
}

/* Big pages get a cache that holds a page's transaction, for the pull only;
 * it is put back after, also when the pull fails; small pages keep it. */
static void
test_central_cache_size (void)
{
  g_autoptr(CmDb) db = new_db ("cache.db");
  g_autoptr(CmSource) source = NULL;
  g_autoptr(GError) error = NULL;
  CacheSeen seen = { db, 0 };
  CmSyncOptions options;
  gint64 before = count (db, "PRAGMA cache_size");
  CmTestSim sim = { 0 };

  sim_start (&sim, NULL);
  source = add_central (db, &sim);
  fast_options (&options);
  options.page_size = 1000;

  g_assert_cmpint (before, ==, -2000);
  g_assert_true (cm_sync_pull (db, source, CENTRAL_PASSWORD, &options, note_cache_size, &seen, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (seen.cache_size, ==, -8000);
  g_assert_cmpint (count (db, "PRAGMA cache_size"), ==, before);

  g_assert_false (cm_sync_pull (db, source, "not-the-password", &options, NULL, NULL, NULL, NULL, &error));
  g_assert_error (error, CM_SYNC_ERROR, CM_SYNC_ERROR_AUTH);
  g_clear_error (&error);
  g_assert_cmpint (count (db, "PRAGMA cache_size"), ==, before);

  options.page_size = 20;
  seen.cache_size = 0;
  g_assert_true (cm_sync_pull (db, source, CENTRAL_PASSWORD, &options, note_cache_size, &seen, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (seen.cache_size, ==, before);

  cm_test_sim_stop (&sim);
}

/* Faults a retry mends: the run ends well and nothing is lost or doubled. */
static void
check_fault_mended (const char *fault)
{
  g_autofree char *name = g_strdup_printf ("fault-%s.db", fault);
  g_autoptr(CmDb) db = new_db (name);
  g_autoptr(CmSource) source = NULL;
  g_autoptr(GError) error = NULL;
  CmSyncOptions options;
  CmSyncStats stats;
  CmTestSim sim = { 0 };
  gint64 expected;

  sim_start (&sim, "--fault", fault, "--slow-seconds", "5", NULL);
  source = add_central (db, &sim);
  fast_options (&options);

  g_assert_true (cm_sync_pull (db, source, CENTRAL_PASSWORD, &options, NULL, NULL, &stats, NULL, &error));
  g_assert_no_error (error);
  expected = stats.expected;

  /* Submissions that arrived while paging are newer than the run's first
   * page: the next sync brings them. */
  if (g_str_equal (fault, "arrivals"))
    {
      g_clear_object (&source);
      source = reload (db, "central");
      g_assert_true (cm_sync_pull (db, source, CENTRAL_PASSWORD, &options, NULL, NULL, &stats, NULL, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (stats.inserted, >, 0);
    }

  g_assert_cmpint (count (db, "SELECT count(*) FROM report") +
                   count (db, "SELECT count(*) FROM quarantine WHERE instance_id IS NOT NULL"),
                   >=, expected);
  g_assert_cmpint (count (db, "SELECT count(*) FROM (SELECT instance_id FROM report GROUP BY instance_id HAVING count(*) > 1)"),
                   ==, 0);

  cm_test_sim_stop (&sim);
}

static void
test_fault (gconstpointer data)
{
  check_fault_mended (data);
}

/* A server that keeps failing: a clear sentence, the earlier pages kept. */
static void
test_fault_persistent_503 (void)
{
  g_autoptr(CmDb) db = new_db ("503.db");
  g_autoptr(CmSource) source = NULL;
  g_autoptr(GError) error = NULL;
  CmSyncOptions options;
  CmTestSim sim = { 0 };

  sim_start (&sim, "--fault", "503", "--fault-rate", "1", NULL);
  source = add_central (db, &sim);
  fast_options (&options);
  options.max_attempts = 2;

  g_assert_false (cm_sync_pull (db, source, CENTRAL_PASSWORD, &options, NULL, NULL, NULL, NULL, &error));
  g_assert_error (error, CM_SYNC_ERROR, CM_SYNC_ERROR_SERVER);
  g_assert_nonnull (strstr (error->message, "503"));
  /* The cursor did not move past what did not arrive. */
  g_clear_object (&source);
  source = reload (db, "central");
  g_assert_null (cm_source_get_cursor (source));

  cm_test_sim_stop (&sim);
}

static void
test_missing_fields_quarantined (void)
{
  g_autoptr(CmDb) db = new_db ("missing.db");
  g_autoptr(CmSource) source = NULL;
  g_autoptr(GError) error = NULL;
  CmSyncOptions options;
  CmSyncStats stats;
  CmTestSim sim = { 0 };

  sim_start (&sim, "--fault", "missing-fields", NULL);
  source = add_central (db, &sim);
  fast_options (&options);

  g_assert_true (cm_sync_pull (db, source, CENTRAL_PASSWORD, &options, NULL, NULL, &stats, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (stats.quarantined, >=, 1);
  g_assert_cmpint (count (db, "SELECT count(*) FROM quarantine WHERE reason != '' AND raw LIKE '{%'"), >=, 1);
  g_assert_cmpint (count (db, "SELECT count(*) FROM report") + stats.quarantined, ==, stats.expected);

  cm_test_sim_stop (&sim);
}

static void
test_edited_between_syncs (void)
{
  g_autoptr(CmDb) db = new_db ("edited.db");
  g_autoptr(CmSource) source = NULL;
  g_autoptr(GError) error = NULL;
  CmSyncOptions options;
  CmSyncStats stats;
  CmTestSim sim = { 0 };
  gint64 reports;

  sim_start (&sim, "--fault", "edited", NULL);
  source = add_central (db, &sim);
  fast_options (&options);

  g_assert_true (cm_sync_pull (db, source, CENTRAL_PASSWORD, &options, NULL, NULL, &stats, NULL, &error));
  reports = count (db, "SELECT count(*) FROM report");
  g_clear_object (&source);
  source = reload (db, "central");

  g_assert_true (cm_sync_pull (db, source, CENTRAL_PASSWORD, &options, NULL, NULL, &stats, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (stats.updated, ==, 1);
  g_assert_cmpint (count (db, "SELECT count(*) FROM report"), ==, reports);
  g_assert_cmpint (count (db, "SELECT count(*) FROM report WHERE review_state = 'edited'"), >=, 1);

  cm_test_sim_stop (&sim);
}

static void
test_kobo_pull (void)
{
  g_autoptr(CmDb) db = new_db ("kobo.db");
  g_autoptr(CmSource) source = NULL;
  g_autoptr(GError) error = NULL;
  CmSyncOptions options;
  CmSyncStats stats;
  CmTestSim sim = { 0 };
  gint64 reports;

  sim_start (&sim, NULL);
  source = add_kobo (db, &sim);
  fast_options (&options);

  g_assert_true (cm_sync_pull (db, source, KOBO_TOKEN, &options, NULL, NULL, &stats, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (stats.expected, >, 40);
  g_assert_cmpuint (stats.received, ==, (guint) stats.expected);
  reports = count (db, "SELECT count(*) FROM report");
  g_assert_cmpint (reports + stats.quarantined, ==, stats.expected);

  g_clear_object (&source);
  source = reload (db, "kobo");
  g_assert_true (cm_sync_pull (db, source, KOBO_TOKEN, &options, NULL, NULL, &stats, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (stats.received, ==, 0);
  g_assert_cmpint (count (db, "SELECT count(*) FROM report"), ==, reports);

  g_assert_false (cm_sync_check (source, "ffffffffffffffffffffffffffffffffffffffff", &options, NULL, &error));
  g_assert_error (error, CM_SYNC_ERROR, CM_SYNC_ERROR_AUTH);

  cm_test_sim_stop (&sim);
}

/* The same submissions through Central and Kobo are the same reports. */
static void
test_central_and_kobo_agree (void)
{
  g_autoptr(CmDb) db = new_db ("both.db");
  g_autoptr(CmSource) central = NULL;
  g_autoptr(CmSource) kobo = NULL;
  g_autoptr(GError) error = NULL;
  CmSyncOptions options;
  CmSyncStats stats;
  CmTestSim sim = { 0 };
  gint64 reports;

  sim_start (&sim, NULL);
  central = add_central (db, &sim);
  kobo = add_kobo (db, &sim);
  fast_options (&options);

  g_assert_true (cm_sync_pull (db, central, CENTRAL_PASSWORD, &options, NULL, NULL, &stats, NULL, &error));
  reports = count (db, "SELECT count(*) FROM report");
  g_assert_true (cm_sync_pull (db, kobo, KOBO_TOKEN, &options, NULL, NULL, &stats, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (stats.inserted, ==, 0);
  g_assert_cmpint (count (db, "SELECT count(*) FROM report"), ==, reports);

  cm_test_sim_stop (&sim);
}

/* A review queued on the desk reaches Central at the next sync, and comes
 * back from it as the report's state. */
static void
test_outbox_central (void)
{
  g_autoptr(CmDb) db = new_db ("outbox-central.db");
  g_autoptr(CmSource) source = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) pending = NULL;
  CmSyncOptions options;
  CmSyncStats stats;
  CmTestSim sim = { 0 };
  gint64 report_id;
  guint pushed = 0;

  sim_start (&sim, NULL);
  source = add_central (db, &sim);
  fast_options (&options);
  g_assert_true (cm_sync_pull (db, source, CENTRAL_PASSWORD, &options, NULL, NULL, &stats, NULL, &error));
  g_assert_no_error (error);

  report_id = count (db, "SELECT min(id) FROM report WHERE review_state IS NULL");
  g_assert_true (cm_outbox_queue_review (db, report_id, CM_REVIEW_REJECTED, "Cuota mal calculada",
                                         "Ana Monitora", &error));
  g_assert_no_error (error);
  g_assert_cmpint (cm_outbox_count_pending (db), ==, 2);
  /* The person's review is in the audit log, with the comment. */
  g_assert_cmpint (count (db, "SELECT count(*) FROM audit WHERE actor = 'Ana Monitora'"
                              " AND action = 'queue_review' AND entity = 'report'"
                              " AND json_extract (after, '$.review_state') = 'rejected'"
                              " AND json_extract (after, '$.comment') = 'Cuota mal calculada'"), ==, 1);
  pending = cm_outbox_list_pending (db, &error);
  g_assert_cmpuint (g_list_model_get_n_items (pending), ==, 2);

  g_assert_true (cm_outbox_push (db, source, CENTRAL_PASSWORD, &options, &pushed, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (pushed, ==, 2);
  g_assert_cmpint (cm_outbox_count_pending (db), ==, 0);

  /* The server bumped the submission's updatedAt: the next pull brings the
   * state back from it, as the server now says it. */
  g_assert_cmpint (count (db, "SELECT count(*) FROM report WHERE review_state = 'rejected'"), ==, 1);
  g_clear_object (&source);
  source = reload (db, "central");
  g_assert_true (cm_sync_pull (db, source, CENTRAL_PASSWORD, &options, NULL, NULL, &stats, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (stats.updated, >=, 1);
  {
    g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM report WHERE id = %" G_GINT64_FORMAT
                                            " AND review_state = 'rejected' AND updated_at IS NOT NULL",
                                            report_id);
    g_assert_cmpint (count (db, sql), ==, 1);
  }

  cm_test_sim_stop (&sim);
}

typedef struct
{
  GCancellable *cancellable;
  gint64        cancelled_at;
} CancelState;

static void
cancel_on_first_page (const CmSyncStats *stats,
                      gpointer           user_data)
{
  CancelState *state = user_data;

  if (state->cancelled_at == 0)
    {
      state->cancelled_at = g_get_monotonic_time ();
      g_cancellable_cancel (state->cancellable);
    }
}

static void
test_cancel_keeps_applied (void)
{
  g_autoptr(CmDb) db = new_db ("cancel.db");
  g_autoptr(CmSource) source = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  CancelState state = { cancellable, 0 };
  CmSyncOptions options;
  CmSyncStats stats;
  CmTestSim sim = { 0 };

  sim_start (&sim, NULL);
  source = add_central (db, &sim);
  fast_options (&options);

  g_assert_false (cm_sync_pull (db, source, CENTRAL_PASSWORD, &options, cancel_on_first_page, &state,
                                &stats, cancellable, &error));
  g_assert_error (error, CM_SYNC_ERROR, CM_SYNC_ERROR_CANCELLED);
  g_assert_cmpint (g_get_monotonic_time () - state.cancelled_at, <, G_USEC_PER_SEC);
  /* The first page is kept; the run says it was cancelled. */
  g_assert_cmpint (count (db, "SELECT count(*) FROM report"), ==, options.page_size);
  g_assert_cmpint (count (db, "SELECT count(*) FROM sync_run WHERE state = 'cancelled'"), ==, 1);

  cm_test_sim_stop (&sim);
}

/* Kobo: the validation status goes up; the comment stays on the desk; the
 * re-read brings the new status back. */
static void
test_outbox_kobo (void)
{
  g_autoptr(CmDb) db = new_db ("outbox-kobo.db");
  g_autoptr(CmSource) source = NULL;
  g_autoptr(GError) error = NULL;
  CmSyncOptions options;
  CmSyncStats stats;
  CmTestSim sim = { 0 };
  gint64 report_id;
  guint pushed = 0;

  sim_start (&sim, NULL);
  source = add_kobo (db, &sim);
  fast_options (&options);
  g_assert_true (cm_sync_pull (db, source, KOBO_TOKEN, &options, NULL, NULL, &stats, NULL, &error));
  g_assert_no_error (error);

  report_id = count (db, "SELECT min(id) FROM report WHERE review_state IS NULL");
  g_assert_true (cm_outbox_queue_review (db, report_id, CM_REVIEW_APPROVED, "Todo en orden", "Ana Monitora", &error));
  g_assert_true (cm_outbox_push (db, source, KOBO_TOKEN, &options, &pushed, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (pushed, ==, 1);
  g_assert_cmpint (cm_outbox_count_pending (db), ==, 0);
  g_assert_cmpint (count (db, "SELECT count(*) FROM outbox WHERE action = 'comment' AND last_error IS NOT NULL"), ==, 1);

  /* Force the re-read: every row again, the changed one updated. */
  g_clear_object (&source);
  source = reload (db, "kobo");
  options.reread_hours = 0;
  g_assert_true (cm_sync_pull (db, source, KOBO_TOKEN, &options, NULL, NULL, &stats, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (stats.updated, ==, 1);
  g_assert_cmpuint (stats.inserted, ==, 0);
  {
    g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM report WHERE id = %" G_GINT64_FORMAT
                                            " AND review_state = 'approved'", report_id);
    g_assert_cmpint (count (db, sql), ==, 1);
  }

  cm_test_sim_stop (&sim);
}

static gint64
count_files (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;
  gint64 n = 0;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *child = g_build_filename (dir, name, NULL);

      n += g_file_test (child, G_FILE_TEST_IS_DIR) ? count_files (child) : 1;
    }
  return n;
}

/* Attachments arrive by content, two at a time; a second fetch has
 * nothing to do; a name that climbs out of the folder never reaches it. */
static void
check_attachments (CmSourceKind kind)
{
  g_autofree char *name = g_strdup_printf ("attachments-%d.db", kind);
  g_autofree char *folder = g_build_filename (tmp_dir, kind == CM_SOURCE_KOBO ? "att-kobo" : "att-central", NULL);
  g_autoptr(CmDb) db = new_db (name);
  g_autoptr(CmSource) source = NULL;
  g_autoptr(GError) error = NULL;
  const char *secret = kind == CM_SOURCE_KOBO ? KOBO_TOKEN : CENTRAL_PASSWORD;
  CmSyncOptions options;
  CmSyncStats stats;
  CmTestSim sim = { 0 };
  guint fetched = 0;
  gint64 named;
  sqlite3_stmt *stmt;

  sim_start (&sim, "--fault", "escape-attachment", NULL);
  source = kind == CM_SOURCE_KOBO ? add_kobo (db, &sim) : add_central (db, &sim);
  fast_options (&options);

  g_assert_true (cm_sync_pull (db, source, secret, &options, NULL, NULL, &stats, NULL, &error));
  g_assert_no_error (error);
  /* The row naming ../../escape.jpg is kept in quarantine, with why. */
  g_assert_cmpint (count (db, "SELECT count(*) FROM quarantine WHERE raw LIKE '%escape.jpg%' AND reason LIKE '%escape.jpg%'"), ==, 1);
  named = count (db, "SELECT count(*) FROM attachment");
  g_assert_cmpint (named, >, 0);

  g_assert_true (cm_attachments_fetch (db, source, secret, &options, folder, 0, &fetched, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (fetched + count (db, "SELECT count(*) FROM attachment WHERE state = 'missing'"), ==, named);
  g_assert_cmpint (count (db, "SELECT count(*) FROM attachment WHERE state = 'present'"), ==, fetched);
  g_assert_cmpint (count_files (folder), <=, fetched);
  g_assert_cmpint (count_files (folder), >, 0);

  /* Each file is where its hash says, with those bytes. */
  stmt = cm_db_prepare (db, "SELECT sha256, local_path FROM attachment WHERE state = 'present'", &error);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *sha = (const char *) sqlite3_column_text (stmt, 0);
      g_autofree char *path = g_build_filename (folder, (const char *) sqlite3_column_text (stmt, 1), NULL);
      g_autofree char *contents = NULL;
      g_autofree char *digest = NULL;
      gsize length;

      g_assert_nonnull (strstr (path, sha));
      g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
      digest = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, length);
      g_assert_cmpstr (digest, ==, sha);
    }
  sqlite3_reset (stmt);

  g_assert_true (cm_attachments_fetch (db, source, secret, &options, folder, 0, &fetched, NULL, &error));
  g_assert_cmpuint (fetched, ==, 0);

  /* Nothing was written beside the folder or above it. */
  {
    g_autofree char *escaped = g_build_filename (tmp_dir, "escape.jpg", NULL);
    g_autofree char *above = g_build_filename (g_get_tmp_dir (), "escape.jpg", NULL);

    g_assert_false (g_file_test (escaped, G_FILE_TEST_EXISTS));
    g_assert_false (g_file_test (above, G_FILE_TEST_EXISTS));
  }

  cm_test_sim_stop (&sim);
}

static void
test_attachments_central (void)
{
  check_attachments (CM_SOURCE_CENTRAL);
}

static void
test_attachments_kobo (void)
{
  check_attachments (CM_SOURCE_KOBO);
}

static void
test_attachment_paths (void)
{
  const char *sha = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
  g_autofree char *plain = cm_attachments_relative_path (sha, "recibo-1.JPG");
  g_autofree char *climbing = cm_attachments_relative_path (sha, "../../escape.jpg/..");
  g_autofree char *odd = cm_attachments_relative_path (sha, "foto.j/pg");

  g_assert_cmpstr (plain, ==, "01/" "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef.jpg");
  g_assert_null (strstr (climbing, ".."));
  g_assert_null (strstr (odd, "pg"));
}

static void
test_cli_source_and_sync (void)
{
  g_autofree char *db_path = g_build_filename (tmp_dir, "cli.db", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  CmTestSim sim = { 0 };

  g_assert_nonnull (g_getenv ("COMEDORES_CLI"));
  sim_start (&sim, NULL);

  /* A wrong password: the account is not kept, and the sentence says why
   * without repeating the password. */
  g_assert_cmpint (cm_test_run_cli ("not-it\n", &out, &err, "--db", db_path, "source", "add",
                                    "--name", "oficina", "--kind", "central", "--url", sim.base_url,
                                    "--project", "1", "--form", "reporte_diario", "--user", CENTRAL_USER,
                                    "--secret-stdin", NULL),
                   ==, 1);
  g_assert_nonnull (strstr (err, "oficina"));
  g_assert_null (strstr (err, "not-it"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (cm_test_run_cli (CENTRAL_PASSWORD "\n", &out, &err, "--db", db_path, "source", "add",
                                    "--name", "oficina", "--kind", "central", "--url", sim.base_url,
                                    "--project", "1", "--form", "reporte_diario", "--user", CENTRAL_USER,
                                    "--secret-stdin", NULL),
                   ==, 0);
  g_assert_nonnull (strstr (out, "checked: yes"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (cm_test_run_cli (NULL, &out, &err, "--db", db_path, "source", "list", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "oficina\tcentral\t"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (cm_test_run_cli (CENTRAL_PASSWORD "\n", &out, &err, "--db", db_path, "sync",
                                    "--secret-stdin", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "source: oficina\n"));
  g_assert_nonnull (strstr (out, "\nquarantined: 0\n"));
  g_assert_null (strstr (out, "inserted: 0\n"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* A second sync inserts nothing; stats count what is waiting. */
  g_assert_cmpint (cm_test_run_cli (CENTRAL_PASSWORD "\n", &out, &err, "--db", db_path, "sync",
                                    "--secret-stdin", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "inserted: 0\n"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (cm_test_run_cli (NULL, &out, &err, "--db", db_path, "stats", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "quarantined: 0\n"));
  g_assert_nonnull (strstr (out, "outbox_pending: 0\n"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* No secret at all: a usage sentence, exit 1. */
  g_assert_cmpint (cm_test_run_cli ("", &out, &err, "--db", db_path, "sync", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "COMEDORES_SECRET"));

  cm_test_sim_stop (&sim);
}

/* A demo report (no account) cannot be reviewed on a server. */
static void
test_outbox_needs_a_source (void)
{
  g_autoptr(CmDb) db = new_db ("outbox-none.db");
  g_autoptr(GError) error = NULL;

  g_assert_true (cm_db_exec (db,
                             "INSERT INTO report (id, instance_id, folio_sent, report_date, raw)"
                             " VALUES (1, 'uuid:x', 'CC001', '2026-11-02', '{}')", NULL));
  g_assert_false (cm_outbox_queue_review (db, 1, CM_REVIEW_APPROVED, NULL, "Ana Monitora", &error));
  g_assert_nonnull (error);
  g_assert_cmpint (cm_outbox_count_pending (db), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  tmp_dir = cm_test_make_tmp_dir ("test-sync");

  g_test_add_func ("/sync/central/pull-and-repull", test_central_pull_and_repull);
  g_test_add_func ("/sync/central/wrong-password", test_central_wrong_password);
  g_test_add_func ("/sync/central/cache-size", test_central_cache_size);
  g_test_add_data_func ("/sync/fault/expire-token", "expire-token", test_fault);
  g_test_add_data_func ("/sync/fault/500", "500", test_fault);
  g_test_add_data_func ("/sync/fault/503", "503", test_fault);
  g_test_add_data_func ("/sync/fault/slow", "slow", test_fault);
  g_test_add_data_func ("/sync/fault/reset", "reset", test_fault);
  g_test_add_data_func ("/sync/fault/truncated", "truncated", test_fault);
  g_test_add_data_func ("/sync/fault/bad-json", "bad-json", test_fault);
  g_test_add_data_func ("/sync/fault/duplicate-row", "duplicate-row", test_fault);
  g_test_add_data_func ("/sync/fault/arrivals", "arrivals", test_fault);
  g_test_add_func ("/sync/fault/503-persistent", test_fault_persistent_503);
  g_test_add_func ("/sync/fault/missing-fields", test_missing_fields_quarantined);
  g_test_add_func ("/sync/edited", test_edited_between_syncs);
  g_test_add_func ("/sync/kobo/pull", test_kobo_pull);
  g_test_add_func ("/sync/central-and-kobo-agree", test_central_and_kobo_agree);
  g_test_add_func ("/sync/cancel", test_cancel_keeps_applied);
  g_test_add_func ("/sync/outbox/central", test_outbox_central);
  g_test_add_func ("/sync/outbox/kobo", test_outbox_kobo);
  g_test_add_func ("/sync/outbox/needs-a-source", test_outbox_needs_a_source);
  g_test_add_func ("/sync/cli", test_cli_source_and_sync);
  g_test_add_func ("/sync/attachments/central", test_attachments_central);
  g_test_add_func ("/sync/attachments/kobo", test_attachments_kobo);
  g_test_add_func ("/sync/attachments/paths", test_attachment_paths);

  status = g_test_run ();
  cm_test_remove_tree (tmp_dir);
  g_free (tmp_dir);
  return status;
}
