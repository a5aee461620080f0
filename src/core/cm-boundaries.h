/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "cm-db.h"
#include "cm-geo.h"

G_BEGIN_DECLS

/* The alcaldías' boundaries, read once from the database, to tell whether a
 * kitchen lies in its alcaldía and in the city. */

typedef enum
{
  CM_PLACE_UNKNOWN,   /* the alcaldía has no boundary yet */
  CM_PLACE_INSIDE,
  CM_PLACE_OUTSIDE,
} CmPlace;

/* A box around Mexico City with a little margin, for when the boundaries
 * have not been imported. */
#define CM_CITY_MIN_LAT  19.03
#define CM_CITY_MAX_LAT  19.60
#define CM_CITY_MIN_LON -99.37
#define CM_CITY_MAX_LON -98.94

typedef struct
{
  gint64  canteen_id;
  char   *folio;
  char   *alcaldia_code;  /* where it is registered */
  char   *found_code;     /* (nullable): the alcaldía whose boundary holds its point */
} CmOutsideKitchen;

void cm_outside_kitchen_free (CmOutsideKitchen *kitchen);

#define CM_TYPE_BOUNDARIES (cm_boundaries_get_type ())
G_DECLARE_FINAL_TYPE (CmBoundaries, cm_boundaries, CM, BOUNDARIES, GObject)

CmBoundaries *cm_boundaries_new           (void);
CmBoundaries *cm_boundaries_load          (CmDb          *db,
                                           GError       **error);
void          cm_boundaries_set           (CmBoundaries  *self,
                                           const char    *code,
                                           CmGeoShape    *shape);
CmGeoShape   *cm_boundaries_get_shape     (CmBoundaries  *self,
                                           const char    *code);
guint         cm_boundaries_get_n_shapes  (CmBoundaries  *self);
gboolean      cm_boundaries_is_complete   (CmBoundaries  *self);
CmPlace       cm_boundaries_locate        (CmBoundaries  *self,
                                           const char    *alcaldia_code,
                                           double         lat,
                                           double         lon);
const char   *cm_boundaries_find          (CmBoundaries  *self,
                                           double         lat,
                                           double         lon);
gboolean      cm_boundaries_in_city       (CmBoundaries  *self,
                                           double         lat,
                                           double         lon);
GPtrArray    *cm_boundaries_list_outside  (CmBoundaries  *self,
                                           CmDb          *db,
                                           GError       **error);
CmPlace       cm_boundaries_place_kitchen (CmDb          *db,
                                           const char    *alcaldia_code,
                                           double         lat,
                                           double         lon,
                                           char         **found_code,
                                           GError       **error);

G_END_DECLS
