/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "cm-geo"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "cm-geo.h"

/* A shape keeps every position in one array of doubles, longitude then
 * latitude as in GeoJSON, and describes its rings and polygons by offsets
 * into it: a boundary of thousands of positions is three allocations, and a
 * ring is handed out to be drawn without copying. */

typedef struct
{
  guint first;       /* index of its first position */
  guint n_positions; /* the closing position included */
} Ring;

typedef struct
{
  guint       first_ring;
  guint       n_rings;   /* ring 0 is the outer one, the others holes */
  CmGeoBounds bounds;    /* of its outer ring */
} Polygon;

struct _CmGeoShape
{
  gatomicrefcount ref_count;
  gboolean        multi;      /* written as a MultiPolygon */
  GArray         *coords;     /* double: lon, lat, lon, lat... */
  GArray         *rings;      /* Ring */
  GArray         *polygons;   /* Polygon */
  CmGeoBounds     bounds;
};

G_DEFINE_BOXED_TYPE (CmGeoShape, cm_geo_shape, cm_geo_shape_ref, cm_geo_shape_unref)

G_DEFINE_QUARK (cm-geo-error-quark, cm_geo_error)

static CmGeoShape *
shape_new (void)
{
  CmGeoShape *self = g_new0 (CmGeoShape, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->coords = g_array_new (FALSE, FALSE, sizeof (double));
  self->rings = g_array_new (FALSE, FALSE, sizeof (Ring));
  self->polygons = g_array_new (FALSE, FALSE, sizeof (Polygon));
  self->bounds = (CmGeoBounds) { G_MAXDOUBLE, G_MAXDOUBLE, -G_MAXDOUBLE, -G_MAXDOUBLE };
  return self;
}

CmGeoShape *
cm_geo_shape_ref (CmGeoShape *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
cm_geo_shape_unref (CmGeoShape *self)
{
  g_return_if_fail (self != NULL);

  if (g_atomic_ref_count_dec (&self->ref_count))
    {
      g_array_unref (self->coords);
      g_array_unref (self->rings);
      g_array_unref (self->polygons);
      g_free (self);
    }
}

static gboolean
get_number (JsonNode *node,
            double   *value)
{
  GType type;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  type = json_node_get_value_type (node);
  if (type != G_TYPE_DOUBLE && type != G_TYPE_INT64)
    return FALSE;
  *value = json_node_get_double (node);
  return isfinite (*value);
}

static void
bounds_extend (CmGeoBounds *bounds,
               double       lat,
               double       lon)
{
  bounds->min_lat = MIN (bounds->min_lat, lat);
  bounds->max_lat = MAX (bounds->max_lat, lat);
  bounds->min_lon = MIN (bounds->min_lon, lon);
  bounds->max_lon = MAX (bounds->max_lon, lon);
}

/* Numbers for people count from 1. */
static gboolean
parse_ring (CmGeoShape  *self,
            JsonNode    *node,
            guint        polygon_no,
            guint        ring_no,
            Polygon     *polygon,
            GError     **error)
{
  JsonArray *array;
  Ring ring;
  guint n;
  double first_lon = 0, first_lat = 0, lon = 0, lat = 0, altitude;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    {
      g_set_error (error, CM_GEO_ERROR, CM_GEO_ERROR_RING,
                   _("Polygon %u, ring %u is not an array of positions."), polygon_no, ring_no);
      return FALSE;
    }
  array = json_node_get_array (node);
  n = json_array_get_length (array);
  if (n < 4)
    {
      g_set_error (error, CM_GEO_ERROR, CM_GEO_ERROR_RING,
                   _("Polygon %u, ring %u has %u positions; a ring needs at least 4, the last one repeating the first."),
                   polygon_no, ring_no, n);
      return FALSE;
    }

  ring.first = self->coords->len / 2;
  ring.n_positions = n;
  for (guint i = 0; i < n; i++)
    {
      JsonNode *position = json_array_get_element (array, i);
      JsonArray *pair;

      /* A third number, the altitude, is allowed and ignored. */
      if (!JSON_NODE_HOLDS_ARRAY (position) ||
          json_array_get_length (pair = json_node_get_array (position)) < 2 ||
          json_array_get_length (pair) > 3 ||
          !get_number (json_array_get_element (pair, 0), &lon) ||
          !get_number (json_array_get_element (pair, 1), &lat) ||
          (json_array_get_length (pair) == 3 && !get_number (json_array_get_element (pair, 2), &altitude)))
        {
          g_set_error (error, CM_GEO_ERROR, CM_GEO_ERROR_COORDINATE,
                       _("Polygon %u, ring %u, position %u is not a pair of numbers [longitude, latitude]."),
                       polygon_no, ring_no, i + 1);
          return FALSE;
        }
      if (lat < -90 || lat > 90)
        {
          g_set_error (error, CM_GEO_ERROR, CM_GEO_ERROR_COORDINATE,
                       _("Polygon %u, ring %u, position %u: the latitude %g is outside −90 to 90 (is the position written [longitude, latitude]?)."),
                       polygon_no, ring_no, i + 1, lat);
          return FALSE;
        }
      if (lon < -180 || lon > 180)
        {
          g_set_error (error, CM_GEO_ERROR, CM_GEO_ERROR_COORDINATE,
                       _("Polygon %u, ring %u, position %u: the longitude %g is outside −180 to 180."),
                       polygon_no, ring_no, i + 1, lon);
          return FALSE;
        }
      if (i == 0)
        {
          first_lon = lon;
          first_lat = lat;
        }
      g_array_append_val (self->coords, lon);
      g_array_append_val (self->coords, lat);
      if (ring_no == 1)
        bounds_extend (&polygon->bounds, lat, lon);
    }

  if (lon != first_lon || lat != first_lat)
    {
      g_set_error (error, CM_GEO_ERROR, CM_GEO_ERROR_RING,
                   _("Polygon %u, ring %u is not closed: its last position must repeat its first."),
                   polygon_no, ring_no);
      return FALSE;
    }

  g_array_append_val (self->rings, ring);
  return TRUE;
}

static gboolean
parse_polygon (CmGeoShape  *self,
               JsonNode    *node,
               guint        polygon_no,
               GError     **error)
{
  JsonArray *array;
  Polygon polygon = { self->rings->len, 0, { G_MAXDOUBLE, G_MAXDOUBLE, -G_MAXDOUBLE, -G_MAXDOUBLE } };

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node) ||
      json_array_get_length (array = json_node_get_array (node)) == 0)
    {
      g_set_error (error, CM_GEO_ERROR, CM_GEO_ERROR_RING,
                   _("Polygon %u is not an array of rings."), polygon_no);
      return FALSE;
    }

  polygon.n_rings = json_array_get_length (array);
  for (guint i = 0; i < polygon.n_rings; i++)
    if (!parse_ring (self, json_array_get_element (array, i), polygon_no, i + 1, &polygon, error))
      return FALSE;

  bounds_extend (&self->bounds, polygon.bounds.min_lat, polygon.bounds.min_lon);
  bounds_extend (&self->bounds, polygon.bounds.max_lat, polygon.bounds.max_lon);
  g_array_append_val (self->polygons, polygon);
  return TRUE;
}

