/* SPDX-License-Identifier: GPL-3.0-or-later */

/* Editing the registry in the window, under Xvfb: a kitchen's name changed
 * through its editor shows in the list and in the audit log; a membership
 * ended through its dialog flags the committee on the page and in the list.
 *
 * With COMEDORES_SCREENSHOT_DIR set, the editor and the flagged page are
 * saved there as PNG (and COMEDORES_LOCALEDIR names where the catalogues
 * are, to take them in Spanish). */

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <string.h>

#include "cm-application.h"
#include "cm-audit.h"
#include "cm-boundary-import.h"
#include "cm-canteen-editor.h"
#include "cm-compliance.h"
#include "cm-db.h"
#include "cm-demo.h"
#include "cm-kitchen-page.h"
#include "cm-kitchens-view.h"
#include "cm-test-geo.h"
#include "cm-test-db.h"
#include "cm-test-util.h"
#include "cm-test-window.h"
#include "cm-window.h"


/* The kitchen at @position of the list as filtered; the model keeps it. */
static CmCanteen *
shown_at (CmKitchensView *view,
          guint           position)
{
  g_autoptr(CmCanteen) canteen = g_list_model_get_item (cm_kitchens_view_get_shown (view), position);

  g_assert_nonnull (canteen);
  return canteen;
}

static char *tmp_dir;
static CmApplication *app;

/* A small demo world with its checks evaluated, in the test's folder. */
static CmDb *
checked_db (const char *name)
{
  g_autofree char *path = g_build_filename (tmp_dir, name, NULL);

  return cm_test_db_new_checked (path, 24, 2);
}

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

static gboolean
window_gone (gpointer data)
{
  GtkWindow **window = data;

  return *window == NULL;
}

static gboolean
spin_once (gpointer data)
{
  return FALSE;
}

/* Lets the window settle: layout and a few frames. */
static void
settle (void)
{
  cm_test_wait_for (spin_once, NULL, 1);
}

static gboolean
has_size (gpointer data)
{
  return gtk_widget_get_width (data) > 0 && gtk_widget_get_height (data) > 0;
}

