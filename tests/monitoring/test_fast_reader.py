"""The progress table's reader builds its records without validating them; these tests hold it
to a reader that validates every record (the same rules, written plainly), on generated tables
with good and bad cells: the same projects, records, positions and diagnostics."""

from __future__ import annotations

import csv
import tempfile
from collections.abc import Iterable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, ValidationError

from perfgoals.language.assessment import IndicatorRef, Origin, Tier, checked
from perfgoals.language.errors import Diagnostic, SourceError, ValueSyntaxError
from perfgoals.language.model import Level1, Level2, level1_of, level2_of
from perfgoals.language.progress import (
    NOT_FILLED,
    Cause,
    IndicatorProgress,
    Likelihood,
    ProjectProgress,
    plain_indicator_progress,
)
from perfgoals.language.values import NotApplicable, parse_value
from perfgoals.monitoring import table
from perfgoals.monitoring.table import ProgressRows, iter_progress_table
from perfgoals.tables.cells import restored
from perfgoals.tables.delimited import guess_delimiter, iter_rows, refuse_unstorable
from perfgoals.tables.grid import Row
from perfgoals.tables.text import SNIFF, refuse_binary
from tests.actuals.test_checked_records import same
from tests.conftest import examples

REF = IndicatorRef(name="培训人次", level1=Level1.OUTPUT, level2=Level2.QUANTITY)
ORIGIN = Origin(path="p.csv", line=3, column=5)


@pytest.mark.parametrize(
    "fields",
    [
        {"indicator": REF},
        {"indicator": REF, "origin": ORIGIN, "current": parse_value("300人次")},
        {"indicator": REF, "current": parse_value("/"), "not_applicable": True},
        {"indicator": REF, "forecast": parse_value("≥98%"), "tier": Tier.PARTLY_MET},
        {
            "indicator": REF,
            "cause": Cause.FUNDING,
            "likelihood": Likelihood.POSSIBLE,
            "explanation": "资金未到位",
            "note": "备注",
            "origin": ORIGIN,
        },
    ],
)
def test_checked_progress_is_the_validated_record(fields: dict[str, Any]) -> None:
    built = checked(IndicatorProgress, fields)
    same(built, IndicatorProgress(**fields))
    with pytest.raises(ValidationError):
        built.note = "x"  # type: ignore[misc]  # still frozen


@pytest.mark.parametrize(
    ("current", "forecast", "explanation", "note"),
    [
        (None, None, None, None),
        ("300人次", None, None, None),
        ("/", "≥98%", "资金未到位", "见附件"),
        ("不适用", None, None, "备注"),
    ],
)
def test_plain_indicator_progress_is_the_validated_record(
    current: str | None, forecast: str | None, explanation: str | None, note: str | None
) -> None:
    given = {"current": current, "forecast": forecast, "explanation": explanation, "note": note}
    fields: dict[str, Any] = {"indicator": REF, "origin": ORIGIN}
    for name, text in given.items():
        if text is not None:
            fields[name] = parse_value(text) if name in ("current", "forecast") else text
    if isinstance(fields.get("current"), NotApplicable):
        fields["not_applicable"] = True
    built = plain_indicator_progress(
        REF,
        ORIGIN,
        fields.get("current"),
        fields.get("forecast"),
        fields.get("explanation"),
        fields.get("note"),
    )
    same(built, IndicatorProgress(**fields))


@pytest.mark.parametrize("fields", [{"current": None}, {"indicator": REF, "points": Decimal(1)}])
def test_checked_progress_takes_only_the_models_fields(fields: dict[str, Any]) -> None:
    with pytest.raises(TypeError):
        checked(IndicatorProgress, fields)


