"""Source positions for a ruleset imported from disclosure text, so findings point at the text.

The disclosure importer builds projects and indicators without spans. To check a disclosure
in place, each project is placed at its table's title line (`13、公务用车购置绩效目标表`, found by
its table number, which is the project's code) and each indicator at the first row after that
title whose cells hold its name, with its target at the cell that holds the target text.
"""

from __future__ import annotations

from ..language.errors import Span
from ..language.model import Indicator, Project, Ruleset
from .disclosure import name_key, project_title


def _line_span(line: int, text: str) -> Span:
    start = len(text) - len(text.lstrip())
    return Span(line=line, column=start + 1, end_line=line, end_column=len(text.rstrip()) + 1)


def _cell_span(line: int, text: str, cell: str) -> Span:
    """The span of the first cell of `text` equal to `cell` (spaces aside)."""
    start = 0
    wanted = name_key(cell)
    for raw in text.split("\t"):
        if name_key(raw) == wanted:
            cell = raw.strip()
            column = start + (len(raw) - len(raw.lstrip())) + 1
            return Span(line=line, column=column, end_line=line, end_column=column + len(cell))
        start += len(raw) + 1
    return Span()


def place(ruleset: Ruleset, text: str) -> Ruleset:
    """The ruleset with each project and indicator at its place in the disclosure text."""
    lines = text.split("\n")
    projects: list[Project] = []
    cursor = 0
    for project in ruleset.projects:
        title = _title_line(lines, cursor, project.code) if project.code else None
        if title is None:
            projects.append(project)
            continue
        cursor = title
        indicators: list[Indicator] = []
        row = title
        title_span = _line_span(title + 1, lines[title])
        for indicator in project.indicators:
            found = _row_with(lines, row, indicator.name)
            if found is None:  # a name the importer rebuilt: point at the project's title
                indicators.append(
                    indicator.model_copy(update={"span": title_span, "target_span": title_span})
                )
                continue
            row = found - 1
            line = lines[found - 1]
            span = _cell_span(found, line, indicator.name)
            target = _cell_span(found, line, indicator.target.text)
            indicators.append(
                indicator.model_copy(
                    update={"span": span, "target_span": target if target.known else span}
                )
            )
        projects.append(
            project.model_copy(
                update={
                    "span": _line_span(title + 1, lines[title]),
                    "indicators": tuple(indicators),
                }
            )
        )
    return ruleset.model_copy(update={"projects": tuple(projects)})


def _title_line(lines: list[str], start: int, code: str) -> int | None:
    """The 0-based index of the first line from `start` that is the title of the table whose
    number is `code`, read as the importer read it."""
    for i in range(start, len(lines)):
        title = project_title(lines[i])
        if title is not None and str(int(title.group(1))) == code:
            return i
    return None


def _row_with(lines: list[str], start: int, name: str) -> int | None:
    """The 1-based number of the first table row after index `start` with a cell `name`."""
    wanted = name_key(name)
    for i in range(start + 1, len(lines)):
        line = lines[i]
        if "\t" not in line:
            if "绩效目标表" in line:
                return None  # the next project's table: stop looking
            continue
        if any(name_key(cell) == wanted for cell in line.split("\t")):
            return i + 1
    return None
