"""Self-assessment tables (绩效自评表) → ruleset, assessment and the published points."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

from perfgoals.cli import main
from perfgoals.importer import import_file
from perfgoals.language.model import Level1, Level2

TABLE = [
    "项目支出绩效自评表,,,,,,,",
    "项目名称,公务用车购置,主管部门,开发区综合办,,,,",
    "项目资金（万元）,年初预算数,全年预算数（A）,全年执行数（B）,分值,执行率（B/A）,得分,",
    "年度资金总额,122.00,122.00,118.00,10,96.72%,9.67,",
    "其中：本年财政拨款,122.00,122.00,118.00,,,,",
    "年度总体目标,预期目标,,实际完成情况,,,,",
    ",1.保障外出招商。 2.用于公务出行。,,已完成车辆更新,,,,",
    "一级指标,二级指标,三级指标,年度指标值,实际完成值,分值,得分,偏差原因分析及改进措施",
    "产出指标,数量指标,更新购置公务用车数量,6 辆,6 辆,20,20,",
    ",成本指标,每辆车购置价格,≤25 万元/辆,26 万元/辆,20,19.23,价格上涨",
    ",成本指标,每辆车购置价格,≤18 万元/辆,17 万元/辆,10,10,",
    "效益指标,可持续影响指标,提高外出办理公务效率,达到预期,基本达到,30,25,部分达成",
    "满意度指标,服务对象满意度指标,服务对象满意度,≥95%,96%,10,10,",
    "总分,,,,,100,93.9,",
]


def test_self_assessment_csv(write_text) -> None:  # type: ignore[no-untyped-def]
    result = import_file(write_text(TABLE, name="ziping.csv"))
    (project,) = result.ruleset.projects
    assert project.name == "公务用车购置"
    assert [g.text for g in project.goals] == ["保障外出招商。", "用于公务出行。"]
    assert [i.weight for i in project.indicators] == [20, 20, 10, 30, 10]
    assert project.indicators[1].level2 is Level2.COST
    assert project.indicators[3].level1 is Level1.BENEFIT

    assert result.assessment is not None
    (actuals,) = result.assessment.projects
    assert actuals.initial_budget == Decimal("1220000")  # 元
    assert actuals.adjusted_budget == Decimal("1220000")
    assert actuals.executed == Decimal("1180000")
    assert actuals.explanation == "已完成车辆更新"
    first, second, third, qualitative, _ = actuals.actuals
    assert first.value is not None and first.value.text == "6 辆"
    # Two indicators share a name and levels: told apart by occurrence.
    assert (second.indicator.occurrence, third.indicator.occurrence) == (1, 2)
    assert first.indicator.occurrence is None
    assert second.explanation == "价格上涨" and second.points is None
    assert qualitative.points == Decimal("25")  # a qualitative rating keeps its points
    assert second.origin.line == 10 and second.origin.column == 5

    assert result.published is not None
    (published,) = result.published.projects
    assert published.execution_weight == 10 and published.execution_points == Decimal("9.67")
    assert published.execution_rate == "96.72%"
    assert [p.points for p in published.indicators] == [20, Decimal("19.23"), 10, 25, 10]
    assert published.total == Decimal("93.9") and published.total_origin is not None
    assert published.total_origin.line == 14

    notes = {(n.first_row, n.kind.value) for n in result.report.notes}
    assert notes == {(5, "total")}  # the 其中 funds row; the title is read as the title
    assert result.report.balanced()


def test_cli_writes_assessment_and_published(runner, write_text, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    source = write_text(TABLE, name="ziping.csv")
    out = tmp_path / "out"
    result = runner.invoke(
        main,
        [
            "import",
            str(source),
            "-o",
            f"{out}.perf",
            "--assessment",
            f"{out}.assessment.json",
            "--published",
            f"{out}.published.json",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "14 rows read, 5 indicators, 1 budget rows, 1 skipped" in result.stderr
    published = json.loads(Path(f"{out}.published.json").read_text(encoding="utf-8"))
    assert published["projects"][0]["total"] == "93.9"
    assessment = json.loads(Path(f"{out}.assessment.json").read_text(encoding="utf-8"))
    assert len(assessment["projects"][0]["actuals"]) == 5
    assert 'project "公务用车购置"' in Path(f"{out}.perf").read_text(encoding="utf-8")