static void
save_screenshot (GtkWidget  *widget,
                 const char *name)
{
  const char *dir = g_getenv ("COMEDORES_SCREENSHOT_DIR");
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = NULL;
  GtkSnapshot *snapshot;
  int width, height;

  if (dir == NULL)
    return;

  if (!cm_test_wait_for (has_size, widget, 10))
    {
      g_test_message ("no screenshot of %s: it was never drawn", name);
      return;
    }
  settle ();
  width = gtk_widget_get_width (widget);
  height = gtk_widget_get_height (widget);
  paintable = gtk_widget_paintable_new (widget);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  path = g_build_filename (dir, name, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot: %s", path);
}

typedef struct
{
  CmKitchenPage *page;
  const char    *folio;
  guint          committee;
} PageShown;

static gboolean
page_shows (gpointer data)
{
  PageShown *shown = data;
  CmCanteen *canteen = cm_kitchen_page_get_canteen (shown->page);

  return canteen != NULL && g_strcmp0 (cm_canteen_get_folio (canteen), shown->folio) == 0 &&
         cm_kitchen_page_get_n_committee (shown->page) == shown->committee;
}

/* --- the record --------------------------------------------------------- */

typedef struct
{
  CmKitchensView *view;
  const char     *folio;
} ListShows;

static gboolean
list_shows_one (gpointer data)
{
  ListShows *shows = data;
  CmCanteen *canteen;

  if (cm_kitchens_view_get_n_shown (shows->view) != 1)
    return FALSE;
  canteen = shown_at (shows->view, 0);
  return g_strcmp0 (cm_canteen_get_folio (canteen), shows->folio) == 0;
}

static void
test_edit_name (void)
{
  g_autoptr(CmDb) db = checked_db ("edit.db");
  g_autofree char *folio = cm_test_db_text (db, "SELECT folio FROM canteen WHERE status = 'active' ORDER BY folio LIMIT 1");
  g_autofree char *old_name = NULL;
  g_autofree char *latitude = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *after = NULL;
  CmWindow *window = cm_test_window_open (app, db, 1280, 800);
  CmKitchensView *view = cm_window_get_kitchens_view (window);
  CmKitchenPage *page = cm_kitchens_view_get_page (view);
  CmCanteenEditor *editor;
  Count count = { db, "SELECT count(*) FROM audit WHERE entity = 'canteen' AND action = 'edit'", 1 };
  ListShows shows = { view, folio };
  gint64 rows = 0, bad = 0;
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (folio);
  sql = g_strdup_printf ("SELECT name FROM canteen WHERE folio = '%s'", folio);
  old_name = cm_test_db_text (db, sql);
  g_assert_true (cm_kitchens_view_select_folio (view, folio));

  editor = cm_kitchen_page_edit_record (page);
  g_assert_nonnull (editor);
  g_object_add_weak_pointer (G_OBJECT (editor), (gpointer *) &editor);
  g_assert_null (cm_canteen_editor_get_problem (editor));

  /* A wrong point is refused as it is typed, and Save writes nothing. */
  latitude = g_strdup (gtk_editable_get_text (cm_canteen_editor_get_field (editor, "latitude")));
  gtk_editable_set_text (cm_canteen_editor_get_field (editor, "latitude"), "diecinueve");
  g_assert_nonnull (cm_canteen_editor_get_problem (editor));
  save_screenshot (GTK_WIDGET (editor), "regedit-editor-error.png");
  cm_canteen_editor_save (editor);
  settle ();
  g_assert_cmpint (cm_test_db_int (db, "SELECT count(*) FROM audit"), ==, 0);
  gtk_editable_set_text (cm_canteen_editor_get_field (editor, "latitude"), latitude);
  g_assert_null (cm_canteen_editor_get_problem (editor));

  gtk_editable_set_text (cm_canteen_editor_get_field (editor, "name"), "Comedor Editado de Prueba");
  save_screenshot (GTK_WIDGET (editor), "regedit-editor.png");
  cm_canteen_editor_save (editor);
  g_assert_true (cm_test_wait_for (count_reached, &count, 30));
  g_assert_true (cm_test_wait_for (window_gone, &editor, 10));

  /* The audit row holds the name before and after, and nothing else. */
  after = cm_test_db_text (db, "SELECT after FROM audit WHERE entity = 'canteen'");
  g_assert_cmpstr (after, ==, "{\"name\":\"Comedor Editado de Prueba\"}");
  g_clear_pointer (&after, g_free);
  after = cm_test_db_text (db, "SELECT json_extract (before, '$.name') FROM audit WHERE entity = 'canteen'");
  g_assert_cmpstr (after, ==, old_name);
  g_assert_true (cm_audit_verify (db, &rows, &bad, &error));
  g_assert_no_error (error);

  /* The list reloaded: the search finds the kitchen by its new name. */
  cm_kitchens_view_set_search_text (view, "editado de prueba");
  g_assert_true (cm_test_wait_for (list_shows_one, &shows, 30));
  g_assert_cmpstr (cm_canteen_get_name (shown_at (view, 0)), ==, "Comedor Editado de Prueba");

  gtk_window_destroy (GTK_WINDOW (window));
}

/* --- the committee ------------------------------------------------------ */

static gboolean
warning_shown (gpointer data)
{
  return cm_kitchen_page_get_committee_warning (data) != NULL;
}

static gboolean
warning_has_two_lines (gpointer data)
{
  const char *text = cm_kitchen_page_get_committee_warning (data);

  return text != NULL && strchr (text, '\n') != NULL;
}

static gboolean
warning_has_one_line (gpointer data)
{
  const char *text = cm_kitchen_page_get_committee_warning (data);

  return text != NULL && strchr (text, '\n') == NULL;
}

/* The newest message dialog, as a person sees it come up. */
static AdwMessageDialog *
find_dialog (void)
{
  g_autoptr(GListModel) toplevels = g_object_ref (gtk_window_get_toplevels ());

  for (guint i = g_list_model_get_n_items (toplevels); i > 0; i--)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i - 1);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return ADW_MESSAGE_DIALOG (window);
    }
  return NULL;
}

