/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "comedores-cli"

#include "config.h"

#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <gio/gunixinputstream.h>
#include <glib/gi18n.h>

#include "cm-alcaldias.h"
#include "cm-audit.h"
#include "cm-boundary-import.h"
#include "cm-canteen.h"
#include "cm-canteen-list.h"
#include "cm-check-result.h"
#include "cm-checks.h"
#include "cm-compliance.h"
#include "cm-db.h"
#include "cm-demo.h"
#include "cm-geojson-export.h"
#include "cm-outbox.h"
#include "cm-period.h"
#include "cm-publication.h"
#include "cm-registry-import.h"
#include "cm-rulebook.h"
#include "cm-source.h"
#include "cm-stats.h"
#include "cm-sync.h"
#include "cm-table-export.h"
#include "cm-text.h"

/* Exit statuses: 0 done, 1 the work failed, 2 the command line was wrong. */
enum
{
  EXIT_OK = 0,
  EXIT_FAILED = 1,
  EXIT_USAGE = 2,
};

typedef struct
{
  char *db_path;   /* --db, or NULL for the default */
} Cli;

typedef int (*CommandFunc) (Cli   *cli,
                            int    argc,
                            char **argv);

typedef struct
{
  const char  *name;
  const char  *summary;    /* N_() */
  CommandFunc  run;
} Command;

static int cmd_demo   (Cli *cli, int argc, char **argv);
static int cmd_stats  (Cli *cli, int argc, char **argv);
static int cmd_source (Cli *cli, int argc, char **argv);
static int cmd_sync   (Cli *cli, int argc, char **argv);
static int cmd_audit  (Cli *cli, int argc, char **argv);
static int cmd_check  (Cli *cli, int argc, char **argv);
static int cmd_rules  (Cli *cli, int argc, char **argv);
static int cmd_import (Cli *cli, int argc, char **argv);
static int cmd_export (Cli *cli, int argc, char **argv);
static int cmd_verify_pdf (Cli *cli, int argc, char **argv);

/* One row per command; sync, import, check and export join here. */
static const Command commands[] = {
  { "demo",  N_("Fill an empty database with a demo world"), cmd_demo },
  { "stats", N_("Count what the database holds"),             cmd_stats },
  { "source", N_("Add, list or remove server accounts"),      cmd_source },
  { "sync",  N_("Pull the tablets’ reports from the servers"), cmd_sync },
  { "audit", N_("Check or list the audit log of people’s changes"), cmd_audit },
  { "check", N_("Review kitchens against the automatic rules"), cmd_check },
  { "rules", N_("Show the rulebook in use, or load another"),  cmd_rules },
  { "import", N_("Import the kitchens’ registry or the alcaldías’ boundaries"), cmd_import },
  { "export", N_("Write reports (PDF) and tables (CSV, XLSX, GeoJSON)"), cmd_export },
  { "verify-pdf", N_("Say whether a published PDF matches the database"), cmd_verify_pdf },
};

static int
fail (const GError *error)
{
  g_printerr ("comedores-cli: %s\n", error->message);
  return EXIT_FAILED;
}

static int
usage_error (const char *message)
{
  g_printerr ("comedores-cli: %s\n", message);
  g_printerr (_("Try “comedores-cli --help” for more information."));
  g_printerr ("\n");
  return EXIT_USAGE;
}

/* Parses a command's options; argv[0] is the command's name. On a usage
 * error prints it and returns FALSE. */
static gboolean
parse_command_options (const char    *name,
                       const char    *parameters,
                       const char    *summary,
                       GOptionEntry  *entries,
                       int           *argc,
                       char        ***argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (parameters);
  g_autoptr(GError) error = NULL;
  g_autofree char *prgname = g_strdup_printf ("comedores-cli %s", name);

  /* So that the command's --help reads "comedores-cli demo [OPTION…]". */
  g_set_prgname (prgname);
  g_option_context_set_summary (context, summary);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);

  if (!g_option_context_parse (context, argc, argv, &error))
    {
      usage_error (error->message);
      return FALSE;
    }

  return TRUE;
}

static CmDb *
open_db (Cli     *cli,
         GError **error)
{
  g_autofree char *path = cli->db_path ? g_strdup (cli->db_path) : cm_db_get_default_path ();

  return cm_db_open (path, error);
}

/* The automatic rules, brought up to date after data changed. */
static gboolean
update_checks (CmDb          *db,
               GCancellable  *cancellable,
               GError       **error)
{
  g_autoptr(GTimer) timer = g_timer_new ();
  CmChecksStats stats;
  guint closed = 0;

  if (!cm_compliance_update (db, &stats, &closed, cancellable, error))
    return FALSE;

  /* Translators: kitchen-months evaluated, then seconds */
  g_printerr (ngettext ("Checked the rules for %u kitchen-month in %.1f s.",
                        "Checked the rules for %u kitchen-months in %.1f s.",
                        stats.kitchen_periods),
              stats.kitchen_periods, g_timer_elapsed (timer, NULL));
  g_printerr ("\n");
  return TRUE;
}

/* demo */

static volatile sig_atomic_t interrupted = 0;

static void
on_interrupt (int signum)
{
  interrupted = 1;
}

typedef struct
{
  GCancellable *cancellable;
  gboolean      show;
  int           shown;
} DemoProgress;

static void
demo_progress (guint    done,
               guint    total,
               gpointer user_data)
{
  DemoProgress *progress = user_data;
  int percent = (int) ((guint64) done * 100 / MAX (total, 1));

  if (interrupted)
    g_cancellable_cancel (progress->cancellable);

  if (progress->show && percent != progress->shown)
    {
      /* Translators: a progress line: a percentage, then kitchens done and all kitchens */
      g_printerr ("\r");
      g_printerr (_("Writing the demo: %d %% (%u of %u kitchens)"), percent, done, total);
      progress->shown = percent;
    }
}

/* A whole YYYY-MM-DD, nothing after it. */
static gboolean
parse_date (const char *text,
            GDate      *date)
{
  return text != NULL && strlen (text) == 10 && cm_text_parse_date (text, date);
}

static void
print_count (const char *key,
             guint       value)
{
  g_print ("%s: %u\n", key, value);
}

static void
print_date (const char  *key,
            const GDate *date)
{
  g_print ("%s: %04u-%02u-%02u\n", key,
           g_date_get_year (date), g_date_get_month (date), g_date_get_day (date));
}

