/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "cm-publication"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "cm-kitchen-report.h"
#include "cm-programme-report.h"
#include "cm-publication.h"
#include "cm-publication-private.h"
#include "cm-rulebook.h"
#include "cm-text.h"

G_DEFINE_QUARK (cm-publication-error-quark, cm_publication_error)

/* Provenance */

/**
 * _cm_provenance_load:
 * @provenance: (out caller-allocates): where to write
 * @db: the database
 * @period: the document's period
 * @data_pulled: (nullable): the data's time to state (a published
 *   document's, when it is made again to verify it), or %NULL for the
 *   database's own
 * @error: return location for a #GError
 *
 * The data's time is the end of the last sync that succeeded, or, in a
 * database that never synced (the demo), the day of its latest report
 * (through its index: a document per kitchen must not read every report):
 * never the clock, so that a document can be made again.
 */
gboolean
_cm_provenance_load (CmProvenance   *provenance,
                     CmDb           *db,
                     const CmPeriod *period,
                     const char     *data_pulled,
                     GError        **error)
{
  g_autofree char *day = NULL;
  sqlite3_stmt *stmt;
  int rc;

  memset (provenance, 0, sizeof *provenance);

  if (data_pulled != NULL)
    provenance->data_pulled = g_strdup (data_pulled);
  else
    {
      g_autoptr(GMutexLocker) locker = g_mutex_locker_new (cm_db_get_mutex (db));

      stmt = cm_db_prepare (db,
                            "SELECT coalesce ((SELECT max (finished_at) FROM sync_run WHERE state = 'ok'),"
                            " (SELECT max (report_date) FROM report))",
                            error);
      if (stmt == NULL)
        return FALSE;
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW && sqlite3_column_type (stmt, 0) != SQLITE_NULL)
        provenance->data_pulled = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      sqlite3_reset (stmt);
      if (rc != SQLITE_ROW)
        {
          cm_db_set_error_from_handle (db, error);
          return FALSE;
        }
    }

  g_free (cm_text_format_time (provenance->data_pulled, &day));
  if (!(day != NULL && cm_text_parse_date (day, &provenance->data_day)) &&
      !cm_text_parse_date (provenance->data_pulled, &provenance->data_day))
    cm_period_get_last_day (period, &provenance->data_day);

  provenance->rulebook = cm_rulebook_load_in_use (db, NULL, error);
  return provenance->rulebook != NULL;
}

void
_cm_provenance_clear (CmProvenance *provenance)
{
  g_clear_pointer (&provenance->data_pulled, g_free);
  g_clear_object (&provenance->rulebook);
}

char *
_cm_provenance_footer (const CmProvenance *provenance,
                       const CmPeriod     *period)
{
  g_autofree char *label = cm_period_get_label (period);
  g_autofree char *short_sha = g_strndup (cm_rulebook_get_sha256 (provenance->rulebook), 12);
  g_autofree char *pulled = NULL;
  g_autofree char *day = NULL;
  g_autofree char *time = cm_text_format_time (provenance->data_pulled, &day);

  if (time != NULL)
    {
      g_autofree char *long_day = cm_text_format_long_date (day);

      /* Translators: when the data was pulled: a day, then an hour (Mexico City) */
      pulled = g_strdup_printf (_("%s, %s"), long_day, time);
    }
  else if (provenance->data_pulled != NULL)
    pulled = cm_text_format_long_date (provenance->data_pulled);
  if (pulled == NULL)
    pulled = g_strdup (_("no reports"));

  /* Translators: a document's footer: period; the rulebook's edition (its
   * own name) and the start of its hash; when the data was pulled */
  return g_strdup_printf (_("Period: %s · %s (%s) · Data as of %s"), label,
                          cm_rulebook_get_edition (provenance->rulebook), short_sha, pulled);
}

void
_cm_provenance_sign (const CmProvenance *provenance,
                     CmManifest         *manifest,
                     const CmPeriod     *period,
                     CmPaper             paper)
{
  g_autofree char *text = cm_period_to_string (period);

  cm_manifest_set_option (manifest, "period", text);
  cm_manifest_set_option (manifest, "paper", cm_paper_to_string (paper));
  cm_manifest_set_rulebook (manifest, cm_rulebook_get_edition (provenance->rulebook),
                            cm_rulebook_get_sha256 (provenance->rulebook));
  cm_manifest_set_data_pulled (manifest, provenance->data_pulled);
}

/* Documents */

/**
 * cm_publication_build:
 * @db: the database
 * @options: which document, for which period, on which paper
 * @manifest: (out) (optional) (transfer full): what it was made from
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the document, laid out, or %NULL with @error set
 */
CmDocument *
cm_publication_build (CmDb                       *db,
                      const CmPublicationOptions *options,
                      CmManifest                **manifest,
                      GError                    **error)
{
  g_return_val_if_fail (CM_IS_DB (db), NULL);
  g_return_val_if_fail (options != NULL, NULL);

  if (options->kind == CM_PUBLICATION_KITCHEN)
    return cm_kitchen_report_build (db, options, manifest, error);
  return cm_programme_report_build (db, options, manifest, error);
}

