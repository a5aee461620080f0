/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "cm-table-export-dialog"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "cm-canteen.h"
#include "cm-geojson-export.h"
#include "cm-table-export-dialog.h"

#define RESOURCE_PREFIX "/io/github/comedores/Comedores"

struct _CmTableExportDialog
{
  AdwWindow             parent_instance;

  /* template children */
  AdwPreferencesGroup  *group;
  AdwComboRow          *table_row;
  AdwComboRow          *format_row;
  AdwActionRow         *period_row;

  CmPeriodChooser      *period_chooser;
  CmDb                 *db;
  GListModel           *kitchens;
  AdwToastOverlay      *toasts;      /* weak */
  GCancellable         *cancellable;
  char                 *scope;
};

G_DEFINE_FINAL_TYPE (CmTableExportDialog, cm_table_export_dialog, ADW_TYPE_WINDOW)

/* What the worker thread writes from: its own copies. */
typedef struct
{
  CmDb                 *db;
  CmTableExportOptions  options;
  GListStore           *kitchens;    /* for GeoJSON */
  gboolean              geojson;
} ExportData;

static void
export_data_free (gpointer data)
{
  ExportData *export = data;

  g_object_unref (export->db);
  g_clear_pointer (&export->options.kitchen_ids, g_array_unref);
  g_clear_object (&export->kitchens);
  g_free (export);
}

static gboolean
write_table (GFile         *file,
             gpointer       user_data,
             GCancellable  *cancellable,
             GError       **error)
{
  ExportData *export = user_data;
  g_autoptr(GFileOutputStream) stream = NULL;

  if (export->geojson)
    return cm_geojson_export_write (G_LIST_MODEL (export->kitchens), file, NULL, cancellable, error);

  stream = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_NONE, cancellable, error);
  if (stream == NULL)
    return FALSE;
  if (!cm_table_export_to_stream (export->db, &export->options, G_OUTPUT_STREAM (stream), NULL,
                                  cancellable, error))
    {
      g_output_stream_close (G_OUTPUT_STREAM (stream), NULL, NULL);
      return FALSE;
    }
  return g_output_stream_close (G_OUTPUT_STREAM (stream), cancellable, error);
}

static gboolean
is_geojson (CmTableExportDialog *self)
{
  return adw_combo_row_get_selected (self->format_row) == CM_TABLE_EXPORT_DIALOG_GEOJSON;
}

static CmTable
selected_table (CmTableExportDialog *self)
{
  return (CmTable) MIN (adw_combo_row_get_selected (self->table_row), CM_TABLE_CHECKS);
}

/* Made in the main thread: a snapshot of the list as it is now. */
static CmFileExport *
make_export (CmTableExportDialog *self)
{
  ExportData *export = g_new0 (ExportData, 1);
  g_autofree char *name = NULL;
  g_autofree char *period_text = NULL;
  CmFileExport *file_export;
  CmTable table = selected_table (self);
  guint n = g_list_model_get_n_items (self->kitchens);
  CmPeriod period;

  export->db = g_object_ref (self->db);
  export->geojson = is_geojson (self);
  cm_table_export_options_init (&export->options, table,
                                adw_combo_row_get_selected (self->format_row) == 1 ? CM_TABLE_FORMAT_XLSX
                                                                                   : CM_TABLE_FORMAT_CSV);
  export->options.kitchen_ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), n);
  export->kitchens = g_list_store_new (CM_TYPE_CANTEEN);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CmCanteen) canteen = g_list_model_get_item (self->kitchens, i);
      gint64 id = cm_canteen_get_id (canteen);

      g_array_append_val (export->options.kitchen_ids, id);
      g_list_store_append (export->kitchens, canteen);
    }
  if (cm_period_chooser_get_period (self->period_chooser, &period) && !export->geojson)
    {
      export->options.has_period = TRUE;
      export->options.period = period;
      period_text = cm_period_to_string (&period);
    }

  /* Translators: the suggested file name: a table's name ("comedores",
   * "informes", "revisiones"), then the period, as "informes-2026-10.csv" */
  if (export->geojson)
    name = g_strdup (_("comedores.geojson"));
  else
    {
      const char *base = table == CM_TABLE_KITCHENS ? C_("file name", "kitchens")
                       : table == CM_TABLE_REPORTS ? C_("file name", "reports")
                       : C_("file name", "checks");

      name = g_strdup_printf ("%s%s%s.%s", base, period_text != NULL ? "-" : "",
                              period_text != NULL ? period_text : "",
                              cm_table_format_get_extension (export->options.format));
      g_strdelimit (name, ".", '_');
      /* Only the extension keeps its point. */
      name[strlen (name) - strlen (cm_table_format_get_extension (export->options.format)) - 1] = '.';
    }

  file_export = cm_file_export_new (_("Export a Table"), name, write_table, export, export_data_free);
  if (export->geojson)
    cm_file_export_add_filter (file_export, _("GeoJSON"), "*.geojson", "application/geo+json");
  else if (export->options.format == CM_TABLE_FORMAT_XLSX)
    cm_file_export_add_filter (file_export, _("XLSX spreadsheets"), "*.xlsx",
                               cm_table_format_get_mime_type (CM_TABLE_FORMAT_XLSX));
  else
    cm_file_export_add_filter (file_export, _("CSV files"), "*.csv", "text/csv");
  return file_export;
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  CmTableExportDialog *self = CM_TABLE_EXPORT_DIALOG (widget);
  g_autoptr(CmFileExport) file_export = make_export (self);

  cm_file_export_choose (file_export, gtk_window_get_transient_for (GTK_WINDOW (self)), self->toasts,
                         self->cancellable);
  gtk_window_close (GTK_WINDOW (self));
}

