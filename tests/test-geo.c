/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <string.h>

#include "cm-geo.h"

/* Shapes drawn by hand on a plane of [longitude, latitude]. */

static CmGeoShape *
shape (const char *json)
{
  g_autoptr(GError) error = NULL;
  CmGeoShape *s = cm_geo_shape_new_from_json (json, &error);

  g_assert_no_error (error);
  g_assert_nonnull (s);
  return s;
}

#define SQUARE "{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[10,0],[10,10],[0,10],[0,0]]]}"

static void
test_square (void)
{
  g_autoptr(CmGeoShape) s = shape (SQUARE);
  CmGeoBounds b;

  /* contains (lat, lon): lat is the second number of a position. */
  g_assert_true (cm_geo_shape_contains (s, 5, 5));
  g_assert_true (cm_geo_shape_contains (s, 0.001, 9.999));
  g_assert_false (cm_geo_shape_contains (s, 5, 10.001));
  g_assert_false (cm_geo_shape_contains (s, -0.001, 5));
  g_assert_false (cm_geo_shape_contains (s, 50, 50));

  cm_geo_shape_get_bounds (s, &b);
  g_assert_cmpfloat (b.min_lat, ==, 0);
  g_assert_cmpfloat (b.max_lat, ==, 10);
  g_assert_cmpfloat (b.min_lon, ==, 0);
  g_assert_cmpfloat (b.max_lon, ==, 10);
  g_assert_cmpuint (cm_geo_shape_get_n_polygons (s), ==, 1);
  g_assert_cmpuint (cm_geo_shape_get_n_rings (s, 0), ==, 1);
}

/* A U open to the north: the notch between its arms is outside although it
 * lies within the bounding box, and a ray from it crosses the shape twice. */
static void
test_concave (void)
{
  g_autoptr(CmGeoShape) u = shape ("{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[9,0],[9,9],[6,9],"
                                   "[6,3],[3,3],[3,9],[0,9],[0,0]]]}");

  g_assert_true (cm_geo_shape_contains (u, 1.5, 4.5));   /* the bottom bar */
  g_assert_true (cm_geo_shape_contains (u, 7, 1.5));     /* the west arm */
  g_assert_true (cm_geo_shape_contains (u, 7, 7.5));     /* the east arm */
  g_assert_false (cm_geo_shape_contains (u, 6, 4.5));    /* the notch */
  g_assert_false (cm_geo_shape_contains (u, 8.9, 4.5));  /* the notch, near the top */
  g_assert_false (cm_geo_shape_contains (u, 3, 4.5));    /* the notch's floor is north-facing: outside */
  g_assert_true (cm_geo_shape_contains (u, 2.999, 4.5));
}

static void
test_hole (void)
{
  /* The hole is wound the same way as the outer ring: winding does not matter. */
  g_autoptr(CmGeoShape) s = shape ("{\"type\":\"Polygon\",\"coordinates\":["
                                   "[[0,0],[10,0],[10,10],[0,10],[0,0]],"
                                   "[[4,4],[6,4],[6,6],[4,6],[4,4]]]}");
  guint n = 0;
  const double *ring;

  g_assert_true (cm_geo_shape_contains (s, 2, 2));
  g_assert_false (cm_geo_shape_contains (s, 5, 5));
  g_assert_true (cm_geo_shape_contains (s, 5, 7));
  g_assert_cmpuint (cm_geo_shape_get_n_rings (s, 0), ==, 2);

  ring = cm_geo_shape_get_ring (s, 0, 1, &n);
  g_assert_cmpuint (n, ==, 5);
  g_assert_cmpfloat (ring[0], ==, 4);  /* lon */
  g_assert_cmpfloat (ring[1], ==, 4);  /* lat */
  g_assert_cmpfloat (ring[2], ==, 6);
  g_assert_cmpfloat (ring[3], ==, 4);
}

