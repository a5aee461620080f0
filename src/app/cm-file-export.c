/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "cm-file-export"

#include "config.h"

#include <glib/gi18n.h>

#include "cm-file-export.h"
#include "cm-safe-file.h"

struct _CmFileExport
{
  GObject           parent_instance;

  char             *title;
  char             *suggested_name;
  char             *done_format;
  GPtrArray        *filters;       /* GtkFileFilter */
  CmFileExportFunc  func;
  gpointer          user_data;
  GDestroyNotify    destroy;

  GtkFileChooserNative *chooser;
  AdwToastOverlay  *toasts;        /* weak */
  GCancellable     *cancellable;
  GFile            *file;
  AdwToast         *toast;
  gboolean          running;
};

G_DEFINE_FINAL_TYPE (CmFileExport, cm_file_export, G_TYPE_OBJECT)

enum
{
  FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
cm_file_export_finalize (GObject *object)
{
  CmFileExport *self = (CmFileExport *)object;

  if (self->destroy != NULL)
    self->destroy (self->user_data);
  g_clear_weak_pointer (&self->toasts);
  g_clear_object (&self->chooser);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->file);
  g_clear_object (&self->toast);
  g_ptr_array_unref (self->filters);
  g_free (self->title);
  g_free (self->suggested_name);
  g_free (self->done_format);

  G_OBJECT_CLASS (cm_file_export_parent_class)->finalize (object);
}

static void
cm_file_export_class_init (CmFileExportClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cm_file_export_finalize;

  /**
   * CmFileExport::finished:
   * @error: (nullable): why the export failed, or %NULL
   *
   * The export is over and its toast shown.
   */
  signals[FINISHED] = g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);
}

static void
cm_file_export_init (CmFileExport *self)
{
  self->filters = g_ptr_array_new_with_free_func (g_object_unref);
}

/**
 * cm_file_export_new:
 * @title: the chooser's title, as "Export the Kitchens Shown"
 * @suggested_name: the file name offered, as "comedores.csv"
 * @func: (scope notified): writes the file it is given, in a worker thread
 * @user_data: data for @func
 * @destroy: (nullable): frees @user_data
 *
 * Returns: (transfer full): a new export
 */
CmFileExport *
cm_file_export_new (const char       *title,
                    const char       *suggested_name,
                    CmFileExportFunc  func,
                    gpointer          user_data,
                    GDestroyNotify    destroy)
{
  CmFileExport *self;

  g_return_val_if_fail (func != NULL, NULL);

  self = g_object_new (CM_TYPE_FILE_EXPORT, NULL);
  self->title = g_strdup (title);
  self->suggested_name = g_strdup (suggested_name);
  self->func = func;
  self->user_data = user_data;
  self->destroy = destroy;
  return self;
}

void
cm_file_export_add_filter (CmFileExport *self,
                           const char   *name,
                           const char   *pattern,
                           const char   *mime_type)
{
  GtkFileFilter *filter;

  g_return_if_fail (CM_IS_FILE_EXPORT (self));

  filter = gtk_file_filter_new ();
  gtk_file_filter_set_name (filter, name);
  if (pattern != NULL)
    gtk_file_filter_add_pattern (filter, pattern);
  if (mime_type != NULL)
    gtk_file_filter_add_mime_type (filter, mime_type);
  g_ptr_array_add (self->filters, filter);
}

void
cm_file_export_set_done_message (CmFileExport *self,
                                 const char   *format)
{
  g_return_if_fail (CM_IS_FILE_EXPORT (self));
  g_free (self->done_format);
  self->done_format = g_strdup (format);
}

gboolean
cm_file_export_is_running (CmFileExport *self)
{
  g_return_val_if_fail (CM_IS_FILE_EXPORT (self), FALSE);
  return self->running;
}

/**
 * cm_file_export_get_file:
 * @self: an export
 *
 * Returns: (transfer none) (nullable): the file chosen or given
 */
GFile *
cm_file_export_get_file (CmFileExport *self)
{
  g_return_val_if_fail (CM_IS_FILE_EXPORT (self), NULL);
  return self->file;
}

/**
 * cm_file_export_get_toast:
 * @self: an export
 *
 * Returns: (transfer none) (nullable): the toast that said how it went
 */
AdwToast *
cm_file_export_get_toast (CmFileExport *self)
{
  g_return_val_if_fail (CM_IS_FILE_EXPORT (self), NULL);
  return self->toast;
}

