/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define CM_TYPE_APPLICATION (cm_application_get_type ())
G_DECLARE_FINAL_TYPE (CmApplication, cm_application, CM, APPLICATION, AdwApplication)

CmApplication *cm_application_new          (void);
GSettings     *cm_application_get_settings (CmApplication *self);
char          *cm_application_get_person_name (CmApplication *self);
char          *cm_application_dup_actor    (void);

G_END_DECLS
