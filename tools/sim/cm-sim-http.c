/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "comedores-sim"

#include "config.h"

#include <string.h>
#include <sys/socket.h>

#include "cm-sim.h"

static const char django_500[] =
  "\n<!doctype html>\n<html lang=\"en\">\n<head>\n  <title>Server Error (500)</title>\n</head>\n"
  "<body>\n  <h1>Server Error (500)</h1><p></p>\n</body>\n</html>\n";

static const char nginx_503[] =
  "<html>\r\n<head><title>503 Service Temporarily Unavailable</title></head>\r\n<body>\r\n"
  "<center><h1>503 Service Temporarily Unavailable</h1></center>\r\n"
  "<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";

const char *
cm_sim_request_header (SoupServerMessage *msg,
                       const char        *name)
{
  return soup_message_headers_get_one (soup_server_message_get_request_headers (msg), name);
}

void
cm_sim_respond (SoupServerMessage *msg,
                guint              status,
                const char        *content_type,
                char              *body,
                gsize              length)
{
  soup_server_message_set_status (msg, status, NULL);
  if (body != NULL)
    soup_server_message_set_response (msg, content_type, SOUP_MEMORY_TAKE, body,
                                      length == (gsize) -1 ? strlen (body) : length);
}

/* Express's default ETag: W/"<length in hex>-<27 characters of base64 SHA-1>". */
char *
cm_sim_express_etag (const char *body,
                     gsize       length)
{
  g_autoptr(GChecksum) sha1 = g_checksum_new (G_CHECKSUM_SHA1);
  guint8 digest[20];
  gsize digest_length = sizeof digest;
  g_autofree char *base64 = NULL;

  if (length == 0)
    return g_strdup ("W/\"0-2jmj7l5rSw0yVb/vlWAYkK/YBwk\"");

  g_checksum_update (sha1, (const guchar *) body, (gssize) length);
  g_checksum_get_digest (sha1, digest, &digest_length);
  base64 = g_base64_encode (digest, digest_length);
  base64[27] = '\0';

  return g_strdup_printf ("W/\"%" G_GSIZE_MODIFIER "x-%s\"", length, base64);
}

/* If-None-Match, weakly compared, as Express's fresh() does it. */
gboolean
cm_sim_etag_matches (SoupServerMessage *msg,
                     const char        *etag)
{
  const char *header = cm_sim_request_header (msg, "If-None-Match");
  g_auto(GStrv) tags = NULL;
  g_autofree char *trimmed = NULL;
  const char *ours = g_str_has_prefix (etag, "W/") ? etag + 2 : etag;

  if (header == NULL)
    return FALSE;
  trimmed = g_strstrip (g_strdup (header));
  if (strcmp (trimmed, "*") == 0)
    return TRUE;

  tags = g_strsplit (header, ",", -1);
  for (guint i = 0; tags[i] != NULL; i++)
    {
      const char *tag = g_strstrip (tags[i]);

      if (g_str_has_prefix (tag, "W/"))
        tag += 2;
      if (strcmp (tag, ours) == 0)
        return TRUE;
    }

  return FALSE;
}

static void
append_header_cb (const char *name,
                  const char *value,
                  gpointer    data)
{
  GString *head = data;

  if (g_ascii_strcasecmp (name, "Content-Length") == 0 ||
      g_ascii_strcasecmp (name, "Transfer-Encoding") == 0)
    return;
  g_string_append_printf (head, "%s: %s\r\n", name, value);
}

/* The socket under a connection libsoup has wrapped (in a SoupIOStream,
 * whose "base-iostream" property is the GSocketConnection). */
static GSocket *
socket_of (GIOStream *stream)
{
  g_autoptr(GIOStream) base = NULL;

  if (G_IS_SOCKET_CONNECTION (stream))
    return g_object_ref (g_socket_connection_get_socket (G_SOCKET_CONNECTION (stream)));
  if (g_object_class_find_property (G_OBJECT_GET_CLASS (stream), "base-iostream") == NULL)
    return NULL;
  g_object_get (stream, "base-iostream", &base, NULL);
  return base != NULL && base != stream ? socket_of (base) : NULL;
}

/* Writes the status line, the headers and part of the body on the raw
 * connection, then cuts it: with @reset a TCP reset in the middle of a
 * chunked body, otherwise a close before Content-Length is reached. */
static void
send_and_cut (SoupServerMessage *msg,
              const char        *content_type,
              GString           *body,
              gboolean           reset)
{
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GIOStream) stream = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *date = soup_date_time_to_string (now, SOUP_DATE_HTTP);
  g_autoptr(GString) head = g_string_new ("HTTP/1.1 200 OK\r\n");
  g_autoptr(GError) error = NULL;
  gsize part = body->len / 2;
  GOutputStream *out;

  if (soup_server_message_get_socket (msg) != NULL)
    socket = g_object_ref (soup_server_message_get_socket (msg));

  g_string_append_printf (head, "Date: %s\r\n", date);
  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "Content-Type", content_type);
  soup_message_headers_foreach (soup_server_message_get_response_headers (msg),
                                append_header_cb, head);
  if (reset)
    g_string_append_printf (head, "Transfer-Encoding: chunked\r\n\r\n%" G_GSIZE_MODIFIER "x\r\n",
                            part);
  else
    g_string_append_printf (head, "Content-Length: %" G_GSIZE_MODIFIER "u\r\n\r\n", body->len);

  stream = soup_server_message_steal_connection (msg);
  if (stream == NULL)
    return;
  if (socket == NULL)
    socket = socket_of (stream);
  out = g_io_stream_get_output_stream (stream);

  if (!g_output_stream_write_all (out, head->str, head->len, NULL, NULL, &error) ||
      !g_output_stream_write_all (out, body->str, part, NULL, NULL, &error) ||
      !g_output_stream_flush (out, NULL, &error))
    g_debug ("cutting a response short: %s", error->message);

  if (reset && socket != NULL)
    {
      struct linger linger = { 1, 0 };

      /* a close with linger 0 sends RST instead of FIN */
      setsockopt (g_socket_get_fd (socket), SOL_SOCKET, SO_LINGER, &linger, sizeof linger);
    }

  g_io_stream_close (stream, NULL, NULL);
}

