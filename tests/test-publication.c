/* SPDX-License-Identifier: GPL-3.0-or-later */

/* The published PDFs, made through comedores-cli and read back with
 * poppler's pdftotext and pdfinfo: the figures SQL gives, literal names,
 * page counts, byte-identical exports and verification. */

#include "config.h"

#include <locale.h>

#include "cm-db.h"
#include "cm-finding.h"
#include "cm-manifest.h"
#include "cm-publication.h"
#include "cm-review.h"
#include "cm-sanction.h"
#include "cm-test-db.h"
#include "cm-test-sim.h"
#include "cm-test-util.h"
#include "cm-text.h"

/* Comedor’s name from data that looks like markup and like a formula. */
#define MARKUP_NAME "Comedor <b>&amp; “Niñ@s” & =SUMA(A1) <i>sin cerrar"

typedef struct
{
  char  *dir;
  char  *db_path;
  CmDb  *db;
  char  *folio;
  char  *month;      /* the last whole month of the demo's reports */
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *last = NULL;

  f->dir = cm_test_make_tmp_dir ("publication");
  f->db_path = g_build_filename (f->dir, "comedores.db", NULL);
  f->db = cm_test_db_new_checked (f->db_path, 40, 3);
  f->folio = cm_test_db_text (f->db, "SELECT c.folio FROM canteen c WHERE c.status = 'active'"
                                     " AND (SELECT count(*) FROM report r WHERE r.canteen_id = c.id) > 20"
                                     " ORDER BY c.folio LIMIT 1");
  last = cm_test_db_text (f->db, "SELECT max (report_date) FROM report");
  /* The month before the last report's, whole. */
  f->month = cm_test_db_text (f->db, "SELECT strftime ('%Y-%m', (SELECT max (report_date) FROM report),"
                                     " 'start of month', '-1 month')");
  g_assert_nonnull (f->folio);
  g_assert_nonnull (last);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->db);
  cm_test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->db_path);
  g_free (f->folio);
  g_free (f->month);
}

static char *
run_tool (const char *tool,
          const char *path,
          const char *option)
{
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  char *out = NULL;

  if (option != NULL)
    process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, tool, option, path, "-", NULL);
  else
    process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, tool, path, NULL);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (process, NULL, NULL, &out, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_successful (process));
  return out;
}

/* COMEDORES_PDF_DIR: where to keep a copy of the PDFs, to look at them. */
static void
keep (const char *path)
{
  const char *dir = g_getenv ("COMEDORES_PDF_DIR");
  g_autofree char *name = g_path_get_basename (path);
  g_autofree char *target = NULL;
  g_autofree char *contents = NULL;
  gsize length;

  if (dir == NULL || !g_file_get_contents (path, &contents, &length, NULL))
    return;
  target = g_build_filename (dir, name, NULL);
  g_file_set_contents (target, contents, length, NULL);
}

static char *
pdf_text (const char *path)
{
  return run_tool ("pdftotext", path, "-layout");
}

static guint
pdf_pages (const char *path)
{
  g_autofree char *info = run_tool ("pdfinfo", path, NULL);
  const char *line = strstr (info, "\nPages:");

  g_assert_nonnull (line);
  return (guint) g_ascii_strtoull (line + strlen ("\nPages:"), NULL, 10);
}

static void
assert_contains (const char *haystack,
                 const char *needle)
{
  if (strstr (haystack, needle) == NULL)
    g_error ("“%s” is not in the text:\n%s", needle, haystack);
}

/* Binary-safe strstr(). */
static char *
find_in (char       *data,
         gsize       length,
         const char *needle)
{
  gsize n = strlen (needle);

  for (gsize i = 0; i + n <= length; i++)
    if (memcmp (data + i, needle, n) == 0)
      return data + i;
  return NULL;
}

static GBytes *
load (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (path);
  GBytes *bytes = g_file_load_bytes (file, NULL, NULL, &error);

  g_assert_no_error (error);
  return bytes;
}

static void
export_kitchen (Fixture    *f,
                const char *path)
{
  g_autofree char *err = NULL;
  int status = cm_test_run_cli (NULL, NULL, &err, "--db", f->db_path, "export", "pdf", "kitchen", f->folio,
                                "--period", f->month, "-o", path, NULL);

  g_assert_cmpint (status, ==, 0);
}

