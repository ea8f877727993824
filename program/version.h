/* version.h: what -V says, the same for both programs. */
#ifndef CIFSAF_VERSION_H
#define CIFSAF_VERSION_H

/* "libcap-ng: yes, keyutils: no" and so on: the optional features this
 * build has. */
const char *program_features_text(void);

/* -V: "NAME version: cifs-af VERSION (features)" on stdout and, in a build
 * configured --with-build-description (the portable build), a second line
 * "build: DESCRIPTION".  Tests read the first line. */
void program_version_print(const char *name);

#endif
