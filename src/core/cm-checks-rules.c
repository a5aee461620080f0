/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "cm-checks"

#include "config.h"

#include <math.h>
#include <string.h>

#include "cm-checks-private.h"

/* The automatic checks: each reads a kitchen's month in memory (its reports,
 * its days, its committee members holding office) and writes what it found
 * as evidence a person can verify: days, report and instance ids, values
 * expected and found. */

static const char * const day_state_names[] = { "open", "not_yet_open", "closed", "suspended" };

static gboolean
is_leap (int year)
{
  return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

/* Days from 1970-01-01 to a date of the Gregorian calendar, by counting. */
static gint64
days_since_epoch (int year,
                  int month,
                  int day)
{
  static const int before_month[] = { 0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334 };
  int y = year - 1;
  gint64 leap_days = (y / 4 - y / 100 + y / 400) - (1969 / 4 - 1969 / 100 + 1969 / 400);

  return (gint64) (year - 1970) * 365 + leap_days + before_month[month - 1] + day - 1 +
         (month > 2 && is_leap (year) ? 1 : 0);
}

/* Seconds since the epoch of a UTC timestamp. The servers write
 * "YYYY-MM-DDTHH:MM:SS.sssZ": read that by hand, since a month of 10,000
 * kitchens has 220,000 of them; anything else through GDateTime. */
static gboolean
utc_seconds (const char *iso,
             gint64     *out)
{
  int y1, y2, mo, d, h, mi, s;
  gsize len;

  if (iso == NULL)
    return FALSE;

  len = strlen (iso);
  if (len >= 20 && iso[4] == '-' && iso[7] == '-' && iso[10] == 'T' && iso[13] == ':' &&
      iso[16] == ':' && iso[len - 1] == 'Z' && (len == 20 || iso[19] == '.') &&
      two_digits (iso, &y1) && two_digits (iso + 2, &y2) && two_digits (iso + 5, &mo) &&
      two_digits (iso + 8, &d) && two_digits (iso + 11, &h) && two_digits (iso + 14, &mi) &&
      two_digits (iso + 17, &s) && g_date_valid_dmy (d, mo, y1 * 100 + y2) &&
      h < 24 && mi < 60 && s < 61)
    {
      *out = days_since_epoch (y1 * 100 + y2, mo, d) * 86400 + h * 3600 + mi * 60 + s;
      return TRUE;
    }
  else
    {
      g_autoptr(GDateTime) dt = g_date_time_new_from_iso8601 (iso, NULL);

      if (dt == NULL)
        return FALSE;
      *out = g_date_time_to_unix (dt);
      return TRUE;
    }
}

/* The day @utc falls on in Mexico City, YYYY-MM-DD. */
static void
local_date_of (gint64 utc,
               char   buf[11])
{
  g_autoptr(GDateTime) t = g_date_time_new_from_unix_utc (utc);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (t, cm_text_programme_timezone ());
  g_autofree char *text = g_date_time_format (local, "%Y-%m-%d");

  g_strlcpy (buf, text, 11);
}

/* JSON, written by hand: the evidence of a full month is 130,000 small
 * objects, and the same data must give the same bytes. */

static void
ev_string (GString    *s,
           const char *value)
{
  if (value == NULL)
    {
      g_string_append (s, "null");
      return;
    }

  g_string_append_c (s, '"');
  for (const char *p = value; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;

      if (c == '"' || c == '\\')
        {
          g_string_append_c (s, '\\');
          g_string_append_c (s, (char) c);
        }
      else if (c < 0x20)
        g_string_append_printf (s, "\\u%04x", c);
      else
        g_string_append_c (s, (char) c);
    }
  g_string_append_c (s, '"');
}

static void
ev_double (GString *s,
           double   value,
           int      decimals)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  char format[8];

  g_snprintf (format, sizeof format, "%%.%df", decimals);
  g_ascii_formatd (buf, sizeof buf, format, value);
  g_string_append (s, buf);
}

static void
ev_key (GString    *s,
        const char *key)
{
  if (s->len > 0 && s->str[s->len - 1] != '{' && s->str[s->len - 1] != '[')
    g_string_append_c (s, ',');
  g_string_append_c (s, '"');
  g_string_append (s, key);
  g_string_append (s, "\":");
}

