/* Unit tests: mount-cifs/mtab.c on temporary files. */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <talloc.h>
#include <unistd.h>

#include "testhelp.h"
#include "mount-cifs/mtab.h"

static char dir[64];
static char mtab[128];

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	ck_assert_ptr_ne(f, NULL);
	fputs(text, f);
	fclose(f);
}

static char *read_file(const char *path)
{
	char *buf = talloc_zero_size(test_mem, 65536);
	FILE *f = fopen(path, "r");
	size_t n;

	ck_assert_ptr_ne(f, NULL);
	n = fread(buf, 1, 65535, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

static void tmp_setup(void)
{
	testhelp_setup();
	strcpy(dir, "/tmp/cifsaf-mtab-XXXXXX");
	ck_assert_ptr_ne(mkdtemp(dir), NULL);
	snprintf(mtab, sizeof(mtab), "%s/mtab", dir);
	write_file(mtab, "proc /proc proc rw 0 0\n");
}

static void tmp_teardown(void)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd), 0);
	testhelp_teardown();
}

START_TEST(usable_only_when_regular)
{
	char link_path[160], missing[160];

	ck_assert_int_eq(cifsaf_mtab_usable(mtab), 0);
	snprintf(link_path, sizeof(link_path), "%s/link", dir);
	ck_assert_int_eq(symlink("/proc/mounts", link_path), 0);
	ck_assert_int_eq(cifsaf_mtab_usable(link_path), -EMLINK);
	snprintf(missing, sizeof(missing), "%s/none", dir);
	ck_assert_int_eq(cifsaf_mtab_usable(missing), -ENOENT);
	ck_assert_int_eq(cifsaf_mtab_usable(dir), -EINVAL);
}
END_TEST

START_TEST(options_and_escaping)
{
	ck_assert_str_eq(cifsaf_mtab_options(test_mem, 0, NULL), "rw");
	ck_assert_str_eq(cifsaf_mtab_options(test_mem, MS_RDONLY | MS_MANDLOCK | MS_NOEXEC | MS_NOSUID |
					     MS_NODEV | MS_SYNCHRONOUS, "bob"),
			 "ro,mand,noexec,nosuid,nodev,sync,user=bob");
	ck_assert_str_eq(cifsaf_mtab_line(test_mem, "//h/my share", "/mnt/a\tb", "cifs", "rw"),
			 "//h/my\\040share /mnt/a\\011b cifs rw 0 0\n");
	ck_assert_str_eq(cifsaf_mtab_line(test_mem, "\\\\h\\s", "/m\nx", "cifs", "rw"),
			 "\\134\\134h\\134s /m\\012x cifs rw 0 0\n");
}
END_TEST

START_TEST(append_adds_one_complete_line)
{
	const char *line = "//h/s /mnt cifs rw 0 0\n";

	ck_assert_int_eq(cifsaf_mtab_append(mtab, line), 0);
	ck_assert_str_eq(read_file(mtab), "proc /proc proc rw 0 0\n//h/s /mnt cifs rw 0 0\n");
}
END_TEST

START_TEST(append_rolls_back_a_partial_write)
{
	struct rlimit rl;
	struct stat st;
	pid_t child;
	int status;
	char *before = read_file(mtab);
	char *line = talloc_array(test_mem, char, 300);

	/* Let the write stop half way: the file-size limit allows 40 more
	 * bytes, the line is 299.  The file must come back as it was. */
	memset(line, 'x', 298);
	line[298] = '\n';
	line[299] = '\0';
	ck_assert_int_eq(stat(mtab, &st), 0);
	/* In a child, so the limit never touches Check's own files (CK_FORK=no
	 * under valgrind runs every test in one process). */
	child = fork();
	ck_assert_int_ge(child, 0);
	if (child == 0) {
		signal(SIGXFSZ, SIG_IGN);
		rl.rlim_cur = rl.rlim_max = (rlim_t)st.st_size + 40;
		if (setrlimit(RLIMIT_FSIZE, &rl) < 0)
			_exit(2);
		_exit(cifsaf_mtab_append(mtab, line) == -EFBIG ? 0 : 1);
	}
	ck_assert_int_eq(waitpid(child, &status, 0), child);
	ck_assert(WIFEXITED(status));
	ck_assert_int_eq(WEXITSTATUS(status), 0);
	ck_assert_str_eq(read_file(mtab), before);
}
END_TEST