static int
cmd_demo (Cli   *cli,
          int    argc,
          char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CmDb) db = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GTimer) timer = NULL;
  g_autofree char *end = NULL;
  CmDemoOptions options;
  CmDemoSummary s;
  DemoProgress progress = { 0 };
  gint64 seed = -1;
  int kitchens = -1, months = -1;
  struct sigaction action = { 0 }, previous;
  gboolean ok;
  GOptionEntry entries[] = {
    { "seed", 0, 0, G_OPTION_ARG_INT64, &seed,
      N_("The random seed; the same seed gives the same world (default 2021)"), N_("N") },
    { "kitchens", 0, 0, G_OPTION_ARG_INT, &kitchens,
      N_("How many kitchens (default 450)"), N_("N") },
    { "months", 0, 0, G_OPTION_ARG_INT, &months,
      N_("How many months of daily reports (default 12)"), N_("N") },
    { "end", 0, 0, G_OPTION_ARG_STRING, &end,
      N_("The last day with reports (default yesterday)"), N_("YYYY-MM-DD") },
    { NULL }
  };

  if (!parse_command_options ("demo", "",
                              _("Fills an empty database with kitchens, their committees and "
                                "their daily reports, with anomalies planted at known rates, "
                                "then prints what it made as “key: value” lines."),
                              entries, &argc, &argv))
    return EXIT_USAGE;

  if (argc > 1)
    return usage_error (_("The demo command takes no arguments besides its options."));

  cm_demo_options_init_default (&options);
  if (seed != -1)
    {
      if (seed < 0)
        return usage_error (_("The seed must be a number from 0 up."));
      options.seed = (guint64) seed;
    }
  if (kitchens != -1)
    {
      if (kitchens < 1 || kitchens > 100000)
        return usage_error (_("The number of kitchens must be from 1 to 100000."));
      options.kitchens = (guint) kitchens;
    }
  if (months != -1)
    {
      if (months < 1 || months > 120)
        return usage_error (_("The number of months must be from 1 to 120."));
      options.months = (guint) months;
    }
  if (end != NULL && !parse_date (end, &options.end))
    return usage_error (_("The last day must be a date written as YYYY-MM-DD."));

  if (!(db = open_db (cli, &error)))
    return fail (error);

  progress.cancellable = cancellable;
  progress.show = isatty (STDERR_FILENO);
  progress.shown = -1;
  options.progress = demo_progress;
  options.progress_data = &progress;

  /* Ctrl+C cancels between kitchens, and the transaction is rolled back. */
  action.sa_handler = on_interrupt;
  sigemptyset (&action.sa_mask);
  sigaction (SIGINT, &action, &previous);

  timer = g_timer_new ();
  ok = cm_demo_generate (db, &options, &s, cancellable, &error);
  g_timer_stop (timer);

  sigaction (SIGINT, &previous, NULL);
  if (progress.show && progress.shown >= 0)
    g_printerr ("\n");

  if (!ok)
    return fail (error);

  g_printerr (_("Wrote a demo of %u kitchens and %u reports to “%s” in %.1f s."),
              s.kitchens, s.reports, cm_db_get_path (db), g_timer_elapsed (timer, NULL));
  g_printerr ("\n");

  if (!update_checks (db, cancellable, &error))
    return fail (error);

  g_print ("seed: %" G_GUINT64_FORMAT "\n", options.seed);
  print_date ("first_day", &s.first_day);
  print_date ("last_day", &s.last_day);
  print_count ("kitchens", s.kitchens);
  print_count ("comunitarios", s.comunitarios);
  print_count ("publicos", s.publicos);
  print_count ("kitchens_active", s.kitchens_active);
  print_count ("kitchens_suspended", s.kitchens_suspended);
  print_count ("kitchens_closed", s.kitchens_closed);
  print_count ("kitchens_opened_in_period", s.kitchens_opened_in_period);
  print_count ("committee_members", s.committee_members);
  print_count ("reports", s.reports);
  print_count ("purchases", s.purchases);
  print_count ("expected_days", s.expected_days);
  print_count ("missing_days", s.missing_days);
  print_count ("missing_streaks", s.missing_streaks);
  print_count ("fee_mismatches", s.fee_mismatches);
  print_count ("over_capacity", s.over_capacity);
  print_count ("gps_far", s.gps_far);
  print_count ("late_submissions", s.late_submissions);
  print_count ("unregistered_devices", s.unregistered_devices);
  print_count ("missing_receipts", s.missing_receipts);
  print_count ("duplicate_days", s.duplicate_days);
  print_count ("offday_reports", s.offday_reports);
  print_count ("unknown_folios", s.unknown_folios);
  print_count ("members_holding_office", s.members_holding_office);

  return EXIT_OK;
}

/* stats */

static int
cmd_stats (Cli   *cli,
           int    argc,
           char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CmDb) db = NULL;
  g_autoptr(GPtrArray) stats = NULL;
  GOptionEntry entries[] = { { NULL } };

  if (!parse_command_options ("stats", "",
                              _("Prints what the database holds as “key: value” lines."),
                              entries, &argc, &argv))
    return EXIT_USAGE;

  if (argc > 1)
    return usage_error (_("The stats command takes no arguments."));

  if (!(db = open_db (cli, &error)))
    return fail (error);

  if (!(stats = cm_stats_collect (db, &error)))
    return fail (error);

  for (guint i = 0; i < stats->len; i++)
    {
      const CmStat *stat = g_ptr_array_index (stats, i);

      g_print ("%s: %" G_GINT64_FORMAT "\n", stat->key, stat->value);
    }

  return EXIT_OK;
}

/* secrets */

/* The password or token: from standard input (one line) when asked, or
 * from COMEDORES_SECRET. Never from the command line, where other users
 * and the shell's history would see it. */
static char *
read_secret (gboolean   from_stdin,
             GError   **error)
{
  const char *env = g_getenv ("COMEDORES_SECRET");

  if (from_stdin)
    {
      g_autoptr(GInputStream) in = g_unix_input_stream_new (STDIN_FILENO, FALSE);
      g_autoptr(GDataInputStream) data = g_data_input_stream_new (in);
      char *line = g_data_input_stream_read_line_utf8 (data, NULL, NULL, error);

      if (line == NULL)
        {
          if (error != NULL && *error == NULL)
            g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                         _("No password or token arrived on standard input."));
          return NULL;
        }
      g_strchomp (line);
      return line;
    }

  if (env != NULL && *env != '\0')
    return g_strdup (env);

  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
               _("Give the password or token on standard input with --secret-stdin, or in the COMEDORES_SECRET environment variable."));
  return NULL;
}

static void
scrub (char *secret)
{
  if (secret != NULL)
    memset (secret, 0, strlen (secret));
  g_free (secret);
}

/* source */

static int
source_add (Cli   *cli,
            int    argc,
            char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CmDb) db = NULL;
  g_autoptr(CmSource) source = NULL;
  g_autofree char *name = NULL;
  g_autofree char *kind_name = NULL;
  g_autofree char *url = NULL;
  g_autofree char *project = NULL;
  g_autofree char *form = NULL;
  g_autofree char *user = NULL;
  gboolean secret_stdin = FALSE;
  gboolean no_check = FALSE;
  char *secret = NULL;
  CmSourceKind kind;
  GOptionEntry entries[] = {
    { "name", 0, 0, G_OPTION_ARG_STRING, &name, N_("A name for the account"), N_("NAME") },
    { "kind", 0, 0, G_OPTION_ARG_STRING, &kind_name, N_("central or kobo"), N_("KIND") },
    { "url", 0, 0, G_OPTION_ARG_STRING, &url, N_("The server, such as https://central.example.org"), N_("URL") },
    { "project", 0, 0, G_OPTION_ARG_STRING, &project, N_("Central’s project number"), N_("ID") },
    { "form", 0, 0, G_OPTION_ARG_STRING, &form, N_("Central’s form id, or KoBoToolbox’s asset uid"), N_("ID") },
    { "user", 0, 0, G_OPTION_ARG_STRING, &user, N_("Central’s user email"), N_("EMAIL") },
    { "secret-stdin", 0, 0, G_OPTION_ARG_NONE, &secret_stdin, N_("Read the password or token from standard input"), NULL },
    { "no-check", 0, 0, G_OPTION_ARG_NONE, &no_check, N_("Save the account without testing it"), NULL },
    { NULL }
  };

  if (!parse_command_options ("source add", "",
                              _("Adds a server account, after testing that it can read its form."),
                              entries, &argc, &argv))
    return EXIT_USAGE;

  if (argc > 1)
    return usage_error (_("The source add command takes no arguments besides its options."));
  if (name == NULL || kind_name == NULL || url == NULL || form == NULL)
    return usage_error (_("An account needs --name, --kind, --url and --form."));
  if (!cm_source_kind_from_name (kind_name, &kind))
    return usage_error (_("The kind of an account is “central” or “kobo”."));

  if (!no_check && !(secret = read_secret (secret_stdin, &error)))
    return fail (error);

  if (!(db = open_db (cli, &error)) ||
      !(source = cm_source_add (db, name, kind, url, project, form, user, &error)))
    {
      scrub (secret);
      return fail (error);
    }

  if (!no_check && !cm_sync_check (source, secret, NULL, NULL, &error))
    {
      scrub (secret);
      cm_source_remove (db, cm_source_get_id (source), NULL);
      return fail (error);
    }
  scrub (secret);

  g_print ("source: %s\n", cm_source_get_name (source));
  g_print ("id: %" G_GINT64_FORMAT "\n", cm_source_get_id (source));
  g_print ("checked: %s\n", no_check ? "no" : "yes");
  return EXIT_OK;
}

