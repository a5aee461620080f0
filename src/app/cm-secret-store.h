/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "cm-source.h"

G_BEGIN_DECLS

#define CM_SECRET_STORE_ERROR (cm_secret_store_error_quark ())

typedef enum
{
  CM_SECRET_STORE_ERROR_NO_KEYRING,  /* no desktop keyring; the secret lives in memory only */
} CmSecretStoreError;

#define CM_TYPE_SECRET_STORE (cm_secret_store_get_type ())
G_DECLARE_FINAL_TYPE (CmSecretStore, cm_secret_store, CM, SECRET_STORE, GObject)

GQuark         cm_secret_store_error_quark  (void);

CmSecretStore *cm_secret_store_get_default  (void);

void           cm_secret_store_set_session  (CmSecretStore        *self,
                                             CmSource             *source,
                                             const char           *secret);
gboolean       cm_secret_store_get_keyring_available (CmSecretStore *self);
void           cm_secret_store_disable_keyring (CmSecretStore *self);

void           cm_secret_store_lookup_async (CmSecretStore        *self,
                                             CmSource             *source,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
char          *cm_secret_store_lookup_finish (CmSecretStore       *self,
                                              GAsyncResult        *result,
                                              GError             **error);

void           cm_secret_store_save_async   (CmSecretStore        *self,
                                             CmSource             *source,
                                             const char           *secret,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
gboolean       cm_secret_store_save_finish  (CmSecretStore        *self,
                                             GAsyncResult         *result,
                                             GError              **error);

void           cm_secret_store_forget_async (CmSecretStore        *self,
                                             CmSource             *source,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
gboolean       cm_secret_store_forget_finish (CmSecretStore       *self,
                                              GAsyncResult        *result,
                                              GError             **error);

/* A secret in memory: wiped before it is freed. */
typedef char CmSecret;

void           cm_secret_free               (CmSecret             *secret);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CmSecret, cm_secret_free)

G_END_DECLS
