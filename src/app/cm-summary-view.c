/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "cm-summary-view"

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>

#include "cm-alcaldias.h"
#include "cm-canteen.h"
#include "cm-summary.h"
#include "cm-summary-view.h"
#include "cm-text.h"

/* One chart, with its numbers as a table and as text to copy. */
typedef struct
{
  const char *key;
  CmChart    *chart;
  GtkStack   *stack;
  GtkGrid    *table;
} Section;

enum
{
  SECTION_STATUS,
  SECTION_ALCALDIAS,
  SECTION_RATIONS,
  SECTION_SPENDING,
  SECTION_COMPLIANCE,
  SECTION_MISSING_MONTHS,
  SECTION_MISSING_ALCALDIAS,
  N_SECTIONS
};

struct _CmSummaryView
{
  GtkWidget          parent_instance;

  /* template children */
  GtkStack          *stack;
  GtkSpinner        *spinner;
  AdwStatusPage     *error_page;
  AdwComboRow       *from_row;
  AdwComboRow       *to_row;
  GtkFlowBox        *cards_box;
  GtkGrid           *tiles_grid;
  GtkFlowBox        *tiles_legend;
  GtkBox            *charts_box;

  CmDb              *db;
  GCancellable      *cancellable;
  CmSummary         *summary;
  GPtrArray         *months;        /* the choosers' months, YYYY-MM */
  char              *first_month;   /* chosen, or NULL: the default */
  char              *last_month;
  gboolean           filling;       /* the choosers are being filled, not chosen */
  gboolean           loaded;
  GHashTable        *figures;       /* key -> GtkLabel of a card's value */
  GHashTable        *details;       /* key -> GtkLabel under it */
  GtkWidget         *tiles[16];
  Section            sections[N_SECTIONS];
};

G_DEFINE_FINAL_TYPE (CmSummaryView, cm_summary_view, GTK_TYPE_WIDGET)

enum
{
  SIGNAL_ALCALDIA_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The alcaldías on a rough map of the city: column and row of each tile. */
static const struct { const char *code; int column; int row; } tile_places[] = {
  { "09002", 1, 0 },  /* Azcapotzalco */
  { "09005", 2, 0 },  /* Gustavo A. Madero */
  { "09016", 1, 1 },  /* Miguel Hidalgo */
  { "09015", 2, 1 },  /* Cuauhtémoc */
  { "09017", 3, 1 },  /* Venustiano Carranza */
  { "09004", 0, 2 },  /* Cuajimalpa de Morelos */
  { "09010", 1, 2 },  /* Álvaro Obregón */
  { "09014", 2, 2 },  /* Benito Juárez */
  { "09006", 3, 2 },  /* Iztacalco */
  { "09008", 1, 3 },  /* La Magdalena Contreras */
  { "09003", 2, 3 },  /* Coyoacán */
  { "09007", 3, 3 },  /* Iztapalapa */
  { "09012", 2, 4 },  /* Tlalpan */
  { "09013", 3, 4 },  /* Xochimilco */
  { "09011", 4, 4 },  /* Tláhuac */
  { "09009", 3, 5 },  /* Milpa Alta */
};

/* Shares of complying kitchens, worst last; the CSS class of each. */
static const struct { double from; const char *css; const char *label; } share_bands[] = {
  { 0.90, "share-high", /* xgettext:no-c-format */ N_("90 % or more") },
  { 0.75, "share-good", /* xgettext:no-c-format */ N_("75 to 89 %") },
  { 0.50, "share-low",  /* xgettext:no-c-format */ N_("50 to 74 %") },
  { 0.00, "share-poor", /* xgettext:no-c-format */ N_("Under 50 %") },
};

static const char *
share_css (double share)
{
  if (isnan (share))
    return "share-none";
  for (guint i = 0; i < G_N_ELEMENTS (share_bands); i++)
    if (share >= share_bands[i].from - 1e-9)
      return share_bands[i].css;
  return "share-poor";
}

static char *
format_percent (double share)
{
  /* Translators: a percentage; %.0f is the number */
  return g_strdup_printf (_("%.0f %%"), floor (share * 100 + 0.5));
}

/* Cards */

static void
add_card (CmSummaryView *self,
          const char    *key,
          const char    *caption)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *value = gtk_label_new ("—");
  GtkWidget *label = gtk_label_new (caption);
  GtkWidget *detail = gtk_label_new (NULL);

