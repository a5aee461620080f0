/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "cm-window"

#include "config.h"

#include <glib/gi18n.h>

#include "cm-attachments.h"
#include "cm-compliance.h"
#include "cm-outbox.h"
#include "cm-preferences-window.h"
#include "cm-secret-store.h"
#include "cm-source.h"
#include "cm-sync.h"
#include "cm-sync-format.h"
#include "cm-text.h"
#include "cm-window-private.h"

/* The window's Sync action: for each account, the reviews waiting to be
 * sent go up, then the new and changed reports come down, in a worker
 * thread, with progress under the header bar and a Cancel button. The
 * secrets come from the session or the keyring, or are asked for. */

typedef struct
{
  CmSource *source;
  CmSecret *secret;
} SyncAccount;

static void
sync_account_free (SyncAccount *account)
{
  g_clear_object (&account->source);
  g_clear_pointer (&account->secret, cm_secret_free);
  g_free (account);
}

typedef struct
{
  GWeakRef      window;      /* a closed window is disposed, and cancels */
  CmDb         *db;
  GApplication *held;        /* kept running while the thread runs */
  guint         generation;
  GListModel   *sources;     /* every account */
  guint         next;        /* the next one whose secret to find */
  GPtrArray    *accounts;    /* SyncAccount: those with a secret */
  GPtrArray    *skipped;     /* sentences: the accounts without one */
  GCancellable *cancellable;

  /* Written by the thread, read after it returned. */
  guint         inserted;
  guint         updated;
  guint         quarantined;
  guint         pushed;
  guint         succeeded;
  GPtrArray    *errors;      /* sentences */
  gboolean      cancelled;
  gint64        last_progress;
} SyncJob;

static void
sync_job_free (SyncJob *job)
{
  g_weak_ref_clear (&job->window);
  g_clear_object (&job->db);
  g_clear_object (&job->sources);
  g_clear_pointer (&job->accounts, g_ptr_array_unref);
  g_clear_pointer (&job->skipped, g_ptr_array_unref);
  g_clear_pointer (&job->errors, g_ptr_array_unref);
  g_clear_object (&job->cancellable);
  g_free (job);
}

void
_cm_window_update_sync_actions (CmWindow *self)
{
  gboolean has_accounts = cm_sync_view_get_n_accounts (self->sync_view) > 0;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.sync", has_accounts && !self->syncing);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.cancel-sync", self->syncing);
}

static gboolean
pulse_cb (gpointer user_data)
{
  CmWindow *self = user_data;

  gtk_progress_bar_pulse (self->sync_progress);
  return G_SOURCE_CONTINUE;
}

static void
set_pulsing (CmWindow *self,
             gboolean  pulsing)
{
  if (pulsing && self->pulse_id == 0)
    self->pulse_id = g_timeout_add (120, pulse_cb, self);
  else if (!pulsing)
    g_clear_handle_id (&self->pulse_id, g_source_remove);
}

static void
show_progress_text (CmWindow   *self,
                    const char *text)
{
  gtk_label_set_label (self->sync_label, text);
  gtk_progress_bar_set_text (self->sync_progress, NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->sync_progress),
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_TEXT, text, -1);
}

/* --- the end ------------------------------------------------------------ */

