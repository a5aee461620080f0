/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "cm-canteen.h"
#include "cm-db.h"

G_BEGIN_DECLS

#define CM_TYPE_KITCHEN_DECISIONS (cm_kitchen_decisions_get_type ())
G_DECLARE_FINAL_TYPE (CmKitchenDecisions, cm_kitchen_decisions, CM, KITCHEN_DECISIONS, GtkWidget)

void     cm_kitchen_decisions_set_db                 (CmKitchenDecisions *self,
                                                      CmDb               *db);
void     cm_kitchen_decisions_show                   (CmKitchenDecisions *self,
                                                      CmCanteen          *canteen);
guint    cm_kitchen_decisions_get_n_sanctions        (CmKitchenDecisions *self);
gboolean cm_kitchen_decisions_is_flagged_for_closure (CmKitchenDecisions *self);

G_END_DECLS
