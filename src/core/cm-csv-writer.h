/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "cm-table-cell.h"

G_BEGIN_DECLS

/* A writer of RFC 4180 comma-separated values in UTF-8: a field is quoted
 * when it holds a comma, a quote, CR or LF, quotes are doubled, lines end
 * in CRLF. The file starts with a byte order mark (see cm-csv-writer.c).
 * Rows go out in blocks, so a table of any length takes little memory. */

typedef struct _CmCsvWriter CmCsvWriter;

CmCsvWriter *cm_csv_writer_new       (GOutputStream  *stream);
void         cm_csv_writer_free      (CmCsvWriter    *self);
gboolean     cm_csv_writer_write_row (CmCsvWriter    *self,
                                      const CmCell   *cells,
                                      guint           n_cells,
                                      GCancellable   *cancellable,
                                      GError        **error);
gboolean     cm_csv_writer_finish    (CmCsvWriter    *self,
                                      GCancellable   *cancellable,
                                      GError        **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CmCsvWriter, cm_csv_writer_free)

G_END_DECLS
