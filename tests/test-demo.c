/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "cm-test-util.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "cm-alcaldias.h"
#include "cm-db.h"
#include "cm-demo.h"
#include "cm-stats.h"
#include "cm-workdays.h"

static char *tmp_dir;

static CmDb *
open_new_db (const char *name)
{
  g_autofree char *path = g_build_filename (tmp_dir, name, NULL);
  g_autoptr(GError) error = NULL;
  CmDb *db;

  g_remove (path);
  db = cm_db_open (path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (db);
  return db;
}

static void
set_date (GDate *date,
          guint  year,
          guint  month,
          guint  day)
{
  g_date_clear (date, 1);
  g_date_set_dmy (date, (GDateDay) day, (GDateMonth) month, (GDateYear) year);
}

static void
parse_date (const char *text,
            GDate      *date)
{
  guint y, m, d;

  g_assert_nonnull (text);
  g_assert_cmpint (sscanf (text, "%4u-%2u-%2u", &y, &m, &d), ==, 3);
  set_date (date, y, m, d);
  g_assert_true (g_date_valid (date));
}

static gint64
query_int (CmDb       *db,
           const char *sql)
{
  g_autoptr(GError) error = NULL;
  gint64 value = cm_db_query_int (db, sql, &error);

  g_assert_no_error (error);
  return value;
}

static void
generate (CmDb                *db,
          const CmDemoOptions *options,
          CmDemoSummary       *summary)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (cm_demo_generate (db, options, summary, NULL, &error));
  g_assert_no_error (error);
}

/* Every table in a fixed order, each in id order, every value with its type. */
static const char * const dump_queries[] = {
  "SELECT * FROM alcaldia ORDER BY code",
  "SELECT * FROM canteen ORDER BY id",
  "SELECT * FROM committee_member ORDER BY id",
  "SELECT * FROM source ORDER BY id",
  "SELECT * FROM sync_run ORDER BY id",
  "SELECT * FROM report ORDER BY id",
  "SELECT * FROM purchase ORDER BY id",
  "SELECT * FROM attachment ORDER BY id",
  "SELECT * FROM quarantine ORDER BY id",
  "SELECT * FROM outbox ORDER BY id",
  "SELECT * FROM audit ORDER BY id",
  "SELECT * FROM rulebook ORDER BY id",
  "SELECT * FROM check_result ORDER BY id",
  "SELECT * FROM check_dirty ORDER BY canteen_id, period",
  "SELECT * FROM check_new_report ORDER BY report_id",
  "SELECT * FROM check_verdict ORDER BY canteen_id, period",
  "SELECT * FROM check_latest ORDER BY canteen_id",
  "SELECT * FROM check_state ORDER BY key",
  "SELECT * FROM review ORDER BY id",
  "SELECT * FROM review_item ORDER BY review_id, rule_code",
  "SELECT * FROM review_photo ORDER BY id",
  "SELECT * FROM finding ORDER BY id",
  "SELECT * FROM sanction ORDER BY id",
  "SELECT * FROM status_change ORDER BY id",
};

