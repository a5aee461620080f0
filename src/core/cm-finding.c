/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "cm-finding"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdlib.h>
#include <string.h>

#include "cm-audit.h"
#include "cm-finding.h"
#include "cm-review.h"
#include "cm-rulebook.h"
#include "cm-text.h"
#include "cm-workdays.h"

struct _CmFinding
{
  GObject  parent_instance;

  gint64   id;
  gint64   canteen_id;
  char    *folio;
  char    *rule_code;
  char    *period;
  gint64   review_id;
  char    *description;
  char    *opened_at;
  char    *opened_by;
  char    *due_on;
  char    *closed_at;
  char    *closed_by;
  char    *closed_how;
  char    *closing_period;
  char    *closing_note;
};

G_DEFINE_FINAL_TYPE (CmFinding, cm_finding, G_TYPE_OBJECT)

G_DEFINE_QUARK (cm-finding-error-quark, cm_finding_error)

static void
cm_finding_finalize (GObject *object)
{
  CmFinding *self = (CmFinding *)object;

  g_free (self->folio);
  g_free (self->rule_code);
  g_free (self->period);
  g_free (self->description);
  g_free (self->opened_at);
  g_free (self->opened_by);
  g_free (self->due_on);
  g_free (self->closed_at);
  g_free (self->closed_by);
  g_free (self->closed_how);
  g_free (self->closing_period);
  g_free (self->closing_note);

  G_OBJECT_CLASS (cm_finding_parent_class)->finalize (object);
}

static void
cm_finding_class_init (CmFindingClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cm_finding_finalize;
}

static void
cm_finding_init (CmFinding *self)
{
}

gint64
cm_finding_get_id (CmFinding *self)
{
  g_return_val_if_fail (CM_IS_FINDING (self), 0);
  return self->id;
}

gint64
cm_finding_get_canteen_id (CmFinding *self)
{
  g_return_val_if_fail (CM_IS_FINDING (self), 0);
  return self->canteen_id;
}

const char *
cm_finding_get_folio (CmFinding *self)
{
  g_return_val_if_fail (CM_IS_FINDING (self), NULL);
  return self->folio;
}

const char *
cm_finding_get_rule_code (CmFinding *self)
{
  g_return_val_if_fail (CM_IS_FINDING (self), NULL);
  return self->rule_code;
}

const char *
cm_finding_get_period (CmFinding *self)
{
  g_return_val_if_fail (CM_IS_FINDING (self), NULL);
  return self->period;
}

gint64
cm_finding_get_review_id (CmFinding *self)
{
  g_return_val_if_fail (CM_IS_FINDING (self), 0);
  return self->review_id;
}

const char *
cm_finding_get_description (CmFinding *self)
{
  g_return_val_if_fail (CM_IS_FINDING (self), NULL);
  return self->description;
}

const char *
cm_finding_get_opened_at (CmFinding *self)
{
  g_return_val_if_fail (CM_IS_FINDING (self), NULL);
  return self->opened_at;
}

const char *
cm_finding_get_opened_by (CmFinding *self)
{
  g_return_val_if_fail (CM_IS_FINDING (self), NULL);
  return self->opened_by;
}

const char *
cm_finding_get_due_on (CmFinding *self)
{
  g_return_val_if_fail (CM_IS_FINDING (self), NULL);
  return self->due_on;
}

gboolean
cm_finding_is_open (CmFinding *self)
{
  g_return_val_if_fail (CM_IS_FINDING (self), FALSE);
  return self->closed_at == NULL;
}

/**
 * cm_finding_is_overdue:
 * @self: a #CmFinding
 * @today: the day to judge by
 *
 * Returns: %TRUE when the finding is open and its due date is before @today
 */
gboolean
cm_finding_is_overdue (CmFinding   *self,
                       const GDate *today)
{
  char day[16];

  g_return_val_if_fail (CM_IS_FINDING (self), FALSE);
  g_return_val_if_fail (today != NULL && g_date_valid (today), FALSE);

  g_date_strftime (day, sizeof day, "%Y-%m-%d", today);
  return self->closed_at == NULL && g_strcmp0 (self->due_on, day) < 0;
}

