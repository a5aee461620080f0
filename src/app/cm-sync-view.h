/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "cm-db.h"

G_BEGIN_DECLS

#define CM_TYPE_SYNC_VIEW (cm_sync_view_get_type ())
G_DECLARE_FINAL_TYPE (CmSyncView, cm_sync_view, CM, SYNC_VIEW, GtkWidget)

void        cm_sync_view_set_db          (CmSyncView *self,
                                          CmDb       *db);
void        cm_sync_view_reload          (CmSyncView *self);
gboolean    cm_sync_view_is_loading      (CmSyncView *self);
guint       cm_sync_view_get_n_accounts  (CmSyncView *self);
GListModel *cm_sync_view_get_accounts    (CmSyncView *self);
GListModel *cm_sync_view_get_runs        (CmSyncView *self);
GListModel *cm_sync_view_get_quarantine  (CmSyncView *self);
GListModel *cm_sync_view_get_outbox      (CmSyncView *self);
void        cm_sync_view_show_list       (CmSyncView *self,
                                          const char *name);

G_END_DECLS
