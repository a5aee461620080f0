/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <signal.h>
#include <string.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "cm-db.h"
#include "cm-demo.h"
#include "cm-test-util.h"

/* Runs the built comedores-sim (COMEDORES_SIM, set by meson) and talks to
 * it over real HTTP on loopback, checking what the reference's Parts 4
 * and 5 say a real Central and a real Kobo do. */

#define EMAIL     "monitor@example.org"
#define PASSWORD  "comedores-demo-2021"
#define TOKEN     "0123456789abcdef0123456789abcdef01234567"
#define ODATA     "/v1/projects/1/forms/reporte_diario.svc"
#define REST      "/v1/projects/1/forms/reporte_diario"
#define KOBO_DATA "/api/v2/assets/aReporteDiario/data/"

/* A small world: 8 kitchens, October 2026. */
#define WORLD "--kitchens", "8", "--months", "1", "--end", "2026-10-31"

typedef struct
{
  GSubprocess *process;
  char        *base;
} Sim;

/* A sim outlives no test, even one that fails half-way. */
static void
die_with_parent (gpointer data)
{
#ifdef __linux__
  prctl (PR_SET_PDEATHSIG, SIGKILL);
#endif
}

static Sim *
sim_start (const char *first,
           ...)
{
  const char *path = g_getenv ("COMEDORES_SIM");
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  Sim *sim = g_new0 (Sim, 1);
  va_list args;

  g_assert_nonnull (path);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_EXECUTABLE));

  g_ptr_array_add (argv, (char *) path);
  g_ptr_array_add (argv, (char *) "--port");
  g_ptr_array_add (argv, (char *) "0");
  va_start (args, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  sim->process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);

  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (sim->process));
  sim->base = g_data_input_stream_read_line_utf8 (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (sim->base);
  g_assert_true (g_str_has_prefix (sim->base, "http://127.0.0.1:"));

  return sim;
}

/* SIGTERM must end it cleanly: exit status 0 (and, under the sanitizers,
 * no leak report). */
static void
sim_stop (Sim *sim)
{
  g_autoptr(GError) error = NULL;

  g_subprocess_send_signal (sim->process, SIGTERM);
  g_subprocess_wait (sim->process, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (sim->process));
  g_assert_cmpint (g_subprocess_get_exit_status (sim->process), ==, 0);

  g_object_unref (sim->process);
  g_free (sim->base);
  g_free (sim);
}

typedef struct
{
  guint               status;
  GBytes             *body;
  SoupMessageHeaders *headers;
  GError             *error;
} Response;

static void
response_free (Response *r)
{
  g_clear_pointer (&r->body, g_bytes_unref);
  g_clear_pointer (&r->headers, soup_message_headers_unref);
  g_clear_error (&r->error);
  g_free (r);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Response, response_free)

/* One request. @url is a path on @sim, or an absolute URL (a nextLink, say)
 * used exactly as the server wrote it. Extra headers: name, value, …, NULL. */
static Response *
request (SoupSession *session,
         Sim         *sim,
         const char  *method,
         const char  *url,
         const char  *authorization,
         const char  *json,
         ...)
{
  g_autofree char *full = g_str_has_prefix (url, "http") ? g_strdup (url) : g_strconcat (sim->base, url, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, full);
  Response *r = g_new0 (Response, 1);
  const char *name;
  va_list args;

  g_assert_nonnull (msg);
  if (authorization != NULL)
    soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", authorization);
  va_start (args, json);
  while ((name = va_arg (args, const char *)) != NULL)
    soup_message_headers_replace (soup_message_get_request_headers (msg), name, va_arg (args, const char *));
  va_end (args);
  if (json != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (json, strlen (json));

      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
    }

  r->body = soup_session_send_and_read (session, msg, NULL, &r->error);
  r->status = soup_message_get_status (msg);
  r->headers = soup_message_headers_ref (soup_message_get_response_headers (msg));

  return r;
}

static const char *
header (Response   *r,
        const char *name)
{
  return soup_message_headers_get_one (r->headers, name);
}

static char *
body_text (Response *r)
{
  gsize length = 0;
  const char *data;

  g_assert_nonnull (r->body);
  data = g_bytes_get_data (r->body, &length);
  return g_strndup (data, length);
}

/* The body as JSON; it must parse. */
static JsonNode *
body_json (Response *r)
{
  g_autofree char *text = body_text (r);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

static JsonObject *
object_of (JsonNode *node)
{
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  return json_node_get_object (node);
}

/* Central's Problem: the status, the numeric code, the message. */
static void
assert_problem (Response   *r,
                guint       status,
                double      code,
                const char *message)
{
  g_autoptr(JsonNode) node = body_json (r);
  JsonObject *object = object_of (node);
  JsonNode *code_node = json_object_get_member (object, "code");

  g_assert_no_error (r->error);
  g_assert_cmpuint (r->status, ==, status);
  g_assert_nonnull (code_node);
  /* a JSON number, never a string */
  g_assert_cmpint (json_node_get_value_type (code_node), ==, G_TYPE_DOUBLE);
  g_assert_cmpfloat_with_epsilon (json_node_get_double (code_node), code, 1e-9);
  if (message != NULL)
    g_assert_cmpstr (json_object_get_string_member (object, "message"), ==, message);
}

static char *
login (SoupSession *session,
       Sim         *sim)
{
  g_autoptr(Response) r = request (session, sim, "POST", "/v1/sessions", NULL,
                                   "{\"email\":\"" EMAIL "\",\"password\":\"" PASSWORD "\"}", NULL);
  g_autoptr(JsonNode) node = NULL;

  g_assert_no_error (r->error);
  g_assert_cmpuint (r->status, ==, 200);
  node = body_json (r);
  return g_strconcat ("Bearer ", json_object_get_string_member (object_of (node), "token"), NULL);
}

/* Follows nextLink from @first to the end; returns the rows, in order. */
static GPtrArray *
pull_all (SoupSession *session,
          Sim         *sim,
          const char  *bearer,
          const char  *first,
          guint       *n_pages)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  g_autofree char *url = g_strdup (first);

  *n_pages = 0;
  while (url != NULL)
    {
      g_autoptr(Response) r = request (session, sim, "GET", url, bearer, NULL, NULL);
      g_autoptr(JsonNode) node = NULL;
      JsonObject *page;
      JsonArray *value;

      g_assert_no_error (r->error);
      g_assert_cmpuint (r->status, ==, 200);
      node = body_json (r);
      page = object_of (node);
      value = json_object_get_array_member (page, "value");
      for (guint i = 0; i < json_array_get_length (value); i++)
        g_ptr_array_add (rows, json_node_copy (json_array_get_element (value, i)));
      /* a cursor that does not move would page for ever */
      (*n_pages)++;
      g_assert_cmpuint (*n_pages, <, 5000);

      g_free (url);
      url = json_object_has_member (page, "@odata.nextLink")
            ? g_strdup (json_object_get_string_member (page, "@odata.nextLink")) : NULL;
    }

  return rows;
}

static const char *
row_id (JsonNode *row)
{
  return json_object_get_string_member (object_of (row), "__id");
}

static const char *
row_system (JsonNode   *row,
            const char *key)
{
  JsonObject *system = json_object_get_object_member (object_of (row), "__system");
  JsonNode *value = json_object_get_member (system, key);

  return JSON_NODE_HOLDS_NULL (value) ? NULL : json_node_get_string (value);
}

