/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "cm-source"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "cm-source.h"

struct _CmSource
{
  GObject       parent_instance;

  gint64        id;
  char         *name;
  CmSourceKind  kind;
  char         *base_url;
  char         *project;
  char         *form_id;
  char         *username;
  char         *cursor;
};

G_DEFINE_FINAL_TYPE (CmSource, cm_source, G_TYPE_OBJECT)

static void
cm_source_finalize (GObject *object)
{
  CmSource *self = (CmSource *)object;

  g_free (self->name);
  g_free (self->base_url);
  g_free (self->project);
  g_free (self->form_id);
  g_free (self->username);
  g_free (self->cursor);

  G_OBJECT_CLASS (cm_source_parent_class)->finalize (object);
}

static void
cm_source_class_init (CmSourceClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cm_source_finalize;
}

static void
cm_source_init (CmSource *self)
{
}

gint64
cm_source_get_id (CmSource *self)
{
  g_return_val_if_fail (CM_IS_SOURCE (self), 0);
  return self->id;
}

const char *
cm_source_get_name (CmSource *self)
{
  g_return_val_if_fail (CM_IS_SOURCE (self), NULL);
  return self->name;
}

CmSourceKind
cm_source_get_kind (CmSource *self)
{
  g_return_val_if_fail (CM_IS_SOURCE (self), CM_SOURCE_CENTRAL);
  return self->kind;
}

const char *
cm_source_get_kind_name (CmSource *self)
{
  g_return_val_if_fail (CM_IS_SOURCE (self), NULL);
  return self->kind == CM_SOURCE_KOBO ? "kobo" : "central";
}

const char *
cm_source_get_base_url (CmSource *self)
{
  g_return_val_if_fail (CM_IS_SOURCE (self), NULL);
  return self->base_url;
}

const char *
cm_source_get_project (CmSource *self)
{
  g_return_val_if_fail (CM_IS_SOURCE (self), NULL);
  return self->project;
}

const char *
cm_source_get_form_id (CmSource *self)
{
  g_return_val_if_fail (CM_IS_SOURCE (self), NULL);
  return self->form_id;
}

const char *
cm_source_get_username (CmSource *self)
{
  g_return_val_if_fail (CM_IS_SOURCE (self), NULL);
  return self->username;
}

/**
 * cm_source_get_cursor:
 * @self: a #CmSource
 *
 * Returns: (nullable): where the last complete pull ended, as the sync engine
 *   wrote it, or %NULL before the first
 */
const char *
cm_source_get_cursor (CmSource *self)
{
  g_return_val_if_fail (CM_IS_SOURCE (self), NULL);
  return self->cursor;
}

gboolean
cm_source_kind_from_name (const char   *name,
                          CmSourceKind *kind)
{
  if (g_strcmp0 (name, "central") == 0)
    *kind = CM_SOURCE_CENTRAL;
  else if (g_strcmp0 (name, "kobo") == 0)
    *kind = CM_SOURCE_KOBO;
  else
    return FALSE;

  return TRUE;
}

static CmSource *
source_from_row (sqlite3_stmt *stmt)
{
  CmSource *self = g_object_new (CM_TYPE_SOURCE, NULL);

  self->id = sqlite3_column_int64 (stmt, 0);
  self->name = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
  cm_source_kind_from_name ((const char *) sqlite3_column_text (stmt, 2), &self->kind);
  self->base_url = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
  self->project = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
  self->form_id = g_strdup ((const char *) sqlite3_column_text (stmt, 5));
  self->username = g_strdup ((const char *) sqlite3_column_text (stmt, 6));
  self->cursor = g_strdup ((const char *) sqlite3_column_text (stmt, 7));

  return self;
}

#define SOURCE_COLUMNS "id, name, kind, base_url, project, form_id, username, cursor"

/* The fields as a person typed them, checked, in an account of no database
 * (id 0), with the address normalised. */
