/* prompt.h: asking for the password when none was given. */
#ifndef CIFSAF_PROMPT_H
#define CIFSAF_PROMPT_H

#include <stdbool.h>

/* Ask for a password: through systemd-ask-password when systemd runs the
 * system and the tool exists (fork+exec, the prompt as one argument, never
 * a shell; found on PATH only when not setuid), else on the terminal with
 * echo off.  Returns 0 with a talloc string under mem (zeroed when freed),
 * -ENOTTY when there is no terminal to ask on, -E2BIG when the answer is
 * longer than CIFSAF_PASSWORD_MAX, or -errno. */
int cifsaf_prompt_password(void *mem, const char *prompt, char **ret);

#endif