static void
test_end_membership (void)
{
  g_autoptr(CmDb) db = checked_db ("committee.db");
  /* A kitchen with exactly three active members and no office holder. */
  g_autofree char *folio = cm_test_db_text (db,
      "SELECT c.folio FROM canteen c JOIN committee_member m ON m.canteen_id = c.id"
      " WHERE c.status = 'active' GROUP BY c.id"
      " HAVING sum (m.until IS NULL) = 3 AND sum (m.holds_office) = 0 ORDER BY c.folio LIMIT 1");
  g_autofree char *sql = NULL;
  CmWindow *window;
  CmKitchensView *view;
  CmKitchenPage *page;
  AdwMessageDialog *dialog;
  CmCanteen *shown;
  PageShown page_shown;
  ListShows shows;
  Count count;
  guint n_members;
  guint n_problems;

  g_assert_nonnull (folio);
  /* The screenshot shows the window where its transitions end. */
  if (g_getenv ("COMEDORES_SCREENSHOT_DIR") != NULL)
    g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
  sql = g_strdup_printf ("SELECT count(*) FROM committee_member m JOIN canteen c ON c.id = m.canteen_id"
                         " WHERE c.folio = '%s'", folio);
  n_members = (guint) cm_test_db_int (db, sql);

  window = cm_test_window_open (app, db, 1280, 800);
  view = cm_window_get_kitchens_view (window);
  page = cm_kitchens_view_get_page (view);
  g_assert_true (cm_kitchens_view_select_folio (view, folio));
  page_shown = (PageShown) { page, folio, n_members };
  g_assert_true (cm_test_wait_for (page_shows, &page_shown, 30));
  g_assert_null (cm_kitchen_page_get_committee_warning (page));

  /* The first row is an active member: end the membership today. */
  dialog = cm_kitchen_page_end_membership (page, 0);
  g_assert_nonnull (dialog);
  g_assert_nonnull (g_object_get_data (G_OBJECT (dialog), "date-entry"));
  adw_message_dialog_response (dialog, "apply");
  g_free (sql);
  sql = g_strdup_printf ("SELECT count(*) FROM committee_member m JOIN canteen c ON c.id = m.canteen_id"
                         " WHERE c.folio = '%s' AND m.until IS NULL", folio);
  /* The audit row is the change's last write (the test shares the window's
   * connection, so it may see the change before its commit). */
  count = (Count) { db, "SELECT count(*) FROM audit WHERE action = 'end_membership'", 1 };
  g_assert_true (cm_test_wait_for (count_reached, &count, 30));
  g_assert_cmpint (cm_test_db_int (db, sql), ==, 2);

  /* The page, after the reload, says why the committee is flagged. */
  g_assert_true (cm_test_wait_for (warning_shown, page, 30));
  g_assert_nonnull (strstr (cm_kitchen_page_get_committee_warning (page), "2"));
  /* The membership is kept as history. */
  g_assert_true (cm_test_wait_for (page_shows, &page_shown, 30));
  save_screenshot (GTK_WIDGET (window), "regedit-flag.png");
  save_screenshot (GTK_WIDGET (page), "regedit-page.png");

  /* The list flags the kitchen, and its filter finds it. */
  cm_kitchens_view_show_committee_problems (view, TRUE);
  n_problems = cm_kitchens_view_get_n_shown (view);
  g_assert_cmpuint (n_problems, >, 0);
  g_assert_cmpuint (n_problems, <, cm_kitchens_view_get_n_total (view));
  for (guint i = 0; i < n_problems; i++)
    g_assert_cmpuint (cm_canteen_get_committee_flags (shown_at (view, i)), !=, CM_COMMITTEE_FLAGS_NONE);
  shows = (ListShows) { view, folio };
  cm_kitchens_view_set_search_text (view, folio);
  g_assert_true (cm_test_wait_for (list_shows_one, &shows, 10));
  shown = shown_at (view, 0);
  g_assert_cmpuint (cm_canteen_get_committee_flags (shown), ==, CM_COMMITTEE_FLAGS_FEW_MEMBERS);
  g_assert_cmpuint (cm_canteen_get_committee_active (shown), ==, 2);

  cm_kitchens_view_show_committee_problems (view, FALSE);

  /* The office switch asks first and stays as the database says; once
   * confirmed, the page says why the committee is flagged again. */
  {
    GtkSwitch *office = cm_kitchen_page_get_office_switch (page, 0);
    Count marked = { db, "SELECT count(*) FROM audit WHERE action = 'set_holds_office'", 1 };

    g_assert_nonnull (office);
    g_assert_false (gtk_switch_get_active (office));
    gtk_switch_set_active (office, TRUE);
    g_assert_false (gtk_switch_get_active (office));
    g_assert_false (gtk_switch_get_state (office));
    dialog = find_dialog ();
    g_assert_nonnull (dialog);
    g_free (sql);
    sql = g_strdup_printf ("SELECT count(*) FROM committee_member m JOIN canteen c ON c.id = m.canteen_id"
                           " WHERE c.folio = '%s' AND m.holds_office = 1", folio);
    g_assert_cmpint (cm_test_db_int (db, sql), ==, 0);
    adw_message_dialog_response (dialog, "apply");
    g_assert_true (cm_test_wait_for (count_reached, &marked, 30));
    g_assert_true (cm_test_wait_for (warning_has_two_lines, page, 30));
    g_assert_cmpint (cm_test_db_int (db, sql), ==, 1);
  }

  /* A third member, through the Add Member dialog: the size flag goes,
   * the office one stays. */
  {
    Count added = { db, "SELECT count(*) FROM audit WHERE action = 'add_member'", 1 };
    GtkEditable *name;

    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "kitchen.add-member", NULL));
    dialog = find_dialog ();
    g_assert_nonnull (dialog);
    name = g_object_get_data (G_OBJECT (dialog), "name-entry");
    g_assert_nonnull (name);
    adw_message_dialog_response (dialog, "apply");  /* no name: refused, still open */
    settle ();
    g_assert_true (find_dialog () == dialog);
    g_assert_cmpint (cm_test_db_int (db, "SELECT count(*) FROM audit WHERE action = 'add_member'"), ==, 0);
    gtk_editable_set_text (name, "Rosa Nueva Integrante");
    adw_message_dialog_response (dialog, "apply");
    g_assert_true (cm_test_wait_for (count_reached, &added, 30));
    g_assert_true (cm_test_wait_for (warning_has_one_line, page, 30));
  }

  gtk_window_destroy (GTK_WINDOW (window));
}

