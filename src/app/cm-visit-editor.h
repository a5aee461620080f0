/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "cm-db.h"
#include "cm-review.h"

G_BEGIN_DECLS

#define CM_TYPE_VISIT_EDITOR (cm_visit_editor_get_type ())
G_DECLARE_FINAL_TYPE (CmVisitEditor, cm_visit_editor, CM, VISIT_EDITOR, AdwWindow)

CmVisitEditor *cm_visit_editor_new        (GtkWindow      *parent,
                                           CmDb           *db,
                                           CmReview       *review,
                                           const char     *kitchen);
CmReview      *cm_visit_editor_get_review (CmVisitEditor  *self);
gboolean       cm_visit_editor_is_saving  (CmVisitEditor  *self);
gboolean       cm_visit_editor_answer     (CmVisitEditor  *self,
                                           const char     *rule_code,
                                           CmReviewAnswer  answer);

G_END_DECLS
