/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "cm-kitchen-checks"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "cm-application.h"
#include "cm-check-result.h"
#include "cm-finding.h"
#include "cm-kitchen-checks.h"
#include "cm-rulebook.h"
#include "cm-text.h"

/* A kitchen's automatic checks, month by month, each with the evidence a
 * person can verify it by; and its findings, with what closes them. */

struct _CmKitchenChecks
{
  GtkWidget            parent_instance;

  AdwPreferencesGroup *checks_group;
  AdwComboRow         *period_row;
  GtkListBox          *checks_list;
  GtkListBox          *findings_list;

  CmDb                *db;
  CmCanteen           *canteen;
  GCancellable        *cancellable;
  CmRulebook          *rulebook;
  GPtrArray           *periods;      /* YYYY-MM, newest first */
  GPtrArray           *verdicts;     /* CmCheckVerdict, same order */
  GPtrArray           *results;      /* CmCheckResult of the month shown */
  GListModel          *findings;
  gboolean             filling;
};

G_DEFINE_FINAL_TYPE (CmKitchenChecks, cm_kitchen_checks, GTK_TYPE_WIDGET)

static void load (CmKitchenChecks *self,
                  const char      *period);

static void
today (GDate *date)
{
  cm_text_get_today (date);
}

static char *
month_label (const char *period)
{
  g_autoptr(GDateTime) month = NULL;
  int year = 0, mon = 0;

  if (sscanf (period, "%d-%d", &year, &mon) != 2 ||
      (month = g_date_time_new_utc (year, mon, 1, 0, 0, 0)) == NULL)
    return g_strdup (period);
  /* Translators: a month as in "October 2026"; see strftime */
  return g_date_time_format (month, _("%B %Y"));
}

/* --- loading ------------------------------------------------------------ */

typedef struct
{
  gint64      canteen_id;
  char       *period;       /* wanted, or NULL for the latest */
  CmRulebook *rulebook;
  GPtrArray  *verdicts;
  GPtrArray  *results;
  GListModel *findings;
} ChecksLoad;

