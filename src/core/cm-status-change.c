/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "cm-status-change"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "cm-audit.h"
#include "cm-sanction.h"
#include "cm-status-change-private.h"

struct _CmStatusChange
{
  GObject  parent_instance;

  gint64   id;
  gint64   canteen_id;
  char    *old_status;
  char    *new_status;
  char    *effective_on;
  char    *decided_by;
  char    *reason;
  gint64   sanction_id;
  char    *recorded_at;
};

G_DEFINE_FINAL_TYPE (CmStatusChange, cm_status_change, G_TYPE_OBJECT)

static void
cm_status_change_finalize (GObject *object)
{
  CmStatusChange *self = (CmStatusChange *)object;

  g_free (self->old_status);
  g_free (self->new_status);
  g_free (self->effective_on);
  g_free (self->decided_by);
  g_free (self->reason);
  g_free (self->recorded_at);

  G_OBJECT_CLASS (cm_status_change_parent_class)->finalize (object);
}

static void
cm_status_change_class_init (CmStatusChangeClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cm_status_change_finalize;
}

static void
cm_status_change_init (CmStatusChange *self)
{
}

gint64
cm_status_change_get_id (CmStatusChange *self)
{
  g_return_val_if_fail (CM_IS_STATUS_CHANGE (self), 0);
  return self->id;
}

gint64
cm_status_change_get_canteen_id (CmStatusChange *self)
{
  g_return_val_if_fail (CM_IS_STATUS_CHANGE (self), 0);
  return self->canteen_id;
}

const char *
cm_status_change_get_old_status (CmStatusChange *self)
{
  g_return_val_if_fail (CM_IS_STATUS_CHANGE (self), NULL);
  return self->old_status;
}

const char *
cm_status_change_get_new_status (CmStatusChange *self)
{
  g_return_val_if_fail (CM_IS_STATUS_CHANGE (self), NULL);
  return self->new_status;
}

const char *
cm_status_change_get_effective_on (CmStatusChange *self)
{
  g_return_val_if_fail (CM_IS_STATUS_CHANGE (self), NULL);
  return self->effective_on;
}

const char *
cm_status_change_get_decided_by (CmStatusChange *self)
{
  g_return_val_if_fail (CM_IS_STATUS_CHANGE (self), NULL);
  return self->decided_by;
}

const char *
cm_status_change_get_reason (CmStatusChange *self)
{
  g_return_val_if_fail (CM_IS_STATUS_CHANGE (self), NULL);
  return self->reason;
}

gint64
cm_status_change_get_sanction_id (CmStatusChange *self)
{
  g_return_val_if_fail (CM_IS_STATUS_CHANGE (self), 0);
  return self->sanction_id;
}

const char *
cm_status_change_get_recorded_at (CmStatusChange *self)
{
  g_return_val_if_fail (CM_IS_STATUS_CHANGE (self), NULL);
  return self->recorded_at;
}

/**
 * cm_status_change_status_to_string:
 * @status: a kitchen status
 *
 * Returns: the status as stored: "active", "suspended" or "closed"
 */
const char *
cm_status_change_status_to_string (CmCanteenStatus status)
{
  switch (status)
    {
    case CM_CANTEEN_STATUS_ACTIVE:
      return "active";
    case CM_CANTEEN_STATUS_SUSPENDED:
      return "suspended";
    case CM_CANTEEN_STATUS_CLOSED:
      return "closed";
    default:
      g_return_val_if_reached ("active");
    }
}

#define STATUS_CHANGE_SNAPSHOT \
  "SELECT json_object ('id', id, 'canteen_id', canteen_id, 'old_status', old_status," \
  "                    'new_status', new_status, 'effective_on', effective_on," \
  "                    'decided_by', decided_by, 'reason', reason, 'sanction_id', sanction_id," \
  "                    'recorded_at', recorded_at)" \
  "  FROM status_change WHERE id = ?1"

