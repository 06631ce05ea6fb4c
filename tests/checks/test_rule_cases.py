"""Every rule's pass and fail snippets, from tests/data/checks/<CODE>.txt (one test per case)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from perfgoals.checks import REGISTRY, check_text, select_rules
from perfgoals.checks.config import Config
from perfgoals.cli.disclosure_check import check_disclosure

CASES = Path(__file__).resolve().parent.parent / "data" / "checks"
_HEADER = re.compile(r"=== (?P<kind>pass|fail)(?P<lines>(?: \d+)*) \| (?P<title>.+)")


@dataclass(frozen=True)
class Case:
    code: str
    title: str
    source: str
    lines: tuple[int, ...]
    select: tuple[str, ...]
    disclosure: bool = False  # the snippet is budget-disclosure text, not a ruleset


def _read(path: Path) -> list[Case]:
    code = path.stem
    select: tuple[str, ...] = (code,)
    disclosure = False
    cases: list[Case] = []
    header: re.Match[str] | None = None
    body: list[str] = []

    def close() -> None:
        if header is not None:
            lines = tuple(int(n) for n in header["lines"].split())
            assert (header["kind"] == "fail") == bool(lines), f"{path}: {header[0]}"
            text = "\n".join(body) + "\n"
            cases.append(Case(code, header["title"], text, lines, select, disclosure))

    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("==="):
            close()
            header = _HEADER.fullmatch(line)
            assert header, f"{path}: bad case header {line!r}"
            body = []
        elif header is None:
            if line.startswith("select:"):
                select = tuple(w.strip() for w in line[len("select:") :].split(","))
            elif line.strip() == "input: disclosure":
                disclosure = True
        else:
            body.append(line)
    close()
    return cases


ALL_CASES = [case for path in sorted(CASES.glob("*.txt")) for case in _read(path)]


def test_every_rule_has_cases() -> None:
    files = {p.stem for p in CASES.glob("*.txt")}
    assert files == {rule.code for rule in REGISTRY}
    failing = {case.code for case in ALL_CASES if case.lines}
    assert failing == {rule.code for rule in REGISTRY} - {"E002"}  # unreadable bytes: CLI test


@pytest.mark.parametrize("case", ALL_CASES, ids=lambda c: f"{c.code}-{c.title}")
def test_rule_case(case: Case, tmp_path: Path) -> None:
    if case.disclosure:
        path = tmp_path / "case.txt"
        path.write_text(case.source, encoding="utf-8")
        result = check_disclosure(path, list(case.select))
    else:
        selection = select_rules(Config(), list(case.select))
        result = check_text(case.source, "case.perf", selection)
    fired = [f.line for f in result.findings if f.code == case.code]
    if case.code == "E001":
        fired = sorted(set(fired))  # the parser may report one slip more than once on its line
    others = [f"{f.code}:{f.line} {f.message}" for f in result.findings if f.code != case.code]
    assert fired == list(case.lines), [f.render() for f in result.findings]
    assert not others


# ---- the budget rules on a .perf file that carries the tables --------------------------------
PERF_CASES = CASES / "perf"
ALL_PERF_CASES = [case for path in sorted(PERF_CASES.glob("*.txt")) for case in _read(path)]
RULES_WITHOUT_PERF_CASES = {"B012"}  # a .perf holds no extraction repairs: B012 cannot fire


def test_every_budget_rule_has_perf_cases() -> None:
    families = {rule.code for rule in REGISTRY if rule.code[0] in "BC"}
    assert {p.stem for p in PERF_CASES.glob("*.txt")} == families - RULES_WITHOUT_PERF_CASES
    failing = {case.code for case in ALL_PERF_CASES if case.lines}
    assert failing == families - RULES_WITHOUT_PERF_CASES


@pytest.mark.parametrize("case", ALL_PERF_CASES, ids=lambda c: f"perf-{c.code}-{c.title}")
def test_budget_rule_case_on_perf(case: Case) -> None:
    """The same tables as the disclosure cases, written as a 部门预算 block: the rule fires on
    the lines of the .perf file."""
    assert not case.disclosure
    selection = select_rules(Config(), list(case.select))
    result = check_text(case.source, "case.perf", selection)
    assert all(f.path == "case.perf" for f in result.findings)
    fired = [f.line for f in result.findings if f.code == case.code]
    others = [f"{f.code}:{f.line} {f.message}" for f in result.findings if f.code != case.code]
    assert fired == list(case.lines), [f.render() for f in result.findings]
    assert not others
    for finding in result.findings:  # the caret stands under the figure in the .perf line
        line = case.source.splitlines()[finding.line - 1]
        assert finding.source_line == line
