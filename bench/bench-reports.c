/* SPDX-License-Identifier: GPL-3.0-or-later */

/* Times the published PDFs on the default demo (450 kitchens, twelve
 * months to 2026-10-31): the programme report of the twelve months, and a
 * compliance report for every kitchen, for the last month and for the
 * whole year, each built, rendered and written to a file. */

#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <sys/resource.h>

#include "bench-common.h"
#include "cm-compliance.h"
#include "cm-db.h"
#include "cm-demo.h"
#include "cm-publication.h"

static void
die (const char   *what,
     const GError *error)
{
  g_printerr ("bench-reports: %s: %s\n", what, error != NULL ? error->message : "failed");
  exit (1);
}

static double
cpu_ms (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return (usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1000.0 +
         (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1000.0;
}

static guint
count_pages (GBytes *pdf)
{
  gsize length;
  const char *data = g_bytes_get_data (pdf, &length);
  const char *needle = "/Type /Page";
  gsize n_needle = strlen (needle);
  guint n = 0;

  /* Each page object's type; the page tree's is “/Type /Pages”. */
  for (gsize i = 0; i + n_needle < length; i++)
    if (data[i] == '/' && memcmp (data + i, needle, n_needle) == 0 && data[i + n_needle] != 's')
      n++;
  return n;
}

/* Renders and writes one document; returns its pages. */
static guint
publish (CmDb                       *db,
         const CmPublicationOptions *options,
         const char                 *dir)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pdf = cm_publication_render (db, options, &error);
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;

  if (pdf == NULL)
    die ("cm_publication_render", error);
  name = cm_publication_suggest_name (options);
  path = g_build_filename (dir, name, NULL);
  if (!g_file_set_contents (path, g_bytes_get_data (pdf, NULL), g_bytes_get_size (pdf), &error))
    die (path, error);
  return count_pages (pdf);
}

static void
print_times (const char *prefix,
             GArray     *wall,
             GArray     *cpu)
{
  g_autofree char *min = g_strdup_printf ("%s_min_ms", prefix);
  g_autofree char *median = g_strdup_printf ("%s_median_ms", prefix);
  g_autofree char *cpu_median = g_strdup_printf ("%s_cpu_median_ms", prefix);
  BenchSummary s;

  bench_summarize (wall, &s);
  bench_print (min, "%.0f", s.min);
  bench_print (median, "%.0f", s.median);
  bench_summarize (cpu, &s);
  bench_print (cpu_median, "%.0f", s.median);
}

static void
every_kitchen (CmDb       *db,
               GPtrArray  *folios,
               const char *period,
               const char *prefix,
               const char *dir,
               int         runs)
{
  g_autoptr(GArray) wall = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) cpu = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) rates = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *name = NULL;
  CmPublicationOptions options = { CM_PUBLICATION_KITCHEN, NULL };
  guint pages = 0;
  BenchSummary s;

  if (!cm_period_parse (period, &options.period, NULL))
    die (period, NULL);
  options.paper = CM_PAPER_LETTER;

  for (int run = 0; run < runs; run++)
    {
      gint64 start = g_get_monotonic_time ();
      double cpu_start = cpu_ms ();
      double ms, rate;

      pages = 0;
      for (guint i = 0; i < folios->len; i++)
        {
          options.folio = g_ptr_array_index (folios, i);
          pages += publish (db, &options, dir);
        }
      ms = (g_get_monotonic_time () - start) / 1000.0;
      rate = pages / (ms / 1000.0);
      g_array_append_val (wall, ms);
      g_array_append_val (rates, rate);
      ms = cpu_ms () - cpu_start;
      g_array_append_val (cpu, ms);
    }

  name = g_strdup_printf ("%s_kitchens", prefix);
  bench_print_int (name, folios->len);
  g_free (name);
  name = g_strdup_printf ("%s_pages", prefix);
  bench_print_int (name, pages);
  print_times (prefix, wall, cpu);
  bench_summarize (rates, &s);
  g_free (name);
  name = g_strdup_printf ("%s_median_pages_per_s", prefix);
  bench_print (name, "%.0f", s.median);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CmDb) db = NULL;
  g_autoptr(GPtrArray) folios = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) wall = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) cpu = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  CmPublicationOptions programme = { CM_PUBLICATION_PROGRAMME, NULL };
  CmDemoOptions demo;
  guint pages = 0;
  int runs = 3;
  sqlite3_stmt *stmt;
  GOptionEntry entries[] = {
    { "runs", 0, 0, G_OPTION_ARG_INT, &runs, "Times each figure is measured", "N" },
    { NULL }
  };

  setlocale (LC_ALL, "");
  context = g_option_context_new (NULL);
  g_option_context_set_summary (context, "Times the programme report and a report per kitchen on the "
                                         "default demo.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    die ("options", error);
  runs = MAX (runs, 1);

  dir = g_dir_make_tmp ("comedores-bench-reports-XXXXXX", &error);
  if (dir == NULL)
    die ("temporary folder", error);
  path = g_build_filename (dir, "demo.db", NULL);
  if (!(db = cm_db_open (path, &error)))
    die ("open", error);

  cm_demo_options_init_default (&demo);
  g_date_set_dmy (&demo.end, 31, 10, 2026);
  g_printerr ("bench-reports: writing the default demo\n");
  if (!cm_demo_generate (db, &demo, NULL, NULL, &error) ||
      !cm_compliance_update (db, NULL, NULL, NULL, &error))
    die ("demo", error);

  stmt = cm_db_prepare (db, "SELECT folio FROM canteen ORDER BY folio", &error);
  if (stmt == NULL)
    die ("folios", error);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (folios, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  sqlite3_reset (stmt);

  /* The programme report of the demo's twelve months. */
  if (!cm_period_parse ("2025-11..2026-10", &programme.period, NULL))
    die ("period", NULL);
  programme.paper = CM_PAPER_LETTER;
  for (int run = 0; run < runs; run++)
    {
      gint64 start = g_get_monotonic_time ();
      double cpu_start = cpu_ms ();
      double ms;

      pages = publish (db, &programme, dir);
      ms = (g_get_monotonic_time () - start) / 1000.0;
      g_array_append_val (wall, ms);
      ms = cpu_ms () - cpu_start;
      g_array_append_val (cpu, ms);
    }
  bench_print_int ("reports_programme_pages", pages);
  print_times ("reports_programme", wall, cpu);

  /* A compliance report per kitchen: the month, then the year. */
  every_kitchen (db, folios, "2026-10", "reports_kitchens_month", dir, runs);
  every_kitchen (db, folios, "2025-11..2026-10", "reports_kitchens_year", dir, 1);

  g_clear_object (&db);
  {
    g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
    const char *name;

    while (listing != NULL && (name = g_dir_read_name (listing)) != NULL)
      {
        g_autofree char *file = g_build_filename (dir, name, NULL);

        g_unlink (file);
      }
  }
  g_rmdir (dir);
  return 0;
}
