#!/usr/bin/env python3
"""tests/coverage/report.py SUMMARY.json FLOORS TOP: the per-file table of
lines and branches from gcovr's JSON summary, the totals, the exclusion
markers of the sources (file:line and reason), and each C file under its
floor.  Exits 1 when a file is under its floor or a marker has no reason."""
import json
import os
import re
import sys

MARKER = re.compile(r'GCOVR_EXCL_(LINE|START|STOP|BR_LINE|BR_START|BR_STOP)\b(.*)')
SOURCES = ('compat', 'program', 'resolver', 'mount-cifs', 'dns-resolver')


def read_floors(path):
    floors, default = {}, None
    with open(path) as f:
        for n, line in enumerate(f, 1):
            line = line.split('#', 1)[0].split()
            if not line:
                continue
            if len(line) != 2:
                sys.exit('%s:%d: want "FILE PERCENT"' % (path, n))
            name, value = line[0], float(line[1])
            if name == '*':
                default = value
            else:
                floors[name] = value
    if default is None:
        sys.exit('%s: no "*" line (the default floor)' % path)
    return floors, default


def markers(top):
    """(file:line, kind, reason) of every exclusion marker in the sources."""
    found = []
    for folder in SOURCES:
        for root, _dirs, files in os.walk(os.path.join(top, folder)):
            for name in sorted(files):
                if not name.endswith(('.c', '.h')):
                    continue
                path = os.path.join(root, name)
                rel = os.path.relpath(path, top)
                with open(path, errors='replace') as f:
                    for n, line in enumerate(f, 1):
                        m = MARKER.search(line)
                        if m:
                            reason = m.group(2).strip().rstrip('*/').strip(' :-')
                            found.append(('%s:%d' % (rel, n), m.group(1), reason))
    return sorted(found)


def pct(covered, total):
    return 100.0 * covered / total if total else 100.0


def main():
    summary_path, floors_path, top = sys.argv[1:4]
    with open(summary_path) as f:
        summary = json.load(f)
    floors, default = read_floors(floors_path)
    rows = sorted(summary['files'], key=lambda r: r['filename'])
    under = []
    fmt = '%-30s %6s %6s %6s   %6s %6s %6s   %5s'
    print(fmt % ('file', 'lines', 'exec', 'cover', 'branch', 'taken', 'cover', 'floor'))
    for r in rows:
        name = r['filename']
        lp = pct(r['line_covered'], r['line_total'])
        bp = pct(r['branch_covered'], r['branch_total'])
        floor = ''
        if name.endswith('.c'):
            want = floors.get(name, default)
            floor = '%d' % want
            if lp + 1e-9 < want:
                under.append((name, lp, want, r['line_total'] - r['line_covered']))
                floor += ' !'
        print(fmt % (name, r['line_total'], r['line_covered'], '%.1f%%' % lp,
                     r['branch_total'], r['branch_covered'], '%.1f%%' % bp, floor))
    lt = sum(r['line_total'] for r in rows)
    lc = sum(r['line_covered'] for r in rows)
    bt = sum(r['branch_total'] for r in rows)
    bc = sum(r['branch_covered'] for r in rows)
    print(fmt % ('TOTAL', lt, lc, '%.1f%%' % pct(lc, lt), bt, bc, '%.1f%%' % pct(bc, bt), ''))
    print('lines: %.1f%% (%d of %d), branches: %.1f%% (%d of %d)' % (pct(lc, lt), lc, lt, pct(bc, bt), bc, bt))
    for name in sorted(floors):
        if not any(r['filename'] == name for r in rows):
            under.append((name, 0.0, floors[name], None))

    found = markers(top)
    bad = [m for m in found if m[1] not in ('STOP', 'BR_STOP') and not m[2]]
    print('exclusion markers: %d' % len(found))
    for where, kind, reason in found:
        print('  %s %s %s' % (where, kind, reason))
    for where, _kind, _reason in bad:
        print('MARKER WITHOUT REASON: %s' % where)

    for name, lp, want, missing in under:
        if missing is None:
            print('UNDER FLOOR: %s: not measured (floor %d%%)' % (name, want))
        else:
            print('UNDER FLOOR: %s: %.1f%% of lines, floor %d%% (%.1f points, %d lines uncovered)'
                  % (name, lp, want, want - lp, missing))
    if under or bad:
        print('coverage: %d file(s) under their floor, %d marker(s) without a reason' % (len(under), len(bad)))
        return 1
    print('coverage: every file at or above its floor')
    return 0


if __name__ == '__main__':
    sys.exit(main())
