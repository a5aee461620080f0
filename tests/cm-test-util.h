/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Shared by the tests: a scratch folder, and its removal afterwards. */
char *cm_test_make_tmp_dir (const char *name);
void  cm_test_remove_tree  (const char *path);

typedef gboolean (*CmTestCondition) (gpointer data);

/* Runs the main loop until @condition holds, as a person waits for the
 * window; FALSE after @seconds. */
gboolean cm_test_wait_for (CmTestCondition condition,
                           gpointer        data,
                           guint           seconds);
/* Runs the main loop for a while, for what has no condition to wait on. */
void     cm_test_run_for  (guint           milliseconds);

G_END_DECLS
