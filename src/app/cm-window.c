/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "cm-window"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "cm-canteen-list.h"
#include "cm-compliance.h"
#include "cm-demo.h"
#include "cm-import-dialog.h"
#include "cm-window-private.h"


G_DEFINE_FINAL_TYPE (CmWindow, cm_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_DB,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
show_page (CmWindow   *self,
           const char *name)
{
  gboolean loading = g_str_equal (name, "loading");

  gtk_spinner_set_spinning (self->spinner, loading);
  gtk_stack_set_visible_child_name (self->main_stack, name);
}

/* The start-up benchmark reads these: the first frame of the window, then
 * the first frame after the list arrived, with the memory then in use. */
static void
after_paint_cb (GdkFrameClock *clock,
                CmWindow      *self)
{
  g_autofree char *status = NULL;
  const char *rss;

  if (!self->first_frame_seen)
    g_print ("comedores-startup: first-frame\n");
  self->first_frame_seen = TRUE;

  if (!self->list_ready)
    return;

  g_clear_signal_handler (&self->after_paint_id, clock);

  if (g_file_get_contents ("/proc/self/status", &status, NULL, NULL) &&
      (rss = strstr (status, "VmRSS:")) != NULL)
    g_print ("comedores-startup: list-drawn %.*s\n", (int) strcspn (rss, "\n"), rss);
  else
    g_print ("comedores-startup: list-drawn\n");

  if (g_getenv ("COMEDORES_STARTUP_PROBE_QUIT") != NULL)
    g_application_quit (G_APPLICATION (gtk_window_get_application (GTK_WINDOW (self))));
}

static void
cm_window_map (GtkWidget *widget)
{
  CmWindow *self = CM_WINDOW (widget);

  GTK_WIDGET_CLASS (cm_window_parent_class)->map (widget);

  if (self->startup_probe && self->after_paint_id == 0)
    self->after_paint_id = g_signal_connect (gtk_widget_get_frame_clock (widget), "after-paint",
                                             G_CALLBACK (after_paint_cb), self);
}

static void
compliance_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  CmChecksStats stats = { 0 };
  guint closed = 0;
  GError *error = NULL;

  if (!cm_compliance_update (source_object, &stats, &closed, cancellable, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, stats.results > 0 || closed > 0);
}

static void
compliance_done_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(CmWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean changed = g_task_propagate_boolean (G_TASK (result), &error);

  if (error != NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        _cm_window_add_toast (self, error->message);
      return;
    }
  if (changed)
    cm_window_reload (self);
}

/* What changed while no window was open (a sync from the command line, a
 * database from an older Comedores) is checked once the list shows. */
static void
start_compliance_update (CmWindow *self)
{
  g_autoptr(GTask) task = NULL;

  if (self->compliance_started)
    return;
  self->compliance_started = TRUE;

  task = g_task_new (self->db, self->cancellable, compliance_done_cb, g_object_ref (self));
  g_task_set_source_tag (task, start_compliance_update);
  g_task_run_in_thread (task, compliance_thread);
}

static void
list_loaded_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(CmWindow) self = user_data;
  g_autoptr(GListModel) model = NULL;
  g_autoptr(GError) error = NULL;

  model = cm_canteen_list_load_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->busy = FALSE;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.reload", TRUE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.load-demo", TRUE);

  if (model == NULL)
    {
      adw_status_page_set_description (self->error_page, error->message);
      show_page (self, "error");
      return;
    }

  cm_kitchens_view_set_model (self->kitchens_view, model);
  if (self->summary_view != NULL)
    cm_summary_view_reload (self->summary_view);
  show_page (self, g_list_model_get_n_items (model) == 0 ? "empty" : "content");
  if (g_list_model_get_n_items (model) > 0)
    start_compliance_update (self);

  if (self->startup_probe)
    {
      g_print ("comedores-startup: list-ready kitchens=%u\n", g_list_model_get_n_items (model));
      self->list_ready = TRUE;
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
}

/**
 * cm_window_reload:
 * @self: the window
 *
 * Reads the kitchens and the sync records again from the database, in
 * worker threads.
 */
void
cm_window_reload (CmWindow *self)
{
  GDate today;

  g_return_if_fail (CM_IS_WINDOW (self));

  cm_sync_view_reload (self->sync_view);
  if (self->map_view != NULL)
    cm_map_view_reload_boundaries (self->map_view);

  if (self->busy)
    return;

  self->busy = TRUE;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.reload", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.load-demo", FALSE);

  /* Keep showing the list while it reloads; only a first load shows the spinner. */
  if (!g_str_equal (gtk_stack_get_visible_child_name (self->main_stack), "content"))
    {
      adw_status_page_set_title (self->loading_page, _("Opening the Database…"));
      show_page (self, "loading");
    }

  g_date_clear (&today, 1);
  g_date_set_time_t (&today, time (NULL));
  cm_canteen_list_load_async (self->db, &today, self->cancellable,
                              list_loaded_cb, g_object_ref (self));
}

