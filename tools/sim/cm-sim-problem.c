/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "comedores-sim"

#include "config.h"

#include <math.h>

#include "cm-sim-json.h"
#include "cm-sim-problem.h"

CmSimProblem *
cm_sim_problem_new (double      code,
                    const char *details,
                    const char *format,
                    ...)
{
  CmSimProblem *problem = g_new0 (CmSimProblem, 1);
  va_list args;

  va_start (args, format);
  problem->message = g_strdup_vprintf (format, args);
  va_end (args);
  problem->code = code;
  problem->details = g_strdup (details);

  return problem;
}

void
cm_sim_problem_free (CmSimProblem *problem)
{
  if (problem == NULL)
    return;

  g_free (problem->message);
  g_free (problem->details);
  g_free (problem);
}

guint
cm_sim_problem_status (const CmSimProblem *problem)
{
  return (guint) floor (problem->code);
}

char *
cm_sim_problem_to_json (const CmSimProblem *problem)
{
  GString *out = g_string_new ("{\"message\":");

  cm_sim_json_append_string (out, problem->message);
  g_string_append (out, ",\"code\":");
  cm_sim_json_append_number (out, problem->code);
  if (problem->details != NULL)
    g_string_append_printf (out, ",\"details\":%s", problem->details);
  g_string_append_c (out, '}');

  return g_string_free (out, FALSE);
}
