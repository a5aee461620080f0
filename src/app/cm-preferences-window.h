/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "cm-db.h"

G_BEGIN_DECLS

#define CM_TYPE_PREFERENCES_WINDOW (cm_preferences_window_get_type ())
G_DECLARE_FINAL_TYPE (CmPreferencesWindow, cm_preferences_window, CM, PREFERENCES_WINDOW, AdwPreferencesWindow)

CmPreferencesWindow *cm_preferences_window_new          (GtkWindow           *parent,
                                                         CmDb                *db);
GListModel          *cm_preferences_window_get_accounts (CmPreferencesWindow *self);
gboolean             cm_preferences_window_is_loading   (CmPreferencesWindow *self);
void                 cm_preferences_window_edit_account (CmPreferencesWindow *self,
                                                         const char          *name);

gboolean             cm_preferences_window_apply_tile_url (CmPreferencesWindow  *self,
                                                           const char           *url_template,
                                                           GError              **error);

G_END_DECLS
