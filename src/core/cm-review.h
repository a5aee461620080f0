/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "cm-db.h"
#include "cm-review-item.h"
#include "cm-review-photo.h"
#include "cm-rulebook.h"

G_BEGIN_DECLS

/* A review is a visit to a kitchen: the checklist of the rulebook in force on
 * the visit date, answered yes, no or not applicable with notes and photos;
 * the automatic results of a period beside it; a score and a verdict. A draft
 * is saved with every change. Signed by a supervisor it can never change
 * again, which the database itself enforces; a correction is a new review
 * that names the one it corrects.
 *
 * The score and the verdict (see also data/rules/verdict.md):
 *
 * - What counts: every checklist item answered yes or no, and every
 *   automatic rule with a pass or a fail in the review's period (a rule
 *   fails when it failed in any month of the period). Items not applicable
 *   or not answered, and automatic results not applicable, do not count.
 * - Each counts with the weight of its severity in the review's rulebook on
 *   the visit date: observation 1, warning 2, cause for suspension 4, cause
 *   for permanent closure 8.
 * - score = 100 × weight of what holds / weight of all that counts (100
 *   when nothing counts). A draft has no score until its first answer.
 * - verdict: "no_cumple" when anything of severity cause for suspension or
 *   cause for permanent closure fails, or the score is below 70;
 *   "cumple_con_observaciones" when anything else fails; "cumple" when
 *   nothing fails.
 *
 * The rulebook's format has no place for these figures, so they are the
 * constants below. */

#define CM_REVIEW_ERROR (cm_review_error_quark ())

typedef enum
{
  CM_REVIEW_ERROR_INVALID,     /* a field missing or out of range */
  CM_REVIEW_ERROR_NOT_FOUND,   /* no such review, kitchen, item or photo */
  CM_REVIEW_ERROR_SIGNED,      /* the review is signed: it cannot change */
  CM_REVIEW_ERROR_INCOMPLETE,  /* it cannot be signed yet */
  CM_REVIEW_ERROR_STALE,       /* the period's automatic results are out of date */
  CM_REVIEW_ERROR_CORRECTED,   /* it already has a correction */
} CmReviewError;

typedef enum
{
  CM_REVIEW_VERDICT_NONE,                      /* a draft not yet answered */
  CM_REVIEW_VERDICT_CUMPLE,
  CM_REVIEW_VERDICT_CUMPLE_CON_OBSERVACIONES,
  CM_REVIEW_VERDICT_NO_CUMPLE,
} CmReviewVerdict;

#define CM_REVIEW_WEIGHT_OBSERVATION 1.0
#define CM_REVIEW_WEIGHT_WARNING     2.0
#define CM_REVIEW_WEIGHT_SUSPENSION  4.0
#define CM_REVIEW_WEIGHT_CLOSURE     8.0
#define CM_REVIEW_NO_CUMPLE_BELOW    70.0

#define CM_TYPE_REVIEW (cm_review_get_type ())
G_DECLARE_FINAL_TYPE (CmReview, cm_review, CM, REVIEW, GObject)

GQuark           cm_review_error_quark        (void);

gint64           cm_review_get_id             (CmReview    *self);
gint64           cm_review_get_canteen_id     (CmReview    *self);
const char      *cm_review_get_visit_date     (CmReview    *self);  /* YYYY-MM-DD */
const char      *cm_review_get_period_start   (CmReview    *self);  /* YYYY-MM */
const char      *cm_review_get_period_end     (CmReview    *self);  /* YYYY-MM */
gint64           cm_review_get_rulebook_id    (CmReview    *self);
CmRulebook      *cm_review_get_rulebook       (CmReview    *self);
const char      *cm_review_get_visitor        (CmReview    *self);
const char      *cm_review_get_notes          (CmReview    *self);
gboolean         cm_review_has_score          (CmReview    *self);
double           cm_review_get_score          (CmReview    *self);  /* 0–100 */
CmReviewVerdict  cm_review_get_verdict        (CmReview    *self);
const char      *cm_review_get_automatic      (CmReview    *self);  /* JSON array */
gint64           cm_review_get_corrects_id    (CmReview    *self);  /* 0: none */
gint64           cm_review_get_corrected_by_id (CmReview   *self);  /* 0: none */
const char      *cm_review_get_created_at     (CmReview    *self);
const char      *cm_review_get_updated_at     (CmReview    *self);
gboolean         cm_review_is_signed          (CmReview    *self);
const char      *cm_review_get_signed_by      (CmReview    *self);
const char      *cm_review_get_signed_at      (CmReview    *self);
GListModel      *cm_review_get_items          (CmReview    *self);
CmReviewItem    *cm_review_get_item           (CmReview    *self,
                                               const char  *rule_code);
GListModel      *cm_review_get_photos         (CmReview    *self);
guint            cm_review_get_n_answered     (CmReview    *self);

const char      *cm_review_verdict_to_string  (CmReviewVerdict verdict);  /* NULL for NONE */
const char      *cm_review_verdict_get_label  (CmReviewVerdict verdict);  /* translated */
void             cm_review_default_period     (const GDate *visit_date,
                                               char         period[8]);

CmReview        *cm_review_create             (CmDb        *db,
                                               gint64       canteen_id,
                                               const GDate *visit_date,
                                               const char  *visitor,
                                               const char  *actor,
                                               GError     **error);
CmReview        *cm_review_load               (CmDb        *db,
                                               gint64       id,
                                               GError     **error);
GListModel      *cm_review_list               (CmDb        *db,
                                               gint64       canteen_id,
                                               GError     **error);
gboolean         cm_review_set_period         (CmReview    *self,
                                               CmDb        *db,
                                               const char  *first_month,
                                               const char  *last_month,
                                               const char  *actor,
                                               GError     **error);
gboolean         cm_review_answer             (CmReview    *self,
                                               CmDb        *db,
                                               const char  *rule_code,
                                               CmReviewAnswer answer,
                                               const char  *note,
                                               const char  *actor,
                                               GError     **error);
gboolean         cm_review_set_notes          (CmReview    *self,
                                               CmDb        *db,
                                               const char  *notes,
                                               const char  *actor,
                                               GError     **error);
gint64           cm_review_add_photo          (CmReview    *self,
                                               CmDb        *db,
                                               const char  *folder,
                                               const char  *rule_code,
                                               GFile       *file,
                                               const char  *actor,
                                               GError     **error);
gboolean         cm_review_remove_photo       (CmReview    *self,
                                               CmDb        *db,
                                               gint64       photo_id,
                                               const char  *actor,
                                               GError     **error);
gboolean         cm_review_sign               (CmReview    *self,
                                               CmDb        *db,
                                               const char  *supervisor,
                                               GError     **error);
CmReview        *cm_review_correct            (CmReview    *self,
                                               CmDb        *db,
                                               const char  *actor,
                                               GError     **error);
gboolean         cm_review_discard            (CmReview    *self,
                                               CmDb        *db,
                                               const char  *actor,
                                               GError     **error);

G_END_DECLS
