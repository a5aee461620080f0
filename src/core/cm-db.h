/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <sqlite3.h>

G_BEGIN_DECLS

#define CM_DB_ERROR (cm_db_error_quark ())

typedef enum
{
  CM_DB_ERROR_OPEN,            /* the file cannot be opened or created */
  CM_DB_ERROR_NOT_A_DATABASE,  /* not SQLite, or SQLite but not ours */
  CM_DB_ERROR_TOO_NEW,         /* written by a newer Comedores */
  CM_DB_ERROR_MIGRATION,       /* a migration failed; the file is as it was */
  CM_DB_ERROR_QUERY,           /* a statement failed */
  CM_DB_ERROR_NOT_EMPTY,       /* the operation needs an empty database */
} CmDbError;

/* The value of PRAGMA application_id in every Comedores database ("CMDR"). */
#define CM_DB_APPLICATION_ID 0x434d4452

#define CM_TYPE_DB (cm_db_get_type ())
G_DECLARE_FINAL_TYPE (CmDb, cm_db, CM, DB, GObject)

GQuark        cm_db_error_quark          (void);

char         *cm_db_get_default_path     (void);
CmDb         *cm_db_open                 (const char   *path,
                                          GError      **error);
const char   *cm_db_get_path             (CmDb         *self);
int           cm_db_get_schema_version   (CmDb         *self);
int           cm_db_get_latest_version   (void);
sqlite3      *cm_db_get_handle           (CmDb         *self);
GMutex       *cm_db_get_mutex            (CmDb         *self);

sqlite3_stmt *cm_db_prepare              (CmDb         *self,
                                          const char   *sql,
                                          GError      **error);
gboolean      cm_db_exec                 (CmDb         *self,
                                          const char   *sql,
                                          GError      **error);
gboolean      cm_db_begin                (CmDb         *self,
                                          GError      **error);
gboolean      cm_db_commit               (CmDb         *self,
                                          GError      **error);
void          cm_db_rollback             (CmDb         *self);
gboolean      cm_db_step_done            (CmDb         *self,
                                          sqlite3_stmt *stmt,
                                          GError      **error);
gint64        cm_db_query_int            (CmDb         *self,
                                          const char   *sql,
                                          GError      **error);
gboolean      cm_db_is_empty             (CmDb         *self);
void          cm_db_set_error_from_handle (CmDb        *self,
                                          GError      **error);

G_END_DECLS
