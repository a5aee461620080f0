/* SPDX-License-Identifier: GPL-3.0-or-later */

/* The Map view in the real window, on a small demo database, under Xvfb,
 * with its tiles pointed at a closed loopback port: no network. */

#include "config.h"

#include <gio/gio.h>
#include <locale.h>
#include <math.h>
#include <string.h>

#include "cm-application.h"
#include "cm-canteen.h"
#include "cm-db.h"
#include "cm-map-layer.h"
#include "cm-map-view.h"
#include "cm-preferences-window.h"
#include "cm-test-util.h"
#include "cm-tile-source.h"
#include "cm-window.h"

#define N_KITCHENS 80
#define IZTAPALAPA "09007"

static char *tmp_dir;
static char *db_path;
static char *closed_url;
static CmApplication *app;

/* A loopback port that nothing listens on: bound, then closed. */
static guint16
closed_port (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                            G_SOCKET_PROTOCOL_TCP, &error);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  guint16 port;

  g_assert_no_error (error);
  g_assert_true (g_socket_bind (socket, any, FALSE, &error));
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  g_socket_close (socket, NULL);

  return port;
}

/* The demo is made by comedores-cli, which checks it as every way of
 * making one does: made here, its types would add to the GTK, libadwaita
 * and libshumate ones and take GLib past its first block of quarks, which
 * it never frees (a leak under the sanitizers; see test-ui-sync). */
static void
make_demo_db (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CmDb) db = NULL;
  g_autofree char *kitchens = g_strdup_printf ("%d", N_KITCHENS);
  const char *cli = g_getenv ("COMEDORES_CLI");
  const char *argv[] = { cli, "--db", NULL, "demo", "--kitchens", kitchens, "--months", "2", NULL };
  int status = -1;

  g_assert_nonnull (cli);
  tmp_dir = cm_test_make_tmp_dir ("test-ui-map");
  db_path = g_build_filename (tmp_dir, "demo.db", NULL);
  argv[2] = db_path;
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL,
                               NULL, NULL, NULL, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, &error));
  g_assert_no_error (error);

  db = cm_db_open (db_path, &error);
  g_assert_no_error (error);

  /* A boundary for Iztapalapa: a square around its centroid, hole-free. */
  g_assert_true (cm_db_exec (db, "UPDATE alcaldia SET boundary = '{\"type\":\"Polygon\",\"coordinates\":"
                                 "[[[-99.10,19.30],[-99.00,19.30],[-99.00,19.40],[-99.10,19.40],[-99.10,19.30]]]}'"
                                 " WHERE code = '" IZTAPALAPA "'", &error));
  g_assert_no_error (error);

  /* One kitchen without a point: listed, not drawn. */
  g_assert_true (cm_db_exec (db, "UPDATE canteen SET latitude = NULL, longitude = NULL WHERE folio = 'CC004'", &error));
  g_assert_no_error (error);
}

static gint64
sql_count (CmDb       *db,
           const char *sql)
{
  g_autoptr(GError) error = NULL;
  gint64 n = cm_db_query_int (db, sql, &error);

  g_assert_no_error (error);
  return n;
}

static char *
sql_text (CmDb       *db,
          const char *sql)
{
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt = cm_db_prepare (db, sql, &error);
  char *text;

  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  text = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);
  return text;
}

static GtkWidget *
find_widget (GtkWidget *root,
             GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, type);
      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Chooses @name in the list's alcaldía filter, as a person does. */
static void
choose_alcaldia (CmKitchensView *view,
                 const char     *name)
{
  GtkDropDown *dropdown = GTK_DROP_DOWN (find_widget (GTK_WIDGET (view), GTK_TYPE_DROP_DOWN));
  GListModel *names = gtk_drop_down_get_model (dropdown);
  guint n = g_list_model_get_n_items (names);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GtkStringObject) item = g_list_model_get_item (names, i);

      if (g_strcmp0 (gtk_string_object_get_string (item), name) == 0)
        {
          gtk_drop_down_set_selected (dropdown, i);
          return;
        }
    }
  g_assert_not_reached ();
}

typedef struct
{
  CmWindow   *window;
  CmMapLayer *layer;
  guint       expected;
} Probe;

static gboolean
list_loaded (gpointer data)
{
  Probe *p = data;
  return cm_kitchens_view_get_n_total (cm_window_get_kitchens_view (p->window)) > 0;
}

static gboolean
layer_has_expected (gpointer data)
{
  Probe *p = data;
  return cm_map_layer_get_n_kitchens (p->layer) == p->expected;
}

static gboolean
layer_drew (gpointer data)
{
  Probe *p = data;
  return cm_map_layer_get_n_drawn (p->layer) > 0;
}

static gboolean
boundaries_loaded (gpointer data)
{
  return cm_map_view_get_n_boundaries (data) > 0;
}

