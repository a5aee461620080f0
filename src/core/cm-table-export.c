/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "cm-table-export"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "cm-canteen.h"
#include "cm-check-result.h"
#include "cm-checks.h"
#include "cm-csv-writer.h"
#include "cm-rule.h"
#include "cm-rulebook.h"
#include "cm-safe-file.h"
#include "cm-table-export.h"
#include "cm-xlsx-writer.h"

G_DEFINE_QUARK (cm-table-export-error-quark, cm_table_export_error)

typedef struct
{
  const char *title;   /* N_() */
  double      width;   /* in characters, for XLSX */
} Column;

/* The names the command line and the files use, by CmTable. */
static const char * const table_names[] = { "kitchens", "reports", "checks" };

/**
 * cm_table_parse:
 * @name: `kitchens`, `reports` or `checks`
 * @table: (out): the table
 * @error: return location for a #GError
 *
 * Returns: %TRUE when @name is a table
 */
gboolean
cm_table_parse (const char  *name,
                CmTable     *table,
                GError     **error)
{
  for (guint i = 0; i < G_N_ELEMENTS (table_names); i++)
    if (g_strcmp0 (name, table_names[i]) == 0)
      {
        *table = (CmTable) i;
        return TRUE;
      }
  g_set_error (error, CM_TABLE_EXPORT_ERROR, CM_TABLE_EXPORT_ERROR_UNKNOWN_TABLE,
               _("“%s” is not a table; use kitchens, reports or checks."), name != NULL ? name : "");
  return FALSE;
}

const char *
cm_table_to_string (CmTable table)
{
  g_return_val_if_fail ((guint) table < G_N_ELEMENTS (table_names), NULL);
  return table_names[table];
}

/**
 * cm_table_get_title:
 * @table: a table
 *
 * Returns: the table's name as a person reads it (and its sheet's name)
 */
const char *
cm_table_get_title (CmTable table)
{
  switch (table)
    {
    case CM_TABLE_KITCHENS:
      return C_("table", "Kitchens");
    case CM_TABLE_REPORTS:
      return C_("table", "Reports");
    case CM_TABLE_CHECKS:
      return C_("table", "Automatic Checks");
    default:
      g_return_val_if_reached (NULL);
    }
}

/**
 * cm_table_format_parse:
 * @name: `csv` or `xlsx`
 * @format: (out): the format
 * @error: return location for a #GError
 *
 * Returns: %TRUE when @name is a format
 */
gboolean
cm_table_format_parse (const char     *name,
                       CmTableFormat  *format,
                       GError        **error)
{
  if (g_strcmp0 (name, "csv") == 0)
    *format = CM_TABLE_FORMAT_CSV;
  else if (g_strcmp0 (name, "xlsx") == 0)
    *format = CM_TABLE_FORMAT_XLSX;
  else
    {
      g_set_error (error, CM_TABLE_EXPORT_ERROR, CM_TABLE_EXPORT_ERROR_UNKNOWN_FORMAT,
                   _("“%s” is not a table format; use csv or xlsx."), name != NULL ? name : "");
      return FALSE;
    }
  return TRUE;
}

const char *
cm_table_format_get_extension (CmTableFormat format)
{
  return format == CM_TABLE_FORMAT_XLSX ? "xlsx" : "csv";
}

const char *
cm_table_format_get_mime_type (CmTableFormat format)
{
  return format == CM_TABLE_FORMAT_XLSX ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                                        : "text/csv";
}

/**
 * cm_table_export_options_init:
 * @options: (out caller-allocates): options to fill
 * @table: the table
 * @format: the format
 *
 * Every month, every kitchen.
 */
void
cm_table_export_options_init (CmTableExportOptions *options,
                              CmTable               table,
                              CmTableFormat         format)
{
  memset (options, 0, sizeof *options);
  options->table = table;
  options->format = format;
}

/* The sink: one of the two writers, the header first. */

typedef struct
{
  CmTableFormat  format;
  CmCsvWriter   *csv;
  CmXlsxWriter  *xlsx;
  guint          rows;
  GCancellable  *cancellable;
} Sink;

