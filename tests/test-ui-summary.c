/* SPDX-License-Identifier: GPL-3.0-or-later */

/* The Summary place on a demo database, under Xvfb: its figures against
 * SQL, an alcaldía's tile leading to its kitchens, the GeoJSON export of
 * what the list shows. With COMEDORES_SCREENSHOT_DIR set it also saves the
 * place in the light and dark styles (COMEDORES_LOCALEDIR: the built
 * translations, for a Spanish screenshot). */

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <locale.h>
#include <string.h>

#include "cm-application.h"
#include "cm-compliance.h"
#include "cm-db.h"
#include "cm-demo.h"
#include "cm-summary.h"
#include "cm-test-util.h"
#include "cm-test-window.h"
#include "cm-text.h"
#include "cm-window.h"

static char *tmp_dir;
static char *db_path;
static CmApplication *app;

static void
make_demo_db (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CmDb) db = NULL;
  CmDemoOptions options;

  tmp_dir = cm_test_make_tmp_dir ("test-ui-summary");
  db_path = g_build_filename (tmp_dir, "demo.db", NULL);
  db = cm_db_open (db_path, &error);
  g_assert_no_error (error);

  cm_demo_options_init_default (&options);
  /* Small, as test-ui's: the sanitizers make a demo world slow. */
  options.kitchens = 80;
  options.months = 2;
  g_assert_true (cm_demo_generate (db, &options, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (cm_compliance_update (db, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
}

static gint64
sql_int (CmDb       *db,
         const char *sql,
         const char *param1,
         const char *param2)
{
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt = cm_db_prepare (db, sql, &error);
  gint64 value;

  g_assert_no_error (error);
  if (param1 != NULL)
    sqlite3_bind_text (stmt, 1, param1, -1, SQLITE_TRANSIENT);
  if (param2 != NULL)
    sqlite3_bind_text (stmt, 2, param2, -1, SQLITE_TRANSIENT);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return value;
}

static gboolean
summary_loaded (gpointer data)
{
  return cm_summary_view_is_loaded (data);
}

static gboolean
file_exists (gpointer data)
{
  return g_file_test (data, G_FILE_TEST_EXISTS);
}

static void
settle (guint ms)
{
  gint64 until = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < until)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (2000);
    }
}

static void
save_screenshot (GtkWidget  *widget,
                 const char *path)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GdkTexture) texture = NULL;
  GskRenderNode *node;
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);

  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_to_node (snapshot);
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)),
                                         node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_assert_true (gdk_texture_save_to_png (texture, path));
  gsk_render_node_unref (node);
}

