/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "cm-canteen"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "cm-canteen.h"
#include "cm-checks.h"
#include "cm-text.h"

struct _CmCanteen
{
  GObject  parent_instance;

  gint64   id;
  char    *folio;
  char    *name;
  char    *modality;
  char    *address;
  char    *colonia;
  char    *alcaldia_code;
  char    *alcaldia_name;
  double   latitude;
  double   longitude;
  char    *schedule;
  gint64   capacity;
  char    *status;
  char    *compliance;
  char    *compliance_period;
  char    *opened_on;
  char    *tablet_id;
  char    *last_report;
  char    *last_report_label;
  guint    recent_reports;
  char    *recent_reports_label;
  char    *search_key;
  gboolean committee_known;
  guint    committee_active;
  guint    committee_office;
};

G_DEFINE_FINAL_TYPE (CmCanteen, cm_canteen, G_TYPE_OBJECT)

/* Read-only properties, so that list sorters and labels can use
 * GtkPropertyExpression on them. */
enum {
  PROP_0,
  PROP_FOLIO,
  PROP_NAME,
  PROP_MODALITY_LABEL,
  PROP_COLONIA,
  PROP_ALCALDIA_NAME,
  PROP_STATUS,
  PROP_STATUS_LABEL,
  PROP_LAST_REPORT,
  PROP_LAST_REPORT_LABEL,
  PROP_RECENT_REPORTS,
  PROP_COMPLIANCE_LABEL,
  PROP_COMPLIANCE_RANK,
  PROP_COMMITTEE_FLAGS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
cm_canteen_finalize (GObject *object)
{
  CmCanteen *self = (CmCanteen *)object;

  g_free (self->folio);
  g_free (self->name);
  g_free (self->modality);
  g_free (self->address);
  g_free (self->colonia);
  g_free (self->alcaldia_code);
  g_free (self->alcaldia_name);
  g_free (self->schedule);
  g_free (self->status);
  g_free (self->compliance);
  g_free (self->compliance_period);
  g_free (self->opened_on);
  g_free (self->tablet_id);
  g_free (self->last_report);
  g_free (self->last_report_label);
  g_free (self->recent_reports_label);
  g_free (self->search_key);

  G_OBJECT_CLASS (cm_canteen_parent_class)->finalize (object);
}

static void
cm_canteen_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  CmCanteen *self = CM_CANTEEN (object);

