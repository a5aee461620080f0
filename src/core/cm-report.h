/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "cm-db.h"

G_BEGIN_DECLS

#define CM_TYPE_REPORT (cm_report_get_type ())
G_DECLARE_FINAL_TYPE (CmReport, cm_report, CM, REPORT, GObject)

gint64      cm_report_get_id             (CmReport *self);
gint64      cm_report_get_source_id      (CmReport *self);
const char *cm_report_get_instance_id    (CmReport *self);
const char *cm_report_get_date           (CmReport *self);
gint64      cm_report_get_rations_paid   (CmReport *self);
gint64      cm_report_get_rations_free   (CmReport *self);
gint64      cm_report_get_fee_cents      (CmReport *self);
gint64      cm_report_get_spending_cents (CmReport *self);
const char *cm_report_get_submitted_at   (CmReport *self);
const char *cm_report_get_device_id      (CmReport *self);
const char *cm_report_get_review_state   (CmReport *self);

GListModel *cm_report_list_latest        (CmDb    *db,
                                          gint64   canteen_id,
                                          guint    limit,
                                          GError **error);
GHashTable *cm_report_count_by_day       (CmDb        *db,
                                          gint64       canteen_id,
                                          const GDate *first,
                                          const GDate *last,
                                          GError     **error);

G_END_DECLS