static gboolean
map_fitted (gpointer data)
{
  return cm_map_view_get_fitted (data);
}

static gboolean
tiles_failing (gpointer data)
{
  return cm_map_view_get_tiles_failing (data);
}

static gboolean
zoomed_past (gpointer data)
{
  Probe *p = data;
  ShumateViewport *viewport = shumate_layer_get_viewport (SHUMATE_LAYER (p->layer));
  return shumate_viewport_get_zoom_level (viewport) >= p->expected / 10.0;
}

static const char *
visible_view (CmWindow *window)
{
  GtkWidget *stack = gtk_widget_get_ancestor (GTK_WIDGET (cm_window_get_kitchens_view (window)),
                                              ADW_TYPE_VIEW_STACK);
  return adw_view_stack_get_visible_child_name (ADW_VIEW_STACK (stack));
}

static const char *
selected_folio (CmKitchensView *view)
{
  CmCanteen *canteen = gtk_single_selection_get_selected_item (cm_kitchens_view_get_selection (view));
  return canteen != NULL ? cm_canteen_get_folio (canteen) : NULL;
}

/* Shows one kitchen alone at the centre of the map, closer than any group. */
static void
look_at (CmMapView  *map_view,
         CmDb       *db,
         const char *folio,
         double     *x,
         double     *y)
{
  g_autofree char *sql = g_strdup_printf ("SELECT latitude || ' ' || longitude FROM canteen WHERE folio = '%s'", folio);
  g_autofree char *point = sql_text (db, sql);
  g_auto(GStrv) parts = g_strsplit (point, " ", 2);
  double latitude = g_ascii_strtod (parts[0], NULL);
  double longitude = g_ascii_strtod (parts[1], NULL);
  ShumateMap *map = cm_map_view_get_map (map_view);
  ShumateViewport *viewport = shumate_map_get_viewport (map);
  CmMapLayer *layer = cm_map_view_get_layer (map_view);
  double sx, sy;

  shumate_map_stop_go_to (map);
  shumate_viewport_set_zoom_level (viewport, 17);
  shumate_location_set_location (SHUMATE_LOCATION (viewport), latitude, longitude);
  cm_test_run_for (100);

  /* The layer puts it where libshumate puts that place on the tiles. */
  g_assert_true (cm_map_layer_get_kitchen_position (layer, folio, x, y));
  shumate_viewport_location_to_widget_coords (viewport, GTK_WIDGET (layer), latitude, longitude, &sx, &sy);
  g_assert_cmpfloat (fabs (*x - sx), <, 0.5);
  g_assert_cmpfloat (fabs (*y - sy), <, 0.5);
  g_assert_cmpfloat (fabs (*x - gtk_widget_get_width (GTK_WIDGET (layer)) / 2.0), <, 0.5);
}

static void
assert_no_dialog (CmWindow *window)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    {
      g_assert_false (ADW_IS_MESSAGE_DIALOG (l->data));
      g_assert_false (GTK_IS_DIALOG (l->data));
      g_assert_true (l->data == (gpointer) window || !gtk_widget_get_visible (l->data));
    }
}

