/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* The app's one way to save a file it makes (a table, a GeoJSON, a PDF):
 *
 *   g_autoptr(CmFileExport) export =
 *     cm_file_export_new (_("Export the Kitchen Report"), "CC001-2026-10.pdf",
 *                         write_pdf, data, data_free);
 *   cm_file_export_add_filter (export, _("PDF documents"), "*.pdf", "application/pdf");
 *   cm_file_export_choose (export, GTK_WINDOW (window), toast_overlay, window_cancellable);
 *
 * choose() asks where to save (GtkFileChooserNative, the portal in
 * Flatpak), then runs @func in a worker thread on a hidden file beside the
 * chosen one, which replaces it only when @func succeeded
 * (cm_safe_file_write()): a failed or cancelled export leaves no half
 * file and whatever was there before. Then a toast says so, with an
 * "Open" button that opens the file in the desktop's default application,
 * or says in a sentence why the file could not be saved (nothing when
 * cancelled). The object keeps itself alive until then: the caller may
 * drop its reference at once.
 *
 * @func runs in another thread: give it data of its own (a snapshot of a
 * list, a CmDb, which locks itself), never a widget or a model the main
 * thread changes. @destroy frees that data in the main thread when the
 * export object goes. */

typedef gboolean (*CmFileExportFunc) (GFile         *file,
                                      gpointer       user_data,
                                      GCancellable  *cancellable,
                                      GError       **error);

#define CM_TYPE_FILE_EXPORT (cm_file_export_get_type ())
G_DECLARE_FINAL_TYPE (CmFileExport, cm_file_export, CM, FILE_EXPORT, GObject)

CmFileExport *cm_file_export_new          (const char       *title,
                                           const char       *suggested_name,
                                           CmFileExportFunc  func,
                                           gpointer          user_data,
                                           GDestroyNotify    destroy);
/* A filter of the chooser; the first one added is selected. */
void          cm_file_export_add_filter   (CmFileExport     *self,
                                           const char       *name,
                                           const char       *pattern,
                                           const char       *mime_type);
/* The toast's text on success instead of "Saved “NAME”" (a %s in it is
 * the file's name). */
void          cm_file_export_set_done_message (CmFileExport *self,
                                           const char       *format);
void          cm_file_export_choose       (CmFileExport     *self,
                                           GtkWindow        *parent,
                                           AdwToastOverlay  *toasts,
                                           GCancellable     *cancellable);
/* As choose(), without asking: writes @file (a test, or a file already
 * known). */
void          cm_file_export_write        (CmFileExport     *self,
                                           GFile            *file,
                                           AdwToastOverlay  *toasts,
                                           GCancellable     *cancellable);

/* What happened, for the tests: running until "finished" is emitted
 * (with the GError, or NULL), then the file and the toast shown. */
gboolean      cm_file_export_is_running   (CmFileExport     *self);
GFile        *cm_file_export_get_file     (CmFileExport     *self);
AdwToast     *cm_file_export_get_toast    (CmFileExport     *self);

G_END_DECLS
