# shellcheck shell=bash
# packaging/portable/talloc-config.sh: the config.h that talloc.c needs,
# probed with the target's compiler.  Sourced by packaging/portable/deps.sh.
#
# Why not talloc's own configure: it is waf's, and it runs some 870
# compiler checks for lib/replace, most of which no part of talloc.c
# reads.  With zig cc that is two CPU-minutes per architecture (three to
# five minutes on a busy 2-core machine), against seconds for this.
#
# talloc.c and the parts of lib/replace/replace.h it includes read the
# macros probed below and no others that waf defines.  That was found by
# removing each of the 385 macros of waf's config.h for the target in turn:
# only these 72 (73 on i386, with _FILE_OFFSET_BITS) change the
# preprocessed talloc.c or stop it with an #error.  With the config.h made
# here, the preprocessed talloc.c is byte for byte the one waf's config.h
# gives, on both targets (talloc 2.3.4, zig cc 0.11.0, glibc 2.5).  Each
# macro is probed the way waf probes it; its three run tests run their
# program on this machine (through qemu-i386 where the kernel cannot run
# i386 programs), as waf's do.  deps.sh then checks that talloc.o needs
# nothing from lib/replace (no rep_* symbol), so a probe missing here
# cannot go unseen.

# Headers whose presence replace.h reads (HAVE_<NAME>_H).
_TALLOC_HEADERS="string.h inttypes.h unistd.h stdbool.h limits.h linux/types.h crypt.h
sys/param.h sys/sysmacros.h malloc.h dlfcn.h sys/auxv.h"
# Functions (HAVE_<NAME>), found by linking; NAME:LIB links with -lLIB.
_TALLOC_FUNCS="strdup memmem memmove usleep seteuid setegid chroot strerror vsyslog
setlinebuf ftruncate initgroups pread pwrite strndup strcasestr strsep strtok_r mkdtemp dup2
dprintf vdprintf chown lchown link readlink symlink realpath snprintf vsnprintf asprintf
vasprintf setenv unsetenv strnlen strtoull strtoll memalign get_current_dir_name
dlopen:dl dlsym:dl dlerror:dl dlclose:dl getauxval memset_s strlcpy strlcat explicit_bzero"
# Types (HAVE_<NAME>), with the headers waf's check includes.
_TALLOC_TYPES="intptr_t uintptr_t ptrdiff_t comparison_fn_t"

# _talloc_try CC DIR MODE CODE [FLAGS...]: 0 when CODE compiles (MODE
# compile), links (link) or links and exits 0 here (run), through
# $_TALLOC_RUNNER (an emulator, when this kernel cannot run the target's
# programs).
_talloc_try() {
	local cc=$1 dir=$2 mode=$3 code=$4
	shift 4
	printf '%s\n' "$code" >"$dir/probe.c"
	case $mode in
	compile) $cc -O2 -D_GNU_SOURCE -c "$dir/probe.c" -o "$dir/probe.o" "$@" >>"$dir/probe.log" 2>&1 ;;
	link) $cc -O2 -D_GNU_SOURCE "$dir/probe.c" -o "$dir/probe" "$@" >>"$dir/probe.log" 2>&1 ;;
	run) $cc -O2 -D_GNU_SOURCE "$dir/probe.c" -o "$dir/probe" "$@" >>"$dir/probe.log" 2>&1 &&
		(cd "$dir" && $_TALLOC_RUNNER ./probe) >>"$dir/probe.log" 2>&1 ;;
	esac
}

# _talloc_define DIR MACRO CC MODE CODE [FLAGS...]: MACRO 1 in DIR/config.h
# when the probe passes, a comment that it is undefined otherwise.
_talloc_define() {
	local dir=$1 macro=$2
	shift 2
	if _talloc_try "$@"; then
		echo "#define $macro 1" >>"$dir/config.h"
	else
		echo "/* #undef $macro */" >>"$dir/config.h"
	fi
}

_talloc_macro() {
	printf 'HAVE_%s' "$(printf '%s' "$1" | tr 'a-z/.' 'A-Z__')"
}

