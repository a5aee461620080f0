/* SPDX-License-Identifier: GPL-3.0-or-later */

/* Loads the kitchens of a database and builds the list pipeline the
 * Kitchens view builds (store → sorted by folio → CmKitchenFilter, not
 * incremental → single selection), then types queries into the filter one
 * key at a time, as a person does, and times each keystroke until the
 * filter model knows its new length.
 *
 * With a display it then does the same to the real CmKitchensView in a
 * window, and times each keystroke's work on the main thread: the search
 * handler with the column view's reaction, plus the frame that follows
 * (from before-paint to after-paint). */

#include "config.h"

#include <gtk/gtk.h>
#include <locale.h>

#include "bench-common.h"
#include "cm-alcaldias.h"
#include "cm-canteen.h"
#include "cm-canteen-list.h"
#include "cm-db.h"
#include "cm-kitchen-filter.h"
#include "cm-kitchens-view.h"

/* What monitors search for: alcaldías and colonias typed without accents,
 * a folio prefix, a kitchen's name. */
static const char * const queries[] = {
  "iztapalapa",
  "san miguel",
  "cc12",
  "comedor las palomas",
  "tlahuac",
};

static const char * const statuses[] = { "active", "suspended", "closed" };

typedef struct
{
  CmKitchenFilter    *filter;
  GtkFilterListModel *filtered;
  GArray             *samples;   /* ms */
  guint               last_n;
} Bench;

static void
measure (Bench       *bench,
         void       (*set) (CmKitchenFilter *, const char *),
         const char  *value)
{
  gint64 start = g_get_monotonic_time ();
  double ms;

  set (bench->filter, value);
  bench->last_n = g_list_model_get_n_items (G_LIST_MODEL (bench->filtered));
  ms = (g_get_monotonic_time () - start) / 1000.0;
  g_array_append_val (bench->samples, ms);
}

/* Types @query a character at a time, then deletes it back to nothing. */
static void
type_and_delete (Bench      *bench,
                 const char *query)
{
  glong n_chars = g_utf8_strlen (query, -1);

  for (glong i = 1; i <= n_chars; i++)
    {
      g_autofree char *prefix = g_utf8_substring (query, 0, i);
      measure (bench, cm_kitchen_filter_set_query, prefix);
    }
  for (glong i = n_chars - 1; i >= 0; i--)
    {
      g_autofree char *prefix = g_utf8_substring (query, 0, i);
      measure (bench, cm_kitchen_filter_set_query, prefix);
    }
}

static void
print_summary (const char *prefix,
               GArray     *samples)
{
  g_autofree char *median = g_strdup_printf ("%s_median_ms", prefix);
  g_autofree char *p95 = g_strdup_printf ("%s_p95_ms", prefix);
  g_autofree char *max = g_strdup_printf ("%s_max_ms", prefix);
  g_autofree char *count = g_strdup_printf ("%s_count", prefix);
  BenchSummary s;

  bench_summarize (samples, &s);
  bench_print (median, "%.3f", s.median);
  bench_print (p95, "%.3f", s.p95);
  bench_print (max, "%.3f", s.max);
  bench_print_int (count, s.n);
}

/* The real view, in a window. */

typedef struct
{
  GtkWidget *window;
  gint64     frame_start;
  gint64     frame_end;
  guint      frames;
} ViewBench;

static void
before_paint_cb (GdkFrameClock *clock,
                 ViewBench     *vb)
{
  vb->frame_start = g_get_monotonic_time ();
}

static void
after_paint_cb (GdkFrameClock *clock,
                ViewBench     *vb)
{
  vb->frame_end = g_get_monotonic_time ();
  vb->frames++;
}

/* Runs the main loop until a frame that began after @since has been
 * painted; returns its duration in ms, or -1 after a second without one. */
static double
wait_frame (ViewBench *vb,
            gint64     since)
{
  gint64 deadline = g_get_monotonic_time () + G_USEC_PER_SEC;

  gtk_widget_queue_draw (vb->window);
  while (!(vb->frames > 0 && vb->frame_start >= since && vb->frame_end >= vb->frame_start))
    {
      if (g_get_monotonic_time () > deadline)
        return -1;
      g_main_context_iteration (NULL, FALSE);
    }

  return (vb->frame_end - vb->frame_start) / 1000.0;
}

static GtkWidget *
find_widget (GtkWidget *root,
             GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, type);

      if (found != NULL)
        return found;
    }

  return NULL;
}

typedef struct
{
  GArray *sync;    /* ms: the handler and the list's reaction */
  GArray *frame;   /* ms: the frame after it */
  GArray *total;
} KeySamples;

/* One key: @insert is the character typed at the end, or %NULL for a
 * backspace there. The entry says search-changed after search-delay (or
 * at once when it becomes empty); a person waits that long too, but the
 * work is what follows, so it is said here at once. The entry's own signal
 * later finds the query unchanged. */
