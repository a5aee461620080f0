/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "cm-test-util.h"

#include <glib/gstdio.h>
#include <string.h>
#include <sys/wait.h>

/* Runs the built comedores-cli (COMEDORES_CLI, set by meson) as a person would. */

static char *tmp_dir;

typedef struct
{
  int   status;     /* exit status */
  char *out;
  char *err;
} Run;

static void
run_clear (Run *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
}

static void
run_cli (Run *run,
         ...)
{
  const char *cli = g_getenv ("COMEDORES_CLI");
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) envp = g_get_environ ();
  const char *arg;
  int wait_status = 0;
  va_list args;

  g_assert_nonnull (cli);
  g_assert_true (g_file_test (cli, G_FILE_TEST_IS_EXECUTABLE));

  g_ptr_array_add (argv, (char *) cli);
  va_start (args, run);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (char *) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  /* Never the tester's own database. */
  envp = g_environ_setenv (envp, "XDG_DATA_HOME", tmp_dir, TRUE);

  run_clear (run);
  g_spawn_sync (NULL, (char **) argv->pdata, envp, G_SPAWN_DEFAULT, NULL, NULL,
                &run->out, &run->err, &wait_status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (wait_status));
  run->status = WEXITSTATUS (wait_status);
}

/* "key: value" lines into a table; every line must be one. */
static GHashTable *
parse_lines (const char *text)
{
  g_autoptr(GHashTable) table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  g_autoptr(GRegex) regex = g_regex_new ("^([a-z_]+): (-?[0-9]+|[0-9]{4}-[0-9]{2}-[0-9]{2})$", 0, 0, NULL);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr(GMatchInfo) match = NULL;
      char *key;

      if (lines[i][0] == '\0' && lines[i + 1] == NULL)
        break;
      if (!g_regex_match (regex, lines[i], 0, &match))
        g_error ("not a “key: value” line: “%s”", lines[i]);
      key = g_match_info_fetch (match, 1);
      g_assert_false (g_hash_table_contains (table, key));
      g_hash_table_insert (table, key, g_match_info_fetch (match, 2));
    }

  return g_steal_pointer (&table);
}

static gint64
get_int (GHashTable *table,
         const char *key)
{
  const char *value = g_hash_table_lookup (table, key);

  if (value == NULL)
    g_error ("no “%s” line", key);
  return g_ascii_strtoll (value, NULL, 10);
}

