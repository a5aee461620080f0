/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench-common.h"

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return (x > y) - (x < y);
}

/* Median of an even count is the mean of the middle two; p95 is the
 * nearest rank, so with few samples it is the largest. */
void
bench_summarize (GArray       *samples,
                 BenchSummary *summary)
{
  g_autoptr(GArray) sorted = NULL;
  const double *v;
  guint n, rank;

  g_assert (samples != NULL && summary != NULL);

  memset (summary, 0, sizeof *summary);
  n = samples->len;
  if (n == 0)
    return;

  sorted = g_array_sized_new (FALSE, FALSE, sizeof (double), n);
  g_array_append_vals (sorted, samples->data, n);
  g_array_sort (sorted, compare_doubles);
  v = (const double *) sorted->data;

  rank = (guint) ((95 * n + 99) / 100);   /* ceil (0.95 n) */
  summary->n = n;
  summary->min = v[0];
  summary->max = v[n - 1];
  summary->median = n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
  summary->p95 = v[MAX (rank, 1) - 1];
}

/* The figures are "name: value" lines on stdout, flushed as they come so
 * that a long run shows its progress. */
void
bench_print (const char *name,
             const char *format,
             double      value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  g_ascii_formatd (buffer, sizeof buffer, format, value);
  printf ("%s: %s\n", name, buffer);
  fflush (stdout);
}

void
bench_print_int (const char *name,
                 gint64      value)
{
  printf ("%s: %" G_GINT64_FORMAT "\n", name, value);
  fflush (stdout);
}

void
bench_print_text (const char *name,
                  const char *value)
{
  printf ("%s: %s\n", name, value);
  fflush (stdout);
}

/* The number after @field ("VmRSS:") in a /proc status text, in kB; -1
 * when it is not there. */
gint64
bench_parse_kb (const char *text,
                const char *field)
{
  const char *p;

  if (text == NULL || (p = strstr (text, field)) == NULL)
    return -1;

  return g_ascii_strtoll (p + strlen (field), NULL, 10);
}

gint64
bench_self_rss_kb (void)
{
  g_autofree char *status = NULL;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return -1;

  return bench_parse_kb (status, "VmRSS:");
}