  gtk_widget_add_css_class (box, "card");
  gtk_widget_add_css_class (box, "summary-card");
  gtk_widget_add_css_class (value, "title-1");
  gtk_widget_add_css_class (value, "numeric");
  gtk_widget_add_css_class (label, "heading");
  gtk_widget_add_css_class (detail, "dim-label");
  gtk_widget_add_css_class (detail, "caption");
  gtk_label_set_xalign (GTK_LABEL (value), 0);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_xalign (GTK_LABEL (detail), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap (GTK_LABEL (detail), TRUE);
  gtk_label_set_selectable (GTK_LABEL (value), TRUE);
  gtk_box_append (GTK_BOX (box), value);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), detail);
  gtk_flow_box_append (self->cards_box, box);

  g_hash_table_insert (self->figures, (gpointer) key, value);
  g_hash_table_insert (self->details, (gpointer) key, detail);
}

static void
set_card (CmSummaryView *self,
          const char    *key,
          const char    *value,
          const char    *detail)
{
  GtkLabel *value_label = g_hash_table_lookup (self->figures, key);
  GtkLabel *detail_label = g_hash_table_lookup (self->details, key);
  GtkWidget *card = gtk_widget_get_parent (GTK_WIDGET (value_label));
  const char *caption = gtk_label_get_text (GTK_LABEL (gtk_widget_get_next_sibling (GTK_WIDGET (value_label))));
  g_autofree char *spoken = g_strdup_printf ("%s: %s. %s", caption, value, detail);

  gtk_label_set_text (value_label, value);
  gtk_label_set_text (detail_label, detail);
  gtk_accessible_update_property (GTK_ACCESSIBLE (card), GTK_ACCESSIBLE_PROPERTY_LABEL, spoken, -1);
}

static void
update_cards (CmSummaryView *self)
{
  CmSummary *s = self->summary;
  g_autofree char *active = cm_text_format_count (s->by_status[CM_CANTEEN_STATUS_ACTIVE]);
  g_autofree char *rations = cm_text_format_count (s->rations_paid + s->rations_free);
  g_autofree char *paid = cm_text_format_count (s->rations_paid);
  g_autofree char *free_ = cm_text_format_count (s->rations_free);
  g_autofree char *spending = cm_text_format_money (s->spending_cents);
  g_autofree char *fees = cm_text_format_money (s->fee_cents);
  g_autofree char *missing = cm_text_format_count (s->missing);
  g_autofree char *due = cm_text_format_count (s->due_days);
  guint comply = s->by_verdict[CM_VERDICT_COMPLIES] + s->by_verdict[CM_VERDICT_COMPLIES_WITH_REMARKS];
  guint evaluated = comply + s->by_verdict[CM_VERDICT_DOES_NOT_COMPLY];
  g_autofree char *comply_text = cm_text_format_count (comply);
  g_autofree char *detail = NULL;

  /* Translators: under the count of active kitchens */
  detail = g_strdup_printf (_("Suspended: %u · Closed: %u · In all: %u"),
                            s->by_status[CM_CANTEEN_STATUS_SUSPENDED],
                            s->by_status[CM_CANTEEN_STATUS_CLOSED], s->kitchens);
  set_card (self, "active", active, detail);
  g_free (detail);

  /* Translators: under the count of rations served */
  detail = g_strdup_printf (_("Paid: %s · Free: %s"), paid, free_);
  set_card (self, "rations", rations, detail);
  g_free (detail);

  /* Translators: under the spending reported; %s is an amount in pesos */
  detail = g_strdup_printf (_("Fees collected: %s"), fees);
  set_card (self, "spending", spending, detail);
  g_free (detail);

  if (s->due_days > 0)
    {
      g_autofree char *percent = format_percent ((double) s->missing / s->due_days);

      /* Translators: under the count of missing reports; a percentage, then a count of days */
      detail = g_strdup_printf (_("%s of %s operating days due"), percent, due);
    }
  else
    detail = g_strdup (_("No operating day was due"));
  set_card (self, "missing", missing, detail);
  g_free (detail);

  /* Translators: under the count of kitchens that comply */
  detail = g_strdup_printf (_("Evaluated: %u · Do not comply: %u · Not evaluated: %u"), evaluated,
                            s->by_verdict[CM_VERDICT_DOES_NOT_COMPLY],
                            s->by_verdict[CM_VERDICT_NOT_EVALUATED]);
  set_card (self, "comply", comply_text, detail);
}

/* The alcaldía tiles */

static void
tile_clicked_cb (GtkButton     *button,
                 CmSummaryView *self)
{
  const char *code = g_object_get_data (G_OBJECT (button), "code");

  g_signal_emit (self, signals[SIGNAL_ALCALDIA_ACTIVATED], 0, code);
}

