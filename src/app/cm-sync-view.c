/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "cm-sync-view"

#include "config.h"

#include <glib/gi18n.h>

#include "cm-outbox.h"
#include "cm-source.h"
#include "cm-sync-format.h"
#include "cm-quarantine-item.h"
#include "cm-sync-run.h"
#include "cm-sync-view.h"
#include "cm-text.h"

/* How much history the view reads; older rows stay in the database. */
#define N_RUNS        200
#define N_QUARANTINED 500

struct _CmSyncView
{
  GtkWidget            parent_instance;

  /* template children */
  AdwPreferencesGroup *accounts_group;
  GtkListBox          *accounts_list;
  GtkStack            *lists_stack;
  GtkStackPage        *runs_page;
  GtkStackPage        *quarantine_page;
  GtkStackPage        *outbox_page;
  GtkStack            *runs_stack;
  GtkStack            *quarantine_stack;
  GtkStack            *outbox_stack;
  GtkColumnView       *runs_view;
  GtkColumnViewColumn *run_started_column;
  GtkColumnViewColumn *run_account_column;
  GtkColumnViewColumn *run_state_column;
  GtkColumnViewColumn *run_received_column;
  GtkColumnViewColumn *run_inserted_column;
  GtkColumnViewColumn *run_updated_column;
  GtkColumnViewColumn *run_quarantined_column;
  GtkColumnViewColumn *run_error_column;
  GtkColumnView       *quarantine_view;
  GtkColumnViewColumn *quarantine_received_column;
  GtkColumnViewColumn *quarantine_account_column;
  GtkColumnViewColumn *quarantine_reason_column;
  GtkColumnViewColumn *quarantine_instance_column;
  GtkColumnView       *outbox_view;
  GtkColumnViewColumn *outbox_created_column;
  GtkColumnViewColumn *outbox_folio_column;
  GtkColumnViewColumn *outbox_date_column;
  GtkColumnViewColumn *outbox_action_column;
  GtkColumnViewColumn *outbox_attempts_column;
  GtkColumnViewColumn *outbox_error_column;

  CmDb                *db;
  GCancellable        *cancellable;  /* the load under way */
  gboolean             loading;

  GListModel          *accounts;
  GHashTable          *last_runs;    /* source id → CmSyncRun */
  GListModel          *runs;
  GListModel          *quarantine;
  GListModel          *outbox;
};

G_DEFINE_FINAL_TYPE (CmSyncView, cm_sync_view, GTK_TYPE_WIDGET)

enum {
  SIGNAL_LOADED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* --- cells -------------------------------------------------------------- */

typedef char *(*ItemText) (gpointer item);

enum {
  CELL_TEXT = 0,
  CELL_NUMERIC = 1 << 0,
  CELL_TOOLTIP = 1 << 1,  /* long text: ellipsized, whole in the tooltip */
};

static void
setup_cell_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  user_data)
{
  guint flags = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (factory), "flags"));
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), flags & CELL_NUMERIC ? 1.0 : 0.0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  if (flags & CELL_NUMERIC)
    gtk_widget_add_css_class (label, "numeric");
  if (flags & CELL_TOOLTIP)
    gtk_label_set_width_chars (GTK_LABEL (label), 24);
  gtk_list_item_set_child (item, label);
}

static void
bind_cell_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              ItemText                  text)
{
  guint flags = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (factory), "flags"));
  GtkWidget *label = gtk_list_item_get_child (item);
  g_autofree char *value = text (gtk_list_item_get_item (item));

  gtk_label_set_label (GTK_LABEL (label), value ? value : "");
  if (flags & CELL_TOOLTIP)
    gtk_widget_set_tooltip_text (label, value && *value ? value : NULL);
}

static void
set_cell_factory (GtkColumnViewColumn *column,
                  ItemText             text,
                  guint                flags)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  g_object_set_data (G_OBJECT (factory), "flags", GUINT_TO_POINTER (flags));
  g_signal_connect (factory, "setup", G_CALLBACK (setup_cell_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cell_cb), text);
  gtk_column_view_column_set_factory (column, factory);
}

static char *
count_text (guint n)
{
  return cm_text_format_count (n);
}

