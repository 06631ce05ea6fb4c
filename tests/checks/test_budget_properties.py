"""Properties of the budget tie-outs: a generated budget that ties out gives no finding, and
changing any one of its amounts gives at least one."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from perfgoals.checks import select_rules
from perfgoals.checks.config import Config
from perfgoals.checks.runner import check_model
from perfgoals.language.budget import Amount, Budget, BudgetRow, BudgetTable, Side, TableKind
from perfgoals.language.errors import Span
from perfgoals.language.model import Ruleset

CENT = Decimal("0.01")
MONEY = st.integers(min_value=0, max_value=10**7).map(lambda n: Decimal(n) * CENT)
SELECTION = select_rules(Config(), ["B", "C"])


class _Lines:
    """Hands out one source line per amount, so every finding has its own position."""

    def __init__(self) -> None:
        self.line = 0

    def span(self) -> Span:
        self.line += 1
        return Span(line=self.line, column=1, end_line=self.line, end_column=2)


def _row(
    lines: _Lines, code: str, name: str, values: dict[str, Decimal], side: Side = Side.ROW
) -> BudgetRow:
    amounts = tuple(
        Amount(column=c, value=v, text=format(v, "f"), span=lines.span()) for c, v in values.items()
    )
    return BudgetRow(side=side, code=code, name=name, amounts=amounts, span=lines.span())


# 类 → 款 → 项 codes as a generated budget uses them, each with its published name.
CLASSES = (
    (
        "201",
        "一般公共服务支出",
        (("20103", "政府办公厅（室）及相关机构事务", ("2010301", "2010302")),),
    ),
    ("208", "社会保障和就业支出", (("20805", "行政事业单位养老支出", ("2080501", "2080505")),)),
    (
        "210",
        "卫生健康支出",
        (("21004", "公共卫生", ("2100410",)), ("21011", "行政事业单位医疗", ("2101101",))),
    ),
)
ITEMS = [item for _, _, sections in CLASSES for _, _, items in sections for item in items]


@st.composite
def budgets(draw: st.DrawFn) -> Budget:
    basic = {item: draw(MONEY) for item in ITEMS}
    project = {item: draw(MONEY) for item in ITEMS}
    lines = _Lines()

    def split(b: Decimal, p: Decimal) -> dict[str, Decimal]:
        return {"合计": b + p, "基本支出": b, "项目支出": p}

    rows: list[BudgetRow] = []
    class_totals: list[tuple[str, Decimal]] = []
    for code, name, sections in CLASSES:
        items = [i for _, _, its in sections for i in its]
        cb, cp = sum(basic[i] for i in items), sum(project[i] for i in items)
        rows.append(_row(lines, code, name, split(cb, cp)))
        class_totals.append((name, cb + cp))
        for section, section_name, its in sections:
            sb, sp = sum(basic[i] for i in its), sum(project[i] for i in its)
            rows.append(_row(lines, section, section_name, split(sb, sp)))
            for item in its:
                rows.append(_row(lines, item, f"项{item}", split(basic[item], project[item])))
    tb, tp = sum(basic.values()), sum(project.values())
    total = _row(lines, "", "合计", split(tb, tp))
    expenditure = BudgetTable(
        kind=TableKind.EXPENDITURE,
        title="部门预算支出总表",
        columns=("合计", "基本支出", "项目支出"),
        rows=(total, *rows),
    )
    personnel = draw(st.integers(min_value=0, max_value=int(tb / CENT))) * CENT
    public = tb - personnel
    wages = _row(
        lines,
        "301",
        "工资福利支出",
        {"合计": personnel, "人员经费": personnel, "公用经费": Decimal(0)},
    )
    goods = _row(
        lines, "302", "商品和服务支出", {"合计": public, "人员经费": Decimal(0), "公用经费": public}
    )
    basic_table = BudgetTable(
        kind=TableKind.GENERAL_BASIC,
        title="部门预算一般公共预算财政拨款基本支出表",
        columns=("合计", "人员经费", "公用经费"),
        rows=(
            _row(lines, "", "合计", {"合计": tb, "人员经费": personnel, "公用经费": public}),
            wages,
            goods,
        ),
    )
    purchase, running, reception = draw(MONEY), draw(MONEY), draw(MONEY)
    vehicle = purchase + running
    three = purchase + running + reception

    def both(v: Decimal) -> dict[str, Decimal]:
        return {"合计": v, "一般公共预算财政拨款": v}

    three_table = BudgetTable(
        kind=TableKind.THREE_PUBLIC,
        title="部门预算财政拨款“三公”经费支出表",
        columns=("合计", "一般公共预算财政拨款"),
        rows=(
            _row(lines, "", "合计", both(three)),
            _row(lines, "", "“三公”经费小计", both(three)),
            _row(lines, "", "一、因公出国(境)费", both(Decimal(0))),
            _row(lines, "", "二、公务用车购置及运维费", both(vehicle)),
            _row(lines, "", "其中：公务用车购置费", both(purchase)),
            _row(lines, "", "公务用车运行维护费", both(running)),
            _row(lines, "", "三、公务接待费", both(reception)),
        ),
    )
    grand = tb + tp
    summary_rows = [_row(lines, "", "一、一般公共预算拨款收入", {"预算数": grand}, Side.INCOME)]
    summary_rows += [
        _row(lines, "", f"{n}、{name}", {"预算数": v}, Side.EXPENDITURE)
        for n, (name, v) in zip("一二三", class_totals, strict=True)
    ]
    summary_rows += [
        _row(lines, "", "本年收入合计", {"预算数": grand}, Side.INCOME),
        _row(lines, "", "本年支出合计", {"预算数": grand}, Side.EXPENDITURE),
        _row(lines, "", "上年结转结余", {"预算数": Decimal(0)}, Side.INCOME),
        _row(lines, "", "年终结转结余", {"预算数": Decimal(0)}, Side.EXPENDITURE),
        _row(lines, "", "收入总计", {"预算数": grand}, Side.INCOME),
        _row(lines, "", "支出总计", {"预算数": grand}, Side.EXPENDITURE),
    ]
    summary = BudgetTable(
        kind=TableKind.SUMMARY,
        title="部门预算收支总表",
        columns=("预算数", "预算数"),
        rows=tuple(summary_rows),
    )
    return Budget(tables=(summary, expenditure, basic_table, three_table))


def _findings(budget: Budget) -> list[str]:
    text = "\n" * 400
    result = check_model(text, "generated.txt", Ruleset(), (), SELECTION, None, budget)
    return [f"{f.code} {f.message}" for f in result.findings]


def _amounts(budget: Budget) -> list[tuple[int, int, int]]:
    return [
        (t, r, a)
        for t, table in enumerate(budget.tables)
        for r, row in enumerate(table.rows)
        for a in range(len(row.amounts))
    ]


def _change(budget: Budget, where: tuple[int, int, int], delta: Decimal) -> Budget:
    t, r, a = where
    table = budget.tables[t]
    row = table.rows[r]
    amount = row.amounts[a]
    value = (amount.value or Decimal(0)) + delta
    amounts = list(row.amounts)
    amounts[a] = amount.model_copy(update={"value": value, "text": format(value, "f")})
    rows = list(table.rows)
    rows[r] = row.model_copy(update={"amounts": tuple(amounts)})
    tables = list(budget.tables)
    tables[t] = table.model_copy(update={"rows": tuple(rows)})
    return budget.model_copy(update={"tables": tuple(tables)})


@given(budgets())
def test_a_budget_that_ties_out_has_no_finding(budget: Budget) -> None:
    assert _findings(budget) == []


@given(budgets(), st.data(), st.integers(min_value=1, max_value=10**6).map(lambda n: n * CENT))
def test_changing_any_one_amount_is_found(
    budget: Budget, data: st.DataObject, delta: Decimal
) -> None:
    where = data.draw(st.sampled_from(_amounts(budget)))
    sign = data.draw(st.sampled_from((1, -1)))
    assert _findings(_change(budget, where, delta * sign)) != []


# ---- the same budgets written into a .perf file ---------------------------------------------
def _perf_findings(budget: Budget) -> tuple[str, list[tuple[int, str]]]:
    """Check the budget as a ruleset file carries it: the text and each finding's line."""
    from perfgoals.checks import check_text
    from perfgoals.language.formatter import format_ruleset

    text = format_ruleset(Ruleset(budget=budget))
    result = check_text(text, "generated.perf", SELECTION)
    assert result.usable, [f.render() for f in result.findings]
    return text, [(f.line, f.code) for f in result.findings]


@settings(max_examples=50, deadline=None)
@given(budgets())
def test_a_perf_budget_that_ties_out_has_no_finding(budget: Budget) -> None:
    assert _perf_findings(budget)[1] == []


@settings(max_examples=50, deadline=None)
@given(budgets(), st.data(), st.integers(min_value=1, max_value=10**6).map(lambda n: n * CENT))
def test_changing_any_one_amount_of_a_perf_budget_is_found_on_its_lines(
    budget: Budget, data: st.DataObject, delta: Decimal
) -> None:
    where = data.draw(st.sampled_from(_amounts(budget)))
    sign = data.draw(st.sampled_from((1, -1)))
    text, found = _perf_findings(_change(budget, where, delta * sign))
    assert found != []
    lines = text.splitlines()
    assert all(0 < line <= len(lines) for line, _ in found)
