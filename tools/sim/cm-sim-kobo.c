/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "comedores-sim"

#include "config.h"

#include <math.h>
#include <string.h>

#include "cm-sim.h"
#include "cm-sim-json.h"

/* KoboToolbox's KPI API v2, the part a pull client uses. Answers are
 * Django REST framework's: compact JSON, errors as {"detail":…} or
 * {"param":"message"}. */

#define DEFAULT_LIMIT   100
#define MAX_LIMIT       1000
#define ASSET_CREATED   "2021-01-04T16:40:12.345678Z"
#define ASSET_MODIFIED  "2025-05-30T17:25:03.210987Z"

typedef struct
{
  CmSim             *sim;
  SoupServerMessage *msg;
  const char        *method;
  const char        *path;
  GPtrArray         *params;
  char              *base;      /* http://host, from the request's Host */
} Request;

static void
send_json (Request *r,
           guint    status,
           char    *body)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (r->msg);

  soup_message_headers_replace (headers, "Vary", "Accept, Authorization");
  soup_message_headers_replace (headers, "Allow", "GET, HEAD, OPTIONS");
  cm_sim_respond (r->msg, status, "application/json", body, (gsize) -1);
}

static void
send_detail (Request    *r,
             guint       status,
             const char *detail)
{
  GString *out = g_string_new ("{\"detail\":");

  cm_sim_json_append_string (out, detail);
  g_string_append_c (out, '}');
  send_json (r, status, g_string_free (out, FALSE));
}

static void
send_field_error (Request    *r,
                  const char *field,
                  const char *message)
{
  GString *out = g_string_new ("{");

  cm_sim_json_append_string (out, field);
  g_string_append_c (out, ':');
  cm_sim_json_append_string (out, message);
  g_string_append_c (out, '}');
  send_json (r, SOUP_STATUS_BAD_REQUEST, g_string_free (out, FALSE));
}

static void
not_found (Request *r)
{
  send_detail (r, SOUP_STATUS_NOT_FOUND, "Not found.");
}

typedef enum
{
  AUTH_OK,
  AUTH_NONE,
  AUTH_REFUSED,   /* the 401 is sent */
} Auth;

static Auth
authenticate (Request *r)
{
  const char *header = cm_sim_request_header (r->msg, "Authorization");

  if (header == NULL)
    return AUTH_NONE;

  if (g_ascii_strncasecmp (header, "Token ", 6) == 0)
    {
      const char *key = header + 6;

      while (*key == ' ')
        key++;
      if (strcmp (key, CM_SIM_KOBO_TOKEN) == 0 && !r->sim->kobo_refuse_next)
        return AUTH_OK;

      r->sim->kobo_refuse_next = FALSE;
      soup_message_headers_replace (soup_server_message_get_response_headers (r->msg),
                                    "WWW-Authenticate", "Token");
      send_detail (r, SOUP_STATUS_UNAUTHORIZED, *key == '\0' ? "Invalid token header. No credentials provided."
                                                             : "Invalid token.");
      return AUTH_REFUSED;
    }

  if (g_ascii_strncasecmp (header, "Basic ", 6) == 0)
    {
      gsize length = 0;
      g_autofree guchar *decoded = g_base64_decode (header + 6, &length);
      g_autofree char *pair = g_strndup ((const char *) decoded, length);

      if (strcmp (pair, CM_SIM_KOBO_USERNAME ":" CM_SIM_CENTRAL_PASSWORD) == 0)
        return AUTH_OK;
      soup_message_headers_replace (soup_server_message_get_response_headers (r->msg),
                                    "WWW-Authenticate", "Basic realm=\"api\"");
      send_detail (r, SOUP_STATUS_UNAUTHORIZED, "Invalid username/password.");
      return AUTH_REFUSED;
    }

  return AUTH_NONE;
}

static const char *
param (Request    *r,
       const char *key)
{
  return cm_sim_query_get (r->params, key);
}

/* The document Kobo stores for a submission, built from Central's row. */

static char *
java_double (double  value,
             char   *buf)
{
  cm_sim_js_number (value, buf);
  if (strchr (buf, '.') == NULL && strchr (buf, 'e') == NULL)
    strcat (buf, ".0");
  return buf;
}

static void
set_scalar (JsonObject *out,
            const char *key,
            JsonNode   *value)
{
  char buf[40];

  switch (json_node_get_value_type (value))
    {
    case G_TYPE_STRING:
      json_object_set_string_member (out, key, json_node_get_string (value));
      break;
    case G_TYPE_INT64:
      g_snprintf (buf, sizeof buf, "%" G_GINT64_FORMAT, json_node_get_int (value));
      json_object_set_string_member (out, key, buf);
      break;
    case G_TYPE_DOUBLE:
      json_object_set_string_member (out, key, cm_sim_js_number (json_node_get_double (value), buf));
      break;
    case G_TYPE_BOOLEAN:
      json_object_set_string_member (out, key, json_node_get_boolean (value) ? "true" : "false");
      break;
    default:
      break;
    }
}

static gboolean
is_point (JsonObject *object)
{
  return json_object_has_member (object, "type") && json_object_has_member (object, "coordinates") &&
         g_strcmp0 (json_object_get_string_member (object, "type"), "Point") == 0;
}

