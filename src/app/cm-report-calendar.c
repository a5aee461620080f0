/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "cm-report-calendar"

#include "config.h"

#include <glib/gi18n.h>

#include "cm-report.h"
#include "cm-report-calendar.h"
#include "cm-text.h"
#include "cm-workdays.h"

/* A month of a kitchen's reports: which operating days were reported,
 * which are missing, and which have more than one report. */
struct _CmReportCalendar
{
  GtkWidget     parent_instance;

  /* template children */
  GtkLabel     *month_label;
  GtkGrid      *grid;
  GtkLabel     *summary_label;

  CmDb         *db;
  CmCanteen    *canteen;
  GDate         month;        /* the first day of the month shown */
  GHashTable   *counts;       /* YYYY-MM-DD → reports that day */
  GCancellable *cancellable;
  guint         missing;
};

G_DEFINE_FINAL_TYPE (CmReportCalendar, cm_report_calendar, GTK_TYPE_WIDGET)

typedef struct
{
  gint64 canteen_id;
  GDate  first;
  GDate  last;
} MonthQuery;

static void
today (GDate *date)
{
  /* Mexico City's day: the reports' days are counted there. */
  cm_text_get_today (date);
}

static void
clear_grid (CmReportCalendar *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->grid))))
    gtk_grid_remove (self->grid, child);
}

static void
add_weekday_headers (CmReportCalendar *self)
{
  GDate monday;

  /* 2024-01-01 was a Monday: name the days in the locale's words. */
  g_date_clear (&monday, 1);
  g_date_set_dmy (&monday, 1, G_DATE_JANUARY, 2024);
  for (int i = 0; i < 7; i++)
    {
      char name[32];
      GtkWidget *label;

      g_date_strftime (name, sizeof name, "%a", &monday);
      label = gtk_label_new (name);
      gtk_widget_add_css_class (label, "dim-label");
      gtk_widget_add_css_class (label, "caption-heading");
      gtk_grid_attach (self->grid, label, i, 0, 1, 1);
      g_date_add_days (&monday, 1);
    }
}

static void
render (CmReportCalendar *self)
{
  GDate day = self->month, now, opened;
  gboolean has_opened = FALSE;
  guint expected = 0, received = 0, row = 1;
  char title[64];
  const char *opened_on = self->canteen ? cm_canteen_get_opened_on (self->canteen) : NULL;

  today (&now);
  g_date_clear (&opened, 1);
  has_opened = cm_text_parse_date (opened_on, &opened);

  clear_grid (self);
  add_weekday_headers (self);
  self->missing = 0;

  g_date_strftime (title, sizeof title, "%B %Y", &self->month);
  gtk_label_set_label (self->month_label, title);

  while (g_date_get_month (&day) == g_date_get_month (&self->month))
    {
      char key[16], number[8], when[64];
      g_autofree char *description = NULL;
      const char *holiday = cm_workdays_holiday_name (&day);
      gboolean operating = cm_workdays_is_operating_day (&day);
      gboolean future = g_date_compare (&day, &now) >= 0;
      gboolean before_opening = has_opened && g_date_compare (&day, &opened) < 0;
      guint count;
      int column = g_date_get_weekday (&day) - 1;
      GtkWidget *cell;

      g_date_strftime (key, sizeof key, "%Y-%m-%d", &day);
      g_date_strftime (when, sizeof when, "%A %e %B", &day);
      g_snprintf (number, sizeof number, "%u", g_date_get_day (&day));
      count = self->counts ? GPOINTER_TO_UINT (g_hash_table_lookup (self->counts, key)) : 0;

      cell = gtk_label_new (number);
      gtk_widget_add_css_class (cell, "day");
      gtk_widget_add_css_class (cell, "numeric");

      if (count > 1)
        {
          gtk_widget_add_css_class (cell, "duplicate");
          description = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s: %u report",
                                                      "%s: %u reports", count), when, count);
        }
      else if (count == 1)
        {
          gtk_widget_add_css_class (cell, "received");
          description = g_strdup_printf (_("%s: report received"), when);
        }
      else if (!operating)
        {
          gtk_widget_add_css_class (cell, "closed-day");
          description = holiday ? g_strdup_printf (_("%s: %s, not an operating day"), when, holiday)
                                : g_strdup_printf (_("%s: not an operating day"), when);
        }
      else if (future || before_opening)
        {
          gtk_widget_add_css_class (cell, "pending");
          description = future ? g_strdup_printf (_("%s: not yet due"), when)
                               : g_strdup_printf (_("%s: before the kitchen opened"), when);
        }
      else if (self->counts == NULL)
        description = g_strdup (when); /* still loading: claim nothing */
      else
        {
          gtk_widget_add_css_class (cell, "missing");
          description = g_strdup_printf (_("%s: report missing"), when);
          self->missing++;
        }

      if (operating && !future && !before_opening)
        {
          expected++;
          received += count > 0;
        }

      gtk_widget_set_tooltip_text (cell, description);
      gtk_accessible_update_property (GTK_ACCESSIBLE (cell),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, description, -1);
      gtk_grid_attach (self->grid, cell, column, row, 1, 1);

      if (column == 6)
        row++;
      g_date_add_days (&day, 1);
    }

  if (expected == 0)
    gtk_label_set_label (self->summary_label, _("No operating days due this month."));
  else
    {
      g_autofree char *summary = NULL;

      /* Translators: "18 of 20 operating days reported, 2 missing" */
      summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                              "%u of %u operating day reported, %u missing",
                                              "%u of %u operating days reported, %u missing",
                                              expected),
                                 received, expected, self->missing);
      gtk_label_set_label (self->summary_label, summary);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->summary_label), self->canteen != NULL);
}

