/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "comedores-sim"

#include "config.h"

#include <string.h>

#include "cm-sim-json.h"
#include "cm-sim-odata-filter.h"

/* A small recursive-descent parser. Precedence, loosest first: or, and,
 * not, comparison, additive, multiplicative, primary. Arithmetic parses (as
 * it does in Central's parser) but is refused afterwards with 501.4. */

typedef enum
{
  NODE_OR,
  NODE_AND,
  NODE_NOT,
  NODE_EQ,
  NODE_NE,
  NODE_LT,
  NODE_LE,
  NODE_GT,
  NODE_GE,
  NODE_ADD,
  NODE_SUB,
  NODE_MUL,
  NODE_DIV,
  NODE_MOD,
  NODE_NEGATE,
  NODE_MEMBER,
  NODE_LITERAL,
  NODE_NULL,
  NODE_CALL,
} NodeKind;

typedef struct _Node Node;
struct _Node
{
  NodeKind  kind;
  int       position;
  int       end;
  Node     *left;
  Node     *right;
  char     *text;      /* member path, literal text (unquoted), function name */
  CmSimField field;    /* members, once checked */
};

struct _CmSimFilter
{
  Node *root;
};

typedef struct
{
  const char *text;
  int         pos;
  int         length;
  int         error_at;   /* -1 when none */
} Parser;

static const struct
{
  const char *name;
  CmSimField  field;
} fields[] = {
  { "__id", CM_SIM_FIELD_ID },
  { "__system/submitterId", CM_SIM_FIELD_SUBMITTER_ID },
  { "__system/submissionDate", CM_SIM_FIELD_SUBMISSION_DATE },
  { "__system/updatedAt", CM_SIM_FIELD_UPDATED_AT },
  { "__system/reviewState", CM_SIM_FIELD_REVIEW_STATE },
  { "__system/deletedAt", CM_SIM_FIELD_DELETED_AT },
};

/* Functions the OData grammar knows: the first seven Central translates,
 * the others parse but are refused with 501.4. */
static const char * const functions[] = {
  "year", "month", "day", "hour", "minute", "second", "now",
  "contains", "startswith", "endswith", "length", "indexof", "substring", "tolower",
  "toupper", "trim", "concat", "round", "floor", "ceiling", "date", "time",
  "totaloffsetminutes", "fractionalseconds", "totalseconds", "mindatetime", "maxdatetime",
  "matchesPattern", NULL,
};

static void
node_free (Node *node)
{
  if (node == NULL)
    return;
  node_free (node->left);
  node_free (node->right);
  g_free (node->text);
  g_free (node);
}

static Node *
node_new (NodeKind kind,
          int      position)
{
  Node *node = g_new0 (Node, 1);

  node->kind = kind;
  node->position = position;
  return node;
}

static gboolean
fail (Parser *p,
      int     at)
{
  if (p->error_at < 0)
    p->error_at = at;
  return FALSE;
}

static int
count_spaces (Parser *p,
              int     at)
{
  int n = 0;

  while (at + n < p->length && (p->text[at + n] == ' ' || p->text[at + n] == '\t'))
    n++;
  return n;
}

static gboolean
is_ident_char (char c)
{
  return g_ascii_isalnum (c) || c == '_';
}

/* At @at, spaces, @keyword, and (unless @open_paren_ok and a '(' follows)
 * spaces again: returns the position after them, or -1. */
static int
match_keyword (Parser     *p,
               int         at,
               const char *keyword,
               gboolean    open_paren_ok)
{
  int spaces = count_spaces (p, at);
  int length = (int) strlen (keyword);
  int after;

  if (spaces == 0)
    return -1;
  at += spaces;
  if (at + length > p->length || strncmp (p->text + at, keyword, (gsize) length) != 0)
    return -1;
  after = at + length;
  if (after < p->length && is_ident_char (p->text[after]))
    return -1;
  spaces = count_spaces (p, after);
  if (spaces > 0)
    return after + spaces;
  if (open_paren_ok && after < p->length && p->text[after] == '(')
    return after;
  return -1;
}

