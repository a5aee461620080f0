/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "cm-chart"

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gi18n.h>

#include "cm-chart.h"
#include "cm-text.h"

#define LEGEND_HEIGHT 24
#define ROW_HEIGHT    24
#define GAP           6

struct _CmChart
{
  GtkWidget      parent_instance;

  gboolean       horizontal;   /* categories as rows, bars left to right */
  CmChartFormat  format;
  char          *category_header;
  GPtrArray     *categories;   /* char * */
  GPtrArray     *series;       /* char * */
  GArray        *colors;       /* CmChartColor, per series */
  GArray        *category_colors; /* CmChartColor, per category of one series; or empty */
  GArray        *values;       /* double, series-major */

  /* Where the last frame put the bars, for tooltips. */
  double         first;        /* offset of the first category */
  double         step;         /* and the distance between categories */
};

G_DEFINE_FINAL_TYPE (CmChart, cm_chart, GTK_TYPE_WIDGET)

/* The GNOME palette: blue 3, green 4, yellow 5, orange 4, red 3, purple 3,
 * and a light grey; each reads on a light and a dark background. */
static const GdkRGBA palette[] = {
  { 0x35 / 255., 0x84 / 255., 0xe4 / 255., 1 },
  { 0x2e / 255., 0xc2 / 255., 0x7e / 255., 1 },
  { 0xf6 / 255., 0xd3 / 255., 0x2d / 255., 1 },
  { 0xff / 255., 0x78 / 255., 0x00 / 255., 1 },
  { 0xe0 / 255., 0x1b / 255., 0x24 / 255., 1 },
  { 0x91 / 255., 0x41 / 255., 0xac / 255., 1 },
  { 0x9a / 255., 0x99 / 255., 0x96 / 255., 1 },
};

static const GdkRGBA *
bar_color (CmChart *self,
           guint    series,
           guint    category)
{
  if (self->series->len == 1 && category < self->category_colors->len)
    return &palette[g_array_index (self->category_colors, CmChartColor, category)];
  return &palette[g_array_index (self->colors, CmChartColor, series)];
}

static double
value_at (CmChart *self,
          guint    series,
          guint    category)
{
  return g_array_index (self->values, double, series * self->categories->len + category);
}

static double
total_at (CmChart *self,
          guint    category)
{
  double total = 0;

  for (guint s = 0; s < self->series->len; s++)
    total += value_at (self, s, category);
  return total;
}

static double
max_total (CmChart *self)
{
  double max = 0;

  for (guint c = 0; c < self->categories->len; c++)
    max = MAX (max, total_at (self, c));
  return max;
}

/* The axis' top: 1, 2 or 5 times a power of ten, at or above @max. */
static double
nice_ceiling (double max)
{
  double power, scaled;

  if (max <= 0)
    return 1;
  power = pow (10, floor (log10 (max)));
  scaled = max / power;
  if (scaled <= 1)
    return power;
  if (scaled <= 2)
    return 2 * power;
  if (scaled <= 5)
    return 5 * power;
  return 10 * power;
}

char *
cm_chart_format_value (CmChart *self,
                       double   value)
{
  g_return_val_if_fail (CM_IS_CHART (self), NULL);

  if (self->format == CM_CHART_FORMAT_MONEY)
    {
      g_autofree char *money = cm_text_format_money ((gint64) llround (value));
      char *dot = strrchr (money, '.');

      /* Whole pesos on a chart: centavos are noise at this scale. */
      if (dot != NULL && fabs (value) >= 100000)
        *dot = '\0';
      return g_strdup (money);
    }
  return cm_text_format_count ((gint64) llround (value));
}

static void
layout_size (PangoLayout *layout,
             int         *width,
             int         *height)
{
  pango_layout_get_pixel_size (layout, width, height);
}

static void
show_text (cairo_t       *cr,
           PangoLayout   *layout,
           double         x,
           double         y)
{
  cairo_move_to (cr, x, y);
  pango_cairo_show_layout (cr, layout);
}

