"""Tables as rows of text cells, read from CSV or text files; the common input of the layouts.

A `Sheet` is what every reader produces (CSV here, .xlsx in `spreadsheet`): numbered rows of
cell texts, and for each row the columns whose text was copied from a merged range above or to
the left, so a layout can tell a merged project cell from a project of its own.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from ..language.errors import Diagnostic, SourceError

# A NUL byte never occurs in text; a file holding one is binary.
_BINARY_SAMPLE = 8192


@dataclass(frozen=True)
class Row:
    """One table row: its 1-based number in the file or sheet, and its cells as text."""

    number: int
    cells: tuple[str, ...]
    merged: frozenset[int] = field(default_factory=frozenset)

    def cell(self, index: int | None) -> str:
        if index is None or index >= len(self.cells):
            return ""
        return self.cells[index]

    def is_merged_copy(self, index: int | None) -> bool:
        return index is not None and index in self.merged

    @property
    def empty(self) -> bool:
        return not any(self.cells)


@dataclass(frozen=True)
class Sheet:
    """The rows of one CSV file or one worksheet."""

    path: str
    name: str | None
    rows: tuple[Row, ...]

    @property
    def where(self) -> str:
        return f"{self.path}[{self.name}]" if self.name else self.path


def read_text(path: str | Path, expected: str) -> str:
    """A file's text (UTF-8, BOM allowed); empty, binary or non-UTF-8 files are positioned errors.

    `expected` says what the file should have been, for the message.
    """
    name = str(path)
    try:
        raw = Path(path).read_bytes()
    except OSError as e:
        raise SourceError([Diagnostic(name, 0, 0, f"cannot read file: {e.strerror}")]) from None
    if not raw.strip():
        raise SourceError([Diagnostic(name, 1, 1, f"empty file: expected {expected}")])
    nul = raw.find(b"\x00", 0, _BINARY_SAMPLE)
    if nul >= 0:
        line, column = _position(raw, nul)
        raise SourceError(
            [Diagnostic(name, line, column, f"binary file, not text: expected {expected}")]
        )
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line, column = _position(raw, e.start)
        raise SourceError(
            [
                Diagnostic(
                    name,
                    line,
                    column,
                    f"not UTF-8 text (byte 0x{raw[e.start]:02x}): save the file as UTF-8",
                )
            ]
        ) from None


def _position(raw: bytes, offset: int) -> tuple[int, int]:
    line = raw[:offset].count(b"\n") + 1
    start = raw.rfind(b"\n", 0, offset) + 1
    column = len(raw[start:offset].decode("utf-8", errors="replace")) + 1
    return line, column


def read_csv(path: str | Path) -> Sheet:
    """A CSV file (comma, or tab when the first line has tabs and no commas) as one sheet."""
    text = read_text(path, "a CSV table with a header row")
    first = text.split("\n", 1)[0]
    delimiter = "\t" if "\t" in first and "," not in first else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[Row] = []
    try:
        for cells in reader:
            rows.append(Row(reader.line_num, tuple(cell.strip() for cell in cells)))
    except csv.Error as e:
        raise SourceError(
            [Diagnostic(str(path), reader.line_num, 1, f"malformed CSV: {e}")]
        ) from None
    return Sheet(str(path), None, tuple(rows))


def write_csv(path: str | Path, rows: list[list[str | None]]) -> None:
    """Rows to a UTF-8 CSV file (empty cells for None)."""
    with Path(path).open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file)
        for row in rows:
            writer.writerow(["" if cell is None else cell for cell in row])