static void
show_toast (CmFileExport *self,
            AdwToast     *toast)
{
  g_set_object (&self->toast, toast);
  if (self->toasts != NULL)
    adw_toast_overlay_add_toast (self->toasts, g_object_ref (toast));
}

static void
shown_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(CmFileExport) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!gtk_show_uri_full_finish (GTK_WINDOW (object), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_autofree char *name = g_file_get_basename (self->file);
      g_autofree char *escaped = g_markup_escape_text (name, -1);
      g_autofree char *text = NULL;

      /* Translators: a file name */
      text = g_strdup_printf (_("No application could open “%s”"), escaped);
      show_toast (self, adw_toast_new (text));
    }
}

static void
open_clicked_cb (AdwToast     *toast,
                 CmFileExport *self)
{
  g_autofree char *uri = g_file_get_uri (self->file);
  GtkRoot *root = self->toasts != NULL ? gtk_widget_get_root (GTK_WIDGET (self->toasts)) : NULL;

  gtk_show_uri_full (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, uri, GDK_CURRENT_TIME,
                     NULL, shown_cb, g_object_ref (self));
}

static void
written_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  CmFileExport *self = CM_FILE_EXPORT (object);
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_file_get_basename (self->file);
  g_autofree char *escaped = g_markup_escape_text (name, -1);
  g_autofree char *text = NULL;
  g_autoptr(AdwToast) toast = NULL;

  self->running = FALSE;
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_autofree char *reason = g_markup_escape_text (error->message, -1);

          /* Translators: a file name, then why it could not be written */
          text = g_strdup_printf (_("“%s” could not be saved: %s"), escaped, reason);
          toast = adw_toast_new (text);
          adw_toast_set_timeout (toast, 0);   /* stays until read */
          show_toast (self, toast);
        }
    }
  else
    {
      if (self->done_format != NULL)
        text = g_strdup_printf (self->done_format, escaped);
      else
        /* Translators: a file name */
        text = g_strdup_printf (_("Saved “%s”"), escaped);
      toast = adw_toast_new (text);
      adw_toast_set_button_label (toast, _("_Open"));
      g_signal_connect_object (toast, "button-clicked", G_CALLBACK (open_clicked_cb), self, 0);
      show_toast (self, toast);
    }

  g_signal_emit (self, signals[FINISHED], 0, error);
}

static void
write_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  CmFileExport *self = source_object;
  GError *error = NULL;

  if (!cm_safe_file_write (self->file, self->func, self->user_data, cancellable, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
cm_file_export_write (CmFileExport    *self,
                      GFile           *file,
                      AdwToastOverlay *toasts,
                      GCancellable    *cancellable)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (CM_IS_FILE_EXPORT (self));
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (!self->running);

  g_set_object (&self->file, file);
  g_set_weak_pointer (&self->toasts, toasts);
  g_set_object (&self->cancellable, cancellable);
  g_clear_object (&self->toast);
  self->running = TRUE;

  /* The task holds the export until the toast is shown. */
  task = g_task_new (self, cancellable, written_cb, NULL);
  g_task_set_source_tag (task, cm_file_export_write);
  g_task_run_in_thread (task, write_thread);
}

static void
chooser_response_cb (GtkNativeDialog *chooser,
                     int              response,
                     CmFileExport    *self)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  if (file != NULL)
    cm_file_export_write (self, file, self->toasts, self->cancellable);

  g_clear_object (&self->chooser);
  /* The reference choose() took. */
  g_object_unref (self);
}

void
cm_file_export_choose (CmFileExport    *self,
                       GtkWindow       *parent,
                       AdwToastOverlay *toasts,
                       GCancellable    *cancellable)
{
  g_return_if_fail (CM_IS_FILE_EXPORT (self));
  g_return_if_fail (self->chooser == NULL && !self->running);

  g_set_weak_pointer (&self->toasts, toasts);
  g_set_object (&self->cancellable, cancellable);

  self->chooser = gtk_file_chooser_native_new (self->title, parent, GTK_FILE_CHOOSER_ACTION_SAVE,
                                               _("_Export"), _("_Cancel"));
  if (self->suggested_name != NULL)
    gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), self->suggested_name);
  for (guint i = 0; i < self->filters->len; i++)
    gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), g_ptr_array_index (self->filters, i));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  g_signal_connect (self->chooser, "response", G_CALLBACK (chooser_response_cb), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}
