/* SPDX-License-Identifier: GPL-3.0-or-later */

/* Starts `comedores --db PATH` again and again and times, from the spawn,
 * the markers it prints with COMEDORES_STARTUP_PROBE=1: its first frame,
 * the list model set, and the first frame with the list (with VmRSS then).
 * Cold runs drop the page cache first, which needs root.
 *
 * The app prints first-frame on its very first paint; when the list was
 * already there by then, the *_list_before_first_frame_runs figure counts
 * the run (the first frame is then also the list's first frame). */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <gio/gio.h>
#include <locale.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "bench-common.h"

enum
{
  MARK_FIRST_FRAME,
  MARK_LIST_READY,
  MARK_LIST_DRAWN,
  N_MARKS
};

static const char * const mark_names[N_MARKS] = {
  "first_frame", "list_ready", "list_drawn",
};

static const char * const mark_prefixes[N_MARKS] = {
  "comedores-startup: first-frame",
  "comedores-startup: list-ready",
  "comedores-startup: list-drawn",
};

typedef struct
{
  GMainLoop        *loop;
  GDataInputStream *out;
  GCancellable     *cancellable;
  gint64            start;
  gint64            at[N_MARKS];     /* µs from the spawn, or -1 */
  gint64            kitchens;
  gint64            rss_kb;
  gboolean          eof;
  gboolean          exited;
  gboolean          timed_out;
} Run;

typedef struct
{
  GArray *ms[N_MARKS];
  GArray *rss_mb;
  GArray *read_mb;
  gint64  kitchens;
  guint   list_first;   /* runs whose first frame already had the list */
} Series;

static void
series_init (Series *series)
{
  for (guint i = 0; i < N_MARKS; i++)
    series->ms[i] = g_array_new (FALSE, FALSE, sizeof (double));
  series->rss_mb = g_array_new (FALSE, FALSE, sizeof (double));
  series->read_mb = g_array_new (FALSE, FALSE, sizeof (double));
  series->kitchens = -1;
}

static void
series_clear (Series *series)
{
  for (guint i = 0; i < N_MARKS; i++)
    g_clear_pointer (&series->ms[i], g_array_unref);
  g_clear_pointer (&series->rss_mb, g_array_unref);
  g_clear_pointer (&series->read_mb, g_array_unref);
}

static void
maybe_quit (Run *run)
{
  if ((run->eof && run->exited) || run->timed_out)
    g_main_loop_quit (run->loop);
}

static void
read_line_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  Run *run = user_data;
  gint64 now = g_get_monotonic_time ();
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;

  line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (object), result, NULL, &error);
  if (line == NULL)
    {
      if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_printerr ("bench-startup: reading the app's output: %s\n", error->message);
      run->eof = TRUE;
      maybe_quit (run);
      return;
    }

  for (guint i = 0; i < N_MARKS; i++)
    if (run->at[i] < 0 && g_str_has_prefix (line, mark_prefixes[i]))
      {
        const char *p;

        run->at[i] = now - run->start;
        if (i == MARK_LIST_READY && (p = strstr (line, "kitchens=")) != NULL)
          run->kitchens = g_ascii_strtoll (p + strlen ("kitchens="), NULL, 10);
        if (i == MARK_LIST_DRAWN)
          run->rss_kb = bench_parse_kb (line, "VmRSS:");
      }

  g_data_input_stream_read_line_async (run->out, G_PRIORITY_DEFAULT, run->cancellable,
                                       read_line_cb, run);
}

static void
wait_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Run *run = user_data;

  g_subprocess_wait_finish (G_SUBPROCESS (object), result, NULL);
  run->exited = TRUE;
  maybe_quit (run);
}

static gboolean
timeout_cb (gpointer user_data)
{
  Run *run = user_data;

  run->timed_out = TRUE;
  maybe_quit (run);
  return G_SOURCE_REMOVE;
}

/* Writes back every dirty page and empties the page cache, so that the app,
 * its libraries and the database come from the disk. */
static gboolean
drop_caches (GError **error)
{
  int fd;

  sync ();
  fd = open ("/proc/sys/vm/drop_caches", O_WRONLY | O_CLOEXEC);
  if (fd < 0 || write (fd, "3\n", 2) != 2)
    {
      int saved = errno;

      if (fd >= 0)
        close (fd);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   "cannot drop the page cache: %s", g_strerror (saved));
      return FALSE;
    }
  close (fd);

  return TRUE;
}

static gint64
children_blocks_read (void)
{
  struct rusage usage;

  if (getrusage (RUSAGE_CHILDREN, &usage) != 0)
    return -1;
  return usage.ru_inblock;
}

typedef struct
{
  const char         *app;
  const char         *schema_dir;
  const char         *db;
  const char * const *env;        /* NAME=VALUE for the app, or NULL */
  guint               timeout_s;
} Setup;

