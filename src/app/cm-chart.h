/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* A bar chart drawn with cairo: one bar per category, the series stacked in
 * it, in the GNOME palette; text and axes in the widget's own colour, so it
 * reads in the light and dark styles. Its numbers are there as text too
 * (cm_chart_to_tsv), and in its accessible description. */

typedef enum
{
  CM_CHART_FORMAT_COUNT,   /* 1,234 */
  CM_CHART_FORMAT_MONEY,   /* values in centavos, shown as $1,234.50 */
} CmChartFormat;

typedef enum
{
  CM_CHART_BLUE,
  CM_CHART_GREEN,
  CM_CHART_YELLOW,
  CM_CHART_ORANGE,
  CM_CHART_RED,
  CM_CHART_PURPLE,
  CM_CHART_GREY,
} CmChartColor;

#define CM_TYPE_CHART (cm_chart_get_type ())
G_DECLARE_FINAL_TYPE (CmChart, cm_chart, CM, CHART, GtkWidget)

CmChart    *cm_chart_new             (gboolean             horizontal,
                                      CmChartFormat        format);
void        cm_chart_set_series      (CmChart             *self,
                                      guint                n_series,
                                      const char * const  *names,
                                      const CmChartColor  *colors);
void        cm_chart_set_categories  (CmChart             *self,
                                      guint                n_categories,
                                      const char * const  *labels);
void        cm_chart_set_category_colors (CmChart         *self,
                                      const CmChartColor  *colors);
void        cm_chart_set_value       (CmChart             *self,
                                      guint                series,
                                      guint                category,
                                      double               value);
void        cm_chart_update          (CmChart             *self);
void        cm_chart_set_category_header (CmChart         *self,
                                      const char          *header);
guint       cm_chart_get_n_categories (CmChart            *self);
guint       cm_chart_get_n_series    (CmChart             *self);
const char *cm_chart_get_category    (CmChart             *self,
                                      guint                category);
const char *cm_chart_get_series_name (CmChart             *self,
                                      guint                series);
double      cm_chart_get_value       (CmChart             *self,
                                      guint                series,
                                      guint                category);
char       *cm_chart_format_value    (CmChart             *self,
                                      double               value);
char       *cm_chart_to_tsv          (CmChart             *self);

G_END_DECLS
