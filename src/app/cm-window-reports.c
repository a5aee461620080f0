/* SPDX-License-Identifier: GPL-3.0-or-later */

/* The window's published reports: a kitchen's compliance report and the
 * programme report, saved as PDF or printed. */

#define G_LOG_DOMAIN "cm-window"

#include "config.h"

#include <glib/gi18n.h>

#include "cm-canteen.h"
#include "cm-kitchen-page.h"
#include "cm-report-dialog.h"
#include "cm-window-private.h"

static CmCanteen *
shown_kitchen (CmWindow *self)
{
  CmKitchenPage *page = cm_kitchens_view_get_page (self->kitchens_view);

  return page != NULL ? cm_kitchen_page_get_canteen (page) : NULL;
}

static void
kitchen_report_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  CmWindow *self = CM_WINDOW (widget);
  CmCanteen *canteen = shown_kitchen (self);

  if (self->db == NULL || canteen == NULL)
    return;
  gtk_window_present (GTK_WINDOW (cm_report_dialog_new (GTK_WINDOW (self), self->db, CM_PUBLICATION_KITCHEN,
                                                        cm_canteen_get_folio (canteen),
                                                        cm_canteen_get_name (canteen),
                                                        self->toast_overlay, self->cancellable)));
}

static void
programme_report_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  CmWindow *self = CM_WINDOW (widget);
  CmReportDialog *dialog;
  CmPeriod period;

  if (self->db == NULL)
    return;
  dialog = cm_report_dialog_new (GTK_WINDOW (self), self->db, CM_PUBLICATION_PROGRAMME, NULL, NULL,
                                 self->toast_overlay, self->cancellable);
  /* The report of what the Summary shows. */
  if (self->summary_view != NULL && cm_summary_view_get_period (self->summary_view, &period))
    cm_report_dialog_prefer_period (dialog, &period);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* The report dialog the window shows, if any. */
static CmReportDialog *
find_report_dialog (CmWindow *self)
{
  for (GList *l = gtk_window_list_toplevels (); l != NULL; l = g_list_delete_link (l, l))
    if (CM_IS_REPORT_DIALOG (l->data) && gtk_window_get_transient_for (l->data) == GTK_WINDOW (self) &&
        gtk_widget_get_visible (l->data))
      {
        CmReportDialog *dialog = l->data;

        g_list_free (l);
        return dialog;
      }
  return NULL;
}

static void
kitchen_reports_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  CmWindow *self = CM_WINDOW (widget);
  GListModel *shown;
  g_autoptr(GPtrArray) folios = g_ptr_array_new_with_free_func (g_free);
  guint n;

  if (self->db == NULL)
    return;
  shown = cm_kitchens_view_get_shown (self->kitchens_view);
  n = g_list_model_get_n_items (shown);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CmCanteen) canteen = g_list_model_get_item (shown, i);

      g_ptr_array_add (folios, g_strdup (cm_canteen_get_folio (canteen)));
    }
  g_ptr_array_add (folios, NULL);
  gtk_window_present (GTK_WINDOW (cm_report_dialog_new_for_kitchens (GTK_WINDOW (self), self->db,
                                                                     (const char * const *) folios->pdata,
                                                                     self->toast_overlay, self->cancellable)));
}

/**
 * cm_window_open_kitchen_reports:
 * @self: the window
 *
 * Returns: (transfer none) (nullable): the dialog that saves a compliance
 *   report per kitchen the list shows, shown
 */
CmReportDialog *
cm_window_open_kitchen_reports (CmWindow *self)
{
  g_return_val_if_fail (CM_IS_WINDOW (self), NULL);

  gtk_widget_activate_action (GTK_WIDGET (self), "win.kitchen-reports", NULL);
  return find_report_dialog (self);
}

/**
 * cm_window_open_report:
 * @self: the window
 * @kind: the programme report, or the compliance report of the kitchen shown
 *
 * Returns: (transfer none) (nullable): the report dialog, shown; %NULL
 *   when no kitchen is shown for a compliance report
 */
CmReportDialog *
cm_window_open_report (CmWindow          *self,
                       CmPublicationKind  kind)
{
  g_return_val_if_fail (CM_IS_WINDOW (self), NULL);

  gtk_widget_activate_action (GTK_WIDGET (self), kind == CM_PUBLICATION_KITCHEN ? "win.kitchen-report"
                                                                                  : "win.programme-report", NULL);
  return find_report_dialog (self);
}

void
_cm_window_class_init_reports (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.kitchen-report", NULL, kitchen_report_action);
  gtk_widget_class_install_action (widget_class, "win.programme-report", NULL, programme_report_action);
  gtk_widget_class_install_action (widget_class, "win.kitchen-reports", NULL, kitchen_reports_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK, "win.kitchen-report", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.programme-report", NULL);
}