static gboolean
run_once (const Setup  *setup,
          Run          *run,
          double       *read_mb,
          GError      **error)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GDataInputStream) out = NULL;
  const char *argv[] = { setup->app, "--db", setup->db, NULL };
  gint64 blocks_before, blocks_after;
  guint timeout_id;

  memset (run, 0, sizeof *run);
  for (guint i = 0; i < N_MARKS; i++)
    run->at[i] = -1;
  run->kitchens = -1;
  run->rss_kb = -1;
  run->loop = loop;
  run->cancellable = cancellable;

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_subprocess_launcher_setenv (launcher, "COMEDORES_STARTUP_PROBE", "1", TRUE);
  g_subprocess_launcher_setenv (launcher, "COMEDORES_STARTUP_PROBE_QUIT", "1", TRUE);
  g_subprocess_launcher_setenv (launcher, "GSETTINGS_SCHEMA_DIR", setup->schema_dir, TRUE);
  g_subprocess_launcher_setenv (launcher, "GSETTINGS_BACKEND", "memory", TRUE);
  for (guint i = 0; setup->env != NULL && setup->env[i] != NULL; i++)
    {
      g_auto(GStrv) pair = g_strsplit (setup->env[i], "=", 2);

      if (pair[0] != NULL && pair[1] != NULL)
        g_subprocess_launcher_setenv (launcher, pair[0], pair[1], TRUE);
    }

  blocks_before = children_blocks_read ();
  run->start = g_get_monotonic_time ();
  process = g_subprocess_launcher_spawnv (launcher, argv, error);
  if (process == NULL)
    return FALSE;

  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));
  run->out = out;
  g_data_input_stream_read_line_async (out, G_PRIORITY_DEFAULT, cancellable, read_line_cb, run);
  g_subprocess_wait_async (process, NULL, wait_cb, run);
  timeout_id = g_timeout_add_seconds (setup->timeout_s, timeout_cb, run);

  g_main_loop_run (loop);

  if (run->timed_out)
    {
      g_subprocess_force_exit (process);
      g_cancellable_cancel (cancellable);
      /* Let the cancelled read and the wait come back before we go. */
      run->timed_out = FALSE;
      while (!(run->eof && run->exited))
        g_main_context_iteration (NULL, TRUE);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                   "%s did not print every marker within %u s", setup->app, setup->timeout_s);
      return FALSE;
    }
  g_source_remove (timeout_id);

  blocks_after = children_blocks_read ();
  *read_mb = blocks_before >= 0 && blocks_after >= 0 ?
             (blocks_after - blocks_before) * 512.0 / (1024.0 * 1024.0) : -1;

  for (guint i = MARK_LIST_READY; i < N_MARKS; i++)
    if (run->at[i] < 0)
      {
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                     "%s exited (%s %d) without printing “%s”", setup->app,
                     g_subprocess_get_if_exited (process) ? "status" : "signal",
                     g_subprocess_get_if_exited (process) ? g_subprocess_get_exit_status (process)
                                                          : g_subprocess_get_term_sig (process),
                     mark_prefixes[i]);
        return FALSE;
      }

  return TRUE;
}

static gboolean
run_series (const Setup  *setup,
            guint         runs,
            gboolean      cold,
            Series       *series,
            GError      **error)
{
  for (guint r = 0; r < runs; r++)
    {
      Run run;
      double read_mb, rss_mb;

      if (cold && !drop_caches (error))
        return FALSE;

      if (!run_once (setup, &run, &read_mb, error))
        return FALSE;

      /* No frame before the list: the first frame is the one with it. */
      if (run.at[MARK_LIST_READY] >= 0 && run.at[MARK_LIST_READY] <= run.at[MARK_FIRST_FRAME])
        series->list_first++;

      for (guint i = 0; i < N_MARKS; i++)
        {
          double ms = run.at[i] / 1000.0;
          g_array_append_val (series->ms[i], ms);
        }
      rss_mb = run.rss_kb >= 0 ? run.rss_kb / 1024.0 : -1;
      g_array_append_val (series->rss_mb, rss_mb);
      g_array_append_val (series->read_mb, read_mb);
      series->kitchens = run.kitchens;
    }

  return TRUE;
}