static double
draw_legend (CmChart       *self,
             cairo_t       *cr,
             const GdkRGBA *fg,
             int            width)
{
  double x = 0;

  if (self->series->len < 2)
    return 0;

  for (guint s = 0; s < self->series->len; s++)
    {
      g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (GTK_WIDGET (self),
                                                                      g_ptr_array_index (self->series, s));
      int tw, th;

      layout_size (layout, &tw, &th);
      gdk_cairo_set_source_rgba (cr, &palette[g_array_index (self->colors, CmChartColor, s)]);
      cairo_rectangle (cr, x, (LEGEND_HEIGHT - 12) / 2.0, 12, 12);
      cairo_fill (cr);
      gdk_cairo_set_source_rgba (cr, fg);
      show_text (cr, layout, x + 16, (LEGEND_HEIGHT - th) / 2.0);
      x += 16 + tw + 16;
      if (x > width)
        break;
    }
  return LEGEND_HEIGHT;
}

static void
draw_horizontal (CmChart       *self,
                 cairo_t       *cr,
                 const GdkRGBA *fg,
                 int            width,
                 int            height,
                 double         top)
{
  guint n = self->categories->len;
  double axis_max = MAX (max_total (self), 1);
  int label_w = 0, value_w = 0;
  double x0, x1, row_h;

  for (guint c = 0; c < n; c++)
    {
      g_autoptr(PangoLayout) label = gtk_widget_create_pango_layout (GTK_WIDGET (self),
                                                                     g_ptr_array_index (self->categories, c));
      g_autofree char *text = cm_chart_format_value (self, total_at (self, c));
      g_autoptr(PangoLayout) value = gtk_widget_create_pango_layout (GTK_WIDGET (self), text);
      int w, h;

      layout_size (label, &w, &h);
      label_w = MAX (label_w, w);
      layout_size (value, &w, &h);
      value_w = MAX (value_w, w);
    }
  label_w = MIN (label_w, width * 2 / 5);
  x0 = label_w + GAP;
  x1 = MAX (x0 + 10, width - value_w - GAP);
  row_h = (height - top) / MAX (n, 1);
  self->first = top;
  self->step = row_h;

  for (guint c = 0; c < n; c++)
    {
      g_autoptr(PangoLayout) label = gtk_widget_create_pango_layout (GTK_WIDGET (self),
                                                                     g_ptr_array_index (self->categories, c));
      g_autofree char *text = cm_chart_format_value (self, total_at (self, c));
      g_autoptr(PangoLayout) value = gtk_widget_create_pango_layout (GTK_WIDGET (self), text);
      double y = top + c * row_h, bar_h = row_h * 0.66, x = x0;
      int tw, th;

      pango_layout_set_width (label, label_w * PANGO_SCALE);
      pango_layout_set_ellipsize (label, PANGO_ELLIPSIZE_END);
      pango_layout_set_alignment (label, PANGO_ALIGN_RIGHT);
      layout_size (label, &tw, &th);
      gdk_cairo_set_source_rgba (cr, fg);
      show_text (cr, label, 0, y + (row_h - th) / 2);

      for (guint s = 0; s < self->series->len; s++)
        {
          double w = value_at (self, s, c) / axis_max * (x1 - x0);

          if (w <= 0)
            continue;
          gdk_cairo_set_source_rgba (cr, bar_color (self, s, c));
          cairo_rectangle (cr, x, y + (row_h - bar_h) / 2, w, bar_h);
          cairo_fill (cr);
          x += w;
        }

      layout_size (value, &tw, &th);
      gdk_cairo_set_source_rgba (cr, fg);
      show_text (cr, value, x + GAP, y + (row_h - th) / 2);
    }

  /* The baseline. */
  cairo_set_source_rgba (cr, fg->red, fg->green, fg->blue, fg->alpha * 0.5);
  cairo_rectangle (cr, x0 - 1, top, 1, height - top);
  cairo_fill (cr);
}