static Node *parse_or (Parser *p);

static gboolean
digits (Parser *p,
        int    *at,
        int     n)
{
  for (int i = 0; i < n; i++)
    if (*at + i >= p->length || !g_ascii_isdigit (p->text[*at + i]))
      return FALSE;
  *at += n;
  return TRUE;
}

static gboolean
expect_char (Parser *p,
             int    *at,
             char    c)
{
  if (*at < p->length && p->text[*at] == c)
    {
      (*at)++;
      return TRUE;
    }
  return FALSE;
}

/* YYYY-MM-DDThh:mm[:ss[.f+]](Z|±hh:mm): returns the end, or -1. */
static int
match_datetime (Parser *p,
                int     at)
{
  if (!(digits (p, &at, 4) && expect_char (p, &at, '-') && digits (p, &at, 2) &&
        expect_char (p, &at, '-') && digits (p, &at, 2) &&
        (expect_char (p, &at, 'T') || expect_char (p, &at, 't')) &&
        digits (p, &at, 2) && expect_char (p, &at, ':') && digits (p, &at, 2)))
    return -1;
  if (expect_char (p, &at, ':'))
    {
      if (!digits (p, &at, 2))
        return -1;
      if (expect_char (p, &at, '.'))
        {
          if (!digits (p, &at, 1))
            return -1;
          while (at < p->length && g_ascii_isdigit (p->text[at]))
            at++;
        }
    }
  if (expect_char (p, &at, 'Z') || expect_char (p, &at, 'z'))
    return at;
  if (at < p->length && (p->text[at] == '+' || p->text[at] == '-'))
    {
      at++;
      if (digits (p, &at, 2) && expect_char (p, &at, ':') && digits (p, &at, 2))
        return at;
    }
  return -1;
}

/* YYYY-MM-DD not followed by a time. */
static int
match_date (Parser *p,
            int     at)
{
  if (!(digits (p, &at, 4) && expect_char (p, &at, '-') && digits (p, &at, 2) &&
        expect_char (p, &at, '-') && digits (p, &at, 2)))
    return -1;
  if (at < p->length && (is_ident_char (p->text[at]) || p->text[at] == ':'))
    return -1;
  return at;
}

static int
match_number (Parser *p,
              int     at)
{
  int start = at;

  if (at < p->length && p->text[at] == '-')
    at++;
  if (!digits (p, &at, 1))
    return -1;
  while (at < p->length && g_ascii_isdigit (p->text[at]))
    at++;
  if (at + 1 < p->length && p->text[at] == '.' && g_ascii_isdigit (p->text[at + 1]))
    {
      at += 2;
      while (at < p->length && g_ascii_isdigit (p->text[at]))
        at++;
    }
  if (at < p->length && (p->text[at] == 'e' || p->text[at] == 'E'))
    {
      int e = at + 1;

      if (e < p->length && (p->text[e] == '+' || p->text[e] == '-'))
        e++;
      if (digits (p, &e, 1))
        {
          while (e < p->length && g_ascii_isdigit (p->text[e]))
            e++;
          at = e;
        }
    }
  return at > start ? at : -1;
}

static Node *
literal_node (Parser   *p,
              int       start,
              int       end,
              NodeKind  kind)
{
  Node *node = node_new (kind, start);

  node->text = g_strndup (p->text + start, (gsize) (end - start));
  node->end = end;
  p->pos = end;
  return node;
}

