/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "cm-tile-source"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "cm-tile-source.h"

/* The tiles come through libshumate's own downloader (its file cache, its
 * User-Agent); this source only watches what becomes of each request, so
 * that the map can say quietly that there are no tiles instead of showing
 * an error for every one. */

struct _CmTileSource
{
  ShumateDataSource      parent_instance;

  ShumateTileDownloader *downloader;
  char                  *url_template;
  guint                  n_failed;
  guint                  n_received;
  gboolean               failing;
};

G_DEFINE_FINAL_TYPE (CmTileSource, cm_tile_source, SHUMATE_TYPE_DATA_SOURCE)

G_DEFINE_QUARK (cm-tile-source-error-quark, cm_tile_source_error)

enum {
  PROP_0,
  PROP_FAILING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
set_failing (CmTileSource *self,
             gboolean      failing)
{
  if (self->failing == failing)
    return;
  self->failing = failing;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FAILING]);
}

static void
tile_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CmTileSource *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  GBytes *bytes;

  bytes = shumate_data_source_get_tile_data_finish (SHUMATE_DATA_SOURCE (object), result, &error);
  if (bytes != NULL)
    {
      self->n_received++;
      set_failing (self, FALSE);
      g_task_return_pointer (task, bytes, (GDestroyNotify) g_bytes_unref);
      return;
    }

  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_debug ("No tile from %s: %s", self->url_template, error->message);
      self->n_failed++;
      set_failing (self, TRUE);
    }
  g_task_return_error (task, g_steal_pointer (&error));
}

static void
cm_tile_source_get_tile_data_async (ShumateDataSource   *source,
                                    int                  x,
                                    int                  y,
                                    int                  zoom_level,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  CmTileSource *self = CM_TILE_SOURCE (source);
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, cm_tile_source_get_tile_data_async);
  shumate_data_source_get_tile_data_async (SHUMATE_DATA_SOURCE (self->downloader),
                                           x, y, zoom_level, cancellable,
                                           tile_done_cb, task);
}

static GBytes *
cm_tile_source_get_tile_data_finish (ShumateDataSource  *source,
                                     GAsyncResult       *result,
                                     GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, source), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* The downloader says when a tile's data arrives (from its cache first,
 * then from the network); the renderer listens to the source it knows. */
static void
received_data_cb (ShumateDataSource *downloader,
                  int                x,
                  int                y,
                  int                zoom_level,
                  GBytes            *bytes,
                  CmTileSource      *self)
{
  g_signal_emit_by_name (self, "received-data", x, y, zoom_level, bytes);
}

static void
cm_tile_source_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  CmTileSource *self = CM_TILE_SOURCE (object);

  switch (prop_id)
    {
    case PROP_FAILING:
      g_value_set_boolean (value, self->failing);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cm_tile_source_dispose (GObject *object)
{
  CmTileSource *self = CM_TILE_SOURCE (object);

  if (self->downloader != NULL)
    g_signal_handlers_disconnect_by_func (self->downloader, received_data_cb, self);
  g_clear_object (&self->downloader);

  G_OBJECT_CLASS (cm_tile_source_parent_class)->dispose (object);
}

static void
cm_tile_source_finalize (GObject *object)
{
  CmTileSource *self = CM_TILE_SOURCE (object);

  g_free (self->url_template);

  G_OBJECT_CLASS (cm_tile_source_parent_class)->finalize (object);
}

static void
cm_tile_source_class_init (CmTileSourceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  ShumateDataSourceClass *source_class = SHUMATE_DATA_SOURCE_CLASS (klass);

  object_class->get_property = cm_tile_source_get_property;
  object_class->dispose = cm_tile_source_dispose;
  object_class->finalize = cm_tile_source_finalize;
  source_class->get_tile_data_async = cm_tile_source_get_tile_data_async;
  source_class->get_tile_data_finish = cm_tile_source_get_tile_data_finish;

  properties[PROP_FAILING] =
    g_param_spec_boolean ("failing", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cm_tile_source_init (CmTileSource *self)
{
}

/**
 * cm_tile_source_new:
 * @url_template: where tiles are, with `{x}`, `{y}` and `{z}`
 *
 * Returns: (transfer full): a data source for a raster renderer
 */
CmTileSource *
cm_tile_source_new (const char *url_template)
{
  CmTileSource *self;

  g_return_val_if_fail (url_template != NULL, NULL);

  self = g_object_new (CM_TYPE_TILE_SOURCE, NULL);
  self->url_template = g_strdup (url_template);
  self->downloader = shumate_tile_downloader_new (url_template);
  g_signal_connect (self->downloader, "received-data", G_CALLBACK (received_data_cb), self);

  return self;
}

const char *
cm_tile_source_get_url_template (CmTileSource *self)
{
  g_return_val_if_fail (CM_IS_TILE_SOURCE (self), NULL);
  return self->url_template;
}

/* TRUE once a tile failed, until one arrives. */
gboolean
cm_tile_source_get_failing (CmTileSource *self)
{
  g_return_val_if_fail (CM_IS_TILE_SOURCE (self), FALSE);
  return self->failing;
}

guint
cm_tile_source_get_n_failed (CmTileSource *self)
{
  g_return_val_if_fail (CM_IS_TILE_SOURCE (self), 0);
  return self->n_failed;
}

guint
cm_tile_source_get_n_received (CmTileSource *self)
{
  g_return_val_if_fail (CM_IS_TILE_SOURCE (self), 0);
  return self->n_received;
}

/**
 * cm_tile_url_template_validate:
 * @url_template: a tile server's address, as typed
 * @error: why it is refused
 *
 * Accepts an http or https address with `{x}`, `{y}` and `{z}` in it.
 *
 * Returns: %TRUE when it can be used
 */
gboolean
cm_tile_url_template_validate (const char  *url_template,
                               GError     **error)
{
  g_autoptr(GUri) uri = NULL;
  const char *scheme;

  g_return_val_if_fail (url_template != NULL, FALSE);

  if (strstr (url_template, "{x}") == NULL || strstr (url_template, "{y}") == NULL ||
      strstr (url_template, "{z}") == NULL)
    {
      g_set_error (error, CM_TILE_SOURCE_ERROR, CM_TILE_SOURCE_ERROR_BAD_TEMPLATE,
                   _("The address must contain {x}, {y} and {z}, where the tile’s column, row "
                     "and zoom go, as in %s."), CM_TILE_URL_DEFAULT);
      return FALSE;
    }

  uri = g_uri_parse (url_template, G_URI_FLAGS_PARSE_RELAXED, NULL);
  scheme = uri != NULL ? g_uri_get_scheme (uri) : NULL;
  if (uri == NULL || g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0' ||
      (g_ascii_strcasecmp (scheme, "http") != 0 && g_ascii_strcasecmp (scheme, "https") != 0))
    {
      g_set_error (error, CM_TILE_SOURCE_ERROR, CM_TILE_SOURCE_ERROR_BAD_TEMPLATE,
                   _("The address must be a web address that starts with https:// or http://, "
                     "as in %s."), CM_TILE_URL_DEFAULT);
      return FALSE;
    }

  return TRUE;
}
