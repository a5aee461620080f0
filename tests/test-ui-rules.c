/* SPDX-License-Identifier: GPL-3.0-or-later */

/* The rules in the window, under Xvfb: the compliance column and filter,
 * a kitchen's checks with their evidence, the visit editor, and a sanction
 * recorded through its dialog, each read back from the database. */

#include "config.h"

#include <locale.h>

#include "cm-application.h"
#include "cm-compliance.h"
#include "cm-db.h"
#include "cm-demo.h"
#include "cm-kitchen-page.h"
#include "cm-kitchens-view.h"
#include "cm-review.h"
#include "cm-test-db.h"
#include "cm-test-util.h"
#include "cm-test-window.h"
#include "cm-text.h"
#include "cm-window.h"

static char *tmp_dir;
static CmApplication *app;

/* A small demo world with its checks evaluated, in the test's folder. */
static CmDb *
checked_db (const char *name)
{
  g_autofree char *path = g_build_filename (tmp_dir, name, NULL);

  return cm_test_db_new_checked (path, 24, 2);
}

static GtkWidget *
find_widget (GtkWidget *widget,
             GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, type);
      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The newest toplevel of @type, as a person sees a dialog come up. */
static gpointer
find_toplevel (GType type)
{
  g_autoptr(GListModel) toplevels = g_object_ref (gtk_window_get_toplevels ());

  for (guint i = g_list_model_get_n_items (toplevels); i > 0; i--)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i - 1);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return window;
    }
  return NULL;
}

static gboolean
editor_shown (gpointer data)
{
  return find_toplevel (CM_TYPE_VISIT_EDITOR) != NULL;
}

static gboolean
dialog_gone (gpointer data)
{
  return find_toplevel (ADW_TYPE_MESSAGE_DIALOG) == NULL;
}

static gboolean
dialog_shown (gpointer data)
{
  return find_toplevel (ADW_TYPE_MESSAGE_DIALOG) != NULL;
}

/* --- the list ----------------------------------------------------------- */

static void
test_compliance_filter (void)
{
  g_autoptr(CmDb) db = checked_db ("filter.db");
  CmWindow *window = cm_test_window_open (app, db, 0, 0);
  CmKitchensView *view = cm_window_get_kitchens_view (window);
  gint64 failing = cm_test_db_int (db, "SELECT count(*) FROM check_latest WHERE verdict = 'no_cumple'");
  gint64 total = cm_test_db_int (db, "SELECT count(*) FROM canteen");

  /* The planted anomalies make some kitchens fail, and not all. */
  g_assert_cmpint (failing, >, 0);
  g_assert_cmpint (failing, <, total);

  cm_kitchens_view_show_compliance (view, "no_cumple");
  g_assert_cmpuint (cm_kitchens_view_get_n_shown (view), ==, failing);

  cm_kitchens_view_show_compliance (view, "");
  g_assert_cmpuint (cm_kitchens_view_get_n_shown (view), ==,
                    total - cm_test_db_int (db, "SELECT count(*) FROM check_latest"));

  cm_kitchens_view_show_compliance (view, NULL);
  g_assert_cmpuint (cm_kitchens_view_get_n_shown (view), ==, total);

  gtk_window_destroy (GTK_WINDOW (window));
}

/* --- a kitchen's checks ------------------------------------------------- */

typedef struct
{
  CmKitchenChecks *checks;
  const char      *period;
} ChecksShown;

static gboolean
checks_shown (gpointer data)
{
  ChecksShown *shown = data;

  return cm_kitchen_checks_get_n_results (shown->checks) > 0 &&
         g_strcmp0 (cm_kitchen_checks_get_period (shown->checks), shown->period) == 0;
}

