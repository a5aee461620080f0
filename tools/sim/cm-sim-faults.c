/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "comedores-sim"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "cm-sim-faults.h"

static const struct
{
  const char *name;
  const char *help;
} fault_table[CM_SIM_N_FAULTS] = {
  [CM_SIM_FAULT_EXPIRE_TOKEN] =
    { "expire-token", N_("after a data page that has a next link, the request after it is refused: Central 401.2 (the session is revoked; a new login works), Kobo one 401 “Invalid token.”") },
  [CM_SIM_FAULT_500] =
    { "500", N_("a data page answers 500 (Central {\"message\":\"Internal Server Error\"}, Kobo Django’s HTML error page)") },
  [CM_SIM_FAULT_503] =
    { "503", N_("a data page answers 503 with Retry-After: 1 and nginx’s HTML page") },
  [CM_SIM_FAULT_SLOW] =
    { "slow", N_("a data page waits --slow-seconds (30) before its first byte, then arrives whole") },
  [CM_SIM_FAULT_RESET] =
    { "reset", N_("a data page sends its headers (chunked) and half its body, then the connection is reset (TCP RST)") },
  [CM_SIM_FAULT_TRUNCATED] =
    { "truncated", N_("a data page promises its whole length in Content-Length, sends half, and closes") },
  [CM_SIM_FAULT_BAD_JSON] =
    { "bad-json", N_("a data page answers 200 with the first half of its body only, so the JSON does not parse") },
  [CM_SIM_FAULT_MISSING_FIELDS] =
    { "missing-fields", N_("the first row of a data page lacks comedor and fecha (null in Central, absent in Kobo), on that response only") },
  [CM_SIM_FAULT_DUPLICATE_ROW] =
    { "duplicate-row", N_("the last row of a data page that has a next link is served again at the head of the next page") },
  [CM_SIM_FAULT_ARRIVALS] =
    { "arrivals", N_("the newest submissions are held back at start and arrive once the first data page has been answered") },
  [CM_SIM_FAULT_EDITED] =
    { "edited", N_("once a data page without a next link has been served, one submission is edited: new values, new meta/instanceID, same __id") },
  [CM_SIM_FAULT_ESCAPE_ATTACHMENT] =
    { "escape-attachment", N_("the newest submission’s photo is named ../../escape.jpg and is served under that name") },
};

struct _CmSimFaults
{
  double  rate;      /* 0: each added fault strikes once */
  GArray *pending;   /* of CmSimFaultKind, in the order given */
  guint   configured[CM_SIM_N_FAULTS];
  GRand  *rand;
};

CmSimFaults *
cm_sim_faults_new (double  rate,
                   guint64 seed)
{
  CmSimFaults *faults = g_new0 (CmSimFaults, 1);

  faults->rate = rate;
  faults->pending = g_array_new (FALSE, FALSE, sizeof (CmSimFaultKind));
  faults->rand = g_rand_new_with_seed ((guint32) (seed ^ (seed >> 32) ^ 0x5eed));

  return faults;
}

void
cm_sim_faults_free (CmSimFaults *faults)
{
  if (faults == NULL)
    return;
  g_array_unref (faults->pending);
  g_rand_free (faults->rand);
  g_free (faults);
}

const char *
cm_sim_fault_name (CmSimFaultKind kind)
{
  g_return_val_if_fail (kind >= 0 && kind < CM_SIM_N_FAULTS, NULL);
  return fault_table[kind].name;
}

const char *
cm_sim_fault_help (CmSimFaultKind kind)
{
  g_return_val_if_fail (kind >= 0 && kind < CM_SIM_N_FAULTS, NULL);
  return _(fault_table[kind].help);
}

gboolean
cm_sim_fault_breaks_page (CmSimFaultKind kind)
{
  switch (kind)
    {
    case CM_SIM_FAULT_500:
    case CM_SIM_FAULT_503:
    case CM_SIM_FAULT_RESET:
    case CM_SIM_FAULT_TRUNCATED:
    case CM_SIM_FAULT_BAD_JSON:
      return TRUE;
    default:
      return FALSE;
    }
}

gboolean
cm_sim_faults_add (CmSimFaults *faults,
                   const char  *name)
{
  for (CmSimFaultKind kind = 0; kind < CM_SIM_N_FAULTS; kind++)
    if (strcmp (fault_table[kind].name, name) == 0)
      {
        faults->configured[kind]++;
        g_array_append_val (faults->pending, kind);
        return TRUE;
      }

  return FALSE;
}

gboolean
cm_sim_faults_has (CmSimFaults    *faults,
                   CmSimFaultKind  kind)
{
  return faults->configured[kind] > 0;
}

static gboolean
eligible (CmSimFaultKind kind,
          gboolean       has_rows,
          gboolean       has_next)
{
  switch (kind)
    {
    case CM_SIM_FAULT_500:
    case CM_SIM_FAULT_503:
    case CM_SIM_FAULT_SLOW:
    case CM_SIM_FAULT_RESET:
    case CM_SIM_FAULT_TRUNCATED:
    case CM_SIM_FAULT_BAD_JSON:
      return TRUE;
    case CM_SIM_FAULT_MISSING_FIELDS:
      return has_rows;
    case CM_SIM_FAULT_DUPLICATE_ROW:
    case CM_SIM_FAULT_EXPIRE_TOKEN:
      return has_next;
    default:
      /* arrivals, edited and escape-attachment change the world instead */
      return FALSE;
    }
}

CmSimFaultKind
cm_sim_faults_draw (CmSimFaults *faults,
                    gboolean     has_rows,
                    gboolean     has_next)
{
  for (guint i = 0; i < faults->pending->len; i++)
    {
      CmSimFaultKind kind = g_array_index (faults->pending, CmSimFaultKind, i);

      if (!eligible (kind, has_rows, has_next))
        continue;

      if (faults->rate > 0)
        {
          if (g_rand_double (faults->rand) < faults->rate)
            return kind;
        }
      else
        {
          g_array_remove_index (faults->pending, i);
          return kind;
        }
    }

  return CM_SIM_FAULT_NONE;
}
