/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "comedores-sim"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "cm-sim.h"
#include "cm-sim-json.h"
#include "cm-sim-odata-filter.h"

/* ODK Central's API, as Part 5 of the reference saw v2026.2.2 answer. */

#define USER_ID            5
#define USER_NAME          "Monitor de comedores"
#define USER_CREATED_AT    "2021-01-04T16:02:11.482Z"
#define PROJECT_NAME       "Comedores Comunitarios CDMX"
#define PROJECT_CREATED_AT "2021-01-04T16:05:47.112Z"
#define FORM_CREATED_AT    "2021-01-04T16:31:09.855Z"
#define FORM_UPDATED_AT    "2025-05-30T17:20:44.601Z"
#define FORM_VERSION       "2025053001"
#define USER_AGENT         "org.odk.collect.android/v2024.3.1 Dalvik/2.1.0 (Linux; U; Android 11; SM-T505 Build/RP1A.200720.012)"

static const char * const verbs[] = {
  "project.read", "project.update", "form.list", "form.read", "form.update", "form.create",
  "submission.create", "submission.read", "submission.list", "submission.update",
  "field_key.list", "field_key.create", "assignment.list", "assignment.create", "session.end",
  "dataset.list", "dataset.read", "entity.list", "entity.read", "public_link.list",
  "public_link.read", NULL,
};

static const char * const odata_params[] = {
  "$format", "$count", "$skip", "$top", "$filter", "$wkt", "$expand", "$select",
  "$skiptoken", "$orderby", "$search", NULL,
};

static const char * const system_keys[] = {
  "submissionDate", "updatedAt", "submitterId", "submitterName", "attachmentsPresent",
  "attachmentsExpected", "status", "reviewState", "deviceId", "edits", "formVersion",
  "deletedAt", NULL,
};

typedef struct
{
  CmSim             *sim;
  SoupServerMessage *msg;
  const char        *method;
  const char        *path;       /* as sent, percent-encoded */
  const char        *query;      /* as sent, or NULL */
  GPtrArray         *params;     /* of CmSimQueryPair, decoded */
  char             **segments;   /* decoded, after /v1/ */
  guint              n_segments;
  gboolean           extended;   /* X-Extended-Metadata: true */
} Request;

typedef struct
{
  gboolean    expand;
  gboolean    wkt;
  GHashTable *select;      /* NULL: every field */
  gboolean    drop_fields; /* --fault missing-fields on this row */
} RowShape;

/* Responses. */

/* A 304 with only the cache headers and the ETag, no Content-Length. */
static void
not_modified_status (Request *r)
{
  soup_message_headers_set_encoding (soup_server_message_get_response_headers (r->msg), SOUP_ENCODING_NONE);
  soup_server_message_set_status (r->msg, SOUP_STATUS_NOT_MODIFIED, NULL);
}

static gboolean
is_get (Request *r)
{
  return strcmp (r->method, "GET") == 0 || strcmp (r->method, "HEAD") == 0;
}

static void
set_cache_headers (Request *r)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (r->msg);

  if (is_get (r))
    {
      soup_message_headers_replace (headers, "Cache-Control", "private, no-cache");
      soup_message_headers_replace (headers, "Vary", "Accept-Encoding, Origin");
    }
  else
    {
      soup_message_headers_replace (headers, "Cache-Control", "no-store");
      soup_message_headers_replace (headers, "Vary", "*");
    }
}

static void
send_body (Request    *r,
           guint       status,
           const char *content_type,
           char       *body,
           gboolean    odata_version)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (r->msg);
  gsize length = strlen (body);
  g_autofree char *etag = cm_sim_express_etag (body, length);

  set_cache_headers (r);
  if (odata_version)
    soup_message_headers_replace (headers, "OData-Version", "4.0");
  soup_message_headers_replace (headers, "ETag", etag);

  if (is_get (r) && status / 100 == 2 && cm_sim_etag_matches (r->msg, etag))
    {
      g_free (body);
      not_modified_status (r);
      return;
    }

  cm_sim_respond (r->msg, status, content_type, body, length);
}

static void
send_json (Request  *r,
           guint     status,
           char     *body,
           gboolean  odata_version)
{
  send_body (r, status, "application/json; charset=utf-8", body, odata_version);
}

static void
send_problem (Request      *r,
              CmSimProblem *problem,
              gboolean      odata_version)
{
  send_json (r, cm_sim_problem_status (problem), cm_sim_problem_to_json (problem), odata_version);
  cm_sim_problem_free (problem);
}

static void
not_found (Request  *r,
           gboolean  odata_version)
{
  send_problem (r, cm_sim_problem_new (404.1, NULL, "Could not find the resource you were looking for."),
                odata_version);
}

static void
auth_failed (Request *r)
{
  send_problem (r, cm_sim_problem_new (401.2, NULL, "Could not authenticate with the provided credentials."),
                FALSE);
}

static void
not_implemented (Request    *r,
                 const char *feature,
                 gboolean    odata_version)
{
  GString *details = g_string_new ("{\"feature\":");

  cm_sim_json_append_string (details, feature);
  g_string_append_c (details, '}');
  send_problem (r, cm_sim_problem_new (501.1, details->str,
                                       "The requested feature %s is not supported by this server.",
                                       feature),
                odata_version);
  g_string_free (details, TRUE);
}

static const char *
param (Request    *r,
       const char *key)
{
  return cm_sim_query_get (r->params, key);
}

static gboolean
is_true (const char *value)
{
  return value != NULL && g_ascii_strcasecmp (value, "true") == 0;
}

/* parseInt(): the leading integer, or FALSE. */
static gboolean
parse_int (const char *text,
           gint64     *out)
{
  char *end = NULL;

  if (text == NULL)
    return FALSE;
  while (g_ascii_isspace (*text))
    text++;
  *out = g_ascii_strtoll (text, &end, 10);
  return end != text;
}

static void
append_timestamp_or_null (GString *out,
                          gint64   ms)
{
  char buf[32];

  if (ms == G_MININT64)
    {
      g_string_append (out, "null");
      return;
    }
  cm_sim_format_timestamp (ms, buf);
  g_string_append_printf (out, "\"%s\"", buf);
}

static gint64
last_submission_ms (CmSim *sim)
{
  for (guint i = cm_sim_world_get_n (sim->world); i > 0; i--)
    {
      CmSimSubmission *s = cm_sim_world_get (sim->world, i - 1);

      if (!s->held_back)
        return s->submission_ms;
    }
  return G_MININT64;
}

static guint
count_visible (CmSim *sim)
{
  guint n = 0;

  for (guint i = 0; i < cm_sim_world_get_n (sim->world); i++)
    n += cm_sim_world_get (sim->world, i)->held_back ? 0 : 1;
  return n;
}

static void
append_verbs (GString *out)
{
  g_string_append (out, "\"verbs\":[");
  for (guint i = 0; verbs[i] != NULL; i++)
    g_string_append_printf (out, "%s\"%s\"", i > 0 ? "," : "", verbs[i]);
  g_string_append_c (out, ']');
}

static void
append_actor (GString *out)
{
  g_string_append_printf (out, "{\"id\":%d,\"type\":\"user\",\"displayName\":\"%s\","
                          "\"createdAt\":\"%s\",\"updatedAt\":null,\"deletedAt\":null}",
                          USER_ID, USER_NAME, USER_CREATED_AT);
}

/* Sessions. */

static char *
new_token (CmSim *sim)
{
  guint8 bytes[48];
  char *token;

  for (guint i = 0; i < sizeof bytes; i++)
    bytes[i] = (guint8) g_rand_int_range (sim->rand, 0, 256);
  token = g_base64_encode (bytes, sizeof bytes);
  for (char *p = token; *p != '\0'; p++)
    {
      if (*p == '/')
        *p = '!';
      else if (*p == '+')
        *p = '$';
    }
  return token;
}

void
cm_sim_session_free (gpointer data)
{
  CmSimSession *session = data;

  g_free (session->token);
  g_free (session->csrf);
  g_free (session);
}

static gboolean
token_is_well_formed (const char *token)
{
  gsize n = 0;

  for (const char *p = token; *p != '\0'; p++, n++)
    if (!g_ascii_isalnum (*p) && *p != '!' && *p != '$')
      return FALSE;
  return n == 64;
}

/* Bearer, or Basic over (forwarded) HTTPS. FALSE once the error is sent. */
static gboolean
authenticate (Request       *r,
              CmSimSession **out)
{
  const char *header = cm_sim_request_header (r->msg, "Authorization");
  CmSimSession *session;

  *out = NULL;
  if (header == NULL)
    {
      auth_failed (r);
      return FALSE;
    }

  if (g_ascii_strncasecmp (header, "Basic ", 6) == 0)
    {
      const char *proto = cm_sim_request_header (r->msg, "X-Forwarded-Proto");
      g_autofree guchar *decoded = NULL;
      g_autofree char *pair = NULL;
      gsize length = 0;

      if (g_strcmp0 (proto, "https") != 0)
        {
          send_problem (r, cm_sim_problem_new (401.3, NULL,
                                               "This authentication method is only available over HTTPS"),
                        FALSE);
          return FALSE;
        }
      decoded = g_base64_decode (header + 6, &length);
      pair = g_strndup ((const char *) decoded, length);
      if (strcmp (pair, CM_SIM_CENTRAL_EMAIL ":" CM_SIM_CENTRAL_PASSWORD) != 0)
        {
          auth_failed (r);
          return FALSE;
        }
      return TRUE;
    }

  if (g_ascii_strncasecmp (header, "Bearer ", 7) != 0 || !token_is_well_formed (header + 7))
    {
      auth_failed (r);
      return FALSE;
    }

  session = g_hash_table_lookup (r->sim->sessions, header + 7);
  if (session == NULL || session->revoked || session->expires_ms <= g_get_real_time () / 1000)
    {
      auth_failed (r);
      return FALSE;
    }

  *out = session;
  return TRUE;
}

