/* Unit tests: mount-cifs/prompt.c on a real pseudo-terminal.  Each case runs
 * the prompt in a child that made a fresh pty its controlling terminal; the
 * test plays the user at the master side and reads back what the terminal
 * showed.  The child's PATH names no systemd-ask-password, so on a machine
 * that runs systemd the terminal is still what answers. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <talloc.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "testhelp.h"
#include "mount-cifs/mountopts.h"
#include "mount-cifs/prompt.h"

#define PROMPT "Password for u@//h/s: "

enum child_mode {
	ON_TERMINAL,	/* the session leader asks */
	WITH_HANDLER,	/* ... with a SIGUSR1 handler that interrupts read() */
	NO_HANGUP_SIGNAL, /* ... ignoring SIGHUP (as under nohup) */
	SHORT_MEMORY,	/* ... under a talloc limit too small for the answer */
	ORPHANED,	/* a process of an orphaned background process group asks */
	NO_TERMINAL,	/* a session without a controlling terminal asks */
};

struct report {
	int r;
	int interrupted;
	int left_blocks;	/* under mem after a failure */
	char answer[CIFSAF_PASSWORD_MAX + 2];
};

struct session {
	int master, report_fd;
	pid_t pid;
	char shown[4096];	/* everything the terminal showed */
	size_t shown_len;
};

static volatile sig_atomic_t interrupted;

static void on_usr1(int sig)
{
	(void)sig;
	interrupted = 1;
}

static void ask_and_report(int report_fd, enum child_mode mode)
{
	struct report rep;
	void *mem = talloc_new(NULL);
	char *answer = NULL;

	memset(&rep, 0, sizeof(rep));
	if (mode == SHORT_MEMORY) {
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
		talloc_set_memlimit(mem, 64);
#pragma GCC diagnostic pop
	}
	rep.r = cifsaf_prompt_password(mem, PROMPT, &answer);
	rep.interrupted = interrupted;
	if (rep.r == 0 && answer != NULL)
		snprintf(rep.answer, sizeof(rep.answer), "%s", answer);
	rep.left_blocks = (int)talloc_total_blocks(mem);
	talloc_free(mem);
	if (write(report_fd, &rep, sizeof(rep)) != (ssize_t)sizeof(rep))
		_exit(3);
	_exit(0);
}

/* The child: a new session whose controlling terminal is SLAVE (unless
 * NO_TERMINAL), then the prompt as MODE says. */
static void child(const char *slave, int report_fd, enum child_mode mode)
{
	int hold[2];
	pid_t group_leader, asker;

	setenv("PATH", "/nonexistent", 1);
	if (setsid() < 0)
		_exit(2);
	if (mode != NO_TERMINAL && open(slave, O_RDWR) < 0)	/* becomes the ctty */
		_exit(2);
	if (mode == WITH_HANDLER) {
		struct sigaction sa;

		memset(&sa, 0, sizeof(sa));
		sa.sa_handler = on_usr1;	/* no SA_RESTART: read() gives EINTR */
		sigaction(SIGUSR1, &sa, NULL);
	}
	if (mode == NO_HANGUP_SIGNAL)
		signal(SIGHUP, SIG_IGN);
	if (mode != ORPHANED)
		ask_and_report(report_fd, mode);
	/* A process group whose only member's parent is outside the
	 * session is orphaned: the session leader stays, keeping the
	 * terminal, until the asker is done (hold's write end closes). */
	if (pipe(hold) < 0)
		_exit(2);
	group_leader = fork();
	if (group_leader == 0) {
		group_leader = getpid();
		setpgid(0, 0);
		asker = fork();
		if (asker == 0) {
			close(hold[0]);
			while (getppid() == group_leader)
				usleep(1000);
			ask_and_report(report_fd, mode);
		}
		_exit(asker < 0 ? 2 : 0);
	}
	close(hold[1]);
	waitpid(group_leader, NULL, 0);
	while (read(hold[0], &hold[1], 1) > 0)
		;
	_exit(0);
}

