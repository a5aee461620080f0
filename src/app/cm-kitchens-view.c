/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "cm-kitchens-view"

#include "config.h"

#include <glib/gi18n.h>

#include "cm-alcaldias.h"
#include "cm-canteen.h"
#include "cm-checks.h"
#include "cm-kitchen-filter.h"
#include "cm-kitchens-view.h"

struct _CmKitchensView
{
  GtkWidget            parent_instance;

  /* template children */
  GtkPaned            *paned;
  GtkSearchEntry      *search_entry;
  GtkDropDown         *alcaldia_dropdown;
  GtkDropDown         *status_dropdown;
  GtkDropDown         *compliance_dropdown;
  GtkDropDown         *modality_dropdown;
  GtkCheckButton      *committee_check;  /* made in init, not in the template */
  GtkLabel            *count_label;
  GtkStack            *list_stack;
  GtkColumnView       *column_view;
  GtkColumnViewColumn *folio_column;
  GtkColumnViewColumn *name_column;
  GtkColumnViewColumn *alcaldia_column;
  GtkColumnViewColumn *modality_column;
  GtkColumnViewColumn *status_column;
  GtkColumnViewColumn *compliance_column;
  GtkColumnViewColumn *last_report_column;
  GtkColumnViewColumn *recent_column;
  GtkStack            *detail_stack;
  CmKitchenPage       *kitchen_page;

  CmDb                *db;
  GListStore          *kitchens;   /* the model given, copied into a store we own */
  CmKitchenFilter     *filter;
  GtkFilterListModel  *filter_model;
  GtkSingleSelection  *selection;

  /* The dropdowns' entries after "All …": the values the filter compares. */
  GPtrArray           *alcaldia_codes;
  GPtrArray           *modalities;
};

G_DEFINE_FINAL_TYPE (CmKitchensView, cm_kitchens_view, GTK_TYPE_WIDGET)

static const struct { const char *status; const char *label; } statuses[] = {
  { "active", NC_("kitchen status", "Active") },
  { "suspended", NC_("kitchen status", "Suspended") },
  { "closed", NC_("kitchen status", "Closed") },
};

/* The list's cells: one plain label each, its text set when a row is bound.
 * Cheaper than builder templates with expression bindings, which GTK 4.8
 * rebuilds for every row a filter brings into view. */
typedef const char *(*CanteenText) (CmCanteen *canteen);

static void
setup_cell_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  user_data)
{
  gboolean numeric = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (factory), "numeric"));
  int max_chars = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (factory), "max-chars"));
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), numeric ? 1.0 : 0.0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  if (max_chars > 0)
    {
      gtk_label_set_width_chars (GTK_LABEL (label), 16);
      gtk_label_set_max_width_chars (GTK_LABEL (label), max_chars);
    }
  if (numeric)
    gtk_widget_add_css_class (label, "numeric");
  gtk_list_item_set_child (item, label);
}

static void
bind_cell_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              CanteenText               text)
{
  CmCanteen *canteen = gtk_list_item_get_item (item);

  gtk_label_set_label (GTK_LABEL (gtk_list_item_get_child (item)), text (canteen));
}

static void
set_cell_factory (GtkColumnViewColumn *column,
                  CanteenText          text,
                  gboolean             numeric,
                  int                  max_chars)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  g_object_set_data (G_OBJECT (factory), "numeric", GINT_TO_POINTER (numeric));
  g_object_set_data (G_OBJECT (factory), "max-chars", GINT_TO_POINTER (max_chars));
  g_signal_connect (factory, "setup", G_CALLBACK (setup_cell_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cell_cb), text);
  gtk_column_view_column_set_factory (column, factory);
}

/* The name column: the name, and a flag when the committee has a problem. */
static void
setup_name_cell_cb (GtkSignalListItemFactory *factory,
                    GtkListItem              *item,
                    gpointer                  user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *label = gtk_label_new (NULL);
  GtkWidget *flag = gtk_image_new_from_icon_name ("dialog-warning-symbolic");

  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_width_chars (GTK_LABEL (label), 16);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 24);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_widget_add_css_class (flag, "warning");
  gtk_widget_set_visible (flag, FALSE);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), flag);
  gtk_list_item_set_child (item, box);
}

