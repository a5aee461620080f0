/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "cm-document"

#include "config.h"

#include <math.h>
#include <glib/gi18n-lib.h>
#include <pango/pangocairo.h>
#include <cairo-pdf.h>

#include "cm-document.h"
#include "cm-text.h"

/* Cantarell is GNOME's face and is in the runtime; DejaVu Sans stands in
 * where it is missing. Both are embedded, as subsets, in every PDF. */
#define FAMILY "Cantarell, DejaVu Sans"

#define MARGIN_SIDE    50.0
#define MARGIN_TOP     66.0
#define MARGIN_BOTTOM  62.0
#define CELL_PAD_X     3.5
#define CELL_PAD_Y     2.5

#define INK        0x1e1e1e
#define INK_SOFT   0x5e5c64
#define RULE       0xb0b0b0
#define HEAD_FILL  0xe4e4e4
#define ZEBRA_FILL 0xf4f4f4
#define BAR_FILL   0x3a6fb0
#define FAIL_MARK  0xc01c28

typedef enum
{
  OP_TEXT,
  OP_RECT,
  OP_LINE,
} OpKind;

typedef struct
{
  OpKind       kind;
  double       x, y;
  double       width, height;  /* LINE: to (x + width, y + height) */
  double       offset;         /* TEXT: the part of the layout above y, on an earlier page */
  gboolean     clip;           /* TEXT: only height points of it show */
  guint32      color;
  double       line_width;
  PangoLayout *layout;
} Op;

typedef struct
{
  char  *text;
  guint  page;
  double y;
} OutlineEntry;

struct _CmDocument
{
  GObject       parent_instance;

  CmPaper       paper;
  double        page_width;
  double        page_height;
  double        left;
  double        right;
  double        top;
  double        bottom;
  char         *title;
  char         *footer;

  PangoContext *context;
  PangoFontDescription *fonts[8];
  GPtrArray    *pages;          /* GArray of Op */
  GArray       *outline;        /* OutlineEntry */
  double        y;              /* where the next block starts on the last page */
};

G_DEFINE_FINAL_TYPE (CmDocument, cm_document, G_TYPE_OBJECT)

G_DEFINE_QUARK (cm-document-error-quark, cm_document_error)

typedef enum
{
  FONT_BODY,
  FONT_SMALL,
  FONT_TITLE,
  FONT_SUBTITLE,
  FONT_HEADING,
  FONT_SUBHEADING,
  FONT_CELL,
  FONT_CELL_BOLD,
} Font;

static const struct { const char *weight; double size; } font_specs[] = {
  [FONT_BODY] = { "", 9.5 },
  [FONT_SMALL] = { "", 7.5 },
  [FONT_TITLE] = { "Bold", 17.0 },
  [FONT_SUBTITLE] = { "", 11.0 },
  [FONT_HEADING] = { "Bold", 12.5 },
  [FONT_SUBHEADING] = { "Bold", 10.0 },
  [FONT_CELL] = { "", 8.5 },
  [FONT_CELL_BOLD] = { "Bold", 8.5 },
};

const char *
cm_paper_to_string (CmPaper paper)
{
  return paper == CM_PAPER_A4 ? "a4" : "letter";
}

/**
 * cm_paper_from_string:
 * @text: `a4` or `letter` (`carta` too), in any case
 * @paper: (out): the paper
 *
 * Returns: %TRUE when @text names a paper
 */
gboolean
cm_paper_from_string (const char *text,
                      CmPaper    *paper)
{
  if (text == NULL)
    return FALSE;
  if (g_ascii_strcasecmp (text, "a4") == 0)
    *paper = CM_PAPER_A4;
  else if (g_ascii_strcasecmp (text, "letter") == 0 || g_ascii_strcasecmp (text, "carta") == 0)
    *paper = CM_PAPER_LETTER;
  else
    return FALSE;
  return TRUE;
}

void
cm_paper_get_size (CmPaper  paper,
                   double  *width,
                   double  *height)
{
  /* ISO 216 A4 is 210 × 297 mm; Letter, 8.5 × 11 in. */
  *width = paper == CM_PAPER_A4 ? 210.0 / 25.4 * 72.0 : 612.0;
  *height = paper == CM_PAPER_A4 ? 297.0 / 25.4 * 72.0 : 792.0;
}

static void
op_clear (Op *op)
{
  g_clear_object (&op->layout);
}

static GArray *
page_new (void)
{
  GArray *ops = g_array_new (FALSE, TRUE, sizeof (Op));

  g_array_set_clear_func (ops, (GDestroyNotify) op_clear);
  return ops;
}

