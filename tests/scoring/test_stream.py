"""Scoring as the files are read gives the same bytes as scoring them whole, in every case."""

from __future__ import annotations

import csv
import io
import json
import random
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from perfgoals.actuals import read_actuals
from perfgoals.actuals.stated import StatedTargets
from perfgoals.language.assessment import ProjectActuals
from perfgoals.language.parser import parse_file
from perfgoals.language.parser.stream import open_streamed
from tests.conftest import ROOT, SEED_RULESET

SAMPLES = ROOT / "samples"


def score(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "perfgoals", "score", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        encoding="utf-8",
    )


def said_elsewhere(stderr: str, out: Path) -> str:
    """stderr without the summary a run written to `out` closes with (a run written to the
    screen shows it there instead), after checking that it is there, once."""
    lines = stderr.splitlines(keepends=True)
    written = [line for line in lines if line.startswith(f"{out}: ")]
    assert len(written) == 1 and " 个项目，平均 " in written[0], stderr
    return "".join(line for line in lines if line not in written)


def both(ruleset: Path, actuals: Path, fmt: str, tmp_path: Path) -> tuple[str, str, int]:
    """(streamed output, in-memory output, exit code), after checking both exit alike."""
    out = tmp_path / f"streamed.{fmt}"
    streamed = score([str(ruleset), str(actuals), "--format", fmt, "-o", str(out)], tmp_path)
    whole = score([str(ruleset), str(actuals), "--format", fmt], tmp_path)
    assert "Traceback" not in streamed.stderr + whole.stderr
    assert streamed.returncode == whole.returncode
    if fmt == "csv":  # a CSV file starts with the byte-order mark Excel needs; stdout does not
        assert out.read_bytes().startswith(b"\xef\xbb\xbf")
        return out.read_text(encoding="utf-8-sig"), whole.stdout, whole.returncode
    return out.read_text(encoding="utf-8"), whole.stdout, whole.returncode


def test_the_seed_file_streams_with_its_spans() -> None:
    streamed = open_streamed(SEED_RULESET)
    assert streamed is not None and len(streamed.entries) == 36
    whole = parse_file(SEED_RULESET).projects
    read = list(streamed.projects())
    assert read == list(whole)
    assert [p.span for p in read] == [p.span for p in whole]
    assert [i.span for p in read for i in p.indicators] == [
        i.span for p in whole for i in p.indicators
    ]
    assert [i.target_span for p in read for i in p.indicators] == [
        i.target_span for p in whole for i in p.indicators
    ]


@pytest.mark.parametrize("fmt", ["csv", "json"])
@pytest.mark.parametrize(
    "actuals", ["xingtai-kfq-2023-actuals.csv", "xingtai-kfq-2023-actuals.xlsx"]
)
def test_the_seed_scores_alike(tmp_path: Path, fmt: str, actuals: str) -> None:
    streamed, whole, code = both(SEED_RULESET, SAMPLES / actuals, fmt, tmp_path)
    assert streamed == whole and code == 1


def shuffled(tmp_path: Path, repeat: bool) -> Path:
    text = (SAMPLES / "xingtai-kfq-2023-actuals.csv").read_text(encoding="utf-8-sig")
    rows = list(csv.reader(text.splitlines()))
    groups: dict[str, list[list[str]]] = {}
    for row in rows[1:]:
        groups.setdefault(row[0], []).append(row)
    codes = list(groups)
    random.Random(7).shuffle(codes)
    chosen = codes[4:] + (codes[4:6] if repeat else [])  # four projects without actuals
    path = tmp_path / "shuffled.csv"
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(rows[0])
        for code in chosen:
            writer.writerows(groups[code])
        writer.writerow(
            ["999", "不存在的项目", "", "", "", "", "", "", "", "", "", "1", "1", "1", ""]
        )
    return path


def test_actuals_in_another_order_with_gaps_and_strangers(tmp_path: Path) -> None:
    path = shuffled(tmp_path, repeat=False)
    for fmt in ("csv", "json"):
        streamed, whole, _ = both(SEED_RULESET, path, fmt, tmp_path)
        assert streamed == whole
    messages = [p["message"] for p in json.loads(whole)["problems"]]
    assert messages[0] == "no project with code '999' in the ruleset"
    assert messages.count("no actuals for this project: every indicator has no data") == 4


def test_a_project_whose_rows_are_apart_is_refused_alike(tmp_path: Path) -> None:
    path = shuffled(tmp_path, repeat=True)
    out = tmp_path / "out.csv"
    streamed = score([str(SEED_RULESET), str(path), "--format", "csv", "-o", str(out)], tmp_path)
    whole = score([str(SEED_RULESET), str(path), "--format", "csv"], tmp_path)
    assert streamed.returncode == whole.returncode == 2
    assert streamed.stderr == whole.stderr and "keep a project's rows together" in whole.stderr
    assert not out.exists()


