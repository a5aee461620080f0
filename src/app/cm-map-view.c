/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "cm-map-view"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "cm-boundaries.h"
#include "cm-canteen.h"
#include "cm-checks.h"
#include "cm-map-view.h"
#include "cm-tile-source.h"

/* Mexico City and the zoom that shows all of it in a window of the usual
 * size. */
#define CITY_LATITUDE   19.36
#define CITY_LONGITUDE  -99.13
#define CITY_ZOOM       10.5
#define MIN_ZOOM        8
#define MAX_ZOOM        19
#define FIT_MAX_ZOOM    17.0

struct _CmMapView
{
  GtkWidget          parent_instance;

  /* template children */
  GtkOverlay        *overlay;

  /* Made when the view first shows: a window whose map is never opened
   * loads no map at all. */
  ShumateSimpleMap  *map;
  GtkGrid           *legend_grid;
  GtkLabel          *count_label;
  GtkLabel          *tiles_label;
  GtkPopover        *popover;
  GtkLabel          *popover_folio;
  GtkLabel          *popover_name;
  GtkLabel          *popover_status;
  GtkLabel          *popover_last_report;
  GtkLabel          *popover_compliance;
  GtkLabel          *popover_alcaldia;

  CmMapLayer        *layer;
  CmBoundaries      *boundaries;
  CmDb              *db;
  GCancellable      *cancellable;
  guint              n_boundaries;
  CmTileSource      *tiles;
  ShumateMapSource  *map_source;
  GSettings         *settings;
  CmKitchensView    *kitchens_view;
  GListModel        *kitchens;       /* the list's filtered kitchens */
  GtkSingleSelection *selection;     /* the list's selection */
  CmCanteen         *popover_canteen;
  gboolean           fitted;         /* once, when the first kitchens arrive */
  guint              fit_tick_id;
};

G_DEFINE_FINAL_TYPE (CmMapView, cm_map_view, GTK_TYPE_WIDGET)

static void ensure_map (CmMapView *self);

/* --- tiles ---------------------------------------------------------------- */

static void
tiles_failing_cb (CmMapView *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->tiles_label),
                          self->tiles != NULL && cm_tile_source_get_failing (self->tiles));
}

/* A template from the settings, or OpenStreetMap's when it is unusable: a
 * bad value written behind Preferences' back must not leave an empty map. */
static char *
get_url_template (CmMapView *self)
{
  g_autofree char *url = NULL;
  g_autoptr(GError) error = NULL;

  if (self->settings == NULL)
    return g_strdup (CM_TILE_URL_DEFAULT);

  url = g_settings_get_string (self->settings, "tile-url-template");
  if (!cm_tile_url_template_validate (url, &error))
    {
      g_message ("Using the default tile server: %s", error->message);
      return g_strdup (CM_TILE_URL_DEFAULT);
    }
  return g_steal_pointer (&url);
}

static void
load_tiles (CmMapView *self)
{
  g_autofree char *url = NULL;
  g_autofree char *attribution = NULL;

  if (self->map == NULL)
    return;
  url = get_url_template (self);
  if (self->tiles != NULL)
    g_signal_handlers_disconnect_by_func (self->tiles, tiles_failing_cb, self);
  g_clear_object (&self->tiles);
  g_clear_object (&self->map_source);

  if (self->settings != NULL)
    attribution = g_settings_get_string (self->settings, "tile-attribution");
  if (attribution == NULL || *attribution == '\0')
    {
      g_free (attribution);
      attribution = g_strdup ("© OpenStreetMap contributors");
    }

  self->tiles = cm_tile_source_new (url);
  g_signal_connect_object (self->tiles, "notify::failing", G_CALLBACK (tiles_failing_cb),
                           self, G_CONNECT_SWAPPED);
  /* The id names the file cache: tiles of another server are kept apart. */
  {
    g_autofree char *checksum = g_compute_checksum_for_string (G_CHECKSUM_SHA1, url, -1);
    g_autofree char *id = g_strdup_printf ("comedores-%.12s", checksum);

    self->map_source = SHUMATE_MAP_SOURCE (
      shumate_raster_renderer_new_full (id, _("Map tiles"), attribution, CM_TILE_ATTRIBUTION_URI,
                                        0, MAX_ZOOM, 256, SHUMATE_MAP_PROJECTION_MERCATOR,
                                        SHUMATE_DATA_SOURCE (self->tiles)));
  }
  shumate_simple_map_set_map_source (self->map, self->map_source);
  tiles_failing_cb (self);
}

