/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "cm-import-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "cm-application.h"
#include "cm-boundary-import.h"
#include "cm-compliance.h"
#include "cm-import-dialog.h"
#include "cm-registry-import.h"

/* Pick a file, read it in a thread (the preview: nothing is written), show
 * the counts and every problem, then Import writes it in a thread, in one
 * transaction. "imported" tells the window to reload. */

struct _CmImportDialog
{
  AdwWindow          parent_instance;

  /* template children */
  AdwWindowTitle    *window_title;
  GtkStack          *stack;
  AdwStatusPage     *start_page;
  GtkSpinner        *spinner;
  GtkLabel          *working_label;
  AdwStatusPage     *error_page;
  GtkLabel          *status_label;
  AdwPreferencesGroup *counts_group;
  GtkLabel          *problems_label;
  GtkListView       *problems_view;

  CmDb              *db;
  CmImportKind       kind;
  GCancellable      *cancellable;
  GtkFileChooserNative *chooser;
  GObject           *import;       /* CmRegistryImport or CmBoundaryImport */
  GFile             *file;
  GPtrArray         *count_rows;
  gboolean           busy;
  gboolean           applied;
};

G_DEFINE_FINAL_TYPE (CmImportDialog, cm_import_dialog, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_DB,
  PROP_KIND,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_IMPORTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static CmImportReport *
get_report (CmImportDialog *self)
{
  if (self->import == NULL)
    return NULL;
  if (CM_IS_REGISTRY_IMPORT (self->import))
    return cm_registry_import_get_report (CM_REGISTRY_IMPORT (self->import));
  return cm_boundary_import_get_report (CM_BOUNDARY_IMPORT (self->import));
}

static guint
get_n_accepted (CmImportDialog *self)
{
  if (self->import == NULL)
    return 0;
  if (CM_IS_REGISTRY_IMPORT (self->import))
    return cm_registry_import_get_n_accepted (CM_REGISTRY_IMPORT (self->import));
  return cm_boundary_import_get_n_accepted (CM_BOUNDARY_IMPORT (self->import));
}

static void
update_actions (CmImportDialog *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "import.choose", !self->busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "import.apply",
                                 !self->busy && !self->applied && get_n_accepted (self) > 0);
}

static const char *
count_label (const char *key)
{
  static const struct { const char *key; const char *label; } labels[] = {
    { "unchanged",        N_("Unchanged") },
    { "added",            N_("Added") },
    { "updated",          N_("Updated") },
    { "duplicates",       N_("Folios or codes on more than one row") },
    { "outside_city",     N_("Points outside the city") },
    { "outside_alcaldia", N_("Points outside their alcaldía") },
    { "rejected",         N_("Rows rejected") },
    { "refused",          N_("Features refused") },
    { "missing",          N_("Alcaldías the file leaves out") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    if (g_str_equal (labels[i].key, key))
      return _(labels[i].label);
  return key;
}

static void
show_working (CmImportDialog *self,
              const char     *text)
{
  self->busy = TRUE;
  gtk_label_set_text (self->working_label, text);
  gtk_spinner_set_spinning (self->spinner, TRUE);
  gtk_stack_set_visible_child_name (self->stack, "working");
  update_actions (self);
}

static void
show_error (CmImportDialog *self,
            const GError   *error)
{
  self->busy = FALSE;
  gtk_spinner_set_spinning (self->spinner, FALSE);
  adw_status_page_set_description (self->error_page, error->message);
  gtk_stack_set_visible_child_name (self->stack, "error");
  update_actions (self);
}

static void
show_report (CmImportDialog *self,
             const char     *status)
{
  CmImportReport *report = get_report (self);
  const char * const *keys = cm_import_report_get_keys (report);
  g_autoptr(GtkStringList) problems = gtk_string_list_new (NULL);
  GtkNoSelection *selection;
  guint n_problems = cm_import_report_get_n_problems (report);

  self->busy = FALSE;
  gtk_spinner_set_spinning (self->spinner, FALSE);
  gtk_label_set_text (self->status_label, status);

  for (guint i = 0; i < self->count_rows->len; i++)
    adw_preferences_group_remove (self->counts_group, g_ptr_array_index (self->count_rows, i));
  g_ptr_array_set_size (self->count_rows, 0);
  for (guint i = 0; keys[i] != NULL; i++)
    {
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *value = g_strdup_printf ("%" G_GINT64_FORMAT, cm_import_report_get_count (report, keys[i]));
      GtkWidget *label = gtk_label_new (value);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), count_label (keys[i]));
      gtk_widget_add_css_class (label, "numeric");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
      adw_preferences_group_add (self->counts_group, row);
      g_ptr_array_add (self->count_rows, row);
    }

  for (guint i = 0; i < n_problems; i++)
    gtk_string_list_append (problems, cm_import_report_get_problem (report, i, NULL));
  {
    g_autofree char *heading = NULL;

    if (n_problems == 0)
      heading = g_strdup (_("No problems found"));
    else
      heading = g_strdup_printf (ngettext ("%u problem", "%u problems", n_problems), n_problems);
    gtk_label_set_text (self->problems_label, heading);
  }
  selection = gtk_no_selection_new (G_LIST_MODEL (g_steal_pointer (&problems)));
  gtk_list_view_set_model (self->problems_view, GTK_SELECTION_MODEL (selection));
  g_object_unref (selection);

  gtk_stack_set_visible_child_name (self->stack, "report");
  update_actions (self);
}

