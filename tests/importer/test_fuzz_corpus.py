"""Corpus tables mutated as real files get mangled: cells dropped, columns swapped, cells merged,
rows cut, other encodings. Whatever comes in, only the project's own errors come out."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from perfgoals.importer import import_file
from perfgoals.importer.audit import audit_import
from perfgoals.importer.build import checked
from perfgoals.language.errors import PerfgoalsError
from perfgoals.reports.audit import render_audit
from perfgoals.scoring.policies import load_policy
from perfgoals.tables.workbook import SheetData, write_workbook

CORPUS = Path(__file__).parent.parent / "data" / "corpus"
TABLES = sorted(CORPUS.glob("*.tsv"))


def _rows(path: Path) -> list[list[str]]:
    text = path.read_text(encoding="utf-8")
    return [row for row in csv.reader(io.StringIO(text), delimiter="\t")]


ROWS = {path.name: _rows(path) for path in TABLES}


@st.composite
def mutated(draw: st.DrawFn) -> tuple[list[list[str]], list[tuple[int, int, int, int]], str]:
    name = draw(st.sampled_from(sorted(ROWS)))
    rows = [list(row) for row in ROWS[name]]
    merges: list[tuple[int, int, int, int]] = []
    for _ in range(draw(st.integers(1, 6))):
        if not rows:
            break
        kind = draw(st.sampled_from(["drop", "swap", "merge", "cut", "blank", "shift", "noise"]))
        r = draw(st.integers(0, len(rows) - 1))
        row = rows[r]
        if kind == "drop" and row:
            del row[draw(st.integers(0, len(row) - 1))]
        elif kind == "swap":
            a, b = draw(st.integers(0, 12)), draw(st.integers(0, 12))
            for each in rows:
                width = max(a, b) + 1
                each.extend([""] * (width - len(each)))
                each[a], each[b] = each[b], each[a]
        elif kind == "merge" and row:
            c = draw(st.integers(0, len(row) - 1))
            down = draw(st.integers(0, min(3, len(rows) - r - 1)))
            for below in rows[r + 1 : r + 1 + down]:
                below.extend([""] * (c + 1 - len(below)))
                below[c] = ""
            merges.append((r + 1, c + 1, r + 1 + down, c + 1))
        elif kind == "cut":
            del rows[r:]
        elif kind == "blank":
            rows[r] = [""] * len(row)
        elif kind == "shift":
            rows[r] = ["", *row]
        elif kind == "noise" and row:
            c = draw(st.integers(0, len(row) - 1))
            row[c] = draw(st.sampled_from(["≥**%", "……", "/ / /", "九点六", "-", "(50分)", "="]))
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "gb18030", "utf-16", "xlsx"]))
    return rows, merges, encoding


def _write(folder: Path, rows: list[list[str]], merges: list, encoding: str) -> Path:  # type: ignore[type-arg]
    if encoding == "xlsx":
        path = folder / "fuzz.xlsx"
        valid = [m for m in merges if m[0] <= len(rows)]
        write_workbook(path, [SheetData("表", rows, valid)])
        return path
    path = folder / "fuzz.tsv"
    buffer = io.StringIO()
    csv.writer(buffer, delimiter="\t").writerows(rows)
    try:
        path.write_bytes(buffer.getvalue().encode(encoding))
    except UnicodeEncodeError:
        path.write_bytes(buffer.getvalue().encode("utf-8"))
    return path


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated())
def test_mutated_corpus_tables_raise_only_our_errors(
    tmp_path_factory,
    case: tuple[list[list[str]], list, str],  # type: ignore[no-untyped-def, type-arg]
) -> None:
    rows, merges, encoding = case
    path = _write(tmp_path_factory.mktemp("fuzz"), rows, merges, encoding)
    try:
        result = import_file(path)
        ruleset = checked(result.ruleset, str(path))
        assert result.report.balanced()
        if result.assessment is not None:
            audit = audit_import(
                ruleset, result.assessment, result.published, result.report, load_policy("central")
            )
            render_audit(audit, "json", color=False)
    except PerfgoalsError:
        pass  # a positioned error of the project's own: unusable input, exit 2