static gboolean
view_keystroke (ViewBench      *vb,
                GtkSearchEntry *entry,
                const char     *insert,
                KeySamples     *ks)
{
  GtkEditable *editable = GTK_EDITABLE (entry);
  int end = (int) g_utf8_strlen (gtk_editable_get_text (editable), -1);
  gint64 start = g_get_monotonic_time ();
  double sync_ms, frame_ms;

  if (insert != NULL)
    gtk_editable_insert_text (editable, insert, -1, &end);
  else
    gtk_editable_delete_text (editable, end - 1, end);
  g_signal_emit_by_name (entry, "search-changed");
  sync_ms = (g_get_monotonic_time () - start) / 1000.0;

  frame_ms = wait_frame (vb, start);
  if (frame_ms < 0)
    return FALSE;

  g_array_append_val (ks->sync, sync_ms);
  g_array_append_val (ks->frame, frame_ms);
  sync_ms += frame_ms;
  g_array_append_val (ks->total, sync_ms);

  return TRUE;
}

static gboolean
bench_view (CmDb       *db,
            GListModel *kitchens,
            int         rounds)
{
  g_autoptr(GArray) sync = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) frame = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) total = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) dropdown = g_array_new (FALSE, FALSE, sizeof (double));
  KeySamples ks = { sync, frame, total };
  ViewBench vb = { 0 };
  CmKitchensView *view;
  GtkSearchEntry *entry;
  GtkDropDown *alcaldias;
  GdkFrameClock *clock;
  gint64 start;
  double set_model_ms, first_frame_ms;
  guint n_items;

  vb.window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (vb.window), 1280, 800);
  view = g_object_new (CM_TYPE_KITCHENS_VIEW, NULL);
  cm_kitchens_view_set_db (view, db);
  gtk_window_set_child (GTK_WINDOW (vb.window), GTK_WIDGET (view));
  gtk_window_present (GTK_WINDOW (vb.window));

  clock = gtk_widget_get_frame_clock (vb.window);
  g_signal_connect (clock, "before-paint", G_CALLBACK (before_paint_cb), &vb);
  g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), &vb);
  if (wait_frame (&vb, 0) < 0)
    goto fail;

  entry = GTK_SEARCH_ENTRY (find_widget (GTK_WIDGET (view), GTK_TYPE_SEARCH_ENTRY));
  alcaldias = GTK_DROP_DOWN (find_widget (GTK_WIDGET (view), GTK_TYPE_DROP_DOWN));
  g_assert (entry != NULL && alcaldias != NULL);

  start = g_get_monotonic_time ();
  cm_kitchens_view_set_model (view, kitchens);
  set_model_ms = (g_get_monotonic_time () - start) / 1000.0;
  if ((first_frame_ms = wait_frame (&vb, start)) < 0)
    goto fail;

  for (int r = 0; r < rounds; r++)
    for (guint q = 0; q < G_N_ELEMENTS (queries); q++)
      {
        glong n_chars = g_utf8_strlen (queries[q], -1);

        for (glong i = 0; i < n_chars; i++)
          {
            g_autofree char *key = g_utf8_substring (queries[q], i, i + 1);
            if (!view_keystroke (&vb, entry, key, &ks))
              goto fail;
          }
        for (glong i = 0; i < n_chars; i++)
          if (!view_keystroke (&vb, entry, NULL, &ks))
            goto fail;
      }

  /* Every alcaldía in turn, then all of them again. */
  n_items = g_list_model_get_n_items (gtk_drop_down_get_model (alcaldias));
  for (int r = 0; r < rounds; r++)
    for (guint i = 1; i <= n_items; i++)
      {
        double ms, frame_ms;

        start = g_get_monotonic_time ();
        gtk_drop_down_set_selected (alcaldias, i % n_items);
        ms = (g_get_monotonic_time () - start) / 1000.0;
        if ((frame_ms = wait_frame (&vb, start)) < 0)
          goto fail;
        ms += frame_ms;
        g_array_append_val (dropdown, ms);
      }

  bench_print ("view_set_model_ms", "%.1f", set_model_ms);
  bench_print ("view_first_list_frame_ms", "%.1f", first_frame_ms);
  print_summary ("view_keystroke_handler", sync);
  print_summary ("view_keystroke_frame", frame);
  print_summary ("view_keystroke", total);
  print_summary ("view_alcaldia_change", dropdown);

  gtk_window_destroy (GTK_WINDOW (vb.window));
  return TRUE;

