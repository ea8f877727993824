/* Unit tests: mount-cifs/mountopts.c, identopts.c, optparser.c and
 * kernelopts.c: the option tables and the kernel option string, against
 * cifs-utils 7.5's documented behaviour. */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/mount.h>
#include <talloc.h>

#include "testhelp.h"
#include "mount-cifs/credentials.h"
#include "mount-cifs/mountopts.h"

/* Fake passwd/group: bob=1000, root=0, "1234" is a user named with digits. */
static int fake_user(const char *name, uid_t *ret)
{
	if (strcmp(name, "bob") == 0)
		*ret = 1000;
	else if (strcmp(name, "root") == 0)
		*ret = 0;
	else if (strcmp(name, "1234") == 0)
		*ret = 5000;
	else
		return -ENOENT;
	return 0;
}

static int fake_group(const char *name, gid_t *ret)
{
	if (strcmp(name, "staff") == 0)
		*ret = 50;
	else
		return -ENOENT;
	return 0;
}

static const struct cifsaf_id_ops ids = { fake_user, fake_group };
static const struct cifsaf_parse_env env = { &ids, NULL, NULL, NULL, NULL };

static struct cifsaf_mount_options *parse_ok(const char *opts)
{
	struct cifsaf_mount_options *o = NULL;
	char *why = NULL;

	ck_assert_msg(cifsaf_mount_options_parse(test_mem, opts, &env, &o, &why) == 0, "%s: %s", opts,
		      why ? why : "?");
	return o;
}

static char *why_of(const char *opts, int want)
{
	struct cifsaf_mount_options *o;
	char *why = NULL;

	ck_assert_int_eq(cifsaf_mount_options_parse(test_mem, opts, &env, &o, &why), want);
	ck_assert_ptr_ne(why, NULL);
	return why;
}

/* The kernel string for opts, as the helper would build it for user "me". */
static char *kstr(const char *opts, bool mask)
{
	struct cifsaf_mount_options *o = parse_ok(opts);
	char *out = NULL;

	if (!o->got_user)
		o->username = talloc_strdup(o, "me");
	ck_assert_int_eq(cifsaf_mount_options_kernel_string(test_mem, o, "192.0.2.1", "\\\\fs\\s", "",
							    mask, &out), 0);
	return out;
}

#define BASE "ip=192.0.2.1,unc=\\\\fs\\s"

START_TEST(unknown_options_pass_through_in_order)
{
	ck_assert_str_eq(kstr("vers=3.0,cache=none,multiuser,sync,noauto", false),
			 BASE ",vers=3.0,cache=none,multiuser,sync,noauto,user=me");
	ck_assert_str_eq(kstr("", false), BASE ",user=me");
}
END_TEST

START_TEST(user_domain_and_synthesised_order)
{
	/* uid, cruid, gid, backupuid, backupgid and snapshot come after the copied options, then
	 * user= and domain=, then prefixpath, sloppy and the passwords. */
	struct cifsaf_mount_options *o = parse_ok("gid=staff,uid=bob,vers=3.0,domain=DOM,user=alice,"
						  "backupgid=7,cruid=0,backupuid=root,"
						  "snapshot=@GMT-2020.01.01-00.00.00,pass=pw,sloppy");
	char *out;

	ck_assert_int_eq(cifsaf_mount_options_kernel_string(test_mem, o, "192.0.2.1", "\\\\fs\\s", "a/b",
							    false, &out), 0);
	/* An option "sloppy" is copied like any other; -s adds one after prefixpath. */
	ck_assert_str_eq(out, BASE ",vers=3.0,sloppy,uid=1000,cruid=0,gid=50,backupuid=0,backupgid=7,"
			 "snapshot=132223104000000000,user=alice,domain=DOM,prefixpath=a/b,pass=pw");
	o->sloppy = true;
	ck_assert_int_eq(cifsaf_mount_options_kernel_string(test_mem, o, "192.0.2.1", "\\\\fs\\s", "",
							    false, &out), 0);
	ck_assert_ptr_ne(strstr(out, ",domain=DOM,sloppy,pass=pw"), NULL);
}
END_TEST

