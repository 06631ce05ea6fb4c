"""Benchmark: score a province-scale self-assessment read from CSV, streaming.

    python tests/bench/bench_scoring.py               # 100,000 projects, ~1.5 million indicators
    python tests/bench/bench_scoring.py --scale 0.01  # a quick run

It writes a CSV in the actuals layout (docs/actuals.md), then measures, each in a fresh child
process so peak memory is its own:

- perfgoals: the CSV reader yields one project at a time, and the engine's per-project scorer
  scores it against its ruleset project; nothing is kept but running totals;
- baseline: plain Python reads the same CSV with the csv module and applies only the positive
  and reverse formulas to the numbers, in Decimal.

It prints indicators scored per second, the ratio of the two times, and each one's peak
resident memory (targets: within 3× of the baseline, under 1 GB). The two are run in turn
`--repeat` times (default 3) and each one's best time counts, so that other work on the machine
weighs less on the ratio; peak memory is the largest seen.

The province's ruleset is as large as its assessment; a real one would come from the store.
Here its projects are made from 60 project shapes (each a real-looking set of indicators), one
per project code, when the project's actuals arrive, so the benchmark measures reading and
scoring rather than holding a 1.5-million-indicator ruleset.
"""

from __future__ import annotations

import argparse
import csv
import json
import operator
import os
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
from collections import Counter
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

PROJECTS = 100_000
SHAPES = 60
HEADER = [
    "项目编码",
    "项目名称",
    "一级指标",
    "二级指标",
    "三级指标",
    "年度指标值",
    "实际完成值",
    "评价等级",
    "偏差原因分析及改进措施",
    "全年预算数（万元）",
    "全年执行数（万元）",
]

# (level1, level2, name, target, how to draw an actual)
QUANTITY = [
    ("产出", "数量", "放映场次", "888 场", "count"),
    ("产出", "数量", "补助人数", "≥800 人", "count"),
    ("产出", "数量", "印制资料", "≥3000 份", "count"),
    ("产出", "数量", "购置设备", "6 台", "count"),
    ("产出", "数量", "培训人次", "1200人次", "count"),
]
QUALITY = [
    ("产出", "质量", "验收合格率", "100%", "percent"),
    ("产出", "质量", "稿件质量", "≥90%", "percent"),
    ("产出", "质量", "发放准确率", "≥98%", "percent"),
]
TIMELINESS = [
    ("产出", "时效", "完成及时率", "100%", "percent"),
    ("产出", "时效", "按时完成率", "≥95%", "percent"),
]
COST = [
    ("产出", "成本", "补助成本", "≤7.55 万元", "money"),
    ("产出", "成本", "设备购置费", "≤25 万元", "money"),
    ("产出", "成本", "印制经费", "≤8000元", "money"),
    ("产出", "成本", "人均费用", "≤410 元/人", "rate"),
]
BENEFIT = [
    ("效益", "社会效益", "社会影响力", "长期", "tier"),
    ("效益", "社会效益", "重点工作完成率", "≥98%", "percent"),
    ("效益", "可持续影响", "长效机制", "长期", "tier"),
    ("效益", "经济效益", "带动投资", "≥500 万元", "money"),
]
SATISFACTION = [
    ("满意度", "服务对象满意度", "群众满意度", "≥90%", "percent"),
    ("满意度", "服务对象满意度", "服务对象满意度", "≥95%", "percent"),
]


def shapes(seed: int) -> list[list[tuple[str, str, str, str, str]]]:
    """60 project shapes of 10 to 20 indicators (15 on average), every level 1 present."""
    rng = random.Random(seed)
    out = []
    for _ in range(SHAPES):
        size = rng.randint(10, 20)
        chosen = [
            rng.choice(QUANTITY),
            rng.choice(QUALITY),
            rng.choice(TIMELINESS),
            rng.choice(COST),
            rng.choice(BENEFIT),
            rng.choice(SATISFACTION),
        ]
        pool = QUANTITY + QUALITY + TIMELINESS + COST + BENEFIT + SATISFACTION
        while len(chosen) < size:
            chosen.append(rng.choice(pool))
        # Distinct names inside a project: number the repeats as a department would.
        named = []
        seen: Counter[str] = Counter()
        for level1, level2, name, target, kind in chosen:
            seen[name] += 1
            label = name if seen[name] == 1 else f"{name}{seen[name]}"
            named.append((level1, level2, label, target, kind))
        out.append(named)
    return out