static gint64
count_of (SoupSession *session,
          Sim         *sim,
          const char  *bearer,
          const char  *filter)
{
  g_autofree char *escaped = filter != NULL ? g_uri_escape_string (filter, NULL, FALSE) : NULL;
  g_autofree char *url = g_strdup_printf (ODATA "/Submissions?%%24top=0&%%24count=true%s%s",
                                          escaped != NULL ? "&%24filter=" : "",
                                          escaped != NULL ? escaped : "");
  g_autoptr(Response) r = request (session, sim, "GET", url, bearer, NULL, NULL);
  g_autoptr(JsonNode) node = NULL;

  g_assert_no_error (r->error);
  g_assert_cmpuint (r->status, ==, 200);
  node = body_json (r);
  return json_object_get_int_member (object_of (node), "@odata.count");
}

static char *
latest_timestamp (GPtrArray *rows)
{
  const char *latest = "";

  for (guint i = 0; i < rows->len; i++)
    {
      const char *submitted = row_system (g_ptr_array_index (rows, i), "submissionDate");
      const char *updated = row_system (g_ptr_array_index (rows, i), "updatedAt");

      if (strcmp (submitted, latest) > 0)
        latest = submitted;
      if (updated != NULL && strcmp (updated, latest) > 0)
        latest = updated;
    }

  return g_strdup (latest);
}

/* Central. */

static void
test_central_login (void)
{
  Sim *sim = sim_start (WORLD, NULL);
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(GRegex) token_shape = g_regex_new ("^[A-Za-z0-9!$]{64}$", 0, 0, NULL);
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();

  {
    g_autoptr(Response) r = request (session, sim, "POST", "/v1/sessions", NULL,
                                     "{\"email\":\"" EMAIL "\",\"password\":\"wrong\"}", NULL);

    assert_problem (r, 401, 401.2, "Could not authenticate with the provided credentials.");
  }

  {
    g_autoptr(Response) r = request (session, sim, "POST", "/v1/sessions", NULL,
                                     "{\"email\":\"" EMAIL "\"}", NULL);
    g_autoptr(JsonNode) node = NULL;
    JsonObject *details;

    assert_problem (r, 400, 400.3,
                    "Required parameters missing. Expected (email, password), got "
                    "(email: '" EMAIL "', password: undefined).");
    node = body_json (r);
    details = json_object_get_object_member (object_of (node), "details");
    g_assert_cmpuint (json_object_get_size (json_object_get_object_member (details, "got")), ==, 1);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (details, "expected")), ==, 2);
  }

  {
    g_autoptr(Response) r = request (session, sim, "POST", "/v1/sessions", NULL,
                                     "{\"email\":\"" EMAIL "\",\"password\":\"" PASSWORD "\"}", NULL);
    g_autoptr(JsonNode) node = NULL;
    g_autoptr(GList) keys = NULL;
    g_autoptr(GDateTime) created = NULL;
    g_autoptr(GDateTime) expires = NULL;
    JsonObject *session_object;

    g_assert_no_error (r->error);
    g_assert_cmpuint (r->status, ==, 200);
    node = body_json (r);
    session_object = object_of (node);
    keys = json_object_get_members (session_object);
    g_assert_cmpuint (g_list_length (keys), ==, 4);
    g_assert_cmpstr (g_list_nth_data (keys, 0), ==, "token");
    g_assert_cmpstr (g_list_nth_data (keys, 1), ==, "csrf");
    g_assert_cmpstr (g_list_nth_data (keys, 2), ==, "expiresAt");
    g_assert_cmpstr (g_list_nth_data (keys, 3), ==, "createdAt");
    g_assert_true (g_regex_match (token_shape, json_object_get_string_member (session_object, "token"), 0, NULL));
    created = g_date_time_new_from_iso8601 (json_object_get_string_member (session_object, "createdAt"), utc);
    expires = g_date_time_new_from_iso8601 (json_object_get_string_member (session_object, "expiresAt"), utc);
    g_assert_cmpint (g_date_time_difference (expires, created), ==, 24 * G_TIME_SPAN_HOUR);
  }

  /* Bearer needed everywhere else, even for the project list */
  {
    g_autoptr(Response) r = request (session, sim, "GET", "/v1/projects", NULL, NULL, NULL);

    assert_problem (r, 401, 401.2, NULL);
  }
  {
    g_autoptr(Response) r = request (session, sim, "GET", "/v1/projects", "Bearer short", NULL, NULL);

    assert_problem (r, 401, 401.2, NULL);
  }

  {
    g_autofree char *bearer = login (session, sim);
    g_autoptr(Response) user = request (session, sim, "GET", "/v1/users/current", bearer, NULL, NULL);
    g_autoptr(Response) forms = request (session, sim, "GET", "/v1/projects/1/forms", bearer, NULL, NULL);
    g_autoptr(Response) logout = NULL;
    g_autoptr(Response) after = NULL;
    g_autoptr(JsonNode) user_node = body_json (user);
    g_autoptr(JsonNode) forms_node = body_json (forms);
    g_autoptr(GList) user_keys = json_object_get_members (object_of (user_node));
    g_autoptr(GList) form_keys = NULL;

    g_assert_cmpuint (user->status, ==, 200);
    g_assert_cmpstr (g_list_nth_data (user_keys, 0), ==, "email");
    g_assert_cmpstr (g_list_nth_data (user_keys, 1), ==, "lastLoginAt");
    g_assert_cmpstr (json_object_get_string_member (object_of (user_node), "email"), ==, EMAIL);

    g_assert_cmpuint (forms->status, ==, 200);
    form_keys = json_object_get_members (json_array_get_object_element (json_node_get_array (forms_node), 0));
    g_assert_cmpstr (g_list_nth_data (form_keys, 0), ==, "projectId");
    g_assert_cmpstr (g_list_nth_data (form_keys, 2), ==, "state");
    g_assert_cmpstr (g_list_nth_data (form_keys, 13), ==, "draftToken");
    g_assert_cmpstr (g_list_last (form_keys)->data, ==, "name");

    logout = request (session, sim, "DELETE", "/v1/sessions/current", bearer, NULL, NULL);
    g_assert_cmpuint (logout->status, ==, 200);
    after = request (session, sim, "GET", "/v1/users/current", bearer, NULL, NULL);
    assert_problem (after, 401, 401.2, NULL);
  }

  sim_stop (sim);
}