/**
 * cm_geo_shape_new_from_node:
 * @geometry: a GeoJSON geometry object
 * @error: set to a #CmGeoError when it is not a valid Polygon or MultiPolygon
 *
 * Reads a Polygon or MultiPolygon of [longitude, latitude] positions in
 * WGS84. Every ring must be closed and have at least 4 positions; the
 * winding order is not checked (older files do not follow RFC 7946's).
 *
 * Returns: (transfer full) (nullable): the shape, or %NULL with @error set
 */
CmGeoShape *
cm_geo_shape_new_from_node (JsonNode  *geometry,
                            GError   **error)
{
  g_autoptr(CmGeoShape) self = NULL;
  JsonObject *object;
  JsonNode *coordinates;
  const char *type;
  JsonArray *array;

  if (geometry == NULL || !JSON_NODE_HOLDS_OBJECT (geometry))
    {
      g_set_error (error, CM_GEO_ERROR, CM_GEO_ERROR_SYNTAX,
                   _("The geometry is not a GeoJSON object."));
      return NULL;
    }
  object = json_node_get_object (geometry);
  type = json_object_get_string_member_with_default (object, "type", NULL);
  if (type == NULL)
    {
      g_set_error (error, CM_GEO_ERROR, CM_GEO_ERROR_SYNTAX,
                   _("The geometry has no “type”."));
      return NULL;
    }
  if (strcmp (type, "Polygon") != 0 && strcmp (type, "MultiPolygon") != 0)
    {
      g_set_error (error, CM_GEO_ERROR, CM_GEO_ERROR_TYPE,
                   _("The geometry is a “%s”; a boundary must be a Polygon or a MultiPolygon."), type);
      return NULL;
    }
  coordinates = json_object_get_member (object, "coordinates");
  if (coordinates == NULL || !JSON_NODE_HOLDS_ARRAY (coordinates))
    {
      g_set_error (error, CM_GEO_ERROR, CM_GEO_ERROR_SYNTAX,
                   _("The geometry has no “coordinates” array."));
      return NULL;
    }

  self = shape_new ();
  self->multi = strcmp (type, "MultiPolygon") == 0;
  array = json_node_get_array (coordinates);
  if (!self->multi)
    {
      if (!parse_polygon (self, coordinates, 1, error))
        return NULL;
    }
  else
    {
      guint n = json_array_get_length (array);

      if (n == 0)
        {
          g_set_error (error, CM_GEO_ERROR, CM_GEO_ERROR_RING,
                       _("The MultiPolygon has no polygon."));
          return NULL;
        }
      for (guint i = 0; i < n; i++)
        if (!parse_polygon (self, json_array_get_element (array, i), i + 1, error))
          return NULL;
    }

  return g_steal_pointer (&self);
}