static char *
document_title (const CmPublicationOptions *options)
{
  g_autofree char *period = cm_period_get_label (&options->period);

  if (options->kind == CM_PUBLICATION_KITCHEN)
    /* Translators: a PDF's title: a kitchen's folio, then the period */
    return g_strdup_printf (_("Compliance report %s, %s"), options->folio, period);
  /* Translators: a PDF's title: the period */
  return g_strdup_printf (_("Programme report, %s"), period);
}

/* The PDF, and the manifest it carries. */
static GBytes *
render (CmDb                       *db,
        const CmPublicationOptions *options,
        CmManifest                **manifest,
        GError                    **error)
{
  g_autoptr(CmDocument) document = NULL;
  g_autofree char *keywords = NULL;
  g_autofree char *title = NULL;
  g_autofree char *subject = NULL;
  CmDocumentInfo info = { 0 };

  if (!(document = cm_publication_build (db, options, manifest, error)))
    return NULL;

  keywords = cm_manifest_to_keywords (*manifest);
  title = document_title (options);
  subject = cm_period_get_label (&options->period);
  info.title = title;
  /* Translators: who publishes the PDFs, in their metadata */
  info.author = _("Social Kitchens Programme, Mexico City");
  info.subject = subject;
  info.keywords = keywords;
  info.created = cm_manifest_get_data_pulled (*manifest);
  return cm_document_write_pdf (document, &info, error);
}

/**
 * cm_publication_render:
 * @db: the database
 * @options: which document
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the PDF, its manifest in its Keywords, or
 *   %NULL with @error set
 */
GBytes *
cm_publication_render (CmDb                       *db,
                       const CmPublicationOptions *options,
                       GError                    **error)
{
  g_autoptr(CmManifest) manifest = NULL;

  return render (db, options, &manifest, error);
}

/**
 * cm_publication_write:
 * @db: the database
 * @options: which document
 * @file: where to write it; an existing file is replaced only once the
 *   new one is whole
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Returns: %TRUE when the PDF was written
 */
gboolean
cm_publication_write (CmDb                       *db,
                      const CmPublicationOptions *options,
                      GFile                      *file,
                      GCancellable               *cancellable,
                      GError                    **error)
{
  g_autoptr(GBytes) pdf = NULL;

  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  if (!(pdf = cm_publication_render (db, options, error)))
    return FALSE;
  return g_file_replace_contents (file, g_bytes_get_data (pdf, NULL), g_bytes_get_size (pdf), NULL, FALSE,
                                  G_FILE_CREATE_REPLACE_DESTINATION, NULL, cancellable, error);
}

/**
 * cm_publication_write_kitchens:
 * @db: the database
 * @options: the period and paper (its folio is ignored)
 * @folios: (array zero-terminated=1): the kitchens
 * @folder: where to write one compliance report per kitchen, named by
 *   cm_publication_suggest_name(); made if it is not there
 * @cancellable: (nullable): a #GCancellable, checked between kitchens
 * @error: return location for a #GError
 *
 * Returns: how many reports were written; fewer than @folios when @error
 *   is set, each one written whole
 */
guint
cm_publication_write_kitchens (CmDb                       *db,
                               const CmPublicationOptions *options,
                               const char * const         *folios,
                               GFile                      *folder,
                               GCancellable               *cancellable,
                               GError                    **error)
{
  g_autoptr(GError) local_error = NULL;
  CmPublicationOptions one;
  guint written = 0;

  g_return_val_if_fail (CM_IS_DB (db), 0);
  g_return_val_if_fail (options != NULL && folios != NULL, 0);
  g_return_val_if_fail (G_IS_FILE (folder), 0);

  if (!g_file_make_directory_with_parents (folder, cancellable, &local_error) &&
      !g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_EXISTS))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return 0;
    }

  one = *options;
  one.kind = CM_PUBLICATION_KITCHEN;
  for (guint i = 0; folios[i] != NULL; i++)
    {
      g_autofree char *name = NULL;
      g_autoptr(GFile) file = NULL;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        break;
      one.folio = folios[i];
      name = cm_publication_suggest_name (&one);
      file = g_file_get_child (folder, name);
      if (!cm_publication_write (db, &one, file, cancellable, error))
        break;
      written++;
    }
  return written;
}

/**
 * cm_publication_suggest_name:
 * @options: which document
 *
 * Returns: (transfer full): a file name for it (`cumplimiento-CC294-2026-10.pdf`)
 */
char *
cm_publication_suggest_name (const CmPublicationOptions *options)
{
  g_autofree char *period = cm_period_to_string (&options->period);

  g_strdelimit (period, ".", '_');
  if (options->kind == CM_PUBLICATION_KITCHEN)
    {
      g_autofree char *folio = g_strdup (options->folio);

      g_strdelimit (folio, "/\\:", '_');
      /* Translators: a file name: keep it short, ASCII, without spaces */
      return g_strdup_printf (_("compliance-%s-%s.pdf"), folio, period);
    }
  /* Translators: a file name: keep it short, ASCII, without spaces */
  return g_strdup_printf (_("programme-%s.pdf"), period);
}