static void
checks_load_free (ChecksLoad *load)
{
  g_free (load->period);
  g_clear_object (&load->rulebook);
  g_clear_pointer (&load->verdicts, g_ptr_array_unref);
  g_clear_pointer (&load->results, g_ptr_array_unref);
  g_clear_object (&load->findings);
  g_free (load);
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  CmDb *db = source_object;
  ChecksLoad *load = task_data;
  GError *error = NULL;
  GDate now;

  today (&now);
  if ((load->rulebook = cm_rulebook_load_in_use (db, NULL, &error)) == NULL ||
      (load->verdicts = cm_check_verdict_load (db, load->canteen_id, "0000-01", "9999-12", &error)) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  if (load->period == NULL && load->verdicts->len > 0)
    {
      CmCheckVerdict *latest = g_ptr_array_index (load->verdicts, load->verdicts->len - 1);
      load->period = g_strdup (latest->period);
    }

  if (load->period != NULL &&
      (load->results = cm_check_result_load (db, load->canteen_id, load->period, load->period, &error)) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  if ((load->findings = cm_finding_list (db, load->canteen_id, CM_FINDING_FILTER_ALL, &now, &error)) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  g_task_return_boolean (task, TRUE);
}

static gboolean
has_open_finding (CmKitchenChecks *self,
                  const char      *rule_code,
                  const char      *period)
{
  for (guint i = 0; self->findings != NULL && i < g_list_model_get_n_items (self->findings); i++)
    {
      g_autoptr(CmFinding) finding = g_list_model_get_item (self->findings, i);

      if (cm_finding_is_open (finding) &&
          g_strcmp0 (cm_finding_get_rule_code (finding), rule_code) == 0 &&
          g_strcmp0 (cm_finding_get_period (finding), period) == 0)
        return TRUE;
    }
  return FALSE;
}

/* --- findings ----------------------------------------------------------- */

typedef struct
{
  CmKitchenChecks *self;
  gboolean         open;      /* open a finding, or resolve one */
  gint64           canteen_id;
  gint64           finding_id;
  char            *rule_code;
  char            *period;
  char            *text;      /* the description, or the note */
  GDate            due_on;
  char            *actor;
} FindingJob;

static void
finding_job_free (FindingJob *job)
{
  g_clear_object (&job->self);
  g_free (job->rule_code);
  g_free (job->period);
  g_free (job->text);
  g_free (job->actor);
  g_free (job);
}

static void
finding_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  FindingJob *job = task_data;
  GError *error = NULL;
  gboolean ok;

  if (job->open)
    ok = cm_finding_open_from_check (source_object, job->canteen_id, job->rule_code, job->period,
                                     job->text, &job->due_on, job->actor, &error) != 0;
  else
    ok = cm_finding_resolve (source_object, job->finding_id, job->text, job->actor, &error);

  if (!ok)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
finding_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(AdwMessageDialog) dialog = user_data;
  FindingJob *job = g_task_get_task_data (G_TASK (result));
  GtkLabel *problem = g_object_get_data (G_OBJECT (dialog), "problem");
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      gtk_label_set_text (problem, error->message);
      gtk_widget_set_visible (GTK_WIDGET (problem), TRUE);
      gtk_widget_set_sensitive (GTK_WIDGET (dialog), TRUE);
      return;
    }

  load (job->self, cm_kitchen_checks_get_period (job->self));
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static char *
text_view_text (GtkTextView *view)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return g_strstrip (gtk_text_buffer_get_text (buffer, &start, &end, FALSE));
}

static void
finding_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     FindingJob       *template)
{
  GtkTextView *text = g_object_get_data (G_OBJECT (dialog), "text");
  GtkEditable *due = g_object_get_data (G_OBJECT (dialog), "due");
  GtkLabel *problem = g_object_get_data (G_OBJECT (dialog), "problem");
  g_autoptr(GTask) task = NULL;
  FindingJob *job;

  if (g_strcmp0 (response, "save") != 0)
    return;

  /* The dialog stays until the database has it, or says why not. */
  g_signal_stop_emission_by_name (dialog, "response::save");

  job = g_new0 (FindingJob, 1);
  job->self = g_object_ref (template->self);
  job->open = template->open;
  job->canteen_id = template->canteen_id;
  job->finding_id = template->finding_id;
  job->rule_code = g_strdup (template->rule_code);
  job->period = g_strdup (template->period);
  job->text = text_view_text (text);
  job->actor = cm_application_dup_actor ();
  if (due != NULL && !cm_text_parse_date (gtk_editable_get_text (due), &job->due_on))
    {
      gtk_label_set_text (problem, _("Write the date as year-month-day, for example 2026-11-03."));
      gtk_widget_set_visible (GTK_WIDGET (problem), TRUE);
      finding_job_free (job);
      return;
    }

  gtk_widget_set_sensitive (GTK_WIDGET (dialog), FALSE);
  task = g_task_new (job->self->db, NULL, finding_done_cb, g_object_ref (dialog));
  g_task_set_source_tag (task, finding_response_cb);
  g_task_set_task_data (task, job, (GDestroyNotify) finding_job_free);
  g_task_run_in_thread (task, finding_thread);
}

static void
finding_dialog (CmKitchenChecks *self,
                FindingJob      *template,
                const char      *heading,
                const char      *body,
                const char      *text,
                const char      *due_on)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *dialog, *box, *scroller, *view, *label, *problem, *due = NULL;

  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, heading, body);
  gtk_window_set_destroy_with_parent (GTK_WINDOW (dialog), TRUE);
  gtk_window_set_default_size (GTK_WINDOW (dialog), 480, -1);
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);

  label = gtk_label_new_with_mnemonic (template->open ? _("_What must be corrected") : _("_How it was resolved"));
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_box_append (GTK_BOX (box), label);
  view = gtk_text_view_new ();
  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (view), GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_accepts_tab (GTK_TEXT_VIEW (view), FALSE);
  gtk_text_view_set_left_margin (GTK_TEXT_VIEW (view), 6);
  gtk_text_view_set_right_margin (GTK_TEXT_VIEW (view), 6);
  gtk_text_view_set_top_margin (GTK_TEXT_VIEW (view), 6);
  gtk_text_view_set_bottom_margin (GTK_TEXT_VIEW (view), 6);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)), text ? text : "", -1);
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), view);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (view), GTK_ACCESSIBLE_RELATION_LABELLED_BY, label, NULL, -1);
  scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), view);
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scroller), 90);
  gtk_widget_add_css_class (scroller, "card");
  gtk_box_append (GTK_BOX (box), scroller);

  if (template->open)
    {
      label = gtk_label_new_with_mnemonic (_("_Due on"));
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_box_append (GTK_BOX (box), label);
      due = gtk_entry_new ();
      gtk_editable_set_text (GTK_EDITABLE (due), due_on);
      gtk_entry_set_placeholder_text (GTK_ENTRY (due), _("YYYY-MM-DD"));
      gtk_label_set_mnemonic_widget (GTK_LABEL (label), due);
      gtk_accessible_update_relation (GTK_ACCESSIBLE (due), GTK_ACCESSIBLE_RELATION_LABELLED_BY, label, NULL, -1);
      gtk_box_append (GTK_BOX (box), due);
    }

  problem = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (problem), TRUE);
  gtk_label_set_xalign (GTK_LABEL (problem), 0);
  gtk_widget_add_css_class (problem, "error");
  gtk_widget_set_visible (problem, FALSE);
  gtk_box_append (GTK_BOX (box), problem);

  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "save", template->open ? _("_Open Finding") : _("_Resolve"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "save", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data (G_OBJECT (dialog), "text", view);
  g_object_set_data (G_OBJECT (dialog), "due", due);
  g_object_set_data (G_OBJECT (dialog), "problem", problem);
  g_object_set_data_full (G_OBJECT (dialog), "template", template, (GDestroyNotify) finding_job_free);
  g_signal_connect (dialog, "response", G_CALLBACK (finding_response_cb), template);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (view);
}