/**
 * cm_geo_shape_new_from_json:
 * @geometry_json: a GeoJSON geometry, as text
 * @error: set to a #CmGeoError when it is not a valid Polygon or MultiPolygon
 *
 * The same as cm_geo_shape_new_from_node(), from text (as stored in
 * `alcaldia.boundary`).
 *
 * Returns: (transfer full) (nullable): the shape, or %NULL with @error set
 */
CmGeoShape *
cm_geo_shape_new_from_json (const char  *geometry_json,
                            GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (geometry_json != NULL, NULL);

  if (!json_parser_load_from_data (parser, geometry_json, -1, &local_error))
    {
      g_set_error (error, CM_GEO_ERROR, CM_GEO_ERROR_SYNTAX,
                   _("The geometry is not valid JSON: %s"), local_error->message);
      return NULL;
    }

  return cm_geo_shape_new_from_node (json_parser_get_root (parser), error);
}

gboolean
cm_geo_bounds_contains (const CmGeoBounds *bounds,
                        double             lat,
                        double             lon)
{
  return lat >= bounds->min_lat && lat <= bounds->max_lat &&
         lon >= bounds->min_lon && lon <= bounds->max_lon;
}

/**
 * cm_geo_shape_contains:
 * @self: a shape
 * @lat: latitude, WGS84
 * @lon: longitude, WGS84
 *
 * Whether the point lies in the shape: inside the outer ring of one of its
 * polygons and in none of that polygon's holes (the even-odd rule over all
 * of a polygon's rings). Longitude and latitude are taken as plane
 * coordinates, which is exact enough at the scale of a city.
 *
 * A point exactly on an edge follows the half-open rule: on an axis-aligned
 * square it belongs to its west and south edges, not to its east and north
 * ones, so a point on the edge two neighbouring polygons share lies in
 * exactly one of them.
 *
 * Returns: %TRUE when the point is inside
 */
gboolean
cm_geo_shape_contains (const CmGeoShape *self,
                       double            lat,
                       double            lon)
{
  const double *xy;

  g_return_val_if_fail (self != NULL, FALSE);

  if (!cm_geo_bounds_contains (&self->bounds, lat, lon))
    return FALSE;

  xy = (const double *) self->coords->data;
  for (guint p = 0; p < self->polygons->len; p++)
    {
      const Polygon *polygon = &g_array_index (self->polygons, Polygon, p);
      gboolean inside = FALSE;

      if (!cm_geo_bounds_contains (&polygon->bounds, lat, lon))
        continue;

      for (guint r = polygon->first_ring; r < polygon->first_ring + polygon->n_rings; r++)
        {
          const Ring *ring = &g_array_index (self->rings, Ring, r);
          const double *v = xy + 2 * ring->first;

          /* The closing position repeats the first: edges (i-1, i). */
          for (guint i = 1; i < ring->n_positions; i++)
            {
              double x0 = v[2 * (i - 1)], y0 = v[2 * (i - 1) + 1];
              double x1 = v[2 * i], y1 = v[2 * i + 1];

              if ((y0 > lat) != (y1 > lat) &&
                  lon < (x1 - x0) * (lat - y0) / (y1 - y0) + x0)
                inside = !inside;
            }
        }

      if (inside)
        return TRUE;
    }

  return FALSE;
}

