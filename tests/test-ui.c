/* SPDX-License-Identifier: GPL-3.0-or-later */

/* The real window on a real demo database, under Xvfb. */

#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>

#include "cm-application.h"
#include "cm-canteen.h"
#include "cm-db.h"
#include "cm-compliance.h"
#include "cm-demo.h"
#include "cm-text.h"
#include "cm-test-util.h"
#include "cm-test-window.h"
#include "cm-window.h"

#define N_KITCHENS 80

static char *tmp_dir;
static CmApplication *app;
static char *db_path;

typedef struct
{
  CmKitchensView *view;
  guint           expected;
} ShownCount;

static gboolean
shown_is (gpointer data)
{
  ShownCount *c = data;
  return cm_kitchens_view_get_n_shown (c->view) == c->expected;
}

static gboolean
page_has_record (gpointer data)
{
  CmKitchenPage *page = data;
  return cm_kitchen_page_get_n_committee (page) > 0 && cm_kitchen_page_get_n_reports (page) > 0;
}

static void
make_demo_db (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CmDb) db = NULL;
  CmDemoOptions options;

  tmp_dir = cm_test_make_tmp_dir ("test-ui");
  db_path = g_build_filename (tmp_dir, "demo.db", NULL);

  db = cm_db_open (db_path, &error);
  g_assert_no_error (error);

  cm_demo_options_init_default (&options);
  options.kitchens = N_KITCHENS;
  options.months = 2;
  g_assert_true (cm_demo_generate (db, &options, NULL, NULL, &error));
  g_assert_no_error (error);
  /* Checked, as every way of making a demo leaves it: the window then has
   * nothing to evaluate when it opens (ui-rules tests the other case). */
  g_assert_true (cm_compliance_update (db, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
}

/* What SQL says a search for @query must show: the same folding, computed
 * over the database rather than over the widgets. */
static guint
expected_matches (const char *query)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CmDb) db = cm_db_open (db_path, &error);
  g_auto(GStrv) words = cm_text_query_words (query);
  sqlite3_stmt *stmt = cm_db_prepare (db, "SELECT c.folio || ' ' || c.name || ' ' || c.colonia || ' ' || a.name"
                                      " FROM canteen c JOIN alcaldia a ON a.code = c.alcaldia_code", &error);
  guint count = 0;

  g_assert_no_error (error);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_autofree char *key = cm_text_fold ((const char *) sqlite3_column_text (stmt, 0));
      count += cm_text_contains_all (key, (const char * const *) words);
    }
  sqlite3_reset (stmt);

  return count;
}

static char *
some_colonia_word (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CmDb) db = cm_db_open (db_path, &error);
  sqlite3_stmt *stmt;
  char *word = NULL;

  /* The most common colonia, typed in capitals and without accents, as a
   * hurried person types it. */
  stmt = cm_db_prepare (db, "SELECT colonia FROM canteen GROUP BY colonia ORDER BY count(*) DESC, colonia LIMIT 1", &error);
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  {
    g_autofree char *folded = cm_text_fold ((const char *) sqlite3_column_text (stmt, 0));
    word = g_utf8_strup (folded, -1);
  }
  sqlite3_reset (stmt);

  return word;
}