static void
test_central_paging (void)
{
  Sim *sim = sim_start (WORLD, NULL);
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *bearer = login (session, sim);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) rows = NULL;
  gint64 total = count_of (session, sim, bearer, NULL);
  guint pages = 0;

  g_assert_cmpint (total, >, 20);

  /* the first page, byte for byte where Part 5 says */
  {
    g_autoptr(Response) r = request (session, sim, "GET", ODATA "/Submissions?%24top=7&%24count=true",
                                     bearer, NULL, NULL);
    g_autofree char *text = body_text (r);
    g_autoptr(JsonNode) node = body_json (r);
    JsonObject *page = object_of (node);
    JsonArray *value = json_object_get_array_member (page, "value");
    const char *next = json_object_get_string_member (page, "@odata.nextLink");
    const char *last = json_object_get_string_member (json_array_get_object_element (value, 6), "__id");
    g_autofree char *token_json = g_strdup_printf ("{\"instanceId\":\"%s\"}", last);
    g_autofree char *token = g_base64_encode ((const guchar *) token_json, strlen (token_json));
    g_autoptr(GString) encoded = g_string_new (NULL);
    g_autofree char *expected = NULL;
    g_autofree char *context_url = g_strconcat (sim->base, ODATA "/$metadata#Submissions", NULL);
    char *context, *next_at, *count_at;

    g_assert_cmpuint (r->status, ==, 200);
    g_assert_cmpstr (header (r, "OData-Version"), ==, "4.0");
    g_assert_true (g_str_has_prefix (header (r, "ETag"), "W/\"eventhash:"));
    g_assert_true (g_str_has_prefix (text, "{\"value\":[{"));
    context = strstr (text, "],\"@odata.context\":");
    next_at = strstr (text, ",\"@odata.nextLink\":");
    count_at = strstr (text, ",\"@odata.count\":");
    g_assert_true (context != NULL && next_at != NULL && count_at != NULL);
    g_assert_true (context < next_at && next_at < count_at);
    g_assert_true (g_str_has_suffix (text, "}"));
    g_assert_cmpuint (json_array_get_length (value), ==, 7);
    g_assert_cmpint (json_object_get_int_member (page, "@odata.count"), ==, total);
    g_assert_cmpstr (json_object_get_string_member (page, "@odata.context"), ==, context_url);

    /* %24 keys, the order kept, 01 + base64 with its padding as %3D */
    for (const char *p = token; *p != '\0'; p++)
      {
        if (*p == '=')
          g_string_append (encoded, "%3D");
        else if (*p == '+')
          g_string_append (encoded, "%2B");
        else if (*p == '/')
          g_string_append (encoded, "%2F");
        else
          g_string_append_c (encoded, *p);
      }
    expected = g_strdup_printf ("%s" ODATA "/Submissions?%%24top=7&%%24count=true&%%24skiptoken=01%s",
                                sim->base, encoded->str);
    g_assert_cmpstr (next, ==, expected);
  }

  /* the whole feed, page by page */
  rows = pull_all (session, sim, bearer, ODATA "/Submissions?%24top=7&%24count=true&%24expand=*", &pages);
  g_assert_cmpuint (rows->len, ==, total);
  g_assert_cmpuint (pages, ==, (total + 6) / 7);
  for (guint i = 0; i < rows->len; i++)
    {
      JsonNode *row = g_ptr_array_index (rows, i);
      JsonObject *system = json_object_get_object_member (object_of (row), "__system");

      g_assert_false (g_hash_table_contains (seen, row_id (row)));
      g_hash_table_add (seen, (char *) row_id (row));
      g_assert_cmpuint (json_object_get_size (system), ==, 12);
      g_assert_cmpint (json_node_get_value_type (json_object_get_member (system, "submitterId")), ==, G_TYPE_STRING);
      /* newest first */
      if (i > 0)
        g_assert_cmpstr (row_system (g_ptr_array_index (rows, i - 1), "submissionDate"), >=,
                         row_system (row, "submissionDate"));
    }

  /* without $expand the navigation link stays and the repeat goes */
  {
    g_autoptr(Response) r = request (session, sim, "GET", ODATA "/Submissions?%24top=1", bearer, NULL, NULL);
    g_autoptr(JsonNode) node = body_json (r);
    JsonObject *row = json_array_get_object_element (json_object_get_array_member (object_of (node), "value"), 0);

    g_assert_true (json_object_has_member (row, "compras@odata.navigationLink"));
    g_assert_false (json_object_has_member (row, "compras"));
  }

  /* a nextLink keeps every parameter, encoded as URLSearchParams writes it */
  {
    g_autoptr(Response) r = request (session, sim, "GET",
                                     ODATA "/Submissions?%24filter=__system%2FsubmissionDate%20gt%202026-10-01T00%3A00%3A00.000Z"
                                     "&%24top=3&%24skip=2&%24expand=*",
                                     bearer, NULL, NULL);
    g_autoptr(JsonNode) node = body_json (r);
    const char *next = json_object_get_string_member (object_of (node), "@odata.nextLink");
    g_autofree char *prefix = g_strconcat (sim->base, ODATA "/Submissions?%24filter=__system%2FsubmissionDate+gt+"
                                           "2026-10-01T00%3A00%3A00.000Z&%24top=3&%24expand=*&%24skiptoken=01", NULL);

    g_assert_cmpuint (r->status, ==, 200);
    g_assert_nonnull (next);
    g_assert_true (g_str_has_prefix (next, prefix));
  }

  /* one row, wrapped in value, not streamed */
  {
    JsonNode *first = g_ptr_array_index (rows, 0);
    g_autofree char *escaped = g_uri_escape_string (row_id (first), NULL, FALSE);
    g_autofree char *url = g_strdup_printf (ODATA "/Submissions('%s')", escaped);
    g_autoptr(Response) r = request (session, sim, "GET", url, bearer, NULL, NULL);
    g_autoptr(JsonNode) node = body_json (r);
    JsonArray *value = json_object_get_array_member (object_of (node), "value");

    g_assert_cmpuint (r->status, ==, 200);
    g_assert_nonnull (header (r, "Content-Length"));
    g_assert_cmpuint (json_array_get_length (value), ==, 1);
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (value, 0), "__id"), ==,
                     row_id (first));
  }

  /* an unchanged feed is 304 to its ETag */
  {
    g_autoptr(Response) r = request (session, sim, "GET", ODATA "/Submissions?%24top=5", bearer, NULL, NULL);
    g_autoptr(Response) again = request (session, sim, "GET", ODATA "/Submissions?%24top=5", bearer, NULL,
                                         "If-None-Match", header (r, "ETag"), NULL);

    g_assert_cmpuint (again->status, ==, 304);
    g_assert_cmpuint (g_bytes_get_size (again->body), ==, 0);
  }

  sim_stop (sim);
}

static void
test_central_filter (void)
{
  Sim *sim = sim_start (WORLD, NULL);
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *bearer = login (session, sim);
  g_autoptr(GPtrArray) rows = NULL;
  g_autofree char *filter = NULL;
  g_autofree char *escaped = NULL;
  g_autofree char *url = NULL;
  g_autoptr(GPtrArray) filtered = NULL;
  const char *pivot;
  guint pages, later = 0;

  rows = pull_all (session, sim, bearer, ODATA "/Submissions", &pages);
  g_assert_cmpuint (pages, ==, 1);
  pivot = row_system (g_ptr_array_index (rows, rows->len / 3), "submissionDate");
  for (guint i = 0; i < rows->len; i++)
    later += strcmp (row_system (g_ptr_array_index (rows, i), "submissionDate"), pivot) > 0;
  g_assert_cmpuint (later, >, 0);
  g_assert_cmpuint (later, <, rows->len);

  filter = g_strdup_printf ("__system/submissionDate gt %s", pivot);
  escaped = g_uri_escape_string (filter, NULL, FALSE);
  url = g_strdup_printf (ODATA "/Submissions?%%24filter=%s&%%24top=4&%%24count=true", escaped);
  filtered = pull_all (session, sim, bearer, url, &pages);
  g_assert_cmpuint (filtered->len, ==, later);
  g_assert_cmpint (count_of (session, sim, bearer, filter), ==, later);
  for (guint i = 0; i < filtered->len; i++)
    g_assert_cmpstr (row_system (g_ptr_array_index (filtered, i), "submissionDate"), >, pivot);

  /* parentheses, or, not, null */
  {
    g_autofree char *complex = g_strdup_printf ("(__system/submissionDate gt %s or __system/updatedAt gt %s) "
                                                "and not (__system/deletedAt ne null)", pivot, pivot);

    g_assert_cmpint (count_of (session, sim, bearer, complex), >=, later);
  }

  sim_stop (sim);
}