static CmSource *
source_new_checked (const char    *name,
                    CmSourceKind   kind,
                    const char    *base_url,
                    const char    *project,
                    const char    *form_id,
                    const char    *username,
                    GError       **error)
{
  g_autoptr(GUri) uri = NULL;
  g_autofree char *url = NULL;
  CmSource *self;

  if (name == NULL || *name == '\0')
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, _("The account needs a name."));
      return NULL;
    }

  uri = g_uri_parse (base_url ? base_url : "", G_URI_FLAGS_NONE, NULL);
  if (uri == NULL ||
      (g_strcmp0 (g_uri_get_scheme (uri), "http") != 0 && g_strcmp0 (g_uri_get_scheme (uri), "https") != 0) ||
      g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0')
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not a server address. Write it as https://server.example.org."),
                   base_url ? base_url : "");
      return NULL;
    }

  if (form_id == NULL || *form_id == '\0')
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("The account needs the form’s id (Central) or the asset’s uid (KoBoToolbox)."));
      return NULL;
    }

  if (kind == CM_SOURCE_CENTRAL &&
      (project == NULL || *project == '\0' || username == NULL || *username == '\0'))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("An ODK Central account needs the project number and the user’s email."));
      return NULL;
    }

  /* Without a trailing slash, so that paths join the same way every time. */
  url = g_strdup (base_url);
  while (g_str_has_suffix (url, "/"))
    url[strlen (url) - 1] = '\0';

  self = g_object_new (CM_TYPE_SOURCE, NULL);
  self->name = g_strdup (name);
  self->kind = kind;
  self->base_url = g_steal_pointer (&url);
  self->project = g_strdup (project);
  self->form_id = g_strdup (form_id);
  self->username = g_strdup (username);

  return self;
}

/**
 * cm_source_add:
 * @db: the database
 * @name: a name the person chooses, unique
 * @kind: the server's kind
 * @base_url: the server, e.g. `https://central.example.org`
 * @project: (nullable): Central's project id
 * @form_id: Central's xmlFormId, or Kobo's asset uid
 * @username: (nullable): Central's email
 * @error: return location for a #GError
 *
 * Records a server account. Takes the database lock.
 *
 * Returns: (transfer full): the account, or %NULL with @error set
 */
CmSource *
cm_source_add (CmDb          *db,
               const char    *name,
               CmSourceKind   kind,
               const char    *base_url,
               const char    *project,
               const char    *form_id,
               const char    *username,
               GError       **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *created = g_date_time_format_iso8601 (now);
  g_autoptr(CmSource) checked = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (CM_IS_DB (db), NULL);

  checked = source_new_checked (name, kind, base_url, project, form_id, username, error);
  if (checked == NULL)
    return NULL;

  locker = g_mutex_locker_new (cm_db_get_mutex (db));

  stmt = cm_db_prepare (db,
                        "INSERT INTO source (name, kind, base_url, project, form_id, username, created_at)"
                        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                        error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_text (stmt, 1, checked->name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, cm_source_get_kind_name (checked), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, checked->base_url, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, checked->project, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, checked->form_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 6, checked->username, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 7, created, -1, SQLITE_TRANSIENT);

  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      if (sqlite3_extended_errcode (cm_db_get_handle (db)) == SQLITE_CONSTRAINT_UNIQUE)
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                     _("There is already an account named “%s”."), name);
      else
        cm_db_set_error_from_handle (db, error);
      sqlite3_reset (stmt);
      return NULL;
    }
  sqlite3_reset (stmt);

  stmt = cm_db_prepare (db, "SELECT " SOURCE_COLUMNS " FROM source WHERE id = last_insert_rowid ()", error);
  if (stmt == NULL || sqlite3_step (stmt) != SQLITE_ROW)
    {
      if (stmt != NULL)
        cm_db_set_error_from_handle (db, error);
      return NULL;
    }

  {
    CmSource *source = source_from_row (stmt);
    sqlite3_reset (stmt);
    return source;
  }
}

/**
 * cm_source_list:
 * @db: the database
 * @error: return location for a #GError
 *
 * Returns: (transfer full): a #GListModel of #CmSource by name, or %NULL
 */
GListModel *
cm_source_list (CmDb    *db,
                GError **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(GListStore) store = g_list_store_new (CM_TYPE_SOURCE);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (CM_IS_DB (db), NULL);

  locker = g_mutex_locker_new (cm_db_get_mutex (db));
  if (!(stmt = cm_db_prepare (db, "SELECT " SOURCE_COLUMNS " FROM source ORDER BY name", error)))
    return NULL;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(CmSource) source = source_from_row (stmt);
      g_list_store_append (store, source);
    }
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      cm_db_set_error_from_handle (db, error);
      return NULL;
    }

  return G_LIST_MODEL (g_steal_pointer (&store));
}

/**
 * cm_source_find:
 * @db: the database
 * @name: an account's name
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the account, or %NULL with %G_IO_ERROR_NOT_FOUND
 */
