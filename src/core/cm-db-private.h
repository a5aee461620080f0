/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "cm-db.h"

G_BEGIN_DECLS

/* Migration N (1-based) brings user_version from N-1 to N. */
extern const char * const _cm_db_migrations[];
extern const guint _cm_db_n_migrations;

/* For tests: open with another list of migrations (to exercise a failing one). */
CmDb *_cm_db_open_with_migrations (const char         *path,
                                   const char * const *migrations,
                                   guint               n_migrations,
                                   GError            **error);

G_END_DECLS
