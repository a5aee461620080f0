/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "cm-outbox"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "cm-audit.h"
#include "cm-outbox.h"
#include "cm-sync-private.h"

struct _CmOutboxItem
{
  GObject  parent_instance;

  gint64   id;
  gint64   report_id;
  char    *instance_id;
  char    *folio;
  char    *report_date;
  char    *action;
  char    *summary;
  char    *created_at;
  guint    attempts;
  char    *last_error;
};

G_DEFINE_FINAL_TYPE (CmOutboxItem, cm_outbox_item, G_TYPE_OBJECT)

static void
cm_outbox_item_finalize (GObject *object)
{
  CmOutboxItem *self = (CmOutboxItem *)object;

  g_free (self->instance_id);
  g_free (self->folio);
  g_free (self->report_date);
  g_free (self->action);
  g_free (self->summary);
  g_free (self->created_at);
  g_free (self->last_error);

  G_OBJECT_CLASS (cm_outbox_item_parent_class)->finalize (object);
}

static void
cm_outbox_item_class_init (CmOutboxItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cm_outbox_item_finalize;
}

static void
cm_outbox_item_init (CmOutboxItem *self)
{
}

gint64
cm_outbox_item_get_id (CmOutboxItem *self)
{
  g_return_val_if_fail (CM_IS_OUTBOX_ITEM (self), 0);
  return self->id;
}

gint64
cm_outbox_item_get_report_id (CmOutboxItem *self)
{
  g_return_val_if_fail (CM_IS_OUTBOX_ITEM (self), 0);
  return self->report_id;
}

const char *
cm_outbox_item_get_instance_id (CmOutboxItem *self)
{
  g_return_val_if_fail (CM_IS_OUTBOX_ITEM (self), NULL);
  return self->instance_id;
}

const char *
cm_outbox_item_get_folio (CmOutboxItem *self)
{
  g_return_val_if_fail (CM_IS_OUTBOX_ITEM (self), NULL);
  return self->folio;
}

const char *
cm_outbox_item_get_report_date (CmOutboxItem *self)
{
  g_return_val_if_fail (CM_IS_OUTBOX_ITEM (self), NULL);
  return self->report_date;
}

const char *
cm_outbox_item_get_action (CmOutboxItem *self)
{
  g_return_val_if_fail (CM_IS_OUTBOX_ITEM (self), NULL);
  return self->action;
}

const char *
cm_outbox_item_get_summary (CmOutboxItem *self)
{
  g_return_val_if_fail (CM_IS_OUTBOX_ITEM (self), NULL);
  return self->summary;
}

const char *
cm_outbox_item_get_created_at (CmOutboxItem *self)
{
  g_return_val_if_fail (CM_IS_OUTBOX_ITEM (self), NULL);
  return self->created_at;
}

guint
cm_outbox_item_get_attempts (CmOutboxItem *self)
{
  g_return_val_if_fail (CM_IS_OUTBOX_ITEM (self), 0);
  return self->attempts;
}

const char *
cm_outbox_item_get_last_error (CmOutboxItem *self)
{
  g_return_val_if_fail (CM_IS_OUTBOX_ITEM (self), NULL);
  return self->last_error;
}

/* Central's names; the Kobo names follow from them when pushed. */
static const char *
state_name (CmReviewState state)
{
  switch (state)
    {
    case CM_REVIEW_APPROVED:
      return "approved";
    case CM_REVIEW_HAS_ISSUES:
      return "hasIssues";
    case CM_REVIEW_REJECTED:
      return "rejected";
    default:
      g_return_val_if_reached ("hasIssues");
    }
}

static const char *
kobo_status (const char *state)
{
  if (g_strcmp0 (state, "approved") == 0)
    return "validation_status_approved";
  if (g_strcmp0 (state, "rejected") == 0)
    return "validation_status_not_approved";
  return "validation_status_on_hold";
}

static gboolean
insert_item (CmDb        *db,
             gint64       source_id,
             gint64       report_id,
             const char  *action,
             const char  *payload,
             GError     **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *created = g_date_time_format_iso8601 (now);
  sqlite3_stmt *stmt;

  stmt = cm_db_prepare (db,
                        "INSERT INTO outbox (source_id, report_id, action, payload, created_at)"
                        " VALUES (?1, ?2, ?3, ?4, ?5)",
                        error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, source_id);
  sqlite3_bind_int64 (stmt, 2, report_id);
  sqlite3_bind_text (stmt, 3, action, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, payload, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, created, -1, SQLITE_TRANSIENT);
  return cm_db_step_done (db, stmt, error);
}

