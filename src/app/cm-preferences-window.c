/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "cm-preferences-window"

#include "config.h"

#include <glib/gi18n.h>

#include "cm-account-editor.h"
#include "cm-application.h"
#include "cm-preferences-window.h"
#include "cm-secret-store.h"
#include "cm-source.h"
#include "cm-sync-format.h"
#include "cm-tile-source.h"

struct _CmPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  /* template children */
  GtkListBox           *accounts_list;
  AdwPreferencesGroup  *keyring_group;
  AdwActionRow         *keyring_row;
  AdwEntryRow          *person_name_row;
  AdwEntryRow          *tile_url_row;
  AdwEntryRow          *tile_attribution_row;

  CmDb                 *db;
  GCancellable         *cancellable;
  GListModel           *accounts;
  gboolean              loading;
  GtkWidget            *closing_editor;  /* weak: leaving, until its transition ends */
  guint                 open_id;
  CmSource             *open_source;     /* the editor to open once it has left */
};

G_DEFINE_FINAL_TYPE (CmPreferencesWindow, cm_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

enum {
  PROP_0,
  PROP_DB,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_ACCOUNTS_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void reload (CmPreferencesWindow *self);

static void
add_toast (CmPreferencesWindow *self,
           const char          *text,
           guint                timeout)
{
  AdwToast *toast = adw_toast_new (text);

  adw_toast_set_timeout (toast, timeout);
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), toast);
}

/* Without a keyring, the page says so for as long as it lasts. */
static void
show_keyring_note (CmPreferencesWindow *self,
                   const char          *note)
{
  if (note == NULL && !cm_secret_store_get_keyring_available (cm_secret_store_get_default ()))
    note = _("The desktop keyring is not available. Passwords and tokens typed here are kept "
             "in memory only, and asked for again after Comedores closes.");

  if (note != NULL)
    adw_action_row_set_subtitle (self->keyring_row, note);
  gtk_widget_set_visible (GTK_WIDGET (self->keyring_group), note != NULL);
}

/* --- the editor --------------------------------------------------------- */

static void
editor_finished_cb (CmPreferencesWindow *self,
                    gboolean             saved,
                    const char          *note,
                    CmAccountEditor     *editor)
{
  g_set_weak_pointer (&self->closing_editor, GTK_WIDGET (editor));
  adw_preferences_window_close_subpage (ADW_PREFERENCES_WINDOW (self));
  show_keyring_note (self, note);

  if (saved)
    {
      add_toast (self, _("Account saved"), 3);
      reload (self);
      g_signal_emit (self, signals[SIGNAL_ACCOUNTS_CHANGED], 0);
    }
}

static void open_editor (CmPreferencesWindow *self,
                         CmSource            *source);

static gboolean
open_when_closed_cb (gpointer user_data)
{
  CmPreferencesWindow *self = user_data;
  g_autoptr(CmSource) source = g_steal_pointer (&self->open_source);

  if (self->closing_editor != NULL && gtk_widget_get_parent (self->closing_editor) != NULL)
    {
      self->open_source = g_steal_pointer (&source);
      return G_SOURCE_CONTINUE;
    }

  self->open_id = 0;
  g_clear_weak_pointer (&self->closing_editor);
  open_editor (self, source);
  return G_SOURCE_REMOVE;
}

static void
open_editor (CmPreferencesWindow *self,
             CmSource            *source)
{
  GtkWidget *editor;

  /* libadwaita 1.2 mishandles a subpage presented while the last one is
   * still sliding out: wait for it to leave. */
  if (self->closing_editor != NULL && gtk_widget_get_parent (self->closing_editor) != NULL)
    {
      g_set_object (&self->open_source, source);
      if (self->open_id == 0)
        self->open_id = g_timeout_add (50, open_when_closed_cb, self);
      return;
    }

  editor = cm_account_editor_new (self->db, source);

  g_signal_connect_object (editor, "finished", G_CALLBACK (editor_finished_cb), self, G_CONNECT_SWAPPED);
  adw_preferences_window_present_subpage (ADW_PREFERENCES_WINDOW (self), editor);
}

static void
add_account_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  open_editor (CM_PREFERENCES_WINDOW (widget), NULL);
}

static void
edit_clicked_cb (GtkButton           *button,
                 CmPreferencesWindow *self)
{
  open_editor (self, g_object_get_data (G_OBJECT (button), "source"));
}

/**
 * cm_preferences_window_edit_account:
 * @self: the window
 * @name: an account's name
 *
 * Opens the editor of the account shown with that name, if any.
 */
