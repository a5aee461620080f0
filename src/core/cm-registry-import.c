/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "cm-registry-import"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#include "cm-alcaldias.h"
#include "cm-audit.h"
#include "cm-boundaries.h"
#include "cm-csv.h"
#include "cm-registry-import.h"
#include "cm-text.h"

/* Choices, for the monitor who reads the report:
 * - A folio on more than one row: all its rows are left out and the kitchen
 *   stays as it is. Which row is right is for a person to say, not for the
 *   order of the file.
 * - A row that cannot be read (no folio, name or Tipo, an alcaldía that is
 *   not one of the 16, coordinates that are not numbers or not on Earth) is
 *   rejected; the others are imported.
 * - A point outside the city or outside its alcaldía is imported and
 *   reported: the kitchen exists, its point is for a monitor to check.
 * - A row without a point keeps the point the kitchen has, if any; a
 *   missing Dirección, Colonia or Horario column leaves those fields alone.
 * - Tipo is kept as written, except that the programme's own two modalities
 *   are stored as the words the rules read ("comunitario", "publico"). */

typedef enum
{
  COL_ID,
  COL_NAME,
  COL_TYPE,
  COL_ADDRESS,
  COL_COLONIA,
  COL_ALCALDIA,
  COL_LATITUDE,
  COL_LONGITUDE,
  COL_SCHEDULE,
  N_COLUMNS
} Column;

static const struct
{
  const char *folded;
  const char *header;
  gboolean    required;
} columns[N_COLUMNS] = {
  [COL_ID]        = { "id",        "ID",        TRUE },
  [COL_NAME]      = { "nombre",    "Nombre",    TRUE },
  [COL_TYPE]      = { "tipo",      "Tipo",      TRUE },
  [COL_ADDRESS]   = { "direccion", "Dirección", FALSE },
  [COL_COLONIA]   = { "colonia",   "Colonia",   FALSE },
  [COL_ALCALDIA]  = { "alcaldia",  "Alcaldía",  TRUE },
  [COL_LATITUDE]  = { "latitud",   "Latitud",   TRUE },
  [COL_LONGITUDE] = { "longitud",  "Longitud",  TRUE },
  [COL_SCHEDULE]  = { "horario",   "Horario",   FALSE },
};

typedef struct
{
  guint       line;
  char       *folio;
  char       *name;
  char       *modality;
  char       *address;    /* NULL: no such column */
  char       *colonia;
  char       *schedule;
  const char *alcaldia_code;
  gboolean    has_point;
  double      lat;
  double      lon;
} Row;

typedef struct
{
  gint64    id;
  char     *name;
  char     *modality;
  char     *address;
  char     *colonia;
  char     *alcaldia_code;
  char     *schedule;
  gboolean  has_point;
  double    lat;
  double    lon;
} Existing;

struct _CmRegistryImport
{
  GObject         parent_instance;

  CmDb           *db;
  GArray         *rows;      /* Row, the accepted ones, by line */
  CmImportReport *report;
  char           *file_name;
  char           *sha256;
  gboolean        applied;
};

G_DEFINE_FINAL_TYPE (CmRegistryImport, cm_registry_import, G_TYPE_OBJECT)

static void
row_clear (gpointer data)
{
  Row *row = data;

  g_free (row->folio);
  g_free (row->name);
  g_free (row->modality);
  g_free (row->address);
  g_free (row->colonia);
  g_free (row->schedule);
}

static void
existing_free (gpointer data)
{
  Existing *e = data;

  g_free (e->name);
  g_free (e->modality);
  g_free (e->address);
  g_free (e->colonia);
  g_free (e->alcaldia_code);
  g_free (e->schedule);
  g_free (e);
}

static void
cm_registry_import_finalize (GObject *object)
{
  CmRegistryImport *self = (CmRegistryImport *) object;

  g_clear_object (&self->db);
  g_array_unref (self->rows);
  g_clear_object (&self->report);
  g_free (self->file_name);
  g_free (self->sha256);

  G_OBJECT_CLASS (cm_registry_import_parent_class)->finalize (object);
}

static void
cm_registry_import_class_init (CmRegistryImportClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cm_registry_import_finalize;
}

