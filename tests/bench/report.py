#!/usr/bin/env python3
"""tests/bench/report.py OUT E2E-RUNS DECISION-RUNS CALLGRIND-RUNS TIMED-RUNS

Reads the raw output tests/bench/run.sh left in OUT (e2e/, decision/,
cache/, adsite/, startup/, machine.txt) and
  - prints the tables (time to mount, decision latency, a dead cached
    winner, the AD site step, start-up cost) and
    the targets, met or missed and by how much;
  - writes the same as Markdown to OUT/results.md, and the plot's data to
    OUT/time-to-mount.dat (tests/bench/time-to-mount.gp reads it);
  - exits 1 when the table is not complete and well-formed: a run without
    a result, a decision without its record, a count that is not a number.
Timings are reported, never asserted: a missed target is a line in the
report, not a failure.
"""
import glob
import os
import re
import statistics
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import adsite_report  # noqa: E402  (beside this file)
import cache_report  # noqa: E402  (beside this file)

KNOWN_CONTENT = "hello from samba"
HELPERS = ("cifs-af", "cifs-utils")
TITLES = {
    "healthy": "healthy dual stack",
    "v6-dropped": "IPv6 dropped",
    "v6-refused": "IPv6 refused",
    "v4-dropped": "IPv4 dropped",
    "aaaa-unanswered": "AAAA query unanswered",
    "v6-dead8": "8 dead IPv6 + 1 IPv4",
}
# The plot's x axis has room for shorter ones.
SHORT_TITLES = {
    "healthy": "healthy",
    "aaaa-unanswered": "AAAA unanswered",
    "v6-dead8": "8 dead IPv6, 1 IPv4",
}
# Targets of issue 8 and issue 4 (milliseconds unless said otherwise).
V6_DROPPED_MAX_MS = 600
HEALTHY_OVERHEAD_MS = 20
DEAD_SLACK_MS = 50          # decision <= connect delay + 50 ms
DEAD_RTT_SLACK_MS = 10      # decision <= connect delay + RTT + 10 ms
HEALTHY_RTT_SLACK_MS = 5    # decision <= RTT + 5 ms
INSTR_RATIO = 1.2
DEFAULT_DELAY_MS = 250

problems = []


def problem(text):
    problems.append(text)


def med(values):
    return statistics.median(values) if values else None


# Formats: a number, and its unit, which a span writes once.
def secs(ms):
    return ("%.2f" % (ms / 1000.0), "s")


def ms_fmt(v):
    return ("%g" % round(v, 1), "ms")


def kib(v):
    return ("%d" % v, "KiB")


def span(values, fmt):
    """median [min–max] unit."""
    m, unit = fmt(med(values))
    return "%s %s [%s–%s]" % (m, unit, fmt(min(values))[0], fmt(max(values))[0])


def read_lines(path):
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            return f.read().splitlines()
    except OSError:
        problem("missing file %s" % path)
        return []


# ---------------------------------------------------------------- e2e ----

def parse_guest(path):
    """The guest's records: results by scenario, rtt by family, syslog lines."""
    results, rtt, syslog = {}, {}, []
    for line in read_lines(path):
        f = line.split("\t")
        if f[0] == "result" and len(f) > 2:
            kv = dict(x.split("=", 1) for x in f[2:] if "=" in x)
            results.setdefault(f[1], []).append(kv)
        elif f[0] == "rtt" and len(f) > 2:
            kv = dict(x.split("=", 1) for x in f[2:] if "=" in x)
            try:
                rtt[f[1]] = float(kv.get("avg", ""))
            except ValueError:
                pass
        elif f[0] == "syslog" and len(f) > 2:
            syslog.append(f[2])
    return results, rtt, syslog


