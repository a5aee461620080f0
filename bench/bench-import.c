/* SPDX-License-Identifier: GPL-3.0-or-later */

/* The imports on a registry of --rows kitchens (10,000) and 16 boundaries of
 * --positions positions each, all made here in a temporary folder: the
 * boundaries are the city's box cut into a 4 × 4 grid, each cell's edges cut
 * into many collinear positions so that a point test walks as many edges
 * as on a real boundary (INEGI's have about 1,100 each). Each run starts
 * from a fresh database with the boundaries imported, then times:
 *
 *   import_registry_preview: reading and checking the file (dry run)
 *   import_registry_apply:   writing it, one audited transaction
 *   import_registry_10k:     the two together, what `import registry` does
 *   import_registry_again:   the same file again, nothing to change
 *   import_outside_10k:      loading the boundaries and testing every kitchen
 *                            against its alcaldía (cm_boundaries_list_outside)
 *   import_boundaries:       the 16 boundaries, preview and apply */

#include "config.h"

#include <gio/gio.h>
#include <locale.h>

#include "bench-common.h"
#include "cm-alcaldias.h"
#include "cm-boundaries.h"
#include "cm-boundary-import.h"
#include "cm-db.h"
#include "cm-registry-import.h"
#include "cm-rng.h"

#define ACTOR "Bench"

static guint
below (CmRng *rng,
       guint  n)
{
  return cm_rng_next (rng) % n;
}

static char *
make_boundaries (guint positions)
{
  GString *out = g_string_new ("{\"type\":\"FeatureCollection\",\"features\":[");
  const CmAlcaldiaInfo *all;
  double dlat = (CM_CITY_MAX_LAT - CM_CITY_MIN_LAT) / 4;
  double dlon = (CM_CITY_MAX_LON - CM_CITY_MIN_LON) / 4;
  guint n, per_edge = MAX (positions / 4, 1);
  char a[G_ASCII_DTOSTR_BUF_SIZE], b[G_ASCII_DTOSTR_BUF_SIZE];

  all = cm_alcaldias_get_all (&n);
  for (guint i = 0; i < n; i++)
    {
      double lat0 = CM_CITY_MIN_LAT + (i / 4) * dlat, lon0 = CM_CITY_MIN_LON + (i % 4) * dlon;
      /* corners, counter-clockwise */
      double c[5][2] = { { lon0, lat0 }, { lon0 + dlon, lat0 }, { lon0 + dlon, lat0 + dlat },
                         { lon0, lat0 + dlat }, { lon0, lat0 } };

      g_string_append_printf (out, "%s{\"type\":\"Feature\",\"properties\":{\"cvegeo\":\"%s\",\"nomgeo\":\"%s\"},"
                              "\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[",
                              i ? "," : "", all[i].code, all[i].name);
      for (guint e = 0; e < 4; e++)
        for (guint k = 0; k < per_edge; k++)
          {
            double t = (double) k / per_edge;

            g_string_append_printf (out, "[%s,%s],",
                                    g_ascii_formatd (a, sizeof a, "%.8f", c[e][0] + t * (c[e + 1][0] - c[e][0])),
                                    g_ascii_formatd (b, sizeof b, "%.8f", c[e][1] + t * (c[e + 1][1] - c[e][1])));
          }
      g_string_append_printf (out, "[%s,%s]]]}}",
                              g_ascii_formatd (a, sizeof a, "%.8f", lon0),
                              g_ascii_formatd (b, sizeof b, "%.8f", lat0));
    }
  g_string_append (out, "]}\n");
  return g_string_free (out, FALSE);
}

/* Kitchens in their alcaldía's cell, one in fifty in the next cell, the
 * Tipo and the alcaldía's spelling varied as in the city's file. */
