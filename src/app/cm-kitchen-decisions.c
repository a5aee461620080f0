/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "cm-kitchen-decisions"

#include "config.h"

#include <glib/gi18n.h>

#include "cm-application.h"
#include "cm-kitchen-decisions.h"
#include "cm-sanction.h"
#include "cm-status-change.h"
#include "cm-text.h"

/* A kitchen's sanctions and status decisions, and the two dialogs that
 * record them. Both are kept forever: the database refuses to change them,
 * so the dialogs say so before anything is written. */

struct _CmKitchenDecisions
{
  GtkWidget            parent_instance;

  AdwPreferencesGroup *sanctions_group;
  GtkLabel            *closure_label;
  GtkListBox          *sanctions_list;
  GtkListBox          *status_list;

  CmDb                *db;
  CmCanteen           *canteen;
  GCancellable        *cancellable;
  GListModel          *sanctions;
  GListModel          *status_changes;
  guint                warnings;
  guint                suspensions;
  gboolean             flag_closure;
};

G_DEFINE_FINAL_TYPE (CmKitchenDecisions, cm_kitchen_decisions, GTK_TYPE_WIDGET)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef struct
{
  gint64      canteen_id;
  GListModel *sanctions;
  GListModel *status_changes;
  guint       warnings;
  guint       suspensions;
  gboolean    flag_closure;
} DecisionsLoad;

static void
decisions_load_free (DecisionsLoad *load)
{
  g_clear_object (&load->sanctions);
  g_clear_object (&load->status_changes);
  g_free (load);
}

static char *
today_iso (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now (cm_text_programme_timezone ());
  return g_date_time_format (now, "%Y-%m-%d");
}

/* --- the lists ---------------------------------------------------------- */

static GtkWidget *
create_sanction_row (gpointer item,
                     gpointer user_data)
{
  CmSanction *sanction = item;
  g_autofree char *date = cm_text_format_date (cm_sanction_get_decided_on (sanction), FALSE);
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;
  GtkWidget *row;
  GtkWidget *icon;

  /* Translators: "Warning · 3 nov 2026" */
  title = g_strdup_printf (_("%s · %s"), cm_sanction_kind_get_label (cm_sanction_get_kind (sanction)), date);
  /* Translators: the reason, then who decided: "No report for six days. Decided by Ana Ruiz." */
  subtitle = g_strdup_printf (_("%s — decided by %s"), cm_sanction_get_reason (sanction),
                              cm_sanction_get_decided_by (sanction));

  row = adw_action_row_new ();
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 4);

  icon = gtk_image_new_from_icon_name (cm_sanction_get_kind (sanction) == CM_SANCTION_WARNING
                                       ? "dialog-warning-symbolic" : "action-unavailable-symbolic");
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  cm_sanction_kind_get_label (cm_sanction_get_kind (sanction)), -1);
  gtk_widget_add_css_class (icon, cm_sanction_get_kind (sanction) == CM_SANCTION_WARNING ? "warning" : "error");
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);

  return row;
}

static GtkWidget *
create_status_row (gpointer item,
                   gpointer user_data)
{
  CmStatusChange *change = item;
  g_autofree char *date = cm_text_format_date (cm_status_change_get_effective_on (change), FALSE);
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;
  GtkWidget *row;

  /* Translators: "Active → Suspended, from 3 nov 2026" */
  title = g_strdup_printf (_("%s → %s, from %s"),
                           cm_canteen_status_label (cm_status_change_get_old_status (change)),
                           cm_canteen_status_label (cm_status_change_get_new_status (change)), date);
  subtitle = g_strdup_printf (_("%s — decided by %s"), cm_status_change_get_reason (change),
                              cm_status_change_get_decided_by (change));

  row = adw_action_row_new ();
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 4);

  return row;
}

static GtkWidget *
placeholder (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_set_margin_top (label, 12);
  gtk_widget_set_margin_bottom (label, 12);
  gtk_widget_set_margin_start (label, 12);
  gtk_widget_set_margin_end (label, 12);
  gtk_widget_add_css_class (label, "dim-label");

  return label;
}