def e2e_section(out, runs):
    names = dict(l.split("\t", 1) for l in read_lines(os.path.join(out, "e2e", "names.tsv")) if "\t" in l)
    data, rtts, decisions = {}, {}, {}
    for h in HELPERS:
        results, rtts[h], syslog = parse_guest(os.path.join(out, "e2e", "results-%s.txt" % h))
        for scen in names:
            recs = results.get(scen, [])
            if len(recs) != runs:
                problem("e2e %s %s: %d results, want %d" % (h, scen, len(recs), runs))
            rows = []
            for r in recs:
                if not re.fullmatch(r"\d+", r.get("ms", "")) or not re.fullmatch(r"\d+", r.get("status", "")):
                    problem("e2e %s %s run %s: malformed result %r" % (h, scen, r.get("run"), r))
                    continue
                ok = r["status"] == "0" and r.get("content") == KNOWN_CONTENT and r.get("umount") == "0"
                rows.append((ok, int(r["ms"]), int(r["status"]), r.get("addr", "")))
            data[(h, scen)] = rows
        if h == "cifs-af":
            # One record per mount, in order; the UNC names the scenario.
            for scen, name in names.items():
                got = []
                for line in syslog:
                    if "//%s/share:" % name not in line:
                        continue
                    m = re.search(r" ip=\S+ in (\d+) ms", line)
                    # The lookups as the record gives them ("AAAA: 1 in
                    # 32 ms, A: 1 in 35 ms"): the later one ends the
                    # resolution, what comes after it is probing.
                    lk = [int(x) for x in re.findall(r"\bA{1,4}: (?:\d+|no answer) in (\d+) ms", line)]
                    got.append((int(m.group(1)), int(m.group(1)) - max(lk or [0])) if m else None)
                if len(got) != runs:
                    problem("e2e cifs-af %s: %d decision records, want %d" % (scen, len(got), runs))
                decisions[scen] = [g for g in got if g is not None]
    return names, data, rtts, decisions


def family(addr):
    if not addr:
        return ""
    return "IPv6" if ":" in addr else "IPv4"


def helper_cell(rows):
    ok = [r[1] for r in rows if r[0]]
    bad = [r for r in rows if not r[0]]
    fams = sorted(set(family(r[3]) for r in rows if r[0]))
    if not rows:
        return "(no result)"
    if not bad:
        return "%s (%s)" % (span(ok, secs), "/".join(fams))
    failed_ms = [r[1] for r in bad]
    codes = sorted(set(str(r[2]) for r in bad))
    text = "fails %s, exit %s" % (span(failed_ms, secs), "/".join(codes))
    if ok:
        text = "%d/%d mounted %s; %d %s" % (len(ok), len(rows), span(ok, secs), len(bad), text)
    return text


def ratio_cell(af, cu):
    if af and cu and all(r[0] for r in af) and all(r[0] for r in cu):
        a, c = med([r[1] for r in af]), med([r[1] for r in cu])
        return "%.2f× (%+d ms)" % (a / c, round(a - c))
    if cu and not any(r[0] for r in cu):
        return "— (cifs-utils fails)"
    return "— (not both mount every time)"


def e2e_tables(names, data, rtts, decisions, runs):
    head = ["scenario", "cifs-af: median [min–max]", "cifs-utils 7.0: median [min–max]",
            "cifs-af ÷ cifs-utils", "cifs-af decision", "of it after the lookups"]
    rows = []
    for scen in names:
        af, cu = data.get(("cifs-af", scen), []), data.get(("cifs-utils", scen), [])
        dec = decisions.get(scen, [])
        rows.append([TITLES.get(scen, scen), helper_cell(af), helper_cell(cu), ratio_cell(af, cu),
                     span([d[0] for d in dec], ms_fmt) if dec else "—",
                     span([d[1] for d in dec], ms_fmt) if dec else "—"])
    note = ("time from `mount -t cifs` to the file read through the mount; runs per cell: %d; "
            "cifs-af decision: the time in its syslog record (lookups and probing), and what is left "
            "of it after the later lookup ended; round trip guest→server (ping avg): %s"
            % (runs, ", ".join("IPv%s %s ms" % (f, v) for f, v in sorted(rtts.get("cifs-af", {}).items()))
               or "not measured"))
    return head, rows, note


