/* prompt.c: systemd-ask-password or the terminal, without echo. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <talloc.h>
#include <termios.h>
#include <unistd.h>

#include "compat/compat.h"
#include "mountopts.h"
#include "program/secret.h"
#include "prompt.h"

/* Where systemd-ask-password may live when PATH must not be trusted. */
static const char *const ask_password_paths[] = {
	"/usr/bin/systemd-ask-password",
	"/bin/systemd-ask-password",
};

static bool systemd_running(void)
{
	struct stat st;

	/* sd_booted(): systemd creates this directory at boot. */
	return lstat("/run/systemd/system", &st) == 0 && S_ISDIR(st.st_mode);
}

static void strip_newline(char *s)
{
	size_t len = strlen(s);

	if (len > 0 && s[len - 1] == '\n')
		s[len - 1] = '\0';
}

static int ask_systemd(void *mem, const char *prompt, char **ret)
{
	const char *tool = NULL;
	char *answer;
	size_t len, i;
	int fds[2], status = 0, r;
	pid_t pid, waited;

	if (!systemd_running())
		return -ENOENT;
	if (cifsaf_is_secure_exec()) {
		for (i = 0; i < sizeof(ask_password_paths) / sizeof(ask_password_paths[0]); i++)
			if (access(ask_password_paths[i], X_OK) == 0)
				tool = ask_password_paths[i];
		if (tool == NULL)
			return -ENOENT;
	}
	r = cifsaf_pipe_cloexec(fds);
	if (r < 0)
		return r;
	pid = fork();
	if (pid < 0) {
		r = -errno;
		close(fds[0]);
		close(fds[1]);
		return r;
	}
	if (pid == 0) {
		if (dup2(fds[1], STDOUT_FILENO) < 0)
			_exit(127);
		if (tool != NULL)
			execl(tool, "systemd-ask-password", prompt, (char *)NULL);
		else
			execlp("systemd-ask-password", "systemd-ask-password", prompt, (char *)NULL);
		_exit(127);
	}
	close(fds[1]);
	r = cifsaf_read_secret_fd(mem, fds[0], CIFSAF_PASSWORD_MAX + 1, &answer, &len);
	close(fds[0]);
	do
		waited = waitpid(pid, &status, 0);
	while (waited < 0 && errno == EINTR);
	if (r < 0)
		return r == -EFBIG ? -E2BIG : r;
	/* No exit status (SIGCHLD ignored by whoever started us): the answer
	 * is not known to be the tool's own, so it is not used. */
	if (waited < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		talloc_free(answer);
		return -EIO;
	}
	strip_newline(answer);
	*ret = answer;
	return 0;
}

static int ask_terminal(void *mem, const char *prompt, char **ret)
{
	struct termios saved, quiet;
	char *answer;
	size_t len = 0;
	int fd, r = 0;

	fd = open("/dev/tty", O_RDWR | O_NOCTTY);
	if (fd < 0)
		return -ENOTTY;
	if (tcgetattr(fd, &saved) < 0) {
		close(fd);
		return -ENOTTY;
	}
	answer = talloc_zero_size(mem, CIFSAF_PASSWORD_MAX + 2);
	if (answer == NULL) {
		close(fd);
		return -ENOMEM;
	}
	cifsaf_secret_string(answer);
	quiet = saved;
	quiet.c_lflag &= ~(tcflag_t)(ECHO | ECHOE | ECHOK | ECHONL);
	quiet.c_lflag |= ICANON;
	/* Echo off (and typeahead discarded) before the prompt shows, as
	 * getpass does: what is typed after the prompt is never echoed. */
	if (tcsetattr(fd, TCSAFLUSH, &quiet) < 0 || write(fd, prompt, strlen(prompt)) < 0) {
		r = -errno;
		tcsetattr(fd, TCSAFLUSH, &saved);
		goto out;
	}
	for (;;) {
		char c;
		ssize_t n = read(fd, &c, 1);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			r = -errno;
			break;
		}
		if (n == 0 || c == '\n')
			break;
		if (len == CIFSAF_PASSWORD_MAX) {
			r = -E2BIG;	/* keep reading would only fill the buffer */
			break;
		}
		answer[len++] = c;
	}
	tcsetattr(fd, TCSAFLUSH, &saved);
	if (write(fd, "\n", 1) < 0 && r == 0)
		r = -errno;
out:
	close(fd);
	if (r < 0) {
		talloc_free(answer);
		return r;
	}
	*ret = answer;
	return 0;
}

int cifsaf_prompt_password(void *mem, const char *prompt, char **ret)
{
	int r = ask_systemd(mem, prompt, ret);

	if (r == 0 || r == -E2BIG)
		return r;
	return ask_terminal(mem, prompt, ret);
}