const char *
cm_finding_get_closed_at (CmFinding *self)
{
  g_return_val_if_fail (CM_IS_FINDING (self), NULL);
  return self->closed_at;
}

const char *
cm_finding_get_closed_by (CmFinding *self)
{
  g_return_val_if_fail (CM_IS_FINDING (self), NULL);
  return self->closed_by;
}

const char *
cm_finding_get_closed_how (CmFinding *self)
{
  g_return_val_if_fail (CM_IS_FINDING (self), NULL);
  return self->closed_how;
}

const char *
cm_finding_get_closing_period (CmFinding *self)
{
  g_return_val_if_fail (CM_IS_FINDING (self), NULL);
  return self->closing_period;
}

const char *
cm_finding_get_closing_note (CmFinding *self)
{
  g_return_val_if_fail (CM_IS_FINDING (self), NULL);
  return self->closing_note;
}

static void
today_in_programme (GDate *date)
{
  cm_text_get_today (date);
}

static char *
now_utc (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return g_date_time_format_iso8601 (now);
}

/**
 * cm_finding_default_due:
 * @severity: the failed rule's severity
 * @opened_on: the day the finding is opened
 * @due_on: (out caller-allocates): the day it is due
 *
 * The due date a finding gets when the person opening it sets none: the
 * graver the rule, the sooner, counted in operating days (weekdays that are
 * not official holidays) as the programme's offices count them.
 */
void
cm_finding_default_due (CmRuleSeverity  severity,
                        const GDate    *opened_on,
                        GDate          *due_on)
{
  guint days;

  g_return_if_fail (opened_on != NULL && g_date_valid (opened_on));
  g_return_if_fail (due_on != NULL);

  switch (severity)
    {
    case CM_RULE_SEVERITY_CLOSURE:
      days = CM_FINDING_DAYS_CLOSURE;
      break;
    case CM_RULE_SEVERITY_SUSPENSION:
      days = CM_FINDING_DAYS_SUSPENSION;
      break;
    case CM_RULE_SEVERITY_WARNING:
      days = CM_FINDING_DAYS_WARNING;
      break;
    case CM_RULE_SEVERITY_OBSERVATION:
    default:
      days = CM_FINDING_DAYS_OBSERVATION;
      break;
    }

  *due_on = *opened_on;
  while (days > 0)
    {
      g_date_add_days (due_on, 1);
      if (cm_workdays_is_operating_day (due_on))
        days--;
    }
}

#define FINDING_SELECT \
  "SELECT f.id, f.canteen_id, c.folio, f.rule_code, f.period, f.review_id, f.description, f.opened_at," \
  "       f.opened_by, f.due_on, f.closed_at, f.closed_by, f.closed_how, f.closing_period, f.closing_note" \
  "  FROM finding f JOIN canteen c ON c.id = f.canteen_id"

#define FINDING_SNAPSHOT \
  "SELECT json_object ('id', id, 'canteen_id', canteen_id, 'rule_code', rule_code, 'period', period," \
  "                    'review_id', review_id, 'description', description, 'opened_at', opened_at," \
  "                    'opened_by', opened_by, 'due_on', due_on, 'closed_at', closed_at," \
  "                    'closed_by', closed_by, 'closed_how', closed_how, 'closing_period', closing_period," \
  "                    'closing_note', closing_note)" \
  "  FROM finding WHERE id = ?1"

static char *
column_text (sqlite3_stmt *stmt,
             int           column)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, column));
}

static CmFinding *
finding_from_row (sqlite3_stmt *stmt)
{
  CmFinding *self = g_object_new (CM_TYPE_FINDING, NULL);

  self->id = sqlite3_column_int64 (stmt, 0);
  self->canteen_id = sqlite3_column_int64 (stmt, 1);
  self->folio = column_text (stmt, 2);
  self->rule_code = column_text (stmt, 3);
  self->period = column_text (stmt, 4);
  self->review_id = sqlite3_column_int64 (stmt, 5);
  self->description = column_text (stmt, 6);
  self->opened_at = column_text (stmt, 7);
  self->opened_by = column_text (stmt, 8);
  self->due_on = column_text (stmt, 9);
  self->closed_at = column_text (stmt, 10);
  self->closed_by = column_text (stmt, 11);
  self->closed_how = column_text (stmt, 12);
  self->closing_period = column_text (stmt, 13);
  self->closing_note = column_text (stmt, 14);

  return self;
}