static void
test_multipolygon (void)
{
  /* Two islands, the second with a hole holding a third island. */
  g_autoptr(CmGeoShape) s = shape ("{\"type\":\"MultiPolygon\",\"coordinates\":["
                                   "[[[0,0],[2,0],[2,2],[0,2],[0,0]]],"
                                   "[[[10,10],[20,10],[20,20],[10,20],[10,10]],"
                                   " [[12,12],[18,12],[18,18],[12,18],[12,12]]],"
                                   "[[[14,14],[16,14],[16,16],[14,16],[14,14]]]]}");
  CmGeoBounds b;

  g_assert_cmpuint (cm_geo_shape_get_n_polygons (s), ==, 3);
  g_assert_cmpuint (cm_geo_shape_get_n_rings (s, 1), ==, 2);
  g_assert_true (cm_geo_shape_contains (s, 1, 1));
  g_assert_false (cm_geo_shape_contains (s, 5, 5));      /* between the islands, inside the bounds */
  g_assert_true (cm_geo_shape_contains (s, 11, 11));
  g_assert_false (cm_geo_shape_contains (s, 13, 13));    /* in the hole */
  g_assert_true (cm_geo_shape_contains (s, 15, 15));     /* on the island in the hole */

  cm_geo_shape_get_bounds (s, &b);
  g_assert_cmpfloat (b.min_lon, ==, 0);
  g_assert_cmpfloat (b.max_lon, ==, 20);
  g_assert_true (cm_geo_bounds_contains (&b, 5, 5));
}

/* Documented: a point on an edge or a vertex belongs to the west and south
 * edges of a square, not to the east and north ones; so of two squares
 * sharing an edge, and of four sharing a corner, exactly one holds it. */
static void
test_edges_and_vertices (void)
{
  const char *cells[] = {
    "{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[1,0],[1,1],[0,1],[0,0]]]}",
    "{\"type\":\"Polygon\",\"coordinates\":[[[1,0],[2,0],[2,1],[1,1],[1,0]]]}",
    "{\"type\":\"Polygon\",\"coordinates\":[[[0,1],[1,1],[1,2],[0,2],[0,1]]]}",
    "{\"type\":\"Polygon\",\"coordinates\":[[[1,1],[2,1],[2,2],[1,2],[1,1]]]}",
  };
  CmGeoShape *s[4];
  const double points[][2] = { { 1, 1 }, { 0.5, 1 }, { 1, 0.5 }, { 1.5, 1 }, { 1, 1.5 } }; /* lat, lon */

  for (guint i = 0; i < 4; i++)
    s[i] = shape (cells[i]);

  g_assert_true (cm_geo_shape_contains (s[0], 0, 0));     /* south-west corner */
  g_assert_false (cm_geo_shape_contains (s[0], 1, 1));    /* north-east corner */
  g_assert_true (cm_geo_shape_contains (s[0], 0.5, 0));   /* west edge */
  g_assert_false (cm_geo_shape_contains (s[0], 0.5, 1));  /* east edge */
  g_assert_true (cm_geo_shape_contains (s[0], 0, 0.5));   /* south edge */
  g_assert_false (cm_geo_shape_contains (s[0], 1, 0.5));  /* north edge */

  for (guint p = 0; p < G_N_ELEMENTS (points); p++)
    {
      guint holders = 0;

      for (guint i = 0; i < 4; i++)
        holders += cm_geo_shape_contains (s[i], points[p][0], points[p][1]);
      g_assert_cmpuint (holders, ==, 1);
    }

  for (guint i = 0; i < 4; i++)
    cm_geo_shape_unref (s[i]);
}

static void
test_round_trip (void)
{
  g_autoptr(CmGeoShape) s = shape ("{\"type\":\"MultiPolygon\",\"coordinates\":[[[[-99.1, 19.3, 2240],"
                                   "[-99.0, 19.3],[-99.05, 19.45],[-99.1, 19.3]]]]}");
  g_autofree char *json = cm_geo_shape_to_json (s);
  g_autoptr(CmGeoShape) again = shape (json);
  g_autofree char *json_again = cm_geo_shape_to_json (again);
  g_autoptr(CmGeoShape) poly = shape (SQUARE);
  g_autofree char *poly_json = cm_geo_shape_to_json (poly);

  /* Shortest numbers, no altitude, one line. */
  g_assert_cmpstr (json, ==, "{\"type\":\"MultiPolygon\",\"coordinates\":[[[[-99.1,19.3],[-99,19.3],"
                             "[-99.05,19.45],[-99.1,19.3]]]]}");
  g_assert_cmpstr (json_again, ==, json);
  g_assert_cmpstr (poly_json, ==, SQUARE);
  g_assert_true (cm_geo_shape_contains (again, 19.35, -99.05));
}

static void
assert_refused (const char *json,
                CmGeoError  code,
                const char *fragment)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CmGeoShape) s = cm_geo_shape_new_from_json (json, &error);

  g_assert_null (s);
  g_assert_error (error, CM_GEO_ERROR, (gint) code);
  if (fragment != NULL && strstr (error->message, fragment) == NULL)
    g_error ("“%s” does not say “%s”", error->message, fragment);
}

