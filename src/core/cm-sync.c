/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "cm-sync"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <math.h>
#include <string.h>

#include "cm-form-map.h"
#include "cm-sync-private.h"

G_DEFINE_QUARK (cm-sync-error-quark, cm_sync_error)

/* One pull, from login to the last page. */
typedef struct
{
  CmDb                *db;
  CmSource            *source;
  const char          *secret;
  CmSyncOptions        options;
  CmSyncProgressFunc   progress;
  gpointer             progress_data;
  GCancellable        *cancellable;

  SoupSession         *session;
  GUri                *base;
  CmFormMap           *map;
  char                *token;          /* Central's session token */
  gboolean             relogged;       /* a 401 logs in again once per run */
  gboolean             logging_in;     /* a 401 to the login itself is the answer */
  CmSyncStats          stats;
  char                *high_water;     /* Central: the newest submissionDate/updatedAt seen */
  gint64               last_kobo_id;   /* Kobo: the highest _id applied */
  char                *reread_at;      /* Kobo: when every row was last read again */
} Pull;

void
cm_sync_options_init (CmSyncOptions *options)
{
  options->timeout_seconds = 30;
  options->page_size = 250;
  options->max_attempts = 4;
  options->overlap_seconds = 3600;
  options->retry_cap_seconds = 30;
  options->reread_hours = 24;
}

static const char *
source_label (Pull *pull)
{
  return cm_source_get_name (pull->source);
}

static gboolean
check_cancelled (Pull    *pull,
                 GError **error)
{
  if (g_cancellable_is_cancelled (pull->cancellable))
    {
      g_set_error (error, CM_SYNC_ERROR, CM_SYNC_ERROR_CANCELLED,
                   _("The sync with “%s” was stopped. What had arrived was kept."),
                   source_label (pull));
      return TRUE;
    }
  return FALSE;
}

/* Waits, waking often enough to notice a cancellation within a second. */
static void
wait_seconds (Pull  *pull,
              guint  seconds)
{
  gint64 until = g_get_monotonic_time () + (gint64) seconds * G_USEC_PER_SEC;

  while (g_get_monotonic_time () < until && !g_cancellable_is_cancelled (pull->cancellable))
    g_usleep (50 * 1000);
}

static guint
retry_after_seconds (SoupMessage *msg,
                     guint        fallback,
                     guint        cap)
{
  const char *value = soup_message_headers_get_one (soup_message_get_response_headers (msg), "Retry-After");
  guint seconds = fallback;

  if (value != NULL)
    {
      char *end = NULL;
      guint64 n = g_ascii_strtoull (value, &end, 10);

      if (end != value && *end == '\0')
        seconds = (guint) MIN (n, G_MAXUINT);
      else
        {
          g_autoptr(GDateTime) when = soup_date_time_new_from_http_string (value);
          g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

          if (when != NULL)
            seconds = (guint) MAX (0, g_date_time_difference (when, now) / G_USEC_PER_SEC);
        }
    }

  return MIN (seconds, cap);
}

/* The server's own words, when it sent a Problem or a DRF detail. */
static char *
server_message (GBytes *body)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  gsize size = 0;
  const char *data = body ? g_bytes_get_data (body, &size) : NULL;
  JsonNode *root;

  if (data == NULL || !json_parser_load_from_data (parser, data, size, NULL))
    return NULL;

  root = json_parser_get_root (parser);
  if (root != NULL && JSON_NODE_HOLDS_OBJECT (root))
    {
      JsonObject *object = json_node_get_object (root);

      if (json_object_has_member (object, "message"))
        return g_strdup (json_object_get_string_member_with_default (object, "message", ""));
      if (json_object_has_member (object, "detail"))
        return g_strdup (json_object_get_string_member_with_default (object, "detail", ""));
    }

  return NULL;
}

static void
set_http_error (Pull        *pull,
                SoupMessage *msg,
                GBytes      *body,
                GError     **error)
{
  guint status = soup_message_get_status (msg);
  g_autofree char *said = server_message (body);
  g_autofree char *suffix = said && *said ? g_strdup_printf (" (%s)", said) : g_strdup ("");

  if (status == 401)
    g_set_error (error, CM_SYNC_ERROR, CM_SYNC_ERROR_AUTH,
                 _("The server of “%s” refused its credentials%s. Check the user and the password or token in Preferences → Accounts."),
                 source_label (pull), suffix);
  else if (status == 403)
    g_set_error (error, CM_SYNC_ERROR, CM_SYNC_ERROR_FORBIDDEN,
                 _("The account “%s” may not read this form%s. Ask the server’s administrator for access."),
                 source_label (pull), suffix);
  else if (status == 404)
    g_set_error (error, CM_SYNC_ERROR, CM_SYNC_ERROR_NOT_FOUND,
                 _("The server of “%s” has no such project or form%s. Check the project and the form in Preferences → Accounts."),
                 source_label (pull), suffix);
  else if (status == 429 || status >= 500)
    g_set_error (error, CM_SYNC_ERROR, CM_SYNC_ERROR_SERVER,
                 _("The server of “%s” is failing (error %u%s) and kept failing after several tries. Try again later; what had arrived was kept."),
                 source_label (pull), status, suffix);
  else
    g_set_error (error, CM_SYNC_ERROR, CM_SYNC_ERROR_PROTOCOL,
                 _("The server of “%s” answered in a way Comedores does not understand (error %u%s)."),
                 source_label (pull), status, suffix);
}

static gboolean central_login (Pull *pull, GError **error);

/* Sends a request and reads the whole answer, retrying what a retry can
 * mend: 429 and 5xx (honouring Retry-After), time-outs, resets, bodies cut
 * short. A 401 logs in again once. Returns the body of a 2xx answer. */
