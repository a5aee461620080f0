/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "cm-alcaldias.h"
#include "cm-boundaries.h"
#include "cm-test-geo.h"

#define DLAT ((CM_CITY_MAX_LAT - CM_CITY_MIN_LAT) / 4)
#define DLON ((CM_CITY_MAX_LON - CM_CITY_MIN_LON) / 4)

static double
cell_lat (guint row)
{
  return CM_CITY_MIN_LAT + row * DLAT;
}

static double
cell_lon (guint col)
{
  return CM_CITY_MIN_LON + col * DLON;
}

/* A Feature whose geometry is the cell of alcaldía @index (0 … 15). */
char *
cm_test_grid_feature (guint       index,
                      const char *cvegeo,
                      const char *nomgeo)
{
  guint row = index / 4, col = index % 4;
  char s[4][G_ASCII_DTOSTR_BUF_SIZE];

  g_ascii_dtostr (s[0], sizeof s[0], cell_lon (col));
  g_ascii_dtostr (s[1], sizeof s[1], cell_lon (col + 1));
  g_ascii_dtostr (s[2], sizeof s[2], cell_lat (row));
  g_ascii_dtostr (s[3], sizeof s[3], cell_lat (row + 1));

  return g_strdup_printf ("{\"type\":\"Feature\",\"properties\":{\"cvegeo\":\"%s\",\"nomgeo\":\"%s\"},"
                          "\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[%s,%s],[%s,%s],[%s,%s],[%s,%s],[%s,%s]]]}}",
                          cvegeo, nomgeo,
                          s[0], s[2], s[1], s[2], s[1], s[3], s[0], s[3], s[0], s[2]);
}

char *
cm_test_grid_collection (void)
{
  g_autoptr(GString) out = g_string_new ("{\"type\":\"FeatureCollection\",\"features\":[");
  const CmAlcaldiaInfo *all;
  guint n;

  all = cm_alcaldias_get_all (&n);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *feature = cm_test_grid_feature (i, all[i].code, all[i].name);

      g_string_append_printf (out, "%s%s", i ? ",\n" : "\n", feature);
    }
  g_string_append (out, "]}\n");
  return g_string_free (g_steal_pointer (&out), FALSE);
}

void
cm_test_grid_cell_center (guint   index,
                          double *lat,
                          double *lon)
{
  *lat = cell_lat (index / 4) + DLAT / 2;
  *lon = cell_lon (index % 4) + DLON / 2;
}

char *
cm_test_write_file (const char *dir,
                    const char *name,
                    const char *contents,
                    gssize      length)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (dir, name, NULL);

  g_file_set_contents (path, contents, length, &error);
  g_assert_no_error (error);
  return path;
}