fail:
  g_printerr ("bench-filter: the window painted no frame within a second\n");
  gtk_window_destroy (GTK_WINDOW (vb.window));
  return FALSE;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CmDb) db = NULL;
  g_autoptr(GListModel) loaded = NULL;
  g_autoptr(GListStore) store = NULL;
  g_autoptr(GtkSortListModel) sorted = NULL;
  g_autoptr(GtkFilterListModel) filtered = NULL;
  g_autoptr(GtkSingleSelection) selection = NULL;
  g_autoptr(CmKitchenFilter) filter = NULL;
  g_autoptr(GArray) keystrokes = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) alcaldias = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) status_changes = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GPtrArray) items = NULL;
  g_autofree char *db_path = NULL;
  const CmAlcaldiaInfo *all;
  GtkExpression *folio;
  Bench bench;
  GDate today;
  gint64 start;
  double load_ms, fill_ms;
  guint n_alcaldias, n;
  gint64 rss_before_kb;
  gboolean have_display;
  int rounds = 5;
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db_path, "The database to load (required)", "PATH" },
    { "rounds", 0, 0, G_OPTION_ARG_INT, &rounds, "How many times to type every query (default 5)", "N" },
    { NULL }
  };

  setlocale (LC_ALL, "");

  context = g_option_context_new (NULL);
  g_option_context_set_summary (context, "Times the kitchens filter per keystroke.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("bench-filter: %s\n", error->message);
      return 2;
    }
  if (db_path == NULL)
    {
      g_printerr ("bench-filter: --db PATH is required\n");
      return 2;
    }
  rounds = CLAMP (rounds, 1, 1000);

  /* The list models need no display; the view does. */
  have_display = gtk_init_check ();
  if (have_display)
    adw_init ();
  else
    g_printerr ("bench-filter: no display; timing the models only\n");

  if (!(db = cm_db_open (db_path, &error)))
    {
      g_printerr ("bench-filter: %s\n", error->message);
      return 1;
    }

  rss_before_kb = bench_self_rss_kb ();
  g_date_clear (&today, 1);
  g_date_set_time_t (&today, time (NULL));
  start = g_get_monotonic_time ();
  loaded = cm_canteen_list_load (db, &today, &error);
  load_ms = (g_get_monotonic_time () - start) / 1000.0;
  if (loaded == NULL)
    {
      g_printerr ("bench-filter: %s\n", error->message);
      return 1;
    }

  /* The view's pipeline, built empty and then filled, as the view does. */
  store = g_list_store_new (CM_TYPE_CANTEEN);
  folio = gtk_property_expression_new (CM_TYPE_CANTEEN, NULL, "folio");
  sorted = gtk_sort_list_model_new (g_object_ref (G_LIST_MODEL (store)),
                                    GTK_SORTER (gtk_string_sorter_new (folio)));
  filter = cm_kitchen_filter_new ();
  filtered = gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (sorted)),
                                        g_object_ref (GTK_FILTER (filter)));
  gtk_filter_list_model_set_incremental (filtered, FALSE);
  selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (filtered)));
  gtk_single_selection_set_autoselect (selection, FALSE);
  gtk_single_selection_set_can_unselect (selection, TRUE);

  n = g_list_model_get_n_items (loaded);
  items = g_ptr_array_new_full (n, g_object_unref);
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (items, g_list_model_get_item (loaded, i));

  start = g_get_monotonic_time ();
  g_list_store_splice (store, 0, 0, items->pdata, items->len);
  n = g_list_model_get_n_items (G_LIST_MODEL (selection));
  fill_ms = (g_get_monotonic_time () - start) / 1000.0;

  bench.filter = filter;
  bench.filtered = filtered;
  bench.last_n = n;

  bench.samples = keystrokes;
  for (int r = 0; r < rounds; r++)
    for (guint q = 0; q < G_N_ELEMENTS (queries); q++)
      type_and_delete (&bench, queries[q]);
  g_assert (bench.last_n == n);

  all = cm_alcaldias_get_all (&n_alcaldias);
  bench.samples = alcaldias;
  for (int r = 0; r < rounds; r++)
    {
      for (guint i = 0; i < n_alcaldias; i++)
        measure (&bench, cm_kitchen_filter_set_alcaldia, all[i].code);
      measure (&bench, cm_kitchen_filter_set_alcaldia, NULL);
    }

  bench.samples = status_changes;
  for (int r = 0; r < rounds; r++)
    {
      for (guint i = 0; i < G_N_ELEMENTS (statuses); i++)
        measure (&bench, cm_kitchen_filter_set_status, statuses[i]);
      measure (&bench, cm_kitchen_filter_set_status, NULL);
    }
  g_assert (bench.last_n == n);

  bench_print_int ("filter_kitchens", n);
  bench_print ("filter_list_load_ms", "%.1f", load_ms);
  bench_print ("filter_pipeline_fill_ms", "%.1f", fill_ms);
  bench_print ("filter_kitchens_rss_mb", "%.1f", (bench_self_rss_kb () - rss_before_kb) / 1024.0);
  print_summary ("filter_keystroke", keystrokes);
  print_summary ("filter_alcaldia_change", alcaldias);
  print_summary ("filter_status_change", status_changes);

  if (have_display && !bench_view (db, loaded, rounds))
    return 1;

  return 0;
}
