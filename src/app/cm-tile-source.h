/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <shumate/shumate.h>

G_BEGIN_DECLS

/* OpenStreetMap's standard tiles, and what their licence asks to show. */
#define CM_TILE_URL_DEFAULT         "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
#define CM_TILE_ATTRIBUTION_URI     "https://www.openstreetmap.org/copyright"

#define CM_TILE_SOURCE_ERROR (cm_tile_source_error_quark ())
GQuark cm_tile_source_error_quark (void);

typedef enum
{
  CM_TILE_SOURCE_ERROR_BAD_TEMPLATE,
} CmTileSourceError;

#define CM_TYPE_TILE_SOURCE (cm_tile_source_get_type ())
G_DECLARE_FINAL_TYPE (CmTileSource, cm_tile_source, CM, TILE_SOURCE, ShumateDataSource)

CmTileSource *cm_tile_source_new             (const char   *url_template);
const char   *cm_tile_source_get_url_template (CmTileSource *self);
gboolean      cm_tile_source_get_failing     (CmTileSource *self);
guint         cm_tile_source_get_n_failed    (CmTileSource *self);
guint         cm_tile_source_get_n_received  (CmTileSource *self);

gboolean      cm_tile_url_template_validate  (const char   *url_template,
                                              GError      **error);

G_END_DECLS
