/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "cm-map-layer"

#include "config.h"

#include <math.h>
#include <string.h>

#include "cm-alcaldias.h"
#include "cm-boundaries.h"
#include "cm-checks.h"
#include "cm-map-layer.h"

/* Every kitchen of the model is drawn by this one layer, in one cairo node:
 * a widget per point would not pan smoothly with thousands of them. Points
 * are kept in Web Mercator coordinates normalised to [0, 1], so a frame
 * only scales and shifts them. */

#define POINT_RADIUS     5.0
#define SELECTED_RADIUS  8.0
#define GROUP_CELL       64.0   /* pixels: the grid a group gathers in */
#define GROUP_MAX_ZOOM   15.0   /* from here on every kitchen stands alone */
#define HIT_SLOP         4.0    /* pixels around a mark that still hit it */

typedef struct
{
  CmCanteen *canteen;
  double     u;          /* 0 at 180° W, 1 at 180° E */
  double     v;          /* 0 at the top of the Mercator square */
  guint8     colour;     /* a CmMapSymbol among the colours */
  guint8     shape;      /* CM_MAP_SYMBOL_SUSPENDED, _CLOSED, or a colour for a circle */
} Mark;

typedef struct
{
  double u_sum, v_sum;
  double u_min, u_max, v_min, v_max;
  guint  count;
  guint  first;          /* the mark of a group of one */
  guint  colours[CM_MAP_N_SYMBOLS];
} Group;

struct _CmMapLayer
{
  ShumateLayer  parent_instance;

  GListModel   *model;
  GArray       *marks;         /* Mark */
  gboolean      marks_dirty;

  GArray       *groups;        /* Group, for groups_zoom */
  double        groups_zoom;   /* the zoom step they were made for, or -1 */

  gint64        selected_id;   /* 0: none */

  /* Textures made once, at texture_scale */
  int           texture_scale;
  GdkTexture   *sprites[CM_MAP_N_SYMBOLS][CM_MAP_N_SYMBOLS];  /* shape, colour */
  GdkTexture   *labels[16];    /* the alcaldías' names */
  GHashTable   *group_textures; /* guint64 key → GdkTexture */
  GdkTexture   *selected_sprite;
  guint         selected_sprite_key;

  /* The alcaldías' boundaries: rings of (u, v) pairs, and their outline
   * drawn for a region around the view, moved while the map pans. */
  GPtrArray    *rings;         /* GArray of double */
  GskRenderNode *outline;
  double        outline_zoom;
  double        outline_x, outline_y;   /* the region's corner, world pixels */
  double        outline_width, outline_height;

  guint         n_drawn;       /* marks in the last frame */
  guint         n_labels_drawn;
};

G_DEFINE_FINAL_TYPE (CmMapLayer, cm_map_layer, SHUMATE_TYPE_LAYER)

/* GNOME's palette: Green 5, Yellow 5, Red 3, Light 1 ringed with Dark 1,
 * Dark 3; Blue 3 for the selection. */
static const GdkRGBA symbol_colours[CM_MAP_N_SYMBOLS] = {
  [CM_MAP_SYMBOL_COMPLIES]        = { 0x26 / 255.0, 0xa2 / 255.0, 0x69 / 255.0, 1 },
  [CM_MAP_SYMBOL_REMARKS]         = { 0xe5 / 255.0, 0xa5 / 255.0, 0x0a / 255.0, 1 },
  [CM_MAP_SYMBOL_DOES_NOT_COMPLY] = { 0xe0 / 255.0, 0x1b / 255.0, 0x24 / 255.0, 1 },
  [CM_MAP_SYMBOL_NOT_EVALUATED]   = { 1, 1, 1, 1 },
  [CM_MAP_SYMBOL_SUSPENDED]       = { 1, 1, 1, 1 },
  [CM_MAP_SYMBOL_CLOSED]          = { 0x3d / 255.0, 0x38 / 255.0, 0x46 / 255.0, 1 },
  [CM_MAP_SYMBOL_GROUP]           = { 1, 1, 1, 1 },
};
static const GdkRGBA outline_colour = { 0x24 / 255.0, 0x1f / 255.0, 0x31 / 255.0, 0.85 };
static const GdkRGBA ring_colour = { 0x77 / 255.0, 0x76 / 255.0, 0x7b / 255.0, 1 };
static const GdkRGBA selection_colour = { 0x35 / 255.0, 0x84 / 255.0, 0xe4 / 255.0, 1 };

static double
longitude_to_u (double longitude)
{
  return (longitude + 180.0) / 360.0;
}

static double
latitude_to_v (double latitude)
{
  double phi;

  latitude = CLAMP (latitude, SHUMATE_MIN_LATITUDE, SHUMATE_MAX_LATITUDE);
  phi = latitude * G_PI / 180.0;
  return (1.0 - log (tan (phi) + 1.0 / cos (phi)) / G_PI) / 2.0;
}

static double
u_to_longitude (double u)
{
  return u * 360.0 - 180.0;
}

static double
v_to_latitude (double v)
{
  return atan (sinh (G_PI * (1.0 - 2.0 * v))) * 180.0 / G_PI;
}

static CmMapSymbol
colour_for_canteen (CmCanteen *canteen)
{
  CmVerdict verdict = CM_VERDICT_NOT_EVALUATED;
  const char *compliance = cm_canteen_get_compliance (canteen);

  if (compliance != NULL)
    cm_verdict_from_string (compliance, &verdict);
  switch (verdict)
    {
    case CM_VERDICT_COMPLIES:
      return CM_MAP_SYMBOL_COMPLIES;
    case CM_VERDICT_COMPLIES_WITH_REMARKS:
      return CM_MAP_SYMBOL_REMARKS;
    case CM_VERDICT_DOES_NOT_COMPLY:
      return CM_MAP_SYMBOL_DOES_NOT_COMPLY;
    case CM_VERDICT_NOT_EVALUATED:
    default:
      return CM_MAP_SYMBOL_NOT_EVALUATED;
    }
}