START_TEST(flags_are_not_text)
{
	struct cifsaf_mount_options *o = parse_ok("ro,nosuid,nodev,noexec,mand,remount,vers=3.0");

	ck_assert_uint_eq(cifsaf_mount_options_mount_flags(o),
			  MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC | MS_MANDLOCK | MS_REMOUNT);
	o = parse_ok("ro,rw,nosuid,suid,nodev,dev,noexec,exec,mand,nomand");
	ck_assert_uint_eq(cifsaf_mount_options_mount_flags(o), 0);
	o = parse_ok("mand,nolock");
	ck_assert_uint_eq(cifsaf_mount_options_mount_flags(o), 0);
	ck_assert_str_eq(o->passthrough[0], "nolock");
	ck_assert_str_eq(kstr("ro,nosuid,vers=3.0", false), BASE ",vers=3.0,user=me");
}
END_TEST

START_TEST(user_and_users_permissions)
{
	struct cifsaf_mount_options *o = parse_ok("user,users");

	ck_assert(o->flags & CIFSAF_MS_USER);
	ck_assert(o->flags & CIFSAF_MS_USERS);
	ck_assert(!o->got_user);
	ck_assert_uint_eq(cifsaf_mount_options_mount_flags(o), 0);	/* private bits stripped */
	o = parse_ok("user=");
	ck_assert(o->flags & CIFSAF_MS_USER);
	o = parse_ok("users=x");
	ck_assert_str_eq(o->passthrough[0], "users=x");
	ck_assert_ptr_ne(strstr(why_of("username", -EINVAL), "username specified with no parameter"), NULL);
	ck_assert_ptr_ne(strstr(why_of("username=", -EINVAL), "no parameter"), NULL);
}
END_TEST

START_TEST(ignored_and_consumed)
{
	ck_assert_str_eq(kstr("_netdev,comment=x,comment,x-systemd.automount,x-foo=bar,nofail,"
			      "af=v4-only,ip=192.0.2.9,snapshot=,snapshot", false),
			 BASE ",user=me");
	ck_assert(parse_ok("nofail")->nofail);
	ck_assert_str_eq(parse_ok("addr=2001:db8::1")->ip, "2001:db8::1");
}
END_TEST

START_TEST(unc_option_is_kept_and_copied)
{
	struct cifsaf_mount_options *o = parse_ok("target=//h/s,vers=3.0");

	ck_assert_str_eq(o->unc, "//h/s");
	ck_assert_str_eq(o->passthrough[0], "target=//h/s");
	ck_assert_ptr_ne(strstr(why_of("unc=", -EINVAL), "invalid path to network resource"), NULL);
}
END_TEST

START_TEST(domain_forms)
{
	ck_assert_str_eq(kstr("dom", false), BASE ",user=me,domain=");
	ck_assert_str_eq(kstr("domain=X,domain=", false), BASE ",user=me");
	ck_assert_str_eq(kstr("workgroup=W", false), BASE ",user=me,domain=W");
}
END_TEST

START_TEST(guest_and_sec_send_no_password)
{
	ck_assert_str_eq(kstr("guest,pass=x", false), BASE ",user=");
	ck_assert_str_eq(kstr("sec=krb5i,pass=x,password2=y", false), BASE ",sec=krb5i,user=me");
	ck_assert_str_eq(kstr("sec=none,pass=x", false), BASE ",sec=none,user=me");
	ck_assert_str_eq(kstr("sec=ntlmssp,pass=x", false), BASE ",sec=ntlmssp,user=me,pass=x");
}
END_TEST

START_TEST(passwords_last_masked_comma_doubled_first_wins)
{
	struct cifsaf_mount_options *o;
	char *out;

	ck_assert_str_eq(kstr("pass=secret,user=bob,password2=two", true),
			 BASE ",user=bob,pass=********,password2=********");
	o = parse_ok("pass=first,password=second");
	ck_assert_str_eq(o->password, "first");
	ck_assert_uint_eq(o->n_warnings, 1);
	ck_assert_str_eq(o->warnings[0], "password specified twice, ignoring second");
	ck_assert_str_eq(kstr("pass", false), BASE ",user=me,pass=");
	ck_assert_int_eq(cifsaf_mount_options_set_password(o, false, "a,b"), 0);
	ck_assert_int_eq(cifsaf_mount_options_kernel_string(test_mem, o, "192.0.2.1", "\\\\fs\\s", "",
							    false, &out), 0);
	ck_assert_str_eq(out, BASE ",user=,pass=a,,b");
}
END_TEST

