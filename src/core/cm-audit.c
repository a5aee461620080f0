/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "cm-audit"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "cm-audit.h"

/* The chain. Row N's hash is the SHA-256, in lowercase hexadecimal, of
 *
 *   "cm-audit-1" F(id) F(prev_hash) F(at) F(actor) F(action) F(entity)
 *   F(entity_id) F(before) F(after)
 *
 * where F(NULL) is the single byte "~" and F(text) is the byte length of the
 * UTF-8 text in decimal, a ":", and the text itself; id is written in
 * decimal. Every field is length-prefixed, so no two different rows encode
 * alike however their texts are cut. prev_hash is the previous row's hash,
 * or 64 zeros for row 1. Ids run 1, 2, 3... without holes: SQLite gives a
 * new row the largest id plus one, so a hole means a row was removed.
 *
 * A chain in the same file cannot show rows cut from its end when nothing
 * is appended after them; cm_audit_get_head() gives the last hash, to be
 * written down or published where the file cannot reach. */

#define GENESIS_HASH "0000000000000000000000000000000000000000000000000000000000000000"
#define ACTOR_MAX_CHARS 200

struct _CmAuditEntry
{
  GObject  parent_instance;

  gint64   id;
  char    *at;
  char    *actor;
  char    *action;
  char    *entity;
  char    *entity_id;
  char    *before;
  char    *after;
  char    *hash;
};

G_DEFINE_FINAL_TYPE (CmAuditEntry, cm_audit_entry, G_TYPE_OBJECT)

G_DEFINE_QUARK (cm-audit-error-quark, cm_audit_error)

static void
cm_audit_entry_finalize (GObject *object)
{
  CmAuditEntry *self = (CmAuditEntry *)object;

  g_free (self->at);
  g_free (self->actor);
  g_free (self->action);
  g_free (self->entity);
  g_free (self->entity_id);
  g_free (self->before);
  g_free (self->after);
  g_free (self->hash);

  G_OBJECT_CLASS (cm_audit_entry_parent_class)->finalize (object);
}

static void
cm_audit_entry_class_init (CmAuditEntryClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cm_audit_entry_finalize;
}

static void
cm_audit_entry_init (CmAuditEntry *self)
{
}

gint64
cm_audit_entry_get_id (CmAuditEntry *self)
{
  g_return_val_if_fail (CM_IS_AUDIT_ENTRY (self), 0);
  return self->id;
}

const char *
cm_audit_entry_get_at (CmAuditEntry *self)
{
  g_return_val_if_fail (CM_IS_AUDIT_ENTRY (self), NULL);
  return self->at;
}

const char *
cm_audit_entry_get_actor (CmAuditEntry *self)
{
  g_return_val_if_fail (CM_IS_AUDIT_ENTRY (self), NULL);
  return self->actor;
}

const char *
cm_audit_entry_get_action (CmAuditEntry *self)
{
  g_return_val_if_fail (CM_IS_AUDIT_ENTRY (self), NULL);
  return self->action;
}

const char *
cm_audit_entry_get_entity (CmAuditEntry *self)
{
  g_return_val_if_fail (CM_IS_AUDIT_ENTRY (self), NULL);
  return self->entity;
}

const char *
cm_audit_entry_get_entity_id (CmAuditEntry *self)
{
  g_return_val_if_fail (CM_IS_AUDIT_ENTRY (self), NULL);
  return self->entity_id;
}

const char *
cm_audit_entry_get_before (CmAuditEntry *self)
{
  g_return_val_if_fail (CM_IS_AUDIT_ENTRY (self), NULL);
  return self->before;
}

const char *
cm_audit_entry_get_after (CmAuditEntry *self)
{
  g_return_val_if_fail (CM_IS_AUDIT_ENTRY (self), NULL);
  return self->after;
}

const char *
cm_audit_entry_get_hash (CmAuditEntry *self)
{
  g_return_val_if_fail (CM_IS_AUDIT_ENTRY (self), NULL);
  return self->hash;
}

