/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define CM_FORM_MAP_ERROR (cm_form_map_error_quark ())

/* Why a row could not be mapped; the row goes to quarantine with the
 * error's message as its reason. */
typedef enum
{
  CM_FORM_MAP_ERROR_INVALID_MAP,     /* the map itself is malformed */
  CM_FORM_MAP_ERROR_MISSING_FIELD,   /* a required field is absent or null */
  CM_FORM_MAP_ERROR_BAD_VALUE,       /* a value of the wrong type or out of range */
} CmFormMapError;

/* Which server's row shape a map reads. */
typedef enum
{
  CM_FORM_MAP_CENTRAL,   /* OData Submissions?$expand=*: typed values, nested groups */
  CM_FORM_MAP_KOBO,      /* KPI v2 data/: strings, "group/field" keys, "lat lon alt acc" */
} CmFormMapFlavour;

typedef struct
{
  guint   position;        /* 0-based repeat index */
  char   *concept;
  gint64  amount_cents;
  char   *receipt_photo;   /* NULL when none */
} CmMappedPurchase;

/* One report as our columns hold it (see the report table). */
typedef struct
{
  char      *instance_id;       /* the root instance id, "uuid:…", stable across edits */
  char      *folio_sent;
  char      *report_date;       /* YYYY-MM-DD */
  gint64     rations_paid;
  gint64     rations_free;
  gint64     fee_cents;
  gint64     spending_cents;
  gint64     diners_children;
  gint64     diners_adults;
  gint64     diners_older;
  gint64     diners_disabled;
  gint64     members_present;
  gboolean   takeaway_only;
  char      *incidents;         /* "" when none */
  double     latitude;          /* NAN when absent */
  double     longitude;
  double     gps_accuracy;
  char      *device_id;
  char      *submitter;
  char      *submitted_at;      /* UTC, ISO 8601 with Z */
  char      *updated_at;        /* UTC or NULL */
  char      *review_state;      /* Central's names: NULL, hasIssues, edited, rejected, approved */
  char      *form_version;
  gint64     attachments_expected;
  gint64     attachments_present;
  GPtrArray *purchases;         /* CmMappedPurchase */
  GPtrArray *attachment_names;  /* char *, every media file the row names, once each */
  char      *raw;               /* the row exactly as received, as JSON text */
} CmMappedReport;

typedef struct _CmFormMap CmFormMap;

GQuark            cm_form_map_error_quark   (void);

CmFormMap        *cm_form_map_new_from_data (const char        *json,
                                             gssize             length,
                                             GError           **error);
CmFormMap        *cm_form_map_new_builtin   (CmFormMapFlavour   flavour);
CmFormMap        *cm_form_map_ref           (CmFormMap         *self);
void              cm_form_map_unref         (CmFormMap         *self);
CmFormMapFlavour  cm_form_map_get_flavour   (CmFormMap         *self);
const char       *cm_form_map_get_form_id   (CmFormMap         *self);

CmMappedReport   *cm_form_map_apply         (CmFormMap         *self,
                                             JsonObject        *row,
                                             GError           **error);
void              cm_mapped_report_free     (CmMappedReport    *report);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CmFormMap, cm_form_map_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CmMappedReport, cm_mapped_report_free)

G_END_DECLS