START_TEST(password_limit_counts_doubled_commas)
{
	struct cifsaf_mount_options *o = parse_ok("");
	char pw[600];

	memset(pw, 'p', 512);
	pw[512] = '\0';
	ck_assert_int_eq(cifsaf_mount_options_set_password(o, false, pw), 0);
	pw[511] = ',';	/* 513 bytes once doubled: cifs-utils wrote past its buffer */
	ck_assert_int_eq(cifsaf_mount_options_set_password(o, false, pw), -E2BIG);
	memset(pw, 'S', 520);
	memcpy(pw, "pass=", 5);
	pw[520] = '\0';
	ck_assert_ptr_eq(strstr(why_of(pw, -EINVAL), "SSSS"), NULL);
}
END_TEST

START_TEST(ids_resolve_and_refuse_what_does_not_fit)
{
	struct cifsaf_mount_options *o = parse_ok("uid=bob,gid=50,cruid=1234,backupuid=1234");

	ck_assert_uint_eq(o->uid.value, 1000);
	ck_assert_uint_eq(o->gid.value, 50);
	ck_assert_uint_eq(o->cruid.value, 5000);	/* name first */
	ck_assert_uint_eq(o->backupuid.value, 1234);	/* number first */
	ck_assert(!parse_ok("uid=")->uid.set);
	ck_assert_ptr_ne(strstr(why_of("uid=4294967296", -EINVAL), "out of range"), NULL);
	ck_assert_ptr_ne(strstr(why_of("uid=4294967295", -EINVAL), "out of range"), NULL);
	ck_assert_ptr_ne(strstr(why_of("gid=-1", -EINVAL), "no such group"), NULL);
	ck_assert_ptr_ne(strstr(why_of("uid=nosuchuser", -EINVAL), "no such user"), NULL);
	ck_assert_ptr_ne(strstr(why_of("uid=+5", -EINVAL), "uid="), NULL);
	ck_assert_ptr_ne(strstr(why_of("backupgid=nogroup", -EINVAL), "no such group"), NULL);
}
END_TEST

START_TEST(modes_and_masks)
{
	struct cifsaf_mount_options *o = parse_ok("fmask=0644,dmask=0755,file_mode=644");

	/* fmask/dmask keep their value (cifs-utils dropped it). */
	ck_assert_str_eq(o->passthrough[0], "file_mode=0644");
	ck_assert_str_eq(o->passthrough[1], "dir_mode=0755");
	ck_assert_str_eq(o->passthrough[2], "file_mode=644");
	ck_assert_uint_eq(o->n_warnings, 3);
	ck_assert_str_eq(o->warnings[2], "WARNING: 'file_mode' not expressed in octal.");
	ck_assert_ptr_ne(strstr(why_of("dir_mode=", -EINVAL), "requires a numerical argument"), NULL);
	ck_assert_ptr_ne(strstr(why_of("fmask", -EINVAL), "requires a numerical argument"), NULL);
}
END_TEST

START_TEST(snapshots)
{
	ck_assert_str_eq(parse_ok("snapshot=@GMT-2020.01.01-00.00.00")->snapshot, "132223104000000000");
	ck_assert_str_eq(parse_ok("snapshot=12345")->passthrough[0], "snapshot=12345");
	ck_assert_ptr_ne(strstr(why_of("snapshot=@GMT-2020.13.01-00.00.00", -EINVAL), "bad snapshot"), NULL);
	ck_assert_ptr_ne(strstr(why_of("snapshot=@GMT-2020.01.01-00.00.0", -EINVAL), "bad snapshot"), NULL);
}
END_TEST

START_TEST(policy_ip_and_port)
{
	struct cifsaf_mount_options *o = parse_ok("af=v6-preferred,addr=2001:db8::1,port=139");

	ck_assert(o->have_policy);
	ck_assert_int_eq(o->policy, CIFSAF_POLICY_V6_PREFERRED);
	ck_assert_str_eq(o->ip, "2001:db8::1");
	ck_assert_uint_eq(o->port, 139);
	ck_assert_str_eq(o->passthrough[0], "port=139");
	ck_assert_ptr_ne(strstr(why_of("af=fastest", -EINVAL), "af=fastest: unknown policy"), NULL);
	ck_assert_ptr_ne(strstr(why_of("af", -EINVAL), "unknown policy"), NULL);
	ck_assert_ptr_ne(strstr(why_of("ip=", -EINVAL), "ip= needs an address"), NULL);
	why_of("port=0", -EINVAL);
	why_of("port=65536", -EINVAL);
	why_of("port=44x", -EINVAL);
	why_of("port=", -EINVAL);
}
END_TEST