void
cm_preferences_window_edit_account (CmPreferencesWindow *self,
                                    const char          *name)
{
  guint n;

  g_return_if_fail (CM_IS_PREFERENCES_WINDOW (self));

  n = self->accounts ? g_list_model_get_n_items (self->accounts) : 0;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CmSource) source = g_list_model_get_item (self->accounts, i);

      if (g_strcmp0 (cm_source_get_name (source), name) == 0)
        {
          open_editor (self, source);
          return;
        }
    }
}

/* --- removal ------------------------------------------------------------ */

static void
remove_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  GError *error = NULL;

  if (cm_source_remove (source_object, cm_source_get_id (task_data), &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
secret_forgotten_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  /* An account without a saved secret is the usual case here. */
  cm_secret_store_forget_finish (CM_SECRET_STORE (object), result, NULL);
}

static void
removed_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(CmPreferencesWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  CmSource *source = g_task_get_task_data (G_TASK (result));
  g_autofree char *text = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        add_toast (self, error->message, 10);
      return;
    }

  cm_secret_store_forget_async (cm_secret_store_get_default (), source, NULL, secret_forgotten_cb, NULL);

  /* Translators: a toast after an account was removed */
  text = g_strdup_printf (_("“%s” was removed. Its reports stay."), cm_source_get_name (source));
  add_toast (self, text, 5);
  reload (self);
  g_signal_emit (self, signals[SIGNAL_ACCOUNTS_CHANGED], 0);
}

static void
remove_response_cb (AdwMessageDialog    *dialog,
                    const char          *response,
                    CmPreferencesWindow *self)
{
  CmSource *source = g_object_get_data (G_OBJECT (dialog), "source");
  g_autoptr(GTask) task = NULL;

  if (g_strcmp0 (response, "remove") != 0)
    return;

  task = g_task_new (self->db, self->cancellable, removed_cb, g_object_ref (self));
  g_task_set_source_tag (task, remove_response_cb);
  g_task_set_task_data (task, g_object_ref (source), g_object_unref);
  g_task_run_in_thread (task, remove_thread);
}

static void
remove_clicked_cb (GtkButton           *button,
                   CmPreferencesWindow *self)
{
  CmSource *source = g_object_get_data (G_OBJECT (button), "source");
  g_autofree char *heading = NULL;
  GtkWidget *dialog;

  /* Translators: the heading of the dialog that removes an account */
  heading = g_strdup_printf (_("Remove “%s”?"), cm_source_get_name (source));
  dialog = adw_message_dialog_new (GTK_WINDOW (self), heading,
                                   _("The reports it brought stay in the database. Its history of "
                                     "syncs, any review still waiting to be sent through it, and its "
                                     "password in the keyring are removed."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "remove", _("_Remove"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "remove",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "source", g_object_ref (source), g_object_unref);
  g_signal_connect_object (dialog, "response", G_CALLBACK (remove_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* --- the list ----------------------------------------------------------- */

static GtkWidget *
row_button (const char *icon_name,
            const char *label)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon_name);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);

  return button;
}

static GtkWidget *
create_account_row (gpointer item,
                    gpointer user_data)
{
  CmPreferencesWindow *self = user_data;
  CmSource *source = item;
  g_autofree char *subtitle = cm_sync_format_account (source);
  g_autofree char *edit_label = NULL;
  g_autofree char *remove_label = NULL;
  GtkWidget *row, *edit, *remove;

  if (cm_source_get_kind (source) == CM_SOURCE_CENTRAL && cm_source_get_username (source) != NULL)
    {
      g_autofree char *account = g_steal_pointer (&subtitle);
      /* Translators: the second line of a Central account: "Signs in as monitor@example.org" */
      g_autofree char *user = g_strdup_printf (_("Signs in as %s"), cm_source_get_username (source));

      subtitle = g_strdup_printf ("%s\n%s", account, user);
    }

  row = adw_action_row_new ();
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), cm_source_get_name (source));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);

  /* Translators: a button's accessible name, "Edit “Central CDMX”" */
  edit_label = g_strdup_printf (_("Edit “%s”"), cm_source_get_name (source));
  edit = row_button ("document-edit-symbolic", edit_label);
  g_object_set_data_full (G_OBJECT (edit), "source", g_object_ref (source), g_object_unref);
  g_signal_connect_object (edit, "clicked", G_CALLBACK (edit_clicked_cb), self, 0);

  /* Translators: a button's accessible name, "Remove “Central CDMX”" */
  remove_label = g_strdup_printf (_("Remove “%s”"), cm_source_get_name (source));
  remove = row_button ("user-trash-symbolic", remove_label);
  g_object_set_data_full (G_OBJECT (remove), "source", g_object_ref (source), g_object_unref);
  g_signal_connect_object (remove, "clicked", G_CALLBACK (remove_clicked_cb), self, 0);

  adw_action_row_add_suffix (ADW_ACTION_ROW (row), edit);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), edit);

  return row;
}

