/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Hand-built boundaries for the imports' tests: the city's box cut into a
 * 4 × 4 grid, one square cell per alcaldía in the order of their codes. */
char *cm_test_grid_feature      (guint       index,
                                 const char *cvegeo,
                                 const char *nomgeo);
char *cm_test_grid_collection   (void);
void  cm_test_grid_cell_center  (guint       index,
                                 double     *lat,
                                 double     *lon);
char *cm_test_write_file        (const char *dir,
                                 const char *name,
                                 const char *contents,
                                 gssize      length);

G_END_DECLS