_NUMBER = re.compile(r"[\d.]+")


def actual_text(target: str, kind: str, rng: random.Random) -> tuple[str, str]:
    """A plausible actual for a target: most met, some missed, some over (≥130%)."""
    if kind == "tier":
        return "", rng.choice(["达成", "达成", "达成", "部分达成", "未达成"])
    m = _NUMBER.search(target)
    assert m is not None
    number = Decimal(m.group())
    factor = Decimal(rng.choice([100, 100, 100, 98, 95, 90, 80, 105, 110, 135])) / 100
    value = (number * factor).quantize(Decimal("0.01"))
    if kind == "percent":
        value = min(value, Decimal(100))
    unit = target[m.end() :].strip()
    return f"{value.normalize():f}{unit}", ""


def write_csv(path: Path, projects: int, seed: int) -> int:
    """The province's actuals; returns the number of indicator rows."""
    rng = random.Random(seed + 1)
    forms = shapes(seed)
    rows = 0
    with path.open("w", encoding="utf-8", newline="") as f:
        out = csv.writer(f)
        out.writerow(HEADER)
        for i in range(projects):
            shape = forms[i % SHAPES]
            code, name = f"P{i:06d}", f"项目{i % SHAPES:02d}-{i}"
            budget = Decimal(rng.randint(10, 5000))
            executed = (budget * Decimal(rng.randint(80, 100)) / 100).quantize(Decimal("0.01"))
            out.writerow([code, name, "", "", "", "", "", "", "", budget, executed])
            for level1, level2, label, target, kind in shape:
                value, tier = actual_text(target, kind, rng)
                out.writerow([code, name, level1, level2, label, target, value, tier, "", "", ""])
                rows += 1
    return rows


def _progress(total: int, label: str):  # type: ignore[no-untyped-def]
    """A rich progress bar on a terminal; otherwise nothing."""
    if not sys.stderr.isatty():
        return None
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    progress = Progress(
        f"[bold]{label}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        transient=True,
    )
    progress.start()
    progress.add_task(label, total=total)
    return progress


def _peak_mb() -> float:
    # ru_maxrss is in kilobytes on Linux.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# ---- the two measured paths --------------------------------------------------------------


def run_perfgoals(path: Path, projects: int, seed: int) -> dict[str, object]:
    from perfgoals.actuals.csv_table import iter_actuals_csv
    from perfgoals.language.model import Indicator, Project, level1_of, level2_of
    from perfgoals.language.values import parse_value
    from perfgoals.scoring import score_project
    from perfgoals.scoring.policies import load_policy
    from perfgoals.scoring.results import Status

    policy = load_policy("central")
    forms = [
        Project(
            name=f"shape {n}",
            indicators=tuple(
                Indicator(
                    level1=level1_of(l1),
                    level2=level2_of(l2),
                    name=label,
                    target=parse_value(target),
                )
                for l1, l2, label, target, _ in shape
            ),
        )
        for n, shape in enumerate(shapes(seed))
    ]
    cache: dict = {}  # type: ignore[type-arg]
    problems: list = []  # type: ignore[type-arg]
    statuses: Counter[Status] = Counter()
    status_of = operator.attrgetter("status")
    total = Decimal(0)
    indicators = 0
    progress = _progress(projects, "perfgoals")
    start = time.perf_counter()
    for done, actuals in enumerate(iter_actuals_csv(path), start=1):
        number = int(actuals.code[1:])  # type: ignore[index]
        project = forms[number % SHAPES].model_copy(
            update={"name": actuals.project, "code": actuals.code}
        )
        result = score_project(project, actuals, policy, 2023, cache, problems)
        total += result.score
        statuses.update(map(status_of, result.indicators))
        indicators += len(result.indicators)
        if progress is not None and done % 1000 == 0:
            progress.update(progress.task_ids[0], completed=done)
    seconds = time.perf_counter() - start
    if progress is not None:
        progress.stop()
    assert statuses[Status.ERROR] == 0 and not problems, (statuses, problems[:3])
    return {
        "seconds": seconds,
        "indicators": indicators,
        "projects": done,
        "mean_score": str((total / done).quantize(Decimal("0.01"))),
        "statuses": {status.value: n for status, n in statuses.items()},
        "peak_mb": _peak_mb(),
    }


_VALUE = re.compile(r"^\s*(≥|≤)?\s*([\d.]+)\s*(万元|元|%|.*)?")


