"""The one delimiter rule of CSV/TSV input, and rows numbered by the line they start on."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from perfgoals.language.errors import SourceError
from perfgoals.tables.delimited import guess_delimiter, iter_rows, read_csv


def test_a_tsv_is_tab_separated_even_under_a_title(tmp_path: Path) -> None:
    path = tmp_path / "t.tsv"
    path.write_text("项目支出绩效目标表（2023年度）\n项目名称\t三级指标\n放映, 补助\t场次\n")
    rows = list(iter_rows(path))
    assert [r.cells for r in rows] == [
        ("项目支出绩效目标表（2023年度）",),
        ("项目名称", "三级指标"),
        ("放映, 补助", "场次"),
    ]


def test_the_first_lines_vote_so_a_title_does_not_decide(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text("绩效目标表, 2023\n项目名称\t三级指标\t指标值\nA\tx\t1\nB\ty\t2\n")
    assert [r.cells for r in iter_rows(path)][1:] == [
        ("项目名称", "三级指标", "指标值"),
        ("A", "x", "1"),
        ("B", "y", "2"),
    ]


@pytest.mark.parametrize(
    ("lines", "delimiter"),
    [
        (["a,b,c", "1,2,3"], ","),
        (["title", "a\tb", "1\t2"], "\t"),
        (["title only"], ","),
        (["a\tb,c", "1,2,3", "4,5,6"], ","),
    ],
)
def test_guess_delimiter(lines: list[str], delimiter: str) -> None:
    assert guess_delimiter("x.csv", lines) == delimiter


def test_rows_are_numbered_by_their_first_line(tmp_path: Path) -> None:
    path = tmp_path / "q.csv"
    path.write_text('a,b\n1,"two\nlines"\n3,4\n')
    assert [(r.number, r.cells) for r in iter_rows(path)] == [
        (1, ("a", "b")),
        (2, ("1", "two\nlines")),
        (4, ("3", "4")),
    ]


def test_the_importer_and_the_actuals_share_the_reader(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes("项目名称,三级指标\n".encode() + b"A,\xff\n")
    with pytest.raises(SourceError) as caught:
        read_csv(path)
    assert str(caught.value).startswith(f"{path}:2:3: byte 0xff: the file is not UTF-8 text")


@example(row=1, column=1)
@given(row=st.integers(1, 5), column=st.integers(1, 3))
def test_a_stray_nul_is_refused_where_it_stands(row: int, column: int) -> None:
    """A NUL in a CSV cell (no store can keep it) is an error at its row and column, not
    'a binary file': the file is text with one bad character."""
    import tempfile

    rows = [["项目名称", "三级指标", "实际完成值"], *(["项目", "场次", "888"] for _ in range(5))]
    rows[row - 1][column - 1] = rows[row - 1][column - 1][:1] + "\x00"
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "t.csv"
        path.write_text("\n".join(",".join(r) for r in rows) + "\n", encoding="utf-8")
        with pytest.raises(SourceError) as caught:
            read_csv(path)
    (d,) = caught.value.diagnostics
    assert (d.line, d.column) == (row, column)
    assert (
        d.message == f"column {column}: character U+0000 cannot be stored: remove it from the text"
    )


def test_a_nul_past_the_sniffed_head_is_refused_too(tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    lines = ["项目名称,实际完成值", *["项目,888"] * 20000, "项目,8\x0088"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(SourceError) as caught:
        read_csv(path)
    assert (caught.value.diagnostics[0].line, caught.value.diagnostics[0].column) == (20002, 2)