static char *
dump_hash (CmDb *db)
{
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  sqlite3 *handle = cm_db_get_handle (db);

  /* A new table must be added to the dump. */
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM sqlite_schema WHERE type = 'table'"
                                  " AND name NOT LIKE 'sqlite_%'"),
                   ==, G_N_ELEMENTS (dump_queries));

  for (guint q = 0; q < G_N_ELEMENTS (dump_queries); q++)
    {
      sqlite3_stmt *stmt = NULL;
      int rc;

      g_assert_cmpint (sqlite3_prepare_v2 (handle, dump_queries[q], -1, &stmt, NULL), ==, SQLITE_OK);
      g_checksum_update (sum, (const guchar *) dump_queries[q], -1);

      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          for (int c = 0; c < sqlite3_column_count (stmt); c++)
            {
              int type = sqlite3_column_type (stmt, c);
              g_autofree char *value = NULL;

              switch (type)
                {
                case SQLITE_INTEGER:
                  value = g_strdup_printf ("i%" G_GINT64_FORMAT, (gint64) sqlite3_column_int64 (stmt, c));
                  break;
                case SQLITE_FLOAT:
                  value = g_strdup_printf ("f%.17g", sqlite3_column_double (stmt, c));
                  break;
                case SQLITE_NULL:
                  value = g_strdup ("n");
                  break;
                default:
                  value = g_strdup_printf ("t%d:%s", sqlite3_column_bytes (stmt, c),
                                           (const char *) sqlite3_column_text (stmt, c));
                  break;
                }
              g_checksum_update (sum, (const guchar *) value, -1);
              g_checksum_update (sum, (const guchar *) "\x1f", 1);
            }
          g_checksum_update (sum, (const guchar *) "\x1e", 1);
        }
      g_assert_cmpint (rc, ==, SQLITE_DONE);
      sqlite3_finalize (stmt);
    }

  return g_strdup (g_checksum_get_string (sum));
}

static void
small_options (CmDemoOptions *options,
               guint64        seed)
{
  cm_demo_options_init_default (options);
  options->seed = seed;
  options->kitchens = 30;
  options->months = 2;
  set_date (&options->end, 2025, 6, 30);
}

static void
test_deterministic (void)
{
  g_autoptr(CmDb) a = open_new_db ("same-a.db");
  g_autoptr(CmDb) b = open_new_db ("same-b.db");
  g_autoptr(CmDb) c = open_new_db ("other.db");
  g_autofree char *hash_a = NULL;
  g_autofree char *hash_b = NULL;
  g_autofree char *hash_c = NULL;
  CmDemoOptions options;
  CmDemoSummary sa, sb, sc;

  small_options (&options, 7);
  generate (a, &options, &sa);
  generate (b, &options, &sb);
  options.seed = 8;
  generate (c, &options, &sc);

  hash_a = dump_hash (a);
  hash_b = dump_hash (b);
  hash_c = dump_hash (c);

  g_assert_cmpuint (sa.reports, >, 500);
  g_assert_cmpstr (hash_a, ==, hash_b);
  g_assert_true (memcmp (&sa, &sb, sizeof sa) == 0);
  g_assert_cmpstr (hash_a, !=, hash_c);

  /* The same kitchen numbers, other kitchens. */
  g_assert_cmpint (query_int (a, "SELECT count(*) FROM canteen"), ==,
                   query_int (c, "SELECT count(*) FROM canteen"));
}

/* A world of 150 kitchens over five months across the fee change (1 January
 * 2020) and the start of take-away only (23 March 2020). */
typedef struct
{
  CmDb          *db;
  CmDemoOptions  options;
  CmDemoSummary  summary;
} World;

static World world;

static void
ensure_world (void)
{
  if (world.db != NULL)
    return;

  world.db = open_new_db ("world.db");
  cm_demo_options_init_default (&world.options);
  world.options.seed = 2021;
  world.options.kitchens = 150;
  world.options.months = 5;
  set_date (&world.options.end, 2020, 4, 30);
  generate (world.db, &world.options, &world.summary);
}