static void
draw_vertical (CmChart       *self,
               cairo_t       *cr,
               const GdkRGBA *fg,
               int            width,
               int            height,
               double         top)
{
  guint n = self->categories->len;
  double axis_max = nice_ceiling (max_total (self));
  int tick_w = 0, label_h = 0;
  double x0, y0, y1, col_w;

  top += 8;  /* room for the values above the tallest bar */

  for (guint i = 0; i <= 4; i++)
    {
      g_autofree char *text = cm_chart_format_value (self, axis_max * i / 4);
      g_autoptr(PangoLayout) tick = gtk_widget_create_pango_layout (GTK_WIDGET (self), text);
      int w, h;

      layout_size (tick, &w, &h);
      tick_w = MAX (tick_w, w);
    }
  x0 = tick_w + GAP;
  col_w = (width - x0) / MAX (n, 1);
  self->first = x0;
  self->step = col_w;

  /* Category labels wrap into the column: "Mar" over "2025". */
  for (guint c = 0; c < n; c++)
    {
      g_autoptr(PangoLayout) label = gtk_widget_create_pango_layout (GTK_WIDGET (self),
                                                                     g_ptr_array_index (self->categories, c));
      int w, h;

      pango_layout_set_width (label, (int) MAX (col_w - 2, 10) * PANGO_SCALE);
      pango_layout_set_wrap (label, PANGO_WRAP_WORD_CHAR);
      layout_size (label, &w, &h);
      label_h = MAX (label_h, h);
    }
  y0 = top;
  y1 = height - label_h - GAP;

  /* Grid lines and their values. */
  for (guint i = 0; i <= 4; i++)
    {
      g_autofree char *text = cm_chart_format_value (self, axis_max * i / 4);
      g_autoptr(PangoLayout) tick = gtk_widget_create_pango_layout (GTK_WIDGET (self), text);
      double y = y1 - (y1 - y0) * i / 4;
      int w, h;

      layout_size (tick, &w, &h);
      cairo_set_source_rgba (cr, fg->red, fg->green, fg->blue, fg->alpha * (i == 0 ? 0.5 : 0.15));
      cairo_rectangle (cr, x0, floor (y), width - x0, 1);
      cairo_fill (cr);
      gdk_cairo_set_source_rgba (cr, fg);
      show_text (cr, tick, tick_w - w, y - h / 2.0);
    }

  for (guint c = 0; c < n; c++)
    {
      g_autoptr(PangoLayout) label = gtk_widget_create_pango_layout (GTK_WIDGET (self),
                                                                     g_ptr_array_index (self->categories, c));
      g_autofree char *text = cm_chart_format_value (self, total_at (self, c));
      g_autoptr(PangoLayout) value = gtk_widget_create_pango_layout (GTK_WIDGET (self), text);
      double x = x0 + c * col_w, bar_w = col_w * 0.66, y = y1;
      int tw, th;

      for (guint s = 0; s < self->series->len; s++)
        {
          double h = value_at (self, s, c) / axis_max * (y1 - y0);

          if (h <= 0)
            continue;
          gdk_cairo_set_source_rgba (cr, bar_color (self, s, c));
          cairo_rectangle (cr, x + (col_w - bar_w) / 2, y - h, bar_w, h);
          cairo_fill (cr);
          y -= h;
        }

      gdk_cairo_set_source_rgba (cr, fg);
      /* The total over its bar, when it fits the column. */
      layout_size (value, &tw, &th);
      if (tw <= col_w + GAP && total_at (self, c) > 0)
        show_text (cr, value, x + (col_w - tw) / 2, y - th - 1);

      pango_layout_set_width (label, (int) MAX (col_w - 2, 10) * PANGO_SCALE);
      pango_layout_set_wrap (label, PANGO_WRAP_WORD_CHAR);
      pango_layout_set_alignment (label, PANGO_ALIGN_CENTER);
      show_text (cr, label, x + 1, y1 + GAP);
    }
}

static void
cm_chart_snapshot (GtkWidget   *widget,
                   GtkSnapshot *snapshot)
{
  CmChart *self = CM_CHART (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  GdkRGBA fg;
  cairo_t *cr;
  double top;

  if (width <= 0 || height <= 0 || self->categories->len == 0)
    return;

  /* The text colour of the style in use: dark on light, light on dark. */
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &fg);

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  top = draw_legend (self, cr, &fg, width);
  if (self->horizontal)
    draw_horizontal (self, cr, &fg, width, height, top);
  else
    draw_vertical (self, cr, &fg, width, height, top);
  cairo_destroy (cr);
}

