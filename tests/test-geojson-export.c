/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <math.h>
#include <string.h>
#include <sys/wait.h>

#include <json-glib/json-glib.h>

#include "cm-canteen.h"
#include "cm-canteen-list.h"
#include "cm-db.h"
#include "cm-geojson-export.h"
#include "cm-test-util.h"

typedef struct
{
  char *dir;
  char *db_path;
  CmDb *db;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = cm_test_make_tmp_dir ("test-geojson-export");
  f->db_path = g_build_filename (f->dir, "export.db", NULL);
  f->db = cm_db_open (f->db_path, &error);
  g_assert_no_error (error);
  g_assert_true (cm_db_exec (f->db,
                             "INSERT INTO canteen (id, folio, name, modality, address, colonia, alcaldia_code,"
                             "                     latitude, longitude, capacity, status) VALUES"
                             "  (1, 'CC001', 'La <b>Esperanza</b> & \"Hijos\"', 'comunitario',"
                             "   'Av. Ermita 12\\n', 'San Lucas', '09007', 19.3492123456, -99.0568987654,"
                             "   200, 'active'),"
                             "  (2, 'CC002', 'Sin punto', 'comunitario', '', 'Centro', '09015', NULL, NULL,"
                             "   NULL, 'suspended'),"
                             "  (3, 'CP003', 'Público de Iztapalapa', 'publico', 'Calle 3', 'Santa Cruz',"
                             "   '09007', 19.36, -99.07, 150, 'closed'),"
                             "  (4, 'CC004', 'Sin alcaldía', 'comunitario', '', '', NULL, 19.4, -99.1,"
                             "   100, 'active');"
                             "INSERT INTO report (instance_id, canteen_id, folio_sent, report_date, raw)"
                             "  VALUES ('uuid:1', 1, 'CC001', '2025-03-14', '{}');"
                             "INSERT INTO check_latest (canteen_id, period, verdict) VALUES"
                             "  (1, '2025-03', 'cumple_con_observaciones'), (3, '2025-02', 'no_cumple');",
                             &error));
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->db);
  cm_test_remove_tree (f->dir);
  g_free (f->db_path);
  g_free (f->dir);
}

static GListModel *
load_kitchens (CmDb *db)
{
  g_autoptr(GError) error = NULL;
  GListModel *list;
  GDate today;

  g_date_clear (&today, 1);
  g_date_set_dmy (&today, 20, G_DATE_MARCH, 2025);
  list = cm_canteen_list_load (db, &today, &error);
  g_assert_no_error (error);
  return list;
}

/* The file read back with json-glib, as a GIS tool would. */
static JsonNode *
parse_file (const char *path)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *root;

  g_assert_true (json_parser_load_from_file (parser, path, &error));
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (root, "type"), ==, "FeatureCollection");
  /* RFC 7946: WGS84 only, no crs member. */
  g_assert_false (json_object_has_member (root, "crs"));
  return json_node_copy (json_parser_get_root (parser));
}

static JsonArray *
features_of (JsonNode *root)
{
  return json_object_get_array_member (json_node_get_object (root), "features");
}

static JsonObject *
properties_of (JsonArray *features,
               guint      i)
{
  JsonObject *feature = json_array_get_object_element (features, i);

  g_assert_cmpstr (json_object_get_string_member (feature, "type"), ==, "Feature");
  return json_object_get_object_member (feature, "properties");
}

