"""Report stage: the charts of the HTML report, drawn as inline SVG with pygal.

pygal writes plain SVG with its text as text (the browser draws the Chinese labels with its
own fonts) and needs no JavaScript. Three things are taken out of what it renders, so that a
report is the same file every time it is written and works with no network: the random chart
id (replaced by a stable one), the comment with the date of rendering, and the configuration
script meant for pygal's online tooltip script (which is never loaded).
Chart values are floats: they place bars and dots, and every number a reader reads is printed
exactly in the tables beside them.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from typing import Any

from ..scoring.results import AssessmentResult
from .summary import losses_by_kind, project_lines

FONT = '"Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "SimHei", sans-serif'
_ID = re.compile(r"chart-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_SCRIPT = re.compile(r"<script.*?</script>", re.S)


@dataclass(frozen=True)
class Chart:
    key: str  # stable id, also the element id in the page
    title: str
    svg: str


def _pygal() -> Any:
    """pygal, without the import hook it adds for its map plugins.

    Importing pygal appends a finder to sys.meta_path that has only the pre-3.4 find_module, so
    every later import that reaches it raises an ImportWarning (an error where warnings are).
    No map plugin is used here, so the finder is taken off again.
    """
    import pygal

    sys.meta_path[:] = [f for f in sys.meta_path if not isinstance(f, pygal.PluginImportFixer)]
    return pygal


def _style() -> Any:
    from pygal.style import Style

    return Style(
        font_family=FONT,
        background="#ffffff",
        plot_background="#ffffff",
        colors=("#1f4e78", "#c55a11", "#548235", "#7f6000", "#7030a0"),
        title_font_size=16,
        label_font_size=11,
        major_label_font_size=11,
        legend_font_size=12,
        value_font_size=11,
    )


def _config(**extra: Any) -> dict[str, Any]:
    return {
        "js": [],  # no script from the network
        "disable_xml_declaration": True,
        "style": _style(),
        "width": 540,
        "height": 360,
        "show_legend": False,
        "print_values": False,
        **extra,
    }


def _finish(key: str, title: str, rendered: str) -> Chart:
    svg = _ID.sub(f"chart-{key}", rendered)
    svg = _SCRIPT.sub("", _COMMENT.sub("", svg))
    return Chart(key, title, svg)


def report_charts(result: AssessmentResult) -> list[Chart]:
    """Grade distribution, score by project, execution rate against score, points lost."""
    pygal = _pygal()

    lines = project_lines(result)
    grades = result.summary.grades if result.summary else {}
    charts: list[Chart] = []

    chart = pygal.Bar(**_config(title="等级分布（项目数）", print_values=True))
    chart.x_labels = list(grades)
    chart.add("项目数", list(grades.values()))
    charts.append(_finish("grades", "等级分布", chart.render(is_unicode=True)))

    height = max(360, 40 + 18 * len(lines))
    # pygal sizes label room for Latin text; Chinese labels are wider, hence the margin.
    chart = pygal.HorizontalBar(
        **_config(title="各项目得分", height=height, range=(0, 100), margin_left=70)
    )
    # pygal stacks horizontal bars from the bottom: reversed, the first project is on top.
    chart.x_labels = [f"{line.index} {line.name[:12]}" for line in reversed(lines)]
    chart.add("得分", [float(line.score) for line in reversed(lines)])
    charts.append(_finish("scores", "各项目得分", chart.render(is_unicode=True)))

    chart = pygal.XY(
        **_config(
            title="预算执行率与得分",
            stroke=False,
            x_title="预算执行率（%）",
            y_title="得分",
            dots_size=4,
        )
    )
    chart.add(
        "项目",
        [
            {"value": (float(line.rate), float(line.score)), "label": line.name}
            for line in lines
            if line.rate is not None
        ],
    )
    charts.append(_finish("execution", "预算执行率与得分", chart.render(is_unicode=True)))

    losses = losses_by_kind(result)
    chart = pygal.HorizontalBar(
        **_config(
            title="各类指标失分合计",
            height=max(240, 40 + 28 * len(losses)),
            print_values=True,
            margin_left=50,
        )
    )
    chart.x_labels = list(reversed(losses)) or ["—"]
    chart.add("失分", [float(v) for v in reversed(losses.values())] or [0.0])
    charts.append(_finish("losses", "各类指标失分", chart.render(is_unicode=True)))
    return charts
