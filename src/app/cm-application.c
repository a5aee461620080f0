/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "cm-application"

#include "config.h"

#include <glib/gi18n.h>

#include "cm-application.h"
#include "cm-db.h"
#include "cm-window.h"

struct _CmApplication
{
  AdwApplication  parent_instance;

  char           *db_path;
  GSettings      *settings;
};

G_DEFINE_FINAL_TYPE (CmApplication, cm_application, ADW_TYPE_APPLICATION)

static const GOptionEntry option_entries[] = {
  { "db", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Open the database at PATH instead of the default one"), N_("PATH") },
  { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Show the version and exit"), NULL },
  { NULL }
};

static int
cm_application_handle_local_options (GApplication *app,
                                     GVariantDict *options)
{
  CmApplication *self = CM_APPLICATION (app);
  const char *path = NULL;

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("comedores %s\n", PACKAGE_VERSION);
      return 0;
    }

  if (g_variant_dict_lookup (options, "db", "^&ay", &path))
    {
      g_autoptr(GFile) file = g_file_new_for_commandline_arg (path);
      g_free (self->db_path);
      self->db_path = g_file_get_path (file);
    }

  return -1;
}

static void
show_open_error (CmApplication *self,
                 const GError  *error)
{
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (NULL, _("The Database Could Not Be Opened"), error->message);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_set_application (GTK_WINDOW (dialog), GTK_APPLICATION (self));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
cm_application_activate (GApplication *app)
{
  CmApplication *self = CM_APPLICATION (app);
  g_autoptr(GError) error = NULL;
  g_autoptr(CmDb) db = NULL;
  g_autofree char *path = NULL;
  GtkWindow *window;

  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  if (window != NULL)
    {
      gtk_window_present (window);
      return;
    }

  path = self->db_path ? g_strdup (self->db_path) : cm_db_get_default_path ();
  db = cm_db_open (path, &error);
  if (db == NULL)
    {
      g_warning ("%s", error->message);
      show_open_error (self, error);
      return;
    }

  window = GTK_WINDOW (cm_window_new (self, db));
  gtk_window_present (window);
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  static const char *developers[] = { "Comedores developers", NULL };
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (user_data));
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", parent,
                        "application-icon", APPLICATION_ID,
                        "application-name", _("Comedores"),
                        "developer-name", _("Comedores developers"),
                        "version", PACKAGE_VERSION,
                        "comments", _("Monitoring of Mexico City’s community kitchens: "
                                      "their reports, their compliance with the operating "
                                      "rules and the programme’s public accounts."),
                        "website", "https://github.com/comedores/comedores",
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "developers", developers,
                        /* Translators: your names, one per line */
                        "translator-credits", _("translator-credits"),
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static void
preferences_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (user_data));

  /* The preferences are those of a window's database. */
  if (CM_IS_WINDOW (window))
    cm_window_show_preferences (CM_WINDOW (window));
  else if (window != NULL && CM_IS_WINDOW (gtk_window_get_transient_for (window)))
    cm_window_show_preferences (CM_WINDOW (gtk_window_get_transient_for (window)));
}

static const GActionEntry app_actions[] = {
  { "quit", quit_action },
  { "about", about_action },
  { "preferences", preferences_action },
};

static void
cm_application_startup (GApplication *app)
{
  CmApplication *self = CM_APPLICATION (app);
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *find_accels[] = { "<Control>f", NULL };
  static const char *preferences_accels[] = { "<Control>comma", NULL };
  GSettingsSchemaSource *source;
  g_autoptr(GSettingsSchema) schema = NULL;

  G_APPLICATION_CLASS (cm_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions,
                                   G_N_ELEMENTS (app_actions), app);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.find", find_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.preferences", preferences_accels);

  /* Without the schema (a build run by hand) the window simply forgets its
   * size, rather than aborting. */
  source = g_settings_schema_source_get_default ();
  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APPLICATION_ID, TRUE);
  if (schema != NULL)
    self->settings = g_settings_new (APPLICATION_ID);
  else
    g_warning ("The GSettings schema %s is not installed; settings will not be kept", APPLICATION_ID);
}

static void
cm_application_finalize (GObject *object)
{
  CmApplication *self = CM_APPLICATION (object);

  g_clear_pointer (&self->db_path, g_free);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (cm_application_parent_class)->finalize (object);
}

static void
cm_application_class_init (CmApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = cm_application_finalize;
  app_class->activate = cm_application_activate;
  app_class->startup = cm_application_startup;
  app_class->handle_local_options = cm_application_handle_local_options;
}

static void
cm_application_init (CmApplication *self)
{
  g_application_add_main_option_entries (G_APPLICATION (self), option_entries);
  g_application_set_option_context_parameter_string (G_APPLICATION (self), NULL);
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Monitor Mexico City’s community kitchens."));
}

CmApplication *
cm_application_new (void)
{
  /* NON_UNIQUE: each --db is its own window and process; two desks
   * never share a primary instance by accident. */
  return g_object_new (CM_TYPE_APPLICATION,
                       "application-id", APPLICATION_ID,
                       "flags", G_APPLICATION_NON_UNIQUE,
                       "resource-base-path", "/io/github/comedores/Comedores",
                       NULL);
}

/**
 * cm_application_get_settings:
 * @self: the application
 *
 * Returns: (transfer none) (nullable): the settings, or %NULL when the schema
 *   is not installed
 */
GSettings *
cm_application_get_settings (CmApplication *self)
{
  g_return_val_if_fail (CM_IS_APPLICATION (self), NULL);
  return self->settings;
}

/**
 * cm_application_get_person_name:
 * @self: the application
 *
 * Who is at the desk, for the audit log: the name set in Preferences, or
 * the system account's full name, or its login.
 *
 * Returns: (transfer full): a name, never empty
 */
char *
cm_application_get_person_name (CmApplication *self)
{
  g_autofree char *name = NULL;
  const char *real_name;

  g_return_val_if_fail (CM_IS_APPLICATION (self), NULL);

  if (self->settings != NULL)
    name = g_strstrip (g_settings_get_string (self->settings, "person-name"));
  if (name != NULL && *name != '\0')
    return g_steal_pointer (&name);

  real_name = g_get_real_name ();
  if (real_name != NULL && *real_name != '\0' && g_strcmp0 (real_name, "Unknown") != 0)
    return g_strdup (real_name);

  return g_strdup (g_get_user_name ());
}

/**
 * cm_application_dup_actor:
 *
 * The person at the desk, for what is written in their name: the running
 * application's person, or the system account's outside one (tests).
 *
 * Returns: (transfer full): a name, never empty
 */
char *
cm_application_dup_actor (void)
{
  GApplication *app = g_application_get_default ();
  const char *real_name = g_get_real_name ();

  if (CM_IS_APPLICATION (app))
    return cm_application_get_person_name (CM_APPLICATION (app));
  if (real_name != NULL && *real_name != '\0' && g_strcmp0 (real_name, "Unknown") != 0)
    return g_strdup (real_name);
  return g_strdup (g_get_user_name ());
}