static void
build_tiles (CmSummaryView *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (tile_places); i++)
    {
      const CmAlcaldiaInfo *info = cm_alcaldias_find_by_code (tile_places[i].code);
      GtkWidget *button = gtk_button_new ();
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
      GtkWidget *name = gtk_label_new (info->name);
      GtkWidget *share = gtk_label_new ("—");
      GtkWidget *count = gtk_label_new (NULL);

      gtk_label_set_wrap (GTK_LABEL (name), TRUE);
      gtk_label_set_justify (GTK_LABEL (name), GTK_JUSTIFY_CENTER);
      gtk_label_set_max_width_chars (GTK_LABEL (name), 12);
      gtk_label_set_lines (GTK_LABEL (name), 2);
      gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
      gtk_widget_add_css_class (name, "caption-heading");
      gtk_widget_add_css_class (share, "title-3");
      gtk_widget_add_css_class (share, "numeric");
      gtk_widget_add_css_class (count, "caption");
      gtk_widget_set_vexpand (name, TRUE);
      gtk_widget_set_valign (name, GTK_ALIGN_START);
      gtk_box_append (GTK_BOX (box), name);
      gtk_box_append (GTK_BOX (box), share);
      gtk_box_append (GTK_BOX (box), count);
      gtk_button_set_child (GTK_BUTTON (button), box);
      gtk_widget_add_css_class (button, "alcaldia-tile");
      gtk_widget_add_css_class (button, "share-none");
      g_object_set_data (G_OBJECT (button), "code", (gpointer) info->code);
      g_object_set_data (G_OBJECT (button), "share", share);
      g_object_set_data (G_OBJECT (button), "count", count);
      g_signal_connect_object (button, "clicked", G_CALLBACK (tile_clicked_cb), self, 0);
      gtk_grid_attach (self->tiles_grid, button, tile_places[i].column, tile_places[i].row, 1, 1);
      self->tiles[i] = button;
    }

  for (guint i = 0; i <= G_N_ELEMENTS (share_bands); i++)
    {
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
      GtkWidget *swatch = g_object_new (GTK_TYPE_LABEL, "accessible-role", GTK_ACCESSIBLE_ROLE_PRESENTATION, NULL);
      GtkWidget *label = gtk_label_new (i < G_N_ELEMENTS (share_bands) ? _(share_bands[i].label)
                                                                      : _("No kitchen evaluated"));

      gtk_widget_add_css_class (swatch, "alcaldia-swatch");
      gtk_widget_add_css_class (swatch, i < G_N_ELEMENTS (share_bands) ? share_bands[i].css : "share-none");
      gtk_widget_set_valign (swatch, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (label, "caption");
      gtk_box_append (GTK_BOX (box), swatch);
      gtk_box_append (GTK_BOX (box), label);
      gtk_flow_box_append (self->tiles_legend, box);
    }
}

static const CmSummaryAlcaldia *
summary_alcaldia (CmSummary  *summary,
                  const char *code)
{
  for (guint i = 0; i < summary->alcaldias->len; i++)
    {
      const CmSummaryAlcaldia *a = &g_array_index (summary->alcaldias, CmSummaryAlcaldia, i);

      if (g_strcmp0 (a->code, code) == 0)
        return a;
    }
  return NULL;
}

static void
update_tiles (CmSummaryView *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (tile_places); i++)
    {
      GtkWidget *button = self->tiles[i];
      const CmSummaryAlcaldia *a = summary_alcaldia (self->summary, tile_places[i].code);
      double share = cm_summary_alcaldia_compliance (a);
      guint comply = a->by_verdict[CM_VERDICT_COMPLIES] + a->by_verdict[CM_VERDICT_COMPLIES_WITH_REMARKS];
      guint evaluated = comply + a->by_verdict[CM_VERDICT_DOES_NOT_COMPLY];
      g_autofree char *percent = isnan (share) ? g_strdup ("—") : format_percent (share);
      g_autofree char *count = NULL;
      g_autofree char *spoken = NULL;

      for (guint b = 0; b < G_N_ELEMENTS (share_bands); b++)
        gtk_widget_remove_css_class (button, share_bands[b].css);
      gtk_widget_remove_css_class (button, "share-none");
      gtk_widget_add_css_class (button, share_css (share));

      /* Translators: in an alcaldía's tile: kitchens that comply of those evaluated */
      count = g_strdup_printf (_("%u of %u"), comply, evaluated);
      gtk_label_set_text (g_object_get_data (G_OBJECT (button), "share"), percent);
      gtk_label_set_text (g_object_get_data (G_OBJECT (button), "count"), count);

      if (isnan (share))
        /* Translators: an alcaldía's tile, read aloud and as its tooltip */
        spoken = g_strdup_printf (_("%s: no kitchen evaluated in the period. Show its kitchens."), a->name);
      else
        /* Translators: an alcaldía's tile, read aloud and as its tooltip; name, percentage, counts */
        spoken = g_strdup_printf (_("%s: %s of its evaluated kitchens comply (%u of %u). Show its kitchens."),
                                  a->name, percent, comply, evaluated);
      gtk_widget_set_tooltip_text (button, spoken);
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, spoken, -1);
    }
}

