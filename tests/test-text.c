/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <locale.h>

#include "cm-alcaldias.h"
#include "cm-text.h"

static void
test_fold_accents_and_case (void)
{
  g_autofree char *a = cm_text_fold ("Tláhuac");
  g_autofree char *b = cm_text_fold ("TLAHUAC");
  g_autofree char *c = cm_text_fold ("  Álvaro   Obregón ");
  g_autofree char *d = cm_text_fold ("Peñón de los Baños");
  g_autofree char *e = cm_text_fold (NULL);

  g_assert_cmpstr (a, ==, "tlahuac");
  g_assert_cmpstr (b, ==, "tlahuac");
  g_assert_cmpstr (c, ==, "alvaro obregon");
  g_assert_cmpstr (d, ==, "penon de los banos");
  g_assert_cmpstr (e, ==, "");
}

static void
test_query_words (void)
{
  g_auto(GStrv) words = cm_text_query_words ("  San  MIGUEL ");
  g_auto(GStrv) none = cm_text_query_words ("   ");
  g_autofree char *haystack = cm_text_fold ("CC123 Comedor San Miguel Teotongo");
  g_auto(GStrv) other = cm_text_query_words ("miguel xochimilco");
  g_auto(GStrv) folio = cm_text_query_words ("cc123");

  g_assert_cmpuint (g_strv_length (words), ==, 2);
  g_assert_cmpstr (words[0], ==, "san");
  g_assert_cmpstr (words[1], ==, "miguel");
  g_assert_cmpuint (g_strv_length (none), ==, 0);

  g_assert_true (cm_text_contains_all (haystack, (const char * const *) words));
  g_assert_true (cm_text_contains_all (haystack, (const char * const *) none));
  g_assert_true (cm_text_contains_all (haystack, (const char * const *) folio));
  g_assert_false (cm_text_contains_all (haystack, (const char * const *) other));
}

static void
test_parse_date (void)
{
  GDate date;

  g_assert_true (cm_text_parse_date ("2024-02-29", &date));
  g_assert_cmpint (g_date_get_day (&date), ==, 29);
  g_assert_true (cm_text_parse_date ("2026-11-26T17:00:00Z", &date));
  g_assert_false (cm_text_parse_date ("2023-02-29", &date));
  g_assert_false (cm_text_parse_date ("26/11/2026", &date));
  g_assert_false (cm_text_parse_date (NULL, &date));
}

static void
test_money (void)
{
  g_autofree char *a = cm_text_format_money (123450);
  g_autofree char *b = cm_text_format_money (5);
  g_autofree char *c = cm_text_format_money (-1100);
  g_autofree char *d = cm_text_format_money (123456789012);

  g_assert_cmpstr (a, ==, "$1,234.50");
  g_assert_cmpstr (b, ==, "$0.05");
  g_assert_cmpstr (c, ==, "−$11.00");
  g_assert_cmpstr (d, ==, "$1,234,567,890.12");
}

static void
test_money_spanish (void)
{
  g_autofree char *a = NULL;
  char *previous = g_strdup (setlocale (LC_ALL, NULL));

  if (setlocale (LC_ALL, "es_MX.UTF-8") == NULL)
    {
      g_test_skip ("the es_MX.UTF-8 locale is not installed");
      g_free (previous);
      return;
    }

  a = cm_text_format_money (123450);
  setlocale (LC_ALL, previous);
  g_free (previous);
  g_assert_cmpstr (a, ==, "$1,234.50");
}

static void
test_programme_time (void)
{
  g_autofree char *day = NULL;
  g_autofree char *time = cm_text_format_time ("2026-11-26T01:30:00.000Z", &day);
  g_autofree char *none = cm_text_format_time ("yesterday", NULL);

  /* 01:30 UTC is 19:30 of the day before in Mexico City, whatever the
   * desk's own zone. */
  g_assert_cmpstr (time, ==, "19:30");
  g_assert_cmpstr (day, ==, "2026-11-25");
  g_assert_null (none);
}

static void
test_alcaldia_names (void)
{
  const CmAlcaldiaInfo *info;
  guint n;

  cm_alcaldias_get_all (&n);
  g_assert_cmpuint (n, ==, 16);

  info = cm_alcaldias_find_by_name ("Cuajimalpa");
  g_assert_nonnull (info);
  g_assert_cmpstr (info->code, ==, "09004");
  info = cm_alcaldias_find_by_name ("magdalena contreras");
  g_assert_cmpstr (info->code, ==, "09008");
  info = cm_alcaldias_find_by_name ("ALVARO OBREGON");
  g_assert_cmpstr (info->code, ==, "09010");
  g_assert_null (cm_alcaldias_find_by_name ("Ecatepec"));
  g_assert_cmpstr (cm_alcaldias_find_by_code ("09007")->name, ==, "Iztapalapa");
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/text/fold", test_fold_accents_and_case);
  g_test_add_func ("/text/query-words", test_query_words);
  g_test_add_func ("/text/parse-date", test_parse_date);
  g_test_add_func ("/text/money", test_money);
  g_test_add_func ("/text/money-spanish", test_money_spanish);
  g_test_add_func ("/text/programme-time", test_programme_time);
  g_test_add_func ("/text/alcaldia-names", test_alcaldia_names);

  return g_test_run ();
}