static void
flatten (JsonObject *out,
         const char *path,
         JsonNode   *value,
         double     *lat,
         double     *lon)
{
  if (value == NULL || JSON_NODE_HOLDS_NULL (value))
    return;

  if (JSON_NODE_HOLDS_OBJECT (value))
    {
      JsonObject *object = json_node_get_object (value);

      if (is_point (object))
        {
          JsonArray *c = json_object_get_array_member (object, "coordinates");
          guint n = json_array_get_length (c);
          JsonObject *properties = json_object_has_member (object, "properties")
                                   ? json_object_get_object_member (object, "properties") : NULL;
          double accuracy = properties != NULL && json_object_has_member (properties, "accuracy")
                            ? json_object_get_double_member (properties, "accuracy") : 0;
          char a[40], b[40], c3[40], d[40];
          g_autofree char *text = NULL;

          if (n < 2)
            return;
          text = g_strdup_printf ("%s %s %s %s",
                                  java_double (json_array_get_double_element (c, 1), a),
                                  java_double (json_array_get_double_element (c, 0), b),
                                  java_double (n > 2 ? json_array_get_double_element (c, 2) : 0, c3),
                                  java_double (accuracy, d));
          json_object_set_string_member (out, path, text);
          if (isnan (*lat))
            {
              *lat = json_array_get_double_element (c, 1);
              *lon = json_array_get_double_element (c, 0);
            }
          return;
        }
      else
        {
          g_autoptr(GList) members = json_object_get_members (object);

          for (GList *l = members; l != NULL; l = l->next)
            {
              g_autofree char *child = g_strdup_printf ("%s/%s", path, (const char *) l->data);

              flatten (out, child, json_object_get_member (object, l->data), lat, lon);
            }
          return;
        }
    }

  if (JSON_NODE_HOLDS_ARRAY (value))
    {
      JsonArray *items = json_node_get_array (value);
      JsonArray *repeat = json_array_new ();

      for (guint i = 0; i < json_array_get_length (items); i++)
        {
          JsonNode *item = json_array_get_element (items, i);
          JsonObject *entry;
          g_autoptr(GList) members = NULL;

          if (!JSON_NODE_HOLDS_OBJECT (item))
            continue;
          entry = json_object_new ();
          members = json_object_get_members (json_node_get_object (item));
          for (GList *l = members; l != NULL; l = l->next)
            {
              g_autofree char *child = g_strdup_printf ("%s/%s", path, (const char *) l->data);

              if (strcmp (l->data, "__id") == 0)
                continue;
              flatten (entry, child, json_object_get_member (json_node_get_object (item), l->data), lat, lon);
            }
          json_array_add_object_element (repeat, entry);
        }
      if (json_array_get_length (repeat) > 0)
        json_object_set_array_member (out, path, repeat);
      else
        json_array_unref (repeat);
      return;
    }

  set_scalar (out, path, value);
}

static char *
formhub_uuid (void)
{
  return g_compute_checksum_for_string (G_CHECKSUM_MD5, "comedores-sim " CM_SIM_KOBO_ASSET, -1);
}

/* Kobo's version ids: "v" and 21 letters and digits. */
static char *
short_uid (const char *prefix,
           const char *seed,
           guint       length)
{
  static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
  g_autoptr(GChecksum) sha = g_checksum_new (G_CHECKSUM_SHA256);
  guint8 digest[32];
  gsize digest_length = sizeof digest;
  GString *out = g_string_new (prefix);

  g_checksum_update (sha, (const guchar *) seed, -1);
  g_checksum_get_digest (sha, digest, &digest_length);
  for (guint i = 0; i < length; i++)
    g_string_append_c (out, alphabet[digest[i % sizeof digest] % (sizeof alphabet - 1)]);

  return g_string_free (out, FALSE);
}

static char *
attachment_uid (CmSimSubmission *s,
                const char      *name)
{
  g_autofree char *seed = g_strdup_printf ("%s/%s", s->instance_id, name);

  return short_uid ("att", seed, 21);
}

static char *
username_of (const char *name)
{
  GString *out = g_string_new (NULL);

  for (const char *p = name; *p != '\0'; p++)
    g_string_append_c (out, g_ascii_isalnum (*p) ? g_ascii_tolower (*p) : '_');
  return g_string_free (out, FALSE);
}

static void
add_attachment (Request         *r,
                JsonArray       *attachments,
                CmSimSubmission *s,
                const char      *name,
                const char      *xpath)
{
  g_autofree char *uid = attachment_uid (s, name);
  g_autofree char *formhub = formhub_uuid ();
  g_autofree char *url = g_strdup_printf ("%s/api/v2/assets/%s/data/%" G_GINT64_FORMAT "/attachments/%s/",
                                          r->base, CM_SIM_KOBO_ASSET, s->kobo_id, uid);
  g_autofree char *large = g_strconcat (url, "large/", NULL);
  g_autofree char *medium = g_strconcat (url, "medium/", NULL);
  g_autofree char *small = g_strconcat (url, "small/", NULL);
  g_autofree char *filename = g_strdup_printf ("%s/attachments/%s/%s/%s", CM_SIM_KOBO_USERNAME, formhub,
                                               s->instance_id + (g_str_has_prefix (s->instance_id, "uuid:") ? 5 : 0),
                                               name);
  JsonObject *a = json_object_new ();

  json_object_set_string_member (a, "download_url", url);
  json_object_set_string_member (a, "download_large_url", large);
  json_object_set_string_member (a, "download_medium_url", medium);
  json_object_set_string_member (a, "download_small_url", small);
  json_object_set_string_member (a, "mimetype", "image/jpeg");
  json_object_set_string_member (a, "filename", filename);
  json_object_set_string_member (a, "media_file_basename", name);
  json_object_set_string_member (a, "uid", uid);
  json_object_set_string_member (a, "question_xpath", xpath);
  json_object_set_boolean_member (a, "is_deleted", FALSE);
  json_array_add_object_element (attachments, a);
}

