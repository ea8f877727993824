/* log.h: the program-wide state both programs keep, and the one place it
 * lives: the name messages start with, and syslog (facility daemon, with
 * the pid).  Only the program layer prints or logs; the libraries return
 * errors. */
#ifndef CIFSAF_LOG_H
#define CIFSAF_LOG_H

/* The name the program was started as, for messages. */
extern const char *progname;

/* "PROGNAME: message\n" on stderr. */
void warnx_(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Set progname to argv0's last component (ident when argv0 is NULL) and
 * open syslog with ident, LOG_PID and options (LOG_PERROR for a run by
 * hand), facility daemon.  The ident is fixed whatever the program was
 * started as: mount.smb3 still logs as mount.cifs. */
void program_log_open(const char *ident, const char *argv0, int options);

#endif