static Node *
parse_primary (Parser *p)
{
  int start = p->pos;
  int end;

  if (start >= p->length)
    {
      fail (p, start);
      return NULL;
    }

  if (p->text[start] == '(')
    {
      Node *inner;

      p->pos = start + 1;
      p->pos += count_spaces (p, p->pos);
      inner = parse_or (p);
      if (inner == NULL)
        return NULL;
      p->pos += count_spaces (p, p->pos);
      if (p->pos >= p->length || p->text[p->pos] != ')')
        {
          fail (p, p->pos);
          node_free (inner);
          return NULL;
        }
      p->pos++;
      return inner;
    }

  if (p->text[start] == '\'')
    {
      GString *value = g_string_new (NULL);
      int at = start + 1;
      Node *node;

      for (;;)
        {
          if (at >= p->length)
            {
              g_string_free (value, TRUE);
              fail (p, start);
              return NULL;
            }
          if (p->text[at] == '\'')
            {
              if (at + 1 < p->length && p->text[at + 1] == '\'')
                {
                  g_string_append_c (value, '\'');
                  at += 2;
                  continue;
                }
              at++;
              break;
            }
          g_string_append_c (value, p->text[at++]);
        }

      node = node_new (NODE_LITERAL, start);
      node->text = g_string_free (value, FALSE);
      node->end = at;
      p->pos = at;
      return node;
    }

  if (p->text[start] == '-' && start + 1 < p->length && !g_ascii_isdigit (p->text[start + 1]))
    {
      Node *node = node_new (NODE_NEGATE, start);

      p->pos = start + 1;
      node->left = parse_primary (p);
      if (node->left == NULL)
        {
          node_free (node);
          return NULL;
        }
      node->end = p->pos;
      return node;
    }

  if (g_ascii_isdigit (p->text[start]) || p->text[start] == '-')
    {
      if ((end = match_datetime (p, start)) > 0)
        return literal_node (p, start, end, NODE_LITERAL);
      if ((end = match_date (p, start)) > 0)
        return literal_node (p, start, end, NODE_LITERAL);
      if ((end = match_number (p, start)) > 0)
        return literal_node (p, start, end, NODE_LITERAL);
      fail (p, start);
      return NULL;
    }

  if (g_ascii_isalpha (p->text[start]) || p->text[start] == '_' || p->text[start] == '$')
    {
      int at = start + 1;

      while (at < p->length && (is_ident_char (p->text[at]) || p->text[at] == '/' ||
                                (p->text[at] == '$' && p->text[at - 1] == '/')))
        at++;

      /* a function call */
      if (at < p->length && p->text[at] == '(')
        {
          g_autofree char *name = g_strndup (p->text + start, (gsize) (at - start));
          gboolean known = FALSE;
          Node *node;

          for (guint i = 0; functions[i] != NULL; i++)
            if (strcmp (functions[i], name) == 0)
              known = TRUE;
          if (!known)
            {
              fail (p, start);
              return NULL;
            }

          node = node_new (NODE_CALL, start);
          node->text = g_steal_pointer (&name);
          p->pos = at + 1;
          p->pos += count_spaces (p, p->pos);
          if (p->pos < p->length && p->text[p->pos] != ')')
            {
              node->left = parse_or (p);
              if (node->left == NULL)
                {
                  node_free (node);
                  return NULL;
                }
              p->pos += count_spaces (p, p->pos);
              while (p->pos < p->length && p->text[p->pos] == ',')
                {
                  Node *extra;

                  p->pos++;
                  p->pos += count_spaces (p, p->pos);
                  extra = parse_or (p);
                  if (extra == NULL)
                    {
                      node_free (node);
                      return NULL;
                    }
                  /* more than one argument: keep the second for the message only */
                  node_free (node->right);
                  node->right = extra;
                  p->pos += count_spaces (p, p->pos);
                }
            }
          if (p->pos >= p->length || p->text[p->pos] != ')')
            {
              fail (p, p->pos);
              node_free (node);
              return NULL;
            }
          p->pos++;
          node->end = p->pos;
          return node;
        }

      if (at - start == 4 && strncmp (p->text + start, "null", 4) == 0)
        return literal_node (p, start, at, NODE_NULL);
      if ((at - start == 4 && strncmp (p->text + start, "true", 4) == 0) ||
          (at - start == 5 && strncmp (p->text + start, "false", 5) == 0))
        return literal_node (p, start, at, NODE_LITERAL);

      return literal_node (p, start, at, NODE_MEMBER);
    }

  fail (p, start);
  return NULL;
}