static GBytes *
send_request (Pull        *pull,
              const char  *method,
              const char  *url,
              const char  *json_body,
              GError     **error)
{
  guint backoff = 1;

  for (guint attempt = 1; ; attempt++)
    {
      g_autoptr(SoupMessage) msg = NULL;
      g_autoptr(GBytes) body = NULL;
      g_autoptr(GError) local_error = NULL;
      SoupMessageHeaders *headers;
      guint status;
      guint wait = 0;

      if (check_cancelled (pull, error))
        return NULL;

      msg = soup_message_new (method, url);
      if (msg == NULL)
        {
          g_set_error (error, CM_SYNC_ERROR, CM_SYNC_ERROR_PROTOCOL,
                       _("“%s” is not an address Comedores can ask."), url);
          return NULL;
        }

      headers = soup_message_get_request_headers (msg);
      soup_message_headers_replace (headers, "Accept", "application/json");
      if (cm_source_get_kind (pull->source) == CM_SOURCE_KOBO)
        {
          g_autofree char *auth = g_strdup_printf ("Token %s", pull->secret);
          soup_message_headers_replace (headers, "Authorization", auth);
        }
      else if (pull->token != NULL)
        {
          g_autofree char *auth = g_strdup_printf ("Bearer %s", pull->token);
          soup_message_headers_replace (headers, "Authorization", auth);
        }

      if (json_body != NULL)
        {
          g_autoptr(GBytes) bytes = g_bytes_new (json_body, strlen (json_body));
          soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
        }

      body = soup_session_send_and_read (pull->session, msg, pull->cancellable, &local_error);

      if (body == NULL)
        {
          if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            {
              check_cancelled (pull, error);
              return NULL;
            }

          if (attempt >= pull->options.max_attempts)
            {
              if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
                g_set_error (error, CM_SYNC_ERROR, CM_SYNC_ERROR_TIMEOUT,
                             _("The server of “%s” did not answer within %u seconds, %u times. Try again later; what had arrived was kept."),
                             source_label (pull), pull->options.timeout_seconds, attempt);
              else
                g_set_error (error, CM_SYNC_ERROR, CM_SYNC_ERROR_NETWORK,
                             _("The connection to the server of “%s” failed: %s. Check the network; what had arrived was kept."),
                             source_label (pull), local_error->message);
              return NULL;
            }

          g_debug ("%s %s: %s; trying again", method, url, local_error->message);
          wait = backoff;
        }
      else
        {
          status = soup_message_get_status (msg);

          if (SOUP_STATUS_IS_SUCCESSFUL (status))
            return g_steal_pointer (&body);

          if (status == 401 && !pull->relogged && !pull->logging_in)
            {
              /* A session that expired in the middle of a run: once. */
              pull->relogged = TRUE;
              g_debug ("401 on %s; logging in again", url);
              if (cm_source_get_kind (pull->source) == CM_SOURCE_CENTRAL && !central_login (pull, error))
                return NULL;
              attempt--;
              continue;
            }

          if ((status == 429 || status >= 500) && attempt < pull->options.max_attempts)
            wait = retry_after_seconds (msg, backoff, pull->options.retry_cap_seconds);
          else
            {
              set_http_error (pull, msg, body, error);
              return NULL;
            }
        }

      wait_seconds (pull, wait);
      backoff = MIN (backoff * 2, pull->options.retry_cap_seconds);
    }
}

static JsonNode *
parse_json (GBytes  *body,
            GError **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  gsize size;
  const char *data = g_bytes_get_data (body, &size);

  if (!json_parser_load_from_data (parser, data, size, error))
    return NULL;

  return json_node_copy (json_parser_get_root (parser));
}

/* A URL on the configured server with the path and query of @link, so a
 * server that names itself wrongly in its links is still reached. */
static char *
rebase_link (Pull       *pull,
             const char *link)
{
  g_autoptr(GUri) uri = g_uri_parse (link, SOUP_HTTP_URI_FLAGS, NULL);
  g_autoptr(GUri) joined = NULL;

  if (uri == NULL)
    uri = g_uri_parse_relative (pull->base, link, SOUP_HTTP_URI_FLAGS, NULL);
  if (uri == NULL)
    return NULL;

  joined = g_uri_build (SOUP_HTTP_URI_FLAGS,
                        g_uri_get_scheme (pull->base), NULL,
                        g_uri_get_host (pull->base), g_uri_get_port (pull->base),
                        g_uri_get_path (uri), g_uri_get_query (uri), NULL);
  return g_uri_to_string (joined);
}

/* --- the database side ------------------------------------------------ */

static gint64
canteen_for_folio (Pull       *pull,
                   const char *folio)
{
  g_autofree char *normal = g_ascii_strup (folio, -1);
  sqlite3_stmt *stmt = cm_db_prepare (pull->db, "SELECT id FROM canteen WHERE folio = ?1", NULL);
  gint64 id = 0;

  g_strstrip (normal);
  sqlite3_bind_text (stmt, 1, normal, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    id = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);

  return id;
}

static char *
now_iso (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  return g_date_time_format_iso8601 (now);
}

