/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "comedores-cli"

#include "config.h"

#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n.h>

#include "cm-db.h"
#include "cm-demo.h"
#include "cm-stats.h"
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

static int cmd_demo  (Cli *cli, int argc, char **argv);
static int cmd_stats (Cli *cli, int argc, char **argv);

/* One row per command; sync, import, check and export join here. */
static const Command commands[] = {
  { "demo",  N_("Fill an empty database with a demo world"), cmd_demo },
  { "stats", N_("Count what the database holds"),             cmd_stats },
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

/* main */

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
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
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