static void
test_kitchen_checks (void)
{
  g_autoptr(CmDb) db = checked_db ("checks.db");
  g_autofree char *folio = cm_test_db_text (db, "SELECT c.folio FROM check_latest l JOIN canteen c ON c.id = l.canteen_id"
                                           " WHERE l.verdict = 'no_cumple' ORDER BY c.folio LIMIT 1");
  g_autofree char *period = cm_test_db_text (db, "SELECT max (period) FROM check_verdict v JOIN canteen c"
                                            " ON c.id = v.canteen_id WHERE c.folio = (SELECT c.folio FROM"
                                            " check_latest l JOIN canteen c ON c.id = l.canteen_id"
                                            " WHERE l.verdict = 'no_cumple' ORDER BY c.folio LIMIT 1)");
  CmWindow *window = cm_test_window_open (app, db, 0, 0);
  CmKitchensView *view = cm_window_get_kitchens_view (window);
  CmKitchenPage *page;
  ChecksShown shown;
  g_autofree char *sql = NULL;

  g_assert_nonnull (folio);
  g_assert_true (cm_kitchens_view_select_folio (view, folio));
  page = cm_kitchens_view_get_page (view);
  cm_kitchen_page_show_section (page, "compliance");

  shown.checks = cm_kitchen_page_get_checks (page);
  shown.period = period;
  g_assert_true (cm_test_wait_for (checks_shown, &shown, 30));

  /* One row per automatic rule evaluated for that kitchen and month. */
  sql = g_strdup_printf ("SELECT count(*) FROM check_result r JOIN canteen c ON c.id = r.canteen_id"
                         " WHERE c.folio = '%s' AND r.period = '%s'", folio, period);
  g_assert_cmpuint (cm_kitchen_checks_get_n_results (shown.checks), ==, cm_test_db_int (db, sql));

  gtk_window_destroy (GTK_WINDOW (window));
}

/* --- the visit editor --------------------------------------------------- */

static gboolean
editor_idle (gpointer data)
{
  return !cm_visit_editor_is_saving (data);
}

static void
test_visit_editor (void)
{
  g_autoptr(CmDb) db = checked_db ("visit.db");
  g_autoptr(GError) error = NULL;
  g_autoptr(CmReview) review = NULL;
  g_autoptr(CmReview) signed_review = NULL;
  gint64 canteen_id = cm_test_db_int (db, "SELECT min (id) FROM canteen WHERE status = 'active'");
  g_autoptr(GDateTime) now = g_date_time_new_now (cm_text_programme_timezone ());
  CmVisitEditor *editor;
  GListModel *items;
  guint n_items;
  GDate today;
  g_autofree char *sql = NULL;

  g_date_clear (&today, 1);
  g_date_set_dmy (&today, g_date_time_get_day_of_month (now), g_date_time_get_month (now),
                  g_date_time_get_year (now));
  review = cm_review_create (db, canteen_id, &today, "Ana Ruiz", "Ana Ruiz", &error);
  g_assert_no_error (error);

  editor = cm_visit_editor_new (NULL, db, review, "CC001");
  gtk_window_present (GTK_WINDOW (editor));

  /* Every item answered "yes" through the editor, saved as it goes. */
  items = cm_review_get_items (review);
  n_items = g_list_model_get_n_items (items);
  g_assert_cmpuint (n_items, >, 5);
  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(CmReviewItem) item = g_list_model_get_item (items, i);
      g_assert_true (cm_visit_editor_answer (editor, cm_review_item_get_code (item), CM_REVIEW_ANSWER_YES));
    }
  g_assert_true (cm_test_wait_for (editor_idle, editor, 60));

  sql = g_strdup_printf ("SELECT count(*) FROM review_item WHERE review_id = %" G_GINT64_FORMAT
                         " AND answer = 'yes'", cm_review_get_id (review));
  g_assert_cmpint (cm_test_db_int (db, sql), ==, n_items);
  g_assert_true (cm_review_has_score (cm_visit_editor_get_review (editor)));
  g_assert_cmpint (cm_test_db_int (db, "SELECT count(*) FROM audit WHERE entity = 'review'"), >=, n_items);
  gtk_window_destroy (GTK_WINDOW (editor));

  /* Signed, it opens read-only: an answer is refused and nothing changes. */
  g_assert_true (cm_review_sign (review, db, "Luis Pérez", &error));
  g_assert_no_error (error);
  signed_review = cm_review_load (db, cm_review_get_id (review), &error);
  g_assert_no_error (error);
  editor = cm_visit_editor_new (NULL, db, signed_review, "CC001");
  gtk_window_present (GTK_WINDOW (editor));
  {
    g_autoptr(CmReviewItem) first = g_list_model_get_item (cm_review_get_items (signed_review), 0);
    g_assert_false (cm_visit_editor_answer (editor, cm_review_item_get_code (first), CM_REVIEW_ANSWER_NO));
  }
  g_assert_true (cm_test_wait_for (editor_idle, editor, 10));
  g_assert_cmpint (cm_test_db_int (db, sql), ==, n_items);
  gtk_window_destroy (GTK_WINDOW (editor));
}

