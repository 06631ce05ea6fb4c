"""The fill-in template of a month's progress as a `.perf` progress block."""

from __future__ import annotations

from ..actuals.rows import occurrences
from ..actuals.template import one_line
from ..i18n import _
from ..language.model import LEVEL1_LABELS, LEVEL2_LABELS, Ruleset
from ..language.parser.literals import quote


def perf_progress_template(ruleset: Ruleset, month: int) -> str:
    """A progress block with every indicator's `current` line commented out, its target beside.

    Delete the `# `, write the value reached so far after the name, and add forecast, cause,
    explain, likelihood or note as needed.
    """
    pad, inner = "  ", "    "
    lines = [
        "# "
        + _(
            "运行监控 1-{month} 月: uncomment each current line and write the value reached so far",
            month=month,
        ),
        "# "
        + _(
            '(then forecast VALUE, cause 经费保障|制度保障|人员保障|硬件条件保障|其他, explain "…",'
        ),
        "# " + _('likelihood 确定能|有可能|完全不可能, note "…" as needed).'),
        "progress {",
        f"{pad}month {month}",
    ]
    if ruleset.year is not None:
        lines.append(f"{pad}year {ruleset.year}")
    if ruleset.header is not None and ruleset.header.title is not None:
        lines.append(f"{pad}ruleset {quote(ruleset.header.title)}")
    for project in ruleset.projects:
        lines.append(f"{pad}project {quote(project.name)} {{")
        if project.code is not None:
            lines.append(f"{inner}code {quote(project.code)}")
        if project.budget is not None:
            lines.append(f"{inner}budget {format(project.budget.value, 'f')}元")
        lines.append(f"{inner}# executed 元    (1-{month} 月执行数)")
        lines.append(f"{inner}# forecast 元    (全年预计执行数)")
        for indicator, occurrence in zip(project.indicators, occurrences(project), strict=True):
            words = [
                "current",
                LEVEL1_LABELS[indicator.level1],
                LEVEL2_LABELS[indicator.level2],
                quote(indicator.name),
            ]
            if occurrence is not None:
                words.append(f"occurrence {occurrence}")
            target = one_line(indicator.target.text)
            lines.append(f"{inner}# {' '.join(words)}    # 年度指标值 {target}")
        lines.append(f"{pad}}}")
    lines.append("}")
    return "\n".join(lines) + "\n"
