"""The fill-in template of actual values as a `.perf` assessment block, and the commented-out
project blocks it shares with the progress template (perfgoals.monitoring.template)."""

from __future__ import annotations

from collections.abc import Callable

from ..i18n import _
from ..language.model import LEVEL1_LABELS, LEVEL2_LABELS, Project, Ruleset
from ..language.parser.literals import quote
from .rows import occurrences

PAD = "  "  # one level of a template block's indentation


def perf_template(ruleset: Ruleset) -> str:
    """An assessment block with every indicator's `actual` line commented out.

    An actual line needs a value, so each one waits behind `# ` with its target beside it:
    delete the `# `, type the value after the name, and add tier, points, na or explain.
    """
    lines = [
        "# " + _("绩效自评: uncomment each actual line, write the value after the indicator name"),
        "# " + _('(then tier 达成|部分达成|未达成, points N, na, explain "…" as needed).'),
        "assessment {",
        *ruleset_lines(ruleset),
        *commented_projects(ruleset, "actual", "目标", _year_figures),
        "}",
    ]
    return "\n".join(lines) + "\n"


def _year_figures(project: Project) -> list[str]:
    initial = [] if project.budget is None else [f"initial {format(project.budget.value, 'f')}元"]
    return [*initial, "# budget 元      (全年预算数, adjusted)", "# executed 元    (全年执行数)"]


def ruleset_lines(ruleset: Ruleset) -> list[str]:
    """A template block's `year` and `ruleset` lines, where the ruleset has them."""
    lines = []
    if ruleset.year is not None:
        lines.append(f"{PAD}year {ruleset.year}")
    if ruleset.header is not None and ruleset.header.title is not None:
        lines.append(f"{PAD}ruleset {quote(ruleset.header.title)}")
    return lines


def commented_projects(
    ruleset: Ruleset, keyword: str, target_label: str, figures: Callable[[Project], list[str]]
) -> list[str]:
    """Every project as a template's block: its code, the lines `figures` gives it (its budget
    and the money lines to fill in), and a `keyword` line per indicator, commented out, with its
    target beside it after `target_label`."""
    inner = PAD * 2
    lines = []
    for project in ruleset.projects:
        lines.append(f"{PAD}project {quote(project.name)} {{")
        if project.code is not None:
            lines.append(f"{inner}code {quote(project.code)}")
        lines.extend(inner + line for line in figures(project))
        for indicator, occurrence in zip(project.indicators, occurrences(project), strict=True):
            words = [
                keyword,
                LEVEL1_LABELS[indicator.level1],
                LEVEL2_LABELS[indicator.level2],
                quote(indicator.name),
            ]
            if occurrence is not None:
                words.append(f"occurrence {occurrence}")
            target = one_line(indicator.target.text)
            lines.append(f"{inner}# {' '.join(words)}    # {target_label} {target}")
        lines.append(f"{PAD}}}")
    return lines


def one_line(text: str) -> str:
    """A text on one line, for a comment: its line breaks become spaces."""
    # A comment ends at a line break: one inside the text would start a live line.
    return " ".join(text.splitlines()) if len(text.splitlines()) > 1 else text.strip("\r\n")