static int
source_list (Cli   *cli,
             int    argc,
             char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CmDb) db = NULL;
  g_autoptr(GListModel) sources = NULL;
  GOptionEntry entries[] = { { NULL } };

  if (!parse_command_options ("source list", "", _("Lists the server accounts, one per line."),
                              entries, &argc, &argv))
    return EXIT_USAGE;

  if (!(db = open_db (cli, &error)) || !(sources = cm_source_list (db, &error)))
    return fail (error);

  for (guint i = 0; i < g_list_model_get_n_items (sources); i++)
    {
      g_autoptr(CmSource) source = g_list_model_get_item (sources, i);

      g_print ("%s\t%s\t%s\t%s%s%s\n",
               cm_source_get_name (source), cm_source_get_kind_name (source),
               cm_source_get_base_url (source),
               cm_source_get_project (source) ? cm_source_get_project (source) : "",
               cm_source_get_project (source) ? "/" : "",
               cm_source_get_form_id (source));
    }

  return EXIT_OK;
}

static int
source_remove (Cli   *cli,
               int    argc,
               char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CmDb) db = NULL;
  g_autoptr(CmSource) source = NULL;
  GOptionEntry entries[] = { { NULL } };

  if (!parse_command_options ("source remove", _("NAME"),
                              _("Removes a server account; the reports it brought stay."),
                              entries, &argc, &argv))
    return EXIT_USAGE;
  if (argc != 2)
    return usage_error (_("Name the account to remove."));

  if (!(db = open_db (cli, &error)) ||
      !(source = cm_source_find (db, argv[1], &error)) ||
      !cm_source_remove (db, cm_source_get_id (source), &error))
    return fail (error);

  return EXIT_OK;
}

static int
cmd_source (Cli   *cli,
            int    argc,
            char **argv)
{
  if (argc >= 2 && g_str_equal (argv[1], "add"))
    return source_add (cli, argc - 1, argv + 1);
  if (argc >= 2 && g_str_equal (argv[1], "list"))
    return source_list (cli, argc - 1, argv + 1);
  if (argc >= 2 && g_str_equal (argv[1], "remove"))
    return source_remove (cli, argc - 1, argv + 1);

  return usage_error (_("Use “source add”, “source list” or “source remove”."));
}

/* sync */

typedef struct
{
  GCancellable *cancellable;
  gboolean      show;
} SyncProgress;

static void
sync_progress (const CmSyncStats *stats,
               gpointer           user_data)
{
  SyncProgress *progress = user_data;

  if (interrupted)
    g_cancellable_cancel (progress->cancellable);

  if (!progress->show)
    return;

  g_printerr ("\r");
  if (stats->expected >= 0)
    {
      g_autofree char *expected = g_strdup_printf ("%" G_GINT64_FORMAT, stats->expected);
      /* Translators: a progress line: rows received, then rows the server has */
      g_printerr (_("Received %u of %s submissions"), stats->received, expected);
    }
  else
    g_printerr (_("Received %u submissions"), stats->received);
}

static void
print_sync_stats (const CmSyncStats *stats)
{
  g_print ("received: %u\n", stats->received);
  g_print ("expected: %" G_GINT64_FORMAT "\n", stats->expected);
  g_print ("inserted: %u\n", stats->inserted);
  g_print ("updated: %u\n", stats->updated);
  g_print ("unchanged: %u\n", stats->unchanged);
  g_print ("quarantined: %u\n", stats->quarantined);
  g_print ("pages: %u\n", stats->pages);
}

static int
cmd_sync (Cli   *cli,
          int    argc,
          char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CmDb) db = NULL;
  g_autoptr(GListModel) sources = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *name = NULL;
  gboolean secret_stdin = FALSE;
  int timeout = 0;
  char *secret = NULL;
  int status = EXIT_OK;
  guint synced = 0;
  GOptionEntry entries[] = {
    { "source", 0, 0, G_OPTION_ARG_STRING, &name, N_("Only this account (the default is every account)"), N_("NAME") },
    { "secret-stdin", 0, 0, G_OPTION_ARG_NONE, &secret_stdin, N_("Read the password or token from standard input"), NULL },
    { "timeout", 0, 0, G_OPTION_ARG_INT, &timeout, N_("Give up on a request after SECONDS (default 30)"), N_("SECONDS") },
    { NULL }
  };

  if (!parse_command_options ("sync", "",
                              _("Pulls the submissions that are new or changed since the last sync, then prints its figures as “key: value” lines."),
                              entries, &argc, &argv))
    return EXIT_USAGE;
  if (argc > 1)
    return usage_error (_("The sync command takes no arguments besides its options."));
  if (timeout < 0)
    return usage_error (_("The timeout is a number of seconds."));

  if (!(db = open_db (cli, &error)) || !(sources = cm_source_list (db, &error)))
    return fail (error);

  if (!(secret = read_secret (secret_stdin, &error)))
    return fail (error);

  signal (SIGINT, on_interrupt);
  signal (SIGTERM, on_interrupt);

  for (guint i = 0; i < g_list_model_get_n_items (sources); i++)
    {
      g_autoptr(CmSource) source = g_list_model_get_item (sources, i);
      SyncProgress progress = { cancellable, isatty (STDERR_FILENO) };
      CmSyncOptions options;
      CmSyncStats stats = { 0 };
      guint pushed = 0;

      if (name != NULL && g_strcmp0 (name, cm_source_get_name (source)) != 0)
        continue;

      cm_sync_options_init (&options);
      if (timeout > 0)
        options.timeout_seconds = (guint) timeout;

      synced++;
      g_print ("source: %s\n", cm_source_get_name (source));

      /* The desk's reviews go up first, so the pull brings them back as
       * the server now has them. */
      if (!cm_outbox_push (db, source, secret, &options, &pushed, cancellable, &error))
        {
          status = fail (error);
          break;
        }
      g_print ("pushed: %u\n", pushed);

      if (!cm_sync_pull (db, source, secret, &options, sync_progress, &progress, &stats, cancellable, &error))
        {
          if (progress.show)
            g_printerr ("\n");
          print_sync_stats (&stats);
          status = fail (error);
          break;
        }
      if (progress.show)
        g_printerr ("\n");
      print_sync_stats (&stats);
    }

  scrub (secret);

  /* What arrived is checked even when a later page failed: the pages
   * before it are in the database. */
  if (synced > 0 && !interrupted)
    {
      g_autoptr(GError) check_error = NULL;

      if (!update_checks (db, NULL, &check_error) && status == EXIT_OK)
        status = fail (check_error);
    }

  if (status == EXIT_OK && synced == 0)
    {
      if (name != NULL)
        {
          g_set_error (&error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("There is no account named “%s”."), name);
          return fail (error);
        }
      g_set_error (&error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("There is no server account yet; add one with “comedores-cli source add”."));
      return fail (error);
    }

  return status;
}