static void
test_write (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) all = load_kitchens (f->db);
  g_autoptr(GListStore) chosen = g_list_store_new (CM_TYPE_CANTEEN);
  g_autofree char *path = g_build_filename (f->dir, "comedores.geojson", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GDir) dir = NULL;
  g_autofree char *contents = NULL;
  JsonArray *features, *coordinates;
  JsonObject *feature, *props;
  guint n = 0, files = 0;

  /* A filter's kitchens: the first three, in the list's order. */
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(CmCanteen) canteen = g_list_model_get_item (all, i);
      g_list_store_append (chosen, canteen);
    }

  /* Over a file already there: replaced whole. */
  g_assert_true (g_file_set_contents (path, "old", -1, NULL));
  g_assert_true (cm_geojson_export_write (G_LIST_MODEL (chosen), file, &n, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 3);

  root = parse_file (path);
  features = features_of (root);
  g_assert_cmpuint (json_array_get_length (features), ==, 3);

  /* The kitchen with a point: [lon, lat], six decimals, every property. */
  feature = json_array_get_object_element (features, 0);
  g_assert_cmpstr (json_object_get_string_member (feature, "id"), ==, "CC001");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (feature, "geometry"), "type"),
                   ==, "Point");
  coordinates = json_object_get_array_member (json_object_get_object_member (feature, "geometry"),
                                              "coordinates");
  g_assert_cmpuint (json_array_get_length (coordinates), ==, 2);
  g_assert_cmpfloat (json_array_get_double_element (coordinates, 0), ==, -99.056899);
  g_assert_cmpfloat (json_array_get_double_element (coordinates, 1), ==, 19.349212);
  props = properties_of (features, 0);
  g_assert_cmpstr (json_object_get_string_member (props, "folio"), ==, "CC001");
  g_assert_cmpstr (json_object_get_string_member (props, "name"), ==, "La <b>Esperanza</b> & \"Hijos\"");
  g_assert_cmpstr (json_object_get_string_member (props, "address"), ==, "Av. Ermita 12\\n");
  g_assert_cmpstr (json_object_get_string_member (props, "modality"), ==, "comunitario");
  g_assert_cmpstr (json_object_get_string_member (props, "status"), ==, "active");
  g_assert_cmpstr (json_object_get_string_member (props, "status_label"), ==, "Activo");
  g_assert_cmpstr (json_object_get_string_member (props, "alcaldia"), ==, "Iztapalapa");
  g_assert_cmpstr (json_object_get_string_member (props, "alcaldia_code"), ==, "09007");
  g_assert_cmpstr (json_object_get_string_member (props, "colonia"), ==, "San Lucas");
  g_assert_cmpint (json_object_get_int_member (props, "capacity"), ==, 200);
  g_assert_cmpstr (json_object_get_string_member (props, "last_report"), ==, "2025-03-14");
  g_assert_cmpstr (json_object_get_string_member (props, "compliance"), ==, "cumple_con_observaciones");
  g_assert_cmpstr (json_object_get_string_member (props, "compliance_label"), ==, "Cumple con observaciones");
  g_assert_cmpstr (json_object_get_string_member (props, "compliance_period"), ==, "2025-03");

  /* No point: geometry null; unknowns are null, never evaluated said so. */
  feature = json_array_get_object_element (features, 1);
  g_assert_true (json_object_has_member (feature, "geometry"));
  g_assert_true (JSON_NODE_HOLDS_NULL (json_object_get_member (feature, "geometry")));
  props = properties_of (features, 1);
  g_assert_cmpstr (json_object_get_string_member (props, "folio"), ==, "CC002");
  g_assert_true (JSON_NODE_HOLDS_NULL (json_object_get_member (props, "capacity")));
  g_assert_true (JSON_NODE_HOLDS_NULL (json_object_get_member (props, "last_report")));
  g_assert_cmpstr (json_object_get_string_member (props, "status_label"), ==, "Suspendido");
  g_assert_cmpstr (json_object_get_string_member (props, "compliance"), ==, "sin_evaluar");
  g_assert_cmpstr (json_object_get_string_member (props, "compliance_label"), ==, "Sin evaluar");
  g_assert_true (JSON_NODE_HOLDS_NULL (json_object_get_member (props, "compliance_period")));

  props = properties_of (features, 2);
  g_assert_cmpstr (json_object_get_string_member (props, "folio"), ==, "CC004");
  g_assert_true (JSON_NODE_HOLDS_NULL (json_object_get_member (props, "alcaldia")));

  /* UTF-8 as written, and no temporary file left beside it. */
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_true (g_utf8_validate (contents, -1, NULL));
  g_assert_nonnull (strstr (contents, "[-99.056899, 19.349212]"));
  dir = g_dir_open (f->dir, 0, NULL);
  while (g_dir_read_name (dir) != NULL)
    files++;
  g_assert_cmpuint (files, <=, 4);  /* the database, its -wal and -shm, the export */
}

static void
test_empty (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GListStore) none = g_list_store_new (CM_TYPE_CANTEEN);
  g_autofree char *text = cm_geojson_export_to_string (G_LIST_MODEL (none), NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *root;

  g_assert_true (json_parser_load_from_data (parser, text, -1, &error));
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "features")), ==, 0);
}

static void
write_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  guint *n = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (cm_geojson_export_write_finish (result, n, &error));
  g_assert_no_error (error);
}

static gboolean
is_set (gpointer data)
{
  return *(guint *) data != G_MAXUINT;
}

