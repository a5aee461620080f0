/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "cm-db.h"

G_BEGIN_DECLS

/* The demo world and the anomalies planted in it.
 *
 * Every kitchen has its own random stream (cm_rng_fork() by its index), so
 * the same options give the same rows, ids included. A kitchen's window is
 * the period [end - months + 1 day, end], cut at its opening, at its closing
 * (closed_on is the first day closed) and, for a suspended kitchen, at the
 * day its suspension began (it reported on the last operating day before).
 *
 * Planted anomalies, with the rates they are drawn at (per-report kinds: of
 * the reports made for operating days). A report carries at most one of the
 * per-report kinds, so each count below is exactly what its SQL finds:
 *
 *   missing_days          3 % of a kitchen's operating days have no report,
 *                         plus 3 % of kitchens (those with 20 operating
 *                         days or more in their window) miss a streak of 6–15
 *                         consecutive operating days (missing_streaks counts those
 *                         kitchens; their days are in missing_days). The last
 *                         operating day of a suspended kitchen is never missed.
 *   fee_mismatches        2 %    fee_cents != rations_paid × 1100 (× 1000 before
 *                                2020-01-01); a público that charged counts.
 *   over_capacity         1.5 %  rations_paid + rations_free > capacity.
 *   gps_far               1 %    the point is 1.5–12 km from the kitchen
 *                                (normal points lie within 60 m).
 *   late_submissions      3 %    submitted 1–6 days after report_date (local
 *                                time, UTC−6), instead of 16:00–19:00 that day.
 *   unregistered_devices  0.5 %  device_id is not the kitchen's tablet_id.
 *   missing_receipts      1 %    one purchase has no receipt photo.
 *   duplicate_days        0.3 %  a second report for the same kitchen and
 *                                date, another instance id, sent 5–120 minutes
 *                                after the first; counted once per extra report.
 *   offday_reports        0.2 % of the non-operating days inside a kitchen's
 *                                window (weekends, holidays) get a report.
 *   unknown_folios        max (2, kitchens / 90) reports whose folio_sent
 *                                (CC9xx, or above the highest folio) is nobody's:
 *                                canteen_id is NULL. They are otherwise clean.
 *   members_holding_office  2 % of kitchens have one active committee member
 *                                with holds_office = 1.
 *
 * Kitchens: 88 % comunitario (folio CC001…), 12 % público (CP001…, free,
 * fee 0); 92 % active, 5 % suspended 2–10 weeks before the end, 3 % closed
 * within the period; 5 % opened within the period (when it is 90 days or
 * longer). Duplicates, off-day reports and unknown folios are clean of every
 * other kind; the duplicated original is clean too. Reports with a review
 * state (about 5 %, none in the last 20 days) have updated_at set to the
 * review's time, later than submitted_at; the others have it NULL.
 */

typedef void (*CmDemoProgressFunc) (guint    done,
                                    guint    total,
                                    gpointer user_data);

typedef struct
{
  guint64            seed;
  guint              kitchens;      /* 1 … 100 000 */
  guint              months;        /* 1 … 120 */
  GDate              end;           /* the last day, included */

  /* Called from the generating thread, with the database locked, after each
   * kitchen: do not use the database from it. */
  CmDemoProgressFunc progress;
  gpointer           progress_data;
} CmDemoOptions;

typedef struct
{
  GDate first_day;
  GDate last_day;

  guint kitchens;
  guint comunitarios;
  guint publicos;
  guint kitchens_active;
  guint kitchens_suspended;
  guint kitchens_closed;
  guint kitchens_opened_in_period;
  guint committee_members;        /* rows, former members included */
  guint reports;                  /* rows, duplicates and unknown folios included */
  guint purchases;
  guint expected_days;            /* kitchen operating days inside the windows */

  /* Planted anomalies (see above). */
  guint missing_days;
  guint missing_streaks;
  guint fee_mismatches;
  guint over_capacity;
  guint gps_far;
  guint late_submissions;
  guint unregistered_devices;
  guint missing_receipts;
  guint duplicate_days;
  guint offday_reports;
  guint unknown_folios;
  guint members_holding_office;
} CmDemoSummary;

void     cm_demo_options_init_default (CmDemoOptions       *options);
gboolean cm_demo_generate             (CmDb                *db,
                                       const CmDemoOptions *options,
                                       CmDemoSummary       *summary,
                                       GCancellable        *cancellable,
                                       GError             **error);

G_END_DECLS