static char *
sql_figure (Fixture    *f,
            const char *expression,
            gboolean    money)
{
  g_autofree char *sql = g_strdup_printf ("SELECT %s FROM report r JOIN canteen c ON c.id = r.canteen_id"
                                          " WHERE c.folio = '%s' AND substr (r.report_date, 1, 7) = '%s'",
                                          expression, f->folio, f->month);
  gint64 value = cm_test_db_int (f->db, sql);

  return money ? cm_text_format_money (value) : cm_text_format_count (value);
}

static void
test_kitchen_report (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *a = g_build_filename (f->dir, "a.pdf", NULL);
  g_autofree char *b = g_build_filename (f->dir, "b.pdf", NULL);
  g_autofree char *text = NULL;
  g_autofree char *reports = sql_figure (f, "count(*)", FALSE);
  g_autofree char *paid = sql_figure (f, "sum (r.rations_paid)", FALSE);
  g_autofree char *free_rations = sql_figure (f, "sum (r.rations_free)", FALSE);
  g_autofree char *fee = sql_figure (f, "sum (r.fee_cents)", TRUE);
  g_autofree char *spending = sql_figure (f, "sum (r.spending_cents)", TRUE);
  g_autofree char *update = g_strdup_printf ("UPDATE canteen SET name = '" MARKUP_NAME "' WHERE folio = '%s'",
                                             f->folio);
  g_autoptr(GBytes) first = NULL;
  g_autoptr(GBytes) second = NULL;
  g_autoptr(CmDocument) document = NULL;
  g_autoptr(GError) error = NULL;
  CmPublicationOptions options = { CM_PUBLICATION_KITCHEN, f->folio };

  cm_test_db_exec (f->db, update);
  export_kitchen (f, a);
  export_kitchen (f, b);

  /* The same data and options, the same bytes. */
  first = load (a);
  second = load (b);
  g_assert_true (g_bytes_equal (first, second));

  text = pdf_text (a);
  assert_contains (text, f->folio);
  /* The name prints as written: not bold, not an entity, not a formula. */
  assert_contains (text, "Comedor <b>&amp; “Niñ@s” & =SUMA(A1) <i>sin cerrar");
  assert_contains (text, reports);
  assert_contains (text, paid);
  assert_contains (text, free_rations);
  assert_contains (text, fee);
  assert_contains (text, spending);
  assert_contains (text, "Automatic rules");
  assert_contains (text, "Signatures");

  /* pdfinfo counts the pages the document laid out, and each says so. */
  g_assert_true (cm_period_parse (f->month, &options.period, NULL));
  options.paper = CM_PAPER_LETTER;
  document = cm_publication_build (f->db, &options, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pdf_pages (a), ==, cm_document_get_n_pages (document));
  {
    g_autofree char *last_page = g_strdup_printf ("Page %u of %u", cm_document_get_n_pages (document),
                                                  cm_document_get_n_pages (document));

    assert_contains (text, last_page);
  }
}

/* A visit in the month after the period, reviewing it, signed; a finding
 * raised at it; a warning decided on the last day of the data. */