def plot_data(out, names, data):
    with open(os.path.join(out, "time-to-mount.dat"), "w", encoding="utf-8") as f:
        # Seconds; a bar's label is its median, with "fails" when a run of
        # it failed (the bar is then the time to failure, drawn in red).
        f.write("# scenario\taf_med\taf_min\taf_max\tcu_med\tcu_min\tcu_max\tcu_color\tcu_label\taf_label\n")
        for scen in names:
            cols = [SHORT_TITLES.get(scen, TITLES.get(scen, scen))]
            labels, failed = [], []
            for h in HELPERS:
                ms = [r[1] / 1000.0 for r in data.get((h, scen), [])] or [0]
                cols += ["%.3f" % med(ms), "%.3f" % min(ms), "%.3f" % max(ms)]
                failed.append(any(not r[0] for r in data.get((h, scen), [])))
                labels.append(("fails %.1f s" if failed[-1] else "%.2f s") % med(ms))
            cols += ["0xc0392b" if failed[1] else "0x7f8c8d", labels[1], labels[0]]
            f.write("\t".join(cols) + "\n")


# ----------------------------------------------------------- decision ----

def decision_section(out, runs):
    d = os.path.join(out, "decision")
    jobs = [l.split("\t") for l in read_lines(os.path.join(d, "jobs.tsv")) if l]
    status = {}
    for l in read_lines(os.path.join(d, "runs.tsv")):
        f = l.split("\t")
        if len(f) == 3 and f[1].isdigit() and f[2].isdigit():
            status[f[0]] = (int(f[1]), int(f[2]))
    records = {}
    for l in read_lines(os.path.join(d, "syslog.txt")):
        m = re.search(r"//[^/ ]+/j(\d+): .* ip=(\S+) in (\d+) ms", l)
        if m:
            # A late AAAA answer (past the Resolution Delay) makes the run
            # measure something else: such runs are counted and shown.
            records[m.group(1)] = (m.group(2), int(m.group(3)), "AAAA: no answer" in l)
    rtt_us = [int(x) for x in read_lines(os.path.join(d, "rtt.txt")) if x.isdigit()]
    if not rtt_us:
        problem("decision: no round-trip samples")
    points = {}
    for j in jobs:
        if len(j) != 6:
            problem("decision: malformed job %r" % j)
            continue
        jid, kind, param = j[0], j[1], int(j[2])
        if jid not in status:
            problem("decision job %s (%s %s): no run" % (jid, kind, param))
            continue
        st, wall_us = status[jid]
        rec = records.get(jid)
        if st == 0 and rec is None:
            problem("decision job %s (%s %s): no decision record" % (jid, kind, param))
        p = points.setdefault((kind, param), {"dec": [], "wall": [], "res": [], "fail": 0, "chosen": set(),
                                              "no_aaaa": 0})
        trace = "\n".join(read_lines(os.path.join(d, "trace-%s.txt" % jid)))
        m = re.search(r"^resolved \S+ in (\d+) ms", trace, re.M)
        if m:
            p["res"].append(int(m.group(1)))
        elif st == 0:
            problem("decision job %s (%s %s): no 'resolved' line in the trace" % (jid, kind, param))
        if st == 0 and rec:
            p["dec"].append(rec[1])
            p["no_aaaa"] += rec[2]
            p["chosen"].add(family(rec[0]))
            p["wall"].append(wall_us / 1000.0)
        else:
            p["fail"] += 1
    for key, p in points.items():
        if len(p["dec"]) + p["fail"] != runs:
            problem("decision %s %s: %d runs, want %d" % (key[0], key[1], len(p["dec"]) + p["fail"], runs))
    return points, (med(rtt_us) / 1000.0 if rtt_us else None), rtt_us


