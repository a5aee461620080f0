/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "cm-checks"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "cm-checks-private.h"
#include "cm-rulebook-private.h"
#include "cm-workdays.h"

/* A month is evaluated with a handful of set-based queries (the kitchens,
 * their suspensions, their reports with the purchases that lack a receipt,
 * the committee members holding office), then every check runs in memory
 * over each kitchen's reports, and the results are written back. An update
 * does that only for the (kitchen, month) pairs the triggers marked dirty,
 * and for whole months when what every kitchen is judged by moved: the
 * rulebook, or the span of days the reports cover. The checks themselves are
 * in cm-checks-rules.c. */

G_DEFINE_QUARK (cm-checks-error-quark, cm_checks_error)

/* Dates. */

static void
format_julian (guint32 julian,
               char    buf[11])
{
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_julian (&date, julian);
  g_snprintf (buf, 11, "%04u-%02u-%02u", g_date_get_year (&date),
              g_date_get_month (&date), g_date_get_day (&date));
}

/**
 * cm_checks_parse_period:
 * @period: a month written as `YYYY-MM`
 * @first: (out) (optional): its first day
 * @last: (out) (optional): its last day
 *
 * Returns: %TRUE when @period is a month
 */
gboolean
cm_checks_parse_period (const char *period,
                        GDate      *first,
                        GDate      *last)
{
  int y1, y2, m;
  GDate a;

  if (period == NULL || strlen (period) != 7 || period[4] != '-' ||
      !two_digits (period, &y1) || !two_digits (period + 2, &y2) || !two_digits (period + 5, &m) ||
      m < 1 || m > 12 || y1 * 100 + y2 < 1)
    return FALSE;

  g_date_clear (&a, 1);
  g_date_set_dmy (&a, 1, m, y1 * 100 + y2);
  if (first != NULL)
    *first = a;
  if (last != NULL)
    {
      *last = a;
      g_date_set_day (last, g_date_get_days_in_month (m, y1 * 100 + y2));
    }
  return TRUE;
}

/* Periods: the rules of the month, and its days. */

static void
period_clear (Period *p)
{
  g_clear_pointer (&p->kitchens, g_array_unref);
  g_clear_pointer (&p->all_spans, g_array_unref);
  g_clear_pointer (&p->all_reports, g_array_unref);
  g_clear_pointer (&p->by_kitchen, g_free);
  g_clear_pointer (&p->all_members, g_array_unref);
  g_clear_pointer (&p->all_stored, g_array_unref);
  g_clear_pointer (&p->stored_by_kitchen, g_free);
  g_clear_pointer (&p->index, g_hash_table_unref);
  g_clear_pointer (&p->slots, g_ptr_array_unref);
  g_clear_pointer (&p->strings, g_string_chunk_free);
}

/* @due_first and @due_last (julian, 0 for none) bound the days a kitchen
 * must have reported. */
static void
period_init (Period        *p,
             CmDb          *db,
             CmRulebook    *rulebook,
             gint64         rulebook_id,
             const char    *period,
             guint32        due_first,
             guint32        due_last,
             const char    *computed_at,
             CmChecksStats *stats)
{
  GPtrArray *rules = cm_rulebook_get_rules (rulebook);
  GDate last;

  memset (p, 0, sizeof *p);
  p->db = db;
  p->rulebook_id = rulebook_id;
  p->computed_at = computed_at;
  p->stats = stats;
  g_strlcpy (p->period, period, sizeof p->period);
  if (!cm_checks_parse_period (period, &p->first, &last))
    g_assert_not_reached ();
  p->first_julian = g_date_get_julian (&p->first);
  p->n_days = g_date_get_day (&last);
  g_snprintf (p->first_text, sizeof p->first_text, "%s-01", period);
  g_snprintf (p->last_text, sizeof p->last_text, "%s-%02u", period, p->n_days);

  for (guint d = 0; d <= p->n_days; d++)
    {
      g_autoptr(GDateTime) midnight = NULL;
      GDate day;

      g_date_clear (&day, 1);
      g_date_set_julian (&day, p->first_julian + d);
      midnight = g_date_time_new (cm_text_programme_timezone (), g_date_get_year (&day),
                                  g_date_get_month (&day), g_date_get_day (&day), 0, 0, 0);
      p->midnight[d] = g_date_time_to_unix (midnight);
      if (d == p->n_days)
        break;
      p->operating[d] = cm_workdays_is_operating_day (&day);
      p->holiday[d] = cm_workdays_is_holiday (&day);
    }

  p->due_from = p->n_days;
  p->due_until = 0;
  if (due_first != 0 && due_last != 0)
    {
      gint64 from = (gint64) due_first - p->first_julian;
      gint64 until = (gint64) due_last - p->first_julian + 1;

      from = CLAMP (from, 0, (gint64) p->n_days);
      until = CLAMP (until, 0, (gint64) p->n_days);
      if (from < until)
        {
          p->due_from = (guint) from;
          p->due_until = (guint) until;
        }
    }

  /* One slot per automatic rule in force on some day of the month, in the
   * rulebook's order. */
  p->slots = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < rules->len; i++)
    {
      CmRule *rule = g_ptr_array_index (rules, i);
      Slot *slot = NULL;

      if (cm_rule_get_kind (rule) != CM_RULE_KIND_AUTOMATIC)
        continue;

      for (guint j = 0; j < p->slots->len; j++)
        if (strcmp (((Slot *) g_ptr_array_index (p->slots, j))->code, cm_rule_get_code (rule)) == 0)
          slot = g_ptr_array_index (p->slots, j);

      for (guint d = 0; d < p->n_days; d++)
        {
          GDate day;

          g_date_clear (&day, 1);
          g_date_set_julian (&day, p->first_julian + d);
          if (!cm_rule_is_in_force (rule, &day))
            continue;

          if (slot == NULL)
            {
              slot = g_new0 (Slot, 1);
              slot->code = cm_rule_get_code (rule);
              slot->check = cm_rule_get_check (rule);
              slot->func = _cm_checks_find_implementation (slot->check, &slot->programme_wide,
                                                           &slot->reads_reports);
              slot->info = cm_check_catalog_lookup (slot->check);
              g_ptr_array_add (p->slots, slot);
            }
          slot->by_day[d] = rule;
          for (guint n = 0; n < 2 && slot->info->params[n].name != NULL; n++)
            slot->param[n][d] = cm_rule_get_param_double (rule, slot->info->params[n].name, 0);
          if (slot->latest == NULL || d >= slot->latest_day)
            {
              slot->latest = rule;
              slot->latest_day = d;
            }
        }
    }

  p->strings = g_string_chunk_new (1024 * 1024);
  p->kitchens = g_array_new (FALSE, TRUE, sizeof (Kitchen));
  p->index = g_hash_table_new (g_int64_hash, g_int64_equal);
  p->all_spans = g_array_new (FALSE, FALSE, sizeof (Span));
  p->all_reports = g_array_new (FALSE, FALSE, sizeof (Report));
  p->all_members = g_array_new (FALSE, FALSE, sizeof (Member));
  p->all_stored = g_array_new (FALSE, FALSE, sizeof (Stored));
  p->nobody.capacity = -1;
}

/* Copied, not interned: hashing 220,000 device ids costs more than the
 * memory it saves. */
static const char *
column_string (Period       *p,
               sqlite3_stmt *stmt,
               int           column)
{
  const char *text = (const char *) sqlite3_column_text (stmt, column);

  return text != NULL ? g_string_chunk_insert_len (p->strings, text, sqlite3_column_bytes (stmt, column))
                      : NULL;
}

static Kitchen *
find_kitchen (Period *p,
              gint64  id)
{
  guint position = GPOINTER_TO_UINT (g_hash_table_lookup (p->index, &id));

  return position > 0 ? &g_array_index (p->kitchens, Kitchen, position - 1) : NULL;
}

static gboolean
step_error (CmDb          *db,
            sqlite3_stmt  *stmt,
            int            rc,
            GError       **error)
{
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      cm_db_set_error_from_handle (db, error);
      return FALSE;
    }
  return TRUE;
}

static gboolean
load_kitchens (Period  *p,
               GError **error)
{
  sqlite3_stmt *stmt;
  int rc;

  stmt = cm_db_prepare (p->db,
                        "SELECT c.id, c.modality, c.latitude, c.longitude, c.capacity, c.status,"
                        " c.opened_on, c.closed_on, c.tablet_id, c.last_report_date"
                        " FROM temp.cm_check_set s JOIN canteen c ON c.id = s.id ORDER BY c.id",
                        error);
  if (stmt == NULL)
    return FALSE;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      Kitchen k = { 0 };

      k.id = sqlite3_column_int64 (stmt, 0);
      k.charges_fee = g_strcmp0 ((const char *) sqlite3_column_text (stmt, 1), "comunitario") == 0;
      k.has_point = sqlite3_column_type (stmt, 2) != SQLITE_NULL &&
                    sqlite3_column_type (stmt, 3) != SQLITE_NULL;
      k.latitude = sqlite3_column_double (stmt, 2);
      k.longitude = sqlite3_column_double (stmt, 3);
      k.capacity = sqlite3_column_type (stmt, 4) == SQLITE_NULL ? -1 : sqlite3_column_int64 (stmt, 4);
      k.status = column_string (p, stmt, 5);
      k.opened_on = column_string (p, stmt, 6);
      k.closed_on = column_string (p, stmt, 7);
      k.tablet_id = column_string (p, stmt, 8);
      if (k.tablet_id != NULL && *k.tablet_id == '\0')
        k.tablet_id = NULL;
      k.last_report_date = column_string (p, stmt, 9);
      g_array_append_val (p->kitchens, k);
    }
  if (!step_error (p->db, stmt, rc, error))
    return FALSE;

  /* Positions only once the array stops moving. */
  for (guint i = 0; i < p->kitchens->len; i++)
    {
      Kitchen *k = &g_array_index (p->kitchens, Kitchen, i);

      g_hash_table_insert (p->index, &k->id, GUINT_TO_POINTER (i + 1));
    }

  return TRUE;
}