static char *
json_payload (const char *key,
              const char *value)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, key);
  json_builder_add_string_value (builder, value);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);

  return json_to_string (root, FALSE);
}

/* What the audit log keeps of a report's review. */
#define REPORT_REVIEW_SNAPSHOT \
  "SELECT json_object ('folio', folio_sent, 'report_date', report_date, 'review_state', review_state)" \
  "  FROM report WHERE id = ?1"

static char *
review_after (const char *state,
              const char *comment)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "review_state");
  json_builder_add_string_value (builder, state);
  json_builder_set_member_name (builder, "comment");
  if (comment != NULL)
    json_builder_add_string_value (builder, comment);
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);

  return json_to_string (root, FALSE);
}

/**
 * cm_outbox_queue_review:
 * @db: the database
 * @report_id: the report reviewed
 * @state: the review's verdict
 * @comment: (nullable): what the reviewer wrote; empty or %NULL for none
 * @actor: the person who reviews
 * @error: return location for a #GError
 *
 * Queues a review for the server the report came from, to be pushed at the
 * next sync; the report shows the new state at once. The audit log gets the
 * report's state before and after, with the comment, in the same
 * transaction. Takes the database lock.
 *
 * Returns: %TRUE when queued
 */
gboolean
cm_outbox_queue_review (CmDb           *db,
                        gint64          report_id,
                        CmReviewState   state,
                        const char     *comment,
                        const char     *actor,
                        GError        **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autofree char *state_payload = NULL;
  g_autofree char *comment_payload = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  sqlite3_stmt *stmt;
  gint64 source_id = 0;

  g_return_val_if_fail (CM_IS_DB (db), FALSE);

  if (!cm_audit_check_actor (actor, error))
    return FALSE;

  locker = g_mutex_locker_new (cm_db_get_mutex (db));

  stmt = cm_db_prepare (db, "SELECT source_id FROM report WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, report_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    source_id = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);

  if (source_id == 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("This report did not come from a server account, so its review cannot be sent to one. Sync it from its server first."));
      return FALSE;
    }

  state_payload = json_payload ("state", state_name (state));
  if (comment != NULL && *comment != '\0')
    comment_payload = json_payload ("body", comment);

  if (!cm_db_begin (db, error))
    return FALSE;

  if (!(before = cm_audit_snapshot (db, REPORT_REVIEW_SNAPSHOT, report_id, error)) ||
      !insert_item (db, source_id, report_id, "review_state", state_payload, error) ||
      (comment_payload != NULL &&
       !insert_item (db, source_id, report_id, "comment", comment_payload, error)))
    {
      cm_db_rollback (db);
      return FALSE;
    }

  stmt = cm_db_prepare (db, "UPDATE report SET review_state = ?2 WHERE id = ?1", error);
  if (stmt == NULL)
    {
      cm_db_rollback (db);
      return FALSE;
    }
  sqlite3_bind_int64 (stmt, 1, report_id);
  sqlite3_bind_text (stmt, 2, state_name (state), -1, SQLITE_STATIC);
  if (!cm_db_step_done (db, stmt, error))
    {
      cm_db_rollback (db);
      return FALSE;
    }

  after = review_after (state_name (state), comment_payload != NULL ? comment : NULL);
  if (!cm_audit_append (db, actor, "queue_review", "report", report_id, before, after, error) ||
      !cm_db_commit (db, error))
    {
      cm_db_rollback (db);
      return FALSE;
    }

  return TRUE;
}

static char *
payload_value (const char *payload,
               const char *key)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;

  if (!json_parser_load_from_data (parser, payload, -1, NULL))
    return NULL;
  root = json_parser_get_root (parser);
  if (!JSON_NODE_HOLDS_OBJECT (root))
    return NULL;

  return g_strdup (json_object_get_string_member_with_default (json_node_get_object (root), key, NULL));
}

#define ITEM_SELECT \
  "SELECT o.id, o.report_id, r.instance_id, r.folio_sent, r.report_date, o.action, o.payload," \
  "       o.created_at, o.attempts, o.last_error, json_extract (r.raw, '$._id')" \
  "  FROM outbox o JOIN report r ON r.id = o.report_id"

