/* SPDX-License-Identifier: GPL-3.0-or-later */

/* The sync parts of the window, for real, under Xvfb: Preferences →
 * Accounts, the Sync view, reviews queued from a kitchen's page, and a
 * whole sync against comedores-sim when it is built. */

#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <signal.h>

#include "cm-account-editor.h"
#include "cm-application.h"
#include "cm-canteen.h"
#include "cm-db.h"
#include "cm-demo.h"
#include "cm-outbox.h"
#include "cm-preferences-window.h"
#include "cm-secret-store.h"
#include "cm-source.h"
#include "cm-quarantine-item.h"
#include "cm-sync-run.h"
#include "cm-test-db.h"
#include "cm-test-util.h"
#include "cm-test-window.h"
#include "cm-window.h"

#define CENTRAL_USER     "monitor@example.org"
#define CENTRAL_PASSWORD "comedores-demo-2021"

static char *tmp_dir;
static CmApplication *app;

/* Puts the keyboard focus in the first text field under @widget, as a
 * person typing there. */
static gboolean
focus_first_text (GtkWidget *widget)
{
  if (GTK_IS_TEXT (widget) && gtk_widget_is_visible (widget))
    return gtk_widget_grab_focus (widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    if (focus_first_text (child))
      return TRUE;

  return FALSE;
}

static CmDb *
new_demo_db (const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (tmp_dir, name, NULL);
  CmDemoOptions options;
  CmDb *db;

  db = cm_db_open (path, &error);
  g_assert_no_error (error);

  cm_demo_options_init_default (&options);
  options.kitchens = 20;
  options.months = 1;
  g_assert_true (cm_demo_generate (db, &options, NULL, NULL, &error));
  g_assert_no_error (error);

  return db;
}

static CmSource *
add_central (CmDb       *db,
             const char *name,
             const char *url)
{
  g_autoptr(GError) error = NULL;
  CmSource *source = cm_source_add (db, name, CM_SOURCE_CENTRAL, url, "1", "reporte_diario",
                                    CENTRAL_USER, &error);

  g_assert_no_error (error);
  return source;
}

static gboolean
sync_view_loaded (gpointer data)
{
  CmSyncView *view = cm_window_get_sync_view (data);

  return !cm_sync_view_is_loading (view) && cm_sync_view_get_runs (view) != NULL;
}

static CmWindow *
open_window (CmDb *db)
{
  CmWindow *window = cm_window_new (app, db);

  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (cm_test_wait_for (sync_view_loaded, window, 30));
  return window;
}

/* --- Preferences → Accounts --------------------------------------------- */

static gboolean
preferences_loaded (gpointer data)
{
  return !cm_preferences_window_is_loading (data) && cm_preferences_window_get_accounts (data) != NULL;
}

static void
test_preferences_lists_account (void)
{
  g_autoptr(CmDb) db = new_demo_db ("preferences.db");
  g_autoptr(CmSource) source = add_central (db, "Central CDMX", "https://central.example.org/");
  CmPreferencesWindow *prefs;
  CmWindow *window;
  GListModel *accounts;

  window = open_window (db);

  /* The action the menu and Ctrl+comma use. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "app.preferences", NULL));
  prefs = CM_PREFERENCES_WINDOW (cm_window_get_preferences (window));
  g_assert_nonnull (prefs);
  g_assert_true (cm_test_wait_for (preferences_loaded, prefs, 10));

  accounts = cm_preferences_window_get_accounts (prefs);
  g_assert_cmpuint (g_list_model_get_n_items (accounts), ==, 1);
  {
    g_autoptr(CmSource) listed = g_list_model_get_item (accounts, 0);

    g_assert_cmpstr (cm_source_get_name (listed), ==, "Central CDMX");
    g_assert_cmpstr (cm_source_get_base_url (listed), ==, "https://central.example.org");
    g_assert_cmpstr (cm_source_get_username (listed), ==, CENTRAL_USER);
  }

  /* The Sync view knows the account too, so Sync is on offer. */
  g_assert_cmpuint (cm_sync_view_get_n_accounts (cm_window_get_sync_view (window)), ==, 1);

  /* The name for the audit log: the one typed in Preferences, else the
   * system account's. */
  {
    GSettings *settings = cm_application_get_settings (app);
    g_autofree char *typed = NULL;
    g_autofree char *fallback = NULL;

    g_assert_nonnull (settings);
    g_settings_set_string (settings, "person-name", "  Ana Ruiz Pérez ");
    typed = cm_application_get_person_name (app);
    g_assert_cmpstr (typed, ==, "Ana Ruiz Pérez");
    g_settings_set_string (settings, "person-name", "");
    fallback = cm_application_get_person_name (app);
    g_assert_cmpstr (fallback, !=, "");
  }

#ifdef __SANITIZE_ADDRESS__
  /* libadwaita 1.2 leaks a little of every subpage it presents, which
   * LeakSanitizer cannot tell from ours: the editor is tested without it. */
  g_test_message ("The editor is not opened under AddressSanitizer (libadwaita 1.2 leaks subpages)");
  gtk_window_destroy (GTK_WINDOW (prefs));
  gtk_window_destroy (GTK_WINDOW (window));
  return;
#endif

  /* Closing Preferences with the editor open and a field focused: GTK 4.8
   * and libadwaita 1.2 must not be left notifying a destroyed entry. */
  cm_preferences_window_edit_account (prefs, "Central CDMX");
  cm_test_run_for (200);
  g_assert_true (focus_first_text (GTK_WIDGET (prefs)));
  g_assert_true (GTK_IS_TEXT (gtk_window_get_focus (GTK_WINDOW (prefs))));
  gtk_window_destroy (GTK_WINDOW (prefs));
  cm_test_run_for (200);
  g_assert_null (cm_window_get_preferences (window));

  /* The editor's Cancel, with a field focused, the same. */
  cm_window_show_preferences (window);
  prefs = CM_PREFERENCES_WINDOW (cm_window_get_preferences (window));
  g_assert_true (cm_test_wait_for (preferences_loaded, prefs, 10));
  cm_preferences_window_edit_account (prefs, "Central CDMX");
  cm_test_run_for (200);
  g_assert_true (focus_first_text (GTK_WIDGET (prefs)));
  {
    GtkWidget *focus = gtk_window_get_focus (GTK_WINDOW (prefs));
    GtkWidget *editor = focus ? gtk_widget_get_ancestor (focus, CM_TYPE_ACCOUNT_EDITOR) : NULL;

    g_assert_nonnull (editor);
    g_assert_true (gtk_widget_activate_action (editor, "editor.cancel", NULL));
  }
  cm_test_run_for (50);

  /* And closed as Escape closes it, the same. */
  cm_preferences_window_edit_account (prefs, "Central CDMX");
  cm_test_run_for (800);
  g_assert_true (focus_first_text (GTK_WIDGET (prefs)));
  gtk_window_close (GTK_WINDOW (prefs));
  cm_test_run_for (200);
  g_assert_null (cm_window_get_preferences (window));

  gtk_window_destroy (GTK_WINDOW (window));
}

/* An account changed in place keeps its id, and with it its history; a
 * change of server starts its pulls over. */
static void
test_source_update (void)
{
  g_autoptr(CmDb) db = new_demo_db ("update.db");
  g_autoptr(CmSource) source = add_central (db, "Central", "https://a.example.org");
  g_autoptr(CmSource) other = add_central (db, "Other", "https://b.example.org");
  g_autoptr(CmSource) changed = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (cm_db_exec (db, "UPDATE source SET cursor = 'x' WHERE name = 'Central'", &error));

  g_assert_true (cm_source_update (db, cm_source_get_id (source), "Central CDMX", CM_SOURCE_CENTRAL,
                                   "https://a.example.org/", "1", "reporte_diario", CENTRAL_USER, &error));
  g_assert_no_error (error);
  changed = cm_source_find (db, "Central CDMX", &error);
  g_assert_no_error (error);
  g_assert_cmpint (cm_source_get_id (changed), ==, cm_source_get_id (source));
  g_assert_cmpstr (cm_source_get_cursor (changed), ==, "x");
  g_clear_object (&changed);

  g_assert_true (cm_source_update (db, cm_source_get_id (source), "Central CDMX", CM_SOURCE_CENTRAL,
                                   "https://c.example.org", "1", "reporte_diario", CENTRAL_USER, &error));
  changed = cm_source_find (db, "Central CDMX", &error);
  g_assert_null (cm_source_get_cursor (changed));

  /* The checks of cm_source_add(), and a name already taken. */
  g_assert_false (cm_source_update (db, cm_source_get_id (source), "Other", CM_SOURCE_CENTRAL,
                                    "https://c.example.org", "1", "reporte_diario", CENTRAL_USER, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS);
  g_clear_error (&error);
  g_assert_false (cm_source_update (db, cm_source_get_id (source), "Central CDMX", CM_SOURCE_CENTRAL,
                                    "ftp://nowhere", "1", "reporte_diario", CENTRAL_USER, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  /* An account to test before it is saved: checked, in no database. */
  {
    g_autoptr(CmSource) unsaved = cm_source_new_unsaved ("K", CM_SOURCE_KOBO, "https://kf.example.org//",
                                                         NULL, "aAbC", NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (cm_source_get_base_url (unsaved), ==, "https://kf.example.org");
    g_assert_null (cm_source_new_unsaved ("", CM_SOURCE_KOBO, "https://kf.example.org", NULL, "a", NULL, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  }
  g_assert_cmpint (cm_test_db_int (db, "SELECT count(*) FROM source"), ==, 2);
}

/* --- the Sync view ------------------------------------------------------ */

static gboolean
shows_one_run (gpointer data)
{
  GListModel *runs = cm_sync_view_get_runs (cm_window_get_sync_view (data));

  return runs != NULL && g_list_model_get_n_items (runs) == 1;
}

static void
test_sync_view_history (void)
{
  g_autoptr(CmDb) db = new_demo_db ("history.db");
  g_autoptr(CmSource) source = add_central (db, "Central", "https://central.example.org");
  g_autoptr(GError) error = NULL;
  g_autoptr(CmSyncRun) run = NULL;
  CmWindow *window;
  GListModel *runs;

  window = open_window (db);
  runs = cm_sync_view_get_runs (cm_window_get_sync_view (window));
  g_assert_cmpuint (g_list_model_get_n_items (runs), ==, 0);

  g_assert_true (cm_db_exec (db,
                             "INSERT INTO sync_run (source_id, started_at, finished_at, state, received,"
                             "  inserted, updated, quarantined, error)"
                             " SELECT id, '2026-10-05T14:00:00Z', '2026-10-05T14:01:00Z', 'failed', 500,"
                             "  480, 15, 5, 'The server of “Central” did not answer in time.' FROM source",
                             &error));
  g_assert_no_error (error);

  cm_window_reload (window);
  g_assert_true (cm_test_wait_for (shows_one_run, window, 10));

  run = g_list_model_get_item (cm_sync_view_get_runs (cm_window_get_sync_view (window)), 0);
  g_assert_cmpstr (cm_sync_run_get_source_name (run), ==, "Central");
  g_assert_cmpstr (cm_sync_run_get_state (run), ==, "failed");
  g_assert_cmpuint (cm_sync_run_get_inserted (run), ==, 480);
  g_assert_cmpuint (cm_sync_run_get_quarantined (run), ==, 5);
  g_assert_cmpstr (cm_sync_run_get_error (run), ==, "The server of “Central” did not answer in time.");

  /* The view switches to it from the toast's Details. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-sync", NULL));

  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
shows_one_quarantined (gpointer data)
{
  GListModel *rows = cm_sync_view_get_quarantine (cm_window_get_sync_view (data));

  return rows != NULL && g_list_model_get_n_items (rows) == 1;
}

static void
test_sync_view_quarantine (void)
{
  g_autoptr(CmDb) db = new_demo_db ("quarantine.db");
  g_autoptr(CmSource) source = add_central (db, "Central", "https://central.example.org");
  g_autoptr(GError) error = NULL;
  g_autoptr(CmQuarantineItem) item = NULL;
  g_autofree char *raw = NULL;
  CmWindow *window;

  window = open_window (db);

  g_assert_true (cm_db_exec (db,
                             "INSERT INTO quarantine (source_id, received_at, instance_id, reason, raw)"
                             " SELECT id, '2026-10-05T14:00:30Z', 'uuid:1234',"
                             "  'The field “comedor” is missing or empty.', '{\"comedor\":null}' FROM source",
                             &error));
  g_assert_no_error (error);

  cm_window_reload (window);
  g_assert_true (cm_test_wait_for (shows_one_quarantined, window, 10));

  item = g_list_model_get_item (cm_sync_view_get_quarantine (cm_window_get_sync_view (window)), 0);
  g_assert_cmpstr (cm_quarantine_item_get_reason (item), ==, "The field “comedor” is missing or empty.");
  g_assert_cmpstr (cm_quarantine_item_get_source_name (item), ==, "Central");
  g_assert_cmpstr (cm_quarantine_item_get_instance_id (item), ==, "uuid:1234");

  /* The raw text, exactly as it arrived. */
  raw = cm_quarantine_get_raw (db, cm_quarantine_item_get_id (item), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (raw, ==, "{\"comedor\":null}");

  /* Its account gone, the row stays. */
  g_assert_true (cm_source_remove (db, cm_source_get_id (source), &error));
  cm_window_reload (window);
  g_assert_true (cm_test_wait_for (sync_view_loaded, window, 10));
  g_assert_true (cm_test_wait_for (shows_one_quarantined, window, 10));
  g_clear_object (&item);
  item = g_list_model_get_item (cm_sync_view_get_quarantine (cm_window_get_sync_view (window)), 0);
  g_assert_null (cm_quarantine_item_get_source_name (item));

  gtk_window_destroy (GTK_WINDOW (window));
}

/* --- a review from the kitchen's page ----------------------------------- */

static gboolean
page_has_reports (gpointer data)
{
  return cm_kitchen_page_get_n_reports (data) > 0;
}

static gboolean
first_report_pending (gpointer data)
{
  return cm_kitchen_page_get_report_pending (data, 0);
}

static gboolean
first_report_reviewable (gpointer data)
{
  return cm_kitchen_page_can_review_report (data, 0);
}

typedef struct
{
  CmDb  *db;
  gint64 expected;
} OutboxCount;

static gboolean
outbox_has (gpointer data)
{
  OutboxCount *c = data;
  return cm_db_query_int (c->db, "SELECT count(*) FROM outbox", NULL) == c->expected;
}

static gboolean
shows_one_pending (gpointer data)
{
  GListModel *outbox = cm_sync_view_get_outbox (cm_window_get_sync_view (data));

  return outbox != NULL && g_list_model_get_n_items (outbox) == 1;
}

static void
test_review_from_kitchen_page (void)
{
  g_autoptr(CmDb) db = new_demo_db ("review.db");
  g_autoptr(CmSource) source = add_central (db, "Central", "https://central.example.org");
  g_autoptr(GError) error = NULL;
  CmKitchenPage *page;
  CmKitchensView *view;
  CmWindow *window;
  OutboxCount count = { db, 1 };

  /* The demo's reports came from no account: CC003's come from this one. */
  g_assert_true (cm_db_exec (db,
                             "UPDATE report SET source_id = (SELECT id FROM source)"
                             " WHERE canteen_id = (SELECT id FROM canteen WHERE folio = 'CC003')",
                             &error));
  g_assert_no_error (error);

  window = open_window (db);
  view = cm_window_get_kitchens_view (window);
  g_assert_true (cm_test_wait_for (cm_test_window_list_loaded, window, 30));

  /* A kitchen whose reports came from no account offers no review. */
  g_assert_true (cm_kitchens_view_select_folio (view, "CC002"));
  page = cm_kitchens_view_get_page (view);
  g_assert_true (cm_test_wait_for (page_has_reports, page, 10));
  g_assert_false (cm_kitchen_page_review_report (page, 0, CM_REVIEW_APPROVED, NULL));

  g_assert_true (cm_kitchens_view_select_folio (view, "CC003"));
  g_assert_cmpstr (cm_kitchen_page_get_shown_folio (page), ==, "CC003");
  g_assert_true (cm_test_wait_for (first_report_reviewable, page, 10));
  g_assert_false (cm_kitchen_page_get_report_pending (page, 0));

  g_assert_true (cm_kitchen_page_review_report (page, 0, CM_REVIEW_HAS_ISSUES, NULL));
  g_assert_true (cm_test_wait_for (outbox_has, &count, 10));
  g_assert_true (cm_test_wait_for (first_report_pending, page, 10));
  g_assert_cmpint (cm_test_db_int (db, "SELECT count(*) FROM outbox WHERE action = 'review_state'"
                                  " AND pushed_at IS NULL AND json_extract (payload, '$.state') = 'hasIssues'"), ==, 1);

  /* The Sync view lists it as waiting to be sent. */
  cm_window_show_view (window, "sync");
  g_assert_true (cm_test_wait_for (shows_one_pending, window, 10));

  gtk_window_destroy (GTK_WINDOW (window));
}

/* --- a whole sync against the simulator ---------------------------------- */

typedef struct
{
  GSubprocess *process;
  char        *base_url;
} Sim;

static gboolean
sim_start (Sim        *sim,
           const char *fault)
{
  const char *path = g_getenv ("COMEDORES_SIM");
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(GError) error = NULL;

  if (path == NULL || !g_file_test (path, G_FILE_TEST_IS_EXECUTABLE))
    return FALSE;

  g_ptr_array_add (args, (gpointer) path);
  g_ptr_array_add (args, (gpointer) "--port");
  g_ptr_array_add (args, (gpointer) "0");
  g_ptr_array_add (args, (gpointer) "--kitchens");
  g_ptr_array_add (args, (gpointer) "6");
  g_ptr_array_add (args, (gpointer) "--months");
  g_ptr_array_add (args, (gpointer) "1");
  g_ptr_array_add (args, (gpointer) "--end");
  g_ptr_array_add (args, (gpointer) "2026-10-31");
  if (fault != NULL)
    {
      g_ptr_array_add (args, (gpointer) "--fault");
      g_ptr_array_add (args, (gpointer) fault);
      g_ptr_array_add (args, (gpointer) "--slow-seconds");
      g_ptr_array_add (args, (gpointer) "30");
    }
  g_ptr_array_add (args, NULL);

  sim->process = g_subprocess_newv ((const char * const *) args->pdata, G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (sim->process));
  sim->base_url = g_data_input_stream_read_line_utf8 (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (sim->base_url);

  return TRUE;
}

static void
sim_stop (Sim *sim)
{
  g_subprocess_send_signal (sim->process, SIGTERM);
  g_subprocess_wait (sim->process, NULL, NULL);
  g_clear_object (&sim->process);
  g_clear_pointer (&sim->base_url, g_free);
}

static gboolean
sync_ended (gpointer data)
{
  return !cm_window_is_syncing (data) && cm_window_get_sync_message (data) != NULL;
}

static gboolean
is_syncing (gpointer data)
{
  return cm_window_is_syncing (data);
}

static void
test_full_sync (void)
{
  g_autoptr(CmDb) db = new_demo_db ("sync.db");
  g_autoptr(CmSource) source = NULL;
  Sim sim = { 0 };
  CmWindow *window;
  gint64 before;

  if (!sim_start (&sim, NULL))
    {
      g_test_skip ("comedores-sim is not built (COMEDORES_SIM)");
      return;
    }

  source = add_central (db, "Central", sim.base_url);
  before = cm_test_db_int (db, "SELECT count(*) FROM report");

  window = open_window (db);
  g_assert_cmpuint (cm_sync_view_get_n_accounts (cm_window_get_sync_view (window)), ==, 1);

  /* The secret for this session only, as typed where there is no keyring. */
  cm_window_set_session_secret (window, source, CENTRAL_PASSWORD);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.sync", NULL));
  g_assert_true (cm_window_is_syncing (window));
  g_assert_true (cm_test_wait_for (sync_ended, window, 120));

  g_assert_true (g_str_has_prefix (cm_window_get_sync_message (window), "Synced: "));
  g_assert_cmpint (cm_test_db_int (db, "SELECT count(*) FROM report"), >, before);
  g_assert_cmpint (cm_test_db_int (db, "SELECT count(*) FROM sync_run WHERE state = 'ok'"), ==, 1);

  /* The photos and receipts of what arrived came too, beside the database. */
  g_assert_cmpint (cm_test_db_int (db, "SELECT count(*) FROM attachment"), >, 0);
  g_assert_cmpint (cm_test_db_int (db, "SELECT count(*) FROM attachment WHERE state = 'present'"), ==,
                   cm_test_db_int (db, "SELECT count(*) FROM attachment"));
  {
    g_autofree char *dir = g_path_get_dirname (cm_db_get_path (db));
    g_autofree char *folder = g_build_filename (dir, "attachments", NULL);
    sqlite3_stmt *stmt = NULL;
    g_autofree char *file = NULL;

    g_assert_cmpint (sqlite3_prepare_v2 (cm_db_get_handle (db),
                                         "SELECT local_path FROM attachment ORDER BY id LIMIT 1",
                                         -1, &stmt, NULL), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    file = g_build_filename (folder, (const char *) sqlite3_column_text (stmt, 0), NULL);
    sqlite3_finalize (stmt);
    g_assert_true (g_file_test (file, G_FILE_TEST_IS_REGULAR));
  }

  /* The run shows in the history. */
  g_assert_true (cm_test_wait_for (shows_one_run, window, 10));

  cm_window_set_session_secret (window, source, NULL);
  gtk_window_destroy (GTK_WINDOW (window));
  sim_stop (&sim);
}

/* Cancel stops a sync stuck on a slow server within a second or so, and
 * says so. */
static void
test_cancel_sync (void)
{
  g_autoptr(CmDb) db = new_demo_db ("cancel.db");
  g_autoptr(CmSource) source = NULL;
  Sim sim = { 0 };
  CmWindow *window;
  gint64 cancelled_at;

  if (!sim_start (&sim, "slow"))
    {
      g_test_skip ("comedores-sim is not built (COMEDORES_SIM)");
      return;
    }

  source = add_central (db, "Central", sim.base_url);
  window = open_window (db);
  cm_window_set_session_secret (window, source, CENTRAL_PASSWORD);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.sync", NULL));
  g_assert_true (cm_test_wait_for (is_syncing, window, 5));
  cm_test_run_for (1500);  /* into the slow page */
  g_assert_true (cm_window_is_syncing (window));

  cancelled_at = g_get_monotonic_time ();
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.cancel-sync", NULL));
  g_assert_true (cm_test_wait_for (sync_ended, window, 10));
  g_assert_cmpint (g_get_monotonic_time () - cancelled_at, <, 3 * G_USEC_PER_SEC);
  g_assert_cmpstr (cm_window_get_sync_message (window), ==, "The sync was stopped. What had arrived was kept.");
  g_assert_cmpint (cm_test_db_int (db, "SELECT count(*) FROM sync_run WHERE state = 'cancelled'"), ==, 1);

  cm_window_set_session_secret (window, source, NULL);
  gtk_window_destroy (GTK_WINDOW (window));
  sim_stop (&sim);
}

static gboolean
prompt_shown (gpointer data)
{
  return cm_window_get_secret_prompt (data) != NULL;
}

/* Without a saved secret, the sync asks for it; Escape skips the account,
 * Enter in the field syncs with what was typed. */
static void
test_secret_prompt (void)
{
  g_autoptr(CmDb) db = new_demo_db ("prompt.db");
  g_autoptr(CmSource) source = NULL;
  Sim sim = { 0 };
  CmWindow *window;
  GtkWidget *focus;

  if (!sim_start (&sim, NULL))
    {
      g_test_skip ("comedores-sim is not built (COMEDORES_SIM)");
      return;
    }

  source = add_central (db, "Central", sim.base_url);
  window = open_window (db);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.sync", NULL));
  g_assert_true (cm_test_wait_for (prompt_shown, window, 10));
  focus = gtk_window_get_focus (cm_window_get_secret_prompt (window));
  g_assert_true (GTK_IS_TEXT (focus));
  gtk_editable_set_text (GTK_EDITABLE (focus), "not used");
  gtk_window_close (cm_window_get_secret_prompt (window));
  g_assert_true (cm_test_wait_for (sync_ended, window, 10));
  g_assert_cmpstr (cm_window_get_sync_message (window), ==, "“Central” was skipped: no password was given.");
  g_assert_cmpint (cm_test_db_int (db, "SELECT count(*) FROM sync_run"), ==, 0);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.sync", NULL));
  g_assert_true (cm_test_wait_for (prompt_shown, window, 10));
  focus = gtk_window_get_focus (cm_window_get_secret_prompt (window));
  gtk_editable_set_text (GTK_EDITABLE (focus), CENTRAL_PASSWORD);
  g_signal_emit_by_name (focus, "activate");
  g_assert_true (cm_test_wait_for (sync_ended, window, 120));
  g_assert_true (g_str_has_prefix (cm_window_get_sync_message (window), "Synced: "));
  g_assert_cmpint (cm_test_db_int (db, "SELECT count(*) FROM sync_run WHERE state = 'ok'"), ==, 1);

  /* Typed once, it is kept for the session. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.sync", NULL));
  g_assert_true (cm_window_is_syncing (window));
  g_assert_null (cm_window_get_secret_prompt (window));
  g_assert_true (cm_test_wait_for (sync_ended, window, 120));
  g_assert_cmpint (cm_test_db_int (db, "SELECT count(*) FROM sync_run WHERE state = 'ok'"), ==, 2);

  cm_window_set_session_secret (window, source, NULL);
  gtk_window_destroy (GTK_WINDOW (window));
  sim_stop (&sim);
}

typedef struct
{
  CmDb       *db;
  const char *sql;
} SqlTrue;

static gboolean
sql_true (gpointer data)
{
  SqlTrue *c = data;
  return cm_db_query_int (c->db, c->sql, NULL) > 0;
}

/* A window closed during a sync: the run stops and records itself. */
static void
test_close_during_sync (void)
{
  g_autoptr(CmDb) db = new_demo_db ("close.db");
  g_autoptr(CmSource) source = NULL;
  SqlTrue stopped = { db, "SELECT count(*) FROM sync_run WHERE state = 'cancelled'" };
  Sim sim = { 0 };
  CmWindow *window;

  if (!sim_start (&sim, "slow"))
    {
      g_test_skip ("comedores-sim is not built (COMEDORES_SIM)");
      return;
    }

  source = add_central (db, "Central", sim.base_url);
  window = open_window (db);
  cm_window_set_session_secret (window, source, CENTRAL_PASSWORD);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.sync", NULL));
  cm_test_run_for (1500);

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_true (cm_test_wait_for (sql_true, &stopped, 10));
  cm_test_run_for (200);

  cm_secret_store_set_session (cm_secret_store_get_default (), source, NULL);
  sim_stop (&sim);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);
  gtk_init ();
  adw_init ();

  tmp_dir = cm_test_make_tmp_dir ("test-ui-sync");

  /* Never a person's keyring: secrets live in memory, as without one. */
  cm_secret_store_disable_keyring (cm_secret_store_get_default ());

  {
    g_autoptr(GError) error = NULL;

    app = cm_application_new ();
    g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
    g_assert_no_error (error);
  }

  g_test_add_func ("/ui-sync/window/preferences-lists-account", test_preferences_lists_account);
  g_test_add_func ("/ui-sync/window/source-update", test_source_update);
  g_test_add_func ("/ui-sync/window/history", test_sync_view_history);
  g_test_add_func ("/ui-sync/window/quarantine", test_sync_view_quarantine);
  g_test_add_func ("/ui-sync/window/review-from-kitchen-page", test_review_from_kitchen_page);
  g_test_add_func ("/ui-sync/sim/full-sync", test_full_sync);
  g_test_add_func ("/ui-sync/sim/cancel-sync", test_cancel_sync);
  g_test_add_func ("/ui-sync/sim/close-during-sync", test_close_during_sync);
  g_test_add_func ("/ui-sync/sim/secret-prompt", test_secret_prompt);

  /* meson runs /ui-sync/window and /ui-sync/sim as two processes: together
   * they make GLib outgrow its first block of quarks, which it leaks on
   * purpose (gquark.c) and LeakSanitizer reports. */
  ret = g_test_run ();
  g_clear_object (&app);

  cm_test_remove_tree (tmp_dir);

  return ret;
}
