/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "cm-db.h"

G_BEGIN_DECLS

/* Shared by the tests of the rules' records: SQL run as a person with the
 * file in hand would, asserted. */
void    cm_test_db_exec      (CmDb       *db,
                              const char *sql);
gint64  cm_test_db_int       (CmDb       *db,
                              const char *sql);
char   *cm_test_db_text      (CmDb       *db,
                              const char *sql);
void    cm_test_db_refused   (CmDb       *db,
                              const char *sql,
                              const char *because);
CmDb   *cm_test_db_new_checked (const char *path,
                                guint       kitchens,
                                guint       months);
void    cm_test_db_add_check (CmDb       *db,
                              gint64      rulebook_id,
                              gint64      canteen_id,
                              const char *period,
                              const char *rule_code,
                              const char *outcome,
                              int         failures);

G_END_DECLS
