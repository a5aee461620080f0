/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Samples, in any unit; the summaries sort a copy. */
typedef struct
{
  double min;
  double median;
  double p95;
  double max;
  guint  n;
} BenchSummary;

void     bench_summarize      (GArray       *samples,
                               BenchSummary *summary);
void     bench_print          (const char   *name,
                               const char   *format,
                               double        value);
void     bench_print_int      (const char   *name,
                               gint64        value);
void     bench_print_text     (const char   *name,
                               const char   *value);
gint64   bench_self_rss_kb    (void);
gint64   bench_parse_kb       (const char   *text,
                               const char   *field);

G_END_DECLS