# ---- the reference: every record validated ---------------------------------------------------
class ValidatingRows(ProgressRows):
    """The reader's rules row by row, each record built by pydantic's validation."""

    def _origin(self, number: int, name: str) -> Origin:
        fields: dict[str, Any] = {
            "path": self.path,
            "line": number,
            "column": (self._at[name] or 0) + 1,
        }
        if self.sheet is not None:
            fields["sheet"] = self.sheet
        return Origin(**fields)

    def projects(self, rows: Iterable[tuple[int, tuple[str, ...]]]) -> Iterator[ProjectProgress]:
        current: dict[str, Any] | None = None
        at = table._AT
        for number, texts in rows:
            row = Row(number, texts)
            if row.empty:
                continue
            padded = (*texts[: self._width], *("",) * (self._width - len(texts)), "")
            cells: tuple[str, ...] = self._pick(padded)
            name, code = cells[at["project"]], cells[at["code"]] or None
            if not name:
                self._problem(row.number, "project", "empty: every row names its project")
                continue
            if current is None or (current["project"], current.get("code")) != (name, code):
                if current is not None:
                    yield self._validated_project(current)
                current = {
                    "project": name,
                    "origin": self._origin(row.number, "project"),
                    "rows": [],
                }
                if code is not None:
                    current["code"] = code
            amounts = ("budget", "executed", "budget_forecast", "project_explanation", "month")
            if any(cells[at[n]] for n in amounts):
                self._project_cells(row.number, cells, current)
            entry = self._validated_indicator(row, cells)
            if entry is not None:
                current["rows"].append(entry)
        if current is not None:
            yield self._validated_project(current)

    def _validated_project(self, data: dict[str, Any]) -> ProjectProgress:
        data["indicators"] = tuple(data.pop("rows"))
        return ProjectProgress(**data)

    def _validated_indicator(self, row: Row, cells: tuple[str, ...]) -> IndicatorProgress | None:
        at = table._AT
        name = cells[at["indicator"]]
        if not name:
            return None
        ref = self._validated_ref(
            row, (name, cells[at["level1"]], cells[at["level2"]], cells[at["occurrence"]])
        )
        if ref is None:
            return None
        ok = True
        fields: dict[str, Any] = {"indicator": ref, "origin": self._origin(row.number, "indicator")}
        for column in ("current", "forecast"):
            text = cells[at[column]]
            if text:
                try:
                    value = parse_value(text)
                except ValueSyntaxError as e:
                    self._problem(row.number, column, f"cannot read {text!r}: {e.message}")
                    ok = False
                    continue
                fields[column] = value
                if column == "current" and isinstance(value, NotApplicable):
                    fields["not_applicable"] = True
        for column, read, what in table._WORD_COLUMNS:
            text = cells[at[column]]
            if not text or (column == "likelihood" and text.lower() in NOT_FILLED):
                continue
            found = read(text)
            if found is None:
                self._problem(row.number, column, f"unknown {text!r}: expected {what}")
                ok = False
            else:
                fields[column] = found
        for column in ("explanation", "note"):
            if cells[at[column]]:
                fields[column] = cells[at[column]]
        return IndicatorProgress(**fields) if ok else None

    def _validated_ref(self, row: Row, key: tuple[str, str, str, str]) -> IndicatorRef | None:
        name, level1, level2, occurrence = key
        ok = True
        ref: dict[str, Any] = {"name": name}
        for level, text in (("level1", level1), ("level2", level2)):
            if text:
                kind = level1_of(text) if level == "level1" else level2_of(text)
                if kind is None:
                    self._problem(row.number, level, f"unknown level {text!r}")
                    ok = False
                ref[level] = kind
        if occurrence:
            if not occurrence.isdigit() or int(occurrence) < 1:
                self._problem(row.number, "occurrence", f"expected 1, 2, …, found {occurrence!r}")
                ok = False
            else:
                ref["occurrence"] = int(occurrence)
        return IndicatorRef(**ref) if ok else None


def validating_read(path: Path) -> tuple[list[ProjectProgress], list[Diagnostic], set[int]]:
    rows = iter_rows(path)
    header = next(row for row in rows if not row.empty)
    layout, problems = table.read_layout(header, str(path), None)
    assert not problems
    reader = ValidatingRows(str(path), None, layout)
    return list(reader.projects((r.number, r.cells) for r in rows)), reader.problems, reader.months


def fast_read(path: Path) -> tuple[list[ProjectProgress], list[Diagnostic], set[int]]:
    [(reader, found)] = list(iter_progress_table(path))
    return list(found), reader.problems, reader.months


def dumped(record: BaseModel) -> Any:
    """The record with its origins (origins compare equal whatever their place)."""
    return record.model_dump(mode="json"), sorted(record.model_fields_set)