static void
outline_entry_clear (OutlineEntry *entry)
{
  g_free (entry->text);
}

static void
cm_document_finalize (GObject *object)
{
  CmDocument *self = CM_DOCUMENT (object);

  g_clear_pointer (&self->pages, g_ptr_array_unref);
  g_clear_pointer (&self->outline, g_array_unref);
  for (guint i = 0; i < G_N_ELEMENTS (self->fonts); i++)
    g_clear_pointer (&self->fonts[i], pango_font_description_free);
  g_clear_object (&self->context);
  g_free (self->title);
  g_free (self->footer);

  G_OBJECT_CLASS (cm_document_parent_class)->finalize (object);
}

static void
cm_document_class_init (CmDocumentClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cm_document_finalize;
}

static void
cm_document_init (CmDocument *self)
{
  self->pages = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  self->outline = g_array_new (FALSE, TRUE, sizeof (OutlineEntry));
  g_array_set_clear_func (self->outline, (GDestroyNotify) outline_entry_clear);
}

static GArray *
current_page (CmDocument *self)
{
  return g_ptr_array_index (self->pages, self->pages->len - 1);
}

static void
new_page (CmDocument *self)
{
  g_ptr_array_add (self->pages, page_new ());
  self->y = self->top;
}

/**
 * cm_document_new:
 * @paper: the paper size
 * @title: the document's title, repeated in every page's header
 * @footer: the provenance line in every page's footer (period, rulebook,
 *   when the data was pulled)
 * @own_font_map: whether to lay it out with a font map of its own rather
 *   than the thread's (pango's font maps are not thread-safe): for a
 *   document built in a worker and drawn in another thread, such as a
 *   page for the printer, while the worker goes on to other documents
 *
 * The document lays text out in points, unhinted.
 *
 * Returns: (transfer full): a document of one empty page
 */
CmDocument *
cm_document_new (CmPaper     paper,
                 const char *title,
                 const char *footer,
                 gboolean    own_font_map)
{
  CmDocument *self = g_object_new (CM_TYPE_DOCUMENT, NULL);
  cairo_font_options_t *options = cairo_font_options_create ();

  self->paper = paper;
  cm_paper_get_size (paper, &self->page_width, &self->page_height);
  self->left = MARGIN_SIDE;
  self->right = self->page_width - MARGIN_SIDE;
  self->top = MARGIN_TOP;
  self->bottom = self->page_height - MARGIN_BOTTOM;
  self->title = g_strdup (title);
  self->footer = g_strdup (footer);

  /* Unhinted metrics at 72 dpi: positions in points, the same whatever the
   * screen, so a printed page and the PDF break their lines alike. */
  if (own_font_map)
    {
      g_autoptr(PangoFontMap) font_map = pango_cairo_font_map_new ();

      self->context = pango_font_map_create_context (font_map);
    }
  else
    self->context = pango_font_map_create_context (pango_cairo_font_map_get_default ());
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options (self->context, options);
  pango_cairo_context_set_resolution (self->context, 72.0);
  pango_context_set_round_glyph_positions (self->context, FALSE);
  pango_context_set_language (self->context, pango_language_from_string ("es-mx"));
  cairo_font_options_destroy (options);

  for (guint i = 0; i < G_N_ELEMENTS (self->fonts); i++)
    {
      g_autofree char *spec = g_strdup_printf ("%s %s %g", FAMILY, font_specs[i].weight,
                                               font_specs[i].size);

      self->fonts[i] = pango_font_description_from_string (spec);
    }

  new_page (self);
  return self;
}

static PangoLayout *
make_layout (CmDocument      *self,
             const char      *text,
             Font             font,
             double           width,
             CmDocumentAlign  align)
{
  PangoLayout *layout = pango_layout_new (self->context);
  PangoAttrList *attributes;

  pango_layout_set_font_description (layout, self->fonts[font]);
  /* Words break between letters only when one is wider than its column,
   * and never with an invented hyphen. */
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  attributes = pango_attr_list_new ();
  pango_attr_list_insert (attributes, pango_attr_insert_hyphens_new (FALSE));
  pango_layout_set_attributes (layout, attributes);
  pango_attr_list_unref (attributes);
  pango_layout_set_width (layout, pango_units_from_double (width));
  pango_layout_set_alignment (layout, align == CM_DOCUMENT_ALIGN_END ? PANGO_ALIGN_RIGHT :
                                      align == CM_DOCUMENT_ALIGN_CENTER ? PANGO_ALIGN_CENTER :
                                      PANGO_ALIGN_LEFT);
  /* Text, never markup: a kitchen called “<b>&” prints as written. */
  pango_layout_set_text (layout, text != NULL ? text : "", -1);
  return layout;
}

