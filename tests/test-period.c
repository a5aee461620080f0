/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <locale.h>

#include "cm-period.h"
#include "cm-text.h"

static void
assert_period (const char *text,
               const char *first,
               const char *last,
               const char *canonical)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *back = NULL;
  CmPeriod period;

  g_assert_true (cm_period_parse (text, &period, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (period.first_month, ==, first);
  g_assert_cmpstr (period.last_month, ==, last);
  back = cm_period_to_string (&period);
  g_assert_cmpstr (back, ==, canonical);
}

static void
test_parse (void)
{
  const char *bad[] = { "", "2026-13", "202", "2026-T5", "2026-06..2026-01", "octubre",
                        "2026-01..", "1000..2026", "2026-10-01" };
  CmPeriod period;
  GDate day;

  assert_period ("2026-10", "2026-10", "2026-10", "2026-10");
  assert_period (" 2026 ", "2026-01", "2026-12", "2026");
  assert_period ("2026-T3", "2026-07", "2026-09", "2026-T3");
  assert_period ("2026-q1", "2026-01", "2026-03", "2026-T1");
  assert_period ("2025-11..2026-02", "2025-11", "2026-02", "2025-11..2026-02");
  assert_period ("2025..2026-T1", "2025-01", "2026-03", "2025-01..2026-03");

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (cm_period_parse (bad[i], &period, &error));
      g_assert_error (error, CM_PERIOD_ERROR, CM_PERIOD_ERROR_INVALID);
    }

  g_assert_true (cm_period_parse ("2024-02", &period, NULL));
  cm_period_get_last_day (&period, &day);
  g_assert_cmpuint (g_date_get_day (&day), ==, 29);
  g_assert_cmpuint (cm_period_get_n_months (&period), ==, 1);
  g_assert_true (cm_period_parse ("2025-11..2026-02", &period, NULL));
  g_assert_cmpuint (cm_period_get_n_months (&period), ==, 4);
  g_assert_true (cm_period_contains_month (&period, "2026-01"));
  g_assert_false (cm_period_contains_month (&period, "2026-03"));
}

static void
test_labels (void)
{
  g_autofree char *date = cm_text_format_long_date ("2026-11-26T10:00:00Z");
  g_autofree char *month = NULL;
  g_autofree char *year = NULL;
  g_autofree char *range = NULL;
  g_autofree char *across = NULL;
  CmPeriod period;

  /* Untranslated: the English forms the translations start from. */
  g_assert_cmpstr (date, ==, "November 26, 2026");
  g_assert_null (cm_text_format_long_date ("2026-02-30"));

  g_assert_true (cm_period_parse ("2026-10", &period, NULL));
  month = cm_period_get_label (&period);
  g_assert_cmpstr (month, ==, "October 2026");
  g_assert_true (cm_period_parse ("2026", &period, NULL));
  year = cm_period_get_label (&period);
  g_assert_cmpstr (year, ==, "Year 2026");
  g_assert_true (cm_period_parse ("2026-T1", &period, NULL));
  range = cm_period_get_label (&period);
  g_assert_cmpstr (range, ==, "January to March 2026");
  g_assert_true (cm_period_parse ("2025-12..2026-01", &period, NULL));
  across = cm_period_get_label (&period);
  g_assert_cmpstr (across, ==, "December 2025 to January 2026");
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/period/parse", test_parse);
  g_test_add_func ("/period/labels", test_labels);

  return g_test_run ();
}