static Node *
parse_binary_level (Parser            *p,
                    Node            *(*next) (Parser *),
                    const char * const *keywords,
                    const NodeKind     *kinds,
                    gboolean            repeat)
{
  Node *left = next (p);

  if (left == NULL)
    return NULL;

  for (;;)
    {
      int after = -1;
      guint k;

      for (k = 0; keywords[k] != NULL; k++)
        if ((after = match_keyword (p, p->pos, keywords[k], TRUE)) >= 0)
          break;
      if (keywords[k] == NULL)
        return left;

      {
        Node *node = node_new (kinds[k], left->position);

        p->pos = after;
        node->left = left;
        node->right = next (p);
        if (node->right == NULL)
          {
            node_free (node);
            return NULL;
          }
        node->end = p->pos;
        left = node;
      }

      if (!repeat)
        return left;
    }
}

static Node *
parse_multiplicative (Parser *p)
{
  static const char * const keywords[] = { "mul", "div", "mod", NULL };
  static const NodeKind kinds[] = { NODE_MUL, NODE_DIV, NODE_MOD };

  return parse_binary_level (p, parse_primary, keywords, kinds, TRUE);
}

static Node *
parse_additive (Parser *p)
{
  static const char * const keywords[] = { "add", "sub", NULL };
  static const NodeKind kinds[] = { NODE_ADD, NODE_SUB };

  return parse_binary_level (p, parse_multiplicative, keywords, kinds, TRUE);
}

static Node *
parse_comparison (Parser *p)
{
  static const char * const keywords[] = { "eq", "ne", "lt", "le", "gt", "ge", NULL };
  static const NodeKind kinds[] = { NODE_EQ, NODE_NE, NODE_LT, NODE_LE, NODE_GT, NODE_GE };

  return parse_binary_level (p, parse_additive, keywords, kinds, FALSE);
}

static Node *
parse_not (Parser *p)
{
  int start = p->pos;

  if (p->length - start >= 3 && strncmp (p->text + start, "not", 3) == 0 &&
      start + 3 < p->length && (p->text[start + 3] == ' ' || p->text[start + 3] == '('))
    {
      Node *node = node_new (NODE_NOT, start);

      p->pos = start + 3 + count_spaces (p, start + 3);
      node->left = parse_not (p);
      if (node->left == NULL)
        {
          node_free (node);
          return NULL;
        }
      node->end = p->pos;
      return node;
    }

  return parse_comparison (p);
}

static Node *
parse_and (Parser *p)
{
  static const char * const keywords[] = { "and", NULL };
  static const NodeKind kinds[] = { NODE_AND };

  return parse_binary_level (p, parse_not, keywords, kinds, TRUE);
}

static Node *
parse_or (Parser *p)
{
  static const char * const keywords[] = { "or", NULL };
  static const NodeKind kinds[] = { NODE_OR };

  return parse_binary_level (p, parse_and, keywords, kinds, TRUE);
}

static const char *
node_type_name (NodeKind kind)
{
  switch (kind)
    {
    case NODE_ADD: return "AddExpression";
    case NODE_SUB: return "SubExpression";
    case NODE_MUL: return "MulExpression";
    case NODE_DIV: return "DivExpression";
    case NODE_MOD: return "ModExpression";
    case NODE_NEGATE: return "NegateExpression";
    case NODE_CALL: return "MethodCallExpression";
    default: return "Expression";
    }
}

/* Central walks the tree as it writes the SQL, left to right: the first
 * field it does not know, or the first construct it does not translate,
 * is the error. */
