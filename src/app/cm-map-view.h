/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "cm-kitchens-view.h"
#include "cm-map-layer.h"

G_BEGIN_DECLS

#define CM_TYPE_MAP_VIEW (cm_map_view_get_type ())
G_DECLARE_FINAL_TYPE (CmMapView, cm_map_view, CM, MAP_VIEW, GtkWidget)

CmMapView    *cm_map_view_new               (void);
void          cm_map_view_set_kitchens_view (CmMapView      *self,
                                             CmKitchensView *kitchens_view);
void          cm_map_view_set_db            (CmMapView      *self,
                                             CmDb           *db);
void          cm_map_view_reload_boundaries (CmMapView      *self);
guint         cm_map_view_get_n_boundaries  (CmMapView      *self);
void          cm_map_view_bind_settings     (CmMapView      *self,
                                             GSettings      *settings);
void          cm_map_view_fit_kitchens      (CmMapView      *self);
gboolean      cm_map_view_click             (CmMapView      *self,
                                             double          x,
                                             double          y);
CmMapLayer   *cm_map_view_get_layer         (CmMapView      *self);
ShumateMap   *cm_map_view_get_map           (CmMapView      *self);
GtkPopover   *cm_map_view_get_popover       (CmMapView      *self);
const char   *cm_map_view_get_popover_folio (CmMapView      *self);
const char   *cm_map_view_get_tile_url      (CmMapView      *self);
gboolean      cm_map_view_get_tiles_failing (CmMapView      *self);
gboolean      cm_map_view_get_fitted        (CmMapView      *self);

G_END_DECLS
