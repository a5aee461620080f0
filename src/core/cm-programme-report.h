/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "cm-db.h"
#include "cm-document.h"
#include "cm-manifest.h"
#include "cm-period.h"
#include "cm-publication.h"

G_BEGIN_DECLS

/* The programme report for a period: kitchens by status and alcaldía,
 * rations and spending per month, the compliance distribution, kitchens
 * with findings or sanctions, missing reports, and a note on method. */

CmDocument *cm_programme_report_build (CmDb                       *db,
                                       const CmPublicationOptions *options,
                                       CmManifest                **manifest,
                                       GError                    **error);

G_END_DECLS
