/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "cm-db.h"
#include "cm-source.h"

G_BEGIN_DECLS

#define CM_SYNC_ERROR (cm_sync_error_quark ())

typedef enum
{
  CM_SYNC_ERROR_AUTH,          /* the server refused the credentials */
  CM_SYNC_ERROR_FORBIDDEN,     /* the account may not read this form */
  CM_SYNC_ERROR_NOT_FOUND,     /* no such project, form or asset */
  CM_SYNC_ERROR_NETWORK,       /* no connection, reset, truncated body */
  CM_SYNC_ERROR_TIMEOUT,       /* the server did not answer in time */
  CM_SYNC_ERROR_SERVER,        /* 5xx or 429 after every retry */
  CM_SYNC_ERROR_PROTOCOL,      /* an answer that is not what the API says */
  CM_SYNC_ERROR_STORAGE,       /* the database refused the data */
  CM_SYNC_ERROR_CANCELLED,     /* the person stopped the run */
} CmSyncError;

typedef struct
{
  guint timeout_seconds;   /* per request; 30 by default */
  guint page_size;         /* rows per page; 250 by default */
  guint max_attempts;      /* per request, for 5xx, 429, timeouts and resets; 4 */
  guint overlap_seconds;   /* how far back of the cursor a pull starts; 3600 */
  guint retry_cap_seconds; /* the longest wait between attempts, Retry-After included; 30 */
  guint reread_hours;      /* Kobo: how often every row is read again, for edits and
                            * validation states, which change no cursor; 24 */
} CmSyncOptions;

/* Figures of a run, as they grow; the progress callback gets them. */
typedef struct
{
  gint64 run_id;
  guint  received;         /* rows received in this run */
  gint64 expected;         /* rows the server said match, -1 when unknown */
  guint  inserted;
  guint  updated;
  guint  unchanged;
  guint  quarantined;
  guint  pages;
} CmSyncStats;

typedef void (*CmSyncProgressFunc) (const CmSyncStats *stats,
                                    gpointer           user_data);

GQuark   cm_sync_error_quark        (void);
void     cm_sync_options_init       (CmSyncOptions       *options);

gboolean cm_sync_pull               (CmDb                *db,
                                     CmSource            *source,
                                     const char          *secret,
                                     const CmSyncOptions *options,
                                     CmSyncProgressFunc   progress,
                                     gpointer             progress_data,
                                     CmSyncStats         *stats,
                                     GCancellable        *cancellable,
                                     GError             **error);

gboolean cm_sync_check              (CmSource            *source,
                                     const char          *secret,
                                     const CmSyncOptions *options,
                                     GCancellable        *cancellable,
                                     GError             **error);

G_END_DECLS
