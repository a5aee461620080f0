/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "cm-rulebook.h"

G_BEGIN_DECLS

/* For core code that already holds the database's mutex (and perhaps a
 * transaction: these use a savepoint of their own). */

/* The id of @self in the rulebook table, storing it first when it is not
 * there; with @make_in_use it becomes the one in use. */
gboolean    _cm_rulebook_store_locked       (CmRulebook  *self,
                                             CmDb        *db,
                                             gboolean     make_in_use,
                                             gint64      *out_id,
                                             GError     **error);
CmRulebook *_cm_rulebook_load_in_use_locked (CmDb        *db,
                                             gint64      *out_id,
                                             GError     **error);

G_END_DECLS
