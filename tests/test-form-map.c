/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "cm-test-util.h"

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "cm-db.h"
#include "cm-demo.h"
#include "cm-form-map.h"

/* The demo writes, for every report, the row Central's OData feed serves and
 * the columns that row means: the maps must read the one into the other. */

static char *tmp_dir;
static CmDb *demo_db;

static void
set_date (GDate *date,
          guint  year,
          guint  month,
          guint  day)
{
  g_date_clear (date, 1);
  g_date_set_dmy (date, (GDateDay) day, (GDateMonth) month, (GDateYear) year);
}

static CmDb *
get_demo_db (void)
{
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  CmDemoOptions options;
  CmDemoSummary summary;

  if (demo_db != NULL)
    return demo_db;

  path = g_build_filename (tmp_dir, "demo.db", NULL);
  demo_db = cm_db_open (path, &error);
  g_assert_no_error (error);

  cm_demo_options_init_default (&options);
  options.seed = 2021;
  options.kitchens = 40;
  options.months = 4;
  /* across the end of takeaway-only days (2021) and a new form version (2022) */
  set_date (&options.end, 2022, 2, 28);
  g_assert_true (cm_demo_generate (demo_db, &options, &summary, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (summary.reports, >, 2000);

  return demo_db;
}

static JsonObject *
parse_object (const char *json)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = json_from_string (json, &error);

  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  return json_object_ref (json_node_get_object (node));
}

/* A report row of the demo, with its purchases: the truth. */
typedef struct
{
  gint64      id;
  const char *text[10];   /* instance_id folio_sent report_date incidents device_id submitter
                             submitted_at updated_at review_state form_version */
  gint64      ints[13];   /* rations_paid rations_free fee_cents spending_cents diners×4
                             members_present takeaway_only attachments_expected
                             attachments_present canteen_id */
  gboolean    has_canteen;
  double      reals[3];   /* latitude longitude gps_accuracy */
  const char *raw;
} DemoRow;

static const char report_query[] =
  "SELECT id, instance_id, folio_sent, report_date, incidents, device_id, submitter,"
  " submitted_at, updated_at, review_state, form_version,"
  " rations_paid, rations_free, fee_cents, spending_cents, diners_children, diners_adults,"
  " diners_older, diners_disabled, members_present, takeaway_only, attachments_expected,"
  " attachments_present, canteen_id, latitude, longitude, gps_accuracy, raw"
  " FROM report ORDER BY id";

static void
read_demo_row (sqlite3_stmt *stmt,
               DemoRow      *row)
{
  row->id = sqlite3_column_int64 (stmt, 0);
  for (int i = 0; i < 10; i++)
    row->text[i] = (const char *) sqlite3_column_text (stmt, 1 + i);
  for (int i = 0; i < 13; i++)
    row->ints[i] = sqlite3_column_int64 (stmt, 11 + i);
  row->has_canteen = sqlite3_column_type (stmt, 23) != SQLITE_NULL;
  for (int i = 0; i < 3; i++)
    row->reals[i] = sqlite3_column_double (stmt, 24 + i);
  row->raw = (const char *) sqlite3_column_text (stmt, 27);
}

/* Kobo's times are to the second: "…T00:01:17.863Z" is "…T00:01:17.000Z". */
static char *
to_seconds (const char *timestamp)
{
  if (timestamp == NULL)
    return NULL;
  g_assert_cmpuint (strlen (timestamp), ==, 24);
  return g_strdup_printf ("%.19s.000Z", timestamp);
}

static void
check_report (const CmMappedReport *report,
              const DemoRow        *row,
              sqlite3_stmt         *purchases,
              gboolean              kobo)
{
  g_autofree char *submitted_at = kobo ? to_seconds (row->text[6]) : g_strdup (row->text[6]);
  g_autofree char *updated_at = NULL;
  guint n_receipts = 0;

  if (kobo)
    /* Kobo's only change time is the review's */
    updated_at = row->text[8] != NULL ? to_seconds (row->text[7]) : NULL;
  else
    updated_at = g_strdup (row->text[7]);

  g_assert_cmpstr (report->instance_id, ==, row->text[0]);
  g_assert_cmpstr (report->folio_sent, ==, row->text[1]);
  g_assert_cmpstr (report->report_date, ==, row->text[2]);
  g_assert_cmpstr (report->incidents, ==, row->text[3]);
  g_assert_cmpstr (report->device_id, ==, row->text[4]);
  g_assert_cmpstr (report->submitter, ==, row->text[5]);
  g_assert_cmpstr (report->submitted_at, ==, submitted_at);
  g_assert_cmpstr (report->updated_at, ==, updated_at);
  g_assert_cmpstr (report->review_state, ==, row->text[8]);
  g_assert_cmpstr (report->form_version, ==, row->text[9]);

  g_assert_cmpint (report->rations_paid, ==, row->ints[0]);
  g_assert_cmpint (report->rations_free, ==, row->ints[1]);
  g_assert_cmpint (report->fee_cents, ==, row->ints[2]);
  g_assert_cmpint (report->spending_cents, ==, row->ints[3]);
  g_assert_cmpint (report->diners_children, ==, row->ints[4]);
  g_assert_cmpint (report->diners_adults, ==, row->ints[5]);
  g_assert_cmpint (report->diners_older, ==, row->ints[6]);
  g_assert_cmpint (report->diners_disabled, ==, row->ints[7]);
  g_assert_cmpint (report->members_present, ==, row->ints[8]);
  g_assert_cmpint (report->takeaway_only, ==, row->ints[9]);
  g_assert_cmpint (report->attachments_expected, ==, row->ints[10]);
  g_assert_cmpint (report->attachments_present, ==, row->ints[11]);

  g_assert_cmpfloat (report->latitude, ==, row->reals[0]);
  g_assert_cmpfloat (report->longitude, ==, row->reals[1]);
  g_assert_cmpfloat (report->gps_accuracy, ==, row->reals[2]);

  if (!kobo)
    g_assert_cmpstr (report->raw, ==, row->raw);

  /* the purchases, in order, and every media file named */
  g_assert_cmpuint (report->attachment_names->len, >=, 1);
  g_assert_cmpstr (g_ptr_array_index (report->attachment_names, 0), ==, "foto.jpg");

  sqlite3_reset (purchases);
  sqlite3_bind_int64 (purchases, 1, row->id);
  for (guint i = 0; ; i++)
    {
      const CmMappedPurchase *purchase;
      const char *receipt;
      int rc = sqlite3_step (purchases);

      if (rc == SQLITE_DONE)
        {
          g_assert_cmpuint (report->purchases->len, ==, i);
          break;
        }
      g_assert_cmpint (rc, ==, SQLITE_ROW);
      g_assert_cmpuint (report->purchases->len, >, i);
      purchase = g_ptr_array_index (report->purchases, i);
      receipt = (const char *) sqlite3_column_text (purchases, 3);

      g_assert_cmpuint (purchase->position, ==, sqlite3_column_int (purchases, 0));
      g_assert_cmpstr (purchase->concept, ==, (const char *) sqlite3_column_text (purchases, 1));
      g_assert_cmpint (purchase->amount_cents, ==, sqlite3_column_int64 (purchases, 2));
      g_assert_cmpstr (purchase->receipt_photo, ==, receipt);
      if (receipt != NULL)
        {
          n_receipts++;
          g_assert_cmpuint (report->attachment_names->len, >, n_receipts);
          g_assert_cmpstr (g_ptr_array_index (report->attachment_names, n_receipts), ==, receipt);
        }
    }
  g_assert_cmpuint (report->attachment_names->len, ==, 1 + n_receipts);
}

/* A Central row as Kobo's data/ endpoint would serve the same submission:
 * every answer a string, groups flattened to "group/field", repeat items with
 * full-path keys, empty answers left out, the geopoint as "lat lon alt acc",
 * and Kobo's own bookkeeping keys. */

static void
kobo_add_answers (JsonBuilder *builder,
                  JsonObject  *object,
                  const char  *prefix)
{
  JsonObjectIter iter;
  const char *name;
  JsonNode *node;

  json_object_iter_init_ordered (&iter, object);
  while (json_object_iter_next_ordered (&iter, &name, &node))
    {
      g_autofree char *key = g_strconcat (prefix, name, NULL);

      if (g_str_has_prefix (name, "__") || strchr (name, '@') != NULL || JSON_NODE_HOLDS_NULL (node))
        continue;

      if (JSON_NODE_HOLDS_OBJECT (node) &&
          json_object_has_member (json_node_get_object (node), "coordinates"))
        {
          JsonObject *point = json_node_get_object (node);
          JsonArray *coordinates = json_object_get_array_member (point, "coordinates");
          JsonObject *properties = json_object_get_object_member (point, "properties");
          char lat[G_ASCII_DTOSTR_BUF_SIZE], lon[G_ASCII_DTOSTR_BUF_SIZE];
          char alt[G_ASCII_DTOSTR_BUF_SIZE], acc[G_ASCII_DTOSTR_BUF_SIZE];
          g_autofree char *text = NULL;

          /* as Collect writes it: 2404 is "2404.0" */
          g_ascii_formatd (lon, sizeof lon, "%.6f", json_array_get_double_element (coordinates, 0));
          g_ascii_formatd (lat, sizeof lat, "%.6f", json_array_get_double_element (coordinates, 1));
          g_ascii_formatd (alt, sizeof alt, "%.1f", json_array_get_double_element (coordinates, 2));
          g_ascii_formatd (acc, sizeof acc, "%.1f", json_object_get_double_member (properties, "accuracy"));
          text = g_strdup_printf ("%s %s %s %s", lat, lon, alt, acc);
          json_builder_set_member_name (builder, key);
          json_builder_add_string_value (builder, text);
        }
      else if (JSON_NODE_HOLDS_OBJECT (node))
        {
          g_autofree char *group = g_strconcat (key, "/", NULL);

          kobo_add_answers (builder, json_node_get_object (node), group);
        }
      else if (JSON_NODE_HOLDS_ARRAY (node))
        {
          JsonArray *items = json_node_get_array (node);
          g_autofree char *group = g_strconcat (key, "/", NULL);

          json_builder_set_member_name (builder, key);
          json_builder_begin_array (builder);
          for (guint i = 0; i < json_array_get_length (items); i++)
            {
              json_builder_begin_object (builder);
              kobo_add_answers (builder, json_array_get_object_element (items, i), group);
              json_builder_end_object (builder);
            }
          json_builder_end_array (builder);
        }
      else
        {
          g_autofree char *text = NULL;

          if (json_node_get_value_type (node) == G_TYPE_INT64)
            text = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
          else if (json_node_get_value_type (node) == G_TYPE_DOUBLE)
            {
              char buf[G_ASCII_DTOSTR_BUF_SIZE];

              /* decimals as the tablet typed them: 1250.50 */
              text = g_strdup (g_ascii_formatd (buf, sizeof buf, "%.2f", json_node_get_double (node)));
            }
          else
            text = g_strdup (json_node_get_string (node));

          json_builder_set_member_name (builder, key);
          json_builder_add_string_value (builder, text);
        }
    }
}

static JsonObject *
to_kobo (JsonObject *central,
         gint64      id)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  JsonObject *system = json_object_get_object_member (central, "__system");
  const char *instance_id = json_object_get_string_member (central, "__id");
  const char *submitted = json_object_get_string_member (system, "submissionDate");
  const char *review = json_object_get_string_member (system, "reviewState");
  g_autofree char *submission_time = g_strndup (submitted, 19);
  gint64 present = json_object_get_int_member (system, "attachmentsPresent");

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "_id");
  json_builder_add_int_value (builder, id);
  json_builder_set_member_name (builder, "formhub/uuid");
  json_builder_add_string_value (builder, "1511083383a64c9dad1eca3795cd3788");
  json_builder_set_member_name (builder, "__version__");
  json_builder_add_string_value (builder, json_object_get_string_member (system, "formVersion"));

  kobo_add_answers (builder, central, "");

  json_builder_set_member_name (builder, "meta/rootUuid");
  json_builder_add_string_value (builder, instance_id);
  json_builder_set_member_name (builder, "meta/deviceid");
  json_builder_add_string_value (builder, json_object_get_string_member (system, "deviceId"));
  json_builder_set_member_name (builder, "_xform_id_string");
  json_builder_add_string_value (builder, "aXXXXreporte");
  json_builder_set_member_name (builder, "_uuid");
  json_builder_add_string_value (builder, instance_id + strlen ("uuid:"));

  /* the files present, and one deleted, which does not count */
  json_builder_set_member_name (builder, "_attachments");
  json_builder_begin_array (builder);
  for (gint64 i = 0; i <= present; i++)
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "uid");
      json_builder_add_string_value (builder, "attWNZNwhXK6HDYVkZJSn9jy");
      json_builder_set_member_name (builder, "is_deleted");
      json_builder_add_boolean_value (builder, i == present);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "_status");
  json_builder_add_string_value (builder, "submitted_via_web");
  json_builder_set_member_name (builder, "_submission_time");
  json_builder_add_string_value (builder, submission_time);

  json_builder_set_member_name (builder, "_validation_status");
  json_builder_begin_object (builder);
  if (review != NULL)
    {
      g_autoptr(GDateTime) updated = g_date_time_new_from_iso8601 (
        json_object_get_string_member (system, "updatedAt"), NULL);
      const char *uid = g_str_equal (review, "approved") ? "validation_status_approved" :
                        g_str_equal (review, "rejected") ? "validation_status_not_approved" :
                        "validation_status_on_hold";

      g_assert_nonnull (updated);
      json_builder_set_member_name (builder, "timestamp");
      json_builder_add_int_value (builder, g_date_time_to_unix (updated));
      json_builder_set_member_name (builder, "uid");
      json_builder_add_string_value (builder, uid);
      json_builder_set_member_name (builder, "by_whom");
      json_builder_add_string_value (builder, "supervisora");
    }
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "_submitted_by");
  json_builder_add_string_value (builder, json_object_get_string_member (system, "submitterName"));
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  return json_object_ref (json_node_get_object (root));
}