static gboolean
sink_begin (Sink          *sink,
            CmTable        table,
            const Column  *columns,
            guint          n_columns,
            GError       **error)
{
  g_autofree CmCell *header = g_new0 (CmCell, n_columns);
  g_autofree double *widths = g_new0 (double, n_columns);

  for (guint i = 0; i < n_columns; i++)
    {
      cm_cell_set_text (&header[i], _(columns[i].title));
      widths[i] = columns[i].width;
    }

  if (sink->format == CM_TABLE_FORMAT_CSV)
    return cm_csv_writer_write_row (sink->csv, header, n_columns, sink->cancellable, error);

  return cm_xlsx_writer_begin_sheet (sink->xlsx, cm_table_get_title (table), widths, n_columns,
                                     sink->cancellable, error) &&
         cm_xlsx_writer_write_row (sink->xlsx, header, n_columns, TRUE, sink->cancellable, error);
}

static gboolean
sink_row (Sink          *sink,
          const CmCell  *cells,
          guint          n_cells,
          GError       **error)
{
  sink->rows++;
  if (sink->format == CM_TABLE_FORMAT_CSV)
    return cm_csv_writer_write_row (sink->csv, cells, n_cells, sink->cancellable, error);
  return cm_xlsx_writer_write_row (sink->xlsx, cells, n_cells, FALSE, sink->cancellable, error);
}

static gboolean
sink_finish (Sink          *sink,
             CmTable        table,
             GError       **error)
{
  if (sink->format == CM_TABLE_FORMAT_CSV)
    return cm_csv_writer_finish (sink->csv, sink->cancellable, error);
  return cm_xlsx_writer_end_sheet (sink->xlsx, sink->cancellable, error) &&
         cm_xlsx_writer_finish (sink->xlsx, cm_table_get_title (table), sink->cancellable, error);
}

/* Helpers for the rows. */

static const char *
column_text (sqlite3_stmt *stmt,
             int           column)
{
  return (const char *) sqlite3_column_text (stmt, column);
}

static void
set_column_decimal (CmCell       *cell,
                    sqlite3_stmt *stmt,
                    int           column,
                    guint         digits)
{
  if (sqlite3_column_type (stmt, column) == SQLITE_NULL)
    cm_cell_set_empty (cell);
  else
    cm_cell_set_decimal (cell, sqlite3_column_double (stmt, column), digits);
}

static void
set_column_integer (CmCell       *cell,
                    sqlite3_stmt *stmt,
                    int           column)
{
  if (sqlite3_column_type (stmt, column) == SQLITE_NULL)
    cm_cell_set_empty (cell);
  else
    cm_cell_set_integer (cell, sqlite3_column_int64 (stmt, column));
}

/* The first and last day of the options' period, as report dates compare. */
static void
period_days (const CmTableExportOptions *options,
             char                        first[11],
             char                        last[11])
{
  GDate day;

  if (!options->has_period)
    {
      g_strlcpy (first, "0000-01-01", 11);
      g_strlcpy (last, "9999-12-31", 11);
      return;
    }
  cm_period_get_first_day (&options->period, &day);
  g_date_strftime (first, 11, "%Y-%m-%d", &day);
  cm_period_get_last_day (&options->period, &day);
  g_date_strftime (last, 11, "%Y-%m-%d", &day);
}

static GHashTable *
kitchen_set_new (GArray *ids)
{
  GHashTable *set;

  if (ids == NULL)
    return NULL;
  set = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  for (guint i = 0; i < ids->len; i++)
    g_hash_table_add (set, g_memdup2 (&g_array_index (ids, gint64, i), sizeof (gint64)));
  return set;
}

static gboolean
kitchen_wanted (GHashTable *set,
                gint64      id)
{
  return set == NULL || g_hash_table_contains (set, &id);
}

static gboolean
step_failed (CmDb          *db,
             sqlite3_stmt  *stmt,
             int            rc,
             GError       **error)
{
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      cm_db_set_error_from_handle (db, error);
      return TRUE;
    }
  return FALSE;
}

/* kitchens */

static const Column kitchen_columns[] = {
  { N_("Folio"), 9 },
  { N_("Name"), 40 },
  { N_("Modality"), 13 },
  { N_("Status"), 11 },
  { N_("Alcaldía code"), 10 },
  { N_("Alcaldía"), 22 },
  { N_("Colonia"), 24 },
  { N_("Address"), 40 },
  { N_("Latitude"), 11 },
  { N_("Longitude"), 11 },
  { N_("Schedule"), 16 },
  { N_("Capacity (rations a day)"), 12 },
  { N_("Opening date"), 12 },
  { N_("Closing date"), 12 },
  { N_("Registered tablet"), 18 },
  { N_("Latest verdict"), 24 },
  { N_("Month of the verdict"), 12 },
  { N_("Last report"), 12 },
  { N_("Reports in the period"), 12 },
  { N_("Paid rations in the period"), 14 },
  { N_("Free rations in the period"), 14 },
  { N_("Fee collected in the period"), 16 },
  { N_("Spending in the period"), 16 },
};