static void
add_records (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CmReview) review = NULL;
  g_autofree char *sql = g_strdup_printf ("SELECT id FROM canteen WHERE folio = '%s'", f->folio);
  g_autofree char *last_day = cm_test_db_text (f->db, "SELECT max (report_date) FROM report");
  gint64 canteen_id = cm_test_db_int (f->db, sql);
  GListModel *items;
  GDate visit, due;
  const char *refused = NULL;
  CmSanctionFields fields = { 0 };

  g_assert_true (cm_text_parse_date (last_day, &visit));
  review = cm_review_create (f->db, canteen_id, &visit, "Rosa Monitora", "Rosa Monitora", &error);
  g_assert_no_error (error);
  g_assert_true (cm_review_set_period (review, f->db, f->month, f->month, "Rosa Monitora", &error));
  g_assert_no_error (error);
  items = cm_review_get_items (review);
  for (guint i = 0; i < g_list_model_get_n_items (items); i++)
    {
      g_autoptr(CmReviewItem) item = g_list_model_get_item (items, i);
      const char *code = cm_review_item_get_code (item);
      gboolean no = refused == NULL;

      if (no)
        refused = g_intern_string (code);
      g_assert_true (cm_review_answer (review, f->db, code, no ? CM_REVIEW_ANSWER_NO : CM_REVIEW_ANSWER_YES,
                                       no ? "Sin <b>aviso</b> & a la vista" : NULL, "Rosa Monitora", &error));
      g_assert_no_error (error);
    }
  g_assert_true (cm_review_set_notes (review, f->db, "La cocina estaba limpia; faltó el padrón.",
                                      "Rosa Monitora", &error));
  g_assert_true (cm_review_sign (review, f->db, "Beatriz Supervisora", &error));
  g_assert_no_error (error);

  due = visit;
  g_date_add_days (&due, 10);
  g_assert_cmpint (cm_finding_open_from_review (f->db, cm_review_get_id (review), refused,
                                                "El aviso de privacidad no está a la vista.", &due,
                                                "Rosa Monitora", &error), >, 0);
  g_assert_no_error (error);

  fields.canteen_id = canteen_id;
  fields.kind = CM_SANCTION_WARNING;
  fields.decided_on = &visit;
  fields.decided_by = "Beatriz Supervisora";
  fields.reason = "Aviso de privacidad ausente en la visita";
  g_assert_cmpint (cm_sanction_record (f->db, &fields, NULL, "Beatriz Supervisora", &error), >, 0);
  g_assert_no_error (error);
}

static void
test_kitchen_records (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "records.pdf", NULL);
  g_autofree char *text = NULL;
  g_autofree char *out = NULL;

  add_records (f);
  export_kitchen (f, path);
  keep (path);
  text = pdf_text (path);
  assert_contains (text, "Latest signed review");
  assert_contains (text, "Rosa Monitora");
  assert_contains (text, "Beatriz Supervisora");
  assert_contains (text, "Sin <b>aviso</b> & a la vista");
  assert_contains (text, "La cocina estaba limpia; faltó el padrón.");
  assert_contains (text, "El aviso de privacidad no está a la vista.");
  assert_contains (text, "Aviso de privacidad ausente en la visita");
  assert_contains (text, "Warning");

  /* The programme report lists the kitchen among those with findings or
   * sanctions: the finding raised at the visit that reviewed the month. */
  {
    g_autofree char *programme = g_build_filename (f->dir, "records-programme.pdf", NULL);
    g_autofree char *programme_text = NULL;
    const char *section;

    g_assert_cmpint (cm_test_run_cli (NULL, NULL, NULL, "--db", f->db_path, "export", "pdf", "programme",
                                      "--period", f->month, "-o", programme, NULL), ==, 0);
    programme_text = pdf_text (programme);
    section = strstr (programme_text, "Kitchens with findings or sanctions");
    g_assert_nonnull (section);
    g_assert_nonnull (strstr (section, f->folio));
    g_assert_null (strstr (section, "No kitchen had a finding open"));
  }

  /* Decisions are in the manifest: one more since is a difference. */
  g_assert_cmpint (cm_test_run_cli (NULL, &out, NULL, "--db", f->db_path, "verify-pdf", path, NULL), ==, 0);
  g_clear_pointer (&out, g_free);
  {
    g_autoptr(GError) error = NULL;
    g_autofree char *sql = g_strdup_printf ("SELECT id FROM canteen WHERE folio = '%s'", f->folio);
    g_autofree char *day = cm_test_db_text (f->db, "SELECT decided_on FROM sanction");
    CmSanctionFields fields = { 0 };
    GDate decided;

    g_assert_true (cm_text_parse_date (day, &decided));
    fields.canteen_id = cm_test_db_int (f->db, sql);
    fields.kind = CM_SANCTION_WARNING;
    fields.decided_on = &decided;
    fields.decided_by = "Beatriz Supervisora";
    fields.reason = "Segunda amonestación";
    g_assert_cmpint (cm_sanction_record (f->db, &fields, NULL, "Beatriz Supervisora", &error), >, 0);
    g_assert_no_error (error);
  }
  g_assert_cmpint (cm_test_run_cli (NULL, &out, NULL, "--db", f->db_path, "verify-pdf", path, NULL), ==, 1);
  assert_contains (out, "The sanction ");
  assert_contains (out, "is in the database but not in the document");
}