/* audit */

static int
audit_verify (Cli   *cli,
              int    argc,
              char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CmDb) db = NULL;
  g_autofree char *head = NULL;
  g_autofree char *count = NULL;
  gint64 rows = 0, first_bad = 0;
  GOptionEntry entries[] = { { NULL } };

  if (!parse_command_options ("audit verify", "",
                              _("Recomputes the audit log’s hash chain and names the first row that was "
                                "altered, inserted or removed. Exits with 1 when the chain is broken."),
                              entries, &argc, &argv))
    return EXIT_USAGE;
  if (argc > 1)
    return usage_error (_("The audit verify command takes no arguments."));

  if (!(db = open_db (cli, &error)))
    return fail (error);

  if (!cm_audit_verify (db, &rows, &first_bad, &error))
    {
      if (first_bad > 0)
        g_print ("first_bad: %" G_GINT64_FORMAT "\n", first_bad);
      return fail (error);
    }
  if (!(head = cm_audit_get_head (db, &error)))
    return fail (error);

  count = g_strdup_printf ("%" G_GINT64_FORMAT, rows);
  /* Translators: the audit log's hash chain is whole; %s is a count of rows */
  g_print (g_dngettext (GETTEXT_PACKAGE, "ok, %s row", "ok, %s rows", (gulong) rows), count);
  g_print ("\n");
  /* The last hash, to write down: cut rows at the end show against it. */
  g_print ("head: %s\n", head);
  return EXIT_OK;
}

static void
print_field (const char *text)
{
  /* One change per line: tabs, line breaks and backslashes inside a value
   * are written as \t, \n, \r and \\; everything else as it is. */
  g_autoptr(GString) out = g_string_new (NULL);

  for (const char *p = text ? text : ""; *p; p++)
    {
      switch (*p)
        {
        case '\t': g_string_append (out, "\\t"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\r': g_string_append (out, "\\r"); break;
        case '\\': g_string_append (out, "\\\\"); break;
        default: g_string_append_c (out, *p); break;
        }
    }
  g_print ("%s", out->str);
}

static int
audit_list (Cli   *cli,
            int    argc,
            char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CmDb) db = NULL;
  g_autoptr(GListModel) entries_model = NULL;
  g_autofree char *entity = NULL;
  gint64 entity_id = 0;
  GOptionEntry entries[] = {
    { "entity", 0, 0, G_OPTION_ARG_STRING, &entity,
      N_("Only changes to this kind of record: review, finding, sanction, status_change, report"), N_("KIND") },
    { "id", 0, 0, G_OPTION_ARG_INT64, &entity_id, N_("Only changes to the record with this id"), N_("N") },
    { NULL }
  };

  if (!parse_command_options ("audit list", "",
                              _("Prints the audit log, oldest first, one change per line: id, time (UTC), "
                                "person, action, kind of record, record id, before and after (JSON), "
                                "separated by tabs."),
                              entries, &argc, &argv))
    return EXIT_USAGE;
  if (argc > 1)
    return usage_error (_("The audit list command takes no arguments besides its options."));
  if (entity_id != 0 && entity == NULL)
    return usage_error (_("--id needs --entity: say which kind of record the id is of."));
  if (entity_id < 0)
    return usage_error (_("A record id is a positive number."));

  if (!(db = open_db (cli, &error)) ||
      !(entries_model = cm_audit_list (db, entity, entity_id, &error)))
    return fail (error);

  for (guint i = 0; i < g_list_model_get_n_items (entries_model); i++)
    {
      g_autoptr(CmAuditEntry) entry = g_list_model_get_item (entries_model, i);

      g_print ("%" G_GINT64_FORMAT "\t", cm_audit_entry_get_id (entry));
      print_field (cm_audit_entry_get_at (entry));
      g_print ("\t");
      print_field (cm_audit_entry_get_actor (entry));
      g_print ("\t%s\t%s\t%s\t", cm_audit_entry_get_action (entry), cm_audit_entry_get_entity (entry),
               cm_audit_entry_get_entity_id (entry));
      print_field (cm_audit_entry_get_before (entry));
      g_print ("\t");
      print_field (cm_audit_entry_get_after (entry));
      g_print ("\n");
    }

  return EXIT_OK;
}

/* check */

/* A period (cm-period.h: a month, a quarter, a year or a range) into its
 * months, oldest first. */
static GPtrArray *
parse_periods (const char  *text,
               GError     **error)
{
  g_autoptr(GPtrArray) months = g_ptr_array_new_with_free_func (g_free);
  CmPeriod period;

  if (!cm_period_parse (text, &period, error))
    return NULL;
  for (int i = cm_month_index (period.first_month); i <= cm_month_index (period.last_month); i++)
    {
      char *month = g_malloc (8);

      cm_month_write (i, month);
      g_ptr_array_add (months, month);
    }
  return g_steal_pointer (&months);
}

/* The rulebooks the results name, each loaded once. */
static CmRulebook *
rulebook_for (CmDb       *db,
              GHashTable *rulebooks,
              gint64      id)
{
  CmRulebook *rulebook = g_hash_table_lookup (rulebooks, &id);

  if (rulebook == NULL)
    {
      gint64 *key = g_new (gint64, 1);

      *key = id;
      rulebook = cm_rulebook_load_by_id (db, id, NULL);
      g_hash_table_insert (rulebooks, key, rulebook);
    }

  return rulebook;
}

/* The version of @code in force during @period (the latest one). */
static CmRule *
rule_in_period (CmRulebook *rulebook,
                const char *code,
                const char *period)
{
  GPtrArray *versions = rulebook != NULL ? cm_rulebook_get_versions (rulebook, code) : NULL;
  GDate first, last;

  if (versions == NULL || !cm_checks_parse_period (period, &first, &last))
    return NULL;

  for (guint i = versions->len; i > 0; i--)
    {
      CmRule *rule = g_ptr_array_index (versions, i - 1);
      const GDate *from = cm_rule_get_valid_from (rule);
      const GDate *until = cm_rule_get_valid_until (rule);

      if ((!g_date_valid (from) || g_date_compare (from, &last) <= 0) &&
          (!g_date_valid (until) || g_date_compare (until, &first) >= 0))
        return rule;
    }

  return NULL;
}

static guint
rule_position (CmRulebook *rulebook,
               const char *code)
{
  GPtrArray *rules = rulebook != NULL ? cm_rulebook_get_rules (rulebook) : NULL;

  for (guint i = 0; rules != NULL && i < rules->len; i++)
    if (g_strcmp0 (cm_rule_get_code (g_ptr_array_index (rules, i)), code) == 0)
      return i;
  return G_MAXUINT;
}

