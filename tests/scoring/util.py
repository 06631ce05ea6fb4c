"""Small builders for scoring tests: one indicator, one project, a policy with overrides."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from perfgoals.language.parser import parse_document
from perfgoals.language.parser.literals import quote, value_literal
from perfgoals.language.policy import CENTRAL, Policy
from perfgoals.scoring import score
from perfgoals.scoring.results import AssessmentResult, IndicatorResult


def policy(**changes: Any) -> Policy:
    """The central policy with some settings changed."""
    return CENTRAL.model_copy(update=changes)


def score_text(ruleset: str, actuals: str, used: Policy = CENTRAL) -> AssessmentResult:
    document = parse_document(ruleset + "\n" + actuals)
    assert document.assessment is not None
    return score(document.ruleset, document.assessment, used)


def one(
    target: str,
    actual: str | None,
    *,
    weight: str = "10",
    level2: str = "数量",
    used: Policy = CENTRAL,
    extra: str = "",
    year: int = 2023,
) -> IndicatorResult:
    """Score a single indicator `level2 "i" target weight W` against one actual."""
    ruleset = (
        f"ruleset {{ year {year} }}\n"
        f'project "P" {{\n  产出 {{\n    {level2} "i" {value_literal(target)} weight {weight}\n'
        "  }\n}\n"
    )
    line = "" if actual is None else f'    actual "i" {actual} {extra}\n'
    result = score_text(ruleset, f'assessment {{\n  project "P" {{\n{line}  }}\n}}\n', used)
    return result.projects[0].indicators[0]


def points(result: IndicatorResult) -> Decimal:
    return result.points


def q(text: str) -> str:
    """A quoted value literal."""
    return quote(text)