/* --- preview ------------------------------------------------------------ */

static void
preview_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  CmImportDialog *self = source_object;
  GFile *file = task_data;
  GError *error = NULL;
  GObject *import;

  if (self->kind == CM_IMPORT_KIND_REGISTRY)
    import = (GObject *) cm_registry_import_new_from_file (self->db, file, cancellable, &error);
  else
    import = (GObject *) cm_boundary_import_new_from_file (self->db, file, cancellable, &error);

  if (import == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, import, g_object_unref);
}

static void
preview_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  CmImportDialog *self = CM_IMPORT_DIALOG (object);
  g_autoptr(GError) error = NULL;
  GObject *import = g_task_propagate_pointer (G_TASK (result), &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (import == NULL)
    {
      show_error (self, error);
      return;
    }

  g_clear_object (&self->import);
  self->import = import;
  self->applied = FALSE;
  show_report (self, get_n_accepted (self) > 0
                     ? _("Nothing has been changed yet. Check the counts and the problems, then press Import.")
                     : _("The file has nothing that can be imported."));
}

/**
 * cm_import_dialog_load_file:
 * @self: the dialog
 * @file: the file to preview
 *
 * Reads @file in a thread and shows what importing it would do.
 */
void
cm_import_dialog_load_file (CmImportDialog *self,
                            GFile          *file)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *name = NULL;
  g_autofree char *text = NULL;

  g_return_if_fail (CM_IS_IMPORT_DIALOG (self));
  g_return_if_fail (G_IS_FILE (file));

  g_set_object (&self->file, file);
  g_clear_object (&self->import);
  name = g_file_get_basename (file);
  adw_window_title_set_subtitle (self->window_title, name);
  text = g_strdup_printf (_("Reading “%s”…"), name);
  show_working (self, text);

  task = g_task_new (self, self->cancellable, preview_done_cb, NULL);
  g_task_set_source_tag (task, cm_import_dialog_load_file);
  g_task_set_task_data (task, g_object_ref (file), g_object_unref);
  g_task_run_in_thread (task, preview_thread);
}

static void
chooser_response_cb (GtkNativeDialog *chooser,
                     int              response,
                     gpointer         user_data)
{
  CmImportDialog *self = user_data;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      if (file != NULL)
        cm_import_dialog_load_file (self, file);
    }
  g_clear_object (&self->chooser);
}