typedef struct
{
  gint64       canteen_id;
  const char  *rule_code;
  const char  *period;        /* or NULL */
  gint64       review_id;     /* or 0 */
  const char  *description;
  GDate        due_on;
} NewFinding;

/* One open finding per kitchen and rule: a second would only be closed
 * twice by the same passing check. */
static gboolean
check_none_open (CmDb        *db,
                 gint64       canteen_id,
                 const char  *rule_code,
                 GError     **error)
{
  sqlite3_stmt *stmt;
  gint64 open_id = 0;

  stmt = cm_db_prepare (db,
                        "SELECT id FROM finding WHERE canteen_id = ?1 AND rule_code = ?2 AND closed_at IS NULL",
                        error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, canteen_id);
  sqlite3_bind_text (stmt, 2, rule_code, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    open_id = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);

  if (open_id != 0)
    {
      g_set_error (error, CM_FINDING_ERROR, CM_FINDING_ERROR_STATE,
                   _("Finding number %lld is already open for rule %s in this kitchen; follow that one."),
                   (long long) open_id, rule_code);
      return FALSE;
    }

  return TRUE;
}

/* Inserts and audits, inside the caller's transaction. */
static gint64
insert_locked (CmDb         *db,
               NewFinding   *finding,
               const char   *actor,
               GError      **error)
{
  g_autofree char *stamp = now_utc ();
  g_autofree char *after = NULL;
  char due[16];
  sqlite3_stmt *stmt;
  gint64 id;

  if (!check_none_open (db, finding->canteen_id, finding->rule_code, error))
    return 0;

  g_date_strftime (due, sizeof due, "%Y-%m-%d", &finding->due_on);
  stmt = cm_db_prepare (db,
                        "INSERT INTO finding (canteen_id, rule_code, period, review_id, description, opened_at,"
                        "                     opened_by, due_on)"
                        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                        error);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, finding->canteen_id);
  sqlite3_bind_text (stmt, 2, finding->rule_code, -1, SQLITE_TRANSIENT);
  if (finding->period != NULL)
    sqlite3_bind_text (stmt, 3, finding->period, -1, SQLITE_TRANSIENT);
  if (finding->review_id > 0)
    sqlite3_bind_int64 (stmt, 4, finding->review_id);
  sqlite3_bind_text (stmt, 5, finding->description, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 6, stamp, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 7, actor, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 8, due, -1, SQLITE_TRANSIENT);
  if (!cm_db_step_done (db, stmt, error))
    return 0;
  id = sqlite3_last_insert_rowid (cm_db_get_handle (db));

  if (!(after = cm_audit_snapshot (db, FINDING_SNAPSHOT, id, error)) ||
      !cm_audit_append (db, actor, "open", "finding", id, NULL, after, error))
    return 0;

  return id;
}

/* The due date given, or the default for @rule; never before today. */
static gboolean
settle_due (const GDate  *given,
            CmRule       *rule,
            GDate        *due_on,
            GError      **error)
{
  GDate today;

  today_in_programme (&today);
  if (given == NULL)
    {
      cm_finding_default_due (rule ? cm_rule_get_severity (rule) : CM_RULE_SEVERITY_OBSERVATION, &today, due_on);
      return TRUE;
    }
  if (!g_date_valid (given) || g_date_compare (given, &today) < 0)
    {
      g_set_error (error, CM_FINDING_ERROR, CM_FINDING_ERROR_INVALID,
                   _("A finding is due today or later, not before it is opened."));
      return FALSE;
    }

  *due_on = *given;
  return TRUE;
}

static gboolean
is_month (const char *text)
{
  GDate date;
  g_autofree char *day = NULL;

  if (text == NULL || strlen (text) != 7)
    return FALSE;
  day = g_strconcat (text, "-01", NULL);
  return cm_text_parse_date (day, &date);
}

