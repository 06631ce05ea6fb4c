"""The `部门预算 { … }` block: the budget tables in a .perf file, parsed, formatted, exported."""

from __future__ import annotations

import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings

from perfgoals.importer import import_file
from perfgoals.importer.budget import read_budget
from perfgoals.importer.build import checked
from perfgoals.language.budget import Budget, Side, TableKind
from perfgoals.language.errors import SourceError
from perfgoals.language.export import ruleset_from_json, ruleset_json
from perfgoals.language.formatter import format_document, format_ruleset
from perfgoals.language.model import Ruleset, json_schema
from perfgoals.language.parser import parse_document, parse_ruleset
from tests.conftest import SEED_DISCLOSURE
from tests.strategies import budgets

EXAMPLE = """\
# 开发区综合办的部门预算
部门预算 {
  部门 "开发区综合办"
  年度 2023

  表 收支总表 "部门预算收支总表" {
    单位 万元
    收入栏 "预算数"
    支出栏 "预算数"
    收入 1 - "一、一般公共预算拨款收入" 30.00
    支出 1 - "一、一般公共服务支出" 30.00
  }

  表 支出总表 "部门预算支出总表" {
    单位 万元
    页数 2
    栏 "合计" "基本支出" "项目支出"
    行 1 - "合计" 30.00 10.00 20.00
    # 行政运行 has no 项目支出
    行 2 2010301 "行政运行" 10.00 10.00 -
    行 3 2010302 "一般行政管理事务" 20.00 "2O.00"
    注 "注：示例"
  }

  说明 支出预算 30 "支出预算30万元"
  增减 收支预算 -5 "较2022年预算减少5万元" 本年 30 上年 35
  增减 基本支出 -5 "基本支出减少5万元" 所属 收支预算

  政府采购 "公务用车购置" 122.00 "轿车" "A02030501" "辆" 4 18.00 72.00
  政府采购合计 72.00
}
"""


def _budget(text: str) -> Budget:
    budget = parse_ruleset(text, "b.perf").budget
    assert budget is not None
    return budget


def test_a_budget_officer_writes_the_tables_as_published() -> None:
    budget = _budget(EXAMPLE)
    assert (budget.department, budget.year) == ("开发区综合办", 2023)
    summary, spending = budget.tables
    assert summary.kind is TableKind.SUMMARY and summary.income_columns == 1
    assert summary.columns == ("预算数", "预算数")
    assert [(r.side, r.name) for r in summary.rows] == [
        (Side.INCOME, "一、一般公共预算拨款收入"),
        (Side.EXPENDITURE, "一、一般公共服务支出"),
    ]
    assert spending.kind is TableKind.EXPENDITURE and spending.pages == 2
    assert spending.note == "注：示例"
    total, running, general = spending.rows
    assert (total.number, total.code, total.name) == ("1", "", "合计")
    assert [(a.column, a.value, a.text) for a in running.amounts] == [
        ("合计", Decimal("10.00"), "10.00"),
        ("基本支出", Decimal("10.00"), "10.00"),
        ("项目支出", None, ""),
    ]
    # A cell that is no number keeps its published text (B010 reports it); one left off is
    # simply not there, and counts as 0 like an empty one.
    assert general.amount("基本支出") == general.amounts[1]
    assert (general.amounts[1].value, general.amounts[1].text) == (None, "2O.00")
    assert general.amount("项目支出") is None
    assert running.comments == (" 行政运行 has no 项目支出",)
    assert budget.comments == (" 开发区综合办的部门预算",)
    figure = budget.figure("expenditure_total")
    assert figure is not None and figure.value == 30
    total_change, basic_change = budget.changes
    assert (total_change.key, total_change.amount, total_change.last_year) == (
        "total",
        Decimal(-5),
        Decimal(35),
    )
    assert (basic_change.key, basic_change.parts_of) == ("basic", "total")
    (car,) = budget.procurement
    assert (car.project, car.quantity, car.unit_price, car.amount) == (
        "公务用车购置",
        Decimal(4),
        Decimal("18.00"),
        Decimal("72.00"),
    )
    assert budget.procurement_total == Decimal("72.00")