typedef struct
{
  CmCheckResult *result;
  guint          position;
} Line;

static int
compare_lines (gconstpointer a,
               gconstpointer b)
{
  const Line *la = a, *lb = b;

  if (la->position != lb->position)
    return la->position < lb->position ? -1 : 1;
  return g_strcmp0 (cm_check_result_get_rule_code (la->result),
                    cm_check_result_get_rule_code (lb->result));
}

static void
print_padded (const char *text,
              guint       width)
{
  glong n = g_utf8_strlen (text, -1);

  g_print ("%s", text);
  for (glong i = n; i < (glong) width; i++)
    g_print (" ");
}

/* The results of one kitchen (or of no kitchen) for one month, in the
 * rulebook's order. */
static void
print_results (CmDb       *db,
               GHashTable *rulebooks,
               GPtrArray  *results,
               guint       from,
               guint       to)
{
  g_autoptr(GArray) lines = g_array_new (FALSE, FALSE, sizeof (Line));
  guint width = 0;

  for (CmCheckOutcome o = CM_CHECK_OUTCOME_PASS; o <= CM_CHECK_OUTCOME_NOT_APPLICABLE; o++)
    width = MAX (width, (guint) g_utf8_strlen (cm_check_outcome_get_label (o), -1));

  for (guint i = from; i < to; i++)
    {
      CmCheckResult *result = g_ptr_array_index (results, i);
      CmRulebook *rulebook = rulebook_for (db, rulebooks, cm_check_result_get_rulebook_id (result));
      Line line = { result, rule_position (rulebook, cm_check_result_get_rule_code (result)) };

      g_array_append_val (lines, line);
    }
  g_array_sort (lines, compare_lines);

  for (guint i = 0; i < lines->len; i++)
    {
      CmCheckResult *result = g_array_index (lines, Line, i).result;
      CmRulebook *rulebook = rulebook_for (db, rulebooks, cm_check_result_get_rulebook_id (result));
      CmRule *rule = rule_in_period (rulebook, cm_check_result_get_rule_code (result),
                                     cm_check_result_get_period (result));
      g_autofree char *description = cm_check_result_describe (result);

      g_print ("  ");
      print_padded (cm_check_result_get_rule_code (result), 8);
      print_padded (cm_check_outcome_get_label (cm_check_result_get_outcome (result)), width + 2);
      g_print ("%s", rule != NULL ? cm_rule_get_title (rule) : "");
      if (cm_check_result_get_outcome (result) == CM_CHECK_OUTCOME_FAIL && rule != NULL)
        g_print (" [%s]", cm_rule_severity_get_label (cm_rule_get_severity (rule)));
      g_print ("\n");
      print_padded ("", 10 + width + 2);
      g_print ("%s\n", description);
    }
}

/* Results of (@canteen_id, @period) within @results, sorted by kitchen and
 * month: [*from, *to). */
static gboolean
find_results (GPtrArray  *results,
              gint64      canteen_id,
              const char *period,
              guint      *from,
              guint      *to)
{
  *from = *to = 0;
  for (guint i = 0; i < results->len; i++)
    {
      CmCheckResult *r = g_ptr_array_index (results, i);

      if (cm_check_result_get_canteen_id (r) == canteen_id &&
          g_strcmp0 (cm_check_result_get_period (r), period) == 0)
        {
          if (*to == 0)
            *from = i;
          *to = i + 1;
        }
      else if (*to != 0)
        break;
    }

  return *to > *from;
}

static int
cmd_check (Cli   *cli,
           int    argc,
           char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CmDb) db = NULL;
  g_autoptr(GPtrArray) months = NULL;
  g_autoptr(GPtrArray) verdicts = NULL;
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GPtrArray) nobody = NULL;
  g_autoptr(GHashTable) rulebooks = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                                           (GDestroyNotify) g_object_unref);
  g_autofree char *period = NULL;
  g_autofree char *folio = NULL;
  const char *first, *last;
  gint64 canteen_id = -1;
  gint64 shown = -1;
  GOptionEntry entries[] = {
    { "period", 0, 0, G_OPTION_ARG_STRING, &period,
      N_("The month, or the first and last months, to show"), N_("YYYY-MM[..YYYY-MM]") },
    { "kitchen", 0, 0, G_OPTION_ARG_STRING, &folio,
      N_("Only the kitchen with this folio"), N_("FOLIO") },
    { NULL }
  };

  if (!parse_command_options ("check", "",
                              _("Brings the automatic rules up to date with the reports, then prints, "
                                "for each kitchen and month, the result of each rule with what it "
                                "found, and the verdict."),
                              entries, &argc, &argv))
    return EXIT_USAGE;
  if (argc > 1)
    return usage_error (_("The check command takes no arguments besides its options."));
  if (period == NULL)
    return usage_error (_("Say which months to check with --period, such as --period 2025-03 or --period 2025-01..2025-06."));
  if (!(months = parse_periods (period, &error)))
    return usage_error (error->message);

  if (!(db = open_db (cli, &error)))
    return fail (error);
  if (folio != NULL && !cm_checks_find_kitchen (db, folio, &canteen_id, &error))
    return fail (error);

  signal (SIGINT, on_interrupt);
  if (!update_checks (db, NULL, &error))
    return fail (error);
  for (guint i = 0; i < months->len; i++)
    if (!cm_checks_ensure_period (db, NULL, g_ptr_array_index (months, i), NULL, &error))
      return fail (error);

  first = g_ptr_array_index (months, 0);
  last = g_ptr_array_index (months, months->len - 1);
  if (!(verdicts = cm_check_verdict_load (db, canteen_id, first, last, &error)) ||
      !(results = cm_check_result_load (db, canteen_id, first, last, &error)))
    return fail (error);

  for (guint i = 0; i < verdicts->len; i++)
    {
      const CmCheckVerdict *v = g_ptr_array_index (verdicts, i);
      guint from, to;

      if (v->canteen_id != shown)
        {
          g_print ("%s%s  %s\n", shown == -1 ? "" : "\n", v->folio, v->name);
          shown = v->canteen_id;
        }

      /* Translators: a month, its verdict, then how many operating days it had
       * to report and how many reports it sent */
      g_print (_("%s: %s (%u operating days due, %u reports)"), v->period,
               cm_verdict_get_label (v->verdict), v->due_days, v->reports);
      g_print ("\n");
      if (find_results (results, v->canteen_id, v->period, &from, &to))
        print_results (db, rulebooks, results, from, to);
    }

  if (canteen_id >= 0 && verdicts->len == 0)
    {
      g_print (_("The kitchen %s was not open and sent no report in these months."), folio);
      g_print ("\n");
    }

  /* The programme-wide rule on reports of no kitchen. */
  if (canteen_id < 0)
    {
      if (!(nobody = cm_check_result_load (db, 0, first, last, &error)))
        return fail (error);
      for (guint i = 0; i < nobody->len; )
        {
          guint from, to;
          const char *month = cm_check_result_get_period (g_ptr_array_index (nobody, i));

          if (!find_results (nobody, 0, month, &from, &to))
            break;
          g_print ("\n");
          /* Translators: a month */
          g_print (_("Reports of no registered kitchen, %s"), month);
          g_print ("\n");
          print_results (db, rulebooks, nobody, from, to);
          i = to;
        }
    }

  return EXIT_OK;
}