static void
test_demo_then_stats (void)
{
  g_autofree char *db = g_build_filename (tmp_dir, "cli.db", NULL);
  g_autoptr(GHashTable) demo = NULL;
  g_autoptr(GHashTable) stats = NULL;
  Run run = { 0 };

  run_cli (&run, "--db", db, "demo", "--kitchens", "20", "--months", "1", "--end", "2026-10-31", NULL);
  g_assert_cmpstr (run.err, !=, NULL);
  g_assert_cmpint (run.status, ==, 0);
  demo = parse_lines (run.out);

  g_assert_cmpint (get_int (demo, "kitchens"), ==, 20);
  g_assert_cmpint (get_int (demo, "seed"), ==, 2021);
  g_assert_cmpstr (g_hash_table_lookup (demo, "first_day"), ==, "2026-10-01");
  g_assert_cmpstr (g_hash_table_lookup (demo, "last_day"), ==, "2026-10-31");
  g_assert_cmpint (get_int (demo, "comunitarios") + get_int (demo, "publicos"), ==, 20);
  /* 21 operating days in October 2026, about 3 % missing */
  g_assert_cmpint (get_int (demo, "reports"), >, 20 * 21 * 85 / 100);
  g_assert_cmpint (get_int (demo, "reports"), <, 20 * 21 * 110 / 100);
  g_assert_cmpint (get_int (demo, "unknown_folios"), ==, 2);
  g_assert_cmpint (get_int (demo, "missing_days"), >=, 0);
  g_assert_cmpint (get_int (demo, "duplicate_days"), >=, 0);

  run_cli (&run, "--db", db, "stats", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.err, ==, "");
  stats = parse_lines (run.out);

  g_assert_cmpint (get_int (stats, "kitchens"), ==, 20);
  g_assert_cmpint (get_int (stats, "reports"), ==, get_int (demo, "reports"));
  g_assert_cmpint (get_int (stats, "purchases"), ==, get_int (demo, "purchases"));
  g_assert_cmpint (get_int (stats, "committee_members"), ==, get_int (demo, "committee_members"));
  g_assert_cmpint (get_int (stats, "alcaldias"), ==, 16);
  g_assert_cmpint (get_int (stats, "kitchens_active") + get_int (stats, "kitchens_suspended") +
                   get_int (stats, "kitchens_closed"), ==, 20);
  g_assert_cmpint (get_int (stats, "kitchens_active"), ==, get_int (demo, "kitchens_active"));
  g_assert_cmpint (get_int (stats, "quarantined"), ==, 0);
  g_assert_cmpint (get_int (stats, "outbox_pending"), ==, 0);
  g_assert_cmpint (get_int (stats, "schema_version"), >=, 1);

  /* A second demo into the same file is refused, and says why. */
  run_cli (&run, "--db", db, "demo", "--kitchens", "5", "--months", "1", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_true (g_str_has_prefix (run.err, "comedores-cli: "));
  g_assert_cmpstr (run.out, ==, "");

  run_cli (&run, "--db", db, "stats", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_clear_pointer (&stats, g_hash_table_unref);
  stats = parse_lines (run.out);
  g_assert_cmpint (get_int (stats, "kitchens"), ==, 20);

  run_clear (&run);
}

static void
test_same_seed_same_output (void)
{
  g_autofree char *a = g_build_filename (tmp_dir, "seed-a.db", NULL);
  g_autofree char *b = g_build_filename (tmp_dir, "seed-b.db", NULL);
  g_autofree char *out_a = NULL;
  Run run = { 0 };

  run_cli (&run, "--db", a, "demo", "--seed", "99", "--kitchens", "8", "--months", "2", "--end", "2024-03-15", NULL);
  g_assert_cmpint (run.status, ==, 0);
  out_a = g_steal_pointer (&run.out);

  run_cli (&run, "--db", b, "demo", "--seed", "99", "--kitchens", "8", "--months", "2", "--end", "2024-03-15", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, out_a);
  g_assert_nonnull (strstr (run.out, "seed: 99\n"));
  g_assert_nonnull (strstr (run.out, "first_day: 2024-01-16\n"));

  run_clear (&run);
}

static void
test_usage_errors (void)
{
  g_autofree char *db = g_build_filename (tmp_dir, "usage.db", NULL);
  Run run = { 0 };

  run_cli (&run, NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_true (g_str_has_prefix (run.err, "comedores-cli: "));

  run_cli (&run, "--db", db, "frobnicate", NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "frobnicate"));

  run_cli (&run, "--no-such-option", NULL);
  g_assert_cmpint (run.status, ==, 2);

  run_cli (&run, "--db", db, "demo", "--kitchens", "0", NULL);
  g_assert_cmpint (run.status, ==, 2);

  run_cli (&run, "--db", db, "demo", "--kitchens", "many", NULL);
  g_assert_cmpint (run.status, ==, 2);

  run_cli (&run, "--db", db, "demo", "--months", "0", NULL);
  g_assert_cmpint (run.status, ==, 2);

  run_cli (&run, "--db", db, "demo", "--end", "2026-02-30", NULL);
  g_assert_cmpint (run.status, ==, 2);

  run_cli (&run, "--db", db, "demo", "--end", "31/10/2026", NULL);
  g_assert_cmpint (run.status, ==, 2);

  run_cli (&run, "--db", db, "demo", "extra", NULL);
  g_assert_cmpint (run.status, ==, 2);

  run_cli (&run, "--db", db, "stats", "extra", NULL);
  g_assert_cmpint (run.status, ==, 2);

  /* none of these touched the database */
  g_assert_false (g_file_test (db, G_FILE_TEST_EXISTS));

  run_clear (&run);
}

static void
test_help (void)
{
  Run run = { 0 };

  run_cli (&run, "--help", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "--db"));
  g_assert_nonnull (strstr (run.out, "demo"));
  g_assert_nonnull (strstr (run.out, "stats"));

  run_cli (&run, "demo", "--help", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "comedores-cli demo"));
  g_assert_nonnull (strstr (run.out, "--kitchens"));
  g_assert_nonnull (strstr (run.out, "--seed"));
  g_assert_nonnull (strstr (run.out, "--end"));

  run_cli (&run, "stats", "--help", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "comedores-cli stats"));

  run_cli (&run, "--version", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (g_str_has_prefix (run.out, "comedores-cli "));

  run_clear (&run);
}