static gboolean
export_kitchens (CmDb                        *db,
                 const CmTableExportOptions  *options,
                 Sink                        *sink,
                 GError                     **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(GHashTable) wanted = kitchen_set_new (options->kitchen_ids);
  CmCell cells[G_N_ELEMENTS (kitchen_columns)];
  char first[11], last[11];
  sqlite3_stmt *stmt;
  int rc;

  if (!sink_begin (sink, CM_TABLE_KITCHENS, kitchen_columns, G_N_ELEMENTS (kitchen_columns), error))
    return FALSE;

  period_days (options, first, last);
  locker = g_mutex_locker_new (cm_db_get_mutex (db));
  stmt = cm_db_prepare (db,
                        "SELECT c.id, c.folio, c.name, c.modality, c.status, c.alcaldia_code, a.name,"
                        " c.colonia, c.address, c.latitude, c.longitude, c.schedule, c.capacity,"
                        " c.opened_on, c.closed_on, c.tablet_id, l.verdict, l.period, c.last_report_date,"
                        " ifnull (s.n, 0), ifnull (s.paid, 0), ifnull (s.free, 0), ifnull (s.fee, 0),"
                        " ifnull (s.spending, 0)"
                        " FROM canteen c LEFT JOIN alcaldia a ON a.code = c.alcaldia_code"
                        " LEFT JOIN check_latest l ON l.canteen_id = c.id"
                        " LEFT JOIN (SELECT canteen_id, count (*) AS n, sum (rations_paid) AS paid,"
                        "   sum (rations_free) AS free, sum (fee_cents) AS fee, sum (spending_cents) AS spending"
                        "   FROM report WHERE report_date BETWEEN ?1 AND ?2 AND canteen_id IS NOT NULL"
                        "   GROUP BY canteen_id) s ON s.canteen_id = c.id"
                        " ORDER BY c.folio",
                        error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, first, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, last, -1, SQLITE_TRANSIENT);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      CmVerdict verdict = CM_VERDICT_NOT_EVALUATED;

      if (!kitchen_wanted (wanted, sqlite3_column_int64 (stmt, 0)))
        continue;

      cm_cell_set_text (&cells[0], column_text (stmt, 1));
      cm_cell_set_text (&cells[1], column_text (stmt, 2));
      cm_cell_set_text (&cells[2], cm_canteen_modality_label (column_text (stmt, 3)));
      cm_cell_set_text (&cells[3], cm_canteen_status_label (column_text (stmt, 4)));
      cm_cell_set_text (&cells[4], column_text (stmt, 5));
      cm_cell_set_text (&cells[5], column_text (stmt, 6));
      cm_cell_set_text (&cells[6], column_text (stmt, 7));
      cm_cell_set_text (&cells[7], column_text (stmt, 8));
      set_column_decimal (&cells[8], stmt, 9, 6);
      set_column_decimal (&cells[9], stmt, 10, 6);
      cm_cell_set_text (&cells[10], column_text (stmt, 11));
      set_column_integer (&cells[11], stmt, 12);
      cm_cell_set_date (&cells[12], column_text (stmt, 13));
      cm_cell_set_date (&cells[13], column_text (stmt, 14));
      cm_cell_set_text (&cells[14], column_text (stmt, 15));
      if (column_text (stmt, 16) != NULL)
        cm_verdict_from_string (column_text (stmt, 16), &verdict);
      cm_cell_set_text (&cells[15], cm_verdict_get_label (verdict));
      cm_cell_set_text (&cells[16], column_text (stmt, 17));
      cm_cell_set_date (&cells[17], column_text (stmt, 18));
      cm_cell_set_integer (&cells[18], sqlite3_column_int64 (stmt, 19));
      cm_cell_set_integer (&cells[19], sqlite3_column_int64 (stmt, 20));
      cm_cell_set_integer (&cells[20], sqlite3_column_int64 (stmt, 21));
      cm_cell_set_money (&cells[21], sqlite3_column_int64 (stmt, 22));
      cm_cell_set_money (&cells[22], sqlite3_column_int64 (stmt, 23));

      if (!sink_row (sink, cells, G_N_ELEMENTS (cells), error))
        {
          sqlite3_reset (stmt);
          return FALSE;
        }
    }
  if (step_failed (db, stmt, rc, error))
    return FALSE;

  g_clear_pointer (&locker, g_mutex_locker_free);
  return sink_finish (sink, CM_TABLE_KITCHENS, error);
}

