/* SPDX-License-Identifier: GPL-3.0-or-later */

/* Generates the default demo (450 kitchens, twelve months) into a fresh
 * temporary database, --runs times, and prints how long it took. */

#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <locale.h>

#include "bench-common.h"
#include "cm-db.h"
#include "cm-demo.h"

static gboolean
run_once (const char    *dir,
          guint          run,
          double        *generate_ms,
          double        *total_ms,
          gint64        *file_bytes,
          CmDemoSummary *summary,
          GError       **error)
{
  g_autofree char *name = g_strdup_printf ("demo-%u.db", run);
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);
  CmDemoOptions options;
  GStatBuf st;
  gint64 start, generate_start, generate_end;
  gboolean ok;

  start = g_get_monotonic_time ();
  {
    g_autoptr(CmDb) db = cm_db_open (path, error);

    if (db == NULL)
      return FALSE;

    cm_demo_options_init_default (&options);
    generate_start = g_get_monotonic_time ();
    ok = cm_demo_generate (db, &options, summary, NULL, error);
    generate_end = g_get_monotonic_time ();
  }
  /* Closing checkpoints the write-ahead log into the file. */
  *total_ms = (g_get_monotonic_time () - start) / 1000.0;
  *generate_ms = (generate_end - generate_start) / 1000.0;
  *file_bytes = g_stat (path, &st) == 0 ? (gint64) st.st_size : -1;

  g_unlink (path);
  g_unlink (wal);
  g_unlink (shm);

  return ok;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) generate = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) total = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *dir = NULL;
  g_autofree char *tmp_parent = NULL;
  CmDemoSummary summary = { 0 };
  BenchSummary s;
  gint64 file_bytes = -1;
  int runs = 3;
  GOptionEntry entries[] = {
    { "runs", 0, 0, G_OPTION_ARG_INT, &runs, "How many times to generate (default 3)", "N" },
    { "tmpdir", 0, 0, G_OPTION_ARG_FILENAME, &tmp_parent,
      "Where to make the temporary databases (default: $TMPDIR or /tmp)", "DIR" },
    { NULL }
  };

  setlocale (LC_ALL, "");

  context = g_option_context_new (NULL);
  g_option_context_set_summary (context, "Times cm_demo_generate() with the default options.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("bench-demo: %s\n", error->message);
      return 2;
    }
  if (runs < 1)
    runs = 1;

  dir = g_build_filename (tmp_parent ? tmp_parent : g_get_tmp_dir (),
                          "comedores-bench-demo-XXXXXX", NULL);
  if (g_mkdtemp (dir) == NULL)
    {
      g_printerr ("bench-demo: cannot make a temporary directory in %s: %s\n",
                  tmp_parent ? tmp_parent : g_get_tmp_dir (), g_strerror (errno));
      return 1;
    }

  for (int i = 0; i < runs; i++)
    {
      double generate_ms, total_ms;

      if (!run_once (dir, (guint) i, &generate_ms, &total_ms, &file_bytes, &summary, &error))
        {
          g_printerr ("bench-demo: %s\n", error->message);
          g_rmdir (dir);
          return 1;
        }
      g_array_append_val (generate, generate_ms);
      g_array_append_val (total, total_ms);
    }
  g_rmdir (dir);

  bench_print_int ("demo_kitchens", summary.kitchens);
  bench_print_int ("demo_reports", summary.reports);
  bench_print_int ("demo_purchases", summary.purchases);
  bench_print_int ("demo_runs", runs);
  bench_summarize (generate, &s);
  bench_print ("demo_generate_min_ms", "%.0f", s.min);
  bench_print ("demo_generate_median_ms", "%.0f", s.median);
  bench_summarize (total, &s);
  bench_print ("demo_open_generate_close_median_ms", "%.0f", s.median);
  bench_print ("demo_db_size_mb", "%.1f", file_bytes / (1024.0 * 1024.0));

  return 0;
}