typedef struct
{
  CmWindow *window;
  double    fraction;
} DemoProgress;

static gboolean
show_demo_progress (gpointer data)
{
  DemoProgress *progress = data;

  gtk_progress_bar_set_fraction (progress->window->progress_bar, progress->fraction);
  g_object_unref (progress->window);
  g_free (progress);

  return G_SOURCE_REMOVE;
}

/* Called in the generating thread: hand the figure to the main loop, a few
 * times per second at most. */
static void
demo_progress_cb (guint    done,
                  guint    total,
                  gpointer user_data)
{
  GTask *task = user_data;
  DemoProgress *progress;
  gint64 now = g_get_monotonic_time ();
  gint64 *last = g_object_get_data (G_OBJECT (task), "last-progress");

  if (done < total && now - *last < G_USEC_PER_SEC / 10)
    return;
  *last = now;

  progress = g_new0 (DemoProgress, 1);
  progress->window = g_object_ref (g_task_get_task_data (task));
  progress->fraction = (double) done / total;
  g_main_context_invoke (NULL, show_demo_progress, progress);
}

static void
demo_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  CmDemoOptions options;
  GError *error = NULL;

  cm_demo_options_init_default (&options);
  options.progress = demo_progress_cb;
  options.progress_data = task;
  if (!cm_demo_generate (CM_DB (source_object), &options, NULL, cancellable, &error) ||
      !cm_compliance_update (CM_DB (source_object), NULL, NULL, cancellable, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
demo_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(CmWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));
    }

  self->busy = FALSE;
  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), FALSE);
  cm_window_reload (self);
}

static void
load_demo_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  CmWindow *self = CM_WINDOW (widget);
  g_autoptr(GTask) task = NULL;

  if (self->busy)
    return;

  self->busy = TRUE;
  gtk_widget_action_set_enabled (widget, "win.reload", FALSE);
  gtk_widget_action_set_enabled (widget, "win.load-demo", FALSE);
  adw_status_page_set_title (self->loading_page, _("Creating the Demo World…"));
  show_page (self, "loading");

  gtk_progress_bar_set_fraction (self->progress_bar, 0);
  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), TRUE);

  task = g_task_new (self->db, self->cancellable, demo_done_cb, g_object_ref (self));
  g_task_set_source_tag (task, load_demo_action);
  g_task_set_task_data (task, g_object_ref (self), g_object_unref);
  g_object_set_data_full (G_OBJECT (task), "last-progress", g_new0 (gint64, 1), g_free);
  g_task_run_in_thread (task, demo_thread);
}

/* A visit to the kitchen shown: its Visits section, and the dialog that
 * starts one. */
static void
new_visit_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  CmWindow *self = CM_WINDOW (widget);
  CmKitchenPage *page = cm_kitchens_view_get_page (self->kitchens_view);

  if (page == NULL || cm_kitchen_page_get_canteen (page) == NULL)
    {
      _cm_window_add_toast (self, _("Choose a kitchen in the list first."));
      return;
    }

  adw_view_stack_set_visible_child_name (self->view_stack, "kitchens");
  cm_kitchen_page_show_section (page, "visits");
  gtk_widget_activate_action (GTK_WIDGET (cm_kitchen_page_get_reviews (page)), "reviews.new-visit", NULL);
}

/* The imports: a dialog of their own; the list reloads after one. */
static void
imported_cb (CmImportDialog *dialog,
             CmWindow       *self)
{
  cm_window_reload (self);
}

static void
open_import (CmWindow     *self,
             CmImportKind  kind)
{
  CmImportDialog *dialog;

  if (self->db == NULL)
    return;
  dialog = cm_import_dialog_new (self->db, kind);
  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (self));
  g_signal_connect_object (dialog, "imported", G_CALLBACK (imported_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
import_registry_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  open_import (CM_WINDOW (widget), CM_IMPORT_KIND_REGISTRY);
}

static void
import_boundaries_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  open_import (CM_WINDOW (widget), CM_IMPORT_KIND_BOUNDARIES);
}

static void
reload_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  cm_window_reload (CM_WINDOW (widget));
}

static void
find_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  CmWindow *self = CM_WINDOW (widget);

  if (!g_str_equal (gtk_stack_get_visible_child_name (self->main_stack), "content"))
    return;

  adw_view_stack_set_visible_child_name (self->view_stack, "kitchens");
  cm_kitchens_view_focus_search (self->kitchens_view);
}

static void
show_view_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  cm_window_show_view (CM_WINDOW (widget), g_variant_get_string (parameter, NULL));
}