# portable_talloc_config CC SRCDIR DIR [RUNNER]: write DIR/config.h for the
# talloc in SRCDIR (samba's lib/talloc) with the compiler command CC; the
# run tests run their programs through RUNNER when it is given.
portable_talloc_config() {
	local cc=$1 src=$2 dir=$3 h f lib t version
	_TALLOC_RUNNER=${4:-}
	mkdir -p "$dir" || return 1
	: >"$dir/config.h"
	: >"$dir/probe.log"
	version=$(sed -n "s/^VERSION = '\([0-9.]*\)'$/\1/p" "$src/wscript")
	[ -n "$version" ] || { echo "talloc-config: no VERSION in $src/wscript" >&2; return 1; }
	{
		echo "/* config.h for talloc $version, probed by packaging/portable/talloc-config.sh */"
		echo "#define TALLOC_BUILD_VERSION_MAJOR ${version%%.*}"
		version=${version#*.}
		echo "#define TALLOC_BUILD_VERSION_MINOR ${version%%.*}"
		echo "#define TALLOC_BUILD_VERSION_RELEASE ${version#*.}"
	} >>"$dir/config.h"
	for h in $_TALLOC_HEADERS; do
		_talloc_define "$dir" "$(_talloc_macro "$h")" "$cc" "$dir" compile "#include <$h>"
	done
	for f in $_TALLOC_FUNCS; do
		lib=
		case $f in *:*) lib=-l${f#*:} f=${f%%:*} ;; esac
		# shellcheck disable=SC2086 # no library or one word
		_talloc_define "$dir" "$(_talloc_macro "$f")" "$cc" "$dir" link \
			"char $f(void); int main(void) { return $f(); }" -fno-builtin $lib
	done
	for t in $_TALLOC_TYPES; do
		_talloc_define "$dir" "$(_talloc_macro "$t")" "$cc" "$dir" compile \
			"#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
int main(void) { $t v; (void)&v; return 0; }"
	done
	# Large files: off_t of 64 bits, with _FILE_OFFSET_BITS=64 where it
	# takes that (i386).
	if _talloc_try "$cc" "$dir" compile "#include <sys/types.h>
int a[sizeof(off_t) >= 8 ? 1 : -1];"; then
		echo "#define HAVE_LARGEFILE 1" >>"$dir/config.h"
	elif _talloc_try "$cc" "$dir" compile "#include <sys/types.h>
int a[sizeof(off_t) >= 8 ? 1 : -1];" -D_FILE_OFFSET_BITS=64; then
		printf '#define _FILE_OFFSET_BITS 64\n#define HAVE_LARGEFILE 1\n' >>"$dir/config.h"
	fi
	_talloc_define "$dir" HAVE_BOOL "$cc" "$dir" compile \
		"#include <stdbool.h>
int main(void) { bool b = true; return !b; }"
	_talloc_define "$dir" HAVE_DECL_FDATASYNC "$cc" "$dir" compile \
		"#include <unistd.h>
int main(void) { (void)fdatasync; return 0; }"
	_talloc_define "$dir" HAVE_ERRNO_DECL "$cc" "$dir" compile \
		"#include <errno.h>
int main(void) { int *p = &errno; return *p; }"
	_talloc_define "$dir" HAVE_SETENV_DECL "$cc" "$dir" compile \
		"#include <stdlib.h>
int main(void) { int (*f)(const char *, const char *, int) = setenv; return f != 0; }"
	_talloc_define "$dir" HAVE_VISIBILITY_ATTR "$cc" "$dir" compile \
		"int f(void) __attribute__((visibility(\"default\"))); int f(void) { return 0; }" -Werror
	_talloc_define "$dir" HAVE_CONSTRUCTOR_ATTRIBUTE "$cc" "$dir" run \
		"static int x; static void __attribute__((constructor)) init(void) { x = 1; }
int main(void) { return x == 1 ? 0 : 1; }"
	_talloc_define "$dir" HAVE_VA_COPY "$cc" "$dir" link \
		"#include <stdarg.h>
static int f(int n, ...) { va_list a, b; va_start(a, n); va_copy(b, a); n = va_arg(b, int); va_end(b); va_end(a); return n; }
int main(void) { return f(1, 0); }"
	# The run tests: snprintf counting what did not fit (C99), strptime
	# parsing a date, mkstemp making a file only its owner can read.
	_talloc_define "$dir" HAVE_C99_VSNPRINTF "$cc" "$dir" run \
		"#include <stdio.h>
#include <string.h>
int main(void) { char b[4]; return snprintf(b, sizeof(b), \"%s\", \"abcdef\") == 6 && strcmp(b, \"abc\") == 0 && snprintf(NULL, 0, \"%d\", 12345) == 5 ? 0 : 1; }"
	_talloc_define "$dir" HAVE_WORKING_STRPTIME "$cc" "$dir" run \
		"#include <string.h>
#include <time.h>
int main(void) { struct tm t; memset(&t, 0, sizeof(t)); return strptime(\"2005-06-07 08:09:10\", \"%Y-%m-%d %H:%M:%S\", &t) != NULL && t.tm_year == 105 && t.tm_mon == 5 && t.tm_mday == 7 && t.tm_sec == 10 ? 0 : 1; }"
	_talloc_define "$dir" HAVE_SECURE_MKSTEMP "$cc" "$dir" run \
		"#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>
int main(void) { char n[] = \"probe.XXXXXX\"; struct stat s; int fd = mkstemp(n); if (fd < 0 || fstat(fd, &s) < 0) return 1; unlink(n); return (s.st_mode & 077) == 0 ? 0 : 1; }"
	rm -f "$dir/probe" "$dir/probe.c" "$dir/probe.o"
}
