/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "cm-document-table.h"

typedef struct
{
  char           *title;
  double          width;
  CmDocumentAlign align;
} Column;

struct _CmDocumentTable
{
  GArray    *columns;   /* Column */
  GPtrArray *rows;      /* GStrv, one cell per column */
  GArray    *styles;    /* CmDocumentRowStyle per row */
};

static void
column_clear (Column *column)
{
  g_free (column->title);
}

/**
 * cm_document_table_new:
 *
 * Returns: (transfer full): an empty table; add its columns, then its rows
 */
CmDocumentTable *
cm_document_table_new (void)
{
  CmDocumentTable *self = g_new0 (CmDocumentTable, 1);

  self->columns = g_array_new (FALSE, TRUE, sizeof (Column));
  g_array_set_clear_func (self->columns, (GDestroyNotify) column_clear);
  self->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  self->styles = g_array_new (FALSE, TRUE, sizeof (CmDocumentRowStyle));
  return self;
}

void
cm_document_table_free (CmDocumentTable *self)
{
  if (self == NULL)
    return;
  g_array_unref (self->columns);
  g_ptr_array_unref (self->rows);
  g_array_unref (self->styles);
  g_free (self);
}

/**
 * cm_document_table_add_column:
 * @self: a table with no rows yet
 * @title: (nullable): the column's heading; a table whose columns have
 *   none has no header row
 * @width: the column's share of the table's width (the shares are summed)
 * @align: how its cells align
 */
void
cm_document_table_add_column (CmDocumentTable *self,
                              const char      *title,
                              double           width,
                              CmDocumentAlign  align)
{
  Column column = { g_strdup (title), width, align };

  g_return_if_fail (self != NULL);
  g_return_if_fail (self->rows->len == 0);
  g_return_if_fail (width > 0);

  g_array_append_val (self->columns, column);
}

/**
 * cm_document_table_add_rowv:
 * @self: a table
 * @style: how the row is set
 * @cells: one text per column (%NULL cells print empty); plain text, never markup
 */
void
cm_document_table_add_rowv (CmDocumentTable    *self,
                            CmDocumentRowStyle  style,
                            const char * const *cells)
{
  char **row;

  g_return_if_fail (self != NULL);
  g_return_if_fail (self->columns->len > 0);

  row = g_new0 (char *, self->columns->len + 1);
  for (guint i = 0; i < self->columns->len; i++)
    row[i] = g_strdup (cells[i] != NULL ? cells[i] : "");
  g_ptr_array_add (self->rows, row);
  g_array_append_val (self->styles, style);
}

/**
 * cm_document_table_add_row:
 * @self: a table
 * @style: how the row is set
 * @...: one text per column, then %NULL
 */
void
cm_document_table_add_row (CmDocumentTable    *self,
                           CmDocumentRowStyle  style,
                           ...)
{
  g_autoptr(GPtrArray) cells = g_ptr_array_new ();
  va_list args;
  const char *cell;

  va_start (args, style);
  while ((cell = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (cells, (gpointer) cell);
  va_end (args);

  g_return_if_fail (cells->len == self->columns->len);
  g_ptr_array_add (cells, NULL);
  cm_document_table_add_rowv (self, style, (const char * const *) cells->pdata);
}

guint
cm_document_table_get_n_columns (const CmDocumentTable *self)
{
  return self->columns->len;
}

guint
cm_document_table_get_n_rows (const CmDocumentTable *self)
{
  return self->rows->len;
}

const char *
cm_document_table_get_title (const CmDocumentTable *self,
                             guint                  column)
{
  g_return_val_if_fail (column < self->columns->len, NULL);
  return g_array_index (self->columns, Column, column).title;
}

double
cm_document_table_get_width (const CmDocumentTable *self,
                             guint                  column)
{
  double total = 0;

  g_return_val_if_fail (column < self->columns->len, 0);
  for (guint i = 0; i < self->columns->len; i++)
    total += g_array_index (self->columns, Column, i).width;
  return g_array_index (self->columns, Column, column).width / total;
}

CmDocumentAlign
cm_document_table_get_align (const CmDocumentTable *self,
                             guint                  column)
{
  g_return_val_if_fail (column < self->columns->len, CM_DOCUMENT_ALIGN_START);
  return g_array_index (self->columns, Column, column).align;
}

const char *
cm_document_table_get_cell (const CmDocumentTable *self,
                            guint                  row,
                            guint                  column)
{
  g_return_val_if_fail (row < self->rows->len, NULL);
  g_return_val_if_fail (column < self->columns->len, NULL);
  return ((char **) g_ptr_array_index (self->rows, row))[column];
}

CmDocumentRowStyle
cm_document_table_get_row_style (const CmDocumentTable *self,
                                 guint                  row)
{
  g_return_val_if_fail (row < self->rows->len, CM_DOCUMENT_ROW_NORMAL);
  return g_array_index (self->styles, CmDocumentRowStyle, row);
}

gboolean
cm_document_table_has_header (const CmDocumentTable *self)
{
  for (guint i = 0; i < self->columns->len; i++)
    if (g_array_index (self->columns, Column, i).title != NULL)
      return TRUE;
  return FALSE;
}