/* Sections: a chart, a table of its numbers, a copy button */

static void
fill_table (Section *section)
{
  CmChart *chart = section->chart;
  GtkWidget *child;
  guint n_series = cm_chart_get_n_series (chart);
  const char *header = g_object_get_data (G_OBJECT (chart), "category-header");

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (section->table))) != NULL)
    gtk_grid_remove (section->table, child);

  for (guint s = 0; s <= n_series; s++)
    {
      GtkWidget *label = gtk_label_new (s == 0 ? header : cm_chart_get_series_name (chart, s - 1));

      gtk_widget_add_css_class (label, "heading");
      gtk_label_set_xalign (GTK_LABEL (label), s == 0 ? 0 : 1);
      gtk_grid_attach (section->table, label, s, 0, 1, 1);
    }
  for (guint c = 0; c < cm_chart_get_n_categories (chart); c++)
    {
      GtkWidget *label = gtk_label_new (cm_chart_get_category (chart, c));

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_selectable (GTK_LABEL (label), TRUE);
      gtk_grid_attach (section->table, label, 0, c + 1, 1, 1);
      for (guint s = 0; s < n_series; s++)
        {
          g_autofree char *text = cm_chart_format_value (chart, cm_chart_get_value (chart, s, c));
          GtkWidget *value = gtk_label_new (text);

          gtk_label_set_xalign (GTK_LABEL (value), 1);
          gtk_label_set_selectable (GTK_LABEL (value), TRUE);
          gtk_widget_add_css_class (value, "numeric");
          gtk_grid_attach (section->table, value, s + 1, c + 1, 1, 1);
        }
    }
}

static void
table_toggled_cb (GtkToggleButton *button,
                  Section         *section)
{
  gtk_stack_set_visible_child_name (section->stack,
                                    gtk_toggle_button_get_active (button) ? "table" : "chart");
}

static void
copy_clicked_cb (GtkButton *button,
                 Section   *section)
{
  g_autofree char *tsv = cm_chart_to_tsv (section->chart);
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (button), ADW_TYPE_TOAST_OVERLAY);

  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (button)), tsv);
  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay),
                                 adw_toast_new (_("Numbers copied as tab-separated text")));
}

