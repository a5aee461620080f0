/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "cm-canteen-edit"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "cm-audit.h"
#include "cm-canteen-edit.h"
#include "cm-text.h"

G_DEFINE_QUARK (cm-canteen-edit-error-quark, cm_canteen_edit_error)

/* Two points closer than this (about 5 cm) are the same point: the editor
 * shows six decimals, and saving what it shows must not move the kitchen. */
#define SAME_POINT 5e-7

static char *
clean_text (const char *text)
{
  return g_strstrip (g_strdup (text != NULL ? text : ""));
}

/* The record as it will be stored: text stripped, "" tablet as none. */
typedef struct
{
  char   *name;
  char   *address;
  char   *colonia;
  char   *alcaldia_code;
  double  latitude;
  double  longitude;
  char   *schedule;
  gint64  capacity;
  char   *tablet_id;
} Clean;

static void
clean_clear (Clean *c)
{
  g_free (c->name);
  g_free (c->address);
  g_free (c->colonia);
  g_free (c->alcaldia_code);
  g_free (c->schedule);
  g_free (c->tablet_id);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Clean, clean_clear)

static void
clean_record (const CmCanteenRecord *record,
              Clean                 *c)
{
  c->name = clean_text (record->name);
  c->address = clean_text (record->address);
  c->colonia = clean_text (record->colonia);
  c->alcaldia_code = record->alcaldia_code && *record->alcaldia_code ? clean_text (record->alcaldia_code) : NULL;
  c->latitude = record->latitude;
  c->longitude = record->longitude;
  c->schedule = clean_text (record->schedule);
  c->capacity = record->capacity < 0 ? -1 : record->capacity;
  c->tablet_id = clean_text (record->tablet_id);
  if (*c->tablet_id == '\0')
    g_clear_pointer (&c->tablet_id, g_free);
}

/**
 * cm_canteen_record_init_from:
 * @record: (out caller-allocates): the record to fill
 * @canteen: a kitchen as loaded
 *
 * Fills @record with what @canteen holds; its strings belong to @canteen.
 */
void
cm_canteen_record_init_from (CmCanteenRecord *record,
                             CmCanteen       *canteen)
{
  g_return_if_fail (record != NULL);
  g_return_if_fail (CM_IS_CANTEEN (canteen));

  record->name = cm_canteen_get_name (canteen);
  record->address = cm_canteen_get_address (canteen);
  record->colonia = cm_canteen_get_colonia (canteen);
  record->alcaldia_code = cm_canteen_get_alcaldia_code (canteen);
  record->latitude = cm_canteen_get_latitude (canteen);
  record->longitude = cm_canteen_get_longitude (canteen);
  record->schedule = cm_canteen_get_schedule (canteen);
  record->capacity = cm_canteen_get_capacity (canteen);
  record->tablet_id = cm_canteen_get_tablet_id (canteen);
}

static gboolean
parse_coordinate (const char *text,
                  double     *value)
{
  g_autofree char *copy = clean_text (text);
  char *end = NULL;

  /* A decimal comma is how many people here write numbers. */
  g_strdelimit (copy, ",", '.');
  *value = g_ascii_strtod (copy, &end);
  return *copy != '\0' && end != NULL && *end == '\0' && isfinite (*value);
}