/**
 * cm_finding_open_from_check:
 * @db: the database
 * @canteen_id: the kitchen
 * @rule_code: the automatic rule that failed
 * @period: the month it failed, YYYY-MM
 * @description: (nullable): what must be corrected; empty or %NULL for the
 *   rule's title and the month
 * @due_on: (nullable): when it is due, today or later; %NULL for
 *   cm_finding_default_due() from today
 * @actor: the person who opens it
 * @error: return location for a #GError in %CM_FINDING_ERROR
 *
 * Opens a finding from a check that failed: the check result must say so.
 * A kitchen has one open finding per rule at a time. Takes the database
 * lock.
 *
 * Returns: the finding's id, or 0 with @error set
 */
gint64
cm_finding_open_from_check (CmDb         *db,
                            gint64        canteen_id,
                            const char   *rule_code,
                            const char   *period,
                            const char   *description,
                            const GDate  *due_on,
                            const char   *actor,
                            GError      **error)
{
  g_autoptr(CmRulebook) rulebook = NULL;
  g_autoptr(GMutexLocker) locker = NULL;
  g_autofree char *text = NULL;
  g_autofree char *outcome = NULL;
  NewFinding finding = { 0 };
  CmRule *rule = NULL;
  sqlite3_stmt *stmt;
  gint64 id;
  GDate last_day;

  g_return_val_if_fail (CM_IS_DB (db), 0);
  g_return_val_if_fail (rule_code != NULL, 0);

  if (!cm_audit_check_actor (actor, error))
    return 0;
  if (!is_month (period))
    {
      g_set_error (error, CM_FINDING_ERROR, CM_FINDING_ERROR_INVALID,
                   _("The month of a failed check is written YYYY-MM."));
      return 0;
    }

  /* The rule as it stood at the end of the month that failed. */
  if (!(rulebook = cm_rulebook_load_in_use (db, NULL, error)))
    return 0;
  g_date_clear (&last_day, 1);
  g_date_set_dmy (&last_day, 1, (GDateMonth) atoi (period + 5), (GDateYear) atoi (period));
  g_date_add_months (&last_day, 1);
  g_date_subtract_days (&last_day, 1);
  rule = cm_rulebook_lookup (rulebook, rule_code, &last_day);

  if (!settle_due (due_on, rule, &finding.due_on, error))
    return 0;

  text = g_strstrip (g_strdup (description ? description : ""));
  if (*text == '\0')
    {
      g_free (text);
      text = g_strdup_printf ("%s (%s)", rule ? cm_rule_get_title (rule) : rule_code, period);
    }

  locker = g_mutex_locker_new (cm_db_get_mutex (db));
  if (!cm_db_begin (db, error))
    return 0;

  stmt = cm_db_prepare (db,
                        "SELECT outcome FROM check_result WHERE canteen_id = ?1 AND period = ?2 AND rule_code = ?3",
                        error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, canteen_id);
  sqlite3_bind_text (stmt, 2, period, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, rule_code, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    outcome = column_text (stmt, 0);
  sqlite3_reset (stmt);

  if (outcome == NULL)
    {
      g_set_error (error, CM_FINDING_ERROR, CM_FINDING_ERROR_NOT_FOUND,
                   _("There is no result of rule %s for %s in this kitchen; run the checks first."),
                   rule_code, period);
      goto fail;
    }
  if (!g_str_equal (outcome, "fail"))
    {
      g_set_error (error, CM_FINDING_ERROR, CM_FINDING_ERROR_STATE,
                   _("Rule %s did not fail in %s in this kitchen: there is nothing to correct."),
                   rule_code, period);
      goto fail;
    }

  finding.canteen_id = canteen_id;
  finding.rule_code = rule_code;
  finding.period = period;
  finding.description = text;
  if (!(id = insert_locked (db, &finding, actor, error)) || !cm_db_commit (db, error))
    goto fail;

  return id;

fail:
  cm_db_rollback (db);
  return 0;
}

/**
 * cm_finding_open_from_review:
 * @db: the database
 * @review_id: a signed review
 * @rule_code: a checklist item of it answered "no"
 * @description: (nullable): what must be corrected; empty or %NULL for the
 *   item's title and note
 * @due_on: (nullable): when it is due, today or later; %NULL for
 *   cm_finding_default_due() from today
 * @actor: the person who opens it
 * @error: return location for a #GError in %CM_FINDING_ERROR
 *
 * Opens a finding from what a visit saw. Only a signed review counts: a
 * draft's answer could still change under the finding. A kitchen has one
 * open finding per rule at a time. Takes the database lock.
 *
 * Returns: the finding's id, or 0 with @error set
 */
gint64
cm_finding_open_from_review (CmDb         *db,
                             gint64        review_id,
                             const char   *rule_code,
                             const char   *description,
                             const GDate  *due_on,
                             const char   *actor,
                             GError      **error)
{
  g_autoptr(CmReview) review = NULL;
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *text = NULL;
  NewFinding finding = { 0 };
  CmReviewItem *item;
  gint64 id;

  g_return_val_if_fail (CM_IS_DB (db), 0);
  g_return_val_if_fail (rule_code != NULL, 0);

  if (!cm_audit_check_actor (actor, error))
    return 0;

  /* A signed review never changes: what it says now it says for good. */
  if (!(review = cm_review_load (db, review_id, &local_error)))
    {
      g_set_error_literal (error, CM_FINDING_ERROR, CM_FINDING_ERROR_NOT_FOUND, local_error->message);
      return 0;
    }
  if (!cm_review_is_signed (review))
    {
      g_set_error (error, CM_FINDING_ERROR, CM_FINDING_ERROR_STATE,
                   _("Review %lld is a draft. A finding can only come from a signed review."),
                   (long long) review_id);
      return 0;
    }
  item = cm_review_get_item (review, rule_code);
  if (item == NULL)
    {
      g_set_error (error, CM_FINDING_ERROR, CM_FINDING_ERROR_NOT_FOUND,
                   _("The checklist of this visit has no item “%s”."), rule_code);
      return 0;
    }
  if (cm_review_item_get_answer (item) != CM_REVIEW_ANSWER_NO)
    {
      g_set_error (error, CM_FINDING_ERROR, CM_FINDING_ERROR_STATE,
                   _("Item %s was not answered “no” in this visit: there is nothing to correct."), rule_code);
      return 0;
    }

  if (!settle_due (due_on, cm_review_item_get_rule (item), &finding.due_on, error))
    return 0;

  text = g_strstrip (g_strdup (description ? description : ""));
  if (*text == '\0')
    {
      g_free (text);
      text = *cm_review_item_get_note (item) != '\0'
             ? g_strdup_printf ("%s: %s", cm_review_item_get_title (item), cm_review_item_get_note (item))
             : g_strdup (cm_review_item_get_title (item));
    }

  finding.canteen_id = cm_review_get_canteen_id (review);
  finding.rule_code = rule_code;
  finding.review_id = review_id;
  finding.description = text;

  locker = g_mutex_locker_new (cm_db_get_mutex (db));
  if (!cm_db_begin (db, error))
    return 0;
  if (!(id = insert_locked (db, &finding, actor, error)) || !cm_db_commit (db, error))
    {
      cm_db_rollback (db);
      return 0;
    }

  return id;
}

/* Closes one open finding, inside the caller's transaction. */
static gboolean
close_locked (CmDb        *db,
              gint64       finding_id,
              const char  *how,
              const char  *closing_period,
              const char  *note,
              const char  *actor,
              GError     **error)
{
  g_autofree char *stamp = now_utc ();
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  sqlite3_stmt *stmt;

  if (!(before = cm_audit_snapshot (db, FINDING_SNAPSHOT, finding_id, error)))
    {
      if (error != NULL && *error == NULL)
        g_set_error (error, CM_FINDING_ERROR, CM_FINDING_ERROR_NOT_FOUND,
                     _("There is no finding number %lld."), (long long) finding_id);
      return FALSE;
    }

  stmt = cm_db_prepare (db,
                        "UPDATE finding SET closed_at = ?2, closed_by = ?3, closed_how = ?4, closing_period = ?5,"
                        "                   closing_note = ?6"
                        " WHERE id = ?1 AND closed_at IS NULL",
                        error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, finding_id);
  sqlite3_bind_text (stmt, 2, stamp, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, actor, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, how, -1, SQLITE_STATIC);
  if (closing_period != NULL)
    sqlite3_bind_text (stmt, 5, closing_period, -1, SQLITE_TRANSIENT);
  if (note != NULL)
    sqlite3_bind_text (stmt, 6, note, -1, SQLITE_TRANSIENT);
  if (!cm_db_step_done (db, stmt, error))
    return FALSE;

  if (sqlite3_changes (cm_db_get_handle (db)) == 0)
    {
      g_set_error (error, CM_FINDING_ERROR, CM_FINDING_ERROR_STATE,
                   _("Finding number %lld is already closed."), (long long) finding_id);
      return FALSE;
    }

  return (after = cm_audit_snapshot (db, FINDING_SNAPSHOT, finding_id, error)) != NULL &&
         cm_audit_append (db, actor, g_str_equal (how, "resolved") ? "resolve" : "close_check_passed",
                          "finding", finding_id, before, after, error);
}

/**
 * cm_finding_resolve:
 * @db: the database
 * @finding_id: an open finding
 * @note: how it was corrected, or why it is closed
 * @actor: the person who resolves it
 * @error: return location for a #GError in %CM_FINDING_ERROR
 *
 * Closes a finding by a person's word, with a note. Closed, it can never
 * change. Takes the database lock.
 *
 * Returns: %TRUE when closed
 */
gboolean
cm_finding_resolve (CmDb         *db,
                    gint64        finding_id,
                    const char   *note,
                    const char   *actor,
                    GError      **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autofree char *text = NULL;

  g_return_val_if_fail (CM_IS_DB (db), FALSE);

  if (!cm_audit_check_actor (actor, error))
    return FALSE;
  text = g_strstrip (g_strdup (note ? note : ""));
  if (*text == '\0')
    {
      g_set_error (error, CM_FINDING_ERROR, CM_FINDING_ERROR_INVALID,
                   _("A finding is resolved with a note saying how it was corrected."));
      return FALSE;
    }

  locker = g_mutex_locker_new (cm_db_get_mutex (db));
  if (!cm_db_begin (db, error))
    return FALSE;
  if (!close_locked (db, finding_id, "resolved", NULL, text, actor, error) || !cm_db_commit (db, error))
    {
      cm_db_rollback (db);
      return FALSE;
    }

  return TRUE;
}

/**
 * cm_finding_load:
 * @db: the database
 * @finding_id: a finding's id
 * @error: return location for a #GError
 *
 * Takes the database lock.
 *
 * Returns: (transfer full): the finding, or %NULL with @error set
 */
CmFinding *
cm_finding_load (CmDb     *db,
                 gint64    finding_id,
                 GError  **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  sqlite3_stmt *stmt;
  CmFinding *finding = NULL;
  int rc;

  g_return_val_if_fail (CM_IS_DB (db), NULL);

  locker = g_mutex_locker_new (cm_db_get_mutex (db));
  if (!(stmt = cm_db_prepare (db, FINDING_SELECT " WHERE f.id = ?1", error)))
    return NULL;
  sqlite3_bind_int64 (stmt, 1, finding_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    finding = finding_from_row (stmt);
  else if (rc == SQLITE_DONE)
    g_set_error (error, CM_FINDING_ERROR, CM_FINDING_ERROR_NOT_FOUND,
                 _("There is no finding number %lld."), (long long) finding_id);
  else
    cm_db_set_error_from_handle (db, error);
  sqlite3_reset (stmt);

  return finding;
}

/**
 * cm_finding_list:
 * @db: the database
 * @canteen_id: a kitchen, or 0 for every kitchen
 * @filter: all findings, the open ones, or the overdue ones
 * @today: (nullable): the day overdue is judged by; %NULL for today
 * @error: return location for a #GError
 *
 * Open findings come first, the longest overdue at the top. Takes the
 * database lock.
 *
 * Returns: (transfer full): a #GListModel of #CmFinding, or %NULL with
 *   @error set
 */
GListModel *
cm_finding_list (CmDb             *db,
                 gint64            canteen_id,
                 CmFindingFilter   filter,
                 const GDate      *today,
                 GError          **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(GListStore) store = g_list_store_new (CM_TYPE_FINDING);
  sqlite3_stmt *stmt;
  char day[16];
  GDate now;
  int rc;

  g_return_val_if_fail (CM_IS_DB (db), NULL);

  if (today == NULL)
    {
      today_in_programme (&now);
      today = &now;
    }
  g_date_strftime (day, sizeof day, "%Y-%m-%d", today);

  locker = g_mutex_locker_new (cm_db_get_mutex (db));
  stmt = cm_db_prepare (db,
                        FINDING_SELECT
                        " WHERE (?1 = 0 OR f.canteen_id = ?1)"
                        "   AND (?2 = 0 OR f.closed_at IS NULL)"
                        "   AND (?3 = 0 OR f.due_on < ?4)"
                        " ORDER BY f.closed_at IS NOT NULL, f.due_on, f.id",
                        error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, canteen_id);
  sqlite3_bind_int (stmt, 2, filter != CM_FINDING_FILTER_ALL);
  sqlite3_bind_int (stmt, 3, filter == CM_FINDING_FILTER_OVERDUE);
  sqlite3_bind_text (stmt, 4, day, -1, SQLITE_TRANSIENT);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(CmFinding) finding = finding_from_row (stmt);
      g_list_store_append (store, finding);
    }
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      cm_db_set_error_from_handle (db, error);
      return NULL;
    }

  return G_LIST_MODEL (g_steal_pointer (&store));
}

