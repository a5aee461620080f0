/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libsoup/soup.h>

#include "cm-sim-faults.h"
#include "cm-sim-problem.h"
#include "cm-sim-world.h"

G_BEGIN_DECLS

#define CM_SIM_CENTRAL_EMAIL     "monitor@example.org"
#define CM_SIM_CENTRAL_PASSWORD  "comedores-demo-2021"
#define CM_SIM_CENTRAL_PROJECT   "1"
#define CM_SIM_KOBO_TOKEN        "0123456789abcdef0123456789abcdef01234567"
#define CM_SIM_KOBO_USERNAME     "monitor"
#define CM_SIM_KOBO_ASSET        "aReporteDiario"
#define CM_SIM_SESSION_LIFETIME  ((gint64) 86400 * 1000)

typedef enum
{
  CM_SIM_API_CENTRAL,
  CM_SIM_API_KOBO,
} CmSimApi;

typedef struct
{
  char    *token;
  char    *csrf;
  gint64   created_ms;
  gint64   expires_ms;
  gboolean revoked;
} CmSimSession;

typedef struct
{
  SoupServer      *server;
  char            *base_url;          /* http://127.0.0.1:PORT */
  CmSimWorld      *world;
  CmSimFaults     *faults;
  guint            slow_seconds;
  gboolean         verbose;
  GRand           *rand;              /* session tokens */

  GHashTable      *sessions;          /* token → CmSimSession */
  gint64           last_login_ms;     /* G_MININT64: never */
  GList           *slow_sources;      /* ids of the timeouts that resume paused messages */

  /* The faults that are not one response. */
  gboolean         kobo_refuse_next;  /* expire-token on Kobo */
  CmSimSubmission *duplicate;         /* duplicate-row: served again on the next page */
  gboolean         arrivals_pending;
  guint            arrivals;
  gboolean         edit_pending;
  guint            edit_seq;
} CmSim;

/* cm-sim-central.c, cm-sim-kobo.c */
void         cm_sim_session_free     (gpointer           session);
void         cm_sim_central_handle   (CmSim             *sim,
                                      SoupServerMessage *msg);
void         cm_sim_kobo_handle      (CmSim             *sim,
                                      SoupServerMessage *msg);

/* cm-sim-http.c */
const char  *cm_sim_request_header   (SoupServerMessage *msg,
                                      const char        *name);
/* Takes @body; a @length of -1 means strlen (@body). */
void         cm_sim_respond          (SoupServerMessage *msg,
                                      guint              status,
                                      const char        *content_type,
                                      char              *body,
                                      gsize              length);
/* Sends a data page, or breaks it as @fault says. The response headers that
 * a normal page has are already set on @msg. Takes @body. */
void         cm_sim_send_page        (CmSim             *sim,
                                      SoupServerMessage *msg,
                                      CmSimApi           api,
                                      CmSimFaultKind     fault,
                                      const char        *content_type,
                                      gboolean           chunked,
                                      GString           *body);
/* What happens in the world once a data page has been answered. */
void         cm_sim_page_answered    (CmSim             *sim,
                                      CmSimFaultKind     fault,
                                      gboolean           has_next);
void         cm_sim_cancel_slow      (CmSim             *sim);
char        *cm_sim_express_etag     (const char        *body,
                                      gsize              length);
gboolean     cm_sim_etag_matches     (SoupServerMessage *msg,
                                      const char        *etag);

G_END_DECLS