/* util.inspect() of a value Central got, for the 400.3 message. */
static void
append_inspected (GString  *out,
                  JsonNode *node)
{
  if (node == NULL)
    g_string_append (out, "undefined");
  else if (JSON_NODE_HOLDS_NULL (node))
    g_string_append (out, "null");
  else if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    {
      const char *s = json_node_get_string (node);
      char quote = strchr (s, '\'') != NULL && strchr (s, '"') == NULL ? '"' : '\'';

      g_string_append_c (out, quote);
      for (const char *p = s; *p != '\0'; p++)
        {
          if (*p == quote || *p == '\\')
            g_string_append_c (out, '\\');
          g_string_append_c (out, *p);
        }
      g_string_append_c (out, quote);
    }
  else
    cm_sim_json_append_node (out, node);
}

static gboolean
is_blank (JsonNode *node)
{
  return node == NULL || JSON_NODE_HOLDS_NULL (node) ||
         (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING &&
          json_node_get_string (node)[0] == '\0');
}

/* The request body as a JSON object, or NULL once 400.1 is sent. */
static JsonNode *
read_json_body (Request *r)
{
  g_autoptr(GBytes) bytes = soup_message_body_flatten (soup_server_message_get_request_body (r->msg));
  gsize length = 0;
  const char *data = g_bytes_get_data (bytes, &length);
  g_autoptr(JsonNode) node = NULL;

  if (length > 0)
    node = cm_sim_json_parse (data, (gssize) length, NULL);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_autofree char *details =
        g_strdup_printf ("{\"format\":\"json\",\"rawLength\":%" G_GSIZE_FORMAT "}", length);

      send_problem (r, cm_sim_problem_new (400.1, details,
                                           "Could not parse the given data (%" G_GSIZE_FORMAT
                                           " chars) as json.", length),
                    FALSE);
      return NULL;
    }

  return g_steal_pointer (&node);
}

static char *
cookie_date (gint64 ms)
{
  g_autoptr(GDateTime) when = g_date_time_new_from_unix_utc (ms / 1000);

  return soup_date_time_to_string (when, SOUP_DATE_HTTP);
}

static void
handle_login (Request *r)
{
  g_autoptr(JsonNode) body = read_json_body (r);
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (r->msg);
  JsonObject *object;
  JsonNode *email, *password;
  CmSimSession *session;
  GString *out;
  char created[32], expires[32];
  g_autofree char *expires_cookie = NULL;
  GString *cookie;

  if (body == NULL)
    return;

  object = json_node_get_object (body);
  email = json_object_get_member (object, "email");
  password = json_object_get_member (object, "password");

  if (is_blank (email) || is_blank (password))
    {
      GString *message = g_string_new ("email: ");
      GString *details = g_string_new ("{\"expected\":[\"email\",\"password\"],\"got\":{");
      gboolean first = TRUE;

      append_inspected (message, email);
      g_string_append (message, ", password: ");
      append_inspected (message, password);
      if (email != NULL)
        {
          g_string_append (details, "\"email\":");
          cm_sim_json_append_node (details, email);
          first = FALSE;
        }
      if (password != NULL)
        {
          g_string_append (details, first ? "\"password\":" : ",\"password\":");
          cm_sim_json_append_node (details, password);
        }
      g_string_append (details, "}}");
      send_problem (r, cm_sim_problem_new (400.3, details->str,
                                           "Required parameters missing. Expected (email, password), got (%s).",
                                           message->str),
                    FALSE);
      g_string_free (message, TRUE);
      g_string_free (details, TRUE);
      return;
    }

  if (!JSON_NODE_HOLDS_VALUE (email) || json_node_get_value_type (email) != G_TYPE_STRING ||
      !JSON_NODE_HOLDS_VALUE (password) || json_node_get_value_type (password) != G_TYPE_STRING ||
      strcmp (json_node_get_string (email), CM_SIM_CENTRAL_EMAIL) != 0 ||
      strcmp (json_node_get_string (password), CM_SIM_CENTRAL_PASSWORD) != 0)
    {
      auth_failed (r);
      return;
    }

  session = g_new0 (CmSimSession, 1);
  session->token = new_token (r->sim);
  session->csrf = new_token (r->sim);
  session->created_ms = g_get_real_time () / 1000;
  session->expires_ms = session->created_ms + CM_SIM_SESSION_LIFETIME;
  g_hash_table_replace (r->sim->sessions, session->token, session);
  r->sim->last_login_ms = session->created_ms;

  cm_sim_format_timestamp (session->created_ms, created);
  cm_sim_format_timestamp (session->expires_ms, expires);
  expires_cookie = cookie_date (session->expires_ms);

  cookie = g_string_new ("session=");
  cm_sim_append_uri_component (cookie, session->token);
  g_string_append_printf (cookie, "; Path=/; Expires=%s; HttpOnly; SameSite=Strict", expires_cookie);
  soup_message_headers_append (headers, "Set-Cookie", cookie->str);
  g_string_assign (cookie, "__csrf=");
  cm_sim_append_uri_component (cookie, session->csrf);
  g_string_append_printf (cookie, "; Path=/; Expires=%s; SameSite=Strict", expires_cookie);
  soup_message_headers_append (headers, "Set-Cookie", cookie->str);
  g_string_free (cookie, TRUE);

  out = g_string_new (NULL);
  g_string_append_printf (out, "{\"token\":\"%s\",\"csrf\":\"%s\",\"expiresAt\":\"%s\",\"createdAt\":\"%s\"}",
                          session->token, session->csrf, expires, created);
  send_json (r, SOUP_STATUS_OK, g_string_free (out, FALSE), FALSE);
}

static void
handle_logout (Request      *r,
               CmSimSession *session,
               const char   *which)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (r->msg);
  CmSimSession *target = session;

  if (strcmp (which, "current") != 0)
    {
      target = g_hash_table_lookup (r->sim->sessions, which);
      if (target == NULL || target->revoked)
        {
          send_problem (r, cm_sim_problem_new (403.1, NULL,
                                               "The authentication you provided does not have rights "
                                               "to perform that action."),
                        FALSE);
          return;
        }
    }
  if (target != NULL)
    target->revoked = TRUE;

  soup_message_headers_append (headers, "Set-Cookie",
                               "session=null; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; "
                               "HttpOnly; Secure; SameSite=Strict");
  soup_message_headers_append (headers, "Set-Cookie",
                               "__csrf=null; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; "
                               "Secure; SameSite=Strict");
  send_json (r, SOUP_STATUS_OK, g_strdup ("{\"success\":true}"), FALSE);
}

static void
handle_current_user (Request *r)
{
  GString *out = g_string_new ("{");

  if (r->extended)
    {
      append_verbs (out);
      g_string_append (out, ",\"preferences\":{\"site\":{},\"projects\":{}},");
    }
  g_string_append (out, "\"email\":\"" CM_SIM_CENTRAL_EMAIL "\",\"lastLoginAt\":");
  append_timestamp_or_null (out, r->sim->last_login_ms);
  g_string_append_printf (out, ",\"id\":%d,\"type\":\"user\",\"displayName\":\"%s\","
                          "\"createdAt\":\"%s\",\"updatedAt\":null,\"deletedAt\":null}",
                          USER_ID, USER_NAME, USER_CREATED_AT);
  send_json (r, SOUP_STATUS_OK, g_string_free (out, FALSE), FALSE);
}

/* Projects and forms. */

static void
append_form (Request *r,
             GString *out,
             gboolean extended)
{
  g_autofree char *hash = g_compute_checksum_for_string (G_CHECKSUM_MD5, CM_SIM_FORM_ID " " FORM_VERSION, -1);
  g_autofree char *sha = g_compute_checksum_for_string (G_CHECKSUM_SHA1, CM_SIM_FORM_ID " " FORM_VERSION, -1);
  g_autofree char *sha256 = g_compute_checksum_for_string (G_CHECKSUM_SHA256, CM_SIM_FORM_ID " " FORM_VERSION, -1);
  g_autofree char *once = g_compute_checksum_for_string (G_CHECKSUM_SHA256, "enketo once " CM_SIM_FORM_ID, -1);

  g_string_append_printf (out,
                          "{\"projectId\":1,\"xmlFormId\":\"%s\",\"state\":\"open\","
                          "\"enketoId\":\"cMdR7sIm\",\"enketoOnceId\":\"%s\","
                          "\"createdAt\":\"%s\",\"updatedAt\":\"%s\",\"webformsEnabled\":false,"
                          "\"keyId\":null,\"version\":\"%s\",\"hash\":\"%s\",\"sha\":\"%s\","
                          "\"sha256\":\"%s\",\"draftToken\":null,\"publishedAt\":\"%s\",\"name\":\"%s\"",
                          CM_SIM_FORM_ID, once, FORM_CREATED_AT, FORM_UPDATED_AT, FORM_VERSION,
                          hash, sha, sha256, FORM_CREATED_AT, CM_SIM_FORM_NAME);

  if (extended)
    {
      guint received = 0, has_issues = 0, edited = 0;

      for (guint i = 0; i < cm_sim_world_get_n (r->sim->world); i++)
        {
          CmSimSubmission *s = cm_sim_world_get (r->sim->world, i);

          if (s->held_back)
            continue;
          if (s->review_state == NULL)
            received++;
          else if (strcmp (s->review_state, "hasIssues") == 0)
            has_issues++;
          else if (strcmp (s->review_state, "edited") == 0)
            edited++;
        }

      g_string_append_printf (out, ",\"submissions\":%u,\"entityRelated\":false,"
                              "\"reviewStates\":{\"received\":%u,\"hasIssues\":%u,\"edited\":%u},"
                              "\"lastSubmission\":",
                              count_visible (r->sim), received, has_issues, edited);
      append_timestamp_or_null (out, last_submission_ms (r->sim));
      g_string_append (out, ",\"excelContentType\":null,\"publicLinks\":0,\"createdBy\":");
      append_actor (out);
    }

  g_string_append_c (out, '}');
}

