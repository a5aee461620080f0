/* SPDX-License-Identifier: GPL-3.0-or-later */

/* The tables (CSV and XLSX) of kitchens, reports and check results, through
 * the core and through comedores-cli, read back: the CSV with our reader,
 * the XLSX with openpyxl (python3-openpyxl), as an analyst's tools would. */

#include "config.h"

#include <string.h>
#include <sys/wait.h>

#include <json-glib/json-glib.h>

#include "cm-csv.h"
#include "cm-csv-writer.h"
#include "cm-db.h"
#include "cm-table-export.h"
#include "cm-test-db.h"
#include "cm-test-util.h"
#include "cm-zip-writer.h"

static char *tmp_dir;
static char *db_path;
static CmDb *db;
static CmPeriod last_month;   /* the demo's last month with reports */

#define NASTY_NAME "=HYPERLINK(\"http://x\"), \"Hijos\" y\nsegunda línea"
#define NASTY_INCIDENT "-2+3 raciones"
#define AT_INCIDENT "@SUM(A1)"

static void
make_db (void)
{
  g_auto(GStrv) months = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = NULL;
  guint n;

  tmp_dir = cm_test_make_tmp_dir ("test-table-export");
  db_path = g_build_filename (tmp_dir, "tables.db", NULL);
  db = cm_test_db_new_checked (db_path, 24, 2);

  months = cm_table_export_list_months (db, &error);
  g_assert_no_error (error);
  n = g_strv_length (months);
  g_assert_cmpuint (n, >=, 2);
  cm_period_set_months (&last_month, months[n - 1], months[n - 1]);

  /* A kitchen whose name a spreadsheet would run, with a comma, quotes and
   * a line break; its reports carry a formula-like incident, and one a
   * negative fee (a correction), which must stay a number. */
  sql = g_strdup_printf ("INSERT INTO canteen (id, folio, name, modality, status, alcaldia_code, latitude, longitude)"
                         "  VALUES (9001, 'CC901', '%s', 'comunitario', 'active', '09007', 19.35, -99.06);"
                         "INSERT INTO report (instance_id, canteen_id, folio_sent, report_date, rations_paid,"
                         "  fee_cents, spending_cents, incidents, raw) VALUES"
                         "  ('uuid:nasty-1', 9001, 'CC901', '%s-02', 10, -1050, 123456, '%s', '{}'),"
                         "  ('uuid:nasty-2', 9001, 'CC901', '%s-03', 12, 13200, 0, '%s', '{}');",
                         NASTY_NAME, last_month.first_month, NASTY_INCIDENT,
                         last_month.first_month, AT_INCIDENT);
  cm_test_db_exec (db, sql);
}

static gint64
sql_count (const char *sql,
           const char *param)
{
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt = cm_db_prepare (db, sql, &error);
  gint64 value;

  g_assert_no_error (error);
  if (param != NULL)
    sqlite3_bind_text (stmt, 1, param, -1, SQLITE_TRANSIENT);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return value;
}

static char *
export (const CmTableExportOptions *options,
        const char                 *name,
        guint                      *n_rows)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (tmp_dir, name, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);

  g_assert_true (cm_table_export_to_file (db, options, file, n_rows, NULL, &error));
  g_assert_no_error (error);
  return g_steal_pointer (&path);
}

/* Every row of a CSV file, the header first. */
static GPtrArray *
read_csv (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autoptr(CmCsvReader) reader = NULL;
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  gsize length;
  GStrv fields;
  guint line;

  g_assert_true (g_file_get_contents (path, &text, &length, &error));
  g_assert_no_error (error);
  g_assert_true (g_utf8_validate (text, length, NULL));
  /* RFC 4180 line ends, after the byte order mark. */
  g_assert_true (g_str_has_prefix (text, "\xef\xbb\xbf"));
  g_assert_true (g_str_has_suffix (text, "\r\n"));

  reader = cm_csv_reader_new (text, length);
  while (cm_csv_reader_next (reader, &fields, &line, &error))
    g_ptr_array_add (rows, fields);
  g_assert_no_error (error);
  return rows;
}

