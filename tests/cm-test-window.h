/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "cm-window.h"

G_BEGIN_DECLS

/* Shared by the window's tests: a window on a database, once its list of
 * kitchens has loaded. */
gboolean  cm_test_window_list_loaded (gpointer       window);
CmWindow *cm_test_window_open        (CmApplication *app,
                                      CmDb          *db,
                                      int            width,
                                      int            height);

G_END_DECLS
