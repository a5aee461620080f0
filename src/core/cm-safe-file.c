/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "cm-safe-file"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "cm-safe-file.h"

/**
 * cm_safe_file_write:
 * @target: the file to write
 * @func: (scope call): writes the file it is given
 * @user_data: data for @func
 * @cancellable: (nullable): a #GCancellable, passed to @func
 * @error: return location for a #GError
 *
 * Has @func write a hidden file beside @target, then renames it onto
 * @target. A failed or cancelled write leaves no half file and @target as
 * it was; a reader sees the old file or the new one, never part of one.
 * @func runs in the calling thread, and may open its file as it likes
 * (GIO, cairo by path, …).
 *
 * Returns: %TRUE when @target holds what @func wrote
 */
gboolean
cm_safe_file_write (GFile                *target,
                    CmSafeFileWriteFunc   func,
                    gpointer              user_data,
                    GCancellable         *cancellable,
                    GError              **error)
{
  g_autoptr(GFile) parent = NULL;
  g_autoptr(GFile) tmp = NULL;
  g_autofree char *basename = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (G_IS_FILE (target), FALSE);
  g_return_val_if_fail (func != NULL, FALSE);

  parent = g_file_get_parent (target);
  basename = g_file_get_basename (target);
  if (parent == NULL || basename == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_FILENAME,
                   _("“%s” is not a file that can be written."), g_file_peek_path (target));
      return FALSE;
    }

  /* A name of our own in the same folder, so that the rename stays there. */
  for (guint attempt = 0; tmp == NULL; attempt++)
    {
      g_autofree char *name = g_strdup_printf (".%s.%06x.part", basename, g_random_int () & 0xffffff);
      g_autoptr(GFile) candidate = g_file_get_child (parent, name);
      g_autoptr(GFileOutputStream) stream = NULL;

      g_clear_error (&local_error);
      stream = g_file_create (candidate, G_FILE_CREATE_NONE, cancellable, &local_error);
      if (stream != NULL)
        {
          g_output_stream_close (G_OUTPUT_STREAM (stream), NULL, NULL);
          tmp = g_steal_pointer (&candidate);
        }
      else if (!g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_EXISTS) || attempt >= 16)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
    }

  if (!func (tmp, user_data, cancellable, error) ||
      !g_file_move (tmp, target, G_FILE_COPY_OVERWRITE, cancellable, NULL, NULL, error))
    {
      g_file_delete (tmp, NULL, NULL);
      return FALSE;
    }
  return TRUE;
}