static int
column_of (GPtrArray  *rows,
           const char *title)
{
  GStrv header = g_ptr_array_index (rows, 0);

  for (int i = 0; header[i] != NULL; i++)
    if (g_str_equal (header[i], title))
      return i;
  g_assert_not_reached ();
}

static GStrv
find_row (GPtrArray  *rows,
          const char *title,
          const char *value)
{
  int column = column_of (rows, title);

  for (guint i = 1; i < rows->len; i++)
    {
      GStrv row = g_ptr_array_index (rows, i);

      if (g_strcmp0 (row[column], value) == 0)
        return row;
    }
  return NULL;
}

static void
test_crc32 (void)
{
  g_assert_cmphex (cm_zip_crc32 (0, "123456789", 9), ==, 0xcbf43926);
  g_assert_cmphex (cm_zip_crc32 (cm_zip_crc32 (0, "1234", 4), "56789", 5), ==, 0xcbf43926);
  g_assert_cmphex (cm_zip_crc32 (0, "", 0), ==, 0);
}

static void
test_csv_writer (void)
{
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(CmCsvWriter) writer = cm_csv_writer_new (out);
  g_autoptr(GError) error = NULL;
  CmCell cells[8];
  const char *expected =
    "\xef\xbb\xbf" "plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",'=1+1,\"'-x,y\",-10.50,'\tt\r\n";

  cm_cell_set_text (&cells[0], "plain");
  cm_cell_set_text (&cells[1], "a,b");
  cm_cell_set_text (&cells[2], "say \"hi\"");
  cm_cell_set_text (&cells[3], "two\nlines");
  cm_cell_set_text (&cells[4], "=1+1");
  cm_cell_set_text (&cells[5], "-x,y");
  cm_cell_set_money (&cells[6], -1050);
  cm_cell_set_text (&cells[7], "\tt");
  g_assert_true (cm_csv_writer_write_row (writer, cells, G_N_ELEMENTS (cells), NULL, &error));
  g_assert_true (cm_csv_writer_finish (writer, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_output_stream_close (out, NULL, NULL));
  g_assert_cmpuint (g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (out)), ==, strlen (expected));
  g_assert_cmpmem (g_memory_output_stream_get_data (G_MEMORY_OUTPUT_STREAM (out)), strlen (expected),
                   expected, strlen (expected));
}

