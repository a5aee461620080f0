/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "comedores-sim"

#include "config.h"

#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gi18n.h>
#include <glib-unix.h>

#include "cm-sim.h"

/* comedores-sim: a loopback server that speaks the ODK Central and
 * KoboToolbox APIs over the demo world. See tools/README.md. */

enum
{
  EXIT_OK = 0,
  EXIT_FAILED = 1,
  EXIT_USAGE = 2,
};

static int
usage_error (const char *message)
{
  g_printerr ("comedores-sim: %s\n", message);
  g_printerr (_("Try “comedores-sim --help” for more information."));
  g_printerr ("\n");
  return EXIT_USAGE;
}

static gboolean
parse_day (const char *text,
           GDate      *out)
{
  guint year, month, day;
  char end;

  if (sscanf (text, "%4u-%2u-%2u%c", &year, &month, &day, &end) != 3 ||
      !g_date_valid_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year))
    return FALSE;
  g_date_clear (out, 1);
  g_date_set_dmy (out, (GDateDay) day, (GDateMonth) month, (GDateYear) year);
  return TRUE;
}

static void
server_cb (SoupServer        *server,
           SoupServerMessage *msg,
           const char        *path,
           GHashTable        *query,
           gpointer           data)
{
  CmSim *sim = data;
  const char *raw_path = g_uri_get_path (soup_server_message_get_uri (msg));

  if (g_str_has_prefix (raw_path, "/api/v2/") || strcmp (raw_path, "/token/") == 0 ||
      strcmp (raw_path, "/token") == 0)
    cm_sim_kobo_handle (sim, msg);
  else
    cm_sim_central_handle (sim, msg);

  if (sim->verbose)
    {
      const char *query_text = g_uri_get_query (soup_server_message_get_uri (msg));

      g_printerr ("comedores-sim: %s %s%s%s → %u\n", soup_server_message_get_method (msg), raw_path,
                  query_text != NULL ? "?" : "", query_text != NULL ? query_text : "",
                  soup_server_message_get_status (msg));
    }
}

/* Connections are accepted here and handed to the server: libsoup 3.2's
 * own listener leaks each connection's socket. */
static gboolean
incoming_cb (GSocketService    *service,
             GSocketConnection *connection,
             GObject           *source,
             gpointer           data)
{
  CmSim *sim = data;
  g_autoptr(GSocketAddress) local = g_socket_connection_get_local_address (connection, NULL);
  g_autoptr(GSocketAddress) remote = g_socket_connection_get_remote_address (connection, NULL);
  g_autoptr(GError) error = NULL;

  if (!soup_server_accept_iostream (sim->server, G_IO_STREAM (connection), local, remote, &error))
    g_warning ("a connection could not be accepted: %s", error->message);

  return TRUE;
}

static gboolean
signal_cb (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_CONTINUE;
}