static void
cm_registry_import_init (CmRegistryImport *self)
{
  self->rows = g_array_new (FALSE, FALSE, sizeof (Row));
  g_array_set_clear_func (self->rows, row_clear);
  self->report = cm_import_report_new ();
}

/* Which field of a record each column is in, from the header; -1 when
 * the file has no such column. */
static gboolean
read_header (char   **fields,
             int      index[N_COLUMNS],
             GError **error)
{
  g_autoptr(GString) missing = NULL;

  for (guint c = 0; c < N_COLUMNS; c++)
    index[c] = -1;

  for (int f = 0; fields[f] != NULL; f++)
    {
      g_autofree char *folded = cm_text_fold (fields[f]);

      for (guint c = 0; c < N_COLUMNS; c++)
        {
          if (strcmp (folded, columns[c].folded) != 0)
            continue;
          if (index[c] >= 0)
            {
              g_set_error (error, CM_IMPORT_ERROR, CM_IMPORT_ERROR_FORMAT,
                           _("The header has the column “%s” twice."), columns[c].header);
              return FALSE;
            }
          index[c] = f;
        }
    }

  for (guint c = 0; c < N_COLUMNS; c++)
    if (columns[c].required && index[c] < 0)
      {
        if (missing == NULL)
          missing = g_string_new (NULL);
        else
          g_string_append (missing, ", ");
        g_string_append_printf (missing, "“%s”", columns[c].header);
      }
  if (missing != NULL)
    {
      g_set_error (error, CM_IMPORT_ERROR, CM_IMPORT_ERROR_FORMAT,
                   _("The first line of the file lacks the columns %s; a registry has the columns ID, Nombre, Tipo, Dirección, Colonia, Alcaldía, Latitud, Longitud and Horario."),
                   missing->str);
      return FALSE;
    }

  return TRUE;
}

static char *
field (char      **fields,
       const int   index[N_COLUMNS],
       Column      column)
{
  if (index[column] < 0)
    return NULL;
  return g_strstrip (g_strdup (fields[index[column]]));
}

static gboolean
parse_coordinate (const char *text,
                  double     *value)
{
  char *end = NULL;

  *value = g_ascii_strtod (text, &end);
  return end != text && *end == '\0' && isfinite (*value);
}

static const char *
normalise_modality (const char *written)
{
  g_autofree char *folded = cm_text_fold (written);

  if (strcmp (folded, "comunitario") == 0 || strcmp (folded, "comedor comunitario") == 0)
    return "comunitario";
  if (strcmp (folded, "publico") == 0 || strcmp (folded, "comedor publico") == 0)
    return "publico";
  return written;
}

static const char * const count_keys[] = {
  "unchanged", "added", "updated", "duplicates", "outside_city", "outside_alcaldia", "rejected",
};

/* A record with as many fields as the header (empty ones after it are
 * forgiven: spreadsheets add them). */
static gboolean
record_fits (char  **record,
             guint   n_header)
{
  guint n_fields = g_strv_length (record);

  if (n_fields < n_header)
    return FALSE;
  for (guint f = n_header; f < n_fields; f++)
    if (*g_strstrip (record[f]) != '\0')
      return FALSE;
  return TRUE;
}

typedef struct
{
  const char *code;
  guint       first_line;
  guint       rows;
} Alias;

/* Reads one record into @row; FALSE, with the problem reported, when the
 * row is rejected. */
