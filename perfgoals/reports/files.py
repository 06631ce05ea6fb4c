"""Report stage: a scoring written in the format its file name asks for.

`score -o 自评表.xlsx` and `report RUN -o report.html` come here: the suffix picks the
format unless one is named (`monitor -o 监控.csv` asks format_for too, among its own formats),
text formats go through perfgoals.reports.score, the workbook and the HTML report through their
own modules (imported only when asked for: openpyxl, Jinja2 and the chart library are not
loaded for a text table).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ..i18n import _
from ..language.errors import PerfgoalsError
from ..language.model import Ruleset
from ..language.policy import Policy
from ..scoring.results import AssessmentResult

TEXT_FORMATS = ("table", "json", "csv", "markdown")
FILE_FORMATS = ("xlsx", "html")
FORMATS = TEXT_FORMATS + FILE_FORMATS
_BY_SUFFIX = {
    ".json": "json",
    ".csv": "csv",
    ".md": "markdown",
    ".markdown": "markdown",
    ".txt": "table",
    ".xlsx": "xlsx",
    ".html": "html",
    ".htm": "html",
}


class OutputError(PerfgoalsError):
    """A format that cannot go where it was asked to (a workbook to the terminal)."""


def format_for(output: str | None, fmt: str | None, formats: Sequence[str] = FORMATS) -> str:
    """The named format, else the one the output's suffix names among the command's `formats`,
    else the text table."""
    if fmt is not None:
        return fmt
    if output is None or output == "-":
        return "table"
    by_suffix = _BY_SUFFIX.get(Path(output).suffix.lower(), "table")
    return by_suffix if by_suffix in formats else "table"


def file_named(output: str | None, fmt: str) -> str:
    """The file a format that only a file holds (a workbook, an HTML report) goes to: -o FILE,
    never stdout."""
    if output is None or output == "-":
        raise OutputError(
            _("--format {format} writes a file: name it with -o FILE.{format}", format=fmt)
        )
    return output


def write_result(
    output: str | None,
    fmt: str,
    result: AssessmentResult,
    ruleset: Ruleset,
    policy: Policy,
    *,
    explain: bool = False,
    color: bool = False,
) -> str | None:
    """Write a workbook or HTML report to its file (None), or return a text format's text for
    the caller to write where it goes (stdout or the file)."""
    if fmt in FILE_FORMATS:
        path = file_named(output, fmt)
        if fmt == "xlsx":
            from .self_assessment import write_self_assessment

            write_self_assessment(path, result, ruleset, by_goal=policy.by_goal)
        else:
            from .html import report_html

            Path(path).write_text(report_html(result, ruleset, policy), encoding="utf-8")
        return None
    from .score import render

    return render(result, fmt, explain=explain, color=color)