static void
bind_name_cell_cb (GtkSignalListItemFactory *factory,
                   GtkListItem              *item,
                   gpointer                  user_data)
{
  CmCanteen *canteen = gtk_list_item_get_item (item);
  GtkWidget *box = gtk_list_item_get_child (item);
  GtkWidget *label = gtk_widget_get_first_child (box);
  GtkWidget *flag = gtk_widget_get_last_child (box);
  CmCommitteeFlags flags = cm_canteen_get_committee_flags (canteen);

  gtk_label_set_label (GTK_LABEL (label), cm_canteen_get_name (canteen));
  gtk_widget_set_visible (flag, flags != CM_COMMITTEE_FLAGS_NONE);
  if (flags != CM_COMMITTEE_FLAGS_NONE)
    {
      g_autofree char *problems = cm_canteen_dup_committee_problems (canteen);

      gtk_widget_set_tooltip_text (flag, problems);
      gtk_accessible_update_property (GTK_ACCESSIBLE (flag), GTK_ACCESSIBLE_PROPERTY_LABEL, problems, -1);
    }
}

static void
committee_check_toggled_cb (CmKitchensView *self)
{
  cm_kitchen_filter_set_committee_problems (self->filter, gtk_check_button_get_active (self->committee_check));
}

/* Below the dropdowns, so that their row keeps its layout. */
static void
add_committee_filter (CmKitchensView *self)
{
  GtkWidget *dropdowns = gtk_widget_get_parent (GTK_WIDGET (self->alcaldia_dropdown));

  self->committee_check = GTK_CHECK_BUTTON (gtk_check_button_new_with_mnemonic (_("Only _committee problems")));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->committee_check),
                               _("Kitchens with fewer than three active committee members, or with a member holding public or party office"));
  g_signal_connect_object (self->committee_check, "toggled", G_CALLBACK (committee_check_toggled_cb),
                           self, G_CONNECT_SWAPPED);
  gtk_box_insert_child_after (GTK_BOX (gtk_widget_get_parent (dropdowns)),
                              GTK_WIDGET (self->committee_check), dropdowns);
}

static const char *
selected_value (GtkDropDown *dropdown,
                GPtrArray   *values)
{
  guint pos = gtk_drop_down_get_selected (dropdown);

  /* Position 0 is "All …". */
  if (pos == 0 || pos == GTK_INVALID_LIST_POSITION || values == NULL || pos > values->len)
    return NULL;

  return g_ptr_array_index (values, pos - 1);
}

static void
update_count (CmKitchensView *self)
{
  guint total = g_list_model_get_n_items (G_LIST_MODEL (self->kitchens));
  guint shown = g_list_model_get_n_items (G_LIST_MODEL (self->filter_model));
  g_autofree char *text = NULL;
  g_autofree char *shown_text = g_strdup_printf ("%'u", shown);
  g_autofree char *total_text = g_strdup_printf ("%'u", total);

  if (shown == total)
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s kitchen", "%s kitchens", total),
                            total_text);
  else
    /* Translators: "Showing 12 of 450 kitchens" */
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "Showing %s of %s kitchen",
                                         "Showing %s of %s kitchens", total),
                            shown_text, total_text);

  gtk_label_set_label (self->count_label, text);
  gtk_stack_set_visible_child_name (self->list_stack, shown == 0 && total > 0 ? "no-results" : "list");
}

static void
filter_items_changed_cb (CmKitchensView *self)
{
  update_count (self);
}

static void
search_changed_cb (CmKitchensView *self)
{
  cm_kitchen_filter_set_query (self->filter, gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
}

static void
stop_search_cb (CmKitchensView *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
}

static void
setup_choice_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *item,
                 gpointer                  ellipsize)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  if (ellipsize)
    gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_list_item_set_child (item, label);
}

