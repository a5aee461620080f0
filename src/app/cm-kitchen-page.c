/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "cm-kitchen-page"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "cm-alcaldias.h"
#include "cm-audit.h"
#include "cm-boundaries.h"
#include "cm-canteen-editor.h"
#include "cm-committee-member.h"
#include "cm-kitchen-committee.h"
#include "cm-kitchen-checks.h"
#include "cm-kitchen-decisions.h"
#include "cm-kitchen-page.h"
#include "cm-kitchen-reviews.h"
#include "cm-outbox.h"
#include "cm-report.h"
#include "cm-report-calendar.h"
#include "cm-sync-format.h"
#include "cm-text.h"

#define N_LATEST_REPORTS 10

struct _CmKitchenPage
{
  GtkWidget         parent_instance;

  /* template children */
  GtkLabel         *folio_label;
  GtkLabel         *status_label;
  GtkLabel         *name_label;
  GtkLabel         *summary_label;
  AdwActionRow     *address_row;
  AdwActionRow     *schedule_row;
  AdwActionRow     *capacity_row;
  AdwActionRow     *opened_row;
  AdwActionRow     *tablet_row;
  AdwActionRow     *location_row;
  GtkWidget        *committee_warning;
  GtkLabel         *committee_warning_label;
  GtkWidget        *place_warning;
  GtkLabel         *place_warning_label;
  AdwPreferencesGroup *committee_group;
  GtkListBox       *committee_list;
  CmReportCalendar *calendar;
  GtkListBox       *reports_list;
  AdwViewStack     *sections;
  /* The sections after the record are made the first time they are shown
   * (or asked for): a kitchen opened for its record loads nothing else. */
  AdwBin           *checks_bin;
  AdwBin           *reviews_bin;
  AdwBin           *decisions_bin;
  CmKitchenDecisions *decisions;
  CmKitchenReviews *reviews;
  CmKitchenChecks  *checks;

  CmDb             *db;
  CmCanteen        *canteen;
  GCancellable     *cancellable;  /* the load of the kitchen shown */
  GListModel       *committee;
  GListModel       *reports;
  GHashTable       *pending;     /* ids of the reports with a review waiting to be sent */
};

G_DEFINE_FINAL_TYPE (CmKitchenPage, cm_kitchen_page, GTK_TYPE_WIDGET)

typedef struct
{
  gint64      canteen_id;
  char       *alcaldia_code;
  double      latitude;
  double      longitude;
} RecordQuery;

typedef struct
{
  gint64      canteen_id;
  GListModel *committee;
  GListModel *reports;
  GHashTable *pending;
  CmPlace     place;          /* its point against its alcaldía's boundary */
  char       *found_code;     /* when outside: the alcaldía holding the point */
} RecordLoad;

static void
record_query_free (RecordQuery *query)
{
  g_free (query->alcaldia_code);
  g_free (query);
}

static void
record_load_free (RecordLoad *load)
{
  g_clear_object (&load->committee);
  g_clear_object (&load->reports);
  g_clear_pointer (&load->pending, g_hash_table_unref);
  g_free (load->found_code);
  g_free (load);
}

static GHashTable *
id_set_new (void)
{
  return g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
}

static void
id_set_add (GHashTable *set,
            gint64      id)
{
  g_hash_table_add (set, g_memdup2 (&id, sizeof id));
}

static GtkWidget *
empty_row (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_widget_add_css_class (label, "dim-label");
  gtk_widget_set_margin_top (label, 12);
  gtk_widget_set_margin_bottom (label, 12);
  return label;
}

static void
end_membership_clicked_cb (GtkButton     *button,
                           CmKitchenPage *self)
{
  CmCommitteeMember *member = g_object_get_data (G_OBJECT (button), "member");

  if (self->db != NULL)
    cm_kitchen_committee_end_membership (GTK_WIDGET (self), self->db, member);
}

/* The switch never moves by itself: it asks first, and the list reloaded
 * after the change shows the new state. */
static gboolean
office_state_set_cb (GtkSwitch     *toggle,
                     gboolean       state,
                     CmKitchenPage *self)
{
  CmCommitteeMember *member = g_object_get_data (G_OBJECT (toggle), "member");
  gboolean holds = cm_committee_member_get_holds_office (member);

  if (self->db != NULL && state != holds)
    cm_kitchen_committee_set_holds_office (GTK_WIDGET (self), self->db, member, state);

  /* Back to what the database says, whatever the answer will be. */
  g_signal_handlers_block_by_func (toggle, office_state_set_cb, self);
  gtk_switch_set_active (toggle, holds);
  g_signal_handlers_unblock_by_func (toggle, office_state_set_cb, self);
  return TRUE;
}