CmSource *
cm_source_find (CmDb        *db,
                const char  *name,
                GError     **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  sqlite3_stmt *stmt;
  CmSource *source = NULL;

  g_return_val_if_fail (CM_IS_DB (db), NULL);

  locker = g_mutex_locker_new (cm_db_get_mutex (db));
  if (!(stmt = cm_db_prepare (db, "SELECT " SOURCE_COLUMNS " FROM source WHERE name = ?1", error)))
    return NULL;

  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    source = source_from_row (stmt);
  else
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                 _("There is no account named “%s”."), name);
  sqlite3_reset (stmt);

  return source;
}

/**
 * cm_source_remove:
 * @db: the database
 * @id: the account's id
 * @error: return location for a #GError
 *
 * Removes an account with its run history; the reports it brought stay.
 *
 * Returns: %TRUE on success
 */
gboolean
cm_source_remove (CmDb    *db,
                  gint64   id,
                  GError **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (CM_IS_DB (db), FALSE);

  locker = g_mutex_locker_new (cm_db_get_mutex (db));
  if (!(stmt = cm_db_prepare (db, "DELETE FROM source WHERE id = ?1", error)))
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, id);
  return cm_db_step_done (db, stmt, error);
}

/**
 * cm_source_new_unsaved:
 * @name: the account's name
 * @kind: the server's kind
 * @base_url: the server
 * @project: (nullable): Central's project id
 * @form_id: Central's xmlFormId, or Kobo's asset uid
 * @username: (nullable): Central's email
 * @error: return location for a #GError
 *
 * Checks the fields as cm_source_add() does and makes an account that is in
 * no database, to test a connection before saving it. Its id is 0.
 *
 * Returns: (transfer full): the account, or %NULL with @error set
 */
CmSource *
cm_source_new_unsaved (const char    *name,
                       CmSourceKind   kind,
                       const char    *base_url,
                       const char    *project,
                       const char    *form_id,
                       const char    *username,
                       GError       **error)
{
  return source_new_checked (name, kind, base_url, project, form_id, username, error);
}

/**
 * cm_source_update:
 * @db: the database
 * @id: the account's id
 * @name: its new name, unique
 * @kind: the server's kind
 * @base_url: the server
 * @project: (nullable): Central's project id
 * @form_id: Central's xmlFormId, or Kobo's asset uid
 * @username: (nullable): Central's email
 * @error: return location for a #GError
 *
 * Changes an account, with the checks of cm_source_add(). Its history, its
 * queued reviews and its reports stay; when it points at another server,
 * project or form, the next pull starts from the beginning.
 *
 * Returns: %TRUE on success
 */
gboolean
cm_source_update (CmDb          *db,
                  gint64         id,
                  const char    *name,
                  CmSourceKind   kind,
                  const char    *base_url,
                  const char    *project,
                  const char    *form_id,
                  const char    *username,
                  GError       **error)
{
  g_autoptr(CmSource) checked = NULL;
  g_autoptr(GMutexLocker) locker = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (CM_IS_DB (db), FALSE);

  checked = source_new_checked (name, kind, base_url, project, form_id, username, error);
  if (checked == NULL)
    return FALSE;

  locker = g_mutex_locker_new (cm_db_get_mutex (db));
  stmt = cm_db_prepare (db,
                        "UPDATE source SET name = ?2, kind = ?3, base_url = ?4, project = ?5,"
                        "  form_id = ?6, username = ?7,"
                        "  cursor = CASE WHEN kind = ?3 AND base_url = ?4 AND project IS ?5"
                        "                 AND form_id = ?6 THEN cursor END"
                        " WHERE id = ?1",
                        error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_text (stmt, 2, cm_source_get_name (checked), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, cm_source_get_kind_name (checked), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, cm_source_get_base_url (checked), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, cm_source_get_project (checked), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 6, cm_source_get_form_id (checked), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 7, cm_source_get_username (checked), -1, SQLITE_TRANSIENT);

  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      if (sqlite3_extended_errcode (cm_db_get_handle (db)) == SQLITE_CONSTRAINT_UNIQUE)
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                     _("There is already an account named “%s”."), name);
      else
        cm_db_set_error_from_handle (db, error);
      sqlite3_reset (stmt);
      return FALSE;
    }
  sqlite3_reset (stmt);

  if (sqlite3_changes (cm_db_get_handle (db)) == 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("The account was removed meanwhile."));
      return FALSE;
    }

  return TRUE;
}
