/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "cm-manifest"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "cm-manifest.h"

#define KEYWORDS_PREFIX "comedores-manifest "
#define FORMAT_VERSION 1

typedef struct
{
  char *kind;
  char *id;
  char *sha256;
} Record;

struct _CmManifest
{
  GObject     parent_instance;

  char       *document;
  char       *app_version;
  char       *rulebook_edition;
  char       *rulebook_sha256;
  char       *data_pulled;
  GTree      *options;     /* key → value, sorted */
  GPtrArray  *records;     /* Record */
  gboolean    sorted;
};

G_DEFINE_FINAL_TYPE (CmManifest, cm_manifest, G_TYPE_OBJECT)

G_DEFINE_QUARK (cm-manifest-error-quark, cm_manifest_error)

static int
compare_keys (gconstpointer a,
              gconstpointer b,
              gpointer      user_data)
{
  return strcmp (a, b);
}

/* memmem(), which glibc hides without _GNU_SOURCE. */
static const char *
find_bytes (const char *haystack,
            gsize       length,
            const char *needle,
            gsize       needle_length)
{
  const char *p = haystack, *end = haystack + length;

  while (needle_length <= (gsize) (end - p) &&
         (p = memchr (p, needle[0], end - p - needle_length + 1)) != NULL)
    {
      if (memcmp (p, needle, needle_length) == 0)
        return p;
      p++;
    }
  return NULL;
}

static void
record_free (Record *record)
{
  g_free (record->kind);
  g_free (record->id);
  g_free (record->sha256);
  g_free (record);
}

static int
compare_records (gconstpointer a,
                 gconstpointer b)
{
  const Record *ra = *(const Record **) a;
  const Record *rb = *(const Record **) b;
  int kind = strcmp (ra->kind, rb->kind);

  return kind != 0 ? kind : strcmp (ra->id, rb->id);
}

static void
cm_manifest_finalize (GObject *object)
{
  CmManifest *self = CM_MANIFEST (object);

  g_free (self->document);
  g_free (self->app_version);
  g_free (self->rulebook_edition);
  g_free (self->rulebook_sha256);
  g_free (self->data_pulled);
  g_tree_unref (self->options);
  g_ptr_array_unref (self->records);

  G_OBJECT_CLASS (cm_manifest_parent_class)->finalize (object);
}

static void
cm_manifest_class_init (CmManifestClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cm_manifest_finalize;
}

static void
cm_manifest_init (CmManifest *self)
{
  self->options = g_tree_new_full (compare_keys, NULL, g_free, g_free);
  self->records = g_ptr_array_new_with_free_func ((GDestroyNotify) record_free);
  self->app_version = g_strdup (PACKAGE_VERSION);
  self->sorted = TRUE;
}

/**
 * cm_manifest_new:
 * @document: what kind of document it describes (`kitchen`, `programme`)
 *
 * Returns: (transfer full): an empty manifest, of this version of Comedores
 */
CmManifest *
cm_manifest_new (const char *document)
{
  CmManifest *self = g_object_new (CM_TYPE_MANIFEST, NULL);

  self->document = g_strdup (document);
  return self;
}

const char *
cm_manifest_get_document (CmManifest *self)
{
  g_return_val_if_fail (CM_IS_MANIFEST (self), NULL);
  return self->document;
}

void
cm_manifest_set_option (CmManifest *self,
                        const char *key,
                        const char *value)
{
  g_return_if_fail (CM_IS_MANIFEST (self));
  g_return_if_fail (key != NULL && value != NULL);
  g_tree_replace (self->options, g_strdup (key), g_strdup (value));
}

const char *
cm_manifest_get_option (CmManifest *self,
                        const char *key)
{
  g_return_val_if_fail (CM_IS_MANIFEST (self), NULL);
  return g_tree_lookup (self->options, key);
}

void
cm_manifest_set_rulebook (CmManifest *self,
                          const char *edition,
                          const char *sha256)
{
  g_return_if_fail (CM_IS_MANIFEST (self));
  g_free (self->rulebook_edition);
  g_free (self->rulebook_sha256);
  self->rulebook_edition = g_strdup (edition);
  self->rulebook_sha256 = g_strdup (sha256);
}

const char *
cm_manifest_get_rulebook_edition (CmManifest *self)
{
  g_return_val_if_fail (CM_IS_MANIFEST (self), NULL);
  return self->rulebook_edition;
}

