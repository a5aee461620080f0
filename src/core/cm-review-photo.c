/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "cm-review-photo"

#include "config.h"

#include "cm-attachments.h"
#include "cm-review-photo.h"

struct _CmReviewPhoto
{
  GObject  parent_instance;

  gint64   id;
  char    *rule_code;
  char    *sha256;
  char    *file_name;
  char    *added_at;
};

G_DEFINE_FINAL_TYPE (CmReviewPhoto, cm_review_photo, G_TYPE_OBJECT)

static void
cm_review_photo_finalize (GObject *object)
{
  CmReviewPhoto *self = (CmReviewPhoto *)object;

  g_free (self->rule_code);
  g_free (self->sha256);
  g_free (self->file_name);
  g_free (self->added_at);

  G_OBJECT_CLASS (cm_review_photo_parent_class)->finalize (object);
}

static void
cm_review_photo_class_init (CmReviewPhotoClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cm_review_photo_finalize;
}

static void
cm_review_photo_init (CmReviewPhoto *self)
{
}

/**
 * cm_review_photo_new:
 * @id: its row's id
 * @rule_code: (nullable): the checklist item it documents, or %NULL
 * @sha256: the SHA-256 of its bytes
 * @file_name: the name of the file it came from
 * @added_at: when it was attached
 *
 * Returns: (transfer full): a new photo; reviews make these, not callers
 */
CmReviewPhoto *
cm_review_photo_new (gint64      id,
                     const char *rule_code,
                     const char *sha256,
                     const char *file_name,
                     const char *added_at)
{
  CmReviewPhoto *self = g_object_new (CM_TYPE_REVIEW_PHOTO, NULL);

  self->id = id;
  self->rule_code = g_strdup (rule_code);
  self->sha256 = g_strdup (sha256);
  self->file_name = g_strdup (file_name);
  self->added_at = g_strdup (added_at);
  return self;
}

gint64
cm_review_photo_get_id (CmReviewPhoto *self)
{
  g_return_val_if_fail (CM_IS_REVIEW_PHOTO (self), 0);
  return self->id;
}

const char *
cm_review_photo_get_rule_code (CmReviewPhoto *self)
{
  g_return_val_if_fail (CM_IS_REVIEW_PHOTO (self), NULL);
  return self->rule_code;
}

const char *
cm_review_photo_get_sha256 (CmReviewPhoto *self)
{
  g_return_val_if_fail (CM_IS_REVIEW_PHOTO (self), NULL);
  return self->sha256;
}

const char *
cm_review_photo_get_file_name (CmReviewPhoto *self)
{
  g_return_val_if_fail (CM_IS_REVIEW_PHOTO (self), NULL);
  return self->file_name;
}

const char *
cm_review_photo_get_added_at (CmReviewPhoto *self)
{
  g_return_val_if_fail (CM_IS_REVIEW_PHOTO (self), NULL);
  return self->added_at;
}

/**
 * cm_review_photo_get_path:
 * @self: a #CmReviewPhoto
 * @folder: (nullable): the attachments folder, or %NULL for the default
 *
 * Returns: (transfer full): where the photo's bytes are
 */
char *
cm_review_photo_get_path (CmReviewPhoto *self,
                          const char    *folder)
{
  g_autofree char *default_folder = NULL;
  g_autofree char *relative = NULL;

  g_return_val_if_fail (CM_IS_REVIEW_PHOTO (self), NULL);

  if (folder == NULL)
    folder = default_folder = cm_attachments_get_default_folder ();
  relative = cm_attachments_relative_path (self->sha256, self->file_name);
  return g_build_filename (folder, relative, NULL);
}
