/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* What is wrong with a kitchen's committee, from the registry. */
typedef enum
{
  CM_COMMITTEE_FLAGS_NONE        = 0,
  CM_COMMITTEE_FLAGS_FEW_MEMBERS = 1 << 0,  /* fewer than CM_COMMITTEE_MIN_MEMBERS active */
  CM_COMMITTEE_FLAGS_OFFICE      = 1 << 1,  /* an active member holds public or party office */
} CmCommitteeFlags;

/* The rules: a committee is at least three neighbours. */
#define CM_COMMITTEE_MIN_MEMBERS 3

typedef enum
{
  CM_CANTEEN_STATUS_ACTIVE,
  CM_CANTEEN_STATUS_SUSPENDED,
  CM_CANTEEN_STATUS_CLOSED,
} CmCanteenStatus;

#define CM_TYPE_CANTEEN (cm_canteen_get_type ())
G_DECLARE_FINAL_TYPE (CmCanteen, cm_canteen, CM, CANTEEN, GObject)

/* What a list row knows of a kitchen; the page loads the rest on demand. */
typedef struct
{
  gint64      id;
  const char *folio;
  const char *name;
  const char *modality;       /* "comunitario", "publico" or the registry's word */
  const char *address;
  const char *colonia;
  const char *alcaldia_code;
  const char *alcaldia_name;
  double      latitude;       /* NAN when unknown */
  double      longitude;
  const char *schedule;
  gint64      capacity;       /* -1 when unknown */
  const char *status;         /* "active", "suspended", "closed" */
  const char *opened_on;
  const char *tablet_id;
  const char *last_report;    /* YYYY-MM-DD or NULL */
  guint       recent_reports; /* reports in the 30 days up to the reference day */
  const char *compliance;     /* the latest verdict ("cumple", ...) or NULL: never evaluated */
  const char *compliance_period; /* its month, YYYY-MM */
  gboolean    committee_known;  /* the two counts below were loaded */
  guint       committee_active; /* members with no end, or ending after the reference day */
  guint       committee_office; /* of those, how many hold public or party office */
} CmCanteenFields;

CmCanteen       *cm_canteen_new                 (const CmCanteenFields *fields);
gint64           cm_canteen_get_id              (CmCanteen *self);
const char      *cm_canteen_get_folio           (CmCanteen *self);
const char      *cm_canteen_get_name            (CmCanteen *self);
const char      *cm_canteen_get_modality        (CmCanteen *self);
const char      *cm_canteen_get_modality_label  (CmCanteen *self);
const char      *cm_canteen_get_address         (CmCanteen *self);
const char      *cm_canteen_get_colonia         (CmCanteen *self);
const char      *cm_canteen_get_alcaldia_code   (CmCanteen *self);
const char      *cm_canteen_get_alcaldia_name   (CmCanteen *self);
double           cm_canteen_get_latitude        (CmCanteen *self);
double           cm_canteen_get_longitude       (CmCanteen *self);
const char      *cm_canteen_get_schedule        (CmCanteen *self);
gint64           cm_canteen_get_capacity        (CmCanteen *self);
const char      *cm_canteen_get_status          (CmCanteen *self);
CmCanteenStatus  cm_canteen_get_status_enum     (CmCanteen *self);
const char      *cm_canteen_get_status_label    (CmCanteen *self);
const char      *cm_canteen_get_compliance      (CmCanteen *self);
const char      *cm_canteen_get_compliance_period (CmCanteen *self);
const char      *cm_canteen_get_compliance_label (CmCanteen *self);
guint            cm_canteen_get_compliance_rank (CmCanteen *self);
const char      *cm_canteen_get_opened_on       (CmCanteen *self);
const char      *cm_canteen_get_tablet_id       (CmCanteen *self);
const char      *cm_canteen_get_last_report     (CmCanteen *self);
const char      *cm_canteen_get_last_report_label (CmCanteen *self);
guint            cm_canteen_get_recent_reports  (CmCanteen *self);
const char      *cm_canteen_get_recent_reports_label (CmCanteen *self);
const char      *cm_canteen_get_search_key      (CmCanteen *self);
guint            cm_canteen_get_committee_active (CmCanteen *self);
CmCommitteeFlags cm_canteen_get_committee_flags (CmCanteen *self);
char            *cm_canteen_dup_committee_problems (CmCanteen *self);

const char      *cm_canteen_modality_label      (const char *modality);
const char      *cm_canteen_status_label        (const char *status);

G_END_DECLS