/* Suspensions and closures as the supervisors recorded them: each lasts
 * until the next decision. */
static gboolean
load_spans (Period  *p,
            GError **error)
{
  sqlite3_stmt *stmt;
  Kitchen *k = NULL;
  int rc;

  stmt = cm_db_prepare (p->db,
                        "SELECT sc.canteen_id, sc.new_status, sc.effective_on"
                        " FROM temp.cm_check_set s JOIN status_change sc ON sc.canteen_id = s.id"
                        " ORDER BY sc.canteen_id, sc.effective_on, sc.id",
                        error);
  if (stmt == NULL)
    return FALSE;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      const char *status = (const char *) sqlite3_column_text (stmt, 1);
      guint32 on = julian_of ((const char *) sqlite3_column_text (stmt, 2));
      Span span;

      if (k == NULL || k->id != id)
        k = find_kitchen (p, id);
      if (k == NULL || on == 0)
        continue;

      /* A new decision ends the span before it. */
      if (k->n_spans > 0)
        {
          Span *prev = &g_array_index (p->all_spans, Span, k->first_span + k->n_spans - 1);

          if (prev->until == G_MAXUINT32)
            prev->until = on > prev->from ? on - 1 : prev->from;
        }

      if (g_strcmp0 (status, "suspended") == 0 || g_strcmp0 (status, "closed") == 0)
        {
          span.from = on;
          span.until = G_MAXUINT32;
          span.state = g_strcmp0 (status, "closed") == 0 ? DAY_CLOSED : DAY_SUSPENDED;
          if (k->n_spans == 0)
            k->first_span = p->all_spans->len;
          g_array_append_val (p->all_spans, span);
          k->n_spans++;
        }
    }

  /* Rows come kitchen by kitchen, so each one's spans are together. */
  for (guint i = 0; i < p->kitchens->len; i++)
    {
      Kitchen *kk = &g_array_index (p->kitchens, Kitchen, i);

      if (kk->n_spans > 0)
        kk->spans = &g_array_index (p->all_spans, Span, kk->first_span);
    }

  return step_error (p->db, stmt, rc, error);
}

static void
compute_days (Period  *p,
              Kitchen *k)
{
  guint32 opened = julian_of (k->opened_on);
  guint32 closed = julian_of (k->closed_on);
  gboolean inferred = FALSE;
  Span guess = { 0, G_MAXUINT32, DAY_SUSPENDED };

  /* Suspended or closed with no date on record: from the day after its
   * last report, the last day it is known to have worked. */
  if ((g_strcmp0 (k->status, "suspended") == 0 && (k->n_spans == 0 ||
        k->spans[k->n_spans - 1].until != G_MAXUINT32)) ||
      (g_strcmp0 (k->status, "closed") == 0 && closed == 0 && (k->n_spans == 0 ||
        k->spans[k->n_spans - 1].until != G_MAXUINT32)))
    {
      guint32 last = julian_of (k->last_report_date);

      inferred = TRUE;
      guess.from = last != 0 ? last + 1 : opened;
      guess.state = g_strcmp0 (k->status, "closed") == 0 ? DAY_CLOSED : DAY_SUSPENDED;
    }

  k->inferred = inferred;
  k->due_days = 0;
  k->open_days = 0;
  k->open_mask = 0;
  for (guint d = 0; d < p->n_days; d++)
    {
      guint32 j = p->first_julian + d;
      DayState state = DAY_OPEN;

      if (opened != 0 && j < opened)
        state = DAY_NOT_YET_OPEN;
      else if (closed != 0 && j >= closed)
        state = DAY_CLOSED;
      else
        {
          for (guint i = 0; i < k->n_spans; i++)
            {
              const Span *span = &k->spans[i];

              if (j >= span->from && j <= span->until)
                state = span->state;
            }
          if (inferred && j >= guess.from)
            state = guess.state;
        }

      k->state[d] = state;
      if (state == DAY_OPEN)
        {
          k->open_days++;
          k->open_mask |= 1u << d;
          if (p->operating[d] && d >= p->due_from && d < p->due_until)
            k->due_days++;
        }
    }
}

static gboolean
read_reports (Period        *p,
              sqlite3_stmt  *stmt,
              GError       **error)
{
  Kitchen *k = NULL;
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *date = (const char *) sqlite3_column_text (stmt, 3);
      Report r;
      int day;

      /* The query's range holds only this month's dates; a malformed one
       * cannot be placed on a day. */
      if (date == NULL || strlen (date) != 10 || !two_digits (date + 8, &day) ||
          day < 1 || (guint) day > p->n_days)
        continue;

      if (sqlite3_column_type (stmt, 0) == SQLITE_NULL)
        {
          if (!p->with_nobody)
            continue;
          k = &p->nobody;
        }
      else if (k == NULL || k->id != sqlite3_column_int64 (stmt, 0))
        {
          k = find_kitchen (p, sqlite3_column_int64 (stmt, 0));
          if (k == NULL)
            continue;
        }

      r.id = sqlite3_column_int64 (stmt, 1);
      r.instance_id = column_string (p, stmt, 2);
      r.day = (guint) day - 1;
      r.paid = sqlite3_column_int64 (stmt, 4);
      r.free_rations = sqlite3_column_int64 (stmt, 5);
      r.fee_cents = sqlite3_column_int64 (stmt, 6);
      r.has_point = sqlite3_column_type (stmt, 7) != SQLITE_NULL &&
                    sqlite3_column_type (stmt, 8) != SQLITE_NULL;
      r.latitude = sqlite3_column_double (stmt, 7);
      r.longitude = sqlite3_column_double (stmt, 8);
      r.device_id = column_string (p, stmt, 9);
      r.submitted_at = column_string (p, stmt, 10);
      r.no_receipt = column_string (p, stmt, 11);
      r.folio_sent = k == &p->nobody ? column_string (p, stmt, 12) : NULL;
      r.is_new = sqlite3_column_count (stmt) > 13 && sqlite3_column_int (stmt, 13) != 0;
      r.kitchen = k;
      g_array_append_val (p->all_reports, r);
      k->n_reports++;
      if (p->stats != NULL)
        p->stats->reports++;
    }

  return step_error (p->db, stmt, rc, error);
}

#define REPORT_COLUMNS \
  "r.canteen_id, r.id, r.instance_id, r.report_date, r.rations_paid, r.rations_free," \
  " r.fee_cents, r.latitude, r.longitude, r.device_id, r.submitted_at," \
  " (SELECT group_concat (p.position) FROM purchase p WHERE p.report_id = r.id" \
  "   AND (p.receipt_photo IS NULL OR p.receipt_photo = ''))"

/* Below this many kitchens, their reports are found kitchen by kitchen;
 * above, the month is read whole from the narrow report_checks index. */
#define FEW_KITCHENS 48

static gboolean
load_reports (Period    *p,
              gboolean   whole_month,
              GError   **error)
{
  sqlite3_stmt *stmt;

  /* About a report per kitchen and day: growing by doubling would copy
   * tens of megabytes for 10,000 kitchens. */
  g_array_set_size (p->all_reports, (p->kitchens->len + 1) * 24);
  g_array_set_size (p->all_reports, 0);

  if (whole_month)
    stmt = cm_db_prepare (p->db,
                          "SELECT " REPORT_COLUMNS ", NULL FROM report r INDEXED BY report_checks"
                          " WHERE r.report_date BETWEEN ?1 AND ?2 AND r.canteen_id IS NOT NULL",
                          error);
  /* Beyond a few kitchens, and unless they are a few hundred of thousands
   * (those a day's sync changed), reading the month's entries costs less
   * than finding each kitchen's reports. */
  else if (p->kitchens->len > FEW_KITCHENS &&
           (gint64) p->kitchens->len * 8 > cm_db_query_int (p->db, "SELECT count(*) FROM canteen", NULL))
    stmt = cm_db_prepare (p->db,
                          "SELECT " REPORT_COLUMNS ", NULL FROM report r INDEXED BY report_checks"
                          " WHERE r.report_date BETWEEN ?1 AND ?2"
                          "   AND r.canteen_id IN (SELECT id FROM temp.cm_check_set)",
                          error);
  else
    stmt = cm_db_prepare (p->db,
                          "SELECT " REPORT_COLUMNS ", NULL FROM temp.cm_check_set s"
                          " CROSS JOIN report r INDEXED BY report_canteen_date"
                          " ON r.canteen_id = s.id AND r.report_date BETWEEN ?1 AND ?2",
                          error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, p->first_text, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, p->last_text, -1, SQLITE_STATIC);
  if (!read_reports (p, stmt, error))
    return FALSE;

  if (!p->with_nobody)
    return TRUE;

  stmt = cm_db_prepare (p->db,
                        "SELECT " REPORT_COLUMNS ", r.folio_sent FROM report r"
                        " WHERE r.canteen_id IS NULL AND r.report_date BETWEEN ?1 AND ?2",
                        error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, p->first_text, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, p->last_text, -1, SQLITE_STATIC);
  return read_reports (p, stmt, error);
}