static void
add_section (CmSummaryView      *self,
             guint               index,
             const char         *key,
             const char         *title,
             const char         *description,
             const char         *category_header,
             CmChart            *chart)
{
  Section *section = &self->sections[index];
  GtkWidget *group = adw_preferences_group_new ();
  GtkWidget *suffix = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *toggle = gtk_toggle_button_new_with_mnemonic (_("Show as _Table"));
  GtkWidget *copy = gtk_button_new_from_icon_name ("edit-copy-symbolic");
  GtkWidget *frame = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *table = gtk_grid_new ();

  section->key = key;
  section->chart = chart;
  section->stack = GTK_STACK (gtk_stack_new ());
  section->table = GTK_GRID (table);
  g_object_set_data_full (G_OBJECT (chart), "category-header", g_strdup (category_header), g_free);
  cm_chart_set_category_header (chart, category_header);

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), description);
  gtk_widget_set_valign (suffix, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (copy, _("Copy the numbers as tab-separated text"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (copy), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Copy the numbers"), -1);
  gtk_box_append (GTK_BOX (suffix), toggle);
  gtk_box_append (GTK_BOX (suffix), copy);
  adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (group), suffix);
  g_signal_connect (toggle, "toggled", G_CALLBACK (table_toggled_cb), section);
  g_signal_connect (copy, "clicked", G_CALLBACK (copy_clicked_cb), section);

  gtk_accessible_update_property (GTK_ACCESSIBLE (chart), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  gtk_widget_add_css_class (frame, "card");
  gtk_widget_add_css_class (frame, "summary-chart");
  gtk_box_append (GTK_BOX (frame), GTK_WIDGET (chart));

  gtk_grid_set_column_spacing (GTK_GRID (table), 24);
  gtk_grid_set_row_spacing (GTK_GRID (table), 4);
  gtk_widget_add_css_class (table, "card");
  gtk_widget_add_css_class (table, "summary-table");
  gtk_accessible_update_property (GTK_ACCESSIBLE (table), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);

  gtk_stack_set_vhomogeneous (section->stack, FALSE);
  gtk_stack_add_named (section->stack, frame, "chart");
  gtk_stack_add_named (section->stack, table, "table");
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (section->stack));
  gtk_box_append (self->charts_box, group);
}

static void
build_sections (CmSummaryView *self)
{
  add_section (self, SECTION_STATUS, "status", _("Kitchens by Status"),
               _("Every kitchen of the registry, as it stands today."), _("Status"),
               cm_chart_new (TRUE, CM_CHART_FORMAT_COUNT));
  add_section (self, SECTION_COMPLIANCE, "compliance", _("Compliance"),
               _("Each kitchen’s latest verdict of the automatic rules in the period. Kitchens closed before it are left out."),
               _("Verdict"), cm_chart_new (TRUE, CM_CHART_FORMAT_COUNT));
  add_section (self, SECTION_RATIONS, "rations", _("Rations per Month"),
               _("Rations the kitchens reported serving, paid and free."), _("Month"),
               cm_chart_new (FALSE, CM_CHART_FORMAT_COUNT));
  add_section (self, SECTION_SPENDING, "spending", _("Spending per Month"),
               _("What the kitchens reported spending on supplies."), _("Month"),
               cm_chart_new (FALSE, CM_CHART_FORMAT_MONEY));
  add_section (self, SECTION_MISSING_MONTHS, "missing-months", _("Missing Reports per Month"),
               _("Operating days on which an open kitchen sent no report: Monday to Friday, not on official holidays, outside suspensions."),
               _("Month"), cm_chart_new (FALSE, CM_CHART_FORMAT_COUNT));
  add_section (self, SECTION_MISSING_ALCALDIAS, "missing-alcaldias", _("Missing Reports per Alcaldía"),
               _("The same days, by the kitchen’s alcaldía, most first."), _("Alcaldía"),
               cm_chart_new (TRUE, CM_CHART_FORMAT_COUNT));
  add_section (self, SECTION_ALCALDIAS, "alcaldias", _("Kitchens by Alcaldía"),
               _("Every kitchen of the registry by alcaldía and status, most first."), _("Alcaldía"),
               cm_chart_new (TRUE, CM_CHART_FORMAT_COUNT));
}

static const char *
alcaldia_label (const CmSummaryAlcaldia *a)
{
  return a->name != NULL ? a->name : _("No alcaldía");
}

static int
compare_by_kitchens (gconstpointer a,
                     gconstpointer b)
{
  const CmSummaryAlcaldia *x = *(const CmSummaryAlcaldia * const *) a;
  const CmSummaryAlcaldia *y = *(const CmSummaryAlcaldia * const *) b;
  guint nx = cm_summary_alcaldia_kitchens (x), ny = cm_summary_alcaldia_kitchens (y);

  return nx != ny ? (nx < ny ? 1 : -1) : g_utf8_collate (alcaldia_label (x), alcaldia_label (y));
}

static int
compare_by_missing (gconstpointer a,
                    gconstpointer b)
{
  const CmSummaryAlcaldia *x = *(const CmSummaryAlcaldia * const *) a;
  const CmSummaryAlcaldia *y = *(const CmSummaryAlcaldia * const *) b;

  return x->missing != y->missing ? (x->missing < y->missing ? 1 : -1)
                                  : g_utf8_collate (alcaldia_label (x), alcaldia_label (y));
}

/* The alcaldías of the summary in an order; those with no kitchen and
 * nothing to show are left out of the unknown row only. */
static GPtrArray *
sorted_alcaldias (CmSummary    *summary,
                  GCompareFunc  compare)
{
  GPtrArray *sorted = g_ptr_array_new ();

  for (guint i = 0; i < summary->alcaldias->len; i++)
    g_ptr_array_add (sorted, &g_array_index (summary->alcaldias, CmSummaryAlcaldia, i));
  g_ptr_array_sort (sorted, compare);
  return sorted;
}

static void
set_categories_from (CmChart   *chart,
                     GPtrArray *alcaldias)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();

  for (guint i = 0; i < alcaldias->len; i++)
    g_ptr_array_add (labels, (gpointer) alcaldia_label (g_ptr_array_index (alcaldias, i)));
  cm_chart_set_categories (chart, labels->len, (const char * const *) labels->pdata);
}