static void
add_member_controls (CmKitchenPage     *self,
                     CmCommitteeMember *member,
                     GtkWidget         *row)
{
  const char *name = cm_committee_member_get_name (member);
  g_autofree char *end_label = NULL;
  g_autofree char *office_label = NULL;
  GtkWidget *box, *office, *button, *caption;

  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_set_valign (box, GTK_ALIGN_CENTER);

  caption = gtk_label_new (_("Office"));
  gtk_widget_add_css_class (caption, "dim-label");
  gtk_widget_add_css_class (caption, "caption");
  gtk_widget_set_tooltip_text (caption, _("Holds public or party office"));
  gtk_box_append (GTK_BOX (box), caption);

  office = gtk_switch_new ();
  gtk_widget_set_valign (office, GTK_ALIGN_CENTER);
  gtk_switch_set_state (GTK_SWITCH (office), cm_committee_member_get_holds_office (member));
  gtk_switch_set_active (GTK_SWITCH (office), cm_committee_member_get_holds_office (member));
  gtk_widget_set_tooltip_text (office, _("Holds public or party office"));
  /* Translators: the accessible name of a member's office switch, "Ana Pérez holds public or party office" */
  office_label = g_strdup_printf (_("%s holds public or party office"), name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (office), GTK_ACCESSIBLE_PROPERTY_LABEL, office_label, -1);
  g_object_set_data_full (G_OBJECT (office), "member", g_object_ref (member), g_object_unref);
  g_signal_connect_object (office, "state-set", G_CALLBACK (office_state_set_cb), self, 0);
  gtk_box_append (GTK_BOX (box), office);

  button = gtk_button_new_from_icon_name ("system-log-out-symbolic");
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, _("End Membership…"));
  /* Translators: the accessible name of a member's End Membership button */
  end_label = g_strdup_printf (_("End the membership of %s…"), name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, end_label, -1);
  g_object_set_data_full (G_OBJECT (button), "member", g_object_ref (member), g_object_unref);
  g_signal_connect_object (button, "clicked", G_CALLBACK (end_membership_clicked_cb), self, 0);
  gtk_box_append (GTK_BOX (box), button);

  adw_action_row_add_suffix (ADW_ACTION_ROW (row), box);
  g_object_set_data (G_OBJECT (row), "end-button", button);
  g_object_set_data (G_OBJECT (row), "office-switch", office);
}

static GtkWidget *
create_committee_row (gpointer item,
                      gpointer user_data)
{
  CmCommitteeMember *member = item;
  g_autofree char *since = cm_text_format_date (cm_committee_member_get_since (member), FALSE);
  g_autofree char *subtitle = NULL;
  GtkWidget *row;

  if (cm_committee_member_is_active (member))
    /* Translators: "Treasurer · since 03/02/2019" */
    subtitle = g_strdup_printf (_("%s · since %s"),
                                cm_committee_member_get_role_label (member),
                                since ? since : "?");
  else
    {
      g_autofree char *until = cm_text_format_date (cm_committee_member_get_until (member), FALSE);
      /* Translators: "Former member (Treasurer) · 03/02/2019 to 01/06/2023" */
      subtitle = g_strdup_printf (_("Former member (%s) · %s to %s"),
                                  cm_committee_member_get_role_label (member),
                                  since ? since : "?", until ? until : "?");
    }

  row = adw_action_row_new ();
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), cm_committee_member_get_name (member));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);

  if (!cm_committee_member_is_active (member))
    gtk_widget_add_css_class (row, "dim-label");

  if (cm_committee_member_get_holds_office (member))
    {
      const char *why = _("Holds a public or party office: forbidden on a committee since 2021");
      GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");

      gtk_widget_set_tooltip_text (icon, why);
      gtk_accessible_update_property (GTK_ACCESSIBLE (icon),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, why, -1);
      gtk_widget_add_css_class (icon, "warning");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), icon);
    }

  if (cm_committee_member_is_active (member))
    add_member_controls (user_data, member, row);

  return row;
}

/* --- a report's review --------------------------------------------------- */

static const char *review_classes[] = { "received", "approved", "has-issues", "rejected", "edited" };

static void
show_review_state (GtkWidget *row)
{
  CmReport *report = g_object_get_data (G_OBJECT (row), "report");
  GtkWidget *badge = g_object_get_data (G_OBJECT (row), "review-badge");
  gboolean pending = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (row), "pending"));
  const char *subtitle = g_object_get_data (G_OBJECT (row), "figures");
  const char *queued = g_object_get_data (G_OBJECT (row), "review-state");
  const char *state = queued ? queued : cm_report_get_review_state (report);
  const char *css = "received";
  g_autofree char *badge_label = NULL;

  if (g_strcmp0 (state, "approved") == 0)
    css = "approved";
  else if (g_strcmp0 (state, "hasIssues") == 0)
    css = "has-issues";
  else if (g_strcmp0 (state, "rejected") == 0)
    css = "rejected";
  else if (g_strcmp0 (state, "edited") == 0)
    css = "edited";

  for (guint i = 0; i < G_N_ELEMENTS (review_classes); i++)
    gtk_widget_remove_css_class (badge, review_classes[i]);
  gtk_widget_add_css_class (badge, css);
  gtk_label_set_label (GTK_LABEL (badge), cm_sync_format_review_state (state));
  /* Translators: the accessible name of a report's review state, "Review state: Approved" */
  badge_label = g_strdup_printf (_("Review state: %s"), cm_sync_format_review_state (state));
  gtk_accessible_update_property (GTK_ACCESSIBLE (badge), GTK_ACCESSIBLE_PROPERTY_LABEL, badge_label, -1);

  if (pending)
    {
      g_autofree char *text = g_strdup_printf ("%s\n%s", subtitle,
                                               _("Pending: will be sent at the next sync"));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), text);
    }
  else
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
}

typedef struct
{
  GtkWidget     *row;
  CmReviewState  state;
  char          *comment;
  char          *actor;
} QueueReview;

static void
queue_review_free (QueueReview *queue)
{
  g_clear_object (&queue->row);
  g_free (queue->comment);
  g_free (queue->actor);
  g_free (queue);
}

