"""Export a ruleset to the spreadsheet layout, import it back: the same model.

Real .xlsx files with merged cells are written and read. Texts are generated without leading
or trailing spaces (cells are trimmed on import) and goals do not start with `1.` (a goal cell
that does is read as a numbered list).
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from perfgoals.importer import import_file
from perfgoals.importer.blocks import clean
from perfgoals.importer.columns import Column, column_of, fold
from perfgoals.importer.layout import ruleset_rows
from perfgoals.language.errors import SourceError
from perfgoals.language.formatter import format_ruleset
from perfgoals.language.model import (
    Goal,
    Header,
    Indicator,
    Level1,
    Level2,
    Nature,
    Project,
    Ruleset,
)
from perfgoals.language.parser import parse_file, parse_ruleset
from perfgoals.language.values import Comparison, parse_value
from perfgoals.tables.delimited import write_csv
from perfgoals.tables.workbook import SheetData, write_workbook
from tests.conftest import SEED_RULESET, examples
from tests.strategies import grade_criteria

ALPHABET = "项目经费放映补助资金满意度率场名（）《》“”、，。：abcXYZ0123456789.%- "
TARGETS = ["≥95%", "888 场", "≤7.55 万元", "长期", "/", "6月底前", "95%-100%", "良", "=100%", "3年"]
BUDGETS = ["122.00万元", "5", "11.16万元", "3亿元"]


def texts(min_size: int = 1) -> st.SearchStrategy[str]:
    return st.text(ALPHABET, min_size=min_size, max_size=14).map(str.strip).filter(bool)


project_names = texts().filter(
    lambda t: column_of(t) is None and fold(t) not in {"总分", "合计", "总计", "total"}
)
goal_texts = texts().filter(lambda t: not re.match(r"1\s*[.．、]", t))


# A name of dashes and dots only is a template's empty slot (`-`, `……`), read as no name.
indicator_names = texts().filter(lambda t: clean(t, Column.LEVEL3) == t)


@st.composite
def indicators(draw: st.DrawFn) -> Indicator:
    return Indicator(
        level1=draw(st.sampled_from(Level1)),
        level2=draw(st.sampled_from(Level2)),
        name=draw(indicator_names),
        target=parse_value(draw(st.sampled_from(TARGETS))),
        description=draw(st.none() | texts()),
        basis=draw(st.none() | texts()),
        weight=draw(st.none() | st.decimals(min_value=0, max_value=100, places=2)),
        nature=draw(st.none() | st.sampled_from(Nature)),
        goal=draw(st.none() | st.integers(1, 9)),
        not_applicable=draw(st.booleans()),
        long_term_target=draw(st.none() | st.sampled_from(TARGETS).map(parse_value)),
        grades=draw(grade_criteria(st.sampled_from([t for t in TARGETS if t != "/"]))),
    )


@st.composite
def projects(draw: st.DrawFn) -> Project:
    budget = draw(st.none() | st.sampled_from(BUDGETS))
    parsed = parse_value(budget) if budget else None
    assert parsed is None or isinstance(parsed, Comparison)
    return Project(
        name=draw(project_names),
        code=draw(st.none() | st.text("0123456789P", min_size=1, max_size=4)),
        budget=parsed,
        goals=tuple(Goal(text=t) for t in draw(st.lists(goal_texts, max_size=3))),
        indicators=tuple(draw(st.lists(indicators(), max_size=6))),
    )


rulesets = st.builds(
    Ruleset,
    header=st.just(Header(policy="central")),
    projects=st.lists(projects(), max_size=4).map(tuple),
)


def round_trip(ruleset: Ruleset, folder: Path, layout: str = "xlsx") -> Ruleset:
    rows, merges = ruleset_rows(ruleset)
    path = folder / f"roundtrip.{layout}"
    if layout == "csv":
        write_csv(path, rows)  # no merges: the repeated cells are left empty, as CSV has them
    else:
        write_workbook(path, [SheetData("绩效目标表", rows, merges)])
    result = import_file(path)
    assert result.report.balanced() and not result.report.rejected
    return result.ruleset


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("roundtrip")


def _met_95(name: str) -> Indicator:
    """One 数量 indicator with the target ≥95%."""
    return Indicator(
        level1=Level1.OUTPUT, level2=Level2.QUANTITY, name=name, target=parse_value("≥95%")
    )


@pytest.mark.parametrize("layout", ["xlsx", "csv"])
@settings(max_examples=examples(60), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ruleset=rulesets)
@example(ruleset=Ruleset(header=Header(policy="central")))
@example(
    ruleset=Ruleset(
        header=Header(policy="central"),
        projects=(
            Project(name="甲", goals=(Goal(text="a"), Goal(text="b"))),  # goals, no indicators
            Project(name="甲"),  # the same name again, right after
        ),
    )
)
@example(
    ruleset=Ruleset(
        header=Header(policy="central"),
        projects=(
            Project(
                name="0",
                # A goal's next line that reads like a form label stays a goal.
                goals=(Goal(text="0"), Goal(text="项目"), Goal(text="绩效目标")),
                indicators=(_met_95("n"),),
            ),
        ),
    )
)
@example(
    ruleset=Ruleset(
        header=Header(policy="central"),
        projects=(
            # The first row under the header, its goal a header word, is data, not a 2nd header.
            Project(name="0", goals=(Goal(text="项目"), Goal(text="0"))),
            Project(
                name="0",
                indicators=(_met_95("0"),),
            ),
        ),
    )
)
def test_table_round_trip(folder: Path, ruleset: Ruleset, layout: str) -> None:
    if not any(project.indicators for project in ruleset.projects):
        # A table with no indicator row is unusable input, whatever else it holds.
        with pytest.raises(SourceError, match=r"no indicator rows|unrecognised layout"):
            round_trip(ruleset, folder, layout)
        return
    back = round_trip(ruleset, folder, layout)
    assert back == ruleset
    assert parse_ruleset(format_ruleset(back)) == ruleset


def test_seed_round_trip(tmp_path: Path) -> None:
    seed = parse_file(SEED_RULESET)
    seed = seed.model_copy(update={"header": Header(policy="central")})
    assert round_trip(seed, tmp_path) == seed


def test_weights_keep_their_decimals(tmp_path: Path) -> None:
    ruleset = Ruleset(
        header=Header(policy="central"),
        projects=(
            Project(
                name="甲",
                indicators=(
                    Indicator(
                        level1=Level1.OUTPUT,
                        level2=Level2.QUANTITY,
                        name="场次",
                        target=parse_value("=100"),  # a target written like a formula
                        weight=Decimal("12.50"),
                    ),
                ),
            ),
        ),
    )
    back = round_trip(ruleset, tmp_path)
    assert back.projects[0].indicators[0].weight == Decimal("12.5")
    assert back.projects[0].indicators[0].target.text == "=100"
