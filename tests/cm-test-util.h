/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Shared by the tests: a scratch folder, and its removal afterwards. */
char *cm_test_make_tmp_dir (const char *name);
void  cm_test_remove_tree  (const char *path);

typedef gboolean (*CmTestCondition) (gpointer data);

gboolean cm_test_wait_for (CmTestCondition condition,
                           gpointer        data,
                           guint           seconds);

G_END_DECLS
