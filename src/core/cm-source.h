/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "cm-db.h"

G_BEGIN_DECLS

typedef enum
{
  CM_SOURCE_CENTRAL,
  CM_SOURCE_KOBO,
} CmSourceKind;

#define CM_TYPE_SOURCE (cm_source_get_type ())
G_DECLARE_FINAL_TYPE (CmSource, cm_source, CM, SOURCE, GObject)

/* A server account: where the reports come from. Its secret (password or
 * token) is never here: the keyring, standard input or the environment
 * hold it. */
gint64        cm_source_get_id        (CmSource     *self);
const char   *cm_source_get_name      (CmSource     *self);
CmSourceKind  cm_source_get_kind      (CmSource     *self);
const char   *cm_source_get_kind_name (CmSource     *self);
const char   *cm_source_get_base_url  (CmSource     *self);
const char   *cm_source_get_project   (CmSource     *self);
const char   *cm_source_get_form_id   (CmSource     *self);
const char   *cm_source_get_username  (CmSource     *self);
const char   *cm_source_get_cursor    (CmSource     *self);

gboolean      cm_source_kind_from_name (const char  *name,
                                        CmSourceKind *kind);

CmSource     *cm_source_add           (CmDb         *db,
                                       const char   *name,
                                       CmSourceKind  kind,
                                       const char   *base_url,
                                       const char   *project,
                                       const char   *form_id,
                                       const char   *username,
                                       GError      **error);
GListModel   *cm_source_list          (CmDb         *db,
                                       GError      **error);
CmSource     *cm_source_find          (CmDb         *db,
                                       const char   *name,
                                       GError      **error);
gboolean      cm_source_remove        (CmDb         *db,
                                       gint64        id,
                                       GError      **error);

CmSource     *cm_source_new_unsaved   (const char   *name,
                                       CmSourceKind  kind,
                                       const char   *base_url,
                                       const char   *project,
                                       const char   *form_id,
                                       const char   *username,
                                       GError      **error);
gboolean      cm_source_update        (CmDb         *db,
                                       gint64        id,
                                       const char   *name,
                                       CmSourceKind  kind,
                                       const char   *base_url,
                                       const char   *project,
                                       const char   *form_id,
                                       const char   *username,
                                       GError      **error);

G_END_DECLS