/**
 * cm_audit_default_actor:
 *
 * The name a desk's changes are written under when the person gave none:
 * the account's full name, or its login name.
 *
 * Returns: (transfer full): a name, never empty
 */
char *
cm_audit_default_actor (void)
{
  const char *real = g_get_real_name ();

  /* GLib says "Unknown" when the account has no full name. */
  if (real != NULL && *real != '\0' && g_strcmp0 (real, "Unknown") != 0)
    return g_strdup (real);
  return g_strdup (g_get_user_name ());
}

/**
 * cm_audit_check_actor:
 * @actor: (nullable): the name of the person making a change
 * @error: return location for a #GError
 *
 * Returns: %TRUE when @actor can stand in the audit log as the person
 *   responsible for a change: a readable name of at most 200 characters
 */
gboolean
cm_audit_check_actor (const char  *actor,
                      GError     **error)
{
  g_autofree char *stripped = NULL;

  if (actor == NULL || !g_utf8_validate (actor, -1, NULL) ||
      *(stripped = g_strstrip (g_strdup (actor))) == '\0')
    {
      g_set_error (error, CM_AUDIT_ERROR, CM_AUDIT_ERROR_NO_ACTOR,
                   _("Every change is recorded with the name of the person who makes it. Write your name first."));
      return FALSE;
    }
  if (g_utf8_strlen (stripped, -1) > ACTOR_MAX_CHARS)
    {
      g_set_error (error, CM_AUDIT_ERROR, CM_AUDIT_ERROR_NO_ACTOR,
                   _("The name of the person who makes a change may have at most %d characters."),
                   ACTOR_MAX_CHARS);
      return FALSE;
    }

  return TRUE;
}

static void
hash_field (GChecksum  *checksum,
            const char *text)
{
  char prefix[32];
  gsize length;

  if (text == NULL)
    {
      g_checksum_update (checksum, (const guchar *) "~", 1);
      return;
    }

  length = strlen (text);
  g_snprintf (prefix, sizeof prefix, "%" G_GSIZE_FORMAT ":", length);
  g_checksum_update (checksum, (const guchar *) prefix, (gssize) strlen (prefix));
  g_checksum_update (checksum, (const guchar *) text, (gssize) length);
}

/**
 * cm_audit_compute_hash:
 * @id: the row's id
 * @prev_hash: the previous row's hash, or 64 zeros for the first
 * @at: when, in UTC ISO 8601
 * @actor: who
 * @action: what was done ("sign", "resolve"...)
 * @entity: the table of the record changed
 * @entity_id: the record's id
 * @before: (nullable): the record before, as JSON
 * @after: (nullable): the record after, as JSON
 *
 * The hash of one row of the chain, in the encoding described at the top of
 * cm-audit.c, so that anybody can check the log with other tools.
 *
 * Returns: (transfer full): 64 lowercase hexadecimal digits
 */
char *
cm_audit_compute_hash (gint64      id,
                       const char *prev_hash,
                       const char *at,
                       const char *actor,
                       const char *action,
                       const char *entity,
                       const char *entity_id,
                       const char *before,
                       const char *after)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  char id_text[32];

  g_snprintf (id_text, sizeof id_text, "%" G_GINT64_FORMAT, id);

  g_checksum_update (checksum, (const guchar *) "cm-audit-1", -1);
  hash_field (checksum, id_text);
  hash_field (checksum, prev_hash);
  hash_field (checksum, at);
  hash_field (checksum, actor);
  hash_field (checksum, action);
  hash_field (checksum, entity);
  hash_field (checksum, entity_id);
  hash_field (checksum, before);
  hash_field (checksum, after);

  return g_strdup (g_checksum_get_string (checksum));
}

/**
 * cm_audit_snapshot:
 * @db: the database, whose lock the caller holds
 * @sql: a statement of one column (a JSON text, usually built with SQLite's
 *   json_object()) and one parameter, the record's id
 * @id: the record's id
 * @error: return location for a #GError
 *
 * A record as it stands, for the before or after of an audit row.
 *
 * Returns: (transfer full) (nullable): the JSON, or %NULL when there is no
 *   such record (then @error is not set) or on an error (then it is)
 */