/**
 * cm_map_symbol_for_canteen:
 * @canteen: a kitchen
 *
 * Returns: the symbol of its legend row: closed and suspended kitchens
 *   first, then their compliance
 */
CmMapSymbol
cm_map_symbol_for_canteen (CmCanteen *canteen)
{
  switch (cm_canteen_get_status_enum (canteen))
    {
    case CM_CANTEEN_STATUS_CLOSED:
      return CM_MAP_SYMBOL_CLOSED;
    case CM_CANTEEN_STATUS_SUSPENDED:
      return CM_MAP_SYMBOL_SUSPENDED;
    case CM_CANTEEN_STATUS_ACTIVE:
    default:
      return colour_for_canteen (canteen);
    }
}

static void
set_source (cairo_t       *cr,
            const GdkRGBA *rgba)
{
  cairo_set_source_rgba (cr, rgba->red, rgba->green, rgba->blue, rgba->alpha);
}

/* A group: a white disc ringed by its kitchens' colours in proportion. */
static void
draw_group (cairo_t     *cr,
            const Group *group,
            double       x,
            double       y,
            double       radius)
{
  static const CmMapSymbol order[] = {
    CM_MAP_SYMBOL_DOES_NOT_COMPLY, CM_MAP_SYMBOL_REMARKS, CM_MAP_SYMBOL_COMPLIES,
    CM_MAP_SYMBOL_NOT_EVALUATED, CM_MAP_SYMBOL_CLOSED,
  };
  double angle = -G_PI / 2;

  cairo_new_path (cr);
  cairo_arc (cr, x, y, radius, 0, 2 * G_PI);
  set_source (cr, &symbol_colours[CM_MAP_SYMBOL_GROUP]);
  cairo_fill (cr);

  cairo_set_line_width (cr, 4.0);
  for (guint i = 0; group != NULL && i < G_N_ELEMENTS (order); i++)
    {
      guint n = group->colours[order[i]];
      double sweep;

      if (n == 0)
        continue;
      sweep = 2 * G_PI * n / group->count;
      cairo_new_path (cr);
      cairo_arc (cr, x, y, radius - 2.0, angle, angle + sweep);
      set_source (cr, order[i] == CM_MAP_SYMBOL_NOT_EVALUATED ? &ring_colour : &symbol_colours[order[i]]);
      cairo_stroke (cr);
      angle += sweep;
    }

  cairo_new_path (cr);
  cairo_arc (cr, x, y, radius, 0, 2 * G_PI);
  cairo_set_line_width (cr, 1.0);
  set_source (cr, &outline_colour);
  cairo_stroke (cr);
}

/**
 * cm_map_symbol_draw:
 * @cr: where to draw
 * @symbol: the shape: a colour draws a circle, %CM_MAP_SYMBOL_SUSPENDED a
 *   diamond, %CM_MAP_SYMBOL_CLOSED a square, %CM_MAP_SYMBOL_GROUP a ring
 * @colour: the fill of a circle or a diamond
 * @x: the centre
 * @y: the centre
 * @radius: half its width
 *
 * Draws one kitchen's symbol, as the map and its legend show it.
 */
void
cm_map_symbol_draw (cairo_t     *cr,
                    CmMapSymbol  symbol,
                    CmMapSymbol  colour,
                    double       x,
                    double       y,
                    double       radius)
{
  g_return_if_fail (symbol < CM_MAP_N_SYMBOLS && colour < CM_MAP_N_SYMBOLS);

  cairo_new_path (cr);
  switch (symbol)
    {
    case CM_MAP_SYMBOL_GROUP:
      {
        Group sample = { .count = 4 };

        sample.colours[CM_MAP_SYMBOL_COMPLIES] = 2;
        sample.colours[CM_MAP_SYMBOL_REMARKS] = 1;
        sample.colours[CM_MAP_SYMBOL_DOES_NOT_COMPLY] = 1;
        draw_group (cr, &sample, x, y, radius);
        return;
      }
    case CM_MAP_SYMBOL_SUSPENDED:
      radius *= 1.25;
      cairo_move_to (cr, x, y - radius);
      cairo_line_to (cr, x + radius, y);
      cairo_line_to (cr, x, y + radius);
      cairo_line_to (cr, x - radius, y);
      cairo_close_path (cr);
      break;
    case CM_MAP_SYMBOL_CLOSED:
      radius *= 0.85;
      cairo_rectangle (cr, x - radius, y - radius, 2 * radius, 2 * radius);
      colour = CM_MAP_SYMBOL_CLOSED;
      break;
    case CM_MAP_SYMBOL_COMPLIES:
    case CM_MAP_SYMBOL_REMARKS:
    case CM_MAP_SYMBOL_DOES_NOT_COMPLY:
    case CM_MAP_SYMBOL_NOT_EVALUATED:
    case CM_MAP_N_SYMBOLS:
    default:
      cairo_arc (cr, x, y, radius, 0, 2 * G_PI);
      break;
    }

  set_source (cr, &symbol_colours[colour]);
  cairo_fill_preserve (cr);

  /* A kitchen never evaluated is hollow: a grey ring, not a colour. */
  if (colour == CM_MAP_SYMBOL_NOT_EVALUATED)
    {
      cairo_set_line_width (cr, 2.0);
      set_source (cr, &ring_colour);
    }
  else
    {
      cairo_set_line_width (cr, 1.25);
      set_source (cr, &outline_colour);
    }
  cairo_stroke (cr);
}

