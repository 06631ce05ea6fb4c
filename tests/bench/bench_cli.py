"""Benchmark: the `perfgoals score` command as a user runs it, on province-like files.

    python tests/bench/bench_cli.py                        # 10k and 100k indicators
    python tests/bench/bench_cli.py --sizes 10k,100k,1m,1.5m

For each size it writes a ruleset (`.perf`, one project per block, in the canonical layout that
`perfgoals fmt` and `perfgoals import` write) and a CSV of actual values, then times, each as a
process of its own with its peak resident memory:

- `perfgoals score RULESET ACTUALS --format csv|json|table -o FILE`;
- a plain-Python scorer of the same rules on the same two files (below): it reads the ruleset
  line by line with regular expressions, the CSV with the csv module, scores in Decimal and
  writes a CSV of results. It is what a careful analyst would write for this one layout, and
  the fair yardstick for "what could a user pick instead";
- the same work in polars, when polars is installed (`pip install polars`), with exact
  decimals (Decimal columns).

The data are varied as real tables are: each project has its own indicator names and targets,
values are drawn per indicator (money in 万元 and 元, percentages, counts with measure words,
deadlines, qualitative targets scored by tier), so no cache of perfgoals' hits by accident.

Targets (issue: province scale): the command within 4× of the plain scorer at 1.5 M
indicators, peak memory below 1 GB.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

NAMES = {
    ("产出", "数量"): ["放映场次", "补助人数", "印制资料", "购置设备", "培训人次", "巡查次数"],
    ("产出", "质量"): ["验收合格率", "稿件质量", "发放准确率", "设备完好率"],
    ("产出", "时效"): ["完成时间", "资金拨付时间", "项目完成时限"],
    ("产出", "成本"): ["补助成本", "设备购置费", "印制经费", "运行维护费"],
    ("效益", "社会效益"): ["社会影响力", "群众受益面", "重点工作完成率"],
    ("效益", "可持续影响"): ["长效机制", "持续发挥作用"],
    ("满意度", "服务对象满意度"): ["群众满意度", "服务对象满意度"],
}
UNITS = ["场", "人", "份", "台", "人次", "次"]
HEADER = ["项目编码", "项目名称", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值"]
HEADER += ["评价等级", "全年预算数（万元）", "全年执行数（万元）", "偏差原因分析及改进措施"]


def indicator(level: tuple[str, str], rng: random.Random) -> tuple[str, str, str]:
    """(target, actual, tier) drawn for one indicator of this level."""
    _level1, level2 = level
    factor = Decimal(rng.choice([100, 100, 100, 98, 95, 90, 80, 105, 110, 135])) / 100
    if level2 == "数量":
        n = rng.randint(2, 5000)
        unit = rng.choice(UNITS)
        op = rng.choice(["", "≥"])
        return f"{op}{n} {unit}", f"{int(n * factor)}{unit}", ""
    if level2 in ("质量", "满意度") or level2 == "服务对象满意度":
        t = rng.choice([85, 90, 95, 98, 100])
        a = min(Decimal(t) * factor, Decimal(100)).quantize(Decimal("0.1"))
        return f"≥{t}%", f"{a.normalize():f}%", ""
    if level2 == "时效":
        month = rng.randint(3, 12)
        late = rng.choice([0, 0, 0, 0, 15, 40])
        day = min(28, 10 + late) if late else 20
        actual_month = month if late < 20 else min(12, month + 1)
        return f"{month}月底前", f"2023-{actual_month:02d}-{day:02d}", ""
    if level2 == "成本":
        if rng.random() < 0.5:
            t = Decimal(rng.randint(100, 90000)) / 100
            return f"≤{t:f}万元", f"{(t * factor).quantize(Decimal('0.01')):f}万元", ""
        t = Decimal(rng.randint(1000, 900000))
        return f"≤{t:f}元", f"{(t * factor).quantize(Decimal('1')):f}元", ""
    if level2 == "社会效益" and rng.random() < 0.5:
        return "≥98%", f"{rng.choice([96, 98, 99, 100])}%", ""
    return "长期", "", rng.choice(["达成", "达成", "达成", "部分达成", "未达成"])


def generate(folder: Path, indicators: int, seed: int) -> tuple[Path, Path, int]:
    """A ruleset and its actuals with about `indicators` indicators; returns the real count."""
    rng = random.Random(seed)
    ruleset = folder / "province.perf"
    actuals = folder / "province.csv"
    written = 0
    levels = list(NAMES)
    with (
        ruleset.open("w", encoding="utf-8") as rules,
        actuals.open("w", encoding="utf-8", newline="") as table,
    ):
        writer = csv.writer(table)
        writer.writerow(HEADER)
        rules.write('ruleset "全省项目" {\n  year 2023\n  policy "central"\n}\n')
        p = 0
        while written < indicators:
            p += 1
            code, name = f"P{p:06d}", f"项目{p}"
            budget = Decimal(rng.randint(100, 500000)) / 100
            executed = (budget * Decimal(rng.choice([100, 99, 95, 85, 70])) / 100).quantize(
                Decimal("0.0001")
            )
            rules.write(f'\nproject "{name}" {{\n  code "{code}"\n  budget {budget:f}万元\n')
            writer.writerow(
                [code, name, "", "", "", "", "", "", f"{budget:f}", f"{executed:f}", ""]
            )
            size = rng.randint(10, 20)
            chosen = levels[:] + [rng.choice(levels) for _ in range(size - len(levels))]
            chosen.sort(key=levels.index)
            current = None
            for k, level in enumerate(chosen):
                target, actual, tier = indicator(level, rng)
                label = f"{rng.choice(NAMES[level])}{p}-{k}"
                if level[0] != current:
                    if current is not None:
                        rules.write("  }\n")
                    rules.write(f"  {level[0]} {{\n")
                    current = level[0]
                rules.write(f'    {level[1]} "{label}" "{target}"\n')
                levels_written = [level[0] + "指标", level[1] + "指标"]
                writer.writerow(
                    [code, name, *levels_written, label, target, actual, tier, "", "", ""]
                )
                written += 1
            rules.write("  }\n}\n")
    return ruleset, actuals, written


SCORERS = Path(__file__).resolve().parent


def run(cmd: list[str], env: dict[str, str] | None = None) -> tuple[float, float, int]:
    """(seconds, peak RSS in MB, exit code) of a command run as a process of its own."""
    probe = [sys.executable, "-c", _PROBE, *cmd]
    start = time.perf_counter()
    done = subprocess.run(probe, capture_output=True, text=True, env=env)
    seconds = time.perf_counter() - start
    lines = done.stdout.strip().splitlines()
    if done.returncode != 0 or not lines:
        sys.stderr.write(done.stderr[-2000:])
        return seconds, float("nan"), done.returncode
    code, rss = lines[-1].split()
    return seconds, float(rss), int(code)


# Runs the command as a child and reports its exit code and its peak RSS (ru_maxrss, in KB).
_PROBE = (
    "import resource, subprocess, sys\n"
    "code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL).returncode\n"
    "print(code, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)\n"
)


def size_of(text: str) -> int:
    text = text.strip().lower()
    for suffix, factor in (("m", 1_000_000), ("k", 1_000)):
        if text.endswith(suffix):
            return int(float(text[: -len(suffix)]) * factor)
    return int(text)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="10k,100k", help="indicator counts, e.g. 10k,1.5m")
    parser.add_argument("--seed", type=int, default=2023)
    parser.add_argument("--formats", default="csv,json,table")
    args = parser.parse_args()
    try:
        import polars  # noqa: F401
    except ImportError:
        has_polars = False
        print("polars is not installed: its column is skipped (pip install polars)")
    else:
        has_polars = True
    perfgoals = [sys.executable, "-m", "perfgoals"]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    for size in (size_of(s) for s in args.sizes.split(",")):
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            ruleset, actuals, count = generate(folder, size, args.seed)
            mb = (ruleset.stat().st_size + actuals.stat().st_size) / 1e6
            print(f"\n{count:,} indicators ({mb:.0f} MB of input)")
            plain = SCORERS / "plain_scorer.py"
            base, base_rss, _ = run(
                [sys.executable, str(plain), str(ruleset), str(actuals), str(folder / "p.csv")]
            )
            print(f"  plain Python scorer        {base:8.2f} s  {base_rss:7.0f} MB  (baseline)")
            if has_polars:
                script = SCORERS / "polars_scorer.py"
                t, rss, _ = run(
                    [sys.executable, str(script), str(ruleset), str(actuals), str(folder / "x.csv")]
                )
                print(f"  polars (Decimal columns)   {t:8.2f} s  {rss:7.0f} MB  {t / base:5.2f}x")
            for fmt in args.formats.split(","):
                out = folder / f"out.{fmt}"
                cmd = [*perfgoals, "score", str(ruleset), str(actuals), "--format", fmt, "-o"]
                t, rss, code = run([*cmd, str(out)], env)
                print(
                    f"  perfgoals score --format {fmt:5s} {t:8.2f} s  {rss:7.0f} MB  "
                    f"{t / base:5.2f}x  (exit {code}; target 4x, 1 GB)"
                )


if __name__ == "__main__":
    main()
