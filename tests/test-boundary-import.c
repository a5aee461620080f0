/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <math.h>

#include <string.h>

#include "cm-alcaldias.h"
#include "cm-boundaries.h"
#include "cm-boundary-import.h"
#include "cm-db.h"
#include "cm-geo.h"
#include "cm-test-db.h"
#include "cm-test-geo.h"
#include "cm-test-util.h"

#define ACTOR "Ana Monitora"

typedef struct
{
  char *dir;
  CmDb *db;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  f->dir = cm_test_make_tmp_dir ("test-boundary-import");
  path = g_build_filename (f->dir, "comedores.db", NULL);
  f->db = cm_db_open (path, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->db);
  cm_test_remove_tree (f->dir);
  g_free (f->dir);
}

static CmBoundaryImport *
preview (Fixture    *f,
         const char *contents,
         gssize      length,
         GError    **error)
{
  g_autofree char *path = cm_test_write_file (f->dir, "limites.geojson", contents, length);
  g_autoptr(GFile) file = g_file_new_for_path (path);

  return cm_boundary_import_new_from_file (f->db, file, NULL, error);
}

static gboolean
report_says (CmImportReport *report,
             guint           line,
             const char     *fragment)
{
  for (guint i = 0; i < cm_import_report_get_n_problems (report); i++)
    {
      guint at;
      const char *message = cm_import_report_get_problem (report, i, &at);

      if (at == line && strstr (message, fragment) != NULL)
        return TRUE;
    }
  return FALSE;
}

static void
test_good_file (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *collection = cm_test_grid_collection ();
  g_autoptr(GError) error = NULL;
  g_autoptr(CmBoundaryImport) import = preview (f, collection, -1, &error);
  g_autoptr(CmBoundaryImport) again = NULL;
  g_autoptr(CmBoundaries) boundaries = NULL;
  g_autofree char *stored = NULL;
  CmImportReport *report;
  double lat, lon;

  g_assert_no_error (error);
  report = cm_boundary_import_get_report (import);
  g_assert_cmpint (cm_import_report_get_count (report, "added"), ==, 16);
  g_assert_cmpint (cm_import_report_get_count (report, "refused"), ==, 0);
  g_assert_cmpint (cm_import_report_get_count (report, "missing"), ==, 0);
  g_assert_cmpuint (cm_import_report_get_n_problems (report), ==, 0);
  g_assert_cmpuint (cm_boundary_import_get_n_accepted (import), ==, 16);

  /* The preview changes nothing. */
  g_assert_cmpint (cm_test_db_int (f->db, "SELECT count(*) FROM alcaldia WHERE boundary IS NOT NULL"), ==, 0);

  g_assert_true (cm_boundary_import_apply (import, ACTOR, &error));
  g_assert_no_error (error);
  g_assert_cmpint (cm_test_db_int (f->db, "SELECT count(*) FROM alcaldia WHERE boundary IS NOT NULL"), ==, 16);
  g_assert_cmpint (cm_test_db_int (f->db, "SELECT count(*) FROM audit WHERE action = 'import_boundary'"
                                          " AND entity = 'alcaldia' AND after LIKE '%boundary_sha256%'"), ==, 16);
  g_assert_false (cm_boundary_import_apply (import, ACTOR, &error));
  g_assert_error (error, CM_IMPORT_ERROR, CM_IMPORT_ERROR_APPLIED);
  g_clear_error (&error);

  /* Stored in its normal form, one line, and it reads back. */
  stored = cm_test_db_text (f->db, "SELECT boundary FROM alcaldia WHERE code = '09007'");
  g_assert_true (g_str_has_prefix (stored, "{\"type\":\"Polygon\",\"coordinates\":[[["));
  g_assert_null (strchr (stored, '\n'));

  boundaries = cm_boundaries_load (f->db, &error);
  g_assert_no_error (error);
  g_assert_true (cm_boundaries_is_complete (boundaries));
  cm_test_grid_cell_center (5, &lat, &lon);   /* Iztapalapa is the sixth code */
  g_assert_cmpint (cm_boundaries_locate (boundaries, "09007", lat, lon), ==, CM_PLACE_INSIDE);
  g_assert_cmpint (cm_boundaries_locate (boundaries, "09002", lat, lon), ==, CM_PLACE_OUTSIDE);
  g_assert_cmpstr (cm_boundaries_find (boundaries, lat, lon), ==, "09007");
  g_assert_true (cm_boundaries_in_city (boundaries, lat, lon));
  g_assert_false (cm_boundaries_in_city (boundaries, 19.7, -99.1));

  /* Idempotent: the same file again changes nothing and writes no audit. */
  again = preview (f, collection, -1, &error);
  g_assert_no_error (error);
  g_assert_true (cm_boundary_import_apply (again, ACTOR, &error));
  report = cm_boundary_import_get_report (again);
  g_assert_cmpint (cm_import_report_get_count (report, "added"), ==, 0);
  g_assert_cmpint (cm_import_report_get_count (report, "updated"), ==, 0);
  g_assert_cmpint (cm_import_report_get_count (report, "unchanged"), ==, 16);
  g_assert_cmpint (cm_test_db_int (f->db, "SELECT count(*) FROM audit"), ==, 16);
}

