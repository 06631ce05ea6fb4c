"""Odd, hostile and oversized workbooks end in a positioned error, never a traceback or hang.

Each workbook starts as a valid one written by openpyxl and is then changed at the XML or the
zip level, as hand edits, other writers, damaged downloads and attackers change them.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from perfgoals.language.errors import SourceError
from perfgoals.tables.workbook import SheetData, read_workbook, write_workbook
from perfgoals.tables.xlsx_reader import _parse_ref
from tests.cli_process import assert_clean, run_cli
from tests.conftest import ROOT, SEED_RULESET

SAMPLE = ROOT / "samples" / "xingtai-kfq-2023-actuals.xlsx"
SHEET = "xl/worksheets/sheet1.xml"


def rewrite(source: Path, target: Path, change: Callable[[str, bytes], bytes | None]) -> Path:
    """A copy of a workbook with each member passed through `change` (None: left out)."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            data = change(info.filename, old.read(info.filename))
            if data is not None:
                new.writestr(info.filename, data)
    return target


def in_sheet(edit: Callable[[str], str], member: str = SHEET) -> Callable[[str, bytes], bytes]:
    def change(name: str, data: bytes) -> bytes:
        return edit(data.decode("utf-8")).encode("utf-8") if name == member else data

    return change


def first_cell(replacement: str) -> Callable[[str], str]:
    # Replace the header cell A1 with the given XML.
    return lambda xml: re.sub(r'<c r="A1"[^>]*>.*?</c>', replacement, xml, count=1)


def second_row_cell(replacement: str) -> Callable[[str], str]:
    return lambda xml: re.sub(r'<c r="I2"[^>]*>.*?</c>', replacement, xml, count=1)


LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
    '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">'
    '<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]>'
)

CASES: dict[str, Callable[[str, bytes], bytes | None]] = {
    "malformed sheet XML": in_sheet(lambda xml: xml.replace("</sheetData>", "<row><c>", 1)),
    "malformed workbook XML": in_sheet(lambda xml: xml[:-20], "xl/workbook.xml"),
    "external entity": in_sheet(
        lambda xml: (
            '<?xml version="1.0"?><!DOCTYPE w [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
            + xml.replace("项目编码", "&x;", 1)
        )
    ),
    "billion laughs": in_sheet(lambda xml: LAUGHS + xml.replace("项目编码", "&lol4;", 1)),
    "billion laughs in the workbook part": in_sheet(
        lambda xml: LAUGHS + xml.replace("<sheets>", "<sheets>&lol4;", 1), "xl/workbook.xml"
    ),
    "shared string out of range": in_sheet(first_cell('<c r="A1" t="s"><v>99999</v></c>')),
    "shared string index not a number": in_sheet(first_cell('<c r="A1" t="s"><v>x</v></c>')),
    "baseColWidth not a number": in_sheet(
        lambda xml: xml.replace('baseColWidth="8"', 'baseColWidth="x"')
    ),
    "NaN in a number cell": in_sheet(second_row_cell('<c r="I2"><v>NaN</v></c>')),
    "infinity in a number cell": in_sheet(second_row_cell('<c r="I2"><v>1e400</v></c>')),
    "text in a number cell": in_sheet(second_row_cell('<c r="I2"><v>abc</v></c>')),
    "bad ISO date": in_sheet(second_row_cell('<c r="I2" t="d"><v>2023-02-30</v></c>')),
    "bad cell reference": in_sheet(second_row_cell('<c r="I2x"><v>1</v></c>')),
    "cell reference beyond the sheet": in_sheet(second_row_cell('<c r="ZZZZ2"><v>1</v></c>')),
    "unknown cell type": in_sheet(second_row_cell('<c r="I2" t="q"><v>1</v></c>')),
    "bad boolean": in_sheet(second_row_cell('<c r="I2" t="b"><v>7</v></c>')),
    "style out of range": in_sheet(second_row_cell('<c r="I2" s="9999"><v>1</v></c>')),
    "formula without a saved value": in_sheet(second_row_cell('<c r="I2"><f>1+1</f></c>')),
    "one cell at XFD1048576": in_sheet(
        lambda xml: xml.replace(
            "</sheetData>",
            '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'
            "</sheetData>",
        )
    ),
    "a cell beyond the row limit": in_sheet(
        lambda xml: xml.replace(
            "</sheetData>",
            '<row r="300000"><c r="A300000" t="inlineStr"><is><t>x</t></is></c></row></sheetData>',
        )
    ),
    "a huge merged range": in_sheet(
        lambda xml: xml.replace(
            "</sheetData>",
            '</sheetData><mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells>',
        )
    ),
    "sheet part missing": lambda name, data: None if name == SHEET else data,
    "workbook part missing": lambda name, data: None if name == "xl/workbook.xml" else data,
}


def corrupt_compressed(source: Path, target: Path) -> Path:
    """The sheet's deflated bytes damaged in the middle, the zip directory intact."""
    data = bytearray(source.read_bytes())
    with zipfile.ZipFile(source) as archive:
        info = archive.getinfo(SHEET)
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    for offset in range(start + 200, start + 260):
        data[offset] ^= 0x5A
    target.write_bytes(bytes(data))
    return target