static CmOutboxItem *
item_from_row (sqlite3_stmt *stmt)
{
  CmOutboxItem *item = g_object_new (CM_TYPE_OUTBOX_ITEM, NULL);
  const char *payload = (const char *) sqlite3_column_text (stmt, 6);
  g_autofree char *value = NULL;

  item->id = sqlite3_column_int64 (stmt, 0);
  item->report_id = sqlite3_column_int64 (stmt, 1);
  item->instance_id = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
  item->folio = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
  item->report_date = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
  item->action = g_strdup ((const char *) sqlite3_column_text (stmt, 5));
  item->created_at = g_strdup ((const char *) sqlite3_column_text (stmt, 7));
  item->attempts = (guint) sqlite3_column_int (stmt, 8);
  item->last_error = g_strdup ((const char *) sqlite3_column_text (stmt, 9));

  value = payload_value (payload, g_str_equal (item->action, "comment") ? "body" : "state");
  item->summary = g_strdup (value ? value : "");

  return item;
}

/**
 * cm_outbox_list_pending:
 * @db: the database
 * @error: return location for a #GError
 *
 * Returns: (transfer full): a #GListModel of #CmOutboxItem, oldest first
 */
GListModel *
cm_outbox_list_pending (CmDb    *db,
                        GError **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(GListStore) store = g_list_store_new (CM_TYPE_OUTBOX_ITEM);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (CM_IS_DB (db), NULL);

  locker = g_mutex_locker_new (cm_db_get_mutex (db));
  stmt = cm_db_prepare (db, ITEM_SELECT " WHERE o.pushed_at IS NULL ORDER BY o.id", error);
  if (stmt == NULL)
    return NULL;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(CmOutboxItem) item = item_from_row (stmt);
      g_list_store_append (store, item);
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
 * cm_outbox_count_pending:
 * @db: the database
 *
 * Returns: how many review actions wait to be pushed
 */
gint64
cm_outbox_count_pending (CmDb *db)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_val_if_fail (CM_IS_DB (db), 0);

  locker = g_mutex_locker_new (cm_db_get_mutex (db));
  return MAX (0, cm_db_query_int (db, "SELECT count(*) FROM outbox WHERE pushed_at IS NULL", NULL));
}

static void
record_result (CmDb       *db,
               gint64      item_id,
               gboolean    pushed,
               const char *message)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (cm_db_get_mutex (db));
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *stamp = g_date_time_format_iso8601 (now);
  sqlite3_stmt *stmt;

  stmt = cm_db_prepare (db,
                        "UPDATE outbox SET attempts = attempts + 1, last_error = ?2,"
                        "  pushed_at = CASE WHEN ?3 THEN ?4 ELSE NULL END WHERE id = ?1",
                        NULL);
  if (stmt == NULL)
    return;
  sqlite3_bind_int64 (stmt, 1, item_id);
  if (message != NULL)
    sqlite3_bind_text (stmt, 2, message, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, 2);
  sqlite3_bind_int (stmt, 3, pushed);
  sqlite3_bind_text (stmt, 4, stamp, -1, SQLITE_TRANSIENT);
  cm_db_step_done (db, stmt, NULL);
}

/* The request that carries one item to the server, or NULL (with a
 * sentence) when that server has no place for it. */
static gboolean
item_request (CmSource      *source,
              CmOutboxItem  *item,
              gint64         kobo_id,
              char         **method,
              char         **url,
              char         **body,
              char         **not_sent)
{
  g_autofree char *form = g_uri_escape_string (cm_source_get_form_id (source), NULL, FALSE);
  const char *base = cm_source_get_base_url (source);
  gboolean is_comment = g_str_equal (item->action, "comment");

  if (cm_source_get_kind (source) == CM_SOURCE_KOBO)
    {
      if (is_comment)
        {
          *not_sent = g_strdup (_("KoBoToolbox keeps no comments on submissions; the comment stays in Comedores."));
          return FALSE;
        }
      if (kobo_id <= 0)
        {
          *not_sent = g_strdup (_("This report did not come from KoBoToolbox, so its review cannot be sent there."));
          return FALSE;
        }
      *method = g_strdup ("PATCH");
      *url = g_strdup_printf ("%s/api/v2/assets/%s/data/%" G_GINT64_FORMAT "/validation_status/?format=json",
                              base, form, kobo_id);
      *body = json_payload ("validation_status.uid", kobo_status (item->summary));
      return TRUE;
    }
  else
    {
      g_autofree char *project = g_uri_escape_string (cm_source_get_project (source), NULL, FALSE);
      g_autofree char *instance = g_uri_escape_string (item->instance_id, NULL, FALSE);

      *method = g_strdup (is_comment ? "POST" : "PATCH");
      *url = g_strdup_printf ("%s/v1/projects/%s/forms/%s/submissions/%s%s",
                              base, project, form, instance, is_comment ? "/comments" : "");
      *body = is_comment ? json_payload ("body", item->summary)
                         : json_payload ("reviewState", item->summary);
      return TRUE;
    }
}