static double
layout_height (PangoLayout *layout)
{
  int height;

  pango_layout_get_size (layout, NULL, &height);
  return pango_units_to_double (height);
}

static void
add_op (CmDocument *self,
        const Op   *op)
{
  g_array_append_vals (current_page (self), op, 1);
}

static void
add_text (CmDocument  *self,
          PangoLayout *layout,
          double       x,
          double       y,
          guint32      color)
{
  Op op = { OP_TEXT, x, y, pango_units_to_double (pango_layout_get_width (layout)),
            layout_height (layout), 0, FALSE, color, 0, g_object_ref (layout) };

  add_op (self, &op);
}

static void
add_rect (CmDocument *self,
          double      x,
          double      y,
          double      width,
          double      height,
          guint32     color)
{
  Op op = { OP_RECT, x, y, width, height, 0, FALSE, color, 0, NULL };

  add_op (self, &op);
}

static void
add_line (CmDocument *self,
          double      x,
          double      y,
          double      dx,
          double      dy,
          double      line_width,
          guint32     color)
{
  Op op = { OP_LINE, x, y, dx, dy, 0, FALSE, color, line_width, NULL };

  add_op (self, &op);
}

/* Starts a new page unless @height fits below the cursor (or the page is
 * still empty, where nothing would fit better). */
static void
ensure_space (CmDocument *self,
              double      height)
{
  if (self->y + height > self->bottom && self->y > self->top)
    new_page (self);
}

/* Places a block of text at the cursor, breaking it between lines where
 * it runs past the page. */
static void
place_layout (CmDocument  *self,
              PangoLayout *layout,
              double       x,
              guint32      color)
{
  double height = layout_height (layout);
  double width = pango_units_to_double (pango_layout_get_width (layout));
  g_autoptr(PangoLayoutIter) iter = NULL;
  double start = 0;

  if (height <= self->bottom - self->top)
    ensure_space (self, height);
  if (self->y + height <= self->bottom)
    {
      add_text (self, layout, x, self->y, color);
      self->y += height;
      return;
    }

  iter = pango_layout_get_iter (layout);
  do
    {
      PangoRectangle extents;
      double line_top, line_bottom;

      pango_layout_iter_get_line_extents (iter, NULL, &extents);
      line_top = pango_units_to_double (extents.y);
      line_bottom = pango_units_to_double (extents.y + extents.height);
      if (line_bottom - start > self->bottom - self->y && line_top > start)
        {
          Op op = { OP_TEXT, x, self->y, width, line_top - start, start, TRUE, color, 0,
                    g_object_ref (layout) };

          add_op (self, &op);
          new_page (self);
          start = line_top;
        }
    }
  while (pango_layout_iter_next_line (iter));

  {
    Op op = { OP_TEXT, x, self->y, width, height - start, start, TRUE, color, 0,
              g_object_ref (layout) };

    add_op (self, &op);
    self->y += height - start;
  }
}

static double
content_width (CmDocument *self)
{
  return self->right - self->left;
}

static void
add_outline (CmDocument *self,
             const char *text)
{
  OutlineEntry entry = { g_strdup (text), self->pages->len, self->y };

  g_array_append_val (self->outline, entry);
}

/**
 * cm_document_add_title:
 * @self: a document
 * @title: the title, large
 * @subtitle: (nullable): a line under it
 */
void
cm_document_add_title (CmDocument *self,
                       const char *title,
                       const char *subtitle)
{
  g_autoptr(PangoLayout) big = NULL;

  g_return_if_fail (CM_IS_DOCUMENT (self));

  big = make_layout (self, title, FONT_TITLE, content_width (self), CM_DOCUMENT_ALIGN_START);
  ensure_space (self, layout_height (big) + 40);
  add_outline (self, title);
  place_layout (self, big, self->left, INK);
  if (subtitle != NULL)
    {
      g_autoptr(PangoLayout) small = make_layout (self, subtitle, FONT_SUBTITLE, content_width (self),
                                                  CM_DOCUMENT_ALIGN_START);

      self->y += 2;
      place_layout (self, small, self->left, INK_SOFT);
    }
  self->y += 6;
  add_line (self, self->left, self->y, content_width (self), 0, 1.2, INK);
  self->y += 10;
}

