/* SPDX-License-Identifier: GPL-3.0-or-later */

/* The window's Summary place and the GeoJSON export of the list. */

#define G_LOG_DOMAIN "cm-window"

#include "config.h"

#include <glib/gi18n.h>

#include "cm-geojson-export.h"
#include "cm-window-private.h"

static void
alcaldia_activated_cb (CmSummaryView *view,
                       const char    *code,
                       CmWindow      *self)
{
  cm_kitchens_view_show_alcaldia (self->kitchens_view, code);
  adw_view_stack_set_visible_child_name (self->view_stack, "kitchens");
}

static void
exported_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(CmWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_file_get_basename (G_FILE (object));
  g_autofree char *escaped = g_markup_escape_text (name, -1);
  g_autofree char *text = NULL;
  guint n = 0;

  if (!cm_geojson_export_write_finish (result, &n, &error))
    {
      g_autofree char *message = g_markup_escape_text (error->message, -1);

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      /* Translators: a file name, then why it could not be written */
      text = g_strdup_printf (_("%s could not be written: %s"), escaped, message);
    }
  else
    /* Translators: a count of kitchens, then a file name */
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Exported %u kitchen to %s",
                                         "Exported %u kitchens to %s", n),
                            n, escaped);
  _cm_window_add_toast (self, text);
}

/**
 * cm_window_export_geojson:
 * @self: the window
 * @file: where to write
 *
 * Writes the kitchens the list shows, through its filters, to @file as
 * GeoJSON, and says how many in a toast.
 */
void
cm_window_export_geojson (CmWindow *self,
                          GFile    *file)
{
  g_return_if_fail (CM_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  cm_geojson_export_write_async (cm_kitchens_view_get_shown (self->kitchens_view), file,
                                 self->cancellable, exported_cb, g_object_ref (self));
}

static void
export_chosen_cb (GtkNativeDialog *chooser,
                  int              response,
                  CmWindow        *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      if (file != NULL)
        cm_window_export_geojson (self, file);
    }
  g_object_unref (chooser);
}

static void
export_geojson_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  CmWindow *self = CM_WINDOW (widget);
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  chooser = gtk_file_chooser_native_new (_("Export the Kitchens Shown as GeoJSON"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  /* Translators: the suggested name of the exported file */
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), _("comedores.geojson"));
  gtk_file_filter_set_name (filter, _("GeoJSON"));
  gtk_file_filter_add_pattern (filter, "*.geojson");
  gtk_file_filter_add_pattern (filter, "*.json");
  gtk_file_filter_add_mime_type (filter, "application/geo+json");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect_object (chooser, "response", G_CALLBACK (export_chosen_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

void
_cm_window_class_init_summary (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.export-geojson", NULL, export_geojson_action);
}

/* The Summary is made the first time it is shown: its charts and figures
 * cost a start-up, and a query that holds the database, that a window
 * whose summary stays closed need not pay. */
static void
ensure_summary_view (CmWindow *self)
{
  /* Not before the window has its database (a restored view may ask). */
  if (self->summary_view != NULL || cm_window_get_db (self) == NULL)
    return;

  self->summary_view = cm_summary_view_new ();
  g_signal_connect_object (self->summary_view, "alcaldia-activated",
                           G_CALLBACK (alcaldia_activated_cb), self, 0);
  adw_bin_set_child (self->summary_bin, GTK_WIDGET (self->summary_view));
  cm_summary_view_set_db (self->summary_view, cm_window_get_db (self));
  cm_summary_view_reload (self->summary_view);
}

static void
visible_view_changed_cb (AdwViewStack *stack,
                         GParamSpec   *pspec,
                         CmWindow     *self)
{
  if (g_strcmp0 (adw_view_stack_get_visible_child_name (stack), "summary") == 0)
    ensure_summary_view (self);
}

/* After construction, once the database is there. */
void
_cm_window_summary_constructed (CmWindow *self)
{
  visible_view_changed_cb (self->view_stack, NULL, self);
}

void
_cm_window_init_summary (CmWindow *self)
{
  g_signal_connect_object (self->view_stack, "notify::visible-child-name",
                           G_CALLBACK (visible_view_changed_cb), self, 0);
}

CmSummaryView *
cm_window_get_summary_view (CmWindow *self)
{
  g_return_val_if_fail (CM_IS_WINDOW (self), NULL);
  ensure_summary_view (self);
  return self->summary_view;
}