static void
sync_finish (SyncJob *job)
{
  g_autoptr(CmWindow) self = g_weak_ref_get (&job->window);
  g_autoptr(GString) message = g_string_new (NULL);
  gboolean problems = job->errors->len > 0 || job->skipped->len > 0;
  AdwToast *toast;

  if (job->held != NULL)
    g_application_release (g_steal_pointer (&job->held));

  /* The window closed meanwhile: the run is recorded, nobody is told. */
  if (self == NULL || self->disposed)
    {
      sync_job_free (job);
      return;
    }

  self->syncing = FALSE;
  set_pulsing (self, FALSE);
  g_clear_object (&self->sync_cancellable);

  _cm_window_update_sync_actions (self);

  if (job->cancelled)
    g_string_append (message, _("The sync was stopped. What had arrived was kept."));
  else if (job->errors->len == 0 && g_list_model_get_n_items (job->sources) == 0)
    {
      g_string_append (message, _("There is no account to sync with. Add one in Preferences."));
      problems = TRUE;
    }
  else
    {
      if (job->succeeded > 0 || !problems)
        {
          g_autofree char *counts = cm_sync_format_counts (job->inserted, job->updated,
                                                           job->quarantined, job->pushed);
          /* Translators: the end of a sync, "Synced: 120 new, 3 updated, 1 in quarantine" */
          g_string_append_printf (message, _("Synced: %s."), counts);
        }

      for (guint i = 0; i < job->errors->len; i++)
        {
          if (message->len > 0)
            g_string_append_c (message, ' ');
          g_string_append (message, g_ptr_array_index (job->errors, i));
        }

      for (guint i = 0; i < job->skipped->len; i++)
        {
          if (message->len > 0)
            g_string_append_c (message, ' ');
          g_string_append (message, g_ptr_array_index (job->skipped, i));
        }
    }

  g_free (self->sync_message);
  self->sync_message = g_string_free (g_steal_pointer (&message), FALSE);

  /* A problem stays under the header bar, whole, until dismissed; a toast
   * is too short for the sentences a failure needs. */
  if (problems)
    {
      gtk_label_set_label (self->sync_problem_label, self->sync_message);
      gtk_stack_set_visible_child_name (self->sync_status_stack, "problem");
      gtk_revealer_set_reveal_child (self->sync_revealer, TRUE);
      toast = adw_toast_new (job->succeeded > 0 ? _("The sync ended with problems.") : _("The sync failed."));
    }
  else
    {
      gtk_revealer_set_reveal_child (self->sync_revealer, FALSE);
      toast = adw_toast_new (self->sync_message);
    }
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);

  cm_window_reload (self);
  sync_job_free (job);
}

/* --- the thread --------------------------------------------------------- */

typedef struct
{
  CmWindow *window;
  guint     generation;
  char     *text;
  double    fraction;  /* < 0: unknown */
} Progress;

static gboolean
show_progress_cb (gpointer data)
{
  Progress *progress = data;
  CmWindow *self = progress->window;

  if (!self->disposed && self->syncing && progress->generation == self->sync_generation &&
      !g_cancellable_is_cancelled (self->sync_cancellable))
    {
      show_progress_text (self, progress->text);
      set_pulsing (self, progress->fraction < 0);
      if (progress->fraction >= 0)
        gtk_progress_bar_set_fraction (self->sync_progress, progress->fraction);
    }

  g_object_unref (progress->window);
  g_free (progress->text);
  g_free (progress);

  return G_SOURCE_REMOVE;
}

/* Called in the worker thread: hands a sentence to the main loop. */
static void
post_progress (SyncJob    *job,
               char       *text,
               double      fraction)
{
  CmWindow *window = g_weak_ref_get (&job->window);
  Progress *progress;

  if (window == NULL)
    {
      g_free (text);
      return;
    }

  progress = g_new0 (Progress, 1);
  progress->window = window;
  progress->generation = job->generation;
  progress->text = text;
  progress->fraction = fraction;
  g_main_context_invoke (NULL, show_progress_cb, progress);
}

typedef struct
{
  SyncJob    *job;
  const char *name;
} PullProgress;

static void
pull_progress_cb (const CmSyncStats *stats,
                  gpointer           user_data)
{
  PullProgress *pp = user_data;
  gint64 now = g_get_monotonic_time ();
  g_autofree char *received = cm_text_format_count (stats->received);
  char *text;

  /* A few times a second is all a person can read. */
  if (now - pp->job->last_progress < G_USEC_PER_SEC / 8)
    return;
  pp->job->last_progress = now;

  if (stats->expected > 0)
    {
      g_autofree char *expected = cm_text_format_count (stats->expected);
      /* Translators: "“Central CDMX”: received 250 of 1,234" */
      text = g_strdup_printf (_("“%s”: received %s of %s"), pp->name, received, expected);
      post_progress (pp->job, text, MIN (1.0, (double) stats->received / (double) stats->expected));
    }
  else
    {
      /* Translators: "“Central CDMX”: received 250" */
      text = g_strdup_printf (_("“%s”: received %s"), pp->name, received);
      post_progress (pp->job, text, -1);
    }
}

