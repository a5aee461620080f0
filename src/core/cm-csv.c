/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "cm-csv"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "cm-csv.h"
#include "cm-import-report.h"

struct _CmCsvReader
{
  const char *p;
  const char *end;
  guint       line;   /* of the byte at p */
};

/**
 * cm_csv_reader_new:
 * @text: the file's UTF-8 text, a byte-order mark at its start allowed;
 *   it must outlive the reader
 * @length: its length in bytes
 *
 * Returns: (transfer full): a reader at the first record
 */
CmCsvReader *
cm_csv_reader_new (const char *text,
                   gsize       length)
{
  CmCsvReader *self = g_new0 (CmCsvReader, 1);

  if (length >= 3 && memcmp (text, "\xef\xbb\xbf", 3) == 0)
    {
      text += 3;
      length -= 3;
    }
  self->p = text;
  self->end = text + length;
  self->line = 1;
  return self;
}

void
cm_csv_reader_free (CmCsvReader *self)
{
  g_free (self);
}

/* Consumes a line break at p, if there is one. */
static gboolean
eat_newline (CmCsvReader *self)
{
  if (self->p < self->end && *self->p == '\r')
    {
      self->p++;
      if (self->p < self->end && *self->p == '\n')
        self->p++;
      self->line++;
      return TRUE;
    }
  if (self->p < self->end && *self->p == '\n')
    {
      self->p++;
      self->line++;
      return TRUE;
    }
  return FALSE;
}

/**
 * cm_csv_reader_next:
 * @self: a reader
 * @fields: (out) (transfer full): the record's fields
 * @line: (out): the line the record starts on, from 1
 * @error: set when a quoted field is never closed
 *
 * Reads the next record. A record that is one empty field (a blank line)
 * is still returned, for the caller to skip or count.
 *
 * Returns: %TRUE with a record, %FALSE at the end of the text or on error
 */
gboolean
cm_csv_reader_next (CmCsvReader  *self,
                    GStrv        *fields,
                    guint        *line,
                    GError      **error)
{
  g_autoptr(GPtrArray) record = NULL;
  g_autoptr(GString) field = NULL;

  if (self->p >= self->end)
    return FALSE;

  record = g_ptr_array_new_with_free_func (g_free);
  field = g_string_new (NULL);
  *line = self->line;

  for (;;)
    {
      if (self->p < self->end && *self->p == '"' && field->len == 0)
        {
          guint opened_on = self->line;

          self->p++;
          for (;;)
            {
              if (self->p >= self->end)
                {
                  g_set_error (error, CM_IMPORT_ERROR, CM_IMPORT_ERROR_FORMAT,
                               _("Line %u: a field opens a quotation mark that is never closed."),
                               opened_on);
                  return FALSE;
                }
              if (*self->p == '"')
                {
                  if (self->p + 1 < self->end && self->p[1] == '"')
                    {
                      g_string_append_c (field, '"');
                      self->p += 2;
                      continue;
                    }
                  self->p++;
                  break;
                }
              if (*self->p == '\n' || (*self->p == '\r' && !(self->p + 1 < self->end && self->p[1] == '\n')))
                self->line++;
              g_string_append_c (field, *self->p++);
            }
        }

      /* Unquoted text, or what follows a closing quote (kept, as
       * spreadsheets do), up to the next comma or line break. */
      while (self->p < self->end && *self->p != ',' && *self->p != '\n' && *self->p != '\r')
        g_string_append_c (field, *self->p++);

      g_ptr_array_add (record, g_strndup (field->str, field->len));
      g_string_truncate (field, 0);

      if (self->p < self->end && *self->p == ',')
        {
          self->p++;
          continue;
        }
      eat_newline (self);
      break;
    }

  g_ptr_array_add (record, NULL);
  *fields = (GStrv) g_ptr_array_steal (record, NULL);
  return TRUE;
}
