/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "cm-review"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdlib.h>
#include <string.h>

#include "cm-attachments.h"
#include "cm-audit.h"
#include "cm-review.h"
#include "cm-text.h"

/* A photo larger than this is not a photo from a visit. */
#define PHOTO_MAX_BYTES (32 * 1024 * 1024)

struct _CmReview
{
  GObject          parent_instance;

  gint64           id;
  gint64           canteen_id;
  gint64           rulebook_id;
  gint64           corrects_id;
  gint64           corrected_by_id;
  char            *visit_date;
  GDate            visit;
  char            *period_start;
  char            *period_end;
  char            *visitor;
  char            *notes;
  gboolean         has_score;
  double           score;
  CmReviewVerdict  verdict;
  char            *automatic;
  char            *created_at;
  char            *updated_at;
  char            *signed_by;
  char            *signed_at;
  CmRulebook      *rulebook;
  GListStore      *items;    /* CmReviewItem, in the rulebook's order */
  GListStore      *photos;   /* CmReviewPhoto, oldest first */
};

G_DEFINE_FINAL_TYPE (CmReview, cm_review, G_TYPE_OBJECT)

G_DEFINE_QUARK (cm-review-error-quark, cm_review_error)

static void
clear_fields (CmReview *self)
{
  g_clear_pointer (&self->visit_date, g_free);
  g_clear_pointer (&self->period_start, g_free);
  g_clear_pointer (&self->period_end, g_free);
  g_clear_pointer (&self->visitor, g_free);
  g_clear_pointer (&self->notes, g_free);
  g_clear_pointer (&self->automatic, g_free);
  g_clear_pointer (&self->created_at, g_free);
  g_clear_pointer (&self->updated_at, g_free);
  g_clear_pointer (&self->signed_by, g_free);
  g_clear_pointer (&self->signed_at, g_free);
}

static void
cm_review_finalize (GObject *object)
{
  CmReview *self = (CmReview *)object;

  clear_fields (self);
  g_clear_object (&self->rulebook);
  g_clear_object (&self->items);
  g_clear_object (&self->photos);

  G_OBJECT_CLASS (cm_review_parent_class)->finalize (object);
}

static void
cm_review_class_init (CmReviewClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cm_review_finalize;
}

static void
cm_review_init (CmReview *self)
{
  self->items = g_list_store_new (CM_TYPE_REVIEW_ITEM);
  self->photos = g_list_store_new (CM_TYPE_REVIEW_PHOTO);
  g_date_clear (&self->visit, 1);
}

gint64
cm_review_get_id (CmReview *self)
{
  g_return_val_if_fail (CM_IS_REVIEW (self), 0);
  return self->id;
}

gint64
cm_review_get_canteen_id (CmReview *self)
{
  g_return_val_if_fail (CM_IS_REVIEW (self), 0);
  return self->canteen_id;
}

const char *
cm_review_get_visit_date (CmReview *self)
{
  g_return_val_if_fail (CM_IS_REVIEW (self), NULL);
  return self->visit_date;
}

const char *
cm_review_get_period_start (CmReview *self)
{
  g_return_val_if_fail (CM_IS_REVIEW (self), NULL);
  return self->period_start;
}

const char *
cm_review_get_period_end (CmReview *self)
{
  g_return_val_if_fail (CM_IS_REVIEW (self), NULL);
  return self->period_end;
}

gint64
cm_review_get_rulebook_id (CmReview *self)
{
  g_return_val_if_fail (CM_IS_REVIEW (self), 0);
  return self->rulebook_id;
}

/**
 * cm_review_get_rulebook:
 * @self: a #CmReview
 *
 * Returns: (transfer none): the rulebook the visit was made under
 */
CmRulebook *
cm_review_get_rulebook (CmReview *self)
{
  g_return_val_if_fail (CM_IS_REVIEW (self), NULL);
  return self->rulebook;
}

const char *
cm_review_get_visitor (CmReview *self)
{
  g_return_val_if_fail (CM_IS_REVIEW (self), NULL);
  return self->visitor;
}

const char *
cm_review_get_notes (CmReview *self)
{
  g_return_val_if_fail (CM_IS_REVIEW (self), NULL);
  return self->notes;
}

/**
 * cm_review_has_score:
 * @self: a #CmReview
 *
 * Returns: %FALSE for a draft not answered yet, which has neither score nor
 *   verdict
 */
gboolean
cm_review_has_score (CmReview *self)
{
  g_return_val_if_fail (CM_IS_REVIEW (self), FALSE);
  return self->has_score;
}

double
cm_review_get_score (CmReview *self)
{
  g_return_val_if_fail (CM_IS_REVIEW (self), 0.0);
  return self->score;
}

CmReviewVerdict
cm_review_get_verdict (CmReview *self)
{
  g_return_val_if_fail (CM_IS_REVIEW (self), CM_REVIEW_VERDICT_NONE);
  return self->verdict;
}

/**
 * cm_review_get_automatic:
 * @self: a #CmReview
 *
 * The automatic results of the review's period, as a JSON array of objects
 * (rule_code, period, outcome, failures, evidence, rulebook_id,
 * computed_at), by rule and month: as they stand now for a draft, as they
 * were frozen at signing for a signed review.
 *
 * Returns: the JSON text
 */
const char *
cm_review_get_automatic (CmReview *self)
{
  g_return_val_if_fail (CM_IS_REVIEW (self), NULL);
  return self->automatic;
}

gint64
cm_review_get_corrects_id (CmReview *self)
{
  g_return_val_if_fail (CM_IS_REVIEW (self), 0);
  return self->corrects_id;
}

/**
 * cm_review_get_corrected_by_id:
 * @self: a #CmReview
 *
 * Returns: the review that corrects this one (a draft or signed), or 0
 */
gint64
cm_review_get_corrected_by_id (CmReview *self)
{
  g_return_val_if_fail (CM_IS_REVIEW (self), 0);
  return self->corrected_by_id;
}

const char *
cm_review_get_created_at (CmReview *self)
{
  g_return_val_if_fail (CM_IS_REVIEW (self), NULL);
  return self->created_at;
}

const char *
cm_review_get_updated_at (CmReview *self)
{
  g_return_val_if_fail (CM_IS_REVIEW (self), NULL);
  return self->updated_at;
}

gboolean
cm_review_is_signed (CmReview *self)
{
  g_return_val_if_fail (CM_IS_REVIEW (self), FALSE);
  return self->signed_at != NULL;
}

const char *
cm_review_get_signed_by (CmReview *self)
{
  g_return_val_if_fail (CM_IS_REVIEW (self), NULL);
  return self->signed_by;
}

const char *
cm_review_get_signed_at (CmReview *self)
{
  g_return_val_if_fail (CM_IS_REVIEW (self), NULL);
  return self->signed_at;
}

/**
 * cm_review_get_items:
 * @self: a #CmReview
 *
 * Returns: (transfer none): a #GListModel of #CmReviewItem, the checklist
 *   in the rulebook's order; it is updated in place by every change
 */
GListModel *
cm_review_get_items (CmReview *self)
{
  g_return_val_if_fail (CM_IS_REVIEW (self), NULL);
  return G_LIST_MODEL (self->items);
}

/**
 * cm_review_get_item:
 * @self: a #CmReview
 * @rule_code: a checklist rule's code
 *
 * Returns: (transfer none) (nullable): the item of @rule_code, or %NULL
 */
CmReviewItem *
cm_review_get_item (CmReview   *self,
                    const char *rule_code)
{
  g_return_val_if_fail (CM_IS_REVIEW (self), NULL);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->items)); i++)
    {
      CmReviewItem *item = g_list_model_get_item (G_LIST_MODEL (self->items), i);

      g_object_unref (item);   /* the store keeps it */
      if (g_strcmp0 (cm_review_item_get_code (item), rule_code) == 0)
        return item;
    }

  return NULL;
}

/**
 * cm_review_get_photos:
 * @self: a #CmReview
 *
 * Returns: (transfer none): a #GListModel of #CmReviewPhoto, oldest first
 */