/* reports */

static const Column report_columns[] = {
  { N_("Date"), 11 },
  { N_("Kitchen folio"), 9 },
  { N_("Kitchen"), 36 },
  { N_("Folio as sent"), 9 },
  { N_("Account"), 18 },
  { N_("Instance ID"), 42 },
  { N_("Paid rations"), 10 },
  { N_("Free rations"), 10 },
  { N_("Fee collected"), 13 },
  { N_("Spending"), 13 },
  { N_("Purchases"), 10 },
  { N_("Purchases with receipt"), 12 },
  { N_("Children"), 9 },
  { N_("Adults"), 9 },
  { N_("Older adults"), 9 },
  { N_("People with disabilities"), 12 },
  { N_("Committee members present"), 12 },
  { N_("Take-away only"), 10 },
  { N_("Incidents"), 40 },
  { N_("Latitude"), 11 },
  { N_("Longitude"), 11 },
  { N_("GPS accuracy (m)"), 10 },
  { N_("Device"), 18 },
  { N_("Submitted by"), 18 },
  { N_("Received by the server"), 22 },
  { N_("Updated on the server"), 22 },
  { N_("Review state"), 14 },
  { N_("Form version"), 14 },
  { N_("Attachments expected"), 12 },
  { N_("Attachments present"), 12 },
};

/* One day of reports at a time, the database lock held for that day only:
 * the sync and the window's queries go on while a year is written. */
static gboolean
export_reports (CmDb                        *db,
                const CmTableExportOptions  *options,
                Sink                        *sink,
                GError                     **error)
{
  g_autoptr(GHashTable) wanted = kitchen_set_new (options->kitchen_ids);
  CmCell cells[G_N_ELEMENTS (report_columns)];
  char first[11], last[11];
  g_autofree char *day = NULL;
  gboolean first_day = TRUE;

  if (!sink_begin (sink, CM_TABLE_REPORTS, report_columns, G_N_ELEMENTS (report_columns), error))
    return FALSE;

  period_days (options, first, last);
  for (;;)
    {
      g_autoptr(GMutexLocker) locker = g_mutex_locker_new (cm_db_get_mutex (db));
      sqlite3_stmt *next, *stmt;
      int rc;

      next = cm_db_prepare (db, first_day
                                ? "SELECT min (report_date) FROM report WHERE report_date >= ?1 AND report_date <= ?2"
                                : "SELECT min (report_date) FROM report WHERE report_date > ?1 AND report_date <= ?2",
                            error);
      if (next == NULL)
        return FALSE;
      sqlite3_bind_text (next, 1, first_day ? first : day, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (next, 2, last, -1, SQLITE_TRANSIENT);
      rc = sqlite3_step (next);
      if (rc != SQLITE_ROW)
        return !step_failed (db, next, rc, error);
      if (sqlite3_column_type (next, 0) == SQLITE_NULL)
        {
          sqlite3_reset (next);
          break;
        }
      g_free (day);
      day = g_strdup (column_text (next, 0));
      sqlite3_reset (next);
      first_day = FALSE;

      stmt = cm_db_prepare (db,
                            "SELECT r.report_date, c.folio, c.name, r.folio_sent, s.name, r.instance_id,"
                            " r.rations_paid, r.rations_free, r.fee_cents, r.spending_cents,"
                            " (SELECT count (*) FROM purchase p WHERE p.report_id = r.id),"
                            " (SELECT count (*) FROM purchase p WHERE p.report_id = r.id"
                            "   AND p.receipt_photo IS NOT NULL AND p.receipt_photo <> ''),"
                            " r.diners_children, r.diners_adults, r.diners_older, r.diners_disabled,"
                            " r.members_present, r.takeaway_only, r.incidents, r.latitude, r.longitude,"
                            " r.gps_accuracy, r.device_id, r.submitter, r.submitted_at, r.updated_at,"
                            " r.review_state, r.form_version, r.attachments_expected, r.attachments_present,"
                            " r.canteen_id"
                            " FROM report r LEFT JOIN canteen c ON c.id = r.canteen_id"
                            " LEFT JOIN source s ON s.id = r.source_id"
                            " WHERE r.report_date = ?1 ORDER BY c.folio, r.instance_id",
                            error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, day, -1, SQLITE_TRANSIENT);

      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          if (wanted != NULL &&
              (sqlite3_column_type (stmt, 30) == SQLITE_NULL ||
               !kitchen_wanted (wanted, sqlite3_column_int64 (stmt, 30))))
            continue;

          cm_cell_set_date (&cells[0], column_text (stmt, 0));
          cm_cell_set_text (&cells[1], column_text (stmt, 1));
          cm_cell_set_text (&cells[2], column_text (stmt, 2));
          cm_cell_set_text (&cells[3], column_text (stmt, 3));
          cm_cell_set_text (&cells[4], column_text (stmt, 4));
          cm_cell_set_text (&cells[5], column_text (stmt, 5));
          cm_cell_set_integer (&cells[6], sqlite3_column_int64 (stmt, 6));
          cm_cell_set_integer (&cells[7], sqlite3_column_int64 (stmt, 7));
          cm_cell_set_money (&cells[8], sqlite3_column_int64 (stmt, 8));
          cm_cell_set_money (&cells[9], sqlite3_column_int64 (stmt, 9));
          for (int i = 10; i <= 16; i++)
            cm_cell_set_integer (&cells[i], sqlite3_column_int64 (stmt, i));
          cm_cell_set_text (&cells[17], sqlite3_column_int (stmt, 17) != 0 ? _("Yes") : _("No"));
          cm_cell_set_text (&cells[18], column_text (stmt, 18));
          set_column_decimal (&cells[19], stmt, 19, 6);
          set_column_decimal (&cells[20], stmt, 20, 6);
          set_column_decimal (&cells[21], stmt, 21, 1);
          for (int i = 22; i <= 27; i++)
            cm_cell_set_text (&cells[i], column_text (stmt, i));
          cm_cell_set_integer (&cells[28], sqlite3_column_int64 (stmt, 28));
          cm_cell_set_integer (&cells[29], sqlite3_column_int64 (stmt, 29));

          if (!sink_row (sink, cells, G_N_ELEMENTS (cells), error))
            {
              sqlite3_reset (stmt);
              return FALSE;
            }
        }
      if (step_failed (db, stmt, rc, error))
        return FALSE;
    }

  return sink_finish (sink, CM_TABLE_REPORTS, error);
}