static JsonNode *
kobo_document (Request         *r,
               CmSimSubmission *s)
{
  g_autoptr(JsonNode) row = cm_sim_world_get_row (r->sim->world, s);
  JsonObject *in = json_node_get_object (row);
  JsonObject *system = json_object_has_member (in, "__system")
                       ? json_object_get_object_member (in, "__system") : NULL;
  JsonObject *out = json_object_new ();
  JsonArray *attachments = json_array_new ();
  JsonObject *validation = json_object_new ();
  JsonArray *geolocation = json_array_new ();
  g_autoptr(GList) members = json_object_get_members (in);
  g_autofree char *formhub = formhub_uuid ();
  g_autofree char *version = NULL;
  double lat = NAN, lon = NAN;
  char time[32];

  version = short_uid ("v", system != NULL && json_object_has_member (system, "formVersion") &&
                       JSON_NODE_HOLDS_VALUE (json_object_get_member (system, "formVersion"))
                       ? json_object_get_string_member (system, "formVersion") : "", 21);

  json_object_set_int_member (out, "_id", s->kobo_id);
  json_object_set_string_member (out, "formhub/uuid", formhub);
  json_object_set_string_member (out, "__version__", version);

  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *name = l->data;

      if (strcmp (name, "__id") == 0 || strcmp (name, "__system") == 0 || strcmp (name, "meta") == 0 ||
          g_str_has_suffix (name, "@odata.navigationLink"))
        continue;
      flatten (out, name, json_object_get_member (in, name), &lat, &lon);
    }

  json_object_set_string_member (out, "meta/instanceID", s->version_id);
  if (system != NULL && json_object_has_member (system, "deviceId") &&
      JSON_NODE_HOLDS_VALUE (json_object_get_member (system, "deviceId")))
    json_object_set_string_member (out, "meta/deviceid", json_object_get_string_member (system, "deviceId"));
  if (s->deprecated_id != NULL)
    json_object_set_string_member (out, "meta/deprecatedID", s->deprecated_id);
  json_object_set_string_member (out, "meta/rootUuid", s->instance_id);
  json_object_set_string_member (out, "_xform_id_string", CM_SIM_KOBO_ASSET);
  json_object_set_string_member (out, "_uuid",
                                 s->version_id + (g_str_has_prefix (s->version_id, "uuid:") ? 5 : 0));

  /* the photo, then the receipts */
  if (json_object_has_member (in, "foto") && JSON_NODE_HOLDS_VALUE (json_object_get_member (in, "foto")))
    add_attachment (r, attachments, s, json_object_get_string_member (in, "foto"), "foto");
  if (json_object_has_member (in, "compras") && JSON_NODE_HOLDS_ARRAY (json_object_get_member (in, "compras")))
    {
      JsonArray *compras = json_object_get_array_member (in, "compras");

      for (guint i = 0; i < json_array_get_length (compras); i++)
        {
          JsonNode *item = json_array_get_element (compras, i);
          JsonNode *ticket = JSON_NODE_HOLDS_OBJECT (item)
                             ? json_object_get_member (json_node_get_object (item), "ticket") : NULL;

          if (ticket != NULL && JSON_NODE_HOLDS_VALUE (ticket))
            add_attachment (r, attachments, s, json_node_get_string (ticket), "compras/ticket");
        }
    }
  json_object_set_array_member (out, "_attachments", attachments);
  json_object_set_string_member (out, "_status", "submitted_via_web");

  if (isnan (lat))
    {
      json_array_add_null_element (geolocation);
      json_array_add_null_element (geolocation);
    }
  else
    {
      json_array_add_double_element (geolocation, lat);
      json_array_add_double_element (geolocation, lon);
    }
  json_object_set_array_member (out, "_geolocation", geolocation);

  cm_sim_format_timestamp (s->submission_ms, time);
  time[19] = '\0';
  json_object_set_string_member (out, "_submission_time", time);

  if (s->validation != NULL)
    {
      json_object_set_int_member (validation, "timestamp", s->validation->timestamp);
      json_object_set_string_member (validation, "uid", s->validation->uid);
      json_object_set_string_member (validation, "by_whom", s->validation->by_whom);
      json_object_set_string_member (validation, "label", s->validation->label);
    }
  json_object_set_object_member (out, "_validation_status", validation);

  if (system != NULL && json_object_has_member (system, "submitterName") &&
      JSON_NODE_HOLDS_VALUE (json_object_get_member (system, "submitterName")))
    {
      g_autofree char *user = username_of (json_object_get_string_member (system, "submitterName"));

      json_object_set_string_member (out, "_submitted_by", user);
    }
  else
    json_object_set_null_member (out, "_submitted_by");

  {
    JsonNode *node = json_node_init_object (json_node_alloc (), out);

    json_object_unref (out);
    return node;
  }
}

/* Mongo queries on the documents. */

typedef struct
{
  Request         *r;
  CmSimSubmission *s;
  JsonNode        *doc;   /* built when a query or sort needs it */
} Doc;

static void
doc_clear (Doc *d)
{
  g_clear_pointer (&d->doc, json_node_unref);
}

/* The value at @path (dotted), or NULL when missing; a new reference. */
static JsonNode *
doc_get (Doc        *d,
         const char *path)
{
  JsonNode *node;
  g_auto(GStrv) parts = NULL;

  if (strcmp (path, "_id") == 0)
    return json_node_init_int (json_node_alloc (), d->s->kobo_id);
  if (strcmp (path, "_submission_time") == 0)
    {
      char time[32];

      cm_sim_format_timestamp (d->s->submission_ms, time);
      time[19] = '\0';
      return json_node_init_string (json_node_alloc (), time);
    }
  if (strcmp (path, "_validation_status.uid") == 0)
    return d->s->validation != NULL ? json_node_init_string (json_node_alloc (), d->s->validation->uid) : NULL;
  if (strcmp (path, "_uuid") == 0)
    return json_node_init_string (json_node_alloc (),
                                  d->s->version_id + (g_str_has_prefix (d->s->version_id, "uuid:") ? 5 : 0));

  if (d->doc == NULL)
    d->doc = kobo_document (d->r, d->s);

  node = d->doc;
  parts = g_strsplit (path, ".", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      if (!JSON_NODE_HOLDS_OBJECT (node) || !json_object_has_member (json_node_get_object (node), parts[i]))
        return NULL;
      node = json_object_get_member (json_node_get_object (node), parts[i]);
    }

  return json_node_ref (node);
}

