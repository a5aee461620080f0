/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <math.h>
#include <string.h>

#include "cm-table-cell.h"

/**
 * cm_cell_text_needs_guard:
 * @text: a cell's text, from data
 *
 * Whether a spreadsheet would take @text for a formula (or, after a tab or
 * a carriage return, be tricked into one): it starts with `=`, `+`, `-`,
 * `@`, a tab or a carriage return, as OWASP's advice on CSV injection has
 * it. The writers then put an apostrophe before it, which spreadsheets read
 * as "this is text". Numbers are not text and are never guarded.
 *
 * Returns: %TRUE when the text must be guarded
 */
gboolean
cm_cell_text_needs_guard (const char *text)
{
  if (text == NULL)
    return FALSE;
  switch (text[0])
    {
    case '=':
    case '+':
    case '-':
    case '@':
    case '\t':
    case '\r':
      return TRUE;
    default:
      return FALSE;
    }
}

/**
 * cm_cell_format_number:
 * @cell: an integer, money or decimal cell
 * @buf: (out caller-allocates): CM_CELL_NUMBER_BUF_SIZE bytes
 *
 * Writes the cell's number as plain ASCII with a point for decimals and no
 * grouping, whatever the locale: `-1234.50` for -123450 cents.
 *
 * Returns: @buf, or "" when the cell holds no finite number
 */
const char *
cm_cell_format_number (const CmCell *cell,
                       char         *buf)
{
  guint64 magnitude;

  buf[0] = '\0';
  switch (cell->kind)
    {
    case CM_CELL_INTEGER:
      g_snprintf (buf, CM_CELL_NUMBER_BUF_SIZE, "%" G_GINT64_FORMAT, cell->integer);
      break;
    case CM_CELL_MONEY:
      magnitude = cell->integer < 0 ? (guint64) 0 - (guint64) cell->integer : (guint64) cell->integer;
      g_snprintf (buf, CM_CELL_NUMBER_BUF_SIZE, "%s%" G_GUINT64_FORMAT ".%02u",
                  cell->integer < 0 ? "-" : "", magnitude / 100, (guint) (magnitude % 100));
      break;
    case CM_CELL_DECIMAL:
      if (isfinite (cell->decimal))
        {
          char format[8];

          g_snprintf (format, sizeof format, "%%.%uf", MIN (cell->digits, 12u));
          g_ascii_formatd (buf, CM_CELL_NUMBER_BUF_SIZE, format, cell->decimal);
          /* No "-0.000000": a point on the equator is not below it. */
          if (buf[0] == '-' && strspn (buf + 1, "0.") == strlen (buf + 1))
            memmove (buf, buf + 1, strlen (buf));
        }
      break;
    case CM_CELL_EMPTY:
    case CM_CELL_TEXT:
    case CM_CELL_DATE:
    default:
      break;
    }
  return buf;
}