char *
cm_audit_snapshot (CmDb        *db,
                   const char  *sql,
                   gint64       id,
                   GError     **error)
{
  sqlite3_stmt *stmt;
  char *json = NULL;
  int rc;

  g_return_val_if_fail (CM_IS_DB (db), NULL);

  if (!(stmt = cm_db_prepare (db, sql, error)))
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    json = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  else if (rc != SQLITE_DONE)
    cm_db_set_error_from_handle (db, error);
  sqlite3_reset (stmt);

  return json;
}

static char *
now_utc (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return g_date_time_format_iso8601 (now);
}

/**
 * cm_audit_append:
 * @db: the database, whose lock the caller holds, inside the transaction
 *   that makes the change
 * @actor: the person who makes the change
 * @action: what is done, a word of the code ("create", "answer", "sign"...)
 * @entity: the table of the record changed ("review", "finding"...)
 * @entity_id: the record's id
 * @before: (nullable): the record before the change, as JSON
 * @after: (nullable): the record after it, as JSON
 * @error: return location for a #GError
 *
 * Writes one row at the end of the audit log. It belongs to the change's own
 * transaction, so that a change is never kept without its row nor a row
 * without its change.
 *
 * Returns: %TRUE when written
 */
gboolean
cm_audit_append (CmDb        *db,
                 const char  *actor,
                 const char  *action,
                 const char  *entity,
                 gint64       entity_id,
                 const char  *before,
                 const char  *after,
                 GError     **error)
{
  g_autofree char *prev_hash = NULL;
  g_autofree char *at = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *entity_text = NULL;
  sqlite3_stmt *stmt;
  gint64 last_id = 0;
  int rc;

  g_return_val_if_fail (CM_IS_DB (db), FALSE);
  g_return_val_if_fail (action != NULL && entity != NULL, FALSE);
  /* Outside a transaction the row could outlive a change that failed. */
  g_return_val_if_fail (!sqlite3_get_autocommit (cm_db_get_handle (db)), FALSE);

  if (!cm_audit_check_actor (actor, error))
    return FALSE;

  if (!(stmt = cm_db_prepare (db, "SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1", error)))
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      last_id = sqlite3_column_int64 (stmt, 0);
      prev_hash = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
    }
  else if (rc != SQLITE_DONE)
    {
      cm_db_set_error_from_handle (db, error);
      sqlite3_reset (stmt);
      return FALSE;
    }
  sqlite3_reset (stmt);

  if (prev_hash == NULL)
    prev_hash = g_strdup (GENESIS_HASH);

  at = now_utc ();
  entity_text = g_strdup_printf ("%" G_GINT64_FORMAT, entity_id);
  hash = cm_audit_compute_hash (last_id + 1, prev_hash, at, actor, action, entity,
                                entity_text, before, after);

  stmt = cm_db_prepare (db,
                        "INSERT INTO audit (id, at, actor, action, entity, entity_id, before, after,"
                        "                   prev_hash, hash)"
                        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                        error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, last_id + 1);
  sqlite3_bind_text (stmt, 2, at, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, actor, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, action, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, entity, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 6, entity_text, -1, SQLITE_TRANSIENT);
  if (before != NULL)
    sqlite3_bind_text (stmt, 7, before, -1, SQLITE_TRANSIENT);
  if (after != NULL)
    sqlite3_bind_text (stmt, 8, after, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 9, prev_hash, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 10, hash, -1, SQLITE_TRANSIENT);

  return cm_db_step_done (db, stmt, error);
}

#define ENTRY_SELECT \
  "SELECT id, at, actor, action, entity, entity_id, before, after, prev_hash, hash FROM audit"

static char *
column_text (sqlite3_stmt *stmt,
             int           column)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, column));
}