/* --- the marks ----------------------------------------------------------- */

static void
clear_mark (gpointer data)
{
  Mark *mark = data;

  g_clear_object (&mark->canteen);
}

static void
invalidate (CmMapLayer *self)
{
  self->marks_dirty = TRUE;
  self->groups_zoom = -1;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
ensure_marks (CmMapLayer *self)
{
  guint n;

  if (!self->marks_dirty)
    return;
  self->marks_dirty = FALSE;

  g_array_set_size (self->marks, 0);
  n = self->model != NULL ? g_list_model_get_n_items (self->model) : 0;
  for (guint i = 0; i < n; i++)
    {
      CmCanteen *canteen = g_list_model_get_item (self->model, i);
      double latitude = cm_canteen_get_latitude (canteen);
      double longitude = cm_canteen_get_longitude (canteen);
      Mark mark;

      /* A kitchen with no point is in the list but cannot be on the map. */
      if (isnan (latitude) || isnan (longitude))
        {
          g_object_unref (canteen);
          continue;
        }

      mark.canteen = canteen;
      mark.u = longitude_to_u (longitude);
      mark.v = latitude_to_v (latitude);
      mark.colour = cm_canteen_get_status_enum (canteen) == CM_CANTEEN_STATUS_CLOSED ?
                    CM_MAP_SYMBOL_CLOSED : colour_for_canteen (canteen);
      mark.shape = cm_map_symbol_for_canteen (canteen);
      g_array_append_val (self->marks, mark);
    }
}

/* The frame's geometry: where the Mercator square lies on the widget. */
typedef struct
{
  double world;     /* the square's side in pixels */
  double cu, cv;    /* the centre of the view, normalised */
  double width, height;
  double cos_r, sin_r;
  double zoom;
} Frame;

static gboolean
get_frame (CmMapLayer *self,
           Frame      *frame)
{
  ShumateViewport *viewport = shumate_layer_get_viewport (SHUMATE_LAYER (self));
  ShumateMapSource *source;
  double rotation;

  if (viewport == NULL || (source = shumate_viewport_get_reference_map_source (viewport)) == NULL)
    return FALSE;

  frame->zoom = shumate_viewport_get_zoom_level (viewport);
  frame->world = shumate_map_source_get_tile_size (source) * exp2 (frame->zoom);
  frame->cu = longitude_to_u (shumate_location_get_longitude (SHUMATE_LOCATION (viewport)));
  frame->cv = latitude_to_v (shumate_location_get_latitude (SHUMATE_LOCATION (viewport)));
  frame->width = gtk_widget_get_width (GTK_WIDGET (self));
  frame->height = gtk_widget_get_height (GTK_WIDGET (self));
  rotation = shumate_viewport_get_rotation (viewport);
  frame->cos_r = cos (rotation);
  frame->sin_r = sin (rotation);

  return frame->width > 0 && frame->height > 0;
}

static void
project (const Frame *frame,
         double       u,
         double       v,
         double      *x,
         double      *y)
{
  double dx = (u - frame->cu) * frame->world;
  double dy = (v - frame->cv) * frame->world;

  *x = frame->cos_r * dx - frame->sin_r * dy + frame->width / 2;
  *y = frame->sin_r * dx + frame->cos_r * dy + frame->height / 2;
}

static double
group_radius (guint count)
{
  return count <= 1 ? POINT_RADIUS : MIN (11.0 + 3.0 * log10 (count) * 2.0, 24.0);
}

/* Groups are made on a grid fixed to the map, not to the window, so that
 * they stay put while the map pans; they are made again at each half step
 * of zoom. */
static void
ensure_groups (CmMapLayer *self,
               double      zoom)
{
  g_autoptr(GHashTable) cells = NULL;
  double step = floor (zoom * 2.0) / 2.0;
  gboolean gather = zoom < GROUP_MAX_ZOOM;
  double cells_per_side;

  ensure_marks (self);
  if (self->groups_zoom == step)
    return;
  self->groups_zoom = step;

  g_array_set_size (self->groups, 0);
  cells_per_side = 256.0 * exp2 (step) / GROUP_CELL;
  if (gather)
    cells = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);

  for (guint i = 0; i < self->marks->len; i++)
    {
      const Mark *mark = &g_array_index (self->marks, Mark, i);
      Group *group = NULL;

      if (gather)
        {
          gint64 key = ((gint64) floor (mark->u * cells_per_side) << 32) |
                       ((gint64) floor (mark->v * cells_per_side) & 0xffffffff);
          gpointer found;

          if (g_hash_table_lookup_extended (cells, &key, NULL, &found))
            group = &g_array_index (self->groups, Group, GPOINTER_TO_UINT (found));
          else
            {
              gint64 *stored = g_new (gint64, 1);

              *stored = key;
              g_hash_table_insert (cells, stored, GUINT_TO_POINTER (self->groups->len));
            }
        }

      if (group == NULL)
        {
          Group fresh = { 0 };

          fresh.u_min = fresh.u_max = mark->u;
          fresh.v_min = fresh.v_max = mark->v;
          fresh.first = i;
          g_array_append_val (self->groups, fresh);
          group = &g_array_index (self->groups, Group, self->groups->len - 1);
        }

      group->u_sum += mark->u;
      group->v_sum += mark->v;
      group->u_min = MIN (group->u_min, mark->u);
      group->u_max = MAX (group->u_max, mark->u);
      group->v_min = MIN (group->v_min, mark->v);
      group->v_max = MAX (group->v_max, mark->v);
      group->colours[mark->colour]++;
      group->count++;
    }
}