/* Every word pdftotext finds lies within the margins (50 pt on Letter). */
static void
assert_within_margins (const char *path)
{
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GRegex) regex = g_regex_new ("<word xMin=\"([0-9.]+)\" yMin=\"[0-9.]+\" xMax=\"([0-9.]+)\"", 0, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  g_autofree char *out = NULL;
  guint words = 0;

  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, "pdftotext", "-bbox", path, "-", NULL);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (process, NULL, NULL, &out, NULL, &error));
  g_assert_no_error (error);

  for (g_regex_match (regex, out, 0, &match); g_match_info_matches (match); g_match_info_next (match, NULL))
    {
      g_autofree char *min = g_match_info_fetch (match, 1);
      g_autofree char *max = g_match_info_fetch (match, 2);

      g_assert_cmpfloat (g_ascii_strtod (min, NULL), >=, 49.5);
      g_assert_cmpfloat (g_ascii_strtod (max, NULL), <=, 612 - 49.5);
      words++;
    }
  g_assert_cmpuint (words, >, 100);
}

static void
test_long_names (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "long.pdf", NULL);
  g_autofree char *programme = g_build_filename (f->dir, "long-programme.pdf", NULL);
  g_autofree char *fonts = NULL;
  g_autofree char *update = g_strdup_printf ("UPDATE canteen SET name = 'Comedor Comunitario "
                                             "Supercalifragilisticoespialidosamenteextraordinarioylargo"
                                             "delbarriodeSanJuanBautistaTlaltenangoXochimilco y muchas"
                                             " palabras más para que el nombre ocupe varias líneas en"
                                             " cualquier tabla del informe', colonia = 'Ampliación"
                                             "PedregaldeSantoDomingoCoyoacánSegundaSecciónPoniente'"
                                             " WHERE folio = '%s'", f->folio);

  cm_test_db_exec (f->db, update);
  export_kitchen (f, path);
  g_assert_cmpint (cm_test_run_cli (NULL, NULL, NULL, "--db", f->db_path, "export", "pdf", "programme",
                                    "--period", f->month, "-o", programme, NULL), ==, 0);
  keep (path);
  /* Long names wrap, and a word wider than its column breaks: nothing
   * runs past the margins. */
  assert_within_margins (path);
  assert_within_margins (programme);

  /* Every font is embedded (as a subset). */
  fonts = run_tool ("pdffonts", path, NULL);
  g_assert_nonnull (strstr (fonts, " yes yes "));
  g_assert_null (strstr (fonts, " no "));
}

static void
test_programme_report (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "programme.pdf", NULL);
  g_autofree char *a4 = g_build_filename (f->dir, "programme-a4.pdf", NULL);
  g_autofree char *text = NULL;
  g_autofree char *info = NULL;
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM report WHERE canteen_id IS NOT NULL"
                                          " AND substr (report_date, 1, 7) = '%s'", f->month);
  g_autofree char *reports = cm_text_format_count (cm_test_db_int (f->db, sql));
  g_autofree char *spent_sql = g_strdup_printf ("SELECT sum (spending_cents) FROM report WHERE canteen_id IS NOT"
                                                " NULL AND substr (report_date, 1, 7) = '%s'", f->month);
  g_autofree char *spending = cm_text_format_money (cm_test_db_int (f->db, spent_sql));
  g_autofree char *kitchens = cm_text_format_count (cm_test_db_int (f->db, "SELECT count(*) FROM canteen"));
  char **pages;
  guint with_header = 0;

  g_assert_cmpint (cm_test_run_cli (NULL, NULL, NULL, "--db", f->db_path, "export", "pdf", "programme",
                                    "--period", f->month, "-o", path, NULL), ==, 0);
  g_assert_cmpint (cm_test_run_cli (NULL, NULL, NULL, "--db", f->db_path, "export", "pdf", "programme",
                                    "--period", f->month, "--paper", "a4", "-o", a4, NULL), ==, 0);

  keep (path);
  text = pdf_text (path);
  assert_contains (text, reports);
  assert_contains (text, spending);
  assert_contains (text, kitchens);
  assert_contains (text, "Kitchens by alcaldía");
  assert_contains (text, "Iztapalapa");
  assert_contains (text, "Note on method");

  info = run_tool ("pdfinfo", a4, NULL);
  assert_contains (info, "(A4)");
  g_clear_pointer (&info, g_free);
  info = run_tool ("pdfinfo", path, NULL);
  assert_contains (info, "(letter)");

  /* Its manifest holds every kitchen's records: a report edited since
   * names its kitchen. */
  {
    g_autofree char *out = NULL;
    g_autofree char *folio = cm_test_db_text (f->db, "SELECT c.folio FROM report r JOIN canteen c"
                                                     " ON c.id = r.canteen_id ORDER BY r.report_date DESC,"
                                                     " r.instance_id LIMIT 1");
    g_autofree char *expected = g_strdup_printf ("The record of kitchen %s changed", folio);
    g_autofree char *update = g_strdup_printf ("UPDATE report SET fee_cents = fee_cents + 1100"
                                               " WHERE id = (SELECT r.id FROM report r JOIN canteen c"
                                               " ON c.id = r.canteen_id WHERE c.folio = '%s'"
                                               " AND substr (r.report_date, 1, 7) = '%s' LIMIT 1)",
                                               folio, f->month);

    g_assert_cmpint (cm_test_run_cli (NULL, &out, NULL, "--db", f->db_path, "verify-pdf", path, NULL), ==, 0);
    g_clear_pointer (&out, g_free);
    cm_test_db_exec (f->db, update);
    g_assert_cmpint (cm_test_run_cli (NULL, &out, NULL, "--db", f->db_path, "verify-pdf", path, NULL), ==, 1);
    assert_contains (out, expected);
  }

  /* The missing-reports table runs past a page: its header comes again. */
  pages = g_strsplit (text, "\f", -1);
  for (guint i = 0; pages[i] != NULL; i++)
    with_header += strstr (pages[i], "Share missing") != NULL;
  g_strfreev (pages);
  g_assert_cmpuint (pdf_pages (path), >=, 3);
  g_assert_cmpuint (with_header, >=, 1);
}

