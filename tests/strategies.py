"""Hypothesis strategies for rulesets: any model the language can express."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import assume
from hypothesis import strategies as st

from perfgoals.language.budget import (
    CHANGE_LABELS,
    FIGURE_LABELS,
    Amount,
    Budget,
    BudgetRow,
    BudgetTable,
    Change,
    Figure,
    ProcurementItem,
    Side,
    TableKind,
)
from perfgoals.language.errors import ValueSyntaxError
from perfgoals.language.model import (
    Fund,
    Goal,
    GradeCriterion,
    Header,
    Indicator,
    Info,
    Level1,
    Level2,
    Nature,
    Project,
    Ruleset,
)
from perfgoals.language.value_types import Grade
from perfgoals.language.values import Comparison, parse_value

# Text as people type it, quotes and backslashes included; no control or line-separator
# characters (a string literal holds one line; `\n` is its only escape for a break).
TEXT = st.text(
    alphabet=st.characters(
        blacklist_categories=("Cs", "Cc", "Zl", "Zp"), blacklist_characters="\x85"
    )
    | st.sampled_from('"\\#{}“”、，。'),
    max_size=30,
)
COMMENT = TEXT.map(lambda t: t.rstrip()).filter(lambda t: "\n" not in t)
COMMENTS = st.lists(COMMENT, max_size=2).map(tuple)

SEED_TARGETS = (
    "888 场",
    "100%",
    "≤7.55 万元",
    "≥90%",
    "达到长期效果",
    "9 名",
    "3.17 万元",
    "长期",
    "≥98%",
    "≤25 万元/辆",
    "≤6 个月",
    "2023 年底完成",
    "≤6 月份",
    "良",
    "/",
    "95%-100%",
    "[80%, 90%]",
    "≥1次",
    "不超过 10 万元",
    "12分",
    "127870",
    ".15",
    "0.63 万元",
    "≤410 元/人",
    "6月底前",
)
UNITS = ("", "%", "元", "万元", "亿元", "场", "人次", "个月", "天", "万元/辆", "‰")
OPS = ("", "≥", "≤", ">", "<", "=", ">=", "<=")


@st.composite
def generated_value_text(draw: st.DrawFn) -> str:
    number = draw(st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False))
    return f"{draw(st.sampled_from(OPS))}{number}{draw(st.sampled_from(UNITS))}"


def _readable(text: str) -> bool:
    try:
        parse_value(text)
    except ValueSyntaxError:
        return False
    return True


VALUE_TEXT = st.one_of(st.sampled_from(SEED_TARGETS), generated_value_text(), TEXT).filter(
    _readable
)
MONEY_TEXT = st.builds(
    lambda n, u: f"{n}{u}",
    st.decimals(min_value=0, max_value=10**7, places=2, allow_nan=False),
    st.sampled_from(("元", "万元", "亿元")),
)


@st.composite
def grade_criteria(draw: st.DrawFn, texts: st.SearchStrategy[str]) -> tuple[GradeCriterion, ...]:
    """Tier criteria as a tier table has them: some of 优 良 中 差, best first."""
    grades = draw(st.lists(st.sampled_from(Grade), unique=True, max_size=4))
    ordered = sorted(grades, key=lambda g: -g.rank)
    return tuple(GradeCriterion(grade=g, criterion=parse_value(draw(texts))) for g in ordered)


@st.composite
def indicators(draw: st.DrawFn) -> Indicator:
    return Indicator(
        level1=draw(st.sampled_from(Level1)),
        level2=draw(st.sampled_from(Level2)),
        name=draw(TEXT),
        target=parse_value(draw(VALUE_TEXT)),
        description=draw(st.none() | TEXT),
        basis=draw(st.none() | TEXT),
        weight=draw(st.none() | st.decimals(min_value=0, max_value=100, places=2, allow_nan=False)),
        nature=draw(st.none() | st.sampled_from(Nature)),
        goal=draw(st.none() | st.integers(min_value=1, max_value=5)),
        not_applicable=draw(st.booleans()),
        long_term_target=draw(st.none() | VALUE_TEXT.map(parse_value)),
        grades=draw(grade_criteria(VALUE_TEXT)),
        comments=draw(COMMENTS),
    )


def _money(text: str) -> Comparison:
    value = parse_value(text)
    assert isinstance(value, Comparison)
    return value


@st.composite
def projects(draw: st.DrawFn) -> Project:
    return Project(
        name=draw(TEXT),
        code=draw(st.none() | TEXT),
        info=tuple(
            Info(label=label, value=value, comments=c)
            for label, value, c in draw(st.lists(st.tuples(TEXT, TEXT, COMMENTS), max_size=2))
        ),
        budget=draw(st.none() | MONEY_TEXT.map(_money)),
        funds=tuple(
            Fund(source=s, amount=_money(a), comments=c)
            for s, a, c in draw(st.lists(st.tuples(TEXT, MONEY_TEXT, COMMENTS), max_size=2))
        ),
        goals=tuple(
            Goal(text=t, comments=c)
            for t, c in draw(st.lists(st.tuples(TEXT, COMMENTS), max_size=3))
        ),
        indicators=tuple(draw(st.lists(indicators(), max_size=6))),
        comments=draw(COMMENTS),
        end_comments=draw(COMMENTS),
    )


@st.composite
def rulesets(draw: st.DrawFn) -> Ruleset:
    header = draw(
        st.none()
        | st.builds(
            Header,
            title=st.none() | TEXT,
            department=st.none() | TEXT,
            year=st.none() | st.integers(min_value=1990, max_value=2100),
            currency=st.none() | st.sampled_from(("元", "万元")),
            policy=st.none() | TEXT,
            comments=COMMENTS,
        )
    )
    ruleset = Ruleset(
        header=header,
        projects=tuple(draw(st.lists(projects(), max_size=3))),
        end_comments=draw(COMMENTS),
        budget=draw(st.none() | budgets()),
    )
    assume(ruleset.header is not None or ruleset.projects or not ruleset.end_comments or True)
    return ruleset


# ---- budget tables ------------------------------------------------------------------------
SIGNED = st.decimals(min_value=-(10**7), max_value=10**7, places=2, allow_nan=False)
OPTIONAL = st.none() | SIGNED
SHORT = TEXT.filter(lambda t: len(t) <= 8)


@st.composite
def amounts(draw: st.DrawFn, column: str) -> Amount:
    kind = draw(st.sampled_from(("number", "empty", "text")))
    if kind == "number":
        value = draw(SIGNED)
        return Amount(column=column, value=value, text=format(value, "f"))
    if kind == "empty":
        return Amount(column=column)
    return Amount(column=column, text=draw(SHORT.filter(bool)))


@st.composite
def budget_rows(draw: st.DrawFn, side: Side, columns: tuple[str, ...]) -> BudgetRow:
    width = draw(st.integers(min_value=0, max_value=len(columns)))
    return BudgetRow(
        number=draw(st.sampled_from(("", "1", "12")) | SHORT),
        side=side,
        code=draw(st.sampled_from(("", "201", "20103", "2010301")) | SHORT),
        name=draw(TEXT),
        amounts=tuple(draw(amounts(c)) for c in columns[:width]),
        comments=draw(COMMENTS),
    )


@st.composite
def budget_tables(draw: st.DrawFn) -> BudgetTable:
    kind = draw(st.sampled_from(TableKind))
    two_sided = kind in (TableKind.SUMMARY, TableKind.FISCAL_SUMMARY)
    headings = st.lists(SHORT, max_size=3).map(tuple)
    income: tuple[str, ...] = draw(headings) if two_sided else ()
    others: tuple[str, ...] = draw(headings)
    sides = (Side.INCOME, Side.EXPENDITURE) if two_sided else (Side.ROW,)
    rows = []
    for _ in range(draw(st.integers(min_value=0, max_value=4))):
        side = draw(st.sampled_from(sides))
        rows.append(draw(budget_rows(side, income if side is Side.INCOME else others)))
    return BudgetTable(
        kind=kind,
        title=draw(TEXT),
        unit=draw(st.sampled_from(("万元", "元")) | TEXT),
        columns=income + others,
        income_columns=len(income),
        rows=tuple(rows),
        note=draw(st.just("") | TEXT),
        pages=draw(st.integers(min_value=1, max_value=9)),
        comments=draw(COMMENTS),
        end_comments=draw(COMMENTS),
    )


@st.composite
def budgets(draw: st.DrawFn) -> Budget:
    """Any budget model a .perf file can carry (no extraction repairs: those stay in the text)."""
    change_keys = st.sampled_from(tuple(CHANGE_LABELS))
    return Budget(
        department=draw(st.just("") | TEXT),
        year=draw(st.none() | st.integers(min_value=1990, max_value=2100)),
        tables=tuple(draw(st.lists(budget_tables(), max_size=3))),
        figures=tuple(
            Figure(key=k, value=v, text=t, comments=c)
            for k, v, t, c in draw(
                st.lists(
                    st.tuples(st.sampled_from(tuple(FIGURE_LABELS)), SIGNED, TEXT, COMMENTS),
                    max_size=3,
                )
            )
        ),
        changes=tuple(
            Change(
                key=draw(change_keys),
                amount=draw(SIGNED),
                text=draw(TEXT),
                this_year=draw(OPTIONAL),
                last_year=draw(OPTIONAL),
                parts_of=draw(st.just("") | change_keys),
                comments=draw(COMMENTS),
            )
            for _ in range(draw(st.integers(min_value=0, max_value=2)))
        ),
        procurement=tuple(
            ProcurementItem(
                project=draw(TEXT),
                project_budget=draw(OPTIONAL),
                item=draw(TEXT),
                catalogue=draw(SHORT),
                unit=draw(SHORT),
                quantity=draw(OPTIONAL),
                unit_price=draw(OPTIONAL),
                amount=draw(OPTIONAL),
                comments=draw(COMMENTS),
            )
            for _ in range(draw(st.integers(min_value=0, max_value=2)))
        ),
        procurement_total=draw(OPTIONAL),
        comments=draw(COMMENTS),
        end_comments=draw(COMMENTS),
    )


__all__ = ["Decimal", "budgets", "indicators", "projects", "rulesets"]
