/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "cm-csv-writer"

#include "config.h"

#include <string.h>

#include "cm-csv-writer.h"

/* A byte order mark first. RFC 4180 neither asks for one nor forbids it;
 * Excel, which most desks open a CSV with by a double click, reads a file
 * without one in the Windows code page and turns "Álvaro Obregón" into
 * "Ã\u0081lvaro ObregÃ³n". LibreOffice, R, Python's "utf-8-sig" and our own
 * reader (cm-csv.c) skip it. */
#define UTF8_BOM "\xef\xbb\xbf"

/* Written to the stream when the buffer grows past this. */
#define FLUSH_SIZE (64 * 1024)

struct _CmCsvWriter
{
  GOutputStream *stream;
  GString       *buffer;
  gboolean       started;
};

/**
 * cm_csv_writer_new:
 * @stream: where to write; the writer does not close it
 *
 * Returns: (transfer full): a new writer
 */
CmCsvWriter *
cm_csv_writer_new (GOutputStream *stream)
{
  CmCsvWriter *self;

  g_return_val_if_fail (G_IS_OUTPUT_STREAM (stream), NULL);

  self = g_new0 (CmCsvWriter, 1);
  self->stream = g_object_ref (stream);
  self->buffer = g_string_sized_new (FLUSH_SIZE + 4096);
  return self;
}

/**
 * cm_csv_writer_free:
 * @self: (transfer full) (nullable): a writer
 *
 * Frees the writer; rows not yet flushed by cm_csv_writer_finish() are lost.
 */
void
cm_csv_writer_free (CmCsvWriter *self)
{
  if (self == NULL)
    return;
  g_object_unref (self->stream);
  g_string_free (self->buffer, TRUE);
  g_free (self);
}

static gboolean
flush (CmCsvWriter   *self,
       GCancellable  *cancellable,
       GError       **error)
{
  if (self->buffer->len == 0)
    return TRUE;
  if (!g_output_stream_write_all (self->stream, self->buffer->str, self->buffer->len, NULL,
                                  cancellable, error))
    return FALSE;
  g_string_truncate (self->buffer, 0);
  return TRUE;
}

static void
append_text (GString    *out,
             const char *text)
{
  g_autofree char *valid = NULL;
  gboolean guard;

  if (!g_utf8_validate (text, -1, NULL))
    text = valid = g_utf8_make_valid (text, -1);
  guard = cm_cell_text_needs_guard (text);

  if (strpbrk (text, ",\"\r\n") == NULL)
    {
      if (guard)
        g_string_append_c (out, '\'');
      g_string_append (out, text);
      return;
    }

  g_string_append_c (out, '"');
  if (guard)
    g_string_append_c (out, '\'');
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

/**
 * cm_csv_writer_write_row:
 * @self: a writer
 * @cells: (array length=n_cells): the row's cells
 * @n_cells: how many
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Adds a row. Text is guarded as cm_cell_text_needs_guard() says; numbers
 * are written with a point and no grouping; dates as YYYY-MM-DD.
 *
 * Returns: %TRUE unless writing to the stream failed
 */
gboolean
cm_csv_writer_write_row (CmCsvWriter   *self,
                         const CmCell  *cells,
                         guint          n_cells,
                         GCancellable  *cancellable,
                         GError       **error)
{
  char number[CM_CELL_NUMBER_BUF_SIZE];

  g_return_val_if_fail (self != NULL, FALSE);

  if (!self->started)
    {
      g_string_append (self->buffer, UTF8_BOM);
      self->started = TRUE;
    }

  for (guint i = 0; i < n_cells; i++)
    {
      const CmCell *cell = &cells[i];

      if (i > 0)
        g_string_append_c (self->buffer, ',');
      switch (cell->kind)
        {
        case CM_CELL_TEXT:
          append_text (self->buffer, cell->text != NULL ? cell->text : "");
          break;
        case CM_CELL_DATE:
          /* Ours, checked by the query: never a formula, never quoted. */
          append_text (self->buffer, cell->text != NULL ? cell->text : "");
          break;
        case CM_CELL_INTEGER:
        case CM_CELL_MONEY:
        case CM_CELL_DECIMAL:
          g_string_append (self->buffer, cm_cell_format_number (cell, number));
          break;
        case CM_CELL_EMPTY:
        default:
          break;
        }
    }
  g_string_append (self->buffer, "\r\n");

  if (self->buffer->len >= FLUSH_SIZE)
    return flush (self, cancellable, error);
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  return TRUE;
}

/**
 * cm_csv_writer_finish:
 * @self: a writer
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Writes what is left of the rows to the stream (an empty table is an empty
 * file, without even the byte order mark). The stream stays open.
 *
 * Returns: %TRUE unless writing failed
 */
gboolean
cm_csv_writer_finish (CmCsvWriter   *self,
                      GCancellable  *cancellable,
                      GError       **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return flush (self, cancellable, error);
}