static void
group_centre (const CmMapLayer *self,
              const Group      *group,
              double           *u,
              double           *v)
{
  if (group->count == 1)
    {
      const Mark *mark = &g_array_index (self->marks, Mark, group->first);

      *u = mark->u;
      *v = mark->v;
      return;
    }
  *u = group->u_sum / group->count;
  *v = group->v_sum / group->count;
}

/* --- drawing ------------------------------------------------------------- */

/* Every mark is a texture made once and then only placed: the renderer
 * keeps each texture on the GPU, so a frame of panning uploads nothing and
 * rasterises nothing but what is new. */

typedef void (*DrawFunc) (CmMapLayer *self,
                          cairo_t    *cr,
                          double      width,
                          double      height,
                          gconstpointer data);

static GdkTexture *
make_texture (CmMapLayer    *self,
              int            width,
              int            height,
              DrawFunc       draw,
              gconstpointer  data)
{
  int scale = gtk_widget_get_scale_factor (GTK_WIDGET (self));
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width * scale, height * scale);
  g_autoptr(GBytes) bytes = NULL;
  GdkTexture *texture;
  cairo_t *cr;

  cairo_surface_set_device_scale (surface, scale, scale);
  cr = cairo_create (surface);
  draw (self, cr, width, height, data);
  cairo_destroy (cr);
  cairo_surface_flush (surface);

  bytes = g_bytes_new (cairo_image_surface_get_data (surface),
                       (gsize) cairo_image_surface_get_stride (surface) * height * scale);
  texture = gdk_memory_texture_new (width * scale, height * scale, GDK_MEMORY_DEFAULT, bytes,
                                    cairo_image_surface_get_stride (surface));
  cairo_surface_destroy (surface);

  return texture;
}

static void
clear_textures (CmMapLayer *self)
{
  for (guint i = 0; i < CM_MAP_N_SYMBOLS; i++)
    for (guint j = 0; j < CM_MAP_N_SYMBOLS; j++)
      g_clear_object (&self->sprites[i][j]);
  for (guint i = 0; i < G_N_ELEMENTS (self->labels); i++)
    g_clear_object (&self->labels[i]);
  g_clear_object (&self->selected_sprite);
  g_hash_table_remove_all (self->group_textures);
}

static void
check_scale (CmMapLayer *self)
{
  int scale = gtk_widget_get_scale_factor (GTK_WIDGET (self));

  if (scale != self->texture_scale)
    {
      clear_textures (self);
      self->texture_scale = scale;
    }
}

static void
append_texture (GtkSnapshot *snapshot,
                GdkTexture  *texture,
                double       x,
                double       y,
                int          scale)
{
  double width = gdk_texture_get_width (texture) / (double) scale;
  double height = gdk_texture_get_height (texture) / (double) scale;

  /* Whole pixels, so the copies stay sharp. */
  gtk_snapshot_append_texture (snapshot, texture,
                               &GRAPHENE_RECT_INIT (round (x - width / 2), round (y - height / 2),
                                                    width, height));
}

/* Points: one sprite per shape and colour. */

#define SPRITE_SIDE ((int) ceil ((POINT_RADIUS * 1.25 + 2.0) * 2.0))

typedef struct
{
  CmMapSymbol shape;
  CmMapSymbol colour;
  double      radius;
} SpriteSpec;

static void
draw_sprite_cb (CmMapLayer    *self,
                cairo_t       *cr,
                double         width,
                double         height,
                gconstpointer  data)
{
  const SpriteSpec *spec = data;

  cm_map_symbol_draw (cr, spec->shape, spec->colour, width / 2, height / 2, spec->radius);
}

static GdkTexture *
get_sprite (CmMapLayer *self,
            guint8      shape,
            guint8      colour)
{
  if (self->sprites[shape][colour] == NULL)
    {
      SpriteSpec spec = { shape, colour, POINT_RADIUS };

      self->sprites[shape][colour] = make_texture (self, SPRITE_SIDE, SPRITE_SIDE, draw_sprite_cb, &spec);
    }
  return self->sprites[shape][colour];
}

/* The selected kitchen: larger, in a blue halo. */
static void
draw_selected_cb (CmMapLayer    *self,
                  cairo_t       *cr,
                  double         width,
                  double         height,
                  gconstpointer  data)
{
  const SpriteSpec *spec = data;

  cairo_arc (cr, width / 2, height / 2, SELECTED_RADIUS + 4.0, 0, 2 * G_PI);
  cairo_set_source_rgba (cr, selection_colour.red, selection_colour.green, selection_colour.blue, 0.35);
  cairo_fill_preserve (cr);
  set_source (cr, &selection_colour);
  cairo_set_line_width (cr, 2.0);
  cairo_stroke (cr);
  cm_map_symbol_draw (cr, spec->shape, spec->colour, width / 2, height / 2, SELECTED_RADIUS);
}

/* Groups: a texture per size and mix of colours, the mix in 24ths of the
 * ring; the cache is emptied when it grows past what a few zooms need. */

#define RING_STEPS 24
#define MAX_GROUP_TEXTURES 2048

static const CmMapSymbol ring_classes[] = {
  CM_MAP_SYMBOL_DOES_NOT_COMPLY, CM_MAP_SYMBOL_REMARKS, CM_MAP_SYMBOL_COMPLIES,
  CM_MAP_SYMBOL_NOT_EVALUATED, CM_MAP_SYMBOL_CLOSED,
};