static void
check_demo (gboolean kobo)
{
  g_autoptr(CmFormMap) map = cm_form_map_new_builtin (kobo ? CM_FORM_MAP_KOBO : CM_FORM_MAP_CENTRAL);
  g_autoptr(GError) error = NULL;
  CmDb *db = get_demo_db ();
  sqlite3_stmt *reports = cm_db_prepare (db, report_query, &error);
  sqlite3_stmt *purchases = NULL;
  guint n_rows = 0, n_reviewed = 0, n_unknown = 0, n_incidents = 0, n_takeaway = 0;

  g_assert_no_error (error);
  purchases = cm_db_prepare (db, "SELECT position, concept, amount_cents, receipt_photo"
                                 " FROM purchase WHERE report_id = ?1 ORDER BY position",
                             &error);
  g_assert_no_error (error);

  while (sqlite3_step (reports) == SQLITE_ROW)
    {
      g_autoptr(JsonObject) central = NULL;
      g_autoptr(JsonObject) row = NULL;
      g_autoptr(CmMappedReport) report = NULL;
      DemoRow demo;

      read_demo_row (reports, &demo);
      central = parse_object (demo.raw);
      row = kobo ? to_kobo (central, demo.id) : json_object_ref (central);

      report = cm_form_map_apply (map, row, &error);
      g_assert_no_error (error);
      g_assert_nonnull (report);
      check_report (report, &demo, purchases, kobo);

      if (kobo)
        {
          /* raw is the row as received */
          g_autoptr(JsonNode) expected = json_node_init_object (json_node_alloc (), row);
          g_autoptr(JsonNode) got = json_from_string (report->raw, &error);

          g_assert_no_error (error);
          g_assert_true (json_node_equal (expected, got));
        }

      n_rows++;
      n_reviewed += demo.text[8] != NULL;
      n_unknown += !demo.has_canteen;
      n_incidents += demo.text[3][0] != '\0';
      n_takeaway += demo.ints[9] != 0;
    }

  /* the world had each case the columns can hold */
  g_assert_cmpuint (n_rows, >, 2000);
  g_assert_cmpuint (n_reviewed, >, 0);
  g_assert_cmpuint (n_unknown, >, 0);
  g_assert_cmpuint (n_incidents, >, 0);
  g_assert_cmpuint (n_takeaway, >, 0);
  g_assert_cmpuint (n_takeaway, <, n_rows);

  /* the database keeps its prepared statements */
  sqlite3_reset (reports);
  sqlite3_reset (purchases);
}

