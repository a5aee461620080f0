/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "cm-db.h"
#include "cm-document.h"
#include "cm-manifest.h"
#include "cm-period.h"
#include "cm-publication.h"

G_BEGIN_DECLS

/* A kitchen's compliance report for a period: identity, committee, the
 * period's figures month by month, every automatic rule's result with its
 * evidence, the latest signed review with its checklist, findings,
 * sanctions and signature lines. */

CmDocument *cm_kitchen_report_build (CmDb                       *db,
                                     const CmPublicationOptions *options,
                                     CmManifest                **manifest,
                                     GError                    **error);

G_END_DECLS
