/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "cm-db.h"
#include "cm-import-report.h"

G_BEGIN_DECLS

typedef enum
{
  CM_IMPORT_KIND_REGISTRY,
  CM_IMPORT_KIND_BOUNDARIES,
} CmImportKind;

#define CM_TYPE_IMPORT_DIALOG (cm_import_dialog_get_type ())
G_DECLARE_FINAL_TYPE (CmImportDialog, cm_import_dialog, CM, IMPORT_DIALOG, AdwWindow)

CmImportDialog *cm_import_dialog_new         (CmDb           *db,
                                              CmImportKind    kind);
void            cm_import_dialog_load_file   (CmImportDialog *self,
                                              GFile          *file);
CmImportReport *cm_import_dialog_get_report  (CmImportDialog *self);

G_END_DECLS
