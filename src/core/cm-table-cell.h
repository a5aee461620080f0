/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* One cell of an exported table, as the CSV and XLSX writers take it. The
 * writers copy what they need: a cell's text is borrowed for the call. */

typedef enum
{
  CM_CELL_EMPTY,
  CM_CELL_TEXT,      /* text from data: neutralised when a spreadsheet would run it */
  CM_CELL_INTEGER,
  CM_CELL_MONEY,     /* cents, written as pesos with two decimals */
  CM_CELL_DECIMAL,   /* a number written with `digits` decimals */
  CM_CELL_DATE,      /* YYYY-MM-DD: a date cell in XLSX, the same text in CSV */
} CmCellKind;

typedef struct
{
  CmCellKind  kind;
  guint       digits;
  const char *text;
  gint64      integer;
  double      decimal;
} CmCell;

#define CM_CELL_NUMBER_BUF_SIZE 48

gboolean    cm_cell_text_needs_guard (const char   *text);
const char *cm_cell_format_number    (const CmCell *cell,
                                      char         *buf);

static inline void
cm_cell_set_text (CmCell     *cell,
                  const char *text)
{
  cell->kind = text != NULL && *text != '\0' ? CM_CELL_TEXT : CM_CELL_EMPTY;
  cell->text = text;
}

static inline void
cm_cell_set_integer (CmCell *cell,
                     gint64  value)
{
  cell->kind = CM_CELL_INTEGER;
  cell->integer = value;
}

static inline void
cm_cell_set_money (CmCell *cell,
                   gint64  cents)
{
  cell->kind = CM_CELL_MONEY;
  cell->integer = cents;
}

static inline void
cm_cell_set_decimal (CmCell *cell,
                     double  value,
                     guint   digits)
{
  cell->kind = CM_CELL_DECIMAL;
  cell->decimal = value;
  cell->digits = digits;
}

static inline void
cm_cell_set_date (CmCell     *cell,
                  const char *iso_date)
{
  cell->kind = iso_date != NULL && *iso_date != '\0' ? CM_CELL_DATE : CM_CELL_EMPTY;
  cell->text = iso_date;
}

static inline void
cm_cell_set_empty (CmCell *cell)
{
  cell->kind = CM_CELL_EMPTY;
}

G_END_DECLS