static void
test_window (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CmDb) db = NULL;
  g_autofree char *colonia = NULL;
  CmWindow *window;
  CmKitchensView *view;
  CmKitchenPage *page;
  ShownCount count;
  guint expected;

  db = cm_db_open (db_path, &error);
  g_assert_no_error (error);

  window = cm_window_new (app, db);
  gtk_window_present (GTK_WINDOW (window));
  view = cm_window_get_kitchens_view (window);

  /* Every kitchen is in the list. */
  g_assert_true (cm_test_wait_for (cm_test_window_list_loaded, window, 30));
  g_assert_cmpuint (cm_kitchens_view_get_n_total (view), ==, N_KITCHENS);
  g_assert_cmpuint (cm_kitchens_view_get_n_shown (view), ==, N_KITCHENS);

  /* A search narrows it to what the database says it should. */
  colonia = some_colonia_word ();
  expected = expected_matches (colonia);
  g_assert_cmpuint (expected, >, 0);
  g_assert_cmpuint (expected, <, N_KITCHENS);
  cm_kitchens_view_set_search_text (view, colonia);
  count.view = view;
  count.expected = expected;
  g_assert_true (cm_test_wait_for (shown_is, &count, 10));

  /* A search for nothing that exists shows no kitchen; clearing shows all. */
  cm_kitchens_view_set_search_text (view, "zzzz-no-such-kitchen");
  count.expected = 0;
  g_assert_true (cm_test_wait_for (shown_is, &count, 10));
  cm_kitchens_view_set_search_text (view, "");
  count.expected = N_KITCHENS;
  g_assert_true (cm_test_wait_for (shown_is, &count, 10));

  /* Selecting a kitchen shows its page, with its folio and its record. */
  g_assert_true (cm_kitchens_view_select_folio (view, "CC003"));
  page = cm_kitchens_view_get_page (view);
  g_assert_cmpstr (cm_kitchen_page_get_shown_folio (page), ==, "CC003");
  g_assert_true (cm_test_wait_for (page_has_record, page, 10));
  g_assert_cmpuint (cm_kitchen_page_get_n_committee (page), >=, 3);

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_accent_search (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CmDb) db = cm_db_open (db_path, &error);
  CmWindow *window;
  CmKitchensView *view;
  ShownCount count;

  g_assert_no_error (error);

  /* A kitchen whose name has accents, found by typing none. */
  g_assert_true (cm_db_exec (db,
                             "UPDATE canteen SET name = 'Comedor Comunitario Tláhuac Ñandú' WHERE folio = 'CC002'",
                             &error));
  window = cm_window_new (app, db);
  gtk_window_present (GTK_WINDOW (window));
  view = cm_window_get_kitchens_view (window);
  g_assert_true (cm_test_wait_for (cm_test_window_list_loaded, window, 30));

  cm_kitchens_view_set_search_text (view, "tlahuac nandu");
  count.view = view;
  count.expected = 1;
  g_assert_true (cm_test_wait_for (shown_is, &count, 10));
  g_assert_true (cm_kitchens_view_select_folio (view, "CC002"));

  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
shows_empty_page (gpointer data)
{
  return g_strcmp0 (cm_window_get_shown_page (data), "empty") == 0;
}

static gboolean
shows_content (gpointer data)
{
  return g_strcmp0 (cm_window_get_shown_page (data), "content") == 0;
}

static void
test_empty_database (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (tmp_dir, "empty.db", NULL);
  g_autoptr(CmDb) db = cm_db_open (path, &error);
  CmWindow *window;

  g_assert_no_error (error);
  window = cm_window_new (app, db);
  gtk_window_present (GTK_WINDOW (window));

  /* An empty database says so, and offers the demo. */
  g_assert_true (cm_test_wait_for (shows_empty_page, window, 30));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.load-demo", NULL));

  /* The button's action fills it with the default world and shows it. */
  g_assert_true (cm_test_wait_for (shows_content, window, 540));   /* minutes on a busy machine */
  g_assert_cmpuint (cm_kitchens_view_get_n_total (cm_window_get_kitchens_view (window)), ==, 450);
  g_assert_cmpint (cm_db_query_int (db, "SELECT count(*) FROM canteen", NULL), ==, 450);

  gtk_window_destroy (GTK_WINDOW (window));
  g_clear_object (&db);
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

  make_demo_db ();

  /* One application for every window, as in the real program. */
  {
    g_autoptr(GError) error = NULL;

    app = cm_application_new ();
    g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
    g_assert_no_error (error);
  }

  g_test_add_func ("/ui/window", test_window);
  g_test_add_func ("/ui/accent-search", test_accent_search);
  g_test_add_func ("/ui/empty-database", test_empty_database);

  ret = g_test_run ();
  g_clear_object (&app);

  cm_test_remove_tree (tmp_dir);

  return ret;
}
