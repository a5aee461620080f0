/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "cm-db.h"

G_BEGIN_DECLS

#define CM_TYPE_COMMITTEE_MEMBER (cm_committee_member_get_type ())
G_DECLARE_FINAL_TYPE (CmCommitteeMember, cm_committee_member, CM, COMMITTEE_MEMBER, GObject)

gint64      cm_committee_member_get_id           (CmCommitteeMember *self);
const char *cm_committee_member_get_name         (CmCommitteeMember *self);
const char *cm_committee_member_get_role         (CmCommitteeMember *self);
const char *cm_committee_member_get_role_label   (CmCommitteeMember *self);
const char *cm_committee_member_get_since        (CmCommitteeMember *self);
const char *cm_committee_member_get_until        (CmCommitteeMember *self);
gboolean    cm_committee_member_get_holds_office (CmCommitteeMember *self);
gboolean    cm_committee_member_is_active        (CmCommitteeMember *self);

GListModel *cm_committee_member_list_for_canteen (CmDb    *db,
                                                  gint64   canteen_id,
                                                  GError **error);

G_END_DECLS