/**
 * cm_findings_update_from_checks:
 * @db: the database
 * @today: (nullable): the day to judge by; %NULL for today
 * @n_closed: (out) (optional): how many findings were closed
 * @error: return location for a #GError
 *
 * Closes, as "check_passed", every open finding whose rule passed for its
 * kitchen in a later month than the one it came from (the failed check's
 * month, or the visit's), taking the first such month. Only a month that
 * is over counts: a month under way has not shown the rule holds. The
 * checks engine, or the app, calls this after the checks run; the audit log
 * names %CM_AUDIT_ACTOR_SYSTEM. Takes the database lock.
 *
 * Returns: %TRUE on success
 */
gboolean
cm_findings_update_from_checks (CmDb         *db,
                                const GDate  *today,
                                guint        *n_closed,
                                GError      **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GPtrArray) periods = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt;
  char month[8];
  GDate now;
  int rc;

  g_return_val_if_fail (CM_IS_DB (db), FALSE);

  if (n_closed != NULL)
    *n_closed = 0;
  if (today == NULL)
    {
      today_in_programme (&now);
      today = &now;
    }
  g_snprintf (month, sizeof month, "%04u-%02u", g_date_get_year (today), g_date_get_month (today));

  locker = g_mutex_locker_new (cm_db_get_mutex (db));
  if (!cm_db_begin (db, error))
    return FALSE;

  stmt = cm_db_prepare (db,
                        "SELECT f.id, (SELECT min (c.period) FROM check_result c"
                        "               WHERE c.canteen_id = f.canteen_id AND c.rule_code = f.rule_code"
                        "                 AND c.outcome = 'pass' AND c.period < ?1"
                        "                 AND c.period > coalesce (f.period, substr (r.visit_date, 1, 7)))"
                        "  FROM finding f LEFT JOIN review r ON r.id = f.review_id"
                        " WHERE f.closed_at IS NULL"
                        " ORDER BY f.id",
                        error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_text (stmt, 1, month, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      if (sqlite3_column_type (stmt, 1) == SQLITE_NULL)
        continue;
      g_array_append_val (ids, id);
      g_ptr_array_add (periods, column_text (stmt, 1));
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      cm_db_set_error_from_handle (db, error);
      goto fail;
    }

  for (guint i = 0; i < ids->len; i++)
    if (!close_locked (db, g_array_index (ids, gint64, i), "check_passed", g_ptr_array_index (periods, i),
                       NULL, CM_AUDIT_ACTOR_SYSTEM, error))
      goto fail;

  if (!cm_db_commit (db, error))
    goto fail;

  if (n_closed != NULL)
    *n_closed = ids->len;
  return TRUE;

fail:
  cm_db_rollback (db);
  return FALSE;
}