typedef struct
{
  Group group;      /* the ring, in 24ths */
  guint count;      /* the number shown */
} GroupSpec;

static void
draw_group_cb (CmMapLayer    *self,
               cairo_t       *cr,
               double         width,
               double         height,
               gconstpointer  data)
{
  const GroupSpec *spec = data;
  g_autofree char *text = g_strdup_printf ("%u", spec->count);
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), text);
  PangoAttrList *attrs = pango_attr_list_new ();
  int text_width, text_height;

  draw_group (cr, &spec->group, width / 2, height / 2, width / 2 - 1);

  pango_attr_list_insert (attrs, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
  pango_attr_list_insert (attrs, pango_attr_scale_new (spec->count >= 1000 ? 0.75 : 0.85));
  pango_layout_set_attributes (layout, attrs);
  pango_attr_list_unref (attrs);
  pango_layout_get_pixel_size (layout, &text_width, &text_height);
  cairo_move_to (cr, (width - text_width) / 2.0, (height - text_height) / 2.0);
  cairo_set_source_rgba (cr, 0x24 / 255.0, 0x1f / 255.0, 0x31 / 255.0, 1);
  pango_cairo_show_layout (cr, layout);
}

static GdkTexture *
get_group_texture (CmMapLayer  *self,
                   const Group *group)
{
  GroupSpec spec = { { 0 }, group->count };
  guint64 key = group->count;
  GdkTexture *texture;
  int side;

  for (guint i = 0; i < G_N_ELEMENTS (ring_classes); i++)
    {
      guint steps = (guint) round ((double) RING_STEPS * group->colours[ring_classes[i]] / group->count);

      /* A colour present is never rounded away. */
      if (steps == 0 && group->colours[ring_classes[i]] > 0)
        steps = 1;
      spec.group.colours[ring_classes[i]] = steps;
      spec.group.count += steps;
      key = (key << 5) | steps;
    }

  texture = g_hash_table_lookup (self->group_textures, &key);
  if (texture != NULL)
    return texture;

  if (g_hash_table_size (self->group_textures) >= MAX_GROUP_TEXTURES)
    g_hash_table_remove_all (self->group_textures);

  side = (int) ceil (group_radius (group->count) * 2 + 2);
  texture = make_texture (self, side, side, draw_group_cb, &spec);
  g_hash_table_insert (self->group_textures, g_memdup2 (&key, sizeof key), texture);
  return texture;
}

/* The alcaldías' names at their centroids, dark with a light halo, so the
 * map says where it is even with no tiles at all. */

#define HALO 3

static void
draw_label_cb (CmMapLayer    *self,
               cairo_t       *cr,
               double         width,
               double         height,
               gconstpointer  data)
{
  PangoLayout *layout = (PangoLayout *) data;

  cairo_move_to (cr, HALO, HALO);
  pango_cairo_layout_path (cr, layout);
  cairo_set_line_width (cr, 2 * HALO - 2.5);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_source_rgba (cr, 1, 1, 1, 0.85);
  cairo_stroke_preserve (cr);
  cairo_set_source_rgba (cr, 0x3d / 255.0, 0x38 / 255.0, 0x46 / 255.0, 0.9);
  cairo_fill (cr);
}

static GdkTexture *
get_label (CmMapLayer *self,
           guint       i,
           const char *name)
{
  if (self->labels[i] == NULL)
    {
      g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), name);
      PangoAttrList *attrs = pango_attr_list_new ();
      int width, height;

      pango_attr_list_insert (attrs, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
      pango_attr_list_insert (attrs, pango_attr_letter_spacing_new (PANGO_SCALE / 2));
      pango_layout_set_attributes (layout, attrs);
      pango_attr_list_unref (attrs);
      pango_layout_get_pixel_size (layout, &width, &height);
      self->labels[i] = make_texture (self, width + 2 * HALO, height + 2 * HALO, draw_label_cb, layout);
    }
  return self->labels[i];
}

static void
append_labels (CmMapLayer  *self,
               GtkSnapshot *snapshot,
               const Frame *frame,
               int          scale)
{
  const CmAlcaldiaInfo *all;
  guint n;

  self->n_labels_drawn = 0;
  if (frame->zoom < 9.0 || frame->zoom > 15.5)
    return;

  all = cm_alcaldias_get_all (&n);
  n = MIN (n, G_N_ELEMENTS (self->labels));
  for (guint i = 0; i < n; i++)
    {
      GdkTexture *label = get_label (self, i, all[i].name);
      double half_width = gdk_texture_get_width (label) / (2.0 * scale);
      double half_height = gdk_texture_get_height (label) / (2.0 * scale);
      double x, y;

      /* Above the centroid, where the alcaldía's own group would hide it. */
      project (frame, longitude_to_u (all[i].longitude), latitude_to_v (all[i].latitude), &x, &y);
      y -= 2 * half_height + 6;
      if (x + half_width < 0 || y + half_height < 0 ||
          x - half_width > frame->width || y - half_height > frame->height)
        continue;
      append_texture (snapshot, label, x, y, scale);
      self->n_labels_drawn++;
    }
}

/* The outline of every boundary for a region twice the view's size, so
 * that panning only moves it; made again on leaving it or on zooming. */