static void
test_central_errors (void)
{
  Sim *sim = sim_start (WORLD, NULL);
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *bearer = login (session, sim);

  {
    g_autoptr(Response) r = request (session, sim, "GET", ODATA "/Submissions?%24top=1&foo=1", bearer, NULL, NULL);
    g_autoptr(JsonNode) node = NULL;

    assert_problem (r, 501, 501.1, "The requested feature foo is not supported by this server.");
    node = body_json (r);
    g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (object_of (node), "details"),
                                                    "feature"), ==, "foo");
    g_assert_null (header (r, "OData-Version"));
  }
  {
    g_autoptr(Response) r = request (session, sim, "GET", ODATA "/Submissions?%24skiptoken=02abc", bearer, NULL, NULL);
    g_autoptr(JsonNode) node = NULL;

    assert_problem (r, 400, 400.35, "Invalid $skiptoken");
    node = body_json (r);
    g_assert_false (json_object_has_member (object_of (node), "details"));
    g_assert_cmpstr (header (r, "OData-Version"), ==, "4.0");
  }
  {
    g_autoptr(Response) r = request (session, sim, "GET", ODATA "/Submissions?%24expand=compras", bearer, NULL, NULL);

    assert_problem (r, 501, 501.6, NULL);
    g_assert_null (header (r, "OData-Version"));
  }
  {
    g_autoptr(Response) r = request (session, sim, "GET", ODATA "/Submissions?%24expand=*&%24select=comedor",
                                     bearer, NULL, NULL);

    assert_problem (r, 501, 501.11, "This server doesn't support $select query parameter with $expand.");
  }
  {
    g_autoptr(Response) r = request (session, sim, "GET",
                                     ODATA "/Submissions?%24filter=raciones_pagadas%20gt%205", bearer, NULL, NULL);

    assert_problem (r, 501, 501.5, "The given OData filter expression references fields not supported "
                                   "by this server: raciones_pagadas at 0");
    g_assert_cmpstr (header (r, "OData-Version"), ==, "4.0");
  }
  {
    /* an offset's unencoded + arrives as a space (Part 5, O7) */
    g_autoptr(Response) r = request (session, sim, "GET",
                                     ODATA "/Submissions?%24filter=__system/submissionDate%20gt%20"
                                     "2026-10-01T00:00:00.000+06:00", bearer, NULL, NULL);

    assert_problem (r, 400, 400.18, "The OData filter expression you provided could not be parsed: "
                                    "Unexpected character at 31");
  }
  {
    g_autoptr(Response) r = request (session, sim, "GET",
                                     ODATA "/Submissions?%24orderby=__system%2FsubmissionDate&"
                                     "%24skiptoken=01eyJpbnN0YW5jZUlkIjoieCJ9", bearer, NULL, NULL);

    assert_problem (r, 501, 501.1, "The requested feature using $orderby and $skiptoken together "
                                   "is not supported by this server.");
  }
  {
    /* a well-formed token for an unknown instance: nothing, no count (N3) */
    g_autoptr(Response) r = request (session, sim, "GET",
                                     ODATA "/Submissions?%24count=true&%24skiptoken=01eyJpbnN0YW5jZUlkIjoieCJ9",
                                     bearer, NULL, NULL);
    g_autoptr(JsonNode) node = body_json (r);

    g_assert_cmpuint (r->status, ==, 200);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object_of (node), "value")), ==, 0);
    g_assert_false (json_object_has_member (object_of (node), "@odata.count"));
  }
  {
    g_autoptr(Response) r = request (session, sim, "GET", "/v1/projects/2", bearer, NULL, NULL);

    assert_problem (r, 404, 404.1, "Could not find the resource you were looking for.");
  }
  {
    g_autoptr(Response) r = request (session, sim, "GET", "/projects", NULL, NULL, NULL);

    assert_problem (r, 404, 404.2, NULL);
  }

  sim_stop (sim);
}

static void
test_central_review (void)
{
  Sim *sim = sim_start (WORLD, NULL);
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *bearer = login (session, sim);
  g_autoptr(GPtrArray) rows = NULL;
  g_autofree char *before = NULL;
  g_autofree char *url = NULL;
  g_autofree char *filter = NULL;
  g_autofree char *escaped = NULL;
  g_autofree char *odata_url = NULL;
  g_autoptr(GPtrArray) changed = NULL;
  JsonNode *target;
  guint pages;

  rows = pull_all (session, sim, bearer, ODATA "/Submissions", &pages);
  before = latest_timestamp (rows);
  target = g_ptr_array_index (rows, rows->len / 2);
  url = g_strdup_printf (REST "/submissions/%s", row_id (target));

  {
    g_autoptr(Response) r = request (session, sim, "PATCH", url, bearer, "{\"reviewState\":\"foo\"}", NULL);

    assert_problem (r, 400, 400.8, "Unexpected state value foo; not a recognized state name");
  }

  {
    static const char * const keys[] = { "instanceId", "submitterId", "deviceId", "createdAt", "updatedAt",
                                         "reviewState", "deletedAt" };
    g_autoptr(Response) r = request (session, sim, "PATCH", url, bearer, "{\"reviewState\":\"approved\"}", NULL);
    g_autoptr(JsonNode) node = body_json (r);
    g_autoptr(GList) members = json_object_get_members (object_of (node));
    guint i = 0;

    g_assert_cmpuint (r->status, ==, 200);
    g_assert_cmpstr (header (r, "Cache-Control"), ==, "no-store");
    g_assert_cmpuint (g_list_length (members), ==, G_N_ELEMENTS (keys));
    for (GList *l = members; l != NULL; l = l->next)
      g_assert_cmpstr (l->data, ==, keys[i++]);
    g_assert_cmpstr (json_object_get_string_member (object_of (node), "reviewState"), ==, "approved");
    g_assert_cmpint (json_node_get_value_type (json_object_get_member (object_of (node), "submitterId")), ==,
                     G_TYPE_INT64);
    g_assert_cmpstr (json_object_get_string_member (object_of (node), "updatedAt"), >, before);
  }

  /* the change shows in a filter on updatedAt, and only it */
  filter = g_strdup_printf ("__system/updatedAt gt %s", before);
  escaped = g_uri_escape_string (filter, NULL, FALSE);
  odata_url = g_strdup_printf (ODATA "/Submissions?%%24filter=%s", escaped);
  changed = pull_all (session, sim, bearer, odata_url, &pages);
  g_assert_cmpuint (changed->len, ==, 1);
  g_assert_cmpstr (row_id (g_ptr_array_index (changed, 0)), ==, row_id (target));
  g_assert_cmpstr (row_system (g_ptr_array_index (changed, 0), "reviewState"), ==, "approved");

  /* null is accepted too (Part 5, K6) */
  {
    g_autoptr(Response) r = request (session, sim, "PATCH", url, bearer, "{\"reviewState\":null}", NULL);
    g_autoptr(JsonNode) node = body_json (r);

    g_assert_cmpuint (r->status, ==, 200);
    g_assert_true (JSON_NODE_HOLDS_NULL (json_object_get_member (object_of (node), "reviewState")));
  }

  /* comments, which do not touch updatedAt */
  {
    g_autofree char *comments = g_strconcat (url, "/comments", NULL);
    g_autoptr(Response) post = request (session, sim, "POST", comments, bearer, "{\"body\":\"Revisado\"}", NULL);
    g_autoptr(Response) list = request (session, sim, "GET", comments, bearer, NULL, NULL);
    g_autoptr(JsonNode) node = body_json (list);

    g_assert_cmpuint (post->status, ==, 200);
    g_assert_cmpuint (json_array_get_length (json_node_get_array (node)), ==, 1);
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (json_node_get_array (node), 0),
                                                    "body"), ==, "Revisado");
  }

  sim_stop (sim);
}