/* The month's reports, kitchen by kitchen, each kitchen's by day and id
 * whatever the index they were read from, so the same reports always give
 * the same evidence. */
static void
group_reports (Period *p)
{
  guint n = p->all_reports->len;
  guint offset = 0;

  p->by_kitchen = g_new (Report *, MAX (n, 1));

  for (guint i = 0; i <= p->kitchens->len; i++)
    {
      Kitchen *k = i < p->kitchens->len ? &g_array_index (p->kitchens, Kitchen, i) : &p->nobody;

      k->reports = p->by_kitchen + offset;
      offset += k->n_reports;
      k->n_reports = 0;
    }

  for (guint i = 0; i < n; i++)
    {
      Report *r = &g_array_index (p->all_reports, Report, i);

      r->kitchen->reports[r->kitchen->n_reports++] = r;
    }

  /* Nearly in order already: an insertion sort is linear then. */
  for (guint i = 0; i <= p->kitchens->len; i++)
    {
      Kitchen *k = i < p->kitchens->len ? &g_array_index (p->kitchens, Kitchen, i) : &p->nobody;

      for (guint a = 1; a < k->n_reports; a++)
        {
          Report *r = k->reports[a];
          guint b = a;

          while (b > 0 && (k->reports[b - 1]->day > r->day ||
                           (k->reports[b - 1]->day == r->day && k->reports[b - 1]->id > r->id)))
            {
              k->reports[b] = k->reports[b - 1];
              b--;
            }
          k->reports[b] = r;
        }
    }
}

static gboolean
load_members (Period  *p,
              GError **error)
{
  sqlite3_stmt *stmt;
  int rc;

  stmt = cm_db_prepare (p->db,
                        "SELECT m.canteen_id, m.id, m.name, m.role, m.since, m.until"
                        " FROM temp.cm_check_set s"
                        " JOIN committee_member m ON m.canteen_id = s.id AND m.holds_office = 1"
                        " WHERE m.since <= ?2 AND (m.until IS NULL OR m.until >= ?1)"
                        " ORDER BY m.canteen_id, m.id",
                        error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, p->first_text, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, p->last_text, -1, SQLITE_STATIC);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      Kitchen *k = find_kitchen (p, sqlite3_column_int64 (stmt, 0));
      Member m;

      if (k == NULL)
        continue;
      m.id = sqlite3_column_int64 (stmt, 1);
      m.name = column_string (p, stmt, 2);
      m.role = column_string (p, stmt, 3);
      m.since = column_string (p, stmt, 4);
      m.until = column_string (p, stmt, 5);
      if (k->n_members == 0)
        k->first_member = p->all_members->len;
      g_array_append_val (p->all_members, m);
      k->n_members++;
    }

  for (guint i = 0; i < p->kitchens->len; i++)
    {
      Kitchen *kk = &g_array_index (p->kitchens, Kitchen, i);

      if (kk->n_members > 0)
        kk->members = &g_array_index (p->all_members, Member, kk->first_member);
    }

  return step_error (p->db, stmt, rc, error);
}

/* What is stored for the kitchens of the month, so that a result found
 * again unchanged costs a comparison in memory rather than a statement. */
static gboolean
load_stored (Period    *p,
             gboolean   whole_month,
             GError   **error)
{
  sqlite3_stmt *stmt;
  guint offset = 0;
  int rc;

  if (whole_month)
    stmt = cm_db_prepare (p->db,
                          "SELECT ifnull (canteen_id, 0), rule_code, outcome, failures, rulebook_id, evidence"
                          " FROM check_result WHERE period = ?1",
                          error);
  else
    stmt = cm_db_prepare (p->db,
                          "SELECT s.id, c.rule_code, c.outcome, c.failures, c.rulebook_id, c.evidence"
                          " FROM (SELECT id FROM temp.cm_check_set UNION ALL SELECT 0) s"
                          " JOIN check_result c ON ifnull (c.canteen_id, 0) = s.id AND c.period = ?1",
                          error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, p->period, -1, SQLITE_STATIC);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      Kitchen *k = id == 0 ? &p->nobody : find_kitchen (p, id);
      Stored stored;

      if (k == NULL || !cm_check_outcome_from_string ((const char *) sqlite3_column_text (stmt, 2),
                                                       &stored.outcome))
        continue;
      stored.code = column_string (p, stmt, 1);
      stored.failures = sqlite3_column_int64 (stmt, 3);
      stored.rulebook_id = sqlite3_column_int64 (stmt, 4);
      stored.evidence = column_string (p, stmt, 5);
      stored.evidence_len = (gsize) sqlite3_column_bytes (stmt, 5);
      stored.kitchen = k;
      g_array_append_val (p->all_stored, stored);
      k->n_stored++;
    }
  if (!step_error (p->db, stmt, rc, error))
    return FALSE;

  p->stored_by_kitchen = g_new (Stored *, MAX (p->all_stored->len, 1));
  for (guint i = 0; i <= p->kitchens->len; i++)
    {
      Kitchen *k = i < p->kitchens->len ? &g_array_index (p->kitchens, Kitchen, i) : &p->nobody;

      k->stored = p->stored_by_kitchen + offset;
      offset += k->n_stored;
      k->n_stored = 0;
    }
  for (guint i = 0; i < p->all_stored->len; i++)
    {
      Stored *stored = &g_array_index (p->all_stored, Stored, i);

      stored->kitchen->stored[stored->kitchen->n_stored++] = stored;
    }

  return TRUE;
}

static gboolean
stands (Period        *p,
        Kitchen       *k,
        Slot          *slot,
        const Result  *result,
        GString       *evidence)
{
  for (guint i = 0; i < k->n_stored; i++)
    {
      const Stored *stored = k->stored[i];

      if (strcmp (stored->code, slot->code) == 0)
        return stored->outcome == result->outcome && stored->failures == result->failures &&
               stored->rulebook_id == p->rulebook_id && stored->evidence_len == evidence->len &&
               memcmp (stored->evidence, evidence->str, evidence->len) == 0;
    }

  return FALSE;
}

/* Writing. */

static gboolean
write_result (Period       *p,
              gint64        canteen_id,
              Slot         *slot,
              const Result *result,
              GString      *evidence,
              GError      **error)
{
  sqlite3_stmt *stmt;

  /* A result that did not change is left as it was, computed_at included:
   * most of a month's results do not change when a day is added. */
  if (p->write_result == NULL &&
      !(p->write_result = cm_db_prepare (p->db,
                                         "INSERT INTO check_result (canteen_id, period, rule_code, outcome,"
                                         " failures, evidence, rulebook_id, computed_at)"
                                         " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"
                                         " ON CONFLICT (ifnull (canteen_id, 0), period, rule_code) DO UPDATE SET"
                                         "  outcome = excluded.outcome, failures = excluded.failures,"
                                         "  evidence = excluded.evidence, rulebook_id = excluded.rulebook_id,"
                                         "  computed_at = excluded.computed_at"
                                         " WHERE outcome IS NOT excluded.outcome"
                                         "    OR failures IS NOT excluded.failures"
                                         "    OR rulebook_id IS NOT excluded.rulebook_id"
                                         "    OR evidence IS NOT excluded.evidence",
                                         error)))
    return FALSE;
  stmt = p->write_result;

  if (canteen_id > 0)
    sqlite3_bind_int64 (stmt, 1, canteen_id);
  else
    sqlite3_bind_null (stmt, 1);
  sqlite3_bind_text (stmt, 2, p->period, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, slot->code, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, cm_check_outcome_to_string (result->outcome), -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 5, result->failures);
  sqlite3_bind_text (stmt, 6, evidence->str, (int) evidence->len, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 7, p->rulebook_id);
  sqlite3_bind_text (stmt, 8, p->computed_at, -1, SQLITE_STATIC);

  if (!cm_db_step_done (p->db, stmt, error))
    return FALSE;
  if (p->stats != NULL)
    p->stats->results += (guint) sqlite3_changes (cm_db_get_handle (p->db));
  return TRUE;
}