static void
test_map (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CmDb) db = cm_db_open (db_path, &error);
  g_autofree char *folio = NULL;
  CmWindow *window;
  CmKitchensView *view;
  CmMapView *map_view;
  CmMapLayer *layer;
  CmMapHit hit;
  Probe probe = { 0 };
  double x, y;
  guint all_drawn;

  g_assert_no_error (error);

  window = cm_window_new (app, db);
  gtk_window_present (GTK_WINDOW (window));
  view = cm_window_get_kitchens_view (window);
  map_view = cm_window_get_map_view (window);
  layer = cm_map_view_get_layer (map_view);
  probe.window = window;
  probe.layer = layer;
  g_assert_true (cm_test_wait_for (list_loaded, &probe, 30));

  /* The tiles come from the server the settings name. */
  g_assert_cmpstr (cm_map_view_get_tile_url (map_view), ==, closed_url);

  /* Alt+2's action shows the map, with every kitchen of the list that has
   * a point. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-view", "s", "map"));
  g_assert_cmpstr (visible_view (window), ==, "map");
  probe.expected = sql_count (db, "SELECT count(*) FROM canteen WHERE latitude IS NOT NULL");
  g_assert_cmpuint (probe.expected, ==, N_KITCHENS - 1);
  g_assert_true (cm_test_wait_for (layer_has_expected, &probe, 10));
  g_assert_true (cm_test_wait_for (layer_drew, &probe, 10));
  g_assert_true (cm_test_wait_for (map_fitted, map_view, 10));

  /* Zoomed out the kitchens gather in groups with their counts, and every
   * alcaldía with a kitchen shows its name. */
  all_drawn = cm_map_layer_get_n_marks (layer);
  g_assert_cmpuint (all_drawn, >, 0);
  g_assert_cmpuint (all_drawn, <, probe.expected);
  g_assert_cmpuint (cm_map_layer_get_n_labels_drawn (layer), >, 0);

  /* The one boundary imported is outlined. */
  g_assert_true (cm_test_wait_for (boundaries_loaded, map_view, 10));
  g_assert_cmpuint (cm_map_view_get_n_boundaries (map_view), ==, 1);
  g_assert_cmpuint (cm_map_layer_get_n_boundary_rings (layer), ==, 1);

  /* The list's filter is the map's: Iztapalapa only. */
  choose_alcaldia (view, "Iztapalapa");
  probe.expected = sql_count (db, "SELECT count(*) FROM canteen WHERE latitude IS NOT NULL"
                                  " AND alcaldia_code = '" IZTAPALAPA "'");
  g_assert_cmpuint (probe.expected, >, 1);
  g_assert_cmpuint (probe.expected, <, N_KITCHENS - 1);
  g_assert_true (cm_test_wait_for (layer_has_expected, &probe, 10));
  g_assert_cmpuint (cm_kitchens_view_get_n_shown (view), ==, probe.expected);

  /* A click on a kitchen of Iztapalapa describes it, and selects it in the
   * list too. */
  folio = sql_text (db, "SELECT folio FROM canteen WHERE alcaldia_code = '" IZTAPALAPA "'"
                        " AND latitude IS NOT NULL ORDER BY folio LIMIT 1");
  look_at (map_view, db, folio, &x, &y);
  g_assert_true (cm_map_layer_hit_test (layer, x + 2, y - 2, &hit));
  g_assert_cmpuint (hit.count, ==, 1);
  g_assert_cmpstr (cm_canteen_get_folio (hit.canteen), ==, folio);
  g_assert_false (cm_map_layer_hit_test (layer, x + 60, y + 60, &hit) &&
                  g_strcmp0 (cm_canteen_get_folio (hit.canteen), folio) == 0);

  g_assert_true (cm_map_view_click (map_view, x + 2, y - 2));
  g_assert_cmpstr (cm_map_view_get_popover_folio (map_view), ==, folio);
  g_assert_cmpstr (selected_folio (view), ==, folio);
  g_assert_cmpstr (cm_canteen_get_folio (cm_map_layer_get_selected (layer)), ==, folio);

  /* "Open Kitchen" goes to its page in the Kitchens view. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (map_view), "map.open-kitchen", NULL));
  g_assert_cmpstr (visible_view (window), ==, "kitchens");
  g_assert_cmpstr (selected_folio (view), ==, folio);
  g_assert_cmpstr (cm_kitchen_page_get_shown_folio (cm_kitchens_view_get_page (view)), ==, folio);
  g_assert_null (cm_map_view_get_popover_folio (map_view));

  /* Selecting in the list highlights on the map. */
  {
    g_autofree char *other = sql_text (db, "SELECT folio FROM canteen WHERE alcaldia_code = '" IZTAPALAPA "'"
                                           " AND latitude IS NOT NULL ORDER BY folio DESC LIMIT 1");

    g_assert_cmpstr (other, !=, folio);
    g_assert_true (cm_kitchens_view_select_folio (view, other));
    g_assert_cmpstr (cm_canteen_get_folio (cm_map_layer_get_selected (layer)), ==, other);
  }

  /* A click on a group zooms in on it. */
  cm_window_show_view (window, "map");
  {
    ShumateMap *map = cm_map_view_get_map (map_view);
    ShumateViewport *viewport = shumate_map_get_viewport (map);
    double zoom;

    shumate_viewport_set_zoom_level (viewport, 9);
    cm_test_run_for (100);
    g_assert_true (cm_map_layer_get_kitchen_position (layer, folio, &x, &y));
    g_assert_true (cm_map_layer_hit_test (layer, x, y, &hit));
    g_assert_cmpuint (hit.count, >, 1);
    g_assert_null (hit.canteen);
    zoom = shumate_viewport_get_zoom_level (viewport);
    g_assert_true (cm_map_view_click (map_view, x, y));
    probe.expected = (guint) ((zoom + 1.5) * 10);
    g_assert_true (cm_test_wait_for (zoomed_past, &probe, 10));
  }

  /* With every filter cleared the map has every kitchen again. */
  gtk_widget_activate_action (GTK_WIDGET (view), "kitchens.clear-filters", NULL);
  probe.expected = N_KITCHENS - 1;
  g_assert_true (cm_test_wait_for (layer_has_expected, &probe, 10));

  /* No tile server: a quiet note, no dialog, and the kitchens still drawn. */
  g_assert_true (cm_test_wait_for (tiles_failing, map_view, 30));
  g_assert_cmpuint (cm_map_layer_get_n_drawn (layer), >, 0);
  assert_no_dialog (window);

  /* How close the process came to GLib's block of quarks (see make_demo_db). */
  g_test_message ("quarks in use: %u of 2048", g_quark_from_string ("cm-test-ui-map-quarks"));
  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
