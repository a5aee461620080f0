/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <string.h>

#include "cm-boundary-import.h"
#include "cm-db.h"
#include "cm-registry-import.h"
#include "cm-test-db.h"
#include "cm-test-geo.h"
#include "cm-test-sim.h"
#include "cm-test-util.h"

#define ACTOR "Ana Monitora"
#define HEADER "ID,Nombre,Tipo,Dirección,Colonia,Alcaldía,Latitud,Longitud,Horario\n"

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

  f->dir = cm_test_make_tmp_dir ("test-registry-import");
  f->db_path = g_build_filename (f->dir, "comedores.db", NULL);
  f->db = cm_db_open (f->db_path, &error);
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

static CmRegistryImport *
preview (Fixture    *f,
         const char *contents,
         GError    **error)
{
  g_autofree char *path = cm_test_write_file (f->dir, "padron.csv", contents, -1);
  g_autoptr(GFile) file = g_file_new_for_path (path);

  return cm_registry_import_new_from_file (f->db, file, NULL, error);
}

static CmImportReport *
import_ok (Fixture          *f,
           const char       *contents,
           CmRegistryImport **out)
{
  g_autoptr(GError) error = NULL;
  CmRegistryImport *import = preview (f, contents, &error);

  g_assert_no_error (error);
  g_assert_true (cm_registry_import_apply (import, ACTOR, &error));
  g_assert_no_error (error);
  *out = import;
  return cm_registry_import_get_report (import);
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
assert_counts (CmImportReport *report,
               gint64 added, gint64 updated, gint64 duplicates,
               gint64 outside_city, gint64 outside_alcaldia, gint64 rejected)
{
  g_assert_cmpint (cm_import_report_get_count (report, "added"), ==, added);
  g_assert_cmpint (cm_import_report_get_count (report, "updated"), ==, updated);
  g_assert_cmpint (cm_import_report_get_count (report, "duplicates"), ==, duplicates);
  g_assert_cmpint (cm_import_report_get_count (report, "outside_city"), ==, outside_city);
  g_assert_cmpint (cm_import_report_get_count (report, "outside_alcaldia"), ==, outside_alcaldia);
  g_assert_cmpint (cm_import_report_get_count (report, "rejected"), ==, rejected);
}

/* A byte-order mark, CRLF line ends, a header written loosely, quoted
 * fields with commas, a line break and doubled quotes. */
static const char good_file[] =
  "\xef\xbb\xbf id , NOMBRE,tipo ,Direccion,colonia,ALCALDÍA,latitud,Longitud,horario\r\n"
  "CC001,Comedor Centro,Comunitario,\"República de Cuba 12, int. 3\",Centro,Cuauhtémoc,19.4355,-99.1372,\"L-V 11:00-16:00\"\r\n"
  "cp002,\"El \"\"Buen\"\" Taco\",Comedor Público,\"Av. Ermita\nesq. Eje 6\",Santa Cruz,Iztapalapa,19.3571,-99.0620,\r\n"
  "CC003,Las Flores,Móvil,,San Mateo,Cuajimalpa,19.3560,-99.2990,\r\n"
  "CC004,La Loma,Comunitario,,San Jerónimo,magdalena contreras,19.3040,-99.2420,\r\n"
  "CC005,El Sauce,Comunitario,,Tetelpan,ALVARO OBREGON,19.3470,-99.2160,\r\n"
  "\r\n"
  "CC006,Sin Punto,Comunitario,,Centro,Tlalpan,,,\r\n";

static void
test_good_file (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CmRegistryImport) dry = preview (f, good_file, &error);
  g_autoptr(CmRegistryImport) import = NULL;
  g_autoptr(CmRegistryImport) again = NULL;
  CmImportReport *report;
  g_autofree char *name = NULL;
  g_autofree char *address = NULL;

  g_assert_no_error (error);
  report = cm_registry_import_get_report (dry);
  assert_counts (report, 6, 0, 0, 0, 0, 0);
  g_assert_cmpint (cm_test_db_int (f->db, "SELECT count(*) FROM canteen"), ==, 0);

  report = import_ok (f, good_file, &import);
  assert_counts (report, 6, 0, 0, 0, 0, 0);
  g_assert_cmpint (cm_test_db_int (f->db, "SELECT count(*) FROM canteen"), ==, 6);

  name = cm_test_db_text (f->db, "SELECT name FROM canteen WHERE folio = 'CP002'");
  g_assert_cmpstr (name, ==, "El \"Buen\" Taco");
  address = cm_test_db_text (f->db, "SELECT address FROM canteen WHERE folio = 'CP002'");
  g_assert_cmpstr (address, ==, "Av. Ermita\nesq. Eje 6");
  g_assert_cmpint (cm_test_db_int (f->db, "SELECT count(*) FROM canteen WHERE folio = 'CC001'"
                                          " AND address = 'República de Cuba 12, int. 3'"
                                          " AND alcaldia_code = '09015' AND latitude = 19.4355"
                                          " AND longitude = -99.1372 AND schedule = 'L-V 11:00-16:00'"
                                          " AND status = 'active'"), ==, 1);

  /* The rules' two words; any other Tipo as written. */
  g_assert_cmpint (cm_test_db_int (f->db, "SELECT count(*) FROM canteen WHERE modality = 'comunitario'"), ==, 4);
  g_assert_cmpint (cm_test_db_int (f->db, "SELECT count(*) FROM canteen WHERE folio = 'CP002' AND modality = 'publico'"), ==, 1);
  g_assert_cmpint (cm_test_db_int (f->db, "SELECT count(*) FROM canteen WHERE folio = 'CC003' AND modality = 'Móvil'"), ==, 1);

  /* Names normalised, and said so once per spelling; CP002 spans lines 3 and 4. */
  g_assert_cmpint (cm_test_db_int (f->db, "SELECT count(*) FROM canteen WHERE folio = 'CC003' AND alcaldia_code = '09004'"), ==, 1);
  g_assert_cmpint (cm_test_db_int (f->db, "SELECT count(*) FROM canteen WHERE folio = 'CC004' AND alcaldia_code = '09008'"), ==, 1);
  g_assert_cmpint (cm_test_db_int (f->db, "SELECT count(*) FROM canteen WHERE folio = 'CC005' AND alcaldia_code = '09010'"), ==, 1);
  g_assert_true (report_says (report, 5, "Cuajimalpa de Morelos"));
  g_assert_true (report_says (report, 6, "La Magdalena Contreras"));
  g_assert_true (report_says (report, 7, "Álvaro Obregón"));
  g_assert_false (report_says (report, 2, "read as"));
  /* No point: imported without one, and said. */
  g_assert_true (report_says (report, 9, "no point"));
  g_assert_cmpint (cm_test_db_int (f->db, "SELECT count(*) FROM canteen WHERE folio = 'CC006' AND latitude IS NULL"), ==, 1);

  /* Audited: each kitchen, then the import. */
  g_assert_cmpint (cm_test_db_int (f->db, "SELECT count(*) FROM audit WHERE action = 'import_add'"
                                          " AND entity = 'canteen' AND before IS NULL"), ==, 6);
  g_assert_cmpint (cm_test_db_int (f->db, "SELECT count(*) FROM audit WHERE action = 'import_registry'"
                                          " AND json_extract (after, '$.added') = 6"
                                          " AND json_extract (after, '$.file') = 'padron.csv'"), ==, 1);

  /* Idempotent. */
  report = import_ok (f, good_file, &again);
  assert_counts (report, 0, 0, 0, 0, 0, 0);
  g_assert_cmpint (cm_import_report_get_count (report, "unchanged"), ==, 6);
  g_assert_cmpint (cm_test_db_int (f->db, "SELECT count(*) FROM audit WHERE entity = 'canteen'"), ==, 6);
}