static void
add_error (SyncJob    *job,
           const char *message)
{
  for (guint i = 0; i < job->errors->len; i++)
    if (g_str_equal (g_ptr_array_index (job->errors, i), message))
      return;
  g_ptr_array_add (job->errors, g_strdup (message));
}

static void
sync_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *task_cancellable)
{
  CmDb *db = source_object;
  SyncJob *job = task_data;
  GCancellable *cancellable = job->cancellable;
  CmSyncOptions options;

  cm_sync_options_init (&options);

  for (guint i = 0; i < job->accounts->len; i++)
    {
      SyncAccount *account = g_ptr_array_index (job->accounts, i);
      const char *name = cm_source_get_name (account->source);
      PullProgress pp = { job, name };
      g_autoptr(GError) error = NULL;
      CmSyncStats stats = { 0 };
      guint pushed = 0;
      gboolean ok = TRUE;

      if (g_cancellable_is_cancelled (cancellable))
        break;

      if (cm_outbox_count_pending (db) > 0)
        {
          /* Translators: "Sending reviews to “Central CDMX”…" */
          post_progress (job, g_strdup_printf (_("Sending reviews to “%s”…"), name), -1);
          if (!cm_outbox_push (db, account->source, account->secret, &options, &pushed, cancellable, &error))
            {
              gboolean account_unreachable;

              if (g_cancellable_is_cancelled (cancellable))
                break;

              /* The pull would only fail the same way, and as slowly. */
              account_unreachable = g_error_matches (error, CM_SYNC_ERROR, CM_SYNC_ERROR_AUTH) ||
                                    g_error_matches (error, CM_SYNC_ERROR, CM_SYNC_ERROR_NETWORK) ||
                                    g_error_matches (error, CM_SYNC_ERROR, CM_SYNC_ERROR_TIMEOUT);
              add_error (job, error->message);
              g_clear_error (&error);
              ok = FALSE;
              if (account_unreachable)
                {
                  job->pushed += pushed;
                  continue;
                }
            }
          job->pushed += pushed;
        }

      /* Translators: "Asking “Central CDMX” for new reports…" */
      post_progress (job, g_strdup_printf (_("Asking “%s” for new reports…"), name), -1);
      job->last_progress = 0;
      if (!cm_sync_pull (db, account->source, account->secret, &options,
                         pull_progress_cb, &pp, &stats, cancellable, &error))
        {
          if (g_cancellable_is_cancelled (cancellable) ||
              g_error_matches (error, CM_SYNC_ERROR, CM_SYNC_ERROR_CANCELLED))
            {
              job->cancelled = TRUE;
              job->inserted += stats.inserted;
              job->updated += stats.updated;
              job->quarantined += stats.quarantined;
              break;
            }
          add_error (job, error->message);
          ok = FALSE;
        }

      job->inserted += stats.inserted;
      job->updated += stats.updated;
      job->quarantined += stats.quarantined;
      job->succeeded += ok;

      /* The photos and receipts of what arrived, newest first, while the
       * monitor reads the reports; Cancel stops it and keeps what came. */
      if (error == NULL)
        {
          g_autofree char *folder = cm_attachments_get_folder_for_db (db);
          guint fetched = 0;

          /* Translators: "Downloading photos and receipts from “Central CDMX”…" */
          post_progress (job, g_strdup_printf (_("Downloading photos and receipts from “%s”…"), name), -1);
          if (!cm_attachments_fetch (db, account->source, account->secret, &options, folder, 0,
                                     &fetched, cancellable, &error))
            {
              if (g_cancellable_is_cancelled (cancellable))
                {
                  job->cancelled = TRUE;
                  break;
                }
              g_autofree char *message = NULL;

              /* Translators: the second %s is why, e.g. "The server did not answer in time." */
              message = g_strdup_printf (_("Some photos from “%s” are still missing: %s"), name, error->message);
              add_error (job, message);
            }
        }
    }

  if (g_cancellable_is_cancelled (cancellable))
    job->cancelled = TRUE;

  /* The rules of what arrived; a cancelled run leaves its marks for the next. */
  if (!job->cancelled)
    {
      g_autoptr(GError) error = NULL;

      post_progress (job, g_strdup (_("Checking the operating rules…")), -1);
      if (!cm_compliance_update (db, NULL, NULL, cancellable, &error) &&
          !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_autofree char *message = g_strdup_printf (_("The rules could not be checked: %s"), error->message);
          add_error (job, message);
        }
    }

  g_task_return_boolean (task, TRUE);
}