static void
choose_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  CmImportDialog *self = CM_IMPORT_DIALOG (widget);
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

  if (self->chooser != NULL)
    return;

  self->chooser = gtk_file_chooser_native_new (self->kind == CM_IMPORT_KIND_REGISTRY
                                               ? _("Choose the Registry")
                                               : _("Choose the Boundaries"),
                                               GTK_WINDOW (self), GTK_FILE_CHOOSER_ACTION_OPEN,
                                               _("_Open"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  if (self->kind == CM_IMPORT_KIND_REGISTRY)
    {
      gtk_file_filter_set_name (filter, _("CSV files"));
      gtk_file_filter_add_pattern (filter, "*.csv");
      gtk_file_filter_add_pattern (filter, "*.CSV");
      gtk_file_filter_add_mime_type (filter, "text/csv");
    }
  else
    {
      gtk_file_filter_set_name (filter, _("GeoJSON files"));
      gtk_file_filter_add_pattern (filter, "*.geojson");
      gtk_file_filter_add_pattern (filter, "*.json");
      gtk_file_filter_add_mime_type (filter, "application/geo+json");
    }
  gtk_file_filter_set_name (all, _("All files"));
  gtk_file_filter_add_pattern (all, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), all);

  g_signal_connect (self->chooser, "response", G_CALLBACK (chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

/* --- apply -------------------------------------------------------------- */

static void
apply_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  CmImportDialog *self = source_object;
  g_autofree char *actor = cm_application_dup_actor ();
  GError *error = NULL;
  gboolean ok;

  if (CM_IS_REGISTRY_IMPORT (self->import))
    ok = cm_registry_import_apply (CM_REGISTRY_IMPORT (self->import), actor, &error);
  else
    ok = cm_boundary_import_apply (CM_BOUNDARY_IMPORT (self->import), actor, &error);
  if (!ok)
    {
      g_task_return_error (task, error);
      return;
    }

  /* New and moved kitchens are due for the rules again, as after a sync. */
  if (CM_IS_REGISTRY_IMPORT (self->import) &&
      !cm_compliance_update (self->db, NULL, NULL, NULL, &error))
    {
      g_warning ("The rules could not be checked after the import: %s", error->message);
      g_clear_error (&error);
    }
  g_task_return_boolean (task, TRUE);
}

static void
apply_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  CmImportDialog *self = CM_IMPORT_DIALOG (object);
  g_autoptr(GError) error = NULL;
  CmImportReport *report;
  g_autofree char *status = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_autofree char *message = g_strdup_printf (_("Nothing was imported: %s"), error->message);

      show_report (self, message);
      return;
    }

  self->applied = TRUE;
  report = get_report (self);
  status = g_strdup_printf (_("Imported: %d added, %d updated. The report below is what was done."),
                            (int) cm_import_report_get_count (report, "added"),
                            (int) cm_import_report_get_count (report, "updated"));
  show_report (self, status);
  g_signal_emit (self, signals[SIGNAL_IMPORTED], 0);
}

static void
apply_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  CmImportDialog *self = CM_IMPORT_DIALOG (widget);
  g_autoptr(GTask) task = NULL;

  if (self->import == NULL || self->busy || self->applied)
    return;

  show_working (self, _("Importing…"));
  /* Not cancellable: the transaction is written whole or not at all. */
  task = g_task_new (self, NULL, apply_done_cb, NULL);
  g_task_set_source_tag (task, apply_action);
  g_task_run_in_thread (task, apply_thread);
}

/* --- the problems list -------------------------------------------------- */

static void
problem_setup_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *item,
                  gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (label), FALSE);
  gtk_widget_set_margin_start (label, 12);
  gtk_widget_set_margin_end (label, 12);
  gtk_widget_set_margin_top (label, 6);
  gtk_widget_set_margin_bottom (label, 6);
  gtk_list_item_set_child (item, label);
}

static void
problem_bind_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *item,
                 gpointer                  user_data)
{
  GtkStringObject *text = gtk_list_item_get_item (item);

  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (item)), gtk_string_object_get_string (text));
}

/* --- the object --------------------------------------------------------- */

static void
cm_import_dialog_constructed (GObject *object)
{
  CmImportDialog *self = CM_IMPORT_DIALOG (object);

  G_OBJECT_CLASS (cm_import_dialog_parent_class)->constructed (object);

  if (self->kind == CM_IMPORT_KIND_REGISTRY)
    {
      gtk_window_set_title (GTK_WINDOW (self), _("Import Registry"));
      adw_window_title_set_title (self->window_title, _("Import Registry"));
      adw_status_page_set_title (self->start_page, _("Import the Kitchens’ Registry"));
      adw_status_page_set_description (self->start_page,
                                       _("A CSV file in the layout of the city’s open data: ID, Nombre, Tipo, "
                                         "Dirección, Colonia, Alcaldía, Latitud, Longitud, Horario. New kitchens "
                                         "are added and known ones updated by folio; nothing is deleted, and "
                                         "nothing changes before you see what will."));
    }
  else
    {
      gtk_window_set_title (GTK_WINDOW (self), _("Import Alcaldía Boundaries"));
      adw_window_title_set_title (self->window_title, _("Import Alcaldía Boundaries"));
      adw_status_page_set_title (self->start_page, _("Import the Alcaldías’ Boundaries"));
      adw_status_page_set_description (self->start_page,
                                       _("A GeoJSON FeatureCollection with a Polygon or MultiPolygon for each "
                                         "alcaldía and its INEGI properties cvegeo and nomgeo, as in the city’s "
                                         "“Límite de las alcaldías” layer. They are drawn on the map and tell "
                                         "which kitchens lie outside their alcaldía."));
    }
  update_actions (self);
}