static void
queue_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  QueueReview *queue = task_data;
  CmReport *report = g_object_get_data (G_OBJECT (queue->row), "report");
  GError *error = NULL;

  if (cm_outbox_queue_review (source_object, cm_report_get_id (report), queue->state, queue->comment,
                              queue->actor, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
queued_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(CmKitchenPage) self = user_data;
  QueueReview *queue = g_task_get_task_data (G_TASK (result));
  GtkWidget *row = queue->row;
  GtkWidget *error_label = g_object_get_data (G_OBJECT (row), "review-error");
  GtkWidget *popover = g_object_get_data (G_OBJECT (row), "review-popover");
  GtkWidget *comment = g_object_get_data (G_OBJECT (row), "review-comment");
  CmReport *report = g_object_get_data (G_OBJECT (row), "report");
  g_autoptr(GError) error = NULL;

  g_object_set_data (G_OBJECT (row), "queueing", GINT_TO_POINTER (FALSE));

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      gtk_label_set_label (GTK_LABEL (error_label), error->message);
      gtk_widget_set_visible (error_label, TRUE);
      return;
    }

  /* The core set the report's state with the queued item: show the same. */
  g_object_set_data_full (G_OBJECT (row), "review-state",
                          g_strdup (queue->state == CM_REVIEW_APPROVED ? "approved" :
                                    queue->state == CM_REVIEW_REJECTED ? "rejected" : "hasIssues"),
                          g_free);
  if (self->pending != NULL)
    id_set_add (self->pending, cm_report_get_id (report));
  g_object_set_data (G_OBJECT (row), "pending", GINT_TO_POINTER (TRUE));
  show_review_state (row);

  gtk_widget_set_visible (error_label, FALSE);
  gtk_editable_set_text (GTK_EDITABLE (comment), "");
  gtk_popover_popdown (GTK_POPOVER (popover));
}

static void
queue_review (CmKitchenPage *self,
              GtkWidget     *row,
              CmReviewState  state,
              const char    *comment)
{
  g_autoptr(GTask) task = NULL;
  QueueReview *queue;

  if (self->db == NULL || GPOINTER_TO_INT (g_object_get_data (G_OBJECT (row), "queueing")))
    return;
  g_object_set_data (G_OBJECT (row), "queueing", GINT_TO_POINTER (TRUE));

  queue = g_new0 (QueueReview, 1);
  queue->row = g_object_ref (row);
  queue->state = state;
  queue->comment = g_strstrip (g_strdup (comment ? comment : ""));
  /* The desk has no sign-in: the account's owner answers for the review. */
  queue->actor = cm_audit_default_actor ();

  task = g_task_new (self->db, self->cancellable, queued_cb, g_object_ref (self));
  g_task_set_source_tag (task, queue_review);
  g_task_set_task_data (task, queue, (GDestroyNotify) queue_review_free);
  g_task_run_in_thread (task, queue_thread);
}

static void
review_clicked_cb (GtkButton     *button,
                   CmKitchenPage *self)
{
  GtkWidget *row = g_object_get_data (G_OBJECT (button), "row");
  GtkWidget *comment = g_object_get_data (G_OBJECT (row), "review-comment");
  CmReviewState state = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "state"));

  queue_review (self, row, state, gtk_editable_get_text (GTK_EDITABLE (comment)));
}

static GtkWidget *
review_button (CmKitchenPage *self,
               GtkWidget     *row,
               const char    *label,
               CmReviewState  state,
               const char    *css)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  if (css != NULL)
    gtk_widget_add_css_class (button, css);
  g_object_set_data (G_OBJECT (button), "row", row);
  g_object_set_data (G_OBJECT (button), "state", GINT_TO_POINTER (state));
  g_signal_connect_object (button, "clicked", G_CALLBACK (review_clicked_cb), self, 0);

  return button;
}