/* Only the registry's fields change; status, committee and reports stay. */
static void
test_update (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(CmRegistryImport) import = NULL;
  CmImportReport *report;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  cm_test_db_exec (f->db, "INSERT INTO canteen (folio, name, modality, address, alcaldia_code, latitude, longitude,"
                          "                     status, capacity, tablet_id)"
                          " VALUES ('CC010', 'Viejo nombre', 'comunitario', 'Calle 1', '09007', 19.35, -99.05,"
                          "         'suspended', 150, 'TAB-10')");
  cm_test_db_exec (f->db, "INSERT INTO committee_member (canteen_id, name, role, since)"
                          " SELECT id, 'María', 'presidenta', '2021-01-01' FROM canteen WHERE folio = 'CC010'");

  /* No Dirección column: the address stays. No point: the point stays. */
  report = import_ok (f,
                      "ID,Nombre,Tipo,Colonia,Alcaldía,Latitud,Longitud\n"
                      "CC010,Nuevo nombre,Comunitario,Santa Cruz,Iztapalapa,,\n",
                      &import);
  assert_counts (report, 0, 1, 0, 0, 0, 0);
  g_assert_cmpint (cm_test_db_int (f->db, "SELECT count(*) FROM canteen WHERE folio = 'CC010'"
                                          " AND name = 'Nuevo nombre' AND colonia = 'Santa Cruz'"
                                          " AND address = 'Calle 1' AND latitude = 19.35"
                                          " AND status = 'suspended' AND capacity = 150 AND tablet_id = 'TAB-10'"), ==, 1);
  g_assert_cmpint (cm_test_db_int (f->db, "SELECT count(*) FROM committee_member"), ==, 1);

  before = cm_test_db_text (f->db, "SELECT json_extract (before, '$.name') FROM audit WHERE action = 'import_update'");
  after = cm_test_db_text (f->db, "SELECT json_extract (after, '$.name') FROM audit WHERE action = 'import_update'");
  g_assert_cmpstr (before, ==, "Viejo nombre");
  g_assert_cmpstr (after, ==, "Nuevo nombre");
}

