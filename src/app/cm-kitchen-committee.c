/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "cm-kitchen-committee"

#include "config.h"

#include <glib/gi18n.h>

#include "cm-application.h"
#include "cm-canteen-edit.h"
#include "cm-kitchen-committee.h"
#include "cm-text.h"

typedef enum
{
  JOB_ADD,
  JOB_END,
  JOB_OFFICE,
} JobKind;

/* The roles offered, as stored, in the order of a committee's minutes. */
static const char * const roles[] = { "responsable", "secretaria", "tesoreria", "vocal" };

/* The dialog's fields, and then what is written, owned by the task. */
typedef struct
{
  JobKind      kind;
  GtkWidget   *from;
  CmDb        *db;
  GtkEntry    *name_entry;
  GtkDropDown *role_dropdown;
  GtkEntry    *date_entry;
  GtkLabel    *problem_label;

  gint64       canteen_id;
  gint64       member_id;
  gboolean     holds_office;
  char        *name;
  char        *role;
  GDate        date;
  GDate        today;
  char        *actor;
} Job;

static void
job_free (Job *job)
{
  g_clear_object (&job->from);
  g_clear_object (&job->db);
  g_free (job->name);
  g_free (job->role);
  g_free (job->actor);
  g_free (job);
}

static void
job_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  Job *job = task_data;
  GError *error = NULL;
  gboolean ok;

  switch (job->kind)
    {
    case JOB_ADD:
      ok = cm_canteen_edit_add_member (job->db, job->canteen_id, job->name, job->role,
                                       &job->date, &job->today, job->actor, &error) != 0;
      break;
    case JOB_END:
      ok = cm_canteen_edit_end_membership (job->db, job->member_id, &job->date, &job->today,
                                           job->actor, &error);
      break;
    case JOB_OFFICE:
    default:
      ok = cm_canteen_edit_set_holds_office (job->db, job->member_id, job->holds_office,
                                             job->actor, NULL, &error);
      break;
    }

  if (ok)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
show_problem (Job        *form,
              const char *message)
{
  gtk_label_set_text (form->problem_label, message);
  gtk_widget_set_visible (GTK_WIDGET (form->problem_label), TRUE);
}

static void
job_done_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(AdwMessageDialog) dialog = user_data;
  Job *form = g_object_get_data (G_OBJECT (dialog), "form");
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      show_problem (form, error->message);
      adw_message_dialog_set_response_enabled (dialog, "apply", TRUE);
      return;
    }

  gtk_widget_activate_action (form->from, "win.reload", NULL);
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
response_cb (AdwMessageDialog *dialog,
             const char       *response,
             Job              *form)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *date_text = NULL;
  Job *job;

  if (g_strcmp0 (response, "apply") != 0)
    return;

  /* The dialog stays open until the database has the change, or says why not. */
  g_signal_stop_emission_by_name (dialog, "response::apply");

  job = g_new0 (Job, 1);
  job->kind = form->kind;
  job->from = g_object_ref (form->from);
  job->db = g_object_ref (form->db);
  job->canteen_id = form->canteen_id;
  job->member_id = form->member_id;
  job->holds_office = form->holds_office;
  job->actor = cm_application_dup_actor ();
  cm_text_get_today (&job->today);
  if (form->name_entry != NULL)
    job->name = g_strdup (gtk_editable_get_text (GTK_EDITABLE (form->name_entry)));
  if (form->role_dropdown != NULL)
    job->role = g_strdup (roles[MIN (gtk_drop_down_get_selected (form->role_dropdown), G_N_ELEMENTS (roles) - 1)]);
  if (form->date_entry != NULL)
    date_text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (form->date_entry))));
  if (date_text != NULL && !cm_text_parse_date (date_text, &job->date))
    {
      show_problem (form, _("Write the date as year-month-day, for example 2026-11-03."));
      job_free (job);
      return;
    }

  /* Only the button waits: making the whole dialog insensitive would take
   * the focus from the entry being typed in. */
  adw_message_dialog_set_response_enabled (dialog, "apply", FALSE);
  task = g_task_new (form->db, NULL, job_done_cb, g_object_ref (dialog));
  g_task_set_source_tag (task, response_cb);
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  g_task_run_in_thread (task, job_thread);
}