/* --- the legend and the count ---------------------------------------------- */

static void
draw_swatch (GtkDrawingArea *area,
             cairo_t        *cr,
             int             width,
             int             height,
             gpointer        user_data)
{
  CmMapSymbol symbol = GPOINTER_TO_UINT (user_data);

  cm_map_symbol_draw (cr, symbol,
                      symbol == CM_MAP_SYMBOL_SUSPENDED ? CM_MAP_SYMBOL_NOT_EVALUATED : symbol,
                      width / 2.0, height / 2.0,
                      symbol == CM_MAP_SYMBOL_GROUP ? MIN (width, height) / 2.0 - 1 : 5.5);
}

static void
add_legend_row (CmMapView   *self,
                int          row,
                CmMapSymbol  symbol,
                const char  *text)
{
  GtkWidget *swatch = gtk_drawing_area_new ();
  GtkWidget *label = gtk_label_new (text);

  gtk_drawing_area_set_content_width (GTK_DRAWING_AREA (swatch), 20);
  gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (swatch), 20);
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (swatch), draw_swatch, GUINT_TO_POINTER (symbol), NULL);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_grid_attach (self->legend_grid, swatch, 0, row, 1, 1);
  gtk_grid_attach (self->legend_grid, label, 1, row, 1, 1);
}

static void
fill_legend (CmMapView *self)
{
  int row = 0;

  add_legend_row (self, row++, CM_MAP_SYMBOL_COMPLIES, cm_verdict_get_label (CM_VERDICT_COMPLIES));
  add_legend_row (self, row++, CM_MAP_SYMBOL_REMARKS, cm_verdict_get_label (CM_VERDICT_COMPLIES_WITH_REMARKS));
  add_legend_row (self, row++, CM_MAP_SYMBOL_DOES_NOT_COMPLY, cm_verdict_get_label (CM_VERDICT_DOES_NOT_COMPLY));
  add_legend_row (self, row++, CM_MAP_SYMBOL_NOT_EVALUATED, cm_verdict_get_label (CM_VERDICT_NOT_EVALUATED));
  add_legend_row (self, row++, CM_MAP_SYMBOL_SUSPENDED, _("Suspended (in its compliance colour)"));
  add_legend_row (self, row++, CM_MAP_SYMBOL_CLOSED, cm_canteen_status_label ("closed"));
  add_legend_row (self, row++, CM_MAP_SYMBOL_GROUP, _("Several kitchens: click to zoom in"));
}

static void
update_count (CmMapView *self)
{
  guint listed = self->kitchens != NULL ? g_list_model_get_n_items (self->kitchens) : 0;
  guint drawn;
  g_autofree char *drawn_text = NULL;
  g_autofree char *text = NULL;

  if (self->layer == NULL)
    return;
  drawn = cm_map_layer_get_n_kitchens (self->layer);
  drawn_text = g_strdup_printf ("%'u", drawn);

  if (drawn == listed)
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s kitchen of the list",
                                         "%s kitchens of the list", drawn), drawn_text);
  else
    {
      g_autofree char *missing_text = g_strdup_printf ("%'u", listed - drawn);

      /* Translators: "440 kitchens of the list; 10 have no point" */
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s kitchens of the list; %s has no point",
                                           "%s kitchens of the list; %s have no point", listed - drawn),
                              drawn_text, missing_text);
    }
  gtk_label_set_label (self->count_label, text);
}

/* --- moving the map ---------------------------------------------------------- */

/* Centres the map on an extent and zooms as far as shows all of it, with
 * a margin, never closer than @max_zoom. */