def test_a_layout_the_scanner_does_not_read_is_scored_whole(tmp_path: Path) -> None:
    text = SEED_RULESET.read_text(encoding="utf-8")
    ruleset = tmp_path / "joined.perf"
    # Two blocks on one line: not cut into blocks, so read the usual way, with the same result.
    ruleset.write_text(text.replace("}\n\nproject", "} project", 1), encoding="utf-8")
    assert open_streamed(ruleset) is None
    actuals = SAMPLES / "xingtai-kfq-2023-actuals.csv"
    streamed, whole, _ = both(ruleset, actuals, "csv", tmp_path)
    assert streamed == whole


def test_a_broken_block_reports_as_the_whole_file_does_and_writes_nothing(tmp_path: Path) -> None:
    text = SEED_RULESET.read_text(encoding="utf-8")
    ruleset = tmp_path / "broken.perf"
    ruleset.write_text(text.replace('"≤7.55 万元"', '"≤ 万元"', 1), encoding="utf-8")
    actuals = SAMPLES / "xingtai-kfq-2023-actuals.csv"
    out = tmp_path / "out.csv"
    streamed = score([str(ruleset), str(actuals), "--format", "csv", "-o", str(out)], tmp_path)
    whole = score([str(ruleset), str(actuals), "--format", "csv"], tmp_path)
    assert streamed.returncode == whole.returncode == 2
    assert streamed.stderr == whole.stderr and "broken.perf:" in streamed.stderr
    assert "Traceback" not in streamed.stderr
    assert not out.exists() and list(tmp_path.glob(".out.csv.*")) == []


def test_actuals_in_the_rulesets_order_are_read_once(tmp_path: Path) -> None:
    from perfgoals.actuals.csv_table import iter_actuals_csv
    from perfgoals.reports.score import result_csv
    from perfgoals.reports.stream import write_csv
    from perfgoals.scoring import score as score_whole
    from perfgoals.scoring.policies import load_policy
    from perfgoals.scoring.stream import OutOfOrder, StreamedScore

    actuals = SAMPLES / "xingtai-kfq-2023-actuals.csv"
    readings: list[int] = []

    def read(stated: StatedTargets, path: Path = actuals) -> Iterator[ProjectActuals]:
        readings.append(1)
        return iter_actuals_csv(path, None, stated)

    policy = load_policy("central")
    streamed = open_streamed(SEED_RULESET)
    assert streamed is not None
    out = io.StringIO()
    write_csv(StreamedScore(streamed, read, policy), out)
    assert len(readings) == 1
    whole = score_whole(parse_file(SEED_RULESET), read_actuals(actuals), policy)
    assert out.getvalue() == result_csv(whole)

    other = shuffled(tmp_path, repeat=False)
    with pytest.raises(OutOfOrder):
        write_csv(
            StreamedScore(streamed, lambda stated: read(stated, other), policy), io.StringIO()
        )
    readings.clear()
    write_csv(
        StreamedScore(streamed, lambda stated: read(stated, other), policy, in_order=False),
        io.StringIO(),
    )
    assert len(readings) == 2


def restated(tmp_path: Path, *, reorder: bool, stranger: bool) -> Path:
    """The seed's actuals with a few 年度指标值 that differ from the ruleset's targets."""
    text = (SAMPLES / "xingtai-kfq-2023-actuals.csv").read_text(encoding="utf-8-sig")
    rows = list(csv.reader(text.splitlines()))
    target = rows[0].index("年度指标值")
    indicator_rows = [row for row in rows[1:] if row[4]]
    for n in (0, 7, 40, 41, len(indicator_rows) - 1):
        indicator_rows[n][target] = "≥1 个"
    groups: dict[str, list[list[str]]] = {}
    for row in rows[1:]:
        groups.setdefault(row[0], []).append(row)
    codes = list(groups)
    if reorder:
        random.Random(11).shuffle(codes)
    path = tmp_path / "restated.csv"
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(rows[0])
        if stranger:  # a code the ruleset lacks, a name it has: noted against that project
            row = list(groups[codes[-1]][1])
            row[0], row[target] = "999", "≥2 个"
            writer.writerow(row)
        for code in codes:
            writer.writerows(groups[code])
    return path


@pytest.mark.parametrize(
    ("reorder", "stranger"), [(False, False), (True, False), (False, True), (True, True)]
)
def test_stated_targets_that_differ_are_noted_alike(
    tmp_path: Path, reorder: bool, stranger: bool
) -> None:
    path = restated(tmp_path, reorder=reorder, stranger=stranger)
    for fmt in ("csv", "json"):
        out = tmp_path / f"streamed.{fmt}"
        streamed = score([str(SEED_RULESET), str(path), "--format", fmt, "-o", str(out)], tmp_path)
        whole = score([str(SEED_RULESET), str(path), "--format", fmt], tmp_path)
        assert "Traceback" not in streamed.stderr + whole.stderr
        assert streamed.returncode == whole.returncode == 1
        encoding = "utf-8-sig" if fmt == "csv" else "utf-8"
        assert out.read_text(encoding=encoding) == whole.stdout
        assert said_elsewhere(streamed.stderr, out) == whole.stderr
        notes = [line for line in whole.stderr.splitlines() if line.startswith("note: ")]
        assert len(notes) == 5 + stranger
        assert all("but the ruleset's target is" in note for note in notes)
        assert "restated.csv:" in notes[0]