/**
 * cm_outbox_push:
 * @db: the database
 * @source: the account whose queued actions to push
 * @secret: its password or token
 * @options: (nullable): limits, or %NULL for the defaults
 * @pushed: (out) (optional): how many actions reached the server
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError in %CM_SYNC_ERROR
 *
 * Pushes @source's queued review states and comments, oldest first. An
 * action the server refuses (say, a submission deleted there) keeps its
 * error and the push goes on; a network or server failure stops it, and
 * what is left is pushed next time. Blocks: run it in a worker thread.
 *
 * Returns: %TRUE unless the push had to stop
 */
gboolean
cm_outbox_push (CmDb                 *db,
                CmSource             *source,
                const char           *secret,
                const CmSyncOptions  *options,
                guint                *pushed,
                GCancellable         *cancellable,
                GError              **error)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GArray) kobo_ids = g_array_new (FALSE, TRUE, sizeof (gint64));
  g_autoptr(CmSyncClient) client = NULL;
  guint done = 0;

  g_return_val_if_fail (CM_IS_DB (db), FALSE);
  g_return_val_if_fail (CM_IS_SOURCE (source), FALSE);

  if (pushed != NULL)
    *pushed = 0;

  {
    g_autoptr(GMutexLocker) locker = g_mutex_locker_new (cm_db_get_mutex (db));
    sqlite3_stmt *stmt = cm_db_prepare (db,
                                        ITEM_SELECT " WHERE o.pushed_at IS NULL AND o.source_id = ?1"
                                        " ORDER BY o.id",
                                        error);
    if (stmt == NULL)
      return FALSE;
    sqlite3_bind_int64 (stmt, 1, cm_source_get_id (source));
    while (sqlite3_step (stmt) == SQLITE_ROW)
      {
        gint64 kobo_id = sqlite3_column_int64 (stmt, 10);

        g_ptr_array_add (items, item_from_row (stmt));
        g_array_append_val (kobo_ids, kobo_id);
      }
    sqlite3_reset (stmt);
  }

  if (items->len == 0)
    return TRUE;

  client = _cm_sync_client_new (source, secret, options, cancellable);
  if (!_cm_sync_client_login (client, error))
    return FALSE;

  for (guint i = 0; i < items->len; i++)
    {
      CmOutboxItem *item = g_ptr_array_index (items, i);
      g_autofree char *method = NULL;
      g_autofree char *url = NULL;
      g_autofree char *body = NULL;
      g_autofree char *not_sent = NULL;
      g_autoptr(GBytes) answer = NULL;
      g_autoptr(GError) local_error = NULL;

      if (!item_request (source, item, g_array_index (kobo_ids, gint64, i), &method, &url, &body, &not_sent))
        {
          /* Nowhere to send it: done, with the reason kept beside it. */
          record_result (db, item->id, TRUE, not_sent);
          continue;
        }

      answer = _cm_sync_client_send (client, method, url, body, &local_error);
      if (answer != NULL)
        {
          record_result (db, item->id, TRUE, NULL);
          done++;
          continue;
        }

      record_result (db, item->id, FALSE, local_error->message);
      if (g_error_matches (local_error, CM_SYNC_ERROR, CM_SYNC_ERROR_NOT_FOUND) ||
          g_error_matches (local_error, CM_SYNC_ERROR, CM_SYNC_ERROR_PROTOCOL) ||
          g_error_matches (local_error, CM_SYNC_ERROR, CM_SYNC_ERROR_FORBIDDEN))
        continue;

      if (pushed != NULL)
        *pushed = done;
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  if (pushed != NULL)
    *pushed = done;
  return TRUE;
}