static void
append_boundaries (CmMapLayer  *self,
                   GtkSnapshot *snapshot,
                   const Frame *frame)
{
  double view_x = frame->cu * frame->world - frame->width / 2;
  double view_y = frame->cv * frame->world - frame->height / 2;

  if (self->rings == NULL || self->rings->len == 0)
    return;

  /* A rotated map is rare (a touchpad gesture): no outline then. */
  if (frame->sin_r != 0.0)
    return;

  if (self->outline == NULL || self->outline_zoom != frame->zoom ||
      view_x < self->outline_x || view_y < self->outline_y ||
      view_x + frame->width > self->outline_x + self->outline_width ||
      view_y + frame->height > self->outline_y + self->outline_height)
    {
      cairo_t *cr;

      g_clear_pointer (&self->outline, gsk_render_node_unref);
      self->outline_zoom = frame->zoom;
      self->outline_x = floor (view_x - frame->width / 2);
      self->outline_y = floor (view_y - frame->height / 2);
      self->outline_width = ceil (frame->width * 2);
      self->outline_height = ceil (frame->height * 2);
      self->outline = gsk_cairo_node_new (&GRAPHENE_RECT_INIT (0, 0, self->outline_width, self->outline_height));
      cr = gsk_cairo_node_get_draw_context (self->outline);

      for (guint i = 0; i < self->rings->len; i++)
        {
          GArray *ring = g_ptr_array_index (self->rings, i);
          const double *uv = (const double *) ring->data;
          double last_x = G_MAXDOUBLE, last_y = G_MAXDOUBLE;

          cairo_new_sub_path (cr);
          for (guint j = 0; j + 1 < ring->len; j += 2)
            {
              double x = uv[j] * frame->world - self->outline_x;
              double y = uv[j + 1] * frame->world - self->outline_y;

              /* Points closer than a pixel add nothing but work. */
              if (j > 0 && j + 3 < ring->len && fabs (x - last_x) < 1.0 && fabs (y - last_y) < 1.0)
                continue;
              cairo_line_to (cr, x, y);
              last_x = x;
              last_y = y;
            }
          cairo_close_path (cr);
        }
      cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
      cairo_set_line_width (cr, 3.0);
      cairo_set_source_rgba (cr, 1, 1, 1, 0.5);
      cairo_stroke_preserve (cr);
      cairo_set_line_width (cr, 1.25);
      cairo_set_source_rgba (cr, 0x5e / 255.0, 0x5c / 255.0, 0x64 / 255.0, 0.8);
      cairo_stroke (cr);
      cairo_destroy (cr);
    }

  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (self->outline_x - view_x, self->outline_y - view_y));
  gtk_snapshot_append_node (snapshot, self->outline);
  gtk_snapshot_restore (snapshot);
}

static void
cm_map_layer_snapshot (GtkWidget   *widget,
                       GtkSnapshot *snapshot)
{
  CmMapLayer *self = CM_MAP_LAYER (widget);
  const Mark *selected = NULL;
  Frame frame;
  double sx = 0, sy = 0;
  int scale;

  self->n_drawn = 0;
  if (!get_frame (self, &frame))
    return;

  check_scale (self);
  scale = self->texture_scale;
  ensure_groups (self, frame.zoom);
  append_boundaries (self, snapshot, &frame);
  append_labels (self, snapshot, &frame, scale);

  for (guint i = 0; i < self->groups->len; i++)
    {
      const Group *group = &g_array_index (self->groups, Group, i);
      double u, v, x, y, radius = group_radius (group->count);

      group_centre (self, group, &u, &v);
      project (&frame, u, v, &x, &y);
      if (x < -radius || y < -radius || x > frame.width + radius || y > frame.height + radius)
        continue;

      if (group->count == 1)
        {
          const Mark *mark = &g_array_index (self->marks, Mark, group->first);

          if (self->selected_id != 0 && cm_canteen_get_id (mark->canteen) == self->selected_id)
            {
              selected = mark;
              sx = x;
              sy = y;
            }
          else
            append_texture (snapshot, get_sprite (self, mark->shape, mark->colour), x, y, scale);
        }
      else
        append_texture (snapshot, get_group_texture (self, group), x, y, scale);
      self->n_drawn++;
    }

  if (selected != NULL)
    {
      SpriteSpec spec = { selected->shape, selected->colour, SELECTED_RADIUS };
      int side = (int) ceil ((SELECTED_RADIUS + 6.0) * 2);

      /* Made anew when the selection changes: one small texture. */
      if (self->selected_sprite == NULL || self->selected_sprite_key != (guint) (selected->shape << 8 | selected->colour))
        {
          g_clear_object (&self->selected_sprite);
          self->selected_sprite = make_texture (self, side, side, draw_selected_cb, &spec);
          self->selected_sprite_key = selected->shape << 8 | selected->colour;
        }
      append_texture (snapshot, self->selected_sprite, sx, sy, scale);
    }
}

/* --- the class ------------------------------------------------------------ */