static void
append_project (Request  *r,
                GString  *out,
                gboolean  single)
{
  gboolean with_forms = is_true (param (r, "forms"));

  g_string_append_c (out, '{');
  if (single && r->extended)
    {
      append_verbs (out);
      g_string_append_c (out, ',');
    }
  g_string_append_printf (out, "\"id\":1,\"name\":\"%s\",\"description\":null,\"archived\":null,"
                          "\"keyId\":null,\"createdAt\":\"%s\",\"updatedAt\":null,\"deletedAt\":null",
                          PROJECT_NAME, PROJECT_CREATED_AT);
  if (!single)
    {
      g_string_append_c (out, ',');
      append_verbs (out);
    }
  if (r->extended || (!single && with_forms))
    {
      g_string_append (out, ",\"forms\":1");
      if (r->extended)
        g_string_append (out, ",\"appUsers\":0,\"datasets\":0");
      g_string_append (out, ",\"lastSubmission\":");
      append_timestamp_or_null (out, last_submission_ms (r->sim));
      if (r->extended)
        g_string_append (out, ",\"lastEntity\":null");
    }
  if (!single && with_forms)
    {
      g_string_append (out, ",\"formList\":[");
      append_form (r, out, TRUE);
      g_string_append_c (out, ']');
    }
  g_string_append_c (out, '}');
}

/* Rows. */

static gboolean
is_selected (GHashTable *select,
             const char *name)
{
  return g_hash_table_contains (select, name);
}

static JsonNode *
select_row (JsonObject *row,
            GHashTable *select)
{
  JsonObject *out = json_object_new ();
  g_autoptr(GList) members = json_object_get_members (row);

  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *name = l->data;
      JsonNode *value = json_object_get_member (row, name);

      if (g_str_has_suffix (name, "@odata.navigationLink"))
        {
          g_autofree char *base = g_strndup (name, strlen (name) - strlen ("@odata.navigationLink"));

          if (is_selected (select, base))
            json_object_set_member (out, name, json_node_copy (value));
        }
      else if (JSON_NODE_HOLDS_OBJECT (value) && strcmp (name, "ubicacion") != 0)
        {
          /* a group, or __system: all of it, or the children named */
          if (is_selected (select, name))
            json_object_set_member (out, name, json_node_copy (value));
          else
            {
              JsonObject *group = json_node_get_object (value);
              g_autoptr(GList) children = json_object_get_members (group);
              JsonObject *part = NULL;

              for (GList *c = children; c != NULL; c = c->next)
                {
                  g_autofree char *path = g_strdup_printf ("%s/%s", name, (const char *) c->data);

                  if (!is_selected (select, path))
                    continue;
                  if (part == NULL)
                    part = json_object_new ();
                  json_object_set_member (part, c->data,
                                          json_node_copy (json_object_get_member (group, c->data)));
                }
              if (part != NULL)
                json_object_set_object_member (out, name, part);
            }
        }
      else if (is_selected (select, name))
        json_object_set_member (out, name, json_node_copy (value));
    }

  return json_node_init_object (json_node_alloc (), out);
}

static void
to_wkt (JsonObject *row)
{
  JsonNode *point = json_object_get_member (row, "ubicacion");
  JsonArray *coordinates;
  GString *wkt;

  if (point == NULL || !JSON_NODE_HOLDS_OBJECT (point))
    return;
  coordinates = json_object_get_array_member (json_node_get_object (point), "coordinates");
  if (coordinates == NULL)
    return;

  wkt = g_string_new ("POINT (");
  for (guint i = 0; i < json_array_get_length (coordinates); i++)
    {
      char buf[32];

      if (i > 0)
        g_string_append_c (wkt, ' ');
      g_string_append (wkt, cm_sim_js_number (json_array_get_double_element (coordinates, i), buf));
    }
  g_string_append_c (wkt, ')');
  json_object_set_string_member (row, "ubicacion", wkt->str);
  g_string_free (wkt, TRUE);
}

static void
append_row (Request         *r,
            GString         *out,
            CmSimSubmission *s,
            const RowShape  *shape)
{
  g_autoptr(JsonNode) row = NULL;
  JsonObject *object;

  if (shape->expand && !shape->wkt && shape->select == NULL && !shape->drop_fields)
    {
      g_autofree char *raw = cm_sim_world_get_raw (r->sim->world, s);

      g_string_append (out, raw);
      return;
    }

  row = cm_sim_world_get_row (r->sim->world, s);
  object = json_node_get_object (row);
  if (!shape->expand)
    json_object_remove_member (object, "compras");
  if (shape->wkt)
    to_wkt (object);
  if (shape->drop_fields)
    {
      json_object_set_null_member (object, "comedor");
      json_object_set_null_member (object, "fecha");
    }
  if (shape->select != NULL)
    {
      g_autoptr(JsonNode) selected = select_row (object, shape->select);

      cm_sim_json_append_node (out, selected);
      return;
    }

  cm_sim_json_append_node (out, row);
}

/* The repeat's rows of one submission: fields, __id, __Submissions-id. */
static GPtrArray *
purchase_rows (Request         *r,
               CmSimSubmission *s)
{
  g_autoptr(JsonNode) row = cm_sim_world_get_row (r->sim->world, s);
  JsonNode *compras = json_object_get_member (json_node_get_object (row), "compras");
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);

  if (compras == NULL || !JSON_NODE_HOLDS_ARRAY (compras))
    return rows;

  for (guint i = 0; i < json_array_get_length (json_node_get_array (compras)); i++)
    {
      JsonNode *item = json_array_get_element (json_node_get_array (compras), i);
      JsonNode *copy;

      if (!JSON_NODE_HOLDS_OBJECT (item))
        continue;
      copy = json_node_copy (item);
      json_object_set_string_member (json_node_get_object (copy), "__Submissions-id", s->instance_id);
      g_ptr_array_add (rows, copy);
    }

  return rows;
}

/* OData. */

static char *
service_root (Request *r)
{
  const char *svc = strstr (r->path, ".svc");

  return g_strndup (r->path, (gsize) (svc + 4 - r->path));
}

static char *
eventhash_etag (Request *r,
                gboolean empty)
{
  g_autofree char *seed = NULL;
  g_autofree char *md5 = NULL;

  if (empty)
    return g_strdup ("W/\"eventhash:00000000000000000000000000000000\"");
  seed = g_strdup_printf ("%" G_GUINT64_FORMAT " %s?%s", cm_sim_world_get_version (r->sim->world),
                          r->path, r->query != NULL ? r->query : "");
  md5 = g_compute_checksum_for_string (G_CHECKSUM_MD5, seed, -1);
  return g_strdup_printf ("W/\"eventhash:%s\"", md5);
}

/* The parameter checks made before anything else; their errors carry no
 * OData-Version (Part 5, O2). */
static gboolean
check_odata_params (Request  *r,
                    gboolean  data)
{
  const char *expand = param (r, "$expand");
  const char *format = param (r, "$format");
  const char *accept = cm_sim_request_header (r->msg, "Accept");
  const char *got = NULL;

  for (guint i = 0; i < r->params->len; i++)
    {
      CmSimQueryPair *pair = g_ptr_array_index (r->params, i);

      if (!g_strv_contains (odata_params, pair->key))
        {
          not_implemented (r, pair->key, FALSE);
          return FALSE;
        }
    }

  if (expand != NULL && strcmp (expand, "*") != 0)
    {
      GString *details = g_string_new ("{\"text\":");

      cm_sim_json_append_string (details, expand);
      g_string_append_c (details, '}');
      send_problem (r, cm_sim_problem_new (501.6, details->str,
                                           "The given OData expand expression is not supported by "
                                           "this server: \"%s\". Currently, only \"$expand=*\" is supported.",
                                           expand),
                    FALSE);
      g_string_free (details, TRUE);
      return FALSE;
    }

  if (expand != NULL && param (r, "$select") != NULL)
    {
      send_problem (r, cm_sim_problem_new (501.11, NULL,
                                           "This server doesn't support $select query parameter with $expand."),
                    FALSE);
      return FALSE;
    }

  if (!data)
    return TRUE;

  if (format != NULL && strcmp (format, "json") != 0 && strcmp (format, "application/json") != 0)
    got = format;
  else if (format == NULL && accept != NULL && strstr (accept, "json") == NULL &&
           strstr (accept, "*/*") == NULL && strstr (accept, "application/*") == NULL)
    got = accept;

  if (got != NULL)
    {
      GString *details = g_string_new ("{\"allowed\":[\"application/json\",\"json\"],\"got\":");

      cm_sim_json_append_string (details, got);
      g_string_append_c (details, '}');
      send_problem (r, cm_sim_problem_new (406.1, details->str,
                                           "Requested format not acceptable; this resource allows: "
                                           "application/json,json."),
                    FALSE);
      g_string_free (details, TRUE);
      return FALSE;
    }

  return TRUE;
}

static void
handle_service_document (Request *r)
{
  g_autofree char *root = service_root (r);
  GString *out = g_string_new ("{\"@odata.context\":");
  g_autofree char *context = g_strdup_printf ("%s%s/$metadata", r->sim->base_url, root);

  cm_sim_json_append_string (out, context);
  g_string_append (out, ",\"value\":[{\"name\":\"Submissions\",\"kind\":\"EntitySet\",\"url\":\"Submissions\"},"
                        "{\"name\":\"Submissions.compras\",\"kind\":\"EntitySet\",\"url\":\"Submissions.compras\"}]}");
  send_body (r, SOUP_STATUS_OK, "application/json; charset=utf-8; odata.metadata=minimal",
             g_string_free (out, FALSE), TRUE);
}