static void
test_central_attachments (void)
{
  Sim *sim = sim_start (WORLD, NULL);
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *bearer = login (session, sim);
  g_autoptr(GPtrArray) rows = NULL;
  g_autofree char *list_url = NULL;
  g_autofree char *photo_url = NULL;
  guint pages;

  rows = pull_all (session, sim, bearer, ODATA "/Submissions?%24top=1", &pages);
  list_url = g_strdup_printf (REST "/submissions/%s/attachments", row_id (g_ptr_array_index (rows, 0)));
  photo_url = g_strconcat (list_url, "/foto.jpg", NULL);

  {
    g_autoptr(Response) r = request (session, sim, "GET", list_url, bearer, NULL, NULL);
    g_autoptr(JsonNode) node = body_json (r);
    JsonObject *first = json_array_get_object_element (json_node_get_array (node), 0);

    g_assert_cmpuint (r->status, ==, 200);
    g_assert_cmpuint (json_array_get_length (json_node_get_array (node)), >=, 1);
    g_assert_cmpstr (json_object_get_string_member (first, "name"), ==, "foto.jpg");
    g_assert_true (json_object_get_boolean_member (first, "exists"));
  }

  {
    g_autoptr(Response) r = request (session, sim, "GET", photo_url, bearer, NULL, NULL);
    g_autofree char *md5 = g_compute_checksum_for_bytes (G_CHECKSUM_MD5, r->body);
    g_autofree char *etag = g_strdup_printf ("\"%s\"", md5);
    const guint8 *data;
    gsize length;
    g_autoptr(Response) again = NULL;

    g_assert_cmpuint (r->status, ==, 200);
    g_assert_cmpstr (header (r, "Content-Type"), ==, "image/jpeg");
    g_assert_cmpstr (header (r, "ETag"), ==, etag);
    g_assert_cmpstr (header (r, "Content-Disposition"), ==,
                     "inline; filename=\"foto.jpg\"; filename*=UTF-8''foto.jpg");
    data = g_bytes_get_data (r->body, &length);
    g_assert_cmpuint (length, >, 100);
    g_assert_true (data[0] == 0xff && data[1] == 0xd8 && data[length - 2] == 0xff && data[length - 1] == 0xd9);

    again = request (session, sim, "GET", photo_url, bearer, NULL, "If-None-Match", etag, NULL);
    g_assert_cmpuint (again->status, ==, 304);
    g_assert_cmpuint (g_bytes_get_size (again->body), ==, 0);
    g_assert_cmpstr (header (again, "ETag"), ==, etag);
    g_assert_null (header (again, "Content-Disposition"));
  }

  {
    g_autofree char *missing = g_strconcat (list_url, "/nada.jpg", NULL);
    g_autoptr(Response) r = request (session, sim, "GET", missing, bearer, NULL, NULL);

    assert_problem (r, 404, 404.1, NULL);
  }

  sim_stop (sim);
}

/* Kobo. */

static void
test_kobo (void)
{
  Sim *sim = sim_start (WORLD, NULL);
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new (g_direct_hash, g_direct_equal);
  g_autofree char *url = g_strdup (KOBO_DATA "?format=json&limit=50");
  gint64 count = -1, received = 0, last_id = 0;
  guint pages = 0;

  while (url != NULL)
    {
      pages++;
      g_assert_cmpuint (pages, <, 5000);
      g_autoptr(Response) r = request (session, sim, "GET", url, "Token " TOKEN, NULL, NULL);
      g_autoptr(JsonNode) node = body_json (r);
      JsonObject *page = object_of (node);
      JsonArray *results = json_object_get_array_member (page, "results");
      JsonNode *next = json_object_get_member (page, "next");
      g_autoptr(GList) keys = json_object_get_members (page);

      g_assert_cmpuint (r->status, ==, 200);
      g_assert_cmpstr (g_list_nth_data (keys, 0), ==, "count");
      g_assert_cmpstr (g_list_nth_data (keys, 1), ==, "next");
      g_assert_cmpstr (g_list_nth_data (keys, 2), ==, "previous");
      g_assert_cmpstr (g_list_nth_data (keys, 3), ==, "results");
      if (count < 0)
        count = json_object_get_int_member (page, "count");
      g_assert_cmpint (json_object_get_int_member (page, "count"), ==, count);

      for (guint i = 0; i < json_array_get_length (results); i++)
        {
          JsonObject *doc = json_array_get_object_element (results, i);
          gint64 id = json_object_get_int_member (doc, "_id");
          const char *time = json_object_get_string_member (doc, "_submission_time");
          JsonArray *attachments = json_object_get_array_member (doc, "_attachments");
          JsonArray *geolocation = json_object_get_array_member (doc, "_geolocation");

          /* oldest first by _id, each once */
          g_assert_cmpint (id, >, last_id);
          last_id = id;
          g_assert_false (g_hash_table_contains (seen, GINT_TO_POINTER (id)));
          g_hash_table_add (seen, GINT_TO_POINTER (id));
          received++;

          g_assert_cmpuint (strlen (time), ==, 19);
          g_assert_null (strchr (time, 'Z'));
          g_assert_cmpint (json_node_get_value_type (json_object_get_member (doc, "raciones_pagadas")), ==,
                           G_TYPE_STRING);
          g_assert_cmpint (json_node_get_value_type (json_object_get_member (doc, "comensales/ninas_ninos")), ==,
                           G_TYPE_STRING);
          g_assert_false (g_str_has_prefix (json_object_get_string_member (doc, "_uuid"), "uuid:"));
          g_assert_cmpstr (json_object_get_string_member (doc, "meta/rootUuid"), ==,
                           json_object_get_string_member (doc, "meta/instanceID"));
          g_assert_cmpint (json_node_get_value_type (json_array_get_element (geolocation, 0)), ==, G_TYPE_DOUBLE);
          g_assert_cmpfloat (json_array_get_double_element (geolocation, 0), >, 19);
          g_assert_cmpfloat (json_array_get_double_element (geolocation, 1), <, -98);
          g_assert_true (g_str_has_prefix (json_object_get_string_member (json_array_get_object_element (attachments, 0),
                                                                          "download_url"), sim->base));
          if (json_object_has_member (doc, "compras"))
            g_assert_true (json_object_has_member (json_array_get_object_element (
                             json_object_get_array_member (doc, "compras"), 0), "compras/concepto"));
        }

      g_free (url);
      url = JSON_NODE_HOLDS_NULL (next) ? NULL : g_strdup (json_node_get_string (next));
      if (url != NULL)
        {
          g_assert_true (g_str_has_prefix (url, sim->base));
          g_assert_nonnull (strstr (url, "limit=50"));
          g_assert_nonnull (strstr (url, "start="));
        }
    }
  g_assert_cmpint (received, ==, count);
  g_assert_cmpint (last_id, ==, count);

  /* a query on _id, and the errors */
  {
    g_autofree char *query = g_uri_escape_string ("{\"_id\":{\"$gt\":10}}", NULL, FALSE);
    g_autofree char *query_url = g_strdup_printf (KOBO_DATA "?format=json&query=%s&limit=1000", query);
    g_autoptr(Response) r = request (session, sim, "GET", query_url, "Token " TOKEN, NULL, NULL);
    g_autoptr(JsonNode) node = body_json (r);

    g_assert_cmpint (json_object_get_int_member (object_of (node), "count"), ==, count - 10);
  }
  {
    static const struct { const char *query; const char *body; } cases[] = {
      { "limit=0", "{\"limit\":\"A positive integer is required\"}" },
      { "limit=-3", "{\"limit\":\"A positive integer is required\"}" },
      { "limit=ten", "{\"limit\":\"A positive integer is required\"}" },
      { "start=-1", "{\"start\":\"A positive integer is required.\"}" },
      { "query=%7Bnot-json", "{\"query\":\"Value must be valid JSON.\"}" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
      {
        g_autofree char *bad = g_strconcat (KOBO_DATA "?format=json&", cases[i].query, NULL);
        g_autoptr(Response) r = request (session, sim, "GET", bad, "Token " TOKEN, NULL, NULL);
        g_autofree char *text = body_text (r);

        g_assert_cmpuint (r->status, ==, 400);
        g_assert_cmpstr (text, ==, cases[i].body);
      }
  }
  {
    g_autoptr(Response) r = request (session, sim, "GET", KOBO_DATA "?count=true", "Token " TOKEN, NULL, NULL);

    g_assert_cmpuint (r->status, ==, 400);
  }
  {
    g_autoptr(Response) r = request (session, sim, "GET", KOBO_DATA, "Token 0000000000000000000000000000000000000000",
                                     NULL, NULL);
    g_autofree char *text = body_text (r);

    g_assert_cmpuint (r->status, ==, 401);
    g_assert_cmpstr (text, ==, "{\"detail\":\"Invalid token.\"}");
    g_assert_cmpstr (header (r, "WWW-Authenticate"), ==, "Token");
  }
  {
    g_autoptr(Response) r = request (session, sim, "GET", KOBO_DATA, NULL, NULL, NULL);
    g_autofree char *text = body_text (r);

    g_assert_cmpuint (r->status, ==, 404);
    g_assert_cmpstr (text, ==, "{\"detail\":\"Not found.\"}");
  }

  /* validation status with the literal dotted key */
  {
    g_autoptr(Response) bad = request (session, sim, "PATCH", KOBO_DATA "2/validation_status/", "Token " TOKEN,
                                       "{\"validation_status.uid\":\"x\"}", NULL);
    g_autoptr(Response) good = request (session, sim, "PATCH", KOBO_DATA "2/validation_status/", "Token " TOKEN,
                                        "{\"validation_status.uid\":\"validation_status_on_hold\"}", NULL);
    g_autoptr(Response) get = request (session, sim, "GET", KOBO_DATA "2/?format=json", "Token " TOKEN, NULL, NULL);
    g_autofree char *bad_text = body_text (bad);
    g_autoptr(JsonNode) node = body_json (get);

    g_assert_cmpuint (bad->status, ==, 400);
    g_assert_cmpstr (bad_text, ==, "{\"detail\":\"Invalid validation status: `x`\"}");
    g_assert_cmpuint (good->status, ==, 200);
    g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (object_of (node),
                                                                                   "_validation_status"), "uid"),
                     ==, "validation_status_on_hold");
  }

  sim_stop (sim);
}

