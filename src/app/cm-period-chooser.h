/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "cm-db.h"
#include "cm-period.h"

G_BEGIN_DECLS

/* A period of whole months: two drop-downs, "From" and "To", offering the
 * months that have reports. Once cm_period_chooser_load() (or _set_months())
 * has them, it picks the last complete month (the latest before this one;
 * the latest month when there is no earlier one). The last month never goes
 * before the first: moving one moves the other. "notify::period" says when
 * the choice changed.
 *
 *   chooser = cm_period_chooser_new ();
 *   cm_period_chooser_load (CM_PERIOD_CHOOSER (chooser), db);
 *   …
 *   CmPeriod period;
 *   if (cm_period_chooser_get_period (CM_PERIOD_CHOOSER (chooser), &period))
 *     use (&period);
 */

#define CM_TYPE_PERIOD_CHOOSER (cm_period_chooser_get_type ())
G_DECLARE_FINAL_TYPE (CmPeriodChooser, cm_period_chooser, CM, PERIOD_CHOOSER, GtkWidget)

GtkWidget *cm_period_chooser_new        (void);
/* Lists the months with reports in a worker thread. */
void       cm_period_chooser_load       (CmPeriodChooser    *self,
                                         CmDb               *db);
/* @months: YYYY-MM, oldest first. */
void       cm_period_chooser_set_months (CmPeriodChooser    *self,
                                         const char * const *months);
guint      cm_period_chooser_get_n_months (CmPeriodChooser  *self);
/* FALSE while there is no month to choose from. */
gboolean   cm_period_chooser_get_period (CmPeriodChooser    *self,
                                         CmPeriod           *period);
/* Selects @period's months, or the nearest ones offered. */
void       cm_period_chooser_set_period (CmPeriodChooser    *self,
                                         const CmPeriod     *period);

G_END_DECLS
