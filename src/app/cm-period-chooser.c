/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "cm-period-chooser"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "cm-period-chooser.h"
#include "cm-table-export.h"
#include "cm-text.h"

struct _CmPeriodChooser
{
  GtkWidget      parent_instance;

  GtkDropDown   *first;
  GtkDropDown   *last;
  GtkStringList *labels;
  GStrv          months;
  GCancellable  *cancellable;
  gboolean       adjusting;
};

G_DEFINE_FINAL_TYPE (CmPeriodChooser, cm_period_chooser, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_PERIOD,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
cm_period_chooser_dispose (GObject *object)
{
  CmPeriodChooser *self = (CmPeriodChooser *)object;
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->labels);
  g_clear_pointer (&self->months, g_strfreev);

  G_OBJECT_CLASS (cm_period_chooser_parent_class)->dispose (object);
}

static void
cm_period_chooser_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  CmPeriodChooser *self = CM_PERIOD_CHOOSER (object);
  CmPeriod period;

  switch (prop_id)
    {
    case PROP_PERIOD:
      g_value_take_string (value, cm_period_chooser_get_period (self, &period)
                                  ? cm_period_to_string (&period) : NULL);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cm_period_chooser_class_init (CmPeriodChooserClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cm_period_chooser_dispose;
  object_class->get_property = cm_period_chooser_get_property;

  /* As cm_period_to_string() writes it; NULL while no month is offered. */
  properties[PROP_PERIOD] = g_param_spec_string ("period", NULL, NULL, NULL,
                                                 G_PARAM_READABLE | G_PARAM_STATIC_STRINGS |
                                                 G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "cm-period-chooser");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
changed_cb (GtkDropDown     *drop_down,
            GParamSpec      *pspec,
            CmPeriodChooser *self)
{
  guint first = gtk_drop_down_get_selected (self->first);
  guint last = gtk_drop_down_get_selected (self->last);

  if (self->adjusting)
    return;
  /* The other end follows, so the period never ends before it starts. */
  if (first != GTK_INVALID_LIST_POSITION && last != GTK_INVALID_LIST_POSITION && first > last)
    {
      self->adjusting = TRUE;
      if (drop_down == self->first)
        gtk_drop_down_set_selected (self->last, first);
      else
        gtk_drop_down_set_selected (self->first, last);
      self->adjusting = FALSE;
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PERIOD]);
}

static GtkDropDown *
add_drop_down (CmPeriodChooser *self,
               const char      *mnemonic,
               const char      *accessible_label)
{
  GtkWidget *label = gtk_label_new_with_mnemonic (mnemonic);
  GtkDropDown *drop_down = GTK_DROP_DOWN (gtk_drop_down_new (NULL, NULL));

  gtk_label_set_mnemonic_widget (GTK_LABEL (label), GTK_WIDGET (drop_down));
  gtk_widget_add_css_class (label, "dim-label");
  gtk_widget_set_valign (GTK_WIDGET (drop_down), GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (drop_down), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  accessible_label, -1);
  gtk_widget_set_parent (label, GTK_WIDGET (self));
  gtk_widget_set_parent (GTK_WIDGET (drop_down), GTK_WIDGET (self));
  g_signal_connect_object (drop_down, "notify::selected", G_CALLBACK (changed_cb), self, 0);
  return drop_down;
}

static void
cm_period_chooser_init (CmPeriodChooser *self)
{
  GtkBoxLayout *layout = GTK_BOX_LAYOUT (gtk_widget_get_layout_manager (GTK_WIDGET (self)));

  gtk_box_layout_set_spacing (layout, 6);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Period"), -1);
  self->labels = gtk_string_list_new (NULL);
  /* Translators: the first month of a period, as "From [October 2026]" */
  self->first = add_drop_down (self, _("_From"), _("First month of the period"));
  /* Translators: the last month of a period, as "to [December 2026]" */
  self->last = add_drop_down (self, _("_to"), _("Last month of the period"));
  gtk_drop_down_set_model (self->first, G_LIST_MODEL (self->labels));
  gtk_drop_down_set_model (self->last, G_LIST_MODEL (self->labels));
  gtk_widget_set_sensitive (GTK_WIDGET (self), FALSE);
}

GtkWidget *
cm_period_chooser_new (void)
{
  return g_object_new (CM_TYPE_PERIOD_CHOOSER, NULL);
}

static guint
index_of (CmPeriodChooser *self,
          const char      *month,
          gboolean         at_or_after)
{
  guint n = self->months != NULL ? g_strv_length (self->months) : 0;

  if (n == 0)
    return GTK_INVALID_LIST_POSITION;
  if (at_or_after)
    {
      for (guint i = 0; i < n; i++)
        if (strcmp (self->months[i], month) >= 0)
          return i;
      return n - 1;
    }
  for (guint i = n; i > 0; i--)
    if (strcmp (self->months[i - 1], month) <= 0)
      return i - 1;
  return 0;
}

void
cm_period_chooser_set_months (CmPeriodChooser    *self,
                              const char * const *months)
{
  g_autoptr(GStrvBuilder) labels = g_strv_builder_new ();
  g_auto(GStrv) texts = NULL;
  guint n, old_n;
  GDate today;
  char this_month[8];
  guint chosen;

  g_return_if_fail (CM_IS_PERIOD_CHOOSER (self));

  g_clear_pointer (&self->months, g_strfreev);
  self->months = g_strdupv ((GStrv) months);
  n = months != NULL ? g_strv_length ((GStrv) months) : 0;

  for (guint i = 0; i < n; i++)
    {
      CmPeriod month;
      g_autofree char *label = NULL;

      cm_period_set_months (&month, months[i], months[i]);
      label = cm_period_get_label (&month);
      g_strv_builder_add (labels, label);
    }
  texts = g_strv_builder_end (labels);

  self->adjusting = TRUE;
  old_n = g_list_model_get_n_items (G_LIST_MODEL (self->labels));
  gtk_string_list_splice (self->labels, 0, old_n, (const char * const *) texts);

  /* The last complete month: the latest before this one. */
  cm_text_get_today (&today);
  g_snprintf (this_month, sizeof this_month, "%04u-%02u", g_date_get_year (&today), g_date_get_month (&today));
  chosen = GTK_INVALID_LIST_POSITION;
  for (guint i = n; i > 0 && chosen == GTK_INVALID_LIST_POSITION; i--)
    if (strcmp (months[i - 1], this_month) < 0)
      chosen = i - 1;
  if (chosen == GTK_INVALID_LIST_POSITION && n > 0)
    chosen = n - 1;
  gtk_drop_down_set_selected (self->first, chosen);
  gtk_drop_down_set_selected (self->last, chosen);
  self->adjusting = FALSE;

  gtk_widget_set_sensitive (GTK_WIDGET (self), n > 0);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PERIOD]);
}

