"""`perfgoals import disclosure.pdf`: a whole budget disclosure's PDF is read as its text, as
the extracted text is, and gives the same ruleset; a PDF of one table goes to the table
reader."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from perfgoals.importer import import_file
from perfgoals.importer.tables import import_sheets
from perfgoals.tables.pdf import read_pdf, read_pdf_text
from tests.cli_process import assert_clean, run_cli
from tests.conftest import SEED_DISCLOSURE

from .disclosure_pdf import disclosure_pdf, tables_pdf

FORMATS = Path(__file__).parent.parent / "data" / "tables"


@pytest.fixture(scope="module")
def seed_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    text = SEED_DISCLOSURE.read_text(encoding="utf-8")
    return disclosure_pdf(text, tmp_path_factory.mktemp("disclosure-pdf"), "xingtai-kfq-2023")


def test_the_pdf_gives_the_model_of_the_text(seed_pdf: Path) -> None:
    from_text = import_file(SEED_DISCLOSURE)
    from_pdf = import_file(seed_pdf)
    assert len(from_pdf.ruleset.projects) == 36
    assert from_pdf.ruleset == from_text.ruleset  # projects, indicators, budget tables
    assert from_pdf.ruleset.budget is not None
    assert from_pdf.report.indicators == from_text.report.indicators


def test_the_text_keeps_table_rows_as_tab_separated_lines(seed_pdf: Path) -> None:
    lines = read_pdf_text(seed_pdf).split("\n")
    assert "序号\t收入\t\t支出" in lines  # trailing empty cells are left out
    assert "栏次\t1\t2\t3\t4" in lines
    assert "部门预算收支总表" in lines


def test_the_command_imports_the_pdf(seed_pdf: Path, tmp_path: Path) -> None:
    out = tmp_path / "seed.perf"
    done = subprocess.run(
        [str(Path(sys.executable).parent / "perfgoals"), "import", str(seed_pdf), "-o", str(out)],
        capture_output=True,
        text=True,
        check=False,
        env={"PERFGOALS_LANG": "en", "PATH": ""},
    )
    assert done.returncode in (0, 1), done.stderr
    assert "Traceback" not in done.stderr and "FontBBox" not in done.stderr
    text = out.read_text(encoding="utf-8")
    assert text.count("\nproject ") == 36 and "部门预算 {" in text


def test_a_pdf_of_one_table_goes_to_the_table_reader() -> None:
    result = import_file(FORMATS / "05-self-assessment.pdf")
    assert result.assessment is not None and result.ruleset.projects[0].indicators


def test_a_pdf_that_is_no_disclosure_is_read_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Its text (is it a disclosure?) and its tables come from one opening, and each page's
    tables are found once: finding them is most of a PDF's reading time."""
    import pdfplumber
    from pdfplumber.page import Page

    path = FORMATS / "05-self-assessment.pdf"
    expected = import_sheets(str(path), read_pdf(path))
    calls = {"open": 0, "find_tables": 0}
    real_open, real_find = pdfplumber.open, Page.find_tables

    def counted_open(*args: Any, **kwargs: Any) -> Any:
        calls["open"] += 1
        return real_open(*args, **kwargs)

    def counted_find(page: Page, *args: Any, **kwargs: Any) -> Any:
        calls["find_tables"] += 1
        return real_find(page, *args, **kwargs)

    monkeypatch.setattr(pdfplumber, "open", counted_open)
    monkeypatch.setattr(Page, "find_tables", counted_find)
    result = import_file(path)
    assert calls == {"open": 1, "find_tables": 1}  # the file has one page
    assert result.ruleset == expected.ruleset and result.assessment == expected.assessment
    assert result.report == expected.report


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "1:1: empty file: expected a PDF"),
        (b"PK\x03\x04 a zip, not a PDF", "1: not a PDF file (no %PDF header)"),
        (b"  \n%PDF-1.7\n broken after the header", "1: not a readable PDF:"),
    ],
)
def test_a_file_that_is_no_readable_pdf_is_a_positioned_error(
    tmp_path: Path, content: bytes, message: str
) -> None:
    from perfgoals.language.errors import SourceError

    path = tmp_path / "表.pdf"
    path.write_bytes(content)
    with pytest.raises(SourceError) as raised:
        read_pdf(path)
    assert f"{path}:{message}" in str(raised.value)