static void
show_ladder (CmKitchenDecisions *self)
{
  g_autofree char *description = NULL;

  /* Translators: the ladder towards closure: "2 of 5 warnings and 0 of 1 suspension." */
  description = g_strdup_printf (_("%u of %u warnings and %u of %u suspension towards permanent closure."),
                                 self->warnings, CM_SANCTION_LADDER_WARNINGS,
                                 self->suspensions, CM_SANCTION_LADDER_SUSPENSIONS);
  adw_preferences_group_set_description (self->sanctions_group, description);
  gtk_widget_set_visible (GTK_WIDGET (self->closure_label), self->flag_closure);
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  CmDb *db = source_object;
  DecisionsLoad *load = g_new0 (DecisionsLoad, 1);
  GError *error = NULL;

  load->canteen_id = *(gint64 *) task_data;
  load->sanctions = cm_sanction_list (db, load->canteen_id, &error);
  if (load->sanctions != NULL)
    load->status_changes = cm_status_change_list (db, load->canteen_id, &error);
  if (load->status_changes != NULL)
    cm_sanction_get_ladder (db, load->canteen_id, &load->warnings, &load->suspensions,
                            &load->flag_closure, &error);

  if (error != NULL)
    {
      decisions_load_free (load);
      g_task_return_error (task, error);
      return;
    }

  g_task_return_pointer (task, load, (GDestroyNotify) decisions_load_free);
}

static void
loaded_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(CmKitchenDecisions) self = user_data;
  g_autoptr(GError) error = NULL;
  DecisionsLoad *load;

  load = g_task_propagate_pointer (G_TASK (result), &error);
  if (load == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Could not load the kitchen's decisions: %s", error->message);
      return;
    }

  if (self->canteen == NULL || load->canteen_id != cm_canteen_get_id (self->canteen))
    {
      decisions_load_free (load);
      return;
    }

  g_set_object (&self->sanctions, load->sanctions);
  g_set_object (&self->status_changes, load->status_changes);
  self->warnings = load->warnings;
  self->suspensions = load->suspensions;
  self->flag_closure = load->flag_closure;
  decisions_load_free (load);

  gtk_list_box_bind_model (self->sanctions_list, self->sanctions, create_sanction_row, NULL, NULL);
  gtk_list_box_bind_model (self->status_list, self->status_changes, create_status_row, NULL, NULL);
  show_ladder (self);
}

static void
reload (CmKitchenDecisions *self)
{
  g_autoptr(GTask) task = NULL;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  if (self->db == NULL || self->canteen == NULL)
    return;

  task = g_task_new (self->db, self->cancellable, loaded_cb, g_object_ref (self));
  g_task_set_source_tag (task, reload);
  g_task_set_task_data (task, g_memdup2 (&(gint64) { cm_canteen_get_id (self->canteen) }, sizeof (gint64)), g_free);
  g_task_run_in_thread (task, load_thread);
}

/* --- recording ---------------------------------------------------------- */

typedef enum
{
  FORM_SANCTION,
  FORM_STATUS,
} FormKind;

/* The dialog's fields, and then what is written, owned by the task. */
typedef struct
{
  CmKitchenDecisions *self;
  FormKind            kind;
  GtkDropDown        *choice;
  GtkEntry           *date_entry;
  GtkEntry           *decided_by_entry;
  GtkTextView        *reason_view;
  GtkCheckButton     *with_status;
  GtkLabel           *problem_label;

  gint64              canteen_id;
  guint               choice_index;
  GDate               date;
  char               *decided_by;
  char               *reason;
  gboolean            status_too;
  char               *actor;
} Form;

static void
form_free (Form *form)
{
  g_clear_object (&form->self);
  g_free (form->decided_by);
  g_free (form->reason);
  g_free (form->actor);
  g_free (form);
}

static void
record_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  CmDb *db = source_object;
  Form *form = task_data;
  GError *error = NULL;
  gint64 id;

  if (form->kind == FORM_SANCTION)
    {
      CmSanctionFields fields = {
        .canteen_id = form->canteen_id,
        .kind = (CmSanctionKind) form->choice_index,
        .decided_on = &form->date,
        .decided_by = form->decided_by,
        .reason = form->reason,
      };

      id = cm_sanction_record (db, &fields, form->status_too ? &form->date : NULL, form->actor, &error);
    }
  else
    {
      id = cm_status_change_record (db, form->canteen_id, (CmCanteenStatus) form->choice_index,
                                    &form->date, form->decided_by, form->reason, form->actor, &error);
    }

  if (id == 0)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
