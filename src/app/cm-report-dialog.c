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
  GtkButton         *save_button;
  GtkButton         *print_button;
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
  GStrv              folios;        /* one report each, into a folder */
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
  GStrv                 folios;        /* a report each, into @folder */
  GFile                *folder;
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
  g_strfreev (job->folios);
  g_clear_object (&job->folder);
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

/* A sentence that stays until read: something went wrong. */
static void
show_toast (Job        *job,
            const char *text)
{
  g_autofree char *escaped = NULL;
  AdwToast *toast;

  if (job->toasts == NULL)
    return;
  /* A toast's title is markup; the sentence may quote a file or a kitchen. */
  escaped = g_markup_escape_text (text, -1);
  toast = adw_toast_new (escaped);
  adw_toast_set_timeout (toast, 0);
  adw_toast_overlay_add_toast (job->toasts, toast);
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

/* A report per kitchen, into a folder */

static void
kitchens_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  Job *job = task_data;
  GError *error = NULL;
  guint written;

  written = cm_publication_write_kitchens (job->db, &job->options, (const char * const *) job->folios,
                                           job->folder, cancellable, &error);
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_int (task, written);
}

static void
open_folder_cb (AdwToast *toast,
                GFile    *folder)
{
  g_autofree char *uri = g_file_get_uri (folder);
  GtkWidget *widget = gtk_widget_get_ancestor (GTK_WIDGET (g_object_get_data (G_OBJECT (toast), "cm-overlay")),
                                               GTK_TYPE_WINDOW);

  gtk_show_uri (GTK_WINDOW (widget), uri, GDK_CURRENT_TIME);
}

static void
kitchens_written_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  GTask *task = G_TASK (result);
  Job *job = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_file_get_basename (job->folder);
  g_autofree char *text = NULL;
  gssize written = g_task_propagate_int (task, &error);
  AdwToast *toast;

  if (error != NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      /* Translators: a folder's name, then why */
      text = g_strdup_printf (_("The reports could not be saved in “%s”: %s"), name, error->message);
      show_toast (job, text);
      return;
    }
  if (job->toasts == NULL)
    return;
  /* Translators: a count of PDF files, then a folder's name */
  text = g_markup_printf_escaped (g_dngettext (GETTEXT_PACKAGE, "Saved %u compliance report in “%s”",
                                               "Saved %u compliance reports in “%s”", (gulong) written),
                                  (guint) written, name);
  toast = adw_toast_new (text);
  adw_toast_set_button_label (toast, _("_Open"));
  g_object_set_data (G_OBJECT (toast), "cm-overlay", job->toasts);
  g_signal_connect_data (toast, "button-clicked", G_CALLBACK (open_folder_cb), g_object_ref (job->folder),
                         (GClosureNotify) (void (*) (void)) g_object_unref, 0);
  adw_toast_overlay_add_toast (job->toasts, toast);
}

/**
 * cm_report_dialog_save_to_folder:
 * @self: a dialog made by cm_report_dialog_new_for_kitchens()
 * @folder: where to write a compliance report per kitchen, without asking
 */
void
cm_report_dialog_save_to_folder (CmReportDialog *self,
                                 GFile          *folder)
{
  g_autoptr(GTask) task = NULL;
  Job *job;

  g_return_if_fail (CM_IS_REPORT_DIALOG (self));
  g_return_if_fail (self->folios != NULL);

  if (!(job = job_new (self)))
    return;
  job->folios = g_strdupv (self->folios);
  job->folder = g_object_ref (folder);
  task = g_task_new (NULL, self->cancellable, kitchens_written_cb, NULL);
  g_task_set_source_tag (task, cm_report_dialog_save_to_folder);
  g_task_set_task_data (task, job, job_free);
  g_task_run_in_thread (task, kitchens_thread);
  gtk_window_close (GTK_WINDOW (self));
}

static void
folder_chosen_cb (GtkNativeDialog *chooser,
                  int              response,
                  CmReportDialog  *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) folder = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      if (folder != NULL)
        cm_report_dialog_save_to_folder (self, folder);
    }
  g_object_unref (chooser);
}