const char *
cm_manifest_get_rulebook_sha256 (CmManifest *self)
{
  g_return_val_if_fail (CM_IS_MANIFEST (self), NULL);
  return self->rulebook_sha256;
}

void
cm_manifest_set_data_pulled (CmManifest *self,
                             const char *iso_utc)
{
  g_return_if_fail (CM_IS_MANIFEST (self));
  g_free (self->data_pulled);
  self->data_pulled = g_strdup (iso_utc);
}

const char *
cm_manifest_get_data_pulled (CmManifest *self)
{
  g_return_val_if_fail (CM_IS_MANIFEST (self), NULL);
  return self->data_pulled;
}

const char *
cm_manifest_get_app_version (CmManifest *self)
{
  g_return_val_if_fail (CM_IS_MANIFEST (self), NULL);
  return self->app_version;
}

static void
add_record_hash (CmManifest *self,
                 const char *kind,
                 const char *id,
                 char       *sha256)
{
  Record *record = g_new0 (Record, 1);

  record->kind = g_strdup (kind);
  record->id = g_strdup (id);
  record->sha256 = sha256;
  g_ptr_array_add (self->records, record);
  self->sorted = FALSE;
}

/**
 * cm_manifest_add_record:
 * @self: a manifest
 * @kind: what the record is (`report`, `check`, `review`…)
 * @id: its id, stable across desks (a report's instance id, a folio…)
 * @content: what the document used of it, written the same way every time
 * @length: the length of @content, or -1 when it ends in a nul
 */
void
cm_manifest_add_record (CmManifest *self,
                        const char *kind,
                        const char *id,
                        const char *content,
                        gssize      length)
{
  g_return_if_fail (CM_IS_MANIFEST (self));
  g_return_if_fail (kind != NULL && id != NULL && content != NULL);

  add_record_hash (self, kind, id,
                   g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) content,
                                                length < 0 ? strlen (content) : (gsize) length));
}

guint
cm_manifest_get_n_records (CmManifest *self)
{
  g_return_val_if_fail (CM_IS_MANIFEST (self), 0);
  return self->records->len;
}

guint
cm_manifest_count_kind (CmManifest *self,
                        const char *kind)
{
  guint n = 0;

  g_return_val_if_fail (CM_IS_MANIFEST (self), 0);
  for (guint i = 0; i < self->records->len; i++)
    n += g_str_equal (((Record *) g_ptr_array_index (self->records, i))->kind, kind);
  return n;
}

static void
ensure_sorted (CmManifest *self)
{
  if (!self->sorted)
    g_ptr_array_sort (self->records, compare_records);
  self->sorted = TRUE;
}

static gboolean
add_option_member (gpointer key,
                   gpointer value,
                   gpointer builder)
{
  json_builder_set_member_name (builder, key);
  json_builder_add_string_value (builder, value);
  return FALSE;
}

