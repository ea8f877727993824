#!/usr/bin/env python3
"""tests/cli/structure.py: the tree's layout rules (docs/layout.md), checked.

  1. Each folder includes headers only from the folders it may depend on:
     a program folder (mount-cifs/, dns-resolver/) from itself, program/,
     resolver/ and compat/, never from the other program's folder.
  2. No circle: no header includes itself through others, and no module
     (one .c file) uses a function or variable of a module that uses one of
     its own, directly or through others.  The second is read from the
     built objects (nm): which module defines what another one uses.
  3. A header without a .c of its own name declares no function and no
     variable: a header declaring what several modules define is how they
     came to tie each other in a circle.
  4. No source or script file over 600 lines (generated and data files
     aside).

Reads the #include lines of every .c and .h in the folders below, and the
objects of the build; prints each problem with the file (and line) that
causes it, and exits 1.  Before the tree it checks itself on a scratch tree
with one of each problem, so it cannot pass by finding nothing.  Runs under
make check (top_srcdir, top_builddir), or as structure.py [--graph] SRCDIR
BUILDDIR; --graph also prints which module uses which."""

import os
import re
import subprocess
import sys
import tempfile

# What each folder may include from.
ALLOWED = {
    "compat": {"compat"},
    "resolver": {"resolver", "compat"},
    "program": {"program", "resolver", "compat"},
    "mount-cifs": {"mount-cifs", "program", "resolver", "compat"},
    "dns-resolver": {"dns-resolver", "program", "resolver", "compat"},
}
GENERATED_HEADERS = {"config.h"}
MAX_LINES = 600
# Files over the limit that another change is rewriting; each must name
# why, and is reported once it is under the limit so the entry goes.
OVERSIZE_EXCEPTIONS = {
}
SCRIPT_SUFFIXES = (".c", ".h", ".sh", ".py", ".am", ".ac", ".m4", ".in", ".spec", ".gp")
# Generated (autotools) or data; never counted.
NOT_SOURCE_DIRS = ("tests/fuzz/corpus/", "tests/fuzz/regressions/", "build-aux/", "autom4te.cache/")
NOT_SOURCE_FILES = {"configure", "aclocal.m4", "Makefile.in", "config.h.in", "config.status",
                    "libtool", "test-driver"}
# Where a tree without git keeps its sources (a release tarball).
SOURCE_ROOTS = ("compat", "resolver", "program", "mount-cifs", "dns-resolver", "tests",
                "packaging", ".ci", "m4")

INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^">]+)[">]')


def c_files(top):
    for folder in sorted(ALLOWED):
        d = os.path.join(top, folder)
        if not os.path.isdir(d):
            continue
        for name in sorted(os.listdir(d)):
            if name.endswith((".c", ".h")):
                yield folder + "/" + name


def includes(top, rel):
    """(line, text, resolved path or None) for each project include."""
    folder = rel.split("/")[0]
    with open(os.path.join(top, rel), encoding="utf-8", errors="replace") as f:
        for n, line in enumerate(f, 1):
            m = INCLUDE.match(line)
            if not m:
                continue
            kind, name = m.groups()
            here = os.path.normpath(folder + "/" + name)
            if kind == '"' and os.path.isfile(os.path.join(top, here)):
                yield n, name, here
            elif os.path.isfile(os.path.join(top, name)):
                yield n, name, os.path.normpath(name)
            elif kind == '"' and name not in GENERATED_HEADERS:
                yield n, name, None


def strip_c(text):
    """The text without comments, strings and preprocessor lines."""
    text = re.sub(r"/\*.*?\*/", " ", text, flags=re.S)
    text = re.sub(r"//[^\n]*", " ", text)
    text = re.sub(r'"(\\.|[^"\\])*"', '""', text)
    text = re.sub(r"^\s*#(?:[^\n]*\\\n)*[^\n]*", " ", text, flags=re.M)
    return text


