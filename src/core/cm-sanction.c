/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "cm-sanction"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "cm-audit.h"
#include "cm-sanction.h"
#include "cm-status-change-private.h"
#include "cm-text.h"

struct _CmSanction
{
  GObject         parent_instance;

  gint64          id;
  gint64          canteen_id;
  CmSanctionKind  kind;
  char           *decided_on;
  char           *decided_by;
  char           *reason;
  gint64          finding_id;
  gint64          review_id;
  char           *recorded_at;
};

G_DEFINE_FINAL_TYPE (CmSanction, cm_sanction, G_TYPE_OBJECT)

G_DEFINE_QUARK (cm-sanction-error-quark, cm_sanction_error)

static void
cm_sanction_finalize (GObject *object)
{
  CmSanction *self = (CmSanction *)object;

  g_free (self->decided_on);
  g_free (self->decided_by);
  g_free (self->reason);
  g_free (self->recorded_at);

  G_OBJECT_CLASS (cm_sanction_parent_class)->finalize (object);
}

static void
cm_sanction_class_init (CmSanctionClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cm_sanction_finalize;
}

static void
cm_sanction_init (CmSanction *self)
{
}

gint64
cm_sanction_get_id (CmSanction *self)
{
  g_return_val_if_fail (CM_IS_SANCTION (self), 0);
  return self->id;
}

gint64
cm_sanction_get_canteen_id (CmSanction *self)
{
  g_return_val_if_fail (CM_IS_SANCTION (self), 0);
  return self->canteen_id;
}

CmSanctionKind
cm_sanction_get_kind (CmSanction *self)
{
  g_return_val_if_fail (CM_IS_SANCTION (self), CM_SANCTION_WARNING);
  return self->kind;
}

const char *
cm_sanction_get_decided_on (CmSanction *self)
{
  g_return_val_if_fail (CM_IS_SANCTION (self), NULL);
  return self->decided_on;
}

const char *
cm_sanction_get_decided_by (CmSanction *self)
{
  g_return_val_if_fail (CM_IS_SANCTION (self), NULL);
  return self->decided_by;
}

const char *
cm_sanction_get_reason (CmSanction *self)
{
  g_return_val_if_fail (CM_IS_SANCTION (self), NULL);
  return self->reason;
}

gint64
cm_sanction_get_finding_id (CmSanction *self)
{
  g_return_val_if_fail (CM_IS_SANCTION (self), 0);
  return self->finding_id;
}

gint64
cm_sanction_get_review_id (CmSanction *self)
{
  g_return_val_if_fail (CM_IS_SANCTION (self), 0);
  return self->review_id;
}

const char *
cm_sanction_get_recorded_at (CmSanction *self)
{
  g_return_val_if_fail (CM_IS_SANCTION (self), NULL);
  return self->recorded_at;
}

static const char * const kind_names[] = { "warning", "suspension", "closure" };

/**
 * cm_sanction_kind_to_string:
 * @kind: a kind of sanction
 *
 * Returns: the kind as stored: "warning", "suspension" or "closure"
 */
const char *
cm_sanction_kind_to_string (CmSanctionKind kind)
{
  g_return_val_if_fail (kind <= CM_SANCTION_CLOSURE, "warning");
  return kind_names[kind];
}

/**
 * cm_sanction_kind_from_string:
 * @text: a kind as stored
 * @kind: (out): the kind
 *
 * Returns: %TRUE when @text names a kind of sanction
 */
gboolean
cm_sanction_kind_from_string (const char     *text,
                              CmSanctionKind *kind)
{
  for (guint i = 0; i < G_N_ELEMENTS (kind_names); i++)
    if (g_strcmp0 (text, kind_names[i]) == 0)
      {
        *kind = (CmSanctionKind) i;
        return TRUE;
      }

  return FALSE;
}

/**
 * cm_sanction_kind_get_label:
 * @kind: a kind of sanction
 *
 * Returns: the kind as a person reads it
 */
const char *
cm_sanction_kind_get_label (CmSanctionKind kind)
{
  switch (kind)
    {
    case CM_SANCTION_WARNING:
      return C_("sanction", "Warning");
    case CM_SANCTION_SUSPENSION:
      return C_("sanction", "Suspension");
    case CM_SANCTION_CLOSURE:
      return C_("sanction", "Permanent closure");
    default:
      g_return_val_if_reached ("");
    }
}

#define SANCTION_SNAPSHOT \
  "SELECT json_object ('id', id, 'canteen_id', canteen_id, 'kind', kind, 'decided_on', decided_on," \
  "                    'decided_by', decided_by, 'reason', reason, 'finding_id', finding_id," \
  "                    'review_id', review_id, 'recorded_at', recorded_at)" \
  "  FROM sanction WHERE id = ?1"

