/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "cm-boundaries"

#include "config.h"

#include <math.h>

#include "cm-alcaldias.h"
#include "cm-boundaries.h"

struct _CmBoundaries
{
  GObject     parent_instance;

  GHashTable *shapes;   /* code → CmGeoShape */
};

G_DEFINE_FINAL_TYPE (CmBoundaries, cm_boundaries, G_TYPE_OBJECT)

void
cm_outside_kitchen_free (CmOutsideKitchen *kitchen)
{
  g_free (kitchen->folio);
  g_free (kitchen->alcaldia_code);
  g_free (kitchen->found_code);
  g_free (kitchen);
}

static void
cm_boundaries_finalize (GObject *object)
{
  CmBoundaries *self = (CmBoundaries *) object;

  g_hash_table_unref (self->shapes);

  G_OBJECT_CLASS (cm_boundaries_parent_class)->finalize (object);
}

static void
cm_boundaries_class_init (CmBoundariesClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cm_boundaries_finalize;
}

static void
cm_boundaries_init (CmBoundaries *self)
{
  self->shapes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                        (GDestroyNotify) cm_geo_shape_unref);
}

/**
 * cm_boundaries_new:
 *
 * Returns: (transfer full): a set with no boundary, to be filled with
 *   cm_boundaries_set()
 */
CmBoundaries *
cm_boundaries_new (void)
{
  return g_object_new (CM_TYPE_BOUNDARIES, NULL);
}

/**
 * cm_boundaries_load:
 * @db: the database; its lock is taken
 * @error: set when the table cannot be read, or a stored boundary does not
 *   parse
 *
 * Reads the boundaries imported into `alcaldia.boundary`.
 *
 * Returns: (transfer full) (nullable): the boundaries, or %NULL with @error set
 */
CmBoundaries *
cm_boundaries_load (CmDb    *db,
                    GError **error)
{
  g_autoptr(CmBoundaries) self = cm_boundaries_new ();
  g_autoptr(GMutexLocker) locker = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (CM_IS_DB (db), NULL);

  locker = g_mutex_locker_new (cm_db_get_mutex (db));
  stmt = cm_db_prepare (db, "SELECT code, boundary FROM alcaldia WHERE boundary IS NOT NULL", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *code = (const char *) sqlite3_column_text (stmt, 0);
      CmGeoShape *shape = cm_geo_shape_new_from_json ((const char *) sqlite3_column_text (stmt, 1), error);

      if (shape == NULL)
        {
          g_prefix_error (error, "%s: ", code);
          sqlite3_reset (stmt);
          return NULL;
        }
      g_hash_table_replace (self->shapes, g_strdup (code), shape);
    }
  if (rc != SQLITE_DONE)
    {
      cm_db_set_error_from_handle (db, error);
      sqlite3_reset (stmt);
      return NULL;
    }
  sqlite3_reset (stmt);

  return g_steal_pointer (&self);
}

/**
 * cm_boundaries_set:
 * @self: boundaries
 * @code: an alcaldía's INEGI code
 * @shape: (transfer none): its boundary
 */
void
cm_boundaries_set (CmBoundaries *self,
                   const char   *code,
                   CmGeoShape   *shape)
{
  g_return_if_fail (CM_IS_BOUNDARIES (self));
  g_return_if_fail (code != NULL && shape != NULL);

  g_hash_table_replace (self->shapes, g_strdup (code), cm_geo_shape_ref (shape));
}

/**
 * cm_boundaries_get_shape:
 * @self: boundaries
 * @code: an alcaldía's INEGI code
 *
 * Returns: (transfer none) (nullable): its boundary, or %NULL when it has none
 */
CmGeoShape *
cm_boundaries_get_shape (CmBoundaries *self,
                         const char   *code)
{
  g_return_val_if_fail (CM_IS_BOUNDARIES (self), NULL);

  return code != NULL ? g_hash_table_lookup (self->shapes, code) : NULL;
}

guint
cm_boundaries_get_n_shapes (CmBoundaries *self)
{
  g_return_val_if_fail (CM_IS_BOUNDARIES (self), 0);

  return g_hash_table_size (self->shapes);
}