START_TEST(limits_refuse_not_truncate)
{
	char *opts = talloc_array(test_mem, char, 5000), *out = NULL;
	struct cifsaf_mount_options *o;
	size_t i;

	memset(opts, 'x', 4097);
	opts[4097] = '\0';
	why_of(opts, -E2BIG);
	for (i = 0; i < 4090; i += 10)
		memcpy(opts + i, "abcdefghi,", 10);
	opts[4090] = '\0';
	o = parse_ok(opts);
	ck_assert_int_eq(cifsaf_mount_options_kernel_string(test_mem, o, "192.0.2.1", "\\\\h\\s", "",
							    false, &out), -E2BIG);
	ck_assert_ptr_eq(out, NULL);
	memcpy(opts, "user=", 5);
	memset(opts + 5, 'u', 257);
	opts[262] = '\0';
	ck_assert_ptr_ne(strstr(why_of(opts, -EINVAL), "longer than 256"), NULL);
	memcpy(opts, "domain=", 7);
	memset(opts + 7, 'd', 257);
	opts[264] = '\0';
	ck_assert_ptr_ne(strstr(why_of(opts, -EINVAL), "domain name too long"), NULL);
	/* ip=: an address or a name, at most 1025 bytes (CVE-2022-27239's
	 * overflow was an unbounded ip=). */
	memcpy(opts, "ip=", 3);
	memset(opts + 3, 'a', CIFSAF_IP_OPTION_MAX);
	opts[3 + CIFSAF_IP_OPTION_MAX] = '\0';
	ck_assert_str_eq(parse_ok(opts)->ip + CIFSAF_IP_OPTION_MAX - 1, "a");
	memcpy(opts, "addr=", 5);
	memset(opts + 5, 'a', CIFSAF_IP_OPTION_MAX + 1);
	opts[5 + CIFSAF_IP_OPTION_MAX + 1] = '\0';
	ck_assert_ptr_ne(strstr(why_of(opts, -EINVAL), "addr= is longer than 1025 bytes"), NULL);
}
END_TEST

/* A credentials "file" for the precedence tests: user=file, pass=filepw. */
static int fake_load(void *ctx, void *mem, const char *path, struct cifsaf_credentials **ret,
		     char **ret_why)
{
	struct cifsaf_credentials *c;

	(void)ctx;
	if (strcmp(path, "/missing") == 0) {
		*ret_why = talloc_strdup(mem, "error 2 (No such file or directory) opening credential file /missing");
		return -ENOENT;
	}
	c = talloc_zero(mem, struct cifsaf_credentials);
	if (strcmp(path, "/long-user") == 0 || strcmp(path, "/long-domain") == 0) {
		/* 257 bytes: one over the limit of user= and domain= */
		char *long_value = talloc_zero_size(c, 258);

		memset(long_value, 'x', 257);
		if (path[6] == 'u')
			c->username = long_value;
		else
			c->domain = long_value;
		*ret = c;
		return 0;
	}
	c->username = talloc_strdup(c, "file");
	c->password = talloc_strdup(c, "file,pw");
	c->domain = talloc_strdup(c, "FILEDOM");
	*ret = c;
	return 0;
}

static struct cifsaf_mount_options *parse_env(const char *opts, const char *pw)
{
	struct cifsaf_parse_env e = { &ids, fake_load, NULL, pw, NULL };
	struct cifsaf_mount_options *o = NULL;
	char *why = NULL;

	ck_assert_msg(cifsaf_mount_options_parse(test_mem, opts, &e, &o, &why) == 0, "%s: %s", opts,
		      why ? why : "?");
	return o;
}

