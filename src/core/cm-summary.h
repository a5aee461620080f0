/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "cm-checks.h"
#include "cm-db.h"

G_BEGIN_DECLS

/* The programme at a glance for a period of whole months.
 *
 * Kitchens by status are counted as they stand now. The compliance
 * distribution takes each kitchen's latest verdict other than sin_evaluar
 * within the period (check_verdict); a kitchen without one is not evaluated.
 * It counts the kitchens not closed, and the closed ones that have a verdict
 * row in the period (they were open in it). Rations, fees and spending are
 * the sums of the reports of a kitchen dated in each month.
 *
 * Missing reports are operating days (cm-workdays.h) without a report from
 * the kitchen. A day is due when it lies within the days the reports cover
 * (the first to the last report date of the database, and never after today
 * in Mexico City), from the kitchen's opening to the day before its closing,
 * outside its suspensions (status_change); a kitchen suspended or closed
 * without a recorded decision is due until its last report. */

#define CM_SUMMARY_ERROR (cm_summary_error_quark ())

typedef enum
{
  CM_SUMMARY_ERROR_INVALID_PERIOD,  /* not months, or the first after the last */
} CmSummaryError;

typedef struct
{
  char   month[8];         /* YYYY-MM */
  gint64 reports;
  gint64 rations_paid;
  gint64 rations_free;
  gint64 fee_cents;
  gint64 spending_cents;
  guint  due_days;         /* kitchen-days a report was due */
  guint  missing;          /* of them, without a report */
} CmSummaryMonth;

typedef struct
{
  char        code[8];     /* INEGI cvegeo; "" for kitchens with no alcaldía */
  const char *name;        /* NULL for kitchens with no alcaldía */
  guint       by_status[3];   /* indexed by CmCanteenStatus */
  guint       by_verdict[4];  /* indexed by CmVerdict */
  guint       due_days;
  guint       missing;
} CmSummaryAlcaldia;

typedef struct
{
  char    first_month[8];     /* the period, YYYY-MM */
  char    last_month[8];
  char    data_first_month[8];/* the months the reports cover; "" when none */
  char    data_last_month[8];
  guint   kitchens;           /* every kitchen */
  guint   by_status[3];       /* indexed by CmCanteenStatus */
  guint   by_verdict[4];      /* indexed by CmVerdict */
  gint64  reports;
  gint64  rations_paid;
  gint64  rations_free;
  gint64  fee_cents;
  gint64  spending_cents;
  guint   due_days;
  guint   missing;
  GArray *months;             /* CmSummaryMonth, every month of the period in order */
  GArray *alcaldias;          /* CmSummaryAlcaldia, the 16 by code, then one for
                               * kitchens with no alcaldía when there are any */
} CmSummary;

GQuark      cm_summary_error_quark           (void);

CmSummary  *cm_summary_load                  (CmDb                *db,
                                              const char          *first_month,
                                              const char          *last_month,
                                              GError             **error);
void        cm_summary_load_async            (CmDb                *db,
                                              const char          *first_month,
                                              const char          *last_month,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
CmSummary  *cm_summary_load_finish           (GAsyncResult        *result,
                                              GError             **error);
void        cm_summary_free                  (CmSummary           *summary);

double      cm_summary_alcaldia_compliance   (const CmSummaryAlcaldia *alcaldia);
guint       cm_summary_alcaldia_kitchens     (const CmSummaryAlcaldia *alcaldia);
char       *cm_summary_month_label           (const char          *month);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CmSummary, cm_summary_free)

G_END_DECLS