static void
bind_choice_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                gpointer                  user_data)
{
  gtk_label_set_label (GTK_LABEL (gtk_list_item_get_child (item)),
                       gtk_string_object_get_string (gtk_list_item_get_item (item)));
}

/* The filters share the list's width: the button's label may shorten with
 * an ellipsis, the choices in the popover never do. */
static void
set_choice_factories (GtkDropDown *dropdown)
{
  g_autoptr(GtkListItemFactory) button = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkListItemFactory) list = gtk_signal_list_item_factory_new ();

  g_signal_connect (button, "setup", G_CALLBACK (setup_choice_cb), GINT_TO_POINTER (TRUE));
  g_signal_connect (button, "bind", G_CALLBACK (bind_choice_cb), NULL);
  g_signal_connect (list, "setup", G_CALLBACK (setup_choice_cb), GINT_TO_POINTER (FALSE));
  g_signal_connect (list, "bind", G_CALLBACK (bind_choice_cb), NULL);
  gtk_drop_down_set_factory (dropdown, button);
  gtk_drop_down_set_list_factory (dropdown, list);
}

/* Worst first, as the column sorts; "" is a kitchen never evaluated. */
static const char * const verdicts[] = { "no_cumple", "cumple_con_observaciones", "cumple", "" };

static void
filters_changed_cb (CmKitchensView *self)
{
  guint status_pos, pos;

  if (self->filter == NULL) /* still building the template */
    return;

  cm_kitchen_filter_set_alcaldia (self->filter, selected_value (self->alcaldia_dropdown, self->alcaldia_codes));
  status_pos = gtk_drop_down_get_selected (self->status_dropdown);
  cm_kitchen_filter_set_status (self->filter,
                                status_pos > 0 && status_pos <= G_N_ELEMENTS (statuses) ?
                                statuses[status_pos - 1].status : NULL);
  cm_kitchen_filter_set_modality (self->filter, selected_value (self->modality_dropdown, self->modalities));
  pos = gtk_drop_down_get_selected (self->compliance_dropdown);
  cm_kitchen_filter_set_compliance (self->filter,
                                    pos > 0 && pos <= G_N_ELEMENTS (verdicts) ? verdicts[pos - 1] : NULL);
}

static void
selection_changed_cb (CmKitchensView *self)
{
  CmCanteen *canteen = gtk_single_selection_get_selected_item (self->selection);

  if (canteen == NULL)
    {
      gtk_stack_set_visible_child_name (self->detail_stack, "none");
      return;
    }

  cm_kitchen_page_set_canteen (self->kitchen_page, canteen);
  gtk_stack_set_visible_child_name (self->detail_stack, "page");
}

static void
column_view_activate_cb (CmKitchensView *self,
                         guint           position)
{
  /* Enter on a row moves the keyboard focus into its record. */
  gtk_single_selection_set_selected (self->selection, position);
  gtk_widget_child_focus (GTK_WIDGET (self->kitchen_page), GTK_DIR_TAB_FORWARD);
}

static void
clear_filters_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  CmKitchensView *self = CM_KITCHENS_VIEW (widget);

  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  gtk_drop_down_set_selected (self->alcaldia_dropdown, 0);
  gtk_drop_down_set_selected (self->status_dropdown, 0);
  gtk_drop_down_set_selected (self->compliance_dropdown, 0);
  gtk_drop_down_set_selected (self->modality_dropdown, 0);
  gtk_check_button_set_active (self->committee_check, FALSE);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static int
compare_alcaldia_names (gconstpointer a,
                        gconstpointer b)
{
  const CmAlcaldiaInfo *x = *(const CmAlcaldiaInfo * const *) a;
  const CmAlcaldiaInfo *y = *(const CmAlcaldiaInfo * const *) b;

  return g_utf8_collate (x->name, y->name);
}

