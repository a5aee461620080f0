/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* A photo taken on a visit, kept in the content-addressed attachments
 * folder (cm-attachments.h) under its SHA-256. */

#define CM_TYPE_REVIEW_PHOTO (cm_review_photo_get_type ())
G_DECLARE_FINAL_TYPE (CmReviewPhoto, cm_review_photo, CM, REVIEW_PHOTO, GObject)

CmReviewPhoto *cm_review_photo_new               (gint64         id,
                                                  const char    *rule_code,
                                                  const char    *sha256,
                                                  const char    *file_name,
                                                  const char    *added_at);
gint64         cm_review_photo_get_id            (CmReviewPhoto *self);
const char    *cm_review_photo_get_rule_code     (CmReviewPhoto *self);  /* NULL: the visit as a whole */
const char    *cm_review_photo_get_sha256        (CmReviewPhoto *self);
const char    *cm_review_photo_get_file_name     (CmReviewPhoto *self);  /* as it was chosen */
const char    *cm_review_photo_get_added_at      (CmReviewPhoto *self);  /* UTC ISO 8601 */
char          *cm_review_photo_get_path          (CmReviewPhoto *self,
                                                  const char    *folder);

G_END_DECLS
