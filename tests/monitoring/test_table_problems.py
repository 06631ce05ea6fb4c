"""A progress table's bad cells: each reported where it stands, none dropped uncounted."""

from __future__ import annotations

from pathlib import Path

import pytest

from perfgoals.language.errors import SourceError
from perfgoals.monitoring.table import MAX_ERRORS, read_progress_table


def problems_of(tmp_path: Path, text: str) -> list[str]:
    path = tmp_path / "progress.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SourceError) as e:
        read_progress_table(path)
    return [d.render().replace(str(path), "T") for d in e.value.diagnostics]


def test_a_month_outside_the_year_is_refused_at_its_cell(tmp_path: Path) -> None:
    (line,) = problems_of(tmp_path, "项目名称,三级指标,当前完成值,月份\nP,x,5场,13\n")
    assert line.startswith("T:2:4:") and "expected a month 1 to 12, found '13'" in line


def test_a_header_month_outside_the_year_is_refused_at_its_cell(tmp_path: Path) -> None:
    (line,) = problems_of(tmp_path, "项目名称,三级指标,1-13月执行情况\nP,x,5场\n")
    assert line.startswith("T:1:3:") and "expected a month 1 to 12, found '13'" in line


def test_problems_past_the_cap_are_counted(tmp_path: Path) -> None:
    rows = "".join(f"P,x{n},5场,{20 + n}\n" for n in range(MAX_ERRORS + 10))
    lines = problems_of(tmp_path, "项目名称,三级指标,当前完成值,月份\n" + rows)
    assert len(lines) == MAX_ERRORS + 1
    assert lines[-1].endswith("… and 10 more problems not shown")
