/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* What a published document was built from: the records it read (kind, id
 * and a SHA-256 of what of them it used), the options it was made with,
 * the rulebook, the app's version and when the data was pulled.
 *
 * A PDF carries its manifest in its Keywords, as `comedores-manifest `
 * and the manifest's JSON in base64, so that anyone holding the file and
 * the database can rebuild the document and say what changed. */

#define CM_MANIFEST_ERROR (cm_manifest_error_quark ())

typedef enum
{
  CM_MANIFEST_ERROR_MISSING,   /* the file carries no manifest */
  CM_MANIFEST_ERROR_INVALID,   /* it carries one that cannot be read */
} CmManifestError;

typedef enum
{
  CM_MANIFEST_ADDED,           /* in the database, not in the document */
  CM_MANIFEST_REMOVED,         /* in the document, no longer in the database */
  CM_MANIFEST_CHANGED,         /* in both, with different content */
} CmManifestChange;

typedef struct
{
  CmManifestChange change;
  char            *kind;
  char            *id;
} CmManifestDifference;

#define CM_TYPE_MANIFEST (cm_manifest_get_type ())
G_DECLARE_FINAL_TYPE (CmManifest, cm_manifest, CM, MANIFEST, GObject)

GQuark      cm_manifest_error_quark     (void);

CmManifest *cm_manifest_new             (const char  *document);
const char *cm_manifest_get_document    (CmManifest  *self);
void        cm_manifest_set_option      (CmManifest  *self,
                                         const char  *key,
                                         const char  *value);
const char *cm_manifest_get_option      (CmManifest  *self,
                                         const char  *key);
void        cm_manifest_set_rulebook    (CmManifest  *self,
                                         const char  *edition,
                                         const char  *sha256);
const char *cm_manifest_get_rulebook_edition (CmManifest *self);
const char *cm_manifest_get_rulebook_sha256  (CmManifest *self);
void        cm_manifest_set_data_pulled (CmManifest  *self,
                                         const char  *iso_utc);
const char *cm_manifest_get_data_pulled (CmManifest  *self);
const char *cm_manifest_get_app_version (CmManifest  *self);
void        cm_manifest_add_record      (CmManifest  *self,
                                         const char  *kind,
                                         const char  *id,
                                         const char  *content,
                                         gssize       length);
guint       cm_manifest_get_n_records   (CmManifest  *self);
guint       cm_manifest_count_kind      (CmManifest  *self,
                                         const char  *kind);

char       *cm_manifest_to_keywords     (CmManifest  *self);
CmManifest *cm_manifest_new_from_pdf    (GBytes      *pdf,
                                         GError     **error);
GPtrArray  *cm_manifest_compare         (CmManifest  *published,
                                         CmManifest  *current);
void        cm_manifest_difference_free (CmManifestDifference *difference);

G_END_DECLS