static void
test_summary (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CmDb) db = cm_db_open (db_path, &error);
  g_autofree char *active = NULL;
  g_autofree char *rations = NULL;
  g_autofree char *export_path = g_build_filename (tmp_dir, "iztapalapa.geojson", NULL);
  g_autoptr(GFile) export_file = g_file_new_for_path (export_path);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(CmSummary) truth = NULL;
  const char *screenshots = g_getenv ("COMEDORES_SCREENSHOT_DIR");
  CmWindow *window;
  CmSummaryView *view;
  CmKitchensView *kitchens;
  CmChart *chart;
  JsonObject *root;
  char last_month[8];
  gint64 n;

  g_assert_no_error (error);
  window = cm_window_new (app, db);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 900);
  gtk_window_present (GTK_WINDOW (window));
  cm_window_show_view (window, "summary");
  view = cm_window_get_summary_view (window);
  kitchens = cm_window_get_kitchens_view (window);
  g_assert_true (cm_test_wait_for (cm_test_window_list_loaded, window, 120));
  g_assert_true (cm_test_wait_for (summary_loaded, view, 120));

  /* The count of active kitchens on its card is what SQL counts. */
  n = sql_int (db, "SELECT count(*) FROM canteen WHERE status = 'active'", NULL, NULL);
  g_assert_cmpint (n, >, 0);
  active = cm_text_format_count (n);
  g_assert_cmpstr (cm_summary_view_get_figure (view, "active"), ==, active);
  chart = cm_summary_view_get_chart (view, "status");
  g_assert_nonnull (chart);
  g_assert_cmpfloat (cm_chart_get_value (chart, 0, 0), ==, n);

  /* Rations of the default period, the last 12 months with reports: the
   * demo's months are all in it. */
  n = sql_int (db, "SELECT sum (rations_paid + rations_free) FROM report WHERE canteen_id IS NOT NULL",
               NULL, NULL);
  rations = cm_text_format_count (n);
  g_assert_cmpstr (cm_summary_view_get_figure (view, "rations"), ==, rations);

  /* The charts' numbers are there as text, one line per category. */
  {
    g_autofree char *tsv = cm_chart_to_tsv (cm_summary_view_get_chart (view, "alcaldias"));
    g_auto(GStrv) lines = g_strsplit (tsv, "\n", -1);

    g_assert_cmpuint (g_strv_length (lines), >=, 1 + 16);
  }
  {
    g_autofree char *tsv = cm_chart_to_tsv (chart);
    g_autofree char *line = g_strdup_printf ("\t%" G_GINT64_FORMAT "\n",
                                             sql_int (db, "SELECT count(*) FROM canteen WHERE status = 'active'",
                                                      NULL, NULL));

    g_assert_nonnull (strstr (tsv, line));
  }

  if (screenshots != NULL)
    {
      g_autofree char *light = g_build_filename (screenshots, "summary-light.png", NULL);
      g_autofree char *dark = g_build_filename (screenshots, "summary-dark.png", NULL);
      g_autofree char *charts = g_build_filename (screenshots, "summary-charts.png", NULL);
      g_autofree char *charts_dark = g_build_filename (screenshots, "summary-charts-dark.png", NULL);
      AdwStyleManager *style = adw_style_manager_get_default ();
      GtkWidget *scrolled = gtk_widget_get_ancestor (GTK_WIDGET (chart), GTK_TYPE_SCROLLED_WINDOW);
      GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
      double y = 0;

      /* Frames are late on a busy machine: what is saved is the last one drawn. */
      settle (4000);
      save_screenshot (GTK_WIDGET (window), light);
      gtk_widget_translate_coordinates (GTK_WIDGET (chart), scrolled, 0, 0, NULL, &y);
      gtk_adjustment_set_value (adjustment, gtk_adjustment_get_value (adjustment) + y - 120);
      settle (800);
      save_screenshot (GTK_WIDGET (window), charts);
      gtk_adjustment_set_value (adjustment, 0);
      adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
      settle (1500);
      save_screenshot (GTK_WIDGET (window), dark);
      gtk_adjustment_set_value (adjustment, gtk_adjustment_get_value (adjustment) + y - 120);
      settle (800);
      save_screenshot (GTK_WIDGET (window), charts_dark);
      gtk_adjustment_set_value (adjustment, 0);
      adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
    }

  /* Another period: the last month alone, against SQL for that month. */
  truth = cm_summary_load (db, NULL, NULL, &error);
  g_assert_no_error (error);
  g_strlcpy (last_month, truth->data_last_month, sizeof last_month);
  cm_summary_view_set_period (view, last_month, last_month);
  g_assert_true (cm_test_wait_for (summary_loaded, view, 120));
  n = sql_int (db, "SELECT sum (rations_paid + rations_free) FROM report WHERE canteen_id IS NOT NULL"
                   " AND substr (report_date, 1, 7) = ?1", last_month, NULL);
  g_clear_pointer (&rations, g_free);
  rations = cm_text_format_count (n);
  g_assert_cmpstr (cm_summary_view_get_figure (view, "rations"), ==, rations);
  g_assert_cmpuint (cm_chart_get_n_categories (cm_summary_view_get_chart (view, "rations")), ==, 1);

  /* An alcaldía's tile lists its kitchens. */
  g_signal_emit_by_name (view, "alcaldia-activated", "09007");
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (
                     ADW_VIEW_STACK (gtk_widget_get_ancestor (GTK_WIDGET (kitchens), ADW_TYPE_VIEW_STACK))),
                   ==, "kitchens");
  n = sql_int (db, "SELECT count(*) FROM canteen WHERE alcaldia_code = ?1", "09007", NULL);
  g_assert_cmpint (n, >, 0);
  g_assert_cmpuint (cm_kitchens_view_get_n_shown (kitchens), ==, n);

  /* Exporting writes what the list shows. */
  cm_window_export_geojson (window, export_file);
  g_assert_true (cm_test_wait_for (file_exists, export_path, 30));
  settle (200);
  g_assert_true (json_parser_load_from_file (parser, export_path, &error));
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "features")), ==, n);

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  setlocale (LC_ALL, "");
  if (g_getenv ("COMEDORES_LOCALEDIR") != NULL)
    {
      bindtextdomain (GETTEXT_PACKAGE, g_getenv ("COMEDORES_LOCALEDIR"));
      bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
      textdomain (GETTEXT_PACKAGE);
    }
  g_test_init (&argc, &argv, NULL);
  gtk_init ();
  adw_init ();

  make_demo_db ();
  {
    g_autoptr(GError) error = NULL;

    app = cm_application_new ();
    g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
    g_assert_no_error (error);
  }

  g_test_add_func ("/ui-summary/figures", test_summary);

  ret = g_test_run ();
  g_clear_object (&app);
  cm_test_remove_tree (tmp_dir);

  return ret;
}