/* Verification */

static gboolean
options_from_manifest (CmManifest            *manifest,
                       CmPublicationOptions  *options,
                       GError               **error)
{
  const char *document = cm_manifest_get_document (manifest);

  memset (options, 0, sizeof *options);
  if (g_strcmp0 (document, "kitchen") == 0 && cm_manifest_get_option (manifest, "folio") != NULL)
    {
      options->kind = CM_PUBLICATION_KITCHEN;
      options->folio = cm_manifest_get_option (manifest, "folio");
    }
  else if (g_strcmp0 (document, "programme") == 0)
    options->kind = CM_PUBLICATION_PROGRAMME;
  else
    goto invalid;

  /* Made again as of the data's time it states: a sync since then changes
   * nothing in it unless it changed the records it was made from. */
  options->data_pulled = cm_manifest_get_data_pulled (manifest);
  if (!cm_period_parse (cm_manifest_get_option (manifest, "period"), &options->period, NULL) ||
      !cm_paper_from_string (cm_manifest_get_option (manifest, "paper"), &options->paper))
    goto invalid;
  return TRUE;

invalid:
  g_set_error_literal (error, CM_PUBLICATION_ERROR, CM_PUBLICATION_ERROR_OPTIONS,
                       _("The file’s manifest names a document this version of Comedores cannot make."));
  return FALSE;
}

/**
 * cm_publication_verify:
 * @db: the database the document should match
 * @pdf: the published file's bytes
 * @error: return location for a #GError
 *
 * Rebuilds the document the file's manifest describes, from @db as it is
 * now, then compares the records, the rulebook and the bytes.
 *
 * Returns: (transfer full): what was found, or %NULL with @error set when
 *   the file carries no readable manifest or the document cannot be made
 */
CmPublicationCheck *
cm_publication_verify (CmDb     *db,
                       GBytes   *pdf,
                       GError  **error)
{
  g_autoptr(CmPublicationCheck) check = g_new0 (CmPublicationCheck, 1);
  g_autoptr(CmManifest) current = NULL;
  g_autoptr(GBytes) rebuilt = NULL;
  CmPublicationOptions options;

  g_return_val_if_fail (CM_IS_DB (db), NULL);
  g_return_val_if_fail (pdf != NULL, NULL);

  if (!(check->published = cm_manifest_new_from_pdf (pdf, error)) ||
      !options_from_manifest (check->published, &options, error) ||
      !(rebuilt = render (db, &options, &current, error)))
    return NULL;

  check->differences = cm_manifest_compare (check->published, current);
  check->same_rulebook = g_strcmp0 (cm_manifest_get_rulebook_sha256 (check->published),
                                    cm_manifest_get_rulebook_sha256 (current)) == 0;
  check->same_app = g_strcmp0 (cm_manifest_get_app_version (check->published), PACKAGE_VERSION) == 0;
  check->same_bytes = g_bytes_equal (pdf, rebuilt);
  return g_steal_pointer (&check);
}

void
cm_publication_check_free (CmPublicationCheck *check)
{
  if (check == NULL)
    return;
  g_clear_object (&check->published);
  g_clear_pointer (&check->differences, g_ptr_array_unref);
  g_free (check);
}

/**
 * cm_publication_describe_difference:
 * @difference: a record that changed
 *
 * Returns: (transfer full): one translated sentence that names it
 */
char *
cm_publication_describe_difference (const CmManifestDifference *difference)
{
  static const struct { const char *kind; const char *label; } kinds[] = {
    { "report", N_("The daily report %s") },
    { "check", N_("The automatic result %s") },
    { "verdict", N_("The verdict of %s") },
    { "review", N_("The signed review %s") },
    { "finding", N_("The finding %s") },
    { "sanction", N_("The sanction %s") },
    { "kitchen", N_("The record of kitchen %s") },
    { "committee", N_("The committee of kitchen %s") },
  };
  g_autofree char *what = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (kinds) && what == NULL; i++)
    if (g_strcmp0 (kinds[i].kind, difference->kind) == 0)
      what = g_strdup_printf (_(kinds[i].label), difference->id);
  if (what == NULL)
    what = g_strdup_printf ("%s %s", difference->kind, difference->id);

  switch (difference->change)
    {
    case CM_MANIFEST_ADDED:
      /* Translators: %s names a record, e.g. “The daily report uuid:…” */
      return g_strdup_printf (_("%s is in the database but not in the document."), what);
    case CM_MANIFEST_REMOVED:
      /* Translators: %s names a record */
      return g_strdup_printf (_("%s is in the document but no longer in the database."), what);
    case CM_MANIFEST_CHANGED:
    default:
      /* Translators: %s names a record */
      return g_strdup_printf (_("%s changed since the document was made."), what);
    }
}
