/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A reader of RFC 4180 comma-separated values: fields in double quotes may
 * hold commas, line breaks and doubled quotes; lines end in CRLF, LF or CR.
 * It reads text already checked to be UTF-8 and keeps no copy of it. */

typedef struct _CmCsvReader CmCsvReader;

CmCsvReader *cm_csv_reader_new  (const char   *text,
                                 gsize         length);
void         cm_csv_reader_free (CmCsvReader  *self);
gboolean     cm_csv_reader_next (CmCsvReader  *self,
                                 GStrv        *fields,
                                 guint        *line,
                                 GError      **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CmCsvReader, cm_csv_reader_free)

G_END_DECLS
