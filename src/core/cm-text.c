/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gi18n-lib.h>

#include <stdio.h>
#include <string.h>

#include "cm-text.h"

/**
 * cm_text_fold:
 * @text: UTF-8 text, or %NULL
 *
 * Folds @text for searching: decomposed, without combining marks, case-folded
 * and with runs of white space made one space, so that “tlahuac” matches
 * “Tláhuac” and “ÑAÑA” matches “ñaña”. (The tilde of ñ is a mark too; Spanish
 * users search without it as often as with it.)
 *
 * Returns: (transfer full): the folded text
 */
char *
cm_text_fold (const char *text)
{
  g_autofree char *decomposed = NULL;
  g_autofree char *lowered = NULL;
  GString *out;
  gboolean in_space = FALSE;

  if (text == NULL)
    return g_strdup ("");

  lowered = g_utf8_casefold (text, -1);
  decomposed = g_utf8_normalize (lowered, -1, G_NORMALIZE_NFD);
  if (decomposed == NULL) /* invalid UTF-8: fold what we can */
    return g_steal_pointer (&lowered);

  out = g_string_sized_new (strlen (decomposed));
  for (const char *p = decomposed; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      GUnicodeType type = g_unichar_type (c);

      if (type == G_UNICODE_NON_SPACING_MARK ||
          type == G_UNICODE_SPACING_MARK ||
          type == G_UNICODE_ENCLOSING_MARK)
        continue;

      if (g_unichar_isspace (c))
        {
          if (!in_space && out->len > 0)
            g_string_append_c (out, ' ');
          in_space = TRUE;
          continue;
        }

      in_space = FALSE;
      g_string_append_unichar (out, c);
    }

  if (out->len > 0 && out->str[out->len - 1] == ' ')
    g_string_truncate (out, out->len - 1);

  return g_string_free (out, FALSE);
}

/**
 * cm_text_query_words:
 * @query: what a person typed, or %NULL
 *
 * Returns: (transfer full): the folded words of @query, empty when there are none
 */
GStrv
cm_text_query_words (const char *query)
{
  g_autofree char *folded = cm_text_fold (query);

  if (*folded == '\0')
    return g_new0 (char *, 1);

  return g_strsplit (folded, " ", -1);
}

/**
 * cm_text_contains_all:
 * @folded_haystack: text folded with cm_text_fold()
 * @words: words from cm_text_query_words()
 *
 * Returns: %TRUE when every word occurs in the haystack, in any order
 */
gboolean
cm_text_contains_all (const char         *folded_haystack,
                      const char * const *words)
{
  for (guint i = 0; words != NULL && words[i] != NULL; i++)
    if (strstr (folded_haystack, words[i]) == NULL)
      return FALSE;

  return TRUE;
}

/* Groups the digits of @magnitude in threes with commas into @out. */
static void
append_grouped (GString *out,
                guint64  magnitude)
{
  g_autofree char *digits = g_strdup_printf ("%" G_GUINT64_FORMAT, magnitude);
  gsize n = strlen (digits);

  for (gsize i = 0; i < n; i++)
    {
      if (i > 0 && (n - i) % 3 == 0)
        g_string_append_c (out, ',');
      g_string_append_c (out, digits[i]);
    }
}

/**
 * cm_text_format_count:
 * @value: a count
 *
 * Counts are grouped as Mexico groups them (`12,139,466`), like the money
 * beside them, in every locale: glibc's es_MX groups with a thin space,
 * and a published document must read the same on every desk.
 *
 * Returns: (transfer full): @value with its thousands grouped
 */
char *
cm_text_format_count (gint64 value)
{
  GString *out = g_string_new (value < 0 ? "−" : "");

  append_grouped (out, value < 0 ? -(guint64) value : (guint64) value);
  return g_string_free (out, FALSE);
}

/**
 * cm_text_format_money:
 * @cents: an amount in centavos
 *
 * Amounts are pesos, written as Mexico writes pesos (`$1,234.50`), in every
 * locale: glibc's es_MX groups money with a space, which nobody in the
 * programme's documents does, and an English desk still shows pesos.
 *
 * Returns: (transfer full): the amount
 */
char *
cm_text_format_money (gint64 cents)
{
  guint64 magnitude = cents < 0 ? -(guint64) cents : (guint64) cents;
  GString *out = g_string_new (cents < 0 ? "−$" : "$");

  append_grouped (out, magnitude / 100);
  g_string_append_printf (out, ".%02u", (guint) (magnitude % 100));

  return g_string_free (out, FALSE);
}

/**
 * cm_text_programme_timezone:
 *
 * The kitchens' time zone: a report's day and hour are Mexico City's,
 * whatever the zone of the desk that shows them.
 *
 * Returns: (transfer none): America/Mexico_City, or UTC−6 without tzdata
 */
GTimeZone *
cm_text_programme_timezone (void)
{
  static GTimeZone *zone;

  if (g_once_init_enter (&zone))
    {
      GTimeZone *tz = g_time_zone_new_identifier ("America/Mexico_City");

      if (tz == NULL)
        tz = g_time_zone_new_offset (-6 * 3600);
      g_once_init_leave (&zone, tz);
    }

  return zone;
}