static void
go_to_extent (CmMapView *self,
              double     south,
              double     west,
              double     north,
              double     east,
              double     min_zoom,
              double     max_zoom,
              gboolean   animate)
{
  ShumateMap *map = shumate_simple_map_get_map (self->map);
  double width = MAX (gtk_widget_get_width (GTK_WIDGET (map)), 200);
  double height = MAX (gtk_widget_get_height (GTK_WIDGET (map)), 200);
  double du = MAX ((east - west) / 360.0, 1e-9);
  double v_north = (1.0 - asinh (tan (north * G_PI / 180.0)) / G_PI) / 2.0;
  double v_south = (1.0 - asinh (tan (south * G_PI / 180.0)) / G_PI) / 2.0;
  double dv = MAX (v_south - v_north, 1e-9);
  double zoom;

  /* 256 pixels a tile; 80 % of the window, so the edge points show whole. */
  zoom = log2 (MIN (width * 0.8 / (du * 256.0), height * 0.8 / (dv * 256.0)));
  zoom = CLAMP (zoom, MAX (min_zoom, MIN_ZOOM), max_zoom);

  if (animate)
    shumate_map_go_to_full (map, (north + south) / 2.0, (east + west) / 2.0, zoom);
  else
    {
      ShumateViewport *viewport = shumate_map_get_viewport (map);

      shumate_map_stop_go_to (map);
      shumate_viewport_set_zoom_level (viewport, zoom);
      shumate_location_set_location (SHUMATE_LOCATION (viewport), (north + south) / 2.0, (east + west) / 2.0);
    }
}

/**
 * cm_map_view_fit_kitchens:
 * @self: the view
 *
 * Shows every kitchen drawn, or the city when there is none.
 */
void
cm_map_view_fit_kitchens (CmMapView *self)
{
  double south, west, north, east;

  g_return_if_fail (CM_IS_MAP_VIEW (self));

  ensure_map (self);
  if (cm_map_layer_get_extent (self->layer, &south, &west, &north, &east))
    go_to_extent (self, south, west, north, east, MIN_ZOOM, FIT_MAX_ZOOM, TRUE);
  else
    shumate_map_go_to_full (shumate_simple_map_get_map (self->map), CITY_LATITUDE, CITY_LONGITUDE, CITY_ZOOM);
}

static void
fit_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  cm_map_view_fit_kitchens (CM_MAP_VIEW (widget));
}

/* --- the popover and the selection ------------------------------------------ */

static void
show_popover (CmMapView *self,
              CmCanteen *canteen,
              double     x,
              double     y)
{
  g_autofree char *alcaldia = NULL;
  const char *last_report = cm_canteen_get_last_report_label (canteen);
  const char *period = cm_canteen_get_compliance_period (canteen);
  g_autofree char *compliance = NULL;
  GdkRectangle rect = { (int) x - 4, (int) y - 4, 8, 8 };
  double tx, ty;

  g_set_object (&self->popover_canteen, canteen);

  /* Text from data, set as text: a name with "<b>&" shows as written. */
  gtk_label_set_text (self->popover_folio, cm_canteen_get_folio (canteen));
  gtk_label_set_text (self->popover_name, cm_canteen_get_name (canteen));
  gtk_label_set_text (self->popover_status, cm_canteen_get_status_label (canteen));
  gtk_label_set_text (self->popover_last_report,
                      last_report != NULL && *last_report != '\0' ? last_report : _("None"));
  if (cm_canteen_get_compliance (canteen) != NULL && period != NULL)
    /* Translators: a verdict and its month, "Complies (2025-06)" */
    compliance = g_strdup_printf (_("%s (%s)"), cm_canteen_get_compliance_label (canteen), period);
  else
    compliance = g_strdup (cm_canteen_get_compliance_label (canteen));
  gtk_label_set_text (self->popover_compliance, compliance);
  gtk_label_set_text (self->popover_alcaldia, cm_canteen_get_alcaldia_name (canteen));

  if (gtk_widget_translate_coordinates (GTK_WIDGET (self->layer), GTK_WIDGET (self), x, y, &tx, &ty))
    {
      rect.x = (int) tx - 4;
      rect.y = (int) ty - 4;
    }
  gtk_popover_set_pointing_to (self->popover, &rect);
  gtk_popover_popup (self->popover);
}