static void
sync_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  SyncJob *job = user_data;

  /* The job's own figures say how it went; the task only says it ended. */
  g_task_propagate_boolean (G_TASK (result), NULL);
  sync_finish (job);
}

static void
start_thread (SyncJob *job)
{
  g_autoptr(GTask) task = NULL;

  if (job->accounts->len == 0)
    {
      sync_finish (job);
      return;
    }

  {
    g_autoptr(CmWindow) window = g_weak_ref_get (&job->window);

    if (window != NULL)
      {
        show_progress_text (window, _("Connecting…"));

        /* A window closed during a sync lets it stop and record itself
         * before the application ends. */
        if (gtk_window_get_application (GTK_WINDOW (window)) != NULL)
          {
            job->held = G_APPLICATION (gtk_window_get_application (GTK_WINDOW (window)));
            g_application_hold (job->held);
          }
      }
  }

  /* No cancellable on the task itself: its callback must run to finish
   * the job even when it is cancelled; the thread watches job->cancellable. */
  task = g_task_new (job->db, NULL, sync_done_cb, job);
  g_task_set_source_tag (task, start_thread);
  g_task_set_task_data (task, job, NULL);
  g_task_run_in_thread (task, sync_thread);
}

/* --- the secrets -------------------------------------------------------- */

static void resolve_next (SyncJob *job);

static void
add_skipped (SyncJob  *job,
             CmSource *source)
{
  g_ptr_array_add (job->skipped,
                   g_strdup_printf (cm_source_get_kind (source) == CM_SOURCE_KOBO ?
                                    /* Translators: an account left out of a sync */
                                    _("“%s” was skipped: no API token was given.") :
                                    /* Translators: an account left out of a sync */
                                    _("“%s” was skipped: no password was given."),
                                    cm_source_get_name (source)));
}

static void
add_account (SyncJob  *job,
             CmSource *source,
             CmSecret *secret)
{
  SyncAccount *account = g_new0 (SyncAccount, 1);

  account->source = g_object_ref (source);
  account->secret = secret;
  g_ptr_array_add (job->accounts, account);
}

/* AdwMessageDialog destroys its children before it emits "response": the
 * text is copied as it is typed, and wiped with the dialog. */
static void
prompt_changed_cb (GtkEditable *entry,
                   GtkWidget   *dialog)
{
  if (!gtk_widget_get_mapped (GTK_WIDGET (entry)))
    return;
  g_object_set_data_full (G_OBJECT (dialog), "typed", g_strdup (gtk_editable_get_text (entry)),
                          (GDestroyNotify) cm_secret_free);
}

/* GTK 4.8 with libadwaita 1.2 notifies a focused entry row after its
 * closing window destroyed it, and crashes: the focus leaves first. */
static gboolean
prompt_close_request_cb (GtkWindow *dialog)
{
  gtk_window_set_focus (dialog, NULL);
  return FALSE;
}

/* Enter in the entry: the default response, the focus off the entry. */
static void
prompt_activated_cb (GtkWidget *row,
                     GtkWidget *dialog)
{
  gtk_window_set_focus (GTK_WINDOW (dialog), NULL);
  gtk_widget_activate_default (dialog);
}

