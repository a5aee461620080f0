/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "cm-kitchen-reviews"

#include "config.h"

#include <glib/gi18n.h>

#include "cm-application.h"
#include "cm-kitchen-reviews.h"
#include "cm-review.h"
#include "cm-text.h"
#include "cm-visit-editor.h"

/* A kitchen's visits, newest first, and the way into the visit editor. */

struct _CmKitchenReviews
{
  GtkWidget      parent_instance;

  GtkListBox    *reviews_list;

  CmDb          *db;
  CmCanteen     *canteen;
  GCancellable  *cancellable;
  GListModel    *reviews;
  CmVisitEditor *editor;     /* the one open, weak */
};

G_DEFINE_FINAL_TYPE (CmKitchenReviews, cm_kitchen_reviews, GTK_TYPE_WIDGET)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void reload (CmKitchenReviews *self);

static GtkWidget *
create_review_row (gpointer item,
                   gpointer user_data)
{
  CmReview *review = item;
  g_autofree char *date = cm_text_format_date (cm_review_get_visit_date (review), FALSE);
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *state = NULL;
  GtkWidget *row, *arrow;

  if (cm_review_has_score (review))
    /* Translators: "3 Nov 2026 · Complies with remarks (82.5)" */
    title = g_strdup_printf (_("%s · %s (%.1f)"), date,
                             cm_review_verdict_get_label (cm_review_get_verdict (review)),
                             cm_review_get_score (review));
  else
    /* Translators: "3 Nov 2026 · not answered yet" */
    title = g_strdup_printf (_("%s · not answered yet"), date);

  if (cm_review_is_signed (review))
    state = g_strdup_printf (_("signed by %s"), cm_review_get_signed_by (review));
  else
    state = g_strdup (_("draft"));

  /* Translators: "Visited by Ana Ruiz · signed by Luis Pérez" */
  subtitle = g_strdup_printf (_("Visited by %s · %s"), cm_review_get_visitor (review), state);
  if (cm_review_get_corrects_id (review) != 0)
    {
      g_autofree char *more = g_strconcat (subtitle, " · ", _("corrects an earlier visit"), NULL);
      g_free (subtitle);
      subtitle = g_steal_pointer (&more);
    }
  if (cm_review_get_corrected_by_id (review) != 0)
    {
      g_autofree char *more = g_strconcat (subtitle, " · ", _("corrected by a later visit"), NULL);
      g_free (subtitle);
      subtitle = g_steal_pointer (&more);
    }

  row = adw_action_row_new ();
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  g_object_set_data (G_OBJECT (row), "review-id", GSIZE_TO_POINTER ((gsize) cm_review_get_id (review)));

  arrow = gtk_image_new_from_icon_name ("go-next-symbolic");
  gtk_accessible_update_property (GTK_ACCESSIBLE (arrow), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Open"), -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), arrow);

  return row;
}

static void
list_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GError *error = NULL;
  GListModel *reviews = cm_review_list (source_object, *(gint64 *) task_data, &error);

  if (reviews == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, reviews, g_object_unref);
}

static void
listed_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(CmKitchenReviews) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) reviews = g_task_propagate_pointer (G_TASK (result), &error);

  if (reviews == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Could not load the kitchen's visits: %s", error->message);
      return;
    }

  g_set_object (&self->reviews, reviews);
  gtk_list_box_bind_model (self->reviews_list, self->reviews, create_review_row, NULL, NULL);
}

static void
reload (CmKitchenReviews *self)
{
  g_autoptr(GTask) task = NULL;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  if (self->db == NULL || self->canteen == NULL)
    return;

  task = g_task_new (self->db, self->cancellable, listed_cb, g_object_ref (self));
  g_task_set_source_tag (task, reload);
  g_task_set_task_data (task, g_memdup2 (&(gint64) { cm_canteen_get_id (self->canteen) }, sizeof (gint64)), g_free);
  g_task_run_in_thread (task, list_thread);
}

/* --- opening the editor ------------------------------------------------- */

