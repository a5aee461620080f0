/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "cm-secret-store"

#include "config.h"

#include <glib/gi18n.h>
#include <libsecret/secret.h>
#include <string.h>

#include "cm-secret-store.h"

/* The accounts' passwords and tokens, in the desktop keyring through
 * libsecret's simple API (which goes through the Secret portal inside
 * Flatpak), keyed by the account's server and name. Without a keyring they
 * live in this process's memory only, for the session. A secret is never
 * logged, never written to GSettings or the database, never put in an
 * error message. */

struct _CmSecretStore
{
  GObject     parent_instance;

  GHashTable *session;             /* "server\nname" → secret */
  gboolean    keyring_unavailable; /* it failed once: do not ask again */
};

G_DEFINE_FINAL_TYPE (CmSecretStore, cm_secret_store, G_TYPE_OBJECT)

G_DEFINE_QUARK (cm-secret-store-error-quark, cm_secret_store_error)

static const SecretSchema account_schema = {
  "io.github.comedores.Comedores.Account", SECRET_SCHEMA_NONE,
  {
    { "server", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { "account", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { NULL, 0 },
  },
  0, NULL, NULL, NULL, NULL, NULL, NULL, NULL
};

void
cm_secret_free (CmSecret *secret)
{
  if (secret == NULL)
    return;
  explicit_bzero (secret, strlen (secret));
  g_free (secret);
}

static char *
session_key (CmSource *source)
{
  return g_strconcat (cm_source_get_base_url (source), "\n", cm_source_get_name (source), NULL);
}

static void
cm_secret_store_finalize (GObject *object)
{
  CmSecretStore *self = CM_SECRET_STORE (object);

  g_clear_pointer (&self->session, g_hash_table_unref);

  G_OBJECT_CLASS (cm_secret_store_parent_class)->finalize (object);
}

static void
cm_secret_store_class_init (CmSecretStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cm_secret_store_finalize;
}

static void
cm_secret_store_init (CmSecretStore *self)
{
  self->session = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) cm_secret_free);
}

/**
 * cm_secret_store_get_default:
 *
 * Returns: (transfer none): the store of this process; its memory of
 *   secrets typed for the session lasts as long as the process
 */
CmSecretStore *
cm_secret_store_get_default (void)
{
  static CmSecretStore *store;

  if (g_once_init_enter (&store))
    g_once_init_leave (&store, g_object_new (CM_TYPE_SECRET_STORE, NULL));

  return store;
}

/**
 * cm_secret_store_set_session:
 * @self: the store
 * @source: the account
 * @secret: (nullable): its password or token, or %NULL to forget it
 *
 * Keeps @secret in memory for this session only; the keyring is not
 * touched. A secret kept so is found before the keyring's.
 */
void
cm_secret_store_set_session (CmSecretStore *self,
                             CmSource      *source,
                             const char    *secret)
{
  g_autofree char *key = NULL;

  g_return_if_fail (CM_IS_SECRET_STORE (self));
  g_return_if_fail (CM_IS_SOURCE (source));

  key = session_key (source);
  if (secret == NULL || *secret == '\0')
    g_hash_table_remove (self->session, key);
  else
    g_hash_table_replace (self->session, g_steal_pointer (&key), g_strdup (secret));
}

/**
 * cm_secret_store_get_keyring_available:
 * @self: the store
 *
 * Returns: %FALSE once the keyring failed to answer in this session
 */
gboolean
cm_secret_store_get_keyring_available (CmSecretStore *self)
{
  g_return_val_if_fail (CM_IS_SECRET_STORE (self), FALSE);
  return !self->keyring_unavailable;
}

/**
 * cm_secret_store_disable_keyring:
 * @self: the store
 *
 * Behaves from now on as without a keyring: secrets live in memory only.
 * For the tests, which must never touch a person's keyring.
 */
void
cm_secret_store_disable_keyring (CmSecretStore *self)
{
  g_return_if_fail (CM_IS_SECRET_STORE (self));
  self->keyring_unavailable = TRUE;
}

static void
set_no_keyring_error (GError **error)
{
  g_set_error_literal (error, CM_SECRET_STORE_ERROR, CM_SECRET_STORE_ERROR_NO_KEYRING,
                       _("The desktop keyring is not available, so Comedores keeps the password "
                         "only until it closes. You will be asked for it again next time."));
}

/* Whether @error says there is no keyring to talk to, rather than, say, a
 * person who dismissed the unlock prompt. */
static gboolean
note_keyring_failure (CmSecretStore *self,
                      const GError  *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return FALSE;

  /* The message names the service or the bus, never the secret. */
  g_debug ("The keyring did not answer: %s", error->message);

  if (error->domain == G_DBUS_ERROR || error->domain == G_IO_ERROR || error->domain == G_SPAWN_ERROR)
    {
      self->keyring_unavailable = TRUE;
      return TRUE;
    }

  return FALSE;
}

/* --- lookup ------------------------------------------------------------- */

static void
lookup_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CmSecretStore *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  char *secret;

  secret = secret_password_lookup_finish (result, &error);
  if (error != NULL)
    {
      if (note_keyring_failure (self, error))
        {
          g_clear_error (&error);
          set_no_keyring_error (&error);
        }
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (secret == NULL)
    {
      g_task_return_pointer (task, NULL, NULL);
      return;
    }

  g_task_return_pointer (task, g_strdup (secret), (GDestroyNotify) cm_secret_free);
  secret_password_free (secret);
}

