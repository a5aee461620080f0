/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "cm-db.h"
#include "cm-import-report.h"

G_BEGIN_DECLS

/* The alcaldías' boundaries from a GeoJSON FeatureCollection in the layout
 * of the city's "Límite de las alcaldías" layer: one Feature per alcaldía,
 * properties `cvegeo` (09002 … 09017) and `nomgeo`, a Polygon or MultiPolygon
 * in WGS84. Reading the file is the preview; apply() writes it. */

#define CM_TYPE_BOUNDARY_IMPORT (cm_boundary_import_get_type ())
G_DECLARE_FINAL_TYPE (CmBoundaryImport, cm_boundary_import, CM, BOUNDARY_IMPORT, GObject)

CmBoundaryImport *cm_boundary_import_new_from_file  (CmDb              *db,
                                                     GFile             *file,
                                                     GCancellable      *cancellable,
                                                     GError           **error);
CmBoundaryImport *cm_boundary_import_new_from_bytes (CmDb              *db,
                                                     GBytes            *contents,
                                                     GError           **error);
CmImportReport   *cm_boundary_import_get_report     (CmBoundaryImport  *self);
guint             cm_boundary_import_get_n_accepted (CmBoundaryImport  *self);
gboolean          cm_boundary_import_apply          (CmBoundaryImport  *self,
                                                     const char        *actor,
                                                     GError           **error);

G_END_DECLS