static gboolean
quarantine (Pull        *pull,
            const char  *instance_id,
            const char  *reason,
            const char  *raw,
            GError     **error)
{
  g_autofree char *now = now_iso ();
  sqlite3_stmt *stmt;

  stmt = cm_db_prepare (pull->db,
                        "INSERT INTO quarantine (source_id, sync_run_id, received_at, instance_id, reason, raw)"
                        " VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                        error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, cm_source_get_id (pull->source));
  sqlite3_bind_int64 (stmt, 2, pull->stats.run_id);
  sqlite3_bind_text (stmt, 3, now, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, instance_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, reason, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 6, raw, -1, SQLITE_TRANSIENT);
  if (!cm_db_step_done (pull->db, stmt, error))
    return FALSE;

  pull->stats.quarantined++;
  return TRUE;
}

static void
bind_text_or_null (sqlite3_stmt *stmt,
                   int           column,
                   const char   *text)
{
  if (text != NULL)
    sqlite3_bind_text (stmt, column, text, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, column);
}

static void
bind_double_or_null (sqlite3_stmt *stmt,
                     int           column,
                     double        value)
{
  if (isnan (value))
    sqlite3_bind_null (stmt, column);
  else
    sqlite3_bind_double (stmt, column, value);
}

/* Inserts or updates one report by its instance id, with its purchases. */
static gboolean
upsert_report (Pull            *pull,
               CmMappedReport  *r,
               GError         **error)
{
  sqlite3_stmt *stmt;
  gint64 report_id = 0;
  gint64 canteen_id;
  gboolean exists = FALSE, same = FALSE;

  stmt = cm_db_prepare (pull->db, "SELECT id, raw IS ?2 FROM report WHERE instance_id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, r->instance_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, r->raw, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      exists = TRUE;
      report_id = sqlite3_column_int64 (stmt, 0);
      same = sqlite3_column_int (stmt, 1) != 0;
    }
  sqlite3_reset (stmt);

  if (same)
    {
      /* Already here as received: only claim it for this account. */
      stmt = cm_db_prepare (pull->db, "UPDATE report SET source_id = ?2 WHERE id = ?1 AND source_id IS NOT ?2", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, report_id);
      sqlite3_bind_int64 (stmt, 2, cm_source_get_id (pull->source));
      if (!cm_db_step_done (pull->db, stmt, error))
        return FALSE;
      pull->stats.unchanged++;
      return TRUE;
    }

  canteen_id = canteen_for_folio (pull, r->folio_sent);

  stmt = cm_db_prepare (pull->db,
                        "INSERT INTO report (source_id, instance_id, canteen_id, folio_sent, report_date,"
                        "  rations_paid, rations_free, fee_cents, spending_cents, diners_children,"
                        "  diners_adults, diners_older, diners_disabled, members_present, takeaway_only,"
                        "  incidents, latitude, longitude, gps_accuracy, device_id, submitter,"
                        "  submitted_at, updated_at, review_state, form_version, attachments_expected,"
                        "  attachments_present, raw)"
                        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16,"
                        "         ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28)"
                        " ON CONFLICT (instance_id) DO UPDATE SET"
                        "  source_id = excluded.source_id, canteen_id = excluded.canteen_id,"
                        "  folio_sent = excluded.folio_sent, report_date = excluded.report_date,"
                        "  rations_paid = excluded.rations_paid, rations_free = excluded.rations_free,"
                        "  fee_cents = excluded.fee_cents, spending_cents = excluded.spending_cents,"
                        "  diners_children = excluded.diners_children, diners_adults = excluded.diners_adults,"
                        "  diners_older = excluded.diners_older, diners_disabled = excluded.diners_disabled,"
                        "  members_present = excluded.members_present, takeaway_only = excluded.takeaway_only,"
                        "  incidents = excluded.incidents, latitude = excluded.latitude,"
                        "  longitude = excluded.longitude, gps_accuracy = excluded.gps_accuracy,"
                        "  device_id = excluded.device_id, submitter = excluded.submitter,"
                        "  submitted_at = excluded.submitted_at, updated_at = excluded.updated_at,"
                        "  review_state = excluded.review_state, form_version = excluded.form_version,"
                        "  attachments_expected = excluded.attachments_expected,"
                        "  attachments_present = excluded.attachments_present, raw = excluded.raw",
                        error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, cm_source_get_id (pull->source));
  sqlite3_bind_text (stmt, 2, r->instance_id, -1, SQLITE_TRANSIENT);
  if (canteen_id > 0)
    sqlite3_bind_int64 (stmt, 3, canteen_id);
  else
    sqlite3_bind_null (stmt, 3);
  sqlite3_bind_text (stmt, 4, r->folio_sent, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, r->report_date, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 6, r->rations_paid);
  sqlite3_bind_int64 (stmt, 7, r->rations_free);
  sqlite3_bind_int64 (stmt, 8, r->fee_cents);
  sqlite3_bind_int64 (stmt, 9, r->spending_cents);
  sqlite3_bind_int64 (stmt, 10, r->diners_children);
  sqlite3_bind_int64 (stmt, 11, r->diners_adults);
  sqlite3_bind_int64 (stmt, 12, r->diners_older);
  sqlite3_bind_int64 (stmt, 13, r->diners_disabled);
  sqlite3_bind_int64 (stmt, 14, r->members_present);
  sqlite3_bind_int (stmt, 15, r->takeaway_only ? 1 : 0);
  sqlite3_bind_text (stmt, 16, r->incidents ? r->incidents : "", -1, SQLITE_TRANSIENT);
  bind_double_or_null (stmt, 17, r->latitude);
  bind_double_or_null (stmt, 18, r->longitude);
  bind_double_or_null (stmt, 19, r->gps_accuracy);
  bind_text_or_null (stmt, 20, r->device_id);
  bind_text_or_null (stmt, 21, r->submitter);
  bind_text_or_null (stmt, 22, r->submitted_at);
  bind_text_or_null (stmt, 23, r->updated_at);
  bind_text_or_null (stmt, 24, r->review_state);
  bind_text_or_null (stmt, 25, r->form_version);
  sqlite3_bind_int64 (stmt, 26, r->attachments_expected);
  sqlite3_bind_int64 (stmt, 27, r->attachments_present);
  sqlite3_bind_text (stmt, 28, r->raw, -1, SQLITE_TRANSIENT);
  if (!cm_db_step_done (pull->db, stmt, error))
    return FALSE;

  if (!exists)
    report_id = sqlite3_last_insert_rowid (cm_db_get_handle (pull->db));

  /* The media the row names, to fetch on demand or in the background. */
  for (guint i = 0; r->attachment_names != NULL && i < r->attachment_names->len; i++)
    {
      stmt = cm_db_prepare (pull->db,
                            "INSERT OR IGNORE INTO attachment (report_id, name) VALUES (?1, ?2)",
                            error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, report_id);
      sqlite3_bind_text (stmt, 2, g_ptr_array_index (r->attachment_names, i), -1, SQLITE_TRANSIENT);
      if (!cm_db_step_done (pull->db, stmt, error))
        return FALSE;
    }

  /* The purchases follow the report as it is now. */
  stmt = cm_db_prepare (pull->db, "DELETE FROM purchase WHERE report_id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, report_id);
  if (!cm_db_step_done (pull->db, stmt, error))
    return FALSE;

  for (guint i = 0; r->purchases != NULL && i < r->purchases->len; i++)
    {
      CmMappedPurchase *p = g_ptr_array_index (r->purchases, i);

      stmt = cm_db_prepare (pull->db,
                            "INSERT INTO purchase (report_id, position, concept, amount_cents, receipt_photo)"
                            " VALUES (?1, ?2, ?3, ?4, ?5)",
                            error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, report_id);
      sqlite3_bind_int (stmt, 2, (int) p->position);
      sqlite3_bind_text (stmt, 3, p->concept ? p->concept : "", -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (stmt, 4, p->amount_cents);
      bind_text_or_null (stmt, 5, p->receipt_photo);
      if (!cm_db_step_done (pull->db, stmt, error))
        return FALSE;
    }

  if (exists)
    pull->stats.updated++;
  else
    pull->stats.inserted++;

  return TRUE;
}

static void
raise_high_water (Pull       *pull,
                  const char *stamp)
{
  if (stamp != NULL && (pull->high_water == NULL || strcmp (stamp, pull->high_water) > 0))
    {
      g_free (pull->high_water);
      pull->high_water = g_strdup (stamp);
    }
}

static const char *
row_instance_id (JsonObject *row)
{
  if (json_object_has_member (row, "__id"))
    return json_object_get_string_member_with_default (row, "__id", NULL);
  if (json_object_has_member (row, "meta/rootUuid"))
    return json_object_get_string_member_with_default (row, "meta/rootUuid", NULL);
  return NULL;
}

static gboolean
update_run_row (Pull    *pull,
                GError **error)
{
  sqlite3_stmt *stmt;

  stmt = cm_db_prepare (pull->db,
                        "UPDATE sync_run SET received = ?2, inserted = ?3, updated = ?4, quarantined = ?5"
                        " WHERE id = ?1",
                        error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, pull->stats.run_id);
  sqlite3_bind_int (stmt, 2, (int) pull->stats.received);
  sqlite3_bind_int (stmt, 3, (int) pull->stats.inserted);
  sqlite3_bind_int (stmt, 4, (int) pull->stats.updated);
  sqlite3_bind_int (stmt, 5, (int) pull->stats.quarantined);
  return cm_db_step_done (pull->db, stmt, error);
}

static gboolean
save_cursor (Pull        *pull,
             const char  *cursor,
             GError     **error)
{
  sqlite3_stmt *stmt = cm_db_prepare (pull->db, "UPDATE source SET cursor = ?2 WHERE id = ?1", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, cm_source_get_id (pull->source));
  sqlite3_bind_text (stmt, 2, cursor, -1, SQLITE_TRANSIENT);
  return cm_db_step_done (pull->db, stmt, error);
}

static void
note_row_position (Pull       *pull,
                   JsonObject *row)
{
  JsonObject *system;

  if (cm_source_get_kind (pull->source) == CM_SOURCE_KOBO)
    {
      pull->last_kobo_id = MAX (pull->last_kobo_id, json_object_get_int_member_with_default (row, "_id", 0));
      return;
    }

  if (json_object_has_member (row, "__system") &&
      JSON_NODE_HOLDS_OBJECT (json_object_get_member (row, "__system")))
    {
      system = json_object_get_object_member (row, "__system");
      raise_high_water (pull, json_object_get_string_member_with_default (system, "submissionDate", NULL));
      raise_high_water (pull, json_object_get_string_member_with_default (system, "updatedAt", NULL));
    }
}

/* Where the next pull starts: Central, the newest submission or update
 * time seen; Kobo, the highest _id. */
static char *
make_cursor (Pull *pull)
{
  if (cm_source_get_kind (pull->source) == CM_SOURCE_KOBO)
    return g_strdup_printf ("{\"last_id\":%" G_GINT64_FORMAT ",\"reread_at\":\"%s\"}",
                            pull->last_kobo_id, pull->reread_at ? pull->reread_at : "");

  if (pull->high_water == NULL)
    return NULL;

  return g_strdup_printf ("{\"since\":\"%s\"}", pull->high_water);
}

/* Applies one page in one transaction, together with the cursor when the
 * page moves it, so that a crash never leaves the cursor ahead of the data. */
static gboolean
apply_page (Pull        *pull,
            JsonArray   *rows,
            gboolean     move_cursor,
            GError     **error)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (cm_db_get_mutex (pull->db));
  g_autofree char *cursor = NULL;
  guint n = json_array_get_length (rows);

  if (!cm_db_begin (pull->db, error))
    goto storage_error;

  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (rows, i);
      g_autoptr(GError) map_error = NULL;
      g_autoptr(CmMappedReport) report = NULL;

      pull->stats.received++;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          g_autofree char *raw = json_to_string (node, FALSE);

          if (!quarantine (pull, NULL, _("The row is not a JSON object."), raw, error))
            goto storage_error;
          continue;
        }

      note_row_position (pull, json_node_get_object (node));
      report = cm_form_map_apply (pull->map, json_node_get_object (node), &map_error);
      if (report == NULL)
        {
          g_autofree char *raw = json_to_string (node, FALSE);

          if (!quarantine (pull, row_instance_id (json_node_get_object (node)), map_error->message, raw, error))
            goto storage_error;
          continue;
        }

      if (!upsert_report (pull, report, error))
        goto storage_error;
    }

  if (!update_run_row (pull, error))
    goto storage_error;
  if (move_cursor)
    cursor = make_cursor (pull);
  if (cursor != NULL && !save_cursor (pull, cursor, error))
    goto storage_error;
  if (!cm_db_commit (pull->db, error))
    goto storage_error;

  pull->stats.pages++;
  return TRUE;

storage_error:
  cm_db_rollback (pull->db);
  if (error != NULL && *error != NULL && (*error)->domain != CM_SYNC_ERROR)
    {
      GError *inner = *error;
      *error = NULL;
      g_set_error (error, CM_SYNC_ERROR, CM_SYNC_ERROR_STORAGE,
                   _("The reports of “%s” could not be stored: %s"), source_label (pull), inner->message);
      g_error_free (inner);
    }
  return FALSE;
}

