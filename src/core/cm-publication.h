/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "cm-db.h"
#include "cm-document.h"
#include "cm-manifest.h"
#include "cm-period.h"

G_BEGIN_DECLS

/* The documents published for accountability, as PDF files that carry
 * their manifest: a kitchen's compliance report and the programme report.
 * The same database and options give the same bytes, which is what lets
 * verification rebuild a document and compare. */

#define CM_PUBLICATION_ERROR (cm_publication_error_quark ())

typedef enum
{
  CM_PUBLICATION_ERROR_OPTIONS,   /* the manifest's options name no document we can make */
} CmPublicationError;

typedef enum
{
  CM_PUBLICATION_KITCHEN,
  CM_PUBLICATION_PROGRAMME,
} CmPublicationKind;

typedef struct
{
  CmPublicationKind kind;
  const char       *folio;     /* for CM_PUBLICATION_KITCHEN */
  CmPeriod          period;
  CmPaper           paper;
  const char       *data_pulled;  /* NULL: the database's own (see _cm_provenance_load) */
  gboolean          own_font_map; /* see cm_document_new() */
} CmPublicationOptions;

/* What verification found. */
typedef struct
{
  CmManifest *published;      /* the manifest the file carries */
  GPtrArray  *differences;    /* CmManifestDifference: records that changed since */
  gboolean    same_rulebook;
  gboolean    same_app;       /* made by this version of Comedores */
  gboolean    same_bytes;     /* the database gives this very file */
} CmPublicationCheck;

GQuark      cm_publication_error_quark  (void);

CmDocument *cm_publication_build        (CmDb                       *db,
                                         const CmPublicationOptions *options,
                                         CmManifest                **manifest,
                                         GError                    **error);
GBytes     *cm_publication_render       (CmDb                       *db,
                                         const CmPublicationOptions *options,
                                         GError                    **error);
gboolean    cm_publication_write        (CmDb                       *db,
                                         const CmPublicationOptions *options,
                                         GFile                      *file,
                                         GCancellable               *cancellable,
                                         GError                    **error);
guint       cm_publication_write_kitchens (CmDb                       *db,
                                           const CmPublicationOptions *options,
                                           const char * const         *folios,
                                           GFile                      *folder,
                                           GCancellable               *cancellable,
                                           GError                    **error);
char       *cm_publication_suggest_name (const CmPublicationOptions *options);

CmPublicationCheck *cm_publication_verify     (CmDb              *db,
                                               GBytes            *pdf,
                                               GError           **error);
char       *cm_publication_describe_difference (const CmManifestDifference *difference);
void        cm_publication_check_free   (CmPublicationCheck        *check);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CmPublicationCheck, cm_publication_check_free)

G_END_DECLS
