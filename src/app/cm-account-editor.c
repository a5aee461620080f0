/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "cm-account-editor"

#include "config.h"

#include <glib/gi18n.h>

#include "cm-account-editor.h"
#include "cm-secret-store.h"
#include "cm-sync.h"
#include "cm-sync-format.h"

/* Adds an account, or changes one: its fields, its secret, and a test of
 * the connection before or after saving. */

struct _CmAccountEditor
{
  GtkWidget            parent_instance;

  /* template children */
  AdwWindowTitle      *window_title;
  GtkRevealer         *error_revealer;
  GtkLabel            *error_label;
  AdwEntryRow         *name_row;
  AdwComboRow         *kind_row;
  AdwEntryRow         *url_row;
  AdwPreferencesGroup *form_group;
  AdwEntryRow         *project_row;
  AdwEntryRow         *form_row;
  AdwPreferencesGroup *sign_in_group;
  AdwEntryRow         *user_row;
  AdwPasswordEntryRow *secret_row;
  AdwActionRow        *test_row;
  GtkSpinner          *test_spinner;
  GtkLabel            *test_result_label;

  CmDb                *db;
  CmSource            *source;       /* the account changed, or NULL for a new one */
  GCancellable        *cancellable;
  gboolean             saving;
  gboolean             testing;
};

G_DEFINE_FINAL_TYPE (CmAccountEditor, cm_account_editor, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_DB,
  PROP_SOURCE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* What the person typed, trimmed; secrets are not here. */
typedef struct
{
  char         *name;
  CmSourceKind  kind;
  char         *base_url;
  char         *project;
  char         *form_id;
  char         *username;
} Fields;

static void
fields_free (Fields *fields)
{
  g_free (fields->name);
  g_free (fields->base_url);
  g_free (fields->project);
  g_free (fields->form_id);
  g_free (fields->username);
  g_free (fields);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Fields, fields_free)

static char *
row_text (AdwEntryRow *row)
{
  g_autofree char *text = g_strdup (gtk_editable_get_text (GTK_EDITABLE (row)));

  g_strstrip (text);
  return *text != '\0' ? g_steal_pointer (&text) : NULL;
}

static CmSourceKind
selected_kind (CmAccountEditor *self)
{
  return adw_combo_row_get_selected (self->kind_row) == 1 ? CM_SOURCE_KOBO : CM_SOURCE_CENTRAL;
}

static Fields *
read_fields (CmAccountEditor *self)
{
  Fields *fields = g_new0 (Fields, 1);

  fields->name = row_text (self->name_row);
  fields->kind = selected_kind (self);
  fields->base_url = row_text (self->url_row);
  fields->form_id = row_text (self->form_row);
  if (fields->kind == CM_SOURCE_CENTRAL)
    {
      fields->project = row_text (self->project_row);
      fields->username = row_text (self->user_row);
    }

  return fields;
}

/* The secret typed, or NULL; the caller wipes it. */
static CmSecret *
typed_secret (CmAccountEditor *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->secret_row));

  return text != NULL && *text != '\0' ? g_strdup (text) : NULL;
}

static void
show_error (CmAccountEditor *self,
            const char      *message)
{
  gtk_label_set_label (self->error_label, message ? message : "");
  gtk_revealer_set_reveal_child (self->error_revealer, message != NULL);
  /* The sentence takes the focus, so that a screen reader says it. */
  if (message != NULL)
    gtk_widget_grab_focus (GTK_WIDGET (self->error_label));
}

static void
update_sensitivity (CmAccountEditor *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.save", !self->saving);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.cancel", !self->saving);
  /* Test stays enabled while it runs (a second press is ignored), so that
   * the keyboard focus stays on it. */
  gtk_widget_set_visible (GTK_WIDGET (self->test_spinner), self->testing);
  gtk_spinner_set_spinning (self->test_spinner, self->testing);
}