static void
test_verify (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "kitchen.pdf", NULL);
  g_autofree char *tampered = g_build_filename (f->dir, "tampered.pdf", NULL);
  g_autofree char *stripped = g_build_filename (f->dir, "stripped.pdf", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *instance = NULL;
  g_autofree char *update = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  gsize length;
  char *copy;
  char *found;

  export_kitchen (f, path);
  g_assert_cmpint (cm_test_run_cli (NULL, &out, &err, "--db", f->db_path, "verify-pdf", path, NULL), ==, 0);
  assert_contains (out, "matches the database");

  /* A sync since, that brought nothing of this kitchen's period: the file
   * still matches (it is made again as of the data's time it states). */
  cm_test_db_exec (f->db, "INSERT INTO source (id, name, kind, base_url, form_id, created_at)"
                          " VALUES (1, 'central', 'central', 'https://central.example', 'f', '2030-01-01T00:00:00Z');"
                          "INSERT INTO sync_run (source_id, started_at, finished_at, state)"
                          " VALUES (1, '2030-01-01T00:00:00Z', '2030-01-01T00:05:00Z', 'ok')");
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (cm_test_run_cli (NULL, &out, NULL, "--db", f->db_path, "verify-pdf", path, NULL), ==, 0);
  assert_contains (out, "byte for byte");
  {
    /* While a new export states the new time, Mexico City's. */
    g_autofree char *again = g_build_filename (f->dir, "again.pdf", NULL);
    g_autofree char *text = NULL;

    export_kitchen (f, again);
    text = pdf_text (again);
    assert_contains (text, "December 31, 2029, 18:05");
  }

  /* The file edited (its title, which stays a valid PDF): the bytes no
   * longer are what the data give. */
  bytes = load (path);
  length = g_bytes_get_size (bytes);
  copy = g_memdup2 (g_bytes_get_data (bytes, NULL), length);
  found = find_in (copy, length, "/Title (Compliance report");
  g_assert_nonnull (found);
  found[strlen ("/Title (")] = 'K';
  g_assert_true (g_file_set_contents (tampered, copy, length, &error));
  g_assert_no_error (error);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (cm_test_run_cli (NULL, &out, NULL, "--db", f->db_path, "verify-pdf", tampered, NULL), ==, 1);
  assert_contains (out, "does not match");
  assert_contains (out, "changed after it was made");

  /* A file without a manifest says so. */
  found = find_in (copy, length, "comedores-manifest ");
  g_assert_nonnull (found);
  found[0] = 'C';
  g_assert_true (g_file_set_contents (stripped, copy, length, &error));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (cm_test_run_cli (NULL, NULL, &err, "--db", f->db_path, "verify-pdf", stripped, NULL), ==, 1);
  assert_contains (err, "carries no manifest");
  g_free (copy);

  /* A report edited since: verification names it. */
  instance = cm_test_db_text (f->db, "SELECT r.instance_id FROM report r JOIN canteen c ON c.id = r.canteen_id"
                                     " WHERE c.folio = (SELECT folio FROM canteen c2 WHERE c2.id = r.canteen_id)"
                                     " ORDER BY r.report_date DESC LIMIT 1");
  update = g_strdup_printf ("UPDATE report SET rations_paid = rations_paid + 7"
                            " WHERE canteen_id = (SELECT id FROM canteen WHERE folio = '%s')"
                            " AND substr (report_date, 1, 7) = '%s'"
                            " AND report_date = (SELECT min (report_date) FROM report r2"
                            "   WHERE r2.canteen_id = report.canteen_id AND substr (r2.report_date, 1, 7) = '%s')",
                            f->folio, f->month, f->month);
  cm_test_db_exec (f->db, update);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (cm_test_run_cli (NULL, &out, NULL, "--db", f->db_path, "verify-pdf", path, NULL), ==, 1);
  assert_contains (out, "The daily report ");
  assert_contains (out, "changed since the document was made");
  assert_contains (out, "does not match the database");
}

