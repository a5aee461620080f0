/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "cm-sync.h"

G_BEGIN_DECLS

/* The HTTP side of a sync, shared by the pull and the outbox push: one
 * session with its retries, its login and its sentences. Blocking. */
typedef struct _CmSyncClient CmSyncClient;

CmSyncClient *_cm_sync_client_new   (CmSource             *source,
                                     const char           *secret,
                                     const CmSyncOptions  *options,
                                     GCancellable         *cancellable);
void          _cm_sync_client_free  (CmSyncClient         *client);
gboolean      _cm_sync_client_login (CmSyncClient         *client,
                                     GError              **error);
GBytes       *_cm_sync_client_send  (CmSyncClient         *client,
                                     const char           *method,
                                     const char           *url,
                                     const char           *json_body,
                                     GError              **error);

char         *_cm_sync_client_rebase (CmSyncClient        *client,
                                      const char          *link);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CmSyncClient, _cm_sync_client_free)

G_END_DECLS