static int
cmd_audit (Cli   *cli,
           int    argc,
           char **argv)
{
  if (argc >= 2 && g_str_equal (argv[1], "verify"))
    return audit_verify (cli, argc - 1, argv + 1);
  if (argc >= 2 && g_str_equal (argv[1], "list"))
    return audit_list (cli, argc - 1, argv + 1);

  return usage_error (_("Use “audit verify” or “audit list”."));
}

/* rules */

static void
print_validity (CmRule *rule)
{
  const GDate *from = cm_rule_get_valid_from (rule);
  const GDate *until = cm_rule_get_valid_until (rule);
  char a[16] = "…", b[16] = "…";

  if (g_date_valid (from))
    g_snprintf (a, sizeof a, "%04u-%02u-%02u", g_date_get_year (from), g_date_get_month (from),
                g_date_get_day (from));
  if (g_date_valid (until))
    g_snprintf (b, sizeof b, "%04u-%02u-%02u", g_date_get_year (until), g_date_get_month (until),
                g_date_get_day (until));
  g_print ("%s..%s", a, b);
}

static int
cmd_rules (Cli   *cli,
           int    argc,
           char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CmDb) db = NULL;
  g_autoptr(CmRulebook) rulebook = NULL;
  g_autofree char *load = NULL;
  gint64 id = 0;
  GPtrArray *rules;
  GOptionEntry entries[] = {
    { "load", 0, 0, G_OPTION_ARG_FILENAME, &load,
      N_("Check the rulebook in FILE and, if it is valid, put it in use"), N_("FILE") },
    { NULL }
  };

  if (!parse_command_options ("rules", "",
                              _("Prints the rulebook in use: its edition, and each version of each rule "
                                "with its kind, severity, days in force and title. With --load, a new "
                                "rulebook is checked first; one with any error is refused and the one "
                                "in use stays in use."),
                              entries, &argc, &argv))
    return EXIT_USAGE;
  if (argc > 1)
    return usage_error (_("The rules command takes no arguments besides its options."));

  if (load != NULL)
    {
      g_autoptr(GFile) file = g_file_new_for_commandline_arg (load);

      if (!(rulebook = cm_rulebook_new_from_file (file, &error)))
        return fail (error);
    }

  if (!(db = open_db (cli, &error)))
    return fail (error);

  if (rulebook != NULL)
    {
      if (!cm_rulebook_store (rulebook, db, &id, &error))
        return fail (error);
    }
  else if (!(rulebook = cm_rulebook_load_in_use (db, &id, &error)))
    return fail (error);

  g_print ("edition: %s\n", cm_rulebook_get_edition (rulebook));
  g_print ("sha256: %s\n", cm_rulebook_get_sha256 (rulebook));
  g_print ("id: %" G_GINT64_FORMAT "\n", id);

  rules = cm_rulebook_get_rules (rulebook);
  for (guint i = 0; i < rules->len; i++)
    {
      CmRule *rule = g_ptr_array_index (rules, i);

      g_print ("%-8s %-10s %-12s ", cm_rule_get_code (rule), cm_rule_kind_to_string (cm_rule_get_kind (rule)),
               cm_rule_severity_to_string (cm_rule_get_severity (rule)));
      print_validity (rule);
      g_print ("  %s\n", cm_rule_get_title (rule));
    }

  /* The results follow the rulebook now in use. */
  if (load != NULL && !update_checks (db, NULL, &error))
    return fail (error);

  return EXIT_OK;
}

/* main */

/* import */

static int
cmd_import (Cli   *cli,
            int    argc,
            char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CmDb) db = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GObject) import = NULL;
  g_autofree char *actor = NULL;
  g_autofree char *text = NULL;
  CmImportReport *report;
  gboolean dry_run = FALSE;
  gboolean registry;
  gboolean applied;
  GOptionEntry entries[] = {
    { "dry-run", 0, 0, G_OPTION_ARG_NONE, &dry_run,
      N_("Print what the import would do, and change nothing"), NULL },
    { NULL }
  };

  if (!parse_command_options ("import", _("registry FILE.csv | boundaries FILE.geojson"),
                              _("Imports the kitchens’ registry (a CSV file in the layout of the city’s "
                                "open data: ID, Nombre, Tipo, Dirección, Colonia, Alcaldía, Latitud, "
                                "Longitud, Horario) or the alcaldías’ boundaries (a GeoJSON "
                                "FeatureCollection with the properties cvegeo and nomgeo). Prints each "
                                "problem with its line, then the counts; the import is written whole or "
                                "not at all. Kitchens are added and updated, never deleted."),
                              entries, &argc, &argv))
    return EXIT_USAGE;
  if (argc != 3 || !(g_str_equal (argv[1], "registry") || g_str_equal (argv[1], "boundaries")))
    return usage_error (_("Use “import registry FILE.csv” or “import boundaries FILE.geojson”."));

  registry = g_str_equal (argv[1], "registry");
  file = g_file_new_for_commandline_arg (argv[2]);
  if (!(db = open_db (cli, &error)))
    return fail (error);

  if (registry)
    import = (GObject *) cm_registry_import_new_from_file (db, file, NULL, &error);
  else
    import = (GObject *) cm_boundary_import_new_from_file (db, file, NULL, &error);
  if (import == NULL)
    return fail (error);

  if (!dry_run)
    {
      actor = cm_audit_default_actor ();
      applied = registry ? cm_registry_import_apply (CM_REGISTRY_IMPORT (import), actor, &error)
                         : cm_boundary_import_apply (CM_BOUNDARY_IMPORT (import), actor, &error);
      if (!applied)
        return fail (error);
    }

  report = registry ? cm_registry_import_get_report (CM_REGISTRY_IMPORT (import))
                    : cm_boundary_import_get_report (CM_BOUNDARY_IMPORT (import));
  text = cm_import_report_to_text (report);
  g_print ("%s", text);

  /* New and moved kitchens are due for the rules again. */
  if (registry && !dry_run &&
      cm_import_report_get_count (report, "added") + cm_import_report_get_count (report, "updated") > 0 &&
      !update_checks (db, NULL, &error))
    return fail (error);

  return EXIT_OK;
}

/* export */

static gboolean
kitchen_matches (CmCanteen            *canteen,
                 const CmAlcaldiaInfo *alcaldia,
                 const char           *status,
                 const char           *compliance)
{
  const char *verdict = cm_canteen_get_compliance (canteen);

  if (alcaldia != NULL && g_strcmp0 (cm_canteen_get_alcaldia_code (canteen), alcaldia->code) != 0)
    return FALSE;
  if (status != NULL && g_strcmp0 (cm_canteen_get_status (canteen), status) != 0)
    return FALSE;
  if (compliance != NULL &&
      g_strcmp0 (verdict != NULL ? verdict : "sin_evaluar", compliance) != 0)
    return FALSE;
  return TRUE;
}

