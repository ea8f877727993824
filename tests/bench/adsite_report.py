"""tests/bench/adsite_report.py: the AD site step's table, for report.py.

Reads OUT/adsite/ (tests/bench/lib/adsite.sh): per case and helper the
wall time of the run, and from cifs-af's -v output the decision time of
its record ("ip=ADDR in N ms": resolution, site step and probes), the
site step's own time and the address chosen.  Timings are reported, never
asserted; a run without its numbers is a problem (the table is not
complete)."""
import os
import re
import statistics

CASES = (
    ("site", "AD domain, DCs answering the LDAP ping"),
    ("dropped", "AD domain, UDP 389 dropped"),
    ("off", "AD domain, ad-site 0"),
)
SITE_DC = ("198.51.100.20", "2001:db8:2::20")
DECISION = re.compile(r"^//ad\.test/share: policy .*?: ip=(\S+) in (\d+) ms", re.M)
SITE = re.compile(r"^site (?:\S+|none) in (\d+) ms", re.M)
CHOSEN = re.compile(r"^mount\.cifs kernel mount options: ip=([^,]+),", re.M)


def _med(values):
    return statistics.median(values) if values else None


def _ms(v):
    return "-" if v is None else "%.0f ms" % v


def read(out, problem):
    """{(case, helper): [dict(wall, decision, site, chosen)]}."""
    base = os.path.join(out, "adsite")
    rows = {}
    path = os.path.join(base, "runs.tsv")
    if not os.path.exists(path):
        problem("adsite: no runs.tsv")
        return rows
    with open(path, encoding="utf-8") as f:
        for line in f:
            kind, helper, run, status, wall_us = line.rstrip("\n").split("\t")
            with open(os.path.join(base, "trace-%s-%s-%s.txt" % (kind, helper, run)),
                      encoding="utf-8", errors="replace") as t:
                text = t.read()
            r = {"wall": int(wall_us) / 1000.0, "status": int(status), "decision": None,
                 "site": None, "chosen": None}
            m = CHOSEN.search(text)
            r["chosen"] = m.group(1) if m else None
            if helper == "cifs-af":
                d, s = DECISION.search(text), SITE.search(text)
                r["decision"] = int(d.group(2)) if d else None
                r["site"] = int(s.group(1)) if s else None
                if r["status"] != 0 or d is None or (kind != "off" and s is None):
                    problem("adsite: %s run %s of cifs-af has no decision record" % (kind, run))
            if r["chosen"] is None:
                problem("adsite: %s run %s of %s chose no address" % (kind, run, helper))
            rows.setdefault((kind, helper), []).append(r)
    for kind, _ in CASES:
        if (kind, "cifs-af") not in rows:
            problem("adsite: no %s run" % kind)
    return rows


def table(rows):
    """(head, rows) for the text and Markdown tables."""
    head = ["case", "cifs-af decision", "site step", "wall", "site's DC first", "cifs-utils 7.5 wall"]
    out = []
    for kind, title in CASES:
        af = rows.get((kind, "cifs-af"), [])
        cu = rows.get((kind, "cifs-utils-7.5"), [])
        on_site = sum(1 for r in af if r["chosen"] in SITE_DC)
        cu_site = sum(1 for r in cu if r["chosen"] in SITE_DC)
        out.append([
            title,
            _ms(_med([r["decision"] for r in af if r["decision"] is not None])),
            _ms(_med([r["site"] for r in af if r["site"] is not None])) if kind != "off" else "-",
            _ms(_med([r["wall"] for r in af])),
            "%d of %d" % (on_site, len(af)),
            ("%s (site's DC %d of %d)" % (_ms(_med([r["wall"] for r in cu])), cu_site, len(cu)))
            if cu else "not measured",
        ])
    return head, out