static void
kind_changed_cb (CmAccountEditor *self)
{
  gboolean central = selected_kind (self) == CM_SOURCE_CENTRAL;

  gtk_widget_set_visible (GTK_WIDGET (self->project_row), central);
  gtk_widget_set_visible (GTK_WIDGET (self->user_row), central);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->form_row),
                                 central ? _("Form ID") : _("Asset UID"));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->secret_row),
                                 cm_sync_format_secret_title (selected_kind (self)));
  adw_preferences_group_set_description (self->form_group,
                                         central ?
                                         _("The project’s number and the form’s ID, as in the form’s address on Central: …/projects/1/forms/reporte_diario.") :
                                         _("The form’s asset UID, as in its address on KoBoToolbox: …/#/forms/aBcD1234…/summary."));

  if (self->source != NULL)
    adw_preferences_group_set_description (self->sign_in_group,
                                           central ?
                                           _("Kept in the desktop keyring, never in the database. Leave the password empty to keep the one saved.") :
                                           _("Kept in the desktop keyring, never in the database. Leave the token empty to keep the one saved."));
  else
    adw_preferences_group_set_description (self->sign_in_group,
                                           central ?
                                           _("The password is kept in the desktop keyring, never in the database.") :
                                           _("The API token, from the account settings on KoBoToolbox, is kept in the desktop keyring, never in the database."));
}

/* --- test --------------------------------------------------------------- */

typedef struct
{
  CmSource *source;
  CmSecret *secret;
} Check;

static void
check_free (Check *check)
{
  g_clear_object (&check->source);
  g_clear_pointer (&check->secret, cm_secret_free);
  g_free (check);
}

static void
check_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  Check *check = task_data;
  CmSyncOptions options;
  GError *error = NULL;

  cm_sync_options_init (&options);
  options.timeout_seconds = 20;
  if (cm_sync_check (check->source, check->secret, &options, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
show_test_result (CmAccountEditor *self,
                  gboolean         ok,
                  const char      *message)
{
  gtk_label_set_label (self->test_result_label, message);
  gtk_widget_remove_css_class (GTK_WIDGET (self->test_result_label), ok ? "error" : "success");
  gtk_widget_add_css_class (GTK_WIDGET (self->test_result_label), ok ? "success" : "error");
  gtk_widget_set_visible (GTK_WIDGET (self->test_result_label), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->test_row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  message, -1);
}

static void
check_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(CmAccountEditor) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->testing = FALSE;
  update_sensitivity (self);

  if (error != NULL)
    show_test_result (self, FALSE, error->message);
  else
    show_test_result (self, TRUE, _("Connected: the account can read the form."));
}

static void
run_check (CmAccountEditor *self,
           CmSource        *source,
           CmSecret        *secret)
{
  g_autoptr(GTask) task = NULL;
  Check *check = g_new0 (Check, 1);

  check->source = g_object_ref (source);
  check->secret = secret;

  task = g_task_new (self, self->cancellable, check_done_cb, g_object_ref (self));
  g_task_set_source_tag (task, run_check);
  g_task_set_task_data (task, check, (GDestroyNotify) check_free);
  g_task_run_in_thread (task, check_thread);
}

typedef struct
{
  CmAccountEditor *self;
  CmSource        *unsaved;
} TestLookup;

static void
test_lookup_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  TestLookup *lookup = user_data;
  g_autoptr(CmAccountEditor) self = lookup->self;
  g_autoptr(CmSource) unsaved = lookup->unsaved;
  g_autoptr(GError) error = NULL;
  CmSecret *secret;

  g_free (lookup);

  secret = cm_secret_store_lookup_finish (CM_SECRET_STORE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (secret == NULL)
    {
      self->testing = FALSE;
      update_sensitivity (self);
      show_test_result (self, FALSE,
                        selected_kind (self) == CM_SOURCE_KOBO ?
                        _("No token is saved for this account: type it to test the connection.") :
                        _("No password is saved for this account: type it to test the connection."));
      return;
    }

  run_check (self, unsaved, secret);
}

static void
test_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  CmAccountEditor *self = CM_ACCOUNT_EDITOR (widget);
  g_autoptr(Fields) fields = read_fields (self);
  g_autoptr(GError) error = NULL;
  g_autoptr(CmSource) unsaved = NULL;
  CmSecret *secret;

  if (self->testing)
    return;

  unsaved = cm_source_new_unsaved (fields->name, fields->kind, fields->base_url, fields->project,
                                   fields->form_id, fields->username, &error);
  if (unsaved == NULL)
    {
      show_error (self, error->message);
      return;
    }
  show_error (self, NULL);

  self->testing = TRUE;
  update_sensitivity (self);
  gtk_label_set_label (self->test_result_label, _("Testing the connection…"));
  gtk_widget_remove_css_class (GTK_WIDGET (self->test_result_label), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->test_result_label), "success");
  gtk_widget_set_visible (GTK_WIDGET (self->test_result_label), TRUE);

  secret = typed_secret (self);
  if (secret != NULL)
    {
      run_check (self, unsaved, secret);
      return;
    }

  if (self->source != NULL)
    {
      TestLookup *lookup = g_new0 (TestLookup, 1);

      lookup->self = g_object_ref (self);
      lookup->unsaved = g_steal_pointer (&unsaved);
      cm_secret_store_lookup_async (cm_secret_store_get_default (), self->source, self->cancellable,
                                    test_lookup_cb, lookup);
      return;
    }

  self->testing = FALSE;
  update_sensitivity (self);
  show_test_result (self, FALSE,
                    fields->kind == CM_SOURCE_KOBO ?
                    _("Type the account’s API token to test the connection.") :
                    _("Type the account’s password to test the connection."));
  gtk_widget_grab_focus (GTK_WIDGET (self->secret_row));
}

