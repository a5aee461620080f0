/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "cm-import"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "cm-audit.h"
#include "cm-import-report.h"

typedef struct
{
  guint  line;
  guint  seq;      /* keeps problems of one line in the order found */
  char  *message;
} Problem;

struct _CmImportReport
{
  GObject     parent_instance;

  GArray     *problems;   /* Problem */
  gboolean    sorted;
  GPtrArray  *keys;       /* in the order first set, NULL-terminated */
  GHashTable *counts;     /* key → gint64 */
};

G_DEFINE_FINAL_TYPE (CmImportReport, cm_import_report, G_TYPE_OBJECT)

G_DEFINE_QUARK (cm-import-error-quark, cm_import_error)

static void
problem_clear (gpointer data)
{
  g_free (((Problem *) data)->message);
}

static void
cm_import_report_finalize (GObject *object)
{
  CmImportReport *self = (CmImportReport *) object;

  g_array_unref (self->problems);
  g_ptr_array_unref (self->keys);
  g_hash_table_unref (self->counts);

  G_OBJECT_CLASS (cm_import_report_parent_class)->finalize (object);
}

static void
cm_import_report_class_init (CmImportReportClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cm_import_report_finalize;
}

static void
cm_import_report_init (CmImportReport *self)
{
  self->problems = g_array_new (FALSE, FALSE, sizeof (Problem));
  g_array_set_clear_func (self->problems, problem_clear);
  self->keys = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (self->keys, NULL);
  self->counts = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
}

CmImportReport *
cm_import_report_new (void)
{
  return g_object_new (CM_TYPE_IMPORT_REPORT, NULL);
}

/**
 * cm_import_report_add_problem:
 * @self: a report
 * @line: the line (or feature) the problem is about, 0 for the whole file
 * @format: a translated sentence that names the line itself
 *
 * Adds a problem; the report lists them by line.
 */
void
cm_import_report_add_problem (CmImportReport *self,
                              guint           line,
                              const char     *format,
                              ...)
{
  Problem problem;
  va_list args;

  g_return_if_fail (CM_IS_IMPORT_REPORT (self));

  va_start (args, format);
  problem.line = line;
  problem.seq = self->problems->len;
  problem.message = g_strdup_vprintf (format, args);
  va_end (args);

  g_array_append_val (self->problems, problem);
  self->sorted = FALSE;
}

static int
compare_problems (gconstpointer a,
                  gconstpointer b)
{
  const Problem *pa = a, *pb = b;

  if (pa->line != pb->line)
    return pa->line < pb->line ? -1 : 1;
  return pa->seq < pb->seq ? -1 : pa->seq > pb->seq;
}

static void
ensure_sorted (CmImportReport *self)
{
  if (!self->sorted)
    g_array_sort (self->problems, compare_problems);
  self->sorted = TRUE;
}

guint
cm_import_report_get_n_problems (CmImportReport *self)
{
  g_return_val_if_fail (CM_IS_IMPORT_REPORT (self), 0);

  return self->problems->len;
}

/**
 * cm_import_report_get_problem:
 * @self: a report
 * @index: below cm_import_report_get_n_problems(); problems come by line
 * @line: (out) (optional): the problem's line, 0 for the whole file
 *
 * Returns: (transfer none): the problem, as a sentence
 */
const char *
cm_import_report_get_problem (CmImportReport *self,
                              guint           index,
                              guint          *line)
{
  const Problem *problem;

  g_return_val_if_fail (CM_IS_IMPORT_REPORT (self), NULL);
  g_return_val_if_fail (index < self->problems->len, NULL);

  ensure_sorted (self);
  problem = &g_array_index (self->problems, Problem, index);
  if (line != NULL)
    *line = problem->line;
  return problem->message;
}

void
cm_import_report_set_count (CmImportReport *self,
                            const char     *key,
                            gint64          value)
{
  g_return_if_fail (CM_IS_IMPORT_REPORT (self));
  g_return_if_fail (key != NULL);

  if (!g_hash_table_contains (self->counts, key))
    {
      char *copy = g_strdup (key);

      g_ptr_array_insert (self->keys, self->keys->len - 1, copy);
      g_hash_table_insert (self->counts, copy, g_memdup2 (&value, sizeof value));
    }
  else
    *(gint64 *) g_hash_table_lookup (self->counts, key) = value;
}

gint64
cm_import_report_get_count (CmImportReport *self,
                            const char     *key)
{
  gint64 *value;

  g_return_val_if_fail (CM_IS_IMPORT_REPORT (self), 0);

  value = g_hash_table_lookup (self->counts, key);
  return value != NULL ? *value : 0;
}