map_view_built (gpointer data)
{
  return cm_map_view_get_tile_url (data) != NULL;
}

static void
test_tile_preferences (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CmDb) db = cm_db_open (db_path, &error);
  GSettings *settings = cm_application_get_settings (app);
  g_autofree char *other_url = NULL;
  g_autofree char *before = NULL;
  CmPreferencesWindow *prefs;
  CmWindow *window;
  CmMapView *map_view;
  static const char * const bad[] = {
    "https://tile.example.org/{z}/{x}.png",
    "tile.example.org/{z}/{x}/{y}.png",
    "ftp://tile.example.org/{z}/{x}/{y}.png",
    "https:///{z}/{x}/{y}.png",
    "",
  };

  g_assert_no_error (error);

  /* What the setting accepts and refuses, and why. */
  g_assert_true (cm_tile_url_template_validate (CM_TILE_URL_DEFAULT, NULL));
  g_assert_true (cm_tile_url_template_validate ("http://127.0.0.1:8080/tiles/{z}/{x}/{y}.png?key=1", NULL));
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) refused = NULL;

      g_assert_false (cm_tile_url_template_validate (bad[i], &refused));
      g_assert_error (refused, CM_TILE_SOURCE_ERROR, CM_TILE_SOURCE_ERROR_BAD_TEMPLATE);
      g_assert_nonnull (strstr (refused->message, CM_TILE_URL_DEFAULT));
    }

  window = cm_window_new (app, db);
  gtk_window_present (GTK_WINDOW (window));
  map_view = cm_window_get_map_view (window);
  /* The map is made when it first shows. */
  g_assert_null (cm_map_view_get_tile_url (map_view));
  cm_window_show_view (window, "map");
  prefs = cm_preferences_window_new (GTK_WINDOW (window), db);
  gtk_window_present (GTK_WINDOW (prefs));

  g_assert_true (cm_test_wait_for (map_view_built, map_view, 10));

  /* A bad address from Preferences is refused and changes nothing. */
  before = g_settings_get_string (settings, "tile-url-template");
  g_assert_false (cm_preferences_window_apply_tile_url (prefs, "https://tiles.example.org/{z}/{y}.png", &error));
  g_assert_error (error, CM_TILE_SOURCE_ERROR, CM_TILE_SOURCE_ERROR_BAD_TEMPLATE);
  g_clear_error (&error);
  g_assert_cmpstr (cm_map_view_get_tile_url (map_view), ==, before);

  /* A good one reaches the open map at once. */
  other_url = g_strdup_printf ("http://127.0.0.1:%u/other/{z}/{x}/{y}.png", closed_port ());
  g_assert_true (cm_preferences_window_apply_tile_url (prefs, other_url, &error));
  g_assert_no_error (error);
  {
    g_autofree char *stored = g_settings_get_string (settings, "tile-url-template");
    g_assert_cmpstr (stored, ==, other_url);
  }
  g_assert_cmpstr (cm_map_view_get_tile_url (map_view), ==, other_url);

  /* A bad value written behind Preferences' back falls back to
   * OpenStreetMap's tiles rather than to an empty map. */
  g_settings_set_string (settings, "tile-url-template", "not a template");
  g_assert_cmpstr (cm_map_view_get_tile_url (map_view), ==, CM_TILE_URL_DEFAULT);

  /* Back to the closed port for the other tests. */
  g_settings_set_string (settings, "tile-url-template", closed_url);
  g_assert_cmpstr (cm_map_view_get_tile_url (map_view), ==, closed_url);

  gtk_window_destroy (GTK_WINDOW (prefs));
  gtk_window_destroy (GTK_WINDOW (window));
  cm_test_run_for (50);
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
  closed_url = g_strdup_printf ("http://127.0.0.1:%u/{z}/{x}/{y}.png", closed_port ());

  {
    g_autoptr(GError) error = NULL;

    app = cm_application_new ();
    g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
    g_assert_no_error (error);
    g_settings_set_string (cm_application_get_settings (app), "tile-url-template", closed_url);
  }

  g_test_add_func ("/ui-map/map", test_map);
  g_test_add_func ("/ui-map/tile-preferences", test_tile_preferences);

  ret = g_test_run ();
  g_clear_object (&app);
  cm_test_remove_tree (tmp_dir);
  g_free (closed_url);
  g_free (db_path);
  g_free (tmp_dir);

  return ret;
}