/* A body that is not the JSON the API promises: kept in quarantine, since
 * nothing received is dropped, then treated as a failed request. */
static JsonNode *
parse_page (Pull     *pull,
            GBytes   *body,
            GError  **error)
{
  g_autoptr(GError) parse_error = NULL;
  JsonNode *root = parse_json (body, &parse_error);

  if (root == NULL)
    {
      g_autoptr(GMutexLocker) locker = g_mutex_locker_new (cm_db_get_mutex (pull->db));
      gsize size;
      const char *data = g_bytes_get_data (body, &size);
      g_autofree char *raw = g_strndup (data, size);
      g_autofree char *reason = g_strdup_printf (_("The server sent a page that is not valid JSON: %s"),
                                                 parse_error->message);

      quarantine (pull, NULL, reason, raw, NULL);
      g_set_error (error, CM_SYNC_ERROR, CM_SYNC_ERROR_PROTOCOL,
                   _("The server of “%s” sent a page Comedores cannot read; it was kept in quarantine. Try again later."),
                   source_label (pull));
    }

  return root;
}

static void
report_progress (Pull *pull)
{
  if (pull->progress != NULL)
    pull->progress (&pull->stats, pull->progress_data);
}

/* Fetches and parses a page, asking again once when the body was not JSON. */
static JsonNode *
fetch_page (Pull        *pull,
            const char  *url,
            GError     **error)
{
  for (guint attempt = 1; ; attempt++)
    {
      g_autoptr(GBytes) body = send_request (pull, "GET", url, NULL, error);
      g_autoptr(GError) local_error = NULL;
      JsonNode *root;

      if (body == NULL)
        return NULL;

      root = parse_page (pull, body, &local_error);
      if (root != NULL)
        return root;

      if (attempt >= 2)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
    }
}

