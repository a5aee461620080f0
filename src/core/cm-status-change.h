/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "cm-canteen.h"
#include "cm-db.h"

G_BEGIN_DECLS

/* A supervisor's decision on a kitchen's status (active, suspended, closed),
 * with its reason. The kitchen's status follows it by a trigger of the
 * database, and the decision can never be changed: a reversal is a new
 * decision. Errors are in CM_SANCTION_ERROR (cm-sanction.h). */

#define CM_TYPE_STATUS_CHANGE (cm_status_change_get_type ())
G_DECLARE_FINAL_TYPE (CmStatusChange, cm_status_change, CM, STATUS_CHANGE, GObject)

gint64      cm_status_change_get_id           (CmStatusChange *self);
gint64      cm_status_change_get_canteen_id   (CmStatusChange *self);
const char *cm_status_change_get_old_status   (CmStatusChange *self);  /* "active"... */
const char *cm_status_change_get_new_status   (CmStatusChange *self);
const char *cm_status_change_get_effective_on (CmStatusChange *self);  /* YYYY-MM-DD */
const char *cm_status_change_get_decided_by   (CmStatusChange *self);
const char *cm_status_change_get_reason       (CmStatusChange *self);
gint64      cm_status_change_get_sanction_id  (CmStatusChange *self);  /* 0: none */
const char *cm_status_change_get_recorded_at  (CmStatusChange *self);  /* UTC ISO 8601 */

const char *cm_status_change_status_to_string (CmCanteenStatus status);

gint64      cm_status_change_record           (CmDb            *db,
                                               gint64           canteen_id,
                                               CmCanteenStatus  new_status,
                                               const GDate     *effective_on,
                                               const char      *decided_by,
                                               const char      *reason,
                                               const char      *actor,
                                               GError         **error);
GListModel *cm_status_change_list             (CmDb            *db,
                                               gint64           canteen_id,
                                               GError         **error);

G_END_DECLS
