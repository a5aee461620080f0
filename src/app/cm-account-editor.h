/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "cm-db.h"
#include "cm-source.h"

G_BEGIN_DECLS

#define CM_TYPE_ACCOUNT_EDITOR (cm_account_editor_get_type ())
G_DECLARE_FINAL_TYPE (CmAccountEditor, cm_account_editor, CM, ACCOUNT_EDITOR, GtkWidget)

GtkWidget *cm_account_editor_new (CmDb     *db,
                                  CmSource *source);

G_END_DECLS