def test_positions_point_into_the_perf_file() -> None:
    budget = _budget(EXAMPLE)
    running = budget.tables[1].rows[1]
    assert (running.span.line, running.span.column) == (20, 5)
    assert (running.code_span.line, running.code_span.column) == (20, 9)
    cell = running.amounts[1]
    assert (cell.span.line, cell.span.column, cell.span.end_column) == (20, 30, 35)
    assert EXAMPLE.splitlines()[19][29:34] == "10.00"
    car = budget.procurement[0].amount_span
    assert (car.line, car.column, car.end_column) == (29, 53, 58)
    assert EXAMPLE.splitlines()[28][52:57] == "72.00"


def test_english_keywords_read_the_same() -> None:
    english = """\
budget_tables {
  department "开发区综合办"
  year 2023
  table expenditure "部门预算支出总表" {
    unit 万元
    columns "合计" "基本支出"
    row 1 201 "一般公共服务支出" 30.00 10.00
  }
  figure expenditure_total 30 "支出预算30万元"
  change total 5 "增加5万元" this_year 30 last_year 25 part_of total
  procurement "项目" - "" "" "" - - 1
  procurement_total 1
}
"""
    budget = _budget(english)
    chinese = _budget(format_ruleset(Ruleset(budget=budget)))
    assert budget == chinese
    assert budget.tables[0].rows[0].value("基本支出") == Decimal("10.00")
    assert budget.changes[0].parts_of == "total"


@pytest.mark.parametrize(
    ("text", "line", "column", "words"),
    [
        ('部门预算 {\n  表 总表 "x" {\n  }\n}\n', 2, 5, "unknown budget table '总表'"),
        (
            '部门预算 {\n  表 支出总表 "x" {\n    栏 "合计"\n    行 1 201 "a" 1.00 2.00\n  }\n}\n',
            4,
            22,
            "this row has 2 amounts, its table 1 columns",
        ),
        (
            '部门预算 {\n  表 支出总表 "x" {\n    栏 "合计"\n    行 1 201 "a" 1,00\n  }\n}\n',
            4,
            17,
            "cannot read amount '1,00'",
        ),
        (
            '部门预算 {\n  表 支出总表 "x" {\n    栏 "合计"\n    行 1 201 "a" 1'
            + "0" * 30
            + "\n  }\n}\n",
            4,
            17,
            "number too long to hold exactly",
        ),
        ('部门预算 {\n  说明 收入 3 "x"\n}\n', 2, 6, "unknown figure '收入'"),
        ('部门预算 {\n  增减 收入 3 "x"\n}\n', 2, 6, "unknown change '收入'"),
        ('部门预算 {\n  政府采购 "a" 1 "b"\n}\n', 2, 3, "a procurement row has 8 cells"),
        ("部门预算 {\n}\n部门预算 {\n}\n", 3, 1, "at most one 部门预算 block"),
    ],
)
def test_mistakes_are_reported_where_they_are(
    text: str, line: int, column: int, words: str
) -> None:
    with pytest.raises(SourceError) as caught:
        parse_ruleset(text, "b.perf")
    first = caught.value.diagnostics[0]
    assert (first.line, first.column) == (line, column), first.render()
    assert words in first.message


@settings(max_examples=150, deadline=None)
@given(budgets())
def test_parse_of_format_gives_the_same_budget(budget: Budget) -> None:
    ruleset = Ruleset(budget=budget)
    text = format_ruleset(ruleset)
    assert parse_ruleset(text) == ruleset
    assert format_ruleset(parse_ruleset(text)) == text
    assert ruleset_from_json(ruleset_json(ruleset)) == ruleset


def test_comments_are_kept_through_format() -> None:
    text = format_document(parse_document(EXAMPLE))
    for line in EXAMPLE.splitlines():
        if line.strip().startswith("#"):
            assert line in text.splitlines()
    assert format_document(parse_document(text)) == text


def test_the_json_export_carries_the_budget_and_the_schema_describes_it() -> None:
    ruleset = parse_ruleset(EXAMPLE)
    data = json.loads(ruleset_json(ruleset))
    assert data["budget"]["tables"][1]["rows"][1]["amounts"][0] == {
        "column": "合计",
        "value": "10.00",
        "text": "10.00",
        "span": {"line": 20, "column": 24, "end_line": 20, "end_column": 29},
    }
    assert "budget" not in json.loads(ruleset_json(Ruleset()))  # rulesets without tables
    schema = json_schema()
    assert "budget" in schema["properties"]
    assert {"Budget", "BudgetTable", "BudgetRow", "Amount"} <= set(schema["$defs"])


