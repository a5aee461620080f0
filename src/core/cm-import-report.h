/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* What an import found and did, shared by the registry and the boundaries
 * imports: the problems, each a translated sentence that names its line (or
 * feature), and the counts under fixed English keys that scripts read. */

#define CM_IMPORT_ERROR (cm_import_error_quark ())

typedef enum
{
  CM_IMPORT_ERROR_READ,      /* the file cannot be read */
  CM_IMPORT_ERROR_ENCODING,  /* not UTF-8 */
  CM_IMPORT_ERROR_FORMAT,    /* not the layout expected: not JSON, no header... */
  CM_IMPORT_ERROR_APPLIED,   /* apply() called twice */
} CmImportError;

#define CM_TYPE_IMPORT_REPORT (cm_import_report_get_type ())
G_DECLARE_FINAL_TYPE (CmImportReport, cm_import_report, CM, IMPORT_REPORT, GObject)

GQuark          cm_import_error_quark         (void);

CmImportReport *cm_import_report_new          (void);
void            cm_import_report_add_problem  (CmImportReport *self,
                                               guint           line,
                                               const char     *format,
                                               ...) G_GNUC_PRINTF (3, 4);
guint           cm_import_report_get_n_problems (CmImportReport *self);
const char     *cm_import_report_get_problem  (CmImportReport *self,
                                               guint           index,
                                               guint          *line);
void            cm_import_report_set_count    (CmImportReport *self,
                                               const char     *key,
                                               gint64          value);
gint64          cm_import_report_get_count    (CmImportReport *self,
                                               const char     *key);
const char * const *cm_import_report_get_keys (CmImportReport *self);
char           *cm_import_report_to_text      (CmImportReport *self);

guint           cm_import_line_of_offset      (const char     *text,
                                               gsize           offset);
char           *cm_import_join_numbers        (GArray         *numbers);
gboolean        cm_import_may_apply           (gboolean        applied,
                                               const char     *actor,
                                               GError        **error);
GBytes         *cm_import_read_file           (GFile          *file,
                                               GCancellable   *cancellable,
                                               GError        **error);
gboolean        cm_import_check_utf8          (GBytes         *contents,
                                               GError        **error);

G_END_DECLS
