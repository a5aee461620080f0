/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "cm-canteen-editor"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "cm-alcaldias.h"
#include "cm-application.h"
#include "cm-canteen-edit.h"
#include "cm-canteen-editor.h"

/* A kitchen's record in a window of its own: what a person can correct in
 * the registry. It checks as the person types, saves in a worker thread,
 * and on success asks the window to read the kitchens again. */

struct _CmCanteenEditor
{
  AdwWindow       parent_instance;

  AdwWindowTitle *window_title;
  GtkButton      *save_button;
  GtkWidget      *problem_group;
  GtkLabel       *problem_label;
  AdwEntryRow    *name_row;
  AdwEntryRow    *address_row;
  AdwEntryRow    *colonia_row;
  AdwComboRow    *alcaldia_row;
  AdwEntryRow    *latitude_row;
  AdwEntryRow    *longitude_row;
  AdwEntryRow    *schedule_row;
  GtkSpinButton  *capacity_spin;
  AdwEntryRow    *tablet_row;

  CmDb           *db;
  CmCanteen      *canteen;
  GtkWindow      *parent;        /* weak: where "win.reload" is activated */
  GPtrArray      *alcaldia_codes;  /* the combo's entries after "None" */
  gboolean        capacity_touched;
  gboolean        saving;
};

G_DEFINE_FINAL_TYPE (CmCanteenEditor, cm_canteen_editor, ADW_TYPE_WINDOW)

/* The record as typed; its strings belong to the rows. NULL with @error
 * when a field cannot be read. */
static gboolean
read_record (CmCanteenEditor  *self,
             CmCanteenRecord  *record,
             GError          **error)
{
  guint pos = adw_combo_row_get_selected (self->alcaldia_row);

  record->name = gtk_editable_get_text (GTK_EDITABLE (self->name_row));
  record->address = gtk_editable_get_text (GTK_EDITABLE (self->address_row));
  record->colonia = gtk_editable_get_text (GTK_EDITABLE (self->colonia_row));
  record->alcaldia_code = pos > 0 && pos <= self->alcaldia_codes->len
                          ? g_ptr_array_index (self->alcaldia_codes, pos - 1) : NULL;
  record->schedule = gtk_editable_get_text (GTK_EDITABLE (self->schedule_row));
  record->tablet_id = gtk_editable_get_text (GTK_EDITABLE (self->tablet_row));
  /* An unknown capacity stays unknown until someone sets it. */
  record->capacity = cm_canteen_get_capacity (self->canteen) < 0 && !self->capacity_touched
                     ? -1 : gtk_spin_button_get_value_as_int (self->capacity_spin);

  if (!cm_canteen_edit_parse_point (gtk_editable_get_text (GTK_EDITABLE (self->latitude_row)),
                                    gtk_editable_get_text (GTK_EDITABLE (self->longitude_row)),
                                    &record->latitude, &record->longitude, error))
    return FALSE;

  return cm_canteen_edit_check_record (record, error);
}

static void
show_problem (CmCanteenEditor *self,
              const char      *message)
{
  gtk_label_set_text (self->problem_label, message ? message : "");
  gtk_widget_set_visible (self->problem_group, message != NULL);
}

static void
mark_row (gpointer row,
          gboolean wrong)
{
  if (wrong)
    gtk_widget_add_css_class (GTK_WIDGET (row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
}

static void
validate (CmCanteenEditor *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) point_error = NULL;
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_row))));
  CmCanteenRecord record;
  double lat, lon;
  gboolean ok = read_record (self, &record, &error);
  gboolean point_ok = cm_canteen_edit_parse_point (gtk_editable_get_text (GTK_EDITABLE (self->latitude_row)),
                                                   gtk_editable_get_text (GTK_EDITABLE (self->longitude_row)),
                                                   &lat, &lon, &point_error);

  show_problem (self, ok ? NULL : error->message);
  gtk_widget_set_sensitive (GTK_WIDGET (self->save_button), ok && !self->saving);

  /* The rows at fault, marked as GNOME marks a wrong entry. */
  mark_row (self->name_row, *name == '\0');
  mark_row (self->latitude_row, !point_ok);
  mark_row (self->longitude_row, !point_ok);
}

static void
field_changed_cb (CmCanteenEditor *self)
{
  if (self->canteen != NULL)
    validate (self);
}

static void
capacity_changed_cb (CmCanteenEditor *self)
{
  self->capacity_touched = TRUE;
  field_changed_cb (self);
}

/* --- saving --------------------------------------------------------------- */

typedef struct
{
  gint64  canteen_id;
  char   *name, *address, *colonia, *alcaldia_code, *schedule, *tablet_id, *actor;
  double  latitude, longitude;
  gint64  capacity;
} Save;

static void
save_free (Save *save)
{
  g_free (save->name);
  g_free (save->address);
  g_free (save->colonia);
  g_free (save->alcaldia_code);
  g_free (save->schedule);
  g_free (save->tablet_id);
  g_free (save->actor);
  g_free (save);
}