static void
choose_folder (CmReportDialog *self)
{
  GtkFileChooserNative *chooser;

  chooser = gtk_file_chooser_native_new (_("Save a Compliance Report per Kitchen"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER, _("_Save Here"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect_object (chooser, "response", G_CALLBACK (folder_chosen_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  CmReportDialog *self = CM_REPORT_DIALOG (widget);
  g_autoptr(CmFileExport) file_export = NULL;

  if (self->folios != NULL)
    {
      choose_folder (self);
      return;
    }
  file_export = make_export (self);

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

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "report.save",
                                 ready && (self->folios == NULL || self->folios[0] != NULL));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "report.print", ready && self->folios == NULL);
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
  g_clear_pointer (&self->folios, g_strfreev);

  G_OBJECT_CLASS (cm_report_dialog_parent_class)->dispose (object);
}

static void
cm_report_dialog_class_init (CmReportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cm_report_dialog_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/cm-report-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, CmReportDialog, save_button);
  gtk_widget_class_bind_template_child (widget_class, CmReportDialog, print_button);
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
      /* The group's title is markup: a kitchen's name from data is escaped.
       * Translators: the kitchen a report is of: folio, then name */
      which = g_markup_printf_escaped (_("%s · %s"), folio, name != NULL ? name : "");
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

/**
 * cm_report_dialog_new_for_kitchens:
 * @parent: the window
 * @db: its database
 * @folios: (array zero-terminated=1): the kitchens (the list's, through its filters)
 * @toasts: where the result is told
 * @cancellable: (nullable): cancelled when the window goes
 *
 * Returns: (transfer none): a dialog that saves a compliance report per
 *   kitchen into a folder, not yet shown
 */
CmReportDialog *
cm_report_dialog_new_for_kitchens (GtkWindow          *parent,
                                   CmDb               *db,
                                   const char * const *folios,
                                   AdwToastOverlay    *toasts,
                                   GCancellable       *cancellable)
{
  CmReportDialog *self;
  g_autofree char *which = NULL;
  guint n;

  g_return_val_if_fail (CM_IS_DB (db), NULL);
  g_return_val_if_fail (folios != NULL, NULL);

  self = g_object_new (CM_TYPE_REPORT_DIALOG, "transient-for", parent, NULL);
  self->db = g_object_ref (db);
  self->kind = CM_PUBLICATION_KITCHEN;
  self->folios = g_strdupv ((char **) folios);
  g_set_weak_pointer (&self->toasts, toasts);
  g_set_weak_pointer (&self->parent, parent);
  g_set_object (&self->cancellable, cancellable);

  n = g_strv_length (self->folios);
  gtk_window_set_title (GTK_WINDOW (self), _("Compliance Reports"));
  /* Translators: whose reports: the list's kitchens through its filters */
  which = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "The kitchen the list shows",
                                        "The %u kitchens the list shows", n), n);
  adw_preferences_group_set_title (self->group, which);
  adw_preferences_group_set_description (self->group,
                                         _("A compliance report per kitchen, each a PDF of its own, named by "
                                           "its folio and period, in the folder you choose."));
  gtk_button_set_label (self->save_button, _("_Save in a Folder…"));
  gtk_widget_set_visible (GTK_WIDGET (self->print_button), FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "report.print", FALSE);
  if (n == 0)
    gtk_widget_action_set_enabled (GTK_WIDGET (self), "report.save", FALSE);
  cm_period_chooser_load (self->period_chooser, db);
  return self;
}

/* What the dialog says the report is of, as a person reads it. */
const char *
cm_report_dialog_get_heading (CmReportDialog *self)
{
  g_return_val_if_fail (CM_IS_REPORT_DIALOG (self), NULL);
  return adw_preferences_group_get_title (self->group);
}

guint
cm_report_dialog_get_n_kitchens (CmReportDialog *self)
{
  g_return_val_if_fail (CM_IS_REPORT_DIALOG (self), 0);
  return self->folios != NULL ? g_strv_length (self->folios) : 1;
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