static char *run_started (gpointer item) { return cm_sync_format_timestamp (cm_sync_run_get_started_at (item)); }
static char *run_account (gpointer item) { return g_strdup (cm_sync_run_get_source_name (item)); }
static char *run_state (gpointer item) { return g_strdup (cm_sync_format_run_state (cm_sync_run_get_state (item))); }
static char *run_received (gpointer item) { return count_text (cm_sync_run_get_received (item)); }
static char *run_inserted (gpointer item) { return count_text (cm_sync_run_get_inserted (item)); }
static char *run_updated (gpointer item) { return count_text (cm_sync_run_get_updated (item)); }
static char *run_quarantined (gpointer item) { return count_text (cm_sync_run_get_quarantined (item)); }
static char *run_error (gpointer item) { return g_strdup (cm_sync_run_get_error (item)); }

static char *quarantine_received (gpointer item) { return cm_sync_format_timestamp (cm_quarantine_item_get_received_at (item)); }
static char *quarantine_reason (gpointer item) { return g_strdup (cm_quarantine_item_get_reason (item)); }
static char *quarantine_instance (gpointer item) { return g_strdup (cm_quarantine_item_get_instance_id (item)); }

static char *
quarantine_account (gpointer item)
{
  const char *name = cm_quarantine_item_get_source_name (item);

  return g_strdup (name ? name : _("Removed account"));
}

static char *outbox_created (gpointer item) { return cm_sync_format_timestamp (cm_outbox_item_get_created_at (item)); }
static char *outbox_folio (gpointer item) { return g_strdup (cm_outbox_item_get_folio (item)); }
static char *outbox_date (gpointer item) { return cm_text_format_date (cm_outbox_item_get_report_date (item), FALSE); }
static char *outbox_attempts (gpointer item) { return count_text (cm_outbox_item_get_attempts (item)); }
static char *outbox_error (gpointer item) { return g_strdup (cm_outbox_item_get_last_error (item)); }

static char *
outbox_action (gpointer item)
{
  if (g_strcmp0 (cm_outbox_item_get_action (item), "comment") == 0)
    /* Translators: a comment on a report waiting to be sent: Comment: “…” */
    return g_strdup_printf (_("Comment: “%s”"), cm_outbox_item_get_summary (item));

  /* Translators: a review state waiting to be sent: "Mark as: Approved" */
  return g_strdup_printf (_("Mark as: %s"), cm_sync_format_review_state (cm_outbox_item_get_summary (item)));
}

/* --- accounts ----------------------------------------------------------- */

static char *
last_run_text (CmSyncRun *run)
{
  g_autofree char *when = NULL;

  if (run == NULL)
    return g_strdup (_("Not synced yet"));

  when = cm_sync_format_timestamp (cm_sync_run_get_started_at (run));

  if (g_strcmp0 (cm_sync_run_get_state (run), "ok") == 0)
    {
      g_autofree char *counts = cm_sync_format_counts (cm_sync_run_get_inserted (run),
                                                       cm_sync_run_get_updated (run),
                                                       cm_sync_run_get_quarantined (run), 0);
      /* Translators: "Last sync 3 Oct 2026 08:15: 120 new, 3 updated" */
      return g_strdup_printf (_("Last sync %s: %s"), when, counts);
    }

  if (g_strcmp0 (cm_sync_run_get_state (run), "cancelled") == 0)
    /* Translators: "Last sync 3 Oct 2026 08:15 was stopped" */
    return g_strdup_printf (_("Last sync %s was stopped"), when);

  if (g_strcmp0 (cm_sync_run_get_state (run), "failed") == 0)
    /* Translators: "Last sync 3 Oct 2026 08:15 failed: <the error>" */
    return g_strdup_printf (_("Last sync %s failed: %s"), when,
                            cm_sync_run_get_error (run) ? cm_sync_run_get_error (run) : "");

  /* Translators: a run with no end: Comedores closed while it ran */
  return g_strdup_printf (_("Last sync %s did not finish"), when);
}

static GtkWidget *
create_account_row (gpointer item,
                    gpointer user_data)
{
  CmSyncView *self = user_data;
  CmSource *source = item;
  gint64 id = cm_source_get_id (source);
  CmSyncRun *run = g_hash_table_lookup (self->last_runs, &id);
  g_autofree char *account = cm_sync_format_account (source);
  g_autofree char *last = last_run_text (run);
  g_autofree char *subtitle = g_strdup_printf ("%s\n%s", account, last);
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), cm_source_get_name (source));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);

  if (run != NULL && g_strcmp0 (cm_sync_run_get_state (run), "failed") == 0)
    {
      GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");

      gtk_widget_add_css_class (icon, "warning");
      gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _("The last sync failed"), -1);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
    }

  return row;
}

