/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "cm-canteen.h"
#include "cm-db.h"
#include "cm-canteen-editor.h"
#include "cm-kitchen-checks.h"
#include "cm-kitchen-decisions.h"
#include "cm-kitchen-reviews.h"
#include "cm-outbox.h"

G_BEGIN_DECLS

#define CM_TYPE_KITCHEN_PAGE (cm_kitchen_page_get_type ())
G_DECLARE_FINAL_TYPE (CmKitchenPage, cm_kitchen_page, CM, KITCHEN_PAGE, GtkWidget)

void        cm_kitchen_page_set_db          (CmKitchenPage *self,
                                             CmDb          *db);
void        cm_kitchen_page_set_canteen     (CmKitchenPage *self,
                                             CmCanteen     *canteen);
CmCanteen  *cm_kitchen_page_get_canteen     (CmKitchenPage *self);
const char *cm_kitchen_page_get_shown_folio (CmKitchenPage *self);
guint       cm_kitchen_page_get_n_committee (CmKitchenPage *self);
guint       cm_kitchen_page_get_n_reports   (CmKitchenPage *self);
gboolean    cm_kitchen_page_review_report   (CmKitchenPage *self,
                                             guint          position,
                                             CmReviewState  state,
                                             const char    *comment);
gboolean    cm_kitchen_page_can_review_report (CmKitchenPage *self,
                                             guint          position);
gboolean    cm_kitchen_page_get_report_pending (CmKitchenPage *self,
                                             guint          position);

CmKitchenChecks    *cm_kitchen_page_get_checks    (CmKitchenPage *self);
CmKitchenReviews   *cm_kitchen_page_get_reviews   (CmKitchenPage *self);
CmKitchenDecisions *cm_kitchen_page_get_decisions (CmKitchenPage *self);
void                cm_kitchen_page_show_section  (CmKitchenPage *self,
                                                   const char    *name);

CmCanteenEditor    *cm_kitchen_page_edit_record   (CmKitchenPage *self);
const char         *cm_kitchen_page_get_committee_warning (CmKitchenPage *self);
const char         *cm_kitchen_page_get_place_warning     (CmKitchenPage *self);
AdwMessageDialog   *cm_kitchen_page_end_membership (CmKitchenPage *self,
                                                   guint          position);
GtkSwitch          *cm_kitchen_page_get_office_switch (CmKitchenPage *self,
                                                   guint          position);

G_END_DECLS