recorded_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(AdwMessageDialog) dialog = user_data;
  Form *form = g_object_get_data (G_OBJECT (dialog), "form");
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      gtk_label_set_text (form->problem_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (form->problem_label), TRUE);
      gtk_widget_set_sensitive (GTK_WIDGET (dialog), TRUE);
      return;
    }

  reload (form->self);
  g_signal_emit (form->self, signals[CHANGED], 0);
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static char *
reason_text (Form *form)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (form->reason_view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return g_strstrip (gtk_text_buffer_get_text (buffer, &start, &end, FALSE));
}

static void
form_response_cb (AdwMessageDialog *dialog,
                  const char       *response,
                  Form             *form)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *reason = NULL;
  const char *date_text;
  Form *job;

  if (g_strcmp0 (response, "record") != 0)
    return;

  /* The dialog stays open until the database has the decision, or says why not. */
  g_signal_stop_emission_by_name (dialog, "response::record");

  date_text = gtk_editable_get_text (GTK_EDITABLE (form->date_entry));
  reason = reason_text (form);

  job = g_new0 (Form, 1);
  job->self = g_object_ref (form->self);
  job->kind = form->kind;
  job->canteen_id = cm_canteen_get_id (form->self->canteen);
  job->choice_index = gtk_drop_down_get_selected (form->choice);
  job->decided_by = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (form->decided_by_entry))));
  job->reason = g_steal_pointer (&reason);
  job->status_too = form->with_status != NULL && gtk_check_button_get_active (form->with_status);
  job->actor = cm_application_dup_actor ();

  if (!cm_text_parse_date (date_text, &job->date))
    {
      /* Translators: the date field of a decision */
      gtk_label_set_text (form->problem_label, _("Write the date as year-month-day, for example 2026-11-03."));
      gtk_widget_set_visible (GTK_WIDGET (form->problem_label), TRUE);
      form_free (job);
      return;
    }

  gtk_widget_set_sensitive (GTK_WIDGET (dialog), FALSE);
  task = g_task_new (form->self->db, NULL, recorded_cb, g_object_ref (dialog));
  g_task_set_source_tag (task, form_response_cb);
  g_task_set_task_data (task, job, (GDestroyNotify) form_free);
  g_task_run_in_thread (task, record_thread);
}

static void
choice_changed_cb (GtkDropDown *choice,
                   GParamSpec  *pspec,
                   Form        *form)
{
  gboolean changes_status;

  if (form->with_status == NULL)
    return;

  /* A warning changes no status. */
  changes_status = gtk_drop_down_get_selected (choice) != CM_SANCTION_WARNING;
  gtk_widget_set_sensitive (GTK_WIDGET (form->with_status), changes_status);
  gtk_check_button_set_active (form->with_status, changes_status);
}

static GtkWidget *
field (GtkWidget  *grid,
       int         row,
       const char *label_text,
       GtkWidget  *widget)
{
  GtkWidget *label = gtk_label_new_with_mnemonic (label_text);

  gtk_label_set_xalign (GTK_LABEL (label), 1);
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), widget);
  gtk_widget_set_valign (label, GTK_ALIGN_START);
  gtk_widget_set_margin_top (label, 6);
  gtk_widget_set_hexpand (widget, TRUE);
  gtk_grid_attach (GTK_GRID (grid), label, 0, row, 1, 1);
  gtk_grid_attach (GTK_GRID (grid), widget, 1, row, 1, 1);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_RELATION_LABELLED_BY, label, NULL, -1);

  return widget;
}

