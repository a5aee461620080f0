/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "cm-visit-editor"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "cm-application.h"
#include "cm-attachments.h"
#include "cm-checks.h"
#include "cm-review.h"
#include "cm-text.h"
#include "cm-visit-editor.h"

/* The checklist of a visit, answered item by item. Every answer is saved at
 * once, in a worker thread and in order, so a draft is never lost; the
 * score and the verdict follow each save. A signed review opens read-only,
 * with Correct to start the review that corrects it. */

struct _CmVisitEditor
{
  AdwWindow          parent_instance;

  AdwToastOverlay   *toast_overlay;
  AdwWindowTitle    *window_title;
  GtkButton         *sign_button;
  GtkButton         *correct_button;
  GtkButton         *discard_button;
  GtkBox            *checklist_box;
  AdwActionRow      *visit_row;
  AdwActionRow      *rulebook_row;
  AdwEntryRow       *notes_row;
  GtkLabel          *verdict_label;
  GtkLabel          *score_label;
  GtkLabel          *state_label;
  GtkListBox        *automatic_list;

  CmDb              *db;
  CmReview          *review;       /* touched by one worker at a time, and read between */
  char              *kitchen;      /* "CC005 · Comedor …" */
  GHashTable        *items;        /* rule code → ItemWidgets */
  GPtrArray         *groups;       /* the checklist's groups, to rebuild */
  GQueue             ops;
  gboolean           busy;
  GCancellable      *cancellable;
};

G_DEFINE_FINAL_TYPE (CmVisitEditor, cm_visit_editor, ADW_TYPE_WINDOW)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef struct
{
  CmVisitEditor  *self;      /* unowned */
  char           *code;
  AdwExpanderRow *row;
  GtkToggleButton *toggles[3]; /* yes, no, not applicable */
  AdwEntryRow    *note_row;
  AdwActionRow   *photos_row;
  gboolean        updating;
} ItemWidgets;

static void
item_widgets_free (ItemWidgets *item)
{
  g_free (item->code);
  g_free (item);
}

typedef enum
{
  OP_ANSWER,
  OP_NOTES,
  OP_ADD_PHOTO,
  OP_SIGN,
  OP_CORRECT,
  OP_DISCARD,
} OpKind;

typedef struct
{
  OpKind          kind;
  char           *code;
  CmReviewAnswer  answer;
  char           *text;       /* the note, the notes, or the supervisor's name */
  GFile          *file;
  char           *folder;
  char           *actor;
  CmReview       *review;     /* the review it applies to */
  CmReview       *result;     /* a correction's new draft */
} Op;

static void
op_free (Op *op)
{
  g_free (op->code);
  g_free (op->text);
  g_clear_object (&op->file);
  g_free (op->folder);
  g_free (op->actor);
  g_clear_object (&op->review);
  g_clear_object (&op->result);
  g_free (op);
}

static void rebuild (CmVisitEditor *self);
static void run_next (CmVisitEditor *self);