static void
save_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  Save *save = task_data;
  CmCanteenRecord record = {
    .name = save->name,
    .address = save->address,
    .colonia = save->colonia,
    .alcaldia_code = save->alcaldia_code,
    .latitude = save->latitude,
    .longitude = save->longitude,
    .schedule = save->schedule,
    .capacity = save->capacity,
    .tablet_id = save->tablet_id,
  };
  GError *error = NULL;
  gboolean changed = FALSE;

  if (!cm_canteen_edit_record (source_object, save->canteen_id, &record, save->actor, &changed, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, changed);
}

static void
saved_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(CmCanteenEditor) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean changed;

  self->saving = FALSE;
  changed = g_task_propagate_boolean (G_TASK (result), &error);
  if (error != NULL)
    {
      show_problem (self, error->message);
      gtk_widget_set_sensitive (GTK_WIDGET (self->save_button), TRUE);
      return;
    }

  if (changed && self->parent != NULL)
    gtk_widget_activate_action (GTK_WIDGET (self->parent), "win.reload", NULL);
  gtk_window_destroy (GTK_WINDOW (self));
}

/**
 * cm_canteen_editor_save:
 * @self: the editor
 *
 * Does what Save does: writes the record in a worker thread, then closes
 * the editor and reloads the kitchens, or shows why it could not.
 */
void
cm_canteen_editor_save (CmCanteenEditor *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GTask) task = NULL;
  CmCanteenRecord record;
  Save *save;

  g_return_if_fail (CM_IS_CANTEEN_EDITOR (self));

  if (self->saving || self->db == NULL)
    return;
  if (!read_record (self, &record, &error))
    {
      show_problem (self, error->message);
      return;
    }

  save = g_new0 (Save, 1);
  save->canteen_id = cm_canteen_get_id (self->canteen);
  save->name = g_strdup (record.name);
  save->address = g_strdup (record.address);
  save->colonia = g_strdup (record.colonia);
  save->alcaldia_code = g_strdup (record.alcaldia_code);
  save->schedule = g_strdup (record.schedule);
  save->tablet_id = g_strdup (record.tablet_id);
  save->latitude = record.latitude;
  save->longitude = record.longitude;
  save->capacity = record.capacity;
  save->actor = cm_application_dup_actor ();

  self->saving = TRUE;
  show_problem (self, NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->save_button), FALSE);

  task = g_task_new (self->db, NULL, saved_cb, g_object_ref (self));
  g_task_set_source_tag (task, cm_canteen_editor_save);
  g_task_set_task_data (task, save, (GDestroyNotify) save_free);
  g_task_run_in_thread (task, save_thread);
}

static void
save_clicked_cb (CmCanteenEditor *self)
{
  cm_canteen_editor_save (self);
}

/* --- the window ----------------------------------------------------------- */

static void
cm_canteen_editor_dispose (GObject *object)
{
  CmCanteenEditor *self = CM_CANTEEN_EDITOR (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), CM_TYPE_CANTEEN_EDITOR);
  g_clear_weak_pointer (&self->parent);
  g_clear_object (&self->canteen);
  g_clear_object (&self->db);
  g_clear_pointer (&self->alcaldia_codes, g_ptr_array_unref);

  G_OBJECT_CLASS (cm_canteen_editor_parent_class)->dispose (object);
}

static void
cm_canteen_editor_class_init (CmCanteenEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cm_canteen_editor_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/cm-canteen-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, CmCanteenEditor, window_title);
  gtk_widget_class_bind_template_child (widget_class, CmCanteenEditor, save_button);
  gtk_widget_class_bind_template_child (widget_class, CmCanteenEditor, problem_group);
  gtk_widget_class_bind_template_child (widget_class, CmCanteenEditor, problem_label);
  gtk_widget_class_bind_template_child (widget_class, CmCanteenEditor, name_row);
  gtk_widget_class_bind_template_child (widget_class, CmCanteenEditor, address_row);
  gtk_widget_class_bind_template_child (widget_class, CmCanteenEditor, colonia_row);
  gtk_widget_class_bind_template_child (widget_class, CmCanteenEditor, alcaldia_row);
  gtk_widget_class_bind_template_child (widget_class, CmCanteenEditor, latitude_row);
  gtk_widget_class_bind_template_child (widget_class, CmCanteenEditor, longitude_row);
  gtk_widget_class_bind_template_child (widget_class, CmCanteenEditor, schedule_row);
  gtk_widget_class_bind_template_child (widget_class, CmCanteenEditor, capacity_spin);
  gtk_widget_class_bind_template_child (widget_class, CmCanteenEditor, tablet_row);
  gtk_widget_class_bind_template_callback (widget_class, save_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, field_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, capacity_changed_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
cm_canteen_editor_init (CmCanteenEditor *self)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  const CmAlcaldiaInfo *all;
  guint n;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->alcaldia_codes = g_ptr_array_new ();
  gtk_string_list_append (names, C_("alcaldía", "None"));
  all = cm_alcaldias_get_all (&n);
  for (guint i = 0; i < n; i++)
    {
      gtk_string_list_append (names, all[i].name);
      g_ptr_array_add (self->alcaldia_codes, (gpointer) all[i].code);
    }
  adw_combo_row_set_model (self->alcaldia_row, G_LIST_MODEL (names));
}

