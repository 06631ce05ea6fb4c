"""Benchmark of `perfgoals check`, with its baselines measured in the same run.

    PYTHONPATH=. python tests/bench/bench_check.py [--files 1000]

(Start-up, against the floor of the libraries it is built on, is bench_startup.py's.)

1. One large file: a generated ruleset of 10,000 projects (100,000 indicators) in one file,
   `perfgoals check` as a process against a process that reads the same ruleset's JSON export
   with json + pydantic (`Ruleset.model_validate(json.loads(...))`): what a tool that kept its
   rulesets as JSON would pay to load them, the floor for a checker of this model. Target: 2×.
2. Province scale: a folder of generated rulesets, 100 indicators each (1,000 files: 100,000
   indicators), checked from the command line for the first 250, 500 and 1,000 files (one
   process; the time should grow linearly), and for all files with one process per CPU.

Prints figures and ratios; asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ENV = {**os.environ, "PYTHONPATH": str(ROOT)}


def wall(command: list[str], runs: int) -> float:
    """Median wall time of a command, after one unmeasured warm-up run."""
    subprocess.run(command, env=ENV, capture_output=True, check=False)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, env=ENV, capture_output=True, check=False)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def project(file: int, number: int) -> str:
    """A project of 10 indicators; every seventh has a cost written 'at least' (a finding)."""
    p = f"{file}-{number}"
    op = "≥" if (file * 10 + number) % 7 == 0 else "≤"
    return f'''project "区直部门专项经费{p}" {{
  code "{p}"
  budget 60万元
  goal "完成年度各项工作任务，保障单位正常运转。"
  产出 {{
    数量 "开展培训次数{p}" "≥{number + 2} 次" desc "全年开展不少于 {number + 2} 次业务培训"
    数量 "印制宣传资料{p}" "≥3000 份" desc "印制宣传资料、应知应会手册"
    数量 "购置设备{p}" "4 台" desc "购置办公设备 4 台"
    质量 "验收合格率{p}" 100% desc "上级验收合格率达 100%"
    质量 "资料发放覆盖率{p}" ≥95%
    时效 "完成时间{p}" "2023 年 12 月底前" desc "2023 年 12 月底前全部完成"
    成本 "培训费用{p}" "{op}20 万元" desc "不超过 20 万元"
    成本 "设备购置费用{p}" "≤8 万元/台" desc "每台不超过 8 万元"
  }}
  效益 {{
    社会效益 "社会影响力{p}" 长期 desc "提高干部群众的业务能力和满意度"
  }}
  满意度 {{
    服务对象满意度 "服务对象满意度{p}" ≥95% desc "服务对象满意度达 95%以上"
  }}
}}
'''


def generate(folder: Path, files: int) -> None:
    for f in range(files):
        body = "".join(project(f, n) for n in range(10))
        header = (
            f'ruleset "县级部门{f} 2023 年项目绩效目标" {{\n  year 2023\n  currency 万元\n}}\n\n'
        )
        (folder / f"dept-{f:04d}.perf").write_text(header + body, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    python = sys.executable

    with tempfile.TemporaryDirectory() as tmp:
        one_large_file(python, Path(tmp), args.files * 10)
        folder = Path(tmp) / "all"
        folder.mkdir()
        generate(folder, args.files)
        paths = sorted(folder.glob("*.perf"))
        print(f"\nprovince scale: {len(paths)} files, {len(paths) * 100:,} indicators")
        print("  `perfgoals check --format json FOLDER`, a fresh process each run, best of two:")
        per_file = []
        for n in sorted({args.files // 4, args.files // 2, args.files}):
            subset = Path(tmp) / f"first-{n}"
            subset.mkdir()
            for path in paths[:n]:
                (subset / path.name).symlink_to(path)
            seconds, code = min(cli(python, subset, 1) for _ in range(2))
            per_file.append(seconds / n)
            print(
                f"  {n:5d} files {n * 100:8,d} indicators {seconds:7.2f} s "
                f"{n * 100 / seconds:8,.0f} indicators/s {seconds / n * 1000:6.1f} ms/file "
                f"(exit {code})"
            )
        print(
            f"  time per file, largest run / smallest run: {per_file[-1] / per_file[0]:.2f} "
            "(1.00 = linear; start-up is spread over fewer files in the smallest run)"
        )
        seconds, code = cli(python, folder, 0)
        print(
            f"  {len(paths):5d} files with -j 0 ({os.cpu_count()} processes): {seconds:7.2f} s "
            f"{len(paths) * 100 / seconds:8,.0f} indicators/s (exit {code})"
        )


def one_large_file(python: str, tmp: Path, projects: int) -> None:
    big = tmp / "province.perf"
    big.write_text("".join(project(0, n) for n in range(projects)), encoding="utf-8")
    exported = tmp / "province.json"
    done = subprocess.run(
        [python, "-m", "perfgoals", "export", str(big), "-o", str(exported)],
        env=ENV,
        capture_output=True,
        check=False,
    )
    if done.returncode != 0:
        print(f"one large file: export failed: {done.stderr.decode()[-500:]}")
        return
    load = (
        "import json, sys\n"
        "from perfgoals.language.model import Ruleset\n"
        "Ruleset.model_validate(json.loads(open(sys.argv[1], encoding='utf-8').read()))\n"
    )
    runs = 3
    baseline = wall([python, "-c", load, str(exported)], runs)
    check = wall([python, "-m", "perfgoals", "check", "--format", "json", str(big)], runs)
    print(
        f"\none large file: {projects:,} projects, {projects * 10:,} indicators, median of {runs}"
    )
    print(f"  json.loads + Ruleset.model_validate of its export {baseline:7.2f} s")
    print(f"  perfgoals check --format json FILE                {check:7.2f} s")
    print(
        f"  ratio                                             {check / baseline:7.2f}x (target 2x)"
    )


def cli(python: str, folder: Path, jobs: int) -> tuple[float, int]:
    command = [python, "-m", "perfgoals", "check", "-j", str(jobs), "--format", "json", str(folder)]
    start = time.perf_counter()
    done = subprocess.run(command, env=ENV, capture_output=True, check=False)
    return time.perf_counter() - start, done.returncode


if __name__ == "__main__":
    main()
