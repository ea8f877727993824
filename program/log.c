/* log.c: the program's name in messages, and its syslog (see log.h). */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <syslog.h>

#include "log.h"

/* Set by program_log_open before anything is said. */
const char *progname = "cifs-af";

void warnx_(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", progname);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

void program_log_open(const char *ident, const char *argv0, int options)
{
	const char *base;

	progname = ident;
	if (argv0 != NULL) {
		base = strrchr(argv0, '/');
		progname = base ? base + 1 : argv0;
	}
	openlog(ident, LOG_PID | options, LOG_DAEMON);
}
