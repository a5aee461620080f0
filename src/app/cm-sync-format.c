/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "cm-sync-format"

#include "config.h"

#include <glib/gi18n.h>

#include "cm-sync-format.h"
#include "cm-text.h"

const char *
cm_sync_format_kind (CmSourceKind kind)
{
  /* Product names: not translated. */
  return kind == CM_SOURCE_KOBO ? "KoBoToolbox" : "ODK Central";
}

/* What the account's secret is called: Central signs in with a password,
 * KoBoToolbox with an API token. */
const char *
cm_sync_format_secret_title (CmSourceKind kind)
{
  return kind == CM_SOURCE_KOBO ? _("API Token") : _("Password");
}

/* "ODK Central · https://central.example.org · reporte_diario" */
char *
cm_sync_format_account (CmSource *source)
{
  /* Translators: an account's kind of server, its address and its form, e.g.
   * "ODK Central · https://central.example.org · form reporte_diario" */
  return g_strdup_printf (_("%s · %s · form %s"),
                          cm_sync_format_kind (cm_source_get_kind (source)),
                          cm_source_get_base_url (source),
                          cm_source_get_form_id (source));
}

/* A UTC timestamp as the day and the time in Mexico City. */
char *
cm_sync_format_timestamp (const char *iso_utc)
{
  g_autofree char *day = NULL;
  g_autofree char *time = cm_text_format_time (iso_utc, &day);
  g_autofree char *date = NULL;

  if (time == NULL)
    return g_strdup (iso_utc ? iso_utc : "");

  date = cm_text_format_date (day, FALSE);
  /* Translators: a day and a time, "3 Oct 2026 08:15" */
  return g_strdup_printf (C_("date and time", "%s %s"), date, time);
}

const char *
cm_sync_format_run_state (const char *state)
{
  if (g_strcmp0 (state, "ok") == 0)
    return C_("sync run", "Completed");
  if (g_strcmp0 (state, "failed") == 0)
    return C_("sync run", "Failed");
  if (g_strcmp0 (state, "cancelled") == 0)
    return C_("sync run", "Stopped");
  if (g_strcmp0 (state, "running") == 0)
    return C_("sync run", "Running or interrupted");
  return state ? state : "";
}

/* The server's review state of a report; NULL is a report nobody reviewed. */
const char *
cm_sync_format_review_state (const char *state)
{
  if (state == NULL || g_strcmp0 (state, "received") == 0)
    return C_("review state", "Received");
  if (g_strcmp0 (state, "approved") == 0)
    return C_("review state", "Approved");
  if (g_strcmp0 (state, "hasIssues") == 0)
    return C_("review state", "Has issues");
  if (g_strcmp0 (state, "rejected") == 0)
    return C_("review state", "Rejected");
  if (g_strcmp0 (state, "edited") == 0)
    return C_("review state", "Edited");
  return state;
}

/* "120 new, 3 updated, 1 in quarantine, 2 reviews sent"; only what happened. */
char *
cm_sync_format_counts (guint inserted,
                       guint updated,
                       guint quarantined,
                       guint pushed)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *n = NULL;

  if (inserted > 0)
    {
      g_clear_pointer (&n, g_free);
      n = cm_text_format_count (inserted);
      /* Translators: new reports, "120 new" */
      g_ptr_array_add (parts, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s new", "%s new", inserted), n));
    }
  if (updated > 0)
    {
      g_clear_pointer (&n, g_free);
      n = cm_text_format_count (updated);
      /* Translators: reports that changed on the server, "3 updated" */
      g_ptr_array_add (parts, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s updated", "%s updated", updated), n));
    }
  if (quarantined > 0)
    {
      g_clear_pointer (&n, g_free);
      n = cm_text_format_count (quarantined);
      /* Translators: rows that could not be read, "1 in quarantine" */
      g_ptr_array_add (parts, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s in quarantine", "%s in quarantine", quarantined), n));
    }
  if (pushed > 0)
    {
      g_clear_pointer (&n, g_free);
      n = cm_text_format_count (pushed);
      g_ptr_array_add (parts, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s review sent", "%s reviews sent", pushed), n));
    }

  if (parts->len == 0)
    return g_strdup (_("nothing new"));

  g_ptr_array_add (parts, NULL);
  /* Translators: the separator between the parts of "120 new, 3 updated" */
  return g_strjoinv (_(", "), (char **) parts->pdata);
}