static void
test_not_a_database (void)
{
  g_autofree char *path = g_build_filename (tmp_dir, "notes.txt", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  Run run = { 0 };

  g_file_set_contents (path, "these are not kitchens\n", -1, &error);
  g_assert_no_error (error);

  run_cli (&run, "--db", path, "stats", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_true (g_str_has_prefix (run.err, "comedores-cli: "));
  g_assert_nonnull (strstr (run.err, path));

  /* left as it was */
  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (contents, ==, "these are not kitchens\n");

  run_clear (&run);
}

/* check: every kitchen's rules and verdict, after the demo brought them up
 * to date. */
static void
test_check (void)
{
  g_autofree char *db = g_build_filename (tmp_dir, "check.db", NULL);
  g_autoptr(GHashTable) demo = NULL;
  g_auto(GStrv) lines = NULL;
  guint kitchens = 0;
  Run run = { 0 };

  run_cli (&run, "--db", db, "demo", "--kitchens", "12", "--months", "2", "--end", "2026-10-31", NULL);
  g_assert_cmpint (run.status, ==, 0);
  /* the demo checks what it wrote */
  g_assert_nonnull (strstr (run.err, "kitchen-months"));
  demo = parse_lines (run.out);

  run_cli (&run, "--db", db, "check", "--period", "2026-10", "--kitchen", "cc001", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (g_str_has_prefix (run.out, "CC001  "));
  g_assert_nonnull (strstr (run.out, "\n2026-10: "));
  g_assert_nonnull (strstr (run.out, "INF-01"));
  g_assert_nonnull (strstr (run.out, "CUO-01"));
  g_assert_nonnull (strstr (run.out, "COM-01"));
  g_assert_null (strstr (run.out, "CC002"));
  /* the rules' own Spanish titles */
  g_assert_nonnull (strstr (run.out, "Informe diario de cada día de servicio"));

  /* Two months, every kitchen, and the reports of no kitchen. */
  run_cli (&run, "--db", db, "check", "--period", "2026-09..2026-10", NULL);
  g_assert_cmpint (run.status, ==, 0);
  lines = g_strsplit (run.out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], "CC") || g_str_has_prefix (lines[i], "CP"))
      kitchens++;
  g_assert_cmpint (kitchens, ==, get_int (demo, "kitchens"));
  g_assert_nonnull (strstr (run.out, "2026-09: "));
  g_assert_nonnull (strstr (run.out, "INF-05"));

  /* A month with no reports at all is evaluated when asked for. */
  run_cli (&run, "--db", db, "check", "--period", "2025-01", "--kitchen", "CC001", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "2025-01: "));

  run_cli (&run, "--db", db, "check", NULL);
  g_assert_cmpint (run.status, ==, 2);
  run_cli (&run, "--db", db, "check", "--period", "2026-13", NULL);
  g_assert_cmpint (run.status, ==, 2);
  run_cli (&run, "--db", db, "check", "--period", "2026-10..2026-09", NULL);
  g_assert_cmpint (run.status, ==, 2);
  run_cli (&run, "--db", db, "check", "--period", "2026-10", "--kitchen", "CC999", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "CC999"));

  run_clear (&run);
}

/* rules: the rulebook in use; a bad one is refused and changes nothing. */
static void
test_rules (void)
{
  g_autofree char *db = g_build_filename (tmp_dir, "rules.db", NULL);
  g_autofree char *bad = g_build_filename (tmp_dir, "bad-rules.json", NULL);
  g_autofree char *good = g_build_filename (tmp_dir, "good-rules.json", NULL);
  g_autofree char *shipped = NULL;
  Run run = { 0 };

  run_cli (&run, "--db", db, "rules", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (g_str_has_prefix (run.out, "edition: "));
  g_assert_nonnull (strstr (run.out, "\nINF-01 "));
  g_assert_nonnull (strstr (run.out, "2020-03-23..2020-12-31"));   /* take-away only */
  shipped = g_strdup (strstr (run.out, "sha256: "));
  *strchr (shipped, '\n') = '\0';

  g_assert_true (g_file_set_contents (bad,
    "{\"format\":1,\"edition\":\"Mala\",\"rules\":[{\"code\":\"X-1\",\"category\":\"c\","
    "\"kind\":\"automatic\",\"check\":\"gps_distance\",\"title\":\"t\",\"description\":\"d\","
    "\"severity\":\"warning\",\"versions\":[{\"parameters\":{\"radius\":250}}]}]}", -1, NULL));
  run_cli (&run, "--db", db, "rules", "--load", bad, NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "X-1"));
  g_assert_nonnull (strstr (run.err, "radius"));
  run_cli (&run, "--db", db, "rules", NULL);
  g_assert_nonnull (strstr (run.out, shipped));

  g_assert_true (g_file_set_contents (good,
    "{\"format\":1,\"edition\":\"Buena\",\"rules\":[{\"code\":\"X-1\",\"category\":\"c\","
    "\"kind\":\"automatic\",\"check\":\"gps_distance\",\"title\":\"t\",\"description\":\"d\","
    "\"severity\":\"warning\",\"versions\":[{\"parameters\":{\"radius_m\":300}}]}]}", -1, NULL));
  run_cli (&run, "--db", db, "rules", "--load", good, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (g_str_has_prefix (run.out, "edition: Buena\n"));
  run_cli (&run, "--db", db, "rules", NULL);
  g_assert_true (g_str_has_prefix (run.out, "edition: Buena\n"));

  run_clear (&run);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  tmp_dir = cm_test_make_tmp_dir ("test-cli");

  g_test_add_func ("/cli/demo-then-stats", test_demo_then_stats);
  g_test_add_func ("/cli/same-seed-same-output", test_same_seed_same_output);
  g_test_add_func ("/cli/usage-errors", test_usage_errors);
  g_test_add_func ("/cli/help", test_help);
  g_test_add_func ("/cli/not-a-database", test_not_a_database);
  g_test_add_func ("/cli/check", test_check);
  g_test_add_func ("/cli/rules", test_rules);

  status = g_test_run ();

  cm_test_remove_tree (tmp_dir);
  g_free (tmp_dir);

  return status;
}
