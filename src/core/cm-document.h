/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <cairo.h>

#include "cm-document-table.h"

G_BEGIN_DECLS

/* A printed document: blocks of plain text, tables and charts laid out on
 * pages of A4 or Letter with pango and cairo, then drawn on any cairo
 * context (a PDF, a printer's page).
 *
 * Every block is laid out as it is added, so the number of pages is known
 * before a page is drawn, and every page carries a header (the programme
 * and the document's title) and a footer (a line of provenance and
 * “Page N of M”). Text from data is always set as text, never as markup.
 * Hinting is off and nothing depends on the clock, so the same blocks give
 * the same bytes. */

#define CM_DOCUMENT_ERROR (cm_document_error_quark ())

typedef enum
{
  CM_DOCUMENT_ERROR_WRITE,     /* cairo could not make the PDF */
} CmDocumentError;

typedef enum
{
  CM_PAPER_LETTER,
  CM_PAPER_A4,
} CmPaper;

typedef struct
{
  const char *label;    /* what the share is of (“Cumple”) */
  double      value;
  guint32     color;    /* 0xRRGGBB */
} CmDocumentShare;

/* What a PDF says about itself (its Info dictionary). */
typedef struct
{
  const char *title;
  const char *author;
  const char *subject;
  const char *keywords;
  const char *created;  /* ISO 8601 (UTC): the data's time, never the clock's */
} CmDocumentInfo;

#define CM_TYPE_DOCUMENT (cm_document_get_type ())
G_DECLARE_FINAL_TYPE (CmDocument, cm_document, CM, DOCUMENT, GObject)

GQuark      cm_document_error_quark   (void);

const char *cm_paper_to_string        (CmPaper        paper);   /* "letter", "a4" */
gboolean    cm_paper_from_string      (const char    *text,
                                       CmPaper       *paper);
void        cm_paper_get_size         (CmPaper        paper,
                                       double        *width,
                                       double        *height);  /* points */

CmDocument *cm_document_new           (CmPaper        paper,
                                       const char    *title,
                                       const char    *footer,
                                       gboolean       own_font_map);

void        cm_document_add_title     (CmDocument    *self,
                                       const char    *title,
                                       const char    *subtitle);
void        cm_document_add_heading   (CmDocument    *self,
                                       const char    *text);
void        cm_document_add_subheading (CmDocument   *self,
                                        const char   *text);
void        cm_document_add_paragraph (CmDocument    *self,
                                       const char    *text);
void        cm_document_add_note      (CmDocument    *self,
                                       const char    *text);
void        cm_document_add_table     (CmDocument    *self,
                                       const CmDocumentTable *table);
void        cm_document_add_bar_chart (CmDocument    *self,
                                       const char    *caption,
                                       guint          n_bars,
                                       const char * const *labels,
                                       const double  *values,
                                       const char * const *value_labels);
void        cm_document_add_shares    (CmDocument    *self,
                                       const char    *caption,
                                       guint          n_shares,
                                       const CmDocumentShare *shares);
void        cm_document_add_signatures (CmDocument   *self,
                                        guint         n_signers,
                                        const char * const *roles,
                                        const char * const *names);
void        cm_document_add_space     (CmDocument    *self,
                                       double         points);
void        cm_document_break_page    (CmDocument    *self);

CmPaper     cm_document_get_paper     (CmDocument    *self);
guint       cm_document_get_n_pages   (CmDocument    *self);
void        cm_document_draw_page     (CmDocument    *self,
                                       cairo_t       *cr,
                                       guint          page);
GBytes     *cm_document_write_pdf     (CmDocument    *self,
                                       const CmDocumentInfo *info,
                                       GError       **error);

G_END_DECLS