static void
add_heading_font (CmDocument *self,
                  const char *text,
                  Font        font,
                  double      above,
                  gboolean    outline)
{
  g_autoptr(PangoLayout) layout = make_layout (self, text, font, content_width (self),
                                               CM_DOCUMENT_ALIGN_START);

  if (self->y > self->top)
    self->y += above;
  /* Keep a heading with the first lines of what it heads. */
  ensure_space (self, layout_height (layout) + 48);
  if (outline)
    add_outline (self, text);
  place_layout (self, layout, self->left, INK);
  self->y += 4;
}

/**
 * cm_document_add_heading:
 * @self: a document
 * @text: a section's heading; it also goes in the PDF's outline
 */
void
cm_document_add_heading (CmDocument *self,
                         const char *text)
{
  g_return_if_fail (CM_IS_DOCUMENT (self));
  add_heading_font (self, text, FONT_HEADING, 12, TRUE);
}

void
cm_document_add_subheading (CmDocument *self,
                            const char *text)
{
  g_return_if_fail (CM_IS_DOCUMENT (self));
  add_heading_font (self, text, FONT_SUBHEADING, 7, FALSE);
}

/**
 * cm_document_add_paragraph:
 * @self: a document
 * @text: plain text; it wraps, and breaks between pages between lines
 */
void
cm_document_add_paragraph (CmDocument *self,
                           const char *text)
{
  g_autoptr(PangoLayout) layout = NULL;

  g_return_if_fail (CM_IS_DOCUMENT (self));

  layout = make_layout (self, text, FONT_BODY, content_width (self), CM_DOCUMENT_ALIGN_START);
  place_layout (self, layout, self->left, INK);
  self->y += 5;
}

/**
 * cm_document_add_note:
 * @self: a document
 * @text: plain text, set small and grey (a method, a caveat)
 */
void
cm_document_add_note (CmDocument *self,
                      const char *text)
{
  g_autoptr(PangoLayout) layout = NULL;

  g_return_if_fail (CM_IS_DOCUMENT (self));

  layout = make_layout (self, text, FONT_SMALL, content_width (self), CM_DOCUMENT_ALIGN_START);
  place_layout (self, layout, self->left, INK_SOFT);
  self->y += 4;
}

void
cm_document_add_space (CmDocument *self,
                       double      points)
{
  g_return_if_fail (CM_IS_DOCUMENT (self));
  self->y = MIN (self->y + points, self->bottom);
}

void
cm_document_break_page (CmDocument *self)
{
  g_return_if_fail (CM_IS_DOCUMENT (self));
  if (self->y > self->top)
    new_page (self);
}

/* Tables */

typedef struct
{
  PangoLayout **cells;
  guint         n;
  double        height;
} Row;

static void
row_clear (Row *row)
{
  for (guint i = 0; i < row->n; i++)
    g_clear_object (&row->cells[i]);
  g_free (row->cells);
}

static Row
make_row (CmDocument            *self,
          const CmDocumentTable *table,
          const double          *widths,
          guint                  index,
          gboolean               header)
{
  guint n = cm_document_table_get_n_columns (table);
  Row row = { g_new0 (PangoLayout *, n), n, 0 };
  gboolean bold = header || cm_document_table_get_row_style (table, index) == CM_DOCUMENT_ROW_TOTAL;

  for (guint c = 0; c < n; c++)
    {
      const char *text = header ? cm_document_table_get_title (table, c)
                                : cm_document_table_get_cell (table, index, c);
      PangoLayout *layout = make_layout (self, text, bold ? FONT_CELL_BOLD : FONT_CELL,
                                         widths[c] - 2 * CELL_PAD_X,
                                         cm_document_table_get_align (table, c));

      /* A cell never takes more than half a page: a longer text ends in “…”
       * rather than running off the page. */
      pango_layout_set_height (layout, pango_units_from_double ((self->bottom - self->top) / 2));
      pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
      row.cells[c] = layout;
      row.height = MAX (row.height, layout_height (layout) + 2 * CELL_PAD_Y);
    }
  return row;
}

static void
place_row (CmDocument *self,
           const Row  *row,
           const double *widths,
           guint32     fill)
{
  double x = self->left;

  if (fill != 0xffffff)
    add_rect (self, self->left, self->y, content_width (self), row->height, fill);
  for (guint c = 0; c < row->n; c++)
    {
      add_text (self, row->cells[c], x + CELL_PAD_X, self->y + CELL_PAD_Y, INK);
      x += widths[c];
    }
  self->y += row->height;
}

