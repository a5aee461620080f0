/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "cm-test-util.h"
#include "cm-test-window.h"

/* A condition for cm_test_wait_for(): the window's list has its kitchens. */
gboolean
cm_test_window_list_loaded (gpointer window)
{
  return cm_kitchens_view_get_n_total (cm_window_get_kitchens_view (window)) > 0;
}

/* Presents a window on @db (@width × @height, or its default size when
 * either is 0) and waits, up to two minutes for a slow sanitizer build,
 * for its list. */
CmWindow *
cm_test_window_open (CmApplication *app,
                     CmDb          *db,
                     int            width,
                     int            height)
{
  CmWindow *window = cm_window_new (app, db);

  if (width > 0 && height > 0)
    gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (cm_test_wait_for (cm_test_window_list_loaded, window, 120));
  return window;
}