static gboolean
write_verdict (Period     *p,
               Kitchen    *k,
               CmVerdict   verdict,
               guint       failed,
               int         worst,
               GError    **error)
{
  sqlite3_stmt *stmt;

  if (p->write_verdict == NULL &&
      !(p->write_verdict = cm_db_prepare (p->db,
                                          "INSERT INTO check_verdict (canteen_id, period, verdict, failed_rules,"
                                          " worst_severity, open_days, rulebook_id, computed_at)"
                                          " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"
                                          " ON CONFLICT (canteen_id, period) DO UPDATE SET"
                                          "  verdict = excluded.verdict, failed_rules = excluded.failed_rules,"
                                          "  worst_severity = excluded.worst_severity, open_days = excluded.open_days,"
                                          "  rulebook_id = excluded.rulebook_id, computed_at = excluded.computed_at"
                                          " WHERE verdict IS NOT excluded.verdict"
                                          "    OR failed_rules IS NOT excluded.failed_rules"
                                          "    OR worst_severity IS NOT excluded.worst_severity"
                                          "    OR open_days IS NOT excluded.open_days"
                                          "    OR rulebook_id IS NOT excluded.rulebook_id",
                                          error)))
    return FALSE;
  stmt = p->write_verdict;

  sqlite3_bind_int64 (stmt, 1, k->id);
  sqlite3_bind_text (stmt, 2, p->period, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, cm_verdict_to_string (verdict), -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 4, (int) failed);
  if (worst >= 0)
    sqlite3_bind_text (stmt, 5, cm_rule_severity_to_string ((CmRuleSeverity) worst), -1, SQLITE_STATIC);
  else
    sqlite3_bind_null (stmt, 5);
  sqlite3_bind_int64 (stmt, 6, (gint64) k->open_mask);
  sqlite3_bind_int64 (stmt, 7, p->rulebook_id);
  sqlite3_bind_text (stmt, 8, p->computed_at, -1, SQLITE_STATIC);

  return cm_db_step_done (p->db, stmt, error);
}

static gboolean
forget_pair (Period   *p,
             gint64    canteen_id,
             GError  **error)
{
  sqlite3_stmt *stmt;

  stmt = cm_db_prepare (p->db, "DELETE FROM check_result WHERE ifnull (canteen_id, 0) = ?1 AND period = ?2",
                        error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, canteen_id);
  sqlite3_bind_text (stmt, 2, p->period, -1, SQLITE_STATIC);
  if (!cm_db_step_done (p->db, stmt, error))
    return FALSE;

  stmt = cm_db_prepare (p->db, "DELETE FROM check_verdict WHERE canteen_id = ?1 AND period = ?2", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, canteen_id);
  sqlite3_bind_text (stmt, 2, p->period, -1, SQLITE_STATIC);
  return cm_db_step_done (p->db, stmt, error);
}

static gboolean
evaluate_kitchen (Period   *p,
                  Kitchen  *k,
                  GString  *evidence,
                  GError  **error)
{
  guint failed = 0, applied = 0;
  int worst = -1;
  CmVerdict verdict;

  for (guint i = 0; i < p->slots->len; i++)
    {
      Slot *slot = g_ptr_array_index (p->slots, i);
      Result result = { CM_CHECK_OUTCOME_NOT_APPLICABLE, 0, -1 };

      /* The programme-wide rule has only the row of no kitchen. */
      if ((k == &p->nobody) != slot->programme_wide)
        continue;

      _cm_checks_run (p, slot, k, &result, evidence);

      if (!stands (p, k, slot, &result, evidence) &&
          !write_result (p, k->id, slot, &result, evidence, error))
        return FALSE;

      if (result.outcome == CM_CHECK_OUTCOME_FAIL)
        {
          failed++;
          worst = MAX (worst, result.severity);
        }
      if (result.outcome != CM_CHECK_OUTCOME_NOT_APPLICABLE)
        applied++;
    }

  if (k == &p->nobody)
    return TRUE;

  if (worst >= CM_RULE_SEVERITY_SUSPENSION)
    verdict = CM_VERDICT_DOES_NOT_COMPLY;
  else if (failed > 0)
    verdict = CM_VERDICT_COMPLIES_WITH_REMARKS;
  else if (applied > 0)
    verdict = CM_VERDICT_COMPLIES;
  else
    verdict = CM_VERDICT_NOT_EVALUATED;

  return write_verdict (p, k, verdict, failed, worst, error);
}

/* Evaluates the kitchens of temp.cm_check_set for the month (@whole_month:
 * every kitchen that has or should have results). With @fresh the month's
 * results are first deleted: the rulebook changed, and with it perhaps the
 * rules in force. */