START_TEST(credentials_and_environment_precedence)
{
	struct cifsaf_mount_options *o;
	struct cifsaf_parse_env e = { &ids, fake_load, NULL, NULL, NULL };
	char *why = NULL;

	/* The environment password wins over pass= (which is "twice")... */
	o = parse_env("pass=opt", "env");
	ck_assert_str_eq(o->password, "env");
	ck_assert_str_eq(o->warnings[0], "password specified twice, ignoring second");
	/* ...but the credentials file replaces both, commas doubled. */
	o = parse_env("pass=opt,cred=/c", "env");
	ck_assert_str_eq(o->password, "file,,pw");
	ck_assert_str_eq(o->username, "file");
	ck_assert_str_eq(o->domain, "FILEDOM");
	/* A user= after cred= wins; one before it loses. */
	ck_assert_str_eq(parse_env("cred=/c,user=later", NULL)->username, "later");
	ck_assert_str_eq(parse_env("user=earlier,cred=/c", NULL)->username, "file");
	/* A pass= after the file is "twice". */
	o = parse_env("credentials=/c,pass=after", NULL);
	ck_assert_str_eq(o->password, "file,,pw");
	ck_assert_uint_eq(o->n_warnings, 1);
	ck_assert_int_eq(cifsaf_mount_options_parse(test_mem, "cred=/missing", &e, &o, &why), -EINVAL);
	ck_assert_ptr_ne(strstr(why, "opening credential file /missing"), NULL);
	/* A file's user name and domain have user='s and domain='s limits. */
	ck_assert_int_eq(cifsaf_mount_options_parse(test_mem, "cred=/long-user", &e, &o, &why), -EINVAL);
	ck_assert_ptr_ne(strstr(why, "the user name is longer than 256 bytes"), NULL);
	ck_assert_int_eq(cifsaf_mount_options_parse(test_mem, "cred=/long-domain", &e, &o, &why), -EINVAL);
	ck_assert_ptr_ne(strstr(why, "the domain is longer than 256 bytes"), NULL);
	/* Without a loader (unit default), cred= is an error, not ignored. */
	ck_assert_ptr_ne(strstr(why_of("cred=/c", -EINVAL), "cannot be used"), NULL);
}
END_TEST

static int parse_in(void *mem, void *arg)
{
	static const struct cifsaf_parse_env with_passwords = { &ids, NULL, NULL, "pw1", "pw2" };
	struct cifsaf_mount_options *o = NULL;
	char *why;
	int r = cifsaf_mount_options_parse(mem, BASE ",sec=ntlmssp,file_mode=0644,dir_mode=0755,"
					   "snapshot=@GMT-2020.01.01-00.00.00,user=bob,uid=1000,"
					   "prefixpath=a/b,foo=bar,x-systemd.automount,nofail",
					   &with_passwords, &o, &why);

	(void)arg;
	if (r == -ENOMEM)
		ck_assert_ptr_eq(o, NULL);
	return r;
}

/* Every allocation that fails gives -ENOMEM and leaves nothing behind. */
START_TEST(out_of_memory)
{
	ck_assert_int_eq(testhelp_until_memory_suffices(parse_in, NULL), 0);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("mountopts");
	TCase *tc = testhelp_tcase("mountopts");

	tcase_add_test(tc, unknown_options_pass_through_in_order);
	tcase_add_test(tc, user_domain_and_synthesised_order);
	tcase_add_test(tc, flags_are_not_text);
	tcase_add_test(tc, user_and_users_permissions);
	tcase_add_test(tc, ignored_and_consumed);
	tcase_add_test(tc, unc_option_is_kept_and_copied);
	tcase_add_test(tc, domain_forms);
	tcase_add_test(tc, guest_and_sec_send_no_password);
	tcase_add_test(tc, passwords_last_masked_comma_doubled_first_wins);
	tcase_add_test(tc, password_limit_counts_doubled_commas);
	tcase_add_test(tc, ids_resolve_and_refuse_what_does_not_fit);
	tcase_add_test(tc, modes_and_masks);
	tcase_add_test(tc, snapshots);
	tcase_add_test(tc, policy_ip_and_port);
	tcase_add_test(tc, limits_refuse_not_truncate);
	tcase_add_test(tc, credentials_and_environment_precedence);
	tcase_add_test(tc, out_of_memory);
	suite_add_tcase(s, tc);
	return testhelp_run(s);
}