/* "Review" on a report: approve, has issues or reject, with a comment. */
static GtkWidget *
review_menu_button (CmKitchenPage *self,
                    GtkWidget     *row,
                    const char    *date)
{
  GtkWidget *menu_button, *popover, *box, *heading, *comment, *buttons, *error_label, *note;
  g_autofree char *heading_text = NULL;
  g_autofree char *accessible = NULL;

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_widget_set_margin_start (box, 6);
  gtk_widget_set_margin_end (box, 6);

  /* Translators: the heading of a report's review popover, "Review of Mon 5 Oct 2026" */
  heading_text = g_strdup_printf (_("Review of %s"), date);
  heading = gtk_label_new (heading_text);
  gtk_label_set_xalign (GTK_LABEL (heading), 0);
  gtk_widget_add_css_class (heading, "heading");
  gtk_box_append (GTK_BOX (box), heading);

  comment = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (comment), _("Comment (optional)"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (comment), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Comment for the server"), -1);
  gtk_widget_set_size_request (comment, 320, -1);
  gtk_box_append (GTK_BOX (box), comment);

  buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_box_set_homogeneous (GTK_BOX (buttons), TRUE);
  gtk_box_append (GTK_BOX (buttons), review_button (self, row, C_("review action", "_Approve"),
                                                    CM_REVIEW_APPROVED, "suggested-action"));
  gtk_box_append (GTK_BOX (buttons), review_button (self, row, C_("review action", "_Has Issues"),
                                                    CM_REVIEW_HAS_ISSUES, NULL));
  gtk_box_append (GTK_BOX (buttons), review_button (self, row, C_("review action", "_Reject"),
                                                    CM_REVIEW_REJECTED, "destructive-action"));
  gtk_box_append (GTK_BOX (box), buttons);

  note = gtk_label_new (_("Sent to the report’s server at the next sync."));
  gtk_label_set_xalign (GTK_LABEL (note), 0);
  gtk_label_set_wrap (GTK_LABEL (note), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (note), 40);
  gtk_widget_add_css_class (note, "dim-label");
  gtk_widget_add_css_class (note, "caption");
  gtk_box_append (GTK_BOX (box), note);

  error_label = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (error_label), 0);
  gtk_label_set_wrap (GTK_LABEL (error_label), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (error_label), 40);
  gtk_label_set_selectable (GTK_LABEL (error_label), TRUE);
  gtk_widget_add_css_class (error_label, "error");
  gtk_widget_set_visible (error_label, FALSE);
  gtk_box_append (GTK_BOX (box), error_label);

  popover = gtk_popover_new ();
  gtk_popover_set_child (GTK_POPOVER (popover), box);

  /* An icon: the row's figures need the room. */
  menu_button = gtk_menu_button_new ();
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (menu_button), "document-edit-symbolic");
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (menu_button), popover);
  gtk_widget_set_valign (menu_button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (menu_button, "flat");
  /* Translators: the accessible name of a report's Review button, "Review the report of Mon 5 Oct 2026" */
  accessible = g_strdup_printf (_("Review the report of %s"), date);
  gtk_accessible_update_property (GTK_ACCESSIBLE (menu_button), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
  gtk_widget_set_tooltip_text (menu_button, _("Review: approve, mark as having issues, or reject this report on its server"));

  g_object_set_data (G_OBJECT (row), "review-popover", popover);
  g_object_set_data (G_OBJECT (row), "review-comment", comment);
  g_object_set_data (G_OBJECT (row), "review-error", error_label);

  return menu_button;
}

static GtkWidget *
create_report_row (gpointer item,
                   gpointer user_data)
{
  CmKitchenPage *self = user_data;
  CmReport *report = item;
  gint64 id = cm_report_get_id (report);
  g_autofree char *title = cm_text_format_date (cm_report_get_date (report), TRUE);
  g_autofree char *paid = cm_text_format_count (cm_report_get_rations_paid (report));
  g_autofree char *free_rations = cm_text_format_count (cm_report_get_rations_free (report));
  g_autofree char *fee = cm_text_format_money (cm_report_get_fee_cents (report));
  g_autofree char *spending = cm_text_format_money (cm_report_get_spending_cents (report));
  g_autofree char *subtitle = NULL;
  g_autofree char *submitted_day = NULL;
  g_autofree char *submitted_time = cm_text_format_time (cm_report_get_submitted_at (report), &submitted_day);
  GtkWidget *row, *suffix, *badge, *column;

  /* Translators: "230 paid, 20 free rations · fee $2,530.00 · spent $2,310.00" */
  subtitle = g_strdup_printf (_("%s paid, %s free rations · fee %s · spent %s"),
                              paid, free_rations, fee, spending);

  row = adw_action_row_new ();
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title ? title : cm_report_get_date (report));
  g_object_set_data_full (G_OBJECT (row), "report", g_object_ref (report), g_object_unref);
  g_object_set_data_full (G_OBJECT (row), "figures", g_steal_pointer (&subtitle), g_free);
  g_object_set_data (G_OBJECT (row), "pending",
                     GINT_TO_POINTER (self->pending != NULL && g_hash_table_contains (self->pending, &id)));

  /* The review state above the time it was sent, to leave the figures room. */
  column = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  gtk_widget_set_valign (column, GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), column);

  badge = gtk_label_new (NULL);
  gtk_widget_set_halign (badge, GTK_ALIGN_END);
  gtk_widget_add_css_class (badge, "review-badge");
  g_object_set_data (G_OBJECT (row), "review-badge", badge);
  gtk_box_append (GTK_BOX (column), badge);

  if (submitted_time != NULL)
    {
      g_autofree char *text = NULL;
      gboolean late = g_strcmp0 (submitted_day, cm_report_get_date (report)) > 0;

      if (late)
        {
          g_autofree char *day = cm_text_format_date (submitted_day, FALSE);
          /* Translators: a report sent after its day: "Sent 05/03/2026 09:12" */
          text = g_strdup_printf (_("Sent %s %s"), day, submitted_time);
        }
      else
        /* Translators: a report sent on its day: "Sent 17:42" */
        text = g_strdup_printf (_("Sent %s"), submitted_time);

      suffix = gtk_label_new (text);
      gtk_widget_add_css_class (suffix, late ? "warning" : "dim-label");
      gtk_widget_add_css_class (suffix, "numeric");
      if (late)
        gtk_widget_set_tooltip_text (suffix, _("Sent after the day it reports"));
      gtk_widget_set_halign (suffix, GTK_ALIGN_END);
      gtk_box_append (GTK_BOX (column), suffix);
    }

  if (cm_report_get_source_id (report) != 0)
    adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                               review_menu_button (self, row, title ? title : cm_report_get_date (report)));

  show_review_state (row);

  return row;
}