static void
test_central_demo (void)
{
  check_demo (FALSE);
}

static void
test_kobo_demo (void)
{
  check_demo (TRUE);
}

static void
test_builtin (void)
{
  g_autoptr(CmFormMap) central = cm_form_map_new_builtin (CM_FORM_MAP_CENTRAL);
  g_autoptr(CmFormMap) kobo = cm_form_map_new_builtin (CM_FORM_MAP_KOBO);
  g_autoptr(CmFormMap) again = cm_form_map_ref (central);

  g_assert_true (cm_form_map_get_flavour (central) == CM_FORM_MAP_CENTRAL);
  g_assert_true (cm_form_map_get_flavour (kobo) == CM_FORM_MAP_KOBO);
  g_assert_cmpstr (cm_form_map_get_form_id (central), ==, "reporte_diario");
  g_assert_cmpstr (cm_form_map_get_form_id (kobo), ==, "reporte_diario");
  g_assert_true (again == central);
}

/* Faults, on one demo row changed by hand. */

static const char base_row[] =
  "{\"comedor\":\"CC001\",\"fecha\":\"2026-10-27\",\"raciones_pagadas\":165,"
  "\"raciones_gratuitas\":10,\"cuota_cobrada\":1815,\"gasto_total\":2162.34,"
  "\"comensales\":{\"ninas_ninos\":37,\"personas_adultas\":90,\"personas_mayores\":44,"
  "\"personas_discapacidad\":4},\"integrantes_presentes\":3,\"solo_para_llevar\":\"no\","
  "\"incidencias\":null,\"ubicacion\":{\"type\":\"Point\",\"coordinates\":[-99.255117,19.313812,2404],"
  "\"properties\":{\"accuracy\":23.3}},\"foto\":\"foto.jpg\","
  "\"meta\":{\"instanceID\":\"uuid:3cf314d1-3f31-4864-a712-0e91a0670f65\"},"
  "\"__id\":\"uuid:3cf314d1-3f31-4864-a712-0e91a0670f65\","
  "\"__system\":{\"submissionDate\":\"2026-10-28T00:01:17.863Z\",\"updatedAt\":null,"
  "\"submitterId\":\"100\",\"submitterName\":\"Tableta CC001\",\"attachmentsPresent\":3,"
  "\"attachmentsExpected\":3,\"status\":null,\"reviewState\":null,\"deviceId\":\"tab-2c9a3f087d6f\","
  "\"edits\":0,\"formVersion\":\"2025053001\",\"deletedAt\":null},"
  "\"compras@odata.navigationLink\":\"Submissions('uuid%3A3cf314d1-3f31-4864-a712-0e91a0670f65')/compras\","
  "\"compras\":[{\"concepto\":\"Verdura\",\"monto\":1760,\"ticket\":\"recibo-1.jpg\","
  "\"__id\":\"5ccdccb0cb83b61e457d2583aa5404fa3e1f21df\"},{\"concepto\":\"Productos de limpieza\","
  "\"monto\":402.34,\"ticket\":\"recibo-2.jpg\",\"__id\":\"e12b3c04bd976af34afe6054ea572dbfa5f8e07f\"}]}";

