/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "cm-workdays.h"

static gboolean
holiday (int y, int m, int d)
{
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, d, m, y);
  return cm_workdays_is_holiday (&date);
}

static void
test_holidays (void)
{
  /* Fixed dates. */
  g_assert_true (holiday (2021, 1, 1));
  g_assert_true (holiday (2021, 5, 1));
  g_assert_true (holiday (2021, 9, 16));
  g_assert_true (holiday (2021, 12, 25));
  /* Mondays: 1 Feb 2021, 15 Mar 2021, 15 Nov 2021; 2 Feb 2026, 16 Mar 2026, 16 Nov 2026. */
  g_assert_true (holiday (2021, 2, 1));
  g_assert_true (holiday (2021, 3, 15));
  g_assert_true (holiday (2021, 11, 15));
  g_assert_true (holiday (2026, 2, 2));
  g_assert_true (holiday (2026, 3, 16));
  g_assert_true (holiday (2026, 11, 16));
  g_assert_false (holiday (2026, 2, 5));
  g_assert_false (holiday (2026, 3, 21));
  g_assert_false (holiday (2026, 11, 20));
  /* Before 2006 they were fixed. */
  g_assert_true (holiday (2005, 3, 21));
  /* Inauguration: 1 Dec 2018, 1 Oct 2024; not 1 Dec 2024 nor 1 Oct 2025. */
  g_assert_true (holiday (2018, 12, 1));
  g_assert_true (holiday (2024, 10, 1));
  g_assert_false (holiday (2024, 12, 1));
  g_assert_false (holiday (2025, 10, 1));
  g_assert_false (holiday (2021, 7, 14));
}

static void
test_operating_days (void)
{
  GDate first, last;

  g_date_clear (&first, 1);
  g_date_clear (&last, 1);

  /* November 2026: 21 weekdays, minus Monday 16 November. */
  g_date_set_dmy (&first, 1, 11, 2026);
  g_date_set_dmy (&last, 30, 11, 2026);
  g_assert_cmpuint (cm_workdays_count (&first, &last), ==, 20);

  /* 2021: 261 weekdays, minus the five holidays on weekdays
   * (1 Jan Fri, 1 Feb, 15 Mar, 16 Sep Thu, 15 Nov; 1 May and 25 Dec are Saturdays). */
  g_date_set_dmy (&first, 1, 1, 2021);
  g_date_set_dmy (&last, 31, 12, 2021);
  g_assert_cmpuint (cm_workdays_count (&first, &last), ==, 256);

  g_date_set_dmy (&first, 28, 11, 2026); /* a Saturday */
  g_assert_false (cm_workdays_is_operating_day (&first));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/workdays/holidays", test_holidays);
  g_test_add_func ("/workdays/operating-days", test_operating_days);

  return g_test_run ();
}
