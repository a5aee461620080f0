/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "cm-sim-odata-filter.h"

G_BEGIN_DECLS

#define CM_SIM_FORM_ID       "reporte_diario"
#define CM_SIM_FORM_NAME     "Reporte diario del comedor"
#define CM_SIM_ESCAPE_NAME   "../../escape.jpg"

/* The form's fields in schema order, as Central's field list has them. */
typedef struct
{
  const char *path;    /* comensales/ninas_ninos */
  const char *type;    /* string int decimal date geopoint binary structure repeat */
  const char *label;
} CmSimFormField;

extern const CmSimFormField cm_sim_form_fields[];
extern const guint          cm_sim_n_form_fields;

typedef struct
{
  char   *body;
  gint64  created_ms;
} CmSimComment;

typedef struct
{
  char   *uid;        /* validation_status_approved, … */
  char   *label;
  gint64  timestamp;  /* seconds */
  char   *by_whom;
} CmSimValidation;

/* One submission. Its row (Central's OData row, $expand=* shape) lives in
 * the database until it changes; then in @raw. */
typedef struct
{
  guint            seq;            /* 0 = the oldest: Central's submissions.id order */
  gint64           report_id;      /* report.id in the database */
  gint64           kobo_id;        /* Kobo's _id */
  char            *instance_id;    /* __id: the root instanceId, which never changes */
  char            *version_id;     /* meta/instanceID: a new uuid after an edit */
  char            *deprecated_id;  /* the meta/instanceID an edit replaced, or NULL */
  gint64           submission_ms;
  gint64           updated_ms;     /* G_MININT64 when null */
  gint64           version_ms;     /* when the current version arrived */
  char            *review_state;   /* NULL, hasIssues, edited, approved, rejected */
  gint64           submitter_id;
  char            *raw;            /* NULL: read it from the database */
  CmSimValidation *validation;     /* Kobo's validation status, or NULL */
  GPtrArray       *comments;       /* of CmSimComment */
  gboolean         held_back;      /* --fault arrivals: not arrived yet */
} CmSimSubmission;

typedef struct
{
  guint64     seed;
  guint       kitchens;
  guint       months;
  GDate       end;
  guint       submissions;   /* 0: all */
  const char *db_path;       /* serve this database, read-only, instead of a new demo */
} CmSimWorldOptions;

typedef struct _CmSimWorld CmSimWorld;

CmSimWorld      *cm_sim_world_new              (const CmSimWorldOptions *options,
                                                GError                 **error);
void             cm_sim_world_free             (CmSimWorld              *world);

guint            cm_sim_world_get_n            (CmSimWorld              *world);
CmSimSubmission *cm_sim_world_get              (CmSimWorld              *world,
                                                guint                    seq);
CmSimSubmission *cm_sim_world_lookup           (CmSimWorld              *world,
                                                const char              *instance_id);
CmSimSubmission *cm_sim_world_lookup_kobo      (CmSimWorld              *world,
                                                const char              *id);
void             cm_sim_world_fill_filter_row  (CmSimSubmission         *submission,
                                                CmSimFilterRow          *row);

/* The row, as text and parsed. */
char            *cm_sim_world_get_raw          (CmSimWorld              *world,
                                                CmSimSubmission         *submission);
JsonNode        *cm_sim_world_get_row          (CmSimWorld              *world,
                                                CmSimSubmission         *submission);

/* Changes; each bumps the version that ETags are made of. */
guint64          cm_sim_world_get_version      (CmSimWorld              *world);
gint64           cm_sim_world_new_stamp        (CmSimWorld              *world);
void             cm_sim_world_set_review_state (CmSimWorld              *world,
                                                CmSimSubmission         *submission,
                                                const char              *state);
void             cm_sim_world_edit             (CmSimWorld              *world,
                                                CmSimSubmission         *submission);
void             cm_sim_world_rename_photo     (CmSimWorld              *world,
                                                CmSimSubmission         *submission,
                                                const char              *name);
void             cm_sim_world_add_comment      (CmSimWorld              *world,
                                                CmSimSubmission         *submission,
                                                const char              *body,
                                                gint64                   created_ms);
void             cm_sim_world_set_validation   (CmSimWorld              *world,
                                                CmSimSubmission         *submission,
                                                const char              *uid);
guint            cm_sim_world_hold_back        (CmSimWorld              *world,
                                                guint                    n);
guint            cm_sim_world_release          (CmSimWorld              *world);

/* Attachments: the binary values of a row, in form order, and the bytes
 * served for one (a small valid JPEG, the same for the same names). */
GPtrArray       *cm_sim_world_attachment_names (CmSimWorld              *world,
                                                CmSimSubmission         *submission);
GBytes          *cm_sim_attachment_bytes       (const char              *instance_id,
                                                const char              *name);
/* A uuid drawn from @text: the same text, the same uuid. */
char            *cm_sim_uuid_from              (const char              *text);
const char      *cm_sim_validation_label       (const char              *uid);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CmSimWorld, cm_sim_world_free)

G_END_DECLS