static int
export_geojson (Cli   *cli,
                int    argc,
                char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CmDb) db = NULL;
  g_autoptr(GListModel) all = NULL;
  g_autoptr(GListStore) chosen = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *alcaldia_name = NULL;
  g_autofree char *status = NULL;
  g_autofree char *compliance = NULL;
  const CmAlcaldiaInfo *alcaldia = NULL;
  const char * const statuses[] = { "active", "suspended", "closed", NULL };
  CmVerdict verdict;
  guint n = 0;
  GDate today;
  GOptionEntry entries[] = {
    { "alcaldia", 0, 0, G_OPTION_ARG_STRING, &alcaldia_name,
      N_("Only the kitchens of this alcaldía, by name or INEGI code"), N_("NAME") },
    { "status", 0, 0, G_OPTION_ARG_STRING, &status,
      N_("Only kitchens with this status: active, suspended or closed"), N_("STATUS") },
    { "compliance", 0, 0, G_OPTION_ARG_STRING, &compliance,
      N_("Only kitchens with this latest verdict: cumple, cumple_con_observaciones, no_cumple or sin_evaluar"),
      N_("VERDICT") },
    { NULL }
  };

  if (!parse_command_options ("export geojson", _("FILE"),
                              _("Writes the kitchens as a GeoJSON FeatureCollection (WGS84), with their "
                                "status and compliance, for QGIS and other GIS tools."),
                              entries, &argc, &argv))
    return EXIT_USAGE;
  if (argc != 2)
    return usage_error (_("Name the file to write."));

  if (alcaldia_name != NULL &&
      !(alcaldia = cm_alcaldias_find_by_code (alcaldia_name)) &&
      !(alcaldia = cm_alcaldias_find_by_name (alcaldia_name)))
    {
      g_autofree char *message = g_strdup_printf (_("“%s” is not an alcaldía of Mexico City."), alcaldia_name);
      return usage_error (message);
    }
  if (status != NULL && !g_strv_contains (statuses, status))
    {
      g_autofree char *message = g_strdup_printf (_("“%s” is not a status; use active, suspended or closed."),
                                                  status);
      return usage_error (message);
    }
  if (compliance != NULL && !cm_verdict_from_string (compliance, &verdict))
    {
      g_autofree char *message = g_strdup_printf (_("“%s” is not a verdict; use cumple, "
                                                    "cumple_con_observaciones, no_cumple or sin_evaluar."),
                                                  compliance);
      return usage_error (message);
    }

  cm_text_get_today (&today);
  if (!(db = open_db (cli, &error)) || !(all = cm_canteen_list_load (db, &today, &error)))
    return fail (error);

  chosen = g_list_store_new (CM_TYPE_CANTEEN);
  for (guint i = 0; i < g_list_model_get_n_items (all); i++)
    {
      g_autoptr(CmCanteen) canteen = g_list_model_get_item (all, i);

      if (kitchen_matches (canteen, alcaldia, status, compliance))
        g_list_store_append (chosen, canteen);
    }

  file = g_file_new_for_commandline_arg (argv[1]);
  if (!cm_geojson_export_write (G_LIST_MODEL (chosen), file, &n, NULL, &error))
    return fail (error);

  /* Translators: %u is a count of kitchens, %s a file name */
  g_printerr (ngettext ("Wrote %u kitchen to %s.", "Wrote %u kitchens to %s.", n), n, argv[1]);
  g_printerr ("\n");
  return EXIT_OK;
}

/* export pdf */

static int
export_pdf (Cli   *cli,
            int    argc,
            char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CmDb) db = NULL;
  g_autofree char *period_text = NULL;
  g_autofree char *paper_text = NULL;
  g_autofree char *output = NULL;
  g_autofree char *out_dir = NULL;
  CmPublicationOptions options = { 0 };
  const char *what;
  GOptionEntry entries[] = {
    { "period", 'p', 0, G_OPTION_ARG_STRING, &period_text,
      N_("The months it covers: 2026-10, 2026-T3, 2026 or 2026-01..2026-06"), N_("PERIOD") },
    { "paper", 0, 0, G_OPTION_ARG_STRING, &paper_text, N_("letter (the default) or a4"), N_("PAPER") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("The PDF to write"), N_("FILE") },
    { "out", 0, 0, G_OPTION_ARG_FILENAME, &out_dir,
      N_("For “kitchens”: the folder to write one PDF per kitchen in"), N_("FOLDER") },
    { NULL }
  };

  if (!parse_command_options ("export pdf", _("kitchen FOLIO | programme | kitchens"),
                              _("Writes a published report as PDF: a kitchen’s compliance report, the "
                                "programme report, or one compliance report per kitchen. Each PDF carries a "
                                "manifest that “comedores-cli verify-pdf” checks."),
                              entries, &argc, &argv))
    return EXIT_USAGE;
  if (argc < 2)
    return usage_error (_("Say which report: kitchen FOLIO, programme or kitchens."));
  what = argv[1];
  if (period_text == NULL)
    return usage_error (_("Give the period with --period."));
  if (!cm_period_parse (period_text, &options.period, &error))
    return usage_error (error->message);
  options.paper = CM_PAPER_LETTER;
  if (paper_text != NULL && !cm_paper_from_string (paper_text, &options.paper))
    return usage_error (_("The paper is letter or a4."));

  if (g_str_equal (what, "kitchen"))
    {
      if (argc != 3)
        return usage_error (_("Name the kitchen by its folio: export pdf kitchen CC294 …"));
      options.kind = CM_PUBLICATION_KITCHEN;
      options.folio = argv[2];
    }
  else if (g_str_equal (what, "programme") || g_str_equal (what, "kitchens"))
    {
      if (argc != 2)
        return usage_error (_("Too many arguments."));
      options.kind = g_str_equal (what, "programme") ? CM_PUBLICATION_PROGRAMME : CM_PUBLICATION_KITCHEN;
    }
  else
    return usage_error (_("Say which report: kitchen FOLIO, programme or kitchens."));

  if (g_str_equal (what, "kitchens") ? out_dir == NULL : output == NULL)
    return usage_error (g_str_equal (what, "kitchens") ? _("Name the folder to write in with --out.")
                                                        : _("Name the file to write with -o."));

  if (!(db = open_db (cli, &error)) || !update_checks (db, NULL, &error))
    return fail (error);

  if (!g_str_equal (what, "kitchens"))
    {
      g_autoptr(GFile) file = g_file_new_for_commandline_arg (output);

      if (!cm_publication_write (db, &options, file, NULL, &error))
        return fail (error);
      /* Translators: %s is a file name */
      g_printerr (_("Wrote %s."), output);
      g_printerr ("\n");
      return EXIT_OK;
    }
  else
    {
      g_autoptr(GFile) dir = g_file_new_for_commandline_arg (out_dir);
      g_autoptr(GPtrArray) folios = g_ptr_array_new_with_free_func (g_free);
      sqlite3_stmt *stmt;
      guint written;

      {
        g_autoptr(GMutexLocker) locker = g_mutex_locker_new (cm_db_get_mutex (db));

        if (!(stmt = cm_db_prepare (db, "SELECT folio FROM canteen ORDER BY folio", &error)))
          return fail (error);
        while (sqlite3_step (stmt) == SQLITE_ROW)
          g_ptr_array_add (folios, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
        sqlite3_reset (stmt);
      }
      g_ptr_array_add (folios, NULL);

      written = cm_publication_write_kitchens (db, &options, (const char * const *) folios->pdata, dir, NULL,
                                               &error);
      /* Translators: a count of PDF files, then a folder */
      g_printerr (ngettext ("Wrote %u report in %s.", "Wrote %u reports in %s.", written), written, out_dir);
      g_printerr ("\n");
      if (error != NULL)
        return fail (error);
      return EXIT_OK;
    }
}

