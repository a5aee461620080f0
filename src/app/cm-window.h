/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "cm-application.h"
#include "cm-db.h"
#include "cm-kitchens-view.h"
#include "cm-map-view.h"
#include "cm-report-dialog.h"
#include "cm-source.h"
#include "cm-summary-view.h"
#include "cm-sync-view.h"
#include "cm-table-export-dialog.h"

G_BEGIN_DECLS

#define CM_TYPE_WINDOW (cm_window_get_type ())
G_DECLARE_FINAL_TYPE (CmWindow, cm_window, CM, WINDOW, AdwApplicationWindow)

CmWindow        *cm_window_new               (CmApplication *application,
                                              CmDb          *db);
CmDb            *cm_window_get_db            (CmWindow      *self);
CmKitchensView  *cm_window_get_kitchens_view (CmWindow      *self);
CmMapView       *cm_window_get_map_view      (CmWindow      *self);
CmSyncView      *cm_window_get_sync_view     (CmWindow      *self);
CmSummaryView   *cm_window_get_summary_view  (CmWindow      *self);
void             cm_window_export_geojson    (CmWindow      *self,
                                              GFile         *file);
CmTableExportDialog *cm_window_open_table_export (CmWindow  *self);
CmReportDialog  *cm_window_open_report       (CmWindow          *self,
                                              CmPublicationKind  kind);
CmReportDialog  *cm_window_open_kitchen_reports (CmWindow       *self);
void             cm_window_reload            (CmWindow      *self);
const char      *cm_window_get_shown_page    (CmWindow      *self);
void             cm_window_show_view         (CmWindow      *self,
                                              const char    *name);

void             cm_window_show_preferences  (CmWindow      *self);
GtkWindow       *cm_window_get_preferences   (CmWindow      *self);
void             cm_window_set_session_secret (CmWindow     *self,
                                              CmSource      *source,
                                              const char    *secret);
gboolean         cm_window_is_syncing        (CmWindow      *self);
GtkWindow       *cm_window_get_secret_prompt (CmWindow      *self);
const char      *cm_window_get_sync_message  (CmWindow      *self);

G_END_DECLS
