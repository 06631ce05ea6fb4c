"""Benchmark: parsing a large ruleset into the validated model, against json.loads + validation.

    python tests/bench/bench_parse.py [--projects 5000] [--repeat 3]

Both paths produce the same validated Ruleset from the same content; the ratio (DSL time ÷ JSON
time) is what to watch. Target: within 10×.
"""

from __future__ import annotations

import argparse
import json
import random
import time
from collections.abc import Callable

from perfgoals.language.export import ruleset_json
from perfgoals.language.model import Ruleset
from perfgoals.language.parser import parse_ruleset

LEVELS = [
    ("产出", ["数量", "质量", "时效", "成本"]),
    ("效益", ["社会效益", "经济效益", "可持续影响"]),
    ("满意度", ["服务对象满意度"]),
]
TARGETS = {
    "数量": ["888 场", "≥{n}次", "{n} 名", "{n}个"],
    "质量": ["100%", "≥98%", "≥{p}%"],
    "时效": ["100%", "6月底前", "≤6 个月", "2023 年底完成"],
    "成本": ["≤{m} 万元", "{m}万元", "≤{n} 元/人"],
    "社会效益": ["长期", "达到长期效果", "≥{p}%"],
    "经济效益": ["≥{m}万元", "良"],
    "可持续影响": ["长期", "持续发挥作用"],
    "服务对象满意度": ["≥90%", "≥95%", "≥{p}%"],
}


def generate(projects: int, seed: int = 7) -> str:
    """A ruleset of the seed's shape: ~8 indicators a project, real-looking texts."""
    rng = random.Random(seed)
    out = ['ruleset "基准测试" {\n  department "某区财政局"\n  year 2023\n  currency 万元\n}\n']
    for p in range(projects):
        out.append(f'\nproject "项目{p:05d} 公共服务专项经费" {{\n  code "{p}"\n')
        out.append(f"  budget {rng.randint(1, 900)}.{rng.randint(0, 99):02d}万元\n")
        out.append('  goal "保障各项工作有序开展，提高财政资金使用效益。"\n')
        for level1, kinds in LEVELS:
            out.append(f"  {level1} {{\n")
            for kind in kinds:
                pattern = rng.choice(TARGETS[kind])
                target = pattern.format(
                    n=rng.randint(1, 999), p=rng.randint(80, 99), m=rng.randint(1, 99) / 4
                )
                out.append(f'    {kind} "{kind}指标{rng.randint(1, 99)}" "{target}"\n')
                out.append('      desc "按照上级要求，及时完成全年的工作任务，确保资金安全。"\n')
                out.append('      basis "邢开办呈【2020】17 号"\n')
            out.append("  }\n")
        out.append("}\n")
    return "".join(out)


def best_of(repeat: int, func: Callable[[], object]) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--projects", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    source = generate(args.projects)
    model = parse_ruleset(source)
    exported = ruleset_json(model)
    assert Ruleset.model_validate(json.loads(exported)) == model
    indicators = sum(len(p.indicators) for p in model.projects)
    print(
        f"ruleset: {args.projects} projects, {indicators} indicators, "
        f"DSL {len(source.encode()) / 1e6:.1f} MB, JSON {len(exported.encode()) / 1e6:.1f} MB"
    )

    # The export carries source spans; a JSON without them is the harder baseline.
    lean = json.dumps(_without_spans(json.loads(exported)), ensure_ascii=False)

    dsl = best_of(args.repeat, lambda: parse_ruleset(source))
    js = best_of(args.repeat, lambda: Ruleset.model_validate(json.loads(exported)))
    lean_js = best_of(args.repeat, lambda: Ruleset.model_validate(json.loads(lean)))
    print(f"DSL parse + validate:            {dsl:8.3f} s  ({indicators / dsl:,.0f} indicators/s)")
    print(f"json.loads + validate (export):  {js:8.3f} s  ({indicators / js:,.0f} indicators/s)")
    print(f"json.loads + validate (no spans):{lean_js:8.3f} s  ({len(lean.encode()) / 1e6:.1f} MB)")
    print(f"ratio DSL / JSON export:         {dsl / js:8.2f}x  (target: within 10x)")
    print(f"ratio DSL / JSON without spans:  {dsl / lean_js:8.2f}x")


def _without_spans(data: object) -> object:
    if isinstance(data, dict):
        return {k: _without_spans(v) for k, v in data.items() if k not in ("span", "target_span")}
    if isinstance(data, list):
        return [_without_spans(v) for v in data]
    return data


if __name__ == "__main__":
    main()