typedef struct
{
  CmSim             *sim;
  SoupServerMessage *msg;
  guint              id;
} SlowResume;

static gboolean
slow_resume_cb (gpointer data)
{
  SlowResume *resume = data;

  resume->sim->slow_sources = g_list_remove (resume->sim->slow_sources,
                                             GUINT_TO_POINTER (resume->id));
  soup_server_message_unpause (resume->msg);

  return G_SOURCE_REMOVE;
}

static void
slow_resume_free (gpointer data)
{
  SlowResume *resume = data;

  g_object_unref (resume->msg);
  g_free (resume);
}

void
cm_sim_cancel_slow (CmSim *sim)
{
  while (sim->slow_sources != NULL)
    {
      guint id = GPOINTER_TO_UINT (sim->slow_sources->data);

      sim->slow_sources = g_list_delete_link (sim->slow_sources, sim->slow_sources);
      g_source_remove (id);
    }
}

static void
send_whole (SoupServerMessage *msg,
            const char        *content_type,
            gboolean           chunked,
            GString           *body)
{
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  if (chunked)
    {
      SoupMessageBody *response = soup_server_message_get_response_body (msg);

      soup_message_headers_set_encoding (soup_server_message_get_response_headers (msg),
                                         SOUP_ENCODING_CHUNKED);
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "Content-Type", content_type);
      soup_message_body_append (response, SOUP_MEMORY_COPY, body->str, body->len);
      soup_message_body_complete (response);
    }
  else
    soup_server_message_set_response (msg, content_type, SOUP_MEMORY_COPY, body->str, body->len);
}

void
cm_sim_send_page (CmSim             *sim,
                  SoupServerMessage *msg,
                  CmSimApi           api,
                  CmSimFaultKind     fault,
                  const char        *content_type,
                  gboolean           chunked,
                  GString           *body)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

  if (fault != CM_SIM_FAULT_NONE && sim->verbose)
    g_printerr ("comedores-sim: fault %s\n", cm_sim_fault_name (fault));

  switch (fault)
    {
    case CM_SIM_FAULT_500:
      soup_message_headers_clear (headers);
      if (api == CM_SIM_API_CENTRAL)
        {
          const char *problem = "{\"message\":\"Internal Server Error\"}";

          soup_message_headers_replace (headers, "Cache-Control", "private, no-cache");
          soup_message_headers_replace (headers, "Vary", "Accept-Encoding, Origin");
          cm_sim_respond (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "application/json; charset=utf-8",
                          g_strdup (problem), strlen (problem));
        }
      else
        cm_sim_respond (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "text/html; charset=utf-8",
                        g_strdup (django_500), strlen (django_500));
      break;

    case CM_SIM_FAULT_503:
      soup_message_headers_clear (headers);
      soup_message_headers_replace (headers, "Retry-After", "1");
      cm_sim_respond (msg, SOUP_STATUS_SERVICE_UNAVAILABLE, "text/html",
                      g_strdup (nginx_503), strlen (nginx_503));
      break;

    case CM_SIM_FAULT_RESET:
    case CM_SIM_FAULT_TRUNCATED:
      send_and_cut (msg, content_type, body, fault == CM_SIM_FAULT_RESET);
      break;

    case CM_SIM_FAULT_BAD_JSON:
      g_string_truncate (body, body->len / 2);
      send_whole (msg, content_type, chunked, body);
      break;

    case CM_SIM_FAULT_SLOW:
      {
        SlowResume *resume = g_new0 (SlowResume, 1);

        send_whole (msg, content_type, chunked, body);
        resume->sim = sim;
        resume->msg = g_object_ref (msg);
        soup_server_message_pause (msg);
        resume->id = g_timeout_add_seconds_full (G_PRIORITY_DEFAULT, sim->slow_seconds,
                                                 slow_resume_cb, resume, slow_resume_free);
        sim->slow_sources = g_list_prepend (sim->slow_sources, GUINT_TO_POINTER (resume->id));
      }
      break;

    default:
      send_whole (msg, content_type, chunked, body);
    }

  g_string_free (body, TRUE);
}

void
cm_sim_page_answered (CmSim          *sim,
                      CmSimFaultKind  fault,
                      gboolean        has_next)
{
  if (sim->arrivals_pending)
    {
      guint n = cm_sim_world_release (sim->world);

      sim->arrivals_pending = FALSE;
      if (sim->verbose)
        g_printerr ("comedores-sim: %u submissions arrived\n", n);
    }

  if (sim->edit_pending && !has_next && !cm_sim_fault_breaks_page (fault))
    {
      CmSimSubmission *s = cm_sim_world_get (sim->world, sim->edit_seq);

      sim->edit_pending = FALSE;
      cm_sim_world_edit (sim->world, s);
      if (sim->verbose)
        g_printerr ("comedores-sim: %s edited, now %s\n", s->instance_id, s->version_id);
    }
}