def odd_workbook(name: str, tmp_path: Path) -> Path:
    target = tmp_path / "odd.xlsx"
    if name == "corrupt compressed data":
        return corrupt_compressed(SAMPLE, target)
    return rewrite(SAMPLE, target, CASES[name])


NAMES = [*CASES, "corrupt compressed data"]


@pytest.mark.parametrize("name", NAMES)
def test_an_odd_workbook_is_a_positioned_error(name: str, tmp_path: Path) -> None:
    odd = odd_workbook(name, tmp_path)
    for args in (["score", SEED_RULESET, odd], ["import", odd]):
        result = run_cli(args, cwd=tmp_path, timeout=60)
        assert_clean(result)
        if name != "baseColWidth not a number":
            assert result.returncode == 2, (name, args[0], result.stderr[-2000:])
            assert "odd.xlsx" in result.stderr, result.stderr[-2000:]


def test_odd_workbooks_raise_only_our_error_in_process(tmp_path: Path) -> None:
    for name in NAMES:
        odd = odd_workbook(name, tmp_path)
        try:
            read_workbook(odd)
        except SourceError as e:
            assert e.diagnostics and e.diagnostics[0].path.startswith(str(odd))
        else:
            assert name == "baseColWidth not a number", name


def test_a_wrong_declared_dimension_loses_nothing(tmp_path: Path) -> None:
    # The sheet says it spans A1:B2; its cells say otherwise, and the cells win.
    wrong = rewrite(
        SAMPLE,
        tmp_path / "wrong-dimension.xlsx",
        in_sheet(lambda xml: re.sub(r'<dimension ref="[^"]*"', '<dimension ref="A1:B2"', xml)),
    )
    both = [
        run_cli(["score", SEED_RULESET, path, "--format", "json"], cwd=tmp_path)
        for path in (SAMPLE, wrong)
    ]
    assert [r.returncode for r in both] == [both[0].returncode] * 2
    assert both[0].stdout == both[1].stdout.replace(str(wrong), str(SAMPLE))


def test_cells_without_a_reference_stay_in_their_rows(tmp_path: Path) -> None:
    # A reference on a cell is optional in OOXML: each cell then takes the next column of the
    # row it stands in, and no row is lost or shifted.
    rows = [["项目名称", "三级指标"], ["甲", "培训人次"], ["乙", "合格率"]]
    written = tmp_path / "written.xlsx"
    write_workbook(written, [SheetData("表", rows, [])])
    bare = rewrite(
        written,
        tmp_path / "no-cell-references.xlsx",
        in_sheet(lambda xml: re.sub(r'(<c[^>]*?) r="[A-Z]+[0-9]+"', r"\1", xml)),
    )
    assert ' r="A1"' not in zipfile.ZipFile(bare).read(SHEET).decode("utf-8")
    (sheet,) = read_workbook(bare)
    assert [(r.number, list(r.cells)) for r in sheet.rows] == [
        (n, cells) for n, cells in enumerate(rows, start=1)
    ]


def test_a_styled_empty_cell_far_away_is_not_read_as_a_sheet_of_that_size(tmp_path: Path) -> None:
    far = rewrite(
        SAMPLE,
        tmp_path / "far.xlsx",
        in_sheet(
            lambda xml: xml.replace(
                "</sheetData>", '<row r="1048576"><c r="XFD1048576" s="1"/></row></sheetData>'
            ).replace('<dimension ref="A1:L266"', '<dimension ref="A1:XFD1048576"')
        ),
    )
    result = run_cli(["score", SEED_RULESET, far, "--format", "json"], cwd=tmp_path, timeout=60)
    assert_clean(result, codes=(0, 1))


def test_merged_ranges_are_still_filled_and_marked(tmp_path: Path) -> None:
    path = tmp_path / "merged.xlsx"
    write_workbook(
        path, [SheetData("表", [["项目", "指标"], ["甲", "一"], [None, "二"]], [(2, 1, 3, 1)])]
    )
    (sheet,) = read_workbook(path)
    assert [row.cells for row in sheet.rows] == [("项目", "指标"), ("甲", "一"), ("甲", "二")]
    assert [row.merged for row in sheet.rows] == [frozenset(), frozenset(), frozenset({0})]


@pytest.mark.parametrize("ref", ["AB2", "XFD2"])
def test_an_error_names_its_cell_in_letters(ref: str, tmp_path: Path) -> None:
    # AB: past the single letters; XFD: the last column a sheet can have.
    odd = rewrite(
        SAMPLE, tmp_path / "odd.xlsx", in_sheet(second_row_cell(f'<c r="{ref}" t="b"><v>7</v></c>'))
    )
    with pytest.raises(SourceError) as raised:
        read_workbook(odd)
    assert raised.value.diagnostics[0].message.startswith(f"{ref}: not a true/false value")


@pytest.mark.parametrize(
    ("ref", "place"),
    [
        ("A1", (1, 1)),
        ("b7", (7, 2)),
        ("$AB$12", (12, 28)),
        ("XFD1048576", (1048576, 16384)),  # Excel's last cell
        ("XFE1", None),  # a column past Excel's last
        ("A1048577", None),  # a row past Excel's last
        ("A0", None),
        ("1A", None),
    ],
)
def test_cell_references_are_read_within_excel_grid(
    ref: str, place: tuple[int, int] | None
) -> None:
    assert _parse_ref(ref) == place
