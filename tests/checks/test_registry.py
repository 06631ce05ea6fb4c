"""The rule registry: stable codes, documented rules, duplicates refused."""

from __future__ import annotations

import re

import pytest

from perfgoals.checks import REGISTRY, Severity
from perfgoals.checks.registry import FAMILIES, Registry, Rule


def _rule(code: str, name: str) -> Rule:
    return Rule(code, name, Severity.WARNING, "Summary.", "Problem: x. Fix: y.", None)


def test_duplicate_code_is_refused() -> None:
    registry = Registry()
    registry.add(_rule("V001", "values.one"))
    with pytest.raises(ValueError, match="V001 is registered twice"):
        registry.add(_rule("V001", "values.two"))


def test_duplicate_name_is_refused() -> None:
    registry = Registry()
    registry.add(_rule("V001", "values.one"))
    with pytest.raises(ValueError, match="registered twice"):
        registry.add(_rule("V002", "values.one"))


@pytest.mark.parametrize(
    ("code", "name"),
    [("V1", "values.x"), ("Q001", "values.x"), ("V001", "units.x"), ("V001", "Values.X")],
)
def test_malformed_code_or_name_is_refused(code: str, name: str) -> None:
    with pytest.raises(ValueError):
        Registry().add(_rule(code, name))


@pytest.mark.parametrize("rule", list(REGISTRY), ids=lambda r: r.code)
def test_rule_is_documented(rule: Rule) -> None:
    assert re.fullmatch(r"[A-Z]\d{3}", rule.code)
    assert rule.name.split(".")[0] == FAMILIES[rule.code[0]]
    assert rule.summary.endswith((".", "）", ")")), rule.summary
    assert "Problem" in rule.explanation and "Fix" in rule.explanation


def test_selectors() -> None:
    assert {r.code for r in REGISTRY.matching("V00")} == {f"V00{i}" for i in range(1, 10)}
    assert [r.code for r in REGISTRY.matching("units.likely-typo")] == ["U005"]
    assert {r.code for r in REGISTRY.matching("money")} == {"M001", "M002", "M003", "M004"}
    assert REGISTRY.matching("Z") == []
    assert REGISTRY.get("h004") is REGISTRY.get("hierarchy.duplicate-indicator")


def test_findings_are_data() -> None:
    from perfgoals.checks import check_text, select_rules
    from perfgoals.checks.config import Config

    result = check_text(
        'project "P" {\n  产出 { 成本 "成本" ≤10万 }\n}\n',
        "a.perf",
        select_rules(Config(), ["U004"]),
    )
    (finding,) = result.findings
    assert finding.to_dict() == {
        "code": "U004",
        "name": "units.incomplete-money",
        "severity": "warning",
        "message": "money unit '万' in '≤10万' is incomplete: write 万元",
        "path": "a.perf",
        "line": 2,
        "column": 16,
        "end_line": 2,
        "end_column": 20,
        # A finding that a fix resolves carries it: the text to put in place of its columns.
        "fix": {
            "line": 2,
            "column": 16,
            "end_column": 20,
            "replacement": "≤10万元",
            "applicability": "safe",
        },
    }


def test_duplicate_project_with_codes_is_info() -> None:
    from perfgoals.checks import check_text, select_rules
    from perfgoals.checks.config import Config

    source = 'project "A" { code "1" }\nproject "A" { code "2" }\nproject "A" { code "2" }\n'
    result = check_text(source, "a.perf", select_rules(Config(), ["H006"]))
    assert [(f.line, f.severity) for f in result.findings] == [
        (2, Severity.INFO),
        (3, Severity.WARNING),
    ]