static CmSimProblem *
check_node (Parser   *p,
            Node     *node,
            gboolean  subtable)
{
  CmSimProblem *problem = NULL;

  switch (node->kind)
    {
    case NODE_MEMBER:
      {
        const char *name = node->text;

        if (subtable)
          name = g_str_has_prefix (name, "$root/Submissions/") ? name + strlen ("$root/Submissions/") : NULL;
        for (guint i = 0; name != NULL && i < G_N_ELEMENTS (fields); i++)
          if (strcmp (fields[i].name, name) == 0)
            {
              node->field = fields[i].field;
              return NULL;
            }
        {
          GString *details = g_string_new (NULL);

          g_string_append_printf (details, "{\"at\":%d,\"text\":", node->position);
          cm_sim_json_append_string (details, node->text);
          g_string_append_c (details, '}');
          problem = cm_sim_problem_new (501.5, details->str,
                                        "The given OData filter expression references fields "
                                        "not supported by this server: %s at %d",
                                        node->text, node->position);
          g_string_free (details, TRUE);
        }
        return problem;
      }

    case NODE_CALL:
      {
        static const char * const extract[] = { "year", "month", "day", "hour", "minute", "second" };
        gboolean supported = FALSE;

        for (guint i = 0; i < G_N_ELEMENTS (extract); i++)
          if (strcmp (node->text, extract[i]) == 0 && node->left != NULL && node->right == NULL)
            supported = TRUE;
        if (strcmp (node->text, "now") == 0 && node->left == NULL)
          supported = TRUE;
        if (supported)
          return node->left != NULL ? check_node (p, node->left, subtable) : NULL;
      }
      G_GNUC_FALLTHROUGH;
    case NODE_ADD:
    case NODE_SUB:
    case NODE_MUL:
    case NODE_DIV:
    case NODE_MOD:
    case NODE_NEGATE:
      {
        g_autofree char *raw = g_strndup (p->text + node->position, (gsize) (node->end - node->position));
        GString *details = g_string_new (NULL);

        g_string_append_printf (details, "{\"at\":%d,\"type\":\"%s\",\"text\":",
                                node->position, node_type_name (node->kind));
        cm_sim_json_append_string (details, raw);
        g_string_append_c (details, '}');
        problem = cm_sim_problem_new (501.4, details->str,
                                      "The given OData filter expression uses features not "
                                      "supported by this server: %s at %d (\"%s\")",
                                      node_type_name (node->kind), node->position, raw);
        g_string_free (details, TRUE);
        return problem;
      }

    case NODE_LITERAL:
    case NODE_NULL:
      return NULL;

    default:
      if (node->left != NULL && (problem = check_node (p, node->left, subtable)) != NULL)
        return problem;
      if (node->right != NULL && (problem = check_node (p, node->right, subtable)) != NULL)
        return problem;
      return NULL;
    }
}

CmSimFilter *
cm_sim_filter_parse (const char    *expression,
                     gboolean       subtable,
                     CmSimProblem **problem)
{
  Parser p = { expression, 0, (int) strlen (expression), -1 };
  Node *root;
  CmSimFilter *filter;

  root = parse_or (&p);
  if (root != NULL && p.pos < p.length)
    {
      fail (&p, p.pos);
      node_free (root);
      root = NULL;
    }

  if (root == NULL)
    {
      g_autofree char *reason = g_strdup_printf ("Unexpected character at %d", MAX (p.error_at, 0));
      GString *details = g_string_new ("{\"reason\":");

      cm_sim_json_append_string (details, reason);
      g_string_append_c (details, '}');
      *problem = cm_sim_problem_new (400.18, details->str,
                                     "The OData filter expression you provided could not be parsed: %s",
                                     reason);
      g_string_free (details, TRUE);
      return NULL;
    }

  if ((*problem = check_node (&p, root, subtable)) != NULL)
    {
      node_free (root);
      return NULL;
    }

  filter = g_new0 (CmSimFilter, 1);
  filter->root = root;
  return filter;
}