static void
open_finding_clicked_cb (GtkButton       *button,
                         CmKitchenChecks *self)
{
  CmCheckResult *result = g_object_get_data (G_OBJECT (button), "result");
  g_autofree char *description = cm_check_result_describe (result);
  g_autofree char *heading = NULL;
  char due_text[16];
  FindingJob *template;
  CmRule *rule;
  GDate now, due;

  today (&now);
  rule = cm_rulebook_lookup (self->rulebook, cm_check_result_get_rule_code (result), &now);
  cm_finding_default_due (rule ? cm_rule_get_severity (rule) : CM_RULE_SEVERITY_WARNING, &now, &due);
  g_date_strftime (due_text, sizeof due_text, "%Y-%m-%d", &due);

  template = g_new0 (FindingJob, 1);
  template->self = g_object_ref (self);
  template->open = TRUE;
  template->canteen_id = cm_canteen_get_id (self->canteen);
  template->rule_code = g_strdup (cm_check_result_get_rule_code (result));
  template->period = g_strdup (cm_check_result_get_period (result));

  /* Translators: "Finding on INF-01 for CC005" */
  heading = g_strdup_printf (_("Finding on %s for %s"), template->rule_code, cm_canteen_get_folio (self->canteen));
  finding_dialog (self, template, heading,
                  _("The kitchen is told what to correct and by when. The finding closes by itself when a later month’s check passes."),
                  description, due_text);
}

static void
resolve_clicked_cb (GtkButton       *button,
                    CmKitchenChecks *self)
{
  CmFinding *finding = g_object_get_data (G_OBJECT (button), "finding");
  FindingJob *template = g_new0 (FindingJob, 1);

  template->self = g_object_ref (self);
  template->open = FALSE;
  template->finding_id = cm_finding_get_id (finding);
  finding_dialog (self, template, _("Resolve the Finding?"),
                  _("Say how the kitchen corrected it. A resolved finding is closed for good, with your name and the note."),
                  NULL, NULL);
}

