/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "cm-report-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "cm-document-print.h"
#include "cm-report-dialog.h"

#define RESOURCE_PREFIX "/io/github/comedores/Comedores"

struct _CmReportDialog
{
  AdwWindow          parent_instance;

  /* template children */
  AdwPreferencesGroup *group;
  AdwActionRow      *period_row;
  AdwComboRow       *paper_row;

  CmPeriodChooser   *period_chooser;
  CmDb              *db;
  CmPublicationKind  kind;
  char              *folio;
  AdwToastOverlay   *toasts;        /* weak */
  GtkWindow         *parent;        /* weak */
  GCancellable      *cancellable;
  CmPeriod           preferred;     /* chosen once the months are there */
  gboolean           has_preferred;
};

G_DEFINE_FINAL_TYPE (CmReportDialog, cm_report_dialog, ADW_TYPE_WINDOW)

/* What a worker thread builds the report from: copies of its own. */
typedef struct
{
  CmDb                 *db;
  char                 *folio;
  CmPublicationOptions  options;
  char                 *export_path;   /* print to this PDF instead of a printer */
  GtkWindow            *parent;        /* weak, in the main thread */
  AdwToastOverlay      *toasts;        /* weak, in the main thread */
} Job;

static void
job_free (gpointer data)
{
  Job *job = data;

  g_object_unref (job->db);
  g_free (job->folio);
  g_free (job->export_path);
  g_clear_weak_pointer (&job->parent);
  g_clear_weak_pointer (&job->toasts);
  g_free (job);
}

static Job *
job_new (CmReportDialog *self)
{
  Job *job = g_new0 (Job, 1);

  job->db = g_object_ref (self->db);
  job->folio = g_strdup (self->folio);
  if (!cm_report_dialog_get_options (self, &job->options))
    {
      job_free (job);
      return NULL;
    }
  job->options.folio = job->folio;
  g_set_weak_pointer (&job->parent, self->parent);
  g_set_weak_pointer (&job->toasts, self->toasts);
  return job;
}

/**
 * cm_report_dialog_get_options:
 * @self: the dialog
 * @options: (out caller-allocates): the report chosen; its folio is the dialog's
 *
 * Returns: %FALSE while the period chooser has no months yet
 */
gboolean
cm_report_dialog_get_options (CmReportDialog       *self,
                              CmPublicationOptions *options)
{
  g_return_val_if_fail (CM_IS_REPORT_DIALOG (self), FALSE);

  memset (options, 0, sizeof *options);
  options->kind = self->kind;
  options->folio = self->folio;
  options->paper = adw_combo_row_get_selected (self->paper_row) == 1 ? CM_PAPER_A4 : CM_PAPER_LETTER;
  return cm_period_chooser_get_period (self->period_chooser, &options->period);
}

/* Saving */

static gboolean
write_pdf (GFile         *file,
           gpointer       user_data,
           GCancellable  *cancellable,
           GError       **error)
{
  Job *job = user_data;

  return cm_publication_write (job->db, &job->options, file, cancellable, error);
}

static CmFileExport *
make_export (CmReportDialog *self)
{
  CmPublicationOptions options;
  g_autofree char *name = NULL;
  CmFileExport *file_export;
  Job *job;

  if (!cm_report_dialog_get_options (self, &options) || !(job = job_new (self)))
    return NULL;
  name = cm_publication_suggest_name (&options);
  file_export = cm_file_export_new (self->kind == CM_PUBLICATION_KITCHEN ? _("Save the Compliance Report")
                                                                         : _("Save the Programme Report"),
                                    name, write_pdf, job, job_free);
  cm_file_export_add_filter (file_export, _("PDF documents"), "*.pdf", "application/pdf");
  return file_export;
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  CmReportDialog *self = CM_REPORT_DIALOG (widget);
  g_autoptr(CmFileExport) file_export = make_export (self);

  if (file_export == NULL)
    return;
  cm_file_export_choose (file_export, self->parent, self->toasts, self->cancellable);
  gtk_window_close (GTK_WINDOW (self));
}

/**
 * cm_report_dialog_save_to:
 * @self: the dialog
 * @file: where to write, without asking
 *
 * Returns: (transfer full) (nullable): the export under way, or %NULL
 *   while there is no period to choose
 */
CmFileExport *
cm_report_dialog_save_to (CmReportDialog *self,
                          GFile          *file)
{
  CmFileExport *file_export;

  g_return_val_if_fail (CM_IS_REPORT_DIALOG (self), NULL);

  if (!(file_export = make_export (self)))
    return NULL;
  cm_file_export_write (file_export, file, self->toasts, self->cancellable);
  gtk_window_close (GTK_WINDOW (self));
  return file_export;
}