static void
test_rejected_rows (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(CmRegistryImport) import = NULL;
  CmImportReport *report;

  cm_test_db_exec (f->db, "INSERT INTO canteen (folio, name, modality, alcaldia_code)"
                          " VALUES ('CC020', 'Registrado', 'comunitario', '09007')");
  report = import_ok (f,
                      HEADER
                      "CC020,Uno,Comunitario,,,Iztapalapa,19.35,-99.05,\n"          /* 2: duplicate */
                      "CC021,Bueno,Comunitario,,,Iztapalapa,19.35,-99.05,\n"        /* 3 */
                      "CC022,Coma,Comunitario,,,Iztapalapa,\"19,35\",-99.05,\n"     /* 4: comma */
                      "CC023,Letras,Comunitario,,,Iztapalapa,19.35,oeste,\n"        /* 5 */
                      "cc020,Dos,Comunitario,,,Iztapalapa,19.36,-99.06,\n"          /* 6: duplicate */
                      "CC024,Narnia,Comunitario,,,Narnia,19.35,-99.05,\n"           /* 7 */
                      ",Sin folio,Comunitario,,,Iztapalapa,19.35,-99.05,\n"         /* 8 */
                      "CC025,Corta,Comunitario\n"                                   /* 9 */
                      "CC026,Al revés,Comunitario,,,Iztapalapa,-99.05,19.35,\n"     /* 10 */
                      "CC027,,Comunitario,,,Iztapalapa,19.35,-99.05,\n"             /* 11 */
                      "CC028,Sin tipo,,,,Iztapalapa,19.35,-99.05,\n"                /* 12 */
                      "CC029,Media,Comunitario,,,Iztapalapa,19.35,,\n"              /* 13 */
                      "CC020,Tres,Comunitario,,,Iztapalapa,19.37,-99.07,\n",        /* 14: duplicate */
                      &import);

  assert_counts (report, 1, 0, 1, 0, 0, 9);
  g_assert_true (report_says (report, 2, "CC020 is on lines 2, 6, 14"));
  g_assert_true (report_says (report, 4, "“19,35” is not a number"));
  g_assert_true (report_says (report, 5, "“oeste” is not a number"));
  g_assert_true (report_says (report, 7, "“Narnia”"));
  g_assert_true (report_says (report, 8, "no ID"));
  g_assert_true (report_says (report, 9, "3 fields"));
  g_assert_true (report_says (report, 10, "swapped"));
  g_assert_true (report_says (report, 11, "no name"));
  g_assert_true (report_says (report, 12, "no Tipo"));
  g_assert_true (report_says (report, 13, "both"));
  /* The duplicated kitchen stays as it was. */
  g_assert_cmpint (cm_test_db_int (f->db, "SELECT count(*) FROM canteen WHERE folio = 'CC020' AND name = 'Registrado'"), ==, 1);
  g_assert_cmpint (cm_test_db_int (f->db, "SELECT count(*) FROM canteen"), ==, 2);
}

static void
assert_file_refused (Fixture    *f,
                     const char *contents,
                     int         code,
                     const char *fragment)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CmRegistryImport) import = preview (f, contents, &error);

  g_assert_null (import);
  g_assert_error (error, CM_IMPORT_ERROR, code);
  if (strstr (error->message, fragment) == NULL)
    g_error ("“%s” does not say “%s”", error->message, fragment);
}

