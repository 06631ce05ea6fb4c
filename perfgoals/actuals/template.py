"""The fill-in template of actual values as a `.perf` assessment block."""

from __future__ import annotations

from ..i18n import _
from ..language.model import LEVEL1_LABELS, LEVEL2_LABELS, Ruleset
from ..language.parser.literals import quote
from .rows import occurrences


def perf_template(ruleset: Ruleset) -> str:
    """An assessment block with every indicator's `actual` line commented out.

    An actual line needs a value, so each one waits behind `# ` with its target beside it:
    delete the `# `, type the value after the name, and add tier, points, na or explain.
    """
    pad = "  "
    lines = [
        "# " + _("绩效自评: uncomment each actual line, write the value after the indicator name"),
        "# " + _('(then tier 达成|部分达成|未达成, points N, na, explain "…" as needed).'),
        "assessment {",
    ]
    if ruleset.year is not None:
        lines.append(f"{pad}year {ruleset.year}")
    if ruleset.header is not None and ruleset.header.title is not None:
        lines.append(f"{pad}ruleset {quote(ruleset.header.title)}")
    for project in ruleset.projects:
        lines.append(f"{pad}project {quote(project.name)} {{")
        inner = pad * 2
        if project.code is not None:
            lines.append(f"{inner}code {quote(project.code)}")
        if project.budget is not None:
            lines.append(f"{inner}initial {format(project.budget.value, 'f')}元")
        lines.append(f"{inner}# budget 元      (全年预算数, adjusted)")
        lines.append(f"{inner}# executed 元    (全年执行数)")
        for indicator, occurrence in zip(project.indicators, occurrences(project), strict=True):
            words = [
                "actual",
                LEVEL1_LABELS[indicator.level1],
                LEVEL2_LABELS[indicator.level2],
                quote(indicator.name),
            ]
            if occurrence is not None:
                words.append(f"occurrence {occurrence}")
            target = one_line(indicator.target.text)
            lines.append(f"{inner}# {' '.join(words)}    # 目标 {target}")
        lines.append(f"{pad}}}")
    lines.append("}")
    return "\n".join(lines) + "\n"


def one_line(text: str) -> str:
    """A text on one line, for a comment: its line breaks become spaces."""
    # A comment ends at a line break: one inside the text would start a live line.
    return " ".join(text.splitlines()) if len(text.splitlines()) > 1 else text.strip("\r\n")
