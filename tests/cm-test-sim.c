/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <signal.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#include "cm-test-sim.h"

/* A child outlives no test, even one that fails half-way. */
static void
die_with_parent (gpointer data)
{
#ifdef __linux__
  prctl (PR_SET_PDEATHSIG, SIGKILL);
#endif
}

/* A launcher whose children are killed when the test dies. */
GSubprocessLauncher *
cm_test_launcher_new (GSubprocessFlags flags)
{
  GSubprocessLauncher *launcher = g_subprocess_launcher_new (flags);

  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  return launcher;
}

/* Starts the simulator on a free port of loopback with the arguments in
 * @world (nullable) then @first_arg and @more_args up to a NULL (the world,
 * the faults), and reads the base URL it writes first. */
void
cm_test_sim_start_valist (CmTestSim          *sim,
                          const char * const *world,
                          const char         *first_arg,
                          va_list             more_args)
{
  g_autoptr(GSubprocessLauncher) launcher = cm_test_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(GError) error = NULL;
  const char *path = g_getenv ("COMEDORES_SIM");

  g_assert_nonnull (path);
  g_ptr_array_add (argv, (gpointer) path);
  g_ptr_array_add (argv, (gpointer) "--port");
  g_ptr_array_add (argv, (gpointer) "0");
  for (guint i = 0; world != NULL && world[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) world[i]);
  for (const char *arg = first_arg; arg != NULL; arg = va_arg (more_args, const char *))
    g_ptr_array_add (argv, (gpointer) arg);
  g_ptr_array_add (argv, NULL);

  sim->process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);

  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (sim->process));
  sim->base_url = g_data_input_stream_read_line_utf8 (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (sim->base_url);
  g_assert_true (g_str_has_prefix (sim->base_url, "http://127.0.0.1:"));
}

void
cm_test_sim_start (CmTestSim  *sim,
                   const char *first_arg,
                   ...)
{
  va_list ap;

  va_start (ap, first_arg);
  cm_test_sim_start_valist (sim, NULL, first_arg, ap);
  va_end (ap);
}

void
cm_test_sim_stop (CmTestSim *sim)
{
  g_subprocess_send_signal (sim->process, SIGTERM);
  g_subprocess_wait (sim->process, NULL, NULL);
  g_clear_object (&sim->process);
  g_clear_pointer (&sim->base_url, g_free);
}

/* Runs comedores-cli with @input on its standard input, to the end.
 * Returns its exit status. */
int
cm_test_run_cli (const char  *input,
                 char       **out,
                 char       **err,
                 const char  *first_arg,
                 ...)
{
  g_autoptr(GSubprocessLauncher) launcher = cm_test_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                                                   G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                                   G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  const char *path = g_getenv ("COMEDORES_CLI");
  va_list ap;

  g_assert_nonnull (path);
  g_ptr_array_add (args, (gpointer) path);
  va_start (ap, first_arg);
  for (const char *arg = first_arg; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (args, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);

  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) args->pdata, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (process, input, NULL, out, err, &error));
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));

  return g_subprocess_get_exit_status (process);
}
