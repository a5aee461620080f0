/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define CM_TYPE_KITCHEN_FILTER (cm_kitchen_filter_get_type ())
G_DECLARE_FINAL_TYPE (CmKitchenFilter, cm_kitchen_filter, CM, KITCHEN_FILTER, GtkFilter)

CmKitchenFilter *cm_kitchen_filter_new          (void);
void             cm_kitchen_filter_set_query    (CmKitchenFilter *self,
                                                 const char      *query);
void             cm_kitchen_filter_set_alcaldia (CmKitchenFilter *self,
                                                 const char      *alcaldia_code);
void             cm_kitchen_filter_set_status   (CmKitchenFilter *self,
                                                 const char      *status);
void             cm_kitchen_filter_set_compliance (CmKitchenFilter *self,
                                                 const char      *compliance);
void             cm_kitchen_filter_set_modality (CmKitchenFilter *self,
                                                 const char      *modality);
void             cm_kitchen_filter_set_committee_problems (CmKitchenFilter *self,
                                                 gboolean         only_problems);
gboolean         cm_kitchen_filter_is_active    (CmKitchenFilter *self);

G_END_DECLS