static void
test_spanish (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "es.pdf", NULL);
  g_autofree char *text = NULL;
  g_autofree char *fee = sql_figure (f, "sum (r.fee_cents)", TRUE);
  const char *localedir = g_getenv ("COMEDORES_LOCALEDIR");
  int status;

  if (localedir == NULL || setlocale (LC_ALL, "es_MX.UTF-8") == NULL)
    {
      g_test_skip ("the Spanish catalogue or the es_MX.UTF-8 locale is missing");
      return;
    }
  setlocale (LC_ALL, "C.UTF-8");
  add_records (f);

  g_setenv ("LC_ALL", "es_MX.UTF-8", TRUE);
  g_setenv ("LANGUAGE", "es", TRUE);
  status = cm_test_run_cli (NULL, NULL, NULL, "--db", f->db_path, "export", "pdf", "kitchen", f->folio,
                            "--period", f->month, "-o", path, NULL);
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  g_unsetenv ("LANGUAGE");
  g_assert_cmpint (status, ==, 0);
  keep (path);

  text = pdf_text (path);
  assert_contains (text, "Informe de cumplimiento");
  assert_contains (text, "Página 1 de");
  assert_contains (text, "Última revisión firmada");
  assert_contains (text, "Amonestación");
  /* Money as Mexico writes it, and dates written out in Spanish. */
  assert_contains (text, fee);
  g_assert_true (g_regex_match_simple ("[0-9]{1,2} de (enero|febrero|marzo|abril|mayo|junio|julio|agosto|"
                                       "septiembre|octubre|noviembre|diciembre) de 20[0-9]{2}", text, 0, 0));
}

static void
test_bad_requests (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "none.pdf", NULL);
  g_autofree char *err = NULL;

  g_assert_cmpint (cm_test_run_cli (NULL, NULL, &err, "--db", f->db_path, "export", "pdf", "kitchen", "ZZ999",
                                    "--period", f->month, "-o", path, NULL), ==, 1);
  assert_contains (err, "no kitchen with folio ZZ999");
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  /* A folder that is not there: a clear sentence, no file. */
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (cm_test_run_cli (NULL, NULL, &err, "--db", f->db_path, "export", "pdf", "programme",
                                    "--period", f->month, "-o", "/nonexistent-dir/p.pdf", NULL), ==, 1);
  assert_contains (err, "/nonexistent-dir/p.pdf");
  assert_contains (err, "No such file or directory");

  g_clear_pointer (&err, g_free);
  g_assert_cmpint (cm_test_run_cli (NULL, NULL, &err, "--db", f->db_path, "export", "pdf", "programme",
                                    "--period", "2026-13", "-o", path, NULL), ==, 2);
  assert_contains (err, "is not a period");

  g_clear_pointer (&err, g_free);
  g_assert_cmpint (cm_test_run_cli (NULL, NULL, &err, "--db", f->db_path, "export", "pdf", "programme",
                                    "--period", f->month, "--paper", "legal", "-o", path, NULL), ==, 2);
  assert_contains (err, "letter or a4");
}

