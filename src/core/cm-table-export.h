/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "cm-db.h"
#include "cm-period.h"

G_BEGIN_DECLS

/* The tables an analyst takes to other tools, as CSV or XLSX:
 *
 * - kitchens: every kitchen of the registry by folio, with its latest
 *   verdict and, for the period (every month when there is none), its
 *   reports, rations, fee and spending;
 * - reports: every report of the period, by date, kitchen and instance id,
 *   money in pesos (with no kitchen filter, the reports of no kitchen too);
 * - checks: the automatic rules' results of the period, by month, kitchen
 *   and rule, with their evidence in a sentence.
 *
 * Headers are translated; text from data that a spreadsheet would run as a
 * formula is neutralised (cm_cell_text_needs_guard()). Nothing depends on
 * the time of the export: the same data and options give the same bytes. */

#define CM_TABLE_EXPORT_ERROR (cm_table_export_error_quark ())

typedef enum
{
  CM_TABLE_EXPORT_ERROR_UNKNOWN_TABLE,
  CM_TABLE_EXPORT_ERROR_UNKNOWN_FORMAT,
} CmTableExportError;

typedef enum
{
  CM_TABLE_KITCHENS,
  CM_TABLE_REPORTS,
  CM_TABLE_CHECKS,
} CmTable;

typedef enum
{
  CM_TABLE_FORMAT_CSV,
  CM_TABLE_FORMAT_XLSX,
} CmTableFormat;

typedef struct
{
  CmTable        table;
  CmTableFormat  format;
  gboolean       has_period;    /* FALSE: every month */
  CmPeriod       period;
  GArray        *kitchen_ids;   /* (nullable) of gint64: only these kitchens; NULL: all */
} CmTableExportOptions;

GQuark      cm_table_export_error_quark (void);

gboolean    cm_table_parse               (const char     *name,
                                          CmTable        *table,
                                          GError        **error);
const char *cm_table_to_string           (CmTable         table);   /* "kitchens", ... */
const char *cm_table_get_title           (CmTable         table);   /* translated */
gboolean    cm_table_format_parse        (const char     *name,
                                          CmTableFormat  *format,
                                          GError        **error);
const char *cm_table_format_get_extension (CmTableFormat  format);   /* "csv", "xlsx" */
const char *cm_table_format_get_mime_type (CmTableFormat  format);

void        cm_table_export_options_init (CmTableExportOptions *options,
                                          CmTable               table,
                                          CmTableFormat         format);

gboolean    cm_table_export_to_stream    (CmDb                        *db,
                                          const CmTableExportOptions  *options,
                                          GOutputStream               *stream,
                                          guint                       *n_rows,
                                          GCancellable                *cancellable,
                                          GError                     **error);
gboolean    cm_table_export_to_file      (CmDb                        *db,
                                          const CmTableExportOptions  *options,
                                          GFile                       *file,
                                          guint                       *n_rows,
                                          GCancellable                *cancellable,
                                          GError                     **error);
void        cm_table_export_to_file_async  (CmDb                       *db,
                                            const CmTableExportOptions *options,
                                            GFile                      *file,
                                            GCancellable               *cancellable,
                                            GAsyncReadyCallback         callback,
                                            gpointer                    user_data);
gboolean    cm_table_export_to_file_finish (GAsyncResult               *result,
                                            guint                      *n_rows,
                                            GError                    **error);

GStrv       cm_table_export_list_months    (CmDb                      *db,
                                            GError                   **error);

G_END_DECLS
