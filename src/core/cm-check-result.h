/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "cm-checks.h"
#include "cm-db.h"

G_BEGIN_DECLS

/* One stored result of an automatic rule for a kitchen and month, as
 * cm_checks_update() wrote it, with its evidence (JSON: "check", then what
 * a person needs to verify it: days, report and instance ids, values
 * expected and found). */

#define CM_TYPE_CHECK_RESULT (cm_check_result_get_type ())
G_DECLARE_FINAL_TYPE (CmCheckResult, cm_check_result, CM, CHECK_RESULT, GObject)

gint64          cm_check_result_get_canteen_id  (CmCheckResult *self);  /* 0: reports of no kitchen */
const char     *cm_check_result_get_period      (CmCheckResult *self);
const char     *cm_check_result_get_rule_code   (CmCheckResult *self);
CmCheckOutcome  cm_check_result_get_outcome     (CmCheckResult *self);
gint64          cm_check_result_get_failures    (CmCheckResult *self);
const char     *cm_check_result_get_evidence    (CmCheckResult *self);
gint64          cm_check_result_get_rulebook_id (CmCheckResult *self);
const char     *cm_check_result_get_computed_at (CmCheckResult *self);
char           *cm_check_result_describe        (CmCheckResult *self);

/* Results of @canteen_id (0: of no kitchen; -1: of every kitchen) from
 * @first_period to @last_period, by kitchen, month and rule code. */
GPtrArray      *cm_check_result_load            (CmDb          *db,
                                                 gint64         canteen_id,
                                                 const char    *first_period,
                                                 const char    *last_period,
                                                 GError       **error);

/* A kitchen's verdict for a month (check_verdict). */
typedef struct
{
  gint64    canteen_id;
  char     *folio;
  char     *name;
  char      period[8];
  CmVerdict verdict;
  guint     failed_rules;
  int       worst_severity;   /* a CmRuleSeverity, or -1 when nothing failed */
  guint     due_days;
  guint     reports;
} CmCheckVerdict;

void        cm_check_verdict_free  (CmCheckVerdict *verdict);
/* Verdicts of @canteen_id (-1: every kitchen) from @first_period to
 * @last_period, by folio and month. */
GPtrArray  *cm_check_verdict_load  (CmDb         *db,
                                    gint64        canteen_id,
                                    const char   *first_period,
                                    const char   *last_period,
                                    GError      **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CmCheckVerdict, cm_check_verdict_free)

G_END_DECLS
