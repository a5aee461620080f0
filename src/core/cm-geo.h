/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* An area on the map: a GeoJSON Polygon or MultiPolygon in WGS84, as the
 * city publishes its alcaldías' boundaries. Immutable once built, so one
 * shape can be shared between threads (the import's worker, the map). */

#define CM_GEO_ERROR (cm_geo_error_quark ())

typedef enum
{
  CM_GEO_ERROR_SYNTAX,      /* not JSON, or not a GeoJSON geometry object */
  CM_GEO_ERROR_TYPE,        /* a geometry other than Polygon or MultiPolygon */
  CM_GEO_ERROR_RING,        /* a ring not closed, too short, or not an array */
  CM_GEO_ERROR_COORDINATE,  /* a position not numeric, or out of range */
} CmGeoError;

typedef struct
{
  double min_lat;
  double min_lon;
  double max_lat;
  double max_lon;
} CmGeoBounds;

typedef struct _CmGeoShape CmGeoShape;

#define CM_TYPE_GEO_SHAPE (cm_geo_shape_get_type ())

GType         cm_geo_shape_get_type       (void) G_GNUC_CONST;
GQuark        cm_geo_error_quark          (void);

CmGeoShape   *cm_geo_shape_new_from_json  (const char         *geometry_json,
                                           GError            **error);
CmGeoShape   *cm_geo_shape_new_from_node  (JsonNode           *geometry,
                                           GError            **error);
CmGeoShape   *cm_geo_shape_ref            (CmGeoShape         *self);
void          cm_geo_shape_unref          (CmGeoShape         *self);

gboolean      cm_geo_shape_contains       (const CmGeoShape   *self,
                                           double              lat,
                                           double              lon);
void          cm_geo_shape_get_bounds     (const CmGeoShape   *self,
                                           CmGeoBounds        *bounds);
gboolean      cm_geo_bounds_contains      (const CmGeoBounds  *bounds,
                                           double              lat,
                                           double              lon);

guint         cm_geo_shape_get_n_polygons (const CmGeoShape   *self);
guint         cm_geo_shape_get_n_rings    (const CmGeoShape   *self,
                                           guint               polygon);
const double *cm_geo_shape_get_ring       (const CmGeoShape   *self,
                                           guint               polygon,
                                           guint               ring,
                                           guint              *n_positions);

char         *cm_geo_shape_to_json        (const CmGeoShape   *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CmGeoShape, cm_geo_shape_unref)

G_END_DECLS
