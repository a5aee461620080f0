/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

const char *cm_workdays_holiday_name    (const GDate *date);
gboolean    cm_workdays_is_holiday      (const GDate *date);
gboolean    cm_workdays_is_operating_day (const GDate *date);
guint       cm_workdays_count           (const GDate *first,
                                         const GDate *last);

G_END_DECLS