static void
test_csv_tables (void)
{
  CmTableExportOptions options;
  g_autofree char *kitchens_path = NULL;
  g_autofree char *reports_path = NULL;
  g_autofree char *checks_path = NULL;
  g_autoptr(GPtrArray) kitchens = NULL;
  g_autoptr(GPtrArray) reports = NULL;
  g_autoptr(GPtrArray) checks = NULL;
  GStrv row;
  guint n = 0;

  cm_table_export_options_init (&options, CM_TABLE_KITCHENS, CM_TABLE_FORMAT_CSV);
  options.has_period = TRUE;
  options.period = last_month;
  kitchens_path = export (&options, "kitchens.csv", &n);
  kitchens = read_csv (kitchens_path);
  g_assert_cmpuint (n, ==, sql_count ("SELECT count (*) FROM canteen", NULL));
  g_assert_cmpuint (kitchens->len, ==, n + 1);
  g_assert_cmpstr (((GStrv) g_ptr_array_index (kitchens, 0))[0], ==, "Folio");
  /* The name comes back whole, guarded. */
  row = find_row (kitchens, "Folio", "CC901");
  g_assert_nonnull (row);
  g_assert_cmpstr (row[column_of (kitchens, "Name")], ==, "'" NASTY_NAME);
  g_assert_cmpstr (row[column_of (kitchens, "Reports in the period")], ==, "2");
  g_assert_cmpstr (row[column_of (kitchens, "Fee collected in the period")], ==, "121.50");
  g_assert_cmpstr (row[column_of (kitchens, "Latitude")], ==, "19.350000");
  g_assert_cmpstr (row[column_of (kitchens, "Longitude")], ==, "-99.060000");

  cm_table_export_options_init (&options, CM_TABLE_REPORTS, CM_TABLE_FORMAT_CSV);
  options.has_period = TRUE;
  options.period = last_month;
  reports_path = export (&options, "reports.csv", &n);
  reports = read_csv (reports_path);
  g_assert_cmpuint (n, ==, sql_count ("SELECT count (*) FROM report WHERE substr (report_date, 1, 7) = ?1",
                                      last_month.first_month));
  g_assert_cmpuint (reports->len, ==, n + 1);
  row = find_row (reports, "Instance ID", "uuid:nasty-1");
  g_assert_nonnull (row);
  g_assert_cmpstr (row[column_of (reports, "Kitchen")], ==, "'" NASTY_NAME);
  g_assert_cmpstr (row[column_of (reports, "Incidents")], ==, "'" NASTY_INCIDENT);
  g_assert_cmpstr (row[column_of (reports, "Fee collected")], ==, "-10.50");
  g_assert_cmpstr (row[column_of (reports, "Spending")], ==, "1234.56");
  row = find_row (reports, "Instance ID", "uuid:nasty-2");
  g_assert_cmpstr (row[column_of (reports, "Incidents")], ==, "'" AT_INCIDENT);
  /* By date: the first data row is of the first day of the month. */
  g_assert_true (g_str_has_prefix (((GStrv) g_ptr_array_index (reports, 1))[0], last_month.first_month));

  cm_table_export_options_init (&options, CM_TABLE_CHECKS, CM_TABLE_FORMAT_CSV);
  options.has_period = TRUE;
  options.period = last_month;
  checks_path = export (&options, "checks.csv", &n);
  checks = read_csv (checks_path);
  g_assert_cmpuint (n, >, 0);
  g_assert_cmpuint (n, ==, sql_count ("SELECT count (*) FROM check_result WHERE period = ?1",
                                      last_month.first_month));
  g_assert_cmpuint (checks->len, ==, n + 1);
  row = g_ptr_array_index (checks, 1);
  g_assert_cmpstr (row[column_of (checks, "Month")], ==, last_month.first_month);
  g_assert_cmpstr (row[column_of (checks, "Rule")], !=, "");
  g_assert_cmpstr (row[column_of (checks, "Evidence")], !=, "");
}

static void
test_kitchen_filter (void)
{
  CmTableExportOptions options;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *path = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  gint64 wanted[] = { 1, 2, 9001 };
  guint n = 0;

  g_array_append_vals (ids, wanted, G_N_ELEMENTS (wanted));
  cm_table_export_options_init (&options, CM_TABLE_REPORTS, CM_TABLE_FORMAT_CSV);
  options.has_period = TRUE;
  options.period = last_month;
  options.kitchen_ids = ids;
  path = export (&options, "filtered.csv", &n);
  rows = read_csv (path);
  g_assert_cmpuint (n, ==, sql_count ("SELECT count (*) FROM report WHERE canteen_id IN (1, 2, 9001)"
                                      " AND substr (report_date, 1, 7) = ?1", last_month.first_month));
  g_assert_cmpuint (n, >, 2);
  for (guint i = 1; i < rows->len; i++)
    {
      const char *folio = ((GStrv) g_ptr_array_index (rows, i))[1];

      g_assert_true (g_str_equal (folio, "CC901") ||
                     sql_count ("SELECT id IN (1, 2) FROM canteen WHERE folio = ?1", folio) == 1);
    }

  g_clear_pointer (&path, g_free);
  options.table = CM_TABLE_KITCHENS;
  path = export (&options, "filtered-kitchens.csv", &n);
  g_assert_cmpuint (n, ==, 3);
}

/* A python3 that has openpyxl, or NULL. */
static char *
find_openpyxl (void)
{
  const char *candidates[] = { "/usr/bin/python3", "python3" };

  for (guint i = 0; i < G_N_ELEMENTS (candidates); i++)
    {
      g_autofree char *python = g_find_program_in_path (candidates[i]);
      const char *argv[] = { python, "-c", "import openpyxl", NULL };
      int status = -1;

      if (python != NULL &&
          g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                        NULL, NULL, NULL, NULL, &status, NULL) &&
          WIFEXITED (status) && WEXITSTATUS (status) == 0)
        return g_steal_pointer (&python);
    }
  return NULL;
}