/* --- save --------------------------------------------------------------- */

/* A save goes through the database, then moves or stores the secret. */
typedef struct
{
  CmAccountEditor *self;
  Fields          *fields;
  CmSource        *saved;        /* the account as the database now has it */
  CmSecret        *secret;       /* typed, or the old one being moved */
  gboolean         key_changed;  /* a new name or server: the keyring item moves */
  char            *note;         /* what the person should know, e.g. no keyring */
} Save;

static void
save_free (Save *save)
{
  g_clear_object (&save->self);
  g_clear_pointer (&save->fields, fields_free);
  g_clear_object (&save->saved);
  g_clear_pointer (&save->secret, cm_secret_free);
  g_free (save->note);
  g_free (save);
}

static void
save_finish (Save *save)
{
  CmAccountEditor *self = save->self;

  self->saving = FALSE;
  update_sensitivity (self);
  gtk_editable_set_text (GTK_EDITABLE (self->secret_row), "");
  g_signal_emit (self, signals[SIGNAL_FINISHED], 0, TRUE, save->note);
  save_free (save);
}

static void
secret_saved_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Save *save = user_data;
  g_autoptr(GError) error = NULL;

  if (!cm_secret_store_save_finish (CM_SECRET_STORE (object), result, &error))
    {
      if (g_error_matches (error, CM_SECRET_STORE_ERROR, CM_SECRET_STORE_ERROR_NO_KEYRING))
        save->note = g_strdup (error->message);
      else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        save->note = g_strdup (_("The account was saved, but the keyring did not keep its password: "
                                 "Comedores keeps it only until it closes."));
    }

  save_finish (save);
}

static void
store_secret (Save *save)
{
  if (save->secret == NULL)
    {
      save_finish (save);
      return;
    }

  cm_secret_store_save_async (cm_secret_store_get_default (), save->saved, save->secret,
                              NULL, secret_saved_cb, save);
}

static void
old_secret_forgotten_cb (GObject      *object,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  Save *save = user_data;

  /* The old item may simply not exist; either way the new one is stored. */
  cm_secret_store_forget_finish (CM_SECRET_STORE (object), result, NULL);
  store_secret (save);
}

static void
old_secret_found_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  Save *save = user_data;

  save->secret = cm_secret_store_lookup_finish (CM_SECRET_STORE (object), result, NULL);
  cm_secret_store_forget_async (CM_SECRET_STORE (object), save->self->source, NULL,
                                old_secret_forgotten_cb, save);
}

static void
save_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  CmDb *db = source_object;
  Save *save = task_data;
  Fields *f = save->fields;
  GError *error = NULL;
  CmSource *saved;

  if (save->self->source == NULL)
    saved = cm_source_add (db, f->name, f->kind, f->base_url, f->project, f->form_id, f->username, &error);
  else if (cm_source_update (db, cm_source_get_id (save->self->source), f->name, f->kind, f->base_url,
                             f->project, f->form_id, f->username, &error))
    saved = cm_source_find (db, f->name, &error);
  else
    saved = NULL;

  if (saved == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, saved, g_object_unref);
}

