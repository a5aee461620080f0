/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "cm-db.h"

G_BEGIN_DECLS

GListModel *cm_canteen_list_load        (CmDb                *db,
                                         const GDate         *today,
                                         GError             **error);
void        cm_canteen_list_load_async  (CmDb                *db,
                                         const GDate         *today,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);
GListModel *cm_canteen_list_load_finish (GAsyncResult        *result,
                                         GError             **error);

G_END_DECLS