static GtkWidget *
accounts_placeholder (void)
{
  GtkWidget *label = gtk_label_new (_("No accounts yet"));

  gtk_widget_add_css_class (label, "dim-label");
  gtk_widget_set_margin_top (label, 18);
  gtk_widget_set_margin_bottom (label, 18);
  return label;
}

static void
list_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GError *error = NULL;
  GListModel *accounts = cm_source_list (source_object, &error);

  if (accounts == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, accounts, g_object_unref);
}

static void
listed_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(CmPreferencesWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) accounts = g_task_propagate_pointer (G_TASK (result), &error);

  if (accounts == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      self->loading = FALSE;
      add_toast (self, error->message, 10);
      return;
    }

  self->loading = FALSE;
  show_keyring_note (self, NULL);
  g_set_object (&self->accounts, accounts);
  gtk_list_box_bind_model (self->accounts_list, self->accounts, create_account_row, self, NULL);
}

static void
reload (CmPreferencesWindow *self)
{
  g_autoptr(GTask) task = NULL;

  self->loading = TRUE;
  task = g_task_new (self->db, self->cancellable, listed_cb, g_object_ref (self));
  g_task_set_source_tag (task, reload);
  g_task_run_in_thread (task, list_thread);
}

/* --- the class ---------------------------------------------------------- */

static void
cm_preferences_window_constructed (GObject *object)
{
  CmPreferencesWindow *self = CM_PREFERENCES_WINDOW (object);

  G_OBJECT_CLASS (cm_preferences_window_parent_class)->constructed (object);

  reload (self);
}

/* GTK 4.8 with libadwaita 1.2 notifies a focused entry row after its
 * window destroyed it, and crashes: the focus leaves first. */
static gboolean
cm_preferences_window_close_request (GtkWindow *window)
{
  gtk_window_set_focus (window, NULL);
  return GTK_WINDOW_CLASS (cm_preferences_window_parent_class)->close_request (window);
}

static void
cm_preferences_window_dispose (GObject *object)
{
  CmPreferencesWindow *self = CM_PREFERENCES_WINDOW (object);

  gtk_window_set_focus (GTK_WINDOW (self), NULL);
  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->open_id, g_source_remove);
  g_clear_weak_pointer (&self->closing_editor);
  g_clear_object (&self->open_source);
  gtk_widget_dispose_template (GTK_WIDGET (self), CM_TYPE_PREFERENCES_WINDOW);

  G_OBJECT_CLASS (cm_preferences_window_parent_class)->dispose (object);
}

static void
cm_preferences_window_finalize (GObject *object)
{
  CmPreferencesWindow *self = CM_PREFERENCES_WINDOW (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->accounts);
  g_clear_object (&self->db);

  G_OBJECT_CLASS (cm_preferences_window_parent_class)->finalize (object);
}

static void
cm_preferences_window_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  CmPreferencesWindow *self = CM_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_DB:
      self->db = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cm_preferences_window_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  CmPreferencesWindow *self = CM_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_DB:
      g_value_set_object (value, self->db);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* --- the map's tiles ------------------------------------------------------ */

static GSettings *
get_settings (void)
{
  GApplication *app = g_application_get_default ();

  return CM_IS_APPLICATION (app) ? cm_application_get_settings (CM_APPLICATION (app)) : NULL;
}

/**
 * cm_preferences_window_apply_tile_url:
 * @self: the window
 * @url_template: a tile server's address, as typed
 * @error: why it is refused
 *
 * Keeps @url_template for the map when it is usable; the map follows.
 *
 * Returns: %TRUE when it was kept
 */
gboolean
cm_preferences_window_apply_tile_url (CmPreferencesWindow  *self,
                                      const char           *url_template,
                                      GError              **error)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (url_template));
  GSettings *settings = get_settings ();

  g_return_val_if_fail (CM_IS_PREFERENCES_WINDOW (self), FALSE);

  if (!cm_tile_url_template_validate (trimmed, error))
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->tile_url_row), "error");
      return FALSE;
    }

  gtk_widget_remove_css_class (GTK_WIDGET (self->tile_url_row), "error");
  if (settings != NULL)
    g_settings_set_string (settings, "tile-url-template", trimmed);
  return TRUE;
}