static void
fill_alcaldia_dropdown (CmKitchensView *self)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  g_autoptr(GPtrArray) sorted = g_ptr_array_new ();
  const CmAlcaldiaInfo *all;
  guint n;

  all = cm_alcaldias_get_all (&n);
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (sorted, (gpointer) &all[i]);
  g_ptr_array_sort (sorted, compare_alcaldia_names);

  gtk_string_list_append (names, _("All alcaldías"));
  for (guint i = 0; i < sorted->len; i++)
    {
      const CmAlcaldiaInfo *info = g_ptr_array_index (sorted, i);

      gtk_string_list_append (names, info->name);
      g_ptr_array_add (self->alcaldia_codes, (gpointer) info->code);
    }

  gtk_drop_down_set_model (self->alcaldia_dropdown, G_LIST_MODEL (names));
}

static void
fill_compliance_dropdown (CmKitchensView *self)
{
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);

  gtk_string_list_append (labels, _("Any compliance"));
  for (guint i = 0; i < G_N_ELEMENTS (verdicts); i++)
    {
      CmVerdict verdict = CM_VERDICT_NOT_EVALUATED;

      cm_verdict_from_string (verdicts[i], &verdict);
      gtk_string_list_append (labels, cm_verdict_get_label (verdict));
    }
  gtk_drop_down_set_model (self->compliance_dropdown, G_LIST_MODEL (labels));
}

static void
fill_status_dropdown (CmKitchensView *self)
{
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);

  gtk_string_list_append (labels, _("All statuses"));
  for (guint i = 0; i < G_N_ELEMENTS (statuses); i++)
    gtk_string_list_append (labels, g_dpgettext2 (GETTEXT_PACKAGE, "kitchen status", statuses[i].label));

  gtk_drop_down_set_model (self->status_dropdown, G_LIST_MODEL (labels));
}

/* The modalities are those the data holds: a registry may bring its own. */
static void
fill_modality_dropdown (CmKitchensView *self)
{
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  const char *previous = selected_value (self->modality_dropdown, self->modalities);
  g_autofree char *keep = g_strdup (previous);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->kitchens));
  guint selected = 0;

  g_ptr_array_set_size (self->modalities, 0);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CmCanteen) canteen = g_list_model_get_item (G_LIST_MODEL (self->kitchens), i);
      const char *modality = cm_canteen_get_modality (canteen);

      if (!g_hash_table_contains (seen, modality))
        {
          g_hash_table_add (seen, (gpointer) g_intern_string (modality));
          g_ptr_array_add (self->modalities, (gpointer) g_intern_string (modality));
        }
    }

  gtk_string_list_append (labels, _("All modalities"));
  for (guint i = 0; i < self->modalities->len; i++)
    {
      const char *modality = g_ptr_array_index (self->modalities, i);

      gtk_string_list_append (labels, cm_canteen_modality_label (modality));
      if (g_strcmp0 (modality, keep) == 0)
        selected = i + 1;
    }

  gtk_drop_down_set_model (self->modality_dropdown, G_LIST_MODEL (labels));
  gtk_drop_down_set_selected (self->modality_dropdown, selected);
}

