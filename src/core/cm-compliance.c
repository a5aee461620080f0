/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "cm-compliance"

#include "config.h"

#include "cm-compliance.h"
#include "cm-finding.h"
#include "cm-text.h"

/**
 * cm_compliance_update:
 * @db: the database
 * @stats: (out) (optional): what the checks evaluated
 * @findings_closed: (out) (optional): findings closed by a passing check
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * What every change of data is followed by, after a sync, an import or the
 * demo: the automatic checks of what changed, under the rulebook in use,
 * and then the findings that a later month's passing check closes.
 * Blocks: run it in a worker thread.
 *
 * Returns: %TRUE on success
 */
gboolean
cm_compliance_update (CmDb           *db,
                      CmChecksStats  *stats,
                      guint          *findings_closed,
                      GCancellable   *cancellable,
                      GError        **error)
{
  CmChecksStats local_stats;
  guint closed = 0;
  GDate today;

  g_return_val_if_fail (CM_IS_DB (db), FALSE);

  if (!cm_checks_update_with_stats (db, NULL, stats ? stats : &local_stats, cancellable, error))
    return FALSE;

  cm_text_get_today (&today);
  if (!cm_findings_update_from_checks (db, &today, &closed, error))
    return FALSE;

  if (findings_closed != NULL)
    *findings_closed = closed;
  return TRUE;
}
