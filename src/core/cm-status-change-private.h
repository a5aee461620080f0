/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "cm-status-change.h"

G_BEGIN_DECLS

/* Inside the caller's transaction, with the database lock held: a sanction
 * and the status decision it comes with are one transaction. */
gint64 _cm_status_change_insert (CmDb            *db,
                                 gint64           canteen_id,
                                 CmCanteenStatus  new_status,
                                 const GDate     *effective_on,
                                 const char      *decided_by,
                                 const char      *reason,
                                 gint64           sanction_id,
                                 const char      *actor,
                                 GError         **error);

G_END_DECLS
