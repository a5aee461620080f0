/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "cm-db"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "cm-db-private.h"

struct _CmDb
{
  GObject     parent_instance;

  sqlite3    *handle;
  char       *path;
  GHashTable *statements; /* SQL text → sqlite3_stmt, finalized with the db */
  GMutex      mutex;
  int         schema_version;
};

G_DEFINE_FINAL_TYPE (CmDb, cm_db, G_TYPE_OBJECT)

G_DEFINE_QUARK (cm-db-error-quark, cm_db_error)

static void
finalize_statement (gpointer stmt)
{
  sqlite3_finalize (stmt);
}

static void
cm_db_finalize (GObject *object)
{
  CmDb *self = (CmDb *)object;

  g_clear_pointer (&self->statements, g_hash_table_unref);
  if (self->handle != NULL)
    sqlite3_close_v2 (self->handle);
  self->handle = NULL;
  g_clear_pointer (&self->path, g_free);
  g_mutex_clear (&self->mutex);

  G_OBJECT_CLASS (cm_db_parent_class)->finalize (object);
}

static void
cm_db_class_init (CmDbClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cm_db_finalize;
}

static void
cm_db_init (CmDb *self)
{
  g_mutex_init (&self->mutex);
  self->statements = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                            finalize_statement);
}

/**
 * cm_db_set_error_from_handle:
 * @self: a #CmDb
 * @error: return location for a #GError
 *
 * Sets @error to %CM_DB_ERROR_QUERY with SQLite's last message.
 */
void
cm_db_set_error_from_handle (CmDb    *self,
                             GError **error)
{
  g_set_error (error, CM_DB_ERROR, CM_DB_ERROR_QUERY,
               _("The database could not complete an operation: %s"),
               sqlite3_errmsg (self->handle));
}

static gboolean
exec_raw (sqlite3     *handle,
          const char  *sql,
          char       **message)
{
  char *errmsg = NULL;

  if (sqlite3_exec (handle, sql, NULL, NULL, &errmsg) != SQLITE_OK)
    {
      if (message != NULL)
        *message = g_strdup (errmsg != NULL ? errmsg : sqlite3_errmsg (handle));
      sqlite3_free (errmsg);
      return FALSE;
    }

  return TRUE;
}

static gboolean
read_pragma_int (sqlite3    *handle,
                 const char *sql,
                 int        *value,
                 int        *rc)
{
  sqlite3_stmt *stmt = NULL;

  *rc = sqlite3_prepare_v2 (handle, sql, -1, &stmt, NULL);
  if (*rc == SQLITE_OK)
    {
      *rc = sqlite3_step (stmt);
      if (*rc == SQLITE_ROW)
        {
          *value = sqlite3_column_int (stmt, 0);
          *rc = SQLITE_OK;
        }
    }
  sqlite3_finalize (stmt);

  return *rc == SQLITE_OK;
}

static gboolean
apply_migrations (CmDb               *self,
                  const char * const *migrations,
                  guint               n_migrations,
                  GError            **error)
{
  for (guint i = (guint) self->schema_version; i < n_migrations; i++)
    {
      g_autofree char *message = NULL;
      g_autofree char *set_version = NULL;

      /* BEGIN IMMEDIATE: nobody else may write while the schema changes. */
      if (!exec_raw (self->handle, "BEGIN IMMEDIATE", &message) ||
          !exec_raw (self->handle, migrations[i], &message) ||
          !exec_raw (self->handle,
                     (set_version = g_strdup_printf ("PRAGMA user_version = %u", i + 1)),
                     &message) ||
          !exec_raw (self->handle, "COMMIT", &message))
        {
          exec_raw (self->handle, "ROLLBACK", NULL);
          g_set_error (error, CM_DB_ERROR, CM_DB_ERROR_MIGRATION,
                       _("The database “%s” could not be upgraded to version %u "
                         "and was left as it was: %s"),
                       self->path, i + 1, message);
          return FALSE;
        }

      self->schema_version = (int) i + 1;
    }

  return TRUE;
}

static gboolean
has_any_schema (sqlite3 *handle,
                int     *rc)
{
  int count = 0;

  read_pragma_int (handle, "SELECT count(*) FROM sqlite_schema", &count, rc);
  return count > 0;
}