static char *
make_registry (guint rows)
{
  GString *out = g_string_new ("ID,Nombre,Tipo,Dirección,Colonia,Alcaldía,Latitud,Longitud,Horario\r\n");
  const char *spellings[] = { "CUAJIMALPA", "Cuajimalpa", "cuajimalpa de morelos" };
  const char *types[] = { "Comunitario", "Público", "Comunitario", "Emergente" };
  const CmAlcaldiaInfo *all;
  double dlat = (CM_CITY_MAX_LAT - CM_CITY_MIN_LAT) / 4;
  double dlon = (CM_CITY_MAX_LON - CM_CITY_MIN_LON) / 4;
  CmRng rng;
  guint n;
  char a[G_ASCII_DTOSTR_BUF_SIZE], b[G_ASCII_DTOSTR_BUF_SIZE];

  cm_rng_init (&rng, 2021);
  all = cm_alcaldias_get_all (&n);
  for (guint r = 0; r < rows; r++)
    {
      guint i = below (&rng, n);
      guint cell = below (&rng, 50) == 0 ? (i + 1) % n : i;
      double lat = CM_CITY_MIN_LAT + (cell / 4 + 0.05 + 0.9 * cm_rng_double (&rng)) * dlat;
      double lon = CM_CITY_MIN_LON + (cell % 4 + 0.05 + 0.9 * cm_rng_double (&rng)) * dlon;
      const char *name = all[i].name;

      if (g_str_equal (all[i].code, "09004"))
        name = spellings[below (&rng, G_N_ELEMENTS (spellings))];
      g_string_append_printf (out, "C%c%05u,\"Comedor %u, \"\"%s\"\"\",%s,Calle %u núm. %u,Colonia %u,%s,%s,%s,"
                              "L-V 11:00-16:00\r\n",
                              r % 9 == 0 ? 'P' : 'C', r + 1, r + 1, all[i].name, types[r % 4],
                              below (&rng, 400), below (&rng, 900), below (&rng, 300), name,
                              g_ascii_formatd (a, sizeof a, "%.6f", lat), g_ascii_formatd (b, sizeof b, "%.6f", lon));
    }
  return g_string_free (out, FALSE);
}

static double
ms_since (gint64 start)
{
  return (g_get_monotonic_time () - start) / 1000.0;
}

