"""The plain-Python scorer that bench_cli.py measures perfgoals against (see its docstring).

python plain_scorer.py RULESET.perf ACTUALS.csv OUT.csv
"""

import csv
import re
import sys
from calendar import monthrange
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

ruleset_path, actuals_path, out_path = sys.argv[1:4]
WEIGHTS = {"产出": Decimal(50), "效益": Decimal(30), "满意度": Decimal(10)}
WAN = Decimal(10000)
PROJECT = re.compile(r'^project "(.*)" \{$')
CODE = re.compile(r'^  code "(.*)"$')
LEVEL1 = re.compile(r"^  (\S+) \{$")
IND = re.compile(r'^    (\S+) "(.*)" "(.*)"$')
NUM = re.compile(r"(≥|≤)?([\d.]+)\s*(万元|元|%|\S*)$")
DEADLINE = re.compile(r"^(\d+)月底前$")
Q = Decimal("0.01")
targets = {}
code = None
level1 = None
with open(ruleset_path, encoding="utf-8") as f:
    for line in f:
        line = line.rstrip("\n")
        m = CODE.match(line)
        if m:
            code = m.group(1)
            targets[code] = []
            continue
        m = LEVEL1.match(line)
        if m:
            level1 = m.group(1)
            continue
        m = IND.match(line)
        if m:
            targets[code].append((level1, m.group(1), m.group(2), m.group(3)))


def amount(text):
    m = NUM.match(text.replace(" ", ""))
    if not m:
        return None, None, None
    n = Decimal(m.group(2))
    unit = m.group(3)
    if unit == "万元":
        n *= WAN
    return m.group(1), n, unit


def points(level2, target, actual, tier, weight):
    if target == "长期":
        share = {"达成": 1, "部分达成": Decimal("0.6")}.get(tier, 0)
        return weight * share
    d = DEADLINE.match(target)
    if d:  # on time: full points; d days late against a span of D days: weight × (1 − d/D)
        due = date(2023, int(d.group(1)), monthrange(2023, int(d.group(1)))[1])
        late = (date.fromisoformat(actual) - due).days
        span = (due - date(2023, 1, 1)).days + 1
        return weight if late <= 0 else weight * max(Decimal(0), 1 - Decimal(late) / span)
    op, t, _ = amount(target)
    _, a, _ = amount(actual)
    if a is None:
        return Decimal(0)
    if op == "≤" or level2 == "成本":
        return weight if a <= t else weight * t / a
    return weight if a >= t else weight * a / t


with (
    open(actuals_path, encoding="utf-8", newline="") as f,
    open(out_path, "w", encoding="utf-8", newline="") as out,
):
    writer = csv.writer(out)
    rows = csv.reader(f)
    next(rows)
    current = None

    def finish(code, found, budget, executed):
        inds = targets.get(code, [])
        counts = {}
        for l1, *_ in inds:
            counts[l1] = counts.get(l1, 0) + 1
        total = Decimal(0)
        seen = {}
        for l1, l2, name, target in inds:
            # the level's weight split in cents, the odd cents to the first indicators
            k = seen[l1] = seen.get(l1, 0) + 1
            base = (WEIGHTS[l1] / counts[l1]).quantize(Q, rounding="ROUND_DOWN")
            extra = int((WEIGHTS[l1] - base * counts[l1]) / Q)
            w = base + Q if k <= extra else base
            actual, tier = found.get(name, ("", ""))
            p = points(l2, target, actual, tier, w).quantize(Q, ROUND_HALF_UP)
            total += p
            writer.writerow([code, name, target, actual, w, p])
        rate = min(executed / budget, Decimal(1)) if budget else Decimal(0)
        total += (rate * 10).quantize(Q, ROUND_HALF_UP)
        writer.writerow([code, "总分", "", "", "", total])

    found = {}
    budget = executed = Decimal(0)
    for r in rows:
        code = r[0]
        if code != current:
            if current is not None:
                finish(current, found, budget, executed)
            current = code
            found = {}
        if not r[4]:
            budget, executed = Decimal(r[8]), Decimal(r[9])
            continue
        found[r[4]] = (r[6], r[7])
    if current is not None:
        finish(current, found, budget, executed)