static void
cm_kitchens_view_dispose (GObject *object)
{
  CmKitchensView *self = CM_KITCHENS_VIEW (object);
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (self), CM_TYPE_KITCHENS_VIEW);
  /* The template's root has no id, so dispose_template leaves it. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))))
    gtk_widget_unparent (child);

  g_clear_object (&self->selection);
  g_clear_object (&self->filter_model);
  g_clear_object (&self->filter);
  g_clear_object (&self->kitchens);
  g_clear_object (&self->db);

  G_OBJECT_CLASS (cm_kitchens_view_parent_class)->dispose (object);
}

static void
cm_kitchens_view_finalize (GObject *object)
{
  CmKitchensView *self = CM_KITCHENS_VIEW (object);

  g_clear_pointer (&self->alcaldia_codes, g_ptr_array_unref);
  g_clear_pointer (&self->modalities, g_ptr_array_unref);

  G_OBJECT_CLASS (cm_kitchens_view_parent_class)->finalize (object);
}

static void
cm_kitchens_view_class_init (CmKitchensViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cm_kitchens_view_dispose;
  object_class->finalize = cm_kitchens_view_finalize;

  g_type_ensure (CM_TYPE_CANTEEN);
  g_type_ensure (CM_TYPE_KITCHEN_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/cm-kitchens-view.ui");
  gtk_widget_class_bind_template_child (widget_class, CmKitchensView, paned);
  gtk_widget_class_bind_template_child (widget_class, CmKitchensView, search_entry);
  gtk_widget_class_bind_template_child (widget_class, CmKitchensView, alcaldia_dropdown);
  gtk_widget_class_bind_template_child (widget_class, CmKitchensView, status_dropdown);
  gtk_widget_class_bind_template_child (widget_class, CmKitchensView, compliance_dropdown);
  gtk_widget_class_bind_template_child (widget_class, CmKitchensView, modality_dropdown);
  gtk_widget_class_bind_template_child (widget_class, CmKitchensView, count_label);
  gtk_widget_class_bind_template_child (widget_class, CmKitchensView, list_stack);
  gtk_widget_class_bind_template_child (widget_class, CmKitchensView, column_view);
  gtk_widget_class_bind_template_child (widget_class, CmKitchensView, folio_column);
  gtk_widget_class_bind_template_child (widget_class, CmKitchensView, name_column);
  gtk_widget_class_bind_template_child (widget_class, CmKitchensView, alcaldia_column);
  gtk_widget_class_bind_template_child (widget_class, CmKitchensView, modality_column);
  gtk_widget_class_bind_template_child (widget_class, CmKitchensView, status_column);
  gtk_widget_class_bind_template_child (widget_class, CmKitchensView, compliance_column);
  gtk_widget_class_bind_template_child (widget_class, CmKitchensView, last_report_column);
  gtk_widget_class_bind_template_child (widget_class, CmKitchensView, recent_column);
  gtk_widget_class_bind_template_child (widget_class, CmKitchensView, detail_stack);
  gtk_widget_class_bind_template_child (widget_class, CmKitchensView, kitchen_page);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, stop_search_cb);
  gtk_widget_class_bind_template_callback (widget_class, filters_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, column_view_activate_cb);

  gtk_widget_class_install_action (widget_class, "kitchens.clear-filters", NULL, clear_filters_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "kitchensview");
}

static void
cm_kitchens_view_init (CmKitchensView *self)
{
  GtkSortListModel *sort_model;

  self->alcaldia_codes = g_ptr_array_new ();
  self->modalities = g_ptr_array_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  fill_alcaldia_dropdown (self);
  fill_status_dropdown (self);
  fill_compliance_dropdown (self);
  set_choice_factories (self->alcaldia_dropdown);
  set_choice_factories (self->status_dropdown);
  set_choice_factories (self->compliance_dropdown);
  set_choice_factories (self->modality_dropdown);
  add_committee_filter (self);

  set_cell_factory (self->folio_column, cm_canteen_get_folio, FALSE, 0);
  {
    g_autoptr(GtkListItemFactory) names = gtk_signal_list_item_factory_new ();

    g_signal_connect (names, "setup", G_CALLBACK (setup_name_cell_cb), NULL);
    g_signal_connect (names, "bind", G_CALLBACK (bind_name_cell_cb), NULL);
    gtk_column_view_column_set_factory (self->name_column, names);
  }
  set_cell_factory (self->alcaldia_column, cm_canteen_get_alcaldia_name, FALSE, 0);
  set_cell_factory (self->modality_column, cm_canteen_get_modality_label, FALSE, 0);
  set_cell_factory (self->status_column, cm_canteen_get_status_label, FALSE, 0);
  set_cell_factory (self->compliance_column, cm_canteen_get_compliance_label, FALSE, 0);
  set_cell_factory (self->last_report_column, cm_canteen_get_last_report_label, FALSE, 0);
  set_cell_factory (self->recent_column, cm_canteen_get_recent_reports_label, TRUE, 0);

  /* Sort first, then filter: a keystroke refilters the sorted rows and
   * never sorts again. */
  self->kitchens = g_list_store_new (CM_TYPE_CANTEEN);
  sort_model = gtk_sort_list_model_new (g_object_ref (G_LIST_MODEL (self->kitchens)),
                                        g_object_ref (gtk_column_view_get_sorter (self->column_view)));
  self->filter = cm_kitchen_filter_new ();
  self->filter_model = gtk_filter_list_model_new (G_LIST_MODEL (sort_model),
                                                  g_object_ref (GTK_FILTER (self->filter)));
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->filter_model)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));

  g_signal_connect_object (self->filter_model, "items-changed",
                           G_CALLBACK (filter_items_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->selection, "notify::selected-item",
                           G_CALLBACK (selection_changed_cb), self, G_CONNECT_SWAPPED);

  gtk_column_view_sort_by_column (self->column_view, self->folio_column, GTK_SORT_ASCENDING);
  gtk_search_entry_set_key_capture_widget (self->search_entry, GTK_WIDGET (self->column_view));

  update_count (self);
}

