"""The terminal table draws a bounded number of projects and says where the rest are."""

from __future__ import annotations

from perfgoals.language.assessment import Assessment
from perfgoals.language.model import Indicator, Level1, Level2, Project, Ruleset
from perfgoals.language.policy import CENTRAL
from perfgoals.language.values import parse_value
from perfgoals.reports.score import TABLE_PROJECTS, render
from perfgoals.scoring import score


def test_past_the_cap_the_table_names_what_it_leaves_out() -> None:
    target = parse_value("888 场")
    projects = tuple(
        Project(
            name=f"P{n}",
            indicators=(
                Indicator(level1=Level1.OUTPUT, level2=Level2.QUANTITY, name="场次", target=target),
            ),
        )
        for n in range(1, TABLE_PROJECTS + 3)
    )
    result = score(Ruleset(projects=projects), Assessment(), CENTRAL)
    table = render(result, "table", width=140)
    assert f"P{TABLE_PROJECTS}  " in table and f"P{TABLE_PROJECTS + 1}  " not in table
    assert "… 2 more projects are not drawn here" in table
    assert str(TABLE_PROJECTS + 2) in table.splitlines()[-1]  # the summary counts them all
    assert f"P{TABLE_PROJECTS + 2}" in render(result, "csv")