/* --- ODK Central ------------------------------------------------------- */

static gboolean
central_login (Pull    *pull,
               GError **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) request = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *url = NULL;
  g_autofree char *json = NULL;
  g_autoptr(GError) parse_error = NULL;
  JsonObject *object;
  const char *token;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "email");
  json_builder_add_string_value (builder, cm_source_get_username (pull->source));
  json_builder_set_member_name (builder, "password");
  json_builder_add_string_value (builder, pull->secret);
  json_builder_end_object (builder);
  request = json_builder_get_root (builder);
  json = json_to_string (request, FALSE);

  g_clear_pointer (&pull->token, g_free);
  url = g_strdup_printf ("%s/v1/sessions", cm_source_get_base_url (pull->source));
  pull->logging_in = TRUE;
  body = send_request (pull, "POST", url, json, error);
  pull->logging_in = FALSE;
  /* Scrub the password from memory we own as soon as it is sent. */
  memset (json, 0, strlen (json));
  if (body == NULL)
    return FALSE;

  root = parse_json (body, &parse_error);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root) ||
      (object = json_node_get_object (root)) == NULL ||
      (token = json_object_get_string_member_with_default (object, "token", NULL)) == NULL)
    {
      g_set_error (error, CM_SYNC_ERROR, CM_SYNC_ERROR_PROTOCOL,
                   _("The server of “%s” answered the login without a session. Is it an ODK Central server?"),
                   source_label (pull));
      return FALSE;
    }

  pull->token = g_strdup (token);
  return TRUE;
}

static char *
central_since (Pull *pull)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  const char *cursor = cm_source_get_cursor (pull->source);
  g_autoptr(GDateTime) since = NULL;
  g_autoptr(GDateTime) start = NULL;
  g_autofree char *seconds = NULL;
  const char *text;
  JsonNode *root;

  if (cursor == NULL || !json_parser_load_from_data (parser, cursor, -1, NULL))
    return NULL;
  root = json_parser_get_root (parser);
  if (!JSON_NODE_HOLDS_OBJECT (root) ||
      !(text = json_object_get_string_member_with_default (json_node_get_object (root), "since", NULL)) ||
      !(since = g_date_time_new_from_iso8601 (text, NULL)))
    return NULL;

  /* Start a little before, to catch what a late clock or a slow commit on
   * the server put just behind the cursor; upserts make the overlap free. */
  start = g_date_time_add_seconds (since, -(double) pull->options.overlap_seconds);
  seconds = g_date_time_format (start, "%Y-%m-%dT%H:%M:%S");
  return g_strdup_printf ("%s.%03dZ", seconds, g_date_time_get_microsecond (start) / 1000);
}