void
cm_kitchens_view_set_db (CmKitchensView *self,
                         CmDb           *db)
{
  g_return_if_fail (CM_IS_KITCHENS_VIEW (self));

  g_set_object (&self->db, db);
  cm_kitchen_page_set_db (self->kitchen_page, db);
}

/**
 * cm_kitchens_view_set_model:
 * @self: the view
 * @kitchens: a #GListModel of #CmCanteen
 *
 * Shows @kitchens, keeping the filters and, when it is still there, the
 * selected kitchen.
 */
void
cm_kitchens_view_set_model (CmKitchensView *self,
                            GListModel     *kitchens)
{
  CmCanteen *selected;
  g_autofree char *selected_folio = NULL;
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  guint n;

  g_return_if_fail (CM_IS_KITCHENS_VIEW (self));
  g_return_if_fail (G_IS_LIST_MODEL (kitchens));

  selected = gtk_single_selection_get_selected_item (self->selection);
  if (selected != NULL)
    selected_folio = g_strdup (cm_canteen_get_folio (selected));

  n = g_list_model_get_n_items (kitchens);
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (items, g_list_model_get_item (kitchens, i));

  g_list_store_splice (self->kitchens, 0,
                       g_list_model_get_n_items (G_LIST_MODEL (self->kitchens)),
                       items->pdata, items->len);

  fill_modality_dropdown (self);
  update_count (self);

  if (selected_folio != NULL)
    cm_kitchens_view_select_folio (self, selected_folio);
}

void
cm_kitchens_view_bind_settings (CmKitchensView *self,
                                GSettings      *settings)
{
  g_return_if_fail (CM_IS_KITCHENS_VIEW (self));
  g_return_if_fail (G_IS_SETTINGS (settings));

  g_settings_bind (settings, "kitchens-pane-position", self->paned, "position", G_SETTINGS_BIND_DEFAULT);
}

void
cm_kitchens_view_focus_search (CmKitchensView *self)
{
  g_return_if_fail (CM_IS_KITCHENS_VIEW (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
  gtk_editable_select_region (GTK_EDITABLE (self->search_entry), 0, -1);
}

/**
 * cm_kitchens_view_set_search_text:
 * @self: the view
 * @text: the text for the search entry
 *
 * Types @text into the search entry; the list follows once the entry
 * reports the change, as it does for a person.
 */
void
cm_kitchens_view_set_search_text (CmKitchensView *self,
                                  const char     *text)
{
  g_return_if_fail (CM_IS_KITCHENS_VIEW (self));
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), text);
}

guint
cm_kitchens_view_get_n_total (CmKitchensView *self)
{
  g_return_val_if_fail (CM_IS_KITCHENS_VIEW (self), 0);
  return g_list_model_get_n_items (G_LIST_MODEL (self->kitchens));
}