def declarations(text):
    """Names of the functions and variables a header declares at file scope."""
    names, stmt, depth = [], "", 0
    for ch in strip_c(text):
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
        elif ch == ";" and depth == 0:
            s = " ".join(stmt.split())
            stmt = ""
            head = s.split("{")[0]
            if not s or re.match(r"(typedef|extern \"C\")\b", s):
                continue
            if re.match(r"(struct|union|enum)\b[^(=]*$", head) and not re.search(r"}\s*\w+\s*$", s):
                continue        # a type's definition or forward declaration
            m = re.search(r"(\w+)\s*\(", head)
            if m and not head.startswith("__attribute__"):
                names.append(m.group(1))
            else:
                m = re.search(r"(\w+)\s*(\[[^\]]*\])?\s*(=.*)?$", s)
                names.append(m.group(1) if m else s)
            continue
        if depth == 0 or ch != "\n":
            stmt += ch
    return names


def check_includes(top, problems):
    """Rules 1 and 3; returns the graph of headers including headers."""
    graph = {}
    for rel in c_files(top):
        folder = rel.split("/")[0]
        module = rel[:-2]
        for n, name, target in includes(top, rel):
            if target is None:
                problems.append('%s:%d: #include "%s": no such file in %s/ or at the top of the '
                                "tree" % (rel, n, name, folder))
                continue
            to = target.split("/")[0]
            if to in ALLOWED and to not in ALLOWED[folder]:
                problems.append('%s:%d: #include "%s" reaches into %s/: %s/ may include only from %s'
                                % (rel, n, name, to, folder,
                                   ", ".join(d + "/" for d in sorted(ALLOWED[folder]))))
            if rel.endswith(".h") and target.endswith(".h"):
                graph.setdefault(rel, {}).setdefault(target, "%s:%d: #include \"%s\"" % (rel, n, name))
        if rel.endswith(".h") and not os.path.isfile(os.path.join(top, module + ".c")):
            with open(os.path.join(top, rel), encoding="utf-8", errors="replace") as f:
                names = declarations(f.read())
            if names:
                problems.append("%s: declares %s but there is no %s.c: a header shared by several "
                                "modules ties them in a circle; give each module its own header"
                                % (rel, ", ".join(names), module))
    return graph


def check_circles(graph, what, problems):
    """Rule 2: every circle of graph, once, from its smallest node."""
    seen, found = set(), set()

    def visit(node, path):
        if node in path:
            ring = path[path.index(node):]
            start = ring.index(min(ring))
            ring = ring[start:] + ring[:start]
            if tuple(ring) not in found:
                found.add(tuple(ring))
                steps = [graph[a][b] for a, b in zip(ring, ring[1:] + ring[:1])]
                problems.append("%s circle: %s -> %s (%s)" % (what, " -> ".join(ring), ring[0],
                                                              "; ".join(steps)))
            return
        if node in seen:
            return
        for nxt in sorted(graph.get(node, {})):
            visit(nxt, path + [node])
        seen.add(node)

    for node in sorted(graph):
        visit(node, [])