static GtkWidget *
accounts_placeholder (void)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *label = gtk_label_new (_("No accounts yet. Add the ODK Central or KoBoToolbox "
                                      "account the tablets send their reports to."));
  GtkWidget *button = gtk_button_new_with_mnemonic (_("_Add an Account…"));

  gtk_widget_set_margin_top (box, 18);
  gtk_widget_set_margin_bottom (box, 18);
  gtk_widget_set_margin_start (box, 18);
  gtk_widget_set_margin_end (box, 18);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_justify (GTK_LABEL (label), GTK_JUSTIFY_CENTER);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_widget_set_halign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "pill");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "app.preferences");
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), button);

  return box;
}

/* --- the raw text of a quarantined row ----------------------------------- */

/* The dialog's children are gone by "response": the text is its own copy. */
static void
raw_response_cb (AdwMessageDialog *dialog,
                 const char       *response,
                 gpointer          user_data)
{
  if (g_strcmp0 (response, "copy") == 0)
    gdk_clipboard_set_text (gdk_display_get_clipboard (gtk_widget_get_display (GTK_WIDGET (dialog))),
                            g_object_get_data (G_OBJECT (dialog), "raw"));
}

static void
show_raw (CmSyncView       *self,
          CmQuarantineItem *item,
          const char       *raw)
{
  GtkWidget *dialog, *scrolled, *text_view;
  GtkTextBuffer *buffer;
  g_autofree char *heading = NULL;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (cm_quarantine_item_get_instance_id (item) != NULL)
    /* Translators: the heading of a quarantined row's dialog, with its submission's id */
    heading = g_strdup_printf (_("Submission %s"), cm_quarantine_item_get_instance_id (item));
  else
    heading = g_strdup (_("Row in Quarantine"));

  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, heading, NULL);
  adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (dialog), cm_quarantine_item_get_reason (item));

  text_view = gtk_text_view_new ();
  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (text_view));
  {
    /* Exactly as received: a hyphen that wrapping adds would read as data. */
    GtkTextTag *tag = gtk_text_buffer_create_tag (buffer, NULL, "insert-hyphens", FALSE, NULL);
    GtkTextIter start;

    gtk_text_buffer_get_start_iter (buffer, &start);
    gtk_text_buffer_insert_with_tags (buffer, &start, raw, -1, tag, NULL);
  }
  gtk_text_view_set_editable (GTK_TEXT_VIEW (text_view), FALSE);
  gtk_text_view_set_monospace (GTK_TEXT_VIEW (text_view), TRUE);
  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (text_view), GTK_WRAP_CHAR);
  gtk_text_view_set_top_margin (GTK_TEXT_VIEW (text_view), 6);
  gtk_text_view_set_bottom_margin (GTK_TEXT_VIEW (text_view), 6);
  gtk_text_view_set_left_margin (GTK_TEXT_VIEW (text_view), 6);
  gtk_text_view_set_right_margin (GTK_TEXT_VIEW (text_view), 6);
  gtk_accessible_update_property (GTK_ACCESSIBLE (text_view), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("The row as it arrived"), -1);

  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), text_view);
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scrolled), 240);
  gtk_scrolled_window_set_min_content_width (GTK_SCROLLED_WINDOW (scrolled), 480);
  gtk_widget_add_css_class (scrolled, "card");
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), scrolled);

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "copy", _("_Copy the Text"),
                                    "close", _("_Close"),
                                    NULL);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "close");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "close");
  g_object_set_data_full (G_OBJECT (dialog), "raw", g_strdup (raw), g_free);
  g_signal_connect (dialog, "response", G_CALLBACK (raw_response_cb), NULL);

  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (text_view);
}

static void
raw_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  GError *error = NULL;
  char *raw = cm_quarantine_get_raw (source_object, cm_quarantine_item_get_id (task_data), &error);

  if (raw == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, raw, g_free);
}

static void
raw_loaded_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(CmSyncView) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *raw = g_task_propagate_pointer (G_TASK (result), &error);

  if (raw == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Could not read the quarantined row: %s", error->message);
      return;
    }

  show_raw (self, g_task_get_task_data (G_TASK (result)), raw);
}

