/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The rows of a table a CmDocument typesets: columns with a title, a share
 * of the width and an alignment, then rows of plain text. */

typedef enum
{
  CM_DOCUMENT_ALIGN_START,
  CM_DOCUMENT_ALIGN_END,      /* figures */
  CM_DOCUMENT_ALIGN_CENTER,
} CmDocumentAlign;

typedef enum
{
  CM_DOCUMENT_ROW_NORMAL,
  CM_DOCUMENT_ROW_TOTAL,      /* bold, with a rule above */
  CM_DOCUMENT_ROW_FAILED,     /* a row that records a failure: marked in the margin */
} CmDocumentRowStyle;

typedef struct _CmDocumentTable CmDocumentTable;

CmDocumentTable *cm_document_table_new        (void);
void             cm_document_table_free       (CmDocumentTable    *self);
void             cm_document_table_add_column (CmDocumentTable    *self,
                                               const char         *title,
                                               double              width,
                                               CmDocumentAlign     align);
void             cm_document_table_add_row    (CmDocumentTable    *self,
                                               CmDocumentRowStyle  style,
                                               ...) G_GNUC_NULL_TERMINATED;
void             cm_document_table_add_rowv   (CmDocumentTable    *self,
                                               CmDocumentRowStyle  style,
                                               const char * const *cells);
guint            cm_document_table_get_n_columns (const CmDocumentTable *self);
guint            cm_document_table_get_n_rows    (const CmDocumentTable *self);
const char      *cm_document_table_get_title     (const CmDocumentTable *self,
                                                  guint                  column);
double           cm_document_table_get_width     (const CmDocumentTable *self,
                                                  guint                  column);
CmDocumentAlign  cm_document_table_get_align     (const CmDocumentTable *self,
                                                  guint                  column);
const char      *cm_document_table_get_cell      (const CmDocumentTable *self,
                                                  guint                  row,
                                                  guint                  column);
CmDocumentRowStyle cm_document_table_get_row_style (const CmDocumentTable *self,
                                                    guint                  row);
gboolean         cm_document_table_has_header    (const CmDocumentTable *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CmDocumentTable, cm_document_table_free)

G_END_DECLS
