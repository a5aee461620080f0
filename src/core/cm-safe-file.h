/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Writes @file: returns %FALSE with @error set when it fails. */
typedef gboolean (*CmSafeFileWriteFunc) (GFile         *file,
                                         gpointer       user_data,
                                         GCancellable  *cancellable,
                                         GError       **error);

gboolean cm_safe_file_write (GFile               *target,
                             CmSafeFileWriteFunc  func,
                             gpointer             user_data,
                             GCancellable        *cancellable,
                             GError             **error);

G_END_DECLS