static void
toast (CmVisitEditor *self,
       const char    *text)
{
  AdwToast *toast = adw_toast_new (text);

  adw_toast_set_timeout (toast, 8);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/* --- the summary -------------------------------------------------------- */

static const char *
outcome_icon (const char *outcome)
{
  if (g_strcmp0 (outcome, "pass") == 0)
    return "emblem-ok-symbolic";
  if (g_strcmp0 (outcome, "fail") == 0)
    return "dialog-error-symbolic";
  return "action-unavailable-symbolic";
}

/* The period's automatic results, one row per rule: failed in any month is
 * failed, and the failures add up. */
static void
show_automatic (CmVisitEditor *self)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GHashTable) worst = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GHashTable) failures = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) codes = g_ptr_array_new_with_free_func (g_free);
  CmRulebook *rulebook = cm_review_get_rulebook (self->review);
  const char *json = cm_review_get_automatic (self->review);
  GtkWidget *child;
  GDate visit;
  JsonNode *root;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->automatic_list))) != NULL)
    gtk_list_box_remove (self->automatic_list, child);

  g_date_clear (&visit, 1);
  cm_text_parse_date (cm_review_get_visit_date (self->review), &visit);

  if (json == NULL || !json_parser_load_from_data (parser, json, -1, NULL) ||
      (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_ARRAY (root))
    return;

  for (guint i = 0; i < json_array_get_length (json_node_get_array (root)); i++)
    {
      JsonObject *result = json_array_get_object_element (json_node_get_array (root), i);
      const char *code, *outcome, *before;

      if (result == NULL || !json_object_has_member (result, "rule_code"))
        continue;
      code = json_object_get_string_member (result, "rule_code");
      outcome = json_object_get_string_member_with_default (result, "outcome", "not_applicable");
      before = g_hash_table_lookup (worst, code);
      if (before == NULL)
        g_ptr_array_add (codes, g_strdup (code));
      if (before == NULL || g_str_equal (outcome, "fail") ||
          (g_str_equal (outcome, "pass") && !g_str_equal (before, "fail")))
        g_hash_table_insert (worst, g_strdup (code), g_strdup (outcome));
      g_hash_table_insert (failures, g_strdup (code),
                           GSIZE_TO_POINTER (GPOINTER_TO_SIZE (g_hash_table_lookup (failures, code)) +
                                             (gsize) json_object_get_int_member_with_default (result, "failures", 0)));
    }

  for (guint i = 0; i < codes->len; i++)
    {
      const char *code = g_ptr_array_index (codes, i);
      const char *outcome = g_hash_table_lookup (worst, code);
      gsize n = GPOINTER_TO_SIZE (g_hash_table_lookup (failures, code));
      CmRule *rule = rulebook ? cm_rulebook_lookup (rulebook, code, &visit) : NULL;
      g_autofree char *title = NULL;
      g_autofree char *subtitle = NULL;
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *icon = gtk_image_new_from_icon_name (outcome_icon (outcome));
      CmCheckOutcome parsed = CM_CHECK_OUTCOME_NOT_APPLICABLE;

      cm_check_outcome_from_string (outcome, &parsed);
      /* Translators: a rule's code and title: "INF-01 · Daily report" */
      title = g_strdup_printf (_("%s · %s"), code, rule ? cm_rule_get_title (rule) : code);
      if (g_str_equal (outcome, "fail"))
        /* Translators: "Does not comply: 3 failures" (days, reports or members) */
        subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s: %zu failure", "%s: %zu failures", n),
                                    cm_check_outcome_get_label (parsed), n);
      else
        subtitle = g_strdup (cm_check_outcome_get_label (parsed));

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      cm_check_outcome_get_label (parsed), -1);
      gtk_widget_add_css_class (icon, g_str_equal (outcome, "fail") ? "error" :
                                      g_str_equal (outcome, "pass") ? "success" : "dim-label");
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
      gtk_list_box_append (self->automatic_list, row);
    }

  if (codes->len == 0)
    {
      GtkWidget *label = gtk_label_new (_("No automatic results for this period yet."));

      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_widget_add_css_class (label, "dim-label");
      gtk_widget_set_margin_top (label, 12);
      gtk_widget_set_margin_bottom (label, 12);
      gtk_list_box_append (self->automatic_list, label);
    }
}

