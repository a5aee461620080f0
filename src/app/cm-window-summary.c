/* SPDX-License-Identifier: GPL-3.0-or-later */

/* The window's Summary place. */

#define G_LOG_DOMAIN "cm-window"

#include "config.h"

#include <glib/gi18n.h>

#include "cm-window-private.h"

static void
alcaldia_activated_cb (CmSummaryView *view,
                       const char    *code,
                       CmWindow      *self)
{
  cm_kitchens_view_show_alcaldia (self->kitchens_view, code);
  adw_view_stack_set_visible_child_name (self->view_stack, "kitchens");
}

void
_cm_window_class_init_summary (GtkWidgetClass *widget_class)
{
  /* The GeoJSON export went to cm-window-export.c, with the tables. */
}

/* The Summary is made the first time it is shown: its charts and figures
 * cost a start-up, and a query that holds the database, that a window
 * whose summary stays closed need not pay. */
static void
ensure_summary_view (CmWindow *self)
{
  /* Not before the window has its database (a restored view may ask). */
  if (self->summary_view != NULL || cm_window_get_db (self) == NULL)
    return;

  self->summary_view = cm_summary_view_new ();
  g_signal_connect_object (self->summary_view, "alcaldia-activated",
                           G_CALLBACK (alcaldia_activated_cb), self, 0);
  adw_bin_set_child (self->summary_bin, GTK_WIDGET (self->summary_view));
  cm_summary_view_set_db (self->summary_view, cm_window_get_db (self));
  cm_summary_view_reload (self->summary_view);
}

static void
visible_view_changed_cb (AdwViewStack *stack,
                         GParamSpec   *pspec,
                         CmWindow     *self)
{
  if (g_strcmp0 (adw_view_stack_get_visible_child_name (stack), "summary") == 0)
    ensure_summary_view (self);
}

/* After construction, once the database is there. */
void
_cm_window_summary_constructed (CmWindow *self)
{
  visible_view_changed_cb (self->view_stack, NULL, self);
}

void
_cm_window_init_summary (CmWindow *self)
{
  g_signal_connect_object (self->view_stack, "notify::visible-child-name",
                           G_CALLBACK (visible_view_changed_cb), self, 0);
}

CmSummaryView *
cm_window_get_summary_view (CmWindow *self)
{
  g_return_val_if_fail (CM_IS_WINDOW (self), NULL);
  ensure_summary_view (self);
  return self->summary_view;
}