static void
test_kobo_limit_cap (void)
{
  /* more than 1000 submissions, so the cap shows */
  Sim *sim = sim_start ("--kitchens", "60", "--months", "1", "--end", "2026-10-31", NULL);
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(Response) r = request (session, sim, "GET", KOBO_DATA "?format=json&limit=5000&fields=%5B%22_id%22%5D",
                                   "Token " TOKEN, NULL, NULL);
  g_autoptr(JsonNode) node = body_json (r);
  JsonObject *page = object_of (node);
  g_autoptr(Response) plain = request (session, sim, "GET", KOBO_DATA "?format=json&fields=%5B%22_id%22%5D",
                                       "Token " TOKEN, NULL, NULL);
  g_autoptr(JsonNode) plain_node = body_json (plain);
  g_autofree char *next = g_strconcat (sim->base, KOBO_DATA "?fields=%5B%22_id%22%5D&format=json&limit=1000&start=1000",
                                       NULL);

  g_assert_cmpint (json_object_get_int_member (page, "count"), >, 1000);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (page, "results")), ==, 1000);
  g_assert_cmpstr (json_object_get_string_member (page, "next"), ==, next);
  /* the default page is 100 */
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object_of (plain_node), "results")), ==, 100);

  sim_stop (sim);
}

/* Faults: each strikes once, then the server behaves. */

static void
test_fault_500_503 (void)
{
  Sim *sim = sim_start (WORLD, "--fault", "500", "--fault", "503", NULL);
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *bearer = login (session, sim);

  {
    g_autoptr(Response) r = request (session, sim, "GET", ODATA "/Submissions?%24top=5", bearer, NULL, NULL);
    g_autofree char *text = body_text (r);

    g_assert_cmpuint (r->status, ==, 500);
    g_assert_cmpstr (text, ==, "{\"message\":\"Internal Server Error\"}");
  }
  {
    g_autoptr(Response) r = request (session, sim, "GET", KOBO_DATA "?limit=5", "Token " TOKEN, NULL, NULL);

    g_assert_cmpuint (r->status, ==, 503);
    g_assert_cmpstr (header (r, "Retry-After"), ==, "1");
  }
  {
    g_autoptr(Response) r = request (session, sim, "GET", ODATA "/Submissions?%24top=5", bearer, NULL, NULL);
    g_autoptr(Response) k = request (session, sim, "GET", KOBO_DATA "?limit=5", "Token " TOKEN, NULL, NULL);

    g_assert_cmpuint (r->status, ==, 200);
    g_assert_cmpuint (k->status, ==, 200);
  }

  sim_stop (sim);
}

static void
test_fault_rate (void)
{
  Sim *sim = sim_start (WORLD, "--fault", "500", "--fault-rate", "1", NULL);
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *bearer = login (session, sim);

  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(Response) r = request (session, sim, "GET", ODATA "/Submissions?%24top=5", bearer, NULL, NULL);

      g_assert_cmpuint (r->status, ==, 500);
    }
  {
    /* not a data page */
    g_autoptr(Response) r = request (session, sim, "GET", "/v1/projects", bearer, NULL, NULL);

    g_assert_cmpuint (r->status, ==, 200);
  }

  sim_stop (sim);
}

static void
test_fault_broken_bodies (void)
{
  static const char * const kinds[] = { "reset", "truncated", "bad-json" };

  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    {
      Sim *sim = sim_start (WORLD, "--fault", kinds[k], NULL);
      g_autoptr(SoupSession) session = soup_session_new ();
      g_autofree char *bearer = login (session, sim);
      g_autoptr(Response) broken = request (session, sim, "GET", ODATA "/Submissions?%24top=20", bearer, NULL, NULL);
      g_autoptr(Response) fine = request (session, sim, "GET", ODATA "/Submissions?%24top=20", bearer, NULL, NULL);
      g_autoptr(JsonNode) node = NULL;

      if (strcmp (kinds[k], "bad-json") == 0)
        {
          g_autoptr(JsonParser) parser = json_parser_new ();
          g_autofree char *text = body_text (broken);

          g_assert_no_error (broken->error);
          g_assert_cmpuint (broken->status, ==, 200);
          g_assert_false (json_parser_load_from_data (parser, text, -1, NULL));
        }
      else
        /* the client sees the connection fail in the middle of the body */
        g_assert_nonnull (broken->error);

      g_assert_no_error (fine->error);
      g_assert_cmpuint (fine->status, ==, 200);
      node = body_json (fine);
      g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object_of (node), "value")), ==, 20);

      sim_stop (sim);
    }
}

static void
test_fault_slow (void)
{
  Sim *sim = sim_start (WORLD, "--fault", "slow", "--slow-seconds", "2", NULL);
  g_autoptr(SoupSession) impatient = soup_session_new_with_options ("timeout", 1, NULL);
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *bearer = login (session, sim);
  gint64 start = g_get_monotonic_time ();

  {
    g_autoptr(Response) r = request (impatient, sim, "GET", ODATA "/Submissions?%24top=5", bearer, NULL, NULL);

    g_assert_error (r->error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT);
  }
  {
    g_autoptr(Response) r = request (session, sim, "GET", ODATA "/Submissions?%24top=5", bearer, NULL, NULL);

    g_assert_no_error (r->error);
    g_assert_cmpuint (r->status, ==, 200);
    g_assert_cmpint (g_get_monotonic_time () - start, <, G_USEC_PER_SEC * 3 / 2 + G_USEC_PER_SEC);
  }

  /* the delayed answer resumes on a connection its client gave up on */
  g_usleep (G_USEC_PER_SEC * 3 / 2);
  {
    g_autoptr(Response) r = request (session, sim, "GET", "/v1/projects", bearer, NULL, NULL);

    g_assert_cmpuint (r->status, ==, 200);
  }

  sim_stop (sim);
}

