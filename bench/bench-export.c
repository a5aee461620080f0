/* SPDX-License-Identifier: GPL-3.0-or-later */

/* Times the reports table of the default demo (450 kitchens, twelve
 * months) exported as CSV and as XLSX, --runs times each, and prints the
 * medians, the files' sizes and the memory the process holds after. With --db it
 * exports that database instead of generating the demo. */

#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <locale.h>

#include "bench-common.h"
#include "cm-db.h"
#include "cm-demo.h"
#include "cm-table-export.h"

static gboolean
time_export (CmDb          *db,
             CmTableFormat  format,
             const char    *path,
             int            runs,
             BenchSummary  *summary,
             guint         *rows,
             gint64        *bytes,
             GError       **error)
{
  g_autoptr(GArray) samples = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GFile) file = g_file_new_for_path (path);
  CmTableExportOptions options;
  GStatBuf st;

  cm_table_export_options_init (&options, CM_TABLE_REPORTS, format);
  for (int i = 0; i < runs; i++)
    {
      gint64 start = g_get_monotonic_time ();
      double ms;

      if (!cm_table_export_to_file (db, &options, file, rows, NULL, error))
        return FALSE;
      ms = (g_get_monotonic_time () - start) / 1000.0;
      g_array_append_val (samples, ms);
    }
  bench_summarize (samples, summary);
  *bytes = g_stat (path, &st) == 0 ? (gint64) st.st_size : -1;
  g_unlink (path);
  return TRUE;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CmDb) db = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *db_path = NULL;
  g_autofree char *generated = NULL;
  g_autofree char *csv_path = NULL;
  g_autofree char *xlsx_path = NULL;
  BenchSummary csv, xlsx;
  gint64 csv_bytes, xlsx_bytes;
  guint rows = 0;
  int runs = 3;
  GOptionEntry entries[] = {
    { "runs", 0, 0, G_OPTION_ARG_INT, &runs, "How many times to export each format (default 3)", "N" },
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db_path, "Export this database rather than a new default demo", "PATH" },
    { NULL }
  };

  setlocale (LC_ALL, "");
  context = g_option_context_new (NULL);
  g_option_context_set_summary (context, "Times the reports table exported as CSV and XLSX.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("bench-export: %s\n", error->message);
      return 2;
    }
  runs = MAX (runs, 1);

  dir = g_build_filename (g_get_tmp_dir (), "comedores-bench-export-XXXXXX", NULL);
  if (g_mkdtemp (dir) == NULL)
    {
      g_printerr ("bench-export: cannot make a temporary directory: %s\n", g_strerror (errno));
      return 1;
    }
  if (db_path == NULL)
    {
      CmDemoOptions options;

      generated = g_build_filename (dir, "demo.db", NULL);
      g_printerr ("bench-export: generating the default demo…\n");
      db = cm_db_open (generated, &error);
      cm_demo_options_init_default (&options);
      if (db == NULL || !cm_demo_generate (db, &options, NULL, NULL, &error))
        {
          g_printerr ("bench-export: %s\n", error->message);
          return 1;
        }
    }
  else if (!(db = cm_db_open (db_path, &error)))
    {
      g_printerr ("bench-export: %s\n", error->message);
      return 1;
    }

  csv_path = g_build_filename (dir, "reports.csv", NULL);
  xlsx_path = g_build_filename (dir, "reports.xlsx", NULL);
  if (!time_export (db, CM_TABLE_FORMAT_CSV, csv_path, runs, &csv, &rows, &csv_bytes, &error) ||
      !time_export (db, CM_TABLE_FORMAT_XLSX, xlsx_path, runs, &xlsx, &rows, &xlsx_bytes, &error))
    {
      g_printerr ("bench-export: %s\n", error->message);
      return 1;
    }

  g_clear_object (&db);
  if (generated != NULL)
    {
      g_autofree char *wal = g_strconcat (generated, "-wal", NULL);
      g_autofree char *shm = g_strconcat (generated, "-shm", NULL);

      g_unlink (generated);
      g_unlink (wal);
      g_unlink (shm);
    }
  g_rmdir (dir);

  bench_print_int ("export_reports_rows", rows);
  bench_print_int ("export_runs", runs);
  bench_print ("export_reports_csv_median_ms", "%.0f", csv.median);
  bench_print ("export_reports_csv_min_ms", "%.0f", csv.min);
  bench_print ("export_reports_csv_mb", "%.1f", csv_bytes / (1024.0 * 1024.0));
  bench_print ("export_reports_xlsx_median_ms", "%.0f", xlsx.median);
  bench_print ("export_reports_xlsx_min_ms", "%.0f", xlsx.min);
  bench_print ("export_reports_xlsx_mb", "%.1f", xlsx_bytes / (1024.0 * 1024.0));
  bench_print ("export_reports_xlsx_rows_per_s", "%.0f", rows / (xlsx.median / 1000.0));
  bench_print_int ("export_rss_after_kb", bench_self_rss_kb ());
  return 0;
}