static gboolean
read_row (CmRegistryImport *self,
          char            **fields,
          const int         index[N_COLUMNS],
          Row              *row,
          GHashTable       *aliases)
{
  g_autofree char *alcaldia = NULL;
  g_autofree char *lat = NULL;
  g_autofree char *lon = NULL;
  g_autofree char *modality = NULL;
  const CmAlcaldiaInfo *info;
  const char *folio = row->folio;
  guint line = row->line;

  row->name = field (fields, index, COL_NAME);
  modality = field (fields, index, COL_TYPE);
  row->address = field (fields, index, COL_ADDRESS);
  row->colonia = field (fields, index, COL_COLONIA);
  row->schedule = field (fields, index, COL_SCHEDULE);
  alcaldia = field (fields, index, COL_ALCALDIA);
  lat = field (fields, index, COL_LATITUDE);
  lon = field (fields, index, COL_LONGITUDE);

  if (*row->name == '\0')
    {
      cm_import_report_add_problem (self->report, line, _("Line %u (%s): the kitchen has no name."), line, folio);
      return FALSE;
    }
  if (*modality == '\0')
    {
      cm_import_report_add_problem (self->report, line, _("Line %u (%s): the kitchen has no Tipo."), line, folio);
      return FALSE;
    }
  row->modality = g_strdup (normalise_modality (modality));

  if ((info = cm_alcaldias_find_by_name (alcaldia)) == NULL)
    {
      cm_import_report_add_problem (self->report, line,
                                    _("Line %u (%s): “%s” is not one of the 16 alcaldías of Mexico City."),
                                    line, folio, alcaldia);
      return FALSE;
    }
  row->alcaldia_code = info->code;
  if (strcmp (alcaldia, info->name) != 0)
    {
      Alias *alias = g_hash_table_lookup (aliases, alcaldia);

      if (alias == NULL)
        {
          alias = g_new0 (Alias, 1);
          alias->code = info->code;
          alias->first_line = line;
          g_hash_table_insert (aliases, g_strdup (alcaldia), alias);
        }
      alias->rows++;
    }

  if (*lat == '\0' && *lon == '\0')
    {
      cm_import_report_add_problem (self->report, line,
                                    _("Line %u (%s): the kitchen has no point; it keeps the one it has, if any."),
                                    line, folio);
      return TRUE;
    }
  if (*lat == '\0' || *lon == '\0')
    {
      cm_import_report_add_problem (self->report, line,
                                    _("Line %u (%s): the point needs both a latitude and a longitude."),
                                    line, folio);
      return FALSE;
    }
  if (!parse_coordinate (lat, &row->lat))
    {
      cm_import_report_add_problem (self->report, line,
                                    _("Line %u (%s): the latitude “%s” is not a number (decimals are written with a point)."),
                                    line, folio, lat);
      return FALSE;
    }
  if (!parse_coordinate (lon, &row->lon))
    {
      cm_import_report_add_problem (self->report, line,
                                    _("Line %u (%s): the longitude “%s” is not a number (decimals are written with a point)."),
                                    line, folio, lon);
      return FALSE;
    }
  if (row->lat < -90 || row->lat > 90 || row->lon < -180 || row->lon > 180)
    {
      cm_import_report_add_problem (self->report, line,
                                    _("Line %u (%s): the point %s, %s is not on Earth: the latitude goes from −90 to 90 and the longitude from −180 to 180 (are they swapped?)."),
                                    line, folio, lat, lon);
      return FALSE;
    }
  row->has_point = TRUE;
  return TRUE;
}

static GHashTable *
read_existing (CmDb    *db,
               GError **error)
{
  g_autoptr(GHashTable) existing = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, existing_free);
  sqlite3_stmt *stmt;
  int rc;

  stmt = cm_db_prepare (db,
                        "SELECT id, folio, name, modality, address, colonia, alcaldia_code, schedule,"
                        "       latitude, longitude FROM canteen",
                        error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      Existing *e = g_new0 (Existing, 1);

      e->id = sqlite3_column_int64 (stmt, 0);
      e->name = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      e->modality = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
      e->address = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
      e->colonia = g_strdup ((const char *) sqlite3_column_text (stmt, 5));
      e->alcaldia_code = g_strdup ((const char *) sqlite3_column_text (stmt, 6));
      e->schedule = g_strdup ((const char *) sqlite3_column_text (stmt, 7));
      e->has_point = sqlite3_column_type (stmt, 8) != SQLITE_NULL && sqlite3_column_type (stmt, 9) != SQLITE_NULL;
      e->lat = sqlite3_column_double (stmt, 8);
      e->lon = sqlite3_column_double (stmt, 9);
      g_hash_table_insert (existing, g_strdup ((const char *) sqlite3_column_text (stmt, 1)), e);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      cm_db_set_error_from_handle (db, error);
      return NULL;
    }
  return g_steal_pointer (&existing);
}

