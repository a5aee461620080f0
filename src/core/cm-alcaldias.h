/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The 16 alcaldías of Mexico City, the facts the programme starts from. */
typedef struct
{
  const char *code;        /* INEGI cvegeo */
  const char *name;        /* INEGI nomgeo */
  double      latitude;    /* centroid */
  double      longitude;
  guint       kitchens;    /* about how many community kitchens it had in 2021 */
  double      spread_km;   /* how far from the centroid its kitchens lie */
} CmAlcaldiaInfo;

const CmAlcaldiaInfo *cm_alcaldias_get_all        (guint      *n_alcaldias);
const CmAlcaldiaInfo *cm_alcaldias_find_by_code   (const char *code);
const CmAlcaldiaInfo *cm_alcaldias_find_by_name   (const char *name);

G_END_DECLS