static void
update_charts (CmSummaryView *self)
{
  CmSummary *s = self->summary;
  const char *statuses[] = {
    C_("kitchen status", "Active"), C_("kitchen status", "Suspended"), C_("kitchen status", "Closed"),
  };
  const CmChartColor status_colors[] = { CM_CHART_GREEN, CM_CHART_YELLOW, CM_CHART_GREY };
  const char *kitchens_series[] = { _("Kitchens") };
  const CmChartColor blue[] = { CM_CHART_BLUE };
  const CmVerdict verdict_order[] = {
    CM_VERDICT_COMPLIES, CM_VERDICT_COMPLIES_WITH_REMARKS, CM_VERDICT_DOES_NOT_COMPLY, CM_VERDICT_NOT_EVALUATED,
  };
  const CmChartColor verdict_colors[] = { CM_CHART_GREEN, CM_CHART_YELLOW, CM_CHART_RED, CM_CHART_GREY };
  const char *rations_series[] = { _("Paid"), _("Free") };
  const CmChartColor rations_colors[] = { CM_CHART_BLUE, CM_CHART_GREEN };
  const char *spending_series[] = { _("Spending") };
  const CmChartColor purple[] = { CM_CHART_PURPLE };
  const char *missing_series[] = { _("Missing reports") };
  const CmChartColor orange[] = { CM_CHART_ORANGE };
  g_autoptr(GPtrArray) month_labels = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) by_kitchens = sorted_alcaldias (s, compare_by_kitchens);
  g_autoptr(GPtrArray) by_missing = sorted_alcaldias (s, compare_by_missing);
  const char *verdicts[G_N_ELEMENTS (verdict_order)];
  CmChart *chart;

  for (guint i = 0; i < s->months->len; i++)
    g_ptr_array_add (month_labels,
                     cm_summary_month_label (g_array_index (s->months, CmSummaryMonth, i).month));

  /* Kitchens by status: one bar each, in its status' colour. */
  chart = self->sections[SECTION_STATUS].chart;
  cm_chart_set_series (chart, 1, kitchens_series, blue);
  cm_chart_set_categories (chart, 3, statuses);
  cm_chart_set_category_colors (chart, status_colors);
  for (guint i = 0; i < 3; i++)
    cm_chart_set_value (chart, 0, i, s->by_status[i]);

  chart = self->sections[SECTION_ALCALDIAS].chart;
  cm_chart_set_series (chart, 3, statuses, status_colors);
  set_categories_from (chart, by_kitchens);
  for (guint i = 0; i < by_kitchens->len; i++)
    for (guint st = 0; st < 3; st++)
      cm_chart_set_value (chart, st, i, ((CmSummaryAlcaldia *) g_ptr_array_index (by_kitchens, i))->by_status[st]);

  chart = self->sections[SECTION_COMPLIANCE].chart;
  for (guint i = 0; i < G_N_ELEMENTS (verdict_order); i++)
    verdicts[i] = cm_verdict_get_label (verdict_order[i]);
  cm_chart_set_series (chart, 1, kitchens_series, blue);
  cm_chart_set_categories (chart, G_N_ELEMENTS (verdicts), verdicts);
  cm_chart_set_category_colors (chart, verdict_colors);
  for (guint i = 0; i < G_N_ELEMENTS (verdict_order); i++)
    cm_chart_set_value (chart, 0, i, s->by_verdict[verdict_order[i]]);

  chart = self->sections[SECTION_RATIONS].chart;
  cm_chart_set_series (chart, 2, rations_series, rations_colors);
  cm_chart_set_categories (chart, month_labels->len, (const char * const *) month_labels->pdata);
  chart = self->sections[SECTION_SPENDING].chart;
  cm_chart_set_series (chart, 1, spending_series, purple);
  cm_chart_set_categories (chart, month_labels->len, (const char * const *) month_labels->pdata);
  chart = self->sections[SECTION_MISSING_MONTHS].chart;
  cm_chart_set_series (chart, 1, missing_series, orange);
  cm_chart_set_categories (chart, month_labels->len, (const char * const *) month_labels->pdata);
  for (guint i = 0; i < s->months->len; i++)
    {
      const CmSummaryMonth *m = &g_array_index (s->months, CmSummaryMonth, i);

      cm_chart_set_value (self->sections[SECTION_RATIONS].chart, 0, i, m->rations_paid);
      cm_chart_set_value (self->sections[SECTION_RATIONS].chart, 1, i, m->rations_free);
      cm_chart_set_value (self->sections[SECTION_SPENDING].chart, 0, i, m->spending_cents);
      cm_chart_set_value (self->sections[SECTION_MISSING_MONTHS].chart, 0, i, m->missing);
    }

  chart = self->sections[SECTION_MISSING_ALCALDIAS].chart;
  cm_chart_set_series (chart, 1, missing_series, orange);
  set_categories_from (chart, by_missing);
  for (guint i = 0; i < by_missing->len; i++)
    cm_chart_set_value (chart, 0, i, ((CmSummaryAlcaldia *) g_ptr_array_index (by_missing, i))->missing);

  for (guint i = 0; i < N_SECTIONS; i++)
    {
      cm_chart_update (self->sections[i].chart);
      fill_table (&self->sections[i]);
    }
}

/* The period choosers */