static void
record_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  CmDb *db = source_object;
  RecordLoad *load = g_new0 (RecordLoad, 1);
  GError *error = NULL;

  const RecordQuery *query = task_data;

  load->canteen_id = query->canteen_id;
  /* Without boundaries, or when one cannot be read, nothing is said. */
  load->place = cm_boundaries_place_kitchen (db, query->alcaldia_code, query->latitude, query->longitude,
                                             &load->found_code, NULL);
  load->committee = cm_committee_member_list_for_canteen (db, load->canteen_id, &error);
  if (load->committee != NULL)
    load->reports = cm_report_list_latest (db, load->canteen_id, N_LATEST_REPORTS, &error);
  if (load->reports != NULL)
    {
      g_autoptr(GListModel) pending = cm_outbox_list_pending (db, &error);

      if (pending != NULL)
        {
          guint n = g_list_model_get_n_items (pending);

          load->pending = id_set_new ();
          for (guint i = 0; i < n; i++)
            {
              g_autoptr(CmOutboxItem) item = g_list_model_get_item (pending, i);
              id_set_add (load->pending, cm_outbox_item_get_report_id (item));
            }
        }
    }

  if (error != NULL)
    {
      record_load_free (load);
      g_task_return_error (task, error);
      return;
    }

  g_task_return_pointer (task, load, (GDestroyNotify) record_load_free);
}

/* A registered point outside the kitchen's own alcaldía: a wrong point or a
 * wrong alcaldía, either way one to check before a visit. */
static void
show_place (CmKitchenPage *self,
            CmPlace        place,
            const char    *found_code)
{
  const CmAlcaldiaInfo *found = found_code != NULL ? cm_alcaldias_find_by_code (found_code) : NULL;
  g_autofree char *text = NULL;

  if (place == CM_PLACE_OUTSIDE && found != NULL)
    /* Translators: the kitchen's alcaldía, then the one its point falls in */
    text = g_strdup_printf (_("Its registered point lies outside %s, in %s."),
                            cm_canteen_get_alcaldia_name (self->canteen), found->name);
  else if (place == CM_PLACE_OUTSIDE)
    text = g_strdup_printf (_("Its registered point lies outside %s and outside the city."),
                            cm_canteen_get_alcaldia_name (self->canteen));

  gtk_label_set_label (self->place_warning_label, text ? text : "");
  gtk_widget_set_visible (self->place_warning, text != NULL);
}

static void
record_loaded_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(CmKitchenPage) self = user_data;
  g_autoptr(GError) error = NULL;
  RecordLoad *load;
  guint active = 0, n;

  load = g_task_propagate_pointer (G_TASK (result), &error);
  if (load == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Could not load the kitchen's record: %s", error->message);
      return;
    }

  /* A slower load for a kitchen no longer shown is dropped. */
  if (self->canteen == NULL || load->canteen_id != cm_canteen_get_id (self->canteen))
    {
      record_load_free (load);
      return;
    }

  g_set_object (&self->committee, load->committee);
  g_set_object (&self->reports, load->reports);
  show_place (self, load->place, load->found_code);
  g_clear_pointer (&self->pending, g_hash_table_unref);
  self->pending = g_steal_pointer (&load->pending);
  record_load_free (load);

  gtk_list_box_bind_model (self->committee_list, self->committee, create_committee_row, self, NULL);
  gtk_list_box_bind_model (self->reports_list, self->reports, create_report_row, self, NULL);

  n = g_list_model_get_n_items (self->committee);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CmCommitteeMember) member = g_list_model_get_item (self->committee, i);
      active += cm_committee_member_is_active (member);
    }

  {
    g_autofree char *description =
      g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u active member", "%u active members", active),
                       active);
    adw_preferences_group_set_description (self->committee_group, description);
  }
}

static void
show_identity (CmKitchenPage *self)
{
  CmCanteen *c = self->canteen;
  g_autofree char *address = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *capacity = NULL;
  g_autofree char *opened = NULL;
  g_autofree char *location = NULL;
  const char *status = cm_canteen_get_status (c);

  gtk_label_set_label (self->folio_label, cm_canteen_get_folio (c));
  gtk_label_set_label (self->name_label, cm_canteen_get_name (c));
  gtk_label_set_label (self->status_label, cm_canteen_get_status_label (c));
  gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "active");
  gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "suspended");
  gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "closed");
  gtk_widget_add_css_class (GTK_WIDGET (self->status_label), status);

  /* Translators: "Community kitchen · Iztapalapa" */
  summary = g_strdup_printf (_("%s kitchen · %s"),
                             cm_canteen_get_modality_label (c),
                             cm_canteen_get_alcaldia_name (c));
  gtk_label_set_label (self->summary_label, summary);

  /* Translators: street address, colonia, alcaldía */
  address = g_strdup_printf (_("%s, Col. %s, %s"),
                             cm_canteen_get_address (c),
                             cm_canteen_get_colonia (c),
                             cm_canteen_get_alcaldia_name (c));
  adw_action_row_set_subtitle (self->address_row, address);
  adw_action_row_set_subtitle (self->schedule_row,
                               *cm_canteen_get_schedule (c) ? cm_canteen_get_schedule (c) : _("Not recorded"));

  if (cm_canteen_get_capacity (c) >= 0)
    {
      g_autofree char *n = cm_text_format_count (cm_canteen_get_capacity (c));
      capacity = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s ration a day", "%s rations a day",
                                               (gulong) cm_canteen_get_capacity (c)), n);
    }
  adw_action_row_set_subtitle (self->capacity_row, capacity ? capacity : _("Not recorded"));

  opened = cm_text_format_date (cm_canteen_get_opened_on (c), FALSE);
  adw_action_row_set_subtitle (self->opened_row, opened ? opened : _("Not recorded"));
  adw_action_row_set_subtitle (self->tablet_row,
                               cm_canteen_get_tablet_id (c) ? cm_canteen_get_tablet_id (c) : _("None registered"));

  {
    g_autofree char *problems = cm_canteen_dup_committee_problems (c);

    gtk_label_set_label (self->committee_warning_label, problems ? problems : "");
    gtk_widget_set_visible (self->committee_warning, problems != NULL);
  }

  if (!isnan (cm_canteen_get_latitude (c)) && !isnan (cm_canteen_get_longitude (c)))
    location = g_strdup_printf ("%.5f, %.5f", cm_canteen_get_latitude (c), cm_canteen_get_longitude (c));
  adw_action_row_set_subtitle (self->location_row, location ? location : _("Not recorded"));
}