static GtkWidget *
create_finding_row (gpointer item,
                    gpointer user_data)
{
  CmKitchenChecks *self = user_data;
  CmFinding *finding = item;
  g_autofree char *due = cm_text_format_date (cm_finding_get_due_on (finding), FALSE);
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;
  GtkWidget *row;
  GDate now;

  today (&now);
  if (cm_finding_is_open (finding))
    /* Translators: "INF-01 · due 15 Dec 2026" */
    title = g_strdup_printf (_("%s · due %s"), cm_finding_get_rule_code (finding), due);
  else
    /* Translators: "INF-01 · closed" */
    title = g_strdup_printf (_("%s · closed"), cm_finding_get_rule_code (finding));

  if (!cm_finding_is_open (finding) && g_strcmp0 (cm_finding_get_closed_how (finding), "check_passed") == 0)
    /* Translators: the finding's text, then "the check of 2026-11 passed" */
    subtitle = g_strdup_printf (_("%s — closed when the check of %s passed"), cm_finding_get_description (finding),
                                cm_finding_get_closing_period (finding));
  else if (!cm_finding_is_open (finding))
    subtitle = g_strdup_printf (_("%s — resolved by %s: %s"), cm_finding_get_description (finding),
                                cm_finding_get_closed_by (finding), cm_finding_get_closing_note (finding));
  else
    subtitle = g_strdup_printf (_("%s — opened by %s"), cm_finding_get_description (finding),
                                cm_finding_get_opened_by (finding));

  row = adw_action_row_new ();
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 4);
  if (!cm_finding_is_open (finding))
    gtk_widget_add_css_class (row, "dim-label");

  if (cm_finding_is_overdue (finding, &now))
    {
      GtkWidget *badge = gtk_label_new (_("Overdue"));

      gtk_widget_add_css_class (badge, "status-badge");
      gtk_widget_add_css_class (badge, "error");
      gtk_widget_set_valign (badge, GTK_ALIGN_CENTER);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), badge);
    }

  if (cm_finding_is_open (finding))
    {
      g_autofree char *name = g_strdup_printf (_("Resolve the finding on %s"), cm_finding_get_rule_code (finding));
      GtkWidget *button = gtk_button_new_with_mnemonic (_("_Resolve…"));

      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
      g_object_set_data_full (G_OBJECT (button), "finding", g_object_ref (finding), g_object_unref);
      g_signal_connect_object (button, "clicked", G_CALLBACK (resolve_clicked_cb), self, 0);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
    }

  return row;
}

/* --- checks ------------------------------------------------------------- */

static const char *
outcome_icon (CmCheckOutcome outcome)
{
  switch (outcome)
    {
    case CM_CHECK_OUTCOME_PASS:
      return "emblem-ok-symbolic";
    case CM_CHECK_OUTCOME_FAIL:
      return "dialog-error-symbolic";
    case CM_CHECK_OUTCOME_NOT_APPLICABLE:
    default:
      return "action-unavailable-symbolic";
    }
}

static GtkWidget *
create_result_row (CmKitchenChecks *self,
                   CmCheckResult   *result)
{
  const char *code = cm_check_result_get_rule_code (result);
  CmCheckOutcome outcome = cm_check_result_get_outcome (result);
  g_autofree char *description = cm_check_result_describe (result);
  g_autofree char *title = NULL;
  g_autofree char *evidence_text = NULL;
  g_autoptr(JsonNode) evidence = NULL;
  GPtrArray *versions = NULL;  /* borrowed */
  GtkWidget *row, *icon, *label, *evidence_row;
  CmRule *rule = NULL;

  versions = self->rulebook ? cm_rulebook_get_versions (self->rulebook, code) : NULL;
  if (versions != NULL && versions->len > 0)
    rule = g_ptr_array_index (versions, versions->len - 1);

  title = g_strdup_printf (_("%s · %s"), code, rule ? cm_rule_get_title (rule) : code);
  row = adw_expander_row_new ();
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), description);

  icon = gtk_image_new_from_icon_name (outcome_icon (outcome));
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  cm_check_outcome_get_label (outcome), -1);
  gtk_widget_add_css_class (icon, outcome == CM_CHECK_OUTCOME_FAIL ? "error" :
                                  outcome == CM_CHECK_OUTCOME_PASS ? "success" : "dim-label");
  adw_expander_row_add_prefix (ADW_EXPANDER_ROW (row), icon);

  if (rule != NULL)
    {
      GtkWidget *about = adw_action_row_new ();

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (about), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (about),
                                     cm_rule_severity_get_label (cm_rule_get_severity (rule)));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (about), cm_rule_get_description (rule));
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (about), 0);
      adw_expander_row_add_row (ADW_EXPANDER_ROW (row), about);
    }

  /* The evidence as stored, so that anyone can check it against the reports. */
  evidence = json_from_string (cm_check_result_get_evidence (result), NULL);
  evidence_text = evidence ? json_to_string (evidence, TRUE) : g_strdup (cm_check_result_get_evidence (result));
  label = gtk_label_new (evidence_text);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "monospace");
  gtk_widget_add_css_class (label, "caption");
  gtk_widget_set_margin_start (label, 12);
  gtk_widget_set_margin_end (label, 12);
  gtk_widget_set_margin_top (label, 6);
  gtk_widget_set_margin_bottom (label, 6);
  gtk_accessible_update_property (GTK_ACCESSIBLE (label), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Evidence"), -1);
  evidence_row = gtk_list_box_row_new ();
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (evidence_row), FALSE);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (evidence_row), label);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row), evidence_row);

  if (outcome == CM_CHECK_OUTCOME_FAIL && self->canteen != NULL &&
      cm_check_result_get_canteen_id (result) == cm_canteen_get_id (self->canteen))
    {
      gboolean open = has_open_finding (self, code, cm_check_result_get_period (result));
      GtkWidget *action = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (action),
                                     open ? _("A finding is open for this month")
                                          : _("Ask the kitchen to correct it"));
      if (!open)
        {
          g_autofree char *name = g_strdup_printf (_("Open a finding on %s"), code);
          GtkWidget *button = gtk_button_new_with_mnemonic (_("Open _Finding…"));

          gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
          gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
          g_object_set_data_full (G_OBJECT (button), "result", g_object_ref (result), g_object_unref);
          g_signal_connect_object (button, "clicked", G_CALLBACK (open_finding_clicked_cb), self, 0);
          adw_action_row_add_suffix (ADW_ACTION_ROW (action), button);
        }
      adw_expander_row_add_row (ADW_EXPANDER_ROW (row), action);
    }

  return row;
}