static void
show_summary (CmVisitEditor *self)
{
  CmReview *review = self->review;
  GListModel *items = cm_review_get_items (review);
  guint n_items = g_list_model_get_n_items (items);
  guint answered = cm_review_get_n_answered (review);
  g_autofree char *score = NULL;
  g_autofree char *state = NULL;
  g_autofree char *visit = cm_text_format_date (cm_review_get_visit_date (review), TRUE);
  g_autofree char *subtitle = NULL;
  gboolean is_signed = cm_review_is_signed (review);

  gtk_label_set_label (self->verdict_label, cm_review_has_score (review)
                                            ? cm_review_verdict_get_label (cm_review_get_verdict (review))
                                            : _("Not answered yet"));
  gtk_widget_remove_css_class (GTK_WIDGET (self->verdict_label), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->verdict_label), "warning");
  gtk_widget_remove_css_class (GTK_WIDGET (self->verdict_label), "success");
  switch (cm_review_get_verdict (review))
    {
    case CM_REVIEW_VERDICT_NO_CUMPLE:
      gtk_widget_add_css_class (GTK_WIDGET (self->verdict_label), "error");
      break;
    case CM_REVIEW_VERDICT_CUMPLE_CON_OBSERVACIONES:
      gtk_widget_add_css_class (GTK_WIDGET (self->verdict_label), "warning");
      break;
    case CM_REVIEW_VERDICT_CUMPLE:
      gtk_widget_add_css_class (GTK_WIDGET (self->verdict_label), "success");
      break;
    case CM_REVIEW_VERDICT_NONE:
    default:
      break;
    }

  /* Translators: "Score 82.5 of 100 · 14 of 17 items answered" */
  score = g_strdup_printf (_("Score %.1f of 100 · %u of %u items answered"),
                           cm_review_has_score (review) ? cm_review_get_score (review) : 0.0,
                           answered, n_items);
  gtk_label_set_label (self->score_label, score);

  if (is_signed)
    {
      g_autofree char *day = NULL;
      g_autofree char *time = cm_text_format_time (cm_review_get_signed_at (review), &day);

      /* Translators: "Signed by Ana Ruiz on 3 Nov 2026 at 14:05: it can no longer change." */
      state = g_strdup_printf (_("Signed by %s on %s at %s: it can no longer change."),
                               cm_review_get_signed_by (review), day ? day : "", time ? time : "");
    }
  else if (self->busy)
    state = g_strdup (_("Saving…"));
  else
    state = g_strdup (_("Draft: every answer is saved as you go."));
  if (cm_review_get_corrected_by_id (review) != 0)
    {
      g_autofree char *more = g_strconcat (state, " ", _("A later review corrects it."), NULL);
      g_free (state);
      state = g_steal_pointer (&more);
    }
  gtk_label_set_label (self->state_label, state);

  /* Translators: "Visit to CC005 · Comedor Sazón de Mamá" */
  adw_window_title_set_title (self->window_title, self->kitchen);
  /* Translators: "Thu 26 Nov 2026 · draft" */
  subtitle = g_strdup_printf (is_signed ? _("%s · signed") : _("%s · draft"), visit);
  adw_window_title_set_subtitle (self->window_title, subtitle);

  gtk_widget_set_visible (GTK_WIDGET (self->sign_button), !is_signed);
  gtk_widget_set_visible (GTK_WIDGET (self->discard_button), !is_signed);
  gtk_widget_set_visible (GTK_WIDGET (self->correct_button),
                          is_signed && cm_review_get_corrected_by_id (review) == 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.sign", !is_signed && !self->busy);
}

/* --- the operations ----------------------------------------------------- */

static void
op_thread (GTask        *task,
           gpointer      source_object,
           gpointer      task_data,
           GCancellable *cancellable)
{
  CmDb *db = source_object;
  Op *op = task_data;
  GError *error = NULL;
  gboolean ok = FALSE;

  switch (op->kind)
    {
    case OP_ANSWER:
      ok = cm_review_answer (op->review, db, op->code, op->answer, op->text, op->actor, &error);
      break;
    case OP_NOTES:
      ok = cm_review_set_notes (op->review, db, op->text, op->actor, &error);
      break;
    case OP_ADD_PHOTO:
      ok = cm_review_add_photo (op->review, db, op->folder, op->code, op->file, op->actor, &error) != 0;
      break;
    case OP_SIGN:
      ok = cm_review_sign (op->review, db, op->text, &error);
      break;
    case OP_CORRECT:
      ok = (op->result = cm_review_correct (op->review, db, op->actor, &error)) != NULL;
      break;
    case OP_DISCARD:
      ok = cm_review_discard (op->review, db, op->actor, &error);
      break;
    default:
      g_assert_not_reached ();
    }

  if (!ok)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
reload_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  GError *error = NULL;
  CmReview *review = cm_review_load (source_object, *(gint64 *) task_data, &error);

  if (review == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, review, g_object_unref);
}