static void
ev_int (GString    *s,
        const char *key,
        gint64      value)
{
  ev_key (s, key);
  g_string_append_printf (s, "%" G_GINT64_FORMAT, value);
}

static void
ev_text (GString    *s,
         const char *key,
         const char *value)
{
  ev_key (s, key);
  ev_string (s, value);
}

static void
ev_open (GString    *s,
         const char *key,
         char        bracket)
{
  if (key != NULL)
    ev_key (s, key);
  else if (s->len > 0 && s->str[s->len - 1] != '{' && s->str[s->len - 1] != '[')
    g_string_append_c (s, ',');
  g_string_append_c (s, bracket);
}

static void
ev_date_of_day (GString *s,
                Period  *p,
                guint    day)
{
  g_string_append_printf (s, "\"%s-%02u\"", p->period, day + 1);
}

/* "report_id", "instance_id" and "date" of a report, inside an object. */
static void
ev_report (GString      *s,
           Period       *p,
           const Report *r)
{
  ev_int (s, "report_id", r->id);
  ev_text (s, "instance_id", r->instance_id);
  ev_key (s, "date");
  ev_date_of_day (s, p, r->day);
}

/* The parameter of the version in force on the last day it is, for the
 * evidence's header; a change within the month shows in each item. */
static void
ev_param (GString    *s,
          Slot       *slot,
          const char *name)
{
  JsonNode *node = json_object_get_member (cm_rule_get_parameters (slot->latest), name);

  ev_key (s, name);
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    g_string_append (s, "null");
  else if (json_node_get_value_type (node) == G_TYPE_INT64)
    g_string_append_printf (s, "%" G_GINT64_FORMAT, json_node_get_int (node));
  else if (json_node_get_value_type (node) == G_TYPE_DOUBLE)
    ev_double (s, json_node_get_double (node), 6);
  else
    ev_string (s, json_node_get_string (node));
}

/* Checks. Each writes the evidence's members after "check"; the caller
 * opens and closes the object. The evidence names what failed and what it
 * was judged by, not how many reports passed (check_verdict counts those):
 * a result that a new day's clean report leaves as it was is not rewritten. */

static void
note_failure (Result *result,
              Slot   *slot,
              guint   day,
              guint   n)
{
  CmRule *rule = slot->by_day[day];

  result->failures += n;
  result->noted += n;
  if (rule != NULL && (int) cm_rule_get_severity (rule) > result->severity)
    result->severity = (int) cm_rule_get_severity (rule);
}

static void
finish (Result *result,
        guint   checked,
        guint   tolerated)
{
  if (checked == 0)
    result->outcome = CM_CHECK_OUTCOME_NOT_APPLICABLE;
  else
    result->outcome = result->failures > tolerated ? CM_CHECK_OUTCOME_FAIL : CM_CHECK_OUTCOME_PASS;
  if (result->outcome != CM_CHECK_OUTCOME_FAIL)
    result->severity = -1;
}

static void
ev_kitchen_window (GString *s,
                   Period  *p,
                   Kitchen *k)
{
  guint day = 0;

  ev_text (s, "opened_on", k->opened_on);
  ev_text (s, "closed_on", k->closed_on);
  ev_text (s, "status", k->status);

  /* The runs of days it was not open, with why. */
  ev_open (s, "not_open", '[');
  while (day < p->n_days)
    {
      guint end = day;

      if (k->state[day] == DAY_OPEN)
        {
          day++;
          continue;
        }
      while (end + 1 < p->n_days && k->state[end + 1] == k->state[day])
        end++;
      ev_open (s, NULL, '{');
      ev_key (s, "from");
      ev_date_of_day (s, p, day);
      ev_key (s, "until");
      ev_date_of_day (s, p, end);
      ev_text (s, "state", day_state_names[k->state[day]]);
      g_string_append_c (s, '}');
      day = end + 1;
    }
  g_string_append_c (s, ']');
}