/* The workbook as openpyxl reads it: the sheet's title, frozen pane, bold
 * header, then each row's values with their Python type and format. */
static const char openpyxl_script[] =
  "import json, sys, datetime, openpyxl\n"
  "wb = openpyxl.load_workbook(sys.argv[1])\n"
  "ws = wb.worksheets[0]\n"
  "def cell(c):\n"
  "    v = c.value\n"
  "    if isinstance(v, datetime.datetime): v = v.date().isoformat()\n"
  "    return [v, type(c.value).__name__, c.number_format]\n"
  "rows = [[cell(c) for c in r] for r in ws.iter_rows()]\n"
  "print(json.dumps({'sheets': len(wb.worksheets), 'title': ws.title, 'freeze': ws.freeze_panes,\n"
  "                  'bold': bool(ws['A1'].font.b), 'width_b': ws.column_dimensions['B'].width,\n"
  "                  'rows': rows}))\n";

static JsonObject *
read_xlsx (const char *python,
           const char *path,
           JsonParser *parser)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char *argv[] = { python, "-c", openpyxl_script, path, NULL };
  int status = -1;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err,
                               &status, &error));
  g_assert_no_error (error);
  if (!WIFEXITED (status) || WEXITSTATUS (status) != 0)
    g_error ("openpyxl could not read %s: %s", path, err);
  g_assert_true (json_parser_load_from_data (parser, out, -1, &error));
  g_assert_no_error (error);
  return json_node_get_object (json_parser_get_root (parser));
}

static JsonArray *
xlsx_row_with (JsonObject *book,
               guint       column,
               const char *value)
{
  JsonArray *rows = json_object_get_array_member (book, "rows");

  for (guint i = 1; i < json_array_get_length (rows); i++)
    {
      JsonArray *row = json_array_get_array_element (rows, i);
      JsonArray *cell = json_array_get_array_element (row, column);

      if (JSON_NODE_HOLDS_VALUE (json_array_get_element (cell, 0)) &&
          g_strcmp0 (json_array_get_string_element (cell, 0), value) == 0)
        return row;
    }
  return NULL;
}

static const char *
xlsx_type (JsonArray *row,
           guint      column)
{
  return json_array_get_string_element (json_array_get_array_element (row, column), 1);
}

static void
test_xlsx (void)
{
  g_autofree char *python = find_openpyxl ();
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonParser) parser2 = json_parser_new ();
  g_autofree char *path = NULL;
  g_autofree char *kitchens_path = NULL;
  CmTableExportOptions options;
  JsonObject *book;
  JsonArray *row, *cell;
  guint n = 0;

  if (python == NULL)
    {
      g_test_skip ("python3-openpyxl is not installed");
      return;
    }

  cm_table_export_options_init (&options, CM_TABLE_REPORTS, CM_TABLE_FORMAT_XLSX);
  options.has_period = TRUE;
  options.period = last_month;
  path = export (&options, "reports.xlsx", &n);
  book = read_xlsx (python, path, parser);

  g_assert_cmpint (json_object_get_int_member (book, "sheets"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (book, "title"), ==, "Reports");
  g_assert_cmpstr (json_object_get_string_member (book, "freeze"), ==, "A2");
  g_assert_true (json_object_get_boolean_member (book, "bold"));
  g_assert_cmpfloat (json_object_get_double_member (book, "width_b"), >, 5);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (book, "rows")), ==, n + 1);
  g_assert_cmpuint (n, ==, sql_count ("SELECT count (*) FROM report WHERE substr (report_date, 1, 7) = ?1",
                                      last_month.first_month));

  row = xlsx_row_with (book, 5, "uuid:nasty-1");
  g_assert_nonnull (row);
  /* Text guarded, numbers numbers (a negative fee too), money formatted,
   * the date a date. */
  cell = json_array_get_array_element (row, 2);
  g_assert_cmpstr (json_array_get_string_element (cell, 0), ==, "'" NASTY_NAME);
  cell = json_array_get_array_element (row, 18);
  g_assert_cmpstr (json_array_get_string_element (cell, 0), ==, "'" NASTY_INCIDENT);
  cell = json_array_get_array_element (row, 8);
  g_assert_cmpstr (xlsx_type (row, 8), ==, "float");
  g_assert_cmpfloat_with_epsilon (json_array_get_double_element (cell, 0), -10.5, 1e-9);
  g_assert_cmpstr (json_array_get_string_element (cell, 2), ==, "$#,##0.00");
  g_assert_cmpstr (xlsx_type (row, 6), ==, "int");
  g_assert_cmpint (json_array_get_int_element (json_array_get_array_element (row, 6), 0), ==, 10);
  g_assert_cmpstr (xlsx_type (row, 0), ==, "datetime");
  g_assert_true (g_str_has_prefix (json_array_get_string_element (json_array_get_array_element (row, 0), 0),
                                   last_month.first_month));
  row = xlsx_row_with (book, 5, "uuid:nasty-2");
  g_assert_cmpstr (json_array_get_string_element (json_array_get_array_element (row, 18), 0), ==,
                   "'" AT_INCIDENT);

  cm_table_export_options_init (&options, CM_TABLE_KITCHENS, CM_TABLE_FORMAT_XLSX);
  kitchens_path = export (&options, "kitchens.xlsx", &n);
  book = read_xlsx (python, kitchens_path, parser2);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (book, "rows")), ==,
                    sql_count ("SELECT count (*) + 1 FROM canteen", NULL));
  row = xlsx_row_with (book, 0, "CC901");
  g_assert_nonnull (row);
  g_assert_cmpstr (xlsx_type (row, 8), ==, "float");   /* latitude */
  g_assert_cmpstr (json_array_get_string_element (json_array_get_array_element (row, 4), 0), ==, "09007");
}

