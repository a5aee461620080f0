/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "cm-rule.h"

G_BEGIN_DECLS

/* One question of a visit's checklist: a checklist rule of the review's
 * rulebook, in force on the visit date, and its answer. */

typedef enum
{
  CM_REVIEW_ANSWER_NONE,            /* not answered yet */
  CM_REVIEW_ANSWER_YES,             /* the kitchen complies */
  CM_REVIEW_ANSWER_NO,              /* it does not */
  CM_REVIEW_ANSWER_NOT_APPLICABLE,
} CmReviewAnswer;

#define CM_TYPE_REVIEW_ITEM (cm_review_item_get_type ())
G_DECLARE_FINAL_TYPE (CmReviewItem, cm_review_item, CM, REVIEW_ITEM, GObject)

CmReviewItem   *cm_review_item_new              (CmRule        *rule,
                                                 CmReviewAnswer answer,
                                                 const char    *note);
CmRule         *cm_review_item_get_rule         (CmReviewItem  *self);
const char     *cm_review_item_get_code         (CmReviewItem  *self);
const char     *cm_review_item_get_title        (CmReviewItem  *self);
CmRuleSeverity  cm_review_item_get_severity     (CmReviewItem  *self);
CmReviewAnswer  cm_review_item_get_answer       (CmReviewItem  *self);
const char     *cm_review_item_get_note         (CmReviewItem  *self);

const char     *cm_review_answer_to_string      (CmReviewAnswer answer);  /* NULL for NONE */
gboolean        cm_review_answer_from_string    (const char     *text,
                                                 CmReviewAnswer *answer);
const char     *cm_review_answer_get_label      (CmReviewAnswer answer);  /* translated */

G_END_DECLS