static void
test_fault_missing_fields (void)
{
  /* two strikes: one on Central's page, one on Kobo's */
  Sim *sim = sim_start (WORLD, "--fault", "missing-fields", "--fault", "missing-fields", NULL);
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *bearer = login (session, sim);
  g_autoptr(Response) broken = request (session, sim, "GET", ODATA "/Submissions?%24top=3", bearer, NULL, NULL);
  g_autoptr(Response) kobo = request (session, sim, "GET", KOBO_DATA "?limit=3", "Token " TOKEN, NULL, NULL);
  g_autoptr(Response) fine = request (session, sim, "GET", ODATA "/Submissions?%24top=3", bearer, NULL, NULL);
  g_autoptr(JsonNode) a = body_json (broken);
  g_autoptr(JsonNode) b = body_json (fine);
  g_autoptr(JsonNode) k = body_json (kobo);
  JsonObject *row_a = json_array_get_object_element (json_object_get_array_member (object_of (a), "value"), 0);
  JsonObject *row_b = json_array_get_object_element (json_object_get_array_member (object_of (b), "value"), 0);
  JsonObject *doc = json_array_get_object_element (json_object_get_array_member (object_of (k), "results"), 0);

  /* Central writes the missing values as null; the same row is whole later */
  g_assert_cmpstr (json_object_get_string_member (row_a, "__id"), ==, json_object_get_string_member (row_b, "__id"));
  g_assert_true (json_object_get_null_member (row_a, "comedor"));
  g_assert_true (json_object_get_null_member (row_a, "fecha"));
  g_assert_nonnull (json_object_get_string_member (row_b, "comedor"));
  g_assert_nonnull (json_object_get_string_member (row_b, "fecha"));

  /* Kobo leaves them out */
  g_assert_false (json_object_has_member (doc, "comedor"));
  g_assert_false (json_object_has_member (doc, "fecha"));
  g_assert_true (json_object_has_member (doc, "raciones_pagadas"));

  sim_stop (sim);
}

static void
test_fault_duplicate_row (void)
{
  Sim *sim = sim_start (WORLD, "--fault", "duplicate-row", NULL);
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *bearer = login (session, sim);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) rows = NULL;
  gint64 total = count_of (session, sim, bearer, NULL);
  guint pages, repeats = 0;

  rows = pull_all (session, sim, bearer, ODATA "/Submissions?%24top=5", &pages);
  g_assert_cmpuint (rows->len, ==, total + 1);
  for (guint i = 0; i < rows->len; i++)
    {
      if (g_hash_table_contains (seen, row_id (g_ptr_array_index (rows, i))))
        {
          repeats++;
          /* the last row of page one, again at the head of page two */
          g_assert_cmpuint (i, ==, 5);
          g_assert_cmpstr (row_id (g_ptr_array_index (rows, 4)), ==, row_id (g_ptr_array_index (rows, 5)));
        }
      g_hash_table_add (seen, (char *) row_id (g_ptr_array_index (rows, i)));
    }
  g_assert_cmpuint (repeats, ==, 1);
  g_assert_cmpuint (g_hash_table_size (seen), ==, total);

  sim_stop (sim);
}

static void
test_fault_arrivals (void)
{
  Sim *sim = sim_start (WORLD, "--fault", "arrivals", NULL);
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *bearer = login (session, sim);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *url = g_strdup (ODATA "/Submissions?%24top=6&%24count=true");
  gint64 first_count = -1, last_count = -1;
  gint64 after;
  guint pages = 0;

  while (url != NULL)
    {
      pages++;
      g_assert_cmpuint (pages, <, 5000);
      g_autoptr(Response) r = request (session, sim, "GET", url, bearer, NULL, NULL);
      g_autoptr(JsonNode) node = body_json (r);
      JsonObject *page = object_of (node);
      JsonArray *value = json_object_get_array_member (page, "value");

      g_assert_cmpuint (r->status, ==, 200);
      if (first_count < 0)
        first_count = json_object_get_int_member (page, "@odata.count");
      last_count = json_object_get_int_member (page, "@odata.count");
      for (guint i = 0; i < json_array_get_length (value); i++)
        {
          const char *id = json_object_get_string_member (json_array_get_object_element (value, i), "__id");

          g_assert_false (g_hash_table_contains (seen, id));
          g_hash_table_add (seen, g_strdup (id));
        }
      g_free (url);
      url = json_object_has_member (page, "@odata.nextLink")
            ? g_strdup (json_object_get_string_member (page, "@odata.nextLink")) : NULL;
    }

  /* new submissions came while paging; the cursor did not shift: each
   * original row once, none of the new ones */
  g_assert_cmpint (last_count, >, first_count);
  g_assert_cmpuint (g_hash_table_size (seen), ==, first_count);
  after = count_of (session, sim, bearer, NULL);
  g_assert_cmpint (after, ==, last_count);

  sim_stop (sim);
}

static void
test_fault_edited (void)
{
  Sim *sim = sim_start (WORLD, "--fault", "edited", NULL);
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *bearer = login (session, sim);
  g_autoptr(Response) kobo_before = NULL;
  g_autoptr(Response) kobo_after = NULL;
  g_autoptr(JsonNode) kb = NULL;
  g_autoptr(JsonNode) ka = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autofree char *edited_root = NULL;
  JsonArray *before_docs, *after_docs;
  guint changed = 0, pages;

  /* a complete Kobo pull (no next): the edit happens after it */
  kobo_before = request (session, sim, "GET", KOBO_DATA "?limit=1000", "Token " TOKEN, NULL, NULL);
  kb = body_json (kobo_before);
  g_assert_true (json_object_get_null_member (object_of (kb), "next"));
  kobo_after = request (session, sim, "GET", KOBO_DATA "?limit=1000", "Token " TOKEN, NULL, NULL);
  ka = body_json (kobo_after);
  before_docs = json_object_get_array_member (object_of (kb), "results");
  after_docs = json_object_get_array_member (object_of (ka), "results");
  g_assert_cmpuint (json_array_get_length (before_docs), ==, json_array_get_length (after_docs));
  for (guint i = 0; i < json_array_get_length (before_docs); i++)
    {
      JsonObject *b = json_array_get_object_element (before_docs, i);
      JsonObject *a = json_array_get_object_element (after_docs, i);

      g_assert_cmpint (json_object_get_int_member (a, "_id"), ==, json_object_get_int_member (b, "_id"));
      g_assert_cmpstr (json_object_get_string_member (a, "meta/rootUuid"), ==,
                       json_object_get_string_member (b, "meta/rootUuid"));
      if (strcmp (json_object_get_string_member (a, "_uuid"), json_object_get_string_member (b, "_uuid")) != 0)
        {
          changed++;
          edited_root = g_strdup (json_object_get_string_member (a, "meta/rootUuid"));
          g_assert_cmpstr (json_object_get_string_member (a, "meta/deprecatedID"), ==,
                           json_object_get_string_member (b, "meta/instanceID"));
        }
    }
  g_assert_cmpuint (changed, ==, 1);

  /* Central shows the same edit: the same __id, a new version */
  after = pull_all (session, sim, bearer, ODATA "/Submissions", &pages);
  changed = 0;
  for (guint i = 0; i < after->len; i++)
    {
      JsonObject *row = object_of (g_ptr_array_index (after, i));
      JsonObject *system = json_object_get_object_member (row, "__system");
      const char *instance = json_object_get_string_member (json_object_get_object_member (row, "meta"), "instanceID");

      if (strcmp (json_object_get_string_member (row, "__id"), edited_root) != 0)
        {
          g_assert_cmpint (json_object_get_int_member (system, "edits"), ==, 0);
          continue;
        }
      changed++;
      g_assert_cmpstr (instance, !=, edited_root);
      g_assert_cmpint (json_object_get_int_member (system, "edits"), ==, 1);
      g_assert_cmpstr (json_object_get_string_member (system, "reviewState"), ==, "edited");
      g_assert_cmpstr (json_object_get_string_member (system, "updatedAt"), >,
                       json_object_get_string_member (system, "submissionDate"));
    }
  g_assert_cmpuint (changed, ==, 1);

  sim_stop (sim);
}