def decision_tables(points, rtt_ms, runs):
    head = ["case", "connect delay", "decision: median [min–max]", "of it resolving",
            "wall: median [min–max]", "chose", "bound delay+50", "bound delay+RTT+10"]
    rows = []
    order = sorted(points, key=lambda k: ({"healthy": 0, "dead": 1, "delay": 2}[k[0]], k[1]))
    for kind, param in order:
        p = points[(kind, param)]
        delay = param if kind == "delay" else DEFAULT_DELAY_MS
        if kind == "healthy":
            case, delay_txt = "healthy (both answer)", "—"
            b1, b2 = "—", "%.1f ms (RTT+5)" % (rtt_ms + HEALTHY_RTT_SLACK_MS)
        else:
            case = "%d dead IPv6 + 1 IPv4" % (param if kind == "dead" else 1)
            delay_txt = "%d ms" % delay
            b1 = "%d ms" % (delay + DEAD_SLACK_MS)
            b2 = "%.1f ms" % (delay + rtt_ms + DEAD_RTT_SLACK_MS)
        dec = span(p["dec"], ms_fmt) if p["dec"] else "—"
        wall = span(p["wall"], ms_fmt) if p["wall"] else "—"
        if p["fail"]:
            dec += " (%d/%d failed)" % (p["fail"], runs)
        if p["no_aaaa"]:
            dec += " (%d/%d went on without the AAAA answer)" % (p["no_aaaa"], runs)
        res = span(p["res"], ms_fmt) if p["res"] else "—"
        rows.append([case, delay_txt, dec, res, wall, "/".join(sorted(p["chosen"])) or "—", b1, b2])
    return head, rows


# ------------------------------------------------------------ startup ----

# Where the instructions go, by the function or object that executes them
# (self cost: what a function does itself, not what it calls).
CATEGORIES = (
    ("dynamic loader (ld.so: mapping, relocation, symbol lookup)",
     lambda fn, ob: ob.startswith("ld-linux")),
    ("memset (valgrind counts each byte of rep stosb)",
     lambda fn, ob: ob.startswith("libc.") and "memset" in fn),
    ("stdio line reading and number scanning (fgets, sscanf, strtoul)",
     lambda fn, ob: ob.startswith("libc.") and re.search(r"fgets|_IO_getline|scanf|strto|memchr|underflow", fn)),
    ("printf-style formatting",
     lambda fn, ob: ob.startswith("libc.") and re.search(r"printf|xsputn|_itoa|_IO_str", fn)),
    ("libcap-ng", lambda fn, ob: ob.startswith("libcap-ng")),
    ("libtalloc", lambda fn, ob: ob.startswith("libtalloc")),
    ("the helper's own code", lambda fn, ob: "mount.cifs" in ob),
    ("everything else (libc, ...)", lambda fn, ob: True),
)


def self_costs(path):
    """{(function, object): self Ir} of one callgrind file.  The cost line
    after a calls= line is the call's inclusive cost and is skipped, so the
    values add up to the file's totals."""
    names, cur_ob, fn_ob, fn, skip, costs = {}, "?", "?", "?", False, {}
    for line in read_lines(path):
        if skip:
            skip = False
            continue
        if line.startswith("calls="):
            skip = True
            continue
        m = re.match(r"(c?ob|c?fn)=\((\d+)\)(?: (.*))?$", line)
        if m:
            key, ident, name = m.groups()
            cls = key.lstrip("c")
            if name:
                names[(cls, ident)] = name
            name = names.get((cls, ident), "?")
            if key == "ob":
                cur_ob = os.path.basename(name)
            elif key == "fn":
                fn, fn_ob = name, cur_ob
            continue
        if line[:1].isdigit() or line[:1] in "+-*":
            f = line.split()
            if len(f) > 1 and f[1].isdigit():
                costs[(fn, fn_ob)] = costs.get((fn, fn_ob), 0) + int(f[1])
    return costs


def categorize(costs):
    out = dict((c[0], 0) for c in CATEGORIES)
    for (fn, ob), v in costs.items():
        for name, match in CATEGORIES:
            if match(fn, ob):
                out[name] += v
                break
    return out


def strace_total(path):
    """(total calls, [(syscall, calls)] of the most frequent) from strace -c."""
    calls, total = [], None
    for l in read_lines(path):
        f = l.split()
        if len(f) >= 5 and f[-1] == "total":
            total = int(f[3])
        elif len(f) >= 5 and f[3].isdigit() and f[0][0].isdigit():
            calls.append((f[-1], int(f[3])))
    calls.sort(key=lambda x: -x[1])
    return total, calls[:3]