/* checks */

static const Column check_columns[] = {
  { N_("Month"), 9 },
  { N_("Kitchen folio"), 9 },
  { N_("Kitchen"), 36 },
  { N_("Rule code"), 12 },
  { N_("Rule"), 40 },
  { N_("Result"), 14 },
  { N_("Failures"), 9 },
  { N_("Evidence"), 70 },
  { N_("Rulebook edition"), 16 },
  { N_("Computed at"), 22 },
};

typedef struct
{
  char *folio;
  char *name;
} KitchenName;

static void
kitchen_name_free (gpointer data)
{
  KitchenName *kitchen = data;

  g_free (kitchen->folio);
  g_free (kitchen->name);
  g_free (kitchen);
}

static GHashTable *
load_kitchen_names (CmDb    *db,
                    GError **error)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (cm_db_get_mutex (db));
  g_autoptr(GHashTable) names = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, kitchen_name_free);
  sqlite3_stmt *stmt;
  int rc;

  stmt = cm_db_prepare (db, "SELECT id, folio, name FROM canteen", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      KitchenName *kitchen = g_new0 (KitchenName, 1);

      kitchen->folio = g_strdup (column_text (stmt, 1));
      kitchen->name = g_strdup (column_text (stmt, 2));
      g_hash_table_insert (names, g_memdup2 (&id, sizeof id), kitchen);
    }
  if (step_failed (db, stmt, rc, error))
    return NULL;
  return g_steal_pointer (&names);
}

/* The months the stored results span within the options' period. */
static gboolean
check_months (CmDb                        *db,
              const CmTableExportOptions  *options,
              char                         first[8],
              char                         last[8],
              GError                     **error)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (cm_db_get_mutex (db));
  sqlite3_stmt *stmt;
  gboolean any;

  stmt = cm_db_prepare (db, "SELECT min (period), max (period) FROM check_result"
                            " WHERE period BETWEEN ?1 AND ?2", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, options->has_period ? options->period.first_month : "0000-01", -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, options->has_period ? options->period.last_month : "9999-12", -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      step_failed (db, stmt, SQLITE_ERROR, error);
      return FALSE;
    }
  any = sqlite3_column_type (stmt, 0) != SQLITE_NULL;
  g_strlcpy (first, any ? column_text (stmt, 0) : "", 8);
  g_strlcpy (last, any ? column_text (stmt, 1) : "", 8);
  sqlite3_reset (stmt);
  return TRUE;
}

