"""The fill-in template of a month's progress as a `.perf` progress block."""

from __future__ import annotations

from ..actuals.template import PAD, commented_projects, ruleset_lines
from ..i18n import _
from ..language.model import Project, Ruleset


def perf_progress_template(ruleset: Ruleset, month: int) -> str:
    """A progress block with every indicator's `current` line commented out, its target beside.

    Delete the `# `, write the value reached so far after the name, and add forecast, cause,
    explain, likelihood or note as needed.
    """

    def figures(project: Project) -> list[str]:
        budget = [] if project.budget is None else [f"budget {format(project.budget.value, 'f')}元"]
        return [
            *budget,
            f"# executed 元    (1-{month} 月执行数)",
            "# forecast 元    (全年预计执行数)",
        ]

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
        f"{PAD}month {month}",
        *ruleset_lines(ruleset),
        *commented_projects(ruleset, "current", "年度指标值", figures),
        "}",
    ]
    return "\n".join(lines) + "\n"