static void
viewport_changed_cb (CmMapLayer *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
cm_map_layer_constructed (GObject *object)
{
  CmMapLayer *self = CM_MAP_LAYER (object);
  ShumateViewport *viewport;

  G_OBJECT_CLASS (cm_map_layer_parent_class)->constructed (object);

  viewport = shumate_layer_get_viewport (SHUMATE_LAYER (self));
  g_signal_connect_object (viewport, "notify", G_CALLBACK (viewport_changed_cb), self, G_CONNECT_SWAPPED);
}

static void
cm_map_layer_css_changed (GtkWidget         *widget,
                          GtkCssStyleChange *change)
{
  GTK_WIDGET_CLASS (cm_map_layer_parent_class)->css_changed (widget, change);
  /* The font may have changed. */
  clear_textures (CM_MAP_LAYER (widget));
}

static void
cm_map_layer_dispose (GObject *object)
{
  CmMapLayer *self = CM_MAP_LAYER (object);

  cm_map_layer_set_model (self, NULL);
  if (self->group_textures != NULL)
    clear_textures (self);
  g_clear_pointer (&self->outline, gsk_render_node_unref);
  g_clear_pointer (&self->rings, g_ptr_array_unref);
  g_clear_pointer (&self->group_textures, g_hash_table_unref);

  G_OBJECT_CLASS (cm_map_layer_parent_class)->dispose (object);
}

static void
cm_map_layer_finalize (GObject *object)
{
  CmMapLayer *self = CM_MAP_LAYER (object);

  g_clear_pointer (&self->marks, g_array_unref);
  g_clear_pointer (&self->groups, g_array_unref);

  G_OBJECT_CLASS (cm_map_layer_parent_class)->finalize (object);
}

static void
cm_map_layer_class_init (CmMapLayerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = cm_map_layer_constructed;
  object_class->dispose = cm_map_layer_dispose;
  object_class->finalize = cm_map_layer_finalize;
  widget_class->snapshot = cm_map_layer_snapshot;
  widget_class->css_changed = cm_map_layer_css_changed;

  gtk_widget_class_set_css_name (widget_class, "maplayer");
}

static void
cm_map_layer_init (CmMapLayer *self)
{
  self->marks = g_array_new (FALSE, FALSE, sizeof (Mark));
  g_array_set_clear_func (self->marks, clear_mark);
  self->groups = g_array_new (FALSE, FALSE, sizeof (Group));
  self->groups_zoom = -1;
  self->group_textures = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_object_unref);

  /* The map below takes the clicks; the view hit-tests them here. */
  gtk_widget_set_can_target (GTK_WIDGET (self), FALSE);
}

CmMapLayer *
cm_map_layer_new (ShumateViewport *viewport)
{
  g_return_val_if_fail (SHUMATE_IS_VIEWPORT (viewport), NULL);

  return g_object_new (CM_TYPE_MAP_LAYER, "viewport", viewport, NULL);
}

static void
model_items_changed_cb (CmMapLayer *self)
{
  invalidate (self);
}

/**
 * cm_map_layer_set_model:
 * @self: the layer
 * @kitchens: (nullable): a #GListModel of #CmCanteen
 *
 * Draws the kitchens of @kitchens that have a point, and follows the
 * model's changes.
 */
void
cm_map_layer_set_model (CmMapLayer *self,
                        GListModel *kitchens)
{
  g_return_if_fail (CM_IS_MAP_LAYER (self));
  g_return_if_fail (kitchens == NULL || G_IS_LIST_MODEL (kitchens));

  if (self->model == kitchens)
    return;

  if (self->model != NULL)
    g_signal_handlers_disconnect_by_func (self->model, model_items_changed_cb, self);
  g_set_object (&self->model, kitchens);
  if (self->model != NULL)
    g_signal_connect_object (self->model, "items-changed",
                             G_CALLBACK (model_items_changed_cb), self, G_CONNECT_SWAPPED);
  invalidate (self);
}

/**
 * cm_map_layer_set_selected:
 * @self: the layer
 * @canteen: (nullable): the kitchen to highlight
 */