static void
quarantine_activate_cb (CmSyncView *self,
                        guint       position)
{
  g_autoptr(CmQuarantineItem) item = NULL;
  g_autoptr(GTask) task = NULL;

  if (self->quarantine == NULL || self->db == NULL)
    return;
  item = g_list_model_get_item (self->quarantine, position);
  if (item == NULL)
    return;

  task = g_task_new (self->db, self->cancellable, raw_loaded_cb, g_object_ref (self));
  g_task_set_source_tag (task, quarantine_activate_cb);
  g_task_set_task_data (task, g_steal_pointer (&item), g_object_unref);
  g_task_run_in_thread (task, raw_thread);
}

/* --- loading ------------------------------------------------------------ */

typedef struct
{
  GListModel *accounts;
  GListModel *last_runs;
  GListModel *runs;
  GListModel *quarantine;
  gint64      n_quarantined;
  GListModel *outbox;
} SyncLoad;

static void
sync_load_free (SyncLoad *load)
{
  g_clear_object (&load->accounts);
  g_clear_object (&load->last_runs);
  g_clear_object (&load->runs);
  g_clear_object (&load->quarantine);
  g_clear_object (&load->outbox);
  g_free (load);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SyncLoad, sync_load_free)

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  CmDb *db = source_object;
  g_autoptr(SyncLoad) load = g_new0 (SyncLoad, 1);
  GError *error = NULL;

  if ((load->accounts = cm_source_list (db, &error)) == NULL ||
      (load->last_runs = cm_sync_run_list_last (db, &error)) == NULL ||
      (load->runs = cm_sync_run_list (db, N_RUNS, &error)) == NULL ||
      (load->quarantine = cm_quarantine_list (db, N_QUARANTINED, &error)) == NULL ||
      (load->outbox = cm_outbox_list_pending (db, &error)) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  load->n_quarantined = cm_quarantine_count (db);

  g_task_return_pointer (task, g_steal_pointer (&load), (GDestroyNotify) sync_load_free);
}

static void
set_page_title (GtkStackPage *page,
                const char   *title,
                guint         n)
{
  g_autofree char *text = NULL;

  if (n == 0)
    {
      gtk_stack_page_set_title (page, title);
      return;
    }

  /* Translators: a tab with its count, "Quarantine (3)" */
  text = g_strdup_printf (C_("tab with count", "%s (%u)"), title, n);
  gtk_stack_page_set_title (page, text);
}

static void
set_list_model (GtkColumnView *view,
                GtkStack      *stack,
                GListModel    *model)
{
  g_autoptr(GtkSelectionModel) selection = NULL;

  selection = GTK_SELECTION_MODEL (gtk_single_selection_new (g_object_ref (model)));
  gtk_single_selection_set_autoselect (GTK_SINGLE_SELECTION (selection), FALSE);
  gtk_single_selection_set_can_unselect (GTK_SINGLE_SELECTION (selection), TRUE);
  gtk_single_selection_set_selected (GTK_SINGLE_SELECTION (selection), GTK_INVALID_LIST_POSITION);
  gtk_column_view_set_model (view, selection);
  gtk_stack_set_visible_child_name (stack, g_list_model_get_n_items (model) > 0 ? "list" : "empty");
}

static void
loaded_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(CmSyncView) self = user_data;
  g_autoptr(GError) error = NULL;
  SyncLoad *load;
  guint n;

  load = g_task_propagate_pointer (G_TASK (result), &error);
  if (load == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      self->loading = FALSE;
      g_warning ("Could not load the sync records: %s", error->message);
      g_signal_emit (self, signals[SIGNAL_LOADED], 0);
      return;
    }

  self->loading = FALSE;

  g_hash_table_remove_all (self->last_runs);
  n = g_list_model_get_n_items (load->last_runs);
  for (guint i = 0; i < n; i++)
    {
      CmSyncRun *run = g_list_model_get_item (load->last_runs, i);
      g_hash_table_insert (self->last_runs,
                           g_memdup2 (&(gint64) { cm_sync_run_get_source_id (run) }, sizeof (gint64)),
                           run);
    }

  g_set_object (&self->accounts, load->accounts);
  g_set_object (&self->runs, load->runs);
  g_set_object (&self->quarantine, load->quarantine);
  g_set_object (&self->outbox, load->outbox);

  gtk_list_box_bind_model (self->accounts_list, self->accounts, create_account_row, self, NULL);
  set_list_model (self->runs_view, self->runs_stack, self->runs);
  set_list_model (self->quarantine_view, self->quarantine_stack, self->quarantine);
  set_list_model (self->outbox_view, self->outbox_stack, self->outbox);

  set_page_title (self->quarantine_page, _("Quarantine"), (guint) MIN (load->n_quarantined, G_MAXUINT));
  set_page_title (self->outbox_page, _("Waiting to Be Sent"), g_list_model_get_n_items (self->outbox));

  sync_load_free (load);
  g_signal_emit (self, signals[SIGNAL_LOADED], 0);
}

