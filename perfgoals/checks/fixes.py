"""Mechanical fixes of findings: a replacement of one target's text, and applying them to a file.

A fix never changes a number's value: `≤10万` becomes `≤10万元` (100000 元 either way),
`≥100%` becomes `100%`, `＞＝90%` becomes `≥90%`. A fix that guesses what was meant (a bare
rate that is probably a percent) is unsafe and applied only when asked for.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..language.errors import Span

if TYPE_CHECKING:
    from .context import CheckedFile


@dataclass(frozen=True)
class Fix:
    """Replace columns [column, end_column) of one line (1-based, code points) with text."""

    line: int
    column: int
    end_column: int
    replacement: str
    safe: bool = True

    def to_dict(self) -> dict[str, Any]:
        return {
            "line": self.line,
            "column": self.column,
            "end_column": self.end_column,
            "replacement": self.replacement,
            "applicability": "safe" if self.safe else "unsafe",
        }


def edit(
    file: CheckedFile, span: Span, change: Callable[[str], str], *, safe: bool = True
) -> Fix | None:
    """A fix that rewrites the text under a one-line span, or None if the change is no change."""
    if not span.known or (span.end_line and span.end_line != span.line):
        return None
    old = file.line(span.line)[span.column - 1 : span.end_column - 1]
    new = change(old)
    if not old or new == old:
        return None
    return Fix(span.line, span.column, span.end_column, new, safe)


def apply_fixes(text: str, fixes: Sequence[Fix]) -> tuple[str, list[Fix]]:
    """The text with the fixes applied, and the fixes applied (one per place, none overlapping)."""
    lines = text.splitlines(keepends=True)
    applied: list[Fix] = []
    taken: dict[int, list[tuple[int, int]]] = {}
    for fix in sorted(fixes, key=lambda f: (f.line, f.column)):
        spans = taken.setdefault(fix.line, [])
        if not 0 < fix.line <= len(lines):
            continue
        if any(fix.column < end and start < fix.end_column for start, end in spans):
            continue
        spans.append((fix.column, fix.end_column))
        applied.append(fix)
    for fix in sorted(applied, key=lambda f: (f.line, -f.column)):
        line = lines[fix.line - 1]
        lines[fix.line - 1] = line[: fix.column - 1] + fix.replacement + line[fix.end_column - 1 :]
    return "".join(lines), applied


def unified_diff(path: str, before: str, after: str) -> str:
    """What a fix would change, as `diff -u` shows it."""
    import difflib

    return "".join(
        difflib.unified_diff(
            before.splitlines(keepends=True),
            after.splitlines(keepends=True),
            fromfile=path,
            tofile=path,
        )
    )


# ---- the edits the rules offer -----------------------------------------------------------

_INCOMPLETE_MONEY = re.compile(r"(?<=[\d\s.])(万|萬|亿)(?!元)")
FULL_WIDTH_COMPARATORS = {
    "＞＝": "≥",
    "＜＝": "≤",
    "≧": "≥",
    "≦": "≤",
    "⩾": "≥",
    "⩽": "≤",
    "＞": ">",
    "＜": "<",
    "＝": "=",
}
_LEADING_COMPARATOR = re.compile(
    '^("?\\s*)(' + "|".join(sorted(FULL_WIDTH_COMPARATORS, key=len, reverse=True)) + ")"
)
_AT_LEAST = re.compile(r"^(\"?)\s*(?:≥|>=|＞＝|≧|⩾)\s*")
_TRAILING_NUMBER = re.compile(r"(\d(?:[\d.]*\d)?)(\s*\"?)$")


def complete_money(text: str) -> str:
    """`≤10万` → `≤10万元`: the same amount, its unit written whole."""
    return _INCOMPLETE_MONEY.sub(r"\1元", text, count=1)


def half_width_comparator(text: str) -> str:
    """`＞＝90%` → `≥90%`: the comparator as the language writes it."""
    return _LEADING_COMPARATOR.sub(lambda m: m.group(1) + FULL_WIDTH_COMPARATORS[m.group(2)], text)


def leading_comparator(text: str) -> str | None:
    """The full-width comparator a target's text starts with, or None."""
    found = _LEADING_COMPARATOR.match(text)
    return found.group(2) if found else None


def drop_at_least(text: str) -> str:
    """`≥100%` → `100%`: a percent that can only be met exactly."""
    return _AT_LEAST.sub(r"\1", text, count=1)


def add_percent(text: str) -> str:
    """`≥90` → `≥90%`: a rate's number in percent (a guess, so an unsafe fix)."""
    return _TRAILING_NUMBER.sub(r"\1%\2", text, count=1)