def test_notes_on_a_pdf_name_the_page_and_the_line_on_it(seed_pdf: Path) -> None:
    # A PDF has no line numbers a reader can find; pages and the lines on them it has.
    from perfgoals.tables.pdf import PdfDocument

    with PdfDocument(seed_pdf) as document:
        lines = document.text().split("\n")
        starts = document.line_pages
    assert len(starts) > 5 and starts[0] == 1
    pages = [
        lines[a - 1 : b - 1] for a, b in zip(starts, [*starts[1:], len(lines) + 1], strict=True)
    ]
    notes = import_file(seed_pdf).report.lines()
    (total,) = [n for n in notes if "政府采购 total row '合计'" in n]
    where, _, _ = total.partition(": ")
    page, row = where.removeprefix(f"{seed_pdf}[page ").split("]:")
    assert pages[int(page) - 1][int(row) - 1].startswith("合计")
    first = notes[0]  # the preface runs over pages: its end is on another page
    assert first.startswith(f"{seed_pdf}[page 1]:1-[page ") and "(532 lines)" in first


@pytest.mark.parametrize(
    ("number", "place"),
    [(1, (1, 1)), (39, (1, 39)), (40, (3, 1)), (74, (3, 35)), (80, (4, 6))],
)
def test_a_line_numbered_across_pages_is_found_on_its_page(
    number: int, place: tuple[int, int]
) -> None:
    from perfgoals.tables.grid import page_of

    assert page_of((1, 40, 40, 75), number) == place  # page 2 is empty


def test_errors_and_runs_of_rows_in_a_pdf_are_placed_by_page() -> None:
    from perfgoals.importer.report import NoteKind, RowNote, paged
    from perfgoals.language.errors import Diagnostic, SourceError

    pages = (1, 30)
    error = paged(
        SourceError([Diagnostic("t.pdf", 31, 4, "x"), Diagnostic("t.pdf", 0, 0, "whole")]),
        "t.pdf",
        pages,
    )
    assert [d.render() for d in error.diagnostics] == ["t.pdf[page 2]:2:4: x", "t.pdf: whole"]
    across = RowNote(NoteKind.IGNORED, 28, 32, "why")
    assert across.render("t.pdf", pages) == "t.pdf[page 1]:28-[page 2]:3: ignored: why"
    within = RowNote(NoteKind.IGNORED, 30, 32, "why")
    assert within.render("t.pdf", pages) == "t.pdf[page 2]:1-3: ignored: why"
    assert within.render("t.csv") == "t.csv:30-32: ignored: why"


def test_an_audit_of_a_pdf_of_several_pages_gives_each_row_by_page(tmp_path: Path) -> None:
    # A department prints its self-assessment tables a project a page: the audit's rows are
    # found by page and row on it (2/14), as the printed form is read.
    import csv
    import io

    text = (FORMATS / "05-self-assessment-gb18030.csv").read_bytes().decode("gb18030")
    first = list(csv.reader(io.StringIO(text)))
    second = [
        [c.replace("义务教育营养改善计划专项资金", "学生资助专项资金") for c in r] for r in first
    ]
    pdf = tables_pdf([first, second], tmp_path, "自评表")
    report = import_file(pdf).report
    assert report.pages == (1, len(first) + 1) and report.balanced()
    assert f"{pdf}[page 2]:7: total: budget row '其中:当年财政 拨款'" in "\n".join(report.lines())
    done = run_cli(["audit", pdf, "--format", "markdown"])
    assert_clean(done)
    assert done.stdout.count("| 页/行 | 一级 |") == 2
    assert "| 1/14 | 产出 | 数量 | 学生受资助人数 |" in done.stdout  # the 14th row of each page
    assert "| 2/14 | 产出 | 数量 | 学生受资助人数 |" in done.stdout
    one_page = run_cli(["audit", FORMATS / "05-self-assessment.pdf", "--format", "markdown"])
    assert "| 行 | 一级 |" in one_page.stdout and "| 14 | 产出 | 数量 |" in one_page.stdout