static GSettings *
get_settings (CmWindow *self)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  return CM_IS_APPLICATION (app) ? cm_application_get_settings (CM_APPLICATION (app)) : NULL;
}

static gboolean
cm_window_close_request (GtkWindow *window)
{
  CmWindow *self = CM_WINDOW (window);
  GSettings *settings = get_settings (self);

  if (settings != NULL)
    {
      int width, height;

      gtk_window_get_default_size (window, &width, &height);
      g_settings_delay (settings);
      g_settings_set_boolean (settings, "window-maximized", gtk_window_is_maximized (window));
      if (!gtk_window_is_maximized (window))
        {
          g_settings_set_int (settings, "window-width", width);
          g_settings_set_int (settings, "window-height", height);
        }
      g_settings_set_string (settings, "last-view",
                             adw_view_stack_get_visible_child_name (self->view_stack));
      g_settings_apply (settings);
    }

  g_cancellable_cancel (self->cancellable);

  return GTK_WINDOW_CLASS (cm_window_parent_class)->close_request (window);
}

/* Called once the window knows its application, which GtkWindow sets only
 * after construction. */
/* The map is made the first time it is shown (or asked for): GTK,
 * libadwaita and libshumate's map, its layer and legend are a cost that a
 * window whose map stays closed need not pay. */
static void
ensure_map_view (CmWindow *self)
{
  GSettings *settings;

  if (self->map_view != NULL || self->db == NULL)
    return;

  self->map_view = cm_map_view_new ();
  adw_bin_set_child (self->map_bin, GTK_WIDGET (self->map_view));
  cm_map_view_set_kitchens_view (self->map_view, self->kitchens_view);
  cm_map_view_set_db (self->map_view, self->db);
  if ((settings = get_settings (self)) != NULL)
    cm_map_view_bind_settings (self->map_view, settings);
}

static void
visible_view_changed_cb (AdwViewStack *stack,
                         GParamSpec   *pspec,
                         CmWindow     *self)
{
  if (g_strcmp0 (adw_view_stack_get_visible_child_name (stack), "map") == 0)
    ensure_map_view (self);
}

static void
cm_window_restore_state (CmWindow *self)
{
  GSettings *settings = get_settings (self);
  g_autofree char *last_view = NULL;

  if (settings == NULL)
    return;

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (settings, "window-width"),
                               g_settings_get_int (settings, "window-height"));
  if (g_settings_get_boolean (settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  /* A view that a later version added may not exist here. */
  last_view = g_settings_get_string (settings, "last-view");
  if (adw_view_stack_get_child_by_name (self->view_stack, last_view) != NULL)
    adw_view_stack_set_visible_child_name (self->view_stack, last_view);

  cm_kitchens_view_bind_settings (self->kitchens_view, settings);
}

static void
cm_window_constructed (GObject *object)
{
  CmWindow *self = CM_WINDOW (object);

  G_OBJECT_CLASS (cm_window_parent_class)->constructed (object);

  cm_kitchens_view_set_db (self->kitchens_view, self->db);
  cm_sync_view_set_db (self->sync_view, self->db);
  g_signal_connect_object (self->view_stack, "notify::visible-child-name",
                           G_CALLBACK (visible_view_changed_cb), self, 0);
  visible_view_changed_cb (self->view_stack, NULL, self);
  _cm_window_summary_constructed (self);
  cm_window_reload (self);
}

static void
cm_window_dispose (GObject *object)
{
  CmWindow *self = CM_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  _cm_window_dispose_sync (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), CM_TYPE_WINDOW);

  G_OBJECT_CLASS (cm_window_parent_class)->dispose (object);
}

static void
cm_window_finalize (GObject *object)
{
  CmWindow *self = CM_WINDOW (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->db);

  G_OBJECT_CLASS (cm_window_parent_class)->finalize (object);
}