void
cm_sim_filter_free (CmSimFilter *filter)
{
  if (filter == NULL)
    return;
  node_free (filter->root);
  g_free (filter);
}

static gboolean
mentions_deleted_at (Node *node)
{
  if (node == NULL)
    return FALSE;
  if (node->kind == NODE_MEMBER)
    return node->field == CM_SIM_FIELD_DELETED_AT;
  return mentions_deleted_at (node->left) || mentions_deleted_at (node->right);
}

gboolean
cm_sim_filter_mentions_deleted_at (CmSimFilter *filter)
{
  return filter != NULL && mentions_deleted_at (filter->root);
}

/* Evaluation, with SQL's nulls. */

typedef enum
{
  VALUE_NULL,
  VALUE_TEXT,      /* a literal, not yet cast */
  VALUE_STRING,
  VALUE_NUMBER,
  VALUE_TIME,
  VALUE_BOOL,
} ValueKind;

typedef struct
{
  ValueKind   kind;
  const char *text;
  double      number;
  gint64      time;
  int         truth;   /* VALUE_BOOL: 1, 0, or -1 for unknown */
} Value;

typedef struct
{
  const CmSimFilterRow *row;
  gint64                now_ms;
  gboolean              failed;
} Eval;

static Value eval_node (Eval *e, Node *node);

static Value
field_value (const CmSimFilterRow *row,
             CmSimField            field)
{
  Value v = { VALUE_NULL };

  switch (field)
    {
    case CM_SIM_FIELD_ID:
      v.kind = VALUE_STRING;
      v.text = row->instance_id;
      break;
    case CM_SIM_FIELD_SUBMITTER_ID:
      if (row->submitter_id != G_MININT64)
        {
          v.kind = VALUE_NUMBER;
          v.number = (double) row->submitter_id;
        }
      break;
    case CM_SIM_FIELD_SUBMISSION_DATE:
    case CM_SIM_FIELD_UPDATED_AT:
    case CM_SIM_FIELD_DELETED_AT:
      v.time = field == CM_SIM_FIELD_SUBMISSION_DATE ? row->submission_ms
             : field == CM_SIM_FIELD_UPDATED_AT ? row->updated_ms : row->deleted_ms;
      if (v.time != G_MININT64)
        v.kind = VALUE_TIME;
      break;
    case CM_SIM_FIELD_REVIEW_STATE:
      if (row->review_state != NULL)
        {
          v.kind = VALUE_STRING;
          v.text = row->review_state;
        }
      break;
    default:
      g_assert_not_reached ();
    }

  return v;
}

/* Casts a literal to the type of the other side, as PostgreSQL does with
 * an unknown-typed parameter. */
static void
cast_text (Eval      *e,
           Value     *v,
           ValueKind  to)
{
  char *end = NULL;

  if (v->kind != VALUE_TEXT)
    return;

  switch (to)
    {
    case VALUE_TIME:
      v->time = cm_sim_parse_timestamp (v->text);
      if (v->time == G_MININT64)
        e->failed = TRUE;
      v->kind = VALUE_TIME;
      break;
    case VALUE_NUMBER:
      v->number = g_ascii_strtod (v->text, &end);
      if (end == v->text || *end != '\0')
        e->failed = TRUE;
      v->kind = VALUE_NUMBER;
      break;
    default:
      v->kind = VALUE_STRING;
    }
}

/* -1, 0, 1, or 2 when the two cannot be compared. */
static int
compare_values (Eval  *e,
                Value *a,
                Value *b)
{
  cast_text (e, a, b->kind);
  cast_text (e, b, a->kind);

  if (a->kind == VALUE_TEXT && b->kind == VALUE_TEXT)
    return CLAMP (strcmp (a->text, b->text), -1, 1);
  if (a->kind != b->kind)
    {
      e->failed = TRUE;
      return 2;
    }

  switch (a->kind)
    {
    case VALUE_STRING:
      return CLAMP (strcmp (a->text, b->text), -1, 1);
    case VALUE_NUMBER:
      return a->number < b->number ? -1 : a->number > b->number ? 1 : 0;
    case VALUE_TIME:
      return a->time < b->time ? -1 : a->time > b->time ? 1 : 0;
    case VALUE_BOOL:
      return a->truth < b->truth ? -1 : a->truth > b->truth ? 1 : 0;
    default:
      e->failed = TRUE;
      return 2;
    }
}