/* The widest word of @text in @font, in points. */
static double
widest_word (CmDocument *self,
             const char *text,
             Font        font)
{
  g_auto(GStrv) words = g_strsplit (text != NULL ? text : "", " ", -1);
  double widest = 0;

  for (guint i = 0; words[i] != NULL; i++)
    {
      g_autoptr(PangoLayout) layout = make_layout (self, words[i], font, 0, CM_DOCUMENT_ALIGN_START);
      int width;

      pango_layout_set_width (layout, -1);
      pango_layout_get_size (layout, &width, NULL);
      widest = MAX (widest, pango_units_to_double (width));
    }
  return widest;
}

/* Widens the columns whose heading has a word wider than the column (a
 * translation is often longer than the English), taking the room from
 * the columns that have some to spare, so that headings break between
 * words and not within one. */
static void
fit_header_words (CmDocument            *self,
                  const CmDocumentTable *table,
                  double                *widths)
{
  guint n = cm_document_table_get_n_columns (table);
  g_autofree double *needed = g_new0 (double, n);
  double missing = 0, spare = 0;

  if (!cm_document_table_has_header (table))
    return;
  for (guint c = 0; c < n; c++)
    {
      needed[c] = widest_word (self, cm_document_table_get_title (table, c), FONT_CELL_BOLD) + 2 * CELL_PAD_X + 1;
      if (needed[c] > widths[c])
        missing += needed[c] - widths[c];
      else
        spare += widths[c] - needed[c];
    }
  if (missing <= 0 || spare <= 0)
    return;

  /* Each column with room gives in proportion to its room. */
  for (guint c = 0; c < n; c++)
    {
      if (needed[c] > widths[c])
        widths[c] += (needed[c] - widths[c]) * MIN (1.0, spare / missing);
      else
        widths[c] -= (widths[c] - needed[c]) * MIN (1.0, missing / spare);
    }
}

/**
 * cm_document_add_table:
 * @self: a document
 * @table: the table; its rows never split, and where it runs past a page
 *   it goes on under its header row repeated
 */
void
cm_document_add_table (CmDocument            *self,
                       const CmDocumentTable *table)
{
  guint n_columns, n_rows;
  g_autofree double *widths = NULL;
  Row header = { NULL, 0, 0 };
  gboolean has_header;

  g_return_if_fail (CM_IS_DOCUMENT (self));
  g_return_if_fail (table != NULL);

  n_columns = cm_document_table_get_n_columns (table);
  n_rows = cm_document_table_get_n_rows (table);
  widths = g_new (double, n_columns);
  for (guint c = 0; c < n_columns; c++)
    widths[c] = cm_document_table_get_width (table, c) * content_width (self);
  fit_header_words (self, table, widths);

  has_header = cm_document_table_has_header (table);
  if (has_header)
    header = make_row (self, table, widths, 0, TRUE);

  for (guint r = 0; r < n_rows; r++)
    {
      Row row = make_row (self, table, widths, r, FALSE);
      CmDocumentRowStyle style = cm_document_table_get_row_style (table, r);
      gboolean page_started = FALSE;

      if (self->y + row.height + (r == 0 ? header.height : 0) > self->bottom && self->y > self->top)
        {
          new_page (self);
          page_started = TRUE;
        }
      if (has_header && (r == 0 || page_started))
        {
          place_row (self, &header, widths, HEAD_FILL);
          add_line (self, self->left, self->y, content_width (self), 0, 0.6, RULE);
        }
      if (style == CM_DOCUMENT_ROW_TOTAL)
        add_line (self, self->left, self->y, content_width (self), 0, 0.8, INK);
      if (style == CM_DOCUMENT_ROW_FAILED)
        add_rect (self, self->left - 5, self->y + 1, 2.2, row.height - 2, FAIL_MARK);
      place_row (self, &row, widths, r % 2 == 1 && style != CM_DOCUMENT_ROW_TOTAL ? ZEBRA_FILL : 0xffffff);
      row_clear (&row);
    }
  if (n_rows > 0)
    add_line (self, self->left, self->y, content_width (self), 0, 0.6, RULE);
  if (has_header)
    row_clear (&header);
  self->y += 8;
}

/* Charts */

/* A round step for an axis that reaches @max in about four steps. */
static double
axis_step (double max)
{
  double raw = max / 4, power, fraction;

  if (raw <= 0)
    return 1;
  power = pow (10, floor (log10 (raw)));
  fraction = raw / power;
  return (fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 2.5 ? 2.5 : fraction <= 5 ? 5 : 10) * power;
}

