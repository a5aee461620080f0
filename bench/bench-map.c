/* SPDX-License-Identifier: GPL-3.0-or-later */

/* The Map view with 10,000 kitchens, in a window (run it under xvfb-run).
 *
 * First the window with the map and no kitchen yet is presented and its
 * first frame timed (GTK, GL and libshumate starting: not the layer's).
 * First frame: the 10,000 kitchens then arrive in the list's model, as
 * when the app has loaded them, and the time to the end of the first frame
 * with their marks is taken. Then the same model is set again and the next
 * frame timed (what a reload costs the map).
 *
 * Panning: every frame a tick callback moves the centre by a few dozen
 * pixels along a circle, as a drag does, at three zooms (the whole city
 * in groups, an alcaldía, a few streets with every kitchen alone); each
 * frame's work is timed from before-paint to after-paint.
 *
 * The tiles point at a closed loopback port unless --tiles says otherwise:
 * the figures are the layer's and libshumate's, not the network's. */

#include "config.h"

#define G_SETTINGS_ENABLE_BACKEND
#include <gio/gio.h>
#include <gio/gsettingsbackend.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <math.h>

#include "bench-common.h"
#include "cm-canteen-list.h"
#include "cm-compliance.h"
#include "cm-db.h"
#include "cm-demo.h"
#include "cm-kitchens-view.h"
#include "cm-map-layer.h"
#include "cm-map-view.h"

typedef struct
{
  GtkWidget  *window;
  CmMapView  *map_view;
  CmMapLayer *layer;
  gint64      frame_start;
  gint64      frame_end;
  guint       frames;

  /* panning */
  GArray     *samples;       /* ms */
  guint       pan_frames;
  guint       pan_done;
  double      pan_lat, pan_lon, pan_radius;
  guint       tick_id;
  gboolean    floor;         /* the layer is hidden */
} Bench;

static void
before_paint_cb (GdkFrameClock *clock,
                 Bench         *b)
{
  b->frame_start = g_get_monotonic_time ();
}

static void
after_paint_cb (GdkFrameClock *clock,
                Bench         *b)
{
  b->frame_end = g_get_monotonic_time ();
  b->frames++;

  if (b->samples != NULL && b->pan_done > 0 && b->pan_done <= b->pan_frames)
    {
      double ms = (b->frame_end - b->frame_start) / 1000.0;
      g_array_append_val (b->samples, ms);
    }
}

/* Runs the main loop until a frame begun after @since has been painted
 * with the layer's marks drawn; -1 after @seconds without one. */
static double
wait_drawn_frame (Bench  *b,
                  gint64  since,
                  guint   seconds)
{
  gint64 deadline = g_get_monotonic_time () + seconds * G_USEC_PER_SEC;

  while (!(b->frames > 0 && b->frame_start >= since && b->frame_end >= b->frame_start &&
           (b->floor || cm_map_layer_get_n_drawn (b->layer) > 0)))
    {
      if (g_get_monotonic_time () > deadline)
        return -1;
      g_main_context_iteration (NULL, TRUE);
    }
  return (b->frame_end - since) / 1000.0;
}

static gboolean
pan_tick_cb (GtkWidget     *widget,
             GdkFrameClock *clock,
             gpointer       user_data)
{
  Bench *b = user_data;
  ShumateViewport *viewport = shumate_map_get_viewport (cm_map_view_get_map (b->map_view));
  double angle = 2 * G_PI * b->pan_done / 120.0;

  if (b->pan_done >= b->pan_frames)
    {
      b->tick_id = 0;
      b->pan_done++;
      return G_SOURCE_REMOVE;
    }

  shumate_location_set_location (SHUMATE_LOCATION (viewport),
                                 b->pan_lat + b->pan_radius * sin (angle),
                                 b->pan_lon + b->pan_radius * cos (angle));
  b->pan_done++;
  return G_SOURCE_CONTINUE;
}

static gboolean
pan (Bench  *b,
     double  zoom,
     guint   frames,
     GArray *samples)
{
  ShumateMap *map = cm_map_view_get_map (b->map_view);
  ShumateViewport *viewport = shumate_map_get_viewport (map);
  ShumateMapSource *source = shumate_viewport_get_reference_map_source (viewport);
  gint64 deadline;

  shumate_map_stop_go_to (map);
  shumate_viewport_set_zoom_level (viewport, zoom);
  /* Iztapalapa's centroid, where the kitchens are thickest; the circle's
   * radius is about 60 pixels a frame's step at this zoom. */
  b->pan_lat = 19.3492;
  b->pan_lon = -99.0568;
  b->pan_radius = 60.0 * 120.0 / (2 * G_PI) * 360.0 /
                  (shumate_map_source_get_tile_size (source) * exp2 (zoom));
  shumate_location_set_location (SHUMATE_LOCATION (viewport), b->pan_lat, b->pan_lon);
  gtk_widget_queue_draw (b->window);
  if (wait_drawn_frame (b, g_get_monotonic_time (), 5) < 0)
    return FALSE;

  b->samples = samples;
  b->pan_frames = frames;
  b->pan_done = 0;
  b->tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (b->map_view), pan_tick_cb, b, NULL);

  deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  while (b->pan_done <= frames || samples->len < frames)
    {
      if (g_get_monotonic_time () > deadline)
        return FALSE;
      g_main_context_iteration (NULL, TRUE);
    }
  b->samples = NULL;
  return TRUE;
}

