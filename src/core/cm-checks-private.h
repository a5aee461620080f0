/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "cm-check-catalog.h"
#include "cm-checks.h"
#include "cm-text.h"

G_BEGIN_DECLS

/* Shared by the two files of the checks: cm-checks.c reads a month and
 * writes its results, cm-checks-rules.c holds the checks themselves and the
 * evidence they write. */

#define MAX_DAYS 31

typedef enum
{
  DAY_OPEN,
  DAY_NOT_YET_OPEN,
  DAY_CLOSED,
  DAY_SUSPENDED,
} DayState;

typedef struct
{
  gint64      id;
  const char *instance_id;
  guint       day;            /* 0-based day of the month */
  gint64      paid;
  gint64      free_rations;
  gint64      fee_cents;
  gboolean    has_point;
  double      latitude;
  double      longitude;
  const char *device_id;      /* NULL when the row has none */
  const char *submitted_at;
  const char *no_receipt;     /* positions of the purchases without a receipt, "0,2"; or NULL */
  const char *folio_sent;     /* reports of no kitchen only */
  gboolean    is_new;         /* arrived since the checks last ran (when screening) */
  struct _Kitchen *kitchen;   /* while the month's reports are read */
} Report;

typedef struct
{
  gint64      id;
  const char *name;
  const char *role;
  const char *since;
  const char *until;
} Member;

/* A result already in check_result, to leave alone when it stands. */
typedef struct
{
  const char      *code;
  CmCheckOutcome   outcome;
  gint64           failures;
  gint64           rulebook_id;
  const char      *evidence;
  gsize            evidence_len;
  struct _Kitchen *kitchen;   /* while they are read */
} Stored;

typedef struct
{
  guint32  from;      /* julian days; 0 is an open start */
  guint32  until;     /* G_MAXUINT32 is an open end */
  DayState state;
} Span;

typedef struct _Kitchen
{
  gint64      id;              /* 0 for the reports of no kitchen */
  gboolean    charges_fee;     /* comunitarios; the others serve free */
  gboolean    has_point;
  double      latitude;
  double      longitude;
  gint64      capacity;        /* -1 when unknown */
  const char *status;
  const char *opened_on;
  const char *closed_on;
  const char *tablet_id;
  const char *last_report_date;
  guint8      state[MAX_DAYS];
  guint       due_days;        /* operating days, open and due */
  guint       open_days;
  guint32     open_mask;       /* bit d: open on day d (0-based) */
  gboolean    inferred;        /* its window depends on its last report */
  guint32     not_applicable;  /* bit i: slot i's stored result is not_applicable (when screening) */
  /* Slices of the month's arrays (one allocation each, not one per
   * kitchen: freeing 10,000 small arrays costs more than using them). */
  Span       *spans;           /* from status_change */
  guint       n_spans;
  guint       first_span;
  Report    **reports;         /* into the month's array, by day and id */
  guint       n_reports;
  Member     *members;         /* holding office */
  guint       n_members;
  guint       first_member;
  Stored    **stored;          /* its results of the month as they are stored */
  guint       n_stored;
} Kitchen;

typedef struct
{
  CmCheckOutcome outcome;
  guint          failures;
  int            severity;     /* the gravest among failing days, -1 when none */
  guint          noted;        /* items and counts the reports put in the evidence */
} Result;

typedef struct _Period Period;
typedef struct _Slot Slot;

typedef void (*CheckFunc) (Period  *p,
                           Slot    *slot,
                           Kitchen *k,
                           Result  *result,
                           GString *ev);

struct _Slot
{
  const char *code;
  const char *check;
  const CmCheckInfo *info;
  CheckFunc   func;
  gboolean    programme_wide;     /* the reports of no kitchen, not each kitchen */
  gboolean    reads_reports;      /* FALSE for the checks that judge the kitchen alone */
  CmRule     *by_day[MAX_DAYS];   /* the version in force each day, or NULL */
  CmRule     *latest;             /* the one in force on the last day it is */
  guint       latest_day;
  /* The check's first two parameters (in the catalog's order) each day:
   * looking them up by name for every report is a hash per report. */
  double      param[2][MAX_DAYS];
};

struct _Period
{
  CmDb           *db;
  gint64          rulebook_id;
  char            period[8];          /* YYYY-MM */
  char            first_text[11];
  char            last_text[11];
  GDate           first;
  guint32         first_julian;
  guint           n_days;
  gboolean        operating[MAX_DAYS];
  gint64          midnight[MAX_DAYS + 1]; /* each day's start in Mexico City, as UTC seconds */
  gboolean        holiday[MAX_DAYS];
  guint           due_from;           /* due days: due_from <= day < due_until */
  guint           due_until;
  GPtrArray      *slots;              /* Slot */
  GStringChunk   *strings;
  GArray         *kitchens;           /* Kitchen */
  GArray         *all_spans;          /* Span */
  GArray         *all_reports;        /* Report, as read */
  Report        **by_kitchen;         /* the same, kitchen by kitchen */
  GArray         *all_members;        /* Member */
  GArray         *all_stored;         /* Stored */
  Stored        **stored_by_kitchen;
  GHashTable     *index;              /* canteen id → position + 1 */
  Kitchen         nobody;             /* reports whose folio is no kitchen's */
  gboolean        with_nobody;
  const char     *computed_at;
  CmChecksStats  *stats;
  /* Prepared once for the month: cm_db_prepare() finds a statement by
   * hashing its text, which 130,000 times is not free. */
  sqlite3_stmt   *write_result;
  sqlite3_stmt   *write_verdict;
};

/* 0 when @text is not a date. */
static inline guint32
julian_of (const char *text)
{
  GDate date;

  if (text == NULL || !cm_text_parse_date (text, &date))
    return 0;
  return g_date_get_julian (&date);
}

static inline gboolean
two_digits (const char *p,
            int        *value)
{
  if (!g_ascii_isdigit (p[0]) || !g_ascii_isdigit (p[1]))
    return FALSE;
  *value = (p[0] - '0') * 10 + (p[1] - '0');
  return TRUE;
}

/* The check named @check (the rulebook only accepts checks of the catalog,
 * and the tests keep the catalog and the checks in step); @programme_wide
 * says it judges the reports of no kitchen rather than each kitchen. */
CheckFunc _cm_checks_find_implementation (const char *check,
                                          gboolean   *programme_wide,
                                          gboolean   *reads_reports);
/* Runs the check of @slot on @k and writes its evidence, a JSON object. */
void      _cm_checks_run                 (Period     *p,
                                          Slot       *slot,
                                          Kitchen    *k,
                                          Result     *result,
                                          GString    *evidence);

G_END_DECLS