static void
reloaded_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(CmVisitEditor) self = user_data;
  g_autoptr(CmReview) review = g_task_propagate_pointer (G_TASK (result), NULL);

  self->busy = FALSE;
  if (review != NULL)
    {
      g_set_object (&self->review, review);
      rebuild (self);
    }
  run_next (self);
}

/* After a failure, what the database holds is the truth. */
static void
reload_review (CmVisitEditor *self)
{
  g_autoptr(GTask) task = g_task_new (self->db, self->cancellable, reloaded_cb, g_object_ref (self));

  self->busy = TRUE;
  g_task_set_source_tag (task, reload_review);
  g_task_set_task_data (task, g_memdup2 (&(gint64) { cm_review_get_id (self->review) }, sizeof (gint64)), g_free);
  g_task_run_in_thread (task, reload_thread);
}

static void
op_done_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(CmVisitEditor) self = user_data;
  g_autoptr(GError) error = NULL;
  Op *op = g_task_get_task_data (G_TASK (result));

  self->busy = FALSE;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      toast (self, error->message);
      reload_review (self);
      return;
    }

  switch (op->kind)
    {
    case OP_DISCARD:
      g_signal_emit (self, signals[CHANGED], 0);
      gtk_window_destroy (GTK_WINDOW (self));
      return;
    case OP_CORRECT:
      g_set_object (&self->review, op->result);
      rebuild (self);
      toast (self, _("A new draft corrects the signed review, which stays as it was."));
      break;
    case OP_SIGN:
      rebuild (self);
      toast (self, _("The review is signed."));
      break;
    case OP_ADD_PHOTO:
      rebuild (self);
      break;
    case OP_ANSWER:
    case OP_NOTES:
    default:
      show_summary (self);
      break;
    }

  g_signal_emit (self, signals[CHANGED], 0);
  run_next (self);
}

static void
run_next (CmVisitEditor *self)
{
  g_autoptr(GTask) task = NULL;
  Op *op;

  if (self->busy || (op = g_queue_pop_head (&self->ops)) == NULL)
    {
      if (!self->busy)
        show_summary (self);
      return;
    }

  self->busy = TRUE;
  op->review = g_object_ref (self->review);
  show_summary (self);

  task = g_task_new (self->db, self->cancellable, op_done_cb, g_object_ref (self));
  g_task_set_source_tag (task, run_next);
  g_task_set_task_data (task, op, (GDestroyNotify) op_free);
  g_task_run_in_thread (task, op_thread);
}

static void
queue_op (CmVisitEditor *self,
          Op            *op)
{
  op->actor = cm_application_dup_actor ();
  g_queue_push_tail (&self->ops, op);
  run_next (self);
}

/* --- the checklist ------------------------------------------------------ */

static const CmReviewAnswer toggle_answers[3] = {
  CM_REVIEW_ANSWER_YES, CM_REVIEW_ANSWER_NO, CM_REVIEW_ANSWER_NOT_APPLICABLE,
};

static CmReviewAnswer
item_answer (ItemWidgets *item)
{
  for (guint i = 0; i < G_N_ELEMENTS (item->toggles); i++)
    if (gtk_toggle_button_get_active (item->toggles[i]))
      return toggle_answers[i];
  return CM_REVIEW_ANSWER_NONE;
}

static void
save_item (ItemWidgets *item)
{
  Op *op = g_new0 (Op, 1);

  op->kind = OP_ANSWER;
  op->code = g_strdup (item->code);
  op->answer = item_answer (item);
  op->text = g_strdup (gtk_editable_get_text (GTK_EDITABLE (item->note_row)));
  queue_op (item->self, op);
}