static void
test_update_and_multipolygon (Fixture       *f,
                              gconstpointer  data)
{
  g_autofree char *collection = cm_test_grid_collection ();
  g_autoptr(GError) error = NULL;
  g_autoptr(CmBoundaryImport) first = preview (f, collection, -1, &error);
  g_autoptr(CmBoundaryImport) second = NULL;
  g_autofree char *stored = NULL;
  CmImportReport *report;
  /* Tlalpan as two islands, cvegeo as a number, property names in capitals. */
  const char *file =
    "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\","
    "\"properties\":{\"CVEGEO\":9012,\"NOMGEO\":\"TLALPAN\"},\"geometry\":{\"type\":\"MultiPolygon\","
    "\"coordinates\":[[[[-99.2,19.2],[-99.1,19.2],[-99.1,19.3],[-99.2,19.2]]],"
    "[[[-99.3,19.1],[-99.25,19.1],[-99.25,19.15],[-99.3,19.1]]]]}}]}";

  g_assert_true (cm_boundary_import_apply (first, ACTOR, &error));
  g_assert_no_error (error);

  second = preview (f, file, -1, &error);
  g_assert_no_error (error);
  report = cm_boundary_import_get_report (second);
  g_assert_cmpint (cm_import_report_get_count (report, "updated"), ==, 1);
  g_assert_cmpint (cm_import_report_get_count (report, "missing"), ==, 15);
  g_assert_true (report_says (report, 0, "Coyoacán"));
  g_assert_true (cm_boundary_import_apply (second, ACTOR, &error));

  stored = cm_test_db_text (f->db, "SELECT boundary FROM alcaldia WHERE code = '09012'");
  g_assert_true (g_str_has_prefix (stored, "{\"type\":\"MultiPolygon\""));
  /* The others keep theirs. */
  g_assert_cmpint (cm_test_db_int (f->db, "SELECT count(*) FROM alcaldia WHERE boundary IS NOT NULL"), ==, 16);
  g_assert_cmpint (cm_test_db_int (f->db, "SELECT count(*) FROM audit WHERE entity_id = '9012'"
                                          " AND before LIKE '%\"boundary_sha256\":\"%' AND before <> after"), ==, 1);
}

static void
assert_file_refused (Fixture    *f,
                     const char *contents,
                     gssize      length,
                     int         code,
                     const char *fragment)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CmBoundaryImport) import = preview (f, contents, length, &error);

  g_assert_null (import);
  g_assert_error (error, CM_IMPORT_ERROR, code);
  if (strstr (error->message, fragment) == NULL)
    g_error ("“%s” does not say “%s”", error->message, fragment);
}

static void
test_broken_files (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) nowhere = g_file_new_for_path ("/nonexistent/limites.geojson");
  g_autoptr(CmBoundaryImport) none = cm_boundary_import_new_from_file (f->db, nowhere, NULL, &error);

  g_assert_null (none);
  g_assert_error (error, CM_IMPORT_ERROR, CM_IMPORT_ERROR_READ);

  assert_file_refused (f, "{\"type\":\"FeatureCollection\",\n\"name\":\"l\xedmites\",\"features\":[]}", -1,
                       CM_IMPORT_ERROR_ENCODING, "Line 2");
  assert_file_refused (f, "{\"type\":\"FeatureCollection\",\"features\":[", -1,
                       CM_IMPORT_ERROR_FORMAT, "GeoJSON");
  assert_file_refused (f, "", 0, CM_IMPORT_ERROR_FORMAT, "GeoJSON");
  assert_file_refused (f, "[1,2,3]", -1, CM_IMPORT_ERROR_FORMAT, "FeatureCollection");
  assert_file_refused (f, "{\"type\":\"Feature\",\"properties\":{},\"geometry\":null}", -1,
                       CM_IMPORT_ERROR_FORMAT, "“Feature”");
  assert_file_refused (f, "{\"type\":\"FeatureCollection\",\"features\":[]}", -1,
                       CM_IMPORT_ERROR_FORMAT, "no features");
  g_assert_cmpint (cm_test_db_int (f->db, "SELECT count(*) FROM alcaldia WHERE boundary IS NOT NULL"), ==, 0);
}