  switch (prop_id)
    {
    case PROP_FOLIO:
      g_value_set_string (value, self->folio);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_MODALITY_LABEL:
      g_value_set_string (value, cm_canteen_get_modality_label (self));
      break;
    case PROP_COLONIA:
      g_value_set_string (value, self->colonia);
      break;
    case PROP_ALCALDIA_NAME:
      g_value_set_string (value, self->alcaldia_name);
      break;
    case PROP_STATUS:
      g_value_set_string (value, self->status);
      break;
    case PROP_STATUS_LABEL:
      g_value_set_string (value, cm_canteen_get_status_label (self));
      break;
    case PROP_LAST_REPORT:
      g_value_set_string (value, self->last_report);
      break;
    case PROP_LAST_REPORT_LABEL:
      g_value_set_string (value, cm_canteen_get_last_report_label (self));
      break;
    case PROP_RECENT_REPORTS:
      g_value_set_uint (value, self->recent_reports);
      break;
    case PROP_COMPLIANCE_LABEL:
      g_value_set_string (value, cm_canteen_get_compliance_label (self));
      break;
    case PROP_COMPLIANCE_RANK:
      g_value_set_uint (value, cm_canteen_get_compliance_rank (self));
      break;
    case PROP_COMMITTEE_FLAGS:
      g_value_set_uint (value, cm_canteen_get_committee_flags (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static GParamSpec *
string_property (const char *name)
{
  return g_param_spec_string (name, NULL, NULL, NULL,
                              G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
}

static void
cm_canteen_class_init (CmCanteenClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cm_canteen_finalize;
  object_class->get_property = cm_canteen_get_property;

  properties[PROP_FOLIO] = string_property ("folio");
  properties[PROP_NAME] = string_property ("name");
  properties[PROP_MODALITY_LABEL] = string_property ("modality-label");
  properties[PROP_COLONIA] = string_property ("colonia");
  properties[PROP_ALCALDIA_NAME] = string_property ("alcaldia-name");
  properties[PROP_STATUS] = string_property ("status");
  properties[PROP_STATUS_LABEL] = string_property ("status-label");
  properties[PROP_LAST_REPORT] = string_property ("last-report");
  properties[PROP_LAST_REPORT_LABEL] = string_property ("last-report-label");
  properties[PROP_COMPLIANCE_LABEL] = string_property ("compliance-label");
  properties[PROP_COMPLIANCE_RANK] =
    g_param_spec_uint ("compliance-rank", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_COMMITTEE_FLAGS] =
    g_param_spec_uint ("committee-flags", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_RECENT_REPORTS] =
    g_param_spec_uint ("recent-reports", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cm_canteen_init (CmCanteen *self)
{
  self->latitude = NAN;
  self->longitude = NAN;
  self->capacity = -1;
}

/**
 * cm_canteen_new:
 * @fields: what is known of the kitchen; strings are copied
 *
 * Returns: (transfer full): a new kitchen
 */
CmCanteen *
cm_canteen_new (const CmCanteenFields *fields)
{
  CmCanteen *self;
  g_autofree char *key = NULL;

  g_return_val_if_fail (fields != NULL, NULL);
  g_return_val_if_fail (fields->folio != NULL, NULL);

  self = g_object_new (CM_TYPE_CANTEEN, NULL);
  self->id = fields->id;
  self->folio = g_strdup (fields->folio);
  self->name = g_strdup (fields->name ? fields->name : "");
  self->modality = g_strdup (fields->modality ? fields->modality : "");
  self->address = g_strdup (fields->address ? fields->address : "");
  self->colonia = g_strdup (fields->colonia ? fields->colonia : "");
  self->alcaldia_code = g_strdup (fields->alcaldia_code);
  self->alcaldia_name = g_strdup (fields->alcaldia_name ? fields->alcaldia_name : "");
  self->latitude = fields->latitude;
  self->longitude = fields->longitude;
  self->schedule = g_strdup (fields->schedule ? fields->schedule : "");
  self->capacity = fields->capacity;
  self->status = g_strdup (fields->status ? fields->status : "active");
  self->opened_on = g_strdup (fields->opened_on);
  self->tablet_id = g_strdup (fields->tablet_id);
  self->last_report = g_strdup (fields->last_report);
  self->recent_reports = fields->recent_reports;
  self->compliance = g_strdup (fields->compliance);
  self->compliance_period = g_strdup (fields->compliance_period);
  self->committee_known = fields->committee_known;
  self->committee_active = fields->committee_active;
  self->committee_office = fields->committee_office;

  /* Folded once here, so that filtering per keystroke does no Unicode work. */
  /* The alcaldía too: people type "iztapalapa" as often as they pick it
   * from the filter. */
  key = g_strjoin (" ", self->folio, self->name, self->colonia, self->alcaldia_name, NULL);
  self->search_key = cm_text_fold (key);

  return self;
}

gint64
cm_canteen_get_id (CmCanteen *self)
{
  g_return_val_if_fail (CM_IS_CANTEEN (self), 0);
  return self->id;
}

const char *
cm_canteen_get_folio (CmCanteen *self)
{
  g_return_val_if_fail (CM_IS_CANTEEN (self), NULL);
  return self->folio;
}

const char *
cm_canteen_get_name (CmCanteen *self)
{
  g_return_val_if_fail (CM_IS_CANTEEN (self), NULL);
  return self->name;
}

const char *
cm_canteen_get_modality (CmCanteen *self)
{
  g_return_val_if_fail (CM_IS_CANTEEN (self), NULL);
  return self->modality;
}

const char *
cm_canteen_get_address (CmCanteen *self)
{
  g_return_val_if_fail (CM_IS_CANTEEN (self), NULL);
  return self->address;
}

const char *
cm_canteen_get_colonia (CmCanteen *self)
{
  g_return_val_if_fail (CM_IS_CANTEEN (self), NULL);
  return self->colonia;
}

const char *
cm_canteen_get_alcaldia_code (CmCanteen *self)
{
  g_return_val_if_fail (CM_IS_CANTEEN (self), NULL);
  return self->alcaldia_code;
}

const char *
cm_canteen_get_alcaldia_name (CmCanteen *self)
{
  g_return_val_if_fail (CM_IS_CANTEEN (self), NULL);
  return self->alcaldia_name;
}

double
cm_canteen_get_latitude (CmCanteen *self)
{
  g_return_val_if_fail (CM_IS_CANTEEN (self), NAN);
  return self->latitude;
}

double
cm_canteen_get_longitude (CmCanteen *self)
{
  g_return_val_if_fail (CM_IS_CANTEEN (self), NAN);
  return self->longitude;
}

const char *
cm_canteen_get_schedule (CmCanteen *self)
{
  g_return_val_if_fail (CM_IS_CANTEEN (self), NULL);
  return self->schedule;
}

gint64
cm_canteen_get_capacity (CmCanteen *self)
{
  g_return_val_if_fail (CM_IS_CANTEEN (self), -1);
  return self->capacity;
}

/* The verdict of the latest month evaluated ("cumple", ...), or NULL. */
const char *
cm_canteen_get_compliance (CmCanteen *self)
{
  g_return_val_if_fail (CM_IS_CANTEEN (self), NULL);
  return self->compliance;
}

const char *
cm_canteen_get_compliance_period (CmCanteen *self)
{
  g_return_val_if_fail (CM_IS_CANTEEN (self), NULL);
  return self->compliance_period;
}

const char *
cm_canteen_get_compliance_label (CmCanteen *self)
{
  CmVerdict verdict = CM_VERDICT_NOT_EVALUATED;

  g_return_val_if_fail (CM_IS_CANTEEN (self), NULL);

  if (self->compliance != NULL)
    cm_verdict_from_string (self->compliance, &verdict);
  return cm_verdict_get_label (verdict);
}

/* Worst first: does not comply, complies with remarks, complies, not evaluated. */
guint
cm_canteen_get_compliance_rank (CmCanteen *self)
{
  CmVerdict verdict = CM_VERDICT_NOT_EVALUATED;

  g_return_val_if_fail (CM_IS_CANTEEN (self), 0);

  if (self->compliance != NULL)
    cm_verdict_from_string (self->compliance, &verdict);
  switch (verdict)
    {
    case CM_VERDICT_DOES_NOT_COMPLY:
      return 0;
    case CM_VERDICT_COMPLIES_WITH_REMARKS:
      return 1;
    case CM_VERDICT_COMPLIES:
      return 2;
    case CM_VERDICT_NOT_EVALUATED:
    default:
      return 3;
    }
}

const char *
cm_canteen_get_status (CmCanteen *self)
{
  g_return_val_if_fail (CM_IS_CANTEEN (self), NULL);
  return self->status;
}

const char *
cm_canteen_get_opened_on (CmCanteen *self)
{
  g_return_val_if_fail (CM_IS_CANTEEN (self), NULL);
  return self->opened_on;
}

const char *
cm_canteen_get_tablet_id (CmCanteen *self)
{
  g_return_val_if_fail (CM_IS_CANTEEN (self), NULL);
  return self->tablet_id;
}

const char *
cm_canteen_get_last_report (CmCanteen *self)
{
  g_return_val_if_fail (CM_IS_CANTEEN (self), NULL);
  return self->last_report;
}

guint
cm_canteen_get_recent_reports (CmCanteen *self)
{
  g_return_val_if_fail (CM_IS_CANTEEN (self), 0);
  return self->recent_reports;
}

const char *
cm_canteen_get_search_key (CmCanteen *self)
{
  g_return_val_if_fail (CM_IS_CANTEEN (self), NULL);
  return self->search_key;
}

/**
 * cm_canteen_get_last_report_label:
 * @self: a #CmCanteen
 *
 * Returns: the date of the last report in the locale's format, or an empty
 *   string when the kitchen never reported
 */
const char *
cm_canteen_get_last_report_label (CmCanteen *self)
{
  g_return_val_if_fail (CM_IS_CANTEEN (self), NULL);

  /* Formatted on first use: most rows are never drawn. */
  if (self->last_report_label == NULL)
    {
      self->last_report_label = cm_text_format_date (self->last_report, FALSE);
      if (self->last_report_label == NULL)
        self->last_report_label = g_strdup ("");
    }

  return self->last_report_label;
}

/**
 * cm_canteen_get_recent_reports_label:
 * @self: a #CmCanteen
 *
 * Returns: the number of reports of the last 30 days, as the locale writes it
 */
const char *
cm_canteen_get_recent_reports_label (CmCanteen *self)
{
  g_return_val_if_fail (CM_IS_CANTEEN (self), NULL);

  if (self->recent_reports_label == NULL)
    self->recent_reports_label = cm_text_format_count (self->recent_reports);

  return self->recent_reports_label;
}

CmCanteenStatus
cm_canteen_get_status_enum (CmCanteen *self)
{
  g_return_val_if_fail (CM_IS_CANTEEN (self), CM_CANTEEN_STATUS_ACTIVE);

  if (g_strcmp0 (self->status, "suspended") == 0)
    return CM_CANTEEN_STATUS_SUSPENDED;
  if (g_strcmp0 (self->status, "closed") == 0)
    return CM_CANTEEN_STATUS_CLOSED;
  return CM_CANTEEN_STATUS_ACTIVE;
}

/**
 * cm_canteen_modality_label:
 * @modality: a modality as stored
 *
 * Returns: the modality as a person reads it; a registry's own word is
 *   shown as written
 */
const char *
cm_canteen_modality_label (const char *modality)
{
  if (g_strcmp0 (modality, "comunitario") == 0)
    return C_("modality", "Community");
  if (g_strcmp0 (modality, "publico") == 0)
    return C_("modality", "Public");
  return modality != NULL ? modality : "";
}

const char *
cm_canteen_get_modality_label (CmCanteen *self)
{
  g_return_val_if_fail (CM_IS_CANTEEN (self), NULL);
  return cm_canteen_modality_label (self->modality);
}

/**
 * cm_canteen_status_label:
 * @status: a status as stored
 *
 * Returns: the status as a person reads it
 */
const char *
cm_canteen_status_label (const char *status)
{
  if (g_strcmp0 (status, "suspended") == 0)
    return C_("kitchen status", "Suspended");
  if (g_strcmp0 (status, "closed") == 0)
    return C_("kitchen status", "Closed");
  return C_("kitchen status", "Active");
}

const char *
cm_canteen_get_status_label (CmCanteen *self)
{
  g_return_val_if_fail (CM_IS_CANTEEN (self), NULL);
  return cm_canteen_status_label (self->status);
}

/* The number of active committee members, when the list loaded it. */
guint
cm_canteen_get_committee_active (CmCanteen *self)
{
  g_return_val_if_fail (CM_IS_CANTEEN (self), 0);
  return self->committee_active;
}

/**
 * cm_canteen_get_committee_flags:
 * @self: a #CmCanteen
 *
 * What the registry shows wrong with the kitchen's committee: fewer than
 * three active members, or an active member holding public or party office
 * (forbidden since 2021). A closed kitchen's committee is history and is not
 * flagged; nor is a kitchen whose committee was not loaded.
 *
 * Returns: the flags
 */
CmCommitteeFlags
cm_canteen_get_committee_flags (CmCanteen *self)
{
  CmCommitteeFlags flags = CM_COMMITTEE_FLAGS_NONE;

  g_return_val_if_fail (CM_IS_CANTEEN (self), CM_COMMITTEE_FLAGS_NONE);

  if (!self->committee_known || cm_canteen_get_status_enum (self) == CM_CANTEEN_STATUS_CLOSED)
    return CM_COMMITTEE_FLAGS_NONE;
  if (self->committee_active < CM_COMMITTEE_MIN_MEMBERS)
    flags |= CM_COMMITTEE_FLAGS_FEW_MEMBERS;
  if (self->committee_office > 0)
    flags |= CM_COMMITTEE_FLAGS_OFFICE;
  return flags;
}

/**
 * cm_canteen_dup_committee_problems:
 * @self: a #CmCanteen
 *
 * Returns: (transfer full) (nullable): one sentence per committee flag, one
 *   a line, or %NULL when there is none
 */
char *
cm_canteen_dup_committee_problems (CmCanteen *self)
{
  CmCommitteeFlags flags;
  g_autoptr(GString) text = NULL;

  g_return_val_if_fail (CM_IS_CANTEEN (self), NULL);

  flags = cm_canteen_get_committee_flags (self);
  if (flags == CM_COMMITTEE_FLAGS_NONE)
    return NULL;

  text = g_string_new (NULL);
  if (flags & CM_COMMITTEE_FLAGS_FEW_MEMBERS)
    /* Translators: %u is the number of active members, %d the minimum (3) */
    g_string_append_printf (text,
                            g_dngettext (GETTEXT_PACKAGE,
                                         "The committee has %u active member; the rules require at least %d.",
                                         "The committee has %u active members; the rules require at least %d.",
                                         self->committee_active),
                            self->committee_active, CM_COMMITTEE_MIN_MEMBERS);
  if (flags & CM_COMMITTEE_FLAGS_OFFICE)
    {
      if (text->len > 0)
        g_string_append_c (text, '\n');
      if (self->committee_office == 1)
        g_string_append (text, _("A committee member holds a public or party office."));
      else
        g_string_append_printf (text,
                                g_dngettext (GETTEXT_PACKAGE,
                                             "%u committee member holds a public or party office.",
                                             "%u committee members hold a public or party office.",
                                             self->committee_office),
                                self->committee_office);
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}