static void
toggle_toggled_cb (GtkToggleButton *button,
                   ItemWidgets     *item)
{
  /* A group's toggle that goes off is followed by the one that goes on. */
  if (item->updating || !gtk_toggle_button_get_active (button))
    return;

  adw_expander_row_set_subtitle (item->row, cm_review_answer_get_label (item_answer (item)));
  save_item (item);
}

static void
note_applied_cb (AdwEntryRow *row,
                 ItemWidgets *item)
{
  save_item (item);
}

static void
photo_chosen_cb (GtkNativeDialog *chooser,
                 int              response,
                 ItemWidgets     *item)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GListModel) files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (chooser));

      for (guint i = 0; i < g_list_model_get_n_items (files); i++)
        {
          Op *op = g_new0 (Op, 1);

          op->kind = OP_ADD_PHOTO;
          op->code = g_strdup (item->code);
          op->file = g_list_model_get_item (files, i);
          op->folder = cm_attachments_get_folder_for_db (item->self->db);
          queue_op (item->self, op);
        }
    }
  g_object_unref (chooser);
}

static void
add_photo_clicked_cb (GtkButton   *button,
                      ItemWidgets *item)
{
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  chooser = gtk_file_chooser_native_new (_("Add Photos"), GTK_WINDOW (item->self),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Add"), _("_Cancel"));
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (chooser), TRUE);
  gtk_file_filter_set_name (filter, _("Photos"));
  gtk_file_filter_add_mime_type (filter, "image/jpeg");
  gtk_file_filter_add_mime_type (filter, "image/png");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  g_signal_connect (chooser, "response", G_CALLBACK (photo_chosen_cb), item);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static guint
count_photos (CmVisitEditor *self,
              const char    *code)
{
  GListModel *photos = cm_review_get_photos (self->review);
  guint n = 0;

  for (guint i = 0; photos != NULL && i < g_list_model_get_n_items (photos); i++)
    {
      g_autoptr(CmReviewPhoto) photo = g_list_model_get_item (photos, i);

      n += g_strcmp0 (cm_review_photo_get_rule_code (photo), code) == 0;
    }
  return n;
}

static GtkWidget *
create_item (CmVisitEditor *self,
             CmReviewItem  *review_item,
             gboolean       read_only)
{
  static const char *labels[3] = { N_("Yes"), N_("No"), N_("N/A") };
  static const char *tooltips[3] = { N_("The kitchen complies"), N_("The kitchen does not comply"),
                                     N_("Does not apply to this kitchen") };
  CmRule *rule = cm_review_item_get_rule (review_item);
  ItemWidgets *item = g_new0 (ItemWidgets, 1);
  GtkWidget *box, *description, *button;
  g_autofree char *title = NULL;
  g_autofree char *photos = NULL;
  CmReviewAnswer answer = cm_review_item_get_answer (review_item);
  guint n_photos;

  item->self = self;
  item->code = g_strdup (cm_review_item_get_code (review_item));
  item->updating = TRUE;

  /* Translators: a checklist item: "HIG-01 · Hand washing" */
  title = g_strdup_printf (_("%s · %s"), item->code, cm_review_item_get_title (review_item));
  item->row = ADW_EXPANDER_ROW (adw_expander_row_new ());
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (item->row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (item->row), title);
  adw_expander_row_set_subtitle (item->row, answer == CM_REVIEW_ANSWER_NONE
                                            ? _("Not answered")
                                            : cm_review_answer_get_label (answer));

  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  gtk_widget_set_valign (box, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (box, "linked");
  for (guint i = 0; i < G_N_ELEMENTS (item->toggles); i++)
    {
      g_autofree char *name = g_strdup_printf ("%s: %s", title, _(tooltips[i]));

      item->toggles[i] = GTK_TOGGLE_BUTTON (gtk_toggle_button_new_with_label (_(labels[i])));
      gtk_widget_set_tooltip_text (GTK_WIDGET (item->toggles[i]), _(tooltips[i]));
      gtk_accessible_update_property (GTK_ACCESSIBLE (item->toggles[i]), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
      if (i > 0)
        gtk_toggle_button_set_group (item->toggles[i], item->toggles[0]);
      gtk_toggle_button_set_active (item->toggles[i], answer == toggle_answers[i]);
      gtk_widget_set_sensitive (GTK_WIDGET (item->toggles[i]), !read_only);
      g_signal_connect (item->toggles[i], "toggled", G_CALLBACK (toggle_toggled_cb), item);
      gtk_box_append (GTK_BOX (box), GTK_WIDGET (item->toggles[i]));
    }
  adw_expander_row_add_action (item->row, box);

  description = adw_action_row_new ();
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (description), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (description), cm_rule_severity_get_label (cm_rule_get_severity (rule)));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (description), cm_rule_get_description (rule));
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (description), 0);
  adw_expander_row_add_row (item->row, description);

  item->note_row = ADW_ENTRY_ROW (adw_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (item->note_row), _("Note"));
  adw_entry_row_set_show_apply_button (item->note_row, TRUE);
  gtk_editable_set_text (GTK_EDITABLE (item->note_row),
                         cm_review_item_get_note (review_item) ? cm_review_item_get_note (review_item) : "");
  gtk_editable_set_editable (GTK_EDITABLE (item->note_row), !read_only);
  g_signal_connect (item->note_row, "apply", G_CALLBACK (note_applied_cb), item);
  adw_expander_row_add_row (item->row, GTK_WIDGET (item->note_row));

  n_photos = count_photos (self, item->code);
  photos = n_photos == 0 ? g_strdup (_("No photos"))
                         : g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u photo", "%u photos", n_photos), n_photos);
  item->photos_row = ADW_ACTION_ROW (adw_action_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (item->photos_row), photos);
  if (!read_only)
    {
      g_autofree char *name = g_strdup_printf (_("Add photos to %s"), item->code);

      button = gtk_button_new_with_mnemonic (_("Add _Photos…"));
      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
      g_signal_connect (button, "clicked", G_CALLBACK (add_photo_clicked_cb), item);
      adw_action_row_add_suffix (item->photos_row, button);
    }
  adw_expander_row_add_row (item->row, GTK_WIDGET (item->photos_row));

  item->updating = FALSE;
  g_hash_table_insert (self->items, item->code, item);

  return GTK_WIDGET (item->row);
}

