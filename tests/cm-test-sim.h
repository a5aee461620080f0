/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Shared by the tests that talk to comedores-sim (COMEDORES_SIM) and run
 * comedores-cli (COMEDORES_CLI), both set by meson. */
typedef struct
{
  GSubprocess *process;
  char        *base_url;
} CmTestSim;

GSubprocessLauncher *cm_test_launcher_new (GSubprocessFlags   flags);

void cm_test_sim_start_valist (CmTestSim          *sim,
                               const char * const *world,
                               const char         *first_arg,
                               va_list             more_args);
void cm_test_sim_start        (CmTestSim          *sim,
                               const char         *first_arg,
                               ...) G_GNUC_NULL_TERMINATED;
void cm_test_sim_stop         (CmTestSim          *sim);

int  cm_test_run_cli          (const char         *input,
                               char              **out,
                               char              **err,
                               const char         *first_arg,
                               ...) G_GNUC_NULL_TERMINATED;

G_END_DECLS