static void
editor_changed_cb (CmKitchenReviews *self)
{
  reload (self);
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
open_editor (CmKitchenReviews *self,
             CmReview         *review)
{
  g_autofree char *kitchen = NULL;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (self->editor != NULL)
    gtk_window_destroy (GTK_WINDOW (self->editor));

  /* Translators: the visit editor's title: "Visit to CC005 · Comedor Sazón de Mamá" */
  kitchen = g_strdup_printf (_("Visit to %s · %s"), cm_canteen_get_folio (self->canteen),
                             cm_canteen_get_name (self->canteen));
  self->editor = cm_visit_editor_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, self->db, review, kitchen);
  g_object_add_weak_pointer (G_OBJECT (self->editor), (gpointer *) &self->editor);
  g_signal_connect_object (self->editor, "changed", G_CALLBACK (editor_changed_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (self->editor));
}

typedef struct
{
  gint64  review_id;      /* load this one, or else create: */
  gint64  canteen_id;
  GDate   visit_date;
  char   *visitor;
  char   *actor;
} ReviewJob;

static void
review_job_free (ReviewJob *job)
{
  g_free (job->visitor);
  g_free (job->actor);
  g_free (job);
}

static void
review_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ReviewJob *job = task_data;
  GError *error = NULL;
  CmReview *review;

  if (job->review_id != 0)
    review = cm_review_load (source_object, job->review_id, &error);
  else
    review = cm_review_create (source_object, job->canteen_id, &job->visit_date, job->visitor, job->actor, &error);

  if (review == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, review, g_object_unref);
}

static void
review_ready_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(CmKitchenReviews) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(CmReview) review = g_task_propagate_pointer (G_TASK (result), &error);
  ReviewJob *job = g_task_get_task_data (G_TASK (result));

  if (review == NULL)
    {
      GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
      GtkWidget *dialog;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                       job->review_id != 0 ? _("The Visit Could Not Be Opened")
                                                           : _("The Visit Could Not Be Started"),
                                       error->message);
      gtk_window_set_destroy_with_parent (GTK_WINDOW (dialog), TRUE);
      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
      gtk_window_present (GTK_WINDOW (dialog));
      return;
    }

  if (self->canteen == NULL || cm_review_get_canteen_id (review) != cm_canteen_get_id (self->canteen))
    return;

  if (job->review_id == 0)
    editor_changed_cb (self);
  open_editor (self, review);
}

static void
run_review_job (CmKitchenReviews *self,
                ReviewJob        *job)
{
  g_autoptr(GTask) task = g_task_new (self->db, self->cancellable, review_ready_cb, g_object_ref (self));

  g_task_set_source_tag (task, run_review_job);
  g_task_set_task_data (task, job, (GDestroyNotify) review_job_free);
  g_task_run_in_thread (task, review_thread);
}

static void
review_activated_cb (CmKitchenReviews *self,
                     GtkListBoxRow    *row)
{
  ReviewJob *job = g_new0 (ReviewJob, 1);

  job->review_id = (gint64) GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (row), "review-id"));
  run_review_job (self, job);
}

static void
new_visit_response_cb (AdwMessageDialog *dialog,
                       const char       *response,
                       CmKitchenReviews *self)
{
  GtkEditable *date_entry = g_object_get_data (G_OBJECT (dialog), "date");
  GtkEditable *visitor_entry = g_object_get_data (G_OBJECT (dialog), "visitor");
  GtkLabel *problem = g_object_get_data (G_OBJECT (dialog), "problem");
  ReviewJob *job;

  if (g_strcmp0 (response, "start") != 0 || self->canteen == NULL)
    return;

  job = g_new0 (ReviewJob, 1);
  job->canteen_id = cm_canteen_get_id (self->canteen);
  job->visitor = g_strstrip (g_strdup (gtk_editable_get_text (visitor_entry)));
  job->actor = cm_application_dup_actor ();
  if (!cm_text_parse_date (gtk_editable_get_text (date_entry), &job->visit_date))
    {
      /* The dialog stays open until the date reads right. */
      g_signal_stop_emission_by_name (dialog, "response::start");
      gtk_label_set_text (problem, _("Write the date as year-month-day, for example 2026-11-03."));
      gtk_widget_set_visible (GTK_WIDGET (problem), TRUE);
      review_job_free (job);
      return;
    }

  run_review_job (self, job);
}