static gboolean
row_differs (const Row      *row,
             const Existing *e)
{
  return g_strcmp0 (row->name, e->name) != 0 ||
         g_strcmp0 (row->modality, e->modality) != 0 ||
         g_strcmp0 (row->alcaldia_code, e->alcaldia_code) != 0 ||
         (row->address != NULL && g_strcmp0 (row->address, e->address) != 0) ||
         (row->colonia != NULL && g_strcmp0 (row->colonia, e->colonia) != 0) ||
         (row->schedule != NULL && g_strcmp0 (row->schedule, e->schedule) != 0) ||
         (row->has_point && (!e->has_point || row->lat != e->lat || row->lon != e->lon));
}

/* The fields the registry owns, before and after a change. */
#define CANTEEN_SNAPSHOT \
  "SELECT json_object ('id', id, 'folio', folio, 'name', name, 'modality', modality," \
  "                    'address', address, 'colonia', colonia, 'alcaldia_code', alcaldia_code," \
  "                    'latitude', latitude, 'longitude', longitude, 'schedule', schedule)" \
  "  FROM canteen WHERE id = ?1"

static gboolean
write_row (CmDb        *db,
           const Row   *row,
           gint64       id,
           const char  *actor,
           GError     **error)
{
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gboolean is_new = id <= 0;
  sqlite3_stmt *stmt;

  if (!is_new)
    {
      if (!(before = cm_audit_snapshot (db, CANTEEN_SNAPSHOT, id, error)))
        return FALSE;
      stmt = cm_db_prepare (db,
                            "UPDATE canteen SET name = ?2, modality = ?3, address = ifnull (?4, address),"
                            "  colonia = ifnull (?5, colonia), alcaldia_code = ?6,"
                            "  latitude = ifnull (?7, latitude), longitude = ifnull (?8, longitude),"
                            "  schedule = ifnull (?9, schedule)"
                            " WHERE id = ?1",
                            error);
    }
  else
    stmt = cm_db_prepare (db,
                          "INSERT INTO canteen (folio, name, modality, address, colonia, alcaldia_code,"
                          "                     latitude, longitude, schedule)"
                          " VALUES (?10, ?2, ?3, ifnull (?4, ''), ifnull (?5, ''), ?6, ?7, ?8, ifnull (?9, ''))",
                          error);
  if (stmt == NULL)
    return FALSE;

  if (!is_new)
    sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_text (stmt, 2, row->name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, row->modality, -1, SQLITE_STATIC);
  if (row->address != NULL)
    sqlite3_bind_text (stmt, 4, row->address, -1, SQLITE_STATIC);
  if (row->colonia != NULL)
    sqlite3_bind_text (stmt, 5, row->colonia, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, row->alcaldia_code, -1, SQLITE_STATIC);
  if (row->has_point)
    {
      sqlite3_bind_double (stmt, 7, row->lat);
      sqlite3_bind_double (stmt, 8, row->lon);
    }
  if (row->schedule != NULL)
    sqlite3_bind_text (stmt, 9, row->schedule, -1, SQLITE_STATIC);
  if (is_new)
    sqlite3_bind_text (stmt, 10, row->folio, -1, SQLITE_STATIC);
  if (!cm_db_step_done (db, stmt, error))
    return FALSE;

  if (is_new)
    id = sqlite3_last_insert_rowid (cm_db_get_handle (db));
  if (!(after = cm_audit_snapshot (db, CANTEEN_SNAPSHOT, id, error)))
    return FALSE;
  return cm_audit_append (db, actor, is_new ? "import_add" : "import_update",
                          "canteen", id, before, after, error);
}

/* Compares every accepted row with the kitchens the database holds now and
 * sets the counts; with @actor, writes the differences too. The caller
 * holds the lock (and, to write, the transaction). */
static gboolean
diff_rows (CmRegistryImport  *self,
           const char        *actor,
           GError           **error)
{
  g_autoptr(GHashTable) existing = read_existing (self->db, error);
  gint64 added = 0, updated = 0, unchanged = 0;

  if (existing == NULL)
    return FALSE;

  for (guint i = 0; i < self->rows->len; i++)
    {
      const Row *row = &g_array_index (self->rows, Row, i);
      const Existing *e = g_hash_table_lookup (existing, row->folio);

      if (e != NULL && !row_differs (row, e))
        {
          unchanged++;
          continue;
        }
      if (e == NULL)
        added++;
      else
        updated++;
      if (actor != NULL && !write_row (self->db, row, e != NULL ? e->id : 0, actor, error))
        return FALSE;
    }

  cm_import_report_set_count (self->report, "unchanged", unchanged);
  cm_import_report_set_count (self->report, "added", added);
  cm_import_report_set_count (self->report, "updated", updated);
  return TRUE;
}