static void
show_results (CmKitchenChecks *self,
              const char      *period)
{
  GtkWidget *child;
  CmCheckVerdict *verdict = NULL;
  g_autofree char *description = NULL;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->checks_list))) != NULL)
    gtk_list_box_remove (self->checks_list, child);

  for (guint i = 0; self->verdicts != NULL && i < self->verdicts->len; i++)
    {
      CmCheckVerdict *v = g_ptr_array_index (self->verdicts, i);
      if (g_strcmp0 (v->period, period) == 0)
        verdict = v;
    }

  if (verdict != NULL)
    /* Translators: "Complies with remarks · 2 rules failed · 19 reports for 20 operating days" */
    description = g_strdup_printf (_("%s · %u rules failed · %u reports for %u operating days"),
                                   cm_verdict_get_label (verdict->verdict), verdict->failed_rules,
                                   verdict->reports, verdict->due_days);
  else
    description = g_strdup (_("Not evaluated yet: the checks run after each sync."));
  adw_preferences_group_set_description (self->checks_group, description);

  for (guint i = 0; self->results != NULL && i < self->results->len; i++)
    gtk_list_box_append (self->checks_list, create_result_row (self, g_ptr_array_index (self->results, i)));
}

static void
loaded_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(CmKitchenChecks) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  ChecksLoad *load = g_task_get_task_data (G_TASK (result));
  guint selected = 0;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Could not load the kitchen's checks: %s", error->message);
      return;
    }

  if (self->canteen == NULL || load->canteen_id != cm_canteen_get_id (self->canteen))
    return;

  g_set_object (&self->rulebook, load->rulebook);
  g_clear_pointer (&self->verdicts, g_ptr_array_unref);
  g_clear_pointer (&self->results, g_ptr_array_unref);
  self->verdicts = g_steal_pointer (&load->verdicts);
  self->results = g_steal_pointer (&load->results);
  g_set_object (&self->findings, load->findings);

  /* The months, newest first, each with its verdict. */
  g_ptr_array_set_size (self->periods, 0);
  for (guint i = self->verdicts->len; i > 0; i--)
    {
      CmCheckVerdict *v = g_ptr_array_index (self->verdicts, i - 1);
      g_autofree char *month = month_label (v->period);
      g_autofree char *text = g_strdup_printf (_("%s · %s"), month, cm_verdict_get_label (v->verdict));

      g_ptr_array_add (self->periods, g_strdup (v->period));
      gtk_string_list_append (labels, text);
      if (g_strcmp0 (v->period, load->period) == 0)
        selected = self->verdicts->len - i;
    }
  self->filling = TRUE;
  adw_combo_row_set_model (self->period_row, G_LIST_MODEL (labels));
  adw_combo_row_set_selected (self->period_row, selected);
  gtk_widget_set_visible (GTK_WIDGET (self->period_row), self->periods->len > 0);
  self->filling = FALSE;

  show_results (self, load->period);
  gtk_list_box_bind_model (self->findings_list, self->findings, create_finding_row, self, NULL);
}