static void
prompt_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    SyncJob          *job)
{
  CmSource *source = g_object_get_data (G_OBJECT (dialog), "source");
  const char *text = g_object_get_data (G_OBJECT (dialog), "typed");

  if (g_strcmp0 (response, "sync") == 0 && text != NULL && *text != '\0')
    {
      cm_secret_store_set_session (cm_secret_store_get_default (), source, text);
      add_account (job, source, g_strdup (text));
    }
  else
    add_skipped (job, source);

  g_object_set_data (G_OBJECT (dialog), "typed", NULL);
  resolve_next (job);
}

/* No secret for @source: the person may type one, kept for the session. */
static void
prompt_secret (SyncJob      *job,
               CmSource     *source,
               const GError *why)
{
  CmSourceKind kind = cm_source_get_kind (source);
  gboolean kobo = kind == CM_SOURCE_KOBO;
  g_autofree char *heading = NULL;
  const char *body;
  GtkWidget *dialog, *list, *row;

  /* Translators: "Password for “Central CDMX”" or "API Token for “Kobo”" */
  heading = g_strdup_printf (_("%s for “%s”"), cm_sync_format_secret_title (kind), cm_source_get_name (source));

  if (g_error_matches (why, CM_SECRET_STORE_ERROR, CM_SECRET_STORE_ERROR_NO_KEYRING))
    body = kobo ?
           _("The desktop keyring is not available. Type the API token to sync now: "
             "Comedores keeps it in memory until it closes.") :
           _("The desktop keyring is not available. Type the password to sync now: "
             "Comedores keeps it in memory until it closes.");
  else
    body = kobo ?
           _("No API token is saved for this account. Type it to sync now: Comedores keeps it "
             "in memory until it closes. To save it, edit the account in Preferences.") :
           _("No password is saved for this account. Type it to sync now: Comedores keeps it "
             "in memory until it closes. To save it, edit the account in Preferences.");

  {
    g_autoptr(CmWindow) window = g_weak_ref_get (&job->window);

    /* Closed meanwhile: there is nobody to ask. */
    if (window == NULL || window->disposed)
      {
        add_skipped (job, source);
        resolve_next (job);
        return;
      }
    dialog = adw_message_dialog_new (GTK_WINDOW (window), heading, body);
    window->prompt = GTK_WINDOW (dialog);
    g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &window->prompt);
  }

  /* An entry row rather than a GtkPasswordEntry, whose caps-lock watch
   * outlives it in GTK 4.8. */
  row = adw_password_entry_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), cm_sync_format_secret_title (kind));
  list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_list_box_append (GTK_LIST_BOX (list), row);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), list);

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "skip", _("_Skip This Account"),
                                    "sync", _("_Sync"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "sync", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "sync");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "skip");

  g_object_set_data_full (G_OBJECT (dialog), "source", g_object_ref (source), g_object_unref);
  g_signal_connect_object (row, "changed", G_CALLBACK (prompt_changed_cb), dialog, 0);
  g_signal_connect_object (row, "entry-activated", G_CALLBACK (prompt_activated_cb), dialog, 0);
  g_signal_connect (dialog, "response", G_CALLBACK (prompt_response_cb), job);
  g_signal_connect (dialog, "close-request", G_CALLBACK (prompt_close_request_cb), NULL);

  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (row);
}

static void
secret_found_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  SyncJob *job = user_data;
  g_autoptr(CmSource) source = g_list_model_get_item (job->sources, job->next - 1);
  g_autoptr(GError) error = NULL;
  CmSecret *secret;

  secret = cm_secret_store_lookup_finish (CM_SECRET_STORE (object), result, &error);

  if (g_cancellable_is_cancelled (job->cancellable))
    {
      cm_secret_free (secret);
      job->cancelled = TRUE;
      sync_finish (job);
      return;
    }

  if (secret != NULL)
    {
      add_account (job, source, secret);
      resolve_next (job);
      return;
    }

  prompt_secret (job, source, error);
}