CmDb *
_cm_db_open_with_migrations (const char         *path,
                             const char * const *migrations,
                             guint               n_migrations,
                             GError            **error)
{
  g_autoptr(CmDb) self = NULL;
  int application_id = 0;
  int rc;

  g_return_val_if_fail (path != NULL, NULL);


  self = g_object_new (CM_TYPE_DB, NULL);
  self->path = g_strdup (path);

  rc = sqlite3_open_v2 (path, &self->handle,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
                        SQLITE_OPEN_FULLMUTEX | SQLITE_OPEN_EXRESCODE,
                        NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, CM_DB_ERROR, CM_DB_ERROR_OPEN,
                   _("The database “%s” could not be opened: %s"),
                   path, self->handle ? sqlite3_errmsg (self->handle) : sqlite3_errstr (rc));
      return NULL;
    }

  sqlite3_busy_timeout (self->handle, 5000);
  sqlite3_extended_result_codes (self->handle, TRUE);

  /* Read what the file is before anything writes to it, so that a file
   * that is not ours is left untouched. */
  if (!read_pragma_int (self->handle, "PRAGMA application_id", &application_id, &rc) ||
      !read_pragma_int (self->handle, "PRAGMA user_version", &self->schema_version, &rc))
    {
      if ((rc & 0xff) == SQLITE_NOTADB || (rc & 0xff) == SQLITE_CORRUPT)
        g_set_error (error, CM_DB_ERROR, CM_DB_ERROR_NOT_A_DATABASE,
                     _("“%s” is not a Comedores database. Choose another file, "
                       "or a new name to start an empty database."),
                     path);
      else
        g_set_error (error, CM_DB_ERROR, CM_DB_ERROR_OPEN,
                     _("The database “%s” could not be read: %s"),
                     path, sqlite3_errstr (rc));
      return NULL;
    }

  if (application_id != CM_DB_APPLICATION_ID)
    {
      gboolean used = has_any_schema (self->handle, &rc);

      if (rc != SQLITE_OK || used || application_id != 0 || self->schema_version != 0)
        {
          g_set_error (error, CM_DB_ERROR, CM_DB_ERROR_NOT_A_DATABASE,
                       _("“%s” is an SQLite file of another program, not a Comedores "
                         "database. It was left untouched."),
                       path);
          return NULL;
        }
    }

  if (self->schema_version > (int) n_migrations)
    {
      g_set_error (error, CM_DB_ERROR, CM_DB_ERROR_TOO_NEW,
                   _("The database “%s” was written by a newer version of Comedores "
                     "(schema %d; this version knows up to %u). Update Comedores to open it."),
                   path, self->schema_version, n_migrations);
      return NULL;
    }

  {
    g_autofree char *message = NULL;

    if (!exec_raw (self->handle, "PRAGMA journal_mode = WAL", &message) ||
        !exec_raw (self->handle, "PRAGMA foreign_keys = ON", &message) ||
        !exec_raw (self->handle, "PRAGMA synchronous = NORMAL", &message))
      {
        g_set_error (error, CM_DB_ERROR, CM_DB_ERROR_OPEN,
                     _("The database “%s” could not be prepared: %s"), path, message);
        return NULL;
      }
  }

  if (!apply_migrations (self, migrations, n_migrations, error))
    return NULL;

  return g_steal_pointer (&self);
}

/**
 * cm_db_get_default_path:
 *
 * Returns: (transfer full): `$XDG_DATA_HOME/comedores/comedores.db`; its
 *   folder is created when missing
 */
char *
cm_db_get_default_path (void)
{
  g_autofree char *dir = g_build_filename (g_get_user_data_dir (), "comedores", NULL);

  g_mkdir_with_parents (dir, 0700);
  return g_build_filename (dir, "comedores.db", NULL);
}

/**
 * cm_db_open:
 * @path: the file to open, created when it does not exist
 * @error: return location for a #GError
 *
 * Opens a Comedores database, creating it and bringing its schema up to date.
 * A file that is not a Comedores database, or one written by a newer version,
 * is refused and left untouched.
 *
 * Returns: (transfer full): the database, or %NULL with @error set
 */
CmDb *
cm_db_open (const char  *path,
            GError     **error)
{
  return _cm_db_open_with_migrations (path, _cm_db_migrations, _cm_db_n_migrations, error);
}

const char *
cm_db_get_path (CmDb *self)
{
  g_return_val_if_fail (CM_IS_DB (self), NULL);
  return self->path;
}

int
cm_db_get_schema_version (CmDb *self)
{
  g_return_val_if_fail (CM_IS_DB (self), 0);
  return self->schema_version;
}

/**
 * cm_db_get_latest_version:
 *
 * Returns: the schema version this build of Comedores writes
 */
int
cm_db_get_latest_version (void)
{
  return (int) _cm_db_n_migrations;
}

sqlite3 *
cm_db_get_handle (CmDb *self)
{
  g_return_val_if_fail (CM_IS_DB (self), NULL);
  return self->handle;
}

