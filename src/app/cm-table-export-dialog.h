/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "cm-db.h"
#include "cm-file-export.h"
#include "cm-period-chooser.h"
#include "cm-table-export.h"

G_BEGIN_DECLS

/* "Export Table…": the kitchens the list shows, their reports or their
 * automatic checks of a period, as CSV, XLSX or (kitchens) GeoJSON, through
 * the file chooser and CmFileExport. */

#define CM_TYPE_TABLE_EXPORT_DIALOG (cm_table_export_dialog_get_type ())
G_DECLARE_FINAL_TYPE (CmTableExportDialog, cm_table_export_dialog, CM, TABLE_EXPORT_DIALOG, AdwWindow)

/* The dialog's formats: the two tables', then GeoJSON. */
#define CM_TABLE_EXPORT_DIALOG_GEOJSON 2

CmTableExportDialog *cm_table_export_dialog_new        (GtkWindow           *parent,
                                                        CmDb                *db,
                                                        GListModel          *kitchens,
                                                        AdwToastOverlay     *toasts,
                                                        GCancellable        *cancellable);
void                 cm_table_export_dialog_select     (CmTableExportDialog *self,
                                                        CmTable              table,
                                                        guint                format);
const char          *cm_table_export_dialog_get_scope  (CmTableExportDialog *self);
CmPeriodChooser     *cm_table_export_dialog_get_period_chooser (CmTableExportDialog *self);
/* Exports to @file without asking where, and closes; for the tests. */
CmFileExport        *cm_table_export_dialog_export_to  (CmTableExportDialog *self,
                                                        GFile               *file);

G_END_DECLS