static void
cm_window_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  CmWindow *self = CM_WINDOW (object);

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
cm_window_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  CmWindow *self = CM_WINDOW (object);

  switch (prop_id)
    {
    case PROP_DB:
      g_value_set_object (value, self->db);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cm_window_class_init (CmWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = cm_window_constructed;
  object_class->dispose = cm_window_dispose;
  object_class->finalize = cm_window_finalize;
  object_class->set_property = cm_window_set_property;
  object_class->get_property = cm_window_get_property;
  window_class->close_request = cm_window_close_request;
  widget_class->map = cm_window_map;

  properties[PROP_DB] =
    g_param_spec_object ("db", NULL, NULL, CM_TYPE_DB,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (CM_TYPE_KITCHENS_VIEW);
  g_type_ensure (CM_TYPE_SYNC_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/cm-window.ui");
  gtk_widget_class_bind_template_child (widget_class, CmWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, CmWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, CmWindow, error_page);
  gtk_widget_class_bind_template_child (widget_class, CmWindow, loading_page);
  gtk_widget_class_bind_template_child (widget_class, CmWindow, spinner);
  gtk_widget_class_bind_template_child (widget_class, CmWindow, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, CmWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, CmWindow, kitchens_view);
  gtk_widget_class_bind_template_child (widget_class, CmWindow, map_bin);
  gtk_widget_class_bind_template_child (widget_class, CmWindow, sync_view);
  gtk_widget_class_bind_template_child (widget_class, CmWindow, summary_bin);
  gtk_widget_class_bind_template_child (widget_class, CmWindow, sync_revealer);
  gtk_widget_class_bind_template_child (widget_class, CmWindow, sync_status_stack);
  gtk_widget_class_bind_template_child (widget_class, CmWindow, sync_label);
  gtk_widget_class_bind_template_child (widget_class, CmWindow, sync_problem_label);
  gtk_widget_class_bind_template_child (widget_class, CmWindow, sync_progress);

  gtk_widget_class_install_action (widget_class, "win.reload", NULL, reload_action);
  gtk_widget_class_install_action (widget_class, "win.import-registry", NULL, import_registry_action);
  gtk_widget_class_install_action (widget_class, "win.import-boundaries", NULL, import_boundaries_action);
  gtk_widget_class_install_action (widget_class, "win.load-demo", NULL, load_demo_action);
  gtk_widget_class_install_action (widget_class, "win.find", NULL, find_action);
  gtk_widget_class_install_action (widget_class, "win.new-visit", NULL, new_visit_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "win.new-visit", NULL);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "win.reload", NULL);

  /* Alt and the view's place in the switcher. */
  gtk_widget_class_install_action (widget_class, "win.show-view", "s", show_view_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1, GDK_ALT_MASK, "win.show-view", "s", "kitchens");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_2, GDK_ALT_MASK, "win.show-view", "s", "map");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_3, GDK_ALT_MASK, "win.show-view", "s", "summary");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_4, GDK_ALT_MASK, "win.show-view", "s", "sync");

  _cm_window_class_init_sync (widget_class);
  _cm_window_class_init_summary (widget_class);
  _cm_window_class_init_export (widget_class);
  _cm_window_class_init_reports (widget_class);
}

static void
cm_window_init (CmWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->startup_probe = g_getenv ("COMEDORES_STARTUP_PROBE") != NULL;
  _cm_window_init_sync (self);
  _cm_window_init_summary (self);

#ifdef DEVELOPMENT_BUILD
  gtk_widget_add_css_class (GTK_WIDGET (self), "devel");
#endif
}

CmWindow *
cm_window_new (CmApplication *application,
               CmDb          *db)
{
  g_return_val_if_fail (CM_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (CM_IS_DB (db), NULL);

  CmWindow *self;

  self = g_object_new (CM_TYPE_WINDOW,
                       "application", application,
                       "db", db,
                       NULL);
  cm_window_restore_state (self);

  return self;
}

CmDb *
cm_window_get_db (CmWindow *self)
{
  g_return_val_if_fail (CM_IS_WINDOW (self), NULL);
  return self->db;
}

CmKitchensView *
cm_window_get_kitchens_view (CmWindow *self)
{
  g_return_val_if_fail (CM_IS_WINDOW (self), NULL);
  return self->kitchens_view;
}

CmMapView *
cm_window_get_map_view (CmWindow *self)
{
  g_return_val_if_fail (CM_IS_WINDOW (self), NULL);
  ensure_map_view (self);
  return self->map_view;
}

CmSyncView *
cm_window_get_sync_view (CmWindow *self)
{
  g_return_val_if_fail (CM_IS_WINDOW (self), NULL);
  return self->sync_view;
}

/**
 * cm_window_show_view:
 * @self: the window
 * @name: "kitchens", "map" or "sync"
 *
 * Shows one of the window's views, once the window shows its content.
 */
void
cm_window_show_view (CmWindow   *self,
                     const char *name)
{
  g_return_if_fail (CM_IS_WINDOW (self));

  if (adw_view_stack_get_child_by_name (self->view_stack, name) != NULL)
    adw_view_stack_set_visible_child_name (self->view_stack, name);
}

void
_cm_window_add_toast (CmWindow   *self,
                      const char *text)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (text));
}

/**
 * cm_window_get_shown_page:
 * @self: the window
 *
 * Returns: what the window shows: "loading", "empty", "error" or "content"
 */
const char *
cm_window_get_shown_page (CmWindow *self)
{
  g_return_val_if_fail (CM_IS_WINDOW (self), NULL);
  return gtk_stack_get_visible_child_name (self->main_stack);
}