/* BSON's order of types: null, numbers, strings, objects, arrays, booleans. */
static int
type_rank (JsonNode *node)
{
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return 0;
  if (JSON_NODE_HOLDS_OBJECT (node))
    return 3;
  if (JSON_NODE_HOLDS_ARRAY (node))
    return 4;
  switch (json_node_get_value_type (node))
    {
    case G_TYPE_INT64:
    case G_TYPE_DOUBLE:
      return 1;
    case G_TYPE_STRING:
      return 2;
    default:
      return 5;
    }
}

static int
compare_nodes (JsonNode *a,
               JsonNode *b)
{
  int ra = type_rank (a), rb = type_rank (b);

  if (ra != rb)
    return ra < rb ? -1 : 1;
  switch (ra)
    {
    case 1:
      {
        double x = json_node_get_double (a), y = json_node_get_double (b);

        return x < y ? -1 : x > y ? 1 : 0;
      }
    case 2:
      return CLAMP (strcmp (json_node_get_string (a), json_node_get_string (b)), -1, 1);
    case 5:
      return (int) json_node_get_boolean (a) - (int) json_node_get_boolean (b);
    default:
      return 0;
    }
}

static gboolean
equals (JsonNode *value,
        JsonNode *wanted)
{
  return type_rank (value) == type_rank (wanted) && compare_nodes (value, wanted) == 0;
}

static gboolean match_query (Doc *d, JsonObject *query, gboolean *unsupported);

static gboolean
match_operator (JsonNode   *value,
                const char *op,
                JsonNode   *arg,
                gboolean   *unsupported)
{
  if (strcmp (op, "$eq") == 0)
    return equals (value, arg);
  if (strcmp (op, "$ne") == 0)
    return !equals (value, arg);
  if (strcmp (op, "$in") == 0 || strcmp (op, "$nin") == 0)
    {
      gboolean found = FALSE;

      if (!JSON_NODE_HOLDS_ARRAY (arg))
        {
          *unsupported = TRUE;
          return FALSE;
        }
      for (guint i = 0; i < json_array_get_length (json_node_get_array (arg)); i++)
        found = found || equals (value, json_array_get_element (json_node_get_array (arg), i));
      return strcmp (op, "$in") == 0 ? found : !found;
    }
  if (strcmp (op, "$exists") == 0)
    return (value != NULL) == (JSON_NODE_HOLDS_VALUE (arg) && json_node_get_boolean (arg));
  if (strcmp (op, "$gt") == 0 || strcmp (op, "$gte") == 0 || strcmp (op, "$lt") == 0 ||
      strcmp (op, "$lte") == 0)
    {
      int c;

      /* Mongo compares within one type only */
      if (value == NULL || type_rank (value) != type_rank (arg) || type_rank (arg) == 0)
        return FALSE;
      c = compare_nodes (value, arg);
      if (strcmp (op, "$gt") == 0)
        return c > 0;
      if (strcmp (op, "$gte") == 0)
        return c >= 0;
      if (strcmp (op, "$lt") == 0)
        return c < 0;
      return c <= 0;
    }

  *unsupported = TRUE;
  return FALSE;
}

static gboolean
match_condition (Doc        *d,
                 const char *field,
                 JsonNode   *condition,
                 gboolean   *unsupported)
{
  g_autoptr(JsonNode) value = doc_get (d, field);

  if (JSON_NODE_HOLDS_OBJECT (condition))
    {
      JsonObject *object = json_node_get_object (condition);
      g_autoptr(GList) ops = json_object_get_members (object);

      if (ops != NULL && ((const char *) ops->data)[0] == '$')
        {
          for (GList *l = ops; l != NULL; l = l->next)
            if (!match_operator (value, l->data, json_object_get_member (object, l->data), unsupported))
              return FALSE;
          return TRUE;
        }
    }

  if (JSON_NODE_HOLDS_NULL (condition))
    return value == NULL || JSON_NODE_HOLDS_NULL (value);
  return value != NULL && equals (value, condition);
}

static gboolean
match_query (Doc        *d,
             JsonObject *query,
             gboolean   *unsupported)
{
  g_autoptr(GList) keys = json_object_get_members (query);

  for (GList *l = keys; l != NULL; l = l->next)
    {
      const char *key = l->data;
      JsonNode *condition = json_object_get_member (query, key);

      if (strcmp (key, "$and") == 0 || strcmp (key, "$or") == 0 || strcmp (key, "$nor") == 0)
        {
          JsonArray *clauses;
          guint n_true = 0, n;

          if (!JSON_NODE_HOLDS_ARRAY (condition))
            {
              *unsupported = TRUE;
              return FALSE;
            }
          clauses = json_node_get_array (condition);
          n = json_array_get_length (clauses);
          for (guint i = 0; i < n; i++)
            {
              JsonNode *clause = json_array_get_element (clauses, i);

              if (!JSON_NODE_HOLDS_OBJECT (clause))
                {
                  *unsupported = TRUE;
                  return FALSE;
                }
              n_true += match_query (d, json_node_get_object (clause), unsupported) ? 1 : 0;
            }
          if ((strcmp (key, "$and") == 0 && n_true < n) || (strcmp (key, "$or") == 0 && n_true == 0) ||
              (strcmp (key, "$nor") == 0 && n_true > 0))
            return FALSE;
        }
      else if (key[0] == '$')
        {
          *unsupported = TRUE;
          return FALSE;
        }
      else if (!match_condition (d, key, condition, unsupported))
        return FALSE;
    }

  return TRUE;
}

typedef struct
{
  JsonObject *sort;
  GList      *keys;
} SortData;