static void
test_world_kitchens (void)
{
  CmDemoSummary *s = &world.summary;
  CmDb *db;

  ensure_world ();
  db = world.db;

  g_assert_cmpint (query_int (db, "SELECT count(*) FROM canteen"), ==, 150);
  g_assert_cmpuint (s->kitchens, ==, 150);
  g_assert_cmpint (query_int (db, "SELECT count(DISTINCT alcaldia_code) FROM canteen"), <=, 16);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM canteen"
                                  " WHERE alcaldia_code NOT IN (SELECT code FROM alcaldia)"), ==, 0);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM canteen WHERE modality = 'comunitario'"
                                  " AND folio GLOB 'CC[0-9][0-9][0-9]'"), ==, s->comunitarios);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM canteen WHERE modality = 'publico'"
                                  " AND folio GLOB 'CP[0-9][0-9][0-9]'"), ==, s->publicos);
  g_assert_cmpuint (s->comunitarios + s->publicos, ==, 150);
  g_assert_cmpuint (s->publicos, >=, 5);
  g_assert_cmpuint (s->publicos, <=, 35);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM canteen WHERE capacity < 100"
                                  " OR capacity > 350 OR capacity % 10 != 0"), ==, 0);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM canteen WHERE status = 'closed'"), ==,
                   s->kitchens_closed);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM canteen WHERE status = 'suspended'"), ==,
                   s->kitchens_suspended);
  g_assert_cmpuint (s->kitchens_active, >, 120);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM canteen"
                                  " WHERE (status = 'closed') != (closed_on IS NOT NULL)"), ==, 0);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM canteen WHERE opened_on < '2009-01-01'"
                                  " OR opened_on > '2020-04-30'"), ==, 0);
  g_assert_cmpint (query_int (db, "SELECT count(DISTINCT tablet_id) FROM canteen"
                                  " WHERE tablet_id GLOB 'tab-[0-9a-f]*'"), ==, 150);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM canteen WHERE name NOT LIKE 'Comedor %'"
                                  " OR address = '' OR colonia = ''"), ==, 0);
  /* every point in the city */
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM canteen WHERE latitude NOT BETWEEN 19.0 AND 19.65"
                                  " OR longitude NOT BETWEEN -99.40 AND -98.90"), ==, 0);
  /* closed kitchens do not report from their closing day on */
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM report r JOIN canteen c ON c.id = r.canteen_id"
                                  " WHERE c.closed_on IS NOT NULL AND r.report_date >= c.closed_on"), ==, 0);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM report r JOIN canteen c ON c.id = r.canteen_id"
                                  " WHERE r.report_date < c.opened_on"), ==, 0);
}

static void
test_world_committees (void)
{
  CmDb *db;

  ensure_world ();
  db = world.db;

  g_assert_cmpint (query_int (db, "SELECT count(*) FROM committee_member"), ==,
                   world.summary.committee_members);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM canteen c WHERE"
                                  " (SELECT count(*) FROM committee_member m"
                                  "   WHERE m.canteen_id = c.id AND m.until IS NULL) NOT BETWEEN 3 AND 6"),
                   ==, 0);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM canteen c WHERE"
                                  " (SELECT count(*) FROM committee_member m WHERE m.canteen_id = c.id"
                                  "   AND m.until IS NULL AND m.role = 'responsable') != 1"), ==, 0);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM committee_member WHERE until IS NOT NULL"), >, 0);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM committee_member WHERE until < since"), ==, 0);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM committee_member WHERE holds_office = 1"), ==,
                   world.summary.members_holding_office);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM committee_member WHERE holds_office = 1"
                                  " AND until IS NOT NULL"), ==, 0);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM report r JOIN canteen c ON c.id = r.canteen_id"
                                  " WHERE r.members_present < 2 OR r.members_present > 5"
                                  " OR r.members_present > (SELECT count(*) FROM committee_member m"
                                  "   WHERE m.canteen_id = c.id AND m.until IS NULL)"), ==, 0);
}