def _number(text: str) -> tuple[str | None, Decimal]:
    m = _VALUE.match(text)
    assert m is not None, text
    scale = Decimal(10_000) if m.group(3) and m.group(3).startswith("万") else Decimal(1)
    return m.group(1), Decimal(m.group(2)) * scale


def run_baseline(path: Path, projects: int) -> dict[str, object]:
    """Read the same CSV; positive and reverse formulas only, equal weights, Decimal."""
    weight = Decimal(10)
    one = Decimal(1)
    total = Decimal(0)
    indicators = 0
    progress = _progress(projects, "baseline")
    start = time.perf_counter()
    with path.open(encoding="utf-8", newline="") as f:
        rows = csv.reader(f)
        next(rows)
        done = 0
        for row in rows:
            if not row[4]:
                done += 1
                if progress is not None and done % 1000 == 0:
                    progress.update(progress.task_ids[0], completed=done)
                continue
            indicators += 1
            if not row[6]:
                continue  # a tier: not a formula
            op, target = _number(row[5])
            _, actual = _number(row[6])
            if op == "≤" or row[3] == "成本":
                points = weight if actual <= target else target / actual * weight
            else:
                points = min(actual / target, one) * weight
            total += points
    seconds = time.perf_counter() - start
    if progress is not None:
        progress.stop()
    return {"seconds": seconds, "indicators": indicators, "projects": done, "peak_mb": _peak_mb()}


# ---- orchestration -----------------------------------------------------------------------


def child(phase: str, path: Path, projects: int, seed: int) -> dict[str, object]:
    out = subprocess.run(
        [
            sys.executable,
            __file__,
            "--phase",
            phase,
            "--csv",
            str(path),
            "--projects",
            str(projects),
            "--seed",
            str(seed),
        ],
        check=True,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    return json.loads(out.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def best(runs: list[dict[str, object]]) -> dict[str, object]:
    """The fastest run, with the highest peak memory of all."""
    fastest = min(runs, key=lambda r: float(r["seconds"]))  # type: ignore[arg-type]
    return {**fastest, "peak_mb": max(float(r["peak_mb"]) for r in runs)}  # type: ignore[arg-type]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0, help="1.0 = 100,000 projects")
    parser.add_argument("--seed", type=int, default=2023)
    parser.add_argument("--dir", type=Path, help="where to write the CSV (default: a temp dir)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each; the best counts")
    parser.add_argument("--phase", choices=["perfgoals", "baseline"], help=argparse.SUPPRESS)
    parser.add_argument("--csv", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--projects", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.phase:
        if args.phase == "perfgoals":
            report = run_perfgoals(args.csv, args.projects, args.seed)
        else:
            report = run_baseline(args.csv, args.projects)
        print(json.dumps(report, ensure_ascii=False))
        return
    projects = max(1, round(PROJECTS * args.scale))
    with tempfile.TemporaryDirectory(dir=args.dir) as folder:
        path = Path(folder) / "province-actuals.csv"
        start = time.perf_counter()
        rows = write_csv(path, projects, args.seed)
        size = path.stat().st_size / 2**20
        print(
            f"wrote {projects:,} projects, {rows:,} indicators, {size:,.0f} MiB "
            f"in {time.perf_counter() - start:.1f} s",
            file=sys.stderr,
        )
        runs: dict[str, list[dict[str, object]]] = {"baseline": [], "perfgoals": []}
        for _ in range(max(1, args.repeat)):
            for phase, done in runs.items():
                done.append(child(phase, path, projects, args.seed))
        base, ours = (best(runs["baseline"]), best(runs["perfgoals"]))
    for name, r in (("baseline", base), ("perfgoals", ours)):
        rate = int(r["indicators"]) / float(r["seconds"])  # type: ignore[arg-type]
        print(
            f"{name:10} {r['indicators']:>10,} indicators {float(r['seconds']):8.1f} s "  # type: ignore[arg-type]
            f"{rate:>12,.0f} /s   peak {float(r['peak_mb']):7.0f} MB"
        )  # type: ignore[arg-type]
    ratio = float(ours["seconds"]) / float(base["seconds"])  # type: ignore[arg-type]
    print(
        f"ratio perfgoals / baseline: {ratio:.2f}× (target ≤ 3×); "
        f"peak memory {float(ours['peak_mb']):.0f} MB (target < 1024 MB)"
    )  # type: ignore[arg-type]
    print(f"mean project score {ours['mean_score']}; statuses {ours['statuses']}")


if __name__ == "__main__":
    main()