static void
check_daily_report (Period  *p,
                    Slot    *slot,
                    Kitchen *k,
                    Result  *result,
                    GString *s)
{
  gboolean reported[MAX_DAYS] = { FALSE };
  guint due = 0, tolerated = 0, last_due = 0;

  for (guint i = 0; i < k->n_reports; i++)
    reported[k->reports[i]->day] = TRUE;

  ev_kitchen_window (s, p, k);

  ev_open (s, "holidays", '[');
  for (guint d = 0; d < p->n_days; d++)
    if (p->holiday[d])
      {
        ev_open (s, NULL, '"');
        g_string_append_printf (s, "%s-%02u\"", p->period, d + 1);
      }
  g_string_append_c (s, ']');

  ev_open (s, "missing", '[');
  for (guint d = p->due_from; d < p->due_until; d++)
    {
      if (slot->by_day[d] == NULL || !p->operating[d] || k->state[d] != DAY_OPEN)
        continue;
      due++;
      last_due = d;
      if (reported[d])
        continue;
      ev_open (s, NULL, '"');
      g_string_append_printf (s, "%s-%02u\"", p->period, d + 1);
      note_failure (result, slot, d, 1);
    }
  g_string_append_c (s, ']');

  /* No counts of the days due or reported: a day's clean report would
   * change them for every kitchen (the verdict's reader counts them). */
  if (due > 0)
    tolerated = (guint) slot->param[0][last_due];
  ev_int (s, "tolerated", tolerated);

  finish (result, due, tolerated);
}

static void
check_same_day (Period  *p,
                Slot    *slot,
                Kitchen *k,
                Result  *result,
                GString *s)
{
  guint checked = 0, unknown_time = 0;

  ev_param (s, slot, "grace_hours");
  ev_open (s, "late", '[');
  for (guint i = 0; i < k->n_reports; i++)
    {
      const Report *r = k->reports[i];
      gint64 utc;
      char local_date[11];

      if (slot->by_day[r->day] == NULL)
        continue;
      checked++;
      if (!utc_seconds (r->submitted_at, &utc))
        {
          unknown_time++;
          result->noted++;
          continue;
        }

      /* From the day's midnight in Mexico City to the next one, and the grace. */
      if (utc >= p->midnight[r->day] &&
          utc < p->midnight[r->day + 1] + (gint64) (slot->param[0][r->day] * 3600))
        continue;

      local_date_of (utc, local_date);
      ev_open (s, NULL, '{');
      ev_report (s, p, r);
      ev_text (s, "submitted_at", r->submitted_at);
      ev_text (s, "local_date", local_date);
      ev_text (s, "problem", utc < p->midnight[r->day] ? "before" : "late");
      g_string_append_c (s, '}');
      note_failure (result, slot, r->day, 1);
    }
  g_string_append_c (s, ']');
  ev_int (s, "without_time", unknown_time);

  finish (result, checked, 0);
}

static void
check_duplicates (Period  *p,
                  Slot    *slot,
                  Kitchen *k,
                  Result  *result,
                  GString *s)
{
  guint per_day[MAX_DAYS] = { 0 };
  guint checked = 0;

  for (guint i = 0; i < k->n_reports; i++)
    {
      const Report *r = k->reports[i];

      if (slot->by_day[r->day] != NULL)
        {
          per_day[r->day]++;
          checked++;
        }
    }

  ev_open (s, "days", '[');
  for (guint d = 0; d < p->n_days; d++)
    {
      if (per_day[d] < 2)
        continue;

      ev_open (s, NULL, '{');
      ev_key (s, "date");
      ev_date_of_day (s, p, d);
      ev_open (s, "reports", '[');
      for (guint i = 0; i < k->n_reports; i++)
        {
          const Report *r = k->reports[i];

          if (r->day != d)
            continue;
          ev_open (s, NULL, '{');
          ev_int (s, "report_id", r->id);
          ev_text (s, "instance_id", r->instance_id);
          ev_text (s, "submitted_at", r->submitted_at);
          g_string_append_c (s, '}');
        }
      g_string_append (s, "]}");
      note_failure (result, slot, d, per_day[d] - 1);
    }
  g_string_append_c (s, ']');

  finish (result, checked, 0);
}

