/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "cm-checks.h"
#include "cm-db.h"

G_BEGIN_DECLS

gboolean cm_compliance_update (CmDb           *db,
                               CmChecksStats  *stats,
                               guint          *findings_closed,
                               GCancellable   *cancellable,
                               GError        **error);

G_END_DECLS
