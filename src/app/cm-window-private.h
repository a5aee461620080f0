/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "cm-map-view.h"
#include "cm-summary-view.h"
#include "cm-sync-view.h"
#include "cm-window.h"

G_BEGIN_DECLS

struct _CmWindow
{
  AdwApplicationWindow  parent_instance;

  /* template children */
  AdwViewStack         *view_stack;
  GtkStack             *main_stack;
  AdwStatusPage        *error_page;
  AdwStatusPage        *loading_page;
  GtkSpinner           *spinner;
  GtkProgressBar       *progress_bar;
  AdwToastOverlay      *toast_overlay;
  CmKitchensView       *kitchens_view;
  AdwBin               *map_bin;
  CmMapView            *map_view;       /* made when first shown */
  CmSyncView           *sync_view;
  AdwBin               *summary_bin;
  CmSummaryView        *summary_view;   /* made when first shown */
  GtkRevealer          *sync_revealer;
  GtkStack             *sync_status_stack;
  GtkLabel             *sync_label;
  GtkProgressBar       *sync_progress;
  GtkLabel             *sync_problem_label;

  CmDb                 *db;
  GCancellable         *cancellable;
  gboolean              busy;
  gboolean              compliance_started;  /* the first brought-up-to-date of the checks */

  /* cm-window-sync.c */
  GCancellable         *sync_cancellable;  /* the sync under way */
  gboolean              syncing;
  guint                 sync_generation;   /* drops progress of a finished sync */
  guint                 pulse_id;
  char                 *sync_message;      /* the last sync's result, as shown */
  GtkWindow            *preferences;       /* weak */
  GtkWindow            *prompt;            /* weak: the secret asked for */
  gboolean              disposed;

  /* COMEDORES_STARTUP_PROBE: the start-up benchmark's markers on stdout */
  gboolean              startup_probe;
  gulong                after_paint_id;
  gboolean              first_frame_seen;
  gboolean              list_ready;
};

void _cm_window_class_init_summary (GtkWidgetClass *widget_class);
void _cm_window_init_summary       (CmWindow       *self);
void _cm_window_summary_constructed (CmWindow      *self);
void _cm_window_class_init_export  (GtkWidgetClass *widget_class);
void _cm_window_class_init_reports (GtkWidgetClass *widget_class);
void _cm_window_class_init_sync (GtkWidgetClass *widget_class);
void _cm_window_init_sync       (CmWindow       *self);
void _cm_window_dispose_sync    (CmWindow       *self);
void _cm_window_update_sync_actions (CmWindow   *self);
void _cm_window_add_toast       (CmWindow       *self,
                                 const char     *text);

G_END_DECLS