/* --- a sanction, through its dialog ------------------------------------- */

typedef struct
{
  CmDb       *db;
  const char *sql;
  gint64      expected;
} Count;

static gboolean
count_reached (gpointer data)
{
  Count *count = data;

  return cm_db_query_int (count->db, count->sql, NULL) == count->expected;
}

/* A visible label styled as an error, once the dialog can be used again. */
static gboolean
has_error_label (GtkWidget *widget)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_get_visible (widget) && gtk_widget_has_css_class (widget, "error") &&
      *gtk_label_get_text (GTK_LABEL (widget)) != '\0')
    return TRUE;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    if (has_error_label (child))
      return TRUE;
  return FALSE;
}

static gboolean
problem_shown (gpointer data)
{
  return gtk_widget_get_sensitive (data) && has_error_label (data);
}

static void
test_sanction_dialog (void)
{
  g_autoptr(CmDb) db = checked_db ("sanction.db");
  g_autofree char *folio = cm_test_db_text (db, "SELECT folio FROM canteen WHERE status = 'active' ORDER BY folio LIMIT 1");
  CmWindow *window = cm_test_window_open (app, db, 0, 0);
  CmKitchensView *view = cm_window_get_kitchens_view (window);
  CmKitchenPage *page;
  AdwMessageDialog *dialog;
  GtkTextView *reason;
  Count count = { db, "SELECT count(*) FROM sanction WHERE kind = 'warning'", 1 };

  g_assert_true (cm_kitchens_view_select_folio (view, folio));
  page = cm_kitchens_view_get_page (view);
  cm_kitchen_page_show_section (page, "decisions");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (cm_kitchen_page_get_decisions (page)),
                                             "decisions.record-sanction", NULL));
  g_assert_true (cm_test_wait_for (dialog_shown, NULL, 10));
  dialog = find_toplevel (ADW_TYPE_MESSAGE_DIALOG);

  /* Without a reason the database refuses it, and the dialog says so. */
  adw_message_dialog_response (dialog, "record");
  g_assert_true (cm_test_wait_for (problem_shown, dialog, 10));
  g_assert_cmpint (cm_test_db_int (db, "SELECT count(*) FROM sanction"), ==, 0);
  g_assert_true (find_toplevel (ADW_TYPE_MESSAGE_DIALOG) == dialog);

  reason = GTK_TEXT_VIEW (find_widget (GTK_WIDGET (dialog), GTK_TYPE_TEXT_VIEW));
  g_assert_nonnull (reason);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (reason), "Tres días sin reporte en noviembre.", -1);
  adw_message_dialog_response (dialog, "record");
  g_assert_true (cm_test_wait_for (count_reached, &count, 10));
  g_assert_true (cm_test_wait_for (dialog_gone, NULL, 10));

  g_assert_cmpint (cm_test_db_int (db, "SELECT count(*) FROM audit WHERE entity = 'sanction'"), ==, 1);
  g_assert_cmpint (cm_test_db_int (db, "SELECT count(*) FROM status_change"), ==, 0);

  gtk_window_destroy (GTK_WINDOW (window));
}

