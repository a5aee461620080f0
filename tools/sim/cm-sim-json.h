/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* JSON written the way the servers write it: Central is Node.js, so numbers
 * and strings come out as JSON.stringify() prints them; member order is the
 * order of the JsonObject. */
void       cm_sim_json_append_string (GString    *out,
                                      const char *value);
void       cm_sim_json_append_number (GString    *out,
                                      double      value);
void       cm_sim_json_append_node   (GString    *out,
                                      JsonNode   *node);
char      *cm_sim_json_to_string     (JsonNode   *node);
JsonNode  *cm_sim_json_parse         (const char *text,
                                      gssize      length,
                                      GError    **error);
/* Number.prototype.toString() of @value; @buf holds at least 32 bytes. */
char      *cm_sim_js_number          (double      value,
                                      char       *buf);

/* Query strings. */
typedef struct
{
  char *key;
  char *value;
} CmSimQueryPair;

GPtrArray  *cm_sim_query_parse       (const char *query);
const char *cm_sim_query_get         (GPtrArray  *pairs,
                                      const char *key);
/* application/x-www-form-urlencoded as WHATWG URLSearchParams writes it
 * (Central's nextLink) and as Python's urlencode() writes it (Kobo's next). */
void        cm_sim_append_form_urlencoded (GString    *out,
                                           const char *value);
void        cm_sim_append_quote_plus      (GString    *out,
                                           const char *value);
/* encodeURIComponent() */
void        cm_sim_append_uri_component   (GString    *out,
                                           const char *value);

/* Timestamps as Central writes them: 2024-05-01T09:12:44.318Z. */
gint64      cm_sim_parse_timestamp   (const char *text);  /* ms since 1970, or G_MININT64 */
void        cm_sim_format_timestamp  (gint64      ms,
                                      char        buf[32]);

G_END_DECLS