static void
new_visit_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  CmKitchenReviews *self = CM_KITCHEN_REVIEWS (widget);
  g_autoptr(GDateTime) now = g_date_time_new_now (cm_text_programme_timezone ());
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *name = cm_application_dup_actor ();
  g_autofree char *heading = NULL;
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *dialog, *box, *date_entry, *visitor_entry, *problem;

  if (self->db == NULL || self->canteen == NULL)
    return;

  /* Translators: "New Visit to CC005" */
  heading = g_strdup_printf (_("New Visit to %s"), cm_canteen_get_folio (self->canteen));
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, heading,
                                   _("The checklist is the one of the rules in force on the day of the visit, "
                                     "beside the automatic results of the month before."));
  gtk_window_set_destroy_with_parent (GTK_WINDOW (dialog), TRUE);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  date_entry = gtk_entry_new ();
  gtk_editable_set_text (GTK_EDITABLE (date_entry), today);
  gtk_entry_set_placeholder_text (GTK_ENTRY (date_entry), _("YYYY-MM-DD"));
  gtk_entry_set_activates_default (GTK_ENTRY (date_entry), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (date_entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Day of the visit"), -1);
  gtk_box_append (GTK_BOX (box), gtk_label_new (_("Day of the visit")));
  gtk_box_append (GTK_BOX (box), date_entry);
  visitor_entry = gtk_entry_new ();
  gtk_editable_set_text (GTK_EDITABLE (visitor_entry), name);
  gtk_entry_set_activates_default (GTK_ENTRY (visitor_entry), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (visitor_entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Who visited"), -1);
  gtk_box_append (GTK_BOX (box), gtk_label_new (_("Who visited")));
  gtk_box_append (GTK_BOX (box), visitor_entry);
  problem = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (problem), TRUE);
  gtk_widget_add_css_class (problem, "error");
  gtk_widget_set_visible (problem, FALSE);
  gtk_box_append (GTK_BOX (box), problem);

  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "start", _("_Start"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "start", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "start");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data (G_OBJECT (dialog), "date", date_entry);
  g_object_set_data (G_OBJECT (dialog), "visitor", visitor_entry);
  g_object_set_data (G_OBJECT (dialog), "problem", problem);
  g_signal_connect_object (dialog, "response", G_CALLBACK (new_visit_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* --- the class ---------------------------------------------------------- */

static void
cm_kitchen_reviews_dispose (GObject *object)
{
  CmKitchenReviews *self = CM_KITCHEN_REVIEWS (object);
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->editor != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->editor), (gpointer *) &self->editor);
  self->editor = NULL;
  gtk_widget_dispose_template (GTK_WIDGET (self), CM_TYPE_KITCHEN_REVIEWS);
  /* The template's root has no id, so dispose_template leaves it. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->reviews);
  g_clear_object (&self->canteen);
  g_clear_object (&self->db);

  G_OBJECT_CLASS (cm_kitchen_reviews_parent_class)->dispose (object);
}

static void
cm_kitchen_reviews_class_init (CmKitchenReviewsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cm_kitchen_reviews_dispose;

  /**
   * CmKitchenReviews::changed:
   *
   * A visit was started, saved, signed or discarded.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/comedores/Comedores/ui/cm-kitchen-reviews.ui");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_bind_template_child (widget_class, CmKitchenReviews, reviews_list);
  gtk_widget_class_bind_template_callback (widget_class, review_activated_cb);
  gtk_widget_class_install_action (widget_class, "reviews.new-visit", NULL, new_visit_action);
}

static void
cm_kitchen_reviews_init (CmKitchenReviews *self)
{
  GtkWidget *placeholder;

  gtk_widget_init_template (GTK_WIDGET (self));

  placeholder = gtk_label_new (_("No visits recorded."));
  gtk_widget_set_margin_top (placeholder, 12);
  gtk_widget_set_margin_bottom (placeholder, 12);
  gtk_widget_add_css_class (placeholder, "dim-label");
  gtk_list_box_set_placeholder (self->reviews_list, placeholder);
}

void
cm_kitchen_reviews_set_db (CmKitchenReviews *self,
                           CmDb             *db)
{
  g_return_if_fail (CM_IS_KITCHEN_REVIEWS (self));
  g_set_object (&self->db, db);
}

void
cm_kitchen_reviews_show (CmKitchenReviews *self,
                         CmCanteen        *canteen)
{
  g_return_if_fail (CM_IS_KITCHEN_REVIEWS (self));
  g_return_if_fail (CM_IS_CANTEEN (canteen));

  g_set_object (&self->canteen, canteen);
  reload (self);
}

guint
cm_kitchen_reviews_get_n_reviews (CmKitchenReviews *self)
{
  g_return_val_if_fail (CM_IS_KITCHEN_REVIEWS (self), 0);
  return self->reviews ? g_list_model_get_n_items (self->reviews) : 0;
}

/* The editor open now, if any. */
CmVisitEditor *
cm_kitchen_reviews_get_editor (CmKitchenReviews *self)
{
  g_return_val_if_fail (CM_IS_KITCHEN_REVIEWS (self), NULL);
  return self->editor;
}