static void
list_selection_changed_cb (CmMapView *self)
{
  CmCanteen *canteen = gtk_single_selection_get_selected_item (self->selection);

  if (self->layer != NULL)
    cm_map_layer_set_selected (self->layer, canteen);
  if (self->popover_canteen != NULL && canteen != self->popover_canteen &&
      gtk_widget_get_visible (GTK_WIDGET (self->popover)))
    gtk_popover_popdown (self->popover);
}

static void
select_in_list (CmMapView *self,
                CmCanteen *canteen)
{
  cm_map_layer_set_selected (self->layer, canteen);
  if (self->kitchens_view != NULL)
    cm_kitchens_view_select_folio (self->kitchens_view, cm_canteen_get_folio (canteen));
}

/**
 * cm_map_view_click:
 * @self: the view
 * @x: a point of the map, in the layer's coordinates
 * @y: a point of the map
 *
 * Does what a click there does: a kitchen is selected in the list too and
 * described in a popover; a group is zoomed into.
 *
 * Returns: %TRUE when a kitchen or a group was there
 */
gboolean
cm_map_view_click (CmMapView *self,
                   double     x,
                   double     y)
{
  CmMapHit hit;

  g_return_val_if_fail (CM_IS_MAP_VIEW (self), FALSE);

  ensure_map (self);
  if (!cm_map_layer_hit_test (self->layer, x, y, &hit))
    {
      gtk_popover_popdown (self->popover);
      return FALSE;
    }

  if (hit.canteen != NULL)
    {
      g_autoptr(CmCanteen) canteen = g_object_ref (hit.canteen);

      select_in_list (self, canteen);
      show_popover (self, canteen, x, y);
    }
  else
    {
      ShumateViewport *viewport = shumate_simple_map_get_viewport (self->map);
      double zoom = shumate_viewport_get_zoom_level (viewport);

      /* At least two steps closer, so a tight group does open up. */
      gtk_popover_popdown (self->popover);
      go_to_extent (self, hit.south, hit.west, hit.north, hit.east,
                    MIN (zoom + 2.0, MAX_ZOOM), MAX_ZOOM, TRUE);
    }
  return TRUE;
}

static void
click_released_cb (GtkGestureClick *gesture,
                   int              n_press,
                   double           x,
                   double           y,
                   CmMapView       *self)
{
  GtkWidget *map = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (gesture));
  double lx = x, ly = y;

  if (n_press != 1)
    return;
  gtk_widget_translate_coordinates (map, GTK_WIDGET (self->layer), x, y, &lx, &ly);
  cm_map_view_click (self, lx, ly);
}

static void
open_kitchen_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  CmMapView *self = CM_MAP_VIEW (widget);
  g_autoptr(CmCanteen) canteen = NULL;

  if (self->popover_canteen == NULL)
    return;

  canteen = g_object_ref (self->popover_canteen);
  gtk_popover_popdown (self->popover);
  select_in_list (self, canteen);
  gtk_widget_activate_action (widget, "win.show-view", "s", "kitchens");
}

/* The first kitchens to arrive are shown whole, once the map has a size
 * to fit them in, without an animation. */
static gboolean
first_fit_cb (GtkWidget     *widget,
              GdkFrameClock *clock,
              gpointer       user_data)
{
  CmMapView *self = CM_MAP_VIEW (widget);
  double south, west, north, east;

  if (gtk_widget_get_width (widget) <= 0 || gtk_widget_get_height (widget) <= 0)
    return G_SOURCE_CONTINUE;

  self->fit_tick_id = 0;
  if (cm_map_layer_get_extent (self->layer, &south, &west, &north, &east))
    {
      self->fitted = TRUE;
      go_to_extent (self, south, west, north, east, MIN_ZOOM, FIT_MAX_ZOOM, FALSE);
    }
  return G_SOURCE_REMOVE;
}