static char *
format_tick (double value)
{
  return cm_text_format_count ((gint64) llround (value));
}

/**
 * cm_document_add_bar_chart:
 * @self: a document
 * @caption: what the bars measure, and in what unit
 * @n_bars: how many bars
 * @labels: (array length=n_bars): each bar's label (a month)
 * @values: (array length=n_bars): each bar's value, not negative
 * @value_labels: (array length=n_bars) (nullable): each value as printed
 *   above its bar, when the bars are wide enough
 */
void
cm_document_add_bar_chart (CmDocument         *self,
                           const char         *caption,
                           guint               n_bars,
                           const char * const *labels,
                           const double       *values,
                           const char * const *value_labels)
{
  const double plot_height = 120, axis_width = 46, label_height = 20;
  double max = 0, step, top_value, slot, plot_left, plot_bottom;

  g_return_if_fail (CM_IS_DOCUMENT (self));
  g_return_if_fail (n_bars > 0);

  ensure_space (self, plot_height + label_height + 40);
  cm_document_add_subheading (self, caption);
  self->y += 10;

  for (guint i = 0; i < n_bars; i++)
    max = MAX (max, values[i]);
  step = axis_step (max);
  top_value = MAX (step, ceil (max / step) * step);

  plot_left = self->left + axis_width;
  plot_bottom = self->y + plot_height;
  slot = (self->right - plot_left) / n_bars;

  for (double tick = 0; tick <= top_value + step / 2; tick += step)
    {
      double y = plot_bottom - tick / top_value * plot_height;
      g_autofree char *text = format_tick (tick);
      g_autoptr(PangoLayout) layout = make_layout (self, text, FONT_SMALL, axis_width - 6,
                                                   CM_DOCUMENT_ALIGN_END);

      add_line (self, plot_left, y, self->right - plot_left, 0, tick == 0 ? 0.8 : 0.3,
                tick == 0 ? INK : RULE);
      add_text (self, layout, self->left, y - layout_height (layout) / 2, INK_SOFT);
    }

  for (guint i = 0; i < n_bars; i++)
    {
      double height = values[i] / top_value * plot_height;
      double x = plot_left + i * slot;
      g_autoptr(PangoLayout) label = make_layout (self, labels[i], FONT_SMALL, slot,
                                                  CM_DOCUMENT_ALIGN_CENTER);

      add_rect (self, x + slot * 0.18, plot_bottom - height, slot * 0.64, height, BAR_FILL);
      add_text (self, label, x, plot_bottom + 3, INK_SOFT);
      if (value_labels != NULL && slot >= 34)
        {
          g_autoptr(PangoLayout) value = make_layout (self, value_labels[i], FONT_SMALL, slot,
                                                      CM_DOCUMENT_ALIGN_CENTER);

          add_text (self, value, x, plot_bottom - height - layout_height (value) - 1, INK);
        }
    }

  self->y = plot_bottom + label_height + 10;
}

/**
 * cm_document_add_shares:
 * @self: a document
 * @caption: what is shared out
 * @n_shares: how many parts
 * @shares: (array length=n_shares): the parts; drawn as one bar, with a
 *   legend of each part's value and percentage
 */
void
cm_document_add_shares (CmDocument            *self,
                        const char            *caption,
                        guint                  n_shares,
                        const CmDocumentShare *shares)
{
  double total = 0, x = self->left, legend_x, legend_y;

  g_return_if_fail (CM_IS_DOCUMENT (self));

  ensure_space (self, 80);
  cm_document_add_subheading (self, caption);
  self->y += 2;

  for (guint i = 0; i < n_shares; i++)
    total += shares[i].value;
  for (guint i = 0; i < n_shares && total > 0; i++)
    {
      double width = shares[i].value / total * content_width (self);

      add_rect (self, x, self->y, width, 16, shares[i].color);
      x += width;
    }
  if (total <= 0)
    add_rect (self, self->left, self->y, content_width (self), 16, ZEBRA_FILL);
  self->y += 22;

  legend_x = self->left;
  legend_y = self->y;
  for (guint i = 0; i < n_shares; i++)
    {
      double column = content_width (self) / 2;
      g_autofree char *count = cm_text_format_count ((gint64) llround (shares[i].value));
      /* Translators: a part of a chart's legend: its name, how many, its percentage */
      g_autofree char *text = g_strdup_printf (_("%s: %s (%.1f %%)"), shares[i].label, count,
                                               total > 0 ? 100.0 * shares[i].value / total : 0.0);
      g_autoptr(PangoLayout) layout = make_layout (self, text, FONT_CELL, column - 16,
                                                   CM_DOCUMENT_ALIGN_START);
      double lx = legend_x + (i % 2) * column;
      double ly = legend_y + (i / 2) * 14;

      add_rect (self, lx, ly + 2, 8, 8, shares[i].color);
      add_text (self, layout, lx + 12, ly, INK);
      self->y = MAX (self->y, ly + layout_height (layout) + 2);
    }
  self->y += 8;
}

