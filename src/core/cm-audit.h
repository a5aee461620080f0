/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "cm-db.h"

G_BEGIN_DECLS

/* The audit log: every change a person makes, with who, when, what, and the
 * record before and after, in a hash chain that shows a row altered, inserted
 * or removed afterwards. The encoding hashed is described in cm-audit.c. */

#define CM_AUDIT_ERROR (cm_audit_error_quark ())

typedef enum
{
  CM_AUDIT_ERROR_NO_ACTOR,   /* a change with nobody's name on it */
  CM_AUDIT_ERROR_ALTERED,    /* a row's content no longer matches its hash */
  CM_AUDIT_ERROR_UNLINKED,   /* a row does not follow the one before it */
  CM_AUDIT_ERROR_GAP,        /* rows are missing */
} CmAuditError;

/* Whom automatic changes (a finding closed by a passing check) are written
 * under; people's own names never take this form. */
#define CM_AUDIT_ACTOR_SYSTEM "Comedores (automático)"

#define CM_TYPE_AUDIT_ENTRY (cm_audit_entry_get_type ())
G_DECLARE_FINAL_TYPE (CmAuditEntry, cm_audit_entry, CM, AUDIT_ENTRY, GObject)

gint64      cm_audit_entry_get_id        (CmAuditEntry *self);
const char *cm_audit_entry_get_at        (CmAuditEntry *self);   /* UTC ISO 8601 */
const char *cm_audit_entry_get_actor     (CmAuditEntry *self);
const char *cm_audit_entry_get_action    (CmAuditEntry *self);
const char *cm_audit_entry_get_entity    (CmAuditEntry *self);
const char *cm_audit_entry_get_entity_id (CmAuditEntry *self);
const char *cm_audit_entry_get_before    (CmAuditEntry *self);   /* JSON or NULL */
const char *cm_audit_entry_get_after     (CmAuditEntry *self);   /* JSON or NULL */
const char *cm_audit_entry_get_hash      (CmAuditEntry *self);

GQuark      cm_audit_error_quark         (void);

char       *cm_audit_default_actor       (void);
gboolean    cm_audit_check_actor         (const char   *actor,
                                          GError      **error);
char       *cm_audit_compute_hash        (gint64        id,
                                          const char   *prev_hash,
                                          const char   *at,
                                          const char   *actor,
                                          const char   *action,
                                          const char   *entity,
                                          const char   *entity_id,
                                          const char   *before,
                                          const char   *after);
char       *cm_audit_snapshot            (CmDb         *db,
                                          const char   *sql,
                                          gint64        id,
                                          GError      **error);
gboolean    cm_audit_append              (CmDb         *db,
                                          const char   *actor,
                                          const char   *action,
                                          const char   *entity,
                                          gint64        entity_id,
                                          const char   *before,
                                          const char   *after,
                                          GError      **error);
gboolean    cm_audit_verify              (CmDb         *db,
                                          gint64       *n_rows,
                                          gint64       *first_bad_id,
                                          GError      **error);
char       *cm_audit_get_head            (CmDb         *db,
                                          GError      **error);
GListModel *cm_audit_list                (CmDb         *db,
                                          const char   *entity,
                                          gint64        entity_id,
                                          GError      **error);

G_END_DECLS