/* Printing */

static void
build_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  Job *job = task_data;
  GError *error = NULL;
  CmDocument *document = cm_publication_build (job->db, &job->options, NULL, &error);

  if (document == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, document, g_object_unref);
}

static void
show_toast (Job        *job,
            const char *text)
{
  AdwToast *toast;

  if (job->toasts == NULL)
    return;
  toast = adw_toast_new (text);
  adw_toast_set_timeout (toast, 0);
  adw_toast_overlay_add_toast (job->toasts, toast);
}

static void
print_done_cb (GtkPrintOperation       *operation,
               GtkPrintOperationResult  result,
               gpointer                 user_data)
{
  Job *job = user_data;
  g_autoptr(GError) error = NULL;

  if (result == GTK_PRINT_OPERATION_RESULT_ERROR)
    {
      g_autofree char *text = NULL;

      gtk_print_operation_get_error (operation, &error);
      /* Translators: %s says why */
      text = g_strdup_printf (_("The report could not be printed: %s"),
                              error != NULL ? error->message : _("the printer refused it"));
      show_toast (job, text);
    }
}

static void
built_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  GTask *task = G_TASK (result);
  Job *job = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(CmDocument) document = g_task_propagate_pointer (task, &error);
  g_autoptr(GtkPrintOperation) operation = NULL;
  g_autofree char *job_name = NULL;

  if (document == NULL)
    {
      g_autofree char *text = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      /* Translators: %s says why */
      text = g_strdup_printf (_("The report could not be made: %s"), error->message);
      show_toast (job, text);
      return;
    }

  job_name = cm_publication_suggest_name (&job->options);
  operation = cm_document_print_new (document, job_name);
  g_signal_connect_data (operation, "done", G_CALLBACK (print_done_cb), g_task_get_task_data (task), NULL, 0);
  /* The task's data outlives the operation: the task is kept until done. */
  g_object_set_data_full (G_OBJECT (operation), "cm-task", g_object_ref (task), g_object_unref);

  if (job->export_path != NULL)
    {
      gtk_print_operation_set_export_filename (operation, job->export_path);
      gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_EXPORT, job->parent, NULL);
      return;
    }
  gtk_print_operation_set_allow_async (operation, TRUE);
  gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG, job->parent, &error);
  if (error != NULL)
    {
      g_autofree char *text = g_strdup_printf (_("The report could not be printed: %s"), error->message);

      show_toast (job, text);
    }
}

static void
start_print (CmReportDialog *self,
             const char     *export_path)
{
  g_autoptr(GTask) task = NULL;
  Job *job = job_new (self);

  if (job == NULL)
    return;
  job->export_path = g_strdup (export_path);
  /* Drawn in this thread while the pool's thread may build others. */
  job->options.own_font_map = TRUE;
  task = g_task_new (NULL, self->cancellable, built_cb, NULL);
  g_task_set_source_tag (task, start_print);
  g_task_set_task_data (task, job, job_free);
  g_task_run_in_thread (task, build_thread);
  gtk_window_close (GTK_WINDOW (self));
}

static void
print_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  start_print (CM_REPORT_DIALOG (widget), NULL);
}

/**
 * cm_report_dialog_print_to_file:
 * @self: the dialog
 * @pdf_path: where GTK's print system writes the pages
 *
 * Prints through GtkPrintOperation as the Print button does, exporting
 * to @pdf_path instead of asking for a printer (for the tests).
 */
void
cm_report_dialog_print_to_file (CmReportDialog *self,
                                const char     *pdf_path)
{
  g_return_if_fail (CM_IS_REPORT_DIALOG (self));
  start_print (self, pdf_path);
}

/* The dialog */

static void
period_changed_cb (CmReportDialog *self)
{
  CmPublicationOptions options;
  gboolean ready;

  if (self->has_preferred && cm_period_chooser_get_n_months (self->period_chooser) > 0)
    {
      self->has_preferred = FALSE;
      cm_period_chooser_set_period (self->period_chooser, &self->preferred);
    }
  ready = cm_report_dialog_get_options (self, &options);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "report.save", ready);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "report.print", ready);
}