static void
month_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  MonthQuery *query = task_data;
  GError *error = NULL;
  GHashTable *counts;

  counts = cm_report_count_by_day (CM_DB (source_object), query->canteen_id,
                                   &query->first, &query->last, &error);
  if (counts == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, counts, (GDestroyNotify) g_hash_table_unref);
}

static void
month_loaded_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(CmReportCalendar) self = user_data;
  g_autoptr(GError) error = NULL;
  GHashTable *counts;

  counts = g_task_propagate_pointer (G_TASK (result), &error);
  if (counts == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Could not load the month's reports: %s", error->message);
      return;
    }

  g_clear_pointer (&self->counts, g_hash_table_unref);
  self->counts = counts;
  render (self);
}

static void
load_month (CmReportCalendar *self)
{
  g_autoptr(GTask) task = NULL;
  MonthQuery *query;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->counts, g_hash_table_unref);

  /* Draw the month at once; the counts fill in when they arrive. */
  render (self);

  if (self->db == NULL || self->canteen == NULL)
    return;

  self->cancellable = g_cancellable_new ();
  query = g_new0 (MonthQuery, 1);
  query->canteen_id = cm_canteen_get_id (self->canteen);
  query->first = self->month;
  query->last = self->month;
  g_date_set_day (&query->last, g_date_get_days_in_month (g_date_get_month (&self->month),
                                                         g_date_get_year (&self->month)));

  task = g_task_new (self->db, self->cancellable, month_loaded_cb, g_object_ref (self));
  g_task_set_source_tag (task, load_month);
  g_task_set_task_data (task, query, g_free);
  g_task_run_in_thread (task, month_thread);
}

static void
move_month (CmReportCalendar *self,
            int               delta)
{
  if (delta > 0)
    g_date_add_months (&self->month, delta);
  else
    g_date_subtract_months (&self->month, -delta);

  load_month (self);
}

static void
previous_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  move_month (CM_REPORT_CALENDAR (widget), -1);
}

static void
next_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  move_month (CM_REPORT_CALENDAR (widget), 1);
}

static void
cm_report_calendar_dispose (GObject *object)
{
  CmReportCalendar *self = CM_REPORT_CALENDAR (object);
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), CM_TYPE_REPORT_CALENDAR);
  /* The template's root has no id, so dispose_template leaves it. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))))
    gtk_widget_unparent (child);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->canteen);
  g_clear_object (&self->db);
  g_clear_pointer (&self->counts, g_hash_table_unref);

  G_OBJECT_CLASS (cm_report_calendar_parent_class)->dispose (object);
}

static void
cm_report_calendar_class_init (CmReportCalendarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cm_report_calendar_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/cm-report-calendar.ui");
  gtk_widget_class_bind_template_child (widget_class, CmReportCalendar, month_label);
  gtk_widget_class_bind_template_child (widget_class, CmReportCalendar, grid);
  gtk_widget_class_bind_template_child (widget_class, CmReportCalendar, summary_label);

  gtk_widget_class_install_action (widget_class, "calendar.previous", NULL, previous_action);
  gtk_widget_class_install_action (widget_class, "calendar.next", NULL, next_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "reportcalendar");
}

static void
cm_report_calendar_init (CmReportCalendar *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  today (&self->month);
  g_date_set_day (&self->month, 1);
  render (self);
}

/**
 * cm_report_calendar_show:
 * @self: the calendar
 * @db: (nullable): the database
 * @canteen: the kitchen
 *
 * Shows @canteen's reports, in the month of its last report (or this month
 * when it never reported).
 */
void
cm_report_calendar_show (CmReportCalendar *self,
                         CmDb             *db,
                         CmCanteen        *canteen)
{
  const char *last;

  g_return_if_fail (CM_IS_REPORT_CALENDAR (self));
  g_return_if_fail (CM_IS_CANTEEN (canteen));

  g_set_object (&self->db, db);
  g_set_object (&self->canteen, canteen);

  today (&self->month);
  last = cm_canteen_get_last_report (canteen);
  if (last != NULL)
    {
      GDate parsed;

      if (cm_text_parse_date (last, &parsed))
        self->month = parsed;
    }
  g_date_set_day (&self->month, 1);

  load_month (self);
}

void
cm_report_calendar_set_month (CmReportCalendar *self,
                              GDateYear         year,
                              GDateMonth        month)
{
  g_return_if_fail (CM_IS_REPORT_CALENDAR (self));
  g_return_if_fail (g_date_valid_dmy (1, month, year));

  g_date_set_dmy (&self->month, 1, month, year);
  load_month (self);
}

/* Missing operating days in the month shown, once its reports are loaded. */
guint
cm_report_calendar_get_missing (CmReportCalendar *self)
{
  g_return_val_if_fail (CM_IS_REPORT_CALENDAR (self), 0);
  return self->missing;
}
