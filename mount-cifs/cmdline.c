/* cmdline.c: argv -> struct cifsaf_cmdline. */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <string.h>
#include <talloc.h>

#include "cmdline.h"
#include "mountopts.h"
#include "program/secret.h"

const char *cifsaf_fstype_for_program(const char *argv0)
{
	const char *base = strrchr(argv0, '/');

	base = base ? base + 1 : argv0;
	return strcmp(base, "mount.smb3") == 0 ? "smb3" : "cifs";
}

/* -t TYPE as libmount passes it: cifs or smb3, optionally with .subtype. */
static int parse_type(const char *arg, const char **ret)
{
	size_t len = strcspn(arg, ".");

	if (len == 4 && strncmp(arg, "cifs", 4) == 0)
		*ret = "cifs";
	else if (len == 4 && strncmp(arg, "smb3", 4) == 0)
		*ret = "smb3";
	else
		return -EINVAL;
	return 0;
}

static int add_options(struct cifsaf_cmdline *c, const char *arg)
{
	size_t have = c->options ? strlen(c->options) : 0;
	char *joined;

	/* The kernel takes one page of options: anything longer could only be
	 * refused later, so it is refused before it is copied. */
	if (strlen(arg) > CIFSAF_KERNEL_OPTIONS_MAX || have + 1 + strlen(arg) > CIFSAF_KERNEL_OPTIONS_MAX)
		return -E2BIG;
	if (c->options == NULL || c->options[0] == '\0')
		joined = talloc_strdup(c, arg);
	else
		joined = talloc_asprintf(c, "%s,%s", c->options, arg);
	if (joined == NULL)
		return -ENOMEM;
	cifsaf_secret_string(joined);
	talloc_free(c->options);
	c->options = joined;
	return 0;
}

static int take_argument(void *mem, struct cifsaf_cmdline *c, const char *arg, char **ret_why)
{
	if (c->service == NULL)
		c->service = arg;
	else if (c->mountpoint == NULL)
		c->mountpoint = arg;
	else {
		*ret_why = talloc_asprintf(mem, "unexpected argument %s", arg);
		return -EINVAL;
	}
	return 0;
}

int cifsaf_cmdline_parse(void *mem, int argc, char **argv, struct cifsaf_cmdline **ret,
			 char **ret_why)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "read-only", no_argument, NULL, 'r' },
		{ "ro", no_argument, NULL, 'r' },
		{ "read-write", no_argument, NULL, 'w' },
		{ "rw", no_argument, NULL, 'w' },
		{ "options", required_argument, NULL, 'o' },
		{ "sloppy", no_argument, NULL, 's' },
		{ "type", required_argument, NULL, 't' },
		{ "namespace", required_argument, NULL, 'N' },
		{ NULL, 0, NULL, 0 },
	};
	struct cifsaf_cmdline *c;
	int opt, r = 0;

	*ret_why = NULL;
	c = talloc_zero(mem, struct cifsaf_cmdline);
	if (c == NULL)
		return -ENOMEM;
	c->fstype = cifsaf_fstype_for_program(argv[0]);

	/* "+" stops getopt at each non-option whatever POSIXLY_CORRECT says
	 * (cifs-utils silently ignores -o after the service when it is set);
	 * the loop takes the argument and resumes, so flags may come before,
	 * between and after the two arguments. */
	optind = 0;	/* glibc: full reinitialisation, so tests can parse twice */
	opterr = 0;
	while (r == 0) {
		opt = getopt_long(argc, argv, "+:fhno:rsvVwt:N:", longopts, NULL);
		if (opt == -1) {
			if (optind >= argc)
				break;
			r = take_argument(mem, c, argv[optind++], ret_why);
			continue;
		}
		switch (opt) {
		case 'f': c->fake = true; break;
		case 'n': c->nomtab = true; break;
		case 'v': c->verbose = true; break;
		case 's': c->sloppy = true; break;
		case 'r': c->readonly = true; break;
		case 'w': c->readonly = false; break;
		case 'h': c->help = true; break;
		case 'V': c->version = true; break;
		case 'o':
			r = add_options(c, optarg);
			if (r == -E2BIG)
				*ret_why = talloc_asprintf(mem, "-o: the options are longer than %d bytes",
							   CIFSAF_KERNEL_OPTIONS_MAX);
			break;
		case 'N': c->namespace_path = optarg; break;
		case 't':
			if (parse_type(optarg, &c->fstype) < 0) {
				*ret_why = talloc_asprintf(mem, "-t %s: not a cifs or smb3 type", optarg);
				r = -EINVAL;
			}
			break;
		case ':':
			*ret_why = talloc_asprintf(mem, "option %s needs an argument", argv[optind - 1]);
			r = -EINVAL;
			break;
		default:
			if (optopt == '?') {	/* cifs-utils: -? is help */
				c->help = true;
				break;
			}
			if (optopt != 0)
				*ret_why = talloc_asprintf(mem, "invalid option -%c", optopt);
			else
				*ret_why = talloc_asprintf(mem, "invalid option %s", argv[optind - 1]);
			r = -EINVAL;
			break;
		}
	}
	if (r == 0 && !c->help && !c->version && (c->service == NULL || c->mountpoint == NULL)) {
		*ret_why = talloc_strdup(mem, "missing service or mount point");
		r = -EINVAL;
	}
	if (r < 0) {
		talloc_free(c);
		return r;
	}
	*ret = c;
	return 0;
}