static void
fill_choosers (CmSummaryView *self)
{
  CmSummary *s = self->summary;
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  const char *first = s->data_first_month[0] != '\0' ? s->data_first_month : s->first_month;
  const char *last = s->data_last_month[0] != '\0' ? s->data_last_month : s->last_month;
  guint from = 0, to = 0;
  int y, m;

  /* Every month of the data, and of the period shown if it goes beyond. */
  if (strcmp (s->first_month, first) < 0)
    first = s->first_month;
  if (strcmp (s->last_month, last) > 0)
    last = s->last_month;

  g_ptr_array_set_size (self->months, 0);
  if (sscanf (first, "%d-%d", &y, &m) != 2)
    return;
  for (;;)
    {
      char month[16];
      g_autofree char *label = NULL;

      g_snprintf (month, sizeof month, "%04d-%02d", y, m);
      label = cm_summary_month_label (month);
      if (strcmp (month, s->first_month) == 0)
        from = self->months->len;
      if (strcmp (month, s->last_month) == 0)
        to = self->months->len;
      g_ptr_array_add (self->months, g_strdup (month));
      gtk_string_list_append (labels, label);
      if (strcmp (month, last) >= 0 || self->months->len > 1200)
        break;
      if (++m > 12)
        {
          m = 1;
          y++;
        }
    }

  self->filling = TRUE;
  adw_combo_row_set_model (self->from_row, G_LIST_MODEL (labels));
  adw_combo_row_set_model (self->to_row, G_LIST_MODEL (labels));
  adw_combo_row_set_selected (self->from_row, from);
  adw_combo_row_set_selected (self->to_row, to);
  self->filling = FALSE;
}

static void
period_changed_cb (CmSummaryView *self)
{
  guint from = adw_combo_row_get_selected (self->from_row);
  guint to = adw_combo_row_get_selected (self->to_row);

  if (self->filling || from >= self->months->len || to >= self->months->len)
    return;

  /* Choosing a start after the end moves the end with it, and back. */
  if (from > to)
    {
      self->filling = TRUE;
      if (g_object_get_data (G_OBJECT (self), "last-moved") == self->to_row)
        adw_combo_row_set_selected (self->from_row, (from = to));
      else
        adw_combo_row_set_selected (self->to_row, (to = from));
      self->filling = FALSE;
    }

  cm_summary_view_set_period (self, g_ptr_array_index (self->months, from),
                              g_ptr_array_index (self->months, to));
}

static void
row_selected_cb (AdwComboRow   *row,
                 GParamSpec    *pspec,
                 CmSummaryView *self)
{
  g_object_set_data (G_OBJECT (self), "last-moved", row);
}

/* Loading */

static void
summary_loaded_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(CmSummaryView) self = user_data;
  g_autoptr(GError) error = NULL;
  CmSummary *summary;

  summary = cm_summary_load_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  gtk_spinner_stop (self->spinner);
  if (summary == NULL)
    {
      adw_status_page_set_description (self->error_page, error->message);
      gtk_stack_set_visible_child_name (self->stack, "error");
      return;
    }

  g_clear_pointer (&self->summary, cm_summary_free);
  self->summary = summary;
  fill_choosers (self);
  update_cards (self);
  update_tiles (self);
  update_charts (self);
  self->loaded = TRUE;
  gtk_stack_set_visible_child_name (self->stack, "content");
}

/**
 * cm_summary_view_reload:
 * @self: the view
 *
 * Computes the summary of the chosen period again, in a worker thread; the
 * figures shown stay until the new ones arrive.
 */
void
cm_summary_view_reload (CmSummaryView *self)
{
  g_return_if_fail (CM_IS_SUMMARY_VIEW (self));

  if (self->db == NULL)
    return;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->loaded = FALSE;

  if (self->summary == NULL)
    {
      gtk_spinner_start (self->spinner);
      gtk_stack_set_visible_child_name (self->stack, "loading");
    }
  cm_summary_load_async (self->db, self->first_month, self->last_month, self->cancellable,
                         summary_loaded_cb, g_object_ref (self));
}

/* GObject */

/**
 * cm_summary_view_get_period:
 * @self: the view
 * @period: (out caller-allocates): the months its figures count
 *
 * Returns: %FALSE until the summary has loaded
 */
gboolean
cm_summary_view_get_period (CmSummaryView *self,
                            CmPeriod      *period)
{
  g_return_val_if_fail (CM_IS_SUMMARY_VIEW (self), FALSE);

  if (self->summary == NULL)
    return FALSE;
  cm_period_set_months (period, self->summary->first_month, self->summary->last_month);
  return TRUE;
}

static void
cm_summary_view_dispose (GObject *object)
{
  CmSummaryView *self = CM_SUMMARY_VIEW (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), CM_TYPE_SUMMARY_VIEW);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->db);

  G_OBJECT_CLASS (cm_summary_view_parent_class)->dispose (object);
}

static void
cm_summary_view_finalize (GObject *object)
{
  CmSummaryView *self = CM_SUMMARY_VIEW (object);

  g_clear_pointer (&self->summary, cm_summary_free);
  g_clear_pointer (&self->months, g_ptr_array_unref);
  g_clear_pointer (&self->figures, g_hash_table_unref);
  g_clear_pointer (&self->details, g_hash_table_unref);
  g_free (self->first_month);
  g_free (self->last_month);

  G_OBJECT_CLASS (cm_summary_view_parent_class)->finalize (object);
}

