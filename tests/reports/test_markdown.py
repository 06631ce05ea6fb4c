"""The Markdown tables of score, audit and the batch summary: one writer, every cell escaped."""

from __future__ import annotations

from perfgoals.reports.terminal import markdown_table


def test_a_table_keeps_its_columns_whatever_the_cells_hold() -> None:
    lines = markdown_table(("名称", "值"), [["a|b", None], ["`x`", "\n*y*"]])
    assert lines == [
        "| 名称 | 值 |",
        "|---|---|",
        "| a\\|b |  |",
        "| \\`x\\` |  \\*y\\* |",
    ]
    assert all(line.count("|") - line.count("\\|") == 3 for line in lines)