static void
maybe_first_fit (CmMapView *self)
{
  if (self->layer == NULL || self->fitted || self->fit_tick_id != 0 || !gtk_widget_get_mapped (GTK_WIDGET (self)) ||
      cm_map_layer_get_n_kitchens (self->layer) == 0)
    return;
  self->fit_tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), first_fit_cb, NULL, NULL);
}

static void
kitchens_changed_cb (CmMapView *self)
{
  update_count (self);
  maybe_first_fit (self);
}

/**
 * cm_map_view_set_kitchens_view:
 * @self: the view
 * @kitchens_view: the Kitchens view whose filter and selection the map shares
 *
 * Draws the kitchens the list shows, follows its filter, and shares its
 * selection both ways.
 */
void
cm_map_view_set_kitchens_view (CmMapView      *self,
                               CmKitchensView *kitchens_view)
{
  g_return_if_fail (CM_IS_MAP_VIEW (self));
  g_return_if_fail (CM_IS_KITCHENS_VIEW (kitchens_view));

  g_set_object (&self->kitchens_view, kitchens_view);
  g_set_object (&self->kitchens, cm_kitchens_view_get_shown (kitchens_view));
  g_set_object (&self->selection, cm_kitchens_view_get_selection (kitchens_view));

  /* After the layer's own handler: it must know the change before the
   * count asks. */
  if (self->layer != NULL)
    cm_map_layer_set_model (self->layer, self->kitchens);
  g_signal_connect_object (self->kitchens, "items-changed",
                           G_CALLBACK (kitchens_changed_cb), self, G_CONNECT_SWAPPED | G_CONNECT_AFTER);
  g_signal_connect_object (self->selection, "notify::selected-item",
                           G_CALLBACK (list_selection_changed_cb), self, G_CONNECT_SWAPPED);
  list_selection_changed_cb (self);
  update_count (self);
}

/* --- the boundaries --------------------------------------------------------- */

static void
boundaries_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  GError *error = NULL;
  CmBoundaries *boundaries = cm_boundaries_load (CM_DB (task_data), &error);

  if (boundaries == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, boundaries, g_object_unref);
}

static void
boundaries_loaded_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  CmMapView *self = CM_MAP_VIEW (object);
  g_autoptr(CmBoundaries) boundaries = NULL;
  g_autoptr(GError) error = NULL;

  boundaries = g_task_propagate_pointer (G_TASK (result), &error);
  if (boundaries == NULL)
    {
      /* The map is still useful without them: say it in the log only. */
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_message ("The alcaldías' boundaries could not be read: %s", error->message);
      return;
    }
  self->n_boundaries = cm_boundaries_get_n_shapes (boundaries);
  g_set_object (&self->boundaries, boundaries);
  if (self->layer != NULL)
    cm_map_layer_set_boundaries (self->layer, boundaries);
}

/**
 * cm_map_view_reload_boundaries:
 * @self: the view
 *
 * Reads the alcaldías' boundaries from the database again, in a worker
 * thread, and outlines them.
 */
void
cm_map_view_reload_boundaries (CmMapView *self)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (CM_IS_MAP_VIEW (self));

  if (self->db == NULL)
    return;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  task = g_task_new (self, self->cancellable, boundaries_loaded_cb, NULL);
  g_task_set_source_tag (task, cm_map_view_reload_boundaries);
  g_task_set_task_data (task, g_object_ref (self->db), g_object_unref);
  g_task_set_return_on_cancel (task, TRUE);
  g_task_run_in_thread (task, boundaries_thread);
}

CmMapView *
cm_map_view_new (void)
{
  return g_object_new (CM_TYPE_MAP_VIEW, NULL);
}

void
cm_map_view_set_db (CmMapView *self,
                    CmDb      *db)
{
  g_return_if_fail (CM_IS_MAP_VIEW (self));
  g_return_if_fail (CM_IS_DB (db));

  g_set_object (&self->db, db);
  cm_map_view_reload_boundaries (self);
}

/* How many alcaldías have a boundary on the map. */
guint
cm_map_view_get_n_boundaries (CmMapView *self)
{
  g_return_val_if_fail (CM_IS_MAP_VIEW (self), 0);
  return self->n_boundaries;
}

