/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "cm-rule.h"

G_BEGIN_DECLS

/* CmRulebook builds its rules from validated JSON; the strings are copied
 * and @parameters is referenced. */
CmRule *_cm_rule_new (const char     *code,
                      const char     *title,
                      const char     *description,
                      const char     *category,
                      const char     *source,
                      CmRuleSeverity  severity,
                      CmRuleKind      kind,
                      const char     *check,
                      const GDate    *valid_from,
                      const GDate    *valid_until,
                      JsonObject     *parameters);

G_END_DECLS
