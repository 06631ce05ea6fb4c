"""The workbooks open and print in LibreOffice: a PDF without errors, the pages expected."""

from __future__ import annotations

from pathlib import Path

from perfgoals.actuals.reader import read_actuals
from perfgoals.language.parser import parse_ruleset
from perfgoals.reports.self_assessment import write_self_assessment
from perfgoals.reports.target_table import write_target_table
from perfgoals.scoring import score
from perfgoals.scoring.policies import load_policy
from tests.reports.conftest import Scored
from tests.reports.office import page_count, page_texts, to_pdf

ORDINARY = "\n".join(
    f"""project "项目{n}" {{
  code "{n}"
  goal "完成年度任务{n}。"
  产出 {{
    数量 "培训人次" "≥{100 * n} 人次"
    质量 "合格率" ≥95%
    时效 "完成时间" "2023年12月底前"
    成本 "培训成本" "≤{n}万元"
  }}
  效益 {{ 社会效益 "群众知晓率" ≥90% }}
  满意度 {{ 服务对象满意度 "参训人员满意度" ≥90% }}
}}"""
    for n in range(1, 6)
)
ACTUALS = "\n".join(
    f"""  project "项目{n}" {{
    code "{n}"
    budget {n}万元
    executed {n * 95 / 100}万元
    actual 产出 数量 "培训人次" "{100 * n} 人次"
    actual 产出 质量 "合格率" 96%
    actual 产出 时效 "完成时间" 2023-12-20
    actual 产出 成本 "培训成本" {n}万元
    actual 效益 社会效益 "群众知晓率" 92%
    actual 满意度 服务对象满意度 "参训人员满意度" 88% explain "培训场地偏远。"
  }}"""
    for n in range(1, 6)
)


def _ordinary(tmp_path: Path) -> Scored:
    ruleset = parse_ruleset('ruleset "测试" { department "测试局" year 2023 }\n' + ORDINARY)
    actuals = tmp_path / "actuals.perf"
    actuals.write_text("assessment {\n" + ACTUALS + "\n}\n", encoding="utf-8")
    policy = load_policy("central")
    return Scored(ruleset, policy, score(ruleset, read_actuals(actuals), policy))


def test_one_page_per_ordinary_project(tmp_path: Path) -> None:
    s = _ordinary(tmp_path)
    assert not s.result.problems
    both = tmp_path / "自评表.xlsx", tmp_path / "目标表.xlsx"
    write_self_assessment(both[0], s.result, s.ruleset)
    write_target_table(both[1], s.ruleset)
    pdf, _ = to_pdf(both[0], tmp_path)
    assert page_count(pdf) == 1 + 5  # 汇总, then one page a project
    pdf, _ = to_pdf(both[1], tmp_path)
    assert page_count(pdf) == 5


def test_the_seed_workbooks_print(tmp_path: Path, seed_scored: Scored) -> None:
    path = tmp_path / "自评表.xlsx"
    write_self_assessment(path, seed_scored.result, seed_scored.ruleset)
    pdf, _ = to_pdf(path, tmp_path)
    pages = page_texts(pdf)
    # 汇总 of 36 projects on two landscape pages (its header row repeated), then every
    # project of the seed on a page of its own.
    assert len(pages) == 2 + 36
    assert pages[0].lstrip().startswith("开发区综合办2023年度项目支出绩效自评汇总")
    assert pages[1].lstrip().startswith("序号")
    assert all(p.lstrip().startswith("项目支出绩效自评表") for p in pages[2:])
    assert all("第 " in p and " 页，共 38 页" in p for p in pages)

    path = tmp_path / "目标表.xlsx"
    write_target_table(path, seed_scored.ruleset)
    pdf, _ = to_pdf(path, tmp_path)
    pages = page_texts(pdf)
    starts = [p.lstrip().startswith("项目支出绩效目标表") for p in pages]
    assert starts.count(True) == 36
    # Two projects with long indicator descriptions run onto a second page, which starts with
    # the repeated indicator header.
    continued = [p for p, start in zip(pages, starts, strict=True) if not start]
    assert len(pages) == 38 and len(continued) == 2
    assert all(p.lstrip().startswith("一级指标") for p in continued)