static void
field (GtkWidget  *grid,
       int         row,
       const char *label_text,
       GtkWidget  *widget)
{
  GtkWidget *label = gtk_label_new_with_mnemonic (label_text);

  gtk_label_set_xalign (GTK_LABEL (label), 1);
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), widget);
  gtk_widget_set_hexpand (widget, TRUE);
  gtk_grid_attach (GTK_GRID (grid), label, 0, row, 1, 1);
  gtk_grid_attach (GTK_GRID (grid), widget, 1, row, 1, 1);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_RELATION_LABELLED_BY, label, NULL, -1);
}

static GtkEntry *
date_entry (void)
{
  GDate today;
  char text[16];
  GtkEntry *entry = GTK_ENTRY (gtk_entry_new ());

  cm_text_get_today (&today);
  g_date_strftime (text, sizeof text, "%Y-%m-%d", &today);
  gtk_editable_set_text (GTK_EDITABLE (entry), text);
  gtk_entry_set_placeholder_text (entry, _("YYYY-MM-DD"));
  gtk_entry_set_activates_default (entry, TRUE);
  return entry;
}

static AdwMessageDialog *
open_dialog (Job        *form,
             const char *heading,
             const char *body,
             const char *apply_label,
             gboolean    destructive,
             GtkWidget  *grid)
{
  GtkRoot *root = gtk_widget_get_root (form->from);
  AdwMessageDialog *dialog;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                       heading, body));
  gtk_window_set_destroy_with_parent (GTK_WINDOW (dialog), TRUE);

  if (grid == NULL)
    {
      grid = gtk_grid_new ();
    }
  gtk_grid_set_row_spacing (GTK_GRID (grid), 6);
  gtk_grid_set_column_spacing (GTK_GRID (grid), 12);

  form->problem_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (form->problem_label, TRUE);
  gtk_label_set_xalign (form->problem_label, 0);
  gtk_label_set_selectable (form->problem_label, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (form->problem_label), "error");
  gtk_widget_set_visible (GTK_WIDGET (form->problem_label), FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (form->problem_label),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Problem"), -1);
  gtk_grid_attach (GTK_GRID (grid), GTK_WIDGET (form->problem_label), 0, 10, 2, 1);
  adw_message_dialog_set_extra_child (dialog, grid);

  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "apply", apply_label, NULL);
  adw_message_dialog_set_response_appearance (dialog, "apply",
                                              destructive ? ADW_RESPONSE_DESTRUCTIVE : ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, destructive ? "cancel" : "apply");
  adw_message_dialog_set_close_response (dialog, "cancel");

  g_object_set_data_full (G_OBJECT (dialog), "form", form, (GDestroyNotify) job_free);
  if (form->name_entry != NULL)
    g_object_set_data (G_OBJECT (dialog), "name-entry", form->name_entry);
  if (form->date_entry != NULL)
    g_object_set_data (G_OBJECT (dialog), "date-entry", form->date_entry);
  g_signal_connect (dialog, "response", G_CALLBACK (response_cb), form);

  gtk_window_present (GTK_WINDOW (dialog));
  return dialog;
}

static Job *
job_new (JobKind    kind,
         GtkWidget *from,
         CmDb      *db)
{
  Job *form = g_new0 (Job, 1);

  form->kind = kind;
  form->from = g_object_ref (from);
  form->db = g_object_ref (db);
  return form;
}

/**
 * cm_kitchen_committee_add_member:
 * @from: the widget the dialog comes from
 * @db: the database
 * @canteen: the kitchen
 *
 * Asks for a new member's name, role and start date, and adds them.
 *
 * Returns: (transfer none): the dialog
 */