static void
assert_same_file (const char *a,
                  const char *b)
{
  g_autofree char *x = NULL;
  g_autofree char *y = NULL;
  gsize nx, ny;

  g_assert_true (g_file_get_contents (a, &x, &nx, NULL));
  g_assert_true (g_file_get_contents (b, &y, &ny, NULL));
  g_assert_cmpmem (x, nx, y, ny);
}

static void
test_identical (void)
{
  for (CmTableFormat format = CM_TABLE_FORMAT_CSV; format <= CM_TABLE_FORMAT_XLSX; format++)
    for (CmTable table = CM_TABLE_KITCHENS; table <= CM_TABLE_CHECKS; table++)
      {
        CmTableExportOptions options;
        g_autofree char *a = NULL;
        g_autofree char *b = NULL;
        g_autofree char *name_a = g_strdup_printf ("same-a-%d.%d", table, format);
        g_autofree char *name_b = g_strdup_printf ("same-b-%d.%d", table, format);

        cm_table_export_options_init (&options, table, format);
        a = export (&options, name_a, NULL);
        b = export (&options, name_b, NULL);
        assert_same_file (a, b);
      }
}

/* A cancelled export leaves the file it would have replaced as it was, and
 * nothing of its own beside it. */
static void
test_cancelled (void)
{
  g_autofree char *dir = g_build_filename (tmp_dir, "cancel", NULL);
  g_autofree char *path = g_build_filename (dir, "reports.xlsx", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) listing = NULL;
  g_autofree char *text = NULL;
  CmTableExportOptions options;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (path, "old", -1, NULL));
  cm_table_export_options_init (&options, CM_TABLE_REPORTS, CM_TABLE_FORMAT_XLSX);
  g_cancellable_cancel (cancellable);
  g_assert_false (cm_table_export_to_file (db, &options, file, NULL, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  g_assert_cmpstr (text, ==, "old");
  listing = g_dir_open (dir, 0, NULL);
  g_assert_cmpstr (g_dir_read_name (listing), ==, "reports.xlsx");
  g_assert_null (g_dir_read_name (listing));
}

static void
test_parse (void)
{
  g_autoptr(GError) error = NULL;
  CmTable table;
  CmTableFormat format;

  g_assert_true (cm_table_parse ("checks", &table, NULL));
  g_assert_cmpint (table, ==, CM_TABLE_CHECKS);
  g_assert_false (cm_table_parse ("comedores", &table, &error));
  g_assert_error (error, CM_TABLE_EXPORT_ERROR, CM_TABLE_EXPORT_ERROR_UNKNOWN_TABLE);
  g_assert_nonnull (strstr (error->message, "“comedores”"));
  g_clear_error (&error);
  g_assert_false (cm_table_format_parse ("ods", &format, &error));
  g_assert_error (error, CM_TABLE_EXPORT_ERROR, CM_TABLE_EXPORT_ERROR_UNKNOWN_FORMAT);
}

static int
run_cli (char **err,
         ...)
{
  const char *cli = g_getenv ("COMEDORES_CLI");
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) envp = g_environ_setenv (g_get_environ (), "XDG_DATA_HOME", tmp_dir, TRUE);
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
test_cli (void)
{
  g_autofree char *out = g_build_filename (tmp_dir, "cli-reports.csv", NULL);
  g_autofree char *out2 = g_build_filename (tmp_dir, "cli-reports-2.csv", NULL);
  g_autofree char *core = NULL;
  g_autofree char *period = cm_period_to_string (&last_month);
  g_autofree char *err = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  CmTableExportOptions options;
  guint n = 0;

  g_assert_cmpint (run_cli (&err, "--db", db_path, "export", "csv", "reports", "--period", period,
                            "-o", out, NULL), ==, 0);
  rows = read_csv (out);
  g_assert_cmpuint (rows->len - 1, ==, sql_count ("SELECT count (*) FROM report WHERE substr (report_date, 1, 7) = ?1",
                                                  last_month.first_month));
  g_assert_nonnull (strstr (err, "rows to"));
  g_clear_pointer (&err, g_free);

  /* The CLI and the core write the same bytes; --output is -o. */
  cm_table_export_options_init (&options, CM_TABLE_REPORTS, CM_TABLE_FORMAT_CSV);
  options.has_period = TRUE;
  options.period = last_month;
  core = export (&options, "core-reports.csv", &n);
  assert_same_file (out, core);
  g_assert_cmpint (run_cli (&err, "--db", db_path, "export", "csv", "reports", "--period", period,
                            "--output", out2, NULL), ==, 0);
  assert_same_file (out2, core);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_cli (&err, "--db", db_path, "export", "xlsx", "checks", "-o", out2, NULL), ==, 0);
  g_clear_pointer (&err, g_free);

  /* Mistakes: a period, a table, a missing file; nothing written. */
  g_assert_cmpint (run_cli (&err, "--db", db_path, "export", "csv", "reports", "--period", "2026-13",
                            "-o", out, NULL), ==, 2);
  g_assert_nonnull (strstr (err, "2026-13"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (&err, "--db", db_path, "export", "csv", "comedores", "-o", out, NULL), ==, 2);
  g_assert_nonnull (strstr (err, "kitchens, reports or checks"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (&err, "--db", db_path, "export", "xlsx", "kitchens", NULL), ==, 2);
  g_assert_nonnull (strstr (err, "-o FILE"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (&err, "--db", db_path, "export", "xlsx", NULL), ==, 2);
  g_assert_nonnull (strstr (err, "kitchens, reports or checks"));
  g_clear_pointer (&err, g_free);
  /* A folder that is not there: a failure, with the reason. */
  g_assert_cmpint (run_cli (&err, "--db", db_path, "export", "csv", "kitchens", "-o",
                            "/nonexistent-dir/k.csv", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "comedores-cli: "));
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);
  make_db ();

  g_test_add_func ("/table-export/crc32", test_crc32);
  g_test_add_func ("/table-export/csv-writer", test_csv_writer);
  g_test_add_func ("/table-export/parse", test_parse);
  g_test_add_func ("/table-export/csv-tables", test_csv_tables);
  g_test_add_func ("/table-export/kitchen-filter", test_kitchen_filter);
  g_test_add_func ("/table-export/xlsx", test_xlsx);
  g_test_add_func ("/table-export/identical", test_identical);
  g_test_add_func ("/table-export/cancelled", test_cancelled);
  g_test_add_func ("/table-export/cli", test_cli);

  ret = g_test_run ();
  g_clear_object (&db);
  cm_test_remove_tree (tmp_dir);
  g_free (db_path);
  g_free (tmp_dir);
  return ret;
}