static const char *
edm_type (const char *type)
{
  if (strcmp (type, "int") == 0)
    return "Edm.Int64";
  if (strcmp (type, "decimal") == 0)
    return "Edm.Decimal";
  if (strcmp (type, "geopoint") == 0)
    return "Edm.GeographyPoint";
  if (strcmp (type, "date") == 0)
    return "Edm.Date";
  if (strcmp (type, "dateTime") == 0)
    return "Edm.DateTimeOffset";
  return "Edm.String";
}

static void
handle_metadata (Request *r)
{
  const char *accept = cm_sim_request_header (r->msg, "Accept");
  const char *base = "org.opendatakit.user." CM_SIM_FORM_ID;
  GString *out;

  if (accept != NULL && strstr (accept, "json") != NULL && strstr (accept, "xml") == NULL &&
      strstr (accept, "*/*") == NULL)
    {
      set_cache_headers (r);
      cm_sim_respond (r->msg, SOUP_STATUS_NOT_ACCEPTABLE, "text/xml; charset=utf-8",
                      g_strdup ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<error code=\"406.1\">\n"
                                "  <message>Requested format not acceptable; this resource allows: "
                                "application&#x2F;xml,atom.</message>\n"
                                "  <details>[object Object]</details>\n</error>"),
                      (gsize) -1);
      return;
    }

  out = g_string_new ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                      "<edmx:Edmx xmlns:edmx=\"http://docs.oasis-open.org/odata/ns/edmx\" Version=\"4.0\">\n"
                      "  <edmx:DataServices>\n"
                      "    <Schema xmlns=\"http://docs.oasis-open.org/odata/ns/edm\" Namespace=\"org.opendatakit.submission\">\n"
                      "      <ComplexType Name=\"metadata\">\n"
                      "        <Property Name=\"submissionDate\" Type=\"Edm.DateTimeOffset\"/>\n"
                      "        <Property Name=\"updatedAt\" Type=\"Edm.DateTimeOffset\"/>\n"
                      "        <Property Name=\"deletedAt\" Type=\"Edm.DateTimeOffset\"/>\n"
                      "        <Property Name=\"submitterId\" Type=\"Edm.String\"/>\n"
                      "        <Property Name=\"submitterName\" Type=\"Edm.String\"/>\n"
                      "        <Property Name=\"attachmentsPresent\" Type=\"Edm.Int64\"/>\n"
                      "        <Property Name=\"attachmentsExpected\" Type=\"Edm.Int64\"/>\n"
                      "        <Property Name=\"status\" Type=\"org.opendatakit.submission.Status\"/>\n"
                      "        <Property Name=\"reviewState\" Type=\"org.opendatakit.submission.ReviewState\"/>\n"
                      "        <Property Name=\"deviceId\" Type=\"Edm.String\"/>\n"
                      "        <Property Name=\"edits\" Type=\"Edm.Int64\"/>\n"
                      "        <Property Name=\"formVersion\" Type=\"Edm.String\"/>\n"
                      "      </ComplexType>\n"
                      "      <EnumType Name=\"Status\">\n"
                      "        <Member Name=\"notDecrypted\"/>\n"
                      "        <Member Name=\"missingEncryptedFormData\"/>\n"
                      "      </EnumType>\n"
                      "      <EnumType Name=\"ReviewState\">\n"
                      "        <Member Name=\"hasIssues\"/>\n"
                      "        <Member Name=\"edited\"/>\n"
                      "        <Member Name=\"rejected\"/>\n"
                      "        <Member Name=\"approved\"/>\n"
                      "      </EnumType>\n"
                      "    </Schema>\n");
  g_string_append_printf (out, "    <Schema xmlns=\"http://docs.oasis-open.org/odata/ns/edm\" Namespace=\"%s\">\n", base);

  /* Submissions: the top-level fields */
  g_string_append (out, "      <EntityType Name=\"Submissions\">\n"
                        "        <Key><PropertyRef Name=\"__id\"/></Key>\n"
                        "        <Property Name=\"__id\" Type=\"Edm.String\"/>\n"
                        "        <Property Name=\"__system\" Type=\"org.opendatakit.submission.metadata\"/>\n");
  for (guint i = 0; i < cm_sim_n_form_fields; i++)
    {
      const CmSimFormField *f = &cm_sim_form_fields[i];

      if (strchr (f->path, '/') != NULL)
        continue;
      if (strcmp (f->type, "structure") == 0)
        g_string_append_printf (out, "        <Property Name=\"%s\" Type=\"%s.%s\"/>\n", f->path, base, f->path);
      else if (strcmp (f->type, "repeat") == 0)
        g_string_append_printf (out, "        <NavigationProperty Name=\"%s\" Type=\"Collection(%s.Submissions.%s)\"/>\n",
                                f->path, base, f->path);
      else
        g_string_append_printf (out, "        <Property Name=\"%s\" Type=\"%s\"/>\n", f->path, edm_type (f->type));
    }
  g_string_append (out, "      </EntityType>\n");

  /* the repeat */
  g_string_append_printf (out, "      <EntityType Name=\"Submissions.compras\">\n"
                               "        <Key><PropertyRef Name=\"__id\"/></Key>\n"
                               "        <Property Name=\"__id\" Type=\"Edm.String\"/>\n"
                               "        <Property Name=\"__Submissions-id\" Type=\"Edm.String\"/>\n");
  for (guint i = 0; i < cm_sim_n_form_fields; i++)
    if (g_str_has_prefix (cm_sim_form_fields[i].path, "compras/"))
      g_string_append_printf (out, "        <Property Name=\"%s\" Type=\"%s\"/>\n",
                              cm_sim_form_fields[i].path + strlen ("compras/"),
                              edm_type (cm_sim_form_fields[i].type));
  g_string_append (out, "      </EntityType>\n");

  /* the groups */
  for (guint i = 0; i < cm_sim_n_form_fields; i++)
    {
      const CmSimFormField *group = &cm_sim_form_fields[i];
      g_autofree char *prefix = g_strconcat (group->path, "/", NULL);

      if (strcmp (group->type, "structure") != 0)
        continue;
      g_string_append_printf (out, "      <ComplexType Name=\"%s\">\n", group->path);
      for (guint j = 0; j < cm_sim_n_form_fields; j++)
        if (g_str_has_prefix (cm_sim_form_fields[j].path, prefix))
          g_string_append_printf (out, "        <Property Name=\"%s\" Type=\"%s\"/>\n",
                                  cm_sim_form_fields[j].path + strlen (prefix),
                                  edm_type (cm_sim_form_fields[j].type));
      g_string_append (out, "      </ComplexType>\n");
    }

  g_string_append_printf (out,
                          "      <EntityContainer Name=\"%s\">\n"
                          "        <EntitySet Name=\"Submissions\" EntityType=\"%s.Submissions\">\n"
                          "          <Annotation Term=\"Org.OData.Capabilities.V1.ConformanceLevel\" "
                          "EnumMember=\"Org.OData.Capabilities.V1.ConformanceLevelType/Minimal\"/>\n"
                          "          <Annotation Term=\"Org.OData.Capabilities.V1.BatchSupported\" Bool=\"false\"/>\n"
                          "          <Annotation Term=\"Org.OData.Capabilities.V1.CountRestrictions\">\n"
                          "            <Record><PropertyValue Property=\"Countable\" Bool=\"true\"/></Record>\n"
                          "          </Annotation>\n"
                          "        </EntitySet>\n"
                          "        <EntitySet Name=\"Submissions.compras\" EntityType=\"%s.Submissions.compras\">\n"
                          "        </EntitySet>\n"
                          "      </EntityContainer>\n"
                          "    </Schema>\n"
                          "  </edmx:DataServices>\n"
                          "</edmx:Edmx>",
                          CM_SIM_FORM_ID, base, base);

  send_body (r, SOUP_STATUS_OK, "application/xml; charset=utf-8", g_string_free (out, FALSE), TRUE);
}

/* $select: NULL when absent or "*"; FALSE once an error is sent. */
static gboolean
parse_select (Request     *r,
              gboolean     subtable,
              GHashTable **out)
{
  const char *select = param (r, "$select");
  g_autoptr(GHashTable) set = NULL;
  g_auto(GStrv) properties = NULL;

  *out = NULL;
  if (select == NULL || strcmp (select, "*") == 0)
    return TRUE;

  set = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  properties = g_strsplit (select, ",", -1);
  for (guint i = 0; properties[i] != NULL; i++)
    {
      const char *property = g_strstrip (properties[i]);
      g_autofree char *path = subtable ? g_strconcat ("compras/", property, NULL) : g_strdup (property);
      gboolean ok = FALSE, in_repeat = FALSE;

      if (strcmp (property, "__id") == 0 || (subtable && strcmp (property, "__Submissions-id") == 0))
        ok = TRUE;
      else if (!subtable && (strcmp (property, "__system") == 0 ||
                             (g_str_has_prefix (property, "__system/") &&
                              g_strv_contains (system_keys, property + strlen ("__system/")))))
        ok = TRUE;
      else
        for (guint f = 0; f < cm_sim_n_form_fields; f++)
          if (strcmp (cm_sim_form_fields[f].path, path) == 0)
            {
              ok = TRUE;
              in_repeat = !subtable && g_str_has_prefix (path, "compras/");
            }

      if (!ok || in_repeat)
        {
          GString *details = g_string_new ("{\"property\":");

          cm_sim_json_append_string (details, property);
          g_string_append_c (details, '}');
          if (!ok)
            send_problem (r, cm_sim_problem_new (400.23, details->str,
                                                 "Could not find a property named '%s'", property),
                          TRUE);
          else
            send_problem (r, cm_sim_problem_new (400.24, details->str,
                                                 "The given OData select property '%s' uses features "
                                                 "not supported by this server.", property),
                          TRUE);
          g_string_free (details, TRUE);
          return FALSE;
        }

      g_hash_table_add (set, g_strdup (property));
    }

  *out = g_steal_pointer (&set);
  return TRUE;
}

