/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <math.h>
#include <string.h>

#include "cm-canteen.h"
#include "cm-canteen-list.h"
#include "cm-db.h"
#include "cm-test-util.h"

static void
test_list_figures (void)
{
  g_autofree char *dir = cm_test_make_tmp_dir ("test-canteen-list");
  g_autofree char *path = g_build_filename (dir, "list.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(CmDb) db = cm_db_open (path, &error);
  g_autoptr(GListModel) list = NULL;
  g_autoptr(CmCanteen) first = NULL;
  g_autoptr(CmCanteen) second = NULL;
  GDate today;

  g_assert_no_error (error);
  g_assert_true (cm_db_exec (db,
                             "INSERT INTO canteen (id, folio, name, modality, colonia, alcaldia_code, capacity)"
                             " VALUES (1, 'CP002', 'Público Dos', 'publico', 'Centro', '09015', NULL),"
                             "        (2, 'CC001', 'Comedor Uno', 'comunitario', 'Santa Cruz', '09007', 200);"
                             /* The 30 days up to 26 Nov: 27 Oct is out, 28 Oct is in. */
                             "INSERT INTO report (instance_id, canteen_id, folio_sent, report_date, raw) VALUES"
                             "  ('uuid:1', 2, 'CC001', '2026-10-27', '{}'),"
                             "  ('uuid:2', 2, 'CC001', '2026-10-28', '{}'),"
                             "  ('uuid:3', 2, 'CC001', '2026-11-26', '{}'),"
                             "  ('uuid:4', 2, 'CC001', '2026-11-27', '{}'),"
                             "  ('uuid:5', NULL, 'CC009', '2026-11-20', '{}');",
                             &error));
  g_assert_no_error (error);

  g_date_clear (&today, 1);
  g_date_set_dmy (&today, 26, G_DATE_NOVEMBER, 2026);
  list = cm_canteen_list_load (db, &today, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 2);

  /* Ordered by folio, with the alcaldía's name. */
  first = g_list_model_get_item (list, 0);
  second = g_list_model_get_item (list, 1);
  g_assert_cmpstr (cm_canteen_get_folio (first), ==, "CC001");
  g_assert_cmpstr (cm_canteen_get_alcaldia_name (first), ==, "Iztapalapa");
  g_assert_cmpint (cm_canteen_get_capacity (first), ==, 200);
  g_assert_cmpstr (cm_canteen_get_last_report (first), ==, "2026-11-27");
  g_assert_cmpuint (cm_canteen_get_recent_reports (first), ==, 2);
  g_assert_cmpstr (cm_canteen_get_recent_reports_label (first), ==, "2");
  g_assert_cmpstr (cm_canteen_get_status (first), ==, "active");

  g_assert_cmpstr (cm_canteen_get_folio (second), ==, "CP002");
  g_assert_cmpstr (cm_canteen_get_alcaldia_name (second), ==, "Cuauhtémoc");
  g_assert_cmpint (cm_canteen_get_capacity (second), ==, -1);
  g_assert_null (cm_canteen_get_last_report (second));
  g_assert_cmpstr (cm_canteen_get_last_report_label (second), ==, "");
  g_assert_cmpuint (cm_canteen_get_recent_reports (second), ==, 0);
  g_assert_true (isnan (cm_canteen_get_latitude (second)));

  /* The search key folds the alcaldía too. */
  g_assert_nonnull (strstr (cm_canteen_get_search_key (second), "cuauhtemoc"));

  g_clear_object (&db);
  cm_test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/canteen-list/figures", test_list_figures);

  return g_test_run ();
}