static void
cm_kitchen_page_dispose (GObject *object)
{
  CmKitchenPage *self = CM_KITCHEN_PAGE (object);
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), CM_TYPE_KITCHEN_PAGE);
  /* The template's root has no id, so dispose_template leaves it. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))))
    gtk_widget_unparent (child);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->committee);
  g_clear_object (&self->reports);
  g_clear_pointer (&self->pending, g_hash_table_unref);
  g_clear_object (&self->canteen);
  g_clear_object (&self->db);

  G_OBJECT_CLASS (cm_kitchen_page_parent_class)->dispose (object);
}

/* A status decision changes what the list shows of the kitchen. */
static void
decisions_changed_cb (CmKitchenPage *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "win.reload", NULL);
}

/* A review can open findings and its items can be answered "no": the
 * Compliance section reads them again. */
static void
reviews_changed_cb (CmKitchenPage *self)
{
  if (self->canteen != NULL && self->checks != NULL)
    cm_kitchen_checks_show (self->checks, self->canteen);
}

static void
ensure_checks (CmKitchenPage *self)
{
  if (self->checks != NULL)
    return;
  self->checks = g_object_new (CM_TYPE_KITCHEN_CHECKS, NULL);
  adw_bin_set_child (self->checks_bin, GTK_WIDGET (self->checks));
  cm_kitchen_checks_set_db (self->checks, self->db);
  if (self->canteen != NULL)
    cm_kitchen_checks_show (self->checks, self->canteen);
}

static void
ensure_reviews (CmKitchenPage *self)
{
  if (self->reviews != NULL)
    return;
  self->reviews = g_object_new (CM_TYPE_KITCHEN_REVIEWS, NULL);
  g_signal_connect_object (self->reviews, "changed", G_CALLBACK (reviews_changed_cb), self,
                           G_CONNECT_SWAPPED);
  adw_bin_set_child (self->reviews_bin, GTK_WIDGET (self->reviews));
  cm_kitchen_reviews_set_db (self->reviews, self->db);
  if (self->canteen != NULL)
    cm_kitchen_reviews_show (self->reviews, self->canteen);
}

static void
ensure_decisions (CmKitchenPage *self)
{
  if (self->decisions != NULL)
    return;
  self->decisions = g_object_new (CM_TYPE_KITCHEN_DECISIONS, NULL);
  g_signal_connect_object (self->decisions, "changed", G_CALLBACK (decisions_changed_cb), self,
                           G_CONNECT_SWAPPED);
  adw_bin_set_child (self->decisions_bin, GTK_WIDGET (self->decisions));
  cm_kitchen_decisions_set_db (self->decisions, self->db);
  if (self->canteen != NULL)
    cm_kitchen_decisions_show (self->decisions, self->canteen);
}

static void
section_changed_cb (AdwViewStack  *sections,
                    GParamSpec    *pspec,
                    CmKitchenPage *self)
{
  const char *name = adw_view_stack_get_visible_child_name (sections);

  if (g_strcmp0 (name, "compliance") == 0)
    ensure_checks (self);
  else if (g_strcmp0 (name, "visits") == 0)
    ensure_reviews (self);
  else if (g_strcmp0 (name, "decisions") == 0)
    ensure_decisions (self);
}

static void
edit_record_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  cm_kitchen_page_edit_record (CM_KITCHEN_PAGE (widget));
}

static void
add_member_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  CmKitchenPage *self = CM_KITCHEN_PAGE (widget);

  if (self->db != NULL && self->canteen != NULL)
    cm_kitchen_committee_add_member (widget, self->db, self->canteen);
}

