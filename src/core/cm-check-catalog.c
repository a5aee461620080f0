/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <string.h>

#include "cm-check-catalog.h"

/* Parameters whose values are not confirmed by a public source (the GPS
 * radius, tolerances, the committed minimum) live in the rulebook, never
 * here: this table only says which names exist. The order matters: the
 * checks read their first two numbers by position (cm-checks.c). */

static const CmCheckParam no_params[] = { { NULL } };

static const CmCheckParam daily_report_params[] = {
  { "tolerated_missing_days", CM_CHECK_PARAM_NUMBER, 0, FALSE },
  { NULL }
};

static const CmCheckParam same_day_params[] = {
  { "grace_hours", CM_CHECK_PARAM_NUMBER, 0, FALSE },
  { NULL }
};

static const CmCheckParam fee_collected_params[] = {
  { "fee_pesos", CM_CHECK_PARAM_NUMBER, 0, TRUE },
  { "tolerance_pesos", CM_CHECK_PARAM_NUMBER, 0, FALSE },
  { NULL }
};

static const CmCheckParam fee_overcharge_params[] = {
  { "fee_pesos", CM_CHECK_PARAM_NUMBER, 0, TRUE },
  { NULL }
};

static const CmCheckParam capacity_params[] = {
  { "tolerance_share", CM_CHECK_PARAM_NUMBER, 0, FALSE },
  { NULL }
};

static const CmCheckParam minimum_params[] = {
  { "minimum_share", CM_CHECK_PARAM_NUMBER, 0, TRUE },
  { NULL }
};

static const CmCheckParam gps_params[] = {
  { "radius_m", CM_CHECK_PARAM_NUMBER, 1, TRUE },
  { NULL }
};

static const CmCheckParam checklist_params[] = {
  { "fee_pesos", CM_CHECK_PARAM_NUMBER, 0, FALSE },
  { "minimum_members", CM_CHECK_PARAM_NUMBER, 1, FALSE },
  { "support_pesos_per_ration", CM_CHECK_PARAM_NUMBER, 0, FALSE },
  { "opens_at", CM_CHECK_PARAM_TIME, 0, FALSE },
  { "closes_at", CM_CHECK_PARAM_TIME, 0, FALSE },
  { "publico_opens_at", CM_CHECK_PARAM_TIME, 0, FALSE },
  { "publico_closes_at", CM_CHECK_PARAM_TIME, 0, FALSE },
  { NULL }
};

/* The automatic checks first; cm_check_catalog_get_all() stops before the
 * checklist entry, which must stay last. */
static const CmCheckInfo catalog[] = {
  { "daily_report", daily_report_params },
  { "same_day_submission", same_day_params },
  { "duplicate_reports", no_params },
  { "non_operating_day_reports", no_params },
  { "unknown_folio", no_params },
  { "fee_collected", fee_collected_params },
  { "fee_overcharge", fee_overcharge_params },
  { "rations_capacity", capacity_params },
  { "rations_minimum", minimum_params },
  { "purchase_receipts", no_params },
  { "gps_distance", gps_params },
  { "registered_device", no_params },
  { "committee_office", no_params },
  { CM_CHECK_CATALOG_CHECKLIST, checklist_params },
};

/**
 * cm_check_catalog_lookup:
 * @name: a check's name, or "checklist"
 *
 * Returns: (nullable): what Comedores knows of the check, or %NULL
 */
const CmCheckInfo *
cm_check_catalog_lookup (const char *name)
{
  g_return_val_if_fail (name != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (catalog); i++)
    if (strcmp (catalog[i].name, name) == 0)
      return &catalog[i];

  return NULL;
}

/**
 * cm_check_catalog_find_param:
 * @info: a check
 * @name: a parameter's name
 *
 * Returns: (nullable): the parameter, or %NULL when the check does not take it
 */
const CmCheckParam *
cm_check_catalog_find_param (const CmCheckInfo *info,
                             const char        *name)
{
  g_return_val_if_fail (info != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  for (const CmCheckParam *p = info->params; p->name != NULL; p++)
    if (strcmp (p->name, name) == 0)
      return p;

  return NULL;
}

/**
 * cm_check_catalog_get_all:
 * @n_checks: (out): how many
 *
 * Returns: the automatic checks, in a fixed order
 */
const CmCheckInfo *
cm_check_catalog_get_all (guint *n_checks)
{
  *n_checks = G_N_ELEMENTS (catalog) - 1;
  return catalog;
}