def startup_section(out, cg_runs, timed):
    d = os.path.join(out, "startup")
    res = {}
    for h in HELPERS:
        totals, procs, breakdown = [], [], {}
        dirs = sorted(glob.glob(os.path.join(d, "callgrind-%s-*" % h)))
        if len(dirs) != cg_runs:
            problem("startup %s: %d callgrind runs, want %d" % (h, len(dirs), cg_runs))
        for run_dir in dirs:
            per_pid = {}
            for path in glob.glob(os.path.join(run_dir, "callgrind.out.*")):
                pid = os.path.basename(path).split(".")[2]
                for l in read_lines(path):
                    if l.startswith("totals:"):
                        per_pid[int(pid)] = per_pid.get(int(pid), 0) + int(l.split()[1])
            if not per_pid:
                problem("startup %s: no callgrind totals in %s" % (h, run_dir))
                continue
            totals.append(sum(per_pid.values()))
            procs.append([per_pid[k] for k in sorted(per_pid)])
            if len(totals) == 1:
                costs = {}
                for path in glob.glob(os.path.join(run_dir, "callgrind.out.*")):
                    for k, v in self_costs(path).items():
                        costs[k] = costs.get(k, 0) + v
                if sum(costs.values()) != totals[0]:
                    problem("startup %s: self costs add up to %d, totals to %d" % (h, sum(costs.values()), totals[0]))
                breakdown = categorize(costs)
        rss = [int(l.split("\t")[2]) for l in read_lines(os.path.join(d, "rss.tsv"))
               if l.startswith(h + "\t") and l.split("\t")[2].isdigit()]
        wall = [int(l.split("\t")[2]) / 1000.0 for l in read_lines(os.path.join(d, "wall.tsv"))
                if l.startswith(h + "\t") and l.split("\t")[2].isdigit()]
        if len(rss) != timed or len(wall) != timed:
            problem("startup %s: %d RSS and %d wall samples, want %d" % (h, len(rss), len(wall), timed))
        sys_total, sys_top = strace_total(os.path.join(d, "strace-%s.txt" % h))
        if sys_total is None:
            problem("startup %s: no strace total" % h)
        res[h] = {"instr": totals, "procs": procs, "rss": rss, "wall": wall, "parts": breakdown,
                  "syscalls": sys_total, "sys_top": sys_top}
    return res


def startup_tables(res):
    head = ["helper", "instructions (process tree)", "per process", "peak RSS", "wall time",
            "system calls"]
    rows = []
    for h in HELPERS:
        r = res[h]
        instr = "{:,}".format(int(med(r["instr"]))) if r["instr"] else "—"
        if r["instr"] and min(r["instr"]) != max(r["instr"]):
            instr += " [{:,}–{:,}]".format(min(r["instr"]), max(r["instr"]))
        procs = " + ".join("{:,}".format(x) for x in r["procs"][0]) if r["procs"] else "—"
        rss = span(r["rss"], kib) if r["rss"] else "—"
        wall = span(r["wall"], ms_fmt) if r["wall"] else "—"
        sysc = "%s (%s)" % (r["syscalls"], ", ".join("%s %d" % x for x in r["sys_top"])) \
            if r["syscalls"] is not None else "—"
        rows.append([h, instr, procs, rss, wall, sysc])
    a, c = res["cifs-af"], res["cifs-utils"]
    if a["instr"] and c["instr"] and a["rss"] and c["rss"] and a["wall"] and c["wall"]:
        rows.append(["cifs-af ÷ cifs-utils", "%.2f×" % (med(a["instr"]) / med(c["instr"])), "",
                     "%.2f×" % (med(a["rss"]) / med(c["rss"])), "%.2f×" % (med(a["wall"]) / med(c["wall"])),
                     "%.2f×" % (a["syscalls"] / c["syscalls"]) if a["syscalls"] and c["syscalls"] else "—"])
    return head, rows