static gboolean
evaluate (Period        *p,
          gboolean       whole_month,
          gboolean       fresh,
          GCancellable  *cancellable,
          GError       **error)
{
  g_autoptr(GString) evidence = g_string_sized_new (4096);
  sqlite3_stmt *stmt;

  if (!load_kitchens (p, error) || !load_spans (p, error) ||
      !load_reports (p, whole_month, error) || !load_members (p, error) ||
      (!fresh && !load_stored (p, whole_month, error)))
    return FALSE;
  group_reports (p);

  if (fresh)
    {
      stmt = cm_db_prepare (p->db, "DELETE FROM check_result WHERE period = ?1", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, p->period, -1, SQLITE_STATIC);
      if (!cm_db_step_done (p->db, stmt, error))
        return FALSE;

      stmt = cm_db_prepare (p->db, "DELETE FROM check_verdict WHERE period = ?1", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, p->period, -1, SQLITE_STATIC);
      if (!cm_db_step_done (p->db, stmt, error))
        return FALSE;
    }

  if (p->stats != NULL)
    {
      p->stats->periods++;
      if (whole_month)
        p->stats->full_periods++;
    }

  for (guint i = 0; i < p->kitchens->len; i++)
    {
      Kitchen *k = &g_array_index (p->kitchens, Kitchen, i);

      if (i % 512 == 0 && g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;

      compute_days (p, k);

      /* Neither open nor reporting this month: it has no results here. */
      if (k->open_days == 0 && k->n_reports == 0)
        {
          if (!forget_pair (p, k->id, error))
            return FALSE;
          continue;
        }

      if (!evaluate_kitchen (p, k, evidence, error))
        return FALSE;
      if (p->stats != NULL)
        p->stats->kitchen_periods++;
    }

  if (p->with_nobody)
    {
      if (!evaluate_kitchen (p, &p->nobody, evidence, error))
        return FALSE;
      if (p->stats != NULL)
        p->stats->kitchen_periods++;
    }

  /* Their compliance column is recomputed at the end. */
  return cm_db_exec (p->db, "INSERT OR IGNORE INTO temp.cm_check_touched SELECT id FROM temp.cm_check_set",
                     error);
}

/* The engine around it: which months and kitchens, in one transaction. */

typedef struct
{
  CmDb           *db;
  gint64          cache_size;  /* the connection's, put back at the end */
  gint64          mmap_size;
  CmRulebook     *rulebook;
  gint64          rulebook_id;
  guint32         due_first;   /* julian, 0 when there are no reports */
  guint32         due_last;
  char           *computed_at;
  CmChecksStats  *stats;
} Run;

static void
run_clear (Run *run)
{
  g_clear_object (&run->rulebook);
  g_clear_pointer (&run->computed_at, g_free);
}

static gboolean
prepare_temp (CmDb    *db,
              GError **error)
{
  return cm_db_exec (db,
                     "CREATE TEMP TABLE IF NOT EXISTS cm_check_set (id INTEGER PRIMARY KEY);"
                     "CREATE TEMP TABLE IF NOT EXISTS cm_check_touched (id INTEGER PRIMARY KEY);"
                     "DELETE FROM temp.cm_check_set; DELETE FROM temp.cm_check_touched;",
                     error);
}

/* The first day from @from, going @forward or back, on which at least
 * @threshold reports were made; NULL when there is none. */
static char *
busy_day (CmDb        *db,
          const char  *from,
          gboolean     forward,
          gint64       threshold,
          GError     **error)
{
  sqlite3_stmt *stmt;
  char *day = NULL;
  int rc;

  if (forward)
    stmt = cm_db_prepare (db,
                          "SELECT report_date FROM report WHERE report_date >= ?1"
                          " GROUP BY report_date HAVING count(*) >= ?2 ORDER BY report_date LIMIT 1",
                          error);
  else
    stmt = cm_db_prepare (db,
                          "SELECT report_date FROM report WHERE report_date <= ?1"
                          " GROUP BY report_date HAVING count(*) >= ?2 ORDER BY report_date DESC LIMIT 1",
                          error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, from, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, threshold);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    day = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  else if (rc != SQLITE_DONE)
    cm_db_set_error_from_handle (db, error);
  sqlite3_reset (stmt);

  return day;
}

/* The span of days due: from the first day to the last day on which a
 * tenth of the kitchens reported (at least one report), never past today in
 * Mexico City. A report dated by mistake years back, or the first few of
 * today, do not make every kitchen short of reports for those days. The
 * date index is read in order from each end, and only until a busy day. */
static gboolean
read_due_span (Run     *run,
               GError **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now (cm_text_programme_timezone ());
  g_autoptr(GError) local_error = NULL;
  g_autofree char *first = NULL;
  g_autofree char *last = NULL;
  gint64 threshold;
  GDate today;

  threshold = cm_db_query_int (run->db,
                               "SELECT max (1, count(*) / 10) FROM canteen WHERE status <> 'closed'",
                               error);
  if (threshold < 0)
    return FALSE;

  last = busy_day (run->db, "9999-12-31", FALSE, threshold, &local_error);
  if (local_error == NULL)
    first = busy_day (run->db, "0000-01-01", TRUE, threshold, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  run->due_first = julian_of (first);
  run->due_last = julian_of (last);

  g_date_clear (&today, 1);
  g_date_set_dmy (&today, g_date_time_get_day_of_month (now), g_date_time_get_month (now),
                  g_date_time_get_year (now));
  if (run->due_last > g_date_get_julian (&today))
    run->due_last = g_date_get_julian (&today);
  if (run->due_first == 0 || run->due_last == 0 || run->due_first > run->due_last)
    run->due_first = run->due_last = 0;

  return TRUE;
}

/* A month of 10,000 kitchens writes 130,000 results: with SQLite's default
 * 2 MB page cache the transaction spills to the log and reads its own pages
 * back, and reading pages through a memory map rather than read() saves a
 * copy of each. Both for the run only; the connection's own afterwards. */
static void
cache_grow (CmDb *db,
            Run  *run)
{
  run->cache_size = cm_db_query_int (db, "PRAGMA cache_size", NULL);
  run->mmap_size = cm_db_query_int (db, "PRAGMA mmap_size", NULL);
  cm_db_exec (db, "PRAGMA cache_size = -131072", NULL);
  cm_db_exec (db, "PRAGMA mmap_size = 1073741824", NULL);
}

static void
cache_restore (CmDb *db,
               Run  *run)
{
  g_autofree char *cache = NULL;
  g_autofree char *mmap = NULL;

  if (run->cache_size == 0 || run->cache_size == -1)
    run->cache_size = -2000;
  cache = g_strdup_printf ("PRAGMA cache_size = %" G_GINT64_FORMAT, run->cache_size);
  mmap = g_strdup_printf ("PRAGMA mmap_size = %" G_GINT64_FORMAT, MAX (run->mmap_size, 0));
  cm_db_exec (db, cache, NULL);
  cm_db_exec (db, mmap, NULL);
}

static gboolean
run_begin (Run            *run,
           CmDb           *db,
           CmRulebook     *rulebook,
           CmChecksStats  *stats,
           GError        **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  gint64 cache_size = run->cache_size;
  gint64 mmap_size = run->mmap_size;

  memset (run, 0, sizeof *run);
  run->cache_size = cache_size;
  run->mmap_size = mmap_size;
  run->db = db;
  run->stats = stats;
  run->computed_at = g_date_time_format_iso8601 (now);

  if (!cm_db_begin (db, error))
    return FALSE;

  if (rulebook != NULL)
    {
      run->rulebook = g_object_ref (rulebook);
      if (!_cm_rulebook_store_locked (rulebook, db, FALSE, &run->rulebook_id, error))
        return FALSE;
    }
  else if (!(run->rulebook = _cm_rulebook_load_in_use_locked (db, &run->rulebook_id, error)))
    return FALSE;

  return prepare_temp (db, error) && read_due_span (run, error);
}

static gboolean
evaluate_whole_month (Run           *run,
                      const char    *period,
                      gboolean       fresh,
                      GCancellable  *cancellable,
                      GError       **error)
{
  Period p;
  sqlite3_stmt *stmt;
  gboolean ok;

  period_init (&p, run->db, run->rulebook, run->rulebook_id, period, run->due_first,
               run->due_last, run->computed_at, run->stats);
  p.with_nobody = TRUE;

  ok = cm_db_exec (run->db, "DELETE FROM temp.cm_check_set", error) &&
       (stmt = cm_db_prepare (run->db,
                              "INSERT OR IGNORE INTO temp.cm_check_set (id)"
                              " SELECT id FROM canteen WHERE (opened_on IS NULL OR opened_on <= ?2)"
                              "   AND (closed_on IS NULL OR closed_on > ?1)"
                              " UNION SELECT canteen_id FROM report"
                              "   WHERE report_date BETWEEN ?1 AND ?2 AND canteen_id IS NOT NULL"
                              /* and those with results that may no longer stand */
                              " UNION SELECT canteen_id FROM check_verdict WHERE period = ?3",
                              error)) != NULL;
  if (ok)
    {
      sqlite3_bind_text (stmt, 1, p.first_text, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, p.last_text, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, period, -1, SQLITE_STATIC);
      ok = cm_db_step_done (run->db, stmt, error) && evaluate (&p, TRUE, fresh, cancellable, error);
    }

  period_clear (&p);
  return ok;
}

/* Screening: what a day's sync changes. */

/* Beyond this many days of new reports in a month, screening them costs
 * about what evaluating the month does. */
#define MAX_SCREEN_DAYS 7

static gboolean
bind_and_step (CmDb        *db,
               const char  *sql,
               const char  *a,
               const char  *b,
               GError     **error)
{
  sqlite3_stmt *stmt = cm_db_prepare (db, sql, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, a, -1, SQLITE_TRANSIENT);
  if (b != NULL)
    sqlite3_bind_text (stmt, 2, b, -1, SQLITE_TRANSIENT);
  return cm_db_step_done (db, stmt, error);
}

static gboolean
append_set (CmDb    *db,
            GArray  *ids,
            GError **error)
{
  sqlite3_stmt *stmt = cm_db_prepare (db, "SELECT id FROM temp.cm_check_set", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (ids, id);
    }
  return step_error (db, stmt, rc, error);
}

/* Marks, on each kitchen of @q, the slots whose stored result for the month
 * is not_applicable: a first report that a check can judge turns it into a
 * pass, which the new reports alone cannot show. */
static gboolean
load_not_applicable (Period  *q,
                     GError **error)
{
  sqlite3_stmt *stmt;
  int rc;

  stmt = cm_db_prepare (q->db,
                        "SELECT canteen_id, rule_code FROM check_result"
                        " WHERE period = ?1 AND outcome = 'not_applicable' AND canteen_id IS NOT NULL",
                        error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, q->period, -1, SQLITE_STATIC);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      Kitchen *k = find_kitchen (q, sqlite3_column_int64 (stmt, 0));
      const char *code = (const char *) sqlite3_column_text (stmt, 1);

      if (k == NULL || code == NULL)
        continue;
      for (guint i = 0; i < q->slots->len; i++)
        if (strcmp (((Slot *) g_ptr_array_index (q->slots, i))->code, code) == 0)
          k->not_applicable |= 1u << i;
    }

  return step_error (q->db, stmt, rc, error);
}

/* Whether @k's stored results of the month stand with its new reports and
 * the days that became due (@grown_from <= day < @grown_until): each newly
 * due day has a report, no new report falls on a day that was already due
 * (it may take the day off the missing list), and judged alone the day's
 * reports put nothing in any check's evidence and make no check applicable
 * that was not. */
static gboolean
kitchen_stands (Period  *q,
                Kitchen *k,
                Slot    *daily,
                guint    daily_index,
                guint32  old_first,
                guint32  old_last,
                guint    grown_from,
                guint    grown_until,
                GString *scratch)
{
  gboolean reported[MAX_DAYS] = { FALSE };

  compute_days (q, k);
  if (k->inferred)
    return FALSE;

  for (guint i = 0; i < k->n_reports; i++)
    reported[k->reports[i]->day] = TRUE;

  if (daily != NULL)
    {
      for (guint d = grown_from; d < grown_until; d++)
        if (daily->by_day[d] != NULL && q->operating[d] && k->state[d] == DAY_OPEN &&
            d >= q->due_from && d < q->due_until &&
            (!reported[d] || (k->not_applicable & (1u << daily_index)) != 0))
          return FALSE;

      for (guint i = 0; i < k->n_reports; i++)
        {
          const Report *r = k->reports[i];
          guint32 j = q->first_julian + r->day;

          if (r->is_new && old_first != 0 && j >= old_first && j <= old_last &&
              daily->by_day[r->day] != NULL && q->operating[r->day] && k->state[r->day] == DAY_OPEN)
            return FALSE;
        }
    }

  if (k->n_reports == 0)
    return TRUE;

  for (guint i = 0; i < q->slots->len; i++)
    {
      Slot *slot = g_ptr_array_index (q->slots, i);
      Result result = { CM_CHECK_OUTCOME_NOT_APPLICABLE, 0, -1, 0 };

      if (slot == daily || slot->programme_wide || !slot->reads_reports)
        continue;
      _cm_checks_run (q, slot, k, &result, scratch);
      if (result.noted > 0 ||
          (result.outcome != CM_CHECK_OUTCOME_NOT_APPLICABLE && (k->not_applicable & (1u << i)) != 0))
        return FALSE;
    }

  return TRUE;
}

/* Appends to @full the kitchens of @period whose results the new reports
 * (check_new_report) or the days that became due (@grown_first to
 * @grown_last, julian; 0 for none) may change. The others, most of them
 * after a day's sync, keep their results without reading their month. */
static gboolean
screen_month (Run           *run,
              const char    *period,
              guint32        old_first,
              guint32        old_last,
              guint32        grown_first,
              guint32        grown_last,
              GArray        *full,
              GCancellable  *cancellable,
              GError       **error)
{
  g_autoptr(GString) scratch = g_string_sized_new (1024);
  gboolean days[MAX_DAYS] = { FALSE };
  guint n_days = 0, grown_from, grown_until, daily_index = 0;
  Slot *daily = NULL;
  sqlite3_stmt *stmt;
  gboolean ok = FALSE;
  int rc;
  Period q;

  period_init (&q, run->db, run->rulebook, run->rulebook_id, period, run->due_first,
               run->due_last, run->computed_at, NULL);

  grown_from = q.n_days;
  grown_until = 0;
  if (grown_first != 0 && grown_last >= q.first_julian && grown_first < q.first_julian + q.n_days)
    {
      grown_from = grown_first > q.first_julian ? grown_first - q.first_julian : 0;
      grown_until = MIN (grown_last - q.first_julian + 1, q.n_days);
    }

  /* The candidates: kitchens with new reports this month, and every
   * kitchen that may be open on a day that became due; less those the
   * month evaluates anyway (dirty, or never evaluated). */
  if (!cm_db_exec (run->db, "DELETE FROM temp.cm_check_set", error) ||
      !bind_and_step (run->db,
                      "INSERT OR IGNORE INTO temp.cm_check_set (id)"
                      " SELECT canteen_id FROM check_new_report WHERE report_date BETWEEN ?1 AND ?2",
                      q.first_text, q.last_text, error))
    goto out;
  if (grown_from < grown_until)
    {
      char from[11], until[11];

      format_julian (q.first_julian + grown_from, from);
      format_julian (q.first_julian + grown_until - 1, until);
      if (!bind_and_step (run->db,
                          "INSERT OR IGNORE INTO temp.cm_check_set (id)"
                          " SELECT id FROM canteen WHERE (opened_on IS NULL OR opened_on <= ?2)"
                          "   AND (closed_on IS NULL OR closed_on > ?1)",
                          from, until, error))
        goto out;
      for (guint d = grown_from; d < grown_until; d++)
        if (!days[d])
          {
            days[d] = TRUE;
            n_days++;
          }
    }
  /* Those with nothing stored for the month are evaluated whole. */
  stmt = cm_db_prepare (run->db,
                        "SELECT s.id FROM temp.cm_check_set s WHERE NOT EXISTS (SELECT 1 FROM check_verdict v"
                        "  WHERE v.canteen_id = s.id AND v.period = ?1)",
                        error);
  if (stmt == NULL)
    goto out;
  sqlite3_bind_text (stmt, 1, period, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (full, id);
    }
  if (!step_error (run->db, stmt, rc, error) ||
      !bind_and_step (run->db,
                      "DELETE FROM temp.cm_check_set"
                      " WHERE id IN (SELECT canteen_id FROM check_dirty WHERE period IN (?1, '*'))"
                      "    OR NOT EXISTS (SELECT 1 FROM check_verdict v"
                      "                    WHERE v.canteen_id = temp.cm_check_set.id AND v.period = ?1)",
                      period, NULL, error))
    goto out;

  /* The days to read: those of the new reports and those that became due. */
  stmt = cm_db_prepare (run->db,
                        "SELECT DISTINCT report_date FROM check_new_report WHERE report_date BETWEEN ?1 AND ?2",
                        error);
  if (stmt == NULL)
    goto out;
  sqlite3_bind_text (stmt, 1, q.first_text, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, q.last_text, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *date = (const char *) sqlite3_column_text (stmt, 0);
      int day;

      if (date != NULL && strlen (date) == 10 && two_digits (date + 8, &day) &&
          day >= 1 && (guint) day <= q.n_days && !days[day - 1])
        {
          days[day - 1] = TRUE;
          n_days++;
        }
    }
  if (!step_error (run->db, stmt, rc, error))
    goto out;

  for (guint i = 0; i < q.slots->len; i++)
    if (strcmp (((Slot *) g_ptr_array_index (q.slots, i))->check, "daily_report") == 0)
      {
        daily = g_ptr_array_index (q.slots, i);
        daily_index = i;
      }

  /* Too much at once to screen, or the daily report's tolerance may have
   * moved with its last due day: every candidate is evaluated. */
  if (n_days > MAX_SCREEN_DAYS || q.slots->len > 32 ||
      (daily != NULL && grown_from < grown_until && grown_from > 0 &&
       daily->by_day[grown_from - 1] != daily->by_day[grown_until - 1]))
    {
      ok = append_set (run->db, full, error);
      goto out;
    }

  if (!load_kitchens (&q, error) || !load_spans (&q, error) || !load_not_applicable (&q, error))
    goto out;

  stmt = cm_db_prepare (run->db,
                        "SELECT " REPORT_COLUMNS ", NULL,"
                        " EXISTS (SELECT 1 FROM check_new_report n WHERE n.report_id = r.id)"
                        " FROM report r INDEXED BY report_checks"
                        " WHERE r.report_date = ?1 AND r.canteen_id IN (SELECT id FROM temp.cm_check_set)",
                        error);
  if (stmt == NULL)
    goto out;
  for (guint d = 0; d < q.n_days; d++)
    {
      char date[11];

      if (!days[d])
        continue;
      g_snprintf (date, sizeof date, "%s-%02u", period, d + 1);
      sqlite3_bind_text (stmt, 1, date, -1, SQLITE_TRANSIENT);
      if (!read_reports (&q, stmt, error))
        goto out;
    }
  group_reports (&q);

  for (guint i = 0; i < q.kitchens->len; i++)
    {
      Kitchen *k = &g_array_index (q.kitchens, Kitchen, i);

      if (i % 1024 == 0 && g_cancellable_set_error_if_cancelled (cancellable, error))
        goto out;
      if (!kitchen_stands (&q, k, daily, daily_index, old_first, old_last, grown_from, grown_until,
                           scratch))
        g_array_append_val (full, k->id);
      else if (run->stats != NULL)
        run->stats->screened++;
    }
  ok = TRUE;

out:
  period_clear (&q);
  return ok;
}

/* The dirty kitchens of @period, those never evaluated for it that should
 * have been (a kitchen that sent nothing is marked by nobody), and the
 * reports of no kitchen when they are dirty. */
static gboolean
evaluate_dirty_month (Run           *run,
                      const char    *period,
                      guint32        old_first,
                      guint32        old_last,
                      guint32        grown_first,
                      guint32        grown_last,
                      GCancellable  *cancellable,
                      GError       **error)
{
  g_autoptr(GArray) full = g_array_new (FALSE, FALSE, sizeof (gint64));
  Period p;
  sqlite3_stmt *stmt;
  gboolean ok;

  if (!screen_month (run, period, old_first, old_last, grown_first, grown_last, full, cancellable,
                     error))
    return FALSE;

  period_init (&p, run->db, run->rulebook, run->rulebook_id, period, run->due_first,
               run->due_last, run->computed_at, run->stats);

  ok = cm_db_exec (run->db, "DELETE FROM temp.cm_check_set", error);

  if (ok && full->len > 0 &&
      (ok = (stmt = cm_db_prepare (run->db, "INSERT OR IGNORE INTO temp.cm_check_set (id) VALUES (?1)",
                                   error)) != NULL))
    for (guint i = 0; ok && i < full->len; i++)
      {
        sqlite3_bind_int64 (stmt, 1, g_array_index (full, gint64, i));
        ok = cm_db_step_done (run->db, stmt, error);
      }

  if (ok && (ok = (stmt = cm_db_prepare (run->db,
                                         "INSERT OR IGNORE INTO temp.cm_check_set (id)"
                                         " SELECT canteen_id FROM check_dirty"
                                         " WHERE period IN (?1, '*') AND canteen_id <> 0",
                                         error)) != NULL))
    {
      sqlite3_bind_text (stmt, 1, period, -1, SQLITE_STATIC);
      ok = cm_db_step_done (run->db, stmt, error);
    }

  if (ok && (ok = (stmt = cm_db_prepare (run->db,
                                         "INSERT OR IGNORE INTO temp.cm_check_set (id)"
                                         " SELECT c.id FROM canteen c"
                                         " WHERE (c.opened_on IS NULL OR c.opened_on <= ?2)"
                                         "   AND (c.closed_on IS NULL OR c.closed_on > ?1)"
                                         "   AND NOT EXISTS (SELECT 1 FROM check_verdict v"
                                         "                    WHERE v.canteen_id = c.id AND v.period = ?3)",
                                         error)) != NULL))
    {
      sqlite3_bind_text (stmt, 1, p.first_text, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, p.last_text, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, period, -1, SQLITE_STATIC);
      ok = cm_db_step_done (run->db, stmt, error);
    }

  if (ok && (ok = (stmt = cm_db_prepare (run->db,
                                         "SELECT EXISTS (SELECT 1 FROM check_dirty"
                                         " WHERE canteen_id = 0 AND period = ?1)"
                                         " OR NOT EXISTS (SELECT 1 FROM check_result"
                                         " WHERE ifnull (canteen_id, 0) = 0 AND period = ?1)",
                                         error)) != NULL))
    {
      sqlite3_bind_text (stmt, 1, period, -1, SQLITE_STATIC);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        p.with_nobody = sqlite3_column_int (stmt, 0) != 0;
      sqlite3_reset (stmt);
    }

  ok = ok && evaluate (&p, FALSE, FALSE, cancellable, error);

  period_clear (&p);
  return ok;
}

static void
month_of_julian (guint32 julian,
                 char    out[8])
{
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_julian (&date, julian);
  g_snprintf (out, 8, "%04u-%02u", g_date_get_year (&date), g_date_get_month (&date));
}

/* Adds every month from the one of @a to the one of @b to @months. */
static void
add_months (GHashTable *months,
            guint32     a,
            guint32     b)
{
  GDate day;

  if (a == 0 || b == 0)
    return;
  if (a > b)
    {
      guint32 t = a;

      a = b;
      b = t;
    }

  g_date_clear (&day, 1);
  g_date_set_julian (&day, a);
  g_date_set_day (&day, 1);
  while (g_date_get_julian (&day) <= b)
    {
      char month[8];

      month_of_julian (g_date_get_julian (&day), month);
      g_hash_table_add (months, g_strdup (month));
      g_date_add_months (&day, 1);
    }
}

static char *
read_state (CmDb       *db,
            const char *key)
{
  sqlite3_stmt *stmt = cm_db_prepare (db, "SELECT value FROM check_state WHERE key = ?1", NULL);
  char *value = NULL;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);

  return value;
}

