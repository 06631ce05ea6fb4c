"""`perfgoals monitor`, `profiles` and `template --progress`: goldens on the seed department's
July, exit codes, colours and NO_COLOR, the JSON contract, the workbook in LibreOffice."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from perfgoals.cli import main
from perfgoals.language.parser import parse_file
from perfgoals.monitoring import monitor
from perfgoals.monitoring.profiles import load_profile
from perfgoals.monitoring.table import read_progress
from perfgoals.reports.monitor import render
from tests.conftest import ROOT, SEED_RULESET
from tests.golden import assert_golden

PROGRESS = ROOT / "samples" / "xingtai-kfq-2023-progress-07.perf"


def run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), env=env)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def relative(text: str) -> str:
    return text.replace(str(ROOT) + "/", "")


@pytest.mark.parametrize("profile", ["time-proportional", "sichuan-2025", "central-136"])
def test_json_golden(profile: str) -> None:
    code, out, _ = run(
        "monitor", str(SEED_RULESET), str(PROGRESS), "--profile", profile, "--format", "json"
    )
    assert code == 1  # red projects and missing explanations, on purpose
    assert_golden(f"monitoring/xingtai-kfq-2023-07.{profile}.json", relative(out))


@pytest.mark.parametrize("fmt", ["table", "csv"])
def test_other_formats_golden(fmt: str) -> None:
    code, out, _ = run("monitor", str(SEED_RULESET), str(PROGRESS), "--format", fmt, "--explain")
    assert code == 1
    suffix = {"table": "txt", "csv": "csv"}[fmt]
    assert_golden(f"monitoring/xingtai-kfq-2023-07.{suffix}", relative(out))


def test_a_csv_file_is_what_chinese_excel_opens(tmp_path: Path) -> None:
    out = tmp_path / "监控.csv"
    code, _, _ = run("monitor", str(SEED_RULESET), str(PROGRESS), "--format", "csv", "-o", str(out))
    assert code == 1
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 with the byte-order mark
    _, shown, _ = run("monitor", str(SEED_RULESET), str(PROGRESS), "--format", "csv")
    assert data.decode("utf-8-sig") == shown


@pytest.mark.parametrize(
    ("name", "fmt"),
    [("监控.csv", "csv"), ("监控.json", "json"), ("监控.txt", "table"), ("监控.md", "table")],
)
def test_the_output_name_picks_the_format_as_for_score(tmp_path: Path, name: str, fmt: str) -> None:
    out = tmp_path / name
    code, _, _ = run("monitor", str(SEED_RULESET), str(PROGRESS), "-o", str(out))
    assert code == 1
    _, shown, _ = run("monitor", str(SEED_RULESET), str(PROGRESS), "--format", fmt)
    bom = b"\xef\xbb\xbf" if fmt == "csv" else b""  # what Chinese Excel needs, as score writes
    assert out.read_bytes() == bom + shown.encode("utf-8")


def test_a_named_format_wins_over_the_output_name(tmp_path: Path) -> None:
    out = tmp_path / "监控.json"
    run("monitor", str(SEED_RULESET), str(PROGRESS), "--format", "csv", "-o", str(out))
    _, shown, _ = run("monitor", str(SEED_RULESET), str(PROGRESS), "--format", "csv")
    assert out.read_bytes() == b"\xef\xbb\xbf" + shown.encode("utf-8")
    book = tmp_path / "监控表.out"
    code, _, err = run(
        "monitor", str(SEED_RULESET), str(PROGRESS), "--format", "xlsx", "-o", str(book)
    )
    assert code == 1 and "wrote" in err
    assert book.read_bytes().startswith(b"PK")  # a workbook, whatever its name


def test_a_workbook_needs_a_file_name() -> None:
    code, out, err = run("monitor", str(SEED_RULESET), str(PROGRESS), "--format", "xlsx")
    assert code == 2 and out == ""
    assert "--format xlsx writes a file: name it with -o FILE.xlsx" in err


def test_the_json_contract() -> None:
    _, out, _ = run("monitor", str(SEED_RULESET), str(PROGRESS), "--format", "json")
    data = json.loads(out)
    assert {"month", "profile", "projects"} <= set(data)
    assert data["month"] == 7 and data["profile"] == "time-proportional"
    colours = {"red", "yellow", "green", "blue", "pending", "not_applicable", "no_data"}
    for project in data["projects"]:
        assert {"name", "code", "colour", "budget", "goals", "indicators"} <= set(project)
        assert {"rate", "value", "colour", "formula"} <= set(project["budget"])
        assert project["colour"] in colours
        for indicator in project["indicators"]:
            keys = {"name", "level1", "level2", "target", "current", "expected_to_date"}
            keys |= {"value", "colour", "formula", "needs_explanation"}
            assert keys <= set(indicator)
            assert indicator["colour"] in colours
            assert indicator["value"] is None or isinstance(indicator["value"], str)
    found = {i["colour"] for p in data["projects"] for i in p["indicators"]}
    assert {"red", "yellow", "green", "blue"} <= found  # the sample shows every light


def test_the_seed_july_in_numbers() -> None:
    result = monitor(
        parse_file(SEED_RULESET), read_progress(PROGRESS), load_profile("time-proportional")
    )
    summary = result.summary()
    assert summary["projects"] == 36
    assert sum(summary["indicator_colours"].values()) == 265
    assert summary["missing_explanation"] > 0 and result.problems == []
    # 2022 年农村公益电影放映: 4.75 of 7.92 万元 in July: (47500 / 79200) ÷ (7/12) × 100 = 102.81
    first = result.projects[0]
    assert first.budget.formula == "(47500元 / 79200元) ÷ (7/12) × 100 = 102.81 → green"


def test_colours_respect_no_color_and_words_stand_beside_them(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    result = monitor(
        parse_file(SEED_RULESET), read_progress(PROGRESS), load_profile("time-proportional")
    )
    monkeypatch.delenv("NO_COLOR", raising=False)
    coloured = render(result, "table", color=True)
    assert "\x1b[1;31m[红]\x1b[0m" in coloured
    monkeypatch.setenv("NO_COLOR", "1")
    plain = render(result, "table", color=True)
    assert "\x1b[" not in plain and "[红]" in plain and "[绿]" in plain


def test_exit_codes() -> None:
    code, _, err = run("monitor", str(SEED_RULESET), "nope.perf")
    assert code == 2 and "cannot read file" in err
    code, _, err = run("monitor", str(SEED_RULESET), str(PROGRESS), "--profile", "nope")
    assert code == 2 and "unknown monitoring profile 'nope'" in err


def test_all_green_exits_zero(tmp_path: Path) -> None:
    ruleset = tmp_path / "r.perf"
    ruleset.write_text(
        'ruleset { department "d" year 2023 }\nproject "p" {\n  budget 12万元\n'
        '  产出 { 数量 "x" "12 场" }\n}\n',
        encoding="utf-8",
    )
    progress = tmp_path / "p.perf"
    progress.write_text(
        'progress {\n  month 6\n  project "p" {\n    executed 6万元\n'
        '    current 数量 "x" 6场\n  }\n}\n',
        encoding="utf-8",
    )
    code, out, _ = run("monitor", str(ruleset), str(progress))
    assert code == 0, out
    assert "[绿] p" in out


def test_profiles_lists_the_shipped_ones() -> None:
    code, out, _ = run("profiles")
    assert code == 0
    assert [line.split("\t")[0] for line in out.splitlines()] == [
        "central-136",
        "sichuan-2025",
        "time-proportional",
    ]


def test_perf_template_round_trip(tmp_path: Path) -> None:
    code, out, _ = run(
        "template", str(SEED_RULESET), "--progress", "--month", "7", "--format", "perf"
    )
    assert code == 0 and out.startswith("# 运行监控 1-7 月")
    filled = out.replace(
        '    # current 产出 数量 "农村公益电影放映"',
        '    current 产出 数量 "农村公益电影放映" 444场 #',
    )
    path = tmp_path / "p.perf"
    path.write_text(filled, encoding="utf-8")
    progress = read_progress(path)
    assert progress.month == 7 and len(progress.projects) == 36
    assert progress.projects[0].indicators[0].current is not None


def test_csv_template_filled_reads_back(tmp_path: Path) -> None:
    template = tmp_path / "t.csv"
    code, _, _ = run(
        "template", str(SEED_RULESET), "--progress", "--month", "7", "-o", str(template)
    )
    assert code == 0
    rows = list(csv.reader(template.read_text(encoding="utf-8-sig").splitlines()))
    header = rows[0]
    assert "1-7月执行情况" in header and "完成目标可能性" in header
    current, executed = header.index("1-7月执行情况"), header.index("1-7月执行数（万元）")
    likelihood = header.index("完成目标可能性")
    rows[1][current], rows[1][executed], rows[1][likelihood] = "444场", "4.75", "0"
    with template.open("w", encoding="utf-8", newline="") as file:
        csv.writer(file).writerows(rows)
    progress = read_progress(template)
    assert progress.month == 7
    first = progress.projects[0]
    assert first.executed == 47500
    assert first.indicators[0].likelihood is None  # 0 is "not filled", never 完全不可能
    result = monitor(parse_file(SEED_RULESET), progress, load_profile("time-proportional"))
    assert result.projects[0].indicators[0].colour.value == "green"


def test_xlsx_template_filled_reads_back(tmp_path: Path) -> None:
    import openpyxl

    path = tmp_path / "t.xlsx"
    code, _, _ = run("template", str(SEED_RULESET), "--progress", "-o", str(path))
    assert code == 0
    workbook = openpyxl.load_workbook(path)
    sheet = workbook.active
    header = [c.value for c in sheet[1]]
    sheet.cell(2, header.index("1-7月执行情况") + 1).value = "200场"
    sheet.cell(2, header.index("偏差原因类别") + 1).value = "经费保障"
    workbook.save(path)
    progress = read_progress(path)
    entry = progress.projects[0].indicators[0]
    assert entry.current is not None and entry.current.text == "200场"
    assert entry.cause is not None and entry.cause.value == "经费保障"


def test_a_bad_table_cell_is_positioned(tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    path.write_text(
        "项目名称,三级指标,1-7月执行情况,完成目标可能性\np,x,≥≥3,也许\n", encoding="utf-8"
    )
    code, _, err = run("monitor", str(SEED_RULESET), str(path))
    assert code == 2
    assert (
        f"{path}:2:3: 1-7月执行情况 (当前完成值): cannot read"
        in err.replace("当前完成值: cannot", "1-7月执行情况 (当前完成值): cannot")
        or f"{path}:2:3:" in err
    )
    assert f"{path}:2:4:" in err and "也许" in err


def test_the_monitoring_table_opens_in_libreoffice(tmp_path: Path) -> None:
    book = tmp_path / "监控表.xlsx"
    code, _, err = run("monitor", str(SEED_RULESET), str(PROGRESS), "-o", str(book))
    assert code == 1 and "wrote" in err
    profile = tmp_path / "lo-profile"
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "csv:Text - txt - csv (StarCalc):44,34,76",  # comma, quote, UTF-8
            "--outdir",
            str(tmp_path),
            str(book),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    text = (tmp_path / "监控表.csv").read_text(encoding="utf-8", errors="replace")
    assert "项目支出绩效目标执行监控表（1-7月）" in text
    assert "2022 年农村公益电影放映区级补助资金" in text and "红" in text


def test_monitor_starts_without_heavy_imports() -> None:
    code = (
        "import sys, perfgoals.cli.monitor, perfgoals.monitoring\n"
        "assert 'openpyxl' not in sys.modules and 'sqlalchemy' not in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True)


def test_the_workbook_keeps_names_that_look_like_formulas_as_text(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    ruleset = tmp_path / "r.perf"
    ruleset.write_text(
        'project "=HYPERLINK(1)" { budget 10万元\n  产出 { 数量 "=1+1" "10 场" } }\n',
        encoding="utf-8",
    )
    progress = tmp_path / "p.perf"
    progress.write_text(
        'progress { month 7\n  project "=HYPERLINK(1)" { executed 5万元\n'
        '    current 数量 "=1+1" 6场 explain "+1 场次取消" } }\n',
        encoding="utf-8",
    )
    book = tmp_path / "监控表.xlsx"
    code, _, err = run("monitor", str(ruleset), str(progress), "-o", str(book))
    assert code in (0, 1), err
    cells = [
        cell
        for sheet in load_workbook(book).worksheets
        for row in sheet.iter_rows()
        for cell in row
        if isinstance(cell.value, str) and cell.value.startswith(("=", "+"))
    ]
    assert {c.value for c in cells} >= {"=HYPERLINK(1)", "=1+1", "+1 场次取消"}
    assert all(c.data_type == "s" and c.quotePrefix for c in cells)


def test_the_workbook_takes_a_name_with_a_control_character(tmp_path: Path) -> None:
    # A worksheet cannot hold U+0001: it is shown as U+FFFD, as the score's forms show it.
    from openpyxl import load_workbook

    ruleset = tmp_path / "r.perf"
    ruleset.write_text('project "a\x01b" { 产出 { 数量 "n" "10 场" } }\n', encoding="utf-8")
    progress = tmp_path / "p.perf"
    progress.write_text(
        'progress { month 7\n  project "a\x01b" { current 数量 "n" 6场 } }\n', encoding="utf-8"
    )
    book = tmp_path / "监控表.xlsx"
    code, _, err = run("monitor", str(ruleset), str(progress), "-o", str(book))
    assert code in (0, 1) and "wrote" in err
    assert load_workbook(book)["监控表"]["B3"].value == "a\ufffdb"
