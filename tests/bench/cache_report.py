"""tests/bench/cache_report.py: the dead cached winner's table, for report.py.

Reads OUT/cache/ (tests/bench/lib/cache.sh): per run of each helper ("now",
"before") its exit status and wall time, and from its syslog record the
decision time ("ip=ADDR in N ms") and the address chosen.  cifs-utils has
no decision cache: its row is part 1's time to mount with the IPv6 address
dropped.  Timings are reported, never asserted; a run without its numbers
is a problem (the table is not complete)."""
import os
import re
import statistics

RECORD = re.compile(r"//dead\.test/j(\d+): .* ip=(\S+) in (\d+) ms")


def _span(values):
    if not values:
        return "-"
    return "%g ms [%g–%g]" % (round(statistics.median(values), 1), round(min(values), 1),
                              round(max(values), 1))


def _lines(path):
    if not os.path.exists(path):
        return []
    with open(path, encoding="utf-8", errors="replace") as f:
        return [l.rstrip("\n") for l in f]


def read(out, runs, problem):
    """{helper: {"dec": [ms], "wall": [ms], "chosen": set, "fail": n}} and the setup line."""
    base = os.path.join(out, "cache")
    jobs = [l.split("\t") for l in _lines(os.path.join(base, "jobs.tsv")) if l]
    if not jobs:
        problem("cache: no jobs.tsv")
    status = {}
    for l in _lines(os.path.join(base, "runs.tsv")):
        f = l.split("\t")
        if len(f) == 3 and f[1].isdigit() and f[2].isdigit():
            status[f[0]] = (int(f[1]), int(f[2]))
    records = {}
    for l in _lines(os.path.join(base, "syslog.txt")):
        m = RECORD.search(l)
        if m:
            records[m.group(1)] = (m.group(2), int(m.group(3)))
    rows = {}
    for j in jobs:
        if len(j) != 4:
            problem("cache: malformed job %r" % j)
            continue
        jid, name = j[0], j[1]
        p = rows.setdefault(name, {"dec": [], "wall": [], "chosen": set(), "fail": 0})
        st = status.get(jid)
        rec = records.get(jid)
        if st is None:
            problem("cache job %s (%s): no run" % (jid, name))
            p["fail"] += 1
        elif st[0] != 0 or rec is None:
            problem("cache job %s (%s): exit %d, %s" % (jid, name, st[0], "a record" if rec else "no record"))
            p["fail"] += 1
        else:
            p["dec"].append(rec[1])
            p["wall"].append(st[1] / 1000.0)
            p["chosen"].add(rec[0])
    for name, p in rows.items():
        if len(p["dec"]) + p["fail"] != runs:
            problem("cache %s: %d runs, want %d" % (name, len(p["dec"]) + p["fail"], runs))
    setup = " ".join(_lines(os.path.join(base, "setup.txt")))
    return rows, setup


def table(read_result, e2e_data):
    """(head, rows, note) for the text and Markdown tables; e2e_data is
    report.py's {(helper, scenario): [(ok, ms, status, addr)]}."""
    rows, setup = read_result
    head = ["helper", "decision: median [min–max]", "wall: median [min–max]", "chose"]
    out = []
    for name, title in (("before", "cifs-af before issue 17 (cached probe alone, then a race)"),
                        ("now", "cifs-af now (the cached attempt is the race's first)")):
        p = rows.get(name)
        if p is None:
            out.append([title, "not run (%s)" % setup, "-", "-"])
            continue
        dec = _span(p["dec"]) + (" (%d failed)" % p["fail"] if p["fail"] else "")
        out.append([title, dec, _span(p["wall"]), "/".join(sorted(p["chosen"])) or "-"])
    cu = e2e_data.get(("cifs-utils", "v6-dropped"), [])
    if cu:
        ms = [r[1] for r in cu]
        fails = sum(1 for r in cu if not r[0])
        out.append(["cifs-utils 7.0 (no cache): IPv6 dropped, time to mount in the guest (part 1)",
                    "-", "%s%s" % (_span(ms), " (%d of %d failed)" % (fails, len(cu)) if fails else ""), "-"])
    note = ("dead.test: its IPv6 address dropped, cached as the last race's winner before every run; "
            "%s" % setup)
    return head, out, note