/* What the audit log keeps of the kitchen itself, before and after. */
#define CANTEEN_STATUS_SNAPSHOT \
  "SELECT json_object ('id', id, 'folio', folio, 'status', status, 'closed_on', closed_on)" \
  "  FROM canteen WHERE id = ?1"

gint64
_cm_status_change_insert (CmDb            *db,
                          gint64           canteen_id,
                          CmCanteenStatus  new_status,
                          const GDate     *effective_on,
                          const char      *decided_by,
                          const char      *reason,
                          gint64           sanction_id,
                          const char      *actor,
                          GError         **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *recorded_at = g_date_time_format_iso8601 (now);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *old_status = NULL;
  g_autofree char *decided = NULL;
  g_autofree char *why = NULL;
  const char *status = cm_status_change_status_to_string (new_status);
  char effective[16];
  sqlite3_stmt *stmt;
  gint64 id;

  if (decided_by == NULL || *(decided = g_strstrip (g_strdup (decided_by))) == '\0')
    {
      g_set_error (error, CM_SANCTION_ERROR, CM_SANCTION_ERROR_INVALID,
                   _("A decision on a kitchen’s status needs the name of the supervisor who made it."));
      return 0;
    }
  if (reason == NULL || *(why = g_strstrip (g_strdup (reason))) == '\0')
    {
      g_set_error (error, CM_SANCTION_ERROR, CM_SANCTION_ERROR_INVALID,
                   _("A decision on a kitchen’s status needs its reason, as it will be read in public."));
      return 0;
    }
  if (effective_on == NULL || !g_date_valid (effective_on))
    {
      g_set_error (error, CM_SANCTION_ERROR, CM_SANCTION_ERROR_INVALID,
                   _("A decision on a kitchen’s status needs the date it takes effect."));
      return 0;
    }
  g_date_strftime (effective, sizeof effective, "%Y-%m-%d", effective_on);

  before = cm_audit_snapshot (db, CANTEEN_STATUS_SNAPSHOT, canteen_id, error);
  if (before == NULL)
    {
      if (error == NULL || *error == NULL)
        g_set_error (error, CM_SANCTION_ERROR, CM_SANCTION_ERROR_NOT_FOUND,
                     _("There is no kitchen with the number %lld."), (long long) canteen_id);
      return 0;
    }

  if (!(stmt = cm_db_prepare (db, "SELECT status FROM canteen WHERE id = ?1", error)))
    return 0;
  sqlite3_bind_int64 (stmt, 1, canteen_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    old_status = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);

  if (g_strcmp0 (old_status, status) == 0)
    {
      const char *message;

      if (new_status == CM_CANTEEN_STATUS_SUSPENDED)
        message = _("The kitchen is already suspended; a decision must change its status.");
      else if (new_status == CM_CANTEEN_STATUS_CLOSED)
        message = _("The kitchen is already closed; a decision must change its status.");
      else
        message = _("The kitchen is already active; a decision must change its status.");
      g_set_error_literal (error, CM_SANCTION_ERROR, CM_SANCTION_ERROR_STATE, message);
      return 0;
    }

  stmt = cm_db_prepare (db,
                        "INSERT INTO status_change (canteen_id, old_status, new_status, effective_on,"
                        "                           decided_by, reason, sanction_id, recorded_at)"
                        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                        error);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, canteen_id);
  sqlite3_bind_text (stmt, 2, old_status, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, status, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, effective, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, decided, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 6, why, -1, SQLITE_TRANSIENT);
  if (sanction_id > 0)
    sqlite3_bind_int64 (stmt, 7, sanction_id);
  sqlite3_bind_text (stmt, 8, recorded_at, -1, SQLITE_TRANSIENT);
  if (!cm_db_step_done (db, stmt, error))
    return 0;
  id = sqlite3_last_insert_rowid (cm_db_get_handle (db));

  /* The kitchen's row, as the trigger left it, beside the decision. */
  {
    g_autofree char *decision = cm_audit_snapshot (db, STATUS_CHANGE_SNAPSHOT, id, error);
    g_autofree char *canteen = NULL;

    if (decision == NULL || !(canteen = cm_audit_snapshot (db, CANTEEN_STATUS_SNAPSHOT, canteen_id, error)))
      return 0;
    after = g_strdup_printf ("{\"decision\":%s,\"canteen\":%s}", decision, canteen);
  }

  if (!cm_audit_append (db, actor, "decide_status", "status_change", id, before, after, error))
    return 0;

  return id;
}