static char *
skiptoken_for (const char *key,
               const char *value)
{
  GString *json = g_string_new ("{\"");
  g_autofree char *base64 = NULL;

  g_string_append (json, key);
  g_string_append (json, "\":");
  cm_sim_json_append_string (json, value);
  g_string_append_c (json, '}');
  base64 = g_base64_encode ((const guchar *) json->str, json->len);
  g_string_free (json, TRUE);

  return g_strconcat ("01", base64, NULL);
}

/* The token's object, or NULL: 400.35. */
static JsonNode *
parse_skiptoken (const char *token)
{
  g_autofree guchar *decoded = NULL;
  g_autofree char *text = NULL;
  gsize length = 0;
  JsonNode *node;

  if (!g_str_has_prefix (token, "01"))
    return NULL;
  decoded = g_base64_decode (token + 2, &length);
  text = g_strndup ((const char *) decoded, length);
  node = cm_sim_json_parse (text, -1, NULL);
  if (node != NULL && !JSON_NODE_HOLDS_OBJECT (node))
    g_clear_pointer (&node, json_node_unref);

  return node;
}

/* URLSearchParams: $skip deleted, $skiptoken set, then serialized. */
static char *
next_link (Request    *r,
           const char *skiptoken)
{
  GString *out = g_string_new (r->sim->base_url);
  gboolean first = TRUE, set = FALSE;

  g_string_append (out, r->path);
  g_string_append_c (out, '?');
  for (guint i = 0; i < r->params->len; i++)
    {
      CmSimQueryPair *pair = g_ptr_array_index (r->params, i);
      const char *value = pair->value;

      if (strcmp (pair->key, "$skip") == 0)
        continue;
      if (strcmp (pair->key, "$skiptoken") == 0)
        {
          if (set)
            continue;
          value = skiptoken;
          set = TRUE;
        }
      if (!first)
        g_string_append_c (out, '&');
      first = FALSE;
      cm_sim_append_form_urlencoded (out, pair->key);
      g_string_append_c (out, '=');
      cm_sim_append_form_urlencoded (out, value);
    }
  if (!set)
    {
      if (!first)
        g_string_append_c (out, '&');
      cm_sim_append_form_urlencoded (out, "$skiptoken");
      g_string_append_c (out, '=');
      cm_sim_append_form_urlencoded (out, skiptoken);
    }

  return g_string_free (out, FALSE);
}

static void
append_footer (Request    *r,
               GString    *out,
               const char *table,
               const char *next,
               gint64      count)
{
  g_autofree char *root = service_root (r);
  g_autofree char *context = g_strdup_printf ("%s%s/$metadata#%s", r->sim->base_url, root, table);

  g_string_append (out, "\"@odata.context\":");
  cm_sim_json_append_string (out, context);
  if (next != NULL)
    {
      g_string_append (out, ",\"@odata.nextLink\":");
      cm_sim_json_append_string (out, next);
    }
  if (count >= 0)
    g_string_append_printf (out, ",\"@odata.count\":%" G_GINT64_FORMAT, count);
  g_string_append_c (out, '}');
}

typedef struct
{
  GArray *keys;
} SortData;

static int
compare_default (gconstpointer a,
                 gconstpointer b)
{
  const CmSimSubmission *sa = *(CmSimSubmission * const *) a;
  const CmSimSubmission *sb = *(CmSimSubmission * const *) b;

  /* createdAt DESC, id DESC */
  return sa->seq < sb->seq ? 1 : sa->seq > sb->seq ? -1 : 0;
}

static int
compare_ordered (gconstpointer a,
                 gconstpointer b,
                 gpointer      data)
{
  SortData *sort = data;
  CmSimSubmission *sa = *(CmSimSubmission * const *) a;
  CmSimSubmission *sb = *(CmSimSubmission * const *) b;
  CmSimFilterRow ra, rb;
  int c;

  cm_sim_world_fill_filter_row (sa, &ra);
  cm_sim_world_fill_filter_row (sb, &rb);
  c = cm_sim_orderby_compare (sort->keys, &ra, &rb);
  if (c != 0)
    return c;
  /* the stable column, in the first key's direction */
  c = sa->seq < sb->seq ? -1 : sa->seq > sb->seq ? 1 : 0;
  return g_array_index (sort->keys, CmSimOrderKey, 0).descending ? -c : c;
}

/* The submissions a query sees, in its order; NULL once an error is sent. */
static GPtrArray *
query_submissions (Request  *r,
                   gboolean  subtable)
{
  const char *filter_text = param (r, "$filter");
  const char *orderby_text = param (r, "$orderby");
  g_autoptr(CmSimFilter) filter = NULL;
  g_autoptr(GArray) keys = NULL;
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();
  CmSimProblem *problem = NULL;
  gboolean failed = FALSE;
  gint64 now = g_get_real_time () / 1000;

  if (filter_text != NULL && (filter = cm_sim_filter_parse (filter_text, subtable, &problem)) == NULL)
    {
      send_problem (r, problem, TRUE);
      return NULL;
    }
  if (orderby_text != NULL && (keys = cm_sim_orderby_parse (orderby_text, subtable, &problem)) == NULL)
    {
      send_problem (r, problem, TRUE);
      return NULL;
    }

  for (guint i = 0; i < cm_sim_world_get_n (r->sim->world); i++)
    {
      CmSimSubmission *s = cm_sim_world_get (r->sim->world, i);
      CmSimFilterRow row;

      if (s->held_back)
        continue;
      cm_sim_world_fill_filter_row (s, &row);
      if (cm_sim_filter_match (filter, &row, now, &failed))
        g_ptr_array_add (rows, s);
      if (failed)
        {
          send_json (r, SOUP_STATUS_INTERNAL_SERVER_ERROR,
                     g_strdup ("{\"message\":\"Internal Server Error\"}"), FALSE);
          return NULL;
        }
    }

  if (keys != NULL && keys->len > 0)
    {
      SortData sort = { keys };

      g_ptr_array_sort_with_data (rows, compare_ordered, &sort);
    }
  else
    g_ptr_array_sort (rows, compare_default);

  return g_steal_pointer (&rows);
}

static gboolean
parse_shape (Request  *r,
             gboolean  subtable,
             RowShape *shape)
{
  shape->expand = param (r, "$expand") != NULL;
  shape->wkt = is_true (param (r, "$wkt"));
  shape->drop_fields = FALSE;
  return parse_select (r, subtable, &shape->select);
}

static void
send_stream (Request    *r,
             GString    *body,
             gboolean    empty,
             gboolean    data_page,
             gboolean    has_rows,
             gboolean    has_next,
             CmSimFaultKind fault)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (r->msg);
  g_autofree char *etag = eventhash_etag (r, empty);

  set_cache_headers (r);
  soup_message_headers_replace (headers, "OData-Version", "4.0");
  soup_message_headers_replace (headers, "ETag", etag);
  cm_sim_send_page (r->sim, r->msg, CM_SIM_API_CENTRAL, fault,
                    "application/json; charset=utf-8", TRUE, body);

  if (data_page)
    cm_sim_page_answered (r->sim, fault, has_next);
}

static gboolean
not_modified (Request  *r,
              gboolean  empty)
{
  g_autofree char *etag = eventhash_etag (r, empty);
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (r->msg);

  if (!cm_sim_etag_matches (r->msg, etag))
    return FALSE;

  set_cache_headers (r);
  soup_message_headers_replace (headers, "OData-Version", "4.0");
  soup_message_headers_replace (headers, "ETag", etag);
  not_modified_status (r);
  return TRUE;
}