static void
settings_changed_cb (CmMapView *self)
{
  load_tiles (self);
}

/**
 * cm_map_view_bind_settings:
 * @self: the view
 * @settings: the application's settings
 *
 * Takes the tile server and its attribution from @settings, and follows
 * their changes.
 */
void
cm_map_view_bind_settings (CmMapView *self,
                           GSettings *settings)
{
  g_return_if_fail (CM_IS_MAP_VIEW (self));
  g_return_if_fail (G_IS_SETTINGS (settings));

  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_func (self->settings, settings_changed_cb, self);
  g_set_object (&self->settings, settings);
  g_signal_connect_object (settings, "changed::tile-url-template",
                           G_CALLBACK (settings_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (settings, "changed::tile-attribution",
                           G_CALLBACK (settings_changed_cb), self, G_CONNECT_SWAPPED);
  load_tiles (self);
}

/* --- the class ---------------------------------------------------------------- */

static void
cm_map_view_map (GtkWidget *widget)
{
  CmMapView *self = CM_MAP_VIEW (widget);

  ensure_map (self);
  GTK_WIDGET_CLASS (cm_map_view_parent_class)->map (widget);
  maybe_first_fit (self);
}

static void
cm_map_view_unmap (GtkWidget *widget)
{
  CmMapView *self = CM_MAP_VIEW (widget);

  if (self->fit_tick_id != 0)
    gtk_widget_remove_tick_callback (widget, self->fit_tick_id);
  self->fit_tick_id = 0;
  GTK_WIDGET_CLASS (cm_map_view_parent_class)->unmap (widget);
}

static void
cm_map_view_dispose (GObject *object)
{
  CmMapView *self = CM_MAP_VIEW (object);

  if (self->popover != NULL)
    gtk_widget_unparent (GTK_WIDGET (self->popover));
  self->popover = NULL;

  gtk_widget_dispose_template (GTK_WIDGET (self), CM_TYPE_MAP_VIEW);

  if (self->tiles != NULL)
    g_signal_handlers_disconnect_by_func (self->tiles, tiles_failing_cb, self);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->db);
  g_clear_object (&self->boundaries);
  g_clear_object (&self->tiles);
  g_clear_object (&self->map_source);
  g_clear_object (&self->settings);
  g_clear_object (&self->selection);
  g_clear_object (&self->kitchens);
  g_clear_object (&self->kitchens_view);
  g_clear_object (&self->popover_canteen);

  G_OBJECT_CLASS (cm_map_view_parent_class)->dispose (object);
}

static void
cm_map_view_class_init (CmMapViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  g_autofree char *user_agent = NULL;

  object_class->dispose = cm_map_view_dispose;
  widget_class->map = cm_map_view_map;
  widget_class->unmap = cm_map_view_unmap;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/cm-map-view.ui");
  gtk_widget_class_bind_template_child (widget_class, CmMapView, overlay);
  gtk_widget_class_bind_template_child (widget_class, CmMapView, legend_grid);
  gtk_widget_class_bind_template_child (widget_class, CmMapView, count_label);
  gtk_widget_class_bind_template_child (widget_class, CmMapView, tiles_label);
  gtk_widget_class_bind_template_child (widget_class, CmMapView, popover);
  gtk_widget_class_bind_template_child (widget_class, CmMapView, popover_folio);
  gtk_widget_class_bind_template_child (widget_class, CmMapView, popover_name);
  gtk_widget_class_bind_template_child (widget_class, CmMapView, popover_status);
  gtk_widget_class_bind_template_child (widget_class, CmMapView, popover_last_report);
  gtk_widget_class_bind_template_child (widget_class, CmMapView, popover_compliance);
  gtk_widget_class_bind_template_child (widget_class, CmMapView, popover_alcaldia);

  gtk_widget_class_install_action (widget_class, "map.fit", NULL, fit_action);
  gtk_widget_class_install_action (widget_class, "map.open-kitchen", NULL, open_kitchen_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "mapview");

  /* OpenStreetMap's tile policy asks every application to name itself. */
  user_agent = g_strdup_printf ("Comedores/%s (+https://github.com/comedores/comedores) libshumate/%d.%d",
                                PACKAGE_VERSION, SHUMATE_MAJOR_VERSION, SHUMATE_MINOR_VERSION);
  shumate_set_user_agent (user_agent);
}

static void
ensure_map (CmMapView *self)
{
  ShumateViewport *viewport;
  ShumateMap *map;
  GtkGesture *click;

  if (self->map != NULL)
    return;

  self->map = shumate_simple_map_new ();
  gtk_widget_set_hexpand (GTK_WIDGET (self->map), TRUE);
  gtk_widget_set_vexpand (GTK_WIDGET (self->map), TRUE);
  gtk_overlay_set_child (self->overlay, GTK_WIDGET (self->map));

  map = shumate_simple_map_get_map (self->map);
  viewport = shumate_simple_map_get_viewport (self->map);
  shumate_viewport_set_min_zoom_level (viewport, MIN_ZOOM);
  shumate_viewport_set_max_zoom_level (viewport, MAX_ZOOM);

  load_tiles (self);

  self->layer = cm_map_layer_new (viewport);
  shumate_simple_map_add_overlay_layer (self->map, SHUMATE_LAYER (self->layer));
  cm_map_layer_set_model (self->layer, self->kitchens);
  if (self->boundaries != NULL)
    cm_map_layer_set_boundaries (self->layer, self->boundaries);
  if (self->selection != NULL)
    cm_map_layer_set_selected (self->layer, gtk_single_selection_get_selected_item (self->selection));

  shumate_location_set_location (SHUMATE_LOCATION (viewport), CITY_LATITUDE, CITY_LONGITUDE);
  shumate_viewport_set_zoom_level (viewport, CITY_ZOOM);

  click = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_PRIMARY);
  g_signal_connect (click, "released", G_CALLBACK (click_released_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (map), GTK_EVENT_CONTROLLER (click));

  update_count (self);
}

static void
cm_map_view_init (CmMapView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  /* The popover is described with the template but belongs to the view. */
  gtk_widget_set_parent (GTK_WIDGET (self->popover), GTK_WIDGET (self));

  fill_legend (self);
}

CmMapLayer *
cm_map_view_get_layer (CmMapView *self)
{
  g_return_val_if_fail (CM_IS_MAP_VIEW (self), NULL);
  ensure_map (self);
  return self->layer;
}

ShumateMap *
cm_map_view_get_map (CmMapView *self)
{
  g_return_val_if_fail (CM_IS_MAP_VIEW (self), NULL);
  ensure_map (self);
  return shumate_simple_map_get_map (self->map);
}

GtkPopover *
cm_map_view_get_popover (CmMapView *self)
{
  g_return_val_if_fail (CM_IS_MAP_VIEW (self), NULL);
  return self->popover;
}

/* The folio the popover describes, while it shows. */
const char *
cm_map_view_get_popover_folio (CmMapView *self)
{
  g_return_val_if_fail (CM_IS_MAP_VIEW (self), NULL);

  if (!gtk_widget_get_visible (GTK_WIDGET (self->popover)))
    return NULL;
  return gtk_label_get_text (self->popover_folio);
}

const char *
cm_map_view_get_tile_url (CmMapView *self)
{
  g_return_val_if_fail (CM_IS_MAP_VIEW (self), NULL);
  return self->tiles != NULL ? cm_tile_source_get_url_template (self->tiles) : NULL;
}

gboolean
cm_map_view_get_tiles_failing (CmMapView *self)
{
  g_return_val_if_fail (CM_IS_MAP_VIEW (self), FALSE);
  return self->tiles != NULL && cm_tile_source_get_failing (self->tiles);
}

/* Whether the map has been fitted to its first kitchens yet. */
gboolean
cm_map_view_get_fitted (CmMapView *self)
{
  g_return_val_if_fail (CM_IS_MAP_VIEW (self), FALSE);
  return self->fitted;
}