static int
compare_docs (gconstpointer a,
              gconstpointer b,
              gpointer      data)
{
  SortData *sort = data;
  Doc *da = *(Doc * const *) a;
  Doc *db = *(Doc * const *) b;

  for (GList *l = sort->keys; l != NULL; l = l->next)
    {
      g_autoptr(JsonNode) va = doc_get (da, l->data);
      g_autoptr(JsonNode) vb = doc_get (db, l->data);
      JsonNode *direction = json_object_get_member (sort->sort, l->data);
      int c = compare_nodes (va, vb);

      if (c != 0)
        return JSON_NODE_HOLDS_VALUE (direction) && json_node_get_double (direction) < 0 ? -c : c;
    }

  return da->s->kobo_id < db->s->kobo_id ? -1 : da->s->kobo_id > db->s->kobo_id ? 1 : 0;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* The request's URL with limit and start replaced, the parameters sorted
 * and encoded as Python's urlencode() writes them (DRF's replace_query_param). */
static char *
page_url (Request *r,
          gint64   limit,
          gint64   start)
{
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);
  GString *out = g_string_new (r->base);
  gboolean first = TRUE;

  g_string_append (out, r->path);
  for (guint i = 0; i < r->params->len; i++)
    {
      CmSimQueryPair *pair = g_ptr_array_index (r->params, i);

      if (strcmp (pair->key, "limit") != 0 && strcmp (pair->key, "start") != 0 &&
          !g_ptr_array_find_with_equal_func (keys, pair->key, g_str_equal, NULL))
        g_ptr_array_add (keys, g_strdup (pair->key));
    }
  g_ptr_array_add (keys, g_strdup ("limit"));
  if (start > 0)
    g_ptr_array_add (keys, g_strdup ("start"));
  g_ptr_array_sort (keys, compare_strings);

  for (guint k = 0; k < keys->len; k++)
    {
      const char *key = g_ptr_array_index (keys, k);

      if (strcmp (key, "limit") == 0 || strcmp (key, "start") == 0)
        {
          g_string_append_printf (out, "%s%s=%" G_GINT64_FORMAT, first ? "?" : "&", key,
                                  strcmp (key, "limit") == 0 ? limit : start);
          first = FALSE;
          continue;
        }
      for (guint i = 0; i < r->params->len; i++)
        {
          CmSimQueryPair *pair = g_ptr_array_index (r->params, i);

          if (strcmp (pair->key, key) != 0)
            continue;
          g_string_append (out, first ? "?" : "&");
          first = FALSE;
          cm_sim_append_quote_plus (out, pair->key);
          g_string_append_c (out, '=');
          cm_sim_append_quote_plus (out, pair->value);
        }
    }

  return g_string_free (out, FALSE);
}

/* positive_int(): an integer ≥ 0, or > 0 when @strict. */
static gboolean
positive_int (const char *text,
              gboolean    strict,
              gint64     *out)
{
  char *end = NULL;

  *out = g_ascii_strtoll (text, &end, 10);
  if (end == text || *end != '\0')
    return FALSE;
  return strict ? *out > 0 : *out >= 0;
}

static JsonNode *
parse_json_param (Request    *r,
                  const char *name,
                  gboolean   *bad)
{
  const char *text = param (r, name);
  JsonNode *node;

  if (text == NULL)
    return NULL;
  node = cm_sim_json_parse (text, -1, NULL);
  if (node == NULL)
    *bad = TRUE;
  return node;
}

static JsonNode *
project (JsonNode  *doc,
         JsonArray *fields)
{
  JsonObject *in = json_node_get_object (doc);
  JsonObject *out = json_object_new ();
  g_autoptr(GList) members = json_object_get_members (in);
  JsonNode *node;

  for (GList *l = members; l != NULL; l = l->next)
    {
      gboolean wanted = strcmp (l->data, "_id") == 0;

      for (guint i = 0; !wanted && i < json_array_get_length (fields); i++)
        {
          JsonNode *field = json_array_get_element (fields, i);

          wanted = JSON_NODE_HOLDS_VALUE (field) && json_node_get_value_type (field) == G_TYPE_STRING &&
                   strcmp (json_node_get_string (field), l->data) == 0;
        }
      if (wanted)
        json_object_set_member (out, l->data, json_node_copy (json_object_get_member (in, l->data)));
    }

  node = json_node_init_object (json_node_alloc (), out);
  json_object_unref (out);
  return node;
}

static void
append_document (Request         *r,
                 GString         *out,
                 CmSimSubmission *s,
                 JsonArray       *fields,
                 gboolean         drop_fields)
{
  g_autoptr(JsonNode) doc = kobo_document (r, s);

  if (drop_fields)
    {
      json_object_remove_member (json_node_get_object (doc), "comedor");
      json_object_remove_member (json_node_get_object (doc), "fecha");
    }
  if (fields != NULL)
    {
      g_autoptr(JsonNode) projected = project (doc, fields);

      cm_sim_json_append_node (out, projected);
    }
  else
    cm_sim_json_append_node (out, doc);
}

