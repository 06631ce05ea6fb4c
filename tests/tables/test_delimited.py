"""The one delimiter rule of CSV/TSV input, and rows numbered by the line they start on."""

from __future__ import annotations

from pathlib import Path

import pytest

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
