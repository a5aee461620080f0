/* SPDX-License-Identifier: GPL-3.0-or-later */

/* Times the automatic rules: every rule for every kitchen and month of the
 * default demo (450 kitchens, twelve months) and of 10,000 kitchens over one
 * month, and the recomputation after a sync brings one day's reports. */

#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <sys/resource.h>

#include "bench-common.h"
#include "cm-checks.h"
#include "cm-db.h"
#include "cm-demo.h"

static void
die (const char   *what,
     const GError *error)
{
  g_printerr ("bench-rules: %s: %s\n", what, error != NULL ? error->message : "failed");
  exit (1);
}

static void
exec (CmDb       *db,
      const char *sql)
{
  g_autoptr(GError) error = NULL;

  if (!cm_db_exec (db, sql, &error))
    die (sql, error);
}

/* The process's processor time, user and system, in milliseconds: on a
 * shared machine it says what the work itself costs. */
static double
cpu_ms (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return (usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1000.0 +
         (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1000.0;
}

static double last_cpu_ms;

static double
timed_update (CmDb          *db,
              CmChecksStats *stats)
{
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();
  double cpu_start = cpu_ms ();

  if (!cm_checks_update_with_stats (db, NULL, stats, NULL, &error))
    die ("cm_checks_update", error);

  last_cpu_ms = cpu_ms () - cpu_start;
  return (g_get_monotonic_time () - start) / 1000.0;
}

/* Wall time (min, median), then processor time (median). */
static void
print_summary (const char *prefix,
               const char *what,
               GArray     *samples,
               GArray     *cpu)
{
  g_autofree char *min = g_strdup_printf ("%s_%s_min_ms", prefix, what);
  g_autofree char *median = g_strdup_printf ("%s_%s_median_ms", prefix, what);
  g_autofree char *cpu_median = g_strdup_printf ("%s_%s_cpu_median_ms", prefix, what);
  BenchSummary s;

  bench_summarize (samples, &s);
  bench_print (min, "%.0f", s.min);
  bench_print (median, "%.0f", s.median);
  bench_summarize (cpu, &s);
  bench_print (cpu_median, "%.0f", s.median);
}

#define SAMPLE(wall, ms) G_STMT_START { \
    double sample_ = (ms); \
    g_array_append_val (wall, sample_); \
    g_array_append_val (wall##_cpu, last_cpu_ms); \
  } G_STMT_END

static void
print_count (const char *prefix,
             const char *what,
             gint64      value)
{
  g_autofree char *name = g_strdup_printf ("%s_%s_count", prefix, what);

  bench_print_int (name, value);
}

/* Forgets every stored result, as in a database the checks never ran on. */
static void
forget_results (CmDb *db)
{
  exec (db, "DELETE FROM check_result; DELETE FROM check_verdict; DELETE FROM check_latest;"
            " DELETE FROM check_state; DELETE FROM check_dirty;");
}

static void
bench_world (const char *dir,
             const char *prefix,
             guint       kitchens,
             guint       months,
             const GDate *end,
             int         runs)
{
  g_autofree char *path = g_build_filename (dir, "rules.db", NULL);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);
  g_autoptr(GArray) evaluate = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) evaluate_cpu = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) reevaluate = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) reevaluate_cpu = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) sync_day = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) sync_day_cpu = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) idle = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) idle_cpu = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GError) error = NULL;
  CmChecksStats stats = { 0 };
  CmDemoOptions options;
  CmDemoSummary summary;
  gint64 day_reports;

  {
    g_autoptr(CmDb) db = cm_db_open (path, &error);

    if (db == NULL)
      die ("open", error);

    cm_demo_options_init_default (&options);
    options.kitchens = kitchens;
    options.months = months;
    if (end != NULL)
      options.end = *end;
    g_printerr ("bench-rules: writing a demo of %u kitchens over %u months\n", kitchens, months);
    if (!cm_demo_generate (db, &options, &summary, NULL, &error))
      die ("cm_demo_generate", error);

    /* The day the sync brings: the last one most kitchens reported, and any
     * report after it. Kept aside, so that it can arrive again each run. */
    exec (db,
          "CREATE TEMP TABLE bench_day AS SELECT report_date AS day FROM report"
          " GROUP BY report_date HAVING count(*) > (SELECT count(*) / 2 FROM canteen)"
          " ORDER BY report_date DESC LIMIT 1;"
          "CREATE TEMP TABLE bench_report AS SELECT * FROM report"
          " WHERE report_date >= (SELECT day FROM bench_day);"
          "CREATE TEMP TABLE bench_purchase AS SELECT * FROM purchase"
          " WHERE report_id IN (SELECT id FROM temp.bench_report);");
    day_reports = cm_db_query_int (db, "SELECT count(*) FROM temp.bench_report", NULL);
    exec (db, "DELETE FROM report WHERE id IN (SELECT id FROM temp.bench_report)");

    print_count (prefix, "kitchens", summary.kitchens);
    print_count (prefix, "reports", summary.reports);

    /* Every rule, every kitchen, every month, with nothing stored yet. */
    for (int i = 0; i < runs; i++)
      {
        forget_results (db);
        exec (db, "PRAGMA wal_checkpoint (TRUNCATE)");
        SAMPLE (evaluate, timed_update (db, &stats));
      }
    print_count (prefix, "evaluate_kitchen_months", stats.kitchen_periods);
    print_count (prefix, "evaluate_results", stats.results);
    print_summary (prefix, "evaluate", evaluate, evaluate_cpu);

    /* Everything again over the stored results, as when the rulebook in
     * use changes. */
    for (int i = 0; i < runs; i++)
      {
        exec (db, "UPDATE check_state SET value = 'another' WHERE key = 'rulebook_id'");
        SAMPLE (reevaluate, timed_update (db, &stats));
      }
    print_summary (prefix, "reevaluate", reevaluate, reevaluate_cpu);

    /* Nothing changed. */
    for (int i = 0; i < runs; i++)
      SAMPLE (idle, timed_update (db, &stats));
    print_summary (prefix, "update_idle", idle, idle_cpu);

    /* A sync brings one day's reports (one transaction, as a page of the
     * sync is), then the update. */
    for (int i = 0; i < runs; i++)
      {
        exec (db, "DELETE FROM report WHERE id IN (SELECT id FROM temp.bench_report)");
        timed_update (db, &stats);
        exec (db, "BEGIN IMMEDIATE;"
                  "INSERT INTO report SELECT * FROM temp.bench_report;"
                  "INSERT INTO purchase SELECT * FROM temp.bench_purchase;"
                  "COMMIT;");
        SAMPLE (sync_day, timed_update (db, &stats));
      }
    print_count (prefix, "sync_day_reports", day_reports);
    print_count (prefix, "sync_day_kitchen_months", stats.kitchen_periods);
    print_count (prefix, "sync_day_results", stats.results);
  print_count (prefix, "sync_day_screened", stats.screened);
    print_summary (prefix, "sync_day", sync_day, sync_day_cpu);
  }

  g_unlink (path);
  g_unlink (wal);
  g_unlink (shm);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *tmp_parent = NULL;
  int runs = 3;
  int big = 10000;
  GDate big_end;
  GOptionEntry entries[] = {
    { "runs", 0, 0, G_OPTION_ARG_INT, &runs, "How many times to time each figure (default 3)", "N" },
    { "big-kitchens", 0, 0, G_OPTION_ARG_INT, &big,
      "Kitchens of the one-month world (default 10000; 0 skips it)", "N" },
    { "tmpdir", 0, 0, G_OPTION_ARG_FILENAME, &tmp_parent,
      "Where to make the temporary databases (default: $TMPDIR or /tmp)", "DIR" },
    { NULL }
  };

  setlocale (LC_ALL, "");

  context = g_option_context_new (NULL);
  g_option_context_set_summary (context,
                                "Times cm_checks_update() on the default demo and on 10,000 kitchens "
                                "over one month: every rule from nothing, again over stored results, "
                                "with nothing to do, and after a sync of one day's reports.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("bench-rules: %s\n", error->message);
      return 2;
    }
  if (runs < 1)
    runs = 1;

  dir = g_build_filename (tmp_parent ? tmp_parent : g_get_tmp_dir (),
                          "comedores-bench-rules-XXXXXX", NULL);
  if (g_mkdtemp (dir) == NULL)
    {
      g_printerr ("bench-rules: cannot make a temporary directory in %s: %s\n",
                  tmp_parent ? tmp_parent : g_get_tmp_dir (), g_strerror (errno));
      return 1;
    }

  bench_print_int ("rules_runs", runs);
  bench_world (dir, "rules_demo", 450, 12, NULL, runs);

  /* October 2026, the last month of bench/run's big database. */
  g_date_clear (&big_end, 1);
  g_date_set_dmy (&big_end, 31, G_DATE_OCTOBER, 2026);
  if (big > 0)
    bench_world (dir, "rules_10k", (guint) big, 1, &big_end, runs);

  g_rmdir (dir);
  return 0;
}