static gboolean
central_pull (Pull    *pull,
              GError **error)
{
  g_autofree char *url = NULL;
  g_autofree char *since = central_since (pull);
  g_autofree char *form = g_uri_escape_string (cm_source_get_form_id (pull->source), NULL, FALSE);
  g_autofree char *project = g_uri_escape_string (cm_source_get_project (pull->source), NULL, FALSE);
  GString *query = g_string_new (NULL);

  if (!central_login (pull, error))
    {
      g_string_free (query, TRUE);
      return FALSE;
    }

  g_string_append_printf (query, "%%24top=%u&%%24count=true&%%24expand=*", pull->options.page_size);
  if (since != NULL)
    {
      g_autofree char *filter = g_strdup_printf ("__system/submissionDate gt %s or __system/updatedAt gt %s",
                                                 since, since);
      g_autofree char *escaped = g_uri_escape_string (filter, NULL, FALSE);
      g_string_append_printf (query, "&%%24filter=%s", escaped);
    }

  url = g_strdup_printf ("%s/v1/projects/%s/forms/%s.svc/Submissions?%s",
                         cm_source_get_base_url (pull->source), project, form, query->str);
  g_string_free (query, TRUE);

  while (url != NULL)
    {
      g_autoptr(JsonNode) root = NULL;
      JsonObject *page;
      JsonArray *rows;
      const char *next;

      if (!(root = fetch_page (pull, url, error)))
        return FALSE;

      if (!JSON_NODE_HOLDS_OBJECT (root) ||
          !json_object_has_member ((page = json_node_get_object (root)), "value") ||
          !JSON_NODE_HOLDS_ARRAY (json_object_get_member (page, "value")))
        {
          g_set_error (error, CM_SYNC_ERROR, CM_SYNC_ERROR_PROTOCOL,
                       _("The server of “%s” sent a page without its list of submissions."),
                       source_label (pull));
          return FALSE;
        }

      rows = json_object_get_array_member (page, "value");
      if (json_object_has_member (page, "@odata.count"))
        pull->stats.expected = json_object_get_int_member (page, "@odata.count");
      next = json_object_get_string_member_with_default (page, "@odata.nextLink", NULL);

      /* Newest first: the cursor moves only with the last page, when every
       * row since the old cursor is here. */
      if (!apply_page (pull, rows, next == NULL, error))
        return FALSE;
      report_progress (pull);

      g_clear_pointer (&url, g_free);
      if (next != NULL && !(url = rebase_link (pull, next)))
        {
          g_set_error (error, CM_SYNC_ERROR, CM_SYNC_ERROR_PROTOCOL,
                       _("The server of “%s” sent a link to its next page that is not an address."),
                       source_label (pull));
          return FALSE;
        }
    }

  return TRUE;
}

/* --- KoBoToolbox ------------------------------------------------------- */

/* Reads the Kobo cursor: the highest _id applied and when every row was
 * last read again. */
static void
kobo_read_cursor (Pull *pull)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  const char *cursor = cm_source_get_cursor (pull->source);
  JsonObject *object;
  JsonNode *root;

  pull->last_kobo_id = 0;
  if (cursor == NULL || !json_parser_load_from_data (parser, cursor, -1, NULL))
    return;
  root = json_parser_get_root (parser);
  if (!JSON_NODE_HOLDS_OBJECT (root))
    return;

  object = json_node_get_object (root);
  pull->last_kobo_id = json_object_get_int_member_with_default (object, "last_id", 0);
  g_free (pull->reread_at);
  pull->reread_at = g_strdup (json_object_get_string_member_with_default (object, "reread_at", NULL));
}

static gboolean
kobo_reread_due (Pull *pull)
{
  g_autoptr(GDateTime) last = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  if (pull->reread_at == NULL || *pull->reread_at == '\0' ||
      !(last = g_date_time_new_from_iso8601 (pull->reread_at, NULL)))
    return TRUE;

  return g_date_time_difference (now, last) >= (GTimeSpan) pull->options.reread_hours * G_TIME_SPAN_HOUR;
}

/* Pulls the rows that @query selects, oldest first, page by page. */
static gboolean
kobo_pass (Pull        *pull,
           const char  *query,
           GError     **error)
{
  g_autofree char *asset = g_uri_escape_string (cm_source_get_form_id (pull->source), NULL, FALSE);
  g_autofree char *escaped = g_uri_escape_string (query, NULL, FALSE);
  g_autofree char *url = NULL;

  url = g_strdup_printf ("%s/api/v2/assets/%s/data/?format=json&limit=%u&start=0&sort=%%7B%%22_id%%22%%3A1%%7D&query=%s",
                         cm_source_get_base_url (pull->source), asset,
                         MIN (pull->options.page_size, 1000), escaped);

  while (url != NULL)
    {
      g_autoptr(JsonNode) root = NULL;
      JsonObject *page;
      JsonArray *rows;
      const char *next;

      if (!(root = fetch_page (pull, url, error)))
        return FALSE;

      if (!JSON_NODE_HOLDS_OBJECT (root) ||
          !json_object_has_member ((page = json_node_get_object (root)), "results") ||
          !JSON_NODE_HOLDS_ARRAY (json_object_get_member (page, "results")))
        {
          g_set_error (error, CM_SYNC_ERROR, CM_SYNC_ERROR_PROTOCOL,
                       _("The server of “%s” sent a page without its list of submissions."),
                       source_label (pull));
          return FALSE;
        }

      rows = json_object_get_array_member (page, "results");
      if (json_object_has_member (page, "count") && pull->stats.expected < 0)
        pull->stats.expected = json_object_get_int_member (page, "count");
      next = json_object_get_string_member_with_default (page, "next", NULL);

      /* Oldest first: every page moves the cursor. */
      if (!apply_page (pull, rows, TRUE, error))
        return FALSE;
      report_progress (pull);

      g_clear_pointer (&url, g_free);
      if (next != NULL && !(url = rebase_link (pull, next)))
        {
          g_set_error (error, CM_SYNC_ERROR, CM_SYNC_ERROR_PROTOCOL,
                       _("The server of “%s” sent a link to its next page that is not an address."),
                       source_label (pull));
          return FALSE;
        }
    }

  return TRUE;
}

/* Kobo has no modification time: new rows come by _id, and edits and
 * validation states by reading every row again now and then. */
