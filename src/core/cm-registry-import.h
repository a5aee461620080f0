/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "cm-db.h"
#include "cm-import-report.h"

G_BEGIN_DECLS

/* The kitchens' registry from a CSV file in the layout of the city's open
 * data: ID, Nombre, Tipo, Dirección, Colonia, Alcaldía, Latitud, Longitud,
 * Horario. Reading the file is the preview; apply() writes it. Kitchens are
 * added and updated by folio, never deleted; their status, reports and
 * committee are never touched. */

#define CM_TYPE_REGISTRY_IMPORT (cm_registry_import_get_type ())
G_DECLARE_FINAL_TYPE (CmRegistryImport, cm_registry_import, CM, REGISTRY_IMPORT, GObject)

CmRegistryImport *cm_registry_import_new_from_file  (CmDb              *db,
                                                     GFile             *file,
                                                     GCancellable      *cancellable,
                                                     GError           **error);
CmRegistryImport *cm_registry_import_new_from_bytes (CmDb              *db,
                                                     GBytes            *contents,
                                                     const char        *file_name,
                                                     GError           **error);
CmImportReport   *cm_registry_import_get_report     (CmRegistryImport  *self);
guint             cm_registry_import_get_n_accepted (CmRegistryImport  *self);
gboolean          cm_registry_import_apply          (CmRegistryImport  *self,
                                                     const char        *actor,
                                                     GError           **error);

G_END_DECLS