def breakdown_table(res):
    head = ["instructions spent in", "cifs-af", "cifs-utils", "difference"]
    rows = []
    a, c = res["cifs-af"]["parts"], res["cifs-utils"]["parts"]
    for name, _ in CATEGORIES:
        rows.append([name, "{:,}".format(a.get(name, 0)), "{:,}".format(c.get(name, 0)),
                     "{:+,}".format(a.get(name, 0) - c.get(name, 0))])
    rows.append(["total", "{:,}".format(sum(a.values())), "{:,}".format(sum(c.values())),
                 "{:+,}".format(sum(a.values()) - sum(c.values()))])
    return head, rows


# ------------------------------------------------------------ targets ----

def targets(data, decisions, guest_rtt, points, rtt_ms, startup):
    lines = []

    def verdict(ok, text):
        lines.append(("met" if ok else "MISSED") + ": " + text)

    def bounded(label, values, bound, bound_text, failures=0, unit="ms"):
        """Every run within the bound; if not, how many runs and by how much."""
        over = [v for v in values if v > bound]
        text = "%s: median %g, max %g %s; bound %s = %g %s" % (
            label, round(med(values), 1), max(values), unit, bound_text, round(bound, 1), unit)
        if over:
            text += " (%d of %d runs over, the worst by %g %s)" % (
                len(over), len(values), round(max(over) - bound, 1), unit)
        if failures:
            text += " (%d runs failed)" % failures
        verdict(not over and not failures, text)

    af = data.get(("cifs-af", "v6-dropped"), [])
    if af:
        bounded("IPv6 dropped, guest, cifs-af time to mount", [r[1] for r in af],
                V6_DROPPED_MAX_MS, "target", failures=sum(1 for r in af if not r[0]))
    af, cu = data.get(("cifs-af", "healthy"), []), data.get(("cifs-utils", "healthy"), [])
    if af and cu:
        diff = med([r[1] for r in af]) - med([r[1] for r in cu])
        verdict(diff <= HEALTHY_OVERHEAD_MS,
                "healthy, guest: median overhead %+d ms over cifs-utils (target at most +%d ms%s)"
                % (round(diff), HEALTHY_OVERHEAD_MS,
                   "" if diff <= HEALTHY_OVERHEAD_MS else ", over by %d ms" % round(diff - HEALTHY_OVERHEAD_MS)))
    for kind in ("dead", "delay"):
        for (k, param), p in sorted(points.items()):
            if k != kind or not p["dec"]:
                continue
            delay = param if kind == "delay" else DEFAULT_DELAY_MS
            label = "%d dead IPv6" % param if kind == "dead" else "connect-delay-ms %d" % param
            bounded("decision, " + label, p["dec"], delay + DEAD_SLACK_MS, "delay + 50", p["fail"])
            bounded("decision (issue 4), " + label, p["dec"], delay + rtt_ms + DEAD_RTT_SLACK_MS,
                    "delay + RTT + 10", p["fail"])
    p = points.get(("healthy", 0))
    if p and p["dec"]:
        bounded("decision (issue 4), healthy", p["dec"], rtt_ms + HEALTHY_RTT_SLACK_MS, "RTT + 5", p["fail"])
    # The same bounds in the guest, against the emulated link's round trip:
    # once for the record's whole time, whose lookups go to dnsmasq over
    # that link, and once for what comes after the lookups.
    g6 = guest_rtt.get("6")
    if g6 is not None:
        for scen, bound, what in (("healthy", g6 + HEALTHY_RTT_SLACK_MS, "RTT + 5"),
                                  ("v6-dropped", DEFAULT_DELAY_MS + g6 + DEAD_RTT_SLACK_MS, "delay + RTT + 10"),
                                  ("v6-dead8", DEFAULT_DELAY_MS + g6 + DEAD_RTT_SLACK_MS, "delay + RTT + 10")):
            dec = decisions.get(scen, [])
            if dec:
                bounded("decision (issue 4) in the guest, %s, with the DNS lookups" % TITLES[scen],
                        [d[0] for d in dec], bound, what)
                bounded("decision (issue 4) in the guest, %s, after the lookups" % TITLES[scen],
                        [d[1] for d in dec], bound, what)
    a, c = startup.get("cifs-af", {}).get("instr"), startup.get("cifs-utils", {}).get("instr")
    if a and c:
        ratio = med(a) / med(c)
        verdict(ratio <= INSTR_RATIO, "start-up instructions %.2f× cifs-utils' (target at most %.1f×%s)"
                % (ratio, INSTR_RATIO, "" if ratio <= INSTR_RATIO else ", over by %.0f%%" % ((ratio / INSTR_RATIO - 1) * 100)))
    return lines