GListModel *
cm_review_get_photos (CmReview *self)
{
  g_return_val_if_fail (CM_IS_REVIEW (self), NULL);
  return G_LIST_MODEL (self->photos);
}

/**
 * cm_review_get_n_answered:
 * @self: a #CmReview
 *
 * Returns: how many checklist items have an answer
 */
guint
cm_review_get_n_answered (CmReview *self)
{
  guint answered = 0;

  g_return_val_if_fail (CM_IS_REVIEW (self), 0);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->items)); i++)
    {
      g_autoptr(CmReviewItem) item = g_list_model_get_item (G_LIST_MODEL (self->items), i);

      if (cm_review_item_get_answer (item) != CM_REVIEW_ANSWER_NONE)
        answered++;
    }

  return answered;
}

static const char * const verdict_names[] = {
  NULL, "cumple", "cumple_con_observaciones", "no_cumple",
};

/**
 * cm_review_verdict_to_string:
 * @verdict: a verdict
 *
 * Returns: (nullable): the verdict as stored ("cumple",
 *   "cumple_con_observaciones", "no_cumple"), or %NULL for none
 */
const char *
cm_review_verdict_to_string (CmReviewVerdict verdict)
{
  g_return_val_if_fail (verdict <= CM_REVIEW_VERDICT_NO_CUMPLE, NULL);
  return verdict_names[verdict];
}

static CmReviewVerdict
verdict_from_string (const char *text)
{
  for (guint i = 1; i < G_N_ELEMENTS (verdict_names); i++)
    if (g_strcmp0 (text, verdict_names[i]) == 0)
      return (CmReviewVerdict) i;
  return CM_REVIEW_VERDICT_NONE;
}

/**
 * cm_review_verdict_get_label:
 * @verdict: a verdict
 *
 * Returns: the verdict as a person reads it
 */
const char *
cm_review_verdict_get_label (CmReviewVerdict verdict)
{
  switch (verdict)
    {
    case CM_REVIEW_VERDICT_CUMPLE:
      return C_("verdict", "Complies");
    case CM_REVIEW_VERDICT_CUMPLE_CON_OBSERVACIONES:
      return C_("verdict", "Complies with observations");
    case CM_REVIEW_VERDICT_NO_CUMPLE:
      return C_("verdict", "Does not comply");
    case CM_REVIEW_VERDICT_NONE:
    default:
      return C_("verdict", "No verdict yet");
    }
}

/**
 * cm_review_default_period:
 * @visit_date: the day of the visit
 * @period: (out caller-allocates): a YYYY-MM month
 *
 * The automatic results a visit shows unless told otherwise: those of the
 * last whole month before the visit. A month's results are final once the
 * month is over, and a visit early in a month has little of it to show.
 */
void
cm_review_default_period (const GDate *visit_date,
                          char         period[8])
{
  GDate month;

  g_return_if_fail (visit_date != NULL && g_date_valid (visit_date));

  month = *visit_date;
  g_date_set_day (&month, 1);
  g_date_subtract_months (&month, 1);
  g_snprintf (period, 8, "%04u-%02u", g_date_get_year (&month), g_date_get_month (&month));
}

static gboolean
is_month (const char *text)
{
  int month;

  if (text == NULL || strlen (text) != 7 || text[4] != '-')
    return FALSE;
  for (guint i = 0; i < 7; i++)
    if (i != 4 && !g_ascii_isdigit (text[i]))
      return FALSE;
  month = (text[5] - '0') * 10 + (text[6] - '0');
  return month >= 1 && month <= 12 && strncmp (text, "1900", 4) > 0;
}

static char *
now_utc (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return g_date_time_format_iso8601 (now);
}

static void
today (GDate *date)
{
  cm_text_get_today (date);
}

static double
severity_weight (CmRuleSeverity severity)
{
  switch (severity)
    {
    case CM_RULE_SEVERITY_OBSERVATION:
      return CM_REVIEW_WEIGHT_OBSERVATION;
    case CM_RULE_SEVERITY_WARNING:
      return CM_REVIEW_WEIGHT_WARNING;
    case CM_RULE_SEVERITY_SUSPENSION:
      return CM_REVIEW_WEIGHT_SUSPENSION;
    case CM_RULE_SEVERITY_CLOSURE:
      return CM_REVIEW_WEIGHT_CLOSURE;
    default:
      g_return_val_if_reached (CM_REVIEW_WEIGHT_OBSERVATION);
    }
}

typedef struct
{
  double   held;        /* weight of what holds */
  double   counted;     /* weight of all that counts */
  gboolean failed;      /* anything failed */
  gboolean grave;       /* a cause for suspension or closure failed */
} Tally;

static void
tally_add (Tally          *tally,
           CmRuleSeverity  severity,
           gboolean        holds)
{
  double weight = severity_weight (severity);

  tally->counted += weight;
  if (holds)
    tally->held += weight;
  else
    {
      tally->failed = TRUE;
      tally->grave |= severity >= CM_RULE_SEVERITY_SUSPENSION;
    }
}

/* The version of @code the review judges by: in force on the visit date, or
 * else at the end of the period (a rule that lapsed before the visit). */
static CmRule *
judged_rule (CmReview   *self,
             const char *code)
{
  CmRule *rule = cm_rulebook_lookup (self->rulebook, code, &self->visit);

  if (rule == NULL)
    {
      GDate end;

      g_date_clear (&end, 1);
      g_date_set_dmy (&end, 1, (GDateMonth) atoi (self->period_end + 5),
                      (GDateYear) atoi (self->period_end));
      g_date_add_months (&end, 1);
      g_date_subtract_days (&end, 1);
      rule = cm_rulebook_lookup (self->rulebook, code, &end);
    }

  return rule;
}

/* The score and verdict as the database stands, inside the caller's
 * transaction. @final: as at signing, with a score even before any answer. */