static void
cm_import_dialog_dispose (GObject *object)
{
  CmImportDialog *self = CM_IMPORT_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  gtk_widget_dispose_template (GTK_WIDGET (self), CM_TYPE_IMPORT_DIALOG);

  G_OBJECT_CLASS (cm_import_dialog_parent_class)->dispose (object);
}

static void
cm_import_dialog_finalize (GObject *object)
{
  CmImportDialog *self = CM_IMPORT_DIALOG (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->import);
  g_clear_object (&self->file);
  g_clear_object (&self->db);
  g_ptr_array_unref (self->count_rows);

  G_OBJECT_CLASS (cm_import_dialog_parent_class)->finalize (object);
}

static void
cm_import_dialog_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  CmImportDialog *self = CM_IMPORT_DIALOG (object);

  switch (prop_id)
    {
    case PROP_DB:
      self->db = g_value_dup_object (value);
      break;
    case PROP_KIND:
      self->kind = g_value_get_int (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cm_import_dialog_class_init (CmImportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = cm_import_dialog_constructed;
  object_class->dispose = cm_import_dialog_dispose;
  object_class->finalize = cm_import_dialog_finalize;
  object_class->set_property = cm_import_dialog_set_property;

  properties[PROP_DB] = g_param_spec_object ("db", NULL, NULL, CM_TYPE_DB,
                                             G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY |
                                             G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_KIND] = g_param_spec_int ("kind", NULL, NULL,
                                            CM_IMPORT_KIND_REGISTRY, CM_IMPORT_KIND_BOUNDARIES,
                                            CM_IMPORT_KIND_REGISTRY,
                                            G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY |
                                            G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_IMPORTED] = g_signal_new ("imported", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                           0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/cm-import-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, CmImportDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, CmImportDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, CmImportDialog, start_page);
  gtk_widget_class_bind_template_child (widget_class, CmImportDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, CmImportDialog, working_label);
  gtk_widget_class_bind_template_child (widget_class, CmImportDialog, error_page);
  gtk_widget_class_bind_template_child (widget_class, CmImportDialog, status_label);
  gtk_widget_class_bind_template_child (widget_class, CmImportDialog, counts_group);
  gtk_widget_class_bind_template_child (widget_class, CmImportDialog, problems_label);
  gtk_widget_class_bind_template_child (widget_class, CmImportDialog, problems_view);

  gtk_widget_class_install_action (widget_class, "import.choose", NULL, choose_action);
  gtk_widget_class_install_action (widget_class, "import.apply", NULL, apply_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK, "import.choose", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
cm_import_dialog_init (CmImportDialog *self)
{
  GtkListItemFactory *factory;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->count_rows = g_ptr_array_new ();

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (problem_setup_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (problem_bind_cb), NULL);
  gtk_list_view_set_factory (self->problems_view, factory);
  g_object_unref (factory);
}

/**
 * cm_import_dialog_get_report:
 * @self: the dialog
 *
 * Returns: (transfer none) (nullable): the report of the file read, once its
 *   preview is ready (then of the import, once applied)
 */
CmImportReport *
cm_import_dialog_get_report (CmImportDialog *self)
{
  g_return_val_if_fail (CM_IS_IMPORT_DIALOG (self), NULL);

  return self->busy ? NULL : get_report (self);
}

/**
 * cm_import_dialog_new:
 * @db: the database to import into
 * @kind: the registry or the boundaries
 *
 * Returns: (transfer floating): a new dialog, to be made transient and shown
 */
CmImportDialog *
cm_import_dialog_new (CmDb         *db,
                      CmImportKind  kind)
{
  return g_object_new (CM_TYPE_IMPORT_DIALOG, "db", db, "kind", kind, NULL);
}