static CmAuditEntry *
entry_from_row (sqlite3_stmt *stmt)
{
  CmAuditEntry *entry = g_object_new (CM_TYPE_AUDIT_ENTRY, NULL);

  entry->id = sqlite3_column_int64 (stmt, 0);
  entry->at = column_text (stmt, 1);
  entry->actor = column_text (stmt, 2);
  entry->action = column_text (stmt, 3);
  entry->entity = column_text (stmt, 4);
  entry->entity_id = column_text (stmt, 5);
  entry->before = column_text (stmt, 6);
  entry->after = column_text (stmt, 7);
  entry->hash = column_text (stmt, 9);

  return entry;
}

/**
 * cm_audit_verify:
 * @db: the database
 * @n_rows: (out) (optional): how many rows the log holds
 * @first_bad_id: (out) (optional): the first row that breaks the chain, or 0
 * @error: return location for a #GError in %CM_AUDIT_ERROR (or %CM_DB_ERROR)
 *
 * Recomputes the whole chain from its first row. A row edited after it was
 * written no longer matches its hash (%CM_AUDIT_ERROR_ALTERED); a row whose
 * predecessor was replaced or that was slipped in no longer follows it
 * (%CM_AUDIT_ERROR_UNLINKED); a removed row leaves a hole in the ids
 * (%CM_AUDIT_ERROR_GAP). The error's message names the row in a sentence a
 * person can act on. Takes the database lock.
 *
 * Returns: %TRUE when the chain is whole
 */
gboolean
cm_audit_verify (CmDb    *db,
                 gint64  *n_rows,
                 gint64  *first_bad_id,
                 GError **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autofree char *expected_prev = g_strdup (GENESIS_HASH);
  sqlite3_stmt *stmt;
  gint64 bad = 0, previous_id = 0;
  int rc = SQLITE_DONE;

  g_return_val_if_fail (CM_IS_DB (db), FALSE);

  if (n_rows != NULL)
    *n_rows = 0;
  if (first_bad_id != NULL)
    *first_bad_id = 0;

  locker = g_mutex_locker_new (cm_db_get_mutex (db));
  if (!(stmt = cm_db_prepare (db, ENTRY_SELECT " ORDER BY id", error)))
    return FALSE;

  while (bad == 0 && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      const char *prev_hash = (const char *) sqlite3_column_text (stmt, 8);
      const char *hash = (const char *) sqlite3_column_text (stmt, 9);
      g_autofree char *computed = NULL;

      if (id != previous_id + 1)
        {
          bad = id;
          if (id == previous_id + 2)
            g_set_error (error, CM_AUDIT_ERROR, CM_AUDIT_ERROR_GAP,
                         _("Row %lld of the audit log was removed: the log goes from row %lld to row %lld."),
                         (long long) previous_id + 1, (long long) previous_id, (long long) id);
          else
            g_set_error (error, CM_AUDIT_ERROR, CM_AUDIT_ERROR_GAP,
                         _("Rows %lld to %lld of the audit log were removed: "
                           "the log goes from row %lld to row %lld."),
                         (long long) previous_id + 1, (long long) id - 1, (long long) previous_id,
                         (long long) id);
          break;
        }

      if (g_strcmp0 (prev_hash, expected_prev) != 0)
        {
          bad = id;
          if (id == 1)
            g_set_error (error, CM_AUDIT_ERROR, CM_AUDIT_ERROR_UNLINKED,
                         _("Row 1 of the audit log is not the start of a chain: it was replaced."));
          else
            g_set_error (error, CM_AUDIT_ERROR, CM_AUDIT_ERROR_UNLINKED,
                         _("Row %lld of the audit log does not follow row %lld: row %lld was altered, "
                           "or rows were removed or inserted between them."),
                         (long long) id, (long long) id - 1, (long long) id - 1);
          break;
        }

      computed = cm_audit_compute_hash (id, prev_hash,
                                        (const char *) sqlite3_column_text (stmt, 1),
                                        (const char *) sqlite3_column_text (stmt, 2),
                                        (const char *) sqlite3_column_text (stmt, 3),
                                        (const char *) sqlite3_column_text (stmt, 4),
                                        (const char *) sqlite3_column_text (stmt, 5),
                                        (const char *) sqlite3_column_text (stmt, 6),
                                        (const char *) sqlite3_column_text (stmt, 7));
      if (g_strcmp0 (computed, hash) != 0)
        {
          bad = id;
          g_set_error (error, CM_AUDIT_ERROR, CM_AUDIT_ERROR_ALTERED,
                       _("Row %lld of the audit log was altered after it was written: "
                         "its content no longer matches its hash."),
                       (long long) id);
          break;
        }

      g_free (expected_prev);
      expected_prev = g_strdup (hash);
      previous_id = id;
    }

  if (bad == 0 && rc != SQLITE_DONE)
    {
      cm_db_set_error_from_handle (db, error);
      sqlite3_reset (stmt);
      return FALSE;
    }
  sqlite3_reset (stmt);

  if (n_rows != NULL)
    *n_rows = MAX (0, cm_db_query_int (db, "SELECT count(*) FROM audit", NULL));
  if (first_bad_id != NULL)
    *first_bad_id = bad;

  return bad == 0;
}

