/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "comedores-sim"

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cm-sim-json.h"

void
cm_sim_json_append_string (GString    *out,
                           const char *value)
{
  g_string_append_c (out, '"');
  for (const char *p = value; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;

      switch (c)
        {
        case '"': g_string_append (out, "\\\""); break;
        case '\\': g_string_append (out, "\\\\"); break;
        case '\b': g_string_append (out, "\\b"); break;
        case '\f': g_string_append (out, "\\f"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\r': g_string_append (out, "\\r"); break;
        case '\t': g_string_append (out, "\\t"); break;
        default:
          if (c < 0x20)
            g_string_append_printf (out, "\\u%04x", c);
          else
            g_string_append_c (out, (char) c);
        }
    }
  g_string_append_c (out, '"');
}

/* The shortest digits that read back as @value, placed as ECMAScript's
 * Number::toString places them. */
char *
cm_sim_js_number (double  value,
                  char   *buf)
{
  char tmp[G_ASCII_DTOSTR_BUF_SIZE];
  char digits[24];
  guint n_digits = 0;
  int exponent, point;
  gboolean negative;
  GString *s;

  if (isnan (value) || isinf (value))
    return strcpy (buf, "null");
  if (value == 0)
    return strcpy (buf, "0");

  for (int precision = 1; precision <= 17; precision++)
    {
      char format[8];

      g_snprintf (format, sizeof format, "%%.%de", precision - 1);
      g_ascii_formatd (tmp, sizeof tmp, format, value);
      if (g_ascii_strtod (tmp, NULL) == value)
        break;
    }

  negative = tmp[0] == '-';
  for (const char *p = tmp + (negative ? 1 : 0); *p != '\0' && *p != 'e'; p++)
    if (g_ascii_isdigit (*p) && n_digits < sizeof digits - 1)
      digits[n_digits++] = *p;
  digits[n_digits] = '\0';
  exponent = atoi (strchr (tmp, 'e') + 1);
  point = exponent + 1;

  s = g_string_new (negative ? "-" : "");
  if ((int) n_digits <= point && point <= 21)
    {
      g_string_append (s, digits);
      for (int i = (int) n_digits; i < point; i++)
        g_string_append_c (s, '0');
    }
  else if (0 < point && point <= 21)
    {
      g_string_append_len (s, digits, point);
      g_string_append_c (s, '.');
      g_string_append (s, digits + point);
    }
  else if (-6 < point && point <= 0)
    {
      g_string_append (s, "0.");
      for (int i = point; i < 0; i++)
        g_string_append_c (s, '0');
      g_string_append (s, digits);
    }
  else
    {
      g_string_append_c (s, digits[0]);
      if (n_digits > 1)
        {
          g_string_append_c (s, '.');
          g_string_append (s, digits + 1);
        }
      g_string_append_printf (s, "e%c%d", point - 1 >= 0 ? '+' : '-', ABS (point - 1));
    }

  g_strlcpy (buf, s->str, 32);
  g_string_free (s, TRUE);
  return buf;
}

void
cm_sim_json_append_number (GString *out,
                           double   value)
{
  char buf[32];

  g_string_append (out, cm_sim_js_number (value, buf));
}

void
cm_sim_json_append_node (GString  *out,
                         JsonNode *node)
{
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      g_string_append (out, "null");
      return;
    }

  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObject *object = json_node_get_object (node);
        g_autoptr(GList) members = json_object_get_members (object);
        gboolean first = TRUE;

        g_string_append_c (out, '{');
        for (GList *l = members; l != NULL; l = l->next)
          {
            if (!first)
              g_string_append_c (out, ',');
            first = FALSE;
            cm_sim_json_append_string (out, l->data);
            g_string_append_c (out, ':');
            cm_sim_json_append_node (out, json_object_get_member (object, l->data));
          }
        g_string_append_c (out, '}');
      }
      break;

    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);
        guint n = json_array_get_length (array);

        g_string_append_c (out, '[');
        for (guint i = 0; i < n; i++)
          {
            if (i > 0)
              g_string_append_c (out, ',');
            cm_sim_json_append_node (out, json_array_get_element (array, i));
          }
        g_string_append_c (out, ']');
      }
      break;

    case JSON_NODE_VALUE:
      switch (json_node_get_value_type (node))
        {
        case G_TYPE_INT64:
          g_string_append_printf (out, "%" G_GINT64_FORMAT, json_node_get_int (node));
          break;
        case G_TYPE_DOUBLE:
          cm_sim_json_append_number (out, json_node_get_double (node));
          break;
        case G_TYPE_BOOLEAN:
          g_string_append (out, json_node_get_boolean (node) ? "true" : "false");
          break;
        case G_TYPE_STRING:
          cm_sim_json_append_string (out, json_node_get_string (node));
          break;
        default:
          g_string_append (out, "null");
        }
      break;

    case JSON_NODE_NULL:
    default:
      g_string_append (out, "null");
    }
}

