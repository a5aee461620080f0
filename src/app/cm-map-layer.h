/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <shumate/shumate.h>

#include "cm-boundaries.h"
#include "cm-canteen.h"

G_BEGIN_DECLS

/* How a kitchen looks on the map; the legend draws the same symbols. */
typedef enum
{
  CM_MAP_SYMBOL_COMPLIES,
  CM_MAP_SYMBOL_REMARKS,
  CM_MAP_SYMBOL_DOES_NOT_COMPLY,
  CM_MAP_SYMBOL_NOT_EVALUATED,
  CM_MAP_SYMBOL_SUSPENDED,      /* a diamond, in its compliance colour */
  CM_MAP_SYMBOL_CLOSED,
  CM_MAP_SYMBOL_GROUP,
  CM_MAP_N_SYMBOLS
} CmMapSymbol;

/* What lies under a point of the layer. */
typedef struct
{
  CmCanteen *canteen;   /* (transfer none): the kitchen, when one */
  guint      count;     /* kitchens under the mark: 1, or a group's size */
  double     south;     /* the group's extent */
  double     west;
  double     north;
  double     east;
} CmMapHit;

#define CM_TYPE_MAP_LAYER (cm_map_layer_get_type ())
G_DECLARE_FINAL_TYPE (CmMapLayer, cm_map_layer, CM, MAP_LAYER, ShumateLayer)

CmMapLayer *cm_map_layer_new                 (ShumateViewport *viewport);
void        cm_map_layer_set_model           (CmMapLayer      *self,
                                              GListModel      *kitchens);
void        cm_map_layer_set_selected        (CmMapLayer      *self,
                                              CmCanteen       *canteen);
CmCanteen  *cm_map_layer_get_selected        (CmMapLayer      *self);
gboolean    cm_map_layer_hit_test            (CmMapLayer      *self,
                                              double           x,
                                              double           y,
                                              CmMapHit        *hit);
gboolean    cm_map_layer_get_extent          (CmMapLayer      *self,
                                              double          *south,
                                              double          *west,
                                              double          *north,
                                              double          *east);
gboolean    cm_map_layer_get_kitchen_position (CmMapLayer     *self,
                                              const char      *folio,
                                              double          *x,
                                              double          *y);
void        cm_map_layer_set_boundaries      (CmMapLayer      *self,
                                              CmBoundaries    *boundaries);
guint       cm_map_layer_get_n_boundary_rings (CmMapLayer     *self);
guint       cm_map_layer_get_n_kitchens      (CmMapLayer      *self);
guint       cm_map_layer_get_n_marks         (CmMapLayer      *self);
guint       cm_map_layer_get_n_drawn         (CmMapLayer      *self);
guint       cm_map_layer_get_n_labels_drawn  (CmMapLayer      *self);

CmMapSymbol cm_map_symbol_for_canteen        (CmCanteen       *canteen);
void        cm_map_symbol_draw               (cairo_t         *cr,
                                              CmMapSymbol      symbol,
                                              CmMapSymbol      colour,
                                              double           x,
                                              double           y,
                                              double           radius);

G_END_DECLS
