/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* A writer of ZIP archives (APPNOTE 6.3), enough for Office Open XML:
 * entries deflated through GZlibCompressor or stored, streamed with a data
 * descriptor after each (so the stream need not seek), every timestamp
 * 1980-01-01 00:00 so that the same entries give the same bytes. No Zip64:
 * an archive past 4 GiB is refused. */

#define CM_ZIP_ERROR (cm_zip_error_quark ())

typedef enum
{
  CM_ZIP_ERROR_TOO_BIG,   /* an entry or the archive past 4 GiB, or past 65,535 entries */
} CmZipError;

typedef struct _CmZipWriter CmZipWriter;

GQuark       cm_zip_error_quark     (void);
guint32      cm_zip_crc32           (guint32        crc,
                                     const void    *data,
                                     gsize          length);

CmZipWriter *cm_zip_writer_new      (GOutputStream *stream);
void         cm_zip_writer_free     (CmZipWriter   *self);
gboolean     cm_zip_writer_begin    (CmZipWriter   *self,
                                     const char    *name,
                                     gboolean       deflate,
                                     GCancellable  *cancellable,
                                     GError       **error);
gboolean     cm_zip_writer_write    (CmZipWriter   *self,
                                     const void    *data,
                                     gsize          length,
                                     GCancellable  *cancellable,
                                     GError       **error);
gboolean     cm_zip_writer_end      (CmZipWriter   *self,
                                     GCancellable  *cancellable,
                                     GError       **error);
gboolean     cm_zip_writer_finish   (CmZipWriter   *self,
                                     GCancellable  *cancellable,
                                     GError       **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CmZipWriter, cm_zip_writer_free)

G_END_DECLS