/**
 * cm_geo_shape_get_bounds:
 * @self: a shape
 * @bounds: (out): its bounding box
 */
void
cm_geo_shape_get_bounds (const CmGeoShape *self,
                         CmGeoBounds      *bounds)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (bounds != NULL);

  *bounds = self->bounds;
}

guint
cm_geo_shape_get_n_polygons (const CmGeoShape *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->polygons->len;
}

/**
 * cm_geo_shape_get_n_rings:
 * @self: a shape
 * @polygon: a polygon's index, below cm_geo_shape_get_n_polygons()
 *
 * Returns: the polygon's rings: the outer one (index 0) and its holes
 */
guint
cm_geo_shape_get_n_rings (const CmGeoShape *self,
                          guint             polygon)
{
  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (polygon < self->polygons->len, 0);

  return g_array_index (self->polygons, Polygon, polygon).n_rings;
}

/**
 * cm_geo_shape_get_ring:
 * @self: a shape
 * @polygon: a polygon's index
 * @ring: a ring's index in the polygon, 0 for the outer ring
 * @n_positions: (out): how many positions the ring has, the closing one
 *   (equal to the first) included
 *
 * Returns: (transfer none) (array): 2 × @n_positions doubles, longitude then
 *   latitude of each position, as in GeoJSON; valid while @self is
 */
const double *
cm_geo_shape_get_ring (const CmGeoShape *self,
                       guint             polygon,
                       guint             ring,
                       guint            *n_positions)
{
  const Polygon *p;
  const Ring *r;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (polygon < self->polygons->len, NULL);
  g_return_val_if_fail (n_positions != NULL, NULL);

  p = &g_array_index (self->polygons, Polygon, polygon);
  g_return_val_if_fail (ring < p->n_rings, NULL);

  r = &g_array_index (self->rings, Ring, p->first_ring + ring);
  *n_positions = r->n_positions;
  return (const double *) self->coords->data + 2 * r->first;
}

/* The shortest text that reads back as the same double. */
static void
append_number (GString *out,
               double   value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  for (int digits = 15; digits <= 17; digits++)
    {
      char format[8];

      g_snprintf (format, sizeof format, "%%.%dg", digits);
      g_ascii_formatd (buffer, sizeof buffer, format, value);
      if (g_ascii_strtod (buffer, NULL) == value)
        break;
    }
  g_string_append (out, buffer);
}

/**
 * cm_geo_shape_to_json:
 * @self: a shape
 *
 * Writes the shape back as a GeoJSON geometry of the type it was read as,
 * without altitudes, in one line: the normal form kept in
 * `alcaldia.boundary`. Reading the result gives an equal shape.
 *
 * Returns: (transfer full): the geometry as JSON text
 */
char *
cm_geo_shape_to_json (const CmGeoShape *self)
{
  GString *out;
  const double *xy;

  g_return_val_if_fail (self != NULL, NULL);

  xy = (const double *) self->coords->data;
  out = g_string_sized_new (32 + self->coords->len * 12);
  g_string_append_printf (out, "{\"type\":\"%s\",\"coordinates\":",
                          self->multi ? "MultiPolygon" : "Polygon");
  if (self->multi)
    g_string_append_c (out, '[');
  for (guint p = 0; p < self->polygons->len; p++)
    {
      const Polygon *polygon = &g_array_index (self->polygons, Polygon, p);

      if (p > 0)
        g_string_append_c (out, ',');
      g_string_append_c (out, '[');
      for (guint r = 0; r < polygon->n_rings; r++)
        {
          const Ring *ring = &g_array_index (self->rings, Ring, polygon->first_ring + r);

          if (r > 0)
            g_string_append_c (out, ',');
          g_string_append_c (out, '[');
          for (guint i = 0; i < ring->n_positions; i++)
            {
              const double *v = xy + 2 * (ring->first + i);

              if (i > 0)
                g_string_append_c (out, ',');
              g_string_append_c (out, '[');
              append_number (out, v[0]);
              g_string_append_c (out, ',');
              append_number (out, v[1]);
              g_string_append_c (out, ']');
            }
          g_string_append_c (out, ']');
        }
      g_string_append_c (out, ']');
    }
  if (self->multi)
    g_string_append_c (out, ']');
  g_string_append_c (out, '}');

  return g_string_free (out, FALSE);
}