static void
die (const GError *error)
{
  g_printerr ("bench-import: %s\n", error->message);
  exit (1);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *geojson = NULL;
  g_autofree char *csv = NULL;
  g_autoptr(GArray) preview_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) apply_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) total_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) again_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) outside_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) boundaries_ms = g_array_new (FALSE, FALSE, sizeof (double));
  gint64 outside_count = 0;
  int runs = 3, rows = 10000, positions = 2000;
  GOptionEntry entries[] = {
    { "runs", 0, 0, G_OPTION_ARG_INT, &runs, "Runs of each measure", "N" },
    { "rows", 0, 0, G_OPTION_ARG_INT, &rows, "Rows of the registry", "N" },
    { "positions", 0, 0, G_OPTION_ARG_INT, &positions, "Positions of each boundary", "N" },
    { NULL }
  };

  setlocale (LC_ALL, "");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    die (error);
  if (runs < 1 || rows < 1 || positions < 4)
    {
      g_printerr ("bench-import: --runs, --rows and --positions must be positive\n");
      return 2;
    }

  if (!(dir = g_dir_make_tmp ("bench-import-XXXXXX", &error)))
    die (error);
  geojson = g_build_filename (dir, "limites.geojson", NULL);
  csv = g_build_filename (dir, "padron.csv", NULL);
  {
    g_autofree char *b = make_boundaries (positions);
    g_autofree char *r = make_registry (rows);

    if (!g_file_set_contents (geojson, b, -1, &error) || !g_file_set_contents (csv, r, -1, &error))
      die (error);
  }

  for (int run = 0; run < runs; run++)
    {
      g_autofree char *db_path = g_strdup_printf ("%s/run-%d.db", dir, run);
      g_autoptr(GFile) geo_file = g_file_new_for_path (geojson);
      g_autoptr(GFile) csv_file = g_file_new_for_path (csv);
      g_autoptr(CmDb) db = NULL;
      g_autoptr(CmBoundaryImport) boundaries = NULL;
      g_autoptr(CmRegistryImport) registry = NULL;
      g_autoptr(CmRegistryImport) again = NULL;
      g_autoptr(CmBoundaries) shapes = NULL;
      g_autoptr(GPtrArray) outside = NULL;
      double preview, apply, t;
      gint64 start;

      if (!(db = cm_db_open (db_path, &error)))
        die (error);

      start = g_get_monotonic_time ();
      if (!(boundaries = cm_boundary_import_new_from_file (db, geo_file, NULL, &error)) ||
          !cm_boundary_import_apply (boundaries, ACTOR, &error))
        die (error);
      t = ms_since (start);
      g_array_append_val (boundaries_ms, t);

      start = g_get_monotonic_time ();
      if (!(registry = cm_registry_import_new_from_file (db, csv_file, NULL, &error)))
        die (error);
      preview = ms_since (start);
      start = g_get_monotonic_time ();
      if (!cm_registry_import_apply (registry, ACTOR, &error))
        die (error);
      apply = ms_since (start);
      t = preview + apply;
      g_array_append_val (preview_ms, preview);
      g_array_append_val (apply_ms, apply);
      g_array_append_val (total_ms, t);
      if (cm_import_report_get_count (cm_registry_import_get_report (registry), "added") != rows)
        {
          g_printerr ("bench-import: the registry did not add every row\n");
          return 1;
        }

      start = g_get_monotonic_time ();
      if (!(again = cm_registry_import_new_from_file (db, csv_file, NULL, &error)) ||
          !cm_registry_import_apply (again, ACTOR, &error))
        die (error);
      t = ms_since (start);
      g_array_append_val (again_ms, t);

      start = g_get_monotonic_time ();
      if (!(shapes = cm_boundaries_load (db, &error)) ||
          !(outside = cm_boundaries_list_outside (shapes, db, &error)))
        die (error);
      t = ms_since (start);
      g_array_append_val (outside_ms, t);
      outside_count = outside->len;
    }

  {
    struct { const char *name; GArray *samples; } figures[] = {
      { "import_boundaries_16", boundaries_ms },
      { "import_registry_preview_10k", preview_ms },
      { "import_registry_apply_10k", apply_ms },
      { "import_registry_10k", total_ms },
      { "import_registry_again_10k", again_ms },
      { "import_outside_10k", outside_ms },
    };

    for (guint i = 0; i < G_N_ELEMENTS (figures); i++)
      {
        BenchSummary summary;
        g_autofree char *median = g_strdup_printf ("%s_median_ms", figures[i].name);
        g_autofree char *max = g_strdup_printf ("%s_max_ms", figures[i].name);

        bench_summarize (figures[i].samples, &summary);
        bench_print (median, "%.1f", summary.median);
        bench_print (max, "%.1f", summary.max);
      }
  }
  bench_print_int ("import_rows_count", rows);
  bench_print_int ("import_boundary_positions_count", positions);
  bench_print_int ("import_outside_alcaldia_count", outside_count);

  {
    g_autoptr(GFile) tree = g_file_new_for_path (dir);
    g_autoptr(GFileEnumerator) children = g_file_enumerate_children (tree, G_FILE_ATTRIBUTE_STANDARD_NAME,
                                                                     G_FILE_QUERY_INFO_NONE, NULL, NULL);
    GFileInfo *info;

    while (children != NULL && (info = g_file_enumerator_next_file (children, NULL, NULL)) != NULL)
      {
        g_autoptr(GFile) child = g_file_get_child (tree, g_file_info_get_name (info));

        g_file_delete (child, NULL, NULL);
        g_object_unref (info);
      }
    g_file_delete (tree, NULL, NULL);
  }

  return 0;
}