/**
 * cm_secret_store_lookup_async:
 * @self: the store
 * @source: the account
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the answer
 * @user_data: data for @callback
 *
 * Finds the account's secret: the one kept for this session, or else the
 * keyring's.
 */
void
cm_secret_store_lookup_async (CmSecretStore       *self,
                              CmSource            *source,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *key = NULL;
  const char *kept;

  g_return_if_fail (CM_IS_SECRET_STORE (self));
  g_return_if_fail (CM_IS_SOURCE (source));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cm_secret_store_lookup_async);

  key = session_key (source);
  kept = g_hash_table_lookup (self->session, key);
  if (kept != NULL)
    {
      g_task_return_pointer (task, g_strdup (kept), (GDestroyNotify) cm_secret_free);
      return;
    }

  if (self->keyring_unavailable)
    {
      GError *error = NULL;

      set_no_keyring_error (&error);
      g_task_return_error (task, error);
      return;
    }

  secret_password_lookup (&account_schema, cancellable, lookup_done_cb, g_steal_pointer (&task),
                          "server", cm_source_get_base_url (source),
                          "account", cm_source_get_name (source),
                          NULL);
}

/**
 * cm_secret_store_lookup_finish:
 * @self: the store
 * @result: the #GAsyncResult
 * @error: return location for a #GError; %CM_SECRET_STORE_ERROR_NO_KEYRING
 *   when there is no keyring to ask
 *
 * Returns: (transfer full) (nullable): the secret, to free with
 *   cm_secret_free(), or %NULL without @error when none is saved
 */
char *
cm_secret_store_lookup_finish (CmSecretStore  *self,
                               GAsyncResult   *result,
                               GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* --- save --------------------------------------------------------------- */

static void
store_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CmSecretStore *self = g_task_get_source_object (task);
  CmSource *source = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (secret_password_store_finish (result, &error))
    {
      /* The keyring has it now; a copy typed earlier for the session
       * would only shadow a later change made elsewhere. */
      cm_secret_store_set_session (self, source, NULL);
      g_task_return_boolean (task, TRUE);
      return;
    }

  if (note_keyring_failure (self, error))
    {
      g_clear_error (&error);
      set_no_keyring_error (&error);
    }
  g_task_return_error (task, g_steal_pointer (&error));
}

/**
 * cm_secret_store_save_async:
 * @self: the store
 * @source: the account
 * @secret: its password or token
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when saved
 * @user_data: data for @callback
 *
 * Saves @secret in the keyring. It is kept for the session at once, so
 * that it works even when the keyring does not answer.
 */
void
cm_secret_store_save_async (CmSecretStore       *self,
                            CmSource            *source,
                            const char          *secret,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *label = NULL;

  g_return_if_fail (CM_IS_SECRET_STORE (self));
  g_return_if_fail (CM_IS_SOURCE (source));
  g_return_if_fail (secret != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cm_secret_store_save_async);
  g_task_set_task_data (task, g_object_ref (source), g_object_unref);

  cm_secret_store_set_session (self, source, secret);

  if (self->keyring_unavailable)
    {
      GError *error = NULL;

      set_no_keyring_error (&error);
      g_task_return_error (task, error);
      return;
    }

  /* Translators: the name of the keyring item, as shown by Passwords and Keys */
  label = g_strdup_printf (_("Comedores account “%s”"), cm_source_get_name (source));
  secret_password_store (&account_schema, SECRET_COLLECTION_DEFAULT, label, secret,
                         cancellable, store_done_cb, g_steal_pointer (&task),
                         "server", cm_source_get_base_url (source),
                         "account", cm_source_get_name (source),
                         NULL);
}

/**
 * cm_secret_store_save_finish:
 * @self: the store
 * @result: the #GAsyncResult
 * @error: return location for a #GError; %CM_SECRET_STORE_ERROR_NO_KEYRING
 *   when the secret is kept for this session only
 *
 * Returns: %TRUE when the keyring has it
 */
gboolean
cm_secret_store_save_finish (CmSecretStore  *self,
                             GAsyncResult   *result,
                             GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* --- forget ------------------------------------------------------------- */

static void
clear_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CmSecretStore *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;

  /* FALSE without an error: there was nothing to remove. */
  secret_password_clear_finish (result, &error);
  if (error != NULL)
    {
      note_keyring_failure (self, error);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_return_boolean (task, TRUE);
}

/**
 * cm_secret_store_forget_async:
 * @self: the store
 * @source: the account
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Removes the account's secret from the session and from the keyring.
 */
void
cm_secret_store_forget_async (CmSecretStore       *self,
                              CmSource            *source,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (CM_IS_SECRET_STORE (self));
  g_return_if_fail (CM_IS_SOURCE (source));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cm_secret_store_forget_async);

  cm_secret_store_set_session (self, source, NULL);

  if (self->keyring_unavailable)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  secret_password_clear (&account_schema, cancellable, clear_done_cb, g_steal_pointer (&task),
                         "server", cm_source_get_base_url (source),
                         "account", cm_source_get_name (source),
                         NULL);
}

gboolean
cm_secret_store_forget_finish (CmSecretStore  *self,
                               GAsyncResult   *result,
                               GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