static void
saved_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  Save *save = user_data;
  CmAccountEditor *self = save->self;
  g_autoptr(GError) error = NULL;
  CmSecretStore *store = cm_secret_store_get_default ();

  save->saved = g_task_propagate_pointer (G_TASK (result), &error);
  if (save->saved == NULL)
    {
      self->saving = FALSE;
      update_sensitivity (self);
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_error (self, error->message);
      save_free (save);
      return;
    }

  show_error (self, NULL);

  if (self->source != NULL)
    save->key_changed = g_strcmp0 (cm_source_get_name (self->source), cm_source_get_name (save->saved)) != 0 ||
                        g_strcmp0 (cm_source_get_base_url (self->source), cm_source_get_base_url (save->saved)) != 0;

  if (save->key_changed && save->secret == NULL)
    cm_secret_store_lookup_async (store, self->source, NULL, old_secret_found_cb, save);
  else if (save->key_changed)
    cm_secret_store_forget_async (store, self->source, NULL, old_secret_forgotten_cb, save);
  else
    store_secret (save);
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  CmAccountEditor *self = CM_ACCOUNT_EDITOR (widget);
  g_autoptr(GTask) task = NULL;
  Save *save;

  if (self->saving)
    return;

  save = g_new0 (Save, 1);
  save->self = g_object_ref (self);
  save->fields = read_fields (self);
  save->secret = typed_secret (self);

  if (self->source == NULL && save->secret == NULL)
    {
      show_error (self, save->fields->kind == CM_SOURCE_KOBO ?
                        _("Type the account’s API token.") :
                        _("Type the account’s password."));
      gtk_widget_grab_focus (GTK_WIDGET (self->secret_row));
      save_free (save);
      return;
    }

  self->saving = TRUE;
  update_sensitivity (self);

  /* Not cancellable: once asked, the account is saved even if the editor
   * closes. The Save belongs to the callbacks that follow, to the last. */
  task = g_task_new (self->db, NULL, saved_cb, save);
  g_task_set_source_tag (task, save_action);
  g_task_set_task_data (task, save, NULL);
  g_task_run_in_thread (task, save_thread);
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  CmAccountEditor *self = CM_ACCOUNT_EDITOR (widget);

  g_cancellable_cancel (self->cancellable);
  g_signal_emit (self, signals[SIGNAL_FINISHED], 0, FALSE, NULL);
}

static void
entry_activated_cb (CmAccountEditor *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "editor.save", NULL);
}

/* --- the class ---------------------------------------------------------- */

static void
fill_from_source (CmAccountEditor *self)
{
  CmSource *s = self->source;

  adw_window_title_set_title (self->window_title, _("Edit Account"));
  adw_window_title_set_subtitle (self->window_title, cm_source_get_name (s));
  gtk_editable_set_text (GTK_EDITABLE (self->name_row), cm_source_get_name (s));
  adw_combo_row_set_selected (self->kind_row, cm_source_get_kind (s) == CM_SOURCE_KOBO ? 1 : 0);
  gtk_editable_set_text (GTK_EDITABLE (self->url_row), cm_source_get_base_url (s));
  gtk_editable_set_text (GTK_EDITABLE (self->project_row), cm_source_get_project (s) ? cm_source_get_project (s) : "");
  gtk_editable_set_text (GTK_EDITABLE (self->form_row), cm_source_get_form_id (s));
  gtk_editable_set_text (GTK_EDITABLE (self->user_row), cm_source_get_username (s) ? cm_source_get_username (s) : "");
}

static gboolean
focus_name_cb (gpointer user_data)
{
  CmAccountEditor *self = user_data;

  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    gtk_widget_grab_focus (GTK_WIDGET (self->name_row));
  return G_SOURCE_REMOVE;
}

/* Opened, the editor puts the keyboard in its first field: once the
 * preferences window has moved the focus into the page it slid in. */
static void
cm_account_editor_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (cm_account_editor_parent_class)->map (widget);
  g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, focus_name_cb, g_object_ref (widget), g_object_unref);
}

static void
cm_account_editor_constructed (GObject *object)
{
  CmAccountEditor *self = CM_ACCOUNT_EDITOR (object);

  G_OBJECT_CLASS (cm_account_editor_parent_class)->constructed (object);

  if (self->source != NULL)
    fill_from_source (self);
  kind_changed_cb (self);
  update_sensitivity (self);
}

static void
cm_account_editor_dispose (GObject *object)
{
  CmAccountEditor *self = CM_ACCOUNT_EDITOR (object);
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), CM_TYPE_ACCOUNT_EDITOR);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))))
    gtk_widget_unparent (child);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->source);
  g_clear_object (&self->db);

  G_OBJECT_CLASS (cm_account_editor_parent_class)->dispose (object);
}

