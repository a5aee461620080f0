/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "cm-table-cell.h"

G_BEGIN_DECLS

/* A writer of Office Open XML workbooks (.xlsx, ECMA-376), written by us
 * into a ZIP of our own: inline strings, numbers as numbers, money in the
 * format `$#,##0.00`, dates as dates (yyyy-mm-dd). Each sheet's first row is
 * its header: bold, frozen, with a filter. Rows stream through the
 * compressor, so a sheet of any length takes little memory; the same rows
 * give the same bytes.
 *
 * new → (begin_sheet → write_row… → end_sheet)… → finish. */

typedef struct _CmXlsxWriter CmXlsxWriter;

CmXlsxWriter *cm_xlsx_writer_new         (GOutputStream  *stream);
void          cm_xlsx_writer_free        (CmXlsxWriter   *self);
gboolean      cm_xlsx_writer_begin_sheet (CmXlsxWriter   *self,
                                          const char     *name,
                                          const double   *widths,
                                          guint           n_columns,
                                          GCancellable   *cancellable,
                                          GError        **error);
gboolean      cm_xlsx_writer_write_row   (CmXlsxWriter   *self,
                                          const CmCell   *cells,
                                          guint           n_cells,
                                          gboolean        header,
                                          GCancellable   *cancellable,
                                          GError        **error);
gboolean      cm_xlsx_writer_end_sheet   (CmXlsxWriter   *self,
                                          GCancellable   *cancellable,
                                          GError        **error);
gboolean      cm_xlsx_writer_finish      (CmXlsxWriter   *self,
                                          const char     *title,
                                          GCancellable   *cancellable,
                                          GError        **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CmXlsxWriter, cm_xlsx_writer_free)

G_END_DECLS