void
cm_map_layer_set_selected (CmMapLayer *self,
                           CmCanteen  *canteen)
{
  gint64 id;

  g_return_if_fail (CM_IS_MAP_LAYER (self));

  id = canteen != NULL ? cm_canteen_get_id (canteen) : 0;
  if (id == self->selected_id)
    return;
  self->selected_id = id;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/**
 * cm_map_layer_get_selected:
 * @self: the layer
 *
 * Returns: (transfer none) (nullable): the highlighted kitchen, when it is
 *   among those drawn
 */
CmCanteen *
cm_map_layer_get_selected (CmMapLayer *self)
{
  g_return_val_if_fail (CM_IS_MAP_LAYER (self), NULL);

  ensure_marks (self);
  for (guint i = 0; self->selected_id != 0 && i < self->marks->len; i++)
    {
      Mark *mark = &g_array_index (self->marks, Mark, i);

      if (cm_canteen_get_id (mark->canteen) == self->selected_id)
        return mark->canteen;
    }
  return NULL;
}

/**
 * cm_map_layer_hit_test:
 * @self: the layer
 * @x: a point of the layer, in its coordinates
 * @y: a point of the layer
 * @hit: (out): what lies there
 *
 * Finds the kitchen or the group nearest to (@x, @y), within a few pixels
 * of its mark.
 *
 * Returns: %TRUE when something lies there
 */
gboolean
cm_map_layer_hit_test (CmMapLayer *self,
                       double      x,
                       double      y,
                       CmMapHit   *hit)
{
  const Group *best = NULL;
  double best_distance = G_MAXDOUBLE;
  Frame frame;

  g_return_val_if_fail (CM_IS_MAP_LAYER (self), FALSE);
  g_return_val_if_fail (hit != NULL, FALSE);

  memset (hit, 0, sizeof *hit);
  if (!get_frame (self, &frame))
    return FALSE;

  ensure_groups (self, frame.zoom);
  for (guint i = 0; i < self->groups->len; i++)
    {
      const Group *group = &g_array_index (self->groups, Group, i);
      double u, v, gx, gy, distance;
      double reach = group_radius (group->count) + HIT_SLOP;

      group_centre (self, group, &u, &v);
      project (&frame, u, v, &gx, &gy);
      distance = hypot (gx - x, gy - y);
      if (distance <= reach && distance < best_distance)
        {
          best = group;
          best_distance = distance;
        }
    }

  if (best == NULL)
    return FALSE;

  hit->count = best->count;
  hit->north = v_to_latitude (best->v_min);
  hit->south = v_to_latitude (best->v_max);
  hit->west = u_to_longitude (best->u_min);
  hit->east = u_to_longitude (best->u_max);
  if (best->count == 1)
    hit->canteen = g_array_index (self->marks, Mark, best->first).canteen;

  return TRUE;
}

/**
 * cm_map_layer_get_extent:
 * @self: the layer
 * @south: (out): the southern edge of the kitchens drawn
 * @west: (out)
 * @north: (out)
 * @east: (out)
 *
 * Returns: %FALSE when no kitchen is drawn
 */
gboolean
cm_map_layer_get_extent (CmMapLayer *self,
                         double     *south,
                         double     *west,
                         double     *north,
                         double     *east)
{
  double u_min = G_MAXDOUBLE, u_max = -G_MAXDOUBLE, v_min = G_MAXDOUBLE, v_max = -G_MAXDOUBLE;

  g_return_val_if_fail (CM_IS_MAP_LAYER (self), FALSE);

  ensure_marks (self);
  if (self->marks->len == 0)
    return FALSE;

  for (guint i = 0; i < self->marks->len; i++)
    {
      const Mark *mark = &g_array_index (self->marks, Mark, i);

      u_min = MIN (u_min, mark->u);
      u_max = MAX (u_max, mark->u);
      v_min = MIN (v_min, mark->v);
      v_max = MAX (v_max, mark->v);
    }

  *south = v_to_latitude (v_max);
  *north = v_to_latitude (v_min);
  *west = u_to_longitude (u_min);
  *east = u_to_longitude (u_max);
  return TRUE;
}

/**
 * cm_map_layer_get_kitchen_position:
 * @self: the layer
 * @folio: a kitchen's folio
 * @x: (out): where its point is on the layer
 * @y: (out)
 *
 * Returns: %FALSE when the kitchen is not drawn
 */
gboolean
cm_map_layer_get_kitchen_position (CmMapLayer *self,
                                   const char *folio,
                                   double     *x,
                                   double     *y)
{
  Frame frame;

  g_return_val_if_fail (CM_IS_MAP_LAYER (self), FALSE);

  ensure_marks (self);
  if (!get_frame (self, &frame))
    return FALSE;

  for (guint i = 0; i < self->marks->len; i++)
    {
      const Mark *mark = &g_array_index (self->marks, Mark, i);

      if (g_strcmp0 (cm_canteen_get_folio (mark->canteen), folio) == 0)
        {
          project (&frame, mark->u, mark->v, x, y);
          return TRUE;
        }
    }
  return FALSE;
}

/* How many kitchens have a point on the map. */
guint
cm_map_layer_get_n_kitchens (CmMapLayer *self)
{
  g_return_val_if_fail (CM_IS_MAP_LAYER (self), 0);

  ensure_marks (self);
  return self->marks->len;
}

/* How many marks (kitchens alone and groups) the current zoom makes. */
guint
cm_map_layer_get_n_marks (CmMapLayer *self)
{
  ShumateViewport *viewport;

  g_return_val_if_fail (CM_IS_MAP_LAYER (self), 0);

  viewport = shumate_layer_get_viewport (SHUMATE_LAYER (self));
  ensure_groups (self, shumate_viewport_get_zoom_level (viewport));
  return self->groups->len;
}

/* How many marks the last frame drew (those in sight). */
guint
cm_map_layer_get_n_drawn (CmMapLayer *self)
{
  g_return_val_if_fail (CM_IS_MAP_LAYER (self), 0);
  return self->n_drawn;
}

guint
cm_map_layer_get_n_labels_drawn (CmMapLayer *self)
{
  g_return_val_if_fail (CM_IS_MAP_LAYER (self), 0);
  return self->n_labels_drawn;
}

/**
 * cm_map_layer_set_boundaries:
 * @self: the layer
 * @boundaries: (nullable): the alcaldías' boundaries, or %NULL for none
 *
 * Draws the outline of every alcaldía that has a boundary.
 */
void
cm_map_layer_set_boundaries (CmMapLayer   *self,
                             CmBoundaries *boundaries)
{
  const CmAlcaldiaInfo *all;
  guint n;

  g_return_if_fail (CM_IS_MAP_LAYER (self));

  g_clear_pointer (&self->rings, g_ptr_array_unref);
  g_clear_pointer (&self->outline, gsk_render_node_unref);
  self->rings = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);

  all = cm_alcaldias_get_all (&n);
  for (guint i = 0; boundaries != NULL && i < n; i++)
    {
      CmGeoShape *shape = cm_boundaries_get_shape (boundaries, all[i].code);

      for (guint p = 0; shape != NULL && p < cm_geo_shape_get_n_polygons (shape); p++)
        for (guint r = 0; r < cm_geo_shape_get_n_rings (shape, p); r++)
          {
            guint n_positions;
            const double *positions = cm_geo_shape_get_ring (shape, p, r, &n_positions);
            GArray *ring = g_array_sized_new (FALSE, FALSE, sizeof (double), 2 * n_positions);

            for (guint k = 0; k < n_positions; k++)
              {
                double uv[2] = { longitude_to_u (positions[2 * k]), latitude_to_v (positions[2 * k + 1]) };
                g_array_append_vals (ring, uv, 2);
              }
            g_ptr_array_add (self->rings, ring);
          }
    }
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* How many boundary rings the layer outlines. */
guint
cm_map_layer_get_n_boundary_rings (CmMapLayer *self)
{
  g_return_val_if_fail (CM_IS_MAP_LAYER (self), 0);
  return self->rings != NULL ? self->rings->len : 0;
}
