/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "cm-xlsx-writer"

#include "config.h"

#include <string.h>

#include "cm-text.h"
#include "cm-xlsx-writer.h"
#include "cm-zip-writer.h"

#define NS_MAIN "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
#define NS_REL  "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#define NS_PKG_REL "http://schemas.openxmlformats.org/package/2006/relationships"
#define XML_DECL "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"

/* The styles of styles.xml, by index. */
enum
{
  STYLE_DEFAULT,
  STYLE_HEADER,
  STYLE_MONEY,
  STYLE_DATE,
  STYLE_COORDINATE,
};

/* A sheet's XML goes to the compressor in blocks of about this size. */
#define FLUSH_SIZE (64 * 1024)

/* Excel's own limit on a sheet name. */
#define MAX_SHEET_NAME 31

/* Written first, where file(1) and shared-mime-info look for it; sheets
 * take the default type, so it does not depend on how many there are. */
static const char content_types_xml[] =
  XML_DECL
  "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
  "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
  "<Default Extension=\"xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
  "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>"
  "<Override PartName=\"/xl/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml\"/>"
  "<Override PartName=\"/docProps/core.xml\" ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/>"
  "<Override PartName=\"/docProps/app.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.extended-properties+xml\"/>"
  "</Types>\n";

static const char root_rels_xml[] =
  XML_DECL
  "<Relationships xmlns=\"" NS_PKG_REL "\">"
  "<Relationship Id=\"rId1\" Type=\"" NS_REL "/officeDocument\" Target=\"xl/workbook.xml\"/>"
  "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" Target=\"docProps/core.xml\"/>"
  "<Relationship Id=\"rId3\" Type=\"" NS_REL "/extended-properties\" Target=\"docProps/app.xml\"/>"
  "</Relationships>\n";

struct _CmXlsxWriter
{
  CmZipWriter *zip;
  GPtrArray   *sheet_names;
  GString     *buffer;
  gboolean     in_sheet;
  guint        n_columns;   /* of the sheet being written */
  guint        row;         /* rows written to it */
  gboolean     started;     /* the package's first parts are written */
};

/**
 * cm_xlsx_writer_new:
 * @stream: where to write; the writer does not close it
 *
 * Returns: (transfer full): a writer of a new workbook
 */
CmXlsxWriter *
cm_xlsx_writer_new (GOutputStream *stream)
{
  CmXlsxWriter *self;

  g_return_val_if_fail (G_IS_OUTPUT_STREAM (stream), NULL);

  self = g_new0 (CmXlsxWriter, 1);
  self->zip = cm_zip_writer_new (stream);
  self->sheet_names = g_ptr_array_new_with_free_func (g_free);
  self->buffer = g_string_sized_new (FLUSH_SIZE + 4096);
  return self;
}

/**
 * cm_xlsx_writer_free:
 * @self: (transfer full) (nullable): a writer
 */
void
cm_xlsx_writer_free (CmXlsxWriter *self)
{
  if (self == NULL)
    return;
  cm_zip_writer_free (self->zip);
  g_ptr_array_unref (self->sheet_names);
  g_string_free (self->buffer, TRUE);
  g_free (self);
}

/* Text as XML character data or attribute value. XML 1.0 has no place for
 * most control characters: they become U+FFFD. A CR is written as a
 * reference, since a parser turns a bare one into LF. */
static void
append_escaped (GString    *out,
                const char *text)
{
  g_autofree char *valid = NULL;

  if (!g_utf8_validate (text, -1, NULL))
    text = valid = g_utf8_make_valid (text, -1);

  for (const char *p = text; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;

      switch (c)
        {
        case '&':
          g_string_append (out, "&amp;");
          break;
        case '<':
          g_string_append (out, "&lt;");
          break;
        case '>':
          g_string_append (out, "&gt;");
          break;
        case '"':
          g_string_append (out, "&quot;");
          break;
        case '\r':
          g_string_append (out, "&#13;");
          break;
        case '\t':
        case '\n':
          g_string_append_c (out, (char) c);
          break;
        default:
          if (c < 0x20 || c == 0x7f)
            g_string_append (out, "\xef\xbf\xbd");
          else
            g_string_append_c (out, (char) c);
        }
    }
}

static gboolean
put_entry (CmXlsxWriter  *self,
           const char    *name,
           const char    *text,
           GCancellable  *cancellable,
           GError       **error)
{
  return cm_zip_writer_begin (self->zip, name, TRUE, cancellable, error) &&
         cm_zip_writer_write (self->zip, text, strlen (text), cancellable, error) &&
         cm_zip_writer_end (self->zip, cancellable, error);
}