def test_the_seed_tables_in_the_imported_perf_are_the_disclosure_tables() -> None:
    """What `perfgoals import` writes reads back to the tables read from the text, figure for
    figure; only the comments (the repairs, noted above their rows) differ."""
    imported = checked(import_file(SEED_DISCLOSURE).ruleset, "seed")
    assert imported.budget is not None
    from_text = read_budget(SEED_DISCLOSURE)

    def bare(budget: Budget) -> Budget:
        tables = tuple(
            t.model_copy(
                update={
                    "comments": (),
                    "rows": tuple(r.model_copy(update={"comments": ()}) for r in t.rows),
                }
            )
            for t in budget.tables
        )
        return budget.model_copy(update={"tables": tables, "comments": (), "repairs": ()})

    assert bare(imported.budget) == bare(from_text)
    assert sum(len(t.rows) for t in imported.budget.tables) == sum(
        len(t.rows) for t in from_text.tables
    )
    notes = [c for t in imported.budget.tables for r in t.rows for c in r.comments]
    assert len(notes) == 42  # the repairs B012 reports on the text
    assert " 读取修复 split-code：2010 301 → 2010301" in notes


def test_check_and_budget_commands_read_a_perf_file(tmp_path: Path) -> None:
    perf = tmp_path / "seed.perf"
    run = [sys.executable, "-m", "perfgoals"]
    made = subprocess.run([*run, "import", str(SEED_DISCLOSURE), "-q", "-o", str(perf)])
    assert made.returncode == 0
    quiet = subprocess.run(
        [*run, "check", str(perf), "--select", "B,C"], capture_output=True, text=True
    )
    assert quiet.returncode == 0, quiet.stdout + quiet.stderr
    text = perf.read_text(encoding="utf-8")
    slipped = text.replace('行 24 221 "住房保障支出" 69.60', '行 24 221 "住房保障支出" 69.70', 1)
    assert slipped != text
    perf.write_text(slipped, encoding="utf-8")
    found = subprocess.run(
        [*run, "check", str(perf), "--select", "B,C", "--format", "json"],
        capture_output=True,
        text=True,
    )
    assert found.returncode == 1, found.stderr
    findings = json.loads(found.stdout)
    line = slipped.splitlines().index(
        '    行 24 221 "住房保障支出" 69.70 69.60 69.60 - - - - - - -'
    )
    assert {f["code"] for f in findings} >= {"B002", "B005"}
    assert all(f["path"] == str(perf) for f in findings)
    assert any((f["line"], f["column"]) == (line + 1, 23) for f in findings)
    shown = subprocess.run([*run, "budget", str(perf)], capture_output=True, text=True)
    assert shown.returncode == 0, shown.stderr
    assert "部门预算收支总表" in shown.stdout and "69.70" in shown.stdout
    exported = subprocess.run(
        [*run, "budget", str(perf), "--format", "json"], capture_output=True, text=True
    )
    assert len(json.loads(exported.stdout)["tables"]) == 9


def test_the_example_in_docs_language_is_valid() -> None:
    doc = (Path(__file__).resolve().parents[2] / "docs" / "language.md").read_text("utf-8")
    blocks = [b.split("```", 1)[0] for b in doc.split("```perf\n")[1:]]
    (example,) = [b for b in blocks if b.startswith("部门预算")]
    budget = _budget(example)
    assert [t.kind for t in budget.tables] == [TableKind.EXPENDITURE, TableKind.SUMMARY]


def test_a_suppression_comment_silences_a_budget_finding_in_a_perf_file() -> None:
    from perfgoals.checks import check_text, select_rules
    from perfgoals.checks.config import Config

    source = """\
部门预算 {
  表 支出总表 "部门预算支出总表" {
    栏 "合计" "基本支出" "项目支出"
    行 1 - "合计" 31.00 10.00 20.00  # perfgoals: ignore[B001] as printed
    行 2 201 "一般公共服务支出" 30.00 10.00 20.00
  }
}
"""
    selection = select_rules(Config(), ["B001", "B003"])
    findings = check_text(source, "s.perf", selection).findings
    assert [(f.code, f.line, f.column) for f in findings] == [("B003", 4, 16)]


def test_a_code_that_reads_like_a_keyword_is_quoted() -> None:
    from perfgoals.language.budget import BudgetRow, BudgetTable

    table = BudgetTable(
        kind=TableKind.INCOME,
        title="",
        unit="行",
        rows=(BudgetRow(code="本年", number="行"),),
    )
    ruleset = Ruleset(budget=Budget(tables=(table,)))
    assert parse_ruleset(format_ruleset(ruleset)) == ruleset