static void
report_aliases (CmRegistryImport *self,
                GHashTable       *aliases)
{
  GHashTableIter iter;
  const char *written;
  Alias *alias;

  g_hash_table_iter_init (&iter, aliases);
  while (g_hash_table_iter_next (&iter, (gpointer *) &written, (gpointer *) &alias))
    cm_import_report_add_problem (self->report, alias->first_line,
                                  g_dngettext (GETTEXT_PACKAGE,
                                               "Line %u: “%s” is read as the alcaldía %s (%u row).",
                                               "Line %u: “%s” is read as the alcaldía %s (%u rows, this the first).",
                                               alias->rows),
                                  alias->first_line, written,
                                  cm_alcaldias_find_by_code (alias->code)->name, alias->rows);
}

/* Points outside the city, or outside their alcaldía once it has a boundary. */
static void
report_places (CmRegistryImport *self,
               CmBoundaries     *boundaries)
{
  gint64 outside_city = 0, outside_alcaldia = 0;

  for (guint i = 0; i < self->rows->len; i++)
    {
      const Row *row = &g_array_index (self->rows, Row, i);
      const char *name = cm_alcaldias_find_by_code (row->alcaldia_code)->name;
      char lat[G_ASCII_DTOSTR_BUF_SIZE], lon[G_ASCII_DTOSTR_BUF_SIZE];

      if (!row->has_point)
        continue;
      g_ascii_formatd (lat, sizeof lat, "%.8g", row->lat);
      g_ascii_formatd (lon, sizeof lon, "%.8g", row->lon);
      if (!cm_boundaries_in_city (boundaries, row->lat, row->lon))
        {
          cm_import_report_add_problem (self->report, row->line,
                                        _("Line %u (%s): the point %s, %s is outside Mexico City."),
                                        row->line, row->folio, lat, lon);
          outside_city++;
        }
      else if (cm_boundaries_locate (boundaries, row->alcaldia_code, row->lat, row->lon) == CM_PLACE_OUTSIDE)
        {
          const char *found = cm_boundaries_find (boundaries, row->lat, row->lon);

          if (found != NULL)
            cm_import_report_add_problem (self->report, row->line,
                                          _("Line %u (%s): the point %s, %s is outside %s, in %s."),
                                          row->line, row->folio, lat, lon, name,
                                          cm_alcaldias_find_by_code (found)->name);
          else
            cm_import_report_add_problem (self->report, row->line,
                                          _("Line %u (%s): the point %s, %s is outside %s."),
                                          row->line, row->folio, lat, lon, name);
          outside_alcaldia++;
        }
    }

  cm_import_report_set_count (self->report, "outside_city", outside_city);
  cm_import_report_set_count (self->report, "outside_alcaldia", outside_alcaldia);
}

/**
 * cm_registry_import_new_from_bytes:
 * @db: the database, read (under its lock) and not changed
 * @contents: the file's bytes
 * @file_name: (nullable): its name, for the audit log
 * @error: set to a #CmImportError when the file as a whole is refused: not
 *   UTF-8 (the line named), without the required columns, or with a quoted
 *   field never closed
 *
 * Reads the registry and previews the import: each problem with its line,
 * and the counts `unchanged`, `added`, `updated`, `duplicates` (folios on
 * more than one row), `outside_city`, `outside_alcaldia` and `rejected`.
 *
 * Returns: (transfer full) (nullable): the import, ready to apply, or %NULL
 *   with @error set
 */