static void
check_off_days (Period  *p,
                Slot    *slot,
                Kitchen *k,
                Result  *result,
                GString *s)
{
  guint checked = 0;

  ev_open (s, "off_days", '[');
  for (guint i = 0; i < k->n_reports; i++)
    {
      const Report *r = k->reports[i];
      const char *reason;

      if (slot->by_day[r->day] == NULL)
        continue;
      checked++;
      if (k->state[r->day] != DAY_OPEN)
        reason = day_state_names[k->state[r->day]];
      else if (p->holiday[r->day])
        reason = "holiday";
      else if (!p->operating[r->day])
        reason = "weekend";
      else
        continue;

      ev_open (s, NULL, '{');
      ev_report (s, p, r);
      ev_text (s, "reason", reason);
      g_string_append_c (s, '}');
      note_failure (result, slot, r->day, 1);
    }
  g_string_append_c (s, ']');

  finish (result, checked, 0);
}

/* Only the row of no kitchen: every report there is one whose folio is
 * unknown. It passes, rather than not applying, when there is none. */
static void
check_unknown_folio (Period  *p,
                     Slot    *slot,
                     Kitchen *k,
                     Result  *result,
                     GString *s)
{
  guint days_in_force = 0;

  for (guint d = 0; d < p->n_days; d++)
    days_in_force += slot->by_day[d] != NULL;

  ev_open (s, "unknown", '[');
  for (guint i = 0; i < k->n_reports; i++)
    {
      const Report *r = k->reports[i];

      if (slot->by_day[r->day] == NULL)
        continue;
      ev_open (s, NULL, '{');
      ev_report (s, p, r);
      ev_text (s, "folio_sent", r->folio_sent);
      ev_text (s, "submitted_at", r->submitted_at);
      g_string_append_c (s, '}');
      note_failure (result, slot, r->day, 1);
    }
  g_string_append_c (s, ']');

  finish (result, days_in_force, 0);
}

static void
check_fee (Period   *p,
           Slot     *slot,
           Kitchen  *k,
           Result   *result,
           GString  *s,
           gboolean  overcharge_only)
{
  guint checked = 0;

  ev_param (s, slot, "fee_pesos");
  if (!overcharge_only)
    ev_param (s, slot, "tolerance_pesos");
  ev_key (s, "free");
  g_string_append (s, k->charges_fee ? "false" : "true");

  ev_open (s, overcharge_only ? "overcharged" : "mismatches", '[');
  for (guint i = 0; i < k->n_reports; i++)
    {
      const Report *r = k->reports[i];
      CmRule *rule = slot->by_day[r->day];
      gint64 fee, expected, tolerance;
      gboolean bad;

      if (rule == NULL)
        continue;
      checked++;

      fee = (gint64) llround (slot->param[0][r->day] * 100);                 /* fee_pesos */
      tolerance = overcharge_only ? 0 : (gint64) llround (slot->param[1][r->day] * 100);
      expected = k->charges_fee ? r->paid * fee : 0;
      bad = overcharge_only ? r->fee_cents > expected
                            : ABS (r->fee_cents - expected) > tolerance;
      if (!bad)
        continue;

      ev_open (s, NULL, '{');
      ev_report (s, p, r);
      ev_int (s, "rations_paid", r->paid);
      ev_int (s, "fee_cents", fee);
      ev_int (s, "expected_cents", expected);
      ev_int (s, "got_cents", r->fee_cents);
      g_string_append_c (s, '}');
      note_failure (result, slot, r->day, 1);
    }
  g_string_append_c (s, ']');

  finish (result, checked, 0);
}

static void
check_fee_collected (Period  *p,
                     Slot    *slot,
                     Kitchen *k,
                     Result  *result,
                     GString *s)
{
  check_fee (p, slot, k, result, s, FALSE);
}

static void
check_fee_overcharge (Period  *p,
                      Slot    *slot,
                      Kitchen *k,
                      Result  *result,
                      GString *s)
{
  check_fee (p, slot, k, result, s, TRUE);
}

