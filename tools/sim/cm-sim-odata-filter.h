/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "cm-sim-problem.h"

G_BEGIN_DECLS

/* The part of Central's OData $filter and $orderby that a submission feed
 * offers: the fields below, eq ne lt le gt ge and or not, parentheses, null,
 * and the functions now() year() month() day() hour() minute() second(). */

typedef enum
{
  CM_SIM_FIELD_ID,
  CM_SIM_FIELD_SUBMITTER_ID,
  CM_SIM_FIELD_SUBMISSION_DATE,
  CM_SIM_FIELD_UPDATED_AT,
  CM_SIM_FIELD_REVIEW_STATE,
  CM_SIM_FIELD_DELETED_AT,
} CmSimField;

/* What a filter sees of a submission. Timestamps are milliseconds since
 * 1970 (UTC); G_MININT64 is null. */
typedef struct
{
  const char *instance_id;
  gint64      submitter_id;
  gint64      submission_ms;
  gint64      updated_ms;
  const char *review_state;
  gint64      deleted_ms;
} CmSimFilterRow;

typedef struct _CmSimFilter CmSimFilter;

/* @subtable: the fields are named $root/Submissions/__system/…, as in a
 * repeat's table. On an error returns NULL and sets @problem (400.18, 501.4
 * or 501.5, with Central's message and details). */
CmSimFilter *cm_sim_filter_parse              (const char            *expression,
                                               gboolean               subtable,
                                               CmSimProblem         **problem);
void         cm_sim_filter_free               (CmSimFilter           *filter);
gboolean     cm_sim_filter_mentions_deleted_at (CmSimFilter          *filter);
/* Returns whether @row passes. *@failed is set when PostgreSQL would have
 * failed on the expression (a literal that is not a timestamp, say): Central
 * then answers 500. */
gboolean     cm_sim_filter_match              (CmSimFilter           *filter,
                                               const CmSimFilterRow  *row,
                                               gint64                 now_ms,
                                               gboolean              *failed);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CmSimFilter, cm_sim_filter_free)

typedef struct
{
  CmSimField field;
  gboolean   descending;
} CmSimOrderKey;

/* An array of CmSimOrderKey, or NULL and @problem (501.5). */
GArray      *cm_sim_orderby_parse             (const char            *text,
                                               gboolean               subtable,
                                               CmSimProblem         **problem);
/* Nulls first ascending, last descending, as PostgreSQL sorts them. */
int          cm_sim_orderby_compare           (GArray                *keys,
                                               const CmSimFilterRow  *a,
                                               const CmSimFilterRow  *b);

G_END_DECLS