static void
next_month (char month[8])
{
  int year = atoi (month), number = atoi (month + 5);

  if (++number > 12)
    {
      number = 1;
      year++;
    }
  g_snprintf (month, 8, "%04d-%02d", year, number);
}

typedef struct
{
  GHashTable *names;
} SortData;

static const char *
folio_of (GHashTable *names,
          gint64      id)
{
  KitchenName *kitchen = g_hash_table_lookup (names, &id);

  return kitchen != NULL ? kitchen->folio : "";
}

static int
compare_results (gconstpointer a,
                 gconstpointer b,
                 gpointer      user_data)
{
  CmCheckResult *x = *(CmCheckResult **) a;
  CmCheckResult *y = *(CmCheckResult **) b;
  GHashTable *names = user_data;
  int order;

  order = g_strcmp0 (folio_of (names, cm_check_result_get_canteen_id (x)),
                     folio_of (names, cm_check_result_get_canteen_id (y)));
  if (order != 0)
    return order;
  return g_strcmp0 (cm_check_result_get_rule_code (x), cm_check_result_get_rule_code (y));
}

/* The title of @code as its rulebook had it in @month. */
static const char *
rule_title (CmRulebook *rulebook,
            const char *code,
            const char *month)
{
  GDate first, last;
  CmRule *rule = NULL;

  if (rulebook == NULL)
    return NULL;
  if (cm_checks_parse_period (month, &first, &last))
    {
      rule = cm_rulebook_lookup (rulebook, code, &first);
      if (rule == NULL)
        rule = cm_rulebook_lookup (rulebook, code, &last);
    }
  if (rule == NULL)
    {
      GPtrArray *versions = cm_rulebook_get_versions (rulebook, code);

      if (versions != NULL && versions->len > 0)
        rule = g_ptr_array_index (versions, versions->len - 1);
    }
  return rule != NULL ? cm_rule_get_title (rule) : NULL;
}

static gboolean
export_checks (CmDb                        *db,
               const CmTableExportOptions  *options,
               Sink                        *sink,
               GError                     **error)
{
  g_autoptr(GHashTable) wanted = kitchen_set_new (options->kitchen_ids);
  g_autoptr(GHashTable) names = NULL;
  g_autoptr(GHashTable) rulebooks = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                                           (GDestroyNotify) g_object_unref);
  CmCell cells[G_N_ELEMENTS (check_columns)];
  char month[8], last[8];

  if (!sink_begin (sink, CM_TABLE_CHECKS, check_columns, G_N_ELEMENTS (check_columns), error))
    return FALSE;
  if (!(names = load_kitchen_names (db, error)) || !check_months (db, options, month, last, error))
    return FALSE;

  for (; month[0] != '\0' && strcmp (month, last) <= 0; next_month (month))
    {
      g_autoptr(GPtrArray) results = cm_check_result_load (db, -1, month, month, error);

      if (results == NULL)
        return FALSE;
      g_ptr_array_sort_with_data (results, compare_results, names);

      for (guint i = 0; i < results->len; i++)
        {
          CmCheckResult *result = g_ptr_array_index (results, i);
          gint64 canteen_id = cm_check_result_get_canteen_id (result);
          gint64 rulebook_id = cm_check_result_get_rulebook_id (result);
          KitchenName *kitchen = g_hash_table_lookup (names, &canteen_id);
          CmRulebook *rulebook;
          g_autofree char *evidence = NULL;

          if (wanted != NULL && (canteen_id == 0 || !kitchen_wanted (wanted, canteen_id)))
            continue;

          if (!g_hash_table_contains (rulebooks, &rulebook_id))
            g_hash_table_insert (rulebooks, g_memdup2 (&rulebook_id, sizeof rulebook_id),
                                 cm_rulebook_load_by_id (db, rulebook_id, NULL));
          rulebook = g_hash_table_lookup (rulebooks, &rulebook_id);
          evidence = cm_check_result_describe (result);

          cm_cell_set_text (&cells[0], cm_check_result_get_period (result));
          cm_cell_set_text (&cells[1], kitchen != NULL ? kitchen->folio : NULL);
          cm_cell_set_text (&cells[2], kitchen != NULL ? kitchen->name
                                                       : _("Reports that name no registered kitchen"));
          cm_cell_set_text (&cells[3], cm_check_result_get_rule_code (result));
          cm_cell_set_text (&cells[4], rule_title (rulebook, cm_check_result_get_rule_code (result),
                                                   cm_check_result_get_period (result)));
          cm_cell_set_text (&cells[5], cm_check_outcome_get_label (cm_check_result_get_outcome (result)));
          cm_cell_set_integer (&cells[6], cm_check_result_get_failures (result));
          cm_cell_set_text (&cells[7], evidence);
          cm_cell_set_text (&cells[8], rulebook != NULL ? cm_rulebook_get_edition (rulebook) : NULL);
          cm_cell_set_text (&cells[9], cm_check_result_get_computed_at (result));

          if (!sink_row (sink, cells, G_N_ELEMENTS (cells), error))
            return FALSE;
        }
    }

  return sink_finish (sink, CM_TABLE_CHECKS, error);
}

