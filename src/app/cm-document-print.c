/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "cm-document-print"

#include "config.h"

#include "cm-document-print.h"

static void
draw_page_cb (GtkPrintOperation *operation,
              GtkPrintContext   *context,
              int                page,
              CmDocument        *document)
{
  cairo_t *cr = gtk_print_context_get_cairo_context (context);
  double width, height, scale;

  cm_paper_get_size (cm_document_get_paper (document), &width, &height);
  /* The pages were laid out for the document's paper; on another, they
   * shrink to fit rather than lose their edges. */
  scale = MIN (gtk_print_context_get_width (context) / width, gtk_print_context_get_height (context) / height);
  if (scale < 0.999)
    cairo_scale (cr, scale, scale);
  cm_document_draw_page (document, cr, (guint) page);
}

/**
 * cm_document_print_new:
 * @document: a laid-out document
 * @job_name: the print job's name
 *
 * Returns: (transfer full): a print operation for @document, on its paper,
 *   ready to run
 */
GtkPrintOperation *
cm_document_print_new (CmDocument *document,
                       const char *job_name)
{
  GtkPrintOperation *operation = gtk_print_operation_new ();
  g_autoptr(GtkPageSetup) setup = gtk_page_setup_new ();
  g_autoptr(GtkPaperSize) paper = NULL;

  g_return_val_if_fail (CM_IS_DOCUMENT (document), NULL);

  paper = gtk_paper_size_new (cm_document_get_paper (document) == CM_PAPER_A4 ? GTK_PAPER_NAME_A4
                                                                              : GTK_PAPER_NAME_LETTER);
  gtk_page_setup_set_paper_size_and_default_margins (setup, paper);
  gtk_page_setup_set_orientation (setup, GTK_PAGE_ORIENTATION_PORTRAIT);
  gtk_print_operation_set_default_page_setup (operation, setup);
  /* The document draws its own margins, header and footer, in points. */
  gtk_print_operation_set_use_full_page (operation, TRUE);
  gtk_print_operation_set_unit (operation, GTK_UNIT_POINTS);
  gtk_print_operation_set_n_pages (operation, (int) cm_document_get_n_pages (document));
  gtk_print_operation_set_job_name (operation, job_name);
  g_signal_connect_data (operation, "draw-page", G_CALLBACK (draw_page_cb), g_object_ref (document),
                         (GClosureNotify) (void (*) (void)) g_object_unref, 0);
  return operation;
}