static void
set_text (AdwEntryRow *row,
          const char  *text)
{
  gtk_editable_set_text (GTK_EDITABLE (row), text ? text : "");
}

/**
 * cm_canteen_editor_new:
 * @parent: the window the editor belongs to
 * @db: the database
 * @canteen: the kitchen whose record is edited
 *
 * Returns: (transfer none): a new editor, not yet shown
 */
CmCanteenEditor *
cm_canteen_editor_new (GtkWindow *parent,
                       CmDb      *db,
                       CmCanteen *canteen)
{
  CmCanteenEditor *self;
  g_autofree char *subtitle = NULL;
  guint selected = 0;

  g_return_val_if_fail (CM_IS_CANTEEN (canteen), NULL);

  self = g_object_new (CM_TYPE_CANTEEN_EDITOR, "transient-for", parent, NULL);
  self->db = db ? g_object_ref (db) : NULL;
  g_set_weak_pointer (&self->parent, parent);

  /* Translators: the editor's subtitle, "CC012 · Comedor La Esperanza" */
  subtitle = g_strdup_printf (_("%s · %s"), cm_canteen_get_folio (canteen), cm_canteen_get_name (canteen));
  adw_window_title_set_subtitle (self->window_title, subtitle);

  set_text (self->name_row, cm_canteen_get_name (canteen));
  set_text (self->address_row, cm_canteen_get_address (canteen));
  set_text (self->colonia_row, cm_canteen_get_colonia (canteen));
  for (guint i = 0; i < self->alcaldia_codes->len; i++)
    if (g_strcmp0 (g_ptr_array_index (self->alcaldia_codes, i), cm_canteen_get_alcaldia_code (canteen)) == 0)
      selected = i + 1;
  adw_combo_row_set_selected (self->alcaldia_row, selected);
  if (!isnan (cm_canteen_get_latitude (canteen)) && !isnan (cm_canteen_get_longitude (canteen)))
    {
      char lat[G_ASCII_DTOSTR_BUF_SIZE], lon[G_ASCII_DTOSTR_BUF_SIZE];

      /* Six decimals, about ten centimetres: what the core treats as the same point. */
      g_ascii_formatd (lat, sizeof lat, "%.6f", cm_canteen_get_latitude (canteen));
      g_ascii_formatd (lon, sizeof lon, "%.6f", cm_canteen_get_longitude (canteen));
      set_text (self->latitude_row, lat);
      set_text (self->longitude_row, lon);
    }
  set_text (self->schedule_row, cm_canteen_get_schedule (canteen));
  if (cm_canteen_get_capacity (canteen) >= 0)
    gtk_spin_button_set_value (self->capacity_spin, (double) cm_canteen_get_capacity (canteen));
  set_text (self->tablet_row, cm_canteen_get_tablet_id (canteen));
  self->capacity_touched = FALSE;

  /* Set last, so that filling the rows validates nothing. */
  self->canteen = g_object_ref (canteen);
  validate (self);

  return self;
}

/* The row of a field by its name ("name", "latitude"...), for the tests. */
GtkEditable *
cm_canteen_editor_get_field (CmCanteenEditor *self,
                             const char      *name)
{
  g_return_val_if_fail (CM_IS_CANTEEN_EDITOR (self), NULL);

  if (g_str_equal (name, "name"))
    return GTK_EDITABLE (self->name_row);
  if (g_str_equal (name, "address"))
    return GTK_EDITABLE (self->address_row);
  if (g_str_equal (name, "colonia"))
    return GTK_EDITABLE (self->colonia_row);
  if (g_str_equal (name, "latitude"))
    return GTK_EDITABLE (self->latitude_row);
  if (g_str_equal (name, "longitude"))
    return GTK_EDITABLE (self->longitude_row);
  if (g_str_equal (name, "schedule"))
    return GTK_EDITABLE (self->schedule_row);
  if (g_str_equal (name, "tablet"))
    return GTK_EDITABLE (self->tablet_row);
  if (g_str_equal (name, "capacity"))
    return GTK_EDITABLE (self->capacity_spin);
  g_return_val_if_reached (NULL);
}

/* The message shown, or NULL when the record can be saved. */
const char *
cm_canteen_editor_get_problem (CmCanteenEditor *self)
{
  g_return_val_if_fail (CM_IS_CANTEEN_EDITOR (self), NULL);
  return gtk_widget_get_visible (self->problem_group)
         ? gtk_label_get_text (self->problem_label) : NULL;
}