static void
test_broken_files (Fixture       *f,
                   gconstpointer  data)
{
  /* Latin-1, as a spreadsheet saves it by default: “Tláhuac” on line 3. */
  assert_file_refused (f, HEADER "CC001,Uno,Comunitario,,,Iztapalapa,19.35,-99.05,\n"
                          "CC002,Dos,Comunitario,,,Tl\xe1huac,19.28,-99.00,\n",
                       CM_IMPORT_ERROR_ENCODING, "Line 3");
  assert_file_refused (f, "ID,Nombre,Tipo,Alcaldía,Horario\nCC001,Uno,Comunitario,Iztapalapa,\n",
                       CM_IMPORT_ERROR_FORMAT, "“Latitud”, “Longitud”");
  assert_file_refused (f, "ID,Nombre,Tipo,Alcaldía,Latitud,Longitud,latitud\n",
                       CM_IMPORT_ERROR_FORMAT, "twice");
  assert_file_refused (f, "", CM_IMPORT_ERROR_FORMAT, "empty");
  assert_file_refused (f, HEADER "CC001,\"Uno,Comunitario,,,Iztapalapa,19.35,-99.05,\n",
                       CM_IMPORT_ERROR_FORMAT, "Line 2");
  g_assert_cmpint (cm_test_db_int (f->db, "SELECT count(*) FROM canteen"), ==, 0);
}

static void
test_outside (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(CmRegistryImport) before = NULL;
  g_autoptr(CmRegistryImport) after = NULL;
  g_autoptr(CmBoundaryImport) boundaries = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *collection = cm_test_grid_collection ();
  g_autofree char *path = cm_test_write_file (f->dir, "limites.geojson", collection, -1);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *csv = NULL;
  CmImportReport *report;
  double lat, lon, lat2, lon2;
  char s[4][G_ASCII_DTOSTR_BUF_SIZE];

  cm_test_grid_cell_center (5, &lat, &lon);    /* Iztapalapa's cell */
  cm_test_grid_cell_center (0, &lat2, &lon2);  /* Azcapotzalco's */
  csv = g_strdup_printf (HEADER
                         "CC001,Dentro,Comunitario,,,Iztapalapa,%s,%s,\n"
                         "CC002,En otra,Comunitario,,,Iztapalapa,%s,%s,\n"
                         "CC003,Guadalajara,Comunitario,,,Iztapalapa,20.6767,-103.3475,\n",
                         g_ascii_dtostr (s[0], sizeof s[0], lat), g_ascii_dtostr (s[1], sizeof s[1], lon),
                         g_ascii_dtostr (s[2], sizeof s[2], lat2), g_ascii_dtostr (s[3], sizeof s[3], lon2));

  /* Without boundaries: the city's box only. */
  before = preview (f, csv, &error);
  g_assert_no_error (error);
  report = cm_registry_import_get_report (before);
  assert_counts (report, 3, 0, 0, 1, 0, 0);
  g_assert_true (report_says (report, 4, "outside Mexico City"));

  boundaries = cm_boundary_import_new_from_file (f->db, file, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (cm_boundary_import_apply (boundaries, ACTOR, &error));

  report = import_ok (f, csv, &after);
  assert_counts (report, 3, 0, 0, 1, 1, 0);
  g_assert_true (report_says (report, 3, "outside Iztapalapa, in Azcapotzalco"));
  g_assert_true (report_says (report, 4, "outside Mexico City"));
  /* Imported all the same: the point is for a monitor to check. */
  g_assert_cmpint (cm_test_db_int (f->db, "SELECT count(*) FROM canteen"), ==, 3);
}

/* A failure at the last row leaves the kitchens and the audit as they were. */
static void
test_atomic (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CmRegistryImport) import = NULL;
  g_autoptr(GString) csv = g_string_new (HEADER);

  cm_test_db_exec (f->db, "INSERT INTO canteen (folio, name, modality, alcaldia_code)"
                          " VALUES ('CC000', 'Registrado', 'comunitario', '09007')");
  for (guint i = 0; i < 50; i++)
    g_string_append_printf (csv, "CC%03u,Comedor %u,Comunitario,,,Iztapalapa,19.35,-99.05,\n", i, i);
  cm_test_db_exec (f->db, "CREATE TRIGGER refuse_49 BEFORE INSERT ON canteen WHEN NEW.folio = 'CC049'"
                          " BEGIN SELECT RAISE (ABORT, 'refused'); END");

  import = preview (f, csv->str, &error);
  g_assert_no_error (error);
  assert_counts (cm_registry_import_get_report (import), 49, 1, 0, 0, 0, 0);
  g_assert_false (cm_registry_import_apply (import, ACTOR, &error));
  g_assert_error (error, CM_DB_ERROR, CM_DB_ERROR_QUERY);
  g_assert_cmpint (cm_test_db_int (f->db, "SELECT count(*) FROM canteen"), ==, 1);
  g_assert_cmpint (cm_test_db_int (f->db, "SELECT count(*) FROM canteen WHERE name = 'Registrado'"), ==, 1);
  g_assert_cmpint (cm_test_db_int (f->db, "SELECT count(*) FROM audit"), ==, 0);
}