static int
truth_of (Eval  *e,
          Value  v)
{
  if (v.kind == VALUE_NULL)
    return -1;
  if (v.kind == VALUE_BOOL)
    return v.truth;
  if (v.kind == VALUE_TEXT && (strcmp (v.text, "true") == 0 || strcmp (v.text, "false") == 0))
    return strcmp (v.text, "true") == 0;
  e->failed = TRUE;
  return 0;
}

static Value
bool_value (int truth)
{
  Value v = { VALUE_BOOL };

  v.truth = truth;
  return v;
}

static Value
eval_node (Eval *e,
           Node *node)
{
  Value v = { VALUE_NULL };

  switch (node->kind)
    {
    case NODE_MEMBER:
      return field_value (e->row, node->field);

    case NODE_LITERAL:
      v.kind = VALUE_TEXT;
      v.text = node->text;
      return v;

    case NODE_NULL:
      return v;

    case NODE_CALL:
      if (strcmp (node->text, "now") == 0)
        {
          v.kind = VALUE_TIME;
          v.time = e->now_ms;
          return v;
        }
      else
        {
          Value arg = eval_node (e, node->left);
          g_autoptr(GDateTime) when = NULL;

          cast_text (e, &arg, VALUE_TIME);
          if (arg.kind != VALUE_TIME)
            return v;
          when = g_date_time_new_from_unix_utc (arg.time / 1000);
          v.kind = VALUE_NUMBER;
          if (strcmp (node->text, "year") == 0)
            v.number = g_date_time_get_year (when);
          else if (strcmp (node->text, "month") == 0)
            v.number = g_date_time_get_month (when);
          else if (strcmp (node->text, "day") == 0)
            v.number = g_date_time_get_day_of_month (when);
          else if (strcmp (node->text, "hour") == 0)
            v.number = g_date_time_get_hour (when);
          else if (strcmp (node->text, "minute") == 0)
            v.number = g_date_time_get_minute (when);
          else
            v.number = g_date_time_get_second (when) + (double) (arg.time % 1000) / 1000;
          return v;
        }

    case NODE_EQ:
    case NODE_NE:
      {
        /* IS NOT DISTINCT FROM: never unknown */
        Value a = eval_node (e, node->left);
        Value b = eval_node (e, node->right);
        int equal;

        if (a.kind == VALUE_NULL || b.kind == VALUE_NULL)
          equal = a.kind == b.kind;
        else
          equal = compare_values (e, &a, &b) == 0;
        return bool_value (node->kind == NODE_EQ ? equal : !equal);
      }

    case NODE_LT:
    case NODE_LE:
    case NODE_GT:
    case NODE_GE:
      {
        Value a = eval_node (e, node->left);
        Value b = eval_node (e, node->right);
        int c;

        if (a.kind == VALUE_NULL || b.kind == VALUE_NULL)
          return bool_value (-1);
        c = compare_values (e, &a, &b);
        if (c == 2)
          return bool_value (0);
        switch (node->kind)
          {
          case NODE_LT: return bool_value (c < 0);
          case NODE_LE: return bool_value (c <= 0);
          case NODE_GT: return bool_value (c > 0);
          default: return bool_value (c >= 0);
          }
      }

    case NODE_AND:
      {
        int a = truth_of (e, eval_node (e, node->left));
        int b = truth_of (e, eval_node (e, node->right));

        if (a == 0 || b == 0)
          return bool_value (0);
        return bool_value (a == 1 && b == 1 ? 1 : -1);
      }

    case NODE_OR:
      {
        int a = truth_of (e, eval_node (e, node->left));
        int b = truth_of (e, eval_node (e, node->right));

        if (a == 1 || b == 1)
          return bool_value (1);
        return bool_value (a == 0 && b == 0 ? 0 : -1);
      }

    case NODE_NOT:
      {
        int a = truth_of (e, eval_node (e, node->left));

        return bool_value (a < 0 ? -1 : !a);
      }

    default:
      /* refused when parsed */
      e->failed = TRUE;
      return v;
    }
}