/**
 * cm_sync_view_reload:
 * @self: the view
 *
 * Reads the accounts, the history of runs, the quarantine and the reviews
 * waiting to be sent again, in a worker thread.
 */
void
cm_sync_view_reload (CmSyncView *self)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (CM_IS_SYNC_VIEW (self));

  if (self->db == NULL)
    return;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->loading = TRUE;

  task = g_task_new (self->db, self->cancellable, loaded_cb, g_object_ref (self));
  g_task_set_source_tag (task, cm_sync_view_reload);
  g_task_run_in_thread (task, load_thread);
}

/* --- the class ---------------------------------------------------------- */

static void
cm_sync_view_dispose (GObject *object)
{
  CmSyncView *self = CM_SYNC_VIEW (object);
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), CM_TYPE_SYNC_VIEW);
  /* The template's root has no id, so dispose_template leaves it. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))))
    gtk_widget_unparent (child);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->accounts);
  g_clear_object (&self->runs);
  g_clear_object (&self->quarantine);
  g_clear_object (&self->outbox);
  g_clear_pointer (&self->last_runs, g_hash_table_unref);
  g_clear_object (&self->db);

  G_OBJECT_CLASS (cm_sync_view_parent_class)->dispose (object);
}

static void
cm_sync_view_class_init (CmSyncViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cm_sync_view_dispose;

  /* Emitted after each load, even a failed one. */
  signals[SIGNAL_LOADED] = g_signal_new ("loaded", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                         0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/cm-sync-view.ui");
  gtk_widget_class_bind_template_child (widget_class, CmSyncView, accounts_group);
  gtk_widget_class_bind_template_child (widget_class, CmSyncView, accounts_list);
  gtk_widget_class_bind_template_child (widget_class, CmSyncView, lists_stack);
  gtk_widget_class_bind_template_child (widget_class, CmSyncView, runs_page);
  gtk_widget_class_bind_template_child (widget_class, CmSyncView, quarantine_page);
  gtk_widget_class_bind_template_child (widget_class, CmSyncView, outbox_page);
  gtk_widget_class_bind_template_child (widget_class, CmSyncView, runs_stack);
  gtk_widget_class_bind_template_child (widget_class, CmSyncView, quarantine_stack);
  gtk_widget_class_bind_template_child (widget_class, CmSyncView, outbox_stack);
  gtk_widget_class_bind_template_child (widget_class, CmSyncView, runs_view);
  gtk_widget_class_bind_template_child (widget_class, CmSyncView, run_started_column);
  gtk_widget_class_bind_template_child (widget_class, CmSyncView, run_account_column);
  gtk_widget_class_bind_template_child (widget_class, CmSyncView, run_state_column);
  gtk_widget_class_bind_template_child (widget_class, CmSyncView, run_received_column);
  gtk_widget_class_bind_template_child (widget_class, CmSyncView, run_inserted_column);
  gtk_widget_class_bind_template_child (widget_class, CmSyncView, run_updated_column);
  gtk_widget_class_bind_template_child (widget_class, CmSyncView, run_quarantined_column);
  gtk_widget_class_bind_template_child (widget_class, CmSyncView, run_error_column);
  gtk_widget_class_bind_template_child (widget_class, CmSyncView, quarantine_view);
  gtk_widget_class_bind_template_child (widget_class, CmSyncView, quarantine_received_column);
  gtk_widget_class_bind_template_child (widget_class, CmSyncView, quarantine_account_column);
  gtk_widget_class_bind_template_child (widget_class, CmSyncView, quarantine_reason_column);
  gtk_widget_class_bind_template_child (widget_class, CmSyncView, quarantine_instance_column);
  gtk_widget_class_bind_template_child (widget_class, CmSyncView, outbox_view);
  gtk_widget_class_bind_template_child (widget_class, CmSyncView, outbox_created_column);
  gtk_widget_class_bind_template_child (widget_class, CmSyncView, outbox_folio_column);
  gtk_widget_class_bind_template_child (widget_class, CmSyncView, outbox_date_column);
  gtk_widget_class_bind_template_child (widget_class, CmSyncView, outbox_action_column);
  gtk_widget_class_bind_template_child (widget_class, CmSyncView, outbox_attempts_column);
  gtk_widget_class_bind_template_child (widget_class, CmSyncView, outbox_error_column);
  gtk_widget_class_bind_template_callback (widget_class, quarantine_activate_cb);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "syncview");
}