static void
cm_account_editor_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  CmAccountEditor *self = CM_ACCOUNT_EDITOR (object);

  switch (prop_id)
    {
    case PROP_DB:
      self->db = g_value_dup_object (value);
      break;
    case PROP_SOURCE:
      self->source = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cm_account_editor_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  CmAccountEditor *self = CM_ACCOUNT_EDITOR (object);

  switch (prop_id)
    {
    case PROP_DB:
      g_value_set_object (value, self->db);
      break;
    case PROP_SOURCE:
      g_value_set_object (value, self->source);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cm_account_editor_class_init (CmAccountEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = cm_account_editor_constructed;
  object_class->dispose = cm_account_editor_dispose;
  object_class->set_property = cm_account_editor_set_property;
  object_class->get_property = cm_account_editor_get_property;
  widget_class->map = cm_account_editor_map;

  properties[PROP_DB] =
    g_param_spec_object ("db", NULL, NULL, CM_TYPE_DB,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SOURCE] =
    g_param_spec_object ("source", NULL, NULL, CM_TYPE_SOURCE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The editor is done: saved or not, and a sentence to show if any. */
  signals[SIGNAL_FINISHED] = g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                           0, NULL, NULL, NULL, G_TYPE_NONE, 2,
                                           G_TYPE_BOOLEAN, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/cm-account-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, CmAccountEditor, window_title);
  gtk_widget_class_bind_template_child (widget_class, CmAccountEditor, error_revealer);
  gtk_widget_class_bind_template_child (widget_class, CmAccountEditor, error_label);
  gtk_widget_class_bind_template_child (widget_class, CmAccountEditor, name_row);
  gtk_widget_class_bind_template_child (widget_class, CmAccountEditor, kind_row);
  gtk_widget_class_bind_template_child (widget_class, CmAccountEditor, url_row);
  gtk_widget_class_bind_template_child (widget_class, CmAccountEditor, form_group);
  gtk_widget_class_bind_template_child (widget_class, CmAccountEditor, project_row);
  gtk_widget_class_bind_template_child (widget_class, CmAccountEditor, form_row);
  gtk_widget_class_bind_template_child (widget_class, CmAccountEditor, sign_in_group);
  gtk_widget_class_bind_template_child (widget_class, CmAccountEditor, user_row);
  gtk_widget_class_bind_template_child (widget_class, CmAccountEditor, secret_row);
  gtk_widget_class_bind_template_child (widget_class, CmAccountEditor, test_row);
  gtk_widget_class_bind_template_child (widget_class, CmAccountEditor, test_spinner);
  gtk_widget_class_bind_template_child (widget_class, CmAccountEditor, test_result_label);

  gtk_widget_class_install_action (widget_class, "editor.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "editor.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "editor.test", NULL, test_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "editor.cancel", NULL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
cm_account_editor_init (CmAccountEditor *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();

  g_signal_connect_swapped (self->kind_row, "notify::selected", G_CALLBACK (kind_changed_cb), self);
  g_signal_connect_swapped (self->name_row, "entry-activated", G_CALLBACK (entry_activated_cb), self);
  g_signal_connect_swapped (self->url_row, "entry-activated", G_CALLBACK (entry_activated_cb), self);
  g_signal_connect_swapped (self->project_row, "entry-activated", G_CALLBACK (entry_activated_cb), self);
  g_signal_connect_swapped (self->form_row, "entry-activated", G_CALLBACK (entry_activated_cb), self);
  g_signal_connect_swapped (self->user_row, "entry-activated", G_CALLBACK (entry_activated_cb), self);
  g_signal_connect_swapped (self->secret_row, "entry-activated", G_CALLBACK (entry_activated_cb), self);
}

/**
 * cm_account_editor_new:
 * @db: the database
 * @source: (nullable): the account to change, or %NULL to add one
 *
 * Returns: (transfer floating): the editor
 */
GtkWidget *
cm_account_editor_new (CmDb     *db,
                       CmSource *source)
{
  g_return_val_if_fail (CM_IS_DB (db), NULL);
  g_return_val_if_fail (source == NULL || CM_IS_SOURCE (source), NULL);

  return g_object_new (CM_TYPE_ACCOUNT_EDITOR, "db", db, "source", source, NULL);
}
