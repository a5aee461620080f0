/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "cm-checks.h"
#include "cm-period.h"
#include "cm-text.h"

G_DEFINE_QUARK (cm-period-error-quark, cm_period_error)

/* A period as long as the programme has records; a typo like `20266`
 * should not make a report of a thousand years. */
#define MAX_MONTHS 240

/**
 * cm_month_index:
 * @month: a month, `YYYY-MM`
 *
 * Returns: its count of months from year 0 (year × 12 + month − 1), or
 *   -1 when @month is not a month
 */
int
cm_month_index (const char *month)
{
  GDate day;

  if (!cm_checks_parse_period (month, &day, NULL))
    return -1;
  return (int) g_date_get_year (&day) * 12 + (int) g_date_get_month (&day) - 1;
}

/**
 * cm_month_write:
 * @index: a count of months from year 0, as cm_month_index() gives
 * @out: (out caller-allocates): where to write the month, `YYYY-MM`
 */
void
cm_month_write (int  index,
                char out[8])
{
  g_snprintf (out, 8, "%04d-%02d", index / 12, index % 12 + 1);
}

static gboolean
parse_year (const char *text,
            int        *year)
{
  if (strlen (text) != 4 || !g_ascii_isdigit (text[0]) || !g_ascii_isdigit (text[1]) ||
      !g_ascii_isdigit (text[2]) || !g_ascii_isdigit (text[3]))
    return FALSE;
  *year = atoi (text);
  return *year >= 1;
}

/* One end of a range, or a period on its own: the first and last month's index. */
static gboolean
parse_part (const char *text,
            int        *first,
            int        *last)
{
  char year_text[5];
  int year;

  if (parse_year (text, &year))
    {
      *first = year * 12;
      *last = year * 12 + 11;
      return TRUE;
    }
  if (strlen (text) == 7 && text[4] == '-' && (text[5] == 'T' || text[5] == 'Q' ||
                                                text[5] == 't' || text[5] == 'q') &&
      text[6] >= '1' && text[6] <= '4')
    {
      memcpy (year_text, text, 4);
      year_text[4] = '\0';
      if (!parse_year (year_text, &year))
        return FALSE;
      *first = year * 12 + (text[6] - '1') * 3;
      *last = *first + 2;
      return TRUE;
    }
  *first = *last = cm_month_index (text);
  return *first >= 0;
}

/**
 * cm_period_parse:
 * @text: a period as a person writes it (see cm-period.h)
 * @period: (out caller-allocates): where to write it
 * @error: return location for a #GError
 *
 * Returns: %TRUE when @text is a period
 */
gboolean
cm_period_parse (const char  *text,
                 CmPeriod    *period,
                 GError     **error)
{
  g_auto(GStrv) ends = NULL;
  g_autofree char *trimmed = NULL;
  int first, last, unused;

  g_return_val_if_fail (period != NULL, FALSE);

  trimmed = g_strstrip (g_strdup (text != NULL ? text : ""));
  ends = g_strsplit (trimmed, "..", 2);
  if (ends[0] == NULL ||
      !parse_part (g_strstrip (ends[0]), &first, &last) ||
      (ends[1] != NULL && !parse_part (g_strstrip (ends[1]), &unused, &last)) ||
      last < first || last - first >= MAX_MONTHS)
    {
      g_set_error (error, CM_PERIOD_ERROR, CM_PERIOD_ERROR_INVALID,
                   /* Translators: %s is what the person wrote */
                   _("“%s” is not a period: write a month (2026-10), a quarter (2026-T3), "
                     "a year (2026) or two of them joined by “..” (2026-01..2026-06)."),
                   trimmed);
      return FALSE;
    }

  cm_month_write (first, period->first_month);
  cm_month_write (last, period->last_month);
  return TRUE;
}

/**
 * cm_period_set_months:
 * @period: (out caller-allocates): the period to set
 * @first_month: its first month, `YYYY-MM`
 * @last_month: its last month, `YYYY-MM`, not before @first_month
 */
void
cm_period_set_months (CmPeriod   *period,
                      const char *first_month,
                      const char *last_month)
{
  g_return_if_fail (period != NULL);
  g_return_if_fail (cm_month_index (first_month) >= 0);
  g_return_if_fail (cm_month_index (last_month) >= cm_month_index (first_month));

  g_strlcpy (period->first_month, first_month, sizeof period->first_month);
  g_strlcpy (period->last_month, last_month, sizeof period->last_month);
}

void
cm_period_get_first_day (const CmPeriod *period,
                         GDate          *day)
{
  if (!cm_checks_parse_period (period->first_month, day, NULL))
    g_return_if_reached ();
}

void
cm_period_get_last_day (const CmPeriod *period,
                        GDate          *day)
{
  if (!cm_checks_parse_period (period->last_month, NULL, day))
    g_return_if_reached ();
}

guint
cm_period_get_n_months (const CmPeriod *period)
{
  return (guint) (cm_month_index (period->last_month) - cm_month_index (period->first_month) + 1);
}

gboolean
cm_period_contains_month (const CmPeriod *period,
                          const char     *month)
{
  return g_strcmp0 (month, period->first_month) >= 0 && g_strcmp0 (month, period->last_month) <= 0;
}

/**
 * cm_period_to_string:
 * @period: a period
 *
 * Returns: (transfer full): the period in the shortest form
 *   cm_period_parse() reads back: `2026-10`, `2026-T3`, `2026` or a range
 */
char *
cm_period_to_string (const CmPeriod *period)
{
  int first = cm_month_index (period->first_month);
  int last = cm_month_index (period->last_month);

  if (first == last)
    return g_strdup (period->first_month);
  if (first % 12 == 0 && last == first + 11)
    return g_strdup_printf ("%04d", first / 12);
  if (first % 3 == 0 && last == first + 2)
    return g_strdup_printf ("%04d-T%d", first / 12, first % 12 / 3 + 1);
  return g_strdup_printf ("%s..%s", period->first_month, period->last_month);
}

/**
 * cm_period_get_label:
 * @period: a period
 *
 * Returns: (transfer full): the period in words (“octubre de 2026”,
 *   “enero a marzo de 2026”, “año 2026”), translated
 */
char *
cm_period_get_label (const CmPeriod *period)
{
  int first = cm_month_index (period->first_month);
  int last = cm_month_index (period->last_month);

  if (first == last)
    /* Translators: a month's name, then its year */
    return g_strdup_printf (C_("period", "%s %d"), cm_text_month_name (first % 12 + 1), first / 12);
  if (first % 12 == 0 && last == first + 11)
    /* Translators: a whole year as a report's period */
    return g_strdup_printf (C_("period", "Year %d"), first / 12);
  if (first / 12 == last / 12)
    /* Translators: a range of months within one year: first month, last month, year */
    return g_strdup_printf (C_("period", "%s to %s %d"), cm_text_month_name (first % 12 + 1),
                            cm_text_month_name (last % 12 + 1), first / 12);
  /* Translators: a range of months across years: month, year, month, year */
  return g_strdup_printf (C_("period", "%s %d to %s %d"), cm_text_month_name (first % 12 + 1),
                          first / 12, cm_text_month_name (last % 12 + 1), last / 12);
}