static void
check_rations (Period   *p,
               Slot     *slot,
               Kitchen  *k,
               Result   *result,
               GString  *s,
               gboolean  minimum)
{
  guint checked = 0;

  ev_int (s, "capacity", k->capacity);
  ev_param (s, slot, minimum ? "minimum_share" : "tolerance_share");
  if (k->capacity < 0)
    {
      ev_text (s, "reason", "no_capacity");
      finish (result, 0, 0);
      return;
    }

  ev_open (s, minimum ? "under" : "over", '[');
  for (guint i = 0; i < k->n_reports; i++)
    {
      const Report *r = k->reports[i];
      CmRule *rule = slot->by_day[r->day];
      gint64 served = r->paid + r->free_rations;
      gint64 limit;

      if (rule == NULL)
        continue;
      checked++;

      if (minimum)
        {
          limit = (gint64) ceil (k->capacity * slot->param[0][r->day] - 1e-9);       /* minimum_share */
          if (served >= limit)
            continue;
        }
      else
        {
          limit = (gint64) floor (k->capacity * (1 + slot->param[0][r->day]) + 1e-9); /* tolerance_share */
          if (served <= limit)
            continue;
        }

      ev_open (s, NULL, '{');
      ev_report (s, p, r);
      ev_int (s, "rations", served);
      ev_int (s, minimum ? "minimum" : "limit", limit);
      g_string_append_c (s, '}');
      note_failure (result, slot, r->day, 1);
    }
  g_string_append_c (s, ']');

  finish (result, checked, 0);
}

static void
check_capacity (Period  *p,
                Slot    *slot,
                Kitchen *k,
                Result  *result,
                GString *s)
{
  check_rations (p, slot, k, result, s, FALSE);
}

static void
check_minimum (Period  *p,
               Slot    *slot,
               Kitchen *k,
               Result  *result,
               GString *s)
{
  check_rations (p, slot, k, result, s, TRUE);
}

static void
check_receipts (Period  *p,
                Slot    *slot,
                Kitchen *k,
                Result  *result,
                GString *s)
{
  guint checked = 0;

  ev_open (s, "without_receipt", '[');
  for (guint i = 0; i < k->n_reports; i++)
    {
      const Report *r = k->reports[i];
      guint n = 1;

      if (slot->by_day[r->day] == NULL)
        continue;
      checked++;
      if (r->no_receipt == NULL)
        continue;

      for (const char *c = r->no_receipt; *c != '\0'; c++)
        n += *c == ',';

      ev_open (s, NULL, '{');
      ev_report (s, p, r);
      ev_key (s, "positions");
      g_string_append_printf (s, "[%s]", r->no_receipt);
      g_string_append_c (s, '}');
      note_failure (result, slot, r->day, n);
    }
  g_string_append_c (s, ']');

  finish (result, checked, 0);
}

/* Metres along the ground, on a sphere of the Earth's mean radius. */
static double
haversine (double lat1,
           double lon1,
           double lat2,
           double lon2)
{
  double to_rad = G_PI / 180;
  double dlat = (lat2 - lat1) * to_rad;
  double dlon = (lon2 - lon1) * to_rad;
  double a = sin (dlat / 2) * sin (dlat / 2) +
             cos (lat1 * to_rad) * cos (lat2 * to_rad) * sin (dlon / 2) * sin (dlon / 2);

  return 2 * 6371008.8 * asin (MIN (1.0, sqrt (a)));
}

static void
check_gps (Period  *p,
           Slot    *slot,
           Kitchen *k,
           Result  *result,
           GString *s)
{
  guint checked = 0, without_point = 0;

  ev_param (s, slot, "radius_m");
  if (!k->has_point)
    {
      ev_text (s, "reason", "no_kitchen_point");
      finish (result, 0, 0);
      return;
    }
  ev_key (s, "kitchen");
  g_string_append_c (s, '[');
  ev_double (s, k->latitude, 6);
  g_string_append_c (s, ',');
  ev_double (s, k->longitude, 6);
  g_string_append_c (s, ']');

  ev_open (s, "far", '[');
  for (guint i = 0; i < k->n_reports; i++)
    {
      const Report *r = k->reports[i];
      CmRule *rule = slot->by_day[r->day];
      double distance;

      if (rule == NULL)
        continue;
      if (!r->has_point)
        {
          without_point++;
          result->noted++;
          continue;
        }
      checked++;

      distance = haversine (k->latitude, k->longitude, r->latitude, r->longitude);
      if (distance <= slot->param[0][r->day])                                   /* radius_m */
        continue;

      ev_open (s, NULL, '{');
      ev_report (s, p, r);
      ev_key (s, "point");
      g_string_append_c (s, '[');
      ev_double (s, r->latitude, 6);
      g_string_append_c (s, ',');
      ev_double (s, r->longitude, 6);
      g_string_append_c (s, ']');
      ev_int (s, "distance_m", (gint64) llround (distance));
      g_string_append_c (s, '}');
      note_failure (result, slot, r->day, 1);
    }
  g_string_append_c (s, ']');
  ev_int (s, "without_point", without_point);

  finish (result, checked, 0);
}