CmRegistryImport *
cm_registry_import_new_from_bytes (CmDb        *db,
                                   GBytes      *contents,
                                   const char  *file_name,
                                   GError     **error)
{
  g_autoptr(CmRegistryImport) self = NULL;
  g_autoptr(CmCsvReader) reader = NULL;
  g_autoptr(GHashTable) lines = NULL;     /* folio → GArray of lines */
  g_autoptr(GHashTable) aliases = NULL;   /* alcaldía as written → Alias */
  g_autoptr(GPtrArray) records = NULL;    /* GStrv, line in a parallel array */
  g_autoptr(GArray) record_lines = NULL;
  g_autoptr(CmBoundaries) boundaries = NULL;
  g_autoptr(GMutexLocker) locker = NULL;
  g_auto(GStrv) header = NULL;
  guint n_header;
  int index[N_COLUMNS];
  gint64 rejected = 0, duplicates = 0;
  const char *data;
  gsize length;
  guint line;
  GStrv fields;

  g_return_val_if_fail (CM_IS_DB (db), NULL);
  g_return_val_if_fail (contents != NULL, NULL);

  if (!cm_import_check_utf8 (contents, error))
    return NULL;
  data = g_bytes_get_data (contents, &length);
  reader = cm_csv_reader_new (length > 0 ? data : "", length);

  if (!cm_csv_reader_next (reader, &header, &line, error))
    {
      if (error != NULL && *error == NULL)
        g_set_error (error, CM_IMPORT_ERROR, CM_IMPORT_ERROR_FORMAT, _("The file is empty."));
      return NULL;
    }
  if (!read_header (header, index, error))
    return NULL;
  /* Spreadsheets may add empty columns after the last. */
  n_header = g_strv_length (header);
  while (n_header > 0 && *g_strstrip (header[n_header - 1]) == '\0')
    n_header--;

  self = g_object_new (CM_TYPE_REGISTRY_IMPORT, NULL);
  self->db = g_object_ref (db);
  self->file_name = g_strdup (file_name);
  self->sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, contents);
  /* The counts in the order they are printed. */
  for (guint i = 0; i < G_N_ELEMENTS (count_keys); i++)
    cm_import_report_set_count (self->report, count_keys[i], 0);

  /* Every record first: a quoted field never closed refuses the file. */
  records = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  record_lines = g_array_new (FALSE, FALSE, sizeof (guint));
  for (;;)
    {
      g_autoptr(GError) local_error = NULL;

      if (!cm_csv_reader_next (reader, &fields, &line, &local_error))
        {
          if (local_error != NULL)
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              return NULL;
            }
          break;
        }
      if (fields[0] != NULL && fields[1] == NULL && *g_strstrip (fields[0]) == '\0')
        {
          g_strfreev (fields);   /* a blank line */
          continue;
        }
      g_ptr_array_add (records, fields);
      g_array_append_val (record_lines, line);
    }

  /* Folios and their lines, for the duplicates. */
  lines = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_array_unref);
  aliases = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  for (guint r = 0; r < records->len; r++)
    {
      char **record = g_ptr_array_index (records, r);
      g_autofree char *folio = NULL;
      GArray *where;

      line = g_array_index (record_lines, guint, r);
      if (!record_fits (record, n_header) ||
          *(folio = g_ascii_strup (g_strstrip (record[index[COL_ID]]), -1)) == '\0')
        continue;
      if ((where = g_hash_table_lookup (lines, folio)) == NULL)
        {
          where = g_array_new (FALSE, FALSE, sizeof (guint));
          g_hash_table_insert (lines, g_strdup (folio), where);
        }
      g_array_append_val (where, line);
    }

  for (guint r = 0; r < records->len; r++)
    {
      char **record = g_ptr_array_index (records, r);
      guint n_fields = g_strv_length (record);
      g_autofree char *folio = NULL;
      GArray *where;
      Row row = { 0 };

      line = g_array_index (record_lines, guint, r);
      if (!record_fits (record, n_header))
        {
          cm_import_report_add_problem (self->report, line,
                                        _("Line %u: the row has %u fields, the header %u."),
                                        line, n_fields, n_header);
          rejected++;
          continue;
        }
      folio = g_ascii_strup (record[index[COL_ID]], -1);
      if (*folio == '\0')
        {
          cm_import_report_add_problem (self->report, line, _("Line %u: the row has no ID (folio)."), line);
          rejected++;
          continue;
        }
      where = g_hash_table_lookup (lines, folio);
      if (where->len > 1)
        {
          if (g_array_index (where, guint, 0) == line)
            {
              g_autofree char *list = cm_import_join_numbers (where);

              cm_import_report_add_problem (self->report, line,
                                            _("The folio %s is on lines %s: none of these rows is imported, and a kitchen already registered with it stays as it is."),
                                            folio, list);
              duplicates++;
            }
          continue;
        }

      row.line = line;
      row.folio = g_steal_pointer (&folio);
      if (!read_row (self, record, index, &row, aliases))
        {
          row_clear (&row);
          rejected++;
          continue;
        }
      g_array_append_val (self->rows, row);
    }

  report_aliases (self, aliases);

  if (!(boundaries = cm_boundaries_load (db, error)))
    return NULL;
  report_places (self, boundaries);

  locker = g_mutex_locker_new (cm_db_get_mutex (db));
  if (!diff_rows (self, NULL, error))
    return NULL;
  cm_import_report_set_count (self->report, "duplicates", duplicates);
  cm_import_report_set_count (self->report, "rejected", rejected);

  return g_steal_pointer (&self);
}