static void
cm_chart_measure (GtkWidget      *widget,
                  GtkOrientation  orientation,
                  int             for_size,
                  int            *minimum,
                  int            *natural,
                  int            *minimum_baseline,
                  int            *natural_baseline)
{
  CmChart *self = CM_CHART (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 200;
      *natural = 480;
    }
  else
    {
      int legend = self->series->len > 1 ? LEGEND_HEIGHT : 0;

      *minimum = *natural = self->horizontal
                              ? legend + (int) MAX (self->categories->len, 1) * ROW_HEIGHT
                              : legend + 240;
    }
}

static gboolean
cm_chart_query_tooltip (GtkWidget  *widget,
                        int         x,
                        int         y,
                        gboolean    keyboard,
                        GtkTooltip *tooltip)
{
  CmChart *self = CM_CHART (widget);
  g_autoptr(GString) text = NULL;
  double at = self->horizontal ? y : x;
  int c;

  if (keyboard || self->step <= 0 || at < self->first)
    return FALSE;
  c = (int) ((at - self->first) / self->step);
  if (c < 0 || (guint) c >= self->categories->len)
    return FALSE;

  text = g_string_new (g_ptr_array_index (self->categories, c));
  for (guint s = 0; s < self->series->len; s++)
    {
      g_autofree char *value = cm_chart_format_value (self, value_at (self, s, c));

      g_string_append_c (text, '\n');
      if (self->series->len > 1)
        /* Translators: a series of a chart and its value, in a tooltip */
        g_string_append_printf (text, _("%s: %s"), (char *) g_ptr_array_index (self->series, s), value);
      else
        g_string_append (text, value);
    }
  gtk_tooltip_set_text (tooltip, text->str);
  return TRUE;
}

static void
cm_chart_finalize (GObject *object)
{
  CmChart *self = CM_CHART (object);

  g_clear_pointer (&self->category_header, g_free);
  g_clear_pointer (&self->categories, g_ptr_array_unref);
  g_clear_pointer (&self->series, g_ptr_array_unref);
  g_clear_pointer (&self->colors, g_array_unref);
  g_clear_pointer (&self->category_colors, g_array_unref);
  g_clear_pointer (&self->values, g_array_unref);

  G_OBJECT_CLASS (cm_chart_parent_class)->finalize (object);
}

