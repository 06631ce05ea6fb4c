"""Scoring as the files are read gives the same bytes as scoring them whole, in every case."""

from __future__ import annotations

import csv
import json
import random
import subprocess
import sys
from pathlib import Path

import pytest

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
    for fmt in ("csv", "json"):
        streamed, whole, _ = both(SEED_RULESET, path, fmt, tmp_path)
        assert streamed == whole
    problems = json.loads(whole)["problems"]
    assert [p["message"] for p in problems].count(
        "duplicate actuals for this project; the first are used"
    ) == 2
    assert any("'999'" in p["message"] for p in problems)


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
