/* SPDX-License-Identifier: GPL-3.0-or-later */

/* The Export Table dialog on a demo database, under Xvfb: the list filtered
 * to an alcaldía, its reports of the chosen period exported through the
 * dialog and the shared flow (the file chooser left aside), the file read
 * back against SQL, the toast with its Open button; and the GeoJSON export
 * on the same flow. */

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <string.h>

#include "cm-application.h"
#include "cm-csv.h"
#include "cm-db.h"
#include "cm-file-export.h"
#include "cm-table-export-dialog.h"
#include "cm-test-db.h"
#include "cm-test-util.h"
#include "cm-test-window.h"
#include "cm-window.h"

static char *tmp_dir;
static char *db_path;
static CmApplication *app;

static gboolean
months_loaded (gpointer data)
{
  return cm_period_chooser_get_n_months (data) > 0;
}

static gboolean
export_done (gpointer data)
{
  return !cm_file_export_is_running (data);
}

static gboolean
file_exists (gpointer data)
{
  return g_file_test (data, G_FILE_TEST_EXISTS);
}

static guint
count_csv_rows (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autoptr(CmCsvReader) reader = NULL;
  gsize length;
  GStrv fields;
  guint line, n = 0;

  g_assert_true (g_file_get_contents (path, &text, &length, &error));
  g_assert_no_error (error);
  reader = cm_csv_reader_new (text, length);
  while (cm_csv_reader_next (reader, &fields, &line, &error))
    {
      n++;
      g_strfreev (fields);
    }
  g_assert_no_error (error);
  return n;
}

static void
test_export (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CmDb) db = cm_db_open (db_path, &error);
  g_autofree char *path = g_build_filename (tmp_dir, "informes.csv", NULL);
  g_autofree char *geojson_path = g_build_filename (tmp_dir, "comedores.geojson", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) geojson_file = g_file_new_for_path (geojson_path);
  g_autoptr(CmFileExport) export = NULL;
  g_autofree char *scope = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *period_text = NULL;
  CmTableExportDialog *dialog;
  CmPeriodChooser *chooser;
  CmKitchensView *kitchens;
  CmWindow *window;
  AdwToast *toast;
  CmPeriod period;
  gint64 n;

  g_assert_no_error (error);
  window = cm_test_window_open (app, db, 1280, 900);
  kitchens = cm_window_get_kitchens_view (window);

  /* The list filtered to Iztapalapa. */
  cm_kitchens_view_show_alcaldia (kitchens, "09007");
  n = cm_test_db_int (db, "SELECT count (*) FROM canteen WHERE alcaldia_code = '09007'");
  g_assert_cmpint (n, >, 0);
  g_assert_cmpuint (cm_kitchens_view_get_n_shown (kitchens), ==, n);

  dialog = cm_window_open_table_export (window);
  g_assert_nonnull (dialog);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (dialog)));
  scope = g_strdup_printf ("The %" G_GINT64_FORMAT " kitchens the list shows", n);
  g_assert_cmpstr (cm_table_export_dialog_get_scope (dialog), ==, scope);

  /* The period offered: the months with reports, one of them chosen. */
  chooser = cm_table_export_dialog_get_period_chooser (dialog);
  g_assert_true (cm_test_wait_for (months_loaded, chooser, 60));
  g_assert_cmpuint (cm_period_chooser_get_n_months (chooser), ==,
                    cm_test_db_int (db, "SELECT count (DISTINCT substr (report_date, 1, 7)) FROM report"));
  g_assert_true (cm_period_chooser_get_period (chooser, &period));
  g_assert_cmpstr (period.first_month, ==, period.last_month);
  period_text = cm_period_to_string (&period);

  cm_table_export_dialog_select (dialog, CM_TABLE_REPORTS, CM_TABLE_FORMAT_CSV);
  export = cm_table_export_dialog_export_to (dialog, file);
  g_assert_true (cm_test_wait_for (export_done, export, 120));

  /* The reports of the kitchens shown, of the period, and nothing else. */
  sql = g_strdup_printf ("SELECT count (*) FROM report r JOIN canteen c ON c.id = r.canteen_id"
                         " WHERE c.alcaldia_code = '09007' AND substr (r.report_date, 1, 7) = '%s'",
                         period.first_month);
  n = cm_test_db_int (db, sql);
  g_assert_cmpint (n, >, 0);
  g_assert_cmpuint (count_csv_rows (path), ==, n + 1);

  toast = cm_file_export_get_toast (export);
  g_assert_nonnull (toast);
  g_assert_cmpstr (adw_toast_get_title (toast), ==, "Saved “informes.csv”");
  g_assert_cmpstr (adw_toast_get_button_label (toast), ==, "_Open");

  /* A folder that is not there: a toast that says so, no file. */
  g_clear_object (&export);
  {
    g_autoptr(GFile) nowhere = g_file_new_for_path ("/nonexistent-dir/x.csv");

    dialog = cm_window_open_table_export (window);
    export = cm_table_export_dialog_export_to (dialog, nowhere);
    g_assert_true (cm_test_wait_for (export_done, export, 60));
    toast = cm_file_export_get_toast (export);
    g_assert_nonnull (toast);
    g_assert_true (g_str_has_prefix (adw_toast_get_title (toast), "“x.csv” could not be saved: "));
    g_assert_null (adw_toast_get_button_label (toast));
  }

  /* GeoJSON through the same flow. */
  cm_window_export_geojson (window, geojson_file);
  g_assert_true (cm_test_wait_for (file_exists, geojson_path, 60));

  gtk_window_destroy (GTK_WINDOW (window));
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

  tmp_dir = cm_test_make_tmp_dir ("test-ui-export");
  db_path = g_build_filename (tmp_dir, "demo.db", NULL);
  g_object_unref (cm_test_db_new_checked (db_path, 80, 2));
  {
    g_autoptr(GError) error = NULL;

    app = cm_application_new ();
    g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
    g_assert_no_error (error);
  }

  g_test_add_func ("/ui-export/table", test_export);

  ret = g_test_run ();
  g_clear_object (&app);
  cm_test_remove_tree (tmp_dir);
  return ret;
}