/**
 * cm_document_add_signatures:
 * @self: a document
 * @n_signers: how many signature lines, side by side
 * @roles: (array length=n_signers): what each signer is (“Supervisora”)
 * @names: (array length=n_signers) (nullable): each signer's name, or
 *   %NULL entries for a line to write the name on
 */
void
cm_document_add_signatures (CmDocument         *self,
                            guint               n_signers,
                            const char * const *roles,
                            const char * const *names)
{
  double column, gap = 24, line_y, bottom = 0;

  g_return_if_fail (CM_IS_DOCUMENT (self));
  g_return_if_fail (n_signers > 0);

  ensure_space (self, 110);
  self->y += 46;
  line_y = self->y;
  column = (content_width (self) - gap * (n_signers - 1)) / n_signers;

  for (guint i = 0; i < n_signers; i++)
    {
      double x = self->left + i * (column + gap);
      g_autoptr(PangoLayout) role = make_layout (self, roles[i], FONT_CELL_BOLD, column,
                                                 CM_DOCUMENT_ALIGN_CENTER);
      double y = line_y + 3;

      add_line (self, x, line_y, column, 0, 0.8, INK);
      if (names != NULL && names[i] != NULL)
        {
          g_autoptr(PangoLayout) name = make_layout (self, names[i], FONT_CELL, column,
                                                     CM_DOCUMENT_ALIGN_CENTER);

          add_text (self, name, x, y, INK);
          y += layout_height (name);
        }
      add_text (self, role, x, y, INK_SOFT);
      bottom = MAX (bottom, y + layout_height (role));
    }
  self->y = bottom + 10;
}

/* Pages */

CmPaper
cm_document_get_paper (CmDocument *self)
{
  g_return_val_if_fail (CM_IS_DOCUMENT (self), CM_PAPER_LETTER);
  return self->paper;
}

guint
cm_document_get_n_pages (CmDocument *self)
{
  g_return_val_if_fail (CM_IS_DOCUMENT (self), 0);
  return self->pages->len;
}

static void
set_color (cairo_t *cr,
           guint32  color)
{
  cairo_set_source_rgb (cr, ((color >> 16) & 0xff) / 255.0, ((color >> 8) & 0xff) / 255.0,
                        (color & 0xff) / 255.0);
}

static void
draw_text (cairo_t     *cr,
           PangoLayout *layout,
           double       x,
           double       y,
           guint32      color)
{
  set_color (cr, color);
  cairo_move_to (cr, x, y);
  pango_cairo_show_layout (cr, layout);
}

static void
draw_frame (CmDocument *self,
            cairo_t    *cr,
            guint       page)
{
  double width = content_width (self);
  g_autofree char *number = g_strdup_printf (_("Page %u of %u"), page + 1, self->pages->len);
  g_autoptr(PangoLayout) programme = NULL;
  g_autoptr(PangoLayout) title = NULL;
  g_autoptr(PangoLayout) footer = NULL;
  g_autoptr(PangoLayout) numbers = NULL;
  double head_y = self->top - 30;

  programme = make_layout (self, _("Social Kitchens Programme · Community kitchens of Mexico City"),
                           FONT_SMALL, width * 0.55, CM_DOCUMENT_ALIGN_START);
  title = make_layout (self, self->title, FONT_SMALL, width * 0.43, CM_DOCUMENT_ALIGN_END);
  pango_layout_set_ellipsize (title, PANGO_ELLIPSIZE_END);
  pango_layout_set_height (title, -1);
  draw_text (cr, programme, self->left, head_y, INK_SOFT);
  draw_text (cr, title, self->right - width * 0.43, head_y, INK_SOFT);

  set_color (cr, RULE);
  cairo_set_line_width (cr, 0.6);
  cairo_move_to (cr, self->left, self->top - 14);
  cairo_line_to (cr, self->right, self->top - 14);
  cairo_move_to (cr, self->left, self->bottom + 14);
  cairo_line_to (cr, self->right, self->bottom + 14);
  cairo_stroke (cr);

  footer = make_layout (self, self->footer, FONT_SMALL, width - 90, CM_DOCUMENT_ALIGN_START);
  numbers = make_layout (self, number, FONT_SMALL, 86, CM_DOCUMENT_ALIGN_END);
  draw_text (cr, footer, self->left, self->bottom + 20, INK_SOFT);
  draw_text (cr, numbers, self->right - 86, self->bottom + 20, INK_SOFT);
}