guint
cm_period_chooser_get_n_months (CmPeriodChooser *self)
{
  g_return_val_if_fail (CM_IS_PERIOD_CHOOSER (self), 0);
  return self->months != NULL ? g_strv_length (self->months) : 0;
}

gboolean
cm_period_chooser_get_period (CmPeriodChooser *self,
                              CmPeriod        *period)
{
  guint first, last, n;

  g_return_val_if_fail (CM_IS_PERIOD_CHOOSER (self), FALSE);

  n = cm_period_chooser_get_n_months (self);
  first = gtk_drop_down_get_selected (self->first);
  last = gtk_drop_down_get_selected (self->last);
  if (n == 0 || first >= n || last >= n)
    return FALSE;
  cm_period_set_months (period, self->months[MIN (first, last)], self->months[MAX (first, last)]);
  return TRUE;
}

void
cm_period_chooser_set_period (CmPeriodChooser *self,
                              const CmPeriod  *period)
{
  guint first, last;

  g_return_if_fail (CM_IS_PERIOD_CHOOSER (self));
  g_return_if_fail (period != NULL);

  first = index_of (self, period->first_month, TRUE);
  last = index_of (self, period->last_month, FALSE);
  if (first == GTK_INVALID_LIST_POSITION)
    return;
  self->adjusting = TRUE;
  gtk_drop_down_set_selected (self->first, first);
  gtk_drop_down_set_selected (self->last, MAX (first, last));
  self->adjusting = FALSE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PERIOD]);
}

static void
list_months_thread (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  GError *error = NULL;
  GStrv months = cm_table_export_list_months (task_data, &error);

  if (months == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, months, (GDestroyNotify) g_strfreev);
}

static void
months_listed_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) months = g_task_propagate_pointer (G_TASK (result), &error);

  if (months == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("The months with reports could not be listed: %s", error->message);
      return;
    }
  cm_period_chooser_set_months (CM_PERIOD_CHOOSER (object), (const char * const *) months);
}

void
cm_period_chooser_load (CmPeriodChooser *self,
                        CmDb            *db)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (CM_IS_PERIOD_CHOOSER (self));
  g_return_if_fail (CM_IS_DB (db));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  task = g_task_new (self, self->cancellable, months_listed_cb, NULL);
  g_task_set_source_tag (task, cm_period_chooser_load);
  g_task_set_task_data (task, g_object_ref (db), g_object_unref);
  g_task_set_check_cancellable (task, TRUE);
  g_task_run_in_thread (task, list_months_thread);
}
