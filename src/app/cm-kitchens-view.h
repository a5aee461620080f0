/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "cm-db.h"
#include "cm-kitchen-page.h"

G_BEGIN_DECLS

#define CM_TYPE_KITCHENS_VIEW (cm_kitchens_view_get_type ())
G_DECLARE_FINAL_TYPE (CmKitchensView, cm_kitchens_view, CM, KITCHENS_VIEW, GtkWidget)

void           cm_kitchens_view_set_db          (CmKitchensView *self,
                                                 CmDb           *db);
void           cm_kitchens_view_set_model       (CmKitchensView *self,
                                                 GListModel     *kitchens);
void           cm_kitchens_view_bind_settings   (CmKitchensView *self,
                                                 GSettings      *settings);
void           cm_kitchens_view_focus_search    (CmKitchensView *self);
void           cm_kitchens_view_set_search_text (CmKitchensView *self,
                                                 const char     *text);
guint          cm_kitchens_view_get_n_total     (CmKitchensView *self);
guint          cm_kitchens_view_get_n_shown     (CmKitchensView *self);
gboolean       cm_kitchens_view_select_folio    (CmKitchensView *self,
                                                 const char     *folio);
CmKitchenPage *cm_kitchens_view_get_page        (CmKitchensView *self);
void           cm_kitchens_view_show_compliance (CmKitchensView *self,
                                                 const char     *verdict);
void           cm_kitchens_view_show_alcaldia   (CmKitchensView *self,
                                                 const char     *alcaldia_code);
GListModel    *cm_kitchens_view_get_shown       (CmKitchensView *self);
void           cm_kitchens_view_show_committee_problems (CmKitchensView *self,
                                                 gboolean        only_problems);
GtkSingleSelection *cm_kitchens_view_get_selection (CmKitchensView *self);

G_END_DECLS
