/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "cm-test-util.h"

#include <glib/gstdio.h>
#include <string.h>

#include "cm-check-catalog.h"
#include "cm-db.h"
#include "cm-rulebook.h"

static char *tmp_dir;

static void
set_date (GDate *date,
          guint  year,
          guint  month,
          guint  day)
{
  g_date_clear (date, 1);
  g_date_set_dmy (date, (GDateDay) day, (GDateMonth) month, (GDateYear) year);
}

static CmRulebook *
parse (const char  *json,
       GError     **error)
{
  g_autoptr(GBytes) bytes = g_bytes_new (json, strlen (json));

  return cm_rulebook_new_from_bytes (bytes, error);
}

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

/* The shipped rulebook loads, uses every automatic check, and has the rules
 * DESIGN.md lists. */
static void
test_default (void)
{
  g_autoptr(CmRulebook) rulebook = cm_rulebook_new_default ();
  g_autoptr(GHashTable) checks = g_hash_table_new (g_str_hash, g_str_equal);
  GPtrArray *rules = cm_rulebook_get_rules (rulebook);
  const CmCheckInfo *catalog;
  guint n_checks;
  static const char * const checklist[] = {
    "CUO-10", "ASI-01", "PRO-01", "COM-10", "COM-11", "HIG-01", "HIG-02", "HIG-03", "HIG-04",
    "HIG-05", "SAL-01",
  };

  g_assert_nonnull (rulebook);
  g_assert_nonnull (cm_rulebook_get_edition (rulebook));
  g_assert_cmpuint (strlen (cm_rulebook_get_sha256 (rulebook)), ==, 64);
  g_assert_cmpuint (rules->len, >=, 25);

  for (guint i = 0; i < rules->len; i++)
    {
      CmRule *rule = g_ptr_array_index (rules, i);

      g_assert_cmpstr (cm_rule_get_title (rule), !=, "");
      g_assert_cmpstr (cm_rule_get_description (rule), !=, "");
      g_assert_cmpstr (cm_rule_get_category (rule), !=, "");
      if (cm_rule_get_kind (rule) == CM_RULE_KIND_AUTOMATIC)
        g_hash_table_add (checks, (gpointer) cm_rule_get_check (rule));
      else
        g_assert_null (cm_rule_get_check (rule));
    }

  catalog = cm_check_catalog_get_all (&n_checks);
  for (guint i = 0; i < n_checks; i++)
    g_assert_true (g_hash_table_contains (checks, catalog[i].name));

  for (guint i = 0; i < G_N_ELEMENTS (checklist); i++)
    {
      GPtrArray *versions = cm_rulebook_get_versions (rulebook, checklist[i]);

      g_assert_nonnull (versions);
      g_assert_cmpint (cm_rule_get_kind (g_ptr_array_index (versions, 0)), ==,
                       CM_RULE_KIND_CHECKLIST);
    }

  /* Unconfirmed values are parameters. */
  {
    GDate day;

    set_date (&day, 2024, 5, 6);
    g_assert_cmpfloat (cm_rule_get_param_double (cm_rulebook_lookup (rulebook, "UBI-01", &day),
                                                 "radius_m", -1), ==, 250);
    g_assert_true (cm_rule_has_param (cm_rulebook_lookup (rulebook, "RAC-02", &day),
                                      "minimum_share"));
    /* declared without a confirmed value */
    g_assert_false (cm_rule_has_param (cm_rulebook_lookup (rulebook, "GAS-10", &day),
                                       "support_pesos_per_ration"));
    g_assert_true (json_object_has_member (cm_rule_get_parameters (cm_rulebook_lookup (rulebook, "GAS-10", &day)),
                                           "support_pesos_per_ration"));
  }
}

static gboolean
contains_code (GPtrArray  *rules,
               const char *code)
{
  for (guint i = 0; i < rules->len; i++)
    if (g_strcmp0 (cm_rule_get_code (g_ptr_array_index (rules, i)), code) == 0)
      return TRUE;
  return FALSE;
}