def test_stated_targets_are_noted_alike_from_a_workbook(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    book = load_workbook(SAMPLES / "xingtai-kfq-2023-actuals.xlsx")
    sheet = book.worksheets[0]
    header = [cell.value for cell in sheet[1]]
    column = header.index("年度指标值") + 1
    changed = 0
    for row in range(2, sheet.max_row + 1):
        if sheet.cell(row, column).value and row % 9 == 0:
            sheet.cell(row, column).value = "≥3 个"
            changed += 1
    path = tmp_path / "restated.xlsx"
    book.save(path)
    out = tmp_path / "streamed.csv"
    streamed = score([str(SEED_RULESET), str(path), "--format", "csv", "-o", str(out)], tmp_path)
    whole = score([str(SEED_RULESET), str(path), "--format", "csv"], tmp_path)
    assert streamed.returncode == whole.returncode
    assert out.read_text(encoding="utf-8-sig") == whole.stdout
    assert said_elsewhere(streamed.stderr, out) == whole.stderr
    assert changed and whole.stderr.count("note: ") == changed


# ---- the terminal table --------------------------------------------------------------------


def whole_table(ruleset: Path, actuals: Path) -> str:
    """The table as a whole reading draws it (every project held, then drawn)."""
    from perfgoals.reports.score import render
    from perfgoals.scoring import score as run
    from perfgoals.scoring.policies import load_policy

    model = parse_file(ruleset)
    assessment = read_actuals(actuals, model, [])
    return render(run(model, assessment, load_policy("central")), "table")


def province(tmp_path: Path, copies: int) -> tuple[Path, Path]:
    """The seed department `copies` times over: each project with its own name and code."""
    from perfgoals.language.formatter import format_ruleset

    seed = parse_file(SEED_RULESET)
    projects = []
    for k in range(copies):
        for p in seed.projects:
            projects.append(p.model_copy(update={"name": f"{p.name}·{k}", "code": f"{k}-{p.code}"}))
    ruleset = tmp_path / "province.perf"
    ruleset.write_text(format_ruleset(seed.model_copy(update={"projects": tuple(projects)})))
    text = (SAMPLES / "xingtai-kfq-2023-actuals.csv").read_text(encoding="utf-8-sig")
    rows = list(csv.reader(text.splitlines()))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(rows[0])
    for k in range(copies):
        for row in rows[1:]:
            writer.writerow([f"{k}-{row[0]}", f"{row[1]}·{k}", *row[2:]])
    actuals = tmp_path / "province.csv"
    actuals.write_text(out.getvalue(), encoding="utf-8")
    return ruleset, actuals


@pytest.mark.parametrize("copies", [1, 6])
def test_the_table_draws_alike_holding_only_what_it_draws(tmp_path: Path, copies: int) -> None:
    ruleset, actuals = province(tmp_path, copies) if copies > 1 else (SEED_RULESET, None)
    actuals = actuals or SAMPLES / "xingtai-kfq-2023-actuals.csv"
    out = tmp_path / "table.txt"
    streamed = score([str(ruleset), str(actuals), "-o", str(out)], tmp_path)
    assert "Traceback" not in streamed.stderr and streamed.returncode == 1
    drawn = out.read_text(encoding="utf-8")
    assert drawn == whole_table(ruleset, actuals)
    summary = drawn.rstrip("\n").rsplit("\n", 1)[-1]
    assert summary.startswith(f"{36 * copies} 个项目，平均 98.44 分")
    if copies > 1:  # 216 projects: 200 drawn, 16 counted
        assert "… 16 more projects are not drawn here" in drawn
        assert drawn.count("预算执行率") == 200


def test_stated_targets_are_compared_with_the_project_scoring_matches() -> None:
    # Two projects share a code: scoring takes the first, and so does the stated-target lookup.
    from perfgoals.actuals.stated import ProjectLookup
    from perfgoals.scoring.matching import Matcher
    from perfgoals.scoring.results import Problem

    keys = [("A", "C1"), ("B", "C1")]
    problems: list[Problem] = []
    actuals = ProjectActuals(project="A", code="C1")
    assert Matcher(keys, problems).match(actuals) == ProjectLookup(keys).index("A", "C1") == 0


def test_a_missing_output_folder_is_named_as_written(tmp_path: Path) -> None:
    # The streamed writer makes a temporary file beside the output: its name is never shown.
    output = tmp_path / "missing" / "x.csv"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "perfgoals",
            "--lang",
            "en",
            "score",
            str(SEED_RULESET),
            str(ROOT / "samples" / "xingtai-kfq-2023-actuals.csv"),
            "-o",
            str(output),
        ],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    assert done.returncode == 2
    (line,) = done.stderr.splitlines()
    assert line.startswith(f"{output}: ") and ".x.csv." not in line