static void
add_nullable_member (JsonBuilder *builder,
                     const char  *name,
                     const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

/**
 * cm_manifest_to_keywords:
 * @self: a manifest
 *
 * Returns: (transfer full): the manifest as a PDF's Keywords: ASCII, its
 *   records sorted, the same text for the same manifest
 */
char *
cm_manifest_to_keywords (CmManifest *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *json = NULL;
  g_autofree char *base64 = NULL;
  gsize length;

  g_return_val_if_fail (CM_IS_MANIFEST (self), NULL);

  ensure_sorted (self);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "manifest");
  json_builder_add_int_value (builder, FORMAT_VERSION);
  add_nullable_member (builder, "document", self->document);
  add_nullable_member (builder, "app", self->app_version);
  json_builder_set_member_name (builder, "options");
  json_builder_begin_object (builder);
  g_tree_foreach (self->options, add_option_member, builder);
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "rulebook");
  json_builder_begin_object (builder);
  add_nullable_member (builder, "edition", self->rulebook_edition);
  add_nullable_member (builder, "sha256", self->rulebook_sha256);
  json_builder_end_object (builder);
  add_nullable_member (builder, "data_pulled", self->data_pulled);
  json_builder_set_member_name (builder, "records");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->records->len; i++)
    {
      Record *record = g_ptr_array_index (self->records, i);

      json_builder_begin_array (builder);
      json_builder_add_string_value (builder, record->kind);
      json_builder_add_string_value (builder, record->id);
      json_builder_add_string_value (builder, record->sha256);
      json_builder_end_array (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json = json_generator_to_data (generator, &length);
  base64 = g_base64_encode ((const guchar *) json, length);

  /* Base64 holds no parenthesis or backslash: cairo writes it as it is,
   * and it reads back from the file without a PDF parser. */
  return g_strconcat (KEYWORDS_PREFIX, base64, NULL);
}

static const char *
member_string (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
         json_node_get_value_type (node) == G_TYPE_STRING ? json_node_get_string (node) : NULL;
}

static CmManifest *
parse_manifest (const char  *base64,
                gsize        length,
                GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(CmManifest) self = NULL;
  g_autofree char *text = g_strndup (base64, length);
  g_autofree guchar *json = NULL;
  gsize json_length = 0;
  JsonObject *root, *options, *rulebook;
  JsonArray *records;

  json = g_base64_decode (text, &json_length);
  if (json_length == 0 ||
      !json_parser_load_from_data (parser, (const char *) json, (gssize) json_length, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    goto invalid;

  root = json_node_get_object (json_parser_get_root (parser));
  if (!json_object_has_member (root, "manifest") ||
      json_object_get_int_member (root, "manifest") != FORMAT_VERSION ||
      member_string (root, "document") == NULL ||
      !JSON_NODE_HOLDS_OBJECT (json_object_get_member (root, "options")) ||
      !JSON_NODE_HOLDS_OBJECT (json_object_get_member (root, "rulebook")) ||
      !JSON_NODE_HOLDS_ARRAY (json_object_get_member (root, "records")))
    goto invalid;

  self = cm_manifest_new (member_string (root, "document"));
  g_free (self->app_version);
  self->app_version = g_strdup (member_string (root, "app"));
  self->data_pulled = g_strdup (member_string (root, "data_pulled"));

  options = json_object_get_object_member (root, "options");
  {
    g_autoptr(GList) names = json_object_get_members (options);

    for (GList *l = names; l != NULL; l = l->next)
      {
        const char *value = member_string (options, l->data);

        if (value == NULL)
          goto invalid;
        cm_manifest_set_option (self, l->data, value);
      }
  }

  rulebook = json_object_get_object_member (root, "rulebook");
  cm_manifest_set_rulebook (self, member_string (rulebook, "edition"),
                            member_string (rulebook, "sha256"));

  records = json_object_get_array_member (root, "records");
  for (guint i = 0; i < json_array_get_length (records); i++)
    {
      JsonNode *node = json_array_get_element (records, i);
      JsonArray *record;

      if (!JSON_NODE_HOLDS_ARRAY (node) || json_array_get_length (json_node_get_array (node)) != 3)
        goto invalid;
      record = json_node_get_array (node);
      for (guint j = 0; j < 3; j++)
        if (json_node_get_value_type (json_array_get_element (record, j)) != G_TYPE_STRING)
          goto invalid;
      add_record_hash (self, json_array_get_string_element (record, 0),
                       json_array_get_string_element (record, 1),
                       g_strdup (json_array_get_string_element (record, 2)));
    }
  ensure_sorted (self);
  return g_steal_pointer (&self);

invalid:
  g_set_error_literal (error, CM_MANIFEST_ERROR, CM_MANIFEST_ERROR_INVALID,
                       _("The file’s manifest is damaged: it cannot say what the document was made from."));
  return NULL;
}

static gboolean
is_base64 (char c)
{
  return g_ascii_isalnum (c) || c == '+' || c == '/' || c == '=';
}

/* The manifest's text within @data, if it is there as written. */
static const char *
find_keywords (const char *data,
               gsize       length,
               gsize      *found_length)
{
  const char *start = find_bytes (data, length, KEYWORDS_PREFIX, strlen (KEYWORDS_PREFIX));
  const char *end;

  if (start == NULL)
    return NULL;
  start += strlen (KEYWORDS_PREFIX);
  for (end = start; end < data + length && is_base64 (*end); end++)
    ;
  *found_length = end - start;
  return start;
}

/* A PDF writer may put the document's information in a compressed object
 * stream: look inside each one. */
static CmManifest *
search_streams (const char  *data,
                gsize        length,
                GError     **error)
{
  const char *p = data, *end = data + length;

  while ((p = find_bytes (p, end - p, "stream", 6)) != NULL)
    {
      g_autoptr(GConverter) inflater = NULL;
      g_autoptr(GByteArray) out = g_byte_array_new ();
      const char *in;
      gsize in_left, found_length;
      const char *found;

      p += 6;
      if (p < end && *p == '\r')
        p++;
      if (p >= end || *p != '\n')
        continue;
      in = ++p;
      in_left = end - in;
      inflater = G_CONVERTER (g_zlib_decompressor_new (G_ZLIB_COMPRESSOR_FORMAT_ZLIB));
      for (;;)
        {
          guchar buffer[65536];
          gsize read = 0, written = 0;
          GConverterResult result;

          result = g_converter_convert (inflater, in, in_left, buffer, sizeof buffer,
                                        G_CONVERTER_INPUT_AT_END, &read, &written, NULL);
          g_byte_array_append (out, buffer, written);
          in += read;
          in_left -= read;
          if (result != G_CONVERTER_CONVERTED || out->len > 64 * 1024 * 1024)
            break;
        }
      found = find_keywords ((const char *) out->data, out->len, &found_length);
      if (found != NULL)
        return parse_manifest (found, found_length, error);
    }

  g_set_error_literal (error, CM_MANIFEST_ERROR, CM_MANIFEST_ERROR_MISSING,
                       _("The file carries no manifest: it was not made by Comedores, or it was "
                         "saved again by another program."));
  return NULL;
}

/**
 * cm_manifest_new_from_pdf:
 * @pdf: a PDF's bytes
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the manifest the PDF carries, or %NULL with
 *   @error set (%CM_MANIFEST_ERROR_MISSING, %CM_MANIFEST_ERROR_INVALID)
 */
CmManifest *
cm_manifest_new_from_pdf (GBytes  *pdf,
                          GError **error)
{
  gsize length = 0, found_length = 0;
  const char *data = g_bytes_get_data (pdf, &length);
  const char *found;

  g_return_val_if_fail (pdf != NULL, NULL);

  if (length < 5 || memcmp (data, "%PDF-", 5) != 0)
    {
      g_set_error_literal (error, CM_MANIFEST_ERROR, CM_MANIFEST_ERROR_MISSING,
                           _("The file is not a PDF."));
      return NULL;
    }
  found = find_keywords (data, length, &found_length);
  if (found != NULL)
    return parse_manifest (found, found_length, error);
  return search_streams (data, length, error);
}

static void
add_difference (GPtrArray        *differences,
                CmManifestChange  change,
                const Record     *record)
{
  CmManifestDifference *difference = g_new0 (CmManifestDifference, 1);

  difference->change = change;
  difference->kind = g_strdup (record->kind);
  difference->id = g_strdup (record->id);
  g_ptr_array_add (differences, difference);
}

/**
 * cm_manifest_compare:
 * @published: the manifest a document carries
 * @current: the manifest of the same document built from the database now
 *
 * Returns: (transfer container) (element-type CmManifestDifference): the
 *   records added, removed or changed, by kind and id; empty when the data
 *   are the same
 */
GPtrArray *
cm_manifest_compare (CmManifest *published,
                     CmManifest *current)
{
  GPtrArray *differences = g_ptr_array_new_with_free_func ((GDestroyNotify) cm_manifest_difference_free);
  guint i = 0, j = 0;

  g_return_val_if_fail (CM_IS_MANIFEST (published) && CM_IS_MANIFEST (current), differences);

  ensure_sorted (published);
  ensure_sorted (current);
  while (i < published->records->len || j < current->records->len)
    {
      Record *a = i < published->records->len ? g_ptr_array_index (published->records, i) : NULL;
      Record *b = j < current->records->len ? g_ptr_array_index (current->records, j) : NULL;
      int order = a == NULL ? 1 : b == NULL ? -1 : compare_records (&a, &b);

      if (order < 0)
        {
          add_difference (differences, CM_MANIFEST_REMOVED, a);
          i++;
        }
      else if (order > 0)
        {
          add_difference (differences, CM_MANIFEST_ADDED, b);
          j++;
        }
      else
        {
          if (strcmp (a->sha256, b->sha256) != 0)
            add_difference (differences, CM_MANIFEST_CHANGED, a);
          i++;
          j++;
        }
    }
  return differences;
}

void
cm_manifest_difference_free (CmManifestDifference *difference)
{
  if (difference == NULL)
    return;
  g_free (difference->kind);
  g_free (difference->id);
  g_free (difference);
}