# ------------------------------------------------------------- output ----

def text_table(head, rows):
    widths = [max(len(str(x)) for x in col) for col in zip(head, *rows)]
    fmt = "  ".join("%%-%ds" % w for w in widths)
    out = [fmt % tuple(head), fmt % tuple("-" * w for w in widths)]
    out += [fmt % tuple(r) for r in rows]
    return "\n".join(l.rstrip() for l in out)


def md_table(head, rows):
    out = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    out += ["| " + " | ".join(str(x) for x in r) + " |" for r in rows]
    return "\n".join(out)


def main():
    out = sys.argv[1]
    e2e_runs, dec_runs, cg_runs, timed = (int(x) for x in sys.argv[2:6])
    names, data, rtts, decisions = e2e_section(out, e2e_runs)
    points, rtt_ms, rtt_us = decision_section(out, dec_runs)
    startup = startup_section(out, cg_runs, timed)
    if not names:
        problem("e2e: no scenarios")
    if rtt_ms is None:
        rtt_ms = 0.0
    plot_data(out, names, data)

    t1 = e2e_tables(names, data, rtts, decisions, e2e_runs)
    t2 = decision_tables(points, rtt_ms, dec_runs)
    t3 = startup_tables(startup)
    t4 = breakdown_table(startup)
    t5 = adsite_report.table(adsite_report.read(out, problem))
    t6 = cache_report.table(cache_report.read(out, dec_runs, problem), data)
    tg = targets(data, decisions, rtts.get("cifs-af", {}), points, rtt_ms, startup)
    rtt_note = ("RTT: a TCP connect to smbd in the namespace, %d samples: median %.3f ms "
                "(min %.3f ms); the bounds use the median" % (len(rtt_us), rtt_ms, min(rtt_us or [0]) / 1000.0))

    print("== Time to mount, end to end (qemu guest)")
    print(text_table(t1[0], t1[1]))
    print(t1[2])
    print()
    print("== Decision latency, -f -v in a network namespace (runs per row: %d)" % dec_runs)
    print(text_table(*t2))
    print(rtt_note)
    print()
    print("== Decision with a dead cached winner, -f -v (runs per row: %d)" % dec_runs)
    print(text_table(t6[0], t6[1]))
    print(t6[2])
    print()
    print("== AD site step, -f -v against a Samba AD DC (runs per row: %d)" % dec_runs)
    print(text_table(*t5))
    print()
    print("== Start-up cost, -f -n with a literal address")
    print(text_table(*t3))
    print()
    print(text_table(*t4))
    print()
    print("== Targets")
    print("\n".join(tg))
    with open(os.path.join(out, "results.md"), "w", encoding="utf-8") as f:
        f.write("### Time to mount, end to end\n\n%s\n\n%s\n\n" % (md_table(t1[0], t1[1]), t1[2]))
        f.write("### Decision latency (runs per row: %d)\n\n%s\n\n%s\n\n" % (dec_runs, md_table(*t2), rtt_note))
        f.write("### Decision with a dead cached winner (runs per row: %d)\n\n%s\n\n%s\n\n"
                % (dec_runs, md_table(t6[0], t6[1]), t6[2]))
        f.write("### AD site step (runs per row: %d)\n\n%s\n\n" % (dec_runs, md_table(*t5)))
        f.write("### Start-up cost\n\n%s\n\n%s\n\n" % (md_table(*t3), md_table(*t4)))
        f.write("### Targets\n\n%s\n" % "\n".join("- " + l for l in tg))
    if problems:
        print()
        print("the table is incomplete:")
        for p in problems:
            print("  - " + p)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