/**
 * cm_document_draw_page:
 * @self: a document
 * @cr: a cairo context whose user space is the page, in points
 * @page: the page, from 0
 *
 * Draws a page: the PDF writer and the print dialog both come here.
 */
void
cm_document_draw_page (CmDocument *self,
                       cairo_t    *cr,
                       guint       page)
{
  GArray *ops;

  g_return_if_fail (CM_IS_DOCUMENT (self));
  g_return_if_fail (page < self->pages->len);

  ops = g_ptr_array_index (self->pages, page);
  cairo_save (cr);
  draw_frame (self, cr, page);

  for (guint i = 0; i < ops->len; i++)
    {
      const Op *op = &g_array_index (ops, Op, i);

      switch (op->kind)
        {
        case OP_RECT:
          set_color (cr, op->color);
          cairo_rectangle (cr, op->x, op->y, op->width, op->height);
          cairo_fill (cr);
          break;

        case OP_LINE:
          set_color (cr, op->color);
          cairo_set_line_width (cr, op->line_width);
          cairo_move_to (cr, op->x, op->y);
          cairo_rel_line_to (cr, op->width, op->height);
          cairo_stroke (cr);
          break;

        case OP_TEXT:
          cairo_save (cr);
          if (op->clip)
            {
              cairo_rectangle (cr, op->x - 2, op->y, op->width + 4, op->height);
              cairo_clip (cr);
            }
          draw_text (cr, op->layout, op->x, op->y - op->offset, op->color);
          cairo_restore (cr);
          break;

        default:
          g_assert_not_reached ();
        }
    }
  cairo_restore (cr);
}

static cairo_status_t
append_bytes (void                *closure,
              const unsigned char *data,
              unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

/**
 * cm_document_write_pdf:
 * @self: a document
 * @info: what the PDF says about itself; @info->created is written as the
 *   PDF's creation date, so the same document gives the same bytes
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the PDF, with its fonts embedded and an
 *   outline of its headings, or %NULL with @error set
 */
GBytes *
cm_document_write_pdf (CmDocument           *self,
                       const CmDocumentInfo *info,
                       GError              **error)
{
  g_autoptr(GByteArray) bytes = g_byte_array_new ();
  cairo_surface_t *surface;
  cairo_status_t status;

  g_return_val_if_fail (CM_IS_DOCUMENT (self), NULL);
  g_return_val_if_fail (info != NULL, NULL);

  surface = cairo_pdf_surface_create_for_stream (append_bytes, bytes, self->page_width,
                                                 self->page_height);
  if (info->title != NULL)
    cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, info->title);
  if (info->author != NULL)
    cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_AUTHOR, info->author);
  if (info->subject != NULL)
    cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_SUBJECT, info->subject);
  if (info->keywords != NULL)
    cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_KEYWORDS, info->keywords);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Comedores " PACKAGE_VERSION);
  /* Without a date of ours cairo writes the clock's, and no two exports
   * of the same data would be the same bytes. */
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATE_DATE,
                                  info->created != NULL ? info->created : "2000-01-01T00:00:00Z");

  for (guint i = 0; i < self->outline->len; i++)
    {
      const OutlineEntry *entry = &g_array_index (self->outline, OutlineEntry, i);
      g_autofree char *link = NULL;
      char y[G_ASCII_DTOSTR_BUF_SIZE];

      g_ascii_formatd (y, sizeof y, "%.1f", entry->y);
      link = g_strdup_printf ("page=%u pos=[%d %s]", entry->page, (int) self->left, y);
      cairo_pdf_surface_add_outline (surface, CAIRO_PDF_OUTLINE_ROOT, entry->text, link, 0);
    }

  for (guint page = 0; page < self->pages->len; page++)
    {
      cairo_t *cr = cairo_create (surface);

      cm_document_draw_page (self, cr, page);
      cairo_show_page (cr);
      cairo_destroy (cr);
    }
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, CM_DOCUMENT_ERROR, CM_DOCUMENT_ERROR_WRITE,
                   /* Translators: %s is cairo's reason, in English */
                   _("The PDF could not be made: %s"), cairo_status_to_string (status));
      return NULL;
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&bytes));
}