static gboolean
write_state (CmDb        *db,
             const char  *key,
             const char  *value,
             GError     **error)
{
  sqlite3_stmt *stmt;

  if (value == NULL)
    {
      stmt = cm_db_prepare (db, "DELETE FROM check_state WHERE key = ?1", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
      return cm_db_step_done (db, stmt, error);
    }

  stmt = cm_db_prepare (db, "INSERT OR REPLACE INTO check_state (key, value) VALUES (?1, ?2)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, value, -1, SQLITE_STATIC);
  return cm_db_step_done (db, stmt, error);
}

static gboolean
add_query_months (CmDb        *db,
                  GHashTable  *months,
                  const char  *sql,
                  gint64       param,
                  GError     **error)
{
  sqlite3_stmt *stmt = cm_db_prepare (db, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  if (param >= 0)
    sqlite3_bind_int64 (stmt, 1, param);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    if (cm_checks_parse_period ((const char *) sqlite3_column_text (stmt, 0), NULL, NULL))
      g_hash_table_add (months, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));

  return step_error (db, stmt, rc, error);
}

static gboolean
update_latest (CmDb    *db,
               GError **error)
{
  /* max () picks the row the bare column comes from: the latest month. */
  return cm_db_exec (db,
                     "INSERT INTO check_latest (canteen_id, period, verdict)"
                     " SELECT v.canteen_id, max (v.period), v.verdict"
                     " FROM temp.cm_check_touched t JOIN check_verdict v ON v.canteen_id = t.id"
                     " WHERE v.verdict <> 'sin_evaluar' GROUP BY v.canteen_id"
                     " ON CONFLICT (canteen_id) DO UPDATE SET"
                     "  period = excluded.period, verdict = excluded.verdict"
                     " WHERE period IS NOT excluded.period OR verdict IS NOT excluded.verdict;"
                     "DELETE FROM check_latest WHERE canteen_id IN (SELECT id FROM temp.cm_check_touched)"
                     " AND NOT EXISTS (SELECT 1 FROM check_verdict v WHERE v.canteen_id = check_latest.canteen_id"
                     "                  AND v.verdict <> 'sin_evaluar');"
                     "DELETE FROM temp.cm_check_touched;",
                     error);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char **) a, *(const char **) b);
}