static void
cm_kitchen_page_class_init (CmKitchenPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cm_kitchen_page_dispose;

  g_type_ensure (CM_TYPE_REPORT_CALENDAR);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/cm-kitchen-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CmKitchenPage, folio_label);
  gtk_widget_class_bind_template_child (widget_class, CmKitchenPage, status_label);
  gtk_widget_class_bind_template_child (widget_class, CmKitchenPage, name_label);
  gtk_widget_class_bind_template_child (widget_class, CmKitchenPage, summary_label);
  gtk_widget_class_bind_template_child (widget_class, CmKitchenPage, address_row);
  gtk_widget_class_bind_template_child (widget_class, CmKitchenPage, schedule_row);
  gtk_widget_class_bind_template_child (widget_class, CmKitchenPage, capacity_row);
  gtk_widget_class_bind_template_child (widget_class, CmKitchenPage, opened_row);
  gtk_widget_class_bind_template_child (widget_class, CmKitchenPage, tablet_row);
  gtk_widget_class_bind_template_child (widget_class, CmKitchenPage, location_row);
  gtk_widget_class_bind_template_child (widget_class, CmKitchenPage, committee_warning);
  gtk_widget_class_bind_template_child (widget_class, CmKitchenPage, committee_warning_label);
  gtk_widget_class_bind_template_child (widget_class, CmKitchenPage, place_warning);
  gtk_widget_class_bind_template_child (widget_class, CmKitchenPage, place_warning_label);
  gtk_widget_class_bind_template_child (widget_class, CmKitchenPage, committee_group);
  gtk_widget_class_bind_template_child (widget_class, CmKitchenPage, committee_list);
  gtk_widget_class_bind_template_child (widget_class, CmKitchenPage, calendar);
  gtk_widget_class_bind_template_child (widget_class, CmKitchenPage, reports_list);
  gtk_widget_class_bind_template_child (widget_class, CmKitchenPage, sections);
  gtk_widget_class_bind_template_child (widget_class, CmKitchenPage, decisions_bin);
  gtk_widget_class_bind_template_child (widget_class, CmKitchenPage, reviews_bin);
  gtk_widget_class_bind_template_child (widget_class, CmKitchenPage, checks_bin);

  gtk_widget_class_install_action (widget_class, "kitchen.edit-record", NULL, edit_record_action);
  gtk_widget_class_install_action (widget_class, "kitchen.add-member", NULL, add_member_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "kitchenpage");
}

static void
cm_kitchen_page_init (CmKitchenPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_list_box_set_placeholder (self->committee_list, empty_row (_("No committee members recorded")));
  gtk_list_box_set_placeholder (self->reports_list, empty_row (_("No reports received yet")));
  g_signal_connect_object (self->sections, "notify::visible-child-name",
                           G_CALLBACK (section_changed_cb), self, 0);
}

void
cm_kitchen_page_set_db (CmKitchenPage *self,
                        CmDb          *db)
{
  g_return_if_fail (CM_IS_KITCHEN_PAGE (self));

  g_set_object (&self->db, db);
  if (self->decisions != NULL)
    cm_kitchen_decisions_set_db (self->decisions, db);
  if (self->reviews != NULL)
    cm_kitchen_reviews_set_db (self->reviews, db);
  if (self->checks != NULL)
    cm_kitchen_checks_set_db (self->checks, db);
}

/**
 * cm_kitchen_page_set_canteen:
 * @self: the page
 * @canteen: the kitchen to show
 *
 * Shows what the list row knows at once, and loads the committee, the
 * calendar and the latest reports in the background.
 */
void
cm_kitchen_page_set_canteen (CmKitchenPage *self,
                             CmCanteen     *canteen)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (CM_IS_KITCHEN_PAGE (self));
  g_return_if_fail (CM_IS_CANTEEN (canteen));

  if (!g_set_object (&self->canteen, canteen))
    return;

  show_identity (self);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  cm_report_calendar_show (self->calendar, self->db, canteen);
  if (self->decisions != NULL)
    cm_kitchen_decisions_show (self->decisions, canteen);
  if (self->reviews != NULL)
    cm_kitchen_reviews_show (self->reviews, canteen);
  if (self->checks != NULL)
    cm_kitchen_checks_show (self->checks, canteen);

  if (self->db == NULL)
    return;

  task = g_task_new (self->db, self->cancellable, record_loaded_cb, g_object_ref (self));
  g_task_set_source_tag (task, cm_kitchen_page_set_canteen);
  {
    RecordQuery *query = g_new0 (RecordQuery, 1);

    query->canteen_id = cm_canteen_get_id (canteen);
    query->alcaldia_code = g_strdup (cm_canteen_get_alcaldia_code (canteen));
    query->latitude = cm_canteen_get_latitude (canteen);
    query->longitude = cm_canteen_get_longitude (canteen);
    g_task_set_task_data (task, query, (GDestroyNotify) record_query_free);
  }
  g_task_run_in_thread (task, record_thread);
}

CmCanteen *
cm_kitchen_page_get_canteen (CmKitchenPage *self)
{
  g_return_val_if_fail (CM_IS_KITCHEN_PAGE (self), NULL);
  return self->canteen;
}

/* What a person reads as the page's folio. */
const char *
cm_kitchen_page_get_shown_folio (CmKitchenPage *self)
{
  g_return_val_if_fail (CM_IS_KITCHEN_PAGE (self), NULL);
  return gtk_label_get_label (self->folio_label);
}

guint
cm_kitchen_page_get_n_committee (CmKitchenPage *self)
{
  g_return_val_if_fail (CM_IS_KITCHEN_PAGE (self), 0);
  return self->committee ? g_list_model_get_n_items (self->committee) : 0;
}

guint
cm_kitchen_page_get_n_reports (CmKitchenPage *self)
{
  g_return_val_if_fail (CM_IS_KITCHEN_PAGE (self), 0);
  return self->reports ? g_list_model_get_n_items (self->reports) : 0;
}

/**
 * cm_kitchen_page_review_report:
 * @self: the page
 * @position: a row of the latest reports
 * @state: the verdict
 * @comment: (nullable): a comment for the server
 *
 * Does what the row's Review buttons do: queues the review, to be sent at
 * the next sync, and shows it as pending.
 *
 * Returns: %FALSE when the row has no Review button
 */