static void
handle_submissions (Request *r)
{
  const char *top_text = param (r, "$top");
  const char *skip_text = param (r, "$skip");
  const char *token_text = param (r, "$skiptoken");
  g_autoptr(JsonNode) token = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autofree char *next = NULL;
  RowShape shape = { 0 };
  CmSimSubmission *cursor = NULL;
  CmSimFaultKind fault;
  gint64 top = -1, skip = 0;
  gboolean has_top, paging, has_count = is_true (param (r, "$count"));
  guint start = 0, end, count;
  gint64 remaining = 0;
  GString *body;

  has_top = parse_int (top_text, &top) && top >= 0;
  if (!parse_int (skip_text, &skip) || skip < 0)
    skip = 0;

  if (token_text != NULL && (token = parse_skiptoken (token_text)) == NULL)
    {
      send_problem (r, cm_sim_problem_new (400.35, NULL, "Invalid $skiptoken"), TRUE);
      return;
    }
  if (token != NULL && param (r, "$orderby") != NULL)
    {
      not_implemented (r, "using $orderby and $skiptoken together", TRUE);
      return;
    }
  if (!parse_shape (r, FALSE, &shape))
    return;

  rows = query_submissions (r, FALSE);
  if (rows == NULL)
    goto out;
  count = rows->len;

  /* $top=0: only the count, not streamed */
  if (has_top && top == 0)
    {
      body = g_string_new ("{\"value\":[],");
      append_footer (r, body, "Submissions", NULL, has_count ? (gint64) count : -1);
      send_json (r, SOUP_STATUS_OK, g_string_free (body, FALSE), TRUE);
      goto out;
    }

  if (token != NULL)
    {
      JsonObject *object = json_node_get_object (token);
      const char *iid = json_object_has_member (object, "instanceId") &&
                        JSON_NODE_HOLDS_VALUE (json_object_get_member (object, "instanceId"))
                        ? json_object_get_string_member (object, "instanceId") : NULL;

      cursor = iid != NULL ? cm_sim_world_lookup (r->sim->world, iid) : NULL;
      if (cursor == NULL || cursor->held_back)
        {
          /* an unknown instance: nothing, without count or next link (N3) */
          if (not_modified (r, TRUE))
            goto out;
          body = g_string_new ("{\"value\":[],");
          append_footer (r, body, "Submissions", NULL, -1);
          send_stream (r, body, TRUE, FALSE, FALSE, FALSE, CM_SIM_FAULT_NONE);
          goto out;
        }

      /* strictly older than the token's submission */
      while (start < rows->len && ((CmSimSubmission *) g_ptr_array_index (rows, start))->seq >= cursor->seq)
        start++;
      remaining = rows->len - start;
    }
  else
    {
      start = (guint) MIN ((gint64) rows->len, skip);
      remaining = rows->len;
    }

  end = has_top ? (guint) MIN ((gint64) rows->len, (gint64) start + top) : rows->len;
  paging = has_top || skip_text != NULL || token != NULL;
  remaining = paging ? remaining - (end - start) : 0;
  if (has_top && remaining > 0 && end > start)
    {
      CmSimSubmission *last = g_ptr_array_index (rows, end - 1);
      g_autofree char *skiptoken = skiptoken_for ("instanceId", last->instance_id);

      next = next_link (r, skiptoken);
    }

  if (not_modified (r, end == start))
    goto out;

  fault = cm_sim_faults_draw (r->sim->faults, end > start, next != NULL);

  body = g_string_new ("{\"value\":[");
  {
    gboolean first = TRUE;
    gboolean continuing = token != NULL || skip > 0;

    if (r->sim->duplicate != NULL && continuing && !cm_sim_fault_breaks_page (fault))
      {
        append_row (r, body, r->sim->duplicate, &shape);
        r->sim->duplicate = NULL;
        first = FALSE;
      }

    for (guint i = start; i < end; i++)
      {
        if (!first)
          g_string_append_c (body, ',');
        first = FALSE;
        shape.drop_fields = fault == CM_SIM_FAULT_MISSING_FIELDS && i == start;
        append_row (r, body, g_ptr_array_index (rows, i), &shape);
      }
  }
  g_string_append (body, "],");
  append_footer (r, body, "Submissions", next, has_count ? (gint64) count : -1);

  if (fault == CM_SIM_FAULT_DUPLICATE_ROW)
    r->sim->duplicate = g_ptr_array_index (rows, end - 1);
  if (fault == CM_SIM_FAULT_EXPIRE_TOKEN)
    {
      const char *header = cm_sim_request_header (r->msg, "Authorization");
      CmSimSession *session = header != NULL && strlen (header) > 7
                              ? g_hash_table_lookup (r->sim->sessions, header + 7) : NULL;

      if (session != NULL)
        session->revoked = TRUE;
    }

  send_stream (r, body, end == start, TRUE, end > start, next != NULL, fault);

out:
  g_clear_pointer (&shape.select, g_hash_table_unref);
}

static void
handle_purchases (Request         *r,
                  CmSimSubmission *only)
{
  const char *top_text = param (r, "$top");
  const char *skip_text = param (r, "$skip");
  const char *token_text = param (r, "$skiptoken");
  g_autoptr(JsonNode) token = NULL;
  g_autoptr(GPtrArray) submissions = NULL;
  g_autoptr(GPtrArray) all = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  g_autofree char *next = NULL;
  const char *repeat_id = NULL;
  RowShape shape = { 0 };
  gint64 top = -1, skip = 0;
  gboolean has_top, has_count = is_true (param (r, "$count"));
  guint start = 0, end;
  GString *body;

  has_top = parse_int (top_text, &top) && top >= 0;
  if (!parse_int (skip_text, &skip) || skip < 0)
    skip = 0;

  if (token_text != NULL)
    {
      JsonObject *object;

      token = parse_skiptoken (token_text);
      object = token != NULL ? json_node_get_object (token) : NULL;
      if (object != NULL && json_object_has_member (object, "repeatId") &&
          JSON_NODE_HOLDS_VALUE (json_object_get_member (object, "repeatId")))
        repeat_id = json_object_get_string_member (object, "repeatId");
      if (repeat_id == NULL)
        {
          send_problem (r, cm_sim_problem_new (400.35, NULL, "Invalid $skiptoken"), TRUE);
          return;
        }
    }
  if (!parse_shape (r, TRUE, &shape))
    return;

  if (only != NULL)
    {
      submissions = g_ptr_array_new ();
      g_ptr_array_add (submissions, only);
    }
  else if ((submissions = query_submissions (r, TRUE)) == NULL)
    goto out;

  for (guint i = 0; i < submissions->len; i++)
    {
      g_autoptr(GPtrArray) rows = purchase_rows (r, g_ptr_array_index (submissions, i));

      for (guint j = 0; j < rows->len; j++)
        g_ptr_array_add (all, json_node_ref (g_ptr_array_index (rows, j)));
    }

  if (repeat_id != NULL)
    {
      gboolean found = FALSE;

      for (start = 0; start < all->len && !found; start++)
        {
          JsonObject *row = json_node_get_object (g_ptr_array_index (all, start));

          found = g_strcmp0 (json_object_get_string_member (row, "__id"), repeat_id) == 0;
        }
      if (!found)
        {
          SoupMessageHeaders *headers = soup_server_message_get_response_headers (r->msg);
          g_autofree char *etag = eventhash_etag (r, FALSE);
          CmSimProblem *problem = cm_sim_problem_new (400.34, NULL,
                                                      "Record associated with the provided $skiptoken not found.");

          set_cache_headers (r);
          soup_message_headers_replace (headers, "OData-Version", "4.0");
          soup_message_headers_replace (headers, "ETag", etag);
          cm_sim_respond (r->msg, 400, "application/json; charset=utf-8",
                          cm_sim_problem_to_json (problem), (gsize) -1);
          cm_sim_problem_free (problem);
          goto out;
        }
    }
  else
    start = (guint) MIN ((gint64) all->len, skip);

  end = has_top ? (guint) MIN ((gint64) all->len, (gint64) start + top) : all->len;
  if (end < all->len && end > start)
    {
      JsonObject *last = json_node_get_object (g_ptr_array_index (all, end - 1));
      g_autofree char *skiptoken = skiptoken_for ("repeatId", json_object_get_string_member (last, "__id"));

      next = next_link (r, skiptoken);
    }

  body = g_string_new ("{\"value\":[");
  for (guint i = start; i < end; i++)
    {
      JsonNode *row = g_ptr_array_index (all, i);

      if (i > start)
        g_string_append_c (body, ',');
      if (shape.select != NULL)
        {
          JsonObject *object = json_node_get_object (row);
          g_autoptr(GList) members = json_object_get_members (object);
          JsonObject *part = json_object_new ();
          g_autoptr(JsonNode) node = NULL;

          for (GList *l = members; l != NULL; l = l->next)
            if (g_hash_table_contains (shape.select, l->data))
              json_object_set_member (part, l->data, json_node_copy (json_object_get_member (object, l->data)));
          node = json_node_init_object (json_node_alloc (), part);
          json_object_unref (part);
          cm_sim_json_append_node (body, node);
        }
      else
        cm_sim_json_append_node (body, row);
    }
  g_string_append (body, "],");
  append_footer (r, body, "Submissions.compras", next, has_count ? (gint64) all->len : -1);

  if (only != NULL)
    send_json (r, SOUP_STATUS_OK, g_string_free (body, FALSE), TRUE);
  else if (not_modified (r, end == start))
    g_string_free (body, TRUE);
  else
    send_stream (r, body, end == start, FALSE, FALSE, FALSE, CM_SIM_FAULT_NONE);

out:
  g_clear_pointer (&shape.select, g_hash_table_unref);
}

static void
handle_single (Request    *r,
               const char *iid,
               const char *rest)
{
  CmSimSubmission *s = cm_sim_world_lookup (r->sim->world, iid);
  RowShape shape = { 0 };
  GString *body;

  if (s == NULL || s->held_back)
    {
      not_found (r, TRUE);
      return;
    }

  if (rest != NULL && *rest != '\0')
    {
      if (strcmp (rest, "/compras") == 0)
        handle_purchases (r, s);
      else
        not_found (r, TRUE);
      return;
    }

  if (!parse_shape (r, FALSE, &shape))
    return;

  body = g_string_new ("{\"value\":[");
  append_row (r, body, s, &shape);
  g_string_append (body, "],");
  append_footer (r, body, "Submissions", NULL, -1);
  send_json (r, SOUP_STATUS_OK, g_string_free (body, FALSE), TRUE);
  g_clear_pointer (&shape.select, g_hash_table_unref);
}

/* After ".svc": the service document, $metadata, or a table. */
static void
handle_odata (Request    *r,
              const char *subpath)
{
  g_autofree char *decoded = g_uri_unescape_string (subpath, NULL);
  const char *table;

  if (decoded == NULL)
    {
      not_found (r, TRUE);
      return;
    }
  subpath = decoded;

  if (*subpath == '\0' || strcmp (subpath, "/") == 0)
    {
      if (check_odata_params (r, FALSE))
        handle_service_document (r);
      return;
    }

  if (strcmp (subpath, "/$metadata") == 0)
    {
      if (check_odata_params (r, FALSE))
        handle_metadata (r);
      return;
    }

  if (!check_odata_params (r, TRUE))
    return;

  table = subpath + 1;
  if (strcmp (table, "Submissions") == 0)
    handle_submissions (r);
  else if (strcmp (table, "Submissions.compras") == 0)
    handle_purchases (r, NULL);
  else if (g_str_has_prefix (table, "Submissions('"))
    {
      const char *start = table + strlen ("Submissions('");
      const char *close = strstr (start, "')");
      g_autofree char *iid = close != NULL ? g_strndup (start, (gsize) (close - start)) : NULL;

      if (iid == NULL)
        not_found (r, TRUE);
      else
        handle_single (r, iid, close + 2);
    }
  else
    {
      SoupMessageHeaders *headers = soup_server_message_get_response_headers (r->msg);
      g_autofree char *etag = eventhash_etag (r, TRUE);
      CmSimProblem *problem = cm_sim_problem_new (404.1, NULL, "Could not find the resource you were looking for.");
      char *json = cm_sim_problem_to_json (problem);

      set_cache_headers (r);
      soup_message_headers_replace (headers, "OData-Version", "4.0");
      soup_message_headers_replace (headers, "ETag", etag);
      cm_sim_respond (r->msg, 404, "application/json; charset=utf-8", json, strlen (json));
      cm_sim_problem_free (problem);
    }
}

