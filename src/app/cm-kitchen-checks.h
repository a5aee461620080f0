/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "cm-canteen.h"
#include "cm-db.h"

G_BEGIN_DECLS

#define CM_TYPE_KITCHEN_CHECKS (cm_kitchen_checks_get_type ())
G_DECLARE_FINAL_TYPE (CmKitchenChecks, cm_kitchen_checks, CM, KITCHEN_CHECKS, GtkWidget)

void        cm_kitchen_checks_set_db         (CmKitchenChecks *self,
                                              CmDb            *db);
void        cm_kitchen_checks_show           (CmKitchenChecks *self,
                                              CmCanteen       *canteen);
guint       cm_kitchen_checks_get_n_results  (CmKitchenChecks *self);
guint       cm_kitchen_checks_get_n_findings (CmKitchenChecks *self);
const char *cm_kitchen_checks_get_period     (CmKitchenChecks *self);

G_END_DECLS