static gboolean
compute_locked (CmReview         *self,
                CmDb             *db,
                gboolean          final,
                gboolean         *has_score,
                double           *score,
                CmReviewVerdict  *verdict,
                GError          **error)
{
  Tally tally = { 0 };
  gboolean answered = FALSE;
  sqlite3_stmt *stmt;
  int rc;

  if (!(stmt = cm_db_prepare (db, "SELECT rule_code, answer FROM review_item WHERE review_id = ?1", error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, self->id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *answer = (const char *) sqlite3_column_text (stmt, 1);
      CmRule *rule;

      if (answer == NULL)
        continue;
      answered = TRUE;
      if (g_str_equal (answer, "not_applicable") ||
          !(rule = judged_rule (self, (const char *) sqlite3_column_text (stmt, 0))))
        continue;
      tally_add (&tally, cm_rule_get_severity (rule), g_str_equal (answer, "yes"));
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      cm_db_set_error_from_handle (db, error);
      return FALSE;
    }

  /* Each automatic rule once over the period: failed in any month, failed. */
  stmt = cm_db_prepare (db,
                        "SELECT rule_code, max (outcome = 'fail'), max (outcome = 'pass') FROM check_result"
                        " WHERE canteen_id = ?1 AND period BETWEEN ?2 AND ?3 GROUP BY rule_code",
                        error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, self->canteen_id);
  sqlite3_bind_text (stmt, 2, self->period_start, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, self->period_end, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      CmRule *rule = judged_rule (self, (const char *) sqlite3_column_text (stmt, 0));
      gboolean failed = sqlite3_column_int (stmt, 1);
      gboolean passed = sqlite3_column_int (stmt, 2);

      if (rule != NULL && (failed || passed))
        tally_add (&tally, cm_rule_get_severity (rule), !failed);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      cm_db_set_error_from_handle (db, error);
      return FALSE;
    }

  *has_score = final || answered;
  if (!*has_score)
    {
      *score = 0.0;
      *verdict = CM_REVIEW_VERDICT_NONE;
      return TRUE;
    }

  *score = tally.counted > 0.0 ? 100.0 * tally.held / tally.counted : 100.0;
  /* Rounded to a tenth: what is shown is what is stored and signed. */
  *score = ((gint64) (*score * 10.0 + 0.5)) / 10.0;
  if (tally.grave || *score < CM_REVIEW_NO_CUMPLE_BELOW)
    *verdict = CM_REVIEW_VERDICT_NO_CUMPLE;
  else if (tally.failed)
    *verdict = CM_REVIEW_VERDICT_CUMPLE_CON_OBSERVACIONES;
  else
    *verdict = CM_REVIEW_VERDICT_CUMPLE;

  return TRUE;
}

/* Scores the draft again and stamps it, inside the caller's transaction. */
static gboolean
update_score_locked (CmReview  *self,
                     CmDb      *db,
                     GError   **error)
{
  g_autofree char *stamp = now_utc ();
  CmReviewVerdict verdict;
  gboolean has_score;
  double score;
  sqlite3_stmt *stmt;

  if (!compute_locked (self, db, FALSE, &has_score, &score, &verdict, error))
    return FALSE;

  stmt = cm_db_prepare (db, "UPDATE review SET score = ?2, verdict = ?3, updated_at = ?4 WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, self->id);
  if (has_score)
    {
      sqlite3_bind_double (stmt, 2, score);
      sqlite3_bind_text (stmt, 3, cm_review_verdict_to_string (verdict), -1, SQLITE_STATIC);
    }
  sqlite3_bind_text (stmt, 4, stamp, -1, SQLITE_TRANSIENT);
  return cm_db_step_done (db, stmt, error);
}

#define AUTOMATIC_SELECT \
  "SELECT json_group_array (json_object ('rule_code', rule_code, 'period', period, 'outcome', outcome," \
  "         'failures', failures," \
  "         'evidence', CASE WHEN json_valid (evidence) THEN json (evidence) ELSE evidence END," \
  "         'rulebook_id', rulebook_id, 'computed_at', computed_at))" \
  "  FROM (SELECT * FROM check_result WHERE canteen_id = ?1 AND period BETWEEN ?2 AND ?3" \
  "         ORDER BY rule_code, period)"

static char *
automatic_locked (CmReview  *self,
                  CmDb      *db,
                  GError   **error)
{
  sqlite3_stmt *stmt;
  char *json = NULL;

  if (!(stmt = cm_db_prepare (db, AUTOMATIC_SELECT, error)))
    return NULL;
  sqlite3_bind_int64 (stmt, 1, self->canteen_id);
  sqlite3_bind_text (stmt, 2, self->period_start, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, self->period_end, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    json = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  else
    cm_db_set_error_from_handle (db, error);
  sqlite3_reset (stmt);

  return json;
}

static char *
column_text (sqlite3_stmt *stmt,
             int           column)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, column));
}

/* Reads the review, its items and photos again, with the lock held. */
static gboolean
reload_locked (CmReview  *self,
               CmDb      *db,
               GError   **error)
{
  g_autoptr(GHashTable) answers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GHashTable) notes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GPtrArray) rules = NULL;
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) photos = g_ptr_array_new_with_free_func (g_object_unref);
  sqlite3_stmt *stmt;
  int rc;

  stmt = cm_db_prepare (db,
                        "SELECT canteen_id, visit_date, period_start, period_end, rulebook_id, visitor, notes,"
                        "       score, verdict, automatic, corrects_id, created_at, updated_at, signed_by,"
                        "       signed_at, (SELECT max (c.id) FROM review c WHERE c.corrects_id = review.id)"
                        "  FROM review WHERE id = ?1",
                        error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, self->id);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      if (rc == SQLITE_DONE)
        g_set_error (error, CM_REVIEW_ERROR, CM_REVIEW_ERROR_NOT_FOUND,
                     _("There is no review number %lld."), (long long) self->id);
      else
        cm_db_set_error_from_handle (db, error);
      sqlite3_reset (stmt);
      return FALSE;
    }

  clear_fields (self);
  self->canteen_id = sqlite3_column_int64 (stmt, 0);
  self->visit_date = column_text (stmt, 1);
  self->period_start = column_text (stmt, 2);
  self->period_end = column_text (stmt, 3);
  self->rulebook_id = sqlite3_column_int64 (stmt, 4);
  self->visitor = column_text (stmt, 5);
  self->notes = column_text (stmt, 6);
  self->has_score = sqlite3_column_type (stmt, 7) != SQLITE_NULL;
  self->score = sqlite3_column_double (stmt, 7);
  self->verdict = verdict_from_string ((const char *) sqlite3_column_text (stmt, 8));
  self->automatic = column_text (stmt, 9);
  self->corrects_id = sqlite3_column_int64 (stmt, 10);
  self->created_at = column_text (stmt, 11);
  self->updated_at = column_text (stmt, 12);
  self->signed_by = column_text (stmt, 13);
  self->signed_at = column_text (stmt, 14);
  self->corrected_by_id = sqlite3_column_int64 (stmt, 15);
  sqlite3_reset (stmt);

  if (!cm_text_parse_date (self->visit_date, &self->visit))
    g_date_clear (&self->visit, 1);

  /* A draft shows the period's results as they stand now, and the score
   * they give: the checks may have run again since its last change. */
  if (self->signed_at == NULL)
    {
      g_free (self->automatic);
      if (!(self->automatic = automatic_locked (self, db, error)) ||
          !compute_locked (self, db, FALSE, &self->has_score, &self->score, &self->verdict, error))
        return FALSE;
    }

  if (!(stmt = cm_db_prepare (db, "SELECT rule_code, answer, note FROM review_item WHERE review_id = ?1", error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, self->id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_hash_table_insert (answers, column_text (stmt, 0), column_text (stmt, 1));
      g_hash_table_insert (notes, column_text (stmt, 0), column_text (stmt, 2));
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      cm_db_set_error_from_handle (db, error);
      return FALSE;
    }

  /* In the rulebook's order; the rows say which rules the visit asked. */
  if (g_date_valid (&self->visit))
    rules = cm_rulebook_rules_in_force (self->rulebook, &self->visit, CM_RULE_KIND_CHECKLIST);
  for (guint i = 0; rules != NULL && i < rules->len; i++)
    {
      CmRule *rule = g_ptr_array_index (rules, i);
      const char *code = cm_rule_get_code (rule);
      CmReviewAnswer answer = CM_REVIEW_ANSWER_NONE;

      if (!g_hash_table_contains (notes, code))
        continue;
      cm_review_answer_from_string (g_hash_table_lookup (answers, code), &answer);
      g_ptr_array_add (items, cm_review_item_new (rule, answer, g_hash_table_lookup (notes, code)));
      g_hash_table_remove (notes, code);
    }
  if (g_hash_table_size (notes) > 0)
    g_warning ("Review %" G_GINT64_FORMAT " has %u items its rulebook does not ask on its visit date",
               self->id, g_hash_table_size (notes));

  if (!(stmt = cm_db_prepare (db,
                              "SELECT id, rule_code, sha256, file_name, added_at FROM review_photo"
                              " WHERE review_id = ?1 ORDER BY id",
                              error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, self->id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (photos, cm_review_photo_new (sqlite3_column_int64 (stmt, 0),
                                                  (const char *) sqlite3_column_text (stmt, 1),
                                                  (const char *) sqlite3_column_text (stmt, 2),
                                                  (const char *) sqlite3_column_text (stmt, 3),
                                                  (const char *) sqlite3_column_text (stmt, 4)));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      cm_db_set_error_from_handle (db, error);
      return FALSE;
    }

  g_list_store_splice (self->items, 0, g_list_model_get_n_items (G_LIST_MODEL (self->items)),
                       items->pdata, items->len);
  g_list_store_splice (self->photos, 0, g_list_model_get_n_items (G_LIST_MODEL (self->photos)),
                       photos->pdata, photos->len);

  return TRUE;
}

static CmReview *
load_locked (CmDb        *db,
             gint64       id,
             CmRulebook  *rulebook,
             GError     **error)
{
  g_autoptr(CmReview) self = g_object_new (CM_TYPE_REVIEW, NULL);

  self->id = id;
  self->rulebook = g_object_ref (rulebook);
  if (!reload_locked (self, db, error))
    return NULL;

  return g_steal_pointer (&self);
}

static gint64
rulebook_of (CmDb     *db,
             gint64    review_id,
             GError  **error)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (cm_db_get_mutex (db));
  sqlite3_stmt *stmt;
  gint64 rulebook_id = 0;
  int rc;

  if (!(stmt = cm_db_prepare (db, "SELECT rulebook_id FROM review WHERE id = ?1", error)))
    return 0;
  sqlite3_bind_int64 (stmt, 1, review_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    rulebook_id = sqlite3_column_int64 (stmt, 0);
  else if (rc == SQLITE_DONE)
    g_set_error (error, CM_REVIEW_ERROR, CM_REVIEW_ERROR_NOT_FOUND,
                 _("There is no review number %lld."), (long long) review_id);
  else
    cm_db_set_error_from_handle (db, error);
  sqlite3_reset (stmt);

  return rulebook_id;
}

/**
 * cm_review_load:
 * @db: the database
 * @id: a review's id
 * @error: return location for a #GError
 *
 * Takes the database lock.
 *
 * Returns: (transfer full): the review with its checklist, photos and
 *   automatic results, or %NULL with @error set
 */
CmReview *
cm_review_load (CmDb    *db,
                gint64   id,
                GError **error)
{
  g_autoptr(CmRulebook) rulebook = NULL;
  g_autoptr(GMutexLocker) locker = NULL;
  gint64 rulebook_id;

  g_return_val_if_fail (CM_IS_DB (db), NULL);

  /* The rulebook loads under the lock of its own. */
  if (!(rulebook_id = rulebook_of (db, id, error)) ||
      !(rulebook = cm_rulebook_load_by_id (db, rulebook_id, error)))
    return NULL;

  locker = g_mutex_locker_new (cm_db_get_mutex (db));
  return load_locked (db, id, rulebook, error);
}

/**
 * cm_review_list:
 * @db: the database
 * @canteen_id: a kitchen
 * @error: return location for a #GError
 *
 * Takes the database lock.
 *
 * Returns: (transfer full): a #GListModel of its #CmReview, latest visit
 *   first, or %NULL with @error set
 */
GListModel *
cm_review_list (CmDb    *db,
                gint64   canteen_id,
                GError **error)
{
  g_autoptr(GListStore) store = g_list_store_new (CM_TYPE_REVIEW);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) rulebook_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GHashTable) rulebooks = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_object_unref);

  g_return_val_if_fail (CM_IS_DB (db), NULL);

  {
    g_autoptr(GMutexLocker) locker = g_mutex_locker_new (cm_db_get_mutex (db));
    sqlite3_stmt *stmt;
    int rc;

    stmt = cm_db_prepare (db,
                          "SELECT id, rulebook_id FROM review WHERE canteen_id = ?1"
                          " ORDER BY visit_date DESC, id DESC",
                          error);
    if (stmt == NULL)
      return NULL;
    sqlite3_bind_int64 (stmt, 1, canteen_id);
    while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
      {
        gint64 id = sqlite3_column_int64 (stmt, 0);
        gint64 rulebook_id = sqlite3_column_int64 (stmt, 1);

        g_array_append_val (ids, id);
        g_array_append_val (rulebook_ids, rulebook_id);
      }
    sqlite3_reset (stmt);
    if (rc != SQLITE_DONE)
      {
        cm_db_set_error_from_handle (db, error);
        return NULL;
      }
  }

  for (guint i = 0; i < rulebook_ids->len; i++)
    {
      gint64 rulebook_id = g_array_index (rulebook_ids, gint64, i);
      CmRulebook *rulebook;

      if (g_hash_table_contains (rulebooks, &rulebook_id))
        continue;
      if (!(rulebook = cm_rulebook_load_by_id (db, rulebook_id, error)))
        return NULL;
      g_hash_table_insert (rulebooks, g_memdup2 (&rulebook_id, sizeof rulebook_id), rulebook);
    }

  {
    g_autoptr(GMutexLocker) locker = g_mutex_locker_new (cm_db_get_mutex (db));

    for (guint i = 0; i < ids->len; i++)
      {
        g_autoptr(CmReview) review = load_locked (db, g_array_index (ids, gint64, i),
                                                  g_hash_table_lookup (rulebooks,
                                                                       &g_array_index (rulebook_ids, gint64, i)),
                                                  error);
        if (review == NULL)
          return NULL;
        g_list_store_append (store, review);
      }
  }

  return G_LIST_MODEL (g_steal_pointer (&store));
}

