"""`perfgoals audit`: self-assessment tables re-scored, published points set against the policy's.

PERFGOALS_REGEN=1 python -m pytest tests/importer     # rewrite the samples and golden files
"""

from __future__ import annotations

import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from perfgoals.cli import main
from perfgoals.importer import import_file
from perfgoals.importer.audit import published_rate
from perfgoals.language.model import Ruleset
from tests.conftest import ROOT
from tests.golden import assert_golden, regenerating

from .self_assessment_sample import CORRECTED, csv_text, sample_rows, write_xlsx

SAMPLE_XLSX = Path("samples") / "self-assessment-central.xlsx"
SAMPLE_CSV = Path("samples") / "self-assessment-central.csv"


def audit(runner: CliRunner, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(main, ["audit", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def in_root(monkeypatch: pytest.MonkeyPatch) -> None:
    """Run from the repository root, so the sources in the output are relative paths."""
    monkeypatch.chdir(ROOT)


# ---- the samples ---------------------------------------------------------------------------
def test_sample_csv(seed_ruleset: Ruleset) -> None:
    path = ROOT / SAMPLE_CSV
    if regenerating():
        path.write_text(csv_text(seed_ruleset), encoding="utf-8")
    assert path.read_text(encoding="utf-8") == csv_text(seed_ruleset)


def test_sample_xlsx(seed_ruleset: Ruleset) -> None:
    """The workbook holds the builder's rows, numbers as numbers, and its merged ranges."""
    path = ROOT / SAMPLE_XLSX
    if regenerating():
        write_xlsx(path, seed_ruleset)
    rows, merges = sample_rows(seed_ruleset)
    sheet = load_workbook(path).active
    assert {(m.min_row, m.min_col, m.max_row, m.max_col) for m in sheet.merged_cells.ranges} == set(
        merges
    )
    assert sheet.max_row == len(rows)
    assert sheet.cell(6, 8).value == pytest.approx(9.83)  # the funds row's 得分, a number
    assert sheet.cell(6, 7).number_format == "0.00%"


def test_sample_forms_audit_the_same(runner: CliRunner, in_root: None) -> None:
    outputs = []
    for path in (SAMPLE_XLSX, SAMPLE_CSV):
        code, out, _ = audit(runner, str(path), "--format", "json")
        assert code == 1
        outputs.append(_without_sources(json.loads(out)))
    assert outputs[0] == outputs[1]


def _without_sources(data: Any) -> Any:
    if isinstance(data, dict):
        return {
            k: _without_sources(v) for k, v in data.items() if k not in ("source", "path", "sheet")
        }
    if isinstance(data, list):
        return [_without_sources(v) for v in data]
    return data


@pytest.mark.parametrize(
    ("fmt", "suffix"), [("table", "txt"), ("json", "json"), ("markdown", "md")]
)
def test_sample_golden(runner: CliRunner, in_root: None, fmt: str, suffix: str) -> None:
    code, out, stderr = audit(runner, str(SAMPLE_XLSX), "--format", fmt)
    assert code == 1
    assert_golden(f"importer/self-assessment-central.{suffix}", out)
    assert (
        "39 rows read, 13 indicators, 2 budget rows, 6 skipped "
        "(0 not table content, 0 rejected, 6 totals and breakdowns)" in stderr
    )


# ---- hand-computed differences -------------------------------------------------------------
# (project, line label, occurrence) → (published − policy points, a word the note must hold)
EXPECTED = {
    # 118 / 120 = 98.33% → 9.83 published; 118 / 122 = 96.72% → 9.67
    ("公务用车购置", "预算执行率", None): ("0.16", "年初预算数"),
    # 25 / 26 × 10 = 9.6153… → 9.62; published 9.26
    ("公务用车购置", "每辆车购置价格", 1): ("-0.36", None),
    # 10 + 10 + 10 + 9.62 + 10 + 27 + 10 + 9.67 = 96.29; published 96.09
    ("公务用车购置", "总分", None): ("-0.20", None),
    # 380 ≤ 410: full 15; published 380 / 410 × 15 = 13.90
    ("区直部门职工体检费", "全区人员体检费用", None): ("-1.10", "read the other way"),
    # 14.25 + 10 + 10 + 15 + 24 + 9.79 + 9.50 = 92.54; published 92.44, its 得分 add up to 91.44
    ("区直部门职工体检费", "总分", None): ("-0.10", "(91.44)"),
}


def test_sample_differences(runner: CliRunner, in_root: None) -> None:
    code, out, _ = audit(runner, str(SAMPLE_XLSX), "--format", "json")
    data = json.loads(out)
    assert code == 1 and data["agrees"] is False and data["differences"] == len(EXPECTED)
    found = {}
    for project in data["projects"]:
        for line in project["lines"]:
            key = (project["name"], line["label"], line["occurrence"])
            assert line["weight_difference"] is None, key  # every 分值 is the policy's
            if not line["agrees"]:
                found[key] = line
    assert set(found) == set(EXPECTED)
    for key, (difference, word) in EXPECTED.items():
        line = found[key]
        assert Decimal(line["points_difference"]) == Decimal(difference), key
        if word:
            assert any(word in note for note in line["notes"]), (key, line["notes"])
    execution = found[("公务用车购置", "预算执行率", None)]
    assert execution["rate_differs"] and execution["published_rate"] == "98.33%"
    assert execution["rate"] == "96.72" and execution["row"] == 6
    # the policy's own score of each project
    assert [p["score"] for p in data["projects"]] == ["96.29", "92.54"]


def test_every_row_accounted_for(runner: CliRunner, in_root: None) -> None:
    """Each row is used or listed; each published indicator, funds and 总分 row has a line."""
    code, out, _ = audit(runner, str(SAMPLE_CSV), "--format", "json")
    assert code == 1
    data = json.loads(out)
    rows = data["rows"]
    left_out = sum(last - first + 1 for first, last in (n["rows"] for n in rows["left_out"]))
    assert rows["read"] == rows["used"] + left_out == 39
    published = set()
    indicators = False
    for n, line in enumerate((ROOT / SAMPLE_CSV).read_text(encoding="utf-8").splitlines(), 1):
        if line.startswith(("总分", ",年度资金总额")) or (indicators and line[:4] != "一级指标"):
            published.add(n)
        indicators = line.startswith("一级指标") or (indicators and not line.startswith("总分"))
    audited = {line["row"] for p in data["projects"] for line in p["lines"] if line["row"]}
    assert len(published) == 17 and audited == published  # 2 funds, 13 indicators, 2 总分
    assert import_file(ROOT / SAMPLE_CSV).report.balanced()


# ---- agreement -----------------------------------------------------------------------------
def test_corrected_tables_agree(runner: CliRunner, seed_ruleset: Ruleset, tmp_path: Path) -> None:
    xlsx = tmp_path / "corrected.xlsx"
    write_xlsx(xlsx, seed_ruleset, CORRECTED)
    csv = tmp_path / "corrected.csv"
    csv.write_text(csv_text(seed_ruleset, CORRECTED), encoding="utf-8")
    for path in (xlsx, csv):
        code, out, _ = audit(runner, str(path), "--format", "json")
        data = json.loads(out)
        assert code == 0, [
            line for p in data["projects"] for line in p["lines"] if not line["agrees"]
        ]
        assert data["agrees"] and data["differences"] == 0


AGREEING = [
    "项目名称,公务用车购置,,,,,,",
    "项目资金（万元）,年初预算数,全年预算数（A）,全年执行数（B）,分值,执行率（B/A）,得分,",
    "年度资金总额,122,122,118,10,96.7%,9.67,",
    "一级指标,二级指标,三级指标,年度指标值,实际完成值,分值,得分,偏差原因分析及改进措施",
    "产出指标,数量指标,更新购置公务用车数量,6 辆,6 辆,50,50,",
    "效益指标,可持续影响指标,提高外出办理公务效率,达到预期,基本达到,30,25,部分达成",
    "满意度指标,服务对象满意度指标,服务对象满意度,≥95%,93%,10,9.789,",
    "总分,,,,,100,94.46,",
]


def test_agreement_within_rounding(runner: CliRunner, write_text) -> None:  # type: ignore[no-untyped-def]
    """A rate printed to one place and 得分 to three agree once rounded as the policy rounds."""
    code, out, _ = audit(runner, str(write_text(AGREEING, name="ok.csv")), "--format", "json")
    data = json.loads(out)
    assert code == 0, out
    lines = data["projects"][0]["lines"]
    assert [line["points"] for line in lines] == [
        "9.67",
        "50.00",
        "25.00",
        "9.79",
        "50.00",
        "25.00",
        "9.79",
        "94.46",
    ]


def test_weights_that_differ_from_the_policy(runner: CliRunner, write_text) -> None:  # type: ignore[no-untyped-def]
    """分值 are the ruleset's weights: 产出 60 and execution 5 differ from central's 50 and 10."""
    table = [*AGREEING[:2], "年度资金总额,122,122,118,5,96.7%,4.84,", *AGREEING[3:]]
    table[4] = "产出指标,数量指标,更新购置公务用车数量,6 辆,6 辆,60,60,"
    table[-1] = "总分,,,,,105,99.63,"
    code, out, _ = audit(runner, str(write_text(table, name="w.csv")), "--format", "json")
    assert code == 1
    lines = {line["label"]: line for line in json.loads(out)["projects"][0]["lines"]}
    assert lines["更新购置公务用车数量"]["weight"] == "60"  # the table's 分值 is used
    assert lines["更新购置公务用车数量"]["weight_difference"] is None
    assert lines["产出"]["weight_difference"] == "10" and lines["产出"]["weight"] == "50"
    assert lines["预算执行率"]["weight_difference"] == "-5"
    # Execution keeps the policy's weight: 118 / 122 × 10 = 9.67 against 4.84 published.
    assert lines["预算执行率"]["points_difference"] == "-4.83"
    # maximum 10 + 60 + 30 + 10 = 110; earned 9.67 + 60 + 25 + 9.79 = 104.46 → × 100 / 110
    assert lines["总分"]["points"] == "94.96" and lines["总分"]["weight"] == "110.00"
    assert lines["总分"]["published_weight"] == "105"  # 5 + 60 + 30 + 10
    assert lines["总分"]["points_difference"] == "4.67"


def test_markdown_and_table_name_the_differences(runner: CliRunner, in_root: None) -> None:
    code, md, _ = audit(runner, str(SAMPLE_CSV), "--format", "markdown")
    assert code == 1
    assert "| 16 | 产出 | 成本 | 每辆车购置价格 (第 1) |" in md and "| -0.36 |" in md
    assert "2 个项目，5 处不一致" in md


def test_json_output_does_not_import_rich() -> None:
    code = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from perfgoals.cli import main\n"
        f"r = CliRunner().invoke(main, ['audit', {str(ROOT / SAMPLE_CSV)!r}, '--format', 'json'])\n"
        "assert r.exit_code == 1, r.output\n"
        "assert 'rich' not in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("96.72%", (Decimal("96.72"), 2)),
        ("96.7％", (Decimal("96.7"), 1)),
        ("0.9672", (Decimal("96.72"), 2)),
        ("95", (Decimal(95), 0)),
        ("约九成", None),
        ("", None),
    ],
)
def test_published_rate(text: str, expected: tuple[Decimal, int] | None) -> None:
    assert published_rate(text) == expected


# ---- unusable and incomplete tables ---------------------------------------------------------
HEADER = "一级指标,二级指标,三级指标,年度指标值,实际完成值,分值,得分,偏差原因分析及改进措施"
ROW = "产出指标,数量指标,更新购置公务用车数量,6 辆,6 辆,50,50,"


@pytest.mark.parametrize(
    ("lines", "position", "words"),
    [
        pytest.param(
            ["一级指标,二级指标,三级指标,指标值,分值", "产出指标,数量指标,车辆,6 辆,50"],
            "t.csv:1:1:",
            "not a self-assessment table",
            id="target-table",
        ),
        pytest.param([HEADER, ROW + ",多出来的格"], "t.csv:2:9:", "outside the table", id="wide"),
        pytest.param(["绩效自评表", "说明"], "t.csv:1:1:", "unrecognised layout", id="no-header"),
    ],
)
def test_malformed_tables(runner: CliRunner, write_text, lines, position, words) -> None:  # type: ignore[no-untyped-def]
    code, out, stderr = audit(runner, str(write_text(lines, name="t.csv")))
    assert code == 2, stderr
    assert position in stderr and words in stderr, stderr
    assert out == ""  # (no crash: `audit` checks the runner's exception, as stderr never shows one)


@pytest.mark.parametrize(
    ("lines", "note"),
    [
        pytest.param(
            [
                "项目资金（万元）,年初预算数,全年预算数（A）,全年执行数（B）,分值,执行率,得分",
                "年度资金总额,122,见附表,118,10,96.72%,9.67",
                HEADER,
                ROW,
            ],
            "t.csv:2: note (column adjusted): budget '见附表' is not an amount of money",
            id="funds-amount",
        ),
        pytest.param(
            [
                "项目资金（万元）,年初预算数,全年预算数（A）,全年执行数（B）,分值,执行率,得分",
                "年度资金总额,122,122,118,10,96.72%,九点六七",
                HEADER,
                ROW,
            ],
            "t.csv:2: note (column points): 得分 '九点六七' is not a number",
            id="funds-points",
        ),
        pytest.param(
            [HEADER, ROW, "总分,,,,,,满分"], "t.csv:3: rejected (column points): 总分", id="total"
        ),
    ],
)
def test_unreadable_figures_are_reported(runner: CliRunner, write_text, lines, note) -> None:  # type: ignore[no-untyped-def]
    """A published figure that is not a number is reported at its row and left unchecked."""
    code, _, stderr = audit(runner, str(write_text(lines, name="t.csv")))
    assert code == 1, stderr
    assert note in stderr and "Traceback" not in stderr


def test_empty_points_are_filled_in(runner: CliRunner, write_text) -> None:  # type: ignore[no-untyped-def]
    """No 得分 published: the table is scored (its points filled in), not audited."""
    lines = [
        "一级指标,二级指标,三级指标,年度指标值,实际完成值,分值,得分",
        "产出指标,数量指标,车,6 辆,3 辆,50,",
        "效益指标,社会效益指标,出行,≥90%,95%,50,",
    ]
    code, out, stderr = audit(runner, str(write_text(lines, name="t.csv")), "--format", "json")
    data = json.loads(out)
    points = [i["points"] for i in data["projects"][0]["indicators"]]
    # 3 / 6 × 50 = 25; 95% ≥ 90%: full points 50.
    assert "not audited" in stderr and "Traceback" not in stderr
    assert points[0] == "25.00" and points[1] == "50.00"
    assert code in (0, 1)


def test_unknown_policy(runner: CliRunner, write_text) -> None:  # type: ignore[no-untyped-def]
    code, _, stderr = audit(runner, str(write_text(AGREEING, name="ok.csv")), "--policy", "nope")
    assert code == 2 and "unknown policy 'nope'" in stderr


def test_empty_workbook(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "empty.xlsx"
    path.write_bytes(b"")
    code, _, stderr = audit(runner, str(path))
    assert code == 2 and "empty.xlsx:1:1: empty file" in stderr


def test_rejected_row_is_a_finding(runner: CliRunner, write_text) -> None:  # type: ignore[no-untyped-def]
    """A row the import could not read leaves its points unchecked: listed, and exit 1."""
    table = [*AGREEING[:5], "产出指标,产量指标,某项,6 辆,6 辆,10,10,", *AGREEING[5:]]
    code, out, stderr = audit(runner, str(write_text(table, name="r.csv")), "--format", "json")
    data = json.loads(out)
    assert code == 1 and data["differences"] == 0 and not data["agrees"]
    (rejected,) = [n for n in data["rows"]["left_out"] if n["kind"] == "rejected"]
    assert rejected["rows"] == [6, 6] and rejected["column"] == "level2"
    assert "r.csv:6: rejected (column level2): unknown 二级指标 '产量指标'" in stderr


def test_a_table_whose_first_project_has_no_indicators_is_one_positioned_line() -> None:
    """From the corpus (元洲 2022): a 绩效自评表 without 得分, whose first project lists no
    indicator; once an IndexError, now audited like any other table."""
    from click.testing import CliRunner

    from perfgoals.cli import main

    table = Path(__file__).resolve().parents[1] / "data" / "importer"
    path = table / "01-yuanzhou-nongji-malingshu-yuanzhong-2022.tsv"
    result = CliRunner().invoke(main, ["audit", str(path)])
    assert result.exit_code in (0, 1) and not isinstance(result.exception, Exception)
    assert f"{path}: 33 rows read, 11 indicators, 1 budget rows" in result.stderr


def test_table_slips_against_itself(runner: CliRunner, write_text) -> None:  # type: ignore[no-untyped-def]
    """The table's own sums: 其中 rows against the total, block weights, 得分 above 分值."""
    table = [
        AGREEING[0],
        AGREEING[1],
        AGREEING[2],
        "其中：本年财政拨款,100,100,100,,,,",  # 100 + 20 = 120, not 122
        "上年结转资金,20,20,18,,,,",
        "一级指标,二级指标,三级指标,年度指标值,实际完成值,分值,得分,偏差原因分析及改进措施",
        "产出指标(60分),数量指标,更新购置公务用车数量,6 辆,6 辆,50,55,",  # 50 ≠ 60; 55 > 50
        "效益指标(30分),可持续影响指标,提高外出办理公务效率,达到预期,基本达到,30,25,部分达成",
        "满意度指标(10分),服务对象满意度指标,服务对象满意度,≥95%,93%,10,9.789,",
        "总分,,,,,100,99.46,",
    ]
    code, out, _ = audit(runner, str(write_text(table, name="slips.csv")), "--format", "json")
    notes = [n for line in json.loads(out)["projects"][0]["lines"] for n in line["notes"]]
    assert code == 1
    assert (
        "年度资金总额 122万元 is not the sum of its 其中 rows (100万元 + 20万元 = 120万元)" in notes
    )
    # 60 + 30 + 10 + 10 (预算执行率) = 110, printed as a table of 100.
    assert any(n.startswith("block weights 60 + 30 + 10 + 10 (预算执行率) = 110") for n in notes)
    assert "its 分值 add up to 50, not the 60 its label declares" in notes
    assert "得分 55 is above its 分值 50" in notes
