/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "cm-db.h"

G_BEGIN_DECLS

/* A received row that could not be mapped to a report, kept with the
 * reason and its raw text: nothing received is ever dropped. */
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


G_END_DECLS
