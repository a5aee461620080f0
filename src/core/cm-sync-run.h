/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "cm-db.h"

G_BEGIN_DECLS

/* One pull from a server account, as the history shows it. */
#define CM_TYPE_SYNC_RUN (cm_sync_run_get_type ())
G_DECLARE_FINAL_TYPE (CmSyncRun, cm_sync_run, CM, SYNC_RUN, GObject)

gint64      cm_sync_run_get_id          (CmSyncRun *self);
gint64      cm_sync_run_get_source_id   (CmSyncRun *self);
const char *cm_sync_run_get_source_name (CmSyncRun *self);
const char *cm_sync_run_get_started_at  (CmSyncRun *self);
const char *cm_sync_run_get_finished_at (CmSyncRun *self);
const char *cm_sync_run_get_state       (CmSyncRun *self);  /* running, ok, failed, cancelled */
guint       cm_sync_run_get_received    (CmSyncRun *self);
guint       cm_sync_run_get_inserted    (CmSyncRun *self);
guint       cm_sync_run_get_updated     (CmSyncRun *self);
guint       cm_sync_run_get_quarantined (CmSyncRun *self);
const char *cm_sync_run_get_error       (CmSyncRun *self);

GListModel *cm_sync_run_list            (CmDb      *db,
                                         guint      limit,
                                         GError   **error);
GListModel *cm_sync_run_list_last       (CmDb      *db,
                                         GError   **error);


G_END_DECLS