static gboolean
check_point (double   latitude,
             double   longitude,
             GError **error)
{
  if (isnan (latitude) != isnan (longitude))
    {
      g_set_error_literal (error, CM_CANTEEN_EDIT_ERROR, CM_CANTEEN_EDIT_ERROR_INVALID,
                           _("Write both the latitude and the longitude, or neither to leave the kitchen without a point."));
      return FALSE;
    }
  if (isnan (latitude))
    return TRUE;

  if (latitude < CM_CANTEEN_LATITUDE_MIN || latitude > CM_CANTEEN_LATITUDE_MAX ||
      longitude < CM_CANTEEN_LONGITUDE_MIN || longitude > CM_CANTEEN_LONGITUDE_MAX)
    {
      /* Translators: the point is written with a dot for decimals, as GPS shows it */
      g_set_error (error, CM_CANTEEN_EDIT_ERROR, CM_CANTEEN_EDIT_ERROR_INVALID,
                   _("The point %.5f, %.5f is not in or near Mexico City: the latitude must be between %.1f and %.1f and the longitude between %.1f and %.1f. Check that they are not swapped and that the longitude is negative."),
                   latitude, longitude,
                   CM_CANTEEN_LATITUDE_MIN, CM_CANTEEN_LATITUDE_MAX,
                   CM_CANTEEN_LONGITUDE_MIN, CM_CANTEEN_LONGITUDE_MAX);
      return FALSE;
    }

  return TRUE;
}

/**
 * cm_canteen_edit_parse_point:
 * @latitude: (nullable): the latitude as typed
 * @longitude: (nullable): the longitude as typed
 * @out_latitude: (out): the latitude, or NAN when both are empty
 * @out_longitude: (out): the longitude, or NAN when both are empty
 * @error: return location for a #GError in %CM_CANTEEN_EDIT_ERROR
 *
 * Reads a point typed by a person: both numbers or neither, with a decimal
 * dot or comma, inside the box around Mexico City.
 *
 * Returns: %TRUE when the point is usable (or empty)
 */
gboolean
cm_canteen_edit_parse_point (const char  *latitude,
                             const char  *longitude,
                             double      *out_latitude,
                             double      *out_longitude,
                             GError     **error)
{
  g_autofree char *lat_text = clean_text (latitude);
  g_autofree char *lon_text = clean_text (longitude);
  double lat = NAN, lon = NAN;

  g_return_val_if_fail (out_latitude != NULL && out_longitude != NULL, FALSE);

  if (*lat_text == '\0' && *lon_text == '\0')
    {
      *out_latitude = *out_longitude = NAN;
      return TRUE;
    }
  if (*lat_text == '\0' || *lon_text == '\0')
    return check_point (*lat_text ? 0 : NAN, *lon_text ? 0 : NAN, error);

  if (!parse_coordinate (lat_text, &lat))
    {
      g_set_error (error, CM_CANTEEN_EDIT_ERROR, CM_CANTEEN_EDIT_ERROR_INVALID,
                   _("The latitude “%s” is not a number; write it in degrees, for example 19.35."), lat_text);
      return FALSE;
    }
  if (!parse_coordinate (lon_text, &lon))
    {
      g_set_error (error, CM_CANTEEN_EDIT_ERROR, CM_CANTEEN_EDIT_ERROR_INVALID,
                   _("The longitude “%s” is not a number; write it in degrees, for example -99.06."), lon_text);
      return FALSE;
    }
  if (!check_point (lat, lon, error))
    return FALSE;

  *out_latitude = lat;
  *out_longitude = lon;
  return TRUE;
}

/**
 * cm_canteen_edit_check_record:
 * @record: a kitchen's record as a person wrote it
 * @error: return location for a #GError in %CM_CANTEEN_EDIT_ERROR
 *
 * What can be told of @record without the database: a name, a point in the
 * box or none, a capacity of zero or more.
 *
 * Returns: %TRUE when @record may be saved
 */
gboolean
cm_canteen_edit_check_record (const CmCanteenRecord  *record,
                              GError                **error)
{
  g_auto(Clean) c = { 0 };

  g_return_val_if_fail (record != NULL, FALSE);

  clean_record (record, &c);
  if (*c.name == '\0')
    {
      g_set_error_literal (error, CM_CANTEEN_EDIT_ERROR, CM_CANTEEN_EDIT_ERROR_INVALID,
                           _("A kitchen needs a name."));
      return FALSE;
    }
  if (!check_point (c.latitude, c.longitude, error))
    return FALSE;
  if (record->capacity < -1)
    {
      g_set_error_literal (error, CM_CANTEEN_EDIT_ERROR, CM_CANTEEN_EDIT_ERROR_INVALID,
                           _("The daily capacity cannot be negative."));
      return FALSE;
    }

  return TRUE;
}