static void
handle_data (Request *r)
{
  g_autoptr(JsonNode) query = NULL;
  g_autoptr(JsonNode) sort = NULL;
  g_autoptr(JsonNode) fields = NULL;
  g_autoptr(GPtrArray) docs = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) matched = g_ptr_array_new ();
  const char *format = param (r, "format");
  const char *limit_text = param (r, "limit");
  const char *start_text = param (r, "start");
  gint64 limit = DEFAULT_LIMIT, start = 0;
  gboolean bad = FALSE, unsupported = FALSE;
  g_autofree char *next = NULL;
  g_autofree char *previous = NULL;
  CmSimFaultKind fault;
  JsonArray *field_list = NULL;
  guint end;
  GString *body;

  if (format != NULL && strcmp (format, "json") != 0)
    {
      not_found (r);
      return;
    }
  if (param (r, "count") != NULL)
    {
      send_field_error (r, "count", "This param is not implemented. Use `count` property of the response instead.");
      return;
    }
  query = parse_json_param (r, "query", &bad);
  if (bad || (query != NULL && !JSON_NODE_HOLDS_OBJECT (query)))
    {
      send_field_error (r, "query", "Value must be valid JSON.");
      return;
    }
  sort = parse_json_param (r, "sort", &bad);
  if (bad || (sort != NULL && !JSON_NODE_HOLDS_OBJECT (sort)))
    {
      send_field_error (r, "sort", "Value must be valid JSON.");
      return;
    }
  if (start_text != NULL && !positive_int (start_text, FALSE, &start))
    {
      send_field_error (r, "start", "A positive integer is required.");
      return;
    }
  if (limit_text != NULL && !positive_int (limit_text, TRUE, &limit))
    {
      send_field_error (r, "limit", "A positive integer is required");
      return;
    }
  limit = MIN (limit, MAX_LIMIT);
  fields = parse_json_param (r, "fields", &bad);
  if (bad)
    {
      send_field_error (r, "fields", "Value must be valid JSON.");
      return;
    }
  if (fields != NULL && JSON_NODE_HOLDS_ARRAY (fields))
    field_list = json_node_get_array (fields);

  for (guint i = 0; i < cm_sim_world_get_n (r->sim->world); i++)
    {
      CmSimSubmission *s = cm_sim_world_get (r->sim->world, i);
      Doc *d;

      if (s->held_back)
        continue;
      d = g_new0 (Doc, 1);
      d->r = r;
      d->s = s;
      g_ptr_array_add (docs, d);
      if (query == NULL || match_query (d, json_node_get_object (query), &unsupported))
        g_ptr_array_add (matched, d);
      if (unsupported)
        break;
    }
  if (unsupported)
    {
      for (guint i = 0; i < docs->len; i++)
        doc_clear (g_ptr_array_index (docs, i));
      send_json (r, SOUP_STATUS_BAD_REQUEST, g_strdup ("[\"Unsupported query\"]"));
      return;
    }

  if (sort != NULL && json_object_get_size (json_node_get_object (sort)) > 0)
    {
      SortData data = { json_node_get_object (sort), json_object_get_members (json_node_get_object (sort)) };

      g_ptr_array_sort_with_data (matched, compare_docs, &data);
      g_list_free (data.keys);
    }
  for (guint i = 0; i < docs->len; i++)
    doc_clear (g_ptr_array_index (docs, i));

  end = (guint) MIN ((gint64) matched->len, start + limit);
  if (start + limit < (gint64) matched->len)
    next = page_url (r, limit, start + limit);
  if (start > 0)
    previous = page_url (r, limit, start - limit <= 0 ? 0 : start - limit);

  fault = cm_sim_faults_draw (r->sim->faults, (gint64) end > start, next != NULL);

  body = g_string_new (NULL);
  g_string_append_printf (body, "{\"count\":%u,\"next\":", matched->len);
  if (next != NULL)
    cm_sim_json_append_string (body, next);
  else
    g_string_append (body, "null");
  g_string_append (body, ",\"previous\":");
  if (previous != NULL)
    cm_sim_json_append_string (body, previous);
  else
    g_string_append (body, "null");
  g_string_append (body, ",\"results\":[");
  {
    gboolean first = TRUE;

    if (r->sim->duplicate != NULL && start > 0 && !cm_sim_fault_breaks_page (fault))
      {
        append_document (r, body, r->sim->duplicate, field_list, FALSE);
        r->sim->duplicate = NULL;
        first = FALSE;
      }
    for (gint64 i = start; i < end; i++)
      {
        Doc *d = g_ptr_array_index (matched, i);

        if (!first)
          g_string_append_c (body, ',');
        first = FALSE;
        append_document (r, body, d->s, field_list, fault == CM_SIM_FAULT_MISSING_FIELDS && i == start);
      }
  }
  g_string_append (body, "]}");

  if (fault == CM_SIM_FAULT_DUPLICATE_ROW)
    r->sim->duplicate = ((Doc *) g_ptr_array_index (matched, end - 1))->s;
  if (fault == CM_SIM_FAULT_EXPIRE_TOKEN)
    r->sim->kobo_refuse_next = TRUE;

  soup_message_headers_replace (soup_server_message_get_response_headers (r->msg), "Vary", "Accept, Authorization");
  cm_sim_send_page (r->sim, r->msg, CM_SIM_API_KOBO, fault, "application/json", FALSE, body);
  cm_sim_page_answered (r->sim, fault, next != NULL);
}

static CmSimSubmission *
find_submission (Request    *r,
                 const char *id)
{
  g_autofree char *key = g_str_has_suffix (id, ".json") ? g_strndup (id, strlen (id) - 5) : g_strdup (id);
  CmSimSubmission *s = cm_sim_world_lookup_kobo (r->sim->world, key);

  return s != NULL && !s->held_back ? s : NULL;
}

static void
append_validation (GString         *out,
                   CmSimSubmission *s)
{
  if (s->validation == NULL)
    {
      g_string_append (out, "{}");
      return;
    }
  g_string_append_printf (out, "{\"timestamp\":%" G_GINT64_FORMAT ",\"uid\":", s->validation->timestamp);
  cm_sim_json_append_string (out, s->validation->uid);
  g_string_append (out, ",\"by_whom\":");
  cm_sim_json_append_string (out, s->validation->by_whom);
  g_string_append (out, ",\"label\":");
  cm_sim_json_append_string (out, s->validation->label);
  g_string_append_c (out, '}');
}