static void
test_world_reports (void)
{
  CmDemoSummary *s = &world.summary;
  CmDb *db;
  sqlite3_stmt *stmt;
  guint offday = 0;

  ensure_world ();
  db = world.db;

  g_assert_cmpint (query_int (db, "SELECT count(*) FROM report"), ==, s->reports);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM purchase"), ==, s->purchases);
  g_assert_cmpuint (s->reports, >, 10000);

  /* Reports only on operating days, but for the planted off-day ones. */
  stmt = cm_db_prepare (db, "SELECT report_date, count(*) FROM report GROUP BY report_date", NULL);
  g_assert_nonnull (stmt);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      GDate day;

      parse_date ((const char *) sqlite3_column_text (stmt, 0), &day);
      if (!cm_workdays_is_operating_day (&day))
        offday += (guint) sqlite3_column_int (stmt, 1);
    }
  sqlite3_reset (stmt);
  g_assert_cmpuint (offday, ==, s->offday_reports);
  g_assert_cmpuint (offday, >, 0);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM report WHERE report_date < '2019-12-01'"
                                  " OR report_date > '2020-04-30'"), ==, 0);

  /* The figures add up. */
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM report WHERE diners_children + diners_adults"
                                  " + diners_older + diners_disabled != rations_paid + rations_free"), ==, 0);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM report r WHERE spending_cents !="
                                  " (SELECT total (amount_cents) FROM purchase p WHERE p.report_id = r.id)"), ==, 0);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM report r WHERE"
                                  " (SELECT count(*) FROM purchase p WHERE p.report_id = r.id) NOT BETWEEN 1 AND 4"), ==, 0);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM report r WHERE attachments_expected !="
                                  " 1 + (SELECT count(receipt_photo) FROM purchase p WHERE p.report_id = r.id)"), ==, 0);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM report r JOIN canteen c ON c.id = r.canteen_id"
                                  " WHERE c.modality = 'publico' AND r.rations_paid != 0"), ==, 0);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM report WHERE takeaway_only = 1"
                                  " AND report_date NOT BETWEEN '2020-03-23' AND '2021-12-31'"), ==, 0);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM report WHERE takeaway_only = 1"), >, 0);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM report WHERE instance_id NOT GLOB"
                                  " 'uuid:[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]-"
                                  "[0-9a-f][0-9a-f][0-9a-f][0-9a-f]-4[0-9a-f][0-9a-f][0-9a-f]-"
                                  "[89ab][0-9a-f][0-9a-f][0-9a-f]-[0-9a-f]*' OR length (instance_id) != 41"), ==, 0);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM report WHERE submitted_at NOT GLOB"
                                  " '20[0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9].[0-9][0-9][0-9]Z'"),
                   ==, 0);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM report WHERE (review_state IS NULL) != (updated_at IS NULL)"
                                  " OR updated_at <= submitted_at"), ==, 0);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM report WHERE gps_accuracy NOT BETWEEN 5 AND 25"), ==, 0);

  /* raw is the OData row, and agrees with the columns. */
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM report WHERE NOT json_valid (raw)"), ==, 0);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM report WHERE"
                                  " json_extract (raw, '$.__id') IS NOT instance_id"
                                  " OR json_extract (raw, '$.meta.instanceID') IS NOT instance_id"
                                  " OR json_extract (raw, '$.comedor') IS NOT folio_sent"
                                  " OR json_extract (raw, '$.fecha') IS NOT report_date"
                                  " OR json_extract (raw, '$.raciones_pagadas') IS NOT rations_paid"
                                  " OR json_extract (raw, '$.raciones_gratuitas') IS NOT rations_free"
                                  " OR CAST (round (json_extract (raw, '$.cuota_cobrada') * 100) AS INTEGER) IS NOT fee_cents"
                                  " OR CAST (round (json_extract (raw, '$.gasto_total') * 100) AS INTEGER) IS NOT spending_cents"
                                  " OR json_extract (raw, '$.comensales.ninas_ninos') IS NOT diners_children"
                                  " OR json_extract (raw, '$.integrantes_presentes') IS NOT members_present"
                                  " OR json_extract (raw, '$.ubicacion.coordinates[0]') IS NOT longitude"
                                  " OR json_extract (raw, '$.ubicacion.coordinates[1]') IS NOT latitude"
                                  " OR json_extract (raw, '$.__system.submissionDate') IS NOT submitted_at"
                                  " OR json_extract (raw, '$.__system.updatedAt') IS NOT updated_at"
                                  " OR json_extract (raw, '$.__system.reviewState') IS NOT review_state"
                                  " OR json_extract (raw, '$.__system.deviceId') IS NOT device_id"
                                  " OR json_extract (raw, '$.__system.submitterName') IS NOT submitter"
                                  " OR json_extract (raw, '$.__system.attachmentsExpected') IS NOT attachments_expected"
                                  " OR json_extract (raw, '$.__system.formVersion') IS NOT form_version"
                                  " OR json_type (raw, '$.__system.submitterId') != 'text'"
                                  " OR json_array_length (raw, '$.compras') !="
                                  "    (SELECT count(*) FROM purchase p WHERE p.report_id = report.id)"),
                   ==, 0);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM purchase p JOIN report r ON r.id = p.report_id"
                                  " WHERE json_extract (r.raw, '$.compras[' || p.position || '].concepto') IS NOT p.concept"
                                  " OR json_extract (r.raw, '$.compras[' || p.position || '].ticket') IS NOT p.receipt_photo"),
                   ==, 0);
}

