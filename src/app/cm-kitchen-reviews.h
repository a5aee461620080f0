/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "cm-canteen.h"
#include "cm-db.h"
#include "cm-visit-editor.h"

G_BEGIN_DECLS

#define CM_TYPE_KITCHEN_REVIEWS (cm_kitchen_reviews_get_type ())
G_DECLARE_FINAL_TYPE (CmKitchenReviews, cm_kitchen_reviews, CM, KITCHEN_REVIEWS, GtkWidget)

void           cm_kitchen_reviews_set_db        (CmKitchenReviews *self,
                                                 CmDb             *db);
void           cm_kitchen_reviews_show          (CmKitchenReviews *self,
                                                 CmCanteen        *canteen);
guint          cm_kitchen_reviews_get_n_reviews (CmKitchenReviews *self);
CmVisitEditor *cm_kitchen_reviews_get_editor    (CmKitchenReviews *self);

G_END_DECLS