static void
update (CmTableExportDialog *self)
{
  gboolean geojson = is_geojson (self);

  /* GeoJSON is of kitchens, and has no period. */
  if (geojson && selected_table (self) != CM_TABLE_KITCHENS)
    adw_combo_row_set_selected (self->table_row, CM_TABLE_KITCHENS);
  gtk_widget_set_sensitive (GTK_WIDGET (self->period_row), !geojson);
  adw_action_row_set_subtitle (self->period_row,
                               selected_table (self) == CM_TABLE_KITCHENS
                               ? _("Of the reports, rations, fee and spending columns")
                               : _("Of the rows"));
}

static void
table_changed_cb (AdwComboRow         *row,
                  GParamSpec          *pspec,
                  CmTableExportDialog *self)
{
  if (selected_table (self) != CM_TABLE_KITCHENS && is_geojson (self))
    adw_combo_row_set_selected (self->format_row, CM_TABLE_FORMAT_CSV);
  update (self);
}

static void
format_changed_cb (AdwComboRow         *row,
                   GParamSpec          *pspec,
                   CmTableExportDialog *self)
{
  update (self);
}

static void
cm_table_export_dialog_dispose (GObject *object)
{
  CmTableExportDialog *self = CM_TABLE_EXPORT_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), CM_TYPE_TABLE_EXPORT_DIALOG);
  g_clear_weak_pointer (&self->toasts);
  g_clear_object (&self->db);
  g_clear_object (&self->kitchens);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->scope, g_free);

  G_OBJECT_CLASS (cm_table_export_dialog_parent_class)->dispose (object);
}

static void
cm_table_export_dialog_class_init (CmTableExportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cm_table_export_dialog_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/cm-table-export-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, CmTableExportDialog, group);
  gtk_widget_class_bind_template_child (widget_class, CmTableExportDialog, table_row);
  gtk_widget_class_bind_template_child (widget_class, CmTableExportDialog, format_row);
  gtk_widget_class_bind_template_child (widget_class, CmTableExportDialog, period_row);
  gtk_widget_class_install_action (widget_class, "table-export.export", NULL, export_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
cm_table_export_dialog_init (CmTableExportDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->period_chooser = CM_PERIOD_CHOOSER (cm_period_chooser_new ());
  gtk_widget_set_valign (GTK_WIDGET (self->period_chooser), GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (self->period_row, GTK_WIDGET (self->period_chooser));
  g_signal_connect_object (self->table_row, "notify::selected", G_CALLBACK (table_changed_cb), self, 0);
  g_signal_connect_object (self->format_row, "notify::selected", G_CALLBACK (format_changed_cb), self, 0);
  update (self);
}

/**
 * cm_table_export_dialog_new:
 * @parent: the window
 * @db: its database
 * @kitchens: the kitchens the list shows (CmCanteen); read when Export is pressed
 * @toasts: where the result is told
 * @cancellable: (nullable): cancelled when the window goes
 *
 * Returns: (transfer none): the dialog, not yet shown
 */
CmTableExportDialog *
cm_table_export_dialog_new (GtkWindow       *parent,
                            CmDb            *db,
                            GListModel      *kitchens,
                            AdwToastOverlay *toasts,
                            GCancellable    *cancellable)
{
  CmTableExportDialog *self;
  guint n;

  g_return_val_if_fail (CM_IS_DB (db), NULL);
  g_return_val_if_fail (G_IS_LIST_MODEL (kitchens), NULL);

  self = g_object_new (CM_TYPE_TABLE_EXPORT_DIALOG, "transient-for", parent, NULL);
  self->db = g_object_ref (db);
  self->kitchens = g_object_ref (kitchens);
  g_set_weak_pointer (&self->toasts, toasts);
  g_set_object (&self->cancellable, cancellable);

  n = g_list_model_get_n_items (kitchens);
  /* Translators: what the export covers: the list's kitchens through its filters */
  self->scope = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "The kitchen the list shows",
                                              "The %u kitchens the list shows", n), n);
  adw_preferences_group_set_description (self->group, self->scope);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "table-export.export", n > 0);
  cm_period_chooser_load (self->period_chooser, db);
  return self;
}

void
cm_table_export_dialog_select (CmTableExportDialog *self,
                               CmTable              table,
                               guint                format)
{
  g_return_if_fail (CM_IS_TABLE_EXPORT_DIALOG (self));
  adw_combo_row_set_selected (self->table_row, table);
  adw_combo_row_set_selected (self->format_row, format);
}

const char *
cm_table_export_dialog_get_scope (CmTableExportDialog *self)
{
  g_return_val_if_fail (CM_IS_TABLE_EXPORT_DIALOG (self), NULL);
  return self->scope;
}

CmPeriodChooser *
cm_table_export_dialog_get_period_chooser (CmTableExportDialog *self)
{
  g_return_val_if_fail (CM_IS_TABLE_EXPORT_DIALOG (self), NULL);
  return self->period_chooser;
}

/**
 * cm_table_export_dialog_export_to:
 * @self: the dialog
 * @file: where to write
 *
 * Returns: (transfer full): the export under way
 */
CmFileExport *
cm_table_export_dialog_export_to (CmTableExportDialog *self,
                                  GFile               *file)
{
  CmFileExport *file_export;

  g_return_val_if_fail (CM_IS_TABLE_EXPORT_DIALOG (self), NULL);

  file_export = make_export (self);
  cm_file_export_write (file_export, file, self->toasts, self->cancellable);
  gtk_window_close (GTK_WINDOW (self));
  return file_export;
}