static GDate *
today (void)
{
  GDate *date = g_date_new ();

  cm_text_get_today (date);
  return date;
}

/* Checks what a sanction names, inside the transaction. */
static gboolean
check_references (CmDb                   *db,
                  const CmSanctionFields *fields,
                  GError                **error)
{
  sqlite3_stmt *stmt;
  gboolean found;

  if (!(stmt = cm_db_prepare (db, "SELECT 1 FROM canteen WHERE id = ?1", error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, fields->canteen_id);
  found = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_reset (stmt);
  if (!found)
    {
      g_set_error (error, CM_SANCTION_ERROR, CM_SANCTION_ERROR_NOT_FOUND,
                   _("There is no kitchen with the number %lld."), (long long) fields->canteen_id);
      return FALSE;
    }

  if (fields->finding_id > 0)
    {
      if (!(stmt = cm_db_prepare (db, "SELECT 1 FROM finding WHERE id = ?1 AND canteen_id = ?2", error)))
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, fields->finding_id);
      sqlite3_bind_int64 (stmt, 2, fields->canteen_id);
      found = sqlite3_step (stmt) == SQLITE_ROW;
      sqlite3_reset (stmt);
      if (!found)
        {
          g_set_error (error, CM_SANCTION_ERROR, CM_SANCTION_ERROR_NOT_FOUND,
                       _("Finding %lld does not exist or is about another kitchen."),
                       (long long) fields->finding_id);
          return FALSE;
        }
    }

  if (fields->review_id > 0)
    {
      gboolean signed_review = FALSE;

      if (!(stmt = cm_db_prepare (db, "SELECT signed_at IS NOT NULL FROM review WHERE id = ?1 AND canteen_id = ?2",
                                  error)))
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, fields->review_id);
      sqlite3_bind_int64 (stmt, 2, fields->canteen_id);
      found = sqlite3_step (stmt) == SQLITE_ROW;
      if (found)
        signed_review = sqlite3_column_int (stmt, 0);
      sqlite3_reset (stmt);
      if (!found)
        {
          g_set_error (error, CM_SANCTION_ERROR, CM_SANCTION_ERROR_NOT_FOUND,
                       _("Review %lld does not exist or is about another kitchen."),
                       (long long) fields->review_id);
          return FALSE;
        }
      /* A draft can still change under the sanction that cites it. */
      if (!signed_review)
        {
          g_set_error (error, CM_SANCTION_ERROR, CM_SANCTION_ERROR_STATE,
                       _("Review %lld is a draft. A sanction can only follow a signed review."),
                       (long long) fields->review_id);
          return FALSE;
        }
    }

  return TRUE;
}

/**
 * cm_sanction_record:
 * @db: the database
 * @fields: the sanction
 * @status_from: (nullable): for a suspension or a closure, the day the
 *   kitchen's status changes with it; %NULL to record the sanction alone
 * @actor: the person who records it
 * @error: return location for a #GError in %CM_SANCTION_ERROR
 *
 * Records a sanction decided by a supervisor, with its reason and the
 * finding or signed review it follows, if any. With @status_from, a
 * suspension also suspends the kitchen and a closure closes it, by a status
 * decision with the same reason, in the same transaction; a warning changes
 * no status. The audit log gets both. The date of the decision cannot be
 * later than today. Takes the database lock.
 *
 * Returns: the sanction's id, or 0 with @error set
 */