static gint64
count_missing_days (CmDb  *db,
                    guint *expected_out)
{
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt;
  GDate start, end;
  gint64 missing = 0;
  guint expected_total = 0;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GPtrArray) firsts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) lasts = g_ptr_array_new_with_free_func (g_free);

  start = world.summary.first_day;
  end = world.summary.last_day;

  stmt = cm_db_prepare (db,
                        "SELECT c.id, c.opened_on, c.closed_on, c.status,"
                        "       (SELECT max (report_date) FROM report r WHERE r.canteen_id = c.id)"
                        "  FROM canteen c ORDER BY c.id", &error);
  g_assert_no_error (error);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      GDate opened, first, last;

      parse_date ((const char *) sqlite3_column_text (stmt, 1), &opened);
      first = g_date_compare (&opened, &start) > 0 ? opened : start;
      last = end;
      if (sqlite3_column_type (stmt, 2) != SQLITE_NULL)
        {
          parse_date ((const char *) sqlite3_column_text (stmt, 2), &last);
          g_date_subtract_days (&last, 1);
        }
      else if (g_strcmp0 ((const char *) sqlite3_column_text (stmt, 3), "suspended") == 0)
        /* a suspended kitchen reported up to its last operating day */
        parse_date ((const char *) sqlite3_column_text (stmt, 4), &last);

      g_array_append_val (ids, id);
      g_ptr_array_add (firsts, g_memdup2 (&first, sizeof first));
      g_ptr_array_add (lasts, g_memdup2 (&last, sizeof last));
    }
  sqlite3_reset (stmt);

  for (guint i = 0; i < ids->len; i++)
    {
      const GDate *first = g_ptr_array_index (firsts, i);
      const GDate *last = g_ptr_array_index (lasts, i);
      guint expected = g_date_compare (first, last) <= 0 ? cm_workdays_count (first, last) : 0;
      guint reported = 0;

      stmt = cm_db_prepare (db, "SELECT DISTINCT report_date FROM report WHERE canteen_id = ?1", &error);
      g_assert_no_error (error);
      sqlite3_bind_int64 (stmt, 1, g_array_index (ids, gint64, i));
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          GDate day;

          parse_date ((const char *) sqlite3_column_text (stmt, 0), &day);
          g_assert_cmpint (g_date_compare (&day, first), >=, 0);
          g_assert_cmpint (g_date_compare (&day, last), <=, 0);
          if (cm_workdays_is_operating_day (&day))
            reported++;
        }
      sqlite3_reset (stmt);

      g_assert_cmpuint (reported, <=, expected);
      missing += expected - reported;
      expected_total += expected;
    }

  *expected_out = expected_total;
  return missing;
}