/**
 * cm_import_report_get_keys:
 * @self: a report
 *
 * Returns: (transfer none): the counts' keys, in the order they are printed
 */
const char * const *
cm_import_report_get_keys (CmImportReport *self)
{
  g_return_val_if_fail (CM_IS_IMPORT_REPORT (self), NULL);

  return (const char * const *) self->keys->pdata;
}

/**
 * cm_import_report_to_text:
 * @self: a report
 *
 * Returns: (transfer full): the problems, one a line, then the counts as
 *   `key: value` lines
 */
char *
cm_import_report_to_text (CmImportReport *self)
{
  GString *out = g_string_new (NULL);

  g_return_val_if_fail (CM_IS_IMPORT_REPORT (self), NULL);

  ensure_sorted (self);
  for (guint i = 0; i < self->problems->len; i++)
    g_string_append_printf (out, "%s\n", g_array_index (self->problems, Problem, i).message);
  for (guint i = 0; i + 1 < self->keys->len; i++)
    {
      const char *key = g_ptr_array_index (self->keys, i);

      g_string_append_printf (out, "%s: %" G_GINT64_FORMAT "\n", key,
                              cm_import_report_get_count (self, key));
    }

  return g_string_free (out, FALSE);
}

/**
 * cm_import_line_of_offset:
 * @text: a file's bytes
 * @offset: a byte in it
 *
 * Returns: the line, from 1, that holds the byte at @offset
 */
guint
cm_import_line_of_offset (const char *text,
                          gsize       offset)
{
  guint line = 1;

  for (gsize i = 0; i < offset; i++)
    if (text[i] == '\n')
      line++;
  return line;
}

/**
 * cm_import_may_apply:
 * @applied: whether the import was applied already
 * @actor: who applies it, for the audit log
 * @error: set to %CM_IMPORT_ERROR_APPLIED, or by cm_audit_check_actor()
 *
 * What every import's apply() checks first: once, and by someone.
 *
 * Returns: %TRUE when the import may be applied
 */
gboolean
cm_import_may_apply (gboolean     applied,
                     const char  *actor,
                     GError     **error)
{
  if (applied)
    {
      g_set_error (error, CM_IMPORT_ERROR, CM_IMPORT_ERROR_APPLIED,
                   _("This import has already been applied."));
      return FALSE;
    }
  return cm_audit_check_actor (actor, error);
}

/**
 * cm_import_read_file:
 * @file: the file to import
 * @cancellable: (nullable): a #GCancellable
 * @error: set to %CM_IMPORT_ERROR_READ when it cannot be read
 *
 * Returns: (transfer full) (nullable): its bytes, or %NULL with @error set
 */
GBytes *
cm_import_read_file (GFile         *file,
                     GCancellable  *cancellable,
                     GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *name = NULL;
  char *data = NULL;
  gsize length = 0;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  if (g_file_load_contents (file, cancellable, &data, &length, NULL, &local_error))
    return g_bytes_new_take (data, length);

  name = g_file_get_parse_name (file);
  g_set_error (error, CM_IMPORT_ERROR, CM_IMPORT_ERROR_READ,
               _("Cannot read “%s”: %s"), name, local_error->message);
  return NULL;
}

/**
 * cm_import_check_utf8:
 * @contents: a file's bytes
 * @error: set to %CM_IMPORT_ERROR_ENCODING, naming the first line that is
 *   not UTF-8
 *
 * Returns: %TRUE when @contents is UTF-8 text
 */
gboolean
cm_import_check_utf8 (GBytes  *contents,
                      GError **error)
{
  gsize length;
  const char *data = g_bytes_get_data (contents, &length);
  const char *end;

  if (g_utf8_validate_len (data, length, &end))
    return TRUE;

  g_set_error (error, CM_IMPORT_ERROR, CM_IMPORT_ERROR_ENCODING,
               _("Line %u is not UTF-8 text: save the file as UTF-8 and import it again."),
               cm_import_line_of_offset (data, end - data));
  return FALSE;
}

/**
 * cm_import_join_numbers:
 * @numbers: (element-type guint): line or feature numbers
 *
 * Returns: (transfer full): the numbers as a person reads them: “2, 6, 14”
 */
char *
cm_import_join_numbers (GArray *numbers)
{
  GString *list = g_string_new (NULL);

  for (guint i = 0; i < numbers->len; i++)
    g_string_append_printf (list, "%s%u", i == 0 ? "" : ", ", g_array_index (numbers, guint, i));
  return g_string_free (list, FALSE);
}