static void
resolve_next (SyncJob *job)
{
  g_autoptr(CmSource) source = NULL;

  if (g_cancellable_is_cancelled (job->cancellable))
    {
      job->cancelled = TRUE;
      sync_finish (job);
      return;
    }

  if (job->next >= g_list_model_get_n_items (job->sources))
    {
      start_thread (job);
      return;
    }

  source = g_list_model_get_item (job->sources, job->next++);
  cm_secret_store_lookup_async (cm_secret_store_get_default (), source, job->cancellable,
                                secret_found_cb, job);
}

/* --- the start ---------------------------------------------------------- */

static void
list_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GError *error = NULL;
  GListModel *sources = cm_source_list (source_object, &error);

  if (sources == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, sources, g_object_unref);
}

static void
listed_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  SyncJob *job = user_data;
  g_autoptr(GError) error = NULL;

  job->sources = g_task_propagate_pointer (G_TASK (result), &error);
  if (job->sources == NULL)
    {
      g_ptr_array_add (job->errors, g_strdup (error->message));
      job->sources = G_LIST_MODEL (g_list_store_new (CM_TYPE_SOURCE));
    }

  resolve_next (job);
}

static void
sync_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  CmWindow *self = CM_WINDOW (widget);
  g_autoptr(GTask) task = NULL;
  SyncJob *job;

  if (self->syncing)
    return;

  self->syncing = TRUE;
  self->sync_generation++;
  g_clear_object (&self->sync_cancellable);
  self->sync_cancellable = g_cancellable_new ();
  _cm_window_update_sync_actions (self);

  gtk_progress_bar_set_fraction (self->sync_progress, 0);
  gtk_stack_set_visible_child_name (self->sync_status_stack, "progress");
  set_pulsing (self, TRUE);
  show_progress_text (self, _("Preparing the sync…"));
  gtk_revealer_set_reveal_child (self->sync_revealer, TRUE);

  job = g_new0 (SyncJob, 1);
  g_weak_ref_init (&job->window, self);
  job->db = g_object_ref (self->db);
  job->generation = self->sync_generation;
  job->cancellable = g_object_ref (self->sync_cancellable);
  job->accounts = g_ptr_array_new_with_free_func ((GDestroyNotify) sync_account_free);
  job->skipped = g_ptr_array_new_with_free_func (g_free);
  job->errors = g_ptr_array_new_with_free_func (g_free);

  task = g_task_new (self->db, NULL, listed_cb, job);
  g_task_set_source_tag (task, sync_action);
  g_task_run_in_thread (task, list_thread);
}

static void
cancel_sync_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  CmWindow *self = CM_WINDOW (widget);

  if (!self->syncing || self->sync_cancellable == NULL)
    return;

  g_cancellable_cancel (self->sync_cancellable);
  set_pulsing (self, TRUE);
  show_progress_text (self, _("Stopping…"));
  gtk_widget_action_set_enabled (widget, "win.cancel-sync", FALSE);
}

static void
show_sync_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  cm_window_show_view (CM_WINDOW (widget), "sync");
}

static void
dismiss_sync_problem_action (GtkWidget  *widget,
                             const char *action_name,
                             GVariant   *parameter)
{
  CmWindow *self = CM_WINDOW (widget);

  if (!self->syncing)
    gtk_revealer_set_reveal_child (self->sync_revealer, FALSE);
}

static void
sync_view_loaded_cb (CmWindow *self)
{
  _cm_window_update_sync_actions (self);
}

void
_cm_window_class_init_sync (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.sync", NULL, sync_action);
  gtk_widget_class_install_action (widget_class, "win.cancel-sync", NULL, cancel_sync_action);
  gtk_widget_class_install_action (widget_class, "win.show-sync", NULL, show_sync_action);
  gtk_widget_class_install_action (widget_class, "win.dismiss-sync-problem", NULL, dismiss_sync_problem_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK, "win.sync", NULL);
}