/**
 * cm_boundaries_is_complete:
 * @self: boundaries
 *
 * Returns: %TRUE when each of the 16 alcaldías has its boundary, so that
 *   together they are the city's
 */
gboolean
cm_boundaries_is_complete (CmBoundaries *self)
{
  const CmAlcaldiaInfo *all;
  guint n;

  g_return_val_if_fail (CM_IS_BOUNDARIES (self), FALSE);

  all = cm_alcaldias_get_all (&n);
  for (guint i = 0; i < n; i++)
    if (!g_hash_table_contains (self->shapes, all[i].code))
      return FALSE;
  return TRUE;
}

/**
 * cm_boundaries_locate:
 * @self: boundaries
 * @alcaldia_code: (nullable): the alcaldía a kitchen is registered in
 * @lat: its latitude
 * @lon: its longitude
 *
 * Returns: whether the point lies inside that alcaldía's boundary, or
 *   %CM_PLACE_UNKNOWN when the alcaldía has no boundary
 */
CmPlace
cm_boundaries_locate (CmBoundaries *self,
                      const char   *alcaldia_code,
                      double        lat,
                      double        lon)
{
  CmGeoShape *shape;

  g_return_val_if_fail (CM_IS_BOUNDARIES (self), CM_PLACE_UNKNOWN);

  if ((shape = cm_boundaries_get_shape (self, alcaldia_code)) == NULL)
    return CM_PLACE_UNKNOWN;
  return cm_geo_shape_contains (shape, lat, lon) ? CM_PLACE_INSIDE : CM_PLACE_OUTSIDE;
}

/**
 * cm_boundaries_find:
 * @self: boundaries
 * @lat: a latitude
 * @lon: a longitude
 *
 * Returns: (nullable) (transfer none): the code of an alcaldía whose boundary
 *   holds the point (the first by code), or %NULL
 */
const char *
cm_boundaries_find (CmBoundaries *self,
                    double        lat,
                    double        lon)
{
  const CmAlcaldiaInfo *all;
  guint n;

  g_return_val_if_fail (CM_IS_BOUNDARIES (self), NULL);

  all = cm_alcaldias_get_all (&n);
  for (guint i = 0; i < n; i++)
    {
      CmGeoShape *shape = g_hash_table_lookup (self->shapes, all[i].code);

      if (shape != NULL && cm_geo_shape_contains (shape, lat, lon))
        return all[i].code;
    }
  return NULL;
}

/**
 * cm_boundaries_in_city:
 * @self: boundaries
 * @lat: a latitude
 * @lon: a longitude
 *
 * Returns: whether the point lies in Mexico City: inside one of the
 *   boundaries when all 16 are known, else inside a box around the city
 */
gboolean
cm_boundaries_in_city (CmBoundaries *self,
                       double        lat,
                       double        lon)
{
  g_return_val_if_fail (CM_IS_BOUNDARIES (self), FALSE);

  if (cm_boundaries_is_complete (self))
    return cm_boundaries_find (self, lat, lon) != NULL;
  return lat >= CM_CITY_MIN_LAT && lat <= CM_CITY_MAX_LAT &&
         lon >= CM_CITY_MIN_LON && lon <= CM_CITY_MAX_LON;
}

/**
 * cm_boundaries_list_outside:
 * @self: boundaries
 * @db: the database; its lock is taken
 * @error: set when the kitchens cannot be read
 *
 * Tests every kitchen with a point and an alcaldía that has a boundary.
 *
 * Returns: (transfer full) (element-type CmOutsideKitchen): the kitchens
 *   whose point lies outside their alcaldía, by folio; %NULL with @error set
 */
