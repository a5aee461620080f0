/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "cm-db.h"
#include "cm-document.h"
#include "cm-manifest.h"
#include "cm-period.h"
#include "cm-rulebook.h"

G_BEGIN_DECLS

/* What every published document states about where its figures come
 * from: when the data was pulled and the rulebook the checks ran under. */
typedef struct
{
  char  *data_pulled;        /* UTC ISO 8601, or NULL when the database has no reports */
  GDate  data_day;           /* its day in Mexico City (or the period's last day) */
  CmRulebook *rulebook;      /* the one in use: the checks ran under it */
} CmProvenance;

gboolean    _cm_provenance_load   (CmProvenance   *provenance,
                                   CmDb           *db,
                                   const CmPeriod *period,
                                   const char     *data_pulled,
                                   GError        **error);
void        _cm_provenance_clear  (CmProvenance   *provenance);
char       *_cm_provenance_footer (const CmProvenance *provenance,
                                   const CmPeriod     *period);
void        _cm_provenance_sign   (const CmProvenance *provenance,
                                   CmManifest         *manifest,
                                   const CmPeriod     *period,
                                   CmPaper             paper);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CmProvenance, _cm_provenance_clear)

G_END_DECLS