static void
cm_sync_view_init (CmSyncView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->last_runs = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_object_unref);
  gtk_list_box_set_placeholder (self->accounts_list, accounts_placeholder ());

  set_cell_factory (self->run_started_column, run_started, CELL_TEXT);
  set_cell_factory (self->run_account_column, run_account, CELL_TEXT);
  set_cell_factory (self->run_state_column, run_state, CELL_TEXT);
  set_cell_factory (self->run_received_column, run_received, CELL_NUMERIC);
  set_cell_factory (self->run_inserted_column, run_inserted, CELL_NUMERIC);
  set_cell_factory (self->run_updated_column, run_updated, CELL_NUMERIC);
  set_cell_factory (self->run_quarantined_column, run_quarantined, CELL_NUMERIC);
  set_cell_factory (self->run_error_column, run_error, CELL_TOOLTIP);

  set_cell_factory (self->quarantine_received_column, quarantine_received, CELL_TEXT);
  set_cell_factory (self->quarantine_account_column, quarantine_account, CELL_TEXT);
  set_cell_factory (self->quarantine_reason_column, quarantine_reason, CELL_TOOLTIP);
  set_cell_factory (self->quarantine_instance_column, quarantine_instance, CELL_TOOLTIP);

  set_cell_factory (self->outbox_created_column, outbox_created, CELL_TEXT);
  set_cell_factory (self->outbox_folio_column, outbox_folio, CELL_TEXT);
  set_cell_factory (self->outbox_date_column, outbox_date, CELL_TEXT);
  set_cell_factory (self->outbox_action_column, outbox_action, CELL_TOOLTIP);
  set_cell_factory (self->outbox_attempts_column, outbox_attempts, CELL_NUMERIC);
  set_cell_factory (self->outbox_error_column, outbox_error, CELL_TOOLTIP);
}

void
cm_sync_view_set_db (CmSyncView *self,
                     CmDb       *db)
{
  g_return_if_fail (CM_IS_SYNC_VIEW (self));

  g_set_object (&self->db, db);
}

gboolean
cm_sync_view_is_loading (CmSyncView *self)
{
  g_return_val_if_fail (CM_IS_SYNC_VIEW (self), FALSE);
  return self->loading;
}

guint
cm_sync_view_get_n_accounts (CmSyncView *self)
{
  g_return_val_if_fail (CM_IS_SYNC_VIEW (self), 0);
  return self->accounts ? g_list_model_get_n_items (self->accounts) : 0;
}

/**
 * cm_sync_view_get_accounts:
 * @self: the view
 *
 * Returns: (transfer none) (nullable): the #CmSource shown, before the first load %NULL
 */
GListModel *
cm_sync_view_get_accounts (CmSyncView *self)
{
  g_return_val_if_fail (CM_IS_SYNC_VIEW (self), NULL);
  return self->accounts;
}

/* (transfer none) (nullable): the #CmSyncRun shown */
GListModel *
cm_sync_view_get_runs (CmSyncView *self)
{
  g_return_val_if_fail (CM_IS_SYNC_VIEW (self), NULL);
  return self->runs;
}

/* (transfer none) (nullable): the #CmQuarantineItem shown */
GListModel *
cm_sync_view_get_quarantine (CmSyncView *self)
{
  g_return_val_if_fail (CM_IS_SYNC_VIEW (self), NULL);
  return self->quarantine;
}

/* (transfer none) (nullable): the #CmOutboxItem shown */
GListModel *
cm_sync_view_get_outbox (CmSyncView *self)
{
  g_return_val_if_fail (CM_IS_SYNC_VIEW (self), NULL);
  return self->outbox;
}

/**
 * cm_sync_view_show_list:
 * @self: the view
 * @name: "runs", "quarantine" or "outbox"
 *
 * Shows one of the view's lists.
 */
void
cm_sync_view_show_list (CmSyncView *self,
                        const char *name)
{
  g_return_if_fail (CM_IS_SYNC_VIEW (self));

  if (gtk_stack_get_child_by_name (self->lists_stack, name) != NULL)
    gtk_stack_set_visible_child_name (self->lists_stack, name);
}