/**
 * cm_table_export_to_stream:
 * @db: a database
 * @options: what to write
 * @stream: where; it stays open
 * @n_rows: (out) (optional): how many rows were written, the header aside
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Writes a table. Takes the database lock in short turns (a day of
 * reports, a month of results), never across the whole export. Safe in a
 * worker thread.
 *
 * Returns: %TRUE when the whole table was written
 */
gboolean
cm_table_export_to_stream (CmDb                        *db,
                           const CmTableExportOptions  *options,
                           GOutputStream               *stream,
                           guint                       *n_rows,
                           GCancellable                *cancellable,
                           GError                     **error)
{
  g_autoptr(CmCsvWriter) csv = NULL;
  g_autoptr(CmXlsxWriter) xlsx = NULL;
  Sink sink = { 0 };
  gboolean ok;

  g_return_val_if_fail (CM_IS_DB (db), FALSE);
  g_return_val_if_fail (options != NULL, FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (stream), FALSE);

  sink.format = options->format;
  sink.cancellable = cancellable;
  if (options->format == CM_TABLE_FORMAT_CSV)
    sink.csv = csv = cm_csv_writer_new (stream);
  else
    sink.xlsx = xlsx = cm_xlsx_writer_new (stream);

  switch (options->table)
    {
    case CM_TABLE_KITCHENS:
      ok = export_kitchens (db, options, &sink, error);
      break;
    case CM_TABLE_REPORTS:
      ok = export_reports (db, options, &sink, error);
      break;
    case CM_TABLE_CHECKS:
      ok = export_checks (db, options, &sink, error);
      break;
    default:
      g_set_error (error, CM_TABLE_EXPORT_ERROR, CM_TABLE_EXPORT_ERROR_UNKNOWN_TABLE,
                   _("“%s” is not a table; use kitchens, reports or checks."), "?");
      ok = FALSE;
    }

  if (n_rows != NULL)
    *n_rows = sink.rows;
  return ok;
}

typedef struct
{
  CmDb                       *db;
  const CmTableExportOptions *options;
  guint                       n_rows;
} WriteData;

static gboolean
write_file (GFile         *file,
            gpointer       user_data,
            GCancellable  *cancellable,
            GError       **error)
{
  WriteData *data = user_data;
  g_autoptr(GFileOutputStream) stream = NULL;

  stream = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_NONE, cancellable, error);
  if (stream == NULL)
    return FALSE;
  if (!cm_table_export_to_stream (data->db, data->options, G_OUTPUT_STREAM (stream), &data->n_rows,
                                  cancellable, error))
    {
      g_output_stream_close (G_OUTPUT_STREAM (stream), NULL, NULL);
      return FALSE;
    }
  return g_output_stream_close (G_OUTPUT_STREAM (stream), cancellable, error);
}

/**
 * cm_table_export_to_file:
 * @db: a database
 * @options: what to write
 * @file: where
 * @n_rows: (out) (optional): how many rows were written, the header aside
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Writes a table to @file through cm_safe_file_write(): a failed or
 * cancelled export leaves @file as it was.
 *
 * Returns: %TRUE when @file holds the whole table
 */