static gboolean
flush (CmXlsxWriter  *self,
       GCancellable  *cancellable,
       GError       **error)
{
  if (!cm_zip_writer_write (self->zip, self->buffer->str, self->buffer->len, cancellable, error))
    return FALSE;
  g_string_truncate (self->buffer, 0);
  return TRUE;
}

/* A1-style column letters: 0 is A, 26 is AA. */
static void
append_column (GString *out,
               guint    column)
{
  char letters[8];
  int n = 0;

  column++;
  while (column > 0 && n < (int) sizeof letters)
    {
      letters[n++] = (char) ('A' + (column - 1) % 26);
      column = (column - 1) / 26;
    }
  while (n > 0)
    g_string_append_c (out, letters[--n]);
}

/**
 * cm_xlsx_writer_begin_sheet:
 * @self: a writer
 * @name: the sheet's name (cut to 31 characters; `[]:*?/\` become spaces)
 * @widths: (array length=n_columns): each column's width, in characters
 * @n_columns: how many columns the sheet has
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Starts a sheet. Its first row, written with @header set, is frozen.
 *
 * Returns: %TRUE unless writing failed
 */
gboolean
cm_xlsx_writer_begin_sheet (CmXlsxWriter  *self,
                            const char    *name,
                            const double  *widths,
                            guint          n_columns,
                            GCancellable  *cancellable,
                            GError       **error)
{
  g_autofree char *entry = NULL;
  g_autofree char *valid = NULL;
  GString *clean;
  guint n = 0;

  g_return_val_if_fail (self != NULL && !self->in_sheet, FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  valid = g_utf8_make_valid (name, -1);
  clean = g_string_new (NULL);
  for (const char *p = valid; *p != '\0' && n < MAX_SHEET_NAME; p = g_utf8_next_char (p), n++)
    {
      gunichar c = g_utf8_get_char (p);

      g_string_append_unichar (clean, strchr ("[]:*?/\\", (int) c) != NULL && c < 0x80 ? ' ' : c);
    }
  if (clean->len == 0)
    g_string_append_printf (clean, "Sheet%u", self->sheet_names->len + 1);
  g_ptr_array_add (self->sheet_names, g_string_free (clean, FALSE));

  if (!self->started)
    {
      if (!put_entry (self, "[Content_Types].xml", content_types_xml, cancellable, error) ||
          !put_entry (self, "_rels/.rels", root_rels_xml, cancellable, error))
        return FALSE;
      self->started = TRUE;
    }

  entry = g_strdup_printf ("xl/worksheets/sheet%u.xml", self->sheet_names->len);
  if (!cm_zip_writer_begin (self->zip, entry, TRUE, cancellable, error))
    return FALSE;
  self->in_sheet = TRUE;
  self->n_columns = n_columns;
  self->row = 0;

  g_string_append (self->buffer,
                   XML_DECL
                   "<worksheet xmlns=\"" NS_MAIN "\" xmlns:r=\"" NS_REL "\">"
                   "<sheetViews><sheetView workbookViewId=\"0\">"
                   "<pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/>"
                   "<selection pane=\"bottomLeft\" activeCell=\"A2\" sqref=\"A2\"/>"
                   "</sheetView></sheetViews>"
                   "<sheetFormatPr defaultRowHeight=\"15\"/>");
  if (n_columns > 0)
    {
      g_string_append (self->buffer, "<cols>");
      for (guint i = 0; i < n_columns; i++)
        {
          char width[G_ASCII_DTOSTR_BUF_SIZE];

          g_ascii_formatd (width, sizeof width, "%.1f", widths != NULL ? widths[i] : 12.0);
          g_string_append_printf (self->buffer, "<col min=\"%u\" max=\"%u\" width=\"%s\" customWidth=\"1\"/>",
                                  i + 1, i + 1, width);
        }
      g_string_append (self->buffer, "</cols>");
    }
  g_string_append (self->buffer, "<sheetData>");
  return TRUE;
}

/* Days since 1899-12-30: the serial number of a date in a spreadsheet. */
static gboolean
date_serial (const char *iso_date,
             guint      *serial)
{
  GDate date, epoch;

  if (!cm_text_parse_date (iso_date, &date))
    return FALSE;
  g_date_clear (&epoch, 1);
  g_date_set_dmy (&epoch, 30, G_DATE_DECEMBER, 1899);
  *serial = (guint) (g_date_get_julian (&date) - g_date_get_julian (&epoch));
  return TRUE;
}

static void
append_inline_string (GString    *out,
                      const char *text,
                      guint       style)
{
  gsize length = strlen (text);
  gboolean guard = cm_cell_text_needs_guard (text);
  gboolean preserve = guard || g_ascii_isspace (text[0]) || (length > 0 && g_ascii_isspace (text[length - 1]));

  g_string_append (out, " t=\"inlineStr\"");
  if (style != STYLE_DEFAULT)
    g_string_append_printf (out, " s=\"%u\"", style);
  g_string_append (out, preserve ? "><is><t xml:space=\"preserve\">" : "><is><t>");
  if (guard)
    g_string_append_c (out, '\'');
  append_escaped (out, text);
  g_string_append (out, "</t></is></c>");
}

/**
 * cm_xlsx_writer_write_row:
 * @self: a writer with a sheet begun
 * @cells: (array length=n_cells): the row's cells
 * @n_cells: how many
 * @header: whether this is the header row (bold)
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Adds a row. Text is guarded as cm_cell_text_needs_guard() says, numbers
 * are numbers, a date that does not parse is written as text.
 *
 * Returns: %TRUE unless writing failed
 */
gboolean
cm_xlsx_writer_write_row (CmXlsxWriter  *self,
                          const CmCell  *cells,
                          guint          n_cells,
                          gboolean       header,
                          GCancellable  *cancellable,
                          GError       **error)
{
  GString *out;
  char number[CM_CELL_NUMBER_BUF_SIZE];

  g_return_val_if_fail (self != NULL && self->in_sheet, FALSE);

  out = self->buffer;
  self->row++;
  g_string_append_printf (out, "<row r=\"%u\">", self->row);
  for (guint i = 0; i < n_cells; i++)
    {
      const CmCell *cell = &cells[i];
      guint serial;

      if (cell->kind == CM_CELL_EMPTY)
        continue;
      g_string_append (out, "<c r=\"");
      append_column (out, i);
      g_string_append_printf (out, "%u\"", self->row);

      switch (cell->kind)
        {
        case CM_CELL_TEXT:
          append_inline_string (out, cell->text, header ? STYLE_HEADER : STYLE_DEFAULT);
          break;
        case CM_CELL_DATE:
          if (date_serial (cell->text, &serial))
            g_string_append_printf (out, " s=\"%u\"><v>%u</v></c>", STYLE_DATE, serial);
          else
            append_inline_string (out, cell->text, STYLE_DEFAULT);
          break;
        case CM_CELL_INTEGER:
        case CM_CELL_MONEY:
        case CM_CELL_DECIMAL:
          cm_cell_format_number (cell, number);
          if (number[0] == '\0')
            {
              g_string_append (out, "/>");
              break;
            }
          if (cell->kind == CM_CELL_MONEY)
            g_string_append_printf (out, " s=\"%u\"", STYLE_MONEY);
          else if (cell->kind == CM_CELL_DECIMAL && cell->digits == 6)
            g_string_append_printf (out, " s=\"%u\"", STYLE_COORDINATE);
          g_string_append_printf (out, "><v>%s</v></c>", number);
          break;
        case CM_CELL_EMPTY:
        default:
          g_assert_not_reached ();
        }
    }
  g_string_append (out, "</row>");

  if (out->len >= FLUSH_SIZE)
    return flush (self, cancellable, error);
  return !g_cancellable_set_error_if_cancelled (cancellable, error);
}

/**
 * cm_xlsx_writer_end_sheet:
 * @self: a writer with a sheet begun
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Ends the sheet, with a filter on its header row.
 *
 * Returns: %TRUE unless writing failed
 */
gboolean
cm_xlsx_writer_end_sheet (CmXlsxWriter  *self,
                          GCancellable  *cancellable,
                          GError       **error)
{
  g_return_val_if_fail (self != NULL && self->in_sheet, FALSE);

  g_string_append (self->buffer, "</sheetData>");
  if (self->n_columns > 0 && self->row > 0)
    {
      g_string_append (self->buffer, "<autoFilter ref=\"A1:");
      append_column (self->buffer, self->n_columns - 1);
      g_string_append_printf (self->buffer, "%u\"/>", self->row);
    }
  g_string_append (self->buffer,
                   "<pageMargins left=\"0.7\" right=\"0.7\" top=\"0.75\" bottom=\"0.75\" header=\"0.3\" footer=\"0.3\"/>"
                   "</worksheet>\n");
  self->in_sheet = FALSE;

  return flush (self, cancellable, error) && cm_zip_writer_end (self->zip, cancellable, error);
}

static const char styles_xml[] =
  XML_DECL
  "<styleSheet xmlns=\"" NS_MAIN "\">"
  "<numFmts count=\"3\">"
  "<numFmt numFmtId=\"164\" formatCode=\"$#,##0.00\"/>"
  "<numFmt numFmtId=\"165\" formatCode=\"yyyy\\-mm\\-dd\"/>"
  "<numFmt numFmtId=\"166\" formatCode=\"0.000000\"/>"
  "</numFmts>"
  "<fonts count=\"2\">"
  "<font><sz val=\"11\"/><name val=\"Calibri\"/><family val=\"2\"/></font>"
  "<font><b/><sz val=\"11\"/><name val=\"Calibri\"/><family val=\"2\"/></font>"
  "</fonts>"
  "<fills count=\"2\"><fill><patternFill patternType=\"none\"/></fill>"
  "<fill><patternFill patternType=\"gray125\"/></fill></fills>"
  "<borders count=\"1\"><border><left/><right/><top/><bottom/><diagonal/></border></borders>"
  "<cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/></cellStyleXfs>"
  "<cellXfs count=\"5\">"
  "<xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/>"
  "<xf numFmtId=\"0\" fontId=\"1\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyFont=\"1\"/>"
  "<xf numFmtId=\"164\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\"/>"
  "<xf numFmtId=\"165\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\"/>"
  "<xf numFmtId=\"166\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\"/>"
  "</cellXfs>"
  "<cellStyles count=\"1\"><cellStyle name=\"Normal\" xfId=\"0\" builtinId=\"0\"/></cellStyles>"
  "</styleSheet>\n";

/**
 * cm_xlsx_writer_finish:
 * @self: a writer with no sheet open
 * @title: (nullable): the workbook's title, for its properties
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Writes the workbook, its styles and properties, and closes the archive.
 * No date goes in the properties: the same sheets give the same bytes.
 *
 * Returns: %TRUE unless writing failed
 */
gboolean
cm_xlsx_writer_finish (CmXlsxWriter  *self,
                       const char    *title,
                       GCancellable  *cancellable,
                       GError       **error)
{
  g_autoptr(GString) workbook = g_string_new (XML_DECL);
  g_autoptr(GString) rels = g_string_new (XML_DECL);
  g_autoptr(GString) core = g_string_new (XML_DECL);
  guint n;

  g_return_val_if_fail (self != NULL && !self->in_sheet, FALSE);

  n = self->sheet_names->len;
  if (!self->started &&
      (!put_entry (self, "[Content_Types].xml", content_types_xml, cancellable, error) ||
       !put_entry (self, "_rels/.rels", root_rels_xml, cancellable, error)))
    return FALSE;
  self->started = TRUE;

  g_string_append (workbook, "<workbook xmlns=\"" NS_MAIN "\" xmlns:r=\"" NS_REL "\">"
                             "<bookViews><workbookView/></bookViews><sheets>");
  for (guint i = 0; i < n; i++)
    {
      g_string_append (workbook, "<sheet name=\"");
      append_escaped (workbook, g_ptr_array_index (self->sheet_names, i));
      g_string_append_printf (workbook, "\" sheetId=\"%u\" r:id=\"rId%u\"/>", i + 1, i + 1);
    }
  g_string_append (workbook, "</sheets></workbook>\n");

  g_string_append (rels, "<Relationships xmlns=\"" NS_PKG_REL "\">");
  for (guint i = 1; i <= n; i++)
    g_string_append_printf (rels, "<Relationship Id=\"rId%u\" Type=\"" NS_REL "/worksheet\" "
                                  "Target=\"worksheets/sheet%u.xml\"/>", i, i);
  g_string_append_printf (rels, "<Relationship Id=\"rId%u\" Type=\"" NS_REL "/styles\" Target=\"styles.xml\"/>",
                          n + 1);
  g_string_append (rels, "</Relationships>\n");

  g_string_append (core, "<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" "
                         "xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><dc:title>");
  append_escaped (core, title != NULL ? title : "");
  g_string_append (core, "</dc:title><dc:creator>Comedores</dc:creator></cp:coreProperties>\n");

  return put_entry (self, "docProps/core.xml", core->str, cancellable, error) &&
         put_entry (self, "docProps/app.xml",
                    XML_DECL "<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\">"
                    "<Application>Comedores</Application></Properties>\n", cancellable, error) &&
         put_entry (self, "xl/workbook.xml", workbook->str, cancellable, error) &&
         put_entry (self, "xl/_rels/workbook.xml.rels", rels->str, cancellable, error) &&
         put_entry (self, "xl/styles.xml", styles_xml, cancellable, error) &&
         cm_zip_writer_finish (self->zip, cancellable, error);
}