/* --- the point and its alcaldía ----------------------------------------- */

static gboolean
place_warning_shown (gpointer data)
{
  return cm_kitchen_page_get_place_warning (data) != NULL;
}

static gboolean
place_warning_hidden (gpointer data)
{
  return cm_kitchen_page_get_place_warning (data) == NULL;
}

/* Once the boundaries are imported, a kitchen whose registered point lies in
 * another alcaldía says so at the top of its record; one inside says
 * nothing. */
static void
test_point_outside (void)
{
  g_autofree char *path = g_build_filename (tmp_dir, "place.db", NULL);
  g_autofree char *collection = cm_test_grid_collection ();
  g_autoptr(GBytes) bytes = g_bytes_new_take (g_strdup (collection), strlen (collection));
  g_autoptr(CmBoundaryImport) import = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CmDb) db = cm_db_open (path, &error);
  g_autofree char *sql = NULL;
  CmKitchensView *view;
  CmKitchenPage *page;
  CmWindow *window;
  double lat, lon;

  g_assert_no_error (error);
  import = cm_boundary_import_new_from_bytes (db, bytes, &error);
  g_assert_no_error (error);
  g_assert_true (cm_boundary_import_apply (import, "Prueba", &error));
  g_assert_no_error (error);

  cm_test_grid_cell_center (5, &lat, &lon);  /* Iztapalapa's cell */
  sql = g_strdup_printf ("INSERT INTO canteen (folio, name, modality, alcaldia_code, latitude, longitude) VALUES"
                         " ('CC001', 'Dentro', 'comunitario', '09007', %.6f, %.6f),"
                         " ('CC002', 'Registrado en Azcapotzalco', 'comunitario', '09002', %.6f, %.6f)",
                         lat, lon, lat, lon);
  g_assert_true (cm_db_exec (db, sql, &error));
  g_assert_no_error (error);

  window = cm_test_window_open (app, db, 1280, 800);
  view = cm_window_get_kitchens_view (window);
  page = cm_kitchens_view_get_page (view);

  g_assert_true (cm_kitchens_view_select_folio (view, "CC002"));
  g_assert_true (cm_test_wait_for (place_warning_shown, page, 30));
  g_assert_nonnull (strstr (cm_kitchen_page_get_place_warning (page), "Azcapotzalco"));
  g_assert_nonnull (strstr (cm_kitchen_page_get_place_warning (page), "Iztapalapa"));

  g_assert_true (cm_kitchens_view_select_folio (view, "CC001"));
  g_assert_true (cm_test_wait_for (place_warning_hidden, page, 30));

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int    argc,
      char **argv)
{
  int ret;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("COMEDORES_LOCALEDIR") ? g_getenv ("COMEDORES_LOCALEDIR") : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  g_test_init (&argc, &argv, NULL);
  gtk_init ();
  adw_init ();

  tmp_dir = cm_test_make_tmp_dir ("test-ui-regedit");

  g_test_add_func ("/ui-regedit/edit-name", test_edit_name);
  g_test_add_func ("/ui-regedit/end-membership", test_end_membership);
  g_test_add_func ("/ui-regedit/point-outside", test_point_outside);

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
