"""Format stage: model → canonical source text. Idempotent, and it keeps every comment."""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal
from itertools import groupby

from .model import LEVEL1_LABELS, LEVEL2_LABELS, NATURE_LABELS, Header, Indicator, Project, Ruleset
from .parser import normalise_source

INDENT = "  "
_BARE = re.compile(r'[^\s"{}#｛｝＃]+')


def quote(text: str) -> str:
    """A string literal for text."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'


def value_literal(text: str) -> str:
    """A value as written: bare when it is one word that reads back unchanged, else quoted."""
    return text if _BARE.fullmatch(text) and normalise_source(text) == text else quote(text)


def number_literal(number: Decimal) -> str:
    return format(number, "f")


def _comments(lines: Iterable[str], indent: str) -> list[str]:
    return [f"{indent}#{text}" for text in lines]


def format_ruleset(ruleset: Ruleset) -> str:
    """The canonical text of a ruleset."""
    blocks: list[list[str]] = []
    if ruleset.header is not None:
        blocks.append(_header(ruleset.header))
    blocks.extend(_project(project) for project in ruleset.projects)
    if ruleset.end_comments:
        blocks.append(_comments(ruleset.end_comments, ""))
    return "\n\n".join("\n".join(block) for block in blocks) + "\n"


def _header(header: Header) -> list[str]:
    lines = _comments(header.comments, "")
    lines.append(f"ruleset {quote(header.title)} {{" if header.title is not None else "ruleset {")
    if header.department is not None:
        lines.append(f"{INDENT}department {quote(header.department)}")
    if header.year is not None:
        lines.append(f"{INDENT}year {header.year}")
    if header.currency is not None:
        lines.append(f"{INDENT}currency {header.currency}")
    if header.policy is not None:
        lines.append(f"{INDENT}policy {quote(header.policy)}")
    lines.append("}")
    return lines


def _project(project: Project) -> list[str]:
    lines = _comments(project.comments, "")
    lines.append(f"project {quote(project.name)} {{")
    if project.code is not None:
        lines.append(f"{INDENT}code {quote(project.code)}")
    if project.budget is not None:
        lines.append(f"{INDENT}budget {value_literal(project.budget.text)}")
    for fund in project.funds:
        lines += _comments(fund.comments, INDENT)
        lines.append(f"{INDENT}fund {quote(fund.source)} {value_literal(fund.amount.text)}")
    for goal in project.goals:
        lines += _comments(goal.comments, INDENT)
        lines.append(f"{INDENT}goal {quote(goal.text)}")
    # Consecutive indicators of one level 1 share a block; order is kept exactly.
    for level1, group in groupby(project.indicators, key=lambda i: i.level1):
        lines.append(f"{INDENT}{LEVEL1_LABELS[level1]} {{")
        for indicator in group:
            lines += _indicator(indicator)
        lines.append(f"{INDENT}}}")
    lines += _comments(project.end_comments, INDENT)
    lines.append("}")
    return lines


def _indicator(indicator: Indicator) -> list[str]:
    pad = INDENT * 2
    attr = INDENT * 3
    lines = _comments(indicator.comments, pad)
    lines.append(
        f"{pad}{LEVEL2_LABELS[indicator.level2]} {quote(indicator.name)} "
        f"{value_literal(indicator.target.text)}"
    )
    if indicator.description is not None:
        lines.append(f"{attr}desc {quote(indicator.description)}")
    if indicator.basis is not None:
        lines.append(f"{attr}basis {quote(indicator.basis)}")
    if indicator.weight is not None:
        lines.append(f"{attr}weight {number_literal(indicator.weight)}")
    if indicator.nature is not None:
        lines.append(f"{attr}nature {NATURE_LABELS[indicator.nature]}")
    if indicator.goal is not None:
        lines.append(f"{attr}goal {indicator.goal}")
    if indicator.not_applicable:
        lines.append(f"{attr}na")
    return lines
