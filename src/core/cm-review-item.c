/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "cm-review-item"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "cm-review-item.h"

struct _CmReviewItem
{
  GObject         parent_instance;

  CmRule         *rule;
  CmReviewAnswer  answer;
  char           *note;
};

G_DEFINE_FINAL_TYPE (CmReviewItem, cm_review_item, G_TYPE_OBJECT)

static void
cm_review_item_finalize (GObject *object)
{
  CmReviewItem *self = (CmReviewItem *)object;

  g_clear_object (&self->rule);
  g_free (self->note);

  G_OBJECT_CLASS (cm_review_item_parent_class)->finalize (object);
}

static void
cm_review_item_class_init (CmReviewItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cm_review_item_finalize;
}

static void
cm_review_item_init (CmReviewItem *self)
{
}

/**
 * cm_review_item_new:
 * @rule: the checklist rule asked
 * @answer: its answer
 * @note: (nullable): what the visitor wrote
 *
 * Returns: (transfer full): a new item; reviews make these, not callers
 */
CmReviewItem *
cm_review_item_new (CmRule         *rule,
                    CmReviewAnswer  answer,
                    const char     *note)
{
  CmReviewItem *self;

  g_return_val_if_fail (CM_IS_RULE (rule), NULL);

  self = g_object_new (CM_TYPE_REVIEW_ITEM, NULL);
  self->rule = g_object_ref (rule);
  self->answer = answer;
  self->note = g_strdup (note ? note : "");
  return self;
}

CmRule *
cm_review_item_get_rule (CmReviewItem *self)
{
  g_return_val_if_fail (CM_IS_REVIEW_ITEM (self), NULL);
  return self->rule;
}

const char *
cm_review_item_get_code (CmReviewItem *self)
{
  g_return_val_if_fail (CM_IS_REVIEW_ITEM (self), NULL);
  return cm_rule_get_code (self->rule);
}

const char *
cm_review_item_get_title (CmReviewItem *self)
{
  g_return_val_if_fail (CM_IS_REVIEW_ITEM (self), NULL);
  return cm_rule_get_title (self->rule);
}

CmRuleSeverity
cm_review_item_get_severity (CmReviewItem *self)
{
  g_return_val_if_fail (CM_IS_REVIEW_ITEM (self), CM_RULE_SEVERITY_OBSERVATION);
  return cm_rule_get_severity (self->rule);
}

CmReviewAnswer
cm_review_item_get_answer (CmReviewItem *self)
{
  g_return_val_if_fail (CM_IS_REVIEW_ITEM (self), CM_REVIEW_ANSWER_NONE);
  return self->answer;
}

const char *
cm_review_item_get_note (CmReviewItem *self)
{
  g_return_val_if_fail (CM_IS_REVIEW_ITEM (self), NULL);
  return self->note;
}

/**
 * cm_review_answer_to_string:
 * @answer: an answer
 *
 * Returns: (nullable): the answer as stored: "yes", "no",
 *   "not_applicable", or %NULL for none
 */
const char *
cm_review_answer_to_string (CmReviewAnswer answer)
{
  switch (answer)
    {
    case CM_REVIEW_ANSWER_YES:
      return "yes";
    case CM_REVIEW_ANSWER_NO:
      return "no";
    case CM_REVIEW_ANSWER_NOT_APPLICABLE:
      return "not_applicable";
    case CM_REVIEW_ANSWER_NONE:
    default:
      return NULL;
    }
}

/**
 * cm_review_answer_from_string:
 * @text: (nullable): an answer as stored, or %NULL for none
 * @answer: (out): the answer
 *
 * Returns: %TRUE when @text is an answer
 */
gboolean
cm_review_answer_from_string (const char     *text,
                              CmReviewAnswer *answer)
{
  static const CmReviewAnswer all[] = {
    CM_REVIEW_ANSWER_NONE, CM_REVIEW_ANSWER_YES, CM_REVIEW_ANSWER_NO, CM_REVIEW_ANSWER_NOT_APPLICABLE,
  };

  for (guint i = 0; i < G_N_ELEMENTS (all); i++)
    if (g_strcmp0 (text, cm_review_answer_to_string (all[i])) == 0)
      {
        *answer = all[i];
        return TRUE;
      }

  return FALSE;
}

/**
 * cm_review_answer_get_label:
 * @answer: an answer
 *
 * Returns: the answer as a person reads it
 */
const char *
cm_review_answer_get_label (CmReviewAnswer answer)
{
  switch (answer)
    {
    case CM_REVIEW_ANSWER_YES:
      return C_("checklist answer", "Yes");
    case CM_REVIEW_ANSWER_NO:
      return C_("checklist answer", "No");
    case CM_REVIEW_ANSWER_NOT_APPLICABLE:
      return C_("checklist answer", "Not applicable");
    case CM_REVIEW_ANSWER_NONE:
    default:
      return C_("checklist answer", "Not answered");
    }
}
