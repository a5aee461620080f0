/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Kitchens as a GeoJSON FeatureCollection (RFC 7946: WGS84 longitude and
 * latitude, no crs member), one Feature per kitchen with its folio as id, a
 * Point geometry (null when the kitchen has no point) and flat properties a
 * GIS reads as columns: folio, name, modality, status, status_label,
 * alcaldia, alcaldia_code, address, colonia, capacity, last_report,
 * compliance, compliance_label, compliance_period. Labels are in Spanish
 * whatever the desk's language, so the same kitchens give the same bytes. */

char     *cm_geojson_export_to_string    (GListModel           *kitchens,
                                          guint                *n_features);
gboolean  cm_geojson_export_write        (GListModel           *kitchens,
                                          GFile                *file,
                                          guint                *n_features,
                                          GCancellable         *cancellable,
                                          GError              **error);
void      cm_geojson_export_write_async  (GListModel           *kitchens,
                                          GFile                *file,
                                          GCancellable         *cancellable,
                                          GAsyncReadyCallback   callback,
                                          gpointer              user_data);
gboolean  cm_geojson_export_write_finish (GAsyncResult         *result,
                                          guint                *n_features,
                                          GError              **error);

G_END_DECLS
