/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  CM_SIM_FAULT_NONE = -1,
  CM_SIM_FAULT_EXPIRE_TOKEN,
  CM_SIM_FAULT_500,
  CM_SIM_FAULT_503,
  CM_SIM_FAULT_SLOW,
  CM_SIM_FAULT_RESET,
  CM_SIM_FAULT_TRUNCATED,
  CM_SIM_FAULT_BAD_JSON,
  CM_SIM_FAULT_MISSING_FIELDS,
  CM_SIM_FAULT_DUPLICATE_ROW,
  CM_SIM_FAULT_ARRIVALS,
  CM_SIM_FAULT_EDITED,
  CM_SIM_FAULT_ESCAPE_ATTACHMENT,
  CM_SIM_N_FAULTS
} CmSimFaultKind;

typedef struct _CmSimFaults CmSimFaults;

CmSimFaults    *cm_sim_faults_new       (double          rate,
                                         guint64         seed);
void            cm_sim_faults_free      (CmSimFaults    *faults);
/* Adds one strike of @name (repeatable); FALSE when no fault has that name. */
gboolean        cm_sim_faults_add       (CmSimFaults    *faults,
                                         const char     *name);
gboolean        cm_sim_faults_has       (CmSimFaults    *faults,
                                         CmSimFaultKind  kind);
/* The fault a data page suffers, if any: at most one per response. */
CmSimFaultKind  cm_sim_faults_draw      (CmSimFaults    *faults,
                                         gboolean        has_rows,
                                         gboolean        has_next);
const char     *cm_sim_fault_name       (CmSimFaultKind  kind);
/* One line for --help, translated. */
const char     *cm_sim_fault_help       (CmSimFaultKind  kind);
/* Whether the fault breaks the response (so the page did not arrive). */
gboolean        cm_sim_fault_breaks_page (CmSimFaultKind kind);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CmSimFaults, cm_sim_faults_free)

G_END_DECLS