static void
rebuild (CmVisitEditor *self)
{
  GListModel *items = cm_review_get_items (self->review);
  gboolean read_only = cm_review_is_signed (self->review);
  g_autofree char *visit = cm_text_format_date (cm_review_get_visit_date (self->review), TRUE);
  g_autofree char *visit_text = NULL;
  g_autofree char *rulebook_text = NULL;
  CmRulebook *rulebook = cm_review_get_rulebook (self->review);
  AdwPreferencesGroup *group = NULL;
  const char *category = NULL;

  for (guint i = 0; i < self->groups->len; i++)
    gtk_box_remove (self->checklist_box, g_ptr_array_index (self->groups, i));
  g_ptr_array_set_size (self->groups, 0);
  g_hash_table_remove_all (self->items);

  /* Translators: "Thu 26 Nov 2026 by Ana Ruiz; automatic results of 2026-10 to 2026-10" */
  visit_text = g_strdup_printf (_("%s by %s; automatic results of %s to %s"), visit,
                                cm_review_get_visitor (self->review),
                                cm_review_get_period_start (self->review),
                                cm_review_get_period_end (self->review));
  adw_action_row_set_subtitle (self->visit_row, visit_text);
  rulebook_text = g_strdup (rulebook ? cm_rulebook_get_edition (rulebook) : "");
  adw_action_row_set_subtitle (self->rulebook_row, rulebook_text);
  gtk_editable_set_text (GTK_EDITABLE (self->notes_row), cm_review_get_notes (self->review));
  gtk_editable_set_editable (GTK_EDITABLE (self->notes_row), !read_only);

  for (guint i = 0; i < g_list_model_get_n_items (items); i++)
    {
      g_autoptr(CmReviewItem) item = g_list_model_get_item (items, i);
      const char *item_category = cm_rule_get_category (cm_review_item_get_rule (item));

      if (group == NULL || g_strcmp0 (category, item_category) != 0)
        {
          group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
          adw_preferences_group_set_title (group, item_category);
          gtk_box_append (self->checklist_box, GTK_WIDGET (group));
          g_ptr_array_add (self->groups, group);
          category = item_category;
        }
      adw_preferences_group_add (group, create_item (self, item, read_only));
    }

  show_automatic (self);
  show_summary (self);
}

