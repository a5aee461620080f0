/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The automatic checks Comedores implements, and the parameters each takes.
 * A rulebook may name only these checks and parameters (a typo is refused,
 * not ignored); checklist rules take the parameters of the pseudo-check
 * "checklist", which only words on the visit form refer to. */

typedef enum
{
  CM_CHECK_PARAM_NUMBER,  /* a JSON number at least @min */
  CM_CHECK_PARAM_TIME,    /* "HH:MM" */
} CmCheckParamType;

typedef struct
{
  const char       *name;
  CmCheckParamType  type;
  double            min;
  gboolean          required;   /* every version must give it a value */
} CmCheckParam;

typedef struct
{
  const char         *name;
  const CmCheckParam *params;   /* ends with a NULL name */
} CmCheckInfo;

#define CM_CHECK_CATALOG_CHECKLIST "checklist"

const CmCheckInfo  *cm_check_catalog_lookup     (const char        *name);
const CmCheckParam *cm_check_catalog_find_param (const CmCheckInfo *info,
                                                 const char        *name);
/* The automatic checks, without the checklist pseudo-check. */
const CmCheckInfo  *cm_check_catalog_get_all    (guint             *n_checks);

G_END_DECLS