/* base_row with @member (a path "a/b" for a group member) set to @json, or
 * removed when @json is NULL. */
static JsonObject *
row_with (const char *member,
          const char *json)
{
  JsonObject *row = parse_object (base_row);
  JsonObject *parent = row;
  g_auto(GStrv) segments = g_strsplit (member, "/", -1);
  guint n = g_strv_length (segments);

  for (guint i = 0; i + 1 < n; i++)
    parent = json_object_get_object_member (parent, segments[i]);

  if (json == NULL)
    json_object_remove_member (parent, segments[n - 1]);
  else
    json_object_set_member (parent, segments[n - 1], json_from_string (json, NULL));

  return row;
}

static CmMappedReport *
apply_central (JsonObject  *row,
               GError     **error)
{
  g_autoptr(CmFormMap) map = cm_form_map_new_builtin (CM_FORM_MAP_CENTRAL);

  return cm_form_map_apply (map, row, error);
}

static void
expect_fault (const char     *member,
              const char     *json,
              CmFormMapError  code,
              const char     *message)
{
  g_autoptr(JsonObject) row = row_with (member, json);
  g_autoptr(GError) error = NULL;
  g_autoptr(CmMappedReport) report = apply_central (row, &error);

  g_assert_null (report);
  g_assert_error (error, CM_FORM_MAP_ERROR, (gint) code);
  if (message != NULL)
    g_assert_cmpstr (error->message, ==, message);
}

static CmMappedReport *
expect_ok (const char *member,
           const char *json)
{
  g_autoptr(JsonObject) row = row_with (member, json);
  g_autoptr(GError) error = NULL;
  CmMappedReport *report = apply_central (row, &error);

  g_assert_no_error (error);
  g_assert_nonnull (report);
  return report;
}

static void
test_base_row (void)
{
  g_autoptr(CmMappedReport) report = expect_ok ("foto", "\"foto.jpg\"");

  g_assert_cmpstr (report->raw, ==, base_row);
  g_assert_cmpint (report->fee_cents, ==, 181500);
  g_assert_cmpint (report->spending_cents, ==, 216234);
  g_assert_cmpuint (report->purchases->len, ==, 2);
  g_assert_cmpint (((CmMappedPurchase *) g_ptr_array_index (report->purchases, 1))->amount_cents,
                   ==, 40234);
  g_assert_cmpstr (report->incidents, ==, "");
  g_assert_null (report->updated_at);
  g_assert_null (report->review_state);
}

static void
test_missing_required (void)
{
  expect_fault ("comedor", NULL, CM_FORM_MAP_ERROR_MISSING_FIELD,
                "The field “comedor” is missing or empty.");
  expect_fault ("comedor", "\"  \"", CM_FORM_MAP_ERROR_MISSING_FIELD, NULL);
  expect_fault ("fecha", "null", CM_FORM_MAP_ERROR_MISSING_FIELD,
                "The field “fecha” is missing or empty.");
  expect_fault ("raciones_pagadas", NULL, CM_FORM_MAP_ERROR_MISSING_FIELD,
                "The field “raciones_pagadas” is missing or empty.");
  expect_fault ("__id", NULL, CM_FORM_MAP_ERROR_MISSING_FIELD,
                "The field “__id” is missing or empty.");
  expect_fault ("__system/submissionDate", "null", CM_FORM_MAP_ERROR_MISSING_FIELD,
                "The field “__system/submissionDate” is missing or empty.");
  expect_fault ("compras", "[{\"concepto\":\"Arroz\",\"monto\":null,\"ticket\":null}]",
                CM_FORM_MAP_ERROR_MISSING_FIELD,
                "The field “compras[1]/monto” is missing or empty.");
}

static void
test_null_fee (void)
{
  expect_fault ("cuota_cobrada", "null", CM_FORM_MAP_ERROR_MISSING_FIELD,
                "The field “cuota_cobrada” is missing or empty.");
}

static void
test_optional_absent (void)
{
  g_autoptr(CmMappedReport) report = NULL;
  g_autoptr(JsonObject) row = parse_object (base_row);
  g_autoptr(GError) error = NULL;

  /* an encrypted row would lose these too; each has a default */
  json_object_remove_member (row, "comensales");
  json_object_set_null_member (row, "integrantes_presentes");
  json_object_set_null_member (row, "ubicacion");
  json_object_set_null_member (row, "foto");
  json_object_set_null_member (json_object_get_object_member (row, "__system"), "deviceId");
  report = apply_central (row, &error);
  g_assert_no_error (error);
  g_assert_cmpint (report->diners_children, ==, 0);
  g_assert_cmpint (report->members_present, ==, 0);
  g_assert_true (isnan (report->latitude) && isnan (report->longitude) && isnan (report->gps_accuracy));
  g_assert_null (report->device_id);
  g_assert_cmpuint (report->attachment_names->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (report->attachment_names, 0), ==, "recibo-1.jpg");
}