/**
 * cm_text_format_time:
 * @iso_utc: (nullable): an ISO 8601 timestamp
 * @iso_date: (out) (optional): the day it falls on in Mexico City, `YYYY-MM-DD`
 *
 * Returns: (transfer full) (nullable): the hour and minute in Mexico City, or
 *   %NULL when @iso_utc is not a timestamp
 */
char *
cm_text_format_time (const char  *iso_utc,
                     char       **iso_date)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;

  if (iso_date != NULL)
    *iso_date = NULL;
  if (iso_utc == NULL || !(utc = g_date_time_new_from_iso8601 (iso_utc, NULL)))
    return NULL;

  local = g_date_time_to_timezone (utc, cm_text_programme_timezone ());
  if (iso_date != NULL)
    *iso_date = g_date_time_format (local, "%Y-%m-%d");
  return g_date_time_format (local, "%H:%M");
}

/**
 * cm_text_parse_date:
 * @iso_date: (nullable): a date as `YYYY-MM-DD` (anything after the day is ignored)
 * @date: (out): the date
 *
 * Returns: %TRUE when @iso_date is a valid date
 */
gboolean
cm_text_parse_date (const char *iso_date,
                    GDate      *date)
{
  int y, m, d;

  g_date_clear (date, 1);
  if (iso_date == NULL || sscanf (iso_date, "%4d-%2d-%2d", &y, &m, &d) != 3)
    return FALSE;
  if (!g_date_valid_dmy (d, m, y))
    return FALSE;

  g_date_set_dmy (date, d, m, y);
  return TRUE;
}

/**
 * cm_text_format_date:
 * @iso_date: a date as `YYYY-MM-DD` (anything after the day is ignored)
 * @with_weekday: whether to name the day of the week
 *
 * Returns: (transfer full) (nullable): the date in the locale's words, or
 *   %NULL when @iso_date is not a date
 */
char *
cm_text_format_date (const char *iso_date,
                     gboolean    with_weekday)
{
  g_autoptr(GDateTime) dt = NULL;
  GDate date;

  if (!cm_text_parse_date (iso_date, &date))
    return NULL;

  dt = g_date_time_new_local (g_date_get_year (&date), g_date_get_month (&date),
                              g_date_get_day (&date), 12, 0, 0);
  /* Day, month's name and the full year in every locale: a two-digit year
   * or a month/day order guessed wrong is how dates get misread. */
  return g_date_time_format (dt, with_weekday ? "%a %-d %b %Y" : "%-d %b %Y");
}

/**
 * cm_text_get_today:
 * @date: (out caller-allocates): where to write the day
 *
 * Today in Mexico City, whatever the zone of the desk: the day rules,
 * due dates and decisions are counted in.
 */
void
cm_text_get_today (GDate *date)
{
  g_autoptr(GDateTime) now = g_date_time_new_now (cm_text_programme_timezone ());

  g_return_if_fail (date != NULL);

  g_date_clear (date, 1);
  g_date_set_dmy (date, (GDateDay) g_date_time_get_day_of_month (now),
                  (GDateMonth) g_date_time_get_month (now), (GDateYear) g_date_time_get_year (now));
}

/**
 * cm_text_month_name:
 * @month: a month, 1 to 12
 *
 * Returns: (transfer none): the month's full name as it is written inside
 *   a sentence (“noviembre”), translated
 */
const char *
cm_text_month_name (guint month)
{
  static const char *names[] = {
    NC_("month name", "January"), NC_("month name", "February"), NC_("month name", "March"),
    NC_("month name", "April"), NC_("month name", "May"), NC_("month name", "June"),
    NC_("month name", "July"), NC_("month name", "August"), NC_("month name", "September"),
    NC_("month name", "October"), NC_("month name", "November"), NC_("month name", "December"),
  };

  g_return_val_if_fail (month >= 1 && month <= 12, "");
  return g_dpgettext2 (GETTEXT_PACKAGE, "month name", names[month - 1]);
}

/**
 * cm_text_format_long_date:
 * @iso_date: a date as `YYYY-MM-DD` (anything after the day is ignored)
 *
 * The date written out as a document states it (“26 de noviembre de 2026”).
 * Month names come from our own translations, not the C library's locale
 * data, so that a published document reads the same on every desk.
 *
 * Returns: (transfer full) (nullable): the date, or %NULL when @iso_date
 *   is not a date
 */
char *
cm_text_format_long_date (const char *iso_date)
{
  GDate date;

  if (!cm_text_parse_date (iso_date, &date))
    return NULL;
  /* Translators: a date in full: month's name, day, year; reorder with %2$d etc. */
  return g_strdup_printf (C_("long date", "%1$s %2$d, %3$d"),
                          cm_text_month_name (g_date_get_month (&date)),
                          g_date_get_day (&date), g_date_get_year (&date));
}
