/* version.c: what -V says (see version.h). */
#include "config.h"

#include <stdio.h>

#include "version.h"

const char *program_features_text(void)
{
#if defined(HAVE_LIBCAP_NG) && defined(HAVE_KEYUTILS)
	return "libcap-ng: yes, keyutils: yes";
#elif defined(HAVE_LIBCAP_NG)
	return "libcap-ng: yes, keyutils: no (built --without-keyutils: no decision cache, "
	       "cifs-af.dnsresolver hands every request to key.dns_resolver)";
#elif defined(HAVE_KEYUTILS)
	return "libcap-ng: no (built --without-libcap-ng), keyutils: yes";
#else
	return "libcap-ng: no (built --without-libcap-ng), keyutils: no (built --without-keyutils: no "
	       "decision cache, cifs-af.dnsresolver hands every request to key.dns_resolver)";
#endif
}

void program_version_print(const char *name)
{
	printf("%s version: cifs-af %s (%s)\n", name, PACKAGE_VERSION, program_features_text());
#ifdef CIFSAF_BUILD_DESCRIPTION
	printf("build: %s\n", CIFSAF_BUILD_DESCRIPTION);
#endif
}
