"""Mutation test: clean generated rulesets have no findings; one injected defect fires exactly
its own rule, at the line where it was injected."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from perfgoals.checks import check_text, select_rules
from perfgoals.checks.config import Config
from tests.conftest import examples

YEAR = 2023


@dataclass
class Line:
    text: str
    role: str  # header, project, quantity, quality, timeliness, cost, benefit, satisfaction, …
    project: int
    number: int = 0  # the quantity's count, the satisfaction's percent
    amount: Decimal = Decimal(0)  # a cost target in 万元


@st.composite
def clean_rulesets(draw: st.DrawFn) -> list[Line]:
    lines = [
        Line("ruleset {", "header", -1),
        Line(f"  year {YEAR}", "header", -1),
        Line("}", "header", -1),
    ]
    for p in range(draw(st.integers(1, 3))):
        costs = draw(st.lists(st.decimals("0.1", "50", places=2), min_size=1, max_size=3))
        lines.append(Line(f'project "项目{p}" {{', "project", p))
        lines.append(Line(f"  budget {sum(costs) + draw(st.integers(0, 5))}万元", "budget", p))
        lines.append(Line("  产出 {", "open", p))
        for q in range(draw(st.integers(1, 3))):
            n = draw(st.integers(2, 999))
            lines.append(
                Line(
                    f'    数量 "数量{p}-{q}" "≥{n} 场" desc "全年完成不少于 {n} 场"',
                    "quantity",
                    p,
                    number=n,
                )
            )
        pct = draw(st.integers(80, 99))
        lines.append(Line(f'    质量 "合格率{p}" ≥{pct}%', "quality", p, number=pct))
        month = draw(st.integers(1, 12))
        lines.append(Line(f'    时效 "完成时间{p}" "{YEAR} 年 {month} 月底前"', "timeliness", p))
        for c, amount in enumerate(costs):
            lines.append(Line(f'    成本 "成本{p}-{c}" "≤{amount} 万元"', "cost", p, amount=amount))
        lines.append(Line("  }", "close", p))
        lines.append(Line("  效益 {", "open", p))
        lines.append(Line(f'    社会效益 "社会影响{p}" 长期', "benefit", p))
        lines.append(Line("  }", "close", p))
        lines.append(Line("  满意度 {", "satisfaction-open", p))
        sat = draw(st.integers(80, 99))
        lines.append(Line(f'    服务对象满意度 "满意度{p}" ≥{sat}%', "satisfaction", p, number=sat))
        lines.append(Line("  }", "satisfaction-close", p))
        lines.append(Line("}", "end", p))
    return lines


def render(lines: list[Line]) -> str:
    return "\n".join(line.text for line in lines) + "\n"


def findings(source: str) -> list[tuple[str, int]]:
    result = check_text(source, "gen.perf", select_rules(Config()))
    return [(f.code, f.line) for f in result.findings]


# An injector changes one line of a clean ruleset (or inserts or removes lines) and returns the
# code that must fire and the 1-based line where it must fire.
Injector = Callable[[list[Line], int], tuple[str, int]]


def _pick(lines: list[Line], role: str, project: int) -> int:
    return next(i for i, line in enumerate(lines) if line.role == role and line.project == project)


def _replace(old: str, new: str, role: str, code: str) -> Injector:
    def inject(lines: list[Line], project: int) -> tuple[str, int]:
        i = _pick(lines, role, project)
        assert old in lines[i].text
        lines[i].text = lines[i].text.replace(old, new, 1)
        return code, i + 1

    return inject


def _quantity_desc_at_most(lines: list[Line], project: int) -> tuple[str, int]:
    i = _pick(lines, "quantity", project)
    lines[i].text = lines[i].text.replace("不少于", "不超过")
    return "V001", i + 1


def _quantity_desc_other_number(lines: list[Line], project: int) -> tuple[str, int]:
    i = _pick(lines, "quantity", project)
    n = lines[i].number
    lines[i].text = lines[i].text.replace(f"不少于 {n} 场", f"{n + 1} 场")
    return "T001", i + 1


def _quantity_at_most(lines: list[Line], project: int) -> tuple[str, int]:
    i = _pick(lines, "quantity", project)
    lines[i].text = (
        lines[i].text.replace('"≥', '"≤', 1).replace(' desc "全年完成不少于', ' desc "全年完成')
    )
    return "V008", i + 1


def _quantity_qualitative(lines: list[Line], project: int) -> tuple[str, int]:
    i = _pick(lines, "quantity", project)
    name = lines[i].text.split('"')[1]
    lines[i].text = f'    数量 "{name}" 若干'
    return "V006", i + 1


def _duplicate_quantity(lines: list[Line], project: int) -> tuple[str, int]:
    i = _pick(lines, "quantity", project)
    lines.insert(i + 1, Line(lines[i].text, "quantity-copy", project))
    return "H004", i + 2


def _misplaced_satisfaction(lines: list[Line], project: int) -> tuple[str, int]:
    i = _pick(lines, "benefit", project)
    lines.insert(i + 1, Line('    服务对象满意度 "错放的满意度" ≥90%', "misplaced", project))
    return "H003", i + 2


def _no_satisfaction(lines: list[Line], project: int) -> tuple[str, int]:
    start = _pick(lines, "satisfaction-open", project)
    del lines[start : start + 3]
    return "H001", _pick(lines, "project", project) + 1


def _budget_too_small(lines: list[Line], project: int) -> tuple[str, int]:
    i = _pick(lines, "budget", project)
    total = sum(line.amount for line in lines if line.role == "cost" and line.project == project)
    lines[i].text = f"  budget {total - Decimal('0.01')}万元"
    return "M001", _pick(lines, "project", project) + 1


def _last_year(lines: list[Line], project: int) -> tuple[str, int]:
    i = _pick(lines, "timeliness", project)
    lines[i].text = lines[i].text.replace(f"{YEAR} 年", f"{YEAR - 1} 年")
    return "D001", i + 1


INJECTORS: dict[str, Injector] = {
    "cost at least": _replace('"≤', '"≥', "cost", "V002"),
    "cost in percent": _replace("万元", "%", "cost", "V003"),
    "cost without unit": _replace(" 万元", "", "cost", "U003"),
    "cost in 万": _replace("万元", "万", "cost", "U004"),
    "quality at least 100%": _replace("≥", "≥1", "quality", "V005"),
    "satisfaction bare": _replace("%", "", "satisfaction", "U002"),
    "satisfaction in words": _replace("≥", "很满意", "satisfaction", "V007"),
    "quantity typed 分": _replace(' 场"', ' 分"', "quantity", "U005"),
    "description says at most": _quantity_desc_at_most,
    "description another number": _quantity_desc_other_number,
    "quantity at most": _quantity_at_most,
    "quantity qualitative": _quantity_qualitative,
    "duplicate quantity": _duplicate_quantity,
    "satisfaction under benefit": _misplaced_satisfaction,
    "no satisfaction": _no_satisfaction,
    "budget too small": _budget_too_small,
    "deadline last year": _last_year,
}


@settings(max_examples=examples(40), deadline=None)
@given(clean_rulesets())
def test_generated_rulesets_are_clean(lines: list[Line]) -> None:
    assert findings(render(lines)) == []


@settings(max_examples=examples(150), deadline=None)
@given(clean_rulesets(), st.sampled_from(sorted(INJECTORS)), st.data())
def test_one_defect_fires_its_rule(lines: list[Line], defect: str, data: st.DataObject) -> None:
    projects = max(line.project for line in lines) + 1
    project = data.draw(st.integers(0, projects - 1), label="project")
    code, line = INJECTORS[defect](lines, project)
    assert findings(render(lines)) == [(code, line)], render(lines)
