/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "cm-canteen.h"
#include "cm-db.h"

G_BEGIN_DECLS

/* A person's changes to the registry: a kitchen's record and its committee.
 * Each change is one transaction with its audit row; a change that changes
 * nothing writes nothing. Committee memberships are ended, never deleted. */

#define CM_CANTEEN_EDIT_ERROR (cm_canteen_edit_error_quark ())

typedef enum
{
  CM_CANTEEN_EDIT_ERROR_INVALID,    /* a field missing, unreadable or out of range */
  CM_CANTEEN_EDIT_ERROR_NOT_FOUND,  /* no such kitchen or member */
  CM_CANTEEN_EDIT_ERROR_CONFLICT,   /* the change clashes with another record */
} CmCanteenEditError;

/* The box a kitchen's point must fall in: Mexico City and a margin around
 * it, to catch swapped or mistyped coordinates, not to draw the border. */
#define CM_CANTEEN_LATITUDE_MIN   18.9
#define CM_CANTEEN_LATITUDE_MAX   19.8
#define CM_CANTEEN_LONGITUDE_MIN -99.5
#define CM_CANTEEN_LONGITUDE_MAX -98.8

/* The editable part of a kitchen's record. */
typedef struct
{
  const char *name;
  const char *address;
  const char *colonia;
  const char *alcaldia_code;  /* INEGI code, or NULL */
  double      latitude;       /* NAN for no point */
  double      longitude;
  const char *schedule;
  gint64      capacity;       /* -1 when unknown */
  const char *tablet_id;      /* NULL or "" for no tablet */
} CmCanteenRecord;

GQuark    cm_canteen_edit_error_quark    (void);

void      cm_canteen_record_init_from    (CmCanteenRecord  *record,
                                          CmCanteen        *canteen);
gboolean  cm_canteen_edit_parse_point    (const char       *latitude,
                                          const char       *longitude,
                                          double           *out_latitude,
                                          double           *out_longitude,
                                          GError          **error);
gboolean  cm_canteen_edit_check_record   (const CmCanteenRecord *record,
                                          GError          **error);
gboolean  cm_canteen_edit_record         (CmDb             *db,
                                          gint64            canteen_id,
                                          const CmCanteenRecord *record,
                                          const char       *actor,
                                          gboolean         *changed,
                                          GError          **error);

gint64    cm_canteen_edit_add_member     (CmDb             *db,
                                          gint64            canteen_id,
                                          const char       *name,
                                          const char       *role,
                                          const GDate      *since,
                                          const GDate      *today,
                                          const char       *actor,
                                          GError          **error);
gboolean  cm_canteen_edit_end_membership (CmDb             *db,
                                          gint64            member_id,
                                          const GDate      *until,
                                          const GDate      *today,
                                          const char       *actor,
                                          GError          **error);
gboolean  cm_canteen_edit_set_holds_office (CmDb           *db,
                                          gint64            member_id,
                                          gboolean          holds_office,
                                          const char       *actor,
                                          gboolean         *changed,
                                          GError          **error);

G_END_DECLS