static void
handle_validation (Request         *r,
                   CmSimSubmission *s)
{
  GString *out;

  if (strcmp (r->method, "DELETE") == 0)
    {
      cm_sim_world_set_validation (r->sim->world, s, NULL);
      soup_server_message_set_status (r->msg, SOUP_STATUS_NO_CONTENT, NULL);
      return;
    }

  if (strcmp (r->method, "PATCH") == 0)
    {
      g_autoptr(GBytes) bytes = soup_message_body_flatten (soup_server_message_get_request_body (r->msg));
      gsize length = 0;
      const char *data = g_bytes_get_data (bytes, &length);
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) body = length > 0 ? cm_sim_json_parse (data, (gssize) length, &error) : NULL;
      JsonNode *uid = NULL;
      g_autofree char *text = NULL;

      if (length > 0 && body == NULL)
        {
          g_autofree char *detail = g_strdup_printf ("JSON parse error - %s", error->message);

          send_detail (r, SOUP_STATUS_BAD_REQUEST, detail);
          return;
        }
      if (body != NULL && JSON_NODE_HOLDS_OBJECT (body))
        uid = json_object_get_member (json_node_get_object (body), "validation_status.uid");
      if (uid != NULL && JSON_NODE_HOLDS_VALUE (uid) && json_node_get_value_type (uid) == G_TYPE_STRING)
        text = g_strdup (json_node_get_string (uid));

      if (text == NULL || cm_sim_validation_label (text) == NULL)
        {
          g_autofree char *detail = g_strdup_printf ("Invalid validation status: `%s`",
                                                     text != NULL ? text : "None");

          send_detail (r, SOUP_STATUS_BAD_REQUEST, detail);
          return;
        }
      cm_sim_world_set_validation (r->sim->world, s, text);
    }
  else if (strcmp (r->method, "GET") != 0)
    {
      g_autofree char *detail = g_strdup_printf ("Method \"%s\" not allowed.", r->method);

      send_detail (r, SOUP_STATUS_METHOD_NOT_ALLOWED, detail);
      return;
    }

  out = g_string_new (NULL);
  append_validation (out, s);
  send_json (r, SOUP_STATUS_OK, g_string_free (out, FALSE));
}

static void
handle_attachment (Request         *r,
                   CmSimSubmission *s,
                   const char      *uid)
{
  g_autoptr(GPtrArray) names = cm_sim_world_attachment_names (r->sim->world, s);

  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      g_autofree char *candidate = attachment_uid (s, name);

      if (strcmp (candidate, uid) == 0)
        {
          g_autoptr(GBytes) bytes = cm_sim_attachment_bytes (s->instance_id, name);
          g_autofree char *disposition = g_strdup_printf ("inline; filename=%s", name);
          gsize length = 0;
          const char *data = g_bytes_get_data (bytes, &length);

          soup_message_headers_replace (soup_server_message_get_response_headers (r->msg),
                                        "Content-Disposition", disposition);
          cm_sim_respond (r->msg, SOUP_STATUS_OK, "image/jpeg", g_memdup2 (data, length), length);
          return;
        }
    }

  not_found (r);
}

static void
append_asset (Request  *r,
              GString  *out,
              gboolean  full)
{
  guint n = 0;
  gint64 last = G_MININT64;
  char last_text[32] = "";
  g_autofree char *url = g_strdup_printf ("%s/api/v2/assets/%s/", r->base, CM_SIM_KOBO_ASSET);
  g_autofree char *version = short_uid ("v", "2025053001", 21);
  g_autofree char *formhub = formhub_uuid ();

  for (guint i = 0; i < cm_sim_world_get_n (r->sim->world); i++)
    {
      CmSimSubmission *s = cm_sim_world_get (r->sim->world, i);

      if (!s->held_back)
        {
          n++;
          last = s->submission_ms;
        }
    }
  if (last != G_MININT64)
    cm_sim_format_timestamp (last, last_text);

  g_string_append_printf (out, "{\"url\":\"%s\",\"owner__username\":\"%s\",\"parent\":null,"
                          "\"settings\":{\"sector\":{},\"country\":[{\"label\":\"Mexico\",\"value\":\"MEX\"}],"
                          "\"description\":\"\"},\"asset_type\":\"survey\",\"date_created\":\"%s\","
                          "\"date_modified\":\"%s\",\"date_deployed\":\"%s\",\"version_id\":\"%s\","
                          "\"deployed_version_id\":\"%s\",\"has_deployment\":true,"
                          "\"deployment__active\":true,\"deployment__submission_count\":%u,"
                          "\"deployment__last_submission_time\":",
                          url, CM_SIM_KOBO_USERNAME, ASSET_CREATED, ASSET_MODIFIED, ASSET_MODIFIED,
                          version, version, n);
  if (last != G_MININT64)
    g_string_append_printf (out, "\"%s\"", last_text);
  else
    g_string_append (out, "null");
  g_string_append_printf (out, ",\"deployment_status\":\"deployed\",\"uid\":\"%s\",\"kind\":\"asset\","
                          "\"name\":\"%s\",\"data\":\"%sdata/\"",
                          CM_SIM_KOBO_ASSET, CM_SIM_FORM_NAME, url);

  if (full)
    {
      g_string_append_printf (out, ",\"deployment__uuid\":\"%s\",\"content\":{\"schema\":\"1\",\"survey\":[", formhub);
      for (guint i = 0; i < cm_sim_n_form_fields; i++)
        {
          const CmSimFormField *f = &cm_sim_form_fields[i];
          const char *name = strrchr (f->path, '/') != NULL ? strrchr (f->path, '/') + 1 : f->path;
          const char *type = strcmp (f->type, "int") == 0 ? "integer"
                           : strcmp (f->type, "binary") == 0 ? "image"
                           : strcmp (f->type, "structure") == 0 ? "begin_group"
                           : strcmp (f->type, "repeat") == 0 ? "begin_repeat"
                           : strcmp (f->type, "string") == 0 ? "text" : f->type;

          if (g_str_has_prefix (f->path, "meta"))
            continue;
          if (strcmp (f->path, "solo_para_llevar") == 0)
            type = "select_one";
          g_string_append_printf (out, "%s{\"name\":\"%s\",\"type\":\"%s\",\"$autoname\":\"%s\"",
                                  i > 0 ? "," : "", name, type, name);
          if (strcmp (f->path, "solo_para_llevar") == 0)
            g_string_append (out, ",\"select_from_list_name\":\"si_no\"");
          if (f->label != NULL)
            {
              g_string_append (out, ",\"label\":[");
              cm_sim_json_append_string (out, f->label);
              g_string_append_c (out, ']');
            }
          g_string_append_c (out, '}');

          /* a group or repeat ends after its last child */
          for (guint j = 0; j < i; j++)
            {
              const CmSimFormField *g = &cm_sim_form_fields[j];
              g_autofree char *prefix = g_strconcat (g->path, "/", NULL);
              gboolean container = strcmp (g->type, "structure") == 0 || strcmp (g->type, "repeat") == 0;

              if (container && !g_str_has_prefix (g->path, "meta") && g_str_has_prefix (f->path, prefix) &&
                  (i + 1 >= cm_sim_n_form_fields || !g_str_has_prefix (cm_sim_form_fields[i + 1].path, prefix)))
                g_string_append_printf (out, ",{\"type\":\"%s\"}",
                                        strcmp (g->type, "repeat") == 0 ? "end_repeat" : "end_group");
            }
        }
      g_string_append (out, "],\"choices\":[{\"list_name\":\"si_no\",\"name\":\"si\",\"label\":[\"Sí\"]},"
                            "{\"list_name\":\"si_no\",\"name\":\"no\",\"label\":[\"No\"]}],"
                            "\"settings\":{\"id_string\":\"" CM_SIM_FORM_ID "\"}}");
    }

  g_string_append_c (out, '}');
}

