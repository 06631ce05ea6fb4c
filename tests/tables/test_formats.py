"""Every table format reads to the same model: TSV, GB18030 CSV, .xls (merged cells) and PDF."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from perfgoals.importer import import_file
from perfgoals.language.errors import SourceError
from perfgoals.tables.chinese import simplified
from perfgoals.tables.pdf import read_pdf
from perfgoals.tables.xls import read_xls

DATA = Path(__file__).parent.parent / "data"
TSV = DATA / "corpus" / "05-yongde-minglang-zhongxue-yingyang-gaishan-2022.tsv"
FORMATS = DATA / "tables"
PERFGOALS = str(Path(sys.executable).parent / "perfgoals")


def _indicators(path: Path) -> list[tuple[str, str, str, str]]:
    result = import_file(path)
    return [
        (i.level1.value, i.level2.value, i.name, i.target.text)
        for p in result.ruleset.projects
        for i in p.indicators
    ]


@pytest.mark.parametrize(
    "name", ["05-self-assessment.xls", "05-self-assessment.pdf", "05-self-assessment-gb18030.csv"]
)
def test_every_format_reads_the_same_indicators(name: str) -> None:
    assert _indicators(FORMATS / name) == _indicators(TSV)


@pytest.mark.parametrize("name", ["05-self-assessment.xls", "05-self-assessment.pdf"])
def test_score_a_filled_table_directly(name: str) -> None:
    """`perfgoals score TABLE`: no ruleset, no actuals file; the published 得分 rate 有效."""
    done = subprocess.run(
        [PERFGOALS, "score", str(FORMATS / name), "--format", "json"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert "Traceback" not in done.stderr and done.returncode == 1, done.stderr
    import json

    (project,) = json.loads(done.stdout)["projects"]
    # 10 (execution) + 8 × 10 + 9.80 (98 / 100 × 10), over 100.
    assert project["score"] == "99.80" and project["grade"] == "优"


def test_xls_merged_cells_are_marked() -> None:
    (sheet,) = read_xls(FORMATS / "merged-targets.xls")
    row = sheet.rows[2]
    assert row.cells[:3] == ("乡村公益电影", "产出指标", "数量指标")
    assert row.is_merged_copy(0) and row.is_merged_copy(2) and not row.is_merged_copy(3)
    assert sheet.rows[1].cells[5] == "30"  # a number cell shows as written
    (project,) = import_file(FORMATS / "merged-targets.xls").ruleset.projects
    assert [i.level2.value for i in project.indicators] == [
        "quantity",
        "quantity",
        "quality",
        "social_benefit",
    ]


def test_pdf_cells_keep_their_rows() -> None:
    (sheet,) = read_pdf(FORMATS / "05-self-assessment.pdf")
    assert any("学生受资助人数" in row.cells for row in sheet.rows)


@pytest.mark.parametrize(
    ("suffix", "content", "words"),
    [
        (".xls", b"", "empty file"),
        (".xls", b"PK\x03\x04rest", "not an old Excel .xls workbook"),
        (".xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1broken", "not a readable .xls workbook"),
        (".pdf", b"", "empty file"),
        (".pdf", b"hello", "not a PDF file"),
        (".pdf", b"%PDF-1.4\nbroken", "not a readable PDF"),
    ],
)
def test_unreadable_files_are_positioned_errors(
    tmp_path: Path, suffix: str, content: bytes, words: str
) -> None:
    path = tmp_path / f"bad{suffix}"
    path.write_bytes(content)
    with pytest.raises(SourceError, match=words):
        import_file(path)


def test_traditional_labels_match_as_simplified() -> None:
    assert simplified("績效指標(萬元)") == "绩效指标(万元)"
    assert simplified("plain") == "plain"
