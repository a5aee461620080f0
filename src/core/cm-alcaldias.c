/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <string.h>

#include "cm-alcaldias.h"
#include "cm-text.h"

/* Centroids from DESIGN.md; counts follow the 2021 programme (about 445
 * kitchens, most in Iztapalapa and Gustavo A. Madero). The migration that
 * creates the alcaldia table inserts the same rows. */
static const CmAlcaldiaInfo alcaldias[] = {
  { "09002", "Azcapotzalco",           19.4853, -99.1821, 16, 2.6 },
  { "09003", "Coyoacán",               19.3267, -99.1504, 25, 2.8 },
  { "09004", "Cuajimalpa de Morelos",  19.3246, -99.3107, 12, 2.6 },
  { "09005", "Gustavo A. Madero",      19.5041, -99.1159, 56, 3.6 },
  { "09006", "Iztacalco",              19.3969, -99.0943, 14, 1.8 },
  { "09007", "Iztapalapa",             19.3492, -99.0568, 83, 4.0 },
  { "09008", "La Magdalena Contreras", 19.2690, -99.2684, 18, 2.2 },
  { "09009", "Milpa Alta",             19.1395, -99.0511, 20, 4.2 },
  { "09010", "Álvaro Obregón",         19.3362, -99.2468, 38, 3.0 },
  { "09011", "Tláhuac",                19.2770, -99.0028, 25, 2.8 },
  { "09012", "Tlalpan",                19.1983, -99.2062, 45, 4.5 },
  { "09013", "Xochimilco",             19.2451, -99.0904, 40, 3.6 },
  { "09014", "Benito Juárez",          19.3806, -99.1611,  5, 1.8 },
  { "09015", "Cuauhtémoc",             19.4314, -99.1491, 18, 2.0 },
  { "09016", "Miguel Hidalgo",         19.4281, -99.2046, 10, 2.4 },
  { "09017", "Venustiano Carranza",    19.4305, -99.0931, 18, 2.0 },
};

/* Names people write for an alcaldía besides INEGI's. */
static const struct { const char *alias; const char *code; } aliases[] = {
  { "cuajimalpa", "09004" },
  { "magdalena contreras", "09008" },
  { "gam", "09005" },
  { "gustavo a madero", "09005" },
  { "gustavo a. madero", "09005" },
};

/**
 * cm_alcaldias_get_all:
 * @n_alcaldias: (out): set to 16
 *
 * Returns: (transfer none) (array length=n_alcaldias): the alcaldías, by code
 */
const CmAlcaldiaInfo *
cm_alcaldias_get_all (guint *n_alcaldias)
{
  *n_alcaldias = G_N_ELEMENTS (alcaldias);
  return alcaldias;
}

const CmAlcaldiaInfo *
cm_alcaldias_find_by_code (const char *code)
{
  for (guint i = 0; code != NULL && i < G_N_ELEMENTS (alcaldias); i++)
    if (strcmp (alcaldias[i].code, code) == 0)
      return &alcaldias[i];

  return NULL;
}

/**
 * cm_alcaldias_find_by_name:
 * @name: a name as people write it: any case, with or without accents,
 *   “Cuajimalpa” or “Cuajimalpa de Morelos”
 *
 * Returns: (nullable) (transfer none): the alcaldía, or %NULL
 */
const CmAlcaldiaInfo *
cm_alcaldias_find_by_name (const char *name)
{
  g_autofree char *folded = cm_text_fold (name);

  for (guint i = 0; i < G_N_ELEMENTS (alcaldias); i++)
    {
      g_autofree char *candidate = cm_text_fold (alcaldias[i].name);
      if (strcmp (candidate, folded) == 0)
        return &alcaldias[i];
    }

  for (guint i = 0; i < G_N_ELEMENTS (aliases); i++)
    if (strcmp (aliases[i].alias, folded) == 0)
      return cm_alcaldias_find_by_code (aliases[i].code);

  return NULL;
}