char *
cm_sim_json_to_string (JsonNode *node)
{
  GString *out = g_string_new (NULL);

  cm_sim_json_append_node (out, node);
  return g_string_free (out, FALSE);
}

JsonNode *
cm_sim_json_parse (const char  *text,
                   gssize       length,
                   GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();

  if (!json_parser_load_from_data (parser, text, length, error))
    return NULL;
  if (json_parser_get_root (parser) == NULL)
    {
      g_set_error_literal (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_PARSE, "empty");
      return NULL;
    }

  return json_node_copy (json_parser_get_root (parser));
}

/* Query strings. */

static void
query_pair_free (gpointer data)
{
  CmSimQueryPair *pair = data;

  g_free (pair->key);
  g_free (pair->value);
  g_free (pair);
}

/* Percent-decoding as the WHATWG URL parser does it: '+' is a space and a
 * '%' not followed by two hex digits stays as it is. */
static char *
form_decode (const char *text,
             gsize       length)
{
  GString *out = g_string_sized_new (length);

  for (gsize i = 0; i < length; i++)
    {
      if (text[i] == '+')
        g_string_append_c (out, ' ');
      else if (text[i] == '%' && i + 2 < length &&
               g_ascii_isxdigit (text[i + 1]) && g_ascii_isxdigit (text[i + 2]))
        {
          g_string_append_c (out, (char) (g_ascii_xdigit_value (text[i + 1]) * 16 +
                                          g_ascii_xdigit_value (text[i + 2])));
          i += 2;
        }
      else
        g_string_append_c (out, text[i]);
    }

  return g_string_free (out, FALSE);
}

GPtrArray *
cm_sim_query_parse (const char *query)
{
  GPtrArray *pairs = g_ptr_array_new_with_free_func (query_pair_free);
  const char *p = query;

  while (p != NULL && *p != '\0')
    {
      const char *end = strchr (p, '&');
      gsize length = end != NULL ? (gsize) (end - p) : strlen (p);

      if (length > 0)
        {
          const char *eq = memchr (p, '=', length);
          CmSimQueryPair *pair = g_new0 (CmSimQueryPair, 1);

          if (eq != NULL)
            {
              pair->key = form_decode (p, (gsize) (eq - p));
              pair->value = form_decode (eq + 1, length - (gsize) (eq - p) - 1);
            }
          else
            {
              pair->key = form_decode (p, length);
              pair->value = g_strdup ("");
            }
          g_ptr_array_add (pairs, pair);
        }

      p = end != NULL ? end + 1 : NULL;
    }

  return pairs;
}

const char *
cm_sim_query_get (GPtrArray  *pairs,
                  const char *key)
{
  for (guint i = 0; i < pairs->len; i++)
    {
      CmSimQueryPair *pair = g_ptr_array_index (pairs, i);

      if (strcmp (pair->key, key) == 0)
        return pair->value;
    }

  return NULL;
}

static void
append_escaped (GString    *out,
                const char *value,
                const char *unreserved,
                gboolean    space_as_plus)
{
  for (const guchar *p = (const guchar *) value; *p != '\0'; p++)
    {
      if (g_ascii_isalnum (*p) || (*p < 0x80 && strchr (unreserved, *p) != NULL))
        g_string_append_c (out, (char) *p);
      else if (*p == ' ' && space_as_plus)
        g_string_append_c (out, '+');
      else
        g_string_append_printf (out, "%%%02X", *p);
    }
}

void
cm_sim_append_form_urlencoded (GString    *out,
                               const char *value)
{
  append_escaped (out, value, "*-._", TRUE);
}

void
cm_sim_append_quote_plus (GString    *out,
                          const char *value)
{
  append_escaped (out, value, "_.-~", TRUE);
}

void
cm_sim_append_uri_component (GString    *out,
                             const char *value)
{
  append_escaped (out, value, "-_.!~*'()", FALSE);
}

gint64
cm_sim_parse_timestamp (const char *text)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GDateTime) when = NULL;
  g_autofree char *full = NULL;
  gsize length;

  if (text == NULL)
    return G_MININT64;

  length = strlen (text);
  if (length == 10)
    full = g_strconcat (text, "T00:00:00", NULL);
  else
    full = g_strdup (text);
  if (length >= 11 && full[10] == ' ')
    full[10] = 'T';

  when = g_date_time_new_from_iso8601 (full, utc);
  if (when == NULL)
    return G_MININT64;

  return g_date_time_to_unix (when) * 1000 + g_date_time_get_microsecond (when) / 1000;
}

void
cm_sim_format_timestamp (gint64 ms,
                         char   buf[32])
{
  g_autoptr(GDateTime) when = g_date_time_new_from_unix_utc (ms / 1000);

  g_snprintf (buf, 32, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ",
              g_date_time_get_year (when), g_date_time_get_month (when),
              g_date_time_get_day_of_month (when), g_date_time_get_hour (when),
              g_date_time_get_minute (when), g_date_time_get_second (when),
              (int) (ms % 1000));
}
