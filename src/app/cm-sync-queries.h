/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "cm-db.h"
#include "cm-source.h"

G_BEGIN_DECLS

/* Reads of the sync tables that the window needs. They belong in src/core
 * and are written to move there as they are: the names and signatures are
 * the ones proposed for it, and they touch the database only through
 * cm_db_prepare() with bound parameters, under the database lock. */

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

#define CM_TYPE_QUARANTINE_ITEM (cm_quarantine_item_get_type ())
G_DECLARE_FINAL_TYPE (CmQuarantineItem, cm_quarantine_item, CM, QUARANTINE_ITEM, GObject)

gint64      cm_quarantine_item_get_id          (CmQuarantineItem *self);
const char *cm_quarantine_item_get_source_name (CmQuarantineItem *self);
const char *cm_quarantine_item_get_received_at (CmQuarantineItem *self);
const char *cm_quarantine_item_get_instance_id (CmQuarantineItem *self);
const char *cm_quarantine_item_get_reason      (CmQuarantineItem *self);

GListModel *cm_quarantine_list                 (CmDb      *db,
                                                guint      limit,
                                                GError   **error);
gint64      cm_quarantine_count                (CmDb      *db);
char       *cm_quarantine_get_raw              (CmDb      *db,
                                                gint64     id,
                                                GError   **error);

CmSource   *cm_source_new_unsaved              (const char    *name,
                                                CmSourceKind   kind,
                                                const char    *base_url,
                                                const char    *project,
                                                const char    *form_id,
                                                const char    *username,
                                                GError       **error);
gboolean    cm_source_update                   (CmDb          *db,
                                                gint64         id,
                                                const char    *name,
                                                CmSourceKind   kind,
                                                const char    *base_url,
                                                const char    *project,
                                                const char    *form_id,
                                                const char    *username,
                                                GError       **error);

GHashTable *cm_report_ids_with_source          (CmDb      *db,
                                                gint64     canteen_id,
                                                GError   **error);

G_END_DECLS