gboolean
cm_table_export_to_file (CmDb                        *db,
                         const CmTableExportOptions  *options,
                         GFile                       *file,
                         guint                       *n_rows,
                         GCancellable                *cancellable,
                         GError                     **error)
{
  WriteData data = { db, options, 0 };

  g_return_val_if_fail (CM_IS_DB (db), FALSE);
  g_return_val_if_fail (options != NULL, FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  if (!cm_safe_file_write (file, write_file, &data, cancellable, error))
    return FALSE;
  if (n_rows != NULL)
    *n_rows = data.n_rows;
  return TRUE;
}

typedef struct
{
  CmDb                 *db;
  CmTableExportOptions  options;
  GFile                *file;
} AsyncData;

static void
async_data_free (gpointer data)
{
  AsyncData *async = data;

  g_object_unref (async->db);
  g_clear_pointer (&async->options.kitchen_ids, g_array_unref);
  g_object_unref (async->file);
  g_free (async);
}

static void
export_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  AsyncData *async = task_data;
  GError *error = NULL;
  guint n_rows = 0;

  if (!cm_table_export_to_file (async->db, &async->options, async->file, &n_rows, cancellable, &error))
    g_task_return_error (task, error);
  else
    g_task_return_int (task, n_rows);
}

/**
 * cm_table_export_to_file_async:
 * @db: a database
 * @options: what to write; copied (the kitchen ids are shared: do not change them)
 * @file: where
 * @cancellable: (nullable): a #GCancellable
 * @callback: called in the calling thread's main context when done
 * @user_data: data for @callback
 *
 * cm_table_export_to_file() in a worker thread.
 */
void
cm_table_export_to_file_async (CmDb                       *db,
                               const CmTableExportOptions *options,
                               GFile                      *file,
                               GCancellable               *cancellable,
                               GAsyncReadyCallback         callback,
                               gpointer                    user_data)
{
  g_autoptr(GTask) task = NULL;
  AsyncData *async;

  g_return_if_fail (CM_IS_DB (db));
  g_return_if_fail (options != NULL);
  g_return_if_fail (G_IS_FILE (file));

  async = g_new0 (AsyncData, 1);
  async->db = g_object_ref (db);
  async->options = *options;
  if (options->kitchen_ids != NULL)
    g_array_ref (options->kitchen_ids);
  async->file = g_object_ref (file);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, cm_table_export_to_file_async);
  g_task_set_task_data (task, async, async_data_free);
  g_task_run_in_thread (task, export_thread);
}

/**
 * cm_table_export_to_file_finish:
 * @result: the result given to the callback
 * @n_rows: (out) (optional): how many rows were written, the header aside
 * @error: return location for a #GError
 *
 * Returns: %TRUE when the file holds the whole table
 */
gboolean
cm_table_export_to_file_finish (GAsyncResult  *result,
                                guint         *n_rows,
                                GError       **error)
{
  gssize rows;

  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  rows = g_task_propagate_int (G_TASK (result), error);
  if (rows < 0)
    return FALSE;
  if (n_rows != NULL)
    *n_rows = (guint) rows;
  return TRUE;
}

/**
 * cm_table_export_list_months:
 * @db: a database
 * @error: return location for a #GError
 *
 * The months that have at least one report, oldest first: one index seek a
 * month, not a scan of the reports.
 *
 * Returns: (transfer full): the months as `YYYY-MM`, or %NULL with @error set
 */
GStrv
cm_table_export_list_months (CmDb    *db,
                             GError **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(GStrvBuilder) months = g_strv_builder_new ();
  char from[11] = "0000-01-01";
  sqlite3_stmt *stmt;

  g_return_val_if_fail (CM_IS_DB (db), NULL);

  locker = g_mutex_locker_new (cm_db_get_mutex (db));
  stmt = cm_db_prepare (db, "SELECT min (report_date) FROM report WHERE report_date >= ?1", error);
  if (stmt == NULL)
    return NULL;

  for (;;)
    {
      char month[8];
      int rc;

      sqlite3_bind_text (stmt, 1, from, -1, SQLITE_TRANSIENT);
      rc = sqlite3_step (stmt);
      if (rc != SQLITE_ROW)
        {
          step_failed (db, stmt, rc == SQLITE_DONE ? SQLITE_ERROR : rc, error);
          return NULL;
        }
      if (sqlite3_column_type (stmt, 0) == SQLITE_NULL || strlen (column_text (stmt, 0)) < 7)
        {
          sqlite3_reset (stmt);
          break;
        }
      g_strlcpy (month, column_text (stmt, 0), sizeof month);
      sqlite3_reset (stmt);
      g_strv_builder_add (months, month);
      next_month (month);
      g_snprintf (from, sizeof from, "%s-01", month);
    }

  return g_strv_builder_end (months);
}
