/* supervisor.h: the launcher's supervisor process (supervisor.c). */
#ifndef K2618_SUPERVISOR_H
#define K2618_SUPERVISOR_H

/* Answer the filter's notifications on LISTENER until no process uses the
 * filter any more.  Returns the supervisor's exit status. */
int k2618_supervise(int listener);

#endif