guint
cm_kitchens_view_get_n_shown (CmKitchensView *self)
{
  g_return_val_if_fail (CM_IS_KITCHENS_VIEW (self), 0);
  return g_list_model_get_n_items (G_LIST_MODEL (self->filter_model));
}

/**
 * cm_kitchens_view_select_folio:
 * @self: the view
 * @folio: a kitchen's folio
 *
 * Selects the kitchen among those shown and opens its page.
 *
 * Returns: %TRUE when it is shown and now selected
 */
gboolean
cm_kitchens_view_select_folio (CmKitchensView *self,
                               const char     *folio)
{
  guint n;

  g_return_val_if_fail (CM_IS_KITCHENS_VIEW (self), FALSE);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->filter_model));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CmCanteen) canteen = g_list_model_get_item (G_LIST_MODEL (self->filter_model), i);

      if (g_strcmp0 (cm_canteen_get_folio (canteen), folio) == 0)
        {
          gtk_single_selection_set_selected (self->selection, i);
          return TRUE;
        }
    }

  return FALSE;
}

CmKitchenPage *
cm_kitchens_view_get_page (CmKitchensView *self)
{
  g_return_val_if_fail (CM_IS_KITCHENS_VIEW (self), NULL);
  return self->kitchen_page;
}

/**
 * cm_kitchens_view_show_compliance:
 * @self: the view
 * @verdict: (nullable): "no_cumple", "cumple_con_observaciones", "cumple",
 *   "" for kitchens never evaluated, or %NULL for all
 *
 * Filters the list by compliance, as the filter's drop-down does.
 */
void
cm_kitchens_view_show_compliance (CmKitchensView *self,
                                  const char     *verdict)
{
  guint position = 0;

  g_return_if_fail (CM_IS_KITCHENS_VIEW (self));

  for (guint i = 0; verdict != NULL && i < G_N_ELEMENTS (verdicts); i++)
    if (g_str_equal (verdicts[i], verdict))
      position = i + 1;
  gtk_drop_down_set_selected (self->compliance_dropdown, position);
}

/* Shows only the kitchens with committee problems, or all, as the filter's
 * check button does. */
void
cm_kitchens_view_show_committee_problems (CmKitchensView *self,
                                          gboolean        only_problems)
{
  g_return_if_fail (CM_IS_KITCHENS_VIEW (self));
  gtk_check_button_set_active (self->committee_check, only_problems);
}

/**
 * cm_kitchens_view_show_alcaldia:
 * @self: the view
 * @alcaldia_code: (nullable): an INEGI code, or %NULL for all
 *
 * Filters the list by alcaldía, as the filter's drop-down does.
 */
void
cm_kitchens_view_show_alcaldia (CmKitchensView *self,
                                const char     *alcaldia_code)
{
  guint position = 0;

  g_return_if_fail (CM_IS_KITCHENS_VIEW (self));

  for (guint i = 0; alcaldia_code != NULL && i < self->alcaldia_codes->len; i++)
    if (g_str_equal (g_ptr_array_index (self->alcaldia_codes, i), alcaldia_code))
      position = i + 1;
  gtk_drop_down_set_selected (self->alcaldia_dropdown, position);
}

/**
 * cm_kitchens_view_get_shown:
 * @self: the view
 *
 * Returns: (transfer none): the kitchens the filters let through, in the
 *   list's order
 */
GListModel *
cm_kitchens_view_get_shown (CmKitchensView *self)
{
  g_return_val_if_fail (CM_IS_KITCHENS_VIEW (self), NULL);
  return G_LIST_MODEL (self->filter_model);
}

/**
 * cm_kitchens_view_get_selection:
 * @self: the view
 *
 * Returns: (transfer none): the list's selection
 */
GtkSingleSelection *
cm_kitchens_view_get_selection (CmKitchensView *self)
{
  g_return_val_if_fail (CM_IS_KITCHENS_VIEW (self), NULL);
  return self->selection;
}