START_TEST(append_reports_a_full_device)
{
	/* /dev/full takes nothing (ENOSPC) and cannot be truncated back
	 * (EINVAL): the later failure is the one reported */
	ck_assert_int_eq(cifsaf_mtab_append("/dev/full", "x y z w 0 0\n"), -EINVAL);
}
END_TEST

START_TEST(append_refuses_a_symlink)
{
	char link_path[160];

	snprintf(link_path, sizeof(link_path), "%s/link", dir);
	ck_assert_int_eq(symlink(mtab, link_path), 0);
	ck_assert_int_eq(cifsaf_mtab_append(link_path, "x y z w 0 0\n"), -ELOOP);
	ck_assert_str_eq(read_file(mtab), "proc /proc proc rw 0 0\n");
}
END_TEST

START_TEST(lock_excludes_and_releases)
{
	char lock[160];

	snprintf(lock, sizeof(lock), "%s~", mtab);
	ck_assert_int_eq(cifsaf_mtab_lock(mtab, 1000), 0);
	ck_assert_int_eq(access(lock, F_OK), 0);
	ck_assert_int_eq(cifsaf_mtab_lock(mtab, 50), -ETIMEDOUT);
	cifsaf_mtab_unlock(mtab);
	ck_assert_int_eq(access(lock, F_OK), -1);
	ck_assert_int_eq(cifsaf_mtab_lock(mtab, 50), 0);
	cifsaf_mtab_unlock(mtab);
}
END_TEST

START_TEST(remove_dir_keeps_the_others)
{
	write_file(mtab, "proc /proc proc rw 0 0\n//h/s /mnt cifs rw 0 0\n"
			 "//h/t /mnt/other cifs rw 0 0\n//h/u /mnt cifs ro 0 0\n");
	ck_assert_int_eq(cifsaf_mtab_remove_dir(test_mem, mtab, "/mnt"), 0);
	ck_assert_str_eq(read_file(mtab), "proc /proc proc rw 0 0\n//h/t /mnt/other cifs rw 0 0\n");
}
END_TEST

START_TEST(lock_and_remove_report_errors)
{
	char longpath[4100], missing[160];

	memset(longpath, 'a', sizeof(longpath) - 1);
	longpath[0] = '/';
	longpath[sizeof(longpath) - 1] = '\0';
	ck_assert_int_eq(cifsaf_mtab_lock(longpath, 50), -ENAMETOOLONG);
	snprintf(missing, sizeof(missing), "%s/no-such-dir/mtab", dir);
	ck_assert_int_eq(cifsaf_mtab_lock(missing, 50), -ENOENT);
	ck_assert_int_eq(cifsaf_mtab_remove_dir(test_mem, missing, "/mnt"), -ENOENT);
	/* Readable, but no temporary file can be made beside it. */
	ck_assert_int_lt(cifsaf_mtab_remove_dir(test_mem, "/proc/self/mounts", "/nonexistent"), 0);
}
END_TEST

static int line_in(void *mem, void *arg)
{
	char *line = cifsaf_mtab_line(mem, "//h/s x", "/mnt/a b", "cifs", "rw");

	(void)arg;
	if (line == NULL)
		return -ENOMEM;
	ck_assert_str_eq(line, "//h/s\\040x /mnt/a\\040b cifs rw 0 0\n");
	return 0;
}

START_TEST(line_out_of_memory)
{
	ck_assert_int_eq(testhelp_until_memory_suffices(line_in, NULL), 0);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("mtab");
	TCase *tc = tcase_create("mtab");

	tcase_add_checked_fixture(tc, tmp_setup, tmp_teardown);
	tcase_add_test(tc, usable_only_when_regular);
	tcase_add_test(tc, options_and_escaping);
	tcase_add_test(tc, append_adds_one_complete_line);
	tcase_add_test(tc, append_rolls_back_a_partial_write);
	tcase_add_test(tc, append_refuses_a_symlink);
	tcase_add_test(tc, append_reports_a_full_device);
	tcase_add_test(tc, lock_excludes_and_releases);
	tcase_add_test(tc, remove_dir_keeps_the_others);
	tcase_add_test(tc, lock_and_remove_report_errors);
	tcase_add_test(tc, line_out_of_memory);
	suite_add_tcase(s, tc);
	return testhelp_run(s);
}