static GPtrArray *
sorted_keys (GHashTable *set)
{
  GPtrArray *keys = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, set);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (keys, key);
  g_ptr_array_sort (keys, compare_strings);

  return keys;
}

static gboolean
update_locked (Run           *run,
               GCancellable  *cancellable,
               GError       **error)
{
  g_autoptr(GHashTable) whole = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) dirty = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) whole_list = NULL;
  g_autoptr(GPtrArray) dirty_list = NULL;
  g_autofree char *state_rulebook = read_state (run->db, "rulebook_id");
  g_autofree char *state_first = read_state (run->db, "due_first");
  g_autofree char *state_last = read_state (run->db, "due_last");
  g_autofree char *rulebook_text = g_strdup_printf ("%" G_GINT64_FORMAT, run->rulebook_id);
  char first_text[11] = "", last_text[11] = "";
  guint32 old_first = julian_of (state_first), old_last = julian_of (state_last);
  guint32 grown_first = 0, grown_last = 0;
  gboolean fresh;

  if (run->due_first != 0)
    {
      format_julian (run->due_first, first_text);
      format_julian (run->due_last, last_text);
    }

  /* Another rulebook: every month with results, and every month with
   * reports, from scratch. */
  fresh = g_strcmp0 (state_rulebook, rulebook_text) != 0;
  if (fresh)
    {
      add_months (whole, run->due_first, run->due_last);
      if (!add_query_months (run->db, whole, "SELECT DISTINCT period FROM check_verdict", -1, error) ||
          !add_query_months (run->db, whole,
                             "SELECT DISTINCT period FROM check_result WHERE canteen_id IS NULL", -1,
                             error))
        return FALSE;
    }
  else
    {
      /* The due days moved: every kitchen's months holding the days that
       * became due, or stopped being due. */
      if (old_first != 0 && run->due_first != 0 && old_first != run->due_first)
        add_months (whole, MIN (old_first, run->due_first), MAX (old_first, run->due_first) - 1);
      /* The last due day moving on by up to a month, as each day's sync
       * does: the new due days are screened kitchen by kitchen. */
      if (old_last != 0 && run->due_last > old_last && run->due_last - old_last <= 31 &&
          old_first == run->due_first)
        {
          grown_first = old_last + 1;
          grown_last = run->due_last;
        }
      else if (old_last != 0 && run->due_last != 0 && old_last != run->due_last)
        add_months (whole, MIN (old_last, run->due_last) + 1, MAX (old_last, run->due_last));
      if ((old_first == 0) != (run->due_first == 0))
        add_months (whole, MAX (old_first, run->due_first), MAX (old_last, run->due_last));
    }

  /* Months of the span never evaluated at all. */
  if (run->due_first != 0)
    {
      g_autoptr(GHashTable) span = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      GHashTableIter iter;
      gpointer key;

      add_months (span, run->due_first, run->due_last);
      g_hash_table_iter_init (&iter, span);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        {
          sqlite3_stmt *stmt;
          gboolean seen;

          if (g_hash_table_contains (whole, key))
            continue;
          stmt = cm_db_prepare (run->db,
                                "SELECT EXISTS (SELECT 1 FROM check_result WHERE period = ?1)", error);
          if (stmt == NULL)
            return FALSE;
          sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
          seen = sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_int (stmt, 0) != 0;
          sqlite3_reset (stmt);
          if (!seen)
            g_hash_table_add (whole, g_strdup (key));
        }
    }

  if (!add_query_months (run->db, dirty, "SELECT DISTINCT period FROM check_dirty", -1, error) ||
      !add_query_months (run->db, dirty,
                         "SELECT DISTINCT substr (report_date, 1, 7) FROM check_new_report",
                         -1, error))
    return FALSE;
  add_months (dirty, grown_first, grown_last);

  /* Kitchens added or reopened ('*'): every month of the span. */
  if (cm_db_query_int (run->db, "SELECT EXISTS (SELECT 1 FROM check_dirty WHERE period = '*')", NULL) > 0)
    add_months (dirty, run->due_first, run->due_last);

  whole_list = sorted_keys (whole);
  for (guint i = 0; i < whole_list->len; i++)
    {
      if (g_cancellable_set_error_if_cancelled (cancellable, error) ||
          !evaluate_whole_month (run, g_ptr_array_index (whole_list, i), fresh, cancellable, error))
        return FALSE;
    }

  dirty_list = sorted_keys (dirty);
  for (guint i = 0; i < dirty_list->len; i++)
    {
      const char *period = g_ptr_array_index (dirty_list, i);

      if (g_hash_table_contains (whole, period))
        continue;
      if (g_cancellable_set_error_if_cancelled (cancellable, error) ||
          !evaluate_dirty_month (run, period, old_first, old_last, grown_first, grown_last,
                                 cancellable, error))
        return FALSE;
    }

  return cm_db_exec (run->db, "DELETE FROM check_dirty; DELETE FROM check_new_report", error) &&
         update_latest (run->db, error) &&
         write_state (run->db, "rulebook_id", rulebook_text, error) &&
         write_state (run->db, "due_first", run->due_first ? first_text : NULL, error) &&
         write_state (run->db, "due_last", run->due_last ? last_text : NULL, error);
}

/**
 * cm_checks_update_with_stats:
 * @db: a database
 * @rulebook: (nullable): the rulebook to judge by; %NULL for the one in use
 * @stats: (out caller-allocates) (optional): what was evaluated
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Like cm_checks_update(), saying what it did.
 *
 * Returns: %TRUE on success
 */
