/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "cm-db.h"
#include "cm-source.h"
#include "cm-sync.h"

G_BEGIN_DECLS

char     *cm_attachments_get_default_folder (void);
char     *cm_attachments_get_folder_for_db  (CmDb                *db);
char     *cm_attachments_relative_path      (const char          *sha256,
                                             const char          *name);
gboolean  cm_attachments_store_bytes        (const char          *folder,
                                             GBytes              *bytes,
                                             const char          *name,
                                             char               **out_sha256,
                                             char               **out_relative,
                                             GError             **error);
gboolean  cm_attachments_fetch              (CmDb                *db,
                                             CmSource            *source,
                                             const char          *secret,
                                             const CmSyncOptions *options,
                                             const char          *folder,
                                             gint64               report_id,
                                             guint               *fetched,
                                             GCancellable        *cancellable,
                                             GError             **error);

G_END_DECLS