/* Each planted anomaly, found by the SQL a rules engine would run. */
static void
test_world_anomalies (void)
{
  CmDemoSummary *s = &world.summary;
  CmDb *db;
  guint expected = 0;

  ensure_world ();
  db = world.db;

  g_assert_cmpint (count_missing_days (db, &expected), ==, s->missing_days);
  g_assert_cmpuint (expected, ==, s->expected_days);
  g_assert_cmpuint (s->missing_days, >, 0);
  g_assert_cmpuint (s->missing_streaks, >, 0);
  /* about 3 % of the days, plus the streaks */
  g_assert_cmpuint (s->missing_days, >, expected * 2 / 100);
  g_assert_cmpuint (s->missing_days, <, expected * 6 / 100);

  g_assert_cmpint (query_int (db, "SELECT count(*) FROM report WHERE fee_cents != rations_paid *"
                                  " CASE WHEN report_date >= '2020-01-01' THEN 1100 ELSE 1000 END"),
                   ==, s->fee_mismatches);
  g_assert_cmpuint (s->fee_mismatches, >, 0);
  /* the fee was 10 pesos in December 2019 and 11 from January 2020 */
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM report WHERE report_date < '2020-01-01'"
                                  " AND rations_paid > 0 AND fee_cents = rations_paid * 1000"), >, 100);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM report WHERE report_date >= '2020-01-01'"
                                  " AND rations_paid > 0 AND fee_cents = rations_paid * 1100"), >, 1000);

  g_assert_cmpint (query_int (db, "SELECT count(*) FROM report r JOIN canteen c ON c.id = r.canteen_id"
                                  " WHERE r.rations_paid + r.rations_free > c.capacity"), ==, s->over_capacity);
  g_assert_cmpuint (s->over_capacity, >, 0);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM report r JOIN canteen c ON c.id = r.canteen_id"
                                  " WHERE r.rations_paid + r.rations_free < c.capacity * 0.69"), ==, 0);

#define DISTANCE_SQUARED \
  "((r.latitude - c.latitude) * 110574) * ((r.latitude - c.latitude) * 110574) +" \
  " ((r.longitude - c.longitude) * 105000) * ((r.longitude - c.longitude) * 105000)"
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM report r JOIN canteen c ON c.id = r.canteen_id"
                                  " WHERE " DISTANCE_SQUARED " > 1000000"), ==, s->gps_far);
  g_assert_cmpuint (s->gps_far, >, 0);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM report r JOIN canteen c ON c.id = r.canteen_id"
                                  " WHERE " DISTANCE_SQUARED " BETWEEN 4900 AND 1000000"), ==, 0);
#undef DISTANCE_SQUARED

  g_assert_cmpint (query_int (db, "SELECT count(*) FROM report"
                                  " WHERE date (submitted_at, '-6 hours') > report_date"), ==, s->late_submissions);
  g_assert_cmpuint (s->late_submissions, >, 0);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM report"
                                  " WHERE date (submitted_at, '-6 hours') < report_date"), ==, 0);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM report WHERE date (submitted_at, '-6 hours') = report_date"
                                  " AND time (submitted_at, '-6 hours') NOT BETWEEN '16:00:00' AND '21:00:00'"), ==, 0);

  g_assert_cmpint (query_int (db, "SELECT count(*) FROM report r JOIN canteen c ON c.id = r.canteen_id"
                                  " WHERE r.device_id IS NOT c.tablet_id"), ==, s->unregistered_devices);
  g_assert_cmpuint (s->unregistered_devices, >, 0);

  g_assert_cmpint (query_int (db, "SELECT count(DISTINCT report_id) FROM purchase WHERE receipt_photo IS NULL"),
                   ==, s->missing_receipts);
  g_assert_cmpuint (s->missing_receipts, >, 0);

  g_assert_cmpint (query_int (db, "SELECT count(*) FROM (SELECT 1 FROM report WHERE canteen_id IS NOT NULL"
                                  " GROUP BY canteen_id, report_date HAVING count(*) > 1)"), ==, s->duplicate_days);
  g_assert_cmpint (query_int (db, "SELECT total (n - 1) FROM (SELECT count(*) AS n FROM report"
                                  " WHERE canteen_id IS NOT NULL GROUP BY canteen_id, report_date)"),
                   ==, s->duplicate_days);
  g_assert_cmpuint (s->duplicate_days, >, 0);

  g_assert_cmpint (query_int (db, "SELECT count(*) FROM report WHERE canteen_id IS NULL"), ==, s->unknown_folios);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM report WHERE canteen_id IS NULL"
                                  " AND folio_sent NOT IN (SELECT folio FROM canteen)"
                                  " AND folio_sent GLOB 'CC9[0-9][0-9]'"), ==, s->unknown_folios);
  g_assert_cmpuint (s->unknown_folios, ==, 2);

  g_assert_cmpuint (s->members_holding_office, <=, 10);
}

