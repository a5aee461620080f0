/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "cm-db.h"

G_BEGIN_DECLS

/* One figure about a database: a stable key (not translated) and its value. */
typedef struct
{
  char   *key;
  gint64  value;
} CmStat;

void       cm_stat_free        (CmStat   *stat);
GPtrArray *cm_stats_collect    (CmDb     *db,
                                GError  **error);
gboolean   cm_stats_lookup     (GPtrArray  *stats,
                                const char *key,
                                gint64     *value);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CmStat, cm_stat_free)

G_END_DECLS