static void
tile_url_apply_cb (CmPreferencesWindow *self)
{
  g_autoptr(GError) error = NULL;

  if (!cm_preferences_window_apply_tile_url (self, gtk_editable_get_text (GTK_EDITABLE (self->tile_url_row)),
                                             &error))
    add_toast (self, error->message, 0);
}

static void
tile_attribution_apply_cb (CmPreferencesWindow *self)
{
  GSettings *settings = get_settings ();
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->tile_attribution_row))));

  if (settings != NULL)
    g_settings_set_string (settings, "tile-attribution", text);
}

static void
reset_tiles_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  CmPreferencesWindow *self = CM_PREFERENCES_WINDOW (widget);
  GSettings *settings = get_settings ();
  g_autofree char *url = NULL;
  g_autofree char *attribution = NULL;

  if (settings == NULL)
    return;
  g_settings_reset (settings, "tile-url-template");
  g_settings_reset (settings, "tile-attribution");
  url = g_settings_get_string (settings, "tile-url-template");
  attribution = g_settings_get_string (settings, "tile-attribution");
  gtk_editable_set_text (GTK_EDITABLE (self->tile_url_row), url);
  gtk_editable_set_text (GTK_EDITABLE (self->tile_attribution_row), attribution);
  gtk_widget_remove_css_class (GTK_WIDGET (self->tile_url_row), "error");
}

static void
cm_preferences_window_class_init (CmPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = cm_preferences_window_constructed;
  object_class->dispose = cm_preferences_window_dispose;
  object_class->finalize = cm_preferences_window_finalize;
  object_class->set_property = cm_preferences_window_set_property;
  object_class->get_property = cm_preferences_window_get_property;
  GTK_WINDOW_CLASS (klass)->close_request = cm_preferences_window_close_request;

  properties[PROP_DB] =
    g_param_spec_object ("db", NULL, NULL, CM_TYPE_DB,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* An account was added, changed or removed. */
  signals[SIGNAL_ACCOUNTS_CHANGED] =
    g_signal_new ("accounts-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/cm-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, CmPreferencesWindow, accounts_list);
  gtk_widget_class_bind_template_child (widget_class, CmPreferencesWindow, keyring_group);
  gtk_widget_class_bind_template_child (widget_class, CmPreferencesWindow, keyring_row);
  gtk_widget_class_bind_template_child (widget_class, CmPreferencesWindow, person_name_row);
  gtk_widget_class_bind_template_child (widget_class, CmPreferencesWindow, tile_url_row);
  gtk_widget_class_bind_template_child (widget_class, CmPreferencesWindow, tile_attribution_row);
  gtk_widget_class_bind_template_callback (widget_class, tile_url_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, tile_attribution_apply_cb);
  gtk_widget_class_install_action (widget_class, "prefs.reset-tiles", NULL, reset_tiles_action);

  gtk_widget_class_install_action (widget_class, "prefs.add-account", NULL, add_account_action);
}

static void
cm_preferences_window_init (CmPreferencesWindow *self)
{
  GApplication *app;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();

  gtk_list_box_set_placeholder (self->accounts_list, accounts_placeholder ());

  app = g_application_get_default ();
  if (CM_IS_APPLICATION (app) && cm_application_get_settings (CM_APPLICATION (app)) != NULL)
    {
      GSettings *settings = cm_application_get_settings (CM_APPLICATION (app));
      g_autofree char *url = g_settings_get_string (settings, "tile-url-template");
      g_autofree char *attribution = g_settings_get_string (settings, "tile-attribution");

      g_settings_bind (settings, "person-name", self->person_name_row, "text", G_SETTINGS_BIND_DEFAULT);
      gtk_editable_set_text (GTK_EDITABLE (self->tile_url_row), url);
      gtk_editable_set_text (GTK_EDITABLE (self->tile_attribution_row), attribution);
    }
}

CmPreferencesWindow *
cm_preferences_window_new (GtkWindow *parent,
                           CmDb      *db)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (CM_IS_DB (db), NULL);

  return g_object_new (CM_TYPE_PREFERENCES_WINDOW,
                       "transient-for", parent,
                       "db", db,
                       NULL);
}

/**
 * cm_preferences_window_get_accounts:
 * @self: the window
 *
 * Returns: (transfer none) (nullable): the #CmSource listed
 */
GListModel *
cm_preferences_window_get_accounts (CmPreferencesWindow *self)
{
  g_return_val_if_fail (CM_IS_PREFERENCES_WINDOW (self), NULL);
  return self->accounts;
}

gboolean
cm_preferences_window_is_loading (CmPreferencesWindow *self)
{
  g_return_val_if_fail (CM_IS_PREFERENCES_WINDOW (self), FALSE);
  return self->loading;
}
