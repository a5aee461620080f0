/* SPDX-License-Identifier: GPL-3.0-or-later */

/* The window's exports: the Export Table dialog (CSV, XLSX, GeoJSON) of
 * what the list shows. */

#define G_LOG_DOMAIN "cm-window"

#include "config.h"

#include <glib/gi18n.h>

#include "cm-file-export.h"
#include "cm-geojson-export.h"
#include "cm-table-export-dialog.h"
#include "cm-window-private.h"

static gboolean
write_geojson (GFile         *file,
               gpointer       user_data,
               GCancellable  *cancellable,
               GError       **error)
{
  return cm_geojson_export_write (user_data, file, NULL, cancellable, error);
}

/**
 * cm_window_export_geojson:
 * @self: the window
 * @file: where to write
 *
 * Writes the kitchens the list shows, through its filters, to @file as
 * GeoJSON, and says so in a toast.
 */
void
cm_window_export_geojson (CmWindow *self,
                          GFile    *file)
{
  g_autoptr(CmFileExport) export = NULL;
  GListModel *shown;
  GListStore *snapshot;
  guint n;

  g_return_if_fail (CM_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  /* The worker reads a copy: the list may change while it writes. */
  shown = cm_kitchens_view_get_shown (self->kitchens_view);
  n = g_list_model_get_n_items (shown);
  snapshot = g_list_store_new (CM_TYPE_CANTEEN);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (shown, i);

      g_list_store_append (snapshot, item);
    }
  export = cm_file_export_new (_("Export the Kitchens Shown as GeoJSON"), NULL, write_geojson,
                               snapshot, g_object_unref);
  cm_file_export_write (export, file, self->toast_overlay, self->cancellable);
}

static void
export_table_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  CmWindow *self = CM_WINDOW (widget);
  CmTableExportDialog *dialog;

  if (self->db == NULL)
    return;
  dialog = cm_table_export_dialog_new (GTK_WINDOW (self), self->db,
                                       cm_kitchens_view_get_shown (self->kitchens_view),
                                       self->toast_overlay, self->cancellable);
  gtk_window_present (GTK_WINDOW (dialog));
}

/**
 * cm_window_open_table_export:
 * @self: the window
 *
 * Returns: (transfer none): the Export Table dialog, shown
 */
CmTableExportDialog *
cm_window_open_table_export (CmWindow *self)
{
  g_return_val_if_fail (CM_IS_WINDOW (self), NULL);

  gtk_widget_activate_action (GTK_WIDGET (self), "win.export-table", NULL);
  for (GList *l = gtk_window_list_toplevels (); l != NULL; l = g_list_delete_link (l, l))
    if (CM_IS_TABLE_EXPORT_DIALOG (l->data) &&
        gtk_window_get_transient_for (GTK_WINDOW (l->data)) == GTK_WINDOW (self))
      {
        CmTableExportDialog *dialog = l->data;

        g_list_free (l);
        return dialog;
      }
  return NULL;
}

void
_cm_window_class_init_export (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.export-table", NULL, export_table_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.export-table", NULL);
}
