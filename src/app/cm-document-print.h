/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "cm-document.h"

G_BEGIN_DECLS

/* Prints a laid-out CmDocument through GtkPrintOperation: each page is
 * drawn by cm_document_draw_page(), the code that draws the PDF, scaled to
 * the printer's paper when it is not the document's. */

GtkPrintOperation *cm_document_print_new (CmDocument *document,
                                          const char *job_name);

G_END_DECLS
