/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "cm-db.h"
#include "cm-source.h"
#include "cm-sync.h"

G_BEGIN_DECLS

/* Review actions waiting to reach the server: a report's review state and
 * comments, queued by a person and pushed at the next sync. The queue is a
 * table, so it survives restarts. */

typedef enum
{
  CM_REVIEW_APPROVED,     /* Central "approved"; Kobo validation_status_approved */
  CM_REVIEW_HAS_ISSUES,   /* Central "hasIssues"; Kobo validation_status_on_hold */
  CM_REVIEW_REJECTED,     /* Central "rejected"; Kobo validation_status_not_approved */
} CmReviewState;

#define CM_TYPE_OUTBOX_ITEM (cm_outbox_item_get_type ())
G_DECLARE_FINAL_TYPE (CmOutboxItem, cm_outbox_item, CM, OUTBOX_ITEM, GObject)

gint64      cm_outbox_item_get_id          (CmOutboxItem *self);
gint64      cm_outbox_item_get_report_id   (CmOutboxItem *self);
const char *cm_outbox_item_get_instance_id (CmOutboxItem *self);
const char *cm_outbox_item_get_folio       (CmOutboxItem *self);
const char *cm_outbox_item_get_report_date (CmOutboxItem *self);
const char *cm_outbox_item_get_action      (CmOutboxItem *self);  /* "review_state" or "comment" */
const char *cm_outbox_item_get_summary     (CmOutboxItem *self);  /* what a person reads: the state or the comment */
const char *cm_outbox_item_get_created_at  (CmOutboxItem *self);
guint       cm_outbox_item_get_attempts    (CmOutboxItem *self);
const char *cm_outbox_item_get_last_error  (CmOutboxItem *self);

gboolean    cm_outbox_queue_review         (CmDb           *db,
                                            gint64          report_id,
                                            CmReviewState   state,
                                            const char     *comment,
                                            const char     *actor,
                                            GError        **error);
GListModel *cm_outbox_list_pending         (CmDb           *db,
                                            GError        **error);
gint64      cm_outbox_count_pending        (CmDb           *db);
gboolean    cm_outbox_push                 (CmDb                *db,
                                            CmSource            *source,
                                            const char          *secret,
                                            const CmSyncOptions *options,
                                            guint               *pushed,
                                            GCancellable        *cancellable,
                                            GError             **error);

G_END_DECLS
