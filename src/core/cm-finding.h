/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "cm-db.h"
#include "cm-rule.h"

G_BEGIN_DECLS

/* A finding is a failed rule a kitchen must correct by a due date. It comes
 * from a failed automatic check (kitchen, rule, month) or from a checklist
 * item answered "no" in a signed review. It closes when a later month's check
 * of the rule passes, or when a person resolves it with a note; closed, the
 * database refuses to change it, and no finding is ever deleted. */

#define CM_FINDING_ERROR (cm_finding_error_quark ())

typedef enum
{
  CM_FINDING_ERROR_INVALID,    /* a field missing or out of range */
  CM_FINDING_ERROR_NOT_FOUND,  /* no such finding, check, review or item */
  CM_FINDING_ERROR_STATE,      /* nothing failed, it is already open, or already closed */
} CmFindingError;

typedef enum
{
  CM_FINDING_FILTER_ALL,
  CM_FINDING_FILTER_OPEN,
  CM_FINDING_FILTER_OVERDUE,   /* open, and the due date is past */
} CmFindingFilter;

/* Operating days (cm-workdays.h) a kitchen has to correct a failed rule,
 * by the rule's severity, when the person opening the finding sets none. */
#define CM_FINDING_DAYS_OBSERVATION 20
#define CM_FINDING_DAYS_WARNING     10
#define CM_FINDING_DAYS_SUSPENSION   5
#define CM_FINDING_DAYS_CLOSURE      3

#define CM_TYPE_FINDING (cm_finding_get_type ())
G_DECLARE_FINAL_TYPE (CmFinding, cm_finding, CM, FINDING, GObject)

GQuark      cm_finding_error_quark         (void);

gint64      cm_finding_get_id              (CmFinding *self);
gint64      cm_finding_get_canteen_id      (CmFinding *self);
const char *cm_finding_get_folio           (CmFinding *self);
const char *cm_finding_get_rule_code       (CmFinding *self);
const char *cm_finding_get_period          (CmFinding *self);  /* YYYY-MM, or NULL from a review */
gint64      cm_finding_get_review_id       (CmFinding *self);  /* 0: from a check */
const char *cm_finding_get_description     (CmFinding *self);
const char *cm_finding_get_opened_at       (CmFinding *self);  /* UTC ISO 8601 */
const char *cm_finding_get_opened_by       (CmFinding *self);
const char *cm_finding_get_due_on          (CmFinding *self);  /* YYYY-MM-DD */
gboolean    cm_finding_is_open             (CmFinding *self);
gboolean    cm_finding_is_overdue          (CmFinding *self,
                                            const GDate *today);
const char *cm_finding_get_closed_at       (CmFinding *self);
const char *cm_finding_get_closed_by       (CmFinding *self);
const char *cm_finding_get_closed_how      (CmFinding *self);  /* "check_passed", "resolved" */
const char *cm_finding_get_closing_period  (CmFinding *self);
const char *cm_finding_get_closing_note    (CmFinding *self);

void        cm_finding_default_due         (CmRuleSeverity  severity,
                                            const GDate    *opened_on,
                                            GDate          *due_on);
gint64      cm_finding_open_from_check     (CmDb         *db,
                                            gint64        canteen_id,
                                            const char   *rule_code,
                                            const char   *period,
                                            const char   *description,
                                            const GDate  *due_on,
                                            const char   *actor,
                                            GError      **error);
gint64      cm_finding_open_from_review    (CmDb         *db,
                                            gint64        review_id,
                                            const char   *rule_code,
                                            const char   *description,
                                            const GDate  *due_on,
                                            const char   *actor,
                                            GError      **error);
gboolean    cm_finding_resolve             (CmDb         *db,
                                            gint64        finding_id,
                                            const char   *note,
                                            const char   *actor,
                                            GError      **error);
CmFinding  *cm_finding_load                (CmDb         *db,
                                            gint64        finding_id,
                                            GError      **error);
GListModel *cm_finding_list                (CmDb         *db,
                                            gint64        canteen_id,
                                            CmFindingFilter filter,
                                            const GDate  *today,
                                            GError      **error);
gboolean    cm_findings_update_from_checks (CmDb         *db,
                                            const GDate  *today,
                                            guint        *n_closed,
                                            GError      **error);

G_END_DECLS
