"""`perfgoals check --fix`: every fix's before/after cases, and a fix never changes a number.

Cases live in tests/data/fixes/<CODE>.txt: `=== safe | title` (applied by --fix), `=== unsafe`
(only with --unsafe-fixes) or `=== none` (no fix offered), the source, `--- after`, the result.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import example, given, settings
from hypothesis import strategies as st

from perfgoals.checks import check_text, select_rules
from perfgoals.checks.config import Config
from perfgoals.checks.runner import fix_text
from perfgoals.cli import main
from perfgoals.language.parser import parse_ruleset
from tests.conftest import examples

CASES = Path(__file__).resolve().parent.parent / "data" / "fixes"
_HEADER = re.compile(r"=== (?P<kind>safe|unsafe|none) \| (?P<title>.+)")


@dataclass(frozen=True)
class Case:
    code: str
    kind: str
    title: str
    before: str
    after: str


def _read(path: Path) -> list[Case]:
    cases: list[Case] = []
    for block in re.split(r"(?m)^(?==== )", path.read_text(encoding="utf-8")):
        if not block.startswith("==="):
            continue
        head, _, body = block.partition("\n")
        header = _HEADER.fullmatch(head)
        assert header, f"{path}: bad case header {head!r}"
        before, _, after = body.partition("--- after\n")
        assert after, f"{path}: {head}: no `--- after` part"
        cases.append(Case(path.stem, header["kind"], header["title"], before, after))
    return cases


ALL_CASES = [case for path in sorted(CASES.glob("*.txt")) for case in _read(path)]


def fixed(text: str, codes: list[str], unsafe: bool) -> str:
    return fix_text(text, "case.perf", select_rules(Config(), codes), unsafe=unsafe)[0]


def test_every_rule_with_a_fix_has_cases() -> None:
    assert {c.code for c in ALL_CASES} == {"U002", "U004", "V005", "V012"}


@pytest.mark.parametrize("case", ALL_CASES, ids=lambda c: f"{c.code}-{c.title}")
def test_fix_case(case: Case) -> None:
    safe_only = fixed(case.before, [case.code], unsafe=False)
    with_unsafe = fixed(case.before, [case.code], unsafe=True)
    if case.kind == "safe":
        assert safe_only == case.after
    else:
        assert safe_only == case.before  # nothing changes without --unsafe-fixes
    assert with_unsafe == case.after
    if case.kind != "none":
        left = check_text(case.after, "case.perf", select_rules(Config(), [case.code]))
        assert [f.render() for f in left.findings] == []


# ---- a fix never changes a number's value -------------------------------------------------

COMPARATORS = ["", "≥", "≤", "＞＝", "＜＝", "≧", "≦", "＞", "＜", "＝", ">=", "<="]
INDICATORS = [
    ("产出", "成本", "项目成本", ["万", "亿", "万元", "元", "万/人"]),
    ("产出", "质量", "验收通过率", ["", "%"]),
    ("满意度", "服务对象满意度", "群众满意度", ["", "%"]),
    ("产出", "数量", "场次", ["场", "个"]),
]


@st.composite
def defective_rulesets(draw: st.DrawFn) -> str:
    lines = ['project "P" {']
    for level1, level2, name, units in draw(
        st.lists(st.sampled_from(INDICATORS), min_size=1, max_size=6)
    ):
        number = draw(st.decimals(0, 200, places=draw(st.integers(0, 2))))
        op = draw(st.sampled_from(COMPARATORS))
        unit = draw(st.sampled_from(units))
        space = draw(st.sampled_from(["", " "]))
        target = f"{op}{space}{number}{space}{unit}"
        if space or draw(st.booleans()):
            target = f'"{target}"'
        lines.append(f'  {level1} {{ {level2} "{name}" {target} }}')
    lines.append("}")
    return "\n".join(lines) + "\n"


def _values(text: str) -> list[tuple[str, Decimal | None, Decimal | None, Decimal | None]]:
    out = []
    for indicator in parse_ruleset(text).projects[0].indicators:
        target = indicator.target
        out.append(
            (
                indicator.name,
                getattr(target, "value", None),
                getattr(target, "low", None),
                getattr(target, "high", None),
            )
        )
    return out


@given(source=defective_rulesets())
@example(source='project "P" {\n  产出 { 成本 "项目成本" ≤10万 }\n}\n')
@example(source='project "P" {\n  满意度 { 服务对象满意度 "群众满意度" "＞＝ 90" }\n}\n')
@example(source='project "P" {\n  产出 { 质量 "验收通过率" ≥100% }\n}\n')
@settings(max_examples=examples(100), deadline=None)
def test_fixed_output_parses_to_the_same_values(source: str) -> None:
    after = fixed(source, ["ALL"], unsafe=True)
    assert _values(after) == _values(source)
    if after != source:  # and what was fixed is fixed: a second pass finds nothing to do
        assert fixed(after, ["ALL"], unsafe=True) == after


# ---- the command ---------------------------------------------------------------------------


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit)
    return result.exit_code, result.stdout, result.stderr


BEFORE = (
    'project "P" {\n'
    '  产出 { 成本 "项目成本" ≤10万 }\n'
    '  满意度 { 服务对象满意度 "满意度" ＞＝90 }\n'
    "}\n"
)


def test_fix_rewrites_the_file_and_reports_what_remains(tmp_path: Path) -> None:
    path = tmp_path / "dept.perf"
    path.write_bytes(b"\xef\xbb\xbf" + BEFORE.encode("utf-8"))
    code, out, err = run("check", str(path), "--fix", "--select", "U,V")
    assert "Fixes applied: 2 (1 findings remain)." in err
    assert "1 more fixable with --fix --unsafe-fixes." in err
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # the byte-order mark stays
    assert "≤10万元" in raw.decode("utf-8-sig") and "≥90 " in raw.decode("utf-8-sig")
    assert "U002" in out and code == 0
    run("check", str(path), "--fix", "--unsafe-fixes", "--select", "U,V")
    assert "≥90% " in path.read_text(encoding="utf-8-sig")


def test_diff_shows_the_fixes_and_changes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "dept.perf"
    path.write_text(BEFORE, encoding="utf-8")
    _, out, err = run("check", str(path), "--diff", "--select", "U,V")
    assert path.read_text(encoding="utf-8") == BEFORE
    assert f"--- {path}" in out
    assert '-  产出 { 成本 "项目成本" ≤10万 }' in out
    assert '+  产出 { 成本 "项目成本" ≤10万元 }' in out
    assert "Fixes to apply: 2." in err


def test_github_statistics_and_exit_zero(tmp_path: Path) -> None:
    path = tmp_path / "dept.perf"
    path.write_text(BEFORE.replace("≤10万", "≥100%"), encoding="utf-8")
    _, out, _ = run("check", str(path), "--output-format", "github", "--select", "U,V")
    assert (
        f"::warning file={path},line=3,col=23,endLine=3,endColumn=27,"
        "title=V012 values.full-width-comparator::comparator '＞＝' in '＞＝90' is full-width: "
        "write ≥"
    ) in out.splitlines()
    lines = out.splitlines()
    assert all(line.startswith(("::error ", "::warning ", "::notice ")) for line in lines)
    assert "%25" in out  # a literal % is escaped as the workflow commands require
    _, out, _ = run("check", str(path), "--statistics", "--select", "U,V")
    rows = [line.split("\t") for line in out.splitlines()]
    assert ["1", "V012", "[*] values.full-width-comparator"] in rows
    assert ["1", "U002", "[-] units.missing-percent"] in rows
    assert run("check", str(path), "--select", "V")[0] == 1  # V002/V003: errors
    assert run("check", str(path), "--select", "V", "--exit-zero")[0] == 0