static void
print_series (const Series *series,
              const char   *prefix,
              const char   *mode)
{
  BenchSummary s;

  for (guint i = 0; i < N_MARKS; i++)
    {
      g_autofree char *min_name = g_strdup_printf ("%s_%s_%s_min_ms", prefix, mark_names[i], mode);
      g_autofree char *median_name = g_strdup_printf ("%s_%s_%s_median_ms", prefix, mark_names[i], mode);

      bench_summarize (series->ms[i], &s);
      bench_print (min_name, "%.0f", s.min);
      bench_print (median_name, "%.0f", s.median);
    }

  {
    g_autofree char *rss_name = g_strdup_printf ("%s_rss_list_drawn_%s_median_mb", prefix, mode);
    g_autofree char *read_name = g_strdup_printf ("%s_disk_read_%s_median_mb", prefix, mode);
    g_autofree char *first_name = g_strdup_printf ("%s_list_before_first_frame_%s_runs", prefix, mode);

    bench_summarize (series->rss_mb, &s);
    bench_print (rss_name, "%.1f", s.median);
    bench_summarize (series->read_mb, &s);
    bench_print (read_name, "%.1f", s.median);
    bench_print_int (first_name, series->list_first);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *app = NULL;
  g_autofree char *schema_dir = NULL;
  g_autofree char *db = NULL;
  g_autofree char *prefix = NULL;
  g_auto(GStrv) env = NULL;
  Series cold = { 0 }, warm = { 0 }, prime = { 0 };
  Setup setup;
  gboolean cold_ok = TRUE;
  gboolean warm_only = FALSE;
  int runs = 5;
  int timeout_s = 120;
  int status = 0;
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db, "The database to open (required)", "PATH" },
    { "app", 0, 0, G_OPTION_ARG_FILENAME, &app, "The comedores executable (default: this build's)", "PATH" },
    { "schema-dir", 0, 0, G_OPTION_ARG_FILENAME, &schema_dir,
      "GSETTINGS_SCHEMA_DIR for the app (default: this build's data/)", "DIR" },
    { "runs", 0, 0, G_OPTION_ARG_INT, &runs, "Runs of each kind (default 5)", "N" },
    { "timeout", 0, 0, G_OPTION_ARG_INT, &timeout_s, "Seconds a run may take (default 120)", "S" },
    { "warm-only", 0, 0, G_OPTION_ARG_NONE, &warm_only, "Do not drop the page cache", NULL },
    { "env", 0, 0, G_OPTION_ARG_STRING_ARRAY, &env, "Also set NAME=VALUE for the app (repeatable)", "NAME=VALUE" },
    { "prefix", 0, 0, G_OPTION_ARG_STRING, &prefix, "Names of the figures start so (default startup)", "NAME" },
    { NULL }
  };

  setlocale (LC_ALL, "");

  context = g_option_context_new (NULL);
  g_option_context_set_summary (context, "Times the app's start-up to its first frames.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("bench-startup: %s\n", error->message);
      return 2;
    }
  if (db == NULL)
    {
      g_printerr ("bench-startup: --db PATH is required\n");
      return 2;
    }
  if (!g_file_test (db, G_FILE_TEST_IS_REGULAR))
    {
      g_printerr ("bench-startup: %s is not a file\n", db);
      return 1;
    }

  setup.app = app ? app : BENCH_APP;
  setup.schema_dir = schema_dir ? schema_dir : BENCH_SCHEMA_DIR;
  setup.db = db;
  setup.env = (const char * const *) env;
  setup.timeout_s = (guint) CLAMP (timeout_s, 1, 3600);
  runs = CLAMP (runs, 1, 1000);
  if (prefix == NULL)
    prefix = g_strdup ("startup");

  series_init (&cold);
  series_init (&warm);
  series_init (&prime);

  /* One run first, not counted, so that whatever the session starts for
   * the first window of a GTK app (portals, the accessibility bus) is up,
   * as it is on a desktop. */
  if (!run_series (&setup, 1, FALSE, &prime, &error))
    {
      g_printerr ("bench-startup: %s\n", error->message);
      status = 1;
      goto out;
    }

  if (warm_only)
    cold_ok = FALSE;
  else if (!run_series (&setup, (guint) runs, TRUE, &cold, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED) &&
          !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_READ_ONLY) &&
          !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        {
          g_printerr ("bench-startup: %s\n", error->message);
          status = 1;
          goto out;
        }
      g_printerr ("bench-startup: %s; measuring warm only\n", error->message);
      g_clear_error (&error);
      cold_ok = FALSE;
    }

  /* The last cold run left only what it read in the cache: fill it. */
  if (!run_series (&setup, 1, FALSE, &prime, &error) ||
      !run_series (&setup, (guint) runs, FALSE, &warm, &error))
    {
      g_printerr ("bench-startup: %s\n", error->message);
      status = 1;
      goto out;
    }

  {
    g_autofree char *mode_name = g_strdup_printf ("%s_mode", prefix);
    g_autofree char *runs_name = g_strdup_printf ("%s_runs", prefix);
    g_autofree char *kitchens_name = g_strdup_printf ("%s_kitchens", prefix);

    bench_print_text (mode_name, cold_ok ? "cold and warm" : "warm only");
    bench_print_int (runs_name, runs);
    bench_print_int (kitchens_name, warm.kitchens);
  }
  if (cold_ok)
    print_series (&cold, prefix, "cold");
  print_series (&warm, prefix, "warm");

out:
  series_clear (&cold);
  series_clear (&warm);
  series_clear (&prime);

  return status;
}