/* REST submissions. */

static void
append_rest_submission (Request         *r,
                        GString         *out,
                        CmSimSubmission *s,
                        gboolean         patch)
{
  g_autoptr(JsonNode) row = cm_sim_world_get_row (r->sim->world, s);
  JsonObject *object = json_node_get_object (row);
  JsonObject *system = json_object_has_member (object, "__system")
                       ? json_object_get_object_member (object, "__system") : NULL;
  JsonNode *device = system != NULL ? json_object_get_member (system, "deviceId") : NULL;

  g_string_append (out, "{\"instanceId\":");
  cm_sim_json_append_string (out, s->instance_id);
  if (s->submitter_id != G_MININT64)
    g_string_append_printf (out, ",\"submitterId\":%" G_GINT64_FORMAT, s->submitter_id);
  else
    g_string_append (out, ",\"submitterId\":null");
  g_string_append (out, ",\"deviceId\":");
  cm_sim_json_append_node (out, device);
  g_string_append (out, ",\"createdAt\":");
  append_timestamp_or_null (out, s->submission_ms);
  g_string_append (out, ",\"updatedAt\":");
  append_timestamp_or_null (out, s->updated_ms);
  g_string_append (out, ",\"reviewState\":");
  if (s->review_state != NULL)
    cm_sim_json_append_string (out, s->review_state);
  else
    g_string_append (out, "null");

  if (patch)
    {
      g_string_append (out, ",\"deletedAt\":null}");
      return;
    }

  g_string_append (out, ",\"userAgent\":");
  cm_sim_json_append_string (out, USER_AGENT);
  g_string_append (out, ",\"deletedAt\":null,\"currentVersion\":{\"submitterId\":");
  if (s->submitter_id != G_MININT64)
    g_string_append_printf (out, "%" G_GINT64_FORMAT, s->submitter_id);
  else
    g_string_append (out, "null");
  g_string_append (out, ",\"createdAt\":");
  append_timestamp_or_null (out, s->version_ms);
  g_string_append (out, ",\"instanceName\":null,\"instanceId\":");
  cm_sim_json_append_string (out, s->version_id);
  g_string_append (out, ",\"current\":true,\"deviceId\":");
  if (s->deprecated_id != NULL)
    g_string_append (out, "null");
  else
    cm_sim_json_append_node (out, device);
  g_string_append (out, ",\"userAgent\":");
  cm_sim_json_append_string (out, USER_AGENT);
  g_string_append (out, "}}");
}

static gboolean
check_integer_param (Request    *r,
                     const char *name,
                     gint64     *out)
{
  const char *text = param (r, name);
  char *end = NULL;

  if (text == NULL)
    return TRUE;
  *out = g_ascii_strtoll (text, &end, 10);
  if (end == text || *end != '\0')
    {
      g_autofree char *details = g_strdup_printf ("{\"field\":\"%s\",\"expected\":\"integer\"}", name);

      send_problem (r, cm_sim_problem_new (400.11, details,
                                           "Invalid input data type: expected (%s) to be (integer)", name),
                    FALSE);
      return FALSE;
    }
  return TRUE;
}

static void
handle_rest_list (Request *r)
{
  gint64 limit = G_MAXINT64, offset = 0;
  GString *body;
  guint skipped = 0, added = 0;

  if (!check_integer_param (r, "limit", &limit) || !check_integer_param (r, "offset", &offset))
    return;

  body = g_string_new ("[");
  for (guint i = cm_sim_world_get_n (r->sim->world); i > 0 && (gint64) added < limit; i--)
    {
      CmSimSubmission *s = cm_sim_world_get (r->sim->world, i - 1);

      if (s->held_back)
        continue;
      if ((gint64) skipped < offset)
        {
          skipped++;
          continue;
        }
      if (added++ > 0)
        g_string_append_c (body, ',');
      append_rest_submission (r, body, s, FALSE);
    }
  g_string_append_c (body, ']');

  {
    SoupMessageHeaders *headers = soup_server_message_get_response_headers (r->msg);
    g_autofree char *etag = eventhash_etag (r, added == 0);

    set_cache_headers (r);
    soup_message_headers_replace (headers, "ETag", etag);
    if (cm_sim_etag_matches (r->msg, etag))
      {
        g_string_free (body, TRUE);
        not_modified_status (r);
        return;
      }
    cm_sim_send_page (r->sim, r->msg, CM_SIM_API_CENTRAL, CM_SIM_FAULT_NONE,
                      "application/json; charset=utf-8", TRUE, body);
  }
}

static void
handle_review (Request         *r,
               CmSimSubmission *s)
{
  g_autoptr(JsonNode) body = read_json_body (r);
  JsonObject *object;
  GString *out;

  if (body == NULL)
    return;

  object = json_node_get_object (body);
  if (json_object_has_member (object, "reviewState"))
    {
      JsonNode *value = json_object_get_member (object, "reviewState");
      static const char * const states[] = { "hasIssues", "edited", "approved", "rejected", NULL };
      const char *state = NULL;

      if (!JSON_NODE_HOLDS_NULL (value))
        {
          gboolean known = JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_STRING &&
                           g_strv_contains (states, json_node_get_string (value));

          if (!known)
            {
              GString *text = g_string_new (NULL);
              GString *details = g_string_new ("{\"field\":\"state\",\"value\":");

              if (JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_STRING)
                g_string_append (text, json_node_get_string (value));
              else
                cm_sim_json_append_node (text, value);
              cm_sim_json_append_string (details, text->str);
              g_string_append (details, ",\"reason\":\"not a recognized state name\"}");
              send_problem (r, cm_sim_problem_new (400.8, details->str,
                                                   "Unexpected state value %s; not a recognized state name",
                                                   text->str),
                            FALSE);
              g_string_free (text, TRUE);
              g_string_free (details, TRUE);
              return;
            }
          state = json_node_get_string (value);
        }

      cm_sim_world_set_review_state (r->sim->world, s, state);
    }

  out = g_string_new (NULL);
  append_rest_submission (r, out, s, TRUE);
  send_json (r, SOUP_STATUS_OK, g_string_free (out, FALSE), FALSE);
}

static void
append_comment (Request      *r,
                GString      *out,
                CmSimComment *comment)
{
  g_string_append (out, "{\"body\":");
  cm_sim_json_append_string (out, comment->body);
  g_string_append_printf (out, ",\"actorId\":%d,\"createdAt\":", USER_ID);
  append_timestamp_or_null (out, comment->created_ms);
  if (r->extended)
    {
      g_string_append (out, ",\"actor\":");
      append_actor (out);
    }
  g_string_append_c (out, '}');
}

static void
handle_comments (Request         *r,
                 CmSimSubmission *s)
{
  GString *out;

  if (strcmp (r->method, "POST") == 0)
    {
      g_autoptr(JsonNode) body = read_json_body (r);
      JsonNode *text;

      if (body == NULL)
        return;
      text = json_object_get_member (json_node_get_object (body), "body");
      if (is_blank (text) || !JSON_NODE_HOLDS_VALUE (text) || json_node_get_value_type (text) != G_TYPE_STRING)
        {
          send_problem (r, cm_sim_problem_new (400.2, "{\"field\":\"body\"}",
                                               "Required parameter body missing."),
                        FALSE);
          return;
        }
      cm_sim_world_add_comment (r->sim->world, s, json_node_get_string (text), g_get_real_time () / 1000);
      out = g_string_new (NULL);
      append_comment (r, out, g_ptr_array_index (s->comments, s->comments->len - 1));
      send_json (r, SOUP_STATUS_OK, g_string_free (out, FALSE), FALSE);
      return;
    }

  out = g_string_new ("[");
  for (guint i = s->comments->len; i > 0; i--)
    {
      if (i < s->comments->len)
        g_string_append_c (out, ',');
      append_comment (r, out, g_ptr_array_index (s->comments, i - 1));
    }
  g_string_append_c (out, ']');
  send_json (r, SOUP_STATUS_OK, g_string_free (out, FALSE), FALSE);
}

/* sanitize-filename, as Central's Content-Disposition uses it. */
static char *
sanitize_filename (const char *name)
{
  g_autoptr(GRegex) illegal = g_regex_new ("[/?<>\\\\:*|\"]", 0, 0, NULL);
  g_autoptr(GRegex) control = g_regex_new ("[\\x{00}-\\x{1f}\\x{80}-\\x{9f}]", 0, 0, NULL);
  g_autoptr(GRegex) reserved = g_regex_new ("^\\.+$", 0, 0, NULL);
  g_autoptr(GRegex) windows = g_regex_new ("^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\\..*)?$",
                                           G_REGEX_CASELESS, 0, NULL);
  g_autoptr(GRegex) trailing = g_regex_new ("[. ]+$", 0, 0, NULL);
  g_autofree char *a = g_regex_replace_literal (illegal, name, -1, 0, "", 0, NULL);
  g_autofree char *b = g_regex_replace_literal (control, a, -1, 0, "", 0, NULL);
  g_autofree char *c = g_regex_replace_literal (reserved, b, -1, 0, "", 0, NULL);
  g_autofree char *d = g_regex_replace_literal (windows, c, -1, 0, "", 0, NULL);

  return g_regex_replace_literal (trailing, d, -1, 0, "", 0, NULL);
}