/* The last lines of the CLI's output are the counts, in this order. */
static void
assert_ends_with_counts (const char *out,
                         gint64      added,
                         gint64      updated)
{
  g_auto(GStrv) lines = g_strsplit (out, "\n", -1);
  const char *keys[] = { "added", "updated", "duplicates", "outside_city", "outside_alcaldia", "rejected" };
  guint n = g_strv_length (lines);
  g_autofree char *added_line = g_strdup_printf ("added: %" G_GINT64_FORMAT, added);
  g_autofree char *updated_line = g_strdup_printf ("updated: %" G_GINT64_FORMAT, updated);

  g_assert_cmpuint (n, >=, G_N_ELEMENTS (keys) + 1);
  g_assert_cmpstr (lines[n - 1], ==, "");
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      const char *line = lines[n - 1 - G_N_ELEMENTS (keys) + i];

      g_assert_true (g_str_has_prefix (line, keys[i]));
      g_assert_true (g_regex_match_simple ("^[a-z_]+: [0-9]+$", line, 0, 0));
    }
  g_assert_cmpstr (lines[n - 7], ==, added_line);
  g_assert_cmpstr (lines[n - 6], ==, updated_line);
}

static void
test_cli (Fixture       *f,
          gconstpointer  data)
{
  g_autofree char *csv = cm_test_write_file (f->dir, "padron.csv", good_file, -1);
  g_autofree char *bad = cm_test_write_file (f->dir, "malo.csv", "ID,Nombre\nCC001,Uno\n", -1);
  g_autofree char *collection = cm_test_grid_collection ();
  g_autofree char *geojson = cm_test_write_file (f->dir, "limites.geojson", collection, -1);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_clear_object (&f->db);   /* the CLI opens the file itself */

  g_assert_cmpint (cm_test_run_cli (NULL, &out, &err, "--db", f->db_path, "import", "registry", csv,
                                    "--dry-run", NULL), ==, 0);
  assert_ends_with_counts (out, 6, 0);
  g_assert_nonnull (strstr (out, "Cuajimalpa de Morelos"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (cm_test_run_cli (NULL, &out, &err, "--db", f->db_path, "import", "registry", csv, NULL), ==, 0);
  assert_ends_with_counts (out, 6, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* The dry run changed nothing: the real one added them all; again, nothing. */
  g_assert_cmpint (cm_test_run_cli (NULL, &out, &err, "--db", f->db_path, "import", "registry", csv, NULL), ==, 0);
  assert_ends_with_counts (out, 0, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (cm_test_run_cli (NULL, &out, &err, "--db", f->db_path, "import", "boundaries", geojson, NULL), ==, 0);
  g_assert_true (g_str_has_suffix (out, "missing: 0\n"));
  g_assert_nonnull (strstr (out, "added: 16\n"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* Refused files: one sentence, a failure status, nothing on stdout. */
  g_assert_cmpint (cm_test_run_cli (NULL, &out, &err, "--db", f->db_path, "import", "registry", bad, NULL), ==, 1);
  g_assert_cmpstr (out, ==, "");
  g_assert_true (g_str_has_prefix (err, "comedores-cli: "));
  g_assert_nonnull (strstr (err, "Latitud"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (cm_test_run_cli (NULL, &out, &err, "--db", f->db_path, "import", "boundaries", csv, NULL), ==, 1);
  g_assert_nonnull (strstr (err, "GeoJSON"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (cm_test_run_cli (NULL, &out, &err, "--db", f->db_path, "import", "registry",
                                    "/nonexistent/padron.csv", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "/nonexistent/padron.csv"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (cm_test_run_cli (NULL, &out, &err, "--db", f->db_path, "import", "padron", csv, NULL), ==, 2);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/registry-import/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("good-file", test_good_file);
  ADD ("update", test_update);
  ADD ("rejected-rows", test_rejected_rows);
  ADD ("broken-files", test_broken_files);
  ADD ("outside", test_outside);
  ADD ("atomic", test_atomic);
  ADD ("cli", test_cli);

  return g_test_run ();
}
