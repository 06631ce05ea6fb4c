"""`perfgoals check` on a budget disclosure's text: its projects and its budget tables together.

The disclosure is read by the importer (the project target tables, placed at their lines, and
the nine budget tables with the explanation's figures), then every selected rule runs on it, so
the tie-outs (B), the cross-checks (C) and the project rules report positions in the text.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..checks.config import find_config
from ..checks.findings import Finding, Severity
from ..checks.runner import UNREADABLE, FileResult, check_model, select_rules
from ..i18n import _
from ..language.errors import PerfgoalsError, SourceError
from ..language.model import Ruleset
from ..language.parser import Comment

DISCLOSURE_SUFFIXES = (".txt", ".text")
_PROJECT_TITLE = re.compile(r"^\s*\d+\s*[、.．]\s*\S.*绩效目标表\s*$", re.M)
_COMMENT = re.compile(r"(?:^|\s)#(?P<text>\s*perfgoals\s*:.*)$")


def comments_in(text: str) -> list[Comment]:
    """Suppression comments written into the text: `# perfgoals: ignore[B012]`, on a line of its
    own (for the next line) or after a row."""
    found: list[Comment] = []
    for number, line in enumerate(text.split("\n"), start=1):
        m = _COMMENT.search(line)
        if m is not None:
            found.append(Comment(number, m.start("text"), m["text"]))
    return found


def check_disclosure(
    path: Path, select: list[str] | None = None, ignore: list[str] | tuple[str, ...] = ()
) -> FileResult:
    from ..importer.budget import budget_from_text, has_budget_tables
    from ..importer.disclosure import import_disclosure
    from ..importer.positions import place
    from ..tables.text import read_text

    name = str(path)
    config = find_config(path.resolve().parent)
    selection = select_rules(config, select, list(ignore))
    try:
        text = read_text(path, _("a budget disclosure text"))
    except PerfgoalsError as error:
        return FileResult(name, (_unusable(name, error),), False)
    budget = budget_from_text(text) if has_budget_tables(text) else None
    problem: Finding | None = None
    try:
        ruleset, _report = import_disclosure(path, text=text)  # the text is read once
    except PerfgoalsError as error:
        if budget is None:
            return FileResult(name, (_unusable(name, error),), False)
        ruleset = Ruleset()
        if _PROJECT_TITLE.search(text):  # project tables that cannot be read: say so
            problem = _unusable(name, error)
    ruleset = place(ruleset, text)
    result = check_model(text, name, ruleset, comments_in(text), selection, config, budget)
    if problem is None:
        return result
    return FileResult(name, (problem, *result.findings), False, result.indicators)


def _unusable(path: str, error: PerfgoalsError) -> Finding:
    """E002 for a text that cannot be used, at the importer's position where it gives one."""
    if isinstance(error, SourceError) and error.diagnostics:
        d = error.diagnostics[0]
        line, column = max(d.line, 1), max(d.column, 1)
        end = d.end_column if d.end_column and d.end_column > column else column + 1
        return Finding(
            UNREADABLE.code,
            UNREADABLE.name,
            Severity.ERROR,
            d.message,
            path,
            line,
            column,
            line,
            end,
            d.source_line,
        )
    text = str(error).splitlines()[0].removeprefix(f"{path}:").strip()
    return Finding(UNREADABLE.code, UNREADABLE.name, Severity.ERROR, text, path, 1, 1, 1, 2, "")