# ---- generated progress tables ---------------------------------------------------------------
HEADERS = (
    "项目编码",
    "项目名称",
    "一级指标",
    "二级指标",
    "三级指标",
    "同名序号",
    "年度指标值",
    "1-7月执行情况",
    "评价等级",
    "全年预计完成情况",
    "偏差原因类别",
    "偏差原因分析",
    "完成目标可能性",
    "备注",
    "全年预算数（万元）",
    "1-7月执行数（万元）",
    "月份",
)
# Per column: cells the reader takes, then cells it refuses with a diagnostic.
GOOD: dict[str, list[str]] = {
    "项目编码": ["", "P1", "P2"],
    "项目名称": ["项目甲", "项目乙"],
    "一级指标": ["", "产出指标", "效益指标"],
    "二级指标": ["", "数量指标", "质量指标", "成本"],
    "三级指标": ["培训人次", "合格率", "", "完成时限"],
    "同名序号": ["", "1", "2"],
    "年度指标值": ["", "≥500人次", "100%"],
    "1-7月执行情况": ["", "300人次", "98%", "/", "已完成", "'=1+2", " 5 场 ", "1.5万元"],
    "评价等级": ["", "达成目标", "部分达成目标并具有一定效果"],
    "全年预计完成情况": ["", "600人次"],
    "偏差原因类别": ["", "经费保障", "其他"],
    "偏差原因分析": ["", "资金未到位"],
    "完成目标可能性": ["", "0", "确定能", "有可能"],
    "备注": ["", "见附件"],
    "全年预算数（万元）": ["", "120", "1,200.5"],
    "1-7月执行数（万元）": ["", "60"],
    "月份": ["", "7"],
}
BAD: dict[str, list[str]] = {
    "项目名称": [""],
    "一级指标": ["四级指标"],
    "二级指标": ["没有这级"],
    "同名序号": ["0", "x"],
    "1-7月执行情况": ["≥", "1..2万元"],
    "评价等级": ["很好"],
    "全年预计完成情况": ["≤"],
    "偏差原因类别": ["天气"],
    "完成目标可能性": ["也许"],
    "全年预算数（万元）": ["十万"],
    "1-7月执行数（万元）": ["abc"],
    "月份": ["七"],
}
CLEAN_ROW = st.fixed_dictionaries({h: st.sampled_from(GOOD[h]) for h in HEADERS})


@st.composite
def spoilt_rows(draw: st.DrawFn) -> dict[str, str]:
    """A row with one or two cells the reader refuses."""
    cells = draw(CLEAN_ROW)
    for column in draw(st.lists(st.sampled_from(sorted(BAD)), min_size=1, max_size=2)):
        cells[column] = draw(st.sampled_from(BAD[column]))
    return cells


ROW = st.one_of(CLEAN_ROW, CLEAN_ROW, CLEAN_ROW, spoilt_rows()).map(
    lambda cells: [cells[h] for h in HEADERS]
)
# Rows as a spreadsheet writes them: sometimes cut short, sometimes with extra cells.
SHAPED_ROW = st.one_of(
    ROW,
    ROW,
    ROW,
    st.tuples(ROW, st.integers(min_value=0, max_value=len(HEADERS) + 2)).map(
        lambda pair: (pair[0] + ["", "x"])[: pair[1]]
    ),
)


def write(folder: Path, rows: list[list[str]], headers: tuple[str, ...] = HEADERS) -> Path:
    path = folder / "progress.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        out = csv.writer(f)
        out.writerow(headers)
        out.writerows(rows)
    return path


def assert_same_reading(path: Path) -> None:
    fast_projects, fast_problems, fast_months = fast_read(path)
    slow_projects, slow_problems, slow_months = validating_read(path)
    assert fast_problems == slow_problems
    assert fast_months == slow_months
    assert [dumped(p) for p in fast_projects] == [dumped(p) for p in slow_projects]
    for fast, slow in zip(fast_projects, slow_projects, strict=True):
        same(fast, slow)
        for a, b in zip(fast.indicators, slow.indicators, strict=True):
            same(a, b)
            assert a.origin.__dict__ == b.origin.__dict__


