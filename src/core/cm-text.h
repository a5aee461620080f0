/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

char     *cm_text_fold          (const char *text);
GStrv     cm_text_query_words   (const char *query);
gboolean  cm_text_contains_all  (const char         *folded_haystack,
                                 const char * const *words);
char     *cm_text_format_count  (gint64      value);
char     *cm_text_format_money  (gint64      cents);
GTimeZone *cm_text_programme_timezone (void);
void       cm_text_get_today          (GDate      *date);
char     *cm_text_format_time   (const char  *iso_utc,
                                 char       **iso_date);
gboolean  cm_text_parse_date    (const char *iso_date,
                                 GDate      *date);
char     *cm_text_format_date   (const char *iso_date,
                                 gboolean    with_weekday);
const char *cm_text_month_name    (guint       month);
char     *cm_text_format_long_date (const char *iso_date);

G_END_DECLS