static void
test_fault_expire_token (void)
{
  {
    Sim *sim = sim_start (WORLD, "--fault", "expire-token", NULL);
    g_autoptr(SoupSession) session = soup_session_new ();
    g_autofree char *bearer = login (session, sim);
    g_autofree char *again = NULL;
    g_autoptr(Response) first = request (session, sim, "GET", ODATA "/Submissions?%24top=5", bearer, NULL, NULL);
    g_autoptr(JsonNode) node = body_json (first);
    const char *next = json_object_get_string_member (object_of (node), "@odata.nextLink");
    g_autoptr(Response) refused = request (session, sim, "GET", next, bearer, NULL, NULL);
    g_autoptr(Response) resumed = NULL;

    g_assert_cmpuint (first->status, ==, 200);
    assert_problem (refused, 401, 401.2, "Could not authenticate with the provided credentials.");
    again = login (session, sim);
    g_assert_cmpstr (again, !=, bearer);
    resumed = request (session, sim, "GET", next, again, NULL, NULL);
    g_assert_cmpuint (resumed->status, ==, 200);

    sim_stop (sim);
  }
  {
    Sim *sim = sim_start (WORLD, "--fault", "expire-token", NULL);
    g_autoptr(SoupSession) session = soup_session_new ();
    g_autoptr(Response) first = request (session, sim, "GET", KOBO_DATA "?limit=5", "Token " TOKEN, NULL, NULL);
    g_autoptr(Response) refused = request (session, sim, "GET", KOBO_DATA "?limit=5&start=5", "Token " TOKEN, NULL, NULL);
    g_autoptr(Response) resumed = request (session, sim, "GET", KOBO_DATA "?limit=5&start=5", "Token " TOKEN, NULL, NULL);
    g_autofree char *text = body_text (refused);

    g_assert_cmpuint (first->status, ==, 200);
    g_assert_cmpuint (refused->status, ==, 401);
    g_assert_cmpstr (text, ==, "{\"detail\":\"Invalid token.\"}");
    g_assert_cmpuint (resumed->status, ==, 200);

    sim_stop (sim);
  }
}

static void
test_fault_escape_attachment (void)
{
  Sim *sim = sim_start (WORLD, "--fault", "escape-attachment", NULL);
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *bearer = login (session, sim);
  g_autoptr(GPtrArray) rows = NULL;
  g_autofree char *url = NULL;
  JsonObject *newest;
  guint pages;

  rows = pull_all (session, sim, bearer, ODATA "/Submissions?%24top=1", &pages);
  newest = object_of (g_ptr_array_index (rows, 0));
  g_assert_cmpstr (json_object_get_string_member (newest, "foto"), ==, "../../escape.jpg");

  url = g_strdup_printf (REST "/submissions/%s/attachments/..%%2F..%%2Fescape.jpg",
                         json_object_get_string_member (newest, "__id"));
  {
    g_autoptr(Response) r = request (session, sim, "GET", url, bearer, NULL, NULL);

    g_assert_cmpuint (r->status, ==, 200);
    g_assert_cmpstr (header (r, "Content-Type"), ==, "image/jpeg");
    g_assert_cmpstr (header (r, "Content-Disposition"), ==,
                     "inline; filename=\"....escape.jpg\"; filename*=UTF-8''....escape.jpg");
  }

  sim_stop (sim);
}

/* --db and --submissions */

static void
test_world_options (void)
{
  g_autofree char *dir = cm_test_make_tmp_dir ("sim");
  g_autofree char *path = g_build_filename (dir, "demo.db", NULL);
  g_autoptr(SoupSession) session = soup_session_new ();
  CmDemoOptions options;
  CmDemoSummary summary;
  g_autoptr(GError) error = NULL;

  {
    g_autoptr(CmDb) db = cm_db_open (path, &error);

    g_assert_no_error (error);
    cm_demo_options_init_default (&options);
    options.seed = 7;
    options.kitchens = 5;
    options.months = 1;
    g_date_set_dmy (&options.end, 31, 10, 2026);
    cm_demo_generate (db, &options, &summary, NULL, &error);
    g_assert_no_error (error);
  }

  {
    Sim *sim = sim_start ("--db", path, NULL);
    g_autofree char *bearer = login (session, sim);

    g_assert_cmpint (count_of (session, sim, bearer, NULL), ==, summary.reports);
    sim_stop (sim);
  }

  {
    Sim *full = sim_start (WORLD, NULL);
    Sim *part = sim_start (WORLD, "--submissions", "30", NULL);
    g_autofree char *full_bearer = login (session, full);
    g_autofree char *part_bearer = login (session, part);
    g_autoptr(GPtrArray) all = NULL;
    g_autoptr(GPtrArray) oldest = NULL;
    guint pages;

    all = pull_all (session, full, full_bearer, ODATA "/Submissions", &pages);
    oldest = pull_all (session, part, part_bearer, ODATA "/Submissions", &pages);
    g_assert_cmpuint (oldest->len, ==, 30);
    for (guint i = 0; i < 30; i++)
      g_assert_cmpstr (row_id (g_ptr_array_index (oldest, i)), ==,
                       row_id (g_ptr_array_index (all, all->len - 30 + i)));
    sim_stop (full);
    sim_stop (part);
  }

  cm_test_remove_tree (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sim/central/login", test_central_login);
  g_test_add_func ("/sim/central/paging", test_central_paging);
  g_test_add_func ("/sim/central/filter", test_central_filter);
  g_test_add_func ("/sim/central/errors", test_central_errors);
  g_test_add_func ("/sim/central/review", test_central_review);
  g_test_add_func ("/sim/central/attachments", test_central_attachments);
  g_test_add_func ("/sim/kobo/paging", test_kobo);
  g_test_add_func ("/sim/kobo/limit-cap", test_kobo_limit_cap);
  g_test_add_func ("/sim/fault/500-503", test_fault_500_503);
  g_test_add_func ("/sim/fault/rate", test_fault_rate);
  g_test_add_func ("/sim/fault/broken-bodies", test_fault_broken_bodies);
  g_test_add_func ("/sim/fault/slow", test_fault_slow);
  g_test_add_func ("/sim/fault/missing-fields", test_fault_missing_fields);
  g_test_add_func ("/sim/fault/duplicate-row", test_fault_duplicate_row);
  g_test_add_func ("/sim/fault/arrivals", test_fault_arrivals);
  g_test_add_func ("/sim/fault/edited", test_fault_edited);
  g_test_add_func ("/sim/fault/expire-token", test_fault_expire_token);
  g_test_add_func ("/sim/fault/escape-attachment", test_fault_escape_attachment);
  g_test_add_func ("/sim/world-options", test_world_options);

  return g_test_run ();
}