static void
open_form (CmKitchenDecisions *self,
           FormKind            kind)
{
  static const char *sanction_kinds[] = { NULL, NULL, NULL, NULL };
  static const char *statuses[] = { NULL, NULL, NULL, NULL };
  g_autofree char *today = today_iso ();
  g_autofree char *name = cm_application_dup_actor ();
  g_autofree char *heading = NULL;
  GtkWidget *dialog, *grid, *scroller;
  Form *form;
  GtkRoot *root;

  if (self->db == NULL || self->canteen == NULL)
    return;

  sanction_kinds[0] = cm_sanction_kind_get_label (CM_SANCTION_WARNING);
  sanction_kinds[1] = cm_sanction_kind_get_label (CM_SANCTION_SUSPENSION);
  sanction_kinds[2] = cm_sanction_kind_get_label (CM_SANCTION_CLOSURE);
  statuses[0] = cm_canteen_status_label ("active");
  statuses[1] = cm_canteen_status_label ("suspended");
  statuses[2] = cm_canteen_status_label ("closed");

  form = g_new0 (Form, 1);
  form->self = g_object_ref (self);
  form->kind = kind;

  root = gtk_widget_get_root (GTK_WIDGET (self));
  /* Translators: "Sanction for CC012" */
  heading = kind == FORM_SANCTION
            ? g_strdup_printf (_("Sanction for %s"), cm_canteen_get_folio (self->canteen))
            : g_strdup_printf (_("Status of %s"), cm_canteen_get_folio (self->canteen));
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, heading,
                                   _("Once recorded, a decision cannot be changed or deleted: it stays in the kitchen’s record and in the audit log. A mistake is put right by a new decision."));
  gtk_window_set_destroy_with_parent (GTK_WINDOW (dialog), TRUE);
  gtk_window_set_default_size (GTK_WINDOW (dialog), 480, -1);

  grid = gtk_grid_new ();
  gtk_grid_set_row_spacing (GTK_GRID (grid), 6);
  gtk_grid_set_column_spacing (GTK_GRID (grid), 12);

  form->choice = GTK_DROP_DOWN (gtk_drop_down_new_from_strings (kind == FORM_SANCTION ? sanction_kinds : statuses));
  field (grid, 0, kind == FORM_SANCTION ? _("_Sanction") : _("_New status"), GTK_WIDGET (form->choice));
  if (kind == FORM_STATUS)
    {
      /* The status it is not in now. */
      guint current = cm_canteen_get_status_enum (self->canteen);
      gtk_drop_down_set_selected (form->choice, current == CM_CANTEEN_STATUS_ACTIVE ? 1 : 0);
    }

  form->date_entry = GTK_ENTRY (gtk_entry_new ());
  gtk_editable_set_text (GTK_EDITABLE (form->date_entry), today);
  gtk_entry_set_placeholder_text (form->date_entry, _("YYYY-MM-DD"));
  field (grid, 1, kind == FORM_SANCTION ? _("_Decided on") : _("_From"), GTK_WIDGET (form->date_entry));

  form->decided_by_entry = GTK_ENTRY (gtk_entry_new ());
  gtk_editable_set_text (GTK_EDITABLE (form->decided_by_entry), name);
  field (grid, 2, _("Decided _by"), GTK_WIDGET (form->decided_by_entry));

  form->reason_view = GTK_TEXT_VIEW (gtk_text_view_new ());
  gtk_text_view_set_wrap_mode (form->reason_view, GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_accepts_tab (form->reason_view, FALSE);
  gtk_text_view_set_top_margin (form->reason_view, 6);
  gtk_text_view_set_bottom_margin (form->reason_view, 6);
  gtk_text_view_set_left_margin (form->reason_view, 6);
  gtk_text_view_set_right_margin (form->reason_view, 6);
  scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), GTK_WIDGET (form->reason_view));
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scroller), 90);
  gtk_widget_add_css_class (scroller, "card");
  field (grid, 3, _("_Reason"), scroller);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (form->reason_view), GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                  gtk_grid_get_child_at (GTK_GRID (grid), 0, 3), NULL, -1);

  if (kind == FORM_SANCTION)
    {
      form->with_status = GTK_CHECK_BUTTON (gtk_check_button_new_with_mnemonic (_("Change the kitchen’s _status from that day")));
      gtk_grid_attach (GTK_GRID (grid), GTK_WIDGET (form->with_status), 1, 4, 1, 1);
      g_signal_connect (form->choice, "notify::selected", G_CALLBACK (choice_changed_cb), form);
      choice_changed_cb (form->choice, NULL, form);
    }

  form->problem_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (form->problem_label, TRUE);
  gtk_label_set_xalign (form->problem_label, 0);
  gtk_widget_add_css_class (GTK_WIDGET (form->problem_label), "error");
  gtk_widget_set_visible (GTK_WIDGET (form->problem_label), FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (form->problem_label),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Problem"), -1);
  gtk_grid_attach (GTK_GRID (grid), GTK_WIDGET (form->problem_label), 0, 5, 2, 1);

  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), grid);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "record", _("_Record"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "record",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");

  g_object_set_data_full (G_OBJECT (dialog), "form", form, (GDestroyNotify) form_free);
  g_signal_connect (dialog, "response", G_CALLBACK (form_response_cb), form);

  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (GTK_WIDGET (form->choice));
}

