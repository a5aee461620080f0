/* SPDX-License-Identifier: GPL-3.0-or-later */

/* The published reports from the window, under Xvfb: a kitchen's
 * compliance report saved through the shared flow (the file chooser left
 * aside) with its toast, byte for byte what comedores-cli writes; then
 * printed through GtkPrintOperation (exported to a file instead of a
 * printer), read back with pdfinfo and pdftotext; and the programme
 * report on A4. */

#define _GNU_SOURCE
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <string.h>

#include "cm-application.h"
#include "cm-db.h"
#include "cm-file-export.h"
#include "cm-report-dialog.h"
#include "cm-test-db.h"
#include "cm-test-sim.h"
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

typedef struct
{
  const char *folder;
  guint       n;
} FolderCount;

static gboolean
folder_has (gpointer data)
{
  FolderCount *count = data;
  g_autoptr(GDir) listing = g_dir_open (count->folder, 0, NULL);
  guint n = 0;

  const char *name;

  /* Each report appears under its name only once it is whole. */
  while (listing != NULL && (name = g_dir_read_name (listing)) != NULL)
    n += g_str_has_suffix (name, ".pdf") && name[0] != '.';
  return n >= count->n;
}

static gboolean
summary_loaded (gpointer data)
{
  return cm_summary_view_is_loaded (data);
}

static gboolean
export_done (gpointer data)
{
  return !cm_file_export_is_running (data);
}

static gboolean
file_complete (gpointer data)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  /* The print system writes the file as it goes: whole once it ends. */
  return g_file_get_contents (data, &contents, &length, NULL) && length > 100 &&
         memmem (contents + length - 8, 8, "%%EOF", 5) != NULL;
}

static char *
run_tool (const char *tool,
          const char *path)
{
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  char *out = NULL;

  if (g_str_equal (tool, "pdftotext"))
    process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, tool, "-layout", path, "-", NULL);
  else
    process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, tool, path, NULL);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (process, NULL, NULL, &out, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_successful (process));
  return out;
}

static CmReportDialog *
open_ready (CmWindow          *window,
            CmPublicationKind  kind)
{
  CmReportDialog *dialog = cm_window_open_report (window, kind);

  g_assert_nonnull (dialog);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (dialog)));
  g_assert_true (cm_test_wait_for (months_loaded, cm_report_dialog_get_period_chooser (dialog), 60));
  return dialog;
}