/* pan() with the layer hidden: frames are waited for, not marks. */
static gboolean
pan_floor (Bench  *b,
           double  zoom,
           guint   frames,
           GArray *samples)
{
  b->floor = TRUE;
  return pan (b, zoom, frames, samples);
}

static void
print_summary (const char *prefix,
               GArray     *samples)
{
  g_autofree char *median = g_strdup_printf ("%s_median_ms", prefix);
  g_autofree char *p95 = g_strdup_printf ("%s_p95_ms", prefix);
  g_autofree char *max = g_strdup_printf ("%s_max_ms", prefix);
  g_autofree char *count = g_strdup_printf ("%s_frames", prefix);
  BenchSummary s;

  bench_summarize (samples, &s);
  bench_print (median, "%.2f", s.median);
  bench_print (p95, "%.2f", s.p95);
  bench_print (max, "%.2f", s.max);
  bench_print_int (count, s.n);
}

static guint16
closed_port (void)
{
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                            G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  guint16 port;

  g_assert (socket != NULL && g_socket_bind (socket, any, FALSE, NULL));
  bound = g_socket_get_local_address (socket, NULL);
  port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  g_socket_close (socket, NULL);
  return port;
}

static CmDb *
make_db (const char *dir,
         int         kitchens,
         GError    **error)
{
  g_autofree char *path = g_build_filename (dir, "map.db", NULL);
  g_autoptr(CmDb) db = cm_db_open (path, error);
  CmDemoOptions options;

  if (db == NULL)
    return NULL;
  cm_demo_options_init_default (&options);
  options.kitchens = kitchens;
  options.months = 1;
  if (!cm_demo_generate (db, &options, NULL, NULL, error) ||
      !cm_compliance_update (db, NULL, NULL, NULL, error))
    return NULL;
  return g_steal_pointer (&db);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CmDb) db = NULL;
  g_autoptr(GListModel) kitchens = NULL;
  g_autoptr(GSettingsBackend) backend = NULL;
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(GArray) city = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) alcaldia = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) streets = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) all = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) floor_all = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *db_path = NULL;
  g_autofree char *tiles = NULL;
  g_autofree char *tmp_dir = NULL;
  CmKitchensView *kitchens_view;
  GdkFrameClock *clock;
  Bench b = { 0 };
  GDate today;
  gint64 start;
  double window_frame_ms, first_frame_ms, reload_frame_ms, load_ms;
  int n_kitchens = 10000;
  int frames = 240;
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db_path, "A database to show (default: a new demo of --kitchens)", "PATH" },
    { "kitchens", 0, 0, G_OPTION_ARG_INT, &n_kitchens, "Kitchens of the new demo (default 10000)", "N" },
    { "frames", 0, 0, G_OPTION_ARG_INT, &frames, "Frames panned at each zoom (default 240)", "N" },
    { "tiles", 0, 0, G_OPTION_ARG_STRING, &tiles, "A tile URL template (default: a closed loopback port)", "URL" },
    { NULL }
  };

  setlocale (LC_ALL, "");
  context = g_option_context_new (NULL);
  g_option_context_set_summary (context, "Times the Map view's first frame and its frames while panning.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("bench-map: %s\n", error->message);
      return 2;
    }
  frames = CLAMP (frames, 10, 10000);

  g_setenv ("GSETTINGS_SCHEMA_DIR", BENCH_SCHEMA_DIR, TRUE);
  if (!gtk_init_check ())
    {
      g_printerr ("bench-map: no display (run it under xvfb-run)\n");
      return 1;
    }
  adw_init ();

  if (db_path != NULL)
    db = cm_db_open (db_path, &error);
  else
    {
      tmp_dir = g_dir_make_tmp ("bench-map-XXXXXX", &error);
      if (tmp_dir != NULL)
        db = make_db (tmp_dir, n_kitchens, &error);
    }
  if (db == NULL)
    {
      g_printerr ("bench-map: %s\n", error->message);
      return 1;
    }

  g_date_clear (&today, 1);
  g_date_set_time_t (&today, time (NULL));
  start = g_get_monotonic_time ();
  kitchens = cm_canteen_list_load (db, &today, &error);
  load_ms = (g_get_monotonic_time () - start) / 1000.0;
  if (kitchens == NULL)
    {
      g_printerr ("bench-map: %s\n", error->message);
      return 1;
    }

  backend = g_memory_settings_backend_new ();
  settings = g_settings_new_with_backend (APPLICATION_ID, backend);
  if (tiles == NULL)
    tiles = g_strdup_printf ("http://127.0.0.1:%u/{z}/{x}/{y}.png", closed_port ());
  g_settings_set_string (settings, "tile-url-template", tiles);

  /* The list's pipeline, empty until the window shows, as in the app. */
  kitchens_view = g_object_ref_sink (g_object_new (CM_TYPE_KITCHENS_VIEW, NULL));

  b.window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (b.window), 1280, 800);
  b.map_view = g_object_new (CM_TYPE_MAP_VIEW, NULL);
  b.layer = cm_map_view_get_layer (b.map_view);
  cm_map_view_bind_settings (b.map_view, settings);
  cm_map_view_set_kitchens_view (b.map_view, kitchens_view);
  gtk_window_set_child (GTK_WINDOW (b.window), GTK_WIDGET (b.map_view));

  start = g_get_monotonic_time ();
  gtk_window_present (GTK_WINDOW (b.window));
  clock = gtk_widget_get_frame_clock (b.window);
  g_signal_connect (clock, "before-paint", G_CALLBACK (before_paint_cb), &b);
  g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), &b);
  b.floor = TRUE;
  if ((window_frame_ms = wait_drawn_frame (&b, start, 10)) < 0)
    goto fail;
  b.floor = FALSE;

  /* The kitchens arrive on the map shown. */
  start = g_get_monotonic_time ();
  cm_kitchens_view_set_model (kitchens_view, kitchens);
  if ((first_frame_ms = wait_drawn_frame (&b, start, 10)) < 0)
    goto fail;

  /* The same kitchens again, as a reload brings them. */
  start = g_get_monotonic_time ();
  cm_kitchens_view_set_model (kitchens_view, kitchens);
  gtk_widget_queue_draw (GTK_WIDGET (b.layer));
  if ((reload_frame_ms = wait_drawn_frame (&b, start, 10)) < 0)
    goto fail;

  if (!pan (&b, 11.0, frames, city) ||
      !pan (&b, 13.5, frames, alcaldia) ||
      !pan (&b, 16.0, frames, streets))
    goto fail;
  g_array_append_vals (all, city->data, city->len);
  g_array_append_vals (all, alcaldia->data, alcaldia->len);
  g_array_append_vals (all, streets->data, streets->len);

  /* The floor: the same pans with the kitchens' layer hidden, i.e. what
   * libshumate, GTK and the display cost without it. */
  gtk_widget_set_visible (GTK_WIDGET (b.layer), FALSE);
  {
    g_autoptr(GArray) part = g_array_new (FALSE, FALSE, sizeof (double));
    const double zooms[] = { 11.0, 13.5, 16.0 };

    for (guint i = 0; i < G_N_ELEMENTS (zooms); i++)
      {
        g_array_set_size (part, 0);
        if (!pan_floor (&b, zooms[i], frames, part))
          goto fail;
        g_array_append_vals (floor_all, part->data, part->len);
      }
  }

  bench_print_int ("map_kitchens", cm_map_layer_get_n_kitchens (b.layer));
  bench_print ("map_list_load_ms", "%.1f", load_ms);
  bench_print ("map_window_first_frame_ms", "%.1f", window_frame_ms);
  bench_print ("map_first_frame_ms", "%.1f", first_frame_ms);
  bench_print ("map_reload_frame_ms", "%.1f", reload_frame_ms);
  print_summary ("map_pan_city", city);
  print_summary ("map_pan_alcaldia", alcaldia);
  print_summary ("map_pan_streets", streets);
  print_summary ("map_pan", all);
  print_summary ("map_pan_floor", floor_all);

  gtk_window_destroy (GTK_WINDOW (b.window));
  g_object_unref (kitchens_view);
  if (tmp_dir != NULL)
    {
      g_autofree char *path = g_build_filename (tmp_dir, "map.db", NULL);
      g_autofree char *wal = g_strconcat (path, "-wal", NULL);
      g_autofree char *shm = g_strconcat (path, "-shm", NULL);

      g_clear_object (&db);
      g_remove (path);
      g_remove (wal);
      g_remove (shm);
      g_rmdir (tmp_dir);
    }
  return 0;

fail:
  g_printerr ("bench-map: the window painted no frame with the kitchens in time\n");
  gtk_window_destroy (GTK_WINDOW (b.window));
  g_object_unref (kitchens_view);
  return 1;
}
