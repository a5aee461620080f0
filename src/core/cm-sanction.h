/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "cm-db.h"

G_BEGIN_DECLS

/* Sanctions follow the ladder: warning, suspension, permanent closure. They
 * are recorded once, with who decided them, when and why, and the database
 * refuses to change or remove them afterwards. */

#define CM_SANCTION_ERROR (cm_sanction_error_quark ())

typedef enum
{
  CM_SANCTION_ERROR_INVALID,    /* a field missing or out of range */
  CM_SANCTION_ERROR_NOT_FOUND,  /* no such kitchen, finding or review */
  CM_SANCTION_ERROR_STATE,      /* the decision makes no sense as things stand */
} CmSanctionError;

typedef enum
{
  CM_SANCTION_WARNING,
  CM_SANCTION_SUSPENSION,
  CM_SANCTION_CLOSURE,
} CmSanctionKind;

/* The ladder's last step: five warnings and one suspension. */
#define CM_SANCTION_LADDER_WARNINGS    5
#define CM_SANCTION_LADDER_SUSPENSIONS 1

typedef struct
{
  gint64          canteen_id;
  CmSanctionKind  kind;
  const GDate    *decided_on;
  const char     *decided_by;   /* the supervisor */
  const char     *reason;
  gint64          finding_id;   /* the finding it follows, or 0 */
  gint64          review_id;    /* the signed review it follows, or 0 */
} CmSanctionFields;

#define CM_TYPE_SANCTION (cm_sanction_get_type ())
G_DECLARE_FINAL_TYPE (CmSanction, cm_sanction, CM, SANCTION, GObject)

gint64          cm_sanction_get_id           (CmSanction *self);
gint64          cm_sanction_get_canteen_id   (CmSanction *self);
CmSanctionKind  cm_sanction_get_kind         (CmSanction *self);
const char     *cm_sanction_get_decided_on   (CmSanction *self);  /* YYYY-MM-DD */
const char     *cm_sanction_get_decided_by   (CmSanction *self);
const char     *cm_sanction_get_reason       (CmSanction *self);
gint64          cm_sanction_get_finding_id   (CmSanction *self);  /* 0: none */
gint64          cm_sanction_get_review_id    (CmSanction *self);  /* 0: none */
const char     *cm_sanction_get_recorded_at  (CmSanction *self);  /* UTC ISO 8601 */

GQuark          cm_sanction_error_quark      (void);
const char     *cm_sanction_kind_to_string   (CmSanctionKind kind);  /* "warning"... */
gboolean        cm_sanction_kind_from_string (const char     *text,
                                              CmSanctionKind *kind);
const char     *cm_sanction_kind_get_label   (CmSanctionKind kind);  /* translated */

gint64          cm_sanction_record           (CmDb                   *db,
                                              const CmSanctionFields *fields,
                                              const GDate            *status_from,
                                              const char             *actor,
                                              GError                **error);
GListModel     *cm_sanction_list             (CmDb                   *db,
                                              gint64                  canteen_id,
                                              GError                **error);
gboolean        cm_sanction_get_ladder       (CmDb                   *db,
                                              gint64                  canteen_id,
                                              guint                  *warnings,
                                              guint                  *suspensions,
                                              gboolean               *flag_closure,
                                              GError                **error);
GArray         *cm_sanction_list_flagged     (CmDb                   *db,
                                              GError                **error);

G_END_DECLS