/**
 * cm_status_change_record:
 * @db: the database
 * @canteen_id: the kitchen
 * @new_status: its status from @effective_on
 * @effective_on: the day the decision takes effect
 * @decided_by: the supervisor who decided
 * @reason: why, in words that can be read in public
 * @actor: the person who records the decision
 * @error: return location for a #GError in %CM_SANCTION_ERROR
 *
 * Records a decision on a kitchen's status; the kitchen's status follows it
 * at once (a trigger of the database), and the audit log keeps the kitchen
 * before and after, in the same transaction. A decision must change the
 * status. To suspend or close a kitchen as a sanction, use
 * cm_sanction_record() with a date, which records both together. Takes the
 * database lock.
 *
 * Returns: the decision's id, or 0 with @error set
 */
gint64
cm_status_change_record (CmDb             *db,
                         gint64            canteen_id,
                         CmCanteenStatus   new_status,
                         const GDate      *effective_on,
                         const char       *decided_by,
                         const char       *reason,
                         const char       *actor,
                         GError          **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  gint64 id;

  g_return_val_if_fail (CM_IS_DB (db), 0);

  if (!cm_audit_check_actor (actor, error))
    return 0;

  locker = g_mutex_locker_new (cm_db_get_mutex (db));
  if (!cm_db_begin (db, error))
    return 0;

  id = _cm_status_change_insert (db, canteen_id, new_status, effective_on, decided_by, reason, 0, actor, error);
  if (id == 0 || !cm_db_commit (db, error))
    {
      cm_db_rollback (db);
      return 0;
    }

  return id;
}

/**
 * cm_status_change_list:
 * @db: the database
 * @canteen_id: the kitchen
 * @error: return location for a #GError
 *
 * Takes the database lock.
 *
 * Returns: (transfer full): a #GListModel of #CmStatusChange, oldest first,
 *   or %NULL with @error set
 */
GListModel *
cm_status_change_list (CmDb    *db,
                       gint64   canteen_id,
                       GError **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(GListStore) store = g_list_store_new (CM_TYPE_STATUS_CHANGE);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (CM_IS_DB (db), NULL);

  locker = g_mutex_locker_new (cm_db_get_mutex (db));
  stmt = cm_db_prepare (db,
                        "SELECT id, canteen_id, old_status, new_status, effective_on, decided_by, reason,"
                        "       sanction_id, recorded_at"
                        "  FROM status_change WHERE canteen_id = ?1 ORDER BY id",
                        error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, canteen_id);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(CmStatusChange) change = g_object_new (CM_TYPE_STATUS_CHANGE, NULL);

      change->id = sqlite3_column_int64 (stmt, 0);
      change->canteen_id = sqlite3_column_int64 (stmt, 1);
      change->old_status = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      change->new_status = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
      change->effective_on = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
      change->decided_by = g_strdup ((const char *) sqlite3_column_text (stmt, 5));
      change->reason = g_strdup ((const char *) sqlite3_column_text (stmt, 6));
      change->sanction_id = sqlite3_column_int64 (stmt, 7);
      change->recorded_at = g_strdup ((const char *) sqlite3_column_text (stmt, 8));
      g_list_store_append (store, change);
    }
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      cm_db_set_error_from_handle (db, error);
      return NULL;
    }

  return G_LIST_MODEL (g_steal_pointer (&store));
}