static void
record_sanction_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  open_form (CM_KITCHEN_DECISIONS (widget), FORM_SANCTION);
}

static void
change_status_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  open_form (CM_KITCHEN_DECISIONS (widget), FORM_STATUS);
}

/* --- the class ---------------------------------------------------------- */

static void
cm_kitchen_decisions_dispose (GObject *object)
{
  CmKitchenDecisions *self = CM_KITCHEN_DECISIONS (object);
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), CM_TYPE_KITCHEN_DECISIONS);
  /* The template's root has no id, so dispose_template leaves it. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->sanctions);
  g_clear_object (&self->status_changes);
  g_clear_object (&self->canteen);
  g_clear_object (&self->db);

  G_OBJECT_CLASS (cm_kitchen_decisions_parent_class)->dispose (object);
}

static void
cm_kitchen_decisions_class_init (CmKitchenDecisionsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cm_kitchen_decisions_dispose;

  /**
   * CmKitchenDecisions::changed:
   *
   * A decision was recorded: the kitchen's status may have changed.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/comedores/Comedores/ui/cm-kitchen-decisions.ui");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_bind_template_child (widget_class, CmKitchenDecisions, sanctions_group);
  gtk_widget_class_bind_template_child (widget_class, CmKitchenDecisions, closure_label);
  gtk_widget_class_bind_template_child (widget_class, CmKitchenDecisions, sanctions_list);
  gtk_widget_class_bind_template_child (widget_class, CmKitchenDecisions, status_list);

  gtk_widget_class_install_action (widget_class, "decisions.record-sanction", NULL, record_sanction_action);
  gtk_widget_class_install_action (widget_class, "decisions.change-status", NULL, change_status_action);
}

static void
cm_kitchen_decisions_init (CmKitchenDecisions *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_list_box_set_placeholder (self->sanctions_list, placeholder (_("No sanctions.")));
  gtk_list_box_set_placeholder (self->status_list, placeholder (_("No decisions on its status yet.")));
}

void
cm_kitchen_decisions_set_db (CmKitchenDecisions *self,
                             CmDb               *db)
{
  g_return_if_fail (CM_IS_KITCHEN_DECISIONS (self));
  g_return_if_fail (db == NULL || CM_IS_DB (db));

  g_set_object (&self->db, db);
}

/**
 * cm_kitchen_decisions_show:
 * @self: the widget
 * @canteen: the kitchen
 *
 * Loads the kitchen's sanctions, its status decisions and its place on the
 * ladder in the background.
 */
void
cm_kitchen_decisions_show (CmKitchenDecisions *self,
                           CmCanteen          *canteen)
{
  g_return_if_fail (CM_IS_KITCHEN_DECISIONS (self));
  g_return_if_fail (CM_IS_CANTEEN (canteen));

  g_set_object (&self->canteen, canteen);
  reload (self);
}

guint
cm_kitchen_decisions_get_n_sanctions (CmKitchenDecisions *self)
{
  g_return_val_if_fail (CM_IS_KITCHEN_DECISIONS (self), 0);
  return self->sanctions ? g_list_model_get_n_items (self->sanctions) : 0;
}

gboolean
cm_kitchen_decisions_is_flagged_for_closure (CmKitchenDecisions *self)
{
  g_return_val_if_fail (CM_IS_KITCHEN_DECISIONS (self), FALSE);
  return self->flag_closure;
}
