/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "cm-committee-member"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "cm-committee-member.h"

struct _CmCommitteeMember
{
  GObject   parent_instance;

  gint64    id;
  char     *name;
  char     *role;
  char     *since;
  char     *until;
  gboolean  holds_office;
};

G_DEFINE_FINAL_TYPE (CmCommitteeMember, cm_committee_member, G_TYPE_OBJECT)

static void
cm_committee_member_finalize (GObject *object)
{
  CmCommitteeMember *self = (CmCommitteeMember *)object;

  g_free (self->name);
  g_free (self->role);
  g_free (self->since);
  g_free (self->until);

  G_OBJECT_CLASS (cm_committee_member_parent_class)->finalize (object);
}

static void
cm_committee_member_class_init (CmCommitteeMemberClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cm_committee_member_finalize;
}

static void
cm_committee_member_init (CmCommitteeMember *self)
{
}

gint64
cm_committee_member_get_id (CmCommitteeMember *self)
{
  g_return_val_if_fail (CM_IS_COMMITTEE_MEMBER (self), 0);
  return self->id;
}

const char *
cm_committee_member_get_name (CmCommitteeMember *self)
{
  g_return_val_if_fail (CM_IS_COMMITTEE_MEMBER (self), NULL);
  return self->name;
}

const char *
cm_committee_member_get_role (CmCommitteeMember *self)
{
  g_return_val_if_fail (CM_IS_COMMITTEE_MEMBER (self), NULL);
  return self->role;
}

/**
 * cm_committee_member_get_role_label:
 * @self: a #CmCommitteeMember
 *
 * Returns: the role as a person reads it; an unknown role as written
 */
const char *
cm_committee_member_get_role_label (CmCommitteeMember *self)
{
  static const struct { const char *role; const char *label; } roles[] = {
    { "responsable", N_("Person in charge") },
    { "secretaria", N_("Secretary") },
    { "secretario", N_("Secretary") },
    { "tesoreria", N_("Treasurer") },
    { "tesorería", N_("Treasurer") },
    { "tesorera", N_("Treasurer") },
    { "tesorero", N_("Treasurer") },
    { "vocal", N_("Member") },
  };

  g_return_val_if_fail (CM_IS_COMMITTEE_MEMBER (self), NULL);

  for (guint i = 0; i < G_N_ELEMENTS (roles); i++)
    if (g_strcmp0 (roles[i].role, self->role) == 0)
      return _(roles[i].label);

  return self->role;
}

const char *
cm_committee_member_get_since (CmCommitteeMember *self)
{
  g_return_val_if_fail (CM_IS_COMMITTEE_MEMBER (self), NULL);
  return self->since;
}

const char *
cm_committee_member_get_until (CmCommitteeMember *self)
{
  g_return_val_if_fail (CM_IS_COMMITTEE_MEMBER (self), NULL);
  return self->until;
}

gboolean
cm_committee_member_get_holds_office (CmCommitteeMember *self)
{
  g_return_val_if_fail (CM_IS_COMMITTEE_MEMBER (self), FALSE);
  return self->holds_office;
}

gboolean
cm_committee_member_is_active (CmCommitteeMember *self)
{
  g_return_val_if_fail (CM_IS_COMMITTEE_MEMBER (self), FALSE);
  return self->until == NULL;
}

/**
 * cm_committee_member_list_for_canteen:
 * @db: the database
 * @canteen_id: the kitchen
 * @error: return location for a #GError
 *
 * Loads a kitchen's committee: active members first, then former ones.
 * Takes the database lock.
 *
 * Returns: (transfer full): a #GListModel of #CmCommitteeMember, or %NULL
 */
GListModel *
cm_committee_member_list_for_canteen (CmDb    *db,
                                      gint64   canteen_id,
                                      GError **error)
{
  g_autoptr(GListStore) store = g_list_store_new (CM_TYPE_COMMITTEE_MEMBER);
  g_autoptr(GMutexLocker) locker = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (CM_IS_DB (db), NULL);

  locker = g_mutex_locker_new (cm_db_get_mutex (db));

  stmt = cm_db_prepare (db,
                        "SELECT name, role, since, until, holds_office, id FROM committee_member"
                        " WHERE canteen_id = ?1"
                        " ORDER BY until IS NOT NULL, until DESC,"
                        "          role != 'responsable', since, name",
                        error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, canteen_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(CmCommitteeMember) member = g_object_new (CM_TYPE_COMMITTEE_MEMBER, NULL);

      member->name = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      member->role = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      member->since = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      member->until = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
      member->holds_office = sqlite3_column_int (stmt, 4) != 0;
      member->id = sqlite3_column_int64 (stmt, 5);
      g_list_store_append (store, member);
    }

  if (rc != SQLITE_DONE)
    {
      cm_db_set_error_from_handle (db, error);
      sqlite3_reset (stmt);
      return NULL;
    }
  sqlite3_reset (stmt);

  return G_LIST_MODEL (g_steal_pointer (&store));
}