static void start(struct session *s, enum child_mode mode)
{
	int fds[2];
	char *slave;

	memset(s, 0, sizeof(*s));
	s->master = posix_openpt(O_RDWR | O_NOCTTY);
	ck_assert_int_ge(s->master, 0);
	ck_assert_int_eq(grantpt(s->master), 0);
	ck_assert_int_eq(unlockpt(s->master), 0);
	slave = ptsname(s->master);
	ck_assert_ptr_ne(slave, NULL);
	ck_assert_int_eq(pipe(fds), 0);
	s->pid = fork();
	ck_assert_int_ge(s->pid, 0);
	if (s->pid == 0) {
		close(s->master);
		close(fds[0]);
		child(slave, fds[1], mode);
	}
	close(fds[1]);
	s->report_fd = fds[0];
}

/* Read what the terminal shows for up to MS milliseconds, or until it
 * shows WANT (NULL: the whole time).  Returns whether WANT showed. */
static bool watch(struct session *s, const char *want, int ms)
{
	struct pollfd p = { s->master, POLLIN, 0 };
	ssize_t n;

	while (want == NULL || strstr(s->shown, want) == NULL) {
		if (poll(&p, 1, ms) <= 0)
			return false;
		n = read(s->master, s->shown + s->shown_len, sizeof(s->shown) - 1 - s->shown_len);
		if (n <= 0)
			return false;
		s->shown_len += (size_t)n;
		s->shown[s->shown_len] = '\0';
	}
	return true;
}

static bool echo_on(const struct session *s)
{
	struct termios t;

	ck_assert_int_eq(tcgetattr(s->master, &t), 0);
	return (t.c_lflag & ECHO) != 0;
}

static void type(const struct session *s, const char *text)
{
	ck_assert_int_eq(write(s->master, text, strlen(text)), (ssize_t)strlen(text));
}

/* The prompt's report, then the child's exit. */
static struct report finish(struct session *s)
{
	struct pollfd p = { s->report_fd, POLLIN, 0 };
	struct report rep;
	int status;

	ck_assert_int_eq(poll(&p, 1, 10000), 1);
	ck_assert_int_eq(read(s->report_fd, &rep, sizeof(rep)), (ssize_t)sizeof(rep));
	close(s->report_fd);
	/* Its exit status is not looked at: under valgrind it is 99 for the
	 * copy of the test's heap the child leaves (not a leak). */
	ck_assert_int_eq(waitpid(s->pid, &status, 0), s->pid);
	ck_assert(WIFEXITED(status));
	return rep;
}

/* Wait until the process is asleep (in the prompt's read). */
static void wait_asleep(pid_t pid)
{
	char path[64], stat[256], *paren;
	int i;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	for (i = 0; i < 5000; i++) {
		FILE *f = fopen(path, "r");

		ck_assert_ptr_ne(f, NULL);
		ck_assert_ptr_ne(fgets(stat, sizeof(stat), f), NULL);
		fclose(f);
		paren = strrchr(stat, ')');
		if (paren != NULL && paren[1] == ' ' && paren[2] == 'S')
			return;
		usleep(1000);
	}
	ck_abort_msg("pid %d never waited for input", (int)pid);
}

/* Start MODE's child and wait until its prompt waits for input. */
static void start_until_waiting(struct session *s, enum child_mode mode)
{
	start(s, mode);
	ck_assert_msg(watch(s, PROMPT, 10000), "no prompt; the terminal showed '%s'", s->shown);
	wait_asleep(s->pid);
}

/* Type LINE at the prompt; returns the report. */
static struct report answer_with(struct session *s, const char *line)
{
	ck_assert_msg(watch(s, PROMPT, 10000), "no prompt; the terminal showed '%s'", s->shown);
	ck_assert_msg(!echo_on(s), "echo still on while the prompt waits");
	type(s, line);
	return finish(s);
}

