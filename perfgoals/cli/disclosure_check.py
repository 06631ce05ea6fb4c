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
from ..language.errors import PerfgoalsError
from ..language.model import Ruleset
from ..language.parser import Comment

DISCLOSURE_SUFFIXES = (".txt", ".text")
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
        text = read_text(path, "a budget disclosure text")
    except PerfgoalsError as error:
        return FileResult(name, (_unusable(name, str(error)),), False)
    budget = budget_from_text(text) if has_budget_tables(text) else None
    try:
        ruleset, _ = import_disclosure(path)
    except PerfgoalsError as error:
        if budget is None:
            return FileResult(name, (_unusable(name, str(error).splitlines()[0]),), False)
        ruleset = Ruleset()
    ruleset = place(ruleset, text)
    return check_model(text, name, ruleset, comments_in(text), selection, config, budget)


def _unusable(path: str, message: str) -> Finding:
    text = message.removeprefix(f"{path}:").strip()
    return Finding(UNREADABLE.code, UNREADABLE.name, Severity.ERROR, text, path, 1, 1, 1, 2, "")