/**
 * cm_db_get_mutex:
 * @self: a #CmDb
 *
 * The lock that a thread holds while it uses the database, its cached
 * statements and its transactions. Use it with g_mutex_locker_new().
 *
 * Returns: (transfer none): the mutex
 */
GMutex *
cm_db_get_mutex (CmDb *self)
{
  g_return_val_if_fail (CM_IS_DB (self), NULL);
  return &self->mutex;
}

/**
 * cm_db_prepare:
 * @self: a #CmDb
 * @sql: a single SQL statement, usually a string literal
 * @error: return location for a #GError
 *
 * Returns the cached prepared statement for @sql, reset and with its bindings
 * cleared. The database owns it: do not finalize it.
 *
 * Returns: (transfer none): the statement, or %NULL with @error set
 */
sqlite3_stmt *
cm_db_prepare (CmDb        *self,
               const char  *sql,
               GError     **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (CM_IS_DB (self), NULL);
  g_return_val_if_fail (sql != NULL, NULL);

  stmt = g_hash_table_lookup (self->statements, sql);
  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }

  if (sqlite3_prepare_v3 (self->handle, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL) != SQLITE_OK)
    {
      cm_db_set_error_from_handle (self, error);
      return NULL;
    }

  g_hash_table_insert (self->statements, g_strdup (sql), stmt);
  return stmt;
}

/**
 * cm_db_exec:
 * @self: a #CmDb
 * @sql: SQL without parameters
 * @error: return location for a #GError
 *
 * Runs @sql, which may hold several statements. Only for fixed SQL.
 *
 * Returns: %TRUE on success
 */
gboolean
cm_db_exec (CmDb        *self,
            const char  *sql,
            GError     **error)
{
  g_autofree char *message = NULL;

  g_return_val_if_fail (CM_IS_DB (self), FALSE);

  if (!exec_raw (self->handle, sql, &message))
    {
      g_set_error (error, CM_DB_ERROR, CM_DB_ERROR_QUERY,
                   _("The database could not complete an operation: %s"), message);
      return FALSE;
    }

  return TRUE;
}

/**
 * cm_db_begin:
 * @self: a #CmDb
 * @error: return location for a #GError
 *
 * Starts a write transaction (BEGIN IMMEDIATE).
 *
 * Returns: %TRUE on success
 */
gboolean
cm_db_begin (CmDb    *self,
             GError **error)
{
  return cm_db_exec (self, "BEGIN IMMEDIATE", error);
}

gboolean
cm_db_commit (CmDb    *self,
              GError **error)
{
  return cm_db_exec (self, "COMMIT", error);
}

void
cm_db_rollback (CmDb *self)
{
  g_return_if_fail (CM_IS_DB (self));

  if (!sqlite3_get_autocommit (self->handle))
    exec_raw (self->handle, "ROLLBACK", NULL);
}

/**
 * cm_db_step_done:
 * @self: a #CmDb
 * @stmt: a bound statement that returns no rows
 * @error: return location for a #GError
 *
 * Steps @stmt to completion and resets it.
 *
 * Returns: %TRUE on success
 */
gboolean
cm_db_step_done (CmDb          *self,
                 sqlite3_stmt  *stmt,
                 GError       **error)
{
  int rc = sqlite3_step (stmt);

  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    {
      cm_db_set_error_from_handle (self, error);
      sqlite3_reset (stmt);
      return FALSE;
    }

  sqlite3_reset (stmt);
  return TRUE;
}

/**
 * cm_db_query_int:
 * @self: a #CmDb
 * @sql: a statement without parameters whose first column is an integer
 * @error: return location for a #GError
 *
 * Returns: the first column of the first row, 0 when there is no row, or -1
 *   with @error set
 */
gint64
cm_db_query_int (CmDb        *self,
                 const char  *sql,
                 GError     **error)
{
  sqlite3_stmt *stmt;
  gint64 value = 0;
  int rc;

  if (!(stmt = cm_db_prepare (self, sql, error)))
    return -1;

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    value = sqlite3_column_int64 (stmt, 0);
  else if (rc != SQLITE_DONE)
    {
      cm_db_set_error_from_handle (self, error);
      value = -1;
    }
  sqlite3_reset (stmt);

  return value;
}

/**
 * cm_db_is_empty:
 * @self: a #CmDb
 *
 * Returns: %TRUE when the database holds no kitchens
 */
gboolean
cm_db_is_empty (CmDb *self)
{
  g_return_val_if_fail (CM_IS_DB (self), TRUE);
  return cm_db_query_int (self, "SELECT NOT EXISTS (SELECT 1 FROM canteen)", NULL) == 1;
}
