/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* An error as Central writes it: {"message":…,"code":404.1,"details":{…}},
 * sent with the status floor(code). */
typedef struct
{
  double  code;
  char   *message;
  char   *details;   /* the text of a JSON object, or NULL */
} CmSimProblem;

CmSimProblem *cm_sim_problem_new     (double              code,
                                      const char         *details,
                                      const char         *format,
                                      ...) G_GNUC_PRINTF (3, 4);
void          cm_sim_problem_free    (CmSimProblem       *problem);
guint         cm_sim_problem_status  (const CmSimProblem *problem);
char         *cm_sim_problem_to_json (const CmSimProblem *problem);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CmSimProblem, cm_sim_problem_free)

G_END_DECLS
