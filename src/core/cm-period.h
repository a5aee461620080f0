/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A period of whole months, as the reports and the checks count them.
 *
 * Written `2026-10` (a month), `2026-T3` or `2026-Q3` (a quarter), `2026`
 * (a year) or `2026-01..2026-06` (the months from one to the other). */

#define CM_PERIOD_ERROR (cm_period_error_quark ())

typedef enum
{
  CM_PERIOD_ERROR_INVALID,  /* not a period, or it ends before it starts */
} CmPeriodError;

typedef struct
{
  char first_month[8];   /* YYYY-MM */
  char last_month[8];    /* YYYY-MM, not before first_month */
} CmPeriod;

GQuark    cm_period_error_quark (void);

gboolean  cm_period_parse       (const char     *text,
                                 CmPeriod       *period,
                                 GError        **error);
void      cm_period_set_months  (CmPeriod       *period,
                                 const char     *first_month,
                                 const char     *last_month);
void      cm_period_get_first_day (const CmPeriod *period,
                                   GDate          *day);
void      cm_period_get_last_day  (const CmPeriod *period,
                                   GDate          *day);
guint     cm_period_get_n_months  (const CmPeriod *period);
char     *cm_period_to_string   (const CmPeriod *period);
char     *cm_period_get_label   (const CmPeriod *period);
gboolean  cm_period_contains_month (const CmPeriod *period,
                                    const char     *month);

/* Months counted from year 0: `YYYY-MM` to year × 12 + month − 1 and back. */
int       cm_month_index        (const char     *month);
void      cm_month_write        (int             index,
                                 char            out[8]);

G_END_DECLS