gboolean
cm_sim_filter_match (CmSimFilter          *filter,
                     const CmSimFilterRow *row,
                     gint64                now_ms,
                     gboolean             *failed)
{
  Eval e = { row, now_ms, FALSE };
  int truth;

  if (filter == NULL)
    return TRUE;

  truth = truth_of (&e, eval_node (&e, filter->root));
  if (e.failed && failed != NULL)
    *failed = TRUE;

  return truth == 1 && !e.failed;
}

/* $orderby */

GArray *
cm_sim_orderby_parse (const char    *text,
                      gboolean       subtable,
                      CmSimProblem **problem)
{
  g_autoptr(GArray) keys = g_array_new (FALSE, FALSE, sizeof (CmSimOrderKey));
  g_auto(GStrv) clauses = g_strsplit (text, ",", -1);

  for (guint i = 0; clauses[i] != NULL; i++)
    {
      g_autofree char *clause = g_strstrip (g_strdup (clauses[i]));
      g_auto(GStrv) words = g_regex_split_simple ("\\s+", clause, 0, 0);
      const char *column = words[0] != NULL ? words[0] : "";
      const char *name = column;
      const char *bad = NULL;
      CmSimOrderKey key = { 0 };
      gboolean found = FALSE;

      if (subtable)
        name = g_str_has_prefix (column, "$root/Submissions/") ? column + strlen ("$root/Submissions/") : "";
      for (guint f = 0; f < G_N_ELEMENTS (fields); f++)
        if (strcmp (fields[f].name, name) == 0)
          {
            key.field = fields[f].field;
            found = TRUE;
          }

      if (!found)
        bad = column;
      else if (words[1] != NULL && g_ascii_strcasecmp (words[1], "asc") != 0 &&
               g_ascii_strcasecmp (words[1], "desc") != 0)
        bad = words[1];

      if (bad != NULL)
        {
          GString *details = g_string_new ("{\"text\":");

          cm_sim_json_append_string (details, bad);
          g_string_append_c (details, '}');
          *problem = cm_sim_problem_new (501.5, details->str,
                                         "The given OData filter expression references fields "
                                         "not supported by this server: %s", bad);
          g_string_free (details, TRUE);
          return NULL;
        }

      key.descending = words[1] != NULL && g_ascii_strcasecmp (words[1], "desc") == 0;
      g_array_append_val (keys, key);
    }

  return g_steal_pointer (&keys);
}

int
cm_sim_orderby_compare (GArray               *keys,
                        const CmSimFilterRow *a,
                        const CmSimFilterRow *b)
{
  for (guint i = 0; i < keys->len; i++)
    {
      const CmSimOrderKey *key = &g_array_index (keys, CmSimOrderKey, i);
      Value va = field_value (a, key->field);
      Value vb = field_value (b, key->field);
      Eval e = { NULL, 0, FALSE };
      int c;

      if (va.kind == VALUE_NULL || vb.kind == VALUE_NULL)
        {
          if (va.kind == vb.kind)
            continue;
          /* ASC NULLS FIRST, DESC NULLS LAST */
          c = va.kind == VALUE_NULL ? -1 : 1;
          return key->descending ? -c : c;
        }

      c = compare_values (&e, &va, &vb);
      if (c != 0 && c != 2)
        return key->descending ? -c : c;
    }

  return 0;
}