static void
load (CmKitchenChecks *self,
      const char      *period)
{
  g_autoptr(GTask) task = NULL;
  ChecksLoad *job;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  if (self->db == NULL || self->canteen == NULL)
    return;

  job = g_new0 (ChecksLoad, 1);
  job->canteen_id = cm_canteen_get_id (self->canteen);
  job->period = g_strdup (period);
  task = g_task_new (self->db, self->cancellable, loaded_cb, g_object_ref (self));
  g_task_set_source_tag (task, load);
  g_task_set_task_data (task, job, (GDestroyNotify) checks_load_free);
  g_task_run_in_thread (task, load_thread);
}

static void
period_changed_cb (CmKitchenChecks *self)
{
  guint selected = adw_combo_row_get_selected (self->period_row);

  if (self->filling || selected == GTK_INVALID_LIST_POSITION || selected >= self->periods->len)
    return;
  load (self, g_ptr_array_index (self->periods, selected));
}

/* --- the class ---------------------------------------------------------- */

static void
cm_kitchen_checks_dispose (GObject *object)
{
  CmKitchenChecks *self = CM_KITCHEN_CHECKS (object);
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), CM_TYPE_KITCHEN_CHECKS);
  /* The template's root has no id, so dispose_template leaves it. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->rulebook);
  g_clear_pointer (&self->periods, g_ptr_array_unref);
  g_clear_pointer (&self->verdicts, g_ptr_array_unref);
  g_clear_pointer (&self->results, g_ptr_array_unref);
  g_clear_object (&self->findings);
  g_clear_object (&self->canteen);
  g_clear_object (&self->db);

  G_OBJECT_CLASS (cm_kitchen_checks_parent_class)->dispose (object);
}

static void
cm_kitchen_checks_class_init (CmKitchenChecksClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cm_kitchen_checks_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/comedores/Comedores/ui/cm-kitchen-checks.ui");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_bind_template_child (widget_class, CmKitchenChecks, checks_group);
  gtk_widget_class_bind_template_child (widget_class, CmKitchenChecks, period_row);
  gtk_widget_class_bind_template_child (widget_class, CmKitchenChecks, checks_list);
  gtk_widget_class_bind_template_child (widget_class, CmKitchenChecks, findings_list);
  gtk_widget_class_bind_template_callback (widget_class, period_changed_cb);
}

static void
cm_kitchen_checks_init (CmKitchenChecks *self)
{
  GtkWidget *placeholder;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->periods = g_ptr_array_new_with_free_func (g_free);

  placeholder = gtk_label_new (_("No findings."));
  gtk_widget_set_margin_top (placeholder, 12);
  gtk_widget_set_margin_bottom (placeholder, 12);
  gtk_widget_add_css_class (placeholder, "dim-label");
  gtk_list_box_set_placeholder (self->findings_list, placeholder);
}

void
cm_kitchen_checks_set_db (CmKitchenChecks *self,
                          CmDb            *db)
{
  g_return_if_fail (CM_IS_KITCHEN_CHECKS (self));
  g_set_object (&self->db, db);
}

/**
 * cm_kitchen_checks_show:
 * @self: the widget
 * @canteen: the kitchen
 *
 * Loads the kitchen's latest month of checks and its findings.
 */
void
cm_kitchen_checks_show (CmKitchenChecks *self,
                        CmCanteen       *canteen)
{
  g_return_if_fail (CM_IS_KITCHEN_CHECKS (self));
  g_return_if_fail (CM_IS_CANTEEN (canteen));

  g_set_object (&self->canteen, canteen);
  load (self, NULL);
}

guint
cm_kitchen_checks_get_n_results (CmKitchenChecks *self)
{
  g_return_val_if_fail (CM_IS_KITCHEN_CHECKS (self), 0);
  return self->results ? self->results->len : 0;
}

guint
cm_kitchen_checks_get_n_findings (CmKitchenChecks *self)
{
  g_return_val_if_fail (CM_IS_KITCHEN_CHECKS (self), 0);
  return self->findings ? g_list_model_get_n_items (self->findings) : 0;
}

/* The month shown, YYYY-MM, or NULL. */
const char *
cm_kitchen_checks_get_period (CmKitchenChecks *self)
{
  guint selected;

  g_return_val_if_fail (CM_IS_KITCHEN_CHECKS (self), NULL);

  selected = adw_combo_row_get_selected (self->period_row);
  if (selected == GTK_INVALID_LIST_POSITION || selected >= self->periods->len)
    return NULL;
  return g_ptr_array_index (self->periods, selected);
}