static void
route_assets (Request  *r,
              char    **seg,
              guint     n,
              Auth      auth)
{
  CmSimSubmission *s;

  if (n == 1)
    {
      GString *out = g_string_new ("{\"count\":");

      if (auth == AUTH_NONE)
        g_string_append (out, "0,\"next\":null,\"previous\":null,\"results\":[]}");
      else
        {
          g_string_append (out, "1,\"next\":null,\"previous\":null,\"results\":[");
          append_asset (r, out, FALSE);
          g_string_append (out, "]}");
        }
      send_json (r, SOUP_STATUS_OK, g_string_free (out, FALSE));
      return;
    }

  /* a private asset: without credentials it does not exist */
  if (auth == AUTH_NONE || strcmp (seg[1], CM_SIM_KOBO_ASSET) != 0)
    {
      not_found (r);
      return;
    }

  if (n == 2)
    {
      GString *out = g_string_new (NULL);

      append_asset (r, out, TRUE);
      send_json (r, SOUP_STATUS_OK, g_string_free (out, FALSE));
      return;
    }

  if (strcmp (seg[2], "data") != 0 && strcmp (seg[2], "data.json") != 0)
    {
      not_found (r);
      return;
    }

  if (n == 3)
    {
      if (strcmp (r->method, "GET") == 0 || strcmp (r->method, "HEAD") == 0)
        handle_data (r);
      else
        not_found (r);
      return;
    }

  s = find_submission (r, seg[3]);
  if (s == NULL)
    {
      not_found (r);
      return;
    }

  if (n == 4)
    {
      GString *out = g_string_new (NULL);

      append_document (r, out, s, NULL, FALSE);
      send_json (r, SOUP_STATUS_OK, g_string_free (out, FALSE));
    }
  else if (n == 5 && strcmp (seg[4], "validation_status") == 0)
    handle_validation (r, s);
  else if ((n == 6 || n == 7) && strcmp (seg[4], "attachments") == 0 &&
           (n == 6 || g_strv_contains ((const char * const[]) { "large", "medium", "small", "original", NULL },
                                       seg[6])))
    handle_attachment (r, s, seg[5]);
  else
    not_found (r);
}

void
cm_sim_kobo_handle (CmSim             *sim,
                    SoupServerMessage *msg)
{
  GUri *uri = soup_server_message_get_uri (msg);
  const char *host = cm_sim_request_header (msg, "Host");
  g_autoptr(GPtrArray) params = cm_sim_query_parse (g_uri_get_query (uri));
  g_autoptr(GPtrArray) segments = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) raw = NULL;
  g_autofree char *base = host != NULL ? g_strdup_printf ("http://%s", host) : g_strdup (sim->base_url);
  Request r = { sim, msg, soup_server_message_get_method (msg), g_uri_get_path (uri), params, base };
  Auth auth = authenticate (&r);

  if (auth == AUTH_REFUSED)
    return;

  if (strcmp (r.path, "/token/") == 0 || strcmp (r.path, "/token") == 0)
    {
      if (auth == AUTH_OK)
        send_json (&r, SOUP_STATUS_OK, g_strdup ("{\"token\":\"" CM_SIM_KOBO_TOKEN "\"}"));
      else
        send_detail (&r, SOUP_STATUS_UNAUTHORIZED, "Authentication credentials were not provided.");
      return;
    }

  raw = g_strsplit (r.path + strlen ("/api/v2/"), "/", -1);
  for (guint i = 0; raw[i] != NULL; i++)
    {
      char *segment;

      if (raw[i][0] == '\0')
        continue;
      segment = g_uri_unescape_string (raw[i], NULL);
      g_ptr_array_add (segments, segment != NULL ? segment : g_strdup (""));
    }
  g_ptr_array_add (segments, NULL);

  if (segments->len > 1 && (strcmp (g_ptr_array_index (segments, 0), "assets") == 0 ||
                            strcmp (g_ptr_array_index (segments, 0), "assets.json") == 0))
    route_assets (&r, (char **) segments->pdata, segments->len - 1, auth);
  else
    not_found (&r);
}
