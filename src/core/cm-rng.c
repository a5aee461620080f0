/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <math.h>

#include "cm-rng.h"

static guint64
splitmix64 (guint64 *state)
{
  guint64 z = (*state += G_GUINT64_CONSTANT (0x9e3779b97f4a7c15));

  z = (z ^ (z >> 30)) * G_GUINT64_CONSTANT (0xbf58476d1ce4e5b9);
  z = (z ^ (z >> 27)) * G_GUINT64_CONSTANT (0x94d049bb133111eb);
  return z ^ (z >> 31);
}

static inline guint64
rotl (guint64 x,
      int     k)
{
  return (x << k) | (x >> (64 - k));
}

/**
 * cm_rng_init:
 * @rng: the generator
 * @seed: any value; the same seed gives the same sequence everywhere
 */
void
cm_rng_init (CmRng   *rng,
             guint64  seed)
{
  guint64 state = seed;

  for (guint i = 0; i < 4; i++)
    rng->s[i] = splitmix64 (&state);
}

/**
 * cm_rng_fork:
 * @rng: the parent generator, left unchanged
 * @child: the generator to initialise
 * @stream: a number that names the child (a kitchen's index, say)
 *
 * Derives an independent generator, so that one kitchen's draws do not shift
 * when another kitchen draws more or less.
 */
void
cm_rng_fork (CmRng   *rng,
             CmRng   *child,
             guint64  stream)
{
  cm_rng_init (child, rng->s[0] ^ rotl (rng->s[2], 17) ^ (stream * G_GUINT64_CONSTANT (0xd1342543de82ef95)));
}

guint64
cm_rng_next (CmRng *rng)
{
  guint64 *s = rng->s;
  guint64 result = rotl (s[1] * 5, 7) * 9;
  guint64 t = s[1] << 17;

  s[2] ^= s[0];
  s[3] ^= s[1];
  s[1] ^= s[2];
  s[0] ^= s[3];
  s[2] ^= t;
  s[3] = rotl (s[3], 45);

  return result;
}

/* Uniform in [0, 1). */
double
cm_rng_double (CmRng *rng)
{
  return (cm_rng_next (rng) >> 11) * 0x1.0p-53;
}

/* Uniform in [lo, hi], both included. */
gint64
cm_rng_range (CmRng  *rng,
              gint64  lo,
              gint64  hi)
{
  guint64 span;

  g_return_val_if_fail (lo <= hi, lo);

  span = (guint64) (hi - lo) + 1;
  if (span == 0)
    return (gint64) cm_rng_next (rng);

  return lo + (gint64) (cm_rng_next (rng) % span);
}

gboolean
cm_rng_chance (CmRng  *rng,
               double  probability)
{
  return cm_rng_double (rng) < probability;
}

/* Box–Muller; one draw per call keeps the sequence simple to reason about. */
double
cm_rng_normal (CmRng  *rng,
               double  mean,
               double  sd)
{
  double u1 = 1.0 - cm_rng_double (rng);
  double u2 = cm_rng_double (rng);

  return mean + sd * sqrt (-2.0 * log (u1)) * cos (2.0 * G_PI * u2);
}

/* An index drawn with probability proportional to its weight. */
guint
cm_rng_weighted (CmRng        *rng,
                 const double *weights,
                 guint         n_weights)
{
  double total = 0, pick;

  g_return_val_if_fail (n_weights > 0, 0);

  for (guint i = 0; i < n_weights; i++)
    total += weights[i];

  pick = cm_rng_double (rng) * total;
  for (guint i = 0; i < n_weights; i++)
    {
      if (pick < weights[i])
        return i;
      pick -= weights[i];
    }

  return n_weights - 1;
}