/* --- writing ------------------------------------------------------------- */

/* Before and after are built by SQLite's json_set(), so that numbers are
 * written as the other audit snapshots (json_object()) write them. */
typedef enum { VALUE_TEXT, VALUE_DOUBLE, VALUE_INT } ValueKind;

static gboolean
json_add (CmDb        *db,
          char       **object,
          const char  *key,
          ValueKind    kind,
          const char  *text,
          double       number,
          gint64       integer,
          GError     **error)
{
  g_autofree char *path = g_strconcat ("$.", key, NULL);
  sqlite3_stmt *stmt = cm_db_prepare (db, "SELECT json_set (?1, ?2, ?3)", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, *object, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, path, -1, SQLITE_TRANSIENT);
  if (kind == VALUE_TEXT && text != NULL)
    sqlite3_bind_text (stmt, 3, text, -1, SQLITE_TRANSIENT);
  else if (kind == VALUE_DOUBLE && !isnan (number))
    sqlite3_bind_double (stmt, 3, number);
  else if (kind == VALUE_INT && integer >= 0)
    sqlite3_bind_int64 (stmt, 3, integer);
  else
    sqlite3_bind_null (stmt, 3);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      g_free (*object);
      *object = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
    }
  else
    cm_db_set_error_from_handle (db, error);
  sqlite3_reset (stmt);

  return rc == SQLITE_ROW;
}

#define add_text(obj, key, value) json_add (db, obj, key, VALUE_TEXT, value, 0, 0, error)
#define add_double(obj, key, value) json_add (db, obj, key, VALUE_DOUBLE, NULL, value, 0, error)
#define add_int(obj, key, value) json_add (db, obj, key, VALUE_INT, NULL, 0, value, error)

/* One statement per column, so that an UPDATE names only what changed and
 * the checks' triggers (AFTER UPDATE OF ...) fire only for those. */