def symbol_graph(top, build, problems):
    """Module -> module it uses -> why, from nm over the build's objects.
    A module is a source file without its suffix; automake names its object
    TARGET-NAME.o.  Objects whose source is gone (a stale build) are left
    out.  Returns None when the build has no objects."""
    objects = {}
    for folder in sorted(ALLOWED):
        d = os.path.join(build, folder)
        if not os.path.isdir(d):
            continue
        for name in sorted(os.listdir(d)):
            stem = name[:-2].rsplit("-", 1)[-1]
            if name.endswith(".o") and os.path.isfile(os.path.join(top, folder, stem + ".c")):
                objects[os.path.join(d, name)] = folder + "/" + stem
    if not objects:
        return None
    nm = os.environ.get("NM", "nm")
    out = subprocess.run([nm, "-A", "-P"] + sorted(objects), capture_output=True, text=True)
    if out.returncode != 0:
        problems.append("%s failed: %s" % (nm, out.stderr.strip()))
        return {}
    defined, used = {}, []
    for line in out.stdout.splitlines():
        f = line.split()
        if len(f) < 3:
            continue
        obj, sym, kind = f[0].rstrip(":"), f[1], f[2]
        obj = obj.split("[")[0]
        module = objects.get(obj)
        if module is None:
            continue
        if kind == "U":
            used.append((module, sym))
        elif kind in "TDBRCVWG":
            defined.setdefault(sym, set()).add(module)
    graph = {}
    for module, sym in used:
        for owner in sorted(defined.get(sym, ())):
            if owner == module:
                continue
            graph.setdefault(module, {}).setdefault(owner, "%s uses %s from %s" % (module, sym, owner))
            a, b = module.split("/")[0], owner.split("/")[0]
            if b not in ALLOWED[a]:
                problems.append("%s uses %s, defined in %s: %s/ may use only %s" % (
                    module, sym, owner, a, ", ".join(d + "/" for d in sorted(ALLOWED[a]))))
    return graph


def source_files(top):
    try:
        out = subprocess.run(["git", "-C", top, "ls-files", "-z"], capture_output=True, check=True)
        if os.path.isdir(os.path.join(top, ".git")) or out.stdout:
            return sorted(p for p in out.stdout.decode().split("\0") if p)
    except (OSError, subprocess.CalledProcessError):
        pass
    files = [f for f in ("Makefile.am", "configure.ac") if os.path.isfile(os.path.join(top, f))]
    for root in SOURCE_ROOTS:
        for d, _, names in os.walk(os.path.join(top, root)):
            files += [os.path.relpath(os.path.join(d, n), top) for n in names]
    return sorted(files)


def is_source(top, rel):
    if rel.startswith(NOT_SOURCE_DIRS) or os.path.basename(rel) in NOT_SOURCE_FILES:
        return False
    if os.path.isfile(os.path.join(top, rel + ".in")):
        return False            # made by configure from its .in
    if rel.endswith(SCRIPT_SUFFIXES):
        return True
    try:
        with open(os.path.join(top, rel), "rb") as f:
            return f.read(2) == b"#!"
    except OSError:
        return False


def check_sizes(top, problems):
    """Rule 4; returns how many files were counted."""
    counted = 0
    for rel in source_files(top):
        path = os.path.join(top, rel)
        if not os.path.isfile(path) or not is_source(top, rel):
            continue
        counted += 1
        with open(path, "rb") as f:
            n = sum(1 for _ in f)
        why = OVERSIZE_EXCEPTIONS.get(rel)
        if n > MAX_LINES and why is None:
            problems.append("%s: %d lines, more than %d: split it by concern" % (rel, n, MAX_LINES))
        elif n <= MAX_LINES and why is not None:
            problems.append("%s: %d lines, now within %d: remove its entry from "
                            "OVERSIZE_EXCEPTIONS in tests/cli/structure.py" % (rel, n, MAX_LINES))
    return counted


def check(top, build):
    problems = []
    headers = check_includes(top, problems)
    check_circles(headers, "include", problems)
    modules = symbol_graph(top, build, problems)
    if modules is None:
        problems.append("%s: no objects of %s: build first (make check does)"
                        % (build, ", ".join(sorted(ALLOWED))))
        modules = {}
    check_circles(modules, "module", problems)
    counted = check_sizes(top, problems)
    return problems, modules, counted