static void
cm_summary_view_class_init (CmSummaryViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cm_summary_view_dispose;
  object_class->finalize = cm_summary_view_finalize;

  /**
   * CmSummaryView::alcaldia-activated:
   * @code: the alcaldía's INEGI code
   *
   * A person chose an alcaldía's tile, to see its kitchens.
   */
  signals[SIGNAL_ALCALDIA_ACTIVATED] =
    g_signal_new ("alcaldia-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/cm-summary-view.ui");
  gtk_widget_class_bind_template_child (widget_class, CmSummaryView, stack);
  gtk_widget_class_bind_template_child (widget_class, CmSummaryView, spinner);
  gtk_widget_class_bind_template_child (widget_class, CmSummaryView, error_page);
  gtk_widget_class_bind_template_child (widget_class, CmSummaryView, from_row);
  gtk_widget_class_bind_template_child (widget_class, CmSummaryView, to_row);
  gtk_widget_class_bind_template_child (widget_class, CmSummaryView, cards_box);
  gtk_widget_class_bind_template_child (widget_class, CmSummaryView, tiles_grid);
  gtk_widget_class_bind_template_child (widget_class, CmSummaryView, tiles_legend);
  gtk_widget_class_bind_template_child (widget_class, CmSummaryView, charts_box);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "summaryview");
}

static void
cm_summary_view_init (CmSummaryView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->months = g_ptr_array_new_with_free_func (g_free);
  self->figures = g_hash_table_new (g_str_hash, g_str_equal);
  self->details = g_hash_table_new (g_str_hash, g_str_equal);

  /* Which chooser moved first, then what the period became. */
  g_signal_connect (self->from_row, "notify::selected", G_CALLBACK (row_selected_cb), self);
  g_signal_connect (self->to_row, "notify::selected", G_CALLBACK (row_selected_cb), self);
  g_signal_connect_swapped (self->from_row, "notify::selected", G_CALLBACK (period_changed_cb), self);
  g_signal_connect_swapped (self->to_row, "notify::selected", G_CALLBACK (period_changed_cb), self);

  add_card (self, "active", _("Active kitchens"));
  add_card (self, "comply", _("Kitchens that comply"));
  add_card (self, "rations", _("Rations served"));
  add_card (self, "spending", _("Spending reported"));
  add_card (self, "missing", _("Missing reports"));
  build_tiles (self);
  build_sections (self);
}

CmSummaryView *
cm_summary_view_new (void)
{
  return g_object_new (CM_TYPE_SUMMARY_VIEW, NULL);
}

void
cm_summary_view_set_db (CmSummaryView *self,
                        CmDb          *db)
{
  g_return_if_fail (CM_IS_SUMMARY_VIEW (self));
  g_set_object (&self->db, db);
}

gboolean
cm_summary_view_is_loaded (CmSummaryView *self)
{
  g_return_val_if_fail (CM_IS_SUMMARY_VIEW (self), FALSE);
  return self->loaded;
}

/**
 * cm_summary_view_set_period:
 * @self: the view
 * @first_month: (nullable): the first month, `YYYY-MM`; %NULL for the default
 * @last_month: (nullable): the last month
 *
 * Shows the summary of another period.
 */
void
cm_summary_view_set_period (CmSummaryView *self,
                            const char    *first_month,
                            const char    *last_month)
{
  g_return_if_fail (CM_IS_SUMMARY_VIEW (self));

  if (g_strcmp0 (first_month, self->first_month) == 0 && g_strcmp0 (last_month, self->last_month) == 0)
    return;
  g_free (self->first_month);
  g_free (self->last_month);
  self->first_month = g_strdup (first_month);
  self->last_month = g_strdup (last_month);
  cm_summary_view_reload (self);
}

/* The text a card shows: "active", "comply", "rations", "spending", "missing". */
const char *
cm_summary_view_get_figure (CmSummaryView *self,
                            const char    *key)
{
  GtkLabel *label;

  g_return_val_if_fail (CM_IS_SUMMARY_VIEW (self), NULL);

  label = g_hash_table_lookup (self->figures, key);
  return label != NULL ? gtk_label_get_text (label) : NULL;
}

/* A chart by key: "status", "alcaldias", "rations", "spending",
 * "compliance", "missing-months", "missing-alcaldias". */
CmChart *
cm_summary_view_get_chart (CmSummaryView *self,
                           const char    *key)
{
  g_return_val_if_fail (CM_IS_SUMMARY_VIEW (self), NULL);

  for (guint i = 0; i < N_SECTIONS; i++)
    if (g_strcmp0 (self->sections[i].key, key) == 0)
      return self->sections[i].chart;
  return NULL;
}