/* --- actions ------------------------------------------------------------ */

static void
notes_applied_cb (CmVisitEditor *self)
{
  Op *op = g_new0 (Op, 1);

  op->kind = OP_NOTES;
  op->text = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->notes_row)));
  queue_op (self, op);
}

static void
sign_response_cb (AdwMessageDialog *dialog,
                  const char       *response,
                  CmVisitEditor    *self)
{
  GtkEditable *entry = g_object_get_data (G_OBJECT (dialog), "entry");
  g_autofree char *name = NULL;
  Op *op;

  if (g_strcmp0 (response, "sign") != 0)
    return;

  name = g_strstrip (g_strdup (gtk_editable_get_text (entry)));
  op = g_new0 (Op, 1);
  op->kind = OP_SIGN;
  op->text = g_steal_pointer (&name);
  queue_op (self, op);
}

static void
sign_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  CmVisitEditor *self = CM_VISIT_EDITOR (widget);
  g_autofree char *name = cm_application_dup_actor ();
  GtkWidget *dialog, *entry;

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Sign the Review?"),
                                   _("Once signed, nothing in this review can change: not an answer, a note or a photo, "
                                     "and the database itself refuses it. A mistake is put right by a new review that "
                                     "corrects this one. Every item must be answered."));
  gtk_window_set_destroy_with_parent (GTK_WINDOW (dialog), TRUE);
  entry = gtk_entry_new ();
  gtk_editable_set_text (GTK_EDITABLE (entry), name);
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Name of the supervisor who signs"), -1);
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("Name of the supervisor who signs"));
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "sign", _("_Sign"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "sign", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "sign");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data (G_OBJECT (dialog), "entry", entry);
  g_signal_connect_object (dialog, "response", G_CALLBACK (sign_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
correct_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  Op *op = g_new0 (Op, 1);

  op->kind = OP_CORRECT;
  queue_op (CM_VISIT_EDITOR (widget), op);
}

static void
discard_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     CmVisitEditor    *self)
{
  Op *op;

  if (g_strcmp0 (response, "discard") != 0)
    return;

  op = g_new0 (Op, 1);
  op->kind = OP_DISCARD;
  queue_op (self, op);
}

static void
discard_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  CmVisitEditor *self = CM_VISIT_EDITOR (widget);
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Discard the Draft?"),
                                   _("Its answers, notes and photos are deleted. The audit log keeps a record that it was discarded."));
  gtk_window_set_destroy_with_parent (GTK_WINDOW (dialog), TRUE);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "discard", _("_Discard"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "discard", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (discard_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* --- the class ---------------------------------------------------------- */

static void
cm_visit_editor_dispose (GObject *object)
{
  CmVisitEditor *self = CM_VISIT_EDITOR (object);

  /* Saves already running finish in their thread; queued ones are dropped. */
  g_queue_clear_full (&self->ops, (GDestroyNotify) op_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), CM_TYPE_VISIT_EDITOR);
  g_clear_pointer (&self->items, g_hash_table_unref);
  g_clear_pointer (&self->groups, g_ptr_array_unref);
  g_clear_object (&self->review);
  g_clear_object (&self->db);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->kitchen, g_free);

  G_OBJECT_CLASS (cm_visit_editor_parent_class)->dispose (object);
}

