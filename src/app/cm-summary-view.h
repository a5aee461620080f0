/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "cm-period.h"

#include "cm-chart.h"
#include "cm-db.h"

G_BEGIN_DECLS

#define CM_TYPE_SUMMARY_VIEW (cm_summary_view_get_type ())
G_DECLARE_FINAL_TYPE (CmSummaryView, cm_summary_view, CM, SUMMARY_VIEW, GtkWidget)

CmSummaryView *cm_summary_view_new      (void);
void        cm_summary_view_set_db      (CmSummaryView *self,
                                         CmDb          *db);
void        cm_summary_view_reload      (CmSummaryView *self);
gboolean    cm_summary_view_is_loaded   (CmSummaryView *self);
void        cm_summary_view_set_period  (CmSummaryView *self,
                                         const char    *first_month,
                                         const char    *last_month);
gboolean    cm_summary_view_get_period  (CmSummaryView *self,
                                         CmPeriod      *period);
const char *cm_summary_view_get_figure  (CmSummaryView *self,
                                         const char    *key);
CmChart    *cm_summary_view_get_chart   (CmSummaryView *self,
                                         const char    *key);

G_END_DECLS
