"""Disclosure text → budget model: the seed's nine tables with every row (golden JSON), each
extraction repair, the explanation's figures and the procurement rows."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from decimal import Decimal

import pytest

from perfgoals.importer.budget import budget_from_text, read_budget
from perfgoals.importer.disclosure import department_of
from perfgoals.language.budget import Budget, Side, TableKind
from tests.conftest import ROOT, SEED_DISCLOSURE
from tests.golden import assert_golden

from .conftest import seed_lines

SEED = read_budget(SEED_DISCLOSURE)

# Rows per table, counted by hand in the seed (a two-sided row counts once per side it fills:
# 收支总表 income rows 1-9 and 32-34, expenditure rows 1-34).
ROWS = {
    TableKind.SUMMARY: 46,
    TableKind.INCOME: 26,
    TableKind.EXPENDITURE: 26,
    TableKind.FISCAL_SUMMARY: 43,  # income: rows 1-3, 32-37; expenditure: rows 1-33, 37
    TableKind.GENERAL: 24,
    TableKind.GENERAL_BASIC: 31,
    TableKind.FUND: 4,
    TableKind.STATE_CAPITAL: 0,
    TableKind.THREE_PUBLIC: 9,
}


def test_seed_has_the_nine_tables_with_every_row() -> None:
    assert [t.kind for t in SEED.tables] == list(TableKind)
    assert {t.kind: len(t.rows) for t in SEED.tables} == ROWS
    assert SEED.department == "开发区综合办"
    assert SEED.year == 2023


def test_seed_golden_json() -> None:
    text = json.dumps(SEED.to_json_dict(), ensure_ascii=False, indent=2) + "\n"
    assert_golden("importer/xingtai-kfq-2023-budget.json", text)
    assert Budget.from_json_dict(json.loads(text)) == SEED


def test_pages_are_joined() -> None:
    fiscal = SEED.table(TableKind.FISCAL_SUMMARY)
    assert fiscal is not None and fiscal.pages == 7
    income = SEED.table(TableKind.INCOME)
    assert income is not None
    assert [r.number for r in income.rows] == [str(n) for n in range(1, 27)]


def test_split_codes_and_numbers_are_rejoined_and_reported() -> None:
    income = SEED.table(TableKind.INCOME)
    assert income is not None
    row = income.coded()[2]
    assert (row.code, row.value("合计")) == ("2010301", Decimal("1999.58"))
    housing = income.named("住房保障支出")
    assert housing is not None and housing.value("合计") == Decimal("69.60")
    kinds = [(r.kind, r.before, r.after, r.span.line) for r in SEED.repairs]
    assert ("split-code", "2010 301", "2010301", 124) in kinds
    assert ("split-number", "3348 .56", "3348.56", 121) in kinds
    assert ("split-number", "69.6 0", "69.60", 209) in kinds


def test_a_row_continued_after_a_page_break_is_joined() -> None:
    # Seed lines 196-211: `23 2101 行政 40.5`, a page break, then `101 单位医疗 0`.
    budget = budget_from_text(
        "\n".join(["部门预算收入总表", *seed_lines(118, 120), *seed_lines(196, 211)])
    )
    table = budget.table(TableKind.INCOME)
    assert table is not None
    row = next(r for r in table.rows if r.number == "23")
    assert (row.code, row.name, row.value("合计")) == ("2101101", "行政单位医疗", Decimal("40.50"))
    assert any(r.kind == "continued-row" and r.after == "2101101" for r in budget.repairs)


def test_two_sided_tables_keep_both_sides() -> None:
    summary = SEED.table(TableKind.SUMMARY)
    assert summary is not None
    income = summary.named("收入总计", side=Side.INCOME)
    spending = summary.named("支出总计", side=Side.EXPENDITURE)
    assert income is not None and spending is not None
    assert income.value("预算数") == spending.value("预算数") == Decimal("3348.56")
    fiscal = SEED.table(TableKind.FISCAL_SUMMARY)
    assert fiscal is not None
    culture = fiscal.named("文化旅游体育与传媒支出", side=Side.EXPENDITURE)
    assert culture is not None
    assert [
        culture.value(c) for c in ("合计", "一般公共预算财政拨款", "政府性基金预算财政拨款")
    ] == [
        Decimal("20.04"),
        Decimal("16.04"),
        Decimal("4.00"),
    ]


def test_the_empty_table_keeps_its_note() -> None:
    capital = SEED.table(TableKind.STATE_CAPITAL)
    assert capital is not None and capital.rows == ()
    assert capital.note == "注：无国有资本经营预算财政拨款预算，空表列示。"


def test_figures_of_the_explanation() -> None:
    figures = {f.key: f.value for f in SEED.figures}
    assert figures["income_total"] == Decimal("3348.56")
    assert figures["basic"] == Decimal("2224.48")
    assert figures["personnel"] == Decimal("855.6")
    assert figures["public"] == Decimal("1368.88")
    assert figures["income_state_capital"] == 0  # written `0元`, compared in 万元
    assert figures["three_public"] == Decimal("180")
    assert figures["procurement"] == Decimal("345.70")
    changes = {c.key: c.amount for c in SEED.changes}
    assert changes == {
        "total": Decimal("535.8"),
        "basic": Decimal("32.26"),
        "project": Decimal("503.54"),
        "abroad": Decimal("-50"),
        "vehicle": Decimal("0"),
        "reception": Decimal("0"),
    }


def test_procurement_rows() -> None:
    assert SEED.procurement_total == Decimal("345.70")
    amounts = [i.amount for i in SEED.procurement]
    assert amounts == [Decimal(x) for x in ("72.00", "50.00", "33.00", "11.16", "137.50", "42.04")]
    assert sum(a for a in amounts if a is not None) == Decimal("345.70")


def test_budget_command_text_and_json() -> None:
    run = [sys.executable, "-m", "perfgoals", "budget", "samples/xingtai-kfq-2023-disclosure.txt"]
    chinese = {**os.environ, "PERFGOALS_LANG": "zh"}  # the interface's first language
    text = subprocess.run(run, cwd=ROOT, capture_output=True, text=True, check=True, env=chinese)
    assert "部门预算财政拨款“三公”经费支出表" in text.stdout
    assert_golden("importer/xingtai-kfq-2023-budget.txt", text.stdout)
    out = subprocess.run([*run, "--format", "json"], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 0 and out.stderr == ""
    assert Budget.from_json_dict(json.loads(out.stdout)) == SEED


def test_budget_command_without_tables_exits_2(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "empty.txt"
    path.write_text("no tables here\n", encoding="utf-8")
    run = [sys.executable, "-m", "perfgoals", "budget", str(path)]
    out = subprocess.run(run, cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 2
    assert "no budget table" in out.stderr and "Traceback" not in out.stderr


@pytest.mark.parametrize(
    "piece", ["预算年", "度：", "年度:", "算年度：", "预算年度：2023", "单位：万元"]
)
def test_a_broken_page_label_is_furniture_wherever_it_broke(piece: str) -> None:
    from perfgoals.importer.budget_tables import furniture

    assert furniture(piece)


@pytest.mark.parametrize("line", ["度假村", "年度目标", "一般公共预算"])
def test_text_that_only_holds_label_characters_is_not_furniture(line: str) -> None:
    from perfgoals.importer.budget_tables import furniture

    assert not furniture(line)


def test_the_procurement_table_ends_where_text_follows_it() -> None:
    # No 注 line closes it: the heading of the next section does, and the target table's rows
    # after it are no procurement items.
    row = "\t".join(["项目甲", "100", "电脑", "A02010105", "台", "2", "0.5", "1.00"])
    target = "\t".join(["产出指标", "数量指标", "采购台数", "2台", "", "", "", ""])
    text = "\n".join(["部门政府采购预算", row, "1、项目甲绩效目标表", target])
    items = budget_from_text(text).procurement
    assert [(i.project, i.amount) for i in items] == [("项目甲", Decimal("1.00"))]


def test_a_suppression_line_inside_the_procurement_table_does_not_end_it() -> None:
    # docs/budget.md: `# perfgoals: ignore[…]` stands on its own line above the row it silences.
    first = "\t".join(["项目甲", "100", "电脑", "A02010105", "台", "2", "0.5", "1.00"])
    second = "\t".join(["项目乙", "50", "打印机", "A02021001", "台", "1", "0.3", "0.30"])
    text = "\n".join(["部门政府采购预算", first, "# perfgoals: ignore[B009]", second])
    items = budget_from_text(text).procurement
    assert [(i.project, i.amount) for i in items] == [
        ("项目甲", Decimal("1.00")),
        ("项目乙", Decimal("0.30")),
    ]


def test_the_budget_and_the_ruleset_name_the_same_department() -> None:
    # A `2023 年…` title is no unit line, and a stray code-and-name line is outvoted.
    lines = ["2023 年部门预算公开", "201 一般公共服务", "111 开发区综合办", "111 开发区综合办"]
    assert department_of(lines) == "开发区综合办"
    assert department_of(["2023 年部门预算"]) is None
    text = "\n".join(lines)
    assert budget_from_text(text).department == "开发区综合办"