static void
cm_report_dialog_dispose (GObject *object)
{
  CmReportDialog *self = CM_REPORT_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), CM_TYPE_REPORT_DIALOG);
  g_clear_weak_pointer (&self->toasts);
  g_clear_weak_pointer (&self->parent);
  g_clear_object (&self->db);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->folio, g_free);

  G_OBJECT_CLASS (cm_report_dialog_parent_class)->dispose (object);
}

static void
cm_report_dialog_class_init (CmReportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cm_report_dialog_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/cm-report-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, CmReportDialog, group);
  gtk_widget_class_bind_template_child (widget_class, CmReportDialog, period_row);
  gtk_widget_class_bind_template_child (widget_class, CmReportDialog, paper_row);
  gtk_widget_class_install_action (widget_class, "report.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "report.print", NULL, print_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK, "report.print", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "report.save", NULL);
}

static void
cm_report_dialog_init (CmReportDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->period_chooser = CM_PERIOD_CHOOSER (cm_period_chooser_new ());
  gtk_widget_set_valign (GTK_WIDGET (self->period_chooser), GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (self->period_row, GTK_WIDGET (self->period_chooser));
  g_signal_connect_object (self->period_chooser, "notify::period", G_CALLBACK (period_changed_cb), self,
                           G_CONNECT_SWAPPED);
  period_changed_cb (self);
}

/**
 * cm_report_dialog_new:
 * @parent: the window
 * @db: its database
 * @kind: which report
 * @folio: (nullable): the kitchen's folio, for a compliance report
 * @name: (nullable): the kitchen's name, to say which one
 * @toasts: where the result is told
 * @cancellable: (nullable): cancelled when the window goes
 *
 * Returns: (transfer none): the dialog, not yet shown
 */
CmReportDialog *
cm_report_dialog_new (GtkWindow         *parent,
                      CmDb              *db,
                      CmPublicationKind  kind,
                      const char        *folio,
                      const char        *name,
                      AdwToastOverlay   *toasts,
                      GCancellable      *cancellable)
{
  CmReportDialog *self;

  g_return_val_if_fail (CM_IS_DB (db), NULL);
  g_return_val_if_fail (kind == CM_PUBLICATION_PROGRAMME || folio != NULL, NULL);

  self = g_object_new (CM_TYPE_REPORT_DIALOG, "transient-for", parent, NULL);
  self->db = g_object_ref (db);
  self->kind = kind;
  self->folio = g_strdup (folio);
  g_set_weak_pointer (&self->toasts, toasts);
  g_set_weak_pointer (&self->parent, parent);
  g_set_object (&self->cancellable, cancellable);

  if (kind == CM_PUBLICATION_KITCHEN)
    {
      g_autofree char *which = NULL;

      gtk_window_set_title (GTK_WINDOW (self), _("Compliance Report"));
      /* Translators: the kitchen a report is of: folio, then name */
      which = g_strdup_printf (_("%s · %s"), folio, name != NULL ? name : "");
      adw_preferences_group_set_title (self->group, which);
      adw_preferences_group_set_description (self->group,
                                             _("Identity, committee, the period’s figures, every automatic rule, "
                                               "the latest signed review, findings, sanctions and signature lines."));
    }
  else
    {
      gtk_window_set_title (GTK_WINDOW (self), _("Programme Report"));
      adw_preferences_group_set_title (self->group, _("Every kitchen of the programme"));
      adw_preferences_group_set_description (self->group,
                                             _("Kitchens by status and alcaldía, rations and spending per month, "
                                               "compliance, kitchens with findings or sanctions and missing "
                                               "reports."));
    }
  cm_period_chooser_load (self->period_chooser, db);
  return self;
}

CmPeriodChooser *
cm_report_dialog_get_period_chooser (CmReportDialog *self)
{
  g_return_val_if_fail (CM_IS_REPORT_DIALOG (self), NULL);
  return self->period_chooser;
}

/**
 * cm_report_dialog_prefer_period:
 * @self: the dialog
 * @period: the period to offer first (the one the Summary shows), chosen
 *   as soon as the months are known
 */
void
cm_report_dialog_prefer_period (CmReportDialog *self,
                                const CmPeriod *period)
{
  g_return_if_fail (CM_IS_REPORT_DIALOG (self));

  self->preferred = *period;
  self->has_preferred = TRUE;
  period_changed_cb (self);
}

void
cm_report_dialog_set_paper (CmReportDialog *self,
                            CmPaper         paper)
{
  g_return_if_fail (CM_IS_REPORT_DIALOG (self));
  adw_combo_row_set_selected (self->paper_row, paper == CM_PAPER_A4 ? 1 : 0);
}