static void
test_refused_features (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GString) file = g_string_new ("{\"type\":\"FeatureCollection\",\"features\":[");
  g_autoptr(GError) error = NULL;
  g_autoptr(CmBoundaryImport) import = NULL;
  g_autofree char *good = cm_test_grid_feature (0, "09002", "Azcapotzalco");
  g_autofree char *twin_a = cm_test_grid_feature (1, "09003", "Coyoacán");
  g_autofree char *twin_b = cm_test_grid_feature (2, "09003", "Coyoacan");
  g_autofree char *unknown = cm_test_grid_feature (3, "09099", "Atlántida");
  g_autofree char *misnamed = cm_test_grid_feature (4, "09006", "Tlalpan");
  CmImportReport *report;

  g_string_append_printf (file, "%s,%s,%s,%s,%s,", good, twin_a, twin_b, unknown, misnamed);
  /* 6: a Point; 7: a LineString; 8: a ring not closed; 9: a ring of 3; 10: no cvegeo; 11: not a Feature */
  g_string_append (file,
                   "{\"type\":\"Feature\",\"properties\":{\"cvegeo\":\"09007\"},"
                   " \"geometry\":{\"type\":\"Point\",\"coordinates\":[-99.05,19.35]}},"
                   "{\"type\":\"Feature\",\"properties\":{\"cvegeo\":\"09008\"},"
                   " \"geometry\":{\"type\":\"LineString\",\"coordinates\":[[-99.3,19.2],[-99.2,19.3]]}},"
                   "{\"type\":\"Feature\",\"properties\":{\"cvegeo\":\"09009\"},"
                   " \"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[-99.1,19.1],[-99,19.1],[-99,19.2],[-99.1,19.2]]]}},"
                   "{\"type\":\"Feature\",\"properties\":{\"cvegeo\":\"09010\"},"
                   " \"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[-99.1,19.1],[-99,19.1],[-99.1,19.1]]]}},"
                   "{\"type\":\"Feature\",\"properties\":{\"nomgeo\":\"Tláhuac\"},"
                   " \"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[-99.1,19.1],[-99,19.1],[-99,19.2],[-99.1,19.1]]]}},"
                   "{\"type\":\"Polygon\",\"coordinates\":[[[-99.1,19.1],[-99,19.1],[-99,19.2],[-99.1,19.1]]]}"
                   "]}");

  import = preview (f, file->str, -1, &error);
  g_assert_no_error (error);
  report = cm_boundary_import_get_report (import);

  g_assert_cmpuint (cm_boundary_import_get_n_accepted (import), ==, 1);
  g_assert_cmpint (cm_import_report_get_count (report, "added"), ==, 1);
  g_assert_cmpint (cm_import_report_get_count (report, "duplicates"), ==, 1);
  g_assert_cmpint (cm_import_report_get_count (report, "refused"), ==, 8);
  g_assert_cmpint (cm_import_report_get_count (report, "missing"), ==, 15);
  g_assert_true (report_says (report, 2, "features 2, 3"));
  g_assert_true (report_says (report, 4, "09099"));
  g_assert_true (report_says (report, 5, "Tlalpan"));
  g_assert_true (report_says (report, 6, "“Point”"));
  g_assert_true (report_says (report, 7, "“LineString”"));
  g_assert_true (report_says (report, 8, "not closed"));
  g_assert_true (report_says (report, 9, "at least 4"));
  g_assert_true (report_says (report, 10, "cvegeo"));
  g_assert_true (report_says (report, 11, "Feature 11 is not a GeoJSON Feature"));

  g_assert_true (cm_boundary_import_apply (import, ACTOR, &error));
  g_assert_cmpint (cm_test_db_int (f->db, "SELECT count(*) FROM alcaldia WHERE boundary IS NOT NULL"), ==, 1);
  g_assert_cmpint (cm_test_db_int (f->db, "SELECT count(*) FROM alcaldia WHERE code = '09002'"
                                          " AND boundary IS NOT NULL"), ==, 1);
}

/* A failure half-way leaves every boundary as it was, and no audit row. */
static void
test_atomic (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *collection = cm_test_grid_collection ();
  g_autoptr(GError) error = NULL;
  g_autoptr(CmBoundaryImport) import = preview (f, collection, -1, &error);

  g_assert_no_error (error);
  cm_test_db_exec (f->db, "CREATE TRIGGER refuse_tlalpan BEFORE UPDATE OF boundary ON alcaldia"
                          " WHEN NEW.code = '09012' BEGIN SELECT RAISE (ABORT, 'no Tlalpan'); END");
  g_assert_false (cm_boundary_import_apply (import, ACTOR, &error));
  g_assert_error (error, CM_DB_ERROR, CM_DB_ERROR_QUERY);
  g_assert_cmpint (cm_test_db_int (f->db, "SELECT count(*) FROM alcaldia WHERE boundary IS NOT NULL"), ==, 0);
  g_assert_cmpint (cm_test_db_int (f->db, "SELECT count(*) FROM audit"), ==, 0);
}