static void
test_every_kitchen (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *dir = g_build_filename (f->dir, "kitchens", NULL);
  g_autoptr(GDir) listing = NULL;
  g_autoptr(GError) error = NULL;
  guint n = 0;

  /* A kitchen closed long before: its report says so. */
  g_autofree char *closed = cm_test_db_text (f->db, "SELECT folio FROM canteen ORDER BY folio DESC LIMIT 1");
  g_autofree char *close = g_strdup_printf ("UPDATE canteen SET status = 'closed', opened_on = '2019-02-01',"
                                            " closed_on = '2020-03-02' WHERE folio = '%s'", closed);
  g_autofree char *closed_path = NULL;
  g_autofree char *closed_text = NULL;

  cm_test_db_exec (f->db, close);
  g_assert_cmpint (cm_test_run_cli (NULL, NULL, NULL, "--db", f->db_path, "export", "pdf", "kitchens",
                                    "--period", f->month, "--out", dir, NULL), ==, 0);
  closed_path = g_strdup_printf ("%s/compliance-%s-%s.pdf", dir, closed, f->month);
  closed_text = pdf_text (closed_path);
  assert_contains (closed_text, "The kitchen closed on March 2, 2020, before this period.");
  listing = g_dir_open (dir, 0, &error);
  g_assert_no_error (error);
  while (g_dir_read_name (listing) != NULL)
    n++;
  g_assert_cmpuint (n, ==, cm_test_db_int (f->db, "SELECT count(*) FROM canteen"));
}

/* A PDF whose information sits in a compressed object stream (newer
 * cairo writes them): the manifest is found there too. */
static void
test_manifest_in_stream (void)
{
  g_autoptr(CmManifest) manifest = cm_manifest_new ("kitchen");
  g_autoptr(CmManifest) found = NULL;
  g_autoptr(GConverter) deflater = G_CONVERTER (g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_ZLIB, 6));
  g_autoptr(GByteArray) pdf = g_byte_array_new ();
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) differences = NULL;
  g_autofree char *keywords = NULL;
  g_autofree char *object = NULL;
  g_autofree char *head = NULL;
  const char *tail = "\nendstream\nendobj\n%%EOF\n";
  guchar packed[65536];
  gsize read, written;

  cm_manifest_set_option (manifest, "folio", "CC001");
  cm_manifest_set_option (manifest, "period", "2026-10");
  cm_manifest_add_record (manifest, "report", "uuid:1", "a", -1);
  keywords = cm_manifest_to_keywords (manifest);
  object = g_strdup_printf ("<< /Keywords (%s) /Creator (x) >>", keywords);
  g_assert_cmpint (g_converter_convert (deflater, object, strlen (object), packed, sizeof packed,
                                        G_CONVERTER_INPUT_AT_END, &read, &written, &error),
                   ==, G_CONVERTER_FINISHED);
  g_assert_no_error (error);

  head = g_strdup_printf ("%%PDF-1.7\n5 0 obj\n<< /Type /ObjStm /Length %" G_GSIZE_FORMAT
                          " /Filter /FlateDecode >>\nstream\n", written);
  g_byte_array_append (pdf, (const guint8 *) head, strlen (head));
  g_byte_array_append (pdf, packed, written);
  g_byte_array_append (pdf, (const guint8 *) tail, strlen (tail));
  bytes = g_byte_array_free_to_bytes (g_steal_pointer (&pdf));

  found = cm_manifest_new_from_pdf (bytes, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (cm_manifest_get_option (found, "folio"), ==, "CC001");
  differences = cm_manifest_compare (found, manifest);
  g_assert_cmpuint (differences->len, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/publication/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("kitchen-report", test_kitchen_report);
  ADD ("kitchen-records", test_kitchen_records);
  ADD ("programme-report", test_programme_report);
  ADD ("long-names", test_long_names);
  ADD ("verify", test_verify);
  ADD ("spanish", test_spanish);
  ADD ("bad-requests", test_bad_requests);
  ADD ("every-kitchen", test_every_kitchen);
#undef ADD
  g_test_add_func ("/publication/manifest-in-stream", test_manifest_in_stream);

  return g_test_run ();
}