static gboolean
kobo_pull (Pull    *pull,
           GError **error)
{
  g_autofree char *query = NULL;
  gint64 known;
  gboolean reread;

  kobo_read_cursor (pull);
  known = pull->last_kobo_id;
  reread = known > 0 && kobo_reread_due (pull);

  query = g_strdup_printf ("{\"_id\":{\"$gt\":%" G_GINT64_FORMAT "}}", known);
  if (!kobo_pass (pull, query, error))
    return FALSE;

  if (reread)
    {
      g_free (query);
      query = g_strdup_printf ("{\"_id\":{\"$lte\":%" G_GINT64_FORMAT "}}", known);
      pull->stats.expected = -1;
      if (!kobo_pass (pull, query, error))
        return FALSE;
    }

  /* A first pull reads every row, which is a re-read too. */
  if (reread || known == 0)
    {
      g_autoptr(GMutexLocker) locker = g_mutex_locker_new (cm_db_get_mutex (pull->db));
      g_autofree char *cursor = NULL;

      g_free (pull->reread_at);
      pull->reread_at = now_iso ();
      cursor = make_cursor (pull);
      if (!save_cursor (pull, cursor, error))
        return FALSE;
    }

  return TRUE;
}

/* --- the run ------------------------------------------------------------ */

static gboolean
begin_run (Pull    *pull,
           GError **error)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (cm_db_get_mutex (pull->db));
  g_autofree char *now = now_iso ();
  sqlite3_stmt *stmt;

  stmt = cm_db_prepare (pull->db, "INSERT INTO sync_run (source_id, started_at) VALUES (?1, ?2)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, cm_source_get_id (pull->source));
  sqlite3_bind_text (stmt, 2, now, -1, SQLITE_TRANSIENT);
  if (!cm_db_step_done (pull->db, stmt, error))
    return FALSE;

  pull->stats.run_id = sqlite3_last_insert_rowid (cm_db_get_handle (pull->db));
  return TRUE;
}

static void
finish_run (Pull         *pull,
            const GError *failure)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (cm_db_get_mutex (pull->db));
  g_autofree char *now = now_iso ();
  const char *state = "ok";
  sqlite3_stmt *stmt;

  if (failure != NULL)
    state = g_error_matches (failure, CM_SYNC_ERROR, CM_SYNC_ERROR_CANCELLED) ? "cancelled" : "failed";

  stmt = cm_db_prepare (pull->db,
                        "UPDATE sync_run SET finished_at = ?2, state = ?3, error = ?4, received = ?5,"
                        "  inserted = ?6, updated = ?7, quarantined = ?8 WHERE id = ?1",
                        NULL);
  if (stmt == NULL)
    return;
  sqlite3_bind_int64 (stmt, 1, pull->stats.run_id);
  sqlite3_bind_text (stmt, 2, now, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, state, -1, SQLITE_STATIC);
  bind_text_or_null (stmt, 4, failure ? failure->message : NULL);
  sqlite3_bind_int (stmt, 5, (int) pull->stats.received);
  sqlite3_bind_int (stmt, 6, (int) pull->stats.inserted);
  sqlite3_bind_int (stmt, 7, (int) pull->stats.updated);
  sqlite3_bind_int (stmt, 8, (int) pull->stats.quarantined);
  cm_db_step_done (pull->db, stmt, NULL);
}

/* A page is one transaction. Once the pages it changes outgrow SQLite's
 * cache (2 MiB by default, a few hundred reports), SQLite writes them to the log
 * before the commit, and again when a later row of the page changes them:
 * with pages of 1000 rows, about a tenth of the pull in bench-sync. So the
 * pull gives the cache 8 KiB for each row of a page, up to 64 MiB, and puts
 * it back after. Returns the size to put back, or 0 when it was left alone. */
static gint64
grow_cache (Pull *pull)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (cm_db_get_mutex (pull->db));
  g_autofree char *sql = NULL;
  gint64 before = cm_db_query_int (pull->db, "PRAGMA cache_size", NULL);
  gint64 want_kib = MIN ((gint64) pull->options.page_size * 8, 64 * 1024);

  /* negative is KiB, positive pages: someone chose pages, keep them */
  if (before >= -1 || want_kib <= -before)
    return 0;

  sql = g_strdup_printf ("PRAGMA cache_size = -%" G_GINT64_FORMAT, want_kib);
  return cm_db_exec (pull->db, sql, NULL) ? before : 0;
}

static void
restore_cache (Pull   *pull,
               gint64  size)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autofree char *sql = NULL;

  if (size == 0)
    return;

  locker = g_mutex_locker_new (cm_db_get_mutex (pull->db));
  sql = g_strdup_printf ("PRAGMA cache_size = %" G_GINT64_FORMAT, size);
  cm_db_exec (pull->db, sql, NULL);
}

static void
pull_init (Pull                *pull,
           CmSource            *source,
           const char          *secret,
           const CmSyncOptions *options,
           GCancellable        *cancellable)
{
  pull->source = source;
  pull->secret = secret;
  if (options != NULL)
    pull->options = *options;
  else
    cm_sync_options_init (&pull->options);
  pull->cancellable = cancellable;
  pull->stats.expected = -1;
  pull->base = g_uri_parse (cm_source_get_base_url (source), SOUP_HTTP_URI_FLAGS, NULL);
  pull->session = soup_session_new_with_options ("timeout", pull->options.timeout_seconds,
                                                 "user-agent", "Comedores/" PACKAGE_VERSION " ",
                                                 NULL);
}

static void
pull_clear (Pull *pull)
{
  g_clear_object (&pull->session);
  g_clear_pointer (&pull->map, cm_form_map_unref);
  g_clear_pointer (&pull->base, g_uri_unref);
  if (pull->token != NULL)
    memset (pull->token, 0, strlen (pull->token));
  g_clear_pointer (&pull->token, g_free);
  g_clear_pointer (&pull->high_water, g_free);
  g_clear_pointer (&pull->reread_at, g_free);
}

/**
 * cm_sync_check:
 * @source: the account
 * @secret: its password or token
 * @options: (nullable): limits, or %NULL for the defaults
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError in %CM_SYNC_ERROR
 *
 * Tests an account: logs in and reads the form's description, without
 * pulling anything. Blocks: run it in a worker thread.
 *
 * Returns: %TRUE when the account can read its form
 */