static void
cm_chart_class_init (CmChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = cm_chart_finalize;
  widget_class->snapshot = cm_chart_snapshot;
  widget_class->measure = cm_chart_measure;
  widget_class->query_tooltip = cm_chart_query_tooltip;

  gtk_widget_class_set_css_name (widget_class, "chart");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
cm_chart_init (CmChart *self)
{
  self->categories = g_ptr_array_new_with_free_func (g_free);
  self->series = g_ptr_array_new_with_free_func (g_free);
  self->colors = g_array_new (FALSE, TRUE, sizeof (CmChartColor));
  self->category_colors = g_array_new (FALSE, TRUE, sizeof (CmChartColor));
  self->values = g_array_new (FALSE, TRUE, sizeof (double));
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
}

CmChart *
cm_chart_new (gboolean      horizontal,
              CmChartFormat format)
{
  CmChart *self = g_object_new (CM_TYPE_CHART, NULL);

  self->horizontal = horizontal;
  self->format = format;
  return self;
}

static void
resize_values (CmChart *self)
{
  g_array_set_size (self->values, 0);
  g_array_set_size (self->values, self->series->len * self->categories->len);
}

/* Series and categories: setting either clears the values. */
void
cm_chart_set_series (CmChart            *self,
                     guint               n_series,
                     const char * const *names,
                     const CmChartColor *colors)
{
  g_return_if_fail (CM_IS_CHART (self));

  g_ptr_array_set_size (self->series, 0);
  g_array_set_size (self->colors, 0);
  for (guint s = 0; s < n_series; s++)
    {
      g_ptr_array_add (self->series, g_strdup (names[s]));
      g_array_append_val (self->colors, colors[s]);
    }
  resize_values (self);
}

void
cm_chart_set_categories (CmChart            *self,
                         guint               n_categories,
                         const char * const *labels)
{
  g_return_if_fail (CM_IS_CHART (self));

  g_ptr_array_set_size (self->categories, 0);
  g_array_set_size (self->category_colors, 0);
  for (guint c = 0; c < n_categories; c++)
    g_ptr_array_add (self->categories, g_strdup (labels[c]));
  resize_values (self);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

/* A colour per category, for a chart of one series: after the categories. */
void
cm_chart_set_category_colors (CmChart            *self,
                              const CmChartColor *colors)
{
  g_return_if_fail (CM_IS_CHART (self));

  g_array_set_size (self->category_colors, 0);
  g_array_append_vals (self->category_colors, colors, self->categories->len);
}

void
cm_chart_set_category_header (CmChart    *self,
                              const char *header)
{
  g_return_if_fail (CM_IS_CHART (self));
  g_free (self->category_header);
  self->category_header = g_strdup (header);
}

void
cm_chart_set_value (CmChart *self,
                    guint    series,
                    guint    category,
                    double   value)
{
  g_return_if_fail (CM_IS_CHART (self));
  g_return_if_fail (series < self->series->len && category < self->categories->len);

  g_array_index (self->values, double, series * self->categories->len + category) = value;
}

/* After the values are set: redraw, and tell assistive technologies the
 * numbers the bars show. */
void
cm_chart_update (CmChart *self)
{
  g_autoptr(GString) description = g_string_new (NULL);

  g_return_if_fail (CM_IS_CHART (self));

  for (guint c = 0; c < self->categories->len; c++)
    {
      if (c > 0)
        g_string_append (description, "; ");
      g_string_append (description, g_ptr_array_index (self->categories, c));
      for (guint s = 0; s < self->series->len; s++)
        {
          g_autofree char *value = cm_chart_format_value (self, value_at (self, s, c));

          g_string_append (description, s == 0 ? ": " : ", ");
          if (self->series->len > 1)
            g_string_append_printf (description, "%s ", (char *) g_ptr_array_index (self->series, s));
          g_string_append (description, value);
        }
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  description->str, -1);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

guint
cm_chart_get_n_categories (CmChart *self)
{
  g_return_val_if_fail (CM_IS_CHART (self), 0);
  return self->categories->len;
}

guint
cm_chart_get_n_series (CmChart *self)
{
  g_return_val_if_fail (CM_IS_CHART (self), 0);
  return self->series->len;
}

const char *
cm_chart_get_category (CmChart *self,
                       guint    category)
{
  g_return_val_if_fail (CM_IS_CHART (self) && category < self->categories->len, NULL);
  return g_ptr_array_index (self->categories, category);
}

const char *
cm_chart_get_series_name (CmChart *self,
                          guint    series)
{
  g_return_val_if_fail (CM_IS_CHART (self) && series < self->series->len, NULL);
  return g_ptr_array_index (self->series, series);
}

double
cm_chart_get_value (CmChart *self,
                    guint    series,
                    guint    category)
{
  g_return_val_if_fail (CM_IS_CHART (self), 0);
  g_return_val_if_fail (series < self->series->len && category < self->categories->len, 0);
  return value_at (self, series, category);
}

/* The numbers as a spreadsheet pastes them: a header row, then one row per
 * category; plain numbers (pesos with two decimals), no separators. */
char *
cm_chart_to_tsv (CmChart *self)
{
  GString *out;

  g_return_val_if_fail (CM_IS_CHART (self), NULL);

  out = g_string_new (self->category_header ? self->category_header : "");
  for (guint s = 0; s < self->series->len; s++)
    g_string_append_printf (out, "\t%s", (char *) g_ptr_array_index (self->series, s));
  g_string_append_c (out, '\n');

  for (guint c = 0; c < self->categories->len; c++)
    {
      g_string_append (out, g_ptr_array_index (self->categories, c));
      for (guint s = 0; s < self->series->len; s++)
        {
          double v = value_at (self, s, c);

          if (self->format == CM_CHART_FORMAT_MONEY)
            g_string_append_printf (out, "\t%" G_GINT64_FORMAT ".%02d", (gint64) llround (v) / 100,
                                    (int) (llabs (llround (v)) % 100));
          else
            g_string_append_printf (out, "\t%" G_GINT64_FORMAT, (gint64) llround (v));
        }
      g_string_append_c (out, '\n');
    }
  return g_string_free (out, FALSE);
}