/* Reviews are queued from the kitchens' pages: the Sync view reads its
 * lists again whenever it comes into view. */
static void
visible_view_changed_cb (CmWindow *self)
{
  if (g_strcmp0 (adw_view_stack_get_visible_child_name (self->view_stack), "sync") == 0)
    cm_sync_view_reload (self->sync_view);
}

void
_cm_window_init_sync (CmWindow *self)
{
  g_signal_connect_object (self->sync_view, "loaded", G_CALLBACK (sync_view_loaded_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->view_stack, "notify::visible-child-name",
                           G_CALLBACK (visible_view_changed_cb), self, G_CONNECT_SWAPPED);
  _cm_window_update_sync_actions (self);
}

void
_cm_window_dispose_sync (CmWindow *self)
{
  self->disposed = TRUE;
  if (self->sync_cancellable != NULL)
    g_cancellable_cancel (self->sync_cancellable);
  /* Closed rather than destroyed: it answers "skip", and the cancelled
   * sync ends. */
  if (self->prompt != NULL)
    gtk_window_close (self->prompt);
  set_pulsing (self, FALSE);
  if (self->preferences != NULL)
    {
      g_object_remove_weak_pointer (G_OBJECT (self->preferences), (gpointer *) &self->preferences);
      gtk_window_set_focus (self->preferences, NULL);
      gtk_window_destroy (self->preferences);
      self->preferences = NULL;
    }
  g_clear_pointer (&self->sync_message, g_free);
}

/* --- preferences and secrets -------------------------------------------- */

static void
accounts_changed_cb (CmWindow *self)
{
  cm_sync_view_reload (self->sync_view);
}

/**
 * cm_window_show_preferences:
 * @self: the window
 *
 * Opens the preferences of this window's database, or raises them.
 */
void
cm_window_show_preferences (CmWindow *self)
{
  g_return_if_fail (CM_IS_WINDOW (self));

  if (self->preferences == NULL)
    {
      self->preferences = GTK_WINDOW (cm_preferences_window_new (GTK_WINDOW (self), self->db));
      g_object_add_weak_pointer (G_OBJECT (self->preferences), (gpointer *) &self->preferences);
      g_signal_connect_object (self->preferences, "accounts-changed",
                               G_CALLBACK (accounts_changed_cb), self, G_CONNECT_SWAPPED);
    }

  gtk_window_present (self->preferences);
}

/* (transfer none) (nullable): the preferences window, while it is open */
GtkWindow *
cm_window_get_preferences (CmWindow *self)
{
  g_return_val_if_fail (CM_IS_WINDOW (self), NULL);
  return self->preferences;
}

/**
 * cm_window_set_session_secret:
 * @self: the window
 * @source: an account
 * @secret: (nullable): its password or token, or %NULL to forget it
 *
 * Gives the account's secret for this session only, in memory: what a
 * person types when there is no keyring, and what the tests use.
 */
void
cm_window_set_session_secret (CmWindow   *self,
                              CmSource   *source,
                              const char *secret)
{
  g_return_if_fail (CM_IS_WINDOW (self));
  g_return_if_fail (CM_IS_SOURCE (source));

  cm_secret_store_set_session (cm_secret_store_get_default (), source, secret);
}

/* (transfer none) (nullable): the dialog that asks for a secret, while it is open */
GtkWindow *
cm_window_get_secret_prompt (CmWindow *self)
{
  g_return_val_if_fail (CM_IS_WINDOW (self), NULL);
  return self->prompt;
}

gboolean
cm_window_is_syncing (CmWindow *self)
{
  g_return_val_if_fail (CM_IS_WINDOW (self), FALSE);
  return self->syncing;
}

/**
 * cm_window_get_sync_message:
 * @self: the window
 *
 * Returns: (nullable): the sentence the last sync ended with, as its toast showed it
 */
const char *
cm_window_get_sync_message (CmWindow *self)
{
  g_return_val_if_fail (CM_IS_WINDOW (self), NULL);
  return self->sync_message;
}
