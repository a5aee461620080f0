/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <locale.h>

#include "cm-application.h"
#include "cm-import-dialog.h"
#include "cm-test-geo.h"
#include "cm-test-util.h"

/* The import dialog for real, on an X server: a file read in a thread, its
 * report shown, then Import writes it and says so. */

static char *tmp_dir;

typedef struct
{
  CmImportDialog *dialog;
  gboolean        imported;
} Wait;

static gboolean
report_ready (gpointer data)
{
  Wait *wait = data;

  return cm_import_dialog_get_report (wait->dialog) != NULL;
}

static gboolean
imported (gpointer data)
{
  return ((Wait *) data)->imported;
}

static void
imported_cb (CmImportDialog *dialog,
             Wait           *wait)
{
  wait->imported = TRUE;
}

static gint64
count_kitchens (const char *db_path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CmDb) db = cm_db_open (db_path, &error);

  g_assert_no_error (error);
  return cm_db_query_int (db, "SELECT count(*) FROM canteen", &error);
}

static void
test_registry (void)
{
  g_autofree char *db_path = g_build_filename (tmp_dir, "comedores.db", NULL);
  g_autofree char *csv = cm_test_write_file (tmp_dir, "padron.csv",
                                             "ID,Nombre,Tipo,Dirección,Colonia,Alcaldía,Latitud,Longitud,Horario\n"
                                             "CC001,Uno,Comunitario,,,Iztapalapa,19.35,-99.05,\n"
                                             "CC002,Dos,Comunitario,,,Cuajimalpa,19.35,-99.29,\n"
                                             "CC003,Tres,Comunitario,,,Iztapalapa,abc,-99.05,\n", -1);
  g_autoptr(GFile) file = g_file_new_for_path (csv);
  g_autoptr(GError) error = NULL;
  g_autoptr(CmDb) db = cm_db_open (db_path, &error);
  Wait wait = { 0 };
  CmImportReport *report;

  g_assert_no_error (error);
  wait.dialog = cm_import_dialog_new (db, CM_IMPORT_KIND_REGISTRY);
  g_signal_connect (wait.dialog, "imported", G_CALLBACK (imported_cb), &wait);
  gtk_window_present (GTK_WINDOW (wait.dialog));

  cm_import_dialog_load_file (wait.dialog, file);
  g_assert_true (cm_test_wait_for (report_ready, &wait, 30));
  report = cm_import_dialog_get_report (wait.dialog);
  g_assert_cmpint (cm_import_report_get_count (report, "added"), ==, 2);
  g_assert_cmpint (cm_import_report_get_count (report, "rejected"), ==, 1);
  g_assert_cmpuint (cm_import_report_get_n_problems (report), ==, 2);   /* abc, and Cuajimalpa read as */
  g_assert_cmpint (count_kitchens (db_path), ==, 0);

  /* Import is a button in the header bar; its action, as a click would. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (wait.dialog), "import.apply", NULL));
  g_assert_true (cm_test_wait_for (imported, &wait, 60));
  g_assert_cmpint (count_kitchens (db_path), ==, 2);
  g_assert_nonnull (cm_import_dialog_get_report (wait.dialog));

  gtk_window_destroy (GTK_WINDOW (wait.dialog));
}

static void
test_refused_file (void)
{
  g_autofree char *db_path = g_build_filename (tmp_dir, "other.db", NULL);
  g_autofree char *path = cm_test_write_file (tmp_dir, "limites.geojson", "{\"type\":\"Feature\"}", -1);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(CmDb) db = cm_db_open (db_path, &error);
  Wait wait = { 0 };

  g_assert_no_error (error);
  wait.dialog = cm_import_dialog_new (db, CM_IMPORT_KIND_BOUNDARIES);
  gtk_window_present (GTK_WINDOW (wait.dialog));
  cm_import_dialog_load_file (wait.dialog, file);
  /* Refused: no report, nothing to apply, whatever the wait. */
  for (guint i = 0; i < 50; i++)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (10000);
    }
  g_assert_null (cm_import_dialog_get_report (wait.dialog));
  gtk_window_destroy (GTK_WINDOW (wait.dialog));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(CmApplication) app = NULL;
  int ret;

  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);
  gtk_init ();
  adw_init ();

  tmp_dir = cm_test_make_tmp_dir ("test-ui-import");
  app = cm_application_new ();
  {
    g_autoptr(GError) error = NULL;

    g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
    g_assert_no_error (error);
  }

  g_test_add_func ("/ui-import/registry", test_registry);
  g_test_add_func ("/ui-import/refused-file", test_refused_file);

  ret = g_test_run ();
  cm_test_remove_tree (tmp_dir);
  g_free (tmp_dir);
  return ret;
}
