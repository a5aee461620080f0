/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "cm-source.h"

G_BEGIN_DECLS

/* The words the window uses for sync: accounts, runs and review states. */

const char *cm_sync_format_kind         (CmSourceKind  kind);
const char *cm_sync_format_secret_title (CmSourceKind  kind);
char       *cm_sync_format_account      (CmSource     *source);
char       *cm_sync_format_timestamp    (const char   *iso_utc);
const char *cm_sync_format_run_state    (const char   *state);
const char *cm_sync_format_review_state (const char   *state);
char       *cm_sync_format_counts       (guint         inserted,
                                         guint         updated,
                                         guint         quarantined,
                                         guint         pushed);

G_END_DECLS