static void
test_reports (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CmDb) db = cm_db_open (db_path, &error);
  g_autofree char *saved = g_build_filename (tmp_dir, "saved.pdf", NULL);
  g_autofree char *by_cli = g_build_filename (tmp_dir, "cli.pdf", NULL);
  g_autofree char *printed = g_build_filename (tmp_dir, "printed.pdf", NULL);
  g_autofree char *programme = g_build_filename (tmp_dir, "programme.pdf", NULL);
  g_autoptr(GFile) saved_file = g_file_new_for_path (saved);
  g_autoptr(GFile) programme_file = g_file_new_for_path (programme);
  g_autoptr(CmFileExport) export = NULL;
  g_autoptr(GBytes) saved_bytes = NULL;
  g_autoptr(GBytes) cli_bytes = NULL;
  g_autoptr(CmDocument) document = NULL;
  g_autofree char *folio = NULL;
  g_autofree char *name = NULL;
  g_autofree char *period_text = NULL;
  g_autofree char *text = NULL;
  g_autofree char *info = NULL;
  const char *pages;
  CmPublicationOptions options;
  CmReportDialog *dialog;
  CmWindow *window;
  AdwToast *toast;

  g_assert_no_error (error);
  /* A name that looks like markup is shown, and printed, as written. */
  cm_test_db_exec (db, "UPDATE canteen SET name = 'Comedor <b>Los & Pinos</b>' WHERE folio ="
                       " (SELECT folio FROM canteen WHERE status = 'active' ORDER BY folio LIMIT 1)");
  folio = cm_test_db_text (db, "SELECT folio FROM canteen WHERE status = 'active' ORDER BY folio LIMIT 1");
  name = cm_test_db_text (db, "SELECT name FROM canteen WHERE status = 'active' ORDER BY folio LIMIT 1");

  window = cm_test_window_open (app, db, 1280, 900);

  /* No kitchen shown: no compliance report to make. */
  g_assert_null (cm_window_open_report (window, CM_PUBLICATION_KITCHEN));

  g_assert_true (cm_kitchens_view_select_folio (cm_window_get_kitchens_view (window), folio));
  dialog = open_ready (window, CM_PUBLICATION_KITCHEN);
  {
    g_autofree char *title = g_strdup_printf ("%s · Comedor <b>Los & Pinos</b>", folio);

    /* The heading is markup: the name, escaped, reads as written. */
    g_assert_cmpstr (cm_report_dialog_get_heading (dialog), ==, title);
  }
  g_assert_true (cm_report_dialog_get_options (dialog, &options));
  g_assert_cmpint (options.kind, ==, CM_PUBLICATION_KITCHEN);
  g_assert_cmpstr (options.folio, ==, folio);
  g_assert_cmpint (options.paper, ==, CM_PAPER_LETTER);
  period_text = cm_period_to_string (&options.period);
  options.folio = folio;  /* the dialog's goes with it */

  /* Saved through the shared flow: a toast that can open it. */
  export = cm_report_dialog_save_to (dialog, saved_file);
  g_assert_nonnull (export);
  g_assert_true (cm_test_wait_for (export_done, export, 120));
  toast = cm_file_export_get_toast (export);
  g_assert_nonnull (toast);
  g_assert_true (g_str_has_prefix (adw_toast_get_title (toast), "Saved “"));
  g_assert_cmpstr (adw_toast_get_button_label (toast), ==, "_Open");

  /* The same bytes as comedores-cli gives for the same options. */
  g_assert_cmpint (cm_test_run_cli (NULL, NULL, NULL, "--db", db_path, "export", "pdf", "kitchen", folio,
                                    "--period", period_text, "-o", by_cli, NULL), ==, 0);
  saved_bytes = g_file_load_bytes (saved_file, NULL, NULL, &error);
  g_assert_no_error (error);
  {
    g_autoptr(GFile) cli_file = g_file_new_for_path (by_cli);

    cli_bytes = g_file_load_bytes (cli_file, NULL, NULL, &error);
    g_assert_no_error (error);
  }
  g_assert_true (g_bytes_equal (saved_bytes, cli_bytes));

  /* Printed: the print system gets the same pages from the same renderer. */
  document = cm_publication_build (db, &options, NULL, &error);
  g_assert_no_error (error);
  dialog = open_ready (window, CM_PUBLICATION_KITCHEN);
  cm_report_dialog_print_to_file (dialog, printed);
  g_assert_true (cm_test_wait_for (file_complete, printed, 120));
  info = run_tool ("pdfinfo", printed);
  pages = strstr (info, "\nPages:");
  g_assert_nonnull (pages);
  g_assert_cmpuint (g_ascii_strtoull (pages + strlen ("\nPages:"), NULL, 10), ==,
                    cm_document_get_n_pages (document));
  g_assert_nonnull (strstr (info, "(letter)"));
  text = run_tool ("pdftotext", printed);
  g_assert_nonnull (strstr (text, folio));
  g_assert_nonnull (strstr (text, name));
  g_assert_nonnull (strstr (text, "Automatic rules"));

  /* The programme report of the months the Summary shows, on A4. */
  g_clear_object (&export);
  g_clear_pointer (&info, g_free);
  {
    CmSummaryView *summary = cm_window_get_summary_view (window);
    g_autofree char *first = cm_test_db_text (db, "SELECT substr (min (report_date), 1, 7) FROM report");
    CmPeriod shown, offered;

    g_assert_true (cm_test_wait_for (summary_loaded, summary, 120));
    cm_summary_view_set_period (summary, first, options.period.last_month);
    g_assert_true (cm_test_wait_for (summary_loaded, summary, 120));
    g_assert_true (cm_summary_view_get_period (summary, &shown));
    g_assert_cmpstr (shown.first_month, ==, first);

    dialog = open_ready (window, CM_PUBLICATION_PROGRAMME);
    g_assert_true (cm_period_chooser_get_period (cm_report_dialog_get_period_chooser (dialog), &offered));
    g_assert_cmpstr (offered.first_month, ==, shown.first_month);
    g_assert_cmpstr (offered.last_month, ==, shown.last_month);
  }
  cm_report_dialog_set_paper (dialog, CM_PAPER_A4);
  export = cm_report_dialog_save_to (dialog, programme_file);
  g_assert_true (cm_test_wait_for (export_done, export, 120));
  info = run_tool ("pdfinfo", programme);
  g_assert_nonnull (strstr (info, "(A4)"));
  g_assert_true (g_regex_match_simple ("Title: +Programme report, ", info, 0, 0));

  /* A compliance report per kitchen the list shows, into a folder. */
  {
    g_autofree char *folder = g_build_filename (tmp_dir, "iztapalapa", NULL);
    g_autoptr(GFile) folder_file = g_file_new_for_path (folder);
    gint64 n = cm_test_db_int (db, "SELECT count (*) FROM canteen WHERE alcaldia_code = '09007'");
    g_autofree char *first = NULL;
    g_autofree char *first_path = NULL;
    g_autofree char *first_text = NULL;
    g_autoptr(GDir) listing = NULL;
    const char *entry;
    guint pdfs = 0;
    FolderCount count = { folder, (guint) n };

    g_assert_cmpint (n, >, 1);
    cm_kitchens_view_show_alcaldia (cm_window_get_kitchens_view (window), "09007");
    dialog = cm_window_open_kitchen_reports (window);
    g_assert_nonnull (dialog);
    g_assert_cmpuint (cm_report_dialog_get_n_kitchens (dialog), ==, n);
    g_assert_true (cm_test_wait_for (months_loaded, cm_report_dialog_get_period_chooser (dialog), 60));
    cm_report_dialog_save_to_folder (dialog, folder_file);
    g_assert_true (cm_test_wait_for (folder_has, &count, 120));

    /* One PDF a kitchen, each whole, nothing else left there. */
    listing = g_dir_open (folder, 0, NULL);
    while ((entry = g_dir_read_name (listing)) != NULL)
      {
        g_assert_true (g_str_has_suffix (entry, ".pdf"));
        g_assert_true (g_str_has_prefix (entry, "compliance-CC") || g_str_has_prefix (entry, "compliance-CP"));
        pdfs++;
      }
    g_assert_cmpuint (pdfs, ==, n);
    first = cm_test_db_text (db, "SELECT folio FROM canteen WHERE alcaldia_code = '09007' ORDER BY folio LIMIT 1");
    first_path = g_strdup_printf ("%s/compliance-%s-%s.pdf", folder, first, period_text);
    first_text = run_tool ("pdftotext", first_path);
    g_assert_nonnull (strstr (first_text, first));
  }

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

  tmp_dir = cm_test_make_tmp_dir ("test-ui-reports");
  db_path = g_build_filename (tmp_dir, "demo.db", NULL);
  g_object_unref (cm_test_db_new_checked (db_path, 40, 2));
  {
    g_autoptr(GError) error = NULL;

    app = cm_application_new ();
    g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
    g_assert_no_error (error);
  }

  g_test_add_func ("/ui-reports/kitchen-and-programme", test_reports);

  ret = g_test_run ();
  g_clear_object (&app);
  cm_test_remove_tree (tmp_dir);
  return ret;
}