/* Kitchens outside their alcaldía, tested against every boundary once. */
static void
test_outside (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *collection = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CmBoundaryImport) import = NULL;
  g_autoptr(CmBoundaries) boundaries = NULL;
  g_autoptr(GPtrArray) outside = NULL;
  CmOutsideKitchen *k;
  double lat, lon;

  /* Without boundaries: unknown, nothing listed. */
  boundaries = cm_boundaries_load (f->db, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cm_boundaries_locate (boundaries, "09007", 19.35, -99.05), ==, CM_PLACE_UNKNOWN);
  g_assert_false (cm_boundaries_is_complete (boundaries));
  g_assert_true (cm_boundaries_in_city (boundaries, 19.35, -99.05));    /* the box */
  g_assert_false (cm_boundaries_in_city (boundaries, 20.6, -103.3));    /* Guadalajara */
  g_clear_object (&boundaries);

  collection = cm_test_grid_collection ();
  import = preview (f, collection, -1, &error);
  g_assert_true (cm_boundary_import_apply (import, ACTOR, &error));
  g_assert_no_error (error);

  cm_test_grid_cell_center (5, &lat, &lon);  /* Iztapalapa's cell */
  {
    g_autofree char *sql = g_strdup_printf (
      "INSERT INTO canteen (folio, name, modality, alcaldia_code, latitude, longitude) VALUES"
      " ('CC001', 'Dentro', 'comunitario', '09007', %.6f, %.6f),"
      " ('CC002', 'En Azcapotzalco', 'comunitario', '09002', %.6f, %.6f),"
      " ('CC003', 'Fuera de la ciudad', 'comunitario', '09007', 20.6, -103.3),"
      " ('CC004', 'Sin punto', 'comunitario', '09007', NULL, NULL)",
      lat, lon, lat, lon);
    cm_test_db_exec (f->db, sql);
  }

  boundaries = cm_boundaries_load (f->db, &error);
  g_assert_no_error (error);
  outside = cm_boundaries_list_outside (boundaries, f->db, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (outside->len, ==, 2);
  k = g_ptr_array_index (outside, 0);
  g_assert_cmpstr (k->folio, ==, "CC002");
  g_assert_cmpstr (k->alcaldia_code, ==, "09002");
  g_assert_cmpstr (k->found_code, ==, "09007");
  k = g_ptr_array_index (outside, 1);
  g_assert_cmpstr (k->folio, ==, "CC003");
  g_assert_null (k->found_code);

  /* One kitchen at a time, as its page asks. */
  {
    g_autofree char *found = NULL;

    g_assert_cmpint (cm_boundaries_place_kitchen (f->db, "09007", lat, lon, &found, &error), ==,
                     CM_PLACE_INSIDE);
    g_assert_no_error (error);
    g_assert_null (found);
    g_assert_cmpint (cm_boundaries_place_kitchen (f->db, "09002", lat, lon, &found, &error), ==,
                     CM_PLACE_OUTSIDE);
    g_assert_cmpstr (found, ==, "09007");
    g_clear_pointer (&found, g_free);
    g_assert_cmpint (cm_boundaries_place_kitchen (f->db, "09007", 20.6, -103.3, &found, &error), ==,
                     CM_PLACE_OUTSIDE);
    g_assert_null (found);
    g_assert_cmpint (cm_boundaries_place_kitchen (f->db, "09007", NAN, NAN, &found, &error), ==,
                     CM_PLACE_UNKNOWN);
    g_assert_cmpint (cm_boundaries_place_kitchen (f->db, NULL, lat, lon, &found, &error), ==,
                     CM_PLACE_UNKNOWN);
    cm_test_db_exec (f->db, "UPDATE alcaldia SET boundary = NULL WHERE code = '09002'");
    g_assert_cmpint (cm_boundaries_place_kitchen (f->db, "09002", lat, lon, &found, &error), ==,
                     CM_PLACE_UNKNOWN);
    g_assert_no_error (error);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/boundary-import/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("good-file", test_good_file);
  ADD ("update-and-multipolygon", test_update_and_multipolygon);
  ADD ("broken-files", test_broken_files);
  ADD ("refused-features", test_refused_features);
  ADD ("atomic", test_atomic);
  ADD ("outside", test_outside);

  return g_test_run ();
}