GPtrArray *
cm_boundaries_list_outside (CmBoundaries  *self,
                            CmDb          *db,
                            GError       **error)
{
  g_autoptr(GPtrArray) outside = NULL;
  g_autoptr(GMutexLocker) locker = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (CM_IS_BOUNDARIES (self), NULL);
  g_return_val_if_fail (CM_IS_DB (db), NULL);

  outside = g_ptr_array_new_with_free_func ((GDestroyNotify) cm_outside_kitchen_free);
  if (g_hash_table_size (self->shapes) == 0)
    return g_steal_pointer (&outside);

  locker = g_mutex_locker_new (cm_db_get_mutex (db));
  stmt = cm_db_prepare (db,
                        "SELECT id, folio, alcaldia_code, latitude, longitude FROM canteen"
                        " WHERE latitude IS NOT NULL AND longitude IS NOT NULL"
                        "   AND alcaldia_code IS NOT NULL ORDER BY folio",
                        error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *code = (const char *) sqlite3_column_text (stmt, 2);
      double lat = sqlite3_column_double (stmt, 3);
      double lon = sqlite3_column_double (stmt, 4);
      CmOutsideKitchen *kitchen;

      if (cm_boundaries_locate (self, code, lat, lon) != CM_PLACE_OUTSIDE)
        continue;
      kitchen = g_new0 (CmOutsideKitchen, 1);
      kitchen->canteen_id = sqlite3_column_int64 (stmt, 0);
      kitchen->folio = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      kitchen->alcaldia_code = g_strdup (code);
      kitchen->found_code = g_strdup (cm_boundaries_find (self, lat, lon));
      g_ptr_array_add (outside, kitchen);
    }
  if (rc != SQLITE_DONE)
    {
      cm_db_set_error_from_handle (db, error);
      sqlite3_reset (stmt);
      return NULL;
    }
  sqlite3_reset (stmt);

  return g_steal_pointer (&outside);
}

/**
 * cm_boundaries_place_kitchen:
 * @db: a database
 * @alcaldia_code: (nullable): the alcaldía a kitchen is registered in
 * @lat: its point's latitude
 * @lon: its point's longitude
 * @found_code: (out) (optional) (transfer full) (nullable): when it lies
 *   outside, the alcaldía whose boundary holds the point, if any
 * @error: return location for a #GError
 *
 * Where a kitchen's registered point lies against its own alcaldía, reading
 * only that boundary (and the others when it lies outside): for a kitchen's
 * page, without parsing sixteen boundaries each time one is shown.
 *
 * Returns: %CM_PLACE_UNKNOWN when the kitchen has no alcaldía or point or
 *   its alcaldía has no boundary, or on error (with @error set)
 */
CmPlace
cm_boundaries_place_kitchen (CmDb        *db,
                             const char  *alcaldia_code,
                             double       lat,
                             double       lon,
                             char       **found_code,
                             GError     **error)
{
  g_autoptr(CmGeoShape) shape = NULL;
  g_autoptr(CmBoundaries) all = NULL;
  g_autofree char *text = NULL;
  const char *found;

  g_return_val_if_fail (CM_IS_DB (db), CM_PLACE_UNKNOWN);

  if (found_code != NULL)
    *found_code = NULL;
  if (alcaldia_code == NULL || isnan (lat) || isnan (lon))
    return CM_PLACE_UNKNOWN;

  {
    g_autoptr(GMutexLocker) locker = g_mutex_locker_new (cm_db_get_mutex (db));
    sqlite3_stmt *stmt = cm_db_prepare (db, "SELECT boundary FROM alcaldia WHERE code = ?1", error);
    int rc;

    if (stmt == NULL)
      return CM_PLACE_UNKNOWN;
    sqlite3_bind_text (stmt, 1, alcaldia_code, -1, SQLITE_TRANSIENT);
    rc = sqlite3_step (stmt);
    if (rc == SQLITE_ROW && sqlite3_column_type (stmt, 0) != SQLITE_NULL)
      text = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
    else if (rc != SQLITE_ROW && rc != SQLITE_DONE)
      cm_db_set_error_from_handle (db, error);
    sqlite3_reset (stmt);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
      return CM_PLACE_UNKNOWN;
  }

  if (text == NULL)
    return CM_PLACE_UNKNOWN;
  if (!(shape = cm_geo_shape_new_from_json (text, error)))
    return CM_PLACE_UNKNOWN;
  if (cm_geo_shape_contains (shape, lat, lon))
    return CM_PLACE_INSIDE;

  /* Outside, which is rare: where it lies instead. */
  if (found_code != NULL && (all = cm_boundaries_load (db, NULL)) != NULL &&
      (found = cm_boundaries_find (all, lat, lon)) != NULL)
    *found_code = g_strdup (found);
  return CM_PLACE_OUTSIDE;
}