static void
cm_visit_editor_class_init (CmVisitEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cm_visit_editor_dispose;

  /**
   * CmVisitEditor::changed:
   *
   * The review was saved, signed, corrected or discarded.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/comedores/Comedores/ui/cm-visit-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, CmVisitEditor, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, CmVisitEditor, window_title);
  gtk_widget_class_bind_template_child (widget_class, CmVisitEditor, sign_button);
  gtk_widget_class_bind_template_child (widget_class, CmVisitEditor, correct_button);
  gtk_widget_class_bind_template_child (widget_class, CmVisitEditor, discard_button);
  gtk_widget_class_bind_template_child (widget_class, CmVisitEditor, checklist_box);
  gtk_widget_class_bind_template_child (widget_class, CmVisitEditor, visit_row);
  gtk_widget_class_bind_template_child (widget_class, CmVisitEditor, rulebook_row);
  gtk_widget_class_bind_template_child (widget_class, CmVisitEditor, notes_row);
  gtk_widget_class_bind_template_child (widget_class, CmVisitEditor, verdict_label);
  gtk_widget_class_bind_template_child (widget_class, CmVisitEditor, score_label);
  gtk_widget_class_bind_template_child (widget_class, CmVisitEditor, state_label);
  gtk_widget_class_bind_template_child (widget_class, CmVisitEditor, automatic_list);
  gtk_widget_class_bind_template_callback (widget_class, notes_applied_cb);

  gtk_widget_class_install_action (widget_class, "editor.sign", NULL, sign_action);
  gtk_widget_class_install_action (widget_class, "editor.correct", NULL, correct_action);
  gtk_widget_class_install_action (widget_class, "editor.discard", NULL, discard_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
cm_visit_editor_init (CmVisitEditor *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->items = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) item_widgets_free);
  self->groups = g_ptr_array_new ();
  self->cancellable = g_cancellable_new ();
  g_queue_init (&self->ops);
}

/**
 * cm_visit_editor_new:
 * @parent: (nullable): the window it belongs to
 * @db: the database
 * @review: the review, loaded
 * @kitchen: how the kitchen is named in the title
 *
 * Returns: (transfer full): the editor
 */
CmVisitEditor *
cm_visit_editor_new (GtkWindow  *parent,
                     CmDb       *db,
                     CmReview   *review,
                     const char *kitchen)
{
  CmVisitEditor *self;

  g_return_val_if_fail (CM_IS_DB (db), NULL);
  g_return_val_if_fail (CM_IS_REVIEW (review), NULL);

  self = g_object_new (CM_TYPE_VISIT_EDITOR, "transient-for", parent, NULL);
  self->db = g_object_ref (db);
  self->review = g_object_ref (review);
  self->kitchen = g_strdup (kitchen);
  rebuild (self);

  return self;
}

CmReview *
cm_visit_editor_get_review (CmVisitEditor *self)
{
  g_return_val_if_fail (CM_IS_VISIT_EDITOR (self), NULL);
  return self->review;
}

gboolean
cm_visit_editor_is_saving (CmVisitEditor *self)
{
  g_return_val_if_fail (CM_IS_VISIT_EDITOR (self), FALSE);
  return self->busy || !g_queue_is_empty (&self->ops);
}

/* For tests and keyboard users alike: answer an item as its toggles do. */
gboolean
cm_visit_editor_answer (CmVisitEditor  *self,
                        const char     *rule_code,
                        CmReviewAnswer  answer)
{
  ItemWidgets *item;

  g_return_val_if_fail (CM_IS_VISIT_EDITOR (self), FALSE);

  item = g_hash_table_lookup (self->items, rule_code);
  if (item == NULL || answer == CM_REVIEW_ANSWER_NONE || cm_review_is_signed (self->review))
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (toggle_answers); i++)
    if (toggle_answers[i] == answer)
      gtk_toggle_button_set_active (item->toggles[i], TRUE);
  return TRUE;
}
