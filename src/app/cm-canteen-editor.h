/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "cm-canteen.h"
#include "cm-db.h"

G_BEGIN_DECLS

#define CM_TYPE_CANTEEN_EDITOR (cm_canteen_editor_get_type ())
G_DECLARE_FINAL_TYPE (CmCanteenEditor, cm_canteen_editor, CM, CANTEEN_EDITOR, AdwWindow)

CmCanteenEditor *cm_canteen_editor_new        (GtkWindow       *parent,
                                               CmDb            *db,
                                               CmCanteen       *canteen);
GtkEditable     *cm_canteen_editor_get_field  (CmCanteenEditor *self,
                                               const char      *name);
void             cm_canteen_editor_save       (CmCanteenEditor *self);
const char      *cm_canteen_editor_get_problem (CmCanteenEditor *self);

G_END_DECLS
