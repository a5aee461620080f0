/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "cm-canteen.h"
#include "cm-committee-member.h"
#include "cm-db.h"

G_BEGIN_DECLS

/* The dialogs that change a kitchen's committee. Each writes in a worker
 * thread, keeps the dialog open with the reason when the core refuses, and
 * on success activates "win.reload" from @from. They return the dialog. */

AdwMessageDialog *cm_kitchen_committee_add_member       (GtkWidget         *from,
                                                         CmDb              *db,
                                                         CmCanteen         *canteen);
AdwMessageDialog *cm_kitchen_committee_end_membership   (GtkWidget         *from,
                                                         CmDb              *db,
                                                         CmCommitteeMember *member);
AdwMessageDialog *cm_kitchen_committee_set_holds_office (GtkWidget         *from,
                                                         CmDb              *db,
                                                         CmCommitteeMember *member,
                                                         gboolean           holds_office);

G_END_DECLS