static void
handle_attachment (Request         *r,
                   CmSimSubmission *s,
                   const char      *name)
{
  g_autoptr(GPtrArray) names = cm_sim_world_attachment_names (r->sim->world, s);
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (r->msg);

  if (name == NULL)
    {
      GString *out = g_string_new ("[");

      for (guint i = 0; i < names->len; i++)
        {
          if (i > 0)
            g_string_append_c (out, ',');
          g_string_append (out, "{\"name\":");
          cm_sim_json_append_string (out, g_ptr_array_index (names, i));
          g_string_append (out, ",\"exists\":true}");
        }
      g_string_append_c (out, ']');
      send_json (r, SOUP_STATUS_OK, g_string_free (out, FALSE), FALSE);
      return;
    }

  if (!g_ptr_array_find_with_equal_func (names, name, g_str_equal, NULL))
    {
      not_found (r, FALSE);
      return;
    }

  {
    g_autoptr(GBytes) bytes = cm_sim_attachment_bytes (s->instance_id, name);
    g_autofree char *md5 = g_compute_checksum_for_bytes (G_CHECKSUM_MD5, bytes);
    g_autofree char *etag = g_strdup_printf ("\"%s\"", md5);
    g_autofree char *safe = sanitize_filename (name);
    g_autoptr(GString) disposition = g_string_new ("inline; filename=\"");
    g_autoptr(GString) encoded = g_string_new (NULL);
    const char *header = cm_sim_request_header (r->msg, "If-None-Match");
    gsize length = 0;
    const char *data;

    set_cache_headers (r);
    soup_message_headers_replace (headers, "ETag", etag);
    if (header != NULL && cm_sim_etag_matches (r->msg, etag))
      {
        not_modified_status (r);
        return;
      }

    for (const guchar *p = (const guchar *) safe; *p != '\0'; p++)
      g_string_append_c (disposition, *p < 0x80 ? (char) *p : '-');
    /* encodeURIComponent, then ' ( ) * escaped and | ` ^ unescaped (RFC 5987) */
    cm_sim_append_uri_component (encoded, safe);
    {
      g_autoptr(GString) rfc5987 = g_string_new (NULL);

      for (const char *p = encoded->str; *p != '\0'; p++)
        {
          if (*p == '\'')
            g_string_append (rfc5987, "%27");
          else if (*p == '(')
            g_string_append (rfc5987, "%28");
          else if (*p == ')')
            g_string_append (rfc5987, "%29");
          else if (*p == '*')
            g_string_append (rfc5987, "%2A");
          else if (g_str_has_prefix (p, "%7C") || g_str_has_prefix (p, "%60") || g_str_has_prefix (p, "%5E"))
            {
              g_string_append_c (rfc5987, p[1] == '7' ? '|' : p[1] == '6' ? '`' : '^');
              p += 2;
            }
          else
            g_string_append_c (rfc5987, *p);
        }
      g_string_append_printf (disposition, "\"; filename*=UTF-8''%s", rfc5987->str);
    }
    soup_message_headers_replace (headers, "Content-Disposition", disposition->str);

    data = g_bytes_get_data (bytes, &length);
    cm_sim_respond (r->msg, SOUP_STATUS_OK, "image/jpeg", g_memdup2 (data, length), length);
  }
}

static void
handle_submission_paths (Request *r)
{
  /* segments: projects 1 forms reporte_diario submissions [iid [attachments [name] | comments]] */
  CmSimSubmission *s;

  if (r->n_segments == 5)
    {
      if (is_get (r))
        handle_rest_list (r);
      else
        not_found (r, FALSE);
      return;
    }

  s = cm_sim_world_lookup (r->sim->world, r->segments[5]);
  if (s == NULL || s->held_back)
    {
      not_found (r, FALSE);
      return;
    }

  if (r->n_segments == 6)
    {
      if (strcmp (r->method, "PATCH") == 0)
        handle_review (r, s);
      else if (is_get (r))
        {
          GString *out = g_string_new (NULL);

          append_rest_submission (r, out, s, FALSE);
          send_json (r, SOUP_STATUS_OK, g_string_free (out, FALSE), FALSE);
        }
      else
        not_found (r, FALSE);
      return;
    }

  if (strcmp (r->segments[6], "attachments") == 0 && r->n_segments <= 8 && is_get (r))
    handle_attachment (r, s, r->n_segments == 8 ? r->segments[7] : NULL);
  else if (strcmp (r->segments[6], "comments") == 0 && r->n_segments == 7 &&
           (is_get (r) || strcmp (r->method, "POST") == 0))
    handle_comments (r, s);
  else
    not_found (r, FALSE);
}

static void
route (Request *r)
{
  CmSimSession *session = NULL;
  char **seg = r->segments;
  guint n = r->n_segments;

  if (n == 1 && strcmp (seg[0], "sessions") == 0 && strcmp (r->method, "POST") == 0)
    {
      handle_login (r);
      return;
    }

  /* every other endpoint needs credentials: 401.2 before any 404 */
  if (!authenticate (r, &session))
    return;

  if (n == 2 && strcmp (seg[0], "sessions") == 0 && strcmp (r->method, "DELETE") == 0)
    handle_logout (r, session, seg[1]);
  else if (n == 2 && strcmp (seg[0], "users") == 0 && strcmp (seg[1], "current") == 0 && is_get (r))
    handle_current_user (r);
  else if (n >= 1 && strcmp (seg[0], "projects") == 0)
    {
      if (n == 1 && is_get (r))
        {
          GString *out = g_string_new ("[");

          append_project (r, out, FALSE);
          g_string_append_c (out, ']');
          send_json (r, SOUP_STATUS_OK, g_string_free (out, FALSE), FALSE);
        }
      else if (n >= 2 && strcmp (seg[1], CM_SIM_CENTRAL_PROJECT) != 0)
        not_found (r, g_str_has_suffix (seg[n > 3 ? 3 : n - 1], ".svc"));
      else if (n == 2 && is_get (r))
        {
          GString *out = g_string_new (NULL);

          append_project (r, out, TRUE);
          send_json (r, SOUP_STATUS_OK, g_string_free (out, FALSE), FALSE);
        }
      else if (n >= 3 && strcmp (seg[2], "forms") == 0)
        {
          if (n == 3 && is_get (r))
            {
              GString *out = g_string_new ("[");

              append_form (r, out, r->extended);
              g_string_append_c (out, ']');
              send_json (r, SOUP_STATUS_OK, g_string_free (out, FALSE), FALSE);
            }
          else if (n >= 4 && strcmp (seg[3], CM_SIM_FORM_ID ".svc") == 0 && is_get (r))
            {
              const char *svc = strstr (r->path, ".svc");

              handle_odata (r, svc + 4);
            }
          else if (n >= 4 && strcmp (seg[3], CM_SIM_FORM_ID) == 0)
            {
              if (n == 4 && is_get (r))
                {
                  GString *out = g_string_new (NULL);

                  append_form (r, out, r->extended);
                  send_json (r, SOUP_STATUS_OK, g_string_free (out, FALSE), FALSE);
                }
              else if (n >= 5 && strcmp (seg[4], "submissions") == 0)
                handle_submission_paths (r);
              else
                not_found (r, FALSE);
            }
          else
            not_found (r, n >= 4 && g_str_has_suffix (seg[3], ".svc"));
        }
      else
        not_found (r, FALSE);
    }
  else
    not_found (r, FALSE);
}

void
cm_sim_central_handle (CmSim             *sim,
                       SoupServerMessage *msg)
{
  GUri *uri = soup_server_message_get_uri (msg);
  const char *path = g_uri_get_path (uri);
  g_autoptr(GPtrArray) params = cm_sim_query_parse (g_uri_get_query (uri));
  g_autoptr(GRegex) version = g_regex_new ("^/v(\\d+)/", 0, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  g_auto(GStrv) raw_segments = NULL;
  g_autoptr(GPtrArray) segments = g_ptr_array_new_with_free_func (g_free);
  Request r = { 0 };

  r.sim = sim;
  r.msg = msg;
  r.method = soup_server_message_get_method (msg);
  r.path = path;
  r.query = g_uri_get_query (uri);
  r.params = params;
  r.extended = g_strcmp0 (cm_sim_request_header (msg, "X-Extended-Metadata"), "true") == 0;

  if (!g_regex_match (version, path, 0, &match))
    {
      CmSimProblem *problem = cm_sim_problem_new (404.2, NULL,
                                                  "Expected an API version (eg /v1) at the start of the request URL.");

      cm_sim_respond (msg, 404, "application/json; charset=utf-8", cm_sim_problem_to_json (problem), (gsize) -1);
      cm_sim_problem_free (problem);
      return;
    }
  else
    {
      g_autofree char *got = g_match_info_fetch (match, 1);

      if (strcmp (got, "1") != 0)
        {
          g_autofree char *details = g_strdup_printf ("{\"got\":\"%s\"}", got);
          CmSimProblem *problem = cm_sim_problem_new (404.3, details,
                                                      "Unexpected an API version (accepts: 1) (got: %s).", got);

          cm_sim_respond (msg, 404, "application/json; charset=utf-8", cm_sim_problem_to_json (problem),
                          (gsize) -1);
          cm_sim_problem_free (problem);
          return;
        }
    }

  raw_segments = g_strsplit (path + strlen ("/v1/"), "/", -1);
  for (guint i = 0; raw_segments[i] != NULL; i++)
    {
      char *segment;

      if (raw_segments[i][0] == '\0' && raw_segments[i + 1] == NULL && i > 0)
        break;  /* a trailing slash */
      segment = g_uri_unescape_string (raw_segments[i], NULL);
      if (segment == NULL)
        segment = g_strdup ("");
      g_ptr_array_add (segments, segment);
    }
  g_ptr_array_add (segments, NULL);
  r.segments = (char **) segments->pdata;
  r.n_segments = segments->len - 1;

  route (&r);
}