static gboolean
quit_cb (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

static char *
describe_faults (void)
{
  GString *out = g_string_new (_("Faults (--fault KIND, repeatable; each strikes once, on the first "
                                 "data page it fits, unless --fault-rate R makes it strike on each "
                                 "fitting data page with probability R; at most one per response):"));

  g_string_append_c (out, '\n');
  for (CmSimFaultKind kind = 0; kind < CM_SIM_N_FAULTS; kind++)
    g_string_append_printf (out, "  %-18s %s\n", cm_sim_fault_name (kind), cm_sim_fault_help (kind));
  g_string_append (out, _("A data page is Central’s Submissions feed or Kobo’s data/ list."));
  g_string_append_c (out, '\n');

  return g_string_free (out, FALSE);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CmSimWorld) world = NULL;
  g_autoptr(CmSimFaults) faults = NULL;
  g_autoptr(SoupServer) server = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autofree char *description = NULL;
  g_autofree char *end_text = NULL;
  g_autofree char *db_path = NULL;
  g_auto(GStrv) fault_names = NULL;
  g_autoptr(GSocketService) service = NULL;
  g_autoptr(GHashTable) sessions = NULL;
  g_autoptr(GRand) rand = NULL;
  g_autoptr(GInetAddress) loopback = NULL;
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GSocketAddress) bound = NULL;
  CmSimWorldOptions options = { 0 };
  CmSim sim = { 0 };
  int port = 0, seed = 2021, kitchens = 450, months = 12, submissions = 0, slow_seconds = 30;
  double rate = 0;
  gboolean verbose = FALSE;
  guint n, sigterm, sigint;

  GOptionEntry entries[] = {
    { "port", 0, 0, G_OPTION_ARG_INT, &port, N_("Listen on this port of 127.0.0.1 (0: a free one)"), N_("N") },
    { "seed", 0, 0, G_OPTION_ARG_INT, &seed, N_("The demo’s seed (2021)"), N_("N") },
    { "kitchens", 0, 0, G_OPTION_ARG_INT, &kitchens, N_("How many kitchens (450)"), N_("N") },
    { "months", 0, 0, G_OPTION_ARG_INT, &months, N_("How many months of reports (12)"), N_("N") },
    { "end", 0, 0, G_OPTION_ARG_STRING, &end_text, N_("The last day of reports (yesterday)"), N_("YYYY-MM-DD") },
    { "submissions", 0, 0, G_OPTION_ARG_INT, &submissions,
      N_("Serve only the oldest N submissions (0: all)"), N_("N") },
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db_path,
      N_("Serve the reports of this demo database, read-only, instead of a new demo"), N_("PATH") },
    { "fault", 0, 0, G_OPTION_ARG_STRING_ARRAY, &fault_names, N_("Inject a fault (see below)"), N_("KIND") },
    { "fault-rate", 0, 0, G_OPTION_ARG_DOUBLE, &rate,
      N_("Strike each fault on every fitting data page with this probability, 0 to 1"), N_("R") },
    { "slow-seconds", 0, 0, G_OPTION_ARG_INT, &slow_seconds,
      N_("How long the slow fault waits (30)"), N_("S") },
    { "verbose", 'v', 0, G_OPTION_ARG_NONE, &verbose, N_("Log each request on standard error"), NULL },
    { NULL }
  };

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  context = g_option_context_new (NULL);
  g_option_context_set_summary (context,
                                _("Serves the demo world over the ODK Central and KoboToolbox APIs, "
                                  "on 127.0.0.1 only. The first line written is the base URL."));
  description = describe_faults ();
  g_option_context_set_description (context, description);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return usage_error (error->message);
  if (argc > 1)
    return usage_error (_("This command takes no arguments, only options."));

  if (port < 0 || port > 65535)
    return usage_error (_("The port must be from 0 to 65535."));
  if (kitchens < 1 || months < 1 || submissions < 0 || slow_seconds < 0)
    return usage_error (_("--kitchens and --months must be 1 or more; --submissions and "
                          "--slow-seconds 0 or more."));
  if (!(rate >= 0 && rate <= 1))
    return usage_error (_("--fault-rate must be a number from 0 to 1."));

  options.seed = (guint64) seed;
  options.kitchens = (guint) kitchens;
  options.months = (guint) months;
  options.submissions = (guint) submissions;
  options.db_path = db_path;
  if (end_text != NULL && !parse_day (end_text, &options.end))
    return usage_error (_("--end takes a date written YYYY-MM-DD."));

  faults = cm_sim_faults_new (rate, options.seed);
  for (guint i = 0; fault_names != NULL && fault_names[i] != NULL; i++)
    if (!cm_sim_faults_add (faults, fault_names[i]))
      {
        g_autofree char *message = g_strdup_printf (_("“%s” is not a fault this server knows."),
                                                    fault_names[i]);
        return usage_error (message);
      }

  world = cm_sim_world_new (&options, &error);
  if (world == NULL)
    {
      g_printerr ("comedores-sim: %s\n", error->message);
      return EXIT_FAILED;
    }

  n = cm_sim_world_get_n (world);
  sim.world = world;
  sim.faults = faults;
  sim.slow_seconds = (guint) slow_seconds;
  sim.verbose = verbose;
  sim.rand = rand = g_rand_new ();
  sim.sessions = sessions = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, cm_sim_session_free);
  sim.last_login_ms = G_MININT64;

  if (n > 0 && cm_sim_faults_has (faults, CM_SIM_FAULT_ESCAPE_ATTACHMENT))
    cm_sim_world_rename_photo (world, cm_sim_world_get (world, n - 1), CM_SIM_ESCAPE_NAME);
  if (n > 0 && cm_sim_faults_has (faults, CM_SIM_FAULT_EDITED))
    {
      sim.edit_pending = TRUE;
      sim.edit_seq = n / 2;
    }
  if (n > 1 && cm_sim_faults_has (faults, CM_SIM_FAULT_ARRIVALS))
    {
      sim.arrivals = cm_sim_world_hold_back (world, CLAMP (n / 10, 1, 20));
      sim.arrivals_pending = TRUE;
    }

  server = soup_server_new ("server-header", "comedores-sim ", "raw-paths", TRUE, NULL);
  soup_server_add_handler (server, NULL, server_cb, &sim, NULL);
  sim.server = server;
  service = g_socket_service_new ();
  loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  address = g_inet_socket_address_new (loopback, (guint16) port);
  if (!g_socket_listener_add_address (G_SOCKET_LISTENER (service), address, G_SOCKET_TYPE_STREAM,
                                      G_SOCKET_PROTOCOL_TCP, NULL, &bound, &error))
    {
      g_printerr ("comedores-sim: %s\n", error->message);
      return EXIT_FAILED;
    }
  g_signal_connect (service, "incoming", G_CALLBACK (incoming_cb), &sim);
  g_socket_service_start (service);
  sim.base_url = g_strdup_printf ("http://127.0.0.1:%u",
                                  g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));

  printf ("%s\n", sim.base_url);
  fflush (stdout);
  if (verbose)
    g_printerr ("comedores-sim: %u submissions (%u held back)\n", n, sim.arrivals);

  loop = g_main_loop_new (NULL, FALSE);
  sigterm = g_unix_signal_add (SIGTERM, signal_cb, loop);
  sigint = g_unix_signal_add (SIGINT, signal_cb, loop);
  g_main_loop_run (loop);
  g_source_remove (sigterm);
  g_source_remove (sigint);

  /* close the clients' connections too, and give their closing a moment */
  cm_sim_cancel_slow (&sim);
  g_socket_service_stop (service);
  g_socket_listener_close (G_SOCKET_LISTENER (service));
  soup_server_disconnect (server);
  g_timeout_add (100, quit_cb, loop);
  g_main_loop_run (loop);
  g_free (sim.base_url);

  return EXIT_OK;
}