START_TEST(typed_answer_never_echoed)
{
	struct session s;
	struct report rep;

	start(&s, ON_TERMINAL);
	rep = answer_with(&s, "typed, secret\n");
	ck_assert_int_eq(rep.r, 0);
	ck_assert_str_eq(rep.answer, "typed, secret");
	watch(&s, NULL, 100);
	ck_assert_str_eq(s.shown, PROMPT "\r\n");	/* the prompt, then the newline it ends with */
	ck_assert(echo_on(&s));	/* the terminal's modes are back */
	close(s.master);
}
END_TEST

START_TEST(longest_answer_taken_longer_refused)
{
	char line[CIFSAF_PASSWORD_MAX + 3];
	struct session s;
	struct report rep;

	memset(line, 'p', CIFSAF_PASSWORD_MAX);
	strcpy(line + CIFSAF_PASSWORD_MAX, "\n");
	start(&s, ON_TERMINAL);
	rep = answer_with(&s, line);
	ck_assert_int_eq(rep.r, 0);
	ck_assert_uint_eq(strlen(rep.answer), CIFSAF_PASSWORD_MAX);
	close(s.master);

	strcpy(line + CIFSAF_PASSWORD_MAX, "q\n");
	start(&s, ON_TERMINAL);
	rep = answer_with(&s, line);
	ck_assert_int_eq(rep.r, -E2BIG);
	ck_assert_int_eq(rep.left_blocks, 1);	/* the answer is freed */
	watch(&s, NULL, 100);
	ck_assert_ptr_eq(strstr(s.shown, "ppp"), NULL);
	ck_assert(echo_on(&s));
	close(s.master);
}
END_TEST

/* A signal that interrupts the wait does not end it. */
START_TEST(interrupted_read_goes_on)
{
	struct session s;
	struct report rep;

	start_until_waiting(&s, WITH_HANDLER);
	ck_assert_int_eq(kill(s.pid, SIGUSR1), 0);
	rep = answer_with(&s, "after signal\n");
	ck_assert_int_eq(rep.r, 0);
	ck_assert_int_eq(rep.interrupted, 1);
	ck_assert_str_eq(rep.answer, "after signal");
	close(s.master);
}
END_TEST

/* The other side of the terminal goes away while the prompt waits (and
 * SIGHUP, which would end the process, is ignored). */
START_TEST(hangup_is_an_error)
{
	struct session s;
	struct report rep;

	start_until_waiting(&s, NO_HANGUP_SIGNAL);
	close(s.master);
	rep = finish(&s);
	ck_assert_int_eq(rep.r, -EIO);
	ck_assert_int_eq(rep.left_blocks, 1);
}
END_TEST

/* The prompt fails before it asks: nothing shown, the terminal's modes
 * untouched, nothing left under mem. */
static void refused_without_asking(enum child_mode mode, int want)
{
	struct session s;
	struct report rep;

	start(&s, mode);
	rep = finish(&s);
	ck_assert_int_eq(rep.r, want);
	ck_assert_int_eq(rep.left_blocks, 1);
	watch(&s, NULL, 100);
	ck_assert_uint_eq(s.shown_len, 0);
	ck_assert(echo_on(&s));
	close(s.master);
}

/* A background process of an orphaned group may not change the
 * terminal's modes (tcsetattr gives EIO). */
START_TEST(orphaned_background_cannot_ask)
{
	refused_without_asking(ORPHANED, -EIO);
}
END_TEST

START_TEST(no_terminal_to_ask_on)
{
	refused_without_asking(NO_TERMINAL, -ENOTTY);
}
END_TEST

START_TEST(no_memory_for_the_answer)
{
	refused_without_asking(SHORT_MEMORY, -ENOMEM);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("prompt");
	TCase *tc = testhelp_tcase("prompt");

	tcase_add_test(tc, typed_answer_never_echoed);
	tcase_add_test(tc, longest_answer_taken_longer_refused);
	tcase_add_test(tc, interrupted_read_goes_on);
	tcase_add_test(tc, hangup_is_an_error);
	tcase_add_test(tc, orphaned_background_cannot_ask);
	tcase_add_test(tc, no_terminal_to_ask_on);
	tcase_add_test(tc, no_memory_for_the_answer);
	suite_add_tcase(s, tc);
	return testhelp_run(s);
}
