"""Matching actuals to projects and indicators: codes, duplicate names, occurrences, problems."""

from __future__ import annotations

from decimal import Decimal

from perfgoals.language.model import Ruleset
from perfgoals.language.parser import parse_document
from perfgoals.language.policy import CENTRAL
from perfgoals.scoring import score
from perfgoals.scoring.results import AssessmentResult, Status


def run(seed: Ruleset, text: str) -> AssessmentResult:
    document = parse_document(text, "actuals.perf")
    assert document.assessment is not None
    return score(seed, document.assessment, CENTRAL)


def by_code(result: AssessmentResult, code: str):  # type: ignore[no-untyped-def]
    return next(p for p in result.projects if p.code == code)


def messages(result: AssessmentResult) -> list[str]:
    return [p.describe() for p in result.problems if "no actuals for this project" not in p.message]


def test_duplicate_indicator_names_by_occurrence(seed_ruleset: Ruleset) -> None:
    # project 13 has two cost indicators named 每辆车购置价格 (≤25 and ≤18 万元/辆)
    result = run(
        seed_ruleset,
        """assessment { project "公务用车购置" {
        actual 成本 "每辆车购置价格" 第 1 24万元/辆
        actual "每辆车购置价格" occurrence 2 "20 万元/辆"
    } }""",
    )
    cost = [i for i in by_code(result, "13").indicators if i.name == "每辆车购置价格"]
    assert [(i.occurrence, i.status) for i in cost] == [(1, Status.MET), (2, Status.PARTLY_MET)]
    assert cost[1].formula == "18 / 20 × 10 = 9.00"
    assert messages(result) == []


def test_ambiguous_name_is_reported_with_its_position(seed_ruleset: Ruleset) -> None:
    result = run(
        seed_ruleset,
        """assessment { project "公务用车购置" {
        actual 成本 "每辆车购置价格" 24万元/辆
    } }""",
    )
    assert messages(result) == [
        "actuals.perf:2:9: [公务用车购置 [13]] indicator 成本 '每辆车购置价格' is ambiguous: "
        "2 indicators match; give its level 2 or its occurrence"
    ]


def test_project_19_repeated_names(seed_ruleset: Ruleset) -> None:
    result = run(
        seed_ruleset,
        """assessment { project "联通专线电视电话会议设备购置费" {
        actual "会议设备数量" 第 1 "1"
        actual "会议设备数量" 第 2 "1"
        actual "会议设备数量" 第 3 "0"
        actual "会议设备数量" 第 4 "1"
    } }""",
    )
    devices = [i for i in by_code(result, "19").indicators if i.name == "会议设备数量"]
    assert [i.status for i in devices] == [Status.MET, Status.MET, Status.MISSED]
    assert messages(result) == [
        "actuals.perf:5:9: [联通专线电视电话会议设备购置费 [19]] no occurrence 4 of indicator "
        "'会议设备数量' (there are 3)"
    ]


def test_shared_project_names_need_a_code(seed_ruleset: Ruleset) -> None:
    name = "关于提前下达 2023 年省级和市级公共文化服务体系建设的补助资金的通知"
    result = run(
        seed_ruleset,
        f"""assessment {{
      project "{name}" {{ executed 1万元 }}
      project "{name}" {{ code "15" executed 1万元 }}
    }}""",
    )
    assert messages(result) == [
        f"actuals.perf:2:7: [{name}] 3 projects have this name; give the project's code"
    ]
    assert by_code(result, "15").execution.executed == Decimal(10000)
    assert by_code(result, "14").execution.executed is None


def test_unknown_and_duplicate_actuals_are_reported(seed_ruleset: Ruleset) -> None:
    result = run(
        seed_ruleset,
        """assessment {
      project "公务用车购置" {
        actual "没有这个指标" 1
        actual "完成率" 100%
        actual "完成率" 90%
      }
      project "没有这个项目" { }
      project "公务用车购置" { code "99" }
    }""",
    )
    assert messages(result) == [
        "actuals.perf:7:7: [没有这个项目] no project of this name in the ruleset",
        "actuals.perf:8:7: [公务用车购置 [99]] no project with code '99' in the ruleset",
        "actuals.perf:3:9: [公务用车购置 [13]] unknown indicator '没有这个指标'",
        "actuals.perf:5:9: [公务用车购置 [13]] duplicate actual for indicator '完成率'; "
        "the first is used",
    ]
    rate = next(i for i in by_code(result, "13").indicators if i.name == "完成率")
    assert rate.actual == "100%"


def test_one_bad_actual_never_stops_the_rest(seed_ruleset: Ruleset) -> None:
    result = run(
        seed_ruleset,
        """assessment { project "公务用车购置" {
        actual "服务对象满意度" 8人
        actual "完成率" 100%
    } }""",
    )
    project = by_code(result, "13")
    statuses = {i.name: i.status for i in project.indicators}
    assert statuses["服务对象满意度"] is Status.ERROR
    assert statuses["完成率"] is Status.MET
    assert result.has_findings


def test_projects_without_actuals_are_reported(seed_ruleset: Ruleset) -> None:
    result = run(seed_ruleset, "assessment { }")
    assert len(result.problems) == 36
    assert result.summary is not None
    assert result.summary.statuses["no_data"] == 265