static void
test_async (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GListModel) all = load_kitchens (f->db);
  g_autofree char *path = g_build_filename (f->dir, "async.geojson", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(JsonNode) root = NULL;
  guint n = G_MAXUINT;

  cm_geojson_export_write_async (all, file, NULL, write_cb, &n);
  g_assert_true (cm_test_wait_for (is_set, &n, 30));
  g_assert_cmpuint (n, ==, 4);
  root = parse_file (path);
  g_assert_cmpuint (json_array_get_length (features_of (root)), ==, 4);
}

static int
run_cli (const char  *dir,
         char       **err,
         ...)
{
  const char *cli = g_getenv ("COMEDORES_CLI");
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) envp = g_environ_setenv (g_get_environ (), "XDG_DATA_HOME", dir, TRUE);
  const char *arg;
  int status = 0;
  va_list args;

  g_assert_nonnull (cli);
  g_ptr_array_add (argv, (char *) cli);
  va_start (args, err);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (char *) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  g_spawn_sync (NULL, (char **) argv->pdata, envp, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL,
                NULL, err, &status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (status));
  return WEXITSTATUS (status);
}

static void
test_cli (Fixture       *f,
          gconstpointer  data)
{
  g_autofree char *out = g_build_filename (f->dir, "iztapalapa.geojson", NULL);
  g_autofree char *err = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  JsonArray *features;
  gint64 expected;

  /* By name, folded as people write it: the kitchens the table holds there. */
  g_assert_cmpint (run_cli (f->dir, &err, "--db", f->db_path, "export", "geojson", out,
                            "--alcaldia", "iztapalapa", NULL), ==, 0);
  g_assert_nonnull (strstr (err, "2"));
  expected = cm_db_query_int (f->db, "SELECT count(*) FROM canteen WHERE alcaldia_code = '09007'", &error);
  g_assert_no_error (error);
  root = parse_file (out);
  features = features_of (root);
  g_assert_cmpuint (json_array_get_length (features), ==, expected);
  g_assert_cmpstr (json_object_get_string_member (properties_of (features, 0), "folio"), ==, "CC001");
  g_assert_cmpstr (json_object_get_string_member (properties_of (features, 1), "folio"), ==, "CP003");
  g_clear_pointer (&root, json_node_unref);
  g_clear_pointer (&err, g_free);

  /* By code and verdict together. */
  g_assert_cmpint (run_cli (f->dir, &err, "--db", f->db_path, "export", "geojson", out,
                            "--alcaldia", "09007", "--compliance", "no_cumple", NULL), ==, 0);
  root = parse_file (out);
  features = features_of (root);
  g_assert_cmpuint (json_array_get_length (features), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (properties_of (features, 0), "folio"), ==, "CP003");
  g_clear_pointer (&root, json_node_unref);
  g_clear_pointer (&err, g_free);

  /* Never evaluated, and by status. */
  g_assert_cmpint (run_cli (f->dir, &err, "--db", f->db_path, "export", "geojson", out,
                            "--compliance", "sin_evaluar", "--status", "active", NULL), ==, 0);
  root = parse_file (out);
  features = features_of (root);
  g_assert_cmpuint (json_array_get_length (features), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (properties_of (features, 0), "folio"), ==, "CC004");
  g_clear_pointer (&err, g_free);

  /* What is not a filter is a usage error, and the file stays as it was. */
  g_assert_cmpint (run_cli (f->dir, &err, "--db", f->db_path, "export", "geojson", out,
                            "--status", "abierto", NULL), ==, 2);
  g_assert_nonnull (strstr (err, "abierto"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (f->dir, &err, "--db", f->db_path, "export", "geojson", out,
                            "--alcaldia", "Ecatepec", NULL), ==, 2);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (f->dir, &err, "--db", f->db_path, "export", "geojson", NULL), ==, 2);
  g_clear_pointer (&err, g_free);
  g_clear_pointer (&root, json_node_unref);
  root = parse_file (out);
  g_assert_cmpuint (json_array_get_length (features_of (root)), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/geojson-export/write", Fixture, NULL, fixture_set_up, test_write, fixture_tear_down);
  g_test_add ("/geojson-export/empty", Fixture, NULL, fixture_set_up, test_empty, fixture_tear_down);
  g_test_add ("/geojson-export/async", Fixture, NULL, fixture_set_up, test_async, fixture_tear_down);
  g_test_add ("/geojson-export/cli", Fixture, NULL, fixture_set_up, test_cli, fixture_tear_down);

  return g_test_run ();
}