static void
test_validation (void)
{
  assert_refused ("{\"type\":\"Polygon\",", CM_GEO_ERROR_SYNTAX, "JSON");
  assert_refused ("[1, 2]", CM_GEO_ERROR_SYNTAX, "object");
  assert_refused ("{\"coordinates\":[]}", CM_GEO_ERROR_SYNTAX, "type");
  assert_refused ("{\"type\":\"Polygon\"}", CM_GEO_ERROR_SYNTAX, "coordinates");
  assert_refused ("{\"type\":\"Point\",\"coordinates\":[-99.1,19.4]}", CM_GEO_ERROR_TYPE, "Point");
  assert_refused ("{\"type\":\"LineString\",\"coordinates\":[[-99.1,19.4],[-99,19.3]]}",
                  CM_GEO_ERROR_TYPE, "LineString");
  assert_refused ("{\"type\":\"GeometryCollection\",\"geometries\":[]}", CM_GEO_ERROR_TYPE, "GeometryCollection");
  /* not closed */
  assert_refused ("{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[1,0],[1,1],[0,1],[0,0.5]]]}",
                  CM_GEO_ERROR_RING, "Polygon 1, ring 1 is not closed");
  /* a hole not closed, in the second polygon */
  assert_refused ("{\"type\":\"MultiPolygon\",\"coordinates\":[[[[0,0],[1,0],[1,1],[0,0]]],"
                  "[[[0,0],[9,0],[9,9],[0,0]],[[1,1],[2,1],[2,2],[1,2]]]]}",
                  CM_GEO_ERROR_RING, "Polygon 2, ring 2 is not closed");
  /* too short: a closed triangle needs 4 positions */
  assert_refused ("{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[1,0],[0,0]]]}", CM_GEO_ERROR_RING, "3");
  assert_refused ("{\"type\":\"Polygon\",\"coordinates\":[]}", CM_GEO_ERROR_RING, NULL);
  assert_refused ("{\"type\":\"MultiPolygon\",\"coordinates\":[]}", CM_GEO_ERROR_RING, NULL);
  assert_refused ("{\"type\":\"Polygon\",\"coordinates\":[7]}", CM_GEO_ERROR_RING, NULL);
  /* non-numeric, missing, too many numbers */
  assert_refused ("{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[\"1\",0],[1,1],[0,0]]]}",
                  CM_GEO_ERROR_COORDINATE, "position 2");
  assert_refused ("{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[1,null],[1,1],[0,0]]]}",
                  CM_GEO_ERROR_COORDINATE, "position 2");
  assert_refused ("{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[1],[1,1],[0,0]]]}",
                  CM_GEO_ERROR_COORDINATE, NULL);
  assert_refused ("{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[1,0,0,0],[1,1],[0,0]]]}",
                  CM_GEO_ERROR_COORDINATE, NULL);
  /* out of range: a file written [lat, lon] is caught by the longitude -99 as latitude */
  assert_refused ("{\"type\":\"Polygon\",\"coordinates\":[[[19.3,-99.1],[19.4,-99.1],[19.4,-99],[19.3,-99.1]]]}",
                  CM_GEO_ERROR_COORDINATE, "-99.1");
  assert_refused ("{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[180.5,0],[1,1],[0,0]]]}",
                  CM_GEO_ERROR_COORDINATE, "180.5");
}

static void
test_boxed (void)
{
  g_autoptr(CmGeoShape) s = shape (SQUARE);
  CmGeoShape *copy = g_boxed_copy (CM_TYPE_GEO_SHAPE, s);

  g_assert_true (copy == s);  /* shared, not copied: shapes never change */
  g_boxed_free (CM_TYPE_GEO_SHAPE, copy);
  g_assert_true (cm_geo_shape_contains (s, 5, 5));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/geo/square", test_square);
  g_test_add_func ("/geo/concave", test_concave);
  g_test_add_func ("/geo/hole", test_hole);
  g_test_add_func ("/geo/multipolygon", test_multipolygon);
  g_test_add_func ("/geo/edges-and-vertices", test_edges_and_vertices);
  g_test_add_func ("/geo/round-trip", test_round_trip);
  g_test_add_func ("/geo/validation", test_validation);
  g_test_add_func ("/geo/boxed", test_boxed);

  return g_test_run ();
}