static gboolean
update_text (CmDb        *db,
             const char  *sql,
             gint64       id,
             const char  *value,
             GError     **error)
{
  sqlite3_stmt *stmt = cm_db_prepare (db, sql, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  if (value != NULL)
    sqlite3_bind_text (stmt, 2, value, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, 2);
  return cm_db_step_done (db, stmt, error);
}

static gboolean
update_point (CmDb    *db,
              gint64   id,
              double   latitude,
              double   longitude,
              GError **error)
{
  sqlite3_stmt *stmt = cm_db_prepare (db, "UPDATE canteen SET latitude = ?2, longitude = ?3 WHERE id = ?1", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  if (isnan (latitude))
    {
      sqlite3_bind_null (stmt, 2);
      sqlite3_bind_null (stmt, 3);
    }
  else
    {
      sqlite3_bind_double (stmt, 2, latitude);
      sqlite3_bind_double (stmt, 3, longitude);
    }
  return cm_db_step_done (db, stmt, error);
}

static gboolean
update_capacity (CmDb    *db,
                 gint64   id,
                 gint64   capacity,
                 GError **error)
{
  sqlite3_stmt *stmt = cm_db_prepare (db, "UPDATE canteen SET capacity = ?2 WHERE id = ?1", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  if (capacity < 0)
    sqlite3_bind_null (stmt, 2);
  else
    sqlite3_bind_int64 (stmt, 2, capacity);
  return cm_db_step_done (db, stmt, error);
}

static gboolean
same_point (double a_lat, double a_lon, double b_lat, double b_lon)
{
  if (isnan (a_lat) || isnan (b_lat))
    return isnan (a_lat) == isnan (b_lat);
  return fabs (a_lat - b_lat) < SAME_POINT && fabs (a_lon - b_lon) < SAME_POINT;
}

static gboolean
edit_record_locked (CmDb                  *db,
                    gint64                 canteen_id,
                    const Clean           *c,
                    const char            *actor,
                    gboolean              *changed,
                    GError               **error)
{
  g_autofree char *before = g_strdup ("{}");
  g_autofree char *after = g_strdup ("{}");
  g_auto(Clean) old = { 0 };
  g_autofree char *folio = NULL;
  sqlite3_stmt *stmt;
  guint n_changed = 0;
  int rc;

  stmt = cm_db_prepare (db,
                        "SELECT folio, name, address, colonia, alcaldia_code, latitude, longitude,"
                        "       schedule, capacity, tablet_id"
                        "  FROM canteen WHERE id = ?1",
                        error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, canteen_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      folio = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      old.name = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      old.address = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      old.colonia = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
      old.alcaldia_code = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
      old.latitude = sqlite3_column_type (stmt, 5) == SQLITE_NULL ? NAN : sqlite3_column_double (stmt, 5);
      old.longitude = sqlite3_column_type (stmt, 6) == SQLITE_NULL ? NAN : sqlite3_column_double (stmt, 6);
      old.schedule = g_strdup ((const char *) sqlite3_column_text (stmt, 7));
      old.capacity = sqlite3_column_type (stmt, 8) == SQLITE_NULL ? -1 : sqlite3_column_int64 (stmt, 8);
      old.tablet_id = g_strdup ((const char *) sqlite3_column_text (stmt, 9));
    }
  else if (rc != SQLITE_DONE)
    {
      cm_db_set_error_from_handle (db, error);
      sqlite3_reset (stmt);
      return FALSE;
    }
  sqlite3_reset (stmt);

  if (folio == NULL)
    {
      g_set_error (error, CM_CANTEEN_EDIT_ERROR, CM_CANTEEN_EDIT_ERROR_NOT_FOUND,
                   _("There is no kitchen with the number %lld."), (long long) canteen_id);
      return FALSE;
    }

#define TEXT_FIELD(field, sql)                                                  \
  if (g_strcmp0 (old.field, c->field) != 0)                                     \
    {                                                                           \
      if (!update_text (db, sql, canteen_id, c->field, error))                  \
        return FALSE;                                                           \
      if (!add_text (&before, #field, old.field) ||                             \
          !add_text (&after, #field, c->field))                                 \
        return FALSE;                                                           \
      n_changed++;                                                              \
    }

  TEXT_FIELD (name, "UPDATE canteen SET name = ?2 WHERE id = ?1");
  TEXT_FIELD (address, "UPDATE canteen SET address = ?2 WHERE id = ?1");
  TEXT_FIELD (colonia, "UPDATE canteen SET colonia = ?2 WHERE id = ?1");

  if (g_strcmp0 (old.alcaldia_code, c->alcaldia_code) != 0 && c->alcaldia_code != NULL)
    {
      if (!(stmt = cm_db_prepare (db, "SELECT 1 FROM alcaldia WHERE code = ?1", error)))
        return FALSE;
      sqlite3_bind_text (stmt, 1, c->alcaldia_code, -1, SQLITE_TRANSIENT);
      rc = sqlite3_step (stmt);
      sqlite3_reset (stmt);
      if (rc != SQLITE_ROW)
        {
          g_set_error (error, CM_CANTEEN_EDIT_ERROR, CM_CANTEEN_EDIT_ERROR_INVALID,
                       _("There is no alcaldía with the code %s."), c->alcaldia_code);
          return FALSE;
        }
    }
  TEXT_FIELD (alcaldia_code, "UPDATE canteen SET alcaldia_code = ?2 WHERE id = ?1");

  if (!same_point (old.latitude, old.longitude, c->latitude, c->longitude))
    {
      if (!update_point (db, canteen_id, c->latitude, c->longitude, error))
        return FALSE;
      if (!add_double (&before, "latitude", old.latitude) ||
          !add_double (&before, "longitude", old.longitude) ||
          !add_double (&after, "latitude", c->latitude) ||
          !add_double (&after, "longitude", c->longitude))
        return FALSE;
      n_changed++;
    }

  TEXT_FIELD (schedule, "UPDATE canteen SET schedule = ?2 WHERE id = ?1");

  if (old.capacity != c->capacity)
    {
      if (!update_capacity (db, canteen_id, c->capacity, error))
        return FALSE;
      if (!add_int (&before, "capacity", old.capacity) ||
          !add_int (&after, "capacity", c->capacity))
        return FALSE;
      n_changed++;
    }

  /* A tablet belongs to one kitchen: the registered-tablet check matches a
   * report's device to its kitchen by it. */
  if (g_strcmp0 (old.tablet_id, c->tablet_id) != 0 && c->tablet_id != NULL)
    {
      g_autofree char *other = NULL;

      if (!(stmt = cm_db_prepare (db, "SELECT folio FROM canteen WHERE tablet_id = ?1 AND id != ?2", error)))
        return FALSE;
      sqlite3_bind_text (stmt, 1, c->tablet_id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (stmt, 2, canteen_id);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        other = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      sqlite3_reset (stmt);
      if (other != NULL)
        {
          g_set_error (error, CM_CANTEEN_EDIT_ERROR, CM_CANTEEN_EDIT_ERROR_CONFLICT,
                       _("The tablet %s is already registered to kitchen %s. Remove it from that kitchen first."),
                       c->tablet_id, other);
          return FALSE;
        }
    }
  TEXT_FIELD (tablet_id, "UPDATE canteen SET tablet_id = ?2 WHERE id = ?1");

#undef TEXT_FIELD

  *changed = n_changed > 0;
  if (n_changed == 0)
    return TRUE;

  return cm_audit_append (db, actor, "edit", "canteen", canteen_id, before, after, error);
}

/**
 * cm_canteen_edit_record:
 * @db: the database
 * @canteen_id: the kitchen
 * @record: its record as it should be; every field is compared
 * @actor: the person who makes the change
 * @changed: (out) (optional): whether anything changed
 * @error: return location for a #GError in %CM_CANTEEN_EDIT_ERROR
 *
 * Writes the fields of @record that differ from the stored ones, and one
 * audit row whose before and after hold only those fields, in one
 * transaction. When nothing differs nothing is written. A tablet may be
 * registered to one kitchen only. Takes the database lock.
 *
 * Returns: %TRUE when saved or when there was nothing to save
 */
gboolean
cm_canteen_edit_record (CmDb                   *db,
                        gint64                  canteen_id,
                        const CmCanteenRecord  *record,
                        const char             *actor,
                        gboolean               *changed,
                        GError                **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_auto(Clean) c = { 0 };
  gboolean did_change = FALSE;

  g_return_val_if_fail (CM_IS_DB (db), FALSE);
  g_return_val_if_fail (record != NULL, FALSE);

  if (changed != NULL)
    *changed = FALSE;
  if (!cm_audit_check_actor (actor, error) || !cm_canteen_edit_check_record (record, error))
    return FALSE;
  clean_record (record, &c);

  locker = g_mutex_locker_new (cm_db_get_mutex (db));
  if (!cm_db_begin (db, error))
    return FALSE;
  if (!edit_record_locked (db, canteen_id, &c, actor, &did_change, error))
    {
      cm_db_rollback (db);
      return FALSE;
    }
  if (!did_change)
    {
      cm_db_rollback (db);
      return TRUE;
    }
  if (!cm_db_commit (db, error))
    {
      cm_db_rollback (db);
      return FALSE;
    }

  if (changed != NULL)
    *changed = TRUE;
  return TRUE;
}

/* --- the committee ------------------------------------------------------- */

#define MEMBER_SNAPSHOT \
  "SELECT json_object ('id', id, 'canteen_id', canteen_id, 'name', name, 'role', role," \
  "                    'since', since, 'until', until, 'holds_office', json (iif (holds_office, 'true', 'false')))" \
  "  FROM committee_member WHERE id = ?1"

static void
format_iso (const GDate *date,
            char         out[16])
{
  g_date_strftime (out, 16, "%Y-%m-%d", date);
}

/* A member's kitchen, since and until; FALSE with @error when there is none. */
static gboolean
read_member (CmDb     *db,
             gint64    member_id,
             char    **since,
             char    **until,
             gboolean *holds_office,
             GError  **error)
{
  sqlite3_stmt *stmt = cm_db_prepare (db, "SELECT since, until, holds_office FROM committee_member WHERE id = ?1", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, member_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *since = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      *until = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      *holds_office = sqlite3_column_int (stmt, 2) != 0;
    }
  else if (rc != SQLITE_DONE)
    cm_db_set_error_from_handle (db, error);
  else
    g_set_error (error, CM_CANTEEN_EDIT_ERROR, CM_CANTEEN_EDIT_ERROR_NOT_FOUND,
                 _("There is no committee member with the number %lld."), (long long) member_id);
  sqlite3_reset (stmt);

  return rc == SQLITE_ROW;
}

/* Runs @body inside a transaction under the lock, rolling back on failure. */
typedef gboolean (*LockedFunc) (CmDb *db, gpointer data, GError **error);

static gboolean
in_transaction (CmDb       *db,
                LockedFunc  body,
                gpointer    data,
                GError    **error)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (cm_db_get_mutex (db));

  if (!cm_db_begin (db, error))
    return FALSE;
  if (!body (db, data, error) || !cm_db_commit (db, error))
    {
      cm_db_rollback (db);
      return FALSE;
    }
  return TRUE;
}

typedef struct
{
  gint64      canteen_id;
  const char *name;
  const char *role;
  const char *since;
  const char *actor;
  gint64      id;
} AddMember;

static gboolean
add_member_locked (CmDb     *db,
                   gpointer  data,
                   GError  **error)
{
  AddMember *add = data;
  g_autofree char *after = NULL;
  sqlite3_stmt *stmt;
  int rc;

  if (!(stmt = cm_db_prepare (db, "SELECT 1 FROM canteen WHERE id = ?1", error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, add->canteen_id);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    {
      g_set_error (error, CM_CANTEEN_EDIT_ERROR, CM_CANTEEN_EDIT_ERROR_NOT_FOUND,
                   _("There is no kitchen with the number %lld."), (long long) add->canteen_id);
      return FALSE;
    }

  stmt = cm_db_prepare (db,
                        "INSERT INTO committee_member (canteen_id, name, role, since, holds_office)"
                        " VALUES (?1, ?2, ?3, ?4, 0)",
                        error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, add->canteen_id);
  sqlite3_bind_text (stmt, 2, add->name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, add->role, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, add->since, -1, SQLITE_TRANSIENT);
  if (!cm_db_step_done (db, stmt, error))
    return FALSE;
  add->id = sqlite3_last_insert_rowid (cm_db_get_handle (db));

  if (!(after = cm_audit_snapshot (db, MEMBER_SNAPSHOT, add->id, error)))
    return FALSE;
  return cm_audit_append (db, add->actor, "add_member", "committee_member", add->id, NULL, after, error);
}

/**
 * cm_canteen_edit_add_member:
 * @db: the database
 * @canteen_id: the kitchen
 * @name: the person's name
 * @role: the role as stored ("responsable", "secretaria", "tesoreria", "vocal"...)
 * @since: the day the membership starts, not after @today
 * @today: the day the change is made
 * @actor: the person who makes the change
 * @error: return location for a #GError in %CM_CANTEEN_EDIT_ERROR
 *
 * Adds an active member to a kitchen's committee, with its audit row, in
 * one transaction. Takes the database lock.
 *
 * Returns: the member's id, or 0 with @error set
 */
gint64
cm_canteen_edit_add_member (CmDb         *db,
                            gint64        canteen_id,
                            const char   *name,
                            const char   *role,
                            const GDate  *since,
                            const GDate  *today,
                            const char   *actor,
                            GError      **error)
{
  g_autofree char *clean_name = clean_text (name);
  g_autofree char *clean_role = clean_text (role);
  char since_text[16];
  AddMember add = { 0 };

  g_return_val_if_fail (CM_IS_DB (db), 0);
  g_return_val_if_fail (today != NULL && g_date_valid (today), 0);

  if (!cm_audit_check_actor (actor, error))
    return 0;
  if (*clean_name == '\0')
    {
      g_set_error_literal (error, CM_CANTEEN_EDIT_ERROR, CM_CANTEEN_EDIT_ERROR_INVALID,
                           _("A committee member needs a name."));
      return 0;
    }
  if (*clean_role == '\0')
    {
      g_set_error_literal (error, CM_CANTEEN_EDIT_ERROR, CM_CANTEEN_EDIT_ERROR_INVALID,
                           _("A committee member needs a role."));
      return 0;
    }
  if (since == NULL || !g_date_valid (since))
    {
      g_set_error_literal (error, CM_CANTEEN_EDIT_ERROR, CM_CANTEEN_EDIT_ERROR_INVALID,
                           _("A committee member needs the date the membership starts."));
      return 0;
    }
  if (g_date_compare (since, today) > 0)
    {
      g_set_error_literal (error, CM_CANTEEN_EDIT_ERROR, CM_CANTEEN_EDIT_ERROR_INVALID,
                           _("A membership cannot start after today; add the member on the day they join."));
      return 0;
    }

  format_iso (since, since_text);
  add.canteen_id = canteen_id;
  add.name = clean_name;
  add.role = clean_role;
  add.since = since_text;
  add.actor = actor;
  if (!in_transaction (db, add_member_locked, &add, error))
    return 0;
  return add.id;
}

typedef struct
{
  gint64       member_id;
  const GDate *until;
  const GDate *today;
  const char  *actor;
  gboolean     holds_office;
  gboolean     changed;
} MemberChange;

static gboolean
end_membership_locked (CmDb     *db,
                       gpointer  data,
                       GError  **error)
{
  MemberChange *change = data;
  g_autofree char *since = NULL;
  g_autofree char *until = NULL;
  g_autofree char *after = NULL;
  char until_text[16];
  gboolean holds_office;
  sqlite3_stmt *stmt;
  GDate since_date;

  if (!read_member (db, change->member_id, &since, &until, &holds_office, error))
    return FALSE;
  if (until != NULL)
    {
      g_set_error (error, CM_CANTEEN_EDIT_ERROR, CM_CANTEEN_EDIT_ERROR_CONFLICT,
                   _("This membership already ended on %s."), until);
      return FALSE;
    }

  format_iso (change->until, until_text);
  if (cm_text_parse_date (since, &since_date) && g_date_compare (change->until, &since_date) < 0)
    {
      g_set_error (error, CM_CANTEEN_EDIT_ERROR, CM_CANTEEN_EDIT_ERROR_INVALID,
                   _("A membership cannot end (%s) before it started (%s)."), until_text, since);
      return FALSE;
    }

  if (!(stmt = cm_db_prepare (db, "UPDATE committee_member SET until = ?2 WHERE id = ?1", error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, change->member_id);
  sqlite3_bind_text (stmt, 2, until_text, -1, SQLITE_TRANSIENT);
  if (!cm_db_step_done (db, stmt, error))
    return FALSE;

  after = g_strdup_printf ("{\"until\":\"%s\"}", until_text);
  return cm_audit_append (db, change->actor, "end_membership", "committee_member", change->member_id,
                          "{\"until\":null}", after, error);
}

/**
 * cm_canteen_edit_end_membership:
 * @db: the database
 * @member_id: the committee member
 * @until: the day the membership ends: from that day on the person is no
 *   longer an active member
 * @today: the day the change is made; @until may not be after it
 * @actor: the person who makes the change
 * @error: return location for a #GError in %CM_CANTEEN_EDIT_ERROR
 *
 * Ends an active membership. The member stays in the committee's history;
 * a membership that has ended cannot be ended again. Takes the database
 * lock.
 *
 * Returns: %TRUE when written
 */
gboolean
cm_canteen_edit_end_membership (CmDb         *db,
                                gint64        member_id,
                                const GDate  *until,
                                const GDate  *today,
                                const char   *actor,
                                GError      **error)
{
  MemberChange change = { .member_id = member_id, .until = until, .today = today, .actor = actor };

  g_return_val_if_fail (CM_IS_DB (db), FALSE);
  g_return_val_if_fail (today != NULL && g_date_valid (today), FALSE);

  if (!cm_audit_check_actor (actor, error))
    return FALSE;
  if (until == NULL || !g_date_valid (until))
    {
      g_set_error_literal (error, CM_CANTEEN_EDIT_ERROR, CM_CANTEEN_EDIT_ERROR_INVALID,
                           _("Ending a membership needs the date it ends."));
      return FALSE;
    }
  /* A future end would be a plan, not a fact: record it on the day. */
  if (g_date_compare (until, today) > 0)
    {
      g_set_error_literal (error, CM_CANTEEN_EDIT_ERROR, CM_CANTEEN_EDIT_ERROR_INVALID,
                           _("A membership cannot end after today; record the end on the day it happens."));
      return FALSE;
    }

  return in_transaction (db, end_membership_locked, &change, error);
}

static gboolean
set_office_locked (CmDb     *db,
                   gpointer  data,
                   GError  **error)
{
  MemberChange *change = data;
  g_autofree char *since = NULL;
  g_autofree char *until = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gboolean holds_office;
  sqlite3_stmt *stmt;

  if (!read_member (db, change->member_id, &since, &until, &holds_office, error))
    return FALSE;
  if (holds_office == change->holds_office)
    return TRUE;

  if (!(stmt = cm_db_prepare (db, "UPDATE committee_member SET holds_office = ?2 WHERE id = ?1", error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, change->member_id);
  sqlite3_bind_int (stmt, 2, change->holds_office ? 1 : 0);
  if (!cm_db_step_done (db, stmt, error))
    return FALSE;

  before = g_strdup_printf ("{\"holds_office\":%s}", holds_office ? "true" : "false");
  after = g_strdup_printf ("{\"holds_office\":%s}", change->holds_office ? "true" : "false");
  change->changed = TRUE;
  return cm_audit_append (db, change->actor, "set_holds_office", "committee_member", change->member_id,
                          before, after, error);
}

/**
 * cm_canteen_edit_set_holds_office:
 * @db: the database
 * @member_id: the committee member
 * @holds_office: whether the person holds a public or party office
 * @actor: the person who makes the change
 * @changed: (out) (optional): whether the mark changed
 * @error: return location for a #GError in %CM_CANTEEN_EDIT_ERROR
 *
 * Marks or unmarks a member as holding a public or party office, which the
 * rules forbid on a committee since 2021. Setting the mark it already has
 * writes nothing. Takes the database lock.
 *
 * Returns: %TRUE when written or when there was nothing to write
 */
gboolean
cm_canteen_edit_set_holds_office (CmDb         *db,
                                  gint64        member_id,
                                  gboolean      holds_office,
                                  const char   *actor,
                                  gboolean     *changed,
                                  GError      **error)
{
  MemberChange change = { .member_id = member_id, .holds_office = !!holds_office, .actor = actor };

  g_return_val_if_fail (CM_IS_DB (db), FALSE);

  if (changed != NULL)
    *changed = FALSE;
  if (!cm_audit_check_actor (actor, error))
    return FALSE;
  if (!in_transaction (db, set_office_locked, &change, error))
    return FALSE;
  if (changed != NULL)
    *changed = change.changed;
  return TRUE;
}