@settings(max_examples=examples(60), deadline=None)
@given(st.lists(SHAPED_ROW, max_size=25))
@example([["P1", "项目甲", "产出指标", "数量指标", "培训人次", "", "≥500人次", "≥"]])
@example([["", "", "", "", "培训人次"], ["P1", "项目甲", "", "", "", "", "", "", "", "", "", ""]])
def test_fast_reader_reads_what_the_validating_reader_reads(rows: list[list[str]]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        assert_same_reading(write(Path(folder), rows))


@settings(max_examples=examples(30), deadline=None)
@given(st.lists(ROW, max_size=12), st.permutations(range(len(HEADERS))))
def test_fast_reader_in_any_column_order(rows: list[list[str]], order: list[int]) -> None:
    """The columns are found by their header wherever they stand, and some tables lack some."""
    needed = [HEADERS.index("项目名称"), HEADERS.index("三级指标")]
    kept = [*(i for i in order[: len(order) - 3] if i not in needed), *needed]
    headers = tuple(HEADERS[i] for i in kept)
    with tempfile.TemporaryDirectory() as folder:
        assert_same_reading(write(Path(folder), [[row[i] for i in kept] for row in rows], headers))


@settings(max_examples=examples(10), deadline=None)
@given(st.lists(SHAPED_ROW, min_size=1, max_size=15))
def test_fast_reader_on_a_workbook(rows: list[list[str]]) -> None:
    """The same on a sheet of an .xlsx workbook: origins name the sheet."""
    import openpyxl

    from perfgoals.tables.workbook import read_workbook

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "progress.xlsx"
        book = openpyxl.Workbook()
        sheet = book.active
        assert sheet is not None
        sheet.title = "监控"
        sheet.append(list(HEADERS))
        for row in rows:
            sheet.append([cell or None for cell in row])
        book.save(path)
        fast = [(list(found), reader.problems) for reader, found in iter_progress_table(path)]
        slow = []
        for read in read_workbook(path):
            sheet_rows = iter(read.rows)
            header = next(row for row in sheet_rows if not row.empty)
            layout, problems = table.read_layout(header, str(path), read.name)
            assert not problems
            reader = ValidatingRows(str(path), read.name, layout)
            pairs = ((row.number, row.cells) for row in sheet_rows)
            slow.append((list(reader.projects(pairs)), reader.problems))
    assert [problems for _, problems in fast] == [problems for _, problems in slow]
    for (fast_projects, _), (slow_projects, _) in zip(fast, slow, strict=True):
        assert [dumped(p) for p in fast_projects] == [dumped(p) for p in slow_projects]
        for a, b in zip(fast_projects, slow_projects, strict=True):
            same(a, b)
            assert [i.origin.sheet for i in a.indicators] == ["监控"] * len(a.indicators)


# ---- the CSV reader's one look per row -------------------------------------------------------
def plain_rows(path: Path) -> list[Row]:
    """What the CSV reader yields, looked at cell by cell."""
    refuse_binary(path, path.read_bytes()[:SNIFF])
    out = []
    with path.open(encoding="utf-8", newline="") as f:
        delimiter = guess_delimiter(path, f.readlines()[:20])
    with path.open(encoding="utf-8", newline="") as f:
        for number, cells in enumerate(csv.reader(f, delimiter=delimiter), start=1):
            refuse_unstorable(path, number, cells)
            out.append(Row(number, tuple(restored(cell.strip()) for cell in cells)))
    return out


CELL = st.sampled_from(["", "a", " b ", "'=SUM(A1)", "''+1", "it's", "'-", "3", "\t'@x"]) | st.text(
    alphabet=st.sampled_from(list("ab '=+\x00中")), max_size=4
)


@settings(max_examples=examples(60), deadline=None)
@given(st.lists(st.lists(CELL, min_size=1, max_size=5), min_size=1, max_size=30))
@example([["a", "'=SUM(A1)"], ["x\x00", "b"]])
def test_csv_rows_are_read_as_cell_by_cell(rows: list[list[str]]) -> None:
    """Apostrophes taken off, cells stripped, a NUL refused at its row and column."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "t.csv"
        with path.open("w", encoding="utf-8", newline="") as f:
            csv.writer(f).writerows(rows)
        expected: list[Row] | tuple[Diagnostic, ...]
        found: list[Row] | tuple[Diagnostic, ...]
        try:
            expected = plain_rows(path)
        except SourceError as e:
            expected = e.diagnostics
        try:
            found = list(iter_rows(path))
        except SourceError as e:
            found = e.diagnostics
        assert found == expected


# ---- matching: where a shared ref lands is kept per project shape ----------------------------
def test_matching_is_the_same_for_every_copy_of_a_project_shape(tmp_path: Path) -> None:
    """Refs the reader shares, in copies of one ruleset project: each copy gets its own unknown,
    ambiguous and duplicate problems at its own rows, as a run that keeps nothing would."""
    from perfgoals.language.model import Indicator, Project
    from perfgoals.monitoring.engine import Run, monitor_project
    from perfgoals.monitoring.profiles import load_profile
    from perfgoals.monitoring.results import Problem
    from perfgoals.monitoring.rules import month_end

    shape = Project(
        name="shape",
        indicators=(
            Indicator(
                level1=Level1.OUTPUT, level2=Level2.QUANTITY, name="a", target=parse_value("10场")
            ),
            Indicator(
                level1=Level1.OUTPUT, level2=Level2.QUANTITY, name="b", target=parse_value("10场")
            ),
            Indicator(
                level1=Level1.OUTPUT, level2=Level2.QUALITY, name="b", target=parse_value("90%")
            ),
        ),
    )
    rows = []
    for code in ("P1", "P2"):
        for name, current in (("a", "5场"), ("b", "5场"), ("c", "1场"), ("a", "6场")):
            rows.append([code, f"项目{code}", "", "", name] + [""] * 2 + [current] + [""] * 9)
    [(_, found)] = list(iter_progress_table(write(tmp_path, rows)))
    entries = list(found)
    assert entries[0].indicators[0].indicator is entries[1].indicators[0].indicator  # shared
    profile = load_profile("time-proportional")

    def run() -> Run:
        return Run(profile, 7, month_end(2023, 7), 2023)

    kept, kept_problems = run(), list[Problem]()
    for entry in entries:
        project = shape.model_copy(update={"name": entry.project, "code": entry.code})
        fresh_problems: list[Problem] = []
        fresh = monitor_project(project, entry, run(), fresh_problems)
        again = monitor_project(project, entry, kept, kept_problems)
        assert [i.colour for i in again.indicators] == [i.colour for i in fresh.indicators]
        assert kept_problems[-len(fresh_problems) :] == fresh_problems
        assert [problem.message for problem in fresh_problems] == [
            "indicator 'b' is ambiguous: 2 indicators match; give its level 2 or its occurrence",
            "unknown indicator 'c'",
            "duplicate progress for 'a'; the first is used",
        ]
    assert [(p.project, p.origin and p.origin.line) for p in kept_problems] == [
        ("项目P1 [P1]", 3),
        ("项目P1 [P1]", 4),
        ("项目P1 [P1]", 5),
        ("项目P2 [P2]", 7),
        ("项目P2 [P2]", 8),
        ("项目P2 [P2]", 9),
    ]


# ---- a refused file: the same diagnostic, found without holding the file ---------------------
@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"  \r\n\t\n",
        b"PK\x03\x04rest",
        b"\xff\xfeU\x00T\x00F\x00",
        "项目名称,三级指标\n甲,乙\n".encode() + b"\xff\xfe bad\n",
        "项目名称,三级指标\n甲,乙\x00\n".encode(),
        "项目名称,三级指标\n".encode() + "甲,乙\n".encode() * 200_000 + "丙\x00,丁\n".encode(),
        "项目名称,三级指标\n".encode() + "甲,乙\n".encode() * 200_000 + b"\xe4\xb8",
        "项目名称,三级指标\n甲,乙\n".encode("gb18030"),
        "\ufeff项目名称,三级指标\n甲,乙\n".encode(),
    ],
)
def test_check_text_refuses_what_read_text_refuses(tmp_path: Path, content: bytes) -> None:
    from perfgoals.tables.text import check_text, read_text

    path = tmp_path / "p.csv"
    path.write_bytes(content)
    expected: tuple[Diagnostic, ...] | None = None
    try:
        read_text(path, "a progress table")
    except SourceError as e:
        expected = e.diagnostics
    found: tuple[Diagnostic, ...] | None = None
    try:
        check_text(path, "a progress table")
    except SourceError as e:
        found = e.diagnostics
    assert found == expected
    assert (expected is None) == (
        content.endswith("乙\n".encode("gb18030")) or b"\xef\xbb\xbf" in content
    )