/**
 * cm_registry_import_new_from_file:
 * @db: the database, read and not changed
 * @file: a CSV file
 * @cancellable: (nullable): a #GCancellable for reading it
 * @error: set to a #CmImportError when the file cannot be read or is refused
 *
 * The same as cm_registry_import_new_from_bytes(), from a file.
 *
 * Returns: (transfer full) (nullable): the import, ready to apply
 */
CmRegistryImport *
cm_registry_import_new_from_file (CmDb          *db,
                                  GFile         *file,
                                  GCancellable  *cancellable,
                                  GError       **error)
{
  g_autoptr(GBytes) contents = cm_import_read_file (file, cancellable, error);
  g_autofree char *name = NULL;

  if (contents == NULL)
    return NULL;
  name = g_file_get_basename (file);
  return cm_registry_import_new_from_bytes (db, contents, name, error);
}

/**
 * cm_registry_import_get_report:
 * @self: an import
 *
 * Returns: (transfer none): its report: the preview's, or what apply() did
 */
CmImportReport *
cm_registry_import_get_report (CmRegistryImport *self)
{
  g_return_val_if_fail (CM_IS_REGISTRY_IMPORT (self), NULL);

  return self->report;
}

/**
 * cm_registry_import_get_n_accepted:
 * @self: an import
 *
 * Returns: how many rows can be imported
 */
guint
cm_registry_import_get_n_accepted (CmRegistryImport *self)
{
  g_return_val_if_fail (CM_IS_REGISTRY_IMPORT (self), 0);

  return self->rows->len;
}

static char *
summary_json (CmRegistryImport *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  const char * const *keys = cm_import_report_get_keys (self->report);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "file");
  json_builder_add_string_value (builder, self->file_name ? self->file_name : "");
  json_builder_set_member_name (builder, "sha256");
  json_builder_add_string_value (builder, self->sha256);
  for (guint i = 0; keys[i] != NULL; i++)
    {
      json_builder_set_member_name (builder, keys[i]);
      json_builder_add_int_value (builder, cm_import_report_get_count (self->report, keys[i]));
    }
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

/**
 * cm_registry_import_apply:
 * @self: an import, not applied yet
 * @actor: the person who imports
 * @error: set when the database refuses; then nothing is changed
 *
 * Adds the new kitchens and updates the known ones in one transaction: each
 * change in the audit log with the kitchen's registry fields before and
 * after, then one entry for the import with the file's SHA-256 and the
 * counts. The counts are set again from what the database held at that
 * moment (a sync may have come between the preview and the import).
 *
 * Returns: %TRUE when the whole import is written, %FALSE when none of it is
 */
gboolean
cm_registry_import_apply (CmRegistryImport  *self,
                          const char        *actor,
                          GError           **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autofree char *summary = NULL;

  g_return_val_if_fail (CM_IS_REGISTRY_IMPORT (self), FALSE);

  if (!cm_import_may_apply (self->applied, actor, error))
    return FALSE;

  locker = g_mutex_locker_new (cm_db_get_mutex (self->db));
  if (!cm_db_begin (self->db, error))
    return FALSE;
  if (!diff_rows (self, actor, error))
    goto fail;
  summary = summary_json (self);
  if (!cm_audit_append (self->db, actor, "import_registry", "registry", 0, NULL, summary, error) ||
      !cm_db_commit (self->db, error))
    goto fail;

  self->applied = TRUE;
  return TRUE;

fail:
  cm_db_rollback (self->db);
  return FALSE;
}
