/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "cm-canteen.h"
#include "cm-db.h"

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

G_END_DECLS
