/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "cm-canteen.h"
#include "cm-db.h"

G_BEGIN_DECLS

#define CM_TYPE_REPORT_CALENDAR (cm_report_calendar_get_type ())
G_DECLARE_FINAL_TYPE (CmReportCalendar, cm_report_calendar, CM, REPORT_CALENDAR, GtkWidget)

void  cm_report_calendar_show        (CmReportCalendar *self,
                                      CmDb             *db,
                                      CmCanteen        *canteen);
void  cm_report_calendar_set_month   (CmReportCalendar *self,
                                      GDateYear         year,
                                      GDateMonth        month);
guint cm_report_calendar_get_missing (CmReportCalendar *self);

G_END_DECLS
