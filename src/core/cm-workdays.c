/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "cm-workdays.h"

/* The day of the month of the nth Monday of a month. */
static guint
nth_monday (GDateYear  year,
            GDateMonth month,
            guint      nth)
{
  GDate first;
  guint offset;

  g_date_clear (&first, 1);
  g_date_set_dmy (&first, 1, month, year);
  offset = (G_DATE_MONDAY - g_date_get_weekday (&first) + 7) % 7;

  return 1 + offset + 7 * (nth - 1);
}

/**
 * cm_workdays_holiday_name:
 * @date: a valid date
 *
 * The mandatory rest days of the Ley Federal del Trabajo, article 74, as they
 * stood in @date's year: the kitchens do not open on them.
 *
 * Returns: (nullable): the holiday's translated name, or %NULL
 */
const char *
cm_workdays_holiday_name (const GDate *date)
{
  GDateYear y;
  GDateMonth m;
  GDateDay d;

  g_return_val_if_fail (date != NULL && g_date_valid (date), NULL);

  y = g_date_get_year (date);
  m = g_date_get_month (date);
  d = g_date_get_day (date);

  if (m == G_DATE_JANUARY && d == 1)
    return _("New Year’s Day");
  if (m == G_DATE_MAY && d == 1)
    return _("Labour Day");
  if (m == G_DATE_SEPTEMBER && d == 16)
    return _("Independence Day");
  if (m == G_DATE_DECEMBER && d == 25)
    return _("Christmas Day");

  /* Since 2006 three of them fall on a Monday rather than a fixed date. */
  if (y >= 2006)
    {
      if (m == G_DATE_FEBRUARY && d == nth_monday (y, m, 1))
        return _("Constitution Day");
      if (m == G_DATE_MARCH && d == nth_monday (y, m, 3))
        return _("Benito Juárez’s Birthday");
      if (m == G_DATE_NOVEMBER && d == nth_monday (y, m, 3))
        return _("Revolution Day");
    }
  else
    {
      if (m == G_DATE_FEBRUARY && d == 5)
        return _("Constitution Day");
      if (m == G_DATE_MARCH && d == 21)
        return _("Benito Juárez’s Birthday");
      if (m == G_DATE_NOVEMBER && d == 20)
        return _("Revolution Day");
    }

  /* The day a new President takes office, every six years: 1 December until
   * 2018, 1 October from 2024. */
  if (y % 6 == 2 && y <= 2018 && m == G_DATE_DECEMBER && d == 1)
    return _("Presidential Inauguration");
  if (y % 6 == 2 && y >= 2024 && m == G_DATE_OCTOBER && d == 1)
    return _("Presidential Inauguration");

  return NULL;
}

gboolean
cm_workdays_is_holiday (const GDate *date)
{
  return cm_workdays_holiday_name (date) != NULL;
}

/**
 * cm_workdays_is_operating_day:
 * @date: a valid date
 *
 * Returns: %TRUE on the days a kitchen serves: Monday to Friday, not on holidays
 */
gboolean
cm_workdays_is_operating_day (const GDate *date)
{
  GDateWeekday wd;

  g_return_val_if_fail (date != NULL && g_date_valid (date), FALSE);

  wd = g_date_get_weekday (date);
  if (wd == G_DATE_SATURDAY || wd == G_DATE_SUNDAY)
    return FALSE;

  return !cm_workdays_is_holiday (date);
}

/**
 * cm_workdays_count:
 * @first: the first day
 * @last: the last day, included
 *
 * Returns: the number of operating days from @first to @last
 */
guint
cm_workdays_count (const GDate *first,
                   const GDate *last)
{
  GDate day = *first;
  guint count = 0;

  while (g_date_compare (&day, last) <= 0)
    {
      if (cm_workdays_is_operating_day (&day))
        count++;
      g_date_add_days (&day, 1);
    }

  return count;
}