/* A database whose reports were never checked (a sync from the command line
 * interrupted, an older Comedores) is checked once the window opens. */
static gboolean
some_kitchen_evaluated (gpointer data)
{
  CmKitchensView *view = cm_window_get_kitchens_view (data);

  cm_kitchens_view_show_compliance (view, "");
  return cm_kitchens_view_get_n_shown (view) < cm_kitchens_view_get_n_total (view);
}

static void
test_checks_on_open (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (tmp_dir, "unchecked.db", NULL);
  g_autoptr(CmDb) db = cm_db_open (path, &error);
  CmDemoOptions options;
  CmWindow *window;

  g_assert_no_error (error);
  cm_demo_options_init_default (&options);
  options.kitchens = 12;
  options.months = 1;
  g_assert_true (cm_demo_generate (db, &options, NULL, NULL, &error));
  g_assert_cmpint (cm_test_db_int (db, "SELECT count(*) FROM check_latest"), ==, 0);
  g_assert_cmpint (cm_test_db_int (db, "SELECT count(*) FROM check_dirty"), >, 0);

  window = cm_test_window_open (app, db, 0, 0);
  g_assert_true (cm_test_wait_for (some_kitchen_evaluated, window, 60));
  g_assert_cmpint (cm_test_db_int (db, "SELECT count(*) FROM check_dirty"), ==, 0);
  g_assert_cmpint (cm_test_db_int (db, "SELECT count(*) FROM check_latest"), ==, 12);

  gtk_window_destroy (GTK_WINDOW (window));
}

/* Ctrl+N: a visit to the kitchen shown, from anywhere in the window. */
static void
test_new_visit_action (void)
{
  g_autoptr(CmDb) db = checked_db ("new-visit.db");
  g_autofree char *folio = cm_test_db_text (db, "SELECT folio FROM canteen ORDER BY folio LIMIT 1");
  g_autofree char *heading = NULL;
  CmWindow *window = cm_test_window_open (app, db, 0, 0);
  AdwMessageDialog *dialog;

  /* No kitchen chosen: nothing opens. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.new-visit", NULL));
  g_assert_null (find_toplevel (ADW_TYPE_MESSAGE_DIALOG));

  g_assert_true (cm_kitchens_view_select_folio (cm_window_get_kitchens_view (window), folio));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.new-visit", NULL));
  g_assert_true (cm_test_wait_for (dialog_shown, NULL, 10));
  dialog = find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  heading = g_strdup_printf ("New Visit to %s", folio);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, heading);

  /* Start makes the draft and opens the editor on it. */
  adw_message_dialog_response (dialog, "start");
  g_assert_true (cm_test_wait_for (editor_shown, NULL, 10));
  g_assert_cmpint (cm_test_db_int (db, "SELECT count(*) FROM review WHERE signed_at IS NULL"), ==, 1);

  gtk_window_destroy (GTK_WINDOW (find_toplevel (CM_TYPE_VISIT_EDITOR)));
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int    argc,
      char **argv)
{
  int ret;

  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);
  gtk_init ();
  adw_init ();

  tmp_dir = cm_test_make_tmp_dir ("test-ui-rules");

  g_test_add_func ("/ui-rules/compliance-filter", test_compliance_filter);
  g_test_add_func ("/ui-rules/checks-on-open", test_checks_on_open);
  g_test_add_func ("/ui-rules/kitchen-checks", test_kitchen_checks);
  g_test_add_func ("/ui-rules/visit-editor", test_visit_editor);
  g_test_add_func ("/ui-rules/sanction-dialog", test_sanction_dialog);
  g_test_add_func ("/ui-rules/new-visit-action", test_new_visit_action);

  {
    g_autoptr(GError) error = NULL;

    app = cm_application_new ();
    g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
    g_assert_no_error (error);
  }

  ret = g_test_run ();
  g_clear_object (&app);

  cm_test_remove_tree (tmp_dir);

  return ret;
}