static void
check_device (Period  *p,
              Slot    *slot,
              Kitchen *k,
              Result  *result,
              GString *s)
{
  guint checked = 0;

  ev_text (s, "tablet_id", k->tablet_id);
  if (k->tablet_id == NULL)
    {
      ev_text (s, "reason", "no_registered_tablet");
      finish (result, 0, 0);
      return;
    }

  ev_open (s, "other", '[');
  for (guint i = 0; i < k->n_reports; i++)
    {
      const Report *r = k->reports[i];

      if (slot->by_day[r->day] == NULL)
        continue;
      checked++;
      if (r->device_id != NULL && strcmp (r->device_id, k->tablet_id) == 0)
        continue;

      ev_open (s, NULL, '{');
      ev_report (s, p, r);
      ev_text (s, "device_id", r->device_id);
      g_string_append_c (s, '}');
      note_failure (result, slot, r->day, 1);
    }
  g_string_append_c (s, ']');

  finish (result, checked, 0);
}

static void
check_committee (Period  *p,
                 Slot    *slot,
                 Kitchen *k,
                 Result  *result,
                 GString *s)
{
  guint days = 0;

  /* The days the rule is in force and the kitchen exists (a suspended
   * kitchen still has its committee). */
  for (guint d = 0; d < p->n_days; d++)
    if (slot->by_day[d] != NULL && k->state[d] != DAY_NOT_YET_OPEN && k->state[d] != DAY_CLOSED)
      days++;

  ev_open (s, "members", '[');
  for (guint i = 0; days > 0 && i < k->n_members; i++)
    {
      const Member *m = &k->members[i];
      guint32 since = julian_of (m->since);
      guint32 until = m->until != NULL ? julian_of (m->until) : G_MAXUINT32;
      gint last = -1;

      for (guint d = 0; d < p->n_days; d++)
        {
          guint32 j = p->first_julian + d;

          if (slot->by_day[d] != NULL && k->state[d] != DAY_NOT_YET_OPEN &&
              k->state[d] != DAY_CLOSED && j >= since && j <= until)
            last = (gint) d;
        }
      if (last < 0)
        continue;

      ev_open (s, NULL, '{');
      ev_int (s, "member_id", m->id);
      ev_text (s, "name", m->name);
      ev_text (s, "role", m->role);
      ev_text (s, "since", m->since);
      ev_text (s, "until", m->until);
      g_string_append_c (s, '}');
      note_failure (result, slot, (guint) last, 1);
    }
  g_string_append_c (s, ']');

  finish (result, days, 0);
}

static const struct
{
  const char *check;
  CheckFunc   func;
} implementations[] = {
  { "daily_report", check_daily_report },
  { "same_day_submission", check_same_day },
  { "duplicate_reports", check_duplicates },
  { "non_operating_day_reports", check_off_days },
  { "unknown_folio", check_unknown_folio },
  { "fee_collected", check_fee_collected },
  { "fee_overcharge", check_fee_overcharge },
  { "rations_capacity", check_capacity },
  { "rations_minimum", check_minimum },
  { "purchase_receipts", check_receipts },
  { "gps_distance", check_gps },
  { "registered_device", check_device },
  { "committee_office", check_committee },
};

CheckFunc
_cm_checks_find_implementation (const char *check,
                                gboolean   *programme_wide,
                                gboolean   *reads_reports)
{
  for (guint i = 0; i < G_N_ELEMENTS (implementations); i++)
    if (strcmp (implementations[i].check, check) == 0)
      {
        *programme_wide = implementations[i].func == check_unknown_folio;
        *reads_reports = implementations[i].func != check_committee;
        return implementations[i].func;
      }

  g_error ("The automatic check “%s” has no implementation", check);
  return NULL;
}

void
_cm_checks_run (Period  *p,
                Slot    *slot,
                Kitchen *k,
                Result  *result,
                GString *evidence)
{
  g_string_truncate (evidence, 0);
  g_string_append (evidence, "{\"check\":");
  ev_string (evidence, slot->check);
  slot->func (p, slot, k, result, evidence);
  g_string_append_c (evidence, '}');
}