static void
test_validity (void)
{
  g_autoptr(CmRulebook) rulebook = cm_rulebook_new_default ();
  GDate day;
  CmRule *rule;

  /* Take-away only: 2020, not 2021. */
  set_date (&day, 2020, 6, 15);
  {
    g_autoptr(GPtrArray) in_force = cm_rulebook_rules_in_force (rulebook, &day, CM_RULE_KIND_CHECKLIST);

    g_assert_true (contains_code (in_force, "SAL-01"));
    g_assert_false (contains_code (in_force, "COM-11"));
  }
  g_assert_nonnull (cm_rulebook_lookup (rulebook, "SAL-01", &day));
  set_date (&day, 2021, 6, 15);
  {
    g_autoptr(GPtrArray) in_force = cm_rulebook_rules_in_force (rulebook, &day, CM_RULE_KIND_CHECKLIST);

    g_assert_false (contains_code (in_force, "SAL-01"));
    g_assert_true (contains_code (in_force, "COM-11"));
  }
  g_assert_null (cm_rulebook_lookup (rulebook, "SAL-01", &day));

  /* Automatic rules come apart from checklist ones. */
  {
    g_autoptr(GPtrArray) automatic = cm_rulebook_rules_in_force (rulebook, &day, CM_RULE_KIND_AUTOMATIC);

    g_assert_true (contains_code (automatic, "CUO-01"));
    g_assert_false (contains_code (automatic, "CUO-10"));
  }

  /* The fee: 10 pesos until 2019-12-31, 11 from 2020-01-01. */
  set_date (&day, 2019, 12, 31);
  g_assert_cmpfloat (cm_rule_get_param_double (cm_rulebook_lookup (rulebook, "CUO-01", &day),
                                               "fee_pesos", -1), ==, 10);
  set_date (&day, 2020, 1, 1);
  g_assert_cmpfloat (cm_rule_get_param_double (cm_rulebook_lookup (rulebook, "CUO-01", &day),
                                               "fee_pesos", -1), ==, 11);

  /* Overcharging: a cause for closure from the April 2021 reform on. */
  set_date (&day, 2021, 3, 31);
  g_assert_cmpint (cm_rule_get_severity (cm_rulebook_lookup (rulebook, "CUO-02", &day)), ==,
                   CM_RULE_SEVERITY_SUSPENSION);
  set_date (&day, 2021, 4, 1);
  g_assert_cmpint (cm_rule_get_severity (cm_rulebook_lookup (rulebook, "CUO-02", &day)), ==,
                   CM_RULE_SEVERITY_CLOSURE);

  /* Committee free of office holders: not before the reform. */
  set_date (&day, 2021, 3, 31);
  g_assert_null (cm_rulebook_lookup (rulebook, "COM-01", &day));
  set_date (&day, 2021, 4, 1);
  rule = cm_rulebook_lookup (rulebook, "COM-01", &day);
  g_assert_nonnull (rule);
  g_assert_cmpstr (cm_rule_get_check (rule), ==, "committee_office");

  /* Older hours before 2020. */
  set_date (&day, 2019, 6, 3);
  g_assert_cmpstr (cm_rule_get_param_string (cm_rulebook_lookup (rulebook, "HOR-01", &day), "opens_at"),
                   ==, "10:00");
  set_date (&day, 2020, 6, 3);
  g_assert_cmpstr (cm_rule_get_param_string (cm_rulebook_lookup (rulebook, "HOR-01", &day), "opens_at"),
                   ==, "11:00");

  /* Versions come oldest first, whatever the file's order. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(CmRulebook) book = parse (
      "{\"format\":1,\"edition\":\"e\",\"rules\":[{\"code\":\"X\",\"category\":\"c\","
      "\"kind\":\"checklist\",\"title\":\"t\",\"description\":\"d\",\"severity\":\"warning\","
      "\"versions\":[{\"valid_from\":\"2022-01-01\"},{\"valid_until\":\"2021-12-31\"}]}]}", &error);
    GPtrArray *versions;

    g_assert_no_error (error);
    versions = cm_rulebook_get_versions (book, "X");
    g_assert_cmpuint (versions->len, ==, 2);
    g_assert_false (g_date_valid (cm_rule_get_valid_from (g_ptr_array_index (versions, 0))));
    g_assert_cmpuint (g_date_get_year (cm_rule_get_valid_from (g_ptr_array_index (versions, 1))), ==, 2022);
    g_assert_null (cm_rulebook_get_versions (book, "Y"));
  }
}

/* A rule in a one-rule rulebook; %s is its body after the code. */
#define BOOK(rule) "{\"format\":1,\"edition\":\"Prueba\",\"rules\":[" rule "]}"
#define GOOD "{\"code\":\"OK-1\",\"category\":\"c\",\"kind\":\"checklist\",\"title\":\"t\"," \
             "\"description\":\"d\",\"severity\":\"warning\",\"versions\":[{}]}"

static const struct
{
  const char      *name;
  const char      *json;
  CmRulebookError  code;
  const char      *named;   /* the message must name this (the rule, the field...) */
} bad_rulebooks[] = {
  { "not-json", "{\"format\":1,", CM_RULEBOOK_ERROR_SYNTAX, "JSON" },
  { "not-object", "[1, 2]", CM_RULEBOOK_ERROR_SYNTAX, "format" },
  { "format", "{\"format\":2,\"edition\":\"e\",\"rules\":[" GOOD "]}", CM_RULEBOOK_ERROR_SYNTAX, "1" },
  { "no-rules", "{\"format\":1,\"edition\":\"e\",\"rules\":[]}", CM_RULEBOOK_ERROR_SYNTAX, "rules" },
  { "no-edition", "{\"format\":1,\"rules\":[" GOOD "]}", CM_RULEBOOK_ERROR_INVALID, "edition" },
  { "unknown-top-field", "{\"format\":1,\"edition\":\"e\",\"reglas\":[],\"rules\":[" GOOD "]}",
    CM_RULEBOOK_ERROR_INVALID, "reglas" },
  { "rule-not-object", BOOK (GOOD ",42"), CM_RULEBOOK_ERROR_SYNTAX, "2" },
  { "no-code", BOOK ("{\"category\":\"c\",\"kind\":\"checklist\",\"title\":\"t\",\"description\":\"d\","
                     "\"severity\":\"warning\",\"versions\":[{}]}"), CM_RULEBOOK_ERROR_INVALID, "1" },
  { "bad-code", BOOK ("{\"code\":\"A B\",\"category\":\"c\",\"kind\":\"checklist\",\"title\":\"t\","
                      "\"description\":\"d\",\"severity\":\"warning\",\"versions\":[{}]}"),
    CM_RULEBOOK_ERROR_INVALID, "A B" },
  { "duplicate", BOOK (GOOD "," GOOD), CM_RULEBOOK_ERROR_DUPLICATE, "OK-1" },
  { "unknown-kind", BOOK ("{\"code\":\"K-1\",\"category\":\"c\",\"kind\":\"manual\",\"title\":\"t\","
                          "\"description\":\"d\",\"severity\":\"warning\",\"versions\":[{}]}"),
    CM_RULEBOOK_ERROR_UNKNOWN_KIND, "K-1" },
  { "unknown-severity", BOOK ("{\"code\":\"S-1\",\"category\":\"c\",\"kind\":\"checklist\",\"title\":\"t\","
                              "\"description\":\"d\",\"severity\":\"grave\",\"versions\":[{}]}"),
    CM_RULEBOOK_ERROR_UNKNOWN_KIND, "S-1" },
  { "unknown-check", BOOK ("{\"code\":\"C-1\",\"category\":\"c\",\"kind\":\"automatic\",\"check\":\"dialy_report\","
                           "\"title\":\"t\",\"description\":\"d\",\"severity\":\"warning\",\"versions\":[{}]}"),
    CM_RULEBOOK_ERROR_UNKNOWN_KIND, "C-1" },
  { "checklist-as-check", BOOK ("{\"code\":\"C-2\",\"category\":\"c\",\"kind\":\"automatic\",\"check\":\"checklist\","
                                "\"title\":\"t\",\"description\":\"d\",\"severity\":\"warning\",\"versions\":[{}]}"),
    CM_RULEBOOK_ERROR_UNKNOWN_KIND, "C-2" },
  { "automatic-without-check", BOOK ("{\"code\":\"C-3\",\"category\":\"c\",\"kind\":\"automatic\","
                                     "\"title\":\"t\",\"description\":\"d\",\"severity\":\"warning\",\"versions\":[{}]}"),
    CM_RULEBOOK_ERROR_INVALID, "C-3" },
  { "checklist-with-check", BOOK ("{\"code\":\"C-4\",\"category\":\"c\",\"kind\":\"checklist\",\"check\":\"daily_report\","
                                  "\"title\":\"t\",\"description\":\"d\",\"severity\":\"warning\",\"versions\":[{}]}"),
    CM_RULEBOOK_ERROR_INVALID, "C-4" },
  { "unknown-parameter", BOOK ("{\"code\":\"P-1\",\"category\":\"c\",\"kind\":\"automatic\",\"check\":\"gps_distance\","
                               "\"title\":\"t\",\"description\":\"d\",\"severity\":\"warning\","
                               "\"versions\":[{\"parameters\":{\"radius_m\":250,\"radio\":300}}]}"),
    CM_RULEBOOK_ERROR_UNKNOWN_PARAMETER, "P-1" },
  { "unknown-checklist-parameter", BOOK ("{\"code\":\"P-2\",\"category\":\"c\",\"kind\":\"checklist\","
                                         "\"title\":\"t\",\"description\":\"d\",\"severity\":\"warning\","
                                         "\"versions\":[{\"parameters\":{\"radius_m\":250}}]}"),
    CM_RULEBOOK_ERROR_UNKNOWN_PARAMETER, "P-2" },
  { "missing-parameter", BOOK ("{\"code\":\"P-3\",\"category\":\"c\",\"kind\":\"automatic\",\"check\":\"fee_collected\","
                               "\"title\":\"t\",\"description\":\"d\",\"severity\":\"warning\",\"versions\":[{}]}"),
    CM_RULEBOOK_ERROR_INVALID, "P-3" },
  { "parameter-type", BOOK ("{\"code\":\"P-4\",\"category\":\"c\",\"kind\":\"automatic\",\"check\":\"gps_distance\","
                            "\"title\":\"t\",\"description\":\"d\",\"severity\":\"warning\","
                            "\"versions\":[{\"parameters\":{\"radius_m\":\"250 m\"}}]}"),
    CM_RULEBOOK_ERROR_INVALID, "P-4" },
  { "parameter-negative", BOOK ("{\"code\":\"P-5\",\"category\":\"c\",\"kind\":\"automatic\",\"check\":\"fee_collected\","
                                "\"title\":\"t\",\"description\":\"d\",\"severity\":\"warning\","
                                "\"versions\":[{\"parameters\":{\"fee_pesos\":-11}}]}"),
    CM_RULEBOOK_ERROR_INVALID, "P-5" },
  { "parameter-time", BOOK ("{\"code\":\"P-6\",\"category\":\"c\",\"kind\":\"checklist\","
                            "\"title\":\"t\",\"description\":\"d\",\"severity\":\"warning\","
                            "\"versions\":[{\"parameters\":{\"opens_at\":\"25:00\"}}]}"),
    CM_RULEBOOK_ERROR_INVALID, "P-6" },
  { "no-title", BOOK ("{\"code\":\"T-1\",\"category\":\"c\",\"kind\":\"checklist\","
                      "\"description\":\"d\",\"severity\":\"warning\",\"versions\":[{}]}"),
    CM_RULEBOOK_ERROR_INVALID, "T-1" },
  { "no-versions", BOOK ("{\"code\":\"V-0\",\"category\":\"c\",\"kind\":\"checklist\",\"title\":\"t\","
                         "\"description\":\"d\",\"severity\":\"warning\",\"versions\":[]}"),
    CM_RULEBOOK_ERROR_INVALID, "V-0" },
  { "unknown-rule-field", BOOK ("{\"code\":\"F-1\",\"category\":\"c\",\"kind\":\"checklist\",\"title\":\"t\","
                                "\"description\":\"d\",\"severity\":\"warning\",\"versions\":[{}],\"vigente\":true}"),
    CM_RULEBOOK_ERROR_INVALID, "F-1" },
  { "misspelt-date-field", BOOK ("{\"code\":\"F-2\",\"category\":\"c\",\"kind\":\"checklist\",\"title\":\"t\","
                                 "\"description\":\"d\",\"severity\":\"warning\","
                                 "\"versions\":[{\"valid_untill\":\"2020-12-31\"}]}"),
    CM_RULEBOOK_ERROR_INVALID, "F-2" },
  { "bad-date", BOOK ("{\"code\":\"D-1\",\"category\":\"c\",\"kind\":\"checklist\",\"title\":\"t\","
                      "\"description\":\"d\",\"severity\":\"warning\","
                      "\"versions\":[{\"valid_from\":\"2020-02-30\"}]}"),
    CM_RULEBOOK_ERROR_INVALID, "D-1" },
  { "until-before-from", BOOK ("{\"code\":\"D-2\",\"category\":\"c\",\"kind\":\"checklist\",\"title\":\"t\","
                               "\"description\":\"d\",\"severity\":\"warning\","
                               "\"versions\":[{\"valid_from\":\"2021-01-01\",\"valid_until\":\"2020-12-31\"}]}"),
    CM_RULEBOOK_ERROR_DATES, "D-2" },
  { "overlap", BOOK ("{\"code\":\"O-1\",\"category\":\"c\",\"kind\":\"automatic\",\"check\":\"fee_collected\","
                     "\"title\":\"t\",\"description\":\"d\",\"severity\":\"warning\",\"versions\":["
                     "{\"valid_until\":\"2020-01-01\",\"parameters\":{\"fee_pesos\":10}},"
                     "{\"valid_from\":\"2020-01-01\",\"parameters\":{\"fee_pesos\":11}}]}"),
    CM_RULEBOOK_ERROR_OVERLAP, "O-1" },
  { "identical-versions", BOOK ("{\"code\":\"O-2\",\"category\":\"c\",\"kind\":\"checklist\",\"title\":\"t\","
                                "\"description\":\"d\",\"severity\":\"warning\","
                                "\"versions\":[{\"valid_from\":\"2020-01-01\"},{\"valid_from\":\"2020-01-01\"}]}"),
    CM_RULEBOOK_ERROR_OVERLAP, "O-2" },
  { "open-versions", BOOK ("{\"code\":\"O-3\",\"category\":\"c\",\"kind\":\"checklist\",\"title\":\"t\","
                           "\"description\":\"d\",\"severity\":\"warning\",\"versions\":[{},{}]}"),
    CM_RULEBOOK_ERROR_OVERLAP, "O-3" },
  { "not-utf8", "{\"format\":1,\"edition\":\"\xff\xfe\",\"rules\":[" GOOD "]}", CM_RULEBOOK_ERROR_SYNTAX, "UTF-8" },
};

static void
test_errors (void)
{
  /* The template itself is good. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(CmRulebook) ok = parse (BOOK (GOOD), &error);

    g_assert_no_error (error);
    g_assert_nonnull (ok);
  }

  for (guint i = 0; i < G_N_ELEMENTS (bad_rulebooks); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(CmRulebook) rulebook = parse (bad_rulebooks[i].json, &error);

      g_test_message ("%s: %s", bad_rulebooks[i].name, error ? error->message : "(accepted)");
      g_assert_null (rulebook);
      g_assert_error (error, CM_RULEBOOK_ERROR, (gint) bad_rulebooks[i].code);
      if (strstr (error->message, bad_rulebooks[i].named) == NULL)
        g_error ("%s: the message “%s” does not name “%s”", bad_rulebooks[i].name,
                 error->message, bad_rulebooks[i].named);
    }
}

static char *
edition_of_row (CmDb   *db,
                gint64  id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CmRulebook) rulebook = cm_rulebook_load_by_id (db, id, &error);

  g_assert_no_error (error);
  return g_strdup (cm_rulebook_get_edition (rulebook));
}

static void
test_store (void)
{
  g_autoptr(CmDb) db = open_new_db ("store.db");
  g_autoptr(GError) error = NULL;
  g_autoptr(CmRulebook) in_use = NULL;
  g_autoptr(CmRulebook) other = NULL;
  g_autoptr(CmRulebook) again = NULL;
  g_autoptr(CmRulebook) bad = NULL;
  g_autoptr(CmRulebook) missing = NULL;
  g_autoptr(GFile) bad_file = NULL;
  g_autofree char *bad_path = g_build_filename (tmp_dir, "bad-rulebook.json", NULL);
  g_autofree char *edition = NULL;
  gint64 default_id = 0, other_id = 0, id = 0;
  CmRulebook *default_book;

  /* First use: the default, stored and in use. */
  in_use = cm_rulebook_load_in_use (db, &default_id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (default_id, >, 0);
  default_book = cm_rulebook_new_default ();
  g_assert_cmpstr (cm_rulebook_get_sha256 (in_use), ==, cm_rulebook_get_sha256 (default_book));
  g_assert_cmpint (cm_db_query_int (db, "SELECT count(*) FROM rulebook WHERE in_use = 1", NULL), ==, 1);

  /* Storing it again finds it by its hash. */
  g_assert_true (cm_rulebook_store (default_book, db, &id, &error));
  g_assert_no_error (error);
  g_assert_cmpint (id, ==, default_id);
  g_assert_cmpint (cm_db_query_int (db, "SELECT count(*) FROM rulebook", NULL), ==, 1);
  g_object_unref (default_book);

  /* Another rulebook takes over; the old one is kept. */
  other = parse (BOOK (GOOD), &error);
  g_assert_no_error (error);
  g_assert_true (cm_rulebook_store (other, db, &other_id, &error));
  g_assert_no_error (error);
  g_assert_cmpint (other_id, !=, default_id);
  g_clear_object (&in_use);
  in_use = cm_rulebook_load_in_use (db, &id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, ==, other_id);
  g_assert_cmpstr (cm_rulebook_get_edition (in_use), ==, "Prueba");
  g_assert_cmpint (cm_db_query_int (db, "SELECT count(*) FROM rulebook", NULL), ==, 2);
  g_assert_cmpint (cm_db_query_int (db, "SELECT count(*) FROM rulebook WHERE in_use = 1", NULL), ==, 1);

  /* A bad rulebook is refused, and the one in use stays in use. */
  g_assert_true (g_file_set_contents (bad_path, BOOK (GOOD "," GOOD), -1, NULL));
  bad_file = g_file_new_for_path (bad_path);
  bad = cm_rulebook_new_from_file (bad_file, &error);
  g_assert_null (bad);
  g_assert_error (error, CM_RULEBOOK_ERROR, CM_RULEBOOK_ERROR_DUPLICATE);
  g_clear_error (&error);
  g_clear_object (&in_use);
  in_use = cm_rulebook_load_in_use (db, &id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, ==, other_id);
  g_assert_cmpint (cm_db_query_int (db, "SELECT count(*) FROM rulebook", NULL), ==, 2);

  /* Every rulebook ever used can be read back, as reviews name them. */
  edition = edition_of_row (db, default_id);
  {
    g_autoptr(CmRulebook) shipped = cm_rulebook_new_default ();

    g_assert_cmpstr (edition, ==, cm_rulebook_get_edition (shipped));
  }
  again = cm_rulebook_load_by_id (db, default_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cm_rulebook_get_rules (again)->len, >=, 25);
  missing = cm_rulebook_load_by_id (db, 9999, &error);
  g_assert_null (missing);
  g_assert_error (error, CM_RULEBOOK_ERROR, CM_RULEBOOK_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Going back to the default reuses its row. */
  g_assert_true (cm_rulebook_store (again, db, &id, &error));
  g_assert_cmpint (id, ==, default_id);
  g_assert_cmpint (cm_db_query_int (db, "SELECT id FROM rulebook WHERE in_use = 1", NULL), ==, default_id);

  /* A stored rulebook cannot be rewritten behind the desk's back. */
  g_assert_false (cm_db_exec (db, "UPDATE rulebook SET body = '{}'", &error));
  g_assert_error (error, CM_DB_ERROR, CM_DB_ERROR_QUERY);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);

  tmp_dir = cm_test_make_tmp_dir ("rulebook");

  g_test_add_func ("/rulebook/default", test_default);
  g_test_add_func ("/rulebook/validity", test_validity);
  g_test_add_func ("/rulebook/errors", test_errors);
  g_test_add_func ("/rulebook/store", test_store);

  status = g_test_run ();

  cm_test_remove_tree (tmp_dir);
  g_free (tmp_dir);
  return status;
}