static void
test_stats (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) stats = NULL;
  gint64 value = -1;

  ensure_world ();

  stats = cm_stats_collect (world.db, &error);
  g_assert_no_error (error);
  g_assert_nonnull (stats);

  g_assert_true (cm_stats_lookup (stats, "kitchens", &value));
  g_assert_cmpint (value, ==, 150);
  g_assert_true (cm_stats_lookup (stats, "reports", &value));
  g_assert_cmpint (value, ==, world.summary.reports);
  g_assert_true (cm_stats_lookup (stats, "purchases", &value));
  g_assert_cmpint (value, ==, world.summary.purchases);
  g_assert_true (cm_stats_lookup (stats, "alcaldias", &value));
  g_assert_cmpint (value, ==, 16);
  g_assert_true (cm_stats_lookup (stats, "committee_members", &value));
  g_assert_cmpint (value, ==, world.summary.committee_members);
  g_assert_true (cm_stats_lookup (stats, "kitchens_active", &value));
  g_assert_cmpint (value, ==, world.summary.kitchens_active);
  g_assert_true (cm_stats_lookup (stats, "kitchens_suspended", &value));
  g_assert_cmpint (value, ==, world.summary.kitchens_suspended);
  g_assert_true (cm_stats_lookup (stats, "kitchens_closed", &value));
  g_assert_cmpint (value, ==, world.summary.kitchens_closed);
  g_assert_true (cm_stats_lookup (stats, "quarantined", &value));
  g_assert_cmpint (value, ==, 0);
  g_assert_true (cm_stats_lookup (stats, "outbox_pending", &value));
  g_assert_cmpint (value, ==, 0);
  g_assert_true (cm_stats_lookup (stats, "schema_version", &value));
  g_assert_cmpint (value, ==, cm_db_get_latest_version ());
  g_assert_false (cm_stats_lookup (stats, "no_such_stat", NULL));
}

static void
test_default_size (void)
{
  g_autoptr(CmDb) db = open_new_db ("default.db");
  const CmAlcaldiaInfo *iztapalapa = cm_alcaldias_find_by_name ("Iztapalapa");
  g_autofree char *largest = NULL;
  CmDemoOptions options;
  CmDemoSummary s;
  GDate yesterday;
  sqlite3_stmt *stmt;

  cm_demo_options_init_default (&options);
  g_assert_cmpuint (options.seed, ==, 2021);
  g_assert_cmpuint (options.kitchens, ==, 450);
  g_assert_cmpuint (options.months, ==, 12);
  g_date_clear (&yesterday, 1);
  g_date_set_time_t (&yesterday, time (NULL));
  g_date_subtract_days (&yesterday, 1);
  g_assert_cmpint (g_date_compare (&options.end, &yesterday), ==, 0);

  /* one month keeps the test quick; the kitchens are the default ones */
  options.months = 1;
  set_date (&options.end, 2026, 10, 31);
  generate (db, &options, &s);

  g_assert_cmpuint (s.kitchens, ==, 450);
  g_assert_cmpint (query_int (db, "SELECT count(DISTINCT alcaldia_code) FROM canteen"), ==, 16);
  g_assert_cmpuint (s.publicos, >=, 35);
  g_assert_cmpuint (s.publicos, <=, 75);
  g_assert_cmpuint (s.kitchens_active, >=, 390);

  stmt = cm_db_prepare (db, "SELECT alcaldia_code, count(*) AS n FROM canteen"
                            " GROUP BY alcaldia_code ORDER BY n DESC LIMIT 2", NULL);
  g_assert_nonnull (stmt);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  largest = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  g_assert_cmpint (sqlite3_column_int (stmt, 1), >=, 75);
  g_assert_cmpint (sqlite3_column_int (stmt, 1), <=, 90);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "09005"); /* Gustavo A. Madero */
  sqlite3_reset (stmt);
  g_assert_cmpstr (largest, ==, iztapalapa->code);
}