/* What the audit log keeps of a review (its automatic results go by hash,
 * at signing). */
#define REVIEW_SNAPSHOT \
  "SELECT json_object ('id', id, 'canteen_id', canteen_id, 'visit_date', visit_date," \
  "                    'period_start', period_start, 'period_end', period_end, 'rulebook_id', rulebook_id," \
  "                    'visitor', visitor, 'notes', notes, 'score', score, 'verdict', verdict," \
  "                    'corrects_id', corrects_id, 'signed_by', signed_by, 'signed_at', signed_at," \
  "                    'items', (SELECT json_group_array (json_object ('rule_code', rule_code," \
  "                                                                     'answer', answer, 'note', note))" \
  "                                FROM review_item WHERE review_id = review.id)," \
  "                    'photos', (SELECT json_group_array (json_object ('id', id, 'rule_code', rule_code," \
  "                                                                      'sha256', sha256, 'file_name', file_name))" \
  "                                 FROM review_photo WHERE review_id = review.id))" \
  "  FROM review WHERE id = ?1"

static char *
item_snapshot (CmDb        *db,
               gint64       review_id,
               const char  *rule_code,
               GError     **error)
{
  sqlite3_stmt *stmt;
  char *json = NULL;
  int rc;

  stmt = cm_db_prepare (db,
                        "SELECT json_object ('rule_code', i.rule_code, 'answer', i.answer, 'note', i.note,"
                        "                    'score', r.score, 'verdict', r.verdict)"
                        "  FROM review_item i JOIN review r ON r.id = i.review_id"
                        " WHERE i.review_id = ?1 AND i.rule_code = ?2",
                        error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, review_id);
  sqlite3_bind_text (stmt, 2, rule_code, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    json = column_text (stmt, 0);
  else
    {
      if (rc == SQLITE_DONE)
        g_set_error (error, CM_REVIEW_ERROR, CM_REVIEW_ERROR_NOT_FOUND,
                     _("The checklist of this visit has no item “%s”."), rule_code);
      else
        cm_db_set_error_from_handle (db, error);
    }
  sqlite3_reset (stmt);

  return json;
}

static gboolean
check_kitchen (CmDb        *db,
               gint64       canteen_id,
               GError     **error)
{
  sqlite3_stmt *stmt;
  gboolean found;

  if (!(stmt = cm_db_prepare (db, "SELECT 1 FROM canteen WHERE id = ?1", error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, canteen_id);
  found = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_reset (stmt);

  if (!found)
    g_set_error (error, CM_REVIEW_ERROR, CM_REVIEW_ERROR_NOT_FOUND,
                 _("There is no kitchen with the number %lld."), (long long) canteen_id);
  return found;
}

/* The database's word, not the object's: another window may have signed it. */
static gboolean
check_draft_locked (CmReview  *self,
                    CmDb      *db,
                    GError   **error)
{
  sqlite3_stmt *stmt;
  gboolean found, is_signed = FALSE;

  if (!(stmt = cm_db_prepare (db, "SELECT signed_at IS NOT NULL FROM review WHERE id = ?1", error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, self->id);
  found = sqlite3_step (stmt) == SQLITE_ROW;
  if (found)
    is_signed = sqlite3_column_int (stmt, 0);
  sqlite3_reset (stmt);

  if (!found)
    {
      g_set_error (error, CM_REVIEW_ERROR, CM_REVIEW_ERROR_NOT_FOUND,
                   _("There is no review number %lld."), (long long) self->id);
      return FALSE;
    }
  if (is_signed)
    {
      g_set_error (error, CM_REVIEW_ERROR, CM_REVIEW_ERROR_SIGNED,
                   _("This review is signed and can no longer change. To correct it, start a correction."));
      return FALSE;
    }

  return TRUE;
}

static gboolean
insert_items_locked (CmDb        *db,
                     gint64       review_id,
                     GPtrArray   *rules,
                     GError     **error)
{
  for (guint i = 0; i < rules->len; i++)
    {
      sqlite3_stmt *stmt = cm_db_prepare (db, "INSERT INTO review_item (review_id, rule_code) VALUES (?1, ?2)",
                                          error);

      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, review_id);
      sqlite3_bind_text (stmt, 2, cm_rule_get_code (g_ptr_array_index (rules, i)), -1, SQLITE_TRANSIENT);
      if (!cm_db_step_done (db, stmt, error))
        return FALSE;
    }

  return TRUE;
}

/* Commits, then reads the review again; rolls back on failure. */
static gboolean
finish_locked (CmReview  *self,
               CmDb      *db,
               gboolean   ok,
               GError   **error)
{
  if (!ok || !cm_db_commit (db, error))
    {
      cm_db_rollback (db);
      return FALSE;
    }

  return reload_locked (self, db, error);
}

/**
 * cm_review_create:
 * @db: the database
 * @canteen_id: the kitchen visited
 * @visit_date: the day of the visit, not after today
 * @visitor: who visited
 * @actor: the person who records it
 * @error: return location for a #GError in %CM_REVIEW_ERROR
 *
 * Starts a draft review under the rulebook in use, with the checklist rules
 * in force on @visit_date as its items, none answered, and the automatic
 * results of the month before the visit (cm_review_default_period()).
 * Takes the database lock.
 *
 * Returns: (transfer full): the draft, or %NULL with @error set
 */
CmReview *
cm_review_create (CmDb         *db,
                  gint64        canteen_id,
                  const GDate  *visit_date,
                  const char   *visitor,
                  const char   *actor,
                  GError      **error)
{
  g_autoptr(CmRulebook) rulebook = NULL;
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(GPtrArray) rules = NULL;
  g_autoptr(CmReview) self = NULL;
  g_autofree char *who = NULL;
  g_autofree char *stamp = now_utc ();
  g_autofree char *after = NULL;
  char visit[16], period[8];
  sqlite3_stmt *stmt;
  gint64 rulebook_id = 0;
  GDate now;

  g_return_val_if_fail (CM_IS_DB (db), NULL);

  if (!cm_audit_check_actor (actor, error))
    return NULL;
  if (visitor == NULL || *(who = g_strstrip (g_strdup (visitor))) == '\0')
    {
      g_set_error (error, CM_REVIEW_ERROR, CM_REVIEW_ERROR_INVALID,
                   _("A review needs the name of the person who visited the kitchen."));
      return NULL;
    }
  today (&now);
  if (visit_date == NULL || !g_date_valid (visit_date) || g_date_compare (visit_date, &now) > 0)
    {
      g_set_error (error, CM_REVIEW_ERROR, CM_REVIEW_ERROR_INVALID,
                   _("A review records a visit made: its date cannot be later than today."));
      return NULL;
    }

  /* The rulebook loads under the lock of its own. */
  if (!(rulebook = cm_rulebook_load_in_use (db, &rulebook_id, error)))
    return NULL;

  g_date_strftime (visit, sizeof visit, "%Y-%m-%d", visit_date);
  cm_review_default_period (visit_date, period);
  rules = cm_rulebook_rules_in_force (rulebook, visit_date, CM_RULE_KIND_CHECKLIST);

  self = g_object_new (CM_TYPE_REVIEW, NULL);
  self->rulebook = g_object_ref (rulebook);

  locker = g_mutex_locker_new (cm_db_get_mutex (db));
  if (!cm_db_begin (db, error))
    return NULL;
  if (!check_kitchen (db, canteen_id, error))
    goto fail;

  stmt = cm_db_prepare (db,
                        "INSERT INTO review (canteen_id, visit_date, period_start, period_end, rulebook_id,"
                        "                    visitor, created_at, updated_at)"
                        " VALUES (?1, ?2, ?3, ?3, ?4, ?5, ?6, ?6)",
                        error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, canteen_id);
  sqlite3_bind_text (stmt, 2, visit, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, period, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 4, rulebook_id);
  sqlite3_bind_text (stmt, 5, who, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 6, stamp, -1, SQLITE_TRANSIENT);
  if (!cm_db_step_done (db, stmt, error))
    goto fail;
  self->id = sqlite3_last_insert_rowid (cm_db_get_handle (db));

  if (!insert_items_locked (db, self->id, rules, error) ||
      !(after = cm_audit_snapshot (db, REVIEW_SNAPSHOT, self->id, error)) ||
      !cm_audit_append (db, actor, "create", "review", self->id, NULL, after, error))
    goto fail;

  if (!finish_locked (self, db, TRUE, error))
    return NULL;
  return g_steal_pointer (&self);

fail:
  cm_db_rollback (db);
  return NULL;
}

/**
 * cm_review_set_period:
 * @self: a draft review
 * @db: the database
 * @first_month: the first month of automatic results, YYYY-MM
 * @last_month: the last, YYYY-MM, not after the visit's month
 * @actor: the person who changes it
 * @error: return location for a #GError in %CM_REVIEW_ERROR
 *
 * Chooses the months whose automatic results the visit shows and counts;
 * the score follows. Takes the database lock.
 *
 * Returns: %TRUE when saved
 */
gboolean
cm_review_set_period (CmReview    *self,
                      CmDb        *db,
                      const char  *first_month,
                      const char  *last_month,
                      const char  *actor,
                      GError     **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  sqlite3_stmt *stmt;
  gboolean ok;

  g_return_val_if_fail (CM_IS_REVIEW (self), FALSE);
  g_return_val_if_fail (CM_IS_DB (db), FALSE);

  if (!cm_audit_check_actor (actor, error))
    return FALSE;
  if (!is_month (first_month) || !is_month (last_month) || strcmp (first_month, last_month) > 0 ||
      strncmp (last_month, self->visit_date, 7) > 0)
    {
      g_set_error (error, CM_REVIEW_ERROR, CM_REVIEW_ERROR_INVALID,
                   _("The period of a review is one or more whole months (YYYY-MM), the first not after "
                     "the last, and none after the month of the visit."));
      return FALSE;
    }

  locker = g_mutex_locker_new (cm_db_get_mutex (db));
  if (!cm_db_begin (db, error))
    return FALSE;

  ok = check_draft_locked (self, db, error) &&
       (before = cm_audit_snapshot (db, REVIEW_SNAPSHOT, self->id, error)) != NULL &&
       (stmt = cm_db_prepare (db, "UPDATE review SET period_start = ?2, period_end = ?3 WHERE id = ?1",
                              error)) != NULL;
  if (ok)
    {
      sqlite3_bind_int64 (stmt, 1, self->id);
      sqlite3_bind_text (stmt, 2, first_month, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 3, last_month, -1, SQLITE_TRANSIENT);
      ok = cm_db_step_done (db, stmt, error);
    }
  if (ok)
    {
      /* The score counts the period's results: it is computed for the new one. */
      g_free (self->period_start);
      self->period_start = g_strdup (first_month);
      g_free (self->period_end);
      self->period_end = g_strdup (last_month);
      ok = update_score_locked (self, db, error) &&
           (after = cm_audit_snapshot (db, REVIEW_SNAPSHOT, self->id, error)) != NULL &&
           cm_audit_append (db, actor, "set_period", "review", self->id, before, after, error);
    }

  if (!finish_locked (self, db, ok, error))
    {
      /* Back to what the database holds. */
      reload_locked (self, db, NULL);
      return FALSE;
    }
  return TRUE;
}

/**
 * cm_review_answer:
 * @self: a draft review
 * @db: the database
 * @rule_code: the checklist item's rule
 * @answer: yes, no, not applicable, or none to clear it
 * @note: (nullable): what the visitor saw
 * @actor: the person who answers
 * @error: return location for a #GError in %CM_REVIEW_ERROR
 *
 * Saves one answer and its note, and the score and verdict that follow,
 * in one transaction with its audit row. Takes the database lock.
 *
 * Returns: %TRUE when saved
 */
gboolean
cm_review_answer (CmReview        *self,
                  CmDb            *db,
                  const char      *rule_code,
                  CmReviewAnswer   answer,
                  const char      *note,
                  const char      *actor,
                  GError         **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *text = g_strstrip (g_strdup (note ? note : ""));
  sqlite3_stmt *stmt;
  gboolean ok;

  g_return_val_if_fail (CM_IS_REVIEW (self), FALSE);
  g_return_val_if_fail (CM_IS_DB (db), FALSE);
  g_return_val_if_fail (answer <= CM_REVIEW_ANSWER_NOT_APPLICABLE, FALSE);

  g_return_val_if_fail (rule_code != NULL, FALSE);

  if (!cm_audit_check_actor (actor, error))
    return FALSE;

  locker = g_mutex_locker_new (cm_db_get_mutex (db));
  if (!cm_db_begin (db, error))
    return FALSE;

  ok = check_draft_locked (self, db, error) &&
       (before = item_snapshot (db, self->id, rule_code, error)) != NULL &&
       (stmt = cm_db_prepare (db, "UPDATE review_item SET answer = ?3, note = ?4"
                                  " WHERE review_id = ?1 AND rule_code = ?2", error)) != NULL;
  if (ok)
    {
      sqlite3_bind_int64 (stmt, 1, self->id);
      sqlite3_bind_text (stmt, 2, rule_code, -1, SQLITE_TRANSIENT);
      if (answer != CM_REVIEW_ANSWER_NONE)
        sqlite3_bind_text (stmt, 3, cm_review_answer_to_string (answer), -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 4, text, -1, SQLITE_TRANSIENT);
      ok = cm_db_step_done (db, stmt, error) &&
           update_score_locked (self, db, error) &&
           (after = item_snapshot (db, self->id, rule_code, error)) != NULL &&
           cm_audit_append (db, actor, "answer", "review", self->id, before, after, error);
    }

  return finish_locked (self, db, ok, error);
}

/**
 * cm_review_set_notes:
 * @self: a draft review
 * @db: the database
 * @notes: what the visitor wrote about the visit as a whole
 * @actor: the person who writes them
 * @error: return location for a #GError in %CM_REVIEW_ERROR
 *
 * Takes the database lock.
 *
 * Returns: %TRUE when saved
 */
gboolean
cm_review_set_notes (CmReview    *self,
                     CmDb        *db,
                     const char  *notes,
                     const char  *actor,
                     GError     **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *stamp = now_utc ();
  sqlite3_stmt *stmt;
  gboolean ok;

  g_return_val_if_fail (CM_IS_REVIEW (self), FALSE);
  g_return_val_if_fail (CM_IS_DB (db), FALSE);

  if (!cm_audit_check_actor (actor, error))
    return FALSE;

  locker = g_mutex_locker_new (cm_db_get_mutex (db));
  if (!cm_db_begin (db, error))
    return FALSE;

  ok = check_draft_locked (self, db, error) &&
       (before = cm_audit_snapshot (db, "SELECT json_object ('notes', notes) FROM review WHERE id = ?1",
                                    self->id, error)) != NULL &&
       (stmt = cm_db_prepare (db, "UPDATE review SET notes = ?2, updated_at = ?3 WHERE id = ?1", error)) != NULL;
  if (ok)
    {
      sqlite3_bind_int64 (stmt, 1, self->id);
      sqlite3_bind_text (stmt, 2, notes ? notes : "", -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 3, stamp, -1, SQLITE_TRANSIENT);
      ok = cm_db_step_done (db, stmt, error) &&
           (after = cm_audit_snapshot (db, "SELECT json_object ('notes', notes) FROM review WHERE id = ?1",
                                       self->id, error)) != NULL &&
           cm_audit_append (db, actor, "set_notes", "review", self->id, before, after, error);
    }

  return finish_locked (self, db, ok, error);
}

#define PHOTO_SNAPSHOT \
  "SELECT json_object ('id', id, 'review_id', review_id, 'rule_code', rule_code, 'sha256', sha256," \
  "                    'file_name', file_name, 'added_at', added_at)" \
  "  FROM review_photo WHERE id = ?1"

/**
 * cm_review_add_photo:
 * @self: a draft review
 * @db: the database
 * @folder: (nullable): the attachments folder, or %NULL for the default
 * @rule_code: (nullable): the checklist item the photo documents, or %NULL
 *   for the visit as a whole
 * @file: an image file
 * @actor: the person who attaches it
 * @error: return location for a #GError in %CM_REVIEW_ERROR
 *
 * Copies the photo into the content-addressed attachments folder, where it
 * is named by the SHA-256 of its bytes, and attaches it. The file must be an
 * image. Blocks on the file: run it in a worker thread. Takes the database
 * lock.
 *
 * Returns: the photo's id, or 0 with @error set
 */
gint64
cm_review_add_photo (CmReview    *self,
                     CmDb        *db,
                     const char  *folder,
                     const char  *rule_code,
                     GFile       *file,
                     const char  *actor,
                     GError     **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *default_folder = NULL;
  g_autofree char *name = NULL;
  g_autofree char *type = NULL;
  g_autofree char *mime = NULL;
  g_autofree char *sha256 = NULL;
  g_autofree char *stamp = now_utc ();
  g_autofree char *after = NULL;
  sqlite3_stmt *stmt;
  gint64 id = 0;
  gboolean ok, duplicate = FALSE;
  gsize size;
  const guchar *data;

  g_return_val_if_fail (CM_IS_REVIEW (self), 0);
  g_return_val_if_fail (CM_IS_DB (db), 0);
  g_return_val_if_fail (G_IS_FILE (file), 0);

  if (!cm_audit_check_actor (actor, error))
    return 0;
  if (rule_code != NULL && cm_review_get_item (self, rule_code) == NULL)
    {
      g_set_error (error, CM_REVIEW_ERROR, CM_REVIEW_ERROR_NOT_FOUND,
                   _("The checklist of this visit has no item “%s”."), rule_code);
      return 0;
    }
  if (self->signed_at != NULL)
    {
      g_set_error (error, CM_REVIEW_ERROR, CM_REVIEW_ERROR_SIGNED,
                   _("This review is signed and can no longer change. To correct it, start a correction."));
      return 0;
    }

  name = g_file_get_basename (file);
  if (!(bytes = g_file_load_bytes (file, NULL, NULL, &local_error)))
    {
      g_set_error (error, CM_REVIEW_ERROR, CM_REVIEW_ERROR_INVALID,
                   _("The photo “%s” could not be read: %s"), name, local_error->message);
      return 0;
    }
  data = g_bytes_get_data (bytes, &size);
  /* By its bytes alone: a name can say .jpg of anything. */
  type = g_content_type_guess (NULL, data, size, NULL);
  mime = g_content_type_get_mime_type (type);
  if (size == 0 || size > PHOTO_MAX_BYTES || mime == NULL || !g_str_has_prefix (mime, "image/"))
    {
      g_set_error (error, CM_REVIEW_ERROR, CM_REVIEW_ERROR_INVALID,
                   _("“%s” is not a photo. Attach an image of at most 32 MB, such as a JPEG or PNG file."),
                   name);
      return 0;
    }

  if (folder == NULL)
    folder = default_folder = cm_attachments_get_default_folder ();
  if (!cm_attachments_store_bytes (folder, bytes, name, &sha256, NULL, &local_error))
    {
      g_set_error (error, CM_REVIEW_ERROR, CM_REVIEW_ERROR_INVALID,
                   _("The photo “%s” could not be kept: %s"), name, local_error->message);
      return 0;
    }

  locker = g_mutex_locker_new (cm_db_get_mutex (db));
  if (!cm_db_begin (db, error))
    return 0;

  /* The same bytes for the same item (or the visit) once; UNIQUE cannot
   * say it for the visit, whose rule_code is NULL. */
  ok = check_draft_locked (self, db, error) &&
       (stmt = cm_db_prepare (db, "SELECT 1 FROM review_photo WHERE review_id = ?1 AND rule_code IS ?2"
                                  " AND sha256 = ?3", error)) != NULL;
  if (ok)
    {
      sqlite3_bind_int64 (stmt, 1, self->id);
      if (rule_code != NULL)
        sqlite3_bind_text (stmt, 2, rule_code, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 3, sha256, -1, SQLITE_TRANSIENT);
      duplicate = sqlite3_step (stmt) == SQLITE_ROW;
      sqlite3_reset (stmt);
      if (duplicate)
        {
          g_set_error (error, CM_REVIEW_ERROR, CM_REVIEW_ERROR_INVALID,
                       _("This photo is already attached there."));
          ok = FALSE;
        }
    }
  if (ok)
    ok = (stmt = cm_db_prepare (db, "INSERT INTO review_photo (review_id, rule_code, sha256, file_name, added_at)"
                                    " VALUES (?1, ?2, ?3, ?4, ?5)", error)) != NULL;
  if (ok)
    {
      sqlite3_bind_int64 (stmt, 1, self->id);
      if (rule_code != NULL)
        sqlite3_bind_text (stmt, 2, rule_code, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 3, sha256, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 4, name, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 5, stamp, -1, SQLITE_TRANSIENT);
      ok = cm_db_step_done (db, stmt, error);
    }
  if (ok)
    {
      id = sqlite3_last_insert_rowid (cm_db_get_handle (db));
      ok = (stmt = cm_db_prepare (db, "UPDATE review SET updated_at = ?2 WHERE id = ?1", error)) != NULL;
    }
  if (ok)
    {
      sqlite3_bind_int64 (stmt, 1, self->id);
      sqlite3_bind_text (stmt, 2, stamp, -1, SQLITE_TRANSIENT);
      ok = cm_db_step_done (db, stmt, error) &&
           (after = cm_audit_snapshot (db, PHOTO_SNAPSHOT, id, error)) != NULL &&
           cm_audit_append (db, actor, "add_photo", "review", self->id, NULL, after, error);
    }

  return finish_locked (self, db, ok, error) ? id : 0;
}

/**
 * cm_review_remove_photo:
 * @self: a draft review
 * @db: the database
 * @photo_id: one of its photos
 * @actor: the person who removes it
 * @error: return location for a #GError in %CM_REVIEW_ERROR
 *
 * Detaches a photo from a draft. Its bytes stay in the folder, where other
 * records may share them. Takes the database lock.
 *
 * Returns: %TRUE when removed
 */
gboolean
cm_review_remove_photo (CmReview    *self,
                        CmDb        *db,
                        gint64       photo_id,
                        const char  *actor,
                        GError     **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autofree char *before = NULL;
  sqlite3_stmt *stmt;
  gboolean ok;

  g_return_val_if_fail (CM_IS_REVIEW (self), FALSE);
  g_return_val_if_fail (CM_IS_DB (db), FALSE);

  if (!cm_audit_check_actor (actor, error))
    return FALSE;

  locker = g_mutex_locker_new (cm_db_get_mutex (db));
  if (!cm_db_begin (db, error))
    return FALSE;

  ok = check_draft_locked (self, db, error) &&
       (stmt = cm_db_prepare (db, "SELECT 1 FROM review_photo WHERE id = ?1 AND review_id = ?2", error)) != NULL;
  if (ok)
    {
      sqlite3_bind_int64 (stmt, 1, photo_id);
      sqlite3_bind_int64 (stmt, 2, self->id);
      ok = sqlite3_step (stmt) == SQLITE_ROW;
      sqlite3_reset (stmt);
      if (!ok)
        g_set_error (error, CM_REVIEW_ERROR, CM_REVIEW_ERROR_NOT_FOUND,
                     _("This review has no photo number %lld."), (long long) photo_id);
    }
  if (ok)
    ok = (before = cm_audit_snapshot (db, PHOTO_SNAPSHOT, photo_id, error)) != NULL;
  if (ok)
    ok = (stmt = cm_db_prepare (db, "DELETE FROM review_photo WHERE id = ?1", error)) != NULL;
  if (ok)
    {
      sqlite3_bind_int64 (stmt, 1, photo_id);
      ok = cm_db_step_done (db, stmt, error) &&
           cm_audit_append (db, actor, "remove_photo", "review", self->id, before, NULL, error);
    }

  return finish_locked (self, db, ok, error);
}

static char *
sha256_of (const char *text)
{
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, text ? text : "", -1);
}

/**
 * cm_review_sign:
 * @self: a draft review
 * @db: the database
 * @supervisor: the name of the supervisor who signs, who is also the
 *   person making the change
 * @error: return location for a #GError in %CM_REVIEW_ERROR
 *
 * Signs a complete review: every item answered, every "no" with a note
 * saying what was seen, and the period's automatic results up to date (no
 * report changed since the checks last ran). The results are frozen into the
 * review, the final score and verdict computed, and from then on the
 * database refuses any change to the review, its items and its photos. The
 * audit row keeps the SHA-256 of the frozen results. Takes the database
 * lock.
 *
 * Returns: %TRUE when signed
 */
gboolean
cm_review_sign (CmReview    *self,
                CmDb        *db,
                const char  *supervisor,
                GError     **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *snapshot = NULL;
  g_autofree char *automatic = NULL;
  g_autofree char *automatic_sha256 = NULL;
  g_autofree char *signer = NULL;
  g_autofree char *stamp = now_utc ();
  g_autofree char *first_missing = NULL;
  g_autofree char *first_bare = NULL;
  CmReviewVerdict verdict;
  gboolean has_score;
  double score;
  sqlite3_stmt *stmt;
  gint64 missing = 0, stale = 0;

  g_return_val_if_fail (CM_IS_REVIEW (self), FALSE);
  g_return_val_if_fail (CM_IS_DB (db), FALSE);

  if (!cm_audit_check_actor (supervisor, error))
    return FALSE;
  signer = g_strstrip (g_strdup (supervisor));

  locker = g_mutex_locker_new (cm_db_get_mutex (db));
  if (!cm_db_begin (db, error))
    return FALSE;

  if (!check_draft_locked (self, db, error))
    goto fail;

  stmt = cm_db_prepare (db,
                        "SELECT (SELECT count(*) FROM review_item WHERE review_id = ?1 AND answer IS NULL),"
                        "       (SELECT min (rule_code) FROM review_item WHERE review_id = ?1 AND answer IS NULL),"
                        "       (SELECT min (rule_code) FROM review_item WHERE review_id = ?1 AND answer = 'no'"
                        "                                                  AND trim (note) = '')",
                        error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, self->id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      missing = sqlite3_column_int64 (stmt, 0);
      first_missing = column_text (stmt, 1);
      first_bare = column_text (stmt, 2);
    }
  sqlite3_reset (stmt);

  if (missing > 0)
    {
      g_set_error (error, CM_REVIEW_ERROR, CM_REVIEW_ERROR_INCOMPLETE,
                   g_dngettext (GETTEXT_PACKAGE,
                                "Only a complete review can be signed: %lld item is not answered (%s).",
                                "Only a complete review can be signed: %lld items are not answered (the first is %s).",
                                (gulong) missing),
                   (long long) missing, first_missing);
      goto fail;
    }
  if (first_bare != NULL)
    {
      g_set_error (error, CM_REVIEW_ERROR, CM_REVIEW_ERROR_INCOMPLETE,
                   _("Item %s is answered “no” without a note. Write what was seen before signing."),
                   first_bare);
      goto fail;
    }

  /* Reports changed since the checks ran: signing would freeze old results. */
  stmt = cm_db_prepare (db, "SELECT count(*) FROM check_dirty WHERE canteen_id = ?1 AND period BETWEEN ?2 AND ?3",
                        error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, self->canteen_id);
  sqlite3_bind_text (stmt, 2, self->period_start, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, self->period_end, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    stale = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  if (stale > 0)
    {
      g_set_error (error, CM_REVIEW_ERROR, CM_REVIEW_ERROR_STALE,
                   _("Reports of this kitchen for the review’s period changed after the automatic checks "
                     "last ran. Run the checks again, then sign."));
      goto fail;
    }

  if (!(before = cm_audit_snapshot (db, REVIEW_SNAPSHOT, self->id, error)) ||
      !(automatic = automatic_locked (self, db, error)) ||
      !compute_locked (self, db, TRUE, &has_score, &score, &verdict, error))
    goto fail;

  stmt = cm_db_prepare (db,
                        "UPDATE review SET automatic = ?2, score = ?3, verdict = ?4, signed_by = ?5,"
                        "                  signed_at = ?6, updated_at = ?6"
                        " WHERE id = ?1",
                        error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, self->id);
  sqlite3_bind_text (stmt, 2, automatic, -1, SQLITE_TRANSIENT);
  sqlite3_bind_double (stmt, 3, score);
  sqlite3_bind_text (stmt, 4, cm_review_verdict_to_string (verdict), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, signer, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 6, stamp, -1, SQLITE_TRANSIENT);
  if (!cm_db_step_done (db, stmt, error) ||
      !(snapshot = cm_audit_snapshot (db, REVIEW_SNAPSHOT, self->id, error)))
    goto fail;

  automatic_sha256 = sha256_of (automatic);
  after = g_strdup_printf ("{\"review\":%s,\"automatic_sha256\":\"%s\"}", snapshot, automatic_sha256);
  if (!cm_audit_append (db, signer, "sign", "review", self->id, before, after, error))
    goto fail;

  return finish_locked (self, db, TRUE, error);

fail:
  cm_db_rollback (db);
  return FALSE;
}

/**
 * cm_review_correct:
 * @self: a signed review
 * @db: the database
 * @actor: the person who starts the correction
 * @error: return location for a #GError in %CM_REVIEW_ERROR
 *
 * Starts a correction: a new draft of the same visit (kitchen, date,
 * period, rulebook, visitor) with the signed review's answers, notes and
 * photos, naming it as the review it corrects. The signed review stays as it
 * was. A review is corrected once; to correct a correction, correct that.
 * Takes the database lock.
 *
 * Returns: (transfer full): the new draft, or %NULL with @error set
 */
CmReview *
cm_review_correct (CmReview    *self,
                   CmDb        *db,
                   const char  *actor,
                   GError     **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(CmReview) draft = NULL;
  g_autofree char *stamp = now_utc ();
  g_autofree char *after = NULL;
  sqlite3_stmt *stmt;
  gint64 corrected_by = 0;
  gboolean is_signed = FALSE;

  g_return_val_if_fail (CM_IS_REVIEW (self), NULL);
  g_return_val_if_fail (CM_IS_DB (db), NULL);

  if (!cm_audit_check_actor (actor, error))
    return NULL;

  draft = g_object_new (CM_TYPE_REVIEW, NULL);
  draft->rulebook = g_object_ref (self->rulebook);

  locker = g_mutex_locker_new (cm_db_get_mutex (db));
  if (!cm_db_begin (db, error))
    return NULL;

  stmt = cm_db_prepare (db,
                        "SELECT signed_at IS NOT NULL, (SELECT max (id) FROM review WHERE corrects_id = ?1)"
                        "  FROM review WHERE id = ?1",
                        error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, self->id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      is_signed = sqlite3_column_int (stmt, 0);
      corrected_by = sqlite3_column_int64 (stmt, 1);
    }
  sqlite3_reset (stmt);

  if (!is_signed)
    {
      g_set_error (error, CM_REVIEW_ERROR, CM_REVIEW_ERROR_INVALID,
                   _("Only a signed review is corrected; a draft can still be changed as it is."));
      goto fail;
    }
  if (corrected_by != 0)
    {
      g_set_error (error, CM_REVIEW_ERROR, CM_REVIEW_ERROR_CORRECTED,
                   _("This review was already corrected by review number %lld. Correct that one instead."),
                   (long long) corrected_by);
      goto fail;
    }

  stmt = cm_db_prepare (db,
                        "INSERT INTO review (canteen_id, visit_date, period_start, period_end, rulebook_id,"
                        "                    visitor, notes, corrects_id, created_at, updated_at)"
                        " SELECT canteen_id, visit_date, period_start, period_end, rulebook_id, visitor, notes,"
                        "        id, ?2, ?2"
                        "   FROM review WHERE id = ?1",
                        error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, self->id);
  sqlite3_bind_text (stmt, 2, stamp, -1, SQLITE_TRANSIENT);
  if (!cm_db_step_done (db, stmt, error))
    goto fail;
  draft->id = sqlite3_last_insert_rowid (cm_db_get_handle (db));

  stmt = cm_db_prepare (db,
                        "INSERT INTO review_item (review_id, rule_code, answer, note)"
                        " SELECT ?2, rule_code, answer, note FROM review_item WHERE review_id = ?1",
                        error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, self->id);
  sqlite3_bind_int64 (stmt, 2, draft->id);
  if (!cm_db_step_done (db, stmt, error))
    goto fail;

  stmt = cm_db_prepare (db,
                        "INSERT INTO review_photo (review_id, rule_code, sha256, file_name, added_at)"
                        " SELECT ?2, rule_code, sha256, file_name, added_at FROM review_photo"
                        "  WHERE review_id = ?1 ORDER BY id",
                        error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, self->id);
  sqlite3_bind_int64 (stmt, 2, draft->id);
  if (!cm_db_step_done (db, stmt, error))
    goto fail;

  /* The period's results as they stand now count in the draft's score. */
  if (!reload_locked (draft, db, error) ||
      !update_score_locked (draft, db, error) ||
      !(after = cm_audit_snapshot (db, REVIEW_SNAPSHOT, draft->id, error)) ||
      !cm_audit_append (db, actor, "correct", "review", draft->id, NULL, after, error))
    goto fail;

  if (!finish_locked (draft, db, TRUE, error))
    return NULL;
  self->corrected_by_id = draft->id;
  return g_steal_pointer (&draft);

fail:
  cm_db_rollback (db);
  return NULL;
}

/**
 * cm_review_discard:
 * @self: a draft review
 * @db: the database
 * @actor: the person who discards it
 * @error: return location for a #GError in %CM_REVIEW_ERROR
 *
 * Deletes a draft with its answers and photos; the audit log keeps what it
 * held. A signed review is never deleted. Takes the database lock.
 *
 * Returns: %TRUE when deleted
 */
gboolean
cm_review_discard (CmReview    *self,
                   CmDb        *db,
                   const char  *actor,
                   GError     **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autofree char *before = NULL;
  sqlite3_stmt *stmt;
  gboolean ok;

  g_return_val_if_fail (CM_IS_REVIEW (self), FALSE);
  g_return_val_if_fail (CM_IS_DB (db), FALSE);

  if (!cm_audit_check_actor (actor, error))
    return FALSE;

  locker = g_mutex_locker_new (cm_db_get_mutex (db));
  if (!cm_db_begin (db, error))
    return FALSE;

  ok = check_draft_locked (self, db, error) &&
       (before = cm_audit_snapshot (db, REVIEW_SNAPSHOT, self->id, error)) != NULL &&
       (stmt = cm_db_prepare (db, "DELETE FROM review WHERE id = ?1", error)) != NULL;
  if (ok)
    {
      sqlite3_bind_int64 (stmt, 1, self->id);
      ok = cm_db_step_done (db, stmt, error) &&
           cm_audit_append (db, actor, "discard", "review", self->id, before, NULL, error);
    }

  if (!ok || !cm_db_commit (db, error))
    {
      cm_db_rollback (db);
      return FALSE;
    }
  return TRUE;
}