gint64
cm_sanction_record (CmDb                    *db,
                    const CmSanctionFields  *fields,
                    const GDate             *status_from,
                    const char              *actor,
                    GError                 **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *recorded_at = g_date_time_format_iso8601 (now);
  g_autofree char *decided_by = NULL;
  g_autofree char *reason = NULL;
  g_autofree char *after = NULL;
  g_autoptr(GDate) day = today ();
  char decided_on[16];
  sqlite3_stmt *stmt;
  gint64 id;

  g_return_val_if_fail (CM_IS_DB (db), 0);
  g_return_val_if_fail (fields != NULL, 0);

  if (!cm_audit_check_actor (actor, error))
    return 0;

  if (fields->kind > CM_SANCTION_CLOSURE)
    {
      g_set_error (error, CM_SANCTION_ERROR, CM_SANCTION_ERROR_INVALID,
                   _("A sanction is a warning, a suspension or a permanent closure."));
      return 0;
    }
  if (fields->decided_by == NULL || *(decided_by = g_strstrip (g_strdup (fields->decided_by))) == '\0')
    {
      g_set_error (error, CM_SANCTION_ERROR, CM_SANCTION_ERROR_INVALID,
                   _("A sanction needs the name of the supervisor who decided it."));
      return 0;
    }
  if (fields->reason == NULL || *(reason = g_strstrip (g_strdup (fields->reason))) == '\0')
    {
      g_set_error (error, CM_SANCTION_ERROR, CM_SANCTION_ERROR_INVALID,
                   _("A sanction needs its reason, as it will be read in public."));
      return 0;
    }
  if (fields->decided_on == NULL || !g_date_valid (fields->decided_on))
    {
      g_set_error (error, CM_SANCTION_ERROR, CM_SANCTION_ERROR_INVALID,
                   _("A sanction needs the date it was decided."));
      return 0;
    }
  if (g_date_compare (fields->decided_on, day) > 0)
    {
      g_set_error (error, CM_SANCTION_ERROR, CM_SANCTION_ERROR_INVALID,
                   _("A sanction is recorded once it has been decided: the date of the decision cannot be later than today."));
      return 0;
    }
  if (status_from != NULL && fields->kind == CM_SANCTION_WARNING)
    {
      g_set_error (error, CM_SANCTION_ERROR, CM_SANCTION_ERROR_STATE,
                   _("A warning does not change a kitchen’s status; only a suspension or a closure does."));
      return 0;
    }
  if (status_from != NULL && (!g_date_valid (status_from) || g_date_compare (status_from, fields->decided_on) < 0))
    {
      g_set_error (error, CM_SANCTION_ERROR, CM_SANCTION_ERROR_INVALID,
                   _("The kitchen’s status can change from the day the sanction was decided, not before."));
      return 0;
    }
  g_date_strftime (decided_on, sizeof decided_on, "%Y-%m-%d", fields->decided_on);

  locker = g_mutex_locker_new (cm_db_get_mutex (db));
  if (!cm_db_begin (db, error))
    return 0;

  if (!check_references (db, fields, error))
    goto fail;

  stmt = cm_db_prepare (db,
                        "INSERT INTO sanction (canteen_id, kind, decided_on, decided_by, reason,"
                        "                      finding_id, review_id, recorded_at)"
                        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                        error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, fields->canteen_id);
  sqlite3_bind_text (stmt, 2, kind_names[fields->kind], -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, decided_on, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, decided_by, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, reason, -1, SQLITE_TRANSIENT);
  if (fields->finding_id > 0)
    sqlite3_bind_int64 (stmt, 6, fields->finding_id);
  if (fields->review_id > 0)
    sqlite3_bind_int64 (stmt, 7, fields->review_id);
  sqlite3_bind_text (stmt, 8, recorded_at, -1, SQLITE_TRANSIENT);
  if (!cm_db_step_done (db, stmt, error))
    goto fail;
  id = sqlite3_last_insert_rowid (cm_db_get_handle (db));

  if (!(after = cm_audit_snapshot (db, SANCTION_SNAPSHOT, id, error)) ||
      !cm_audit_append (db, actor, "record", "sanction", id, NULL, after, error))
    goto fail;

  if (status_from != NULL &&
      _cm_status_change_insert (db, fields->canteen_id,
                                fields->kind == CM_SANCTION_CLOSURE ? CM_CANTEEN_STATUS_CLOSED
                                                                    : CM_CANTEEN_STATUS_SUSPENDED,
                                status_from, decided_by, reason, id, actor, error) == 0)
    goto fail;

  if (!cm_db_commit (db, error))
    goto fail;

  return id;

fail:
  cm_db_rollback (db);
  return 0;
}

/**
 * cm_sanction_list:
 * @db: the database
 * @canteen_id: the kitchen
 * @error: return location for a #GError
 *
 * Takes the database lock.
 *
 * Returns: (transfer full): a #GListModel of #CmSanction, in the order they
 *   were decided, or %NULL with @error set
 */
GListModel *
cm_sanction_list (CmDb    *db,
                  gint64   canteen_id,
                  GError **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(GListStore) store = g_list_store_new (CM_TYPE_SANCTION);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (CM_IS_DB (db), NULL);

  locker = g_mutex_locker_new (cm_db_get_mutex (db));
  stmt = cm_db_prepare (db,
                        "SELECT id, canteen_id, kind, decided_on, decided_by, reason, finding_id, review_id,"
                        "       recorded_at"
                        "  FROM sanction WHERE canteen_id = ?1 ORDER BY decided_on, id",
                        error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, canteen_id);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(CmSanction) sanction = g_object_new (CM_TYPE_SANCTION, NULL);

      sanction->id = sqlite3_column_int64 (stmt, 0);
      sanction->canteen_id = sqlite3_column_int64 (stmt, 1);
      cm_sanction_kind_from_string ((const char *) sqlite3_column_text (stmt, 2), &sanction->kind);
      sanction->decided_on = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
      sanction->decided_by = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
      sanction->reason = g_strdup ((const char *) sqlite3_column_text (stmt, 5));
      sanction->finding_id = sqlite3_column_int64 (stmt, 6);
      sanction->review_id = sqlite3_column_int64 (stmt, 7);
      sanction->recorded_at = g_strdup ((const char *) sqlite3_column_text (stmt, 8));
      g_list_store_append (store, sanction);
    }
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      cm_db_set_error_from_handle (db, error);
      return NULL;
    }

  return G_LIST_MODEL (g_steal_pointer (&store));
}