/* verify-pdf */

static int
cmd_verify_pdf (Cli   *cli,
                int    argc,
                char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CmDb) db = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(CmPublicationCheck) check = NULL;
  GOptionEntry entries[] = { { NULL } };
  gboolean matches;

  if (!parse_command_options ("verify-pdf", _("FILE"),
                              _("Rebuilds the report a PDF made by Comedores describes, from the database as it "
                                "is now, and says whether the file matches it and, if not, what differs."),
                              entries, &argc, &argv))
    return EXIT_USAGE;
  if (argc != 2)
    return usage_error (_("Name the PDF to verify."));

  file = g_file_new_for_commandline_arg (argv[1]);
  if (!(bytes = g_file_load_bytes (file, NULL, NULL, &error)))
    return fail (error);
  if (!(db = open_db (cli, &error)) || !update_checks (db, NULL, &error) ||
      !(check = cm_publication_verify (db, bytes, &error)))
    return fail (error);

  for (guint i = 0; i < check->differences->len; i++)
    {
      g_autofree char *sentence = cm_publication_describe_difference (g_ptr_array_index (check->differences, i));

      g_print ("%s\n", sentence);
    }
  if (!check->same_rulebook)
    g_print ("%s\n", _("The rulebook in use is not the one the document was made with."));

  matches = check->differences->len == 0 && check->same_rulebook && check->same_bytes;
  if (matches)
    /* Translators: %s is a file name */
    g_print (_("%s matches the database: rebuilt from it, it is the same file, byte for byte."), argv[1]);
  else if (check->differences->len == 0 && check->same_rulebook && !check->same_app)
    /* Translators: %s is a file name, then two versions of Comedores */
    g_print (_("%s matches the database’s records, but it was made by Comedores %s and this is %s, so its "
               "bytes cannot be compared."), argv[1], cm_manifest_get_app_version (check->published),
             PACKAGE_VERSION);
  else if (check->differences->len == 0 && check->same_rulebook)
    /* Translators: %s is a file name */
    g_print (_("%s does not match: its records are the database’s, but the file is not what they give. "
               "It was changed after it was made."), argv[1]);
  else
    /* Translators: %s is a file name, %u the number of records that differ */
    g_print (ngettext ("%s does not match the database: %u record differs.",
                       "%s does not match the database: %u records differ.", check->differences->len),
             argv[1], check->differences->len);
  g_print ("\n");

  if (matches)
    return EXIT_OK;
  return check->differences->len == 0 && check->same_rulebook && !check->same_app ? EXIT_OK : EXIT_FAILED;
}

/* export csv|xlsx: the tables of cm-table-export */

static int
export_table (Cli   *cli,
              int    argc,
              char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CmDb) db = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *period_text = NULL;
  g_autofree char *output = NULL;
  g_autofree char *name = g_strdup_printf ("export %s", argv[0]);
  CmTableExportOptions options;
  CmTableFormat format;
  CmTable table;
  guint n = 0;
  GOptionEntry entries[] = {
    { "period", 0, 0, G_OPTION_ARG_STRING, &period_text,
      N_("Only the reports and results of this period: 2026-10, 2026-T3, 2026 or 2026-01..2026-06; "
         "for kitchens, the period of the figures (default: every month)"), N_("PERIOD") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("Write the table to FILE"), N_("FILE") },
    { NULL }
  };

  if (!cm_table_format_parse (argv[0], &format, &error))
    return usage_error (error->message);
  if (!parse_command_options (name, _("kitchens|reports|checks"),
                              _("Writes a table for spreadsheets and other tools: the kitchens, every report "
                                "of a period, or the automatic rules’ results of a period."),
                              entries, &argc, &argv))
    return EXIT_USAGE;
  if (argc < 2)
    return usage_error (_("Name the table to export: kitchens, reports or checks."));
  if (argc > 2)
    return usage_error (_("Name one table only, and the file with -o FILE."));
  if (!cm_table_parse (argv[1], &table, &error))
    return usage_error (error->message);
  if (output == NULL)
    return usage_error (_("Name the file to write with -o FILE."));

  cm_table_export_options_init (&options, table, format);
  if (period_text != NULL)
    {
      if (!cm_period_parse (period_text, &options.period, &error))
        return usage_error (error->message);
      options.has_period = TRUE;
    }

  file = g_file_new_for_commandline_arg (output);
  if (!(db = open_db (cli, &error)) ||
      !cm_table_export_to_file (db, &options, file, &n, NULL, &error))
    return fail (error);

  /* Translators: %u is a count of rows, %s a file name */
  g_printerr (ngettext ("Wrote %u row to %s.", "Wrote %u rows to %s.", n), n, output);
  g_printerr ("\n");
  return EXIT_OK;
}

static int
cmd_export (Cli   *cli,
            int    argc,
            char **argv)
{
  if (argc >= 2 && g_str_equal (argv[1], "geojson"))
    return export_geojson (cli, argc - 1, argv + 1);
  if (argc >= 2 && g_str_equal (argv[1], "pdf"))
    return export_pdf (cli, argc - 1, argv + 1);
  if (argc >= 2 && (g_str_equal (argv[1], "csv") || g_str_equal (argv[1], "xlsx")))
    return export_table (cli, argc - 1, argv + 1);

  return usage_error (_("Use “export pdf”, “export csv”, “export xlsx” or “export geojson”."));
}

static char *
describe_commands (void)
{
  GString *text = g_string_new (_("Commands:"));

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    g_string_append_printf (text, "\n  %-10s %s", commands[i].name, _(commands[i].summary));

  g_string_append (text, "\n\n");
  g_string_append (text, _("Run “comedores-cli COMMAND --help” for a command’s options."));

  return g_string_free (text, FALSE);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *description = NULL;
  gboolean version = FALSE;
  Cli cli = { 0 };
  int status = EXIT_USAGE;
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &cli.db_path,
      N_("Use the database at PATH instead of the default one"), N_("PATH") },
    { "version", 0, 0, G_OPTION_ARG_NONE, &version,
      N_("Print the version and exit"), NULL },
    { NULL }
  };

  setlocale (LC_ALL, "");
  /* COMEDORES_LOCALEDIR: the catalogues of a build tree, for its tests. */
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("COMEDORES_LOCALEDIR") != NULL ? g_getenv ("COMEDORES_LOCALEDIR")
                                                                              : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_set_prgname ("comedores-cli");

  description = describe_commands ();
  context = g_option_context_new (_("COMMAND [ARGUMENTS…]"));
  g_option_context_set_summary (context, _("Works with a Comedores database from the command line."));
  g_option_context_set_description (context, description);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  /* Stop at the command: what follows it is the command's. */
  g_option_context_set_strict_posix (context, TRUE);

  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      status = usage_error (error->message);
      goto out;
    }

  if (version)
    {
      g_print ("comedores-cli %s\n", PACKAGE_VERSION);
      status = EXIT_OK;
      goto out;
    }

  if (argc < 2)
    {
      status = usage_error (_("Name a command."));
      goto out;
    }

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_strcmp0 (commands[i].name, argv[1]) == 0)
      {
        status = commands[i].run (&cli, argc - 1, argv + 1);
        goto out;
      }

  {
    g_autofree char *message = g_strdup_printf (_("“%s” is not a command."), argv[1]);
    status = usage_error (message);
  }

out:
  g_free (cli.db_path);
  return status;
}
