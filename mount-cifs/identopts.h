/* identopts.h: the handlers of the options that say who mounts
 * (identopts.c), as a table for mountopts.c's parser. */
#ifndef CIFSAF_IDENTOPTS_H
#define CIFSAF_IDENTOPTS_H

#include <stddef.h>

#include "optparser.h"

extern const struct optparser_option identity_options[];
extern const size_t n_identity_options;

#endif