gboolean
cm_sync_check (CmSource             *source,
               const char           *secret,
               const CmSyncOptions  *options,
               GCancellable         *cancellable,
               GError              **error)
{
  Pull pull = { 0 };
  g_autoptr(GBytes) body = NULL;
  g_autofree char *url = NULL;
  g_autofree char *form = NULL;
  gboolean ok = FALSE;

  g_return_val_if_fail (CM_IS_SOURCE (source), FALSE);
  g_return_val_if_fail (secret != NULL, FALSE);

  pull_init (&pull, source, secret, options, cancellable);
  /* A failed check is the answer, not something to retry for long. */
  pull.options.max_attempts = MIN (pull.options.max_attempts, 2);
  pull.relogged = TRUE;

  if (pull.base == NULL)
    g_set_error (error, CM_SYNC_ERROR, CM_SYNC_ERROR_PROTOCOL,
                 _("“%s” is not a server address."), cm_source_get_base_url (source));
  else if (cm_source_get_kind (source) == CM_SOURCE_KOBO)
    {
      form = g_uri_escape_string (cm_source_get_form_id (source), NULL, FALSE);
      url = g_strdup_printf ("%s/api/v2/assets/%s/?format=json", cm_source_get_base_url (source), form);
      ok = (body = send_request (&pull, "GET", url, NULL, error)) != NULL;
    }
  else if (central_login (&pull, error))
    {
      g_autofree char *project = g_uri_escape_string (cm_source_get_project (source), NULL, FALSE);

      form = g_uri_escape_string (cm_source_get_form_id (source), NULL, FALSE);
      url = g_strdup_printf ("%s/v1/projects/%s/forms/%s", cm_source_get_base_url (source), project, form);
      ok = (body = send_request (&pull, "GET", url, NULL, error)) != NULL;
    }

  pull_clear (&pull);
  return ok;
}

/**
 * cm_sync_pull:
 * @db: the database
 * @source: the account to pull from
 * @secret: its password (Central) or API token (KoBoToolbox)
 * @options: (nullable): limits, or %NULL for the defaults
 * @progress: (nullable) (scope call): called after each page, in this thread
 * @progress_data: data for @progress
 * @stats: (out) (optional): the run's figures, filled even on failure
 * @cancellable: (nullable): stops the run within a second, keeping what was applied
 * @error: return location for a #GError in %CM_SYNC_ERROR
 *
 * Pulls the submissions that are new or changed since the last complete
 * pull into the database, page by page, each page in one transaction. Rows
 * that do not map go to quarantine. Blocks: run it in a worker thread. A
 * sync_run row records the run, its figures and its error.
 *
 * Returns: %TRUE when every page arrived
 */
gboolean
cm_sync_pull (CmDb                *db,
              CmSource            *source,
              const char          *secret,
              const CmSyncOptions *options,
              CmSyncProgressFunc   progress,
              gpointer             progress_data,
              CmSyncStats         *stats,
              GCancellable        *cancellable,
              GError             **error)
{
  Pull pull = { 0 };
  g_autoptr(GError) local_error = NULL;
  gint64 cache_size;
  gboolean ok;

  g_return_val_if_fail (CM_IS_DB (db), FALSE);
  g_return_val_if_fail (CM_IS_SOURCE (source), FALSE);
  g_return_val_if_fail (secret != NULL, FALSE);

  pull.db = db;
  pull.progress = progress;
  pull.progress_data = progress_data;
  pull_init (&pull, source, secret, options, cancellable);

  if (pull.base == NULL)
    {
      pull_clear (&pull);
      g_set_error (error, CM_SYNC_ERROR, CM_SYNC_ERROR_PROTOCOL,
                   _("“%s” is not a server address."), cm_source_get_base_url (source));
      return FALSE;
    }

  pull.map = cm_form_map_new_builtin (cm_source_get_kind (source) == CM_SOURCE_KOBO ?
                                      CM_FORM_MAP_KOBO : CM_FORM_MAP_CENTRAL);

  cache_size = grow_cache (&pull);
  ok = begin_run (&pull, &local_error);
  if (ok)
    {
      if (cm_source_get_kind (source) == CM_SOURCE_KOBO)
        ok = kobo_pull (&pull, &local_error);
      else
        ok = central_pull (&pull, &local_error);
      finish_run (&pull, ok ? NULL : local_error);
    }
  restore_cache (&pull, cache_size);

  if (stats != NULL)
    *stats = pull.stats;

  pull_clear (&pull);

  if (!ok)
    g_propagate_error (error, g_steal_pointer (&local_error));

  return ok;
}

/* --- the client, for the outbox ----------------------------------------- */

struct _CmSyncClient
{
  Pull pull;
};

CmSyncClient *
_cm_sync_client_new (CmSource            *source,
                     const char          *secret,
                     const CmSyncOptions *options,
                     GCancellable        *cancellable)
{
  CmSyncClient *client = g_new0 (CmSyncClient, 1);

  pull_init (&client->pull, source, secret, options, cancellable);
  return client;
}

void
_cm_sync_client_free (CmSyncClient *client)
{
  pull_clear (&client->pull);
  g_free (client);
}

/* Central: a session; Kobo: nothing to do, the token is the credential. */
gboolean
_cm_sync_client_login (CmSyncClient  *client,
                       GError       **error)
{
  if (client->pull.base == NULL)
    {
      g_set_error (error, CM_SYNC_ERROR, CM_SYNC_ERROR_PROTOCOL,
                   _("“%s” is not a server address."), cm_source_get_base_url (client->pull.source));
      return FALSE;
    }

  if (cm_source_get_kind (client->pull.source) == CM_SOURCE_KOBO)
    return TRUE;

  return central_login (&client->pull, error);
}

GBytes *
_cm_sync_client_send (CmSyncClient  *client,
                      const char    *method,
                      const char    *url,
                      const char    *json_body,
                      GError       **error)
{
  return send_request (&client->pull, method, url, json_body, error);
}

char *
_cm_sync_client_rebase (CmSyncClient *client,
                        const char   *link)
{
  return rebase_link (&client->pull, link);
}