gboolean
cm_kitchen_page_review_report (CmKitchenPage *self,
                               guint          position,
                               CmReviewState  state,
                               const char    *comment)
{
  GtkListBoxRow *row;

  g_return_val_if_fail (CM_IS_KITCHEN_PAGE (self), FALSE);

  row = gtk_list_box_get_row_at_index (self->reports_list, (int) position);
  if (row == NULL || g_object_get_data (G_OBJECT (row), "review-popover") == NULL)
    return FALSE;

  queue_review (self, GTK_WIDGET (row), state, comment);
  return TRUE;
}

/* Whether the row at @position has a Review button: its report came from
 * an account. */
gboolean
cm_kitchen_page_can_review_report (CmKitchenPage *self,
                                   guint          position)
{
  GtkListBoxRow *row;

  g_return_val_if_fail (CM_IS_KITCHEN_PAGE (self), FALSE);

  row = gtk_list_box_get_row_at_index (self->reports_list, (int) position);
  return row != NULL && g_object_get_data (G_OBJECT (row), "review-popover") != NULL;
}

/* Whether the row at @position shows a review waiting to be sent. */
gboolean
cm_kitchen_page_get_report_pending (CmKitchenPage *self,
                                    guint          position)
{
  GtkListBoxRow *row;

  g_return_val_if_fail (CM_IS_KITCHEN_PAGE (self), FALSE);

  row = gtk_list_box_get_row_at_index (self->reports_list, (int) position);
  return row != NULL && GPOINTER_TO_INT (g_object_get_data (G_OBJECT (row), "pending"));
}

CmKitchenChecks *
cm_kitchen_page_get_checks (CmKitchenPage *self)
{
  g_return_val_if_fail (CM_IS_KITCHEN_PAGE (self), NULL);
  ensure_checks (self);
  return self->checks;
}

CmKitchenReviews *
cm_kitchen_page_get_reviews (CmKitchenPage *self)
{
  g_return_val_if_fail (CM_IS_KITCHEN_PAGE (self), NULL);
  ensure_reviews (self);
  return self->reviews;
}

CmKitchenDecisions *
cm_kitchen_page_get_decisions (CmKitchenPage *self)
{
  g_return_val_if_fail (CM_IS_KITCHEN_PAGE (self), NULL);
  ensure_decisions (self);
  return self->decisions;
}

/* Shows one of the page's sections: "record", "compliance", "visits" or
 * "decisions". */
void
cm_kitchen_page_show_section (CmKitchenPage *self,
                              const char    *name)
{
  g_return_if_fail (CM_IS_KITCHEN_PAGE (self));
  adw_view_stack_set_visible_child_name (self->sections, name);
}

/**
 * cm_kitchen_page_edit_record:
 * @self: the page
 *
 * Opens the editor of the kitchen's record, as its Edit button does.
 *
 * Returns: (transfer none) (nullable): the editor
 */
CmCanteenEditor *
cm_kitchen_page_edit_record (CmKitchenPage *self)
{
  CmCanteenEditor *editor;
  GtkRoot *root;

  g_return_val_if_fail (CM_IS_KITCHEN_PAGE (self), NULL);

  if (self->db == NULL || self->canteen == NULL)
    return NULL;

  root = gtk_widget_get_root (GTK_WIDGET (self));
  editor = cm_canteen_editor_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, self->db, self->canteen);
  gtk_window_present (GTK_WINDOW (editor));
  return editor;
}

/* The committee problems shown at the top of the record, or NULL. */
/* The warning about the kitchen's point and its alcaldía, or NULL; for the
 * tests. */
const char *
cm_kitchen_page_get_place_warning (CmKitchenPage *self)
{
  g_return_val_if_fail (CM_IS_KITCHEN_PAGE (self), NULL);
  return gtk_widget_get_visible (self->place_warning)
         ? gtk_label_get_label (self->place_warning_label) : NULL;
}

const char *
cm_kitchen_page_get_committee_warning (CmKitchenPage *self)
{
  g_return_val_if_fail (CM_IS_KITCHEN_PAGE (self), NULL);
  return gtk_widget_get_visible (self->committee_warning)
         ? gtk_label_get_label (self->committee_warning_label) : NULL;
}

/**
 * cm_kitchen_page_end_membership:
 * @self: the page
 * @position: a row of the committee
 *
 * Does what the row's End Membership button does.
 *
 * Returns: (transfer none) (nullable): the dialog, or %NULL when the row
 *   has no such button (a former member)
 */
AdwMessageDialog *
cm_kitchen_page_end_membership (CmKitchenPage *self,
                                guint          position)
{
  GtkListBoxRow *row;
  GtkWidget *button;

  g_return_val_if_fail (CM_IS_KITCHEN_PAGE (self), NULL);

  row = gtk_list_box_get_row_at_index (self->committee_list, (int) position);
  if (row == NULL || !(button = g_object_get_data (G_OBJECT (row), "end-button")))
    return NULL;

  return cm_kitchen_committee_end_membership (GTK_WIDGET (self), self->db,
                                              g_object_get_data (G_OBJECT (button), "member"));
}

/* The office switch of the committee row at @position, or NULL for a
 * former member. */
GtkSwitch *
cm_kitchen_page_get_office_switch (CmKitchenPage *self,
                                   guint          position)
{
  GtkListBoxRow *row;

  g_return_val_if_fail (CM_IS_KITCHEN_PAGE (self), NULL);

  row = gtk_list_box_get_row_at_index (self->committee_list, (int) position);
  return row != NULL ? g_object_get_data (G_OBJECT (row), "office-switch") : NULL;
}