def self_test():
    """One of each problem in a scratch tree, built: each must be reported."""
    files = {
        "mount-cifs/a.c": '#include "a.h"\n#include "dns-resolver/d.h"\nint a(void) { return b(); }\n',
        "mount-cifs/a.h": '#ifndef A_H\n#define A_H\n#include "b.h"\nint a(void);\n#endif\n',
        "mount-cifs/b.c": '#include "b.h"\nint b(void) { return a() + d_value; }\n',
        "mount-cifs/b.h": '#ifndef B_H\n#define B_H\n#include "a.h"\n#include "dns-resolver/d.h"\n'
                          "int b(void);\n#endif\n",
        "mount-cifs/c.c": "extern int d_value;\nint c(void) { return d_value; }\n",
        "mount-cifs/shared.h": "struct s;\n/* one(void); */\nint one(void);\nextern int two;\n"
                               "typedef int (*three)(void);\nenum e { E = 1 };\n",
        "mount-cifs/types.h": "struct t { int (*f)(void); };\n#define T(x) f(x);\n",
        "mount-cifs/big.c": "\n" * (MAX_LINES + 1),
        "dns-resolver/d.c": '#include "d.h"\nint d_value = 1;\n',
        "dns-resolver/d.h": "extern int d_value;\n",
        "dns-resolver/e.h": '#include "missing.h"\n',
    }
    want = [
        'mount-cifs/a.c:2: #include "dns-resolver/d.h" reaches into dns-resolver/',
        'mount-cifs/b.h:4: #include "dns-resolver/d.h" reaches into dns-resolver/',
        "include circle: mount-cifs/a.h -> mount-cifs/b.h -> mount-cifs/a.h",
        "module circle: mount-cifs/a -> mount-cifs/b -> mount-cifs/a",
        "mount-cifs/b uses d_value, defined in dns-resolver/d",
        "mount-cifs/c uses d_value, defined in dns-resolver/d",
        "mount-cifs/shared.h: declares one, two but there is no mount-cifs/shared.c",
        "mount-cifs/big.c: %d lines" % (MAX_LINES + 1),
        'dns-resolver/e.h:1: #include "missing.h": no such file',
    ]
    cc = os.environ.get("CC", "cc")
    with tempfile.TemporaryDirectory() as top:
        for rel, text in files.items():
            os.makedirs(os.path.join(top, os.path.dirname(rel)), exist_ok=True)
            with open(os.path.join(top, rel), "w") as f:
                f.write(text)
        for rel in ("mount-cifs/a.c", "mount-cifs/b.c", "mount-cifs/c.c", "dns-resolver/d.c"):
            folder, name = rel.split("/")
            obj = os.path.join(top, folder, "target-" + name[:-2] + ".o")
            r = subprocess.run([cc, "-c", "-I", top, "-o", obj, os.path.join(top, rel)],
                               capture_output=True, text=True)
            if r.returncode != 0:
                print("FAIL: self-test: %s cannot compile %s: %s"
                      % (cc, rel, (r.stderr.strip().splitlines() or ["?"])[-1]))
                return False
        problems, _, _ = check(top, top)
    missed = [w for w in want if not any(p.startswith(w) for p in problems)]
    extra = [p for p in problems if not any(p.startswith(w) for w in want)]
    for w in missed:
        print("FAIL: self-test: not reported: %s" % w)
    for p in extra:
        print("FAIL: self-test: reported by mistake: %s" % p)
    return not missed and not extra


def main():
    args = sys.argv[1:]
    show_graph = args[:1] == ["--graph"]
    args = args[1:] if show_graph else args
    top = args[0] if args else os.environ.get("top_srcdir") or \
        os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
    build = args[1] if len(args) > 1 else os.environ.get("top_builddir") or top
    if not self_test():
        return 1
    problems, graph, counted = check(top, build)
    if show_graph:
        for module in sorted(graph):
            print("%s -> %s" % (module, ", ".join(sorted(graph[module]))))
    for p in problems:
        print("FAIL: " + p)
    if problems:
        print("structure: %d problems (docs/layout.md has the rules)" % len(problems))
        return 1
    edges = sum(len(v) for v in graph.values())
    print("structure: %d modules using %d others' functions or variables, no circle, no folder "
          "reaching into another program's; %d source files, none over %d lines"
          % (len(set(graph) | {m for v in graph.values() for m in v}), edges, counted, MAX_LINES))
    return 0


if __name__ == "__main__":
    sys.exit(main())