static void
test_refuses_non_empty (void)
{
  g_autoptr(CmDb) db = open_new_db ("twice.db");
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  CmDemoOptions options;
  CmDemoSummary s;

  small_options (&options, 1);
  options.kitchens = 3;
  generate (db, &options, &s);
  before = dump_hash (db);

  g_assert_false (cm_demo_generate (db, &options, &s, NULL, &error));
  g_assert_error (error, CM_DB_ERROR, CM_DB_ERROR_NOT_EMPTY);
  g_assert_nonnull (strstr (error->message, "empty"));
  g_assert_cmpuint (s.reports, ==, 0);

  after = dump_hash (db);
  g_assert_cmpstr (before, ==, after);
}

static void
cancel_after_five (guint    done,
                   guint    total,
                   gpointer user_data)
{
  if (done == 5)
    g_cancellable_cancel (user_data);
}

static void
test_cancel (void)
{
  g_autoptr(CmDb) db = open_new_db ("cancel.db");
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  CmDemoOptions options;

  small_options (&options, 3);
  options.progress = cancel_after_five;
  options.progress_data = cancellable;

  g_assert_false (cm_demo_generate (db, &options, NULL, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);

  /* rolled back: nothing of the five kitchens is left */
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM canteen"), ==, 0);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM committee_member"), ==, 0);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM report"), ==, 0);
  g_assert_true (cm_db_is_empty (db));

  /* and the database can still take the demo */
  g_cancellable_reset (cancellable);
  options.progress = NULL;
  g_assert_true (cm_demo_generate (db, &options, NULL, cancellable, &error));
  g_assert_no_error (error);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM canteen"), ==, 30);
}

static void
test_bad_options (void)
{
  g_autoptr(CmDb) db = open_new_db ("bad.db");
  g_autoptr(GError) error = NULL;
  CmDemoOptions options;

  small_options (&options, 1);
  options.kitchens = 0;
  g_assert_false (cm_demo_generate (db, &options, NULL, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  small_options (&options, 1);
  options.months = 0;
  g_assert_false (cm_demo_generate (db, &options, NULL, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  small_options (&options, 1);
  g_date_clear (&options.end, 1);
  g_assert_false (cm_demo_generate (db, &options, NULL, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);

  g_assert_true (cm_db_is_empty (db));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  tmp_dir = cm_test_make_tmp_dir ("test-demo");

  g_test_add_func ("/demo/deterministic", test_deterministic);
  g_test_add_func ("/demo/world/kitchens", test_world_kitchens);
  g_test_add_func ("/demo/world/committees", test_world_committees);
  g_test_add_func ("/demo/world/reports", test_world_reports);
  g_test_add_func ("/demo/world/anomalies", test_world_anomalies);
  g_test_add_func ("/demo/stats", test_stats);
  g_test_add_func ("/demo/default-size", test_default_size);
  g_test_add_func ("/demo/refuses-non-empty", test_refuses_non_empty);
  g_test_add_func ("/demo/cancel", test_cancel);
  g_test_add_func ("/demo/bad-options", test_bad_options);

  status = g_test_run ();

  g_clear_object (&world.db);
  cm_test_remove_tree (tmp_dir);
  g_free (tmp_dir);

  return status;
}