gboolean
cm_checks_update_with_stats (CmDb           *db,
                             CmRulebook     *rulebook,
                             CmChecksStats  *stats,
                             GCancellable   *cancellable,
                             GError        **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  CmChecksStats local_stats;
  Run run;
  gboolean ok;

  g_return_val_if_fail (CM_IS_DB (db), FALSE);
  g_return_val_if_fail (rulebook == NULL || CM_IS_RULEBOOK (rulebook), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (stats == NULL)
    stats = &local_stats;
  memset (stats, 0, sizeof *stats);

  locker = g_mutex_locker_new (cm_db_get_mutex (db));

  cache_grow (db, &run);
  ok = run_begin (&run, db, rulebook, stats, error) &&
       update_locked (&run, cancellable, error) &&
       cm_db_commit (db, error);
  if (!ok)
    cm_db_rollback (db);
  cache_restore (db, &run);

  run_clear (&run);
  return ok;
}

/**
 * cm_checks_update:
 * @db: a database
 * @rulebook: (nullable): the rulebook to judge by; %NULL for the one in use
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Brings the stored results up to date with the reports, in one
 * transaction: the (kitchen, month) pairs the triggers marked dirty (reports,
 * purchases, a kitchen's fields, its committee) are evaluated again, and so
 * are the kitchens of those months that were never evaluated, whole months
 * whose due days moved (the first or last day any report covers), and
 * everything when the results were computed under another rulebook. The
 * dirty marks are cleared in the same transaction. Call it after each sync
 * or import.
 *
 * Returns: %TRUE on success
 */
gboolean
cm_checks_update (CmDb          *db,
                  CmRulebook    *rulebook,
                  GCancellable  *cancellable,
                  GError       **error)
{
  return cm_checks_update_with_stats (db, rulebook, NULL, cancellable, error);
}

/**
 * cm_checks_evaluate_period:
 * @db: a database
 * @rulebook: (nullable): the rulebook to judge by; %NULL for the one in use
 * @period: a month, `YYYY-MM`
 * @stats: (out caller-allocates) (optional): what was evaluated
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Evaluates every kitchen for @period from scratch, replacing its stored
 * results, and clears the month's dirty marks.
 *
 * Returns: %TRUE on success
 */
gboolean
cm_checks_evaluate_period (CmDb           *db,
                           CmRulebook     *rulebook,
                           const char     *period,
                           CmChecksStats  *stats,
                           GCancellable   *cancellable,
                           GError        **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  CmChecksStats local_stats;
  sqlite3_stmt *stmt;
  Run run;
  gboolean ok;

  g_return_val_if_fail (CM_IS_DB (db), FALSE);
  g_return_val_if_fail (rulebook == NULL || CM_IS_RULEBOOK (rulebook), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!cm_checks_parse_period (period, NULL, NULL))
    {
      g_set_error (error, CM_CHECKS_ERROR, CM_CHECKS_ERROR_INVALID_PERIOD,
                   _("“%s” is not a month; write it as YYYY-MM, such as 2025-03."),
                   period != NULL ? period : "");
      return FALSE;
    }

  if (stats == NULL)
    stats = &local_stats;
  memset (stats, 0, sizeof *stats);

  locker = g_mutex_locker_new (cm_db_get_mutex (db));

  cache_grow (db, &run);
  ok = run_begin (&run, db, rulebook, stats, error) &&
       evaluate_whole_month (&run, period, TRUE, cancellable, error) &&
       (stmt = cm_db_prepare (db, "DELETE FROM check_dirty WHERE period = ?1", error)) != NULL;
  if (ok)
    {
      g_autofree char *state = read_state (db, "rulebook_id");
      g_autofree char *mine = g_strdup_printf ("%" G_GINT64_FORMAT, run.rulebook_id);

      sqlite3_bind_text (stmt, 1, period, -1, SQLITE_STATIC);
      ok = cm_db_step_done (db, stmt, error) && update_latest (db, error) &&
           /* Results under two rulebooks: the next update evaluates again
            * whatever was not computed under its own. */
           (g_strcmp0 (state, mine) == 0 || write_state (db, "rulebook_id", NULL, error)) &&
           cm_db_commit (db, error);
    }
  if (!ok)
    cm_db_rollback (db);
  cache_restore (db, &run);

  run_clear (&run);
  return ok;
}

/**
 * cm_checks_ensure_period:
 * @db: a database
 * @rulebook: (nullable): the rulebook to judge by; %NULL for the one in use
 * @period: a month, `YYYY-MM`
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Evaluates @period with cm_checks_evaluate_period() when nothing is stored
 * for it yet (a month before or after the reports, asked for by a person);
 * cm_checks_update() keeps the others up to date.
 *
 * Returns: %TRUE on success
 */
gboolean
cm_checks_ensure_period (CmDb          *db,
                         CmRulebook    *rulebook,
                         const char    *period,
                         GCancellable  *cancellable,
                         GError       **error)
{
  gboolean stored = FALSE;

  g_return_val_if_fail (CM_IS_DB (db), FALSE);

  if (cm_checks_parse_period (period, NULL, NULL))
    {
      g_autoptr(GMutexLocker) locker = g_mutex_locker_new (cm_db_get_mutex (db));
      sqlite3_stmt *stmt = cm_db_prepare (db, "SELECT EXISTS (SELECT 1 FROM check_result WHERE period = ?1)",
                                          error);
      int rc;

      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, period, -1, SQLITE_TRANSIENT);
      rc = sqlite3_step (stmt);
      stored = rc == SQLITE_ROW && sqlite3_column_int (stmt, 0) != 0;
      if (!step_error (db, stmt, rc == SQLITE_ROW ? SQLITE_DONE : rc, error))
        return FALSE;
    }

  return stored || cm_checks_evaluate_period (db, rulebook, period, NULL, cancellable, error);
}

/**
 * cm_checks_find_kitchen:
 * @db: a database
 * @folio: a kitchen's folio, such as CC012
 * @canteen_id: (out): its id
 * @error: return location for a #GError
 *
 * Returns: %TRUE when a kitchen has @folio (in any case); otherwise
 *   %CM_CHECKS_ERROR_UNKNOWN_KITCHEN
 */
gboolean
cm_checks_find_kitchen (CmDb        *db,
                        const char  *folio,
                        gint64      *canteen_id,
                        GError     **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autofree char *upper = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (CM_IS_DB (db), FALSE);
  g_return_val_if_fail (folio != NULL, FALSE);

  locker = g_mutex_locker_new (cm_db_get_mutex (db));
  upper = g_ascii_strup (folio, -1);
  stmt = cm_db_prepare (db, "SELECT id FROM canteen WHERE folio = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, upper, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *canteen_id = sqlite3_column_int64 (stmt, 0);
      sqlite3_reset (stmt);
      return TRUE;
    }
  if (!step_error (db, stmt, rc, error))
    return FALSE;

  g_set_error (error, CM_CHECKS_ERROR, CM_CHECKS_ERROR_UNKNOWN_KITCHEN,
               _("No kitchen has the folio “%s”."), folio);
  return FALSE;
}

/* Names. */

static const char * const outcome_names[] = { "pass", "fail", "not_applicable" };
static const char * const verdict_names[] = {
  "sin_evaluar", "cumple", "cumple_con_observaciones", "no_cumple",
};

const char *
cm_check_outcome_to_string (CmCheckOutcome outcome)
{
  g_return_val_if_fail ((guint) outcome < G_N_ELEMENTS (outcome_names), NULL);
  return outcome_names[outcome];
}

gboolean
cm_check_outcome_from_string (const char     *name,
                              CmCheckOutcome *outcome)
{
  for (guint i = 0; name != NULL && i < G_N_ELEMENTS (outcome_names); i++)
    if (strcmp (outcome_names[i], name) == 0)
      {
        *outcome = (CmCheckOutcome) i;
        return TRUE;
      }
  return FALSE;
}

/**
 * cm_check_outcome_get_label:
 * @outcome: an outcome
 *
 * Returns: the outcome in words, translated
 */
const char *
cm_check_outcome_get_label (CmCheckOutcome outcome)
{
  switch (outcome)
    {
    case CM_CHECK_OUTCOME_PASS:
      return C_("check outcome", "Passed");
    case CM_CHECK_OUTCOME_FAIL:
      return C_("check outcome", "Failed");
    case CM_CHECK_OUTCOME_NOT_APPLICABLE:
      return C_("check outcome", "Not applicable");
    default:
      g_return_val_if_reached (NULL);
    }
}

const char *
cm_verdict_to_string (CmVerdict verdict)
{
  g_return_val_if_fail ((guint) verdict < G_N_ELEMENTS (verdict_names), NULL);
  return verdict_names[verdict];
}

gboolean
cm_verdict_from_string (const char *name,
                        CmVerdict  *verdict)
{
  for (guint i = 0; name != NULL && i < G_N_ELEMENTS (verdict_names); i++)
    if (strcmp (verdict_names[i], name) == 0)
      {
        *verdict = (CmVerdict) i;
        return TRUE;
      }
  return FALSE;
}

/**
 * cm_verdict_get_label:
 * @verdict: a verdict
 *
 * Returns: the verdict in words, translated
 */
const char *
cm_verdict_get_label (CmVerdict verdict)
{
  switch (verdict)
    {
    case CM_VERDICT_NOT_EVALUATED:
      return C_("verdict", "Not evaluated");
    case CM_VERDICT_COMPLIES:
      return C_("verdict", "Complies");
    case CM_VERDICT_COMPLIES_WITH_REMARKS:
      return C_("verdict", "Complies with remarks");
    case CM_VERDICT_DOES_NOT_COMPLY:
      return C_("verdict", "Does not comply");
    default:
      g_return_val_if_reached (NULL);
    }
}