/**
 * cm_audit_get_head:
 * @db: the database
 * @error: return location for a #GError
 *
 * The last row's hash. Written down or published elsewhere, it shows later
 * whether rows were cut from the end of the log, which the chain alone
 * cannot. Takes the database lock.
 *
 * Returns: (transfer full): the hash, or 64 zeros for an empty log; %NULL
 *   with @error set on failure
 */
char *
cm_audit_get_head (CmDb    *db,
                   GError **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  sqlite3_stmt *stmt;
  char *head = NULL;
  int rc;

  g_return_val_if_fail (CM_IS_DB (db), NULL);

  locker = g_mutex_locker_new (cm_db_get_mutex (db));
  if (!(stmt = cm_db_prepare (db, "SELECT hash FROM audit ORDER BY id DESC LIMIT 1", error)))
    return NULL;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    head = column_text (stmt, 0);
  else if (rc == SQLITE_DONE)
    head = g_strdup (GENESIS_HASH);
  else
    cm_db_set_error_from_handle (db, error);
  sqlite3_reset (stmt);

  return head;
}

/**
 * cm_audit_list:
 * @db: the database
 * @entity: (nullable): only rows about this table ("review"...), or %NULL
 * @entity_id: only rows about this record of @entity, or 0 for every one
 * @error: return location for a #GError
 *
 * Takes the database lock.
 *
 * Returns: (transfer full): a #GListModel of #CmAuditEntry, oldest first, or
 *   %NULL with @error set
 */
GListModel *
cm_audit_list (CmDb        *db,
               const char  *entity,
               gint64       entity_id,
               GError     **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(GListStore) store = g_list_store_new (CM_TYPE_AUDIT_ENTRY);
  g_autofree char *id_text = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (CM_IS_DB (db), NULL);

  locker = g_mutex_locker_new (cm_db_get_mutex (db));
  stmt = cm_db_prepare (db,
                        ENTRY_SELECT
                        " WHERE (?1 IS NULL OR entity = ?1) AND (?2 IS NULL OR entity_id = ?2)"
                        " ORDER BY id",
                        error);
  if (stmt == NULL)
    return NULL;
  if (entity != NULL)
    sqlite3_bind_text (stmt, 1, entity, -1, SQLITE_TRANSIENT);
  if (entity_id != 0)
    {
      id_text = g_strdup_printf ("%" G_GINT64_FORMAT, entity_id);
      sqlite3_bind_text (stmt, 2, id_text, -1, SQLITE_TRANSIENT);
    }

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(CmAuditEntry) entry = entry_from_row (stmt);
      g_list_store_append (store, entry);
    }
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      cm_db_set_error_from_handle (db, error);
      return NULL;
    }

  return G_LIST_MODEL (g_steal_pointer (&store));
}
