/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "cm-kitchen-filter"

#include "config.h"

#include "cm-canteen.h"
#include "cm-kitchen-filter.h"
#include "cm-text.h"

/* The kitchens list's filter: the search words (folio, name, colonia; case
 * and accents ignored) and the alcaldía, status and modality chosen. */
struct _CmKitchenFilter
{
  GtkFilter   parent_instance;

  char       *folded_query;
  GStrv       words;
  char       *alcaldia_code;
  char       *status;
  char       *compliance;   /* a verdict, or "" for never evaluated */
  char       *modality;
  gboolean    committee_problems;  /* only kitchens with a committee flag */
};

G_DEFINE_FINAL_TYPE (CmKitchenFilter, cm_kitchen_filter, GTK_TYPE_FILTER)

static gboolean
cm_kitchen_filter_match (GtkFilter *filter,
                         gpointer   item)
{
  CmKitchenFilter *self = CM_KITCHEN_FILTER (filter);
  CmCanteen *canteen = item;

  if (self->alcaldia_code != NULL &&
      g_strcmp0 (self->alcaldia_code, cm_canteen_get_alcaldia_code (canteen)) != 0)
    return FALSE;

  if (self->compliance != NULL &&
      g_strcmp0 (self->compliance, cm_canteen_get_compliance (canteen) ? cm_canteen_get_compliance (canteen) : "") != 0)
    return FALSE;
  if (self->status != NULL &&
      g_strcmp0 (self->status, cm_canteen_get_status (canteen)) != 0)
    return FALSE;

  if (self->modality != NULL &&
      g_strcmp0 (self->modality, cm_canteen_get_modality (canteen)) != 0)
    return FALSE;

  if (self->committee_problems && cm_canteen_get_committee_flags (canteen) == CM_COMMITTEE_FLAGS_NONE)
    return FALSE;

  return cm_text_contains_all (cm_canteen_get_search_key (canteen),
                               (const char * const *) self->words);
}

static GtkFilterMatch
cm_kitchen_filter_get_strictness (GtkFilter *filter)
{
  CmKitchenFilter *self = CM_KITCHEN_FILTER (filter);

  return cm_kitchen_filter_is_active (self) ? GTK_FILTER_MATCH_SOME : GTK_FILTER_MATCH_ALL;
}

static void
cm_kitchen_filter_finalize (GObject *object)
{
  CmKitchenFilter *self = CM_KITCHEN_FILTER (object);

  g_clear_pointer (&self->folded_query, g_free);
  g_clear_pointer (&self->words, g_strfreev);
  g_clear_pointer (&self->alcaldia_code, g_free);
  g_clear_pointer (&self->status, g_free);
  g_clear_pointer (&self->compliance, g_free);
  g_clear_pointer (&self->modality, g_free);

  G_OBJECT_CLASS (cm_kitchen_filter_parent_class)->finalize (object);
}

static void
cm_kitchen_filter_class_init (CmKitchenFilterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkFilterClass *filter_class = GTK_FILTER_CLASS (klass);

  object_class->finalize = cm_kitchen_filter_finalize;
  filter_class->match = cm_kitchen_filter_match;
  filter_class->get_strictness = cm_kitchen_filter_get_strictness;
}

static void
cm_kitchen_filter_init (CmKitchenFilter *self)
{
  self->folded_query = g_strdup ("");
  self->words = g_new0 (char *, 1);
}

CmKitchenFilter *
cm_kitchen_filter_new (void)
{
  return g_object_new (CM_TYPE_KITCHEN_FILTER, NULL);
}

/**
 * cm_kitchen_filter_set_query:
 * @self: the filter
 * @query: (nullable): what the person typed
 *
 * Typing more letters only narrows the list, so the list model rechecks just
 * the rows still shown; deleting letters rechecks only the hidden ones.
 */
void
cm_kitchen_filter_set_query (CmKitchenFilter *self,
                             const char      *query)
{
  g_autofree char *folded = NULL;
  GtkFilterChange change;

  g_return_if_fail (CM_IS_KITCHEN_FILTER (self));

  folded = cm_text_fold (query);
  if (g_str_equal (folded, self->folded_query))
    return;

  /* Every word of a longer query contains or repeats a word of the shorter. */
  if (g_str_has_prefix (folded, self->folded_query))
    change = GTK_FILTER_CHANGE_MORE_STRICT;
  else if (g_str_has_prefix (self->folded_query, folded))
    change = GTK_FILTER_CHANGE_LESS_STRICT;
  else
    change = GTK_FILTER_CHANGE_DIFFERENT;

  g_free (self->folded_query);
  self->folded_query = g_steal_pointer (&folded);
  g_strfreev (self->words);
  self->words = cm_text_query_words (self->folded_query);

  gtk_filter_changed (GTK_FILTER (self), change);
}

static void
set_exact (CmKitchenFilter  *self,
           char            **field,
           const char       *value)
{
  GtkFilterChange change;

  if (g_strcmp0 (*field, value) == 0)
    return;

  if (*field == NULL)
    change = GTK_FILTER_CHANGE_MORE_STRICT;
  else if (value == NULL)
    change = GTK_FILTER_CHANGE_LESS_STRICT;
  else
    change = GTK_FILTER_CHANGE_DIFFERENT;

  g_free (*field);
  *field = g_strdup (value);
  gtk_filter_changed (GTK_FILTER (self), change);
}

/**
 * cm_kitchen_filter_set_alcaldia:
 * @self: the filter
 * @alcaldia_code: (nullable): an INEGI code, or %NULL for every alcaldía
 */
void
cm_kitchen_filter_set_alcaldia (CmKitchenFilter *self,
                                const char      *alcaldia_code)
{
  g_return_if_fail (CM_IS_KITCHEN_FILTER (self));
  set_exact (self, &self->alcaldia_code, alcaldia_code);
}

void
cm_kitchen_filter_set_status (CmKitchenFilter *self,
                              const char      *status)
{
  g_return_if_fail (CM_IS_KITCHEN_FILTER (self));
  set_exact (self, &self->status, status);
}

/* A verdict ("cumple", ...), "" for kitchens never evaluated, or NULL for all. */
void
cm_kitchen_filter_set_compliance (CmKitchenFilter *self,
                                  const char      *compliance)
{
  g_return_if_fail (CM_IS_KITCHEN_FILTER (self));
  set_exact (self, &self->compliance, compliance);
}

void
cm_kitchen_filter_set_modality (CmKitchenFilter *self,
                                const char      *modality)
{
  g_return_if_fail (CM_IS_KITCHEN_FILTER (self));
  set_exact (self, &self->modality, modality);
}

gboolean
cm_kitchen_filter_is_active (CmKitchenFilter *self)
{
  g_return_val_if_fail (CM_IS_KITCHEN_FILTER (self), FALSE);

  return self->words[0] != NULL || self->alcaldia_code != NULL ||
         self->status != NULL || self->modality != NULL || self->compliance != NULL ||
         self->committee_problems;
}

/* Only the kitchens whose committee is flagged, or all of them. */
void
cm_kitchen_filter_set_committee_problems (CmKitchenFilter *self,
                                          gboolean         only_problems)
{
  g_return_if_fail (CM_IS_KITCHEN_FILTER (self));

  only_problems = !!only_problems;
  if (self->committee_problems == only_problems)
    return;
  self->committee_problems = only_problems;
  gtk_filter_changed (GTK_FILTER (self), only_problems ? GTK_FILTER_CHANGE_MORE_STRICT
                                                       : GTK_FILTER_CHANGE_LESS_STRICT);
}
