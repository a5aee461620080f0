/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A small deterministic generator (xoshiro256**, seeded by splitmix64).
 * Ours rather than GRand so that the demo world stays the same across GLib
 * versions and platforms. */
typedef struct
{
  guint64 s[4];
} CmRng;

void     cm_rng_init    (CmRng   *rng,
                         guint64  seed);
void     cm_rng_fork    (CmRng   *rng,
                         CmRng   *child,
                         guint64  stream);
guint64  cm_rng_next    (CmRng   *rng);
double   cm_rng_double  (CmRng   *rng);
gint64   cm_rng_range   (CmRng   *rng,
                         gint64   lo,
                         gint64   hi);
gboolean cm_rng_chance  (CmRng   *rng,
                         double   probability);
double   cm_rng_normal  (CmRng   *rng,
                         double   mean,
                         double   sd);
guint    cm_rng_weighted (CmRng       *rng,
                          const double *weights,
                          guint         n_weights);

G_END_DECLS
