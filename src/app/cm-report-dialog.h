/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "cm-db.h"
#include "cm-file-export.h"
#include "cm-period-chooser.h"
#include "cm-publication.h"

G_BEGIN_DECLS

/* Asks for the period and paper of a published report (a kitchen's
 * compliance report, or the programme report), then saves it as PDF
 * through the shared save flow or prints it through the GTK print dialog,
 * both drawn by the same renderer. */

#define CM_TYPE_REPORT_DIALOG (cm_report_dialog_get_type ())
G_DECLARE_FINAL_TYPE (CmReportDialog, cm_report_dialog, CM, REPORT_DIALOG, AdwWindow)

CmReportDialog  *cm_report_dialog_new         (GtkWindow         *parent,
                                               CmDb              *db,
                                               CmPublicationKind  kind,
                                               const char        *folio,
                                               const char        *name,
                                               AdwToastOverlay   *toasts,
                                               GCancellable      *cancellable);
CmReportDialog  *cm_report_dialog_new_for_kitchens (GtkWindow       *parent,
                                                    CmDb            *db,
                                                    const char * const *folios,
                                                    AdwToastOverlay *toasts,
                                                    GCancellable    *cancellable);
CmPeriodChooser *cm_report_dialog_get_period_chooser (CmReportDialog *self);
guint            cm_report_dialog_get_n_kitchens (CmReportDialog *self);
const char      *cm_report_dialog_get_heading (CmReportDialog    *self);
void             cm_report_dialog_save_to_folder (CmReportDialog *self,
                                                  GFile          *folder);
void             cm_report_dialog_prefer_period (CmReportDialog  *self,
                                                 const CmPeriod  *period);
void             cm_report_dialog_set_paper   (CmReportDialog    *self,
                                               CmPaper            paper);
gboolean         cm_report_dialog_get_options (CmReportDialog    *self,
                                               CmPublicationOptions *options);
CmFileExport    *cm_report_dialog_save_to     (CmReportDialog    *self,
                                               GFile             *file);
void             cm_report_dialog_print_to_file (CmReportDialog  *self,
                                                 const char      *pdf_path);

G_END_DECLS