AdwMessageDialog *
cm_kitchen_committee_add_member (GtkWidget *from,
                                 CmDb      *db,
                                 CmCanteen *canteen)
{
  const char *role_labels[G_N_ELEMENTS (roles) + 1] = {
    C_("committee role", "Person in charge"),
    C_("committee role", "Secretary"),
    C_("committee role", "Treasurer"),
    C_("committee role", "Member"),
    NULL,
  };
  g_autofree char *heading = NULL;
  GtkWidget *grid = gtk_grid_new ();
  Job *form;

  g_return_val_if_fail (GTK_IS_WIDGET (from) && CM_IS_DB (db) && CM_IS_CANTEEN (canteen), NULL);

  form = job_new (JOB_ADD, from, db);
  form->canteen_id = cm_canteen_get_id (canteen);

  form->name_entry = GTK_ENTRY (gtk_entry_new ());
  gtk_entry_set_activates_default (form->name_entry, TRUE);
  field (grid, 0, _("_Name"), GTK_WIDGET (form->name_entry));
  form->role_dropdown = GTK_DROP_DOWN (gtk_drop_down_new_from_strings (role_labels));
  gtk_drop_down_set_selected (form->role_dropdown, G_N_ELEMENTS (roles) - 1);
  field (grid, 1, _("_Role"), GTK_WIDGET (form->role_dropdown));
  form->date_entry = date_entry ();
  field (grid, 2, _("Member _since"), GTK_WIDGET (form->date_entry));

  /* Translators: "Add a Member to the Committee of CC012" */
  heading = g_strdup_printf (_("Add a Member to the Committee of %s"), cm_canteen_get_folio (canteen));
  return open_dialog (form, heading,
                      _("Since 2021 nobody who holds a public or party office may sit on a committee."),
                      _("_Add"), FALSE, grid);
}

/**
 * cm_kitchen_committee_end_membership:
 * @from: the widget the dialog comes from
 * @db: the database
 * @member: an active member
 *
 * Asks for the day a membership ends, and ends it. The member stays in the
 * committee's history.
 *
 * Returns: (transfer none): the dialog
 */
AdwMessageDialog *
cm_kitchen_committee_end_membership (GtkWidget         *from,
                                     CmDb              *db,
                                     CmCommitteeMember *member)
{
  g_autofree char *heading = NULL;
  GtkWidget *grid = gtk_grid_new ();
  Job *form;

  g_return_val_if_fail (GTK_IS_WIDGET (from) && CM_IS_DB (db) && CM_IS_COMMITTEE_MEMBER (member), NULL);

  form = job_new (JOB_END, from, db);
  form->member_id = cm_committee_member_get_id (member);
  form->date_entry = date_entry ();
  field (grid, 0, _("_Ends on"), GTK_WIDGET (form->date_entry));

  /* Translators: "End the Membership of Ana Pérez?" */
  heading = g_strdup_printf (_("End the Membership of %s?"), cm_committee_member_get_name (member));
  return open_dialog (form, heading,
                      _("From that day the person is no longer an active member. The membership stays in the committee’s history and in the audit log."),
                      _("_End Membership"), TRUE, grid);
}

/**
 * cm_kitchen_committee_set_holds_office:
 * @from: the widget the dialog comes from
 * @db: the database
 * @member: a member
 * @holds_office: the mark to set
 *
 * Asks for confirmation, then marks or unmarks the member as holding a
 * public or party office.
 *
 * Returns: (transfer none): the dialog
 */
AdwMessageDialog *
cm_kitchen_committee_set_holds_office (GtkWidget         *from,
                                       CmDb              *db,
                                       CmCommitteeMember *member,
                                       gboolean           holds_office)
{
  g_autofree char *heading = NULL;
  Job *form;

  g_return_val_if_fail (GTK_IS_WIDGET (from) && CM_IS_DB (db) && CM_IS_COMMITTEE_MEMBER (member), NULL);

  form = job_new (JOB_OFFICE, from, db);
  form->member_id = cm_committee_member_get_id (member);
  form->holds_office = holds_office;

  if (holds_office)
    {
      /* Translators: "Does Ana Pérez Hold a Public or Party Office?" */
      heading = g_strdup_printf (_("Does %s Hold a Public or Party Office?"), cm_committee_member_get_name (member));
      return open_dialog (form, heading,
                          _("The rules forbid it on a committee since 2021: the kitchen will be flagged until the person leaves the committee or the mark is removed."),
                          _("_Mark Office"), TRUE, NULL);
    }

  /* Translators: "Remove the Office Mark from Ana Pérez?" */
  heading = g_strdup_printf (_("Remove the Office Mark from %s?"), cm_committee_member_get_name (member));
  return open_dialog (form, heading,
                      _("Do this only when the person no longer holds a public or party office, or was marked by mistake."),
                      _("_Remove Mark"), FALSE, NULL);
}