/* Per kitchen: warnings, suspensions, and whether a closure is already
 * decided or the kitchen closed; the flag is for kitchens still open. */
#define LADDER_SELECT \
  "SELECT c.id," \
  "       (SELECT count(*) FROM sanction s WHERE s.canteen_id = c.id AND s.kind = 'warning')," \
  "       (SELECT count(*) FROM sanction s WHERE s.canteen_id = c.id AND s.kind = 'suspension')," \
  "       c.status = 'closed' OR EXISTS (SELECT 1 FROM sanction s WHERE s.canteen_id = c.id" \
  "                                                            AND s.kind = 'closure')" \
  "  FROM canteen c"

static gboolean
ladder_flags (guint    warnings,
              guint    suspensions,
              gboolean closed)
{
  return !closed && warnings >= CM_SANCTION_LADDER_WARNINGS && suspensions >= CM_SANCTION_LADDER_SUSPENSIONS;
}

/**
 * cm_sanction_get_ladder:
 * @db: the database
 * @canteen_id: the kitchen
 * @warnings: (out) (optional): how many warnings it has had
 * @suspensions: (out) (optional): how many suspensions
 * @flag_closure: (out) (optional): whether the ladder calls for its
 *   permanent closure: five warnings and one suspension, in a kitchen not
 *   closed and with no closure decided yet
 * @error: return location for a #GError
 *
 * Counts every sanction the kitchen has had, since the law sets no period.
 * Takes the database lock.
 *
 * Returns: %TRUE on success
 */
gboolean
cm_sanction_get_ladder (CmDb      *db,
                        gint64     canteen_id,
                        guint     *warnings,
                        guint     *suspensions,
                        gboolean  *flag_closure,
                        GError   **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  sqlite3_stmt *stmt;
  guint n_warnings = 0, n_suspensions = 0;
  gboolean closed = FALSE;
  int rc;

  g_return_val_if_fail (CM_IS_DB (db), FALSE);

  locker = g_mutex_locker_new (cm_db_get_mutex (db));
  if (!(stmt = cm_db_prepare (db, LADDER_SELECT " WHERE c.id = ?1", error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, canteen_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      n_warnings = (guint) sqlite3_column_int (stmt, 1);
      n_suspensions = (guint) sqlite3_column_int (stmt, 2);
      closed = sqlite3_column_int (stmt, 3);
    }
  sqlite3_reset (stmt);

  if (rc == SQLITE_DONE)
    {
      g_set_error (error, CM_SANCTION_ERROR, CM_SANCTION_ERROR_NOT_FOUND,
                   _("There is no kitchen with the number %lld."), (long long) canteen_id);
      return FALSE;
    }
  if (rc != SQLITE_ROW)
    {
      cm_db_set_error_from_handle (db, error);
      return FALSE;
    }

  if (warnings != NULL)
    *warnings = n_warnings;
  if (suspensions != NULL)
    *suspensions = n_suspensions;
  if (flag_closure != NULL)
    *flag_closure = ladder_flags (n_warnings, n_suspensions, closed);

  return TRUE;
}

/**
 * cm_sanction_list_flagged:
 * @db: the database
 * @error: return location for a #GError
 *
 * The kitchens the ladder flags for permanent closure, as for
 * cm_sanction_get_ladder(). Takes the database lock.
 *
 * Returns: (transfer full) (element-type gint64): their ids, in order, or
 *   %NULL with @error set
 */
GArray *
cm_sanction_list_flagged (CmDb    *db,
                          GError **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (CM_IS_DB (db), NULL);

  locker = g_mutex_locker_new (cm_db_get_mutex (db));
  /* Only kitchens with a suspension can be flagged: start from those. */
  stmt = cm_db_prepare (db,
                        LADDER_SELECT
                        " WHERE c.id IN (SELECT canteen_id FROM sanction WHERE kind = 'suspension')"
                        " ORDER BY c.id",
                        error);
  if (stmt == NULL)
    return NULL;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      if (ladder_flags ((guint) sqlite3_column_int (stmt, 1), (guint) sqlite3_column_int (stmt, 2),
                        sqlite3_column_int (stmt, 3)))
        g_array_append_val (ids, id);
    }
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      cm_db_set_error_from_handle (db, error);
      return NULL;
    }

  return g_steal_pointer (&ids);
}