static void
test_device_id_fallback (void)
{
  g_autoptr(CmMappedReport) report = NULL;
  g_autoptr(JsonObject) row = parse_object (base_row);
  g_autoptr(GError) error = NULL;

  /* a web submission: no OpenRosa deviceID, but the form's own field */
  json_object_set_null_member (json_object_get_object_member (row, "__system"), "deviceId");
  json_object_set_string_member (json_object_get_object_member (row, "meta"), "deviceid",
                                 "collect:Xz81");
  report = apply_central (row, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (report->device_id, ==, "collect:Xz81");
}

static void
test_wrong_types (void)
{
  expect_fault ("raciones_pagadas", "\"muchas\"", CM_FORM_MAP_ERROR_BAD_VALUE,
                "The field “raciones_pagadas” holds “muchas”, which is not a whole number.");
  expect_fault ("raciones_gratuitas", "12.5", CM_FORM_MAP_ERROR_BAD_VALUE,
                "The field “raciones_gratuitas” holds “12.5”, which is not a whole number.");
  expect_fault ("raciones_gratuitas", "true", CM_FORM_MAP_ERROR_BAD_VALUE, NULL);
  expect_fault ("comensales/ninas_ninos", "\"1e3\"", CM_FORM_MAP_ERROR_BAD_VALUE,
                "The field “comensales/ninas_ninos” holds “1e3”, which is not a whole number.");
  expect_fault ("cuota_cobrada", "\"12,50\"", CM_FORM_MAP_ERROR_BAD_VALUE,
                "The field “cuota_cobrada” holds “12,50”, which is not an amount of money.");
  expect_fault ("gasto_total", "{\"a\":1}", CM_FORM_MAP_ERROR_BAD_VALUE,
                "The field “gasto_total” holds “{\"a\":1}”, which is not an amount of money.");
  expect_fault ("cuota_cobrada", "\"1e400\"", CM_FORM_MAP_ERROR_BAD_VALUE,
                "The field “cuota_cobrada” holds “1e400”, which is too large.");
  expect_fault ("comedor", "17", CM_FORM_MAP_ERROR_BAD_VALUE,
                "The field “comedor” holds “17”, which is not text.");
  expect_fault ("solo_para_llevar", "\"quizá\"", CM_FORM_MAP_ERROR_BAD_VALUE,
                "The field “solo_para_llevar” holds “quizá”, which is neither “si” nor “no”.");
  expect_fault ("solo_para_llevar", "true", CM_FORM_MAP_ERROR_BAD_VALUE,
                "The field “solo_para_llevar” holds “true”, which is neither “si” nor “no”.");
  expect_fault ("__system/reviewState", "\"banana\"", CM_FORM_MAP_ERROR_BAD_VALUE,
                "The field “__system/reviewState” holds “banana”, which is not one of the answers "
                "the field map knows.");
  expect_fault ("__system/updatedAt", "\"ayer\"", CM_FORM_MAP_ERROR_BAD_VALUE,
                "The field “__system/updatedAt” holds “ayer”, which is not a date and time.");
  expect_fault ("__system/attachmentsPresent", "-1", CM_FORM_MAP_ERROR_BAD_VALUE, NULL);
  expect_fault ("compras", "{\"concepto\":\"Arroz\"}", CM_FORM_MAP_ERROR_BAD_VALUE, NULL);
  expect_fault ("compras", "[\"Arroz\"]", CM_FORM_MAP_ERROR_BAD_VALUE,
                "The field “compras[1]” holds “Arroz”, which is not a group of answers.");
  expect_fault ("compras", "[{\"concepto\":\"Arroz\",\"monto\":10,\"ticket\":\"../../.ssh/id_rsa\"}]",
                CM_FORM_MAP_ERROR_BAD_VALUE,
                "The field “compras[1]/ticket” holds “../../.ssh/id_rsa”, which is not a file name.");
  expect_fault ("foto", "\"a/b.jpg\"", CM_FORM_MAP_ERROR_BAD_VALUE,
                "The field “foto” holds “a/b.jpg”, which is not a file name.");
  expect_fault ("foto", "\"..\"", CM_FORM_MAP_ERROR_BAD_VALUE, NULL);
}

static void
test_bad_dates (void)
{
  static const char * const bad[] = {
    "\"2026-02-30\"", "\"2026-13-01\"", "\"2026-2-3\"", "\"26-02-03\"", "\"2026-02-03T00:00\"",
    "\"03/02/2026\"", "20260203", "\"2025-02-29\"",
  };

  expect_fault ("fecha", "\"2026-02-30\"", CM_FORM_MAP_ERROR_BAD_VALUE,
                "The field “fecha” holds “2026-02-30”, which is not a valid date written as YYYY-MM-DD.");
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    expect_fault ("fecha", bad[i], CM_FORM_MAP_ERROR_BAD_VALUE, NULL);

  {
    g_autoptr(CmMappedReport) report = expect_ok ("fecha", "\"2024-02-29\"");

    g_assert_cmpstr (report->report_date, ==, "2024-02-29");
  }
}

static void
test_negative (void)
{
  expect_fault ("raciones_pagadas", "-5", CM_FORM_MAP_ERROR_BAD_VALUE,
                "The field “raciones_pagadas” holds “-5”, which is below zero.");
  expect_fault ("comensales/personas_mayores", "\"-1\"", CM_FORM_MAP_ERROR_BAD_VALUE,
                "The field “comensales/personas_mayores” holds “-1”, which is below zero.");
  expect_fault ("cuota_cobrada", "-0.5", CM_FORM_MAP_ERROR_BAD_VALUE,
                "The field “cuota_cobrada” holds “-0.5”, which is below zero.");
}

static void
check_money (const char *json,
             gint64      cents)
{
  g_autoptr(CmMappedReport) report = expect_ok ("cuota_cobrada", json);

  g_assert_cmpint (report->fee_cents, ==, cents);
}

static void
test_money (void)
{
  check_money ("1815.5", 181550);
  check_money ("1815", 181500);
  check_money ("\"1815.50\"", 181550);
  check_money ("\" 1815.5 \"", 181550);
  check_money ("402.34", 40234);
  check_money ("0.05", 5);
  check_money ("\"0\"", 0);
  check_money ("\"-0\"", 0);
  check_money ("0", 0);
  check_money ("1e2", 10000);
  /* half a centavo rounds away from zero, as written, not as binary has it */
  check_money ("2.675", 268);
  check_money ("\"1.005\"", 101);
  check_money ("0.125", 13);
  check_money ("\"0.0049\"", 0);
  check_money ("\"0.005\"", 1);
  check_money ("\".5\"", 50);
  check_money ("\"12.\"", 1200);
  /* Java writes large decimals with an exponent */
  check_money ("\"1.2345678E7\"", 1234567800);
  check_money ("\"+3\"", 300);

  expect_fault ("cuota_cobrada", "\"\"", CM_FORM_MAP_ERROR_MISSING_FIELD, NULL);
  expect_fault ("cuota_cobrada", "\".\"", CM_FORM_MAP_ERROR_BAD_VALUE, NULL);
  expect_fault ("cuota_cobrada", "\"1e\"", CM_FORM_MAP_ERROR_BAD_VALUE, NULL);
  expect_fault ("cuota_cobrada", "\"$10\"", CM_FORM_MAP_ERROR_BAD_VALUE, NULL);
  expect_fault ("cuota_cobrada", "\"NaN\"", CM_FORM_MAP_ERROR_BAD_VALUE, NULL);
  expect_fault ("cuota_cobrada", "99999999999999999", CM_FORM_MAP_ERROR_BAD_VALUE,
                "The field “cuota_cobrada” holds “99999999999999999”, which is too large.");
}

static void
test_counts (void)
{
  g_autoptr(CmMappedReport) a = expect_ok ("raciones_pagadas", "\"165\"");
  g_autoptr(CmMappedReport) b = expect_ok ("raciones_pagadas", "165.0");
  g_autoptr(CmMappedReport) c = expect_ok ("raciones_pagadas", "\" 007 \"");

  g_assert_cmpint (a->rations_paid, ==, 165);
  g_assert_cmpint (b->rations_paid, ==, 165);
  g_assert_cmpint (c->rations_paid, ==, 7);
  expect_fault ("raciones_pagadas", "\"99999999999999999999\"", CM_FORM_MAP_ERROR_BAD_VALUE, NULL);
}

static void
check_point (const char *json,
             double      latitude,
             double      longitude,
             double      accuracy)
{
  g_autoptr(CmMappedReport) report = expect_ok ("ubicacion", json);

  g_assert_cmpfloat (report->latitude, ==, latitude);
  g_assert_cmpfloat (report->longitude, ==, longitude);
  if (isnan (accuracy))
    g_assert_true (isnan (report->gps_accuracy));
  else
    g_assert_cmpfloat (report->gps_accuracy, ==, accuracy);
}

static void
test_geopoints (void)
{
  /* Part 5, R8: the shapes a real Central gives */
  check_point ("{\"type\":\"Point\",\"coordinates\":[-99.16,19.43,2270],\"properties\":{\"accuracy\":4}}",
               19.43, -99.16, 4);
  check_point ("{\"type\":\"Point\",\"coordinates\":[-99.1332,19.4326,0],\"properties\":{\"accuracy\":0}}",
               19.4326, -99.1332, 0);
  /* two numbers: no altitude, no accuracy */
  check_point ("{\"type\":\"Point\",\"coordinates\":[-99.1332,19.4326]}", 19.4326, -99.1332, NAN);
  /* $wkt=true */
  check_point ("\"POINT (-99.16 19.43 2270)\"", 19.43, -99.16, NAN);
  check_point ("\"POINT (-99.1332 19.4326 0)\"", 19.4326, -99.1332, NAN);
  check_point ("\"POINT (-99.1332 19.4326)\"", 19.4326, -99.1332, NAN);
  check_point ("\"POINT Z (-99.1332 19.4326 5)\"", 19.4326, -99.1332, NAN);
  /* the ODK text Kobo gives */
  check_point ("\"19.4326 -99.1332 2270.0 5.0\"", 19.4326, -99.1332, 5);
  check_point ("\"19.4326 -99.1332\"", 19.4326, -99.1332, NAN);

  expect_fault ("ubicacion", "\"POINT (x y)\"", CM_FORM_MAP_ERROR_BAD_VALUE,
                "The field “ubicacion” holds “POINT (x y)”, which is not a GPS point.");
  expect_fault ("ubicacion", "\"POINT (-99.1)\"", CM_FORM_MAP_ERROR_BAD_VALUE, NULL);
  expect_fault ("ubicacion", "\"POINT (-99.1 19.4\"", CM_FORM_MAP_ERROR_BAD_VALUE, NULL);
  expect_fault ("ubicacion", "\"19.4326\"", CM_FORM_MAP_ERROR_BAD_VALUE, NULL);
  expect_fault ("ubicacion", "\"1 2 3 4 5\"", CM_FORM_MAP_ERROR_BAD_VALUE, NULL);
  expect_fault ("ubicacion", "\"119.4 -99.1\"", CM_FORM_MAP_ERROR_BAD_VALUE, NULL);
  expect_fault ("ubicacion", "{\"type\":\"LineString\",\"coordinates\":[[-99.1,19.4],[-99.2,19.5]]}",
                CM_FORM_MAP_ERROR_BAD_VALUE, NULL);
  expect_fault ("ubicacion", "{\"type\":\"Point\",\"coordinates\":[-99.1]}",
                CM_FORM_MAP_ERROR_BAD_VALUE, NULL);
  expect_fault ("ubicacion", "{\"type\":\"Point\",\"coordinates\":[-99.1,19.4],\"properties\":{\"accuracy\":-3}}",
                CM_FORM_MAP_ERROR_BAD_VALUE, NULL);
  expect_fault ("ubicacion", "[19.4,-99.1]", CM_FORM_MAP_ERROR_BAD_VALUE, NULL);
}

static void
test_no_purchases (void)
{
  g_autoptr(CmMappedReport) report = NULL;
  g_autoptr(JsonObject) row = parse_object (base_row);
  g_autoptr(GError) error = NULL;

  /* Part 5, R3: no compras key and no navigation link at all */
  json_object_remove_member (row, "compras");
  json_object_remove_member (row, "compras@odata.navigationLink");
  report = apply_central (row, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->purchases->len, ==, 0);
  g_assert_cmpuint (report->attachment_names->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (report->attachment_names, 0), ==, "foto.jpg");
  g_assert_null (strstr (report->raw, "compras"));

  /* a repeat inside a group comes as {} (Part 1.5): none either */
  g_clear_pointer (&report, cm_mapped_report_free);
  json_object_set_object_member (row, "compras", json_object_new ());
  report = apply_central (row, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->purchases->len, ==, 0);
}

static void
test_attachments (void)
{
  g_autoptr(CmMappedReport) report = NULL;
  g_autoptr(JsonObject) row = parse_object (base_row);
  g_autoptr(GError) error = NULL;
  JsonArray *purchases = json_object_get_array_member (row, "compras");

  /* a receipt that is also the photo is one file; a missing one is none */
  json_object_set_string_member (json_array_get_object_element (purchases, 0), "ticket", "foto.jpg");
  json_object_set_null_member (json_array_get_object_element (purchases, 1), "ticket");
  report = apply_central (row, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->attachment_names->len, ==, 1);
  g_assert_null (((CmMappedPurchase *) g_ptr_array_index (report->purchases, 1))->receipt_photo);
}

static void
test_timestamps (void)
{
  static const struct { const char *json; const char *utc; } cases[] = {
    { "\"2024-05-01T09:12:44.318Z\"", "2024-05-01T09:12:44.318Z" },
    { "\"2024-05-01T09:12:44Z\"", "2024-05-01T09:12:44.000Z" },
    { "\"2024-05-01T09:12:44\"", "2024-05-01T09:12:44.000Z" },
    { "\"2024-05-01T03:12:44.318-06:00\"", "2024-05-01T09:12:44.318Z" },
    { "\"2024-05-01T03:12:44.3189-06\"", "2024-05-01T09:12:44.318Z" },
    { "\"2024-05-01T23:30:00+0530\"", "2024-05-01T18:00:00.000Z" },
    { "\"2024-12-31T20:00:00.5-06:00\"", "2025-01-01T02:00:00.500Z" },
    { "1714556000", "2024-05-01T09:33:20.000Z" },
  };
  static const char * const bad[] = {
    "\"2024-05-01\"", "\"2024-05-01T25:00:00Z\"", "\"2024-02-30T10:00:00Z\"",
    "\"2024-05-01T09:12:44 UTC\"", "\"2024-05-01 09:12:44\"", "-5", "true",
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(CmMappedReport) report = expect_ok ("__system/updatedAt", cases[i].json);

      g_assert_cmpstr (report->updated_at, ==, cases[i].utc);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    expect_fault ("__system/updatedAt", bad[i], CM_FORM_MAP_ERROR_BAD_VALUE, NULL);
}

/* Kobo rows by hand: the shapes that the demo conversion does not reach. */
static void
test_kobo_rows (void)
{
  g_autoptr(CmFormMap) map = cm_form_map_new_builtin (CM_FORM_MAP_KOBO);
  static const struct { const char *status; const char *state; } states[] = {
    { "{}", NULL },
    { "{\"timestamp\":1714556000,\"uid\":\"validation_status_approved\",\"by_whom\":\"ana\"}", "approved" },
    { "{\"timestamp\":1714556000,\"uid\":\"validation_status_not_approved\"}", "rejected" },
    { "{\"timestamp\":1714556000,\"uid\":\"validation_status_on_hold\"}", "hasIssues" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (states); i++)
    {
      g_autofree char *json = g_strdup_printf (
        "{\"_id\":7,\"comedor\":\"CC002\",\"fecha\":\"2025-06-03\",\"raciones_pagadas\":\"12\","
        "\"raciones_gratuitas\":\"0\",\"cuota_cobrada\":\"132.00\",\"gasto_total\":\"1.2345E3\","
        "\"comensales/ninas_ninos\":\"12\",\"solo_para_llevar\":\"si\","
        "\"ubicacion\":\"19.4326 -99.1332\",\"foto\":\"1714550000000.jpg\","
        "\"compras\":[{\"compras/concepto\":\"Gas\",\"compras/monto\":\"1234.5\"}],"
        "\"meta/instanceID\":\"uuid:b\",\"deviceid\":\"collect:Q\","
        "\"_attachments\":[],\"_submission_time\":\"2025-06-03T22:01:02\","
        "\"_validation_status\":%s,\"_submitted_by\":null}", states[i].status);
      g_autoptr(JsonObject) row = parse_object (json);
      g_autoptr(GError) error = NULL;
      g_autoptr(CmMappedReport) report = cm_form_map_apply (map, row, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (report->review_state, ==, states[i].state);
      g_assert_cmpstr (report->updated_at, ==, states[i].state ? "2024-05-01T09:33:20.000Z" : NULL);
      /* no meta/rootUuid on a row never edited: the instance id */
      g_assert_cmpstr (report->instance_id, ==, "uuid:b");
      g_assert_cmpstr (report->device_id, ==, "collect:Q");
      g_assert_null (report->submitter);
      g_assert_cmpstr (report->submitted_at, ==, "2025-06-03T22:01:02.000Z");
      g_assert_cmpint (report->fee_cents, ==, 13200);
      g_assert_cmpint (report->spending_cents, ==, 123450);
      g_assert_cmpint (report->diners_children, ==, 12);
      g_assert_cmpint (report->diners_adults, ==, 0);
      g_assert_true (report->takeaway_only);
      g_assert_cmpfloat (report->latitude, ==, 19.4326);
      g_assert_true (isnan (report->gps_accuracy));
      g_assert_cmpuint (report->purchases->len, ==, 1);
      g_assert_cmpint (((CmMappedPurchase *) g_ptr_array_index (report->purchases, 0))->amount_cents,
                       ==, 123450);
      g_assert_cmpint (report->attachments_expected, ==, 1);
      g_assert_cmpint (report->attachments_present, ==, 0);
      g_assert_cmpstr (report->incidents, ==, "");
    }

  /* errors name the field as the form does, not by Kobo's key */
  {
    g_autoptr(JsonObject) row = parse_object (
      "{\"comedor\":\"CC002\",\"fecha\":\"2025-06-03\",\"raciones_pagadas\":\"12\","
      "\"raciones_gratuitas\":\"0\",\"cuota_cobrada\":\"132\",\"gasto_total\":\"0\","
      "\"compras\":[{\"compras/concepto\":\"Gas\",\"compras/monto\":\"1\"},"
      "{\"compras/concepto\":\"Sal\",\"compras/monto\":\"mucho\"}],"
      "\"meta/instanceID\":\"uuid:b\",\"meta/rootUuid\":\"uuid:a\","
      "\"_submission_time\":\"2025-06-03T22:01:02\",\"_validation_status\":{}}");
    g_autoptr(GError) error = NULL;
    g_autoptr(CmMappedReport) report = cm_form_map_apply (map, row, &error);

    g_assert_null (report);
    g_assert_error (error, CM_FORM_MAP_ERROR, CM_FORM_MAP_ERROR_BAD_VALUE);
    g_assert_cmpstr (error->message, ==,
                     "The field “compras[2]/monto” holds “mucho”, which is not an amount of money.");
  }
}

/* Maps that must be refused, each with a message naming the problem. */

static const char minimal_map[] =
  "{\"format\":1,\"form_id\":\"f\",\"flavour\":\"central\","
  "\"columns\":{\"folio_sent\":{\"path\":\"comedor\",\"type\":\"text\"},"
  "\"report_date\":{\"path\":\"fecha\",\"type\":\"date\"}},"
  "\"system\":{\"instance_id\":{\"path\":\"__id\",\"type\":\"text\"}}}";

static void
expect_bad_map (const char *json,
                const char *needle)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CmFormMap) map = cm_form_map_new_from_data (json, -1, &error);

  g_assert_null (map);
  g_assert_error (error, CM_FORM_MAP_ERROR, CM_FORM_MAP_ERROR_INVALID_MAP);
  if (strstr (error->message, needle) == NULL)
    g_error ("“%s” does not name “%s”", error->message, needle);
}

/* minimal_map with @old replaced by @new */
static char *
map_with (const char *old,
          const char *new)
{
  const char *at = strstr (minimal_map, old);

  g_assert_nonnull (at);
  return g_strdup_printf ("%.*s%s%s", (int) (at - minimal_map), minimal_map, new, at + strlen (old));
}

static void
test_bad_maps (void)
{
  static const struct { const char *old, *new, *needle; } cases[] = {
    { "\"folio_sent\"", "\"folio\"", "“folio”" },
    { "\"type\":\"date\"", "\"type\":\"fecha\"", "“fecha”" },
    { "\"type\":\"date\"", "\"type\":\"count\"", "“count”" },
    { "\"format\":1", "\"format\":2", "format 1" },
    { "\"format\":1", "\"format\":\"1\"", "format 1" },
    { "\"flavour\":\"central\"", "\"flavour\":\"odk\"", "“flavour”" },
    { "\"form_id\":\"f\",", "", "“form_id”" },
    { "\"path\":\"fecha\",", "", "“report_date”" },
    { "\"path\":\"fecha\"", "\"path\":[]", "“report_date”" },
    { "\"path\":\"fecha\"", "\"path\":\"/fecha\"", "“report_date”" },
    { "\"path\":\"fecha\"", "\"path\":\"fecha\",\"requierd\":true", "“requierd”" },
    { "\"path\":\"fecha\"", "\"path\":\"fecha\",\"required\":\"yes\"", "“required”" },
    { "\"system\"", "\"sistema\"", "“sistema”" },
    { "\"instance_id\":{\"path\":\"__id\",\"type\":\"text\"}", "\"folio_sent\":{\"path\":\"x\",\"type\":\"text\"}",
      "“folio_sent”" },
    { ",\"system\":{\"instance_id\":{\"path\":\"__id\",\"type\":\"text\"}}", "", "“instance_id”" },
    { "\"columns\":{", "\"columns\":{\"takeaway_only\":{\"path\":\"s\",\"type\":\"yes-no\",\"yes\":\"si\"},",
      "“takeaway_only”" },
    { "\"columns\":{", "\"columns\":{\"latitude\":{\"path\":\"u\",\"type\":\"geopoint\"},", "“part”" },
    { "\"columns\":{", "\"columns\":{\"latitude\":{\"path\":\"u\",\"type\":\"geopoint\",\"part\":\"lat\"},",
      "“part”" },
    { "\"columns\":{", "\"columns\":{\"review_state\":{\"path\":\"r\",\"type\":\"choice\"},", "“values”" },
    { "\"columns\":{", "\"columns\":{\"review_state\":{\"path\":\"r\",\"type\":\"choice\",\"values\":{\"a\":1}},",
      "“values”" },
    { "\"columns\":{", "\"columns\":{\"attachments_expected\":{\"path\":\"a\",\"type\":\"media-count\"},",
      "“attachments_expected”" },
    { "\"columns\":{", "\"columns\":{\"fee_cents\":\"cuota\",", "“fee_cents”" },
    { "}}}", "}},\"repeat\":{\"path\":\"compras\",\"columns\":{\"concept\":{\"path\":\"c\",\"type\":\"text\"}}}}",
      "“amount_cents”" },
    { "}}}", "}},\"repeat\":{\"path\":\"compras\",\"columns\":{\"concepto\":{\"path\":\"c\",\"type\":\"text\"}}}}",
      "“concepto”" },
    { "}}}", "}},\"repeat\":{\"columns\":{}}}", "“repeat/path”" },
    { "}}}", "}},\"media\":[\"foto\",3]}", "“media”" },
  };

  expect_bad_map ("{\"format\":1,", "not valid JSON");
  expect_bad_map ("[1,2]", "not a JSON object");
  expect_bad_map ("", "empty");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *json = map_with (cases[i].old, cases[i].new);

      expect_bad_map (json, cases[i].needle);
    }

  /* and the minimal one is fine */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(CmFormMap) map = cm_form_map_new_from_data (minimal_map, -1, &error);
    g_autoptr(JsonObject) row = parse_object (base_row);
    g_autoptr(CmMappedReport) report = NULL;

    g_assert_no_error (error);
    g_assert_cmpstr (cm_form_map_get_form_id (map), ==, "f");
    report = cm_form_map_apply (map, row, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (report->folio_sent, ==, "CC001");
    g_assert_cmpint (report->rations_paid, ==, 0);
    g_assert_cmpuint (report->purchases->len, ==, 0);
    g_assert_cmpuint (report->attachment_names->len, ==, 0);
  }
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);

  tmp_dir = cm_test_make_tmp_dir ("test-form-map");

  g_test_add_func ("/form-map/builtin", test_builtin);
  g_test_add_func ("/form-map/central/demo", test_central_demo);
  g_test_add_func ("/form-map/kobo/demo", test_kobo_demo);
  g_test_add_func ("/form-map/kobo/rows", test_kobo_rows);
  g_test_add_func ("/form-map/row/base", test_base_row);
  g_test_add_func ("/form-map/row/missing-required", test_missing_required);
  g_test_add_func ("/form-map/row/null-fee", test_null_fee);
  g_test_add_func ("/form-map/row/optional-absent", test_optional_absent);
  g_test_add_func ("/form-map/row/device-id", test_device_id_fallback);
  g_test_add_func ("/form-map/row/wrong-types", test_wrong_types);
  g_test_add_func ("/form-map/row/bad-dates", test_bad_dates);
  g_test_add_func ("/form-map/row/negative", test_negative);
  g_test_add_func ("/form-map/row/money", test_money);
  g_test_add_func ("/form-map/row/counts", test_counts);
  g_test_add_func ("/form-map/row/geopoints", test_geopoints);
  g_test_add_func ("/form-map/row/no-purchases", test_no_purchases);
  g_test_add_func ("/form-map/row/attachments", test_attachments);
  g_test_add_func ("/form-map/row/timestamps", test_timestamps);
  g_test_add_func ("/form-map/map/refused", test_bad_maps);

  status = g_test_run ();

  g_clear_object (&demo_db);
  cm_test_remove_tree (tmp_dir);
  g_free (tmp_dir);

  return status;
}
