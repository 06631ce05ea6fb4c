"""Inline suppression comments: `# perfgoals: ignore[V003, U001] reason`.

A suppression names the codes it silences. Written at the end of a line it applies to that line;
alone on its line it applies to the next line that is not blank or a comment, which is where an
indicator or project starts. A finding is silenced when it starts on that line or belongs to the
indicator or project that starts there.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..i18n import _
from ..language.parser import Comment

_SUPPRESSION = re.compile(r"\s*perfgoals\s*:\s*ignore\b(?P<rest>.*)$", re.I)
_CODES = re.compile(r"\s*\[(?P<codes>[^\]]*)\]")


@dataclass
class Suppression:
    line: int  # where the comment is written
    column: int
    end_column: int
    target: int  # the line it applies to
    codes: tuple[str, ...]
    used: set[str] = field(default_factory=set)


@dataclass(frozen=True)
class Malformed:
    line: int
    column: int
    end_column: int
    message: str


def read_suppressions(
    comments: Sequence[Comment], lines: Sequence[str]
) -> tuple[list[Suppression], list[Malformed]]:
    found: list[Suppression] = []
    bad: list[Malformed] = []
    for comment in comments:
        m = _SUPPRESSION.match(comment.text)
        if m is None:
            continue
        end = comment.column + 1 + len(comment.text.rstrip())
        codes = _CODES.match(m["rest"])
        words = [w.strip() for w in codes["codes"].split(",")] if codes else []
        words = [w for w in words if w]
        if not words:
            bad.append(
                Malformed(
                    comment.line,
                    comment.column,
                    end,
                    _("a suppression must name the codes it silences: # perfgoals: ignore[V003]"),
                )
            )
            continue
        found.append(
            Suppression(comment.line, comment.column, end, _target(comment, lines), tuple(words))
        )
    return found, bad


def _target(comment: Comment, lines: Sequence[str]) -> int:
    before = lines[comment.line - 1][: comment.column - 1] if comment.line <= len(lines) else ""
    if before.strip():
        return comment.line
    for number in range(comment.line + 1, len(lines) + 1):
        text = lines[number - 1].strip()
        if text and not text.startswith(("#", "＃")):
            return number
    return comment.line
