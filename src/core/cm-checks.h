/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "cm-db.h"
#include "cm-rulebook.h"

G_BEGIN_DECLS

/* The automatic rules of a rulebook, evaluated per kitchen and month
 * ("YYYY-MM") from the reports, and stored: one check_result row per kitchen,
 * period and rule in force (kitchen 0, canteen_id NULL, holds the
 * programme-wide rule on reports of no known kitchen), and one check_verdict
 * row per kitchen and period.
 *
 * The verdict of a kitchen's period:
 *   no_cumple                 a rule failed whose severity is a cause for
 *                             suspension or for permanent closure;
 *   cumple_con_observaciones  rules failed, all of them observations or
 *                             warnings;
 *   cumple                    no rule failed and at least one applied;
 *   sin_evaluar               no rule applied (the kitchen was not open and
 *                             sent nothing, or no day of it is due yet).
 * A failed rule's severity is that of its version in force on the days it
 * failed (the gravest, when versions change within the month).
 *
 * A result an evaluation finds unchanged is not rewritten: computed_at is
 * when it was last found different. check_latest holds each kitchen's latest
 * month with a verdict other than sin_evaluar (the kitchens list's compliance
 * column: SELECT ... FROM canteen LEFT JOIN check_latest ON canteen_id = id).
 *
 * Days are due from the first to the last day on which a tenth of the
 * kitchens not closed reported (never after today in Mexico City): the desk
 * knows nothing of days outside, a kitchen is not short of a report for a day
 * the others have not reported yet either, and a report dated by mistake
 * years back does not make every kitchen short of reports since then. A
 * kitchen's operating days are Monday to Friday minus the holidays of
 * cm-workdays.h, from opened_on to the day before closed_on, outside its
 * suspensions (status_change), and, for a kitchen whose status is suspended
 * or closed without a recorded date, until its last report. */

#define CM_CHECKS_ERROR (cm_checks_error_quark ())

typedef enum
{
  CM_CHECKS_ERROR_INVALID_PERIOD,   /* not a month written as YYYY-MM */
  CM_CHECKS_ERROR_UNKNOWN_KITCHEN,  /* no kitchen has that folio */
} CmChecksError;

typedef enum
{
  CM_CHECK_OUTCOME_PASS,
  CM_CHECK_OUTCOME_FAIL,
  CM_CHECK_OUTCOME_NOT_APPLICABLE,
} CmCheckOutcome;

typedef enum
{
  CM_VERDICT_NOT_EVALUATED,          /* sin_evaluar */
  CM_VERDICT_COMPLIES,               /* cumple */
  CM_VERDICT_COMPLIES_WITH_REMARKS,  /* cumple_con_observaciones */
  CM_VERDICT_DOES_NOT_COMPLY,        /* no_cumple */
} CmVerdict;

/* What one update or evaluation did. */
typedef struct
{
  guint periods;            /* months evaluated, wholly or in part */
  guint full_periods;       /* months evaluated for every kitchen */
  guint kitchen_periods;    /* (kitchen, month) pairs evaluated, kitchen 0 included */
  guint results;            /* check_result rows written */
  guint reports;            /* reports read */
  guint screened;           /* (kitchen, month) pairs whose new reports changed nothing */
} CmChecksStats;

GQuark      cm_checks_error_quark        (void);

gboolean    cm_checks_update             (CmDb           *db,
                                          CmRulebook     *rulebook,
                                          GCancellable   *cancellable,
                                          GError        **error);
gboolean    cm_checks_update_with_stats  (CmDb           *db,
                                          CmRulebook     *rulebook,
                                          CmChecksStats  *stats,
                                          GCancellable   *cancellable,
                                          GError        **error);
gboolean    cm_checks_evaluate_period    (CmDb           *db,
                                          CmRulebook     *rulebook,
                                          const char     *period,
                                          CmChecksStats  *stats,
                                          GCancellable   *cancellable,
                                          GError        **error);

/* Evaluates @period only when it has no stored results yet. */
gboolean    cm_checks_ensure_period      (CmDb           *db,
                                          CmRulebook     *rulebook,
                                          const char     *period,
                                          GCancellable   *cancellable,
                                          GError        **error);
gboolean    cm_checks_find_kitchen       (CmDb           *db,
                                          const char     *folio,
                                          gint64         *canteen_id,
                                          GError        **error);

gboolean    cm_checks_parse_period       (const char     *period,
                                          GDate          *first,
                                          GDate          *last);

const char *cm_check_outcome_to_string   (CmCheckOutcome  outcome);   /* "pass", ... */
gboolean    cm_check_outcome_from_string (const char     *name,
                                          CmCheckOutcome *outcome);
const char *cm_check_outcome_get_label   (CmCheckOutcome  outcome);   /* translated */
const char *cm_verdict_to_string         (CmVerdict       verdict);   /* "cumple", ... */
gboolean    cm_verdict_from_string       (const char     *name,
                                          CmVerdict      *verdict);
const char *cm_verdict_get_label         (CmVerdict       verdict);   /* translated */

G_END_DECLS
